//! The plugin against the hand-made gold of `corpus/`: every corpus document goes through this
//! plugin in process, with gold's own `actor` annotations as the earlier annotations (two
//! plugin libraries cannot be linked into one test binary: both export the entry symbol), and
//! the treaty spans are scored with `marginalia-eval` against `corpus/gold.jsonl`. The test
//! prints the scores and every difference, and fails below the project's targets. The whole
//! pipeline, with the `actors` plugin's own annotations, is scored by `cargo xtask eval`.

// The test prints its report, as `cargo xtask eval` does, for `cargo test -- --nocapture`.
#![allow(clippy::print_stdout)]

use std::path::{Path, PathBuf};

use marginalia_core::{Annotation, Config, Document, Emitter, Plugin};
use marginalia_eval::{Corpus, evaluate};
use marginalia_plugin_treaties::{LABEL, Treaties};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `plugin`'s annotations of `text`, given the earlier `annotations`.
fn run<P: Plugin>(
    plugin: &P,
    name: &str,
    id: &str,
    text: &str,
    earlier: &[Annotation],
) -> Vec<Annotation> {
    let mut spans = Vec::new();
    plugin
        .annotate(
            &Document::new(id, text, earlier),
            &mut Emitter::collect_into(&mut spans),
        )
        .unwrap();
    spans
        .into_iter()
        .map(|s| Annotation {
            label: s.label,
            start: s.start,
            end: s.end,
            text: text[s.start..s.end].to_owned(),
            plugin: name.to_owned(),
            attrs: s.attrs,
        })
        .collect()
}

/// One JSON line per document with only the `treaty` annotations.
fn line(id: &str, annotations: &[Annotation]) -> String {
    let treaties: Vec<&Annotation> = annotations.iter().filter(|a| a.label == LABEL).collect();
    serde_json::json!({ "id": id, "annotations": treaties }).to_string()
}

#[test]
fn corpus_treaties_reach_the_targets() {
    let root = root();
    let gold_text = std::fs::read_to_string(root.join("corpus/gold.jsonl")).unwrap();
    let treaties = Treaties::new(&Config::default()).unwrap();
    let mut gold_lines = Vec::new();
    let mut predicted_lines = Vec::new();
    for raw in gold_text.lines().filter(|l| !l.trim().is_empty()) {
        let record: serde_json::Value = serde_json::from_str(raw).unwrap();
        let id = record["id"].as_str().unwrap().to_owned();
        let gold: Vec<Annotation> = serde_json::from_value(record["annotations"].clone()).unwrap();
        gold_lines.push(line(&id, &gold));
        let text = std::fs::read_to_string(root.join("corpus").join(&id)).unwrap();
        let actors: Vec<Annotation> = gold
            .iter()
            .filter(|a| a.label == "actor")
            .cloned()
            .collect();
        let found = run(&treaties, "treaties", &id, &text, &actors);
        predicted_lines.push(line(&id, &found));
    }
    let extra = extra_attributes(&gold_lines, &predicted_lines);
    for e in &extra {
        println!("extra attribute: {e}");
    }
    let gold = Corpus::from_jsonl(&gold_lines.join("\n"), "gold").unwrap();
    let predicted = Corpus::from_jsonl(&predicted_lines.join("\n"), "predicted").unwrap();
    let report = evaluate(&gold, &predicted).unwrap();
    println!("{}", report.table());
    println!("{}", report.attribute_table());
    println!("{}", report.details());
    let scores = report.label(LABEL).expect("gold has treaties");
    assert!(
        scores.overlap.f1() >= 0.95,
        "overlap F1 {:.3}",
        scores.overlap.f1()
    );
    assert!(
        scores.exact.f1() >= 0.85,
        "exact F1 {:.3}",
        scores.exact.f1()
    );
    assert!(
        extra.len() <= 2,
        "{} attributes that gold does not have",
        extra.len()
    );
}

/// The attributes of exactly matched predictions that gold's span does not have (the scorer
/// only checks the attributes gold has).
fn extra_attributes(gold_lines: &[String], predicted_lines: &[String]) -> Vec<String> {
    let spans = |lines: &[String]| {
        let mut map = std::collections::BTreeMap::new();
        for l in lines {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let id = v["id"].as_str().unwrap().to_owned();
            for a in v["annotations"].as_array().unwrap() {
                let key = (
                    id.clone(),
                    a["start"].as_u64().unwrap(),
                    a["end"].as_u64().unwrap(),
                );
                map.insert(key, (a["text"].clone(), a["attrs"].clone()));
            }
        }
        map
    };
    let gold = spans(gold_lines);
    let mut extra = Vec::new();
    for (key, (text, attrs)) in spans(predicted_lines) {
        let Some((_, gold_attrs)) = gold.get(&key) else {
            continue;
        };
        for (name, value) in attrs.as_object().unwrap() {
            if gold_attrs.get(name).is_none() {
                extra.push(format!("{} {text} {name}={value}", key.0));
            }
        }
    }
    extra
}
