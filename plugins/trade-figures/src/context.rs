//! The per-document lookups the other modules share: sentences, clauses, cue matches,
//! words, actors and years.

use std::ops::Range;

use marginalia_text::Sentences;
use marginalia_text::words::words;

use crate::data::{Cue, Words};

/// The per-document lookups, each built in one pass.
pub(crate) struct Context<'t, 'l> {
    pub(crate) text: &'t str,
    pub(crate) sentences: Sentences,
    /// Cue matches in text order.
    pub(crate) cues: Vec<(Range<usize>, &'l Cue)>,
    /// Word end offsets in order, for counting words between two offsets.
    pub(crate) word_ends: Vec<usize>,
    pub(crate) words: Vec<Range<usize>>,
    /// Actor starts in order.
    pub(crate) actors: &'t [usize],
    /// Four-digit years (1900..=2099) standing alone: (range, year).
    pub(crate) years: Vec<(Range<usize>, i64)>,
    /// The closed word classes of `data/words.txt`.
    pub(crate) grammar: &'l Words,
}

impl<'l> Context<'_, 'l> {
    /// The number of words lying entirely between offsets `a <= b`.
    pub(crate) fn words_between(&self, a: usize, b: usize) -> usize {
        if b <= a {
            return 0;
        }
        // Words ending by b, minus words starting before a (which end by a: a is a boundary).
        let ending = self.word_ends.partition_point(|&e| e <= b);
        let started = self.words.partition_point(|w| w.start < a);
        ending.saturating_sub(started)
    }

    pub(crate) fn sentence(&self, offset: usize) -> Range<usize> {
        self.sentences
            .containing(offset)
            .unwrap_or(offset..offset.saturating_add(1).min(self.text.len()))
    }

    /// The cues that lie inside `range`.
    pub(crate) fn cues_in(&self, range: &Range<usize>) -> &[(Range<usize>, &'l Cue)] {
        let from = self.cues.partition_point(|(r, _)| r.start < range.start);
        let to = self.cues.partition_point(|(r, _)| r.start < range.end);
        let slice = &self.cues[from..to.max(from)];
        let keep = slice.partition_point(|(r, _)| r.end <= range.end);
        // Cues are in order and non-overlapping, so those ending inside form a prefix.
        &slice[..keep]
    }

    /// Whether `range` holds a stock ticker in angle brackets (`<ERIC ST>`, `<BA>`).
    pub(crate) fn has_ticker(&self, range: &Range<usize>) -> bool {
        let body = &self.text[range.clone()];
        body.match_indices('<').any(|(i, _)| {
            let rest = &body[i + 1..];
            rest.find('>').is_some_and(|end| {
                let inner = &rest[..end];
                !inner.is_empty()
                    && inner.len() <= 12
                    && inner.starts_with(|c: char| c.is_ascii_uppercase())
                    && inner
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || matches!(c, '.' | ' ' | '-'))
            })
        })
    }

    pub(crate) fn has_actor(&self, range: &Range<usize>) -> bool {
        let i = self.actors.partition_point(|&s| s < range.start);
        self.actors.get(i).is_some_and(|&s| s < range.end)
    }

    /// The clause of `span` inside `sentence`.
    pub(crate) fn clause(&self, sentence: &Range<usize>, span: &Range<usize>) -> Range<usize> {
        let mut start = sentence.start;
        let mut end = sentence.end;
        let body = &self.text[sentence.clone()];
        for (i, c) in body.char_indices() {
            let at = sentence.start + i;
            let split = match c {
                ';' => Some((at, at + 1)),
                ',' => {
                    let rest = &self.text[at + 1..sentence.end];
                    words(rest)
                        .next()
                        .filter(|w| rest[..w.start].chars().all(char::is_whitespace))
                        .filter(|w| {
                            self.grammar
                                .is("clause_opener", &rest[w.clone()].to_ascii_lowercase())
                        })
                        .map(|_| (at, at + 1))
                }
                _ => None,
            };
            if let Some((s, e)) = split {
                if e <= span.start {
                    start = e;
                } else if s >= span.end {
                    end = s;
                    break;
                }
            }
        }
        start..end
    }

    /// The lower-cased word just before `offset`, if any, in the sentence.
    pub(crate) fn prev_words(&self, offset: usize, floor: usize, n: usize) -> Vec<String> {
        let i = self.words.partition_point(|w| w.end <= offset);
        self.words[..i]
            .iter()
            .rev()
            .take_while(|w| w.start >= floor)
            .take(n)
            .map(|w| self.text[w.clone()].to_ascii_lowercase())
            .collect()
    }
}
