//! Helpers shared by the edge-cache integration tests (`tests/cache.rs`,
//! `tests/cache_admin.rs`): the config template, starting riskgate in front of a
//! [`CacheOrigin`], and a GET that reports `X-Cache`, `Age` and the body.
#![allow(dead_code)]

use crate::common::{cache_edge, Proxy};
use riskgate::demo::CacheOrigin;
use std::sync::LazyLock;
use std::time::{Duration, Instant};

/// The config template: [`crate::common::cache_edge`] with the shop's session cookie;
/// `{max_bytes}` is filled in by [`start_bounded`].
pub static CONFIG: LazyLock<String> =
    LazyLock::new(|| cache_edge("{max_bytes}", r#"session_cookies = ["shop_session"]"#));

pub async fn start(origin: &CacheOrigin) -> Proxy {
    start_bounded(origin, 16 * 1024 * 1024).await
}

pub async fn start_bounded(origin: &CacheOrigin, max_bytes: u64) -> Proxy {
    Proxy::start_with(
        &CONFIG,
        &[
            ("{up}", origin.addr().to_string()),
            ("{max_bytes}", max_bytes.to_string()),
        ],
    )
    .await
}

/// One response: status, `X-Cache`, `Age` and body.
#[derive(Debug)]
pub struct Got {
    pub status: u16,
    pub x_cache: String,
    pub age: Option<u64>,
    pub body: String,
}

pub async fn get(p: &Proxy, path: &str, headers: &[(&str, &str)]) -> Got {
    let mut req = p.client.get(p.url(path));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let r = req.send().await.expect("request through riskgate");
    let h = |n: &str| {
        r.headers()
            .get(n)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let x_cache = h("x-cache").unwrap_or_default();
    let age = h("age").and_then(|v| v.parse().ok());
    let status = r.status().as_u16();
    let body = r.text().await.expect("body");
    Got {
        status,
        x_cache,
        age,
        body,
    }
}

/// GETs `path` until `X-Cache` is no longer `HIT` (the stored copy expired) and returns
/// that response.
pub async fn until_not_hit(p: &Proxy, path: &str) -> Got {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let g = get(p, path, &[]).await;
        if g.x_cache != "HIT" || Instant::now() > deadline {
            return g;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
