//! The feature schema: the ordered list of model inputs from `models/schema.json`.
//!
//! Owns reading the file, checking its declared hash against the feature list (so an edited
//! list with a stale hash is caught at start, not as silently shifted model inputs) and
//! name → index lookups. It does not compute features (that is `risk::features`) and does not
//! know ONNX (that is [`super::model`], which compares a model's declared hash with
//! [`FeatureSchema::hash`]).
//!
//! The hash rule, shared with the Python trainer: the first 16 hex characters of SHA-256 over
//! one line per feature, in order, `"<name>:<type>\n"`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};

/// The only feature type the model input supports (`float32` tensor).
const FEATURE_TYPE: &str = "f32";

/// Why a feature schema could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    /// The schema file could not be read.
    #[error("feature schema {}: cannot read: {source}", path.display())]
    Read {
        /// The schema path as configured.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// The schema file is not the expected JSON (syntax error, missing field).
    #[error("feature schema {origin}: invalid JSON: {source}")]
    Json {
        /// The file path, or `<inline>` for [`FeatureSchema::from_json`].
        origin: String,
        /// The parser error, with line and column.
        #[source]
        source: serde_json::Error,
    },
    /// The feature list itself is unusable (empty, duplicate name, unsupported type, index out
    /// of order).
    #[error("feature schema {origin}: {reason}")]
    Invalid {
        /// The file path, or `<inline>`.
        origin: String,
        /// What is wrong, naming the feature.
        reason: String,
    },
    /// The declared hash does not match the feature list: someone edited the list without
    /// updating the hash (or the other way round).
    #[error(
        "feature schema {origin}: declared hash {declared} does not match the feature list \
         (computed {computed}); if the list change is intended, set \"hash\": \"{computed}\" \
         and retrain the model"
    )]
    HashMismatch {
        /// The file path, or `<inline>`.
        origin: String,
        /// The `hash` field of the file.
        declared: String,
        /// The hash of the `features` list.
        computed: String,
    },
}

/// The parts of `schema.json` riskgate reads; documentation fields are ignored.
#[derive(Deserialize)]
struct RawSchema {
    version: u32,
    hash: String,
    features: Vec<RawFeature>,
}

#[derive(Deserialize)]
struct RawFeature {
    index: Option<usize>,
    name: String,
    #[serde(rename = "type")]
    ty: String,
}

/// A verified feature schema: the model input order, its version and its hash.
///
/// Only constructible through [`FeatureSchema::load`] / [`FeatureSchema::from_json`], so a
/// value always has a non-empty list of unique names whose hash is `hash`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeatureSchema {
    version: u32,
    hash: String,
    names: Vec<String>,
}

impl FeatureSchema {
    /// Reads and verifies `path` (normally `models/schema.json`). Called at start and reload.
    pub fn load(path: &Path) -> Result<FeatureSchema, SchemaError> {
        let text = std::fs::read_to_string(path).map_err(|source| SchemaError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse(&text, &path.display().to_string())
    }

    /// Parses and verifies schema JSON held in memory (tests, embedded defaults).
    pub fn from_json(json: &str) -> Result<FeatureSchema, SchemaError> {
        Self::parse(json, "<inline>")
    }

    fn parse(json: &str, origin: &str) -> Result<FeatureSchema, SchemaError> {
        let raw: RawSchema = serde_json::from_str(json).map_err(|source| SchemaError::Json {
            origin: origin.to_string(),
            source,
        })?;
        let invalid = |reason: String| SchemaError::Invalid {
            origin: origin.to_string(),
            reason,
        };
        if raw.features.is_empty() {
            return Err(invalid("the feature list is empty".to_string()));
        }
        let mut seen = HashSet::with_capacity(raw.features.len());
        for (position, f) in raw.features.iter().enumerate() {
            if f.name.is_empty() || f.name.contains([':', '\n']) {
                return Err(invalid(format!(
                    "feature {position}: name {:?} must be non-empty without ':' or newlines",
                    f.name
                )));
            }
            if !seen.insert(f.name.as_str()) {
                return Err(invalid(format!(
                    "feature {position}: duplicate name {:?}",
                    f.name
                )));
            }
            if f.ty != FEATURE_TYPE {
                return Err(invalid(format!(
                    "feature {:?}: type {:?} is not supported (only {FEATURE_TYPE:?})",
                    f.name, f.ty
                )));
            }
            if let Some(index) = f.index.filter(|&i| i != position) {
                return Err(invalid(format!(
                    "feature {:?} is at position {position} but declares index {index}",
                    f.name
                )));
            }
        }
        let computed = schema_hash(
            raw.features
                .iter()
                .map(|f| (f.name.as_str(), f.ty.as_str())),
        );
        if raw.hash != computed {
            return Err(SchemaError::HashMismatch {
                origin: origin.to_string(),
                declared: raw.hash,
                computed,
            });
        }
        Ok(FeatureSchema {
            version: raw.version,
            hash: raw.hash,
            names: raw.features.into_iter().map(|f| f.name).collect(),
        })
    }

    /// Returns the schema version (the `version` field; informational, for logs).
    pub fn version(&self) -> u32 {
        self.version
    }

    /// Returns the 16-hex-character schema hash a model must declare in its
    /// `riskgate.schema_hash` metadata.
    pub fn hash(&self) -> &str {
        &self.hash
    }

    /// Returns the feature names in model input order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Returns the number of features F (the model input is `[N, F]`).
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Returns `false`: a loaded schema always has at least one feature.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Returns the input position of `name`, or `None` when the schema has no such feature.
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }
}

/// Returns the schema hash of `(name, type)` pairs in order: the first 16 hex characters of
/// SHA-256 over `"<name>:<type>\n"` per feature. Used to verify `schema.json`; the Python
/// trainer computes the same value.
pub fn schema_hash<'a>(features: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut h = Sha256::new();
    for (name, ty) in features {
        h.update(name.as_bytes());
        h.update(b":");
        h.update(ty.as_bytes());
        h.update(b"\n");
    }
    let digest = h.finalize();
    let mut out = String::with_capacity(16);
    for b in &digest[..8] {
        out.push(char::from_digit(u32::from(b >> 4), 16).unwrap_or('0'));
        out.push(char::from_digit(u32::from(b & 0xf), 16).unwrap_or('0'));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> PathBuf {
        PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/models/schema.json"))
    }

    fn json(hash: &str, features: &str) -> String {
        format!(r#"{{"version": 3, "hash": "{hash}", "features": [{features}]}}"#)
    }

    #[test]
    fn shipped_schema_loads_with_its_hash_and_order() {
        let s = FeatureSchema::load(&shipped()).expect("shipped schema");
        assert_eq!(s.len(), 33);
        assert!(!s.is_empty());
        assert_eq!(s.hash(), "5df47a3ef41ffe98");
        assert_eq!(s.version(), 3);
        assert_eq!(s.index_of("amount_usd"), Some(0));
        assert_eq!(s.index_of("email_random"), Some(27));
        assert_eq!(s.index_of("hour_of_day"), None);
        assert_eq!(s.index_of("no_such_feature"), None);
        assert_eq!(s.names()[14], "orders_ip_10m");
    }

    #[test]
    fn hash_follows_the_documented_rule() {
        // printf 'a:f32\nb:f32\n' | sha256sum | cut -c1-16
        assert_eq!(
            schema_hash([("a", "f32"), ("b", "f32")]),
            "86364a1875920ae6"
        );
        assert_ne!(
            schema_hash([("b", "f32"), ("a", "f32")]),
            schema_hash([("a", "f32"), ("b", "f32")])
        );
    }

    #[test]
    fn from_json_accepts_a_consistent_list() {
        let h = schema_hash([("a", "f32"), ("b", "f32")]);
        let s = FeatureSchema::from_json(&json(
            &h,
            r#"{"index": 0, "name": "a", "type": "f32", "meaning": "x"}, {"name": "b", "type": "f32"}"#,
        ))
        .expect("valid schema");
        assert_eq!(s.names(), ["a", "b"]);
        assert_eq!(s.version(), 3);
    }

    #[test]
    fn invalid_schemas_are_refused_with_the_reason() {
        let ab = schema_hash([("a", "f32"), ("b", "f32")]);
        let cases: [(&str, String, &str); 7] = [
            (
                "edited list, stale hash",
                json(
                    &ab,
                    r#"{"name": "a", "type": "f32"}, {"name": "c", "type": "f32"}"#,
                ),
                "does not match the feature list",
            ),
            (
                "reordered list",
                json(
                    &ab,
                    r#"{"name": "b", "type": "f32"}, {"name": "a", "type": "f32"}"#,
                ),
                "does not match the feature list",
            ),
            ("empty list", json(&ab, ""), "the feature list is empty"),
            (
                "duplicate",
                json(
                    &ab,
                    r#"{"name": "a", "type": "f32"}, {"name": "a", "type": "f32"}"#,
                ),
                "duplicate name \"a\"",
            ),
            (
                "wrong type",
                json(&ab, r#"{"name": "a", "type": "i64"}"#),
                "type \"i64\" is not supported",
            ),
            (
                "index out of order",
                json(&ab, r#"{"index": 1, "name": "a", "type": "f32"}"#),
                "declares index 1",
            ),
            ("not json", "{".to_string(), "invalid JSON"),
        ];
        for (what, text, expected) in cases {
            let err = FeatureSchema::from_json(&text).expect_err(what).to_string();
            assert!(err.contains(expected), "{what}: {err}");
        }
    }

    #[test]
    fn hash_mismatch_names_the_computed_hash() {
        let err =
            FeatureSchema::from_json(&json("0000000000000000", r#"{"name": "a", "type": "f32"}"#))
                .expect_err("stale hash");
        let computed = schema_hash([("a", "f32")]);
        assert!(
            matches!(&err, SchemaError::HashMismatch { declared, computed: c, .. } if declared == "0000000000000000" && *c == computed),
            "{err}"
        );
    }

    #[test]
    fn missing_file_names_the_path() {
        let err = FeatureSchema::load(Path::new("/nonexistent/schema.json")).expect_err("missing");
        assert!(
            err.to_string().contains("/nonexistent/schema.json"),
            "{err}"
        );
    }
}
