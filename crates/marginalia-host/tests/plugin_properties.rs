//! Property tests: every shipped plugin, loaded from its built library through the real ABI
//! and the host's pipeline, on generated text.
//!
//! For any text, arbitrary Unicode or "newsy" text assembled from the plugins' own vocabulary
//! (so that their grammar paths run):
//!
//! - the document never fails (no plugin panics, errors or emits a span the host refuses);
//! - every annotation is a valid span: `start < end <= len`, both on character boundaries,
//!   `text` the covered text, a label its plugin declared;
//! - the output is sorted by [`Annotation::sort_key`];
//! - the output is deterministic: annotating twice gives the same, and so does a second
//!   pipeline loaded from the same config.
//!
//! They hold for the six plugins together and for each plugin alone (with `actors` before
//! those that need `actor`, as the host orders them).
//!
//! The case counts keep this file to a few seconds in the debug profile. Set
//! `PROPTEST_CASES=N` to run N cases per test instead (e.g. `PROPTEST_CASES=5000 cargo test
//! -p marginalia-host --test plugin_properties`). A failing case is shrunk and saved in
//! `crates/marginalia-host/tests/plugin_properties.proptest-regressions`, which is replayed
//! first on every later run: commit it with the fix.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use marginalia_core::Annotation;
use marginalia_host::config::Config;
use marginalia_host::pipeline::Pipeline;
use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, FileFailurePersistence, TestCaseError};

/// The shipped plugins, as `marginalia.toml` names them.
const PLUGINS: [&str; 6] = [
    "actors",
    "sanctions",
    "treaties",
    "arms-trade",
    "trade-figures",
    "rules",
];

/// The `rules` table: term lists (one with characters whose case folding changes their
/// length) and regular expressions, so that both matchers run.
const RULES_TABLE: &str = r#"
[plugins.rules]
[[plugins.rules.terms]]
label = "organization"
terms = ["Security Council", "World Bank", "IMF", "İstanbul Bourse", "Straße", "北京 Office"]
attrs = { kind = "international" }

[[plugins.rules.terms]]
label = "place"
terms = ["Kelvin", "ǅakovica", "Gulf"]

[[plugins.rules.patterns]]
label = "year"
pattern = '\b(?:19|20)\d\d\b'

[[plugins.rules.patterns]]
label = "money"
pattern = '(?i)[$€£]\s?\d+(?:[.,]\d+)*(?:\s?(?:billion|million|bn|m))?'
attrs = { kind = "amount", exact = false }
"#;

/// The plugins' own vocabulary: the words their grammars look for.
const DOMAIN: &[&str] = &[
    "sanctions",
    "imposed",
    "imposed sanctions on",
    "lifted the embargo",
    "asset freeze",
    "export controls",
    "travel ban",
    "blacklisted",
    "arms embargo",
    "treaty",
    "Treaty",
    "signed",
    "signed a treaty with",
    "ratified",
    "withdrew from the",
    "free trade agreement",
    "Treaty of Rome",
    "New START",
    "memorandum of understanding",
    "Belt and Road",
    "agreement",
    "tanks",
    "fighter jets",
    "F-16s",
    "missiles",
    "delivered",
    "sold",
    "will buy",
    "drones",
    "arms sales to",
    "air defence systems",
    "$3.6 billion",
    "€2.1bn",
    "£450m",
    "1,200 tonnes",
    "exports rose 12%",
    "imports fell 3.5 percent",
    "bilateral trade reached",
    "trade surplus",
    "worth",
    "yuan",
    "rubles",
    "in 2023",
    "billion",
    "million",
    "per cent",
    "said",
    "the",
    "and",
    "of",
    "on",
    "to",
    "Co",
    "Corp.",
    "Security Council",
    "World Bank",
    "İstanbul Bourse",
    "STRASSE",
    "straße",
];

/// Punctuation and layout between fragments.
const SEPARATORS: &[&str] = &[
    " ", " ", " ", "", ", ", ". ", "; ", ": ", "\n", "\r\n", "\n\n", "\t", " — ", " (", ") ", "\"",
    "'", "’s ", "-", "/", "…", "\u{a0}",
];

/// Characters that trip offset arithmetic: controls, NUL, combining marks, bidi controls,
/// joiners, a BOM, line and paragraph separators, characters whose case folding changes their
/// byte length (`İ`, `K` the Kelvin sign, `ẞ`, `ǅ`, `ﬁ`), wide and astral characters.
const TRICKY: &str = "\0\u{1}\u{7}\u{8}\u{b}\u{c}\r\n\u{1b}\u{7f}\u{85}\
    \u{300}\u{301}\u{308}\u{20dd}\u{200b}\u{200c}\u{200d}\u{200e}\u{200f}\u{202a}\u{202e}\
    \u{2066}\u{2069}\u{feff}\u{2028}\u{2029}\u{3000}\u{a0}\
    İı\u{212a}ẞßǅﬁΣςſÉéÅ€£$%٣۵１２אب北京😀👩🏽🇷🇺\u{10ffff}\u{e000}\u{fffd}.,'’\"“-–";

/// Names of actors: every country, capital, leader, organisation and demonym term of the
/// `actors` plugin's lexicon (`plugins/actors/data/actors.txt`).
fn actor_names() -> &'static [String] {
    static NAMES: OnceLock<Vec<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let lexicon = include_str!("../../../plugins/actors/data/actors.txt");
        let names: Vec<String> = lexicon
            .lines()
            .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
            .filter_map(|line| {
                // `ID  kind  term | term | ...`: drop the first two fields.
                let (_id, rest) = line.trim_start().split_once(char::is_whitespace)?;
                let (_kind, terms) = rest.trim_start().split_once(char::is_whitespace)?;
                Some(terms.split('|').map(|t| t.trim().to_owned()))
            })
            .flatten()
            .filter(|t| !t.is_empty())
            .collect();
        assert!(
            names.len() > 500,
            "plugins/actors/data/actors.txt gave only {} names; has its format changed?",
            names.len()
        );
        names
    })
}

/// Any character, with the tricky ones often.
fn any_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => any::<char>(),
        2 => prop::sample::select(TRICKY.chars().collect::<Vec<char>>()),
        1 => prop::char::range(' ', '~'),
    ]
}

/// Arbitrary Unicode text, up to 300 characters.
fn unicode_text() -> impl Strategy<Value = String> {
    prop::collection::vec(any_char(), 0..300).prop_map(String::from_iter)
}

/// A number as news writes it: `7`, `12.5`, `3,600`, `1.2`.
fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u32..100_000).prop_map(|n| n.to_string()),
        (0u32..1000, 0u32..100).prop_map(|(a, b)| format!("{a}.{b}")),
        (1u32..1000, 0u32..1000).prop_map(|(a, b)| format!("{a},{b:03}")),
        (1900u32..2040).prop_map(|y| y.to_string()),
    ]
}

/// One piece of newsy text.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(actor_names()),
        1 => prop::sample::select(actor_names()).prop_map(|name| name.to_uppercase()),
        4 => prop::sample::select(DOMAIN).prop_map(str::to_owned),
        1 => prop::sample::select(DOMAIN).prop_map(str::to_uppercase),
        2 => number(),
        1 => (number(), prop::sample::select(&["$", "€", "£", "US$", ""][..]),
              prop::sample::select(&[" billion", " million", "bn", "%", " percent", " tonnes", ""][..]))
            .prop_map(|(n, currency, scale)| format!("{currency}{n}{scale}")),
        1 => prop::collection::vec(any_char(), 1..4).prop_map(String::from_iter),
    ]
}

/// Newsy text: up to 60 fragments with separators between them.
fn newsy_text() -> impl Strategy<Value = String> {
    prop::collection::vec((fragment(), prop::sample::select(SEPARATORS)), 0..60).prop_map(
        |pieces| {
            pieces
                .into_iter()
                .flat_map(|(fragment, separator)| [fragment, separator.to_owned()])
                .collect()
        },
    )
}

/// Either kind of text, newsy more often.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![1 => unicode_text(), 2 => newsy_text()]
}

/// `marginalia.toml` for these plugins (and `actors` first when one of them needs `actor`).
fn config_text(plugins: &[&str]) -> String {
    let mut listed: Vec<&str> = Vec::new();
    if plugins.iter().any(|p| !matches!(*p, "actors" | "rules")) && !plugins.contains(&"actors") {
        listed.push("actors");
    }
    listed.extend_from_slice(plugins);
    let quoted: Vec<String> = listed.iter().map(|p| format!("\"{p}\"")).collect();
    let mut text = format!("pipeline = [{}]\n", quoted.join(", "));
    if listed.contains(&"rules") {
        text.push_str(RULES_TABLE);
    }
    text
}

/// Two independently loaded pipelines of the same config.
struct Twins {
    first: Pipeline,
    second: Pipeline,
}

fn load(plugins: &[&str]) -> Pipeline {
    let text = config_text(plugins);
    let config = Config::parse(&text, Path::new("marginalia.toml"))
        .unwrap_or_else(|e| panic!("the test config is invalid: {e}\n{text}"));
    Pipeline::load(&config, &marginalia_testkit::plugin_dirs())
        .unwrap_or_else(|e| panic!("could not load the plugins {plugins:?}: {e}"))
}

/// The pipelines under test, loaded once per test process: all six plugins, and each alone.
fn pipelines(key: &str) -> &'static Twins {
    static ALL: OnceLock<BTreeMap<&'static str, Twins>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        let mut all = BTreeMap::new();
        let twins = |plugins: &[&str]| Twins {
            first: load(plugins),
            second: load(plugins),
        };
        all.insert("all", twins(&PLUGINS));
        for plugin in PLUGINS {
            all.insert(plugin, twins(&[plugin]));
        }
        all
    });
    &all[key]
}

/// The proptest config: `cases` cases, unless `PROPTEST_CASES` says otherwise; failures saved
/// in `tests/plugin_properties.proptest-regressions`.
fn cases(cases: u32) -> ProptestConfig {
    let mut config = ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::default()
    };
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = cases;
    }
    config
}

/// Checks every property on one text.
fn check(twins: &Twins, text: &str) -> Result<(), TestCaseError> {
    let annotate = |pipeline: &Pipeline| {
        pipeline
            .annotate("generated.txt", text)
            .map_err(|e| TestCaseError::fail(format!("the document failed: {e}")))
    };
    let out = annotate(&twins.first)?;
    let declared: BTreeMap<&str, &[String]> = twins
        .first
        .emitted_labels()
        .map(|(library, labels)| (library.manifest().name.as_str(), labels))
        .collect();
    for a in &out {
        let span = format!(
            "{}..{} ({}, plugin `{}`)",
            a.start, a.end, a.label, a.plugin
        );
        prop_assert!(
            a.start < a.end && a.end <= text.len(),
            "span {span} out of bounds, text length {}",
            text.len()
        );
        prop_assert!(
            text.is_char_boundary(a.start) && text.is_char_boundary(a.end),
            "span {span} not on character boundaries"
        );
        prop_assert_eq!(
            &text[a.start..a.end],
            a.text.as_str(),
            "text of span {}",
            span
        );
        let labels = declared.get(a.plugin.as_str()).copied().unwrap_or_default();
        prop_assert!(
            labels.contains(&a.label),
            "span {span}: plugin `{}` declared only {labels:?}",
            a.plugin
        );
    }
    for pair in out.windows(2) {
        prop_assert!(
            pair[0].sort_key() <= pair[1].sort_key(),
            "not sorted: {:?} before {:?}",
            pair[0],
            pair[1]
        );
    }
    let again = annotate(&twins.first)?;
    prop_assert_eq!(&out, &again, "annotating the same text twice differs");
    let twin: Vec<Annotation> = annotate(&twins.second)?;
    prop_assert_eq!(&out, &twin, "a second pipeline of the same config differs");
    Ok(())
}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn all_plugins_on_arbitrary_unicode(text in unicode_text()) {
        check(pipelines("all"), &text)?;
    }

    #[test]
    fn all_plugins_on_newsy_text(text in newsy_text()) {
        check(pipelines("all"), &text)?;
    }
}

/// One proptest per plugin, alone (after `actors` when it needs `actor`).
macro_rules! plugin_alone {
    ($($test:ident => $plugin:literal),* $(,)?) => {
        proptest! {
            #![proptest_config(cases(128))]
            $(
                #[test]
                fn $test(text in any_text()) {
                    check(pipelines($plugin), &text)?;
                }
            )*
        }
    };
}

plugin_alone! {
    actors_alone => "actors",
    sanctions_alone => "sanctions",
    treaties_alone => "treaties",
    arms_trade_alone => "arms-trade",
    trade_figures_alone => "trade-figures",
    rules_alone => "rules",
}

#[test]
fn the_generators_reach_the_plugins_grammars() {
    // Without this, a change that made the newsy text unrecognisable (or the actors lexicon
    // unreadable) would leave every property above trivially true.
    let twins = pipelines("all");
    let text = "Russia imposed sanctions on Iran. Poland signed a treaty with South Korea \
                to buy tanks; exports rose 12% to $3.6 billion in 2023 (World Bank).";
    let labels: std::collections::BTreeSet<String> = twins
        .first
        .annotate("known.txt", text)
        .expect("the known text annotates")
        .into_iter()
        .map(|a| a.label)
        .collect();
    for label in [
        "actor",
        "sanction",
        "treaty",
        "arms_trade",
        "trade_figure",
        "organization",
        "year",
        "money",
    ] {
        assert!(labels.contains(label), "no `{label}` in {labels:?}");
    }
    let names = actor_names();
    for name in ["Russia", "Vladimir Putin", "Pyongyang", "NATO"] {
        assert!(
            names.iter().any(|n| n == name),
            "{name} not read from actors.txt"
        );
    }
}
