//! The `[plugins.sanctions]` table: errors and lexicon extensions.

use super::*;

#[test]
fn config_rejects_unknown_keys_and_bad_ids() {
    let unknown = Config::from_toml_str("imposers = []").unwrap();
    assert!(
        Sanctions::new(&unknown)
            .unwrap_err()
            .to_string()
            .contains("unknown field `imposers`")
    );
    let bad = Config::from_toml_str("default_imposers = [\"usa\"]").unwrap();
    assert!(
        Sanctions::new(&bad)
            .unwrap_err()
            .to_string()
            .contains("\"usa\"")
    );
}

#[test]
fn default_imposers_can_be_replaced() {
    let text = "Iran sanctions hurt its economy.";
    let actors = actor_annotations(text);
    let run = |toml: &str| {
        let plugin = Sanctions::new(&Config::from_toml_str(toml).unwrap()).unwrap();
        let mut spans = Vec::new();
        plugin
            .annotate(
                &Document::new("t", text, &actors),
                &mut Emitter::collect_into(&mut spans),
            )
            .unwrap();
        spans[0].attrs.to_string()
    };
    assert!(run("").contains(r#""target":["IRN"]"#));
    assert!(run("default_imposers = [\"IRN\"]").contains(r#""imposer":["IRN"]"#));
}

#[test]
fn config_extends_the_lexicons() {
    let text = "The EU imposed visa restrictions on Belarus. Iran cyber sanctions began.";
    let actors = actor_annotations(text);
    let run = |toml: &str| {
        let plugin = Sanctions::new(&Config::from_toml_str(toml).unwrap()).unwrap();
        let doc = Document::new("t", text, &actors);
        plugin
            .find(&doc)
            .iter()
            .map(|f| format!("{} {}", &text[f.range.clone()], f.attrs()))
            .collect::<Vec<_>>()
    };
    let plain = run("");
    assert_eq!(plain.len(), 1, "{plain:?}");
    assert!(plain[0].starts_with("sanctions "), "{plain:?}");
    let extended = run(r#"
        terms = [{ term = "visa restrictions", instrument = "travel_ban" }]
        modifiers = ["cyber"]
    "#);
    assert_eq!(extended.len(), 2, "{extended:?}");
    assert!(
        extended[0].starts_with("visa restrictions "),
        "{extended:?}"
    );
    assert!(extended[0].contains(r#""instrument":"travel_ban""#));
    assert!(extended[0].contains(r#""action":"impose""#));
    assert!(
        extended[1].starts_with("Iran cyber sanctions "),
        "{extended:?}"
    );
}

#[test]
fn config_rejects_bad_lexicon_entries() {
    for (toml, culprit) in [
        (
            r#"terms = [{ term = "x", instrument = "tariff" }]"#,
            "tariff",
        ),
        (
            r#"terms = [{ term = "x", instrument = "embargo", kind = "y" }]"#,
            "kind",
        ),
        (
            r#"verbs = [{ word = "nixed", action = "mention" }]"#,
            "mention",
        ),
        (
            r#"verbs = [{ word = "rolled over", action = "extend" }]"#,
            "rolled over",
        ),
        (r#"light_nouns = ["two words"]"#, "two words"),
    ] {
        let config = Config::from_toml_str(toml).unwrap();
        let err = Sanctions::new(&config).unwrap_err().to_string();
        assert!(err.contains(culprit), "{toml}: {err}");
    }
}
