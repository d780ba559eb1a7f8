//! The attributes that come from the rest of the sentence: `parties` and `year`.
//!
//! # `parties`
//!
//! Actor ids, in order of first mention, from:
//! - the mention itself: an actor among its pre-modifiers (`the Iran nuclear deal`), its
//!   possessor (`Sweden’s accession protocol`), its possessive pronoun resolved in the
//!   sentence (`its accession treaty` after `The UK signed`);
//! - phrases attached to it: `with X`, `between X and Y`, `among ...`, `to X` for an accession;
//!   a relative clause whose subject signs it (`that Russia and North Korea signed`) or
//!   that lists its members (`which groups the 10 members of ASEAN with China, ...`);
//! - for a signing, ratification, withdrawal, proposal or replacement: the subject of the
//!   predicate, i.e. the actors of the clause before the mention (`Britain and India signed`,
//!   `withdrew the United States from`), or after a passive (`was signed ... by the then
//!   government of Giuseppe Conte`). A pronoun subject is resolved to the sentence's first
//!   actor (`it`), its first pair of coordinated actors (`they`), or the actor before the comma
//!   (`Washington, which signed`); `the two sides` to the sentence's subject and the actor after
//!   `with`.
//!
//! A capital after `in`/`at` is a venue, not a party (`signed in Vienna`), and a plain mention
//! takes parties only from itself and its attached phrases.
//!
//! # `year`
//!
//! A year written in the mention (`the 1996 pact`); else one in a signing clause attached to it
//! (`, signed in Paris in 1993`, `which Moscow and Pyongyang concluded in 2000`, `was signed in
//! November 2020`); else, for an event other than a plain mention, a year in the predicate's
//! clause (`left ... in 2019`, `In July 2015, Iran ... concluded`). Expiry, entry into force and
//! range years are never taken.

use crate::detect::Candidate;
use crate::event::Governor;
use crate::kind::Event;
use crate::sentence::{ActorRef, Boundary, Sentence, TokKind};
use crate::vocab::List;

/// The parties of candidate `c` (see the module doc). `names` are the token ranges of the
/// sentence's named treaties, whose own words are never parties (`Paris` in `Paris Agreement`).
pub(crate) fn parties(
    s: &Sentence<'_>,
    c: &Candidate,
    event: Event,
    governor: Governor,
    names: &[std::ops::Range<usize>],
) -> Vec<String> {
    let mut found: Vec<&ActorRef> = Vec::new();
    if !c.named {
        // `the Iran nuclear deal`; a capital names the place (`the Tokyo accords`).
        found.extend(s.actors_in(c.first..c.head).filter(|a| a.kind != "capital"));
    }
    if c.first > s.body + 1 && s.toks[c.first - 1].kind == TokKind::Possessive {
        found.extend(s.actor_covering(c.first - 2));
    }
    if let Some(d) = c
        .det
        .filter(|&d| s.v.is(List::PossessivePronouns, s.word(d)))
    {
        found.extend(resolve_pronoun(s, d));
    }
    found.extend(attached(s, c, event));
    found.extend(relative(s, c.last + 1));
    if event != Event::Mention {
        match governor {
            Governor::Predicate(_) => found.extend(subject(s, c.first)),
            Governor::Passive(verb) => {
                let clause = s.clause(verb, true);
                found.extend(s.actors_in(verb + 1..clause.end));
            }
            Governor::Subject(_) | Governor::Other => {}
        }
    }
    let mut ids: Vec<String> = Vec::new();
    for actor in found {
        let inside_name = names.iter().any(|r| r.contains(&actor.first));
        let state = !inside_name && !s.is_venue(actor) && stands_for_state(s, actor);
        if state && !ids.contains(&actor.id) {
            ids.push(actor.id.clone());
        }
    }
    // In order of first mention in the sentence, as the guidelines list them.
    ids.sort_by_key(|id| s.actors.iter().position(|a| &a.id == id));
    ids
}

/// Whether an actor mention stands for its state, rather than describing a company or a
/// person (`Japanese car maker Mitsubishi`, `UK Athletics`, `China Aviation Oil`): a demonym
/// needs a government noun after it or a list of actors around it, and a name must not be
/// followed by another capitalised word that is not a title (outside headlines).
pub(crate) fn stands_for_state(s: &Sentence<'_>, actor: &ActorRef) -> bool {
    let next = actor.last + 1;
    let listed = |i: usize| s.toks.get(i).is_some_and(|t| t.is_punct(",")) || s.word(i) == "and";
    let in_list = listed(next) || (actor.first > 0 && listed(actor.first - 1));
    if s.v.is(List::CompanyNouns, s.word(next)) {
        return false;
    }
    if actor.kind == "demonym" {
        return in_list || s.v.is(List::StateNouns, s.word(next));
    }
    let Some(t) = s.toks.get(next) else {
        return true;
    };
    let org_name = !s.title_case
        && t.is_capitalized()
        && s.actor_covering(next).is_none()
        && !s.v.is(List::Titles, &t.lower)
        && !s.v.is(List::StateNouns, &t.lower)
        && !s.v.is(List::NotNameWords, &t.lower)
        && !s.v.is(List::Months, &t.lower)
        && !s.v.is(List::Weekdays, &t.lower)
        && s.v.name_head_kind(t.text).is_none()
        && s.v.head_kind(&t.lower).is_none();
    !org_name
}

/// The actors of the clause before the mention at `first`, the predicate's subject and
/// objects; a pronoun, relative pronoun or `the two sides` resolved when there are none.
fn subject<'s>(s: &'s Sentence<'_>, first: usize) -> Vec<&'s ActorRef> {
    let clause = s.clause(first, false);
    let actors: Vec<&ActorRef> = s
        .actors_in(clause.start..first)
        .filter(|a| !s.is_venue(a))
        .collect();
    if !actors.is_empty() {
        return actors;
    }
    let start = clause.start;
    // `Washington, which signed the 1996 pact`: the actor before the comma.
    let relative = matches!(s.word(start), "which" | "who")
        && s.boundary(start) == Some(Boundary::Strong)
        && start >= 2
        && s.toks[start - 1].is_punct(",");
    if relative {
        return s.actor_covering(start - 2).into_iter().collect();
    }
    for i in start..first {
        match s.word(i) {
            "it" | "its" | "they" | "their" => return resolve_pronoun(s, i),
            w if s.v.is(List::Sides, w)
                && (matches!(s.word(i.wrapping_sub(1)), "two" | "both")
                    || matches!(s.word(i.wrapping_sub(2)), "the" | "both")) =>
            {
                return participants(s, i);
            }
            _ => {}
        }
    }
    Vec::new()
}

/// What the pronoun at `at` stands for: `it`/`its` the first actor before it in its clause,
/// else in the sentence; `they`/`their` the first coordinated actors (`Moscow and Pyongyang`).
fn resolve_pronoun<'s>(s: &'s Sentence<'_>, at: usize) -> Vec<&'s ActorRef> {
    let usable = |a: &&ActorRef| !s.is_venue(a) && a.kind != "demonym" && a.kind != "leader";
    match s.word(at) {
        "it" | "its" => {
            // The first actor of the clause, else of the sentence: the likely subject. When
            // it describes a company (`US oil giant Exxon said it`), the pronoun is the company.
            let clause = s.clause(at, false);
            let in_clause = s.actors_in(clause.start..at).find(usable);
            in_clause
                .or_else(|| s.actors_in(s.body..at).find(usable))
                .filter(|a| stands_for_state(s, a))
                .into_iter()
                .collect()
        }
        "they" | "their" => {
            let first = s.actors_in(s.body..at).find(|a| !s.is_venue(a));
            let group = first.map(|a| group(s, a.first)).unwrap_or_default();
            if group.len() >= 2 { group } else { Vec::new() }
        }
        _ => Vec::new(),
    }
}

/// The sentence's main participants, for `the two sides` at `at`: its first actors
/// (coordinated) and the actors after `with`; when that makes fewer than two states, the next
/// actors before `at`.
fn participants<'s>(s: &'s Sentence<'_>, at: usize) -> Vec<&'s ActorRef> {
    let mut found: Vec<&ActorRef> = Vec::new();
    if let Some(first) = s.actors.iter().find(|a| !s.is_venue(a)) {
        found.extend(group(s, first.first));
    }
    for i in s.body..s.toks.len() {
        if s.word(i) == "with" {
            found.extend(group(s, i + 1));
        }
    }
    for actor in s.actors_in(s.body..at).filter(|a| !s.is_venue(a)) {
        let mut ids: Vec<&str> = found.iter().map(|a| a.id.as_str()).collect();
        ids.dedup();
        if ids.len() >= 2 {
            break;
        }
        if !ids.contains(&actor.id.as_str()) {
            found.push(actor);
        }
    }
    found
}

/// Coordinated actors starting at token `i`, after any titles: `leader Kim Jong Un`,
/// `China, Japan, South Korea, Australia and New Zealand`.
fn group<'s>(s: &'s Sentence<'_>, mut i: usize) -> Vec<&'s ActorRef> {
    let mut found = Vec::new();
    loop {
        while i < s.toks.len() && s.actor_covering(i).is_none() && s.v.is(List::Titles, s.word(i)) {
            i += 1;
        }
        let Some(actor) = s.actors.iter().find(|a| a.first == i) else {
            break;
        };
        found.push(actor);
        i = actor.last + 1;
        // `Russian President Vladimir Putin`: a demonym before a title and a leader.
        while i < s.toks.len() && s.v.is(List::Titles, s.word(i)) {
            i += 1;
        }
        if s.actors.iter().any(|a| a.first == i) {
            continue;
        }
        let mut j = i;
        let mut joined = false;
        while j < s.toks.len() && (s.toks[j].is_punct(",") || s.word(j) == "and") {
            joined = true;
            j += 1;
        }
        if !joined {
            break;
        }
        i = j;
    }
    found
}

/// Actors in phrases attached after the mention: `with X`, `between X and Y`, `among ...`, and
/// `to X` for an accession (`accession protocol to NATO`).
fn attached<'s>(s: &'s Sentence<'_>, c: &Candidate, event: Event) -> Vec<&'s ActorRef> {
    let mut k = c.last + 1;
    // Skip a date: `on Wednesday`, `in 2019`, `in March 2024`.
    while matches!(s.word(k), "on" | "in")
        && (s.v.is(List::Weekdays, s.word(k + 1))
            || s.v.is(List::Months, s.word(k + 1))
            || s.toks.get(k + 1).is_some_and(|t| t.year().is_some()))
    {
        k += 2;
        while s
            .toks
            .get(k)
            .is_some_and(|t| t.year().is_some() || t.count().is_some())
        {
            k += 1;
        }
    }
    match s.word(k) {
        "with" | "between" | "among" | "amongst" => group(s, k + 1),
        "to" if event == Event::Ratify || c.modifiers.iter().any(|m| m == "accession") => {
            group(s, k + 1)
        }
        _ => Vec::new(),
    }
}

/// Actors of a relative clause after the mention (at `k`) that signs it (`which Moscow and
/// Pyongyang concluded`) or lists its members (`which groups ... with China, Japan, ...`).
fn relative<'s>(s: &'s Sentence<'_>, mut k: usize) -> Vec<&'s ActorRef> {
    if s.toks.get(k).is_some_and(|t| t.is_punct(",")) {
        k += 1;
    }
    if !matches!(s.word(k), "which" | "that") {
        return Vec::new();
    }
    if s.v.is(List::MembershipVerbs, s.word(k + 1)) {
        let end = aside_end(s, k + 1);
        return s.actors_in(k + 2..end).filter(|a| !s.is_venue(a)).collect();
    }
    let signers = group(s, k + 1);
    let Some(last) = signers.last() else {
        return Vec::new();
    };
    let mut j = last.last + 1;
    while s.v.is(List::RelativeAux, s.word(j)) {
        j += 1;
    }
    if s.v.is(List::SignVerbs, s.word(j)) {
        signers
    } else {
        Vec::new()
    }
}

/// The end of an aside that starts at `k` (a relative clause or apposition): the next comma
/// followed by a lower-case word other than `and`/`or`, a strong boundary, or the sentence end.
fn aside_end(s: &Sentence<'_>, k: usize) -> usize {
    (k..s.toks.len())
        .find(|&j| {
            (j > k && s.boundary(j) == Some(Boundary::Strong) && !matches!(s.word(j), "and" | "or"))
                || (s.toks[j].is_punct(",")
                    && s.toks.get(j + 1).is_some_and(|t| {
                        t.is_lowercase() && !matches!(t.lower.as_str(), "and" | "or")
                    }))
        })
        .unwrap_or(s.toks.len())
}

/// The year of candidate `c` (see the module doc).
pub(crate) fn year(
    s: &Sentence<'_>,
    c: &Candidate,
    event: Event,
    governor: Governor,
) -> Option<i64> {
    if c.year.is_some() {
        return c.year;
    }
    // `the 1994 Energy Charter Treaty`: a year before a name.
    if c.named && c.first > s.body {
        if let Some(year) = s.toks[c.first - 1].year() {
            return Some(year);
        }
    }
    if let Some(year) = signing_year(s, c) {
        return Some(year);
    }
    if event == Event::Mention {
        return None;
    }
    let (after, clause) = match governor {
        Governor::Passive(verb) => (verb + 1, s.clause(verb, true)),
        _ => (c.last + 1, s.clause(c.first, true)),
    };
    (after..clause.end)
        .chain((clause.start..c.first).rev())
        .find(|&i| is_event_year(s, i))
        .and_then(|i| s.toks[i].year())
}

/// A year in a signing clause attached after `c`: `, signed in Paris in 1993`, `, first agreed
/// in 2004`, `that Russia and North Korea signed in June 2024`, `was signed ... in 2018`.
fn signing_year(s: &Sentence<'_>, c: &Candidate) -> Option<i64> {
    let n = s.toks.len();
    let start = c.last + 1;
    let mut actors_seen = false;
    for j in start..n.min(start + 14) {
        let w = s.word(j);
        let opens_clause =
            s.boundary(j) == Some(Boundary::Strong) && !matches!(w, "which" | "that");
        if s.toks[j].is_punct(";") || opens_clause {
            return None;
        }
        if s.actor_covering(j).is_some() {
            actors_seen = true;
        } else if s.toks[j].is_punct(",") {
            actors_seen = false; // `with Beijing, first agreed in 2004`
        }
        let relative = matches!(s.word(start), "which" | "that")
            || matches!(s.word(start + 1), "which" | "that");
        if s.v.is(List::SigningYear, w) && (!actors_seen || relative) {
            return (j + 1..n.min(j + 9))
                .take_while(|&i| s.boundary(i) != Some(Boundary::Strong))
                .find(|&i| is_event_year(s, i))
                .and_then(|i| s.toks[i].year());
        }
        if s.v.predicate(w).is_some() || s.v.is(List::Verbs, w) {
            return None;
        }
    }
    None
}

/// Whether token `i` is a year that can date an event: not a range end (`2019–2023`) and not
/// after an expiry or other non-event word (`due to expire in February 2026`).
fn is_event_year(s: &Sentence<'_>, i: usize) -> bool {
    if s.toks[i].year().is_none() {
        return false;
    }
    let dash = |j: usize| {
        s.toks
            .get(j)
            .is_some_and(|t| matches!(t.text, "–" | "-" | "—" | "/"))
    };
    let year_at = |j: usize| s.toks.get(j).is_some_and(|t| t.year().is_some());
    if (dash(i + 1) && year_at(i + 2)) || (i >= 2 && dash(i - 1) && year_at(i - 2)) {
        return false;
    }
    !(i.saturating_sub(4)..i).any(|j| s.v.is(List::NotTheYear, s.word(j)))
}
