//! Relevance: whether a candidate's sentence makes it a trade figure, from the trade cues
//! and the blocking cues around it (see the crate doc).

use std::ops::Range;

use crate::context::Context;
use crate::data::Effect;
use crate::expression::Candidate;

/// Words between the figure and its nearest trade cue, at most, for money figures.
pub(crate) const MONEY_WINDOW: usize = 20;
/// The same for percentages, which are more often something else.
pub(crate) const PERCENT_WINDOW: usize = 12;
/// Words added to the distance of a weak cue.
pub(crate) const WEAK_PENALTY: usize = 5;

/// Whether the figure's sentence makes it a trade figure (see the crate doc).
///
/// `neighbour` is the previous trade figure of the sentence, if any: it counts as a strong
/// cue (`worth USD 2.5 million ..., a rise of 12 pct`).
pub(crate) fn relevant(
    ctx: &Context<'_, '_>,
    c: &Candidate<'_>,
    sentence: &Range<usize>,
    neighbour: Option<Range<usize>>,
) -> bool {
    let percent = c.is_percent();
    let price = ctx.cues_in(sentence).iter().any(|(r, cue)| {
        cue.effect == Effect::Price
            && r.start >= c.range.end
            && ctx.words_between(c.range.end, r.start) == 0
    });
    if price && !percent {
        return false;
    }
    let actor = ctx.has_actor(sentence);
    let mut best_pos = neighbour.map_or(usize::MAX, |n| ctx.words_between(n.end, c.range.start));
    let mut best_neg = usize::MAX;
    for (range, cue) in ctx.cues_in(sentence) {
        if range.end > c.range.start && range.start < c.range.end {
            continue;
        }
        let distance = if range.end <= c.range.start {
            ctx.words_between(range.end, c.range.start)
        } else {
            ctx.words_between(c.range.end, range.start)
        };
        let (positive, distance) = match cue.effect {
            Effect::Strong => (Some(true), distance),
            // Weaker evidence: as if a few words further away.
            Effect::Weak if actor => (Some(true), distance + WEAK_PENALTY),
            Effect::Money => (Some(!percent), distance),
            Effect::Block => (Some(false), distance),
            _ => (None, distance),
        };
        match positive {
            Some(true) => best_pos = best_pos.min(distance),
            Some(false) => best_neg = best_neg.min(distance),
            None => {}
        }
    }
    let window = if percent {
        PERCENT_WINDOW
    } else {
        MONEY_WINDOW
    };
    best_pos <= window && best_pos < best_neg
}
