//! Test plugin `test-old-vtable`: see `../README.md`. Its vtable says it is
//! `PLUGIN_VTABLE_BASE_SIZE` bytes, as a plugin built before `emits` was appended to the
//! version-1 table: the host must load it, never read past that size, and run it.
#![allow(unsafe_code)]

use marginalia_abi::{FLAG_THREAD_SAFE, PLUGIN_VTABLE_BASE_SIZE, PluginVTable};
use marginalia_core::{Attrs, Config, Document, Emitter, Manifest, Plugin, PluginError};

/// The plugin: tags the first word as `word`.
#[derive(Debug)]
pub struct OldVTable;

impl Plugin for OldVTable {
    fn manifest() -> Manifest {
        Manifest::new("test-old-vtable", "0.0.1").emits(["word"])
    }

    fn new(_config: &Config) -> Result<Self, PluginError> {
        Ok(OldVTable)
    }

    fn annotate(&self, doc: &Document<'_>, out: &mut Emitter<'_>) -> Result<(), PluginError> {
        let text = doc.text();
        let end = text.find(char::is_whitespace).unwrap_or(text.len());
        if end > 0 {
            out.emit("word", 0..end, &Attrs::new())?;
        }
        Ok(())
    }
}

static VTABLE: PluginVTable = {
    let mut table = marginalia_core::export::vtable::<OldVTable>(FLAG_THREAD_SAFE);
    table.size = PLUGIN_VTABLE_BASE_SIZE;
    table
};

/// The version-1 entry point, returning the shortened table.
// SAFETY: a unique, marginalia-specific symbol name; nothing else in the library uses it.
#[unsafe(no_mangle)]
pub extern "C" fn marginalia_plugin_v1() -> *const PluginVTable {
    &VTABLE
}
