//! The failures file, `failures.jsonl` ([`FAILURES_FILE`]): one `{"id": ..., "error": ...}`
//! line per failed document of the output directory, in input order. It is derived from the
//! records (which stay the truth): rebuilt from the records kept on every open, appended to
//! as failed documents are committed, and rewritten after a retry has replaced its documents.
//! See the module docs of [`crate::resume`] for when it is written and synced.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::journal::DurableFile;
use crate::FormatError;
use crate::file::{AtomicFile, Sink, write_durable};

/// The file, in the output directory, that lists the failed documents.
pub const FAILURES_FILE: &str = "failures.jsonl";

/// A line of the failures file.
#[derive(Serialize)]
struct Line<'a> {
    id: &'a str,
    error: &'a str,
}

/// The bytes of the failures file listing `failures` (id, error), in order.
pub(super) fn contents<'a>(failures: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<u8> {
    let mut out = Vec::new();
    for (id, error) in failures {
        push_line(&mut out, id, error);
    }
    out
}

fn push_line(out: &mut Vec<u8>, id: &str, error: &str) {
    serde_json::to_writer(&mut *out, &Line { id, error }).expect("strings serialize");
    out.push(b'\n');
}

/// The failures file of an output directory, being written.
pub(super) struct Failures {
    path: PathBuf,
    out: Box<dyn Sink>,
    line: Vec<u8>,
}

impl std::fmt::Debug for Failures {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Failures")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Failures {
    /// A resumable run's failures file in `dir`: replaced (durably) by one listing
    /// `failures`, then appended to as documents fail, one `write` per line, and synced every
    /// [`super::SYNC_INTERVAL`] and when closed.
    pub(super) fn resumable<'a>(
        dir: &Path,
        failures: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Failures, FormatError> {
        let path = dir.join(FAILURES_FILE);
        let bytes = contents(failures);
        write_durable(&path, &bytes)?;
        let out = DurableFile::open(&path, bytes.len() as u64, None)?;
        Ok(Failures {
            path,
            out: Box::new(out),
            line: Vec::new(),
        })
    }

    /// The failures file of a run that cannot resume (the HTML report): it appears, complete,
    /// when closed, like the report.
    pub(super) fn at_end(dir: &Path) -> Result<Failures, FormatError> {
        let path = dir.join(FAILURES_FILE);
        let out = AtomicFile::create(&path)?;
        Ok(Failures {
            path,
            out: Box::new(out),
            line: Vec::new(),
        })
    }

    /// Adds a failed document.
    pub(super) fn add(&mut self, id: &str, error: &str) -> Result<(), FormatError> {
        self.line.clear();
        push_line(&mut self.line, id, error);
        self.out
            .write_all(&self.line)
            .and_then(|()| self.out.end_document(id, Some(error)))
            .map_err(|e| self.error(e))
    }

    /// Writes what is pending and makes the file durable (or, at the end of a run that cannot
    /// resume, moves it into place).
    pub(super) fn close(&mut self) -> Result<(), FormatError> {
        self.out.close().map_err(|e| self.error(e))
    }

    fn error(&self, source: std::io::Error) -> FormatError {
        FormatError::Io {
            path: self.path.clone(),
            source,
        }
    }
}
