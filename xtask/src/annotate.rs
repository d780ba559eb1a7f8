//! `cargo xtask annotate`: annotate the corpus with release builds and count the labels.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, ExitStatus};

use anyhow::{Context, Result, bail};
use marginalia_testkit::Profile;

use crate::process;

/// Where the annotations go, relative to the workspace root (the binary runs there).
pub const OUT: &str = "target/annotations/corpus.jsonl";

/// Builds the workspace in release, runs `marginalia annotate corpus` with the plugins the build
/// produced, and prints a documents × labels table of annotation counts.
pub fn run() -> Result<()> {
    let root = process::root()?;
    let status = annotate_corpus(&root)?;

    let jsonl =
        std::fs::read_to_string(root.join(OUT)).with_context(|| format!("reading {OUT}"))?;
    let counts = Counts::from_jsonl(&jsonl)?;
    println!();
    print!("{}", counts.table());
    println!();
    println!("annotations: {}", root.join(OUT).display());
    let failed: Vec<&str> = counts.failed().collect();
    if !failed.is_empty() || !status.success() {
        bail!("{} document(s) failed: {}", failed.len(), failed.join(", "));
    }
    Ok(())
}

/// Builds the workspace in release and runs `marginalia annotate corpus` with the plugins the
/// build produced, writing [`OUT`]. Returns how `marginalia` exited: `0`, or `1` when some
/// documents failed (their lines, with an `error`, are in the output); anything else is an
/// error.
pub fn annotate_corpus(root: &Path) -> Result<ExitStatus> {
    annotate_release(root, Path::new("corpus"), Path::new(OUT), &[])
}

/// Builds the workspace in release and runs `marginalia annotate INPUT --out OUT` (paths
/// relative to `root`) with the root config and the plugins the build produced. Returns how
/// `marginalia` exited, `0` or `1` (some documents failed); anything else is an error.
/// `extra` arguments are passed on to `marginalia annotate`.
pub fn annotate_release(
    root: &Path,
    input: &Path,
    out: &Path,
    extra: &[&str],
) -> Result<ExitStatus> {
    let build = marginalia_testkit::build_command(Profile::Release)?;
    println!("$ {}", process::show(&build));
    let artifacts = marginalia_testkit::run_build(build)?;
    let bin = artifacts
        .marginalia_bin
        .clone()
        .context("the build reported no `marginalia` executable")?;
    let dirs = artifacts.plugin_dirs();
    if dirs.is_empty() {
        bail!("the build reported no plugin library (no cdylib artifact)");
    }

    if let Some(parent) = root.join(out).parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut annotate = Command::new(&bin);
    annotate
        .current_dir(root)
        .arg("annotate")
        .arg(input)
        .args(["--config", "marginalia.toml"]);
    for dir in &dirs {
        annotate.arg("--plugin-dir").arg(dir);
    }
    annotate.arg("--out").arg(out).args(extra);
    let status = process::status(&mut annotate)?;
    // 1 means some documents failed: their lines are in the output and worth counting.
    if !matches!(status.code(), Some(0 | 1)) {
        bail!("`{}` failed ({status})", process::show(&annotate));
    }
    Ok(status)
}

/// Annotation counts per document and label.
#[derive(Debug, Default)]
struct Counts {
    labels: BTreeSet<String>,
    documents: Vec<Row>,
}

#[derive(Debug)]
struct Row {
    id: String,
    per_label: BTreeMap<String, usize>,
    error: Option<String>,
}

impl Counts {
    /// Reads `marginalia annotate` output: one `{"id", "annotations": [{"label", ..}], "error"?}`
    /// object per line.
    fn from_jsonl(jsonl: &str) -> Result<Self> {
        let mut counts = Counts::default();
        for (number, line) in jsonl
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let doc: serde_json::Value = serde_json::from_str(line)
                .with_context(|| format!("line {} is not JSON", number + 1))?;
            let id = doc["id"]
                .as_str()
                .context("a line has no string `id`")?
                .to_owned();
            let mut per_label = BTreeMap::new();
            for annotation in doc["annotations"].as_array().into_iter().flatten() {
                let label = annotation["label"]
                    .as_str()
                    .context("an annotation has no label")?;
                *per_label.entry(label.to_owned()).or_insert(0) += 1;
                counts.labels.insert(label.to_owned());
            }
            let error = doc.get("error").and_then(|e| e.as_str()).map(str::to_owned);
            counts.documents.push(Row {
                id,
                per_label,
                error,
            });
        }
        Ok(counts)
    }

    fn failed(&self) -> impl Iterator<Item = &str> {
        self.documents
            .iter()
            .filter(|d| d.error.is_some())
            .map(|d| d.id.as_str())
    }

    /// The table: a row per document, a column per label plus a total, and a total row.
    fn table(&self) -> String {
        let mut header = vec!["document".to_owned()];
        header.extend(self.labels.iter().cloned());
        header.push("total".to_owned());
        let mut rows = vec![header];
        let mut totals = vec![0; self.labels.len() + 1];
        for doc in &self.documents {
            let mut row = vec![doc.id.clone()];
            for (i, label) in self.labels.iter().enumerate() {
                let n = doc.per_label.get(label).copied().unwrap_or(0);
                totals[i] += n;
                row.push(n.to_string());
            }
            let all: usize = doc.per_label.values().sum();
            *totals.last_mut().expect("never empty") += all;
            row.push(all.to_string());
            rows.push(row);
        }
        let mut total = vec!["total".to_owned()];
        total.extend(totals.iter().map(usize::to_string));
        rows.push(total);

        let widths: Vec<usize> = (0..rows[0].len())
            .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
            .collect();
        let mut out = String::new();
        for (r, row) in rows.iter().enumerate() {
            let mut line = format!("{:<w$}", row[0], w = widths[0]);
            for (cell, width) in row.iter().zip(&widths).skip(1) {
                line.push_str(&format!("  {cell:>width$}"));
            }
            // The first and last rows are the header and the totals; the rest are documents.
            if let Some(error) = (r > 0 && r + 1 < rows.len())
                .then(|| self.documents[r - 1].error.as_deref())
                .flatten()
            {
                line.push_str(&format!("  FAILED: {error}"));
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_counts_labels_per_document_with_totals() {
        let jsonl = concat!(
            r#"{"id":"a.txt","annotations":[{"label":"actor"},{"label":"actor"},{"label":"sanction"}]}"#,
            "\n",
            r#"{"id":"b/c.txt","annotations":[],"error":"plugin actors failed"}"#,
            "\n",
            r#"{"id":"d.txt","annotations":[{"label":"sanction"}]}"#,
            "\n",
        );
        let counts = Counts::from_jsonl(jsonl).unwrap();
        let expected = "\
document  actor  sanction  total
a.txt         2         1      3
b/c.txt       0         0      0  FAILED: plugin actors failed
d.txt         0         1      1
total         2         2      4
";
        assert_eq!(counts.table(), expected);
        assert_eq!(counts.failed().collect::<Vec<_>>(), ["b/c.txt"]);
    }
}
