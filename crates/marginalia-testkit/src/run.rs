//! Running one plugin on one text: in-process, or through its built library and the host's
//! loader, with the host's span checks either way.

use std::path::PathBuf;

use marginalia_abi::EMITS_CONFIGURED;
use marginalia_core::validate::{SpanRef, check_span, parse_attrs};
use marginalia_core::{Annotation, Config, Document, Emitter, Manifest, Plugin, PluginError, Span};
use marginalia_host::discovery::{describe_dirs, find_library, library_file_name, list_libraries};
use marginalia_host::error::{CallError, LoadError};
use marginalia_host::loader::{LentAnnotation, PluginLibrary};
use marginalia_host::pipeline::{DocumentError, PipelineError};

use crate::Annotated;

/// The document id a [`Runner`] uses unless told otherwise with [`Runner::id`].
pub const DEFAULT_ID: &str = "test.txt";

/// Runs the plugin `P` in-process on `text`, with `config` (TOML, the body of its
/// `[plugins.NAME]` table; `""` for none) and the host's span checks, and returns what it
/// emitted.
///
/// No library is built or loaded: `P` is called directly, like a unit test would, but every
/// span goes through the same checks the host applies (bounds, character boundaries, label
/// declared in the manifest, attributes that survive the trip to the host) and the result is
/// sorted like the host's output. Shorthand for
/// `Runner::in_process::<P>().config(config).run(text)`.
///
/// # Panics
///
/// When the plugin refuses its config, returns an error or emits an invalid span (the panic
/// message is the host's error message), or panics itself. Use [`Runner::try_run`] to test
/// those failures.
///
/// # Example
///
/// ```
/// use marginalia_core::{Attrs, Config, Document, Emitter, Manifest, Plugin, PluginError};
///
/// /// Tags "UN" as an actor.
/// struct Un;
///
/// impl Plugin for Un {
///     fn manifest() -> Manifest {
///         Manifest::new("un", "0.1.0").emits(["actor"])
///     }
///     fn new(_config: &Config) -> Result<Self, PluginError> {
///         Ok(Un)
///     }
///     fn annotate(&self, doc: &Document<'_>, out: &mut Emitter<'_>) -> Result<(), PluginError> {
///         for (start, _) in doc.text().match_indices("UN") {
///             out.emit("actor", start..start + 2, &Attrs::new().with("id", "UN"))?;
///         }
///         Ok(())
///     }
/// }
///
/// let out = marginalia_testkit::run::<Un>("", "The UN met in Geneva.");
/// out.span("UN").is("actor").attr("id", "UN");
/// assert_eq!(out.render(), "  4..6    actor  \"UN\"  id=\"UN\"\n");
/// ```
#[track_caller]
pub fn run<P: Plugin>(config: &str, text: &str) -> Annotated {
    Runner::in_process::<P>().config(config).run(text)
}

/// Runs the built library of the plugin `name` on `text`, through the C ABI and the host's
/// loader, with `config` (TOML, the body of its `[plugins.NAME]` table; `""` for none).
///
/// The library is looked up in [`plugin_dirs`](crate::plugin_dirs), which builds the workspace
/// once per test process (or takes `MARGINALIA_PLUGIN_DIR`), and loaded with
/// `marginalia_host::loader::PluginLibrary`, exactly as `marginalia annotate` loads it.
/// Shorthand for `Runner::library(name).config(config).run(text)`.
///
/// # Panics
///
/// When the library is not found or cannot be loaded, refuses its config, fails on the
/// document or emits an invalid span: the panic message is the host's error message. Use
/// [`Runner::try_run`] to test those failures.
///
/// # Example
///
/// `test-mid-char`, one of the host's test plugins, tags the first word of a document as a
/// `word`:
///
/// ```
/// let out = marginalia_testkit::run_library("test-mid-char", "", "Crème brûlée");
/// out.span("Crème").is("word");
/// out.no_span("brûlée");
/// ```
#[track_caller]
pub fn run_library(name: &str, config: &str, text: &str) -> Annotated {
    Runner::library(name).config(config).run(text)
}

/// Why a plugin could not annotate a text. Its `Display` is the host's error message, word
/// for word.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The plugin could not be found, loaded or started with its config: what `marginalia
    /// check` would report.
    #[error(transparent)]
    Start(PipelineError),
    /// The plugin returned an error on the document or emitted an invalid span (the first
    /// one, as the host reports it): what `marginalia annotate` would report for the document.
    #[error(transparent)]
    Document(DocumentError),
}

/// How to run one plugin: in-process or through its library, with a config, a document id
/// and earlier plugins' annotations.
///
/// [`run`](crate::run()) and [`run_library`] cover the common case; a `Runner` adds the
/// rest. Each [`run`](Runner::run) builds a fresh instance of the plugin from the config, so
/// config errors show up there.
///
/// # Example: a plugin that needs another plugin's labels
///
/// The host lends a plugin the earlier annotations whose labels its manifest `needs`;
/// [`after`](Runner::after) does the same with the annotations you give it, for instance
/// those of the real `actors` library:
///
/// ```
/// use marginalia_core::{Attrs, Config, Document, Emitter, Manifest, Plugin, PluginError};
/// use marginalia_testkit::{Runner, run_library};
///
/// /// Tags "visit" when the sentence names at least two actors.
/// struct Visits;
///
/// impl Plugin for Visits {
///     fn manifest() -> Manifest {
///         Manifest::new("visits", "0.1.0").emits(["visit"]).needs(["actor"])
///     }
///     fn new(_config: &Config) -> Result<Self, PluginError> {
///         Ok(Visits)
///     }
///     fn annotate(&self, doc: &Document<'_>, out: &mut Emitter<'_>) -> Result<(), PluginError> {
///         let actors: Vec<&str> = doc
///             .annotations_labelled("actor")
///             .filter_map(|a| a.attrs.get_str("id"))
///             .collect();
///         for (start, word) in doc.text().match_indices("visit") {
///             if actors.len() >= 2 {
///                 let attrs = Attrs::new().with("parties", actors.clone());
///                 out.emit("visit", start..start + word.len(), &attrs)?;
///             }
///         }
///         Ok(())
///     }
/// }
///
/// let text = "Putin's visit to Hanoi.";
/// let actors = run_library("actors", "", text);
/// let out = Runner::in_process::<Visits>().after(actors.annotations()).run(text);
/// out.span("visit").is("visit").attr("parties", vec!["RUS", "VNM"]);
/// ```
///
/// # Example: testing failures
///
/// [`try_run`](Runner::try_run) returns the error the host would report instead of
/// panicking:
///
/// ```
/// use marginalia_testkit::{RunError, Runner};
///
/// let err = Runner::library("test-mid-char").id("mid.txt").try_run("TRIGGER café").unwrap_err();
/// assert!(matches!(err, RunError::Document(_)));
/// assert_eq!(
///     err.to_string(),
///     "plugin `test-mid-char` emitted an invalid span 12..13 (word) in document `mid.txt`: \
///      offset 12 is inside the character 'é' at bytes 11..13"
/// );
/// ```
#[derive(Clone, Debug)]
pub struct Runner {
    source: Source,
    config: String,
    id: String,
    prior: Vec<Annotation>,
}

/// Where the plugin comes from.
#[derive(Clone, Debug)]
enum Source {
    /// A `Plugin` type linked into the test.
    InProcess {
        /// `std::any::type_name` of the type, for messages.
        type_name: &'static str,
        /// Its manifest.
        manifest: Manifest,
        /// Builds an instance and annotates one document with it.
        annotate: InProcessFn,
    },
    /// A built library, by plugin name.
    Library {
        /// The plugin name.
        name: String,
    },
}

/// Builds an instance from the config, then annotates the document with it; `Err` when the
/// instance could not be built or could not say which labels it emits.
type InProcessFn = fn(&Config, &Document<'_>) -> Result<InProcessRun, PluginError>;

/// What an in-process instance did with one document.
struct InProcessRun {
    /// The labels it may emit: the manifest's, or those the instance declared.
    declared: Vec<String>,
    /// The spans it emitted, in order, unchecked.
    spans: Vec<Span>,
    /// What `annotate` returned.
    result: Result<(), PluginError>,
}

fn annotate_in_process<P: Plugin>(
    config: &Config,
    doc: &Document<'_>,
) -> Result<InProcessRun, PluginError> {
    let plugin = P::new(config)?;
    let manifest = P::manifest();
    let declared = if manifest.emits_are_configured() {
        configured_labels(plugin.emits())?
    } else {
        manifest.emits
    };
    let mut spans = Vec::new();
    let result = plugin.annotate(doc, &mut Emitter::collect_into(&mut spans));
    Ok(InProcessRun {
        declared,
        spans,
        result,
    })
}

/// The host's checks on the labels an instance declares for `emits = ["*"]`: non-empty, not
/// `*`; duplicates are dropped.
fn configured_labels(labels: Vec<String>) -> Result<Vec<String>, PluginError> {
    let mut checked: Vec<String> = Vec::with_capacity(labels.len());
    for label in labels {
        if label.is_empty() || label == EMITS_CONFIGURED {
            return Err(PluginError::msg(format!(
                "declared {label:?} as a label it emits; a label is a name, not empty or `{EMITS_CONFIGURED}`"
            )));
        }
        if !checked.contains(&label) {
            checked.push(label);
        }
    }
    Ok(checked)
}

impl Runner {
    /// Runs the plugin type `P`, linked into the test, without loading any library.
    pub fn in_process<P: Plugin>() -> Runner {
        Runner::new(Source::InProcess {
            type_name: std::any::type_name::<P>(),
            manifest: P::manifest(),
            annotate: annotate_in_process::<P>,
        })
    }

    /// Runs the built library of the plugin `name` (as written in `marginalia.toml`), found in
    /// [`plugin_dirs`](crate::plugin_dirs) and loaded through the host's loader.
    pub fn library(name: &str) -> Runner {
        Runner::new(Source::Library {
            name: name.to_owned(),
        })
    }

    fn new(source: Source) -> Runner {
        Runner {
            source,
            config: String::new(),
            id: DEFAULT_ID.to_owned(),
            prior: Vec::new(),
        }
    }

    /// The plugin's config: TOML, the body of its `[plugins.NAME]` table. Empty by default.
    pub fn config(mut self, toml: &str) -> Runner {
        toml.clone_into(&mut self.config);
        self
    }

    /// The document id the plugin sees, and error messages name. [`DEFAULT_ID`] by default.
    pub fn id(mut self, id: &str) -> Runner {
        id.clone_into(&mut self.id);
        self
    }

    /// Earlier plugins' annotations of the text, e.g. [`Annotated::annotations`] of another
    /// run. As the host does, the plugin is lent only those whose label its manifest `needs`,
    /// sorted by [`Annotation::sort_key`]; the others are left out, and failed assertions say
    /// so. Each must fit the text it is run on (offsets on character boundaries, `text` the
    /// covered text), or [`run`](Runner::run) panics.
    ///
    /// The result holds only the annotations of the plugin under test, not these.
    pub fn after(mut self, prior: &[Annotation]) -> Runner {
        self.prior.extend_from_slice(prior);
        self
    }

    /// Runs the plugin on `text` and returns its annotations, checked and sorted.
    ///
    /// # Panics
    ///
    /// On any [`RunError`], with the host's message; when the plugin panics (in-process, its
    /// panic goes on unwinding into the test); and when an annotation given to
    /// [`after`](Runner::after) does not fit `text`.
    #[track_caller]
    pub fn run(&self, text: &str) -> Annotated {
        match self.try_run(text) {
            Ok(annotated) => annotated,
            Err(error) => panic!("{}", self.describe_failure(&error)),
        }
    }

    /// Runs the plugin on `text`: its annotations, checked and sorted, or the error the host
    /// would report.
    ///
    /// # Panics
    ///
    /// In-process, when the plugin panics; and when an annotation given to
    /// [`after`](Runner::after) does not fit `text`.
    #[track_caller]
    pub fn try_run(&self, text: &str) -> Result<Annotated, RunError> {
        check_prior(&self.prior, text);
        let (annotations, notes) = match &self.source {
            Source::InProcess {
                type_name,
                manifest,
                annotate,
            } => {
                check_manifest(type_name, manifest)?;
                let (lent, notes) = lend(&self.prior, manifest);
                let annotations = self.run_in_process(manifest, *annotate, text, &lent)?;
                (annotations, notes)
            }
            Source::Library { name } => self.run_library(name, text)?,
        };
        let plugin = match &self.source {
            Source::InProcess { manifest, .. } => manifest.name.clone(),
            Source::Library { name } => name.clone(),
        };
        Ok(Annotated::new(
            plugin,
            self.id.clone(),
            text.to_owned(),
            annotations,
            notes,
        ))
    }

    fn run_in_process(
        &self,
        manifest: &Manifest,
        annotate: InProcessFn,
        text: &str,
        lent: &[Annotation],
    ) -> Result<Vec<Annotation>, RunError> {
        let start_error = |message: String| {
            RunError::Start(PipelineError::Create {
                plugin: manifest.name.clone(),
                location: None,
                error: CallError::Failed(message),
            })
        };
        let config = Config::from_toml_str(&self.config).map_err(|e| start_error(e.to_string()))?;
        let doc = Document::new(&self.id, text, lent);
        let InProcessRun {
            declared,
            spans,
            result,
        } = annotate(&config, &doc).map_err(|e| start_error(e.to_string()))?;
        let document_error = |error: CallError| {
            RunError::Document(DocumentError {
                plugin: manifest.name.clone(),
                document: self.id.clone(),
                error,
            })
        };
        // As the host: the first invalid span fails the document, whatever `annotate` returned.
        let mut annotations = Vec::with_capacity(spans.len());
        for span in spans {
            let annotation =
                check_emitted(text, &manifest.name, &declared, span).map_err(&document_error)?;
            annotations.push(annotation);
        }
        result.map_err(|e| document_error(CallError::Failed(e.to_string())))?;
        annotations.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        Ok(annotations)
    }

    fn run_library(
        &self,
        name: &str,
        text: &str,
    ) -> Result<(Vec<Annotation>, Vec<String>), RunError> {
        let dirs = crate::plugin_dirs();
        let library = open_library(name, &dirs).map_err(RunError::Start)?;
        let start_error = |error| {
            RunError::Start(PipelineError::Create {
                plugin: name.to_owned(),
                location: None,
                error,
            })
        };
        // The config text goes to the plugin as written, as the host passes a plugin's table:
        // line and column numbers in its errors are those of `self.config`, as in-process.
        let instance = library.instantiate(&self.config).map_err(start_error)?;
        let (lent, notes) = lend(&self.prior, library.manifest());
        let lent_abi: Vec<LentAnnotation> = lent.iter().cloned().map(Into::into).collect();
        let refs: Vec<&LentAnnotation> = lent_abi.iter().collect();
        let mut annotations = instance.annotate(&self.id, text, &refs).map_err(|error| {
            RunError::Document(DocumentError {
                plugin: name.to_owned(),
                document: self.id.clone(),
                error,
            })
        })?;
        annotations.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        Ok((annotations, notes))
    }

    fn describe_failure(&self, error: &RunError) -> String {
        let how = match &self.source {
            Source::InProcess { type_name, .. } => format!("in-process plugin {type_name}"),
            Source::Library { name } => format!("plugin library `{name}`"),
        };
        format!("marginalia-testkit: running the {how} failed:\n{error}")
    }
}

/// Whether the host would accept the manifest of an in-process plugin.
fn check_manifest(type_name: &str, manifest: &Manifest) -> Result<(), RunError> {
    if Manifest::is_valid_name(&manifest.name) {
        return Ok(());
    }
    Err(RunError::Start(PipelineError::Load(LoadError::Manifest {
        path: PathBuf::from(format!("in-process plugin {type_name}")),
        message: format!("`{}` is not a valid plugin name", manifest.name),
    })))
}

/// The host's checks on one emitted span, and the annotation it becomes.
fn check_emitted(
    text: &str,
    plugin: &str,
    declared: &[String],
    span: Span,
) -> Result<Annotation, CallError> {
    let invalid = |violation| CallError::InvalidSpan {
        span: SpanRef {
            start: span.start as u64,
            end: span.end as u64,
            label: span.label.clone(),
        },
        violation,
    };
    let (start, end) = check_span(
        text,
        span.start as u64,
        span.end as u64,
        &span.label,
        declared,
    )
    .map_err(invalid)?;
    // Through the ABI, attributes travel as JSON; the round trip is part of what the host
    // accepts, and makes in-process results equal to the library's.
    let json = serde_json::to_string(&span.attrs).map_err(|e| {
        invalid(marginalia_core::validate::SpanViolation::BadAttrs {
            reason: e.to_string(),
        })
    })?;
    let attrs = parse_attrs(&json).map_err(invalid)?;
    Ok(Annotation {
        label: span.label.clone(),
        start,
        end,
        text: text[start..end].to_owned(),
        plugin: plugin.to_owned(),
        attrs,
    })
}

/// Finds and opens the library of plugin `name` as the host's pipeline does, with the same
/// errors.
fn open_library(name: &str, dirs: &[PathBuf]) -> Result<PluginLibrary, PipelineError> {
    let Some(path) = find_library(name, dirs) else {
        let mut found: Vec<String> = list_libraries(dirs).into_iter().map(|(n, _)| n).collect();
        found.dedup();
        return Err(PipelineError::NotFound {
            name: name.to_owned(),
            location: None,
            file: library_file_name(name),
            searched: describe_dirs(dirs),
            found,
        });
    };
    let library = PluginLibrary::open(&path)?;
    if library.manifest().name != name {
        return Err(PipelineError::NameMismatch {
            path,
            expected: name.to_owned(),
            found: library.manifest().name.clone(),
        });
    }
    Ok(library)
}

/// Panics unless every earlier annotation fits `text`: a mistake in the test, not the plugin.
#[track_caller]
fn check_prior(prior: &[Annotation], text: &str) {
    for a in prior {
        let fits = check_span(
            text,
            a.start as u64,
            a.end as u64,
            &a.label,
            std::slice::from_ref(&a.label),
        );
        let problem = match fits {
            Err(violation) => violation.to_string(),
            Ok((s, e)) if text[s..e] != a.text => {
                format!("it covers {:?} in this text", &text[s..e])
            }
            Ok(_) => continue,
        };
        panic!(
            "marginalia-testkit: the earlier annotation {}..{} ({}) {:?} given to `after` does not fit the text: {problem}; was it made on another text?",
            a.start, a.end, a.label, a.text
        );
    }
}

/// The earlier annotations the host would lend a plugin with this manifest (those whose label
/// it needs, sorted), and a note for each label left out.
fn lend(prior: &[Annotation], manifest: &Manifest) -> (Vec<Annotation>, Vec<String>) {
    let (mut lent, left_out): (Vec<Annotation>, Vec<Annotation>) = prior
        .iter()
        .cloned()
        .partition(|a| manifest.needs.contains(&a.label));
    lent.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let mut labels: Vec<&str> = left_out.iter().map(|a| a.label.as_str()).collect();
    labels.sort_unstable();
    labels.dedup();
    let notes = labels
        .into_iter()
        .map(|label| {
            let count = left_out.iter().filter(|a| a.label == label).count();
            format!(
                "{count} earlier annotation(s) labelled `{label}` were not lent to the plugin: its manifest does not need `{label}` (needs: [{}])",
                manifest.needs.join(", ")
            )
        })
        .collect();
    (lent, notes)
}
