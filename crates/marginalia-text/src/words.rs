//! Word characters, word boundaries and word tokens.
//!
//! # Contract
//!
//! - A *word character* is a Unicode letter or digit (`char::is_alphanumeric`) or a combining
//!   mark from the common combining blocks (so `e\u{301}` is one word, not `e` + a boundary).
//! - Two adjacent characters *join* (belong to the same word) when both are word characters,
//!   unless either is from a script written without spaces (Han, kana, Thai, Lao, Khmer,
//!   Myanmar): every character of those scripts is a word of its own, so `访问Russia` has a
//!   boundary before `R`. A combining mark always joins what precedes it.
//! - Apostrophes and hyphens are **not** word characters: `Russia's` is the words `Russia`
//!   and `s`, `Russia-Ukraine` is `Russia` and `Ukraine`. This is what lets a lexicon match
//!   `Russia` in `Russia's` and `US` in `anti-US`.
//! - A byte offset is a *word boundary* when it is on a character boundary and the characters
//!   on either side do not join (the start and the end of the text are boundaries).
//!
//! All offsets are UTF-8 byte offsets into the text given; nothing here panics on any input.

use std::ops::Range;

/// Whether `c` is a combining mark from the combining diacritical blocks.
pub fn is_combining_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// Whether `c` belongs to a script written without spaces between words.
pub fn is_spaceless_script(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0EFF}'       // Thai, Lao
        | '\u{1000}'..='\u{109F}'     // Myanmar
        | '\u{1780}'..='\u{17FF}'     // Khmer
        | '\u{3040}'..='\u{30FF}'     // Hiragana, Katakana
        | '\u{3400}'..='\u{4DBF}'     // CJK extension A
        | '\u{4E00}'..='\u{9FFF}'     // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}'     // CJK compatibility ideographs
        | '\u{20000}'..='\u{3FFFF}') // CJK extensions B and later
}

/// Whether `c` is a word character: a letter, a digit or a combining mark.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Whether `before` followed by `after` are part of the same word.
pub fn chars_join(before: char, after: char) -> bool {
    if is_combining_mark(after) {
        return true;
    }
    is_word_char(before)
        && is_word_char(after)
        && !is_spaceless_script(before)
        && !is_spaceless_script(after)
}

/// Whether `offset` is a word boundary in `text`. Offsets that are out of range or not on a
/// character boundary are not.
pub fn is_word_boundary(text: &str, offset: usize) -> bool {
    if !text.is_char_boundary(offset) {
        return false;
    }
    match (char_before(text, offset), char_at(text, offset)) {
        (Some(before), Some(after)) => !chars_join(before, after),
        _ => true,
    }
}

/// The character ending at `offset`, if any.
pub fn char_before(text: &str, offset: usize) -> Option<char> {
    text.get(..offset)?.chars().next_back()
}

/// The character starting at `offset`, if any.
pub fn char_at(text: &str, offset: usize) -> Option<char> {
    text.get(offset..)?.chars().next()
}

/// The byte ranges of the words of `text`, in order: maximal runs of joining word characters.
///
/// ```
/// use marginalia_text::words::words;
/// let text = "Russia's anti-US stance, 3.6";
/// let found: Vec<&str> = words(text).map(|r| &text[r]).collect();
/// assert_eq!(found, ["Russia", "s", "anti", "US", "stance", "3", "6"]);
/// ```
pub fn words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, mut last) = chars.find(|&(_, c)| is_word_char(c))?;
        let mut end = start + last.len_utf8();
        while let Some(&(i, c)) = chars.peek() {
            if !chars_join(last, c) {
                break;
            }
            chars.next();
            last = c;
            end = i + c.len_utf8();
        }
        Some(start..end)
    })
}

/// The last word that ends at or before `offset`.
pub fn word_before(text: &str, offset: usize) -> Option<Range<usize>> {
    let head = text.get(..offset)?;
    words(head).last()
}

/// The first word that starts at or after `offset`.
pub fn word_after(text: &str, offset: usize) -> Option<Range<usize>> {
    let tail = text.get(offset..)?;
    words(tail).next().map(|r| r.start + offset..r.end + offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        words(text).map(|r| &text[r]).collect()
    }

    #[test]
    fn apostrophes_and_hyphens_split_words() {
        assert_eq!(
            texts("South Korea’s Russia-Ukraine"),
            ["South", "Korea", "s", "Russia", "Ukraine"]
        );
    }

    #[test]
    fn combining_marks_stay_in_their_word() {
        assert_eq!(
            texts("Putin\u{301} cafe\u{301}!"),
            ["Putin\u{301}", "cafe\u{301}"]
        );
        assert!(!is_word_boundary("Putin\u{301}", 5));
    }

    #[test]
    fn spaceless_scripts_are_one_char_per_word() {
        assert_eq!(texts("访问Russia了"), ["访", "问", "Russia", "了"]);
        assert!(is_word_boundary("访问Russia", "访问".len()));
    }

    #[test]
    fn emoji_and_punctuation_are_not_words() {
        assert_eq!(texts("🇷🇺Russia🙂, ok"), ["Russia", "ok"]);
    }

    #[test]
    fn boundaries() {
        let text = "Korea’s";
        assert!(is_word_boundary(text, 0));
        assert!(!is_word_boundary(text, 2));
        assert!(is_word_boundary(text, 5));
        assert!(!is_word_boundary(text, 6)); // inside ’
        assert!(is_word_boundary(text, text.len()));
        assert!(!is_word_boundary(text, 99));
        assert!(is_word_boundary("", 0));
    }

    #[test]
    fn neighbouring_words() {
        let text = "the US, and";
        assert_eq!(word_before(text, 6).map(|r| &text[r]), Some("US"));
        assert_eq!(word_before(text, 5).map(|r| &text[r]), Some("U"));
        assert_eq!(word_after(text, 6).map(|r| &text[r]), Some("and"));
        assert_eq!(word_after(text, 11), None);
        assert_eq!(word_before("é", 1), None); // not a char boundary
    }
}
