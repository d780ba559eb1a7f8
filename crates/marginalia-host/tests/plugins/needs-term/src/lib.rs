//! Test plugin `test-needs-term`: see `../README.md`. It needs the label `term`, which only a
//! plugin that takes its labels from its config (`rules`) can provide, so a pipeline with it
//! shows that the host orders plugins by configured labels.

use marginalia_core::{Attrs, Config, Document, Emitter, Manifest, Plugin, PluginError};

/// The plugin.
#[derive(Debug)]
pub struct NeedsTerm;

impl Plugin for NeedsTerm {
    fn manifest() -> Manifest {
        Manifest::new("test-needs-term", "0.0.1")
            .emits(["term_seen"])
            .needs(["term"])
    }

    fn new(_config: &Config) -> Result<Self, PluginError> {
        Ok(NeedsTerm)
    }

    /// Emits a `term_seen` span over each `term` annotation it was lent, naming its plugin.
    fn annotate(&self, doc: &Document<'_>, out: &mut Emitter<'_>) -> Result<(), PluginError> {
        for term in doc.annotations_labelled("term") {
            let attrs = Attrs::new().with("from", term.plugin.as_str());
            out.emit("term_seen", term.start..term.end, &attrs)?;
        }
        Ok(())
    }
}

marginalia_core::export_plugin!(NeedsTerm);
