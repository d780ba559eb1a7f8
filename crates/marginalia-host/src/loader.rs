//! The host side of the ABI: opening plugin libraries and calling into them.
//!
//! With `marginalia-core`'s `export` module, this is the only place where `unsafe` is
//! allowed. The invariants it keeps (see `marginalia-abi`):
//! - the entry symbol's vtable header (ABI version, size) is checked before anything else;
//! - libraries are leaked, never unloaded, so every `'static` the plugin hands out stays valid;
//! - whatever the plugin passes back (labels, attributes, messages) is copied and checked
//!   here, never trusted: not even its UTF-8;
//! - host callbacks never panic (a panic cannot unwind through `extern "C"`);
//! - an instance that panicked is never called again, not even to be destroyed.

#![allow(unsafe_code)]

use std::ffi::c_void;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use libloading::Library;
use marginalia_abi::{
    ABI_VERSION, EMITS_CONFIGURED, ENTRY_SYMBOL, ENTRY_SYMBOL_PREFIX, EmitsFn, EntryFn, ErrorSink,
    FLAG_THREAD_SAFE, HostApi, LOG_DEBUG, LOG_ERROR, LOG_INFO, LOG_OFF, LOG_TRACE, LOG_WARN,
    PLUGIN_VTABLE_BASE_SIZE, PluginVTable, RawAnnotation, RawDocument, RawSpan, STATUS_ERROR,
    STATUS_OK, STATUS_PANICKED, SpanSink, Status, Str, StrSink, VTableHeader,
};
use marginalia_core::validate::{SpanRef, SpanViolation, check_span, parse_attrs};
use marginalia_core::{Annotation, Manifest};
use tracing::level_filters::LevelFilter;

use crate::error::{CallError, LoadError};

/// An annotation lent to a later plugin, with its attributes already serialized.
#[derive(Clone, Debug)]
pub struct LentAnnotation {
    /// The annotation.
    pub annotation: Annotation,
    /// `annotation.attrs` as JSON.
    pub attrs_json: String,
}

impl From<Annotation> for LentAnnotation {
    fn from(annotation: Annotation) -> Self {
        let attrs_json = annotation.attrs.to_string();
        LentAnnotation {
            annotation,
            attrs_json,
        }
    }
}

/// The fields of a plugin's [`PluginVTable`], copied out of it: only those its `size` covers,
/// so that a table from before a field was appended is never read past its end.
#[derive(Clone, Copy, Debug)]
struct VTable {
    abi_version: u32,
    flags: u64,
    manifest: unsafe extern "C" fn(out: *mut Str, error: *const ErrorSink) -> Status,
    create: unsafe extern "C" fn(
        config_toml: Str,
        host: *const HostApi,
        instance: *mut *mut c_void,
        error: *const ErrorSink,
    ) -> Status,
    annotate: unsafe extern "C" fn(
        instance: *const c_void,
        document: *const RawDocument,
        sink: *const SpanSink,
        error: *const ErrorSink,
    ) -> Status,
    destroy: unsafe extern "C" fn(instance: *mut c_void) -> Status,
    /// Appended within version 1: `None` in a table that predates it.
    emits: Option<EmitsFn>,
}

impl VTable {
    /// Copies the fields of the `size`-byte table at `table`.
    ///
    /// # Safety
    /// `table` must point to a `'static` ABI-version table of at least `size` bytes, and
    /// `size >= PLUGIN_VTABLE_BASE_SIZE`.
    unsafe fn read(table: *const PluginVTable, size: usize) -> VTable {
        let covers = |offset: usize, len: usize| offset + len <= size;
        // SAFETY: every field read lies within the first `size` bytes (the base fields because
        // `size >= PLUGIN_VTABLE_BASE_SIZE`, `emits` because `covers` says so), which the caller
        // guarantees are a valid table; `&raw const` creates no reference to the whole struct.
        unsafe {
            VTable {
                abi_version: (&raw const (*table).abi_version).read(),
                flags: (&raw const (*table).flags).read(),
                manifest: (&raw const (*table).manifest).read(),
                create: (&raw const (*table).create).read(),
                annotate: (&raw const (*table).annotate).read(),
                destroy: (&raw const (*table).destroy).read(),
                emits: covers(
                    std::mem::offset_of!(PluginVTable, emits),
                    size_of::<EmitsFn>(),
                )
                .then(|| (&raw const (*table).emits).read()),
            }
        }
    }
}

/// A loaded plugin library with its checked vtable and manifest. Never unloaded.
#[derive(Debug)]
pub struct PluginLibrary {
    path: PathBuf,
    vtable: VTable,
    manifest: Manifest,
    host: SharedHostApi,
}

/// The leaked `HostApi` of one library, shared by its instances on every thread.
#[derive(Clone, Copy, Debug)]
struct SharedHostApi(&'static HostApi);

// SAFETY: the `HostApi` is immutable after creation; its `ctx` points to a leaked, immutable
// `LogContext`, and its `log` callback is thread-safe (it only emits a tracing event).
unsafe impl Send for SharedHostApi {}
// SAFETY: as above.
unsafe impl Sync for SharedHostApi {}

impl PluginLibrary {
    /// Loads the library at `path`, checks its ABI version and vtable size, and reads its
    /// manifest.
    pub fn open(path: &Path) -> Result<PluginLibrary, LoadError> {
        let path = path.to_owned();
        // SAFETY: loading runs the library's initializers. That is the trust model: a plugin is
        // native code the user chose to run (see README, "Trust"). The library is leaked below
        // and never unloaded, which keeps every pointer it hands out valid.
        let library = unsafe { Library::new(&path) }.map_err(|source| LoadError::Open {
            path: path.clone(),
            source,
        })?;
        let library: &'static Library = Box::leak(Box::new(library));
        // SAFETY: a marginalia plugin exports ENTRY_SYMBOL with the signature `EntryFn`.
        let entry = match unsafe { library.get::<EntryFn>(ENTRY_SYMBOL) } {
            Ok(symbol) => *symbol,
            Err(_) => {
                let other_version = other_abi_version(library);
                return Err(LoadError::NoEntry {
                    path,
                    expected: ABI_VERSION,
                    other_version,
                });
            }
        };
        // SAFETY: the entry function takes no arguments and, per the ABI, cannot fail or panic.
        let table = unsafe { entry() };
        if table.is_null() {
            return Err(LoadError::Manifest {
                path,
                message: "the entry symbol returned a null vtable".into(),
            });
        }
        // SAFETY: every vtable of every ABI version starts with `VTableHeader` and is 'static
        // in the (never unloaded) library image.
        let header = unsafe { &*table.cast::<VTableHeader>() };
        if header.abi_version != ABI_VERSION {
            return Err(LoadError::AbiMismatch {
                path,
                found: header.abi_version,
                expected: ABI_VERSION,
            });
        }
        // A table smaller than ours but at least the version's first table predates fields
        // appended since; `VTable::read` leaves those out.
        if header.size < PLUGIN_VTABLE_BASE_SIZE {
            return Err(LoadError::VTableTooSmall {
                path,
                found: header.size,
                expected: PLUGIN_VTABLE_BASE_SIZE,
                abi: ABI_VERSION,
            });
        }
        // SAFETY: the header says this is an ABI_VERSION table of `header.size` bytes, at least
        // the base size; it is 'static in the never unloaded library image.
        let vtable = unsafe { VTable::read(table, header.size) };
        let manifest = read_manifest(&vtable).map_err(|message| LoadError::Manifest {
            path: path.clone(),
            message,
        })?;
        let host = SharedHostApi(host_api(&manifest.name));
        Ok(PluginLibrary {
            path,
            vtable,
            manifest,
            host,
        })
    }

    /// The library file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The plugin's manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The ABI version the library was built for (equal to this host's, once loaded).
    pub fn abi_version(&self) -> u32 {
        self.vtable.abi_version
    }

    /// Whether the plugin declared that one instance may be called from several threads.
    pub fn is_thread_safe(&self) -> bool {
        self.vtable.flags & FLAG_THREAD_SAFE != 0
    }

    /// Creates an instance configured by `config_toml`, the plugin's config table as TOML text
    /// (see [`PluginEntry::settings_text`](crate::config::PluginEntry::settings_text)).
    ///
    /// When the manifest declares `emits = ["*"]`, the instance is asked for its labels
    /// ([`PluginInstance::emits`]); a plugin that cannot say, or names an invalid label, fails
    /// here.
    pub fn instantiate(&self, config_toml: &str) -> Result<PluginInstance, CallError> {
        let error = ErrorSlot::default();
        let mut raw: *mut c_void = std::ptr::null_mut();
        // SAFETY: all pointers are valid for the call; `self.host` is leaked, so it outlives
        // the instance as `create` requires.
        let status = unsafe {
            (self.vtable.create)(Str::new(config_toml), self.host.0, &mut raw, &error.sink())
        };
        outcome(status, &error)?;
        if raw.is_null() {
            return Err(CallError::Failed(
                "create succeeded but returned no instance".into(),
            ));
        }
        let mut instance = PluginInstance {
            vtable: self.vtable,
            raw,
            emits: self.manifest.emits.clone(),
            name: self.manifest.name.clone(),
            serial: (!self.is_thread_safe()).then(|| Mutex::new(())),
            poisoned: AtomicBool::new(false),
        };
        if self.manifest.emits_are_configured() {
            // On error, dropping `instance` destroys it (or leaks it, if it panicked).
            instance.emits = instance.configured_emits()?;
        }
        Ok(instance)
    }
}

/// One configured instance of a plugin.
///
/// Calls are serialized unless the plugin declared itself thread-safe. After a panic the
/// instance is poisoned: every later call fails at once, and it is leaked, not destroyed.
#[derive(Debug)]
pub struct PluginInstance {
    vtable: VTable,
    raw: *mut c_void,
    name: String,
    emits: Vec<String>,
    serial: Option<Mutex<()>>,
    poisoned: AtomicBool,
}

// SAFETY: the instance is a `Box<P>` where `P: Plugin` and `Plugin: Send`, so it may be used
// and dropped on any thread.
unsafe impl Send for PluginInstance {}
// SAFETY: `annotate` is the only shared access; it holds `serial` unless the plugin set
// FLAG_THREAD_SAFE, which `export_plugin!` sets only when `P: Sync`.
unsafe impl Sync for PluginInstance {}

impl PluginInstance {
    /// The labels this instance may emit: its manifest's `emits`, or, when that is `["*"]`,
    /// the labels the instance declared from its config. Every span is checked against them.
    pub fn emits(&self) -> &[String] {
        &self.emits
    }

    /// Asks the instance for the labels it emits (`PluginVTable::emits`) and checks them:
    /// a JSON array of distinct, non-empty labels other than `*`.
    fn configured_emits(&self) -> Result<Vec<String>, CallError> {
        let Some(emits) = self.vtable.emits else {
            return Err(CallError::Failed(format!(
                "its manifest declares `emits = [\"{EMITS_CONFIGURED}\"]` (labels from its config), but its library is too old to declare them: rebuild it against this marginalia-core"
            )));
        };
        let (out, error) = (ErrorSlot::default(), ErrorSlot::default());
        // SAFETY: `raw` is a live, unpoisoned instance of this vtable's plugin, and no other
        // thread has it yet; the sinks outlive the call.
        let status = unsafe { emits(self.raw, &out.str_sink(), &error.sink()) };
        if status == STATUS_PANICKED {
            self.poisoned.store(true, Ordering::Release);
        }
        outcome(status, &error)?;
        let json = out.take().unwrap_or_default();
        let labels: Vec<String> = serde_json::from_str(&json).map_err(|e| {
            CallError::Failed(format!(
                "declared its labels as {json:?}, which is not a JSON array of strings: {e}"
            ))
        })?;
        let mut checked: Vec<String> = Vec::with_capacity(labels.len());
        for label in labels {
            if label.is_empty() || label == EMITS_CONFIGURED {
                return Err(CallError::Failed(format!(
                    "declared {label:?} as a label it emits; a label is a name, not empty or `{EMITS_CONFIGURED}`"
                )));
            }
            if !checked.contains(&label) {
                checked.push(label);
            }
        }
        Ok(checked)
    }

    /// Whether the instance panicked and is no longer called.
    pub fn is_poisoned(&self) -> bool {
        self.poisoned.load(Ordering::Acquire)
    }

    /// Annotates `text`, lending `prior` (sorted by start, end, label) to the plugin, and
    /// returns the validated annotations it emitted. The first invalid span fails the call.
    pub fn annotate(
        &self,
        id: &str,
        text: &str,
        prior: &[&LentAnnotation],
    ) -> Result<Vec<Annotation>, CallError> {
        if self.is_poisoned() {
            return Err(CallError::Poisoned);
        }
        let lent: Vec<RawAnnotation> = prior
            .iter()
            .map(|p| RawAnnotation {
                start: p.annotation.start as u64,
                end: p.annotation.end as u64,
                label: Str::new(&p.annotation.label),
                plugin: Str::new(&p.annotation.plugin),
                attrs_json: Str::new(&p.attrs_json),
            })
            .collect();
        let document = RawDocument {
            id: Str::new(id),
            text: Str::new(text),
            annotations: lent.as_ptr(),
            annotations_len: lent.len(),
        };
        let collector = SpanCollector {
            text,
            declared: &self.emits,
            plugin: &self.name,
            state: Mutex::default(),
        };
        let sink = SpanSink {
            ctx: (&raw const collector).cast_mut().cast(),
            emit: emit_span,
        };
        let error = ErrorSlot::default();
        let status = {
            let _serial = self
                .serial
                .as_ref()
                .map(|m| m.lock().unwrap_or_else(|p| p.into_inner()));
            // SAFETY: `raw` is a live instance of this vtable's plugin (not destroyed, not
            // poisoned); document, sink and error sink borrow data that outlives the call; the
            // instance is shared across threads only as `Sync` above allows.
            unsafe { (self.vtable.annotate)(self.raw, &document, &sink, &error.sink()) }
        };
        if status == STATUS_PANICKED {
            self.poisoned.store(true, Ordering::Release);
        }
        let collected = collector
            .state
            .into_inner()
            .unwrap_or_else(|p| p.into_inner());
        if let Some((span, violation)) = collected.violation {
            return Err(CallError::InvalidSpan { span, violation });
        }
        outcome(status, &error)?;
        Ok(collected.annotations)
    }
}

impl Drop for PluginInstance {
    fn drop(&mut self) {
        if self.is_poisoned() {
            return; // a panicked instance may be in any state: leak it rather than run its Drop
        }
        // SAFETY: `raw` came from this vtable's `create` and is destroyed exactly once, here.
        let status = unsafe { (self.vtable.destroy)(self.raw) };
        if status != STATUS_OK {
            tracing::warn!(plugin = %self.name, status, "plugin instance failed to destroy cleanly");
        }
    }
}

/// Maps a status and the error message the plugin set to a result.
fn outcome(status: Status, error: &ErrorSlot) -> Result<(), CallError> {
    let message = || {
        error
            .take()
            .unwrap_or_else(|| "failed without a message".to_owned())
    };
    match status {
        STATUS_OK => Ok(()),
        STATUS_ERROR => Err(CallError::Failed(message())),
        STATUS_PANICKED => Err(CallError::Panicked(message())),
        other => Err(CallError::UnknownStatus(other)),
    }
}

fn read_manifest(vtable: &VTable) -> Result<Manifest, String> {
    let error = ErrorSlot::default();
    let mut out = Str::new("");
    // SAFETY: `out` and the error sink are valid for the call.
    let status = unsafe { (vtable.manifest)(&mut out, &error.sink()) };
    outcome(status, &error).map_err(|e| format!("the manifest function failed: {e}"))?;
    // SAFETY: the plugin wrote a Str pointing into its 'static image, never unloaded.
    let bytes = unsafe { bytes_of(out) };
    let json = std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8: {e}"))?;
    let manifest: Manifest = serde_json::from_str(json).map_err(|e| format!("{e} in {json}"))?;
    if !Manifest::is_valid_name(&manifest.name) {
        return Err(format!("`{}` is not a valid plugin name", manifest.name));
    }
    if manifest.emits_are_configured() && manifest.emits.len() > 1 {
        return Err(format!(
            "`emits` is {:?}: `\"{EMITS_CONFIGURED}\"` (labels from the config) stands alone",
            manifest.emits
        ));
    }
    Ok(manifest)
}

/// The ABI version of an entry symbol other than ours that the library exports, if any.
fn other_abi_version(library: &Library) -> Option<u32> {
    (0..=64).filter(|&v| v != ABI_VERSION).find(|v| {
        let symbol = format!("{ENTRY_SYMBOL_PREFIX}{v}\0");
        // SAFETY: only the symbol's presence is checked; it is never called.
        unsafe { library.get::<*const c_void>(symbol.as_bytes()) }.is_ok()
    })
}

/// Borrows the bytes of a `Str` a plugin passed.
///
/// # Safety
/// `s` must point to `s.len` readable bytes that live for `'a`.
unsafe fn bytes_of<'a>(s: Str) -> &'a [u8] {
    if s.len == 0 || s.ptr.is_null() {
        return &[];
    }
    // SAFETY: guaranteed by the caller.
    unsafe { std::slice::from_raw_parts(s.ptr, s.len) }
}

/// Receives the error message (or, as a [`StrSink`], the string result) of one call.
#[derive(Default)]
struct ErrorSlot(Mutex<Option<String>>);

impl ErrorSlot {
    fn sink(&self) -> ErrorSink {
        ErrorSink {
            ctx: (&raw const *self).cast_mut().cast(),
            set: set_error,
        }
    }

    /// The same slot as a [`StrSink`], for a string result.
    fn str_sink(&self) -> StrSink {
        StrSink {
            ctx: (&raw const *self).cast_mut().cast(),
            set: set_error,
        }
    }

    fn take(&self) -> Option<String> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).take()
    }
}

unsafe extern "C" fn set_error(ctx: *mut c_void, message: Str) {
    // SAFETY: `ctx` is the `ErrorSlot` of the ongoing call (see `ErrorSlot::sink`), and the
    // plugin lends `message` for this call.
    let (slot, bytes) = unsafe { (&*ctx.cast_const().cast::<ErrorSlot>(), bytes_of(message)) };
    let text = String::from_utf8_lossy(bytes).into_owned();
    *slot.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(text);
}

/// Collects and validates the spans of one `annotate` call.
struct SpanCollector<'a> {
    text: &'a str,
    declared: &'a [String],
    plugin: &'a str,
    state: Mutex<Collected>,
}

#[derive(Default)]
struct Collected {
    annotations: Vec<Annotation>,
    violation: Option<(SpanRef, SpanViolation)>,
}

impl SpanCollector<'_> {
    fn accept(&self, span: &RawSpan, label: &[u8], attrs: &[u8]) -> Status {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if state.violation.is_some() {
            return STATUS_ERROR;
        }
        let span_ref = SpanRef {
            start: span.start,
            end: span.end,
            label: String::from_utf8_lossy(label).into_owned(),
        };
        match self.check(span, label, attrs) {
            Ok(annotation) => {
                state.annotations.push(annotation);
                STATUS_OK
            }
            Err(violation) => {
                state.violation = Some((span_ref, violation));
                STATUS_ERROR
            }
        }
    }

    fn check(
        &self,
        span: &RawSpan,
        label: &[u8],
        attrs: &[u8],
    ) -> Result<Annotation, SpanViolation> {
        let label =
            std::str::from_utf8(label).map_err(|_| SpanViolation::NotUtf8 { field: "label" })?;
        let (start, end) = check_span(self.text, span.start, span.end, label, self.declared)?;
        let attrs = std::str::from_utf8(attrs).map_err(|_| SpanViolation::NotUtf8 {
            field: "attributes",
        })?;
        let attrs = parse_attrs(attrs)?;
        Ok(Annotation {
            label: label.to_owned(),
            start,
            end,
            text: self.text[start..end].to_owned(),
            plugin: self.plugin.to_owned(),
            attrs,
        })
    }
}

unsafe extern "C" fn emit_span(ctx: *mut c_void, span: *const RawSpan) -> Status {
    // SAFETY: `ctx` is the `SpanCollector` of the ongoing `annotate` call; the plugin lends
    // `span` and the strings in it for this call.
    let (collector, span) = unsafe { (&*ctx.cast_const().cast::<SpanCollector<'_>>(), &*span) };
    // SAFETY: as above.
    let (label, attrs) = unsafe { (bytes_of(span.label), bytes_of(span.attrs_json)) };
    collector.accept(span, label, attrs)
}

/// Where a plugin's log events go: the plugin's name, for the host's events.
struct LogContext {
    plugin: String,
}

/// The `HostApi` for the plugin `name`, leaked like its library.
fn host_api(name: &str) -> &'static HostApi {
    let context: &'static LogContext = Box::leak(Box::new(LogContext {
        plugin: name.to_owned(),
    }));
    let max_log_level = match LevelFilter::current().into_level() {
        None => LOG_OFF,
        Some(tracing::Level::ERROR) => LOG_ERROR,
        Some(tracing::Level::WARN) => LOG_WARN,
        Some(tracing::Level::INFO) => LOG_INFO,
        Some(tracing::Level::DEBUG) => LOG_DEBUG,
        Some(tracing::Level::TRACE) => LOG_TRACE,
    };
    Box::leak(Box::new(HostApi {
        size: size_of::<HostApi>(),
        ctx: (&raw const *context).cast(),
        max_log_level,
        log: log_event,
    }))
}

/// Re-emits a plugin's log event in the host, with target `marginalia::plugin`.
unsafe extern "C" fn log_event(ctx: *const c_void, level: u32, target: Str, message: Str) {
    // SAFETY: `ctx` is the leaked `LogContext` of `host_api`; the strings are lent for the call.
    let (context, target, message) = unsafe {
        (
            &*ctx.cast::<LogContext>(),
            bytes_of(target),
            bytes_of(message),
        )
    };
    let (target, message) = (
        String::from_utf8_lossy(target),
        String::from_utf8_lossy(message),
    );
    let plugin = context.plugin.as_str();
    match level {
        LOG_ERROR => {
            tracing::error!(target: "marginalia::plugin", plugin, module = %target, "{message}")
        }
        LOG_WARN => {
            tracing::warn!(target: "marginalia::plugin", plugin, module = %target, "{message}")
        }
        LOG_INFO => {
            tracing::info!(target: "marginalia::plugin", plugin, module = %target, "{message}")
        }
        LOG_DEBUG => {
            tracing::debug!(target: "marginalia::plugin", plugin, module = %target, "{message}")
        }
        _ => tracing::trace!(target: "marginalia::plugin", plugin, module = %target, "{message}"),
    }
}
