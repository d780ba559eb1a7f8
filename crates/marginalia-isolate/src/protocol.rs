//! The messages between the host and a worker process: JSON, one message per line.
//!
//! The host writes one [`Request`] per document to the worker's stdin and closes it when
//! there are no more. The worker writes to its (protected) stdout one [`Reply::Ready`] or
//! [`Reply::Fatal`] when it has loaded the pipeline, then, for each request and in order,
//! a [`Reply::Stage`] before each plugin runs, and one [`Reply::Done`] or [`Reply::Failed`].
//! Text travels as JSON strings, so a document's newlines never break the framing.
//!
//! The protocol is private to one `marginalia` binary talking to itself: host and worker are
//! always the same build, so it has no version of its own.

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
    /// The plugin at this index of [`Reply::Ready`]'s list starts on the current document.
    Stage(usize),
    /// The current document's annotations, sorted.
    Done(Vec<Annotation>),
    /// The current document failed (a plugin error, panic or invalid span), with the message.
    Failed(String),
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
    fn replies_round_trip() {
        let replies = [
            Reply::Ready(vec![PluginInfo {
                name: "actors".into(),
                version: "0.1.0".into(),
            }]),
            Reply::Fatal("no config".into()),
            Reply::Stage(2),
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
