//! Quality targets and the check of a [`Report`] against them.

use std::fmt;

use crate::{Report, TRADE_FIGURE};

/// The scores the annotations must reach. [`Default`] gives the project's targets.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Targets {
    /// Minimum overlap F1, for every label and micro-averaged.
    pub overlap_f1: f64,
    /// Minimum exact F1, for every label and micro-averaged.
    pub exact_f1: f64,
    /// Minimum [`Report::value_accuracy`] of trade figures.
    pub value_accuracy: f64,
}

impl Default for Targets {
    fn default() -> Self {
        Targets {
            overlap_f1: 0.95,
            exact_f1: 0.85,
            value_accuracy: 0.98,
        }
    }
}

/// What a score is about: one label, or all labels micro-averaged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// All labels, micro-averaged.
    Micro,
    /// One label.
    Label(String),
}

/// A scored quantity that has a target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Metric {
    /// F1 of overlap matching.
    OverlapF1,
    /// F1 of exact matching.
    ExactF1,
    /// Trade-figure value accuracy.
    ValueAccuracy,
}

/// A target the report does not reach.
#[derive(Clone, Debug, PartialEq)]
pub enum Miss {
    /// A score below its target, or undefined (`actual` is `None`: nothing to measure it on).
    Score {
        /// What the score is about.
        scope: Scope,
        /// Which score.
        metric: Metric,
        /// Its value.
        actual: Option<f64>,
        /// Its target.
        target: f64,
    },
    /// Some gold documents were not scored against a prediction, or some predictions have no
    /// gold.
    Documents {
        /// Gold documents without a prediction.
        missing: usize,
        /// Gold documents whose prediction is an error.
        failed: usize,
        /// Predicted documents without gold.
        unexpected: usize,
    },
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::Micro => f.write_str("all labels (micro)"),
            Scope::Label(label) => f.write_str(label),
        }
    }
}

impl fmt::Display for Metric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Metric::OverlapF1 => "overlap F1",
            Metric::ExactF1 => "exact F1",
            Metric::ValueAccuracy => "value accuracy",
        })
    }
}

impl fmt::Display for Miss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Miss::Score {
                scope,
                metric,
                actual: Some(actual),
                target,
            } => write!(f, "{scope}: {metric} {actual:.3} < target {target:.3}"),
            Miss::Score {
                scope,
                metric,
                actual: None,
                target,
            } => write!(
                f,
                "{scope}: {metric} undefined (no matched pairs), target {target:.3}"
            ),
            Miss::Documents {
                missing,
                failed,
                unexpected,
            } => write!(
                f,
                "documents: {missing} gold document(s) without a prediction, {failed} failed, \
                 {unexpected} predicted document(s) not in gold"
            ),
        }
    }
}

impl Report {
    /// The targets this report misses, in table order: each label's overlap and exact F1,
    /// then the micro-averaged ones, then trade-figure value accuracy, then the documents.
    ///
    /// Value accuracy is checked when gold has trade figures (undefined, with no matched pair,
    /// is a miss) and skipped otherwise. Documents are a miss when any gold document was not
    /// scored against a successful prediction or any prediction has no gold
    /// ([`Coverage::is_complete`](crate::Coverage::is_complete)).
    pub fn check(&self, targets: &Targets) -> Vec<Miss> {
        let mut misses = Vec::new();
        let scopes = self
            .labels
            .iter()
            .map(|s| (Scope::Label(s.label.clone()), s.overlap, s.exact))
            .chain([(Scope::Micro, self.micro_overlap, self.micro_exact)]);
        for (scope, overlap, exact) in scopes {
            for (metric, f1, target) in [
                (Metric::OverlapF1, overlap.f1(), targets.overlap_f1),
                (Metric::ExactF1, exact.f1(), targets.exact_f1),
            ] {
                if f1 < target {
                    misses.push(Miss::Score {
                        scope: scope.clone(),
                        metric,
                        actual: Some(f1),
                        target,
                    });
                }
            }
        }
        let has_trade_gold = self.label(TRADE_FIGURE).is_some_and(|s| s.overlap.gold > 0);
        if has_trade_gold {
            let actual = self.value_accuracy().rate();
            if actual.is_none_or(|a| a < targets.value_accuracy) {
                misses.push(Miss::Score {
                    scope: Scope::Label(TRADE_FIGURE.to_owned()),
                    metric: Metric::ValueAccuracy,
                    actual,
                    target: targets.value_accuracy,
                });
            }
        }
        let coverage = &self.coverage;
        if !coverage.is_complete() {
            misses.push(Miss::Documents {
                missing: coverage.missing.len(),
                failed: coverage.failed.len(),
                unexpected: coverage.unexpected.len(),
            });
        }
        misses
    }
}

#[cfg(test)]
mod tests {
    use crate::{Corpus, evaluate};

    use super::*;

    fn corpus(jsonl: &str) -> Corpus {
        Corpus::from_jsonl(jsonl, "t.jsonl").unwrap()
    }

    const GOLD: &str = concat!(
        r#"{"id":"a","annotations":["#,
        r#"{"label":"actor","start":0,"end":6,"text":"Russia","plugin":"actors"},"#,
        r#"{"label":"trade_figure","start":10,"end":14,"text":"$80m","plugin":"trade-figures","attrs":{"value":80000000,"unit":"USD"}}"#,
        r#"]}"#
    );

    #[test]
    fn a_perfect_report_misses_nothing() {
        let report = evaluate(&corpus(GOLD), &corpus(GOLD)).unwrap();
        assert_eq!(report.check(&Targets::default()), []);
    }

    #[test]
    fn misses_name_label_metric_value_and_target() {
        let predicted = concat!(
            r#"{"id":"a","annotations":["#,
            r#"{"label":"actor","start":0,"end":4,"text":"Russ","plugin":"actors"},"#,
            r#"{"label":"trade_figure","start":10,"end":14,"text":"$80m","plugin":"trade-figures","attrs":{"value":80,"unit":"USD"}}"#,
            r#"]}"#,
            "\n",
            r#"{"id":"b","annotations":[]}"#,
        );
        let report = evaluate(&corpus(GOLD), &corpus(predicted)).unwrap();
        let misses: Vec<String> = report
            .check(&Targets::default())
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            misses,
            [
                "actor: exact F1 0.000 < target 0.850",
                "all labels (micro): exact F1 0.500 < target 0.850",
                "trade_figure: value accuracy 0.000 < target 0.980",
                "documents: 0 gold document(s) without a prediction, 0 failed, 1 predicted document(s) not in gold",
            ]
        );
    }

    #[test]
    fn undefined_value_accuracy_is_a_miss_only_with_trade_gold() {
        let empty = r#"{"id":"a","annotations":[]}"#;
        let report = evaluate(&corpus(GOLD), &corpus(empty)).unwrap();
        let value_misses: Vec<String> = report
            .check(&Targets::default())
            .iter()
            .filter(|m| {
                matches!(
                    m,
                    Miss::Score {
                        metric: Metric::ValueAccuracy,
                        ..
                    }
                )
            })
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            value_misses,
            ["trade_figure: value accuracy undefined (no matched pairs), target 0.980"]
        );

        let actors_only = r#"{"id":"a","annotations":[{"label":"actor","start":0,"end":6,"text":"Russia","plugin":"actors"}]}"#;
        let report = evaluate(&corpus(actors_only), &corpus(actors_only)).unwrap();
        assert_eq!(report.check(&Targets::default()), []);
    }

    #[test]
    fn empty_gold_misses_the_micro_targets() {
        let report = evaluate(&corpus(""), &corpus("")).unwrap();
        let misses = report.check(&Targets::default());
        assert_eq!(misses.len(), 2);
        assert!(misses.iter().all(|m| matches!(
            m,
            Miss::Score {
                scope: Scope::Micro,
                ..
            }
        )));
    }
}
