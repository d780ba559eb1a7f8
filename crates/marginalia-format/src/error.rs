//! The one error type of the writers.

use std::io;
use std::path::PathBuf;

/// Why output could not be written. Every variant names the file or the document.
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
    /// A document with annotations but no text (the host never produces one).
    #[error("document `{id}` has annotations but no text")]
    MissingText {
        /// The document id.
        id: String,
    },
}
