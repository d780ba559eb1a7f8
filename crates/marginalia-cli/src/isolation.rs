//! `annotate --isolate`: its options, and the worker processes (`marginalia worker`) they
//! start. The mechanism is `marginalia-isolate`'s; this module maps options and config to it.

use std::ffi::OsString;
use std::time::Duration;

use anyhow::{Context, bail};
use marginalia_host::config::Config;
use marginalia_isolate::WorkerCommand;

use crate::shared::PluginOptions;

/// How long a document may take in a worker, unless `--doc-timeout` or the config say.
pub const DEFAULT_DOC_TIMEOUT_SECS: f64 = 60.0;

/// Each worker's memory limit, unless `--worker-mem` or the config say. It limits address
/// space, which is larger than resident memory: 4 GiB leaves a 50 MB document ample room.
pub const DEFAULT_WORKER_MEM_MIB: u64 = 4096;

/// How long a worker may take to load the plugins.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(120);

/// The isolation options of `marginalia annotate`.
#[derive(Debug, clap::Args)]
pub struct IsolationOptions {
    /// Run the plugins in worker processes (one per job): a plugin that crashes, hangs past
    /// --doc-timeout or grows past --worker-mem fails only the document it was working on;
    /// its worker is replaced and the run goes on. Also `[isolation] enabled = true`.
    #[arg(long)]
    isolate: bool,
    /// Run the plugins in this process, even if the config enables isolation.
    #[arg(long, conflicts_with = "isolate")]
    no_isolate: bool,
    /// With isolation: seconds a document may take before its worker is killed; 0 for no
    /// limit [default: 60, or the config's `[isolation] doc_timeout`].
    #[arg(long, value_name = "SECS")]
    doc_timeout: Option<f64>,
    /// With isolation: each worker's memory limit in MiB (address space); 0 for no limit
    /// [default: 4096, or the config's `[isolation] worker_mem`].
    #[arg(long, value_name = "MIB")]
    worker_mem: Option<u64>,
}

impl IsolationOptions {
    /// The command that starts workers for this run, or `None` to run in-process.
    pub fn worker_command(
        &self,
        config: &Config,
        plugins: &PluginOptions,
        only: &[String],
        verbose: u8,
    ) -> anyhow::Result<Option<WorkerCommand>> {
        let settings = &config.isolation;
        let enabled = (self.isolate || settings.enabled) && !self.no_isolate;
        if !enabled {
            if self.doc_timeout.is_some() || self.worker_mem.is_some() {
                bail!(
                    "--doc-timeout and --worker-mem apply only to isolation mode: add --isolate (or `enabled = true` under [isolation] in {})",
                    config.path.display()
                );
            }
            return Ok(None);
        }
        let timeout_secs = match (self.doc_timeout, settings.doc_timeout) {
            (Some(secs), _) => check_secs(secs).context("--doc-timeout")?,
            (None, Some(secs)) => check_secs(secs).with_context(|| {
                format!(
                    "`doc_timeout` under [isolation] in {}",
                    config.path.display()
                )
            })?,
            (None, None) => DEFAULT_DOC_TIMEOUT_SECS,
        };
        let mem_mib = self
            .worker_mem
            .or(settings.worker_mem)
            .unwrap_or(DEFAULT_WORKER_MEM_MIB);
        let program = std::env::current_exe()
            .context("cannot find the marginalia binary to start worker processes")?;
        let mut args: Vec<OsString> = vec!["worker".into()];
        args.extend(plugins.to_args());
        for name in only {
            args.push("--plugin".into());
            args.push(name.into());
        }
        if mem_mib > 0 {
            args.push("--worker-mem".into());
            args.push(mem_mib.to_string().into());
        }
        args.extend((0..verbose).map(|_| OsString::from("-v")));
        Ok(Some(WorkerCommand {
            program,
            args,
            doc_timeout: (timeout_secs > 0.0).then(|| Duration::from_secs_f64(timeout_secs)),
            memory_limit_mib: (mem_mib > 0).then_some(mem_mib),
            startup_timeout: STARTUP_TIMEOUT,
        }))
    }
}

fn check_secs(secs: f64) -> anyhow::Result<f64> {
    if !(0.0..=1e9).contains(&secs) {
        bail!("{secs} is not a number of seconds: give 0 (no limit) or a positive number");
    }
    Ok(secs)
}
