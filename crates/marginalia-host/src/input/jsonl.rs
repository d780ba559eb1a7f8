//! Documents from JSON Lines: one `{"id": "...", "text": "..."}` object per line.
//!
//! Every non-blank input line gives exactly one [`Item`]: a document, or an [`Item::Failed`]
//! saying what is wrong with the line, naming the line (and the file, when it has a name).
//! A bad line never stops the others. What a line must be:
//!
//! - valid UTF-8 (a UTF-8 byte order mark before the first line is skipped);
//! - a JSON object (not an array, a string or a number); other keys than `id` and `text`
//!   are ignored;
//! - with `id` a non-empty string, not used by an earlier line of the same run;
//! - with `text` a string.
//!
//! Lines end with `\n` or `\r\n`; blank lines are skipped. A read error (the input is a
//! directory, a disk error) ends that input with one failed item: reading again would most
//! likely fail the same way, forever.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;

use super::{InputError, Item};

/// The documents of one JSON Lines stream that has no name (stdin): messages say `input
/// line N`, and a failed line's id is `line N` (or its own `id`, when it has a usable one).
/// Ids must be unique within the stream.
pub fn jsonl(reader: impl BufRead + Send + 'static) -> impl Iterator<Item = Item> + Send {
    UniqueIds::new(Lines::new(None, reader))
}

/// As [`jsonl`], for a stream named `name` (a file): messages say `input line N of NAME`, and
/// a failed line's id is `NAME line N`.
pub fn jsonl_named(
    name: &str,
    reader: impl BufRead + Send + 'static,
) -> impl Iterator<Item = Item> + Send {
    UniqueIds::new(Lines::new(Some(name.to_owned()), reader))
}

/// The documents of JSON Lines files, in the order given; `-` is stdin (unnamed in
/// messages, as in [`jsonl`]). Ids must be unique across all of them. Every file must open.
pub fn jsonl_inputs(
    paths: &[PathBuf],
) -> Result<impl Iterator<Item = Item> + Send + use<>, InputError> {
    let mut sources: Vec<Lines<Box<dyn BufRead + Send>>> = Vec::with_capacity(paths.len());
    for path in paths {
        if path.as_os_str() == "-" {
            sources.push(Lines::new(None, Box::new(BufReader::new(std::io::stdin()))));
        } else {
            let file = File::open(path).map_err(|source| InputError::Inaccessible {
                path: path.clone(),
                source,
            })?;
            let name = path.display().to_string();
            sources.push(Lines::new(Some(name), Box::new(BufReader::new(file))));
        }
    }
    Ok(UniqueIds::new(sources.into_iter().flatten()))
}

/// Where a line is, for messages and ids.
#[derive(Clone, Debug)]
struct Place {
    source: Option<String>,
    line: usize,
}

impl Place {
    /// `input line N` or `input line N of NAME`.
    fn describe(&self) -> String {
        match &self.source {
            None => format!("input line {}", self.line),
            Some(name) => format!("input line {} of {name}", self.line),
        }
    }

    /// The id of a failed line that has no usable id of its own.
    fn fallback_id(&self) -> String {
        match &self.source {
            None => format!("line {}", self.line),
            Some(name) => format!("{name} line {}", self.line),
        }
    }
}

/// A line read, before the id check.
enum Parsed {
    Document {
        id: String,
        text: String,
    },
    Failed {
        id: String,
        message: String,
        /// Whether `id` is the line's own (which later lines may then not use).
        own_id: bool,
    },
}

/// The lines of one stream, parsed; ends at the end of the stream or at a read error.
struct Lines<R> {
    source: Option<String>,
    reader: R,
    line: usize,
    buffer: Vec<u8>,
    done: bool,
}

impl<R: BufRead> Lines<R> {
    fn new(source: Option<String>, reader: R) -> Self {
        Lines {
            source,
            reader,
            line: 0,
            buffer: Vec::new(),
            done: false,
        }
    }

    fn place(&self) -> Place {
        Place {
            source: self.source.clone(),
            line: self.line,
        }
    }
}

impl<R: BufRead> Iterator for Lines<R> {
    type Item = (Place, Parsed);

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.buffer.clear();
            match self.reader.read_until(b'\n', &mut self.buffer) {
                Ok(0) => self.done = true,
                Ok(_) => {
                    self.line += 1;
                    if let Some(parsed) = parse_line(&self.buffer, &self.place()) {
                        return Some((self.place(), parsed));
                    }
                }
                Err(error) => {
                    self.done = true;
                    let place = Place {
                        source: self.source.clone(),
                        line: self.line + 1,
                    };
                    let input = self.source.as_deref().unwrap_or("the input");
                    let message = format!(
                        "cannot read {input} at line {}: {error}; the rest of it is skipped",
                        place.line
                    );
                    let failed = Parsed::Failed {
                        id: place.fallback_id(),
                        message,
                        own_id: false,
                    };
                    return Some((place, failed));
                }
            }
        }
        None
    }
}

/// One raw line (with its line end) as a document or a failure; `None` for a blank line.
fn parse_line(raw: &[u8], place: &Place) -> Option<Parsed> {
    let raw = raw.strip_suffix(b"\n").unwrap_or(raw);
    let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
    let raw = match place.line {
        1 => raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw),
        _ => raw,
    };
    let failed = |message: String| Parsed::Failed {
        id: place.fallback_id(),
        message,
        own_id: false,
    };
    let line = match std::str::from_utf8(raw) {
        Ok(line) => line,
        Err(error) => {
            return Some(failed(format!(
                "{} is not valid UTF-8: invalid byte sequence at byte offset {} of the line; convert the input to UTF-8",
                place.describe(),
                error.valid_up_to()
            )));
        }
    };
    if line.trim().is_empty() {
        return None;
    }
    let mut object = match serde_json::from_str::<serde_json::Value>(line) {
        Ok(serde_json::Value::Object(object)) => object,
        Ok(other) => {
            return Some(failed(format!(
                "{} is not a JSON object with string `id` and `text`: it is {}",
                place.describe(),
                kind(&other)
            )));
        }
        Err(error) => {
            return Some(failed(format!(
                "{} is not a JSON object with string `id` and `text`: {error}",
                place.describe()
            )));
        }
    };
    let id = match object.remove("id") {
        Some(serde_json::Value::String(id)) if !id.is_empty() => Ok(id),
        Some(serde_json::Value::String(_)) => Err(": it is empty".to_owned()),
        Some(other) => Err(format!(": it is {}", kind(&other))),
        None => Err(String::new()),
    };
    let text = match object.remove("text") {
        Some(serde_json::Value::String(text)) => Ok(text),
        Some(other) => Err(format!(": it is {}", kind(&other))),
        None => Err(String::new()),
    };
    Some(match (id, text) {
        (Ok(id), Ok(text)) => Parsed::Document { id, text },
        (Ok(id), Err(why)) => Parsed::Failed {
            id,
            message: format!("{} has no string `text`{why}", place.describe()),
            own_id: true,
        },
        (Err(why), _) => failed(format!("{} has no string `id`{why}", place.describe())),
    })
}

/// What a JSON value is, for messages.
fn kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// Turns a document whose id an earlier line already used (as a document, or as a failed
/// line's own id) into a failure naming that line.
///
/// It remembers every id of the run (a few dozen bytes per document).
struct UniqueIds<I> {
    lines: I,
    seen: HashMap<String, Place>,
}

impl<I> UniqueIds<I> {
    fn new(lines: I) -> Self {
        UniqueIds {
            lines,
            seen: HashMap::new(),
        }
    }
}

impl<I: Iterator<Item = (Place, Parsed)>> Iterator for UniqueIds<I> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        let (place, parsed) = self.lines.next()?;
        Some(match parsed {
            Parsed::Failed {
                id,
                message,
                own_id,
            } => {
                if own_id && !self.seen.contains_key(&id) {
                    self.seen.insert(id.clone(), place);
                }
                Item::Failed { id, message }
            }
            Parsed::Document { id, text } => match self.seen.get(&id) {
                Some(first) => Item::Failed {
                    message: format!(
                        "{} has the id `{id}` of {}; give each document its own id",
                        place.describe(),
                        first.describe()
                    ),
                    id,
                },
                None => {
                    self.seen.insert(id.clone(), place);
                    Item::Text { id, text }
                }
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(input: &[u8]) -> Vec<Item> {
        jsonl(std::io::Cursor::new(input.to_vec())).collect()
    }

    fn failed(id: &str, message: &str) -> Item {
        Item::Failed {
            id: id.into(),
            message: message.into(),
        }
    }

    #[test]
    fn lines_become_documents_or_failures() {
        let input = "{\"id\":\"a\",\"text\":\"Hello\",\"lang\":\"en\"}\n\nnot json\n{\"id\":\"b\"}\n{\"text\":\"t\"}\n";
        let items = items(input.as_bytes());
        assert_eq!(
            items[0],
            Item::Text {
                id: "a".into(),
                text: "Hello".into()
            }
        );
        assert!(
            matches!(&items[1], Item::Failed { id, message } if id == "line 3" && message.starts_with("input line 3 is not a JSON object with string `id` and `text`: expected")),
            "{:?}",
            items[1]
        );
        assert_eq!(items[2], failed("b", "input line 4 has no string `text`"));
        assert_eq!(
            items[3],
            failed("line 5", "input line 5 has no string `id`")
        );
        assert_eq!(items.len(), 4, "the blank line is skipped");
    }

    #[test]
    fn wrong_types_empty_and_duplicate_ids_fail_their_line_only() {
        let input = concat!(
            "[\"a\",\"text\"]\n",
            "{\"id\":\"a\",\"text\":42}\n",
            "{\"id\":7,\"text\":\"t\"}\n",
            "{\"id\":\"\",\"text\":\"t\"}\n",
            "{\"id\":\"x\",\"text\":\"first\"}\r\n",
            "{\"id\":\"x\",\"text\":\"second\"}\n",
            "{\"id\":\"a\",\"text\":\"again\"}\n",
            "{\"id\":\"y\",\"text\":\"last\"}",
        );
        let items = items(input.as_bytes());
        assert_eq!(
            items,
            [
                failed(
                    "line 1",
                    "input line 1 is not a JSON object with string `id` and `text`: it is an array"
                ),
                failed("a", "input line 2 has no string `text`: it is a number"),
                failed("line 3", "input line 3 has no string `id`: it is a number"),
                failed("line 4", "input line 4 has no string `id`: it is empty"),
                Item::Text {
                    id: "x".into(),
                    text: "first".into()
                },
                failed(
                    "x",
                    "input line 6 has the id `x` of input line 5; give each document its own id"
                ),
                failed(
                    "a",
                    "input line 7 has the id `a` of input line 2; give each document its own id"
                ),
                Item::Text {
                    id: "y".into(),
                    text: "last".into()
                },
            ]
        );
    }

    #[test]
    fn invalid_utf8_fails_its_line_and_a_leading_bom_is_skipped() {
        let input = b"\xEF\xBB\xBF{\"id\":\"a\",\"text\":\"ok\"}\n{\"id\":\"b\",\"text\":\"caf\xE9\"}\n{\"id\":\"c\",\"text\":\"on\"}\n";
        let items = items(input);
        assert_eq!(
            items[0],
            Item::Text {
                id: "a".into(),
                text: "ok".into()
            }
        );
        assert_eq!(
            items[1],
            failed(
                "line 2",
                "input line 2 is not valid UTF-8: invalid byte sequence at byte offset 21 of the line; convert the input to UTF-8"
            )
        );
        assert!(matches!(&items[2], Item::Text { id, .. } if id == "c"));
    }

    #[test]
    fn named_inputs_are_named_and_ids_are_unique_across_them() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.jsonl");
        let b = dir.path().join("b.jsonl");
        std::fs::write(&a, "{\"id\":\"x\",\"text\":\"one\"}\nnope\n").unwrap();
        std::fs::write(&b, "{\"id\":\"x\",\"text\":\"two\"}\n").unwrap();
        let items: Vec<Item> = jsonl_inputs(&[a.clone(), b.clone()]).unwrap().collect();
        let (a, b) = (a.display(), b.display());
        assert!(matches!(&items[0], Item::Text { id, .. } if id == "x"));
        match &items[1] {
            Item::Failed { id, message } => {
                assert_eq!(id, &format!("{a} line 2"));
                assert!(
                    message.starts_with(&format!("input line 2 of {a} is not a JSON object")),
                    "{message}"
                );
            }
            other => panic!("expected a failure, got {other:?}"),
        }
        assert_eq!(
            items[2],
            failed(
                "x",
                &format!(
                    "input line 1 of {b} has the id `x` of input line 1 of {a}; give each document its own id"
                )
            )
        );
        let missing = dir.path().join("missing.jsonl");
        let error = jsonl_inputs(std::slice::from_ref(&missing)).err().unwrap();
        assert!(
            error
                .to_string()
                .starts_with(&format!("input {}: ", missing.display())),
            "{error}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_read_error_ends_the_input_with_one_failure() {
        // Reading a directory fails with EISDIR on every call: one failure, not a loop.
        let dir = tempfile::tempdir().unwrap();
        let items: Vec<Item> = jsonl_inputs(&[dir.path().to_owned()]).unwrap().collect();
        assert_eq!(items.len(), 1, "{items:?}");
        match &items[0] {
            Item::Failed { id, message } => {
                assert_eq!(id, &format!("{} line 1", dir.path().display()));
                assert!(
                    message
                        .starts_with(&format!("cannot read {} at line 1: ", dir.path().display())),
                    "{message}"
                );
            }
            other => panic!("expected a failure, got {other:?}"),
        }
    }
}
