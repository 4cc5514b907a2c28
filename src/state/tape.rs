//! [`FleetRecords`]: the velocity and signal stores in fleet mode. Velocity
//! (`limits::Velocity`) and the account signals (`risk::signals::SignalTracker`) stay
//! synchronous [`StateBackend`] users; this backend lets their unchanged code run three
//! ways on one order so their Redis work rides in the order's one round trip:
//!
//! 1. [`FleetRecords::capture`]: before the round trip, their record calls are written
//!    down as [`FleetOp::Read`]s (nothing is stored, every answer is 0), and the writes
//!    of the calls they make whatever the answers (all calls outside a
//!    [`StateBackend::branch`]) as [`FleetOp::Write`]s;
//! 2. the guards send those reads with the limits (one `EVALSHA`), and those writes in
//!    the same call, applied by the script after the reads when the order passes its
//!    limits (the "gated" writes: `crate::guards` builds the gates);
//! 3. [`FleetRecords::replay`]: after it, the same code runs again and each record call
//!    is answered from Redis (a read returns Redis' count; an `Incr` that count + 1; an
//!    `AddDistinct` that count + 1 unless Redis already had the member), while the calls
//!    also update this edge's in-process store (the `on_error = "local"` fallback) and
//!    their writes are collected as [`FleetOp::Write`]s; those the script did not apply
//!    already (`Gated::left`: inside a branch, or on a cluster) are sent in the
//!    background.
//!
//! Outside a capture or replay (Redis down, callbacks through [`FleetRecords::writes`],
//! sweeps) every call goes to the in-process store. The mode is a thread-local set and
//! cleared around a synchronous closure, so it never spans an await.

use super::fleet::{FleetAnswer, FleetOp};
use super::memory::MemoryState;
use super::record::RecordOp;
use super::window::{Rate, TokenOutcome, Window, DISTINCT_CAP};
use super::{StateBackend, StateKey};
use std::cell::RefCell;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

/// Redis' answers to one order's captured reads, consumed by [`FleetRecords::replay`].
#[derive(Debug, Default)]
pub struct Replay {
    reads: Vec<FleetOp>,
    answers: Vec<FleetAnswer>,
    used: Vec<bool>,
}

impl Replay {
    /// Pairs the captured `reads` with Redis' `answers` (same order).
    pub fn new(reads: Vec<FleetOp>, answers: Vec<FleetAnswer>) -> Self {
        let used = vec![false; reads.len()];
        Replay {
            reads,
            answers,
            used,
        }
    }

    /// Redis' count and membership for `key`'s `field`, once per captured read.
    fn take(&mut self, key: StateKey, field: u8) -> Option<(u64, bool)> {
        let i = self.reads.iter().zip(&self.used).position(|(r, used)| {
            !used && matches!(r, FleetOp::Read { key: k, op } if *k == key && op.field() == field)
        })?;
        self.used[i] = true;
        match self.answers.get(i)? {
            FleetAnswer::Field { count, member } => Some((*count, *member)),
            _ => None,
        }
    }
}

/// What [`FleetRecords::capture`] wrote down.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Captured {
    /// Every record call's operations, as reads (in call order).
    pub reads: Vec<FleetOp>,
    /// The writes of the calls made outside a [`StateBackend::branch`]: a replay that
    /// runs the same code makes them whatever Redis answers.
    pub writes: Vec<FleetOp>,
}

enum Tape {
    Off,
    /// The capture, and whether the calls depend on answers (inside a branch).
    Capture(Captured, bool),
    Replay(Replay, Vec<FleetOp>),
    Writes(Vec<FleetOp>),
}

thread_local! {
    static TAPE: RefCell<Tape> = const { RefCell::new(Tape::Off) };
}

/// Puts the tape back to `Off` even if the closure panics.
struct Rewind;

impl Drop for Rewind {
    fn drop(&mut self) {
        TAPE.with(|t| *t.borrow_mut() = Tape::Off);
    }
}

fn with_tape<R>(tape: Tape, f: impl FnOnce() -> R) -> (R, Tape) {
    TAPE.with(|t| *t.borrow_mut() = tape);
    let rewind = Rewind;
    let r = f();
    let tape = TAPE.with(|t| std::mem::replace(&mut *t.borrow_mut(), Tape::Off));
    drop(rewind);
    (r, tape)
}

/// The in-process store of velocity and signals, able to capture and replay (see the
/// module docs).
pub struct FleetRecords {
    local: Arc<MemoryState>,
}

impl FleetRecords {
    /// Wraps this edge's in-process store.
    pub fn new(local: Arc<MemoryState>) -> Self {
        FleetRecords { local }
    }

    /// Runs `f` with every record call written down as a Redis read, and the writes of
    /// those outside a branch as Redis writes.
    pub fn capture<R>(f: impl FnOnce() -> R) -> (R, Captured) {
        match with_tape(Tape::Capture(Captured::default(), false), f) {
            (r, Tape::Capture(c, _)) => (r, c),
            (r, _) => (r, Captured::default()),
        }
    }

    /// Runs `f` with record calls answered from `replay` (and applied locally); returns
    /// the writes to send to Redis.
    pub fn replay<R>(replay: &mut Replay, f: impl FnOnce() -> R) -> (R, Vec<FleetOp>) {
        let tape = Tape::Replay(std::mem::take(replay), Vec::new());
        match with_tape(tape, f) {
            (r, Tape::Replay(back, writes)) => {
                *replay = back;
                (r, writes)
            }
            (r, _) => (r, Vec::new()),
        }
    }

    /// Runs `f` on the local store and returns its writes to send to Redis.
    pub fn writes<R>(f: impl FnOnce() -> R) -> (R, Vec<FleetOp>) {
        match with_tape(Tape::Writes(Vec::new()), f) {
            (r, Tape::Writes(ops)) => (r, ops),
            (r, _) => (r, Vec::new()),
        }
    }
}

fn push_writes(writes: &mut Vec<FleetOp>, key: StateKey, ops: &[RecordOp]) {
    for op in ops.iter().filter(|op| !op.is_read()) {
        writes.push(FleetOp::Write { key, op: *op });
    }
}

impl StateBackend for FleetRecords {
    fn incr_window(&self, key: StateKey, window: Window, now_ms: u64) -> u64 {
        self.local.incr_window(key, window, now_ms)
    }

    fn get_window(&self, key: StateKey, window: Window, now_ms: u64) -> u64 {
        self.local.get_window(key, window, now_ms)
    }

    fn add_distinct(&self, key: StateKey, member: u64, window: Window, now_ms: u64) -> u64 {
        self.local.add_distinct(key, member, window, now_ms)
    }

    fn count_distinct(&self, key: StateKey, window: Window, now_ms: u64) -> u64 {
        self.local.count_distinct(key, window, now_ms)
    }

    fn take_token(
        &self,
        key: StateKey,
        rate: Rate,
        burst: NonZeroU32,
        now_ms: u64,
    ) -> TokenOutcome {
        self.local.take_token(key, rate, burst, now_ms)
    }

    fn claim_once(&self, key: StateKey, ttl: Duration, now_ms: u64) -> bool {
        self.local.claim_once(key, ttl, now_ms)
    }

    fn record(&self, key: StateKey, ops: &[RecordOp], now_ms: u64, out: &mut [u64]) {
        TAPE.with(|t| {
            let mut tape = t.borrow_mut();
            match &mut *tape {
                Tape::Off => self.local.record(key, ops, now_ms, out),
                Tape::Capture(c, branched) => {
                    c.reads
                        .extend(ops.iter().map(|op| FleetOp::Read { key, op: *op }));
                    if !*branched {
                        push_writes(&mut c.writes, key, ops);
                    }
                    out.iter_mut().for_each(|o| *o = 0);
                }
                Tape::Writes(writes) => {
                    self.local.record(key, ops, now_ms, out);
                    push_writes(writes, key, ops);
                }
                Tape::Replay(replay, writes) => {
                    // The local store keeps counting (the fallback); Redis' answer wins.
                    self.local.record(key, ops, now_ms, out);
                    for (op, o) in ops.iter().zip(out.iter_mut()) {
                        let Some((count, member)) = replay.take(key, op.field()) else {
                            continue;
                        };
                        *o = match op {
                            RecordOp::Get { .. } | RecordOp::CountDistinct { .. } => count,
                            RecordOp::Incr { .. } => count.saturating_add(1),
                            RecordOp::AddDistinct { .. } if member => count,
                            RecordOp::AddDistinct { .. } => {
                                count.saturating_add(1).min(DISTINCT_CAP as u64)
                            }
                        };
                    }
                    push_writes(writes, key, ops);
                }
            }
        });
    }

    fn branch(&self, depends: bool) {
        TAPE.with(|t| {
            if let Tape::Capture(_, branched) = &mut *t.borrow_mut() {
                *branched = depends;
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{MemoryStateConfig, Scope};
    use std::num::NonZeroU64;

    fn store() -> FleetRecords {
        FleetRecords::new(Arc::new(MemoryState::new(MemoryStateConfig {
            max_entries: NonZeroU64::new(100).unwrap(),
        })))
    }

    #[test]
    fn capture_writes_reads_down_and_replay_answers_from_redis() {
        let s = store();
        let key = StateKey::new(Scope::Velocity, 3, 9);
        let w = Window::sliding(Duration::from_secs(60));
        let ops = [
            RecordOp::Incr {
                field: 0,
                window: w,
            },
            RecordOp::AddDistinct {
                field: 1,
                member: 7,
                window: w,
            },
            RecordOp::AddDistinct {
                field: 2,
                member: 8,
                window: w,
            },
        ];
        let mut out = [9u64; 3];
        let ((), captured) = FleetRecords::capture(|| s.record(key, &ops, 1000, &mut out));
        assert_eq!(out, [0, 0, 0]);
        let reads = captured.reads;
        assert_eq!(reads.len(), 3);
        // Redis: 4 events; 2 members without ours; 3 members with ours.
        let answers = vec![
            FleetAnswer::Field {
                count: 4,
                member: false,
            },
            FleetAnswer::Field {
                count: 2,
                member: false,
            },
            FleetAnswer::Field {
                count: 3,
                member: true,
            },
        ];
        let mut replay = Replay::new(reads, answers);
        let ((), writes) = FleetRecords::replay(&mut replay, || {
            s.record(key, &ops, 1000, &mut out);
        });
        assert_eq!(out, [5, 3, 3]);
        assert_eq!(writes.len(), 3);
        // The local store counted too (the fallback).
        s.record(key, &ops, 1001, &mut out);
        assert_eq!(out, [2, 1, 1]);
    }

    #[test]
    fn writes_inside_a_branch_are_read_but_not_captured_as_writes() {
        let s = store();
        let w = Window::sliding(Duration::from_secs(60));
        let key = |id| StateKey::new(Scope::Velocity, 3, id);
        let incr = [RecordOp::Incr {
            field: 0,
            window: w,
        }];
        let ((), captured) = FleetRecords::capture(|| {
            s.record(key(1), &incr, 1000, &mut [0]);
            s.branch(true);
            s.record(key(2), &incr, 1000, &mut [0]);
            s.branch(false);
            s.record(key(3), &incr, 1000, &mut [0]);
        });
        assert_eq!(captured.reads.len(), 3);
        let writes: Vec<FleetOp> = [1, 3]
            .map(|id| FleetOp::Write {
                key: key(id),
                op: incr[0],
            })
            .to_vec();
        assert_eq!(captured.writes, writes, "the branch's write is left out");
        // Outside a capture a branch changes nothing.
        s.branch(true);
        let ((), more) = FleetRecords::writes(|| s.record(key(2), &incr, 1000, &mut [0]));
        assert_eq!(more.len(), 1);
    }
}
