//! Why annotations could not be read or scored. Every error names the file it is about.

use std::io;
use std::path::PathBuf;

/// An annotation file that could not be read, or gold that cannot be scored against.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// The file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
    /// A line is not a valid document record.
    #[error("{file}:{line}: {message}")]
    Line {
        /// The file, as given to [`Corpus::from_jsonl`](crate::Corpus::from_jsonl).
        file: String,
        /// The 1-based line number.
        line: usize,
        /// What is wrong with it.
        message: String,
    },
    /// A gold document is a failed one (it has an `error`): there is nothing to score against.
    #[error("{file}:{line}: gold document `{id}` has an error instead of annotations: {error}")]
    GoldDocumentFailed {
        /// The gold file.
        file: String,
        /// The 1-based line number of the document.
        line: usize,
        /// The document id.
        id: String,
        /// Its error message.
        error: String,
    },
}
