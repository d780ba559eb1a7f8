//! The `rules` plugin: tags the terms and regular expressions listed in `marginalia.toml`,
//! under labels chosen there, with attributes set there. For users who do not write Rust, like
//! GATE gazetteers or spaCy's `EntityRuler`.
//!
//! # Config
//!
//! ```toml
//! pipeline = ["rules"]
//!
//! [plugins.rules]
//!
//! [[plugins.rules.terms]]          # a term list (gazetteer)
//! label = "organization"
//! terms = ["World Bank", "IMF"]
//! attrs = { kind = "lender" }      # optional: set on every match
//!
//! [[plugins.rules.patterns]]       # a regular expression (syntax of the `regex` crate)
//! label = "case_number"
//! pattern = '\bCase No\. \d+\b'    # single quotes: backslashes stay as written
//! attrs = { source = "court" }
//! ```
//!
//! Any number of `terms` and `patterns` tables, several with the same label if need be. A
//! label is lowercase letters, digits and `_`, starting with a letter; attribute values are
//! strings, numbers, booleans or lists of them. Unknown keys, empty labels, term lists and
//! terms, invalid patterns and patterns that can match the empty string are errors that name
//! the line and column in `marginalia.toml`; for an invalid pattern, also what is wrong and at
//! which character of the pattern:
//!
//! ```text
//! marginalia.toml:9:11: plugin `rules` could not start with its config: invalid regular expression for label `case_number`: unclosed group, at character 11 of the pattern `Case No\. (\d+`
//! ```
//!
//! `plugins/rules/examples/marginalia.toml` is a complete example.
//!
//! # Matching
//!
//! - **Terms** match as whole words, across hard-wrapped lines and typographic apostrophes
//!   (`marginalia_text::Lexicon`), and case-insensitively: terms and text are compared in
//!   Unicode lower case (`l'élysée` finds `l’Élysée` and `L'ÉLYSÉE`; `ß` and `SS` stay
//!   different). All term lists are matched in one pass, leftmost-longest: at each position the longest term wins whatever its label, so
//!   `World Bank` (organization) hides a `Bank` term of another label inside it. A term listed
//!   under several labels gives one span per label.
//! - **Patterns** are searched over the whole text, each on its own (leftmost-first,
//!   non-overlapping, Unicode-aware: `\b`, `\w` and `(?i)` know accented letters). Spans are
//!   the whole match.
//! - **Overlaps within a label** are resolved leftmost-longest, so that no two spans of one
//!   label overlap: of the matches of a label (from terms and patterns), the one starting
//!   first wins; of those starting at the same place, the longest; of equally long ones, the
//!   rule written first (term lists in order, then patterns in order). A match overlapping a
//!   winner is dropped. Spans of different labels may overlap.
//!
//! Time is linear in the text for the terms (one pass for all of them) plus one linear regex
//! search per pattern.
//!
//! # Labels
//!
//! A manifest is static, but this plugin's labels come from its config: the manifest declares
//! `emits = ["*"]`, and each instance declares the labels of its rules
//! ([`Plugin::emits`]). The host asks right after creating the instance, orders the pipeline
//! with those labels (a later plugin that `needs` one runs after `rules`), and checks every
//! span against them.

pub mod config;

use std::cmp::Reverse;
use std::collections::HashMap;
use std::ops::Range;

use marginalia_core::{Attrs, Config, Document, Emitter, Manifest, Plugin, PluginError};
use marginalia_text::{Case, FoldedText, Lexicon};
use regex::Regex;

use crate::config::{Settings, compile_pattern};

/// The plugin: rules compiled once from the config; immutable, so one instance serves many
/// threads.
#[derive(Debug)]
pub struct Rules {
    /// The distinct labels, sorted.
    labels: Vec<String>,
    /// Every rule, term lists first, then patterns, in config order: the tie-break order.
    rules: Vec<Rule>,
    /// All terms of all term lists, in lower case (matched in the lower-cased text); each
    /// value indexes `term_rules`.
    lexicon: Option<Lexicon<usize>>,
    /// For each distinct term (up to case and whitespace), the rules listing it: at most one
    /// per label, the first.
    term_rules: Vec<Vec<usize>>,
    /// Each pattern, with its rule.
    patterns: Vec<(Regex, usize)>,
}

/// What a match of one rule becomes.
#[derive(Debug)]
struct Rule {
    /// Index into `Rules::labels`.
    label: usize,
    attrs: Attrs,
}

/// A match before overlaps are resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Candidate {
    /// Index into `Rules::labels`.
    label: usize,
    start: usize,
    end: usize,
    /// Index into `Rules::rules`.
    rule: usize,
}

impl Rules {
    /// Compiles the rules of `config` (see the crate doc for its shape).
    pub fn from_config(config: &Config) -> Result<Self, PluginError> {
        let settings = Settings::from_config(config)?;
        let mut labels: Vec<String> = settings
            .terms
            .iter()
            .map(|r| r.label.get_ref().clone())
            .chain(settings.patterns.iter().map(|r| r.label.get_ref().clone()))
            .collect();
        labels.sort();
        labels.dedup();
        let label_index = |label: &String| labels.binary_search(label).unwrap_or(0);
        let attrs_of = |attrs: &Option<toml::Spanned<Attrs>>| {
            attrs
                .as_ref()
                .map(|a| a.get_ref().clone())
                .unwrap_or_default()
        };

        let mut rules = Vec::new();
        let mut term_rules: Vec<Vec<usize>> = Vec::new();
        let mut term_keys: HashMap<String, usize> = HashMap::new();
        // The distinct terms (folded, lower case) and their index in `term_rules`.
        let mut spellings: Vec<(String, usize)> = Vec::new();
        for rule in &settings.terms {
            let id = rules.len();
            let label = label_index(rule.label.get_ref());
            rules.push(Rule {
                label,
                attrs: attrs_of(&rule.attrs),
            });
            for term in rule.terms.get_ref() {
                let key = fold(term.get_ref()).to_lowercase();
                let group = *term_keys.entry(key.clone()).or_insert_with(|| {
                    term_rules.push(Vec::new());
                    spellings.push((key, term_rules.len() - 1));
                    term_rules.len() - 1
                });
                let listed = &mut term_rules[group];
                if !listed.iter().any(|&r| rules[r].label == label) {
                    listed.push(id);
                }
            }
        }
        let lexicon = if spellings.is_empty() {
            None
        } else {
            Some(Lexicon::new(Case::Sensitive, spellings)?)
        };

        let mut patterns = Vec::new();
        for rule in &settings.patterns {
            let regex = compile_pattern(config, rule)?;
            patterns.push((regex, rules.len()));
            rules.push(Rule {
                label: label_index(rule.label.get_ref()),
                attrs: attrs_of(&rule.attrs),
            });
        }
        tracing::debug!(
            labels = ?labels,
            terms = term_rules.len(),
            patterns = patterns.len(),
            "rules compiled"
        );
        Ok(Rules {
            labels,
            rules,
            lexicon,
            term_rules,
            patterns,
        })
    }

    /// The labels of the rules, sorted.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Every match of every rule, before overlaps are resolved.
    fn candidates(&self, text: &str) -> Vec<Candidate> {
        let mut found = Vec::new();
        let mut push = |rule: usize, start: usize, end: usize| {
            found.push(Candidate {
                label: self.rules[rule].label,
                start,
                end,
                rule,
            });
        };
        if let Some(lexicon) = &self.lexicon {
            let lowered = Lowered::new(text);
            for m in lexicon.find_iter(&FoldedText::new(&lowered.text)) {
                let range = lowered.to_original(m.range);
                for &rule in &self.term_rules[*m.value] {
                    push(rule, range.start, range.end);
                }
            }
        }
        for (regex, rule) in &self.patterns {
            for m in regex.find_iter(text) {
                if !m.is_empty() {
                    push(*rule, m.start(), m.end());
                }
            }
        }
        found
    }
}

/// Leftmost-longest within each label: sorted by label, start, longest first, rule; a
/// candidate overlapping the last one kept for its label is dropped.
fn resolve(mut candidates: Vec<Candidate>) -> Vec<Candidate> {
    candidates.sort_unstable_by_key(|c| (c.label, c.start, Reverse(c.end), c.rule));
    let mut kept: Vec<Candidate> = Vec::with_capacity(candidates.len());
    for c in candidates {
        match kept.last() {
            Some(last) if last.label == c.label && c.start < last.end => {}
            _ => kept.push(c),
        }
    }
    kept
}

/// A term with whitespace runs folded to one space and typographic apostrophes to `'`, as
/// the lexicon compares terms.
fn fold(term: &str) -> String {
    let folded = FoldedText::new(term);
    folded
        .as_str()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A text in lower case, with the map back to the original's offsets when lower-casing
/// changed the length of a character (`İ`, `ẞ`, `Ω` ...).
#[derive(Debug)]
struct Lowered {
    text: String,
    /// `(offset in the lower-cased text, offset in the original)` of every character, when
    /// some changed length; `None` when offsets are equal.
    map: Option<Vec<(usize, usize)>>,
    original_len: usize,
}

impl Lowered {
    fn new(original: &str) -> Lowered {
        let text = original.to_lowercase();
        let map = (text.len() != original.len()
            || original
                .chars()
                .any(|c| c.to_lowercase().map(char::len_utf8).sum::<usize>() != c.len_utf8()))
        .then(|| {
            let mut at = 0;
            original
                .char_indices()
                .map(|(i, c)| {
                    let entry = (at, i);
                    at += c.to_lowercase().map(char::len_utf8).sum::<usize>();
                    entry
                })
                .collect()
        });
        Lowered {
            text,
            map,
            original_len: original.len(),
        }
    }

    /// The original range of the characters the lower-cased `range` covers (on character
    /// boundaries of the original, whole characters included).
    fn to_original(&self, range: Range<usize>) -> Range<usize> {
        let Some(map) = &self.map else {
            return range;
        };
        // The character holding `offset`: the last one starting at or before it.
        let holding = |offset: usize| map.partition_point(|&(lowered, _)| lowered <= offset) - 1;
        let start = map[holding(range.start)].1;
        let last = holding(range.end - 1);
        let end = map
            .get(last + 1)
            .map_or(self.original_len, |&(_, original)| original);
        start..end
    }
}

impl Plugin for Rules {
    fn manifest() -> Manifest {
        Manifest::new("rules", env!("CARGO_PKG_VERSION"))
            .description("Tags the terms and regular expressions listed in its config, under the labels given there.")
            .emits_configured()
    }

    fn new(config: &Config) -> Result<Self, PluginError> {
        Rules::from_config(config)
    }

    fn annotate(&self, doc: &Document<'_>, out: &mut Emitter<'_>) -> Result<(), PluginError> {
        let mut kept = resolve(self.candidates(doc.text()));
        kept.sort_unstable_by_key(|c| (c.start, c.end, c.label));
        for c in &kept {
            let rule = &self.rules[c.rule];
            out.emit(&self.labels[rule.label], c.start..c.end, &rule.attrs)?;
        }
        tracing::debug!(document = doc.id(), tagged = kept.len(), "rules applied");
        Ok(())
    }

    fn emits(&self) -> Vec<String> {
        self.labels.clone()
    }
}

marginalia_core::export_plugin!(Rules);

#[cfg(test)]
mod tests;
