//! Behaviour tests of [`ChannelSet`]: scoring, elimination, exploration, failover,
//! weights, in-flight load and snapshots. Everything runs on explicit `now`/`roll` values,
//! so each count is exact. The circuit breaker and active health are tested in
//! `circuit.rs`, the traffic simulation in `sim.rs`.

mod circuit;
mod sim;

use super::*;
use std::num::NonZeroU32;

pub(super) const MS: u64 = 1_000_000;
pub(super) const S: u64 = 1_000 * MS;
/// A roll that never explores (unless `exploration` is 1).
pub(super) const NO_ROLL: u64 = u64::MAX;

pub(super) fn ok(ms: u64) -> Outcome {
    Outcome::Success {
        latency: Duration::from_millis(ms),
    }
}

pub(super) fn params(edit: impl FnOnce(&mut SelectorParams)) -> SelectorParams {
    let mut p = SelectorParams {
        exploration: 0.0,
        ..SelectorParams::default()
    };
    edit(&mut p);
    p
}

pub(super) fn set_of(names: &[&str], p: SelectorParams) -> ChannelSet {
    let chans: Vec<(&str, u32)> = names.iter().map(|n| (*n, 1)).collect();
    ChannelSet::new(&chans, p).expect("valid test set")
}

/// Reports an outcome for channel `i` as if it had been picked as the best.
pub(super) fn feed(set: &ChannelSet, i: usize, outcome: Outcome, now: u64) {
    let pick = Pick {
        index: i,
        why: Why::Best,
    };
    set.record(pick, outcome, now);
}

/// The first-attempt pick at `now` with a non-exploring roll, handed straight back.
pub(super) fn pick(set: &ChannelSet, now: u64) -> Option<Pick> {
    let p = set.select(now, NO_ROLL, &[])?;
    set.abandon(p, now);
    Some(p)
}

pub(super) fn best(set: &ChannelSet, now: u64) -> Option<usize> {
    pick(set, now).map(|p| p.index())
}

#[test]
fn fastest_channel_wins() {
    let cases: [(&[u64], usize); 4] = [
        (&[20, 60, 40], 0),
        (&[60, 20, 40], 1),
        (&[50, 50, 10], 2),
        (&[101, 100, 102], 1),
    ];
    for (latencies, want) in cases {
        let set = set_of(&["a", "b", "c"], params(|_| {}));
        for (i, ms) in latencies.iter().enumerate() {
            feed(&set, i, ok(*ms), S);
        }
        assert_eq!(best(&set, S), Some(want), "latencies {latencies:?}");
    }
}

#[test]
fn unmeasured_channels_are_tried_first_through_the_optimistic_prior() {
    let set = set_of(&["a", "b", "c"], params(|_| {}));
    let mut order = Vec::new();
    for t in 1..=4 {
        let p = set.select(t * S, NO_ROLL, &[]).expect("a channel");
        order.push(p.index());
        set.record(p, ok(150), t * S + 150 * MS);
    }
    assert_eq!(
        order,
        [0, 1, 2, 0],
        "each 100 ms prior beats a measured 150 ms"
    );
}

#[test]
fn a_slowing_channel_loses_the_best_position_after_one_sample() {
    let set = set_of(&["a", "b"], params(|_| {}));
    for t in 0..50 {
        feed(&set, 0, ok(20), t * 100 * MS);
        feed(&set, 1, ok(40), t * 100 * MS);
    }
    assert_eq!(best(&set, 5 * S), Some(0));
    feed(&set, 0, ok(320), 5 * S);
    assert_eq!(best(&set, 5 * S), Some(1), "one +300 ms sample is a peak");
}

#[test]
fn a_peak_raises_the_cost_at_once_and_decays_over_tau() {
    let set = set_of(&["a", "b"], params(|_| {}));
    feed(&set, 0, ok(20), 0);
    feed(&set, 1, ok(100), 0);
    feed(&set, 0, ok(500), 1);
    let ewma = |set: &ChannelSet| set.snapshot(0)[0].ewma_latency.as_secs_f64() * 1e3;
    assert!((ewma(&set) - 500.0).abs() < 1e-6);
    // 20 ms samples every second: cost(t) = 20 + 480·e^(-t/10 s), below b's 100 ms once
    // e^(-t/10 s) < 1/6, i.e. after 17.9 s.
    for sec in 1..=25u64 {
        feed(&set, 0, ok(20), sec * S + 1);
        let want = 20.0 + 480.0 * (-(sec as f64) / 10.0).exp();
        assert!(
            (ewma(&set) - want).abs() < 1e-3,
            "at {sec}s: {}",
            ewma(&set)
        );
        let want_best = if sec <= 17 { 1 } else { 0 };
        assert_eq!(best(&set, sec * S + 2), Some(want_best), "at {sec}s");
    }
}

#[test]
fn failures_lower_the_rate_and_eliminate_below_the_threshold() {
    // (successes, failures, eliminated, best); rate = (s + 1.9) / (n + 2), threshold 0.35
    // after 20 outcomes. "fast" answers in 5 ms, "slow" in 100 ms without failures.
    let cases = [
        (6, 14, false, 0), // 7.9/22 = 0.359: 5 ms / 0.359² = 39 ms beats 100 ms
        (5, 15, true, 1),  // 6.9/22 = 0.314
        (0, 19, false, 1), // too few outcomes to eliminate, but 1.9/21 scores 611 ms
        (0, 20, true, 1),
        (200, 0, false, 0),
        (60, 140, true, 1), // 61.9/202 = 0.306: would score 53 ms, eliminated instead
        (80, 120, false, 0), // 81.9/202 = 0.405
    ];
    for (succ, fail, want, want_best) in cases {
        let p = params(|p| p.eject_after = NonZeroU32::MAX);
        let set = set_of(&["fast", "slow"], p);
        feed(&set, 1, ok(100), 0);
        let n = succ + fail;
        for k in 0..n {
            // Spread the failures evenly through the window.
            let outcome = if k * fail / n.max(1) != (k + 1) * fail / n.max(1) {
                Outcome::Failure
            } else {
                ok(5)
            };
            feed(&set, 0, outcome, k * MS);
        }
        let snap = &set.snapshot(S)[0];
        let rate = (succ as f64 + 1.9) / (n as f64 + 2.0);
        assert_eq!(snap.samples, n as u32);
        assert!((snap.success_rate - rate).abs() < 1e-12, "{succ}/{n}");
        assert_eq!(snap.eliminated, want, "{succ} ok, {fail} failed");
        assert_eq!(best(&set, S), Some(want_best), "{succ} ok, {fail} failed");
    }
}

#[test]
fn every_eligible_channel_eliminated_still_returns_the_best_of_them() {
    let set = set_of(&["a", "b"], params(|p| p.eject_after = NonZeroU32::MAX));
    for k in 0..40 {
        let (a, b) = if k % 4 == 0 {
            (ok(30), ok(10))
        } else {
            (Outcome::Failure, Outcome::Failure)
        };
        feed(&set, 0, a, k * MS);
        feed(&set, 1, b, k * MS);
    }
    assert!(set.snapshot(S).iter().all(|c| c.eliminated));
    let p = pick(&set, S).expect("degrades rather than refusing");
    assert_eq!((p.index(), p.why()), (1, Why::Degraded));
}

/// Rolls at the midpoints of `n` equal slices of the u64 range: exactly
/// `exploration · n` of them fall below the exploration threshold.
pub(super) fn even_roll(i: u64, n: u64) -> u64 {
    (((2 * i as u128 + 1) << 63) / n as u128) as u64
}

#[test]
fn exploration_takes_its_exact_share_round_robin_over_non_best() {
    // (exploration, explored of 10 000 first attempts)
    for (share, want) in [(0.05, 500u64), (0.0, 0), (0.2, 2_000), (1.0, 10_000)] {
        let set = set_of(&["a", "b", "c"], params(|p| p.exploration = share));
        for (i, ms) in [20, 60, 40].into_iter().enumerate() {
            feed(&set, i, ok(ms), 0);
        }
        let n = 10_000;
        let mut explored = 0;
        for i in 0..n {
            let now = S + i;
            let p = set.select(now, even_roll(i, n), &[]).expect("a channel");
            if p.why() == Why::Explore {
                explored += 1;
                assert_ne!(p.index(), 0, "exploration never picks the best");
            }
            set.abandon(p, now);
        }
        assert_eq!(explored, want, "exploration {share}");
        let sel: Vec<u64> = set.snapshot(S).iter().map(|c| c.selections).collect();
        assert_eq!(
            sel,
            [n - want, want / 2, want / 2],
            "least recently picked first"
        );
    }
}

#[test]
fn a_single_channel_never_explores_and_retries_never_explore_or_probe() {
    let set = set_of(&["only"], params(|p| p.exploration = 1.0));
    assert_eq!(pick(&set, 0).map(|p| p.why()), Some(Why::Best));
    let set = set_of(&["a", "b", "c"], params(|p| p.exploration = 1.0));
    let p = set.select(0, 0, &[2]).expect("a channel");
    assert_eq!((p.index(), p.why()), (0, Why::Best));
}

#[test]
fn tried_channels_are_never_returned() {
    let cases: [(&[usize], Option<usize>); 6] = [
        (&[], Some(0)),
        (&[0], Some(2)),
        (&[0, 2], Some(1)),
        (&[2, 0, 1], None),
        (&[1], Some(0)),
        (&[9, 0], Some(2)), // unknown indexes are ignored
    ];
    let set = set_of(&["a", "b", "c"], params(|p| p.exploration = 0.5));
    for (i, ms) in [20, 60, 40].into_iter().enumerate() {
        feed(&set, i, ok(ms), 0);
    }
    for (tried, want) in cases {
        for r in 0..64 {
            let p = set.select(S, even_roll(r, 64), tried);
            if let Some(p) = p {
                set.abandon(p, S);
                assert!(!tried.contains(&p.index()), "tried {tried:?} got {p:?}");
            }
            if !tried.is_empty() {
                assert_eq!(p.map(|p| p.index()), want, "tried {tried:?}");
            }
        }
    }
}

#[test]
fn weights_bias_the_choice() {
    // (latency a, weight a, latency b, weight b, winner)
    let cases = [
        (50, 1, 50, 3, 1),
        (50, 3, 50, 1, 0),
        (50, 1, 120, 3, 1), // 120/3 = 40 < 50
        (50, 1, 200, 3, 0), // 200/3 = 67 > 50
        (50, 2, 90, 1, 0),  // 25 < 90
    ];
    for (la, wa, lb, wb, want) in cases {
        let set = ChannelSet::new(&[("a", wa), ("b", wb)], params(|_| {})).expect("valid");
        feed(&set, 0, ok(la), 0);
        feed(&set, 1, ok(lb), 0);
        assert_eq!(best(&set, S), Some(want), "{la}ms×{wa} vs {lb}ms×{wb}");
    }
}

#[test]
fn in_flight_attempts_spread_concurrent_load() {
    let set = set_of(&["a", "b"], params(|_| {}));
    feed(&set, 0, ok(20), 0);
    feed(&set, 1, ok(30), 0);
    // Scores: a = 20·(n+1), b = 30·(m+1). Picks without answers: a, b, a, a, b, …
    let mut got = Vec::new();
    let mut held = Vec::new();
    for _ in 0..5 {
        let p = set.select(S, NO_ROLL, &[]).expect("a channel");
        got.push(p.index());
        held.push(p);
    }
    assert_eq!(got, [0, 1, 0, 0, 1]);
    assert_eq!(set.snapshot(S)[0].in_flight, 3);
    for p in held {
        set.record(p, ok(25), S);
    }
    assert!(set.snapshot(S).iter().all(|c| c.in_flight == 0));
}

#[test]
fn snapshot_reports_every_value() {
    let set = ChannelSet::new(&[("a", 2), ("b", 1)], params(|_| {})).expect("valid");
    for k in 0..3 {
        let p = set.select(k * S, NO_ROLL, &[]).expect("a channel");
        set.record(p, ok(40), k * S + 1);
    }
    feed(&set, 1, Outcome::Failure, 4 * S);
    let snap = set.snapshot(5 * S);
    let a = &snap[0];
    assert_eq!(
        (a.name.as_str(), a.weight, a.healthy, a.circuit),
        ("a", 2, true, Circuit::Closed)
    );
    assert_eq!(a.ewma_latency, Duration::from_millis(40));
    assert!((a.success_rate - 4.9 / 5.0).abs() < 1e-12);
    assert_eq!((a.samples, a.eliminated, a.in_flight), (3, false, 0));
    assert_eq!((a.selections, a.ejections, a.share), (3, 0, 1.0));
    let b = &snap[1];
    assert_eq!(
        b.ewma_latency,
        Duration::from_millis(100),
        "still the prior"
    );
    assert!((b.success_rate - 1.9 / 3.0).abs() < 1e-12);
    assert_eq!((b.samples, b.selections, b.share), (1, 0, 0.0));
    assert_eq!(set.name(1), Some("b"));
    assert_eq!(
        (set.name(2), set.index_of("a"), set.index_of("z")),
        (None, Some(0), None)
    );
    assert_eq!((set.len(), set.is_empty()), (2, false));
}

#[test]
fn new_refuses_bad_channel_lists() {
    let p = SelectorParams::default;
    type Case<'a> = (&'a [(&'a str, u32)], SelectorParams, ChannelError);
    let cases: [Case; 5] = [
        (&[], p(), ChannelError::Empty),
        (
            &[("a", 1), ("", 1)],
            p(),
            ChannelError::EmptyName { index: 1 },
        ),
        (
            &[("a", 1), ("b", 1), ("a", 2)],
            p(),
            ChannelError::Duplicate { name: "a".into() },
        ),
        (
            &[("a", 0)],
            p(),
            ChannelError::ZeroWeight { name: "a".into() },
        ),
        (
            &[("a", 1)],
            SelectorParams {
                exploration: 2.0,
                ..p()
            },
            ChannelError::Param {
                field: "exploration",
                reason: "must be between 0 and 1",
            },
        ),
    ];
    for (chans, params, want) in cases {
        assert_eq!(
            ChannelSet::new(chans, params).err(),
            Some(want.clone()),
            "{want}"
        );
    }
}

#[test]
fn concurrent_use_keeps_counts_consistent() {
    fn shared<T: Send + Sync>(_: &T) {}
    let set = set_of(&["a", "b", "c"], SelectorParams::default());
    shared(&set);
    let picks: u64 = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..4u64)
            .map(|t| {
                let set = &set;
                scope.spawn(move || {
                    let mut picks = 0;
                    for i in 0..5_000u64 {
                        let now = i * MS;
                        let roll = (t * 5_000 + i).wrapping_mul(0x9e37_79b9_7f4a_7c15);
                        if let Some(p) = set.select(now, roll, &[]) {
                            picks += 1;
                            let outcome = if i % 7 == 0 {
                                Outcome::Failure
                            } else {
                                ok(10 + t)
                            };
                            set.record(p, outcome, now + MS);
                        }
                    }
                    picks
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().expect("worker")).sum()
    });
    assert!(picks > 15_000, "channels mostly available: {picks}");
    let snap = set.snapshot(0);
    assert_eq!(snap.iter().map(|c| c.selections).sum::<u64>(), picks);
    assert!(snap.iter().all(|c| c.in_flight == 0));
}
