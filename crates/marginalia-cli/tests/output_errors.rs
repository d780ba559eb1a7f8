//! Output that cannot be written: a full disk, a place the run may not write, a file where a
//! directory is needed, a file size limit reached mid-run, a reader that closes stdout.
//!
//! Each ends the run with exit code 2 and a message that names the output and says what to do
//! (`help:`), except a closed stdout, after which the run stops quietly with 0, as Unix tools
//! do. Nothing half-written is left looking complete: `--out FILE` appears only when the run
//! succeeds (an earlier FILE stays as it was), and a failed `--out-dir` run stays marked
//! incomplete, for `--resume`.

#![cfg(unix)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

mod common;

use common::{Run, marginalia};

/// The real pipeline, with default settings.
const CONFIG: &str =
    "pipeline = [\"actors\", \"trade-figures\", \"arms-trade\", \"sanctions\", \"treaties\"]\n";

/// A working directory with the config and a corpus of a few documents.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("marginalia.toml"), CONFIG).unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for n in 0..20 {
        std::fs::write(
            corpus.join(format!("doc{n:02}.txt")),
            "Russia imposed sanctions on Iran after China signed the treaty.\n",
        )
        .unwrap();
    }
    dir
}

/// The run failed with exit code 2, naming `output` first, and said what to do.
fn assert_output_error(run: &Run, output: &str) {
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with(&format!("error: cannot write {output}: ")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("\nhelp: "), "{}", run.stderr);
}

/// Runs `command` to the end.
fn finish(command: &mut Command) -> Run {
    let output = command.output().expect("marginalia runs");
    Run {
        code: output.status.code().expect("exited normally"),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_ends_the_run_naming_the_output() {
    use std::os::unix::fs::FileTypeExt;
    let dir = workspace();
    // `--out` onto a device writes the device; it is not replaced by a renamed file.
    let run = marginalia(dir.path(), &["annotate", "corpus", "--out", "/dev/full"]);
    assert_output_error(&run, "/dev/full");
    assert!(
        run.stderr.contains("help: the disk is full"),
        "{}",
        run.stderr
    );
    assert!(
        std::fs::metadata("/dev/full")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    let run = marginalia(dir.path(), &["annotate", "corpus", "--out", "/dev/null"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );

    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let run = finish(common::command(dir.path(), &["annotate", "corpus"]).stdout(full));
    assert_output_error(&run, "stdout");
    assert!(
        run.stderr.contains("help: the disk is full"),
        "{}",
        run.stderr
    );
}

/// A directory in which this process cannot create files. For an ordinary user, a directory
/// of mode 555. Permission bits do not stop root (CI runs as root), so when the test can
/// still create a file there, it takes the first system directory where it cannot:
/// `/sys/kernel` (sysfs refuses new files, even to root), else `/proc`.
fn unwritable_dir(parent: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let own = parent.join("read-only");
    std::fs::create_dir(&own).unwrap();
    std::fs::set_permissions(&own, std::fs::Permissions::from_mode(0o555)).unwrap();
    let candidates = [own, PathBuf::from("/sys/kernel"), PathBuf::from("/proc")];
    candidates
        .into_iter()
        .find(|dir| {
            let probe = dir.join(".marginalia-write-probe");
            match std::fs::File::create_new(&probe) {
                Ok(_) => {
                    let _ = std::fs::remove_file(&probe);
                    false
                }
                Err(_) => dir.is_dir(),
            }
        })
        .expect("/proc refuses new files")
}

#[test]
fn a_place_the_run_may_not_write_is_named_before_any_work() {
    let dir = workspace();
    let read_only = unwritable_dir(dir.path());
    let file = read_only.join("out.jsonl");
    let file = file.to_str().unwrap();
    let run = marginalia(dir.path(), &["annotate", "corpus", "--out", file]);
    assert_output_error(&run, file);
    assert!(!Path::new(file).exists());
    assert!(
        !run.stderr.contains("annotated"),
        "stopped before annotating"
    );

    let out_dir = read_only.join("out");
    let out_dir = out_dir.to_str().unwrap();
    let run = marginalia(dir.path(), &["annotate", "corpus", "--out-dir", out_dir]);
    assert_output_error(&run, out_dir);
    assert!(!Path::new(out_dir).exists());
}

#[test]
fn a_file_where_a_directory_is_needed_is_named() {
    let dir = workspace();
    let run = marginalia(
        dir.path(),
        &["annotate", "corpus", "--out", "corpus/doc00.txt/out.jsonl"],
    );
    assert_output_error(&run, "corpus/doc00.txt/out.jsonl");
    assert!(
        run.stderr.contains("help: a file is in the way"),
        "{}",
        run.stderr
    );
    let run = marginalia(
        dir.path(),
        &["annotate", "corpus", "--out-dir", "corpus/doc00.txt/out"],
    );
    assert_output_error(&run, "corpus/doc00.txt/out");
    assert!(
        run.stderr.contains("help: a part of the path is a file"),
        "{}",
        run.stderr
    );
    let run = marginalia(dir.path(), &["annotate", "corpus", "--out", "corpus"]);
    assert_output_error(&run, "corpus");
    assert!(
        run.stderr.contains("help: the path is a directory"),
        "{}",
        run.stderr
    );
}

/// `marginalia ARGS` with a file size limit of 4 blocks (2 or 4 KiB, as the shell counts),
/// so that the output fails partway with `EFBIG`, as on a disk that fills up during the run.
/// The shell ignores `SIGXFSZ` (which would kill the process) before it runs marginalia, and
/// an ignored signal stays ignored across `exec`; a write past the limit then fails instead.
fn with_size_limit(dir: &Path, args: &[&str]) -> Command {
    let inner = common::command(dir, args);
    let mut command = Command::new("sh");
    command
        .current_dir(dir)
        .env_remove("RUST_LOG")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 4 && exec \"$0\" \"$@\"")
        .arg(inner.get_program())
        .args(inner.get_args());
    command
}

/// The temporary files a writer left in `dir`.
fn partial_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".partial"))
        .collect()
}

#[test]
fn an_out_file_that_cannot_be_finished_never_appears_and_an_earlier_one_stays() {
    let dir = workspace();
    let args = ["annotate", "corpus", "--out", "out/annotations.jsonl"];
    let run = finish(&mut with_size_limit(dir.path(), &args));
    assert_output_error(&run, "out/annotations.jsonl");
    assert!(
        run.stderr.contains("help: the file grew past"),
        "{}",
        run.stderr
    );
    let out = dir.path().join("out");
    assert!(!out.join("annotations.jsonl").exists());
    assert_eq!(partial_files(&out), Vec::<String>::new());

    std::fs::write(out.join("annotations.jsonl"), "earlier output\n").unwrap();
    let run = finish(&mut with_size_limit(dir.path(), &args));
    assert_output_error(&run, "out/annotations.jsonl");
    assert_eq!(
        std::fs::read_to_string(out.join("annotations.jsonl")).unwrap(),
        "earlier output\n"
    );
    assert_eq!(partial_files(&out), Vec::<String>::new());

    // Without the limit, the same run writes the file: the limit is what failed it.
    let run = marginalia(dir.path(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written = std::fs::read_to_string(out.join("annotations.jsonl")).unwrap();
    assert_eq!(written.lines().count(), 20);
}

#[test]
fn an_out_dir_run_that_cannot_be_finished_stays_incomplete_and_resumes() {
    let dir = workspace();
    let run = finish(&mut with_size_limit(
        dir.path(),
        &["annotate", "corpus", "--out-dir", "out"],
    ));
    assert_output_error(&run, "out/annotations.jsonl");
    let state = |dir: &Path| -> serde_json::Value {
        let text = std::fs::read_to_string(dir.join("out/.marginalia-run.json")).unwrap();
        serde_json::from_str(&text).unwrap()
    };
    assert_eq!(state(dir.path())["complete"], false);

    let run = marginalia(
        dir.path(),
        &["annotate", "corpus", "--out-dir", "out", "--resume"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(state(dir.path())["complete"], true);
    let written = std::fs::read_to_string(dir.path().join("out/annotations.jsonl")).unwrap();
    assert_eq!(written.lines().count(), 20);
}

#[test]
fn a_reader_closing_stdout_stops_the_run_quietly() {
    let dir = workspace();
    // Megabytes of records: far more than the pipe holds, so writes are still to come when
    // the reader goes.
    std::fs::write(
        dir.path().join("corpus/big.txt"),
        "Russia and China. ".repeat(20_000),
    )
    .unwrap();
    let mut child = common::command(dir.path(), &["annotate", "corpus"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut start = [0u8; 100];
    stdout.read_exact(&mut start).unwrap();
    assert!(start.starts_with(b"{\"id\":\"big.txt\""));
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        !stderr.contains("annotated"),
        "the run stopped before its summary: {stderr}"
    );
}
