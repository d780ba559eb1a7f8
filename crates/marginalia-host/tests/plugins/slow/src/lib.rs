//! Test plugin `test-slow`: see `../README.md`. It sleeps on every document and emits
//! nothing, so that a run is slow enough for a test to kill it halfway
//! (`crates/marginalia-cli/tests/resume.rs`).

use std::time::Duration;

use marginalia_core::{Config, Document, Emitter, Manifest, Plugin, PluginError};

/// The plugin.
#[derive(Debug)]
pub struct Slow {
    pause: Duration,
}

/// `[plugins.test-slow]`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Settings {
    /// How long to sleep on each document, in milliseconds [default: 5].
    #[serde(default = "default_ms")]
    ms: u64,
}

fn default_ms() -> u64 {
    5
}

impl Plugin for Slow {
    fn manifest() -> Manifest {
        Manifest::new("test-slow", "0.0.1").emits(["slow"])
    }

    fn new(config: &Config) -> Result<Self, PluginError> {
        let settings: Settings = config.deserialize()?;
        Ok(Slow {
            pause: Duration::from_millis(settings.ms),
        })
    }

    fn annotate(&self, _doc: &Document<'_>, _out: &mut Emitter<'_>) -> Result<(), PluginError> {
        std::thread::sleep(self.pause);
        Ok(())
    }
}

marginalia_core::export_plugin!(Slow);
