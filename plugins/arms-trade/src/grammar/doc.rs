//! The document as the grammar sees it: tokens, lower-cased words, item, actor and cue
//! matches indexed by token, the closed word classes, and sentence starts after datelines.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use marginalia_core::Document;
use marginalia_text::FoldedText;
use marginalia_text::mentions::{Mention, Mentions};
use marginalia_text::tokens::{Token, token_at, tokenize};

use crate::ArmsTrade;
use crate::data::{ItemTerm, Status};

/// The closed word classes of `data/cues.txt`.
#[derive(Debug, Default)]
pub(crate) struct Words {
    pub(super) classes: HashMap<String, HashSet<String>>,
}

impl Words {
    pub(crate) fn new(classes: HashMap<String, HashSet<String>>) -> Self {
        Words { classes }
    }

    pub(super) fn is(&self, class: &str, word: &str) -> bool {
        self.classes
            .get(class)
            .is_some_and(|set| set.contains(word))
    }
}

/// An actor annotation.
#[derive(Clone, Debug)]
pub(super) struct Actor {
    pub(super) id: String,
    pub(super) demonym: bool,
}

/// The document, tokenized and indexed once.
pub(super) struct Doc<'a> {
    pub(super) text: &'a str,
    pub(super) tokens: Vec<Token>,
    pub(super) lower: Vec<String>,
    /// For each token, the item match starting at it.
    pub(super) item_at: Vec<Option<usize>>,
    /// For each token, the item match ending at it.
    pub(super) item_end_at: Vec<Option<usize>>,
    pub(super) items: Vec<(Range<usize>, &'a ItemTerm)>,
    pub(super) actors: Mentions<Actor>,
    pub(super) cues: Mentions<Status>,
    pub(super) words: &'a Words,
}

pub(super) fn push_unique(list: &mut Vec<String>, value: String) {
    if !list.contains(&value) {
        list.push(value);
    }
}

impl<'a> Doc<'a> {
    pub(super) fn word(&self, i: usize) -> &str {
        self.lower.get(i).map_or("", String::as_str)
    }

    pub(super) fn is_word(&self, i: usize) -> bool {
        self.tokens.get(i).is_some_and(Token::is_word)
    }

    pub(super) fn punct(&self, i: usize) -> Option<&str> {
        self.tokens
            .get(i)
            .filter(|t| !t.is_word())
            .map(|t| &self.text[t.range.clone()])
    }

    /// The item match starting at token `i`; `None` past the last token, like
    /// [`word`](Self::word), so that callers may look one token ahead of an actor that ends
    /// the document.
    pub(super) fn item_term(&self, i: usize) -> Option<(usize, &'a ItemTerm)> {
        let m = (*self.item_at.get(i)?)?;
        Some((m, self.items[m].1))
    }

    pub(super) fn item_last_token(&self, m: usize) -> usize {
        let end = self.items[m].0.end;
        token_at(&self.tokens, end.saturating_sub(1))
    }

    pub(super) fn actor_at(&self, i: usize) -> Option<&Mention<Actor>> {
        let t = self.tokens.get(i)?;
        self.actors
            .covering(t.range.start)
            .filter(|m| m.range.start >= t.range.start)
    }

    pub(super) fn actor_last_token(&self, m: &Mention<Actor>) -> usize {
        token_at(&self.tokens, m.range.end.saturating_sub(1))
    }

    pub(super) fn is_quote(s: &str) -> bool {
        matches!(s, "\"" | "“" | "”" | "‘" | "’" | "'" | "«" | "»")
    }

    /// Whether token `i` is followed by a possessive `'s` (or a bare `'` after -s).
    pub(super) fn possessive_after(&self, i: usize) -> Option<usize> {
        let p = self.punct(i + 1)?;
        if !matches!(p, "'" | "’") {
            return None;
        }
        if self.word(i + 2) == "s" {
            Some(i + 3)
        } else {
            Some(i + 2)
        }
    }
}

impl<'a> Doc<'a> {
    /// Tokenizes `document` and indexes the plugin's matches in it.
    pub(super) fn new(
        plugin: &'a ArmsTrade,
        document: &Document<'a>,
        folded: &FoldedText<'_>,
    ) -> Self {
        let text = document.text();
        let tokens = tokenize(text);
        let lower: Vec<String> = tokens
            .iter()
            .map(|t| text[t.range.clone()].to_lowercase())
            .collect();
        let items: Vec<(Range<usize>, &ItemTerm)> = plugin
            .items
            .find_iter(folded)
            .map(|m| (m.range, m.value))
            .collect();
        let mut item_at = vec![None; tokens.len()];
        let mut item_end_at = vec![None; tokens.len()];
        for (n, (range, _)) in items.iter().enumerate() {
            let first = token_at(&tokens, range.start);
            let last = token_at(&tokens, range.end.saturating_sub(1));
            // Only items that start a token ("weapons", not "non-weapons").
            if first < tokens.len() && tokens[first].range.start == range.start {
                item_at[first] = Some(n);
                if last < tokens.len() && tokens[last].range.end == range.end {
                    item_end_at[last] = Some(n);
                }
            }
        }
        let actors = Mentions::new(document.annotations_labelled("actor").filter_map(|a| {
            let id = a.attrs.get_str("id")?;
            let demonym = a.attrs.get_str("kind") == Some("demonym");
            Some((
                a.start..a.end,
                Actor {
                    id: id.to_owned(),
                    demonym,
                },
            ))
        }));
        let cues = Mentions::new(plugin.cues.find_iter(folded).map(|m| (m.range, *m.value)));
        Doc {
            text,
            tokens,
            lower,
            item_at,
            item_end_at,
            items,
            actors,
            cues,
            words: &plugin.words,
        }
    }
}

/// The effective start of a sentence: after a dateline ("NEW DELHI —", "BEIJING, Jan 12 -").
pub(super) fn after_dateline(doc: &Doc<'_>, first: usize, limit: usize) -> usize {
    let Some(t) = doc.tokens.get(first) else {
        return first;
    };
    let head = &doc.text[t.range.clone()];
    if head.chars().count() < 2 || !head.chars().all(|c| c.is_uppercase() || c == '.') {
        return first;
    }
    for i in first..limit.min(first + 10) {
        if let Some(p) = doc.punct(i) {
            if matches!(p, "—" | "–" | "-") {
                return i + 1;
            }
            if matches!(p, "," | "/" | "(" | ")" | ".") {
                continue;
            }
            return first;
        }
        let s = &doc.text[doc.tokens[i].range.clone()];
        if !s.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) {
            return first;
        }
    }
    first
}
