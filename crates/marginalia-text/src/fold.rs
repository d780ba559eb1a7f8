//! A normalised view of a text for matching, with a map back to the original offsets.
//!
//! # Contract
//!
//! [`FoldedText::new`] rewrites only two things, everything else is copied byte for byte:
//!
//! - every run of whitespace (`char::is_whitespace`, so also tabs, `\r`, no-break spaces)
//!   becomes one ASCII space, except that a run holding a paragraph break (two or more `\n`,
//!   or a U+2029 paragraph separator) becomes one `\n`. So a hard-wrapped `North\n    Korea`
//!   reads `North Korea`, while `North\n\nKorea` stays two paragraphs;
//! - the typographic apostrophes `’` (U+2019), `‘` (U+2018) and `ʼ` (U+02BC) become `'`.
//!
//! [`FoldedText::to_original`] maps a range of the folded text whose ends are not inside a
//! rewritten run back to the original text; a range that starts or ends on a rewritten run
//! covers the whole original run. Text that needs no rewriting is borrowed, not copied.
//! Building the view is linear in the text's length.

use std::borrow::Cow;
use std::ops::Range;

/// A stretch of the folded text and the stretch of the original it came from. Copied stretches
/// have equal lengths; a rewritten run is a stretch of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Segment {
    folded: usize,
    original: usize,
    original_len: usize,
    rewritten: bool,
}

/// A text with whitespace runs and apostrophes folded, and the map back to the original.
#[derive(Clone, Debug)]
pub struct FoldedText<'a> {
    original: &'a str,
    folded: Cow<'a, str>,
    /// Sorted by `folded` (and `original`); empty when nothing was rewritten.
    segments: Vec<Segment>,
}

/// What `c`, starting a run at byte `i`, folds to, with the run's end; `None` when `c` is kept.
fn rewrite_at(text: &str, i: usize, c: char) -> Option<(&'static str, usize)> {
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02BC}' => Some(("'", i + c.len_utf8())),
        c if c.is_whitespace() => {
            let run = text[i..]
                .find(|c: char| !c.is_whitespace())
                .map_or(text.len(), |n| i + n);
            let ws = &text[i..run];
            let paragraph = ws.matches('\n').nth(1).is_some() || ws.contains('\u{2029}');
            if paragraph {
                Some(("\n", run))
            } else if ws == " " {
                None
            } else {
                Some((" ", run))
            }
        }
        _ => None,
    }
}

impl<'a> FoldedText<'a> {
    /// Folds `text` (see the module doc).
    pub fn new(text: &'a str) -> Self {
        let mut folded = String::new();
        let mut segments = Vec::new();
        let mut copied_from = 0; // start of the stretch not yet pushed
        let mut i = 0;
        while let Some(c) = text[i..].chars().next() {
            let Some((replacement, run_end)) = rewrite_at(text, i, c) else {
                i += c.len_utf8();
                continue;
            };
            if segments.is_empty() {
                folded.reserve(text.len());
            }
            if copied_from < i {
                segments.push(Segment {
                    folded: folded.len(),
                    original: copied_from,
                    original_len: i - copied_from,
                    rewritten: false,
                });
                folded.push_str(&text[copied_from..i]);
            }
            segments.push(Segment {
                folded: folded.len(),
                original: i,
                original_len: run_end - i,
                rewritten: true,
            });
            folded.push_str(replacement);
            i = run_end;
            copied_from = run_end;
        }
        if segments.is_empty() {
            return FoldedText {
                original: text,
                folded: Cow::Borrowed(text),
                segments,
            };
        }
        if copied_from < text.len() {
            segments.push(Segment {
                folded: folded.len(),
                original: copied_from,
                original_len: text.len() - copied_from,
                rewritten: false,
            });
            folded.push_str(&text[copied_from..]);
        }
        FoldedText {
            original: text,
            folded: Cow::Owned(folded),
            segments,
        }
    }

    /// The folded text.
    pub fn as_str(&self) -> &str {
        &self.folded
    }

    /// The original text.
    pub fn original(&self) -> &'a str {
        self.original
    }

    /// Maps a non-empty range of the folded text to the original text (see the module doc).
    /// Out-of-range ends are clamped to the text.
    pub fn to_original(&self, range: Range<usize>) -> Range<usize> {
        let index = self
            .segments
            .partition_point(|s| s.folded <= range.start)
            .saturating_sub(1);
        SegmentCursor { index }.map(self, range)
    }

    /// The segment containing folded byte `at`, searching forward from `*index`.
    fn segment_from(&self, index: &mut usize, at: usize) -> Option<&Segment> {
        while let Some(next) = self.segments.get(*index + 1) {
            if next.folded > at {
                break;
            }
            *index += 1;
        }
        self.segments.get(*index)
    }
}

/// Maps ranges of one [`FoldedText`] back to the original in a single forward pass: each
/// range must start at or after the previous one's start. Used by the lexicon to keep matching
/// linear; [`FoldedText::to_original`] starts one by binary search.
#[derive(Debug, Default)]
pub(crate) struct SegmentCursor {
    index: usize,
}

impl SegmentCursor {
    pub(crate) fn map(&mut self, text: &FoldedText<'_>, range: Range<usize>) -> Range<usize> {
        let len = text.folded.len();
        let (start, end) = (range.start.min(len), range.end.min(len));
        if text.segments.is_empty() || start >= end {
            return start..end.max(start);
        }
        let mut probe = self.index;
        if text.segments.get(probe).is_none_or(|s| s.folded > start) {
            probe = 0;
        }
        let original_start = match text.segment_from(&mut probe, start) {
            Some(s) if s.rewritten => s.original,
            Some(s) => s.original + (start - s.folded),
            None => start,
        };
        self.index = probe;
        let original_end = match text.segment_from(&mut probe, end - 1) {
            Some(s) if s.rewritten => s.original + s.original_len,
            Some(s) => s.original + (end - s.folded),
            None => end,
        };
        original_start..original_end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        let folded = FoldedText::new("North Korea and Vietnam.");
        assert!(matches!(folded.folded, Cow::Borrowed(_)));
        assert_eq!(folded.to_original(6..11), 6..11);
    }

    #[test]
    fn whitespace_runs_fold_to_one_space() {
        let text = "North\n    Korea \t and\u{a0}Vietnam";
        let folded = FoldedText::new(text);
        assert_eq!(folded.as_str(), "North Korea and Vietnam");
        let r = folded.to_original(0..11);
        assert_eq!(&text[r], "North\n    Korea");
        let r = folded.to_original(16..23);
        assert_eq!(&text[r], "Vietnam");
    }

    #[test]
    fn paragraph_breaks_fold_to_a_newline() {
        let folded = FoldedText::new("North\n \nKorea\r\n\r\nX\u{2029}Y");
        assert_eq!(folded.as_str(), "North\nKorea\nX\nY");
    }

    #[test]
    fn apostrophes_fold_and_map_back_whole() {
        let text = "Korea’s and People‘s";
        let folded = FoldedText::new(text);
        assert_eq!(folded.as_str(), "Korea's and People's");
        assert_eq!(&text[folded.to_original(0..6)], "Korea’");
        assert_eq!(&text[folded.to_original(12..20)], "People‘s");
    }

    #[test]
    fn leading_and_trailing_whitespace() {
        let text = "\n\n  Korea  ";
        let folded = FoldedText::new(text);
        assert_eq!(folded.as_str(), "\nKorea ");
        assert_eq!(&text[folded.to_original(1..6)], "Korea");
        assert_eq!(folded.to_original(0..1), 0..4);
        assert_eq!(folded.to_original(50..60), 7..7);
    }

    #[test]
    fn cursor_maps_increasing_ranges() {
        let text = "a\n b\n c\n d";
        let folded = FoldedText::new(text);
        let mut cursor = SegmentCursor::default();
        let mapped: Vec<&str> = [0..1, 2..3, 4..7, 6..7]
            .into_iter()
            .map(|r| &text[cursor.map(&folded, r)])
            .collect();
        assert_eq!(mapped, ["a", "b", "c\n d", "d"]);
    }
}
