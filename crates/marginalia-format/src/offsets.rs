//! Offsets in other units than bytes: Unicode code points (`char`, what Python's `str`
//! indexes, and brat) and UTF-16 code units (what Java, JavaScript and .NET strings index).
//!
//! Marginalia's offsets are UTF-8 byte offsets. [`convert`] turns a document's byte offsets
//! into both other units in one pass over the text: the span boundaries are sorted, and the
//! text is walked once, from the first boundary to the last, counting code points (bytes that
//! do not continue a UTF-8 sequence) and UTF-16 units (one per code point, two for a code
//! point above U+FFFF, which starts with a byte `0xF0..=0xF4`). Cost: O(text + spans·log spans).

use marginalia_core::Annotation;

use crate::FormatError;

/// Which offsets to write besides the byte offsets, which are always there.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum OffsetUnits {
    /// Byte offsets only.
    #[default]
    Bytes,
    /// Also code-point offsets (`start_char`, `end_char`).
    Chars,
    /// Also UTF-16 offsets (`start_utf16`, `end_utf16`).
    Utf16,
    /// Also both.
    All,
}

impl OffsetUnits {
    /// Whether code-point offsets are written.
    pub fn chars(self) -> bool {
        matches!(self, OffsetUnits::Chars | OffsetUnits::All)
    }

    /// Whether UTF-16 offsets are written.
    pub fn utf16(self) -> bool {
        matches!(self, OffsetUnits::Utf16 | OffsetUnits::All)
    }

    /// Whether anything besides bytes is written.
    pub fn any_extra(self) -> bool {
        self != OffsetUnits::Bytes
    }
}

/// One span's offsets in code points and in UTF-16 code units, half-open like the bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UnitSpan {
    /// Code points before the start.
    pub start_char: usize,
    /// Code points before the end.
    pub end_char: usize,
    /// UTF-16 code units before the start.
    pub start_utf16: usize,
    /// UTF-16 code units before the end.
    pub end_utf16: usize,
}

/// The code-point and UTF-16 offsets of `spans` (byte ranges of `text`), in the same order.
///
/// Each span must lie within the text, on character boundaries; otherwise the error names it
/// (with `id` as the document).
pub fn convert_ranges(
    id: &str,
    text: &str,
    spans: &[(usize, usize)],
) -> Result<Vec<UnitSpan>, FormatError> {
    // Every boundary once, tagged with its slot: 2·i for span i's start, 2·i + 1 for its end.
    let mut boundaries: Vec<(usize, usize)> = Vec::with_capacity(spans.len() * 2);
    for (i, &(start, end)) in spans.iter().enumerate() {
        if start > end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return Err(FormatError::InvalidSpan {
                id: id.to_owned(),
                start,
                end,
                len: text.len(),
            });
        }
        boundaries.push((start, 2 * i));
        boundaries.push((end, 2 * i + 1));
    }
    // Annotations come sorted by start, so this is mostly sorting the ends.
    boundaries.sort_unstable();
    let bytes = text.as_bytes();
    let mut out = vec![UnitSpan::default(); spans.len()];
    let (mut at, mut chars, mut utf16) = (0usize, 0usize, 0usize);
    for (byte, slot) in boundaries {
        for &b in &bytes[at..byte] {
            if b & 0xC0 != 0x80 {
                chars += 1;
                utf16 += if b >= 0xF0 { 2 } else { 1 };
            }
        }
        at = byte;
        let span = &mut out[slot / 2];
        if slot % 2 == 0 {
            span.start_char = chars;
            span.start_utf16 = utf16;
        } else {
            span.end_char = chars;
            span.end_utf16 = utf16;
        }
    }
    Ok(out)
}

/// The code-point and UTF-16 offsets of each annotation of a document, in order.
pub fn convert(
    id: &str,
    text: &str,
    annotations: &[Annotation],
) -> Result<Vec<UnitSpan>, FormatError> {
    let spans: Vec<(usize, usize)> = annotations.iter().map(|a| (a.start, a.end)).collect();
    convert_ranges(id, text, &spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The offsets of the first occurrence of each needle, converted.
    fn units(text: &str, needles: &[&str]) -> Vec<UnitSpan> {
        let spans: Vec<(usize, usize)> = needles
            .iter()
            .map(|n| {
                let start = text.find(n).unwrap_or_else(|| panic!("{n:?} not in text"));
                (start, start + n.len())
            })
            .collect();
        convert_ranges("t", text, &spans).unwrap()
    }

    fn span(start_char: usize, end_char: usize, start_utf16: usize, end_utf16: usize) -> UnitSpan {
        UnitSpan {
            start_char,
            end_char,
            start_utf16,
            end_utf16,
        }
    }

    #[test]
    fn ascii_offsets_are_the_same_in_every_unit() {
        assert_eq!(units("Putin and Kim", &["Kim"]), [span(10, 13, 10, 13)]);
    }

    #[test]
    fn emoji_zwj_sequences_cjk_and_combining_characters() {
        // "👍" U+1F44D: 4 bytes, 1 code point, 2 UTF-16 units (a surrogate pair).
        // "👩‍👩‍👧" woman ZWJ woman ZWJ girl: 18 bytes, 5 code points, 8 UTF-16 units.
        // "北京": 6 bytes, 2 code points, 2 UTF-16 units.
        // "Café" with a combining acute (e + U+0301): 6 bytes, 5 code points, 5 UTF-16 units.
        // "🇰🇷" two regional indicators: 8 bytes, 2 code points, 4 UTF-16 units.
        let text = "👍 Kim 👩\u{200d}👩\u{200d}👧 visits 北京 Cafe\u{301} 🇰🇷 Seoul";
        assert_eq!(text.len(), 63);
        let got = units(
            text,
            &[
                "👍",
                "Kim",
                "👩\u{200d}👩\u{200d}👧",
                "北京",
                "Cafe\u{301}",
                "🇰🇷",
                "Seoul",
            ],
        );
        assert_eq!(
            got,
            [
                span(0, 1, 0, 2),
                span(2, 5, 3, 6),
                span(6, 11, 7, 15),
                span(19, 21, 23, 25),
                span(22, 27, 26, 31),
                span(28, 30, 32, 36),
                span(31, 36, 37, 42),
            ]
        );
        // The totals, against the standard library.
        assert_eq!(text.chars().count(), 36);
        assert_eq!(text.encode_utf16().count(), 42);
    }

    #[test]
    fn unsorted_overlapping_and_empty_spans() {
        let text = "北京 and 上海";
        // bytes: 北 0..3, 京 3..6, " and " 6..11, 上 11..14, 海 14..17
        let spans = [(11, 17), (0, 17), (3, 3), (0, 6)];
        assert_eq!(
            convert_ranges("t", text, &spans).unwrap(),
            [
                span(7, 9, 7, 9),
                span(0, 9, 0, 9),
                span(1, 1, 1, 1),
                span(0, 2, 0, 2),
            ]
        );
    }

    #[test]
    fn matches_the_standard_library_on_every_boundary() {
        let text = "a👩\u{200d}👧é北\u{301}🇰🇷z\n";
        let boundaries: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let spans: Vec<(usize, usize)> = boundaries
            .iter()
            .flat_map(|&s| {
                boundaries
                    .iter()
                    .filter(move |&&e| e >= s)
                    .map(move |&e| (s, e))
            })
            .collect();
        let got = convert_ranges("t", text, &spans).unwrap();
        for (&(s, e), u) in spans.iter().zip(&got) {
            assert_eq!(u.start_char, text[..s].chars().count());
            assert_eq!(u.end_char, text[..e].chars().count());
            assert_eq!(u.start_utf16, text[..s].encode_utf16().count());
            assert_eq!(u.end_utf16, text[..e].encode_utf16().count());
        }
    }

    #[test]
    fn refuses_spans_off_character_boundaries() {
        let error = convert_ranges("doc.txt", "北京", &[(1, 3)]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "document `doc.txt`: span 1..3 is not a range of character boundaries of its 6-byte text"
        );
        assert!(convert_ranges("d", "ab", &[(0, 3)]).is_err());
    }
}
