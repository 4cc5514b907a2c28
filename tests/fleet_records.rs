//! Velocity/signal records on a real `redis-server` (record layout 2: one hash per
//! identity, see `src/state/fleet_script.rs`): the counts Redis answers are the
//! in-process store's for the same writes at the same times (ring counters sliding out
//! of their window, distinct sets expiring per member and keeping the newest 32), all
//! fields of one identity live in one key, and that key's TTL covers its longest window
//! and is never lowered by a shorter one.

mod fleet_support;

use fleet_support::RedisServer;
use riskgate::state::{
    FleetAnswer, FleetOp, MemoryState, MemoryStateConfig, RecordOp, RedisSettings, RedisState,
    Scope, StateBackend, StateKey, Window,
};
use std::num::NonZeroU64;
use std::time::Duration;

/// 2023-11-14 02:46 UTC: the runs below end before midnight.
const T0: u64 = 1_699_930_000_000;
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
    // day: the run crosses no midnight), members of set 2 (10 min) cycling through 50
    // (more than the 32 kept), members of set 3 (1 h) cycling through 7.
    let mut checked = 0;
    for i in 0..270u64 {
        let now = T0 + i * 20_000;
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
    // All of the identity's fields are one hash: one key, no layout-1 keys.
    assert_eq!(
        redis.keys("rg:*"),
        vec!["rg:v2:vel:{00000000000000000000000000000abc}".to_string()]
    );
    // One hash field per record field; set 2 keeps at most the newest 32 members and
    // stale ring slots are dropped (entries counted by Redis' own MessagePack decoder).
    let k = "rg:v2:vel:{00000000000000000000000000000abc}";
    let mut c = redis.conn();
    let mut fields: Vec<String> = redis::cmd("HKEYS").arg(k).query(&mut c).unwrap();
    fields.sort();
    assert_eq!(fields, ["c2.0", "c2.1", "m2.2", "m2.3"]);
    let entries = |f: &str| -> u64 {
        redis::cmd("EVAL")
            .arg(
                "local n = 0 for _ in pairs(cmsgpack.unpack(redis.call('HGET', KEYS[1], ARGV[1]))) do n = n + 1 end return n",
            )
            .arg(1)
            .arg(k)
            .arg(f)
            .query(&mut redis.conn())
            .unwrap()
    };
    assert!(entries("m2.2") <= 32);
    assert_eq!(entries("m2.3"), 7);
    assert!(entries("c2.0") <= 12);
    assert_eq!(entries("c2.1"), 1);
}

#[test]
fn a_record_key_expires_after_its_longest_window_and_a_short_write_keeps_it() {
    let redis = RedisServer::start();
    let s = state(&redis);
    let rt = rt();
    let key = StateKey::new(Scope::Velocity, 3, 7);
    let k = "rg:v2:vel:{00000000000000000000000000000007}";
    let pttl = || -> i64 {
        redis::cmd("PTTL")
            .arg(k)
            .query(&mut redis.conn())
            .expect("PTTL")
    };
    let write = |op: RecordOp| {
        rt.block_on(s.run(&[FleetOp::Write { key, op }], T0))
            .expect("write");
    };
    // A read creates nothing.
    rt.block_on(s.run(
        &[FleetOp::Read {
            key,
            op: RecordOp::Get {
                field: 0,
                window: short(),
            },
        }],
        T0,
    ))
    .expect("read");
    assert_eq!(pttl(), -2, "a read created the key");
    write(RecordOp::AddDistinct {
        field: 1,
        member: 5,
        window: long(),
    });
    let after_long = pttl();
    assert!(
        after_long > 3_590_000 && after_long <= 3_600_000,
        "{after_long}"
    );
    // A write with a shorter window keeps the longer TTL.
    write(RecordOp::Incr {
        field: 0,
        window: short(),
    });
    let after_short = pttl();
    assert!(after_short > 3_590_000, "{after_short}");
}

#[test]
fn two_records_of_one_identity_share_its_hash_and_keep_their_fields_apart() {
    let redis = RedisServer::start();
    let s = state(&redis);
    let rt = rt();
    // Velocity's user record (tag 3) and the signals' user record (tag 33) of one user.
    let (velocity, signals) = (
        StateKey::new(Scope::Velocity, 3, 42),
        StateKey::new(Scope::Velocity, 33, 42),
    );
    let incr = RecordOp::Incr {
        field: 0,
        window: short(),
    };
    let get = RecordOp::Get {
        field: 0,
        window: short(),
    };
    let ops = [
        FleetOp::Write {
            key: velocity,
            op: incr,
        },
        FleetOp::Write {
            key: velocity,
            op: incr,
        },
        FleetOp::Write {
            key: signals,
            op: incr,
        },
    ];
    rt.block_on(s.run(&ops, T0)).expect("writes");
    let reads = [
        FleetOp::Read {
            key: velocity,
            op: get,
        },
        FleetOp::Read {
            key: signals,
            op: get,
        },
    ];
    let answers = rt.block_on(s.run(&reads, T0 + 1)).expect("reads");
    let counts: Vec<u64> = answers
        .iter()
        .map(|a| match a {
            FleetAnswer::Field { count, .. } => *count,
            other => panic!("not a field answer: {other:?}"),
        })
        .collect();
    assert_eq!(counts, vec![2, 1]);
    assert_eq!(
        redis.keys("rg:*"),
        vec!["rg:v2:vel:{0000000000000000000000000000002a}".to_string()]
    );
}
