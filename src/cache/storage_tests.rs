//! Unit tests of [`super::storage::MokaStorage`]: writes and reads through the
//! pingora-cache `Storage` interface, the byte bound, purge by URL and prefix.

use super::key::PurgeMatch;
use super::storage::MokaStorage;
use crate::metrics::Metrics;
use bytes::Bytes;
use pingora::cache::storage::PurgeOutcome;
use pingora::cache::trace::Span;
use pingora::cache::{CacheKey, CacheMeta, PurgeTarget, PurgeType, Storage};
use pingora::http::ResponseHeader;
use std::time::{Duration, SystemTime};

fn store(max_bytes: u64, max_object: u64) -> (&'static MokaStorage, Metrics) {
    let m = Metrics::register(prometheus::Registry::new());
    let s = Box::leak(Box::new(MokaStorage::new(
        max_bytes,
        max_object,
        m.cache.clone(),
    )));
    (s, m)
}

fn meta() -> CacheMeta {
    let mut h = ResponseHeader::build(200, None).unwrap();
    h.append_header("cache-control", "max-age=60").unwrap();
    let now = SystemTime::now();
    CacheMeta::new(now + Duration::from_secs(60), now, 0, 0, h)
}

async fn put(s: &'static MokaStorage, url: &str, body: &[u8]) {
    let span = Span::inactive().handle();
    let key = CacheKey::new(url, "");
    let mut miss = s.get_miss_handler(&key, &meta(), &span).await.unwrap();
    for chunk in body.chunks(100) {
        miss.write_body(Bytes::copy_from_slice(chunk), false)
            .await
            .unwrap();
    }
    miss.write_body(Bytes::new(), true).await.unwrap();
    let _ = miss.finish().await;
}

async fn get(s: &'static MokaStorage, url: &str) -> Option<Vec<u8>> {
    let span = Span::inactive().handle();
    let (_, mut hit) = s.lookup(&CacheKey::new(url, ""), &span).await.unwrap()?;
    let mut out = Vec::new();
    while let Some(b) = hit.read_body().await.unwrap() {
        out.extend_from_slice(&b);
    }
    Some(out)
}

#[tokio::test]
async fn stores_and_reads_back_a_chunked_body() {
    let (s, _) = store(1 << 20, 1 << 16);
    let body: Vec<u8> = (0..1000u32).map(|i| i as u8).collect();
    assert_eq!(get(s, "http://h/a").await, None);
    put(s, "http://h/a", &body).await;
    assert_eq!(get(s, "http://h/a").await, Some(body));
    assert_eq!(s.stats().objects, 1);
}

#[tokio::test]
async fn refuses_objects_over_the_object_limit() {
    let (s, _) = store(1 << 20, 500);
    put(s, "http://h/big", &[7u8; 501]).await;
    put(s, "http://h/ok", &[7u8; 500]).await;
    assert_eq!(get(s, "http://h/big").await, None);
    assert!(get(s, "http://h/ok").await.is_some());
}

#[tokio::test]
async fn stays_within_max_bytes_under_a_flood_of_keys() {
    let max = 64 * 1024;
    let (s, m) = store(max, 4096);
    for i in 0..2000 {
        put(s, &format!("http://h/flood/{i}"), &[1u8; 1024]).await;
    }
    let st = s.stats();
    assert!(st.bytes <= max, "{st:?}");
    assert!(st.objects > 10 && st.objects < 64, "{st:?}");
    assert!(
        m.cache.evictions.get() > 1900,
        "{}",
        m.cache.evictions.get()
    );
    // The gauges follow inserts and removals exactly.
    assert_eq!(m.cache.objects.get() as u64, st.objects);
    assert_eq!(m.cache.stored_bytes.get() as u64, st.bytes);
}

#[tokio::test]
async fn purges_by_exact_url_and_prefix() {
    let (s, m) = store(1 << 20, 1 << 16);
    for url in [
        "http://h/static/a.css",
        "http://h/static/b.js",
        "http://h/other",
        "http://h/static/a.css?v=2",
    ] {
        put(s, url, b"x").await;
    }
    assert_eq!(
        s.purge_matching(&PurgeMatch::Exact("http://h/other".into())),
        1
    );
    assert_eq!(get(s, "http://h/other").await, None);
    assert_eq!(
        s.purge_matching(&PurgeMatch::Prefix("http://h/static/".into())),
        3
    );
    assert_eq!(s.stats().objects, 0);
    assert_eq!(m.cache.purged.get(), 4);
    assert_eq!(s.purge_matching(&PurgeMatch::Prefix("http://h/".into())), 0);
}

#[tokio::test]
async fn pingora_purge_and_meta_update_target_one_key() {
    let (s, _) = store(1 << 20, 1 << 16);
    let span = Span::inactive().handle();
    put(s, "http://h/a", b"body").await;
    let key = CacheKey::new("http://h/a", "");
    let mut m = meta();
    m.expire_at(SystemTime::now() - Duration::from_secs(1));
    assert!(s.update_meta(&key, &m, &span).await.unwrap());
    let (found, _) = s.lookup(&key, &span).await.unwrap().unwrap();
    assert!(!found.is_fresh(SystemTime::now()));
    assert_eq!(get(s, "http://h/a").await.as_deref(), Some(&b"body"[..]));
    let compact = key.to_compact();
    let out = s
        .purge(
            PurgeTarget::Active(&compact),
            PurgeType::Invalidation,
            &span,
        )
        .await
        .unwrap();
    assert_eq!(out, PurgeOutcome::Purged(None));
    assert_eq!(get(s, "http://h/a").await, None);
    assert!(!s.update_meta(&key, &m, &span).await.unwrap());
}

#[tokio::test]
async fn readers_follow_a_fill_in_progress() {
    let (s, _) = store(1 << 20, 1 << 16);
    let span = Span::inactive().handle();
    let key = CacheKey::new("http://h/stream", "");
    let mut miss = s.get_miss_handler(&key, &meta(), &span).await.unwrap();
    miss.write_body(Bytes::from_static(b"first "), false)
        .await
        .unwrap();
    let (_, mut reader) = s.lookup(&key, &span).await.unwrap().unwrap();
    assert_eq!(
        reader.read_body().await.unwrap().as_deref(),
        Some(&b"first "[..])
    );
    miss.write_body(Bytes::from_static(b"second"), true)
        .await
        .unwrap();
    miss.finish().await.unwrap();
    assert_eq!(
        reader.read_body().await.unwrap().as_deref(),
        Some(&b"second"[..])
    );
    assert_eq!(reader.read_body().await.unwrap(), None);
    assert_eq!(
        get(s, "http://h/stream").await.as_deref(),
        Some(&b"first second"[..])
    );
    assert_eq!(s.stats().fills, 0);
}

#[tokio::test]
async fn an_abandoned_fill_is_an_error_for_its_readers() {
    let (s, _) = store(1 << 20, 1 << 16);
    let span = Span::inactive().handle();
    let key = CacheKey::new("http://h/broken", "");
    let mut miss = s.get_miss_handler(&key, &meta(), &span).await.unwrap();
    miss.write_body(Bytes::from_static(b"half"), false)
        .await
        .unwrap();
    let (_, mut reader) = s.lookup(&key, &span).await.unwrap().unwrap();
    drop(miss);
    // A short body must never pass for a whole one: the reader fails instead.
    assert!(reader.read_body().await.is_err());
    assert_eq!(get(s, "http://h/broken").await, None);
}
