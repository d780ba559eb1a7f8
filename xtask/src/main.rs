//! `cargo xtask`: the project's automation, in Rust so that it runs wherever cargo does.
//!
//! Each command lives in its own module; this file only parses the command line. Every step
//! prints the command it runs before running it.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod annotate;
mod bench;
mod ci;
mod eval;
mod fuzz;
mod gold;
mod new_plugin;
mod process;
mod real_corpus;
mod snapshot;
mod spark;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Project automation for marginalia.
#[derive(Debug, Parser)]
#[command(name = "xtask", bin_name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build in release, annotate corpus/ into target/annotations/corpus.jsonl, print label counts.
    Annotate,
    /// Check the corpus snapshots (crates/marginalia-cli/tests/snapshots) against the plugins.
    Snapshot(snapshot::Args),
    /// Compile the gold sources corpus/gold/**.toml into corpus/gold.jsonl (--check: compare only).
    Gold(gold::Args),
    /// Annotate corpus/ like `annotate` and score it against the gold: P/R/F1 per label.
    Eval(eval::Args),
    /// Annotate a real-news corpus (default ../shared/corpus-real): no failure, no invalid span,
    /// and a seeded sample of hits per label written to target/real-corpus/ for judging.
    RealCorpus(real_corpus::Args),
    /// Scaffold plugins/NAME, a plugin crate that builds and passes its tests, and add it to the
    /// workspace members and to `pipeline` in marginalia.toml.
    NewPlugin(new_plugin::Args),
    /// Benchmark: MB/s, documents/s and peak RSS of the pipeline on the real corpus repeated to
    /// --min-mb, per plugin, plus the criterion benches; checks the targets (docs/performance.md).
    Bench(bench::Args),
    /// Fuzz the JSON Lines reader, the config loader and each plugin (crates/marginalia-fuzz)
    /// for --time seconds each (default 60); fails if any target crashes.
    Fuzz(fuzz::Args),
    /// Run the Spark driver (deploy/spark) on local[2] over a sample of the real corpus and
    /// require the records of plain `marginalia annotate`; then a partition with a crashing plugin.
    Spark(spark::Args),
    /// Everything CI checks: fmt, clippy, tests, snapshots. Stops at the first failing step.
    Ci,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Annotate => annotate::run(),
        Command::Snapshot(args) => snapshot::run(&args),
        Command::Gold(args) => gold::run(&args),
        Command::Eval(args) => eval::run(&args),
        Command::RealCorpus(args) => real_corpus::run(&args),
        Command::NewPlugin(args) => new_plugin::run(&args),
        Command::Bench(args) => bench::run(&args),
        Command::Fuzz(args) => fuzz::run(&args),
        Command::Spark(args) => spark::run(&args),
        Command::Ci => ci::run(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
