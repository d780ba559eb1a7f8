//! The predicate that governs a mention, and the action it gives: a verb before the span (or
//! a verb + particle, a noun + `of`, a `with` / `to` / `on` phrase), a coordinated measure, a
//! preposition that makes it background, or a passive verb after it; then negation, vetoes,
//! threats and modals adjust the action.

use super::{Gov, Mention, Sentence, VerbKind, is_ordinal};
use crate::model::Action;

impl Sentence<'_> {
    /// The predicate that governs mention `m`.
    pub(super) fn governor(&self, m: &Mention, earlier: &[Mention], next: Option<&Mention>) -> Gov {
        let mut j = m.gov_from;
        // `its 14th package of sanctions`, `a new round of sanctions`: the quantity noun's
        // governor governs the measure.
        // So does an amount's: `imposed 300 mln dlrs in sanctions`.
        let amount = j >= 2
            && matches!(self.lower(j - 1), "in" | "of")
            && self.lex.words.amount.has(self.lower(j - 2));
        let quantity =
            j >= 2 && self.lower(j - 1) == "of" && self.lex.words.quantity.has(self.lower(j - 2));
        if quantity || amount {
            let mut k = j - 2;
            while k > 0 {
                let w = self.lower(k - 1);
                let t = &self.toks[k - 1];
                // An amount's number is inside it (`an additional 84 mln dlrs`).
                let amount_word = amount && (t.is_digits() || self.lex.words.amount.has(w));
                if !amount_word && (self.lex.is_determiner(w) || t.is_digits() && !is_ordinal(w)) {
                    k -= 1;
                    break;
                }
                if t.is_word()
                    && (self.lex.words.modifier.has(w)
                        || self.lex.looks_adjective(w)
                        || is_ordinal(w)
                        || amount_word)
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
                    // `the drop in the market to sanctions`: a noun, not a verb.
                    let noun = k >= 2 && self.lex.is_determiner(self.lower(k - 2));
                    if self.lex.action(self.lower(k - 1)).is_some() && !noun {
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
            // `since the sanctions were imposed`: a conjunction that looks like a preposition.
            _ if self.lex.words.preposition.has(w) => match self.passive_after(m, next) {
                passive @ Gov::Passive { .. } => passive,
                _ => Gov::Background,
            },
            _ => self.passive_after(m, next),
        }
    }

    /// `added 140 companies to a blacklist`: the object between the verb and the preposition
    /// at `prep` holds the target; `Gazprombank was added to the list`: the subject does.
    pub(super) fn object_or_subject_target(&self, verb: usize, prep: usize) -> VerbKind {
        if self.is_passive_at(verb) {
            VerbKind::SubjectTarget
        } else {
            VerbKind::ObjectTarget(verb + 1..prep)
        }
    }

    /// Looks back from token `from` (exclusive) up to `max` tokens within the clause for a
    /// token that `test` accepts.
    pub(super) fn look_back<T>(
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
    pub(super) fn coordinated_with(&self, j: usize, earlier: &[Mention]) -> Option<usize> {
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
    pub(super) fn passive_after(&self, m: &Mention, next: Option<&Mention>) -> Gov {
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
                || self.lex.words.adverb_before_passive.has(w)
                || saw_passive && self.lex.words.passive_bridge.has(w)
                || w == "to" && self.lower(k + 1) == "be")
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
    pub(super) fn adjust_action(
        &self,
        action: Action,
        verb: usize,
        kind: &VerbKind,
        m: &Mention,
    ) -> Action {
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
    pub(super) fn negated(&self, verb: usize) -> bool {
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
}
