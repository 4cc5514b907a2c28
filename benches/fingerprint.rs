//! Criterion benchmarks for the per-request fingerprint work: device-cookie verification
//! and issue, the HTTP fingerprint of a realistic Chrome request, UA classification and
//! automation signals, and all of it together (the budget is 2 µs per request).
//! Run: `cargo bench --bench fingerprint`.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use http::Version;
use http::{HeaderMap, HeaderName, HeaderValue};
use riskgate::fingerprint::{
    automation_signals, check_cookie, header_pairs, http_fingerprint, inspect, issue, parse_beacon,
    ua_family, CookieKeys,
};
use std::time::Duration;

const NOW: u64 = 1_700_000_000;
const YEAR: Duration = Duration::from_secs(365 * 86_400);
const CHROME_UA: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";

/// A Chrome 120 order POST over HTTP/2: 16 headers in wire order, the device cookie among
/// analytics cookies.
fn chrome_order(cookie: &str) -> Vec<(&'static str, String)> {
    vec![
        ("content-length", "182".into()),
        ("sec-ch-ua", "\"Not_A Brand\";v=\"8\", \"Chromium\";v=\"120\", \"Google Chrome\";v=\"120\"".into()),
        ("content-type", "application/json".into()),
        ("sec-ch-ua-mobile", "?0".into()),
        ("user-agent", CHROME_UA.into()),
        ("sec-ch-ua-platform", "\"Windows\"".into()),
        ("accept", "*/*".into()),
        ("origin", "https://shop.example".into()),
        ("sec-fetch-site", "same-origin".into()),
        ("sec-fetch-mode", "cors".into()),
        ("sec-fetch-dest", "empty".into()),
        ("referer", "https://shop.example/checkout".into()),
        ("accept-encoding", "gzip, deflate, br".into()),
        ("accept-language", "de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7".into()),
        ("cookie", format!("_ga=GA1.1.1234567890.1700000000; cart=42; rg_did={cookie}; _ga_X=GS1.1.1700000000.1.1.1700000100.0.0.0")),
        ("priority", "u=1, i".into()),
    ]
}

fn benches(c: &mut Criterion) {
    let keys = CookieKeys::new(vec![vec![7; 32], vec![8; 32]]).expect("bench keys");
    let (_, value) = issue(&keys, NOW);
    let headers = chrome_order(&value);
    let pairs = || headers.iter().map(|(n, v)| (n.as_bytes(), v.as_bytes()));
    let cookies = || {
        headers
            .iter()
            .filter(|(n, _)| *n == "cookie")
            .map(|(_, v)| v.as_bytes())
    };
    let mut g = c.benchmark_group("fingerprint");
    g.bench_function("cookie_verify", |b| {
        b.iter(|| check_cookie(cookies(), black_box("rg_did"), &keys, NOW, YEAR))
    });
    let tampered = format!("rg_did={}", "A".repeat(54));
    g.bench_function("cookie_verify_tampered_2_keys", |b| {
        b.iter(|| {
            check_cookie(
                std::iter::once(black_box(tampered.as_bytes())),
                "rg_did",
                &keys,
                NOW,
                YEAR,
            )
        })
    });
    g.bench_function("cookie_issue", |b| b.iter(|| issue(&keys, black_box(NOW))));
    g.bench_function("http_fingerprint_chrome_16_headers", |b| {
        b.iter(|| http_fingerprint(black_box(pairs()), Version::HTTP_2))
    });
    g.bench_function("ua_family_chrome", |b| {
        b.iter(|| ua_family(black_box(CHROME_UA.as_bytes())))
    });
    g.bench_function("automation_signals_chrome", |b| {
        b.iter(|| automation_signals(black_box(pairs()), true))
    });
    g.bench_function("inspect_chrome", |b| {
        b.iter(|| inspect(black_box(pairs()), Version::HTTP_2, true))
    });
    g.bench_function("per_request_total", |b| {
        b.iter(|| {
            let fp = inspect(black_box(pairs()), Version::HTTP_2, true);
            let dev = check_cookie(cookies(), "rg_did", &keys, NOW, YEAR);
            (fp, dev)
        })
    });
    // The same work from an `http::HeaderMap`, as the proxy will call it.
    let mut map = HeaderMap::new();
    for (n, v) in &headers {
        map.append(
            HeaderName::from_static(n),
            HeaderValue::from_str(v).expect("bench header value"),
        );
    }
    g.bench_function("per_request_total_header_map", |b| {
        b.iter(|| {
            let map = black_box(&map);
            let fp = inspect(header_pairs(map), Version::HTTP_2, true);
            let cookies = map
                .get_all(http::header::COOKIE)
                .iter()
                .map(|v| v.as_bytes());
            let dev = check_cookie(cookies, "rg_did", &keys, NOW, YEAR);
            (fp, dev)
        })
    });
    let body = br#"{"v":1,"timezone":"Europe/Berlin","tz_offset":60,"screen":{"w":1920,"h":1080,"depth":24},"dpr":1.25,"platform":"Win32","languages":["de-DE","de","en-US","en"],"cores":8,"canvas":"1fbc52f9","webdriver":false,"touch_points":0}"#;
    g.bench_function("parse_beacon_and_hash", |b| {
        b.iter(|| parse_beacon(black_box(body)).map(|b| b.beacon_hash()))
    });
    g.finish();
}

criterion_group!(fingerprint, benches);
criterion_main!(fingerprint);
