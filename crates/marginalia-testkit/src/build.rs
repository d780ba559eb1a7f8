//! Building the workspace and finding what the build produced.

use std::ffi::OsString;
use std::io::{self, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::OnceLock;

use cargo_metadata::{CrateType, Message, TargetKind};

/// The environment variable that, when set, lists the plugin directories (an OS path list, as
/// `PATH` is) so that [`plugin_dirs`] does not build anything.
pub const PLUGIN_DIR_ENV: &str = "MARGINALIA_PLUGIN_DIR";

/// The name of the binary target of `marginalia-cli`.
const MARGINALIA_BIN: &str = "marginalia";

/// Which cargo profile to build with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Profile {
    /// The `dev` profile (`target/debug`).
    Debug,
    /// The `release` profile (`target/release`).
    Release,
}

/// What a build produced, as cargo reported it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BuiltArtifacts {
    /// Every `cdylib` library file (plugins), in the order cargo reported them, without
    /// duplicates.
    pub libraries: Vec<PathBuf>,
    /// The `marginalia` executable, when the build produced it.
    pub marginalia_bin: Option<PathBuf>,
}

impl BuiltArtifacts {
    /// The directories holding [`libraries`](Self::libraries), without duplicates, in first-seen
    /// order: what to pass as `--plugin-dir`.
    pub fn plugin_dirs(&self) -> Vec<PathBuf> {
        let mut dirs: Vec<PathBuf> = Vec::new();
        for dir in self.libraries.iter().filter_map(|lib| lib.parent()) {
            if !dirs.iter().any(|d| d == dir) {
                dirs.push(dir.to_path_buf());
            }
        }
        dirs
    }

    fn record(&mut self, artifact: cargo_metadata::Artifact) {
        let target = &artifact.target;
        if target.crate_types.contains(&CrateType::CDyLib) {
            let libraries = artifact
                .filenames
                .iter()
                .filter(|f| f.as_str().ends_with(std::env::consts::DLL_SUFFIX))
                .map(|f| f.clone().into_std_path_buf());
            for library in libraries {
                if !self.libraries.contains(&library) {
                    self.libraries.push(library);
                }
            }
        }
        if target.name == MARGINALIA_BIN && target.kind.contains(&TargetKind::Bin) {
            if let Some(executable) = artifact.executable {
                self.marginalia_bin = Some(executable.into_std_path_buf());
            }
        }
    }
}

/// Why a build (or finding the workspace) failed.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The command could not be started.
    #[error("could not run `{command}`")]
    Spawn {
        /// The command line.
        command: String,
        /// The cause.
        source: io::Error,
    },
    /// Cargo's JSON messages could not be read.
    #[error("could not read the output of `{command}`")]
    Messages {
        /// The command line.
        command: String,
        /// The cause.
        source: io::Error,
    },
    /// The command ran and failed; its diagnostics went to stderr.
    #[error("`{command}` failed ({status}); its errors are printed above")]
    Failed {
        /// The command line.
        command: String,
        /// How it exited.
        status: ExitStatus,
    },
    /// `cargo locate-project` did not name a workspace manifest.
    #[error("could not find the workspace root: {0}")]
    Locate(String),
}

/// The cargo to run: `$CARGO` (set by cargo for everything it runs) or `cargo`.
fn cargo() -> OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// The command line, for messages: program and arguments separated by spaces.
pub fn display(command: &Command) -> String {
    let mut line = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        line.push(' ');
        line.push_str(&arg.to_string_lossy());
    }
    line
}

/// The workspace root directory, found with `cargo locate-project --workspace` run from the
/// running crate's directory (`CARGO_MANIFEST_DIR` as cargo sets it for `cargo run` and
/// `cargo test`), else from this crate's directory at build time, else from the current one.
///
/// The run-time variable comes first so that a checkout that moved after it was built (its
/// `target/` with it) still finds itself.
pub fn workspace_root() -> Result<PathBuf, BuildError> {
    let start = [std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from)]
        .into_iter()
        .flatten()
        .chain([PathBuf::from(env!("CARGO_MANIFEST_DIR"))])
        .find(|dir| dir.is_dir())
        .unwrap_or_else(|| PathBuf::from("."));
    let mut command = Command::new(cargo());
    command.current_dir(&start).args([
        "locate-project",
        "--workspace",
        "--message-format",
        "plain",
    ]);
    let output = command.output().map_err(|source| BuildError::Spawn {
        command: display(&command),
        source,
    })?;
    if !output.status.success() {
        return Err(BuildError::Locate(
            String::from_utf8_lossy(&output.stderr).trim().to_owned(),
        ));
    }
    let manifest = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    Path::new(&manifest)
        .parent()
        .map(Path::to_path_buf)
        .ok_or_else(|| BuildError::Locate(format!("unexpected manifest path {manifest:?}")))
}

/// The build command [`build_plugins`] runs: `cargo build --workspace
/// --message-format=json-render-diagnostics` (plus `--release` for [`Profile::Release`]), from
/// the workspace root, with stdout piped for the JSON messages and stderr inherited.
pub fn build_command(profile: Profile) -> Result<Command, BuildError> {
    let root = workspace_root()?;
    let mut command = Command::new(cargo());
    command.current_dir(&root).args([
        "build",
        "--workspace",
        "--message-format=json-render-diagnostics",
    ]);
    if profile == Profile::Release {
        command.arg("--release");
    }
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    Ok(command)
}

/// Builds the whole workspace with [`build_command`] and collects, from cargo's messages, every
/// `cdylib` library and the `marginalia` executable.
///
/// Cargo's progress and rendered diagnostics go to this process's stderr. Running it from
/// inside `cargo test` on the same target directory works: cargo releases its build lock before
/// it runs the test binaries, and everything the tests were built from is already fresh.
pub fn build_plugins(profile: Profile) -> Result<BuiltArtifacts, BuildError> {
    run_build(build_command(profile)?)
}

/// Runs a build command that prints cargo's JSON messages on stdout (as [`build_command`]
/// makes) and collects the artifacts it reports.
pub fn run_build(mut command: Command) -> Result<BuiltArtifacts, BuildError> {
    command.stdout(Stdio::piped());
    let line = display(&command);
    let mut child = command.spawn().map_err(|source| BuildError::Spawn {
        command: line.clone(),
        source,
    })?;
    let mut artifacts = BuiltArtifacts::default();
    let stdout = child.stdout.take().expect("stdout is piped");
    for message in Message::parse_stream(BufReader::new(stdout)) {
        match message {
            Ok(Message::CompilerArtifact(artifact)) => artifacts.record(artifact),
            Ok(_) => {}
            Err(source) => {
                // Reap the child before reporting; the read error is the cause worth showing.
                let _ = child.wait();
                return Err(BuildError::Messages {
                    command: line,
                    source,
                });
            }
        }
    }
    let status = child.wait().map_err(|source| BuildError::Messages {
        command: line.clone(),
        source,
    })?;
    if !status.success() {
        return Err(BuildError::Failed {
            command: line,
            status,
        });
    }
    Ok(artifacts)
}

/// The directories to pass as `--plugin-dir` in tests.
///
/// When `MARGINALIA_PLUGIN_DIR` is set (and not empty) it is split as an OS path list and used
/// as it is. Otherwise the workspace is built once per process with [`Profile::Debug`] and the
/// directories of the libraries it produced are returned.
///
/// # Panics
///
/// When the build fails, or produces no plugin library: this is test support, and a test
/// cannot go on without plugins.
pub fn plugin_dirs() -> Vec<PathBuf> {
    if let Some(list) = std::env::var_os(PLUGIN_DIR_ENV).filter(|v| !v.is_empty()) {
        return std::env::split_paths(&list)
            .filter(|p| !p.as_os_str().is_empty())
            .collect();
    }
    static BUILT: OnceLock<Vec<PathBuf>> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let artifacts = build_plugins(Profile::Debug).unwrap_or_else(|error| {
                panic!(
                    "marginalia-testkit: building the plugins failed: {}",
                    chain(&error)
                )
            });
            let dirs = artifacts.plugin_dirs();
            assert!(
                !dirs.is_empty(),
                "marginalia-testkit: `cargo build --workspace` produced no cdylib plugin library"
            );
            dirs
        })
        .clone()
}

/// The error and its causes, joined by `: `.
fn chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}
