//! The built-in word lists (`data/*.txt`), parsed once at construction into the sets and maps
//! the grammar reads.
//!
//! Every file has the same line format, `KIND [OPTION ...] : word | word | ...` (the file
//! headers document their kinds); a group may run over several lines. Words are matched
//! against lower-case tokens with `'` for apostrophes, so they are stored that way.

use std::collections::{HashMap, HashSet};

use marginalia_core::PluginError;

use crate::model::{Action, Instrument};

/// The data files, embedded in the plugin: (name for errors, text).
const FILES: [(&str, &str); 5] = [
    ("data/terms.txt", include_str!("../data/terms.txt")),
    ("data/actions.txt", include_str!("../data/actions.txt")),
    ("data/cues.txt", include_str!("../data/cues.txt")),
    ("data/phrase.txt", include_str!("../data/phrase.txt")),
    ("data/grammar.txt", include_str!("../data/grammar.txt")),
];

/// A set of lower-case words.
#[derive(Clone, Debug, Default)]
pub struct WordSet(HashSet<String>);

impl WordSet {
    /// Whether `word` is in the set.
    pub fn has(&self, word: &str) -> bool {
        self.0.contains(word)
    }

    /// Adds words (lower-cased, `’` as `'`).
    pub fn extend<S: AsRef<str>>(&mut self, words: impl IntoIterator<Item = S>) {
        self.0
            .extend(words.into_iter().map(|w| normalize(w.as_ref())));
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }
}

/// Lower case with `'` for `’`, as tokens are compared.
pub fn normalize(word: &str) -> String {
    word.trim().to_lowercase().replace('’', "'")
}

/// Declares the `words CLASS` groups: a [`WordSet`] field per class and the class name in the
/// files.
macro_rules! word_classes {
    ($($(#[$doc:meta])* $field:ident = $class:literal,)*) => {
        /// The `words CLASS` groups of the data files, one set per class.
        #[derive(Clone, Debug, Default)]
        pub struct Words {
            $($(#[$doc])* pub $field: WordSet,)*
        }

        impl Words {
            fn class_mut(&mut self, class: &str) -> Option<&mut WordSet> {
                match class {
                    $($class => Some(&mut self.$field),)*
                    _ => None,
                }
            }
        }
    };
}

word_classes! {
    /// Light nouns after a term: one span (`sanctions relief`).
    light = "light",
    /// Nouns after a term that make it no measure (`sanctions committee`).
    not_a_measure = "not-a-measure",
    /// Modifiers of a non-coercive embargo or sanction (`transfer embargo`).
    non_coercive = "non-coercive",
    /// Verbs that propose or weigh a measure.
    propose = "propose",
    /// The forms of *keep*.
    keep = "keep",
    /// Verbs whose subject is the target (`could face sanctions`).
    face = "face",
    /// Verbs that add someone `to` a list.
    add_to = "add-to",
    /// Verbs that put a measure `on` someone.
    put_on = "put-on",
    /// Verbs whose subject receives relief.
    receive = "receive",
    /// Verbs whose subject is a measure and object its target.
    affect = "affect",
    /// Negations and refusals.
    negation = "negation",
    /// Threat and warning words.
    threat = "threat",
    /// Words that veto or block.
    veto = "veto",
    /// Nouns for the text a veto blocks.
    resolution = "resolution",
    /// Objects of *sanction* meaning approve.
    approval_object = "approval-object",
    /// Objects of punitive *sanction*.
    sanctionable = "sanctionable",
    /// Sports and disciplinary cues.
    disciplinary = "disciplinary",
    /// Determiners.
    determiner = "determiner",
    /// Number words.
    number = "number",
    /// Intensifying adverbs.
    intensifier = "intensifier",
    /// Known pre-modifiers of a term.
    modifier = "modifier",
    /// Participles used as adjectives.
    participle_adjective = "participle-adjective",
    /// Nouns that count or group measures.
    quantity = "quantity",
    /// Money and scale words (`300 mln dlrs in sanctions`).
    amount = "amount",
    /// Capitalized words that are no pre-modifier.
    not_a_premodifier = "not-a-premodifier",
    /// Prepositions.
    preposition = "preposition",
    /// Function words.
    function = "function",
    /// Auxiliaries and modals.
    auxiliary = "auxiliary",
    /// Passive auxiliaries.
    passive_auxiliary = "passive-auxiliary",
    /// Modals.
    modal = "modal",
    /// Clause boundaries (words and punctuation).
    boundary = "boundary",
    /// Subject pronouns.
    subject_pronoun = "subject-pronoun",
    /// Words after which *sanction(s)* is a verb.
    verb_marker = "verb-marker",
    /// Adverbs before a passive *sanctioned*.
    passive_adverb = "passive-adverb",
    /// Adverbs between a measure and its passive verb.
    adverb_before_passive = "adverb-before-passive",
    /// Words between a passive auxiliary and its verb (`are to be imposed`).
    passive_bridge = "passive-bridge",
    /// Words between a threatener and its threat word.
    before_threat = "before-threat",
    /// Adverbs before an affect verb.
    before_affect = "before-affect",
    /// Other common verbs.
    common_verb = "common-verb",
    /// Words that end a target phrase.
    target_stopper = "target-stopper",
    /// Words before which `in` ends a target phrase.
    in_stopper = "in-stopper",
}

/// Everything the grammar knows about words, from the data files (and the config).
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    /// Restriction terms as token sequences, with their instrument, in file order.
    pub terms: Vec<(Vec<String>, Instrument)>,
    /// The `words CLASS` sets.
    pub words: Words,
    /// Ids read as imposers when they pre-modify a measure.
    pub default_imposers: Vec<String>,
    /// Endings of a hyphenated pre-modifier whose actor imposes (`-led`).
    pub imposer_suffixes: Vec<String>,
    /// Endings of words read as adjectives (`-al`, `-ive`).
    pub adjective_suffixes: Vec<String>,
    /// Words with those endings that are not adjectives.
    pub not_an_adjective: WordSet,
    verbs: HashMap<String, Action>,
    particles: HashMap<(String, String), Action>,
    with_verbs: HashMap<String, Action>,
    of_nouns: HashMap<String, Action>,
    /// Every verb form the lexicon knows, for "a verb bounds this phrase" tests.
    all_verbs: WordSet,
}

impl Lexicon {
    /// The built-in lexicon.
    pub fn builtin() -> Result<Lexicon, PluginError> {
        let mut lexicon = Lexicon::default();
        for (name, text) in FILES {
            for (number, line) in text.lines().enumerate() {
                lexicon
                    .add_line(line)
                    .map_err(|e| PluginError::msg(format!("{name}:{}: {e}", number + 1)))?;
            }
        }
        lexicon.index_verbs();
        Ok(lexicon)
    }

    /// Adds one data line (`KIND [OPTION ...] : word | ...`); blank and `#` lines are skipped.
    fn add_line(&mut self, line: &str) -> Result<(), String> {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return Ok(());
        }
        let (head, list) = line
            .split_once(':')
            .ok_or("expected `KIND [OPTION ...] : word | word | ...`")?;
        let items: Vec<&str> = list.split('|').map(str::trim).collect();
        if items.iter().any(|w| w.is_empty()) {
            return Err("empty word".into());
        }
        let head: Vec<&str> = head.split_whitespace().collect();
        let action = |s: &str| Action::parse(s).ok_or(format!("unknown action `{s}`"));
        match head.as_slice() {
            ["term", instrument] => {
                let instrument = Instrument::parse(instrument)
                    .ok_or(format!("unknown instrument `{instrument}`"))?;
                for term in items {
                    self.add_term(term, instrument);
                }
            }
            ["verb", a] => self.add_verbs(&items, action(a)?),
            ["particle", a, particle] => {
                let a = action(a)?;
                for verb in items {
                    self.particles
                        .insert((normalize(verb), normalize(particle)), a);
                }
            }
            ["with", a] => {
                let a = action(a)?;
                for verb in items {
                    self.with_verbs.insert(normalize(verb), a);
                }
            }
            ["of", a] => {
                let a = action(a)?;
                for noun in items {
                    self.of_nouns.insert(normalize(noun), a);
                }
            }
            ["words", "default-imposer"] => {
                self.default_imposers
                    .extend(items.iter().map(|s| (*s).to_owned()));
            }
            ["words", "imposer-suffix"] => {
                self.imposer_suffixes
                    .extend(items.iter().map(|s| normalize(s)));
            }
            ["words", "adjective-suffix"] => {
                self.adjective_suffixes
                    .extend(items.iter().map(|s| normalize(s)));
            }
            ["words", "not-an-adjective"] => self.not_an_adjective.extend(items),
            ["words", class] => self
                .words
                .class_mut(class)
                .ok_or(format!("unknown word class `{class}`"))?
                .extend(items),
            _ => return Err(format!("unknown kind `{}`", head.join(" "))),
        }
        Ok(())
    }

    /// Adds a restriction term (words separated by spaces).
    pub fn add_term(&mut self, term: &str, instrument: Instrument) {
        let words: Vec<String> = term.split_whitespace().map(normalize).collect();
        if !words.is_empty() {
            self.terms.push((words, instrument));
        }
    }

    /// Adds verb forms that take the measure as their object.
    pub fn add_verbs<S: AsRef<str>>(&mut self, forms: &[S], action: Action) {
        for form in forms {
            self.verbs.insert(normalize(form.as_ref()), action);
        }
    }

    /// Rebuilds the set of all verb forms; call after adding verbs.
    pub fn index_verbs(&mut self) {
        let mut all = WordSet::default();
        all.extend(self.verbs.keys());
        all.extend(self.with_verbs.keys());
        all.extend(self.particles.keys().map(|(verb, _)| verb));
        let w = &self.words;
        for set in [&w.propose, &w.keep, &w.common_verb, &w.affect] {
            all.extend(set.iter());
        }
        // Refusal verbs (`declined`, `refused`) bound phrases too.
        all.extend(w.negation.iter().filter(|w| w.ends_with('d')));
        self.all_verbs = all;
    }

    /// The action of a verb form that governs its object directly (`imposed`, `lifting`).
    pub fn action(&self, word: &str) -> Option<Action> {
        self.verbs.get(word).copied()
    }

    /// The action of a verb + particle (`rolled over`, `slipped around`).
    pub fn particle(&self, verb: &str, particle: &str) -> Option<Action> {
        self.particles
            .get(&(verb.to_owned(), particle.to_owned()))
            .copied()
    }

    /// The action of a verb that takes the measure with `with` (`answered with`).
    pub fn with_verb(&self, verb: &str) -> Option<Action> {
        self.with_verbs.get(verb).copied()
    }

    /// The action of a noun that takes the measure with `of` (`the lifting of`).
    pub fn of_noun(&self, noun: &str) -> Option<Action> {
        self.of_nouns.get(noun).copied()
    }

    /// Whether `word` is a verb form the lexicon knows (action, propose, keep, common ...).
    pub fn is_verb(&self, word: &str) -> bool {
        self.all_verbs.has(word)
    }

    /// A determiner or number word.
    pub fn is_determiner(&self, word: &str) -> bool {
        self.words.determiner.has(word) || self.words.number.has(word)
    }

    /// `-al`, `-ic`, `-ive` … adjectives (not the nouns and verbs that end the same way).
    pub fn looks_adjective(&self, word: &str) -> bool {
        word.chars().count() > 4
            && self.adjective_suffixes.iter().any(|s| word.ends_with(s))
            && !self.not_an_adjective.has(word)
            && !word.ends_with("ism")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_parses_with_every_class_filled() {
        let lex = Lexicon::builtin().unwrap();
        assert!(lex.terms.len() >= 25);
        assert_eq!(lex.action("reimposed"), Some(Action::Impose));
        assert_eq!(lex.particle("rolled", "over"), Some(Action::Extend));
        assert_eq!(lex.with_verb("answered"), Some(Action::Impose));
        assert_eq!(lex.of_noun("lifting"), Some(Action::Lift));
        assert!(lex.is_verb("said") && lex.is_verb("refused") && !lex.is_verb("sanctions"));
        assert!(lex.words.boundary.has(":") && lex.words.boundary.has("\""));
        assert!(lex.words.auxiliary.has("'s"));
        assert!(lex.default_imposers.contains(&"USA".to_owned()));
        assert!(lex.looks_adjective("economic") && !lex.looks_adjective("republic"));
        let w = format!("{:?}", lex.words);
        assert!(!w.contains("WordSet({})"), "an empty word class: {w}");
    }

    #[test]
    fn malformed_lines_are_errors() {
        let mut lex = Lexicon::default();
        assert!(lex.add_line("# comment").is_ok());
        assert!(lex.add_line("   ").is_ok());
        assert!(lex.add_line("words light relief").is_err());
        assert!(lex.add_line("words bogus : x").is_err());
        assert!(lex.add_line("term sanctionz : x").is_err());
        assert!(lex.add_line("verb forbid : x").is_err());
        assert!(lex.add_line("words light : a || b").is_err());
        assert!(lex.add_line("nonsense : a").is_err());
        assert!(lex.add_line("words light : Relief").is_ok());
        assert!(lex.words.light.has("relief"));
    }
}
