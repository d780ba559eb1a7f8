//! A plugin's configuration table.

use serde::de::DeserializeOwned;

use crate::PluginError;

/// The plugin's table from `marginalia.toml` (`[plugins.NAME]`), empty when there is none.
///
/// ```
/// use marginalia_core::Config;
/// #[derive(Debug, serde::Deserialize)]
/// #[serde(deny_unknown_fields)]
/// struct Settings { #[serde(default)] extra_terms: Vec<String> }
///
/// let config = Config::from_toml_str("extra_terms = [\"Kremlin\"]").unwrap();
/// let settings: Settings = config.deserialize().unwrap();
/// assert_eq!(settings.extra_terms, ["Kremlin"]);
///
/// let bad = Config::from_toml_str("extra_term = []").unwrap();
/// assert!(bad.deserialize::<Settings>().unwrap_err().to_string().contains("unknown field `extra_term`"));
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    table: toml::Table,
}

impl Config {
    /// Parses a TOML table.
    pub fn from_toml_str(toml: &str) -> Result<Self, PluginError> {
        Ok(Config {
            table: toml.parse::<toml::Table>()?,
        })
    }

    /// Wraps a table.
    pub fn from_table(table: toml::Table) -> Self {
        Config { table }
    }

    /// The raw table.
    pub fn table(&self) -> &toml::Table {
        &self.table
    }

    /// Deserializes the table into the plugin's settings type. Use
    /// `#[serde(deny_unknown_fields)]` on it so that typos are errors, not silently ignored.
    pub fn deserialize<T: DeserializeOwned>(&self) -> Result<T, PluginError> {
        T::deserialize(toml::Value::Table(self.table.clone())).map_err(PluginError::msg)
    }
}
