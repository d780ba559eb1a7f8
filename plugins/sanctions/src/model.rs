//! The values a sanction span carries: its `action` and `instrument`, with their attribute
//! strings and CAMEO codes (guidelines §3.3, §3.5, §3.6).

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
    /// Every action, in the order of the guidelines' table.
    pub const ALL: [Action; 8] = [
        Action::Impose,
        Action::Extend,
        Action::Lift,
        Action::Veto,
        Action::Monitor,
        Action::Evade,
        Action::Threaten,
        Action::Mention,
    ];

    /// The action whose attribute value is `s`.
    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == s)
    }

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
    /// Every instrument.
    pub const ALL: [Instrument; 6] = [
        Instrument::Sanctions,
        Instrument::Embargo,
        Instrument::AssetFreeze,
        Instrument::ExportBan,
        Instrument::Blacklist,
        Instrument::TravelBan,
    ];

    /// The instrument whose attribute value is `s`.
    pub fn parse(s: &str) -> Option<Instrument> {
        Instrument::ALL.into_iter().find(|i| i.as_str() == s)
    }

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip() {
        for action in Action::ALL {
            assert_eq!(Action::parse(action.as_str()), Some(action));
        }
        for instrument in Instrument::ALL {
            assert_eq!(Instrument::parse(instrument.as_str()), Some(instrument));
        }
        assert_eq!(Action::parse("sanction"), None);
    }
}
