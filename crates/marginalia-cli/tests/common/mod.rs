//! What the process tests of the `marginalia` binary share: running it in a directory with
//! the workspace's plugin libraries on its search path.
// Each test binary uses a different part of this module.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// How a run ended.
pub struct Run {
    /// The exit code.
    pub code: i32,
    /// Everything on stdout.
    pub stdout: String,
    /// Everything on stderr.
    pub stderr: String,
}

/// `marginalia ARGS` in `dir`, with `--plugin-dir` for each of the test kit's plugin
/// directories and no `RUST_LOG`, not yet started.
pub fn command(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_marginalia"));
    command.current_dir(dir).args(args).env_remove("RUST_LOG");
    for plugin_dir in marginalia_testkit::plugin_dirs() {
        command.arg("--plugin-dir").arg(plugin_dir);
    }
    command
}

/// Runs `marginalia ARGS` in `dir` (see [`command`]) to the end.
pub fn marginalia(dir: &Path, args: &[&str]) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = command(dir, args).output().expect("marginalia runs");
    Run {
        code: status.code().expect("exited normally"),
        stdout: String::from_utf8(stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(stderr).expect("UTF-8 stderr"),
    }
}
