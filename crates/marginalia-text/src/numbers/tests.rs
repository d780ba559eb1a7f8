use super::*;

#[test]
fn numerals() {
    assert_eq!(parse_numeral("3.6"), Some(Decimal::new(36, -1)));
    assert_eq!(parse_numeral("1,200"), Some(Decimal::from_integer(1200)));
    assert_eq!(parse_numeral("12.4"), Some(Decimal::new(124, -1)));
    assert_eq!(parse_numeral("500"), Some(Decimal::new(5, 2)));
    assert_eq!(
        parse_numeral("1,200,000.50"),
        Some(Decimal::new(12_000_005, -1))
    );
    assert_eq!(parse_numeral("3.60"), parse_numeral("3.6"));
    assert_eq!(parse_numeral("0"), Some(Decimal::from_integer(0)));
    for bad in [
        "", ".5", "1.", "1,20", "1234,567", ",100", "1.2.3", "1e9", "-3", "3,6", "٣", "1 200",
    ] {
        assert_eq!(parse_numeral(bad), None, "{bad:?}");
    }
    assert_eq!(parse_numeral("99999999999999999999"), None); // overflows u64
}

#[test]
fn exact_scaling() {
    let billion = parse_numeral("3.6").unwrap().scaled(9);
    assert_eq!((billion.mantissa(), billion.exponent()), (36, 8));
    assert_eq!(billion.to_f64(), 3_600_000_000.0);
    assert_eq!(parse_numeral("12.4").unwrap().to_f64(), 12.4);
    assert_eq!(parse_numeral("0.1").unwrap().scaled(6).to_f64(), 100_000.0);
    assert_eq!(Decimal::new(1, i32::MAX).scaled(5).to_f64(), f64::INFINITY);
}

#[test]
fn number_words() {
    assert_eq!(parse_number_word("two"), Some(2));
    assert_eq!(parse_number_word("Eleven"), Some(11));
    assert_eq!(parse_number_word("twenty"), Some(20));
    assert_eq!(parse_number_word("NINETY"), Some(90));
    assert_eq!(parse_number_word("twenty-five"), Some(25));
    for bad in [
        "",
        "hundred",
        "twenty-zero",
        "ten-five",
        "twenty-",
        "-five",
        "twos",
        "één",
    ] {
        assert_eq!(parse_number_word(bad), None, "{bad:?}");
    }
    assert_eq!(parse_number("eleven"), Some(Decimal::from_integer(11)));
    assert_eq!(parse_number("1,200"), Some(Decimal::from_integer(1200)));
}

#[test]
fn scale_words() {
    for (word, exponent) in [
        ("thousand", 3),
        ("million", 6),
        ("mln", 6),
        ("m", 6),
        ("billion", 9),
        ("bn", 9),
        ("bln", 9),
        ("Trillion", 12),
        ("tn", 12),
    ] {
        assert_eq!(scale_exponent(word), Some(exponent), "{word}");
    }
    assert_eq!(scale_exponent("millions"), None);
    assert_eq!(scale_multiplier("bn"), Some(1e9));
}

fn quantities(text: &str) -> Vec<(&str, f64)> {
    find_quantities(text)
        .into_iter()
        .map(|q| (&text[q.range.clone()], q.value().to_f64()))
        .collect()
}

#[test]
fn quantities_in_text() {
    assert_eq!(
        quantities("$3.6 billion and $171 billion; £1.4bn, 500 mln dlrs, one-billion-dlr"),
        [
            ("3.6 billion", 3.6e9),
            ("171 billion", 171e9),
            ("1.4bn", 1.4e9),
            ("500 mln", 5e8),
            ("one-billion", 1e9)
        ]
    );
    assert_eq!(
        quantities("nearly 80% of 11 deals in 2023."),
        [("80", 80.0), ("11", 11.0), ("2023", 2023.0)]
    );
    assert_eq!(
        quantities("Twenty-five firms, eleven thousand jobs"),
        [("Twenty-five", 25.0), ("eleven thousand", 11_000.0)]
    );
}

#[test]
fn quantities_are_whole_words() {
    assert_eq!(
        quantities("the G20 in the 1990s, 3.6.7 and 1,2"),
        [("3.6", 3.6), ("1", 1.0)]
    );
    assert_eq!(quantities("5 millions, 7 bnx"), [("5", 5.0), ("7", 7.0)]);
    assert_eq!(quantities("someone, twofold, tenth"), []);
}

#[test]
fn quantity_parts() {
    let q = &find_quantities("USD 2.5 million")[0];
    assert_eq!(
        (
            q.number_range.clone(),
            q.scale_range.clone(),
            q.scale_exponent
        ),
        (4..7, Some(8..15), 6)
    );
    assert_eq!(q.number, Decimal::new(25, -1));
}

#[test]
fn unicode_does_not_break_scanning() {
    assert_eq!(
        quantities("🙂3.6bn 访问5 百万 ٣ e\u{301}5 12\u{301}"),
        [("3.6bn", 3.6e9), ("5", 5.0)]
    );
}

#[test]
fn scales_across_a_hard_wrapped_line() {
    assert_eq!(
        quantities("129.14\nbillion dlrs, 500 \n  mln, 7\n\nbillion"),
        [
            ("129.14\nbillion", 129.14e9),
            ("500 \n  mln", 5e8),
            ("7", 7.0)
        ]
    );
    assert_eq!(inline_space_len(" \n x"), 3);
    assert_eq!(inline_space_len("\n\nx"), 0);
    assert_eq!(inline_space_len("x"), 0);
}

#[test]
fn south_asian_and_short_scales() {
    assert_eq!(scale_exponent("crore"), Some(7));
    assert_eq!(scale_exponent("Lakh"), Some(5));
    assert_eq!(scale_exponent("mn"), Some(6));
    assert_eq!(
        quantities("Rs 500 crore and $5mn"),
        [("500 crore", 5e9), ("5mn", 5e6)]
    );
}
