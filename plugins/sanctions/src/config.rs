//! The plugin's settings, from `[plugins.sanctions]` in `marginalia.toml`.
//!
//! ```toml
//! [plugins.sanctions]
//! # Actor ids that a bare pre-modifier is read as the imposer of (`UN sanctions`, `U.S.
//! # sanctions`) when the sentence does not say otherwise; other pre-modifier actors are the
//! # target (`Russia sanctions`). Organisations always impose. Replaces the built-in list.
//! default_imposers = ["USA", "EU", "UN", "GBR"]
//! ```
//!
//! Unknown keys and malformed ids are errors that name the culprit.

use marginalia_core::{Config, PluginError};
use serde::Deserialize;

use crate::vocab::DEFAULT_IMPOSERS;

/// The `[plugins.sanctions]` table.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Replaces [`DEFAULT_IMPOSERS`].
    #[serde(default)]
    pub default_imposers: Option<Vec<String>>,
}

impl Settings {
    /// Reads and checks the table.
    pub fn from_config(config: &Config) -> Result<Self, PluginError> {
        let settings: Settings = config.deserialize()?;
        for id in settings.default_imposers.iter().flatten() {
            let valid = !id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
            if !valid {
                return Err(PluginError::msg(format!(
                    "[plugins.sanctions] default_imposers: id {id:?} must be upper-case letters and digits, like USA or EU"
                )));
            }
        }
        Ok(settings)
    }

    /// The ids read as imposers when they pre-modify a measure.
    pub fn default_imposers(&self) -> Vec<String> {
        match &self.default_imposers {
            Some(ids) => ids.clone(),
            None => DEFAULT_IMPOSERS.iter().map(|s| (*s).to_owned()).collect(),
        }
    }
}
