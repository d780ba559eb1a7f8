//! The real `actors` plugin, loaded through libloading and the C ABI like any plugin.

use std::path::Path;

use marginalia_core::Annotation;
use marginalia_host::config::Config;
use marginalia_host::pipeline::Pipeline;

fn pipeline(config: &str) -> Pipeline {
    let config = Config::parse(config, Path::new("marginalia.toml")).expect("valid config");
    Pipeline::load(&config, &marginalia_testkit::plugin_dirs()).expect("actors loads")
}

/// `(text, id, kind)` of each annotation.
fn tagged(annotations: &[Annotation]) -> Vec<(&str, &str, &str)> {
    annotations
        .iter()
        .map(|a| {
            assert_eq!((a.label.as_str(), a.plugin.as_str()), ("actor", "actors"));
            (
                a.text.as_str(),
                a.attrs.get_str("id").unwrap(),
                a.attrs.get_str("kind").unwrap(),
            )
        })
        .collect()
}

#[test]
fn tags_states_capitals_leaders_and_demonyms_with_ids() {
    let p = pipeline("pipeline = [\"actors\"]\n");
    let library = p.plugins().next().unwrap();
    assert_eq!(library.manifest().emits, ["actor"]);
    assert!(library.is_thread_safe());
    let text = "Putin flew from Moscow to Pyongyang; the U.S. and South Korea's Vietnamese partners watched.";
    let annotations = p.annotate("doc.txt", text).unwrap();
    assert_eq!(
        tagged(&annotations),
        [
            ("Putin", "RUS", "leader"),
            ("Moscow", "RUS", "capital"),
            ("Pyongyang", "PRK", "capital"),
            ("U.S.", "USA", "country"),
            ("South Korea", "KOR", "country"),
            ("Vietnamese", "VNM", "demonym"),
        ]
    );
    for a in &annotations {
        assert_eq!(
            &text[a.start..a.end],
            a.text,
            "offsets are byte offsets into the text"
        );
    }
}

#[test]
fn multi_word_names_win_and_offsets_survive_multibyte_text() {
    let p = pipeline("pipeline = [\"actors\"]\n");
    let text = "«Ça va» — 北京 said North\nKorea 😀 and the UN agreed.";
    let annotations = p.annotate("unicode.txt", text).unwrap();
    let found: Vec<_> = tagged(&annotations)
        .into_iter()
        .map(|(t, id, _)| (t, id))
        .collect();
    assert!(found.contains(&("North\nKorea", "PRK")), "{found:?}");
    assert!(found.contains(&("UN", "UN")), "{found:?}");
    assert!(!found.iter().any(|(t, _)| *t == "Korea"), "{found:?}");
}

#[test]
fn config_table_extends_the_lexicon_through_the_abi() {
    let config = "pipeline = [\"actors\"]\n[plugins.actors]\nextra = [{ term = \"Atlantis\", id = \"ATL\", kind = \"country\" }]\n";
    let annotations = pipeline(config)
        .annotate("x.txt", "Atlantis and Russia")
        .unwrap();
    assert_eq!(
        tagged(&annotations),
        [("Atlantis", "ATL", "country"), ("Russia", "RUS", "country")]
    );
}

fn config_error(text: &str) -> String {
    let config = Config::parse(text, Path::new("marginalia.toml")).unwrap();
    Pipeline::load(&config, &marginalia_testkit::plugin_dirs())
        .unwrap_err()
        .to_string()
}

#[test]
fn a_plugin_config_error_names_the_line_and_column_of_the_key() {
    let text = "pipeline = [\"actors\", \"test-panics\"]\n# the actors plugin\n\n[plugins.test-panics]\n\n[plugins.actors]\n  extras = []\n";
    // `test-panics` is never started: `actors` comes first and fails.
    assert_eq!(
        config_error(text),
        "marginalia.toml:7:3: plugin `actors` could not start with its config: unknown field `extras`, expected `extra` or `ignore`"
    );
}

#[test]
fn a_wrong_type_deep_in_the_table_is_located_too() {
    let text = "pipeline = [\"actors\"]\n[plugins.actors]\nextra = [\n  { term = \"Atlantis\", id = \"ATL\", kind = \"country\" },\n  { term = \"Mu\", id = \"MU\", kind = \"continent\" },\n]\n";
    let err = config_error(text);
    assert!(
        err.starts_with("marginalia.toml:5:36: plugin `actors` could not start with its config: unknown variant `continent`"),
        "{err}"
    );
}

#[test]
fn an_inline_table_error_names_the_table() {
    let text = "pipeline = [\"actors\"]\nplugins.actors = { extras = [] }\n";
    let err = config_error(text);
    assert!(
        err.starts_with(
            "marginalia.toml:2:18: plugin `actors` could not start with its config: unknown field `extras`"
        ),
        "{err}"
    );
}
