//! Criterion benchmarks for the order signals on the memory state store
//! (`SignalTracker::observe`): the fingerprint, established-user and same-amount counts with
//! the cross-account signals off, with `account_spread` and `repeat_spend` on (as the
//! demo), and with `network_hop` on top (its AS numbers and IP families). Each iteration is
//! one order of one of 10,000 accounts, on a store already holding their state.
//! Also `signals::evaluate` on the counted facts of an ordinary order (nothing hits, so
//! every check runs), with the demo's signals, without and with `quick_checkout`.
//! Run: `cargo bench --bench signals`.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use riskgate::config::{QuickCheckout, RepeatSpend, SignalSettings, Spree};
use riskgate::geo::{Country, GeoFacts};
use riskgate::risk::linkage::LinkageFacts;
use riskgate::risk::signals::{evaluate, SignalFacts, SignalInput, SignalTracker};
use riskgate::state::{MemoryState, MemoryStateConfig};
use std::net::{IpAddr, Ipv4Addr};
use std::num::NonZeroU64;
use std::sync::Arc;

const NOW_MS: u64 = 1_700_000_000_000;
const ACCOUNTS: usize = 10_000;

struct Order {
    ip: IpAddr,
    user: String,
    email: String,
    fingerprint: u64,
}

fn orders() -> Vec<Order> {
    (0..ACCOUNTS)
        .map(|i| Order {
            ip: IpAddr::V4(Ipv4Addr::from(0x5102_0000u32 + (i as u32) * 256 + 7)),
            user: format!("user{i}"),
            email: format!("user{i}@example.org"),
            fingerprint: 0x9e37_79b9_7f4a_7c15u64.wrapping_mul(i as u64 + 1),
        })
        .collect()
}

fn input(o: &Order) -> SignalInput<'_> {
    SignalInput {
        ip: o.ip,
        geo: GeoFacts {
            country: Country::from_code("GB"),
            asn: Some(2856),
            hosting: false,
        },
        user: Some(&o.user),
        lang_region: Some(*b"GB"),
        beacon: None,
        device_age_secs: Some(120),
        amount: Some((5000, "GBP")),
        amount_usd: Some(63.5),
        email: Some(&o.email),
        user_agent: b"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36",
        http_fingerprint: Some(o.fingerprint),
    }
}

fn settings(linkage: &str) -> SignalSettings {
    let mut s = SignalSettings {
        max_users_per_fingerprint: Some(3),
        new_device_for_user: true,
        repeat_amount: Some(3),
        ..SignalSettings::off()
    };
    if linkage != "off" {
        s.linkage.account_spread = Some(3);
        s.linkage.repeat_spend = Some(RepeatSpend {
            min_usd: 100,
            device_secs: 3600,
        });
    }
    if linkage == "network_hop" {
        s.linkage.network_hop_min_usd = Some(60);
    }
    s
}

fn bench(c: &mut Criterion) {
    let orders = orders();
    let mut g = c.benchmark_group("signals_observe");
    for linkage in ["off", "spread_repeat", "network_hop"] {
        let s = settings(linkage);
        let cap = NonZeroU64::new(1_000_000).unwrap();
        let t = SignalTracker::new(Arc::new(MemoryState::new(MemoryStateConfig {
            max_entries: cap,
        })));
        for (i, o) in orders.iter().enumerate() {
            t.observe(&input(o), &s, true, NOW_MS + i as u64);
        }
        let mut i = 0usize;
        g.bench_function(linkage, |b| {
            b.iter(|| {
                i = (i + 1) % ACCOUNTS;
                let o = &orders[i];
                black_box(t.observe(&input(o), &s, true, NOW_MS + 60_000 + i as u64))
            })
        });
    }
    g.finish();

    // The demo's signals on an ordinary order: a 63.50 USD first order two minutes after
    // the first page; with quick_checkout (30 s per 250 USD, at most 90 s) on top.
    let mut s = settings("network_hop");
    s.tz_mismatch_min_usd = Some(150.0);
    s.block_min_signals = Some(3);
    s.linkage.spree = Some(Spree {
        min_usd: 100,
        max_quantity: 3,
    });
    let facts = SignalFacts {
        users_per_fingerprint_24h: 1,
        networks_per_fingerprint_24h: 1,
        beacon: true,
        device_age_secs: Some(120),
        same_amount_24h: 1,
        amount_usd: Some(63.5),
        quantity: 1,
        linkage: LinkageFacts {
            orders_per_user_1h: 1,
            mailboxes_per_user_1h: 1,
            devices_per_user_1h: 1,
            networks_per_user_1h: 1,
            ..LinkageFacts::default()
        },
        ..SignalFacts::default()
    };
    let mut g = c.benchmark_group("signals_evaluate");
    g.bench_function("demo", |b| {
        b.iter(|| black_box(evaluate(black_box(&facts), &s, 0)))
    });
    s.quick_checkout = Some(QuickCheckout {
        secs: 30,
        min_usd: 250.0,
        max_secs: 90,
    });
    g.bench_function("demo_quick_checkout", |b| {
        b.iter(|| black_box(evaluate(black_box(&facts), &s, 0)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
