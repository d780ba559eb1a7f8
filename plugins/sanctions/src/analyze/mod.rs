//! Finding sanction mentions in a sentence and reading their attributes.
//!
//! The steps, for each sentence (see the crate doc for the rules they implement):
//!
//! 1. tokenize it and lay the `actor` annotations over the tokens
//!    (`marginalia_text::phrase_tokens`);
//! 2. find the restriction terms, drop the ones that are not measures (a `sanctions
//!    committee`, a `transfer embargo`, *sanction* meaning approve, disciplinary sentences);
//! 3. grow each noun span leftwards over its pre-modifiers to its determiner, stopping at a
//!    possessor (which becomes the imposer);
//! 4. find the predicate that governs it (a verb before it, a verb + particle, a noun + `of`,
//!    a preposition, a coordinated measure before it, or a passive verb after it) and read
//!    `action` from it;
//! 5. read `imposer` and `target` from the subject of that predicate, the phrase after the
//!    head (`on`/`against` …), pre-modifiers, `under`, and finally from the other measures of
//!    the sentence that have the same action.
//!
//! The submodules do those steps: `find` (1–3), `governor` (4), `read` and `parties`
//! (5). Their word lists come from the [`Lexicon`] (`data/*.txt`). The code itself names only
//! closed grammatical words — articles and demonstratives where number agreement matters
//! (`this` / `these`), coordinators (`and`, `or`), relative pronouns, the prepositions that
//! open a particular phrase (`on`, `against`, `by`, `with`, `to`, `under`) — and the plugin's
//! own head words (`sanction`, `relief`): those are the grammar, not a lexicon.

mod find;
mod governor;
mod parties;
mod read;

use std::collections::HashMap;
use std::ops::Range;

use crate::lexicon::Lexicon;
use crate::model::{Action, Instrument};
use marginalia_core::Annotation;
use marginalia_text::mentions::Mentions;
use marginalia_text::phrase_tokens::{PhraseToken, merge_tags, phrase_tokens};

/// An actor on a token: its id and kind, as the `actors` plugin gave them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActorRef {
    /// `RUS`, `EU`, ...
    pub id: String,
    /// `country`, `capital`, `government`, `leader`, `organization` or `demonym`.
    pub kind: String,
}

/// A sentence token, with the actor laid over it.
type Tok = PhraseToken<ActorRef>;

/// Actor ids with the token where each was found.
type Ids = Vec<(usize, String)>;

/// A sanction span and its attributes, as emitted.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    /// Byte range in the document.
    pub range: Range<usize>,
    /// What happens to the measure.
    pub action: Action,
    /// The kind of measure.
    pub instrument: Instrument,
    /// Actor ids of the targets, in order of first mention.
    pub target: Vec<String>,
    /// Actor ids of the imposers, in order of first mention.
    pub imposer: Vec<String>,
}

/// What the plugin knows before it reads a document.
#[derive(Debug)]
pub struct Analyzer {
    lex: Lexicon,
}

/// How a measure is governed.
#[derive(Clone, Debug, PartialEq)]
enum Gov {
    /// Nothing found: a background mention.
    None,
    /// A preposition that makes it background (`amid`, `despite`, `of`).
    Background,
    /// `under` / `subject to`: the nearest actor before the token is the target.
    Under(usize),
    /// `Iran's economy has been crippled by sanctions`: the subject of the passive verb (token
    /// index) is the target.
    AffectedBy(usize),
    /// Coordinated with the earlier measure of that index: same governor.
    Coord(usize),
    /// A verb (token index) that takes the measure as its object (or `with`/`of` phrase).
    Verb {
        action: Action,
        verb: usize,
        kind: VerbKind,
    },
    /// The measure is the subject of a passive verb (`sanctions were lifted`).
    Passive { action: Action, verb: usize },
}

/// What the subject of a governing verb is to the measure.
#[derive(Clone, Debug, PartialEq)]
enum VerbKind {
    /// The subject imposes, extends, lifts or threatens it.
    Active,
    /// `X could face sanctions`: the subject is the target.
    Face,
    /// `X received sanctions relief`, `Russia was hit with sanctions`: the subject is the
    /// target.
    SubjectTarget,
    /// `adding companies to a blacklist`, `hit Russia with sanctions`: the object (token
    /// range) holds the target; the subject imposes.
    ObjectTarget(Range<usize>),
    /// A proposal (`seeking`, `calling for`): `mention`, or `veto` when vetoed.
    Propose,
}

/// The subject of a verb.
#[derive(Clone, Debug, PartialEq)]
enum Subject {
    None,
    Actors(Vec<(usize, ActorRef)>),
    Pronoun(usize),
}

/// A mention being read.
#[derive(Clone, Debug)]
struct Mention {
    /// Span tokens.
    start: usize,
    end: usize,
    /// The head term's first token.
    head: usize,
    instrument: Instrument,
    relief: bool,
    /// The punitive verb *sanction*: the span is the verb alone.
    verb_form: bool,
    /// Where the governor scan starts (exclusive): before the span and its possessor.
    gov_from: usize,
    premods: Vec<usize>,
    possessors: Vec<usize>,
    // Results.
    gov: Gov,
    action: Action,
    target: Vec<(usize, String)>,
    imposer: Vec<(usize, String)>,
    /// Whether `target` was read from this mention's own phrase (not copied).
    own_target: bool,
}

/// One sentence under analysis.
struct Sentence<'a> {
    toks: Vec<Tok>,
    lex: &'a Lexicon,
    /// Actor names in the whole document, for names inside other names (`Iran Air`).
    names: &'a HashMap<String, ActorRef>,
    /// Written in capitals (a wire headline): capitals then say nothing about names.
    shouting: bool,
}

impl Analyzer {
    /// An analyzer that reads with `lex`.
    pub fn new(lex: Lexicon) -> Self {
        Analyzer { lex }
    }

    /// The sanction spans of a document, given its actor annotations.
    pub fn analyze(&self, text: &str, actors: &[&Annotation]) -> Vec<Found> {
        let mut names: HashMap<String, ActorRef> = HashMap::new();
        for actor in actors {
            let kind = actor.attrs.get_str("kind").unwrap_or_default();
            let Some(id) = actor.attrs.get_str("id") else {
                continue;
            };
            if kind != "demonym" && !actor.text.contains(char::is_whitespace) {
                names.entry(actor.text.clone()).or_insert(ActorRef {
                    id: id.to_owned(),
                    kind: kind.to_owned(),
                });
            }
        }
        let mut found = Vec::new();
        // A document that names no state or organisation holds no restriction between them.
        if actors.is_empty() {
            return found;
        }
        let on_tokens = Mentions::new(actors.iter().filter_map(|a| {
            let id = a.attrs.get_str("id").filter(|id| !id.is_empty())?;
            let kind = a.attrs.get_str("kind").unwrap_or_default();
            let actor = ActorRef {
                id: id.to_owned(),
                kind: kind.to_owned(),
            };
            Some((a.start..a.end, actor))
        }));
        for range in marginalia_text::sentences::sentence_ranges(text) {
            let mut toks = phrase_tokens(text, range);
            merge_tags(text, &mut toks, &on_tokens);
            drop_dateline(&mut toks);
            let shouting = is_shouting(&toks);
            let sentence = Sentence {
                toks,
                lex: &self.lex,
                names: &names,
                shouting,
            };
            found.extend(sentence.analyze());
        }
        found
    }
}

/// Removes the actors of a dateline (`HANOI —`, `BEIJING, Jan 12 -`) at the start of a
/// sentence: a dateline fills no attribute.
fn drop_dateline(toks: &mut [Tok]) {
    let caps = |t: &Tok| {
        t.is_word()
            && t.text.chars().any(char::is_alphabetic)
            && !t.text.chars().any(char::is_lowercase)
    };
    let mut i = 0;
    while i < toks.len() && caps(&toks[i]) {
        i += 1;
    }
    if i == 0 || i > 4 {
        return;
    }
    let mut j = i;
    // `, Jan 12` or `, March 3 (Reuters)`
    if toks.get(j).is_some_and(|t| t.is_punct(',')) {
        j += 1;
        while j < toks.len() && toks[j].is_word() && j < i + 5 {
            j += 1;
        }
        if toks.get(j).is_some_and(|t| t.is_punct('(')) {
            while j < toks.len() && !toks[j].is_punct(')') {
                j += 1;
            }
            j += 1;
        }
    }
    let dash = toks
        .get(j)
        .is_some_and(|t| t.is_punct('—') || t.is_punct('–') || t.is_punct('-'));
    if dash {
        for tok in &mut toks[..j] {
            tok.tag = None;
        }
    }
}

/// Whether most words of a sentence (at least three) are written in capitals.
fn is_shouting(toks: &[Tok]) -> bool {
    let words = toks
        .iter()
        .filter(|t| t.is_word() && t.text.chars().filter(|c| c.is_alphabetic()).count() > 1);
    let (mut all, mut caps) = (0, 0);
    for t in words {
        all += 1;
        if !t.text.chars().any(char::is_lowercase) {
            caps += 1;
        }
    }
    caps >= 3 && caps * 5 >= all * 3
}

fn is_ordinal(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_ascii_digit())
        && ["st", "nd", "rd", "th"].iter().any(|s| word.ends_with(s))
}

impl Sentence<'_> {
    pub(super) fn tok(&self, i: usize) -> Option<&Tok> {
        self.toks.get(i)
    }

    /// Whether a token is capitalized in a sentence where that means something (a name).
    pub(super) fn capitalized(&self, t: &Tok) -> bool {
        t.is_capitalized() && !self.shouting
    }

    pub(super) fn lower(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| t.lower.as_str())
    }

    pub(super) fn is_boundary(&self, i: usize) -> bool {
        let t = &self.toks[i];
        self.lex.words.boundary.has(&t.lower)
            || (!t.is_word() && self.lex.words.boundary.has(&t.text))
    }

    pub(super) fn analyze(&self) -> Vec<Found> {
        if self.is_disciplinary() {
            return Vec::new();
        }
        let mut mentions = self.find_mentions();
        for m in 0..mentions.len() {
            self.read_mention(&mut mentions, m);
        }
        self.borrow_from_siblings(&mut mentions);
        mentions
            .into_iter()
            .map(|m| {
                let mut target = dedup(m.target);
                let imposer = dedup(m.imposer);
                if !m.own_target {
                    target.retain(|id| !imposer.contains(id));
                }
                Found {
                    range: self.toks[m.start].range.start..self.toks[m.end - 1].range.end,
                    action: m.action,
                    instrument: m.instrument,
                    target,
                    imposer,
                }
            })
            .collect()
    }

    /// A sports or disciplinary sentence with no state or organisation in it.
    pub(super) fn is_disciplinary(&self) -> bool {
        let cue = self
            .toks
            .iter()
            .any(|t| self.lex.words.disciplinary.has(&t.lower));
        let state = self
            .toks
            .iter()
            .any(|t| t.tag.as_ref().is_some_and(|a| a.kind != "demonym"));
        cue && !state
    }
}

/// Ids in order, without repeats.
fn dedup(list: Vec<(usize, String)>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (_, id) in list {
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out
}
