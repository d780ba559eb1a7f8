//! The `[plugins.rules]` table: its shape, and its checks.
//!
//! Every error names the line and column in `marginalia.toml` of the value at fault (through
//! [`Config::error_at`] and `toml::Spanned`), and the rule's label.

use marginalia_core::{Attrs, Config, PluginError};
use serde::Deserialize;
use toml::Spanned;

/// The `[plugins.rules]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// `[[plugins.rules.terms]]`: term lists.
    #[serde(default)]
    pub terms: Vec<TermRule>,
    /// `[[plugins.rules.patterns]]`: regular expressions.
    #[serde(default)]
    pub patterns: Vec<PatternRule>,
}

/// One `[[plugins.rules.terms]]` table: terms tagged with `label` and `attrs`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermRule {
    /// The label of every match.
    pub label: Spanned<String>,
    /// The terms: case-insensitive, whole words (see the crate doc).
    pub terms: Spanned<Vec<Spanned<String>>>,
    /// The attributes of every match.
    #[serde(default)]
    pub attrs: Option<Spanned<Attrs>>,
}

/// One `[[plugins.rules.patterns]]` table: a regular expression tagged with `label` and
/// `attrs`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternRule {
    /// The label of every match.
    pub label: Spanned<String>,
    /// The regular expression, in the syntax of the `regex` crate.
    pub pattern: Spanned<String>,
    /// The attributes of every match.
    #[serde(default)]
    pub attrs: Option<Spanned<Attrs>>,
}

impl Settings {
    /// Reads the table and checks everything but the patterns' syntax (see
    /// [`compile_pattern`]).
    pub fn from_config(config: &Config) -> Result<Self, PluginError> {
        let settings: Settings = config.deserialize()?;
        if settings.terms.is_empty() && settings.patterns.is_empty() {
            return Err(PluginError::msg(
                "no rules: add a [[plugins.rules.terms]] or [[plugins.rules.patterns]] table with a `label`",
            ));
        }
        for rule in &settings.terms {
            let label = check_label(config, &rule.label)?;
            if rule.terms.get_ref().is_empty() {
                return Err(config.error_at(
                    rule.terms.span(),
                    format!("`terms` of label `{label}` is empty: list at least one term"),
                ));
            }
            for term in rule.terms.get_ref() {
                if term.get_ref().trim().is_empty() {
                    return Err(config.error_at(
                        term.span(),
                        format!("empty term in the `terms` of label `{label}`"),
                    ));
                }
            }
            check_attrs(config, label, &rule.attrs)?;
        }
        for rule in &settings.patterns {
            let label = check_label(config, &rule.label)?;
            check_attrs(config, label, &rule.attrs)?;
        }
        Ok(settings)
    }
}

/// Whether `label` is a label name: lowercase ASCII letters, digits and `_`, starting with a
/// letter (`organization`, `case_number`), like the labels of the other plugins.
pub fn is_valid_label(label: &str) -> bool {
    label.starts_with(|c: char| c.is_ascii_lowercase())
        && label
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn check_label<'a>(config: &Config, label: &'a Spanned<String>) -> Result<&'a str, PluginError> {
    let name = label.get_ref().as_str();
    if is_valid_label(name) {
        Ok(name)
    } else {
        Err(config.error_at(
            label.span(),
            format!(
                "label {name:?} is not a label name: use lowercase letters, digits and `_`, starting with a letter, like `organization` or `case_number`"
            ),
        ))
    }
}

fn check_attrs(
    config: &Config,
    label: &str,
    attrs: &Option<Spanned<Attrs>>,
) -> Result<(), PluginError> {
    match attrs {
        Some(attrs) if !attrs.get_ref().is_finite() => Err(config.error_at(
            attrs.span(),
            format!("`attrs` of label `{label}` hold a number that is not finite (nan or inf)"),
        )),
        _ => Ok(()),
    }
}

/// Compiles the pattern of `rule`. A syntax error names the pattern's line and column in the
/// config, what is wrong, and where in the pattern; a pattern that can match the empty string
/// is refused (a span is never empty).
pub fn compile_pattern(config: &Config, rule: &PatternRule) -> Result<regex::Regex, PluginError> {
    let pattern = rule.pattern.get_ref().as_str();
    let label = rule.label.get_ref();
    let at = |message: String| config.error_at(rule.pattern.span(), message);
    let hir = regex_syntax::Parser::new().parse(pattern).map_err(|e| {
        let (what, offset) = match &e {
            regex_syntax::Error::Parse(e) => (e.kind().to_string(), e.span().start.offset),
            regex_syntax::Error::Translate(e) => (e.kind().to_string(), e.span().start.offset),
            other => (other.to_string(), 0),
        };
        let character = pattern[..offset.min(pattern.len())].chars().count() + 1;
        at(format!(
            "invalid regular expression for label `{label}`: {what}, at character {character} of the pattern `{pattern}`"
        ))
    })?;
    if hir.properties().minimum_len() == Some(0) {
        return Err(at(format!(
            "the regular expression `{pattern}` for label `{label}` can match the empty string; a rule must match at least one character (`+` rather than `*`?)"
        )));
    }
    regex::Regex::new(pattern)
        .map_err(|e| at(format!("regular expression for label `{label}`: {e}")))
}
