//! The `Plugin` trait and the `Emitter` a plugin writes its spans to.

use std::ops::Range;

use crate::{Attrs, Config, Document, Manifest, PluginError};

/// A tagger. Implement it, then export it with [`export_plugin!`](crate::export_plugin).
///
/// The host builds one instance per configured plugin from its config table, then calls
/// [`annotate`](Plugin::annotate) once per document. An instance that is `Sync` (the default
/// export) may be called from several threads at once.
///
/// ```
/// use marginalia_core::{Attrs, Config, Document, Emitter, Manifest, Plugin, PluginError};
///
/// /// Tags every "UN" as the United Nations.
/// struct UnTagger;
///
/// impl Plugin for UnTagger {
///     fn manifest() -> Manifest {
///         Manifest::new("un-tagger", "0.1.0").emits(["actor"])
///     }
///     fn new(_config: &Config) -> Result<Self, PluginError> {
///         Ok(UnTagger)
///     }
///     fn annotate(&self, doc: &Document<'_>, out: &mut Emitter<'_>) -> Result<(), PluginError> {
///         for (start, _) in doc.text().match_indices("UN") {
///             out.emit("actor", start..start + 2, &Attrs::new().with("id", "UN"))?;
///         }
///         Ok(())
///     }
/// }
///
/// let plugin = UnTagger::new(&Config::default()).unwrap();
/// let mut spans = Vec::new();
/// plugin.annotate(&Document::new("d", "The UN met.", &[]), &mut Emitter::collect_into(&mut spans)).unwrap();
/// assert_eq!(spans[0].start..spans[0].end, 4..6);
/// ```
pub trait Plugin: Send + Sized + 'static {
    /// Describes the plugin. Called once per library load; must not depend on config.
    fn manifest() -> Manifest;

    /// Builds an instance from the plugin's config table. Reject unknown keys.
    fn new(config: &Config) -> Result<Self, PluginError>;

    /// Annotates one document, emitting spans into `out`. An error fails this document only.
    fn annotate(&self, doc: &Document<'_>, out: &mut Emitter<'_>) -> Result<(), PluginError>;

    /// The labels this instance emits. The host asks only when the manifest declares
    /// `emits = ["*"]` ([`Manifest::emits_configured`]): a plugin whose labels come from its
    /// config (like `rules`) returns them here, and the host orders the pipeline and validates
    /// every span with them. The default is the manifest's `emits`.
    ///
    /// ```
    /// use marginalia_core::{Config, Document, Emitter, Manifest, Plugin, PluginError};
    ///
    /// /// Tags one configured word under one configured label.
    /// struct Word { label: String, word: String }
    ///
    /// #[derive(serde::Deserialize)]
    /// struct Settings { label: String, word: String }
    ///
    /// impl Plugin for Word {
    ///     fn manifest() -> Manifest {
    ///         Manifest::new("word", "0.1.0").emits_configured()
    ///     }
    ///     fn new(config: &Config) -> Result<Self, PluginError> {
    ///         let Settings { label, word } = config.deserialize()?;
    ///         Ok(Word { label, word })
    ///     }
    ///     fn annotate(&self, doc: &Document<'_>, out: &mut Emitter<'_>) -> Result<(), PluginError> {
    ///         for (start, w) in doc.text().match_indices(self.word.as_str()) {
    ///             out.emit(&self.label, start..start + w.len(), &Default::default())?;
    ///         }
    ///         Ok(())
    ///     }
    ///     fn emits(&self) -> Vec<String> {
    ///         vec![self.label.clone()]
    ///     }
    /// }
    ///
    /// let word = Word::new(&Config::from_toml_str("label = 'greeting'\nword = 'hello'").unwrap()).unwrap();
    /// assert_eq!(word.emits(), ["greeting"]);
    /// ```
    fn emits(&self) -> Vec<String> {
        Self::manifest().emits
    }
}

/// A span as a plugin emits it, before the host adds its text and plugin name.
#[derive(Clone, Debug, PartialEq)]
pub struct Span {
    /// The label, one of the manifest's `emits`.
    pub label: String,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// Attributes.
    pub attrs: Attrs,
}

/// Where [`Plugin::annotate`] writes its spans.
///
/// Through the ABI, each span goes straight to the host, which validates it (bounds, character
/// boundaries, declared label) and fails the document on the first invalid one; `emit` then
/// returns an error that the plugin should propagate with `?`.
#[derive(Debug)]
pub struct Emitter<'a> {
    target: Target<'a>,
}

#[derive(Debug)]
pub(crate) enum Target<'a> {
    /// In-process: spans are collected as they are, unvalidated.
    Collect(&'a mut Vec<Span>),
    /// Through the ABI: spans are sent to the host's sink.
    #[allow(dead_code)] // constructed only by the export glue
    Host(crate::export::HostSink<'a>),
}

impl<'a> Emitter<'a> {
    /// An emitter that appends spans to `spans` as they are, without validation: for running
    /// a plugin in-process, e.g. in its unit tests.
    pub fn collect_into(spans: &'a mut Vec<Span>) -> Self {
        Emitter {
            target: Target::Collect(spans),
        }
    }

    pub(crate) fn to_host(sink: crate::export::HostSink<'a>) -> Self {
        Emitter {
            target: Target::Host(sink),
        }
    }

    /// Emits one span with label `label` over the byte range `range`.
    pub fn emit(
        &mut self,
        label: &str,
        range: Range<usize>,
        attrs: &Attrs,
    ) -> Result<(), PluginError> {
        if !attrs.is_finite() {
            return Err(PluginError::msg(format!(
                "span {}..{} ({label}) has a non-finite number in its attributes {attrs:?}",
                range.start, range.end
            )));
        }
        match &mut self.target {
            Target::Collect(spans) => {
                spans.push(Span {
                    label: label.to_owned(),
                    start: range.start,
                    end: range.end,
                    attrs: attrs.clone(),
                });
                Ok(())
            }
            Target::Host(sink) => sink.emit(label, range, attrs),
        }
    }
}
