//! The built-in lexicon, `data/actors.txt`, and its parser.
//!
//! Format (the file's header says more): one line per id and kind, `ID  kind  term | ...`.
//! Besides the six kinds, `ID  surname  ...` lists bare surnames of that id's leaders,
//! `-  ignore  ...` phrases that are matched and never tagged, and `-  homograph  ...`
//! lower-case common nouns spelled like an actor (`turkey`). Blank lines and lines starting
//! with `#` are skipped.

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

/// What a lexicon term does when it matches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Term {
    /// Tagged as this actor wherever it matches.
    Actor(Actor),
    /// A leader's bare surname (`Kim`), tagged as this actor (a `leader`) only in a document
    /// that also has a leader term of the same id containing that word (`Kim Jong Un`).
    Surname(Actor),
    /// Matched and never tagged, so no shorter term inside it is tagged either.
    Ignore,
}

/// A term and what it does.
pub(crate) type Entry = (String, Term);

/// The parsed lexicon file.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct LexiconFile {
    /// The terms, in file order.
    pub terms: Vec<Entry>,
    /// Lower-case common nouns spelled like an actor term (`turkey`, `china`).
    pub homographs: Vec<String>,
}

/// Parses lexicon text. Errors name the line.
pub(crate) fn parse(data: &str) -> Result<LexiconFile, PluginError> {
    let mut file = LexiconFile::default();
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
        let terms: Vec<&str> = terms.split('|').map(str::trim).collect();
        if terms.iter().any(|t| t.is_empty()) {
            return Err(error(
                "expected `ID kind term | term ...` without empty terms",
            ));
        }
        let actor = |kind| Actor {
            id: id.to_owned(),
            kind,
        };
        let meaning = match (id, kind) {
            ("-", "ignore") => Term::Ignore,
            ("-", "homograph") => {
                if let Some(bad) = terms
                    .iter()
                    .find(|t| t.contains(|c: char| !c.is_lowercase()))
                {
                    return Err(error(&format!(
                        "homograph {bad:?} is not one lower-case word"
                    )));
                }
                file.homographs
                    .extend(terms.iter().map(|t| (*t).to_owned()));
                continue;
            }
            (_, "ignore" | "homograph") | ("-", _) => {
                return Err(error(
                    "`ignore` and `homograph` go with the id `-`, and only they",
                ));
            }
            _ if !is_valid_id(id) => {
                return Err(error("the id must be upper-case letters and digits"));
            }
            (_, "surname") => Term::Surname(actor(Kind::Leader)),
            _ => Term::Actor(actor(
                Kind::parse(kind).ok_or_else(|| error("unknown kind"))?,
            )),
        };
        file.terms
            .extend(terms.iter().map(|t| ((*t).to_owned(), meaning.clone())));
    }
    Ok(file)
}

#[cfg(test)]
mod tests;
