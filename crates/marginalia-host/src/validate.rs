//! The checks every emitted span passes before it becomes an annotation.

use std::fmt;

/// Why a span a plugin emitted was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SpanViolation {
    /// `start >= end`.
    #[error("it is empty or reversed (start must be less than end)")]
    EmptyOrReversed,
    /// `end` is past the end of the text.
    #[error("it ends past the end of the text ({len} bytes)")]
    OutOfBounds {
        /// The text's length in bytes.
        len: usize,
    },
    /// An offset falls inside a multi-byte character.
    #[error(
        "offset {offset} is inside the character {character:?} at bytes {char_start}..{char_end}"
    )]
    NotOnCharBoundary {
        /// The offending offset.
        offset: usize,
        /// The character it cuts.
        character: char,
        /// Where that character starts.
        char_start: usize,
        /// Where it ends.
        char_end: usize,
    },
    /// The label is not one the manifest declares.
    #[error("label `{label}` is not declared in the plugin's manifest (it emits: {declared})")]
    UndeclaredLabel {
        /// The label emitted.
        label: String,
        /// The labels declared, comma-separated.
        declared: String,
    },
    /// A string field is not UTF-8.
    #[error("its {field} is not valid UTF-8")]
    NotUtf8 {
        /// Which field.
        field: &'static str,
    },
    /// The attributes are not a JSON object of attribute values.
    #[error("its attributes are not a JSON object of strings, numbers, bools and lists: {reason}")]
    BadAttrs {
        /// The parser's message.
        reason: String,
    },
}

/// A span as emitted, for messages: `start..end (label)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpanRef {
    /// Start offset as emitted.
    pub start: u64,
    /// End offset as emitted.
    pub end: u64,
    /// Label as emitted (lossily decoded).
    pub label: String,
}

impl fmt::Display for SpanRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{} ({})", self.start, self.end, self.label)
    }
}

/// Checks `start < end <= text.len()`, both on character boundaries, and `label` in
/// `declared`. Returns the offsets as `usize`. Nothing is clamped or repaired.
pub fn check_span(
    text: &str,
    start: u64,
    end: u64,
    label: &str,
    declared: &[String],
) -> Result<(usize, usize), SpanViolation> {
    if start >= end {
        return Err(SpanViolation::EmptyOrReversed);
    }
    let len = text.len();
    let (Ok(s), Ok(e)) = (usize::try_from(start), usize::try_from(end)) else {
        return Err(SpanViolation::OutOfBounds { len });
    };
    if e > len {
        return Err(SpanViolation::OutOfBounds { len });
    }
    for offset in [s, e] {
        if !text.is_char_boundary(offset) {
            return Err(inside_character(text, offset));
        }
    }
    if !declared.iter().any(|d| d == label) {
        return Err(SpanViolation::UndeclaredLabel {
            label: label.to_owned(),
            declared: declared.join(", "),
        });
    }
    Ok((s, e))
}

fn inside_character(text: &str, offset: usize) -> SpanViolation {
    let char_start = (0..offset)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let character = text[char_start..]
        .chars()
        .next()
        .unwrap_or(char::REPLACEMENT_CHARACTER);
    SpanViolation::NotOnCharBoundary {
        offset,
        character,
        char_start,
        char_end: char_start + character.len_utf8(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(
        text: &str,
        start: u64,
        end: u64,
        label: &str,
    ) -> Result<(usize, usize), SpanViolation> {
        check_span(
            text,
            start,
            end,
            label,
            &["actor".to_owned(), "treaty".to_owned()],
        )
    }

    #[test]
    fn accepts_spans_on_boundaries() {
        assert_eq!(check("Hanoi é Moscow", 0, 5, "actor"), Ok((0, 5)));
        assert_eq!(check("Hanoi é Moscow", 6, 8, "treaty"), Ok((6, 8)));
        assert_eq!(check("abc", 0, 3, "actor"), Ok((0, 3)));
    }

    #[test]
    fn refuses_empty_reversed_and_out_of_bounds() {
        assert_eq!(
            check("abc", 1, 1, "actor"),
            Err(SpanViolation::EmptyOrReversed)
        );
        assert_eq!(
            check("abc", 2, 1, "actor"),
            Err(SpanViolation::EmptyOrReversed)
        );
        assert_eq!(
            check("abc", 1, 4, "actor"),
            Err(SpanViolation::OutOfBounds { len: 3 })
        );
        assert_eq!(
            check("abc", 0, u64::MAX, "actor"),
            Err(SpanViolation::OutOfBounds { len: 3 })
        );
    }

    #[test]
    fn refuses_offsets_inside_characters() {
        let err = check("a€b", 0, 2, "actor").unwrap_err();
        assert_eq!(
            err,
            SpanViolation::NotOnCharBoundary {
                offset: 2,
                character: '€',
                char_start: 1,
                char_end: 4
            }
        );
        assert_eq!(
            err.to_string(),
            "offset 2 is inside the character '€' at bytes 1..4"
        );
        assert!(matches!(
            check("😀x", 3, 5, "actor"),
            Err(SpanViolation::NotOnCharBoundary { offset: 3, .. })
        ));
    }

    #[test]
    fn refuses_undeclared_labels() {
        assert_eq!(
            check("abc", 0, 1, "sanction").unwrap_err().to_string(),
            "label `sanction` is not declared in the plugin's manifest (it emits: actor, treaty)"
        );
    }
}
