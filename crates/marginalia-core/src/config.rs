//! A plugin's configuration table.

use std::fmt;
use std::ops::Range;

use serde::de::DeserializeOwned;

use crate::PluginError;

/// The plugin's table from `marginalia.toml` (`[plugins.NAME]`), empty when there is none.
///
/// The host passes the table as TOML text. When the table is written as a standard
/// `[plugins.NAME]` table, that text is the table's own source, laid out so that its line and
/// column numbers are those of `marginalia.toml`; errors from [`Config::deserialize`] and
/// [`Config::error_at`] then start with `line L, column C: `, and the host reports them as
/// `marginalia.toml:L:C: ...`.
///
/// ```
/// use marginalia_core::Config;
/// #[derive(Debug, serde::Deserialize)]
/// #[serde(deny_unknown_fields)]
/// struct Settings { #[serde(default)] extra_terms: Vec<String> }
///
/// let config = Config::from_toml_str("extra_terms = [\"Kremlin\"]").unwrap();
/// let settings: Settings = config.deserialize().unwrap();
/// assert_eq!(settings.extra_terms, ["Kremlin"]);
///
/// let bad = Config::from_toml_str("\n  extra_term = []").unwrap();
/// let error = bad.deserialize::<Settings>().unwrap_err().to_string();
/// assert!(error.starts_with("line 2, column 3: unknown field `extra_term`"), "{error}");
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    table: toml::Table,
    /// The text `table` was parsed from, when it was parsed from text.
    source: Option<String>,
}

impl Config {
    /// Parses a TOML table, and keeps the text so that errors can name lines and columns.
    ///
    /// ```
    /// use marginalia_core::Config;
    /// let error = Config::from_toml_str("a = 1\nb = ").unwrap_err();
    /// assert!(error.to_string().starts_with("line 2, column 5: "), "{error}");
    /// ```
    pub fn from_toml_str(toml: &str) -> Result<Self, PluginError> {
        let table = toml
            .parse::<toml::Table>()
            .map_err(|e| positioned(toml, e.span(), &Config::describe_toml_error(toml, &e)))?;
        Ok(Config {
            table,
            source: Some(toml.to_owned()),
        })
    }

    /// Wraps a table. Errors about it carry no line or column: there is no text.
    pub fn from_table(table: toml::Table) -> Self {
        Config {
            table,
            source: None,
        }
    }

    /// The raw table.
    pub fn table(&self) -> &toml::Table {
        &self.table
    }

    /// The TOML text the table was parsed from, if it was ([`Config::from_toml_str`]).
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }

    /// Deserializes the table into the plugin's settings type. Use
    /// `#[serde(deny_unknown_fields)]` on it so that typos are errors, not silently ignored.
    ///
    /// When the config has its source text, the settings are read from that text, so
    /// `toml::Spanned<T>` fields hold byte ranges into [`Config::source`] (to pass to
    /// [`Config::error_at`]) and errors (unknown field, wrong type, missing key) start with
    /// `line L, column C: `.
    ///
    /// ```
    /// use marginalia_core::Config;
    /// #[derive(Debug, serde::Deserialize)]
    /// #[serde(deny_unknown_fields)]
    /// struct Settings { limit: u32 }
    ///
    /// let config = Config::from_toml_str("\n\nlimit = \"ten\"").unwrap();
    /// assert_eq!(
    ///     config.deserialize::<Settings>().unwrap_err().to_string(),
    ///     "line 3, column 9: invalid type: string \"ten\", expected u32"
    /// );
    /// ```
    pub fn deserialize<T: DeserializeOwned>(&self) -> Result<T, PluginError> {
        match &self.source {
            Some(source) => toml::from_str(source).map_err(|e| {
                positioned(source, e.span(), &Config::describe_toml_error(source, &e))
            }),
            None => {
                T::deserialize(toml::Value::Table(self.table.clone())).map_err(PluginError::msg)
            }
        }
    }

    /// An error about the text at `span` (a byte range into [`Config::source`], as a
    /// `toml::Spanned` field holds it): `line L, column C: message` for the start of `span`, or
    /// just `message` when the config has no source text.
    ///
    /// ```
    /// use marginalia_core::Config;
    /// #[derive(serde::Deserialize)]
    /// struct Settings { pattern: toml::Spanned<String> }
    ///
    /// let config = Config::from_toml_str("\npattern = '(unclosed'").unwrap();
    /// let settings: Settings = config.deserialize().unwrap();
    /// let error = config.error_at(settings.pattern.span(), "unclosed group");
    /// assert_eq!(error.to_string(), "line 2, column 11: unclosed group");
    /// ```
    pub fn error_at(&self, span: Range<usize>, message: impl fmt::Display) -> PluginError {
        match &self.source {
            Some(source) => positioned(source, Some(span), &message.to_string()),
            None => PluginError::msg(message),
        }
    }

    /// What a TOML error about `source` says, without its position; never empty.
    ///
    /// The `toml` crate gives some syntax errors no message at all (a control character in a
    /// comment, a key without a value at the end of the text). Those get one here, from what
    /// stands at the error's place in `source`, so that every config error says what is
    /// wrong. The host words its own `marginalia.toml` errors with it too.
    ///
    /// ```
    /// use marginalia_core::Config;
    /// let text = "a = 1\n# a comment with a NUL \0\n";
    /// let error = text.parse::<toml::Table>().unwrap_err();
    /// assert_eq!(error.message(), "");
    /// assert_eq!(
    ///     Config::describe_toml_error(text, &error),
    ///     "the control character '\\0' is not allowed here; delete it (in a string, write it \
    ///      as an escape such as \\u0000)"
    /// );
    /// ```
    pub fn describe_toml_error(source: &str, error: &toml::de::Error) -> String {
        let message = error.message().trim_end();
        if !message.is_empty() {
            return message.to_owned();
        }
        let mut at = error.span().map_or(0, |s| s.start).min(source.len());
        while !source.is_char_boundary(at) {
            at -= 1;
        }
        let more = "TOML expects more (a value, or a closing quote or bracket)";
        match source[at..].chars().next() {
            None => format!("the text ends where {more}"),
            Some('\n' | '\r') => format!("the line ends where {more}"),
            Some(c) if c.is_control() => format!(
                "the control character {c:?} is not allowed here; delete it (in a string, write \
                 it as an escape such as \\u{:04X})",
                u32::from(c)
            ),
            Some(c) => format!("{c:?} is not valid TOML here"),
        }
    }

    /// Splits the `line L, column C: ` that [`Config`] errors start with off a message:
    /// `Some(((L, C), rest))`, or `None` when the message does not start that way. The host uses
    /// it to turn the position into one in `marginalia.toml`.
    ///
    /// ```
    /// use marginalia_core::Config;
    /// assert_eq!(
    ///     Config::split_position("line 7, column 3: unknown field `extras`"),
    ///     Some(((7, 3), "unknown field `extras`"))
    /// );
    /// assert_eq!(Config::split_position("unknown field `extras`"), None);
    /// ```
    pub fn split_position(message: &str) -> Option<((usize, usize), &str)> {
        let rest = message.strip_prefix("line ")?;
        let (line, rest) = rest.split_once(", column ")?;
        let (column, rest) = rest.split_once(": ")?;
        let number = |s: &str| {
            s.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| s.parse::<usize>().ok())
                .flatten()
                .filter(|&n| n > 0)
        };
        Some(((number(line)?, number(column)?), rest))
    }
}

/// `line L, column C: message` for the start of `span` in `source` (lines and columns 1-based,
/// columns in characters), or just `message` without a span.
fn positioned(source: &str, span: Option<Range<usize>>, message: &str) -> PluginError {
    let message = message.trim_end();
    let Some(span) = span else {
        return PluginError::msg(message);
    };
    let mut offset = span.start.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + 1;
    let column = before[line_start..].chars().count() + 1;
    PluginError::msg(format!("line {line}, column {column}: {message}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Settings {
        #[serde(default)]
        words: Vec<String>,
        #[serde(default)]
        rules: Vec<Rule>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Rule {
        label: String,
        pattern: toml::Spanned<String>,
    }

    fn error(text: &str) -> String {
        Config::from_toml_str(text)
            .unwrap()
            .deserialize::<Settings>()
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn unknown_field_wrong_type_and_missing_key_have_positions() {
        assert_eq!(
            error("\n\n\n  wordz = []\n"),
            "line 4, column 3: unknown field `wordz`, expected `words` or `rules`"
        );
        assert_eq!(
            error("words = [1]"),
            "line 1, column 10: invalid type: integer `1`, expected a string"
        );
        assert_eq!(
            error("\n[[rules]]\nlabel = \"x\"\n"),
            "line 2, column 1: missing field `pattern`"
        );
    }

    #[test]
    fn syntax_errors_that_toml_leaves_without_a_message_get_one() {
        // Found by the `config_loader` fuzz target: `toml` has no message for these, and the
        // errors said only `line L, column C: `.
        let parse_error = |text: &str| Config::from_toml_str(text).unwrap_err().to_string();
        assert_eq!(
            parse_error("# ok\n# a NUL \0 in a comment\n"),
            "line 2, column 9: the control character '\\0' is not allowed here; delete it (in a \
             string, write it as an escape such as \\u0000)"
        );
        assert_eq!(
            parse_error("a = 1\nb = "),
            "line 2, column 5: the text ends where TOML expects more (a value, or a closing \
             quote or bracket)"
        );
        // Errors that have a message keep it.
        assert!(parse_error("a = \"x").contains("invalid basic string"));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        assert_eq!(
            error("words = [\"é€\", 2]"),
            "line 1, column 16: invalid type: integer `2`, expected a string"
        );
    }

    #[test]
    fn spans_of_spanned_fields_index_the_source() {
        let config =
            Config::from_toml_str("\n\n[[rules]]\nlabel = \"x\"\npattern = '(a'\n").unwrap();
        let settings: Settings = config.deserialize().unwrap();
        let pattern = &settings.rules[0].pattern;
        assert_eq!(&config.source().unwrap()[pattern.span()], "'(a'");
        assert_eq!(
            config.error_at(pattern.span(), "bad").to_string(),
            "line 5, column 11: bad"
        );
    }

    #[test]
    fn a_config_from_a_table_has_no_positions() {
        let table: toml::Table = "wordz = []".parse().unwrap();
        let config = Config::from_table(table);
        assert_eq!(config.source(), None);
        let err = config.deserialize::<Settings>().unwrap_err().to_string();
        assert!(err.starts_with("unknown field `wordz`"), "{err}");
        assert_eq!(config.error_at(3..4, "bad").to_string(), "bad");
    }

    #[test]
    fn the_table_is_the_same_either_way() {
        let config = Config::from_toml_str("\n\nwords = [\"a\"]\n").unwrap();
        assert_eq!(
            config.table(),
            Config::from_table(config.table().clone()).table()
        );
        assert!(Config::default().deserialize::<Settings>().is_ok());
    }

    #[test]
    fn split_position_reads_only_a_leading_position() {
        assert_eq!(
            Config::split_position("line 12, column 1: x: y"),
            Some(((12, 1), "x: y"))
        );
        for message in [
            "line 0, column 1: x",
            "line 1, column x: y",
            "line +1, column 1: y",
            "at line 1, column 1: y",
            "line 1, column 1",
        ] {
            assert_eq!(Config::split_position(message), None, "{message}");
        }
    }
}
