//! Resuming in-process, format by format.

use super::*;
use crate::Outcome;
use marginalia_core::{Annotation, Attrs};

/// Documents `d0.txt`, `d1.txt`... with one annotation each, every third one failed.
fn documents(n: usize) -> Vec<(String, String, Vec<Annotation>)> {
    (0..n)
        .map(|i| {
            let text = format!("Paris {i}, \"quoted\"\nnext line");
            let attrs = Attrs::new().with("kind", if i < 2 { "capital" } else { "city" });
            let annotation = Annotation {
                label: "actor".into(),
                start: 0,
                end: 5,
                text: "Paris".into(),
                plugin: "p".into(),
                attrs,
            };
            (format!("d{i}.txt"), text, vec![annotation])
        })
        .collect()
}

fn outcome(doc: &(String, String, Vec<Annotation>), i: usize) -> Outcome<'_> {
    Outcome {
        id: &doc.0,
        text: Some(&doc.1),
        result: if i % 3 == 2 {
            Err("it failed")
        } else {
            Ok(&doc.2)
        },
    }
}

fn identity() -> RunIdentity {
    RunIdentity::new().with("inputs", ["corpus"])
}

/// Writes documents `from..to` into `dir` (resuming when `resume`), finishing only when
/// `finish`; returns what the open found.
fn run(
    format: Format,
    dir: &Path,
    docs: &[(String, String, Vec<Annotation>)],
    to: usize,
    resume: bool,
    finish: bool,
) -> Resumed {
    let mut ids = docs.iter().map(|d| d.0.clone());
    let (mut writer, resumed) = open_dir(
        format,
        OffsetUnits::Chars,
        dir,
        identity(),
        if resume { Mode::Resume } else { Mode::Fresh },
        &mut ids,
    )
    .unwrap();
    let from = usize::try_from(resumed.documents).unwrap();
    for (i, doc) in docs.iter().enumerate().take(to).skip(from) {
        writer.write(&outcome(doc, i)).unwrap();
    }
    if finish {
        writer.finish().unwrap();
    }
    resumed
}

fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        out.insert(name, std::fs::read(&path).unwrap());
    }
    out
}

#[test]
fn an_interrupted_run_resumes_to_the_same_output_in_every_format() {
    let docs = documents(10);
    for format in [Format::Jsonl, Format::Csv, Format::Brat] {
        let whole = tempfile::tempdir().unwrap();
        run(format, whole.path(), &docs, 10, false, true);
        let expected = tree(whole.path());

        let parts = tempfile::tempdir().unwrap();
        assert_eq!(
            run(format, parts.path(), &docs, 4, false, false),
            Resumed::default()
        );
        let resumed = run(format, parts.path(), &docs, 7, true, false);
        assert_eq!(
            resumed,
            Resumed {
                documents: 4,
                failed: 1,
                retried: Vec::new(),
                dropped_bytes: 0
            },
            "{format:?}"
        );
        run(format, parts.path(), &docs, 10, true, true);
        assert_eq!(tree(parts.path()), expected, "{format:?}");
        let state = String::from_utf8(expected[STATE_FILE].clone()).unwrap();
        assert!(state.contains("\"complete\": true"), "{state}");
        assert!(state.contains("\"format\": \""), "{state}");
    }
}

#[test]
fn existing_output_needs_resume_and_the_same_identity() {
    let docs = documents(4);
    let dir = tempfile::tempdir().unwrap();
    run(Format::Jsonl, dir.path(), &docs, 2, false, false);
    let mut ids = docs.iter().map(|d| d.0.clone());
    let open = |identity, resume, ids: &mut dyn ResumeInput| {
        open_dir(
            Format::Jsonl,
            OffsetUnits::Chars,
            dir.path(),
            identity,
            if resume { Mode::Resume } else { Mode::Fresh },
            ids,
        )
        .map(|_| ())
        .unwrap_err()
        .to_string()
    };
    let message = open(identity(), false, &mut ids);
    assert!(
        message.ends_with("annotations.jsonl holds the output of an earlier run: pass --resume to continue it, or remove it (or choose another --out-dir) to start afresh"),
        "{message}"
    );
    let other = identity()
        .with("inputs", ["other"])
        .with("plugins", ["x 1"]);
    let message = open(other, true, &mut ids);
    assert!(
        message.ends_with(
            "it was started with other settings (inputs: was [\"corpus\"], now [\"other\"]; \
             plugins: was (none), now [\"x 1\"]); resume it with the same inputs, options, \
             config and plugins, or start afresh in another --out-dir"
        ),
        "{message}"
    );
    let message = open(identity(), true, &mut ["d0.txt".to_owned()].into_iter());
    assert!(
        message.ends_with(
            "its document 2 is `d1.txt`, but the input has only 1 documents: the input \
             changed since the run stopped; start afresh in another --out-dir"
        ),
        "{message}"
    );
    std::fs::remove_file(dir.path().join(STATE_FILE)).unwrap();
    let message = open(identity(), true, &mut ids);
    assert!(
        message.contains("was not written by a resumable run (")
            && message.ends_with(
                ".marginalia-run.json is missing); remove it or choose another --out-dir"
            ),
        "{message}"
    );
}

#[test]
fn a_resume_keeps_the_records_up_to_the_first_incomplete_or_damaged_one() {
    let docs = documents(6);
    let whole = tempfile::tempdir().unwrap();
    run(Format::Jsonl, whole.path(), &docs, 6, false, true);
    let expected = tree(whole.path());

    let dir = tempfile::tempdir().unwrap();
    run(Format::Jsonl, dir.path(), &docs, 6, false, false);
    let path = dir.path().join("annotations.jsonl");
    let full = std::fs::read(&path).unwrap();
    // The fourth line damaged (as a power loss may leave it), the rest intact.
    let starts: Vec<usize> = std::iter::once(0)
        .chain(
            full.iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        )
        .collect();
    let mut damaged = full.clone();
    damaged[starts[3]..starts[3] + 4].fill(0);
    std::fs::write(&path, &damaged).unwrap();
    let resumed = run(Format::Jsonl, dir.path(), &docs, 6, true, true);
    assert_eq!(resumed.documents, 3);
    assert_eq!(resumed.dropped_bytes, (full.len() - starts[3]) as u64);
    assert_eq!(tree(dir.path()), expected);

    // csv: rows that do not match the journal's checksum end what is kept.
    let whole = tempfile::tempdir().unwrap();
    run(Format::Csv, whole.path(), &docs, 6, false, true);
    let dir = tempfile::tempdir().unwrap();
    run(Format::Csv, dir.path(), &docs, 6, false, false);
    let csv = dir.path().join("annotations.csv");
    let mut rows = std::fs::read(&csv).unwrap();
    let at = rows.len() - 30;
    rows[at] = b'X';
    std::fs::write(&csv, &rows).unwrap();
    let resumed = run(Format::Csv, dir.path(), &docs, 6, true, true);
    assert!(
        resumed.documents < 6 && resumed.documents >= 4,
        "{resumed:?}"
    );
    assert_eq!(tree(dir.path()), tree(whole.path()));
}

#[test]
fn identity_differences_name_each_key() {
    let a = RunIdentity::new().with("a", 1).with("b", "x");
    let b = RunIdentity::new().with("b", "y").with("c", true);
    assert_eq!(
        b.differences(&a),
        [
            "a: was 1, now (none)",
            "b: was \"x\", now \"y\"",
            "c: was (none), now true"
        ]
    );
    assert!(a.differences(&a.clone()).is_empty());
    assert_eq!(checksum(b""), "cbf29ce484222325");
    assert_eq!(checksum(b"a"), "af63dc4c8601ec8c");
}
