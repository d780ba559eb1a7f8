//! The records of a run, read from plain `marginalia annotate` output or from the tables the
//! Spark driver writes, and compared annotation for annotation.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde_json::Value;

/// Per document id: its error (for a failed document) and its annotations, each as canonical
/// JSON (keys sorted), sorted, so that two runs compare as multisets whatever their order.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Records(BTreeMap<String, Document>);

/// One document's outcome.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Document {
    error: Option<String>,
    annotations: Vec<String>,
}

impl Records {
    /// Reads JSON Lines in marginalia's output format: one `{"id", "annotations", "error"?}`
    /// per line (plain `marginalia annotate`, or `export_jsonl.py`).
    pub fn from_marginalia(path: &Path) -> Result<Self> {
        let mut records = Records::default();
        for (line, record) in json_lines(path)? {
            let at = || format!("{}:{line}", path.display());
            let id = string(&record, "id").with_context(at)?;
            let annotations = record["annotations"]
                .as_array()
                .with_context(|| format!("{}: no `annotations` list", at()))?;
            let document = records.insert(id).with_context(at)?;
            document.error = record
                .get("error")
                .and_then(Value::as_str)
                .map(str::to_owned);
            document.annotations = annotations.iter().map(canonical).collect();
            document.annotations.sort();
        }
        Ok(records)
    }

    /// Reads the driver's `--format jsonl` output directory: `documents/` (one row per
    /// document) and `annotations/` (one row per annotation, `attrs` a JSON string).
    pub fn from_driver_jsonl(dir: &Path) -> Result<Self> {
        let mut records = Records::default();
        let mut counts = BTreeMap::new();
        for file in part_files(&dir.join("documents"), ".json")? {
            for (line, row) in json_lines(&file)? {
                let at = || format!("{}:{line}", file.display());
                let id = string(&row, "id").with_context(at)?;
                let count = row["annotations"]
                    .as_u64()
                    .with_context(|| format!("{}: no `annotations` count", at()))?;
                counts.insert(id.clone(), count as usize);
                let document = records.insert(id).with_context(at)?;
                document.error = row.get("error").and_then(Value::as_str).map(str::to_owned);
            }
        }
        for file in part_files(&dir.join("annotations"), ".json")? {
            for (line, mut row) in json_lines(&file)? {
                let at = || format!("{}:{line}", file.display());
                let id = string(&row, "id").with_context(at)?;
                let object = row.as_object_mut().with_context(at)?;
                object.remove("id");
                // `attrs` is a JSON object in a string; compare it as the object.
                let attrs = object
                    .get("attrs")
                    .and_then(Value::as_str)
                    .with_context(|| format!("{}: no `attrs` string", at()))?;
                let attrs: Value = serde_json::from_str(attrs)
                    .with_context(|| format!("{}: `attrs` is not JSON", at()))?;
                object.insert("attrs".into(), attrs);
                let document = records
                    .0
                    .get_mut(&id)
                    .with_context(|| format!("{}: document {id:?} is not in documents/", at()))?;
                document.annotations.push(canonical(&row));
            }
        }
        for (id, document) in &mut records.0 {
            document.annotations.sort();
            if document.annotations.len() != counts[id] {
                bail!(
                    "{}: document {id:?} counts {} annotations in documents/ but has {} in annotations/",
                    dir.display(),
                    counts[id],
                    document.annotations.len()
                );
            }
        }
        Ok(records)
    }

    fn insert(&mut self, id: String) -> Result<&mut Document> {
        use std::collections::btree_map::Entry;
        match self.0.entry(id) {
            Entry::Vacant(entry) => Ok(entry.insert(Document::default())),
            Entry::Occupied(entry) => bail!("document {:?} appears twice", entry.key()),
        }
    }

    /// The number of documents.
    pub fn documents(&self) -> usize {
        self.0.len()
    }

    /// The number of annotations over all documents.
    pub fn annotations(&self) -> usize {
        self.0.values().map(|d| d.annotations.len()).sum()
    }

    /// One document's outcome, by id.
    pub fn get(&self, id: &str) -> Option<&Document> {
        self.0.get(id)
    }

    /// Fails, listing the first differences, unless `other` has the same documents with the
    /// same errors and annotations.
    pub fn same_as(&self, other: &Records) -> Result<()> {
        let mut differences = Vec::new();
        for (id, mine) in &self.0 {
            match other.0.get(id) {
                None => differences.push(format!("{id}: missing")),
                Some(theirs) if theirs != mine => differences.push(describe(id, mine, theirs)),
                Some(_) => {}
            }
        }
        for id in other.0.keys().filter(|id| !self.0.contains_key(*id)) {
            differences.push(format!("{id}: not in the expected output"));
        }
        if differences.is_empty() {
            return Ok(());
        }
        let mut message = format!("{} documents differ:\n", differences.len());
        for difference in differences.iter().take(10) {
            let _ = writeln!(message, "  {difference}");
        }
        bail!(message.trim_end().to_owned())
    }
}

impl Document {
    /// The error of a failed document.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The annotations, as canonical JSON.
    pub fn annotations(&self) -> &[String] {
        &self.annotations
    }
}

/// How two outcomes of a document differ, in one line.
fn describe(id: &str, expected: &Document, got: &Document) -> String {
    if expected.error != got.error {
        return format!("{id}: error {:?}, expected {:?}", got.error, expected.error);
    }
    let missing: Vec<&String> = expected
        .annotations
        .iter()
        .filter(|a| !got.annotations.contains(a))
        .collect();
    let extra: Vec<&String> = got
        .annotations
        .iter()
        .filter(|a| !expected.annotations.contains(a))
        .collect();
    format!(
        "{id}: {} annotations, expected {}; missing {missing:?}; unexpected {extra:?}",
        got.annotations.len(),
        expected.annotations.len()
    )
}

/// The crash check's output: `total` documents `crash-NN`; those in `triggers` failed, each
/// other one annotated with exactly its first word as `word`.
pub fn check_crash_run(records: &Records, total: usize, triggers: &[usize]) -> Result<()> {
    if records.documents() != total {
        bail!(
            "the crash check wrote {} documents, not {total}: documents of the partition were lost",
            records.documents()
        );
    }
    for n in 0..total {
        let id = format!("crash-{n:02}");
        let document = records
            .get(&id)
            .with_context(|| format!("the crash check lost document {id}"))?;
        if triggers.contains(&n) {
            if document.error().is_none() {
                bail!("{id} makes the plugin crash, yet it is not reported failed");
            }
            continue;
        }
        if let Some(error) = document.error() {
            bail!("{id} failed beside the crashing document: {error}");
        }
        let words: Vec<Value> = document
            .annotations()
            .iter()
            .map(|a| serde_json::from_str(a))
            .collect::<Result<_, _>>()?;
        let expected = format!("word{n}");
        if words.len() != 1 || words[0]["label"] != "word" || words[0]["text"] != *expected {
            bail!("{id}: expected one `word` annotation of {expected:?}, got {words:?}");
        }
    }
    Ok(())
}

/// What the driver's `summary/` says about a run.
pub struct Summary {
    pub documents: usize,
    pub bytes: u64,
    pub seconds: f64,
}

/// Reads the driver's one-line `summary/` of an output directory.
pub fn summary(dir: &Path) -> Result<Summary> {
    let files = part_files(&dir.join("summary"), ".txt")?;
    let file = files
        .first()
        .with_context(|| format!("{}: no summary", dir.display()))?;
    let (_, summary) = json_lines(file)?
        .into_iter()
        .next()
        .with_context(|| format!("{}: an empty summary", file.display()))?;
    let number = |key: &str| {
        summary[key]
            .as_f64()
            .with_context(|| format!("{}: no number `{key}`", file.display()))
    };
    Ok(Summary {
        documents: number("documents")? as usize,
        bytes: number("bytes")? as u64,
        seconds: number("seconds")?,
    })
}

/// The `part-*` files with this suffix that Spark wrote into `dir`, sorted.
fn part_files(dir: &Path, suffix: &str) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with("part-") && name.ends_with(suffix) {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// The JSON values of a JSON Lines file, with their line numbers; blank lines skipped.
fn json_lines(path: &Path) -> Result<Vec<(usize, Value)>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(n, line)| {
            serde_json::from_str(line)
                .map(|value| (n + 1, value))
                .with_context(|| format!("{}:{}: not JSON", path.display(), n + 1))
        })
        .collect()
}

/// A string field of a JSON object.
fn string(value: &Value, key: &str) -> Result<String> {
    value[key]
        .as_str()
        .map(str::to_owned)
        .with_context(|| format!("no string `{key}`"))
}

/// The value as JSON with every object's keys sorted, so that equal values print the same.
fn canonical(value: &Value) -> String {
    fn sorted(value: &Value) -> Value {
        match value {
            Value::Object(map) => {
                let mut entries: Vec<(&String, &Value)> = map.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                Value::Object(
                    entries
                        .into_iter()
                        .map(|(k, v)| (k.clone(), sorted(v)))
                        .collect(),
                )
            }
            Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
            other => other.clone(),
        }
    }
    sorted(value).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    const PLAIN: &str = concat!(
        r#"{"id":"a.txt","annotations":[{"label":"actor","start":0,"end":6,"text":"Russia","plugin":"actors","attrs":{"id":"RUS","kind":"country"}},{"label":"trade_figure","start":10,"end":22,"text":"$3.6 billion","plugin":"trade-figures","attrs":{"value":3600000000.0}}]}"#,
        "\n",
        r#"{"id":"b.txt","annotations":[],"error":"plugin `x` failed"}"#,
        "\n",
    );

    /// The driver's tables for PLAIN, rows shuffled across part files, attrs keys reordered
    /// and a float written as Python writes it.
    fn driver_tables(dir: &Path, value: &str) {
        write(
            dir,
            "documents/part-00001-x.json",
            r#"{"id":"b.txt","bytes":3,"annotations":0,"error":"plugin `x` failed"}"#,
        );
        write(
            dir,
            "documents/part-00000-x.json",
            r#"{"id":"a.txt","bytes":30,"annotations":2}"#,
        );
        write(
            dir,
            "annotations/part-00000-x.json",
            &format!(
                "{}\n{}\n",
                format_args!(
                    r#"{{"id":"a.txt","label":"trade_figure","start":10,"end":22,"text":"$3.6 billion","plugin":"trade-figures","attrs":"{{\"value\":{value}}}"}}"#
                ),
                r#"{"id":"a.txt","label":"actor","start":0,"end":6,"text":"Russia","plugin":"actors","attrs":"{\"kind\":\"country\",\"id\":\"RUS\"}"}"#,
            ),
        );
    }

    #[test]
    fn driver_tables_equal_the_plain_records_they_hold() {
        let dir = tempfile::tempdir().unwrap();
        let plain = Records::from_marginalia(&write(dir.path(), "plain.jsonl", PLAIN)).unwrap();
        driver_tables(&dir.path().join("out"), "3.6e9");
        let got = Records::from_driver_jsonl(&dir.path().join("out")).unwrap();
        plain.same_as(&got).unwrap();
        assert_eq!((got.documents(), got.annotations()), (2, 2));
    }

    #[test]
    fn a_changed_attribute_is_a_difference_naming_the_document() {
        let dir = tempfile::tempdir().unwrap();
        let plain = Records::from_marginalia(&write(dir.path(), "plain.jsonl", PLAIN)).unwrap();
        driver_tables(&dir.path().join("out"), "3.7e9");
        let got = Records::from_driver_jsonl(&dir.path().join("out")).unwrap();
        let error = plain.same_as(&got).unwrap_err().to_string();
        assert!(
            error.starts_with("1 documents differ:\n  a.txt: 2 annotations"),
            "{error}"
        );
        assert!(error.contains("3700000000.0"), "{error}");
    }

    #[test]
    fn a_count_that_disagrees_with_the_annotations_table_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        driver_tables(&out, "3.6e9");
        write(
            &out,
            "documents/part-00000-x.json",
            r#"{"id":"a.txt","bytes":30,"annotations":3}"#,
        );
        let error = Records::from_driver_jsonl(&out).unwrap_err().to_string();
        assert!(error.contains("\"a.txt\" counts 3 annotations"), "{error}");
    }

    #[test]
    fn a_lost_document_fails_the_crash_check() {
        let dir = tempfile::tempdir().unwrap();
        let mut jsonl = String::new();
        for n in [0, 2] {
            jsonl.push_str(&format!(
                r#"{{"id":"crash-{n:02}","annotations":[{{"label":"word","start":0,"end":5,"text":"word{n}","plugin":"test-segfaults","attrs":{{}}}}]}}"#
            ));
            jsonl.push('\n');
        }
        let mut complete = jsonl.clone();
        complete.push_str(r#"{"id":"crash-01","annotations":[],"error":"crashed"}"#);
        let path = write(dir.path(), "complete.jsonl", &complete);
        check_crash_run(&Records::from_marginalia(&path).unwrap(), 3, &[1]).unwrap();
        let path = write(dir.path(), "lost.jsonl", &jsonl);
        let error = check_crash_run(&Records::from_marginalia(&path).unwrap(), 3, &[1])
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("documents of the partition were lost"),
            "{error}"
        );
    }
}
