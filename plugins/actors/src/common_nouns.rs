//! Capitalised actor names that are also common nouns: `Turkey` the bird, `China` the porcelain.
//!
//! Rule: when a document writes one of the lexicon's homographs (`turkey`) in lower case as
//! a word, an actor match spelled the same (ignoring case) that opens a sentence or a headline
//! (only punctuation before it in its sentence) is read as the common noun and not tagged.
//! "Turkey prices fall" in a story about roast turkey is the bird; "Turkey said" in a story
//! that never writes "turkey" is the country; mid-sentence capitals stay actors.

use std::collections::HashSet;
use std::ops::Range;

use marginalia_text::Sentences;
use marginalia_text::words::words;

/// The homographs one document writes in lower case, and its sentences.
#[derive(Debug)]
pub(crate) struct CommonNouns<'t> {
    text: &'t str,
    written: HashSet<&'t str>,
    sentences: Sentences,
}

impl<'t> CommonNouns<'t> {
    /// `None` when `text` writes none of `homographs` in lower case (the usual case, cheap).
    pub(crate) fn find(text: &'t str, homographs: &HashSet<String>) -> Option<Self> {
        let written: HashSet<&str> = words(text)
            .map(|r| &text[r])
            .filter(|w| homographs.contains(*w))
            .collect();
        (!written.is_empty()).then(|| CommonNouns {
            text,
            written,
            sentences: Sentences::new(text),
        })
    }

    /// Whether the match at `range` reads as a common noun (see the module doc).
    pub(crate) fn covers(&self, range: &Range<usize>) -> bool {
        let Some(matched) = self.text.get(range.clone()) else {
            return false;
        };
        if !self.written.contains(matched.to_lowercase().as_str()) {
            return false;
        }
        let Some(sentence) = self.sentences.containing(range.start) else {
            return false;
        };
        !self.text[sentence.start..range.start].contains(char::is_alphanumeric)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nouns() -> HashSet<String> {
        ["turkey", "china"].map(String::from).into()
    }

    #[test]
    fn sentence_openers_are_nouns_when_the_lower_case_form_is_written() {
        let text =
            "TURKEY PRICES FALL\n\nTurkey is cheap. \"Turkey sells.\" We eat turkey with Turkey.";
        let common = CommonNouns::find(text, &nouns()).unwrap();
        let at = |needle: &str, nth: usize| {
            let start = text.match_indices(needle).nth(nth).unwrap().0;
            common.covers(&(start..start + needle.len()))
        };
        assert!(at("TURKEY", 0));
        assert!(at("Turkey", 0));
        assert!(at("Turkey", 1));
        assert!(!at("Turkey", 2)); // mid-sentence
    }

    #[test]
    fn nothing_changes_without_the_lower_case_form() {
        assert!(CommonNouns::find("Turkey said so. China agreed.", &nouns()).is_none());
        assert!(CommonNouns::find("Turkeys and chinaware", &nouns()).is_none());
    }
}
