//! Criterion benchmarks for the per-request hot paths of the foundation: route matching
//! and client-IP resolution. Run: `cargo bench --bench edge`.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use http::Method;
use riskgate::client::{self, resolve_client_ip, TrustedProxies};
use riskgate::config;
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

criterion_group!(benches, routes, client_ip);
criterion_main!(benches);
