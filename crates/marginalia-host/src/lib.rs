//! The marginalia host: everything between a config file and JSON Lines output.
//!
//! - [`config`]: reads `marginalia.toml`;
//! - [`discovery`]: maps plugin names to library files in the plugin directories;
//! - [`loader`]: opens a library through the C ABI, checks it, and calls it (the only
//!   `unsafe` in the host);
//! - [`validate`]: the checks every emitted span must pass (`marginalia_core::validate`,
//!   re-exported: they are part of the plugin contract);
//! - [`order`]: orders plugins by the labels they need and emit;
//! - [`pipeline`]: the loaded, ordered plugins, run over one document;
//! - [`trust`]: what is checked before a library is opened: its permissions, and its hash
//!   against the lock file `marginalia.lock`;
//! - [`input`], [`run`], [`output`]: finding documents, running the pipeline over them, and
//!   writing the records.
//!
//! ```no_run
//! use std::path::Path;
//! use marginalia_host::{config::Config, pipeline::Pipeline};
//!
//! let config = Config::load(Path::new("marginalia.toml"))?;
//! let pipeline = Pipeline::load(&config, &[])?;
//! for annotation in pipeline.annotate("note.txt", "Sanctions on North Korea.")? {
//!     println!("{} {:?}", annotation.label, annotation.text);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod config;
pub mod discovery;
pub mod error;
pub mod input;
pub mod loader;
pub mod order;
pub mod output;
pub mod pipeline;
pub mod run;
pub mod trust;

pub use marginalia_core::validate;
