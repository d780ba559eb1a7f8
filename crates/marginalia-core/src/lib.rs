//! The core of marginalia: the document model, the [`Plugin`] trait, and [`export_plugin!`].
//!
//! A plugin is a `cdylib` crate that implements [`Plugin`] in safe Rust and ends with one
//! `export_plugin!(MyPlugin);`. The macro generates the C ABI entry point (see the
//! `marginalia-abi` crate); the host (`marginalia-host`) loads the library at run time, checks
//! its ABI version, and calls it once per document.
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
//! Everything a plugin receives is validated by the host again; everything it emits is too.
//! Logging through `tracing` in a plugin reaches the host's subscriber, so `RUST_LOG` applies.

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

/// Exports a [`Plugin`] type as this library's plugin. Use it once per `cdylib`.
///
/// `export_plugin!(MyPlugin)` requires `MyPlugin: Sync`: the host may then call one instance
/// from several threads at once. A plugin that is not `Sync` (it mutates state while
/// annotating) uses `export_plugin!(MyPlugin, single_threaded)`, and the host serializes its
/// calls.
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
