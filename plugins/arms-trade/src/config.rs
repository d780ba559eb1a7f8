//! The plugin's settings, from `[plugins.arms-trade]` in `marginalia.toml`. Every key extends
//! one of the built-in lexicons; a term already there is overridden.
//!
//! ```toml
//! [plugins.arms-trade]
//! # Common-noun items (case-insensitive) and model names (as written or in capitals, plural -s).
//! items = [{ term = "loitering munitions", item = "drones" }]
//! models = [{ term = "KAAN", item = "fighter_jets" }]
//! # Trigger words: kind verb | noun | participle; direction give | get | none (not for
//! # participles); optional status planned | considered | alleged; noun flags for, pp, aggregate.
//! triggers = [
//!   { term = "airlifted", kind = "verb", direction = "give" },
//!   { term = "airlifted", kind = "participle" },
//!   { term = "arms package", kind = "noun", direction = "give", status = "planned" },
//! ]
//! # Status cues: actual | alleged | planned | considered | attribution.
//! cues = [{ term = "is poised to", status = "planned" }]
//! # Phrases never read as items.
//! ignore = ["arms fair"]
//! ```
//!
//! Unknown keys, kinds, directions, statuses and malformed item values are errors.

use marginalia_core::{Config, PluginError};
use serde::Deserialize;

use crate::data::{self, Direction, ItemEntries, ItemTerm, Status, Triggers};

/// The `[plugins.arms-trade]` table.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Common-noun items.
    #[serde(default)]
    pub items: Vec<ExtraItem>,
    /// Model names.
    #[serde(default)]
    pub models: Vec<ExtraItem>,
    /// Trigger words.
    #[serde(default)]
    pub triggers: Vec<ExtraTrigger>,
    /// Status cues.
    #[serde(default)]
    pub cues: Vec<ExtraCue>,
    /// Phrases never read as items.
    #[serde(default)]
    pub ignore: Vec<String>,
}

/// An extra item or model.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtraItem {
    /// The term.
    pub term: String,
    /// Its normalized value (`drones`, `fighter_jets`).
    pub item: String,
}

/// An extra trigger.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtraTrigger {
    /// The word form.
    pub term: String,
    /// `verb`, `noun` or `participle`.
    pub kind: String,
    /// `give`, `get` or `none`; required for verbs and nouns.
    pub direction: Option<Direction>,
    /// A status the word implies by itself.
    pub status: Option<Status>,
    /// Noun flags: `for`, `pp`, `aggregate`.
    #[serde(default)]
    pub flags: Vec<String>,
}

/// An extra status cue.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtraCue {
    /// The word or phrase.
    pub term: String,
    /// The status it sets.
    pub status: Status,
}

impl Settings {
    /// Reads and checks the table.
    pub fn from_config(config: &Config) -> Result<Self, PluginError> {
        let settings: Settings = config.deserialize()?;
        for extra in settings.items.iter().chain(&settings.models) {
            if !data::is_valid_item(&extra.item) || extra.term.trim().is_empty() {
                return Err(PluginError::msg(format!(
                    "[plugins.arms-trade] item {:?}: value {:?} must be lower_case letters, digits and _",
                    extra.term, extra.item
                )));
            }
        }
        Ok(settings)
    }

    /// Adds the extra items, models and ignored phrases after the built-in ones.
    pub(crate) fn extend_items(&self, items: &mut ItemEntries) {
        for extra in &self.items {
            items.push((
                extra.term.clone(),
                ItemTerm::Item(extra.item.clone()),
                false,
            ));
        }
        for extra in &self.models {
            items.push((extra.term.clone(), ItemTerm::Item(extra.item.clone()), true));
        }
        for term in &self.ignore {
            items.push((term.clone(), ItemTerm::Reserved, false));
        }
    }

    /// Adds the extra triggers.
    pub(crate) fn extend_triggers(&self, triggers: &mut Triggers) -> Result<(), PluginError> {
        for extra in &self.triggers {
            let mut options: Vec<&str> = Vec::new();
            match extra.direction {
                Some(Direction::Give) => options.push("give"),
                Some(Direction::Get) => options.push("get"),
                Some(Direction::None) => options.push("none"),
                None => {}
            }
            if let Some(status) = extra.status {
                options.push(status.as_str());
            }
            options.extend(extra.flags.iter().map(String::as_str));
            data::add_trigger(triggers, &extra.term, &extra.kind, &options).map_err(|e| {
                PluginError::msg(format!(
                    "[plugins.arms-trade] trigger {:?}: {e}",
                    extra.term
                ))
            })?;
        }
        Ok(())
    }
}
