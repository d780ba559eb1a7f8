use super::*;

fn split(text: &str) -> Vec<&str> {
    sentence_ranges(text)
        .into_iter()
        .map(|r| &text[r])
        .collect()
}

#[test]
fn plain_sentences() {
    assert_eq!(
        split("One. Two! Three? Four"),
        ["One.", "Two!", "Three?", "Four"]
    );
}

#[test]
fn paragraph_breaks_split_and_hard_wraps_do_not() {
    let text = "TALKING POINT\n\nBankAmerica is not under\npressure to act\n    quickly on it";
    assert_eq!(
        split(text),
        [
            "TALKING POINT",
            "BankAmerica is not under\npressure to act\n    quickly on it"
        ]
    );
    assert_eq!(split("a\n \n b\u{2029}c"), ["a", "b", "c"]);
}

#[test]
fn abbreviations_and_titles() {
    assert_eq!(
        split("Mr. Putin met Dr. Lee. They talked."),
        ["Mr. Putin met Dr. Lee.", "They talked."]
    );
    assert_eq!(
        split("It fell on Jan. 26. BankAmerica Corp. said no."),
        ["It fell on Jan. 26.", "BankAmerica Corp. said no."]
    );
    assert_eq!(
        split("He joined Acme Corp. The firm grew."),
        ["He joined Acme Corp.", "The firm grew."]
    );
    assert_eq!(split("See No. 5 now."), ["See No. 5 now."]);
}

#[test]
fn acronyms_and_initials() {
    assert_eq!(
        split("The U.S. Treasury and the U.K. agreed."),
        ["The U.S. Treasury and the U.K. agreed."]
    );
    assert_eq!(
        split("He went to the U.S. The talks failed."),
        ["He went to the U.S.", "The talks failed."]
    );
    assert_eq!(
        split("J. R. Smith, e.g. the boss, left at 9 a.m. today."),
        ["J. R. Smith, e.g. the boss, left at 9 a.m. today."]
    );
}

#[test]
fn decimals_and_attached_punctuation_do_not_split() {
    assert_eq!(
        split("Trade was $3.6 billion, up 12.4 pct. The U.S.-led bloc. Next"),
        [
            "Trade was $3.6 billion, up 12.4 pct.",
            "The U.S.-led bloc.",
            "Next"
        ]
    );
    assert_eq!(
        split("It rose 3.6. Analysts said so."),
        ["It rose 3.6.", "Analysts said so."]
    );
}

#[test]
fn quotes_stay_with_their_sentence() {
    assert_eq!(
        split("He said: \"No.\" Then left. (Really.) Yes"),
        ["He said: \"No.\"", "Then left.", "(Really.)", "Yes"]
    );
    assert_eq!(
        split("Vietnam’s “bamboo diplomacy.” It works."),
        ["Vietnam’s “bamboo diplomacy.”", "It works."]
    );
}

#[test]
fn ellipses_split_only_before_capitals() {
    assert_eq!(
        split("Well... maybe. Wait… What?"),
        ["Well... maybe.", "Wait…", "What?"]
    );
}

#[test]
fn unicode_and_edge_input() {
    assert_eq!(split(""), Vec::<&str>::new());
    assert_eq!(split(" \n\n "), Vec::<&str>::new());
    assert_eq!(split("."), ["."]);
    assert_eq!(
        split("🙂 Россия. 俄罗斯。中国！Ok"),
        ["🙂 Россия.", "俄罗斯。", "中国！", "Ok"]
    );
    assert_eq!(split("Café\u{301}. É."), ["Café\u{301}.", "É."]);
}

#[test]
fn lookups_by_offset() {
    let text = "One two. Three.";
    let sentences = Sentences::new(text);
    assert_eq!(sentences.index_at(0), Some(0));
    assert_eq!(sentences.index_at(7), Some(0));
    assert_eq!(sentences.index_at(8), None); // the space between
    assert_eq!(sentences.containing(9), Some(9..15));
    assert!(sentences.same_sentence(&(0..3), &(4..7)));
    assert!(!sentences.same_sentence(&(0..3), &(9..14)));
    assert_eq!(sentences.index_at(99), None);
}
