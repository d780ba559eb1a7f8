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

/// A benchmark corpus: a JSON Lines file of `{"id", "text"}` objects.
#[derive(Clone, Debug)]
struct Corpus {
    path: PathBuf,
    /// Bytes of text (what `marginalia` counts, and what MB/s is computed from).
    bytes: u64,
    documents: u64,
    copies: u64,
}

impl Corpus {
    fn to_json(&self) -> Value {
        json!({
            "path": self.path,
            "text_bytes": self.bytes,
            "documents": self.documents,
            "copies_of_source": self.copies,
        })
    }
}

/// Writes (or reuses) `target/bench/corpus-{min_mb}mb.jsonl`: every `*.txt` under `source`,
/// in path order, as `{"id": "copyNNN/PATH", "text": ...}`, repeated until the text reaches
/// `min_mb` MB. A sidecar `.meta.json` says what it was made from; it is reused when that
/// matches.
fn make_corpus(source: &Path, min_mb: u64, bench_dir: &Path) -> Result<Corpus> {
    let mut paths = Vec::new();
    collect_txt(source, &mut paths)?;
    paths.sort();
    if paths.is_empty() {
        bail!("{} holds no *.txt file", source.display());
    }
    let mut source_bytes = 0u64;
    for p in &paths {
        source_bytes += std::fs::metadata(p)?.len();
    }
    let min_bytes = min_mb * 1_000_000;
    let copies = min_bytes.div_ceil(source_bytes).max(1);
    let path = bench_dir.join(format!("corpus-{min_mb}mb.jsonl"));
    let meta_path = bench_dir.join(format!("corpus-{min_mb}mb.meta.json"));
    let meta = json!({
        "source": source.canonicalize()?,
        "source_files": paths.len(),
        "source_bytes": source_bytes,
        "copies": copies,
    });
    let corpus = Corpus {
        path: path.clone(),
        bytes: source_bytes * copies,
        documents: paths.len() as u64 * copies,
        copies,
    };
    let existing: Option<Value> = std::fs::read_to_string(&meta_path)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok());
    if existing.as_ref() == Some(&meta) && path.is_file() {
        return Ok(corpus);
    }
    println!(
        "writing {} ({copies} copies of {}, {:.1} MB of text)",
        path.display(),
        source.display(),
        mb(corpus.bytes)
    );
    let texts: Vec<(String, String)> = paths
        .iter()
        .map(|p| {
            let id = p
                .strip_prefix(source)
                .unwrap_or(p)
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("reading {} (is it UTF-8?)", p.display()))?;
            Ok((id, text))
        })
        .collect::<Result<_>>()?;
    let _ = std::fs::remove_file(&meta_path);
    let mut out = BufWriter::new(File::create(&path)?);
    #[derive(serde::Serialize)]
    struct Line<'a> {
        id: &'a str,
        text: &'a str,
    }
    for copy in 0..copies {
        for (id, text) in &texts {
            let id = format!("copy{copy:03}/{id}");
            serde_json::to_writer(&mut out, &Line { id: &id, text })?;
            out.write_all(b"\n")?;
        }
    }
    out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    std::fs::write(&meta_path, serde_json::to_string_pretty(&meta)?)?;
    Ok(corpus)
}

fn collect_txt(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            collect_txt(&path, out)?;
        } else if path.extension().is_some_and(|x| x == "txt") {
            out.push(path);
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Measuring

/// One configuration of `marginalia annotate`.
#[derive(Clone, Debug)]
struct Config {
    /// For the table: `pipeline` or a plugin's name.
    name: String,
    /// `--plugin` arguments (empty: the config's whole pipeline).
    plugins: Vec<String>,
    /// The plugin measured, for a breakdown row.
    plugin: Option<String>,
    jobs: usize,
}

impl Config {
    fn full(plugins: &[PluginInfo], jobs: usize) -> Config {
        let names: Vec<&str> = plugins.iter().map(|p| p.name.as_str()).collect();
        Config {
            name: format!("pipeline ({})", names.join(", ")),
            plugins: Vec::new(),
            plugin: None,
            jobs,
        }
    }

    fn plugin(all: &[PluginInfo], plugin: &PluginInfo) -> Config {
        let plugins = with_dependencies(all, plugin);
        let others: Vec<&str> = plugins
            .iter()
            .filter(|p| **p != plugin.name)
            .map(String::as_str)
            .collect();
        let name = if others.is_empty() {
            plugin.name.clone()
        } else {
            format!("{} (+ {})", plugin.name, others.join(", "))
        };
        Config {
            name,
            plugins,
            plugin: Some(plugin.name.clone()),
            jobs: 1,
        }
    }

    fn out_name(&self) -> String {
        let what = self.plugin.as_deref().unwrap_or("pipeline");
        format!("{what}-j{}.jsonl", self.jobs)
    }
}

/// One run.
#[derive(Clone, Debug)]
struct Measurement {
    wall_s: f64,
    cpu_s: f64,
    peak_rss_kb: u64,
    /// The one-minute load average just before the run.
    load_before: f64,
}

/// Runs `marginalia annotate --input jsonl CORPUS --out FILE --jobs N [--plugin ...]` and
/// measures it.
fn measure(
    root: &Path,
    bin: &Path,
    config: &Config,
    corpus: &Corpus,
    bench_dir: &Path,
) -> Result<Measurement> {
    let out = bench_dir.join("out").join(config.out_name());
    let log = bench_dir
        .join("logs")
        .join(config.out_name().replace(".jsonl", ".log"));
    let mut command = Command::new(marginalia(bin));
    command
        .current_dir(root)
        .args([
            "annotate",
            "--input",
            "jsonl",
            "--config",
            "marginalia.toml",
        ])
        .arg("--plugin-dir")
        .arg(bin)
        .arg("--jobs")
        .arg(config.jobs.to_string())
        .arg("--out")
        .arg(&out);
    for plugin in &config.plugins {
        command.args(["--plugin", plugin]);
    }
    command
        .arg(&corpus.path)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(File::create(&log)?);
    let load_before = load_average();
    let cpu_before = children_cpu_s()?;
    let started = Instant::now();
    let mut child = command
        .spawn()
        .with_context(|| format!("running {}", process::show(&command)))?;
    let status_file = PathBuf::from(format!("/proc/{}/status", child.id()));
    let mut peak_rss_kb = 0;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if let Some(hwm) = std::fs::read_to_string(&status_file)
            .ok()
            .and_then(|s| vm_hwm_kb(&s))
        {
            peak_rss_kb = peak_rss_kb.max(hwm);
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let wall_s = started.elapsed().as_secs_f64();
    let cpu_s = children_cpu_s()? - cpu_before;
    if !status.success() {
        bail!(
            "`{}` failed ({status}); its messages are in {}",
            process::show(&command),
            log.display()
        );
    }
    Ok(Measurement {
        wall_s,
        cpu_s,
        peak_rss_kb,
        load_before,
    })
}

/// `VmHWM` (peak resident set size) in kB, from the text of `/proc/PID/status`.
fn vm_hwm_kb(status: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().strip_suffix("kB"))
        .and_then(|v| v.trim().parse().ok())
}

/// The CPU time (user + system) of this process's reaped children so far, in seconds.
fn children_cpu_s() -> Result<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").context("reading /proc/self/stat")?;
    children_cpu_from_stat(&stat).context("unexpected /proc/self/stat")
}

/// Fields 16 and 17 (`cutime`, `cstime`) of a `/proc/PID/stat` line, in seconds. The second
/// field (the command name) may hold spaces; it ends at the last `)`.
fn children_cpu_from_stat(stat: &str) -> Option<f64> {
    let after_name = &stat[stat.rfind(')')? + 1..];
    // After the name come field 3 (state) onwards: cutime is field 16, i.e. index 13 here.
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let cutime: f64 = fields.get(13)?.parse().ok()?;
    let cstime: f64 = fields.get(14)?.parse().ok()?;
    Some((cutime + cstime) / USER_HZ)
}

fn load_average() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|v| v.parse().ok()))
        .unwrap_or(f64::NAN)
}

// ---------------------------------------------------------------------------------------------
// Summaries and targets

/// The runs of one configuration, summarized.
#[derive(Clone, Debug)]
struct Summary {
    config: Config,
    bytes: u64,
    documents: u64,
    runs: Vec<Measurement>,
    /// Median wall time, and the fastest and slowest.
    wall: Stats,
    cpu: Stats,
    peak_rss_kb: u64,
}

#[derive(Clone, Copy, Debug)]
struct Stats {
    median: f64,
    min: f64,
    max: f64,
}

impl Stats {
    fn of(values: &[f64]) -> Stats {
        let mut v = values.to_vec();
        v.sort_by(f64::total_cmp);
        let n = v.len();
        let median = if n % 2 == 1 {
            v[n / 2]
        } else {
            (v[n / 2 - 1] + v[n / 2]) / 2.0
        };
        Stats {
            median,
            min: v[0],
            max: v[n - 1],
        }
    }
}

impl Summary {
    fn new(config: &Config, runs: &[Measurement], corpus: &Corpus) -> Summary {
        let wall: Vec<f64> = runs.iter().map(|m| m.wall_s).collect();
        let cpu: Vec<f64> = runs.iter().map(|m| m.cpu_s).collect();
        Summary {
            config: config.clone(),
            bytes: corpus.bytes,
            documents: corpus.documents,
            runs: runs.to_vec(),
            wall: Stats::of(&wall),
            cpu: Stats::of(&cpu),
            peak_rss_kb: runs.iter().map(|m| m.peak_rss_kb).max().unwrap_or(0),
        }
    }

    /// MB/s of wall time: median, and the range over the runs.
    fn mb_s(&self) -> Stats {
        let mbs = mb(self.bytes);
        Stats {
            median: mbs / self.wall.median,
            min: mbs / self.wall.max,
            max: mbs / self.wall.min,
        }
    }

    /// MB per CPU second (median): what one core the process had to itself would do.
    fn cpu_mb_s(&self) -> f64 {
        mb(self.bytes) / self.cpu.median
    }

    fn to_json(&self) -> Value {
        json!({
            "name": self.config.name,
            "plugins": if self.config.plugins.is_empty() { Value::from("pipeline") } else { json!(self.config.plugins) },
            "jobs": self.config.jobs,
            "text_bytes": self.bytes,
            "documents": self.documents,
            "wall_s": self.runs.iter().map(|m| m.wall_s).collect::<Vec<_>>(),
            "cpu_s": self.runs.iter().map(|m| m.cpu_s).collect::<Vec<_>>(),
            "load_before": self.runs.iter().map(|m| m.load_before).collect::<Vec<_>>(),
            "peak_rss_kb": self.runs.iter().map(|m| m.peak_rss_kb).collect::<Vec<_>>(),
            "mb_s": {"median": self.mb_s().median, "min": self.mb_s().min, "max": self.mb_s().max},
            "docs_s_median": self.documents as f64 / self.wall.median,
            "mb_per_cpu_s_median": self.cpu_mb_s(),
        })
    }
}

/// A target, and whether it was met (`None`: not measured).
#[derive(Clone, Debug)]
struct Target {
    name: String,
    met: Option<bool>,
    detail: String,
}

impl Target {
    fn to_json(&self) -> Value {
        json!({"name": self.name, "met": self.met, "detail": self.detail})
    }
}

fn check_targets(
    summaries: &[Summary],
    big: Option<&Summary>,
    criterion: &BTreeMap<String, Estimate>,
    criterion_mode: CriterionMode,
    plugins: &[PluginInfo],
) -> Vec<Target> {
    let mut targets = Vec::new();
    let no_criterion = |what: &str| match criterion_mode {
        CriterionMode::Skip => "not measured (--criterion skip)".to_owned(),
        _ => format!("no criterion result for {what} (cargo bench -p marginalia-bench)"),
    };
    let full = |jobs: usize| {
        summaries
            .iter()
            .find(|s| s.config.plugin.is_none() && s.config.jobs == jobs)
    };
    let one = full(1);
    if let Some(one) = one {
        let v = one.mb_s().median;
        targets.push(Target {
            name: format!("pipeline >= {TARGET_MB_S_ONE_CORE} MB/s on one core"),
            met: Some(v >= TARGET_MB_S_ONE_CORE),
            detail: format!(
                "{v:.2} MB/s wall ({:.2} MB per CPU second): {:.1}% of the target",
                one.cpu_mb_s(),
                100.0 * v / TARGET_MB_S_ONE_CORE
            ),
        });
    }
    let many = summaries
        .iter()
        .filter(|s| s.config.plugin.is_none() && s.config.jobs > 1)
        .max_by_key(|s| s.config.jobs);
    targets.push(match (one, many) {
        (Some(one), Some(many)) => {
            let speedup = many.mb_s().median / one.mb_s().median;
            Target {
                name: format!("--jobs {} >= {TARGET_SCALING}x --jobs 1", many.config.jobs),
                met: Some(speedup >= TARGET_SCALING),
                detail: format!(
                    "{speedup:.2}x ({:.2} vs {:.2} MB/s; CPU {:.1} s vs {:.1} s)",
                    many.mb_s().median,
                    one.mb_s().median,
                    many.cpu.median,
                    one.cpu.median
                ),
            }
        }
        _ => Target {
            name: format!("all cores >= {TARGET_SCALING}x one core"),
            met: None,
            detail: "one core only".to_owned(),
        },
    });
    targets.push(match big {
        Some(big) => {
            let rss = big.peak_rss_kb as f64 / 1024.0;
            Target {
                name: format!("peak RSS < {TARGET_RSS_MB} MB on {:.0} MB", mb(big.bytes)),
                met: Some(rss < TARGET_RSS_MB),
                detail: format!("{rss:.1} MB (--jobs {})", big.config.jobs),
            }
        }
        None => Target {
            name: format!("peak RSS < {TARGET_RSS_MB} MB on 1 GB"),
            met: None,
            detail: format!(
                "not run (--quick); on {:.0} MB: {:.1} MB",
                summaries.first().map_or(0.0, |s| mb(s.bytes)),
                summaries.iter().map(|s| s.peak_rss_kb).max().unwrap_or(0) as f64 / 1024.0
            ),
        },
    });
    targets.push(match criterion.get("abi/noop_call") {
        Some(e) => Target {
            name: format!("ABI overhead < {TARGET_ABI_NS} ns per call"),
            met: Some(e.median_ns < TARGET_ABI_NS),
            detail: format!(
                "{:.0} ns (abi/noop_call; one span: {})",
                e.median_ns,
                criterion
                    .get("abi/noop_call_one_span")
                    .map_or("-".to_owned(), |e| format!("{:.0} ns", e.median_ns))
            ),
        },
        None => Target {
            name: format!("ABI overhead < {TARGET_ABI_NS} ns per call"),
            met: None,
            detail: no_criterion("abi/noop_call"),
        },
    });
    for plugin in plugins {
        let group = format!("plugin-{}", plugin.name);
        let name = format!(
            "{} linear (10 MB <= {TARGET_LINEAR_RATIO}x 1 MB)",
            plugin.name
        );
        let (one, ten) = (
            criterion.get(&format!("{group}/1MB")),
            criterion.get(&format!("{group}/10MB")),
        );
        targets.push(match (one, ten) {
            (Some(one), Some(ten)) => {
                let ratio = ten.median_ns / one.median_ns;
                Target {
                    name,
                    met: Some(ratio <= TARGET_LINEAR_RATIO),
                    detail: format!(
                        "{ratio:.2}x ({:.1} ms vs {:.1} ms)",
                        ten.median_ns / 1e6,
                        one.median_ns / 1e6
                    ),
                }
            }
            _ => Target {
                name,
                met: None,
                detail: no_criterion(&group),
            },
        });
    }
    targets
}

fn table(summaries: &[Summary], big: Option<&Summary>, corpus: &Corpus) -> String {
    let header = [
        "run",
        "jobs",
        "MB/s",
        "(min-max)",
        "docs/s",
        "MB/CPU-s",
        "own MB/CPU-s",
        "peak RSS",
    ];
    let mut rows: Vec<Vec<String>> = vec![header.iter().map(|s| s.to_string()).collect()];
    // A plugin's own cost: its run minus the run of the plugins it needs (CPU time).
    let cpu_of = |plugins: &[String]| {
        summaries
            .iter()
            .find(|s| s.config.jobs == 1 && s.config.plugins == plugins)
            .map(|s| s.cpu.median)
    };
    for s in summaries.iter().chain(big) {
        let r = s.mb_s();
        let own = match &s.config.plugin {
            Some(plugin) if s.config.plugins.len() > 1 => {
                let deps: Vec<String> = s
                    .config
                    .plugins
                    .iter()
                    .filter(|p| *p != plugin)
                    .cloned()
                    .collect();
                cpu_of(&deps)
                    .map(|d| mb(s.bytes) / (s.cpu.median - d))
                    .filter(|v| v.is_finite() && *v > 0.0)
                    .map_or("-".to_owned(), |v| format!("{v:.2}"))
            }
            Some(_) => format!("{:.2}", s.cpu_mb_s()),
            None => String::new(),
        };
        let name = if s.bytes != corpus.bytes {
            format!("{} [{:.0} MB]", s.config.name, mb(s.bytes))
        } else {
            s.config.name.clone()
        };
        rows.push(vec![
            name,
            s.config.jobs.to_string(),
            format!("{:.2}", r.median),
            format!("{:.2}-{:.2}", r.min, r.max),
            format!("{:.0}", s.documents as f64 / s.wall.median),
            format!("{:.2}", s.cpu_mb_s()),
            own,
            format!("{:.1} MB", s.peak_rss_kb as f64 / 1024.0),
        ]);
    }
    let mut out = format!(
        "{:.1} MB of text, {} documents; median of {} run(s) (MB/s over wall time; MB/CPU-s over the process's CPU time)\n",
        mb(corpus.bytes),
        corpus.documents,
        summaries.first().map_or(0, |s| s.runs.len())
    );
    out.push_str(&format_rows(&rows));
    out
}

fn format_rows(rows: &[Vec<String>]) -> String {
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = format!("{:<w$}", row[0], w = widths[0]);
        for (cell, width) in row.iter().zip(&widths).skip(1) {
            let _ = write!(line, "  {cell:>width$}");
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Criterion

/// One criterion result: time per iteration.
#[derive(Clone, Debug)]
struct Estimate {
    median_ns: f64,
    lower_ns: f64,
    upper_ns: f64,
    /// Bytes per iteration, when the benchmark declared a throughput.
    bytes: Option<u64>,
    /// When the estimate was written.
    age_s: u64,
}

impl Estimate {
    fn to_json(&self) -> Value {
        json!({
            "median_ns": self.median_ns,
            "median_ci_ns": [self.lower_ns, self.upper_ns],
            "bytes_per_iteration": self.bytes,
            "age_s": self.age_s,
        })
    }
}

/// Runs `cargo bench -p marginalia-bench` with the snapshot's plugin libraries.
fn run_criterion(root: &Path, bin: &Path) -> Result<()> {
    let mut command = process::cargo(&["bench", "-p", "marginalia-bench"])?;
    command.env(marginalia_testkit::PLUGIN_DIR_ENV, root.join(bin));
    process::run(&mut command)
}

/// The criterion results under `target/criterion`: `GROUP/ID` → estimate.
fn read_criterion(root: &Path) -> Result<BTreeMap<String, Estimate>> {
    let dir = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| root.join("target"), |d| root.join(d))
        .join("criterion");
    let mut found = BTreeMap::new();
    let mut stack = vec![dir];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if !path.is_dir() {
                continue;
            }
            let new = path.join("new");
            if let (Ok(benchmark), Ok(estimates)) = (
                std::fs::read_to_string(new.join("benchmark.json")),
                std::fs::read_to_string(new.join("estimates.json")),
            ) {
                let benchmark: Value = serde_json::from_str(&benchmark)?;
                let estimates: Value = serde_json::from_str(&estimates)?;
                let id = benchmark["full_id"].as_str().unwrap_or_default().to_owned();
                let median = &estimates["median"];
                let age_s = std::fs::metadata(new.join("estimates.json"))
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .map_or(0, |d| d.as_secs());
                found.insert(
                    id,
                    Estimate {
                        median_ns: median["point_estimate"].as_f64().unwrap_or(f64::NAN),
                        lower_ns: median["confidence_interval"]["lower_bound"]
                            .as_f64()
                            .unwrap_or(f64::NAN),
                        upper_ns: median["confidence_interval"]["upper_bound"]
                            .as_f64()
                            .unwrap_or(f64::NAN),
                        bytes: benchmark["throughput"]["BytesDecimal"]
                            .as_u64()
                            .or_else(|| benchmark["throughput"]["Bytes"].as_u64()),
                        age_s,
                    },
                );
            } else {
                stack.push(path);
            }
        }
    }
    Ok(found)
}

fn criterion_table(criterion: &BTreeMap<String, Estimate>) -> String {
    let mut rows = vec![
        ["criterion benchmark", "median", "95% CI", "MB/s", "age"]
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>(),
    ];
    for (id, e) in criterion {
        rows.push(vec![
            id.clone(),
            duration(e.median_ns),
            format!("{}-{}", duration(e.lower_ns), duration(e.upper_ns)),
            e.bytes.map_or(String::new(), |b| {
                format!("{:.2}", b as f64 / e.median_ns * 1e3)
            }),
            format!("{} min", e.age_s / 60),
        ]);
    }
    format_rows(&rows)
}

fn duration(ns: f64) -> String {
    if ns >= 1e9 {
        format!("{:.2} s", ns / 1e9)
    } else if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{ns:.1} ns")
    }
}

// ---------------------------------------------------------------------------------------------
// The machine

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
