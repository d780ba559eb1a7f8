//! `marginalia annotate`.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, anyhow};
use marginalia_host::input::{self, Item};
use marginalia_host::pipeline::Pipeline;
use marginalia_host::run::{self, Outcome, RunOptions, RunSummary};
use marginalia_isolate::{Isolation, StartError, stdio};

use crate::isolation::IsolationOptions;
use crate::output::{self, OutputOptions};
use crate::progress::Progress;
use crate::shared::PluginOptions;

/// Arguments of `marginalia annotate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files and directories to annotate (directories are searched recursively for `*.txt`);
    /// with `--input jsonl`, JSON Lines files, or `-` for stdin.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    plugins: PluginOptions,
    /// Run only these plugins (repeatable), instead of the config's `pipeline`.
    #[arg(long = "plugin", value_name = "NAME")]
    only: Vec<String>,
    #[command(flatten)]
    output: OutputOptions,
    /// What PATHS hold: text files, or JSON Lines of `{"id": ..., "text": ...}` objects.
    #[arg(long, value_enum, default_value_t = InputKind::Files)]
    input: InputKind,
    /// Only files matching this glob are documents (repeatable) [default: *.txt]. A glob
    /// without `/` matches the file name; with `/`, the path relative to the directory.
    #[arg(long, value_name = "GLOB")]
    include: Vec<String>,
    /// Files matching this glob are not documents, even if included (repeatable).
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Worker threads [default: the number of CPUs]. The output is the same for any value.
    #[arg(long, short, value_name = "N")]
    jobs: Option<usize>,
    #[command(flatten)]
    isolation: IsolationOptions,
}

/// Where the plugins run.
enum Engine {
    /// In this process.
    InProcess(Pipeline),
    /// In worker processes.
    Isolated(Isolation),
}

impl Engine {
    /// Sets up the plugins: loads them here, or starts the first worker, which loads them.
    fn start(
        args: &Args,
        config: &marginalia_host::config::Config,
        verbose: u8,
    ) -> anyhow::Result<Engine> {
        let command = args
            .isolation
            .worker_command(config, &args.plugins, &args.only, verbose)?;
        Ok(match command {
            None => Engine::InProcess(
                Pipeline::load(config, &args.plugins.plugin_dirs)
                    .context("cannot set up the plugins")?,
            ),
            Some(command) => Engine::Isolated(Isolation::start(command).map_err(|error| {
                match error {
                    // The worker's own message, which says what to do.
                    StartError::Fatal(message) => anyhow!(message),
                    other => anyhow!(other).context("isolation mode: cannot set up the plugins"),
                }
            })?),
        })
    }

    /// Each plugin's "name version", in run order.
    fn plugins(&self) -> Vec<String> {
        let plugins = match self {
            Engine::InProcess(pipeline) => marginalia_isolate::worker::describe(pipeline),
            Engine::Isolated(isolation) => isolation.plugins().to_vec(),
        };
        plugins
            .iter()
            .map(|p| format!("{} {}", p.name, p.version))
            .collect()
    }
}

/// What the input paths hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum InputKind {
    /// Text files, and directories searched recursively for `*.txt`.
    Files,
    /// JSON Lines, one `{"id": ..., "text": ...}` object per line; `-` is stdin.
    Jsonl,
}

/// Runs the command: 0 when every document was annotated, 1 when some failed. `verbose` is
/// passed on to worker processes.
pub fn run(args: Args, verbose: u8) -> anyhow::Result<ExitCode> {
    args.output.check()?;
    let config = args.plugins.config_for_run(&args.only)?;
    // From here on, whatever plugins print goes to stderr; only the records go to stdout.
    let stdout = stdio::take_stdout().context("cannot set up stdout")?;
    let engine = Engine::start(&args, &config, verbose)?;
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
    let options = RunOptions::with_jobs(jobs);
    let mut source = sources(&args)?;
    let identity = output::identity(
        &args.paths,
        args.input.name(),
        &args.include,
        &args.exclude,
        &config,
        &engine.plugins(),
    );
    let (mut writer, resumed) = if args.output.retry_failed() {
        crate::retry::open(&args.output, identity, &mut source)?
    } else {
        args.output.open(identity, &mut *source, stdout)?
    };
    output::print_resumed(&resumed, args.output.display_path());
    let progress =
        Progress::start(expected_documents(&args).map(|n| n.saturating_sub(resumed.documents)));
    let write = |outcome: &Outcome| {
        progress.document(outcome);
        writer
            .write(&output::view(outcome))
            .map_err(io::Error::other)
    };
    let summary = match &engine {
        Engine::InProcess(pipeline) => run::run(|| pipeline, source, options, write)?,
        Engine::Isolated(isolation) => run::run(|| isolation.worker(), source, options, write)?,
    };
    writer.finish()?;
    progress.finish();
    print_summary(&summary, args.output.display_path());
    crate::retry::print_summary(&resumed, &summary);
    Ok(if summary.failures.is_empty() && resumed.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

impl InputKind {
    fn name(self) -> &'static str {
        match self {
            InputKind::Files => "files",
            InputKind::Jsonl => "jsonl",
        }
    }
}

/// The documents to annotate, streamed.
fn sources(args: &Args) -> anyhow::Result<Box<dyn Iterator<Item = Item> + Send>> {
    Ok(match args.input {
        InputKind::Files => Box::new(input::walk_filtered(&args.paths, &filter(args)?)?),
        InputKind::Jsonl => {
            Box::new(input::jsonl_inputs(&args.paths).context("cannot read the JSON Lines input")?)
        }
    })
}

/// How many documents there will be, for the progress bar's ETA: counted by a quick walk
/// when the progress bar is shown and the input is files; unknown otherwise.
fn expected_documents(args: &Args) -> Option<u64> {
    if !Progress::visible() || args.input != InputKind::Files {
        return None;
    }
    let filter = filter(args).ok()?;
    input::walk_filtered(&args.paths, &filter)
        .ok()
        .map(|items| items.count() as u64)
}

/// The `--include`/`--exclude` filter.
fn filter(args: &Args) -> anyhow::Result<input::Filter> {
    Ok(input::Filter::new(&args.include, &args.exclude)?)
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
