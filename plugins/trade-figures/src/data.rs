//! The embedded lexicons (`data/*.txt`) and their parsers. Each file documents its format in
//! its header; every line is `field | field | ...`, `#` starts a comment line.

use std::collections::HashMap;

use marginalia_core::PluginError;
use serde::Deserialize;

/// `data/currencies.txt`: currency signs, codes, names and percent words.
pub const CURRENCIES: &str = include_str!("../data/currencies.txt");
/// `data/hedges.txt`: hedge words before a figure.
pub const HEDGES: &str = include_str!("../data/hedges.txt");
/// `data/cues.txt`: the trade lexicon, blocking words, change words and measure cues.
pub const CUES: &str = include_str!("../data/cues.txt");
/// `data/words.txt`: the closed word classes of the local grammar.
pub const WORDS: &str = include_str!("../data/words.txt");

/// Where a currency term is written relative to its number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Position {
    /// Before: `$3.6 billion`, `EUR 850 million`.
    Prefix,
    /// After the number and its scale word: `500 mln dlrs`, `12 pct`.
    Suffix,
    /// Either.
    Both,
}

impl Position {
    fn parse(s: &str) -> Option<Self> {
        match s {
            "prefix" => Some(Position::Prefix),
            "suffix" => Some(Position::Suffix),
            "both" => Some(Position::Both),
            _ => None,
        }
    }

    /// Whether the term may stand before the number.
    pub fn before(self) -> bool {
        matches!(self, Position::Prefix | Position::Both)
    }

    /// Whether the term may stand after the number.
    pub fn after(self) -> bool {
        matches!(self, Position::Suffix | Position::Both)
    }
}

/// A currency or percent term's meaning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Currency {
    /// ISO 4217 code or `percent`; `None` for a reserved phrase that is no unit.
    pub unit: Option<String>,
    /// Where it is written.
    pub position: Position,
}

/// A hedge qualifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Qualifier {
    /// about, nearly, some, ...
    Approx,
    /// more than, over, at least, ...
    Over,
    /// less than, under, up to, ...
    Under,
    /// no hedge.
    Exact,
}

impl Qualifier {
    fn parse(s: &str) -> Option<Self> {
        match s {
            "approx" => Some(Qualifier::Approx),
            "over" => Some(Qualifier::Over),
            "under" => Some(Qualifier::Under),
            "exact" => Some(Qualifier::Exact),
            _ => None,
        }
    }

    /// The attribute value.
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Approx => "approx",
            Qualifier::Over => "over",
            Qualifier::Under => "under",
            Qualifier::Exact => "exact",
        }
    }
}

/// A hedge's meaning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hedge {
    /// Its qualifier.
    pub qualifier: Qualifier,
    /// A preposition that gives a level after a verb of change (`dropped below 20%`).
    pub level: bool,
}

/// What a cue word does to the figures near it (see `data/cues.txt`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Effect {
    /// Trade vocabulary.
    Strong,
    /// Exchange vocabulary that needs an actor in the sentence.
    Weak,
    /// Trade vocabulary for money, a blocker for percentages (tariffs, duties).
    Money,
    /// Something other than trade.
    Block,
    /// A company marker (`Corp`, `Inc`, `unit`): blocks like `Block`, and a sentence that
    /// has one does not count its actors for weak cues (company deals, orders, sales).
    Company,
    /// A word of change before a figure (`rose`, `up`, `by`).
    Change,
    /// A noun of change, before or after a figure (`rise`, `increase`).
    #[serde(rename = "change_noun")]
    ChangeNoun,
    /// The word `share`.
    Share,
    /// A unit-price tail (`a tonne`, `per barrel`).
    Price,
    /// Reserved, ignored.
    Neutral,
}

impl Effect {
    fn parse(s: &str) -> Option<Self> {
        match s {
            "strong" => Some(Effect::Strong),
            "weak" => Some(Effect::Weak),
            "money" => Some(Effect::Money),
            "block" => Some(Effect::Block),
            "company" => Some(Effect::Company),
            "change" => Some(Effect::Change),
            "change_noun" => Some(Effect::ChangeNoun),
            "share" => Some(Effect::Share),
            "price" => Some(Effect::Price),
            "neutral" => Some(Effect::Neutral),
            _ => None,
        }
    }
}

/// Money measures a cue may give.
pub const MEASURES: &[&str] = &[
    "bilateral_trade",
    "exports",
    "imports",
    "trade_balance",
    "deal_value",
    "aid",
    "change",
];
/// Share measures a cue may give.
pub const SHARES: &[&str] = &[
    "foreign_trade_share",
    "arms_imports_share",
    "imports_share",
    "exports_share",
    "change",
];

/// A cue word's meaning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cue {
    /// What it does.
    pub effect: Effect,
    /// The measure of a money figure it describes.
    pub measure: Option<String>,
    /// The measure of a percentage followed by `of` and this cue.
    pub share: Option<String>,
}

/// The fields of the data lines of `source`, with their 1-based line numbers.
fn lines<'a>(
    name: &'a str,
    source: &'a str,
    arity: std::ops::RangeInclusive<usize>,
) -> impl Iterator<Item = Result<(usize, Vec<&'a str>), PluginError>> + 'a {
    source.lines().enumerate().filter_map(move |(i, line)| {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return None;
        }
        let fields: Vec<&str> = line.split(" | ").map(str::trim).collect();
        if !arity.contains(&fields.len()) || fields.iter().any(|f| f.is_empty()) {
            return Some(Err(PluginError::msg(format!(
                "{name} line {}: expected {}..={} fields separated by ` | `, got {line:?}",
                i + 1,
                arity.start(),
                arity.end()
            ))));
        }
        Some(Ok((i + 1, fields)))
    })
}

fn bad(name: &str, line: usize, what: &str, value: &str) -> PluginError {
    PluginError::msg(format!("{name} line {line}: unknown {what} {value:?}"))
}

/// Whether `unit` is `percent` or three upper-case ASCII letters.
pub fn is_valid_unit(unit: &str) -> bool {
    unit == "percent" || (unit.len() == 3 && unit.bytes().all(|b| b.is_ascii_uppercase()))
}

/// Parses `data/currencies.txt`-style lines.
pub fn parse_currencies(name: &str, source: &str) -> Result<Vec<(String, Currency)>, PluginError> {
    lines(name, source, 3..=3)
        .map(|line| {
            let (n, f) = line?;
            let unit = match f[1] {
                "-" => None,
                u if is_valid_unit(u) => Some(u.to_owned()),
                u => return Err(bad(name, n, "unit", u)),
            };
            let position = Position::parse(f[2]).ok_or_else(|| bad(name, n, "position", f[2]))?;
            Ok((f[0].to_owned(), Currency { unit, position }))
        })
        .collect()
}

/// Parses `data/hedges.txt`-style lines.
pub fn parse_hedges(name: &str, source: &str) -> Result<Vec<(String, Hedge)>, PluginError> {
    lines(name, source, 2..=3)
        .map(|line| {
            let (n, f) = line?;
            let qualifier =
                Qualifier::parse(f[1]).ok_or_else(|| bad(name, n, "qualifier", f[1]))?;
            let level = match f.get(2) {
                None => false,
                Some(&"level") => true,
                Some(other) => return Err(bad(name, n, "flag", other)),
            };
            Ok((f[0].to_owned(), Hedge { qualifier, level }))
        })
        .collect()
}

/// Checks a measure name against `allowed`; `-` is none.
pub fn measure(
    name: &str,
    line: usize,
    value: &str,
    allowed: &[&str],
) -> Result<Option<String>, PluginError> {
    match value {
        "-" => Ok(None),
        m if allowed.contains(&m) => Ok(Some(m.to_owned())),
        m => Err(bad(name, line, "measure", m)),
    }
}

/// Parses `data/cues.txt`-style lines.
pub fn parse_cues(name: &str, source: &str) -> Result<Vec<(String, Cue)>, PluginError> {
    lines(name, source, 2..=4)
        .map(|line| {
            let (n, f) = line?;
            let effect = Effect::parse(f[1]).ok_or_else(|| bad(name, n, "effect", f[1]))?;
            let measure = measure(name, n, f.get(2).copied().unwrap_or("-"), MEASURES)?;
            let share = measure_share(name, n, f.get(3).copied().unwrap_or("-"))?;
            Ok((
                f[0].to_owned(),
                Cue {
                    effect,
                    measure,
                    share,
                },
            ))
        })
        .collect()
}

fn measure_share(name: &str, line: usize, value: &str) -> Result<Option<String>, PluginError> {
    measure(name, line, value, SHARES)
}

/// The word classes of `data/words.txt`.
pub const WORD_CLASSES: &[&str] = &[
    "not_year_after",
    "year_marker",
    "same_year",
    "clause_opener",
    "bare_currency",
    "economic_verb",
    "economy",
];

/// The closed word classes of the local grammar, by class.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Words {
    classes: HashMap<String, Vec<String>>,
}

impl Words {
    /// Whether the lower-case `word` is in `class`.
    pub fn is(&self, class: &str, word: &str) -> bool {
        self.classes
            .get(class)
            .is_some_and(|terms| terms.iter().any(|t| t == word))
    }

    /// The terms of `class`.
    pub fn phrases<'a>(&'a self, class: &str) -> impl Iterator<Item = &'a str> + 'a {
        self.classes
            .get(class)
            .into_iter()
            .flatten()
            .map(String::as_str)
    }
}

/// Parses `data/words.txt`-style lines.
pub fn parse_words(name: &str, source: &str) -> Result<Words, PluginError> {
    let mut words = Words::default();
    for line in lines(name, source, 2..=2) {
        let (n, f) = line?;
        if !WORD_CLASSES.contains(&f[1]) {
            return Err(bad(name, n, "class", f[1]));
        }
        words
            .classes
            .entry(f[1].to_owned())
            .or_default()
            .push(f[0].to_ascii_lowercase());
    }
    Ok(words)
}
