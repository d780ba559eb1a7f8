//! Parsing numbers as news text writes them: numerals, number words and scale words.
//!
//! # Contract
//!
//! - Values are exact [`Decimal`]s (`mantissa × 10^exponent`), so `3.6` billion is exactly
//!   `3600000000`, not `3599999999.9999995`; [`Decimal::to_f64`] rounds once at the end.
//! - [`parse_numeral`]: ASCII digits with an optional `.` fraction, and optional `,` thousands
//!   separators that must group by three (`1,200`, `12.4`, `1,200.5`; not `1,20`, `.5`, `1.`).
//! - [`parse_number_word`]: `zero` to `twenty`, the tens `thirty` ... `ninety`, and
//!   `twenty-five`-style compounds; ASCII case-insensitive.
//! - [`scale_exponent`]: `thousand` 3, `lakh` 5, `million`/`mln`/`mn`/`m` 6, `crore` 7,
//!   `billion`/`bn`/`bln` 9, `trillion`/`tn`/`trln` 12; ASCII case-insensitive; plurals are
//!   not scales.
//! - [`find_quantities`]: every number in a text, whole words only, with the scale word that
//!   follows it (after a space, a hyphen or nothing: `3.6 billion`, `$3.6bn`, `one-billion-dlr`;
//!   also after a hard line break inside a paragraph: `129.14\nbillion`, but not across a
//!   blank line).
//!   Currency, percent, ranges and hedges are left to the caller. Fractions (`11-1/2`) and
//!   `hundred` are not handled.
//!
//! Nothing here panics on any input.

use std::ops::Range;

use crate::words::{char_before, chars_join, is_word_boundary};

/// A non-negative exact decimal: `mantissa × 10^exponent`, kept normalised (no trailing
/// zeros in the mantissa; zero is `0 × 10^0`), so equal numbers compare equal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Decimal {
    mantissa: u64,
    exponent: i32,
}

impl Decimal {
    /// `mantissa × 10^exponent`.
    pub fn new(mantissa: u64, exponent: i32) -> Self {
        let (mut mantissa, mut exponent) = (mantissa, exponent);
        if mantissa == 0 {
            return Decimal {
                mantissa: 0,
                exponent: 0,
            };
        }
        while mantissa % 10 == 0 {
            mantissa /= 10;
            exponent = exponent.saturating_add(1);
        }
        Decimal { mantissa, exponent }
    }

    /// A whole number.
    pub fn from_integer(n: u64) -> Self {
        Decimal::new(n, 0)
    }

    /// The digits as an integer.
    pub fn mantissa(self) -> u64 {
        self.mantissa
    }

    /// The power of ten the mantissa is multiplied by.
    pub fn exponent(self) -> i32 {
        self.exponent
    }

    /// The number times `10^power` (e.g. `power = 9` for "billion").
    pub fn scaled(self, power: i32) -> Self {
        Decimal::new(self.mantissa, self.exponent.saturating_add(power))
    }

    /// The nearest `f64`, rounded once when the mantissa fits in 53 bits and `|exponent| <= 22`.
    pub fn to_f64(self) -> f64 {
        let mantissa = self.mantissa as f64;
        let power = 10f64.powi(self.exponent.unsigned_abs().min(400) as i32);
        if self.exponent >= 0 {
            mantissa * power
        } else {
            mantissa / power
        }
    }
}

/// Parses a numeral: `3.6`, `1,200`, `12.4`, `500`, `1,200.50` (see the module doc).
pub fn parse_numeral(s: &str) -> Option<Decimal> {
    let (whole, fraction) = match s.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (s, None),
    };
    let groups: Vec<&str> = whole.split(',').collect();
    let grouped_ok = groups.len() == 1
        || (matches!(groups[0].len(), 1..=3) && groups[1..].iter().all(|g| g.len() == 3));
    let all_digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if !grouped_ok
        || !groups.iter().all(|g| all_digits(g))
        || fraction.is_some_and(|f| !all_digits(f))
    {
        return None;
    }
    let mut mantissa: u64 = 0;
    let digits = groups
        .iter()
        .chain(fraction.as_slice())
        .flat_map(|g| g.bytes());
    for digit in digits {
        mantissa = mantissa
            .checked_mul(10)?
            .checked_add(u64::from(digit - b'0'))?;
    }
    let fraction_digits = i32::try_from(fraction.map_or(0, str::len)).ok()?;
    Some(Decimal::new(mantissa, -fraction_digits))
}

const UNITS: [&str; 21] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
];
const TENS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// Parses a number word: `two` 2, `eleven` 11, `forty` 40, `twenty-five` 25.
pub fn parse_number_word(s: &str) -> Option<u64> {
    let lower = s.to_ascii_lowercase();
    if let Some(n) = UNITS.iter().position(|&w| w == lower) {
        return Some(n as u64);
    }
    let tens = |w: &str| {
        TENS.iter()
            .position(|&t| t == w)
            .map(|i| 20 + 10 * i as u64)
    };
    if let Some(n) = tens(&lower) {
        return Some(n);
    }
    let (ten, unit) = lower.split_once('-')?;
    let unit = UNITS[1..10].iter().position(|&w| w == unit)? as u64 + 1;
    Some(tens(ten)? + unit)
}

/// Parses a numeral or a number word.
pub fn parse_number(s: &str) -> Option<Decimal> {
    parse_numeral(s).or_else(|| parse_number_word(s).map(Decimal::from_integer))
}

/// The power of ten a scale word stands for: `thousand` 3, `mln` 6, `bn` 9, `tn` 12.
pub fn scale_exponent(word: &str) -> Option<i32> {
    match word.to_ascii_lowercase().as_str() {
        "thousand" => Some(3),
        "lakh" => Some(5),
        "million" | "mln" | "mn" | "m" => Some(6),
        "crore" => Some(7),
        "billion" | "bn" | "bln" => Some(9),
        "trillion" | "tn" | "trln" => Some(12),
        _ => None,
    }
}

/// The multiplier a scale word stands for: `million` 1e6.
pub fn scale_multiplier(word: &str) -> Option<f64> {
    scale_exponent(word).map(|e| 10f64.powi(e))
}

/// A number found in text, with its scale word if one follows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quantity {
    /// The number and its scale word, e.g. `3.6 billion` or `3.6bn`.
    pub range: Range<usize>,
    /// Just the number, e.g. `3.6`.
    pub number_range: Range<usize>,
    /// The number as written, unscaled.
    pub number: Decimal,
    /// The scale word's range, if any.
    pub scale_range: Option<Range<usize>>,
    /// The scale's power of ten, 0 when there is none.
    pub scale_exponent: i32,
}

impl Quantity {
    /// The scaled value: `3.6 billion` is `36 × 10^8`.
    pub fn value(&self) -> Decimal {
        self.number.scaled(self.scale_exponent)
    }
}

/// Every number in `text`, in order (see the module doc).
///
/// ```
/// use marginalia_text::numbers::find_quantities;
/// let text = "trade of $3.6 billion, 80%-90%, two bn and a 1,200-mln deal";
/// let values: Vec<f64> = find_quantities(text).iter().map(|q| q.value().to_f64()).collect();
/// assert_eq!(values, [3.6e9, 80.0, 90.0, 2e9, 1.2e9]);
/// ```
pub fn find_quantities(text: &str) -> Vec<Quantity> {
    let mut found = Vec::new();
    let mut position = 0;
    while let Some((number_range, number)) = next_number(text, position) {
        position = number_range.end;
        let (scale_range, scale_exponent) = match scale_after(text, number_range.end) {
            Some((range, exponent)) => (Some(range), exponent),
            None if is_word_boundary(text, number_range.end) => (None, 0),
            None => continue, // glued to a non-scale word: `1990s`, `G20x`
        };
        let end = scale_range.as_ref().map_or(number_range.end, |r| r.end);
        position = end;
        found.push(Quantity {
            range: number_range.start..end,
            number_range,
            number,
            scale_range,
            scale_exponent,
        });
    }
    found
}

/// The next numeral or number word starting at or after `from` on a word start, with its value.
fn next_number(text: &str, from: usize) -> Option<(Range<usize>, Decimal)> {
    let words = crate::words::words(text.get(from..)?).map(|r| r.start + from..r.end + from);
    for word in words {
        let first = text[word.start..].chars().next()?;
        if first.is_ascii_digit() {
            // Not the tail of `3.6.7` or `1,2`, and not glued to a letter before (`G20`).
            if char_before(text, word.start).is_some_and(|c| c == '.' || c == ',') {
                continue;
            }
            let end = numeral_end(text, word.start);
            if let Some(value) = parse_numeral(&text[word.start..end]) {
                return Some((word.start..end, value));
            }
        } else {
            // `twenty-five` before `twenty`.
            let compound = hyphen_compound(text, &word);
            for candidate in compound.into_iter().chain([word]) {
                if let Some(n) = parse_number_word(&text[candidate.clone()]) {
                    return Some((candidate, Decimal::from_integer(n)));
                }
            }
        }
    }
    None
}

/// The end of the longest valid numeral starting at `start` (digits, `,ddd` groups, `.d+`).
fn numeral_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let digits_from = |i: usize| {
        (i..bytes.len())
            .find(|&j| !bytes[j].is_ascii_digit())
            .unwrap_or(bytes.len())
    };
    let mut end = digits_from(start);
    let leading = end - start;
    if leading <= 3 {
        while bytes.get(end) == Some(&b',') && digits_from(end + 1) == end + 4 {
            end += 4;
        }
    }
    if bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
        end = digits_from(end + 1);
    }
    end
}

/// `twenty-five` as one range, when `word` is followed by `-` and another word.
fn hyphen_compound(text: &str, word: &Range<usize>) -> Option<Range<usize>> {
    let rest = text.get(word.end..)?.strip_prefix('-')?;
    let next = crate::words::words(rest).next().filter(|r| r.start == 0)?;
    Some(word.start..word.end + 1 + next.end)
}

/// A scale word right after a number end: glued (`3.6bn`), after one hyphen, or after a run
/// of whitespace holding at most one line break (one space, or a hard-wrapped line).
fn scale_after(text: &str, end: usize) -> Option<(Range<usize>, i32)> {
    let rest = text.get(end..)?;
    let skip = if rest.starts_with('-') {
        1
    } else {
        inline_space_len(rest)
    };
    let word_start = end + skip;
    let tail = text.get(word_start..)?;
    let len = tail
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(tail.len());
    let word = &tail[..len];
    let exponent = scale_exponent(word)?;
    let after = text[word_start + len..].chars().next();
    let last = word.chars().next_back()?;
    if after.is_some_and(|a| chars_join(last, a)) {
        return None;
    }
    Some((word_start..word_start + len, exponent))
}

/// The length of the whitespace run at the start of `text` when it stays inside a paragraph:
/// one or more spaces or tabs with at most one line break (`" "`, `"\n"`, `" \n  "`); else 0.
pub fn inline_space_len(text: &str) -> usize {
    let len = text
        .find(|c: char| !c.is_whitespace())
        .unwrap_or(text.len());
    let run = &text[..len];
    let paragraph = run.matches('\n').nth(1).is_some() || run.contains('\u{2029}');
    if paragraph { 0 } else { len }
}

#[cfg(test)]
mod tests;
