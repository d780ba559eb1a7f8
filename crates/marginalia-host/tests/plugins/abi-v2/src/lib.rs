//! Test plugin `test-abi-v2`: what a plugin built by a future marginalia-core (ABI version 2)
//! looks like to this host: its entry symbol is `marginalia_plugin_v2`. The host must refuse
//! it with an error naming both versions, without calling anything in it.
#![allow(unsafe_code)]

use marginalia_abi::{PluginVTable, VTableHeader};

/// A version-2 vtable; only its header is meaningful to a version-1 host.
#[repr(C)]
struct FutureVTable {
    header: VTableHeader,
}

static VTABLE: FutureVTable = FutureVTable {
    header: VTableHeader {
        abi_version: 2,
        size: size_of::<FutureVTable>(),
    },
};

/// The entry point of ABI version 2.
// SAFETY: a unique, marginalia-specific symbol name; nothing else in the library uses it.
#[unsafe(no_mangle)]
pub extern "C" fn marginalia_plugin_v2() -> *const PluginVTable {
    (&raw const VTABLE).cast()
}
