//! A configured, ordered set of loaded plugin instances, run over one document at a time.

use std::collections::BTreeSet;
use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use marginalia_core::{Annotation, Manifest};

use crate::config::{Config, Location, PluginEntry};
use crate::discovery::{describe_dirs, find_library, list_libraries};
use crate::error::{CallError, LoadError};
use crate::loader::{LentAnnotation, PluginInstance, PluginLibrary};
use crate::order::{OrderError, order};
use crate::trust::{Trust, TrustError};

/// A pipeline that could not be built. Each variant says what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// No library for a configured plugin.
    #[error("{}plugin `{name}` not found: no file {file} in\n{searched}\nplugins found there: {found}\nbuild it (`cargo build --release -p marginalia-plugin-{name}`) or add its directory to `plugin_dirs` or --plugin-dir",
        at(location), found = if found.is_empty() { "none".to_owned() } else { found.join(", ") })]
    NotFound {
        /// The plugin.
        name: String,
        /// Where the config names it.
        location: Option<Location>,
        /// The file looked for.
        file: String,
        /// The directories searched, formatted.
        searched: String,
        /// The plugins that are there.
        found: Vec<String>,
    },
    /// A library could not be loaded.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// A library's manifest names another plugin than its file name.
    #[error("{}: the library's manifest names plugin `{found}`, but its file name says `{expected}`; rename the crate or the manifest so they agree", path.display())]
    NameMismatch {
        /// The library.
        path: PathBuf,
        /// The name the file stands for.
        expected: String,
        /// The name in the manifest.
        found: String,
    },
    /// A library was refused before it was opened: its permissions, or the lock file.
    #[error(transparent)]
    Trust(#[from] TrustError),
    /// The plugins cannot be ordered.
    #[error(transparent)]
    Order(#[from] OrderError),
    /// A plugin refused its config (or failed to start).
    #[error(
        "{}plugin `{plugin}` could not start with its config: {error}",
        at(location)
    )]
    Create {
        /// The plugin.
        plugin: String,
        /// Where in the config the error is: the line and column the plugin's message names,
        /// else its config table (or where it is named).
        location: Option<Location>,
        /// What it said (without the line and column, which are in `location`).
        error: CallError,
    },
}

fn at(location: &Option<Location>) -> String {
    location
        .as_ref()
        .map(|l| format!("{l}: "))
        .unwrap_or_default()
}

/// A document that a plugin failed on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentError {
    /// The plugin.
    pub plugin: String,
    /// The document id.
    pub document: String,
    /// What happened.
    pub error: CallError,
}

impl fmt::Display for DocumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (plugin, document) = (&self.plugin, &self.document);
        match &self.error {
            CallError::InvalidSpan { span, violation } => {
                write!(
                    f,
                    "plugin `{plugin}` emitted an invalid span {span} in document `{document}`: {violation}"
                )
            }
            CallError::Panicked(message) => {
                write!(f, "plugin `{plugin}` {message} on document `{document}`")
            }
            CallError::Failed(message) => write!(
                f,
                "plugin `{plugin}` failed on document `{document}`: {message}"
            ),
            other => write!(f, "plugin `{plugin}` {other} on document `{document}`"),
        }
    }
}

impl std::error::Error for DocumentError {}

struct Stage {
    library: PluginLibrary,
    /// The config text the instance was created from, for a fresh instance after a panic.
    config_toml: String,
    /// The labels the instance emits (its manifest's, or its configured ones).
    emits: Vec<String>,
    needs: BTreeSet<String>,
    instance: RwLock<Arc<PluginInstance>>,
}

/// Loaded plugins in run order. `Sync`: documents may be annotated from several threads.
pub struct Pipeline {
    stages: Vec<Stage>,
}

impl fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.stages.iter().map(|s| &s.library.manifest().name))
            .finish()
    }
}

impl Pipeline {
    /// Finds, loads, instantiates and orders the plugins of `config`. `extra_dirs` are
    /// searched before the config's `plugin_dirs`.
    ///
    /// Every library is checked before it is opened ([`crate::trust`]): its permissions, and
    /// its hash when the config's lock file exists (which must exist when `config.locked`).
    ///
    /// Instances are created in the configured order before the pipeline is ordered: a plugin
    /// whose manifest declares `emits = ["*"]` learns its labels from its config, and the
    /// order depends on them.
    pub fn load(config: &Config, extra_dirs: &[PathBuf]) -> Result<Pipeline, PipelineError> {
        let dirs: Vec<PathBuf> = extra_dirs
            .iter()
            .chain(&config.plugin_dirs)
            .cloned()
            .collect();
        let trust = Trust::for_config(config)?;
        let libraries = config
            .pipeline
            .iter()
            .map(|entry| open_plugin(entry, &dirs, &trust).map(|(library, _)| library))
            .collect::<Result<Vec<_>, _>>()?;
        let mut slots = Vec::with_capacity(libraries.len());
        for (library, entry) in libraries.into_iter().zip(&config.pipeline) {
            let (config_toml, positions) = entry.settings_text();
            let instance = library
                .instantiate(&config_toml)
                .map_err(|error| create_error(config, entry, positions, error))?;
            tracing::debug!(plugin = %entry.name, path = %library.path().display(), emits = ?instance.emits(), "plugin loaded");
            slots.push(Some(Stage {
                needs: library.manifest().needs.iter().cloned().collect(),
                emits: instance.emits().to_vec(),
                config_toml,
                instance: RwLock::new(Arc::new(instance)),
                library,
            }));
        }
        // Order by what each instance emits: the manifest's labels, or the configured ones.
        let manifests: Vec<Manifest> = slots
            .iter()
            .flatten()
            .map(|stage| Manifest {
                emits: stage.emits.clone(),
                ..stage.library.manifest().clone()
            })
            .collect();
        let run_order = order(&manifests.iter().collect::<Vec<_>>())?;
        let stages = run_order
            .into_iter()
            .filter_map(|i| slots[i].take())
            .collect();
        Ok(Pipeline { stages })
    }

    /// The labels each loaded plugin emits, in run order: its manifest's `emits`, or for a
    /// plugin declaring `emits = ["*"]`, the labels its instance declared from its config.
    pub fn emitted_labels(&self) -> impl Iterator<Item = (&PluginLibrary, &[String])> {
        self.stages.iter().map(|s| (&s.library, s.emits.as_slice()))
    }

    /// The loaded plugins, in run order.
    pub fn plugins(&self) -> impl Iterator<Item = &PluginLibrary> {
        self.stages.iter().map(|s| &s.library)
    }

    /// Runs every plugin over the document, in order, and returns all annotations sorted by
    /// [`Annotation::sort_key`]. The first plugin failure fails the document.
    ///
    /// A plugin instance that panics is never called again: it is replaced by a fresh one,
    /// built from the same config, for the next document.
    pub fn annotate(&self, id: &str, text: &str) -> Result<Vec<Annotation>, DocumentError> {
        self.annotate_observed(id, text, |_| ())
    }

    /// [`annotate`](Self::annotate), calling `before_stage(i)` before the `i`-th plugin of
    /// [`plugins`](Self::plugins) runs: a worker process reports it, so that if the process
    /// dies the host knows which plugin killed it.
    pub fn annotate_observed(
        &self,
        id: &str,
        text: &str,
        mut before_stage: impl FnMut(usize),
    ) -> Result<Vec<Annotation>, DocumentError> {
        let mut done: Vec<LentAnnotation> = Vec::new();
        for (index, stage) in self.stages.iter().enumerate() {
            before_stage(index);
            let mut lent: Vec<&LentAnnotation> = done
                .iter()
                .filter(|a| stage.needs.contains(&a.annotation.label))
                .collect();
            lent.sort_by(|a, b| a.annotation.sort_key().cmp(&b.annotation.sort_key()));
            let emitted = stage
                .annotate(id, text, &lent)
                .map_err(|error| DocumentError {
                    plugin: stage.library.manifest().name.clone(),
                    document: id.to_owned(),
                    error,
                })?;
            done.extend(emitted.into_iter().map(LentAnnotation::from));
        }
        let mut annotations: Vec<Annotation> = done.into_iter().map(|l| l.annotation).collect();
        annotations.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        Ok(annotations)
    }
}

impl Stage {
    /// Calls the current instance. An instance poisoned by a panic on another document (on
    /// another thread, after this one took it) is replaced and the call made on the fresh
    /// one, so that only the document that panicked fails.
    fn annotate(
        &self,
        id: &str,
        text: &str,
        lent: &[&LentAnnotation],
    ) -> Result<Vec<Annotation>, CallError> {
        const ATTEMPTS: usize = 3;
        for _ in 0..ATTEMPTS {
            let instance = Arc::clone(&self.instance.read().unwrap_or_else(|p| p.into_inner()));
            match instance.annotate(id, text, lent) {
                Err(CallError::Poisoned) => self.replace_poisoned(&instance),
                result => {
                    if instance.is_poisoned() {
                        self.replace_poisoned(&instance);
                    }
                    return result;
                }
            }
        }
        Err(CallError::Poisoned)
    }

    /// Swaps `poisoned` for a fresh instance, unless another thread already did.
    fn replace_poisoned(&self, poisoned: &Arc<PluginInstance>) {
        let mut slot = self.instance.write().unwrap_or_else(|p| p.into_inner());
        if !Arc::ptr_eq(&slot, poisoned) {
            return;
        }
        let name = &self.library.manifest().name;
        match self.library.instantiate(&self.config_toml) {
            Ok(fresh) if fresh.emits() != self.emits => {
                tracing::error!(plugin = %name, emits = ?fresh.emits(), "plugin instance panicked, and a fresh instance declares other labels than the first; not replaced")
            }
            Ok(fresh) => {
                tracing::warn!(plugin = %name, "plugin instance panicked; replaced by a fresh instance");
                *slot = Arc::new(fresh);
            }
            Err(error) => {
                tracing::error!(plugin = %name, %error, "plugin instance panicked and could not be recreated")
            }
        }
    }
}

/// The error of a plugin that refused its config. A message starting with `line L, column C: `
/// (as `marginalia_core::Config` errors do) is placed at that line and column of the config
/// file when `positions` says the text passed has the file's lines and columns; otherwise the
/// position is dropped (it points into a re-serialized table) and the table is named instead.
fn create_error(
    config: &Config,
    entry: &PluginEntry,
    positions: bool,
    error: CallError,
) -> PipelineError {
    let mut location = entry
        .settings_location
        .clone()
        .or_else(|| entry.location.clone());
    let error = match error {
        CallError::Failed(message) => match marginalia_core::Config::split_position(&message) {
            Some(((line, column), rest)) => {
                if positions {
                    location = Some(Location {
                        path: config.path.clone(),
                        line,
                        column,
                    });
                }
                CallError::Failed(rest.to_owned())
            }
            None => CallError::Failed(message),
        },
        other => other,
    };
    PipelineError::Create {
        plugin: entry.name.clone(),
        location,
        error,
    }
}

/// Finds the library of `entry` in `dirs`, has `trust` admit it, opens it and checks that its
/// manifest names the plugin. Returns the library and its SHA-256 when `trust` computed it.
pub(crate) fn open_plugin(
    entry: &PluginEntry,
    dirs: &[PathBuf],
    trust: &Trust,
) -> Result<(PluginLibrary, Option<String>), PipelineError> {
    let Some(path) = find_library(&entry.name, dirs) else {
        let mut found: Vec<String> = list_libraries(dirs)
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        found.dedup();
        return Err(PipelineError::NotFound {
            name: entry.name.clone(),
            location: entry.location.clone(),
            file: crate::discovery::library_file_name(&entry.name),
            searched: describe_dirs(dirs),
            found,
        });
    };
    let sha256 = trust.admit(&entry.name, &path)?;
    let library = PluginLibrary::open(&path)?;
    if library.manifest().name != entry.name {
        return Err(PipelineError::NameMismatch {
            path,
            expected: entry.name.clone(),
            found: library.manifest().name.clone(),
        });
    }
    Ok((library, sha256))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipeline_can_be_shared_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Pipeline>();
    }
}
