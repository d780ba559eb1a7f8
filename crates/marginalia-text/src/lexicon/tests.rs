use super::*;

fn lexicon(case: Case, terms: &[(&str, u32)]) -> Lexicon<u32> {
    Lexicon::new(case, terms.iter().copied()).unwrap()
}

/// `(matched text, value)` for every match.
fn found<'t>(lexicon: &Lexicon<u32>, text: &'t str) -> Vec<(&'t str, u32)> {
    lexicon
        .find_all(text)
        .into_iter()
        .map(|m| (&text[m.range], *m.value))
        .collect()
}

#[test]
fn longest_term_wins() {
    let lex = lexicon(
        Case::Sensitive,
        &[("Korea", 1), ("North Korea", 2), ("South Korea", 3)],
    );
    assert_eq!(
        found(&lex, "North Korea, South Korea, Korea"),
        [("North Korea", 2), ("South Korea", 3), ("Korea", 1)]
    );
}

#[test]
fn whole_words_only() {
    let lex = lexicon(
        Case::Sensitive,
        &[("Iran", 1), ("Korea", 2), ("US", 3), ("Niger", 4)],
    );
    assert_eq!(found(&lex, "Iranian Korean USD Nigeria xIran"), []);
    assert_eq!(
        found(&lex, "Iran's Korea’s anti-US US-backed (Niger)"),
        [
            ("Iran", 1),
            ("Korea", 2),
            ("US", 3),
            ("US", 3),
            ("Niger", 4)
        ]
    );
}

#[test]
fn punctuation_edges_need_no_boundary() {
    let lex = lexicon(Case::Sensitive, &[("U.S.", 1), ("US$", 2), ("US", 3)]);
    assert_eq!(
        found(&lex, "the U.S.-led US$5 U.S.A"),
        [("U.S.", 1), ("US$", 2), ("U.S.", 1)]
    );
}

#[test]
fn falls_back_to_a_shorter_term_when_the_longer_fails_a_boundary() {
    let lex = lexicon(Case::Sensitive, &[("Korea", 1), ("Korea Strait", 2)]);
    assert_eq!(found(&lex, "Korea Straits"), [("Korea", 1)]);
    assert_eq!(found(&lex, "Korea Strait."), [("Korea Strait", 2)]);
}

#[test]
fn case_modes() {
    let terms = [("US", 1), ("Turkey", 2), ("sanctions", 3)];
    let text = "us US Turkey turkey TURKEY sanctions Sanctions";
    assert_eq!(
        found(&lexicon(Case::Sensitive, &terms), text),
        [("US", 1), ("Turkey", 2), ("sanctions", 3)]
    );
    assert_eq!(
        found(&lexicon(Case::AsWrittenOrUpper, &terms), text),
        [("US", 1), ("Turkey", 2), ("TURKEY", 2), ("sanctions", 3)]
    );
    assert_eq!(
        found(&lexicon(Case::AsciiInsensitive, &terms), text).len(),
        7
    );
}

#[test]
fn case_failure_falls_back_like_a_boundary_failure() {
    let lex = lexicon(Case::AsWrittenOrUpper, &[("Korea", 1), ("Korea Strait", 2)]);
    assert_eq!(found(&lex, "Korea strait"), [("Korea", 1)]);
}

#[test]
fn hard_wrapped_terms_match_with_original_offsets() {
    let lex = lexicon(Case::Sensitive, &[("North Korea", 1), ("Kim Jong Un", 2)]);
    let text = "the North\n    Korea and Kim  Jong\r\nUn.";
    assert_eq!(
        found(&lex, text),
        [("North\n    Korea", 1), ("Kim  Jong\r\nUn", 2)]
    );
    assert_eq!(found(&lex, "North\n\nKorea"), []);
}

#[test]
fn terms_are_folded_too() {
    let lex = lexicon(Case::Sensitive, &[("  People’s  Republic\nof China ", 1)]);
    assert_eq!(
        lex.terms().next().map(|(t, _)| t),
        Some("People's Republic of China")
    );
    assert_eq!(
        found(&lex, "People's Republic of China"),
        [("People's Republic of China", 1)]
    );
    assert_eq!(
        found(&lex, "People’s Republic of\nChina"),
        [("People’s Republic of\nChina", 1)]
    );
}

#[test]
fn later_duplicates_win() {
    let lex = lexicon(
        Case::AsciiInsensitive,
        &[("Kyiv", 1), ("KYIV", 2), ("Kiev", 3)],
    );
    assert_eq!(lex.len(), 2);
    assert_eq!(found(&lex, "Kyiv, Kiev"), [("Kyiv", 2), ("Kiev", 3)]);
}

#[test]
fn reserved_phrases_swallow_shorter_terms() {
    let lex = Lexicon::new(
        Case::Sensitive,
        [("China", Some(1)), ("South China Sea", None)],
    )
    .unwrap();
    let values: Vec<Option<u32>> = lex
        .find_all("South China Sea, China")
        .iter()
        .map(|m| *m.value)
        .collect();
    assert_eq!(values, [None, Some(1)]);
}

#[test]
fn unicode_around_terms_keeps_offsets() {
    let lex = lexicon(Case::AsWrittenOrUpper, &[("Russia", 1), ("Élysée", 2)]);
    let text = "🇷🇺Russia🙂 访问Russia了 Russia\u{301} e\u{301}Russia ÉLYSÉE «Élysée»";
    assert_eq!(
        found(&lex, text),
        [("Russia", 1), ("Russia", 1), ("ÉLYSÉE", 2), ("Élysée", 2)]
    );
}

#[test]
fn arbitrary_input_does_not_panic() {
    let lex = lexicon(
        Case::AsciiInsensitive,
        &[("a", 1), ("a b", 2), ("é", 3), ("’", 4)],
    );
    let inputs = [
        "",
        " ",
        "\n\n",
        "a",
        "é",
        "\u{301}",
        "a\u{301}",
        "’’",
        "a \n\n b",
        "ab\u{2029}a b",
        "\u{10FFFF}a",
    ];
    for input in inputs {
        for m in lex.find_all(input) {
            assert!(
                input.get(m.range.clone()).is_some(),
                "{input:?} {:?}",
                m.range
            );
        }
    }
    assert_eq!(
        found(&lex, "’’ a\u{a0}b"),
        [("’", 4), ("’", 4), ("a\u{a0}b", 2)]
    );
}

#[test]
fn empty_terms_are_errors() {
    let err = Lexicon::new(Case::Sensitive, [("ok", 1), (" \n", 2)]).unwrap_err();
    assert_eq!(err.to_string(), "lexicon term #1 (\" \\n\") is empty");
}

#[test]
fn one_folding_serves_several_lexicons() {
    let countries = lexicon(Case::Sensitive, &[("Vietnam", 1)]);
    let triggers = lexicon(Case::AsciiInsensitive, &[("sanctions", 2)]);
    let text = FoldedText::new("Sanctions on\nVietnam");
    let all: Vec<Range<usize>> = triggers
        .find_iter(&text)
        .chain(countries.find_iter(&text))
        .map(|m| m.range)
        .collect();
    assert_eq!(all, [0..9, 13..20]);
}

#[test]
fn large_input_is_fast_enough() {
    let lex = lexicon(Case::AsciiInsensitive, &[("aaab", 1), ("a", 2)]);
    let text = "aaaa ".repeat(200_000);
    assert_eq!(lex.find_all(&text).len(), 0);
    let text = "a ".repeat(200_000);
    assert_eq!(lex.find_all(&text).len(), 200_000);
}
