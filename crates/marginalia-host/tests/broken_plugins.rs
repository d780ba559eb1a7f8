//! The host against deliberately broken plugins (see `tests/plugins/README.md`), loaded
//! through the real ABI: each failure is reported with the exact message a user sees, and
//! the other documents are still annotated.

use std::path::{Path, PathBuf};

use marginalia_host::config::Config;
use marginalia_host::pipeline::{Pipeline, PipelineError};

fn dirs() -> Vec<PathBuf> {
    marginalia_testkit::plugin_dirs()
}

fn pipeline(plugins: &[&str]) -> Result<Pipeline, PipelineError> {
    let list: Vec<String> = plugins.iter().map(|p| format!("{p:?}")).collect();
    let text = format!("pipeline = [{}]\n", list.join(", "));
    let config = Config::parse(&text, Path::new("test.toml")).expect("valid config");
    Pipeline::load(&config, &dirs())
}

/// The first-word span each test plugin emits on an ordinary document.
fn first_word(pipeline: &Pipeline, id: &str, text: &str) -> String {
    let annotations = pipeline
        .annotate(id, text)
        .expect("ordinary document is annotated");
    assert_eq!(annotations.len(), 1, "{annotations:?}");
    annotations[0].text.clone()
}

#[test]
fn panic_is_reported_and_later_documents_are_annotated() {
    let p = pipeline(&["test-panics"]).unwrap();
    assert_eq!(first_word(&p, "a.txt", "Before the panic."), "Before");
    let err = p
        .annotate("b.txt", "A TRIGGER here.")
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("plugin `test-panics` panicked: deliberate panic on b.txt (at "),
        "{err}"
    );
    assert!(err.ends_with(" on document `b.txt`"), "{err}");
    // The panicked instance is never called again; a fresh one takes over.
    assert_eq!(first_word(&p, "c.txt", "After the panic."), "After");
    assert!(p.annotate("d.txt", "TRIGGER again").is_err());
    assert_eq!(first_word(&p, "e.txt", "Still going."), "Still");
}

#[test]
fn out_of_bounds_span_is_an_error_naming_plugin_document_and_span() {
    let p = pipeline(&["test-out-of-bounds"]).unwrap();
    let err = p.annotate("oob.txt", "TRIGGER").unwrap_err().to_string();
    assert_eq!(
        err,
        "plugin `test-out-of-bounds` emitted an invalid span 6..12 (word) in document `oob.txt`: \
         it ends past the end of the text (7 bytes)"
    );
    assert_eq!(first_word(&p, "fine.txt", "Fine text"), "Fine");
}

#[test]
fn span_inside_a_character_is_an_error() {
    let p = pipeline(&["test-mid-char"]).unwrap();
    let err = p
        .annotate("mid.txt", "TRIGGER café")
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "plugin `test-mid-char` emitted an invalid span 12..13 (word) in document `mid.txt`: \
         offset 12 is inside the character 'é' at bytes 11..13"
    );
    assert_eq!(first_word(&p, "ok.txt", "Crème brûlée"), "Crème");
}

#[test]
fn plugin_of_another_abi_version_is_refused_naming_both_versions() {
    let err = pipeline(&["test-abi-v2"]).unwrap_err().to_string();
    assert!(err.contains("libmarginalia_plugin_test_abi_v2"), "{err}");
    assert!(
        err.ends_with(
            "is not a marginalia plugin for ABI version 1: it was built for plugin ABI version 2; \
             rebuild it against the marginalia-core of this marginalia"
        ),
        "{err}"
    );
}

#[test]
fn vtable_header_of_another_version_is_refused() {
    let err = pipeline(&["test-bad-header"]).unwrap_err().to_string();
    assert!(
        err.contains("libmarginalia_plugin_test_bad_header"),
        "{err}"
    );
    assert!(
        err.ends_with(
            "was built for marginalia plugin ABI version 7, but this marginalia speaks version 1: \
             rebuild the plugin against this marginalia-core"
        ),
        "{err}"
    );
}

#[test]
fn a_failing_plugin_fails_only_its_document() {
    let p = pipeline(&["test-panics", "test-mid-char"]).unwrap();
    let docs = [
        ("1.txt", "One two"),
        ("2.txt", "TRIGGER café"),
        ("3.txt", "Three four"),
    ];
    let results: Vec<_> = docs.iter().map(|(id, text)| p.annotate(id, text)).collect();
    assert_eq!(results[0].as_ref().unwrap().len(), 2);
    assert!(results[1].is_err());
    assert_eq!(results[2].as_ref().unwrap().len(), 2);
}

#[test]
fn missing_plugin_lists_directories_and_what_was_found() {
    let err = pipeline(&["no-such-plugin"]).unwrap_err().to_string();
    assert!(err.starts_with("test.toml:1:13: plugin `no-such-plugin` not found: no file libmarginalia_plugin_no_such_plugin.so in\n"), "{err}");
    assert!(err.contains("plugins found there: "), "{err}");
    assert!(
        err.contains("test-panics"),
        "lists the plugins found: {err}"
    );
}

#[test]
fn a_panic_on_one_thread_fails_only_its_document_while_others_run() {
    use marginalia_host::input::Item;
    use marginalia_host::run::{RunOptions, run};
    let p = pipeline(&["test-panics"]).unwrap();
    let items = (0..400).map(|i| Item::Text {
        id: format!("{i:03}.txt"),
        text: if i % 50 == 7 {
            format!("Doc {i} TRIGGER")
        } else {
            format!("Doc{i} text")
        },
    });
    let mut failed = Vec::new();
    let summary = run(
        || &p,
        items,
        RunOptions::with_jobs(4),
        |outcome| {
            if let Err(message) = &outcome.result {
                failed.push((outcome.id.clone(), message.clone()));
            }
            Ok(())
        },
    )
    .unwrap();
    let ids: Vec<&str> = failed.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "007.txt", "057.txt", "107.txt", "157.txt", "207.txt", "257.txt", "307.txt", "357.txt"
        ]
    );
    assert!(
        failed.iter().all(|(_, m)| m.contains("deliberate panic")),
        "{failed:?}"
    );
    assert_eq!(summary.annotated, 392);
}
