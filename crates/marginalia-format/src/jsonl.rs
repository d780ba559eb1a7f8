//! JSON Lines, the default format: one object per document, in output order.
//!
//! ```json
//! {"id":"a.txt","annotations":[{"label":"actor","start":0,"end":6,"text":"Russia","plugin":"actors","attrs":{"id":"RUS"}}]}
//! {"id":"b.txt","annotations":[],"error":"plugin `x` failed on b.txt: ..."}
//! ```
//!
//! `start`/`end` are UTF-8 byte offsets, half-open. With [`OffsetUnits`] other than `Bytes`,
//! each annotation also has, right after `end`, `start_char`/`end_char` (Unicode code points)
//! and/or `start_utf16`/`end_utf16` (UTF-16 code units). Without them the output is exactly
//! what `marginalia_host::output::write_record` writes. A failed document has no annotations
//! and an `error`.

use marginalia_core::{Annotation, Attrs};
use serde::Serialize;

use crate::file::Sink;
use crate::offsets::{self, OffsetUnits};
use crate::{FormatError, Outcome, OutcomeWriter};

/// Writes one JSON line per document.
#[derive(Debug)]
pub(crate) struct JsonlWriter<S> {
    out: S,
    offsets: OffsetUnits,
}

#[derive(Serialize)]
struct Record<'a> {
    id: &'a str,
    annotations: Vec<Entry<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

/// An annotation, with the extra offsets placed after `end`.
#[derive(Serialize)]
struct Entry<'a> {
    label: &'a str,
    start: usize,
    end: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_char: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_char: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_utf16: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_utf16: Option<usize>,
    text: &'a str,
    plugin: &'a str,
    attrs: &'a Attrs,
}

impl<'a> Entry<'a> {
    fn new(a: &'a Annotation) -> Self {
        Entry {
            label: &a.label,
            start: a.start,
            end: a.end,
            start_char: None,
            end_char: None,
            start_utf16: None,
            end_utf16: None,
            text: &a.text,
            plugin: &a.plugin,
            attrs: &a.attrs,
        }
    }
}

impl<S: Sink> JsonlWriter<S> {
    pub(crate) fn new(out: S, offsets: OffsetUnits) -> Self {
        JsonlWriter { out, offsets }
    }
}

impl<S: Sink> OutcomeWriter for JsonlWriter<S> {
    fn write(&mut self, outcome: &Outcome<'_>) -> Result<(), FormatError> {
        let (annotations, error) = match outcome.result {
            Ok(annotations) => (annotations, None),
            Err(message) => (&[][..], Some(message)),
        };
        let mut entries: Vec<Entry<'_>> = annotations.iter().map(Entry::new).collect();
        if self.offsets.any_extra() && !annotations.is_empty() {
            let text = outcome.text.ok_or_else(|| FormatError::MissingText {
                id: outcome.id.to_owned(),
            })?;
            let units = offsets::convert(outcome.id, text, annotations)?;
            for (entry, u) in entries.iter_mut().zip(units) {
                if self.offsets.chars() {
                    entry.start_char = Some(u.start_char);
                    entry.end_char = Some(u.end_char);
                }
                if self.offsets.utf16() {
                    entry.start_utf16 = Some(u.start_utf16);
                    entry.end_utf16 = Some(u.end_utf16);
                }
            }
        }
        let record = Record {
            id: outcome.id,
            annotations: entries,
            error,
        };
        serde_json::to_writer(&mut self.out, &record)
            .map_err(std::io::Error::from)
            .and_then(|()| self.out.write_all(b"\n"))
            .and_then(|()| self.out.end_document(outcome.id, error))
            .map_err(|e| self.out.error(e))
    }

    fn finish(&mut self) -> Result<(), FormatError> {
        self.out.close().map_err(|e| self.out.error(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Format;

    fn actor(start: usize, end: usize, text: &str) -> Annotation {
        Annotation {
            label: "actor".into(),
            start,
            end,
            text: text.into(),
            plugin: "actors".into(),
            attrs: Attrs::new().with("id", "CHN").with("kind", "capital"),
        }
    }

    fn write(offsets: OffsetUnits, outcomes: &[Outcome<'_>]) -> String {
        crate::write_to_string(Format::Jsonl, offsets, outcomes)
    }

    #[test]
    fn default_output_is_byte_identical_to_the_hosts_record_writer() {
        let text = "👍 北京 said";
        let annotations = [actor(5, 11, "北京")];
        let outcomes = [
            Outcome {
                id: "a.txt",
                text: Some(text),
                result: Ok(&annotations),
            },
            Outcome {
                id: "b.txt",
                text: None,
                result: Err("cannot read"),
            },
            Outcome {
                id: "c.txt",
                text: Some(""),
                result: Ok(&[]),
            },
        ];
        let mut expected = Vec::new();
        for o in &outcomes {
            let (annotations, error) = match o.result {
                Ok(a) => (a, None),
                Err(e) => (&[][..], Some(e)),
            };
            marginalia_host::output::write_record(
                &mut expected,
                &marginalia_host::output::DocumentRecord {
                    id: o.id,
                    annotations,
                    error,
                },
            )
            .unwrap();
        }
        assert_eq!(
            write(OffsetUnits::Bytes, &outcomes),
            String::from_utf8(expected).unwrap()
        );
    }

    #[test]
    fn extra_offsets_follow_end() {
        let text = "👍 北京 said";
        let annotations = [actor(5, 11, "北京")];
        let outcome = Outcome {
            id: "a.txt",
            text: Some(text),
            result: Ok(&annotations),
        };
        assert_eq!(
            write(OffsetUnits::All, &[outcome]),
            "{\"id\":\"a.txt\",\"annotations\":[{\"label\":\"actor\",\"start\":5,\"end\":11,\
             \"start_char\":2,\"end_char\":4,\"start_utf16\":3,\"end_utf16\":5,\
             \"text\":\"北京\",\"plugin\":\"actors\",\"attrs\":{\"id\":\"CHN\",\"kind\":\"capital\"}}]}\n"
        );
        assert!(write(OffsetUnits::Utf16, &[outcome]).contains("\"end\":11,\"start_utf16\":3,"));
        assert!(!write(OffsetUnits::Utf16, &[outcome]).contains("_char"));
        assert!(write(OffsetUnits::Chars, &[outcome]).contains("\"end_char\":4,\"text\""));
    }
}
