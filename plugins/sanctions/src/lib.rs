//! The `sanctions` plugin: tags coercive restrictions that one party imposes on another —
//! sanctions, embargoes, asset freezes, export bans and export controls, blacklists and
//! travel bans — under the label `sanction`, following `docs/annotation-guidelines.md` §3.
//! It needs the `actor` annotations of the `actors` plugin.
//!
//! # What is tagged
//!
//! Noun phrases headed by a restriction term: *sanction(s)*, *counter-sanctions*,
//! *embargo(es)*, *asset freeze(s)*, *export ban(s)*, *export control(s)*, *blacklist(s)*,
//! *entity list*, *SDN list*, *travel ban(s)*, *visa ban(s)*; a term followed by a light noun
//! is one span (`sanctions relief`, `sanctions regime`, `sanctions package`). The punitive verb
//! *sanction* is a span on the verb alone (`sanctioned` in "Turkey … was sanctioned by the
//! United States").
//!
//! Not tagged: *sanction* meaning approve (its object is a plan, a step, a use, an event …, or
//! no state, company or person is sanctioned: "the board has sanctioned plans", "did not
//! sanction any new steps"); adjectival *sanctioned* ("sanctioned banks"); a term heading
//! another noun (`sanctions committee`, `Sanctions Act`, `sanctions evasion`); non-coercive
//! embargoes (`transfer embargo`, `news embargo`, `under embargo until 9am`) and non-state
//! sanctions (`social`, `criminal`, `disciplinary sanctions`); a singular *sanction* that is an
//! approval (`the sanction of parliament`, `gave his sanction to`) or stands in a sentence that
//! names no actor; any term in a sentence with a sports or disciplinary cue (league, club,
//! players, misconduct …) and no state or organisation; everything in a document that names no
//! actor at all; generic restriction words (*measures, restrictions, curbs, penalties*) and
//! tariffs, which have no term.
//!
//! # Span
//!
//! From the determiner (articles, demonstratives, possessive pronouns, quantifiers, numerals)
//! through the pre-modifiers to the head: `an arms embargo`, `their economic sanctions`,
//! `ever tougher sanctions`, `U.S.-led sanctions`, `Russia sanctions`, `chip export controls`.
//! A possessor is left out (`embargo` in "the European Union’s embargo") and fills `imposer`;
//! post-modifiers are left out (`sanctions` in "sanctions on North Korea"); coordinated terms
//! are separate spans (`asset freezes` and `travel bans`).
//!
//! # Attributes
//!
//! - `action`: from the predicate that governs the mention — a verb before it (`imposed`,
//!   `rolled over`, `lifted`, `threatened`, `could face`, `evading`, `monitors`), a verb and
//!   particle or preposition (`slipped around`, `answered … with`, `adding … to`), a noun and
//!   `of` (`the lifting of`), a passive after it (`sanctions are being evaded`), or the earlier
//!   measure it is coordinated with. `veto` when the verb is in a resolution that the sentence
//!   says was vetoed or blocked; `threaten` for a modal impose after a warning or before an
//!   `if`; `mention` for negated and refused actions, proposals, `under`, `amid`, `despite`,
//!   and everything else. `sanctions relief` is `lift`.
//! - `imposer` (array of actor ids): the subject of an impose, extend, lift or threaten
//!   predicate (a pronoun subject is the sentence's first actor), a `by` phrase, a possessor,
//!   or a pre-modifier that imposes (`-led`, an organisation, or a state of the configured
//!   `default_imposers` list when the sentence names no other imposer).
//! - `target` (array of actor ids): the actors of the phrase after the head (`on`, `against`,
//!   `targeting`; `to` for export bans; `of` for blacklists), a pre-modifier target (`Russia
//!   sanctions`), the subject of `could face`, of an evasion or of a passive *sanctioned*, the
//!   nearest actor before `under`/`subject to`, the object of a verb whose subject is the
//!   measure (`have cut Russia off`), the object of `adding … to`.
//! - When a measure that is imposed, extended, lifted or threatened has no imposer or target
//!   of its own, it shares those of the measure it is coordinated with, then of the nearest
//!   other measure of the sentence with the same action, then (target) an `against X` of the
//!   sentence.
//! - `instrument`: `sanctions`, `embargo`, `asset_freeze`, `export_ban` (export bans and
//!   export controls), `blacklist`, `travel_ban`.
//! - `cameo`: `"163"` for impose and extend, `"085"` for lift, `"1312"` for threaten, absent
//!   otherwise.
//!
//! Attributes are read only from the sentence that holds the span; a dateline fills nothing.
//! An attribute with no value is left out.
//!
//! # Word lists and configuration
//!
//! Every word list lives in `data/*.txt` (`terms`, `actions`, `cues`, `phrase`, `grammar`;
//! one `KIND [OPTION ...] : word | word | ...` line per group, each file's header documents
//! its kinds), embedded in the library and parsed once when the plugin is created
//! ([`lexicon::Lexicon`]). The `[plugins.sanctions]` table extends them; unknown keys,
//! instruments and actions are errors (see [`config`]):
//!
//! ```toml
//! [plugins.sanctions]
//! default_imposers = ["USA", "EU", "UN", "GBR"]   # replaces data/cues.txt's list
//! terms = [{ term = "visa restrictions", instrument = "travel_ban" }]
//! verbs = [{ word = "unfroze", action = "lift" }]
//! light_nouns = ["tranche"]
//! not_a_measure = ["tribunal"]
//! non_coercive = ["doping"]
//! modifiers = ["cyber"]
//! approval_objects = ["zoning"]
//! sanctionable = ["shipowners"]
//! disciplinary = ["umpire"]
//! ```

pub mod analyze;
pub mod config;
pub mod lexicon;
pub mod model;

use marginalia_core::{Attrs, Config, Document, Emitter, Manifest, Plugin, PluginError};

use crate::analyze::{Analyzer, Found};
use crate::config::Settings;

/// The label this plugin emits.
pub const LABEL: &str = "sanction";

/// The label it reads.
pub const ACTOR_LABEL: &str = "actor";

/// The plugin: immutable tables, so one instance serves many threads.
#[derive(Debug)]
pub struct Sanctions {
    analyzer: Analyzer,
}

impl Sanctions {
    /// The spans of a document with its actor annotations, without emitting them.
    pub fn find(&self, doc: &Document<'_>) -> Vec<Found> {
        let actors: Vec<_> = doc.annotations_labelled(ACTOR_LABEL).collect();
        self.analyzer.analyze(doc.text(), &actors)
    }
}

impl Found {
    /// The span's attributes as emitted.
    pub fn attrs(&self) -> Attrs {
        let mut attrs = Attrs::new()
            .with("action", self.action.as_str())
            .with("instrument", self.instrument.as_str());
        if let Some(cameo) = self.action.cameo() {
            attrs.insert("cameo", cameo);
        }
        if !self.target.is_empty() {
            attrs.insert("target", self.target.clone());
        }
        if !self.imposer.is_empty() {
            attrs.insert("imposer", self.imposer.clone());
        }
        attrs
    }
}

impl Plugin for Sanctions {
    fn manifest() -> Manifest {
        Manifest::new("sanctions", env!("CARGO_PKG_VERSION"))
            .description("Tags sanctions, embargoes, asset freezes, export bans and controls, blacklists and travel bans with action, imposer, target, instrument and CAMEO code.")
            .emits([LABEL])
            .needs([ACTOR_LABEL])
    }

    fn new(config: &Config) -> Result<Self, PluginError> {
        let settings = Settings::from_config(config)?;
        Ok(Sanctions {
            analyzer: Analyzer::new(settings.lexicon()?),
        })
    }

    fn annotate(&self, doc: &Document<'_>, out: &mut Emitter<'_>) -> Result<(), PluginError> {
        let found = self.find(doc);
        for span in &found {
            out.emit(LABEL, span.range.clone(), &span.attrs())?;
        }
        tracing::debug!(
            document = doc.id(),
            tagged = found.len(),
            "sanctions tagged"
        );
        Ok(())
    }
}

marginalia_core::export_plugin!(Sanctions);

#[cfg(test)]
mod tests;
