//! Earlier annotations (or any other ranges) of one document, indexed for "which mentions are
//! near this span" questions: the actors in a sentence, the nearest actor before a trigger, the
//! mention that starts right after a preposition.
//!
//! # Contract
//!
//! - [`Mentions::new`] takes `(range, value)` pairs in any order and sorts them by start (then
//!   end); empty ranges are dropped. Building is `O(n log n)`, every lookup `O(log n)` plus the
//!   size of its answer.
//! - "Inside" means the whole mention lies within the window (`window.start <= m.start` and
//!   `m.end <= window.end`); "before" means it ends at or before the offset; "after" means it
//!   starts at or after the offset.
//! - Nothing here looks at text, so it works for any byte ranges and never panics.

use std::ops::Range;

/// One indexed mention.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention<T> {
    /// Byte range in the document.
    pub range: Range<usize>,
    /// What it stands for (an actor id, a label, ...).
    pub value: T,
}

/// Ranges with values, sorted by start, with lookups by position (see the module doc).
///
/// ```
/// use marginalia_text::mentions::Mentions;
/// let text = "Iran sent drones to Russia.";
/// let actors = Mentions::new([(20..26, "RUS"), (0..4, "IRN")]);
/// assert_eq!(actors.last_before(10, 0).map(|m| m.value), Some("IRN"));
/// assert_eq!(actors.first_after(16, text.len()).map(|m| m.value), Some("RUS"));
/// assert_eq!(actors.inside(0..text.len()).count(), 2);
/// assert_eq!(actors.starting_at(20).map(|m| &text[m.range.clone()]), Some("Russia"));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Mentions<T> {
    items: Vec<Mention<T>>,
    /// `reach[i]`: the largest end among `items[..=i]`, so that a backward scan for a covering
    /// mention stops as soon as no earlier mention reaches the offset.
    reach: Vec<usize>,
}

impl<T> Default for Mentions<T> {
    fn default() -> Self {
        Mentions {
            items: Vec::new(),
            reach: Vec::new(),
        }
    }
}

impl<T> Mentions<T> {
    /// Indexes the given mentions.
    pub fn new(mentions: impl IntoIterator<Item = (Range<usize>, T)>) -> Self {
        let mut items: Vec<Mention<T>> = mentions
            .into_iter()
            .filter(|(r, _)| r.start < r.end)
            .map(|(range, value)| Mention { range, value })
            .collect();
        items.sort_by_key(|m| (m.range.start, m.range.end));
        let reach = items
            .iter()
            .scan(0, |max, m| {
                *max = m.range.end.max(*max);
                Some(*max)
            })
            .collect();
        Mentions { items, reach }
    }

    /// All mentions, sorted by start.
    pub fn all(&self) -> &[Mention<T>] {
        &self.items
    }

    /// Number of mentions.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The mentions lying wholly inside `window`, in order.
    pub fn inside(&self, window: Range<usize>) -> impl Iterator<Item = &Mention<T>> {
        let from = self.items.partition_point(|m| m.range.start < window.start);
        let to = self.items.partition_point(|m| m.range.start < window.end);
        self.items[from..to.max(from)]
            .iter()
            .filter(move |m| m.range.end <= window.end)
    }

    /// The mention that starts exactly at `offset`, if any (the shortest when several do).
    pub fn starting_at(&self, offset: usize) -> Option<&Mention<T>> {
        let i = self.items.partition_point(|m| m.range.start < offset);
        self.items.get(i).filter(|m| m.range.start == offset)
    }

    /// The mention that covers byte `offset` (`start <= offset < end`), if any.
    /// When several do, the one that starts last. `O(log n)` plus the mentions that start before
    /// `offset` and end after an earlier one reaches past it (none, for disjoint mentions).
    pub fn covering(&self, offset: usize) -> Option<&Mention<T>> {
        let mut i = self.items.partition_point(|m| m.range.start <= offset);
        while i > 0 && self.reach[i - 1] > offset {
            i -= 1;
            if offset < self.items[i].range.end {
                return Some(&self.items[i]);
            }
        }
        None
    }

    /// The last mention that ends at or before `offset` and starts at or after `floor`.
    pub fn last_before(&self, offset: usize, floor: usize) -> Option<&Mention<T>> {
        self.before(offset, floor).next()
    }

    /// The mentions that end at or before `offset` and start at or after `floor`, nearest
    /// first.
    pub fn before(&self, offset: usize, floor: usize) -> impl Iterator<Item = &Mention<T>> {
        let i = self.items.partition_point(|m| m.range.start < offset);
        self.items[..i]
            .iter()
            .rev()
            .take_while(move |m| m.range.start >= floor)
            .filter(move |m| m.range.end <= offset)
    }

    /// The first mention that starts at or after `offset` and ends at or before `ceiling`.
    pub fn first_after(&self, offset: usize, ceiling: usize) -> Option<&Mention<T>> {
        self.after(offset, ceiling).next()
    }

    /// The mentions that start at or after `offset` and end at or before `ceiling`, nearest
    /// first.
    pub fn after(&self, offset: usize, ceiling: usize) -> impl Iterator<Item = &Mention<T>> {
        let i = self.items.partition_point(|m| m.range.start < offset);
        self.items[i..]
            .iter()
            .take_while(move |m| m.range.start < ceiling)
            .filter(move |m| m.range.end <= ceiling)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covering_agrees_with_a_full_scan_on_nested_and_disjoint_mentions() {
        let ranges = [
            0..3,
            2..12,
            4..6,
            5..7,
            14..15,
            16..40,
            20..22,
            30..31,
            41..42,
        ];
        let mentions = Mentions::new(ranges.iter().cloned().enumerate().map(|(i, r)| (r, i)));
        for offset in 0..45 {
            let expected = mentions
                .all()
                .iter()
                .rev()
                .find(|m| m.range.start <= offset && offset < m.range.end);
            assert_eq!(mentions.covering(offset), expected, "offset {offset}");
        }
    }

    fn sample() -> Mentions<&'static str> {
        // "Moscow and Pyongyang deny transfers to Russia"
        Mentions::new([
            (39..45, "RUS"),
            (0..6, "RUS"),
            (11..20, "PRK"),
            (5..5, "EMPTY"),
        ])
    }

    #[test]
    fn sorted_and_empty_dropped() {
        let m = sample();
        let starts: Vec<usize> = m.all().iter().map(|m| m.range.start).collect();
        assert_eq!(starts, [0, 11, 39]);
        assert_eq!(m.len(), 3);
        assert!(!m.is_empty());
        assert!(Mentions::<u8>::default().is_empty());
    }

    #[test]
    fn inside_a_window() {
        let m = sample();
        let ids: Vec<&str> = m.inside(0..21).map(|m| m.value).collect();
        assert_eq!(ids, ["RUS", "PRK"]);
        assert_eq!(m.inside(1..19).count(), 0);
        assert_eq!(m.inside(11..45).count(), 2);
        let (hi, lo) = (50, 10);
        assert_eq!(m.inside(hi..lo).count(), 0);
    }

    #[test]
    fn nearest_before_and_after() {
        let m = sample();
        assert_eq!(m.last_before(30, 0).map(|m| m.value), Some("PRK"));
        assert_eq!(m.last_before(30, 12).map(|m| m.value), None);
        let before: Vec<&str> = m.before(45, 0).map(|m| m.value).collect();
        assert_eq!(before, ["RUS", "PRK", "RUS"]);
        assert_eq!(m.first_after(7, 100).map(|m| m.value), Some("PRK"));
        assert_eq!(m.first_after(21, 44).map(|m| m.value), None);
        assert_eq!(m.after(0, 100).count(), 3);
    }

    #[test]
    fn at_and_covering() {
        let m = sample();
        assert_eq!(m.starting_at(11).map(|m| m.value), Some("PRK"));
        assert!(m.starting_at(12).is_none());
        assert_eq!(m.covering(15).map(|m| m.value), Some("PRK"));
        assert!(m.covering(25).is_none());
        assert!(m.covering(usize::MAX).is_none());
    }
}
