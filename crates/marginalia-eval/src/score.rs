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
mod tests {
    use super::*;

    /// A JSONL line for document `id` with `(label, start, end, attrs JSON)` annotations.
    fn line(id: &str, spans: &[(&str, usize, usize, &str)]) -> String {
        let annotations: Vec<String> = spans
            .iter()
            .map(|(label, start, end, attrs)| {
                format!(
                    r#"{{"label":"{label}","start":{start},"end":{end},"text":"{}","plugin":"p","attrs":{attrs}}}"#,
                    "x".repeat(end - start)
                )
            })
            .collect();
        format!(
            r#"{{"id":"{id}","annotations":[{}]}}"#,
            annotations.join(",")
        )
    }

    fn corpus(lines: &[String]) -> Corpus {
        Corpus::from_jsonl(&lines.join("\n"), "test.jsonl").unwrap()
    }

    fn approx(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-12)
    }

    #[test]
    fn counts_give_precision_recall_and_f1() {
        let c = Counts {
            gold: 4,
            predicted: 2,
            true_positives: 2,
        };
        assert_eq!((c.false_positives(), c.false_negatives()), (0, 2));
        assert!(approx(c.precision(), 1.0));
        assert!(approx(c.recall(), 0.5));
        assert!(approx(Some(c.f1()), 2.0 / 3.0));
    }

    #[test]
    fn empty_cases_are_defined() {
        let none = Counts::default();
        assert_eq!(
            (none.precision(), none.recall(), none.f1()),
            (None, None, 0.0)
        );
        let no_predictions = Counts {
            gold: 3,
            ..Counts::default()
        };
        assert_eq!(no_predictions.precision(), None);
        assert!(approx(no_predictions.recall(), 0.0));
        assert_eq!(no_predictions.f1(), 0.0);
        let no_gold = Counts {
            predicted: 3,
            ..Counts::default()
        };
        assert!(approx(no_gold.precision(), 0.0));
        assert_eq!(no_gold.recall(), None);
        assert_eq!(no_gold.f1(), 0.0);
        assert_eq!(Accuracy::default().rate(), None);

        let report = evaluate(&corpus(&[]), &corpus(&[])).unwrap();
        assert!(report.labels.is_empty());
        assert_eq!(report.micro_overlap, Counts::default());
        assert!(report.coverage.is_complete());
    }

    #[test]
    fn overlap_and_exact_are_counted_per_label() {
        let gold = corpus(&[line(
            "a",
            &[
                ("actor", 0, 6, "{}"),
                ("actor", 10, 15, "{}"),
                ("sanction", 20, 30, "{}"),
            ],
        )]);
        let predicted = corpus(&[line(
            "a",
            &[
                ("actor", 0, 6, "{}"),      // exact
                ("actor", 11, 15, "{}"),    // overlap only
                ("sanction", 0, 6, "{}"),   // right place, wrong label
                ("sanction", 40, 45, "{}"), // nowhere
            ],
        )]);
        let report = evaluate(&gold, &predicted).unwrap();
        let actor = report.label("actor").unwrap();
        assert_eq!(
            actor.overlap,
            Counts {
                gold: 2,
                predicted: 2,
                true_positives: 2
            }
        );
        assert_eq!(actor.exact.true_positives, 1);
        let sanction = report.label("sanction").unwrap();
        assert_eq!(
            sanction.overlap,
            Counts {
                gold: 1,
                predicted: 2,
                true_positives: 0
            }
        );
        assert_eq!(
            report.micro_overlap,
            Counts {
                gold: 3,
                predicted: 4,
                true_positives: 2
            }
        );
        assert_eq!(report.micro_exact.true_positives, 1);
        let fp: Vec<(usize, &str)> = report
            .false_positives
            .iter()
            .map(|s| (s.start, s.label.as_str()))
            .collect();
        assert_eq!(fp, [(0, "sanction"), (40, "sanction")]);
        assert_eq!(report.false_negatives.len(), 1);
        assert_eq!(report.false_negatives[0].start, 20);
        assert_eq!(report.boundary_mismatches.len(), 1);
        assert_eq!(report.boundary_mismatches[0].predicted.start, 11);
    }

    #[test]
    fn two_predictions_on_one_gold_give_one_true_and_one_false_positive() {
        let gold = corpus(&[line("a", &[("treaty", 0, 20, "{}")])]);
        let predicted = corpus(&[line(
            "a",
            &[("treaty", 0, 8, "{}"), ("treaty", 9, 20, "{}")],
        )]);
        let report = evaluate(&gold, &predicted).unwrap();
        let treaty = report.label("treaty").unwrap();
        assert_eq!(treaty.overlap.true_positives, 1);
        assert_eq!(treaty.overlap.false_positives(), 1);
        assert_eq!(treaty.exact.true_positives, 0);
        assert_eq!(report.false_positives[0].start, 0);
    }

    #[test]
    fn value_accuracy_needs_value_and_unit() {
        let gold = corpus(&[line(
            "a",
            &[
                ("trade_figure", 0, 5, r#"{"value":3600000000,"unit":"USD"}"#),
                ("trade_figure", 10, 15, r#"{"value":0.1,"unit":"percent"}"#),
                ("trade_figure", 20, 25, r#"{"value":80,"unit":"USD"}"#),
                ("trade_figure", 30, 35, r#"{"value":80,"unit":"USD"}"#),
                ("trade_figure", 40, 45, r#"{"value":1,"unit":"USD"}"#),
            ],
        )]);
        let predicted = corpus(&[line(
            "a",
            &[
                // Equal as numbers, integer or not.
                (
                    "trade_figure",
                    0,
                    5,
                    r#"{"value":3600000000.0000005,"unit":"USD"}"#,
                ),
                // Within 1e-9 relative.
                (
                    "trade_figure",
                    10,
                    14,
                    r#"{"value":0.10000000000000002,"unit":"percent"}"#,
                ),
                // Wrong unit.
                ("trade_figure", 20, 25, r#"{"value":80,"unit":"EUR"}"#),
                // Off by more than the tolerance.
                ("trade_figure", 30, 35, r#"{"value":80.001,"unit":"USD"}"#),
                // The gold span at 40 is not matched: not counted in value accuracy.
            ],
        )]);
        let report = evaluate(&gold, &predicted).unwrap();
        assert_eq!(
            report.value_accuracy(),
            Accuracy {
                pairs: 4,
                correct: 2
            }
        );
        assert!(approx(report.value_accuracy().rate(), 0.5));
        let per_key = &report.attributes["trade_figure"];
        assert_eq!(
            per_key["unit"],
            Accuracy {
                pairs: 4,
                correct: 3
            }
        );
        assert_eq!(
            per_key["value"],
            Accuracy {
                pairs: 4,
                correct: 3
            }
        );
        let keys: Vec<(usize, &str)> = report
            .attr_mismatches
            .iter()
            .map(|m| (m.gold.start, m.key.as_str()))
            .collect();
        assert_eq!(keys, [(20, "unit"), (30, "value")]);
        // Other labels have no value accuracy.
        assert_eq!(
            evaluate(&gold, &gold).unwrap().value_accuracy().rate(),
            Some(1.0)
        );
        let other = corpus(&[line("a", &[("actor", 0, 5, "{}")])]);
        let report = evaluate(&other, &other).unwrap();
        assert_eq!(report.value_accuracy().rate(), None);
    }

    #[test]
    fn attribute_accuracy_covers_every_gold_key() {
        let gold = corpus(&[line(
            "a",
            &[
                (
                    "sanction",
                    0,
                    5,
                    r#"{"action":"veto","target":["PRK","IRN"]}"#,
                ),
                ("sanction", 10, 15, r#"{"action":"impose"}"#),
            ],
        )]);
        let predicted = corpus(&[line(
            "a",
            &[
                (
                    "sanction",
                    0,
                    5,
                    r#"{"action":"veto","target":["PRK","IRN"],"extra":true}"#,
                ),
                ("sanction", 10, 15, r#"{}"#),
            ],
        )]);
        let report = evaluate(&gold, &predicted).unwrap();
        let per_key = &report.attributes["sanction"];
        assert_eq!(per_key.keys().collect::<Vec<_>>(), ["action", "target"]);
        assert_eq!(
            per_key["action"],
            Accuracy {
                pairs: 2,
                correct: 1
            }
        );
        assert_eq!(
            per_key["target"],
            Accuracy {
                pairs: 1,
                correct: 1
            }
        );
        assert_eq!(report.attr_mismatches.len(), 1);
        assert_eq!(report.attr_mismatches[0].found, None);
    }

    #[test]
    fn documents_on_one_side_only_are_reported() {
        let gold = corpus(&[
            line("failed", &[("actor", 0, 5, "{}")]),
            line("missing", &[("actor", 0, 5, "{}"), ("actor", 6, 9, "{}")]),
            line("ok", &[("actor", 0, 5, "{}")]),
        ]);
        let predicted = Corpus::from_jsonl(
            &[
                r#"{"id":"failed","annotations":[],"error":"plugin actors failed"}"#.to_owned(),
                line("ok", &[("actor", 0, 5, "{}")]),
                line("extra", &[("actor", 0, 5, "{}")]),
            ]
            .join("\n"),
            "p.jsonl",
        )
        .unwrap();
        let report = evaluate(&gold, &predicted).unwrap();
        assert_eq!(report.coverage.scored, 1);
        assert_eq!(report.coverage.missing, ["missing"]);
        assert_eq!(
            report.coverage.failed,
            [("failed".to_owned(), "plugin actors failed".to_owned())]
        );
        assert_eq!(report.coverage.unexpected, ["extra"]);
        assert!(!report.coverage.is_complete());
        // The failed and missing documents' gold is all false negatives; "extra" is not scored.
        assert_eq!(
            report.micro_overlap,
            Counts {
                gold: 4,
                predicted: 1,
                true_positives: 1
            }
        );
        let fn_docs: Vec<&str> = report
            .false_negatives
            .iter()
            .map(|s| s.document.as_str())
            .collect();
        assert_eq!(fn_docs, ["failed", "missing", "missing"]);
    }

    #[test]
    fn attribute_values_compare_numbers_with_tolerance() {
        let eq = |a: AttrValue, b: AttrValue| attr_values_equal(&a, &b);
        assert!(eq(AttrValue::Int(80), AttrValue::Float(80.0)));
        assert!(eq(AttrValue::Float(1e12), AttrValue::Float(1e12 + 1e2)));
        assert!(!eq(AttrValue::Float(1e12), AttrValue::Float(1e12 + 1e4)));
        assert!(eq(AttrValue::Float(0.0), AttrValue::Int(0)));
        assert!(!eq(AttrValue::Str("80".into()), AttrValue::Int(80)));
        assert!(eq(
            AttrValue::from(vec![1.0, 2.0]),
            AttrValue::List(vec![AttrValue::Float(1.0), AttrValue::Int(2)])
        ));
        assert!(!eq(AttrValue::from(vec![1]), AttrValue::from(vec![1, 1])));
    }
}
