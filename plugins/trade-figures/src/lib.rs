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
//!   whereas, although, though*.
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
//!
//! # Configuration
//!
//! `[plugins.trade-figures]` adds terms to the three lexicons; see [`config`].

pub mod config;
pub mod data;

use std::collections::HashMap;
use std::ops::Range;

use marginalia_core::{Attrs, Config, Document, Emitter, Manifest, Plugin, PluginError};
use marginalia_text::numbers::{Decimal, find_quantities, inline_space_len};
use marginalia_text::words::{char_before, words};
use marginalia_text::{Case, FoldedText, Lexicon, Sentences};

use crate::config::Settings;
use crate::data::{Cue, Currency, Effect, Hedge, Qualifier};

/// The label this plugin emits.
pub const LABEL: &str = "trade_figure";

/// Words between the figure and its nearest trade cue, at most, for money figures.
const MONEY_WINDOW: usize = 20;
/// The same for percentages, which are more often something else.
const PERCENT_WINDOW: usize = 12;
/// Words added to the distance of a weak cue.
const WEAK_PENALTY: usize = 5;
/// Words after `of` in which a percentage's share cue must start.
const SHARE_WINDOW: usize = 6;

/// Words before a year that make it a period bound or comparison base, not the figure's year.
const NOT_YEAR_AFTER: &[&str] = &[
    "since", "from", "after", "before", "between", "than", "until", "till", "to", "through", "vs",
    "versus", "against",
];
/// Words before a year that date the figure; looking back stops there.
const YEAR_MARKERS: &[&str] = &["in", "by", "during", "for", "fiscal", "a", "an", "the"];
/// Phrases by which a clause refers to the year given elsewhere in its sentence.
const SAME_YEAR: &[&str] = &[
    "that year",
    "the same year",
    "the same period",
    "that period",
];
/// Words that, after a comma, open a new clause.
const CLAUSE_OPENERS: &[&str] = &["and", "but", "while", "whereas", "although", "though"];

/// The plugin: immutable lexicons, so one instance serves many threads.
#[derive(Debug)]
pub struct TradeFigures {
    currencies: Lexicon<Currency>,
    hedges: Lexicon<Hedge>,
    cues: Lexicon<Cue>,
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

/// A number with the currency or percent written around it (if any).
#[derive(Clone, Debug)]
struct Atom<'l> {
    range: Range<usize>,
    number: Decimal,
    scale: Option<i32>,
    unit: Option<&'l str>,
}

impl Atom<'_> {
    fn value(&self) -> Decimal {
        self.number.scaled(self.scale.unwrap_or(0))
    }
}

/// A candidate figure before the relevance check.
#[derive(Clone, Debug)]
struct Candidate<'l> {
    range: Range<usize>,
    /// Where the number (or its prefix) starts, after any hedge.
    core_start: usize,
    low: Decimal,
    high: Option<Decimal>,
    unit: &'l str,
    hedge: Option<Hedge>,
}

impl Candidate<'_> {
    fn is_percent(&self) -> bool {
        self.unit == "percent"
    }
}

/// The per-document lookups, each built in one pass.
struct Context<'t, 'l> {
    text: &'t str,
    sentences: Sentences,
    /// Cue matches in text order.
    cues: Vec<(Range<usize>, &'l Cue)>,
    /// Word end offsets in order, for counting words between two offsets.
    word_ends: Vec<usize>,
    words: Vec<Range<usize>>,
    /// Actor starts in order.
    actors: &'t [usize],
    /// Four-digit years (1900..=2099) standing alone: (range, year).
    years: Vec<(Range<usize>, i64)>,
}

impl Context<'_, '_> {
    /// The number of words lying entirely between offsets `a <= b`.
    fn words_between(&self, a: usize, b: usize) -> usize {
        if b <= a {
            return 0;
        }
        // Words ending by b, minus words starting before a (which end by a: a is a boundary).
        let ending = self.word_ends.partition_point(|&e| e <= b);
        let started = self.words.partition_point(|w| w.start < a);
        ending.saturating_sub(started)
    }

    fn sentence(&self, offset: usize) -> Range<usize> {
        self.sentences
            .containing(offset)
            .unwrap_or(offset..offset.saturating_add(1).min(self.text.len()))
    }

    /// The cues that lie inside `range`.
    fn cues_in(&self, range: &Range<usize>) -> &[(Range<usize>, &Cue)] {
        let from = self.cues.partition_point(|(r, _)| r.start < range.start);
        let to = self.cues.partition_point(|(r, _)| r.start < range.end);
        let slice = &self.cues[from..to.max(from)];
        let keep = slice.partition_point(|(r, _)| r.end <= range.end);
        // Cues are in order and non-overlapping, so those ending inside form a prefix.
        &slice[..keep]
    }

    fn has_actor(&self, range: &Range<usize>) -> bool {
        let i = self.actors.partition_point(|&s| s < range.start);
        self.actors.get(i).is_some_and(|&s| s < range.end)
    }

    /// The clause of `span` inside `sentence`.
    fn clause(&self, sentence: &Range<usize>, span: &Range<usize>) -> Range<usize> {
        let mut start = sentence.start;
        let mut end = sentence.end;
        let body = &self.text[sentence.clone()];
        for (i, c) in body.char_indices() {
            let at = sentence.start + i;
            let split = match c {
                ';' => Some((at, at + 1)),
                ',' => {
                    let rest = &self.text[at + 1..sentence.end];
                    words(rest)
                        .next()
                        .filter(|w| rest[..w.start].chars().all(char::is_whitespace))
                        .filter(|w| {
                            CLAUSE_OPENERS.contains(&rest[w.clone()].to_ascii_lowercase().as_str())
                        })
                        .map(|_| (at, at + 1))
                }
                _ => None,
            };
            if let Some((s, e)) = split {
                if e <= span.start {
                    start = e;
                } else if s >= span.end {
                    end = s;
                    break;
                }
            }
        }
        start..end
    }

    /// The lower-cased word just before `offset`, if any, in the sentence.
    fn prev_words(&self, offset: usize, floor: usize, n: usize) -> Vec<String> {
        let i = self.words.partition_point(|w| w.end <= offset);
        self.words[..i]
            .iter()
            .rev()
            .take_while(|w| w.start >= floor)
            .take(n)
            .map(|w| self.text[w.clone()].to_ascii_lowercase())
            .collect()
    }
}

/// `offset` moved back over whitespace that stays inside a paragraph (at most one line break).
fn back_over_space(text: &str, offset: usize) -> usize {
    let head = &text[..offset];
    let trimmed = head.trim_end();
    let run = &head[trimmed.len()..];
    if run.matches('\n').nth(1).is_some() || run.contains('\u{2029}') {
        offset
    } else {
        trimmed.len()
    }
}

impl TradeFigures {
    /// Every trade figure in `text`, in order; `actors` are the start offsets of actor
    /// annotations, in order.
    pub fn figures(&self, text: &str, actors: &[usize]) -> Vec<Figure> {
        let folded = FoldedText::new(text);
        let mut prefix_at: HashMap<usize, (usize, &Currency)> = HashMap::new();
        let mut suffix_at: HashMap<usize, (usize, &Currency)> = HashMap::new();
        for m in self.currencies.find_iter(&folded) {
            if m.value.position.before() {
                prefix_at.insert(m.range.end, (m.range.start, m.value));
            }
            if m.value.position.after() {
                suffix_at.insert(m.range.start, (m.range.end, m.value));
            }
        }
        let hedge_at: HashMap<usize, (usize, &Hedge)> = self
            .hedges
            .find_iter(&folded)
            .map(|m| (m.range.end, (m.range.start, m.value)))
            .collect();
        let cues: Vec<(Range<usize>, &Cue)> = self
            .cues
            .find_iter(&folded)
            .filter(|m| m.value.effect != Effect::Neutral)
            .map(|m| (m.range, m.value))
            .collect();
        let all_words: Vec<Range<usize>> = words(text).collect();
        let quantities = find_quantities(text);

        let mut atoms: Vec<Atom<'_>> = Vec::new();
        let mut years = Vec::new();
        for q in &quantities {
            let number_start = q.number_range.start;
            // Fractions (`11-3/4 pct`, a coupon or a price) are not parsed: skip both parts.
            let slash_before = char_before(text, number_start) == Some('/');
            let slash_after = text[q.number_range.end..].starts_with('/');
            if slash_before || slash_after {
                continue;
            }
            let mut start = number_start;
            let mut end = q.range.end;
            let mut unit: Option<&str> = None;
            let p = back_over_space(text, number_start);
            if let Some(&(prefix_start, currency)) = prefix_at.get(&p) {
                // `$` glued to letters it does not know (`Z$5`) is an unknown dollar.
                if char_before(text, prefix_start).is_some_and(char::is_alphanumeric) {
                    continue;
                }
                unit = currency.unit.as_deref();
                start = prefix_start;
            }
            let rest = &text[q.range.end..];
            // `500 mln dlrs`, `12\npct`, `80%`, and `500-mln-dlr` in compounds.
            let gap = match rest.strip_prefix('-') {
                Some(_) => 1,
                None => inline_space_len(rest),
            };
            if let Some(&(suffix_end, currency)) = suffix_at.get(&(q.range.end + gap)) {
                match (unit, currency.unit.as_deref()) {
                    (_, None) => continue, // a reserved phrase: `pounds of`, `pct points`
                    (None, Some(u)) => {
                        unit = Some(u);
                        end = suffix_end;
                    }
                    (Some(a), Some(b)) if a == b => end = suffix_end,
                    _ => {}
                }
            }
            if unit.is_none() && q.scale_range.is_none() {
                let digits = &text[q.number_range.clone()];
                if digits.len() == 4
                    && digits.bytes().all(|b| b.is_ascii_digit())
                    && (digits.starts_with("19") || digits.starts_with("20"))
                {
                    years.push((q.number_range.clone(), q.number.to_f64() as i64));
                }
            }
            atoms.push(Atom {
                range: start..end,
                number: q.number,
                scale: q.scale_range.as_ref().map(|_| q.scale_exponent),
                unit,
            });
        }

        let ctx = Context {
            text,
            sentences: Sentences::new(text),
            cues,
            word_ends: all_words.iter().map(|w| w.end).collect(),
            words: all_words,
            actors,
            years,
        };
        let candidates = combine(&ctx, &atoms, &hedge_at);
        // Figures written as a comparison base (`from £42.6bn in 2024`): a year right after
        // one dates it, not the figures before it.
        let bases: Vec<Range<usize>> = atoms
            .iter()
            .filter(|c| {
                ctx.prev_words(c.range.start, 0, 1)
                    .first()
                    .is_some_and(|w| NOT_YEAR_AFTER.contains(&w.as_str()))
            })
            .map(|c| c.range.clone())
            .collect();
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
            let refers_back = {
                let body = ctx.text[clause.clone()].to_ascii_lowercase();
                SAME_YEAR.iter().any(|p| body.contains(p))
            };
            let year = year(&ctx, c, &bases, &clause, &sentence).or_else(|| {
                refers_back
                    .then(|| year(&ctx, c, &bases, &sentence, &sentence))
                    .flatten()
            });
            if let Some(year) = year {
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

/// Joins atoms into ranges, drops those without a unit, and attaches hedges.
fn combine<'l>(
    ctx: &Context<'_, '_>,
    atoms: &[Atom<'l>],
    hedge_at: &HashMap<usize, (usize, &Hedge)>,
) -> Vec<Candidate<'l>> {
    let text = ctx.text;
    let mut out = Vec::new();
    let mut i = 0;
    while i < atoms.len() {
        let a = &atoms[i];
        let before: Vec<String> = ctx.prev_words(a.range.start, 0, 1);
        let previous = before.first().map(String::as_str);
        let mut taken = 1;
        let mut low = a.value();
        let mut high = None;
        let mut unit = a.unit;
        if let Some(b) = atoms.get(i + 1) {
            let between = text.get(a.range.end..b.range.start).unwrap_or("");
            let connector = between.trim();
            let one_line = between.matches('\n').nth(1).is_none();
            let units_fit = match (a.unit, b.unit) {
                (Some(x), Some(y)) => x == y,
                (None, None) => false,
                _ => true,
            };
            let from_to = connector == "to" && previous == Some("from");
            // The second end carries the unit (`80-90%`, `2 to 3 billion dlrs`) or at least
            // a scale (`$2bn-3bn`); `fell 7.8 pct to 35,401` is no range.
            let joins = match connector {
                "-" | "–" => b.unit.is_some() || b.scale.is_some(),
                "to" => a.unit.is_none() && b.unit.is_some() && !from_to,
                "and" => previous == Some("between") && b.unit.is_some(),
                _ => false,
            };
            if one_line && from_to && a.unit.is_none() {
                // `from 10 to 12 pct`: two figures, the first takes the second's unit.
                unit = b.unit;
                if a.scale.is_none() && b.scale.is_some() {
                    low = a.number.scaled(b.scale.unwrap_or(0));
                }
            }
            if one_line && units_fit && joins {
                let a_scale = a
                    .scale
                    .or(b.scale.filter(|_| a.unit.is_none() || b.unit.is_none()));
                let b_scale = b.scale.or(a.scale);
                let lo = a.number.scaled(a_scale.unwrap_or(0));
                let hi = b.number.scaled(b_scale.unwrap_or(0));
                if lo.to_f64() < hi.to_f64() {
                    low = lo;
                    high = Some(hi);
                    unit = a.unit.or(b.unit);
                    taken = 2;
                }
            }
        }
        let last = &atoms[i + taken - 1];
        i += taken;
        let Some(unit) = unit else { continue };
        let core_start = a.range.start;
        let mut start = core_start;
        let mut hedge = None;
        let h = back_over_space(text, core_start);
        if let Some(&(hedge_start, found)) = hedge_at.get(&h) {
            start = hedge_start;
            hedge = Some(*found);
        }
        out.push(Candidate {
            range: start..last.range.end,
            core_start,
            low,
            high,
            unit,
            hedge,
        });
    }
    out
}

fn qualifier(c: &Candidate<'_>) -> Qualifier {
    match (c.hedge, c.high) {
        (Some(h), _) => h.qualifier,
        (None, Some(_)) => Qualifier::Approx,
        (None, None) => Qualifier::Exact,
    }
}

/// Whether the figure's sentence makes it a trade figure (see the crate doc).
///
/// `neighbour` is the previous trade figure of the sentence, if any: it counts as a strong
/// cue (`worth USD 2.5 million ..., a rise of 12 pct`).
fn relevant(
    ctx: &Context<'_, '_>,
    c: &Candidate<'_>,
    sentence: &Range<usize>,
    neighbour: Option<Range<usize>>,
) -> bool {
    let percent = c.is_percent();
    let price = ctx.cues_in(sentence).iter().any(|(r, cue)| {
        cue.effect == Effect::Price
            && r.start >= c.range.end
            && ctx.words_between(c.range.end, r.start) == 0
    });
    if price && !percent {
        return false;
    }
    let actor = ctx.has_actor(sentence);
    let mut best_pos = neighbour.map_or(usize::MAX, |n| ctx.words_between(n.end, c.range.start));
    let mut best_neg = usize::MAX;
    for (range, cue) in ctx.cues_in(sentence) {
        if range.end > c.range.start && range.start < c.range.end {
            continue;
        }
        let distance = if range.end <= c.range.start {
            ctx.words_between(range.end, c.range.start)
        } else {
            ctx.words_between(c.range.end, range.start)
        };
        let (positive, distance) = match cue.effect {
            Effect::Strong => (Some(true), distance),
            // Weaker evidence: as if a few words further away.
            Effect::Weak if actor => (Some(true), distance + WEAK_PENALTY),
            Effect::Money => (Some(!percent), distance),
            Effect::Block => (Some(false), distance),
            _ => (None, distance),
        };
        match positive {
            Some(true) => best_pos = best_pos.min(distance),
            Some(false) => best_neg = best_neg.min(distance),
            None => {}
        }
    }
    let window = if percent {
        PERCENT_WINDOW
    } else {
        MONEY_WINDOW
    };
    best_pos <= window && best_pos < best_neg
}

/// Whether the figure is a change (see the crate doc).
fn is_change(ctx: &Context<'_, '_>, c: &Candidate<'_>) -> bool {
    let sentence = ctx.sentence(c.core_start);
    measure(ctx, c, &sentence, None).as_deref() == Some("change")
}

/// The measure (see the crate doc).
fn measure(
    ctx: &Context<'_, '_>,
    c: &Candidate<'_>,
    clause: &Range<usize>,
    inherited_share: Option<String>,
) -> Option<String> {
    let cues = ctx.cues_in(clause);
    let before: Vec<&(Range<usize>, &Cue)> = cues
        .iter()
        .filter(|(r, _)| r.end <= c.range.start)
        .collect();
    let after: Vec<&(Range<usize>, &Cue)> = cues
        .iter()
        .filter(|(r, _)| r.start >= c.range.end)
        .collect();
    let is_change = |effect: Effect| matches!(effect, Effect::Change | Effect::ChangeNoun);
    // Change: a change word right before (or with `of`/`by` between), a change noun right after.
    let level = c.hedge.is_some_and(|h| h.level);
    if let Some((r, cue)) = before.last()
        && is_change(cue.effect)
        && !level
    {
        let gap = ctx.words_between(r.end, c.range.start);
        let joined = gap == 1
            && ctx
                .prev_words(c.range.start, r.end, 1)
                .first()
                .is_some_and(|w| w == "of" || w == "by");
        if gap == 0 || joined {
            return Some("change".to_owned());
        }
    }
    if let Some((r, cue)) = after.first()
        && cue.effect == Effect::ChangeNoun
        && ctx.words_between(c.range.end, r.start) == 0
    {
        return Some("change".to_owned());
    }
    if c.is_percent() {
        let rest = &ctx.text[c.range.end..clause.end];
        let next = words(rest).next().map(|w| &rest[w.clone()]);
        if next.is_some_and(|w| w.eq_ignore_ascii_case("of")) {
            let of_end = c.range.end + words(rest).next().map_or(0, |w| w.end);
            // The first cue after `of` that names what the share is of (`of the EU's gas
            // imports`), within a few words and before any blocking cue.
            return after
                .iter()
                .filter(|(r, _)| r.start >= of_end)
                .take_while(|(r, cue)| {
                    cue.effect != Effect::Block && ctx.words_between(of_end, r.start) < SHARE_WINDOW
                })
                .find_map(|(_, cue)| cue.share.clone());
        }
        let share_word = before.iter().any(|(_, cue)| cue.effect == Effect::Share);
        if share_word
            && let Some((_, cue)) = before.iter().rev().find(|(_, cue)| cue.share.is_some())
        {
            return cue.share.clone();
        }
        return inherited_share;
    }
    before
        .iter()
        .rev()
        .chain(after.iter())
        .find_map(|(_, cue)| cue.measure.clone())
}

/// The year the clause gives for the figure (see the crate doc).
fn year(
    ctx: &Context<'_, '_>,
    c: &Candidate<'_>,
    bases: &[Range<usize>],
    clause: &Range<usize>,
    sentence: &Range<usize>,
) -> Option<i64> {
    let from = ctx.years.partition_point(|(r, _)| r.start < clause.start);
    let mut found: Option<i64> = None;
    for (range, year) in ctx.years[from..]
        .iter()
        .take_while(|(r, _)| r.end <= clause.end)
    {
        let before = ctx.text[..range.start].chars().next_back();
        let after = ctx.text[range.end..].chars();
        let mut after = after;
        let dash_after = matches!(after.next(), Some('-' | '–' | '—' | '/'))
            && after.next().is_some_and(|c| c.is_ascii_digit());
        let dash_before = matches!(before, Some('-' | '–' | '—' | '/'))
            && ctx.text[..range.start]
                .chars()
                .rev()
                .nth(1)
                .is_some_and(|c| c.is_ascii_digit());
        if dash_after || dash_before {
            continue;
        }
        let behind_a_base = bases
            .iter()
            .any(|b| b.start >= c.range.end && b.end <= range.start);
        if behind_a_base {
            continue;
        }
        let mut excluded = false;
        for word in ctx.prev_words(range.start, sentence.start, 4) {
            if YEAR_MARKERS.contains(&word.as_str()) {
                break;
            }
            if NOT_YEAR_AFTER.contains(&word.as_str()) {
                excluded = true;
                break;
            }
        }
        if excluded {
            continue;
        }
        match found {
            None => found = Some(*year),
            Some(y) if y == *year => {}
            Some(_) => return None,
        }
    }
    found
}

#[cfg(test)]
mod tests;
