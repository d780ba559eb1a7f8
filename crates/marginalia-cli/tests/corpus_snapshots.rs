//! Snapshot test of the whole pipeline over the corpus.
//!
//! Runs the real `marginalia` binary as a process over `<workspace>/corpus` with the root
//! `marginalia.toml` and the plugins found by `marginalia_testkit::plugin_dirs()` (set
//! `MARGINALIA_PLUGIN_DIR` to skip building them), then checks one insta snapshot per document
//! (`snapshots/<id with / as __, without .txt>.snap`), rendered by
//! `marginalia_testkit::render_annotations`.
//!
//! Every document is checked before the test fails (insta's `glob!`), so one run shows the
//! diff of every changed document.
//! `cargo xtask snapshot` runs this test and also catches snapshots that no document has;
//! `cargo xtask snapshot --accept` rewrites them all.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use insta::internals::Content;
use marginalia_core::Annotation;
use marginalia_host::config::Config;
use marginalia_testkit::{
    corpus_ids, plugin_dirs, render_annotations, snapshot_name, workspace_root,
};

/// One line of `marginalia annotate` output.
#[derive(Debug)]
struct AnnotatedDocument {
    id: String,
    annotations: Vec<Annotation>,
}

/// The arguments every command gets: the root config, and the plugin directories first.
fn plugin_args(root: &Path, dirs: &[PathBuf]) -> Vec<OsString> {
    let mut args: Vec<OsString> = vec!["--config".into(), root.join("marginalia.toml").into()];
    for dir in dirs {
        args.push("--plugin-dir".into());
        args.push(dir.into());
    }
    args
}

/// Runs the binary in `root` and returns its output; fails the test unless the exit code is
/// one of `ok_codes`.
fn marginalia(root: &Path, args: &[OsString], ok_codes: &[i32]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .current_dir(root)
        .args(args)
        .output()
        .expect("cannot run the marginalia binary");
    assert!(
        output
            .status
            .code()
            .is_some_and(|code| ok_codes.contains(&code)),
        "`marginalia {}` exited with {}; stderr:\n{}",
        args.iter()
            .map(|a| a.to_string_lossy())
            .collect::<Vec<_>>()
            .join(" "),
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// `info` metadata for the snapshots: the name and version of each plugin of the config's
/// pipeline, as `marginalia plugins --json` reports them (the first found wins, as when
/// loading).
fn plugins_info(root: &Path, dirs: &[PathBuf]) -> Content {
    let config = Config::load(&root.join("marginalia.toml")).expect("invalid marginalia.toml");
    let mut args: Vec<OsString> = vec!["plugins".into(), "--json".into()];
    args.extend(plugin_args(root, dirs));
    // Exit code 1 means some library in the directories cannot be loaded, e.g. the host's
    // deliberately broken test plugins; the pipeline's plugins are checked below.
    let output = marginalia(root, &args, &[0, 1]);
    let listed: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout)
        .expect("`marginalia plugins --json` prints a JSON array");
    let entries = config
        .pipeline
        .iter()
        .map(|entry| {
            let found = listed
                .iter()
                .find(|p| p["name"] == entry.name.as_str())
                .unwrap_or_else(|| panic!("plugin `{}` is not in the plugin dirs", entry.name));
            let version = found["version"].as_str().unwrap_or_else(|| {
                panic!(
                    "plugin `{}` cannot be loaded: {}",
                    entry.name, found["error"]
                )
            });
            Content::Map(vec![
                (Content::from("name"), Content::from(entry.name.as_str())),
                (Content::from("version"), Content::from(version)),
            ])
        })
        .collect();
    Content::Map(vec![(Content::from("plugins"), Content::Seq(entries))])
}

/// Annotates the corpus and parses the JSON Lines.
fn annotate_corpus(root: &Path, dirs: &[PathBuf]) -> Vec<AnnotatedDocument> {
    let mut args: Vec<OsString> = vec!["annotate".into(), root.join("corpus").into()];
    args.extend(plugin_args(root, dirs));
    args.extend(["--out".into(), "-".into()]);
    let output = marginalia(root, &args, &[0]);
    let stdout = String::from_utf8(output.stdout).expect("the output is UTF-8");
    stdout
        .lines()
        .map(|line| {
            let mut value: serde_json::Value =
                serde_json::from_str(line).expect("each line is JSON");
            let id = value["id"]
                .as_str()
                .expect("each line has an `id`")
                .to_owned();
            let annotations =
                serde_json::from_value(value["annotations"].take()).unwrap_or_else(|e| {
                    panic!("{id}: `annotations` is not a list of annotations: {e}")
                });
            AnnotatedDocument { id, annotations }
        })
        .collect()
}

#[test]
fn corpus_snapshots() {
    let root = workspace_root().expect("cannot find the workspace root");
    let corpus = root.join("corpus");
    let dirs = plugin_dirs();
    let info = plugins_info(&root, &dirs);
    let documents = annotate_corpus(&root, &dirs);

    let ids: Vec<&str> = documents.iter().map(|d| d.id.as_str()).collect();
    let expected = corpus_ids(&corpus).expect("cannot list the corpus");
    assert!(
        !expected.is_empty(),
        "the corpus at {} has no *.txt document",
        corpus.display()
    );
    assert_eq!(
        ids, expected,
        "the output's document ids are not the corpus files in sorted order"
    );

    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_raw_info(&info);

    // `glob!` runs the closure once per corpus file and, unlike plain assertions, goes on
    // after a failed one (printing its diff), failing once at the end with the count. It also
    // honours INSTA_GLOB_FILTER, e.g. `INSTA_GLOB_FILTER='sanctions/**'` checks a subset.
    let base = corpus
        .canonicalize()
        .expect("cannot resolve the corpus path");
    insta::glob!("../../../corpus", "**/*.txt", |path| {
        let id = id_of(&base, path);
        let document = documents
            .iter()
            .find(|d| d.id == id)
            .unwrap_or_else(|| panic!("{id} is not in the output"));
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let rendered = render_annotations(text.len(), &document.annotations);
        let mut settings = settings.clone();
        settings.set_input_file(path);
        // glob! would append the file name to the snapshot name; the name already says it.
        settings.set_snapshot_suffix("");
        settings.bind(|| insta::assert_snapshot!(snapshot_name(&id), rendered));
    });
}

/// The document id of `path`: relative to the corpus directory `base`, `/`-separated.
fn id_of(base: &Path, path: &Path) -> String {
    let relative = path
        .strip_prefix(base)
        .expect("glob! yields paths under its base");
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}
