//! Finding treaty mentions in a sentence: names from the lexicon, names by their shape
//! (capitalised words ending in, or starting with, a head noun), and noun phrases headed by
//! a treaty noun.

use std::ops::Range;

use crate::kind::Kind;
use crate::sentence::{Sentence, TokKind};
use crate::vocab::{Head, List, Words};

/// A possible treaty mention, located on the sentence's tokens.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Candidate {
    /// Its first token.
    pub first: usize,
    /// Its last token (inclusive).
    pub last: usize,
    /// The head noun's token (for a name, the head noun of the name).
    pub head: usize,
    /// The kind its head gives.
    pub kind: Kind,
    /// Whether it is a name (from the lexicon or by its shape), which gets a `name`.
    pub named: bool,
    /// The determiner, possessive pronoun or quantifier it starts with, if any.
    pub det: Option<usize>,
    /// The number of agreements it counts (`11 cooperation agreements`).
    pub count: Option<i64>,
    /// A year written in it (`the 1996 pact`).
    pub year: Option<i64>,
    /// The pre-modifiers between the determiner and the head, lower case.
    pub modifiers: Vec<String>,
}

impl Candidate {
    fn name(first: usize, last: usize, head: usize, kind: Kind) -> Candidate {
        Candidate {
            first,
            last,
            head,
            kind,
            named: true,
            det: None,
            count: None,
            year: None,
            modifiers: Vec::new(),
        }
    }

    /// Its tokens.
    pub fn tokens(&self) -> Range<usize> {
        self.first..self.last + 1
    }

    /// Whether it is a bare noun: no determiner, number or modifier (`agreement`, `deals`).
    pub fn is_bare(&self) -> bool {
        self.det.is_none() && self.count.is_none() && self.modifiers.is_empty()
    }

    /// Whether one of its modifiers is in `list`.
    pub fn has_modifier(&self, list: &Words) -> bool {
        self.modifiers.iter().any(|m| list.has(m))
    }
}

/// A lexicon match on a sentence's tokens: a name of this kind, or an ignored phrase.
pub(crate) type LexiconHit = (Range<usize>, Option<Kind>);

/// The candidates of a sentence, in order and not overlapping. `hits` are the token ranges of
/// the lexicon's matches in the sentence.
pub(crate) fn candidates(s: &Sentence<'_>, hits: &[LexiconHit]) -> Vec<Candidate> {
    let mut taken: Vec<Range<usize>> = hits.iter().map(|(r, _)| r.clone()).collect();
    let mut found: Vec<Candidate> = hits
        .iter()
        .filter_map(|(r, kind)| {
            let kind = (*kind)?;
            let head = (r.start..r.end)
                .find(|&i| s.v.head_kind(&s.toks[i].lower).is_some())
                .unwrap_or(r.start);
            Some(Candidate::name(r.start, r.end - 1, head, kind))
        })
        .collect();
    if !s.title_case {
        for head in s.body..s.toks.len() {
            let overlaps =
                |r: &Range<usize>| taken.iter().any(|t| t.start < r.end && r.start < t.end);
            if overlaps(&(head..head + 1)) {
                continue;
            }
            if let Some(name) = shape_name(s, head) {
                if !overlaps(&name.tokens()) {
                    taken.push(name.tokens());
                    found.push(name);
                }
            }
        }
    }
    for head in s.body..s.toks.len() {
        if taken.iter().any(|t| t.contains(&head)) {
            continue;
        }
        if let Some(c) = generic(s, head) {
            if !taken.iter().any(|t| t.start <= c.last && c.first < t.end) {
                taken.push(c.tokens());
                found.push(c);
            }
        }
    }
    found.sort_by_key(|c| c.first);
    found
}

/// Whether token `i` can be part of a treaty's name: a capitalised or all-capitals word that
/// is not a function word, a title or a description (`Geneva-based`, `U.S.-led`).
fn name_word(s: &Sentence<'_>, i: usize) -> bool {
    let Some(t) = s.toks.get(i) else { return false };
    let description =
        s.v.list(List::Descriptions)
            .iter()
            .any(|suffix| t.lower.ends_with(suffix));
    (t.is_capitalized() || t.is_all_caps())
        && i >= s.body
        && !description
        && !s.v.is(List::NotNameWords, &t.lower)
}

/// Whether token `i` can continue a name after its head: a name word that is not a date
/// (`Agreement for Trans-Pacific Partnership on Sunday`).
fn name_tail_word(s: &Sentence<'_>, i: usize) -> bool {
    name_word(s, i) && !s.v.is(List::Months, s.word(i)) && !s.v.is(List::Weekdays, s.word(i))
}

/// The name around a capitalised head noun at `head`, by its shape: capitalised words before
/// it (`Intermediate-Range Nuclear Forces Treaty`, with lists such as `Friendship, Cooperation,
/// and Good Neighborliness`) and a capitalised complement after it (`Treaty on the
/// Non-Proliferation of Nuclear Weapons`).
fn shape_name(s: &Sentence<'_>, head: usize) -> Option<Candidate> {
    let kind = s.v.name_head_kind(s.toks[head].text)?;
    let first = name_start(s, head);
    let last = name_end(s, head);
    if first == head && last == head {
        return None;
    }
    // `Accord Hotel`, `Treaty Organization`: the head is inside a longer proper name.
    if last == head && name_word(s, head + 1) {
        return None;
    }
    let words: Vec<&str> = (first..=last)
        .filter(|&i| s.toks[i].is_word())
        .map(|i| s.toks[i].lower.as_str())
        .collect();
    // `Master Purchase Agreement`; the complement may say anything (`on Human Rights`).
    if (first..head).any(|i| s.v.is(List::BusinessModifiers, s.word(i))) {
        return None;
    }
    if kind == Kind::Partnership && !words.iter().any(|w| s.v.is(List::PartnershipNameWords, w)) {
        return None;
    }
    if words == ["memorandum", "of", "understanding"] {
        return None; // a capitalised common noun, not a name
    }
    Some(Candidate::name(first, last, head, kind))
}

/// The first token of a name whose head is at `head`: name words leftwards, through `and`,
/// `&`, list commas closed by that `and`, `of (the)` between name words, and punctuation
/// written together with them (`U.S.-Mexico-Canada Agreement`).
fn name_start(s: &Sentence<'_>, head: usize) -> usize {
    let mut start = head;
    let mut j = head;
    let mut seen_and = false;
    while j > s.body {
        let k = j - 1;
        let t = &s.toks[k];
        if name_word(s, k) {
            start = k;
            j = k;
            continue;
        }
        let before_is_name = k > s.body
            && (name_word(s, k - 1)
                || (k > s.body + 1 && s.toks[k - 1].is_punct(",") && name_word(s, k - 2)));
        let glued = matches!(t.text, "-" | "." | "/")
            && k > s.body
            && s.toks[k - 1].range.end == t.range.start
            && s.toks[k + 1].range.start == t.range.end;
        let step = glued
            || match t.lower.as_str() {
                "and" | "&" => {
                    seen_and = true;
                    before_is_name
                }
                "," => seen_and && k > s.body && name_word(s, k - 1),
                "of" => k > s.body && name_word(s, k - 1) && name_word(s, k + 1),
                "the" => k > s.body + 1 && s.word(k - 1) == "of" && name_word(s, k - 2),
                _ => false,
            };
        if !step {
            break;
        }
        j = k;
    }
    start
}

/// The last token of a name whose head is at `head`: when an opener (`of`, `on`, `for`, ...)
/// follows the head, the name words after it, through connectors and list commas that an
/// `and` closes.
fn name_end(s: &Sentence<'_>, head: usize) -> usize {
    let n = s.toks.len();
    if !s.v.is(List::NameOpeners, s.word(head + 1)) {
        return head;
    }
    let mut end = head;
    let mut k = head + 1;
    let mut open_comma: Option<usize> = None;
    loop {
        let run_start = k;
        let mut comma = None;
        while k < n {
            let t = &s.toks[k];
            if t.is_punct(",") && end > head {
                comma = comma.or(Some(k));
            } else if t.is_word() && s.v.is(List::NameConnectors, &t.lower) {
                if t.lower == "and" {
                    open_comma = None;
                    comma = None;
                }
            } else {
                break;
            }
            k += 1;
        }
        if k == run_start || !name_tail_word(s, k) {
            break;
        }
        if comma.is_some() && open_comma.is_none() {
            open_comma = comma;
        }
        while k < n && name_tail_word(s, k) {
            end = k;
            k += 1;
        }
    }
    if let Some(comma) = open_comma {
        end = (head..comma)
            .rev()
            .find(|&i| name_tail_word(s, i))
            .unwrap_or(head);
    }
    end
}

/// A noun phrase headed by the treaty noun at `head`: the determiner, numbers and
/// pre-modifiers before it (`a comprehensive strategic partnership agreement`,
/// `11 cooperation agreements`, `the 1996 pact`), without a possessor (`Sweden’s` in
/// `Sweden’s accession protocol`). Structural non-treaties (`in agreement with`, `a great
/// deal`, `is not a peace treaty`, `a deal worth $5bn`, `Treaty Street`) are left out here;
/// whether the rest is between states is decided with its attributes.
fn generic(s: &Sentence<'_>, head: usize) -> Option<Candidate> {
    let tok = &s.toks[head];
    let h = *s.v.head(&tok.lower)?;
    let kind = h.kind?;
    if !tok.is_word() || (tok.is_all_caps() && !s.title_case && !h.acronym) {
        return None;
    }
    if tok.is_capitalized() && !s.title_case && name_word(s, head + 1) {
        return None; // part of a longer proper name: Treaty Street, Accord Hotel
    }
    let next = s.word(head + 1);
    if s.v.head_kind(next).is_some() || s.v.is(List::HeadAsModifier, next) {
        return None; // `partnership agreement`, `treaty obligations`
    }
    let mut last = head;
    if h.of_understanding && next == "of" && s.word(head + 2) == "understanding" {
        last = head + 2;
    }
    let mut c = Candidate {
        first: head,
        last,
        head,
        kind,
        named: false,
        det: None,
        count: None,
        year: None,
        modifiers: Vec::new(),
    };
    walk_left(s, &mut c, h.plural);
    if rejected(s, &c, h) {
        return None;
    }
    Some(c)
}

/// Extends `c` leftwards over its pre-modifiers to its determiner.
fn walk_left(s: &Sentence<'_>, c: &mut Candidate, plural: bool) {
    let mut j = c.head;
    while j > s.body {
        let k = j - 1;
        let t = &s.toks[k];
        if t.kind != TokKind::Word {
            // `U.S.-USSR grains agreement`, `U.S./USSR grain pact`: punctuation inside a
            // written-together compound.
            let glued = matches!(t.text, "-" | "." | "/")
                && k > s.body
                && s.toks[k - 1].range.end == t.range.start
                && s.toks[k + 1].range.start == t.range.end;
            if glued {
                j = k;
                continue;
            }
            break;
        }
        let w = t.lower.as_str();
        if s.v.is(List::Determiners, w) {
            let singular_only = s.v.is(List::SingularDeterminers, w);
            let plural_only = s.v.is(List::PluralDeterminers, w);
            if (singular_only && plural) || (plural_only && !plural) {
                break;
            }
            c.det = Some(k);
            c.first = k;
            break;
        }
        // `the February 22 accord`: a day of the month, not a count.
        let day = k > s.body && s.v.is(List::Months, s.word(k - 1));
        if let Some(n) = t.count().filter(|_| !day) {
            c.count = Some(n);
            c.first = k;
            j = k;
            continue;
        }
        if let Some(y) = t.year() {
            if c.count.is_some() {
                break;
            }
            c.year = Some(y);
            c.modifiers.push(w.to_owned());
            c.first = k;
            j = k;
            continue;
        }
        // `the growth and stability pact`: coordinated modifiers after a determiner or possessor.
        let coordinated = w == "and"
            && !c.modifiers.is_empty()
            && k >= s.body + 2
            && s.toks[k - 1].is_word()
            && !s.v.is(List::StopWords, s.word(k - 1))
            && (s.v.is(List::Determiners, s.word(k - 2))
                || s.toks[k - 2].kind == TokKind::Possessive);
        if coordinated {
            c.modifiers.push(w.to_owned());
            c.first = k;
            j = k;
            continue;
        }
        let adverb =
            t.is_lowercase() && w.len() > 4 && w.ends_with("ly") && !s.v.is(List::NotAdverbs, w);
        let verb = s.v.is(List::Verbs, w) || s.v.predicate(w).is_some() || s.v.is(List::Renew, w);
        if verb && !adverb && c.count.is_none() && determiner_before(s, k) {
            // `a proposed treaty`, `a draft treaty`, `the revised accord`: an adjective here.
            c.modifiers.push(w.to_owned());
            c.first = k;
            j = k;
            continue;
        }
        if c.count.is_some()
            || c.modifiers.len() >= 6
            || adverb
            || s.v.is(List::StopWords, w)
            || s.v.is(List::ReportingVerbs, w)
            || verb
        {
            break;
        }
        c.modifiers.push(w.to_owned());
        c.first = k;
        j = k;
    }
    c.modifiers.reverse();
    // Without a determiner, a leading participle is more likely a verb: `proposed trade deal`
    // stays `trade deal` only when nothing marks the phrase's start.
    while c.det.is_none() && c.count.is_none() && c.first < c.head {
        let t = &s.toks[c.first];
        let verbish = t.is_lowercase()
            && (t.lower.ends_with("ed") || t.lower.ends_with("ing"))
            && !s.v.is(List::StateModifiers, &t.lower);
        if !verbish {
            break;
        }
        c.first += 1;
        c.modifiers.remove(0);
    }
}

/// Whether a determiner stands right before token `k`, or before one more modifier
/// (`a newly drafted`, `the proposed`).
fn determiner_before(s: &Sentence<'_>, k: usize) -> bool {
    let det = |i: usize| i >= s.body && s.toks[i].is_word() && s.v.is(List::Determiners, s.word(i));
    k > s.body && (det(k - 1) || (k > s.body + 1 && s.word(k - 1).ends_with("ly") && det(k - 2)))
}

/// Whether the phrase is, by its form alone, not a treaty mention.
fn rejected(s: &Sentence<'_>, c: &Candidate, h: Head) -> bool {
    let plural = h.plural;
    let before = s.word(c.first.wrapping_sub(1));
    let after = s.word(c.last + 1);
    // A bare singular `agreement` is consensus (`in agreement with`, `reached agreement`).
    if c.is_bare() && !plural && h.consensus {
        return true;
    }
    // `a great deal`, `of its own accord`.
    if h.idiom && c.has_modifier(s.v.list(List::IdiomModifiers)) {
        return true;
    }
    // `the chapter deals with`, `which accords with`: the verb, after its subject.
    let subject_before = (c.first..c.head).any(|i| {
        s.actor_covering(i).is_none()
            && s.toks[i].year().is_none()
            && !s.v.is(List::StateModifiers, s.word(i))
            && Some(i) != c.det
    });
    if h.verb_with && after == "with" && (subject_before || (c.det.is_none() && c.count.is_none()))
    {
        return true;
    }
    // `is not a peace treaty`, `no deal`: not a particular agreement.
    let det = c.det.map(|d| s.word(d));
    if before == "no" || det == Some("any") {
        return true;
    }
    if matches!(det, Some("a" | "an")) || (c.det.is_none() && plural) {
        let mut k = c.first;
        while k > s.body && s.v.is(List::CopulaAdverbs, s.word(k - 1)) {
            k -= 1;
        }
        let copula = s.v.is(List::Copulas, s.word(k.wrapping_sub(1)));
        if copula {
            return true;
        }
    }
    if c.has_modifier(s.v.list(List::BusinessModifiers)) {
        return true;
    }
    // A deal with a price is a commercial contract, unless it is between governments.
    let priced = s.v.is(List::ValueWords, after)
        || c.modifiers.iter().any(|m| m.contains(['$', '€', '£']))
        || (after == "for"
            && s.toks
                .get(c.last + 2)
                .is_some_and(|t| t.text.contains(['$', '€', '£'])));
    // `the £1bn ($1.9bn) investment deal`: a price just before the phrase.
    let priced_before = (c.first.saturating_sub(3)..c.first)
        .filter(|&i| i >= s.body)
        .any(|i| s.toks[i].text.contains(['$', '€', '£']));
    if (priced || priced_before) && !c.has_modifier(s.v.list(List::GovernmentModifiers)) {
        return true;
    }
    // `the annual convention`, `the Futures Industry Association convention`: a gathering.
    let named_by_organiser = (c.first..c.head)
        .any(|i| s.toks[i].is_capitalized() && s.actor_covering(i).is_none() && Some(i) != c.det);
    if h.gathering && (c.has_modifier(s.v.list(List::GatheringModifiers)) || named_by_organiser) {
        return true;
    }
    // A generic partnership is a treaty only as a formal level of relations.
    if c.kind == Kind::Partnership
        && (!c.has_modifier(s.v.list(List::PartnershipLevels))
            || c.has_modifier(s.v.list(List::PartnershipBlockers)))
    {
        return true;
    }
    false
}
