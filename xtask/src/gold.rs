//! `cargo xtask gold [--check]`: compile the hand-written gold sources `corpus/gold/**.toml`
//! into `corpus/gold.jsonl`, the gold annotations `cargo xtask eval` scores against.
//!
//! A source file is `corpus/gold/<document id with .txt replaced by .toml>`, a list of spans
//! given by their text rather than their offsets:
//!
//! ```toml
//! [[span]]
//! label = "sanction"
//! text = "new sanctions"     # exactly as it appears in the document
//! occurrence = 1             # optional, default 1: which occurrence of `text`, counting
//!                            # plain substring matches, non-overlapping, left to right
//! attrs = { action = "veto", target = "PRK" }   # optional
//! ```

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use marginalia_core::{Annotation, AttrValue, Attrs};
use serde::{Deserialize, Serialize};

use crate::process;

/// The corpus, relative to the workspace root.
pub const CORPUS_DIR: &str = "corpus";
/// The gold sources, relative to the workspace root.
pub const GOLD_DIR: &str = "corpus/gold";
/// The compiled gold, relative to the workspace root.
pub const GOLD_JSONL: &str = "corpus/gold.jsonl";

/// The labels gold may use, with the plugin that emits each.
const PLUGINS: [(&str, &str); 5] = [
    ("actor", "actors"),
    ("sanction", "sanctions"),
    ("treaty", "treaties"),
    ("arms_trade", "arms-trade"),
    ("trade_figure", "trade-figures"),
];

/// Options of `cargo xtask gold`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write nothing; fail if corpus/gold.jsonl is not what the sources compile to (for CI).
    #[arg(long)]
    pub check: bool,
}

/// Compiles the gold sources and writes `corpus/gold.jsonl`, or with `--check` compares.
pub fn run(args: &Args) -> Result<()> {
    let root = process::root()?;
    let compiled = compile(&root)?;
    let out = root.join(GOLD_JSONL);
    let current = match std::fs::read_to_string(&out) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e).with_context(|| format!("reading {GOLD_JSONL}")),
    };
    let summary = format!(
        "{} documents, {} annotations",
        compiled.documents, compiled.annotations
    );

    if args.check {
        let Some(current) = current else {
            bail!("{GOLD_JSONL} does not exist; run `cargo xtask gold` to write it");
        };
        if current != compiled.jsonl {
            let differing = differing_documents(&current, &compiled.jsonl);
            bail!(
                "{GOLD_JSONL} is out of date with {GOLD_DIR}/ (documents that differ: {}); \
                 run `cargo xtask gold` and commit the result",
                differing.join(", ")
            );
        }
        println!("{GOLD_JSONL} is up to date ({summary})");
        return Ok(());
    }

    if current.as_deref() == Some(compiled.jsonl.as_str()) {
        println!("{GOLD_JSONL} is up to date ({summary})");
        return Ok(());
    }
    write_atomically(&out, compiled.jsonl.as_bytes())
        .with_context(|| format!("writing {GOLD_JSONL}"))?;
    println!("wrote {GOLD_JSONL} ({summary})");
    Ok(())
}

/// The compiled gold.
#[derive(Debug)]
pub struct Compiled {
    /// `corpus/gold.jsonl` as it should be.
    pub jsonl: String,
    /// How many documents it has.
    pub documents: usize,
    /// How many annotations it has in all.
    pub annotations: usize,
}

/// Compiles every gold source under `root` into the JSON Lines text. Every problem found, in
/// every file, is reported at once.
pub fn compile(root: &Path) -> Result<Compiled> {
    let ids = marginalia_testkit::corpus_ids(&root.join(CORPUS_DIR))
        .with_context(|| format!("listing the documents in {CORPUS_DIR}/"))?;
    let sources = gold_sources(&root.join(GOLD_DIR))?;

    let mut problems = Vec::new();
    for source in sources.keys() {
        let id = document_id(source);
        if !ids.contains(&id) {
            problems.push(format!(
                "{GOLD_DIR}/{source}: no such document {CORPUS_DIR}/{id}"
            ));
        }
    }
    let mut jsonl = String::new();
    let mut annotations = 0;
    for id in &ids {
        let source = gold_name(id);
        let gold_path = format!("{GOLD_DIR}/{source}");
        if !sources.contains_key(&source) {
            problems.push(format!(
                "{CORPUS_DIR}/{id} has no gold file (expected {gold_path})"
            ));
            continue;
        }
        let doc_path = format!("{CORPUS_DIR}/{id}");
        let text = std::fs::read_to_string(root.join(&doc_path))
            .with_context(|| format!("reading {doc_path}"))?;
        let toml = std::fs::read_to_string(root.join(&gold_path))
            .with_context(|| format!("reading {gold_path}"))?;
        match compile_document(&toml, &text, &gold_path, &doc_path) {
            Ok(spans) => {
                annotations += spans.len();
                let record = Record {
                    id,
                    annotations: &spans,
                };
                jsonl.push_str(&serde_json::to_string(&record)?);
                jsonl.push('\n');
            }
            Err(errors) => problems.extend(errors),
        }
    }
    if !problems.is_empty() {
        bail!(
            "{} problem(s) in the gold sources:\n  {}",
            problems.len(),
            problems.join("\n  ")
        );
    }
    Ok(Compiled {
        jsonl,
        documents: ids.len(),
        annotations,
    })
}

/// One output line, in `marginalia annotate`'s format.
#[derive(Serialize)]
struct Record<'a> {
    id: &'a str,
    annotations: &'a [Annotation],
}

/// A gold source file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GoldFile {
    #[serde(default)]
    span: Vec<toml::Spanned<GoldSpan>>,
}

/// One `[[span]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GoldSpan {
    label: String,
    text: String,
    #[serde(default = "first")]
    occurrence: usize,
    #[serde(default)]
    attrs: Attrs,
}

fn first() -> usize {
    1
}

/// The annotations of one document, sorted by `(start, end, label)`, or every problem with
/// its gold file, each naming the file, line and span.
fn compile_document(
    toml_text: &str,
    text: &str,
    gold_path: &str,
    doc_path: &str,
) -> Result<Vec<Annotation>, Vec<String>> {
    let file: GoldFile =
        toml::from_str(toml_text).map_err(|e| vec![format!("{gold_path}: {e}")])?;
    let mut problems = Vec::new();
    let mut annotations: Vec<(usize, Annotation)> = Vec::new();
    for (index, spanned) in file.span.iter().enumerate() {
        let number = index + 1;
        // The line of the span's `[[span]]` header.
        let line = toml_text[..spanned.span().start].matches('\n').count() + 1;
        let span = spanned.get_ref();
        let at = format!(
            "{gold_path}:{line}: span {number} ({} {:?})",
            span.label, span.text
        );
        match compile_span(span, text, doc_path) {
            Ok(annotation) => {
                let duplicate = annotations.iter().find(|(_, a)| {
                    (a.start, a.end, &a.label) == (annotation.start, annotation.end, &span.label)
                });
                if let Some((other, _)) = duplicate {
                    problems.push(format!(
                        "{at}: same label and range ({}..{}) as span {other}",
                        annotation.start, annotation.end
                    ));
                } else {
                    annotations.push((number, annotation));
                }
            }
            Err(problem) => problems.push(format!("{at}: {problem}")),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut annotations: Vec<Annotation> = annotations.into_iter().map(|(_, a)| a).collect();
    annotations.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Ok(annotations)
}

/// Locates one span in the document text.
fn compile_span(span: &GoldSpan, text: &str, doc_path: &str) -> Result<Annotation, String> {
    let plugin = PLUGINS
        .iter()
        .find(|(label, _)| *label == span.label)
        .map(|(_, plugin)| *plugin)
        .ok_or_else(|| {
            let known: Vec<&str> = PLUGINS.iter().map(|(label, _)| *label).collect();
            format!(
                "unknown label {:?} (known: {})",
                span.label,
                known.join(", ")
            )
        })?;
    if span.text.is_empty() {
        return Err("`text` is empty".to_owned());
    }
    if span.occurrence == 0 {
        return Err("`occurrence` is 1-based: 0 is not an occurrence".to_owned());
    }
    let attrs = normalize(&span.attrs)?;
    let mut found = text.match_indices(span.text.as_str());
    let Some((start, _)) = found.nth(span.occurrence - 1) else {
        let count = text.matches(span.text.as_str()).count();
        return Err(match count {
            0 => format!("text not found in {doc_path}"),
            n => format!(
                "occurrence {} but only {n} found in {doc_path}",
                span.occurrence
            ),
        });
    };
    Ok(Annotation {
        label: span.label.clone(),
        start,
        end: start + span.text.len(),
        text: span.text.clone(),
        plugin: plugin.to_owned(),
        attrs,
    })
}

/// The attributes as a plugin would emit them: whole floats as integers (`3.6e9` →
/// `3600000000`), and no infinities or NaN (JSON has none).
fn normalize(attrs: &Attrs) -> Result<Attrs, String> {
    fn value(key: &str, v: &AttrValue) -> Result<AttrValue, String> {
        Ok(match v {
            AttrValue::Float(f) if !f.is_finite() => {
                return Err(format!("attribute `{key}` is {f}, not a finite number"));
            }
            AttrValue::Float(f) => AttrValue::from(*f),
            AttrValue::List(items) => AttrValue::List(
                items
                    .iter()
                    .map(|item| value(key, item))
                    .collect::<Result<_, _>>()?,
            ),
            other => other.clone(),
        })
    }
    attrs
        .iter()
        .map(|(key, v)| Ok((key, value(key, v)?)))
        .collect()
}

/// The gold source files under `dir` (every `*.toml`, recursively), by path relative to `dir`
/// with `/` separators.
fn gold_sources(dir: &Path) -> Result<BTreeMap<String, PathBuf>> {
    fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, PathBuf>) -> Result<()> {
        let entries =
            std::fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))?;
        for entry in entries {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let relative = format!("{prefix}{name}");
            if entry.file_type()?.is_dir() {
                walk(&entry.path(), &format!("{relative}/"), out)?;
            } else if name.ends_with(".toml") {
                out.insert(relative, entry.path());
            }
        }
        Ok(())
    }
    let mut sources = BTreeMap::new();
    if dir.is_dir() {
        walk(dir, "", &mut sources)?;
    }
    Ok(sources)
}

/// `seed/a.txt` → `seed/a.toml`.
fn gold_name(id: &str) -> String {
    format!("{}.toml", id.strip_suffix(".txt").unwrap_or(id))
}

/// `seed/a.toml` → `seed/a.txt`.
fn document_id(source: &str) -> String {
    format!("{}.txt", source.strip_suffix(".toml").unwrap_or(source))
}

/// The ids of the documents whose lines differ between two JSON Lines texts.
fn differing_documents(old: &str, new: &str) -> Vec<String> {
    fn by_id(jsonl: &str) -> BTreeMap<String, &str> {
        jsonl
            .lines()
            .map(|line| {
                let id = serde_json::from_str::<serde_json::Value>(line)
                    .ok()
                    .and_then(|v| v["id"].as_str().map(str::to_owned))
                    .unwrap_or_else(|| format!("(unreadable line {line:?})"));
                (id, line)
            })
            .collect()
    }
    let (old, new) = (by_id(old), by_id(new));
    let mut ids: Vec<String> = old
        .keys()
        .chain(new.keys())
        .filter(|id| old.get(*id) != new.get(*id))
        .cloned()
        .collect();
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        // Same lines, other order or blank lines.
        ids.push("(line order or blank lines)".to_owned());
    }
    ids
}

/// Writes `path` through a temporary file in its directory, renamed into place once complete.
pub fn write_atomically(path: &Path, contents: &[u8]) -> Result<()> {
    let dir = path.parent().context("the output path has no directory")?;
    let mut temp = tempfile::Builder::new()
        .prefix(".xtask-")
        .suffix(".partial")
        .tempfile_in(dir)?;
    temp.write_all(contents)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Russia vetoed new sanctions. Then new sanctions came, and Tô Lâm spoke.";

    fn compile_one(toml: &str) -> Result<Vec<Annotation>, Vec<String>> {
        compile_document(toml, TEXT, "corpus/gold/a.toml", "corpus/a.txt")
    }

    #[test]
    fn spans_are_located_by_text_and_occurrence_and_sorted() {
        let toml = r#"
[[span]]
label = "sanction"
text = "new sanctions"
occurrence = 2
attrs = { action = "impose", targets = ["PRK"], amount = 3.6e9, share = 0.5 }

[[span]]
label = "actor"
text = "Tô Lâm"

[[span]]
label = "actor"
text = "Russia"
attrs = { id = "RUS" }
"#;
        let spans = compile_one(toml).unwrap();
        let got: Vec<(&str, usize, usize, &str, &str)> = spans
            .iter()
            .map(|a| {
                (
                    a.label.as_str(),
                    a.start,
                    a.end,
                    a.text.as_str(),
                    a.plugin.as_str(),
                )
            })
            .collect();
        let second = TEXT.rfind("new sanctions").unwrap();
        let to_lam = TEXT.find("Tô Lâm").unwrap();
        assert_eq!(
            got,
            [
                ("actor", 0, 6, "Russia", "actors"),
                (
                    "sanction",
                    second,
                    second + 13,
                    "new sanctions",
                    "sanctions"
                ),
                ("actor", to_lam, to_lam + "Tô Lâm".len(), "Tô Lâm", "actors"),
            ]
        );
        assert_eq!(
            spans[1].attrs.to_string(),
            r#"{"action":"impose","amount":3600000000,"share":0.5,"targets":["PRK"]}"#
        );
        assert!(compile_one("").unwrap().is_empty());
    }

    #[test]
    fn problems_name_file_line_span_and_cause() {
        let toml = r#"[[span]]
label = "sanction"
text = "new sanctions"
occurrence = 3

[[span]]
label = "actor"
text = "Moscow"

[[span]]
label = "sanctions"
text = "Russia"

[[span]]
label = "actor"
text = "Russia"
occurrence = 0

[[span]]
label = "sanction"
text = "new sanctions"

[[span]]
label = "sanction"
text = "new sanctions"
occurrence = 1
"#;
        let problems = compile_one(toml).unwrap_err();
        assert_eq!(
            problems,
            [
                r#"corpus/gold/a.toml:1: span 1 (sanction "new sanctions"): occurrence 3 but only 2 found in corpus/a.txt"#,
                r#"corpus/gold/a.toml:6: span 2 (actor "Moscow"): text not found in corpus/a.txt"#,
                r#"corpus/gold/a.toml:10: span 3 (sanctions "Russia"): unknown label "sanctions" (known: actor, sanction, treaty, arms_trade, trade_figure)"#,
                r#"corpus/gold/a.toml:14: span 4 (actor "Russia"): `occurrence` is 1-based: 0 is not an occurrence"#,
                r#"corpus/gold/a.toml:23: span 6 (sanction "new sanctions"): same label and range (14..27) as span 5"#,
            ]
        );
    }

    #[test]
    fn unknown_keys_and_bad_values_are_errors() {
        for (toml, needle) in [
            (
                "[[span]]\nlabel = \"actor\"\ntext = \"Russia\"\nocurrence = 2\n",
                "unknown field `ocurrence`",
            ),
            ("[[spans]]\nlabel = \"actor\"\n", "unknown field `spans`"),
            ("[[span]]\nlabel = \"actor\"\n", "missing field `text`"),
            (
                "[[span]]\nlabel = \"actor\"\ntext = \"Russia\"\nattrs = { x = { y = 1 } }\n",
                "corpus/gold/a.toml: TOML parse error",
            ),
            (
                "[[span]]\nlabel = \"actor\"\ntext = \"Russia\"\nattrs = { x = nan }\n",
                "attribute `x` is NaN, not a finite number",
            ),
        ] {
            let problems = compile_one(toml).unwrap_err();
            assert_eq!(problems.len(), 1);
            assert!(
                problems[0].contains(needle),
                "{:?} should contain {needle:?}",
                problems[0]
            );
        }
    }

    #[test]
    fn a_corpus_compiles_to_sorted_jsonl_and_mismatched_files_are_reported() {
        let root = tempfile::tempdir().unwrap();
        let write = |path: &str, text: &str| {
            let path = root.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("corpus/b/two.txt", "Hanoi and Hanoi");
        write("corpus/a.txt", "Russia");
        write(
            "corpus/gold/b/two.toml",
            "[[span]]\nlabel = \"actor\"\ntext = \"Hanoi\"\noccurrence = 2\n",
        );
        write("corpus/gold/a.toml", "");
        write("corpus/gold/README.md", "not a gold file");
        let compiled = compile(root.path()).unwrap();
        assert_eq!(
            compiled.jsonl,
            concat!(
                r#"{"id":"a.txt","annotations":[]}"#,
                "\n",
                r#"{"id":"b/two.txt","annotations":[{"label":"actor","start":10,"end":15,"text":"Hanoi","plugin":"actors","attrs":{}}]}"#,
                "\n"
            )
        );
        assert_eq!((compiled.documents, compiled.annotations), (2, 1));
        // What it writes, `marginalia-eval` reads.
        let gold = marginalia_eval::Corpus::from_jsonl(&compiled.jsonl, "gold.jsonl").unwrap();
        assert_eq!(gold.documents.len(), 2);

        write("corpus/c.txt", "no gold");
        write("corpus/gold/d.toml", "");
        let error = format!("{:#}", compile(root.path()).unwrap_err());
        assert!(
            error.contains("corpus/gold/d.toml: no such document corpus/d.txt"),
            "{error}"
        );
        assert!(
            error.contains("corpus/c.txt has no gold file (expected corpus/gold/c.toml)"),
            "{error}"
        );
    }

    #[test]
    fn differing_documents_are_named() {
        let old = "{\"id\":\"a\",\"annotations\":[]}\n{\"id\":\"b\",\"annotations\":[]}\n";
        let new = "{\"id\":\"a\",\"annotations\":[1]}\n{\"id\":\"b\",\"annotations\":[]}\n{\"id\":\"c\"}\n";
        assert_eq!(differing_documents(old, new), ["a", "c"]);
    }

    #[test]
    fn atomic_write_replaces_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gold.jsonl");
        std::fs::write(&path, "old").unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
