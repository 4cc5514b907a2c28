//! Criterion benchmarks for the edge cache's per-hit work outside pingora: the cache key,
//! the response policy (per miss), and building a hit's `CacheMeta` from the store
//! (rebuilt from parts vs decoded from pingora-cache's serialized form).
//! Run: `cargo bench --bench cache`.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use pingora::cache::CacheMeta;
use pingora::http::ResponseHeader;
use riskgate::cache::key::primary_key;
use riskgate::cache::meta::StoredMeta;
use riskgate::cache::policy::response_cacheable;
use riskgate::cache::rules::Credential;
use riskgate::config::{self, QueryKey};
use std::time::{Duration, SystemTime};

fn header() -> ResponseHeader {
    let mut h = ResponseHeader::build(200, None).unwrap();
    for (k, v) in [
        ("content-type", "text/css; charset=utf-8"),
        ("content-length", "1024"),
        (
            "cache-control",
            "public, max-age=300, stale-while-revalidate=60",
        ),
        ("etag", "\"6b0a5858-400\""),
        ("last-modified", "Sat, 28 Nov 2026 04:28:08 GMT"),
        ("date", "Sat, 28 Nov 2026 04:28:09 GMT"),
        ("server", "nginx/1.22.1"),
        ("accept-ranges", "bytes"),
    ] {
        h.append_header(k, v).unwrap();
    }
    h
}

fn cache(c: &mut Criterion) {
    let except = QueryKey::Except(vec!["fbclid".into(), "utm_source".into()]);
    c.bench_function("cache key, path only", |b| {
        b.iter(|| {
            primary_key(
                false,
                black_box("shop.example"),
                black_box("/static/app.css"),
                None,
                &QueryKey::All,
            )
        })
    });
    c.bench_function("cache key, 4 query params (except policy)", |b| {
        b.iter(|| {
            primary_key(
                true,
                black_box("Shop.Example:443"),
                black_box("/static/app.js"),
                Some(black_box("v=3&utm_source=x&lang=en&fbclid=abc")),
                &except,
            )
        })
    });
    let settings = config::parse(
        "[upstreams.a]\nservers=[\"127.0.0.1:1\"]\n[[routes]]\nkind=\"static\"\nupstream=\"a\"\n",
        "bench",
    )
    .unwrap()
    .cache;
    let resp = header();
    c.bench_function("response policy (per miss)", |b| {
        b.iter(|| response_cacheable(black_box(&resp), Credential::None, &settings))
    });
    let now = SystemTime::now();
    let meta = CacheMeta::new(now + Duration::from_secs(300), now, 60, 0, header());
    let stored = StoredMeta::new(&meta).unwrap();
    let (internal, head) = meta.serialize().unwrap();
    c.bench_function("hit meta: rebuild from parts", |b| {
        b.iter(|| stored.to_meta().unwrap())
    });
    c.bench_function("hit meta: decode serialized (zstd)", |b| {
        b.iter(|| CacheMeta::deserialize(black_box(&internal), black_box(&head)).unwrap())
    });
}

criterion_group!(benches, cache);
criterion_main!(benches);
