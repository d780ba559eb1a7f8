//! The `Plugin` trait and the `Emitter` a plugin writes its spans to.

use std::ops::Range;

use crate::{Attrs, Config, Document, Manifest, PluginError};

/// A tagger. Implement it, then export it with [`export_plugin!`](crate::export_plugin).
///
/// # Life cycle
///
/// The host reads [`manifest`](Plugin::manifest) when it loads the library, builds one
/// instance per run with [`new`](Plugin::new) from the plugin's config table, and calls
/// [`annotate`](Plugin::annotate) on it once per document, possibly from several threads at
/// once (see [`export_plugin!`](crate::export_plugin)). It drops the instance at the end of
/// the run.
///
/// # Contract
///
/// - Every span emitted has UTF-8 **byte** offsets into [`Document::text`], `start < end <=
///   len`, both on character boundaries, and a label the manifest `emits`; its attributes are
///   finite. The host checks each one ([`validate`](crate::validate)); the first invalid span
///   fails the document with an error naming the plugin, the document and the span. Nothing
///   is clamped or dropped. The order of emission does not matter: the host sorts.
/// - An `Err` from `annotate` fails that document only; the next one is annotated as usual.
///   An `Err` from `new` stops the run before any document is read.
/// - A panic is caught at the library boundary and reported, with its message and location,
///   as the document's error. The instance that panicked is never called again (not even
///   dropped: it is leaked); the host builds a fresh one from the same config for the next
///   document.
/// - A plugin sees only the earlier annotations whose labels its manifest `needs`.
/// - `Send` because the host may create an instance on one thread and use it on others;
///   `'static` because it lives as long as the host wants it to.
///
/// To test a plugin as the host runs it, use `marginalia-testkit` (`run::<P>(config, text)`
/// in-process, `run_library(name, config, text)` through the built library): it applies the
/// same checks and gives assertions by covered text. [`Emitter::collect_into`] is the
/// unchecked building block underneath.
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
    /// Describes the plugin: its name, version and the labels it emits and needs.
    ///
    /// Called when the library is loaded, before any instance exists, and possibly more than
    /// once: it must return the same manifest every time and must not depend on config or
    /// environment. Its name must be the plugin's name as written in `marginalia.toml` (the
    /// host refuses a library whose file name and manifest disagree).
    fn manifest() -> Manifest;

    /// Builds an instance from the plugin's `[plugins.NAME]` table (empty when there is none).
    ///
    /// Deserialize the table into a settings type with `#[serde(deny_unknown_fields)]`
    /// ([`Config::deserialize`]) so that a misspelt key is an error, and do everything that
    /// can fail here (build lexicons, compile patterns, read files): an error stops the run
    /// at start-up, reported with the file, line and column of the config, instead of failing
    /// documents one by one later.
    fn new(config: &Config) -> Result<Self, PluginError>;

    /// Annotates one document, emitting its spans into `out` (see the contract above).
    ///
    /// Propagate the errors of [`Emitter::emit`] with `?`: once the host has refused a span,
    /// the document has failed whatever `annotate` does next. Must not keep anything from
    /// `doc` after it returns: the text and annotations are only lent for the call.
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

/// A span as a plugin emitted it, collected by [`Emitter::collect_into`]: not checked yet,
/// and without the covered text and plugin name that the host adds to make an
/// [`Annotation`](crate::Annotation).
#[derive(Clone, Debug, PartialEq)]
pub struct Span {
    /// The label, as emitted (the host requires one of the instance's labels).
    pub label: String,
    /// Byte offset of the first byte, as emitted.
    pub start: usize,
    /// Byte offset one past the last byte, as emitted.
    pub end: usize,
    /// Attributes.
    pub attrs: Attrs,
}

/// Where [`Plugin::annotate`] writes its spans.
///
/// Through the ABI (a plugin run by the host), each span goes straight to the host, which
/// checks it ([`validate`](crate::validate)) and copies it. On the first invalid span the
/// host fails the document and [`emit`](Emitter::emit) returns an error, which the plugin
/// propagates with `?`. Made by the export glue; in tests, by [`Emitter::collect_into`].
///
/// ```
/// use marginalia_core::{Attrs, Emitter, Span};
///
/// let mut spans = Vec::new();
/// let mut out = Emitter::collect_into(&mut spans);
/// out.emit("actor", 4..6, &Attrs::new().with("id", "UN")).unwrap();
/// // A NaN or an infinity is refused whatever the target: JSON cannot carry it.
/// assert!(out.emit("figure", 0..3, &Attrs::new().with("value", f64::NAN)).is_err());
/// assert_eq!(
///     spans,
///     [Span { label: "actor".into(), start: 4, end: 6, attrs: Attrs::new().with("id", "UN") }]
/// );
/// ```
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
    /// An emitter that appends spans to `spans` as they are, **without** the host's checks:
    /// for running a plugin in-process. `marginalia-testkit` builds on it and adds the
    /// checks; prefer it in tests.
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

    /// Emits one span with label `label` over the byte range `range` of the document's text.
    ///
    /// # Errors
    ///
    /// When an attribute holds a non-finite number (checked here, before anything is sent),
    /// and, through the ABI, when the host refused the span: the document has then failed,
    /// and the error says to look at the host's message for why.
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
