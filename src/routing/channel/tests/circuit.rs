//! Circuit-breaker and active-health behaviour of [`ChannelSet`]: ejection after a
//! failure run, the single half-open probe, doubled and capped backoff, lost probes, and
//! channels marked down by active checks.

use super::{best, even_roll, feed, ok, params, pick, set_of, MS, NO_ROLL, S};
use crate::routing::channel::*;

#[test]
fn the_circuit_opens_after_consecutive_failures_and_admits_one_probe() {
    let set = set_of(&["a", "b"], params(|_| {}));
    for _ in 0..50 {
        feed(&set, 0, ok(20), 0);
    }
    feed(&set, 1, ok(40), 0);
    for k in 1..=4 {
        feed(&set, 0, Outcome::Failure, k * MS);
    }
    feed(&set, 0, ok(20), 5 * MS);
    for k in 6..=9 {
        feed(&set, 0, Outcome::Failure, k * MS);
    }
    assert_eq!(
        set.snapshot(10 * MS)[0].circuit,
        Circuit::Closed,
        "4 in a row after a success"
    );
    assert_eq!(best(&set, 10 * MS), Some(0));
    let timeout = Outcome::Timeout {
        after: Duration::from_secs(2),
    };
    feed(&set, 0, timeout, 10 * MS);
    let snap = &set.snapshot(10 * MS)[0];
    assert_eq!(
        snap.circuit,
        Circuit::Open {
            retry_in: Duration::from_secs(1)
        }
    );
    assert_eq!(
        (snap.ejections, snap.ewma_latency),
        (1, Duration::from_secs(2))
    );
    assert_eq!(
        best(&set, 500 * MS),
        Some(1),
        "ejected channels are skipped"
    );

    let t = S + 10 * MS;
    assert_eq!(set.select(t, 0, &[1]), None, "a retry never probes");
    let probe = set.select(t, NO_ROLL, &[]).expect("a channel");
    assert_eq!((probe.index(), probe.why()), (0, Why::Probe));
    assert_eq!(
        set.snapshot(t)[0].circuit,
        Circuit::HalfOpen { probing: true }
    );
    for r in [0, NO_ROLL] {
        let p = set.select(t, r, &[]).expect("a channel");
        assert_eq!(p.index(), 1, "only one probe while it is out");
        set.abandon(p, t);
    }
    // A stale answer from before the ejection decides nothing.
    feed(&set, 0, ok(20), t);
    assert_eq!(
        set.snapshot(t)[0].circuit,
        Circuit::HalfOpen { probing: true }
    );
    set.record(probe, ok(20), t + 20 * MS);
    assert_eq!(set.snapshot(t)[0].circuit, Circuit::Closed);
}

#[test]
fn failed_probes_reopen_with_doubled_backoff_up_to_the_cap() {
    let set = set_of(&["a", "b"], params(|_| {}));
    let mut now = 0;
    for k in 0..5 {
        feed(&set, 0, Outcome::Failure, k);
    }
    let mut open_for = Vec::new();
    for _ in 0..7 {
        let Circuit::Open { retry_in } = set.snapshot(now)[0].circuit else {
            panic!("expected open at {now}");
        };
        open_for.push(retry_in.as_secs());
        now += retry_in.as_nanos() as u64;
        assert_eq!(
            pick(&set, now - 1).map(|p| p.index()),
            Some(1),
            "open until the end"
        );
        let probe = set.select(now, NO_ROLL, &[]).expect("the probe");
        assert_eq!((probe.index(), probe.why()), (0, Why::Probe));
        set.record(probe, Outcome::Failure, now);
    }
    assert_eq!(open_for, [1, 2, 4, 8, 16, 30, 30]);
    now += 30 * S;
    let probe = set.select(now, NO_ROLL, &[]).expect("the probe");
    set.record(probe, ok(20), now);
    for k in 1..=5 {
        feed(&set, 0, Outcome::Failure, now + k);
    }
    let retry = set.snapshot(now + 5)[0].circuit;
    assert_eq!(
        retry,
        Circuit::Open {
            retry_in: Duration::from_secs(1)
        },
        "reset by success"
    );
    assert_eq!(set.snapshot(now)[0].ejections, 9);
}

#[test]
fn an_abandoned_or_lost_probe_lets_the_next_request_probe() {
    let set = set_of(&["a", "b"], params(|_| {}));
    for k in 0..5 {
        feed(&set, 0, Outcome::Failure, k);
    }
    let probe = set.select(2 * S, NO_ROLL, &[]).expect("probe");
    assert_eq!(probe.why(), Why::Probe);
    set.abandon(probe, 2 * S);
    let again = set.select(2 * S, NO_ROLL, &[]).expect("probe again");
    assert_eq!((again.index(), again.why()), (0, Why::Probe));
    // Never answered: after eject_max (30 s) it is presumed lost.
    assert_eq!(best(&set, 31 * S), Some(1));
    let third = set.select(32 * S, NO_ROLL, &[]).expect("a channel");
    assert_eq!((third.index(), third.why()), (0, Why::Probe));
}

#[test]
fn active_down_channels_are_never_selected() {
    let set = set_of(&["a", "b", "c"], params(|p| p.exploration = 0.5));
    for (i, ms) in [20, 60, 40].into_iter().enumerate() {
        feed(&set, i, ok(ms), 0);
    }
    for k in 0..5 {
        feed(&set, 2, Outcome::Failure, k); // c ejected; half-open from 1 s
    }
    set.set_active_health(0, false);
    set.set_active_health(2, false);
    for r in 0..100 {
        let p = set.select(2 * S, even_roll(r, 100), &[]).expect("b is up");
        set.abandon(p, 2 * S);
        assert_eq!(
            p.index(),
            1,
            "neither best, explore nor probe reaches a down channel"
        );
    }
    set.set_active_health(1, false);
    assert_eq!(set.select(2 * S, 0, &[]), None);
    assert!(!set.snapshot(0)[1].healthy);
    set.set_active_health(0, true);
    set.set_active_health(7, true); // ignored
    assert_eq!(best(&set, 2 * S), Some(0));
}
