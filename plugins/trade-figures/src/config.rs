//! The plugin's settings, from `[plugins.trade-figures]` in `marginalia.toml`. Every key is
//! optional and adds terms to (or overrides terms of) the built-in lexicons in `data/`:
//!
//! ```toml
//! [plugins.trade-figures]
//! # Currency signs, codes and names; `unit` is an ISO 4217 code, "percent", or "-" to reserve
//! # a phrase that is no unit; `position` is "prefix", "suffix" or "both".
//! currencies = [{ term = "Z$", unit = "ZWL", position = "prefix" }]
//! # Hedges before a figure: `qualifier` is "approx", "over" or "under".
//! hedges = [{ term = "a shade under", qualifier = "under" }]
//! # Trade-lexicon terms: `effect` is "strong", "weak", "money", "block", "company", "change",
//! # "change_noun", "share", "price" or "neutral"; `measure` and `share` are optional (see
//! # data/cues.txt).
//! cues = [
//!   { term = "remittances", effect = "strong", measure = "aid" },
//!   { term = "lottery", effect = "block" },
//! ]
//! ```
//!
//! Unknown keys and unknown values are errors that name the culprit.

use marginalia_core::{Config, PluginError};
use serde::Deserialize;

use crate::data::{
    Cue, Currency, Effect, Hedge, MEASURES, Position, Qualifier, SHARES, is_valid_unit, measure,
};

const TABLE: &str = "[plugins.trade-figures]";

/// The `[plugins.trade-figures]` table.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// More currency terms.
    #[serde(default)]
    pub currencies: Vec<CurrencyTerm>,
    /// More hedges.
    #[serde(default)]
    pub hedges: Vec<HedgeTerm>,
    /// More trade-lexicon cues.
    #[serde(default)]
    pub cues: Vec<CueTerm>,
}

/// One `currencies` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CurrencyTerm {
    /// The term.
    pub term: String,
    /// ISO 4217 code, `percent`, or `-`.
    pub unit: String,
    /// `prefix`, `suffix` or `both`.
    pub position: Position,
}

/// One `hedges` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HedgeTerm {
    /// The term.
    pub term: String,
    /// `approx`, `over` or `under`.
    pub qualifier: Qualifier,
    /// Whether it gives a level after a verb of change (`dropped below`).
    #[serde(default)]
    pub level: bool,
}

/// One `cues` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CueTerm {
    /// The term.
    pub term: String,
    /// What it does.
    pub effect: Effect,
    /// The measure of money figures it describes.
    #[serde(default)]
    pub measure: Option<String>,
    /// The measure of percentages followed by `of` and this cue.
    #[serde(default)]
    pub share: Option<String>,
}

impl Settings {
    /// Reads and checks the table.
    pub fn from_config(config: &Config) -> Result<Self, PluginError> {
        let settings: Settings = config.deserialize()?;
        for c in &settings.currencies {
            if c.unit != "-" && !is_valid_unit(&c.unit) {
                return Err(PluginError::msg(format!(
                    "{TABLE} currency {:?}: unit {:?} must be an ISO 4217 code like USD, \"percent\" or \"-\"",
                    c.term, c.unit
                )));
            }
        }
        for c in &settings.cues {
            let name = format!("{TABLE} cue {:?}", c.term);
            measure(&name, 0, c.measure.as_deref().unwrap_or("-"), MEASURES)?;
            measure(&name, 0, c.share.as_deref().unwrap_or("-"), SHARES)?;
        }
        Ok(settings)
    }

    /// The extra currency entries.
    pub fn currencies(&self) -> impl Iterator<Item = (String, Currency)> + '_ {
        self.currencies.iter().map(|c| {
            let unit = (c.unit != "-").then(|| c.unit.clone());
            (
                c.term.clone(),
                Currency {
                    unit,
                    position: c.position,
                },
            )
        })
    }

    /// The extra hedge entries.
    pub fn hedges(&self) -> impl Iterator<Item = (String, Hedge)> + '_ {
        self.hedges.iter().map(|h| {
            (
                h.term.clone(),
                Hedge {
                    qualifier: h.qualifier,
                    level: h.level,
                },
            )
        })
    }

    /// The extra cue entries.
    pub fn cues(&self) -> impl Iterator<Item = (String, Cue)> + '_ {
        self.cues.iter().map(|c| {
            (
                c.term.clone(),
                Cue {
                    effect: c.effect,
                    measure: c.measure.clone(),
                    share: c.share.clone(),
                },
            )
        })
    }
}
