//! Span validation (`marginalia_core::validate`), which the host runs on every span a plugin
//! emits: `check_span` (bounds, character boundaries, declared label) and `parse_attrs` (the
//! attributes' JSON back into `Attrs`), on spans and attributes like those the plugins emit.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use marginalia_core::Attrs;
use marginalia_core::validate::{check_span, parse_attrs};

fn validate(c: &mut Criterion) {
    let text = "Le président Macron a rencontré à Pékin le dirigeant chinois Xi Jinping.";
    let start = text.find("Pékin").expect("present");
    let (start, end) = (start as u64, (start + "Pékin".len()) as u64);
    let declared = vec!["actor".to_owned()];
    let actor = Attrs::new()
        .with("id", "CHN")
        .with("kind", "capital")
        .to_string();
    let figure = Attrs::new()
        .with("value", 3.6e9)
        .with("unit", "USD")
        .with("qualifier", "about")
        .with("year", 2024)
        .with("measure", "exports")
        .with("actors", vec!["CHN".to_owned(), "RUS".to_owned()])
        .to_string();

    let mut group = c.benchmark_group("validate");
    group.bench_function("check_span", |b| {
        b.iter(|| {
            check_span(
                black_box(text),
                black_box(start),
                black_box(end),
                black_box("actor"),
                &declared,
            )
        })
    });
    group.bench_function("parse_attrs_actor", |b| {
        b.iter(|| parse_attrs(black_box(&actor)).expect("valid"))
    });
    group.bench_function("parse_attrs_trade_figure", |b| {
        b.iter(|| parse_attrs(black_box(&figure)).expect("valid"))
    });
    group.finish();
}

criterion_group!(benches, validate);
criterion_main!(benches);
