//! brat standoff: a tree that opens in brat or INCEpTION as it is.
//!
//! For each document, at the path of its id under the output directory (`.txt` dropped from
//! the id, then added back): `ID.txt`, a byte-for-byte copy of the text, and `ID.ann`, its
//! annotations. At the end, `annotation.conf` (the labels and attributes seen),
//! `visual.conf` (a colour per label, as in the HTML report) and `failed.jsonl` (one
//! `{"id", "error"}` line per failed document, which gets no `.txt`/`.ann`; empty when none
//! failed).
//!
//! In `.ann`, offsets are Unicode code points, as brat counts them. Each annotation, in
//! output order, is:
//!
//! - `Tn\tLABEL START END\tTEXT`: the span. A span that crosses a line break is split into
//!   fragments around the line breaks, `START END;START END`, and TEXT is the fragments' text
//!   joined by a space, as brat requires. (A span of nothing but line breaks has no fragment
//!   and is left out.)
//! - `An\tKEY Tn VALUE` for each attribute whose value is a boolean (`true`/`false`) or a
//!   short token (letters, digits, `_ - . +`, at most 40 characters): closed value sets such
//!   as `kind`, `status`, `action` or a country code, which brat shows and filters as
//!   multi-valued attributes. Numbers, lists and free text are left to the note.
//! - `#n\tAnnotatorNotes Tn\tATTRS`: all the attributes, as compact JSON, when there are any.
//!
//! brat names (labels, attribute keys) may only hold `A-Z a-z 0-9 _ -`; any other character
//! becomes `_` (as brat itself does). Files of an earlier run that this one does not write are
//! left in the directory.
//!
//! Each file is written under a temporary name and renamed into place, so it is never seen
//! half-written. In a resumable run ([`crate::resume`]) each document also gets a line in the
//! journal, with the size and checksum of its two files, and a resume rebuilds
//! `annotation.conf` and `visual.conf` from the `.ann` files of the documents it keeps. A
//! retry writes a retried document's files durably (synced) before the journal line that
//! describes them takes the place of its old one.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use marginalia_core::{AttrValue, Attrs};
use serde::Serialize;

use crate::file::{remove_stale_temporaries, write_durable, write_replace};
use crate::offsets::convert_ranges;
use crate::palette;
use crate::resume::{Entry, FileSum, Recorder};
use crate::{FormatError, Outcome, OutcomeWriter};

/// Writes the brat tree.
#[derive(Debug)]
pub(crate) struct BratWriter {
    dir: PathBuf,
    /// Each file path written (without extension), and the id written there.
    written: HashMap<String, String>,
    /// The labels seen, as brat names.
    entities: BTreeSet<String>,
    /// Each attribute written as an A line: the labels it was on, and its values.
    attributes: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)>,
    /// Failed documents: id and message.
    failures: Vec<(String, String)>,
    /// In a resumable run: where each document written is recorded (the journal).
    journal: Option<Box<dyn Recorder>>,
    /// In a resumable run: the directories written into so far, each cleared of the
    /// temporary files a killed run may have left there when first written into.
    cleared: HashSet<PathBuf>,
}

impl BratWriter {
    /// Starts writing into `dir`, which is created if needed.
    pub(crate) fn create(dir: &Path) -> Result<Self, FormatError> {
        std::fs::create_dir_all(dir).map_err(|source| FormatError::Io {
            path: dir.to_owned(),
            source,
        })?;
        Ok(BratWriter {
            dir: dir.to_owned(),
            written: HashMap::new(),
            entities: BTreeSet::new(),
            attributes: BTreeMap::new(),
            failures: Vec::new(),
            journal: None,
            cleared: HashSet::new(),
        })
    }

    /// Records each document in `journal` (a resumable run).
    pub(crate) fn with_journal(mut self, journal: Box<dyn Recorder>) -> Self {
        self.journal = Some(journal);
        self
    }

    /// Stops recording documents, and gives back where they were recorded (a retry swaps
    /// the rewritten journal for the appended one this way).
    pub(crate) fn take_journal(&mut self) -> Option<Box<dyn Recorder>> {
        self.journal.take()
    }

    /// Takes back a document written by an earlier run, as if written by this one: its
    /// failure, or its path and the labels and attributes of its `.ann` (`ann`).
    pub(crate) fn restore(&mut self, id: &str, error: Option<&str>, ann: &str) {
        if let Some(message) = error {
            self.failures.push((id.to_owned(), message.to_owned()));
            return;
        }
        if let Ok(base) = base_path(id) {
            self.written.insert(base.to_owned(), id.to_owned());
        }
        let mut labels: HashMap<&str, &str> = HashMap::new();
        for line in ann.lines() {
            let mut fields = line.split('\t');
            let (Some(key), Some(body)) = (fields.next(), fields.next()) else {
                continue;
            };
            if key.starts_with('T') {
                if let Some(label) = body.split(' ').next() {
                    labels.insert(key, label);
                    self.entities.insert(label.to_owned());
                }
            } else if key.starts_with('A') {
                let mut parts = body.splitn(3, ' ');
                let (Some(name), Some(target), Some(value)) =
                    (parts.next(), parts.next(), parts.next())
                else {
                    continue;
                };
                let (on, values) = self.attributes.entry(name.to_owned()).or_default();
                if let Some(label) = labels.get(target) {
                    on.insert((*label).to_owned());
                }
                values.insert(value.to_owned());
            }
        }
    }

    /// Records a document in the journal, if there is one.
    fn record(&mut self, entry: &Entry<'_>) -> Result<(), FormatError> {
        match &mut self.journal {
            Some(journal) => journal.record(entry),
            None => Ok(()),
        }
    }

    /// The `.ann` content of a document.
    fn ann(
        &mut self,
        id: &str,
        text: &str,
        annotations: &[marginalia_core::Annotation],
    ) -> Result<String, FormatError> {
        let spans: Vec<(usize, usize)> = annotations.iter().map(|a| (a.start, a.end)).collect();
        let units = convert_ranges(id, text, &spans)?;
        let mut out = String::new();
        let (mut t, mut a, mut n) = (0, 0, 0);
        for (annotation, unit) in annotations.iter().zip(&units) {
            let fragments = fragments(text, annotation.start, annotation.end, unit.start_char);
            if fragments.is_empty() {
                continue;
            }
            t += 1;
            let label = brat_name(&annotation.label);
            self.entities.insert(label.clone());
            let offsets: Vec<String> = fragments
                .iter()
                .map(|f| format!("{} {}", f.start_char, f.end_char))
                .collect();
            let covered: Vec<&str> = fragments.iter().map(|f| &text[f.bytes.clone()]).collect();
            let _ = writeln!(
                out,
                "T{t}\t{label} {}\t{}",
                offsets.join(";"),
                covered.join(" ")
            );
            let mut names = BTreeSet::new();
            for (key, value) in annotation.attrs.iter() {
                let Some(value) = attribute_value(value) else {
                    continue;
                };
                let name = brat_name(key);
                if !names.insert(name.clone()) {
                    continue;
                }
                a += 1;
                let _ = writeln!(out, "A{a}\t{name} T{t} {value}");
                let (labels, values) = self.attributes.entry(name).or_default();
                labels.insert(label.clone());
                values.insert(value);
            }
            if !annotation.attrs.is_empty() {
                n += 1;
                let _ = writeln!(
                    out,
                    "#{n}\tAnnotatorNotes T{t}\t{}",
                    note(&annotation.attrs)
                );
            }
        }
        Ok(out)
    }

    /// `annotation.conf`: the labels and attributes seen.
    fn annotation_conf(&self) -> String {
        let mut out = String::from(
            "# Written by marginalia: the labels and attributes of this output.\n[entities]\n",
        );
        for label in &self.entities {
            let _ = writeln!(out, "{label}");
        }
        out.push_str(
            "\n[relations]\n# Spans of any labels may overlap (marginalia's often nest).\n\
             <OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n[events]\n\n[attributes]\n",
        );
        for (name, (labels, values)) in &self.attributes {
            let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
            let values: Vec<&str> = values.iter().map(String::as_str).collect();
            let _ = writeln!(
                out,
                "{name}\tArg:{}, Value:{}",
                labels.join("|"),
                values.join("|")
            );
        }
        out
    }

    /// `visual.conf`: a colour per label.
    fn visual_conf(&self) -> String {
        let mut out = String::from(
            "# Written by marginalia: a colour per label, as in the HTML report.\n[labels]\n\n[drawing]\n\
             SPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken\n\
             ARC_DEFAULT\tcolor:black, arrowHead:triangle-5\n\
             ATTRIBUTE_DEFAULT\tglyph:*\n",
        );
        for (rank, label) in self.entities.iter().enumerate() {
            let colour = palette::colour(rank).tint(0.45).hex();
            let _ = writeln!(out, "{label}\tbgColor:{colour}, borderColor:darken");
        }
        out
    }
}

impl OutcomeWriter for BratWriter {
    fn write(&mut self, outcome: &Outcome<'_>) -> Result<(), FormatError> {
        let annotations = match outcome.result {
            Ok(annotations) => annotations,
            Err(message) => {
                self.failures
                    .push((outcome.id.to_owned(), message.to_owned()));
                return self.record(&Entry {
                    id: outcome.id,
                    error: Some(message),
                    ..Entry::default()
                });
            }
        };
        let text = outcome.text.ok_or_else(|| FormatError::MissingText {
            id: outcome.id.to_owned(),
        })?;
        let base = base_path(outcome.id).map_err(|reason| FormatError::UnsafeId {
            id: outcome.id.to_owned(),
            reason,
        })?;
        if let Some(first) = self.written.get(base) {
            return Err(FormatError::DuplicateId {
                first: first.clone(),
                second: outcome.id.to_owned(),
                path: base.to_owned(),
            });
        }
        self.written.insert(base.to_owned(), outcome.id.to_owned());
        let ann = self.ann(outcome.id, text, annotations)?;
        let txt_path = self.dir.join(format!("{base}.txt"));
        if let Some(parent) = txt_path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| FormatError::Io {
                path: parent.to_owned(),
                source,
            })?;
            if self.journal.is_some() && self.cleared.insert(parent.to_owned()) {
                remove_stale_temporaries(parent);
            }
        }
        let write = match &self.journal {
            Some(journal) if journal.needs_durable_files() => write_durable,
            _ => write_replace,
        };
        write(&txt_path, text.as_bytes())?;
        write(&self.dir.join(format!("{base}.ann")), ann.as_bytes())?;
        if self.journal.is_some() {
            self.record(&Entry {
                id: outcome.id,
                txt: Some(FileSum::of(text.as_bytes())),
                ann: Some(FileSum::of(ann.as_bytes())),
                ..Entry::default()
            })?;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), FormatError> {
        #[derive(Serialize)]
        struct Failed<'a> {
            id: &'a str,
            error: &'a str,
        }
        let mut failed = String::new();
        for (id, error) in &self.failures {
            let line = serde_json::to_string(&Failed { id, error }).expect("strings serialize");
            failed.push_str(&line);
            failed.push('\n');
        }
        let write = if self.journal.is_some() {
            write_durable
        } else {
            write_replace
        };
        write(&self.dir.join("failed.jsonl"), failed.as_bytes())?;
        write(
            &self.dir.join("annotation.conf"),
            self.annotation_conf().as_bytes(),
        )?;
        write(&self.dir.join("visual.conf"), self.visual_conf().as_bytes())?;
        if let Some(journal) = &mut self.journal {
            journal.sync()?;
        }
        Ok(())
    }
}

/// A name brat accepts (`[A-Za-z0-9_-]+`): other characters become `_`.
pub fn brat_name(name: &str) -> String {
    if name.is_empty() {
        return "_".to_owned();
    }
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The A-line value of an attribute, when it gets one: a boolean, or a short token.
fn attribute_value(value: &AttrValue) -> Option<String> {
    match value {
        AttrValue::Bool(b) => Some(b.to_string()),
        AttrValue::Str(s)
            if !s.is_empty()
                && s.len() <= 40
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_-.+".contains(&b)) =>
        {
            Some(s.clone())
        }
        _ => None,
    }
}

/// The attributes as one line of JSON: serde_json escapes the control characters, and the
/// line separators that brat (Python's `splitlines`) would also break on are escaped here.
fn note(attrs: &Attrs) -> String {
    attrs
        .to_string()
        .replace('\u{85}', "\\u0085")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// The path of a document's files under the output directory, without extension: the id
/// without `.txt`. Ids that would escape the directory or name nothing are refused.
pub(crate) fn base_path(id: &str) -> Result<&str, &'static str> {
    let base = id.strip_suffix(".txt").unwrap_or(id);
    if base.is_empty() {
        return Err("it is empty");
    }
    if base.contains(['\\', '\0']) {
        return Err("it holds a backslash or a NUL");
    }
    if base.starts_with('/') {
        return Err("it is an absolute path");
    }
    for part in base.split('/') {
        match part {
            "" => return Err("it has an empty path component"),
            "." | ".." => return Err("it has a `.` or `..` path component"),
            _ => {}
        }
    }
    Ok(base)
}

/// Whether brat (Python's `str.splitlines`) breaks a line at `c`.
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\u{0b}'
            | '\u{0c}'
            | '\u{1c}'
            | '\u{1d}'
            | '\u{1e}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// A piece of a span between line breaks.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Fragment {
    start_char: usize,
    end_char: usize,
    bytes: std::ops::Range<usize>,
}

/// The span `start..end` (bytes; `start_char` code points) cut around line breaks.
fn fragments(text: &str, start: usize, end: usize, start_char: usize) -> Vec<Fragment> {
    let span = &text[start..end];
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None; // (byte, char) where the current piece began
    let mut chars = start_char;
    for (i, c) in span.char_indices() {
        if is_line_break(c) {
            if let Some((b, ch)) = open.take() {
                out.push(Fragment {
                    start_char: ch,
                    end_char: chars,
                    bytes: start + b..start + i,
                });
            }
        } else if open.is_none() {
            open = Some((i, chars));
        }
        chars += 1;
    }
    if let Some((b, ch)) = open {
        out.push(Fragment {
            start_char: ch,
            end_char: chars,
            bytes: start + b..end,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Destination, Format, OffsetUnits, open};
    use marginalia_core::Annotation;

    fn annotation(text: &str, needle: &str, label: &str, attrs: Attrs) -> Annotation {
        let start = text.find(needle).unwrap();
        Annotation {
            label: label.into(),
            start,
            end: start + needle.len(),
            text: needle.into(),
            plugin: "p".into(),
            attrs,
        }
    }

    #[test]
    fn tree_ann_lines_and_confs() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("brat");
        // Emoji (a ZWJ sequence: 5 code points), CJK, a combining accent, a span over a line
        // break, and attributes of every kind.
        let text =
            "👩\u{200d}👩\u{200d}👧 Kim met Cafe\u{301} owners in 北京.\nSanctions\r\nfollowed.";
        let mut annotations = vec![
            annotation(
                text,
                "Kim",
                "actor",
                Attrs::new().with("id", "PRK").with("kind", "leader"),
            ),
            annotation(text, "北京", "actor", Attrs::new().with("id", "CHN")),
            annotation(
                text,
                "Cafe\u{301} owners",
                "odd label!",
                Attrs::new()
                    .with("note", "two words")
                    .with("count", 3)
                    .with("flag", true)
                    .with("items", vec!["a", "b"]),
            ),
            annotation(
                text,
                "Sanctions\r\nfollowed",
                "sanction",
                Attrs::new().with("status", "imposed"),
            ),
            annotation(text, "\r\n", "sanction", Attrs::new()),
        ];
        annotations.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        let mut writer = open(
            Format::Brat,
            OffsetUnits::Bytes,
            &Destination::Dir(out.clone()),
        )
        .unwrap();
        writer
            .write(&Outcome {
                id: "news/a.txt",
                text: Some(text),
                result: Ok(&annotations),
            })
            .unwrap();
        writer
            .write(&Outcome {
                id: "news/b.txt",
                text: None,
                result: Err("cannot read news/b.txt"),
            })
            .unwrap();
        writer
            .write(&Outcome {
                id: "plain id",
                text: Some("nothing here"),
                result: Ok(&[]),
            })
            .unwrap();
        writer.finish().unwrap();

        assert_eq!(
            std::fs::read_to_string(out.join("news/a.txt")).unwrap(),
            text
        );
        assert_eq!(
            std::fs::read_to_string(out.join("news/a.ann")).unwrap(),
            "T1\tactor 6 9\tKim\n\
             A1\tid T1 PRK\n\
             A2\tkind T1 leader\n\
             #1\tAnnotatorNotes T1\t{\"id\":\"PRK\",\"kind\":\"leader\"}\n\
             T2\todd_label_ 14 26\tCafe\u{301} owners\n\
             A3\tflag T2 true\n\
             #2\tAnnotatorNotes T2\t{\"count\":3,\"flag\":true,\"items\":[\"a\",\"b\"],\"note\":\"two words\"}\n\
             T3\tactor 30 32\t北京\n\
             A4\tid T3 CHN\n\
             #3\tAnnotatorNotes T3\t{\"id\":\"CHN\"}\n\
             T4\tsanction 34 43;45 53\tSanctions followed\n\
             A5\tstatus T4 imposed\n\
             #4\tAnnotatorNotes T4\t{\"status\":\"imposed\"}\n"
        );
        // The code points agree with Python's (brat's) indexing.
        let chars: Vec<char> = text.chars().collect();
        let at = |s: usize, e: usize| chars[s..e].iter().collect::<String>();
        assert_eq!(at(6, 9), "Kim");
        assert_eq!(at(30, 32), "北京");
        assert_eq!(at(34, 43), "Sanctions");
        assert_eq!(at(45, 53), "followed");

        assert!(!out.join("news/b.txt").exists());
        assert_eq!(
            std::fs::read_to_string(out.join("failed.jsonl")).unwrap(),
            "{\"id\":\"news/b.txt\",\"error\":\"cannot read news/b.txt\"}\n"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("plain id.txt")).unwrap(),
            "nothing here"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("plain id.ann")).unwrap(),
            ""
        );
        assert_eq!(
            std::fs::read_to_string(out.join("annotation.conf")).unwrap(),
            "# Written by marginalia: the labels and attributes of this output.\n\
             [entities]\nactor\nodd_label_\nsanction\n\n\
             [relations]\n# Spans of any labels may overlap (marginalia's often nest).\n\
             <OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n[events]\n\n[attributes]\n\
             flag\tArg:odd_label_, Value:true\n\
             id\tArg:actor, Value:CHN|PRK\n\
             kind\tArg:actor, Value:leader\n\
             status\tArg:sanction, Value:imposed\n"
        );
        let visual = std::fs::read_to_string(out.join("visual.conf")).unwrap();
        assert!(visual.contains("[drawing]\n"), "{visual}");
        assert!(visual.contains("\nactor\tbgColor:#"), "{visual}");
        assert!(visual.contains("\nsanction\tbgColor:#"), "{visual}");
        let names: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.starts_with('.'))
            .collect();
        assert!(names.is_empty(), "no temporary files left: {names:?}");
    }

    #[test]
    fn fragments_around_every_kind_of_line_break() {
        let text = "a\u{2028}b\r\n\nc\u{85}d";
        let f = fragments(text, 0, text.len(), 10);
        let covered: Vec<&str> = f.iter().map(|f| &text[f.bytes.clone()]).collect();
        assert_eq!(covered, ["a", "b", "c", "d"]);
        let chars: Vec<(usize, usize)> = f.iter().map(|f| (f.start_char, f.end_char)).collect();
        assert_eq!(chars, [(10, 11), (12, 13), (16, 17), (18, 19)]);
        assert!(fragments("\n\r\n", 0, 3, 0).is_empty());
    }

    #[test]
    fn ids_that_are_not_safe_relative_paths_are_refused() {
        for (id, reason) in [
            ("../x.txt", "it has a `.` or `..` path component"),
            ("a/./b", "it has a `.` or `..` path component"),
            ("/etc/passwd", "it is an absolute path"),
            ("a//b", "it has an empty path component"),
            ("a/", "it has an empty path component"),
            (".txt", "it is empty"),
            ("a\\b", "it holds a backslash or a NUL"),
        ] {
            assert_eq!(base_path(id), Err(reason), "{id}");
        }
        assert_eq!(base_path("news/2024/a.txt"), Ok("news/2024/a"));
        assert_eq!(base_path("reuters:123"), Ok("reuters:123"));

        let dir = tempfile::tempdir().unwrap();
        let mut writer = BratWriter::create(dir.path()).unwrap();
        let ok = |id| Outcome {
            id,
            text: Some("x"),
            result: Ok(&[]),
        };
        let error = writer.write(&ok("../escape.txt")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "document id `../escape.txt` cannot name a file in the brat output: it has a `.` or `..` path component"
        );
        writer.write(&ok("a.txt")).unwrap();
        let error = writer.write(&ok("a")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "documents `a.txt` and `a` would both be written as a.txt/.ann in the brat output"
        );
    }

    #[test]
    fn names_and_values() {
        assert_eq!(brat_name("arms_trade"), "arms_trade");
        assert_eq!(brat_name("trade figure/€"), "trade_figure__");
        assert_eq!(brat_name(""), "_");
        assert_eq!(
            attribute_value(&AttrValue::from("RUS")),
            Some("RUS".to_owned())
        );
        assert_eq!(attribute_value(&AttrValue::from("more than")), None);
        assert_eq!(attribute_value(&AttrValue::from(3)), None);
        assert_eq!(
            attribute_value(&AttrValue::from(false)),
            Some("false".into())
        );
        assert_eq!(
            note(&Attrs::new().with("q", "a\u{2028}b\nc")),
            "{\"q\":\"a\\u2028b\\nc\"}"
        );
    }
}
