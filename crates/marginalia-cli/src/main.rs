//! `marginalia`: annotate news text with plugins. A thin shell over `marginalia-host`.
//!
//! Exit codes: 0 success; 1 some documents failed (the others are written); 2 usage,
//! config or plugin-loading error (nothing is written).

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
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}
