//! Retrying the failed documents of an output directory (`--resume --retry-failed`): their
//! new records are put in place of the old ones, every other record is kept byte for byte,
//! and each file is replaced by one rename. See the module docs of [`crate::resume`] for the
//! order of the renames and how an interrupted retry is finished or undone.
//!
//! The records file (and, for csv, the rows) is rewritten as the retried documents arrive:
//! the records before each one are copied, its old record is skipped and its new one
//! written, so memory does not grow with the output.

use std::collections::VecDeque;
use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::Layout;
use super::journal::{Entry, Recorder, checksum};
use super::scan::Failed;
use crate::brat::BratWriter;
use crate::csv::CsvWriter;
use crate::file::{Sink, sync_dir};
use crate::jsonl::JsonlWriter;
use crate::{Format, FormatError, OffsetUnits, Outcome, OutcomeWriter};

/// The new records file of a retry, before it is renamed over the old one (the commit).
pub(super) const RETRY_RECORDS: &str = ".marginalia-retry-records.tmp";

/// csv: the new rows of a retry, renamed over `annotations.csv` once the records are.
pub(super) const RETRY_DATA: &str = ".marginalia-retry-data.tmp";

/// Finishes or undoes a retry that was interrupted while replacing its files: while the new
/// records file exists under [`RETRY_RECORDS`], the retry did not commit, and both new files
/// are removed; once it is gone (renamed), the retry committed, and new rows left under
/// [`RETRY_DATA`] are renamed into place. (Their names are not those of the temporary files
/// that `remove_stale_temporaries` removes: a brat retry clears its directory of those
/// while it runs.)
pub(super) fn recover(layout: &Layout) -> Result<(), FormatError> {
    let committed = !layout.dir.join(RETRY_RECORDS).exists();
    settle(layout, committed)
}

/// Removes what a retry left in a directory without output (where it cannot have
/// committed).
pub(super) fn remove_leftovers(layout: &Layout) -> Result<(), FormatError> {
    settle(layout, false)
}

/// Renames the new rows into place if `committed`, and removes the retry's files.
fn settle(layout: &Layout, committed: bool) -> Result<(), FormatError> {
    let io_error = |path: &Path| {
        let path = path.to_owned();
        move |source| FormatError::Io { path, source }
    };
    let records = layout.dir.join(RETRY_RECORDS);
    let data = layout.dir.join(RETRY_DATA);
    for path in [&records, &data] {
        if !path.exists() {
            continue;
        }
        match (&layout.data, path == &data && committed) {
            (Some(target), true) => std::fs::rename(path, target).map_err(io_error(target))?,
            _ => std::fs::remove_file(path).map_err(io_error(path))?,
        }
        sync_dir(&layout.dir).map_err(io_error(&layout.dir))?;
    }
    Ok(())
}

/// The first part of a retry: the documents to retry are written in place of their old
/// records; [`Retry::commit`] then makes the replacement the output.
pub(super) struct Retry {
    /// Retried documents still to come.
    left: usize,
    stage: Stage,
    /// The retried documents that failed again, in order: id and message.
    failures: Vec<(String, String)>,
}

/// Where the retried documents are written.
enum Stage {
    /// jsonl or csv: a writer of the format into a [`Replacing`] sink.
    Records(Box<dyn OutcomeWriter>),
    /// brat: the run's writer, recording into a [`JournalRewrite`].
    Brat(BratWriter),
}

impl std::fmt::Debug for Retry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Retry")
            .field("left", &self.left)
            .finish_non_exhaustive()
    }
}

impl Retry {
    /// Starts replacing the records of `retried` (the failed documents kept, in order), the
    /// records file being kept up to `records_end`. brat needs the run's writer, restored.
    pub(super) fn start(
        format: Format,
        offsets: OffsetUnits,
        layout: &Layout,
        records_end: u64,
        retried: &[Failed],
        brat: Option<BratWriter>,
    ) -> Result<Retry, FormatError> {
        let queue = retried
            .iter()
            .map(|failed| (failed.position, failed.id.clone()))
            .collect();
        let rewrite = Rewrite::open(layout, records_end, queue)?;
        let stage = match (format, brat) {
            (Format::Brat, Some(mut writer)) => {
                writer = writer.with_journal(Box::new(JournalRewrite {
                    path: layout.records.clone(),
                    rewrite: Some(rewrite),
                }));
                Stage::Brat(writer)
            }
            (Format::Jsonl, _) => Stage::Records(Box::new(JsonlWriter::new(
                Replacing::new(layout.records.clone(), rewrite),
                offsets,
            ))),
            (Format::Csv, _) => {
                let data = layout.data.clone().expect("csv has a data file");
                // The header belongs to the first document's rows.
                let header = retried.first().is_some_and(|f| f.position == 0);
                Stage::Records(Box::new(CsvWriter::with_header(
                    Replacing::new(data, rewrite),
                    offsets,
                    header,
                )?))
            }
            (Format::Brat | Format::Html, _) => {
                unreachable!("brat is retried with its writer; html is not resumable")
            }
        };
        Ok(Retry {
            left: retried.len(),
            stage,
            failures: Vec::new(),
        })
    }

    /// Writes the next retried document.
    pub(super) fn write(&mut self, outcome: &Outcome<'_>) -> Result<(), FormatError> {
        match &mut self.stage {
            Stage::Records(writer) => writer.write(outcome)?,
            Stage::Brat(writer) => writer.write(outcome)?,
        }
        if let Err(error) = outcome.result {
            self.failures
                .push((outcome.id.to_owned(), error.to_owned()));
        }
        self.left = self.left.saturating_sub(1);
        Ok(())
    }

    /// How many retried documents are still to come.
    pub(super) fn left(&self) -> usize {
        self.left
    }

    /// Commits the replacement (see the module docs of [`crate::resume`]).
    pub(super) fn commit(self) -> Result<Committed, FormatError> {
        let brat = match self.stage {
            Stage::Records(mut writer) => {
                writer.finish()?;
                None
            }
            Stage::Brat(mut writer) => {
                if let Some(journal) = writer.take_journal() {
                    journal.finish()?;
                }
                Some(writer)
            }
        };
        Ok(Committed {
            brat,
            failed: self.failures,
        })
    }
}

/// What a committed retry leaves to the rest of the run.
pub(super) struct Committed {
    /// brat: the writer, to continue the run with.
    pub(super) brat: Option<BratWriter>,
    /// The retried documents that failed again, in order: id and message.
    pub(super) failed: Vec<(String, String)>,
}

/// A journal line of csv, as read back to be copied with its new end.
#[derive(Deserialize)]
struct CsvLine {
    id: String,
    end: u64,
    sum: String,
    #[serde(default)]
    error: Option<String>,
}

/// A csv journal line read from the records file at `path`.
fn csv_line(line: &[u8], path: &Path) -> io::Result<CsvLine> {
    serde_json::from_slice(line)
        .map_err(|e| at(path)(io::Error::new(io::ErrorKind::InvalidData, e)))
}

/// An I/O error that names the file it happened to.
fn at(path: &Path) -> impl Fn(io::Error) -> io::Error + '_ {
    move |e| io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

/// A new file under a fixed name in `dir`, made durable as an entry of `dir`.
fn create(dir: &Path, name: &str) -> io::Result<(BufWriter<File>, PathBuf)> {
    let path = dir.join(name);
    let file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&path)
        .map_err(at(&path))?;
    sync_dir(dir).map_err(at(dir))?;
    Ok((BufWriter::with_capacity(1 << 16, file), path))
}

/// The records file, rewritten with the retried documents' new records in place of their
/// old ones (and, for csv, the rows, each journal line with its rows' new end).
#[derive(Debug)]
struct Rewrite {
    dir: PathBuf,
    /// The records file, read up to the end of the records kept.
    old: io::Take<BufReader<File>>,
    old_path: PathBuf,
    new: BufWriter<File>,
    new_path: PathBuf,
    data: Option<DataRewrite>,
    /// The records to replace, in order: number and id.
    retried: VecDeque<(u64, String)>,
    /// The number of the next record of the old file.
    next: u64,
    line: Vec<u8>,
}

/// csv: the rows, rewritten along with the journal.
#[derive(Debug)]
struct DataRewrite {
    old: BufReader<File>,
    old_path: PathBuf,
    /// Where the rows read so far end in the old file.
    at: u64,
    new: BufWriter<File>,
    new_path: PathBuf,
    /// The bytes written to the new file.
    len: u64,
}

impl Rewrite {
    /// Starts the rewrite of the records (kept up to `records_end`); the new records file is
    /// created before the new rows, so that new rows never exist without it before the
    /// commit (see [`recover`]).
    fn open(
        layout: &Layout,
        records_end: u64,
        retried: VecDeque<(u64, String)>,
    ) -> Result<Rewrite, FormatError> {
        let io_error = |path: &Path| {
            let path = path.to_owned();
            move |source| FormatError::Io { path, source }
        };
        let old = File::open(&layout.records).map_err(io_error(&layout.records))?;
        let (new, new_path) = create(&layout.dir, RETRY_RECORDS).map_err(io_error(&layout.dir))?;
        let data = match &layout.data {
            Some(path) => {
                let old = File::open(path).map_err(io_error(path))?;
                let (new, new_path) =
                    create(&layout.dir, RETRY_DATA).map_err(io_error(&layout.dir))?;
                Some(DataRewrite {
                    old: BufReader::with_capacity(1 << 16, old),
                    old_path: path.clone(),
                    at: 0,
                    new,
                    new_path,
                    len: 0,
                })
            }
            None => None,
        };
        Ok(Rewrite {
            dir: layout.dir.clone(),
            old: BufReader::with_capacity(1 << 16, old).take(records_end),
            old_path: layout.records.clone(),
            new,
            new_path,
            data,
            retried,
            next: 0,
            line: Vec::new(),
        })
    }

    /// Reads the next old record into `line`; false after the last one kept.
    fn read_line(&mut self) -> io::Result<bool> {
        self.line.clear();
        self.old
            .read_until(b'\n', &mut self.line)
            .map_err(at(&self.old_path))?;
        Ok(!self.line.is_empty())
    }

    /// Copies the old records up to record number `until` (all that are left with
    /// `u64::MAX`).
    fn copy_until(&mut self, until: u64) -> io::Result<()> {
        while self.next < until {
            if !self.read_line()? {
                if until == u64::MAX {
                    return Ok(());
                }
                return Err(at(&self.old_path)(io::Error::other(format!(
                    "it ends before record {}, which the retry replaces",
                    until + 1
                ))));
            }
            self.next += 1;
            let Some(data) = &mut self.data else {
                self.new.write_all(&self.line).map_err(at(&self.new_path))?;
                continue;
            };
            let record = csv_line(&self.line, &self.old_path)?;
            data.pass(record.end, true)?;
            let end = data.len;
            let entry = Entry {
                id: &record.id,
                end: Some(end),
                sum: Some(record.sum),
                error: record.error.as_deref(),
                ..Entry::default()
            };
            self.put(&entry)?;
        }
        Ok(())
    }

    /// Moves past the old record of the next retried document, which must be `id`.
    fn replace_next(&mut self, id: &str) -> io::Result<()> {
        let Some((number, expected)) = self.retried.pop_front() else {
            return Err(io::Error::other(format!(
                "document `{id}` came after the last document to retry"
            )));
        };
        if expected != id {
            return Err(io::Error::other(format!(
                "document `{id}` came where the retry expected `{expected}`: the documents \
                 to retry must come first, in input order"
            )));
        }
        self.copy_until(number)?;
        if !self.read_line()? {
            return Err(at(&self.old_path)(io::Error::other(format!(
                "it ends before the record of `{id}`"
            ))));
        }
        self.next += 1;
        if let Some(data) = &mut self.data {
            data.pass(csv_line(&self.line, &self.old_path)?.end, false)?;
        }
        Ok(())
    }

    /// Writes a new record line.
    fn put_line(&mut self, line: &[u8]) -> io::Result<()> {
        self.new.write_all(line).map_err(at(&self.new_path))
    }

    /// Writes a journal line.
    fn put(&mut self, entry: &Entry<'_>) -> io::Result<()> {
        let mut line = serde_json::to_vec(entry)?;
        line.push(b'\n');
        self.put_line(&line)
    }

    /// csv: writes a retried document's rows and its journal line.
    fn put_rows(&mut self, id: &str, rows: &[u8], error: Option<&str>) -> io::Result<()> {
        let data = self
            .data
            .as_mut()
            .ok_or_else(|| io::Error::other("csv rows without a data file"))?;
        data.new.write_all(rows).map_err(at(&data.new_path))?;
        data.len += rows.len() as u64;
        let entry = Entry {
            id,
            end: Some(data.len),
            sum: Some(checksum(rows)),
            error,
            ..Entry::default()
        };
        self.put(&entry)
    }

    /// Copies the records after the last retried one, makes the new files durable and
    /// renames them into place: the records first (the commit), then the rows.
    fn commit(mut self) -> io::Result<()> {
        if let Some((_, id)) = self.retried.front() {
            let more = match self.retried.len() - 1 {
                0 => String::new(),
                n => format!(" and {n} more"),
            };
            return Err(io::Error::other(format!(
                "the documents to retry ended early: `{id}`{more} did not come; nothing was \
                 replaced"
            )));
        }
        // The rows after the last record kept (an interrupted run's uncommitted ones) are
        // left behind with it.
        self.copy_until(u64::MAX)?;
        if let Some(data) = &mut self.data {
            finish(&mut data.new).map_err(at(&data.new_path))?;
        }
        finish(&mut self.new).map_err(at(&self.new_path))?;
        sync_dir(&self.dir).map_err(at(&self.dir))?;
        std::fs::rename(&self.new_path, &self.old_path).map_err(at(&self.old_path))?;
        sync_dir(&self.dir).map_err(at(&self.dir))?;
        if let Some(data) = &self.data {
            std::fs::rename(&data.new_path, &data.old_path).map_err(at(&data.old_path))?;
            sync_dir(&self.dir).map_err(at(&self.dir))?;
        }
        Ok(())
    }
}

/// Flushes and syncs a new file.
fn finish(file: &mut BufWriter<File>) -> io::Result<()> {
    file.flush()?;
    file.get_ref().sync_all()
}

impl DataRewrite {
    /// Moves the old file to offset `end`, copying the rows passed when `copy`.
    fn pass(&mut self, end: u64, copy: bool) -> io::Result<()> {
        let want = end.checked_sub(self.at).ok_or_else(|| {
            at(&self.old_path)(io::Error::other(format!(
                "its journal ends a document at {end}, before the previous one ({})",
                self.at
            )))
        })?;
        let mut rows = (&mut self.old).take(want);
        let moved = if copy {
            io::copy(&mut rows, &mut self.new).map_err(at(&self.new_path))?
        } else {
            io::copy(&mut rows, &mut io::sink()).map_err(at(&self.old_path))?
        };
        if moved != want {
            return Err(at(&self.old_path)(io::Error::other(format!(
                "it ends at {}, before the end its journal records ({end})",
                self.at + moved
            ))));
        }
        self.at = end;
        if copy {
            self.len += moved;
        }
        Ok(())
    }
}

/// The sink of a retried jsonl or csv document: its bytes replace its old record (jsonl) or
/// rows (csv) in the rewrite; closing it commits the rewrite.
#[derive(Debug)]
struct Replacing {
    /// The output file, to name in messages.
    name: PathBuf,
    rewrite: Option<Rewrite>,
    pending: Vec<u8>,
}

impl Replacing {
    fn new(name: PathBuf, rewrite: Rewrite) -> Replacing {
        Replacing {
            name,
            rewrite: Some(rewrite),
            pending: Vec::new(),
        }
    }

    fn rewrite(&mut self) -> io::Result<&mut Rewrite> {
        self.rewrite
            .as_mut()
            .ok_or_else(|| io::Error::other("the retry is already committed"))
    }
}

impl Write for Replacing {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Sink for Replacing {
    fn name(&self) -> &Path {
        &self.name
    }

    fn close(&mut self) -> io::Result<()> {
        let rewrite = self
            .rewrite
            .take()
            .ok_or_else(|| io::Error::other("the retry is already committed"))?;
        rewrite.commit()
    }

    fn end_document(&mut self, id: &str, error: Option<&str>) -> io::Result<()> {
        let pending = std::mem::take(&mut self.pending);
        let rewrite = self.rewrite()?;
        rewrite.replace_next(id)?;
        if rewrite.data.is_some() {
            rewrite.put_rows(id, &pending, error)?;
        } else {
            rewrite.put_line(&pending)?;
        }
        self.pending = pending;
        self.pending.clear();
        Ok(())
    }
}

/// brat: the journal rewritten, each retried document's new line in place of its old one.
#[derive(Debug)]
struct JournalRewrite {
    path: PathBuf,
    rewrite: Option<Rewrite>,
}

impl JournalRewrite {
    fn error(&self, source: io::Error) -> FormatError {
        FormatError::Io {
            path: self.path.clone(),
            source,
        }
    }
}

impl Recorder for JournalRewrite {
    fn record(&mut self, entry: &Entry<'_>) -> Result<(), FormatError> {
        let Some(rewrite) = self.rewrite.as_mut() else {
            return Err(self.error(io::Error::other("the retry is already committed")));
        };
        let result = rewrite
            .replace_next(entry.id)
            .and_then(|()| rewrite.put(entry));
        result.map_err(|e| self.error(e))
    }

    fn sync(&mut self) -> Result<(), FormatError> {
        Ok(())
    }

    fn needs_durable_files(&self) -> bool {
        true
    }

    fn finish(mut self: Box<Self>) -> Result<(), FormatError> {
        match self.rewrite.take() {
            Some(rewrite) => rewrite.commit().map_err(|e| self.error(e)),
            None => Ok(()),
        }
    }
}
