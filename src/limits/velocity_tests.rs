//! Unit tests of velocity counters (windows, distinct sets, client key, per-user counts).

use super::*;
use crate::state::{Clock, ManualClock, MemoryState, MemoryStateConfig, DISTINCT_CAP};
use std::num::NonZeroU64;

const DEV_A: &str = "0123456789abcdef0123456789abcdef";
const DEV_B: &str = "fedcba9876543210fedcba9876543210";

fn velocity() -> Velocity {
    let state = MemoryState::new(MemoryStateConfig {
        max_entries: NonZeroU64::new(10_000).unwrap(),
    });
    Velocity::new(VelocityConfig::default(), Arc::new(state))
}

fn order<'a>(
    ip: &str,
    device: Option<&'a str>,
    user: Option<&'a str>,
    amount: u64,
) -> OrderIdentity<'a> {
    OrderIdentity {
        ip: ip.parse().unwrap(),
        device,
        user,
        amount_minor: Some(amount),
        fingerprint: None,
        country: None,
        new_device: false,
        route: 0,
    }
}

#[test]
fn order_counts_slide_out_of_the_short_window() {
    let v = velocity();
    let clock = ManualClock::new(1_700_000_000_000);
    let o = order("192.0.2.1", Some(DEV_A), Some("alice"), 10_000);
    assert_eq!(v.observe_order(&o, clock.now_ms()).orders_per_ip, 1);
    clock.advance(Duration::from_secs(300));
    let s = v.observe_order(&o, clock.now_ms());
    assert_eq!((s.orders_per_ip, s.orders_per_device), (2, 2));
    clock.advance(Duration::from_secs(300)); // 10 min after the first
    let s = v.snapshot(&o, clock.now_ms());
    assert_eq!((s.orders_per_ip, s.orders_per_device), (1, 1));
    clock.advance(Duration::from_secs(300));
    let s = v.snapshot(&o, clock.now_ms());
    assert_eq!((s.orders_per_ip, s.orders_per_device), (0, 0));
}

#[test]
fn distinct_associations_count_each_identity_once() {
    let v = velocity();
    let clock = ManualClock::new(1_700_000_000_000);
    let now = clock.now_ms();
    v.observe_order(&order("192.0.2.1", Some(DEV_A), Some("alice"), 10_000), now);
    v.observe_order(&order("192.0.2.1", Some(DEV_A), Some("alice"), 10_000), now);
    v.observe_order(&order("192.0.2.2", Some(DEV_A), Some("bob"), 10_000), now);
    let s = v.observe_order(&order("192.0.2.1", Some(DEV_B), Some("carol"), 10_000), now);
    assert_eq!(s.devices_per_ip, 2);
    assert_eq!(s.users_per_device, 1);
    let a = v.snapshot(&order("192.0.2.9", Some(DEV_A), None, 0), now);
    assert_eq!((a.ips_per_device, a.users_per_device), (2, 2));
    // After the 1 h association window only the 24 h user count remains.
    clock.advance(Duration::from_secs(3600));
    let a = v.snapshot(&order("192.0.2.1", Some(DEV_A), None, 0), clock.now_ms());
    assert_eq!(
        (a.ips_per_device, a.devices_per_ip, a.users_per_device),
        (0, 0, 2)
    );
    clock.advance(Duration::from_secs(23 * 3600));
    let a = v.snapshot(&order("192.0.2.1", Some(DEV_A), None, 0), clock.now_ms());
    assert_eq!(a.users_per_device, 0);
}

#[test]
fn distinct_counts_saturate_at_the_cap() {
    let v = velocity();
    let now = 1_700_000_000_000;
    let mut last = VelocitySnapshot::default();
    for i in 0..100u32 {
        let ip = format!("10.0.{}.{}", i / 256, i % 256);
        last = v.observe_order(&order(&ip, Some(DEV_A), None, 10_000), now);
    }
    assert_eq!(last.ips_per_device, DISTINCT_CAP as u32);
    assert_eq!(last.orders_per_device, 100);
}

#[test]
fn small_orders_count_only_at_or_below_the_threshold() {
    let v = velocity();
    let now = 1_700_000_000_000;
    let cases = [(100, 1), (500, 2), (501, 2), (10_000, 2), (1, 3)];
    for (amount, expected) in cases {
        let s = v.observe_order(&order("192.0.2.1", Some(DEV_A), None, amount), now);
        assert_eq!(s.small_orders_per_device, expected, "amount {amount}");
    }
    let unknown = OrderIdentity {
        amount_minor: None,
        ..order("192.0.2.1", Some(DEV_A), None, 0)
    };
    assert_eq!(v.observe_order(&unknown, now).small_orders_per_device, 3);
}

#[test]
fn failed_payments_count_per_device_and_user_for_a_day() {
    let v = velocity();
    let clock = ManualClock::new(1_700_000_000_000);
    v.record_failed_payment(Some(DEV_A), Some("alice"), clock.now_ms());
    v.record_failed_payment(Some(DEV_A), None, clock.now_ms());
    v.record_failed_payment(None, Some("alice"), clock.now_ms());
    let s = v.observe_order(
        &order("192.0.2.1", Some(DEV_A), Some("alice"), 900),
        clock.now_ms(),
    );
    assert_eq!(
        (s.failed_payments_per_device, s.failed_payments_per_user),
        (2, 2)
    );
    clock.advance(Duration::from_secs(86_400));
    let s = v.snapshot(
        &order("192.0.2.1", Some(DEV_A), Some("alice"), 900),
        clock.now_ms(),
    );
    assert_eq!(
        (s.failed_payments_per_device, s.failed_payments_per_user),
        (0, 0)
    );
}

#[test]
fn snapshot_reads_without_counting_and_missing_ids_read_zero() {
    let v = velocity();
    let now = 1_700_000_000_000;
    let o = order("192.0.2.1", Some(DEV_A), Some("alice"), 100);
    v.observe_order(&o, now);
    assert_eq!(v.snapshot(&o, now), v.snapshot(&o, now));
    assert_eq!(v.snapshot(&o, now).orders_per_ip, 1);
    let anon = v.observe_order(&order("192.0.2.1", None, None, 100), now);
    assert_eq!(anon.orders_per_ip, 2);
    assert_eq!(
        (
            anon.orders_per_device,
            anon.devices_per_ip,
            anon.users_per_device
        ),
        (0, 1, 0)
    );
    let reloaded = v.with_config(VelocityConfig::default());
    assert_eq!(reloaded.snapshot(&o, now).orders_per_ip, 2);
}

#[test]
fn a_client_without_cookies_still_builds_velocity() {
    // A card tester that drops its cookie: a new device id on every order, the same
    // header set, neighbouring addresses in one /24.
    let v = velocity();
    let now = 1_700_000_000_000;
    let devices = [DEV_A, DEV_B, "00000000000000000000000000000001"];
    let mut last = VelocitySnapshot::default();
    for (k, dev) in devices.iter().enumerate() {
        let o = OrderIdentity {
            fingerprint: Some(0xfeed),
            ..order(&format!("198.51.100.{}", 10 + k), Some(dev), None, 100)
        };
        last = v.observe_order(&o, now);
    }
    assert_eq!(
        last.orders_per_device, 1,
        "per-device velocity never builds"
    );
    assert_eq!(
        (last.orders_per_client, last.small_orders_per_client),
        (3, 3)
    );
    // Another browser family on the same network, or the same one elsewhere, is apart.
    let other_fp = OrderIdentity {
        fingerprint: Some(0xbeef),
        ..order("198.51.100.10", None, None, 100)
    };
    assert_eq!(v.observe_order(&other_fp, now).orders_per_client, 1);
    let other_net = OrderIdentity {
        fingerprint: Some(0xfeed),
        ..order("198.51.101.10", None, None, 100)
    };
    assert_eq!(v.observe_order(&other_net, now).orders_per_client, 1);
    // No fingerprint, no client counts.
    assert_eq!(
        v.observe_order(&order("198.51.100.10", None, None, 100), now)
            .orders_per_client,
        0
    );
}

#[test]
fn network_prefixes_are_24_and_48_bits() {
    let p = |s: &str| network_prefix(s.parse().unwrap());
    assert_eq!(p("192.0.2.1"), p("192.0.2.254"));
    assert_ne!(p("192.0.2.1"), p("192.0.3.1"));
    assert_eq!(p("2001:db8:1::1"), p("2001:db8:1:ffff::2"));
    assert_ne!(p("2001:db8:1::1"), p("2001:db8:2::1"));
    assert_eq!(p("::ffff:192.0.2.7"), p("192.0.2.1"));
}

#[test]
fn distinct_devices_ips_and_countries_per_user() {
    use crate::geo::Country;
    let v = velocity();
    let clock = ManualClock::new(1_700_000_000_000);
    let placed = [
        ("192.0.2.1", DEV_A, "DE"),
        ("192.0.2.2", DEV_B, "DE"),
        ("192.0.2.2", DEV_B, "FR"),
        ("192.0.2.1", DEV_A, "FR"),
    ];
    let mut s = VelocitySnapshot::default();
    for (ip, dev, c) in placed {
        let o = OrderIdentity {
            country: Country::from_code(c),
            ..order(ip, Some(dev), Some("mallory"), 5000)
        };
        s = v.observe_order(&o, clock.now_ms());
    }
    assert_eq!(
        (s.devices_per_user, s.ips_per_user, s.countries_per_user),
        (2, 2, 2)
    );
    let other = v.snapshot(
        &order("192.0.2.1", Some(DEV_A), Some("alice"), 0),
        clock.now_ms(),
    );
    assert_eq!((other.devices_per_user, other.ips_per_user), (0, 0));
    // Devices and IPs leave after a day; countries stay for the week.
    clock.advance(Duration::from_secs(86_400));
    let o = order("192.0.2.9", None, Some("mallory"), 0);
    let s = v.snapshot(&o, clock.now_ms());
    assert_eq!(
        (s.devices_per_user, s.ips_per_user, s.countries_per_user),
        (0, 0, 2)
    );
    clock.advance(Duration::from_secs(6 * 86_400));
    assert_eq!(v.snapshot(&o, clock.now_ms()).countries_per_user, 0);
}

#[test]
fn small_orders_from_devices_without_history_surge_per_route_across_addresses() {
    let v = velocity();
    let now = 1_700_000_000_000;
    // A card tester: a new device id and a new address on every attempt.
    let attempt = |k: u32, amount: u64, new_device: bool, route: u32| OrderIdentity {
        new_device,
        route,
        ..order(
            &format!("203.0.{}.{}", k / 200, k % 200 + 1),
            Some(if k.is_multiple_of(2) { DEV_A } else { DEV_B }),
            None,
            amount,
        )
    };
    let mut last = VelocitySnapshot::default();
    for k in 0..6 {
        last = v.observe_order(&attempt(k, 200, true, 0), now + u64::from(k) * 30_000);
    }
    assert_eq!(last.small_surge, 6);
    assert_eq!(last.orders_per_ip, 1, "no per-address count builds");
    // A large order, or a small one from a device with history, reads 0 and counts nothing.
    let t = now + 200_000;
    assert_eq!(
        v.observe_order(&attempt(7, 5_000, true, 0), t).small_surge,
        0
    );
    assert_eq!(
        v.observe_order(&attempt(8, 200, false, 0), t).small_surge,
        0
    );
    assert_eq!(v.snapshot(&attempt(9, 200, true, 0), t).small_surge, 6);
    // Another route keeps its own count; the window forgets.
    assert_eq!(
        v.observe_order(&attempt(10, 200, true, 1), t).small_surge,
        1
    );
    let later = now + 5 * 30_000 + 601_000;
    assert_eq!(
        v.observe_order(&attempt(11, 200, true, 0), later)
            .small_surge,
        1
    );
}
