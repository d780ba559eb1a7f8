//! The plugin's settings, from `[plugins.treaties]` in `marginalia.toml`.
//!
//! ```toml
//! [plugins.treaties]
//! # More names, short names or acronyms; a term already in the built-in lexicon is overridden.
//! extra = [
//!   { term = "Astana agreement", kind = "agreement" },
//!   { term = "AUKUS", kind = "pact" },
//! ]
//! # Phrases never to tag, nor to find a treaty inside (built-in or extra).
//! ignore = ["Accord Arena", "Treaty Park"]
//! ```
//!
//! `kind` is one of `treaty`, `agreement`, `pact`, `partnership`, `accord`, `convention`,
//! `memorandum`. Unknown keys and unknown kinds are errors that name the culprit.

use marginalia_core::{Config, PluginError};
use serde::Deserialize;

use crate::data::Entry;
use crate::kind::Kind;

/// The `[plugins.treaties]` table.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Names added to (or overriding) the built-in lexicon.
    #[serde(default)]
    pub extra: Vec<ExtraName>,
    /// Phrases that are never tagged and never searched for a treaty.
    #[serde(default)]
    pub ignore: Vec<String>,
}

/// One `extra` name.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtraName {
    /// The name as written, matched as a whole word, as written or in capitals.
    pub term: String,
    /// The kind of the instrument it names.
    pub kind: Kind,
}

impl Settings {
    /// Reads and checks the table.
    pub fn from_config(config: &Config) -> Result<Self, PluginError> {
        let settings: Settings = config.deserialize()?;
        let blank = settings
            .extra
            .iter()
            .map(|e| &e.term)
            .chain(&settings.ignore)
            .find(|t| t.trim().is_empty());
        if let Some(term) = blank {
            return Err(PluginError::msg(format!(
                "[plugins.treaties] the term {term:?} is empty"
            )));
        }
        Ok(settings)
    }

    /// The entries to add after the built-in ones: extra names, then ignored phrases, so that
    /// later ones win.
    pub(crate) fn entries(&self) -> impl Iterator<Item = Entry> + '_ {
        let extra = self.extra.iter().map(|e| (e.term.clone(), Some(e.kind)));
        extra.chain(self.ignore.iter().map(|term| (term.clone(), None)))
    }
}
