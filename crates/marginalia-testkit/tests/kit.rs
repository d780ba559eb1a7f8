//! The test kit's public API: both ways of running a plugin, the host's checks, and the
//! assertions' failure messages.

use std::panic::{UnwindSafe, catch_unwind};

use marginalia_core::{
    Annotation, Attrs, Config, Document, Emitter, Manifest, Plugin, PluginError,
};
use marginalia_host::error::CallError;
use marginalia_testkit::{RunError, Runner, run, run_library};

/// Emits whatever its config says, in the order given: `spans = [[start, end, "label"], ...]`.
/// Labels `word` and `number`; `fail = "message"` makes `annotate` fail after emitting.
struct Scripted {
    spans: Vec<(usize, usize, String)>,
    fail: Option<String>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Script {
    #[serde(default)]
    spans: Vec<(usize, usize, String)>,
    fail: Option<String>,
}

impl Plugin for Scripted {
    fn manifest() -> Manifest {
        Manifest::new("scripted", "0.1.0")
            .emits(["word", "number"])
            .needs(["actor"])
    }

    fn new(config: &Config) -> Result<Self, PluginError> {
        let script: Script = config.deserialize()?;
        Ok(Scripted {
            spans: script.spans,
            fail: script.fail,
        })
    }

    fn annotate(&self, doc: &Document<'_>, out: &mut Emitter<'_>) -> Result<(), PluginError> {
        for (start, end, label) in &self.spans {
            let attrs = Attrs::new()
                .with("len", (end - start) as i64)
                .with("actors_seen", doc.annotations().len() as i64);
            out.emit(label, *start..*end, &attrs)?;
        }
        match &self.fail {
            Some(message) => Err(PluginError::msg(message)),
            None => Ok(()),
        }
    }
}

/// Tags every ASCII digit run as a `number` with its value, and every capitalised word as a
/// `word`.
struct Tokens;

impl Plugin for Tokens {
    fn manifest() -> Manifest {
        Manifest::new("tokens", "0.1.0").emits(["word", "number"])
    }

    fn new(_config: &Config) -> Result<Self, PluginError> {
        Ok(Tokens)
    }

    fn annotate(&self, doc: &Document<'_>, out: &mut Emitter<'_>) -> Result<(), PluginError> {
        let text = doc.text();
        let mut start = None;
        for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
            match (start, c.is_alphanumeric()) {
                (None, true) => start = Some(i),
                (Some(s), false) => {
                    let token = &text[s..i];
                    if let Ok(n) = token.parse::<i64>() {
                        out.emit("number", s..i, &Attrs::new().with("value", n))?;
                    } else if token.starts_with(char::is_uppercase) {
                        out.emit("word", s..i, &Attrs::new().with("len", token.len() as i64))?;
                    }
                    start = None;
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// The message of the panic `f` raises.
fn panic_message(f: impl FnOnce() + UnwindSafe) -> String {
    let payload = catch_unwind(f).expect_err("expected a panic");
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_default()
}

fn scripted(config: &str, text: &str) -> Result<marginalia_testkit::Annotated, RunError> {
    Runner::in_process::<Scripted>()
        .config(config)
        .try_run(text)
}

fn actor(text: &str, covered: &str) -> Annotation {
    let start = text.find(covered).unwrap();
    Annotation {
        label: "actor".into(),
        start,
        end: start + covered.len(),
        text: covered.into(),
        plugin: "actors".into(),
        attrs: Attrs::new().with("id", "RUS"),
    }
}

#[test]
fn in_process_results_are_sorted_and_carry_text_and_plugin() {
    let out = scripted(
        r#"spans = [[4, 9, "word"], [0, 3, "number"], [0, 3, "word"]]"#,
        "123 Hanoi",
    )
    .unwrap();
    let got: Vec<_> = out
        .annotations()
        .iter()
        .map(|a| {
            (
                a.start,
                a.label.as_str(),
                a.text.as_str(),
                a.plugin.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (0, "number", "123", "scripted"),
            (0, "word", "123", "scripted"),
            (4, "word", "Hanoi", "scripted"),
        ]
    );
    assert_eq!(out.texts(), ["123", "123", "Hanoi"]);
}

#[test]
fn in_process_invalid_spans_fail_with_the_hosts_messages() {
    let cases = [
        (
            r#"spans = [[0, 3, "word"], [6, 12, "word"]]"#,
            "TRIGGER",
            "plugin `scripted` emitted an invalid span 6..12 (word) in document `test.txt`: \
             it ends past the end of the text (7 bytes)",
        ),
        (
            r#"spans = [[12, 13, "word"]]"#,
            "TRIGGER café",
            "plugin `scripted` emitted an invalid span 12..13 (word) in document `test.txt`: \
             offset 12 is inside the character 'é' at bytes 11..13",
        ),
        (
            r#"spans = [[2, 2, "word"]]"#,
            "abc",
            "plugin `scripted` emitted an invalid span 2..2 (word) in document `test.txt`: \
             it is empty or reversed (start must be less than end)",
        ),
        (
            r#"spans = [[0, 1, "sanction"]]"#,
            "abc",
            "plugin `scripted` emitted an invalid span 0..1 (sanction) in document `test.txt`: \
             label `sanction` is not declared in the plugin's manifest (it emits: word, number)",
        ),
        (
            // The first invalid span wins over the plugin's own error, as in the host.
            r#"spans = [[0, 9, "word"]]
               fail = "gave up""#,
            "abc",
            "plugin `scripted` emitted an invalid span 0..9 (word) in document `test.txt`: \
             it ends past the end of the text (3 bytes)",
        ),
    ];
    for (config, text, expected) in cases {
        let err = scripted(config, text).unwrap_err();
        assert!(
            matches!(
                err,
                RunError::Document(ref e) if matches!(e.error, CallError::InvalidSpan { .. })
            ),
            "{err:?}"
        );
        assert_eq!(err.to_string(), expected);
    }
}

#[test]
fn in_process_errors_and_config_errors_read_as_the_hosts() {
    let err = scripted(r#"fail = "no lexicon""#, "abc").unwrap_err();
    assert_eq!(
        err.to_string(),
        "plugin `scripted` failed on document `test.txt`: no lexicon"
    );
    let err = scripted("spanz = []", "abc").unwrap_err();
    assert!(matches!(err, RunError::Start(_)), "{err:?}");
    let message = err.to_string();
    assert!(
        message.starts_with("plugin `scripted` could not start with its config: "),
        "{message}"
    );
    assert!(message.contains("unknown field `spanz`"), "{message}");
    let err = scripted("spans = [", "abc").unwrap_err();
    assert!(matches!(err, RunError::Start(_)), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("plugin `scripted` could not start with its config: "),
        "{err}"
    );
}

#[test]
fn run_panics_with_the_hosts_message() {
    let message = panic_message(|| {
        run::<Scripted>(r#"spans = [[0, 9, "word"]]"#, "abc");
    });
    assert!(
        message.starts_with(
            "marginalia-testkit: running the in-process plugin kit::Scripted failed:\n"
        ),
        "{message}"
    );
    assert!(
        message.ends_with(
            "plugin `scripted` emitted an invalid span 0..9 (word) in document `test.txt`: \
             it ends past the end of the text (3 bytes)"
        ),
        "{message}"
    );
}

#[test]
fn a_manifest_the_host_would_refuse_is_refused() {
    struct BadName;
    impl Plugin for BadName {
        fn manifest() -> Manifest {
            Manifest::new("Bad_Name", "0.1.0").emits(["x"])
        }
        fn new(_config: &Config) -> Result<Self, PluginError> {
            Ok(BadName)
        }
        fn annotate(&self, _doc: &Document<'_>, _out: &mut Emitter<'_>) -> Result<(), PluginError> {
            Ok(())
        }
    }
    let err = Runner::in_process::<BadName>().try_run("x").unwrap_err();
    assert_eq!(
        err.to_string(),
        "in-process plugin kit::a_manifest_the_host_would_refuse_is_refused::BadName: \
         invalid plugin manifest: `Bad_Name` is not a valid plugin name"
    );
}

#[test]
fn attributes_make_the_json_round_trip() {
    let out = run::<Tokens>("", "Paid 80 of 3600000000");
    out.span("80")
        .is("number")
        .attr("value", 80)
        .attr("value", 80.0);
    out.span("3600000000").attr("value", 3.6e9);
    out.span("Paid").is("word").attr("len", 4);
}

#[test]
fn earlier_annotations_are_lent_only_when_needed_and_sorted() {
    let text = "Russia and Moscow";
    let prior = [actor(text, "Moscow"), actor(text, "Russia")];
    let out = Runner::in_process::<Scripted>()
        .config(r#"spans = [[0, 6, "word"]]"#)
        .after(&prior)
        .run(text);
    out.span("Russia").attr("actors_seen", 2);
    // Only the plugin's own annotations are in the result.
    assert_eq!(out.texts(), ["Russia"]);

    // A plugin that does not need `actor` is lent nothing, and failures say why.
    let out = Runner::in_process::<Tokens>().after(&prior).run(text);
    let message = panic_message(|| {
        out.span("Russia").is("actor");
    });
    assert!(
        message.ends_with(
            "note: 2 earlier annotation(s) labelled `actor` were not lent to the plugin: \
             its manifest does not need `actor` (needs: [])"
        ),
        "{message}"
    );
}

#[test]
fn earlier_annotations_must_fit_the_text() {
    let prior = [actor("Hello Russia", "Russia")];
    let message = panic_message(|| {
        Runner::in_process::<Scripted>().after(&prior).run("Russia");
    });
    assert_eq!(
        message,
        "marginalia-testkit: the earlier annotation 6..12 (actor) \"Russia\" given to `after` does \
         not fit the text: it ends past the end of the text (6 bytes); was it made on another text?"
    );
}

#[test]
fn assertions_narrow_and_pick_occurrences() {
    let out = run::<Tokens>("", "Hanoi 1, Hanoi 22 and Hanoi");
    out.span("Hanoi").is("word").occurrence(2).attr("len", 5);
    assert_eq!(out.span("Hanoi").occurrence(3).annotation().start, 22);
    out.no_span("and").no_span("1,");
}

#[test]
fn failed_assertions_say_what_was_expected_and_what_was_found() {
    let out = run::<Tokens>("", "Trade with Vietnam reached 36 billion");
    let messages = [
        panic_message(|| {
            out.span("Vietnam").is("number");
        }),
        panic_message(|| {
            out.span("36").is("number").attr("value", 37);
        }),
        panic_message(|| {
            out.span("36 billion");
        }),
        panic_message(|| {
            out.span("Viet Nam");
        }),
        panic_message(|| {
            out.span("Vietnam").occurrence(2);
        }),
        panic_message(|| {
            out.no_span("Trade");
        }),
        panic_message(|| {
            out.no_span("Trde");
        }),
    ];
    insta::assert_snapshot!(messages.join("\n\n"));
}

#[test]
fn library_runs_like_the_host() {
    let out = run_library("test-mid-char", "", "Crème brûlée");
    out.span("Crème").is("word");
    assert_eq!(out.annotations()[0].plugin, "test-mid-char");

    let err = Runner::library("test-out-of-bounds")
        .id("oob.txt")
        .try_run("TRIGGER")
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "plugin `test-out-of-bounds` emitted an invalid span 6..12 (word) in document `oob.txt`: \
         it ends past the end of the text (7 bytes)"
    );

    let err = Runner::library("test-panics")
        .try_run("TRIGGER")
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("plugin `test-panics` panicked: deliberate panic on test.txt (at "),
        "{err}"
    );
}

#[test]
fn a_missing_library_is_reported_as_the_host_reports_it() {
    let err = Runner::library("no-such-plugin").try_run("x").unwrap_err();
    let message = err.to_string();
    assert!(
        message.starts_with("plugin `no-such-plugin` not found: no file "),
        "{message}"
    );
    assert!(
        message.contains("test-mid-char"),
        "lists what is there: {message}"
    );
}

/// Tags `word` (from its config) under the label `label` (from its config too).
struct Configured {
    label: String,
    word: String,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfiguredSettings {
    label: String,
    word: String,
}

impl Plugin for Configured {
    fn manifest() -> Manifest {
        Manifest::new("configured", "0.1.0").emits_configured()
    }

    fn new(config: &Config) -> Result<Self, PluginError> {
        let ConfiguredSettings { label, word } = config.deserialize()?;
        Ok(Configured { label, word })
    }

    fn annotate(&self, doc: &Document<'_>, out: &mut Emitter<'_>) -> Result<(), PluginError> {
        for (start, w) in doc.text().match_indices(self.word.as_str()) {
            out.emit(&self.label, start..start + w.len(), &Attrs::new())?;
            out.emit("other", start..start + w.len(), &Attrs::new())?;
        }
        Ok(())
    }

    fn emits(&self) -> Vec<String> {
        if self.label == "other" {
            return vec![self.label.clone(), "other".into()];
        }
        vec![self.label.clone()]
    }
}

#[test]
fn labels_from_config_are_checked_as_the_host_checks_them() {
    let runner = |config: &str| Runner::in_process::<Configured>().config(config);
    let err = runner("label = 'greeting'\nword = 'hello'")
        .try_run("hello")
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "plugin `configured` emitted an invalid span 0..5 (other) in document `test.txt`: \
         label `other` is not declared in the plugin's manifest (it emits: greeting)"
    );
    let out = runner("label = 'other'\nword = 'hello'").run("hello");
    assert_eq!(out.texts(), ["hello", "hello"]);
    let err = runner("label = '*'\nword = 'hello'")
        .try_run("hello")
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "plugin `configured` could not start with its config: \
         declared \"*\" as a label it emits; a label is a name, not empty or `*`"
    );
}
