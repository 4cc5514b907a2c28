//! Edge-cache conformance to RFC 9111 (HTTP caching), RFC 9110 (semantics) and RFC 9213
//! (targeted cache control), end to end: the real riskgate binary in front of a scripted
//! raw-socket origin (`conformance_support`) that sends exactly the header fields under
//! test; each test asserts what a client sees (`X-Cache`, `Age`, `Date`, fields) and how
//! often the origin was asked. The RFC section is in each test's doc comment.
//! Expiry waits poll with a deadline; nothing sleeps to wait for a condition.

mod common;
mod conformance_support;

use conformance_support::{date, get, origin, resp, send, start};

/// RFC 9111 §4.2.1 and §4.2.3: the lifetime `Expires` gives is `Expires − Date` on the
/// origin's clock, and the `Age` the response already has is subtracted from it.
#[tokio::test]
async fn expires_counts_from_the_origin_date_and_its_age() {
    let o = origin(|r| match r.path.as_str() {
        // The origin's clock runs 200 s ahead; Expires is 100 s before its Date: stale.
        "/before-date" => resp(200, &[("date", &date(200)), ("expires", &date(100))], r),
        // 20 s of lifetime, but 25 s old already: stale.
        "/aged" => resp(
            200,
            &[("date", &date(0)), ("expires", &date(20)), ("age", "25")],
            r,
        ),
        // 600 s of lifetime, 10 s old: fresh.
        _ => resp(
            200,
            &[("date", &date(0)), ("expires", &date(600)), ("age", "10")],
            r,
        ),
    })
    .await;
    let p = start(&o, "").await;
    for path in ["/before-date", "/aged", "/fresh"] {
        assert_eq!(get(&p, path).await.cache, "MISS", "{path}");
    }
    for path in ["/before-date", "/aged"] {
        let g = get(&p, path).await;
        assert_ne!(g.cache, "HIT", "{path} is stale on arrival: {g:?}");
        assert_eq!(o.hits(path), 2, "{path}");
    }
    let g = get(&p, "/fresh").await;
    assert_eq!(g.cache, "HIT", "{g:?}");
    assert!(g.age().is_some_and(|a| a >= 10), "{g:?}");
    assert_eq!(o.hits("/fresh"), 1);
}

/// RFC 9110 §6.6.1 and RFC 9111 §4: a cached response keeps the origin's `Date` (when it
/// was generated); `Age` says how long ago that was. riskgate neither rewrites it on a hit
/// nor on the miss that stored it.
#[tokio::test]
async fn date_is_the_origins_on_misses_and_hits() {
    let origin_date = date(-30);
    let d = origin_date.clone();
    let o = origin(move |r| resp(200, &[("date", &d), ("cache-control", "max-age=3600")], r)).await;
    let p = start(&o, "").await;
    let miss = get(&p, "/d").await;
    assert_eq!(miss.cache, "MISS");
    assert_eq!(miss.header("date"), Some(origin_date.as_str()), "{miss:?}");
    let hit = get(&p, "/d").await;
    assert_eq!(hit.cache, "HIT");
    assert_eq!(hit.header("date"), Some(origin_date.as_str()), "{hit:?}");
    // Age counts from the origin's Date (apparent age), not from when riskgate stored it.
    assert!(hit.age().is_some_and(|a| a >= 28), "{hit:?}");
}

/// RFC 9111 §5.1 and §4.2.3: the origin's `Age` reaches the client on the miss too (an old
/// response must not look new); a list `Age: 7200, 0` is read as its first member (and
/// shown as such); a malformed `Age` makes the stored response stale on arrival, so it is
/// revalidated before reuse (riskgate's conservative reading of §5.1's "SHOULD ignore",
/// which the public cache test suite expects too).
#[tokio::test]
async fn origin_age_is_kept_on_a_miss_first_member_counts_malformed_revalidates() {
    let o = origin(|r| match r.path.as_str() {
        "/old" => resp(200, &[("cache-control", "max-age=600"), ("age", "100")], r),
        "/invalid" => resp(200, &[("cache-control", "max-age=600"), ("age", "-5")], r),
        "/list" => resp(
            200,
            &[("cache-control", "max-age=3600"), ("age", "7200, 0")],
            r,
        ),
        _ => resp(200, &[("cache-control", "max-age=600"), ("age", "abc")], r),
    })
    .await;
    let p = start(&o, "").await;
    let miss = get(&p, "/old").await;
    assert_eq!(miss.cache, "MISS");
    assert!(miss.age().is_some_and(|a| a >= 100), "{miss:?}");
    let hit = get(&p, "/old").await;
    assert!(
        hit.cache == "HIT" && hit.age().is_some_and(|a| a >= 100),
        "{hit:?}"
    );

    let miss = get(&p, "/list").await;
    assert!(miss.age().is_some_and(|a| a >= 7200), "{miss:?}");
    let g = get(&p, "/list").await;
    assert_ne!(g.cache, "HIT", "7200 s old with 3600 s of lifetime: {g:?}");
    assert_eq!(o.hits("/list"), 2);

    let first = get(&p, "/invalid").await;
    assert_eq!((first.status, first.cache.as_str()), (200, "MISS"));
    let g = get(&p, "/invalid").await;
    assert_ne!(g.cache, "HIT", "a malformed Age is not trusted: {g:?}");
    assert_eq!(o.hits("/invalid"), 2);
}

/// RFC 9110 §7.6.1 and RFC 9111 §3.1: header fields named in `Connection` belong to one
/// hop; they are neither forwarded to the client nor stored.
#[tokio::test]
async fn connection_named_fields_are_neither_forwarded_nor_stored() {
    let o = origin(|r| {
        resp(
            200,
            &[
                ("cache-control", "max-age=60"),
                ("connection", "X-Hop, Keep-Alive"),
                ("x-hop", "secret"),
                ("keep-alive", "timeout=5"),
                ("x-end", "kept"),
            ],
            r,
        )
    })
    .await;
    let p = start(&o, "").await;
    for want in ["MISS", "HIT"] {
        let g = get(&p, "/c").await;
        assert_eq!(g.cache, want);
        assert_eq!(g.header("x-hop"), None, "{g:?}");
        assert_eq!(g.header("keep-alive"), None, "{g:?}");
        assert_eq!(g.header("x-end"), Some("kept"), "{g:?}");
    }
}

/// RFC 9111 §4.3.4 (and §3.2): after a `304`, every header field it carries replaces the
/// stored one (not only `Cache-Control`, `Expires` and `ETag`), except the body's framing;
/// the updated fields are served at once and on later hits.
#[tokio::test]
async fn a_304_updates_the_stored_header_fields() {
    let o = origin(|r| {
        if r.header("if-none-match") == Some("\"v1\"") {
            return resp(
                304,
                &[
                    ("cache-control", "max-age=3600"),
                    ("etag", "\"v1\""),
                    ("test-header", "new"),
                    ("content-foo", "new"),
                    ("content-length", "0"),
                ],
                r,
            );
        }
        resp(
            200,
            &[
                ("cache-control", "max-age=1"),
                ("etag", "\"v1\""),
                ("test-header", "old"),
                ("content-foo", "old"),
                ("x-untouched", "same"),
            ],
            r,
        )
    })
    .await;
    let p = start(&o, "").await;
    let first = get(&p, "/r").await;
    assert_eq!(first.header("test-header"), Some("old"));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let revalidated = loop {
        let g = get(&p, "/r").await;
        if g.cache != "HIT" || std::time::Instant::now() > deadline {
            break g;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };
    assert_eq!(revalidated.cache, "REVALIDATED", "{revalidated:?}");
    for g in [revalidated, get(&p, "/r").await] {
        assert_eq!(g.header("test-header"), Some("new"), "{g:?}");
        assert_eq!(g.header("content-foo"), Some("new"), "{g:?}");
        assert_eq!(g.header("x-untouched"), Some("same"), "{g:?}");
        assert_eq!(g.body, first.body, "the stored body, whole: {g:?}");
    }
    assert_eq!(
        get(&p, "/r").await.cache,
        "HIT",
        "max-age=3600 from the 304"
    );
    assert_eq!(o.hits("/r"), 2);
}

/// RFC 9111 §4.4: a non-error response to an unsafe method (POST, PUT, DELETE, or one the
/// cache does not know) invalidates the stored response of its URI, and of the URIs in
/// `Location` and `Content-Location` on the same origin; an error response, a safe method
/// or another origin's URI invalidates nothing.
#[tokio::test]
async fn unsafe_methods_invalidate_the_uri_and_same_origin_locations() {
    let o = origin(|r| {
        if r.method == "GET" {
            return resp(200, &[("cache-control", "max-age=3600")], r);
        }
        match r.path.as_str() {
            "/fails" => resp(500, &[], r),
            "/moves" => resp(
                201,
                &[
                    ("location", "/loc"),
                    ("content-location", "http://elsewhere.example/cl"),
                ],
                r,
            ),
            // The client's own origin (riskgate forwards its Host), as an absolute URL.
            "/moves-here" => {
                let cl = format!("http://{}/cl", r.header("host").unwrap_or(""));
                resp(200, &[("content-location", &cl)], r)
            }
            _ => resp(200, &[], r),
        }
    })
    .await;
    let p = start(&o, "").await;
    let warm = |paths: &'static [&'static str]| {
        let p = &p;
        async move {
            for path in paths {
                get(p, path).await;
                assert_eq!(get(p, path).await.cache, "HIT", "{path}");
            }
        }
    };
    warm(&["/doc", "/fails", "/moves", "/loc", "/cl"]).await;
    for method in ["POST", "PUT", "DELETE", "FROB"] {
        assert_eq!(send(&p, method, "/doc").await.status, 200, "{method}");
        assert_eq!(get(&p, "/doc").await.cache, "MISS", "after {method}");
        assert_eq!(get(&p, "/doc").await.cache, "HIT", "stored again");
    }
    assert_eq!(send(&p, "POST", "/fails").await.status, 500);
    assert_eq!(
        get(&p, "/fails").await.cache,
        "HIT",
        "an error invalidates nothing"
    );
    assert_eq!(send(&p, "OPTIONS", "/doc").await.status, 200);
    assert_eq!(get(&p, "/doc").await.cache, "HIT", "OPTIONS is safe");

    // Location on the same origin is invalidated; Content-Location elsewhere is not.
    assert_eq!(send(&p, "POST", "/moves").await.status, 201);
    assert_eq!(get(&p, "/moves").await.cache, "MISS");
    assert_eq!(get(&p, "/loc").await.cache, "MISS");
    assert_eq!(get(&p, "/cl").await.cache, "HIT");
    assert_eq!(send(&p, "PUT", "/moves-here").await.status, 200);
    assert_eq!(
        get(&p, "/cl").await.cache,
        "MISS",
        "same-origin Content-Location"
    );
}

/// RFC 9213 §2.1: `CDN-Cache-Control` takes precedence over `Cache-Control` (and
/// `Expires`) at the edge, both ways: `max-age` overrides `Cache-Control: no-store`, and
/// `no-store` / `private` / `no-cache` override a `Cache-Control: max-age`. By default it is
/// not passed on to clients, which see the origin's `Cache-Control` unchanged.
#[tokio::test]
async fn cdn_cache_control_takes_precedence_and_is_not_forwarded() {
    let o = origin(|r| {
        let cdn = match r.path.as_str() {
            "/cdn-store" => "max-age=60",
            "/cdn-no-store" => "no-store",
            "/cdn-private" => "private",
            _ => "no-cache",
        };
        let cc = if r.path == "/cdn-store" {
            "no-store"
        } else {
            "max-age=60"
        };
        resp(200, &[("cache-control", cc), ("cdn-cache-control", cdn)], r)
    })
    .await;
    let p = start(&o, "").await;
    get(&p, "/cdn-store").await;
    let g = get(&p, "/cdn-store").await;
    assert_eq!(g.cache, "HIT", "{g:?}");
    assert_eq!(g.header("cache-control"), Some("no-store"));
    assert_eq!(g.header("cdn-cache-control"), None, "{g:?}");
    for path in ["/cdn-no-store", "/cdn-private", "/cdn-no-cache"] {
        for _ in 0..2 {
            let g = get(&p, path).await;
            assert_ne!(g.cache, "HIT", "{path}: {g:?}");
            assert_eq!(g.header("cdn-cache-control"), None, "{path}");
        }
        assert_eq!(o.hits(path), 2, "{path}");
    }
}

/// RFC 9213 §2 (a cache may use its own targeted field) and §2.1: `cache.targeted_field`
/// names a riskgate-only field that goes before `CDN-Cache-Control` and is never
/// forwarded; `cdn_cache_control = false` ignores `CDN-Cache-Control`, and
/// `forward_cdn_cache_control = true` passes it on.
#[tokio::test]
async fn targeted_field_and_cdn_cache_control_are_configurable() {
    let o = origin(|r| {
        resp(
            200,
            &[
                ("cache-control", "no-store"),
                ("cdn-cache-control", "no-store"),
                ("riskgate-cache-control", "max-age=60"),
            ],
            r,
        )
    })
    .await;
    let p = start(&o, "targeted_field = \"Riskgate-Cache-Control\"").await;
    get(&p, "/t").await;
    let g = get(&p, "/t").await;
    assert_eq!(g.cache, "HIT", "{g:?}");
    assert_eq!(g.header("riskgate-cache-control"), None, "{g:?}");
    assert_eq!(g.header("cdn-cache-control"), None, "{g:?}");
    drop(p);

    let o = origin(|r| {
        resp(
            200,
            &[
                ("cache-control", "no-store"),
                ("cdn-cache-control", "max-age=60"),
            ],
            r,
        )
    })
    .await;
    let p = start(
        &o,
        "cdn_cache_control = false\nforward_cdn_cache_control = true",
    )
    .await;
    for _ in 0..2 {
        let g = get(&p, "/off").await;
        assert_eq!(g.cache, "MISS", "Cache-Control: no-store governs: {g:?}");
        assert_eq!(g.header("cdn-cache-control"), Some("max-age=60"), "{g:?}");
    }
}

/// RFC 9111 §3 and §4.2.2, RFC 9110 §15.1: a response with explicit freshness may be
/// stored whatever its final status (here 500, 299, 308); without it, only heuristically
/// cacheable statuses (404 yes, 500 no) get heuristic freshness from `Last-Modified`.
#[tokio::test]
async fn statuses_with_explicit_or_heuristic_freshness_are_stored() {
    let o = origin(|r| {
        let old = date(-100_000);
        match r.path.as_str() {
            "/500" => resp(500, &[("cache-control", "max-age=60")], r),
            "/299" => resp(299, &[("cache-control", "max-age=60")], r),
            "/308" => resp(
                308,
                &[("cache-control", "max-age=60"), ("location", "/x")],
                r,
            ),
            "/404-heuristic" => resp(404, &[("last-modified", &old)], r),
            _ => resp(500, &[("last-modified", &old)], r),
        }
    })
    .await;
    let p = start(&o, "").await;
    for (path, status) in [
        ("/500", 500),
        ("/299", 299),
        ("/308", 308),
        ("/404-heuristic", 404),
    ] {
        let first = get(&p, path).await;
        assert_eq!(
            (first.status, first.cache.as_str()),
            (status, "MISS"),
            "{path}"
        );
        let g = get(&p, path).await;
        assert_eq!((g.status, g.cache.as_str()), (status, "HIT"), "{path}");
        assert_eq!(g.body, first.body, "{path}");
        assert_eq!(o.hits(path), 1, "{path}");
    }
    get(&p, "/500-heuristic").await;
    assert_eq!(get(&p, "/500-heuristic").await.cache, "MISS");
    assert_eq!(o.hits("/500-heuristic"), 2);
}

/// Issue 16, item 10 (not an RFC rule): a client closing its connection while a cached
/// response is being written is normal at the edge. It is counted
/// (`riskgate_cache_client_aborts_total`) and logged at debug, not as
/// `ERROR Fail to serve cache: Downstream WriteError`.
#[tokio::test]
async fn a_client_leaving_mid_hit_is_counted_not_logged_as_an_error() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let o = origin(|r| {
        let mut big = resp(200, &[("cache-control", "max-age=600")], r);
        big.body = "x".repeat(4 << 20);
        big
    })
    .await;
    let template = conformance_support::CONFIG
        .replace("max_object_bytes = 65536", "max_object_bytes = 8388608");
    let p = common::Proxy::start_with(
        &template,
        &[
            ("{up}", o.addr.to_string()),
            ("{cache_extra}", String::new()),
        ],
    )
    .await;
    assert_eq!(get(&p, "/big").await.cache, "MISS");
    assert_eq!(get(&p, "/big").await.cache, "HIT");
    let series = "riskgate_cache_client_aborts_total";
    for _ in 0..3 {
        let mut s = tokio::net::TcpStream::connect(p.addr)
            .await
            .expect("connect");
        let req = format!("GET /big HTTP/1.1\r\nHost: {}\r\n\r\n", p.addr);
        s.write_all(req.as_bytes()).await.expect("write");
        let mut head = [0u8; 1024];
        let n = s.read(&mut head).await.expect("read");
        assert!(String::from_utf8_lossy(&head[..n]).contains("x-cache: HIT"));
        // Unread data in the receive buffer: the close is a reset, the next write fails.
        drop(s);
    }
    let counted = common::eventually(std::time::Duration::from_secs(10), || async {
        common::metric_value(&p.metrics().await, series).is_some_and(|v| v >= 1.0)
    })
    .await;
    assert!(counted, "{}", p.metrics().await);
    assert!(!p.log().contains("Fail to serve cache"), "{}", p.log());
    assert_eq!(o.hits("/big"), 1);
}

/// RFC 9110 §15.2 (and issue 16, item 9): informational responses are forwarded; a
/// `103 Early Hints` that arrives together with the final response of a cache fill still
/// reaches the client before it.
#[tokio::test]
async fn early_hints_reach_the_client_on_cache_fills() {
    let o = origin(|r| {
        let mut x = resp(200, &[("cache-control", "max-age=600")], r);
        x.informational =
            "HTTP/1.1 103 Early Hints\r\nlink: </app.css>; rel=preload\r\n\r\n".into();
        x
    })
    .await;
    let p = start(&o, "").await;
    let mut received = 0;
    for i in 0..20 {
        let req = format!(
            "GET /hinted/{i} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            p.addr
        );
        let out =
            common::raw_exchange(p.addr, req.as_bytes(), std::time::Duration::from_secs(5)).await;
        let hint = out.find("HTTP/1.1 103");
        let fin = out.find("HTTP/1.1 200");
        assert!(fin.is_some() && out.contains("x-cache: MISS"), "{out}");
        if hint.is_some_and(|h| Some(h) < fin && out.contains("rel=preload")) {
            received += 1;
        }
    }
    assert_eq!(received, 20, "103 received on {received} of 20 cache fills");
}
