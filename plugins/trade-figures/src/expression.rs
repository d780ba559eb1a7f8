//! Expression parsing: a number with its currency sign, code or word, scale word and
//! percent word ([`Atom`]), joined into ranges and given a hedge ([`Candidate`]).

use std::collections::HashMap;
use std::ops::Range;

use marginalia_text::numbers::{Decimal, find_quantities, inline_space_len};
use marginalia_text::words::char_before;
use marginalia_text::{FoldedText, Lexicon};

use crate::context::Context;
use crate::data::{Currency, Hedge, Qualifier, Words};

/// A number with the currency or percent written around it (if any).
#[derive(Clone, Debug)]
pub(crate) struct Atom<'l> {
    pub(crate) range: Range<usize>,
    pub(crate) number: Decimal,
    pub(crate) scale: Option<i32>,
    pub(crate) unit: Option<&'l str>,
    /// Digits after the decimal point when there is no scale word (`1.8085 marks`: 4).
    pub(crate) plain_fraction: Option<usize>,
}

impl Atom<'_> {
    pub(crate) fn value(&self) -> Decimal {
        self.number.scaled(self.scale.unwrap_or(0))
    }
}

/// A candidate figure before the relevance check.
#[derive(Clone, Debug)]
pub(crate) struct Candidate<'l> {
    pub(crate) range: Range<usize>,
    /// Where the number (or its prefix) starts, after any hedge.
    pub(crate) core_start: usize,
    pub(crate) low: Decimal,
    pub(crate) high: Option<Decimal>,
    pub(crate) unit: &'l str,
    pub(crate) hedge: Option<Hedge>,
    /// The first number's digits after the decimal point when it has no scale word.
    pub(crate) plain_fraction: Option<usize>,
}

impl Candidate<'_> {
    pub(crate) fn is_percent(&self) -> bool {
        self.unit == "percent"
    }
}

/// What [`scan`] finds in a text.
pub(crate) struct Scan<'l> {
    /// Numbers with their units (or none), in order.
    pub(crate) atoms: Vec<Atom<'l>>,
    /// Four-digit years (1900..=2099) standing alone: (range, year).
    pub(crate) years: Vec<(Range<usize>, i64)>,
    /// Hedges by end offset: (start, hedge).
    pub(crate) hedge_at: HashMap<usize, (usize, &'l Hedge)>,
}

/// Finds the numbers of `text` with the currency and percent terms around them, the hedges,
/// and the years.
pub(crate) fn scan<'l>(
    currencies: &'l Lexicon<Currency>,
    hedges: &'l Lexicon<Hedge>,
    grammar: &Words,
    text: &str,
    folded: &FoldedText<'_>,
) -> Scan<'l> {
    let mut prefix_at: HashMap<usize, (usize, &Currency)> = HashMap::new();
    let mut suffix_at: HashMap<usize, (usize, &Currency)> = HashMap::new();
    // Currency names with a nationality (`Egyptian pounds`): (start, head word, unit).
    let mut national: Vec<(usize, String, &'l str)> = Vec::new();
    for m in currencies.find_iter(folded) {
        if let Some(unit) = m.value.unit.as_deref() {
            let term = text[m.range.clone()].to_ascii_lowercase();
            let mut parts = term.split_whitespace().rev();
            if let (Some(head), Some(_)) = (parts.next(), parts.next())
                && grammar.is("bare_currency", head)
            {
                national.push((m.range.start, singular(head).to_owned(), unit));
            }
        }
        if m.value.position.before() {
            prefix_at.insert(m.range.end, (m.range.start, m.value));
        }
        if m.value.position.after() {
            suffix_at.insert(m.range.start, (m.range.end, m.value));
        }
    }
    let hedge_at: HashMap<usize, (usize, &Hedge)> = hedges
        .find_iter(folded)
        .map(|m| (m.range.end, (m.range.start, m.value)))
        .collect();
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
            let mut suffix_unit = currency.unit.as_deref();
            // A bare `pounds` or `francs` takes the nationality last written in full before it
            // (`Egyptian pounds ... 300 mln pounds`).
            let term = text[q.range.end + gap..suffix_end].to_ascii_lowercase();
            if grammar.is("bare_currency", &term)
                && let Some((_, _, unit)) = national
                    .iter()
                    .rev()
                    .find(|(at, head, _)| *at < q.range.start && head == singular(&term))
            {
                suffix_unit = Some(*unit);
            }
            match (unit, suffix_unit) {
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
            plain_fraction: q.scale_range.is_none().then(|| {
                let digits = &text[q.number_range.clone()];
                digits.find('.').map_or(0, |dot| digits.len() - dot - 1)
            }),
        });
    }
    Scan {
        atoms,
        years,
        hedge_at,
    }
}

/// `offset` moved back over whitespace that stays inside a paragraph (at most one line break).
pub(crate) fn back_over_space(text: &str, offset: usize) -> usize {
    let head = &text[..offset];
    let trimmed = head.trim_end();
    let run = &head[trimmed.len()..];
    if run.matches('\n').nth(1).is_some() || run.contains('\u{2029}') {
        offset
    } else {
        trimmed.len()
    }
}

/// A currency word without its plural `s` (`pounds` -> `pound`).
fn singular(word: &str) -> &str {
    word.strip_suffix('s').unwrap_or(word)
}

/// Joins atoms into ranges, drops those without a unit, and attaches hedges.
pub(crate) fn combine<'l>(
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
            plain_fraction: a.plain_fraction,
        });
    }
    out
}

pub(crate) fn qualifier(c: &Candidate<'_>) -> Qualifier {
    match (c.hedge, c.high) {
        (Some(h), _) => h.qualifier,
        (None, Some(_)) => Qualifier::Approx,
        (None, None) => Qualifier::Exact,
    }
}
