//! The `rules` plugin through its real library and the host: the example config, ordering by
//! configured labels, and config errors with the lines and columns of `marginalia.toml`.

use std::path::{Path, PathBuf};

use marginalia_core::Annotation;
use marginalia_host::config::Config;
use marginalia_host::pipeline::{Pipeline, PipelineError};

fn example_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/marginalia.toml")
}

fn load(config: &Config) -> Result<Pipeline, PipelineError> {
    Pipeline::load(config, &marginalia_testkit::plugin_dirs())
}

fn parse(text: &str) -> Config {
    Config::parse(text, Path::new("marginalia.toml")).expect("valid config")
}

/// `(label, text, attrs as JSON)` of each annotation.
fn summary(annotations: &[Annotation]) -> Vec<(&str, &str, String)> {
    annotations
        .iter()
        .map(|a| (a.label.as_str(), a.text.as_str(), a.attrs.to_string()))
        .collect()
}

#[test]
fn the_example_config_tags_terms_and_patterns_with_their_attributes() {
    let pipeline = load(&Config::load(&example_path()).unwrap()).unwrap();
    let (library, emits) = pipeline.emitted_labels().next().unwrap();
    assert_eq!(
        library.manifest().emits,
        ["*"],
        "labels come from the config"
    );
    assert_eq!(emits, ["organization", "resolution", "year"]);
    let text = "In 2024 the UN Security\nCouncil passed RESOLUTION 2719; the IMF and the treasury (not the World Banker) agreed.";
    let annotations = pipeline.annotate("doc.txt", text).unwrap();
    assert_eq!(
        summary(&annotations),
        [
            ("year", "2024", "{}".into()),
            (
                "organization",
                "Security\nCouncil",
                r#"{"kind":"international"}"#.into()
            ),
            ("resolution", "RESOLUTION 2719", r#"{"body":"UNSC"}"#.into()),
            ("organization", "IMF", r#"{"kind":"international"}"#.into()),
            (
                "organization",
                "treasury",
                r#"{"country":"USA","kind":"government"}"#.into()
            ),
        ]
    );
    for a in &annotations {
        assert_eq!(a.plugin, "rules");
        assert_eq!(&text[a.start..a.end], a.text);
    }
}

#[test]
fn a_plugin_needing_a_configured_label_runs_after_rules() {
    // `test-needs-term` is listed first, but needs `term`, which `rules` emits by config.
    let text = "\
pipeline = [\"test-needs-term\", \"rules\"]

[plugins.rules]
[[plugins.rules.terms]]
label = \"term\"
terms = [\"Kremlin\"]
";
    let pipeline = load(&parse(text)).unwrap();
    let order: Vec<&str> = pipeline
        .plugins()
        .map(|p| p.manifest().name.as_str())
        .collect();
    assert_eq!(order, ["rules", "test-needs-term"]);
    let annotations = pipeline.annotate("d.txt", "The Kremlin said.").unwrap();
    assert_eq!(
        summary(&annotations),
        [
            ("term", "Kremlin", "{}".into()),
            ("term_seen", "Kremlin", r#"{"from":"rules"}"#.into()),
        ]
    );
}

#[test]
fn without_the_configured_label_the_needing_plugin_has_no_provider() {
    let text = "pipeline = [\"test-needs-term\", \"rules\"]\n[plugins.rules]\n[[plugins.rules.terms]]\nlabel = \"other\"\nterms = [\"x\"]\n";
    assert_eq!(
        load(&parse(text)).unwrap_err().to_string(),
        "plugin `test-needs-term` needs label `term`, which no plugin in the pipeline emits (pipeline: test-needs-term, rules); add a plugin that emits it"
    );
}

#[test]
fn an_invalid_pattern_is_reported_at_its_line_and_column() {
    let text = "\
pipeline = [\"rules\"]

[plugins.rules]

[[plugins.rules.terms]]
label = \"organization\"
terms = [\"IMF\"]

[[plugins.rules.patterns]]
label = \"case_number\"
pattern =  'Case No\\. (\\d+'
";
    assert_eq!(
        load(&parse(text)).unwrap_err().to_string(),
        "marginalia.toml:11:12: plugin `rules` could not start with its config: invalid regular expression for label `case_number`: unclosed group, at character 11 of the pattern `Case No\\. (\\d+`"
    );
}

#[test]
fn unknown_keys_and_wrong_types_are_reported_at_their_line_and_column() {
    let text = "pipeline = [\"rules\"]\n[plugins.rules]\n[[plugins.rules.terms]]\nlabel = \"org\"\nterms = [\"IMF\"]\n  atrs = { kind = \"x\" }\n";
    assert_eq!(
        load(&parse(text)).unwrap_err().to_string(),
        "marginalia.toml:6:3: plugin `rules` could not start with its config: unknown field `atrs`, expected one of `label`, `terms`, `attrs`"
    );
    let text = "pipeline = [\"rules\"]\n[plugins.rules]\n[[plugins.rules.patterns]]\nlabel = 7\npattern = 'x'\n";
    assert_eq!(
        load(&parse(text)).unwrap_err().to_string(),
        "marginalia.toml:4:9: plugin `rules` could not start with its config: invalid type: integer `7`, expected a string"
    );
}

#[test]
fn no_table_is_reported_where_the_plugin_is_named() {
    assert_eq!(
        load(&parse("pipeline = [\"rules\"]\n"))
            .unwrap_err()
            .to_string(),
        "marginalia.toml:1:13: plugin `rules` could not start with its config: no rules: add a [[plugins.rules.terms]] or [[plugins.rules.patterns]] table with a `label`"
    );
}

#[test]
fn an_inline_table_still_works_and_errors_name_the_table() {
    let text = "pipeline = [\"rules\"]\nplugins.rules = { terms = [{ label = \"org\", terms = [\"IMF\"] }] }\n";
    let annotations = load(&parse(text))
        .unwrap()
        .annotate("d", "the IMF")
        .unwrap();
    assert_eq!(summary(&annotations), [("org", "IMF", "{}".into())]);
    let text =
        "pipeline = [\"rules\"]\nplugins.rules = { terms = [{ label = \"org\", terms = [] }] }\n";
    assert_eq!(
        load(&parse(text)).unwrap_err().to_string(),
        "marginalia.toml:2:17: plugin `rules` could not start with its config: `terms` of label `org` is empty: list at least one term"
    );
}
