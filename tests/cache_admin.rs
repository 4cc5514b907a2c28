//! Edge-cache operations end to end: purge by URL and prefix, `GET /cache/stats`,
//! reloads keeping the cache, and the memory bound under a flood of unique keys.

mod cache_support;
mod common;

use cache_support::{get, start, start_bounded, CONFIG};
use common::{eventually, metric_value, TOKEN};
use riskgate::demo::cache_origin;
use std::time::Duration;

#[tokio::test]
async fn purge_removes_by_url_and_prefix() {
    let origin = cache_origin()
        .path("/static/a.css", &[("cache-control", "max-age=60")])
        .path("/static/b.js", &[("cache-control", "max-age=60")])
        .path("/other", &[("cache-control", "max-age=60")])
        .spawn()
        .await
        .unwrap();
    let p = start(&origin).await;
    for path in ["/static/a.css", "/static/b.js", "/other", "/other"] {
        get(&p, path, &[]).await;
    }
    assert_eq!(get(&p, "/other", &[]).await.x_cache, "HIT");
    let purge = |body: String| {
        let req = p
            .client
            .post(format!("http://{}/cache/purge", p.admin))
            .bearer_auth(TOKEN)
            .body(body);
        async move {
            let r = req.send().await.unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    let (s, b) = purge(format!(r#"{{"url":"{}"}}"#, p.url("/other"))).await;
    assert_eq!((s, b.trim()), (200, r#"{"purged":1}"#));
    assert_eq!(get(&p, "/other", &[]).await.x_cache, "MISS");
    let (s, b) = purge(format!(r#"{{"prefix":"{}"}}"#, p.url("/static/"))).await;
    assert_eq!((s, b.trim()), (200, r#"{"purged":2}"#));
    assert_eq!(get(&p, "/static/a.css", &[]).await.x_cache, "MISS");
    assert_eq!(get(&p, "/other", &[]).await.x_cache, "HIT");
    let (s, _) = purge(r#"{"url":"/relative"}"#.into()).await;
    assert_eq!(s, 400);
    let stats = || async {
        let (s, body) = p.admin_get("/cache/stats").await.unwrap();
        assert_eq!(s, 200);
        serde_json::from_str::<serde_json::Value>(&body).unwrap()
    };
    // /other and the refetched /static/a.css (stored as its response ends).
    assert!(
        eventually(Duration::from_secs(5), || async {
            stats().await["objects"] == 2
        })
        .await
    );
    assert_eq!(stats().await["purged"], 3);
}

/// Resident memory of a process in KiB.
fn rss_kib(pid: u32) -> u64 {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    s.lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

#[tokio::test]
async fn memory_stays_bounded_under_a_flood_of_unique_keys() {
    let origin = cache_origin()
        .path("/flood", &[("cache-control", "max-age=600")])
        .body_len("/flood", 64 * 1024)
        .spawn()
        .await
        .unwrap();
    let max_bytes: u64 = 1024 * 1024;
    let p = start_bounded(&origin, max_bytes).await;
    get(&p, "/flood?i=warm", &[]).await;
    let before = rss_kib(p.pid());
    // 1,000 distinct 64 KiB objects: 64 MiB through a 1 MiB cache.
    for batch in 0..50 {
        let paths: Vec<String> = (0..20).map(|i| format!("/flood?i={batch}-{i}")).collect();
        let gets = paths.iter().map(|path| get(&p, path, &[]));
        for g in futures_util::future::join_all(gets).await {
            assert_eq!((g.status, g.body.len()), (200, 64 * 1024));
        }
    }
    let (_, stats) = p.admin_get("/cache/stats").await.unwrap();
    let v: serde_json::Value = serde_json::from_str(&stats).unwrap();
    assert!(v["bytes"].as_u64().unwrap() <= max_bytes, "{v}");
    assert!(v["evictions"].as_u64().unwrap() > 900, "{v}");
    let m = p.metrics().await;
    assert!(metric_value(&m, "riskgate_cache_stored_bytes").unwrap() <= max_bytes as f64);
    let grown = rss_kib(p.pid()).saturating_sub(before);
    assert!(
        grown < 40 * 1024,
        "resident memory grew by {grown} KiB for a 1 MiB cache"
    );
}

#[tokio::test]
async fn reload_keeps_the_cache() {
    let origin = cache_origin()
        .path("/keep.css", &[("cache-control", "max-age=60")])
        .spawn()
        .await
        .unwrap();
    let p = start(&origin).await;
    assert_eq!(get(&p, "/keep.css", &[]).await.x_cache, "MISS");
    // Same file with x_cache turned off: applied by reload, contents kept.
    let cfg = CONFIG.replace("session_cookies", "x_cache = false\nsession_cookies");
    p.rewrite_config(
        &cfg,
        &[
            ("{up}", origin.addr().to_string()),
            ("{max_bytes}", (16 * 1024 * 1024).to_string()),
        ],
    );
    let (s, body) = p.admin_post("/reload").await;
    assert_eq!(s, 200, "{body}");
    let g = get(&p, "/keep.css", &[]).await;
    assert_eq!(g.x_cache, "", "x_cache = false drops the header");
    assert_eq!(
        origin.hits("/keep.css"),
        1,
        "still served from the cache after reload"
    );
    let hits = "riskgate_cache_lookups_total{result=\"hit\"}";
    assert!(p.wait_metric(hits, 1.0, Duration::from_secs(5)).await);
}
