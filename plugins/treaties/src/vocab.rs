//! The word lists the grammar reads, parsed once at construction from the data files
//! `data/heads.txt`, `data/events.txt`, `data/cues.txt` and `data/grammar.txt` (each file's
//! header documents its groups), extended by `[plugins.treaties]`.
//!
//! All four files share one line format, `KIND [VALUE ...] : term | term | ...`; blank lines
//! and lines starting with `#` are skipped. Errors name the file and the line. Every word
//! class the grammar uses ([`List`]) must be present, and no unknown one may be, so a typo in
//! a data file fails the plugin's construction (and its unit tests) instead of silently
//! emptying a list.

use std::collections::{HashMap, HashSet};

use marginalia_core::PluginError;

use crate::kind::{Event, Kind};

/// The data files, embedded in the plugin: `(file name, text)`.
pub(crate) const FILES: [(&str, &str); 4] = [
    ("heads.txt", include_str!("../data/heads.txt")),
    ("events.txt", include_str!("../data/events.txt")),
    ("cues.txt", include_str!("../data/cues.txt")),
    ("grammar.txt", include_str!("../data/grammar.txt")),
];

/// How a head noun behaves in the grammar (the flags of `data/heads.txt`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Head {
    /// The `kind` it gives.
    pub kind: Option<Kind>,
    /// A plural form.
    pub plural: bool,
    /// A treaty by the head alone.
    pub always: bool,
    /// Needs strong evidence (a state modifier, an earlier treaty, acting parties).
    pub polysemous: bool,
    /// Counts only with parties.
    pub needs_parties: bool,
    /// Bare and singular, it is consensus.
    pub consensus: bool,
    /// Without a determiner or number, it must be signed, ratified or left.
    pub needs_signing: bool,
    /// Takes idiom modifiers.
    pub idiom: bool,
    /// A verb before `with`.
    pub verb_with: bool,
    /// Can be a gathering.
    pub gathering: bool,
    /// `memorandum of understanding` is one head.
    pub of_understanding: bool,
    /// May be written in capitals.
    pub acronym: bool,
}

impl Head {
    /// Sets one flag by its name in the data file.
    pub(crate) fn set_flag(&mut self, flag: &str) -> Result<(), String> {
        let field = match flag {
            "plural" => &mut self.plural,
            "always" => &mut self.always,
            "polysemous" => &mut self.polysemous,
            "needs-parties" => &mut self.needs_parties,
            "consensus" => &mut self.consensus,
            "needs-signing" => &mut self.needs_signing,
            "idiom" => &mut self.idiom,
            "verb-with" => &mut self.verb_with,
            "gathering" => &mut self.gathering,
            "of-understanding" => &mut self.of_understanding,
            "acronym" => &mut self.acronym,
            other => return Err(format!("unknown head flag {other:?}")),
        };
        *field = true;
        Ok(())
    }
}

/// A set of words.
#[derive(Clone, Debug, Default)]
pub(crate) struct Words(HashSet<String>);

impl Words {
    /// Whether `word` is in the set (as written: the lists are lower case, so look up
    /// lower-cased words, except in the lists documented as written).
    pub fn has(&self, word: &str) -> bool {
        self.0.contains(word)
    }

    /// The words, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }

    pub(crate) fn insert(&mut self, word: &str) {
        self.0.insert(word.to_owned());
    }
}

macro_rules! lists {
    ($($variant:ident = $name:literal,)*) => {
        /// The word classes of `words NAME : ...` lines; each file's header explains them.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub(crate) enum List { $($variant,)* }

        impl List {
            /// Every list, in declaration order (its index in [`Vocab`]).
            pub(crate) const ALL: &[List] = &[$(List::$variant,)*];

            /// The list's name in the data files.
            pub(crate) fn name(self) -> &'static str {
                match self { $(List::$variant => $name,)* }
            }
        }
    };
}

lists! {
    // events.txt
    Renew = "renew", Apply = "apply", Join = "join", WithdrawVerbs = "withdraw-verbs",
    ProposalNouns = "proposal-nouns", Negators = "negators", Revoke = "revoke",
    Suspend = "suspend", Take = "take", TakesPlace = "takes-place", Become = "become",
    MemberNouns = "member-nouns", ToRatify = "to-ratify", ToSign = "to-sign", Agree = "agree",
    Enter = "enter", Tear = "tear", Replace = "replace", Adverbs = "adverbs",
    Auxiliaries = "auxiliaries", PassiveAux = "passive-aux", SignVerbs = "sign-verbs",
    RelativeAux = "relative-aux", MembershipVerbs = "membership-verbs",
    SigningYear = "signing-year",
    // cues.txt
    StateModifiers = "state-modifiers", WeakStateModifiers = "weak-state-modifiers",
    GovernmentModifiers = "government-modifiers", PartnershipLevels = "partnership-levels",
    PartnershipBlockers = "partnership-blockers",
    PartnershipNameWords = "partnership-name-words", BusinessModifiers = "business-modifiers",
    IdiomModifiers = "idiom-modifiers", GatheringModifiers = "gathering-modifiers",
    HeadAsModifier = "head-as-modifier", NonStateParties = "non-state-parties",
    CorporateCues = "corporate-cues", CorporateSuffixes = "corporate-suffixes",
    ValueWords = "value-words", Sides = "sides", Titles = "titles", StateNouns = "state-nouns",
    CompanyNouns = "company-nouns", Descriptions = "descriptions", BodyNouns = "body-nouns",
    BodyVerbs = "body-verbs", AddressVerbs = "address-verbs", Modals = "modals",
    // grammar.txt
    Determiners = "determiners", SingularDeterminers = "singular-determiners",
    PluralDeterminers = "plural-determiners", AnaphoricDeterminers = "anaphoric-determiners",
    PossessivePronouns = "possessive-pronouns", StopWords = "stop-words", Verbs = "verbs",
    NotAdverbs = "not-adverbs", Copulas = "copulas", CopulaAdverbs = "copula-adverbs",
    ClauseOpeners = "clause-openers", Subordinators = "subordinators",
    IngPrepositions = "ing-prepositions", ReportingVerbs = "reporting-verbs",
    NotTheYear = "not-the-year", Months = "months", Weekdays = "weekdays",
    NotNameWords = "not-name-words", NameConnectors = "name-connectors",
    NameOpeners = "name-openers", AliasWords = "alias-words", AliasMarkers = "alias-markers",
}

/// Every word list of the grammar.
#[derive(Debug, Default)]
pub(crate) struct Vocab {
    /// Lower-case head nouns of noun phrases.
    heads: HashMap<String, Head>,
    /// Capitalised head nouns of names, as written, and their kinds.
    name_heads: HashMap<String, Kind>,
    /// Verbs that take a treaty and their events.
    predicates: HashMap<String, Event>,
    /// Nouns before `of` + treaty and their events.
    nouns_of: HashMap<String, Event>,
    /// The word classes, indexed by [`List`].
    lists: Vec<Words>,
}

impl Vocab {
    /// Parses the built-in data files.
    pub(crate) fn built_in() -> Result<Vocab, PluginError> {
        let mut vocab = Vocab {
            lists: vec![Words::default(); List::ALL.len()],
            ..Vocab::default()
        };
        let mut seen = vec![false; List::ALL.len()];
        for (file, text) in FILES {
            vocab.parse(file, text, &mut seen)?;
        }
        if let Some(missing) = List::ALL.iter().zip(&seen).find(|(_, seen)| !**seen) {
            return Err(PluginError::msg(format!(
                "treaties data: no `words {}` line",
                missing.0.name()
            )));
        }
        Ok(vocab)
    }

    fn parse(&mut self, file: &str, text: &str, seen: &mut [bool]) -> Result<(), PluginError> {
        for (index, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let error = |what: &str| {
                PluginError::msg(format!(
                    "treaties {file} line {}: {what}: {line:?}",
                    index + 1
                ))
            };
            let (head, terms) = line
                .split_once(" : ")
                .ok_or_else(|| error("expected `KIND [VALUE ...] : term | term`"))?;
            let terms: Vec<&str> = terms.split('|').map(str::trim).collect();
            if terms.iter().any(|t| t.is_empty()) {
                return Err(error("empty term"));
            }
            let mut words = head.split_whitespace();
            let kind = words.next().unwrap_or_default();
            let value = words.next().ok_or_else(|| error("missing value"))?;
            let options: Vec<&str> = words.collect();
            if kind != "head" && !options.is_empty() {
                return Err(error("unexpected options"));
            }
            match kind {
                "head" => {
                    let mut head = Head {
                        kind: Some(Kind::parse(value).ok_or_else(|| error("unknown kind"))?),
                        ..Head::default()
                    };
                    for flag in &options {
                        head.set_flag(flag).map_err(|e| error(&e))?;
                    }
                    for term in terms {
                        self.add_head(term, head);
                    }
                }
                "name-head" => {
                    let kind = Kind::parse(value).ok_or_else(|| error("unknown kind"))?;
                    for term in terms {
                        self.name_heads.insert(term.to_owned(), kind);
                    }
                }
                "predicate" | "noun-of" => {
                    let event = Event::parse(value).ok_or_else(|| error("unknown event"))?;
                    let map = if kind == "predicate" {
                        &mut self.predicates
                    } else {
                        &mut self.nouns_of
                    };
                    for term in terms {
                        map.insert(term.to_owned(), event);
                    }
                }
                "words" => {
                    let list = List::ALL
                        .iter()
                        .position(|l| l.name() == value)
                        .ok_or_else(|| error("unknown word list"))?;
                    seen[list] = true;
                    for term in terms {
                        self.lists[list].insert(term);
                    }
                }
                _ => return Err(error("unknown line kind")),
            }
        }
        Ok(())
    }

    /// Adds (or replaces) a head noun.
    pub(crate) fn add_head(&mut self, term: &str, head: Head) {
        self.heads.insert(term.to_lowercase(), head);
    }

    /// Adds (or replaces) a predicate.
    pub(crate) fn add_predicate(&mut self, term: &str, event: Event) {
        self.predicates.insert(term.to_lowercase(), event);
    }

    /// Adds a word to a list.
    pub(crate) fn add_word(&mut self, list: List, word: &str) {
        self.lists[list as usize].insert(&word.to_lowercase());
    }

    /// The head noun `word` (lower case), if it is one.
    pub fn head(&self, word: &str) -> Option<&Head> {
        self.heads.get(word)
    }

    /// The kind of a head noun (lower case).
    pub fn head_kind(&self, word: &str) -> Option<Kind> {
        self.heads.get(word).and_then(|h| h.kind)
    }

    /// The kind of a capitalised name head, as written.
    pub fn name_head_kind(&self, word: &str) -> Option<Kind> {
        self.name_heads.get(word).copied()
    }

    /// The event of a verb that takes a treaty (lower case).
    pub fn predicate(&self, word: &str) -> Option<Event> {
        self.predicates.get(word).copied()
    }

    /// The event of a noun before `of` + treaty (lower case).
    pub fn noun_of(&self, word: &str) -> Option<Event> {
        self.nouns_of.get(word).copied()
    }

    /// The word list `list`.
    pub fn list(&self, list: List) -> &Words {
        &self.lists[list as usize]
    }

    /// Whether `word` is in `list`.
    pub fn is(&self, list: List, word: &str) -> bool {
        self.lists[list as usize].has(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_data_parses_with_every_list() {
        let v = Vocab::built_in().unwrap();
        for list in List::ALL {
            assert!(!v.list(*list).0.is_empty(), "{} is empty", list.name());
        }
        assert_eq!(v.head_kind("deals"), Some(Kind::Agreement));
        assert!(v.head("deals").unwrap().plural && v.head("deal").unwrap().idiom);
        assert_eq!(v.name_head_kind("Charter"), Some(Kind::Treaty));
        assert_eq!(v.name_head_kind("charter"), None);
        assert_eq!(v.predicate("inked"), Some(Event::Sign));
        assert_eq!(v.noun_of("ratification"), Some(Event::Ratify));
        assert!(v.is(List::CorporateSuffixes, "GmbH"));
        // Every plural head is flagged, every singular one is not.
        for (term, head) in &v.heads {
            let looks_plural = term.ends_with('s') || term == "memoranda";
            assert_eq!(head.plural, looks_plural, "{term}");
        }
    }

    #[test]
    fn bad_lines_are_errors_naming_file_and_line() {
        let error = |text: &str| {
            let mut v = Vocab {
                lists: vec![Words::default(); List::ALL.len()],
                ..Vocab::default()
            };
            let mut seen = vec![false; List::ALL.len()];
            v.parse("x.txt", text, &mut seen).unwrap_err().to_string()
        };
        assert!(error("# c\nwords stop-words a | b").contains("x.txt line 2"));
        assert!(error("words nonsense : a").contains("unknown word list"));
        assert!(error("head alliance : a").contains("unknown kind"));
        assert!(error("head pact shiny : a").contains("unknown head flag"));
        assert!(error("predicate sign : a | | b").contains("empty term"));
        assert!(error("predicate dance : a").contains("unknown event"));
        assert!(error("words verbs extra : a").contains("unexpected options"));
        assert!(error("noun x : a").contains("unknown line kind"));
    }
}
