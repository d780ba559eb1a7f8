//! One-to-one matching of predicted annotations to gold annotations.

use std::collections::BTreeMap;

use marginalia_core::Annotation;

/// Pairs gold and predicted annotations that have the same label and overlapping byte ranges,
/// each annotation in at most one pair. Returns `(gold index, predicted index)` pairs sorted by
/// gold index.
///
/// The matching is a maximum one, chosen in this order of preference:
///
/// 1. as many pairs as possible (so one prediction overlapping two gold spans, or two
///    predictions overlapping one, never costs a true positive that another assignment
///    would have kept);
/// 2. among those, as many pairs with the same start and end as possible;
/// 3. among those, the largest total overlap in bytes.
///
/// It is computed exactly (the Hungarian algorithm on each cluster of mutually overlapping
/// spans), not greedily. Between matchings equal on all three counts the choice depends only
/// on the order of the input, so the result is deterministic.
pub fn match_overlapping(gold: &[&Annotation], predicted: &[&Annotation]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    for cluster in clusters(gold, predicted) {
        let (g, p) = (&cluster.gold, &cluster.predicted);
        if g.is_empty() || p.is_empty() {
            continue;
        }
        // Weights are lexicographic (pair, exact pair, overlap bytes), packed in one integer:
        // each tier's unit is larger than the most the tiers below it can add up to.
        let overlap_unit: i128 = 1;
        let max_overlap: i128 = g.iter().map(|&i| span_len(gold[i])).sum();
        let exact_unit = max_overlap + 1;
        let max_pairs = g.len().min(p.len()) as i128;
        let pair_unit = exact_unit * (max_pairs + 1);
        let weight = |gi: usize, pi: usize| -> i128 {
            let (a, b) = (gold[gi], predicted[pi]);
            match overlap(a, b) {
                Some(bytes) => {
                    let exact = a.start == b.start && a.end == b.end;
                    pair_unit + if exact { exact_unit } else { 0 } + bytes as i128 * overlap_unit
                }
                None => 0,
            }
        };
        // The assignment needs rows <= columns: rows are the smaller side.
        let transposed = g.len() > p.len();
        let (rows, cols) = if transposed { (p, g) } else { (g, p) };
        let cost: Vec<Vec<i128>> = rows
            .iter()
            .map(|&r| {
                cols.iter()
                    .map(|&c| {
                        let (gi, pi) = if transposed { (c, r) } else { (r, c) };
                        -weight(gi, pi)
                    })
                    .collect()
            })
            .collect();
        for (r, c) in assignment(&cost, cols.len()) {
            let (gi, pi) = if transposed {
                (cols[c], rows[r])
            } else {
                (rows[r], cols[c])
            };
            // Non-overlapping cells have weight 0: an assignment may use them, a match may not.
            if weight(gi, pi) > 0 {
                pairs.push((gi, pi));
            }
        }
    }
    pairs.sort_unstable();
    pairs
}

/// Pairs gold and predicted annotations with the same label, start and end, each annotation in
/// at most one pair (duplicates pair up in order). Returns `(gold index, predicted index)`
/// pairs sorted by gold index.
pub fn match_exact(gold: &[&Annotation], predicted: &[&Annotation]) -> Vec<(usize, usize)> {
    let mut unmatched: BTreeMap<(&str, usize, usize), Vec<usize>> = BTreeMap::new();
    for (pi, p) in predicted.iter().enumerate().rev() {
        unmatched
            .entry((p.label.as_str(), p.start, p.end))
            .or_default()
            .push(pi);
    }
    let mut pairs = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        if let Some(pi) = unmatched
            .get_mut(&(g.label.as_str(), g.start, g.end))
            .and_then(Vec::pop)
        {
            pairs.push((gi, pi));
        }
    }
    pairs
}

/// The number of bytes two annotations with the same label share, if they share any.
fn overlap(a: &Annotation, b: &Annotation) -> Option<usize> {
    let bytes = a.end.min(b.end).saturating_sub(a.start.max(b.start));
    (a.label == b.label && bytes > 0).then_some(bytes)
}

fn span_len(a: &Annotation) -> i128 {
    (a.end - a.start) as i128
}

/// Spans (indices into each side) whose ranges chain into one another. No span overlaps a
/// span of another cluster, so each cluster can be matched on its own.
#[derive(Debug, Default)]
struct Cluster {
    gold: Vec<usize>,
    predicted: Vec<usize>,
}

fn clusters(gold: &[&Annotation], predicted: &[&Annotation]) -> Vec<Cluster> {
    // (start, end, side, index): side 0 is gold, 1 predicted.
    let mut spans: Vec<(usize, usize, u8, usize)> = gold
        .iter()
        .enumerate()
        .map(|(i, a)| (a.start, a.end, 0, i))
        .chain(
            predicted
                .iter()
                .enumerate()
                .map(|(i, a)| (a.start, a.end, 1, i)),
        )
        .collect();
    spans.sort_unstable();
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut reach = 0;
    for (start, end, side, index) in spans {
        if clusters.is_empty() || start >= reach {
            clusters.push(Cluster::default());
            reach = end;
        }
        reach = reach.max(end);
        let cluster = clusters.last_mut().expect("pushed above");
        if side == 0 {
            cluster.gold.push(index);
        } else {
            cluster.predicted.push(index);
        }
    }
    clusters
}

/// A minimum-cost assignment of every row to a distinct column (`cost` has `cols >= rows`
/// columns in each row): the Hungarian algorithm with potentials, `O(rows² · cols)`.
/// Returns `(row, column)` pairs.
fn assignment(cost: &[Vec<i128>], cols: usize) -> Vec<(usize, usize)> {
    const INF: i128 = i128::MAX / 4;
    let rows = cost.len();
    debug_assert!(rows <= cols);
    // 1-based internally: row or column 0 is the "none" sentinel.
    let mut u = vec![0_i128; rows + 1];
    let mut v = vec![0_i128; cols + 1];
    let mut row_of = vec![0_usize; cols + 1];
    let mut way = vec![0_usize; cols + 1];
    for row in 1..=rows {
        row_of[0] = row;
        let mut col0 = 0;
        let mut min_slack = vec![INF; cols + 1];
        let mut used = vec![false; cols + 1];
        loop {
            used[col0] = true;
            let row0 = row_of[col0];
            let mut delta = INF;
            let mut col1 = 0;
            for col in 1..=cols {
                if used[col] {
                    continue;
                }
                let slack = cost[row0 - 1][col - 1] - u[row0] - v[col];
                if slack < min_slack[col] {
                    min_slack[col] = slack;
                    way[col] = col0;
                }
                if min_slack[col] < delta {
                    delta = min_slack[col];
                    col1 = col;
                }
            }
            for col in 0..=cols {
                if used[col] {
                    u[row_of[col]] += delta;
                    v[col] -= delta;
                } else {
                    min_slack[col] -= delta;
                }
            }
            col0 = col1;
            if row_of[col0] == 0 {
                break;
            }
        }
        while col0 != 0 {
            let col1 = way[col0];
            row_of[col0] = row_of[col1];
            col0 = col1;
        }
    }
    (1..=cols)
        .filter(|&col| row_of[col] != 0)
        .map(|col| (row_of[col] - 1, col - 1))
        .collect()
}

#[cfg(test)]
mod tests {
    use marginalia_core::Attrs;

    use super::*;

    fn span(label: &str, start: usize, end: usize) -> Annotation {
        Annotation {
            label: label.into(),
            start,
            end,
            text: "x".repeat(end - start),
            plugin: "p".into(),
            attrs: Attrs::new(),
        }
    }

    fn refs(spans: &[Annotation]) -> Vec<&Annotation> {
        spans.iter().collect()
    }

    #[test]
    fn two_predictions_overlapping_one_gold_match_once() {
        let gold = [span("a", 0, 10)];
        let predicted = [span("a", 0, 4), span("a", 3, 10)];
        // The larger overlap wins; the other prediction stays a false positive.
        assert_eq!(match_overlapping(&refs(&gold), &refs(&predicted)), [(0, 1)]);
    }

    #[test]
    fn one_prediction_overlapping_two_gold_matches_once() {
        let gold = [span("a", 0, 5), span("a", 5, 10)];
        let predicted = [span("a", 2, 9)];
        assert_eq!(match_overlapping(&refs(&gold), &refs(&predicted)), [(1, 0)]);
    }

    #[test]
    fn the_matching_is_maximum_where_greedy_would_not_be() {
        // P0 overlaps G0 by 6 and G1 by 1; P1 overlaps only G0, by 5. Taking the largest
        // overlap first (G0-P0) would leave G1 and P1 unmatched.
        let gold = [span("a", 0, 10), span("a", 10, 12)];
        let predicted = [span("a", 4, 11), span("a", 0, 5)];
        assert_eq!(
            match_overlapping(&refs(&gold), &refs(&predicted)),
            [(0, 1), (1, 0)]
        );
    }

    #[test]
    fn exact_pairs_are_preferred_between_equal_overlaps() {
        // Both predictions overlap the gold span by all its 10 bytes; the exact one is chosen,
        // whichever comes first.
        let gold = [span("a", 0, 10)];
        let predicted = [span("a", 0, 12), span("a", 0, 10)];
        assert_eq!(match_overlapping(&refs(&gold), &refs(&predicted)), [(0, 1)]);
        let predicted = [span("a", 0, 10), span("a", 0, 12)];
        assert_eq!(match_overlapping(&refs(&gold), &refs(&predicted)), [(0, 0)]);
    }

    #[test]
    fn labels_must_agree_and_touching_is_not_overlapping() {
        let gold = [span("a", 0, 5), span("b", 10, 15)];
        let predicted = [span("b", 0, 5), span("b", 5, 10), span("a", 10, 15)];
        assert!(match_overlapping(&refs(&gold), &refs(&predicted)).is_empty());
        assert!(match_exact(&refs(&gold), &refs(&predicted)).is_empty());
    }

    #[test]
    fn empty_sides_match_nothing() {
        let some = [span("a", 0, 5)];
        assert!(match_overlapping(&[], &[]).is_empty());
        assert!(match_overlapping(&refs(&some), &[]).is_empty());
        assert!(match_overlapping(&[], &refs(&some)).is_empty());
        assert!(match_exact(&refs(&some), &[]).is_empty());
    }

    #[test]
    fn exact_matching_pairs_duplicates_one_to_one() {
        let gold = [span("a", 0, 5), span("a", 0, 5), span("a", 7, 9)];
        let predicted = [
            span("a", 0, 5),
            span("a", 7, 8),
            span("a", 0, 5),
            span("a", 0, 5),
        ];
        assert_eq!(
            match_exact(&refs(&gold), &refs(&predicted)),
            [(0, 0), (1, 2)]
        );
    }

    #[test]
    fn separate_clusters_are_matched_independently() {
        let gold = [span("a", 0, 3), span("a", 10, 13), span("a", 20, 23)];
        let predicted = [span("a", 21, 22), span("a", 1, 2), span("a", 30, 31)];
        assert_eq!(
            match_overlapping(&refs(&gold), &refs(&predicted)),
            [(0, 1), (2, 0)]
        );
    }

    #[test]
    fn the_matching_is_the_same_for_the_same_input() {
        let gold: Vec<Annotation> = (0..30).map(|i| span("a", i * 3, i * 3 + 5)).collect();
        let predicted: Vec<Annotation> = (0..30).map(|i| span("a", i * 3 + 1, i * 3 + 4)).collect();
        let first = match_overlapping(&refs(&gold), &refs(&predicted));
        assert_eq!(first.len(), 30);
        for _ in 0..3 {
            assert_eq!(match_overlapping(&refs(&gold), &refs(&predicted)), first);
        }
    }

    /// (pairs, exact pairs, overlap bytes) of a matching: what it maximizes, in this order.
    fn quality(
        gold: &[Annotation],
        predicted: &[Annotation],
        pairs: &[(usize, usize)],
    ) -> (usize, usize, usize) {
        let exact = pairs
            .iter()
            .filter(|&&(g, p)| {
                (gold[g].start, gold[g].end) == (predicted[p].start, predicted[p].end)
            })
            .count();
        let bytes = pairs
            .iter()
            .map(|&(g, p)| overlap(&gold[g], &predicted[p]).expect("pairs overlap"))
            .sum();
        (pairs.len(), exact, bytes)
    }

    /// The best quality of any one-to-one matching, by trying them all.
    fn brute_force(gold: &[Annotation], predicted: &[Annotation]) -> (usize, usize, usize) {
        fn go(
            g: usize,
            used: &mut Vec<bool>,
            pairs: &mut Vec<(usize, usize)>,
            gold: &[Annotation],
            predicted: &[Annotation],
            best: &mut (usize, usize, usize),
        ) {
            if g == gold.len() {
                *best = (*best).max(quality(gold, predicted, pairs));
                return;
            }
            go(g + 1, used, pairs, gold, predicted, best);
            for p in 0..predicted.len() {
                if !used[p] && overlap(&gold[g], &predicted[p]).is_some() {
                    used[p] = true;
                    pairs.push((g, p));
                    go(g + 1, used, pairs, gold, predicted, best);
                    pairs.pop();
                    used[p] = false;
                }
            }
        }
        let mut best = (0, 0, 0);
        go(
            0,
            &mut vec![false; predicted.len()],
            &mut Vec::new(),
            gold,
            predicted,
            &mut best,
        );
        best
    }

    #[test]
    fn the_matching_is_as_good_as_any_on_random_cases() {
        // A small linear congruential generator: deterministic, no dependency.
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |bound: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((state >> 33) as usize) % bound
        };
        for _ in 0..500 {
            let (ng, np) = (next(6), next(6));
            let mut spans = |n: usize| -> Vec<Annotation> {
                (0..n)
                    .map(|_| {
                        let start = next(20);
                        let label = if next(5) == 0 { "b" } else { "a" };
                        span(label, start, start + 1 + next(8))
                    })
                    .collect()
            };
            let gold = spans(ng);
            let predicted = spans(np);
            let pairs = match_overlapping(&refs(&gold), &refs(&predicted));
            let mut seen_gold: Vec<usize> = pairs.iter().map(|&(g, _)| g).collect();
            let mut seen_predicted: Vec<usize> = pairs.iter().map(|&(_, p)| p).collect();
            seen_gold.dedup();
            seen_predicted.sort_unstable();
            seen_predicted.dedup();
            assert_eq!(
                seen_gold.len(),
                pairs.len(),
                "one-to-one: {gold:?} {predicted:?}"
            );
            assert_eq!(
                seen_predicted.len(),
                pairs.len(),
                "one-to-one: {gold:?} {predicted:?}"
            );
            assert_eq!(
                quality(&gold, &predicted, &pairs),
                brute_force(&gold, &predicted),
                "gold {gold:?}, predicted {predicted:?}"
            );
        }
    }

    #[test]
    fn assignment_minimizes_cost() {
        let cost = vec![vec![4, 1, 4], vec![2, 0, 5]];
        // Row 0 → col 1 (1) + row 1 → col 0 (2) = 3 beats taking the cheapest cell (row 1 →
        // col 1, 0), which leaves row 0 at least 4.
        let mut pairs = assignment(&cost, 3);
        pairs.sort_unstable();
        assert_eq!(pairs, [(0, 1), (1, 0)]);
    }
}
