//! Edge cache (`static` routes) end to end: the real riskgate binary in front of a
//! loopback origin that counts its hits (`riskgate::demo::cache_origin`).
//!
//! HTTP semantics: freshness and `Age`, expiry and revalidation (304), `Vary`, what is
//! never stored, credentials, request coalescing, stale-while-revalidate, stale-if-error,
//! large bodies and ranges, the demo shop's assets. Purge, stats, reload and the memory
//! bound are in `cache_admin.rs`. Expiry tests use `max-age=1` and poll; nothing sleeps to
//! wait for a condition.

mod cache_support;
mod common;

use cache_support::{get, start, until_not_hit, CONFIG};
use common::{eventually, metric_value, Proxy};
use riskgate::demo::cache_origin;
use std::time::{Duration, Instant};

#[tokio::test]
async fn fresh_hits_are_served_without_the_origin() {
    let origin = cache_origin()
        .path("/app.css", &[("cache-control", "public, max-age=60")])
        .path(
            "/aged.css",
            &[("cache-control", "max-age=600"), ("age", "30")],
        )
        .path("/q", &[("cache-control", "max-age=60")])
        .spawn()
        .await
        .unwrap();
    let p = start(&origin).await;
    let first = get(&p, "/app.css", &[]).await;
    assert_eq!((first.status, first.x_cache.as_str()), (200, "MISS"));
    for _ in 0..5 {
        let g = get(&p, "/app.css", &[]).await;
        assert_eq!((g.status, g.x_cache.as_str()), (200, "HIT"));
        assert_eq!(g.body, first.body);
        assert!(g.age.is_some(), "a hit carries Age");
    }
    assert_eq!(origin.hits("/app.css"), 1);

    // Age counts what the origin already spent.
    get(&p, "/aged.css", &[]).await;
    let g = get(&p, "/aged.css", &[]).await;
    assert_eq!(g.x_cache, "HIT");
    assert!(g.age.is_some_and(|a| a >= 30), "{g:?}");

    // Parameter order does not split entries.
    assert_eq!(get(&p, "/q?b=2&a=1", &[]).await.x_cache, "MISS");
    assert_eq!(get(&p, "/q?a=1&b=2", &[]).await.x_cache, "HIT");
    assert_eq!(get(&p, "/q?a=1", &[]).await.x_cache, "MISS");
    assert_eq!(origin.hits("/q"), 2);

    // Request metrics are recorded just after each response is sent.
    let hits = "riskgate_cache_lookups_total{result=\"hit\"}";
    assert!(p.wait_metric(hits, 7.0, Duration::from_secs(5)).await);
    let m = p.metrics().await;
    assert!(metric_value(&m, "riskgate_cache_served_bytes_total").is_some_and(|v| v > 0.0));
    assert!(
        p.wait_metric("riskgate_cache_objects", 4.0, Duration::from_secs(5))
            .await
    );
}

#[tokio::test]
async fn expired_entries_are_revalidated_with_304() {
    let origin = cache_origin()
        .path("/etag.js", &[("cache-control", "max-age=1")])
        .etag("/etag.js", "\"v1\"")
        .path("/plain.js", &[("cache-control", "max-age=1")])
        .spawn()
        .await
        .unwrap();
    let p = start(&origin).await;
    let first = get(&p, "/etag.js", &[]).await;
    assert_eq!(first.x_cache, "MISS");
    let g = until_not_hit(&p, "/etag.js").await;
    assert_eq!(g.x_cache, "REVALIDATED", "{g:?}");
    assert_eq!(g.body, first.body, "the stored body is served after a 304");
    assert_eq!(
        (origin.hits("/etag.js"), origin.not_modified("/etag.js")),
        (2, 1)
    );
    // The 304 refreshed the entry: fresh again.
    let g = get(&p, "/etag.js", &[]).await;
    assert_eq!(
        (g.x_cache.as_str(), g.body.as_str()),
        ("HIT", first.body.as_str())
    );
    assert_eq!(origin.hits("/etag.js"), 2);

    // Without a validator the origin sends the whole object again.
    get(&p, "/plain.js", &[]).await;
    let g = until_not_hit(&p, "/plain.js").await;
    assert_eq!(g.x_cache, "EXPIRED", "{g:?}");
    assert_eq!(g.body, "/plain.js #2 ae=-");
    assert_eq!(get(&p, "/plain.js", &[]).await.x_cache, "HIT");
}

#[tokio::test]
async fn vary_accept_encoding_keeps_variants_apart() {
    let origin = cache_origin()
        .path(
            "/v.js",
            &[("cache-control", "max-age=60"), ("vary", "Accept-Encoding")],
        )
        .spawn()
        .await
        .unwrap();
    let p = start(&origin).await;
    let gzip = [("accept-encoding", "gzip")];
    let br = [("accept-encoding", "br")];
    let a = get(&p, "/v.js", &gzip).await;
    let b = get(&p, "/v.js", &br).await;
    assert_eq!((a.x_cache.as_str(), b.x_cache.as_str()), ("MISS", "MISS"));
    assert!(a.body.ends_with("ae=gzip") && b.body.ends_with("ae=br"));
    for _ in 0..2 {
        let a2 = get(&p, "/v.js", &gzip).await;
        let b2 = get(&p, "/v.js", &br).await;
        assert_eq!(
            (a2.x_cache.as_str(), a2.body.as_str()),
            ("HIT", a.body.as_str())
        );
        assert_eq!(
            (b2.x_cache.as_str(), b2.body.as_str()),
            ("HIT", b.body.as_str())
        );
    }
    assert_eq!(origin.hits("/v.js"), 2);
}

#[tokio::test]
async fn no_store_private_and_set_cookie_are_never_stored() {
    let origin = cache_origin()
        .path("/no-store", &[("cache-control", "no-store, max-age=60")])
        .path("/private", &[("cache-control", "private, max-age=60")])
        .path(
            "/cookie",
            &[("cache-control", "max-age=60"), ("set-cookie", "a=1")],
        )
        .path("/nothing", &[])
        .spawn()
        .await
        .unwrap();
    let p = start(&origin).await;
    for path in ["/no-store", "/private", "/cookie", "/nothing"] {
        for _ in 0..3 {
            let g = get(&p, path, &[]).await;
            assert_eq!((g.status, g.x_cache.as_str()), (200, "MISS"), "{path}");
        }
        assert_eq!(origin.hits(path), 3, "{path}");
    }
    assert_eq!(
        metric_value(&p.metrics().await, "riskgate_cache_objects"),
        Some(0.0)
    );
}

#[tokio::test]
async fn credentialed_requests_bypass_unless_public() {
    let origin = cache_origin()
        .path("/mine", &[("cache-control", "max-age=60")])
        .path("/shared", &[("cache-control", "public, max-age=60")])
        .spawn()
        .await
        .unwrap();
    let p = start(&origin).await;
    let auth = [("authorization", "Bearer t")];
    let session = [("cookie", "theme=dark; shop_session=s1")];
    assert_eq!(get(&p, "/mine", &auth).await.x_cache, "BYPASS");
    assert_eq!(get(&p, "/mine", &session).await.x_cache, "BYPASS");
    assert_eq!(get(&p, "/mine", &[]).await.x_cache, "MISS");
    assert_eq!(get(&p, "/mine", &[]).await.x_cache, "HIT");
    // The stored copy is not for them: they still go to the origin.
    assert_eq!(get(&p, "/mine", &auth).await.x_cache, "BYPASS");
    assert_eq!(get(&p, "/mine", &session).await.x_cache, "BYPASS");
    assert_eq!(origin.hits("/mine"), 5);
    // `public` makes it shareable for them too.
    assert_eq!(get(&p, "/shared", &session).await.x_cache, "MISS");
    assert_eq!(get(&p, "/shared", &auth).await.x_cache, "HIT");
    assert_eq!(get(&p, "/shared", &[]).await.x_cache, "HIT");
    assert_eq!(origin.hits("/shared"), 1);
    // Other methods are not cached.
    let r = p.client.post(p.url("/shared")).send().await.unwrap();
    assert_eq!(r.headers()["x-cache"], "BYPASS");
}

#[tokio::test]
async fn concurrent_misses_cause_one_origin_fetch() {
    let origin = cache_origin()
        .path("/slow.js", &[("cache-control", "max-age=60")])
        .delay("/slow.js", Duration::from_millis(300))
        .spawn()
        .await
        .unwrap();
    let p = start(&origin).await;
    let gets = (0..100).map(|_| get(&p, "/slow.js", &[]));
    let all = futures_util::future::join_all(gets).await;
    assert!(
        all.iter()
            .all(|g| g.status == 200 && g.body == "/slow.js #1 ae=-"),
        "{:?}",
        all.iter().find(|g| g.body != "/slow.js #1 ae=-")
    );
    assert_eq!(origin.hits("/slow.js"), 1);
    let misses = all.iter().filter(|g| g.x_cache == "MISS").count();
    assert_eq!(misses, 1, "exactly one request went to the origin");
    let saved = "riskgate_cache_coalesced_requests_total";
    let waited = eventually(Duration::from_secs(5), || async {
        metric_value(&p.metrics().await, saved).unwrap_or(0.0) >= 50.0
    })
    .await;
    assert!(waited, "most requests waited for the one fetch");
}

#[tokio::test]
async fn stale_while_revalidate_serves_stale_and_refreshes_once() {
    let origin = cache_origin()
        .path(
            "/swr.css",
            &[("cache-control", "max-age=1, stale-while-revalidate=60")],
        )
        .delay("/swr.css", Duration::from_millis(400))
        .spawn()
        .await
        .unwrap();
    let p = start(&origin).await;
    assert_eq!(get(&p, "/swr.css", &[]).await.x_cache, "MISS");
    let started = Instant::now();
    let g = until_not_hit(&p, "/swr.css").await;
    assert_eq!(
        (g.x_cache.as_str(), g.body.as_str()),
        ("STALE", "/swr.css #1 ae=-")
    );
    // More requests while the refresh runs: all stale (or the refreshed copy), at once.
    let t = Instant::now();
    let more = futures_util::future::join_all((0..10).map(|_| get(&p, "/swr.css", &[]))).await;
    assert!(
        t.elapsed() < Duration::from_millis(350),
        "stale is served without waiting"
    );
    assert!(
        more.iter()
            .all(|g| g.x_cache == "STALE" || g.x_cache == "HIT"),
        "{more:?}"
    );
    assert!(
        eventually(Duration::from_secs(5), || async {
            get(&p, "/swr.css", &[]).await.body == "/swr.css #2 ae=-"
        })
        .await,
        "the background refresh stored the new copy"
    );
    assert_eq!(
        origin.hits("/swr.css"),
        2,
        "one refresh (after {:?})",
        started.elapsed()
    );
}

#[tokio::test]
async fn stale_if_error_serves_stale_when_the_origin_is_down() {
    let origin = cache_origin()
        .path(
            "/sie.js",
            &[("cache-control", "max-age=1, stale-if-error=60")],
        )
        .path("/strict.js", &[("cache-control", "max-age=1")])
        .spawn()
        .await
        .unwrap();
    let p = start(&origin).await;
    let first = get(&p, "/sie.js", &[]).await;
    get(&p, "/strict.js", &[]).await;
    origin.stop();
    let g = until_not_hit(&p, "/sie.js").await;
    assert_eq!((g.status, g.x_cache.as_str()), (200, "STALE"), "{g:?}");
    assert_eq!(g.body, first.body);
    let g = until_not_hit(&p, "/strict.js").await;
    assert_eq!(
        g.status, 502,
        "without stale-if-error the error shows: {g:?}"
    );
}

#[tokio::test]
async fn large_bodies_stream_through_uncached() {
    let origin = cache_origin()
        .path("/big.bin", &[("cache-control", "max-age=60")])
        .body_len("/big.bin", 512 * 1024)
        .path("/mid.bin", &[("cache-control", "max-age=60")])
        .body_len("/mid.bin", 60 * 1024)
        .spawn()
        .await
        .unwrap();
    let p = start(&origin).await;
    for _ in 0..2 {
        let g = get(&p, "/big.bin", &[]).await;
        assert_eq!((g.status, g.body.len()), (200, 512 * 1024));
        assert_eq!(g.x_cache, "MISS", "over max_object_bytes: not stored");
    }
    assert_eq!(origin.hits("/big.bin"), 2);
    get(&p, "/mid.bin", &[]).await;
    let g = get(&p, "/mid.bin", &[]).await;
    assert_eq!((g.x_cache.as_str(), g.body.len()), ("HIT", 60 * 1024));
    // A range of a stored object is cut from the stored copy.
    let r = p
        .client
        .get(p.url("/mid.bin"))
        .header("range", "bytes=10-19")
        .send()
        .await
        .unwrap();
    assert_eq!(
        (
            r.status().as_u16(),
            r.headers()["x-cache"].to_str().unwrap()
        ),
        (206, "HIT")
    );
    assert_eq!(r.bytes().await.unwrap().len(), 10);
    assert_eq!(origin.hits("/mid.bin"), 1);
}

#[tokio::test]
async fn demo_shop_assets_come_from_the_cache() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let shop = riskgate::demo::shop(listener).await;
    let cfg = CONFIG.replace("prefix = \"/\"", "prefix = \"/static/\"");
    let p = Proxy::start_with(
        &cfg,
        &[
            ("{up}", shop.addr().to_string()),
            ("{max_bytes}", "1048576".into()),
        ],
    )
    .await;
    let first = get(&p, "/static/app.css", &[]).await;
    assert_eq!((first.status, first.x_cache.as_str()), (200, "MISS"));
    let r = p.client.get(p.url("/static/app.css")).send().await.unwrap();
    assert_eq!(r.headers()["x-cache"], "HIT");
    let etag = r.headers()["etag"].to_str().unwrap().to_string();
    assert_eq!(r.text().await.unwrap(), first.body);
    // A browser's conditional request is answered 304 from the cache.
    let r = p
        .client
        .get(p.url("/static/app.css"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(
        (
            r.status().as_u16(),
            r.headers()["x-cache"].to_str().unwrap()
        ),
        (304, "HIT")
    );
}
