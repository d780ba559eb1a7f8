//! Unit tests: sentences with actor annotations from a small lexicon (the `actors` plugin
//! cannot be linked into this test binary: both libraries export the plugin entry symbol).

use marginalia_core::{AttrValue, Config, Document, Emitter, Plugin};

use super::*;

/// A few actors, as the `actors` plugin tags them: term, id, kind.
const ACTORS: &[(&str, &str, &str)] = &[
    ("Russia", "RUS", "country"),
    ("Russian", "RUS", "demonym"),
    ("Moscow", "RUS", "capital"),
    ("Kremlin", "RUS", "government"),
    ("Putin", "RUS", "leader"),
    ("Vladimir Putin", "RUS", "leader"),
    ("North Korea", "PRK", "country"),
    ("Pyongyang", "PRK", "capital"),
    ("Kim Jong Un", "PRK", "leader"),
    ("Kim", "PRK", "leader"),
    ("Vietnam", "VNM", "country"),
    ("Hanoi", "VNM", "capital"),
    ("United States", "USA", "country"),
    ("U.S.", "USA", "country"),
    ("US", "USA", "country"),
    ("Washington", "USA", "capital"),
    ("Trump", "USA", "leader"),
    ("Britain", "GBR", "country"),
    ("UK", "GBR", "country"),
    ("London", "GBR", "capital"),
    ("India", "IND", "country"),
    ("China", "CHN", "country"),
    ("Beijing", "CHN", "capital"),
    ("Chinese", "CHN", "demonym"),
    ("Japan", "JPN", "country"),
    ("Australia", "AUS", "country"),
    ("Ukraine", "UKR", "country"),
    ("Minsk", "BLR", "capital"),
    ("Iran", "IRN", "country"),
    ("Mexico", "MEX", "country"),
    ("Canada", "CAN", "country"),
    ("Paris", "FRA", "capital"),
    ("France", "FRA", "country"),
    ("Germany", "DEU", "country"),
    ("Italy", "ITA", "country"),
    ("Sweden", "SWE", "country"),
    ("Turkey", "TUR", "country"),
    ("Hungary", "HUN", "country"),
    ("Vienna", "AUT", "capital"),
    ("NATO", "NATO", "organization"),
    ("ASEAN", "ASEAN", "organization"),
    ("EU", "EU", "organization"),
    ("UN Security Council", "UN", "organization"),
    ("Venezuela", "VEN", "country"),
    ("Maduro", "VEN", "leader"),
];

/// The treaty spans of `text` as `(covered text, attributes)`.
fn treaties_with(plugin: &Treaties, text: &str) -> Vec<(String, Attrs)> {
    let lexicon = Lexicon::new(
        Case::AsWrittenOrUpper,
        ACTORS.iter().map(|&(term, id, kind)| (term, (id, kind))),
    )
    .unwrap();
    let actors: Vec<marginalia_core::Annotation> = lexicon
        .find_all(text)
        .into_iter()
        .map(|m| marginalia_core::Annotation {
            label: "actor".into(),
            start: m.range.start,
            end: m.range.end,
            text: text[m.range.clone()].into(),
            plugin: "actors".into(),
            attrs: Attrs::new().with("id", m.value.0).with("kind", m.value.1),
        })
        .collect();
    let mut spans = Vec::new();
    plugin
        .annotate(
            &Document::new("test", text, &actors),
            &mut Emitter::collect_into(&mut spans),
        )
        .unwrap();
    spans
        .into_iter()
        .map(|s| {
            assert_eq!(s.label, LABEL);
            (text[s.start..s.end].to_owned(), s.attrs)
        })
        .collect()
}

fn treaties(text: &str) -> Vec<(String, Attrs)> {
    treaties_with(&Treaties::new(&Config::default()).unwrap(), text)
}

/// The covered texts only.
fn spans(text: &str) -> Vec<String> {
    treaties(text).into_iter().map(|(t, _)| t).collect()
}

/// The one treaty of `text`, with its attributes as `key=value` strings (lists as `A,B`).
fn one(text: &str) -> (String, Vec<String>) {
    let found = treaties(text);
    assert_eq!(found.len(), 1, "{text:?}: {found:?}");
    let (span, attrs) = found.into_iter().next().unwrap();
    let attrs = attrs
        .iter()
        .map(|(k, v)| match v {
            AttrValue::List(items) => {
                let items: Vec<String> = items
                    .iter()
                    .map(|i| i.as_str().unwrap().to_owned())
                    .collect();
                format!("{k}={}", items.join(","))
            }
            AttrValue::Str(s) => format!("{k}={s}"),
            other => format!("{k}={other}"),
        })
        .collect();
    (span, attrs)
}

fn check(text: &str, span: &str, attrs: &[&str]) {
    let (found, found_attrs) = one(text);
    assert_eq!(found, span, "{text:?}");
    assert_eq!(found_attrs, attrs, "{text:?}");
}

#[test]
fn long_names_with_commas_and_and() {
    check(
        "The document takes the place of the Friendship, Cooperation, and Good Neighborliness Treaty, which Moscow and Pyongyang concluded in 2000.",
        "Friendship, Cooperation, and Good Neighborliness Treaty",
        &[
            "event=replace",
            "kind=treaty",
            "name=Friendship, Cooperation, and Good Neighborliness Treaty",
            "parties=RUS,PRK",
            "year=2000",
        ],
    );
    check(
        "The Convention on the Prohibition of the Development, Production, Stockpiling and Use of Chemical Weapons and on their Destruction, signed in Paris in 1993, has 193 member states.",
        "Convention on the Prohibition of the Development, Production, Stockpiling and Use of Chemical Weapons and on their Destruction",
        &[
            "event=mention",
            "kind=convention",
            "name=Convention on the Prohibition of the Development, Production, Stockpiling and Use of Chemical Weapons and on their Destruction",
            "year=1993",
        ],
    );
}

#[test]
fn names_by_their_shape() {
    check(
        "Washington left the Intermediate-Range Nuclear Forces Treaty in 2019, accusing Russia of violating it.",
        "Intermediate-Range Nuclear Forces Treaty",
        &[
            "event=withdraw",
            "kind=treaty",
            "name=Intermediate-Range Nuclear Forces Treaty",
            "parties=USA",
            "year=2019",
        ],
    );
    check(
        "The Treaty on the Non-Proliferation of Nuclear Weapons remains in force.",
        "Treaty on the Non-Proliferation of Nuclear Weapons",
        &[
            "event=mention",
            "kind=treaty",
            "name=Treaty on the Non-Proliferation of Nuclear Weapons",
        ],
    );
    check(
        "Nearly 200 countries adopted the Paris Agreement in 2015.",
        "Paris Agreement",
        &[
            "cameo=057",
            "event=sign",
            "kind=agreement",
            "name=Paris Agreement",
            "year=2015",
        ],
    );
    check(
        "The United States withdrew from the Paris Agreement on Tuesday.",
        "Paris Agreement",
        &[
            "event=withdraw",
            "kind=agreement",
            "name=Paris Agreement",
            "parties=USA",
        ],
    );
    check(
        "Washington and Moscow quit the INF Treaty.",
        "INF Treaty",
        &[
            "event=withdraw",
            "kind=treaty",
            "name=INF Treaty",
            "parties=USA,RUS",
        ],
    );
    check(
        "Britain opted out of part of the European Convention on Human Rights concerning detention.",
        "European Convention on Human Rights",
        &[
            "event=mention",
            "kind=convention",
            "name=European Convention on Human Rights",
        ],
    );
    check(
        "Japan will ratify the 1986 International Cocoa Agreement.",
        "International Cocoa Agreement",
        &[
            "event=ratify",
            "kind=agreement",
            "name=International Cocoa Agreement",
            "parties=JPN",
            "year=1986",
        ],
    );
    check(
        "Critics attacked the Good Friday Agreement.",
        "Good Friday Agreement",
        &[
            "event=mention",
            "kind=agreement",
            "name=Good Friday Agreement",
        ],
    );
}

#[test]
fn more_names() {
    let names = spans(
        "Mexico signed the U.S.-Mexico-Canada Agreement, quit the Treaty of Versailles, joined \
         the Abraham Accords and the Geneva Conventions, and cited the Kyoto Protocol, Article 5 \
         of the North Atlantic Treaty, the Chemical Weapons Convention (CWC) and the UN Charter.",
    );
    assert_eq!(
        names,
        [
            "U.S.-Mexico-Canada Agreement",
            "Treaty of Versailles",
            "Abraham Accords",
            "Geneva Conventions",
            "Kyoto Protocol",
            "North Atlantic Treaty",
            "Chemical Weapons Convention",
            "CWC",
            "UN Charter",
        ]
    );
    let kinds: Vec<String> =
        treaties("Russia cited the Kyoto Protocol and the Geneva Conventions.")
            .into_iter()
            .map(|(_, a)| a.get_str("kind").unwrap().to_owned())
            .collect();
    assert_eq!(kinds, ["treaty", "convention"]);
}

#[test]
fn acronyms_and_short_names_from_the_lexicon() {
    check(
        "Moscow suspended its participation in New START in February 2023.",
        "New START",
        &[
            "event=withdraw",
            "kind=treaty",
            "name=New START",
            "parties=RUS",
            "year=2023",
        ],
    );
    check(
        "China has applied to join the CPTPP.",
        "CPTPP",
        &[
            "event=propose",
            "kind=agreement",
            "name=CPTPP",
            "parties=CHN",
        ],
    );
    check(
        "Mexico ratified the USMCA in 2019.",
        "USMCA",
        &[
            "event=ratify",
            "kind=agreement",
            "name=USMCA",
            "parties=MEX",
            "year=2019",
        ],
    );
    check(
        "Russia and Ukraine signed the Minsk agreements in 2015.",
        "Minsk agreements",
        &[
            "cameo=057",
            "event=sign",
            "kind=agreement",
            "name=Minsk agreements",
            "parties=RUS,UKR",
            "year=2015",
        ],
    );
    check(
        "RCEP took effect in 2022.",
        "RCEP",
        &["event=mention", "kind=partnership", "name=RCEP"],
    );
    assert_eq!(
        spans("Trump threatened to tear up NAFTA and the JCPOA."),
        ["NAFTA", "JCPOA"]
    );
}

#[test]
fn an_alias_shares_the_names_attributes() {
    let found = treaties(
        "Moscow suspended its participation in the Treaty on Measures for the Further Reduction and Limitation of Strategic Offensive Arms, better known as New START, in February 2023.",
    );
    assert_eq!(found.len(), 2);
    assert_eq!(found[1].0, "New START");
    for (_, attrs) in &found {
        assert_eq!(attrs.get_str("event"), Some("withdraw"));
        assert_eq!(attrs.get("year"), Some(&AttrValue::Int(2023)));
        assert_eq!(attrs.get("parties"), Some(&AttrValue::from(vec!["RUS"])));
    }
}

#[test]
fn generic_agreements_with_counts() {
    assert_eq!(
        one("The yen held steady since the February 22 trade accord with China.").0,
        "the February 22 trade accord"
    );
    check(
        "Putin and Tô Lâm ended the talks with the two sides signing 11 cooperation agreements.",
        "11 cooperation agreements",
        &[
            "cameo=057",
            "count=11",
            "event=sign",
            "kind=agreement",
            "parties=RUS",
        ],
    );
    check(
        "Putin met Kim, and the two leaders signed two accords.",
        "two accords",
        &[
            "cameo=057",
            "count=2",
            "event=sign",
            "kind=accord",
            "parties=RUS,PRK",
        ],
    );
    check(
        "Russian President Vladimir Putin signed a comprehensive strategic partnership agreement with leader Kim Jong Un.",
        "a comprehensive strategic partnership agreement",
        &[
            "cameo=057",
            "event=sign",
            "kind=agreement",
            "parties=RUS,PRK",
        ],
    );
    check(
        "Japan and Australia signed a defense pact on Friday.",
        "a defense pact",
        &["cameo=057", "event=sign", "kind=pact", "parties=JPN,AUS"],
    );
    check(
        "France and Germany broke the EU's growth and stability pact in 2003.",
        "growth and stability pact",
        &["event=mention", "kind=pact", "parties=EU"],
    );
    check(
        "Britain and India signed a free-trade agreement.",
        "a free-trade agreement",
        &[
            "cameo=057",
            "event=sign",
            "kind=agreement",
            "parties=GBR,IND",
        ],
    );
}

#[test]
fn memoranda_and_partnerships() {
    check(
        "Italy told China it will not renew the memorandum of understanding that made it a member.",
        "the memorandum of understanding",
        &["event=withdraw", "kind=memorandum", "parties=ITA,CHN"],
    );
    check(
        "Vietnam and India signed an MoU on defence.",
        "an MoU",
        &[
            "cameo=057",
            "event=sign",
            "kind=memorandum",
            "parties=VNM,IND",
        ],
    );
    check(
        "Russia was the first country with which Hanoi signed a strategic partnership, in 2001.",
        "a strategic partnership",
        &[
            "cameo=057",
            "event=sign",
            "kind=partnership",
            "parties=RUS,VNM",
            "year=2001",
        ],
    );
    assert_eq!(
        spans("Russia and North Korea deepened their military partnership."),
        Vec::<String>::new()
    );
}

#[test]
fn events_from_the_governing_predicate() {
    let event = |text: &str| {
        one(text)
            .1
            .into_iter()
            .find(|a| a.starts_with("event="))
            .unwrap()
    };
    assert_eq!(
        event("Turkey voted to ratify Sweden’s accession protocol."),
        "event=ratify"
    );
    assert_eq!(event("Britain joins Pacific trade pact."), "event=ratify");
    assert_eq!(
        event("Britain became a full member of the CPTPP."),
        "event=ratify"
    );
    assert_eq!(
        event("Russia revoked its ratification of the CTBT."),
        "event=withdraw"
    );
    assert_eq!(
        event("Trump withdrew the United States from the Iran nuclear deal."),
        "event=withdraw"
    );
    assert_eq!(
        event("Iran and the EU held talks on a new nuclear deal."),
        "event=propose"
    );
    assert_eq!(
        event("The pact was signed by Russia and North Korea in June."),
        "event=sign"
    );
    assert_eq!(event("The new pact replaces the NPT."), "event=replace");
    assert_eq!(event("Russia and China agreed a trade deal."), "event=sign");
    assert_eq!(
        event("Washington never ratified the CTBT."),
        "event=mention"
    );
    assert_eq!(
        event("Under the CTBT, Russia cannot test."),
        "event=mention"
    );
}

#[test]
fn not_treaties() {
    for text in [
        "The resolution is not a peace treaty.",
        "He said he was not in agreement with the ruling.",
        "The UN Security Council adopted a resolution calling for a ceasefire.",
        "Both sides agreed that talks should continue.",
        "The two men had a gentleman's agreement.",
        "Guests stayed at the Treaty Hotel on Accord Street.",
        "She drove a Honda Accord to the Accord Hotel.",
        "The club signed a sponsorship deal with Emirates.",
        "Chelsea agreed a pact with the players' union over wages.",
        "The two clubs signed a cooperation pact.",
        "CNN said it reached an agreement with China Central Television.",
        "LAROCHE STARTS BID FOR NECO <NPT> SHARES",
        "Officials met at the annual convention of the Futures Industry Association.",
        "Sony signed a licensing agreement with Microsoft.",
        "A great deal of work remains.",
        "He left of his own accord.",
        "The chapter deals with trade.",
        "The Democratic National Convention opened on Monday.",
        "Venezuela’s government and the opposition signed an agreement in Barbados.",
        "New Delhi agreed to buy jets from Moscow, in a deal worth about $5.43 billion.",
        "It was a landmark agreement.",
        "The move is the latest blow to a system of agreements built up over half a century.",
        "There is no deal yet.",
    ] {
        assert_eq!(spans(text), Vec::<String>::new(), "{text:?}");
    }
    // An organisation named after a treaty is an actor, not a treaty.
    assert_eq!(
        spans("Sweden joined the North Atlantic Treaty Organization."),
        Vec::<String>::new()
    );
}

#[test]
fn anaphors_need_an_earlier_treaty() {
    let text = "Britain and India signed a free trade agreement. The deal still needs approval.";
    assert_eq!(spans(text), ["a free trade agreement", "The deal"]);
    assert_eq!(
        spans("It did not take long for the deal to fray."),
        Vec::<String>::new()
    );
}

#[test]
fn headlines_in_title_case_and_capitals() {
    check(
        "UK And India Sign Trade Deal After Talks",
        "Trade Deal",
        &[
            "cameo=057",
            "event=sign",
            "kind=agreement",
            "parties=GBR,IND",
        ],
    );
    check(
        "U.S., JAPAN SIGN TRADE PACT",
        "TRADE PACT",
        &["cameo=057", "event=sign", "kind=pact", "parties=USA,JPN"],
    );
}

#[test]
fn datelines_and_venues_are_not_parties() {
    check(
        "MOSCOW — Iran and France concluded the JCPOA in Vienna.",
        "JCPOA",
        &[
            "cameo=057",
            "event=sign",
            "kind=agreement",
            "name=JCPOA",
            "parties=IRN,FRA",
        ],
    );
}

#[test]
fn config_adds_and_ignores_names() {
    let config = Config::from_toml_str(
        "extra = [{ term = \"Astana agreement\", kind = \"agreement\" }]\nignore = [\"Paris Agreement\"]",
    )
    .unwrap();
    let plugin = Treaties::new(&config).unwrap();
    let found: Vec<String> = treaties_with(
        &plugin,
        "Russia signed the Astana agreement and the Paris Agreement.",
    )
    .into_iter()
    .map(|(t, _)| t)
    .collect();
    assert_eq!(found, ["Astana agreement"]);
    let bad =
        Config::from_toml_str("extra = [{ term = \"X Pact\", kind = \"alliance\" }]").unwrap();
    assert!(
        Treaties::new(&bad)
            .unwrap_err()
            .to_string()
            .contains("alliance")
    );
    let typo = Config::from_toml_str("ignored = []").unwrap();
    assert!(
        Treaties::new(&typo)
            .unwrap_err()
            .to_string()
            .contains("ignored")
    );
}

#[test]
fn a_name_standing_for_its_organisation_is_not_a_treaty() {
    for text in [
        "GATT WARNS U.S. ON FARM SUBSIDIES",
        "A spokesman of the General Agreement on Tariffs and Trade (GATT) said so.",
        "Washington decided to consult GATT on the subsidies.",
        "Delegates met at the GATT Council in Geneva.",
        "Canada proposed to GATT a freeze on farm subsidies.",
        "The world trade body (GATT) met in Geneva.",
        "GATT AIRCRAFT COMMITTEE TO DISCUSS AIRBUS SUBSIDIES",
        "Japan hoped GATT would find the U.S. at fault.",
        "Australia's delegate to the General Agreement on Tariffs and Trade (GATT) spoke.",
        "It filed complaints to GATT last year.",
        "Reform is an aim of participants in GATT multilateral trade negotiations.",
        "Ministers met for talks within the General Agreement on Tariffs and Trade (GATT) today.",
    ] {
        assert_eq!(spans(text), Vec::<String>::new(), "{text}");
    }
    assert_eq!(
        spans("The subsidies are illegal under the General Agreement on Tariffs and Trade, GATT."),
        ["General Agreement on Tariffs and Trade", "GATT"]
    );
    assert_eq!(spans("Japan breached GATT rules."), ["GATT"]);
}

#[test]
fn config_extends_heads_predicates_and_modifiers() {
    let text = "Russia and China initialled a compact. India signed a royalty trade deal.";
    let plain: Vec<String> = treaties(text).into_iter().map(|(t, _)| t).collect();
    assert_eq!(plain, ["a royalty trade deal"]);
    let config = Config::from_toml_str(
        "heads = [{ term = \"compact\", kind = \"agreement\" }]\n\
         predicates = [{ term = \"initialled\", event = \"sign\" }]\n\
         business_modifiers = [\"royalty\"]\nstate_modifiers = [\"hydrocarbons\"]",
    )
    .unwrap();
    let found = treaties_with(&Treaties::new(&config).unwrap(), text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "a compact");
    assert_eq!(found[0].1.get_str("event"), Some("sign"));
    assert_eq!(found[0].1.get_str("kind"), Some("agreement"));
    let error = |toml: &str| {
        Treaties::new(&Config::from_toml_str(toml).unwrap())
            .unwrap_err()
            .to_string()
    };
    assert!(
        error("heads = [{ term = \"compact\", kind = \"pact\", flags = [\"shiny\"] }]")
            .contains("shiny")
    );
    assert!(error("predicates = [{ term = \"inked\", event = \"mention\" }]").contains("mention"));
    assert!(error("state_modifiers = [\" \"]").contains("empty"));
}

#[test]
fn spans_lie_on_character_boundaries_of_any_text() {
    let texts = [
        "Tô Lâm và Putin ký 11 thỏa thuận — “the pact’s” rules, 北京 agreements",
        "’s ’ , the the treaty",
        "Treaty",
        "",
        "the Treaty of",
        "Treaty on the, and",
        "a, b, and c Treaty",
    ];
    for text in texts {
        for (span, _) in treaties(text) {
            assert!(text.contains(&span));
        }
    }
}
