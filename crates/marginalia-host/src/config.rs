//! `marginalia.toml`: which plugins run, where their libraries are, and each one's settings.
//!
//! ```toml
//! pipeline = ["actors", "sanctions"]   # run order; dependencies may move a plugin later
//! plugin_dirs = ["target/release"]     # searched in order, relative to this file
//! locked = true                        # optional: refuse to run without marginalia.lock
//!
//! [plugins.actors]                     # passed to the `actors` plugin as its config
//! extra = [{ term = "Kremlin-backed", id = "RUS" }]
//! ```
//!
//! Unknown keys are errors, and every error names the file, line and column.
//!
//! An `[isolation]` table ([`IsolationSettings`]) sets the defaults of `annotate --isolate`,
//! `--doc-timeout` and `--worker-mem`.
//!
//! # A plugin's table, as the plugin sees it
//!
//! Each plugin gets its `[plugins.NAME]` table as TOML text ([`PluginEntry::settings_text`]).
//! When the table is written as a standard `[plugins.NAME]` table, that text is the table's
//! own source: its key/value lines as written, its sub-tables (`[plugins.NAME.x]`,
//! `[[plugins.NAME.x]]`) with the `plugins.NAME.` part of their headers blanked out, and
//! everything else (other tables, comments between them) reduced to line breaks, so that a
//! line and column in the text are the same line and column in `marginalia.toml`. A plugin's
//! config error that starts with `line L, column C: ` (as `marginalia_core::Config` errors do)
//! is then reported at `marginalia.toml:L:C`. Tables written any other way (inline, or with
//! dotted keys) are passed re-serialized, and errors point at the table.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use marginalia_core::Manifest;
use serde::Deserialize;
use toml::Spanned;

/// A place in the config file, for error messages: `path:line:column`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The config file.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path.display(), self.line, self.column)
    }
}

/// A config file that could not be read or is not valid.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read config file {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid TOML or does not have the expected shape.
    #[error("{location}: {message}")]
    Invalid {
        /// Where.
        location: Location,
        /// What is wrong and, where it helps, what to write instead.
        message: String,
    },
}

/// A plugin named in the pipeline, and where it was named.
#[derive(Clone, Debug, PartialEq)]
pub struct PluginEntry {
    /// The plugin's name.
    pub name: String,
    /// Where it is named, when it comes from a file (not from `--plugin`).
    pub location: Option<Location>,
    /// Its `[plugins.NAME]` table, empty when there is none.
    pub settings: toml::Table,
    /// Where its table starts, when it has one.
    pub settings_location: Option<Location>,
    /// The table's source text laid out on the lines and columns of the config file (see the
    /// module doc), when it is written as a standard `[plugins.NAME]` table.
    pub settings_source: Option<String>,
}

impl PluginEntry {
    /// The TOML text to pass to the plugin, and whether its lines and columns are those of the
    /// config file: [`PluginEntry::settings_source`] when there is one, else the table
    /// re-serialized.
    pub fn settings_text(&self) -> (String, bool) {
        match &self.settings_source {
            Some(source) => (source.clone(), true),
            None => (
                toml::to_string(&self.settings).unwrap_or_else(|_| String::new()),
                false,
            ),
        }
    }
}

/// A parsed, checked `marginalia.toml`.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// The file it was read from.
    pub path: PathBuf,
    /// The plugins to run, in the order written.
    pub pipeline: Vec<PluginEntry>,
    /// Directories searched for plugin libraries, resolved against the file's directory.
    pub plugin_dirs: Vec<PathBuf>,
    /// `locked = true`: the lock file beside this file must exist (see [`crate::trust`]).
    /// The command line's `--locked` sets it too.
    pub locked: bool,
    /// `[plugins.NAME]` tables, including those of plugins not in the pipeline right now
    /// (possible only after [`Config::select`]).
    tables: BTreeMap<String, PluginTable>,
    /// `[isolation]`: whether and how plugins run in worker processes.
    pub isolation: IsolationSettings,
}

/// `[isolation]`: the defaults of `annotate --isolate` (plugins in worker processes). The
/// command line overrides each key.
///
/// ```toml
/// [isolation]
/// enabled = true      # run plugins in worker processes
/// doc_timeout = 60    # seconds a document may take before its worker is killed (0: none)
/// worker_mem = 4096   # each worker's address-space limit, MiB (0: none)
/// ```
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IsolationSettings {
    /// Run plugins in worker processes.
    #[serde(default)]
    pub enabled: bool,
    /// Seconds a document may take in a worker; unset: the command's default.
    pub doc_timeout: Option<f64>,
    /// Each worker's memory limit in MiB; unset: the command's default.
    pub worker_mem: Option<u64>,
}

/// A `[plugins.NAME]` table: its value, where it starts, and its source text when it has one.
#[derive(Clone, Debug, PartialEq)]
struct PluginTable {
    table: toml::Table,
    location: Location,
    source: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    pipeline: Vec<Spanned<String>>,
    #[serde(default)]
    plugin_dirs: Vec<PathBuf>,
    #[serde(default)]
    locked: bool,
    /// Not `Spanned`: toml 0.8 cannot deserialize a dotted-key table (`plugins.x.k = 1`) as one;
    /// locations come from `toml_edit` instead.
    #[serde(default)]
    plugins: BTreeMap<String, toml::Table>,
    #[serde(default)]
    isolation: IsolationSettings,
}

impl Config {
    /// Reads and checks the config file at `path`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        Config::parse(&text, path)
    }

    /// Parses and checks config text read from `path` (used for messages and to resolve
    /// relative `plugin_dirs`).
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let at = |offset: usize| location(text, path, offset);
        let raw: RawConfig = toml::from_str(text).map_err(|e| ConfigError::Invalid {
            location: at(e.span().map_or(0, |s| s.start)),
            message: marginalia_core::Config::describe_toml_error(text, &e),
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        let document = toml_edit::ImDocument::parse(text).ok();
        let tables: BTreeMap<_, _> = raw
            .plugins
            .into_iter()
            .map(|(name, table)| {
                let (offset, source) = match &document {
                    Some(document) => (
                        table_offset(document, &name),
                        table_source(text, document, &name, &table),
                    ),
                    None => (0, None),
                };
                let location = at(offset);
                let table = PluginTable {
                    table,
                    location,
                    source,
                };
                (name, table)
            })
            .collect();
        let mut pipeline = Vec::new();
        for entry in raw.pipeline {
            let loc = at(entry.span().start);
            let name = entry.into_inner();
            if !Manifest::is_valid_name(&name) {
                return Err(invalid(
                    loc,
                    format!(
                        "`{name}` is not a valid plugin name: use lowercase letters, digits and `-`, starting with a letter"
                    ),
                ));
            }
            if pipeline.iter().any(|p: &PluginEntry| p.name == name) {
                return Err(invalid(
                    loc,
                    format!("plugin `{name}` is listed twice in `pipeline`"),
                ));
            }
            pipeline.push(PluginEntry {
                name,
                location: Some(loc),
                settings: toml::Table::new(),
                settings_location: None,
                settings_source: None,
            });
        }
        for (name, table) in &tables {
            if !pipeline.iter().any(|p| &p.name == name) {
                return Err(invalid(
                    table.location.clone(),
                    format!(
                        "[plugins.{name}] configures a plugin that is not in `pipeline`; add \"{name}\" to `pipeline` or remove the table"
                    ),
                ));
            }
        }
        let mut config = Config {
            path: path.to_owned(),
            pipeline,
            plugin_dirs: raw.plugin_dirs.iter().map(|d| base.join(d)).collect(),
            locked: raw.locked,
            tables,
            isolation: raw.isolation,
        };
        config.attach_tables();
        Ok(config)
    }

    /// Replaces the pipeline by `names` (as `--plugin` does), keeping their config tables.
    pub fn select(&mut self, names: &[String]) -> Result<(), ConfigError> {
        let mut pipeline = Vec::new();
        for name in names {
            if !Manifest::is_valid_name(name) {
                return Err(invalid(
                    location("", &self.path, 0),
                    format!("--plugin `{name}` is not a valid plugin name"),
                ));
            }
            let location = self
                .pipeline
                .iter()
                .find(|p| &p.name == name)
                .and_then(|p| p.location.clone());
            pipeline.push(PluginEntry {
                name: name.clone(),
                location,
                settings: toml::Table::new(),
                settings_location: None,
                settings_source: None,
            });
        }
        self.pipeline = pipeline;
        self.attach_tables();
        Ok(())
    }

    fn attach_tables(&mut self) {
        for entry in &mut self.pipeline {
            if let Some(table) = self.tables.get(&entry.name) {
                entry.settings = table.table.clone();
                entry.settings_location = Some(table.location.clone());
                entry.settings_source = table.source.clone();
            }
        }
    }
}

fn invalid(location: Location, message: String) -> ConfigError {
    ConfigError::Invalid { location, message }
}

/// The 1-based line and column (in characters) of byte `offset` in `text`.
/// The line and column (in characters) of byte `offset` of `text`, read from `path`. An
/// offset past the end, or inside a character, counts as the end of that text or character's
/// start: a parser's offset never makes this panic.
pub(crate) fn location(text: &str, path: &Path, offset: usize) -> Location {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Location {
        path: path.to_owned(),
        line: before.matches('\n').count() + 1,
        column: before[line_start..].chars().count() + 1,
    }
}

/// Where plugin `name`'s table starts in the config text: its `[plugins.NAME]` header or its
/// inline table, else (dotted keys) the key `NAME`.
fn table_offset(document: &toml_edit::ImDocument<&str>, name: &str) -> usize {
    let Some((key, item)) = document
        .get("plugins")
        .and_then(toml_edit::Item::as_table_like)
        .and_then(|plugins| plugins.get_key_value(name))
    else {
        return 0;
    };
    item.span().or_else(|| key.span()).map_or(0, |s| s.start)
}

/// The source text of the `[plugins.NAME]` table `table`, laid out on the lines and columns of
/// `text` (see the module doc), or `None` when the table is not a standard table.
///
/// The result is checked: it must parse to exactly `table`, or `None` is returned and the
/// caller falls back to re-serializing the table.
fn table_source(
    text: &str,
    document: &toml_edit::ImDocument<&str>,
    name: &str,
    table: &toml::Table,
) -> Option<String> {
    let root = document.get("plugins")?.as_table()?.get(name)?.as_table()?;
    if root.is_dotted() || root.is_implicit() {
        return None;
    }
    let root_start = root.span()?.start;
    let mut blocks = vec![root.span()?];
    sub_table_blocks(root, &mut blocks)?;
    blocks.sort_by_key(|b| b.start);
    if blocks[0].start != root_start {
        // A sub-table comes first: without the plugin's own header, the plugin's own keys
        // would fall into that sub-table.
        return None;
    }
    let mut source = String::new();
    let mut done = 0; // bytes of `text` accounted for
    for block in &blocks {
        let header = TableHeader::scan(text, block.start)?;
        if block.start < done || block.end < header.end {
            return None;
        }
        if block.start == root_start {
            // The plugin's own header is left out.
            blank(&mut source, &text[done..header.end], &text[..header.end]);
            source.push_str(&text[header.end..block.end]);
        } else {
            // A sub-table's header loses `plugins.NAME.`: `[[plugins.NAME.x]]` -> `[[x]]`.
            let rest = header.path_rest?;
            blank(&mut source, &text[done..block.start], &text[..block.start]);
            source.push_str(&text[header.open.clone()]);
            blank_columns(&mut source, &text[header.open.end..rest]);
            source.push_str(&text[rest..block.end]);
        }
        done = block.end;
    }
    source.push('\n');
    let parsed: toml::Table = toml::from_str(&source).ok()?;
    (&parsed == table).then_some(source)
}

/// Appends to `blocks` the text ranges (header to last value) of every sub-table of `table`
/// written with its own header, at any depth. `None` when one has no span.
fn sub_table_blocks(table: &toml_edit::Table, blocks: &mut Vec<Range<usize>>) -> Option<()> {
    for (_, item) in table.iter() {
        match item {
            toml_edit::Item::Table(sub) => {
                if !sub.is_dotted() && !sub.is_implicit() {
                    blocks.push(sub.span()?);
                }
                sub_table_blocks(sub, blocks)?;
            }
            toml_edit::Item::ArrayOfTables(array) => {
                for sub in array.iter() {
                    blocks.push(sub.span()?);
                    sub_table_blocks(sub, blocks)?;
                }
            }
            toml_edit::Item::Value(_) | toml_edit::Item::None => {}
        }
    }
    Some(())
}

/// Appends the line breaks of `skipped` (text left out), then as many spaces as `skipped`'s
/// last line has characters, so that what follows stays on its line and column. `before` is
/// all the text up to the end of `skipped`.
fn blank(source: &mut String, skipped: &str, before: &str) {
    let breaks = skipped.matches('\n').count();
    source.extend(std::iter::repeat_n('\n', breaks));
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let start_in_line = before.len() - skipped.len();
    blank_columns(source, &before[line_start.max(start_in_line)..]);
}

/// Appends one space per character of `text` (which holds no line break).
fn blank_columns(source: &mut String, text: &str) {
    source.extend(std::iter::repeat_n(' ', text.chars().count()));
}

/// The parts of a table header `[a.b.c]` or `[[a.b.c]]`, as byte offsets into the text.
#[derive(Debug)]
struct TableHeader {
    /// The opening `[` or `[[`.
    open: Range<usize>,
    /// Where the third key starts (with the whitespace before it), if there is one: the
    /// header's path after `plugins.NAME.`.
    path_rest: Option<usize>,
    /// Just past the closing `]` or `]]`.
    end: usize,
}

impl TableHeader {
    /// Scans the header starting at `start`. `None` when it is not a well-formed header (the
    /// TOML parser has already accepted it, so this does not happen).
    fn scan(text: &str, start: usize) -> Option<TableHeader> {
        let bytes = text.as_bytes();
        let brackets = if text[start..].starts_with("[[") {
            2
        } else {
            1
        };
        if bytes.get(start) != Some(&b'[') {
            return None;
        }
        let mut i = start + brackets;
        let mut keys = 0;
        let mut path_rest = None;
        loop {
            if keys == 2 {
                path_rest = Some(i);
            }
            i = skip_blanks(bytes, i);
            i = skip_key(bytes, i)?;
            keys += 1;
            i = skip_blanks(bytes, i);
            match bytes.get(i) {
                Some(b'.') => i += 1,
                Some(b']') => break,
                _ => return None,
            }
        }
        let end = i + brackets;
        (text.get(i..end)? == &"]]"[..brackets]).then_some(TableHeader {
            open: start..start + brackets,
            path_rest,
            end,
        })
    }
}

fn skip_blanks(bytes: &[u8], mut i: usize) -> usize {
    while matches!(bytes.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    i
}

/// Skips one key (bare, "basic" or 'literal'); `None` when there is none at `i`.
fn skip_key(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start;
    match bytes.get(i)? {
        b'"' => {
            i += 1;
            loop {
                match bytes.get(i)? {
                    b'\\' => i += 2,
                    b'"' => return Some(i + 1),
                    _ => i += 1,
                }
            }
        }
        b'\'' => {
            let close = bytes[i + 1..].iter().position(|&b| b == b'\'')?;
            Some(i + 1 + close + 1)
        }
        _ => {
            while bytes
                .get(i)
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
            {
                i += 1;
            }
            (i > start).then_some(i)
        }
    }
}

#[cfg(test)]
mod tests;
