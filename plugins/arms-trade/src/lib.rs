//! The `arms-trade` plugin: tags transfers of weapons, munitions and military equipment
//! (sales, supplies, deliveries, purchases, imports, exports, loans, gifts), and plans,
//! offers, allegations and refusals of them, under the label `arms_trade`, with attributes
//! `items`, `supplier`, `recipient`, `status` and `cameo`.
//!
//! It reads the `actor` annotations of the `actors` plugin (`needs = ["actor"]`).
//!
//! # How a transfer is found
//!
//! A **trigger** (`data/triggers.txt`) must come with **items** (`data/items.txt`) in one of
//! four local patterns, all inside one sentence:
//!
//! | pattern | example | span |
//! | --- | --- | --- |
//! | verb + object | "Iran supplied Shahed drones to Russia" | `supplied Shahed drones to Russia` |
//! | verb + indirect object | "can sell Russia cheap ammunition" | `sell Russia cheap ammunition` |
//! | items + participle | "flies 36 Rafale jets bought from France" | `36 Rafale jets bought from France` |
//! | items + noun | "Indian arms imports" | `arms imports` |
//! | noun + of/for + items | "the sale of 40 F-16 jets to Ankara" | `sale of 40 F-16 jets` |
//!
//! The item phrase after a verb or "of" may hold determiners, numbers, hedges, adjectives,
//! quotes and "worth of"/"containers of" (at most eight words before the first item) and
//! coordinated items (`K2 tanks and K9 howitzers`); it ends at the last item word and stops
//! at a preposition, a clause word, an -ing form or clause punctuation. A following
//! `to X`/`from X` whose X is an actor (optionally after "the"; a demonym with an army or
//! government noun: "to the Russian army") or a pronoun is part of a verb or participle span,
//! never of a noun span. Without an item there is no span, so "arms" as limbs, "coat of
//! arms", "arms race", "arms control", missile tests and "military cooperation" never fire;
//! an item word directly followed by a blocker noun ("arms race", "weapons technology",
//! "drone strikes") is not an item.
//!
//! # Attributes
//!
//! - `items`: normalized item words in text order, without repeats (`ballistic_missiles`,
//!   `fighter_jets`, `air_defense_systems`, ...); model names map to their type (`S-400s` ->
//!   `air_defense_systems`); an equipment noun coordinated after an item keeps its modifier
//!   (`modernisation_kits`).
//! - `supplier` / `recipient` (arrays of actor ids, from the same sentence only): an explicit
//!   `to X` / `from X` (also after the span, across one comma for "from"), an indirect object,
//!   the subject (the nearest actor before the trigger that is not inside a prepositional
//!   phrase, not a bare possessor or demonym unless followed by an agent noun such as
//!   "officials", "government", "decision", "suppliers" or by an item), which is the supplier
//!   of a `give` trigger and the recipient of a `get` trigger; for nouns, a possessor or
//!   demonym right before the span ("Pyongyang's transfers", "Indian arms imports"); a
//!   demonym or state inside the item phrase ("South Korean weapons") as supplier when no
//!   other supplier is known. A pronoun is resolved to the nearest actor before it in the
//!   sentence. A coordinated subject of a noun trigger ("Both Moscow and Pyongyang deny any
//!   arms transfers") names no side. Datelines never fill roles.
//! - `status`: the nearest status cue (`data/cues.txt`) among the 15 words before the span
//!   wins: `accused`/`allegedly`/`denied` -> alleged, `will`/`agreed to`/`approved` ->
//!   planned, `may`/`could`/`weighing`/`refused`/`not` -> considered,
//!   `admitted`/`confirmed` -> actual; a speech cue ("said", "according to") is alleged
//!   unless the speaker is the supplier or the recipient. Without a cue before it, the
//!   trigger's own status applies ("ordered", "deal" -> planned; "offered" -> considered),
//!   then an alleged or speech cue after the span ("..., according to US officials"), else
//!   actual. Trade statistics nouns (`arms imports`, `arms exports`) ignore speech cues.
//! - `cameo`: `"072"` when the status is `actual`.
//!
//! # Configuration
//!
//! `[plugins.arms-trade]` can add items, models, triggers, cues and ignored phrases; see
//! [`config`]. Each data file's header shows its format and a config example.

pub mod config;
pub mod data;
mod grammar;

use marginalia_core::{Config, Document, Emitter, Manifest, Plugin, PluginError};
use marginalia_text::{Case, Lexicon};

use crate::config::Settings;
use crate::data::{ItemTerm, Status, Trigger};
use crate::grammar::Words;

/// The label this plugin emits.
pub const LABEL: &str = "arms_trade";

/// The plugin: immutable lexicons, so one instance serves many threads.
#[derive(Debug)]
pub struct ArmsTrade {
    triggers: Lexicon<Trigger>,
    items: Lexicon<ItemTerm>,
    cues: Lexicon<Status>,
    words: Words,
    deployable: data::Deployable,
}

/// The spellings under which an item term is matched (the lexicon is case-sensitive).
fn item_variants(term: &str, model: bool) -> Vec<String> {
    let mut forms = vec![term.to_owned(), term.to_uppercase()];
    if model {
        if !term.ends_with('s') {
            forms.push(format!("{term}s"));
            forms.push(format!("{}s", term.to_uppercase()));
        }
    } else {
        let lower = term.to_lowercase();
        let capitalised: String = {
            let mut chars = lower.chars();
            chars.next().map_or(String::new(), |c| {
                c.to_uppercase().chain(chars).collect::<String>()
            })
        };
        let title: Vec<String> = lower
            .split(' ')
            .map(|w| {
                let mut chars = w.chars();
                chars.next().map_or(String::new(), |c| {
                    c.to_uppercase().chain(chars).collect::<String>()
                })
            })
            .collect();
        forms.extend([lower, capitalised, title.join(" ")]);
    }
    forms
}

impl Plugin for ArmsTrade {
    fn manifest() -> Manifest {
        Manifest::new("arms-trade", env!("CARGO_PKG_VERSION"))
            .description("Tags transfers, sales, purchases and deliveries of weapons and military equipment with items, supplier, recipient, status and CAMEO code.")
            .emits([LABEL])
            .needs(["actor"])
    }

    fn new(config: &Config) -> Result<Self, PluginError> {
        let settings = Settings::from_config(config)?;

        let mut triggers = data::parse_triggers(data::TRIGGERS)?;
        settings.extend_triggers(&mut triggers)?;
        let triggers = Lexicon::new(Case::AsciiInsensitive, triggers)?;

        let (mut items, deployable) = data::parse_items(data::ITEMS)?;
        settings.extend_items(&mut items);
        let items = Lexicon::new(
            Case::Sensitive,
            items.into_iter().flat_map(|(term, meaning, model)| {
                item_variants(&term, model)
                    .into_iter()
                    .map(move |form| (form, meaning.clone()))
            }),
        )?;

        let mut cues = data::parse_cues(data::CUES)?;
        cues.cues
            .extend(settings.cues.iter().map(|c| (c.term.clone(), c.status)));
        let words = Words::new(cues.words);
        let cues = Lexicon::new(Case::AsciiInsensitive, cues.cues)?;

        Ok(ArmsTrade {
            triggers,
            items,
            cues,
            words,
            deployable,
        })
    }

    fn annotate(&self, doc: &Document<'_>, out: &mut Emitter<'_>) -> Result<(), PluginError> {
        let transfers = grammar::analyse(self, doc);
        tracing::debug!(
            document = doc.id(),
            transfers = transfers.len(),
            "arms transfers"
        );
        for transfer in transfers {
            out.emit(LABEL, transfer.range, &transfer.attrs)?;
        }
        Ok(())
    }
}

marginalia_core::export_plugin!(ArmsTrade);

#[cfg(test)]
mod tests;
