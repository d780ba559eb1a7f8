//! `annotate --out-dir DIR --resume --retry-failed`: the documents of the run in DIR that
//! failed are annotated again, and their records replaced in place
//! (`marginalia_format::resume`, `Mode::RetryFailed`, has the order of the renames that keeps
//! a crash recoverable). This module gives the retry its input, the failed documents first,
//! and reports what came of them.
//!
//! The run need not be complete: its failed documents are retried, then the run goes on as a
//! plain `--resume` would, in the same command.

use anyhow::Context;
use marginalia_format::OutcomeWriter;
use marginalia_format::resume::{self, Mode, ResumeInput, Resumed, RunIdentity};
use marginalia_host::input::Item;
use marginalia_host::run::{Failure, RunSummary};

use crate::output::OutputOptions;

/// The documents the pipeline annotates, one after another.
pub type Source = Box<dyn Iterator<Item = Item> + Send>;

/// The input of a retry, as the writer checks it against what was written: each document
/// taken is kept until the next one, and kept for good when it is to be retried.
struct Stash<'a> {
    source: &'a mut dyn Iterator<Item = Item>,
    last: Option<Item>,
    retried: Vec<Item>,
}

impl ResumeInput for Stash<'_> {
    fn next_id(&mut self) -> Option<String> {
        let item = self.source.next()?;
        let id = item.id().to_owned();
        self.last = Some(item);
        Some(id)
    }

    fn retry(&mut self) {
        self.retried.extend(self.last.take());
    }
}

/// Opens the writer of a retry (`output` has `--retry-failed`) in its `--out-dir` (see the
/// module docs) and puts the documents to retry in front of what is left of `source`, in
/// input order. Until they are annotated, they are held in memory: paths for a directory
/// walk, texts for JSON Lines input.
pub fn open(
    output: &OutputOptions,
    identity: RunIdentity,
    source: &mut Source,
) -> anyhow::Result<(Box<dyn OutcomeWriter>, Resumed)> {
    let dir = output
        .out_dir()
        .context("--retry-failed needs --out-dir DIR and --resume")?;
    let mut stash = Stash {
        source: &mut **source,
        last: None,
        retried: Vec::new(),
    };
    let (writer, resumed) = resume::open_dir(
        output.format(),
        output.offsets(),
        dir,
        identity,
        Mode::RetryFailed,
        &mut stash,
    )?;
    let retried = stash.retried;
    let rest = std::mem::replace(source, Box::new(std::iter::empty()));
    *source = Box::new(retried.into_iter().chain(rest));
    Ok((writer, resumed))
}

/// Tells, on stderr, after the run's summary, how many documents were retried, how many of
/// them were fixed and how many still fail (those are listed in the summary's failures).
pub fn print_summary(resumed: &Resumed, summary: &RunSummary) {
    if resumed.retried.is_empty() {
        return;
    }
    let retried = resumed.retried.len();
    let still = still_failing(&resumed.retried, &summary.failures);
    eprintln!(
        "retried {retried} failed documents: {} fixed, {still} still failing",
        retried - still
    );
}

/// How many of the `retried` documents are among the run's `failures`. Both are in input
/// order, and the retried documents came first in the run: their failures are the ones at
/// the front of `failures` that match `retried` in order.
fn still_failing(retried: &[String], failures: &[Failure]) -> usize {
    let mut ids = retried.iter();
    failures
        .iter()
        .take_while(|failure| ids.any(|id| *id == failure.id))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(id: &str) -> Failure {
        Failure {
            id: id.to_owned(),
            message: "it failed".to_owned(),
        }
    }

    #[test]
    fn still_failing_counts_the_retried_documents_among_the_failures() {
        let retried = ["a".to_owned(), "c".to_owned(), "e".to_owned()];
        assert_eq!(still_failing(&retried, &[]), 0);
        assert_eq!(
            still_failing(&retried, &[failure("a"), failure("e")]),
            2,
            "a and e failed again, c was fixed"
        );
        assert_eq!(
            still_failing(&retried, &[failure("c"), failure("x")]),
            1,
            "x is a document after the retried ones (the rest of an interrupted run)"
        );
        assert_eq!(still_failing(&retried, &[failure("x")]), 0);
    }

    #[test]
    fn the_documents_to_retry_come_first_then_the_rest_of_the_input() {
        let items: Vec<Item> = (0..5)
            .map(|i| Item::Text {
                id: format!("d{i}"),
                text: String::new(),
            })
            .collect();
        let mut source = items.clone().into_iter();
        let mut stash = Stash {
            source: &mut source,
            last: None,
            retried: Vec::new(),
        };
        assert_eq!(stash.next_id().as_deref(), Some("d0"));
        assert_eq!(stash.next_id().as_deref(), Some("d1"));
        stash.retry();
        assert_eq!(stash.next_id().as_deref(), Some("d2"));
        assert_eq!(stash.next_id().as_deref(), Some("d3"));
        stash.retry();
        assert_eq!(stash.retried, [items[1].clone(), items[3].clone()]);
        assert_eq!(source.next(), Some(items[4].clone()));
    }
}
