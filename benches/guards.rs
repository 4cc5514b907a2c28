//! Criterion benchmarks for the per-request guards: list checks against 10k networks, a
//! rate-limit check on an existing bucket, and a velocity observation.
//! Run: `cargo bench --bench guards`.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use riskgate::limits::{
    OrderIdentity, RateLimiter, RateRule, RateScope, RateSubject, Velocity, VelocityConfig,
};
use riskgate::lists::{ListKind, ListName, ListPaths, ListQuery, Lists, NewEntry};
use riskgate::state::{MemoryState, MemoryStateConfig, Rate, StateBackend};
use std::fmt::Write as _;
use std::net::IpAddr;
use std::num::{NonZeroU32, NonZeroU64};
use std::sync::Arc;

const NOW_MS: u64 = 1_700_000_000_000;
const NOW: u64 = NOW_MS / 1000;
const DEVICE: &str = "0123456789abcdef0123456789abcdef";

/// 10,000 IPv4 networks of mixed prefix lengths (/16–/32) plus 100 IPv6 /48s, written as a
/// list file and loaded the way riskgate loads it at start.
fn lists_with_10k_cidrs(dir: &std::path::Path) -> Lists {
    let mut rng = fastrand::Rng::with_seed(7);
    let mut file = String::new();
    for i in 0..10_000u32 {
        let len = [16u8, 20, 24, 24, 24, 28, 32][i as usize % 7];
        let addr = std::net::Ipv4Addr::from(rng.u32(..));
        let _ = writeln!(file, "{addr}/{len} # bench {i}");
    }
    for i in 0..100u16 {
        let _ = writeln!(file, "2001:db8:{i:x}::/48");
    }
    file.push_str("203.0.113.0/24 # the one the bench hits\n");
    std::fs::write(dir.join("block-ip.txt"), file).expect("bench list file");
    let lists = Lists::load(ListPaths::in_dir(dir)).expect("bench lists load");
    let new = NewEntry {
        ttl: None,
        reason: None,
        added_by: "bench",
    };
    for (kind, value) in [
        (ListKind::Device, "fedcba9876543210fedcba9876543210"),
        (ListKind::User, "mallory"),
        (ListKind::Email, "fraud@example.com"),
        (ListKind::EmailDomain, "mailinator.com"),
    ] {
        lists
            .add(ListName::Block, kind, value, &new, NOW)
            .expect("bench add");
    }
    lists
}

fn lists(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let lists = lists_with_10k_cidrs(dir.path());
    let hit: IpAddr = "203.0.113.77".parse().expect("ip");
    let miss: IpAddr = "198.18.0.1".parse().expect("ip");
    let mut g = c.benchmark_group("lists");
    g.bench_function("check_ip_hit_10k_cidrs", |b| {
        let q = ListQuery {
            ip: Some(hit),
            ..Default::default()
        };
        b.iter(|| lists.check(black_box(&q), NOW))
    });
    g.bench_function("check_all_miss_ip_device_user_email", |b| {
        let q = ListQuery {
            ip: Some(miss),
            device: Some(DEVICE),
            user: Some("alice"),
            email: Some("Alice.Smith@Shop-Customer.example.com"),
        };
        b.iter(|| lists.check(black_box(&q), NOW))
    });
    g.bench_function("is_allowed_miss", |b| {
        let q = ListQuery {
            ip: Some(miss),
            user: Some("alice"),
            ..Default::default()
        };
        b.iter(|| lists.is_allowed(black_box(&q), NOW))
    });
    g.finish();
}

fn state() -> Arc<dyn StateBackend> {
    Arc::new(MemoryState::new(MemoryStateConfig {
        max_entries: NonZeroU64::new(100_000).expect("non-zero"),
    }))
}

fn nz(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).expect("non-zero")
}

fn rate_limits(c: &mut Criterion) {
    let limiter = RateLimiter::new(state());
    let rules = [
        RateRule {
            id: 1,
            scope: RateScope::IP,
            rate: Rate::per_second(nz(1_000_000)),
            burst: nz(1_000_000),
        },
        RateRule {
            id: 2,
            scope: RateScope::IP | RateScope::ROUTE,
            rate: Rate::per_second(nz(1_000_000)),
            burst: nz(1_000_000),
        },
    ];
    let subject = RateSubject {
        ip: "192.0.2.1".parse().expect("ip"),
        device: Some(DEVICE),
        user: None,
        route: 3,
    };
    limiter.check_all(&rules, &subject, NOW_MS);
    let mut g = c.benchmark_group("rate_limit");
    g.bench_function("check_existing_ip_bucket", |b| {
        b.iter(|| limiter.check(black_box(&rules[0]), black_box(&subject), NOW_MS))
    });
    g.bench_function("check_all_ip_and_ip_route", |b| {
        b.iter(|| limiter.check_all(black_box(&rules), black_box(&subject), NOW_MS))
    });
    g.finish();
}

fn velocity(c: &mut Criterion) {
    let v = Velocity::new(VelocityConfig::default(), state());
    let order = OrderIdentity {
        ip: "192.0.2.1".parse().expect("ip"),
        device: Some(DEVICE),
        user: Some("alice"),
        amount_minor: Some(300),
        fingerprint: Some(0x1234_5678_9abc_def0),
        country: riskgate::geo::Country::from_code("GB"),
        // A small order from a device without history: the worst case, five records.
        new_device: true,
        route: 0,
    };
    v.observe_order(&order, NOW_MS);
    let mut g = c.benchmark_group("velocity");
    g.bench_function("observe_order_existing_keys", |b| {
        b.iter(|| v.observe_order(black_box(&order), NOW_MS))
    });
    g.bench_function("snapshot", |b| {
        b.iter(|| v.snapshot(black_box(&order), NOW_MS))
    });
    g.finish();
}

criterion_group!(benches, lists, rate_limits, velocity);
criterion_main!(benches);
