//! Forwards the plugin's `tracing` events to the host's subscriber.
//!
//! A `cdylib` has its own copy of `tracing` and so its own global dispatcher, which the
//! host's subscriber never sees. On the first `create`, the plugin installs [`Forwarder`] as
//! its global default: it formats each enabled event and hands it to `HostApi::log`, which
//! re-emits it in the host, where `RUST_LOG` filters it. Spans are not forwarded.
#![allow(unsafe_code)]

use std::ffi::c_void;
use std::fmt::{self, Write as _};

use marginalia_abi::{HostApi, LOG_DEBUG, LOG_ERROR, LOG_INFO, LOG_TRACE, LOG_WARN, Str};
use tracing::field::{Field, Visit};
use tracing::level_filters::LevelFilter;
use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::Interest;
use tracing::{Event, Level, Metadata, Subscriber};

/// The host's log callback, copied out of the `HostApi`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct HostLog {
    ctx: *const c_void,
    log: unsafe extern "C" fn(*const c_void, u32, Str, Str),
    max_level: u32,
}

// SAFETY: `HostApi::log` is documented as callable from any thread, and `ctx` is only ever
// passed back to it.
unsafe impl Send for HostLog {}
// SAFETY: as above; `HostLog` is immutable.
unsafe impl Sync for HostLog {}

impl HostLog {
    pub(crate) fn new(host: &HostApi) -> Self {
        HostLog {
            ctx: host.ctx,
            log: host.log,
            max_level: host.max_log_level,
        }
    }

    fn send(&self, level: u32, target: &str, message: &str) {
        // SAFETY: the host keeps `ctx` and the callback alive while any instance lives, and
        // the strings are borrowed for the call only.
        unsafe { (self.log)(self.ctx, level, Str::new(target), Str::new(message)) }
    }
}

/// Installs the forwarder as this library's global subscriber; later calls do nothing.
pub(crate) fn install(host: HostLog) {
    // Fails only when a subscriber is already set: by an earlier `create`, which is fine.
    let _ = tracing::subscriber::set_global_default(Forwarder { host });
}

/// Converts a `tracing` level to the ABI's `LOG_*` number.
fn level_number(level: &Level) -> u32 {
    match *level {
        Level::ERROR => LOG_ERROR,
        Level::WARN => LOG_WARN,
        Level::INFO => LOG_INFO,
        Level::DEBUG => LOG_DEBUG,
        Level::TRACE => LOG_TRACE,
    }
}

struct Forwarder {
    host: HostLog,
}

impl Subscriber for Forwarder {
    fn register_callsite(&self, metadata: &'static Metadata<'static>) -> Interest {
        if self.enabled(metadata) {
            Interest::always()
        } else {
            Interest::never()
        }
    }

    fn max_level_hint(&self) -> Option<LevelFilter> {
        Some(match self.host.max_level {
            LOG_ERROR => LevelFilter::ERROR,
            LOG_WARN => LevelFilter::WARN,
            LOG_INFO => LevelFilter::INFO,
            LOG_DEBUG => LevelFilter::DEBUG,
            LOG_TRACE => LevelFilter::TRACE,
            _ => LevelFilter::OFF,
        })
    }

    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        level_number(metadata.level()) <= self.host.max_level
    }

    fn new_span(&self, _span: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }

    fn record(&self, _span: &Id, _values: &Record<'_>) {}

    fn record_follows_from(&self, _span: &Id, _follows: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut message = MessageWriter::default();
        event.record(&mut message);
        let metadata = event.metadata();
        self.host.send(
            level_number(metadata.level()),
            metadata.target(),
            &message.text,
        );
    }

    fn enter(&self, _span: &Id) {}

    fn exit(&self, _span: &Id) {}
}

/// Formats an event as `message key=value ...`.
#[derive(Default)]
struct MessageWriter {
    text: String,
}

impl Visit for MessageWriter {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if !self.text.is_empty() {
            self.text.push(' ');
        }
        if field.name() == "message" {
            let _ = write!(self.text, "{value:?}");
        } else {
            let _ = write!(self.text, "{}={value:?}", field.name());
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.record_debug(field, &format_args!("{value}"));
        } else {
            self.record_debug(field, &value);
        }
    }
}
