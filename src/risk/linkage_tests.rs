use super::*;
use crate::state::{MemoryState, MemoryStateConfig};
use std::num::NonZeroU64;

fn on() -> LinkageSettings {
    LinkageSettings {
        max_users_per_mailbox: Some(2),
        household_users_per_mailbox: None,
        cookieless_spread: Some(3),
        gift: None,
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
        ..LinkageFacts::default()
    };
    assert!(reasons(&quiet, &s).is_empty());
    let loud = LinkageFacts {
        users_per_mailbox_24h: 3,
        networks_per_mailbox_24h: 2,
        cookieless_users_per_amount_1h: 3,
        ..LinkageFacts::default()
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
