//! Test plugin `test-noop`: see `../README.md`. It does no work of its own, so that a
//! benchmark calling it through the loader measures what one call across the ABI costs
//! (`crates/marginalia-bench/benches/abi.rs`).

use marginalia_core::{Attrs, Config, Document, Emitter, Manifest, Plugin, PluginError};

/// The plugin.
#[derive(Debug)]
pub struct Noop {
    emit_one: bool,
}

/// `[plugins.test-noop]`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Settings {
    /// Emit one `noop` span over the first character of a non-empty document (no attributes),
    /// so that the cost of one span through the host's sink and checks can be measured too.
    #[serde(default)]
    emit_one: bool,
}

impl Plugin for Noop {
    fn manifest() -> Manifest {
        Manifest::new("test-noop", "0.0.1").emits(["noop"])
    }

    fn new(config: &Config) -> Result<Self, PluginError> {
        let settings: Settings = config.deserialize()?;
        Ok(Noop {
            emit_one: settings.emit_one,
        })
    }

    fn annotate(&self, doc: &Document<'_>, out: &mut Emitter<'_>) -> Result<(), PluginError> {
        if !self.emit_one {
            return Ok(());
        }
        if let Some(first) = doc.text().chars().next() {
            out.emit("noop", 0..first.len_utf8(), &Attrs::new())?;
        }
        Ok(())
    }
}

marginalia_core::export_plugin!(Noop);
