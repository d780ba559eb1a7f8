//! Finding sanction mentions in a sentence and reading their attributes.
//!
//! The steps, for each sentence (see the crate doc for the rules they implement):
//!
//! 1. tokenize it and lay the `actor` annotations over the tokens ([`crate::tokens`]);
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
            let sentence = Sentence {
                toks,
                lex: &self.lex,
                names: &names,
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

fn is_ordinal(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_ascii_digit())
        && ["st", "nd", "rd", "th"].iter().any(|s| word.ends_with(s))
}

impl Sentence<'_> {
    fn tok(&self, i: usize) -> Option<&Tok> {
        self.toks.get(i)
    }

    fn lower(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| t.lower.as_str())
    }

    fn is_boundary(&self, i: usize) -> bool {
        let t = &self.toks[i];
        self.lex.words.boundary.has(&t.lower)
            || (!t.is_word() && self.lex.words.boundary.has(&t.text))
    }

    fn analyze(&self) -> Vec<Found> {
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
    fn is_disciplinary(&self) -> bool {
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

    // ---------------------------------------------------------------------------------------
    // Finding mentions

    fn find_mentions(&self) -> Vec<Mention> {
        let mut mentions: Vec<Mention> = Vec::new();
        let mut i = 0;
        while i < self.toks.len() {
            let floor = mentions.last().map_or(0, |m| m.end);
            if let Some(m) = self.mention_at(i, floor) {
                i = m.end;
                mentions.push(m);
            } else {
                i += 1;
            }
        }
        mentions
    }

    /// The restriction term starting at token `i`, if any: its end and instrument.
    fn term_at(&self, i: usize) -> Option<(usize, Instrument)> {
        let mut best: Option<(usize, Instrument)> = None;
        for (words, instrument) in &self.lex.terms {
            let instrument = *instrument;
            let fits = words.iter().enumerate().all(|(k, w)| {
                self.tok(i + k)
                    .is_some_and(|t| t.is_word() && t.lower == *w)
            });
            if fits && best.is_none_or(|(end, _)| i + words.len() > end) {
                best = Some((i + words.len(), instrument));
            }
        }
        best
    }

    fn mention_at(&self, i: usize, floor: usize) -> Option<Mention> {
        let t = &self.toks[i];
        if !t.is_word() {
            return None;
        }
        if matches!(t.lower.as_str(), "sanctioned" | "sanctioning") {
            return self.verb_mention(i);
        }
        let (mut end, instrument) = self.term_at(i)?;
        let single_sanction = matches!(t.lower.as_str(), "sanction" | "sanctions") && end == i + 1;
        if single_sanction && self.reads_as_verb(i) {
            return self.verb_mention(i);
        }
        // A term inside a longer hyphenated word never matches (tokens keep hyphens), so
        // `sanctions-hit` is not here. Look at what follows.
        let next = self.lower(end).to_owned();
        let next_is_word = self.tok(end).is_some_and(|t| t.is_word());
        let mut relief = false;
        if next_is_word && self.lex.words.light.has(&next) {
            relief = next == "relief";
            end += 1;
        } else if next_is_word && self.lex.words.not_a_measure.has(&next) {
            return None;
        }
        // `the sanction of parliament`, `gave his sanction to`: approval. A single sanction
        // is a measure only in a sentence that names a party.
        if t.lower == "sanction" && end == i + 1 {
            let party = self.toks.iter().any(|t| t.tag.is_some());
            let personal =
                i > 0 && matches!(self.lower(i - 1), "his" | "her" | "my" | "your" | "our");
            if matches!(next.as_str(), "of" | "to" | "for") || personal || !party {
                return None;
            }
        }
        // `under embargo until 9am`: a news embargo.
        if instrument == Instrument::Embargo && end == i + 1 {
            let bare_under = i > 0 && self.lower(i - 1) == "under";
            let until = matches!(next.as_str(), "until" | "till");
            if bare_under || until {
                return None;
            }
        }
        if i > 0 && self.lex.words.non_coercive.has(self.lower(i - 1)) {
            return None;
        }
        let mut m = Mention {
            start: i,
            end,
            head: i,
            instrument,
            relief,
            verb_form: false,
            gov_from: i,
            premods: Vec::new(),
            possessors: Vec::new(),
            gov: Gov::None,
            action: Action::Mention,
            target: Vec::new(),
            imposer: Vec::new(),
            own_target: false,
        };
        self.expand_left(&mut m, floor);
        Some(m)
    }

    /// Whether `sanction(s)` at `i` is the verb (`the board sanctions the plan`, `to
    /// sanction`, `did not sanction`).
    fn reads_as_verb(&self, i: usize) -> bool {
        let Some(prev) = i.checked_sub(1).and_then(|p| self.tok(p)) else {
            return false;
        };
        let p = prev.lower.as_str();
        if self.lex.words.verb_marker.has(p) || p.ends_with("n't") {
            return true;
        }
        let Some(next) = self.tok(i + 1) else {
            return false;
        };
        let n = next.lower.as_str();
        let next_opens_object = next.is_word()
            && (self.lex.words.determiner.has(n) && !matches!(n, "that" | "what" | "whatever")
                || self.lex.words.number.has(n)
                || next.is_digits()
                || next.tag.is_some()
                    && self
                        .tok(i + 2)
                        .is_some_and(|t| self.lex.words.sanctionable.has(&t.lower)));
        if !next_opens_object {
            return false;
        }
        // The word before is a subject, not a pre-modifier of the noun *sanctions*.
        prev.is_word()
            && !prev.is_possessive()
            && (prev.tag.as_ref().is_some_and(|a| a.kind != "demonym")
                || !prev.is_capitalized()
                    && !self.lex.is_determiner(p)
                    && !self.lex.words.modifier.has(p)
                    && !self.lex.words.preposition.has(p)
                    && !self.lex.words.function.has(p)
                    && !self.lex.is_verb(p)
                    && !self.lex.looks_adjective(p)
                    && !p.contains('-'))
    }

    /// The verb *sanction* at `i`, when it is punitive: a span on the verb alone.
    fn verb_mention(&self, i: usize) -> Option<Mention> {
        let t = &self.toks[i];
        let prev = i.checked_sub(1).map(|p| self.lower(p));
        // `the sanctioned banks`, `with sanctioned firms`: an adjective.
        if t.lower == "sanctioned" || t.lower == "sanctioning" {
            match prev {
                None => return None,
                Some(p) if self.lex.is_determiner(p) || self.lex.words.preposition.has(p) => {
                    return None;
                }
                _ => {}
            }
        }
        let passive = self.is_passive_at(i);
        let punitive = if passive {
            let region = self.clause_before(i);
            let actor = region.clone().any(|k| self.toks[k].tag.is_some());
            let people = region
                .clone()
                .any(|k| self.lex.words.sanctionable.has(&self.toks[k].lower));
            let approval = region
                .clone()
                .any(|k| self.lex.words.approval_object.has(&self.toks[k].lower));
            (actor || people) && !approval
        } else {
            let object = self.object_after(i);
            let actor = object.clone().any(|k| {
                let t = &self.toks[k];
                t.tag.is_some()
                    || t.is_capitalized() && !self.lex.words.not_a_premodifier.has(&t.lower)
            });
            let people = object
                .clone()
                .any(|k| self.lex.words.sanctionable.has(&self.toks[k].lower));
            let approval = object
                .clone()
                .any(|k| self.lex.words.approval_object.has(&self.toks[k].lower));
            (actor || people) && !approval
        };
        if !punitive {
            return None;
        }
        Some(Mention {
            start: i,
            end: i + 1,
            head: i,
            instrument: Instrument::Sanctions,
            relief: false,
            verb_form: true,
            gov_from: i,
            premods: Vec::new(),
            possessors: Vec::new(),
            gov: Gov::None,
            action: Action::Impose,
            target: Vec::new(),
            imposer: Vec::new(),
            own_target: false,
        })
    }

    /// Whether the verb at `i` is passive: a form of *be*/*get* before it, past adverbs.
    fn is_passive_at(&self, i: usize) -> bool {
        let mut k = i;
        while k > 0 {
            let w = self.lower(k - 1);
            if self.lex.words.passive_auxiliary.has(w) {
                return true;
            }
            if self.lex.words.passive_adverb.has(w) {
                k -= 1;
                continue;
            }
            // `Turkey, sanctioned by the United States, …`: a reduced passive.
            return self.tok(i + 1).is_some_and(|t| t.lower == "by")
                && self.toks[k - 1].is_punct(',');
        }
        false
    }

    /// The tokens of the clause before `i` (back to a clause boundary).
    fn clause_before(&self, i: usize) -> Range<usize> {
        let mut k = i;
        while k > 0 && !self.is_boundary(k - 1) {
            k -= 1;
        }
        k..i
    }

    /// The object after the verb at `i`: up to a preposition, punctuation or verb, at most 6
    /// tokens.
    fn object_after(&self, i: usize) -> Range<usize> {
        let mut k = i + 1;
        while k < self.toks.len() && k <= i + 6 {
            let t = &self.toks[k];
            if !t.is_word() && !t.is_possessive() {
                break;
            }
            if t.tag.is_none()
                && (self.lex.words.preposition.has(&t.lower) && t.lower != "off"
                    || self.lex.words.boundary.has(&t.lower)
                    || matches!(t.lower.as_str(), "and" | "or" | "but")
                    || k > i + 1 && self.lex.is_verb(&t.lower))
            {
                break;
            }
            k += 1;
        }
        i + 1..k
    }

    /// Grows a noun mention leftwards over pre-modifiers to its determiner; stops at a
    /// possessor, whose actors it records.
    fn expand_left(&self, m: &mut Mention, floor: usize) {
        let plural_head = self.toks[m.end - 1].lower.ends_with('s')
            || matches!(self.toks[m.head].lower.as_str(), "sanctions" | "embargoes");
        let mut i = m.head;
        let mut has_modifier = false;
        while i > floor {
            let t = &self.toks[i - 1];
            if t.is_possessive() {
                let mut k = i - 1;
                while k > floor {
                    let p = &self.toks[k - 1];
                    if p.tag.is_some() {
                        m.possessors.push(k - 1);
                        k -= 1;
                    } else if p.is_word() && self.lex.is_determiner(&p.lower) {
                        k -= 1;
                        break;
                    } else if p.is_word()
                        && (p.is_capitalized() && !self.lex.words.function.has(&p.lower)
                            || self.lex.words.modifier.has(&p.lower))
                        && !self.lex.is_verb(&p.lower)
                        && !self.lex.words.preposition.has(&p.lower)
                    {
                        k -= 1;
                    } else {
                        break;
                    }
                }
                m.start = i;
                m.gov_from = k;
                return;
            }
            if !t.is_word() {
                break;
            }
            let w = t.lower.as_str();
            if is_ordinal(w) {
                i -= 1;
                has_modifier = true;
                continue;
            }
            if self.lex.is_determiner(w) || t.is_digits() {
                let agrees = match w {
                    "this" | "that" | "another" | "every" | "each" | "a" | "an" => !plural_head,
                    "these" | "those" | "several" | "many" | "few" => plural_head,
                    _ => true,
                };
                if agrees {
                    i -= 1;
                }
                break;
            }
            if t.tag.is_some() {
                m.premods.push(i - 1);
                i -= 1;
                has_modifier = true;
                continue;
            }
            if self.lex.words.participle_adjective.has(w) {
                i -= 1;
                has_modifier = true;
                continue;
            }
            if self.lex.words.function.has(w)
                && !(has_modifier && self.lex.words.intensifier.has(w))
            {
                break;
            }
            if self.lex.words.preposition.has(w) {
                break;
            }
            let hyphen_last = w.rsplit('-').next().unwrap_or(w);
            if self.lex.is_verb(w) || w.contains('-') && self.lex.action(hyphen_last).is_some() {
                // `the proposed sanctions`: a participle after a determiner is an adjective.
                let after_determiner = i >= 2
                    && i - 1 > floor
                    && matches!(
                        self.lower(i - 2),
                        "a" | "an"
                            | "the"
                            | "its"
                            | "their"
                            | "his"
                            | "her"
                            | "our"
                            | "these"
                            | "those"
                            | "this"
                            | "any"
                    )
                    && (w.ends_with("ed") || w.ends_with("ing"));
                if after_determiner {
                    i -= 1;
                    has_modifier = true;
                    continue;
                }
                break;
            }
            if self.lex.words.modifier.has(w) || w.contains('-') || self.lex.looks_adjective(w) {
                i -= 1;
                has_modifier = true;
                continue;
            }
            if has_modifier && self.lex.words.intensifier.has(w) {
                i -= 1;
                continue;
            }
            if t.is_capitalized() && !self.lex.words.not_a_premodifier.has(w) {
                i -= 1;
                has_modifier = true;
                continue;
            }
            break;
        }
        m.start = i;
        m.gov_from = i;
    }

    // ---------------------------------------------------------------------------------------
    // Reading a mention

    fn read_mention(&self, mentions: &mut [Mention], idx: usize) {
        let mut m = mentions[idx].clone();
        if m.verb_form {
            self.read_verb_mention(&mut m);
            mentions[idx] = m;
            return;
        }
        m.gov = self.governor(&m, &mentions[..idx], mentions.get(idx + 1));
        let mut gov = m.gov.clone();
        while let Gov::Coord(p) = gov {
            gov = mentions[p].gov.clone();
        }
        m.action = match &gov {
            Gov::Verb { action, verb, kind } => self.adjust_action(*action, *verb, kind, &m),
            Gov::Passive { action, verb } => {
                self.adjust_action(*action, *verb, &VerbKind::Active, &m)
            }
            _ => Action::Mention,
        };
        if m.relief
            && matches!(m.action, Action::Mention | Action::Impose)
            && !self.negated(m.gov_from)
        {
            m.action = Action::Lift;
        }

        // Target from the phrase after the head.
        let mut target = self.phrase_after(&m);
        // Imposer from a by-phrase.
        let mut imposer = self.by_phrase(m.end);
        let mut subject_imposer = false;
        match &gov {
            Gov::Verb { verb, kind, .. } => match kind {
                VerbKind::Active | VerbKind::Propose => {
                    if m.action.has_imposer_subject() {
                        let subject = self.resolve(self.subject(*verb));
                        subject_imposer = !subject.is_empty();
                        imposer.extend(subject);
                    } else if m.action == Action::Evade && target.is_empty() {
                        target.extend(self.resolve(self.subject(*verb)));
                    }
                }
                VerbKind::Face | VerbKind::SubjectTarget => {
                    if target.is_empty() {
                        target.extend(self.resolve(self.subject(*verb)));
                    }
                    if self.is_passive_at(*verb) {
                        imposer.extend(self.by_in_clause(*verb + 1));
                    }
                    if m.action == Action::Threaten {
                        imposer.extend(self.threatener(&target));
                    }
                }
                VerbKind::ObjectTarget(object) => {
                    if target.is_empty() {
                        target.extend(self.actors_in(object.clone()));
                    }
                    if m.action.has_imposer_subject() {
                        let subject = self.resolve(self.subject(*verb));
                        subject_imposer = !subject.is_empty();
                        imposer.extend(subject);
                    }
                }
            },
            Gov::Passive { verb, .. } if target.is_empty() => {
                target.extend(self.target_phrase(verb + 1, m.instrument));
                imposer.extend(self.by_phrase(verb + 1));
            }
            Gov::AffectedBy(verb) if target.is_empty() => {
                target.extend(self.resolve(self.subject(*verb)));
            }
            Gov::Under(at) if target.is_empty() => {
                if let Some(found) = self.nearest_actor_before(*at) {
                    target.push(found);
                }
            }
            _ => {}
        }
        if target.is_empty() {
            target.extend(self.affected_object(&m));
        }
        // `the arms embargo imposed on Russia by the EU`: a participle after the head.
        if let Some((on, by)) = self.participle_after(&m) {
            if target.is_empty() {
                target.extend(self.target_phrase(on, m.instrument));
            }
            if imposer.is_empty() {
                imposer.extend(by);
            }
        }
        // Possessors impose.
        for &k in &m.possessors {
            if let Some(a) = &self.toks[k].tag {
                imposer.push((k, a.id.clone()));
            }
        }
        // Pre-modifier actors: imposer or target.
        let explicit_target = !target.is_empty();
        for &k in &m.premods {
            let tok = &self.toks[k];
            let Some(a) = &tok.tag else { continue };
            let lower = tok.lower.as_str();
            let as_imposer = if self.lex.imposer_suffixes.iter().any(|s| lower.ends_with(s)) {
                true
            } else if lower.starts_with("anti-") || lower.ends_with("-related") {
                false
            } else if a.kind == "organization" {
                true
            } else if subject_imposer && !imposer.iter().any(|(_, id)| *id == a.id) {
                false
            } else if explicit_target {
                true
            } else {
                self.lex.default_imposers.contains(&a.id)
            };
            if as_imposer {
                imposer.push((k, a.id.clone()));
            } else {
                target.push((k, a.id.clone()));
            }
        }
        m.own_target = !target.is_empty();
        // Coordinated with an earlier measure: share what this one does not say.
        if let Gov::Coord(p) = m.gov {
            let earlier = &mentions[p];
            if target.is_empty() {
                target.extend(earlier.target.iter().cloned());
            }
            if imposer.is_empty() && m.action.has_imposer_subject() {
                imposer.extend(earlier.imposer.iter().cloned());
            }
        }
        // `acted against North Korea …, answering … with ever tougher sanctions`.
        if target.is_empty() && m.action.has_imposer_subject() {
            target.extend(self.against_anywhere(&m));
        }
        target.sort_by_key(|(k, _)| *k);
        imposer.sort_by_key(|(k, _)| *k);
        m.target = target;
        m.imposer = imposer;
        mentions[idx] = m;
    }

    /// The punitive verb *sanction*: passive (`was sanctioned by the United States`, target
    /// the subject) or active (`Washington sanctioned three Russian banks`).
    fn read_verb_mention(&self, m: &mut Mention) {
        let v = m.head;
        m.gov = Gov::Verb {
            action: Action::Impose,
            verb: v,
            kind: VerbKind::Active,
        };
        m.action = self.adjust_action(Action::Impose, v, &VerbKind::Active, m);
        let mut target = Vec::new();
        let mut imposer = Vec::new();
        if self.is_passive_at(v) {
            target.extend(self.resolve(self.subject(v)));
            imposer.extend(self.by_phrase(v + 1));
        } else {
            target.extend(self.actors_in(self.object_after(v)));
            if m.action.has_imposer_subject() {
                imposer.extend(self.resolve(self.subject(v)));
            }
        }
        m.own_target = !target.is_empty();
        m.target = target;
        m.imposer = imposer;
    }

    /// The predicate that governs mention `m`.
    fn governor(&self, m: &Mention, earlier: &[Mention], next: Option<&Mention>) -> Gov {
        let mut j = m.gov_from;
        // `its 14th package of sanctions`, `a new round of sanctions`: the quantity noun's
        // governor governs the measure.
        if j >= 2 && self.lower(j - 1) == "of" && self.lex.words.quantity.has(self.lower(j - 2)) {
            let mut k = j - 2;
            while k > 0 {
                let w = self.lower(k - 1);
                let t = &self.toks[k - 1];
                if self.lex.is_determiner(w) || t.is_digits() && !is_ordinal(w) {
                    k -= 1;
                    break;
                }
                if t.is_word()
                    && (self.lex.words.modifier.has(w)
                        || self.lex.looks_adjective(w)
                        || is_ordinal(w))
                {
                    k -= 1;
                    continue;
                }
                break;
            }
            j = k;
        }
        // `renewed for six months its sanctions`: a short adjunct between verb and object.
        if j >= 2 && self.toks[j - 1].is_word() && self.lex.action(self.lower(j - 1)).is_none() {
            let mut k = j - 1;
            let lowest = j.saturating_sub(5);
            while k > lowest {
                let w = self.lower(k);
                if !self.toks[k].is_word() || self.lex.is_verb(w) || self.lex.words.function.has(w)
                {
                    break;
                }
                if matches!(w, "for" | "on" | "in" | "at" | "during" | "over") {
                    if self.lex.action(self.lower(k - 1)).is_some() {
                        j = k;
                    }
                    break;
                }
                k -= 1;
            }
        }
        if let Some(p) = self.coordinated_with(j, earlier) {
            return Gov::Coord(p);
        }
        if j == 0 {
            return self.passive_after(m, next);
        }
        let t = &self.toks[j - 1];
        let w = t.lower.as_str();
        if !t.is_word() {
            return self.passive_after(m, next);
        }
        if self.lex.words.keep.has(w) {
            let in_place = (m.end..self.toks.len().saturating_sub(1))
                .take_while(|&k| !self.is_boundary(k))
                .any(|k| self.lower(k) == "in" && matches!(self.lower(k + 1), "place" | "force"));
            let action = if in_place {
                Action::Extend
            } else {
                Action::Mention
            };
            return Gov::Verb {
                action,
                verb: j - 1,
                kind: VerbKind::Active,
            };
        }
        if m.relief && self.lex.words.receive.has(w) {
            return Gov::Verb {
                action: Action::Lift,
                verb: j - 1,
                kind: VerbKind::SubjectTarget,
            };
        }
        if let Some(action) = self.lex.action(w) {
            let kind = if self.lex.words.face.has(w) {
                VerbKind::Face
            } else {
                VerbKind::Active
            };
            return Gov::Verb {
                action,
                verb: j - 1,
                kind,
            };
        }
        if self.lex.words.propose.has(w) {
            return Gov::Verb {
                action: Action::Mention,
                verb: j - 1,
                kind: VerbKind::Propose,
            };
        }
        if j >= 2 {
            let before = self.lower(j - 2);
            if let Some(action) = self.lex.particle(before, w) {
                let kind = if action == Action::Mention {
                    VerbKind::Propose
                } else {
                    VerbKind::Active
                };
                return Gov::Verb {
                    action,
                    verb: j - 2,
                    kind,
                };
            }
            if w == "of" {
                if let Some(action) = self.lex.of_noun(before) {
                    return Gov::Verb {
                        action,
                        verb: j - 2,
                        kind: VerbKind::Active,
                    };
                }
            }
            if w == "to" && before == "subject" {
                return Gov::Under(j - 2);
            }
        }
        match w {
            "with" => {
                if let Some((verb, action)) =
                    self.look_back(j - 1, 8, |s, k| s.lex.with_verb(s.lower(k)))
                {
                    let kind = if self.is_passive_at(verb) {
                        VerbKind::SubjectTarget
                    } else {
                        VerbKind::ObjectTarget(verb + 1..j - 1)
                    };
                    return Gov::Verb { action, verb, kind };
                }
                Gov::Background
            }
            "from" if j >= 2 && self.lower(j - 2) == "relief" => Gov::Verb {
                action: Action::Lift,
                verb: j - 2,
                kind: VerbKind::Active,
            },
            "to" => {
                if let Some((verb, ())) = self.look_back(j - 1, 8, |s, k| {
                    self.lex.words.add_to.has(s.lower(k)).then_some(())
                }) {
                    return Gov::Verb {
                        action: Action::Impose,
                        verb,
                        kind: self.object_or_subject_target(verb, j - 1),
                    };
                }
                Gov::Background
            }
            "under" => Gov::Under(j - 1),
            "by" if j >= 2
                && self.lex.words.affect.has(self.lower(j - 2))
                && self.is_passive_at(j - 2) =>
            {
                Gov::AffectedBy(j - 2)
            }
            "on" => {
                let add = self.look_back(j - 1, 8, |s, k| {
                    s.lex.words.put_on.has(s.lower(k)).then_some(())
                });
                match add {
                    Some((verb, ())) => Gov::Verb {
                        action: Action::Impose,
                        verb,
                        kind: self.object_or_subject_target(verb, j - 1),
                    },
                    None => Gov::Background,
                }
            }
            _ if self.lex.words.preposition.has(w) => Gov::Background,
            _ => self.passive_after(m, next),
        }
    }

    /// `added 140 companies to a blacklist`: the object between the verb and the preposition
    /// at `prep` holds the target; `Gazprombank was added to the list`: the subject does.
    fn object_or_subject_target(&self, verb: usize, prep: usize) -> VerbKind {
        if self.is_passive_at(verb) {
            VerbKind::SubjectTarget
        } else {
            VerbKind::ObjectTarget(verb + 1..prep)
        }
    }

    /// Looks back from token `from` (exclusive) up to `max` tokens within the clause for a
    /// token that `test` accepts.
    fn look_back<T>(
        &self,
        from: usize,
        max: usize,
        test: impl Fn(&Self, usize) -> Option<T>,
    ) -> Option<(usize, T)> {
        let mut k = from;
        while k > 0 && from - k < max {
            k -= 1;
            if self.is_boundary(k) || self.toks[k].is_punct(',') {
                return None;
            }
            if let Some(value) = test(self, k) {
                return Some((k, value));
            }
        }
        None
    }

    /// Whether the mention whose governor scan starts at `j` is coordinated with an earlier
    /// mention (`asset freezes and travel bans`; `an oil embargo, an export ban on high-tech
    /// goods and an asset freeze`): its index.
    fn coordinated_with(&self, j: usize, earlier: &[Mention]) -> Option<usize> {
        let (p, prev) = earlier.iter().enumerate().next_back()?;
        if prev.verb_form || prev.end > j {
            return None;
        }
        let between = prev.end..j;
        let toks = &self.toks[between.clone()];
        let last = toks.last()?;
        if !(last.is_punct(',') || matches!(last.lower.as_str(), "and" | "or")) {
            return None;
        }
        // Separators at the end: `,` `and` `or` `, and`.
        let mut sep_start = toks.len();
        while sep_start > 0
            && (toks[sep_start - 1].is_punct(',')
                || matches!(toks[sep_start - 1].lower.as_str(), "and" | "or"))
        {
            sep_start -= 1;
        }
        let phrase = &toks[..sep_start];
        if phrase.is_empty() {
            return Some(p);
        }
        let starts_with_prep = matches!(
            phrase[0].lower.as_str(),
            "on" | "against" | "of" | "to" | "targeting" | "over" | "in" | "for"
        );
        let clean = phrase.len() <= 8
            && phrase.iter().all(|t| {
                (t.is_word() || t.is_possessive() || t.is_punct(','))
                    && !self.lex.is_verb(&t.lower)
                    && !self.lex.words.boundary.has(&t.lower)
                    && !self.lex.words.auxiliary.has(&t.lower)
            });
        (starts_with_prep && clean).then_some(p)
    }

    /// `sanctions (on X) were lifted`: the measure as the subject of a passive action verb.
    fn passive_after(&self, m: &Mention, next: Option<&Mention>) -> Gov {
        let mut k = m.end;
        // Skip a short phrase after the head.
        if matches!(self.lower(k), "on" | "against" | "of" | "targeting") {
            let limit = k + 7;
            while k < self.toks.len()
                && k < limit
                && self.toks[k].is_word()
                && !self.lex.words.passive_auxiliary.has(self.lower(k))
                && !self.lex.words.auxiliary.has(self.lower(k))
            {
                k += 1;
            }
        }
        // A coordinated subject: `asset freezes and travel bans were imposed`.
        if matches!(self.lower(k), "and" | "or") {
            match next {
                Some(n) if n.start == k + 1 && !n.verb_form => k = n.end,
                _ => return Gov::None,
            }
        }
        let mut saw_passive = false;
        while k < self.toks.len() {
            let w = self.lower(k);
            if self.lex.words.passive_auxiliary.has(w) {
                saw_passive = true;
            } else if !(self.lex.words.auxiliary.has(w)
                || self.lex.words.adverb_before_passive.has(w))
            {
                break;
            }
            k += 1;
        }
        match self.lex.action(self.lower(k)) {
            Some(action) if saw_passive => Gov::Passive { action, verb: k },
            _ => Gov::None,
        }
    }

    /// The action a governing verb gives, after negation, vetoes, threats and modals.
    fn adjust_action(&self, action: Action, verb: usize, kind: &VerbKind, m: &Mention) -> Action {
        // `urged the administration to sanction`: proposed, not done.
        let proposed_to = verb > 0
            && self.lower(verb - 1) == "to"
            && (verb.saturating_sub(6)..verb - 1)
                .any(|k| self.lex.words.propose.has(self.lower(k)));
        let propose = *kind == VerbKind::Propose || proposed_to;
        let window = |n: usize| (verb.saturating_sub(n)..verb).rev();
        // The modal (and `have`) just before the verb.
        let mut modal = false;
        let mut perfect_modal = false;
        for k in window(3) {
            let w = self.lower(k);
            if self.lex.words.modal.has(w) {
                modal = true;
                perfect_modal = self.lower(k + 1) == "have";
                break;
            }
            if self.is_boundary(k) || self.toks[k].is_punct(',') {
                break;
            }
        }
        // `blocked the renewal of sanctions`, `vetoed new sanctions`.
        let vetoable = matches!(action, Action::Impose | Action::Extend | Action::Lift) || propose;
        if vetoable && window(3).any(|k| self.lex.words.veto.has(self.lower(k))) {
            return Action::Veto;
        }
        // Vetoed resolutions: `vetoed a resolution that would have imposed fresh sanctions`.
        if matches!(action, Action::Impose | Action::Extend) || propose {
            let veto_at = (0..verb).find(|&k| self.lex.words.veto.has(self.lower(k)));
            if let Some(v) = veto_at {
                let resolution = (v..verb).any(|k| self.lex.words.resolution.has(self.lower(k)));
                let relative =
                    verb > 0 && matches!(self.lower(verb - 1), "that" | "which" | "to") || modal;
                if resolution && (relative || propose) {
                    return Action::Veto;
                }
            }
        }
        // `imposed no new sanctions`.
        if self.negated(verb) || !m.verb_form && self.lower(m.start) == "no" {
            return Action::Mention;
        }
        if propose {
            return Action::Mention;
        }
        if matches!(action, Action::Impose | Action::Extend) {
            let threat_before = window(4).any(|k| self.lex.words.threat.has(self.lower(k)));
            if threat_before {
                return Action::Threaten;
            }
            if perfect_modal {
                return Action::Mention;
            }
            if modal {
                let warned = (0..self.toks.len())
                    .filter(|k| !(m.start..m.end).contains(k))
                    .any(|k| self.lex.words.threat.has(self.lower(k)));
                let condition =
                    (m.end..self.toks.len()).any(|k| matches!(self.lower(k), "if" | "unless"));
                if warned || condition {
                    return Action::Threaten;
                }
            }
        } else if perfect_modal && action != Action::Threaten {
            return Action::Mention;
        }
        action
    }

    /// Whether the verb at `verb` is negated or refused within its clause.
    fn negated(&self, verb: usize) -> bool {
        let mut k = verb;
        let mut seen = 0;
        while k > 0 && seen < 6 {
            k -= 1;
            seen += 1;
            let t = &self.toks[k];
            if self.is_boundary(k) || t.is_punct(',') {
                return false;
            }
            let w = t.lower.as_str();
            if self.lex.words.negation.has(w) || w.ends_with("n't") {
                return true;
            }
            if w == "one" && k > 0 && self.lower(k - 1) == "no" {
                return true;
            }
        }
        false
    }

    // ---------------------------------------------------------------------------------------
    // Actors

    /// The subject of the verb at `verb`: the nearest actor before it in its clause that is
    /// not the object of a preposition, with the actors coordinated with it; or a pronoun.
    fn subject(&self, verb: usize) -> Subject {
        let mut k = verb;
        while k > 0 {
            k -= 1;
            let t = &self.toks[k];
            if t.is_punct(',') {
                // Skip a parenthetical `, which …,` / `, who …,`.
                if let Some(open) = (0..k).rev().find(|&c| self.toks[c].is_punct(',')) {
                    if matches!(self.lower(open + 1), "which" | "who" | "whose" | "whom") {
                        k = open;
                    }
                }
                continue;
            }
            if self.is_boundary(k) {
                return Subject::None;
            }
            if let Some(actor) = &t.tag {
                let after_preposition = k > 0
                    && self.lex.words.preposition.has(self.lower(k - 1))
                    && !self.toks[k - 1].is_capitalized();
                if after_preposition {
                    continue;
                }
                let mut list = vec![(k, actor.clone())];
                let mut c = k;
                while c > 0 {
                    let w = self.lower(c - 1);
                    if matches!(w, "," | "and" | "the" | "both") {
                        c -= 1;
                        continue;
                    }
                    match &self.toks[c - 1].tag {
                        Some(a) => {
                            list.push((c - 1, a.clone()));
                            c -= 1;
                        }
                        None => break,
                    }
                }
                list.reverse();
                return Subject::Actors(list);
            }
            if t.is_word() && self.lex.words.subject_pronoun.has(&t.lower) {
                return Subject::Pronoun(k);
            }
        }
        Subject::None
    }

    /// A subject as actor ids: a pronoun is the first actor of the sentence that is not the
    /// object of a preposition.
    fn resolve(&self, subject: Subject) -> Vec<(usize, String)> {
        match subject {
            Subject::None => Vec::new(),
            Subject::Actors(list) => list.into_iter().map(|(k, a)| (k, a.id)).collect(),
            Subject::Pronoun(at) => (0..at)
                .find(|&k| {
                    self.toks[k].tag.is_some()
                        && !(k > 0 && self.lex.words.preposition.has(self.lower(k - 1)))
                })
                .and_then(|k| self.toks[k].tag.as_ref().map(|a| vec![(k, a.id.clone())]))
                .unwrap_or_default(),
        }
    }

    /// The party that warns or threatens in the sentence: the actor just before a threat word
    /// (`the EU warned`, `Washington has threatened`) or in a `from`/`by` phrase just after
    /// one (`warnings from Washington`); never one of the `targets`.
    fn threatener(&self, targets: &[(usize, String)]) -> Vec<(usize, String)> {
        let is_target = |id: &str| targets.iter().any(|(_, t)| t == id);
        for w in 0..self.toks.len() {
            if !self.lex.words.threat.has(self.lower(w)) {
                continue;
            }
            let mut k = w;
            while k > 0 {
                k -= 1;
                let t = &self.toks[k];
                if let Some(a) = &t.tag {
                    if !is_target(&a.id) {
                        return vec![(k, a.id.clone())];
                    }
                    break;
                }
                let skip = self.lex.words.auxiliary.has(&t.lower)
                    || self.lex.words.before_threat.has(&t.lower);
                if !skip {
                    break;
                }
            }
            if matches!(self.lower(w + 1), "from" | "by") {
                let mut k = w + 2;
                if self.lower(k) == "the" {
                    k += 1;
                }
                if let Some(a) = self.tok(k).and_then(|t| t.tag.as_ref()) {
                    if !is_target(&a.id) {
                        return vec![(k, a.id.clone())];
                    }
                }
            }
        }
        Vec::new()
    }

    /// The nearest actor before token `at`, skipping nothing but the sentence's start.
    fn nearest_actor_before(&self, at: usize) -> Option<(usize, String)> {
        (0..at)
            .rev()
            .find_map(|k| self.toks[k].tag.as_ref().map(|a| (k, a.id.clone())))
    }

    /// The actors in a token range.
    fn actors_in(&self, range: Range<usize>) -> Vec<(usize, String)> {
        range
            .filter_map(|k| {
                self.toks
                    .get(k)
                    .and_then(|t| t.tag.as_ref())
                    .map(|a| (k, a.id.clone()))
            })
            .collect()
    }

    /// The targets named in the phrase after the head: `on`/`against`/`targeting X`, `to X`
    /// for export bans, `of X` for blacklists.
    fn phrase_after(&self, m: &Mention) -> Vec<(usize, String)> {
        self.target_phrase(m.end, m.instrument)
    }

    /// The actors of a target phrase that starts at token `at` (`on X`, …).
    fn target_phrase(&self, at: usize, instrument: Instrument) -> Vec<(usize, String)> {
        let first = self.lower(at);
        let opens = match first {
            "on" | "against" | "targeting" => true,
            "to" => instrument == Instrument::ExportBan,
            "of" => instrument == Instrument::Blacklist,
            _ => false,
        };
        if !opens {
            return Vec::new();
        }
        let mut found = Vec::new();
        let mut k = at + 1;
        while k < self.toks.len() && k < at + 16 {
            let t = &self.toks[k];
            if !t.is_word() {
                if t.is_possessive() {
                    k += 1;
                    continue;
                }
                if t.is_punct(',') {
                    let next = self.tok(k + 1);
                    let ends = next.is_none_or(|n| {
                        !n.is_word()
                            || n.tag.is_none()
                                && (self.lex.is_determiner(&n.lower)
                                    || self.lex.words.function.has(&n.lower)
                                    || self.lex.words.boundary.has(&n.lower)
                                    || n.lower.ends_with("ing")
                                    || n.lower.ends_with("ed")
                                    || self.lex.is_verb(&n.lower))
                    });
                    if ends {
                        break;
                    }
                    k += 1;
                    continue;
                }
                break;
            }
            if t.tag.is_none() {
                let w = t.lower.as_str();
                if self.lex.words.target_stopper.has(w)
                    || w == "to" && instrument != Instrument::ExportBan
                    || self.lex.is_verb(w)
                    || self.lex.words.auxiliary.has(w)
                {
                    break;
                }
                if w == "in" {
                    let n = self.tok(k + 1);
                    if n.is_none_or(|n| n.is_digits() || self.lex.words.in_stopper.has(&n.lower)) {
                        break;
                    }
                }
            }
            if let Some(a) = &t.tag {
                found.push((k, a.id.clone()));
            } else if t.is_capitalized() {
                // A state's name inside another name: `Iran Air`.
                if let Some(a) = self.names.get(&t.text) {
                    found.push((k, a.id.clone()));
                }
            }
            k += 1;
        }
        found
    }

    /// `sanctions imposed by the EU`, `was sanctioned by the United States`: the actors of a
    /// `by` phrase starting at `at` (or after one participle there).
    fn by_phrase(&self, at: usize) -> Vec<(usize, String)> {
        let mut k = at;
        if self.lower(k) != "by" && self.lex.action(self.lower(k)).is_some() {
            k += 1;
        }
        if self.lower(k) != "by" {
            return Vec::new();
        }
        k += 1;
        let mut found = Vec::new();
        while k < self.toks.len() {
            let t = &self.toks[k];
            if let Some(a) = &t.tag {
                found.push((k, a.id.clone()));
            } else if !(t.is_punct(',') || matches!(t.lower.as_str(), "the" | "and" | "both")) {
                break;
            }
            k += 1;
        }
        found
    }

    /// `the arms embargo imposed on Russia by the EU in 2014`: the index after the participle
    /// (where a target phrase may start) and the actors of a `by` phrase in its clause.
    fn participle_after(&self, m: &Mention) -> Option<(usize, Vec<(usize, String)>)> {
        let w = self.lower(m.end);
        let imposing = matches!(
            self.lex.action(w),
            Some(Action::Impose | Action::Extend | Action::Threaten)
        );
        if !imposing || !(w.ends_with("ed") || w == "put") {
            return None;
        }
        Some((m.end + 1, self.by_in_clause(m.end + 1)))
    }

    /// The actors of the first `by` phrase from token `from` on, within 10 tokens of its
    /// clause.
    fn by_in_clause(&self, from: usize) -> Vec<(usize, String)> {
        (from..(from + 10).min(self.toks.len()))
            .take_while(|&k| !self.is_boundary(k) && !self.toks[k].is_punct(','))
            .find(|&k| self.lower(k) == "by")
            .map(|k| self.by_phrase(k))
            .unwrap_or_default()
    }

    /// `Western sanctions have cut Russia off`, `sanctions, which cut most Russian banks
    /// off`: the actors in the object of a verb whose subject is the measure.
    fn affected_object(&self, m: &Mention) -> Vec<(usize, String)> {
        let mut k = m.end;
        if self.tok(k).is_some_and(|t| t.is_punct(','))
            && matches!(self.lower(k + 1), "which" | "that")
        {
            k += 2;
            // `sanctions, which were imposed in 2014, target …`: the verb after the clause.
            let after_which = self.lower(k);
            if !self.lex.words.affect.has(after_which) && !self.lex.words.auxiliary.has(after_which)
                || self.lex.words.passive_auxiliary.has(after_which)
            {
                if let Some(close) = (k..self.toks.len()).find(|&c| self.toks[c].is_punct(',')) {
                    k = close + 1;
                }
            }
        } else if self.lower(k) == "that" {
            return Vec::new();
        }
        while k < self.toks.len()
            && (self.lex.words.auxiliary.has(self.lower(k))
                || self.lex.words.before_affect.has(self.lower(k)))
        {
            k += 1;
        }
        if !self.lex.words.affect.has(self.lower(k)) {
            return Vec::new();
        }
        let mut found = Vec::new();
        let mut j = k + 1;
        while j < self.toks.len() && j < k + 8 {
            let t = &self.toks[j];
            if let Some(a) = &t.tag {
                found.push((j, a.id.clone()));
            } else if !t.is_word() && !t.is_possessive()
                || self.lex.words.preposition.has(&t.lower) && t.lower != "off"
                || self.lex.words.boundary.has(&t.lower)
                || self.lex.is_verb(&t.lower)
            {
                break;
            }
            j += 1;
        }
        found
    }

    /// An `against X` anywhere else in the sentence.
    fn against_anywhere(&self, m: &Mention) -> Vec<(usize, String)> {
        for k in 0..self.toks.len() {
            if (m.start..m.end).contains(&k) || self.lower(k) != "against" {
                continue;
            }
            let mut j = k + 1;
            if self.tok(j).is_some_and(|t| t.lower == "the") {
                j += 1;
            }
            if let Some(a) = self.tok(j).and_then(|t| t.tag.as_ref()) {
                return vec![(j, a.id.clone())];
            }
        }
        Vec::new()
    }

    /// Second pass: a measure whose imposer or target the sentence does not tie to it takes
    /// them from the nearest other measure of the sentence with the same action (`keeping an
    /// oil embargo …` after `roll over their economic sanctions on Russia`).
    fn borrow_from_siblings(&self, mentions: &mut [Mention]) {
        let snapshot: Vec<(Action, Ids, Ids)> = mentions
            .iter()
            .map(|m| (m.action, m.target.clone(), m.imposer.clone()))
            .collect();
        for (i, m) in mentions.iter_mut().enumerate() {
            if !m.action.has_imposer_subject() {
                continue;
            }
            let order = (0..i).rev().chain(i + 1..snapshot.len());
            let siblings: Vec<usize> = order.filter(|&j| snapshot[j].0 == m.action).collect();
            if m.target.is_empty() {
                if let Some(&j) = siblings.iter().find(|&&j| !snapshot[j].1.is_empty()) {
                    m.target = snapshot[j].1.clone();
                }
            }
            if m.imposer.is_empty() {
                if let Some(&j) = siblings.iter().find(|&&j| !snapshot[j].2.is_empty()) {
                    m.imposer = snapshot[j].2.clone();
                }
            }
        }
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
