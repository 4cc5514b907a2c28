//! Criterion benchmarks for the per-request hot paths of the foundation: route matching,
//! client-IP resolution and the header-deadline scan. Run: `cargo bench --bench edge`.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use http::Method;
use riskgate::client::{self, resolve_client_ip, TrustedProxies};
use riskgate::config;
use riskgate::routing::routes::shop_reading;
use riskgate::routing::RouteTable;
use std::net::IpAddr;

fn routes(c: &mut Criterion) {
    // A realistic shop: a dozen routes, the catch-all last.
    let mut toml = String::from("[upstreams.a]\nservers = [\"127.0.0.1:1\"]\n");
    for (i, (kind, path)) in [
        ("stream", "glob = \"/api/orders/*/events\""),
        ("stream", "prefix = \"/ws\""),
        ("pass", "prefix = \"/pay\""),
        ("pass", "prefix = \"/api/orders\""),
        ("pass", "prefix = \"/api/cart\""),
        ("pass", "prefix = \"/api/user\""),
        ("pass", "glob = \"/static/**\""),
        ("pass", "glob = \"/img/*.png\""),
        ("pass", "prefix = \"/callback/alpha\""),
        ("pass", "prefix = \"/callback/beta\""),
        ("pass", "prefix = \"/admin\""),
        ("pass", "prefix = \"/\""),
    ]
    .iter()
    .enumerate()
    {
        toml.push_str(&format!(
            "[[routes]]\nname = \"r{i}\"\nkind = \"{kind}\"\nupstream = \"a\"\nhost = \"shop.example\"\n{path}\n"
        ));
    }
    let cfg = config::parse(&toml, "bench").expect("bench config");
    let table = RouteTable::new(&cfg.routes);
    let mut g = c.benchmark_group("route_match");
    g.bench_function("first_route_glob", |b| {
        b.iter(|| {
            table.find(
                black_box(Some("shop.example:443")),
                &Method::GET,
                black_box("/api/orders/o-123/events"),
            )
        })
    });
    g.bench_function("catch_all_last", |b| {
        b.iter(|| {
            table.find(
                black_box(Some("shop.example")),
                &Method::GET,
                black_box("/products/steam-50"),
            )
        })
    });
    g.bench_function("no_match_wrong_host", |b| {
        b.iter(|| {
            table.find(
                black_box(Some("evil.example")),
                &Method::GET,
                black_box("/"),
            )
        })
    });
    // What a non-order request now adds: reading its path as a lenient shop router would
    // (a plain path: one byte scan, no allocation; a spelled one: decoded and resolved).
    g.bench_function("shop_reading_plain", |b| {
        b.iter(|| shop_reading(black_box("/products/steam-50")))
    });
    g.bench_function("shop_reading_spelled", |b| {
        b.iter(|| shop_reading(black_box("/API/x/../%6Frders;v=1")))
    });
    g.finish();
}

fn client_ip(c: &mut Criterion) {
    let trusted = TrustedProxies::new(vec![
        "10.0.0.0/8".parse().unwrap(),
        "173.245.48.0/20".parse().unwrap(),
        "2400:cb00::/32".parse().unwrap(),
    ]);
    let untrusted_peer: IpAddr = "203.0.113.9".parse().unwrap();
    let cdn_peer: IpAddr = "173.245.48.7".parse().unwrap();
    let mut g = c.benchmark_group("client_ip");
    g.bench_function("untrusted_peer", |b| {
        b.iter(|| {
            resolve_client_ip(
                black_box(untrusted_peer),
                [&b"6.6.6.6"[..]].into_iter(),
                &trusted,
            )
        })
    });
    g.bench_function("cdn_peer_three_hops", |b| {
        b.iter(|| {
            resolve_client_ip(
                black_box(cdn_peer),
                [&b"6.6.6.6, 198.51.100.7, 10.1.2.3"[..]].into_iter(),
                &trusted,
            )
        })
    });
    g.bench_function("internal_header_check", |b| {
        b.iter(|| client::is_internal_header(black_box("x-geo-country")))
    });
    g.bench_function("new_request_id", |b| b.iter(client::new_request_id));
    g.finish();
}

/// The scan for the end of a request's headers that the header deadline runs on every
/// HTTP/1 request's bytes (`server.header_timeout`).
fn header_end(c: &mut Criterion) {
    use riskgate::proxy::header_deadline::HeaderEnd;
    // A browser's GET with cookies: about 600 bytes.
    let browser = b"GET /shop/cards/steam-50 HTTP/1.1\r\nHost: shop.example\r\n\
User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36\r\n\
Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8\r\n\
Accept-Language: en-US,en;q=0.9\r\nAccept-Encoding: gzip, deflate, br, zstd\r\n\
Cookie: rg_device=v1.3f9a2c4d5e6f7a8b9c0d1e2f3a4b5c6d.1764300000.9f8e7d6c5b4a39281706f5e4d3c2b1a0; session=abcdef0123456789abcdef0123456789\r\n\
Sec-Fetch-Dest: document\r\nSec-Fetch-Mode: navigate\r\nSec-Fetch-Site: same-origin\r\n\
Upgrade-Insecure-Requests: 1\r\nConnection: keep-alive\r\n\r\n";
    let mut g = c.benchmark_group("header_deadline");
    // Whole request in one read (the usual case), and the same bytes without their last
    // CRLF (a read that ends mid-headers: the full scan).
    g.bench_function("scan_browser_get_600b", |b| {
        b.iter(|| HeaderEnd::default().feed(black_box(&browser[..])))
    });
    g.bench_function("scan_browser_get_600b_unfinished", |b| {
        b.iter(|| HeaderEnd::default().feed(black_box(&browser[..browser.len() - 2])))
    });
    g.finish();
}

criterion_group!(benches, routes, client_ip, header_end);
criterion_main!(benches);
