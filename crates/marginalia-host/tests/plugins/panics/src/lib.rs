//! Test plugin `test-panics`: see `../README.md`.

use marginalia_core::{Attrs, Config, Document, Emitter, Manifest, Plugin, PluginError};

/// Emits the first word of an ordinary document as a `word` span.
fn first_word(doc: &Document<'_>, out: &mut Emitter<'_>) -> Result<(), PluginError> {
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

/// The plugin.
#[derive(Debug)]
pub struct Panics;

impl Plugin for Panics {
    fn manifest() -> Manifest {
        Manifest::new("test-panics", "0.0.1").emits(["word"])
    }

    fn new(_config: &Config) -> Result<Self, PluginError> {
        Ok(Panics)
    }

    fn annotate(&self, doc: &Document<'_>, out: &mut Emitter<'_>) -> Result<(), PluginError> {
        if doc.text().contains("TRIGGER") {
            panic!("deliberate panic on {}", doc.id())
        }
        first_word(doc, out)
    }
}

marginalia_core::export_plugin!(Panics);
