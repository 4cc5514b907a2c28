//! A small deterministic traffic simulation through [`ChannelSet`]: three channels with
//! fixed latencies, one of which fails for a while and then recovers. It checks the
//! behaviour the parts only promise together: dominance of the fastest channel, the
//! exploration trickle, failover, ejection, probing and the return of traffic.

use super::{ok, MS};
use crate::routing::channel::*;

/// Requests arrive every 100 ms, longer than any simulated latency, so each request's
/// outcomes are recorded before the next one selects.
const GAP: u64 = 100 * MS;
const LATENCY_MS: [u64; 3] = [20, 60, 40];

/// The first attempt's pick and the channel that finally served the request.
struct Served {
    first: Pick,
    by: Option<usize>,
}

struct Sim {
    set: ChannelSet,
    now: u64,
    rng: u64,
    /// Channel 0 answers with failures while this is set.
    broken: bool,
}

impl Sim {
    fn new() -> Self {
        let chans = [("fast", 1), ("slow", 1), ("mid", 1)];
        Sim {
            set: ChannelSet::new(&chans, SelectorParams::default()).expect("valid sim set"),
            now: 0,
            rng: 42,
            broken: false,
        }
    }

    /// splitmix64: a fixed, dependency-free stream of rolls.
    fn roll(&mut self) -> u64 {
        self.rng = self.rng.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.rng;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Runs one payment request with failover; never uses a channel twice.
    fn request(&mut self) -> Served {
        self.now += GAP;
        let mut tried = Vec::new();
        let mut first = None;
        let mut by = None;
        let mut at = self.now;
        let roll = self.roll();
        while let Some(p) = self.set.select(at, roll, &tried) {
            assert!(!tried.contains(&p.index()), "channel used twice");
            first.get_or_insert(p);
            tried.push(p.index());
            let outcome = if p.index() == 0 && self.broken {
                Outcome::Failure
            } else {
                ok(LATENCY_MS[p.index()])
            };
            at += 5 * MS;
            self.set.record(p, outcome, at);
            if matches!(outcome, Outcome::Success { .. }) {
                by = Some(p.index());
                break;
            }
        }
        Served {
            first: first.expect("some channel is always eligible in this simulation"),
            by,
        }
    }
}

#[test]
fn traffic_follows_the_fastest_channel_and_shifts_when_it_fails() {
    let mut sim = Sim::new();

    // Phase 1: 2 000 healthy requests. The 20 ms channel takes the best position; the
    // others only see the exploration trickle (5 %), split between them.
    let mut firsts = [0u32; 3];
    for _ in 0..2_000 {
        let s = sim.request();
        firsts[s.first.index()] += 1;
        assert_eq!(s.by, Some(s.first.index()));
    }
    assert!(firsts[0] > 1_850, "20 ms channel dominates: {firsts:?}");
    assert!(
        firsts[1] > 20 && firsts[2] > 20,
        "others stay measured: {firsts:?}"
    );
    let snap = sim.set.snapshot(sim.now);
    assert!(snap[0].share > 0.92, "share {}", snap[0].share);
    assert_eq!(snap[0].ewma_latency, Duration::from_millis(20));

    // Phase 2: the fast channel starts failing. Its own failures are retried on the next
    // best channel (never on itself), and after `eject_after` = 5 consecutive failures it
    // is ejected: traffic shifts to the 40 ms channel, not the 60 ms one.
    sim.broken = true;
    let mut failed_on_fast = 0;
    let mut after = Vec::new();
    for _ in 0..30 {
        let s = sim.request();
        assert!(
            s.by.is_some(),
            "every request is still served through failover"
        );
        if s.by != Some(0) && s.first.index() == 0 {
            failed_on_fast += 1;
        }
        if failed_on_fast >= 5 && s.first.index() != 0 {
            after.push((s.first.index(), s.first.why()));
        }
    }
    assert_eq!(
        failed_on_fast, 6,
        "5 to eject, then one failed probe after 1 s"
    );
    let best_after: Vec<usize> = after
        .iter()
        .filter(|(_, why)| *why == Why::Best)
        .map(|(i, _)| *i)
        .collect();
    assert!(best_after.len() > 20, "{after:?}");
    assert!(
        best_after.iter().all(|i| *i == 2),
        "40 ms channel is best: {after:?}"
    );
    let fast = &sim.set.snapshot(sim.now)[0];
    assert_eq!((fast.ejections, fast.samples), (2, 200));

    // Phase 3: the fast channel recovers. The next probe (after the doubled 2 s backoff)
    // succeeds, which closes the circuit, and the very next request goes back to it.
    sim.broken = false;
    let mut seq = Vec::new();
    for _ in 0..30 {
        let s = sim.request();
        seq.push((s.first.index(), s.first.why()));
    }
    let probe_at = seq
        .iter()
        .position(|p| *p == (0, Why::Probe))
        .expect("the recovered channel is probed");
    let next_best = seq[probe_at + 1..]
        .iter()
        .find(|(_, why)| *why == Why::Best)
        .expect("a best pick after the probe");
    assert_eq!(next_best.0, 0, "traffic returns at once: {seq:?}");
}
