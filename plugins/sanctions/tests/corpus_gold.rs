//! The plugin against the hand-made gold of the corpus (`corpus/gold.jsonl`). It reads the gold
//! `actor` annotations, so that only this plugin's own decisions are scored (`cargo xtask eval`
//! scores the whole pipeline).
//!
//! Every gold `sanction` span must be found with the same boundaries and attributes, and no
//! other span may be found. On failure the test lists every difference.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use marginalia_core::{Annotation, AttrValue, Attrs, Config, Document, Emitter, Plugin};
use marginalia_plugin_sanctions::Sanctions;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus")
}

/// `(start, end) -> (text, attrs)` of one label in one document.
type Spans = BTreeMap<(usize, usize), (String, Attrs)>;

/// One gold document: its actor annotations and its sanction spans.
struct GoldDoc {
    actors: Vec<Annotation>,
    sanctions: Spans,
}

/// The gold documents, by id.
fn gold() -> BTreeMap<String, GoldDoc> {
    let path = corpus_dir().join("gold.jsonl");
    let jsonl = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut docs = BTreeMap::new();
    for line in jsonl.lines().filter(|l| !l.trim().is_empty()) {
        let value: serde_json::Value = serde_json::from_str(line).expect("gold line is JSON");
        let id = value["id"]
            .as_str()
            .expect("gold line has an id")
            .to_owned();
        let annotations: Vec<Annotation> =
            serde_json::from_value(value["annotations"].clone()).expect("gold annotations");
        let sanctions = annotations
            .iter()
            .filter(|a| a.label == "sanction")
            .map(|a| ((a.start, a.end), (a.text.clone(), a.attrs.clone())))
            .collect();
        let actors = annotations
            .into_iter()
            .filter(|a| a.label == "actor")
            .collect();
        docs.insert(id, GoldDoc { actors, sanctions });
    }
    docs
}

/// What the sanctions plugin finds in `text` given `actors`.
fn predict(sanctions: &Sanctions, id: &str, text: &str, annotations: &[Annotation]) -> Spans {
    let mut spans = Vec::new();
    sanctions
        .annotate(
            &Document::new(id, text, annotations),
            &mut Emitter::collect_into(&mut spans),
        )
        .expect("sanctions annotate");
    spans
        .into_iter()
        .map(|s| ((s.start, s.end), (text[s.start..s.end].to_owned(), s.attrs)))
        .collect()
}

/// Attribute values equal, comparing actor-id lists as sets.
fn attrs_equal(a: &Attrs, b: &Attrs) -> bool {
    let keys = |x: &Attrs| x.iter().map(|(k, _)| k.to_owned()).collect::<Vec<_>>();
    keys(a) == keys(b)
        && a.iter().all(|(k, v)| match (v, b.get(k)) {
            (AttrValue::List(x), Some(AttrValue::List(y))) => {
                x.len() == y.len() && x.iter().all(|i| y.contains(i))
            }
            (v, Some(w)) => v == w,
            _ => false,
        })
}

#[test]
fn corpus_matches_the_gold() {
    let sanctions = Sanctions::new(&Config::default()).expect("sanctions plugin");
    let gold = gold();
    assert!(!gold.is_empty(), "no gold documents");
    let mut problems = Vec::new();
    let (mut matched, mut total_gold, mut total_pred) = (0, 0, 0);
    for (id, doc) in &gold {
        let text = std::fs::read_to_string(corpus_dir().join(id)).expect("corpus document");
        let predicted = predict(&sanctions, id, &text, &doc.actors);
        let gold_spans = &doc.sanctions;
        total_gold += gold_spans.len();
        total_pred += predicted.len();
        for (range, (text, attrs)) in gold_spans {
            match predicted.get(range) {
                Some((_, got)) if attrs_equal(attrs, got) => matched += 1,
                Some((_, got)) => problems.push(format!(
                    "{id} {range:?} {text:?}: attributes\n    gold {attrs}\n    got  {got}"
                )),
                None => problems.push(format!("{id} {range:?} {text:?}: missed ({attrs})")),
            }
        }
        for (range, (text, attrs)) in &predicted {
            if !gold_spans.contains_key(range) {
                problems.push(format!("{id} {range:?} {text:?}: not in gold ({attrs})"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{matched} of {total_gold} gold spans matched exactly ({total_pred} predicted); {} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}
