//! The readable text form of a document's annotations, as snapshot tests store it.

use std::fmt::Write as _;

use marginalia_core::Annotation;

/// Renders annotations one per line, in the order given (the host's output order):
///
/// ```text
///   120..133  sanction  "new sanctions"  action="veto" instrument="sanctions" target=["PRK"]
/// ```
///
/// The span is padded to the width the largest offset of a `text_len`-byte document needs, the
/// label to the longest label present; the text is a JSON string (quotes, backslashes and
/// newlines escaped); attributes follow in key order as `key=JSON`. Lines carry no trailing
/// spaces. No annotations render as `(no annotations)`.
///
/// ```
/// use marginalia_core::{Annotation, Attrs};
/// let a = Annotation {
///     label: "actor".into(), start: 4, end: 6, text: "UN".into(), plugin: "actors".into(),
///     attrs: Attrs::new().with("id", "UN"),
/// };
/// assert_eq!(marginalia_testkit::render_annotations(11, &[a]), "  4..6    actor  \"UN\"  id=\"UN\"\n");
/// ```
pub fn render_annotations(text_len: usize, annotations: &[Annotation]) -> String {
    if annotations.is_empty() {
        return "(no annotations)\n".to_owned();
    }
    let digits = text_len.max(1).to_string().len();
    let span_width = 2 * digits + 2;
    let label_width = annotations
        .iter()
        .map(|a| a.label.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for a in annotations {
        let span = format!("{}..{}", a.start, a.end);
        let text = serde_json::to_string(&a.text).expect("a string always serializes");
        let mut line = format!("  {span:<span_width$}  {:<label_width$}  {text}", a.label);
        if !a.attrs.is_empty() {
            line.push(' ');
            for (key, value) in a.attrs.iter() {
                let _ = write!(line, " {key}={value}");
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use marginalia_core::Attrs;

    use super::*;

    fn annotation(label: &str, start: usize, end: usize, text: &str, attrs: Attrs) -> Annotation {
        Annotation {
            label: label.into(),
            start,
            end,
            text: text.into(),
            plugin: "test".into(),
            attrs,
        }
    }

    #[test]
    fn columns_are_aligned_and_attrs_sorted() {
        let annotations = [
            annotation("actor", 7, 9, "UN", Attrs::new().with("id", "UN")),
            annotation(
                "sanction",
                120,
                133,
                "new sanctions",
                Attrs::new()
                    .with("target", vec!["PRK"])
                    .with("action", "veto")
                    .with("instrument", "sanctions"),
            ),
        ];
        let expected = concat!(
            "  7..9        actor     \"UN\"  id=\"UN\"\n",
            "  120..133    sanction  \"new sanctions\"  action=\"veto\" instrument=\"sanctions\" target=[\"PRK\"]\n",
        );
        assert_eq!(render_annotations(2000, &annotations), expected);
    }

    #[test]
    fn text_is_escaped_and_lines_have_no_trailing_space() {
        let rendered = render_annotations(
            50,
            &[annotation(
                "quote",
                0,
                12,
                "He said \"no\"\nthen\\left",
                Attrs::new(),
            )],
        );
        assert_eq!(
            rendered,
            "  0..12   quote  \"He said \\\"no\\\"\\nthen\\\\left\"\n"
        );
    }

    #[test]
    fn numbers_and_bools_render_as_json() {
        let attrs = Attrs::new()
            .with("usd", 3.6e9)
            .with("share", 0.25)
            .with("estimate", true);
        let rendered = render_annotations(9, &[annotation("figure", 0, 5, "$3.6b", attrs)]);
        assert_eq!(
            rendered,
            "  0..5  figure  \"$3.6b\"  estimate=true share=0.25 usd=3600000000\n"
        );
    }

    #[test]
    fn no_annotations_say_so() {
        assert_eq!(render_annotations(10, &[]), "(no annotations)\n");
    }
}
