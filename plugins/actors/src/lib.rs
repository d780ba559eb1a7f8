//! The `actors` plugin: tags the states and international organisations a news text mentions,
//! under the label `actor`, with attributes `id` and `kind`, following
//! `docs/annotation-guidelines.md` (section `actor`).
//!
//! # What is tagged
//!
//! Names of states (`Russia`, `U.S.`, `North Korea`), their capitals (`Moscow`, `NEW DELHI`),
//! seats of government standing for them (`Kremlin`, `White House`, `Downing Street`), heads
//! of state or government and a few well-known ministers, current or past (`Putin`, `Kim Jong
//! Un`, `Tô Lâm`, `Lavrov`), international organisations and their organs (`UN`, `Security
//! Council`, `EU`, `NATO`, `OPEC`) and demonyms (`Russian`, `Vietnamese`, `North Koreans`).
//! The terms live in `data/actors.txt` (format in its header); `[plugins.actors]` can add
//! and ignore terms (see [`config`]).
//!
//! # Ids
//!
//! `id` is the ISO 3166-1 alpha-3 code (`RUS`, `PRK`, `KOR`, `USA`); `kind` is `country`,
//! `capital`, `government`, `leader`, `organization` or `demonym`. Organisations use their
//! usual acronym: `UN`, `EU` (also the European Community/EEC of older texts, the Commission,
//! and `Brussels`), `NATO`, `ASEAN`, `AU`, `OPEC`, `WTO`, `IMF`, `WB` (World Bank), `G7`,
//! `G20`, `IAEA`, `OSCE`, `GCC`, `LAS` (Arab League), ... States that no longer exist keep
//! their former code (`Soviet` `SUN`, `East Germany` `DDR`, `Yugoslavia` `YUG`,
//! `Czechoslovakia` `CSK`); `West Germany` is `DEU`; renamed states use today's code (`Burma`
//! `MMR`, `Zaire` `COD`). Kosovo is `XKX`, Palestine `PSE`, Taiwan `TWN`, Hong Kong `HKG`.
//!
//! # Spans
//!
//! The name as written, without article or title: `United States` in "the United States",
//! `Putin` in "President Putin". Possessives and hyphenated compounds tag the name only:
//! `South Korea` in "South Korea's", `US` in "anti-US". The longest name wins (`North Korea`,
//! never `Korea` inside it); spans never overlap. Names match across hard-wrapped lines.
//!
//! # Ambiguity
//!
//! - Case: a term matches as written or in all capitals (headlines, datelines), never in
//!   lower case: `US`/`U.S.` but not the pronoun `us`, `Turkey`/`TURKEY` but not `turkey`.
//! - A capitalised homograph (`Turkey`, `China`, `Chile`, `Guinea`) that opens a sentence or
//!   headline in a document that also writes the word in lower case is read as the common
//!   noun ("Turkey prices fall" in a Thanksgiving story); see `common_nouns`.
//! - Bare `Korea`/`Korean` and `Congo`/`Congolese` name no single state: not tagged. A
//!   leader's surname that many people share (`Kim`, `Lee`, `Marcos`, `Abbas`) is tagged
//!   only in a document that also names that leader in full (`Kim` in a headline over a
//!   story about `Kim Jong Un`); distinctive ones (`Putin`, `Modi`) anywhere. Leaders are tied to one state for good (`Tusk` is `POL`).
//! - Left out: bare `Georgia` (often the US state) and `Chad` (a first name) — `Tbilisi`,
//!   `N'Djamena`, `Chadian` are in; `Jerusalem` and `Tel Aviv` (contested status); `England`,
//!   `Scotland`, `Wales`; ministries and legislatures other than the well-known executive
//!   metonyms (`Commerce Department`, `Congress`, `Duma`; but `State Department`, `Pentagon`
//!   are `government`). `Jordan` is in, with a few people and teams of that name ignored.
//! - Ignored whole: proper names that contain a name (`South China Sea`, `Port Sudan`, `Latin
//!   America`, `Iran Air`, `Stockholm International Peace Research Institute`, `Treaty of
//!   Paris`) and currencies (`US$`, `U.S. dlrs`, `Swiss francs`).

mod common_nouns;
pub mod config;
pub mod data;

use std::collections::HashSet;

use marginalia_core::{Config, Document, Emitter, Manifest, Plugin, PluginError};
use marginalia_text::words::words;
use marginalia_text::{Case, Lexicon};

use crate::common_nouns::CommonNouns;
use crate::config::Settings;
use crate::data::{Kind, Term};

/// The label this plugin emits.
pub const LABEL: &str = "actor";

/// The plugin: an immutable lexicon, so one instance serves many threads.
#[derive(Debug)]
pub struct Actors {
    /// Every term, built-in then configured.
    lexicon: Lexicon<Term>,
    /// Lower-case common nouns spelled like an actor term (see `common_nouns`).
    homographs: HashSet<String>,
}

impl Plugin for Actors {
    fn manifest() -> Manifest {
        Manifest::new("actors", env!("CARGO_PKG_VERSION"))
            .description("Tags states, capitals, governments, leaders, organisations and demonyms with actor ids (ISO 3166-1 alpha-3, UN, EU, NATO, ...).")
            .emits([LABEL])
    }

    fn new(config: &Config) -> Result<Self, PluginError> {
        let settings = Settings::from_config(config)?;
        let file = data::parse(data::BUILT_IN)?;
        let lexicon = Lexicon::new(
            Case::AsWrittenOrUpper,
            file.terms.into_iter().chain(settings.entries()),
        )?;
        Ok(Actors {
            lexicon,
            homographs: file.homographs.into_iter().collect(),
        })
    }

    fn annotate(&self, doc: &Document<'_>, out: &mut Emitter<'_>) -> Result<(), PluginError> {
        let text = doc.text();
        let found = self.lexicon.find_all(text);
        // (id, word) for every word of the leader names in the document: what makes a
        // surname count.
        let named_leaders: HashSet<(&str, &str)> = found
            .iter()
            .filter_map(|m| match m.value {
                Term::Actor(a) if a.kind == Kind::Leader => Some((a.id.as_str(), m.term)),
                _ => None,
            })
            .flat_map(|(id, term)| words(term).map(move |w| (id, &term[w])))
            .collect();
        let common_nouns = CommonNouns::find(text, &self.homographs);
        let mut tagged = 0usize;
        for m in found {
            let actor = match m.value {
                Term::Actor(actor) => actor,
                Term::Surname(actor) if named_leaders.contains(&(actor.id.as_str(), m.term)) => {
                    actor
                }
                Term::Surname(_) | Term::Ignore => continue,
            };
            if common_nouns.as_ref().is_some_and(|c| c.covers(&m.range)) {
                continue;
            }
            out.emit(LABEL, m.range, &actor.attrs())?;
            tagged += 1;
        }
        tracing::debug!(document = doc.id(), tagged, "actors tagged");
        Ok(())
    }
}

marginalia_core::export_plugin!(Actors);

#[cfg(test)]
mod tests;
