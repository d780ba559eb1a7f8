use marginalia_core::{AttrValue, Config, Document, Emitter, Plugin, Span};

use crate::Rules;

fn rules(toml: &str) -> Rules {
    Rules::new(&Config::from_toml_str(toml).unwrap()).unwrap()
}

fn config_error(toml: &str) -> String {
    Rules::new(&Config::from_toml_str(toml).unwrap())
        .unwrap_err()
        .to_string()
}

/// The spans over `text`, checked: on character boundaries, non-empty, sorted, and no two of
/// one label overlapping.
fn spans(rules: &Rules, text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    rules
        .annotate(
            &Document::new("doc", text, &[]),
            &mut Emitter::collect_into(&mut spans),
        )
        .unwrap();
    for s in &spans {
        assert!(
            s.start < s.end && text.get(s.start..s.end).is_some(),
            "{s:?}"
        );
        assert!(rules.labels().contains(&s.label), "{s:?}");
    }
    for (i, a) in spans.iter().enumerate() {
        for b in &spans[i + 1..] {
            assert!((a.start, a.end) <= (b.start, b.end), "sorted: {a:?} {b:?}");
            if a.label == b.label {
                assert!(a.end <= b.start, "same label overlaps: {a:?} {b:?}");
            }
        }
    }
    spans
}

/// `(text, label)` of each span.
fn found<'t>(rules: &Rules, text: &'t str) -> Vec<(&'t str, String)> {
    spans(rules, text)
        .into_iter()
        .map(|s| (&text[s.start..s.end], s.label))
        .collect()
}

fn attr<'s>(span: &'s Span, key: &str) -> Option<&'s str> {
    span.attrs.get(key).and_then(AttrValue::as_str)
}

const ORGS: &str = r#"
[[terms]]
label = "organization"
terms = ["World Bank", "IMF", "International Monetary Fund"]
attrs = { kind = "lender" }
"#;

#[test]
fn terms_match_whole_words_in_any_ascii_case() {
    let r = rules(ORGS);
    let text = "The imf, the IMF's staff and the World\n  BANK; not IMFX or the Bank.";
    assert_eq!(
        found(&r, text),
        [
            ("imf", "organization".into()),
            ("IMF", "organization".into()),
            ("World\n  BANK", "organization".into()),
        ]
    );
    let s = &spans(&r, text)[0];
    assert_eq!(attr(s, "kind"), Some("lender"));
}

#[test]
fn terms_are_compared_in_unicode_lower_case() {
    let r = rules("[[terms]]\nlabel = \"place\"\nterms = [\"palais de l’élysée\"]\n");
    let text = "Palais de l'Élysée, PALAIS DE L’ÉLYSÉE, palais de l'élysée.";
    assert_eq!(found(&r, text).len(), 3, "{:?}", found(&r, text));
}

#[test]
fn offsets_survive_characters_whose_lower_case_is_shorter_or_longer() {
    // `ẞ` (3 bytes) lowers to `ß` (2), `Ω` (Ohm sign, 3) to `ω` (2), `İ` (2) to `i̇` (3).
    let r = rules("[[terms]]\nlabel = \"city\"\nterms = [\"İstanbul\", \"Zürich\", \"straße\"]\n");
    let text = "ẞ Ω İSTANBUL, ΩZürich, Zürich, STRAẞE, İstanbul, ISTANBUL.";
    assert_eq!(
        found(&r, text),
        [
            ("İSTANBUL", "city".into()),
            ("Zürich", "city".into()),
            ("STRAẞE", "city".into()),
            ("İstanbul", "city".into()),
        ]
    );
}

#[test]
fn the_longest_term_wins_whatever_its_label() {
    let r = rules(
        r#"
[[terms]]
label = "word"
terms = ["Bank", "Monetary"]
[[terms]]
label = "organization"
terms = ["World Bank", "International Monetary Fund"]
"#,
    );
    assert_eq!(
        found(&r, "World Bank, the Bank, International Monetary Fund"),
        [
            ("World Bank", "organization".into()),
            ("Bank", "word".into()),
            ("International Monetary Fund", "organization".into()),
        ]
    );
}

#[test]
fn a_term_under_two_labels_gives_a_span_for_each_and_the_first_rule_of_a_label_wins() {
    let r = rules(
        r#"
[[terms]]
label = "organization"
terms = ["IMF"]
attrs = { rule = 1 }
[[terms]]
label = "lender"
terms = ["imf"]
[[terms]]
label = "organization"
terms = ["Imf"]
attrs = { rule = 3 }
"#,
    );
    let found = spans(&r, "IMF");
    assert_eq!(
        found.iter().map(|s| s.label.as_str()).collect::<Vec<_>>(),
        ["lender", "organization"]
    );
    assert_eq!(found[1].attrs.get("rule"), Some(&AttrValue::Int(1)));
}

#[test]
fn patterns_tag_whole_matches_with_their_attrs() {
    let r = rules(
        r#"
[[patterns]]
label = "case_number"
pattern = '\bCase No\. \d+\b'
attrs = { source = "court", tags = ["legal", "id"], weight = 0.5, checked = true }
[[patterns]]
label = "year"
pattern = '\b(?:19|20)\d\d\b'
"#,
    );
    let text = "In 2024, Case No. 17 and case no. 18 (Case No. 123) were heard.";
    assert_eq!(
        found(&r, text),
        [
            ("2024", "year".into()),
            ("Case No. 17", "case_number".into()),
            ("Case No. 123", "case_number".into()),
        ]
    );
    let s = &spans(&r, text)[1];
    assert_eq!(
        s.attrs.to_string(),
        r#"{"checked":true,"source":"court","tags":["legal","id"],"weight":0.5}"#
    );
    assert_eq!(r.labels(), ["case_number", "year"]);
    assert_eq!(r.emits(), ["case_number", "year"]);
}

#[test]
fn overlaps_within_a_label_are_leftmost_longest_then_first_rule() {
    let r = rules(
        r#"
[[terms]]
label = "money"
terms = ["dollars"]
attrs = { rule = "term" }
[[patterns]]
label = "money"
pattern = '\d+ dollars'
attrs = { rule = "amount" }
[[patterns]]
label = "money"
pattern = '\d+ \w+'
attrs = { rule = "any" }
[[patterns]]
label = "number"
pattern = '\d+'
"#,
    );
    let text = "5 dollars and dollars";
    let found = spans(&r, text);
    let summary: Vec<(&str, &str, Option<&str>)> = found
        .iter()
        .map(|s| (&text[s.start..s.end], s.label.as_str(), attr(s, "rule")))
        .collect();
    assert_eq!(
        summary,
        [
            // `5 dollars` from two patterns: equally long, the first written wins; the term
            // `dollars` inside it is dropped; `5` has another label and stays.
            ("5", "number", None),
            ("5 dollars", "money", Some("amount")),
            ("dollars", "money", Some("term")),
        ]
    );
}

#[test]
fn a_term_and_a_pattern_of_one_label_keep_the_leftmost() {
    let r = rules(
        r#"
[[terms]]
label = "x"
terms = ["beta gamma"]
[[patterns]]
label = "x"
pattern = 'alpha beta'
"#,
    );
    assert_eq!(found(&r, "alpha beta gamma"), [("alpha beta", "x".into())]);
}

#[test]
fn emits_are_the_distinct_labels_sorted() {
    let r = rules(
        "[[patterns]]\nlabel = \"b\"\npattern = 'b'\n[[terms]]\nlabel = \"a\"\nterms = [\"a\"]\n[[patterns]]\nlabel = \"b\"\npattern = 'bb'\n",
    );
    assert_eq!(r.emits(), ["a", "b"]);
    assert_eq!(
        <Rules as Plugin>::manifest().emits,
        ["*"],
        "labels come from the instance"
    );
}

#[test]
fn matches_are_found_on_unicode_text_and_spans_stay_on_boundaries() {
    let r = rules(
        "[[terms]]\nlabel = \"city\"\nterms = [\"Zürich\", \"北京\"]\n[[patterns]]\nlabel = \"emoji\"\npattern = '\\p{Extended_Pictographic}+'\n",
    );
    assert_eq!(
        found(&r, "«Zürich» 😀😀 北京"),
        [
            ("Zürich", "city".into()),
            ("😀😀", "emoji".into()),
            ("北京", "city".into()),
        ]
    );
}

#[test]
fn an_invalid_pattern_names_its_line_column_and_character() {
    let toml = "[[terms]]\nlabel = \"org\"\nterms = [\"IMF\"]\n\n[[patterns]]\nlabel = \"case_number\"\npattern   =   'Case No\\. (\\d+'\n";
    assert_eq!(
        config_error(toml),
        "line 7, column 15: invalid regular expression for label `case_number`: unclosed group, at character 11 of the pattern `Case No\\. (\\d+`"
    );
    assert_eq!(
        config_error("[[patterns]]\nlabel = \"x\"\npattern = 'a{2,1}'"),
        "line 3, column 11: invalid regular expression for label `x`: invalid repetition count range, the start must be <= the end, at character 2 of the pattern `a{2,1}`"
    );
    assert!(
        config_error("[[patterns]]\nlabel = \"x\"\npattern = '\\pX'").starts_with(
            "line 3, column 11: invalid regular expression for label `x`: Unicode property not found, at character 1"
        )
    );
}

#[test]
fn a_pattern_that_can_match_nothing_is_refused() {
    assert_eq!(
        config_error("[[patterns]]\nlabel = \"n\"\npattern = '\\d*'"),
        "line 3, column 11: the regular expression `\\d*` for label `n` can match the empty string; a rule must match at least one character (`+` rather than `*`?)"
    );
    assert!(config_error("[[patterns]]\nlabel = \"n\"\npattern = ''").contains("empty string"));
}

#[test]
fn bad_shapes_are_errors_with_positions() {
    assert_eq!(
        config_error("[[terms]]\nlabel = \"org\"\nterms = [\"IMF\"]\n  term = \"x\"\n"),
        "line 4, column 3: unknown field `term`, expected one of `label`, `terms`, `attrs`"
    );
    assert_eq!(
        config_error("[[patterns]]\nlabel = \"x\"\n"),
        "line 1, column 1: missing field `pattern`"
    );
    assert_eq!(
        config_error("rules = []"),
        "line 1, column 1: unknown field `rules`, expected `terms` or `patterns`"
    );
    assert_eq!(
        config_error("[[terms]]\nlabel = \"\"\nterms = [\"a\"]"),
        "line 2, column 9: label \"\" is not a label name: use lowercase letters, digits and `_`, starting with a letter, like `organization` or `case_number`"
    );
    assert!(
        config_error("[[terms]]\nlabel = \"Org\"\nterms = [\"a\"]")
            .starts_with("line 2, column 9: label \"Org\" is not a label name")
    );
    assert_eq!(
        config_error("[[terms]]\nlabel = \"org\"\nterms = []"),
        "line 3, column 9: `terms` of label `org` is empty: list at least one term"
    );
    assert_eq!(
        config_error("[[terms]]\nlabel = \"org\"\nterms = [\"IMF\", \"  \"]"),
        "line 3, column 17: empty term in the `terms` of label `org`"
    );
    assert_eq!(
        config_error("[[terms]]\nlabel = \"org\"\nterms = \"IMF\""),
        "line 3, column 9: invalid type: string \"IMF\", expected a sequence"
    );
    assert_eq!(
        config_error("[[terms]]\nlabel = \"org\"\nterms = [\"IMF\"]\nattrs = { w = nan }"),
        "line 4, column 9: `attrs` of label `org` hold a number that is not finite (nan or inf)"
    );
    assert!(
        config_error("[[terms]]\nlabel = \"org\"\nterms = [\"IMF\"]\nattrs = { d = 1979-05-27 }")
            .starts_with("line 4, column ")
    );
}

#[test]
fn no_rules_is_an_error() {
    assert_eq!(
        config_error(""),
        "no rules: add a [[plugins.rules.terms]] or [[plugins.rules.patterns]] table with a `label`"
    );
    assert_eq!(
        Rules::new(&Config::default()).unwrap_err().to_string(),
        config_error("")
    );
}
