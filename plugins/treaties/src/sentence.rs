//! One sentence as the rules see it: tokens, the actors in it, where a dateline ends, and
//! where its clauses begin and end.

use std::ops::Range;

use marginalia_text::mentions::Mentions;
use marginalia_text::tokens::{TokenKind, tokenize};

use crate::vocab::{List, Vocab};

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokKind {
    /// Letters, digits and inner joiners (`Nuclear-Test-Ban`, `U.S`, `1,200`).
    Word,
    /// A possessive ending: `’s`, `'s`, or the bare apostrophe of `members’`.
    Possessive,
    /// Any other character.
    Punct,
}

/// A token with its text.
#[derive(Clone, Debug)]
pub(crate) struct Tok<'d> {
    /// Byte range in the document.
    pub range: Range<usize>,
    /// The text as written.
    pub text: &'d str,
    /// The text in lower case.
    pub lower: String,
    /// What it is.
    pub kind: TokKind,
}

impl Tok<'_> {
    /// Whether it is a word.
    pub fn is_word(&self) -> bool {
        self.kind == TokKind::Word
    }

    /// Whether it is the punctuation character `c`.
    pub fn is_punct(&self, c: &str) -> bool {
        self.kind == TokKind::Punct && self.text == c
    }

    /// Whether it is a word starting with an upper-case letter.
    pub fn is_capitalized(&self) -> bool {
        self.is_word() && self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// Whether it is a word of two or more letters, all upper case (`NPT`, `MOSCOW`).
    pub fn is_all_caps(&self) -> bool {
        self.is_word()
            && self.text.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !self.text.chars().any(char::is_lowercase)
    }

    /// Whether it is a word written in lower case.
    pub fn is_lowercase(&self) -> bool {
        self.is_word() && self.text.chars().next().is_some_and(char::is_lowercase)
    }

    /// The year it writes: four digits from 1900 to 2099.
    pub fn year(&self) -> Option<i64> {
        let bytes = self.text.as_bytes();
        if bytes.len() != 4 || !bytes.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let year: i64 = self.text.parse().ok()?;
        (1900..=2099).contains(&year).then_some(year)
    }

    /// The count it writes, when it is a numeral (not a year) or a number word.
    pub fn count(&self) -> Option<i64> {
        if !self.is_word() || self.year().is_some() {
            return None;
        }
        if self.text.bytes().all(|b| b.is_ascii_digit() || b == b',') {
            let digits: String = self.text.chars().filter(char::is_ascii_digit).collect();
            return digits.parse().ok();
        }
        let n = marginalia_text::numbers::parse_number_word(&self.lower)?;
        i64::try_from(n)
            .ok()
            .filter(|&n| n > 1 || self.lower == "one")
    }
}

/// An actor annotation of an earlier plugin, located on the tokens.
#[derive(Clone, Debug)]
pub(crate) struct ActorRef {
    /// Its first token.
    pub first: usize,
    /// Its last token (inclusive).
    pub last: usize,
    /// The actor id: `RUS`, `UN`, ...
    pub id: String,
    /// The actor kind: `country`, `capital`, `leader`, ...
    pub kind: String,
}

/// How strongly a clause boundary separates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Boundary {
    /// A new clause: `; `, `, and`, `, which`, `since`, `, ending ...`.
    Strong,
    /// A complement clause after `that` (`announced in 2003 that it was leaving`): its own
    /// subject, but the same time frame.
    That,
}

/// A sentence: its tokens, the actors in it and its clause boundaries.
#[derive(Debug)]
pub(crate) struct Sentence<'d> {
    /// The document's text.
    pub text: &'d str,
    /// The plugin's word lists.
    pub v: &'d Vocab,
    /// The tokens, in order.
    pub toks: Vec<Tok<'d>>,
    /// The first token after a dateline (`HANOI —`); 0 when there is none.
    pub body: usize,
    /// The actors after the dateline, in order.
    pub actors: Vec<ActorRef>,
    /// Whether it is written in title case or capitals (a headline), so capitals say nothing.
    pub title_case: bool,
    /// `boundaries[i]`: the clause boundary before token `i`, if any.
    boundaries: Vec<Option<Boundary>>,
}

/// The tokens of `text[range]`, possessive endings merged into one token.
fn tokens(text: &str, range: Range<usize>) -> Vec<Tok<'_>> {
    let raw = tokenize(&text[range.clone()]);
    let mut toks: Vec<Tok<'_>> = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let r = raw[i].range.start + range.start..raw[i].range.end + range.start;
        let t = &text[r.clone()];
        let apostrophe = matches!(t, "'" | "’");
        let after_word = toks
            .last()
            .is_some_and(|p| p.is_word() && p.range.end == r.start);
        if apostrophe && after_word {
            let next = raw.get(i + 1).map(|n| {
                let nr = n.range.start + range.start..n.range.end + range.start;
                (nr.clone(), &text[nr])
            });
            match next {
                Some((nr, "s" | "S")) if nr.start == r.end => {
                    toks.push(possessive(text, r.start..nr.end));
                    i += 2;
                    continue;
                }
                Some((nr, _)) if nr.start == r.end => {} // don't, d'Ivoire
                _ if toks.last().is_some_and(|p| p.lower.ends_with('s')) => {
                    toks.push(possessive(text, r));
                    i += 1;
                    continue;
                }
                _ => {}
            }
        }
        let kind = match raw[i].kind {
            TokenKind::Word => TokKind::Word,
            TokenKind::Punct => TokKind::Punct,
        };
        toks.push(Tok {
            range: r,
            text: t,
            lower: t.to_lowercase(),
            kind,
        });
        i += 1;
    }
    toks
}

fn possessive(text: &str, range: Range<usize>) -> Tok<'_> {
    let t = &text[range.clone()];
    Tok {
        range,
        text: t,
        lower: t.to_lowercase(),
        kind: TokKind::Possessive,
    }
}

/// The first token after a dateline (`MOSCOW —`, `ANKARA/STOCKHOLM —`, `BEIJING, Jan 12 -`).
fn dateline_end(toks: &[Tok<'_>], v: &Vocab) -> usize {
    let dash = toks
        .iter()
        .take(10)
        .position(|t| t.kind == TokKind::Punct && matches!(t.text, "—" | "–" | "-"));
    let Some(dash) = dash else { return 0 };
    let place = toks[..dash].iter().all(|t| {
        t.is_all_caps()
            || v.is(List::Months, t.lower.trim_end_matches('.'))
            || t.text.bytes().all(|b| b.is_ascii_digit())
            || matches!(t.text, "," | "/" | "." | "(" | ")")
    });
    if dash > 0 && place && toks[0].is_all_caps() {
        dash + 1
    } else {
        0
    }
}

impl<'d> Sentence<'d> {
    /// The sentence `text[range]` with the actors of the document.
    pub fn new(
        text: &'d str,
        range: Range<usize>,
        actors: &Mentions<(String, String)>,
        v: &'d Vocab,
    ) -> Sentence<'d> {
        let toks = tokens(text, range.clone());
        let body = dateline_end(&toks, v);
        let body_start = toks.get(body).map_or(range.end, |t| t.range.start);
        let actors: Vec<ActorRef> = actors
            .inside(body_start..range.end)
            .filter_map(|m| {
                let first = toks.partition_point(|t| t.range.end <= m.range.start);
                let last = toks.partition_point(|t| t.range.end < m.range.end);
                (first <= last && last < toks.len()).then(|| ActorRef {
                    first,
                    last,
                    id: m.value.0.clone(),
                    kind: m.value.1.clone(),
                })
            })
            .collect();
        let mut sentence = Sentence {
            text,
            v,
            title_case: false,
            boundaries: Vec::new(),
            toks,
            body,
            actors,
        };
        sentence.title_case = sentence.is_title_case();
        sentence.boundaries = (0..sentence.toks.len())
            .map(|i| sentence.boundary_before(i))
            .collect();
        sentence
    }

    /// Whether the body is written in title case or capitals (a headline): at least three
    /// capitalised words of four letters or more, none in lower case other than function
    /// words, and no final period unless all in capitals. A sentence full of names still has
    /// its verbs in lower case.
    fn is_title_case(&self) -> bool {
        let long = |t: &&Tok<'_>| {
            t.text.chars().next().is_some_and(char::is_alphabetic) && t.text.chars().count() >= 4
        };
        let words: Vec<&Tok<'_>> = self.toks[self.body..].iter().filter(long).collect();
        let capitalized = words.iter().filter(|t| t.is_capitalized()).count();
        let lower = words
            .iter()
            .filter(|t| t.is_lowercase() && !self.v.is(List::StopWords, &t.lower))
            .count();
        let period = self.toks.last().is_some_and(|t| t.is_punct("."));
        let capitals = words.iter().all(|t| t.is_all_caps());
        capitalized >= 3 && lower == 0 && (!period || capitals)
    }

    /// The boundary before token `i`, by the rules in [`Boundary`].
    fn boundary_before(&self, i: usize) -> Option<Boundary> {
        if i <= self.body {
            return None;
        }
        let tok = &self.toks[i];
        let prev = &self.toks[i - 1];
        if tok.is_punct(";") || tok.is_punct(":") {
            return Some(Boundary::Strong);
        }
        if !tok.is_word() {
            return None;
        }
        let w = tok.lower.as_str();
        if prev.is_punct(",") {
            if self.v.is(List::ClauseOpeners, w) {
                return Some(Boundary::Strong);
            }
            let participle = tok.is_lowercase()
                && w.ends_with("ing")
                && w.len() > 4
                && !self.v.is(List::IngPrepositions, w);
            if participle {
                return Some(Boundary::Strong);
            }
        }
        if self.v.is(List::Subordinators, w) {
            return Some(Boundary::Strong);
        }
        if w == "that" && !self.that_is_determiner(i) {
            return Some(Boundary::That);
        }
        if prev.is_word() && self.v.is(List::ReportingVerbs, &prev.lower) {
            return Some(Boundary::Strong);
        }
        None
    }

    /// Whether `that` at `i` is a determiner (`That accord`) rather than a complementizer or
    /// relative pronoun: a head noun follows within three words, through modifiers only.
    fn that_is_determiner(&self, i: usize) -> bool {
        for j in i + 1..(i + 4).min(self.toks.len()) {
            let t = &self.toks[j];
            if !t.is_word() || self.actor_covering(j).is_some() {
                return false;
            }
            if self.v.head_kind(&t.lower).is_some() {
                return true;
            }
            let w = t.lower.as_str();
            if self.v.is(List::StopWords, w)
                || self.v.is(List::Determiners, w)
                || self.v.is(List::Verbs, w)
            {
                return false;
            }
        }
        false
    }

    /// The boundary before token `i`.
    pub fn boundary(&self, i: usize) -> Option<Boundary> {
        self.boundaries.get(i).copied().flatten()
    }

    /// The clause around token `i`: from the boundary at or before it to the next one.
    /// With `strong_only`, `that` boundaries do not count.
    pub fn clause(&self, i: usize, strong_only: bool) -> Range<usize> {
        let counts = |j: usize| match self.boundary(j) {
            Some(Boundary::Strong) => true,
            Some(Boundary::That) => !strong_only,
            None => false,
        };
        let start = (self.body + 1..=i)
            .rev()
            .find(|&j| counts(j))
            .unwrap_or(self.body);
        let end = (i + 1..self.toks.len())
            .find(|&j| counts(j))
            .unwrap_or(self.toks.len());
        start..end
    }

    /// The actor whose tokens include `i`.
    pub fn actor_covering(&self, i: usize) -> Option<&ActorRef> {
        self.actors.iter().find(|a| a.first <= i && i <= a.last)
    }

    /// The actors lying within tokens `range`, in order.
    pub fn actors_in(&self, range: Range<usize>) -> impl Iterator<Item = &ActorRef> {
        self.actors
            .iter()
            .filter(move |a| range.start <= a.first && a.last < range.end)
    }

    /// Whether the actor is only a place where something happens: a capital after `in` or
    /// `at` (`signed in Vienna`, `Officials in Seoul`).
    pub fn is_venue(&self, actor: &ActorRef) -> bool {
        actor.kind == "capital"
            && actor.first > 0
            && matches!(self.toks[actor.first - 1].lower.as_str(), "in" | "at")
    }

    /// The lower-cased word at `i`, or "" past the ends or for punctuation.
    pub fn word(&self, i: usize) -> &str {
        match self.toks.get(i) {
            Some(t) if t.is_word() => &t.lower,
            _ => "",
        }
    }

    /// The byte range of tokens `first..=last`.
    pub fn byte_range(&self, first: usize, last: usize) -> Range<usize> {
        self.toks[first].range.start..self.toks[last].range.end
    }
}
