//! Direction and actors: `to X` / `from X` phrases, the subject, possessors and demonyms,
//! and which of them supplies and which receives.

use marginalia_text::mentions::Mention;
use marginalia_text::tokens::token_at;

use super::AFTER_WINDOW;
use super::doc::{Actor, Doc};
use super::triggers::Found;
use crate::data::Direction;

impl Doc<'_> {
    /// A `to X` / `from X` phrase at token `i`: (is "to", actor ids, last token kept in the
    /// span if the object is an actor or pronoun).
    pub(super) fn pp_at(
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
    pub(super) fn subject_ok(&self, actor: &Mention<Actor>, floor_token: usize) -> bool {
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

/// Fills `supplier` and `recipient` (see the crate doc): a to/from phrase after the span,
/// the agent (a possessor or demonym of a noun, else the subject), states inside the item
/// phrase.
pub(super) fn assign(doc: &Doc<'_>, found: &mut Found, floor: usize, limit: usize) {
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
        let excluded = doc.words.is("fixed", previous);
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
                role(found, false, vec![id]);
                if let Some(ids) = subj {
                    role(found, true, ids);
                }
            } else {
                role(found, agent_supplier, vec![id.clone()]);
                if let Some(ids) = subj.filter(|ids| !ids.contains(&id)) {
                    role(found, other_supplier, ids);
                }
            }
        } else if let Some(ids) = subj {
            role(found, agent_supplier, ids);
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
}

/// The nearest possible subject before token `before` (see the crate doc), with the actors
/// coordinated with it.
pub(super) fn subject(
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
