//! The local grammar: from trigger, item and cue matches and the actor annotations of one
//! document to transfers with their spans and attributes (see the crate doc).

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use marginalia_core::{Attrs, Document};
use marginalia_text::FoldedText;
use marginalia_text::mentions::{Mention, Mentions};
use marginalia_text::sentences::Sentences;
use marginalia_text::tokens::{Token, token_at, tokenize};

use crate::ArmsTrade;
use crate::data::{Direction, ItemTerm, NounReading, Reading, Status, Trigger};

/// How many words before the first item an item phrase may hold.
const MAX_LEAD: usize = 8;
/// How many words may separate coordinated items.
const MAX_GAP: usize = 4;
/// How many tokens before the span a status cue may be.
const CUE_WINDOW: usize = 15;
/// How many tokens after the span a to/from phrase or a speech cue may be.
const AFTER_WINDOW: usize = 15;

/// The closed word classes of `data/cues.txt`.
#[derive(Debug, Default)]
pub(crate) struct Words {
    classes: HashMap<String, HashSet<String>>,
}

impl Words {
    pub(crate) fn new(classes: HashMap<String, HashSet<String>>) -> Self {
        Words { classes }
    }

    fn is(&self, class: &str, word: &str) -> bool {
        self.classes
            .get(class)
            .is_some_and(|set| set.contains(word))
    }
}

/// One transfer to emit.
#[derive(Debug)]
pub(crate) struct Transfer {
    pub range: Range<usize>,
    pub attrs: Attrs,
}

/// An actor annotation.
#[derive(Clone, Debug)]
struct Actor {
    id: String,
    demonym: bool,
}

/// The document, tokenized and indexed once.
struct Doc<'a> {
    text: &'a str,
    tokens: Vec<Token>,
    lower: Vec<String>,
    /// For each token, the item match starting at it.
    item_at: Vec<Option<usize>>,
    /// For each token, the item match ending at it.
    item_end_at: Vec<Option<usize>>,
    items: Vec<(Range<usize>, &'a ItemTerm)>,
    actors: Mentions<Actor>,
    cues: Mentions<Status>,
    words: &'a Words,
}

/// What a pattern found before roles and status are set.
struct Found {
    span: Range<usize>,
    items: Vec<String>,
    /// Token range of the item phrase (for actors inside it).
    phrase: Range<usize>,
    direction: Direction,
    inherent: Option<Status>,
    aggregate: bool,
    noun: bool,
    supplier: Vec<String>,
    recipient: Vec<String>,
    /// Indirect object actor range (not an inner actor).
    io: Option<Range<usize>>,
    /// Whether the first role candidate before the span is a premodifier/possessor of a noun.
    premod: Option<(String, bool)>,
    /// Last token of the span.
    last: usize,
    /// A deployment verb ("sent warships").
    deploy: bool,
}

/// An item phrase.
struct Phrase {
    items: Vec<String>,
    from: usize,
    last: usize,
}

fn push_unique(list: &mut Vec<String>, value: String) {
    if !list.contains(&value) {
        list.push(value);
    }
}

impl<'a> Doc<'a> {
    fn word(&self, i: usize) -> &str {
        self.lower.get(i).map_or("", String::as_str)
    }

    fn is_word(&self, i: usize) -> bool {
        self.tokens.get(i).is_some_and(Token::is_word)
    }

    fn punct(&self, i: usize) -> Option<&str> {
        self.tokens
            .get(i)
            .filter(|t| !t.is_word())
            .map(|t| &self.text[t.range.clone()])
    }

    fn item_term(&self, i: usize) -> Option<(usize, &'a ItemTerm)> {
        self.item_at[i].map(|m| (m, self.items[m].1))
    }

    fn item_last_token(&self, m: usize) -> usize {
        let end = self.items[m].0.end;
        token_at(&self.tokens, end.saturating_sub(1))
    }

    fn actor_at(&self, i: usize) -> Option<&Mention<Actor>> {
        let t = self.tokens.get(i)?;
        self.actors
            .covering(t.range.start)
            .filter(|m| m.range.start >= t.range.start)
    }

    fn actor_last_token(&self, m: &Mention<Actor>) -> usize {
        token_at(&self.tokens, m.range.end.saturating_sub(1))
    }

    fn is_quote(s: &str) -> bool {
        matches!(s, "\"" | "“" | "”" | "‘" | "’" | "'" | "«" | "»")
    }

    /// Whether token `i` is followed by a possessive `'s` (or a bare `'` after -s).
    fn possessive_after(&self, i: usize) -> Option<usize> {
        let p = self.punct(i + 1)?;
        if !matches!(p, "'" | "’") {
            return None;
        }
        if self.word(i + 2) == "s" {
            Some(i + 3)
        } else {
            Some(i + 2)
        }
    }

    /// Skips item extensions after token `j`; returns the last token of the item.
    fn extend(&self, mut last: usize, limit: usize) -> usize {
        while last + 1 < limit {
            match self.item_term(last + 1) {
                Some((m, ItemTerm::Extension | ItemTerm::Generic)) => {
                    last = self.item_last_token(m)
                }
                _ => break,
            }
        }
        last
    }

    fn blocked(&self, next: usize) -> bool {
        matches!(self.item_term(next), Some((_, ItemTerm::Blocker)))
    }

    /// The item phrase starting at token `from`, within `limit`.
    fn scan_items(&self, from: usize, limit: usize) -> Option<Phrase> {
        let w = self.words;
        let mut items: Vec<String> = Vec::new();
        let mut first = None;
        let mut last = 0;
        let mut gap = 0;
        let mut coordination = false;
        let mut i = from;
        while i < limit {
            if let Some((m, term)) = self.item_term(i) {
                match term {
                    ItemTerm::Item(value) => {
                        let end = self.extend(self.item_last_token(m), limit);
                        if self.blocked(end + 1) {
                            break;
                        }
                        push_unique(&mut items, value.clone());
                        first.get_or_insert(i);
                        last = end;
                        i = end + 1;
                        gap = 0;
                        coordination = false;
                        continue;
                    }
                    ItemTerm::Reserved => break,
                    ItemTerm::Generic if coordination && !items.is_empty() => {
                        let end = self.item_last_token(m);
                        if self.blocked(end + 1) {
                            break;
                        }
                        let head = self.text[self.items[m].0.clone()]
                            .to_lowercase()
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join("_");
                        let before = self.word(i - 1);
                        let modifier = i > from
                            && self.is_word(i - 1)
                            && before.chars().all(char::is_alphabetic)
                            && !w.is("stop", before)
                            && !w.is("hedge", before)
                            && !w.is("determiner", before);
                        let value = if modifier {
                            format!("{before}_{head}")
                        } else {
                            head
                        };
                        push_unique(&mut items, value);
                        last = end;
                        i = end + 1;
                        gap = 0;
                        coordination = false;
                        continue;
                    }
                    _ => {}
                }
            }
            if let Some(p) = self.punct(i) {
                if Self::is_quote(p) {
                    i += 1;
                    continue;
                }
                if p == "," && !items.is_empty() {
                    coordination = true;
                    gap += 1;
                    if gap > MAX_GAP {
                        break;
                    }
                    i += 1;
                    continue;
                }
                if matches!(p, "$" | "€" | "£") {
                    i += 1;
                    continue;
                }
                break;
            }
            let word = self.word(i);
            let previous = if i > from { self.word(i - 1) } else { "" };
            let allowed = match word {
                "and" | "or" => !items.is_empty(),
                "to" => previous == "up",
                "than" => matches!(previous, "more" | "less" | "fewer" | "other" | "rather"),
                "as" => matches!(previous, "as" | "many" | "much") || self.word(i + 1) == "many",
                "of" => true,
                _ => !w.is("stop", word),
            };
            if !allowed {
                break;
            }
            if matches!(word, "and" | "or") {
                coordination = true;
            }
            if word.len() > 5 && word.ends_with("ing") {
                break;
            }
            gap += 1;
            if (items.is_empty() && gap > MAX_LEAD) || (!items.is_empty() && gap > MAX_GAP) {
                break;
            }
            i += 1;
        }
        first?;
        Some(Phrase { items, from, last })
    }

    /// A `to X` / `from X` phrase at token `i`: (is "to", actor ids, last token kept in the
    /// span if the object is an actor or pronoun).
    fn pp_at(
        &self,
        i: usize,
        limit: usize,
        floor: usize,
    ) -> Option<(bool, Vec<String>, Option<usize>)> {
        let to = match self.word(i) {
            "to" => true,
            "from" => false,
            _ => return None,
        };
        let mut j = i + 1;
        if self.word(j) == "the" {
            j += 1;
        }
        if j >= limit {
            return None;
        }
        if let Some(actor) = self.actor_at(j) {
            let mut last = self.actor_last_token(actor);
            let mut ids = vec![actor.value.id.clone()];
            let mut keep = true;
            if actor.value.demonym {
                if self.words.is("force", self.word(last + 1)) && last + 1 < limit {
                    last += 1;
                    if self.word(last) == "air" && self.word(last + 1) == "force" {
                        last += 1;
                    }
                } else {
                    keep = false;
                }
            }
            // "to Russia and Belarus": a coordinated second actor.
            if keep && matches!(self.word(last + 1), "and" | "or") {
                if let Some(second) = self.actor_at(last + 2).filter(|a| {
                    !a.value.demonym && self.possessive_after(self.actor_last_token(a)).is_none()
                }) {
                    ids.push(second.value.id.clone());
                    last = self.actor_last_token(second);
                }
            }
            return Some((to, ids, keep.then_some(last)));
        }
        if self.words.is("pronoun", self.word(j)) && matches!(self.word(j), "it" | "them") {
            let pronoun_start = self.tokens[j].range.start;
            let ids = self
                .actors
                .before(pronoun_start, floor)
                .find(|a| !a.value.demonym)
                .map(|a| vec![a.value.id.clone()])
                .unwrap_or_default();
            return Some((to, ids, Some(j)));
        }
        None
    }

    /// Whether an actor mention is a possible subject (see the crate doc).
    fn subject_ok(&self, actor: &Mention<Actor>, floor_token: usize) -> bool {
        let w = self.words;
        let first = token_at(&self.tokens, actor.range.start);
        let last = self.actor_last_token(actor);
        let mut before = first;
        while before > floor_token && self.word(before - 1) == "the" {
            before -= 1;
        }
        if before > floor_token && w.is("nonsubject", self.word(before - 1)) {
            return false;
        }
        // Inside a hyphenated token ("US-drafted") or another word: only as a demonym.
        if let Some(next) = self.possessive_after(last) {
            return w.is("agent", self.word(next));
        }
        if actor.value.demonym {
            let next = self.word(last + 1);
            return w.is("agent", next) || self.item_term(last + 1).is_some();
        }
        true
    }
}

/// The effective start of a sentence: after a dateline ("NEW DELHI —", "BEIJING, Jan 12 -").
fn after_dateline(doc: &Doc<'_>, first: usize, limit: usize) -> usize {
    let Some(t) = doc.tokens.get(first) else {
        return first;
    };
    let head = &doc.text[t.range.clone()];
    if head.chars().count() < 2 || !head.chars().all(|c| c.is_uppercase() || c == '.') {
        return first;
    }
    for i in first..limit.min(first + 10) {
        if let Some(p) = doc.punct(i) {
            if matches!(p, "—" | "–" | "-") {
                return i + 1;
            }
            if matches!(p, "," | "/" | "(" | ")" | ".") {
                continue;
            }
            return first;
        }
        let s = &doc.text[doc.tokens[i].range.clone()];
        if !s.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) {
            return first;
        }
    }
    first
}

pub(crate) fn analyse(plugin: &ArmsTrade, document: &Document<'_>) -> Vec<Transfer> {
    let text = document.text();
    let folded = FoldedText::new(text);
    let tokens = tokenize(text);
    let lower: Vec<String> = tokens
        .iter()
        .map(|t| text[t.range.clone()].to_lowercase())
        .collect();
    let items: Vec<(Range<usize>, &ItemTerm)> = plugin
        .items
        .find_iter(&folded)
        .map(|m| (m.range, m.value))
        .collect();
    let mut item_at = vec![None; tokens.len()];
    let mut item_end_at = vec![None; tokens.len()];
    for (n, (range, _)) in items.iter().enumerate() {
        let first = token_at(&tokens, range.start);
        let last = token_at(&tokens, range.end.saturating_sub(1));
        // Only items that start a token ("weapons", not "non-weapons").
        if first < tokens.len() && tokens[first].range.start == range.start {
            item_at[first] = Some(n);
            if last < tokens.len() && tokens[last].range.end == range.end {
                item_end_at[last] = Some(n);
            }
        }
    }
    let actors = Mentions::new(document.annotations_labelled("actor").filter_map(|a| {
        let id = a.attrs.get_str("id")?;
        let demonym = a.attrs.get_str("kind") == Some("demonym");
        Some((
            a.start..a.end,
            Actor {
                id: id.to_owned(),
                demonym,
            },
        ))
    }));
    let cues = Mentions::new(plugin.cues.find_iter(&folded).map(|m| (m.range, *m.value)));
    let doc = Doc {
        text,
        tokens,
        lower,
        item_at,
        item_end_at,
        items,
        actors,
        cues,
        words: &plugin.words,
    };
    let sentences = Sentences::new(text);
    let mut out: Vec<Transfer> = Vec::new();
    let mut taken_until = 0usize;
    for trigger in plugin.triggers.find_iter(&folded) {
        if trigger.range.start < taken_until {
            continue;
        }
        let Some(sentence) = sentences.containing(trigger.range.start) else {
            continue;
        };
        if trigger.range.end > sentence.end {
            continue;
        }
        let s_first = token_at(&doc.tokens, sentence.start);
        let s_limit = token_at(&doc.tokens, sentence.end);
        let floor = after_dateline(&doc, s_first, s_limit);
        let t0 = token_at(&doc.tokens, trigger.range.start);
        let t1 = token_at(&doc.tokens, trigger.range.end.saturating_sub(1));
        if t0 < floor || t1 >= s_limit {
            continue;
        }
        // Whole tokens only: not "ship" in "anti-ship".
        if doc.tokens[t0].range.start != trigger.range.start
            || doc.tokens[t1].range.end != trigger.range.end
        {
            continue;
        }
        // International news: a transfer names at least one state or organisation.
        let floor_byte = doc.tokens[floor].range.start;
        if doc.actors.inside(floor_byte..sentence.end).next().is_none() {
            continue;
        }
        let Some(found) = find(&doc, trigger.value, t0, t1, floor, s_limit) else {
            continue;
        };
        if found.span.start < taken_until {
            continue;
        }
        let Some(transfer) = finish(&doc, found, t0, floor, s_limit, &plugin.deployable) else {
            continue;
        };
        taken_until = transfer.range.end;
        out.push(transfer);
    }
    out
}

/// Tries the patterns in order: items + noun, items + participle, noun + of, verb + object.
fn find(
    doc: &Doc<'_>,
    trigger: &Trigger,
    t0: usize,
    t1: usize,
    floor: usize,
    limit: usize,
) -> Option<Found> {
    let w = doc.words;
    let base = |span: Range<usize>, items, phrase, reading: Reading, last| Found {
        span,
        items,
        phrase,
        direction: reading.direction,
        inherent: reading.status,
        aggregate: false,
        noun: false,
        supplier: Vec::new(),
        recipient: Vec::new(),
        io: None,
        premod: None,
        last,
        deploy: reading.deploy,
    };
    // Items right before: "arms imports", "F-16 sale"; or a participle "jets bought from".
    if t0 > floor {
        if let Some(m) = doc.item_end_at[t0 - 1] {
            if let (Some(noun), ItemTerm::Item(_)) = (trigger.noun, doc.items[m].1) {
                let mut start_tok = token_at(&doc.tokens, doc.items[m].0.start);
                let mut values = Vec::new();
                let mut chain = vec![m];
                while start_tok > floor {
                    match doc.item_end_at[start_tok - 1] {
                        Some(p) if matches!(doc.items[p].1, ItemTerm::Item(_)) => {
                            chain.push(p);
                            start_tok = token_at(&doc.tokens, doc.items[p].0.start);
                        }
                        _ => break,
                    }
                }
                for &c in chain.iter().rev() {
                    if let ItemTerm::Item(v) = doc.items[c].1 {
                        push_unique(&mut values, v.clone());
                    }
                }
                // Keep only the head's type when a model precedes it ("F-16 fighter jets").
                let values = vec![values.last().cloned().unwrap_or_default()];
                let needs_pp_ok = !noun.needs_pp || doc.pp_at(t1 + 1, limit, floor).is_some();
                if needs_pp_ok && !doc.blocked(t1 + 1) {
                    let mut found = base(
                        doc.tokens[start_tok].range.start..doc.tokens[t1].range.end,
                        values,
                        start_tok..t0,
                        noun.reading,
                        t1,
                    );
                    found.aggregate = noun.aggregate;
                    found.noun = true;
                    found.premod = premodifier(doc, start_tok, floor);
                    return Some(found);
                }
            }
        }
        let participle =
            trigger.participle || (trigger.verb.is_some() && doc.word(t1).ends_with("ed"));
        if let (true, Some(reading)) = (participle, trigger.verb) {
            let mut k = t0;
            while k > floor && k + 3 > t0 && w.is("auxiliary", doc.word(k - 1)) {
                k -= 1;
            }
            if k > floor {
                if let Some(m) = doc.item_end_at[k - 1]
                    .filter(|&m| matches!(doc.items[m].1, ItemTerm::Item(_) | ItemTerm::Extension))
                {
                    let mut start_tok = token_at(&doc.tokens, doc.items[m].0.start);
                    let mut values = Vec::new();
                    let mut chain = vec![m];
                    while start_tok > floor {
                        match doc.item_end_at[start_tok - 1] {
                            Some(p) if matches!(doc.items[p].1, ItemTerm::Item(_)) => {
                                chain.push(p);
                                start_tok = token_at(&doc.tokens, doc.items[p].0.start);
                            }
                            _ => break,
                        }
                    }
                    for &c in chain.iter().rev() {
                        if let ItemTerm::Item(v) = doc.items[c].1 {
                            push_unique(&mut values, v.clone());
                        }
                    }
                    if let Some(value) = values.last().cloned() {
                        let item_start = start_tok;
                        while start_tok > floor {
                            let word = doc.word(start_tok - 1);
                            let numeric = word.starts_with(|c: char| c.is_ascii_digit());
                            if doc.is_word(start_tok - 1)
                                && (numeric
                                    || (w.is("hedge", word)
                                        && !matches!(word, "a" | "an" | "of" | "to")))
                            {
                                start_tok -= 1;
                            } else {
                                break;
                            }
                        }
                        // "up to 40", "more than 200": only when the number is kept.
                        let _ = item_start;
                        let mut found = base(
                            doc.tokens[start_tok].range.start..doc.tokens[t1].range.end,
                            vec![value],
                            start_tok..t0,
                            reading,
                            t1,
                        );
                        // The subject before the items is the recipient of what was bought
                        // or supplied to them.
                        found.direction = Direction::Get;
                        attach_pp(doc, &mut found, t1 + 1, limit, floor, reading.direction);
                        return Some(found);
                    }
                }
            }
        }
    }
    // Noun + of/for + items: "sale of 40 F-16 jets".
    if let Some(noun) = trigger.noun {
        let next = doc.word(t1 + 1);
        if next == "of" || (next == "for" && noun.takes_for) {
            if let Some(phrase) = doc.scan_items(t1 + 2, limit) {
                return noun_of(doc, noun, t0, phrase, floor, limit);
            }
        }
    }
    // Verb + object.
    let reading = trigger.verb?;
    if t0 > floor {
        let previous = doc.word(t0 - 1);
        if w.is("determiner", previous) || doc.possessive_after(t0.saturating_sub(2)) == Some(t0) {
            return None;
        }
    }
    let mut start = t1 + 1;
    let mut io = None;
    if reading.direction == Direction::Give {
        let mut j = start;
        if doc.word(j) == "the" {
            j += 1;
        }
        if let Some(actor) = doc.actor_at(j).filter(|a| !a.value.demonym) {
            let after = doc.actor_last_token(actor) + 1;
            let from = if doc.word(after) == "with" {
                after + 1
            } else {
                after
            };
            if doc
                .item_term(after)
                .is_none_or(|(_, t)| !matches!(t, ItemTerm::Extension | ItemTerm::Blocker))
            {
                if let Some(phrase) = doc.scan_items(from, limit) {
                    io = Some((actor.range.clone(), actor.value.id.clone()));
                    start = from;
                    let _ = phrase;
                }
            }
        }
    }
    let phrase = doc.scan_items(start, limit)?;
    let mut found = base(
        doc.tokens[t0].range.start..doc.tokens[phrase.last].range.end,
        phrase.items,
        phrase.from..phrase.last + 1,
        reading,
        phrase.last,
    );
    if let Some((range, id)) = io {
        found.recipient.push(id);
        found.io = Some(range);
    }
    attach_pp(
        doc,
        &mut found,
        phrase.last + 1,
        limit,
        floor,
        reading.direction,
    );
    Some(found)
}

/// A possessor or demonym right before a noun span ("Pyongyang's", "Indian"): its id and
/// whether it was a demonym.
fn premodifier(doc: &Doc<'_>, start_tok: usize, floor: usize) -> Option<(String, bool)> {
    if start_tok == floor {
        return None;
    }
    let start = doc.tokens[start_tok].range.start;
    let previous = start_tok - 1;
    if let Some(actor) = doc.actors.last_before(start, doc.tokens[floor].range.start) {
        let last = doc.actor_last_token(actor);
        if last == previous {
            return Some((actor.value.id.clone(), actor.value.demonym));
        }
        if doc.possessive_after(last) == Some(start_tok) {
            return Some((actor.value.id.clone(), false));
        }
    }
    None
}

fn noun_of(
    doc: &Doc<'_>,
    noun: NounReading,
    t0: usize,
    phrase: Phrase,
    floor: usize,
    limit: usize,
) -> Option<Found> {
    if noun.needs_pp && doc.pp_at(phrase.last + 1, limit, floor).is_none() {
        return None;
    }
    let mut found = Found {
        span: doc.tokens[t0].range.start..doc.tokens[phrase.last].range.end,
        items: phrase.items,
        phrase: phrase.from..phrase.last + 1,
        direction: noun.reading.direction,
        inherent: noun.reading.status,
        aggregate: noun.aggregate,
        noun: true,
        supplier: Vec::new(),
        recipient: Vec::new(),
        io: None,
        premod: premodifier(doc, t0, floor),
        last: phrase.last,
        deploy: false,
    };
    // Roles from a to/from phrase right after; never part of a noun span.
    if let Some((to, ids, _)) = doc.pp_at(phrase.last + 1, limit, floor) {
        let role = if to {
            &mut found.recipient
        } else {
            &mut found.supplier
        };
        for id in ids {
            push_unique(role, id);
        }
    }
    Some(found)
}

/// A to/from phrase right after a verb or participle span: kept in the span when its
/// object is an actor or a pronoun. "from X" after a give verb is a source, not a party.
fn attach_pp(
    doc: &Doc<'_>,
    found: &mut Found,
    at: usize,
    limit: usize,
    floor: usize,
    direction: Direction,
) {
    let mut at = at;
    for _ in 0..2 {
        let Some((to, ids, keep)) = doc.pp_at(at, limit, floor) else {
            return;
        };
        if !to && direction == Direction::Give {
            return;
        }
        let role = if to {
            &mut found.recipient
        } else {
            &mut found.supplier
        };
        for id in ids {
            push_unique(role, id);
        }
        let Some(last) = keep else {
            return;
        };
        found.span.end = doc.tokens[last].range.end;
        found.last = last;
        at = last + 1;
    }
}

/// The nearest possible subject before token `before` (see the crate doc), with the actors
/// coordinated with it.
fn subject(
    doc: &Doc<'_>,
    before: usize,
    floor: usize,
    skip: &[String],
) -> Option<(Vec<String>, bool)> {
    let floor_byte = doc.tokens.get(floor)?.range.start;
    let offset = doc.tokens.get(before)?.range.start;
    let actor = doc
        .actors
        .before(offset, floor_byte)
        .find(|a| doc.subject_ok(a, floor) && !skip.contains(&a.value.id))?;
    let mut ids = vec![actor.value.id.clone()];
    let mut coordinated = false;
    let first = token_at(&doc.tokens, actor.range.start);
    if first > floor + 1 && matches!(doc.word(first - 1), "and" | "or") {
        if let Some(other) = doc
            .actors
            .last_before(doc.tokens[first - 1].range.start, floor_byte)
        {
            if doc.actor_last_token(other) + 2 == first {
                ids.insert(0, other.value.id.clone());
                coordinated = true;
            }
        }
    }
    Some((ids, coordinated))
}

/// Sets roles, status and cameo, and builds the transfer.
fn finish(
    doc: &Doc<'_>,
    mut found: Found,
    t0: usize,
    floor: usize,
    limit: usize,
    deployable: &crate::data::Deployable,
) -> Option<Transfer> {
    let span_first = token_at(&doc.tokens, found.span.start);
    // A to/from phrase later in the clause ("..., from the French manufacturer Dassault").
    let mut i = found.last + 1;
    let mut commas = 0;
    while i < limit && i <= found.last + AFTER_WINDOW {
        if let Some(p) = doc.punct(i) {
            if p == "," && commas < 2 {
                commas += 1;
                i += 1;
                continue;
            }
            break;
        }
        let previous = doc.word(i - 1);
        let excluded = matches!(
            previous,
            "according"
                | "up"
                | "due"
                | "addition"
                | "prior"
                | "close"
                | "compared"
                | "thanks"
                | "next"
                | "as"
                | "similar"
                | "contrary"
                | "relative"
        );
        if !excluded {
            if let Some((to, ids, _)) = doc.pp_at(i, limit, floor) {
                if (to && commas == 0 && i <= found.last + 4 && found.recipient.is_empty())
                    || (!to && found.supplier.is_empty())
                {
                    let role = if to {
                        &mut found.recipient
                    } else {
                        &mut found.supplier
                    };
                    role.extend(ids);
                }
                break;
            }
        }
        i += 1;
    }
    // The agent: a possessor or demonym of a noun, else the subject.
    let (agent_role_is_supplier, other_is_supplier) = match found.direction {
        Direction::Give => (Some(true), Some(false)),
        Direction::Get => (Some(false), Some(true)),
        Direction::None => (None, None),
    };
    let taken: Vec<String> = found
        .supplier
        .iter()
        .chain(&found.recipient)
        .cloned()
        .collect();
    // The subject comes before a possessor or demonym of a noun span.
    let subject_before = match &found.premod {
        Some(_) if span_first > floor => {
            let start = doc.tokens[span_first].range.start;
            doc.actors
                .last_before(start, doc.tokens[floor].range.start)
                .map_or(span_first, |a| token_at(&doc.tokens, a.range.start))
        }
        _ => span_first,
    };
    let subj = subject(doc, subject_before, floor, &taken);
    let subj = match subj {
        Some((_, true)) if found.noun => None,
        Some((ids, _)) => Some(ids),
        None => None,
    };
    let role = |found: &mut Found, supplier: bool, ids: Vec<String>| {
        let list = if supplier {
            &mut found.supplier
        } else {
            &mut found.recipient
        };
        if list.is_empty() {
            list.extend(ids);
        }
    };
    if let (Some(agent_supplier), Some(other_supplier)) =
        (agent_role_is_supplier, other_is_supplier)
    {
        if let Some((id, demonym)) = found.premod.clone().filter(|(id, _)| !taken.contains(id)) {
            if demonym && agent_supplier && found.recipient.is_empty() && subj.is_some() {
                role(&mut found, false, vec![id]);
                if let Some(ids) = subj {
                    role(&mut found, true, ids);
                }
            } else {
                role(&mut found, agent_supplier, vec![id.clone()]);
                if let Some(ids) = subj.filter(|ids| !ids.contains(&id)) {
                    role(&mut found, other_supplier, ids);
                }
            }
        } else if let Some(ids) = subj {
            role(&mut found, agent_supplier, ids);
        }
    }
    // States inside the item phrase ("South Korean weapons") supply them.
    if found.supplier.is_empty() {
        let window = doc.tokens[found.phrase.start.min(doc.tokens.len() - 1)]
            .range
            .start
            ..doc.tokens[found.phrase.end.saturating_sub(1).min(doc.tokens.len() - 1)]
                .range
                .end;
        let inner: Vec<String> = doc
            .actors
            .inside(window)
            .filter(|a| found.io.as_ref() != Some(&a.range))
            .map(|a| a.value.id.clone())
            .filter(|id| !found.recipient.contains(id))
            .collect();
        if let Some(id) = inner.into_iter().next() {
            found.supplier.push(id);
        }
    }
    let supplier = found.supplier.clone();
    found.recipient.retain(|id| !supplier.contains(id));

    // "sent warships to escort tankers": a deployment, unless someone receives them.
    if found.deploy
        && found.recipient.is_empty()
        && found.items.iter().all(|item| deployable.contains(item))
    {
        return None;
    }
    let status = status(doc, &found, t0, span_first, floor, limit);
    let mut attrs = Attrs::new()
        .with("items", found.items.clone())
        .with("status", status.as_str());
    if !found.supplier.is_empty() {
        attrs.insert("supplier", found.supplier.clone());
    }
    if !found.recipient.is_empty() {
        attrs.insert("recipient", found.recipient.clone());
    }
    if status == Status::Actual {
        attrs.insert("cameo", "072");
    }
    Some(Transfer {
        range: found.span,
        attrs,
    })
}

/// The status (see the crate doc).
fn status(
    doc: &Doc<'_>,
    found: &Found,
    t0: usize,
    span_first: usize,
    floor: usize,
    limit: usize,
) -> Status {
    let floor_byte = doc.tokens[floor].range.start;
    let window_start = doc.tokens[span_first.saturating_sub(CUE_WINDOW).max(floor)]
        .range
        .start;
    let trigger_start = doc.tokens[t0].range.start;
    let parties: Vec<&String> = found.supplier.iter().chain(&found.recipient).collect();
    let speaker_is_party = |cue: &Mention<Status>, after: bool| -> bool {
        let ids: Vec<String> = if after {
            let end = doc.tokens[(token_at(&doc.tokens, cue.range.end) + 5).min(limit.max(1) - 1)]
                .range
                .end;
            doc.actors
                .inside(cue.range.end..end)
                .map(|a| a.value.id.clone())
                .collect()
        } else {
            let cue_tok = token_at(&doc.tokens, cue.range.start);
            subject(doc, cue_tok, floor, &[])
                .map(|(ids, _)| ids)
                .unwrap_or_default()
        };
        !ids.is_empty() && ids.iter().all(|id| parties.contains(&id))
    };
    // Cues before the trigger (for a participle or noun span: before the trigger too, but
    // only those outside the span).
    let trigger_end = doc.tokens[t0].range.end;
    let before = doc
        .cues
        .before(trigger_end, window_start.max(floor_byte))
        .find(|c| c.range.start < trigger_start);
    let resolve = |cue: &Mention<Status>, after: bool| -> Status {
        match cue.value {
            Status::Attribution if found.aggregate => found.inherent.unwrap_or(Status::Actual),
            Status::Attribution if speaker_is_party(cue, after) => {
                found.inherent.unwrap_or(Status::Actual)
            }
            Status::Attribution => Status::Alleged,
            Status::Actual => found.inherent.unwrap_or(Status::Actual),
            other => other,
        }
    };
    if let Some(cue) = before {
        return resolve(cue, false);
    }
    if let Some(inherent) = found.inherent {
        return inherent;
    }
    let after_end = doc.tokens[(found.last + AFTER_WINDOW).min(limit.max(1) - 1)]
        .range
        .end;
    if let Some(cue) = doc
        .cues
        .after(found.span.end, after_end)
        .find(|c| matches!(c.value, Status::Alleged | Status::Attribution))
    {
        return resolve(cue, true);
    }
    Status::Actual
}
