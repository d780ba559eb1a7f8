//! What the fuzz targets share: plugins built once per fuzzing process and run in-process on
//! each input, with the host's span checks.
//!
//! A plugin target runs the plugin's own code, compiled into the fuzzer with coverage
//! instrumentation, not its `cdylib`: libFuzzer sees every branch it takes. Each span it
//! emits goes through [`marginalia_core::validate`] (the checks the host applies: bounds,
//! character boundaries, a declared label, attributes that survive the JSON trip), and the
//! target panics, which libFuzzer reports as a crash, when:
//!
//! - the plugin panics or returns an error on a document;
//! - a span fails the host's checks;
//! - annotating the same text twice gives different annotations.

use marginalia_core::validate::{check_span, parse_attrs};
use marginalia_core::{Annotation, Config, Document, Emitter, Manifest, Plugin};

/// One plugin instance, built once from its config, with the labels it may emit.
#[derive(Debug)]
pub struct Loaded<P> {
    plugin: P,
    manifest: Manifest,
    /// The manifest's `emits`, or the instance's configured labels for `emits = ["*"]`.
    labels: Vec<String>,
}

impl<P: Plugin> Loaded<P> {
    /// Builds the plugin from `config` (TOML, the body of its `[plugins.NAME]` table).
    ///
    /// # Panics
    ///
    /// When the plugin refuses the config: the fuzz target itself is wrong then.
    pub fn new(config: &str) -> Self {
        let manifest = P::manifest();
        let built = Config::from_toml_str(config).and_then(|c| P::new(&c));
        let plugin = built.unwrap_or_else(|e| {
            panic!(
                "marginalia-fuzz: plugin `{}` refused the target's config: {e}",
                manifest.name
            )
        });
        let labels = if manifest.emits_are_configured() {
            plugin.emits()
        } else {
            manifest.emits.clone()
        };
        Loaded {
            plugin,
            manifest,
            labels,
        }
    }

    /// Annotates `text`, lending the plugin those of `earlier` whose label it needs, checks
    /// every span as the host does, and returns the annotations sorted by
    /// [`Annotation::sort_key`]. Annotates a second time and requires the same result.
    ///
    /// # Panics
    ///
    /// On any of the failures listed in the crate doc, with a message naming the plugin, the
    /// span and the text.
    pub fn annotate(&self, text: &str, earlier: &[Annotation]) -> Vec<Annotation> {
        let mut lent: Vec<Annotation> = earlier
            .iter()
            .filter(|a| self.manifest.needs.contains(&a.label))
            .cloned()
            .collect();
        lent.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        let first = self.annotate_once(text, &lent);
        let second = self.annotate_once(text, &lent);
        assert!(
            first == second,
            "plugin `{}` annotated the same text differently twice:\n{first:?}\n{second:?}\ntext: {text:?}",
            self.manifest.name
        );
        first
    }

    fn annotate_once(&self, text: &str, lent: &[Annotation]) -> Vec<Annotation> {
        let name = &self.manifest.name;
        let mut spans = Vec::new();
        let doc = Document::new("fuzz.txt", text, lent);
        if let Err(e) = self
            .plugin
            .annotate(&doc, &mut Emitter::collect_into(&mut spans))
        {
            panic!("plugin `{name}` failed: {e}\ntext: {text:?}");
        }
        let mut annotations: Vec<Annotation> = spans
            .into_iter()
            .map(|span| {
                let emitted = format!("{}..{} ({})", span.start, span.end, span.label);
                let (start, end) = check_span(
                    text,
                    span.start as u64,
                    span.end as u64,
                    &span.label,
                    &self.labels,
                )
                .unwrap_or_else(|violation| {
                    panic!("plugin `{name}` emitted an invalid span {emitted}: {violation}\ntext: {text:?}")
                });
                let json = serde_json::to_string(&span.attrs).unwrap_or_else(|e| {
                    panic!("plugin `{name}`: the attributes of span {emitted} do not serialize: {e}")
                });
                let attrs = parse_attrs(&json).unwrap_or_else(|violation| {
                    panic!("plugin `{name}`: span {emitted}: {violation}\ntext: {text:?}")
                });
                Annotation {
                    label: span.label,
                    start,
                    end,
                    text: text[start..end].to_owned(),
                    plugin: name.clone(),
                    attrs,
                }
            })
            .collect();
        annotations.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        annotations
    }
}

/// The fuzz input as text, or `None` when it is not UTF-8 (documents are UTF-8: the host
/// refuses other files before any plugin sees them).
pub fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// Defines the fuzz target of one plugin: `fuzz_plugin!(Type, "config")` for a plugin that
/// needs nothing, `fuzz_plugin!(Type, "config", after actors)` for one that needs the
/// `actors` plugin's annotations (run in-process before it).
#[macro_export]
macro_rules! fuzz_plugin {
    ($plugin:ty, $config:expr) => {
        static PLUGIN: ::std::sync::LazyLock<$crate::Loaded<$plugin>> =
            ::std::sync::LazyLock::new(|| $crate::Loaded::new($config));

        ::libfuzzer_sys::fuzz_target!(|data: &[u8]| -> ::libfuzzer_sys::Corpus {
            let Some(text) = $crate::text(data) else {
                return ::libfuzzer_sys::Corpus::Reject;
            };
            PLUGIN.annotate(text, &[]);
            ::libfuzzer_sys::Corpus::Keep
        });
    };
    ($plugin:ty, $config:expr, after actors) => {
        static ACTORS: ::std::sync::LazyLock<$crate::Loaded<::marginalia_plugin_actors::Actors>> =
            ::std::sync::LazyLock::new(|| $crate::Loaded::new(""));
        static PLUGIN: ::std::sync::LazyLock<$crate::Loaded<$plugin>> =
            ::std::sync::LazyLock::new(|| $crate::Loaded::new($config));

        ::libfuzzer_sys::fuzz_target!(|data: &[u8]| -> ::libfuzzer_sys::Corpus {
            let Some(text) = $crate::text(data) else {
                return ::libfuzzer_sys::Corpus::Reject;
            };
            let actors = ACTORS.annotate(text, &[]);
            PLUGIN.annotate(text, &actors);
            ::libfuzzer_sys::Corpus::Keep
        });
    };
}

/// The `rules` target's config: term lists (one with characters whose case folding changes
/// their byte length) and regular expressions, so that both matchers run.
pub const RULES_CONFIG: &str = r#"
[[terms]]
label = "organization"
terms = ["Security Council", "World Bank", "IMF", "İstanbul Bourse", "Straße", "北京 Office"]
attrs = { kind = "international" }

[[terms]]
label = "place"
terms = ["Kelvin", "ǅakovica", "Gulf"]

[[patterns]]
label = "year"
pattern = '\b(?:19|20)\d\d\b'

[[patterns]]
label = "money"
pattern = '(?i)[$€£]\s?\d+(?:[.,]\d+)*(?:\s?(?:billion|million|bn|m))?'
attrs = { kind = "amount", exact = false }
"#;
