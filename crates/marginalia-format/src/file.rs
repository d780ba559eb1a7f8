//! Where a stream writer's bytes go: a plain stream, or a file that appears only when complete
//! ([`AtomicFile`]; [`OutFile`] is what `--out FILE` opens).

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::FormatError;

/// A byte sink that is closed once, at the end: flushed, and for a file moved into place.
pub(crate) trait Sink: Write {
    /// What to name in an error message.
    fn name(&self) -> &Path;

    /// Flushes and, for a file, syncs and renames it into place.
    fn close(&mut self) -> io::Result<()>;

    /// Marks the end of one document's bytes (`error` when it failed). A resumable file
    /// ([`crate::resume`]) commits them here; the other sinks do nothing.
    fn end_document(&mut self, _id: &str, _error: Option<&str>) -> io::Result<()> {
        Ok(())
    }

    /// Turns an I/O error into one naming this sink.
    fn error(&self, source: io::Error) -> FormatError {
        FormatError::Io {
            path: self.name().to_owned(),
            source,
        }
    }
}

/// Any writer; closing flushes it.
#[derive(Debug)]
pub(crate) struct Plain<W> {
    inner: W,
    name: PathBuf,
}

impl<W: Write> Plain<W> {
    pub(crate) fn new(inner: W, name: &str) -> Self {
        Plain {
            inner,
            name: PathBuf::from(name),
        }
    }
}

impl<W: Write> Write for Plain<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf)
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.inner.write_all(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl<W: Write> Sink for Plain<W> {
    fn name(&self) -> &Path {
        &self.name
    }
    fn close(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A file written under a temporary name in its destination directory (created if needed)
/// and renamed over the destination when closed. Dropped before that, the temporary file is
/// removed and the destination keeps its previous content.
///
/// Writes go to the plain file (not through `NamedTempFile`, whose errors would name the
/// temporary file, which the user never sees): errors name the destination.
#[derive(Debug)]
pub(crate) struct AtomicFile {
    writer: Option<(BufWriter<std::fs::File>, tempfile::TempPath)>,
    destination: PathBuf,
}

impl AtomicFile {
    pub(crate) fn create(destination: &Path) -> Result<AtomicFile, FormatError> {
        let error = |source| FormatError::Io {
            path: destination.to_owned(),
            source,
        };
        let dir = match destination.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        std::fs::create_dir_all(dir).map_err(error)?;
        let (file, temp) = temp_in(dir).map_err(error)?.into_parts();
        Ok(AtomicFile {
            writer: Some((BufWriter::with_capacity(1 << 16, file), temp)),
            destination: destination.to_owned(),
        })
    }

    fn writer(&mut self) -> io::Result<&mut BufWriter<std::fs::File>> {
        self.writer
            .as_mut()
            .map(|(writer, _)| writer)
            .ok_or_else(|| io::Error::other("the file is already closed"))
    }
}

/// The sink of an output file given by path (`--out FILE`).
///
/// A new file, or an existing regular file, is an [`AtomicFile`]: it appears, or replaces the
/// old content, only when closed, so a run that fails leaves no half-written file behind (and
/// an earlier file intact). An existing file that is not a regular file (a device such as
/// `/dev/null` or `/dev/stdout`, a FIFO, a socket) is written directly: it cannot be replaced
/// by renaming, and must not be (renaming over `/dev/null` would put a regular file in its
/// place). A directory is refused when opening, not after the run.
#[derive(Debug)]
pub(crate) enum OutFile {
    /// Written under a temporary name, renamed into place when closed.
    Atomic(AtomicFile),
    /// Written in place.
    Direct {
        /// The open file.
        writer: BufWriter<std::fs::File>,
        /// Its path.
        path: PathBuf,
    },
}

impl OutFile {
    pub(crate) fn create(path: &Path) -> Result<OutFile, FormatError> {
        let error = |source| FormatError::Io {
            path: path.to_owned(),
            source,
        };
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => Err(error(io::Error::new(
                io::ErrorKind::IsADirectory,
                "it is a directory",
            ))),
            Ok(meta) if !meta.is_file() => {
                let file = std::fs::OpenOptions::new()
                    .write(true)
                    .open(path)
                    .map_err(error)?;
                Ok(OutFile::Direct {
                    writer: BufWriter::with_capacity(1 << 16, file),
                    path: path.to_owned(),
                })
            }
            _ => Ok(OutFile::Atomic(AtomicFile::create(path)?)),
        }
    }

    fn inner(&mut self) -> &mut dyn Write {
        match self {
            OutFile::Atomic(file) => file,
            OutFile::Direct { writer, .. } => writer,
        }
    }
}

impl Write for OutFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner().write(buf)
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.inner().write_all(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner().flush()
    }
}

impl Sink for OutFile {
    fn name(&self) -> &Path {
        match self {
            OutFile::Atomic(file) => file.name(),
            OutFile::Direct { path, .. } => path,
        }
    }

    fn close(&mut self) -> io::Result<()> {
        match self {
            OutFile::Atomic(file) => file.close(),
            OutFile::Direct { writer, .. } => writer.flush(),
        }
    }
}

/// Removes the temporary files (see [`temp_in`]) that a killed run left in `dir`; not
/// those in its subdirectories. Errors are ignored: what cannot be listed or removed stays.
pub(crate) fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(".marginalia-") && name.ends_with(".partial") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A new temporary file in `dir`, named so that it is recognisably ours.
pub(crate) fn temp_in(dir: &Path) -> io::Result<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(".marginalia-")
        .suffix(".partial")
        .tempfile_in(dir)
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer()?.write(buf)
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.writer()?.write_all(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.writer()?.flush()
    }
}

impl Sink for AtomicFile {
    fn name(&self) -> &Path {
        &self.destination
    }

    fn close(&mut self) -> io::Result<()> {
        let (writer, temp) = self
            .writer
            .take()
            .ok_or_else(|| io::Error::other("the file is already closed"))?;
        let file = writer
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?;
        file.sync_all()?;
        drop(file);
        temp.persist(&self.destination).map_err(|e| e.error)?;
        Ok(())
    }
}

/// Writes `contents` to `path` through a temporary file in the same directory, so that the
/// file is never seen half-written (no fsync: brat's per-document files are many and small;
/// a resumable run checks them against its journal instead, see [`crate::resume`]).
pub(crate) fn write_replace(path: &Path, contents: &[u8]) -> Result<(), FormatError> {
    replace(path, contents, false)
}

/// As [`write_replace`], but durably: the temporary file is synced before the rename, and the
/// directory after it, so that after a crash `path` holds either its old or its new content.
pub(crate) fn write_durable(path: &Path, contents: &[u8]) -> Result<(), FormatError> {
    replace(path, contents, true)
}

fn replace(path: &Path, contents: &[u8], durable: bool) -> Result<(), FormatError> {
    let error = |source| FormatError::Io {
        path: path.to_owned(),
        source,
    };
    let dir = parent(path);
    let mut temp = temp_in(dir).map_err(error)?;
    temp.write_all(contents).map_err(error)?;
    if durable {
        temp.as_file().sync_all().map_err(error)?;
    }
    temp.persist(path).map_err(|e| error(e.error))?;
    if durable {
        sync_dir(dir).map_err(error)?;
    }
    Ok(())
}

/// The directory a file is in (`.` for a bare name).
pub(crate) fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Makes the entries of `dir` (files created or renamed in it) durable. On platforms where a
/// directory cannot be opened for syncing, it does nothing.
pub(crate) fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        std::fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_file_appears_only_when_closed() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("sub/out.csv");
        let mut file = AtomicFile::create(&dest).unwrap();
        file.write_all(b"a,b\r\n").unwrap();
        file.flush().unwrap();
        assert!(!dest.exists());
        file.close().unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"a,b\r\n");
        assert!(file.write_all(b"more").is_err(), "closed");

        let file = AtomicFile::create(&dest).unwrap();
        drop(file);
        assert_eq!(
            std::fs::read(&dest).unwrap(),
            b"a,b\r\n",
            "old content kept"
        );
        assert_eq!(
            std::fs::read_dir(dest.parent().unwrap()).unwrap().count(),
            1,
            "temporary file removed"
        );
    }

    #[test]
    fn out_file_refuses_a_directory_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let error = OutFile::create(dir.path()).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!("cannot write {}", dir.path().display())
        );
        assert!(
            error
                .advice()
                .unwrap()
                .starts_with("the path is a directory")
        );
    }

    #[cfg(unix)]
    #[test]
    fn out_file_writes_a_device_in_place() {
        let mut file = OutFile::create(Path::new("/dev/null")).unwrap();
        assert!(matches!(file, OutFile::Direct { .. }));
        file.write_all(b"x").unwrap();
        file.close().unwrap();
        let kind = std::fs::metadata("/dev/null").unwrap().file_type();
        assert!(
            std::os::unix::fs::FileTypeExt::is_char_device(&kind),
            "/dev/null is still a device"
        );
    }
}
