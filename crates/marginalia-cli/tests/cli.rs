//! The `marginalia` binary as a user runs it: exit codes, output, and the messages on stderr.
//! Plugins are the deliberately broken test plugins of `marginalia-host/tests/plugins`,
//! loaded through the real ABI.

use std::path::PathBuf;

mod common;

use common::marginalia;

/// A working directory with a config and a small corpus.
fn workspace(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("marginalia.toml"), config).unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(corpus.join("news")).unwrap();
    std::fs::write(corpus.join("a.txt"), "Alpha text.\n").unwrap();
    std::fs::write(corpus.join("news/b.txt"), "Beta TRIGGER text.\n").unwrap();
    std::fs::write(corpus.join("news/c.txt"), "Gamma text.\n").unwrap();
    std::fs::write(corpus.join("notes.md"), "not a document").unwrap();
    dir
}

fn lines(stdout: &str) -> Vec<serde_json::Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

#[test]
fn annotates_every_document_in_id_order_and_reports_the_failed_one() {
    let dir = workspace("pipeline = [\"test-panics\"]\n");
    let run = marginalia(dir.path(), &["annotate", "corpus"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let records = lines(&run.stdout);
    let ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a.txt", "news/b.txt", "news/c.txt"]);
    assert_eq!(records[0]["annotations"][0]["text"], "Alpha");
    assert_eq!(records[0]["annotations"][0]["plugin"], "test-panics");
    assert_eq!(records[2]["annotations"][0]["text"], "Gamma");
    let error = records[1]["error"].as_str().unwrap();
    assert!(
        error.starts_with("plugin `test-panics` panicked: deliberate panic on news/b.txt"),
        "{error}"
    );
    assert!(
        run.stderr.contains("annotated 2 documents"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("1 documents failed:\n  news/b.txt: plugin `test-panics` panicked"),
        "{}",
        run.stderr
    );
}

#[test]
fn non_utf8_file_is_named_with_its_offset_and_the_run_goes_on() {
    let dir = workspace("pipeline = [\"test-mid-char\"]\n");
    std::fs::write(dir.path().join("corpus/latin1.txt"), b"Caf\xe9 au lait").unwrap();
    let run = marginalia(dir.path(), &["annotate", "corpus"]);
    assert_eq!(run.code, 1);
    let records = lines(&run.stdout);
    let latin1 = records.iter().find(|r| r["id"] == "latin1.txt").unwrap();
    let error = latin1["error"].as_str().unwrap();
    assert!(error.ends_with("latin1.txt is not valid UTF-8: invalid byte sequence at byte offset 3; convert it to UTF-8 (e.g. `iconv -t UTF-8`)"), "{error}");
    let annotated = records.iter().filter(|r| r.get("error").is_none()).count();
    assert_eq!(annotated, 3, "every other document is annotated");
}

#[test]
fn invalid_span_is_reported_naming_plugin_document_and_span() {
    let dir = workspace("pipeline = [\"test-out-of-bounds\"]\n");
    let run = marginalia(dir.path(), &["annotate", "corpus"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "news/b.txt: plugin `test-out-of-bounds` emitted an invalid span 18..24 (word) in document `news/b.txt`: it ends past the end of the text (19 bytes)"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn output_file_is_written_only_when_the_run_completes() {
    let dir = workspace("pipeline = [\"test-mid-char\"]\n");
    let out = dir.path().join("out/result.jsonl");
    let run = marginalia(
        dir.path(),
        &["annotate", "corpus", "--out", "out/result.jsonl"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 3);
    // A run that cannot start leaves the earlier output as it was.
    std::fs::write(
        dir.path().join("marginalia.toml"),
        "pipeline = [\"test-mid-char\"]\nbogus = 1\n",
    )
    .unwrap();
    let run = marginalia(
        dir.path(),
        &["annotate", "corpus", "--out", "out/result.jsonl"],
    );
    assert_eq!(run.code, 2);
    assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 3);
    assert_eq!(
        std::fs::read_dir(dir.path().join("out")).unwrap().count(),
        1,
        "no temporary file left"
    );
}

#[test]
fn config_errors_name_file_line_and_column_and_exit_2() {
    let dir = workspace("pipeline = [\"test-panics\"]\n\n[plugins.test-panic]\n");
    let run = marginalia(dir.path(), &["annotate", "corpus"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("marginalia.toml:3:1: [plugins.test-panic] configures a plugin that is not in `pipeline`"),
        "{}",
        run.stderr
    );
}

#[test]
fn missing_plugin_lists_searched_directories_and_found_plugins() {
    let dir = workspace("pipeline = [\"sanctionz\"]\nplugin_dirs = [\"nowhere\"]\n");
    let run = marginalia(dir.path(), &["annotate", "corpus"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("marginalia.toml:1:13: plugin `sanctionz` not found"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("nowhere (does not exist)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("plugins found there: "),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("test-panics"), "{}", run.stderr);
}

#[test]
fn plugins_lists_manifests_and_refuses_other_abi_versions() {
    let dir = workspace("pipeline = [\"test-panics\"]\n");
    let run = marginalia(dir.path(), &["plugins", "--json"]);
    assert_eq!(
        run.code, 1,
        "the test directory holds plugins that cannot load"
    );
    let rows: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    let panics = rows.iter().find(|r| r["name"] == "test-panics").unwrap();
    assert_eq!(panics["abi_version"], 1);
    assert_eq!(panics["emits"], serde_json::json!(["word"]));
    assert!(PathBuf::from(panics["path"].as_str().unwrap()).is_file());
    let v2 = rows.iter().find(|r| r["name"] == "test-abi-v2").unwrap();
    assert!(
        v2["error"]
            .as_str()
            .unwrap()
            .contains("built for plugin ABI version 2")
    );
}

#[test]
fn check_loads_the_pipeline() {
    let dir = workspace("pipeline = [\"test-panics\", \"test-mid-char\"]\n");
    let run = marginalia(dir.path(), &["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("marginalia.toml: ok\n  1. test-panics 0.0.1"),
        "{}",
        run.stdout
    );
}

#[test]
fn usage_errors_exit_2() {
    let dir = workspace("pipeline = []\n");
    assert_eq!(marginalia(dir.path(), &["annotate"]).code, 2, "no paths");
    assert_eq!(marginalia(dir.path(), &["annotate", "missing-dir"]).code, 2);
}

#[test]
fn output_is_identical_whatever_the_number_of_jobs() {
    let dir = workspace("pipeline = [\"test-panics\"]\n");
    for i in 0..60 {
        let sub = dir.path().join(format!("corpus/batch{}", i % 7));
        std::fs::create_dir_all(&sub).unwrap();
        let text = if i % 11 == 0 {
            format!("Doc {i} TRIGGER")
        } else {
            format!("Doc{i} é {}", "x ".repeat(i * 50))
        };
        std::fs::write(sub.join(format!("{i:03}.txt")), text).unwrap();
    }
    let one = marginalia(dir.path(), &["annotate", "corpus", "--jobs", "1"]);
    let four = marginalia(dir.path(), &["annotate", "corpus", "--jobs", "4"]);
    assert_eq!(one.code, 1, "the TRIGGER documents fail");
    assert_eq!(four.code, 1);
    assert_eq!(one.stdout.lines().count(), 63);
    assert!(one.stdout == four.stdout, "--jobs 1 and --jobs 4 differ");
}

#[test]
fn jsonl_input_from_stdin_gives_one_record_per_line_in_order() {
    use std::io::Write as _;
    use std::process::Stdio;
    let dir = workspace("pipeline = [\"test-panics\"]\n");
    let mut child = common::command(
        dir.path(),
        &["annotate", "--input", "jsonl", "-", "--jobs", "3"],
    )
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    let input = "{\"id\":\"x\",\"text\":\"First doc\"}\nnot json\n{\"id\":\"y\",\"text\":\"TRIGGER\"}\n{\"id\":\"z\"}\n{\"id\":\"w\",\"text\":\"Last one\"}\n";
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let records = lines(&String::from_utf8(output.stdout).unwrap());
    let ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["x", "line 2", "y", "z", "w"]);
    assert_eq!(records[0]["annotations"][0]["text"], "First");
    assert!(
        records[1]["error"]
            .as_str()
            .unwrap()
            .starts_with("input line 2 is not a JSON object")
    );
    assert!(records[2]["error"].as_str().unwrap().contains("panicked"));
    assert_eq!(records[3]["error"], "input line 4 has no string `text`");
    assert_eq!(records[4]["annotations"][0]["text"], "Last");
}

#[test]
fn include_and_exclude_globs_choose_the_documents() {
    let dir = workspace("pipeline = [\"test-mid-char\"]\n");
    std::fs::write(dir.path().join("corpus/news/d.text"), "Delta text.\n").unwrap();
    let run = marginalia(
        dir.path(),
        &[
            "annotate",
            "corpus",
            "--include",
            "*.txt",
            "--include",
            "*.text",
            "--exclude",
            "news/b.*",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let records = lines(&run.stdout);
    let ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a.txt", "news/c.txt", "news/d.text"]);
    let bad = marginalia(dir.path(), &["annotate", "corpus", "--include", "[x"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("invalid glob `[x`"), "{}", bad.stderr);
}
