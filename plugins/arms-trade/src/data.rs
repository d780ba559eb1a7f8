//! The built-in lexicons (`data/triggers.txt`, `data/items.txt`, `data/cues.txt`) and their
//! parser. Every file has the same line format, `KIND [OPTION ...] : term | term | ...`;
//! each file's header documents its kinds and options.

use std::collections::{HashMap, HashSet};

use marginalia_core::PluginError;

/// The trigger file, embedded in the plugin.
pub(crate) const TRIGGERS: &str = include_str!("../data/triggers.txt");
/// The item file, embedded in the plugin.
pub(crate) const ITEMS: &str = include_str!("../data/items.txt");
/// The cue and grammar-word file, embedded in the plugin.
pub(crate) const CUES: &str = include_str!("../data/cues.txt");

/// Which side the grammatical agent of a trigger is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// The agent gives: it is the supplier ("sell", "sale", "exports").
    Give,
    /// The agent gets: it is the recipient ("buy", "purchase", "imports").
    Get,
    /// The trigger names no side ("deal").
    None,
}

/// A transfer status, as the guidelines define them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Reported as having happened, or admitted by a party.
    Actual,
    /// Attributed to third parties, or denied.
    Alleged,
    /// Ordered, agreed, approved or expected, not yet happened.
    Planned,
    /// Weighed, possible, urged, refused or negated.
    Considered,
    /// A speech verb or "according to": alleged unless the speaker is a party.
    Attribution,
}

impl Status {
    /// The attribute value.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Actual => "actual",
            Status::Alleged | Status::Attribution => "alleged",
            Status::Planned => "planned",
            Status::Considered => "considered",
        }
    }

    fn parse(s: &str) -> Option<Status> {
        Some(match s {
            "actual" => Status::Actual,
            "alleged" => Status::Alleged,
            "planned" => Status::Planned,
            "considered" => Status::Considered,
            "attribution" => Status::Attribution,
            _ => return None,
        })
    }
}

/// How a trigger word can be read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Trigger {
    /// As a verb taking the items as object.
    pub verb: Option<Reading>,
    /// As a transfer noun.
    pub noun: Option<NounReading>,
    /// Whether the form can follow its items as a participle ("jets bought from France").
    pub participle: bool,
}

/// A verb or noun reading: direction and the status the word itself implies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reading {
    /// Which side the agent is.
    pub direction: Direction,
    /// A status the word carries by itself ("ordered" is planned).
    pub status: Option<Status>,
    /// Also a deployment verb ("sent warships"): deployable items need a recipient.
    pub deploy: bool,
}

/// A noun reading and its options.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NounReading {
    /// Direction and default status.
    pub reading: Reading,
    /// Items may follow "for" as well as "of".
    pub takes_for: bool,
    /// Only a transfer when a to/from phrase follows.
    pub needs_pp: bool,
    /// Trade statistics: attribution cues do not make it alleged.
    pub aggregate: bool,
}

/// What an item-lexicon term is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ItemTerm {
    /// An item with its normalized value.
    Item(String),
    /// Continues an item ("jets" after "Rafale").
    Extension,
    /// An equipment head that counts only in a coordination after an item ("kits").
    Generic,
    /// Shows that the item word before it was a modifier ("race" in "arms race").
    Blocker,
    /// Never an item ("coat of arms").
    Reserved,
}

/// One line of a data file: kind, options, terms.
struct Line<'a> {
    number: usize,
    kind: &'a str,
    options: Vec<&'a str>,
    terms: Vec<&'a str>,
}

fn lines<'a>(file: &'static str, data: &'a str) -> Result<Vec<Line<'a>>, PluginError> {
    let mut out = Vec::new();
    for (index, raw) in data.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let error = |what: &str| {
            PluginError::msg(format!(
                "arms-trade {file} line {}: {what}: {line:?}",
                index + 1
            ))
        };
        let (head, terms) = line
            .split_once(" : ")
            .ok_or_else(|| error("expected `KIND [OPTION ...] : term | term`"))?;
        let mut words = head.split_whitespace();
        let kind = words.next().ok_or_else(|| error("missing kind"))?;
        let terms: Vec<&str> = terms.split('|').map(str::trim).collect();
        if terms.iter().any(|t| t.is_empty()) {
            return Err(error("empty term"));
        }
        out.push(Line {
            number: index + 1,
            kind,
            options: words.collect(),
            terms,
        });
    }
    Ok(out)
}

fn line_error(file: &str, line: &Line<'_>, what: &str) -> PluginError {
    PluginError::msg(format!(
        "arms-trade {file} line {}: {what} (kind {:?}, options {:?})",
        line.number, line.kind, line.options
    ))
}

/// Triggers by lower-case term.
pub(crate) type Triggers = HashMap<String, Trigger>;

/// Parses trigger options into a reading: a direction, then optional status and flags.
pub(crate) fn parse_reading(options: &[&str]) -> Result<(Reading, HashSet<String>), &'static str> {
    let mut direction = None;
    let mut status = None;
    let mut flags = HashSet::new();
    for &option in options {
        match option {
            "give" => direction = Some(Direction::Give),
            "get" => direction = Some(Direction::Get),
            "none" => direction = Some(Direction::None),
            "for" | "pp" | "aggregate" | "deploy" => {
                flags.insert(option.to_owned());
            }
            other => match Status::parse(other) {
                Some(s) if s != Status::Attribution => status = Some(s),
                _ => return Err("unknown option"),
            },
        }
    }
    let direction = direction.ok_or("a direction (give, get or none) is required")?;
    let deploy = flags.remove("deploy");
    Ok((
        Reading {
            direction,
            status,
            deploy,
        },
        flags,
    ))
}

/// Adds one trigger reading to the table.
pub(crate) fn add_trigger(
    triggers: &mut Triggers,
    term: &str,
    kind: &str,
    options: &[&str],
) -> Result<(), &'static str> {
    let entry = triggers.entry(term.to_lowercase()).or_default();
    match kind {
        "participle" => {
            if !options.is_empty() {
                return Err("participle lines take no options");
            }
            entry.participle = true;
        }
        "verb" => {
            let (reading, flags) = parse_reading(options)?;
            if !flags.is_empty() {
                return Err("for, pp and aggregate are noun options");
            }
            entry.verb = Some(reading);
        }
        "ignore" => {
            if !options.is_empty() {
                return Err("ignore lines take no options");
            }
        }
        "noun" => {
            let (reading, flags) = parse_reading(options)?;
            if reading.deploy {
                return Err("deploy is a verb option");
            }
            entry.noun = Some(NounReading {
                reading,
                takes_for: flags.contains("for"),
                needs_pp: flags.contains("pp"),
                aggregate: flags.contains("aggregate"),
            });
        }
        _ => return Err("unknown kind (verb, noun, participle or ignore)"),
    }
    Ok(())
}

/// Parses the trigger file.
pub(crate) fn parse_triggers(data: &str) -> Result<Triggers, PluginError> {
    let mut triggers = Triggers::new();
    for line in lines("triggers.txt", data)? {
        for term in &line.terms {
            add_trigger(&mut triggers, term, line.kind, &line.options)
                .map_err(|e| line_error("triggers.txt", &line, e))?;
        }
    }
    Ok(triggers)
}

/// Item terms: `(term, meaning, is a model name)`.
pub(crate) type ItemEntries = Vec<(String, ItemTerm, bool)>;

/// The item values marked `deployable`.
pub(crate) type Deployable = HashSet<String>;

/// Whether `value` is a normalized item: lower-case letters, digits and `_`.
pub fn is_valid_item(value: &str) -> bool {
    !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Parses the item file.
pub(crate) fn parse_items(data: &str) -> Result<(ItemEntries, Deployable), PluginError> {
    let mut out = Vec::new();
    let mut deployable = Deployable::new();
    for line in lines("items.txt", data)? {
        let error = |what| line_error("items.txt", &line, what);
        let (meaning, model) = match (line.kind, line.options.as_slice()) {
            ("item" | "model", [value, "deployable"]) if is_valid_item(value) => {
                deployable.insert((*value).to_owned());
                (ItemTerm::Item((*value).into()), line.kind == "model")
            }
            ("item", [value]) if is_valid_item(value) => (ItemTerm::Item((*value).into()), false),
            ("model", [value]) if is_valid_item(value) => (ItemTerm::Item((*value).into()), true),
            ("item" | "model", _) => return Err(error("expects one lower_case item value")),
            ("extension", []) => (ItemTerm::Extension, false),
            ("generic", []) => (ItemTerm::Generic, false),
            ("blocker", []) => (ItemTerm::Blocker, false),
            ("reserved", []) => (ItemTerm::Reserved, false),
            _ => return Err(error("unknown kind or unexpected options")),
        };
        for term in &line.terms {
            out.push(((*term).to_owned(), meaning.clone(), model));
        }
    }
    Ok((out, deployable))
}

/// The cue lexicon and the closed word classes.
#[derive(Debug, Default)]
pub(crate) struct Cues {
    /// Status cues.
    pub cues: Vec<(String, Status)>,
    /// Word classes by name.
    pub words: HashMap<String, HashSet<String>>,
}

/// The word classes the grammar uses.
pub(crate) const WORD_CLASSES: [&str; 9] = [
    "stop",
    "determiner",
    "agent",
    "force",
    "auxiliary",
    "hedge",
    "pronoun",
    "nonsubject",
    "fixed",
];

/// Parses the cue file.
pub(crate) fn parse_cues(data: &str) -> Result<Cues, PluginError> {
    let mut out = Cues::default();
    for line in lines("cues.txt", data)? {
        let error = |what| line_error("cues.txt", &line, what);
        match (line.kind, line.options.as_slice()) {
            ("cue", [status]) => {
                let status = Status::parse(status).ok_or_else(|| error("unknown status"))?;
                out.cues
                    .extend(line.terms.iter().map(|t| ((*t).to_owned(), status)));
            }
            ("words", [class]) if WORD_CLASSES.contains(class) => {
                out.words
                    .entry((*class).to_owned())
                    .or_default()
                    .extend(line.terms.iter().map(|t| t.to_lowercase()));
            }
            _ => return Err(error("expected `cue STATUS` or `words CLASS`")),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_files_parse() {
        let triggers = parse_triggers(TRIGGERS).unwrap();
        let supply = &triggers["supply"];
        assert_eq!(supply.verb.unwrap().direction, Direction::Give);
        assert!(supply.noun.unwrap().needs_pp);
        assert!(triggers["bought"].participle);
        assert_eq!(
            triggers["ordered"].verb.unwrap().status,
            Some(Status::Planned)
        );
        let (items, deployable) = parse_items(ITEMS).unwrap();
        assert!(deployable.contains("warships"));
        assert!(items.iter().any(|(t, m, model)| t == "S-400"
            && *m == ItemTerm::Item("air_defense_systems".into())
            && *model));
        let cues = parse_cues(CUES).unwrap();
        assert!(
            cues.cues
                .iter()
                .any(|(t, s)| t == "reportedly" && *s == Status::Alleged)
        );
        for class in WORD_CLASSES {
            assert!(cues.words.contains_key(class), "{class}");
        }
    }

    #[test]
    fn items_are_not_also_other_kinds() {
        let (items, _) = parse_items(ITEMS).unwrap();
        let mut kinds: HashMap<String, bool> = HashMap::new();
        for (term, meaning, _) in &items {
            let is_item = matches!(meaning, ItemTerm::Item(_));
            if let Some(&was) = kinds.get(&term.to_lowercase()) {
                assert_eq!(was, is_item, "{term:?} is an item and another kind");
            }
            kinds.insert(term.to_lowercase(), is_item);
        }
    }

    #[test]
    fn errors_name_the_line() {
        let err = parse_triggers("verb sideways : sell").unwrap_err();
        assert!(err.message().contains("line 1"), "{}", err.message());
        assert!(parse_items("item Bad-Value : x").is_err());
        assert!(parse_cues("cue maybe : x").is_err());
        assert!(parse_cues("no colon here").is_err());
        assert!(parse_triggers("noun give : a | | b").is_err());
    }
}
