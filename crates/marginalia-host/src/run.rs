//! Annotating a set of documents and writing one JSON line per document.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::time::{Duration, Instant};

use crate::input::{Input, ReadError, read_text};
use crate::output::{DocumentRecord, write_record};
use crate::pipeline::Pipeline;

/// A document that failed, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The document id (or the path, for walk problems).
    pub id: String,
    /// The error message.
    pub message: String,
}

/// What a run did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunSummary {
    /// Documents annotated successfully.
    pub annotated: usize,
    /// Bytes of text read.
    pub bytes: u64,
    /// Annotations per label.
    pub per_label: BTreeMap<String, usize>,
    /// Documents (and walk entries) that failed, in order.
    pub failures: Vec<Failure>,
    /// Wall time.
    pub elapsed: Duration,
}

impl RunSummary {
    /// Total annotations.
    pub fn annotations(&self) -> usize {
        self.per_label.values().sum()
    }
}

/// Annotates `documents` in order, writing one record per document to `out`. Walk problems
/// found earlier are passed in as `problems` and reported as failures. Only an error writing
/// `out` stops the run. Failures are logged at `info` only: the summary reports them.
pub fn run(
    pipeline: &Pipeline,
    documents: &[Input],
    problems: Vec<ReadError>,
    out: &mut impl Write,
) -> io::Result<RunSummary> {
    let started = Instant::now();
    let mut summary = RunSummary::default();
    for problem in problems {
        tracing::info!("{problem}");
        summary.failures.push(Failure {
            id: problem_path(&problem),
            message: problem.to_string(),
        });
    }
    for input in documents {
        let result = read_text(&input.path)
            .map_err(|e| e.to_string())
            .and_then(|text| {
                summary.bytes += text.len() as u64;
                pipeline
                    .annotate(&input.id, &text)
                    .map_err(|e| e.to_string())
            });
        match result {
            Ok(annotations) => {
                for a in &annotations {
                    *summary.per_label.entry(a.label.clone()).or_default() += 1;
                }
                summary.annotated += 1;
                write_record(
                    out,
                    &DocumentRecord {
                        id: &input.id,
                        annotations: &annotations,
                        error: None,
                    },
                )?;
            }
            Err(message) => {
                tracing::info!(document = %input.id, "{message}");
                write_record(
                    out,
                    &DocumentRecord {
                        id: &input.id,
                        annotations: &[],
                        error: Some(&message),
                    },
                )?;
                summary.failures.push(Failure {
                    id: input.id.clone(),
                    message,
                });
            }
        }
    }
    out.flush()?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

fn problem_path(problem: &ReadError) -> String {
    match problem {
        ReadError::Io { path, .. } | ReadError::NotUtf8 { path, .. } => path.display().to_string(),
    }
}
