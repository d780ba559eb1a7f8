//! The `event` of a mention, from the predicate that takes it as an argument.
//!
//! The mention is an object when a word before it in its clause governs it: a verb
//! (`signed a pact`, `will not renew the memorandum`), a noun with `of` (`ratification of`,
//! `the possibility of new deals`), or a verb with a particle (`withdrew the United States
//! from the accord`, `put their names to the pact`). Otherwise it is a subject, and a passive
//! or `replace` after it decides (`the pact was signed by ...`, `RCEP, which groups ..., was
//! signed`). Relative clauses and participles that only modify the mention (`, which Moscow
//! and Pyongyang concluded in 2000`, `signed in 1949`) never set the event.

use crate::kind::Event;
use crate::sentence::{Sentence, TokKind};
use crate::vocab::{List, Words};

/// What decided the event, for the attributes that depend on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Governor {
    /// A predicate before the mention (its verb or noun at this token): the mention is its
    /// object, and the clause's subject is a party.
    Predicate(usize),
    /// A passive after the mention (its participle at this token): the mention is its
    /// subject, and the agents after it are parties.
    Passive(usize),
    /// An active verb after the mention, whose subject it is (`the pact replaces ...`).
    Subject(usize),
    /// Anything else: a preposition, another verb, nothing.
    Other,
}

/// The event of the mention at tokens `first..=last`, and what decided it.
pub(crate) fn detect(s: &Sentence<'_>, first: usize, last: usize) -> (Event, Governor) {
    let clause_start = s.clause(first, false).start;
    let mut k = first;
    // A possessor before the mention: `ratify Sweden’s accession protocol`.
    if k > s.body && s.toks[k - 1].kind == TokKind::Possessive {
        k -= 1;
        let mut words = 0;
        while k > clause_start && words < 4 && s.toks[k - 1].is_word() {
            let w = s.word(k - 1);
            if s.v.is(List::StopWords, w) || s.v.is(List::Verbs, w) || s.v.predicate(w).is_some() {
                break;
            }
            k -= 1;
            words += 1;
            if s.v.is(List::Determiners, w) {
                break;
            }
        }
    }
    // The article before a name: `left the Intermediate-Range Nuclear Forces Treaty`,
    // `agreed a Double Contributions Convention`.
    if k > clause_start && s.toks[k - 1].year().is_some() {
        k -= 1; // `ratify the 1986 International Cocoa Agreement`
    }
    if k > clause_start && matches!(s.word(k - 1), "the" | "a" | "an") {
        k -= 1;
    }
    // Adverbs between a verb and its object: `formally revoked`, `has since ratified`.
    while k > clause_start && s.v.is(List::Adverbs, s.word(k - 1)) {
        k -= 1;
    }
    if k <= clause_start || k <= s.body || s.boundary(k).is_some() {
        return passive_after(s, last);
    }
    let p = k - 1;
    let t = &s.toks[p];
    if !t.is_word() {
        return if t.is_punct("(") || t.is_punct("“") || t.is_punct("\"") {
            (Event::Mention, Governor::Other)
        } else {
            passive_after(s, last)
        };
    }
    let w = s.word(p);
    if let Some(event) = verb_event(s, p) {
        return (event, Governor::Predicate(p));
    }
    if let Some((event, at)) = particle_event(s, p) {
        return (event, Governor::Predicate(at));
    }
    if s.v.is(List::ClauseOpeners, w) || matches!(w, "that" | "as") {
        return passive_after(s, last);
    }
    (Event::Mention, Governor::Other)
}

/// Whether the verb at `p` is negated or refused (`did not renew`, `never ratified`,
/// `refused to sign`).
fn negated(s: &Sentence<'_>, p: usize) -> bool {
    (p.saturating_sub(3)..p).any(|i| s.v.is(List::Negators, s.word(i)))
}

/// The event of a verb that takes the mention as its object.
fn verb_event(s: &Sentence<'_>, p: usize) -> Option<Event> {
    let w = s.word(p);
    if s.v.is(List::Renew, w) {
        return Some(if negated(s, p) {
            Event::Withdraw
        } else {
            Event::Mention
        });
    }
    let event = s.v.predicate(w)?;
    if negated(s, p) {
        return Some(Event::Mention);
    }
    // `applied to join the CPTPP`: a proposal.
    let joins = s.v.is(List::Join, w);
    if joins && s.word(p.wrapping_sub(1)) == "to" && s.v.is(List::Apply, s.word(p.wrapping_sub(2)))
    {
        return Some(Event::Propose);
    }
    Some(event)
}

/// The event of a preposition or particle before the mention with the words before it
/// (`ratification of`, `from` after `withdrew`, `accession to`, `talks on`), and the token of
/// the predicate; `None` when the word at `p` is not one.
fn particle_event(s: &Sentence<'_>, p: usize) -> Option<(Event, usize)> {
    let w = s.word(p);
    let n = s.word(p.wrapping_sub(1));
    let back = |range: std::ops::Range<usize>, list: &Words| {
        range
            .rev()
            .filter(|&i| i >= s.body)
            .find(|&i| list.has(s.word(i)))
    };
    let oblique = Some((Event::Mention, p));
    match w {
        "of" => {
            if n == "place" {
                let take = back(p.saturating_sub(4)..p, s.v.list(List::Take));
                return Some(take.map_or((Event::Mention, p), |t| (Event::Replace, t)));
            }
            if n == "out" {
                let verb = back(p.saturating_sub(3)..p - 1, s.v.list(List::WithdrawVerbs));
                return Some(verb.map_or((Event::Mention, p), |v| (Event::Withdraw, v)));
            }
            if let Some(event) = s.v.noun_of(n) {
                let revoked = back(p.saturating_sub(4)..p - 1, s.v.list(List::Revoke));
                return Some(match (event, revoked) {
                    (Event::Ratify, Some(v)) => (Event::Withdraw, v),
                    _ => (event, p - 1),
                });
            }
            if s.v.is(List::MemberNouns, n) {
                let became = back(p.saturating_sub(5)..p - 1, s.v.list(List::Become));
                return Some(became.map_or((Event::Mention, p), |v| (Event::Ratify, v)));
            }
            oblique
        }
        "from" => {
            let verb = back(p.saturating_sub(6)..p, s.v.list(List::WithdrawVerbs));
            Some(verb.map_or((Event::Mention, p), |v| (Event::Withdraw, v)))
        }
        "in" => {
            let suspended = n == "participation"
                && back(p.saturating_sub(4)..p - 1, s.v.list(List::Suspend)).is_some();
            Some(if suspended {
                (Event::Withdraw, p - 1)
            } else {
                (Event::Mention, p)
            })
        }
        "to" => {
            let event = if s.v.is(List::ToRatify, n) {
                Event::Ratify
            } else if s.v.is(List::ToSign, n) {
                Event::Sign
            } else {
                Event::Mention
            };
            let event =
                if n == "up" && s.v.predicate(s.word(p.wrapping_sub(2))) != Some(Event::Sign) {
                    Event::Mention
                } else {
                    event
                };
            Some((event, p.saturating_sub(1)))
        }
        "on" | "for" | "over" => {
            if s.v.is(List::ProposalNouns, n) {
                Some((Event::Propose, p - 1))
            } else if w == "on" && s.v.is(List::Agree, n) {
                Some((Event::Sign, p - 1))
            } else {
                oblique
            }
        }
        "into" => Some(if s.v.is(List::Enter, n) {
            (Event::Sign, p - 1)
        } else {
            (Event::Mention, p)
        }),
        "up" => Some(if s.v.is(List::Tear, n) {
            (Event::Withdraw, p - 1)
        } else {
            (Event::Mention, p)
        }),
        _ if s.v.is(List::StopWords, w) && !s.v.is(List::ClauseOpeners, w) && w != "that" => {
            oblique
        }
        _ => None,
    }
}

/// The event when the mention is a subject: a passive of a treaty verb after it (`was signed
/// by`, `has been ratified`), or `replaces` / `takes the place of`; else a plain mention.
/// Skips an apposition or relative clause between commas (`RCEP, which groups ..., was
/// signed`).
fn passive_after(s: &Sentence<'_>, last: usize) -> (Event, Governor) {
    let n = s.toks.len();
    let mut k = last + 1;
    if k < n && s.toks[k].kind == TokKind::Possessive {
        return (Event::Mention, Governor::Other);
    }
    if k < n && s.toks[k].is_punct("(") {
        k = (k..n)
            .find(|&j| s.toks[j].is_punct(")"))
            .map_or(k, |j| j + 1);
    }
    if k < n && s.toks[k].is_punct(",") {
        // The next comma that is followed by a verb-like lower-case word closes the aside.
        let close = (k + 1..n.min(k + 40)).find(|&j| {
            s.toks[j].is_punct(",")
                && s.toks.get(j + 1).is_some_and(|t| {
                    t.is_lowercase()
                        && !matches!(t.lower.as_str(), "and" | "or")
                        && s.actor_covering(j + 1).is_none()
                })
        });
        k = close.map_or(k + 1, |j| j + 1);
    }
    let mut passive = false;
    let mut negative = false;
    while k < n && s.toks[k].is_word() {
        let w = s.word(k);
        if s.v.is(List::PassiveAux, w) {
            passive = true;
        } else if s.v.is(List::Negators, w) {
            negative = true;
        } else if !s.v.is(List::Auxiliaries, w) {
            break;
        }
        k += 1;
    }
    let w = s.word(k);
    if passive {
        let event = match w {
            "left" | "leaving" => None,
            _ => s.v.predicate(w),
        };
        if let Some(event) = event
            .filter(|_| w.ends_with("ed") || w.ends_with('n') || w == "struck" || w == "sought")
        {
            return if negative {
                (Event::Mention, Governor::Other)
            } else {
                (event, Governor::Passive(k))
            };
        }
        return (Event::Mention, Governor::Other);
    }
    let replaces = s.v.is(List::Replace, w);
    let takes_place = s.v.is(List::TakesPlace, w)
        && (k + 1..k + 4).any(|j| s.word(j) == "place")
        && (k + 2..k + 5).any(|j| s.word(j) == "of");
    if (replaces || takes_place) && !negative {
        return (Event::Replace, Governor::Subject(k));
    }
    (Event::Mention, Governor::Other)
}
