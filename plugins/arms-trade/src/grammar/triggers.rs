//! Trigger finding: the four local patterns that join a trigger to its items (items +
//! noun, items + participle, noun + of/for + items, verb + object), with the span each gives.

use std::ops::Range;

use marginalia_text::tokens::token_at;

use super::doc::{Doc, push_unique};
use super::extent::{Phrase, attach_pp};
use crate::data::{Direction, ItemTerm, NounReading, Reading, Status, Trigger};

/// What a pattern found before roles and status are set.
pub(super) struct Found {
    pub(super) span: Range<usize>,
    pub(super) items: Vec<String>,
    /// Token range of the item phrase (for actors inside it).
    pub(super) phrase: Range<usize>,
    pub(super) direction: Direction,
    pub(super) inherent: Option<Status>,
    pub(super) aggregate: bool,
    pub(super) noun: bool,
    pub(super) supplier: Vec<String>,
    pub(super) recipient: Vec<String>,
    /// Indirect object actor range (not an inner actor).
    pub(super) io: Option<Range<usize>>,
    /// Whether the first role candidate before the span is a premodifier/possessor of a noun.
    pub(super) premod: Option<(String, bool)>,
    /// Last token of the span.
    pub(super) last: usize,
    /// A deployment verb ("sent warships").
    pub(super) deploy: bool,
}

/// Tries the patterns in order: items + noun, items + participle, noun + of, verb + object.
pub(super) fn find(
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
pub(super) fn premodifier(doc: &Doc<'_>, start_tok: usize, floor: usize) -> Option<(String, bool)> {
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

pub(super) fn noun_of(
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
