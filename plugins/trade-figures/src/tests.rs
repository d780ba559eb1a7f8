//! In-process tests: a table of sentences and the figures expected in them.

use marginalia_core::{AttrValue, Config, Document, Emitter, Plugin};

use super::*;

/// Actor names the tests mark by hand (the real pipeline gets them from the actors plugin).
const ACTORS: &[&str] = &[
    "Russia", "China", "India", "Vietnam", "Poland", "Warsaw", "Moscow", "Beijing", "UK",
    "Britain", "Laos", "Turkey", "Ankara", "Japan", "Germany", "EU", "Ukraine", "Kyiv", "US",
];

fn plugin() -> TradeFigures {
    TradeFigures::new(&Config::default()).unwrap()
}

fn actor_starts(text: &str) -> Vec<usize> {
    let mut starts: Vec<usize> = ACTORS
        .iter()
        .flat_map(|a| text.match_indices(a).map(|(i, _)| i))
        .collect();
    starts.sort_unstable();
    starts
}

fn run(text: &str) -> Vec<Figure> {
    plugin().figures(text, &actor_starts(text))
}

/// Expected: span text, value, unit, qualifier.
type Expected<'a> = (&'a str, f64, &'a str, &'a str);

fn check(text: &str, expected: &[Expected<'_>]) {
    let found = run(text);
    let got: Vec<(String, f64, String, String)> = found
        .iter()
        .map(|f| {
            (
                text[f.range.clone()].to_owned(),
                f.attrs.get("value").and_then(AttrValue::as_f64).unwrap(),
                f.attrs.get_str("unit").unwrap().to_owned(),
                f.attrs.get_str("qualifier").unwrap().to_owned(),
            )
        })
        .collect();
    let want: Vec<(String, f64, String, String)> = expected
        .iter()
        .map(|(s, v, u, q)| (s.to_string(), *v, u.to_string(), q.to_string()))
        .collect();
    assert_eq!(got, want, "in {text:?}");
}

#[test]
fn formats() {
    let table: &[(&str, &[Expected<'_>])] = &[
        (
            "Trade between Russia and Vietnam came to $3.6 billion in 2023.",
            &[("$3.6 billion", 3.6e9, "USD", "exact")],
        ),
        (
            "South Korea's exports to Poland reached US$12.4bn.",
            &[("US$12.4bn", 12.4e9, "USD", "exact")],
        ),
        (
            "Laos imported Russian fertiliser worth USD 2.5 million.",
            &[("USD 2.5 million", 2.5e6, "USD", "exact")],
        ),
        (
            "Goods worth EUR 850 million were exported to Russia.",
            &[("EUR 850 million", 8.5e8, "EUR", "exact")],
        ),
        (
            "EU exports to Russia fell to €850m.",
            &[("€850m", 8.5e8, "EUR", "exact")],
        ),
        (
            "Exports of British cars to India were worth about £400m.",
            &[("about £400m", 4e8, "GBP", "approx")],
        ),
        (
            "Russian exporters received about 1.2 trillion rubles from foreign buyers.",
            &[("about 1.2 trillion rubles", 1.2e12, "RUB", "approx")],
        ),
        (
            "Russian buyers owe Chinese exporters 2.3 billion yuan.",
            &[("2.3 billion yuan", 2.3e9, "CNY", "exact")],
        ),
        (
            "Russian exports of farm goods were worth 500 mln dlrs in December.",
            &[("500 mln dlrs", 5e8, "USD", "exact")],
        ),
        (
            "Britain's trade deficit widened to 1.5 billion stg in May.",
            &[("1.5 billion stg", 1.5e9, "GBP", "exact")],
        ),
        (
            "Japan's exports rose 12 pct in May.",
            &[("12 pct", 12.0, "percent", "exact")],
        ),
        (
            "About 45 per cent of the EU's gas imports came from Russia.",
            &[("About 45 per cent", 45.0, "percent", "approx")],
        ),
        (
            "China accounts for 45 percent of Laos's foreign trade.",
            &[("45 percent", 45.0, "percent", "exact")],
        ),
        (
            "China accounts for 80%-90% of North Korea's foreign trade.",
            &[("80%-90%", 80.0, "percent", "approx")],
        ),
        (
            "China accounts for 80-90% of North Korea's foreign trade.",
            &[("80-90%", 80.0, "percent", "approx")],
        ),
        (
            "Russian suppliers account for nearly 80% of Vietnam's arms imports.",
            &[("nearly 80%", 80.0, "percent", "approx")],
        ),
        (
            "India spent more than $5 billion a month on Russian oil imports.",
            &[("more than $5 billion", 5e9, "USD", "over")],
        ),
        (
            "Germany exported about 3 billion dollars of machinery to China.",
            &[("about 3 billion dollars", 3e9, "USD", "approx")],
        ),
        (
            "Ukraine's grain exports are worth between $2 billion and $3 billion a year.",
            &[("$2 billion and $3 billion", 2e9, "USD", "approx")],
        ),
        (
            "Ukraine's grain exports are worth $2-3 billion a year.",
            &[("$2-3 billion", 2e9, "USD", "approx")],
        ),
        (
            "India signed a deal with Russia for Rs 500 crore of exports.",
            &[("Rs 500 crore", 5e9, "INR", "exact")],
        ),
        (
            "Japan's exports to China rose to 2.5 trillion yen.",
            &[("2.5 trillion yen", 2.5e12, "JPY", "exact")],
        ),
        (
            "CHINA-RUSSIA TRADE HITS RECORD 240 BLN DLRS IN 2023",
            &[("240 BLN DLRS", 2.4e11, "USD", "exact")],
        ),
        (
            "Turkey's imports from Russia were less than 5 pct of the total imports.",
            &[("less than 5 pct", 5.0, "percent", "under")],
        ),
        (
            "Russia agreed to supply arms to India in a deal worth an estimated $8.6 billion.",
            &[("an estimated $8.6 billion", 8.6e9, "USD", "approx")],
        ),
    ];
    for (text, expected) in table {
        check(text, expected);
    }
}

#[test]
fn values_are_exact() {
    let text = "Exports to Russia reached $3.6 billion, US$12.4bn and 110.97 billion dlrs.";
    let values: Vec<AttrValue> = run(text)
        .iter()
        .map(|f| f.attrs.get("value").unwrap().clone())
        .collect();
    assert_eq!(
        values,
        [
            AttrValue::Int(3_600_000_000),
            AttrValue::Int(12_400_000_000),
            AttrValue::Int(110_970_000_000)
        ]
    );
    let percent = run("Exports to Russia rose 26.3 pct.");
    assert_eq!(percent[0].attrs.get("value"), Some(&AttrValue::Float(26.3)));
}

#[test]
fn hard_wrapped_lines() {
    check(
        "Chinese exports to Russia jumped 46.9\npct to 110.97 billion\ndlrs, while imports from\nRussia climbed to 129.14\nbillion dlrs, a deficit of about\n18.2 billion dlrs in its trade.",
        &[
            ("46.9\npct", 46.9, "percent", "exact"),
            ("110.97 billion\ndlrs", 110.97e9, "USD", "exact"),
            ("129.14\nbillion dlrs", 129.14e9, "USD", "exact"),
            ("about\n18.2 billion dlrs", 18.2e9, "USD", "approx"),
        ],
    );
    check(
        "Exports to Russia rose 5 per\ncent. Imports rose 7\n\npct in May.",
        &[("5 per\ncent", 5.0, "percent", "exact")],
    );
}

/// Expected: span text, measure, year.
type Attributed<'a> = (&'a str, Option<&'a str>, Option<i64>);

fn check_attrs(text: &str, expected: &[Attributed<'_>]) {
    let found = run(text);
    let got: Vec<(String, Option<String>, Option<i64>)> = found
        .iter()
        .map(|f| {
            (
                text[f.range.clone()].to_owned(),
                f.attrs.get_str("measure").map(str::to_owned),
                f.attrs
                    .get("year")
                    .and_then(AttrValue::as_f64)
                    .map(|y| y as i64),
            )
        })
        .collect();
    let want: Vec<(String, Option<String>, Option<i64>)> = expected
        .iter()
        .map(|(s, m, y)| (s.to_string(), m.map(str::to_owned), *y))
        .collect();
    assert_eq!(got, want, "in {text:?}");
}

#[test]
fn measures_and_years() {
    check_attrs(
        "Bilateral trade between Russia and Vietnam came to $3.6 billion in 2023, a small fraction of the $171 billion Vietnam traded with China that year.",
        &[
            ("$3.6 billion", Some("bilateral_trade"), Some(2023)),
            ("$171 billion", Some("bilateral_trade"), Some(2023)),
        ],
    );
    check_attrs(
        "Trade between China and Russia rose 26.3 pct last year to a record 240.11 billion dlrs.",
        &[
            ("26.3 pct", Some("change"), None),
            ("240.11 billion dlrs", Some("bilateral_trade"), None),
        ],
    );
    check_attrs(
        "Chinese exports to Russia jumped 46.9 pct to 110.97 billion dlrs, while imports from Russia climbed 12.7 pct to 129.14 billion dlrs, leaving China with a deficit of about 18.2 billion dlrs in its trade.",
        &[
            ("46.9 pct", Some("change"), None),
            ("110.97 billion dlrs", Some("exports"), None),
            ("12.7 pct", Some("change"), None),
            ("129.14 billion dlrs", Some("imports"), None),
            ("about 18.2 billion dlrs", Some("trade_balance"), None),
        ],
    );
    check_attrs(
        "China imported 107 mln tonnes of Russian crude in 2023, up 24 pct from 2022.",
        &[("24 pct", Some("change"), Some(2023))],
    );
    check_attrs(
        "Russian weapons made up 36% of India's arms imports in 2019–2023, down from 76% a decade earlier.",
        &[
            ("36%", Some("arms_imports_share"), None),
            ("76%", Some("arms_imports_share"), None),
        ],
    );
    check_attrs(
        "Russia was the first country with which Hanoi signed a partnership, in 2001, and Russian suppliers account for nearly 80% of Vietnam's arms imports.",
        &[("nearly 80%", Some("arms_imports_share"), None)],
    );
    check_attrs(
        "About 45 per cent of the EU's gas imports came from Russia; the share has since dropped below 20 per cent.",
        &[
            ("About 45 per cent", Some("imports_share"), None),
            ("below 20 per cent", Some("imports_share"), None),
        ],
    );
    check_attrs(
        "The deal will increase bilateral trade between the UK and India by £25.5bn a year, from £42.6bn in 2024.",
        &[
            ("£25.5bn", Some("change"), None),
            ("£42.6bn", Some("bilateral_trade"), Some(2024)),
        ],
    );
    check_attrs(
        "Laos imported Russian fertiliser worth USD 2.5 million in the first quarter of 2024, a rise of 12 pct on a year earlier, which put Russia's share of the country's fertiliser imports at 3 per cent.",
        &[
            ("USD 2.5 million", Some("imports"), Some(2024)),
            ("12 pct", Some("change"), Some(2024)),
            ("3 per cent", Some("imports_share"), Some(2024)),
        ],
    );
    check_attrs(
        "New Delhi agreed in October 2018 to buy five S-400 squadrons from Moscow, in a deal worth about $5.43 billion.",
        &[("about $5.43 billion", Some("deal_value"), Some(2018))],
    );
    check_attrs(
        "The US has pledged $2 billion in military aid to Ukraine since 2022.",
        &[("$2 billion", Some("aid"), None)],
    );
    check_attrs(
        "Russian exporters received 1.2 trillion rubles in March, and close to 45% of that sum was paid in yuan.",
        &[
            ("1.2 trillion rubles", Some("exports"), None),
            ("close to 45%", None, None),
        ],
    );
}

#[test]
fn ranges_and_changes() {
    let f = &run("China accounts for 80%-90% of North Korea's foreign trade.")[0];
    assert_eq!(f.attrs.get("low"), Some(&AttrValue::Int(80)));
    assert_eq!(f.attrs.get("high"), Some(&AttrValue::Int(90)));
    assert_eq!(f.attrs.get_str("measure"), Some("foreign_trade_share"));
    let single = &run("China accounts for 80% of North Korea's foreign trade.")[0];
    assert_eq!(single.attrs.get("low"), None);
    check(
        "Exports to China rose from £1bn to £2bn.",
        &[("£1bn", 1e9, "GBP", "exact"), ("£2bn", 2e9, "GBP", "exact")],
    );
    check(
        "Mazda's exports to the U.S. fell 7.8 pct to 35,401 cars.",
        &[("7.8 pct", 7.8, "percent", "exact")],
    );
    assert_eq!(run("Japan's exports of bonds paying 11-3/4 pct rose."), []);
    check(
        "Russia's share of China's imports rose from 10 to 12 pct.",
        &[
            ("10", 10.0, "percent", "exact"),
            ("12 pct", 12.0, "percent", "exact"),
        ],
    );
}

#[test]
fn not_trade_figures() {
    for text in [
        // salary, wage bill, budget
        "The club's wage bill rose to £48m last season, about 92 per cent of turnover.",
        "The striker will earn a salary of $5 million a year in China.",
        "Russia's defence budget will rise to 13 trillion rubles in 2024.",
        // vote share, poll
        "Putin won 87 percent of the vote in Russia's presidential election.",
        "The ruling party in India took 45 per cent of the votes.",
        // casualties, counts, years
        "More than 10,000 people were killed in Ukraine in 2023.",
        "Russia and China signed 11 agreements in 2023.",
        "India bought 36 Rafale jets from France in 2016.",
        // GDP, growth, inflation, interest rates, output
        "Russia's economy grew 3.6 pct in 2023, while inflation hit 7.4 pct.",
        "The deal will add about 0.08 per cent to Britain's economic output.",
        "The Bank of Russia raised interest rates to 16 pct.",
        "China's GDP grew 5.2% last year.",
        // tariffs, prices, assets, share prices
        "India will halve its 150% tariff on Scotch whisky to 75%.",
        "A 16-pound bird costs about $27 on average in the US.",
        "The EU has immobilised roughly EUR 210 billion of Russian central bank reserves.",
        "Shares in the Chinese exporter fell 5% in Hong Kong.",
        // no currency, no percent
        "Trade between China and Russia reached 240 billion last year.",
        // vague
        "Trade with Russia has risen several hundred per cent, worth billions of pounds.",
        // percentage points, weights
        "Russia's share of China's oil imports rose 2 percentage points.",
        "China imported 5 million pounds of pork from the US.",
    ] {
        assert_eq!(run(text), [], "in {text:?}");
    }
}

#[test]
fn weak_cues_need_an_actor() {
    assert_eq!(
        run("The club agreed a deal worth £50m with the midfielder's agent."),
        []
    );
    check(
        "Poland agreed a deal worth $2.4 billion for 212 howitzers.",
        &[("$2.4 billion", 2.4e9, "USD", "exact")],
    );
}

#[test]
fn unicode_and_odd_input_never_panic() {
    for text in [
        "",
        "$",
        "%",
        "5%",
        "€",
        "¥5",
        "exports $",
        "exports of 5",
        "exports 🙂$3.6bn🙂 of trade",
        "Exports to 北京 reached $3.6bn; 出口 5%",
        "Tô Lâm's exports: ₫5 trillion, e\u{301}5 pct",
        "exports 99999999999999999999 dlrs",
        "exports of $1,2 and 3.6.7 pct and 1.",
        "Exports\u{2029}5 pct\n\n\n$",
        "exports rose 5 pct-",
        "exports Z$5 billion",
    ] {
        for figure in run(text) {
            assert!(text.is_char_boundary(figure.range.start));
            assert!(text.is_char_boundary(figure.range.end));
            assert!(figure.range.start < figure.range.end);
        }
    }
    check(
        "Exports to 北京 reached $3.6bn in 2023.",
        &[("$3.6bn", 3.6e9, "USD", "exact")],
    );
    assert_eq!(run("Exports to Zimbabwe reached Z$5 billion."), []);
}

#[test]
fn through_the_plugin_interface() {
    let text = "Russia's exports to China rose 12 pct.";
    let annotations = [marginalia_core::Annotation {
        label: "actor".into(),
        start: 0,
        end: 6,
        text: "Russia".into(),
        plugin: "actors".into(),
        attrs: Attrs::new(),
    }];
    let mut spans = Vec::new();
    plugin()
        .annotate(
            &Document::new("d", text, &annotations),
            &mut Emitter::collect_into(&mut spans),
        )
        .unwrap();
    assert_eq!(spans.len(), 1);
    assert_eq!(&text[spans[0].start..spans[0].end], "12 pct");
    assert_eq!(spans[0].label, LABEL);
}

#[test]
fn config_extends_the_lexicons() {
    let config: Config = toml_config(
        r#"
        currencies = [{ term = "Z$", unit = "ZWL", position = "prefix" }]
        hedges = [{ term = "a shade under", qualifier = "under" }]
        cues = [{ term = "remittances", effect = "strong", measure = "aid" }]
        "#,
    );
    let p = TradeFigures::new(&config).unwrap();
    let text = "Remittances reached a shade under Z$5 billion.";
    let figures = p.figures(text, &[]);
    assert_eq!(figures.len(), 1);
    assert_eq!(&text[figures[0].range.clone()], "a shade under Z$5 billion");
    assert_eq!(figures[0].attrs.get_str("unit"), Some("ZWL"));
    assert_eq!(figures[0].attrs.get_str("qualifier"), Some("under"));
    assert_eq!(figures[0].attrs.get_str("measure"), Some("aid"));
    for bad in [
        "colour = 1",
        r#"currencies = [{ term = "x", unit = "dollars", position = "prefix" }]"#,
        r#"cues = [{ term = "x", effect = "strong", measure = "gdp" }]"#,
        r#"hedges = [{ term = "x", qualifier = "maybe" }]"#,
    ] {
        assert!(TradeFigures::new(&toml_config(bad)).is_err(), "{bad}");
    }
}

fn toml_config(source: &str) -> Config {
    Config::from_toml_str(source).unwrap()
}

#[test]
fn built_in_data_parses() {
    assert!(data::parse_currencies("c", data::CURRENCIES).unwrap().len() > 100);
    assert!(data::parse_hedges("h", data::HEDGES).unwrap().len() > 30);
    assert!(data::parse_cues("q", data::CUES).unwrap().len() > 200);
    assert!(data::parse_cues("q", "x | strong | gdp").is_err());
    assert!(data::parse_currencies("c", "x | usd | prefix").is_err());
    let words = data::parse_words("w", data::WORDS).unwrap();
    assert!(words.is("not_year_after", "since") && words.is("year_marker", "fiscal"));
    assert!(words.phrases("same_year").any(|p| p == "that year"));
    assert!(words.is("clause_opener", "whereas") && !words.is("clause_opener", "since"));
    assert!(data::parse_words("w", "since | not_a_class").is_err());
}

#[test]
fn company_deals_rates_and_economy_verbs() {
    for text in [
        // company contracts and orders, even in a sentence that names a state
        "General Electric Co said it received a 60 mln dlr order from Turkey.",
        "Ericsson <ERIC ST> said one of its units won a contract worth 7.5 mln dlrs from Germany.",
        // exchange rates and unit prices without a scale word
        "The dollar touched 1.8085 marks in Germany before closing at 1.80 marks.",
        "Japan said a dollar below 150 yen would hurt its exports.",
        "The EU set the export rebate for Russia at 43.147 ECUs (ECUs) per 100 kilos.",
        // the economy contracting is no contract
        "Russia's economy will contract four pct this year, the government said.",
        // domestic orders and rebates
        "US factory orders rose 4.3 pct in February, the Commerce Department said.",
    ] {
        check(text, &[]);
    }
}

#[test]
fn currency_adjectives_give_the_code() {
    check(
        "Egypt's exports rose to 300 mln Egyptian pounds, and imports to 500 mln pounds.",
        &[
            ("300 mln Egyptian pounds", 300e6, "EGP", "exact"),
            ("500 mln pounds", 500e6, "EGP", "exact"),
        ],
    );
    check(
        "Switzerland's exports to China rose to 2.5 billion Swiss francs.",
        &[("2.5 billion Swiss francs", 2.5e9, "CHF", "exact")],
    );
    check(
        "Canada's trade surplus with China was 1.2 billion Canadian dollar.",
        &[("1.2 billion Canadian dollar", 1.2e9, "CAD", "exact")],
    );
    // Without a full name before it, a bare `francs` is no unit and `pounds` is sterling.
    check("Exports to China rose to 300 mln francs.", &[]);
    check(
        "Britain's exports to China rose to 300 mln pounds.",
        &[("300 mln pounds", 300e6, "GBP", "exact")],
    );
}
