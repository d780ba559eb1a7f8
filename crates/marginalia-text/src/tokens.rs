//! Word and punctuation tokens for local grammars ("the word after the trigger", "an item
//! phrase ends at the first preposition"), with byte ranges into the original text.
//!
//! # Contract
//!
//! [`tokenize`] splits a text into tokens, in order, never overlapping, skipping whitespace
//! (so hard-wrapped lines need no special care):
//!
//! - A **word** token is a run of word characters ([`crate::words::is_word_char`]) and of the
//!   joiners inside names, models and numbers: a hyphen or slash between word characters
//!   (`S-400s`, `Soviet-designed`, `F/A-18`), a period or comma between digits (`3.6`,
//!   `6,700`), a period between letters (`U.S`), and currency and percent signs attached to a
//!   number (`US$12.3bn`, `80%`). Characters of scripts written without spaces (Han, kana,
//!   Thai ...) are one token each, as in [`crate::words`].
//! - Apostrophes are **not** joiners: `Russia’s` is `Russia`, `’`, `s`, so a possessive can
//!   be recognised after a name.
//! - Every other non-whitespace character is a **punctuation** token of its own.
//!
//! Linear in the text's length; never panics; every range lies on character boundaries.

use std::ops::Range;

use crate::words::{is_spaceless_script, is_word_char};

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters, digits and inner joiners.
    Word,
    /// One punctuation or symbol character.
    Punct,
}

/// One token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Byte range in the text.
    pub range: Range<usize>,
    /// Word or punctuation.
    pub kind: TokenKind,
}

impl Token {
    /// Whether this is a word token.
    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }
}

fn is_sign(c: char) -> bool {
    matches!(c, '$' | '€' | '£' | '¥' | '₹' | '₩' | '%')
}

/// Whether `c` between `before` and `after` joins them into one word token.
fn joins(before: char, c: char, after: char) -> bool {
    match c {
        '-' | '\u{2010}' | '\u{2011}' | '/' => is_word_char(before) && is_word_char(after),
        '.' => {
            (before.is_ascii_digit() && after.is_ascii_digit())
                || (before.is_alphabetic() && after.is_alphabetic() && after.is_uppercase())
        }
        ',' => before.is_ascii_digit() && after.is_ascii_digit(),
        _ => false,
    }
}

/// The tokens of `text` (see the module doc).
///
/// ```
/// use marginalia_text::tokens::tokenize;
/// let text = "Seoul’s US$12.3bn deal: 6,700 S-400s.";
/// let found: Vec<&str> = tokenize(text).iter().map(|t| &text[t.range.clone()]).collect();
/// assert_eq!(found, ["Seoul", "’", "s", "US$12.3bn", "deal", ":", "6,700", "S-400s", "."]);
/// ```
pub fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let in_word = |c: char| is_word_char(c) || is_sign(c);
    while i < chars.len() {
        let (start, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if !in_word(c) || is_spaceless_script(c) {
            tokens.push(Token {
                range: start..start + c.len_utf8(),
                kind: if is_word_char(c) {
                    TokenKind::Word
                } else {
                    TokenKind::Punct
                },
            });
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() {
            let c = chars[j].1;
            if is_spaceless_script(c) {
                break;
            }
            if in_word(c) {
                j += 1;
                continue;
            }
            let joined = j + 1 < chars.len()
                && !is_spaceless_script(chars[j + 1].1)
                && joins(chars[j - 1].1, c, chars[j + 1].1);
            if joined {
                j += 2;
            } else {
                break;
            }
        }
        let end = chars.get(j).map_or(text.len(), |&(k, _)| k);
        tokens.push(Token {
            range: start..end,
            kind: TokenKind::Word,
        });
        i = j;
    }
    tokens
}

/// The index of the token that contains byte `offset`, or of the first token after it when
/// `offset` is in whitespace; `tokens.len()` past the end.
pub fn token_at(tokens: &[Token], offset: usize) -> usize {
    tokens.partition_point(|t| t.range.end <= offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        tokenize(text)
            .iter()
            .map(|t| &text[t.range.clone()])
            .collect()
    }

    #[test]
    fn joiners_inside_words() {
        assert_eq!(
            texts("the U.S.-led F/A-18 deal, 3.6 bn; Soviet-designed T-72s"),
            [
                "the",
                "U.S",
                ".",
                "-",
                "led",
                "F/A-18",
                "deal",
                ",",
                "3.6",
                "bn",
                ";",
                "Soviet-designed",
                "T-72s"
            ]
        );
    }

    #[test]
    fn apostrophes_and_quotes_are_punctuation() {
        assert_eq!(
            texts("Korea’s “a small number” of"),
            ["Korea", "’", "s", "“", "a", "small", "number", "”", "of"]
        );
    }

    #[test]
    fn wrapped_lines_and_unicode() {
        assert_eq!(
            texts("Tô Lâm\n   sold  北京x"),
            ["Tô", "Lâm", "sold", "北", "京", "x"]
        );
        assert_eq!(texts(" - -x- "), ["-", "-", "x", "-"]);
        assert!(tokenize("").is_empty());
        assert_eq!(texts("🙂€5"), ["🙂", "€5"]);
    }

    #[test]
    fn token_lookup() {
        let text = "sent  drones";
        let tokens = tokenize(text);
        assert_eq!(token_at(&tokens, 0), 0);
        assert_eq!(token_at(&tokens, 5), 1);
        assert_eq!(token_at(&tokens, 100), 2);
    }
}
