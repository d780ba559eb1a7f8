//! Test support for marginalia: its one job is to get plugin libraries built and make their
//! output easy to check.
//!
//! - [`build_plugins`] runs `cargo build` on the workspace and reports, from cargo's own JSON
//!   messages, where every plugin library (`cdylib`) and the `marginalia` binary landed.
//! - [`plugin_dirs`] gives the directories to pass as `--plugin-dir`: those in
//!   `MARGINALIA_PLUGIN_DIR` when it is set, else the ones a debug build produced.
//! - [`render_annotations`] and [`snapshot_name`] turn a document's annotations into the
//!   readable text that snapshot tests store.
//!
//! Everything here is test support: [`plugin_dirs`] panics with a clear message rather than
//! returning an error.

mod build;
mod corpus;
mod render;

pub use build::{
    BuildError, BuiltArtifacts, PLUGIN_DIR_ENV, Profile, build_command, build_plugins, display,
    plugin_dirs, run_build, workspace_root,
};
pub use corpus::{corpus_ids, snapshot_name};
pub use render::render_annotations;
