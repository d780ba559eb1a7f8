use std::collections::BTreeSet;

use marginalia_core::{Config, Document, Emitter, Plugin, Span};

use super::*;

fn run(plugin: &Actors, text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    plugin
        .annotate(
            &Document::new("test", text, &[]),
            &mut Emitter::collect_into(&mut spans),
        )
        .unwrap();
    spans
}

/// `(covered text, id)` of every actor in `text`, with the default config.
fn actors(text: &str) -> Vec<(&str, String)> {
    actors_with(&Actors::new(&Config::default()).unwrap(), text)
}

fn actors_with<'t>(plugin: &Actors, text: &'t str) -> Vec<(&'t str, String)> {
    run(plugin, text)
        .into_iter()
        .map(|s| {
            assert_eq!(s.label, "actor");
            (
                &text[s.start..s.end],
                s.attrs.get_str("id").unwrap().to_owned(),
            )
        })
        .collect()
}

fn pairs<'a>(expected: &[(&'a str, &str)]) -> Vec<(&'a str, String)> {
    expected.iter().map(|&(t, id)| (t, id.to_owned())).collect()
}

#[test]
fn north_korea_is_one_actor() {
    assert_eq!(
        actors("Talks with North Korea and Korea."),
        pairs(&[("North Korea", "PRK")])
    );
}

#[test]
fn possessives_tag_the_name() {
    let expected = pairs(&[("South Korea", "KOR"), ("South Korea", "KOR")]);
    assert_eq!(
        actors("South Korea's exports and South Korea’s imports"),
        expected
    );
}

#[test]
fn demonyms_carry_their_state_and_kind() {
    let plugin = Actors::new(&Config::default()).unwrap();
    let spans = run(&plugin, "a Russian envoy met Vietnamese officials");
    let found: Vec<(&str, Option<&str>)> = spans
        .iter()
        .map(|s| (s.attrs.get_str("id").unwrap(), s.attrs.get_str("kind")))
        .collect();
    assert_eq!(found, [("RUS", Some("demonym")), ("VNM", Some("demonym"))]);
    assert_eq!(spans[0].attrs.len(), 2);
}

#[test]
fn us_is_the_country_but_us_is_not() {
    let expected = pairs(&[("U.S.", "USA"), ("US", "USA"), ("US", "USA")]);
    assert_eq!(
        actors("The U.S. and US envoys told us about anti-US protests."),
        expected
    );
}

#[test]
fn case_keeps_common_nouns_out() {
    assert_eq!(actors("turkey and china plates for us"), pairs(&[]));
    assert_eq!(
        actors("TURKEY AND CHINA SIGN PACT"),
        pairs(&[("TURKEY", "TUR"), ("CHINA", "CHN")])
    );
}

#[test]
fn ambiguous_names_are_left_out() {
    let text =
        "Kim spoke of Korea, Georgia and Chad in the South China Sea, Latin America and Congo.";
    assert_eq!(actors(text), pairs(&[]));
}

#[test]
fn capitals_governments_leaders_and_organisations() {
    let text = "The Kremlin, Pyongyang and Kim Jong Un; Kim Jong-il; To Lam in Hanoi; the UN and NATO; Brussels.";
    let expected = [
        ("Kremlin", "RUS"),
        ("Pyongyang", "PRK"),
        ("Kim Jong Un", "PRK"),
        ("Kim Jong-il", "PRK"),
        ("To Lam", "VNM"),
        ("Hanoi", "VNM"),
        ("UN", "UN"),
        ("NATO", "NATO"),
        ("Brussels", "EU"),
    ];
    assert_eq!(actors(text), pairs(&expected));
}

#[test]
fn articles_stay_outside_the_span() {
    assert_eq!(
        actors("the United States"),
        pairs(&[("United States", "USA")])
    );
}

#[test]
fn unicode_around_names_keeps_offsets() {
    let text = "🙂会谈Russia🇺🇸 «Vietnam» e\u{301} 中国China; Putin\u{301} Ukraine";
    let expected = [
        ("Russia", "RUS"),
        ("Vietnam", "VNM"),
        ("中国", "CHN"),
        ("China", "CHN"),
        ("Ukraine", "UKR"),
    ];
    assert_eq!(actors(text), pairs(&expected));
}

#[test]
fn hard_wrapped_names_match() {
    let text = "envoys from North\nKorea and the United\n    States";
    assert_eq!(
        actors(text),
        pairs(&[("North\nKorea", "PRK"), ("United\n    States", "USA")])
    );
}

#[test]
fn config_adds_and_ignores_terms() {
    let config = Config::from_toml_str(
        r#"
        extra = [{ term = "Kremlin-backed", id = "RUS", kind = "government" }, { term = "Chad", id = "TCD", kind = "country" }]
        ignore = ["Jordan"]
        "#,
    )
    .unwrap();
    let plugin = Actors::new(&config).unwrap();
    let text = "Kremlin-backed media in Chad and Jordan";
    assert_eq!(
        actors_with(&plugin, text),
        pairs(&[("Kremlin-backed", "RUS"), ("Chad", "TCD")])
    );
}

fn config_error(toml: &str) -> String {
    Actors::new(&Config::from_toml_str(toml).unwrap())
        .unwrap_err()
        .to_string()
}

#[test]
fn bad_config_is_an_error_naming_the_culprit() {
    assert!(config_error("extras = []").contains("unknown field `extras`"));
    assert!(
        config_error(r#"extra = [{ term = "x", id = "RUS", kind = "country", note = "y" }]"#)
            .contains("`note`")
    );
    assert!(
        config_error(r#"extra = [{ term = "x", id = "RUS", kind = "city" }]"#).contains("`city`")
    );
    assert!(
        config_error(r#"extra = [{ term = "x", id = "rus", kind = "country" }]"#)
            .contains("\"rus\"")
    );
    assert!(
        config_error(r#"extra = [{ term = " ", id = "RUS", kind = "country" }]"#).contains("empty")
    );
}

#[test]
fn manifest() {
    let manifest = Actors::manifest();
    assert_eq!(
        (manifest.name.as_str(), manifest.emits.as_slice()),
        ("actors", ["actor".to_owned()].as_slice())
    );
    assert!(manifest.needs.is_empty());
}

/// The corpus retellings of the seed article (`corpus/seed/`, part of this repository): every
/// state they name is found, and no span is a bare `Korea` or the `China` of `South China Sea`.
#[test]
fn seed_retellings() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus/seed");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus/seed exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 4, "{paths:?}");
    let text = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect::<Vec<_>>()
        .join("\n\n");
    let plugin = Actors::new(&Config::default()).unwrap();
    let spans = run(&plugin, &text);
    let ids: BTreeSet<&str> = spans.iter().filter_map(|s| s.attrs.get_str("id")).collect();
    for id in ["CHN", "KOR", "PRK", "RUS", "UKR", "UN", "USA", "VNM"] {
        assert!(ids.contains(id), "{id} missing from {ids:?}");
    }
    for pair in spans.windows(2) {
        assert!(pair[0].end <= pair[1].start, "overlap {pair:?}");
    }
    let covered: BTreeSet<&str> = spans.iter().map(|s| &text[s.start..s.end]).collect();
    assert!(!covered.contains("Korea"), "{covered:?}");
    // The bare `Kim` counts: the retellings name Kim Jong Un.
    assert!(covered.contains("Kim"), "{covered:?}");
    let sea = text
        .find("South China Sea")
        .expect("a retelling mentions the sea");
    assert!(
        spans
            .iter()
            .all(|s| s.end <= sea || s.start >= sea + "South China Sea".len())
    );
}

#[test]
fn shared_surnames_count_where_the_full_name_is_given() {
    let text = "Kim arrives. Later Kim Jong Un met Lee; Kim smiled.";
    let expected = [("Kim", "PRK"), ("Kim Jong Un", "PRK"), ("Kim", "PRK")];
    assert_eq!(actors(text), pairs(&expected));
    assert_eq!(actors("Kim and Lee met."), pairs(&[]));
}

#[test]
fn homographs_opening_a_sentence_are_nouns_where_the_noun_is_written() {
    let text = "TURKEY PRICES FALL\n\nTurkey is cheap. Shops sell turkey. Turkey said nothing.";
    assert_eq!(actors(text), pairs(&[]));
    assert_eq!(
        actors("Turkey said no. Ankara agreed."),
        pairs(&[("Turkey", "TUR"), ("Ankara", "TUR")])
    );
    assert_eq!(
        actors("We buy turkey from Turkey."),
        pairs(&[("Turkey", "TUR")])
    );
}

#[test]
fn legislatures_and_treaty_names_are_not_actors() {
    let text = "The U.S. State Department, Congress, the Duma and the Treaty of Paris.";
    let expected = [("U.S.", "USA"), ("State Department", "USA")];
    assert_eq!(actors(text), pairs(&expected));
}

#[test]
fn chinese_script_names() {
    assert_eq!(
        actors("在北京（Beijing）"),
        pairs(&[("北京", "CHN"), ("Beijing", "CHN")])
    );
}
