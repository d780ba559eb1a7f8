//! Unit tests on sentences written for them (the corpus is checked against the gold in
//! `tests/corpus_gold.rs`). Actors come from a small hand list, tagged as the `actors` plugin
//! would tag them.

use marginalia_core::{Annotation, Attrs, Config, Document, Emitter, Plugin};

use super::*;

/// `(term, id, kind)`: the actors these tests know.
const ACTORS: &[(&str, &str, &str)] = &[
    ("United Nations", "UN", "organization"),
    ("UN Security Council", "UN", "organization"),
    ("Security Council", "UN", "organization"),
    ("UN", "UN", "organization"),
    ("European Union", "EU", "organization"),
    ("EU", "EU", "organization"),
    ("Brussels", "EU", "capital"),
    ("United States", "USA", "country"),
    ("U.S.", "USA", "country"),
    ("US", "USA", "country"),
    ("Washington", "USA", "capital"),
    ("American", "USA", "demonym"),
    ("Russia", "RUS", "country"),
    ("Russian", "RUS", "demonym"),
    ("Moscow", "RUS", "capital"),
    ("Kremlin", "RUS", "government"),
    ("China", "CHN", "country"),
    ("Chinese", "CHN", "demonym"),
    ("Beijing", "CHN", "capital"),
    ("North Korea", "PRK", "country"),
    ("Pyongyang", "PRK", "capital"),
    ("Iran", "IRN", "country"),
    ("Iranian", "IRN", "demonym"),
    ("Tehran", "IRN", "capital"),
    ("Libya", "LBY", "country"),
    ("Syria", "SYR", "country"),
    ("Damascus", "SYR", "capital"),
    ("Hungary", "HUN", "country"),
    ("Belarus", "BLR", "country"),
    ("Belarusian", "BLR", "demonym"),
    ("Canada", "CAN", "country"),
    ("Japan", "JPN", "country"),
    ("Myanmar", "MMR", "country"),
    ("Venezuela", "VEN", "country"),
    ("Venezuelan", "VEN", "demonym"),
    ("Caracas", "VEN", "capital"),
    ("Britain", "GBR", "country"),
    ("Turkey", "TUR", "country"),
    ("Ankara", "TUR", "capital"),
    ("Cuba", "CUB", "country"),
    ("India", "IND", "country"),
    ("Germany", "DEU", "country"),
];

/// The actors in `text`: longest term first, whole words, no overlaps.
fn actor_annotations(text: &str) -> Vec<Annotation> {
    let mut terms: Vec<&(&str, &str, &str)> = ACTORS.iter().collect();
    terms.sort_by_key(|(term, _, _)| std::cmp::Reverse(term.len()));
    let mut taken = vec![false; text.len()];
    let mut found = Vec::new();
    for &&(term, id, kind) in &terms {
        for (start, _) in text.match_indices(term) {
            let end = start + term.len();
            let boundary = |at: usize, before: bool| {
                let c = if before {
                    text[..at].chars().next_back()
                } else {
                    text[at..].chars().next()
                };
                c.is_none_or(|c| !c.is_alphanumeric())
            };
            if !boundary(start, true) || !boundary(end, false) || taken[start..end].contains(&true)
            {
                continue;
            }
            taken[start..end].iter_mut().for_each(|t| *t = true);
            found.push(Annotation {
                label: "actor".into(),
                start,
                end,
                text: term.into(),
                plugin: "actors".into(),
                attrs: Attrs::new().with("id", id).with("kind", kind),
            });
        }
    }
    found.sort_by_key(|a| a.start);
    found
}

/// `(span text, attributes)` of every sanction in `text`.
fn sanctions(text: &str) -> Vec<(String, String)> {
    let plugin = Sanctions::new(&Config::default()).unwrap();
    let actors = actor_annotations(text);
    let mut spans = Vec::new();
    plugin
        .annotate(
            &Document::new("test", text, &actors),
            &mut Emitter::collect_into(&mut spans),
        )
        .unwrap();
    spans
        .into_iter()
        .map(|s| {
            assert_eq!(s.label, LABEL);
            (text[s.start..s.end].to_owned(), s.attrs.to_string())
        })
        .collect()
}

/// Expected `(span text, attributes as JSON)`.
fn expect(text: &str, expected: &[(&str, &str)]) {
    let got = sanctions(text);
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(t, a)| ((*t).to_owned(), (*a).to_owned()))
        .collect();
    assert_eq!(got, expected, "in {text:?}");
}

fn none(text: &str) {
    expect(text, &[]);
}

#[test]
fn imposed_embargo_with_imposer_and_target() {
    expect(
        "The United Nations imposed an arms embargo on Libya in 2011.",
        &[(
            "an arms embargo",
            r#"{"action":"impose","cameo":"163","imposer":["UN"],"instrument":"embargo","target":["LBY"]}"#,
        )],
    );
}

#[test]
fn headline_slaps_new_sanctions() {
    expect(
        "US slaps new sanctions on North Korea",
        &[(
            "new sanctions",
            r#"{"action":"impose","cameo":"163","imposer":["USA"],"instrument":"sanctions","target":["PRK"]}"#,
        )],
    );
}

#[test]
fn possessor_is_the_imposer_and_stays_out_of_the_span() {
    expect(
        "The European Union’s embargo on Russian oil took effect in December.",
        &[(
            "embargo",
            r#"{"action":"mention","imposer":["EU"],"instrument":"embargo","target":["RUS"]}"#,
        )],
    );
}

#[test]
fn premodifier_imposer_and_target_phrase() {
    expect(
        "EU sanctions against Iran remain in force.",
        &[(
            "EU sanctions",
            r#"{"action":"mention","imposer":["EU"],"instrument":"sanctions","target":["IRN"]}"#,
        )],
    );
    expect(
        "Tehran has long been under U.S. sanctions.",
        &[(
            "U.S. sanctions",
            r#"{"action":"mention","imposer":["USA"],"instrument":"sanctions","target":["IRN"]}"#,
        )],
    );
}

#[test]
fn lift_extend_evade() {
    expect(
        "Brussels eased sanctions on Belarus last week.",
        &[(
            "sanctions",
            r#"{"action":"lift","cameo":"085","imposer":["EU"],"instrument":"sanctions","target":["BLR"]}"#,
        )],
    );
    expect(
        "Canada renewed its travel ban on Belarusian officials.",
        &[(
            "its travel ban",
            r#"{"action":"extend","cameo":"163","imposer":["CAN"],"instrument":"travel_ban","target":["BLR"]}"#,
        )],
    );
    expect(
        "Smugglers circumvented the oil embargo on Syria for years.",
        &[(
            "the oil embargo",
            r#"{"action":"evade","instrument":"embargo","target":["SYR"]}"#,
        )],
    );
}

#[test]
fn threats() {
    expect(
        "Russia could face new sanctions if it attacks.",
        &[(
            "new sanctions",
            r#"{"action":"threaten","cameo":"1312","instrument":"sanctions","target":["RUS"]}"#,
        )],
    );
    expect(
        "Washington threatened to impose sanctions on Turkey.",
        &[(
            "sanctions",
            r#"{"action":"threaten","cameo":"1312","imposer":["USA"],"instrument":"sanctions","target":["TUR"]}"#,
        )],
    );
    expect(
        "The threat of sanctions hangs over Ankara.",
        &[(
            "sanctions",
            r#"{"action":"threaten","cameo":"1312","instrument":"sanctions"}"#,
        )],
    );
}

#[test]
fn veto_and_monitor() {
    expect(
        "China vetoed a draft resolution seeking sanctions on Myanmar.",
        &[(
            "sanctions",
            r#"{"action":"veto","instrument":"sanctions","target":["MMR"]}"#,
        )],
    );
    expect(
        "A panel that monitors the arms embargo on Libya reported new violations.",
        &[(
            "the arms embargo",
            r#"{"action":"monitor","instrument":"embargo","target":["LBY"]}"#,
        )],
    );
}

#[test]
fn export_controls_are_export_bans_and_to_names_the_target() {
    expect(
        "Japan announced export controls on chipmaking equipment to China.",
        &[(
            "export controls",
            r#"{"action":"impose","cameo":"163","imposer":["JPN"],"instrument":"export_ban","target":["CHN"]}"#,
        )],
    );
}

#[test]
fn entity_list_is_a_blacklist() {
    expect(
        "The Commerce Department added Huawei to the entity list in 2019. Beijing protested.",
        &[(
            "the entity list",
            r#"{"action":"impose","cameo":"163","instrument":"blacklist"}"#,
        )],
    );
}

#[test]
fn punitive_verb_sanction() {
    expect(
        "The United States sanctioned three Chinese companies on Tuesday.",
        &[(
            "sanctioned",
            r#"{"action":"impose","cameo":"163","imposer":["USA"],"instrument":"sanctions","target":["CHN"]}"#,
        )],
    );
    expect(
        "EU sanctions 20 Russian officials over Navalny death",
        &[(
            "sanctions",
            r#"{"action":"impose","cameo":"163","imposer":["EU"],"instrument":"sanctions","target":["RUS"]}"#,
        )],
    );
}

#[test]
fn sanction_meaning_approve_is_not_a_sanction() {
    none("The board sanctioned the plan on Monday.");
    none("It was an officially sanctioned event.");
    none("The Security Council did not sanction the use of force.");
    none("Nobody sanctioned a cheaper dinner, the chef said.");
    none("Trading with sanctioned firms is risky.");
}

#[test]
fn a_document_without_any_actor_has_no_sanctions() {
    none("Social sanctions against smoking have grown.");
    none("The court imposed sanctions on the lawyers for misconduct.");
    none("The article is under embargo until 9am.");
}

#[test]
fn not_sanctions() {
    none("The bishop gave his sanction to the marriage of the Russian envoy.");
    none("Social sanctions against smoking have grown in Britain.");
    none("The article on Iran is under embargo until 9am.");
    none("India will halve its 150% tariff on Scotch whisky.");
    none("Britain froze the assets of three Russian oligarchs.");
    none("The league imposed a transfer embargo on the club.");
    none("The club was hit with a ten-point deduction and a sanction from the league.");
    none("The Senate passed the Sanctions Act in 2017.");
    none("The sanctions committee met on Tuesday.");
    none("Restrictions and curbs on exports were tightened.");
}

#[test]
fn coordinated_measures_are_separate_spans_sharing_their_governor() {
    expect(
        "Asset freezes and travel bans were imposed on Belarusian officials.",
        &[
            (
                "Asset freezes",
                r#"{"action":"impose","cameo":"163","instrument":"asset_freeze","target":["BLR"]}"#,
            ),
            (
                "travel bans",
                r#"{"action":"impose","cameo":"163","instrument":"travel_ban","target":["BLR"]}"#,
            ),
        ],
    );
}

#[test]
fn passives_negation_and_relief() {
    expect(
        "The sanctions were lifted in 2016. Iran welcomed the move.",
        &[(
            "The sanctions",
            r#"{"action":"lift","cameo":"085","instrument":"sanctions"}"#,
        )],
    );
    expect(
        "Germany refused to lift the sanctions on Russia.",
        &[(
            "the sanctions",
            r#"{"action":"mention","instrument":"sanctions","target":["RUS"]}"#,
        )],
    );
    expect(
        "Cuba is still waiting for sanctions relief.",
        &[(
            "sanctions relief",
            r#"{"action":"lift","cameo":"085","instrument":"sanctions"}"#,
        )],
    );
    expect(
        "The lifting of sanctions on Iran revived its oil exports.",
        &[(
            "sanctions",
            r#"{"action":"lift","cameo":"085","instrument":"sanctions","target":["IRN"]}"#,
        )],
    );
}

#[test]
fn counter_sanctions_and_retaliation() {
    expect(
        "Moscow retaliated with counter-sanctions on Western food imports.",
        &[(
            "counter-sanctions",
            r#"{"action":"impose","cameo":"163","imposer":["RUS"],"instrument":"sanctions"}"#,
        )],
    );
}

#[test]
fn dateline_fills_nothing() {
    expect(
        "WASHINGTON — Sanctions on Caracas were eased.",
        &[(
            "Sanctions",
            r#"{"action":"lift","cameo":"085","instrument":"sanctions","target":["VEN"]}"#,
        )],
    );
}

#[test]
fn spans_are_on_character_boundaries_in_any_text() {
    let plugin = Sanctions::new(&Config::default()).unwrap();
    for text in [
        "",
        "sanctions",
        "’s sanctions’",
        "Sanctions — 制裁 sanctions on 北京’s",
        "U.S.-led sanctions, embargo… and\n\nthe blacklist",
        "the  \u{301}sanctions\u{2029}on Iran",
    ] {
        let actors = actor_annotations(text);
        let mut spans = Vec::new();
        plugin
            .annotate(
                &Document::new("t", text, &actors),
                &mut Emitter::collect_into(&mut spans),
            )
            .unwrap();
        for s in spans {
            assert!(s.start < s.end && s.end <= text.len());
            assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        }
    }
}

/// Every window of a text dense with triggers, cut anywhere: no panic, valid spans.
#[test]
fn any_window_of_any_text_is_safe() {
    let text = "WASHINGTON — The U.S.-led sanctions on Russia’s banks, an arms embargo, asset \
        freezes and travel bans were lifted; Iran’s “sanctions relief” (which Tehran sought) \
        was vetoed. Turkey, which bought S-400s, was sanctioned by the United States. Nobody \
        sanctioned it. EU sanctions 20 Russian officials — sanctions-hit Caracas evades the \
        embargo’s\nexport controls, adding firms to a blacklist of 北京’s suppliers to China.";
    let plugin = Sanctions::new(&Config::default()).unwrap();
    let bounds: Vec<usize> = (0..=text.len())
        .filter(|&i| text.is_char_boundary(i))
        .collect();
    for (n, &start) in bounds.iter().enumerate().step_by(3) {
        for &end in bounds[n..].iter().step_by(7) {
            let window = &text[start..end];
            let actors = actor_annotations(window);
            let mut spans = Vec::new();
            plugin
                .annotate(
                    &Document::new("t", window, &actors),
                    &mut Emitter::collect_into(&mut spans),
                )
                .unwrap();
            for s in &spans {
                assert!(s.start < s.end && s.end <= window.len(), "{window:?}");
                assert!(window.is_char_boundary(s.start) && window.is_char_boundary(s.end));
            }
            for pair in spans.windows(2) {
                assert!(
                    pair[0].end <= pair[1].start,
                    "overlapping spans in {window:?}"
                );
            }
        }
    }
}

#[test]
fn governors_at_a_distance() {
    expect(
        "The EU agreed its 14th package of sanctions against Russia on Monday.",
        &[(
            "sanctions",
            r#"{"action":"impose","cameo":"163","imposer":["EU"],"instrument":"sanctions","target":["RUS"]}"#,
        )],
    );
    expect(
        "The council renewed for six months its sanctions against Damascus.",
        &[(
            "its sanctions",
            r#"{"action":"extend","cameo":"163","instrument":"sanctions","target":["SYR"]}"#,
        )],
    );
    expect(
        "Hungary blocked the renewal of sanctions on Russia.",
        &[(
            "sanctions",
            r#"{"action":"veto","instrument":"sanctions","target":["RUS"]}"#,
        )],
    );
    expect(
        "Russia’s Gazprombank was added to the U.S. sanctions list in November.",
        &[(
            "the U.S. sanctions list",
            r#"{"action":"impose","cameo":"163","imposer":["USA"],"instrument":"sanctions","target":["RUS"]}"#,
        )],
    );
}

#[test]
fn targets_and_threateners_elsewhere_in_the_sentence() {
    expect(
        "Russia could be hit with more sanctions, the EU warned.",
        &[(
            "more sanctions",
            r#"{"action":"threaten","cameo":"1312","imposer":["EU"],"instrument":"sanctions","target":["RUS"]}"#,
        )],
    );
    expect(
        "Iran's economy has been crippled by sanctions.",
        &[(
            "sanctions",
            r#"{"action":"mention","instrument":"sanctions","target":["IRN"]}"#,
        )],
    );
    expect(
        "Western sanctions, which cut most Russian banks off from SWIFT, hurt trade.",
        &[(
            "Western sanctions",
            r#"{"action":"mention","instrument":"sanctions","target":["RUS"]}"#,
        )],
    );
}

mod config_cases;
mod news_cases;
