//! The built-in lexicon of treaty names, `data/treaties.txt`, and its parser.
//!
//! Format (see the file's header): one line per kind, `kind  term | term | ...`, where kind is
//! a [`Kind`] or `ignore`. Blank lines and lines starting with `#` are skipped.

use marginalia_core::PluginError;

use crate::kind::Kind;

/// The lexicon file, embedded in the plugin.
pub(crate) const BUILT_IN: &str = include_str!("../data/treaties.txt");

/// A term and its kind; `None` for phrases that are matched and never tagged.
pub(crate) type Entry = (String, Option<Kind>);

/// Parses lexicon text. Errors name the line.
pub(crate) fn parse(data: &str) -> Result<Vec<Entry>, PluginError> {
    let mut entries = Vec::new();
    for (index, line) in data.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let error = |what: &str| {
            PluginError::msg(format!(
                "treaties lexicon line {}: {what}: {line:?}",
                index + 1
            ))
        };
        let (kind, terms) = line
            .split_once(char::is_whitespace)
            .ok_or_else(|| error("expected `kind term | term ...`"))?;
        let kind = match kind {
            "ignore" => None,
            other => Some(Kind::parse(other).ok_or_else(|| error("unknown kind"))?),
        };
        for term in terms.split('|').map(str::trim) {
            if term.is_empty() {
                return Err(error("empty term"));
            }
            entries.push((term.to_owned(), kind));
        }
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    #[test]
    fn built_in_lexicon_is_consistent() {
        let entries = parse(BUILT_IN).unwrap();
        assert!(entries.len() > 80, "{}", entries.len());
        let mut seen = HashMap::new();
        for (term, kind) in &entries {
            if let Some(earlier) = seen.insert(term.as_str(), kind) {
                panic!("{term:?} is listed twice: {earlier:?} and {kind:?}");
            }
        }
        for kind in Kind::ALL {
            assert!(
                entries.iter().any(|(_, k)| *k == Some(kind)),
                "no {kind:?} term"
            );
        }
    }

    #[test]
    fn bad_lines_are_errors_naming_the_line() {
        let error = |data: &str| parse(data).unwrap_err().to_string();
        assert!(error("# c\ntreaty").contains("line 2"));
        assert!(error("alliance  NATO").contains("unknown kind"));
        assert!(error("treaty  NPT | | CTBT").contains("empty term"));
        assert_eq!(parse("\n# only comments\n").unwrap(), []);
        assert_eq!(
            parse("ignore  Honda Accord").unwrap(),
            [("Honda Accord".to_owned(), None)]
        );
    }
}
