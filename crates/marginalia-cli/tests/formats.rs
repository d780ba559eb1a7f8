//! `marginalia annotate --format jsonl|brat|csv|html --offsets bytes|chars|utf16|all
//! [--out-dir DIR]`, run as a process with the deliberately broken test plugins
//! (`marginalia-host/tests/plugins`): `test-panics` tags each document's first word and
//! panics on a document containing `TRIGGER`, so every format shows a failed document too.
//!
//! The corpus is built to make the units differ: ideographic spaces (3 bytes, 1 code point),
//! an emoji ZWJ sequence (18 bytes, 5 code points, 8 UTF-16 units: three surrogate pairs),
//! CJK, and a combining accent.

use std::path::Path;

mod common;

use common::marginalia;

/// The ZWJ family: woman, ZWJ, woman, ZWJ, girl.
const FAMILY: &str = "👩\u{200d}👩\u{200d}👧";

/// `a.txt`: first word, the family, at bytes 6..24, code points 2..7, UTF-16 2..10.
/// `b.txt`: first word `北京́x` at bytes 3..12, code points 1..5, UTF-16 1..5.
/// `c.txt`: fails (`TRIGGER`).
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("marginalia.toml"),
        "pipeline = [\"test-panics\"]\n",
    )
    .unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(corpus.join("news")).unwrap();
    std::fs::write(
        corpus.join("a.txt"),
        format!("\u{3000}\u{3000}{FAMILY} family\n"),
    )
    .unwrap();
    std::fs::write(corpus.join("news/b.txt"), "\u{3000}北京\u{301}x 🇰🇷\n").unwrap();
    std::fs::write(corpus.join("news/c.txt"), "\u{2003}🇰🇷Seoul\nTRIGGER\n").unwrap();
    dir
}

fn read(path: impl AsRef<Path>) -> String {
    let path = path.as_ref();
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

#[test]
fn jsonl_offsets_in_every_unit() {
    let dir = workspace();
    let run = marginalia(dir.path(), &["annotate", "corpus", "--offsets", "all"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[0],
        format!(
            "{{\"id\":\"a.txt\",\"annotations\":[{{\"label\":\"word\",\"start\":6,\"end\":24,\
             \"start_char\":2,\"end_char\":7,\"start_utf16\":2,\"end_utf16\":10,\
             \"text\":\"{FAMILY}\",\"plugin\":\"test-panics\",\"attrs\":{{}}}}]}}"
        )
    );
    assert_eq!(
        lines[1],
        "{\"id\":\"news/b.txt\",\"annotations\":[{\"label\":\"word\",\"start\":3,\"end\":12,\
         \"start_char\":1,\"end_char\":5,\"start_utf16\":1,\"end_utf16\":5,\
         \"text\":\"北京\u{301}x\",\"plugin\":\"test-panics\",\"attrs\":{}}]}"
    );
    assert!(
        lines[2].starts_with(
            "{\"id\":\"news/c.txt\",\"annotations\":[],\"error\":\"plugin `test-panics` panicked"
        ),
        "{}",
        lines[2]
    );

    let chars = marginalia(dir.path(), &["annotate", "corpus", "--offsets", "chars"]);
    assert!(
        chars
            .stdout
            .contains("\"start\":6,\"end\":24,\"start_char\":2,\"end_char\":7,\"text\""),
        "{}",
        chars.stdout
    );
    let utf16 = marginalia(dir.path(), &["annotate", "corpus", "--offsets", "utf16"]);
    assert!(
        utf16
            .stdout
            .contains("\"start\":6,\"end\":24,\"start_utf16\":2,\"end_utf16\":10,\"text\""),
        "{}",
        utf16.stdout
    );
}

#[test]
fn default_output_is_unchanged_and_out_dir_holds_the_same() {
    let dir = workspace();
    let default = marginalia(dir.path(), &["annotate", "corpus"]);
    assert_eq!(default.code, 1, "{}", default.stderr);
    assert!(
        default
            .stdout
            .starts_with("{\"id\":\"a.txt\",\"annotations\":[{\"label\":\"word\",\"start\":6,\"end\":24,\"text\":"),
        "{}",
        default.stdout
    );
    assert!(!default.stdout.contains("_char"));
    for args in [
        &["annotate", "corpus", "--format", "jsonl"][..],
        &["annotate", "corpus", "--offsets", "bytes"][..],
    ] {
        assert_eq!(
            marginalia(dir.path(), args).stdout,
            default.stdout,
            "{args:?}"
        );
    }
    let run = marginalia(dir.path(), &["annotate", "corpus", "--out-dir", "out"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("written to out\n"), "{}", run.stderr);
    assert_eq!(
        read(dir.path().join("out/annotations.jsonl")),
        default.stdout
    );

    let run = marginalia(
        dir.path(),
        &["annotate", "corpus", "--out", "x.jsonl", "--out-dir", "out"],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("cannot be used with"), "{}", run.stderr);
}

#[test]
fn csv_rows_with_offset_columns_and_a_row_per_failed_document() {
    let dir = workspace();
    let run = marginalia(
        dir.path(),
        &["annotate", "corpus", "--format", "csv", "--offsets", "all"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let rows: Vec<&str> = run.stdout.split("\r\n").collect();
    assert_eq!(
        rows[..3],
        [
            "doc,label,start_byte,end_byte,start_char,end_char,start_utf16,end_utf16,text,plugin,attrs,error",
            &format!("a.txt,word,6,24,2,7,2,10,{FAMILY},test-panics,{{}},"),
            "news/b.txt,word,3,12,1,5,1,5,北京\u{301}x,test-panics,{},",
        ]
    );
    assert!(
        rows[3].starts_with("news/c.txt,,,,,,,,,,,plugin `test-panics` panicked: deliberate panic"),
        "{}",
        rows[3]
    );
    assert_eq!(rows[4..], [""], "one failed row, then the final CRLF");

    let run = marginalia(
        dir.path(),
        &["annotate", "corpus", "--format", "csv", "--out-dir", "out"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let csv = read(dir.path().join("out/annotations.csv"));
    assert!(
        csv.starts_with(
            "doc,label,start_byte,end_byte,text,plugin,attrs,error\r\na.txt,word,6,24,"
        ),
        "{csv}"
    );
}

#[test]
fn brat_tree_with_code_point_offsets() {
    let dir = workspace();
    let run = marginalia(
        dir.path(),
        &[
            "annotate",
            "corpus",
            "--format",
            "brat",
            "--out-dir",
            "brat",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let out = dir.path().join("brat");
    assert_eq!(
        read(out.join("a.txt")),
        read(dir.path().join("corpus/a.txt"))
    );
    assert_eq!(read(out.join("a.ann")), format!("T1\tword 2 7\t{FAMILY}\n"));
    assert_eq!(read(out.join("news/b.ann")), "T1\tword 1 5\t北京\u{301}x\n");
    assert!(!out.join("news/c.txt").exists());
    assert!(!out.join("news/c.ann").exists());
    let failed = read(out.join("failed.jsonl"));
    assert!(
        failed.starts_with("{\"id\":\"news/c.txt\",\"error\":\"plugin `test-panics` panicked"),
        "{failed}"
    );
    let conf = read(out.join("annotation.conf"));
    assert!(conf.contains("[entities]\nword\n"), "{conf}");
    assert!(read(out.join("visual.conf")).contains("\nword\tbgColor:#"));
}

#[test]
fn brat_needs_an_out_dir_and_takes_no_offsets() {
    let dir = workspace();
    let run = marginalia(dir.path(), &["annotate", "corpus", "--format", "brat"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--out-dir <DIR>"),
        "clap names the missing flag: {}",
        run.stderr
    );
    let run = marginalia(
        dir.path(),
        &[
            "annotate",
            "corpus",
            "--format",
            "brat",
            "--out-dir",
            "b",
            "--offsets",
            "utf16",
        ],
    );
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: --offsets does not apply to --format brat: brat files always use code-point offsets\n"
    );
    assert!(!dir.path().join("b").exists(), "nothing written");
}

#[test]
fn html_report_spans_carry_their_offsets() {
    let dir = workspace();
    let run = marginalia(
        dir.path(),
        &[
            "annotate",
            "corpus",
            "--format",
            "html",
            "--offsets",
            "all",
            "--out",
            "r.html",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let html = read(dir.path().join("r.html"));
    assert!(html.contains(
        "data-label=\"word\" data-plugin=\"test-panics\" data-start=\"6\" data-end=\"24\" \
         data-start-char=\"2\" data-end-char=\"7\" data-start-utf16=\"2\" data-end-utf16=\"10\""
    ));
    assert!(html.contains(&format!(">{FAMILY}</mark> family")));
    assert_eq!(html.matches("<mark ").count(), 2);
    assert!(html.contains("<span class=\"badge\">failed</span>"));
    assert!(html.contains("3 documents &middot; 2 annotations &middot; 1 failed"));
}
