use super::*;
use crate::state::{MemoryState, MemoryStateConfig};
use std::num::NonZeroU64;

fn on() -> LinkageSettings {
    LinkageSettings {
        max_users_per_mailbox: Some(2),
        household_users_per_mailbox: None,
        cookieless_spread: Some(3),
        ..Default::default()
    }
}

fn reasons(f: &LinkageFacts, s: &LinkageSettings) -> Vec<&'static str> {
    evaluate(f, s).iter().map(|h| h.reason.as_str()).collect()
}

fn state() -> MemoryState {
    MemoryState::new(MemoryStateConfig {
        max_entries: NonZeroU64::new(10_000).unwrap(),
    })
}

const NOW: u64 = 1_700_000_000_000;

#[test]
fn canonical_mailbox_folds_tags_case_and_gmail_dots() {
    let c = |e: &str| canonical_mailbox(e).map(|m| m.into_owned());
    assert_eq!(
        c("hub.name+3@googlemail.com").as_deref(),
        Some("hubname@gmail.com")
    );
    assert_eq!(c("HubName@Gmail.com").as_deref(), Some("hubname@gmail.com"));
    assert_eq!(c("anna+shop@gmx.de").as_deref(), Some("anna@gmx.de"));
    assert_eq!(
        c("Anna.B@GMX.de").as_deref(),
        Some("anna.b@gmx.de"),
        "dots count outside Gmail"
    );
    assert!(matches!(
        canonical_mailbox("anna@gmx.de"),
        Some(Cow::Borrowed(_))
    ));
    for bad in ["", "anna", "@gmx.de", "anna@", "+x@gmx.de"] {
        assert_eq!(c(bad), None, "{bad}");
    }
}

#[test]
fn each_signal_reviews_above_its_threshold_and_never_blocks() {
    let s = on();
    let quiet = LinkageFacts {
        users_per_mailbox_24h: 2,
        networks_per_mailbox_24h: 2,
        cookieless_users_per_amount_1h: 2,
        ..Default::default()
    };
    assert!(reasons(&quiet, &s).is_empty());
    let loud = LinkageFacts {
        users_per_mailbox_24h: 3,
        networks_per_mailbox_24h: 2,
        cookieless_users_per_amount_1h: 3,
        ..Default::default()
    };
    assert_eq!(reasons(&loud, &s), ["shared_mailbox", "cookieless_spread"]);
    assert!(evaluate(&loud, &s)
        .iter()
        .all(|h| h.action == RuleAction::Review));
    assert!(
        reasons(&loud, &LinkageSettings::default()).is_empty(),
        "off by default"
    );
}

fn observe_one(
    st: &MemoryState,
    h: &KeyHasher,
    user: &str,
    email: &str,
    cookieless: bool,
    t: u64,
) -> LinkageFacts {
    let o = LinkageInput {
        user: h.hash_str(IdKind::User, user),
        network: 7,
        email: Some(email),
        cookieless,
        client: 7,
        amount: Some((500, "USD")),
        ..Default::default()
    };
    observe(st, h, &o, &on(), true, t)
}

#[test]
fn mailbox_counts_distinct_accounts_not_orders_nor_recipients() {
    let st = state();
    let h = KeyHasher::new();
    // One buyer gifting to many people: one account per mailbox.
    for (i, to) in ["a@x.org", "b@x.org", "c@x.org", "d@x.org"]
        .iter()
        .enumerate()
    {
        let f = observe_one(&st, &h, "giver", to, false, NOW + i as u64);
        assert_eq!(f.users_per_mailbox_24h, 1);
    }
    // The same account ordering again to its own mailbox.
    assert_eq!(
        observe_one(&st, &h, "giver", "a@x.org", false, NOW + 10).users_per_mailbox_24h,
        1
    );
    // Mules forwarding to one collector, through aliases.
    let mut last = LinkageFacts::default();
    for (i, (u, to)) in [
        ("m1", "keys7@gmail.com"),
        ("m2", "Keys.7+a@gmail.com"),
        ("m3", "keys7+b@googlemail.com"),
    ]
    .iter()
    .enumerate()
    {
        last = observe_one(&st, &h, u, to, false, NOW + 100 + i as u64);
    }
    assert_eq!(last.users_per_mailbox_24h, 3);
    assert_eq!(reasons(&last, &on()), ["shared_mailbox"]);
    // A day later the window has moved on.
    let later = observe_one(
        &st,
        &h,
        "m4",
        "keys7@gmail.com",
        false,
        NOW + 86_400_000 + 200,
    );
    assert_eq!(later.users_per_mailbox_24h, 1);
}

#[test]
fn cookieless_spread_counts_only_cookieless_accounts_per_amount_within_an_hour() {
    let st = state();
    let h = KeyHasher::new();
    // Buyers with a device history or a beacon never count.
    for u in ["h1", "h2", "h3", "h4"] {
        let f = observe_one(&st, &h, u, &format!("{u}@x.org"), false, NOW);
        assert_eq!(f.cookieless_users_per_amount_1h, 0);
    }
    let mut last = LinkageFacts::default();
    for (i, u) in ["t1", "t2", "t3"].iter().enumerate() {
        last = observe_one(
            &st,
            &h,
            u,
            &format!("{u}@x.org"),
            true,
            NOW + i as u64 * 600_000,
        );
    }
    assert_eq!(last.cookieless_users_per_amount_1h, 3);
    assert_eq!(reasons(&last, &on()), ["cookieless_spread"]);
    // Another amount is another count; an hour later the first tester has aged out.
    let other = LinkageInput {
        user: h.hash_str(IdKind::User, "t4"),
        network: 7,
        email: None,
        cookieless: true,
        client: 7,
        amount: Some((1000, "USD")),
        ..Default::default()
    };
    assert_eq!(
        observe(&st, &h, &other, &on(), true, NOW).cookieless_users_per_amount_1h,
        1
    );
    let f = observe_one(&st, &h, "t5", "t5@x.org", true, NOW + 3_600_000 + 1);
    assert_eq!(f.cookieless_users_per_amount_1h, 3, "t2, t3 and t5");
}

#[test]
fn reads_count_nothing_and_off_signals_touch_no_record() {
    let st = state();
    let h = KeyHasher::new();
    let o = |u: &str| LinkageInput {
        user: h.hash_str(IdKind::User, u),
        network: 7,
        email: Some("c@x.org"),
        cookieless: true,
        client: 7,
        amount: Some((500, "USD")),
        ..Default::default()
    };
    for u in ["a", "b", "c"] {
        let f = observe(&st, &h, &o(u), &on(), false, NOW);
        assert_eq!(f, LinkageFacts::default(), "a refused order only reads");
    }
    let off = observe(&st, &h, &o("a"), &LinkageSettings::default(), true, NOW);
    assert!(off.is_empty());
    assert_eq!(
        observe(&st, &h, &o("b"), &on(), true, NOW).users_per_mailbox_24h,
        1
    );
}

#[test]
fn a_cookieless_client_that_browsed_is_not_bare() {
    let st = state();
    let h = KeyHasher::new();
    let ip = "81.2.69.160".parse().unwrap();
    let client = page_client(&h, ip, b"Mozilla/5.0 Firefox/128.0");
    assert_ne!(client, page_client(&h, ip, b"python-requests/2.31"));
    record_page(&st, client, NOW);
    let o = |u: &str, client| LinkageInput {
        user: h.hash_str(IdKind::User, u),
        network: 7,
        email: None,
        cookieless: true,
        client,
        amount: Some((500, "USD")),
        ..Default::default()
    };
    for (i, u) in ["p1", "p2", "p3"].iter().enumerate() {
        let f = observe(&st, &h, &o(u, client), &on(), true, NOW + i as u64);
        assert_eq!(f.cookieless_users_per_amount_1h, 0, "a browsing buyer");
    }
    // Half an hour after its page view, the same client is bare again.
    let f = observe(&st, &h, &o("p4", client), &on(), true, NOW + 1_800_001);
    assert_eq!(f.cookieless_users_per_amount_1h, 1);
}

#[test]
fn a_few_accounts_sending_to_one_mailbox_from_one_network_are_a_household() {
    let st = state();
    let h = KeyHasher::new();
    let s = LinkageSettings {
        household_users_per_mailbox: Some(3),
        ..on()
    };
    let order = |u: &str, network: u128, t: u64| {
        let o = LinkageInput {
            user: h.hash_str(IdKind::User, u),
            network,
            email: Some("mum@x.org"),
            cookieless: false,
            client: 7,
            amount: Some((500, "USD")),
            ..Default::default()
        };
        observe(&st, &h, &o, &s, true, t)
    };
    // A parent and two children, every order from the home line: a household.
    let mut last = LinkageFacts::default();
    for (i, u) in ["mum", "kid1", "kid2"].iter().enumerate() {
        last = order(u, 1, NOW + i as u64);
    }
    assert_eq!(
        (last.users_per_mailbox_24h, last.networks_per_mailbox_24h),
        (3, 1)
    );
    assert!(reasons(&last, &s).is_empty(), "{last:?}");
    // Without the exemption configured it is a shared mailbox.
    assert_eq!(reasons(&last, &on()), ["shared_mailbox"]);
    // A fourth account is more than a household, even from the same line.
    let fourth = order("kid3", 1, NOW + 10);
    assert_eq!(reasons(&fourth, &s), ["shared_mailbox"]);
    // Three accounts from two networks are not one home.
    let st2 = state();
    let mut last = LinkageFacts::default();
    for (i, (u, net)) in [("m1", 1), ("m2", 2), ("m3", 2)].iter().enumerate() {
        let o = LinkageInput {
            user: h.hash_str(IdKind::User, u),
            network: *net,
            email: Some("keys7@gmail.com"),
            cookieless: false,
            client: 7,
            amount: Some((500, "USD")),
            ..Default::default()
        };
        last = observe(&st2, &h, &o, &s, true, NOW + i as u64);
    }
    assert_eq!(last.networks_per_mailbox_24h, 2);
    assert_eq!(reasons(&last, &s), ["shared_mailbox"]);
    // A line logged before networks were counted (0) is judged as before.
    let old = LinkageFacts {
        users_per_mailbox_24h: 3,
        ..LinkageFacts::default()
    };
    assert_eq!(reasons(&old, &s), ["shared_mailbox"]);
}

fn spread_on() -> LinkageSettings {
    LinkageSettings {
        account_spread: Some(3),
        small_amount_spread: Some(SmallAmountSpread {
            accounts: 4,
            max_usd: 15,
        }),
        ..Default::default()
    }
}

#[test]
fn account_spread_reviews_three_devices_on_three_networks_only() {
    let s = spread_on();
    let f = |devices, networks| LinkageFacts {
        devices_per_user_1h: devices,
        networks_per_user_1h: networks,
        ..Default::default()
    };
    assert_eq!(reasons(&f(3, 3), &s), ["account_spread"]);
    assert_eq!(reasons(&f(6, 4), &s), ["account_spread"]);
    // A new phone (two devices), a traveller (one device, many networks), a family's
    // devices on the home line (one network): none of them.
    for (d, n) in [(2, 3), (1, 5), (5, 1), (3, 2)] {
        assert!(
            reasons(&f(d, n), &s).is_empty(),
            "{d} devices, {n} networks"
        );
    }
    assert!(reasons(&f(6, 6), &LinkageSettings::default()).is_empty());
    assert!(evaluate(&f(6, 6), &s)
        .iter()
        .all(|h| h.action == RuleAction::Review));
}

#[test]
fn account_spread_counts_cookie_independent_devices_and_networks_per_account_within_an_hour() {
    let st = state();
    let h = KeyHasher::new();
    let o = |user: &str, device: Option<u128>, network: u128| LinkageInput {
        user: h.hash_str(IdKind::User, user),
        network,
        device,
        ..Default::default()
    };
    // A privacy browser that drops its cookie at every session keeps its key: one device
    // however many cookies and networks (a VPN that rotates).
    let privacy = device_key(&h, None, Some(0xabc));
    for (i, net) in [1u128, 2, 3, 4].into_iter().enumerate() {
        let f = observe(
            &st,
            &h,
            &o("p", privacy, net),
            &spread_on(),
            true,
            NOW + i as u64,
        );
        assert_eq!(
            (f.devices_per_user_1h, f.networks_per_user_1h),
            (1, i as u32 + 1)
        );
        assert!(reasons(&f, &spread_on()).is_empty());
    }
    // One login worked from three anti-detect profiles on three residential proxies.
    let mut last = LinkageFacts::default();
    for (i, (beacon, net)) in [(11u64, 21u128), (12, 22), (13, 23)]
        .into_iter()
        .enumerate()
    {
        let key = device_key(&h, Some(beacon), Some(0xabc));
        last = observe(
            &st,
            &h,
            &o("victim", key, net),
            &spread_on(),
            true,
            NOW + i as u64 * 600_000,
        );
    }
    assert_eq!(
        (last.devices_per_user_1h, last.networks_per_user_1h),
        (3, 3)
    );
    assert_eq!(reasons(&last, &spread_on()), ["account_spread"]);
    // A read (a refused order) does not add; an hour later the first device has aged out.
    let read = observe(
        &st,
        &h,
        &o("victim", device_key(&h, Some(14), None), 24),
        &spread_on(),
        false,
        NOW + 1_300_000,
    );
    assert_eq!(
        (read.devices_per_user_1h, read.networks_per_user_1h),
        (3, 3)
    );
    let later = observe(
        &st,
        &h,
        &o("victim", device_key(&h, Some(13), None), 23),
        &spread_on(),
        true,
        NOW + 3_700_000,
    );
    assert_eq!(
        (later.devices_per_user_1h, later.networks_per_user_1h),
        (2, 2)
    );
    // Off: nothing counted.
    let off = observe(
        &st,
        &h,
        &o("x", privacy, 1),
        &LinkageSettings::default(),
        true,
        NOW,
    );
    assert!(off.is_empty());
}

#[test]
fn device_key_prefers_the_beacon_and_keeps_the_two_kinds_apart() {
    let h = KeyHasher::new();
    assert_eq!(device_key(&h, None, None), None);
    assert_eq!(
        device_key(&h, Some(5), Some(9)),
        device_key(&h, Some(5), None)
    );
    assert_ne!(device_key(&h, Some(5), None), device_key(&h, None, Some(5)));
}

#[test]
fn small_amount_spread_counts_new_device_accounts_at_one_small_amount_within_20_minutes() {
    let st = state();
    let h = KeyHasher::new();
    let o = |user: &str, cookieless: bool, minor: i64, usd: f64| LinkageInput {
        user: h.hash_str(IdKind::User, user),
        cookieless,
        // The tester viewed a page first: page views do not exempt this count.
        client: 7,
        amount: Some((minor, "GBP")),
        amount_usd: Some(usd),
        ..Default::default()
    };
    super::record_page(&st, 7, NOW);
    // Buyers whose device has history never count; neither do amounts above the cap.
    for u in ["h1", "h2", "h3", "h4"] {
        assert_eq!(
            observe(&st, &h, &o(u, false, 1000, 12.7), &spread_on(), true, NOW)
                .small_amount_users_20m,
            0
        );
        assert_eq!(
            observe(&st, &h, &o(u, true, 2000, 25.4), &spread_on(), true, NOW)
                .small_amount_users_20m,
            0
        );
    }
    let mut last = LinkageFacts::default();
    for (i, u) in ["t1", "t2", "t3", "t4"].iter().enumerate() {
        last = observe(
            &st,
            &h,
            &o(u, true, 1000, 12.7),
            &spread_on(),
            true,
            NOW + i as u64 * 120_000,
        );
        if i < 3 {
            assert!(reasons(&last, &spread_on()).is_empty(), "{i}");
        }
    }
    assert_eq!(last.small_amount_users_20m, 4);
    assert_eq!(reasons(&last, &spread_on()), ["small_amount_spread"]);
    // The same account again is not another account; 20 minutes on, the first has aged out.
    let again = observe(
        &st,
        &h,
        &o("t4", true, 1000, 12.7),
        &spread_on(),
        true,
        NOW + 400_000,
    );
    assert_eq!(again.small_amount_users_20m, 4);
    let later = observe(
        &st,
        &h,
        &o("t5", true, 1000, 12.7),
        &spread_on(),
        true,
        NOW + 1_250_000,
    );
    assert_eq!(later.small_amount_users_20m, 4, "t1 aged out, t5 in");
}

#[test]
fn repeat_spend_counts_an_accounts_high_orders_in_the_hour_only_when_on() {
    let st = state();
    let h = KeyHasher::new();
    let s = LinkageSettings {
        repeat_spend: Some(crate::config::RepeatSpend {
            min_usd: 100,
            device_secs: 3600,
        }),
        ..Default::default()
    };
    let o = |user: &str, usd: f64| LinkageInput {
        user: h.hash_str(IdKind::User, user),
        email: Some("buyer@example.com"),
        amount: Some(((usd * 100.0) as i64, "USD")),
        amount_usd: Some(usd),
        ..Default::default()
    };
    let f = observe(&st, &h, &o("a", 20.0), &s, true, NOW);
    assert_eq!(
        (
            f.orders_per_user_1h,
            f.mailboxes_per_user_1h,
            f.high_orders_per_user_1h
        ),
        (1, 1, 0),
        "a small order is counted, not as a high one"
    );
    let f = observe(&st, &h, &o("a", 250.0), &s, true, NOW + 60_000);
    assert_eq!((f.orders_per_user_1h, f.high_orders_per_user_1h), (2, 1));
    // A refused order only reads.
    let f = observe(&st, &h, &o("a", 250.0), &s, false, NOW + 90_000);
    assert_eq!((f.orders_per_user_1h, f.high_orders_per_user_1h), (2, 1));
    let f = observe(&st, &h, &o("a", 300.0), &s, true, NOW + 120_000);
    assert_eq!((f.orders_per_user_1h, f.high_orders_per_user_1h), (3, 2));
    // Another account has its own counts; an hour after the first high order it is gone.
    assert_eq!(
        observe(&st, &h, &o("b", 300.0), &s, true, NOW).high_orders_per_user_1h,
        1
    );
    let f = observe(&st, &h, &o("a", 300.0), &s, true, NOW + 3_600_000 + 61_000);
    assert_eq!(
        f.high_orders_per_user_1h, 2,
        "the 300 USD order and this one"
    );
    // Off (gift on alone): the orders are counted, the high ones not.
    let gift_only = LinkageSettings {
        gift: Some(crate::config::GiftSettings {
            max_orders: 6,
            min_usd: 10,
            min_device_secs: 300,
        }),
        ..Default::default()
    };
    let f = observe(&st, &h, &o("c", 300.0), &gift_only, true, NOW);
    assert_eq!((f.orders_per_user_1h, f.high_orders_per_user_1h), (1, 0));
}
