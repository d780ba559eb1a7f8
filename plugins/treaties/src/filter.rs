//! Which candidates are treaty mentions beyond their form: a name that stands for the
//! organisation its treaty set up (`GATT warns`), a stock ticker, an alias, and whether a
//! generic noun phrase is an agreement between states (see the crate doc, "What is not").
//! The cue words live in `data/cues.txt`.

use crate::Facts;
use crate::attrs;
use crate::detect::Candidate;
use crate::event::Governor;
use crate::kind::Event;
use crate::sentence::Sentence;
use crate::vocab::List;

/// Whether a name stands for the organisation that its treaty set up, as 1987 wire copy
/// uses `GATT`: a body noun after it (`GATT Council`, `GATT talks`) or before `of` (`a
/// spokesman of the General Agreement ...`), an agent's verb after it (`GATT warns`), or a
/// verb addressing it (`consult GATT`, `proposed to GATT`). The guidelines tag agreements;
/// the organisation is an actor's business.
pub(crate) fn names_the_body(s: &Sentence<'_>, c: &Candidate) -> bool {
    // A body noun a few words on (`GATT multilateral trade negotiations`, `(GATT) talks`),
    // or an agent's verb, after a modal or not (`GATT warns`, `GATT would find`).
    let ahead = (c.last + 1..c.last + 5)
        .take_while(|&i| {
            s.toks.get(i).is_some_and(|t| {
                (t.is_word() && !s.v.is(List::StopWords, &t.lower))
                    || t.is_punct("(")
                    || t.is_punct(")")
            })
        })
        .any(|i| s.v.is(List::BodyNouns, s.word(i)));
    let mut verb = c.last + 1;
    if s.v.is(List::Modals, s.word(verb)) {
        verb += 1;
    }
    if ahead || s.v.is(List::BodyVerbs, s.word(verb)) {
        return true;
    }
    let mut k = c.first;
    if k > s.body && s.word(k - 1) == "the" {
        k -= 1;
    }
    let before = |n: usize| if k >= s.body + n { s.word(k - n) } else { "" };
    // `at GATT`, `within the GATT`: a venue or forum.
    if matches!(before(1), "at" | "within")
        || (matches!(before(1), "of" | "to") && s.v.is(List::BodyNouns, before(2)))
        || s.v.is(List::AddressVerbs, before(1))
        || (before(1) == "to" && s.v.is(List::AddressVerbs, before(2)))
    {
        return true;
    }
    // An apposition to a body noun or a description: `the world trade body (GATT)`, `the
    // Geneva-based GATT`.
    let mut j = k;
    while j > s.body && j + 2 > k && matches!(s.toks[j - 1].text, "(" | "," | "the") {
        j -= 1;
    }
    j > s.body && {
        let w = s.word(j - 1);
        s.v.is(List::BodyNouns, w) || s.v.list(List::Descriptions).iter().any(|d| w.ends_with(d))
    }
}

/// Whether a name is a stock ticker in a wire story (`NECO <NPT> SHARES`).
pub(crate) fn is_ticker(s: &Sentence<'_>, c: &Candidate) -> bool {
    c.first > 0
        && s.toks[c.first - 1].is_punct("<")
        && s.toks
            .get(c.last + 1)
            .is_some_and(|t| t.is_punct(">") || t.is_punct("."))
}

/// Whether the name starting at `first` is an alias of the name ending at `previous_end`:
/// only `, better known as`, `(`, `or` ... stand between them.
pub(crate) fn is_alias(s: &Sentence<'_>, previous_end: usize, first: usize) -> bool {
    let between = previous_end + 1..first;
    if between.is_empty() || between.len() > 5 {
        return false;
    }
    let words: Vec<&str> = between.clone().map(|i| s.toks[i].text).collect();
    let allowed = words
        .iter()
        .all(|w| s.v.is(List::AliasWords, &w.to_lowercase()));
    allowed && words.iter().any(|w| s.v.is(List::AliasMarkers, w))
}

/// Whether a generic noun phrase is an agreement between states (see the crate doc).
pub(crate) fn is_state_agreement(
    s: &Sentence<'_>,
    c: &Candidate,
    facts: &Facts,
    seen_treaty: bool,
) -> bool {
    let Some(&head) = s.v.head(&s.toks[c.head].lower) else {
        return true; // a name's head (names never come here)
    };
    let plural = head.plural;
    let undetermined = c.det.is_none() && c.count.is_none();
    // Without a determiner, a plural is generic (`in violation of international agreements`)
    // unless a predicate acts on it, and a singular `agreement` is consensus (`by mutual
    // agreement`, `reached general agreement`) unless it is signed, ratified or left.
    if undetermined && (c.modifiers.is_empty() || plural) && facts.event == Event::Mention {
        return false;
    }
    if undetermined && !plural && head.needs_signing {
        let signed = match facts.governor {
            Governor::Predicate(p) => !s.word(p).starts_with("reach"),
            _ => false,
        };
        if !signed || facts.event == Event::Propose || facts.event == Event::Mention {
            return false;
        }
    }
    if signed_by_non_states(s, c) {
        return false;
    }
    // A sentence about companies: a company word and no actor standing for a state.
    let state_in_sentence = s
        .actors
        .iter()
        .any(|a| !s.is_venue(a) && attrs::stands_for_state(s, a));
    let corporate = !state_in_sentence
        && s.toks[s.body..].iter().any(|t| {
            (t.is_lowercase() && s.v.is(List::CorporateCues, &t.lower))
                || s.v.is(List::CorporateSuffixes, t.text)
        });
    let strong_modifier = c
        .modifiers
        .iter()
        .any(|m| s.v.is(List::StateModifiers, m) && !s.v.is(List::WeakStateModifiers, m));
    // A weak modifier (`cooperation`, `investment`) counts only beside a state.
    let state_modifier =
        strong_modifier || (state_in_sentence && c.has_modifier(s.v.list(List::StateModifiers)));
    // `the agreement` after a treaty; in a sentence about companies it is their contract.
    let anaphor = seen_treaty
        && !corporate
        && c.det
            .is_some_and(|d| s.v.is(List::AnaphoricDeterminers, s.word(d)));
    let has_parties = !facts.parties.is_empty();
    if corporate && !state_modifier && !has_parties {
        return false;
    }
    let acting = facts.event != Event::Mention && has_parties;
    if head.always {
        true
    } else if head.polysemous {
        state_modifier || anaphor || acting
    } else if head.needs_parties {
        has_parties
    } else {
        state_modifier || anaphor || has_parties || between_states(s, c)
    }
}

/// Whether a `between`/`with` phrase after the mention names states without naming them:
/// `the new pact between their two neighbours`, `an accord with both countries`.
fn between_states(s: &Sentence<'_>, c: &Candidate) -> bool {
    let after = c.last + 1;
    matches!(s.word(after), "with" | "between" | "among")
        && (after + 1..s.toks.len().min(after + 5)).any(|i| s.v.is(List::Sides, s.word(i)))
}

/// Whether the clause before the mention, or a `with`/`between` phrase after it, names
/// parties that are not states: `the government and the opposition signed an agreement`,
/// `its agreement with its creditor banks`.
fn signed_by_non_states(s: &Sentence<'_>, c: &Candidate) -> bool {
    let non_state = |i: usize| s.toks[i].is_lowercase() && s.v.is(List::NonStateParties, s.word(i));
    let clause = s.clause(c.first, false);
    if (clause.start..c.first).any(non_state) {
        return true;
    }
    let after = c.last + 1;
    matches!(s.word(after), "with" | "between")
        && (after + 1..s.toks.len().min(after + 7))
            .take_while(|&i| !s.toks[i].is_punct(",") && s.boundary(i).is_none())
            .any(non_state)
}
