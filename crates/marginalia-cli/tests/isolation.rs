//! `annotate --isolate` over plugins that crash, hang, leak or print, loaded from their built
//! libraries: the document a plugin misbehaves on fails with a message that says what
//! happened, and every other document's record is byte for byte what a clean run writes.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::{Run, marginalia};

/// Documents for the test plugins: the ones containing `TRIGGER` make them misbehave.
const DOCS: &[(&str, &str)] = &[
    ("a.txt", "Alpha starts the corpus."),
    ("b.txt", "Bravo TRIGGER misbehaves here."),
    ("c.txt", "Charlie comes after the first failure."),
    ("d.txt", "Delta\nspans two lines."),
    ("e.txt", "Echo TRIGGER misbehaves again."),
    ("f.txt", "Foxtrot ends it."),
];

fn write_docs(dir: &Path, docs: &[(&str, &str)]) {
    fs::create_dir_all(dir).unwrap();
    for (name, text) in docs {
        fs::write(dir.join(name), text).unwrap();
    }
}

/// The output records by document id.
fn records(run: &Run) -> BTreeMap<String, String> {
    run.stdout
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).expect("a JSON record");
            (value["id"].as_str().unwrap().to_owned(), line.to_owned())
        })
        .collect()
}

fn error_of(record: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(record).unwrap();
    value["error"].as_str().unwrap_or_default().to_owned()
}

/// Runs `plugin` isolated over [`DOCS`] (with `extra` arguments) and checks what every
/// misbehaving plugin must give: exit code 1; the documents without `TRIGGER` written
/// exactly as a clean run over just them writes them (in-process, where the plugin behaves);
/// the `TRIGGER` documents failed, named in the summary. Returns the two error messages.
fn isolated_run(plugin: &str, extra: &[&str]) -> (String, String) {
    let tmp = tempfile::tempdir().unwrap();
    write_docs(&tmp.path().join("docs"), DOCS);
    let clean: Vec<_> = DOCS
        .iter()
        .copied()
        .filter(|(_, text)| !text.contains("TRIGGER"))
        .collect();
    write_docs(&tmp.path().join("clean"), &clean);
    let mut args = vec!["annotate", "--plugin", plugin, "--isolate", "--jobs", "2"];
    args.extend(extra);
    args.push("docs");
    let run = marginalia(tmp.path(), &args);
    let reference = marginalia(tmp.path(), &["annotate", "--plugin", plugin, "clean"]);
    assert_eq!(reference.code, 0, "{}", reference.stderr);

    assert_eq!(run.code, 1, "some documents failed: {}", run.stderr);
    assert!(!run.stderr.contains("panicked at"), "{}", run.stderr);
    let got = records(&run);
    let ids: Vec<&str> = run
        .stdout
        .lines()
        .map(|l| l.split('"').nth(3).unwrap())
        .collect();
    assert_eq!(
        ids,
        ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt", "f.txt"],
        "input order"
    );
    for (id, line) in records(&reference) {
        assert_eq!(got[&id], line, "document {id} as in a clean run");
    }
    assert!(run.stderr.contains("2 documents failed:"), "{}", run.stderr);
    let (b, e) = (error_of(&got["b.txt"]), error_of(&got["e.txt"]));
    for (id, message) in [("b.txt", &b), ("e.txt", &e)] {
        assert!(message.contains(&format!("document `{id}`")), "{message}");
        assert!(
            run.stderr.contains(&format!("  {id}: {message}")),
            "the summary names {id} and why: {}",
            run.stderr
        );
    }
    (b, e)
}

#[test]
fn a_segfault_fails_only_its_document() {
    let (b, _) = isolated_run("test-segfaults", &[]);
    assert!(
        b.starts_with("plugin `test-segfaults` crashed its worker process on document `b.txt`: the process was killed by signal 11 (SIGSEGV)"),
        "{b}"
    );
}

#[test]
fn an_abort_fails_only_its_document() {
    let (b, _) = isolated_run("test-aborts", &[]);
    assert!(b.contains("killed by signal 6 (SIGABRT)"), "{b}");
    assert!(b.starts_with("plugin `test-aborts` crashed"), "{b}");
}

#[test]
fn an_exit_fails_only_its_document() {
    let (b, _) = isolated_run("test-exits", &[]);
    assert!(b.contains("the process exited with status 3"), "{b}");
}

#[test]
fn a_hang_is_killed_after_the_document_timeout() {
    let (b, e) = isolated_run("test-hangs", &["--doc-timeout", "1"]);
    for (id, message) in [("b.txt", b), ("e.txt", e)] {
        assert_eq!(
            message,
            format!(
                "plugin `test-hangs` did not finish document `{id}` within 1 s (--doc-timeout); its worker process was killed, and a new worker takes the next document"
            )
        );
    }
}

#[test]
fn a_leak_is_stopped_by_the_memory_limit() {
    let (b, _) = isolated_run(
        "test-leaks",
        &["--worker-mem", "256", "--doc-timeout", "120"],
    );
    assert!(
        b.starts_with("plugin `test-leaks` ran out of memory on document `b.txt`, past the worker's limit of 256 MiB (--worker-mem)"),
        "{b}"
    );
    assert!(
        b.contains("memory allocation of"),
        "names the failed allocation: {b}"
    );
}

#[test]
fn a_panic_fails_only_its_document_in_a_worker_too() {
    let (b, _) = isolated_run("test-panics", &[]);
    assert!(
        b.starts_with("plugin `test-panics` panicked: deliberate panic on b.txt"),
        "the same message as in-process: {b}"
    );
}

/// What a plugin prints never reaches stdout, in a worker or in-process: stdout carries the
/// records only, exactly those of a run of a plugin that prints nothing.
#[test]
fn what_a_plugin_prints_never_reaches_the_records() {
    let tmp = tempfile::tempdir().unwrap();
    write_docs(&tmp.path().join("docs"), DOCS);
    let quiet = marginalia(tmp.path(), &["annotate", "--plugin", "test-panics", "docs"]);
    for isolation in [&["--isolate"][..], &[]] {
        let mut args = vec!["annotate", "--plugin", "test-prints"];
        args.extend(isolation);
        args.push("docs");
        let run = marginalia(tmp.path(), &args);
        assert_eq!(run.code, 0, "{isolation:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("test-prints was here: b.txt"),
            "printed to stderr: {}",
            run.stderr
        );
        assert!(run.stderr.contains("\"forged\""), "{}", run.stderr);
        // The records of test-prints are those test-panics gives on the documents it does not
        // panic on, with the plugin name changed.
        for (id, line) in records(&run) {
            assert!(!line.contains("forged"), "{line}");
            if let Some(quiet_line) = records(&quiet).get(&id).filter(|l| error_of(l).is_empty()) {
                assert_eq!(
                    line,
                    quiet_line.replace("test-panics", "test-prints"),
                    "{isolation:?}"
                );
            }
        }
        assert_eq!(records(&run).len(), DOCS.len(), "{isolation:?}");
    }
}

/// The real pipeline under isolation, with a crashing plugin at its end, over the project's
/// corpus and two documents that crash it: every other document's record is exactly that of
/// an in-process run over the corpus alone.
#[test]
fn the_real_pipeline_gives_the_same_records_isolated_as_in_process() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let tmp = tempfile::tempdir().unwrap();
    let mut corpus = Vec::new();
    for path in walk(&root) {
        let name = path
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('/', "_");
        corpus.push((name, fs::read_to_string(&path).unwrap()));
    }
    assert!(
        corpus.len() >= 20,
        "the corpus has {} documents",
        corpus.len()
    );
    let corpus: Vec<(&str, &str)> = corpus
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    write_docs(&tmp.path().join("clean"), &corpus);
    write_docs(&tmp.path().join("docs"), &corpus);
    let crashing = [
        ("aa-crash.txt", "TRIGGER"),
        ("zz-crash.txt", "Russia TRIGGER sanctions"),
    ];
    write_docs(&tmp.path().join("docs"), &crashing);
    fs::write(
        tmp.path().join("marginalia.toml"),
        "pipeline = [\"actors\", \"trade-figures\", \"arms-trade\", \"sanctions\", \"treaties\", \"test-segfaults\"]\n\n[isolation]\nenabled = true\n",
    )
    .unwrap();
    let in_process = marginalia(tmp.path(), &["annotate", "--no-isolate", "clean"]);
    assert_eq!(in_process.code, 0, "{}", in_process.stderr);
    // Isolation comes from the config's [isolation] table.
    let isolated = marginalia(tmp.path(), &["annotate", "--jobs", "2", "docs"]);
    assert_eq!(isolated.code, 1, "{}", isolated.stderr);
    let (expected, got) = (records(&in_process), records(&isolated));
    assert_eq!(got.len(), expected.len() + 2);
    assert!(
        expected.values().any(|l| l.contains("\"sanction\"")),
        "the corpus is annotated"
    );
    for (id, line) in &expected {
        assert_eq!(&got[id], line, "document {id}");
    }
    for (id, _) in crashing {
        assert!(
            error_of(&got[id]).starts_with(&format!(
                "plugin `test-segfaults` crashed its worker process on document `{id}`"
            )),
            "{}",
            got[id]
        );
    }
}

/// A config or plugin error found by the worker ends the run before any document, with the
/// message an in-process run gives.
#[test]
fn a_pipeline_that_cannot_load_is_reported_as_in_process() {
    let tmp = tempfile::tempdir().unwrap();
    write_docs(&tmp.path().join("docs"), DOCS);
    let args = [
        "annotate",
        "--plugin",
        "no-such-plugin",
        "--out",
        "out.jsonl",
        "docs",
    ];
    let in_process = marginalia(tmp.path(), &args);
    let isolated = marginalia(tmp.path(), &[&args[..], &["--isolate"]].concat());
    assert_eq!((in_process.code, isolated.code), (2, 2));
    assert!(
        isolated
            .stderr
            .contains("plugin `no-such-plugin` not found"),
        "{}",
        isolated.stderr
    );
    assert_eq!(isolated.stderr, in_process.stderr);
    assert!(!tmp.path().join("out.jsonl").exists());
}

#[test]
fn isolation_limits_without_isolation_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    write_docs(&tmp.path().join("docs"), DOCS);
    let run = marginalia(
        tmp.path(),
        &[
            "annotate",
            "--plugin",
            "test-panics",
            "--doc-timeout",
            "5",
            "docs",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("--doc-timeout and --worker-mem apply only to isolation mode: add --isolate"),
        "{}",
        run.stderr
    );
    let run = marginalia(
        tmp.path(),
        &[
            "annotate",
            "--plugin",
            "test-panics",
            "--isolate",
            "--doc-timeout=-1",
            "docs",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("--doc-timeout: -1 is not a number of seconds"),
        "{}",
        run.stderr
    );
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "txt") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// A worker killed from outside (as the kernel's out-of-memory killer would) costs at most the
/// document it was working on: the run goes on with a fresh worker.
#[test]
fn a_worker_killed_from_outside_costs_at_most_its_document() {
    let tmp = tempfile::tempdir().unwrap();
    let docs: Vec<(String, String)> = (0..12)
        .map(|i| (format!("{i:02}.txt"), format!("Document {i}.")))
        .collect();
    let docs: Vec<(&str, &str)> = docs.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    write_docs(&tmp.path().join("docs"), &docs);
    fs::write(
        tmp.path().join("marginalia.toml"),
        "pipeline = [\"test-slow\"]\n\n[plugins.test-slow]\nms = 150\n",
    )
    .unwrap();
    let mut child = common::command(
        tmp.path(),
        &["annotate", "--isolate", "--jobs", "1", "docs"],
    )
    .stdout(std::process::Stdio::piped())
    .stderr(std::process::Stdio::piped())
    .spawn()
    .unwrap();
    let host = child.id();
    let worker = loop {
        if let Some(pid) = children_of(host).first() {
            break *pid;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before a worker started"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    std::thread::sleep(std::time::Duration::from_millis(400)); // a few documents in
    let killed = std::process::Command::new("kill")
        .args(["-KILL", &worker.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let output = child.wait_with_output().unwrap();
    let run = Run {
        code: output.status.code().unwrap(),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    };
    let got = records(&run);
    assert_eq!(
        got.len(),
        12,
        "every document has its record: {}",
        run.stderr
    );
    let failed: Vec<String> = got
        .values()
        .map(|l| error_of(l))
        .filter(|e| !e.is_empty())
        .collect();
    // Killed while a plugin ran (nearly always: each document sleeps 150 ms in it), that
    // document fails; killed in the microseconds between two, none does.
    assert!(failed.len() <= 1, "{failed:?}");
    for error in &failed {
        assert!(
            error.starts_with("plugin `test-slow` crashed its worker process on document")
                && error.contains("killed by signal 9 (SIGKILL"),
            "{error}"
        );
    }
    assert_eq!(
        run.code,
        if failed.is_empty() { 0 } else { 1 },
        "{}",
        run.stderr
    );
}

/// The ids of the processes whose parent is `parent`, from /proc.
fn children_of(parent: u32) -> Vec<u32> {
    let mut children = Vec::new();
    for entry in fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // pid (comm) state ppid ...: the name may hold spaces; it ends at the last `)`.
        let ppid = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1))
            .and_then(|p| p.parse::<u32>().ok());
        if ppid == Some(parent) {
            children.push(pid);
        }
    }
    children
}
