//! Finding actors around a predicate or a span: subjects (with pronouns), threateners, target
//! phrases after the head (`on`/`against X`), `by` phrases, and the objects of verbs whose
//! subject is the measure.

use std::ops::Range;

use super::{Mention, Sentence, Subject};
use crate::model::{Action, Instrument};

impl Sentence<'_> {
    /// The subject of the verb at `verb`: the nearest actor before it in its clause that is
    /// not the object of a preposition, with the actors coordinated with it; or a pronoun.
    pub(super) fn subject(&self, verb: usize) -> Subject {
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
    pub(super) fn resolve(&self, subject: Subject) -> Vec<(usize, String)> {
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
    pub(super) fn threatener(&self, targets: &[(usize, String)]) -> Vec<(usize, String)> {
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
    pub(super) fn nearest_actor_before(&self, at: usize) -> Option<(usize, String)> {
        (0..at)
            .rev()
            .find_map(|k| self.toks[k].tag.as_ref().map(|a| (k, a.id.clone())))
    }

    /// The actors in a token range.
    pub(super) fn actors_in(&self, range: Range<usize>) -> Vec<(usize, String)> {
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
    pub(super) fn phrase_after(&self, m: &Mention) -> Vec<(usize, String)> {
        self.target_phrase(m.end, m.instrument)
    }

    /// The actors of a target phrase that starts at token `at` (`on X`, …).
    pub(super) fn target_phrase(&self, at: usize, instrument: Instrument) -> Vec<(usize, String)> {
        self.target_phrase_opened(at, instrument, instrument == Instrument::ExportBan)
    }

    /// The target phrase after a participle that follows the head: `to` opens it for any
    /// instrument (`arms embargoes applied to China`, `imposed on Russia`).
    pub(super) fn target_after_participle(
        &self,
        at: usize,
        instrument: Instrument,
    ) -> Vec<(usize, String)> {
        self.target_phrase_opened(at, instrument, true)
    }

    fn target_phrase_opened(
        &self,
        at: usize,
        instrument: Instrument,
        to_opens: bool,
    ) -> Vec<(usize, String)> {
        let first = self.lower(at);
        let opens = match first {
            "on" | "against" | "targeting" => true,
            "to" => to_opens,
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
                    // `against Japan later this month, Reagan officials said`: a party after a
                    // comma continues a list of parties only.
                    let after_adjunct = !found.is_empty()
                        && self.toks[k - 1].tag.is_none()
                        && next.is_some_and(|n| n.tag.is_some());
                    if ends || after_adjunct {
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
    pub(super) fn by_phrase(&self, at: usize) -> Vec<(usize, String)> {
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
    pub(super) fn participle_after(&self, m: &Mention) -> Option<(usize, Vec<(usize, String)>)> {
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
    pub(super) fn by_in_clause(&self, from: usize) -> Vec<(usize, String)> {
        (from..(from + 10).min(self.toks.len()))
            .take_while(|&k| !self.is_boundary(k) && !self.toks[k].is_punct(','))
            .find(|&k| self.lower(k) == "by")
            .map(|k| self.by_phrase(k))
            .unwrap_or_default()
    }

    /// `Western sanctions have cut Russia off`, `sanctions, which cut most Russian banks
    /// off`: the actors in the object of a verb whose subject is the measure.
    pub(super) fn affected_object(&self, m: &Mention) -> Vec<(usize, String)> {
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
    pub(super) fn against_anywhere(&self, m: &Mention) -> Vec<(usize, String)> {
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
}
