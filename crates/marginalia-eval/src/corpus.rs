//! Reading annotation files: JSON Lines, one document per line.

use std::collections::BTreeMap;
use std::path::Path;

use marginalia_core::Annotation;
use serde::Deserialize;

use crate::EvalError;

/// The annotations of a set of documents, by document id, as read from one JSON Lines file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Corpus {
    /// Where the annotations came from (a path, or any name given to
    /// [`from_jsonl`](Self::from_jsonl)); errors name it.
    pub source: String,
    /// The documents, by id.
    pub documents: BTreeMap<String, DocumentAnnotations>,
}

/// One document's line.
#[derive(Clone, Debug, PartialEq)]
pub struct DocumentAnnotations {
    /// The 1-based line it was read from.
    pub line: usize,
    /// Its annotations, sorted by [`Annotation::sort_key`].
    pub annotations: Vec<Annotation>,
    /// The `error` of a document that failed to be annotated.
    pub error: Option<String>,
}

/// One line as written by `marginalia annotate` (and by `cargo xtask gold`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    id: String,
    annotations: Vec<Annotation>,
    #[serde(default)]
    error: Option<String>,
}

impl Corpus {
    /// Reads a JSON Lines file.
    pub fn load(path: &Path) -> Result<Corpus, EvalError> {
        let text = std::fs::read_to_string(path).map_err(|source| EvalError::Read {
            path: path.to_owned(),
            source,
        })?;
        Corpus::from_jsonl(&text, &path.display().to_string())
    }

    /// Parses JSON Lines text; `source` names it in errors. Blank lines are skipped; every
    /// other line must be a document record with a unique `id` whose annotations have
    /// `start < end` and a `text` of `end - start` bytes.
    pub fn from_jsonl(text: &str, source: &str) -> Result<Corpus, EvalError> {
        let mut corpus = Corpus {
            source: source.to_owned(),
            documents: BTreeMap::new(),
        };
        for (index, raw) in text.lines().enumerate() {
            let line = index + 1;
            if raw.trim().is_empty() {
                continue;
            }
            let error = |message: String| EvalError::Line {
                file: source.to_owned(),
                line,
                message,
            };
            let record: Record = serde_json::from_str(raw)
                .map_err(|e| error(format!("not a document record: {e}")))?;
            for (number, a) in record.annotations.iter().enumerate() {
                if a.start >= a.end {
                    return Err(error(format!(
                        "document `{}`, annotation {} (`{}` {}..{}): start must be less than end",
                        record.id,
                        number + 1,
                        a.label,
                        a.start,
                        a.end
                    )));
                }
                if a.text.len() != a.end - a.start {
                    return Err(error(format!(
                        "document `{}`, annotation {} (`{}` {}..{}): text {:?} is {} bytes, the span {}",
                        record.id,
                        number + 1,
                        a.label,
                        a.start,
                        a.end,
                        a.text,
                        a.text.len(),
                        a.end - a.start
                    )));
                }
            }
            if let Some(first) = corpus.documents.get(&record.id) {
                return Err(error(format!(
                    "document `{}` appears twice (first on line {})",
                    record.id, first.line
                )));
            }
            let mut annotations = record.annotations;
            annotations.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            corpus.documents.insert(
                record.id,
                DocumentAnnotations {
                    line,
                    annotations,
                    error: record.error,
                },
            );
        }
        Ok(corpus)
    }

    /// Fails on the first document with an `error`: gold must have annotations for every
    /// document it lists.
    pub fn ensure_no_errors(&self) -> Result<(), EvalError> {
        for (id, doc) in &self.documents {
            if let Some(error) = &doc.error {
                return Err(EvalError::GoldDocumentFailed {
                    file: self.source.clone(),
                    line: doc.line,
                    id: id.clone(),
                    error: error.clone(),
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_documents_and_errors_skipping_blank_lines() {
        let jsonl = concat!(
            r#"{"id":"b.txt","annotations":[{"label":"actor","start":7,"end":9,"text":"UN","plugin":"actors","attrs":{}},{"label":"actor","start":0,"end":6,"text":"Russia","plugin":"actors"}]}"#,
            "\n\n",
            r#"{"id":"a.txt","annotations":[],"error":"plugin actors failed"}"#,
            "\n",
        );
        let corpus = Corpus::from_jsonl(jsonl, "p.jsonl").unwrap();
        let ids: Vec<&str> = corpus.documents.keys().map(String::as_str).collect();
        assert_eq!(ids, ["a.txt", "b.txt"]);
        let b = &corpus.documents["b.txt"];
        assert_eq!(b.line, 1);
        // Sorted by position whatever the input order.
        assert_eq!(b.annotations[0].text, "Russia");
        assert_eq!(b.annotations[1].text, "UN");
        let a = &corpus.documents["a.txt"];
        assert_eq!(a.line, 3);
        assert_eq!(a.error.as_deref(), Some("plugin actors failed"));
        assert!(corpus.ensure_no_errors().is_err());
    }

    #[test]
    fn errors_name_file_and_line() {
        let cases = [
            (
                "{\"id\":\"a\",\"annotations\":[]}\nnot json",
                "g.jsonl:2: not a document record",
            ),
            (
                "{\"id\":\"a\",\"annotations\":[],\"extra\":1}",
                "g.jsonl:1: not a document record: unknown field `extra`",
            ),
            (
                "{\"id\":\"a\",\"annotations\":[]}\n{\"id\":\"a\",\"annotations\":[]}",
                "g.jsonl:2: document `a` appears twice (first on line 1)",
            ),
            (
                r#"{"id":"a","annotations":[{"label":"x","start":3,"end":3,"text":"","plugin":"p"}]}"#,
                "g.jsonl:1: document `a`, annotation 1 (`x` 3..3): start must be less than end",
            ),
            (
                r#"{"id":"a","annotations":[{"label":"x","start":0,"end":3,"text":"ab","plugin":"p"}]}"#,
                "g.jsonl:1: document `a`, annotation 1 (`x` 0..3): text \"ab\" is 2 bytes, the span 3",
            ),
        ];
        for (jsonl, expected) in cases {
            let error = Corpus::from_jsonl(jsonl, "g.jsonl")
                .unwrap_err()
                .to_string();
            assert!(
                error.starts_with(expected),
                "{error:?} should start with {expected:?}"
            );
        }
    }

    #[test]
    fn gold_with_a_failed_document_is_refused_naming_it() {
        let gold = Corpus::from_jsonl(
            "{\"id\":\"a\",\"annotations\":[]}\n{\"id\":\"b\",\"annotations\":[],\"error\":\"boom\"}",
            "gold.jsonl",
        )
        .unwrap();
        assert_eq!(
            gold.ensure_no_errors().unwrap_err().to_string(),
            "gold.jsonl:2: gold document `b` has an error instead of annotations: boom"
        );
    }

    #[test]
    fn load_names_a_missing_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing.jsonl");
        let error = Corpus::load(&path).unwrap_err().to_string();
        assert!(error.starts_with(&format!("cannot read {}", path.display())));
        std::fs::write(&path, "{\"id\":\"a\",\"annotations\":[]}\n").unwrap();
        let corpus = Corpus::load(&path).unwrap();
        assert_eq!(corpus.source, path.display().to_string());
        assert_eq!(corpus.documents.len(), 1);
    }
}
