//! CSV: one row per annotation, for spreadsheets and pandas (RFC 4180: comma-separated,
//! CRLF line ends, fields quoted when they hold a comma, a quote or a line break, quotes
//! doubled; UTF-8 without a byte-order mark).
//!
//! Columns, always in this order, with a header row:
//!
//! | column | content |
//! | --- | --- |
//! | `doc` | the document id |
//! | `label` | the annotation's label |
//! | `start_byte`, `end_byte` | UTF-8 byte offsets, half-open |
//! | `start_char`, `end_char` | code-point offsets (only with `--offsets chars` or `all`) |
//! | `start_utf16`, `end_utf16` | UTF-16 offsets (only with `--offsets utf16` or `all`) |
//! | `text` | the covered text |
//! | `plugin` | the plugin that emitted it |
//! | `attrs` | the attributes as a compact JSON object (`{}` when none) |
//! | `error` | empty on annotation rows |
//!
//! A document that failed gets one row with its id in `doc`, every other column empty, and
//! the message in `error`, so `df[df.error.notna()]` lists the failures. A document with no
//! annotations has no row.

use std::path::PathBuf;

use crate::file::Sink;
use crate::offsets::{self, OffsetUnits};
use crate::{FormatError, Outcome, OutcomeWriter};

/// Writes CSV rows: each document's rows are formatted into a buffer, then handed to the
/// sink in one piece, so that a resumable sink sees where each document ends.
#[derive(Debug)]
pub(crate) struct CsvWriter<S: Sink> {
    out: Option<S>,
    name: PathBuf,
    offsets: OffsetUnits,
    builder: ::csv::WriterBuilder,
    /// Reused buffer for one document's rows.
    buffer: Vec<u8>,
}

/// The header row for `offsets`.
pub fn header(offsets: OffsetUnits) -> Vec<&'static str> {
    let mut columns = vec!["doc", "label", "start_byte", "end_byte"];
    if offsets.chars() {
        columns.extend(["start_char", "end_char"]);
    }
    if offsets.utf16() {
        columns.extend(["start_utf16", "end_utf16"]);
    }
    columns.extend(["text", "plugin", "attrs", "error"]);
    columns
}

impl<S: Sink> CsvWriter<S> {
    pub(crate) fn new(out: S, offsets: OffsetUnits) -> Result<Self, FormatError> {
        Self::with_header(out, offsets, true)
    }

    /// A writer that starts with the header row, or (appending to rows written before)
    /// without it.
    pub(crate) fn with_header(
        out: S,
        offsets: OffsetUnits,
        header_row: bool,
    ) -> Result<Self, FormatError> {
        let name = out.name().to_owned();
        let mut builder = ::csv::WriterBuilder::new();
        builder
            .terminator(::csv::Terminator::CRLF)
            .buffer_capacity(1 << 12);
        let mut writer = CsvWriter {
            out: Some(out),
            name,
            offsets,
            builder,
            buffer: Vec::new(),
        };
        if header_row {
            writer.rows(|csv| csv.write_record(header(offsets)))?;
        }
        Ok(writer)
    }

    fn error(&self, source: std::io::Error) -> FormatError {
        FormatError::Io {
            path: self.name.clone(),
            source,
        }
    }

    /// Formats rows with `write` and hands them to the sink.
    fn rows<F>(&mut self, write: F) -> Result<(), FormatError>
    where
        F: FnOnce(&mut ::csv::Writer<Vec<u8>>) -> ::csv::Result<()>,
    {
        let mut csv = self.builder.from_writer(std::mem::take(&mut self.buffer));
        let result = write(&mut csv)
            .map_err(std::io::Error::from)
            .and_then(|()| csv.into_inner().map_err(|e| e.into_error()))
            .and_then(|buffer| {
                self.buffer = buffer;
                match self.out.as_mut() {
                    Some(out) => out.write_all(&self.buffer),
                    None => Err(std::io::Error::other("the CSV output is already finished")),
                }
            });
        self.buffer.clear();
        result.map_err(|e| self.error(e))
    }
}

impl<S: Sink> OutcomeWriter for CsvWriter<S> {
    fn write(&mut self, outcome: &Outcome<'_>) -> Result<(), FormatError> {
        let width = header(self.offsets).len();
        match outcome.result {
            Ok(annotations) => {
                let units = if self.offsets.any_extra() && !annotations.is_empty() {
                    let text = outcome.text.ok_or_else(|| FormatError::MissingText {
                        id: outcome.id.to_owned(),
                    })?;
                    offsets::convert(outcome.id, text, annotations)?
                } else {
                    Vec::new()
                };
                let offsets = self.offsets;
                self.rows(|csv| {
                    for (i, a) in annotations.iter().enumerate() {
                        let mut row: Vec<String> = Vec::with_capacity(width);
                        row.extend([
                            outcome.id.to_owned(),
                            a.label.clone(),
                            a.start.to_string(),
                            a.end.to_string(),
                        ]);
                        if let Some(u) = units.get(i) {
                            if offsets.chars() {
                                row.extend([u.start_char.to_string(), u.end_char.to_string()]);
                            }
                            if offsets.utf16() {
                                row.extend([u.start_utf16.to_string(), u.end_utf16.to_string()]);
                            }
                        }
                        row.extend([
                            a.text.clone(),
                            a.plugin.clone(),
                            a.attrs.to_string(),
                            String::new(),
                        ]);
                        csv.write_record(&row)?;
                    }
                    Ok(())
                })?;
            }
            Err(message) => {
                let mut row = vec![""; width];
                row[0] = outcome.id;
                row[width - 1] = message;
                self.rows(|csv| csv.write_record(row))?;
            }
        }
        let error = outcome.result.err();
        let result = match self.out.as_mut() {
            Some(out) => out.end_document(outcome.id, error),
            None => Ok(()),
        };
        result.map_err(|e| self.error(e))
    }

    fn finish(&mut self) -> Result<(), FormatError> {
        let Some(mut sink) = self.out.take() else {
            return Ok(());
        };
        sink.close().map_err(|e| sink.error(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Format;
    use marginalia_core::{Annotation, Attrs};

    fn write(offsets: OffsetUnits, outcomes: &[Outcome<'_>]) -> String {
        crate::write_to_string(Format::Csv, offsets, outcomes)
    }

    #[test]
    fn rows_quoting_offsets_and_failures() {
        let text = "🇰🇷 \"Seoul, again\"\nsaid 北京";
        let start = text.find('"').unwrap();
        let end = text.find('\n').unwrap() + 5;
        let annotations = [
            Annotation {
                label: "quote".into(),
                start,
                end,
                text: text[start..end].into(),
                plugin: "rules".into(),
                attrs: Attrs::new().with("who", "a \"b\", c"),
            },
            Annotation {
                label: "actor".into(),
                start: text.len() - 6,
                end: text.len(),
                text: "北京".into(),
                plugin: "actors".into(),
                attrs: Attrs::new(),
            },
        ];
        let outcomes = [
            Outcome {
                id: "a.txt",
                text: Some(text),
                result: Ok(&annotations),
            },
            Outcome {
                id: "b, failed.txt",
                text: None,
                result: Err("cannot read: \"denied\""),
            },
        ];
        assert_eq!(
            write(OffsetUnits::All, &outcomes),
            "doc,label,start_byte,end_byte,start_char,end_char,start_utf16,end_utf16,text,plugin,attrs,error\r\n\
             a.txt,quote,9,28,3,22,5,24,\"\"\"Seoul, again\"\"\nsaid\",rules,\"{\"\"who\"\":\"\"a \\\"\"b\\\"\", c\"\"}\",\r\n\
             a.txt,actor,29,35,23,25,25,27,北京,actors,{},\r\n\
             \"b, failed.txt\",,,,,,,,,,,\"cannot read: \"\"denied\"\"\"\r\n"
        );
        assert_eq!(
            write(OffsetUnits::Bytes, &outcomes[1..]),
            "doc,label,start_byte,end_byte,text,plugin,attrs,error\r\n\
             \"b, failed.txt\",,,,,,,\"cannot read: \"\"denied\"\"\"\r\n"
        );
        assert!(write(OffsetUnits::Chars, &outcomes).starts_with(
            "doc,label,start_byte,end_byte,start_char,end_char,text,plugin,attrs,error\r\n\
             a.txt,quote,9,28,3,22,\""
        ));
    }
}
