use marginalia_core::{Annotation, AttrValue, Attrs, Config, Document, Emitter, Plugin, Span};
use marginalia_text::{Case, Lexicon};

use super::*;

/// A few actors, as the actors plugin would tag them: (term, id, kind).
const ACTORS: &[(&str, &str, &str)] = &[
    ("North Korea", "PRK", "country"),
    ("Pyongyang", "PRK", "capital"),
    ("Russia", "RUS", "country"),
    ("Moscow", "RUS", "capital"),
    ("Russian", "RUS", "demonym"),
    ("India", "IND", "country"),
    ("France", "FRA", "country"),
    ("Vietnam", "VNM", "country"),
    ("Tô Lâm", "VNM", "leader"),
    ("Iran", "IRN", "country"),
    ("US", "USA", "country"),
    ("Washington", "USA", "capital"),
    ("Germany", "DEU", "country"),
    ("Ukraine", "UKR", "country"),
    ("Kyiv", "UKR", "capital"),
    ("Brazil", "BRA", "country"),
    ("Argentina", "ARG", "country"),
    ("Turkey", "TUR", "country"),
    ("Ankara", "TUR", "capital"),
    ("Seoul", "KOR", "capital"),
    ("South Korea", "KOR", "country"),
    ("South Korean", "KOR", "demonym"),
    ("Poland", "POL", "country"),
    ("Belarus", "BLR", "country"),
    ("Azerbaijan", "AZE", "country"),
    ("EU", "EU", "organization"),
    ("Security Council", "UN", "organization"),
    ("Congress", "-", "-"),
];

/// Runs a small actor tagger, then the plugin, on `text`.
fn run_with(plugin: &ArmsTrade, text: &str) -> Vec<Span> {
    let lexicon = Lexicon::new(
        Case::AsWrittenOrUpper,
        ACTORS.iter().map(|&(term, id, kind)| (term, (id, kind))),
    )
    .unwrap();
    let annotations: Vec<Annotation> = lexicon
        .find_all(text)
        .into_iter()
        .filter(|m| m.value.0 != "-")
        .map(|m| Annotation {
            label: "actor".into(),
            start: m.range.start,
            end: m.range.end,
            text: text[m.range.clone()].to_owned(),
            plugin: "actors".into(),
            attrs: Attrs::new().with("id", m.value.0).with("kind", m.value.1),
        })
        .collect();
    let mut spans = Vec::new();
    plugin
        .annotate(
            &Document::new("test", text, &annotations),
            &mut Emitter::collect_into(&mut spans),
        )
        .unwrap();
    for s in &spans {
        assert_eq!(s.label, LABEL);
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        assert!(s.start < s.end);
    }
    spans
}

fn run(text: &str) -> Vec<Span> {
    run_with(&ArmsTrade::new(&Config::default()).unwrap(), text)
}

fn list(attrs: &Attrs, key: &str) -> String {
    match attrs.get(key) {
        Some(AttrValue::List(values)) => values
            .iter()
            .map(|v| v.as_str().unwrap_or("?"))
            .collect::<Vec<_>>()
            .join(","),
        Some(other) => panic!("{key} is not a list: {other}"),
        None => String::new(),
    }
}

/// `span | items | supplier | recipient | status` of every transfer.
fn describe(text: &str) -> Vec<String> {
    run(text)
        .iter()
        .map(|s| {
            let status = s.attrs.get_str("status").unwrap_or("");
            let cameo = s.attrs.get_str("cameo");
            assert_eq!(cameo == Some("072"), status == "actual", "cameo iff actual");
            format!(
                "{} | {} | {} | {} | {}",
                &text[s.start..s.end],
                list(&s.attrs, "items"),
                list(&s.attrs, "supplier"),
                list(&s.attrs, "recipient"),
                status
            )
        })
        .collect()
}

/// Sentence -> expected transfers, each `span | items | supplier | recipient | status`.
const CASES: &[(&str, &[&str])] = &[
    (
        "North Korea supplies weapons to Russia.",
        &["supplies weapons to Russia | weapons | PRK | RUS | actual"],
    ),
    (
        "India buys fighter jets from France.",
        &["buys fighter jets from France | fighter_jets | FRA | IND | actual"],
    ),
    (
        "Vietnam's arms imports come mostly from Russia.",
        &["arms imports | arms | RUS | VNM | actual"],
    ),
    (
        "The US accused Iran of transferring ballistic missiles and munitions to Russia.",
        &[
            "transferring ballistic missiles and munitions to Russia | ballistic_missiles,munitions | IRN | RUS | alleged",
        ],
    ),
    (
        "Germany plans to send 14 Leopard 2 tanks to Ukraine.",
        &["send 14 Leopard 2 tanks to Ukraine | tanks | DEU | UKR | planned"],
    ),
    (
        "Brazil is considering selling Gripen fighters to Argentina.",
        &["selling Gripen fighters to Argentina | fighter_jets | BRA | ARG | considered"],
    ),
    (
        "Turkey, which bought S-400s from Russia in 2017, was sanctioned.",
        &["bought S-400s from Russia | air_defense_systems | RUS | TUR | actual"],
    ),
    (
        "India's air force flies 36 Rafale jets bought from France.",
        &["36 Rafale jets bought from France | fighter_jets | FRA | IND | actual"],
    ),
    (
        "Officials have cited Pyongyang’s transfers of artillery shells to the Russian army.",
        &["transfers of artillery shells | artillery_shells | PRK | RUS | alleged"],
    ),
    (
        "Washington approved the sale of 40 F-16 fighter jets and modernisation kits to Ankara.",
        &[
            "sale of 40 F-16 fighter jets and modernisation kits | fighter_jets,modernisation_kits | USA | TUR | planned",
        ],
    ),
    (
        "North Korea can sell Russia cheap ammunition.",
        &["sell Russia cheap ammunition | ammunition | PRK | RUS | considered"],
    ),
    (
        "Seoul has refused to supply lethal weapons to Kyiv.",
        &["supply lethal weapons to Kyiv | weapons | KOR | UKR | considered"],
    ),
    (
        "Russian officials hinted they could transfer advanced weapons to North Korea.",
        &["transfer advanced weapons to North Korea | weapons | RUS | PRK | considered"],
    ),
    (
        "Both Moscow and Pyongyang deny any arms transfers.",
        &["arms transfers | arms |  |  | alleged"],
    ),
    (
        "Iran supplied Shahed drones to Russia, according to US officials.",
        &["supplied Shahed drones to Russia | drones | IRN | RUS | alleged"],
    ),
    (
        "Poland has ordered 180 K2 tanks from South Korea.",
        &["ordered 180 K2 tanks from South Korea | tanks | KOR | POL | planned"],
    ),
    // Wrapped lines, capitals and Unicode.
    (
        "RUSSIA SENDS\n    MISSILES TO BELARUS",
        &["SENDS\n    MISSILES TO BELARUS | missiles | RUS | BLR | actual"],
    ),
    (
        "Tô Lâm 🙂 said Vietnam’s arms imports from Russia were shrinking.",
        &["arms imports | arms | RUS | VNM | actual"],
    ),
    // Distractors.
    ("She held the baby in her arms.", &[]),
    (
        "The club’s coat of arms shows a stag over crossed arms.",
        &[],
    ),
    (
        "Experts warned of a new arms race and called for arms control.",
        &[],
    ),
    ("Residents were up in arms about the plan.", &[]),
    ("North Korea fired ballistic missiles into the sea.", &[]),
    ("Russia tested new weapons on Tuesday.", &[]),
    (
        "The two countries agreed to deepen military cooperation.",
        &[],
    ),
    ("Moscow sent troops and workers to the border.", &[]),
    ("The think tanks sent reports to Congress.", &[]),
    ("Investors bought shares in arms makers.", &[]),
    ("A ship carrying grain sailed from Odesa.", &[]),
    ("The EU banned exports of chips to Russia.", &[]),
    (
        "Libya was rewarded for giving up weapons of mass destruction.",
        &[],
    ),
    (
        "The US offered its warships to escort tankers in the Gulf.",
        &[],
    ),
    ("The US said there had been non-weapons sales to Iran.", &[]),
    (
        "The agency is responsible for buying defence equipment.",
        &[],
    ),
    (
        "The US sent warships to Ukraine.",
        &["sent warships to Ukraine | warships | USA | UKR | actual"],
    ),
    (
        "Washington made arms sales to Iran and China's economy.",
        &["arms sales | arms | USA | IRN | actual"],
    ),
];

#[test]
fn table() {
    let mut failures = Vec::new();
    for (text, expected) in CASES {
        let got = describe(text);
        if got != *expected {
            failures.push(format!(
                "{text:?}\n  expected {expected:?}\n  got      {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn config_extends_lexicons() {
    let config = Config::from_toml_str(
        r#"
        models = [{ term = "KAAN", item = "fighter_jets" }]
        triggers = [{ term = "airlifted", kind = "verb", direction = "give" }]
        cues = [{ term = "is poised to", status = "planned" }]
        ignore = ["arms fair"]
        "#,
    )
    .unwrap();
    let plugin = ArmsTrade::new(&config).unwrap();
    let text =
        "Turkey airlifted KAAN jets to Azerbaijan. Turkey is poised to sell arms fair tickets.";
    let spans = run_with(&plugin, text);
    assert_eq!(spans.len(), 1);
    assert_eq!(
        &text[spans[0].start..spans[0].end],
        "airlifted KAAN jets to Azerbaijan"
    );
    assert!(ArmsTrade::new(&Config::from_toml_str("item = []").unwrap()).is_err());
    assert!(
        ArmsTrade::new(
            &Config::from_toml_str(r#"items = [{ term = "x", item = "Bad Value" }]"#).unwrap()
        )
        .is_err()
    );
    assert!(
        ArmsTrade::new(
            &Config::from_toml_str(r#"triggers = [{ term = "x", kind = "verb" }]"#).unwrap()
        )
        .is_err()
    );
}

#[test]
fn arbitrary_unicode_does_not_panic() {
    let plugin = ArmsTrade::new(&Config::default()).unwrap();
    for text in [
        "",
        "sold",
        "arms imports",
        "sale of",
        "北京 sold 武器 weapons to 北京",
        "—— sold drones —— to",
        "e\u{301} supplied\u{301} drones",
        "Russia sold drones to\n\n",
        "’s arms imports",
        "ARMS",
    ] {
        run_with(&plugin, text);
    }
}

#[test]
fn a_give_verb_whose_recipient_ends_the_document_does_not_panic() {
    // Found by crates/marginalia-host/tests/plugin_properties.rs: after "delivered" + actor,
    // the grammar looked at the token after the actor, past the last one.
    for text in [
        "delivered Security Council\n",
        "Russia delivered Security Council",
        "sold the Security Council",
    ] {
        assert_eq!(run(text), [], "{text:?}");
    }
    assert_eq!(
        describe("Russia delivered Security Council tanks"),
        ["delivered Security Council tanks | tanks | RUS | UN | actual"]
    );
}
