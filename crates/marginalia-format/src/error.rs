//! The one error type of the writers.

use std::io;
use std::path::PathBuf;

/// Why output could not be written. Every variant names the file or the document; for an
/// I/O error, [`FormatError::advice`] says what to do.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    /// Writing a file (or stdout) failed.
    #[error("cannot write {}", path.display())]
    Io {
        /// The file, or `stdout`.
        path: PathBuf,
        /// What went wrong.
        #[source]
        source: io::Error,
    },
    /// brat output is a directory tree.
    #[error("the brat format writes a directory tree: give an output directory (--out-dir DIR)")]
    NeedsDir,
    /// A document id that cannot be used as a relative path (brat writes one file per id).
    #[error("document id `{id}` cannot name a file in the brat output: {reason}")]
    UnsafeId {
        /// The id.
        id: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// Two documents whose brat files would have the same name.
    #[error(
        "documents `{first}` and `{second}` would both be written as {path}.txt/.ann in the brat output"
    )]
    DuplicateId {
        /// The document written first.
        first: String,
        /// The document that would overwrite it.
        second: String,
        /// The common path, without extension.
        path: String,
    },
    /// A span that does not fit its document's text (the host never produces one).
    #[error(
        "document `{id}`: span {start}..{end} is not a range of character boundaries of its {len}-byte text"
    )]
    InvalidSpan {
        /// The document id.
        id: String,
        /// Byte offset of the start.
        start: usize,
        /// Byte offset of the end.
        end: usize,
        /// The text's length in bytes.
        len: usize,
    },
    /// An output directory holds the output of an earlier run, and resuming was not asked
    /// for ([`crate::resume`]).
    #[error(
        "{} holds the output of an earlier run: pass --resume to continue it, or remove it (or choose another --out-dir) to start afresh",
        path.display()
    )]
    ExistingOutput {
        /// The output file, or the brat directory.
        path: PathBuf,
    },
    /// Resuming was asked for a format that cannot resume.
    #[error("--resume does not apply to --format {format}: {reason}")]
    NotResumable {
        /// The format's name.
        format: &'static str,
        /// Why.
        reason: &'static str,
    },
    /// Output to resume that no resumable run wrote: it has no state file.
    #[error(
        "cannot resume: {} was not written by a resumable run ({} is missing); remove it or choose another --out-dir",
        path.display(),
        state.display()
    )]
    ForeignOutput {
        /// The output file, or the brat directory.
        path: PathBuf,
        /// The missing state file.
        state: PathBuf,
    },
    /// The state file of an output directory cannot be read.
    #[error(
        "cannot resume: {} is not a marginalia run state ({message}); remove the directory's output to start afresh",
        path.display()
    )]
    BadState {
        /// The state file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A resume with other inputs, options, config or plugins than the run it would continue.
    #[error(
        "cannot resume the run in {}: it was started with other settings ({}); resume it with the same inputs, options, config and plugins, or start afresh in another --out-dir",
        dir.display(),
        differences.join("; ")
    )]
    DifferentRun {
        /// The output directory.
        dir: PathBuf,
        /// Each difference, `key: was X, now Y`.
        differences: Vec<String>,
    },
    /// The documents already written are not the first documents of the input.
    #[error(
        "cannot resume the run in {}: its document {number} is `{recorded}`, but {}: the input changed since the run stopped; start afresh in another --out-dir",
        dir.display(),
        match input {
            Some(id) => format!("the input's document {number} is `{id}`"),
            None => format!("the input has only {} documents", number - 1),
        }
    )]
    InputChanged {
        /// The output directory.
        dir: PathBuf,
        /// The document's number, from 1.
        number: u64,
        /// Its id in the output.
        recorded: String,
        /// The id of the input's document at that place, if the input has one.
        input: Option<String>,
    },
    /// A document with annotations but no text (the host never produces one).
    #[error("document `{id}` has annotations but no text")]
    MissingText {
        /// The document id.
        id: String,
    },
}

impl FormatError {
    /// Whether this is a write into a pipe whose reader has gone (`EPIPE`): `marginalia
    /// annotate | head` once `head` has what it wants. Such a run stops quietly, as Unix tools
    /// do; it is not a failure of the output.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, FormatError::Io { source, .. } if source.kind() == io::ErrorKind::BrokenPipe)
    }

    /// What the user can do about an I/O error, for the kinds where the cause is clear (a full
    /// disk, a file size limit, permissions, a read-only file system, a path that is not a
    /// directory or is one, a file in the way of a directory); `None` for the other variants, whose messages say it already.
    pub fn advice(&self) -> Option<&'static str> {
        let FormatError::Io { source, .. } = self else {
            return None;
        };
        Some(match source.kind() {
            io::ErrorKind::StorageFull => {
                "the disk is full: free some space, or write the output to another disk"
            }
            io::ErrorKind::FileTooLarge => {
                "the file grew past the largest size the file system or the process limit (`ulimit -f`) allows: write it elsewhere, or raise the limit"
            }
            io::ErrorKind::PermissionDenied => {
                "you may not write there: choose another place for the output (--out FILE or --out-dir DIR), or change the permissions"
            }
            io::ErrorKind::ReadOnlyFilesystem => {
                "the file system is read-only: choose another place for the output (--out FILE or --out-dir DIR)"
            }
            io::ErrorKind::NotADirectory => {
                "a part of the path is a file, not a directory: choose another path for the output"
            }
            io::ErrorKind::IsADirectory => {
                "the path is a directory: give a file name with --out, or write into the directory with --out-dir"
            }
            io::ErrorKind::AlreadyExists => {
                "a file is in the way of a directory the output needs: choose another path for the output"
            }
            io::ErrorKind::NotFound => {
                "a directory on the path does not exist and cannot be created there: choose another path for the output"
            }
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn io(kind: io::ErrorKind) -> FormatError {
        FormatError::Io {
            path: PathBuf::from("out.jsonl"),
            source: io::Error::from(kind),
        }
    }

    #[test]
    fn io_errors_say_what_to_do_by_kind() {
        assert!(
            io(io::ErrorKind::StorageFull)
                .advice()
                .unwrap()
                .starts_with("the disk is full")
        );
        assert!(
            io(io::ErrorKind::PermissionDenied)
                .advice()
                .unwrap()
                .contains("choose another place for the output")
        );
        assert_eq!(io(io::ErrorKind::Interrupted).advice(), None);
        assert_eq!(FormatError::NeedsDir.advice(), None);
    }

    #[test]
    fn only_a_closed_pipe_is_a_broken_pipe() {
        assert!(io(io::ErrorKind::BrokenPipe).is_broken_pipe());
        assert!(!io(io::ErrorKind::StorageFull).is_broken_pipe());
        assert!(!FormatError::NeedsDir.is_broken_pipe());
    }
}
