//! Velocity/signal records on a real `redis-server` (see `src/state/fleet_script.rs`):
//! the counts Redis answers are the in-process store's for the same writes at the same
//! times (ring counters sliding out of their window, a calendar-day counter, distinct
//! sets expiring per member and keeping the newest 32), so an edge scores alike whether
//! Redis or its own fallback answers.

mod common;
mod fleet_support;

use fleet_support::RedisServer;
use riskgate::state::{
    FleetAnswer, FleetOp, FleetReply, Gated, MemoryState, MemoryStateConfig, Rate, RecordOp,
    RedisSettings, RedisState, Scope, StateBackend, StateKey, TokenOutcome, Window,
};
use std::num::{NonZeroU32, NonZeroU64};
use std::time::Duration;

/// The test's start: now, since a day counter expires at the end of its day on Redis'
/// own clock (the run may cross midnight: both stores then start a new day).
fn t0() -> u64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock");
    u64::try_from(now.as_millis()).expect("ms")
}
const MIN: u64 = 60_000;

fn state(redis: &RedisServer) -> RedisState {
    RedisState::new(&RedisSettings {
        nodes: vec![redis.url()],
        cluster: false,
        key_prefix: "rg:".into(),
        timeout: Duration::from_secs(5),
        breaker_failures: 100,
        breaker_backoff: Duration::from_secs(1),
    })
    .expect("state")
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

fn short() -> Window {
    Window::sliding(Duration::from_secs(600))
}
fn long() -> Window {
    Window::sliding(Duration::from_secs(3600))
}

/// The reads of every field of the test record (counters 0 and 1, distinct sets 2 and 3).
fn reads() -> [RecordOp; 4] {
    [
        RecordOp::Get {
            field: 0,
            window: short(),
        },
        RecordOp::Get {
            field: 1,
            window: Window::calendar_day(0),
        },
        RecordOp::CountDistinct {
            field: 2,
            window: short(),
        },
        RecordOp::CountDistinct {
            field: 3,
            window: long(),
        },
    ]
}

/// Redis' counts for `ops` (reads) on `key` at `now`.
fn redis_counts(rt: &tokio::runtime::Runtime, s: &RedisState, key: StateKey, now: u64) -> Vec<u64> {
    let ops: Vec<FleetOp> = reads()
        .iter()
        .map(|&op| FleetOp::Read { key, op })
        .collect();
    let answers = rt.block_on(s.run(&ops, now)).expect("redis answers");
    answers
        .iter()
        .map(|a| match a {
            FleetAnswer::Field { count, .. } => *count,
            other => panic!("not a field answer: {other:?}"),
        })
        .collect()
}

fn memory_counts(m: &MemoryState, key: StateKey, now: u64) -> Vec<u64> {
    let mut out = [0u64; 4];
    m.record(key, &reads(), now, &mut out);
    out.to_vec()
}

#[test]
fn redis_records_count_as_the_in_process_store_does() {
    let redis = RedisServer::start();
    let s = state(&redis);
    let rt = rt();
    let m = MemoryState::new(MemoryStateConfig {
        max_entries: NonZeroU64::new(1000).unwrap(),
    });
    let key = StateKey::new(Scope::Velocity, 2, 0xabc);
    // Events every 20 s for 90 minutes: counter 0 (10 min ring), counter 1 (a calendar
    // day), members of set 2 (10 min) cycling through 50
    // (more than the 32 kept), members of set 3 (1 h) cycling through 7.
    let mut checked = 0;
    let t0 = t0();
    for i in 0..270u64 {
        let now = t0 + i * 20_000;
        let writes = [
            RecordOp::Incr {
                field: 0,
                window: short(),
            },
            RecordOp::Incr {
                field: 1,
                window: Window::calendar_day(0),
            },
            RecordOp::AddDistinct {
                field: 2,
                member: i % 50,
                window: short(),
            },
            RecordOp::AddDistinct {
                field: 3,
                member: i % 7,
                window: long(),
            },
        ];
        // Every few events, a pause longer than the short window's slot.
        let now = now + (i / 40) * 7 * MIN;
        let ops: Vec<FleetOp> = writes
            .iter()
            .map(|&op| FleetOp::Write { key, op })
            .collect();
        let answers = rt.block_on(s.run(&ops, now)).expect("redis writes");
        let mut out = [0u64; 4];
        m.record(key, &writes, now, &mut out);
        let got: Vec<u64> = answers
            .iter()
            .map(|a| match a {
                FleetAnswer::Field { count, .. } => *count,
                other => panic!("not a field answer: {other:?}"),
            })
            .collect();
        assert_eq!(got, out.to_vec(), "write answers at event {i}");
        // Read between events too: after one slot, and after the short window.
        for later in [now + 1, now + 55_000, now + 11 * MIN] {
            assert_eq!(
                redis_counts(&rt, &s, key, later),
                memory_counts(&m, key, later),
                "reads {} ms after event {i}",
                later - now
            );
            checked += 1;
        }
    }
    assert!(checked > 800);
}

/// An order's writes ride its read call (`RedisState::run_gated`): Redis applies them
/// after every read, exactly when each rate take was allowed and each purchase count is
/// below its gate, and the reads answer the counts before them, as the in-process store
/// does for a passing order's reads and then its writes.
#[test]
fn gated_writes_are_applied_after_the_reads_only_when_every_limit_passes() {
    let redis = RedisServer::start();
    let s = state(&redis);
    let rt = rt();
    let m = MemoryState::new(MemoryStateConfig {
        max_entries: NonZeroU64::new(1000).unwrap(),
    });
    let key = StateKey::new(Scope::Velocity, 2, 0xdef);
    let bucket = StateKey::new(Scope::RateLimit, 1, 0xdef);
    let bought = StateKey::new(Scope::Purchase, 1, 0xdef);
    let day = Window::calendar_day(0);
    let writes = [
        RecordOp::Incr {
            field: 0,
            window: short(),
        },
        RecordOp::Incr {
            field: 1,
            window: Window::calendar_day(0),
        },
        RecordOp::AddDistinct {
            field: 2,
            member: 7,
            window: short(),
        },
    ];
    // The plan: one take (one per minute, burst 1), one purchase count (gate 2), the
    // record's reads; the record's writes gated on both.
    let mut ops = vec![
        FleetOp::Take {
            key: bucket,
            rate: Rate::new(NonZeroU32::new(1).unwrap(), Duration::from_secs(60)).unwrap(),
            burst: NonZeroU32::new(1).unwrap(),
        },
        FleetOp::Count {
            key: bought,
            window: day,
        },
    ];
    ops.extend(reads().iter().map(|&op| FleetOp::Read { key, op }));
    let gated = Gated {
        gates: vec![1, 2, 0, 0, 0, 0],
        writes: writes
            .iter()
            .map(|&op| FleetOp::Write { key, op })
            .collect(),
    };
    let t0 = t0();
    let run = |now| {
        rt.block_on(s.run_gated(&ops, Some(&gated), now))
            .expect("redis answers")
    };
    let counts = |r: &FleetReply| -> Vec<u64> {
        r.answers[2..]
            .iter()
            .map(|a| match a {
                FleetAnswer::Field { count, .. } => *count,
                other => panic!("not a field answer: {other:?}"),
            })
            .collect()
    };
    // 1: passes; reads answer the counts before its writes.
    let r = run(t0);
    assert!(r.applied, "a passing order's writes");
    assert_eq!(counts(&r), memory_counts(&m, key, t0));
    m.record(key, &writes, t0, &mut [0; 3]);
    // 2: a second later the take is refused: nothing is written.
    let r = run(t0 + 1_000);
    assert!(
        matches!(
            r.answers[0],
            FleetAnswer::Token(TokenOutcome::Limited { .. })
        ),
        "{r:?}"
    );
    assert!(!r.applied, "a rate-limited order's writes");
    assert_eq!(counts(&r), memory_counts(&m, key, t0 + 1_000));
    // 3: a minute later the take is allowed again: written.
    let r = run(t0 + MIN);
    assert!(r.applied);
    assert_eq!(counts(&r), memory_counts(&m, key, t0 + MIN));
    m.record(key, &writes, t0 + MIN, &mut [0; 3]);
    // 4: two purchases counted: the count reaches its gate, nothing is written.
    let add = [FleetOp::Add {
        key: bought,
        window: day,
    }];
    rt.block_on(s.run(&add, t0 + MIN)).expect("add");
    rt.block_on(s.run(&add, t0 + MIN)).expect("add");
    let r = run(t0 + 2 * MIN);
    assert_eq!(r.answers[1], FleetAnswer::Count(2));
    assert!(!r.applied, "an order over its purchase limit");
    // The take of that refused order was still counted (as today), and the record holds
    // exactly the two passing orders' writes.
    assert_eq!(
        redis_counts(&rt, &s, key, t0 + 2 * MIN),
        memory_counts(&m, key, t0 + 2 * MIN)
    );
    assert_eq!(memory_counts(&m, key, t0 + 2 * MIN)[0], 2);
}
