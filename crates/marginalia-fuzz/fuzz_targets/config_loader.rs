//! Fuzzes the config loaders on arbitrary UTF-8 text: the host's `marginalia.toml` parser
//! (`marginalia_host::config::Config::parse`) and a plugin's view of its table
//! (`marginalia_core::Config`).
//!
//! Never a panic. An error names a place inside the text (line and column within it). A
//! config that loads gives each plugin a table text that parses, as `marginalia_core::Config`,
//! to exactly the table the host read.
#![no_main]

use std::path::Path;

use libfuzzer_sys::{Corpus, fuzz_target};
use marginalia_host::config::{Config, ConfigError, Location};

/// Whether `line`, `column` (1-based, columns in characters) is a place in `text` or just
/// after its end.
fn inside(text: &str, line: usize, column: usize) -> bool {
    let Some(line_text) = text.split('\n').nth(line.wrapping_sub(1)) else {
        return false;
    };
    column >= 1 && column <= line_text.chars().count() + 1
}

/// Table equality in which NaN equals NaN (TOML has `nan`, and a table holding it is still the
/// same table).
fn same_value(a: &toml::Value, b: &toml::Value) -> bool {
    use toml::Value::{Array, Float, Table};
    match (a, b) {
        (Float(x), Float(y)) => x == y || (x.is_nan() && y.is_nan()),
        (Array(x), Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_value(x, y))
        }
        (Table(x), Table(y)) => same_table(x, y),
        _ => a == b,
    }
}

fn same_table(a: &toml::Table, b: &toml::Table) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|((ka, va), (kb, vb))| ka == kb && same_value(va, vb))
}

/// `marginalia.toml`: loads, or fails at a place in the text.
fn host_config(text: &str) {
    let path = Path::new("fuzz/marginalia.toml");
    let config = match Config::parse(text, path) {
        Ok(config) => config,
        Err(ConfigError::Invalid { location, message }) => {
            let Location {
                path: at,
                line,
                column,
            } = &location;
            assert_eq!(
                at, path,
                "the error names another file: {location}: {message}"
            );
            assert!(
                inside(text, *line, *column),
                "the error is at {line}:{column}, outside the text: {message}\ntext: {text:?}"
            );
            assert!(!message.trim().is_empty(), "empty message at {location}");
            return;
        }
        Err(other) => panic!("parsing text read a file: {other}"),
    };
    for entry in &config.pipeline {
        let (settings, same_lines) = entry.settings_text();
        let plugin = marginalia_core::Config::from_toml_str(&settings).unwrap_or_else(|e| {
            panic!(
                "plugin `{}` cannot parse the table text the host gives it: {e}\ntable text: {settings:?}\nconfig: {text:?}",
                entry.name
            )
        });
        assert!(
            same_table(plugin.table(), &entry.settings),
            "plugin `{}` reads another table than the host (source text: {same_lines}):\n{:?}\n{:?}\ntable text: {settings:?}\nconfig: {text:?}",
            entry.name,
            plugin.table(),
            entry.settings
        );
        if same_lines {
            // The table's own source, on the lines of the file: never more lines than the file.
            assert!(
                settings.lines().count() <= text.lines().count() + 1,
                "plugin `{}`: the table text has more lines than the file",
                entry.name
            );
        }
    }
}

/// A plugin table given as text: parses, or fails with `line L, column C: ` inside the text.
fn plugin_table(text: &str) {
    let config = match marginalia_core::Config::from_toml_str(text) {
        Ok(config) => config,
        Err(error) => {
            let message = error.to_string();
            if let Some(((line, column), rest)) = marginalia_core::Config::split_position(&message)
            {
                assert!(
                    inside(text, line, column),
                    "the error is at {line}:{column}, outside the text: {rest}\ntext: {text:?}"
                );
            }
            return;
        }
    };
    let read: toml::Table = config
        .deserialize()
        .unwrap_or_else(|e| panic!("the parsed table does not deserialize as a table: {e}"));
    assert!(
        same_table(&read, config.table()),
        "deserialize reads another table"
    );
    let error = config.error_at(0..text.len(), "whole table").to_string();
    assert!(
        error.starts_with("line 1, column 1: "),
        "error_at(0..) is not at 1:1: {error}"
    );
}

fuzz_target!(|data: &[u8]| -> Corpus {
    let Ok(text) = std::str::from_utf8(data) else {
        return Corpus::Reject;
    };
    host_config(text);
    plugin_table(text);
    Corpus::Keep
});
