//! Admin endpoints of the edge cache: `POST /cache/purge` and `GET /cache/stats`.
//!
//! Parsing and replies only: matching and removal live in `cache` (the store walks its
//! objects), the counters in `metrics`. Purging walks the whole store, so it runs on the
//! blocking pool, never on the async workers.

use super::{json_reply, Reply};
use crate::cache::{self, CacheVerdict};
use crate::runtime::Shared;
use http::StatusCode;
use serde_json::json;
use std::sync::Arc;

/// `POST /cache/purge` with `{"url": "http://host/path?q"}` (that URL, every `Vary`
/// variant) or `{"prefix": "http://host/static/"}` → `200 {"purged": N}`; a bad body is
/// `400`.
pub(super) async fn purge(shared: &Arc<Shared>, body: &[u8]) -> Reply {
    let rt = shared.runtime.load();
    let target = match cache::purge_request(body, &rt.config.cache.query) {
        Ok(t) => t,
        Err(e) => {
            return json_reply(
                StatusCode::BAD_REQUEST,
                json!({"error": "bad_purge", "message": e.to_string()}),
            )
        }
    };
    let store = shared.cache.storage;
    let t = target.clone();
    match tokio::task::spawn_blocking(move || store.purge_matching(&t)).await {
        Ok(n) => {
            tracing::info!(?target, purged = n, "cache purge");
            json_reply(StatusCode::OK, json!({"purged": n}))
        }
        Err(_) => json_reply(
            StatusCode::INTERNAL_SERVER_ERROR,
            json!({"error": "purge_failed"}),
        ),
    }
}

/// `GET /cache/stats`: objects and bytes stored, the bounds, and counters since start.
pub(super) async fn stats(shared: &Arc<Shared>) -> Reply {
    let store = shared.cache.storage;
    let Ok(st) = tokio::task::spawn_blocking(move || store.stats()).await else {
        return json_reply(
            StatusCode::INTERNAL_SERVER_ERROR,
            json!({"error": "stats_failed"}),
        );
    };
    let rt = shared.runtime.load();
    let m = &shared.metrics.cache;
    let lookups: serde_json::Map<String, serde_json::Value> = CacheVerdict::ALL
        .iter()
        .map(|v| (v.label().to_string(), json!(m.lookups(*v))))
        .collect();
    json_reply(
        StatusCode::OK,
        json!({
            "objects": st.objects,
            "bytes": st.bytes,
            "fills_in_progress": st.fills,
            "max_bytes": shared.cache.max_bytes,
            "max_object_bytes": rt.config.cache.max_object_bytes,
            "lookups": lookups,
            "served_bytes": m.served_bytes.get(),
            "evictions": m.evictions.get(),
            "coalesced_requests": m.coalesced.get(),
            "purged": m.purged.get(),
        }),
    )
}
