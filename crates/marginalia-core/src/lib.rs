//! The core of marginalia, and the one crate a plugin depends on: the document model, the
//! [`Plugin`] trait, and [`export_plugin!`].
//!
//! A plugin is a crate with `crate-type = ["cdylib", "rlib"]` and `[lib] name =
//! "marginalia_plugin_<name>"` that implements [`Plugin`] in safe Rust and ends with one
//! `export_plugin!(MyPlugin);`. The macro generates the C ABI entry point (see the
//! `marginalia-abi` crate); the host (`marginalia-host`) loads the library at run time, checks
//! its ABI version, builds an instance from the plugin's config, and calls it once per
//! document.
//!
//! ```
//! use marginalia_core::{Attrs, Config, Document, Emitter, Manifest, Plugin, PluginError};
//!
//! pub struct Hello;
//!
//! impl Plugin for Hello {
//!     fn manifest() -> Manifest {
//!         Manifest::new("hello", env!("CARGO_PKG_VERSION")).emits(["greeting"])
//!     }
//!     fn new(_config: &Config) -> Result<Self, PluginError> {
//!         Ok(Hello)
//!     }
//!     fn annotate(&self, doc: &Document<'_>, out: &mut Emitter<'_>) -> Result<(), PluginError> {
//!         for (start, word) in doc.text().match_indices("hello") {
//!             out.emit("greeting", start..start + word.len(), &Attrs::new())?;
//!         }
//!         Ok(())
//!     }
//! }
//!
//! marginalia_core::export_plugin!(Hello);
//! ```
//!
//! # The contract, in one place
//!
//! - **Spans** are UTF-8 byte offsets into [`Document::text`], half-open, `start < end`, on
//!   character boundaries, with a label the [`Manifest`] emits and finite attributes. The
//!   host checks every one with [`validate`]; an invalid span fails the document, and nothing
//!   is clamped or dropped.
//! - **Failures stay small.** An `Err` from [`Plugin::annotate`] fails one document; a panic
//!   is caught at the boundary, fails one document, and retires that instance (a fresh one
//!   takes over). An `Err` from [`Plugin::new`] stops the run before any document is read.
//! - **Threads** are declared: [`export_plugin!`] requires `Sync` unless the plugin says
//!   `single_threaded`.
//! - **Labels** flow between plugins through [`Manifest::needs`]: a plugin sees the earlier
//!   annotations of the labels it needs, sorted, and runs after the plugins that emit them.
//! - **Configuration** is the plugin's `[plugins.NAME]` table, as a [`Config`]; unknown keys
//!   should be errors (`#[serde(deny_unknown_fields)]`).
//! - **Logs** go through `tracing`: events reach the host's subscriber, under the target
//!   `marginalia::plugin`, so `RUST_LOG` applies.
//!
//! `docs/plugin-guide.md` walks through a complete plugin, from `cargo xtask new-plugin` to its
//! snapshot in CI, with `marginalia-testkit` for the tests. What may change between versions
//! of this crate without rebuilding plugins, and what may not, is `docs/abi-policy.md`: an
//! ABI change is always a breaking release of this crate.

#![deny(missing_docs)]

mod attrs;
mod config;
mod document;
mod error;
#[doc(hidden)]
pub mod export;
mod log_forward;
mod manifest;
mod plugin;
pub mod validate;

pub use attrs::{AttrValue, Attrs};
pub use config::Config;
pub use document::{Annotation, Document};
pub use error::PluginError;
pub use manifest::Manifest;
pub use plugin::{Emitter, Plugin, Span};

#[doc(hidden)]
pub use marginalia_abi as abi;

/// Exports a [`Plugin`] type as this library's plugin. Use it exactly once per `cdylib`, at
/// the crate's top level.
///
/// It generates the library's one entry symbol, `marginalia_plugin_v1` (the ABI version is in
/// the name), returning a `'static` table of `extern "C"` functions that call the plugin.
/// Those functions catch every panic, so no unwinding crosses the boundary; the library
/// must be built with `panic = "unwind"` (the default; the workspace profiles set it).
///
/// - `export_plugin!(MyPlugin)` requires `MyPlugin: Sync`, checked at compile time, and
///   declares the plugin thread-safe: the host may call one instance from several threads at
///   once.
/// - `export_plugin!(MyPlugin, single_threaded)` is for a plugin that is not `Sync` (it
///   mutates state while annotating, through a `Cell` or `RefCell`): the host serializes its
///   calls.
///
/// ```
/// use std::cell::Cell;
///
/// use marginalia_core::{Attrs, Config, Document, Emitter, Manifest, Plugin, PluginError};
///
/// /// Numbers the documents it sees: `Cell` makes it `!Sync`.
/// struct Counter {
///     seen: Cell<i64>,
/// }
///
/// impl Plugin for Counter {
///     fn manifest() -> Manifest {
///         Manifest::new("counter", "0.1.0").emits(["document"])
///     }
///     fn new(_config: &Config) -> Result<Self, PluginError> {
///         Ok(Counter { seen: Cell::new(0) })
///     }
///     fn annotate(&self, doc: &Document<'_>, out: &mut Emitter<'_>) -> Result<(), PluginError> {
///         self.seen.set(self.seen.get() + 1);
///         if !doc.text().is_empty() {
///             let attrs = Attrs::new().with("number", self.seen.get());
///             out.emit("document", 0..doc.text().len(), &attrs)?;
///         }
///         Ok(())
///     }
/// }
///
/// marginalia_core::export_plugin!(Counter, single_threaded);
/// ```
///
/// The default form refuses it at compile time:
///
/// ```compile_fail,E0277
/// # use std::cell::Cell;
/// # use marginalia_core::{Config, Document, Emitter, Manifest, Plugin, PluginError};
/// # struct Counter { seen: Cell<i64> }
/// # impl Plugin for Counter {
/// #     fn manifest() -> Manifest { Manifest::new("counter", "0.1.0") }
/// #     fn new(_: &Config) -> Result<Self, PluginError> { Ok(Counter { seen: Cell::new(0) }) }
/// #     fn annotate(&self, _: &Document<'_>, _: &mut Emitter<'_>) -> Result<(), PluginError> { Ok(()) }
/// # }
/// marginalia_core::export_plugin!(Counter); // error: `Cell<i64>` cannot be shared between threads
/// ```
#[macro_export]
macro_rules! export_plugin {
    ($plugin:ty) => {
        const _: () = $crate::export::assert_sync::<$plugin>();
        $crate::export_plugin!(@entry $plugin, $crate::abi::FLAG_THREAD_SAFE);
    };
    ($plugin:ty, single_threaded) => {
        $crate::export_plugin!(@entry $plugin, 0);
    };
    (@entry $plugin:ty, $flags:expr) => {
        const _: () = {
            static VTABLE: $crate::abi::PluginVTable = $crate::export::vtable::<$plugin>($flags);
            // The symbol name carries the ABI major version; keep the two in step.
            const _: () = ::core::assert!($crate::abi::ABI_VERSION == 1);
            // SAFETY: `no_mangle` is sound here: the name is unique to marginalia's entry
            // point and a library exports one plugin, so no other symbol collides with it.
            #[allow(unsafe_code)]
            #[unsafe(no_mangle)]
            pub extern "C" fn marginalia_plugin_v1() -> *const $crate::abi::PluginVTable {
                &VTABLE
            }
        };
    };
}

/// The plugin example in the README compiles and runs as a doc test of this crate.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeExample;
