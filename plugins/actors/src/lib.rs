//! The `actors` plugin: tags the states and international organisations a news text mentions,
//! under the label `actor`, with attributes `id` and `kind`.
//!
//! # What is tagged
//!
//! Names of states (`Russia`, `U.S.`, `North Korea`), their capitals and seats of government
//! standing for them (`Moscow`, `Kremlin`, `Downing Street`), current or well-known heads of
//! state or government (`Putin`, `Kim Jong Un`, `To Lam`), international organisations (`UN`,
//! `EU`, `NATO`, `OPEC`, ...) and demonyms (`Russian`, `Vietnamese`, `North Koreans`).
//! The terms live in `data/actors.txt` (format in its header); `[plugins.actors]` can add
//! and ignore terms (see [`config`]).
//!
//! # Ids
//!
//! `id` is the ISO 3166-1 alpha-3 code (`RUS`, `PRK`, `KOR`, `USA`), as the annotation
//! guidelines require; `kind` is `country`, `capital`, `government`, `leader`, `organization`
//! or `demonym`. Organisations use their usual acronym: `UN` (with the Security Council and
//! General Assembly), `EU` (also the European Community/EEC of older texts, the Commission,
//! and `Brussels`), `NATO`, `ASEAN`, `AU`, `OPEC`, `WTO`, `IMF`, `WB` (World Bank), `G7`, `G20`,
//! `IAEA`, `OSCE`, `GCC`, `LAS` (Arab League), ... States that no longer exist keep their
//! former code: `Soviet Union`/`Soviet` is `SUN`, `East Germany` `DDR`, `Yugoslavia` `YUG`,
//! `Czechoslovakia` `CSK`; `West Germany` is `DEU`; renamed states use today's code (`Burma`
//! `MMR`, `Zaire` `COD`). Kosovo is `XKX`, Palestine `PSE`, Taiwan `TWN`, Hong Kong `HKG`.
//!
//! # Spans
//!
//! The span is the name as written, without a leading article or title: `United States` in
//! "the United States", `Putin` in "President Putin", `Kremlin` in "the Kremlin". Possessives
//! and hyphenated compounds tag the name only: `South Korea` in "South Korea's", `US` in
//! "anti-US". The longest name wins (`North Korea`, never `Korea` inside it) and spans never
//! overlap. Names match across hard-wrapped lines (`North\nKorea`).
//!
//! # Ambiguity
//!
//! - Case: a term matches as written or in all capitals (headlines), never in lower case:
//!   `US` and `U.S.` but not the pronoun `us`; `Turkey`/`TURKEY` but not `turkey`; `China`
//!   not `china`. All-caps text can still be ambiguous (`US` in "LET US").
//! - Bare `Korea`/`Korean`, `Congo`/`Congolese` and `Kim` name no single state and are not
//!   tagged. Bare `Georgia` (mostly the US state in older wire text) and `Chad` (a first name)
//!   are left out; `Tbilisi`, `Republic of Georgia`, `N'Djamena`, `Chadian` are in. `Jordan`
//!   is in, with a few people and teams of that name ignored. `Jerusalem` and `Tel Aviv` are
//!   left out (contested status).
//! - Regions, seas, companies and currencies that contain a name (`South China Sea`, `Latin
//!   America`, `Bank of America`, `US$`, `U.S. dlrs`, `Swiss francs`) are ignored whole.
//! - `England`, `Scotland` and `Wales` are not states and are not tagged.
//! - Leaders are tied to one state for good (`Tusk` is POL, even when he led the European
//!   Council), and bare surnames are only listed when they are distinctive.

pub mod config;
pub mod data;

use marginalia_core::{Config, Document, Emitter, Manifest, Plugin, PluginError};
use marginalia_text::{Case, Lexicon};

use crate::config::Settings;
use crate::data::Actor;

/// The label this plugin emits.
pub const LABEL: &str = "actor";

/// The plugin: an immutable lexicon, so one instance serves many threads.
#[derive(Debug)]
pub struct Actors {
    /// Every term; `None` for terms that are matched and never tagged.
    lexicon: Lexicon<Option<Actor>>,
}

impl Plugin for Actors {
    fn manifest() -> Manifest {
        Manifest::new("actors", env!("CARGO_PKG_VERSION"))
            .description("Tags states, capitals, governments, leaders, organisations and demonyms with actor ids (ISO 3166-1 alpha-3, UN, EU, NATO, ...).")
            .emits([LABEL])
    }

    fn new(config: &Config) -> Result<Self, PluginError> {
        let settings = Settings::from_config(config)?;
        let entries = data::parse(data::BUILT_IN)?
            .into_iter()
            .chain(settings.entries());
        let lexicon = Lexicon::new(Case::AsWrittenOrUpper, entries)?;
        Ok(Actors { lexicon })
    }

    fn annotate(&self, doc: &Document<'_>, out: &mut Emitter<'_>) -> Result<(), PluginError> {
        let mut tagged = 0usize;
        for found in self.lexicon.find_all(doc.text()) {
            if let Some(actor) = found.value {
                out.emit(LABEL, found.range, &actor.attrs())?;
                tagged += 1;
            }
        }
        tracing::debug!(document = doc.id(), tagged, "actors tagged");
        Ok(())
    }
}

marginalia_core::export_plugin!(Actors);

#[cfg(test)]
mod tests;
