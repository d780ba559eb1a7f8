//! Tests of `score`.

use super::*;

/// A JSONL line for document `id` with `(label, start, end, attrs JSON)` annotations.
fn line(id: &str, spans: &[(&str, usize, usize, &str)]) -> String {
    let annotations: Vec<String> = spans
        .iter()
        .map(|(label, start, end, attrs)| {
            format!(
                r#"{{"label":"{label}","start":{start},"end":{end},"text":"{}","plugin":"p","attrs":{attrs}}}"#,
                "x".repeat(end - start)
            )
        })
        .collect();
    format!(
        r#"{{"id":"{id}","annotations":[{}]}}"#,
        annotations.join(",")
    )
}

fn corpus(lines: &[String]) -> Corpus {
    Corpus::from_jsonl(&lines.join("\n"), "test.jsonl").unwrap()
}

fn approx(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-12)
}

#[test]
fn counts_give_precision_recall_and_f1() {
    let c = Counts {
        gold: 4,
        predicted: 2,
        true_positives: 2,
    };
    assert_eq!((c.false_positives(), c.false_negatives()), (0, 2));
    assert!(approx(c.precision(), 1.0));
    assert!(approx(c.recall(), 0.5));
    assert!(approx(Some(c.f1()), 2.0 / 3.0));
}

#[test]
fn empty_cases_are_defined() {
    let none = Counts::default();
    assert_eq!(
        (none.precision(), none.recall(), none.f1()),
        (None, None, 0.0)
    );
    let no_predictions = Counts {
        gold: 3,
        ..Counts::default()
    };
    assert_eq!(no_predictions.precision(), None);
    assert!(approx(no_predictions.recall(), 0.0));
    assert_eq!(no_predictions.f1(), 0.0);
    let no_gold = Counts {
        predicted: 3,
        ..Counts::default()
    };
    assert!(approx(no_gold.precision(), 0.0));
    assert_eq!(no_gold.recall(), None);
    assert_eq!(no_gold.f1(), 0.0);
    assert_eq!(Accuracy::default().rate(), None);

    let report = evaluate(&corpus(&[]), &corpus(&[])).unwrap();
    assert!(report.labels.is_empty());
    assert_eq!(report.micro_overlap, Counts::default());
    assert!(report.coverage.is_complete());
}

#[test]
fn overlap_and_exact_are_counted_per_label() {
    let gold = corpus(&[line(
        "a",
        &[
            ("actor", 0, 6, "{}"),
            ("actor", 10, 15, "{}"),
            ("sanction", 20, 30, "{}"),
        ],
    )]);
    let predicted = corpus(&[line(
        "a",
        &[
            ("actor", 0, 6, "{}"),      // exact
            ("actor", 11, 15, "{}"),    // overlap only
            ("sanction", 0, 6, "{}"),   // right place, wrong label
            ("sanction", 40, 45, "{}"), // nowhere
        ],
    )]);
    let report = evaluate(&gold, &predicted).unwrap();
    let actor = report.label("actor").unwrap();
    assert_eq!(
        actor.overlap,
        Counts {
            gold: 2,
            predicted: 2,
            true_positives: 2
        }
    );
    assert_eq!(actor.exact.true_positives, 1);
    let sanction = report.label("sanction").unwrap();
    assert_eq!(
        sanction.overlap,
        Counts {
            gold: 1,
            predicted: 2,
            true_positives: 0
        }
    );
    assert_eq!(
        report.micro_overlap,
        Counts {
            gold: 3,
            predicted: 4,
            true_positives: 2
        }
    );
    assert_eq!(report.micro_exact.true_positives, 1);
    let fp: Vec<(usize, &str)> = report
        .false_positives
        .iter()
        .map(|s| (s.start, s.label.as_str()))
        .collect();
    assert_eq!(fp, [(0, "sanction"), (40, "sanction")]);
    assert_eq!(report.false_negatives.len(), 1);
    assert_eq!(report.false_negatives[0].start, 20);
    assert_eq!(report.boundary_mismatches.len(), 1);
    assert_eq!(report.boundary_mismatches[0].predicted.start, 11);
}

#[test]
fn two_predictions_on_one_gold_give_one_true_and_one_false_positive() {
    let gold = corpus(&[line("a", &[("treaty", 0, 20, "{}")])]);
    let predicted = corpus(&[line(
        "a",
        &[("treaty", 0, 8, "{}"), ("treaty", 9, 20, "{}")],
    )]);
    let report = evaluate(&gold, &predicted).unwrap();
    let treaty = report.label("treaty").unwrap();
    assert_eq!(treaty.overlap.true_positives, 1);
    assert_eq!(treaty.overlap.false_positives(), 1);
    assert_eq!(treaty.exact.true_positives, 0);
    assert_eq!(report.false_positives[0].start, 0);
}

#[test]
fn value_accuracy_needs_value_and_unit() {
    let gold = corpus(&[line(
        "a",
        &[
            ("trade_figure", 0, 5, r#"{"value":3600000000,"unit":"USD"}"#),
            ("trade_figure", 10, 15, r#"{"value":0.1,"unit":"percent"}"#),
            ("trade_figure", 20, 25, r#"{"value":80,"unit":"USD"}"#),
            ("trade_figure", 30, 35, r#"{"value":80,"unit":"USD"}"#),
            ("trade_figure", 40, 45, r#"{"value":1,"unit":"USD"}"#),
        ],
    )]);
    let predicted = corpus(&[line(
        "a",
        &[
            // Equal as numbers, integer or not.
            (
                "trade_figure",
                0,
                5,
                r#"{"value":3600000000.0000005,"unit":"USD"}"#,
            ),
            // Within 1e-9 relative.
            (
                "trade_figure",
                10,
                14,
                r#"{"value":0.10000000000000002,"unit":"percent"}"#,
            ),
            // Wrong unit.
            ("trade_figure", 20, 25, r#"{"value":80,"unit":"EUR"}"#),
            // Off by more than the tolerance.
            ("trade_figure", 30, 35, r#"{"value":80.001,"unit":"USD"}"#),
            // The gold span at 40 is not matched: not counted in value accuracy.
        ],
    )]);
    let report = evaluate(&gold, &predicted).unwrap();
    assert_eq!(
        report.value_accuracy(),
        Accuracy {
            pairs: 4,
            correct: 2
        }
    );
    assert!(approx(report.value_accuracy().rate(), 0.5));
    let per_key = &report.attributes["trade_figure"];
    assert_eq!(
        per_key["unit"],
        Accuracy {
            pairs: 4,
            correct: 3
        }
    );
    assert_eq!(
        per_key["value"],
        Accuracy {
            pairs: 4,
            correct: 3
        }
    );
    let keys: Vec<(usize, &str)> = report
        .attr_mismatches
        .iter()
        .map(|m| (m.gold.start, m.key.as_str()))
        .collect();
    assert_eq!(keys, [(20, "unit"), (30, "value")]);
    // Other labels have no value accuracy.
    assert_eq!(
        evaluate(&gold, &gold).unwrap().value_accuracy().rate(),
        Some(1.0)
    );
    let other = corpus(&[line("a", &[("actor", 0, 5, "{}")])]);
    let report = evaluate(&other, &other).unwrap();
    assert_eq!(report.value_accuracy().rate(), None);
}

#[test]
fn attribute_accuracy_covers_every_gold_key() {
    let gold = corpus(&[line(
        "a",
        &[
            (
                "sanction",
                0,
                5,
                r#"{"action":"veto","target":["PRK","IRN"]}"#,
            ),
            ("sanction", 10, 15, r#"{"action":"impose"}"#),
        ],
    )]);
    let predicted = corpus(&[line(
        "a",
        &[
            (
                "sanction",
                0,
                5,
                r#"{"action":"veto","target":["PRK","IRN"],"extra":true}"#,
            ),
            ("sanction", 10, 15, r#"{}"#),
        ],
    )]);
    let report = evaluate(&gold, &predicted).unwrap();
    let per_key = &report.attributes["sanction"];
    assert_eq!(per_key.keys().collect::<Vec<_>>(), ["action", "target"]);
    assert_eq!(
        per_key["action"],
        Accuracy {
            pairs: 2,
            correct: 1
        }
    );
    assert_eq!(
        per_key["target"],
        Accuracy {
            pairs: 1,
            correct: 1
        }
    );
    assert_eq!(report.attr_mismatches.len(), 1);
    assert_eq!(report.attr_mismatches[0].found, None);
}

#[test]
fn documents_on_one_side_only_are_reported() {
    let gold = corpus(&[
        line("failed", &[("actor", 0, 5, "{}")]),
        line("missing", &[("actor", 0, 5, "{}"), ("actor", 6, 9, "{}")]),
        line("ok", &[("actor", 0, 5, "{}")]),
    ]);
    let predicted = Corpus::from_jsonl(
        &[
            r#"{"id":"failed","annotations":[],"error":"plugin actors failed"}"#.to_owned(),
            line("ok", &[("actor", 0, 5, "{}")]),
            line("extra", &[("actor", 0, 5, "{}")]),
        ]
        .join("\n"),
        "p.jsonl",
    )
    .unwrap();
    let report = evaluate(&gold, &predicted).unwrap();
    assert_eq!(report.coverage.scored, 1);
    assert_eq!(report.coverage.missing, ["missing"]);
    assert_eq!(
        report.coverage.failed,
        [("failed".to_owned(), "plugin actors failed".to_owned())]
    );
    assert_eq!(report.coverage.unexpected, ["extra"]);
    assert!(!report.coverage.is_complete());
    // The failed and missing documents' gold is all false negatives; "extra" is not scored.
    assert_eq!(
        report.micro_overlap,
        Counts {
            gold: 4,
            predicted: 1,
            true_positives: 1
        }
    );
    let fn_docs: Vec<&str> = report
        .false_negatives
        .iter()
        .map(|s| s.document.as_str())
        .collect();
    assert_eq!(fn_docs, ["failed", "missing", "missing"]);
}

#[test]
fn attribute_values_compare_numbers_with_tolerance() {
    let eq = |a: AttrValue, b: AttrValue| attr_values_equal(&a, &b);
    assert!(eq(AttrValue::Int(80), AttrValue::Float(80.0)));
    assert!(eq(AttrValue::Float(1e12), AttrValue::Float(1e12 + 1e2)));
    assert!(!eq(AttrValue::Float(1e12), AttrValue::Float(1e12 + 1e4)));
    assert!(eq(AttrValue::Float(0.0), AttrValue::Int(0)));
    assert!(!eq(AttrValue::Str("80".into()), AttrValue::Int(80)));
    assert!(eq(
        AttrValue::from(vec![1.0, 2.0]),
        AttrValue::List(vec![AttrValue::Float(1.0), AttrValue::Int(2)])
    ));
    assert!(!eq(AttrValue::from(vec![1]), AttrValue::from(vec![1, 1])));
}
