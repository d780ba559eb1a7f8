//! JSON Lines output, and output files that appear only when complete.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use marginalia_core::Annotation;
use serde::Serialize;

/// One output line: a document's annotations, or why it failed.
///
/// `{"id": "...", "annotations": [...]}`, plus `"error": "..."` (and no annotations) when a
/// plugin failed on the document or it could not be read.
#[derive(Debug, Serialize)]
pub struct DocumentRecord<'a> {
    /// The document id.
    pub id: &'a str,
    /// Its annotations, sorted by `(start, end, label)`.
    pub annotations: &'a [Annotation],
    /// Why the document failed, if it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<&'a str>,
}

/// Writes `record` as one JSON line.
pub fn write_record(out: &mut impl Write, record: &DocumentRecord<'_>) -> io::Result<()> {
    serde_json::to_writer(&mut *out, record)?;
    out.write_all(b"\n")
}

/// A file written under a temporary name in its destination directory and renamed over the
/// destination by [`AtomicFile::commit`]. If the run stops before that, the temporary file
/// is removed and the destination keeps its previous content.
#[derive(Debug)]
pub struct AtomicFile {
    writer: BufWriter<tempfile::NamedTempFile>,
    destination: PathBuf,
}

impl AtomicFile {
    /// Starts writing `destination` (its directory must exist).
    pub fn create(destination: &Path) -> io::Result<AtomicFile> {
        let dir = match destination.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let temp = tempfile::Builder::new()
            .prefix(".marginalia-")
            .suffix(".partial")
            .tempfile_in(dir)?;
        Ok(AtomicFile {
            writer: BufWriter::new(temp),
            destination: destination.to_owned(),
        })
    }

    /// Flushes, syncs and renames the file into place.
    pub fn commit(self) -> io::Result<()> {
        let temp = self
            .writer
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?;
        temp.as_file().sync_all()?;
        temp.persist(&self.destination).map_err(|e| e.error)?;
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use marginalia_core::Attrs;

    #[test]
    fn record_format() {
        let a = Annotation {
            label: "actor".into(),
            start: 0,
            end: 6,
            text: "Russia".into(),
            plugin: "actors".into(),
            attrs: Attrs::new().with("id", "RUS"),
        };
        let mut out = Vec::new();
        write_record(
            &mut out,
            &DocumentRecord {
                id: "a.txt",
                annotations: &[a],
                error: None,
            },
        )
        .unwrap();
        write_record(
            &mut out,
            &DocumentRecord {
                id: "b.txt",
                annotations: &[],
                error: Some("boom"),
            },
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"id\":\"a.txt\",\"annotations\":[{\"label\":\"actor\",\"start\":0,\"end\":6,\"text\":\"Russia\",\"plugin\":\"actors\",\"attrs\":{\"id\":\"RUS\"}}]}\n\
             {\"id\":\"b.txt\",\"annotations\":[],\"error\":\"boom\"}\n"
        );
    }

    #[test]
    fn atomic_file_keeps_old_content_until_commit() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("out.jsonl");
        std::fs::write(&dest, "old\n").unwrap();
        let mut file = AtomicFile::create(&dest).unwrap();
        file.write_all(b"new\n").unwrap();
        file.flush().unwrap();
        assert_eq!(std::fs::read_to_string(&dest).unwrap(), "old\n");
        drop(file);
        assert_eq!(std::fs::read_to_string(&dest).unwrap(), "old\n");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "temporary file removed"
        );
        let mut file = AtomicFile::create(&dest).unwrap();
        file.write_all(b"new\n").unwrap();
        file.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&dest).unwrap(), "new\n");
    }
}
