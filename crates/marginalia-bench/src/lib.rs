//! Support for the criterion benchmarks in `benches/` (`cargo bench -p marginalia-bench`):
//! documents of a given size built from this repository's own `corpus/`, the plugins' config
//! tables from the root `marginalia.toml`, and the `test-noop` plugin library for the ABI
//! benchmark. `cargo xtask bench` runs these benchmarks and reads their results; see
//! `docs/performance.md`.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput};

use marginalia_core::{Annotation, Config, Document, Emitter, Plugin, Span};
use marginalia_host::discovery::find_library;
use marginalia_host::loader::PluginLibrary;
use marginalia_testkit::{PLUGIN_DIR_ENV, Profile};

/// One megabyte, as the benchmarks count it (10^6 bytes, as MB/s is reported).
pub const MB: usize = 1_000_000;

/// The workspace root (this crate is `crates/marginalia-bench`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The texts of `corpus/**/*.txt`, in path order.
///
/// # Panics
/// When `corpus/` cannot be read or holds no document.
pub fn corpus_texts() -> Vec<String> {
    let mut paths = Vec::new();
    collect_txt(&workspace_root().join("corpus"), &mut paths);
    paths.sort();
    let texts: Vec<String> = paths
        .iter()
        .map(|p| {
            std::fs::read_to_string(p).unwrap_or_else(|e| panic!("reading {}: {e}", p.display()))
        })
        .collect();
    assert!(!texts.is_empty(), "corpus/ holds no *.txt document");
    texts
}

fn collect_txt(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            collect_txt(&path, out);
        } else if path.extension().is_some_and(|x| x == "txt") {
            out.push(path);
        }
    }
}

/// A document of `mb` megabytes (at least `mb * MB` bytes, a little more: whole corpus
/// documents only): one block of at least 1 MB, made of the `corpus/` documents one after the
/// other (separated by a blank line) as often as needed, repeated `mb` times. So a 10 MB
/// document is exactly ten 1 MB ones, and a plugin that is linear in the length of the text
/// takes exactly ten times as long on it.
pub fn document(mb: usize) -> String {
    let texts = corpus_texts();
    let mut block = String::with_capacity(MB + 64 * 1024);
    'fill: loop {
        for text in &texts {
            block.push_str(text.trim_end());
            block.push_str("\n\n");
            if block.len() >= MB {
                break 'fill;
            }
        }
    }
    block.repeat(mb.max(1))
}

/// The body of the `[plugins.NAME]` table of the root `marginalia.toml`, as TOML text (`""`
/// when it has none): the config the benchmarks give each plugin, as `marginalia annotate`
/// would.
pub fn plugin_config(name: &str) -> String {
    let path = workspace_root().join("marginalia.toml");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let config: toml::Table = text
        .parse()
        .unwrap_or_else(|e| panic!("{} is not TOML: {e}", path.display()));
    config
        .get("plugins")
        .and_then(|p| p.get(name))
        .and_then(|t| t.as_table())
        .map(|t| toml::to_string(t).expect("a table serializes"))
        .unwrap_or_default()
}

/// A plugin built in-process with its config from the root `marginalia.toml`.
///
/// # Panics
/// When the plugin refuses its config.
pub fn new_plugin<P: Plugin>() -> P {
    let name = P::manifest().name;
    let config = Config::from_toml_str(&plugin_config(&name))
        .unwrap_or_else(|e| panic!("config of {name}: {e}"));
    P::new(&config).unwrap_or_else(|e| panic!("{name} refused its config: {e}"))
}

/// Runs `plugin` in-process on `doc` and returns its spans (unvalidated, unsorted).
///
/// # Panics
/// When the plugin fails on the document.
pub fn annotate<P: Plugin>(plugin: &P, doc: &Document<'_>) -> Vec<Span> {
    let mut spans = Vec::new();
    plugin
        .annotate(doc, &mut Emitter::collect_into(&mut spans))
        .unwrap_or_else(|e| panic!("{} failed: {e}", P::manifest().name));
    spans
}

/// What the `actors` plugin finds in `text`, as the annotations the host would lend a plugin
/// that needs `actor`: its release library run through the host's loader, the spans checked
/// and sorted by [`Annotation::sort_key`].
///
/// # Panics
/// When the library cannot be loaded or fails on the text.
pub fn actor_annotations(text: &str, dirs: &[PathBuf]) -> Vec<Annotation> {
    let library = load_library("actors", dirs);
    let instance = library
        .instantiate(&plugin_config("actors"))
        .unwrap_or_else(|e| panic!("actors refused its config: {e}"));
    let mut annotations = instance
        .annotate("bench.txt", text, &[])
        .unwrap_or_else(|e| panic!("actors failed: {e}"));
    annotations.sort_by_cached_key(|a| {
        let (start, end, label, plugin, attrs) = a.sort_key();
        (start, end, label.to_owned(), plugin.to_owned(), attrs)
    });
    annotations
}

/// The document sizes of the plugin benchmarks, in MB.
pub const PLUGIN_SIZES: [usize; 2] = [1, 10];

/// The benchmark group `plugin-NAME` of the plugin `P`, in-process: `P` on a 1 MB and a
/// 10 MB [`document`] (ids `1MB`, `10MB`), with throughput in bytes. A plugin that needs
/// `actor` is lent the `actors` plugin's annotations ([`actor_annotations`]), computed once,
/// outside the measurement. A plugin linear in the length of its text takes ten times as
/// long on the 10 MB document as on the 1 MB one (the target allows 12).
pub fn bench_plugin<P: Plugin>(c: &mut Criterion) {
    let plugin: P = new_plugin();
    let manifest = P::manifest();
    let needs_actors = manifest.needs.iter().any(|l| l == "actor");
    let dirs = if needs_actors {
        release_plugin_dirs()
    } else {
        Vec::new()
    };
    let mut group = c.benchmark_group(format!("plugin-{}", manifest.name));
    // One iteration takes milliseconds to seconds: few samples, one iteration each.
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    for mb in PLUGIN_SIZES {
        let text = document(mb);
        let prior = if needs_actors {
            actor_annotations(&text, &dirs)
        } else {
            Vec::new()
        };
        let doc = Document::new("bench.txt", &text, &prior);
        group.throughput(Throughput::BytesDecimal(text.len() as u64));
        group.bench_function(format!("{mb}MB"), |b| {
            b.iter(|| black_box(annotate(&plugin, black_box(&doc))))
        });
    }
    group.finish();
}

/// The directories holding release builds of the plugin libraries: `$MARGINALIA_PLUGIN_DIR`
/// when it is set (relative paths from the workspace root; `cargo xtask bench` sets it), else those of `cargo build --workspace
/// --release`, run once (the ABI benchmark measures optimized code only).
///
/// # Panics
/// When the build fails.
pub fn release_plugin_dirs() -> Vec<PathBuf> {
    if let Some(list) = std::env::var_os(PLUGIN_DIR_ENV).filter(|v| !v.is_empty()) {
        // Relative to the workspace root: cargo runs benchmarks in the crate's directory.
        return std::env::split_paths(&list)
            .filter(|p| !p.as_os_str().is_empty())
            .map(|p| workspace_root().join(p))
            .collect();
    }
    marginalia_testkit::build_plugins(Profile::Release)
        .unwrap_or_else(|e| panic!("building the plugins in release: {e}"))
        .plugin_dirs()
}

/// Loads the plugin library `name` from `dirs` through the host's loader, as `marginalia`
/// does.
///
/// # Panics
/// When it is not there or does not load.
pub fn load_library(name: &str, dirs: &[PathBuf]) -> PluginLibrary {
    let path = find_library(name, dirs)
        .unwrap_or_else(|| panic!("no library for plugin `{name}` in {dirs:?}"));
    PluginLibrary::open(&path).unwrap_or_else(|e| panic!("loading {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ten_megabyte_document_is_ten_one_megabyte_ones() {
        let one = document(1);
        assert!(
            one.len() >= MB && one.len() < MB + 64 * 1024,
            "{}",
            one.len()
        );
        assert_eq!(document(10), one.repeat(10));
    }

    #[test]
    fn actors_have_their_config_table() {
        // The table exists in the root config (it may be empty).
        assert!(toml::from_str::<toml::Table>(&plugin_config("actors")).is_ok());
        assert_eq!(plugin_config("no-such-plugin"), "");
    }
}
