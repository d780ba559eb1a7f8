//! `marginalia`: annotate news text with plugins. A thin shell over `marginalia-host`.
//!
//! Exit codes: 0 success; 1 some documents failed (the others are written); 2 usage,
//! config or plugin-loading error (nothing is written), or the output could not be written
//! (the message names it and says what to do; `--out FILE` is then not created, or keeps its
//! earlier content, and an `--out-dir` run is left incomplete, for `--resume`).
//!
//! When the reader of stdout goes away (`marginalia annotate ... | head`), the run stops
//! quietly with 0, as Unix tools do: the reader has what it wanted.

// Printing results and summaries is this binary's job.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod annotate;
mod isolation;
mod output;
mod plugins;
mod progress;
mod retry;
mod shared;
mod worker;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use marginalia_format::FormatError;

/// Annotate news text with dynamically loaded tagger plugins.
///
/// Plugins are listed in a config file (default `./marginalia.toml`) and loaded from
/// --plugin-dir, its `plugin_dirs`, $MARGINALIA_PLUGIN_PATH and <data dir>/marginalia/plugins,
/// in that order. Set RUST_LOG (e.g. `RUST_LOG=marginalia::plugin=debug`) or pass -v for logs.
#[derive(Debug, Parser)]
#[command(name = "marginalia", version, propagate_version = true)]
struct Cli {
    /// More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    verbose: u8,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Annotate files and directories (recursive `*.txt`), writing JSON Lines.
    Annotate(annotate::Args),
    /// List the plugins found in the plugin directories.
    Plugins(plugins::ListArgs),
    /// Check the config and load every plugin, without annotating.
    Check(plugins::CheckArgs),
    /// A worker process of `annotate --isolate` (started by marginalia itself).
    #[command(hide = true)]
    Worker(worker::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    shared::init_logging(cli.verbose);
    let result = match cli.command {
        Command::Annotate(args) => annotate::run(args, cli.verbose),
        Command::Worker(args) => worker::run(args),
        Command::Plugins(args) => plugins::list(args),
        Command::Check(args) => plugins::check(args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            let output_error = output_error(&error);
            if output_error.is_some_and(FormatError::is_broken_pipe) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {error:#}");
            if let Some(advice) = output_error.and_then(FormatError::advice) {
                eprintln!("help: {advice}");
            }
            ExitCode::from(2)
        }
    }
}

/// The output error in `error`'s chain, if there is one: given as it is, or wrapped in an
/// `io::Error` (as the writer callback of `annotate` passes it through the runner).
fn output_error(error: &anyhow::Error) -> Option<&FormatError> {
    error.chain().find_map(|cause| {
        cause.downcast_ref::<FormatError>().or_else(|| {
            cause
                .downcast_ref::<std::io::Error>()?
                .get_ref()?
                .downcast_ref::<FormatError>()
        })
    })
}
