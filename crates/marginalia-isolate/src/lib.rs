//! Isolation mode: the plugin pipeline runs in worker processes, so that a plugin that
//! crashes (a segfault, an abort, an exit), hangs or runs out of memory fails only the
//! document it was working on.
//!
//! The host starts workers from a [`WorkerCommand`] (in practice `marginalia worker` with
//! the run's config options: the binary talking to itself) and talks to each over pipes
//! ([`protocol`]: one JSON message per line). [`Isolation`] starts the first worker up front,
//! so that a pipeline that cannot load is an error before any document is read, and hands
//! out one [`Worker`] per runner thread; each is a [`marginalia_host::run::Annotator`].
//!
//! What a [`Worker`] guarantees for each document:
//!
//! - the worker process answers, and its answer is the document's result, exactly as the
//!   in-process pipeline gives it (the same code runs in the worker: [`worker::serve`]);
//! - or the process dies (signal, exit, failed allocation under its memory limit), or does
//!   not answer within the document timeout (it is then killed): the document fails with a
//!   message naming the plugin that was running, the document, and how the process ended;
//!   the next document gets a fresh process;
//! - a worker found dead *between* documents (killed from outside) is replaced before the
//!   next document is sent, which then runs normally.
//!
//! Workers never write anything but replies on their protocol channel: [`stdio::take_stdout`]
//! moves what plugins print to stderr, which the host forwards to its own.
//!
//! Unix only: a worker's death is read from its signal.

pub mod protocol;
pub mod stdio;
pub mod worker;

mod process;

use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossbeam_channel::RecvTimeoutError;
use marginalia_core::Annotation;
use marginalia_host::run::Annotator;

pub use process::StartError;
use process::{Death, Process};
use protocol::{PluginInfo, Reply};

/// How to start a worker process, and the limits it runs under.
#[derive(Clone, Debug)]
pub struct WorkerCommand {
    /// The program (the `marginalia` binary).
    pub program: PathBuf,
    /// Its arguments (`worker` and the options that select the config and plugins).
    pub args: Vec<OsString>,
    /// The longest a document may take; past it the worker is killed. `None`: no limit.
    pub doc_timeout: Option<Duration>,
    /// The memory limit the worker applies to itself, in MiB (named in messages only).
    pub memory_limit_mib: Option<u64>,
    /// The longest a worker may take to load the plugins.
    pub startup_timeout: Duration,
}

/// Worker processes for a run: the first one started, the others on demand.
#[derive(Debug)]
pub struct Isolation {
    command: Arc<WorkerCommand>,
    plugins: Vec<PluginInfo>,
    started: Mutex<Option<Worker>>,
}

impl Isolation {
    /// Starts one worker, which loads the pipeline: an error here (a config or plugin error,
    /// in the worker's own words) means no worker could ever annotate anything.
    pub fn start(command: WorkerCommand) -> Result<Isolation, StartError> {
        let command = Arc::new(command);
        let (process, plugins) = Process::start(&command)?;
        let first = Worker {
            command: Arc::clone(&command),
            plugins: plugins.clone(),
            process: Some(process),
        };
        Ok(Isolation {
            command,
            plugins,
            started: Mutex::new(Some(first)),
        })
    }

    /// The plugins of the pipeline, in run order, as the first worker loaded them.
    pub fn plugins(&self) -> &[PluginInfo] {
        &self.plugins
    }

    /// A worker for one runner thread: the one started by [`start`](Self::start) first,
    /// then new ones, whose process starts with their first document.
    pub fn worker(&self) -> Worker {
        let started = self.started.lock().ok().and_then(|mut slot| slot.take());
        started.unwrap_or_else(|| Worker {
            command: Arc::clone(&self.command),
            plugins: self.plugins.clone(),
            process: None,
        })
    }
}

/// One worker process, replaced whenever it dies or is killed. Dropping it closes the
/// process's input; the process then exits (or is killed after a grace period).
pub struct Worker {
    command: Arc<WorkerCommand>,
    plugins: Vec<PluginInfo>,
    process: Option<Process>,
}

impl std::fmt::Debug for Worker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Worker")
            .field("running", &self.process.is_some())
            .finish()
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        if let Some(process) = self.process.take() {
            process.end();
        }
    }
}

impl Worker {
    /// A running process with `id`'s request sent to it: the current one, or a new one if
    /// there is none or the current one turns out to be dead.
    fn send(&mut self, id: &str, text: &str) -> Result<(), String> {
        for _ in 0..2 {
            let process = match self.process.as_mut() {
                Some(process) => process,
                None => {
                    let (process, plugins) = Process::start(&self.command)
                        .map_err(|error| format!("document `{id}` was not annotated: {error}"))?;
                    if plugins != self.plugins {
                        tracing::warn!(
                            ?plugins,
                            "a new worker process loaded other plugins than the first"
                        );
                    }
                    self.process.insert(process)
                }
            };
            match process.send(id, text) {
                Ok(()) => return Ok(()),
                Err(_) => {
                    let death = self.process.take().map(Process::reap);
                    tracing::warn!(
                        "a worker process was found dead between documents ({}); replaced",
                        death.map_or_else(String::new, |d| d.describe())
                    );
                }
            }
        }
        Err(format!(
            "document `{id}` was not annotated: worker processes die as soon as they start"
        ))
    }

    fn plugin_name(&self, stage: Option<usize>) -> Option<&str> {
        stage
            .and_then(|i| self.plugins.get(i))
            .map(|p| p.name.as_str())
    }

    /// The failure message of a document whose worker died.
    fn died(&self, id: &str, death: &Death) -> String {
        let plugin = self.plugin_name(death.stage);
        if death.ran_out_of_memory() {
            let limit = match self.command.memory_limit_mib {
                Some(mib) => format!("the worker's limit of {mib} MiB (--worker-mem)"),
                None => "the memory available".to_owned(),
            };
            let what = match plugin {
                Some(name) => format!("plugin `{name}` ran out of memory on document `{id}`"),
                None => format!(
                    "the worker process ran out of memory on document `{id}` outside any plugin"
                ),
            };
            return format!(
                "{what}, past {limit}; its worker process {}; a new worker takes the next document",
                death.describe()
            );
        }
        let what = match plugin {
            Some(name) => format!("plugin `{name}` crashed its worker process on document `{id}`"),
            None => format!("the worker process crashed on document `{id}` outside any plugin"),
        };
        format!(
            "{what}: the process {}; a new worker takes the next document",
            death.describe()
        )
    }
}

impl Annotator for Worker {
    fn annotate(&mut self, id: &str, text: &str) -> Result<Vec<Annotation>, String> {
        self.send(id, text)?;
        let deadline = self.command.doc_timeout.map(|t| Instant::now() + t);
        let process = self.process.take().expect("send leaves a running process");
        match process.reply(deadline) {
            Ok(Reply::Done(annotations)) => {
                self.process = Some(process);
                Ok(annotations)
            }
            Ok(Reply::Failed(message)) => {
                self.process = Some(process);
                Err(message)
            }
            Ok(other) => {
                tracing::error!(reply = ?other, "a worker process broke the protocol; killed");
                Err(self.died(id, &process.kill()))
            }
            Err(RecvTimeoutError::Timeout) => {
                let stage = process.stage();
                process.kill();
                let limit = self.command.doc_timeout.unwrap_or_default();
                let culprit = self
                    .plugin_name(stage)
                    .map_or("the worker process".to_owned(), |n| format!("plugin `{n}`"));
                Err(format!(
                    "{culprit} did not finish document `{id}` within {} (--doc-timeout); its worker process was killed, and a new worker takes the next document",
                    describe_duration(limit)
                ))
            }
            Err(RecvTimeoutError::Disconnected) => Err(self.died(id, &process.reap())),
        }
    }
}

/// "2 s", "1.5 s".
fn describe_duration(duration: Duration) -> String {
    let secs = duration.as_secs_f64();
    if secs.fract() == 0.0 {
        format!("{secs:.0} s")
    } else {
        format!("{secs} s")
    }
}
