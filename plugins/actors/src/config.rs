//! The plugin's settings, from `[plugins.actors]` in `marginalia.toml`.
//!
//! ```toml
//! [plugins.actors]
//! # More terms; a term already in the built-in lexicon is overridden.
//! extra = [
//!   { term = "Kremlin-backed", id = "RUS", kind = "government" },
//!   { term = "Chad", id = "TCD", kind = "country" },
//! ]
//! # Terms never to tag (built-in or extra), e.g. a name that is a person in this corpus.
//! ignore = ["Jordan"]
//! ```
//!
//! Unknown keys, unknown kinds and malformed ids are errors that name the culprit.

use marginalia_core::{Config, PluginError};
use serde::Deserialize;

use crate::data::{Actor, Entry, Kind, Term, is_valid_id};

/// The `[plugins.actors]` table.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Terms added to (or overriding) the built-in lexicon.
    #[serde(default)]
    pub extra: Vec<ExtraTerm>,
    /// Terms that are never tagged.
    #[serde(default)]
    pub ignore: Vec<String>,
}

/// One `extra` term.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtraTerm {
    /// The term, matched like the built-in ones.
    pub term: String,
    /// The actor id: `RUS`, `UN`, ...
    pub id: String,
    /// `country`, `capital`, `government`, `leader`, `organization` or `demonym`.
    pub kind: Kind,
}

impl Settings {
    /// Reads and checks the table.
    pub fn from_config(config: &Config) -> Result<Self, PluginError> {
        let settings: Settings = config.deserialize()?;
        for extra in &settings.extra {
            if !is_valid_id(&extra.id) {
                return Err(PluginError::msg(format!(
                    "[plugins.actors] extra term {:?}: id {:?} must be upper-case letters and digits, like RUS or UN",
                    extra.term, extra.id
                )));
            }
        }
        Ok(settings)
    }

    /// The entries to add after the built-in ones: extra terms, then ignored terms, so that
    /// later ones win.
    pub(crate) fn entries(&self) -> impl Iterator<Item = Entry> + '_ {
        let extra = self.extra.iter().map(|e| {
            let actor = Actor {
                id: e.id.clone(),
                kind: e.kind,
            };
            (e.term.clone(), Term::Actor(actor))
        });
        extra.chain(self.ignore.iter().map(|term| (term.clone(), Term::Ignore)))
    }
}
