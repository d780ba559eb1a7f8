//! The plugin side of the ABI: the `extern "C"` functions behind [`export_plugin!`](crate::export_plugin).
//!
//! This is one of the two places (with `marginalia-host`'s loader) where `unsafe` is allowed.
//! Every function here upholds the invariants documented in `marginalia-abi`: it only borrows
//! what the host lends for the call, catches every panic, and reports errors through the
//! host's sink. A `cdylib` exports exactly one plugin (the entry symbol is unique), so the
//! statics here are per plugin.
#![allow(unsafe_code)]

use std::cell::RefCell;
use std::ffi::c_void;
use std::fmt::Write as _;
use std::ops::Range;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Once, OnceLock};

use marginalia_abi::{
    ABI_VERSION, ErrorSink, HostApi, PluginVTable, RawDocument, RawSpan, STATUS_ERROR, STATUS_OK,
    STATUS_PANICKED, SpanSink, Status, Str, StrSink,
};

use crate::log_forward::{self, HostLog};
use crate::{Annotation, Attrs, Config, Document, Emitter, Plugin, PluginError};

/// The vtable for plugin type `P`. `flags` is a set of `marginalia_abi::FLAG_*` bits.
pub const fn vtable<P: Plugin>(flags: u64) -> PluginVTable {
    PluginVTable {
        abi_version: ABI_VERSION,
        size: size_of::<PluginVTable>(),
        flags,
        manifest: manifest::<P>,
        create: create::<P>,
        annotate: annotate::<P>,
        destroy: destroy::<P>,
        emits: emits::<P>,
    }
}

/// Compile-time check behind the default export: the instance may be shared across threads.
pub const fn assert_sync<P: Sync>() {}

/// The manifest JSON, built once (one plugin per library).
static MANIFEST_JSON: OnceLock<String> = OnceLock::new();

unsafe extern "C" fn manifest<P: Plugin>(out: *mut Str, error: *const ErrorSink) -> Status {
    guarded(error, || {
        let json = match MANIFEST_JSON.get() {
            Some(json) => json,
            None => {
                let json = serde_json::to_string(&P::manifest())?;
                MANIFEST_JSON.get_or_init(|| json)
            }
        };
        // SAFETY: the host passes a valid, writable `out` (ABI contract of `manifest`); the
        // string lives in a static, so it outlives the library's use.
        unsafe { out.write(Str::new(json)) };
        Ok(())
    })
}

unsafe extern "C" fn create<P: Plugin>(
    config_toml: Str,
    host: *const HostApi,
    instance: *mut *mut c_void,
    error: *const ErrorSink,
) -> Status {
    install_panic_hook();
    // SAFETY: `host` is valid and outlives every instance (ABI contract of `create`).
    if let Some(host) = unsafe { host.as_ref() } {
        log_forward::install(HostLog::new(host));
    }
    guarded(error, || {
        // SAFETY: the host lends valid UTF-8 for the duration of this call.
        let toml = unsafe { str_from(config_toml) };
        let plugin = P::new(&Config::from_toml_str(toml)?)?;
        let boxed = Box::into_raw(Box::new(plugin));
        // SAFETY: the host passes a valid, writable `instance` slot.
        unsafe { instance.write(boxed.cast()) };
        Ok(())
    })
}

unsafe extern "C" fn annotate<P: Plugin>(
    instance: *const c_void,
    document: *const RawDocument,
    sink: *const SpanSink,
    error: *const ErrorSink,
) -> Status {
    guarded(error, || {
        // SAFETY: `instance` came from `create::<P>` (so it points to a live `P`) and has not
        // been destroyed; the host only shares it across threads when `P: Sync` was declared.
        let plugin = unsafe { &*instance.cast::<P>() };
        // SAFETY: the host lends a valid document and sink for the duration of this call.
        let (document, sink) = unsafe { (&*document, &*sink) };
        // SAFETY: the document's strings are valid UTF-8 for the duration of this call.
        let (id, text) = unsafe { (str_from(document.id), str_from(document.text)) };
        let annotations = prior_annotations(document, text)?;
        let doc = Document::new(id, text, &annotations);
        let mut out = Emitter::to_host(HostSink {
            sink,
            scratch: String::new(),
        });
        plugin.annotate(&doc, &mut out)
    })
}

unsafe extern "C" fn emits<P: Plugin>(
    instance: *const c_void,
    out: *const StrSink,
    error: *const ErrorSink,
) -> Status {
    guarded(error, || {
        // SAFETY: `instance` came from `create::<P>` and has not been destroyed.
        let plugin = unsafe { &*instance.cast::<P>() };
        let json = serde_json::to_string(&plugin.emits())?;
        // SAFETY: the host passes a valid sink for the duration of this call; it copies `json`.
        unsafe {
            let out = &*out;
            (out.set)(out.ctx, Str::new(&json));
        }
        Ok(())
    })
}

unsafe extern "C" fn destroy<P: Plugin>(instance: *mut c_void) -> Status {
    let result = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: `instance` came from `create::<P>` and the host frees it exactly once.
        drop(unsafe { Box::from_raw(instance.cast::<P>()) })
    }));
    if result.is_ok() {
        STATUS_OK
    } else {
        STATUS_PANICKED
    }
}

/// Copies the earlier annotations the host lent into the model type.
fn prior_annotations(document: &RawDocument, text: &str) -> Result<Vec<Annotation>, PluginError> {
    if document.annotations_len == 0 {
        return Ok(Vec::new());
    }
    // SAFETY: the host lends `annotations_len` valid entries for the duration of this call.
    let raw = unsafe { std::slice::from_raw_parts(document.annotations, document.annotations_len) };
    raw.iter()
        .map(|a| {
            // SAFETY: every string the host lends is valid UTF-8 for this call.
            let (label, plugin, attrs) = unsafe {
                (
                    str_from(a.label),
                    str_from(a.plugin),
                    str_from(a.attrs_json),
                )
            };
            let (start, end) = (a.start as usize, a.end as usize);
            let covered = text.get(start..end).ok_or_else(|| {
                PluginError::msg(format!(
                    "host lent an annotation with invalid span {start}..{end}"
                ))
            })?;
            Ok(Annotation {
                label: label.to_owned(),
                start,
                end,
                text: covered.to_owned(),
                plugin: plugin.to_owned(),
                attrs: serde_json::from_str(attrs)?,
            })
        })
        .collect()
}

/// The host's span sink for one `annotate` call.
#[derive(Debug)]
pub(crate) struct HostSink<'a> {
    sink: &'a SpanSink,
    scratch: String,
}

impl HostSink<'_> {
    pub(crate) fn emit(
        &mut self,
        label: &str,
        range: Range<usize>,
        attrs: &Attrs,
    ) -> Result<(), PluginError> {
        self.scratch.clear();
        write!(self.scratch, "{attrs}")
            .map_err(|_| PluginError::msg("attributes do not serialize"))?;
        let span = RawSpan {
            start: range.start as u64,
            end: range.end as u64,
            label: Str::new(label),
            attrs_json: Str::new(&self.scratch),
        };
        // SAFETY: the sink is valid for this `annotate` call and `span` borrows live data.
        let status = unsafe { (self.sink.emit)(self.sink.ctx, &span) };
        if status == STATUS_OK {
            Ok(())
        } else {
            Err(PluginError::msg(format!(
                "the host rejected span {}..{} ({label}); see the host's error for why",
                range.start, range.end
            )))
        }
    }
}

/// Borrows a `Str` the host lent.
///
/// # Safety
/// `s` must point to `s.len` bytes of valid UTF-8 that stay alive for `'a`.
unsafe fn str_from<'a>(s: Str) -> &'a str {
    if s.len == 0 {
        return "";
    }
    // SAFETY: guaranteed by the caller.
    unsafe { std::str::from_utf8_unchecked(std::slice::from_raw_parts(s.ptr, s.len)) }
}

/// Runs `body`, turning its error or panic into a status and a message for the host.
fn guarded(error: *const ErrorSink, body: impl FnOnce() -> Result<(), PluginError>) -> Status {
    let (status, message) = match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => return STATUS_OK,
        Ok(Err(e)) => (STATUS_ERROR, e.to_string()),
        Err(payload) => (STATUS_PANICKED, panic_message(&*payload)),
    };
    // SAFETY: the host passes a valid error sink for the duration of this call.
    if let Some(sink) = unsafe { error.as_ref() } {
        // SAFETY: `message` outlives the call; the host copies it.
        unsafe { (sink.set)(sink.ctx, Str::new(&message)) };
    }
    status
}

thread_local! {
    /// The message and location of the last panic on this thread, recorded by the hook.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Replaces the default hook (which prints to the plugin's stderr) by one that records the
/// message with its location for the host and logs it through the host.
fn install_panic_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let mut message = payload_text(info.payload()).to_owned();
            if let Some(location) = info.location() {
                let _ = write!(message, " (at {location})");
            }
            tracing::debug!(target: "marginalia::panic", "{message}");
            LAST_PANIC.with(|last| *last.borrow_mut() = Some(message));
        }));
    });
}

/// The message for the host: what the hook recorded (with the location), else the payload.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    match LAST_PANIC.with(|last| last.borrow_mut().take()) {
        Some(recorded) => format!("panicked: {recorded}"),
        None => format!("panicked: {}", payload_text(payload)),
    }
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(a non-string panic payload)")
}
