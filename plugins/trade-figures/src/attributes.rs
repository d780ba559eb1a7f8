//! Attributes beyond the number itself: `measure` (change, share, or the measure of the
//! nearest cue) and `year` (see the crate doc).

use std::ops::Range;

use marginalia_text::words::words;

use crate::context::Context;
use crate::data::{Cue, Effect};
use crate::expression::{Atom, Candidate};

/// Words after `of` in which a percentage's share cue must start.
pub(crate) const SHARE_WINDOW: usize = 6;

/// Figures written as a comparison base (`from £42.6bn in 2024`): a year right after one
/// dates it, not the figures before it.
pub(crate) fn bases(ctx: &Context<'_, '_>, atoms: &[Atom<'_>]) -> Vec<Range<usize>> {
    atoms
        .iter()
        .filter(|c| {
            ctx.prev_words(c.range.start, 0, 1)
                .first()
                .is_some_and(|w| ctx.grammar.is("not_year_after", w))
        })
        .map(|c| c.range.clone())
        .collect()
}

/// The figure's year: from its clause, else from its sentence when the clause refers back
/// to it (`that year`).
pub(crate) fn year_of(
    ctx: &Context<'_, '_>,
    c: &Candidate<'_>,
    bases: &[Range<usize>],
    clause: &Range<usize>,
    sentence: &Range<usize>,
) -> Option<i64> {
    let refers_back = {
        let body = ctx.text[clause.clone()].to_ascii_lowercase();
        ctx.grammar.phrases("same_year").any(|p| body.contains(p))
    };
    year(ctx, c, bases, clause, sentence).or_else(|| {
        refers_back
            .then(|| year(ctx, c, bases, sentence, sentence))
            .flatten()
    })
}

/// Whether the figure is a change (see the crate doc).
pub(crate) fn is_change(ctx: &Context<'_, '_>, c: &Candidate<'_>) -> bool {
    let sentence = ctx.sentence(c.core_start);
    measure(ctx, c, &sentence, None).as_deref() == Some("change")
}

/// The measure (see the crate doc).
pub(crate) fn measure(
    ctx: &Context<'_, '_>,
    c: &Candidate<'_>,
    clause: &Range<usize>,
    inherited_share: Option<String>,
) -> Option<String> {
    let cues = ctx.cues_in(clause);
    let before: Vec<&(Range<usize>, &Cue)> = cues
        .iter()
        .filter(|(r, _)| r.end <= c.range.start)
        .collect();
    let after: Vec<&(Range<usize>, &Cue)> = cues
        .iter()
        .filter(|(r, _)| r.start >= c.range.end)
        .collect();
    let is_change = |effect: Effect| matches!(effect, Effect::Change | Effect::ChangeNoun);
    // Change: a change word right before (or with `of`/`by` between), a change noun right after.
    let level = c.hedge.is_some_and(|h| h.level);
    if let Some((r, cue)) = before.last()
        && is_change(cue.effect)
        && !level
    {
        let gap = ctx.words_between(r.end, c.range.start);
        let joined = gap == 1
            && ctx
                .prev_words(c.range.start, r.end, 1)
                .first()
                .is_some_and(|w| w == "of" || w == "by");
        if gap == 0 || joined {
            return Some("change".to_owned());
        }
    }
    if let Some((r, cue)) = after.first()
        && cue.effect == Effect::ChangeNoun
        && ctx.words_between(c.range.end, r.start) == 0
    {
        return Some("change".to_owned());
    }
    if c.is_percent() {
        let rest = &ctx.text[c.range.end..clause.end];
        let next = words(rest).next().map(|w| &rest[w.clone()]);
        if next.is_some_and(|w| w.eq_ignore_ascii_case("of")) {
            let of_end = c.range.end + words(rest).next().map_or(0, |w| w.end);
            // The first cue after `of` that names what the share is of (`of the EU's gas
            // imports`), within a few words and before any blocking cue.
            return after
                .iter()
                .filter(|(r, _)| r.start >= of_end)
                .take_while(|(r, cue)| {
                    !matches!(cue.effect, Effect::Block | Effect::Company)
                        && ctx.words_between(of_end, r.start) < SHARE_WINDOW
                })
                .find_map(|(_, cue)| cue.share.clone());
        }
        let share_word = before.iter().any(|(_, cue)| cue.effect == Effect::Share);
        if share_word
            && let Some((_, cue)) = before.iter().rev().find(|(_, cue)| cue.share.is_some())
        {
            return cue.share.clone();
        }
        return inherited_share;
    }
    before
        .iter()
        .rev()
        .chain(after.iter())
        .find_map(|(_, cue)| cue.measure.clone())
}

/// The year the clause gives for the figure (see the crate doc).
fn year(
    ctx: &Context<'_, '_>,
    c: &Candidate<'_>,
    bases: &[Range<usize>],
    clause: &Range<usize>,
    sentence: &Range<usize>,
) -> Option<i64> {
    let from = ctx.years.partition_point(|(r, _)| r.start < clause.start);
    let mut found: Option<i64> = None;
    for (range, year) in ctx.years[from..]
        .iter()
        .take_while(|(r, _)| r.end <= clause.end)
    {
        let before = ctx.text[..range.start].chars().next_back();
        let after = ctx.text[range.end..].chars();
        let mut after = after;
        let dash_after = matches!(after.next(), Some('-' | '–' | '—' | '/'))
            && after.next().is_some_and(|c| c.is_ascii_digit());
        let dash_before = matches!(before, Some('-' | '–' | '—' | '/'))
            && ctx.text[..range.start]
                .chars()
                .rev()
                .nth(1)
                .is_some_and(|c| c.is_ascii_digit());
        if dash_after || dash_before {
            continue;
        }
        let behind_a_base = bases
            .iter()
            .any(|b| b.start >= c.range.end && b.end <= range.start);
        if behind_a_base {
            continue;
        }
        let mut excluded = false;
        for word in ctx.prev_words(range.start, sentence.start, 4) {
            if ctx.grammar.is("year_marker", &word) {
                break;
            }
            if ctx.grammar.is("not_year_after", &word) {
                excluded = true;
                break;
            }
        }
        if excluded {
            continue;
        }
        match found {
            None => found = Some(*year),
            Some(y) if y == *year => {}
            Some(_) => return None,
        }
    }
    found
}
