//! The built-in lexicon, `data/actors.txt`, and its parser.
//!
//! Format (see the file's header): one line per id and kind, `ID  kind  term | term | ...`;
//! `-  ignore  term | ...` lists phrases that are matched and never tagged. Blank lines and
//! lines starting with `#` are skipped.

use marginalia_core::{Attrs, PluginError};
use serde::Deserialize;

/// The lexicon file, embedded in the plugin.
pub(crate) const BUILT_IN: &str = include_str!("../data/actors.txt");

/// What kind of name an actor mention is. Serialized in lowercase, as in the data file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The state's name: `Russia`, `U.S.`, `North Korea`.
    Country,
    /// Its capital standing for it: `Moscow`, `Pyongyang`; `Brussels` for the EU.
    Capital,
    /// A seat or organ of government standing for it: `Kremlin`, `White House`.
    Government,
    /// A head of state or government: `Putin`, `Kim Jong Un`.
    Leader,
    /// An international organisation: `UN`, `NATO`.
    Organization,
    /// The adjective or people's name: `Russian`, `Vietnamese`, `North Koreans`.
    Demonym,
}

impl Kind {
    const ALL: [Kind; 6] = [
        Kind::Country,
        Kind::Capital,
        Kind::Government,
        Kind::Leader,
        Kind::Organization,
        Kind::Demonym,
    ];

    /// The lowercase name used in the data file and the `kind` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Country => "country",
            Kind::Capital => "capital",
            Kind::Government => "government",
            Kind::Leader => "leader",
            Kind::Organization => "organization",
            Kind::Demonym => "demonym",
        }
    }

    fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// What a term stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    /// ISO 3166-1 alpha-3 code, or an organisation's id (`UN`, `EU`, `NATO`).
    pub id: String,
    /// What kind of name it is.
    pub kind: Kind,
}

impl Actor {
    /// The annotation's attributes: `id` and `kind`.
    pub fn attrs(&self) -> Attrs {
        Attrs::new()
            .with("id", self.id.as_str())
            .with("kind", self.kind.as_str())
    }
}

/// Whether `id` has the shape of an actor id: an upper-case ASCII letter, then upper-case
/// letters or digits (`RUS`, `UN`, `G20`).
pub fn is_valid_id(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_uppercase())
        && id
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// The first whitespace-separated token of `s` and the rest.
fn split_token(s: &str) -> (&str, &str) {
    let s = s.trim_start();
    s.split_once(char::is_whitespace).unwrap_or((s, ""))
}

/// A term and what it stands for; `None` for ignored phrases.
pub(crate) type Entry = (String, Option<Actor>);

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
                "actors lexicon line {}: {what}: {line:?}",
                index + 1
            ))
        };
        let (id, rest) = split_token(line);
        let (kind, terms) = split_token(rest);
        if terms.trim().is_empty() {
            return Err(error("expected `ID kind term | term ...`"));
        }
        let actor = match (id, kind) {
            ("-", "ignore") => None,
            (_, "ignore") | ("-", _) => return Err(error("`ignore` goes with the id `-`")),
            _ if !is_valid_id(id) => {
                return Err(error("the id must be upper-case letters and digits"));
            }
            _ => {
                let kind = Kind::parse(kind).ok_or_else(|| error("unknown kind"))?;
                Some(Actor {
                    id: id.to_owned(),
                    kind,
                })
            }
        };
        for term in terms.split('|').map(str::trim) {
            if term.is_empty() {
                return Err(error("empty term"));
            }
            entries.push((term.to_owned(), actor.clone()));
        }
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};

    use super::*;

    #[test]
    fn built_in_lexicon_is_consistent() {
        let entries = parse(BUILT_IN).unwrap();
        assert!(entries.len() > 900, "{}", entries.len());
        let mut seen = HashMap::new();
        for (term, actor) in &entries {
            if let Some(earlier) = seen.insert(term.as_str(), actor) {
                panic!("{term:?} is listed twice: {earlier:?} and {actor:?}");
            }
        }
        // Capitals, leaders, demonyms ... stand for a state or organisation that is listed.
        let actors: Vec<&Actor> = entries.iter().filter_map(|(_, a)| a.as_ref()).collect();
        let named: HashSet<&str> = actors
            .iter()
            .filter(|a| matches!(a.kind, Kind::Country | Kind::Organization))
            .map(|a| a.id.as_str())
            .collect();
        for actor in &actors {
            assert!(
                named.contains(actor.id.as_str()),
                "{actor:?} has no country or organization row"
            );
        }
        let kinds: HashSet<Kind> = actors.iter().map(|a| a.kind).collect();
        assert_eq!(kinds.len(), Kind::ALL.len());
    }

    #[test]
    fn bad_lines_are_errors_naming_the_line() {
        let error = |data: &str| parse(data).unwrap_err().to_string();
        assert!(error("# c\nRUS country").contains("line 2"));
        assert!(error("RUS nation Russia").contains("unknown kind"));
        assert!(error("rus country Russia").contains("upper-case"));
        assert!(error("RUS ignore Russia").contains("`ignore`"));
        assert!(error("RUS country Russia | | Moscow").contains("empty term"));
        assert_eq!(parse("\n# only comments\n").unwrap(), []);
        assert_eq!(parse("-  ignore  US$").unwrap(), [("US$".to_owned(), None)]);
    }
}
