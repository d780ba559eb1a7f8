//! Finding the mentions of a sentence: restriction terms (minus those that are no measure),
//! the punitive verb *sanction*, and each noun span grown leftwards to its determiner.

use std::ops::Range;

use super::{Gov, Mention, Sentence, is_ordinal};
use crate::model::{Action, Instrument};

impl Sentence<'_> {
    pub(super) fn find_mentions(&self) -> Vec<Mention> {
        let mut mentions: Vec<Mention> = Vec::new();
        let mut i = 0;
        while i < self.toks.len() {
            let floor = mentions.last().map_or(0, |m| m.end);
            if let Some(m) = self.mention_at(i, floor) {
                i = m.end;
                mentions.push(m);
            } else {
                i += 1;
            }
        }
        mentions
    }

    /// The restriction term starting at token `i`, if any: its end and instrument.
    pub(super) fn term_at(&self, i: usize) -> Option<(usize, Instrument)> {
        let mut best: Option<(usize, Instrument)> = None;
        for (words, instrument) in &self.lex.terms {
            let instrument = *instrument;
            let fits = words.iter().enumerate().all(|(k, w)| {
                self.tok(i + k)
                    .is_some_and(|t| t.is_word() && t.lower == *w)
            });
            if fits && best.is_none_or(|(end, _)| i + words.len() > end) {
                best = Some((i + words.len(), instrument));
            }
        }
        best
    }

    pub(super) fn mention_at(&self, i: usize, floor: usize) -> Option<Mention> {
        let t = &self.toks[i];
        if !t.is_word() {
            return None;
        }
        if matches!(t.lower.as_str(), "sanctioned" | "sanctioning") {
            return self.verb_mention(i);
        }
        let (mut end, instrument) = self.term_at(i)?;
        let single_sanction = matches!(t.lower.as_str(), "sanction" | "sanctions") && end == i + 1;
        if single_sanction && self.reads_as_verb(i) {
            return self.verb_mention(i);
        }
        // A term inside a longer hyphenated word never matches (tokens keep hyphens), so
        // `sanctions-hit` is not here. Look at what follows.
        let next = self.lower(end).to_owned();
        let next_is_word = self.tok(end).is_some_and(|t| t.is_word());
        let mut relief = false;
        if next_is_word && self.lex.words.light.has(&next) {
            relief = next == "relief";
            end += 1;
        } else if next_is_word && self.lex.words.not_a_measure.has(&next) {
            return None;
        }
        // Lists of borrowers, spammers or players: a *blacklist* (not an entity list, which
        // only states keep) is a measure only in a sentence that names a party.
        let black = instrument == Instrument::Blacklist && t.lower.starts_with("black");
        if black && !self.toks.iter().any(|t| t.tag.is_some()) {
            return None;
        }
        // `the sanction of parliament`, `gave his sanction to`: approval. A single sanction
        // is a measure only in a sentence that names a party.
        if t.lower == "sanction" && end == i + 1 {
            let party = self.toks.iter().any(|t| t.tag.is_some());
            let personal =
                i > 0 && matches!(self.lower(i - 1), "his" | "her" | "my" | "your" | "our");
            if matches!(next.as_str(), "of" | "to" | "for") || personal || !party {
                return None;
            }
        }
        // `under embargo until 9am`: a news embargo.
        if instrument == Instrument::Embargo && end == i + 1 {
            let bare_under = i > 0 && self.lower(i - 1) == "under";
            let until = matches!(next.as_str(), "until" | "till");
            if bare_under || until {
                return None;
            }
        }
        if i > 0 && self.lex.words.non_coercive.has(self.lower(i - 1)) {
            return None;
        }
        let mut m = Mention {
            start: i,
            end,
            head: i,
            instrument,
            relief,
            verb_form: false,
            gov_from: i,
            premods: Vec::new(),
            possessors: Vec::new(),
            gov: Gov::None,
            action: Action::Mention,
            target: Vec::new(),
            imposer: Vec::new(),
            own_target: false,
        };
        self.expand_left(&mut m, floor);
        Some(m)
    }

    /// Whether `sanction(s)` at `i` is the verb (`the board sanctions the plan`, `to
    /// sanction`, `did not sanction`).
    pub(super) fn reads_as_verb(&self, i: usize) -> bool {
        let Some(prev) = i.checked_sub(1).and_then(|p| self.tok(p)) else {
            return false;
        };
        let p = prev.lower.as_str();
        if self.lex.words.verb_marker.has(p) || p.ends_with("n't") {
            return true;
        }
        let Some(next) = self.tok(i + 1) else {
            return false;
        };
        let n = next.lower.as_str();
        let next_opens_object = next.is_word()
            && (self.lex.words.determiner.has(n) && !matches!(n, "that" | "what" | "whatever")
                || self.lex.words.number.has(n)
                || next.is_digits()
                || next.tag.is_some()
                    && self
                        .tok(i + 2)
                        .is_some_and(|t| self.lex.words.sanctionable.has(&t.lower)));
        if !next_opens_object {
            return false;
        }
        // The word before is a subject, not a pre-modifier of the noun *sanctions*.
        prev.is_word()
            && !prev.is_possessive()
            && (prev.tag.as_ref().is_some_and(|a| a.kind != "demonym")
                || !prev.is_capitalized()
                    && !self.lex.is_determiner(p)
                    && !self.lex.words.modifier.has(p)
                    && !self.lex.words.preposition.has(p)
                    && !self.lex.words.function.has(p)
                    && !self.lex.is_verb(p)
                    && !self.lex.looks_adjective(p)
                    && !p.contains('-'))
    }

    /// The verb *sanction* at `i`, when it is punitive: a span on the verb alone.
    pub(super) fn verb_mention(&self, i: usize) -> Option<Mention> {
        let t = &self.toks[i];
        let prev = i.checked_sub(1).map(|p| self.lower(p));
        // `the sanctioned banks`, `with sanctioned firms`: an adjective.
        if t.lower == "sanctioned" || t.lower == "sanctioning" {
            match prev {
                None => return None,
                Some(p) if self.lex.is_determiner(p) || self.lex.words.preposition.has(p) => {
                    return None;
                }
                _ => {}
            }
        }
        let passive = self.is_passive_at(i);
        let punitive = if passive {
            let region = self.clause_before(i);
            let actor = region.clone().any(|k| self.toks[k].tag.is_some());
            let people = region
                .clone()
                .any(|k| self.lex.words.sanctionable.has(&self.toks[k].lower));
            let approval = region
                .clone()
                .any(|k| self.lex.words.approval_object.has(&self.toks[k].lower));
            (actor || people) && !approval
        } else {
            let object = self.object_after(i);
            let actor = object.clone().any(|k| {
                let t = &self.toks[k];
                t.tag.is_some()
                    || self.capitalized(t) && !self.lex.words.not_a_premodifier.has(&t.lower)
            });
            let people = object
                .clone()
                .any(|k| self.lex.words.sanctionable.has(&self.toks[k].lower));
            let approval = object
                .clone()
                .any(|k| self.lex.words.approval_object.has(&self.toks[k].lower));
            (actor || people) && !approval
        };
        if !punitive {
            return None;
        }
        Some(Mention {
            start: i,
            end: i + 1,
            head: i,
            instrument: Instrument::Sanctions,
            relief: false,
            verb_form: true,
            gov_from: i,
            premods: Vec::new(),
            possessors: Vec::new(),
            gov: Gov::None,
            action: Action::Impose,
            target: Vec::new(),
            imposer: Vec::new(),
            own_target: false,
        })
    }

    /// Whether the verb at `i` is passive: a form of *be*/*get* before it, past adverbs.
    pub(super) fn is_passive_at(&self, i: usize) -> bool {
        let mut k = i;
        while k > 0 {
            let w = self.lower(k - 1);
            if self.lex.words.passive_auxiliary.has(w) {
                return true;
            }
            if self.lex.words.passive_adverb.has(w) {
                k -= 1;
                continue;
            }
            // `Turkey, sanctioned by the United States, …`: a reduced passive.
            return self.tok(i + 1).is_some_and(|t| t.lower == "by")
                && self.toks[k - 1].is_punct(',');
        }
        false
    }

    /// The tokens of the clause before `i` (back to a clause boundary).
    pub(super) fn clause_before(&self, i: usize) -> Range<usize> {
        let mut k = i;
        while k > 0 && !self.is_boundary(k - 1) {
            k -= 1;
        }
        k..i
    }

    /// The object after the verb at `i`: up to a preposition, punctuation or verb, at most 6
    /// tokens.
    pub(super) fn object_after(&self, i: usize) -> Range<usize> {
        let mut k = i + 1;
        while k < self.toks.len() && k <= i + 6 {
            let t = &self.toks[k];
            if !t.is_word() && !t.is_possessive() {
                break;
            }
            if t.tag.is_none()
                && (self.lex.words.preposition.has(&t.lower) && t.lower != "off"
                    || self.lex.words.boundary.has(&t.lower)
                    || matches!(t.lower.as_str(), "and" | "or" | "but")
                    || k > i + 1 && self.lex.is_verb(&t.lower))
            {
                break;
            }
            k += 1;
        }
        i + 1..k
    }

    /// Grows a noun mention leftwards over pre-modifiers to its determiner; stops at a
    /// possessor, whose actors it records.
    pub(super) fn expand_left(&self, m: &mut Mention, floor: usize) {
        let plural_head = self.toks[m.end - 1].lower.ends_with('s')
            || matches!(self.toks[m.head].lower.as_str(), "sanctions" | "embargoes");
        let mut i = m.head;
        let mut has_modifier = false;
        while i > floor {
            let t = &self.toks[i - 1];
            if t.is_possessive() {
                let mut k = i - 1;
                while k > floor {
                    let p = &self.toks[k - 1];
                    if p.tag.is_some() {
                        m.possessors.push(k - 1);
                        k -= 1;
                    } else if p.is_word() && self.lex.is_determiner(&p.lower) {
                        k -= 1;
                        break;
                    } else if p.is_word()
                        && (self.capitalized(p) && !self.lex.words.function.has(&p.lower)
                            || self.lex.words.modifier.has(&p.lower))
                        && !self.lex.is_verb(&p.lower)
                        && !self.lex.words.preposition.has(&p.lower)
                    {
                        k -= 1;
                    } else {
                        break;
                    }
                }
                m.start = i;
                m.gov_from = k;
                return;
            }
            if !t.is_word() {
                break;
            }
            let w = t.lower.as_str();
            if is_ordinal(w) {
                i -= 1;
                has_modifier = true;
                continue;
            }
            if self.lex.is_determiner(w) || t.is_digits() {
                let agrees = match w {
                    "this" | "that" | "another" | "every" | "each" | "a" | "an" => !plural_head,
                    "these" | "those" | "several" | "many" | "few" => plural_head,
                    _ => true,
                };
                if agrees {
                    i -= 1;
                }
                break;
            }
            if t.tag.is_some() {
                m.premods.push(i - 1);
                i -= 1;
                has_modifier = true;
                continue;
            }
            if self.lex.words.participle_adjective.has(w) {
                i -= 1;
                has_modifier = true;
                continue;
            }
            if self.lex.words.function.has(w)
                && !(has_modifier && self.lex.words.intensifier.has(w))
            {
                break;
            }
            if self.lex.words.preposition.has(w) {
                break;
            }
            // `the proposed sanctions`, `its planned sanctions`: a participle after a determiner
            // is an adjective.
            let after_determiner = i >= 2
                && i - 1 > floor
                && matches!(
                    self.lower(i - 2),
                    "a" | "an"
                        | "the"
                        | "its"
                        | "their"
                        | "his"
                        | "her"
                        | "our"
                        | "these"
                        | "those"
                        | "this"
                        | "any"
                );
            let hyphen_last = w.rsplit('-').next().unwrap_or(w);
            if self.lex.is_verb(w) || w.contains('-') && self.lex.action(hyphen_last).is_some() {
                if after_determiner && (w.ends_with("ed") || w.ends_with("ing")) {
                    i -= 1;
                    has_modifier = true;
                    continue;
                }
                break;
            }
            if after_determiner && w.ends_with("ed") && !self.lex.words.function.has(w) {
                i -= 1;
                has_modifier = true;
                continue;
            }
            if self.lex.words.modifier.has(w) || w.contains('-') || self.lex.looks_adjective(w) {
                i -= 1;
                has_modifier = true;
                continue;
            }
            if has_modifier && self.lex.words.intensifier.has(w) {
                i -= 1;
                continue;
            }
            if self.capitalized(t) && !self.lex.words.not_a_premodifier.has(w) {
                i -= 1;
                has_modifier = true;
                continue;
            }
            break;
        }
        m.start = i;
        m.gov_from = i;
    }
}
