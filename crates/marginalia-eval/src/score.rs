//! Scoring: counts, precision, recall, F1 and attribute accuracy over a whole corpus.

use std::collections::{BTreeMap, BTreeSet};

use marginalia_core::{Annotation, AttrValue};

use crate::{Corpus, EvalError, match_exact, match_overlapping};

/// The label whose `value` and `unit` attributes [`Report::value_accuracy`] checks.
pub const TRADE_FIGURE: &str = "trade_figure";

/// The attributes that must both equal gold's for a trade figure's value to be right.
const VALUE_KEYS: [&str; 2] = ["value", "unit"];

/// How many relative error two numbers may differ by and still be equal.
const RELATIVE_TOLERANCE: f64 = 1e-9;

/// Gold, predicted and matched (true positive) annotation counts.
///
/// Precision is `TP / predicted` and recall `TP / gold`. With no predictions precision is
/// undefined (`None`), and with no gold recall is; F1 counts an undefined one as 0. So F1
/// is `2·P·R / (P + R)`, 0 when `P + R = 0`, which always equals `2·TP / (gold + predicted)`
/// (and is 0 when both are 0).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Gold annotations.
    pub gold: usize,
    /// Predicted annotations.
    pub predicted: usize,
    /// Matched pairs.
    pub true_positives: usize,
}

impl Counts {
    /// Predictions without a gold partner.
    pub fn false_positives(&self) -> usize {
        self.predicted - self.true_positives
    }

    /// Gold annotations without a predicted partner.
    pub fn false_negatives(&self) -> usize {
        self.gold - self.true_positives
    }

    /// `TP / predicted`; `None` when nothing was predicted.
    pub fn precision(&self) -> Option<f64> {
        ratio(self.true_positives, self.predicted)
    }

    /// `TP / gold`; `None` when there is no gold.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.true_positives, self.gold)
    }

    /// The harmonic mean of precision and recall (an undefined one counting as 0); 0 when
    /// their sum is 0.
    pub fn f1(&self) -> f64 {
        let p = self.precision().unwrap_or(0.0);
        let r = self.recall().unwrap_or(0.0);
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    fn add(&mut self, other: Counts) {
        self.gold += other.gold;
        self.predicted += other.predicted;
        self.true_positives += other.true_positives;
    }
}

/// How many matched pairs were checked and how many of them were right.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Accuracy {
    /// Pairs checked.
    pub pairs: usize,
    /// Pairs that were right.
    pub correct: usize,
}

impl Accuracy {
    /// `correct / pairs`; `None` when no pair was checked.
    pub fn rate(&self) -> Option<f64> {
        ratio(self.correct, self.pairs)
    }

    fn record(&mut self, correct: bool) {
        self.pairs += 1;
        self.correct += usize::from(correct);
    }
}

fn ratio(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// The scores of one label.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LabelScores {
    /// The label.
    pub label: String,
    /// Overlap matching: same label, intersecting ranges, one-to-one.
    pub overlap: Counts,
    /// Exact matching: same label, start and end.
    pub exact: Counts,
    /// For [`TRADE_FIGURE`]: overlap-matched pairs whose `value` and `unit` equal gold's.
    /// No pairs for other labels.
    pub value: Accuracy,
}

/// An annotation in a document, for listing.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct SpanRef {
    /// The document id.
    pub document: String,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// The label.
    pub label: String,
    /// The covered text.
    pub text: String,
}

impl SpanRef {
    fn new(document: &str, a: &Annotation) -> SpanRef {
        SpanRef {
            document: document.to_owned(),
            start: a.start,
            end: a.end,
            label: a.label.clone(),
            text: a.text.clone(),
        }
    }
}

/// An overlap-matched pair whose boundaries differ (a true positive for overlap, not exact).
#[derive(Clone, Debug, PartialEq)]
pub struct BoundaryMismatch {
    /// The gold annotation.
    pub gold: SpanRef,
    /// The prediction matched to it.
    pub predicted: SpanRef,
}

/// A gold attribute that the prediction matched to it got wrong or lacks.
#[derive(Clone, Debug, PartialEq)]
pub struct AttrMismatch {
    /// The gold annotation.
    pub gold: SpanRef,
    /// The prediction matched to it.
    pub predicted: SpanRef,
    /// The attribute.
    pub key: String,
    /// Gold's value.
    pub expected: AttrValue,
    /// The prediction's value, if it has the attribute.
    pub found: Option<AttrValue>,
}

/// Which documents were scored, and which are on one side only.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Coverage {
    /// Gold documents with a successfully annotated prediction.
    pub scored: usize,
    /// Gold documents with no prediction line: all their gold counts as false negatives.
    pub missing: Vec<String>,
    /// Gold documents whose prediction line is an error `(id, error)`: all their gold counts
    /// as false negatives.
    pub failed: Vec<(String, String)>,
    /// Predicted documents that gold does not have. They are not scored (there is nothing to
    /// judge them by).
    pub unexpected: Vec<String>,
}

impl Coverage {
    /// Whether every gold document was predicted without error and nothing else was.
    pub fn is_complete(&self) -> bool {
        self.missing.is_empty() && self.failed.is_empty() && self.unexpected.is_empty()
    }
}

/// The result of [`evaluate`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// Scores per label, sorted by label: every label that gold or a scored prediction has.
    pub labels: Vec<LabelScores>,
    /// Overlap counts summed over all labels (micro-average).
    pub micro_overlap: Counts,
    /// Exact counts summed over all labels (micro-average).
    pub micro_exact: Counts,
    /// Per label, per attribute key that gold has on overlap-matched pairs: how often the
    /// prediction has the same value (numbers equal within 1e-9 relative).
    pub attributes: BTreeMap<String, BTreeMap<String, Accuracy>>,
    /// Predictions without an overlapping gold partner, by document and position.
    pub false_positives: Vec<SpanRef>,
    /// Gold annotations without an overlapping prediction, by document and position.
    pub false_negatives: Vec<SpanRef>,
    /// Overlap-matched pairs whose start or end differ.
    pub boundary_mismatches: Vec<BoundaryMismatch>,
    /// Gold attributes that the matched prediction got wrong or lacks.
    pub attr_mismatches: Vec<AttrMismatch>,
    /// Which documents were scored.
    pub coverage: Coverage,
}

impl Report {
    /// The scores of `label`, if gold or a prediction has it.
    pub fn label(&self, label: &str) -> Option<&LabelScores> {
        self.labels.iter().find(|s| s.label == label)
    }

    /// Among overlap-matched [`TRADE_FIGURE`] pairs, those whose `value` and `unit` both equal
    /// gold's.
    pub fn value_accuracy(&self) -> Accuracy {
        self.label(TRADE_FIGURE)
            .map(|s| s.value)
            .unwrap_or_default()
    }
}

/// Whether two attribute values are equal: numbers (integer or not) within 1e-9 relative of
/// each other, lists element by element, anything else exactly.
pub fn attr_values_equal(a: &AttrValue, b: &AttrValue) -> bool {
    match (a, b) {
        (AttrValue::List(x), AttrValue::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| attr_values_equal(a, b))
        }
        _ => match (a.as_f64(), b.as_f64()) {
            (Some(x), Some(y)) => {
                x == y || (x - y).abs() <= RELATIVE_TOLERANCE * x.abs().max(y.abs())
            }
            _ => a == b,
        },
    }
}

fn optional_equal(a: Option<&AttrValue>, b: Option<&AttrValue>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => attr_values_equal(a, b),
        (None, None) => true,
        _ => false,
    }
}

/// Scores `predicted` against `gold`, document by document and label by label.
///
/// Every gold document is scored: against its prediction, or, when the prediction is missing
/// or an error line, as all false negatives (see [`Coverage`]). Fails when a gold document is
/// itself an error line.
pub fn evaluate(gold: &Corpus, predicted: &Corpus) -> Result<Report, EvalError> {
    gold.ensure_no_errors()?;
    let mut report = Report::default();
    let mut labels: BTreeMap<String, LabelScores> = BTreeMap::new();

    for (id, gold_doc) in &gold.documents {
        let predictions: &[Annotation] = match predicted.documents.get(id) {
            None => {
                report.coverage.missing.push(id.clone());
                &[]
            }
            Some(doc) => match &doc.error {
                Some(error) => {
                    report.coverage.failed.push((id.clone(), error.clone()));
                    &[]
                }
                None => {
                    report.coverage.scored += 1;
                    &doc.annotations
                }
            },
        };

        let mut by_label: BTreeMap<&str, (Vec<&Annotation>, Vec<&Annotation>)> = BTreeMap::new();
        for a in &gold_doc.annotations {
            by_label.entry(&a.label).or_default().0.push(a);
        }
        for a in predictions {
            by_label.entry(&a.label).or_default().1.push(a);
        }
        for (label, (g, p)) in by_label {
            let scores = labels
                .entry(label.to_owned())
                .or_insert_with(|| LabelScores {
                    label: label.to_owned(),
                    ..LabelScores::default()
                });
            score_label(id, &g, &p, scores, &mut report);
        }
    }

    report.coverage.unexpected = predicted
        .documents
        .keys()
        .filter(|id| !gold.documents.contains_key(*id))
        .cloned()
        .collect();
    report.labels = labels.into_values().collect();
    for scores in &report.labels {
        report.micro_overlap.add(scores.overlap);
        report.micro_exact.add(scores.exact);
    }
    report.false_positives.sort();
    report.false_negatives.sort();
    Ok(report)
}

/// Matches one document's annotations of one label and adds the results to `scores` and
/// `report`.
fn score_label(
    document: &str,
    gold: &[&Annotation],
    predicted: &[&Annotation],
    scores: &mut LabelScores,
    report: &mut Report,
) {
    let overlap = match_overlapping(gold, predicted);
    let exact = match_exact(gold, predicted);
    scores.overlap.add(Counts {
        gold: gold.len(),
        predicted: predicted.len(),
        true_positives: overlap.len(),
    });
    scores.exact.add(Counts {
        gold: gold.len(),
        predicted: predicted.len(),
        true_positives: exact.len(),
    });

    let matched_gold: BTreeSet<usize> = overlap.iter().map(|&(g, _)| g).collect();
    let matched_predicted: BTreeSet<usize> = overlap.iter().map(|&(_, p)| p).collect();
    report.false_negatives.extend(
        (0..gold.len())
            .filter(|i| !matched_gold.contains(i))
            .map(|i| SpanRef::new(document, gold[i])),
    );
    report.false_positives.extend(
        (0..predicted.len())
            .filter(|i| !matched_predicted.contains(i))
            .map(|i| SpanRef::new(document, predicted[i])),
    );

    for (gi, pi) in overlap {
        let (g, p) = (gold[gi], predicted[pi]);
        if (g.start, g.end) != (p.start, p.end) {
            report.boundary_mismatches.push(BoundaryMismatch {
                gold: SpanRef::new(document, g),
                predicted: SpanRef::new(document, p),
            });
        }
        if g.label == TRADE_FIGURE {
            let right = VALUE_KEYS
                .iter()
                .all(|key| optional_equal(g.attrs.get(key), p.attrs.get(key)));
            scores.value.record(right);
        }
        let per_key = report.attributes.entry(g.label.clone()).or_default();
        for (key, expected) in g.attrs.iter() {
            let found = p.attrs.get(key);
            let right = found.is_some_and(|found| attr_values_equal(expected, found));
            per_key.entry(key.to_owned()).or_default().record(right);
            if !right {
                report.attr_mismatches.push(AttrMismatch {
                    gold: SpanRef::new(document, g),
                    predicted: SpanRef::new(document, p),
                    key: key.to_owned(),
                    expected: expected.clone(),
                    found: found.cloned(),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests;
