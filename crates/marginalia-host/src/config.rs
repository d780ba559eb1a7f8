//! `marginalia.toml`: which plugins run, where their libraries are, and each one's settings.
//!
//! ```toml
//! pipeline = ["actors", "sanctions"]   # run order; dependencies may move a plugin later
//! plugin_dirs = ["target/release"]     # searched in order, relative to this file
//!
//! [plugins.actors]                     # passed to the `actors` plugin as its config
//! extra = [{ term = "Kremlin-backed", id = "RUS" }]
//! ```
//!
//! Unknown keys are errors, and every error names the file, line and column.

use std::collections::BTreeMap;
use std::fmt;
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
    /// `[plugins.NAME]` tables, including those of plugins not in the pipeline right now
    /// (possible only after [`Config::select`]).
    tables: BTreeMap<String, (toml::Table, Location)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    pipeline: Vec<Spanned<String>>,
    #[serde(default)]
    plugin_dirs: Vec<PathBuf>,
    #[serde(default)]
    plugins: BTreeMap<String, Spanned<toml::Table>>,
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
            message: e.message().trim_end().to_owned(),
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        let tables: BTreeMap<_, _> = raw
            .plugins
            .into_iter()
            .map(|(name, table)| {
                let loc = at(table.span().start);
                (name, (table.into_inner(), loc))
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
            });
        }
        for (name, (_, loc)) in &tables {
            if !pipeline.iter().any(|p| &p.name == name) {
                return Err(invalid(
                    loc.clone(),
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
            tables,
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
            });
        }
        self.pipeline = pipeline;
        self.attach_tables();
        Ok(())
    }

    fn attach_tables(&mut self) {
        for entry in &mut self.pipeline {
            if let Some((table, loc)) = self.tables.get(&entry.name) {
                entry.settings = table.clone();
                entry.settings_location = Some(loc.clone());
            }
        }
    }
}

fn invalid(location: Location, message: String) -> ConfigError {
    ConfigError::Invalid { location, message }
}

/// The 1-based line and column (in characters) of byte `offset` in `text`.
fn location(text: &str, path: &Path, offset: usize) -> Location {
    let before = &text[..offset.min(text.len())];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Location {
        path: path.to_owned(),
        line: before.matches('\n').count() + 1,
        column: before[line_start..].chars().count() + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, String> {
        Config::parse(text, Path::new("/etc/m/marginalia.toml")).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_pipeline_dirs_and_tables() {
        let c = parse("pipeline = [\"actors\", \"sanctions\"]\nplugin_dirs = [\"lib\"]\n[plugins.actors]\nx = 1\n").unwrap();
        assert_eq!(
            c.pipeline
                .iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>(),
            ["actors", "sanctions"]
        );
        assert_eq!(c.plugin_dirs, [PathBuf::from("/etc/m/lib")]);
        assert_eq!(
            c.pipeline[0].settings.get("x"),
            Some(&toml::Value::Integer(1))
        );
        assert_eq!(
            c.pipeline[0].settings_location.as_ref().unwrap().line,
            3,
            "the table header"
        );
        assert!(c.pipeline[1].settings.is_empty());
    }

    #[test]
    fn unknown_key_is_named_with_line_and_column() {
        let err = parse("pipeline = []\nplugin_dir = [\"x\"]\n").unwrap_err();
        assert!(
            err.starts_with("/etc/m/marginalia.toml:2:1: unknown field `plugin_dir`"),
            "{err}"
        );
        assert!(err.contains("plugin_dirs"), "suggests the right key: {err}");
    }

    #[test]
    fn syntax_error_has_position() {
        let err = parse("pipeline = [\"actors\"\n").unwrap_err();
        assert!(err.starts_with("/etc/m/marginalia.toml:"), "{err}");
    }

    #[test]
    fn missing_pipeline_is_an_error() {
        let err = parse("plugin_dirs = []\n").unwrap_err();
        assert!(err.contains("missing field `pipeline`"), "{err}");
    }

    #[test]
    fn table_for_plugin_outside_pipeline_is_an_error() {
        let err = parse("pipeline = [\"actors\"]\n[plugins.actor]\n").unwrap_err();
        assert_eq!(
            err,
            "/etc/m/marginalia.toml:2:1: [plugins.actor] configures a plugin that is not in `pipeline`; add \"actor\" to `pipeline` or remove the table"
        );
    }

    #[test]
    fn invalid_and_duplicate_names_are_errors() {
        assert!(
            parse("pipeline = [\"Actors\"]")
                .unwrap_err()
                .contains(":1:13: `Actors` is not a valid plugin name")
        );
        assert!(
            parse("pipeline = [\"a\", \"a\"]")
                .unwrap_err()
                .contains(":1:18: plugin `a` is listed twice")
        );
    }

    #[test]
    fn select_replaces_pipeline_and_keeps_tables() {
        let mut c = parse("pipeline = [\"a\", \"b\"]\n[plugins.b]\nk = \"v\"\n").unwrap();
        c.select(&["b".to_owned(), "c".to_owned()]).unwrap();
        assert_eq!(c.pipeline.len(), 2);
        assert_eq!(
            c.pipeline[0].settings.get("k").and_then(|v| v.as_str()),
            Some("v")
        );
        assert!(c.pipeline[1].location.is_none());
    }
}
