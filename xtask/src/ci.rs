//! `cargo xtask ci`: every check CI makes, in order, stopping at the first that fails.

use anyhow::{Result, bail};

use crate::{eval, gold, process, snapshot};

/// One check.
type Step = fn() -> Result<()>;

/// The checks, in the order they run.
const STEPS: [(&str, Step); 6] = [
    ("fmt", fmt),
    ("clippy", clippy),
    ("test", test),
    ("gold", gold),
    ("snapshot", snapshots),
    ("eval", eval),
];

/// Runs every step in order; the first failure stops the run and names its step.
pub fn run() -> Result<()> {
    let count = STEPS.len();
    for (number, (name, step)) in STEPS.into_iter().enumerate() {
        println!("==> ci step {}/{count}: {name}", number + 1);
        if let Err(error) = step() {
            eprintln!("xtask ci: step `{name}` failed: {error:#}");
            bail!("ci failed at step `{name}`");
        }
    }
    println!("==> ci: all {count} steps passed");
    Ok(())
}

fn fmt() -> Result<()> {
    process::run(&mut process::cargo(&["fmt", "--all", "--", "--check"])?)
}

fn clippy() -> Result<()> {
    process::run(&mut process::cargo(&[
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ])?)
}

fn test() -> Result<()> {
    let mut test = process::cargo(&["test", "--workspace"])?;
    // A check must neither write snapshots nor let a failing one pass.
    test.env("INSTA_UPDATE", "no")
        .env_remove("INSTA_FORCE_PASS")
        .env_remove("INSTA_FORCE_UPDATE");
    process::run(&mut test)
}

fn snapshots() -> Result<()> {
    snapshot::run(&snapshot::Args { accept: false })
}

/// `corpus/gold.jsonl` is what `corpus/gold/` compiles to.
fn gold() -> Result<()> {
    gold::run(&gold::Args { check: true })
}

/// The plugins still meet the quality targets on the corpus gold.
fn eval() -> Result<()> {
    eval::run(&eval::Args {
        gold: None,
        verbose: false,
        check: true,
    })
}
