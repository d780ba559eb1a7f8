//! Documents and the annotations made on them.

use serde::{Deserialize, Serialize};

use crate::Attrs;

/// A labelled span of a document's text, as the host outputs it and as later plugins see it.
///
/// Invariants, for every annotation the host makes (it checks every span a plugin emits
/// before it becomes one, see [`validate`](crate::validate)):
///
/// - `start < end <= text.len()`, UTF-8 **byte** offsets, half-open, both on character
///   boundaries of the document's text;
/// - `text == document_text[start..end]`;
/// - `label` is one the emitting plugin declared; `plugin` is that plugin's name.
///
/// Serialized (JSON Lines output, snapshots) with the fields in this order; `attrs` may be
/// left out when reading and is then empty.
///
/// ```
/// use marginalia_core::{Annotation, Attrs};
/// let text = "Sanctions on Россия";
/// let start = text.find("Россия").unwrap();
/// let russia = Annotation {
///     label: "actor".into(),
///     start,
///     end: start + "Россия".len(),
///     text: "Россия".into(),
///     plugin: "actors".into(),
///     attrs: Attrs::new().with("id", "RUS"),
/// };
/// assert_eq!((russia.start, russia.end), (13, 25)); // bytes, not characters
/// assert_eq!(&text[russia.start..russia.end], russia.text);
/// ```
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
    /// The output order: by `(start, end, label)`, then plugin and attributes, so that the
    /// order is total and the output deterministic. The host sorts its output, and the
    /// annotations it lends a plugin, with it.
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
/// whose labels the plugin declared in [`Manifest::needs`](crate::Manifest::needs).
///
/// Everything is borrowed for one [`Plugin::annotate`](crate::Plugin::annotate) call. The
/// earlier annotations are those of the labels the plugin needs, **only** those, sorted by
/// [`Annotation::sort_key`]; each satisfies the [`Annotation`] invariants for this text.
///
/// ```
/// use marginalia_core::{Annotation, Attrs, Document};
///
/// let text = "Putin met Kim in Pyongyang.";
/// let actor = |covered: &str, id: &str| {
///     let start = text.find(covered).unwrap();
///     Annotation {
///         label: "actor".into(),
///         start,
///         end: start + covered.len(),
///         text: covered.into(),
///         plugin: "actors".into(),
///         attrs: Attrs::new().with("id", id),
///     }
/// };
/// let earlier = [actor("Putin", "RUS"), actor("Kim", "PRK"), actor("Pyongyang", "PRK")];
/// let doc = Document::new("note.txt", text, &earlier);
///
/// let ids: Vec<&str> = doc.annotations_labelled("actor").filter_map(|a| a.attrs.get_str("id")).collect();
/// assert_eq!(ids, ["RUS", "PRK", "PRK"]);
/// assert_eq!(doc.annotations_labelled("treaty").count(), 0);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Document<'a> {
    id: &'a str,
    text: &'a str,
    annotations: &'a [Annotation],
}

impl<'a> Document<'a> {
    /// A document with the given earlier annotations, for running a plugin in-process. The
    /// caller keeps the invariants the host keeps: `annotations` sorted by
    /// [`Annotation::sort_key`] and fitting `text`.
    pub fn new(id: &'a str, text: &'a str, annotations: &'a [Annotation]) -> Self {
        Document {
            id,
            text,
            annotations,
        }
    }

    /// The id: the path relative to the directory being annotated, `/`-separated, or the id
    /// given in the input. For messages and logs; a plugin should not tag differently by id.
    pub fn id(&self) -> &'a str {
        self.id
    }

    /// The full text. Every offset a plugin emits is a byte offset into it.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Earlier plugins' annotations of the labels the plugin needs, sorted by
    /// [`Annotation::sort_key`].
    pub fn annotations(&self) -> &'a [Annotation] {
        self.annotations
    }

    /// Earlier annotations with the given label, in order. Empty for a label the plugin does
    /// not need: the host does not lend those.
    pub fn annotations_labelled<'s>(
        &'s self,
        label: &'s str,
    ) -> impl Iterator<Item = &'a Annotation> + 's {
        self.annotations.iter().filter(move |a| a.label == label)
    }
}
