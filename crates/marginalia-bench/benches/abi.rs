//! The cost of one call across the plugin ABI: the `test-noop` plugin (which does nothing, or
//! emits one span) loaded from its release library through the host's loader, called on a
//! tiny document. Target: under 200 ns per call (`abi/noop_call`).
//!
//! - `abi/noop_call`: `PluginInstance::annotate`, the host's whole call path: lending the
//!   document, the span and error sinks, the plugin side's `catch_unwind` and `Document`, and
//!   collecting the (no) spans.
//! - `abi/noop_call_one_span`: the same with one span emitted, which adds the plugin side's
//!   attribute serialization and the host's span checks and copy (`SpanCollector::accept`).
//! - `abi/pipeline_noop`: `Pipeline::annotate` with the noop plugin as its only stage, which
//!   adds the pipeline's bookkeeping (lent annotations, sorting) around the call.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use marginalia_bench::{load_library, release_plugin_dirs};
use marginalia_host::config::Config;
use marginalia_host::pipeline::Pipeline;

const TEXT: &str = "Vietnam and Russia signed a treaty in Hanoi.";

fn abi(c: &mut Criterion) {
    let dirs = release_plugin_dirs();
    let library = load_library("test-noop", &dirs);
    let silent = library.instantiate("").expect("test-noop starts");
    let one_span = library
        .instantiate("emit_one = true")
        .expect("test-noop starts");

    let mut group = c.benchmark_group("abi");
    group.bench_function("noop_call", |b| {
        b.iter(|| {
            let spans = silent
                .annotate(black_box("bench.txt"), black_box(TEXT), &[])
                .expect("noop succeeds");
            black_box(spans)
        })
    });
    group.bench_function("noop_call_one_span", |b| {
        b.iter(|| {
            let spans = one_span
                .annotate(black_box("bench.txt"), black_box(TEXT), &[])
                .expect("noop succeeds");
            black_box(spans)
        })
    });

    let toml = "pipeline = [\"test-noop\"]\n";
    let config = Config::parse(toml, Path::new("bench.toml")).expect("a valid config");
    let pipeline = Pipeline::load(&config, &dirs).expect("the noop pipeline loads");
    group.bench_function("pipeline_noop", |b| {
        b.iter(|| {
            let annotations = pipeline
                .annotate(black_box("bench.txt"), black_box(TEXT))
                .expect("noop succeeds");
            black_box(annotations)
        })
    });
    group.finish();
}

criterion_group!(benches, abi);
criterion_main!(benches);
