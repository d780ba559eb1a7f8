//! Span extent: the item phrase after a trigger (determiners, numbers, hedges, adjectives,
//! coordinated items) and the `to X` / `from X` phrase that closes a verb or participle span.

use super::doc::{Doc, push_unique};
use super::triggers::Found;
use crate::data::{Direction, ItemTerm};

/// How many words before the first item an item phrase may hold.
pub(super) const MAX_LEAD: usize = 8;
/// How many words may separate coordinated items.
pub(super) const MAX_GAP: usize = 4;

/// An item phrase.
pub(super) struct Phrase {
    pub(super) items: Vec<String>,
    pub(super) from: usize,
    pub(super) last: usize,
}

impl Doc<'_> {
    /// Skips item extensions after token `j`; returns the last token of the item.
    pub(super) fn extend(&self, mut last: usize, limit: usize) -> usize {
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

    pub(super) fn blocked(&self, next: usize) -> bool {
        matches!(self.item_term(next), Some((_, ItemTerm::Blocker)))
    }

    /// The item phrase starting at token `from`, within `limit`.
    pub(super) fn scan_items(&self, from: usize, limit: usize) -> Option<Phrase> {
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
}

/// A to/from phrase right after a verb or participle span: kept in the span when its
/// object is an actor or a pronoun. "from X" after a give verb is a source, not a party.
pub(super) fn attach_pp(
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
