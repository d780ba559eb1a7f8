//! The `trade-figures` plugin: tags money amounts and percentages that quantify trade or an
//! economic exchange (exports, imports, trade balances, deals, aid), under the label
//! `trade_figure`, following section 6 of the project's annotation guidelines.
//!
//! # Spans
//!
//! The number with its currency sign or code, scale word, currency word, percent sign or word,
//! a range, and a hedge in front: `$3.6 billion`, `US$12.4bn`, `USD 2.5 million`, `€850m`,
//! `1.2 trillion rubles`, `500 mln dlrs`, `240 BLN DLRS`, `12 pct`, `45 per cent`, `80%-90%`,
//! `80-90%`, `$2bn-3bn`, `nearly 80%`, `more than $5 billion`, `an estimated $8.6 billion`.
//! Spans cross hard-wrapped lines (`110.97 billion\ndlrs`), never a blank line.
//!
//! - Ranges: `A-B`, `A–B` (the second end has a unit or a scale: `80-90%`, `$2bn-3bn`),
//!   `A to B` (only the second end has a unit: `2 to 3 billion dlrs`) and `between A and B`
//!   (span `A and B`, *between* outside) are one span; the first end takes the unit and scale
//!   it lacks from the second (`$2-3 billion` is 2e9..3e9). `from A to B` is two spans (a
//!   change), the first taking the second's unit when it has none (`from 10 to 12 pct`).
//! - A number without a currency or percent (`3.6 billion`, `11 deals`, `2023`) is never a
//!   figure; nor are fractions (`11-3/4 pct`, bond coupons and prices).
//! - A money figure right before a unit-price tail (`96 dlrs a tonne`, `$10 per barrel`,
//!   `guilders per 100 marks`; `price` cues) is a price, never a trade figure.
//!
//! # Attributes
//!
//! - `value`: computed exactly from the decimal digits ([`marginalia_text::numbers::Decimal`]):
//!   `3.6 billion` is `3600000000`; a percent is its number (`26.3`). Ranges add `low` and
//!   `high`, with `value` = `low`.
//! - `unit`: ISO 4217 or `percent`, from `data/currencies.txt` (a bare `$` is `USD`; `A$`,
//!   `HK$`, ... have their own codes; a `$` glued to unknown letters, as in `Z$5`, is no figure).
//! - `qualifier`: from the hedge (`data/hedges.txt`): `approx`, `over`, `under`; no hedge
//!   `exact`; a range without a hedge `approx`.
//! - `year`: the one four-digit year that the figure's clause gives for it (`in 2023`, `of 2024`,
//!   `by 2024`, `a 2016 agreement`); not a year after *since, from, after, before, between,
//!   than, until, to*, nor a year joined to another by a dash (`2019–2023`). Two different years
//!   in the clause give none. Clauses are split at `;` and at a comma before *and, but, while,
//!   whereas, although, though*. These word classes are in `data/words.txt`.
//! - `measure` (`data/cues.txt`): a figure right after a word of change (`rose 26.3 pct`,
//!   `up 24 pct`, `by £25.5bn`, `a rise of 12 pct`) or right before a noun of change (`a 12 pct
//!   rise`) is `change`. Otherwise a percentage followed by `of` takes the share measure of
//!   the first cue after it (`of Vietnam's arms imports` → `arms_imports_share`; `of
//!   payments` → none); a percentage in a clause about a `share` takes the share of the
//!   nearest cue before it, and otherwise a percentage inherits the share measure of the
//!   previous percentage of its sentence (`36% of India's arms imports ..., down from 76%`). A
//!   money figure takes the measure of the nearest measure cue before it in its clause, else
//!   after it (`exports`, `imports`, `bilateral_trade`, `trade_balance`, `deal_value`, `aid`).
//!
//! # What counts (the trade lexicon)
//!
//! A figure counts only when its sentence is about trade: among the cues of its sentence
//! (`data/cues.txt`), the nearest trade cue is within 20 words (12 for a percentage) and
//! nearer than any blocking cue (ties block). A change right after an accepted figure of the
//! same sentence counts that figure as a trade cue (`worth USD 2.5 million ..., a rise of 12
//! pct`). *Strong* cues (trade, exports, imports, surplus, aid,
//! sanctions, arms, weapons, ...) always count; *weak* ones (deal, contract, order, sold,
//! bought, payments, ...) count only when the sentence names an actor (an `actor` annotation
//! from the actors plugin), and as if 5 words further away, which keeps many company and
//! sports deals out; *money* cues (tariffs,
//! duties) count for money and block percentages (a tariff rate). Blocking cues mark the other
//! numbers of the news: salaries, wages, budgets, spending, GDP and output, growth of the
//! economy, inflation, interest and exchange rates, votes, polls, seats, stakes and shares,
//! prices and costs, profits and revenues, turnover, fines, assets and reserves, debt,
//! investment, takeovers, casualties, population, loans, credit and money markets, exchange
//! rates and currency trading, bonds and securities, company accounts.
//!
//! # Decisions on open cases
//!
//! - Percentage-point changes (`3 percentage points`, `2 pct points`) are not figures.
//! - `pounds of` is a weight, not money; `won the/a` is a verb, not the Korean currency.
//! - Bare `francs`, `pesos`, `dinars`, `crowns`, `shillings` name no single currency and are
//!   not units; their national forms (`Swiss francs`, `Mexican pesos`) are.
//! - `Rs 500 crore` is 5e9 INR (`crore` 1e7, `lakh` 1e5 are scale words of marginalia-text).
//! - Investment, loans and frozen assets are not trade figures (guidelines 6.1); aid is.
//! - A money figure without a scale word that is under 1,000 or written to two or more
//!   decimals (`1.8085 marks`, `below 150 yen`, `£339`) is an exchange rate or a unit price.
//! - Company markers (`Corp`, `Co`, `Inc`, `unit`, `firms`, a ticker such as `<ERIC ST>`)
//!   block like other blocking cues, and a sentence with one does not count its actors for
//!   weak cues: a company's contract or order is no trade figure because a state is named.
//! - A weak cue that is a verb of economic change after an economy word (`the economy will
//!   contract four pct`) is no deal cue.
//! - A currency adjective gives the code (`Egyptian pounds` EGP, `Swiss francs` CHF,
//!   `Canadian dollar` CAD); a bare `pounds`, `francs`, `pesos`, ... after such a full name in
//!   the document takes its code (`data/words.txt`, `bare_currency`).
//!
//! # Configuration
//!
//! `[plugins.trade-figures]` adds terms to the three lexicons; see [`config`].
//!
//! # Modules
//!
//! `expression` parses numbers with their currency, scale, range and hedge; `relevance`
//! weighs trade cues against blockers; `attributes` gives `measure` and `year`; `context`
//! holds the per-document lookups they share; this file runs them and is the plugin.

mod attributes;
pub mod config;
mod context;
pub mod data;
mod expression;
mod relevance;

use std::ops::Range;

use marginalia_core::{Attrs, Config, Document, Emitter, Manifest, Plugin, PluginError};
use marginalia_text::words::words;
use marginalia_text::{Case, FoldedText, Lexicon, Sentences};

use crate::attributes::{bases, is_change, measure, year_of};
use crate::config::Settings;
use crate::context::Context;
use crate::data::{Cue, Currency, Effect, Hedge, Words};
use crate::expression::{combine, qualifier, scan};
use crate::relevance::relevant;

/// The label this plugin emits.
pub const LABEL: &str = "trade_figure";

/// The plugin: immutable lexicons, so one instance serves many threads.
#[derive(Debug)]
pub struct TradeFigures {
    currencies: Lexicon<Currency>,
    hedges: Lexicon<Hedge>,
    cues: Lexicon<Cue>,
    words: Words,
}

impl Plugin for TradeFigures {
    fn manifest() -> Manifest {
        Manifest::new("trade-figures", env!("CARGO_PKG_VERSION"))
            .description("Tags money amounts and percentages of trade, exports, imports, deals and aid, with value, unit, qualifier, year and measure.")
            .emits([LABEL])
            .needs(["actor"])
    }

    fn new(config: &Config) -> Result<Self, PluginError> {
        let settings = Settings::from_config(config)?;
        let currencies = data::parse_currencies("data/currencies.txt", data::CURRENCIES)?
            .into_iter()
            .chain(settings.currencies());
        let hedges = data::parse_hedges("data/hedges.txt", data::HEDGES)?
            .into_iter()
            .chain(settings.hedges());
        let cues = data::parse_cues("data/cues.txt", data::CUES)?
            .into_iter()
            .chain(settings.cues());
        Ok(TradeFigures {
            currencies: Lexicon::new(Case::AsciiInsensitive, currencies)?,
            hedges: Lexicon::new(Case::AsciiInsensitive, hedges)?,
            cues: Lexicon::new(Case::AsciiInsensitive, cues)?,
            words: data::parse_words("data/words.txt", data::WORDS)?,
        })
    }

    fn annotate(&self, doc: &Document<'_>, out: &mut Emitter<'_>) -> Result<(), PluginError> {
        let actors: Vec<usize> = doc.annotations_labelled("actor").map(|a| a.start).collect();
        let figures = self.figures(doc.text(), &actors);
        for figure in &figures {
            out.emit(LABEL, figure.range.clone(), &figure.attrs)?;
        }
        tracing::debug!(
            document = doc.id(),
            figures = figures.len(),
            "trade figures"
        );
        Ok(())
    }
}

marginalia_core::export_plugin!(TradeFigures);

/// A figure found in a text: its span and attributes.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    /// Byte range.
    pub range: Range<usize>,
    /// `value`, `unit`, `qualifier`, and `low`, `high`, `year`, `measure` when they apply.
    pub attrs: Attrs,
}

impl TradeFigures {
    /// Every trade figure in `text`, in order; `actors` are the start offsets of actor
    /// annotations, in order.
    pub fn figures(&self, text: &str, actors: &[usize]) -> Vec<Figure> {
        let folded = FoldedText::new(text);
        let found = scan(&self.currencies, &self.hedges, &self.words, text, &folded);
        let cues: Vec<(Range<usize>, &Cue)> = self
            .cues
            .find_iter(&folded)
            .filter(|m| m.value.effect != Effect::Neutral)
            .map(|m| (m.range, m.value))
            .collect();
        let all_words: Vec<Range<usize>> = words(text).collect();
        let ctx = Context {
            text,
            sentences: Sentences::new(text),
            cues,
            word_ends: all_words.iter().map(|w| w.end).collect(),
            words: all_words,
            actors,
            years: found.years,
            grammar: &self.words,
        };
        let candidates = combine(&ctx, &found.atoms, &found.hedge_at);
        let bases = bases(&ctx, &found.atoms);
        let mut figures: Vec<Figure> = Vec::new();
        let mut last_end = 0;
        let mut previous_share: Option<(usize, Option<String>)> = None; // (sentence start, share)
        for c in &candidates {
            if c.range.start < last_end {
                continue;
            }
            let sentence = ctx.sentence(c.core_start);
            // A change right after a trade figure is a change of it (`worth USD 2.5 million
            // ..., a rise of 12 pct`).
            let neighbour = figures
                .last()
                .map(|f| f.range.clone())
                .filter(|r| r.start >= sentence.start)
                .filter(|_| is_change(&ctx, c));
            if !relevant(&ctx, c, &sentence, neighbour) {
                continue;
            }
            let clause = ctx.clause(&sentence, &c.range);
            let inherited = previous_share
                .as_ref()
                .filter(|(s, _)| *s == sentence.start)
                .and_then(|(_, m)| m.clone());
            let measure = measure(&ctx, c, &clause, inherited);
            if c.is_percent() {
                let share = measure.clone().filter(|m| m.ends_with("_share"));
                previous_share = Some((sentence.start, share));
            }
            let mut attrs = Attrs::new()
                .with("value", c.low.to_f64())
                .with("unit", c.unit)
                .with("qualifier", qualifier(c).as_str());
            if let Some(high) = c.high {
                attrs.insert("low", c.low.to_f64());
                attrs.insert("high", high.to_f64());
            }
            if let Some(year) = year_of(&ctx, c, &bases, &clause, &sentence) {
                attrs.insert("year", year);
            }
            if let Some(m) = measure {
                attrs.insert("measure", m);
            }
            last_end = c.range.end;
            figures.push(Figure {
                range: c.range.clone(),
                attrs,
            });
        }
        figures
    }
}

#[cfg(test)]
mod tests;
