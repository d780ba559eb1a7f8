//! Reading a mention's attributes: its action from the governor, then `target` and `imposer`
//! from the governor's subject or object, the phrases around the head, pre-modifiers and
//! possessors, and finally from coordinated and sibling measures.

use super::{Gov, Ids, Mention, Sentence, VerbKind};
use crate::model::Action;

impl Sentence<'_> {
    pub(super) fn read_mention(&self, mentions: &mut [Mention], idx: usize) {
        let mut m = mentions[idx].clone();
        if m.verb_form {
            self.read_verb_mention(&mut m);
            mentions[idx] = m;
            return;
        }
        m.gov = self.governor(&m, &mentions[..idx], mentions.get(idx + 1));
        let mut gov = m.gov.clone();
        while let Gov::Coord(p) = gov {
            gov = mentions[p].gov.clone();
        }
        m.action = match &gov {
            Gov::Verb { action, verb, kind } => self.adjust_action(*action, *verb, kind, &m),
            Gov::Passive { action, verb } => {
                self.adjust_action(*action, *verb, &VerbKind::Active, &m)
            }
            _ => Action::Mention,
        };
        if m.relief
            && matches!(m.action, Action::Mention | Action::Impose)
            && !self.negated(m.gov_from)
        {
            m.action = Action::Lift;
        }

        // Target from the phrase after the head.
        let mut target = self.phrase_after(&m);
        // Imposer from a by-phrase.
        let mut imposer = self.by_phrase(m.end);
        let mut subject_imposer = false;
        match &gov {
            Gov::Verb { verb, kind, .. } => match kind {
                VerbKind::Active | VerbKind::Propose => {
                    if m.action.has_imposer_subject() {
                        let subject = self.resolve(self.subject(*verb));
                        subject_imposer = !subject.is_empty();
                        imposer.extend(subject);
                    } else if m.action == Action::Evade && target.is_empty() {
                        target.extend(self.resolve(self.subject(*verb)));
                    }
                }
                VerbKind::Face | VerbKind::SubjectTarget => {
                    if target.is_empty() {
                        target.extend(self.resolve(self.subject(*verb)));
                    }
                    if self.is_passive_at(*verb) {
                        imposer.extend(self.by_in_clause(*verb + 1));
                    }
                    if m.action == Action::Threaten {
                        imposer.extend(self.threatener(&target));
                    }
                }
                VerbKind::ObjectTarget(object) => {
                    if target.is_empty() {
                        target.extend(self.actors_in(object.clone()));
                    }
                    if m.action.has_imposer_subject() {
                        let subject = self.resolve(self.subject(*verb));
                        subject_imposer = !subject.is_empty();
                        imposer.extend(subject);
                    }
                }
            },
            Gov::Passive { verb, .. } if target.is_empty() => {
                target.extend(self.target_phrase(verb + 1, m.instrument));
                imposer.extend(self.by_phrase(verb + 1));
            }
            Gov::AffectedBy(verb) if target.is_empty() => {
                target.extend(self.resolve(self.subject(*verb)));
            }
            Gov::Under(at) if target.is_empty() => {
                if let Some(found) = self.nearest_actor_before(*at) {
                    target.push(found);
                }
            }
            _ => {}
        }
        if target.is_empty() {
            target.extend(self.affected_object(&m));
        }
        // `the arms embargo imposed on Russia by the EU`: a participle after the head.
        if let Some((on, by)) = self.participle_after(&m) {
            if target.is_empty() {
                target.extend(self.target_after_participle(on, m.instrument));
            }
            if imposer.is_empty() {
                imposer.extend(by);
            }
        }
        // Possessors impose.
        for &k in &m.possessors {
            if let Some(a) = &self.toks[k].tag {
                imposer.push((k, a.id.clone()));
            }
        }
        // Pre-modifier actors: imposer or target.
        let explicit_target = !target.is_empty();
        for &k in &m.premods {
            let tok = &self.toks[k];
            let Some(a) = &tok.tag else { continue };
            let lower = tok.lower.as_str();
            let as_imposer = if self.lex.imposer_suffixes.iter().any(|s| lower.ends_with(s)) {
                true
            } else if lower.starts_with("anti-") || lower.ends_with("-related") {
                false
            } else if a.kind == "organization" {
                true
            } else if subject_imposer && !imposer.iter().any(|(_, id)| *id == a.id) {
                false
            } else if explicit_target {
                true
            } else {
                self.lex.default_imposers.contains(&a.id)
            };
            if as_imposer {
                imposer.push((k, a.id.clone()));
            } else {
                target.push((k, a.id.clone()));
            }
        }
        m.own_target = !target.is_empty();
        // Coordinated with an earlier measure: share what this one does not say.
        if let Gov::Coord(p) = m.gov {
            let earlier = &mentions[p];
            if target.is_empty() {
                target.extend(earlier.target.iter().cloned());
            }
            if imposer.is_empty() && m.action.has_imposer_subject() {
                imposer.extend(earlier.imposer.iter().cloned());
            }
        }
        // `acted against North Korea …, answering … with ever tougher sanctions`.
        if target.is_empty() && m.action.has_imposer_subject() {
            target.extend(self.against_anywhere(&m));
        }
        target.sort_by_key(|(k, _)| *k);
        imposer.sort_by_key(|(k, _)| *k);
        m.target = target;
        m.imposer = imposer;
        mentions[idx] = m;
    }

    /// The punitive verb *sanction*: passive (`was sanctioned by the United States`, target
    /// the subject) or active (`Washington sanctioned three Russian banks`).
    pub(super) fn read_verb_mention(&self, m: &mut Mention) {
        let v = m.head;
        m.gov = Gov::Verb {
            action: Action::Impose,
            verb: v,
            kind: VerbKind::Active,
        };
        m.action = self.adjust_action(Action::Impose, v, &VerbKind::Active, m);
        let mut target = Vec::new();
        let mut imposer = Vec::new();
        if self.is_passive_at(v) {
            target.extend(self.resolve(self.subject(v)));
            imposer.extend(self.by_phrase(v + 1));
        } else {
            target.extend(self.actors_in(self.object_after(v)));
            if m.action.has_imposer_subject() {
                imposer.extend(self.resolve(self.subject(v)));
            }
        }
        m.own_target = !target.is_empty();
        m.target = target;
        m.imposer = imposer;
    }

    /// Second pass: a measure whose imposer or target the sentence does not tie to it takes
    /// them from the nearest other measure of the sentence with the same action (`keeping an
    /// oil embargo …` after `roll over their economic sanctions on Russia`).
    pub(super) fn borrow_from_siblings(&self, mentions: &mut [Mention]) {
        let snapshot: Vec<(Action, Ids, Ids)> = mentions
            .iter()
            .map(|m| (m.action, m.target.clone(), m.imposer.clone()))
            .collect();
        for (i, m) in mentions.iter_mut().enumerate() {
            if !m.action.has_imposer_subject() {
                continue;
            }
            let order = (0..i).rev().chain(i + 1..snapshot.len());
            let siblings: Vec<usize> = order.filter(|&j| snapshot[j].0 == m.action).collect();
            if m.target.is_empty() {
                if let Some(&j) = siblings.iter().find(|&&j| !snapshot[j].1.is_empty()) {
                    m.target = snapshot[j].1.clone();
                }
            }
            if m.imposer.is_empty() {
                if let Some(&j) = siblings.iter().find(|&&j| !snapshot[j].2.is_empty()) {
                    m.imposer = snapshot[j].2.clone();
                }
            }
        }
    }
}
