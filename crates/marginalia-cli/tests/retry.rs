//! `marginalia annotate --out-dir DIR --resume --retry-failed`: the failed documents of a run
//! are listed in `failures.jsonl`; once their cause is gone (here: the `TRIGGER` that makes
//! the `test-panics` plugin panic is removed from their text), a retry annotates them again
//! and the directory ends byte-identical to a clean run over the edited inputs, in jsonl,
//! csv and brat. A document that fails again stays listed, with exit code 1.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod common;

use common::marginalia;

/// Documents in the corpus.
const DOCUMENTS: usize = 30;

/// The documents that fail (they contain `TRIGGER`).
const FAILING: [usize; 2] = [7, 20];

fn id(i: usize) -> String {
    format!("part-{}/doc-{i:02}.txt", i / 10)
}

/// The text of document `i`; with `TRIGGER` when `trigger`. The first one names a capital,
/// so that, in brat, a value of `kind` is only in `annotation.conf` when it was annotated.
fn text(i: usize, trigger: bool) -> String {
    let place = match i {
        7 => "Officials in Beijing",
        _ => "Russia and France",
    };
    let mut text = format!("{place} discussed item {i} of the agenda.\n");
    if trigger {
        text.push_str("TRIGGER\n");
    }
    text
}

/// A directory with `marginalia.toml` (`actors`, then `test-panics`) and `corpus/`, where
/// the documents of `FAILING` hold `TRIGGER`.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("marginalia.toml"),
        "pipeline = [\"actors\", \"test-panics\"]\n",
    )
    .unwrap();
    for i in 0..DOCUMENTS {
        write_document(dir.path(), i, FAILING.contains(&i));
    }
    dir
}

fn write_document(root: &Path, i: usize, trigger: bool) {
    let path = root.join("corpus").join(id(i));
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text(i, trigger)).unwrap();
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
                out.insert(relative, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn failures(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("failures.jsonl")).unwrap()
}

/// The failures file listing documents `numbers`, each failed by `test-panics`.
fn listed(numbers: &[usize]) -> Vec<String> {
    numbers.iter().map(|&i| id(i)).collect()
}

/// The ids in a failures file, each line checked to give `cause(id)` in its error.
fn ids_by(failures: &str, cause: impl Fn(&str) -> String) -> Vec<String> {
    failures
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            let id = value["id"].as_str().unwrap().to_owned();
            let error = value["error"].as_str().unwrap();
            assert!(error.contains(&cause(&id)), "{line}");
            id
        })
        .collect()
}

/// The ids in a failures file of documents failed by `test-panics`.
fn ids(failures: &str) -> Vec<String> {
    ids_by(failures, |id| format!("deliberate panic on {id}"))
}

fn annotate(format: &str, more: &[&str]) -> Vec<String> {
    let mut args = vec!["annotate", "corpus", "--format", format, "-j", "2"];
    args.extend_from_slice(more);
    args.into_iter().map(str::to_owned).collect()
}

fn run(root: &Path, args: &[String]) -> common::Run {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    marginalia(root, &args)
}

#[test]
fn a_retry_after_the_cause_is_fixed_ends_byte_identical_to_a_clean_run() {
    for format in ["jsonl", "csv", "brat"] {
        let dir = workspace();
        let root = dir.path();
        let first = run(root, &annotate(format, &["--out-dir", "a"]));
        assert_eq!(first.code, 1, "{format}: {}", first.stderr);
        assert_eq!(
            ids(&failures(&root.join("a"))),
            listed(&FAILING),
            "{format}"
        );

        for i in FAILING {
            write_document(root, i, false);
        }
        let clean = run(root, &annotate(format, &["--out-dir", "clean"]));
        assert_eq!(clean.code, 0, "{format}: {}", clean.stderr);
        let expected = tree(&root.join("clean"));

        let retry = run(
            root,
            &annotate(format, &["--out-dir", "a", "--resume", "--retry-failed"]),
        );
        assert_eq!(retry.code, 0, "{format}: {}", retry.stderr);
        assert!(
            retry.stderr.starts_with(&format!(
                "retrying the 2 failed documents of the {DOCUMENTS} already written to a\n\
                 annotated 2 documents"
            )),
            "{format}: {}",
            retry.stderr
        );
        assert!(
            retry
                .stderr
                .ends_with("retried 2 failed documents: 2 fixed, 0 still failing\n"),
            "{format}: {}",
            retry.stderr
        );
        assert_eq!(failures(&root.join("a")), "", "{format}");
        let retried = tree(&root.join("a"));
        assert_eq!(
            retried.keys().collect::<Vec<_>>(),
            expected.keys().collect::<Vec<_>>(),
            "{format}"
        );
        assert!(
            retried == expected,
            "{format}: byte-identical to the clean run"
        );
    }
}

#[test]
fn a_document_that_fails_again_stays_listed_and_the_exit_code_says_so() {
    let dir = workspace();
    let root = dir.path();
    let first = run(root, &annotate("csv", &["--out-dir", "a"]));
    assert_eq!(first.code, 1, "{}", first.stderr);
    write_document(root, FAILING[1], false);
    let clean = run(root, &annotate("csv", &["--out-dir", "clean"]));
    assert_eq!(clean.code, 1, "{}", clean.stderr);

    let retry = run(
        root,
        &annotate("csv", &["--out-dir", "a", "--resume", "--retry-failed"]),
    );
    assert_eq!(retry.code, 1, "{}", retry.stderr);
    assert!(
        retry.stderr.contains(&format!(
            "1 documents failed:\n  {}: plugin `test-panics` panicked",
            id(FAILING[0])
        )),
        "{}",
        retry.stderr
    );
    assert!(
        retry
            .stderr
            .ends_with("retried 2 failed documents: 1 fixed, 1 still failing\n"),
        "{}",
        retry.stderr
    );
    assert_eq!(ids(&failures(&root.join("a"))), listed(&FAILING[..1]));
    assert!(tree(&root.join("a")) == tree(&root.join("clean")));
}

#[test]
fn a_retry_of_an_interrupted_run_retries_then_finishes_it() {
    let dir = workspace();
    let root = dir.path();
    let first = run(root, &annotate("jsonl", &["--out-dir", "a"]));
    assert_eq!(first.code, 1, "{}", first.stderr);
    // As a kill after the 12th document leaves it (one failure written, one not yet).
    let out = root.join("a/annotations.jsonl");
    let full = std::fs::read(&out).unwrap();
    let cut = full
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(11)
        .unwrap()
        .0
        + 1;
    std::fs::write(&out, &full[..cut]).unwrap();
    for i in FAILING {
        write_document(root, i, false);
    }
    let clean = run(root, &annotate("jsonl", &["--out-dir", "clean"]));
    assert_eq!(clean.code, 0, "{}", clean.stderr);

    let retry = run(
        root,
        &annotate("jsonl", &["--out-dir", "a", "--resume", "--retry-failed"]),
    );
    assert_eq!(retry.code, 0, "{}", retry.stderr);
    assert!(
        retry.stderr.starts_with(
            "retrying the 1 failed documents of the 12 already written to a\n\
             annotated 19 documents"
        ),
        "{}",
        retry.stderr
    );
    assert!(tree(&root.join("a")) == tree(&root.join("clean")));
}

#[test]
fn a_retry_needs_resume_and_a_resumable_format() {
    let dir = workspace();
    let root = dir.path();
    let plain = run(
        root,
        &annotate("jsonl", &["--out-dir", "a", "--retry-failed"]),
    );
    assert_eq!(plain.code, 2);
    assert!(
        plain
            .stderr
            .contains("the following required arguments were not provided:\n  --resume"),
        "{}",
        plain.stderr
    );
    let html = marginalia(
        root,
        &[
            "annotate",
            "corpus",
            "--format",
            "html",
            "--out-dir",
            "h",
            "--resume",
            "--retry-failed",
        ],
    );
    assert_eq!(html.code, 2);
    assert_eq!(
        html.stderr,
        "error: --resume does not apply to --format html: the report is one page that \
         summarises every document at its end; write it afresh\n"
    );
}

#[test]
fn documents_that_crashed_an_isolated_worker_are_listed_and_retried() {
    let dir = workspace();
    let root = dir.path();
    std::fs::write(
        root.join("isolated.toml"),
        "pipeline = [\"actors\", \"test-segfaults\"]\n",
    )
    .unwrap();
    let isolated = |out: &'static str, more: &[&'static str]| {
        let mut args = vec!["--config", "isolated.toml", "--isolate", "--out-dir", out];
        args.extend_from_slice(more);
        annotate("jsonl", &args)
    };
    let first = run(root, &isolated("a", &[]));
    assert_eq!(first.code, 1, "{}", first.stderr);
    assert_eq!(
        ids_by(&failures(&root.join("a")), |id| format!(
            "plugin `test-segfaults` crashed its worker process on document `{id}`"
        )),
        listed(&FAILING)
    );

    for i in FAILING {
        write_document(root, i, false);
    }
    let clean = run(root, &isolated("clean", &[]));
    assert_eq!(clean.code, 0, "{}", clean.stderr);
    let retry = run(root, &isolated("a", &["--resume", "--retry-failed"]));
    assert_eq!(retry.code, 0, "{}", retry.stderr);
    assert_eq!(failures(&root.join("a")), "");
    assert!(tree(&root.join("a")) == tree(&root.join("clean")));
}
