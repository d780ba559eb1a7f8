//! Tokens for phrase grammars over one sentence: the [`crate::tokens`] of a range, regrouped
//! the way a noun-phrase grammar reads them, with earlier annotations (actors) laid over them.
//!
//! # Contract
//!
//! [`phrase_tokens`] tokenizes `text[range]` with [`crate::tokens::tokenize`] and then regroups
//! tokens that touch (no whitespace between them):
//!
//! - a **possessive ending** is a token of its own, of kind [`PhraseKind::Possessive`]: `’s` /
//!   `'s` after a word (`Russia’s` is `Russia` + `’s`), and a bare apostrophe after a word
//!   ending in `s` when no word follows it (`firms'`);
//! - any other apostrophe between two words joins them (`don't`, `O'Brien`), and so does `&`
//!   (`AT&T`);
//! - a dotted abbreviation keeps its final period (`U.S.`, `U.K.`, `e.g.`), and a hyphenated
//!   word after it stays in the same token (`U.S.-led`).
//!
//! Every other token is kept as [`crate::tokens`] made it. Each token carries its text with
//! whitespace runs folded to one space, and that text in lower case with `’` written `'`.
//!
//! [`merge_tags`] lays tagged ranges (actor annotations, say) over the tokens: the tokens a
//! range covers are merged into one word token that carries the tag (`North Korea`), and a
//! token that merely contains a range (`U.S.-led` around `U.S.`) carries its tag too, unless it
//! already has one.
//!
//! Both are linear in the sentence (plus the tags) and never panic on a range that lies on
//! character boundaries of `text`; every token range lies on character boundaries.

use std::ops::Range;

use crate::mentions::Mentions;
use crate::tokens::{Token, tokenize};

/// What a phrase token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhraseKind {
    /// Letters, digits and inner joiners.
    Word,
    /// One punctuation or symbol character.
    Punct,
    /// A possessive ending: `’s`, `'s`, or the apostrophe after a plural.
    Possessive,
}

/// One token of a sentence, with the tag laid over it, if any.
#[derive(Clone, Debug, PartialEq)]
pub struct PhraseToken<T> {
    /// Byte range in the text.
    pub range: Range<usize>,
    /// The token as written, whitespace runs folded to one space.
    pub text: String,
    /// `text` in lower case, with `’` as `'`.
    pub lower: String,
    /// Word, punctuation or possessive ending.
    pub kind: PhraseKind,
    /// The tag of the range laid over this token ([`merge_tags`]).
    pub tag: Option<T>,
}

impl<T> PhraseToken<T> {
    fn new(text: &str, range: Range<usize>, kind: PhraseKind) -> Self {
        let raw = &text[range.clone()];
        let written = if raw.contains(char::is_whitespace) {
            raw.split_whitespace().collect::<Vec<_>>().join(" ")
        } else {
            raw.to_owned()
        };
        let lower = written.to_lowercase().replace('’', "'");
        PhraseToken {
            range,
            text: written,
            lower,
            kind,
            tag: None,
        }
    }

    /// Whether this is a word (not punctuation, not a possessive ending).
    pub fn is_word(&self) -> bool {
        self.kind == PhraseKind::Word
    }

    /// Whether this is a possessive ending.
    pub fn is_possessive(&self) -> bool {
        self.kind == PhraseKind::Possessive
    }

    /// Whether this is the punctuation character `c`.
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == PhraseKind::Punct && self.text.chars().eq(std::iter::once(c))
    }

    /// Whether this is a word that starts with an upper-case letter.
    pub fn is_capitalized(&self) -> bool {
        self.is_word() && self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// Whether this is a word that starts with a digit (`2024`, `3.6`, `14th`).
    pub fn is_digits(&self) -> bool {
        self.is_word() && self.text.chars().next().is_some_and(|c| c.is_ascii_digit())
    }
}

fn is_apostrophe(s: &str) -> bool {
    s == "'" || s == "’"
}

/// Single letters joined by periods, at least one period: `U.S`, `e.g`.
fn is_dotted_letters(word: &str) -> bool {
    word.contains('.')
        && word
            .split('.')
            .all(|part| part.chars().count() == 1 && part.chars().all(char::is_alphabetic))
}

fn is_single_letter(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_alphabetic) && chars.next().is_none()
}

/// The tokens of `text[range]` regrouped for phrase grammars (see the module doc).
///
/// ```
/// use marginalia_text::phrase_tokens::phrase_tokens;
/// let text = "Russia’s U.S.-led sanctions, the firms' don't.";
/// let found: Vec<String> = phrase_tokens::<()>(text, 0..text.len())
///     .into_iter()
///     .map(|t| t.text)
///     .collect();
/// assert_eq!(
///     found,
///     ["Russia", "’s", "U.S.-led", "sanctions", ",", "the", "firms", "'", "don't", "."]
/// );
/// ```
pub fn phrase_tokens<T>(text: &str, range: Range<usize>) -> Vec<PhraseToken<T>> {
    let base = range.start;
    let slice = &text[range];
    let raw: Vec<Token> = tokenize(slice)
        .into_iter()
        .map(|t| Token {
            range: t.range.start + base..t.range.end + base,
            kind: t.kind,
        })
        .collect();
    let s = |k: usize| &text[raw[k].range.clone()];
    let touches = |a: usize, b: usize| b < raw.len() && raw[a].range.end == raw[b].range.start;
    let word = |k: usize| k < raw.len() && raw[k].is_word();
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if !raw[i].is_word() {
            out.push(PhraseToken::new(
                text,
                raw[i].range.clone(),
                PhraseKind::Punct,
            ));
            i += 1;
            continue;
        }
        let start = raw[i].range.start;
        let mut j = i + 1; // one past the last raw token of this word
        loop {
            let last = j - 1;
            if !touches(last, j) || raw[j].is_word() {
                break;
            }
            let joiner = s(j);
            let next_word = touches(j, j + 1) && word(j + 1);
            if is_apostrophe(joiner) {
                let possessive = next_word && matches!(s(j + 1), "s" | "S");
                if next_word && !possessive {
                    j += 2;
                    continue;
                }
                break;
            }
            if joiner == "&" && next_word {
                j += 2;
                continue;
            }
            // `e.g`, `U.S` + `.` + `A`: more single letters of an abbreviation.
            let so_far = &text[start..raw[last].range.end];
            let letters = is_dotted_letters(so_far) || is_single_letter(so_far);
            if joiner == "." && letters && next_word && is_single_letter(s(j + 1)) {
                j += 2;
                continue;
            }
            break;
        }
        // A dotted abbreviation keeps its final period, and a hyphenated word after it.
        let so_far = &text[start..raw[j - 1].range.end];
        if is_dotted_letters(so_far) && touches(j - 1, j) && s(j) == "." {
            j += 1;
            if touches(j - 1, j)
                && j + 1 < raw.len()
                && s(j) == "-"
                && touches(j, j + 1)
                && raw[j + 1].is_word()
            {
                j += 2;
            }
        }
        out.push(PhraseToken::new(
            text,
            start..raw[j - 1].range.end,
            PhraseKind::Word,
        ));
        // A possessive ending right after the word.
        if touches(j - 1, j) && is_apostrophe(s(j)) {
            let next_word = touches(j, j + 1) && word(j + 1);
            if next_word && matches!(s(j + 1), "s" | "S") {
                let range = raw[j].range.start..raw[j + 1].range.end;
                out.push(PhraseToken::new(text, range, PhraseKind::Possessive));
                j += 2;
            } else if !next_word && so_far_ends_with_s(text, start, raw[j - 1].range.end) {
                out.push(PhraseToken::new(
                    text,
                    raw[j].range.clone(),
                    PhraseKind::Possessive,
                ));
                j += 1;
            }
        }
        i = j;
    }
    out
}

fn so_far_ends_with_s(text: &str, start: usize, end: usize) -> bool {
    text[start..end].ends_with(['s', 'S'])
}

/// Lays tagged ranges over `tokens` (see the module doc): the tags of `tags` whose ranges lie
/// inside the tokens' span, in order of start.
///
/// ```
/// use marginalia_text::mentions::Mentions;
/// use marginalia_text::phrase_tokens::{merge_tags, phrase_tokens};
/// let text = "the U.S.-led sanctions on North Korea";
/// let mut tokens = phrase_tokens(text, 0..text.len());
/// merge_tags(text, &mut tokens, &Mentions::new([(4..8, "USA"), (26..37, "PRK")]));
/// let tagged: Vec<(&str, Option<&str>)> =
///     tokens.iter().map(|t| (t.text.as_str(), t.tag)).collect();
/// assert_eq!(
///     tagged,
///     [
///         ("the", None),
///         ("U.S.-led", Some("USA")),
///         ("sanctions", None),
///         ("on", None),
///         ("North Korea", Some("PRK")),
///     ]
/// );
/// ```
pub fn merge_tags<T: Clone>(text: &str, tokens: &mut Vec<PhraseToken<T>>, tags: &Mentions<T>) {
    let (Some(first), Some(last)) = (tokens.first(), tokens.last()) else {
        return;
    };
    let window = first.range.start..last.range.end;
    for tag in tags.inside(window) {
        let from = tokens.partition_point(|t| t.range.end <= tag.range.start);
        let to = tokens.partition_point(|t| t.range.start < tag.range.end);
        if from >= to {
            continue;
        }
        if to - from == 1 {
            tokens[from].tag.get_or_insert_with(|| tag.value.clone());
            continue;
        }
        let start = tokens[from].range.start.min(tag.range.start);
        let end = tokens[to - 1].range.end.max(tag.range.end);
        let mut merged = PhraseToken::new(text, start..end, PhraseKind::Word);
        merged.tag = Some(tag.value.clone());
        tokens.splice(from..to, [merged]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        phrase_tokens::<()>(text, 0..text.len())
            .into_iter()
            .map(|t| t.text)
            .collect()
    }

    fn kinds(text: &str) -> Vec<PhraseKind> {
        phrase_tokens::<()>(text, 0..text.len())
            .into_iter()
            .map(|t| t.kind)
            .collect()
    }

    #[test]
    fn possessives_are_their_own_tokens() {
        assert_eq!(texts("Korea’s arms"), ["Korea", "’s", "arms"]);
        assert_eq!(texts("the EU's embargo"), ["the", "EU", "'s", "embargo"]);
        assert_eq!(texts("the firms' assets"), ["the", "firms", "'", "assets"]);
        use PhraseKind::*;
        assert_eq!(
            kinds("Iran’s firms' x"),
            [Word, Possessive, Word, Possessive, Word]
        );
        // A quote after a word that does not end in s is punctuation.
        assert_eq!(kinds("said 'no'"), [Word, Punct, Word, Punct]);
    }

    #[test]
    fn inner_apostrophes_and_ampersands_join() {
        assert_eq!(
            texts("don't O’Brien AT&T R & D"),
            ["don't", "O’Brien", "AT&T", "R", "&", "D"]
        );
        let tokens = phrase_tokens::<()>("Don’t", 0..7);
        assert_eq!(tokens[0].lower, "don't");
    }

    #[test]
    fn dotted_abbreviations_keep_their_period() {
        assert_eq!(texts("the U.S. sanctions"), ["the", "U.S.", "sanctions"]);
        assert_eq!(texts("U.S.-led, e.g. x"), ["U.S.-led", ",", "e.g.", "x"]);
        assert_eq!(texts("in 3.6 pct."), ["in", "3.6", "pct", "."]);
        assert_eq!(texts("Plan B."), ["Plan", "B", "."]);
        assert_eq!(texts("the U.N.’s"), ["the", "U.N.", "’s"]);
    }

    #[test]
    fn ranges_offsets_and_folding() {
        let text = "xx North\n  Korea’s";
        let tokens = phrase_tokens::<()>(text, 3..text.len());
        assert_eq!(tokens[0].range, 3..8);
        assert_eq!(&text[tokens[1].range.clone()], "Korea");
        assert!(phrase_tokens::<()>("", 0..0).is_empty());
        assert_eq!(texts("北京’s 🙂"), ["北", "京", "’s", "🙂"]);
    }

    #[test]
    fn tags_merge_over_the_tokens_they_cover() {
        let text = "North\nKorea’s and US-drafted texts";
        let mut tokens = phrase_tokens(text, 0..text.len());
        merge_tags(
            text,
            &mut tokens,
            &Mentions::new([(0..11, "PRK"), (20..22, "USA"), (100..110, "XXX")]),
        );
        let tagged: Vec<(&str, Option<&str>)> =
            tokens.iter().map(|t| (t.text.as_str(), t.tag)).collect();
        assert_eq!(
            tagged,
            [
                ("North Korea", Some("PRK")),
                ("’s", None),
                ("and", None),
                ("US-drafted", Some("USA")),
                ("texts", None)
            ]
        );
        assert_eq!(tokens[0].range, 0..11);
        let mut none: Vec<PhraseToken<&str>> = Vec::new();
        merge_tags(text, &mut none, &Mentions::new([(0..5, "X")]));
        assert!(none.is_empty());
    }
}
