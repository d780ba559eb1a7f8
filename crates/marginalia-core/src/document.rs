//! Documents and the annotations made on them.

use serde::{Deserialize, Serialize};

use crate::Attrs;

/// A labelled span of a document's text, as the host outputs it and as later plugins see it.
///
/// Offsets are UTF-8 byte offsets, half-open (`start..end`), on character boundaries, with
/// `start < end`; the host validates every span a plugin emits before it becomes an
/// `Annotation`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    /// What the span is, e.g. `actor` or `trade_figure`.
    pub label: String,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// The covered text, `&document.text[start..end]`.
    pub text: String,
    /// Name of the plugin that emitted it.
    pub plugin: String,
    /// Attributes, sorted by key.
    #[serde(default)]
    pub attrs: Attrs,
}

impl Annotation {
    /// The output order: by `(start, end, label)`, then plugin and attributes so that the
    /// order is total and deterministic.
    pub fn sort_key(&self) -> (usize, usize, &str, &str, String) {
        (
            self.start,
            self.end,
            &self.label,
            &self.plugin,
            self.attrs.to_string(),
        )
    }
}

/// A document as a plugin sees it: its id, its text, and the annotations of earlier plugins
/// whose labels the plugin declared in [`Manifest::needs`](crate::Manifest).
#[derive(Clone, Copy, Debug)]
pub struct Document<'a> {
    id: &'a str,
    text: &'a str,
    annotations: &'a [Annotation],
}

impl<'a> Document<'a> {
    /// A document with the given earlier annotations (sorted by `(start, end, label)`).
    pub fn new(id: &'a str, text: &'a str, annotations: &'a [Annotation]) -> Self {
        Document {
            id,
            text,
            annotations,
        }
    }

    /// The id: the path relative to the corpus root, `/`-separated, or the id given in the input.
    pub fn id(&self) -> &'a str {
        self.id
    }

    /// The full text.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Earlier plugins' annotations, sorted by `(start, end, label)`.
    pub fn annotations(&self) -> &'a [Annotation] {
        self.annotations
    }

    /// Earlier annotations with the given label, in order.
    pub fn annotations_labelled<'s>(
        &'s self,
        label: &'s str,
    ) -> impl Iterator<Item = &'a Annotation> + 's {
        self.annotations.iter().filter(move |a| a.label == label)
    }
}
