//! What a plugin says about itself.

use serde::{Deserialize, Serialize};

/// A plugin's self-description: its identity and the labels it emits and needs.
///
/// The host orders the pipeline from `emits` and `needs`: a plugin runs after every plugin
/// that emits a label it needs, and sees those annotations in [`Document::annotations`](crate::Document::annotations).
/// A plugin may only emit labels listed in `emits`.
///
/// ```
/// use marginalia_core::Manifest;
/// let manifest = Manifest::new("sanctions", "0.1.0")
///     .description("Tags sanctions, embargoes and asset freezes.")
///     .emits(["sanction"])
///     .needs(["actor"]);
/// assert_eq!(manifest.needs, ["actor"]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The plugin's name, as written in `marginalia.toml`: lowercase ASCII letters, digits and `-`.
    pub name: String,
    /// The plugin's version, usually `env!("CARGO_PKG_VERSION")`.
    pub version: String,
    /// One sentence on what it tags.
    #[serde(default)]
    pub description: String,
    /// The labels it emits.
    #[serde(default)]
    pub emits: Vec<String>,
    /// The labels it needs from earlier plugins.
    #[serde(default)]
    pub needs: Vec<String>,
}

impl Manifest {
    /// A manifest with a name and a version, emitting and needing nothing yet.
    pub fn new(name: impl Into<String>, version: impl Into<String>) -> Self {
        Manifest {
            name: name.into(),
            version: version.into(),
            description: String::new(),
            emits: Vec::new(),
            needs: Vec::new(),
        }
    }

    /// Sets the description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = description.into();
        self
    }

    /// Sets the labels emitted.
    pub fn emits<I: IntoIterator<Item = S>, S: Into<String>>(mut self, labels: I) -> Self {
        self.emits = labels.into_iter().map(Into::into).collect();
        self
    }

    /// Declares that the labels emitted come from each instance's config: `emits = ["*"]`.
    /// The plugin then implements [`Plugin::emits`](crate::Plugin::emits), which the host calls
    /// on every instance it creates; the host orders the pipeline and checks spans with those
    /// labels.
    ///
    /// ```
    /// use marginalia_core::Manifest;
    /// let manifest = Manifest::new("rules", "0.1.0").emits_configured();
    /// assert_eq!(manifest.emits, ["*"]);
    /// assert!(manifest.emits_are_configured());
    /// ```
    pub fn emits_configured(mut self) -> Self {
        self.emits = vec![marginalia_abi::EMITS_CONFIGURED.to_owned()];
        self
    }

    /// Whether `emits` is `["*"]`: the labels come from each instance (see
    /// [`Manifest::emits_configured`]).
    pub fn emits_are_configured(&self) -> bool {
        self.emits
            .iter()
            .any(|l| l == marginalia_abi::EMITS_CONFIGURED)
    }

    /// Sets the labels needed from earlier plugins.
    pub fn needs<I: IntoIterator<Item = S>, S: Into<String>>(mut self, labels: I) -> Self {
        self.needs = labels.into_iter().map(Into::into).collect();
        self
    }

    /// Whether `name` is a valid plugin name: non-empty lowercase ASCII letters, digits and `-`,
    /// starting with a letter.
    pub fn is_valid_name(name: &str) -> bool {
        name.starts_with(|c: char| c.is_ascii_lowercase())
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_lowercase_words_joined_by_dashes() {
        assert!(Manifest::is_valid_name("arms-trade"));
        assert!(Manifest::is_valid_name("actors2"));
        assert!(!Manifest::is_valid_name(""));
        assert!(!Manifest::is_valid_name("Actors"));
        assert!(!Manifest::is_valid_name("arms_trade"));
        assert!(!Manifest::is_valid_name("-x"));
    }

    #[test]
    fn json_round_trip() {
        let m = Manifest::new("a", "1.0").emits(["x"]).needs(["y"]);
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(serde_json::from_str::<Manifest>(&json).unwrap(), m);
    }
}
