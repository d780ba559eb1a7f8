//! Sentence tokens: words, possessive markers and punctuation, with the actors on them.
//!
//! A *word* is a run of letters and digits, joined through inner hyphens, periods,
//! apostrophes and ampersands (`U.S.-led`, `nuclear-related`, `S-400s`, `don't`). A possessive
//! ending (`'s`, `’s`, and the bare apostrophe after a plural `s`) is a token of its own,
//! [`Tok::is_possessive`], so that `Russia’s` is `Russia` + `’s`. Every other non-space
//! character is a punctuation token of one character.
//!
//! Actor annotations (from the `actors` plugin) are laid over the tokens: the tokens an
//! actor covers are merged into one token carrying the actor (`North Korea`, `European
//! Union`), and a word that merely contains an actor (`U.S.-led`, `US-drafted`) carries it too.

use std::ops::Range;

use marginalia_core::Annotation;

/// An actor on a token: its id and kind, as the `actors` plugin gave them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActorRef {
    /// `RUS`, `EU`, ...
    pub id: String,
    /// `country`, `capital`, `government`, `leader`, `organization` or `demonym`.
    pub kind: String,
}

/// One token of a sentence.
#[derive(Clone, Debug)]
pub struct Tok {
    /// Byte range in the document.
    pub range: Range<usize>,
    /// The token as written, with whitespace runs (a hard-wrapped actor) folded to a space.
    pub text: String,
    /// `text` in lower case, with `’` as `'`.
    pub lower: String,
    /// Whether it is a word (not punctuation or a possessive marker).
    pub word: bool,
    /// The actor on it, if any.
    pub actor: Option<ActorRef>,
    /// Whether it is a possessive ending.
    pub possessive: bool,
}

impl Tok {
    /// Whether this is a possessive ending (`'s`, `’s`, or a lone apostrophe after a plural).
    pub fn is_possessive(&self) -> bool {
        self.possessive
    }

    /// Whether this is the punctuation character `c`.
    pub fn is_punct(&self, c: char) -> bool {
        !self.word && self.text.chars().eq(std::iter::once(c))
    }

    /// Whether the token starts with an upper-case letter.
    pub fn is_capitalized(&self) -> bool {
        self.word && self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// Whether the token is a number written in digits (`2024`, `140`, `3.6`).
    pub fn is_digits(&self) -> bool {
        self.word && self.text.chars().next().is_some_and(|c| c.is_ascii_digit())
    }
}

fn is_word_char(c: char) -> bool {
    marginalia_text::words::is_word_char(c)
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Tokenizes `text[range]` (a sentence) and lays the actors over it.
pub fn tokenize(text: &str, range: Range<usize>, actors: &[&Annotation]) -> Vec<Tok> {
    let mut toks = raw_tokens(text, range.clone());
    let inside: Vec<&Annotation> = actors
        .iter()
        .copied()
        .filter(|a| a.start >= range.start && a.end <= range.end)
        .collect();
    attach_actors(text, &mut toks, &inside);
    toks
}

/// The tokens of `text[range]` without actors.
fn raw_tokens(text: &str, range: Range<usize>) -> Vec<Tok> {
    let slice = &text[range.clone()];
    let base = range.start;
    let chars: Vec<(usize, char)> = slice.char_indices().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if is_word_char(c) {
            let mut j = i + 1;
            while j < chars.len() {
                let d = chars[j].1;
                if is_word_char(d) {
                    j += 1;
                    continue;
                }
                let next = chars.get(j + 1).map(|&(_, n)| n);
                let joins = next.is_some_and(is_word_char);
                if is_apostrophe(d) {
                    // `'s` at the end of a word is a possessive ending; other inner
                    // apostrophes (`don't`, `O'Brien`) stay in the word.
                    let after = chars.get(j + 2).map(|&(_, n)| n);
                    let possessive =
                        matches!(next, Some('s' | 'S')) && !after.is_some_and(is_word_char);
                    if joins && !possessive {
                        j += 1;
                        continue;
                    }
                    break;
                }
                if matches!(d, '-' | '.' | '&' | '/') && joins {
                    j += 1;
                    continue;
                }
                // `U.S.-led`: a dotted abbreviation joined by a hyphen.
                let after = chars.get(j + 2).map(|&(_, n)| n);
                if d == '.' && next == Some('-') && after.is_some_and(is_word_char) {
                    let word: String = chars[i..j].iter().map(|&(_, c)| c).collect();
                    if is_dotted_abbreviation(&word) {
                        j += 1;
                        continue;
                    }
                }
                break;
            }
            // A dotted abbreviation keeps its final period: `U.S.`, `U.K.`.
            let word: String = chars[i..j].iter().map(|&(_, c)| c).collect();
            if chars.get(j).is_some_and(|&(_, d)| d == '.') && is_dotted_abbreviation(&word) {
                j += 1;
            }
            let end = chars.get(j).map_or(slice.len(), |&(e, _)| e);
            toks.push(make_tok(text, base + at..base + end, true));
            i = j;
            continue;
        }
        if is_apostrophe(c) {
            let next = chars.get(i + 1).map(|&(_, n)| n);
            let after = chars.get(i + 2).map(|&(_, n)| n);
            let prev_is_word = i > 0 && is_word_char(chars[i - 1].1);
            if prev_is_word && matches!(next, Some('s' | 'S')) && !after.is_some_and(is_word_char) {
                let end = chars.get(i + 2).map_or(slice.len(), |&(e, _)| e);
                let mut tok = make_tok(text, base + at..base + end, false);
                tok.possessive = true;
                toks.push(tok);
                i += 2;
                continue;
            }
            // `firms' ` : the apostrophe of a plural possessive.
            let plural = i > 0 && matches!(chars[i - 1].1, 's' | 'S');
            if plural && !next.is_some_and(is_word_char) {
                let end = chars.get(i + 1).map_or(slice.len(), |&(e, _)| e);
                let mut tok = make_tok(text, base + at..base + end, false);
                tok.possessive = true;
                toks.push(tok);
                i += 1;
                continue;
            }
        }
        let end = chars.get(i + 1).map_or(slice.len(), |&(e, _)| e);
        toks.push(make_tok(text, base + at..base + end, false));
        i += 1;
    }
    toks
}

/// `U.S`, `U.K`, `E.U` (single letters joined by periods).
fn is_dotted_abbreviation(word: &str) -> bool {
    word.contains('.')
        && word
            .split('.')
            .all(|part| part.chars().count() == 1 && part.chars().all(char::is_alphabetic))
}

fn make_tok(text: &str, range: Range<usize>, word: bool) -> Tok {
    let raw = &text[range.clone()];
    let written: String = if raw.contains(char::is_whitespace) {
        raw.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        raw.to_owned()
    };
    let lower = written.to_lowercase().replace('’', "'");
    Tok {
        range,
        text: written,
        lower,
        word,
        actor: None,
        possessive: false,
    }
}

/// Merges the tokens each actor covers into one token that carries it; a token that contains
/// an actor (`U.S.-led`) carries it as it is.
fn attach_actors(text: &str, toks: &mut Vec<Tok>, actors: &[&Annotation]) {
    for actor in actors {
        let covered: Vec<usize> = (0..toks.len())
            .filter(|&i| toks[i].range.start < actor.end && actor.start < toks[i].range.end)
            .collect();
        let (Some(&first), Some(&last)) = (covered.first(), covered.last()) else {
            continue;
        };
        let actor_ref = ActorRef {
            id: actor.attrs.get_str("id").unwrap_or_default().to_owned(),
            kind: actor.attrs.get_str("kind").unwrap_or_default().to_owned(),
        };
        if actor_ref.id.is_empty() {
            continue;
        }
        if first == last {
            toks[first].actor.get_or_insert(actor_ref);
            continue;
        }
        let start = toks[first].range.start.min(actor.start);
        let end = toks[last].range.end.max(actor.end);
        let mut merged = make_tok(text, start..end, true);
        merged.actor = Some(actor_ref);
        toks.splice(first..=last, [merged]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        raw_tokens(text, 0..text.len())
            .into_iter()
            .map(|t| t.text)
            .collect()
    }

    #[test]
    fn words_possessives_and_punctuation() {
        assert_eq!(
            texts("Russia’s U.S.-led sanctions, the firms' S-400s don't."),
            [
                "Russia",
                "’s",
                "U.S.-led",
                "sanctions",
                ",",
                "the",
                "firms",
                "'",
                "S-400s",
                "don't",
                "."
            ]
        );
    }

    #[test]
    fn dotted_abbreviations_keep_their_period() {
        assert_eq!(texts("the U.S. sanctions"), ["the", "U.S.", "sanctions"]);
        assert_eq!(texts("in 3.6 pct."), ["in", "3.6", "pct", "."]);
    }
}
