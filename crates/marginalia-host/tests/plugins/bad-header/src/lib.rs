//! Test plugin `test-bad-header`: exports the version-1 entry symbol, but the vtable header
//! declares ABI version 7 (as a library built against a mismatched core would). The host must
//! refuse it after reading the header, naming both versions, and touch nothing else.
#![allow(unsafe_code)]

use marginalia_abi::{PluginVTable, VTableHeader};

static HEADER: VTableHeader = VTableHeader {
    abi_version: 7,
    size: size_of::<VTableHeader>(),
};

/// The version-1 entry point, returning a table that is not version 1.
// SAFETY: a unique, marginalia-specific symbol name; nothing else in the library uses it.
#[unsafe(no_mangle)]
pub extern "C" fn marginalia_plugin_v1() -> *const PluginVTable {
    (&raw const HEADER).cast()
}
