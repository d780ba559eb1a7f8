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
    if !percent && is_rate(c) {
        return false;
    }
    // A company named in the sentence (`Corp`, `<ERIC ST>`, `unit`) makes its deals, orders
    // and sales company business: weak cues then need more than a state in the sentence.
    let company = ctx.has_ticker(sentence)
        || ctx
            .cues_in(sentence)
            .iter()
            .any(|(_, cue)| cue.effect == Effect::Company);
    let actor = ctx.has_actor(sentence) && !company;
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
            // `the economy will contract 4 pct`: a verb of change, not a deal.
            Effect::Weak if economic_change(ctx, range, sentence) => (None, distance),
            Effect::Weak if actor => (Some(true), distance + WEAK_PENALTY),
            Effect::Money => (Some(!percent), distance),
            Effect::Block | Effect::Company => (Some(false), distance),
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

/// Whether a money figure is an exchange rate or a unit price: a number without a scale word
/// that is under 1,000 (`below 150 yen`, `£339`, `28 dlrs`) or written to two or more
/// decimals (`1.8085 marks`). Trade figures are written with a scale word or in thousands.
fn is_rate(c: &Candidate<'_>) -> bool {
    c.plain_fraction
        .is_some_and(|fraction| fraction >= 2 || c.low.to_f64() < 1000.0)
}

/// Whether the weak cue at `cue` is a verb of economic change (`contract`, `expand`) with an
/// economy word among the three words before it (`the economy will contract`).
fn economic_change(ctx: &Context<'_, '_>, cue: &Range<usize>, sentence: &Range<usize>) -> bool {
    let word = ctx.text[cue.clone()].to_ascii_lowercase();
    ctx.grammar.is("economic_verb", &word)
        && ctx
            .prev_words(cue.start, sentence.start, 3)
            .iter()
            .any(|w| ctx.grammar.is("economy", w))
}
