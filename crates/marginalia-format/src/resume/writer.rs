//! The writer of a resumable run: the retry first, if there is one, then the format's
//! writer appending to the output; it keeps the failures file, and marks the run complete
//! once the output is finished.

use std::io;
use std::path::{Path, PathBuf};

use super::failures::Failures;
use super::journal::{Appending, DurableFile, Journal};
use super::retry::{self, Retry};
use super::scan::Found;
use super::{Layout, RunIdentity, file_len, write_state};
use crate::brat::BratWriter;
use crate::csv::CsvWriter;
use crate::jsonl::JsonlWriter;
use crate::{Format, FormatError, OffsetUnits, Outcome, OutcomeWriter};

/// A brat writer that knows the documents kept: their paths, labels and attributes, and
/// (unless they are retried) their failures. A failed document has no files: those that a
/// retry interrupted before its commit left at its path are removed.
pub(super) fn restored_brat(
    layout: &Layout,
    found: &Found,
    retrying: bool,
) -> Result<BratWriter, FormatError> {
    let mut writer = BratWriter::create(&layout.dir)?;
    for kept in &found.brat {
        if kept.error.is_some() {
            let base =
                crate::brat::base_path(&kept.id).map_err(|reason| FormatError::UnsafeId {
                    id: kept.id.clone(),
                    reason,
                })?;
            for extension in ["txt", "ann"] {
                let path = layout.dir.join(format!("{base}.{extension}"));
                match std::fs::remove_file(&path) {
                    Err(e) if e.kind() != io::ErrorKind::NotFound => {
                        return Err(FormatError::Io { path, source: e });
                    }
                    _ => {}
                }
            }
            if retrying {
                continue;
            }
        }
        writer.restore(&kept.id, kept.error.as_deref(), &kept.ann);
    }
    Ok(writer)
}

/// Truncates the records (and data) after `found.records_end` (and `found.data_end`) and
/// opens the format's writer, appending; csv starts with the header row when `header`.
pub(super) fn append(
    format: Format,
    offsets: OffsetUnits,
    layout: &Layout,
    found: &Found,
    header: bool,
    brat: Option<BratWriter>,
) -> Result<Box<dyn OutcomeWriter>, FormatError> {
    Ok(match format {
        Format::Jsonl => {
            let out = DurableFile::open(&layout.records, found.records_end, None)?;
            Box::new(JsonlWriter::new(out, offsets))
        }
        Format::Csv => {
            let journal = Journal::open(&layout.records, found.records_end)?;
            let data = layout.data.as_deref().expect("csv has a data file");
            let out = DurableFile::open(data, found.data_end, Some(journal))?;
            Box::new(CsvWriter::with_header(out, offsets, header)?)
        }
        Format::Brat | Format::Html => {
            let journal = Journal::open(&layout.records, found.records_end)?;
            let writer = match brat {
                Some(writer) => writer,
                None => BratWriter::create(&layout.dir)?,
            };
            Box::new(writer.with_journal(Box::new(Appending::new(journal))))
        }
    })
}

/// The writer of a resumable run: the retry first, if any, then the format's appending
/// writer; keeps the failures file, and marks the run complete once the output is finished.
pub(super) struct RunWriter {
    pub(super) format: Format,
    pub(super) offsets: OffsetUnits,
    pub(super) layout: Layout,
    /// The retried documents still to come, being written in place of their old records.
    pub(super) retry: Option<Retry>,
    /// The writer of the documents after them (opened once the retry commits).
    pub(super) inner: Option<Box<dyn OutcomeWriter>>,
    pub(super) failures: Failures,
    pub(super) state: PathBuf,
    pub(super) identity: RunIdentity,
}

impl std::fmt::Debug for RunWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunWriter")
            .field("state", &self.state)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl RunWriter {
    /// Commits the retry, rewrites the failures file after it, and opens the writer of the
    /// rest of the run.
    fn end_retry(&mut self, retry: Retry) -> Result<(), FormatError> {
        let retry::Committed { brat, failed } = retry.commit()?;
        self.failures = Failures::resumable(
            &self.layout.dir,
            failed
                .iter()
                .map(|(id, error)| (id.as_str(), error.as_str())),
        )?;
        let length = |path: &Path| {
            file_len(path).map_err(|source| FormatError::Io {
                path: path.to_owned(),
                source,
            })
        };
        let found = Found {
            records_end: length(&self.layout.records)?,
            data_end: match &self.layout.data {
                Some(data) => length(data)?,
                None => 0,
            },
            ..Found::default()
        };
        let inner = append(self.format, self.offsets, &self.layout, &found, false, brat)?;
        self.inner = Some(inner);
        Ok(())
    }
}

impl OutcomeWriter for RunWriter {
    fn write(&mut self, outcome: &Outcome<'_>) -> Result<(), FormatError> {
        if let Some(retry) = &mut self.retry {
            retry.write(outcome)?;
            if retry.left() == 0 {
                let retry = self.retry.take().expect("checked above");
                self.end_retry(retry)?;
            }
            return Ok(());
        }
        let inner = self.inner.as_mut().expect("opened when the retry ends");
        inner.write(outcome)?;
        if let Err(error) = outcome.result {
            self.failures.add(outcome.id, error)?;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), FormatError> {
        if let Some(retry) = self.retry.take() {
            // Fewer documents came than were to be retried: the commit refuses, naming them.
            retry.commit()?;
        }
        let inner = self.inner.as_mut().expect("opened when the retry ends");
        inner.finish()?;
        self.failures.close()?;
        write_state(&self.state, &self.identity, true)
    }
}

/// The HTML report, with its failures file: both appear when finished.
pub(super) struct ReportWriter {
    pub(super) inner: Box<dyn OutcomeWriter>,
    pub(super) failures: Failures,
}

impl std::fmt::Debug for ReportWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReportWriter")
            .field("failures", &self.failures)
            .finish_non_exhaustive()
    }
}

impl OutcomeWriter for ReportWriter {
    fn write(&mut self, outcome: &Outcome<'_>) -> Result<(), FormatError> {
        self.inner.write(outcome)?;
        if let Err(error) = outcome.result {
            self.failures.add(outcome.id, error)?;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), FormatError> {
        self.inner.finish()?;
        self.failures.close()
    }
}
