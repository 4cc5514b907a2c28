//! `shared_device` (rule) and `shared_fingerprint` (signal) are one piece of evidence
//! towards `block_min_signals`.

use super::*;

fn settings() -> SignalSettings {
    SignalSettings {
        max_users_per_fingerprint: Some(3),
        fingerprint_min_networks: 2,
        block_min_signals: Some(3),
        tz_mismatch_min_usd: Some(100.0),
        established_days: 7,
        ..SignalSettings::default()
    }
}

fn review(r: Reason) -> RuleHit {
    RuleHit {
        reason: r,
        action: RuleAction::Review,
    }
}

#[test]
fn shared_device_and_shared_fingerprint_count_once() {
    let s = settings();
    let f = SignalFacts {
        users_per_fingerprint_24h: 8,
        networks_per_fingerprint_24h: 3,
        tz_mismatch: true,
        beacon: true,
        device_age_secs: Some(60),
        amount_usd: Some(300.0),
        ..SignalFacts::default()
    };
    let combined = |hits: &[RuleHit]| {
        evaluate_after_rules(&f, &s, hits)
            .iter()
            .any(|h| h.reason == SIGNALS_COMBINED)
    };
    // shared_fingerprint + tz_mismatch + shared_device: sharing twice is one piece → two
    // pieces, no block.
    assert!(!combined(&[review(Reason::SharedDevice)]));
    // A third independent piece (a rule other than sharing) blocks.
    assert!(combined(&[
        review(Reason::SharedDevice),
        review(Reason::HostingAsn)
    ]));
    assert!(combined(&[review(Reason::HostingAsn)]));
    // Without the fingerprint signal, shared_device counts as its own piece.
    let quiet = SignalFacts {
        users_per_fingerprint_24h: 1,
        ..f
    };
    let hits = evaluate_after_rules(
        &quiet,
        &s,
        &[review(Reason::SharedDevice), review(Reason::HostingAsn)],
    );
    assert_eq!(
        hits.iter().map(|h| h.reason).collect::<Vec<_>>(),
        [TZ_MISMATCH, SIGNALS_COMBINED]
    );
}
