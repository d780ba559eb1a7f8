//! Hostile inputs through the real `marginalia annotate` and the real pipeline (actors,
//! trade-figures, arms-trade, sanctions, treaties), each with its expected outcome.
//!
//! Every input is made at test time in a temporary directory (nothing big is committed).
//! Whatever the input, the run must not panic (exit code 0 or 1, never 101, and no
//! "panicked" on stderr), every input must get exactly one record, every span must lie on
//! character boundaries of the text as the test reads it from the file (so offsets are
//! offsets into the file), and a failed input's error must name it and say what to do.
//!
//! The policies these cases pin down are stated in README.md ("Input and output errors").

#![cfg(unix)]

use std::collections::BTreeMap;
use std::io::{Read, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use serde_json::Value;

mod common;

/// The real pipeline, with default settings.
const CONFIG: &str =
    "pipeline = [\"actors\", \"trade-figures\", \"arms-trade\", \"sanctions\", \"treaties\"]\n";

/// A span that must be among a document's annotations.
struct Span {
    label: &'static str,
    text: &'static str,
    /// An attribute it must have, and the value's JSON.
    attr: Option<(&'static str, &'static str)>,
}

const fn span(label: &'static str, text: &'static str) -> Span {
    Span {
        label,
        text,
        attr: None,
    }
}

/// What a case must give. In messages, `{path}` stands for the path the walk gives the file,
/// `corpus/NAME`.
enum Expect {
    /// Annotated, with no annotations.
    Empty,
    /// Annotated, with (at least) these annotations.
    Annotated(&'static [Span]),
    /// Failed with exactly this error.
    Failed(&'static str),
    /// Failed with an error starting so (the rest is the operating system's wording).
    FailedWith(&'static str),
}

/// One hostile input of the directory run: the name it has in `corpus/`, how to make it
/// there, and what must come of it.
struct Case {
    name: &'static str,
    make: fn(&Path),
    expect: Expect,
}

const SANCTION_ON_IRAN: &[Span] = &[
    span("actor", "Russia"),
    Span {
        label: "sanction",
        text: "sanctions",
        attr: Some(("target", "[\"IRN\"]")),
    },
    span("actor", "Iran"),
];

/// The sentence split by a line end must still be one sentence: the sanction has both its
/// imposer and its target.
const SPLIT_SANCTION: &[Span] = &[
    span("actor", "United States"),
    Span {
        label: "sanction",
        text: "sanctions",
        attr: Some(("imposer", "[\"USA\"]")),
    },
    Span {
        label: "sanction",
        text: "sanctions",
        attr: Some(("target", "[\"IRN\"]")),
    },
    span("treaty", "the treaty"),
];

const CASES: &[Case] = &[
    Case {
        name: "empty.txt",
        make: |path| write(path, b""),
        expect: Expect::Empty,
    },
    Case {
        name: "whitespace.txt",
        make: |path| write(path, " \t\n\r\n \u{a0}\u{2003}\u{3000}\n\n".as_bytes()),
        expect: Expect::Empty,
    },
    Case {
        // NUL is a valid UTF-8 character: the text is annotated as it is.
        name: "nul.txt",
        make: |path| write(path, b"\0Russia imposed sanctions on Iran.\0\0 The end.\0"),
        expect: Expect::Annotated(SANCTION_ON_IRAN),
    },
    Case {
        // The byte order mark is kept: offsets count its three bytes (the boundary check
        // below reads the file with it, so a stripped mark would shift every span).
        name: "bom.txt",
        make: |path| {
            write(
                path,
                "\u{feff}Russia imposed sanctions on Iran.\n".as_bytes(),
            )
        },
        expect: Expect::Annotated(SANCTION_ON_IRAN),
    },
    Case {
        name: "crlf.txt",
        make: |path| {
            write(
                path,
                b"The United States imposed\r\nsanctions on Iran on Monday.\r\nChina signed the treaty.\r\n",
            )
        },
        expect: Expect::Annotated(SPLIT_SANCTION),
    },
    Case {
        name: "lone-cr.txt",
        make: |path| {
            write(
                path,
                b"The United States imposed\rsanctions on Iran on Monday.\rChina signed the treaty.\r",
            )
        },
        expect: Expect::Annotated(SPLIT_SANCTION),
    },
    Case {
        name: "invalid-utf8.txt",
        make: |path| write(path, b"Russia imposed sanctions \xff\xfe on Iran."),
        expect: Expect::Failed(
            "{path} is not valid UTF-8: invalid byte sequence at byte offset 25; convert it to UTF-8 (e.g. `iconv -t UTF-8`)",
        ),
    },
    Case {
        name: "utf16le.txt",
        make: |path| write(path, &utf16("Russia imposed sanctions on Iran.", false)),
        expect: Expect::Failed(
            "{path} looks like UTF-16LE (it starts with a UTF-16LE byte order mark), not UTF-8; convert it to UTF-8 (e.g. `iconv -f UTF-16 -t UTF-8 {path} > converted.txt`)",
        ),
    },
    Case {
        name: "utf16be.txt",
        make: |path| write(path, &utf16("Russia imposed sanctions on Iran.", true)),
        expect: Expect::Failed(
            "{path} looks like UTF-16BE (it starts with a UTF-16BE byte order mark), not UTF-8; convert it to UTF-8 (e.g. `iconv -f UTF-16 -t UTF-8 {path} > converted.txt`)",
        ),
    },
    Case {
        // Arabic and Hebrew, with right-to-left marks around a name.
        name: "rtl.txt",
        make: |path| {
            write(
                path,
                "فرضت الولايات المتحدة عقوبات على Iran. \u{200f}Russia\u{200f} signed the treaty with China. שלום Israel.".as_bytes(),
            )
        },
        expect: Expect::Annotated(&[
            span("actor", "Iran"),
            span("actor", "Russia"),
            span("treaty", "the treaty"),
            span("actor", "China"),
            span("actor", "Israel"),
        ]),
    },
    Case {
        // Combining marks, one of them stacked three deep, one on the last letter of a name.
        name: "combining.txt",
        make: |path| {
            write(
                path,
                "Cafe\u{301} talks: Russia imposed sanctions on Iran. Zoe\u{308} said a\u{301}\u{302}\u{303} Russia\u{301}.".as_bytes(),
            )
        },
        expect: Expect::Annotated(SANCTION_ON_IRAN),
    },
    Case {
        // ZWJ sequences (a family, an astronaut), skin tones, flags, a variation selector.
        name: "emoji.txt",
        make: |path| {
            write(
                path,
                "👩‍👩‍👧‍👦 Russia 🇷🇺 imposed sanctions on Iran 🇮🇷 👍🏽. 🏳️‍🌈 China signed the treaty. 🧑🏿‍🚀"
                    .as_bytes(),
            )
        },
        expect: Expect::Annotated(&[
            span("actor", "Russia"),
            span("sanction", "sanctions"),
            span("actor", "Iran"),
            span("actor", "China"),
            span("treaty", "the treaty"),
        ]),
    },
    Case {
        // A link to the directory it is in: following it would walk forever.
        name: "loop",
        make: |path| std::os::unix::fs::symlink(".", path).unwrap(),
        expect: Expect::Failed(
            "{path} is a symbolic link to corpus, a directory that contains it: following it would loop forever, so it is skipped; remove the link, or move it out of the input directory",
        ),
    },
    Case {
        // A link to itself: resolving it fails (ELOOP).
        name: "self-link.txt",
        make: |path| std::os::unix::fs::symlink("self-link.txt", path).unwrap(),
        expect: Expect::FailedWith("cannot read {path}: "),
    },
    Case {
        name: "unreadable.txt",
        make: make_unreadable,
        expect: Expect::FailedWith("cannot read {path}: "),
    },
];

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap();
}

/// `text` in UTF-16 with its byte order mark.
fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut bytes = Vec::new();
    for unit in std::iter::once(0xFEFF).chain(text.encode_utf16()) {
        let pair = if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        };
        bytes.extend(pair);
    }
    bytes
}

/// A file that cannot be read. Mode 000 stops an ordinary user, but not root (CI runs as
/// root), whom permission bits do not stop: when the test can still read the file, it is
/// replaced by a link to `/proc/self/mem`, which fails for everyone (`EIO`: reading starts at
/// address 0, which no process maps). Both fail in `read_text`, after the walk found them.
fn make_unreadable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    write(path, b"Russia imposed sanctions on Iran.");
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(path).is_ok() {
        std::fs::remove_file(path).unwrap();
        std::os::unix::fs::symlink("/proc/self/mem", path).unwrap();
    }
}

/// How a run ended, with its records by id.
struct Records {
    code: i32,
    stderr: String,
    by_id: BTreeMap<String, Value>,
    count: usize,
}

fn records(code: i32, stdout: &str, stderr: String) -> Records {
    let mut by_id = BTreeMap::new();
    let mut count = 0;
    for line in stdout.lines() {
        let record: Value = serde_json::from_str(line).expect("each output line is JSON");
        by_id.insert(record["id"].as_str().unwrap().to_owned(), record);
        count += 1;
    }
    Records {
        code,
        stderr,
        by_id,
        count,
    }
}

/// The checks every run gets: it ended normally, without a panic.
fn assert_no_panic(code: i32, stderr: &str) {
    assert!(code == 0 || code == 1, "exit code {code}:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// Every annotation of `record` is a range of character boundaries of `text` covering its
/// `text`; returns the annotations.
fn checked_annotations<'a>(record: &'a Value, text: &str) -> &'a [Value] {
    let annotations = record["annotations"].as_array().unwrap();
    for a in annotations {
        let (start, end) = (
            a["start"].as_u64().unwrap() as usize,
            a["end"].as_u64().unwrap() as usize,
        );
        assert!(start < end && end <= text.len(), "{a} in {}", record["id"]);
        assert!(
            text.is_char_boundary(start) && text.is_char_boundary(end),
            "{a} is not on character boundaries of {}",
            record["id"]
        );
        assert_eq!(a["text"], &text[start..end], "{a} in {}", record["id"]);
    }
    annotations
}

fn assert_has(annotations: &[Value], expected: &Span, id: &str) {
    let found = annotations.iter().any(|a| {
        a["label"] == expected.label
            && a["text"] == expected.text
            && expected.attr.is_none_or(|(key, json)| {
                a["attrs"][key] == serde_json::from_str::<Value>(json).unwrap()
            })
    });
    assert!(
        found,
        "{id}: no {} `{}` {:?} among {annotations:#?}",
        expected.label, expected.text, expected.attr
    );
}

#[test]
fn every_hostile_file_gets_its_expected_outcome_and_nothing_panics() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("marginalia.toml"), CONFIG).unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for case in CASES {
        (case.make)(&corpus.join(case.name));
    }
    let run = common::marginalia(dir.path(), &["annotate", "corpus"]);
    assert_no_panic(run.code, &run.stderr);
    let run = records(run.code, &run.stdout, run.stderr);
    assert_eq!(run.code, 1, "some inputs fail:\n{}", run.stderr);
    assert_eq!(
        run.count,
        CASES.len(),
        "one record per input: {:#?}",
        run.by_id
    );
    for case in CASES {
        let record = &run.by_id[case.name];
        let shown = format!("corpus/{}", case.name);
        let error = record.get("error").and_then(Value::as_str);
        match &case.expect {
            Expect::Empty | Expect::Annotated(_) => {
                assert_eq!(error, None, "{} failed", case.name);
                let bytes = std::fs::read(corpus.join(case.name)).unwrap();
                let text = String::from_utf8(bytes).unwrap();
                let annotations = checked_annotations(record, &text);
                match &case.expect {
                    Expect::Empty => assert!(annotations.is_empty(), "{record}"),
                    Expect::Annotated(spans) => {
                        for expected in *spans {
                            assert_has(annotations, expected, case.name);
                        }
                    }
                    _ => unreachable!(),
                }
            }
            Expect::Failed(message) => {
                assert_eq!(error, Some(message.replace("{path}", &shown).as_str()));
                assert_eq!(record["annotations"], Value::Array(Vec::new()));
            }
            Expect::FailedWith(prefix) => {
                let error = error.unwrap_or_else(|| panic!("{} did not fail", case.name));
                assert!(
                    error.starts_with(&prefix.replace("{path}", &shown)),
                    "{}: {error}",
                    case.name
                );
            }
        }
    }
    assert!(
        run.stderr.contains(&format!(
            "{} documents failed:",
            CASES
                .iter()
                .filter(|c| matches!(c.expect, Expect::Failed(_) | Expect::FailedWith(_)))
                .count()
        )),
        "{}",
        run.stderr
    );
}

/// A document whose record is megabytes of JSON: far more than a pipe holds.
fn dense_document() -> String {
    "Russia and China. ".repeat(20_000)
}

#[test]
fn a_file_removed_after_the_walk_found_it_fails_alone() {
    // Made deterministic by back-pressure, not by timing: the first document's record is
    // megabytes, so once the test has read its first byte, the writer is blocked on the full
    // pipe, and the runner holds at most a few documents between the walk and the writer.
    // The directory was listed (the walk yielded its first file), but the 200 documents after
    // it keep `z.txt` from being read until the test reads on, which it does only after
    // deleting the file.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("marginalia.toml"), CONFIG).unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(corpus.join("a.txt"), dense_document()).unwrap();
    for n in 0..200 {
        std::fs::write(corpus.join(format!("b{n:03}.txt")), "Iran and Iraq.").unwrap();
    }
    std::fs::write(corpus.join("z.txt"), "Russia imposed sanctions on Iran.").unwrap();
    let mut child = common::command(dir.path(), &["annotate", "--jobs", "1", "corpus"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 1];
    stdout.read_exact(&mut first).unwrap();
    std::fs::remove_file(corpus.join("z.txt")).unwrap();
    let mut rest = Vec::new();
    stdout.read_to_end(&mut rest).unwrap();
    let output = child.wait_with_output().unwrap();
    let code = output.status.code().expect("exited normally");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_no_panic(code, &stderr);
    let stdout = String::from_utf8([&first[..], &rest].concat()).unwrap();
    let run = records(code, &stdout, stderr);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.count, 202);
    assert_eq!(
        run.by_id["z.txt"]["error"],
        "corpus/z.txt no longer exists: it was removed after the run found it",
        "z.txt was listed before it was removed, and read after"
    );
    let failed = run.by_id.values().filter(|r| r.get("error").is_some());
    assert_eq!(failed.count(), 1, "the other documents are annotated");
    assert_eq!(
        run.by_id["b199.txt"]["annotations"][1]["text"], "Iraq",
        "{}",
        run.by_id["b199.txt"]
    );
}

#[test]
fn bad_json_lines_fail_one_record_each_and_the_rest_is_annotated() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("marginalia.toml"), CONFIG).unwrap();
    let lines: [&[u8]; 12] = [
        b"\xEF\xBB\xBF{\"id\":\"first\",\"text\":\"Russia imposed sanctions on Iran.\"}\n",
        b"this is not JSON\n",
        b"[\"an array\",\"Russia\"]\n",
        b"{\"id\":\"no-text\"}\n",
        b"{\"id\":\"number-text\",\"text\":42}\n",
        b"{\"text\":\"no id\"}\n",
        b"{\"id\":7,\"text\":\"a number id\"}\n",
        b"\n",
        b"{\"id\":\"first\",\"text\":\"a second document with the same id\"}\n",
        b"{\"id\":\"latin1\",\"text\":\"Caf\xE9\"}\n",
        b"{\"id\":\"crlf\",\"text\":\"China\\r\\nsigned the treaty.\"}\r\n",
        b"{\"id\":\"last\",\"text\":\"\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x9A\x80 Iran\"}",
    ];
    let mut child = common::command(dir.path(), &["annotate", "--input", "jsonl", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&lines.concat())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let code = output.status.code().expect("exited normally");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_no_panic(code, &stderr);
    assert_eq!(code, 1, "{stderr}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let records: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let outcome = |r: &Value| {
        let id = r["id"].as_str().unwrap().to_owned();
        match r.get("error") {
            Some(error) => (id, error.as_str().unwrap().to_owned()),
            None => (id, "annotated".to_owned()),
        }
    };
    let outcomes: Vec<(String, String)> = records.iter().map(outcome).collect();
    let expected = [
        ("first", "annotated"),
        (
            "line 2",
            "input line 2 is not a JSON object with string `id` and `text`: expected ident at line 1 column 2",
        ),
        (
            "line 3",
            "input line 3 is not a JSON object with string `id` and `text`: it is an array",
        ),
        ("no-text", "input line 4 has no string `text`"),
        (
            "number-text",
            "input line 5 has no string `text`: it is a number",
        ),
        ("line 6", "input line 6 has no string `id`"),
        ("line 7", "input line 7 has no string `id`: it is a number"),
        (
            "first",
            "input line 9 has the id `first` of input line 1; give each document its own id",
        ),
        (
            "line 10",
            "input line 10 is not valid UTF-8: invalid byte sequence at byte offset 26 of the line; convert the input to UTF-8",
        ),
        ("crlf", "annotated"),
        ("last", "annotated"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(id, outcome)| (id.to_string(), outcome.to_string()))
        .collect();
    assert_eq!(
        outcomes, expected,
        "one record per non-blank line, in order"
    );
    let texts = [
        "Russia imposed sanctions on Iran.",
        "China\r\nsigned the treaty.",
        "👩‍🚀 Iran",
    ];
    let annotated = records.iter().filter(|r| r.get("error").is_none());
    for (record, text) in annotated.zip(texts) {
        assert!(!checked_annotations(record, text).is_empty(), "{record}");
    }
}

/// The plugins built in release, for the 50 MB document: unoptimized, the real pipeline takes
/// about 3 s per MB on the machine this was measured on (about ten times the release
/// build's speed, spread over every plugin rather than in one hot spot), which is minutes
/// for 50 MB. Building the workspace in release is the cost of the first run; `cargo xtask
/// ci` builds it anyway (its eval step).
fn release_plugin_dirs() -> &'static [PathBuf] {
    static DIRS: OnceLock<Vec<PathBuf>> = OnceLock::new();
    DIRS.get_or_init(|| {
        marginalia_testkit::build_plugins(marginalia_testkit::Profile::Release)
            .expect("the workspace builds in release")
            .plugin_dirs()
    })
}

#[test]
fn a_50_mb_single_line_document_is_annotated_to_its_end() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("marginalia.toml"), CONFIG).unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let head = "Russia imposed sanctions on Iran. ";
    let filler = "The committee met again on Tuesday to discuss the agenda and the weather. ";
    let tail = "China signed the treaty with Pakistan.";
    let size = 50 * 1024 * 1024;
    let mut text = String::with_capacity(size + filler.len());
    text.push_str(head);
    while text.len() + filler.len() + tail.len() <= size {
        text.push_str(filler);
    }
    text.push_str(tail);
    assert!(!text.contains('\n'));
    std::fs::write(corpus.join("one-line.txt"), &text).unwrap();

    let mut command = Command::new(env!("CARGO_BIN_EXE_marginalia"));
    command
        .current_dir(dir.path())
        .env_remove("RUST_LOG")
        .args(["annotate", "corpus"]);
    for plugin_dir in release_plugin_dirs() {
        command.arg("--plugin-dir").arg(plugin_dir);
    }
    let output = command.output().unwrap();
    let code = output.status.code().expect("exited normally");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_no_panic(code, &stderr);
    assert_eq!(code, 0, "{stderr}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let run = records(code, &stdout, stderr);
    let record = &run.by_id["one-line.txt"];
    let annotations = checked_annotations(record, &text);
    for expected in SANCTION_ON_IRAN {
        assert_has(annotations, expected, "one-line.txt");
    }
    let last = annotations.last().expect("annotations");
    assert_eq!(
        (&last["label"], &last["text"]),
        (&Value::from("actor"), &Value::from("Pakistan"))
    );
    assert_eq!(
        last["end"].as_u64().unwrap() as usize,
        text.len() - 1,
        "the end of the line is reached"
    );
    assert_has(annotations, &span("treaty", "the treaty"), "one-line.txt");
}

/// A JSON Lines file, unlike stdin, is named in its lines' errors and in their ids.
#[test]
fn a_jsonl_file_is_named_in_the_errors_of_its_lines() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("batch.jsonl"),
        "{\"id\": \"ok\", \"text\": \"Russia signed.\"}\nnot json\n",
    )
    .unwrap();
    let args = [
        "annotate",
        "--plugin",
        "actors",
        "--input",
        "jsonl",
        "batch.jsonl",
    ];
    let run = common::marginalia(dir.path(), &args);
    assert_no_panic(run.code, &run.stderr);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let records: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 2);
    assert!(records[0].get("error").is_none(), "{}", records[0]);
    assert_eq!(records[1]["id"], "batch.jsonl line 2");
    let error = records[1]["error"].as_str().unwrap();
    assert!(
        error.starts_with("input line 2 of batch.jsonl is not a JSON object"),
        "{error}"
    );
}
