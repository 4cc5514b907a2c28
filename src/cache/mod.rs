//! The edge cache for `static` routes: RFC 9111 rules for a shared cache, keys, a
//! size-bounded moka store, and purge.
//!
//! Layout: [`key`] (primary keys, purge URLs), [`rules`] (pure header rules),
//! [`policy`] (what is stored and for how long, on pingora-cache's `Cache-Control`
//! interpretation), [`storage`] + [`fill`] + [`meta`] (the moka-backed
//! `pingora::cache::Storage`).
//! The state machine (lookup, cache lock, revalidation, serve-stale, `Age`) is
//! pingora-cache's `HttpCache`, driven by the proxy (`proxy::cache`); this module owns no
//! pingora *proxy* code and knows nothing of risk, routing or metrics rendering.
//!
//! [`EdgeCache`] is process-wide (in `server::Shared`): config reloads keep every stored
//! object; `cache.max_bytes` and `cache.lock_timeout` apply on restart.

pub mod fill;
pub mod key;
pub mod meta;
pub mod policy;
pub mod rules;
pub mod storage;
pub mod verdict;

#[cfg(test)]
mod storage_tests;

use crate::config::{CacheSettings, QueryKey};
use crate::metrics::CacheMetrics;
use key::PurgeMatch;
use pingora::cache::lock::{CacheKeyLockImpl, CacheLock};
use serde::Deserialize;
pub use storage::{MokaStorage, StoreStats};
pub use verdict::CacheVerdict;

/// Why an admin cache request was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CacheError {
    /// The purge body is not the documented JSON.
    #[error("body must be JSON {{\"url\": \"http://host/path\"}} or {{\"prefix\": \"http://host/static/\"}}: {0}")]
    BadPurgeBody(String),
    /// The URL or prefix is not an absolute http(s) URL.
    #[error("`{0}` is not an absolute http:// or https:// URL")]
    BadUrl(String),
}

/// Body of `POST /cache/purge`: exactly one of `url` and `prefix`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PurgeBody {
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    prefix: Option<String>,
}

/// Parses a purge request body into what to remove. Exact URLs are normalised like request
/// keys (with the global query policy); prefixes only have scheme and host normalised.
pub fn purge_request(body: &[u8], q: &QueryKey) -> Result<PurgeMatch, CacheError> {
    let b: PurgeBody =
        serde_json::from_slice(body).map_err(|e| CacheError::BadPurgeBody(e.to_string()))?;
    match (b.url, b.prefix) {
        (Some(url), None) => key::purge_key(&url, q)
            .map(PurgeMatch::Exact)
            .ok_or(CacheError::BadUrl(url)),
        (None, Some(prefix)) => {
            // Scheme and host are normalised like keys; the path prefix stays as written.
            let Some(scheme_end) = prefix.find("://") else {
                return Err(CacheError::BadUrl(prefix));
            };
            let after = scheme_end + 3;
            let path_start = prefix[after..]
                .find('/')
                .map_or(prefix.len(), |i| after + i);
            let (head, rest) = prefix.split_at(path_start);
            let Some(base) = key::purge_key(head, &QueryKey::Ignore) else {
                return Err(CacheError::BadUrl(prefix));
            };
            let base = base.strip_suffix('/').unwrap_or(&base);
            Ok(PurgeMatch::Prefix(format!("{base}{rest}")))
        }
        _ => Err(CacheError::BadPurgeBody(
            "give exactly one of `url` and `prefix`".into(),
        )),
    }
}

/// The process-wide cache: the store and the cache lock that coalesces misses.
pub struct EdgeCache {
    /// The moka-backed store.
    pub storage: &'static MokaStorage,
    /// Coalesces concurrent misses of one key into one origin fetch.
    pub lock: &'static CacheKeyLockImpl,
    /// The settings the store was built with (the `(restart)` ones).
    pub max_bytes: u64,
}

impl EdgeCache {
    /// Builds the store and lock from the config at start.
    ///
    /// Both are leaked on purpose: pingora-cache takes `&'static` storage and locks, and
    /// they live exactly as long as the process (one per process, never rebuilt on reload).
    pub fn new(settings: &CacheSettings, metrics: CacheMetrics) -> Self {
        let storage: &'static MokaStorage = Box::leak(Box::new(MokaStorage::new(
            settings.max_bytes,
            settings.max_object_bytes,
            metrics,
        )));
        let lock: &'static CacheKeyLockImpl =
            Box::leak(CacheLock::new_boxed(settings.lock_timeout));
        EdgeCache {
            storage,
            lock,
            max_bytes: settings.max_bytes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purge_bodies_parse() {
        let cases: &[(&str, Result<PurgeMatch, ()>)] = &[
            (
                r#"{"url":"http://Shop.Example/static/app.css"}"#,
                Ok(PurgeMatch::Exact(
                    "http://shop.example/static/app.css".into(),
                )),
            ),
            (
                r#"{"prefix":"http://Shop.Example:80/static/"}"#,
                Ok(PurgeMatch::Prefix("http://shop.example/static/".into())),
            ),
            (
                r#"{"prefix":"https://shop.example"}"#,
                Ok(PurgeMatch::Prefix("https://shop.example".into())),
            ),
            (r#"{"url":"/static/app.css"}"#, Err(())),
            (r#"{"prefix":"static/"}"#, Err(())),
            (r#"{"url":"http://a/","prefix":"http://a/"}"#, Err(())),
            (r#"{}"#, Err(())),
            (r#"{"path":"/x"}"#, Err(())),
            ("not json", Err(())),
        ];
        for (body, want) in cases {
            let got = purge_request(body.as_bytes(), &QueryKey::All).map_err(|_| ());
            assert_eq!(&got, want, "{body}");
        }
    }

    #[test]
    fn verdicts_have_stable_names() {
        let names: Vec<(&str, &str)> = CacheVerdict::ALL
            .iter()
            .map(|v| (v.header(), v.label()))
            .collect();
        assert_eq!(
            names,
            [
                ("HIT", "hit"),
                ("MISS", "miss"),
                ("STALE", "stale"),
                ("EXPIRED", "expired"),
                ("REVALIDATED", "revalidated"),
                ("BYPASS", "bypass")
            ]
        );
    }
}
