//! `cargo xtask fuzz [--time SECS] [TARGET...]`: runs the libFuzzer targets of
//! `crates/marginalia-fuzz` for a bounded time each, and fails if any of them crashes.
//!
//! cargo-fuzz is installed when missing. Its nightly-only flags (`-Z`, sanitizers) are
//! accepted by the stable toolchain under `RUSTC_BOOTSTRAP=1`, which is set for it here.
//! Each target's corpus lives in `target/fuzz/corpus/TARGET` (never committed): it is seeded
//! on every run from the repository's documents, gold and configs, and keeps what the fuzzer
//! found interesting across runs. A crash leaves its input in
//! `crates/marginalia-fuzz/artifacts/TARGET/`; the summary names it and the command that
//! replays it.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

use crate::process;

/// The fuzz crate, relative to the workspace root.
const FUZZ_DIR: &str = "crates/marginalia-fuzz";

/// Where the corpora go, relative to the workspace root.
const CORPUS_DIR: &str = "target/fuzz/corpus";

/// The targets (binaries of the fuzz crate), in the order they run.
const TARGETS: [&str; 8] = [
    "jsonl_reader",
    "config_loader",
    "plugin_actors",
    "plugin_sanctions",
    "plugin_treaties",
    "plugin_arms_trade",
    "plugin_trade_figures",
    "plugin_rules",
];

/// The cargo-fuzz release line this command is written for.
const CARGO_FUZZ_VERSION: &str = "0.13";

/// Options of `cargo xtask fuzz`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Seconds to fuzz each target.
    #[arg(long, default_value_t = 60)]
    pub time: u64,
    /// The sanitizer to build with (cargo-fuzz's `-s`): `address` catches memory errors in
    /// unsafe code; `none` builds and runs faster.
    #[arg(long, default_value = "address")]
    pub sanitizer: String,
    /// The targets to run (all when none is named): jsonl_reader, config_loader,
    /// plugin_actors, plugin_sanctions, plugin_treaties, plugin_arms_trade,
    /// plugin_trade_figures, plugin_rules.
    pub targets: Vec<String>,
}

/// What one target's run came to.
#[derive(Debug, Default)]
struct Outcome {
    target: String,
    /// libFuzzer's `stat::number_of_executed_units`.
    runs: Option<u64>,
    /// libFuzzer's `stat::average_exec_per_sec`.
    per_second: Option<u64>,
    /// Inputs in the corpus afterwards.
    corpus: usize,
    /// The crashing input libFuzzer wrote, when it crashed.
    artifact: Option<String>,
    /// Whether the fuzzer exited successfully (ran out of time without a crash).
    passed: bool,
}

/// Installs cargo-fuzz if needed, seeds the corpora, builds every target once, runs each for
/// `--time` seconds, prints a summary, and fails if any target failed.
pub fn run(args: &Args) -> Result<()> {
    let targets = chosen_targets(&args.targets)?;
    let root = process::root()?;
    ensure_cargo_fuzz()?;
    for target in &targets {
        let seeded = seed(&root, target)?;
        println!("{target}: {seeded} seed input(s) in {CORPUS_DIR}/{target}");
    }
    // One build for all targets, so that the fuzzing time is not spent compiling.
    let mut build = cargo_fuzz(&["build", "--fuzz-dir", FUZZ_DIR, "-s", &args.sanitizer])?;
    process::run(&mut build)?;

    let mut outcomes = Vec::new();
    for target in &targets {
        outcomes.push(run_target(&root, target, args)?);
    }
    report(&outcomes, args)
}

/// The targets named on the command line (checked), or all of them.
fn chosen_targets(named: &[String]) -> Result<Vec<&'static str>> {
    if named.is_empty() {
        return Ok(TARGETS.to_vec());
    }
    named
        .iter()
        .map(|name| {
            TARGETS
                .iter()
                .find(|t| **t == name.as_str())
                .copied()
                .with_context(|| {
                    format!(
                        "no fuzz target `{name}`; the targets are: {}",
                        TARGETS.join(", ")
                    )
                })
        })
        .collect()
}

/// `cargo fuzz ARGS` from the workspace root, with `RUSTC_BOOTSTRAP=1` so that the stable
/// toolchain takes cargo-fuzz's nightly flags.
fn cargo_fuzz(args: &[&str]) -> Result<Command> {
    let mut command = process::cargo(&[&["fuzz"], args].concat())?;
    command.env("RUSTC_BOOTSTRAP", "1");
    Ok(command)
}

/// Installs cargo-fuzz with `cargo install` unless `cargo fuzz` already runs.
fn ensure_cargo_fuzz() -> Result<()> {
    let present = process::cargo(&["fuzz", "--version"])?
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if present {
        return Ok(());
    }
    println!("cargo-fuzz is not installed; installing it");
    process::run(&mut process::cargo(&[
        "install",
        "cargo-fuzz",
        "--locked",
        "--version",
        CARGO_FUZZ_VERSION,
    ])?)
    .context(
        "installing cargo-fuzz failed; install it by hand with `cargo install cargo-fuzz --locked`",
    )
}

/// Writes the seed inputs of `target` into its corpus directory as `seed-NNNN` (replacing
/// earlier seeds, keeping what the fuzzer added) and returns how many there are.
fn seed(root: &Path, target: &str) -> Result<usize> {
    let dir = root.join(CORPUS_DIR).join(target);
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let seeds = match target {
        "jsonl_reader" => jsonl_seeds(root)?,
        "config_loader" => config_seeds(root)?,
        _ => text_seeds(root)?,
    };
    // Seeds of an earlier run go: the repository may have changed since.
    for entry in std::fs::read_dir(&dir)? {
        let entry = entry?;
        if entry.file_name().to_string_lossy().starts_with("seed-") {
            std::fs::remove_file(entry.path())?;
        }
    }
    for (n, seed) in seeds.iter().enumerate() {
        let path = dir.join(format!("seed-{n:04}"));
        std::fs::write(&path, seed).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(seeds.len())
}

/// The corpus documents, `(id, text)`, in id order.
fn documents(root: &Path) -> Result<Vec<(String, String)>> {
    let corpus = root.join("corpus");
    marginalia_testkit::corpus_ids(&corpus)
        .with_context(|| format!("listing {}", corpus.display()))?
        .into_iter()
        .map(|id| {
            let path = corpus.join(&id);
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            Ok((id, text))
        })
        .collect()
}

/// For the plugins: every corpus document, each of its paragraphs (short inputs fuzz
/// faster), and the covered text of every gold annotation in `corpus/gold.jsonl`.
fn text_seeds(root: &Path) -> Result<Vec<String>> {
    let mut seeds = Vec::new();
    for (_, text) in documents(root)? {
        seeds.extend(
            text.split("\n\n")
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_owned),
        );
        seeds.push(text);
    }
    for line in gold_lines(root)? {
        let record: serde_json::Value = serde_json::from_str(&line)
            .with_context(|| format!("corpus/gold.jsonl: not JSON: {line}"))?;
        let annotations = record["annotations"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        seeds.extend(
            annotations
                .iter()
                .filter_map(|a| a["text"].as_str())
                .map(str::to_owned),
        );
    }
    seeds.sort();
    seeds.dedup();
    Ok(seeds)
}

/// The lines of `corpus/gold.jsonl`.
fn gold_lines(root: &Path) -> Result<Vec<String>> {
    let path = root.join("corpus/gold.jsonl");
    let gold =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    Ok(gold.lines().map(str::to_owned).collect())
}

/// For the JSON Lines reader: every line of `corpus/gold.jsonl` (JSON, but not documents),
/// each paragraph of each corpus document as a `{"id", "text"}` line, and one input of
/// several lines: documents, a repeated id, a blank line, a gold line.
fn jsonl_seeds(root: &Path) -> Result<Vec<String>> {
    let gold = gold_lines(root)?;
    let mut seeds = gold.clone();
    for (id, text) in documents(root)? {
        for (n, paragraph) in text.split("\n\n").enumerate() {
            let id = format!("{id}#{n}");
            seeds.push(serde_json::json!({ "id": id, "text": paragraph }).to_string());
        }
    }
    let mixed = [
        seeds.get(gold.len()).cloned().unwrap_or_default(),
        seeds.get(gold.len() + 1).cloned().unwrap_or_default(),
        String::new(),
        seeds.get(gold.len()).cloned().unwrap_or_default(),
        r#"{"id": "x", "text": 1}"#.to_owned(),
        r#"{"id": "x", "text": "reused after a failed line"}"#.to_owned(),
    ]
    .join("\r\n");
    seeds.push(mixed);
    Ok(seeds)
}

/// For the config loader: the repository's own configs.
fn config_seeds(root: &Path) -> Result<Vec<String>> {
    ["marginalia.toml", "plugins/rules/examples/marginalia.toml"]
        .iter()
        .map(|file| {
            let path = root.join(file);
            std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))
        })
        .collect()
}

/// Runs one target for `--time` seconds, passing its output through, and reads the outcome
/// from libFuzzer's final statistics.
fn run_target(root: &Path, target: &str, args: &Args) -> Result<Outcome> {
    let corpus = Path::new(CORPUS_DIR).join(target);
    let corpus_arg = corpus.to_string_lossy();
    let time = format!("-max_total_time={}", args.time);
    let mut command = cargo_fuzz(&[
        "run",
        "--fuzz-dir",
        FUZZ_DIR,
        "-s",
        &args.sanitizer,
        target,
        &corpus_arg,
        "--",
        &time,
        // An input that takes this long is a hang, reported like a crash.
        "-timeout=20",
        // Longer seeds are cut: short inputs run faster, and whole documents are in the
        // corpus tests and benchmarks.
        "-max_len=8192",
        "-print_final_stats=1",
    ])?;
    println!("==> fuzz {target} for {} s", args.time);
    println!("$ {}", process::show(&command));
    let mut child = command
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("could not run `{}`", process::show(&command)))?;
    let mut outcome = Outcome {
        target: target.to_owned(),
        ..Outcome::default()
    };
    let stderr = child.stderr.take().context("stderr is piped")?;
    for line in BufReader::new(stderr).lines() {
        let line = line.context("reading the fuzzer's output")?;
        eprintln!("{line}");
        read_stat(&line, &mut outcome);
    }
    outcome.passed = child.wait()?.success();
    outcome.corpus = std::fs::read_dir(root.join(&corpus))
        .map(|entries| entries.count())
        .unwrap_or(0);
    Ok(outcome)
}

/// Takes what the summary needs from one line of libFuzzer's output.
fn read_stat(line: &str, outcome: &mut Outcome) {
    let number = |prefix: &str| {
        line.strip_prefix(prefix)
            .and_then(|rest| rest.trim().parse::<u64>().ok())
    };
    if let Some(runs) = number("stat::number_of_executed_units:") {
        outcome.runs = Some(runs);
    } else if let Some(rate) = number("stat::average_exec_per_sec:") {
        outcome.per_second = Some(rate);
    } else if let Some((_, path)) = line.split_once("Test unit written to ") {
        outcome.artifact = Some(path.trim().to_owned());
    }
}

/// Prints one line per target, and how to replay each crash; fails if a target failed.
fn report(outcomes: &[Outcome], args: &Args) -> Result<()> {
    let shown = |n: Option<u64>| n.map_or_else(|| "?".to_owned(), |n| n.to_string());
    println!("\n==> fuzz summary ({} s per target)", args.time);
    println!(
        "{:<22} {:>12} {:>10} {:>8}  result",
        "target", "executions", "exec/s", "corpus"
    );
    for o in outcomes {
        let result = if o.passed { "ok" } else { "FAILED" };
        println!(
            "{:<22} {:>12} {:>10} {:>8}  {result}",
            o.target,
            shown(o.runs),
            shown(o.per_second),
            o.corpus
        );
    }
    let failed: Vec<&Outcome> = outcomes.iter().filter(|o| !o.passed).collect();
    if failed.is_empty() {
        return Ok(());
    }
    for o in &failed {
        match &o.artifact {
            Some(artifact) => {
                let artifact = relative(artifact);
                eprintln!(
                    "\nfuzz target `{}` crashed on {artifact}\nreplay it with:\n    RUSTC_BOOTSTRAP=1 cargo fuzz run --fuzz-dir {FUZZ_DIR} -s {} {} {artifact}\n\
                     then fix the bug and add the input as a regression unit test in the crate concerned",
                    o.target, args.sanitizer, o.target
                );
            }
            None => eprintln!(
                "\nfuzz target `{}` failed without writing a crashing input; see its output above",
                o.target
            ),
        }
    }
    let names: Vec<&str> = failed.iter().map(|o| o.target.as_str()).collect();
    bail!("fuzzing failed: {}", names.join(", "))
}

/// `path` relative to the workspace root when it is under it, for a shorter command line.
fn relative(path: &str) -> String {
    let path = PathBuf::from(path);
    process::root()
        .ok()
        .and_then(|root| path.strip_prefix(root).ok().map(Path::to_path_buf))
        .unwrap_or(path)
        .display()
        .to_string()
}
