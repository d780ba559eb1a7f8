//! The HTML report: one self-contained page (inline CSS and JavaScript, no network) showing
//! each document with its spans highlighted in their label's colour, a legend with per-label
//! counts and a filter by label (checkboxes), the attributes of a clicked span (and a tooltip
//! on hover), and a corpus overview table (annotations per label per document).
//!
//! Each annotation is one `<mark>` element (`class="lN"`, N the label's number in the page)
//! carrying `data-label`, `data-plugin`, `data-attrs` (JSON), and its offsets:
//! `data-start`/`data-end` in UTF-8 bytes, plus `data-start-char`/`data-end-char` (code
//! points) and/or `data-start-utf16`/`data-end-utf16` (UTF-16 units) when requested.
//! Overlapping spans nest: an enclosing span's underline is drawn below the spans inside it.
//! A span that crosses another (neither contains the other) is split where the other ends; its
//! later pieces are `<mark data-cont>` with the same `data-a`, and only the first piece carries
//! the data. So `mark[data-label]` counts the annotations exactly.
//!
//! The page is streamed: each document is written as it comes, and the legend, the overview
//! and the label colours are written after the last one (CSS grid puts the overview at the
//! top and the legend beside the documents). Memory holds one small row per document for the
//! overview. The page itself is the limit: browsers get slow past some tens of megabytes of
//! text or a few hundred thousand spans, so report on a sample of a large corpus.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashMap};
use std::fmt::Write as _;

use marginalia_core::{Annotation, AttrValue};

use crate::file::Sink;
use crate::offsets::{self, OffsetUnits, UnitSpan};
use crate::palette;
use crate::{FormatError, Outcome, OutcomeWriter};

const CSS: &str = include_str!("report.css");
const JS: &str = include_str!("report.js");

/// Writes the report.
#[derive(Debug)]
pub(crate) struct HtmlWriter<S> {
    out: S,
    offsets: OffsetUnits,
    /// Labels in the order first seen; a label's index is its CSS class number.
    labels: Vec<String>,
    label_index: HashMap<String, usize>,
    /// One overview row per document.
    rows: Vec<Row>,
    /// Reused buffer for one document's HTML.
    buffer: String,
}

#[derive(Debug)]
struct Row {
    id: String,
    /// Annotations per label index.
    counts: BTreeMap<usize, usize>,
    failed: bool,
}

/// Escapes text for HTML content and quoted attribute values.
pub fn escape_into(out: &mut String, text: &str) {
    let mut last = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[last..i]);
        out.push_str(entity);
        last = i + 1;
    }
    out.push_str(&text[last..]);
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

impl<S: Sink> HtmlWriter<S> {
    pub(crate) fn new(mut out: S, offsets: OffsetUnits) -> Result<Self, FormatError> {
        let mut units =
            String::from("<code>data-start</code>/<code>data-end</code> in UTF-8 bytes");
        if offsets.chars() {
            units.push_str(
                ", <code>data-start-char</code>/<code>data-end-char</code> in code points",
            );
        }
        if offsets.utf16() {
            units.push_str(
                ", <code>data-start-utf16</code>/<code>data-end-utf16</code> in UTF-16 code units",
            );
        }
        let head = format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"generator\" content=\"marginalia {version}\">\n\
             <title>marginalia report</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n\
             <header>\n<h1>marginalia report</h1>\n\
             <p class=\"sub\">Spans are highlighted in their label&#39;s colour; hover for the \
             attributes, click for every layer at that point. Offsets of each span: {units}.</p>\n\
             </header>\n<main id=\"docs\">\n",
            version = env!("CARGO_PKG_VERSION"),
        );
        out.write_all(head.as_bytes()).map_err(|e| out.error(e))?;
        Ok(HtmlWriter {
            out,
            offsets,
            labels: Vec::new(),
            label_index: HashMap::new(),
            rows: Vec::new(),
            buffer: String::new(),
        })
    }

    fn label(&mut self, label: &str) -> usize {
        if let Some(&i) = self.label_index.get(label) {
            return i;
        }
        let i = self.labels.len();
        self.labels.push(label.to_owned());
        self.label_index.insert(label.to_owned(), i);
        i
    }

    /// The label indices, sorted by label name.
    fn sorted_labels(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.labels.len()).collect();
        order.sort_by(|&a, &b| self.labels[a].cmp(&self.labels[b]));
        order
    }

    fn document(&mut self, outcome: &Outcome<'_>) -> Result<String, FormatError> {
        let n = self.rows.len() + 1;
        let mut html = std::mem::take(&mut self.buffer);
        html.clear();
        let mut row = Row {
            id: outcome.id.to_owned(),
            counts: BTreeMap::new(),
            failed: false,
        };
        match outcome.result {
            Err(message) => {
                row.failed = true;
                let _ = write!(
                    html,
                    "<article class=\"doc failed\" id=\"d{n}\">\n<h2><a href=\"#d{n}\">{}</a>\
                     <span class=\"badge\">failed</span></h2>\n<p class=\"error\">{}</p>\n",
                    escape(outcome.id),
                    escape(message)
                );
                if let Some(text) = outcome.text {
                    html.push_str("<div class=\"text\">");
                    escape_into(&mut html, text);
                    html.push_str("</div>\n");
                }
                html.push_str("</article>\n");
            }
            Ok(annotations) => {
                let text = outcome.text.unwrap_or("");
                if !annotations.is_empty() && outcome.text.is_none() {
                    return Err(FormatError::MissingText {
                        id: outcome.id.to_owned(),
                    });
                }
                let units = if self.offsets.any_extra() {
                    offsets::convert(outcome.id, text, annotations)?
                } else {
                    check_spans(outcome.id, text, annotations)?;
                    Vec::new()
                };
                let classes: Vec<usize> =
                    annotations.iter().map(|a| self.label(&a.label)).collect();
                for &c in &classes {
                    *row.counts.entry(c).or_default() += 1;
                }
                let _ = write!(
                    html,
                    "<article class=\"doc\" id=\"d{n}\">\n<h2><a href=\"#d{n}\">{}</a></h2>\n\
                     <p class=\"chips\">",
                    escape(outcome.id)
                );
                let mut chips: Vec<(&str, usize, usize)> = row
                    .counts
                    .iter()
                    .map(|(&c, &count)| (self.labels[c].as_str(), c, count))
                    .collect();
                chips.sort();
                for (label, c, count) in chips {
                    let _ = write!(
                        html,
                        "<span class=\"chip l{c}\">{} <b>{count}</b></span>",
                        escape(label)
                    );
                }
                if annotations.is_empty() {
                    html.push_str("<span class=\"chip none\">no annotations</span>");
                }
                html.push_str("</p>\n<div class=\"text\">");
                render_text(&mut html, text, annotations, &classes, &units, self.offsets);
                html.push_str("</div>\n</article>\n");
            }
        }
        self.rows.push(row);
        Ok(html)
    }

    fn trailer(&self) -> String {
        let mut out = String::from("</main>\n<aside id=\"side\">\n");
        let sorted = self.sorted_labels();
        let mut totals = vec![0usize; self.labels.len()];
        let mut docs_with = vec![0usize; self.labels.len()];
        for row in &self.rows {
            for (&c, &count) in &row.counts {
                totals[c] += count;
                docs_with[c] += 1;
            }
        }
        let failed = self.rows.iter().filter(|r| r.failed).count();
        let all: usize = totals.iter().sum();
        out.push_str("<section class=\"panel\" id=\"legend\">\n<h2>Labels</h2>\n<ul>\n");
        for &c in &sorted {
            let _ = writeln!(
                out,
                "<li><label title=\"{} annotations in {} documents\"><input type=\"checkbox\" value=\"l{c}\" checked>\
                 <span class=\"sw l{c}\"></span><span class=\"name\">{}</span><span class=\"n\">{}</span></label></li>",
                totals[c],
                docs_with[c],
                escape(&self.labels[c]),
                totals[c]
            );
        }
        let _ = write!(
            out,
            "</ul>\n<div class=\"buttons\"><button type=\"button\" id=\"show-all\">Show all</button>\
             <button type=\"button\" id=\"show-none\">Hide all</button></div>\n\
             <p class=\"totals\">{} documents &middot; {all} annotations{}</p>\n</section>\n\
             <section class=\"panel\" id=\"details\">\n<h2>Span</h2>\n<div id=\"details-body\">\
             <p class=\"hint\">Click a highlighted span to see its attributes.</p></div>\n</section>\n\
             </aside>\n",
            self.rows.len(),
            if failed > 0 {
                format!(" &middot; {failed} failed")
            } else {
                String::new()
            }
        );
        // The overview: one row per document, one column per label.
        out.push_str(
            "<section class=\"panel\" id=\"overview\">\n<h2>Corpus overview</h2>\n\
             <div class=\"scroll\"><table>\n<thead><tr><th>document</th>",
        );
        for &c in &sorted {
            let _ = write!(
                out,
                "<th><span class=\"sw l{c}\"></span>{}</th>",
                escape(&self.labels[c])
            );
        }
        out.push_str("<th>total</th></tr></thead>\n<tbody>\n");
        for (i, row) in self.rows.iter().enumerate() {
            let _ = write!(
                out,
                "<tr><td><a href=\"#d{}\">{}</a></td>",
                i + 1,
                escape(&row.id)
            );
            if row.failed {
                let _ = write!(
                    out,
                    "<td class=\"failed\" colspan=\"{}\">failed</td>",
                    sorted.len() + 1
                );
            } else {
                for &c in &sorted {
                    match row.counts.get(&c) {
                        Some(count) => {
                            let _ = write!(out, "<td>{count}</td>");
                        }
                        None => out.push_str("<td class=\"zero\">0</td>"),
                    }
                }
                let _ = write!(out, "<td>{}</td>", row.counts.values().sum::<usize>());
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n<tfoot><tr><td>all documents</td>");
        for &c in &sorted {
            let _ = write!(out, "<td>{}</td>", totals[c]);
        }
        let _ = write!(
            out,
            "<td>{all}</td></tr></tfoot>\n</table></div>\n</section>\n\
             <footer>Written by marginalia {}. Self-contained: no network access.</footer>\n<style>\n",
            env!("CARGO_PKG_VERSION")
        );
        // Label colours, by rank among the sorted labels.
        for (rank, &c) in sorted.iter().enumerate() {
            let hex = palette::colour(rank).hex();
            let _ = writeln!(
                out,
                ".l{c}{{--c:{hex};--t:{hex}33;--t2:{hex}5c}}\
                 body.hide-l{c} mark.l{c}{{background:none;border-bottom-color:transparent;cursor:default}}"
            );
        }
        let _ = write!(out, "</style>\n<script>\n{JS}</script>\n</body>\n</html>\n");
        out
    }
}

/// Checks that every span is a range of character boundaries of `text`.
fn check_spans(id: &str, text: &str, annotations: &[Annotation]) -> Result<(), FormatError> {
    for a in annotations {
        if a.start > a.end || !text.is_char_boundary(a.start) || !text.is_char_boundary(a.end) {
            return Err(FormatError::InvalidSpan {
                id: id.to_owned(),
                start: a.start,
                end: a.end,
                len: text.len(),
            });
        }
    }
    Ok(())
}

/// A piece of an annotation as one `<mark>`: the whole span, or, where it crosses another,
/// a part of it.
#[derive(Debug)]
struct Piece {
    annotation: usize,
    start: usize,
    end: usize,
    parent: Option<usize>,
    continued: bool,
    /// How many layers of marks it holds.
    height: usize,
}

/// A piece still to place: start, end (longest first), annotation, whether it continues one.
type Pending = (usize, Reverse<usize>, usize, bool);

/// Nests the annotations into pieces, in document order (a piece comes before the pieces it
/// holds): outer spans first, a span that crosses the enclosing one split where that ends.
fn pieces(annotations: &[Annotation]) -> Vec<Piece> {
    let mut queue: BinaryHeap<Reverse<Pending>> = annotations
        .iter()
        .enumerate()
        .map(|(i, a)| Reverse((a.start, Reverse(a.end), i, false)))
        .collect();
    let mut pieces: Vec<Piece> = Vec::with_capacity(annotations.len());
    let mut open: Vec<usize> = Vec::new();
    while let Some(Reverse((start, Reverse(end), annotation, continued))) = queue.pop() {
        while open.last().is_some_and(|&top| pieces[top].end <= start) {
            open.pop();
        }
        let parent = open.last().copied();
        let end = match parent {
            Some(p) if pieces[p].end < end => {
                queue.push(Reverse((pieces[p].end, Reverse(end), annotation, true)));
                pieces[p].end
            }
            _ => end,
        };
        pieces.push(Piece {
            annotation,
            start,
            end,
            parent,
            continued,
            height: 0,
        });
        open.push(pieces.len() - 1);
    }
    for i in (0..pieces.len()).rev() {
        if let Some(p) = pieces[i].parent {
            pieces[p].height = pieces[p].height.max(pieces[i].height + 1);
        }
    }
    pieces
}

/// The hover text of an annotation: label, plugin, and one line per attribute.
fn title(a: &Annotation) -> String {
    let mut out = format!("{} \u{b7} {}", a.label, a.plugin);
    for (key, value) in a.attrs.iter() {
        let shown = match value {
            AttrValue::Str(s) => s.clone(),
            AttrValue::List(items) => items
                .iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                .collect::<Vec<_>>()
                .join(", "),
            other => other.to_string(),
        };
        let _ = write!(out, "\n{key}: {shown}");
    }
    out
}

/// The document's text with its annotations as nested `<mark>` elements.
fn render_text(
    html: &mut String,
    text: &str,
    annotations: &[Annotation],
    classes: &[usize],
    units: &[UnitSpan],
    offsets: OffsetUnits,
) {
    let pieces = pieces(annotations);
    let mut at = 0;
    let mut open: Vec<usize> = Vec::new();
    let close = |html: &mut String, at: &mut usize, piece: &Piece| {
        escape_into(html, &text[*at..piece.end]);
        *at = piece.end;
        html.push_str("</mark>");
    };
    for (i, piece) in pieces.iter().enumerate() {
        while let Some(&top) = open.last() {
            if Some(top) == piece.parent {
                break;
            }
            close(html, &mut at, &pieces[top]);
            open.pop();
        }
        escape_into(html, &text[at..piece.start]);
        at = piece.start;
        let a = &annotations[piece.annotation];
        let _ = write!(
            html,
            "<mark class=\"l{}\" data-a=\"{}\"",
            classes[piece.annotation], piece.annotation
        );
        if piece.continued {
            html.push_str(" data-cont");
        } else {
            let _ = write!(
                html,
                " data-label=\"{}\" data-plugin=\"{}\" data-start=\"{}\" data-end=\"{}\"",
                escape(&a.label),
                escape(&a.plugin),
                a.start,
                a.end
            );
            if let Some(u) = units.get(piece.annotation) {
                if offsets.chars() {
                    let _ = write!(
                        html,
                        " data-start-char=\"{}\" data-end-char=\"{}\"",
                        u.start_char, u.end_char
                    );
                }
                if offsets.utf16() {
                    let _ = write!(
                        html,
                        " data-start-utf16=\"{}\" data-end-utf16=\"{}\"",
                        u.start_utf16, u.end_utf16
                    );
                }
            }
            html.push_str(" data-attrs=\"");
            escape_into(html, &a.attrs.to_string());
            html.push('"');
        }
        html.push_str(" title=\"");
        escape_into(html, &title(a));
        html.push('"');
        if piece.height > 0 {
            let _ = write!(html, " style=\"--h:{}\"", piece.height);
        }
        html.push('>');
        open.push(i);
    }
    while let Some(top) = open.pop() {
        close(html, &mut at, &pieces[top]);
    }
    escape_into(html, &text[at..]);
}

impl<S: Sink> OutcomeWriter for HtmlWriter<S> {
    fn write(&mut self, outcome: &Outcome<'_>) -> Result<(), FormatError> {
        let html = self.document(outcome)?;
        let result = self.out.write_all(html.as_bytes());
        self.buffer = html;
        result.map_err(|e| self.out.error(e))
    }

    fn finish(&mut self) -> Result<(), FormatError> {
        let trailer = self.trailer();
        self.out
            .write_all(trailer.as_bytes())
            .and_then(|()| self.out.close())
            .map_err(|e| self.out.error(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Format;
    use marginalia_core::Attrs;

    fn span(label: &str, start: usize, end: usize, text: &str) -> Annotation {
        Annotation {
            label: label.into(),
            start,
            end,
            text: text[start..end].into(),
            plugin: "p".into(),
            attrs: Attrs::new(),
        }
    }

    fn body(text: &str, annotations: &[Annotation]) -> String {
        let mut html = String::new();
        let classes: Vec<usize> = annotations.iter().map(|_| 0).collect();
        render_text(
            &mut html,
            text,
            annotations,
            &classes,
            &[],
            OffsetUnits::Bytes,
        );
        // Keep only the tags' skeleton: `<mark data-a="i">` / `<mark data-a="i" data-cont>`.
        let mut out = String::new();
        let mut rest = html.as_str();
        while let Some(i) = rest.find("<mark") {
            out.push_str(&rest[..i]);
            let end = rest[i..].find('>').unwrap() + i;
            let tag = &rest[i..=end];
            let a = tag
                .split("data-a=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            let cont = if tag.contains(" data-cont") { "+" } else { "" };
            let h = tag
                .split("--h:")
                .nth(1)
                .map_or(String::new(), |h| format!("^{}", &h[..1]));
            let _ = write!(out, "[{a}{cont}{h}:");
            rest = &rest[end + 1..];
        }
        out.push_str(rest);
        out.replace("</mark>", "]")
    }

    #[test]
    fn nesting_and_crossing_spans() {
        let text = "shipping weapons to Russia now";
        // Nested: arms_trade holds actor; equal spans nest too.
        let nested = [
            span("arms", 0, 26, text),
            span("actor", 20, 26, text),
            span("country", 20, 26, text),
        ];
        assert_eq!(
            body(text, &nested),
            "[0^2:shipping weapons to [1^1:[2:Russia]]] now"
        );
        // Crossing: 0..16 and 9..26; the second is split where the first ends.
        let crossing = [span("a", 0, 16, text), span("b", 9, 26, text)];
        assert_eq!(
            body(text, &crossing),
            "[0^1:shipping [1:weapons]][1+: to Russia] now"
        );
        // A chain of crossings.
        let chain = [
            span("a", 0, 8, text),
            span("b", 4, 16, text),
            span("c", 12, 20, text),
        ];
        assert_eq!(
            body(text, &chain),
            "[0^1:ship[1:ping]][1+^1: wea[2:pons]][2+: to ]Russia now"
        );
    }

    #[test]
    fn escapes_text_ids_labels_and_attributes() {
        let text = "<b>\"Tom & Jerry's\"</b>";
        let mut a = span("<label>", 3, 18, text);
        a.attrs = Attrs::new().with("q", "\"</mark><script>x</script>");
        let annotations = [a];
        let mut out = Vec::new();
        let mut writer = Format::Html.writer(OffsetUnits::All, &mut out).unwrap();
        writer
            .write(&Outcome {
                id: "<id>&.txt",
                text: Some(text),
                result: Ok(&annotations),
            })
            .unwrap();
        writer
            .write(&Outcome {
                id: "bad.txt",
                text: None,
                result: Err("plugin `x` failed: <oops>"),
            })
            .unwrap();
        writer.finish().unwrap();
        drop(writer);
        let html = String::from_utf8(out).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.ends_with("</html>\n"));
        assert!(!html.contains("<script>x"), "attribute escaped");
        assert!(!html.contains("<b>\"Tom"), "text escaped");
        assert!(!html.contains("<oops>"), "error escaped");
        assert!(!html.contains("<label>"), "label escaped");
        assert!(
            html.contains("&lt;b&gt;<mark class=\"l0\" data-a=\"0\" data-label=\"&lt;label&gt;\"")
        );
        assert!(html.contains(
            "data-start=\"3\" data-end=\"18\" data-start-char=\"3\" data-end-char=\"18\" \
             data-start-utf16=\"3\" data-end-utf16=\"18\" \
             data-attrs=\"{&quot;q&quot;:&quot;\\&quot;&lt;/mark&gt;&lt;script&gt;x&lt;/script&gt;&quot;}\""
        ));
        assert!(html.contains(">&quot;Tom &amp; Jerry&#39;s&quot;</mark>&lt;/b&gt;"));
        assert!(html.contains("&lt;id&gt;&amp;.txt"));
        assert!(html.contains("<span class=\"badge\">failed</span>"));
        assert!(html.contains("2 documents &middot; 1 annotations &middot; 1 failed"));
        assert!(!html.contains("http"), "no network references");
        assert_eq!(html.matches("<mark ").count(), 1);
    }
}
