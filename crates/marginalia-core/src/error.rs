//! The error a plugin returns.

use std::fmt;

/// An error a plugin reports to the host; only its message crosses the boundary.
///
/// Any `std::error::Error` converts into it, with its causes joined by `: `, so `?` works on
/// I/O, parse and config errors. The host shows the message after the plugin's name and the
/// document's id (``plugin `visits` failed on document `a.txt`: MESSAGE``), or after the
/// config's file, line and column when [`Plugin::new`](crate::Plugin::new) returns it: say
/// what is wrong and with what, not where.
///
/// ```
/// use marginalia_core::PluginError;
/// fn parse(n: &str) -> Result<u32, PluginError> {
///     Ok(n.parse::<u32>()?)
/// }
/// assert_eq!(parse("x").unwrap_err().to_string(), "invalid digit found in string");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PluginError {
    message: String,
}

impl PluginError {
    /// An error with this message.
    pub fn msg(message: impl fmt::Display) -> Self {
        PluginError {
            message: message.to_string(),
        }
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for PluginError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl<E: std::error::Error> From<E> for PluginError {
    fn from(error: E) -> Self {
        // Keep the causes: they are often where the useful part is.
        let mut message = error.to_string();
        let mut source = error.source();
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        PluginError { message }
    }
}
