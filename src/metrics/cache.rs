//! The edge cache's metric families (`riskgate_cache_*`), registered once by
//! [`super::Metrics::register`].
//!
//! Owns the families and their label sets only. The verdict labels come from
//! [`crate::cache::CacheVerdict`] (a closed set); the store updates the size gauges and
//! the eviction counter itself, the proxy's `logging` phase records everything else.

use crate::cache::verdict::CacheVerdict;
use prometheus::{IntCounter, IntCounterVec, IntGauge, Opts, Registry};

/// Every `riskgate_cache_*` family, with hot-path children resolved up front.
#[derive(Clone)]
pub struct CacheMetrics {
    /// Lookups by verdict, pre-resolved in [`CacheVerdict::ALL`] order.
    lookups: [IntCounter; 6],
    /// Response body bytes sent to clients from the cache (hits, stale, revalidated).
    pub served_bytes: IntCounter,
    /// Objects now stored.
    pub objects: IntGauge,
    /// Bytes now stored (bodies, headers, keys and per-entry overhead, as weighed).
    pub stored_bytes: IntGauge,
    /// Objects evicted to stay within `cache.max_bytes`.
    pub evictions: IntCounter,
    /// Requests that waited for another request's origin fetch instead of fetching.
    pub coalesced: IntCounter,
    /// Objects removed through `POST /cache/purge`.
    pub purged: IntCounter,
    /// Stored responses invalidated by an unsafe request (RFC 9111 §4.4).
    pub invalidated: IntCounter,
    /// Responses from the store the client stopped reading (closed mid-response).
    pub client_aborts: IntCounter,
}

fn def<T>(r: prometheus::Result<T>) -> T {
    r.expect("static metric definition")
}

impl CacheMetrics {
    /// Creates the families and registers them in `registry`. Called once at start.
    pub fn register(registry: &Registry) -> Self {
        let lookups = def(IntCounterVec::new(
            Opts::new(
                "riskgate_cache_lookups_total",
                "Edge-cache lookups on static routes, by result (hit, miss, stale, expired, \
                 revalidated, bypass).",
            ),
            &["result"],
        ));
        let served_bytes = def(IntCounter::new(
            "riskgate_cache_served_bytes_total",
            "Response body bytes sent to clients from the edge cache.",
        ));
        let objects = def(IntGauge::new(
            "riskgate_cache_objects",
            "Objects stored in the edge cache.",
        ));
        let stored_bytes = def(IntGauge::new(
            "riskgate_cache_stored_bytes",
            "Bytes stored in the edge cache (bodies, headers and keys, as weighed).",
        ));
        let evictions = def(IntCounter::new(
            "riskgate_cache_evictions_total",
            "Objects evicted from the edge cache to stay within cache.max_bytes.",
        ));
        let coalesced = def(IntCounter::new(
            "riskgate_cache_coalesced_requests_total",
            "Requests served by waiting for another request's origin fetch (fetches saved).",
        ));
        let purged = def(IntCounter::new(
            "riskgate_cache_purged_total",
            "Objects removed from the edge cache by POST /cache/purge.",
        ));
        let invalidated = def(IntCounter::new(
            "riskgate_cache_invalidated_total",
            "Stored responses invalidated by a successful unsafe request (POST, PUT, DELETE ...) to their URI, Location or Content-Location.",
        ));
        let client_aborts = def(IntCounter::new(
            "riskgate_cache_client_aborts_total",
            "Responses served from the edge cache that the client closed before the end (normal client behaviour, logged at debug).",
        ));
        for c in [
            Box::new(lookups.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(invalidated.clone()),
            Box::new(client_aborts.clone()),
            Box::new(served_bytes.clone()),
            Box::new(objects.clone()),
            Box::new(stored_bytes.clone()),
            Box::new(evictions.clone()),
            Box::new(coalesced.clone()),
            Box::new(purged.clone()),
        ] {
            registry
                .register(c)
                .expect("each family is registered once");
        }
        CacheMetrics {
            lookups: CacheVerdict::ALL.map(|v| lookups.with_label_values(&[v.label()])),
            served_bytes,
            objects,
            stored_bytes,
            evictions,
            coalesced,
            purged,
            invalidated,
            client_aborts,
        }
    }

    /// Counts one lookup. Called from the proxy's `logging` phase, once per request.
    pub fn observe_lookup(&self, v: CacheVerdict) {
        self.lookups[v as usize].inc();
    }

    /// The lookup count of one verdict (for `GET /cache/stats`).
    pub fn lookups(&self, v: CacheVerdict) -> u64 {
        self.lookups[v as usize].get()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_exact_cache_series_lines() {
        let m = crate::metrics::Metrics::register(Registry::new());
        m.cache.observe_lookup(CacheVerdict::Hit);
        m.cache.observe_lookup(CacheVerdict::Hit);
        m.cache.observe_lookup(CacheVerdict::Revalidated);
        m.cache.served_bytes.inc_by(1024);
        let text = String::from_utf8(m.render()).unwrap();
        for line in [
            "riskgate_cache_lookups_total{result=\"hit\"} 2",
            "riskgate_cache_lookups_total{result=\"revalidated\"} 1",
            "riskgate_cache_lookups_total{result=\"bypass\"} 0",
            "riskgate_cache_served_bytes_total 1024",
            "riskgate_cache_objects 0",
            "riskgate_cache_evictions_total 0",
        ] {
            assert!(
                text.lines().any(|l| l == line),
                "missing `{line}` in\n{text}"
            );
        }
    }
}
