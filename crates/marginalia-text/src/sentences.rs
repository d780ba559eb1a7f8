//! Sentence boundaries, as byte ranges.
//!
//! # Contract
//!
//! [`sentence_ranges`] splits a text into sentences: non-empty byte ranges, in order, not
//! overlapping, trimmed of surrounding whitespace, covering every non-whitespace character.
//!
//! - A paragraph break (a whitespace run with two or more `\n`, or U+2029) always ends a
//!   sentence, so headlines and datelines are sentences of their own. A single (hard-wrap)
//!   newline never does.
//! - `!`, `?`, `。`, `！`, `？` end a sentence. `.` ends one when followed by whitespace or
//!   the end of the text (after any closing quotes or brackets, which stay in the sentence),
//!   so `3.6`, `U.S.-led` and `example.com` do not. `…` and `...` end one only when the next
//!   word is capitalised.
//! - Some periods are not sentence ends:
//!   - after a title that precedes a name (`Mr.`, `Dr.`, `Gen.`, `Sen.`, `St.` ...): never;
//!   - after other abbreviations (`Jan.`, `Inc.`, `Corp.`, `No.`, `etc.` ...), a single
//!     letter (initials: `J. Smith`) or a dotted acronym (`U.S.`, `e.g.`, `a.m.`): only when
//!     the next word is a common sentence opener (`The`, `He`, `But`, `In` ...).
//!     So `the U.S. Treasury` stays one sentence and `in the U.S. The next` splits; a
//!     sentence ending in `U.S.` followed by a name (`U.S. Russia said`) is not split.
//!
//! Linear in the text's length; never panics.

use std::ops::Range;

/// Titles written before a name: a period after them never ends a sentence (lowercase).
const TITLES: &[&str] = &[
    "adm", "brig", "capt", "cmdr", "col", "cpl", "dr", "fr", "gen", "gov", "hon", "insp", "lt",
    "maj", "messrs", "mr", "mrs", "ms", "mt", "pres", "prof", "pvt", "rep", "rev", "sen", "sgt",
    "st", "supt",
];

/// Abbreviations that may end a sentence (lowercase, without the period).
const ABBREVIATIONS: &[&str] = &[
    "apr", "approx", "aug", "bros", "co", "corp", "dec", "dept", "est", "etc", "feb", "fig", "inc",
    "jan", "jr", "jul", "jun", "ltd", "mar", "no", "nos", "nov", "oct", "pp", "sep", "sept", "sr",
    "vol", "vs",
];

/// Capitalised words that commonly open a sentence: after an abbreviation, they mark a break.
const OPENERS: &[&str] = &[
    "A",
    "After",
    "Also",
    "Although",
    "An",
    "And",
    "As",
    "At",
    "Before",
    "Both",
    "But",
    "By",
    "Despite",
    "Each",
    "Earlier",
    "For",
    "From",
    "He",
    "Her",
    "His",
    "How",
    "However",
    "I",
    "If",
    "In",
    "It",
    "Its",
    "Last",
    "Later",
    "Many",
    "Meanwhile",
    "Most",
    "Now",
    "On",
    "One",
    "Our",
    "She",
    "Since",
    "So",
    "Some",
    "Such",
    "That",
    "The",
    "Their",
    "Then",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "Under",
    "We",
    "What",
    "When",
    "While",
    "Who",
    "Why",
    "With",
    "Yet",
    "You",
];

const CLOSERS: &[char] = &['"', '\'', '”', '’', ')', ']', '}', '»', '」', '』', '）'];
const OPENING_QUOTES: &[char] = &['"', '\'', '“', '‘', '(', '«'];

/// The sentences of `text` as byte ranges (see the module doc).
///
/// ```
/// use marginalia_text::sentences::sentence_ranges;
/// let text = "HEADLINE\n\nMr. Kim met U.S. officials in Jan. 2024. Trade rose\n3.6 pct. He left.";
/// let found: Vec<&str> = sentence_ranges(text).into_iter().map(|r| &text[r]).collect();
/// assert_eq!(found, ["HEADLINE", "Mr. Kim met U.S. officials in Jan. 2024.", "Trade rose\n3.6 pct.", "He left."]);
/// ```
pub fn sentence_ranges(text: &str) -> Vec<Range<usize>> {
    let mut sentences = Vec::new();
    let mut start: Option<usize> = None; // first non-whitespace byte of the open sentence
    let mut last_end = 0; // end of its last non-whitespace character
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            let mut newlines = usize::from(c == '\n');
            let mut paragraph = c == '\u{2029}';
            while let Some(&(_, w)) = chars.peek().filter(|(_, w)| w.is_whitespace()) {
                newlines += usize::from(w == '\n');
                paragraph |= w == '\u{2029}';
                chars.next();
            }
            if paragraph || newlines >= 2 {
                close(&mut sentences, &mut start, last_end);
            }
            continue;
        }
        start.get_or_insert(i);
        last_end = i + c.len_utf8();
        if !matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？') {
            continue;
        }
        // Take the rest of a terminator run ("?!", "...") and closing quotes or brackets.
        let mut terminators = String::from(c);
        while let Some(&(j, t)) = chars
            .peek()
            .filter(|(_, t)| matches!(t, '.' | '!' | '?' | '…'))
        {
            terminators.push(t);
            last_end = j + t.len_utf8();
            chars.next();
        }
        while let Some(&(j, q)) = chars.peek().filter(|(_, q)| CLOSERS.contains(q)) {
            last_end = j + q.len_utf8();
            chars.next();
        }
        let at_space = chars.peek().is_none_or(|(_, n)| n.is_whitespace());
        let cjk = matches!(c, '。' | '！' | '？');
        if (at_space || cjk) && ends_sentence(text, i, &terminators, last_end) {
            close(&mut sentences, &mut start, last_end);
        }
    }
    close(&mut sentences, &mut start, last_end);
    sentences
}

/// Pushes the open sentence, if any.
fn close(sentences: &mut Vec<Range<usize>>, start: &mut Option<usize>, end: usize) {
    if let Some(s) = start.take() {
        sentences.push(s..end);
    }
}

/// Whether the terminator run `terminators` starting at byte `at` (ending, with closers, at
/// `after`) ends a sentence.
fn ends_sentence(text: &str, at: usize, terminators: &str, after: usize) -> bool {
    let next = next_word(&text[after..]);
    match terminators {
        "." => {}
        "!" | "?" | "。" | "！" | "？" => return true,
        run if run.starts_with("..") || run.starts_with('…') => {
            return next.is_none_or(|w| w.starts_with(char::is_uppercase));
        }
        _ => return true,
    }
    let before = token_before(&text[..at]);
    let lower = before.to_lowercase();
    if TITLES.contains(&lower.as_str()) {
        return false;
    }
    let initial = before.chars().count() == 1 && before.starts_with(char::is_alphabetic);
    let acronym = before.contains('.') && before.chars().all(|c| c.is_alphabetic() || c == '.');
    if initial || acronym || ABBREVIATIONS.contains(&lower.as_str()) {
        return next.is_none_or(|w| OPENERS.contains(&w));
    }
    true
}

/// The letters, digits and inner periods just before a period (`U.S` for `U.S.`, `Mr` for `Mr.`).
fn token_before(head: &str) -> &str {
    let start = head
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || c == '.')
        .last()
        .map_or(head.len(), |(i, _)| i);
    &head[start..]
}

/// The next word after whitespace and opening quotes, up to the next non-alphanumeric char.
fn next_word(tail: &str) -> Option<&str> {
    let rest = tail.trim_start_matches(|c: char| c.is_whitespace() || OPENING_QUOTES.contains(&c));
    let end = rest
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

/// The sentences of a text, with lookups by offset.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sentences {
    ranges: Vec<Range<usize>>,
}

impl Sentences {
    /// Splits `text` (see [`sentence_ranges`]).
    pub fn new(text: &str) -> Self {
        Sentences {
            ranges: sentence_ranges(text),
        }
    }

    /// The sentence ranges, in order.
    pub fn ranges(&self) -> &[Range<usize>] {
        &self.ranges
    }

    /// The index of the sentence containing byte `offset`; `None` between sentences.
    pub fn index_at(&self, offset: usize) -> Option<usize> {
        let i = self.ranges.partition_point(|r| r.end <= offset);
        self.ranges.get(i).filter(|r| r.start <= offset).map(|_| i)
    }

    /// The sentence containing byte `offset`.
    pub fn containing(&self, offset: usize) -> Option<Range<usize>> {
        self.index_at(offset).map(|i| self.ranges[i].clone())
    }

    /// Whether both ranges start in the same sentence.
    pub fn same_sentence(&self, a: &Range<usize>, b: &Range<usize>) -> bool {
        matches!((self.index_at(a.start), self.index_at(b.start)), (Some(x), Some(y)) if x == y)
    }
}

#[cfg(test)]
mod tests;
