//! `marginalia annotate`.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use marginalia_host::input;
use marginalia_host::output::AtomicFile;
use marginalia_host::pipeline::Pipeline;
use marginalia_host::run::{self, RunSummary};

use crate::shared::PluginOptions;

/// Arguments of `marginalia annotate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files and directories to annotate; directories are searched recursively for `*.txt`.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    plugins: PluginOptions,
    /// Run only these plugins (repeatable), instead of the config's `pipeline`.
    #[arg(long = "plugin", value_name = "NAME")]
    only: Vec<String>,
    /// Where to write the JSON Lines: a file (written atomically) or `-` for stdout.
    #[arg(long, short, value_name = "FILE", default_value = "-")]
    out: PathBuf,
}

/// Runs the command: 0 when every document was annotated, 1 when some failed.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut config = args.plugins.load_config()?;
    if !args.only.is_empty() {
        config.select(&args.only)?;
    }
    let pipeline =
        Pipeline::load(&config, &args.plugins.plugin_dirs).context("cannot set up the plugins")?;
    let inputs = input::collect(&args.paths)?;
    let summary = if args.out.as_os_str() == "-" {
        let mut out = BufWriter::new(io::stdout().lock());
        let summary = run::run(&pipeline, &inputs.documents, inputs.problems, &mut out);
        summary.context("cannot write to stdout")?
    } else {
        if let Some(dir) = args.out.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create output directory {}", dir.display()))?;
        }
        let write_error = || format!("cannot write {}", args.out.display());
        let mut out = AtomicFile::create(&args.out).with_context(write_error)?;
        let summary = run::run(&pipeline, &inputs.documents, inputs.problems, &mut out)
            .with_context(write_error)?;
        out.commit().with_context(write_error)?;
        summary
    };
    print_summary(&summary, &args.out);
    Ok(if summary.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn print_summary(summary: &RunSummary, out: &std::path::Path) {
    let mut err = io::stderr().lock();
    let mb = summary.bytes as f64 / 1e6;
    let secs = summary.elapsed.as_secs_f64();
    let _ = writeln!(
        err,
        "annotated {} documents ({mb:.2} MB) in {secs:.2} s: {} annotations",
        summary.annotated,
        summary.annotations()
    );
    for (label, count) in &summary.per_label {
        let _ = writeln!(err, "  {label:<16} {count:>8}");
    }
    if out.as_os_str() != "-" {
        let _ = writeln!(err, "written to {}", out.display());
    }
    if !summary.failures.is_empty() {
        let _ = writeln!(err, "{} documents failed:", summary.failures.len());
        for failure in &summary.failures {
            let _ = writeln!(err, "  {}: {}", failure.id, failure.message);
        }
    }
}
