//! Plain-text rendering of a [`Report`].

use std::fmt::Write as _;
use std::ops::Range;

use marginalia_core::AttrValue;

use crate::{Accuracy, Report, SpanRef};

impl Report {
    /// The scores table: a row per label and a micro-averaged row, with gold and predicted
    /// counts, overlap and exact precision, recall and F1, and (for trade figures) value
    /// accuracy. An undefined ratio shows as `-`.
    pub fn table(&self) -> String {
        let mut rows = vec![cells([
            "label",
            "gold",
            "pred",
            "P",
            "R",
            "F1",
            "P",
            "R",
            "F1",
            "value acc",
        ])];
        let micro = (
            "all (micro)".to_owned(),
            self.micro_overlap,
            self.micro_exact,
            Accuracy::default(),
        );
        let label_rows = self
            .labels
            .iter()
            .map(|s| (s.label.clone(), s.overlap, s.exact, s.value));
        for (label, overlap, exact, value) in label_rows.chain([micro]) {
            rows.push(vec![
                label,
                overlap.gold.to_string(),
                overlap.predicted.to_string(),
                ratio(overlap.precision()),
                ratio(overlap.recall()),
                ratio(Some(overlap.f1())),
                ratio(exact.precision()),
                ratio(exact.recall()),
                ratio(Some(exact.f1())),
                accuracy(value),
            ]);
        }
        render_table(&rows, 1, &[(3..6, "overlap"), (6..9, "exact")])
    }

    /// The attribute accuracy table: a row per label and attribute key that gold has on
    /// overlap-matched pairs. Empty when no matched gold annotation has attributes.
    pub fn attribute_table(&self) -> String {
        let mut rows = vec![cells([
            "label",
            "attribute",
            "pairs",
            "correct",
            "accuracy",
        ])];
        for (label, keys) in &self.attributes {
            for (key, acc) in keys {
                rows.push(vec![
                    label.clone(),
                    key.clone(),
                    acc.pairs.to_string(),
                    acc.correct.to_string(),
                    ratio(acc.rate()),
                ]);
            }
        }
        if rows.len() == 1 {
            return String::new();
        }
        render_table(&rows, 2, &[])
    }

    /// How many documents were scored, and every document on one side only or failed.
    pub fn coverage_summary(&self) -> String {
        let c = &self.coverage;
        let mut out = format!("documents scored: {}\n", c.scored);
        if !c.missing.is_empty() {
            let _ = writeln!(
                out,
                "gold documents with no prediction (all their gold counts as missed): {}",
                c.missing.len()
            );
            for id in &c.missing {
                let _ = writeln!(out, "  {id}");
            }
        }
        if !c.failed.is_empty() {
            let _ = writeln!(
                out,
                "gold documents whose prediction failed (all their gold counts as missed): {}",
                c.failed.len()
            );
            for (id, error) in &c.failed {
                let _ = writeln!(out, "  {id}: {error}");
            }
        }
        if !c.unexpected.is_empty() {
            let _ = writeln!(
                out,
                "predicted documents not in gold (not scored): {}",
                c.unexpected.len()
            );
            for id in &c.unexpected {
                let _ = writeln!(out, "  {id}");
            }
        }
        out
    }

    /// Every false positive and false negative, then the matched pairs whose boundaries or
    /// attributes differ from gold's, one per line with document, span, label and text.
    pub fn details(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "false positives: {}", self.false_positives.len());
        for span in &self.false_positives {
            let _ = writeln!(out, "  FP {}", show_span(span));
        }
        let _ = writeln!(out, "false negatives: {}", self.false_negatives.len());
        for span in &self.false_negatives {
            let _ = writeln!(out, "  FN {}", show_span(span));
        }
        let _ = writeln!(
            out,
            "boundary mismatches (overlap match, not exact): {}",
            self.boundary_mismatches.len()
        );
        for m in &self.boundary_mismatches {
            let _ = writeln!(
                out,
                "  {}  predicted {}..{} {:?}",
                show_span(&m.gold),
                m.predicted.start,
                m.predicted.end,
                m.predicted.text
            );
        }
        let _ = writeln!(out, "attribute mismatches: {}", self.attr_mismatches.len());
        for m in &self.attr_mismatches {
            let found = m.found.as_ref().map_or("(missing)".to_owned(), show_value);
            let _ = writeln!(
                out,
                "  {}  {}: gold {}, predicted {}",
                show_span(&m.gold),
                m.key,
                show_value(&m.expected),
                found
            );
        }
        out
    }
}

fn cells<const N: usize>(texts: [&str; N]) -> Vec<String> {
    texts.iter().map(|t| (*t).to_owned()).collect()
}

fn ratio(value: Option<f64>) -> String {
    value.map_or("-".to_owned(), |v| format!("{v:.3}"))
}

fn accuracy(acc: Accuracy) -> String {
    match acc.rate() {
        Some(rate) => format!("{rate:.3} ({}/{})", acc.correct, acc.pairs),
        None => "-".to_owned(),
    }
}

fn show_span(span: &SpanRef) -> String {
    format!(
        "{}  {}..{}  {}  {:?}",
        span.document, span.start, span.end, span.label, span.text
    )
}

fn show_value(value: &AttrValue) -> String {
    value.to_string()
}

/// A table: the first `left` columns left-aligned, the others right-aligned, two spaces
/// apart. Each group `(columns, title)` is a title centred over its columns in a line of its
/// own above the rows.
fn render_table(rows: &[Vec<String>], left: usize, groups: &[(Range<usize>, &str)]) -> String {
    const GAP: usize = 2;
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|cell| cell.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    if !groups.is_empty() {
        let mut line = String::new();
        for (columns, title) in groups {
            let offset: usize = widths[..columns.start].iter().map(|w| w + GAP).sum();
            let width = widths[columns.clone()].iter().sum::<usize>() + GAP * (columns.len() - 1);
            let padding = offset.saturating_sub(line.chars().count());
            let _ = write!(line, "{:padding$}{:-^width$}", "", format!(" {title} "));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            let width = widths[c];
            let gap = if c == 0 { "" } else { "  " };
            if c < left {
                let _ = write!(line, "{gap}{cell:<width$}");
            } else {
                let _ = write!(line, "{gap}{cell:>width$}");
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::{Corpus, evaluate};

    fn report() -> crate::Report {
        let gold = Corpus::from_jsonl(
            concat!(
                r#"{"id":"a.txt","annotations":["#,
                r#"{"label":"actor","start":0,"end":6,"text":"Russia","plugin":"actors","attrs":{"id":"RUS"}},"#,
                r#"{"label":"actor","start":20,"end":25,"text":"Hanoi","plugin":"actors","attrs":{"id":"VNM"}},"#,
                r#"{"label":"trade_figure","start":30,"end":34,"text":"$80m","plugin":"trade-figures","attrs":{"value":80000000,"unit":"USD"}}"#,
                r#"]}"#,
                "\n",
                r#"{"id":"b.txt","annotations":[]}"#,
            ),
            "gold.jsonl",
        )
        .unwrap();
        let predicted = Corpus::from_jsonl(
            concat!(
                r#"{"id":"a.txt","annotations":["#,
                r#"{"label":"actor","start":0,"end":4,"text":"Russ","plugin":"actors","attrs":{"id":"BLR"}},"#,
                r#"{"label":"actor","start":10,"end":15,"text":"Putin","plugin":"actors","attrs":{}},"#,
                r#"{"label":"trade_figure","start":30,"end":34,"text":"$80m","plugin":"trade-figures","attrs":{"value":80000000,"unit":"USD"}}"#,
                r#"]}"#,
                "\n",
                r#"{"id":"b.txt","annotations":[],"error":"plugin actors failed: boom"}"#,
            ),
            "predicted.jsonl",
        )
        .unwrap();
        evaluate(&gold, &predicted).unwrap()
    }

    #[test]
    fn table_has_a_row_per_label_and_a_micro_row() {
        let expected = [
            "                          ----- overlap -----  ------ exact ------",
            "label         gold  pred      P      R     F1      P      R     F1    value acc",
            "actor            2     2  0.500  0.500  0.500  0.000  0.000  0.000            -",
            "trade_figure     1     1  1.000  1.000  1.000  1.000  1.000  1.000  1.000 (1/1)",
            "all (micro)      3     3  0.667  0.667  0.667  0.333  0.333  0.333            -",
        ];
        assert_eq!(report().table().lines().collect::<Vec<_>>(), expected);
    }

    #[test]
    fn attribute_table_lists_gold_keys() {
        let expected = "\
label         attribute  pairs  correct  accuracy
actor         id             1        0     0.000
trade_figure  unit           1        1     1.000
trade_figure  value          1        1     1.000
";
        assert_eq!(report().attribute_table(), expected);
    }

    #[test]
    fn details_list_each_error_with_its_text() {
        let expected = "\
false positives: 1
  FP a.txt  10..15  actor  \"Putin\"
false negatives: 1
  FN a.txt  20..25  actor  \"Hanoi\"
boundary mismatches (overlap match, not exact): 1
  a.txt  0..6  actor  \"Russia\"  predicted 0..4 \"Russ\"
attribute mismatches: 1
  a.txt  0..6  actor  \"Russia\"  id: gold \"RUS\", predicted \"BLR\"
";
        assert_eq!(report().details(), expected);
        let coverage = report().coverage_summary();
        assert_eq!(
            coverage,
            "documents scored: 1\n\
             gold documents whose prediction failed (all their gold counts as missed): 1\n  \
             b.txt: plugin actors failed: boom\n"
        );
    }
}
