//! The `treaties` plugin: tags agreements between states, governments and international
//! organisations under the label `treaty`, with attributes `kind`, `event`, `name`, `year`,
//! `parties`, `count` and `cameo`, as section 4 of `docs/annotation-guidelines.md` sets out.
//! It reads the `actor` annotations of the `actors` plugin for `parties`.
//!
//! # What is tagged
//!
//! - **Names**, found by their shape: capitalised words ending in a head noun (`Comprehensive
//!   Nuclear-Test-Ban Treaty`, `Friendship, Cooperation, and Good Neighborliness Treaty`,
//!   `Paris Agreement`, `Double Contributions Convention`) or a head noun with a capitalised
//!   complement (`Treaty on the Non-Proliferation of Nuclear Weapons`, `Comprehensive and
//!   Progressive Agreement for Trans-Pacific Partnership`). Head nouns: Treaty, Agreement,
//!   Pact, Accord(s), Convention, Protocol, Charter, Memorandum, and Partnership when the name
//!   says Economic, Trade, Investment, Trans-Pacific, Transatlantic or Strategic. The span is
//!   the name without `the`.
//! - **Short names and acronyms** from the lexicon `data/treaties.txt` (`New START`, `JCPOA`,
//!   `NPT`, `RCEP`, `CPTPP`, `USMCA`, `Minsk agreements`, `Paris climate accord`), which
//!   `[plugins.treaties]` extends (see [`config`]).
//! - **Noun phrases** headed by treaty, agreement, pact, accord, convention, protocol,
//!   memorandum (of understanding), MoU, deal and (formal) partnership, from the determiner:
//!   `a comprehensive strategic partnership agreement`, `11 cooperation agreements`, `the 1996
//!   pact`, `its accession treaty`; a possessor is left out (`accession protocol` in
//!   "Sweden’s accession protocol").
//!
//! # What is not
//!
//! A noun phrase must point at an agreement between states. So the plugin leaves out bare
//! `agreement` (`in agreement with`, `reached agreement`), predicates (`is not a peace
//! treaty`), `no deal`, idioms (`a great deal`, `of its own accord`), the verb (`deals with`),
//! commercial and sports deals (a business modifier such as licensing or sponsorship, a
//! price: `a deal worth $5.43 billion`, or a company sentence without any party), agreements
//! signed by non-states (`the government and the opposition signed an agreement`), proper
//! names that merely contain a head noun (`Treaty Street`, `Accord Hotel`, `Honda Accord`,
//! `North Atlantic Treaty Organization`, `Democratic National Convention`), a gentleman's
//! agreement, and UN resolutions (no head noun). Beyond its form, a phrase needs evidence
//! that it is a state agreement: the head `treaty`, a state modifier (`trade`, `defence`,
//! `nuclear`, `accession`, `strategic` ...), a party, an actor in the sentence, or (for `the
//! pact`, `that accord`) a treaty mentioned earlier in the document. `deal`, `convention` and
//! `protocol`, which have many other senses, need a state modifier, an earlier treaty, or
//! parties to a signing, ratification or withdrawal. A `partnership` counts only as a formal
//! level (`strategic`, `comprehensive` ...) and never as `military partnership`.
//!
//! # Decisions the guidelines leave open
//!
//! - `Minsk agreements`, `Paris climate accord`, `Oslo accords` and similar lower-case short
//!   names are names (lexicon), with `name` and without `the`.
//! - `Charter` heads names (`UN Charter`, `Energy Charter Treaty`) of kind `treaty`; lower-case
//!   `charter` (flights, schools) is never a head.
//! - `a gentleman's agreement` is not a treaty: it is informal by definition (lexicon ignore).
//! - A `pact` or `deal` in sport or business (clubs, players, companies, unions) is not one;
//!   the parties must be states, governments or their organisations.
//! - `Memorandum of Understanding` in capitals is still the common noun, not a name.
//! - A stock ticker that spells an acronym (`<NPT>` in a wire headline) is not a name.
//!
//! # Attributes
//!
//! - `kind`: from the head noun; protocol and charter give `treaty`, deal and plan of action
//!   `agreement`, MoU `memorandum`.
//! - `event` (see the `event` module): `sign`, `replace`, `ratify`, `withdraw`, `propose` from the
//!   predicate governing the mention, else `mention`. An alias after the name (`..., better
//!   known as New START`, `(RCEP)`) shares the name's event, year and parties.
//! - `name`: the span text with whitespace collapsed, for names and acronyms only.
//! - `year`, `parties`: see the `attrs` module. `count`: a number in the phrase (`11 cooperation
//!   agreements` → 11, `two accords` → 2). `cameo`: `"057"` for `sign`, else absent.
//!
//! # Data and code
//!
//! Every word list is data, embedded and parsed once at construction: `data/treaties.txt`
//! (names, short names, acronyms and look-alikes, see the `data` module), `data/heads.txt`
//! (head nouns, their kinds and behaviour), `data/events.txt` (predicates and event
//! constructions), `data/cues.txt` (state and business modifiers, blockers, organisation
//! cues) and `data/grammar.txt` (closed word classes), see the `vocab` module. The config
//! table extends names, heads, predicates and modifiers ([`config`]). The grammar: `sentence`
//! (tokens, datelines, headlines, clauses), `detect` (candidates), `filter` (which are
//! treaties), `event`, `attrs` (parties and year).

pub mod config;
pub mod kind;

mod attrs;
mod data;
mod detect;
mod event;
mod filter;
mod sentence;
mod vocab;

use std::ops::Range;

use marginalia_core::{Attrs, Config, Document, Emitter, Manifest, Plugin, PluginError};
use marginalia_text::mentions::Mentions;
use marginalia_text::sentences::sentence_ranges;
use marginalia_text::{Case, Lexicon};

use crate::config::Settings;
use crate::detect::{Candidate, LexiconHit};
use crate::event::Governor;
use crate::kind::{Event, Kind};
use crate::sentence::Sentence;
use crate::vocab::Vocab;

/// The label this plugin emits.
pub const LABEL: &str = "treaty";

/// The plugin: an immutable lexicon of names, so one instance serves many threads.
#[derive(Debug)]
pub struct Treaties {
    /// Names, short names and acronyms; `None` for phrases that are never treaties.
    lexicon: Lexicon<Option<Kind>>,
    /// The word lists of the grammar.
    vocab: Vocab,
}

impl Plugin for Treaties {
    fn manifest() -> Manifest {
        Manifest::new("treaties", env!("CARGO_PKG_VERSION"))
            .description("Tags named treaties, acronyms and agreements between states with kind, event, name, year, parties, count and CAMEO code.")
            .emits([LABEL])
            .needs(["actor"])
    }

    fn new(config: &Config) -> Result<Self, PluginError> {
        let settings = Settings::from_config(config)?;
        let entries = data::parse(data::BUILT_IN)?
            .into_iter()
            .chain(settings.entries());
        let lexicon = Lexicon::new(Case::AsWrittenOrUpper, entries)?;
        let mut vocab = Vocab::built_in()?;
        settings.extend_vocab(&mut vocab);
        Ok(Treaties { lexicon, vocab })
    }

    fn annotate(&self, doc: &Document<'_>, out: &mut Emitter<'_>) -> Result<(), PluginError> {
        let text = doc.text();
        let actors = Mentions::new(doc.annotations_labelled("actor").filter_map(|a| {
            let id = a.attrs.get_str("id")?.to_owned();
            let kind = a.attrs.get_str("kind").unwrap_or_default().to_owned();
            Some((a.start..a.end, (id, kind)))
        }));
        let hits: Vec<(Range<usize>, Option<Kind>)> = self
            .lexicon
            .find_all(text)
            .into_iter()
            .map(|m| (m.range, *m.value))
            .collect();
        let mut seen_treaty = false;
        let mut tagged = 0usize;
        for range in sentence_ranges(text) {
            let sentence = Sentence::new(text, range.clone(), &actors, &self.vocab);
            // `hits` come from the lexicon in text order, so the sentence's are one run of it.
            let from = hits.partition_point(|(r, _)| r.start < range.start);
            let to = hits.partition_point(|(r, _)| r.start < range.end).max(from);
            let sentence_hits: Vec<LexiconHit> = hits[from..to]
                .iter()
                .filter(|(r, _)| r.end <= range.end)
                .map(|(r, kind)| (token_range(&sentence, r), *kind))
                .filter(|(r, _)| r.start < r.end)
                .collect();
            for found in sentence_treaties(&sentence, &sentence_hits, &mut seen_treaty) {
                out.emit(LABEL, found.range, &found.attrs)?;
                tagged += 1;
            }
        }
        tracing::debug!(document = doc.id(), tagged, "treaties tagged");
        Ok(())
    }
}

marginalia_core::export_plugin!(Treaties);

/// The tokens of `sentence` that a byte range covers.
fn token_range(sentence: &Sentence<'_>, bytes: &Range<usize>) -> Range<usize> {
    let first = sentence
        .toks
        .partition_point(|t| t.range.end <= bytes.start);
    let end = sentence.toks.partition_point(|t| t.range.start < bytes.end);
    first..end.max(first)
}

/// One treaty span with its attributes.
struct Found {
    range: Range<usize>,
    attrs: Attrs,
}

/// The event, year and parties of one mention, and what governs it.
#[derive(Clone)]
struct Facts {
    event: Event,
    governor: Governor,
    year: Option<i64>,
    parties: Vec<String>,
    /// For a name: it names the organisation the treaty set up, not the treaty (`GATT
    /// warns`, `a spokesman of the GATT`).
    body: bool,
}

/// The treaties of one sentence. `seen_treaty` says whether the document mentioned one
/// before, which lets `the pact` and `that accord` refer back; it is set when one is found.
fn sentence_treaties(s: &Sentence<'_>, hits: &[LexiconHit], seen_treaty: &mut bool) -> Vec<Found> {
    let candidates = detect::candidates(s, hits);
    let names: Vec<Range<usize>> = candidates
        .iter()
        .filter(|c| c.named)
        .map(Candidate::tokens)
        .collect();
    let mut found = Vec::new();
    let mut previous_name: Option<(usize, Facts)> = None;
    for c in &candidates {
        if c.named && filter::is_ticker(s, c) {
            continue;
        }
        let (event, governor) = event::detect(s, c.first, c.last);
        let mut facts = Facts {
            event,
            governor,
            year: attrs::year(s, c, event, governor),
            parties: attrs::parties(s, c, event, governor, &names),
            body: c.named && filter::names_the_body(s, c),
        };
        if c.named {
            if let Some((_, name_facts)) = previous_name
                .as_ref()
                .filter(|(end, _)| filter::is_alias(s, *end, c.first))
            {
                facts = name_facts.clone();
            }
            previous_name = Some((c.last, facts.clone()));
            if facts.body {
                continue;
            }
        } else if !filter::is_state_agreement(s, c, &facts, *seen_treaty) {
            continue;
        }
        *seen_treaty = true;
        found.push(Found {
            range: s.byte_range(c.first, c.last),
            attrs: attributes(s, c, facts),
        });
    }
    found
}

/// The span's attributes, in the guidelines' types.
fn attributes(s: &Sentence<'_>, c: &Candidate, facts: Facts) -> Attrs {
    let mut attrs = Attrs::new()
        .with("kind", c.kind.as_str())
        .with("event", facts.event.as_str());
    if c.named {
        let range = s.byte_range(c.first, c.last);
        let name = s.text[range]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        attrs.insert("name", name);
    }
    if let Some(year) = facts.year {
        attrs.insert("year", year);
    }
    if !facts.parties.is_empty() {
        attrs.insert("parties", facts.parties);
    }
    if let Some(count) = c.count {
        attrs.insert("count", count);
    }
    if let Some(cameo) = facts.event.cameo() {
        attrs.insert("cameo", cameo);
    }
    attrs
}

#[cfg(test)]
mod tests;
