//! The output writers of `marginalia annotate`: this crate's one job is to turn annotated
//! documents into files, in one of four formats, one module each:
//!
//! | format | module | offsets | destination |
//! | --- | --- | --- | --- |
//! | JSON Lines (the default) | [`jsonl`] | bytes (`start`/`end`), plus `start_char`/`end_char` and `start_utf16`/`end_utf16` on request | a stream, or `DIR/annotations.jsonl` |
//! | CSV (RFC 4180) | [`csv`] | `start_byte`/`end_byte`, plus the same extra columns on request | a stream, or `DIR/annotations.csv` |
//! | HTML report | [`html`] | `data-start`/`data-end` (bytes), plus `data-start-char`… on request | a stream, or `DIR/report.html` |
//! | brat standoff | [`brat`] | code points, always (brat counts Python characters) | a directory tree |
//!
//! Documents arrive one at a time, in output order, as [`Outcome`]s, and are written as they
//! come: memory does not grow with the corpus, except for what a format has to summarize at
//! the end (the HTML report's overview table, brat's `annotation.conf`).
//!
//! Extra offset units ([`OffsetUnits`]) are computed by [`offsets::convert`] in one pass over
//! each document's text.
//!
//! [`open`] writes a file that appears once complete. [`resume::open_dir`] (what
//! `marginalia annotate --out-dir` uses) writes into a directory document by document instead,
//! so that an interrupted run can be resumed and end with the output of an uninterrupted one.
//!
//! ```
//! use marginalia_core::{Annotation, Attrs};
//! use marginalia_format::{Destination, Format, OffsetUnits, Outcome};
//!
//! let annotations = [Annotation {
//!     label: "actor".into(),
//!     start: 0,
//!     end: 12, // bytes: Cyrillic letters take two each
//!     text: "Россия".into(),
//!     plugin: "actors".into(),
//!     attrs: Attrs::new().with("id", "RUS"),
//! }];
//! let mut out = Vec::new();
//! let mut writer = Format::Jsonl.writer(OffsetUnits::Chars, &mut out)?;
//! writer.write(&Outcome {
//!     id: "a.txt",
//!     text: Some("Россия"),
//!     result: Ok(&annotations[..]),
//! })?;
//! writer.finish()?;
//! drop(writer);
//! assert_eq!(
//!     String::from_utf8(out).unwrap(),
//!     r#"{"id":"a.txt","annotations":[{"label":"actor","start":0,"end":12,"start_char":0,"end_char":6,"text":"Россия","plugin":"actors","attrs":{"id":"RUS"}}]}"#
//!         .to_owned()
//!         + "\n"
//! );
//! # let _ = Destination::Stdout;
//! # Ok::<(), marginalia_format::FormatError>(())
//! ```

pub mod brat;
pub mod csv;
mod error;
mod file;
pub mod html;
pub mod jsonl;
pub mod offsets;
mod palette;
pub mod resume;

use std::io::Write;
use std::path::{Path, PathBuf};

use marginalia_core::Annotation;

pub use error::FormatError;
pub use offsets::{OffsetUnits, UnitSpan};

/// One document as the writers see it: what `marginalia_host::run` hands over, borrowed.
#[derive(Clone, Copy, Debug)]
pub struct Outcome<'a> {
    /// The document id (the path relative to the corpus root, `/`-separated, or the id given in
    /// the input).
    pub id: &'a str,
    /// The text, when it could be read.
    pub text: Option<&'a str>,
    /// The annotations, sorted by `(start, end, label)`, or why the document failed.
    pub result: Result<&'a [Annotation], &'a str>,
}

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// One JSON object per document.
    Jsonl,
    /// brat standoff: a `.txt` and a `.ann` per document, `annotation.conf`, `visual.conf`.
    Brat,
    /// One CSV row per annotation (and per failed document).
    Csv,
    /// One self-contained HTML page.
    Html,
}

impl Format {
    /// The file written in an output directory, for the formats that write one file.
    pub fn file_name(self) -> Option<&'static str> {
        match self {
            Format::Jsonl => Some("annotations.jsonl"),
            Format::Csv => Some("annotations.csv"),
            Format::Html => Some("report.html"),
            Format::Brat => None,
        }
    }

    /// A writer of this format into a stream; [`OutcomeWriter::finish`] flushes it. Errors
    /// name the stream "the output"; [`Format::named_writer`] gives it a name.
    ///
    /// brat writes a directory tree, not a stream: open it with [`open`] and
    /// [`Destination::Dir`]; here it is [`FormatError::NeedsDir`].
    pub fn writer<'w, W: Write + 'w>(
        self,
        offsets: OffsetUnits,
        out: W,
    ) -> Result<Box<dyn OutcomeWriter + 'w>, FormatError> {
        self.named_writer(offsets, out, "the output")
    }

    /// As [`Format::writer`], with errors naming the stream `name` (`stdout`).
    pub fn named_writer<'w, W: Write + 'w>(
        self,
        offsets: OffsetUnits,
        out: W,
        name: &str,
    ) -> Result<Box<dyn OutcomeWriter + 'w>, FormatError> {
        stream_writer(self, offsets, file::Plain::new(out, name))
    }
}

fn stream_writer<'w, S: file::Sink + 'w>(
    format: Format,
    offsets: OffsetUnits,
    sink: S,
) -> Result<Box<dyn OutcomeWriter + 'w>, FormatError> {
    Ok(match format {
        Format::Jsonl => Box::new(jsonl::JsonlWriter::new(sink, offsets)),
        Format::Csv => Box::new(csv::CsvWriter::new(sink, offsets)?),
        Format::Html => Box::new(html::HtmlWriter::new(sink, offsets)?),
        Format::Brat => return Err(FormatError::NeedsDir),
    })
}

/// Writes documents one at a time, in output order.
pub trait OutcomeWriter {
    /// Writes one document.
    fn write(&mut self, outcome: &Outcome<'_>) -> Result<(), FormatError>;

    /// Writes what comes after the last document and flushes; for files, moves them into
    /// place. Nothing may be written after it.
    fn finish(&mut self) -> Result<(), FormatError>;
}

/// Where the output goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Destination {
    /// Standard output.
    Stdout,
    /// One file, which appears (atomically) only once it is complete.
    File(PathBuf),
    /// A directory: `annotations.jsonl`, `annotations.csv` or `report.html` in it (written
    /// like [`Destination::File`]), or brat's tree.
    Dir(PathBuf),
}

impl Destination {
    /// The path to name in messages: the file or directory, or `-` for stdout.
    pub fn display_path(&self) -> &Path {
        match self {
            Destination::Stdout => Path::new("-"),
            Destination::File(path) | Destination::Dir(path) => path,
        }
    }
}

/// Opens a writer of `format` into `destination`, creating the directories it needs.
///
/// brat needs a [`Destination::Dir`]; anything else is [`FormatError::NeedsDir`]. A file is
/// written under a temporary name and renamed into place by [`OutcomeWriter::finish`]; if the
/// writer is dropped before (the run failed), the destination keeps its previous content, or
/// does not appear. An existing destination that is not a regular file (`/dev/null`, a FIFO)
/// is written in place, and a directory is refused at once.
pub fn open(
    format: Format,
    offsets: OffsetUnits,
    destination: &Destination,
) -> Result<Box<dyn OutcomeWriter>, FormatError> {
    match destination {
        Destination::Dir(dir) if format == Format::Brat => {
            Ok(Box::new(brat::BratWriter::create(dir)?))
        }
        Destination::Stdout => stream_writer(
            format,
            offsets,
            file::Plain::new(std::io::BufWriter::new(std::io::stdout()), "stdout"),
        ),
        Destination::File(path) => stream_writer(format, offsets, file::OutFile::create(path)?),
        Destination::Dir(dir) => {
            let name = format.file_name().ok_or(FormatError::NeedsDir)?;
            stream_writer(format, offsets, file::AtomicFile::create(&dir.join(name))?)
        }
    }
}

/// Writes `outcomes` in `format` (a stream format) to a string, for the writers' unit tests.
#[cfg(test)]
pub(crate) fn write_to_string(
    format: Format,
    offsets: OffsetUnits,
    outcomes: &[Outcome<'_>],
) -> String {
    let mut out = Vec::new();
    let mut writer = format.writer(offsets, &mut out).unwrap();
    for outcome in outcomes {
        writer.write(outcome).unwrap();
    }
    writer.finish().unwrap();
    drop(writer);
    String::from_utf8(out).unwrap()
}
