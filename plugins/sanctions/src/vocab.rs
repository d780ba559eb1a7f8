//! The plugin's vocabulary: restriction terms, the verbs and nouns that say what happens to a
//! measure, and the closed word classes that bound noun phrases and clauses.
//!
//! Every list is lower case, with `'` for apostrophes. Verbs are listed with all their forms.

use std::collections::{HashMap, HashSet};

/// What happens to a measure (the `action` attribute).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Imposed, adopted, reimposed, restored, tightened, widened, expanded.
    Impose,
    /// Renewed, rolled over, extended, kept in place.
    Extend,
    /// Lifted, eased, suspended, relief granted.
    Lift,
    /// Sought by a resolution or proposal that was vetoed or blocked.
    Veto,
    /// Monitored or reported on by a panel or body.
    Monitor,
    /// Evaded, circumvented, breached.
    Evade,
    /// Threatened, warned of, could face.
    Threaten,
    /// Anything else.
    Mention,
}

impl Action {
    /// The attribute value.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Impose => "impose",
            Action::Extend => "extend",
            Action::Lift => "lift",
            Action::Veto => "veto",
            Action::Monitor => "monitor",
            Action::Evade => "evade",
            Action::Threaten => "threaten",
            Action::Mention => "mention",
        }
    }

    /// The CAMEO event code of the action (guidelines §3.6 and §7), if it has one.
    pub fn cameo(self) -> Option<&'static str> {
        match self {
            Action::Impose | Action::Extend => Some("163"),
            Action::Lift => Some("085"),
            Action::Threaten => Some("1312"),
            _ => None,
        }
    }

    /// Whether the subject of the verb is the imposer: the party that imposes, extends, lifts
    /// or threatens the measure.
    pub fn has_imposer_subject(self) -> bool {
        matches!(
            self,
            Action::Impose | Action::Extend | Action::Lift | Action::Threaten
        )
    }
}

/// The normalized kind of measure (the `instrument` attribute).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Instrument {
    /// Sanction(s) and light-noun compounds (`sanctions relief`).
    Sanctions,
    /// Any embargo: arms, oil, trade.
    Embargo,
    /// Asset freezes.
    AssetFreeze,
    /// Export bans and export controls.
    ExportBan,
    /// Blacklists, entity lists, the SDN list.
    Blacklist,
    /// Travel and visa bans.
    TravelBan,
}

impl Instrument {
    /// The attribute value.
    pub fn as_str(self) -> &'static str {
        match self {
            Instrument::Sanctions => "sanctions",
            Instrument::Embargo => "embargo",
            Instrument::AssetFreeze => "asset_freeze",
            Instrument::ExportBan => "export_ban",
            Instrument::Blacklist => "blacklist",
            Instrument::TravelBan => "travel_ban",
        }
    }
}

/// Restriction terms: the words of the term, whether the last word is the plural, and the
/// instrument. Matched on lower-case tokens, longest first.
pub const TERMS: &[(&[&str], Instrument)] = &[
    (&["sanction"], Instrument::Sanctions),
    (&["sanctions"], Instrument::Sanctions),
    (&["counter-sanctions"], Instrument::Sanctions),
    (&["countersanctions"], Instrument::Sanctions),
    (&["embargo"], Instrument::Embargo),
    (&["embargoes"], Instrument::Embargo),
    (&["embargos"], Instrument::Embargo),
    (&["asset", "freeze"], Instrument::AssetFreeze),
    (&["asset", "freezes"], Instrument::AssetFreeze),
    (&["assets", "freeze"], Instrument::AssetFreeze),
    (&["export", "ban"], Instrument::ExportBan),
    (&["export", "bans"], Instrument::ExportBan),
    (&["export", "control"], Instrument::ExportBan),
    (&["export", "controls"], Instrument::ExportBan),
    (&["export-control"], Instrument::ExportBan),
    (&["blacklist"], Instrument::Blacklist),
    (&["blacklists"], Instrument::Blacklist),
    (&["black", "list"], Instrument::Blacklist),
    (&["black", "lists"], Instrument::Blacklist),
    (&["entity", "list"], Instrument::Blacklist),
    (&["sdn", "list"], Instrument::Blacklist),
    (&["travel", "ban"], Instrument::TravelBan),
    (&["travel", "bans"], Instrument::TravelBan),
    (&["visa", "ban"], Instrument::TravelBan),
    (&["visa", "bans"], Instrument::TravelBan),
];

/// Light nouns that make one span with a restriction term before them (`sanctions relief`,
/// `sanctions regime`); `relief` also makes the action `lift`.
pub const LIGHT_NOUNS: &[&str] = &[
    "relief",
    "regime",
    "regimes",
    "package",
    "packages",
    "programme",
    "programmes",
    "program",
    "programs",
    "measures",
    "designations",
    "campaign",
    "round",
    "rounds",
    "net",
    "list",
    "lists",
    "system",
    "framework",
    "architecture",
];

/// Nouns that, after a restriction term, head a phrase that is not a measure (`sanctions
/// committee`, `Sanctions Act`, `sanctions evasion`): no span.
pub const NOT_A_MEASURE_AFTER: &[&str] = &[
    "act",
    "acts",
    "law",
    "laws",
    "bill",
    "bills",
    "legislation",
    "committee",
    "committees",
    "panel",
    "panels",
    "expert",
    "experts",
    "lawyer",
    "lawyers",
    "official",
    "officials",
    "office",
    "envoy",
    "coordinator",
    "chief",
    "policy",
    "policies",
    "evasion",
    "evaders",
    "busting",
    "buster",
    "busters",
    "violation",
    "violations",
    "breach",
    "breaches",
    "exemption",
    "exemptions",
    "waiver",
    "waivers",
    "compliance",
    "risk",
    "risks",
    "screening",
    "advisory",
    "division",
    "unit",
    "desk",
    "mechanism",
    "snapback",
    "debate",
    "talks",
];

/// Modifiers that make an embargo or ban something other than a coercive restriction between
/// states: a club's `transfer embargo`, a `news embargo`.
pub const NON_COERCIVE_MODIFIERS: &[&str] = &[
    "transfer",
    "transfers",
    "news",
    "press",
    "media",
    "publication",
    "information",
    "reporting",
    "signing",
    "registration",
    "social",
    "criminal",
    "civil",
    "disciplinary",
    "administrative",
    "professional",
    "religious",
    "moral",
    "academic",
    "legal",
    "court",
    "parental",
    "internal",
    "contractual",
    "regulatory",
];

/// Words of sports and disciplinary contexts. A sentence with one of them and no state or
/// organisation actor holds no sanction (`the league's disciplinary panel said the sanction`).
pub const DISCIPLINARY_CUES: &[&str] = &[
    "league",
    "club",
    "clubs",
    "disciplinary",
    "deduction",
    "player",
    "players",
    "referee",
    "football",
    "soccer",
    "cricket",
    "tennis",
    "rugby",
    "athlete",
    "athletes",
    "doping",
    "olympic",
    "olympics",
    "fifa",
    "uefa",
    "fans",
    "supporters",
    "stadium",
    "coach",
    "tournament",
    "championship",
    "misconduct",
    "lawyer",
    "lawyers",
    "attorney",
    "attorneys",
    "judge",
];

/// Determiners: a span starts at one (articles, demonstratives, possessive pronouns,
/// quantifiers). Numerals are determiners too (checked separately).
pub const DETERMINERS: &[&str] = &[
    "a", "an", "the", "its", "their", "his", "her", "our", "my", "your", "any", "some", "no",
    "every", "each", "all", "several", "many", "few", "such", "another", "other", "these", "those",
    "this", "that", "what", "whatever",
];

/// Number words, read as determiners.
pub const NUMBER_WORDS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "dozens", "dozen", "hundreds",
];

/// Adverbs that may stand inside a noun phrase before an adjective (`ever tougher`).
pub const INTENSIFIERS: &[&str] = &[
    "ever",
    "even",
    "very",
    "much",
    "far",
    "increasingly",
    "so",
    "too",
    "most",
    "more",
    "less",
    "still",
    "yet",
    "particularly",
    "especially",
    "highly",
    "unusually",
    "relatively",
    "largely",
    "mostly",
    "fully",
    "partially",
    "partly",
];

/// Adjectives and nouns known to modify a restriction term.
pub const MODIFIERS: &[&str] = &[
    "new",
    "newer",
    "fresh",
    "further",
    "additional",
    "more",
    "extra",
    "tough",
    "tougher",
    "toughest",
    "harsh",
    "harsher",
    "harshest",
    "heavy",
    "heavier",
    "tight",
    "tighter",
    "tightest",
    "strict",
    "stricter",
    "strong",
    "stronger",
    "strongest",
    "severe",
    "key",
    "broad",
    "broader",
    "wide",
    "wider",
    "sweeping",
    "crippling",
    "punishing",
    "biting",
    "existing",
    "remaining",
    "lingering",
    "ongoing",
    "current",
    "previous",
    "prior",
    "earlier",
    "initial",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "latest",
    "recent",
    "last",
    "next",
    "full",
    "partial",
    "total",
    "complete",
    "limited",
    "targeted",
    "smart",
    "blanket",
    "general",
    "personal",
    "individual",
    "secondary",
    "primary",
    "sectoral",
    "economic",
    "financial",
    "international",
    "unilateral",
    "multilateral",
    "western",
    "global",
    "diplomatic",
    "political",
    "military",
    "nuclear",
    "punitive",
    "retaliatory",
    "tit-for-tat",
    "reciprocal",
    "similar",
    "separate",
    "parallel",
    "major",
    "minor",
    "big",
    "biggest",
    "large",
    "largest",
    "massive",
    "unprecedented",
    "long",
    "old",
    "decades-old",
    "painful",
    "costly",
    "oil",
    "gas",
    "energy",
    "arms",
    "weapons",
    "weapon",
    "trade",
    "chip",
    "chips",
    "semiconductor",
    "technology",
    "tech",
    "banking",
    "bank",
    "finance",
    "export",
    "import",
    "gold",
    "steel",
    "aluminium",
    "aluminum",
    "coal",
    "timber",
    "diamond",
    "diamonds",
    "grain",
    "food",
    "fuel",
    "crude",
    "petroleum",
    "shipping",
    "maritime",
    "naval",
    "visa",
    "travel",
    "asset",
    "assets",
    "investment",
    "capital",
    "credit",
    "debt",
    "bond",
    "swift",
    "luxury",
    "dual-use",
    "uranium",
    "missile",
    "sector",
    "country",
    "state",
    "government",
    "regime",
];

/// Participles and `-ing` forms that work as adjectives before a restriction term.
pub const PARTICIPLE_ADJECTIVES: &[&str] = &[
    "targeted",
    "existing",
    "remaining",
    "sweeping",
    "crippling",
    "punishing",
    "biting",
    "lingering",
    "ongoing",
    "continuing",
    "far-reaching",
    "wide-ranging",
    "so-called",
    "coordinated",
    "unprecedented",
    "sustained",
];

/// Prepositions (and words used like them) that bound noun phrases.
pub const PREPOSITIONS: &[&str] = &[
    "of",
    "from",
    "on",
    "against",
    "to",
    "with",
    "in",
    "at",
    "for",
    "by",
    "into",
    "onto",
    "about",
    "between",
    "among",
    "amid",
    "amidst",
    "under",
    "after",
    "before",
    "since",
    "during",
    "like",
    "including",
    "than",
    "over",
    "across",
    "through",
    "throughout",
    "towards",
    "toward",
    "near",
    "within",
    "without",
    "via",
    "per",
    "despite",
    "upon",
    "around",
    "beyond",
    "behind",
    "below",
    "above",
    "off",
    "out",
    "up",
    "down",
    "targeting",
    "concerning",
    "regarding",
    "excluding",
    "except",
];

/// Conjunctions, pronouns, auxiliaries and other function words: never inside a span.
pub const FUNCTION_WORDS: &[&str] = &[
    "and",
    "or",
    "but",
    "nor",
    "either",
    "neither",
    "yet",
    "so",
    "as",
    "if",
    "unless",
    "because",
    "although",
    "though",
    "while",
    "whereas",
    "when",
    "where",
    "whether",
    "which",
    "who",
    "whom",
    "whose",
    "how",
    "why",
    "then",
    "also",
    "not",
    "never",
    "it",
    "they",
    "them",
    "he",
    "she",
    "we",
    "you",
    "i",
    "him",
    "us",
    "me",
    "itself",
    "themselves",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "am",
    "has",
    "have",
    "had",
    "having",
    "do",
    "does",
    "did",
    "will",
    "would",
    "shall",
    "should",
    "can",
    "could",
    "may",
    "might",
    "must",
    "there",
    "here",
    "now",
    "already",
    "only",
    "just",
    "long",
    "later",
    "again",
    "both",
];

/// Auxiliaries and modals: skipped between a subject and its verb.
pub const AUXILIARIES: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had", "having", "do",
    "does", "did", "will", "would", "shall", "should", "can", "could", "may", "might", "must",
    "'s", "'d", "'ll", "'ve", "'re", "get", "gets", "got", "getting", "gotten",
];

/// The forms of *be* and *get* that make a passive.
pub const PASSIVE_AUXILIARIES: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "am", "get", "gets", "got", "getting",
    "gotten",
];

/// Modals that make a verb hypothetical or future.
pub const MODALS: &[&str] = &[
    "would", "could", "will", "might", "may", "'d", "'ll", "shall", "should", "can",
];

/// Words that end a clause, scanning a sentence in either direction.
pub const CLAUSE_BOUNDARIES: &[&str] = &[
    "that", "which", "who", "whom", "whose", "when", "while", "where", "because", "although",
    "though", "but", "if", "unless", "whereas", "whether", ";", ":", "—", "–", "(", ")", "\"", "“",
    "”", "?", "!",
];

/// Negations and refusals before a verb: the action is not carried out (`mention`).
pub const NEGATIONS: &[&str] = &[
    "not",
    "never",
    "nobody",
    "neither",
    "nor",
    "no",
    "none",
    "cannot",
    "refuse",
    "refuses",
    "refused",
    "refusing",
    "decline",
    "declines",
    "declined",
    "declining",
    "reject",
    "rejects",
    "rejected",
    "rejecting",
    "oppose",
    "opposes",
    "opposed",
    "opposing",
    "resist",
    "resists",
    "resisted",
    "resisting",
    "reluctant",
    "unwilling",
];

/// Words that mark a threat or warning in a sentence (`warned … would reimpose`).
pub const THREAT_WORDS: &[&str] = &[
    "warn",
    "warns",
    "warned",
    "warning",
    "warnings",
    "threaten",
    "threatens",
    "threatened",
    "threatening",
    "threat",
    "threats",
    "vow",
    "vows",
    "vowed",
    "ultimatum",
];

/// Words that veto or block a resolution.
pub const VETO_WORDS: &[&str] = &[
    "veto", "vetoes", "vetoed", "vetoing", "block", "blocks", "blocked", "blocking",
];

/// Nouns for the text that a veto blocks.
pub const RESOLUTION_WORDS: &[&str] = &[
    "resolution",
    "resolutions",
    "draft",
    "text",
    "proposal",
    "proposals",
    "motion",
    "bill",
    "measure",
    "package",
    "effort",
    "efforts",
    "attempt",
    "attempts",
    "bid",
    "bids",
    "push",
    "move",
    "moves",
    "plan",
    "plans",
    "initiative",
];

/// Pronouns that stand for a state as the subject of a clause.
pub const SUBJECT_PRONOUNS: &[&str] = &["it", "they", "he", "she", "we"];

/// Verbs whose subject, when the measure is their object and the measure is `relief`, is the
/// target (`Iran received sanctions relief`).
pub const RECEIVE_VERBS: &[&str] = &[
    "receive",
    "receives",
    "received",
    "receiving",
    "get",
    "gets",
    "got",
    "getting",
    "win",
    "wins",
    "won",
    "winning",
    "secure",
    "secures",
    "secured",
    "securing",
    "obtain",
    "obtains",
    "obtained",
    "obtaining",
    "gain",
    "gains",
    "gained",
    "gaining",
];

/// Verbs whose subject is a measure and whose object is its target (`Western sanctions have
/// cut Russia off`, `sanctions, which cut most Russian banks off`).
pub const AFFECT_VERBS: &[&str] = &[
    "cut",
    "cuts",
    "cutting",
    "hit",
    "hits",
    "hitting",
    "isolate",
    "isolates",
    "isolated",
    "isolating",
    "target",
    "targets",
    "targeted",
    "targeting",
    "punish",
    "punishes",
    "punished",
    "punishing",
    "cripple",
    "cripples",
    "crippled",
    "crippling",
    "squeeze",
    "squeezes",
    "squeezed",
    "squeezing",
    "bar",
    "bars",
    "barred",
    "barring",
    "ban",
    "bans",
    "banned",
    "banning",
    "block",
    "blocks",
    "blocked",
    "blocking",
    "hurt",
    "hurts",
    "hurting",
    "shut",
    "shuts",
    "choke",
    "chokes",
    "choked",
    "exclude",
    "excludes",
    "excluded",
    "freeze",
    "freezes",
    "froze",
    "frozen",
    "prevent",
    "prevents",
    "prevented",
    "restrict",
    "restricts",
    "restricted",
    "affect",
    "affects",
    "affected",
    "batter",
    "battered",
    "weaken",
    "weakens",
    "weakened",
    "strangle",
    "strangled",
    "apply",
    "applies",
    "applied",
    "cover",
    "covers",
    "covered",
];

/// Other common verbs: they bound noun phrases and target phrases like the action verbs.
pub const COMMON_VERBS: &[&str] = &[
    "say",
    "says",
    "said",
    "saying",
    "help",
    "helps",
    "helped",
    "make",
    "makes",
    "made",
    "take",
    "takes",
    "took",
    "taken",
    "give",
    "gives",
    "gave",
    "given",
    "giving",
    "go",
    "goes",
    "went",
    "gone",
    "come",
    "comes",
    "came",
    "use",
    "uses",
    "used",
    "based",
    "aimed",
    "held",
    "owned",
    "linked",
    "known",
    "found",
    "allow",
    "allows",
    "allowed",
    "stay",
    "stays",
    "stayed",
    "remain",
    "remains",
    "remained",
    "began",
    "begin",
    "begins",
    "continue",
    "continues",
    "continued",
    "show",
    "shows",
    "showed",
    "let",
    "kept",
    "want",
    "wants",
    "wanted",
    "need",
    "needs",
    "needed",
    "try",
    "tries",
    "tried",
    "seem",
    "seems",
    "seemed",
    "expect",
    "expects",
    "expected",
    "include",
    "includes",
    "included",
    "reflect",
    "reflects",
    "reflected",
    "buy",
    "buys",
    "bought",
    "buying",
    "sell",
    "sells",
    "sold",
    "selling",
    "obtain",
    "accuse",
    "accused",
    "deny",
    "denied",
    "argue",
    "argued",
    "mean",
    "meant",
    "work",
    "works",
    "worked",
    "run",
    "ran",
    "rely",
    "relied",
    "ship",
    "shipped",
    "send",
    "sent",
    "fire",
    "fired",
    "seize",
    "seized",
    "sign",
    "signed",
    "reshape",
    "reshaped",
    "received",
    "receive",
    "withdrew",
    "moved",
    "triggering",
    "decided",
    "voted",
    "followed",
];

/// Nouns that count or group measures: `a package of sanctions` is governed like `sanctions`.
pub const QUANTITY_NOUNS: &[&str] = &[
    "package",
    "packages",
    "round",
    "rounds",
    "raft",
    "wave",
    "waves",
    "set",
    "sets",
    "batch",
    "batches",
    "slew",
    "series",
    "host",
    "range",
    "layer",
    "layers",
    "tranche",
    "tranches",
    "list",
    "number",
    "thousands",
    "hundreds",
    "dozens",
    "scores",
    "array",
    "string",
    "flurry",
    "barrage",
    "spate",
    "swathe",
    "sweep",
    "web",
];

/// Days and months: a capitalized one before a term is not a pre-modifier (`said Monday
/// sanctions …`).
pub const DATE_WORDS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "today",
    "yesterday",
    "tomorrow",
];

/// Verbs that govern a measure, with the action they give it. Forms that need a particle
/// (`roll over`, `slip around`, `answer with`) are in [`PARTICLE_VERBS`].
const VERB_TABLE: &[(Action, &str)] = &[
    (
        Action::Impose,
        "impose imposes imposed imposing reimpose reimposes reimposed reimposing re-impose \
         re-imposes re-imposed re-imposing slap slaps slapped slapping adopt adopts adopted \
         adopting introduce introduces introduced introducing announce announces announced \
         announcing unveil unveils unveiled unveiling tighten tightens tightened tightening \
         toughen toughens toughened toughening widen widens widened widening expand expands \
         expanded expanding broaden broadens broadened broadening restore restores restored \
         restoring reinstate reinstates reinstated reinstating enact enacts enacted enacting \
         levy levies levied levying approve approves approved approving order orders ordered \
         declare declares declared declaring intensify intensifies intensified intensifying \
         strengthen strengthens strengthened strengthening escalate escalates escalated \
         escalating apply applies applied applying add adds added adding put puts putting \
         place places placed placing agree agrees agreed agreeing",
    ),
    (
        Action::Extend,
        "extend extends extended extending renew renews renewed renewing prolong prolongs \
         prolonged prolonging maintain maintains maintained maintaining",
    ),
    (
        Action::Lift,
        "lift lifts lifted lifting ease eases eased easing relax relaxes relaxed relaxing \
         remove removes removed removing scrap scraps scrapped scrapping suspend suspends \
         suspended suspending waive waives waived waiving drop drops dropped dropping end ends \
         ended ending rescind rescinds rescinded rescinding revoke revokes revoked revoking \
         repeal repeals repealed repealing loosen loosens loosened loosening cancel cancels \
         cancelled canceled cancelling canceling",
    ),
    (
        Action::Veto,
        "veto vetoes vetoed vetoing block blocks blocked blocking",
    ),
    (
        Action::Monitor,
        "monitor monitors monitored monitoring oversee oversees oversaw overseen overseeing",
    ),
    (
        Action::Evade,
        "evade evades evaded evading circumvent circumvents circumvented circumventing breach \
         breaches breached breaching violate violates violated violating bust busts busted \
         busting skirt skirts skirted skirting dodge dodges dodged dodging flout flouts flouted \
         flouting sidestep sidesteps sidestepped sidestepping bypass bypasses bypassed \
         bypassing defy defies defied defying break breaks broke broken breaking",
    ),
    (
        Action::Threaten,
        "threaten threatens threatened threatening face faces faced facing risk risks risked \
         risking",
    ),
];

/// Verbs that propose or weigh a measure: `mention`, or `veto` when the proposal was vetoed.
pub const PROPOSE_VERBS: &[&str] = &[
    "propose",
    "proposes",
    "proposed",
    "proposing",
    "seek",
    "seeks",
    "sought",
    "seeking",
    "urge",
    "urges",
    "urged",
    "urging",
    "demand",
    "demands",
    "demanded",
    "demanding",
    "consider",
    "considers",
    "considered",
    "considering",
    "weigh",
    "weighs",
    "weighed",
    "weighing",
    "discuss",
    "discusses",
    "discussed",
    "discussing",
    "mull",
    "mulls",
    "mulled",
    "mulling",
    "prepare",
    "prepares",
    "prepared",
    "preparing",
    "draft",
    "drafts",
    "drafted",
    "drafting",
    "recommend",
    "recommends",
    "recommended",
    "envisage",
    "envisaged",
    "contemplate",
    "contemplated",
    "contemplating",
];

/// The forms of *keep*: `extend` when the measure is kept `in place` or `in force`.
pub const KEEP_VERBS: &[&str] = &["keep", "keeps", "kept", "keeping"];

/// Verb + particle before the measure: the particle, the verb forms, the action.
pub const PARTICLE_VERBS: &[(&str, &str, Action)] = &[
    (
        "over",
        "roll rolls rolled rolling carry carries carried carrying",
        Action::Extend,
    ),
    (
        "around",
        "slip slips slipped slipping get gets got getting work works worked working route \
         routes routed routing go goes went going steer steers steered steering way ways",
        Action::Evade,
    ),
    ("through", "slip slips slipped slipping", Action::Evade),
    (
        "round",
        "slip slips slipped slipping get gets got getting work works worked working route \
         routes routed routing go goes went going",
        Action::Evade,
    ),
    (
        "up",
        "step steps stepped stepping ramp ramps ramped ramping ratchet ratchets ratcheted \
         ratcheting beef beefs beefed beefing",
        Action::Impose,
    ),
    (
        "back",
        "roll rolls rolled rolling scale scales scaled scaling",
        Action::Lift,
    ),
    ("of", "warn warns warned warning", Action::Threaten),
    ("on", "report reports reported reporting", Action::Monitor),
    (
        "for",
        "call calls called calling push pushes pushed pushing press presses pressed pressing \
         lobby lobbies lobbied lobbying",
        Action::Mention,
    ),
];

/// Verbs that take the measure in a `with` phrase (`answered … with new sanctions`), and the
/// action that gives.
pub const WITH_VERBS: &[(&str, Action)] = &[
    (
        "answer answers answered answering respond responds responded responding retaliate \
         retaliates retaliated retaliating hit hits hitting slap slaps slapped slapping punish \
         punishes punished punishing target targets targeted targeting react reacts reacted \
         reacting",
        Action::Impose,
    ),
    (
        "threaten threatens threatened threatening",
        Action::Threaten,
    ),
];

/// Nouns that take the measure in an `of` phrase (`the lifting of sanctions`).
pub const OF_NOUNS: &[(&str, Action)] = &[
    (
        "imposition reimposition adoption introduction tightening expansion widening \
         broadening restoration",
        Action::Impose,
    ),
    (
        "renewal renewals extension extensions rollover prolongation",
        Action::Extend,
    ),
    (
        "lifting easing removal suspension relaxation repeal end scrapping",
        Action::Lift,
    ),
    (
        "evasion circumvention violation violations breach breaches busting",
        Action::Evade,
    ),
    ("threat threats", Action::Threaten),
    ("monitoring", Action::Monitor),
];

/// Verbs that put someone on a list with `to` (`adding 140 companies to a blacklist`).
pub const ADD_VERBS: &[&str] = &[
    "add", "adds", "added", "adding", "put", "puts", "putting", "place", "places", "placed",
    "placing",
];

/// Words before which an `in` ends a target phrase (`sanctions on Russia in place`).
pub const IN_STOPPERS: &[&str] = &[
    "place",
    "force",
    "response",
    "retaliation",
    "return",
    "protest",
    "addition",
    "line",
    "effect",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "the",
    "a",
    "an",
    "recent",
    "early",
    "late",
    "mid",
    "order",
    "its",
    "their",
    "part",
];

/// Words that end a target phrase after `on`/`against`.
pub const TARGET_STOPPERS: &[&str] = &[
    "that",
    "which",
    "who",
    "whom",
    "whose",
    "if",
    "unless",
    "after",
    "before",
    "until",
    "while",
    "when",
    "because",
    "since",
    "as",
    "by",
    "for",
    "from",
    "through",
    "under",
    "despite",
    "amid",
    "but",
    "so",
    "than",
    "over",
    "during",
    "with",
    "without",
    "at",
    "into",
    "where",
    "whereas",
    "following",
    "amounting",
    "worth",
];

/// Objects that mark *sanction* as "approve" (`sanctioned plans`, `sanction the use of force`).
pub const APPROVAL_OBJECTS: &[&str] = &[
    "plan",
    "plans",
    "step",
    "steps",
    "use",
    "deal",
    "deals",
    "move",
    "moves",
    "request",
    "requests",
    "proposal",
    "proposals",
    "project",
    "projects",
    "event",
    "events",
    "operation",
    "operations",
    "mission",
    "missions",
    "action",
    "actions",
    "fight",
    "fights",
    "match",
    "matches",
    "race",
    "races",
    "bout",
    "tournament",
    "strike",
    "strikes",
    "attack",
    "attacks",
    "deployment",
    "force",
    "dinner",
    "meal",
    "marriage",
    "sale",
    "sales",
    "purchase",
    "merger",
    "takeover",
    "expansion",
    "change",
    "changes",
    "budget",
    "spending",
    "stadium",
    "scheme",
    "policy",
    "measure",
    "measures",
    "ceasefire",
    "truce",
    "practice",
    "practices",
    "killing",
    "killings",
    "violence",
    "torture",
    "behaviour",
    "behavior",
    "rally",
    "protest",
    "protests",
    "march",
    "vote",
    "referendum",
    "election",
    "elections",
];

/// Words for people and bodies that a punitive *sanction* takes as its object or passive
/// subject (`sanctioned three Russian banks`).
pub const SANCTIONABLE: &[&str] = &[
    "firm",
    "firms",
    "company",
    "companies",
    "bank",
    "banks",
    "entity",
    "entities",
    "individual",
    "individuals",
    "official",
    "officials",
    "oligarch",
    "oligarchs",
    "businessman",
    "businessmen",
    "people",
    "person",
    "persons",
    "ship",
    "ships",
    "vessel",
    "vessels",
    "tanker",
    "tankers",
    "airline",
    "airlines",
    "exporter",
    "exporters",
    "importer",
    "importers",
    "refinery",
    "refineries",
    "minister",
    "ministers",
    "general",
    "generals",
    "commander",
    "commanders",
    "leader",
    "leaders",
    "network",
    "networks",
    "group",
    "groups",
    "militia",
    "militias",
    "government",
    "regime",
    "country",
    "countries",
    "state",
    "states",
    "supplier",
    "suppliers",
    "trader",
    "traders",
    "judge",
    "judges",
];

/// Ids that a bare pre-modifier actor is read as the imposer of (`UN sanctions`, `U.S.
/// sanctions`), when the sentence does not say otherwise; any other pre-modifier actor is the
/// target (`Russia sanctions`). Organisations are always read as imposers.
pub const DEFAULT_IMPOSERS: &[&str] = &[
    "USA", "EU", "UN", "GBR", "CAN", "AUS", "JPN", "CHE", "NZL", "NOR", "G7",
];

/// Suffixes of a hyphenated pre-modifier that make its actor the imposer (`U.S.-led`).
pub const IMPOSER_SUFFIXES: &[&str] = &[
    "-led",
    "-imposed",
    "-backed",
    "-sponsored",
    "-drafted",
    "-proposed",
    "-brokered",
    "-driven",
    "-mandated",
    "-authorised",
    "-authorized",
];

/// Whether `word` is in `list`.
pub fn is(list: &[&str], word: &str) -> bool {
    list.contains(&word)
}

/// The verb and noun tables, indexed by form.
#[derive(Debug)]
pub struct Verbs {
    actions: HashMap<&'static str, Action>,
    particles: HashMap<(&'static str, &'static str), Action>,
    with: HashMap<&'static str, Action>,
    of_nouns: HashMap<&'static str, Action>,
    /// Every verb form of every list here.
    all_verbs: HashSet<&'static str>,
}

impl Default for Verbs {
    fn default() -> Self {
        Self::new()
    }
}

impl Verbs {
    /// Builds the tables.
    pub fn new() -> Self {
        let mut actions = HashMap::new();
        for &(action, forms) in VERB_TABLE {
            for form in forms.split_whitespace() {
                actions.insert(form, action);
            }
        }
        let mut particles = HashMap::new();
        for &(particle, forms, action) in PARTICLE_VERBS {
            for form in forms.split_whitespace() {
                particles.insert((form, particle), action);
            }
        }
        let mut with = HashMap::new();
        for &(forms, action) in WITH_VERBS {
            for form in forms.split_whitespace() {
                with.insert(form, action);
            }
        }
        let mut of_nouns = HashMap::new();
        for &(forms, action) in OF_NOUNS {
            for form in forms.split_whitespace() {
                of_nouns.insert(form, action);
            }
        }
        let mut all_verbs: HashSet<&'static str> = HashSet::new();
        all_verbs.extend(actions.keys().copied());
        all_verbs.extend(with.keys().copied());
        all_verbs.extend(particles.keys().map(|&(verb, _)| verb));
        for list in [PROPOSE_VERBS, KEEP_VERBS, COMMON_VERBS, AFFECT_VERBS] {
            all_verbs.extend(list.iter().copied());
        }
        all_verbs.extend(NEGATIONS.iter().copied().filter(|w| w.ends_with('d')));
        Verbs {
            actions,
            particles,
            with,
            of_nouns,
            all_verbs,
        }
    }

    /// The action of a verb form that governs its object directly (`imposed`, `lifting`).
    pub fn action(&self, word: &str) -> Option<Action> {
        self.actions.get(word).copied()
    }

    /// The action of a verb + particle (`rolled over`, `slipped around`).
    pub fn particle(&self, verb: &str, particle: &str) -> Option<Action> {
        self.particles.get(&(verb, particle)).copied()
    }

    /// The action of a verb that takes the measure with `with` (`answered with`).
    pub fn with_verb(&self, verb: &str) -> Option<Action> {
        self.with.get(verb).copied()
    }

    /// The action of a noun that takes the measure with `of` (`the lifting of`).
    pub fn of_noun(&self, noun: &str) -> Option<Action> {
        self.of_nouns.get(noun).copied()
    }

    /// Whether `word` is a verb form this module knows (action, propose, keep, common).
    pub fn is_verb(&self, word: &str) -> bool {
        self.all_verbs.contains(word)
    }
}
