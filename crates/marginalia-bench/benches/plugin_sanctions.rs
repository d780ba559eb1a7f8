//! The `sanctions` plugin in-process on a 1 MB and a 10 MB document: see
//! [`marginalia_bench::bench_plugin`]. One plugin per benchmark binary: two plugin rlibs
//! cannot be linked together (each exports the ABI's entry symbol).

use criterion::{Criterion, criterion_group, criterion_main};
use marginalia_plugin_sanctions::Sanctions;

fn plugin(c: &mut Criterion) {
    marginalia_bench::bench_plugin::<Sanctions>(c);
}

criterion_group!(benches, plugin);
criterion_main!(benches);
