//! `cargo xtask spark`: the Spark driver (`deploy/spark/annotate.py`) against plain
//! `marginalia annotate`, on a seeded sample of the real corpus (default
//! `../shared/corpus-real`, never copied into this repository; the sample goes to
//! `target/spark/`).
//!
//! 1. builds the workspace in release, stages the pipeline's plugin libraries in
//!    `target/spark/plugins` and the crashing test plugin in `target/spark/test-plugins`;
//! 2. makes the virtual environment `target/spark-venv` with pyspark [`PYSPARK`] from PyPI,
//!    when it is missing or holds another version;
//! 3. runs the Python tests of the per-partition runner (`deploy/spark/test_*.py`);
//! 4. samples documents into a directory of text files and a JSON Lines file, annotates them
//!    with plain `marginalia annotate`, then with the driver on `local[2]` twice (text files
//!    to Parquet, JSON Lines to JSON Lines), and requires the same records, annotation for
//!    annotation, from all three;
//! 5. the crash check: one partition of documents, one of which makes the `test-segfaults`
//!    plugin kill its process; the others must all be annotated and that one reported failed;
//! 6. prints the throughput of each run.

mod records;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use marginalia_testkit::Profile;
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::index::sample;

use crate::process;
use records::Records;

/// The pyspark installed from PyPI (needs Java 17 or later).
pub const PYSPARK: &str = "4.3.0";
/// Where the sample, the staged plugins and the outputs go, relative to the workspace root.
const OUT_DIR: &str = "target/spark";
/// The virtual environment with pyspark, relative to the workspace root.
const VENV: &str = "target/spark-venv";
/// The driver and the exporter, relative to the workspace root.
const DRIVER: &str = "deploy/spark/annotate.py";
const EXPORT: &str = "deploy/spark/export_jsonl.py";
/// The plugin that kills its process with SIGSEGV on a document containing `TRIGGER`: the crash
/// check runs it under `annotate --isolate`.
const CRASH_PLUGIN: &str = "test-segfaults";
/// The plugin that calls `abort()` on a `TRIGGER` document: the crash check's plugin for a
/// marginalia without `--isolate`, where the driver's own recovery keeps the other documents
/// (`test-segfaults` signals its process, which is not reliably fatal in a multi-threaded one).
const ABORT_PLUGIN: &str = "test-aborts";

/// Options of `cargo xtask spark`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The corpus to sample: a directory searched recursively for `*.txt`.
    #[arg(long, default_value = "../shared/corpus-real")]
    pub corpus: PathBuf,
    /// Documents sampled from the corpus (0: all of them).
    #[arg(long, default_value_t = 500)]
    pub sample: usize,
    /// Seed of the sample, so that it can be drawn again.
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
    /// The Spark master the driver runs on.
    #[arg(long, default_value = "local[2]")]
    pub master: String,
    /// When the corpus is missing, skip the comparison on it (the Python tests and the crash
    /// check still run) instead of failing.
    #[arg(long)]
    pub skip_missing_corpus: bool,
}

/// What the release build produced.
struct Built {
    bin: PathBuf,
    libraries: Vec<PathBuf>,
    /// The directories of `libraries`, without duplicates.
    plugin_dirs: Vec<PathBuf>,
}

/// One measured run, for the throughput table.
struct Measured {
    name: String,
    documents: usize,
    bytes: u64,
    /// The annotation itself: the whole `marginalia` process, or the Spark job from its first
    /// action to its last write (the driver's `seconds`).
    seconds: f64,
    /// The whole process, Spark's start and stop included.
    wall: f64,
}

/// Runs every step; fails on the first mismatch.
pub fn run(args: &Args) -> Result<()> {
    let root = process::root()?;
    let corpus = root.join(&args.corpus);
    let have_corpus = corpus.is_dir();
    if !have_corpus && !args.skip_missing_corpus {
        bail!(
            "{} is not a directory: pass the real corpus with --corpus (it is not part of this \
             repository), or --skip-missing-corpus to run only the Python tests and the crash check",
            corpus.display()
        );
    }
    check_java()?;
    let built = build()?;
    let out = root.join(OUT_DIR);
    std::fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
    let plugins = stage(
        &built,
        &pipeline(&root.join("marginalia.toml"))?,
        &out.join("plugins"),
    )?;
    let test_plugins = stage(
        &built,
        &[CRASH_PLUGIN.to_owned()],
        &out.join("test-plugins"),
    )?;
    let python = venv(&root)?;
    unit_tests(&root, &python, &built)?;

    let mut measured = Vec::new();
    if have_corpus {
        compare_on_corpus(
            &root,
            args,
            &corpus,
            &python,
            &built,
            &plugins,
            &mut measured,
        )?;
    } else {
        println!(
            "\n{} is missing: the comparison on it is skipped",
            corpus.display()
        );
    }
    crash_check(&root, args, &python, &built, &test_plugins)?;

    if !measured.is_empty() {
        let sample = match args.sample {
            0 => "the whole corpus".to_owned(),
            n => format!("{n} documents sampled with seed {}", args.seed),
        };
        println!("\nthroughput ({sample}, master {}):", args.master);
        println!(
            "  {:<44} {:>9} {:>8} {:>9} {:>7} {:>9}",
            "run", "documents", "MB", "seconds", "MB/s", "wall s"
        );
        for m in &measured {
            let mb = m.bytes as f64 / 1e6;
            println!(
                "  {:<44} {:>9} {:>8.2} {:>9.2} {:>7.2} {:>9.2}",
                m.name,
                m.documents,
                mb,
                m.seconds,
                mb / m.seconds,
                m.wall
            );
        }
    }
    println!("\nspark: all checks passed");
    Ok(())
}

/// Fails with what to install when there is no Java for Spark.
fn check_java() -> Result<()> {
    let java = Command::new("java").arg("-version").output();
    match java {
        Ok(output) if output.status.success() => Ok(()),
        _ => bail!(
            "Spark needs Java 17 or later and `java` is not on PATH: install it \
             (e.g. `apt-get install openjdk-17-jre-headless`) or set PATH"
        ),
    }
}

/// Builds the workspace in release: the `marginalia` binary and every plugin library.
fn build() -> Result<Built> {
    let build = marginalia_testkit::build_command(Profile::Release)?;
    println!("$ {}", process::show(&build));
    let artifacts = marginalia_testkit::run_build(build)?;
    let plugin_dirs = artifacts.plugin_dirs();
    let bin = artifacts
        .marginalia_bin
        .context("the build reported no `marginalia` executable")?;
    Ok(Built {
        bin,
        plugin_dirs,
        libraries: artifacts.libraries,
    })
}

/// The `pipeline` of a config file.
fn pipeline(config: &Path) -> Result<Vec<String>> {
    #[derive(serde::Deserialize)]
    struct Pipeline {
        pipeline: Vec<String>,
    }
    let text =
        std::fs::read_to_string(config).with_context(|| format!("reading {}", config.display()))?;
    let parsed: Pipeline = toml::from_str(&text)
        .with_context(|| format!("{}: no `pipeline` list", config.display()))?;
    Ok(parsed.pipeline)
}

/// A fresh directory holding (hard links to, else copies of) the libraries of `plugins`, the
/// directory the driver ships: only what the run needs, not every test plugin.
fn stage(built: &Built, plugins: &[String], dir: &Path) -> Result<PathBuf> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    std::fs::create_dir_all(dir)?;
    for plugin in plugins {
        let stem = format!("marginalia_plugin_{}", plugin.replace('-', "_"));
        let library = built
            .libraries
            .iter()
            .find(|lib| {
                lib.file_stem()
                    .and_then(|s| s.to_str())
                    .is_some_and(|s| s.trim_start_matches("lib") == stem)
            })
            .with_context(|| format!("the release build produced no library for `{plugin}`"))?;
        let target = dir.join(
            library
                .file_name()
                .context("a library path without a name")?,
        );
        if std::fs::hard_link(library, &target).is_err() {
            std::fs::copy(library, &target).with_context(|| {
                format!("copying {} to {}", library.display(), target.display())
            })?;
        }
    }
    Ok(dir.to_path_buf())
}

/// The virtual environment's python, after installing pyspark [`PYSPARK`] unless it is there.
fn venv(root: &Path) -> Result<PathBuf> {
    let dir = root.join(VENV);
    let python = dir.join("bin").join("python");
    let check = format!("import pyspark, sys; sys.exit(pyspark.__version__ != {PYSPARK:?})");
    if python.exists()
        && Command::new(&python)
            .args(["-c", &check])
            .status()?
            .success()
    {
        println!("pyspark {PYSPARK} is installed in {VENV}");
        return Ok(python);
    }
    if !python.exists() {
        process::run(Command::new("python3").args(["-m", "venv"]).arg(&dir))
            .context("creating the virtual environment for pyspark (is python3-venv installed?)")?;
    }
    let started = Instant::now();
    process::run(
        Command::new(&python)
            .args(["-m", "pip", "install", "--quiet"])
            .arg(format!("pyspark=={PYSPARK}")),
    )
    .context("installing pyspark from PyPI")?;
    println!(
        "pip install pyspark=={PYSPARK}: {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(python)
}

/// The Python tests of `deploy/spark/marginalia_stream.py`, against the release binary and the
/// test plugins.
fn unit_tests(root: &Path, python: &Path, built: &Built) -> Result<()> {
    let dirs = std::env::join_paths(&built.plugin_dirs)?;
    process::run(
        Command::new(python)
            .current_dir(root)
            .args([
                "-m",
                "unittest",
                "discover",
                "-s",
                "deploy/spark",
                "-p",
                "test_*.py",
            ])
            .env("MARGINALIA_BIN", &built.bin)
            .env("MARGINALIA_PLUGIN_DIR", dirs),
    )
}

/// The driver (or another script beside it) run by the venv's python on `master`, on the
/// loopback interface, without the web UI or console progress bars.
fn spark_script(root: &Path, python: &Path, script: &str, master: &str) -> Command {
    let mut command = Command::new(python);
    command
        .current_dir(root)
        .arg(script)
        .args(["--master", master])
        .args(["--conf", "spark.ui.enabled=false"])
        .args(["--conf", "spark.ui.showConsoleProgress=false"])
        .env("SPARK_LOCAL_IP", "127.0.0.1")
        .env("PYSPARK_PYTHON", python)
        .env("PYSPARK_DRIVER_PYTHON", python);
    command
}

/// Runs the driver; returns its exit code and wall-clock seconds. `output` is removed first.
fn run_driver(
    root: &Path,
    python: &Path,
    master: &str,
    output: &Path,
    args: &[&std::ffi::OsStr],
) -> Result<(i32, f64)> {
    if output.exists() {
        std::fs::remove_dir_all(output)?;
    }
    let mut command = spark_script(root, python, DRIVER, master);
    command.arg("--output").arg(output).args(args);
    let started = Instant::now();
    let status = process::status(&mut command)?;
    let code = status
        .code()
        .with_context(|| format!("the driver was killed ({status})"))?;
    Ok((code, started.elapsed().as_secs_f64()))
}

/// The sample, plain marginalia, and the driver twice; all three must agree.
fn compare_on_corpus(
    root: &Path,
    args: &Args,
    corpus: &Path,
    python: &Path,
    built: &Built,
    plugins: &Path,
    measured: &mut Vec<Measured>,
) -> Result<()> {
    let out = root.join(OUT_DIR);
    let (documents, bytes) = write_sample(corpus, args, &out)?;
    println!(
        "\nsampled {documents} documents ({:.2} MB) into {OUT_DIR}/sample and {OUT_DIR}/sample.jsonl",
        bytes as f64 / 1e6
    );

    let plain_out = out.join("plain.jsonl");
    let mut plain = Command::new(&built.bin);
    plain
        .current_dir(root)
        .arg("annotate")
        .arg(out.join("sample"))
        .args(["--config", "marginalia.toml", "--plugin-dir"])
        .arg(plugins)
        .arg("--out")
        .arg(&plain_out);
    let started = Instant::now();
    let status = process::status(&mut plain)?;
    let wall = started.elapsed().as_secs_f64();
    let plain_code = status.code().context("marginalia was killed")?;
    if plain_code > 1 {
        bail!("`{}` failed ({status})", process::show(&plain));
    }
    measured.push(Measured {
        name: "marginalia annotate (one process, all cores)".into(),
        documents,
        bytes,
        seconds: wall,
        wall,
    });
    let expected = Records::from_marginalia(&plain_out)?;

    let config = root.join("marginalia.toml");
    let shipped = [
        "--marginalia".as_ref(),
        built.bin.as_os_str(),
        "--plugins".as_ref(),
        plugins.as_os_str(),
        "--config".as_ref(),
        config.as_os_str(),
    ];
    let runs = [
        ("sample", "parquet", "text files to Parquet"),
        ("sample.jsonl", "jsonl", "JSON Lines to JSON Lines"),
    ];
    for (input, format, what) in runs {
        let output = out.join(format!("out-{format}"));
        let input = out.join(input);
        let mut driver_args = vec![input.as_os_str(), "--format".as_ref(), format.as_ref()];
        driver_args.extend(shipped);
        let (code, wall) = run_driver(root, python, &args.master, &output, &driver_args)?;
        if code != plain_code {
            bail!(
                "the driver ({what}) exited with {code}, plain marginalia with {plain_code} on the \
                 same documents"
            );
        }
        let got = if format == "parquet" {
            let exported = out.join("out-parquet.jsonl");
            let mut export = spark_script(root, python, EXPORT, &args.master);
            export.arg(&output).arg(&exported);
            process::run(&mut export)?;
            Records::from_marginalia(&exported)?
        } else {
            Records::from_driver_jsonl(&output)?
        };
        expected.same_as(&got).with_context(|| {
            format!(
                "the driver ({what}, {}) differs from plain marginalia ({})",
                output.display(),
                plain_out.display()
            )
        })?;
        println!(
            "driver, {what}: the same {} documents and {} annotations as plain marginalia",
            got.documents(),
            got.annotations()
        );
        let summary = records::summary(&output)?;
        measured.push(Measured {
            name: format!("spark {} ({what})", args.master),
            documents: summary.documents,
            bytes: summary.bytes,
            seconds: summary.seconds,
            wall,
        });
    }
    Ok(())
}

/// Draws the sample (all documents when `--sample 0`) and writes it as `out/sample/<id>`
/// files and `out/sample.jsonl`; returns its documents and bytes.
fn write_sample(corpus: &Path, args: &Args, out: &Path) -> Result<(usize, u64)> {
    let ids = marginalia_testkit::corpus_ids(corpus)
        .with_context(|| format!("listing {}", corpus.display()))?;
    let mut picked: Vec<&String> = if args.sample == 0 || args.sample >= ids.len() {
        ids.iter().collect()
    } else {
        let mut rng = StdRng::seed_from_u64(args.seed);
        sample(&mut rng, ids.len(), args.sample)
            .into_iter()
            .map(|i| &ids[i])
            .collect()
    };
    picked.sort();
    let dir = out.join("sample");
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    let mut jsonl = String::new();
    let mut bytes = 0;
    for id in &picked {
        let text = std::fs::read_to_string(corpus.join(id))
            .with_context(|| format!("reading {id} in {}", corpus.display()))?;
        bytes += text.len() as u64;
        let path = dir.join(id);
        std::fs::create_dir_all(path.parent().context("a document path without a parent")?)?;
        std::fs::write(&path, &text)?;
        jsonl.push_str(&serde_json::json!({ "id": id, "text": text }).to_string());
        jsonl.push('\n');
    }
    std::fs::write(out.join("sample.jsonl"), jsonl)?;
    Ok((picked.len(), bytes))
}

/// One partition of documents through the driver, with a plugin that kills its process on the
/// `TRIGGER` documents: those are reported failed, every other one is annotated.
fn crash_check(
    root: &Path,
    args: &Args,
    python: &Path,
    built: &Built,
    test_plugins: &Path,
) -> Result<()> {
    let out = root.join(OUT_DIR);
    let input = out.join("crash.jsonl");
    let triggers = [7, 23];
    let mut jsonl = String::new();
    for n in 0..40 {
        let trigger = if triggers.contains(&n) {
            " TRIGGER"
        } else {
            ""
        };
        let text = format!("word{n} opens document {n}.{trigger}");
        jsonl.push_str(
            &serde_json::json!({ "id": format!("crash-{n:02}"), "text": text }).to_string(),
        );
        jsonl.push('\n');
    }
    std::fs::write(&input, jsonl)?;

    let isolate = has_isolate(&built.bin)?;
    let marginalia_args = if isolate {
        format!("--plugin {CRASH_PLUGIN} --isolate")
    } else {
        println!(
            "\nNOTE: this marginalia has no `annotate --isolate`: the crash check runs \
             {ABORT_PLUGIN} without it, on the driver's own recovery (a crashed process's \
             unanswered documents redone one by one)"
        );
        format!("--plugin {ABORT_PLUGIN}")
    };
    let output = out.join("out-crash");
    let driver_args = [
        input.as_os_str(),
        "--format".as_ref(),
        "jsonl".as_ref(),
        "--partitions".as_ref(),
        "1".as_ref(),
        "--marginalia".as_ref(),
        built.bin.as_os_str(),
        "--plugins".as_ref(),
        test_plugins.as_os_str(),
        "--marginalia-args".as_ref(),
        marginalia_args.as_ref(),
    ];
    let (code, _) = run_driver(root, python, &args.master, &output, &driver_args)?;
    if code != 1 {
        bail!("the crash check's driver exited with {code}, not 1 (some documents failed)");
    }
    let got = Records::from_driver_jsonl(&output)?;
    records::check_crash_run(&got, 40, &triggers)?;
    println!(
        "crash check (`--marginalia-args '{marginalia_args}'`, one partition): crash-07 and \
         crash-23 failed, the other 38 documents annotated"
    );
    Ok(())
}

/// Whether `marginalia annotate` has `--isolate` (the lead's isolation mode).
fn has_isolate(bin: &Path) -> Result<bool> {
    let help = Command::new(bin)
        .args(["annotate", "--help"])
        .output()
        .with_context(|| format!("running {} annotate --help", bin.display()))?;
    Ok(String::from_utf8_lossy(&help.stdout).contains("--isolate"))
}
