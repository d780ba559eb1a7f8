//! Shared text machinery for marginalia plugins: find terms, words, sentences and numbers in
//! news text, always as UTF-8 byte ranges into the original text.
//!
//! - [`lexicon`]: whole-word, longest-match dictionary lookup ([`Lexicon`]) that sees through
//!   hard-wrapped lines and typographic apostrophes;
//! - [`fold`]: the whitespace- and apostrophe-folded view the lexicon matches on, with the map
//!   back to original offsets;
//! - [`words`]: word characters, word boundaries and word tokens;
//! - [`sentences`]: sentence ranges that know `U.S.`, `Mr.`, `3.6` and paragraph breaks;
//! - [`numbers`]: exact numerals, number words, scale words and quantities (`$3.6 billion`);
//! - [`phrase_tokens`]: sentence tokens for phrase grammars (possessive endings apart, `U.S.`
//!   whole) with earlier annotations merged over them.
//!
//! Everything is safe on arbitrary Unicode input: no function panics, and every range it
//! returns lies on character boundaries of the text it was given.

pub mod fold;
pub mod lexicon;
pub mod mentions;
pub mod numbers;
pub mod phrase_tokens;
pub mod sentences;
pub mod tokens;
pub mod words;

pub use fold::FoldedText;
pub use lexicon::{Case, Lexicon, LexiconError, LexiconMatch};
pub use sentences::Sentences;
