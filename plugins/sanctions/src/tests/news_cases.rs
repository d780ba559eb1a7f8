//! Cases found while measuring the plugin on real news (written anew, not copied): headline
//! capitals, amounts, passives at a distance, private lists, target lists.

use super::*;

#[test]
fn capitals_of_a_headline_are_no_premodifiers() {
    expect(
        "JAPAN CAN AVOID U.S. SANCTIONS, OFFICIALS SAY",
        &[(
            "U.S. SANCTIONS",
            r#"{"action":"mention","imposer":["USA"],"instrument":"sanctions"}"#,
        )],
    );
}

#[test]
fn amounts_and_planned_measures_are_governed_by_the_verb_before_them() {
    expect(
        "The United States imposed 300 mln dlrs in sanctions on Japan.",
        &[(
            "sanctions",
            r#"{"action":"impose","cameo":"163","imposer":["USA"],"instrument":"sanctions","target":["JPN"]}"#,
        )],
    );
    expect(
        "Tokyo fears Washington imposes its planned trade sanctions on Japan.",
        &[(
            "its planned trade sanctions",
            r#"{"action":"impose","cameo":"163","imposer":["USA"],"instrument":"sanctions","target":["JPN"]}"#,
        )],
    );
}

#[test]
fn passives_across_to_be_and_targets_after_applied_to() {
    expect(
        "The EU embargo on China is likely to be lifted.",
        &[(
            "The EU embargo",
            r#"{"action":"lift","cameo":"085","imposer":["EU"],"instrument":"embargo","target":["CHN"]}"#,
        )],
    );
    expect(
        "He noted arms embargoes applied to China and Myanmar.",
        &[(
            "arms embargoes",
            r#"{"action":"mention","instrument":"embargo","target":["CHN","MMR"]}"#,
        )],
    );
}

#[test]
fn mandatory_sanctions_in_a_vetoed_resolution_and_amounts_after_a_modifier() {
    expect(
        "Britain vetoed a Security Council resolution to impose mandatory sanctions against Syria.",
        &[(
            "mandatory sanctions",
            r#"{"action":"veto","instrument":"sanctions","target":["SYR"]}"#,
        )],
    );
    expect(
        "The United States may lift an additional 84 mln dlrs in trade sanctions against Japan.",
        &[(
            "trade sanctions",
            r#"{"action":"lift","cameo":"085","imposer":["USA"],"instrument":"sanctions","target":["JPN"]}"#,
        )],
    );
}

#[test]
fn private_blacklists_and_sanctions_rules_are_not_measures() {
    none("Banks circulated a black list of borrowers.");
    none("Firms that use blacklists to stop spam saw problems.");
    none("Russia broke the sanctions regulations of its own banks.");
    expect(
        "Washington will call off the sanctions on Japan.",
        &[(
            "the sanctions",
            r#"{"action":"lift","cameo":"085","imposer":["USA"],"instrument":"sanctions","target":["JPN"]}"#,
        )],
    );
}

#[test]
fn a_target_phrase_ends_before_a_comma_and_a_new_clause() {
    expect(
        "Washington may lift sanctions against Japan later this month, Beijing officials said.",
        &[(
            "sanctions",
            r#"{"action":"lift","cameo":"085","imposer":["USA"],"instrument":"sanctions","target":["JPN"]}"#,
        )],
    );
}

#[test]
fn passives_after_since_and_to_be_and_barred_measures() {
    expect(
        "Trade with Iran has fallen since the sanctions were imposed.",
        &[(
            "the sanctions",
            r#"{"action":"impose","cameo":"163","instrument":"sanctions"}"#,
        )],
    );
    expect(
        "He expected the embargo on Cuba to be lifted within months.",
        &[(
            "the embargo",
            r#"{"action":"lift","cameo":"085","instrument":"embargo","target":["CUB"]}"#,
        )],
    );
    expect(
        "Britain will bar sanctions against Syria.",
        &[(
            "sanctions",
            r#"{"action":"veto","instrument":"sanctions","target":["SYR"]}"#,
        )],
    );
}
