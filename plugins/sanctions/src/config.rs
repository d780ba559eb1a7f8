//! The plugin's settings, from `[plugins.sanctions]` in `marginalia.toml`. Every key but
//! `default_imposers` adds to one of the built-in lexicons in `data/`.
//!
//! ```toml
//! [plugins.sanctions]
//! # Actor ids that a bare pre-modifier is read as the imposer of (`UN sanctions`, `U.S.
//! # sanctions`) when the sentence does not say otherwise; other pre-modifier actors are the
//! # target (`Russia sanctions`). Organisations always impose. Replaces the built-in list.
//! default_imposers = ["USA", "EU", "UN", "GBR"]
//! # Restriction terms (words separated by spaces) and their instrument: sanctions | embargo |
//! # asset_freeze | export_ban | blacklist | travel_ban.
//! terms = [{ term = "visa restrictions", instrument = "travel_ban" }]
//! # Verb forms that take a measure as their object, and the action they give: impose |
//! # extend | lift | veto | monitor | evade | threaten.
//! verbs = [{ word = "slapped", action = "impose" }, { word = "unfroze", action = "lift" }]
//! # Word classes (see the headers of data/terms.txt, data/cues.txt and data/phrase.txt).
//! light_nouns = ["tranche"]          # one span with a term before them
//! not_a_measure = ["tribunal"]       # after a term: no span ("sanctions tribunal")
//! non_coercive = ["doping"]          # before a term: no span ("doping sanctions")
//! modifiers = ["cyber"]              # pre-modifiers inside a span
//! approval_objects = ["zoning"]      # "sanction" meaning approve
//! sanctionable = ["shipowners"]      # objects of punitive "sanction"
//! disciplinary = ["umpire"]          # sports and disciplinary cues
//! ```
//!
//! Words are matched in lower case. Unknown keys, instruments and actions, empty words and
//! malformed ids are errors that name the culprit.

use marginalia_core::{Config, PluginError};
use serde::Deserialize;

use crate::lexicon::{Lexicon, WordSet};
use crate::model::{Action, Instrument};

/// The `[plugins.sanctions]` table.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Replaces the built-in default imposers (`data/cues.txt`).
    #[serde(default)]
    pub default_imposers: Option<Vec<String>>,
    /// Extra restriction terms.
    #[serde(default)]
    pub terms: Vec<ExtraTerm>,
    /// Extra governing verbs.
    #[serde(default)]
    pub verbs: Vec<ExtraVerb>,
    /// Extra light nouns.
    #[serde(default)]
    pub light_nouns: Vec<String>,
    /// Extra nouns that make a term no measure.
    #[serde(default)]
    pub not_a_measure: Vec<String>,
    /// Extra non-coercive modifiers.
    #[serde(default)]
    pub non_coercive: Vec<String>,
    /// Extra pre-modifiers.
    #[serde(default)]
    pub modifiers: Vec<String>,
    /// Extra objects of *sanction* meaning approve.
    #[serde(default)]
    pub approval_objects: Vec<String>,
    /// Extra objects of punitive *sanction*.
    #[serde(default)]
    pub sanctionable: Vec<String>,
    /// Extra sports and disciplinary cues.
    #[serde(default)]
    pub disciplinary: Vec<String>,
}

/// An extra restriction term.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtraTerm {
    /// The term, words separated by spaces.
    pub term: String,
    /// Its `instrument` value.
    pub instrument: String,
}

/// An extra governing verb form.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtraVerb {
    /// The verb form (`slapped`).
    pub word: String,
    /// Its `action` value.
    pub action: String,
}

fn error(message: String) -> PluginError {
    PluginError::msg(format!("[plugins.sanctions] {message}"))
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
                return Err(error(format!(
                    "default_imposers: id {id:?} must be upper-case letters and digits, like USA or EU"
                )));
            }
        }
        Ok(settings)
    }

    /// The built-in lexicon with this table's additions.
    pub fn lexicon(&self) -> Result<Lexicon, PluginError> {
        let mut lex = Lexicon::builtin()?;
        if let Some(ids) = &self.default_imposers {
            lex.default_imposers = ids.clone();
        }
        for extra in &self.terms {
            let instrument = Instrument::parse(&extra.instrument).ok_or_else(|| {
                error(format!(
                    "terms: unknown instrument {:?} (sanctions, embargo, asset_freeze, export_ban, blacklist or travel_ban)",
                    extra.instrument
                ))
            })?;
            if extra.term.trim().is_empty() {
                return Err(error("terms: empty term".into()));
            }
            lex.add_term(&extra.term, instrument);
        }
        for extra in &self.verbs {
            let action = Action::parse(&extra.action)
                .filter(|a| *a != Action::Mention)
                .ok_or_else(|| {
                    error(format!(
                        "verbs: unknown action {:?} (impose, extend, lift, veto, monitor, evade or threaten)",
                        extra.action
                    ))
                })?;
            if extra.word.trim().is_empty() || extra.word.contains(char::is_whitespace) {
                return Err(error(format!("verbs: {:?} must be one word", extra.word)));
            }
            lex.add_verbs(&[extra.word.as_str()], action);
        }
        let w = &mut lex.words;
        let lists: [(&str, &Vec<String>, &mut WordSet); 7] = [
            ("light_nouns", &self.light_nouns, &mut w.light),
            ("not_a_measure", &self.not_a_measure, &mut w.not_a_measure),
            ("non_coercive", &self.non_coercive, &mut w.non_coercive),
            ("modifiers", &self.modifiers, &mut w.modifier),
            (
                "approval_objects",
                &self.approval_objects,
                &mut w.approval_object,
            ),
            ("sanctionable", &self.sanctionable, &mut w.sanctionable),
            ("disciplinary", &self.disciplinary, &mut w.disciplinary),
        ];
        for (key, words, set) in lists {
            if let Some(bad) = words
                .iter()
                .find(|w| w.trim().is_empty() || w.contains(char::is_whitespace))
            {
                return Err(error(format!("{key}: {bad:?} must be one word")));
            }
            set.extend(words);
        }
        lex.index_verbs();
        Ok(lex)
    }
}
