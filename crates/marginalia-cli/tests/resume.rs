//! `marginalia annotate --out-dir DIR --resume`: a run killed halfway (SIGKILL) and resumed
//! ends with exactly the output of an uninterrupted run, in every resumable format; a torn
//! last record is dropped and redone; a resume with other settings or another input is
//! refused, leaving the output as it was.
//!
//! The pipeline is the real `actors` plugin, `test-panics` (which fails the documents
//! containing `TRIGGER`, so that failed documents are resumed too) and `test-slow` (which
//! sleeps on every document, so that a run with `--jobs 1` is slow enough to be killed
//! halfway). The corpus is a few hundred small generated documents in two directories;
//! the first ones name a capital, the later ones countries, so that brat's
//! `annotation.conf`, which lists the attribute values seen, is only right if the resumed
//! run took back those of the documents written before the kill.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// Documents in the corpus.
const DOCUMENTS: usize = 300;

/// The documents, from the first, that name a capital (`kind: capital` in actors' attributes).
const CAPITALS: usize = 40;

mod common;

use common::{command, marginalia};

fn text(i: usize) -> String {
    let mut text = if i < CAPITALS {
        format!("Officials in Beijing said on day {i} that the talks would go on.\n")
    } else {
        format!("Russia and France discussed item {i} of the agenda.\n")
    };
    if i % 41 == 7 {
        text.push_str("TRIGGER\n");
    }
    text
}

/// A directory with `marginalia.toml`, `slower.toml` (the same, but `test-slow` sleeps 6 ms
/// instead of 5) and `corpus/part-N/doc-NNN.txt`.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let config = |ms: u64| {
        format!(
            "pipeline = [\"actors\", \"test-panics\", \"test-slow\"]\n\n[plugins.test-slow]\nms = {ms}\n"
        )
    };
    std::fs::write(dir.path().join("marginalia.toml"), config(5)).unwrap();
    std::fs::write(dir.path().join("slower.toml"), config(6)).unwrap();
    for i in 0..DOCUMENTS {
        let path = dir.path().join(id(i));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text(i)).unwrap();
    }
    dir
}

fn id(i: usize) -> String {
    format!("corpus/part-{}/doc-{i:03}.txt", i / 100)
}

fn read(path: impl AsRef<Path>) -> Vec<u8> {
    let path = path.as_ref();
    std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn lines(path: &Path) -> usize {
    std::fs::read(path).map_or(0, |bytes| bytes.iter().filter(|&&b| b == b'\n').count())
}

/// Starts `marginalia args` and kills it (SIGKILL) once `records` has at least `at_least`
/// lines; panics if the run ends by itself first. Returns the lines then written.
fn kill_halfway(dir: &Path, args: &[&str], records: &Path, at_least: usize) -> usize {
    let mut child: Child = command(dir, args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("marginalia starts");
    let deadline = Instant::now() + Duration::from_secs(120);
    while lines(records) < at_least {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the run ended ({status}) before it could be killed halfway");
        }
        assert!(Instant::now() < deadline, "the run makes no progress");
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let written = lines(records);
    assert!(
        written < DOCUMENTS,
        "killed after {written} of {DOCUMENTS} documents: not halfway"
    );
    written
}

/// Every file under `dir`, by relative path, with its content.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let relative = path.strip_prefix(root).unwrap().to_owned();
                out.insert(relative, read(&path));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

#[test]
fn a_killed_jsonl_run_resumes_to_the_output_of_an_uninterrupted_one() {
    let dir = workspace();
    let root = dir.path();
    let uninterrupted = marginalia(root, &["annotate", "corpus", "--out-dir", "a", "-j", "4"]);
    assert_eq!(uninterrupted.code, 1, "{}", uninterrupted.stderr);
    let expected = read(root.join("a/annotations.jsonl"));
    let expected_lines: Vec<&[u8]> = expected.split_inclusive(|&b| b == b'\n').collect();
    assert_eq!(expected_lines.len(), DOCUMENTS);

    let out = root.join("b/annotations.jsonl");
    let run = ["annotate", "corpus", "--out-dir", "b", "-j", "1"];
    let written = kill_halfway(root, &run, &out, 60);
    let partial = read(&out);
    assert_eq!(
        partial,
        expected_lines[..written].concat(),
        "what a killed run wrote is a prefix of the full output"
    );

    // Without --resume, the output of the killed run is not overwritten.
    let again = marginalia(root, &run);
    assert_eq!(again.code, 2);
    assert!(
        again.stderr.contains(
            "b/annotations.jsonl holds the output of an earlier run: pass --resume to continue it, or remove it"
        ),
        "{}",
        again.stderr
    );
    // Another config is another run.
    let other = marginalia(
        root,
        &[
            "annotate",
            "corpus",
            "--out-dir",
            "b",
            "--resume",
            "--config",
            "slower.toml",
        ],
    );
    assert_eq!(other.code, 2);
    assert!(
        other.stderr.contains(
            "error: cannot resume the run in b: it was started with other settings (config: was "
        ),
        "{}",
        other.stderr
    );
    assert!(
        other.stderr.contains("; config_hash: was \""),
        "{}",
        other.stderr
    );
    assert_eq!(read(&out), partial, "a refused resume changes nothing");

    // A torn last record (as a power loss may leave): half of the next line.
    let next = expected_lines[written];
    let mut torn = partial.clone();
    torn.extend_from_slice(&next[..next.len() / 2]);
    std::fs::write(&out, &torn).unwrap();

    // Resumed, and killed again.
    let resume = [
        "annotate",
        "corpus",
        "--out-dir",
        "b",
        "--resume",
        "-j",
        "1",
    ];
    let written_again = kill_halfway(root, &resume, &out, written + (DOCUMENTS - written) / 3);
    assert_eq!(read(&out), expected_lines[..written_again].concat());

    let resumed = marginalia(
        root,
        &[
            "annotate",
            "corpus",
            "--out-dir",
            "b",
            "--resume",
            "-j",
            "4",
        ],
    );
    assert_eq!(
        resumed.code, 1,
        "documents failed, before the kill or after: {}",
        resumed.stderr
    );
    assert!(
        resumed.stderr.starts_with(&format!(
            "resuming after {written_again} documents already written to b ("
        )),
        "{}",
        resumed.stderr
    );
    assert!(
        read(&out) == expected,
        "byte-identical to the uninterrupted run"
    );
    assert_eq!(
        read(root.join("b/.marginalia-run.json")),
        read(root.join("a/.marginalia-run.json"))
    );

    // Resuming a complete run writes nothing.
    let done = marginalia(root, &["annotate", "corpus", "--out-dir", "b", "--resume"]);
    assert_eq!(done.code, 1, "{}", done.stderr);
    assert!(
        done.stderr.contains(&format!(
            "resuming after {DOCUMENTS} documents already written to b (8 failed)\nannotated 0 documents"
        )),
        "{}",
        done.stderr
    );
    assert!(read(&out) == expected);
}

#[test]
fn the_torn_tail_of_a_killed_run_is_reported_and_redone() {
    let dir = workspace();
    let root = dir.path();
    let run = marginalia(root, &["annotate", "corpus", "--out-dir", "a", "-j", "4"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let out = root.join("a/annotations.jsonl");
    let expected = read(&out);
    // Cut in the middle of the 11th record, and a line that is not a record after it.
    let cut = expected
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(9)
        .unwrap()
        .0
        + 20;
    std::fs::write(&out, &expected[..cut]).unwrap();
    let run = marginalia(root, &["annotate", "corpus", "--out-dir", "a", "--resume"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with(
            "resuming: dropped the incomplete or damaged end of the records in a (19 bytes); \
             its documents are written again\n\
             resuming after 10 documents already written to a (1 failed)\n"
        ),
        "{}",
        run.stderr
    );
    assert!(read(&out) == expected);
}

#[test]
fn a_resume_refuses_an_input_that_changed_and_formats_it_cannot_resume() {
    let dir = workspace();
    let root = dir.path();
    let run = marginalia(root, &["annotate", "corpus", "--out-dir", "a", "-j", "4"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let out = root.join("a/annotations.jsonl");
    let full = read(&out);
    let ten: Vec<u8> = full
        .split_inclusive(|&b| b == b'\n')
        .take(10)
        .flatten()
        .copied()
        .collect();
    std::fs::write(&out, &ten).unwrap();

    // A document before the point of the interruption is gone.
    std::fs::remove_file(root.join(id(4))).unwrap();
    let run = marginalia(root, &["annotate", "corpus", "--out-dir", "a", "--resume"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: cannot resume the run in a: its document 5 is `part-0/doc-004.txt`, but the \
         input's document 5 is `part-0/doc-005.txt`: the input changed since the run stopped; \
         start afresh in another --out-dir\n"
    );
    assert_eq!(read(&out), ten, "a refused resume changes nothing");

    // --include narrows the input: another run.
    let run = marginalia(
        root,
        &[
            "annotate",
            "corpus",
            "--out-dir",
            "a",
            "--resume",
            "--include",
            "doc-00*.txt",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("other settings (include: was [], now [\"doc-00*.txt\"])"),
        "{}",
        run.stderr
    );

    let run = marginalia(root, &["annotate", "corpus", "--resume"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--out-dir <DIR>"), "{}", run.stderr);
    let run = marginalia(
        root,
        &[
            "annotate",
            "corpus",
            "--format",
            "html",
            "--out-dir",
            "h",
            "--resume",
        ],
    );
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: --resume does not apply to --format html: the report is one page that \
         summarises every document at its end; write it afresh\n"
    );
}

#[test]
fn a_killed_csv_run_resumes_to_the_output_of_an_uninterrupted_one() {
    let dir = workspace();
    let root = dir.path();
    let csv = [
        "annotate",
        "corpus",
        "--format",
        "csv",
        "--offsets",
        "chars",
    ];
    let with = |more: &[&'static str]| [&csv[..], more].concat();
    let run = marginalia(root, &with(&["--out-dir", "a", "-j", "4"]));
    assert_eq!(run.code, 1, "{}", run.stderr);
    let expected = tree(&root.join("a"));
    assert!(expected[Path::new("annotations.csv")].starts_with(
        b"doc,label,start_byte,end_byte,start_char,end_char,text,plugin,attrs,error\r\n"
    ));

    let journal = root.join("b/.marginalia-done.jsonl");
    kill_halfway(root, &with(&["--out-dir", "b", "-j", "1"]), &journal, 60);
    // Rows of a document the journal does not have yet, as a kill between the two leaves.
    let mut data = read(root.join("b/annotations.csv"));
    data.extend_from_slice(b"part-1/doc-999.txt,actor,0,6,0,6,Russia,actors,{},\r\n");
    std::fs::write(root.join("b/annotations.csv"), data).unwrap();

    let run = marginalia(root, &with(&["--out-dir", "b", "--resume", "-j", "4"]));
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.starts_with("resuming after "), "{}", run.stderr);
    assert!(
        tree(&root.join("b")) == expected,
        "byte-identical to the uninterrupted run"
    );
}

#[test]
fn a_killed_brat_run_resumes_to_the_output_of_an_uninterrupted_one() {
    let dir = workspace();
    let root = dir.path();
    let brat = ["annotate", "corpus", "--format", "brat"];
    let with = |more: &[&'static str]| [&brat[..], more].concat();
    let run = marginalia(root, &with(&["--out-dir", "a", "-j", "4"]));
    assert_eq!(run.code, 1, "{}", run.stderr);
    let expected = tree(&root.join("a"));
    let conf = String::from_utf8(expected[Path::new("annotation.conf")].clone()).unwrap();
    assert!(
        conf.contains("\nkind\tArg:actor, Value:capital|country\n"),
        "the capitals of the first documents are listed: {conf}"
    );

    let journal = root.join("b/.marginalia-done.jsonl");
    let written = kill_halfway(root, &with(&["--out-dir", "b", "-j", "1"]), &journal, 60);
    assert!(written > CAPITALS);
    assert!(
        !root.join("b/annotation.conf").exists(),
        "written at the end"
    );
    // A document written after the journal's last line is redone: here, its .ann is damaged.
    let next = root.join(format!("b/part-{}/doc-{written:03}.ann", written / 100));
    std::fs::create_dir_all(next.parent().unwrap()).unwrap();
    std::fs::write(&next, "T1\tdamaged 0 1\tx\n").unwrap();
    // And a document the journal has, whose .ann did not reach the disk (a power loss):
    // it and everything after it are redone.
    let lost = if (written - 5) % 41 == 7 {
        written - 6 // a failed document has no .ann
    } else {
        written - 5
    };
    std::fs::write(
        root.join(format!("b/part-{}/doc-{lost:03}.ann", lost / 100)),
        "",
    )
    .unwrap();

    let run = marginalia(root, &with(&["--out-dir", "b", "--resume", "-j", "4"]));
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "resuming after {lost} documents already written to b ("
        )),
        "{}",
        run.stderr
    );
    assert!(
        tree(&root.join("b")) == expected,
        "byte-identical to the uninterrupted run"
    );
}
