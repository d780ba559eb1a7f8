//! One worker process: started, spoken to, and ended or reaped.

use std::collections::VecDeque;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::os::unix::process::ExitStatusExt;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, RecvTimeoutError};

use crate::WorkerCommand;
use crate::protocol::{PluginInfo, Reply, RequestRef, StageFile};

/// The last lines a worker wrote to stderr that are kept to explain its death.
const LAST_WORDS: usize = 40;

/// How long the end of a dead worker's stderr is waited for.
const STDERR_GRACE: Duration = Duration::from_secs(1);

/// How long a worker whose input was closed, or whose output ended, may take to exit before
/// it is killed.
const EXIT_GRACE: Duration = Duration::from_secs(2);

/// Why a worker could not be started.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The program could not be run.
    #[error("cannot start a worker process (`{program}`): {source}")]
    Spawn {
        /// The program.
        program: String,
        /// Why.
        source: io::Error,
    },
    /// The worker could not set up the pipeline, and said why.
    #[error("{0}")]
    Fatal(String),
    /// The worker died, or said something else, before it was ready.
    #[error("the worker process ended before it had loaded the plugins: {0}")]
    Died(String),
    /// The worker took too long to load the plugins.
    #[error("the worker process did not load the plugins within {} s; it was killed", .0.as_secs())]
    Timeout(Duration),
}

/// A running worker process.
pub(crate) struct Process {
    child: Child,
    /// Where the worker records the plugin it runs (a temporary file, removed on drop).
    stages: StageFile,
    _stage_path: tempfile::TempPath,
    stdin: Option<BufWriter<ChildStdin>>,
    replies: Receiver<Reply>,
    /// The thread forwarding the worker's stderr, and a channel that closes when it ends.
    stderr: Option<(JoinHandle<()>, Receiver<()>)>,
    last_words: Arc<Mutex<VecDeque<String>>>,
}

/// How a worker ended: its exit status (if it could be reaped) and its last lines on stderr.
pub(crate) struct Death {
    pub status: Option<ExitStatus>,
    pub last_words: Vec<String>,
    /// The plugin it recorded as running when it died.
    pub stage: Option<usize>,
}

impl Process {
    /// Starts a worker and waits until it has loaded the pipeline.
    pub fn start(command: &WorkerCommand) -> Result<(Process, Vec<PluginInfo>), StartError> {
        let spawn_error = |source| StartError::Spawn {
            program: command.program.display().to_string(),
            source,
        };
        let (stage_file, stage_path) = tempfile::Builder::new()
            .prefix("marginalia-worker-stage.")
            .tempfile()
            .map_err(spawn_error)?
            .into_parts();
        let mut child = Command::new(&command.program)
            .args(&command.args)
            .arg("--stage-file")
            .arg(&stage_path)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(spawn_error)?;
        let stdout = child.stdout.take().expect("stdout is piped");
        let stderr = child.stderr.take().expect("stderr is piped");
        let stdin = child.stdin.take().map(BufWriter::new);
        let (reply_tx, replies) = crossbeam_channel::unbounded();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { return };
                match serde_json::from_str::<Reply>(&line) {
                    Ok(reply) => {
                        if reply_tx.send(reply).is_err() {
                            return;
                        }
                    }
                    Err(error) => {
                        tracing::error!(%error, "a worker process wrote something that is not a reply; it is taken as dead");
                        return;
                    }
                }
            }
        });
        let last_words = Arc::new(Mutex::new(VecDeque::new()));
        let kept = Arc::clone(&last_words);
        let (done_tx, done_rx) = crossbeam_channel::bounded::<()>(0);
        let stderr = std::thread::spawn(move || {
            forward_stderr(stderr, &kept);
            drop(done_tx);
        });
        let process = Process {
            child,
            stages: StageFile::new(stage_file),
            _stage_path: stage_path,
            stdin,
            replies,
            stderr: Some((stderr, done_rx)),
            last_words,
        };
        match process.replies.recv_timeout(command.startup_timeout) {
            Ok(Reply::Ready(plugins)) => Ok((process, plugins)),
            Ok(Reply::Fatal(message)) => {
                process.reap(); // it exits with status 2 after saying why
                Err(StartError::Fatal(message))
            }
            Ok(other) => {
                process.kill();
                Err(StartError::Died(format!("it sent {other:?} first")))
            }
            Err(RecvTimeoutError::Timeout) => {
                process.kill();
                Err(StartError::Timeout(command.startup_timeout))
            }
            Err(RecvTimeoutError::Disconnected) => Err(StartError::Died(process.reap().describe())),
        }
    }

    /// Sends one document.
    pub fn send(&mut self, id: &str, text: &str) -> io::Result<()> {
        let stdin = self
            .stdin
            .as_mut()
            .ok_or_else(|| io::Error::from(io::ErrorKind::BrokenPipe))?;
        serde_json::to_writer(&mut *stdin, &RequestRef { id, text })?;
        stdin.write_all(b"\n")?;
        stdin.flush()
    }

    /// The next reply, waiting at most until `deadline`.
    pub fn reply(&self, deadline: Option<Instant>) -> Result<Reply, RecvTimeoutError> {
        match deadline {
            Some(deadline) => self.replies.recv_deadline(deadline),
            None => self
                .replies
                .recv()
                .map_err(|_| RecvTimeoutError::Disconnected),
        }
    }

    /// The plugin the worker recorded as running, if any.
    pub fn stage(&self) -> Option<usize> {
        self.stages.get().ok().flatten()
    }

    /// Kills the worker (SIGKILL) and reaps it.
    pub fn kill(mut self) -> Death {
        let _ = self.child.kill();
        self.reap()
    }

    /// Reaps a worker whose output has ended: waits a moment for it to exit (killing it if it
    /// does not), then collects its status and last words.
    pub fn reap(mut self) -> Death {
        self.stdin = None;
        let status = self.wait_or_kill();
        // The worker's stderr ends when it exits, unless a process it started still holds
        // it: then its last words so far are all there will be, and the thread is left to end
        // with that process.
        if let Some((thread, done)) = self.stderr.take() {
            if done.recv_timeout(STDERR_GRACE) == Err(RecvTimeoutError::Disconnected) {
                let _ = thread.join();
            }
        }
        let last_words = self
            .last_words
            .lock()
            .map(|words| words.iter().cloned().collect())
            .unwrap_or_default();
        Death {
            status,
            last_words,
            stage: self.stage(),
        }
    }

    /// Closes the worker's input, so that it finishes and exits, and reaps it.
    pub fn end(self) {
        let death = self.reap();
        if let Some(status) = death.status.filter(|s| !s.success()) {
            tracing::warn!("a worker process {}", describe_status(status));
        }
    }

    fn wait_or_kill(&mut self) -> Option<ExitStatus> {
        let until = Instant::now() + EXIT_GRACE;
        while Instant::now() < until {
            match self.child.try_wait() {
                Ok(Some(status)) => return Some(status),
                Ok(None) => std::thread::sleep(Duration::from_millis(5)),
                Err(_) => break,
            }
        }
        let _ = self.child.kill();
        self.child.wait().ok()
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        // `reap` and `kill` leave nothing to do; a process dropped otherwise (a panic in the
        // host) must not outlive it.
        if self.stderr.is_some() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

impl Death {
    /// "was killed by signal 11 (SIGSEGV)"; with its last words on stderr, if any.
    pub fn describe(&self) -> String {
        let mut text = match self.status {
            Some(status) => describe_status(status),
            None => "could not be waited for".to_owned(),
        };
        // The line that says why, when the worker ran out of memory; else the last lines.
        let words = match self.allocation_failure() {
            Some(line) => std::slice::from_ref(line),
            None => &self.last_words[self.last_words.len().saturating_sub(3)..],
        };
        if !words.is_empty() {
            text.push_str("; its last words on stderr: ");
            text.push_str(&words.join(" / "));
        }
        text
    }

    fn allocation_failure(&self) -> Option<&String> {
        self.last_words
            .iter()
            .find(|line| line.contains("memory allocation of") && line.contains("failed"))
    }

    /// Whether the worker died because an allocation failed: Rust aborts with
    /// "memory allocation of N bytes failed" when the memory limit is reached.
    pub fn ran_out_of_memory(&self) -> bool {
        self.allocation_failure().is_some()
    }
}

/// "exited with status 3", "was killed by signal 6 (SIGABRT)".
fn describe_status(status: ExitStatus) -> String {
    if let Some(code) = status.code() {
        return format!("exited with status {code}");
    }
    match status.signal() {
        Some(signal) => format!("was killed by signal {signal}{}", signal_name(signal)),
        None => format!("ended with {status}"),
    }
}

fn signal_name(signal: i32) -> &'static str {
    match signal {
        4 => " (SIGILL)",
        6 => " (SIGABRT)",
        7 => " (SIGBUS)",
        8 => " (SIGFPE)",
        9 => " (SIGKILL: the system's out-of-memory killer, or another process)",
        11 => " (SIGSEGV)",
        15 => " (SIGTERM)",
        _ => "",
    }
}

/// Copies a worker's stderr (its logs, and whatever its plugins print) to ours, line by line,
/// keeping the last few lines.
fn forward_stderr(stderr: impl io::Read, kept: &Mutex<VecDeque<String>>) {
    let mut reader = BufReader::new(stderr);
    let mut line = Vec::new();
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {
                let _ = io::stderr().write_all(&line);
                if let Ok(mut words) = kept.lock() {
                    if words.len() == LAST_WORDS {
                        words.pop_front();
                    }
                    words.push_back(String::from_utf8_lossy(&line).trim_end().to_owned());
                }
            }
        }
    }
}
