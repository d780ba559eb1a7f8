//! Running commands: print each one, then run it from the workspace root.

use std::path::PathBuf;
use std::process::{Command, ExitStatus};

use anyhow::{Context, Result, bail};

/// The workspace root, where every command runs.
pub fn root() -> Result<PathBuf> {
    marginalia_testkit::workspace_root().context("finding the workspace root")
}

/// `cargo`, as the one running xtask (`$CARGO`), with the given arguments, in the workspace root.
pub fn cargo(args: &[&str]) -> Result<Command> {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.args(args).current_dir(root()?);
    Ok(command)
}

/// The command as a line one could paste into a shell: `env -u X Y=z program args` when it
/// changes the environment, `program args` otherwise.
pub fn show(command: &Command) -> String {
    let mut unset = Vec::new();
    let mut set = Vec::new();
    for (key, value) in command.get_envs() {
        let key = key.to_string_lossy();
        match value {
            Some(value) => set.push(format!("{key}={}", value.to_string_lossy())),
            None => unset.push(format!("-u {key}")),
        }
    }
    let mut program = marginalia_testkit::display(command);
    // `$CARGO` is a long toolchain path; `cargo` says the same to a reader.
    if let Some(cargo) = std::env::var_os("CARGO") {
        let cargo = cargo.to_string_lossy().into_owned();
        if let Some(args) = program.strip_prefix(&cargo) {
            program = format!("cargo{args}");
        }
    }
    if unset.is_empty() && set.is_empty() {
        return program;
    }
    let mut parts = vec!["env".to_owned()];
    parts.extend(unset);
    parts.extend(set);
    parts.push(program);
    parts.join(" ")
}

/// Prints the command, runs it with inherited stdio, and returns how it exited.
pub fn status(command: &mut Command) -> Result<ExitStatus> {
    println!("$ {}", show(command));
    command
        .status()
        .with_context(|| format!("could not run `{}`", show(command)))
}

/// Prints the command, runs it, and fails unless it succeeds.
pub fn run(command: &mut Command) -> Result<()> {
    let status = status(command)?;
    if !status.success() {
        bail!("`{}` failed ({status})", show(command));
    }
    Ok(())
}
