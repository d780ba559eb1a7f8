//! Process-wide guards: keeping standard output for the annotations, and a memory limit.

use std::fs::File;
use std::io;
use std::os::fd::AsFd;

/// Takes standard output for the caller: returns a file on what fd 1 was (a duplicate of
/// it), and points fd 1 at standard error.
///
/// Plugins are native code in this process, and anything they print goes to fd 1; after this
/// call it lands on stderr, and the annotations written to the returned file stay exactly the
/// records and nothing else (the contract of `annotate --input jsonl -` in a pipe, and the
/// worker protocol's framing). Rust's own `print!` in this process also goes to stderr.
/// Call it once, before any plugin is loaded.
pub fn take_stdout() -> io::Result<File> {
    let stdout = io::stdout();
    let guard = stdout.lock();
    let original = guard.as_fd().try_clone_to_owned()?;
    rustix::stdio::dup2_stdout(io::stderr().as_fd())?;
    drop(guard);
    Ok(File::from(original))
}

/// Limits this process's address space to `bytes` (`RLIMIT_AS`): past it, allocations fail,
/// and a Rust allocation failure aborts the process. For worker processes, so that a plugin
/// that leaks takes down only its worker, and early. The limit counts mapped (virtual)
/// memory, not resident memory, so it must leave room for the libraries' mappings.
pub fn limit_memory(bytes: u64) -> io::Result<()> {
    use rustix::process::{Resource, Rlimit, setrlimit};
    setrlimit(
        Resource::As,
        Rlimit {
            current: Some(bytes),
            maximum: Some(bytes),
        },
    )?;
    Ok(())
}
