//! Retrying failed documents in-process, format by format: the output ends byte-identical to
//! a clean run over the new outcomes, the failures file follows, and an interrupted retry
//! is finished or undone by the next open.

use super::*;
use crate::Outcome;
use marginalia_core::{Annotation, Attrs};

/// A document and what annotating it gives.
#[derive(Clone)]
struct Doc {
    id: String,
    text: String,
    annotations: Vec<Annotation>,
    error: Option<String>,
}

impl Doc {
    fn outcome(&self) -> Outcome<'_> {
        Outcome {
            id: &self.id,
            text: Some(&self.text),
            result: match &self.error {
                Some(message) => Err(message),
                None => Ok(&self.annotations),
            },
        }
    }
}

/// `n` documents `d0.txt`...; those in `failing` hold `TRIGGER` and fail with `message`.
/// Document `i` names a city, the later ones with another `kind`, so that brat's
/// `annotation.conf` lists a value only a retried document gives when `failing` has them.
fn corpus(n: usize, failing: &[usize], message: &str) -> Vec<Doc> {
    (0..n)
        .map(|i| {
            let fails = failing.contains(&i);
            let text = format!(
                "Lyon {i}, \"quoted\"\nnext line{}",
                if fails { " TRIGGER" } else { "" }
            );
            let kind = if i == 0 { "first" } else { "city" };
            Doc {
                id: format!("d{i}.txt"),
                text,
                annotations: vec![Annotation {
                    label: if i == 0 { "place" } else { "actor" }.into(),
                    start: 0,
                    end: 4,
                    text: "Lyon".into(),
                    plugin: "p".into(),
                    attrs: Attrs::new().with("kind", kind),
                }],
                error: fails.then(|| format!("{message} on d{i}.txt")),
            }
        })
        .collect()
}

/// Opens `dir` in `mode` over `docs`' ids and writes what the writer is owed: the retried
/// documents first (as `docs` has them now), then the documents after those kept, up to
/// `to`; finishes when `finish`.
fn write(
    format: Format,
    dir: &Path,
    mode: Mode,
    docs: &[Doc],
    to: usize,
    finish: bool,
) -> Result<Resumed, FormatError> {
    let mut ids = docs.iter().map(|d| d.id.clone());
    let (mut writer, resumed) = open_dir(
        format,
        OffsetUnits::Chars,
        dir,
        RunIdentity::new().with("inputs", ["corpus"]),
        mode,
        &mut ids,
    )?;
    for id in &resumed.retried {
        let doc = docs
            .iter()
            .find(|d| &d.id == id)
            .expect("a document of the input");
        writer.write(&doc.outcome())?;
    }
    let from = usize::try_from(resumed.documents).unwrap() + resumed.retried.len();
    for doc in docs.iter().take(to).skip(from) {
        writer.write(&doc.outcome())?;
    }
    if finish {
        writer.finish()?;
    }
    Ok(resumed)
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

fn text(tree: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(tree[name].clone()).unwrap()
}

const FORMATS: [Format; 3] = [Format::Jsonl, Format::Csv, Format::Brat];

#[test]
fn the_failures_file_lists_the_committed_failures_in_input_order() {
    let docs = corpus(8, &[2, 5], "deliberate panic");
    for format in FORMATS {
        let dir = tempfile::tempdir().unwrap();
        write(format, dir.path(), Mode::Fresh, &docs, 4, false).unwrap();
        assert_eq!(
            text(&tree(dir.path()), FAILURES_FILE),
            "{\"id\":\"d2.txt\",\"error\":\"deliberate panic on d2.txt\"}\n",
            "{format:?}: an interrupted run lists the failures written so far"
        );
        write(format, dir.path(), Mode::Resume, &docs, 8, true).unwrap();
        assert_eq!(
            text(&tree(dir.path()), FAILURES_FILE),
            "{\"id\":\"d2.txt\",\"error\":\"deliberate panic on d2.txt\"}\n\
             {\"id\":\"d5.txt\",\"error\":\"deliberate panic on d5.txt\"}\n",
            "{format:?}"
        );
        // A failure line appended after the last record kept (a power loss can leave one)
        // is dropped by the next open, which rebuilds the file from the records.
        let expected = tree(dir.path());
        let failures = dir.path().join(FAILURES_FILE);
        let mut bytes = std::fs::read(&failures).unwrap();
        bytes.extend_from_slice(b"{\"id\":\"d9.txt\",\"error\":\"lost\"}\n");
        std::fs::write(&failures, bytes).unwrap();
        write(format, dir.path(), Mode::Resume, &docs, 8, true).unwrap();
        assert_eq!(tree(dir.path()), expected, "{format:?}");
    }

    let dir = tempfile::tempdir().unwrap();
    write(Format::Html, dir.path(), Mode::Fresh, &docs, 8, false).unwrap();
    assert!(
        !dir.path().join(FAILURES_FILE).exists(),
        "the report's failures file appears with the report"
    );
    let dir = tempfile::tempdir().unwrap();
    write(Format::Html, dir.path(), Mode::Fresh, &docs, 8, true).unwrap();
    assert_eq!(
        std::fs::read_to_string(dir.path().join(FAILURES_FILE)).unwrap(),
        "{\"id\":\"d2.txt\",\"error\":\"deliberate panic on d2.txt\"}\n\
         {\"id\":\"d5.txt\",\"error\":\"deliberate panic on d5.txt\"}\n"
    );
}

#[test]
fn a_retry_replaces_the_failed_documents_in_place_in_every_format() {
    let failed = corpus(8, &[0, 2, 5], "deliberate panic");
    let fixed = corpus(8, &[], "");
    for format in FORMATS {
        let clean = tempfile::tempdir().unwrap();
        write(format, clean.path(), Mode::Fresh, &fixed, 8, true).unwrap();
        let expected = tree(clean.path());

        let dir = tempfile::tempdir().unwrap();
        write(format, dir.path(), Mode::Fresh, &failed, 8, true).unwrap();
        let resumed = write(format, dir.path(), Mode::RetryFailed, &fixed, 8, true).unwrap();
        assert_eq!(
            resumed,
            Resumed {
                documents: 5,
                failed: 0,
                retried: vec!["d0.txt".into(), "d2.txt".into(), "d5.txt".into()],
                dropped_bytes: 0,
            },
            "{format:?}"
        );
        let retried = tree(dir.path());
        assert_eq!(
            retried, expected,
            "{format:?}: byte-identical to a clean run"
        );
        assert_eq!(text(&retried, FAILURES_FILE), "");
        assert!(text(&retried, STATE_FILE).contains("\"complete\": true"));
        if format == Format::Brat {
            assert!(
                text(&retried, "annotation.conf").contains("\nplace\n"),
                "the label only the first (retried) document has"
            );
        }

        // Nothing failed: a retry changes nothing.
        let again = write(format, dir.path(), Mode::RetryFailed, &fixed, 8, true).unwrap();
        assert_eq!((again.documents, again.retried.len()), (8, 0));
        assert_eq!(tree(dir.path()), expected, "{format:?}");
    }
}

#[test]
fn a_document_that_fails_again_stays_listed_with_its_new_error() {
    let failed = corpus(6, &[1, 4], "deliberate panic");
    let mut partly = corpus(6, &[4], "still broken");
    partly[4].text = failed[4].text.clone();
    for format in FORMATS {
        let clean = tempfile::tempdir().unwrap();
        write(format, clean.path(), Mode::Fresh, &partly, 6, true).unwrap();

        let dir = tempfile::tempdir().unwrap();
        write(format, dir.path(), Mode::Fresh, &failed, 6, true).unwrap();
        write(format, dir.path(), Mode::RetryFailed, &partly, 6, true).unwrap();
        let retried = tree(dir.path());
        assert_eq!(retried, tree(clean.path()), "{format:?}");
        assert_eq!(
            text(&retried, FAILURES_FILE),
            "{\"id\":\"d4.txt\",\"error\":\"still broken on d4.txt\"}\n"
        );
    }
}

#[test]
fn a_retry_of_an_interrupted_run_replaces_then_finishes_it() {
    let failed = corpus(10, &[1, 3, 8], "deliberate panic");
    let fixed = corpus(10, &[8], "deliberate panic");
    for format in FORMATS {
        let clean = tempfile::tempdir().unwrap();
        write(format, clean.path(), Mode::Fresh, &fixed, 10, true).unwrap();

        let dir = tempfile::tempdir().unwrap();
        write(format, dir.path(), Mode::Fresh, &failed, 6, false).unwrap();
        let resumed = write(format, dir.path(), Mode::RetryFailed, &fixed, 10, true).unwrap();
        assert_eq!(resumed.retried, ["d1.txt", "d3.txt"], "{format:?}");
        assert_eq!(resumed.documents, 4);
        assert_eq!(tree(dir.path()), tree(clean.path()), "{format:?}");
    }
}

#[test]
fn a_retry_given_too_few_documents_replaces_nothing() {
    let failed = corpus(5, &[1, 3], "deliberate panic");
    let fixed = corpus(5, &[], "");
    for format in FORMATS {
        let dir = tempfile::tempdir().unwrap();
        write(format, dir.path(), Mode::Fresh, &failed, 5, true).unwrap();
        let before = tree(dir.path());
        let mut ids = fixed.iter().map(|d| d.id.clone());
        let (mut writer, _) = open_dir(
            format,
            OffsetUnits::Chars,
            dir.path(),
            RunIdentity::new().with("inputs", ["corpus"]),
            Mode::RetryFailed,
            &mut ids,
        )
        .unwrap();
        writer.write(&fixed[1].outcome()).unwrap();
        let message = writer.finish().unwrap_err();
        let message = format!(
            "{message}: {}",
            std::error::Error::source(&message).unwrap()
        );
        assert!(
            message.ends_with(
                "the documents to retry ended early: `d3.txt` did not come; nothing was replaced"
            ),
            "{format:?}: {message}"
        );
        drop(writer);
        // The retry's files stay beside the output until the next open removes them.
        let after = tree(dir.path());
        for (name, bytes) in &before {
            if name != STATE_FILE {
                assert_eq!(after.get(name), Some(bytes), "{format:?}: {name}");
            }
        }
        write(format, dir.path(), Mode::Resume, &failed, 5, true).unwrap();
        assert_eq!(tree(dir.path()), before, "{format:?}");
    }
}

#[test]
fn a_csv_retry_interrupted_at_its_commit_is_finished_or_undone_by_the_next_open() {
    let failed = corpus(6, &[0, 3], "deliberate panic");
    let fixed = corpus(6, &[], "");
    let journal = JOURNAL_FILE;
    let csv = "annotations.csv";

    let before = tempfile::tempdir().unwrap();
    write(Format::Csv, before.path(), Mode::Fresh, &failed, 6, true).unwrap();
    let old = tree(before.path());
    let after = tempfile::tempdir().unwrap();
    write(Format::Csv, after.path(), Mode::Fresh, &failed, 6, true).unwrap();
    write(
        Format::Csv,
        after.path(),
        Mode::RetryFailed,
        &fixed,
        6,
        true,
    )
    .unwrap();
    let new = tree(after.path());
    assert_ne!(old[csv], new[csv]);
    assert_ne!(old[journal], new[journal], "later documents' rows moved");

    let stage = |files: &[(&str, &[u8])]| {
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes) in &old {
            std::fs::write(dir.path().join(name), bytes).unwrap();
        }
        for (name, bytes) in files {
            std::fs::write(dir.path().join(name), bytes).unwrap();
        }
        dir
    };
    // Killed after the new files were written, before the commit: undone.
    let dir = stage(&[
        (retry::RETRY_RECORDS, &new[journal]),
        (retry::RETRY_DATA, &new[csv]),
    ]);
    let resumed = write(Format::Csv, dir.path(), Mode::Resume, &failed, 6, true).unwrap();
    assert_eq!(resumed.documents, 6);
    assert_eq!(tree(dir.path()), old);

    // Killed after the commit (the journal renamed), before the rows: finished.
    let dir = stage(&[(journal, &new[journal]), (retry::RETRY_DATA, &new[csv])]);
    let resumed = write(Format::Csv, dir.path(), Mode::Resume, &fixed, 6, true).unwrap();
    assert_eq!((resumed.documents, resumed.failed), (6, 0));
    assert_eq!(tree(dir.path()), new);
}
