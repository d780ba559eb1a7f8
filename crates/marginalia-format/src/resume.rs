//! Resumable runs in an output directory (`marginalia annotate --out-dir DIR [--resume]`): a
//! run that is interrupted (Ctrl-C, a kill, a power loss) continues where it stopped and ends
//! with exactly the output an uninterrupted run gives.
//!
//! [`open_dir`] opens the writer of such a run. It relies on one property of its caller:
//! documents are written in input order, and the input gives the same documents in the same
//! order when the run is started again (a directory walk in id order, a JSON Lines file).
//! So what a run has written is always the output of a prefix of the input, and resuming
//! means: find the longest prefix that is completely (and, after a power loss, durably)
//! written, check that it is the output of the first documents of the input, skip those
//! documents, and append the rest.
//!
//! What the directory holds besides the output:
//!
//! - `.marginalia-run.json` ([`STATE_FILE`]): the run's identity ([`RunIdentity`]: the
//!   inputs, the config and its hash, the plugins and their versions, the format and the
//!   offsets), and whether it is complete. It is written before any output (temporary file,
//!   fsync, rename, fsync of the directory) and again, `"complete": true`, at the end. A
//!   resume whose identity differs is refused with a message naming each difference.
//! - `.marginalia-done.jsonl` ([`JOURNAL_FILE`], csv and brat only): one line per document
//!   written, in order: its id, its error when it failed, and checksums of what was written
//!   for it (csv: the end offset and a checksum of its rows; brat: the size and a checksum of
//!   its `.txt` and `.ann`).
//!
//! How each format commits a document, and what a resume keeps:
//!
//! | format | a document is committed when | a resume keeps the documents up to the first |
//! | --- | --- | --- |
//! | `jsonl` | its line is appended to `annotations.jsonl` (one `write`) | line that is incomplete (no `\n`) or not a JSON record |
//! | `csv` | its rows are appended to `annotations.csv`, then its journal line | journal line that is incomplete, or whose rows are not in the file as recorded |
//! | `brat` | its `.txt` and `.ann` are renamed into place (each written under a temporary name), then its journal line | journal line that is incomplete, or whose files do not have the recorded size and checksum |
//!
//! The file that records the documents is then truncated after the last one kept, and the
//! ids kept must be the ids of the first documents of the input, one for one; otherwise the
//! resume is refused and nothing is changed. A failed document is a record like any other
//! (a JSON line with `"error"`, a CSV row, a journal line), so the resumed output keeps it
//! exactly as the uninterrupted run would.
//!
//! **Durability.** A committed document is in the kernel's hands at once, so a killed run
//! loses nothing it committed. Against power loss, the files are synced (`fdatasync`) every
//! [`SYNC_INTERVAL`] and at the end, not after each document: one sync costs about 2 ms on
//! an ordinary disk, more than annotating a news article, so syncing each document would cut
//! throughput many times over. After a power loss, the documents of the last interval may
//! be lost or half-written; the checks above find the last good one, and the resume redoes
//! the rest. (Data is synced before the journal that describes it; brat's many small files
//! are not synced one by one, but checked against their journal checksums on resume.)
//!
//! A new run ([`Mode::Fresh`]) refuses a directory that already holds output (a non-empty
//! `annotations.jsonl` or `annotations.csv`, or brat's journal): finished work is never
//! silently overwritten. A resume (or a retry) in an empty or new directory simply starts a
//! run, so a script can always ask for one. The HTML report, one page that summarises every
//! document at its end, cannot be resumed: [`open_dir`] refuses to resume or retry it, and
//! otherwise writes it as [`open`](crate::open) does (it appears once complete).
//!
//! **The failures file.** Beside the output, `failures.jsonl` ([`FAILURES_FILE`]) lists the
//! failed documents, one `{"id": ..., "error": ...}` line each, in input order. The records
//! stay the truth and the failures file is derived from them: every open (a new run, a
//! resume, a retry) replaces it, durably, by the failures of the documents kept, and a
//! failed document's line is appended right after the document is committed (synced every
//! [`SYNC_INTERVAL`] and at the end, like the output). So after a kill it lists at most the failures of committed
//! documents (a kill between the two writes leaves the last one out); after a power loss it
//! may disagree with what survived of the records until the next open rebuilds it; a resumed
//! run ends with the same file as an uninterrupted one. The HTML report's failures file is
//! written at its end, like the report.
//!
//! **Retrying failed documents** ([`Mode::RetryFailed`], `--resume --retry-failed`). A retry
//! opens the directory as a resume does (same identity, same input), and then re-annotates
//! the documents kept that failed: the input reports each one to its caller
//! ([`ResumeInput::retry`]), whose next documents must be those, in input order, followed by
//! the rest of the input. The retried documents' new records take the place of their old
//! ones, and every other byte of the output stays as it was; then the run continues as a
//! resume (nothing is left when the run was complete). A run that was interrupted is thus
//! retried and finished by the same command; documents that fail while it finishes are not
//! retried until the next retry. The replacement is written beside the output and made the
//! output by renames, in an order that leaves a recoverable directory wherever a crash
//! stops it:
//!
//! 1. brat: each retried document's new `.txt` and `.ann`, durably (temporary file, fsync,
//!    rename, fsync of the directory). A failed document has no files, so until step 3 these
//!    are files that no record describes; the next resume or retry removes them.
//! 2. The new records file (`annotations.jsonl`, or the journal) is written under
//!    `.marginalia-retry-records.tmp` and, for csv, the new `annotations.csv` under
//!    `.marginalia-retry-data.tmp`, created after it; both are synced.
//! 3. The new records file is renamed over the old one: **the commit**.
//! 4. csv: the new rows are renamed over `annotations.csv`. A crash between 3 and 4 is
//!    finished by the next resume or retry of the directory: a new-rows file without a new-records
//!    file means the commit happened, and it is renamed into place; with one, the commit did
//!    not happen, and both are removed.
//! 5. `failures.jsonl` is replaced by the failures of the retried documents (and, as ever,
//!    rebuilt by the next open after a crash).
//! 6. The run goes on as a resume; brat's `annotation.conf`, `visual.conf` and `failed.jsonl`
//!    are rewritten at its end, and the state file is marked complete, as at the end of any
//!    run. Until then it says the run is not complete: a crash after the commit is finished
//!    by `--resume`, with or without `--retry-failed`.
//!
//! Memory: an open holds the failed documents kept (ids and messages), and a retry's caller
//! holds the input of the documents to retry until they are annotated again; the records
//! are copied as a stream.
//!
//! One run at a time per directory: two runs writing into the same directory at once corrupt
//! each other's output.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::file::{remove_stale_temporaries, sync_dir, write_durable};
use crate::{Destination, Format, FormatError, OffsetUnits, OutcomeWriter};

mod failures;
mod journal;
mod retry;
mod scan;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_retry;
mod writer;

pub use failures::FAILURES_FILE;
use failures::Failures;
pub use journal::checksum;
pub(crate) use journal::{Entry, FileSum, Recorder};
use retry::Retry;
use scan::{Found, scan};
use writer::{ReportWriter, RunWriter, append, restored_brat};

/// The file, in the output directory, that holds the run's identity and whether it is
/// complete.
pub const STATE_FILE: &str = ".marginalia-run.json";

/// The file, in the output directory, that records each document written (csv and brat).
pub const JOURNAL_FILE: &str = ".marginalia-done.jsonl";

/// How often the output is synced to disk during a run (and once at the end): the most
/// work a power loss can make a resume redo.
pub const SYNC_INTERVAL: Duration = Duration::from_millis(500);

/// The version of the state file's layout.
const STATE_VERSION: u32 = 1;

/// What makes two runs the same run: named values (the inputs, the config and its hash, the
/// plugins and their versions...), compared one by one on resume. [`open_dir`] adds `format`
/// and `offsets` itself.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RunIdentity(BTreeMap<String, serde_json::Value>);

impl RunIdentity {
    /// An empty identity.
    pub fn new() -> Self {
        RunIdentity::default()
    }

    /// Adds (or replaces) the value named `key`.
    pub fn with(mut self, key: &str, value: impl Serialize) -> Self {
        let value = serde_json::to_value(value).unwrap_or_else(|e| {
            serde_json::Value::String(format!("(cannot be written as JSON: {e})"))
        });
        self.0.insert(key.to_owned(), value);
        self
    }

    /// The value named `key`.
    pub fn get(&self, key: &str) -> Option<&serde_json::Value> {
        self.0.get(key)
    }

    /// Each value that differs from `earlier`'s, as `key: was X, now Y`.
    pub fn differences(&self, earlier: &RunIdentity) -> Vec<String> {
        let mut keys: Vec<&String> = self.0.keys().chain(earlier.0.keys()).collect();
        keys.sort();
        keys.dedup();
        let show = |v: Option<&serde_json::Value>| {
            v.map_or_else(|| "(none)".to_owned(), ToString::to_string)
        };
        keys.into_iter()
            .filter(|key| self.0.get(*key) != earlier.0.get(*key))
            .map(|key| {
                format!(
                    "{key}: was {}, now {}",
                    show(earlier.0.get(key)),
                    show(self.0.get(key))
                )
            })
            .collect()
    }
}

/// The state file.
#[derive(Debug, Serialize, Deserialize)]
struct State {
    marginalia_run: u32,
    complete: bool,
    identity: RunIdentity,
}

/// What [`open_dir`] does with what the directory already holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// A new run: existing output is refused.
    Fresh,
    /// Continue the run: keep the documents already written, write the rest.
    Resume,
    /// As `Resume`, and write the documents already written that failed again, in place
    /// of their old records (see the module docs).
    RetryFailed,
}

/// The input of a resume, against which the documents already written are checked, one
/// document at a time (see [`open_dir`]). Any iterator of ids is one.
pub trait ResumeInput {
    /// Takes the input's next document and gives its id; `None` at the end of the input.
    fn next_id(&mut self) -> Option<String>;

    /// With [`Mode::RetryFailed`]: the document last taken failed when written, and is
    /// retried. The caller must annotate it again: the retried documents, in the order
    /// reported, come first in what the writer is given, before the rest of the input.
    fn retry(&mut self) {}
}

impl<I: Iterator<Item = String> + ?Sized> ResumeInput for I {
    fn next_id(&mut self) -> Option<String> {
        self.next()
    }
}

/// What a resumed run found already written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Resumed {
    /// Documents already written and kept as they are: skipped in the input.
    pub documents: u64,
    /// Of those, documents that had failed (none when retrying: they are all retried).
    pub failed: u64,
    /// With [`Mode::RetryFailed`], the documents already written that failed and are
    /// annotated again: their ids, in input order. They are not counted in `documents`.
    pub retried: Vec<String>,
    /// Bytes cut from the end of the file that records the documents: an incomplete last
    /// record (or, after a power loss, records that did not reach the disk intact).
    pub dropped_bytes: u64,
}

fn format_name(format: Format) -> &'static str {
    match format {
        Format::Jsonl => "jsonl",
        Format::Brat => "brat",
        Format::Csv => "csv",
        Format::Html => "html",
    }
}

fn offsets_name(offsets: OffsetUnits) -> &'static str {
    match offsets {
        OffsetUnits::Bytes => "bytes",
        OffsetUnits::Chars => "chars",
        OffsetUnits::Utf16 => "utf16",
        OffsetUnits::All => "all",
    }
}

/// Opens the writer of a resumable run of `format` into `dir` (see the module docs), and
/// says what was already there.
///
/// To resume or retry, the documents already written are checked against `input`, the
/// input's documents in order: one document is taken from it per document already written,
/// so that afterwards the input continues with the first document to write. A document that
/// differs, or an input that ends first, is [`FormatError::InputChanged`], and the directory
/// is left as it was; so is an identity that differs ([`FormatError::DifferentRun`]). With
/// [`Mode::RetryFailed`], the documents to retry are reported to `input` as they are taken
/// ([`ResumeInput::retry`]) and listed in [`Resumed::retried`]; the writer must be given
/// them first, in that order.
///
/// A new run ([`Mode::Fresh`]) refuses existing output ([`FormatError::ExistingOutput`]),
/// and does not use `input`.
pub fn open_dir(
    format: Format,
    offsets: OffsetUnits,
    dir: &Path,
    identity: RunIdentity,
    mode: Mode,
    input: &mut dyn ResumeInput,
) -> Result<(Box<dyn OutcomeWriter>, Resumed), FormatError> {
    if format == Format::Html {
        if mode != Mode::Fresh {
            return Err(FormatError::NotResumable {
                format: format_name(format),
                reason: "the report is one page that summarises every document at its end; write it afresh",
            });
        }
        let inner = crate::open(format, offsets, &Destination::Dir(dir.to_owned()))?;
        let failures = Failures::at_end(dir)?;
        return Ok((
            Box::new(ReportWriter { inner, failures }),
            Resumed::default(),
        ));
    }
    let identity = identity
        .with("format", format_name(format))
        .with("offsets", offsets_name(offsets));
    let io_error = |path: &Path| {
        let path = path.to_owned();
        move |source| FormatError::Io { path, source }
    };
    std::fs::create_dir_all(dir).map_err(io_error(dir))?;
    let layout = Layout::new(format, dir);
    let recorded = file_len(&layout.records).map_err(io_error(&layout.records))?;
    let data = match &layout.data {
        Some(data) => file_len(data).map_err(io_error(data))?,
        None => 0,
    };
    let has_output = recorded > 0 || data > 0;
    if has_output && mode == Mode::Fresh {
        return Err(FormatError::ExistingOutput {
            path: layout.shown().to_owned(),
        });
    }
    let retrying = mode == Mode::RetryFailed;
    let state_path = dir.join(STATE_FILE);
    let mut found = Found::default();
    if has_output {
        let Some(state) = read_state(&state_path)? else {
            return Err(FormatError::ForeignOutput {
                path: layout.shown().to_owned(),
                state: state_path,
            });
        };
        let differences = identity.differences(&state.identity);
        if !differences.is_empty() {
            return Err(FormatError::DifferentRun {
                dir: dir.to_owned(),
                differences,
            });
        }
        retry::recover(&layout)?;
        found = scan(format, &layout, dir, input, retrying)?;
        found.resumed.dropped_bytes = recorded - found.records_end;
    } else {
        retry::remove_leftovers(&layout)?;
    }
    remove_stale_temporaries(dir);
    write_state(&state_path, &identity, false)?;
    let retried: &[scan::Failed] = if retrying { &found.failures } else { &[] };
    let kept_failures = found.failures.iter();
    let failures = Failures::resumable(
        dir,
        kept_failures.map(|f| (f.id.as_str(), f.error.as_str())),
    )?;
    let brat = match format {
        Format::Brat => Some(restored_brat(&layout, &found, retrying)?),
        _ => None,
    };
    let (retry, inner) = if retried.is_empty() {
        let header = found.resumed.documents == 0;
        let inner = append(format, offsets, &layout, &found, header, brat)?;
        (None, Some(inner))
    } else {
        let retry = Retry::start(format, offsets, &layout, found.records_end, retried, brat)?;
        (Some(retry), None)
    };
    sync_dir(dir).map_err(io_error(dir))?;
    let mut resumed = found.resumed.clone();
    resumed.retried = retried.iter().map(|f| f.id.clone()).collect();
    resumed.documents -= retried.len() as u64;
    resumed.failed = (found.failures.len() - retried.len()) as u64;
    let writer = Box::new(RunWriter {
        format,
        offsets,
        layout,
        retry,
        inner,
        failures,
        state: state_path,
        identity,
    });
    Ok((writer, resumed))
}

/// Where a format's output and records are.
#[derive(Debug)]
struct Layout {
    dir: PathBuf,
    /// The file with one record per document: the JSON Lines output, or the journal.
    records: PathBuf,
    /// The output file, when it is not the records (csv).
    data: Option<PathBuf>,
}

impl Layout {
    fn new(format: Format, dir: &Path) -> Layout {
        let journal = dir.join(JOURNAL_FILE);
        let (records, data) = match format {
            Format::Jsonl => (dir.join("annotations.jsonl"), None),
            Format::Csv => (journal, Some(dir.join("annotations.csv"))),
            Format::Brat | Format::Html => (journal, None),
        };
        Layout {
            dir: dir.to_owned(),
            records,
            data,
        }
    }

    /// What to name as "the output".
    fn shown(&self) -> &Path {
        match &self.data {
            Some(data) => data,
            None if self.records.ends_with(JOURNAL_FILE) => &self.dir,
            None => &self.records,
        }
    }
}

pub(super) fn file_len(path: &Path) -> io::Result<u64> {
    match std::fs::metadata(path) {
        Ok(meta) => Ok(meta.len()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(0),
        Err(e) => Err(e),
    }
}

fn read_state(path: &Path) -> Result<Option<State>, FormatError> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(FormatError::Io {
                path: path.to_owned(),
                source,
            });
        }
    };
    let state: State = serde_json::from_slice(&bytes).map_err(|e| FormatError::BadState {
        path: path.to_owned(),
        message: e.to_string(),
    })?;
    if state.marginalia_run != STATE_VERSION {
        return Err(FormatError::BadState {
            path: path.to_owned(),
            message: format!(
                "its layout version is {}, this marginalia reads version {STATE_VERSION}",
                state.marginalia_run
            ),
        });
    }
    Ok(Some(state))
}

fn write_state(path: &Path, identity: &RunIdentity, complete: bool) -> Result<(), FormatError> {
    let state = State {
        marginalia_run: STATE_VERSION,
        complete,
        identity: identity.clone(),
    };
    let mut text = serde_json::to_vec_pretty(&state).map_err(|e| FormatError::Io {
        path: path.to_owned(),
        source: e.into(),
    })?;
    text.push(b'\n');
    write_durable(path, &text)
}
