//! The values of the `kind` and `event` attributes.

use serde::Deserialize;

/// What sort of instrument a mention is, from its head noun (`kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Treaty, and protocol or charter.
    Treaty,
    /// Agreement, deal, plan of action.
    Agreement,
    /// Pact.
    Pact,
    /// A formal partnership (`strategic partnership`, `Regional Comprehensive Economic Partnership`).
    Partnership,
    /// Accord.
    Accord,
    /// Convention.
    Convention,
    /// Memorandum (of understanding), MoU.
    Memorandum,
}

impl Kind {
    /// Every kind, in the order of the guidelines.
    pub const ALL: [Kind; 7] = [
        Kind::Treaty,
        Kind::Agreement,
        Kind::Pact,
        Kind::Partnership,
        Kind::Accord,
        Kind::Convention,
        Kind::Memorandum,
    ];

    /// The attribute value: `treaty`, `agreement`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Treaty => "treaty",
            Kind::Agreement => "agreement",
            Kind::Pact => "pact",
            Kind::Partnership => "partnership",
            Kind::Accord => "accord",
            Kind::Convention => "convention",
            Kind::Memorandum => "memorandum",
        }
    }

    /// The kind named `name` (its attribute value).
    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// What the sentence says happens to the treaty (`event`), from the predicate governing it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Event {
    /// Signed, concluded, reached, sealed, agreed.
    Sign,
    /// Replaces or is replaced.
    Replace,
    /// Ratified, joined, acceded to.
    Ratify,
    /// Withdrawn from, left, suspended, not renewed.
    Withdraw,
    /// Proposed, negotiated, applied to join.
    Propose,
    /// Anything else: in force, described, kept, expiring.
    Mention,
}

impl Event {
    /// The attribute value: `sign`, `replace`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            Event::Sign => "sign",
            Event::Replace => "replace",
            Event::Ratify => "ratify",
            Event::Withdraw => "withdraw",
            Event::Propose => "propose",
            Event::Mention => "mention",
        }
    }

    /// The event named `name` (its attribute value).
    pub fn parse(name: &str) -> Option<Event> {
        [
            Event::Sign,
            Event::Replace,
            Event::Ratify,
            Event::Withdraw,
            Event::Propose,
            Event::Mention,
        ]
        .into_iter()
        .find(|e| e.as_str() == name)
    }

    /// The CAMEO code of the event: `057` (sign formal agreement) for signing, else none.
    pub fn cameo(self) -> Option<&'static str> {
        (self == Event::Sign).then_some("057")
    }
}
