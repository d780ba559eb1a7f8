//! Annotating a stream of documents on several threads, with results in input order.
//!
//! One thread pulls [`Item`]s from the source, `jobs` workers read and annotate them (each
//! with its own [`Annotator`]: a `&Pipeline` in-process, or a handle on a worker process in
//! isolation mode), and the calling thread hands the outcomes to the writer in input order. At most
//! [`RunOptions::in_flight`] documents are between the source and the writer at any time,
//! so memory stays bounded however large the corpus; the output does not depend on `jobs`.

use std::collections::{BTreeMap, HashMap};
use std::io;
use std::time::{Duration, Instant};

use crossbeam_channel::bounded;
use marginalia_core::Annotation;

use crate::input::{Item, read_text};
use crate::pipeline::Pipeline;

/// Annotates documents one at a time. [`run`] gives each of its worker threads its own.
pub trait Annotator {
    /// The document's annotations, sorted by [`Annotation::sort_key`], or a message saying
    /// why it failed (naming the plugin and the document).
    fn annotate(&mut self, id: &str, text: &str) -> Result<Vec<Annotation>, String>;
}

impl Annotator for &Pipeline {
    fn annotate(&mut self, id: &str, text: &str) -> Result<Vec<Annotation>, String> {
        Pipeline::annotate(self, id, text).map_err(|e| e.to_string())
    }
}

/// How to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunOptions {
    /// Worker threads (at least 1).
    pub jobs: usize,
    /// Documents read but not yet written, at most (at least `jobs`).
    pub in_flight: usize,
}

impl RunOptions {
    /// `jobs` workers, with a window of four documents per worker.
    pub fn with_jobs(jobs: usize) -> Self {
        let jobs = jobs.max(1);
        RunOptions {
            jobs,
            in_flight: jobs * 4,
        }
    }
}

/// What happened to one document.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// The document id.
    pub id: String,
    /// The text, when it could be read (writers that copy it, such as brat, need it).
    pub text: Option<String>,
    /// The annotations, sorted, or why the document failed.
    pub result: Result<Vec<Annotation>, String>,
}

/// A document that failed, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The document id (or the best name for the input).
    pub id: String,
    /// The error message.
    pub message: String,
}

/// What a run did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunSummary {
    /// Documents annotated successfully.
    pub annotated: usize,
    /// Bytes of text annotated.
    pub bytes: u64,
    /// Annotations per label.
    pub per_label: BTreeMap<String, usize>,
    /// Documents that failed, in input order.
    pub failures: Vec<Failure>,
    /// Wall time.
    pub elapsed: Duration,
}

impl RunSummary {
    /// Total annotations.
    pub fn annotations(&self) -> usize {
        self.per_label.values().sum()
    }

    fn record(&mut self, outcome: &Outcome) {
        match &outcome.result {
            Ok(annotations) => {
                self.annotated += 1;
                self.bytes += outcome.text.as_ref().map_or(0, |t| t.len() as u64);
                for a in annotations {
                    *self.per_label.entry(a.label.clone()).or_default() += 1;
                }
            }
            Err(message) => {
                tracing::info!(document = %outcome.id, "{message}");
                self.failures.push(Failure {
                    id: outcome.id.clone(),
                    message: message.clone(),
                });
            }
        }
    }
}

/// Annotates every item of `source` and passes each outcome to `write`, in source order.
/// Each worker thread annotates with its own annotator, made by `annotator` when the thread
/// starts (for an in-process pipeline: `|| &pipeline`). A document that fails is an outcome
/// too; only an error from `write` stops the run (and is returned). Failures are logged at
/// `info` only: the summary reports them.
pub fn run<S, W, F, A>(
    annotator: F,
    source: S,
    options: RunOptions,
    mut write: W,
) -> io::Result<RunSummary>
where
    S: Iterator<Item = Item> + Send,
    W: FnMut(&Outcome) -> io::Result<()>,
    F: Fn() -> A + Sync,
    A: Annotator,
{
    let started = Instant::now();
    let jobs = options.jobs.max(1);
    let window = options.in_flight.max(jobs);
    let mut summary = RunSummary::default();
    std::thread::scope(|scope| {
        let (work_tx, work_rx) = bounded::<(u64, Item)>(window);
        let (done_tx, done_rx) = bounded::<(u64, Outcome)>(window);
        // One token per document allowed in flight: the source takes one before sending a
        // document on, the writer gives it back once the document is written.
        let (token_tx, token_rx) = bounded::<()>(window);
        for _ in 0..window {
            token_tx
                .send(())
                .expect("the channel has room for every token");
        }
        scope.spawn(move || {
            for (seq, item) in (0u64..).zip(source) {
                if token_rx.recv().is_err() || work_tx.send((seq, item)).is_err() {
                    return; // the writer stopped
                }
            }
        });
        for _ in 0..jobs {
            let (work_rx, done_tx) = (work_rx.clone(), done_tx.clone());
            let annotator = &annotator;
            scope.spawn(move || {
                let mut annotator = annotator();
                for (seq, item) in work_rx {
                    if done_tx.send((seq, process(&mut annotator, item))).is_err() {
                        return;
                    }
                }
            });
        }
        drop((work_rx, done_tx));
        let mut pending: HashMap<u64, Outcome> = HashMap::new();
        let mut next = 0u64;
        for (seq, outcome) in done_rx {
            pending.insert(seq, outcome);
            while let Some(outcome) = pending.remove(&next) {
                summary.record(&outcome);
                write(&outcome)?;
                next += 1;
                let _ = token_tx.send(());
            }
        }
        Ok::<(), io::Error>(())
    })?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Reads (if needed) and annotates one item.
fn process(annotator: &mut impl Annotator, item: Item) -> Outcome {
    let (id, text) = match item {
        Item::File { id, path } => match read_text(&path) {
            Ok(text) => (id, text),
            Err(error) => {
                return Outcome {
                    id,
                    text: None,
                    result: Err(error.to_string()),
                };
            }
        },
        Item::Text { id, text } => (id, text),
        Item::Failed { id, message } => {
            return Outcome {
                id,
                text: None,
                result: Err(message),
            };
        }
    };
    let result = annotator.annotate(&id, &text);
    Outcome {
        id,
        text: Some(text),
        result,
    }
}
