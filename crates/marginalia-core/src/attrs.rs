//! Annotation attributes: an ordered map of string keys to JSON-like values.
//!
//! Attributes cross the plugin boundary as a JSON object, so what they can hold is part of
//! the ABI: strings, finite numbers, booleans and lists of those. Never `null`, never nested
//! objects (see `docs/abi-policy.md`).

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// One attribute value: a string, a number, a bool or a list of values.
///
/// Serialized as the plain JSON value (`"RUS"`, `3600000000`, `3.5`, `true`, `["arms"]`).
/// Null and objects are not attribute values, and do not deserialize. Numbers that are whole
/// and fit in `i64` are [`Int`](AttrValue::Int) after a trip through JSON, others
/// [`Float`](AttrValue::Float); converting an `f64` with `From` gives the same result, so
/// what a plugin emits and what the host outputs compare equal.
///
/// ```
/// use marginalia_core::AttrValue;
/// assert_eq!(AttrValue::from(3.6e9), AttrValue::Int(3_600_000_000));
/// assert_eq!(AttrValue::from(vec!["RUS", "PRK"]).to_string(), r#"["RUS","PRK"]"#);
/// assert_eq!(AttrValue::from(0.25).as_f64(), Some(0.25));
/// assert_eq!(AttrValue::from("VNM").as_str(), Some("VNM"));
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AttrValue {
    /// `true` or `false`.
    Bool(bool),
    /// An integer that fits in `i64`.
    Int(i64),
    /// Any other number. Must be finite: [`Emitter::emit`](crate::Emitter::emit) refuses
    /// NaN and infinities, which JSON cannot carry.
    Float(f64),
    /// A string.
    Str(String),
    /// A list of values.
    List(Vec<AttrValue>),
}

impl AttrValue {
    /// The string, when this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            AttrValue::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The number as `f64`, when this is a number.
    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            AttrValue::Int(i) => Some(i as f64),
            AttrValue::Float(f) => Some(f),
            _ => None,
        }
    }

    /// Whether every number inside is finite (JSON has no NaN or infinity).
    pub fn is_finite(&self) -> bool {
        match self {
            AttrValue::Float(f) => f.is_finite(),
            AttrValue::List(items) => items.iter().all(AttrValue::is_finite),
            _ => true,
        }
    }
}

/// Formats the value as compact JSON.
impl fmt::Display for AttrValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let json = serde_json::to_string(self).map_err(|_| fmt::Error)?;
        f.write_str(&json)
    }
}

impl From<&str> for AttrValue {
    fn from(s: &str) -> Self {
        AttrValue::Str(s.to_owned())
    }
}
impl From<String> for AttrValue {
    fn from(s: String) -> Self {
        AttrValue::Str(s)
    }
}
impl From<bool> for AttrValue {
    fn from(b: bool) -> Self {
        AttrValue::Bool(b)
    }
}
impl From<i64> for AttrValue {
    fn from(i: i64) -> Self {
        AttrValue::Int(i)
    }
}
impl From<i32> for AttrValue {
    fn from(i: i32) -> Self {
        AttrValue::Int(i.into())
    }
}
impl From<u32> for AttrValue {
    fn from(i: u32) -> Self {
        AttrValue::Int(i.into())
    }
}
/// Whole numbers within ±2^53 become [`AttrValue::Int`], so `3.6e9` serializes as `3600000000`.
impl From<f64> for AttrValue {
    fn from(f: f64) -> Self {
        const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
        if f.fract() == 0.0 && f.abs() <= EXACT {
            AttrValue::Int(f as i64)
        } else {
            AttrValue::Float(f)
        }
    }
}
impl<T: Into<AttrValue>> From<Vec<T>> for AttrValue {
    fn from(items: Vec<T>) -> Self {
        AttrValue::List(items.into_iter().map(Into::into).collect())
    }
}

/// The attributes of an annotation: string keys to [`AttrValue`]s, sorted by key, each key
/// once.
///
/// Serialized as a JSON object in key order (`Display` gives the compact form), which is how
/// it crosses the plugin boundary and how the host outputs it. Keys and values follow the
/// annotation guidelines of each label (`docs/annotation-guidelines.md`).
///
/// ```
/// use marginalia_core::Attrs;
/// let mut attrs = Attrs::new().with("id", "RUS").with("count", 11);
/// attrs.insert("count", 12); // replaces
/// assert_eq!(attrs.get_str("id"), Some("RUS"));
/// assert_eq!(attrs.get("count").and_then(|v| v.as_f64()), Some(12.0));
/// assert_eq!(attrs.to_string(), r#"{"count":12,"id":"RUS"}"#);
/// let keys: Vec<&str> = attrs.iter().map(|(key, _)| key).collect();
/// assert_eq!(keys, ["count", "id"]);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Attrs(BTreeMap<String, AttrValue>);

impl Attrs {
    /// No attributes.
    pub fn new() -> Self {
        Attrs::default()
    }

    /// Returns `self` with `key` set to `value`.
    pub fn with(mut self, key: impl Into<String>, value: impl Into<AttrValue>) -> Self {
        self.insert(key, value);
        self
    }

    /// Sets `key` to `value`, replacing any earlier value.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<AttrValue>) {
        self.0.insert(key.into(), value.into());
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&AttrValue> {
        self.0.get(key)
    }

    /// The value of `key` when it is a string.
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(AttrValue::as_str)
    }

    /// The attributes in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &AttrValue)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Number of attributes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether every number inside is finite, as JSON requires.
    pub fn is_finite(&self) -> bool {
        self.0.values().all(AttrValue::is_finite)
    }
}

/// Formats the attributes as a compact JSON object.
impl fmt::Display for Attrs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let json = serde_json::to_string(self).map_err(|_| fmt::Error)?;
        f.write_str(&json)
    }
}

impl<K: Into<String>, V: Into<AttrValue>> FromIterator<(K, V)> for Attrs {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Attrs(
            iter.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_through_json() {
        let attrs = Attrs::new()
            .with("s", "x")
            .with("i", 3_600_000_000_i64)
            .with("f", 0.5)
            .with("b", true)
            .with("l", vec!["a", "b"]);
        let json = attrs.to_string();
        assert_eq!(
            json,
            r#"{"b":true,"f":0.5,"i":3600000000,"l":["a","b"],"s":"x"}"#
        );
        let back: Attrs = serde_json::from_str(&json).unwrap();
        assert_eq!(back, attrs);
    }

    #[test]
    fn whole_floats_become_integers() {
        assert_eq!(AttrValue::from(3.6e9), AttrValue::Int(3_600_000_000));
        assert_eq!(AttrValue::from(80.0), AttrValue::Int(80));
        assert_eq!(AttrValue::from(2.5), AttrValue::Float(2.5));
    }

    #[test]
    fn null_and_objects_are_rejected() {
        assert!(serde_json::from_str::<Attrs>(r#"{"a":null}"#).is_err());
        assert!(serde_json::from_str::<Attrs>(r#"{"a":{"b":1}}"#).is_err());
    }

    #[test]
    fn non_finite_numbers_are_detected() {
        assert!(!Attrs::new().with("x", f64::NAN).is_finite());
        assert!(!Attrs::new().with("x", vec![f64::INFINITY]).is_finite());
        assert!(Attrs::new().with("x", 1.5).is_finite());
    }
}
