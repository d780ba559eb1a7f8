//! The checks every emitted span passes before it becomes an [`Annotation`](crate::Annotation).
//!
//! These are part of the plugin contract, not an implementation detail of the host: the host
//! runs [`check_span`] and [`parse_attrs`] on every span a plugin emits through the ABI, and
//! `marginalia-testkit` runs the same functions on a plugin run in-process, so a test and a
//! real run accept and refuse exactly the same spans, with the same messages.
//!
//! A span is valid when
//!
//! 1. `start < end` (no empty or reversed span),
//! 2. `end <= text.len()` (offsets are UTF-8 **byte** offsets into the document's text),
//! 3. both offsets are on character boundaries,
//! 4. its label is one the plugin's [`Manifest`](crate::Manifest) declares in `emits`,
//! 5. its label and attributes are UTF-8, and the attributes are a JSON object whose values
//!    are strings, numbers, bools or lists of those (see [`AttrValue`](crate::AttrValue)).
//!
//! Nothing is ever clamped or repaired: the first invalid span fails the document.
//!
//! ```
//! use marginalia_core::validate::{SpanViolation, check_span};
//!
//! let declared = ["actor".to_owned()];
//! let text = "Café Moscow";
//! // `Moscow` is bytes 6..12: "é" takes two bytes.
//! assert_eq!(check_span(text, 6, 12, "actor", &declared), Ok((6, 12)));
//!
//! let err = check_span(text, 4, 12, "actor", &declared).unwrap_err();
//! assert_eq!(
//!     err,
//!     SpanViolation::NotOnCharBoundary { offset: 4, character: 'é', char_start: 3, char_end: 5 }
//! );
//! assert_eq!(err.to_string(), "offset 4 is inside the character 'é' at bytes 3..5");
//!
//! let err = check_span(text, 6, 12, "treaty", &declared).unwrap_err();
//! assert_eq!(
//!     err.to_string(),
//!     "label `treaty` is not declared in the plugin's manifest (it emits: actor)"
//! );
//! ```

use std::fmt;

use crate::Attrs;

/// Why a span a plugin emitted was refused.
///
/// The `Display` text is what the host puts after `emitted an invalid span START..END (LABEL)`
/// in its error message; it says what is wrong, never how the host would repair it (it does
/// not).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SpanViolation {
    /// `start >= end`.
    EmptyOrReversed,
    /// `end` is past the end of the text.
    OutOfBounds {
        /// The text's length in bytes.
        len: usize,
    },
    /// An offset falls inside a multi-byte character.
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
    UndeclaredLabel {
        /// The label emitted.
        label: String,
        /// The labels declared, comma-separated.
        declared: String,
    },
    /// A string field is not UTF-8.
    NotUtf8 {
        /// Which field.
        field: &'static str,
    },
    /// The attributes are not a JSON object of attribute values.
    BadAttrs {
        /// The parser's message.
        reason: String,
    },
}

impl fmt::Display for SpanViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SpanViolation::EmptyOrReversed => {
                f.write_str("it is empty or reversed (start must be less than end)")
            }
            SpanViolation::OutOfBounds { len } => {
                write!(f, "it ends past the end of the text ({len} bytes)")
            }
            SpanViolation::NotOnCharBoundary {
                offset,
                character,
                char_start,
                char_end,
            } => write!(
                f,
                "offset {offset} is inside the character {character:?} at bytes {char_start}..{char_end}"
            ),
            SpanViolation::UndeclaredLabel { label, declared } => write!(
                f,
                "label `{label}` is not declared in the plugin's manifest (it emits: {declared})"
            ),
            SpanViolation::NotUtf8 { field } => write!(f, "its {field} is not valid UTF-8"),
            SpanViolation::BadAttrs { reason } => write!(
                f,
                "its attributes are not a JSON object of strings, numbers, bools and lists: {reason}"
            ),
        }
    }
}

impl std::error::Error for SpanViolation {}

/// A span as emitted, for messages: displayed as `start..end (label)`.
///
/// The offsets are kept as the plugin sent them (`u64` across the ABI), so that even an
/// offset that does not fit in `usize` is reported as it was.
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
/// `declared`, in that order, and returns the offsets as `usize`. Nothing is clamped or
/// repaired.
///
/// The checks run in a fixed order, so a span with several faults is always reported with
/// the same (first) one.
///
/// ```
/// use marginalia_core::validate::{SpanViolation, check_span};
/// let declared = ["word".to_owned()];
/// assert_eq!(check_span("abc", 0, 3, "word", &declared), Ok((0, 3)));
/// assert_eq!(check_span("abc", 2, 2, "word", &declared), Err(SpanViolation::EmptyOrReversed));
/// assert_eq!(
///     check_span("abc", 1, 4, "word", &declared).unwrap_err().to_string(),
///     "it ends past the end of the text (3 bytes)"
/// );
/// ```
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

/// Parses a span's attributes as they cross the ABI: a JSON object whose values are strings,
/// numbers, bools or lists of those. `null`, nested objects and non-objects are refused.
///
/// A round trip through [`Attrs`]' `Display` and this function gives back equal attributes,
/// which is what a plugin's attributes go through on their way to the host.
///
/// ```
/// use marginalia_core::{Attrs, validate::parse_attrs};
/// let attrs = Attrs::new().with("value", 3.6e9).with("unit", "USD");
/// assert_eq!(parse_attrs(&attrs.to_string()), Ok(attrs));
/// assert!(parse_attrs(r#"{"id": null}"#).is_err());
/// ```
pub fn parse_attrs(json: &str) -> Result<Attrs, SpanViolation> {
    serde_json::from_str(json).map_err(|e| SpanViolation::BadAttrs {
        reason: e.to_string(),
    })
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

    /// The messages the host prints (and `broken_plugins.rs` asserts) do not change.
    #[test]
    fn messages_are_stable() {
        let cases = [
            (
                SpanViolation::EmptyOrReversed,
                "it is empty or reversed (start must be less than end)",
            ),
            (
                SpanViolation::OutOfBounds { len: 7 },
                "it ends past the end of the text (7 bytes)",
            ),
            (
                SpanViolation::NotUtf8 { field: "label" },
                "its label is not valid UTF-8",
            ),
            (
                SpanViolation::BadAttrs {
                    reason: "EOF".into(),
                },
                "its attributes are not a JSON object of strings, numbers, bools and lists: EOF",
            ),
        ];
        for (violation, message) in cases {
            assert_eq!(violation.to_string(), message);
        }
        let span = SpanRef {
            start: 6,
            end: 12,
            label: "word".into(),
        };
        assert_eq!(span.to_string(), "6..12 (word)");
    }

    #[test]
    fn attrs_are_a_json_object_of_attribute_values() {
        assert_eq!(
            parse_attrs(r#"{"id":"RUS","n":3}"#),
            Ok(Attrs::new().with("id", "RUS").with("n", 3))
        );
        for bad in [r#"{"a":null}"#, r#"{"a":{"b":1}}"#, "[1]", "{"] {
            assert!(
                matches!(parse_attrs(bad), Err(SpanViolation::BadAttrs { .. })),
                "{bad}"
            );
        }
    }
}
