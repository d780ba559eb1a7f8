//! The test kit for marginalia plugins: run a plugin on a string, in-process or through its
//! built library, check every span as the host does, assert spans by the text they cover,
//! and snapshot the result with [insta](https://insta.rs).
//!
//! ```
//! # use marginalia_core::{Attrs, Config, Document, Emitter, Manifest, Plugin, PluginError};
//! # /// Tags "$N billion" as a trade figure in USD.
//! # struct TradeFigures;
//! # impl Plugin for TradeFigures {
//! #     fn manifest() -> Manifest { Manifest::new("trade-figures", "0.1.0").emits(["trade_figure"]) }
//! #     fn new(_: &Config) -> Result<Self, PluginError> { Ok(TradeFigures) }
//! #     fn annotate(&self, doc: &Document<'_>, out: &mut Emitter<'_>) -> Result<(), PluginError> {
//! #         let text = doc.text();
//! #         for (start, _) in text.match_indices('$') {
//! #             let Some(len) = text[start..].find(" billion") else { continue };
//! #             let number: f64 = text[start + 1..start + len].parse()?;
//! #             let end = start + len + " billion".len();
//! #             let attrs = Attrs::new().with("value", number * 1e9).with("unit", "USD");
//! #             out.emit("trade_figure", start..end, &attrs)?;
//! #         }
//! #         Ok(())
//! #     }
//! # }
//! let out = marginalia_testkit::run::<TradeFigures>("", "Trade reached $3.6 billion in 2023.");
//! out.span("$3.6 billion").is("trade_figure").attr("value", 3.6e9).attr("unit", "USD");
//! insta::assert_snapshot!(out.render(), @r#"14..26  trade_figure  "$3.6 billion"  unit="USD" value=3600000000"#);
//! ```
//!
//! # Running a plugin
//!
//! - [`run::<P>(config, text)`](run()) calls the plugin type `P` directly: nothing is built
//!   or loaded, a test runs in milliseconds, and a panic in the plugin shows its backtrace.
//! - [`run_library(name, config, text)`](run_library) loads the plugin's built `cdylib`
//!   through the C ABI with the host's own loader, exactly as `marginalia annotate` does, so
//!   it also tests the export glue, the config's trip through the ABI, panic containment and
//!   the library's file name. The library is found in [`plugin_dirs`], which builds the
//!   workspace once per test process (or takes `MARGINALIA_PLUGIN_DIR`).
//! - [`Runner`] does either with more options: a document id, earlier plugins' annotations
//!   for a plugin that `needs` them ([`Runner::after`]), and [`Runner::try_run`] to test
//!   failures.
//!
//! `config` is the body of the plugin's `[plugins.NAME]` table in `marginalia.toml`, as TOML;
//! `""` for none.
//!
//! Both paths give the same [`Annotated`] for the same plugin, config and text: every span
//! passes the host's checks ([`marginalia_core::validate`]: `start < end <= len`, character
//! boundaries, a label the manifest `emits`, attributes that survive the JSON trip to the
//! host), and the annotations are sorted by [`Annotation::sort_key`](marginalia_core::Annotation::sort_key),
//! the host's output order. A span that fails the checks fails the run with the host's own
//! message:
//!
//! ```text
//! plugin `test-mid-char` emitted an invalid span 12..13 (word) in document `mid.txt`: offset 12 is inside the character 'é' at bytes 11..13
//! ```
//!
//! # Assertions
//!
//! [`Annotated::span`] picks the annotations covering exactly a text, and each
//! [`Spans`] assertion narrows them: `out.span("Hanoi").is("actor").attr("id", "VNM")` holds
//! when some annotation of `Hanoi` is an `actor` with id `VNM`. [`Spans::occurrence`] picks
//! one of several occurrences. [`Annotated::no_span`] asserts a text is not annotated (and
//! refuses a text that does not occur: such an assertion would prove nothing).
//! [`Annotated::texts`] lists the covered texts for a plain `assert_eq!`. A failed
//! assertion panics at the test's line with what it looked for and everything the plugin
//! emitted.
//!
//! # Snapshots
//!
//! [`Annotated::render`] gives the text the corpus snapshots hold ([`render_annotations`]),
//! one annotation per line: `insta::assert_snapshot!(out.render())` writes
//! `tests/snapshots/<test file>__<test name>.snap` next to the test. A new or changed snapshot
//! fails the test and leaves a `.snap.new`; review it with `cargo insta review`, or accept
//! all with `INSTA_UPDATE=always cargo test -p <crate>`, and read the diff before committing.
//!
//! # Test support for the workspace
//!
//! The rest serves marginalia's own tests and `cargo xtask`:
//!
//! - [`build_plugins`] runs `cargo build` on the workspace and reports, from cargo's own JSON
//!   messages, where every plugin library (`cdylib`) and the `marginalia` binary landed.
//! - [`plugin_dirs`] gives the directories to pass as `--plugin-dir`: those in
//!   `MARGINALIA_PLUGIN_DIR` when it is set, else the ones a debug build produced.
//! - [`render_annotations`], [`corpus_ids`] and [`snapshot_name`] turn a corpus document's
//!   annotations into the readable text that snapshot tests store.
//!
//! Everything here is test support: it panics with a clear message rather than returning an
//! error, except where a `try_` function says otherwise.

mod annotated;
mod build;
mod corpus;
mod render;
mod run;

pub use annotated::{Annotated, Spans};
pub use build::{
    BuildError, BuiltArtifacts, PLUGIN_DIR_ENV, Profile, build_command, build_plugins, display,
    plugin_dirs, run_build, workspace_root,
};
pub use corpus::{corpus_ids, snapshot_name};
pub use render::render_annotations;
pub use run::{DEFAULT_ID, RunError, Runner, run, run_library};
