//! The plugin's settings, from `[plugins.treaties]` in `marginalia.toml`. Every key extends
//! one of the built-in lexicons (`data/*.txt`); a term already there is overridden.
//!
//! ```toml
//! [plugins.treaties]
//! # More names, short names or acronyms (data/treaties.txt), matched as written or in capitals.
//! extra = [
//!   { term = "Astana agreement", kind = "agreement" },
//!   { term = "AUKUS", kind = "pact" },
//! ]
//! # Phrases never to tag, nor to find a treaty inside (built-in or extra).
//! ignore = ["Accord Arena", "Treaty Park"]
//! # More head nouns of treaty noun phrases (data/heads.txt), with the flags documented there.
//! heads = [
//!   { term = "compact", kind = "agreement" },
//!   { term = "compacts", kind = "agreement", flags = ["plural"] },
//! ]
//! # More verbs that take a treaty, with their event (data/events.txt).
//! predicates = [{ term = "initialled", event = "sign" }]
//! # More pre-modifiers of agreements between states, and of business deals (data/cues.txt).
//! state_modifiers = ["hydrocarbons"]
//! business_modifiers = ["royalty"]
//! ```
//!
//! `kind` is one of `treaty`, `agreement`, `pact`, `partnership`, `accord`, `convention`,
//! `memorandum`; `event` one of `sign`, `replace`, `ratify`, `withdraw`, `propose`. Unknown
//! keys, kinds, events and flags, and empty terms, are errors that name the culprit.

use marginalia_core::{Config, PluginError};
use serde::Deserialize;

use crate::data::Entry;
use crate::kind::{Event, Kind};
use crate::vocab::{Head, List, Vocab};

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
    /// Head nouns added to (or overriding) the built-in ones.
    #[serde(default)]
    pub heads: Vec<ExtraHead>,
    /// Verbs that take a treaty, added to (or overriding) the built-in ones.
    #[serde(default)]
    pub predicates: Vec<ExtraPredicate>,
    /// Pre-modifiers of agreements between states.
    #[serde(default)]
    pub state_modifiers: Vec<String>,
    /// Pre-modifiers of commercial, sporting and private deals.
    #[serde(default)]
    pub business_modifiers: Vec<String>,
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

/// One extra head noun.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtraHead {
    /// The noun (case-insensitive).
    pub term: String,
    /// The kind it gives.
    pub kind: Kind,
    /// Flags of `data/heads.txt`: `plural`, `always`, `polysemous`, ...
    #[serde(default)]
    pub flags: Vec<String>,
}

/// One extra predicate.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtraPredicate {
    /// The verb form (case-insensitive).
    pub term: String,
    /// The event it gives.
    pub event: EventName,
}

/// An event a predicate can give (`mention` is what no predicate gives).
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventName {
    /// Signed, concluded, agreed.
    Sign,
    /// Replaced, superseded.
    Replace,
    /// Ratified, joined.
    Ratify,
    /// Left, withdrawn from, suspended.
    Withdraw,
    /// Proposed, negotiated.
    Propose,
}

impl EventName {
    fn event(self) -> Event {
        match self {
            EventName::Sign => Event::Sign,
            EventName::Replace => Event::Replace,
            EventName::Ratify => Event::Ratify,
            EventName::Withdraw => Event::Withdraw,
            EventName::Propose => Event::Propose,
        }
    }
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
            .chain(settings.heads.iter().map(|h| &h.term))
            .chain(settings.predicates.iter().map(|p| &p.term))
            .chain(&settings.state_modifiers)
            .chain(&settings.business_modifiers)
            .find(|t| t.trim().is_empty());
        if let Some(term) = blank {
            return Err(PluginError::msg(format!(
                "[plugins.treaties] the term {term:?} is empty"
            )));
        }
        for head in &settings.heads {
            head.head().map_err(|e| {
                PluginError::msg(format!("[plugins.treaties] head {:?}: {e}", head.term))
            })?;
        }
        Ok(settings)
    }

    /// The entries to add after the built-in ones: extra names, then ignored phrases, so that
    /// later ones win.
    pub(crate) fn entries(&self) -> impl Iterator<Item = Entry> + '_ {
        let extra = self.extra.iter().map(|e| (e.term.clone(), Some(e.kind)));
        extra.chain(self.ignore.iter().map(|term| (term.clone(), None)))
    }

    /// Adds the extra heads, predicates and modifiers to the built-in word lists.
    pub(crate) fn extend_vocab(&self, vocab: &mut Vocab) {
        for extra in &self.heads {
            if let Ok(head) = extra.head() {
                vocab.add_head(&extra.term, head);
            }
        }
        for extra in &self.predicates {
            vocab.add_predicate(&extra.term, extra.event.event());
        }
        for word in &self.state_modifiers {
            vocab.add_word(List::StateModifiers, word);
        }
        for word in &self.business_modifiers {
            vocab.add_word(List::BusinessModifiers, word);
        }
    }
}

impl ExtraHead {
    fn head(&self) -> Result<Head, String> {
        let mut head = Head {
            kind: Some(self.kind),
            ..Head::default()
        };
        for flag in &self.flags {
            head.set_flag(flag)?;
        }
        Ok(head)
    }
}
