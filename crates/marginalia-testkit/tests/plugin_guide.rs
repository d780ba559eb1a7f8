//! The plugin that `docs/plugin-guide.md` walks through, compiled and tested here, and a check
//! that the guide's Rust blocks are copied from it.
//!
//! `plugin_guide/lib.rs` is the guide's `plugins/visits/src/lib.rs` and `plugin_guide/tests.rs`
//! its `plugins/visits/tests/visits.rs`, word for word. A ```` ```rust ```` block of the guide
//! whose first line is `// plugins/visits/src/lib.rs` (or `.../tests/visits.rs`) must be a run
//! of consecutive lines of that file; a `// ...` line inside the block skips ahead in it.

// The guide's test file names the plugin's crate; here the crate is this test.
extern crate self as marginalia_plugin_visits;

#[path = "plugin_guide/lib.rs"]
mod visits;
pub use visits::*;

#[path = "plugin_guide/tests.rs"]
mod visits_tests;

use std::path::Path;

/// The files the guide quotes, by the path the guide gives them.
const QUOTED: [(&str, &str); 2] = [
    (
        "plugins/visits/src/lib.rs",
        include_str!("plugin_guide/lib.rs"),
    ),
    (
        "plugins/visits/tests/visits.rs",
        include_str!("plugin_guide/tests.rs"),
    ),
];

/// The line that, inside a quoted block, stands for lines left out.
const ELISION: &str = "// ...";

#[test]
fn the_guide_quotes_the_code_that_is_tested_here() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/plugin-guide.md");
    let guide = std::fs::read_to_string(&path).expect("docs/plugin-guide.md exists");
    let mut checked = 0;
    for (line, block) in rust_blocks(&guide) {
        let Some((file, source)) = QUOTED
            .iter()
            .find(|(file, _)| block.first() == Some(&format!("// {file}").as_str()))
        else {
            continue;
        };
        if let Err(missing) = quoted_in(&block[1..], source) {
            panic!(
                "docs/plugin-guide.md:{line}: this block's line does not follow in {file} \
                 (crates/marginalia-testkit/tests/plugin_guide/): {missing:?}"
            );
        }
        checked += 1;
    }
    assert!(
        checked >= 6,
        "only {checked} blocks of the guide are checked; does it still quote the plugin?"
    );
}

/// The ```` ```rust ```` blocks of a Markdown text: the line number of the opening fence and
/// the block's lines.
fn rust_blocks(markdown: &str) -> Vec<(usize, Vec<&str>)> {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, Vec<&str>)> = None;
    for (i, line) in markdown.lines().enumerate() {
        match &mut current {
            None if line.trim_start() == "```rust" => current = Some((i + 1, Vec::new())),
            None => {}
            Some(_) if line.trim_start() == "```" => blocks.extend(current.take()),
            Some((_, lines)) => lines.push(line),
        }
    }
    blocks
}

/// Whether `block` is a run of consecutive lines of `source`, where an [`ELISION`] line skips
/// any number of lines (forward only); else the first line that does not follow.
fn quoted_in<'b>(block: &[&'b str], source: &str) -> Result<(), &'b str> {
    let source: Vec<&str> = source.lines().map(str::trim_end).collect();
    let mut from = 0;
    for chunk in block.split(|line| line.trim() == ELISION) {
        let chunk: Vec<&str> = chunk.iter().map(|l| l.trim_end()).collect();
        if chunk.is_empty() {
            continue;
        }
        let found =
            (from..source.len()).find(|&i| source.get(i..i + chunk.len()) == Some(&chunk[..]));
        match found {
            Some(i) => from = i + chunk.len(),
            None => {
                // Name the first line of the chunk that breaks the run, for the message.
                let start = (from..source.len()).find(|&i| source[i] == chunk[0]);
                let bad = match start {
                    None => 0,
                    Some(i) => (0..chunk.len())
                        .find(|&k| source.get(i + k) != Some(&chunk[k]))
                        .unwrap_or(0),
                };
                return Err(block
                    .iter()
                    .find(|l| l.trim_end() == chunk[bad])
                    .copied()
                    .unwrap_or(chunk[bad]));
            }
        }
    }
    Ok(())
}

#[test]
fn quoting_allows_elisions_and_nothing_else() {
    let source = "a\nb\nc\nd\n";
    assert_eq!(quoted_in(&["a", "b"], source), Ok(()));
    assert_eq!(quoted_in(&["a", "// ...", "d"], source), Ok(()));
    assert_eq!(quoted_in(&["a", "c"], source), Err("c"));
    assert_eq!(quoted_in(&["c", "// ...", "a"], source), Err("a"));
    assert_eq!(quoted_in(&["x"], source), Err("x"));
}
