//! `cargo xtask eval [--gold FILE] [--verbose] [--check]`: annotate the corpus as
//! `cargo xtask annotate` does and score the annotations against the gold ones.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use marginalia_eval::{Corpus, Miss, Report, Targets, evaluate};

use crate::{annotate, gold, process};

/// Options of `cargo xtask eval`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The gold annotations, JSON Lines [default: corpus/gold.jsonl, which `cargo xtask gold`
    /// compiles from corpus/gold/]
    #[arg(long, value_name = "FILE")]
    pub gold: Option<PathBuf>,
    /// Also list every false positive and false negative, and every matched annotation whose
    /// boundaries or attributes differ from gold's, with its text.
    #[arg(long)]
    pub verbose: bool,
    /// Fail when a target (overlap F1 0.95, exact F1 0.85, value accuracy 0.98, every document
    /// scored) is missed, naming each.
    #[arg(long)]
    pub check: bool,
}

/// Reads the gold, annotates the corpus with release builds, scores, prints the report.
pub fn run(args: &Args) -> Result<()> {
    let root = process::root()?;
    let gold_path = args
        .gold
        .clone()
        .unwrap_or_else(|| root.join(gold::GOLD_JSONL));
    // Read the gold before the build, so that a bad gold file fails fast.
    let gold = Corpus::load(&gold_path)?;
    gold.ensure_no_errors()?;
    if args.gold.is_none() {
        warn_if_stale(&root, &gold_path);
    }

    annotate::annotate_corpus(&root)?;
    let predicted = Corpus::load(&root.join(annotate::OUT))?;
    let report = evaluate(&gold, &predicted)?;

    println!();
    println!(
        "gold: {}   predicted: {}",
        gold_path.display(),
        annotate::OUT
    );
    println!();
    print!("{}", render(&report, args.verbose));

    let targets = Targets::default();
    println!();
    println!(
        "targets: overlap F1 >= {:.2}, exact F1 >= {:.2} (each label and micro), \
         trade_figure value accuracy >= {:.2}, every document scored",
        targets.overlap_f1, targets.exact_f1, targets.value_accuracy
    );
    let misses = report.check(&targets);
    if misses.is_empty() {
        println!("targets: all met");
        return Ok(());
    }
    println!("targets missed: {}", misses.len());
    for miss in &misses {
        println!("  {miss}");
    }
    if args.check {
        let names: Vec<String> = misses
            .iter()
            .map(|miss| match miss {
                Miss::Score { scope, metric, .. } => format!("{scope} {metric}"),
                Miss::Documents { .. } => "documents".to_owned(),
            })
            .collect();
        bail!("{} target(s) missed: {}", misses.len(), names.join(", "));
    }
    Ok(())
}

/// The scores, the attribute accuracies, the documents, and with `verbose` every error.
fn render(report: &Report, verbose: bool) -> String {
    let mut out = report.table();
    let attributes = report.attribute_table();
    if !attributes.is_empty() {
        out.push_str("\nattribute accuracy on overlap-matched pairs:\n");
        out.push_str(&attributes);
    }
    out.push('\n');
    out.push_str(&report.coverage_summary());
    if verbose {
        out.push('\n');
        out.push_str(&report.details());
    }
    out
}

/// Warns when `corpus/gold.jsonl` is not what `corpus/gold/` compiles to: the scores would be
/// against outdated gold.
fn warn_if_stale(root: &std::path::Path, gold_path: &std::path::Path) {
    let current = std::fs::read_to_string(gold_path)
        .with_context(|| format!("reading {}", gold_path.display()));
    match (gold::compile(root), current) {
        (Ok(compiled), Ok(current)) if compiled.jsonl != current => eprintln!(
            "xtask eval: warning: {} is out of date with {}/; run `cargo xtask gold`",
            gold::GOLD_JSONL,
            gold::GOLD_DIR
        ),
        (Err(error), _) | (_, Err(error)) => eprintln!(
            "xtask eval: warning: cannot check that {} is up to date: {error:#}",
            gold::GOLD_JSONL
        ),
        _ => {}
    }
}
