//! `marginalia worker` (hidden): a worker process of `annotate --isolate`. It loads the
//! pipeline and annotates the documents the host sends on stdin, answering on stdout
//! (`marginalia_isolate::protocol`). Not for people: the host starts it.

use std::io::{self, BufWriter};
use std::process::ExitCode;

use anyhow::Context;
use marginalia_host::pipeline::Pipeline;
use marginalia_isolate::protocol::{Reply, StageFile};
use marginalia_isolate::{stdio, worker};

use crate::shared::PluginOptions;

/// Arguments of `marginalia worker`: the same config options as `annotate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    plugins: PluginOptions,
    /// Run only these plugins (repeatable).
    #[arg(long = "plugin", value_name = "NAME")]
    only: Vec<String>,
    /// Limit this process's address space to this many MiB.
    #[arg(long, value_name = "MIB")]
    worker_mem: Option<u64>,
    /// Record here which plugin is running (`marginalia_isolate::protocol::StageFile`).
    #[arg(long, value_name = "FILE")]
    stage_file: Option<std::path::PathBuf>,
}

/// Serves the host until it closes stdin. A pipeline that cannot be set up is reported to
/// the host (which prints it) and ends the worker with status 2.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut replies = BufWriter::new(stdio::take_stdout().context("cannot set up stdout")?);
    let pipeline = match load(&args) {
        Ok(pipeline) => pipeline,
        Err(error) => {
            worker::send(&mut replies, &Reply::Fatal(format!("{error:#}")))?;
            return Ok(ExitCode::from(2));
        }
    };
    let stages = match &args.stage_file {
        Some(path) => Some(StageFile::new(
            std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open(path)
                .with_context(|| format!("cannot open the stage file {}", path.display()))?,
        )),
        None => None,
    };
    worker::serve(&pipeline, io::stdin().lock(), replies, stages.as_ref())?;
    Ok(ExitCode::SUCCESS)
}

fn load(args: &Args) -> anyhow::Result<Pipeline> {
    if let Some(mib) = args.worker_mem {
        stdio::limit_memory(mib << 20)
            .with_context(|| format!("cannot limit the worker's memory to {mib} MiB"))?;
    }
    let config = args.plugins.config_for_run(&args.only)?;
    Pipeline::load(&config, &args.plugins.plugin_dirs).context("cannot set up the plugins")
}
