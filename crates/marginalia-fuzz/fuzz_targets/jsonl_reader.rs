//! Fuzzes the JSON Lines reader (`marginalia_host::input::jsonl`) on arbitrary bytes, against
//! its contract written out independently here:
//!
//! - every non-blank line gives exactly one item, in order (a UTF-8 byte order mark before
//!   the first line is skipped; lines end with `\n` or `\r\n`);
//! - a line is a document (`Item::Text`, carrying its `id` and `text`) exactly when it is a
//!   JSON object with a non-empty string `id` that no earlier line had, and a string `text`;
//! - any other line is an `Item::Failed` with a non-empty id and a message naming its line.
//!
//! And never a panic.
#![no_main]

use std::collections::HashSet;
use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use marginalia_host::input::{Item, jsonl};

/// The lines of `data`, numbered from 1: split on `\n`, the last one only when not empty,
/// each without its `\n` (nor a `\r` before it), the first without a byte order mark.
fn lines(data: &[u8]) -> Vec<(usize, &[u8])> {
    let mut lines: Vec<&[u8]> = data.split(|&b| b == b'\n').collect();
    if lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let l = l.strip_suffix(b"\r").unwrap_or(l);
            let l = match i {
                0 => l.strip_prefix("\u{feff}".as_bytes()).unwrap_or(l),
                _ => l,
            };
            (i + 1, l)
        })
        .collect()
}

/// A line as the contract sees it: `Some(id)` when it is an object with a non-empty string
/// `id`, and with it `Some(text)` when `text` is a string too.
fn fields(line: &str) -> (Option<String>, Option<String>) {
    let Ok(serde_json::Value::Object(object)) = serde_json::from_str(line) else {
        return (None, None);
    };
    let string = |key: &str| object.get(key).and_then(|v| v.as_str()).map(str::to_owned);
    (string("id").filter(|id| !id.is_empty()), string("text"))
}

fuzz_target!(|data: &[u8]| {
    let items: Vec<Item> = jsonl(Cursor::new(data.to_vec())).collect();
    let input = String::from_utf8_lossy(data);
    let mut seen: HashSet<String> = HashSet::new();
    let mut expected: Vec<(usize, Option<(String, String)>)> = Vec::new();
    for (number, line) in lines(data) {
        let Ok(line) = std::str::from_utf8(line) else {
            expected.push((number, None));
            continue;
        };
        if line.trim().is_empty() {
            continue;
        }
        let document = match fields(line) {
            (Some(id), text) => {
                let fresh = seen.insert(id.clone());
                text.filter(|_| fresh).map(|text| (id, text))
            }
            (None, _) => None,
        };
        expected.push((number, document));
    }
    assert_eq!(
        items.len(),
        expected.len(),
        "one item per non-blank line\nitems: {items:?}\ninput: {input:?}"
    );
    for (item, (number, document)) in items.iter().zip(expected) {
        match (item, document) {
            (Item::Text { id, text }, Some((want_id, want_text))) => {
                assert_eq!((id, text), (&want_id, &want_text), "line {number}");
            }
            (Item::Failed { id, message }, None) => {
                assert!(
                    message.starts_with(&format!("input line {number} ")),
                    "line {number}: the message does not name the line: {message}"
                );
                assert!(!id.is_empty(), "line {number}: a failed item without id");
            }
            (item, document) => panic!(
                "line {number}: read as {item:?}, but the contract says {}\ninput: {input:?}",
                match document {
                    Some((id, _)) => format!("a document with id {id:?}"),
                    None => "a failure".to_owned(),
                }
            ),
        }
    }
});
