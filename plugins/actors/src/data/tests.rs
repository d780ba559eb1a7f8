use std::collections::{HashMap, HashSet};

use super::*;

fn actor(id: &str, kind: Kind) -> Actor {
    Actor {
        id: id.to_owned(),
        kind,
    }
}

/// The actors a term list stands for (surnames included).
fn actors(terms: &[Entry]) -> impl Iterator<Item = &Actor> {
    terms.iter().filter_map(|(_, t)| match t {
        Term::Actor(a) | Term::Surname(a) => Some(a),
        Term::Ignore => None,
    })
}

#[test]
fn built_in_terms_are_unique_and_refer_to_listed_actors() {
    let file = parse(BUILT_IN).unwrap();
    assert!(file.terms.len() > 900, "{}", file.terms.len());
    let mut seen = HashMap::new();
    for (term, meaning) in &file.terms {
        if let Some(earlier) = seen.insert(term.as_str(), meaning) {
            panic!("{term:?} is listed twice: {earlier:?} and {meaning:?}");
        }
    }
    // Capitals, leaders, demonyms ... stand for a state or organisation that is listed.
    let named: HashSet<&str> = actors(&file.terms)
        .filter(|a| matches!(a.kind, Kind::Country | Kind::Organization))
        .map(|a| a.id.as_str())
        .collect();
    for actor in actors(&file.terms) {
        assert!(
            named.contains(actor.id.as_str()),
            "{actor:?} has no country or organization row"
        );
    }
    let kinds: HashSet<Kind> = actors(&file.terms).map(|a| a.kind).collect();
    assert_eq!(kinds.len(), Kind::ALL.len());
}

#[test]
fn every_surname_is_a_word_of_a_leader_name() {
    let file = parse(BUILT_IN).unwrap();
    let leader_words: HashSet<(&str, &str)> = file
        .terms
        .iter()
        .filter_map(|(term, t)| match t {
            Term::Actor(a) if a.kind == Kind::Leader => Some((a.id.as_str(), term.as_str())),
            _ => None,
        })
        .flat_map(|(id, term)| marginalia_text::words::words(term).map(move |r| (id, &term[r])))
        .collect();
    for (term, meaning) in &file.terms {
        if let Term::Surname(a) = meaning {
            assert!(
                leader_words.contains(&(a.id.as_str(), term.as_str())),
                "{term:?} of {}",
                a.id
            );
        }
    }
}

#[test]
fn every_homograph_is_spelled_like_a_term() {
    let file = parse(BUILT_IN).unwrap();
    let lower: HashSet<String> = file.terms.iter().map(|(t, _)| t.to_lowercase()).collect();
    assert!(!file.homographs.is_empty());
    for word in &file.homographs {
        assert!(lower.contains(word), "{word:?}");
    }
}

#[test]
fn line_forms() {
    let file = parse("# c\n\nPRK surname Kim\n-  ignore  US$ | Iran Air\n- homograph turkey\nRUS  country  Russia").unwrap();
    let expected = [
        ("Kim", Term::Surname(actor("PRK", Kind::Leader))),
        ("US$", Term::Ignore),
        ("Iran Air", Term::Ignore),
        ("Russia", Term::Actor(actor("RUS", Kind::Country))),
    ];
    assert_eq!(file.terms, expected.map(|(t, m)| (t.to_owned(), m)));
    assert_eq!(file.homographs, ["turkey"]);
    assert_eq!(
        parse("\n# only comments\n").unwrap(),
        LexiconFile::default()
    );
}

#[test]
fn bad_lines_are_errors_naming_the_line() {
    let error = |data: &str| parse(data).unwrap_err().to_string();
    assert!(error("# c\nRUS country").contains("line 2"));
    assert!(error("RUS nation Russia").contains("unknown kind"));
    assert!(error("rus country Russia").contains("upper-case"));
    assert!(error("RUS ignore Russia").contains("`ignore`"));
    assert!(error("- country Russia").contains("`ignore`"));
    assert!(error("- homograph Turkey").contains("\"Turkey\""));
    assert!(error("RUS country Russia | | Moscow").contains("empty terms"));
}
