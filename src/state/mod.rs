//! Shared state for the guards: the `StateBackend` trait, its in-process implementation
//! ([`MemoryState`]), typed keys and the [`Clock`].
//!
//! Owns *where* counters, token buckets, distinct sets and first-seen markers live and how
//! they expire. It does not know what they mean (that is `limits`) and it holds no lists
//! (those are files, see `lists`).
//!
//! # Operations
//! Six operations cover rate limits, purchase limits, velocity and callback dedupe; each
//! takes a typed [`StateKey`] and an explicit `now_ms` (from a [`Clock`]):
//! - [`StateBackend::incr_window`] / [`StateBackend::get_window`]: event counts in a sliding
//!   or fixed [`Window`];
//! - [`StateBackend::add_distinct`] / [`StateBackend::count_distinct`]: distinct members in a
//!   window, exact up to [`DISTINCT_CAP`] then saturating;
//! - [`StateBackend::take_token`]: a GCRA token bucket;
//! - [`StateBackend::claim_once`]: first-seen-within-TTL (dedupe);
//! - [`StateBackend::record`]: several counters and distinct sets of one identity, read
//!   and updated in one call (one lookup, or one round trip for a shared backend).
//!
//! # Why the trait is synchronous, and how Redis fits
//! The in-process backend answers in well under a microsecond, so the trait is plain sync
//! methods: no boxed futures on every request for the default deployment, and the guards
//! can be called from any pingora phase. The fleet backend ([`RedisState`], `[state]
//! backend = "redis"`) is deliberately *not* behind this trait: a fleet-wide limit is only
//! exact if Redis answers before the order goes through, so it is async. The guards build
//! the same typed [`StateKey`]s (with the fleet-wide [`KeyHasher::stable`]) and hand one
//! order's rate-limit takes, purchase counts and velocity/signal reads to
//! [`RedisState::run`] as a list of [`FleetOp`]s: one `EVALSHA` (see `fleet_script.rs`),
//! bounded by `timeout`, behind a circuit breaker. Velocity and the signals keep using
//! this trait: in fleet mode their store is [`FleetRecords`], which captures their record
//! calls as reads and replays them with Redis' answers (see `tape.rs`). When Redis cannot
//! answer, the guard's `on_error` policy decides, and `local` falls back to this process's
//! `MemoryState`. Keys render as `rg:{scope}:{tag}:{{id}}` (see `fleet.rs`).

mod clock;
mod fleet;
mod fleet_cluster;
mod fleet_script;
mod key;
mod memory;
mod record;
mod tape;
mod window;

// Fleet mode: callback claims and the paid journal (callbacks::fleet uses them).
mod fleet_callbacks;

pub use clock::{set_process_clock, Clock, ClockStart, ClockStartError, ManualClock, SystemClock};
pub use fleet::{
    Breaker, FleetAnswer, FleetOp, FleetReply, Gated, JournalEntry, RedisSettings, RedisState,
    StateFault,
};
pub use fleet_callbacks::{CallbackClaims, Claim, ClaimOutcome, PaidJournal, CLAIM_LEASE};
pub use key::{ip_id, parse_device_hex, IdKind, KeyHasher, Scope, StateKey};
pub use memory::{MemoryState, MemoryStateConfig};
pub use record::{Record, RecordOp};
pub use tape::{Captured, FleetRecords, Replay};
pub use window::{
    bucket_idle, gcra, DistinctSet, Rate, TokenOutcome, Window, WindowCounter, DISTINCT_CAP,
    RING_SLOTS,
};

use std::num::NonZeroU32;
use std::time::Duration;

/// A store of windowed counters, distinct sets, token buckets and first-seen markers.
///
/// Implementations must be safe to call from many threads at once with no lost updates on a
/// key, must bound their memory, and may forget a key whose state has returned to "fresh"
/// (or, under capacity pressure, any key: forgetting is a reset, never a wrong count).
pub trait StateBackend: Send + Sync {
    /// Counts one event for `key` at `now_ms`; returns the count in `window` including it.
    fn incr_window(&self, key: StateKey, window: Window, now_ms: u64) -> u64;

    /// Returns the count for `key` in `window` at `now_ms` without counting (0 if unknown).
    fn get_window(&self, key: StateKey, window: Window, now_ms: u64) -> u64;

    /// Records `member` (a 64-bit hash) for `key` at `now_ms`; returns how many distinct
    /// members were seen in `window` including it, saturating at [`DISTINCT_CAP`].
    fn add_distinct(&self, key: StateKey, member: u64, window: Window, now_ms: u64) -> u64;

    /// Returns the distinct-member count for `key` in `window` at `now_ms` without adding.
    fn count_distinct(&self, key: StateKey, window: Window, now_ms: u64) -> u64;

    /// Takes one token from the bucket `key` refilling at `rate` and holding at most `burst`
    /// tokens; a fresh bucket is full. Limited takes change nothing.
    fn take_token(&self, key: StateKey, rate: Rate, burst: NonZeroU32, now_ms: u64)
        -> TokenOutcome;

    /// Returns true the first time `key` is claimed within `ttl`, false while a previous
    /// claim is still live (dedupe). In memory this is best effort under capacity pressure
    /// (an evicted claim can be claimed again), so give dedupe its own backend instance.
    fn claim_once(&self, key: StateKey, ttl: Duration, now_ms: u64) -> bool;

    /// Applies `ops` to the fields of the record `key` at `now_ms`, in order and atomically
    /// with respect to other calls on the same record, writing result `i` to `out[i]`
    /// (0 for reads of unknown fields). A call made only of reads creates nothing.
    fn record(&self, key: StateKey, ops: &[RecordOp], now_ms: u64, out: &mut [u64]);

    /// `branch(true)`: whether the caller's next [`StateBackend::record`] calls happen
    /// depends on the answers of its earlier ones (it branches on them), until
    /// `branch(false)`. Nothing for a store that answers at once; fleet mode, which sends
    /// an order's writes in the same Redis call as its reads ([`FleetRecords::capture`]),
    /// keeps the writes in between until the answers are known.
    fn branch(&self, _depends: bool) {}
}
