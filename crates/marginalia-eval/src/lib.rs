//! Scoring for marginalia: its one job is to compare predicted annotations with gold
//! annotations and say how good the predictions are.
//!
//! Both sides are JSON Lines in the `marginalia annotate` output format, one
//! `{"id", "annotations", "error"?}` object per document, read into a [`Corpus`]. [`evaluate`]
//! matches them per document and per label and returns a [`Report`]:
//!
//! - **Overlap match**: a predicted and a gold annotation with the same label whose byte
//!   ranges intersect. Matching is one-to-one: see [`match_overlapping`] for how pairs are
//!   chosen. Matched pairs are true positives, unmatched predictions false positives,
//!   unmatched gold annotations false negatives.
//! - **Exact match**: the same label, start and end (also one-to-one), counted independently
//!   of the overlap matching.
//! - Precision, recall and F1 per label and micro-averaged over all labels; see [`Counts`]
//!   for the cases with no predictions or no gold.
//! - **Value accuracy** (label `trade_figure`): among overlap-matched pairs, the share whose
//!   `value` (numbers equal within 1e-9 relative) and `unit` attributes both equal gold's.
//! - **Attribute accuracy**: the same share for every attribute key gold has, per label.
//! - The false positives and negatives themselves, the matched pairs whose boundaries or
//!   attributes differ, and the documents present on one side only.
//!
//! [`Report::table`] renders the scores as plain text and [`Report::check`] compares them with
//! [`Targets`].
//!
//! ```
//! use marginalia_eval::{Corpus, Targets, evaluate};
//!
//! let gold = Corpus::from_jsonl(
//!     r#"{"id":"a.txt","annotations":[{"label":"actor","start":0,"end":6,"text":"Russia","plugin":"actors","attrs":{"id":"RUS"}}]}"#,
//!     "gold.jsonl",
//! )?;
//! let predicted = Corpus::from_jsonl(
//!     r#"{"id":"a.txt","annotations":[{"label":"actor","start":0,"end":4,"text":"Russ","plugin":"actors","attrs":{"id":"RUS"}}]}"#,
//!     "predicted.jsonl",
//! )?;
//! let report = evaluate(&gold, &predicted)?;
//! assert_eq!(report.micro_overlap.true_positives, 1);
//! assert_eq!(report.micro_exact.true_positives, 0);
//! assert!(!report.check(&Targets::default()).is_empty());
//! # Ok::<(), marginalia_eval::EvalError>(())
//! ```

mod corpus;
mod error;
mod matching;
mod render;
mod score;
mod targets;

pub use corpus::{Corpus, DocumentAnnotations};
pub use error::EvalError;
pub use matching::{match_exact, match_overlapping};
pub use score::{
    Accuracy, AttrMismatch, BoundaryMismatch, Counts, Coverage, LabelScores, Report, SpanRef,
    TRADE_FIGURE, attr_values_equal, evaluate,
};
pub use targets::{Metric, Miss, Scope, Targets};
