//! What the misbehaving test plugins share (see `../README.md`): each tags the first word of
//! an ordinary document as `word`, and misbehaves in its own way only on a document that
//! contains `TRIGGER`.

use marginalia_core::{Attrs, Document, Emitter, PluginError};

/// Emits the first word of the document, if any, as a `word` span.
pub fn first_word(doc: &Document<'_>, out: &mut Emitter<'_>) -> Result<(), PluginError> {
    let text = doc.text();
    let start = text
        .find(|c: char| !c.is_whitespace())
        .unwrap_or(text.len());
    let end = text[start..]
        .find(char::is_whitespace)
        .map_or(text.len(), |n| start + n);
    if start < end {
        out.emit("word", start..end, &Attrs::new())?;
    }
    Ok(())
}

/// Defines and exports the test plugin `$ty`, named `$name`, emitting `word`: on a document
/// containing `TRIGGER` it runs `$misbehave` (which may return early), then tags the first
/// word.
#[macro_export]
macro_rules! misbehaving_plugin {
    ($ty:ident, $name:literal, |$doc:ident, $out:ident| $misbehave:block) => {
        /// The plugin.
        #[derive(Debug)]
        pub struct $ty;

        impl marginalia_core::Plugin for $ty {
            fn manifest() -> marginalia_core::Manifest {
                marginalia_core::Manifest::new($name, "0.0.1").emits(["word"])
            }

            fn new(_config: &marginalia_core::Config) -> Result<Self, marginalia_core::PluginError> {
                Ok($ty)
            }

            fn annotate(
                &self,
                $doc: &marginalia_core::Document<'_>,
                $out: &mut marginalia_core::Emitter<'_>,
            ) -> Result<(), marginalia_core::PluginError> {
                if $doc.text().contains("TRIGGER") $misbehave
                $crate::first_word($doc, $out)
            }
        }

        marginalia_core::export_plugin!($ty);
    };
}
