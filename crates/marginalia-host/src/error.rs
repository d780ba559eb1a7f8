//! Errors of loading plugins and of calling them.

use std::path::PathBuf;

use marginalia_core::validate::{SpanRef, SpanViolation};

/// A plugin library that could not be loaded. Every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The dynamic loader refused the file.
    #[error("cannot load plugin library {}: {source}", path.display())]
    Open {
        /// The library.
        path: PathBuf,
        /// The loader's error.
        source: libloading::Error,
    },
    /// The library exports no entry symbol for this host's ABI.
    #[error("{} is not a marginalia plugin for ABI version {expected}: {}", path.display(), describe_other(*other_version))]
    NoEntry {
        /// The library.
        path: PathBuf,
        /// This host's ABI version.
        expected: u32,
        /// The ABI version of an entry symbol it does export, if any.
        other_version: Option<u32>,
    },
    /// The vtable declares another ABI version than its symbol name.
    #[error(
        "{} was built for marginalia plugin ABI version {found}, but this marginalia speaks version {expected}: rebuild the plugin against this marginalia-core",
        path.display()
    )]
    AbiMismatch {
        /// The library.
        path: PathBuf,
        /// The plugin's ABI version.
        found: u32,
        /// This host's ABI version.
        expected: u32,
    },
    /// The vtable is smaller than this ABI version's.
    #[error("{}: plugin vtable is {found} bytes, ABI version {abi} needs at least {expected}: the plugin is corrupt or was built by an incompatible marginalia-core", path.display())]
    VTableTooSmall {
        /// The library.
        path: PathBuf,
        /// Its declared size.
        found: usize,
        /// The size this host needs.
        expected: usize,
        /// The ABI version.
        abi: u32,
    },
    /// The manifest could not be read or is invalid.
    #[error("{}: invalid plugin manifest: {message}", path.display())]
    Manifest {
        /// The library.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

fn describe_other(version: Option<u32>) -> String {
    match version {
        Some(v) => format!(
            "it was built for plugin ABI version {v}; rebuild it against the marginalia-core of this marginalia"
        ),
        None => "it exports no `marginalia_plugin_v*` entry symbol (was it built with `export_plugin!`?)".to_owned(),
    }
}

/// A call into a plugin that did not succeed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallError {
    /// The plugin returned an error.
    #[error("{0}")]
    Failed(String),
    /// The plugin panicked; the instance is not called again.
    #[error("{0}")]
    Panicked(String),
    /// The plugin emitted an invalid span.
    #[error("emitted an invalid span {span}: {violation}")]
    InvalidSpan {
        /// The span as emitted.
        span: SpanRef,
        /// What is wrong with it.
        violation: SpanViolation,
    },
    /// The plugin returned a status code the ABI does not define.
    #[error("returned the undefined status code {0}")]
    UnknownStatus(u32),
    /// The instance was not called: it had panicked on another document.
    #[error("was not called: its instance panicked earlier and could not be replaced")]
    Poisoned,
}
