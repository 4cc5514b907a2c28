//! Criterion benchmarks for the geo lookup against the shipped `geoip/` databases, with and
//! without a moka cache in front. Run: `cargo bench --bench geo`.
//!
//! Every benchmark does one lookup per iteration, so the reported time is ns per lookup.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use moka::sync::Cache;
use riskgate::geo::{GeoConfig, GeoDb, GeoFacts};
use std::net::{IpAddr, Ipv4Addr};
use std::path::Path;

/// A mix of what an edge sees: IPv4 and IPv6 clients, cloud and consumer networks, an
/// IPv4-mapped peer address, private and documentation addresses (fast refusals).
const MIX: [&str; 16] = [
    "8.8.8.8",
    "1.1.1.1",
    "3.5.140.2",
    "81.2.69.142",
    "114.114.114.114",
    "77.88.8.8",
    "185.199.108.153",
    "157.240.22.35",
    "2a01:4f8::1",
    "2001:4860:4860::8888",
    "2606:4700:4700::1111",
    "2a03:2880:f12f:83:face:b00c:0:25de",
    "::ffff:93.184.216.34",
    "192.168.1.1",
    "10.0.0.1",
    "203.0.113.9",
];

/// Pseudo-random public IPv4 addresses from a fixed-seed LCG: many distinct tree paths, so
/// the walk misses the CPU cache the way real traffic does.
fn spread(n: usize) -> Vec<IpAddr> {
    let mut x: u32 = 0x9e37_79b9;
    (0..n)
        .map(|_| {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            // Keep the first octet in 1..=223 (unicast) so most addresses are public.
            let first = 1 + (x >> 24) % 223;
            IpAddr::V4(Ipv4Addr::from((first << 24) | (x & 0x00ff_ffff)))
        })
        .collect()
}

fn open() -> GeoDb {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("geoip");
    GeoDb::open(&GeoConfig::in_dir(&dir)).expect("shipped geoip/ opens")
}

fn lookups(c: &mut Criterion) {
    let db = open();
    let mix: Vec<IpAddr> = MIX
        .iter()
        .map(|s| s.parse().expect("bench address"))
        .collect();
    let many = spread(4096);

    let mut g = c.benchmark_group("geo");
    for (name, ips) in [("mix16", &mix), ("spread4096_v4", &many)] {
        g.bench_function(format!("lookup/{name}"), |b| {
            let mut i = 0;
            b.iter(|| {
                i = (i + 1) % ips.len();
                db.lookup(black_box(ips[i]))
            })
        });
    }
    g.bench_function("country_only/spread4096_v4", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % many.len();
            db.country(black_box(many[i]))
        })
    });
    g.bench_function("asn_only/spread4096_v4", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % many.len();
            db.asn(black_box(many[i]))
        })
    });

    // The alternative we measured and rejected: a moka cache in front of the lookup. Every
    // key is present (all hits), which is the cache's best case.
    let cache: Cache<IpAddr, GeoFacts> = Cache::new(10_000);
    for ip in many.iter().chain(&mix) {
        cache.insert(*ip, db.lookup(*ip));
    }
    for (name, ips) in [("mix16", &mix), ("spread4096_v4", &many)] {
        g.bench_function(format!("moka_hit/{name}"), |b| {
            let mut i = 0;
            b.iter(|| {
                i = (i + 1) % ips.len();
                cache.get_with(black_box(ips[i]), || db.lookup(ips[i]))
            })
        });
    }
    g.finish();
}

criterion_group!(benches, lookups);
criterion_main!(benches);
