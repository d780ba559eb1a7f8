//! The messages between the host and a worker process: JSON, one message per line.
//!
//! The host writes one [`Request`] per document to the worker's stdin and closes it when
//! there are no more. The worker writes to its (protected) stdout one [`Reply::Ready`] or
//! [`Reply::Fatal`] when it has loaded the pipeline, then, for each request and in order,
//! one [`Reply::Done`] or [`Reply::Failed`]. Text travels as JSON strings, so a document's
//! newlines never break the framing.
//!
//! Besides the pipe, the worker records which plugin is running in a small file
//! ([`StageFile`]), which the host reads only when the worker dies or overruns: a message
//! per plugin on the pipe would wake the host several times per document for nothing.
//!
//! The protocol is private to one `marginalia` binary talking to itself: host and worker are
//! always the same build, so it has no version of its own.

use std::fs::File;
use std::io;
use std::os::unix::fs::FileExt;

use marginalia_core::Annotation;
use serde::{Deserialize, Serialize};

/// One document to annotate (host to worker).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    /// The document id.
    pub id: String,
    /// The text.
    pub text: String,
}

/// The same as [`Request`], borrowed, for writing without copying the text.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct RequestRef<'a> {
    /// The document id.
    pub id: &'a str,
    /// The text.
    pub text: &'a str,
}

/// A plugin the worker loaded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PluginInfo {
    /// Its name.
    pub name: String,
    /// Its version.
    pub version: String,
}

/// A message from the worker to the host.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reply {
    /// The pipeline is loaded: its plugins, in run order.
    Ready(Vec<PluginInfo>),
    /// The pipeline could not be set up; the worker exits.
    Fatal(String),
    /// The current document's annotations, sorted.
    Done(Vec<Annotation>),
    /// The current document failed (a plugin error, panic or invalid span), with the message.
    Failed(String),
}

/// The file in which a worker records which plugin is running: 8 bytes at offset 0, the
/// plugin's index in [`Reply::Ready`]'s list plus one, little-endian; 0 between plugins'
/// runs (before the first, after the last). One `pwrite` per plugin and document.
#[derive(Debug)]
pub struct StageFile(File);

impl StageFile {
    /// Wraps the open file.
    pub fn new(file: File) -> StageFile {
        StageFile(file)
    }

    /// Records that the plugin at `index` starts, or with `None` that no plugin runs.
    pub fn set(&self, index: Option<usize>) -> io::Result<()> {
        let value = index.map_or(0, |i| i as u64 + 1);
        self.0.write_all_at(&value.to_le_bytes(), 0)
    }

    /// The plugin recorded as running, if any.
    pub fn get(&self) -> io::Result<Option<usize>> {
        let mut bytes = [0u8; 8];
        match self.0.read_exact_at(&mut bytes, 0) {
            Ok(()) => {}
            Err(error) if error.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
            Err(error) => return Err(error),
        }
        Ok(usize::try_from(u64::from_le_bytes(bytes))
            .ok()
            .and_then(|v| v.checked_sub(1)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_single_lines_whatever_the_text() {
        let request = RequestRef {
            id: "a\nb.txt",
            text: "line one\nline two\r\n\u{2028}end",
        };
        let line = serde_json::to_string(&request).unwrap();
        assert!(!line.contains('\n') && !line.contains('\r'), "{line}");
        let back: Request = serde_json::from_str(&line).unwrap();
        assert_eq!(
            (back.id.as_str(), back.text.as_str()),
            (request.id, request.text)
        );
    }

    #[test]
    fn the_stage_file_reads_back_what_was_set() {
        let file = tempfile::tempfile().unwrap();
        let (writer, reader) = (
            StageFile::new(file.try_clone().unwrap()),
            StageFile::new(file),
        );
        assert_eq!(reader.get().unwrap(), None, "an empty file: no plugin");
        writer.set(Some(0)).unwrap();
        assert_eq!(reader.get().unwrap(), Some(0));
        writer.set(Some(4)).unwrap();
        assert_eq!(reader.get().unwrap(), Some(4));
        writer.set(None).unwrap();
        assert_eq!(reader.get().unwrap(), None);
    }

    #[test]
    fn replies_round_trip() {
        let replies = [
            Reply::Ready(vec![PluginInfo {
                name: "actors".into(),
                version: "0.1.0".into(),
            }]),
            Reply::Fatal("no config".into()),
            Reply::Done(vec![Annotation {
                label: "actor".into(),
                start: 0,
                end: 6,
                text: "Russia".into(),
                plugin: "actors".into(),
                attrs: marginalia_core::Attrs::new().with("id", "RUS"),
            }]),
            Reply::Failed("plugin `x` failed".into()),
        ];
        for reply in replies {
            let line = serde_json::to_string(&reply).unwrap();
            assert_eq!(
                serde_json::from_str::<Reply>(&line).unwrap(),
                reply,
                "{line}"
            );
        }
    }
}
