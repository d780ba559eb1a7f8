//! Reading back what an interrupted run wrote: the records kept by a resume.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::journal::{FileSum, Fnv};
use super::{Layout, ResumeInput, Resumed, file_len};
use crate::{Format, FormatError};

/// What a scan of the records found.
#[derive(Debug, Default)]
pub(super) struct Found {
    pub(super) resumed: Resumed,
    /// Where the records kept end in the records file.
    pub(super) records_end: u64,
    /// csv: where the rows of the documents kept end.
    pub(super) data_end: u64,
    /// brat: the documents kept, to restore its labels and failures.
    pub(super) brat: Vec<BratRecord>,
    /// The documents kept that failed, in order.
    pub(super) failures: Vec<Failed>,
}

/// A document kept by a resume that had failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Failed {
    /// Its record's number in the records file, from 0.
    pub(super) position: u64,
    /// Its id.
    pub(super) id: String,
    /// Why it failed.
    pub(super) error: String,
}

/// A brat document kept by a resume.
#[derive(Debug)]
pub(super) struct BratRecord {
    pub(super) id: String,
    pub(super) error: Option<String>,
    pub(super) ann: String,
}

/// A journal line as read back.
#[derive(Debug, Deserialize)]
struct Recorded {
    id: String,
    #[serde(default)]
    end: Option<u64>,
    #[serde(default)]
    sum: Option<String>,
    #[serde(default)]
    txt: Option<FileSum>,
    #[serde(default)]
    ann: Option<FileSum>,
    #[serde(default)]
    error: Option<String>,
}

/// A JSON Lines output record, as read back.
#[derive(Debug, Deserialize)]
struct JsonlRecord {
    id: String,
    #[serde(default)]
    error: Option<String>,
}

/// Reads the records file line by line and keeps each record that is complete, intact (for
/// csv and brat: the data it describes is as recorded) and the output of the input's next
/// document; stops at the first record that is incomplete or not intact. A record of another
/// document than the input's next is [`FormatError::InputChanged`]. With `retry`, each
/// document kept that failed is reported to `input` ([`ResumeInput::retry`]).
pub(super) fn scan(
    format: Format,
    layout: &Layout,
    dir: &Path,
    input: &mut dyn ResumeInput,
    retry: bool,
) -> Result<Found, FormatError> {
    let io_error = |path: &Path| {
        let path = path.to_owned();
        move |source| FormatError::Io { path, source }
    };
    let file = File::open(&layout.records).map_err(io_error(&layout.records))?;
    let mut lines = BufReader::with_capacity(1 << 16, file);
    let mut data = match &layout.data {
        Some(path) => Some(DataCheck {
            reader: BufReader::with_capacity(1 << 16, File::open(path).map_err(io_error(path))?),
            len: file_len(path).map_err(io_error(path))?,
            at: 0,
            path: path.clone(),
        }),
        None => None,
    };
    let mut found = Found::default();
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = lines
            .read_until(b'\n', &mut line)
            .map_err(io_error(&layout.records))?;
        if n == 0 || line.last() != Some(&b'\n') {
            break; // the end, or an incomplete last line
        }
        let (id, error) = match format {
            Format::Jsonl => match serde_json::from_slice::<JsonlRecord>(&line) {
                Ok(record) => (record.id, record.error),
                Err(_) => break,
            },
            Format::Csv => {
                let Ok(record) = serde_json::from_slice::<Recorded>(&line) else {
                    break;
                };
                let data = data.as_mut().expect("csv has a data file");
                match (record.end, &record.sum) {
                    (Some(end), Some(sum)) if data.matches(end, sum)? => {}
                    _ => break,
                }
                found.data_end = data.at;
                (record.id, record.error)
            }
            Format::Brat | Format::Html => {
                let Ok(record) = serde_json::from_slice::<Recorded>(&line) else {
                    break;
                };
                let Some(kept) = brat_record(dir, record) else {
                    break;
                };
                let id = kept.id.clone();
                let error = kept.error.clone();
                found.brat.push(kept);
                (id, error)
            }
        };
        let number = found.resumed.documents + 1;
        match input.next_id() {
            Some(input) if input == id => {}
            input => {
                return Err(FormatError::InputChanged {
                    dir: dir.to_owned(),
                    number,
                    recorded: id,
                    input,
                });
            }
        }
        found.resumed.documents = number;
        if let Some(error) = error {
            if retry {
                input.retry();
            }
            found.failures.push(Failed {
                position: number - 1,
                id,
                error,
            });
        }
        found.records_end += n as u64;
    }
    Ok(found)
}

/// Checks a csv file's rows, document by document, against the journal.
#[derive(Debug)]
struct DataCheck {
    reader: BufReader<File>,
    len: u64,
    /// Where the rows checked so far end.
    at: u64,
    path: PathBuf,
}

impl DataCheck {
    /// Whether the rows from where the last document ended to `end` are in the file with
    /// checksum `sum`; moves past them if so.
    fn matches(&mut self, end: u64, sum: &str) -> Result<bool, FormatError> {
        if end < self.at || end > self.len {
            return Ok(false);
        }
        let mut hash = Fnv::default();
        let mut left = end - self.at;
        let mut buf = [0u8; 1 << 14];
        while left > 0 {
            let want = usize::try_from(left.min(buf.len() as u64)).unwrap_or(buf.len());
            let got = self
                .reader
                .read(&mut buf[..want])
                .map_err(|source| FormatError::Io {
                    path: self.path.clone(),
                    source,
                })?;
            if got == 0 {
                return Ok(false);
            }
            hash.update(&buf[..got]);
            left -= got as u64;
        }
        if hash.hex() != sum {
            return Ok(false);
        }
        self.at = end;
        Ok(true)
    }
}

/// A brat journal line, kept when the document's files are as recorded.
fn brat_record(dir: &Path, record: Recorded) -> Option<BratRecord> {
    if record.error.is_some() {
        return Some(BratRecord {
            id: record.id,
            error: record.error,
            ann: String::new(),
        });
    }
    let base = crate::brat::base_path(&record.id).ok()?;
    let intact = |extension: &str, sum: &Option<FileSum>| -> Option<Vec<u8>> {
        let bytes = std::fs::read(dir.join(format!("{base}.{extension}"))).ok()?;
        (sum.as_ref() == Some(&FileSum::of(&bytes))).then_some(bytes)
    };
    intact("txt", &record.txt)?;
    let ann = String::from_utf8(intact("ann", &record.ann)?).ok()?;
    Some(BratRecord {
        id: record.id,
        error: None,
        ann,
    })
}
