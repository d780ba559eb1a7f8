//! `cargo xtask bench`: end-to-end throughput and memory of `marginalia annotate` on a corpus
//! of real news (by default `../shared/corpus-real`, never copied into this repository)
//! repeated until it is large enough, plus the criterion micro-benchmarks of
//! `crates/marginalia-bench`; checks the targets of docs/performance.md and writes
//! `target/bench/results.json`.
//!
//! Every measurement is a separate `marginalia` process writing JSON Lines to a file, timed
//! from spawn to exit (so plugin loading is included). Its CPU time comes from this process's
//! `cutime`/`cstime` (children reaped so far, `/proc/self/stat`), its peak RSS from polling
//! `VmHWM` in `/proc/PID/status`. Runs are repeated and interleaved (round-robin over the
//! configurations), and the median is reported with the spread, because the machine may be
//! shared.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};
use marginalia_testkit::Profile;
use serde_json::{Value, json};

use crate::process;

mod corpus;
mod criterion;
mod measure;
mod report;

use corpus::*;
use criterion::*;
use measure::*;
use report::*;

/// Where the corpora, the binaries, the outputs and the results go, relative to the root.
const BENCH_DIR: &str = "target/bench";

/// The targets (see issue 5 and docs/performance.md).
const TARGET_MB_S_ONE_CORE: f64 = 100.0;
const TARGET_SCALING: f64 = 1.8;
const TARGET_RSS_MB: f64 = 100.0;
const TARGET_ABI_NS: f64 = 200.0;
const TARGET_LINEAR_RATIO: f64 = 12.0;

/// Linux reports `cutime`/`cstime` in clock ticks of `USER_HZ`, which is 100 on every
/// architecture Linux supports for user space.
const USER_HZ: f64 = 100.0;

/// Options of `cargo xtask bench`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The real corpus to repeat: a directory searched recursively for `*.txt`.
    #[arg(long, default_value = "../shared/corpus-real")]
    pub corpus: PathBuf,
    /// The benchmark corpus holds at least this many MB (10^6 bytes) of text: the real corpus,
    /// repeated.
    #[arg(long, default_value_t = 200)]
    pub min_mb: u64,
    /// Quick: one run per measurement, no 1 GB run, and the criterion results of the last
    /// `cargo bench -p marginalia-bench` (if any) instead of a new run.
    #[arg(long)]
    pub quick: bool,
    /// Runs per measurement [default: 3, or 1 with --quick]; the median is reported.
    #[arg(long)]
    pub runs: Option<usize>,
    /// The size of the corpus of the peak-RSS target, in MB.
    #[arg(long, default_value_t = 1000)]
    pub rss_mb: u64,
    /// The criterion micro-benchmarks: run them [default without --quick], reuse the last
    /// results [default with --quick], or skip them.
    #[arg(long, value_enum)]
    pub criterion: Option<CriterionMode>,
    /// Skip the per-plugin breakdown.
    #[arg(long)]
    pub no_breakdown: bool,
    /// Skip the runs with `--isolate` (the cost of isolation mode).
    #[arg(long)]
    pub no_isolation: bool,
}

/// What to do with the criterion benchmarks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CriterionMode {
    /// Run `cargo bench -p marginalia-bench`, then read its results.
    Run,
    /// Read the results of the last run, whenever it was.
    Reuse,
    /// Neither.
    Skip,
}

/// Builds in release, makes the corpora, measures, prints the table and checks the targets.
pub fn run(args: &Args) -> Result<()> {
    let root = process::root()?;
    let corpus_src = root.join(&args.corpus);
    if !corpus_src.is_dir() {
        bail!(
            "{} is not a directory: pass the real corpus with --corpus (it is not part of this repository)",
            corpus_src.display()
        );
    }
    let runs = args.runs.unwrap_or(if args.quick { 1 } else { 3 }).max(1);
    let criterion_mode = args.criterion.unwrap_or(if args.quick {
        CriterionMode::Reuse
    } else {
        CriterionMode::Run
    });
    let bench_dir = root.join(BENCH_DIR);
    std::fs::create_dir_all(bench_dir.join("out"))?;
    std::fs::create_dir_all(bench_dir.join("logs"))?;

    let bin = build_snapshot(&bench_dir)?;
    let plugins = pipeline_plugins(&root, &bin)?;
    let cores = std::thread::available_parallelism().map_or(1, usize::from);

    let corpus = make_corpus(&corpus_src, args.min_mb, &bench_dir)?;
    println!(
        "corpus: {} ({} documents, {:.1} MB of text: {} copies of {})",
        corpus.path.display(),
        corpus.documents,
        mb(corpus.bytes),
        corpus.copies,
        corpus_src.display()
    );

    // What to measure on the benchmark corpus: the full pipeline on one core and on all, and
    // each plugin with the plugins it needs.
    let mut configs = vec![Config::full(&plugins, 1)];
    if cores > 1 {
        configs.push(Config::full(&plugins, cores));
    }
    if !args.no_isolation {
        configs.push(Config::isolated(&plugins, 1));
        if cores > 1 {
            configs.push(Config::isolated(&plugins, cores));
        }
    }
    if !args.no_breakdown {
        for plugin in &plugins {
            configs.push(Config::plugin(&plugins, plugin));
        }
    }
    let mut results: Vec<Vec<Measurement>> = vec![Vec::new(); configs.len()];
    for round in 1..=runs {
        for (config, samples) in configs.iter().zip(&mut results) {
            println!(
                "[run {round}/{runs}] {} --jobs {}",
                config.name, config.jobs
            );
            let m = measure(&root, &bin, config, &corpus, &bench_dir)?;
            println!(
                "    {:.2} s, {:.2} MB/s, CPU {:.2} s, peak RSS {:.1} MB, load {:.2}",
                m.wall_s,
                mb(corpus.bytes) / m.wall_s,
                m.cpu_s,
                m.peak_rss_kb as f64 / 1024.0,
                m.load_before
            );
            samples.push(m);
        }
    }
    let summaries: Vec<Summary> = configs
        .iter()
        .zip(&results)
        .map(|(c, s)| Summary::new(c, s, &corpus))
        .collect();

    // The RSS target's corpus, once, on all cores (the most documents in flight).
    let big = if args.quick {
        None
    } else {
        let big_corpus = make_corpus(&corpus_src, args.rss_mb, &bench_dir)?;
        let config = Config::full(&plugins, cores);
        println!(
            "[{} MB] {} --jobs {} on {}",
            args.rss_mb,
            config.name,
            config.jobs,
            big_corpus.path.display()
        );
        let m = measure(&root, &bin, &config, &big_corpus, &bench_dir)?;
        println!(
            "    {:.2} s, {:.2} MB/s, peak RSS {:.1} MB",
            m.wall_s,
            mb(big_corpus.bytes) / m.wall_s,
            m.peak_rss_kb as f64 / 1024.0
        );
        // The output is large and no longer needed.
        let _ = std::fs::remove_file(bench_dir.join("out").join(config.out_name()));
        Some((Summary::new(&config, &[m], &big_corpus), big_corpus))
    };

    let criterion = match criterion_mode {
        CriterionMode::Skip => BTreeMap::new(),
        CriterionMode::Run => {
            run_criterion(&root, &bin)?;
            read_criterion(&root)?
        }
        CriterionMode::Reuse => read_criterion(&root)?,
    };

    let targets = check_targets(
        &summaries,
        big.as_ref().map(|(s, _)| s),
        &criterion,
        criterion_mode,
        &plugins,
    );
    println!();
    print!(
        "{}",
        table(&summaries, big.as_ref().map(|(s, _)| s), &corpus)
    );
    if !criterion.is_empty() {
        println!();
        print!("{}", criterion_table(&criterion));
    }
    if let Some(cost) = isolation_cost(&summaries) {
        println!();
        print!("{cost}");
    }
    println!();
    for t in &targets {
        println!(
            "{} {:<48} {}",
            match t.met {
                Some(true) => "MET   ",
                Some(false) => "MISSED",
                None => "  -   ",
            },
            t.name,
            t.detail
        );
    }

    let results_path = bench_dir.join("results.json");
    let report = json!({
        "when_unix_s": SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()),
        "commit": git_commit(&root),
        "machine": machine(),
        "runs_per_measurement": runs,
        "pipeline": plugins.iter().map(|p| &p.name).collect::<Vec<_>>(),
        "corpus": corpus.to_json(),
        "end_to_end": summaries.iter().map(Summary::to_json).collect::<Vec<_>>(),
        "rss_run": big.as_ref().map(|(s, c)| json!({"corpus": c.to_json(), "result": s.to_json()})),
        "criterion": criterion.iter().map(|(id, e)| (id.clone(), e.to_json())).collect::<serde_json::Map<_, _>>(),
        "targets": targets.iter().map(Target::to_json).collect::<Vec<_>>(),
        "isolation_cost": isolation_cost(&summaries),
    });
    std::fs::write(&results_path, serde_json::to_string_pretty(&report)? + "\n")?;
    println!("\nresults: {}", results_path.display());
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Build and plugins

/// Builds the workspace in release and copies `marginalia` and the plugin libraries into
/// `target/bench/bin/`, so that a build running meanwhile cannot swap them during a
/// measurement. Returns that directory.
fn build_snapshot(bench_dir: &Path) -> Result<PathBuf> {
    let build = marginalia_testkit::build_command(Profile::Release)?;
    println!("$ {}", process::show(&build));
    let artifacts = marginalia_testkit::run_build(build)?;
    let bin = artifacts
        .marginalia_bin
        .clone()
        .context("the build reported no `marginalia` executable")?;
    let dir = bench_dir.join("bin");
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    for file in std::iter::once(&bin).chain(&artifacts.libraries) {
        let name = file
            .file_name()
            .context("an artifact without a file name")?;
        std::fs::copy(file, dir.join(name))
            .with_context(|| format!("copying {}", file.display()))?;
    }
    Ok(dir)
}

/// A plugin of the root config's pipeline, with the labels it emits and needs.
#[derive(Clone, Debug)]
struct PluginInfo {
    name: String,
    emits: Vec<String>,
    needs: Vec<String>,
}

/// The plugins of `pipeline` in the root `marginalia.toml`, in its order, with their labels
/// as `marginalia plugins --json` reports them from the snapshot.
fn pipeline_plugins(root: &Path, bin: &Path) -> Result<Vec<PluginInfo>> {
    let config: toml::Table = std::fs::read_to_string(root.join("marginalia.toml"))
        .context("reading marginalia.toml")?
        .parse()
        .context("marginalia.toml is not TOML")?;
    let names: Vec<String> = config
        .get("pipeline")
        .and_then(|p| p.as_array())
        .context("marginalia.toml has no `pipeline` array")?
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    let output = Command::new(marginalia(bin))
        .current_dir(root)
        .args(["plugins", "--json", "--config", "marginalia.toml"])
        .arg("--plugin-dir")
        .arg(bin)
        .output()
        .context("running `marginalia plugins --json`")?;
    let listed: Vec<Value> = serde_json::from_slice(&output.stdout)
        .context("`marginalia plugins --json` did not print a JSON array")?;
    let labels = |v: &Value, key: &str| -> Vec<String> {
        v[key]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|l| l.as_str().map(str::to_owned))
            .collect()
    };
    names
        .into_iter()
        .map(|name| {
            let entry = listed
                .iter()
                .find(|v| v["name"] == name.as_str() && v.get("error").is_none())
                .with_context(|| format!("plugin `{name}` of the pipeline was not built"))?;
            Ok(PluginInfo {
                emits: labels(entry, "emits"),
                needs: labels(entry, "needs"),
                name,
            })
        })
        .collect()
}

/// The plugins of `all` that `plugin` needs, directly or not, in pipeline order, and itself.
fn with_dependencies(all: &[PluginInfo], plugin: &PluginInfo) -> Vec<String> {
    let mut needed: Vec<&str> = vec![&plugin.name];
    let mut labels: Vec<&str> = plugin.needs.iter().map(String::as_str).collect();
    while let Some(label) = labels.pop() {
        for p in all {
            if p.emits.iter().any(|e| e == label) && !needed.contains(&p.name.as_str()) {
                needed.push(&p.name);
                labels.extend(p.needs.iter().map(String::as_str));
            }
        }
    }
    all.iter()
        .filter(|p| needed.contains(&p.name.as_str()))
        .map(|p| p.name.clone())
        .collect()
}

fn marginalia(bin: &Path) -> PathBuf {
    bin.join(format!("marginalia{}", std::env::consts::EXE_SUFFIX))
}

// ---------------------------------------------------------------------------------------------
// Corpus

fn machine() -> Value {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, m)| m.trim().to_owned());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem_kb = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.trim().strip_suffix("kB"))
        .and_then(|v| v.trim().parse::<u64>().ok());
    json!({
        "cores": std::thread::available_parallelism().map_or(1, usize::from),
        "cpu_model": model,
        "mem_total_kb": mem_kb,
        "kernel": std::fs::read_to_string("/proc/sys/kernel/osrelease").ok().map(|s| s.trim().to_owned()),
    })
}

fn git_commit(root: &Path) -> Value {
    let run = |args: &[&str]| {
        Command::new("git")
            .current_dir(root)
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
    };
    json!({
        "head": run(&["rev-parse", "HEAD"]),
        "dirty": run(&["status", "--porcelain", "--untracked-files=no"]).map(|s| !s.is_empty()),
    })
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_vm_hwm() {
        let status =
            "Name:\tmarginalia\nVmPeak:\t  200000 kB\nVmHWM:\t   15608 kB\nVmRSS:\t 1 kB\n";
        assert_eq!(vm_hwm_kb(status), Some(15608));
        assert_eq!(vm_hwm_kb("Name:\tx\n"), None);
    }

    #[test]
    fn reads_children_cpu_time_past_a_name_with_spaces() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
        // utime stime cutime cstime ...
        let stat = "42 (cargo xtask) S 1 42 42 0 -1 4194304 10 20 0 0 5 6 250 50 20 0 1 0";
        assert_eq!(children_cpu_from_stat(stat), Some(3.0));
    }

    #[test]
    fn stats_take_the_median() {
        let s = Stats::of(&[3.0, 1.0, 2.0]);
        assert_eq!((s.median, s.min, s.max), (2.0, 1.0, 3.0));
        assert_eq!(Stats::of(&[1.0, 2.0, 4.0, 3.0]).median, 2.5);
    }

    #[test]
    fn a_plugin_runs_with_the_plugins_it_needs() {
        let info = |name: &str, emits: &[&str], needs: &[&str]| PluginInfo {
            name: name.to_owned(),
            emits: emits.iter().map(|s| s.to_string()).collect(),
            needs: needs.iter().map(|s| s.to_string()).collect(),
        };
        let all = [
            info("actors", &["actor"], &[]),
            info("trade-figures", &["trade_figure"], &["actor"]),
            info("summary", &["summary"], &["trade_figure"]),
        ];
        assert_eq!(with_dependencies(&all, &all[0]), ["actors"]);
        assert_eq!(
            with_dependencies(&all, &all[2]),
            ["actors", "trade-figures", "summary"]
        );
        let config = Config::plugin(&all, &all[1]);
        assert_eq!(config.name, "trade-figures (+ actors)");
        assert_eq!(config.plugins, ["actors", "trade-figures"]);
    }
}
