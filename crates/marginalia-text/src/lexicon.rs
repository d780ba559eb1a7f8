//! Whole-word dictionary matching: a [`Lexicon`] maps terms to values and finds them in text.
//!
//! # Contract
//!
//! - **Whole words.** A match starts and ends on a word boundary as [`crate::words`] defines
//!   it: the characters just outside the match do not join the match's first and last
//!   characters. Apostrophes and hyphens are not word characters, so `Russia` matches in
//!   `Russia's`, `Russia’s` and `Russia-backed`, and `US` in `anti-US`; `Korea` does not match
//!   in `Korean`, `Iran` not in `Iranian`. A term that starts or ends with punctuation (`U.S.`,
//!   `US$`) only needs a boundary where its own edge is a word character.
//! - **Longest, leftmost, non-overlapping.** Matches come in text order, never overlap, and
//!   at each position the longest term wins (`North Korea` is one match, not `Korea`). When the
//!   longest term at a position fails the boundary or case rule, shorter terms at the same
//!   position are tried.
//! - **Whitespace and apostrophes are folded.** Terms and text are compared through
//!   [`FoldedText`]: any run of whitespace inside a term matches any run of whitespace in the
//!   text within one paragraph (`North\n    Korea` matches `North Korea`; a blank line does
//!   not), and `’` matches `'`. Match ranges are byte ranges into the **original** text.
//! - **Case** is set per lexicon by [`Case`].
//! - **Duplicates.** When two terms are the same after folding (and case folding, for
//!   [`Case::AsciiInsensitive`]), the later one wins. This is how callers let configuration
//!   override built-in terms.
//! - **Reserving phrases.** To stop a shorter term matching inside a longer phrase
//!   (`China` in `South China Sea`), add the phrase with a value that means "nothing", e.g.
//!   use `Option<V>` values and skip `None` matches.
//!
//! Matching never panics on any UTF-8 input and takes time linear in the text's length for a
//! given lexicon (each position is inspected at most a bounded number of times, bounded by the
//! longest term).

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};

use crate::fold::{FoldedText, SegmentCursor};
use crate::words::{char_at, is_word_boundary};

/// How a lexicon compares letter case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// Exactly as the term is written.
    Sensitive,
    /// ASCII letters in any case (`sanctions`, `Sanctions`, `SANCTIONS`); other letters exactly.
    /// For common nouns and trigger words.
    AsciiInsensitive,
    /// As written, or entirely in upper case (Unicode upper-casing): `Turkey` and `TURKEY`
    /// but not `turkey`; `US` but not `us`; `Nato` and `NATO`. For proper names, which news
    /// headlines (Reuters) print in capitals.
    AsWrittenOrUpper,
}

/// A problem with the terms a lexicon was built from.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    /// A term is empty or only whitespace.
    #[error("lexicon term #{index} ({term:?}) is empty")]
    EmptyTerm {
        /// Position of the term in the input.
        index: usize,
        /// The term as given.
        term: String,
    },
    /// The automaton could not be built (e.g. too many patterns).
    #[error("cannot build the lexicon's automaton")]
    Automaton(#[source] aho_corasick::BuildError),
}

/// One occurrence of a term.
#[derive(Debug, PartialEq)]
pub struct LexiconMatch<'l, V> {
    /// Byte range in the original text.
    pub range: Range<usize>,
    /// The term as it was added (not as written in the text).
    pub term: &'l str,
    /// The term's value.
    pub value: &'l V,
}

/// Terms mapped to values, matched as whole words (see the module doc).
///
/// ```
/// use marginalia_text::lexicon::{Case, Lexicon};
/// let lexicon = Lexicon::new(Case::AsWrittenOrUpper, [("Korea", 1), ("North Korea", 2), ("US", 3)]).unwrap();
/// let text = "North\nKorea’s talks with us and the US.";
/// let found: Vec<(&str, i32)> =
///     lexicon.find_all(text).into_iter().map(|m| (&text[m.range], *m.value)).collect();
/// assert_eq!(found, [("North\nKorea", 2), ("US", 3)]);
/// ```
#[derive(Debug)]
pub struct Lexicon<V> {
    automaton: AhoCorasick,
    case: Case,
    terms: Vec<(String, V)>,
    /// For each automaton pattern, the index of its term.
    pattern_terms: Vec<usize>,
}

/// A term with whitespace runs folded to single spaces and apostrophes to `'`, trimmed.
fn fold_term(term: &str) -> String {
    let folded = FoldedText::new(term);
    folded
        .as_str()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl<V> Lexicon<V> {
    /// Builds a lexicon from `(term, value)` pairs.
    pub fn new<T: AsRef<str>>(
        case: Case,
        terms: impl IntoIterator<Item = (T, V)>,
    ) -> Result<Self, LexiconError> {
        let mut unique: Vec<(String, V)> = Vec::new();
        let mut by_key: HashMap<String, usize> = HashMap::new();
        for (index, (term, value)) in terms.into_iter().enumerate() {
            let folded = fold_term(term.as_ref());
            if folded.is_empty() {
                return Err(LexiconError::EmptyTerm {
                    index,
                    term: term.as_ref().to_owned(),
                });
            }
            let key = match case {
                Case::AsciiInsensitive => folded.to_ascii_lowercase(),
                _ => folded.clone(),
            };
            match by_key.get(&key) {
                Some(&i) => unique[i] = (folded, value),
                None => {
                    by_key.insert(key, unique.len());
                    unique.push((folded, value));
                }
            }
        }
        let mut patterns: Vec<String> = Vec::new();
        let mut pattern_terms: Vec<usize> = Vec::new();
        let mut pattern_ids: HashMap<String, usize> = HashMap::new();
        for (i, (term, _)) in unique.iter().enumerate() {
            let mut variants = vec![term.clone()];
            if case == Case::AsWrittenOrUpper {
                variants.push(term.to_uppercase());
            }
            for pattern in variants {
                match pattern_ids.get(&pattern) {
                    Some(&id) => pattern_terms[id] = i,
                    None => {
                        pattern_ids.insert(pattern.clone(), patterns.len());
                        patterns.push(pattern);
                        pattern_terms.push(i);
                    }
                }
            }
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Both)
            .ascii_case_insensitive(case == Case::AsciiInsensitive)
            .build(&patterns)
            .map_err(LexiconError::Automaton)?;
        Ok(Lexicon {
            automaton,
            case,
            terms: unique,
            pattern_terms,
        })
    }

    /// The case rule.
    pub fn case(&self) -> Case {
        self.case
    }

    /// The number of distinct terms.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// Whether there are no terms.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The distinct terms (folded) and their values, in the order first added.
    pub fn terms(&self) -> impl Iterator<Item = (&str, &V)> {
        self.terms.iter().map(|(t, v)| (t.as_str(), v))
    }

    /// All matches in `text`, in order. Folds `text` first; to run several lexicons over one
    /// text, fold it once with [`FoldedText::new`] and use [`Lexicon::find_iter`].
    pub fn find_all(&self, text: &str) -> Vec<LexiconMatch<'_, V>> {
        let folded = FoldedText::new(text);
        self.find_iter(&folded).collect()
    }

    /// The matches in a folded text, in order, with ranges into its original text.
    pub fn find_iter<'l, 't>(&'l self, text: &'t FoldedText<'t>) -> Matches<'l, 't, V> {
        Matches {
            lexicon: self,
            text,
            position: 0,
            cursor: SegmentCursor::default(),
        }
    }
}

/// Iterator over a lexicon's matches in one text; see [`Lexicon::find_iter`].
#[derive(Debug)]
pub struct Matches<'l, 't, V> {
    lexicon: &'l Lexicon<V>,
    text: &'t FoldedText<'t>,
    /// Folded offset where the next search starts.
    position: usize,
    cursor: SegmentCursor,
}

impl<'l, V> Iterator for Matches<'l, '_, V> {
    type Item = LexiconMatch<'l, V>;

    fn next(&mut self) -> Option<Self::Item> {
        let haystack = self.text.as_str();
        let automaton = &self.lexicon.automaton;
        while self.position < haystack.len() {
            let found = automaton.find(Input::new(haystack).range(self.position..))?;
            let start = found.start();
            if is_word_boundary(haystack, start) {
                let mut candidate = Some(found);
                while let Some(m) = candidate {
                    if is_word_boundary(haystack, m.end()) {
                        self.position = m.end();
                        let (term, value) =
                            &self.lexicon.terms[self.lexicon.pattern_terms[m.pattern().as_usize()]];
                        let range = self.cursor.map(self.text, m.start()..m.end());
                        return Some(LexiconMatch { range, term, value });
                    }
                    // Shorter terms at the same start; patterns are non-empty, so this ends.
                    let shorter = Input::new(haystack).range(start..m.end() - 1);
                    candidate = automaton.find(shorter.anchored(Anchored::Yes));
                }
            }
            self.position = start + char_at(haystack, start).map_or(1, char::len_utf8);
        }
        None
    }
}

#[cfg(test)]
mod tests;
