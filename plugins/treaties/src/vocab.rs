//! The word lists the rules read. All entries are lower case; look words up with
//! [`is`] on a lower-cased token.

use crate::kind::{Event, Kind};

/// Whether `word` (lower case) is in `list`.
pub(crate) fn is(list: &[&str], word: &str) -> bool {
    list.contains(&word)
}

/// Head nouns of treaty noun phrases and the kind each gives.
pub(crate) fn head_kind(word: &str) -> Option<Kind> {
    Some(match word {
        "treaty" | "treaties" | "protocol" | "protocols" => Kind::Treaty,
        "agreement" | "agreements" | "deal" | "deals" => Kind::Agreement,
        "pact" | "pacts" => Kind::Pact,
        "accord" | "accords" => Kind::Accord,
        "convention" | "conventions" => Kind::Convention,
        "memorandum" | "memoranda" | "memorandums" | "mou" | "mous" => Kind::Memorandum,
        "partnership" | "partnerships" => Kind::Partnership,
        _ => return None,
    })
}

/// Capitalised head nouns that can end or start a treaty's name, with the kind they give.
pub(crate) fn name_head_kind(word: &str) -> Option<Kind> {
    Some(match word {
        "Treaty" | "Treaties" | "Protocol" | "Protocols" | "Charter" => Kind::Treaty,
        "Agreement" | "Agreements" => Kind::Agreement,
        "Pact" => Kind::Pact,
        "Accord" | "Accords" => Kind::Accord,
        "Convention" | "Conventions" => Kind::Convention,
        "Memorandum" => Kind::Memorandum,
        "Partnership" => Kind::Partnership,
        _ => return None,
    })
}

/// Plural head nouns (the others are singular).
#[rustfmt::skip]
pub(crate) const PLURAL_HEADS: &[&str] = &[
    "treaties", "protocols", "agreements", "deals", "pacts", "accords", "conventions",
    "memoranda", "memorandums", "mous", "partnerships",
];

/// Words a named Partnership must contain to be a treaty (not "Eastern Partnership", a policy,
/// or "Partnership for Peace", a programme).
#[rustfmt::skip]
pub(crate) const PARTNERSHIP_NAME_WORDS: &[&str] = &[
    "economic", "trade", "investment", "trans-pacific", "transatlantic", "trans-atlantic",
    "strategic",
];

/// Determiners, possessive pronouns and quantifiers: a generic span starts at one.
#[rustfmt::skip]
pub(crate) const DETERMINERS: &[&str] = &[
    "a", "an", "the", "this", "that", "these", "those", "its", "their", "his", "her", "our",
    "your", "another", "each", "every", "both", "any", "some", "several",
];

/// Determiners that point back at a treaty already named: `the pact`, `that accord`.
#[rustfmt::skip]
pub(crate) const ANAPHORIC_DETERMINERS: &[&str] = &[
    "the", "this", "that", "these", "those", "its", "their",
];

/// Possessive pronouns that stand for a party.
#[rustfmt::skip]
pub(crate) const POSSESSIVE_PRONOUNS: &[&str] = &[
    "its", "their", "his", "her", "our",
];

/// Words that end a generic span's left edge without being part of it: prepositions,
/// conjunctions, pronouns, auxiliaries, adverbs of time and degree.
#[rustfmt::skip]
pub(crate) const STOP_WORDS: &[&str] = &[
    "of", "in", "on", "at", "by", "for", "with", "from", "to", "into", "onto", "under", "over",
    "about", "against", "between", "among", "amid", "amidst", "after", "before", "during",
    "since", "until", "till", "through", "throughout", "via", "without", "within", "alongside",
    "beside", "behind", "beyond", "despite", "toward", "towards", "upon", "across", "around",
    "like", "unlike", "as", "than", "per", "off", "out", "up", "down", "near", "including",
    "following", "regarding", "concerning", "and", "or", "but", "nor", "yet", "so", "because",
    "although", "though", "while", "whereas", "if", "unless", "whether", "when", "where",
    "which", "who", "whom", "whose", "what", "how", "why", "i", "you", "he", "she", "it", "we",
    "they", "me", "him", "us", "them", "there", "here", "is", "are", "was", "were", "be",
    "been", "being", "am", "has", "have", "had", "having", "do", "does", "did", "will", "would",
    "shall", "should", "can", "could", "may", "might", "must", "not", "no", "never", "also",
    "just", "only", "even", "still", "already", "then", "now", "too", "very", "more", "most",
    "less", "such", "all", "other", "others", "same", "much", "many",
];

/// Common verbs (besides the treaty predicates): a generic span never starts with one.
#[rustfmt::skip]
pub(crate) const VERBS: &[&str] = &[
    "say", "says", "said", "saying", "tell", "tells", "told", "make", "makes", "made", "making",
    "take", "takes", "took", "taken", "taking", "give", "gives", "gave", "given", "get", "gets",
    "got", "want", "wants", "wanted", "need", "needs", "needed", "expect", "expects",
    "expected", "call", "calls", "called", "hail", "hails", "hailed", "welcome", "welcomes",
    "welcomed", "praise", "praised", "criticise", "criticised", "criticize", "criticized",
    "describe", "describes", "described", "see", "sees", "saw", "seen", "keep", "keeps", "kept",
    "preserve", "preserves", "preserved", "honour", "honor", "honoured", "honored", "violate",
    "violates", "violated", "violating", "breach", "breached", "breaching", "meet", "meets",
    "met", "follow", "follows", "followed", "back", "backs", "backed", "support", "supports",
    "supported", "oppose", "opposes", "opposed", "reject", "rejects", "rejected", "defend",
    "defends", "defended", "save", "saves", "saved", "bring", "brings", "brought", "put",
    "puts", "set", "sets", "hold", "holds", "held", "show", "shows", "showed", "let", "lets",
    "face", "faces", "faced", "mark", "marks", "marked", "allow", "allows", "allowed",
    "require", "requires", "required", "cover", "covers", "covered", "include", "includes",
    "included", "announce", "announces", "announced", "unveil", "unveils", "unveiled",
    "implement", "implements", "implemented", "enforce", "enforced", "extend", "extends",
    "extended", "renew", "renews", "renewed", "revive", "revives", "revived", "salvage",
    "salvaged", "upgrade", "upgrades", "upgraded", "mean", "means", "meant", "become",
    "becomes", "became", "remain", "remains", "remained", "seem", "seems", "seemed",
];

/// Negators of a predicate (`did not renew`, `never ratified`, `refused to sign`).
#[rustfmt::skip]
pub(crate) const NEGATORS: &[&str] = &[
    "not", "n't", "never", "refused", "refuses", "refuse", "refusing", "refusal", "declined",
    "declines", "failed", "fails", "won't", "cannot", "unwillingness", "reluctance",
];

/// Verbs that take a treaty as their object, and the event they give.
pub(crate) fn predicate(word: &str) -> Option<Event> {
    Some(match word {
        "sign" | "signs" | "signed" | "signing" | "conclude" | "concludes" | "concluded"
        | "concluding" | "seal" | "seals" | "sealed" | "sealing" | "ink" | "inks" | "inked"
        | "inking" | "reach" | "reaches" | "reached" | "reaching" | "clinch" | "clinches"
        | "clinched" | "clinching" | "strike" | "strikes" | "struck" | "striking" | "agree"
        | "agrees" | "agreed" | "agreeing" | "finalise" | "finalises" | "finalised"
        | "finalising" | "finalize" | "finalizes" | "finalized" | "finalizing" | "forge"
        | "forges" | "forged" | "forging" | "establish" | "establishes" | "established"
        | "establishing" | "countersign" | "countersigned" | "adopt" | "adopts" | "adopted"
        | "adopting" => Event::Sign,
        "replace" | "replaces" | "replaced" | "replacing" | "supersede" | "supersedes"
        | "superseded" | "superseding" => Event::Replace,
        "ratify" | "ratifies" | "ratified" | "ratifying" | "join" | "joins" | "joined"
        | "joining" | "rejoin" | "rejoins" | "rejoined" | "rejoining" | "approve" | "approves"
        | "approved" | "approving" | "accede" | "accedes" | "acceded" | "acceding" => Event::Ratify,
        "leave" | "leaves" | "left" | "leaving" | "quit" | "quits" | "quitting" | "exit"
        | "exits" | "exited" | "exiting" | "abandon" | "abandons" | "abandoned" | "abandoning"
        | "scrap" | "scraps" | "scrapped" | "scrapping" | "revoke" | "revokes" | "revoked"
        | "revoking" | "denounce" | "denounces" | "denounced" | "denouncing" | "terminate"
        | "terminates" | "terminated" | "terminating" | "suspend" | "suspends" | "suspended"
        | "suspending" | "renounce" | "renounces" | "renounced" | "renouncing" | "ditch"
        | "ditches" | "ditched" | "ditching" | "withdraw" | "withdraws" | "withdrew"
        | "withdrawn" | "withdrawing" | "annul" | "annuls" | "annulled" | "annulling" => {
            Event::Withdraw
        }
        "propose" | "proposes" | "proposed" | "proposing" | "negotiate" | "negotiates"
        | "negotiated" | "negotiating" | "renegotiate" | "renegotiates" | "renegotiated"
        | "renegotiating" | "seek" | "seeks" | "sought" | "seeking" | "pursue" | "pursues"
        | "pursued" | "pursuing" | "discuss" | "discusses" | "discussed" | "discussing"
        | "offer" | "offers" | "offered" | "offering" | "draft" | "drafts" | "drafted"
        | "drafting" => Event::Propose,
        _ => return None,
    })
}

/// `renew` keeps a treaty (mention); `not renew` ends it (withdraw).
#[rustfmt::skip]
pub(crate) const RENEW: &[&str] = &[
    "renew", "renews", "renewed", "renewing", "extend",
];

/// `join` after these (`applied to join`) is a proposal, not an accession.
#[rustfmt::skip]
pub(crate) const APPLY: &[&str] = &[
    "apply", "applies", "applied", "applying", "bid", "bids", "seek", "seeks", "sought",
    "seeking", "wants", "want", "wanted", "hopes", "hope", "hoped", "aims", "aim", "aimed",
    "plans", "plan", "planned", "application",
];

/// `tear up`, `pull out of`, `walk away from`, `back out of`, `opt out of`: withdrawal.
#[rustfmt::skip]
pub(crate) const WITHDRAW_VERBS: &[&str] = &[
    "withdraw", "withdraws", "withdrew", "withdrawn", "withdrawing", "withdrawal", "pull",
    "pulls", "pulled", "pulling", "walk", "walks", "walked", "walking", "back", "backed", "opt",
    "opts", "opted", "exit", "exits", "exited", "retreat", "retreated", "tear", "tears", "tore",
    "torn", "quit", "quits",
];

/// Nouns before `of` and the event they give (`ratification of`, `the signing of`).
pub(crate) fn noun_before_of(word: &str) -> Option<Event> {
    Some(match word {
        "ratification" | "ratifying" => Event::Ratify,
        "signing" | "signature" | "conclusion" => Event::Sign,
        "withdrawal" | "exit" | "termination" | "suspension" | "abrogation" | "denunciation"
        | "non-renewal" | "revocation" | "withdrawing" => Event::Withdraw,
        "possibility" | "prospect" | "prospects" | "negotiation" | "negotiations" | "proposal"
        | "draft" | "drafting" => Event::Propose,
        "replacement" => Event::Replace,
        _ => return None,
    })
}

/// Nouns before `on` / `for` / `over` that make the treaty a proposal (`talks on a pact`).
#[rustfmt::skip]
pub(crate) const PROPOSAL_NOUNS: &[&str] = &[
    "talks", "negotiations", "negotiating", "negotiate", "work", "working", "push", "pushed",
    "pushing", "pushes", "calls", "called", "call", "proposal", "proposals", "plans", "plan",
    "bid", "pressing", "pressed", "press", "discussions", "consultations", "efforts", "agitate",
];

/// Verbs whose relative clause names the parties: `which Moscow and Pyongyang concluded`.
#[rustfmt::skip]
pub(crate) const SIGN_VERBS: &[&str] = &[
    "signed", "concluded", "agreed", "adopted", "sealed", "reached", "inked", "struck",
    "negotiated", "finalised", "finalized", "forged", "established", "sign", "signs",
    "conclude",
];

/// Verbs whose relative clause lists the members: `which groups the 10 members of ASEAN with ...`.
#[rustfmt::skip]
pub(crate) const MEMBERSHIP_VERBS: &[&str] = &[
    "groups", "group", "grouped", "includes", "included", "unites", "united", "links", "linked",
    "comprises", "gathers", "binds", "covers", "brings", "brought",
];

/// Auxiliaries of a passive (`was signed`, `has been ratified`).
#[rustfmt::skip]
pub(crate) const PASSIVE_AUX: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being",
];

/// Pre-modifiers that make an agreement one between states (`trade deal`, `defence pact`).
#[rustfmt::skip]
pub(crate) const STATE_MODIFIERS: &[&str] = &[
    "trade", "free", "free-trade", "fta", "defence", "defense", "security", "nuclear", "peace",
    "arms", "arms-control", "ceasefire", "cease-fire", "truce", "armistice", "border",
    "bilateral", "trilateral", "multilateral", "intergovernmental", "inter-governmental",
    "government-to-government", "international", "accession", "association", "strategic",
    "military", "mutual", "cooperation", "co-operation", "partnership", "climate", "friendship",
    "non-aggression", "investment", "extradition", "fisheries", "maritime", "grain", "brexit",
    "withdrawal", "readmission", "migration", "visa", "denuclearisation", "denuclearization",
    "disarmament", "non-proliferation", "test-ban", "economic", "tariff", "customs",
    "neighbourliness", "neighborliness", "alliance", "stabilisation", "stabilization",
    "reconciliation", "normalisation", "normalization", "double-taxation", "taxation",
    "preferential", "aviation", "air-services", "swap", "currency-swap", "prisoner-swap",
    "hostage", "energy", "gas-transit", "transit", "basing", "status-of-forces",
    "intergovernment",
];

/// State modifiers that companies use too: in a sentence about companies they are no evidence.
#[rustfmt::skip]
pub(crate) const WEAK_STATE_MODIFIERS: &[&str] = &[
    "cooperation", "co-operation", "partnership", "investment", "energy", "economic",
    "strategic", "international", "maritime", "aviation", "transit", "swap", "currency-swap",
    "tariff", "customs", "fisheries", "grain", "mutual", "air-services",
];

/// Nouns after a demonym that make it stand for its state (`Russian President`, `Chinese
/// officials`); after other nouns it describes a company or people (`Japanese car maker`).
#[rustfmt::skip]
pub(crate) const STATE_NOUNS: &[&str] = &[
    "president", "prime", "minister", "ministers", "premier", "government", "governments",
    "authorities", "officials", "official", "leader", "leaders", "leadership", "side", "state",
    "delegation", "diplomats", "diplomat", "regime", "foreign", "defence", "defense", "trade",
    "chancellor", "king", "counterpart", "counterparts", "navy", "army", "military",
    "parliament", "negotiators", "envoy", "ambassador", "administration", "cabinet", "embassy",
    "ministry", "nationals", "citizens", "people", "head", "deputy", "vice", "secretary",
    "spokesman", "spokeswoman", "junta", "finance", "economy", "economics",
];

/// Nouns after a state's name or demonym that make it describe a company, team or industry
/// (`US oil giant`, `Japanese car maker`, `UK Athletics`): not a party.
#[rustfmt::skip]
pub(crate) const COMPANY_NOUNS: &[&str] = &[
    "firm", "firms", "company", "companies", "group", "giant", "giants", "unit", "subsidiary",
    "carmaker", "car", "maker", "makers", "producer", "producers", "bank", "banks", "airline",
    "airlines", "operator", "retailer", "business", "businesses", "conglomerate", "oil", "gas",
    "energy", "telecom", "telecoms", "chipmaker", "chipmakers", "mining", "miner", "brewer",
    "lender", "lenders", "insurer", "investor", "investors", "fund", "manufacturer",
    "manufacturers", "supplier", "suppliers", "exporter", "exporters", "importer",
    "shipbuilder", "club", "clubs", "team", "league", "athletics", "football", "rugby",
    "tennis", "cricket", "media", "television", "broadcaster", "newspaper", "studio", "label",
    "industry", "rival", "rivals", "partner", "steelmaker", "automaker", "refiner", "utility",
    "operators", "holding",
];

/// Pre-modifiers of commercial, sporting and private deals: never a treaty.
#[rustfmt::skip]
pub(crate) const BUSINESS_MODIFIERS: &[&str] = &[
    "licensing", "licence", "license", "sponsorship", "sponsor", "merger", "takeover",
    "acquisition", "buyout", "distribution", "marketing", "advertising", "broadcasting",
    "broadcast", "tv", "television", "rights", "record", "recording", "publishing", "book",
    "film", "movie", "music", "kit", "shirt", "boot", "transfer", "lease", "leasing",
    "purchase", "sales", "service", "services", "outsourcing", "franchise", "joint-venture",
    "shareholder", "shareholders", "stock", "share", "shares", "credit", "plea", "pay", "wage",
    "wages", "salary", "pension", "employment", "contract", "commercial", "naming",
    "standstill", "collective", "bargaining", "non-disclosure", "nondisclosure",
    "confidentiality", "prenuptial", "rental", "tenancy", "insurance", "mortgage",
    "refinancing", "codeshare", "code-share", "roaming", "streaming", "content", "endorsement",
    "image", "option", "loan", "settlement", "player", "players", "club", "studio", "label",
    "labor", "labour", "union", "merger-agreement", "master", "operating", "subscription",
    "underwriting", "facility", "asset", "supply", "offtake", "takeover-agreement",
    "contractual", "distribution-agreement", "publishing-deal", "record-deal", "multi-year",
    "multiyear", "two-year", "three-year", "four-year", "five-year", "one-year", "lucrative",
    "repurchase", "repo", "definitive", "rescue", "media", "concession", "venture", "dollar",
    "dlr", "dlrs", "dollars", "yen", "euro", "euros", "pound", "pounds", "billion", "million",
    "mln", "bln", "bn", "acquisition-agreement", "buy-out", "severance", "non-compete",
];

/// Idiomatic modifiers of `deal` and `accord` that are not agreements (`a great deal`,
/// `its own accord`).
#[rustfmt::skip]
pub(crate) const IDIOM_MODIFIERS: &[&str] = &[
    "great", "good", "big", "raw", "real", "own", "fair", "whole", "done",
];

/// Modifiers of `convention` in the sense of a gathering (`the annual convention`).
#[rustfmt::skip]
pub(crate) const GATHERING_MODIFIERS: &[&str] = &[
    "association", "annual", "party", "industry", "national", "republican", "democratic",
    "labour", "labor", "constitutional", "comic", "fan", "sales", "nominating", "state",
    "biennial", "convention", "delegates",
];

/// Level words a generic `partnership` needs to count (`a strategic partnership`).
#[rustfmt::skip]
pub(crate) const PARTNERSHIP_LEVELS: &[&str] = &[
    "strategic", "comprehensive", "privileged", "all-weather", "all-round", "all-encompassing",
];

/// Words after a head noun that make the head a modifier (`treaty obligations`).
#[rustfmt::skip]
pub(crate) const HEAD_AS_MODIFIER: &[&str] = &[
    "talks", "negotiations", "negotiators", "obligations", "partners", "partner", "members",
    "member", "signatories", "signatory", "terms", "text", "provisions", "commitments",
    "violations", "violation", "rules", "limits", "allies", "ally", "status", "framework",
    "deadline", "compliance", "breaker", "breakers", "maker", "makers", "making", "proposal",
    "proposals", "negotiation", "partnership", "organization", "organisation", "countries",
    "nations", "states", "parties", "body", "bodies", "secretariat", "regime", "system",
    "architecture", "process", "review", "conference", "ally",
];

/// Words in a treaty's clause that show it is not between states (`the opposition signed`).
#[rustfmt::skip]
pub(crate) const NON_STATE_PARTIES: &[&str] = &[
    "opposition", "rebels", "rebel", "insurgents", "militants", "militia", "militias",
    "guerrillas", "guerrilla", "unions", "union", "workers", "employers", "company",
    "companies", "firm", "firms", "club", "clubs", "players", "studio", "studios",
    "shareholders", "management", "lenders", "airline", "airlines", "carmaker", "carmakers",
    "retailer", "retailers", "broadcaster", "broadcasters", "insurer", "insurers", "bank",
    "banks", "striker", "midfielder", "defender", "goalkeeper", "manager", "coach",
    "businessmen", "creditors", "investors", "seamen", "strikers", "developers", "contractor",
    "contractors",
];

/// Words that only count as corporate cues in lower case or as the abbreviations above.
#[rustfmt::skip]
pub(crate) const CORPORATE_CUES_STRICT: &[&str] = &[
    "inc", "corp", "ltd", "plc", "llc", "company", "companies", "firm", "firms", "shares",
    "stake", "merger", "takeover", "acquisition", "shareholders", "subsidiary", "ceo", "brand",
    "airline", "airlines", "bank", "studio", "club", "revenue", "profit", "profits", "carmaker",
    "retailer", "broadcaster", "sponsor", "sponsorship",
];

/// Words after a mention that give it a money value (`a deal worth $5bn`): a commercial deal.
#[rustfmt::skip]
pub(crate) const VALUE_WORDS: &[&str] = &[
    "worth", "valued", "costing", "priced",
];

/// Modifiers that keep a valued agreement a treaty (`intergovernmental agreement valued at`).
#[rustfmt::skip]
pub(crate) const GOVERNMENT_MODIFIERS: &[&str] = &[
    "intergovernmental", "inter-governmental", "government-to-government", "intergovernment",
    "bilateral", "state",
];

/// Phrases that stand for the parties named elsewhere in the sentence (`the two sides`).
#[rustfmt::skip]
pub(crate) const SIDES: &[&str] = &[
    "sides", "countries", "nations", "leaders", "governments", "states", "presidents",
    "neighbours", "neighbors", "capitals", "allies",
];

/// Titles and words between `with` and an actor (`with leader Kim Jong Un`).
#[rustfmt::skip]
pub(crate) const TITLES: &[&str] = &[
    "the", "its", "their", "his", "her", "leader", "president", "prime", "minister", "premier",
    "chancellor", "king", "queen", "emperor", "counterpart", "foreign", "defence", "defense",
    "trade", "secretary", "state", "government", "of", "then", "new", "former", "supreme",
    "crown", "prince", "sultan", "emir", "sheikh", "general", "top", "envoy", "officials",
    "authorities", "administration", "regime", "chairman", "head", "vice",
];

/// Words that start a clause of their own; a comma before them ends the previous clause.
#[rustfmt::skip]
pub(crate) const CLAUSE_OPENERS_AFTER_COMMA: &[&str] = &[
    "and", "but", "or", "while", "whereas", "which", "who", "whom", "whose", "where", "when",
    "although", "though", "because", "since", "as", "after", "before", "until", "unless", "if",
    "so", "yet", "nor", "then",
];

/// Subordinators that start a clause even without a comma.
#[rustfmt::skip]
pub(crate) const SUBORDINATORS: &[&str] = &[
    "since", "because", "although", "though", "whereas", "unless", "while", "after", "before",
    "until", "when", "whether", "if",
];

/// `-ing` words that are prepositions, not participial clauses (`during a visit`).
#[rustfmt::skip]
pub(crate) const ING_PREPOSITIONS: &[&str] = &[
    "during", "including", "according", "regarding", "concerning", "following",
    "notwithstanding", "pending", "excluding", "considering", "barring", "bring", "king",
    "spring", "morning", "evening", "something", "nothing", "anything", "everything", "thing",
    "things", "beijing", "nanjing", "chongqing", "during",
];

/// Reporting verbs: a clause reporting speech ends before what is reported.
#[rustfmt::skip]
pub(crate) const REPORTING_VERBS: &[&str] = &[
    "said", "says", "say", "stated", "added", "noted", "reported", "claimed", "insisted",
    "argued", "argue", "argues", "believe", "believes", "think", "thinks", "warned",
];

/// Words before a year that date something other than the treaty's event or signing
/// (`due to expire in 2026`, `took effect in 2022`).
#[rustfmt::skip]
pub(crate) const NOT_THE_YEAR: &[&str] = &[
    "expire", "expires", "expired", "expiring", "expiry", "lapse", "lapses", "lapsed", "until",
    "till", "effect", "force", "renew", "renews", "renewed", "renewal", "by", "since", "from",
    "through", "between", "before", "after", "deadline", "end", "ends", "ended", "runs", "run",
    "valid", "last", "beyond", "automatically",
];

/// Months, for years written as `in March 2019`.
#[rustfmt::skip]
pub(crate) const MONTHS: &[&str] = &[
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
];

/// Weekdays: `Agreement on Tuesday` does not continue a name.
#[rustfmt::skip]
pub(crate) const WEEKDAYS: &[&str] = &[
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
];

/// Capitalised function words that never belong to a treaty's name.
#[rustfmt::skip]
pub(crate) const NOT_NAME_WORDS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our",
    "in", "on", "at", "under", "after", "before", "since", "with", "by", "for", "from", "to",
    "of", "and", "or", "but", "as", "if", "when", "while", "despite", "alongside", "about",
    "during", "without", "why", "how", "what", "who", "which", "where", "it", "they", "we",
    "he", "she", "i", "mr", "mrs", "ms", "dr", "president", "prime", "minister", "analysis",
    "update", "exclusive", "factbox", "explainer", "new", "old", "last", "first", "latest",
    "landmark", "historic", "proposed", "draft", "signed", "so-called",
];

/// Connectors allowed inside a head-first name (`Treaty on the Non-Proliferation of ...`).
#[rustfmt::skip]
pub(crate) const NAME_CONNECTORS: &[&str] = &[
    "of", "on", "for", "the", "and", "their", "its", "against", "concerning", "between", "&",
];

/// Connectors that may follow the head of a name (`Convention on ...`, `Treaty of Paris`).
#[rustfmt::skip]
pub(crate) const NAME_OPENERS: &[&str] = &[
    "of", "on", "for", "against", "concerning",
];
