//! The whole client-intelligence cost of one request, end to end, as the proxy runs it:
//! client IP resolution, geo lookup (shipped MMDB files), HTTP fingerprint + automation
//! signals, device-cookie verification, and the guards (allow list, block list with 10k
//! networks, a rate limit, a purchase-limit check and a velocity observation).
//!
//! Run: `cargo bench --bench client_intel`. Besides criterion's mean, it prints p50/p99/
//! p99.9 over 200,000 timed iterations (each timed with `Instant`, ~20 ns of which is the
//! clock itself), because the budget is a p99: ≤ 5 µs.

use criterion::{black_box, criterion_group, Criterion};
use riskgate::client::{resolve_client_ip, TrustedProxies};
use riskgate::config;
use riskgate::fingerprint::{self, CookieKeys};
use riskgate::geo::{GeoConfig, GeoDb};
use riskgate::guards::{GuardPolicy, Guards, Subject};
use riskgate::lists::{ListKind, ListName, NewEntry};
use std::net::IpAddr;
use std::path::Path;
use std::time::{Duration, Instant};

const CONFIG: &str = r#"
[upstreams.a]
servers = ["127.0.0.1:1"]
[[routes]]
name = "orders"
kind = "pass"
upstream = "a"
user_key = "header:x-shop-user"
rate_limits = [{ scope = "ip+route", rate = 1000000, per = "1s", burst = 1000000 }]
purchase_limits = [{ scope = "user", max = 1000000, window = "day" }]
"#;

struct World {
    geo: GeoDb,
    keys: CookieKeys,
    cookie: String,
    guards: Guards,
    policy: GuardPolicy,
    trusted: TrustedProxies,
    headers: http::HeaderMap,
}

fn world() -> World {
    let geo = GeoDb::open(&GeoConfig::in_dir(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/geoip"
    ))))
    .expect("shipped geo files");
    let keys = CookieKeys::new(vec![vec![7u8; 32]]).expect("bench key");
    let (_, cookie) = fingerprint::issue(&keys, 1_700_000_000);
    let cfg = config::parse(CONFIG, "bench").expect("bench config");
    let guards = Guards::new(&cfg).expect("guards");
    let lists = guards.lists.load();
    let new = NewEntry {
        ttl: None,
        reason: None,
        added_by: "bench",
    };
    let mut rng = fastrand::Rng::with_seed(3);
    for i in 0..10_000u32 {
        let len = [16u8, 20, 24, 24, 28, 32][i as usize % 6];
        let net = format!("{}/{len}", std::net::Ipv4Addr::from(rng.u32(..)));
        let _ = lists.add(ListName::Block, ListKind::Ip, &net, &new, 1_700_000_000);
    }
    let policy = GuardPolicy::build(&cfg, &guards);
    let mut headers = http::HeaderMap::new();
    for (k, v) in [
        ("host", "shop.example"),
        ("connection", "keep-alive"),
        ("sec-ch-ua", "\"Chromium\";v=\"124\", \"Google Chrome\";v=\"124\""),
        ("sec-ch-ua-mobile", "?0"),
        ("sec-ch-ua-platform", "\"Windows\""),
        ("upgrade-insecure-requests", "1"),
        ("user-agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"),
        ("accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
        ("sec-fetch-site", "none"),
        ("sec-fetch-mode", "navigate"),
        ("sec-fetch-dest", "document"),
        ("accept-encoding", "gzip, deflate, br, zstd"),
        ("accept-language", "de-DE,de;q=0.9,en;q=0.8"),
        ("x-forwarded-for", "81.2.69.160"),
        ("x-shop-user", "alice"),
    ] {
        headers.insert(k, v.parse().expect("header"));
    }
    headers.insert(
        "cookie",
        format!("rg_did={cookie}").parse().expect("cookie"),
    );
    World {
        geo,
        keys,
        cookie,
        guards,
        policy,
        trusted: TrustedProxies::new(vec!["10.0.0.0/8".parse().expect("net")]),
        headers,
    }
}

/// One request's client-intelligence work.
fn one(w: &World) -> bool {
    let peer: IpAddr = "10.1.2.3".parse().expect("ip");
    let ip = resolve_client_ip(
        peer,
        w.headers
            .get_all("x-forwarded-for")
            .iter()
            .map(|v| v.as_bytes()),
        &w.trusted,
    );
    let geo = w.geo.lookup(ip);
    let fp = fingerprint::inspect(
        fingerprint::header_pairs(&w.headers),
        http::Version::HTTP_11,
        true,
    );
    let dev = fingerprint::check_cookie(
        w.headers.get_all("cookie").iter().map(|v| v.as_bytes()),
        "rg_did",
        &w.keys,
        1_700_000_100,
        Duration::from_secs(365 * 86_400),
    );
    let device = match dev {
        fingerprint::CookieCheck::Valid(_) => Some("0123456789abcdef0123456789abcdef"),
        _ => None,
    };
    let verdict = w.guards.check(
        &w.policy,
        &Subject {
            ip,
            device,
            user: Some("alice"),
            email: None,
            route: 0,
            amount_minor: Some(2500),
            fingerprint: Some(fp.http.0),
            country: geo.country,
            new_device: false,
        },
    );
    black_box((geo, fp, verdict));
    !w.cookie.is_empty()
}

fn bench(c: &mut Criterion) {
    let w = world();
    c.bench_function("client_intel/one_request", |b| {
        b.iter(|| one(black_box(&w)))
    });
}

fn percentiles() {
    let w = world();
    for _ in 0..20_000 {
        one(&w);
    }
    let n = 200_000;
    let mut t = Vec::with_capacity(n);
    for _ in 0..n {
        let s = Instant::now();
        one(&w);
        t.push(s.elapsed().as_nanos() as u64);
    }
    t.sort_unstable();
    let p = |q: f64| t[((n as f64) * q) as usize - 1];
    println!(
        "client_intel/one_request over {n} timed iterations: p50 {} ns, p99 {} ns, p99.9 {} ns, max {} ns",
        p(0.50),
        p(0.99),
        p(0.999),
        t[n - 1]
    );
}

/// Percentiles of one closure over `n` timed runs, printed with `label`.
fn pct(label: &str, n: usize, mut f: impl FnMut()) {
    let mut t = Vec::with_capacity(n);
    for _ in 0..n {
        let s = Instant::now();
        f();
        t.push(s.elapsed().as_nanos() as u64);
    }
    t.sort_unstable();
    let p = |q: f64| t[((n as f64) * q) as usize - 1];
    println!(
        "  {label:<28} p50 {:>6} ns  p99 {:>6} ns  p99.9 {:>6} ns",
        p(0.5),
        p(0.99),
        p(0.999)
    );
}

/// The same pipeline split into its parts, to show where the tail comes from.
fn parts() {
    let w = world();
    let ip: IpAddr = "81.2.69.160".parse().expect("ip");
    let n = 100_000;
    println!("parts over {n} timed iterations each:");
    pct("geo lookup", n, || {
        black_box(w.geo.lookup(black_box(ip)));
    });
    pct("fingerprint inspect", n, || {
        black_box(fingerprint::inspect(
            fingerprint::header_pairs(&w.headers),
            http::Version::HTTP_11,
            true,
        ));
    });
    pct("cookie verify", n, || {
        black_box(fingerprint::check_cookie(
            w.headers.get_all("cookie").iter().map(|v| v.as_bytes()),
            "rg_did",
            &w.keys,
            1_700_000_100,
            Duration::from_secs(365 * 86_400),
        ));
    });
    pct("guards (lists, rate, purchase, velocity)", n, || {
        black_box(w.guards.check(
            &w.policy,
            &Subject {
                ip,
                device: Some("0123456789abcdef0123456789abcdef"),
                user: Some("alice"),
                email: None,
                route: 0,
                amount_minor: Some(2500),
                fingerprint: Some(0x1234_5678_9abc_def0),
                country: riskgate::geo::Country::from_code("GB"),
                new_device: false,
            },
        ));
    });
}

criterion_group!(benches, bench);

fn main() {
    benches();
    percentiles();
    parts();
    Criterion::default().configure_from_args().final_summary();
}
