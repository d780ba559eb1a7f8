//! What a resumable run writes as it goes: the output files and the journal, appended
//! document by document and synced every [`SYNC_INTERVAL`].

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::{Deserialize, Serialize};

use super::SYNC_INTERVAL;
use crate::FormatError;
use crate::file::Sink;

/// A checksum of `bytes` (64-bit FNV-1a, as 16 hex digits): what the journal records to
/// recognise files that did not reach the disk intact, and a short fingerprint for a
/// [`RunIdentity`](super::RunIdentity). Not cryptographic.
pub fn checksum(bytes: &[u8]) -> String {
    let mut hash = Fnv::default();
    hash.update(bytes);
    hash.hex()
}

/// 64-bit FNV-1a.
#[derive(Clone, Copy, Debug)]
pub(super) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    pub(super) fn update(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    pub(super) fn hex(self) -> String {
        format!("{:016x}", self.0)
    }
}

/// The size and checksum of a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct FileSum {
    len: u64,
    sum: String,
}

impl FileSum {
    pub(crate) fn of(bytes: &[u8]) -> FileSum {
        FileSum {
            len: bytes.len() as u64,
            sum: checksum(bytes),
        }
    }
}

/// Times the syncs: at most one per [`SYNC_INTERVAL`].
#[derive(Debug)]
pub(crate) struct SyncClock {
    last: Instant,
}

impl SyncClock {
    pub(crate) fn new() -> SyncClock {
        SyncClock {
            last: Instant::now(),
        }
    }

    /// Whether a sync is due; if so, the interval starts again.
    pub(crate) fn due(&mut self) -> bool {
        if self.last.elapsed() < SYNC_INTERVAL {
            return false;
        }
        self.last = Instant::now();
        true
    }
}

/// The journal: one JSON line per document written, appended.
#[derive(Debug)]
pub(crate) struct Journal {
    file: File,
    path: PathBuf,
    line: Vec<u8>,
}

/// A journal line.
#[derive(Debug, Default, Serialize)]
pub(crate) struct Entry<'a> {
    pub(crate) id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) end: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) sum: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) txt: Option<FileSum>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) ann: Option<FileSum>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) error: Option<&'a str>,
}

impl Journal {
    /// Opens the journal at `path` for appending, truncated to `len` bytes (created if
    /// missing).
    pub(super) fn open(path: &Path, len: u64) -> Result<Journal, FormatError> {
        Ok(Journal {
            file: open_truncated(path, len)?,
            path: path.to_owned(),
            line: Vec::new(),
        })
    }

    /// Appends one line (one `write`).
    pub(crate) fn append(&mut self, entry: &Entry<'_>) -> io::Result<()> {
        self.line.clear();
        serde_json::to_writer(&mut self.line, entry)?;
        self.line.push(b'\n');
        self.file.write_all(&self.line)
    }

    /// Makes the lines appended so far durable.
    pub(crate) fn sync(&self) -> io::Result<()> {
        self.file.sync_data()
    }

    /// An I/O error of the journal, naming it.
    pub(crate) fn error(&self, source: io::Error) -> FormatError {
        FormatError::Io {
            path: self.path.clone(),
            source,
        }
    }
}

/// Where a brat writer records each document it commits: appended to the journal
/// ([`Appending`]), or, in the first part of a retry, put in place of the document's old line
/// in a rewritten journal (`super::retry`).
pub(crate) trait Recorder: std::fmt::Debug {
    /// Records one document.
    fn record(&mut self, entry: &Entry<'_>) -> Result<(), FormatError>;

    /// Makes what was recorded durable.
    fn sync(&mut self) -> Result<(), FormatError>;

    /// Whether the files a record describes must be durable before it is recorded: true
    /// where the record replaces an older one, which a resume could not redo.
    fn needs_durable_files(&self) -> bool {
        false
    }

    /// Ends the recording: syncs the journal, or commits the rewritten one.
    fn finish(mut self: Box<Self>) -> Result<(), FormatError> {
        self.sync()
    }
}

/// The journal of a run, appended to and synced every [`SYNC_INTERVAL`].
#[derive(Debug)]
pub(crate) struct Appending {
    journal: Journal,
    clock: SyncClock,
}

impl Appending {
    pub(crate) fn new(journal: Journal) -> Appending {
        Appending {
            journal,
            clock: SyncClock::new(),
        }
    }
}

impl Recorder for Appending {
    fn record(&mut self, entry: &Entry<'_>) -> Result<(), FormatError> {
        let journal = &mut self.journal;
        journal.append(entry).map_err(|e| journal.error(e))?;
        if self.clock.due() {
            journal.sync().map_err(|e| journal.error(e))?;
        }
        Ok(())
    }

    fn sync(&mut self) -> Result<(), FormatError> {
        self.journal.sync().map_err(|e| self.journal.error(e))
    }
}

/// Opens `path` for appending, created if missing, truncated to `len` bytes and synced if
/// that cut anything.
fn open_truncated(path: &Path, len: u64) -> Result<File, FormatError> {
    let error = |source| FormatError::Io {
        path: path.to_owned(),
        source,
    };
    let file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(error)?;
    if file.metadata().map_err(error)?.len() != len {
        file.set_len(len).map_err(error)?;
        file.sync_all().map_err(error)?;
    }
    Ok(file)
}

/// An output file of a resumable run: each document's bytes are collected, then appended
/// in one `write` when the document ends (and recorded in the journal, when there is one);
/// the file and the journal are synced every [`SYNC_INTERVAL`] and when closed.
#[derive(Debug)]
pub(crate) struct DurableFile {
    file: File,
    path: PathBuf,
    pending: Vec<u8>,
    len: u64,
    journal: Option<Journal>,
    clock: SyncClock,
}

impl DurableFile {
    pub(super) fn open(
        path: &Path,
        len: u64,
        journal: Option<Journal>,
    ) -> Result<DurableFile, FormatError> {
        Ok(DurableFile {
            file: open_truncated(path, len)?,
            path: path.to_owned(),
            pending: Vec::with_capacity(1 << 12),
            len,
            journal,
            clock: SyncClock::new(),
        })
    }

    fn commit(&mut self) -> io::Result<()> {
        self.file.write_all(&self.pending)?;
        self.len += self.pending.len() as u64;
        self.pending.clear();
        Ok(())
    }

    /// Syncs the file, then the journal that describes it.
    fn sync(&mut self) -> io::Result<()> {
        self.file.sync_data()?;
        if let Some(journal) = &self.journal {
            journal.file.sync_data()?;
        }
        Ok(())
    }
}

impl Write for DurableFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.pending.extend_from_slice(buf);
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Sink for DurableFile {
    fn name(&self) -> &Path {
        &self.path
    }

    fn close(&mut self) -> io::Result<()> {
        self.commit()?;
        self.sync()
    }

    fn end_document(&mut self, id: &str, error: Option<&str>) -> io::Result<()> {
        let end = self.len + self.pending.len() as u64;
        let sum = self.journal.is_some().then(|| checksum(&self.pending));
        self.commit()?;
        if let Some(journal) = &mut self.journal {
            let entry = Entry {
                id,
                end: Some(end),
                sum,
                error,
                ..Entry::default()
            };
            journal.append(&entry).map_err(|e| {
                io::Error::new(e.kind(), format!("{}: {e}", journal.path.display()))
            })?;
        }
        if self.clock.due() {
            self.sync()?;
        }
        Ok(())
    }
}
