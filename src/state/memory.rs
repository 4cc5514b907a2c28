//! `MemoryState`: the in-process state backend, a bounded, sharded map of small per-key
//! structures.
//!
//! Owns memory bounds and physical expiry. Logical expiry (what a count *is* at `now`) lives
//! in the pure structures of `window.rs` and depends only on the `now` passed in, so tests
//! with a `ManualClock` are deterministic. The map only reclaims memory: every entry has an
//! idle TTL equal to the time after which its state is indistinguishable from no state (a
//! window's length, a bucket's full-refill time), and the map holds at most `max_entries`
//! keys. When a shard is full, an expired entry is dropped, else the least recently used of
//! a small sample (sampled LRU, as Redis does). Forgetting a key early is therefore a reset
//! to "fresh", never a wrong count.
//!
//! Why not moka: moka runs its housekeeping inline on the calling thread every few dozen
//! operations, which put a 10–25 µs tail on 1 % of requests (measured in
//! `benches/client_intel.rs`); a request-path store needs every call to cost the same.
//!
//! Concurrency: 64 shards, each a `Mutex<HashMap>` held only to find or insert a key's
//! `Arc<Entry>`; updates to a structure are a compare-and-swap (buckets, claims) or a short
//! uncontended `Mutex` (counters, sets) outside the shard lock. The only way to lose an
//! update is an eviction between the lookup and the update, which happens only under
//! capacity pressure and equals an early reset.

use super::record::{Record, RecordOp};
use super::window::{bucket_idle, gcra, DistinctSet, Rate, TokenOutcome, Window, WindowCounter};
use super::{StateBackend, StateKey};
use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::num::{NonZeroU32, NonZeroU64};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// Shards of the map: enough that 2–16 worker threads rarely meet on one lock.
const SHARDS: usize = 64;
/// Entries examined to pick an eviction victim when a shard is full.
const EVICTION_SAMPLE: usize = 8;

/// Longest idle TTL any entry gets, so a bucket with a tiny rate cannot pin memory for weeks.
const MAX_IDLE: Duration = Duration::from_secs(7 * 86_400);
const MAX_IDLE_MS: u64 = 7 * 86_400_000;

/// Settings of the in-process backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryStateConfig {
    /// Most keys held at once; beyond it the least valuable keys are evicted (reset).
    /// A bucket or counter key costs ~150 bytes; the largest entry, a velocity device record
    /// with two full distinct sets, ~1.3 KB, so worst-case memory is `max_entries` × 1.3 KB.
    pub max_entries: NonZeroU64,
}

enum Slot {
    Bucket(AtomicU64),
    Counter(Mutex<WindowCounter>),
    Distinct(Mutex<DistinctSet>),
    Claim(AtomicU64),
    Record(Mutex<Record>),
}

struct Entry {
    /// Idle TTL in milliseconds; a record raises it when a call uses a longer window.
    idle_ms: AtomicU64,
    /// Clock time (ms) of the last use; drives idle expiry and LRU sampling.
    touched_ms: AtomicU64,
    /// The window a counter or set was built for (immutable, so checked without locking).
    window: Option<Window>,
    slot: Slot,
}

impl Entry {
    fn new(idle: Duration, window: Option<Window>, slot: Slot) -> Self {
        let idle = idle.clamp(Duration::from_secs(1), MAX_IDLE);
        Entry {
            idle_ms: AtomicU64::new(u64::try_from(idle.as_millis()).unwrap_or(u64::MAX)),
            touched_ms: AtomicU64::new(0),
            window,
            slot,
        }
    }

    /// True when the entry has been idle longer than its TTL at `now_ms`.
    fn expired(&self, now_ms: u64) -> bool {
        let touched = self.touched_ms.load(Ordering::Relaxed);
        now_ms.saturating_sub(touched) > self.idle_ms.load(Ordering::Relaxed)
    }
}

/// One lock-protected part of the map.
type Shard = Mutex<HashMap<StateKey, Arc<Entry>>>;

/// The default, in-process state backend (one per process; cheap to share behind `Arc`).
pub struct MemoryState {
    shards: Box<[Shard]>,
    /// Keys one shard may hold (`max_entries / SHARDS`, at least 1).
    per_shard: usize,
    /// Keyed hasher choosing the shard (random per process: clients choose IPs).
    hasher: RandomState,
    /// Newest `now_ms` seen, for sweeps that are not given a time.
    latest_ms: AtomicU64,
}

impl std::fmt::Debug for MemoryState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemoryState")
            .field("entries", &self.entry_count())
            .finish()
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // The guarded values are plain counters that are valid after any partial update.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn window_idle(w: Window) -> Duration {
    Duration::from_millis(w.len_ms())
}

impl MemoryState {
    /// Builds the backend; called once at start (and again only if `max_entries` changes).
    pub fn new(cfg: MemoryStateConfig) -> Self {
        let max = usize::try_from(cfg.max_entries.get()).unwrap_or(usize::MAX);
        MemoryState {
            shards: (0..SHARDS).map(|_| Mutex::new(HashMap::new())).collect(),
            per_shard: (max / SHARDS).max(1),
            hasher: RandomState::new(),
            latest_ms: AtomicU64::new(0),
        }
    }

    /// Returns the number of keys held; exported as a gauge.
    pub fn entry_count(&self) -> u64 {
        self.shards.iter().map(|s| lock(s).len() as u64).sum()
    }

    /// Drops every idle-expired entry now (expired entries are otherwise dropped when
    /// their shard needs room). Called periodically by the server's housekeeping.
    pub fn run_pending_tasks(&self) {
        let now = self.latest_ms.load(Ordering::Relaxed);
        for shard in self.shards.iter() {
            lock(shard).retain(|_, e| !e.expired(now));
        }
    }

    fn shard(&self, key: &StateKey) -> &Shard {
        let h = self.hasher.hash_one(key) as usize;
        &self.shards[h % SHARDS]
    }

    /// Returns the live entry of `key`, if any, and marks it used.
    fn get(&self, key: &StateKey, now_ms: u64) -> Option<Arc<Entry>> {
        let e = lock(self.shard(key)).get(key).cloned()?;
        if e.expired(now_ms) {
            return None;
        }
        e.touched_ms.fetch_max(now_ms, Ordering::Relaxed);
        Some(e)
    }

    /// Returns the key's entry, creating it with `make` when absent, expired or of another
    /// kind (a config change), evicting to stay within the bound.
    fn entry(
        &self,
        key: StateKey,
        now_ms: u64,
        make: impl Fn() -> Entry,
        fits: impl Fn(&Entry) -> bool,
    ) -> Arc<Entry> {
        self.latest_ms.fetch_max(now_ms, Ordering::Relaxed);
        let mut shard = lock(self.shard(&key));
        if let Some(e) = shard.get(&key) {
            if fits(e) && !e.expired(now_ms) {
                e.touched_ms.fetch_max(now_ms, Ordering::Relaxed);
                return e.clone();
            }
        } else if shard.len() >= self.per_shard {
            evict_one(&mut shard, now_ms);
        }
        let fresh = Arc::new(make());
        fresh.touched_ms.store(now_ms, Ordering::Relaxed);
        shard.insert(key, fresh.clone());
        fresh
    }

    fn counter_entry(&self, key: StateKey, window: Window, now_ms: u64) -> Arc<Entry> {
        self.entry(
            key,
            now_ms,
            || {
                let counter = WindowCounter::new(window);
                Entry::new(
                    window_idle(window),
                    Some(window),
                    Slot::Counter(Mutex::new(counter)),
                )
            },
            |e| matches!(e.slot, Slot::Counter(_)) && e.window == Some(window),
        )
    }

    fn distinct_entry(&self, key: StateKey, window: Window, now_ms: u64) -> Arc<Entry> {
        self.entry(
            key,
            now_ms,
            || {
                let set = DistinctSet::new(window);
                Entry::new(
                    window_idle(window),
                    Some(window),
                    Slot::Distinct(Mutex::new(set)),
                )
            },
            |e| matches!(e.slot, Slot::Distinct(_)) && e.window == Some(window),
        )
    }
}

/// Makes room in a full shard: an expired entry if the sample has one, else the least
/// recently used of the sample.
fn evict_one(shard: &mut HashMap<StateKey, Arc<Entry>>, now_ms: u64) {
    let mut victim: Option<(StateKey, u64)> = None;
    for (k, e) in shard.iter().take(EVICTION_SAMPLE) {
        if e.expired(now_ms) {
            victim = Some((*k, 0));
            break;
        }
        let t = e.touched_ms.load(Ordering::Relaxed);
        if victim.is_none_or(|(_, best)| t < best) {
            victim = Some((*k, t));
        }
    }
    if let Some((k, _)) = victim {
        shard.remove(&k);
    }
}

fn ms_to_ns(ms: u64) -> u64 {
    ms.saturating_mul(1_000_000)
}

impl StateBackend for MemoryState {
    fn incr_window(&self, key: StateKey, window: Window, now_ms: u64) -> u64 {
        match &self.counter_entry(key, window, now_ms).slot {
            Slot::Counter(c) => lock(c).incr(now_ms),
            _ => 0,
        }
    }

    fn get_window(&self, key: StateKey, window: Window, now_ms: u64) -> u64 {
        match self.get(&key, now_ms).as_deref() {
            Some(Entry {
                window: Some(w),
                slot: Slot::Counter(c),
                ..
            }) if *w == window => lock(c).get(now_ms),
            _ => 0,
        }
    }

    fn add_distinct(&self, key: StateKey, member: u64, window: Window, now_ms: u64) -> u64 {
        match &self.distinct_entry(key, window, now_ms).slot {
            Slot::Distinct(d) => lock(d).add(member, now_ms),
            _ => 0,
        }
    }

    fn count_distinct(&self, key: StateKey, window: Window, now_ms: u64) -> u64 {
        match self.get(&key, now_ms).as_deref() {
            Some(Entry {
                window: Some(w),
                slot: Slot::Distinct(d),
                ..
            }) if *w == window => lock(d).count(now_ms),
            _ => 0,
        }
    }

    fn take_token(
        &self,
        key: StateKey,
        rate: Rate,
        burst: NonZeroU32,
        now_ms: u64,
    ) -> TokenOutcome {
        let e = self.entry(
            key,
            now_ms,
            || {
                Entry::new(
                    bucket_idle(rate, burst),
                    None,
                    Slot::Bucket(AtomicU64::new(0)),
                )
            },
            |e| matches!(e.slot, Slot::Bucket(_)),
        );
        let Slot::Bucket(tat) = &e.slot else {
            return TokenOutcome::Allowed { remaining: 0 };
        };
        let now_ns = ms_to_ns(now_ms);
        let mut cur = tat.load(Ordering::Acquire);
        loop {
            let (next, outcome) = gcra(cur, now_ns, rate, burst);
            let Some(next) = next else {
                return outcome;
            };
            match tat.compare_exchange_weak(cur, next, Ordering::AcqRel, Ordering::Acquire) {
                Ok(_) => return outcome,
                Err(actual) => cur = actual,
            }
        }
    }

    fn claim_once(&self, key: StateKey, ttl: Duration, now_ms: u64) -> bool {
        let e = self.entry(
            key,
            now_ms,
            || Entry::new(ttl, None, Slot::Claim(AtomicU64::new(0))),
            |e| matches!(e.slot, Slot::Claim(_)),
        );
        let Slot::Claim(until) = &e.slot else {
            return true;
        };
        let ttl_ms = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX);
        let new_until = now_ms.saturating_add(ttl_ms);
        let mut cur = until.load(Ordering::Acquire);
        loop {
            if cur > now_ms {
                return false;
            }
            match until.compare_exchange_weak(cur, new_until, Ordering::AcqRel, Ordering::Acquire) {
                Ok(_) => return true,
                Err(actual) => cur = actual,
            }
        }
    }

    fn record(&self, key: StateKey, ops: &[RecordOp], now_ms: u64, out: &mut [u64]) {
        out.iter_mut().for_each(|o| *o = 0);
        let longest = ops.iter().map(|op| op.window().len_ms()).max().unwrap_or(0);
        if ops.iter().all(RecordOp::is_read) {
            if let Some(Entry {
                slot: Slot::Record(r),
                ..
            }) = self.get(&key, now_ms).as_deref()
            {
                lock(r).read(ops, now_ms, out);
            }
            return;
        }
        let e = self.entry(
            key,
            now_ms,
            || {
                let idle = Duration::from_millis(longest);
                Entry::new(idle, None, Slot::Record(Mutex::new(Record::default())))
            },
            |e| matches!(e.slot, Slot::Record(_)),
        );
        // A longer window than the record was created with keeps it alive longer from now on.
        e.idle_ms
            .fetch_max(longest.min(MAX_IDLE_MS), Ordering::Relaxed);
        if let Slot::Record(r) = &e.slot {
            lock(r).apply(ops, now_ms, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Scope;
    use std::sync::atomic::AtomicU32;

    const T0: u64 = 1_700_000_000_000;

    fn state(max: u64) -> MemoryState {
        MemoryState::new(MemoryStateConfig {
            max_entries: NonZeroU64::new(max).unwrap(),
        })
    }

    fn key(id: u128) -> StateKey {
        StateKey::new(Scope::RateLimit, 1, id)
    }

    fn nz(n: u32) -> NonZeroU32 {
        NonZeroU32::new(n).unwrap()
    }

    #[test]
    fn hammering_one_bucket_from_threads_allows_exactly_burst() {
        let s = Arc::new(state(1000));
        let allowed = Arc::new(AtomicU32::new(0));
        let rate = Rate::per_second(nz(10));
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let (s, allowed) = (s.clone(), allowed.clone());
                std::thread::spawn(move || {
                    for _ in 0..500 {
                        if let TokenOutcome::Allowed { .. } = s.take_token(key(1), rate, nz(50), T0)
                        {
                            allowed.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(allowed.load(Ordering::Relaxed), 50);
    }

    #[test]
    fn concurrent_increments_are_never_lost() {
        let s = Arc::new(state(1000));
        let w = Window::sliding(Duration::from_secs(600));
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let s = s.clone();
                std::thread::spawn(move || {
                    for i in 0..1000u128 {
                        s.incr_window(key(i % 4), w, T0);
                        s.add_distinct(key(100), (i % 40) as u64, w, T0);
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        for i in 0..4 {
            assert_eq!(s.get_window(key(i), w, T0), 2000);
        }
        assert_eq!(s.count_distinct(key(100), w, T0), 32);
    }

    #[test]
    fn concurrent_record_updates_are_never_lost() {
        let s = Arc::new(state(1000));
        let w = Window::sliding(Duration::from_secs(600));
        let k = StateKey::new(Scope::Velocity, 2, 7);
        let threads: Vec<_> = (0..8u64)
            .map(|t| {
                let s = s.clone();
                std::thread::spawn(move || {
                    let mut out = [0; 2];
                    for i in 0..500 {
                        let ops = [
                            RecordOp::Incr {
                                field: 0,
                                window: w,
                            },
                            RecordOp::AddDistinct {
                                field: 1,
                                member: t * 1000 + i % 3,
                                window: w,
                            },
                        ];
                        s.record(k, &ops, T0, &mut out);
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let reads = [
            RecordOp::Get {
                field: 0,
                window: w,
            },
            RecordOp::CountDistinct {
                field: 1,
                window: w,
            },
        ];
        let mut out = [0; 2];
        s.record(k, &reads, T0, &mut out);
        assert_eq!(out, [4000, 24]);
        // Reads of an unknown record create nothing.
        s.record(StateKey::new(Scope::Velocity, 2, 8), &reads, T0, &mut out);
        assert_eq!(out, [0, 0]);
        s.run_pending_tasks();
        assert_eq!(s.entry_count(), 1);
    }

    #[test]
    fn flood_of_unique_keys_stays_within_the_bound() {
        // 3× the bound in unique keys; the count is sampled during the flood, then checked
        // after a sweep.
        let bound = 10_000u64;
        let s = state(bound);
        let rate = Rate::per_second(nz(1));
        let mut peak = 0;
        for i in 0..30_000u128 {
            s.take_token(key(i), rate, nz(5), T0);
            if i % 1_000 == 0 {
                peak = peak.max(s.entry_count());
            }
        }
        s.run_pending_tasks();
        let settled = s.entry_count();
        assert!(peak <= bound + bound / 20, "peak {peak} over bound {bound}");
        assert!(settled <= bound, "settled {settled} over bound {bound}");
        assert!(
            settled > bound / 2,
            "the cache should actually fill: {settled}"
        );
    }

    #[test]
    fn same_key_with_a_changed_window_starts_over() {
        let s = state(100);
        let a = Window::sliding(Duration::from_secs(60));
        let b = Window::sliding(Duration::from_secs(120));
        assert_eq!(s.incr_window(key(1), a, T0), 1);
        assert_eq!(s.incr_window(key(1), a, T0), 2);
        assert_eq!(s.get_window(key(1), b, T0), 0);
        assert_eq!(s.incr_window(key(1), b, T0), 1);
        // A bucket op on a counter key replaces it as well.
        assert!(matches!(
            s.take_token(key(1), Rate::per_second(nz(1)), nz(1), T0),
            TokenOutcome::Allowed { remaining: 0 }
        ));
    }

    #[test]
    fn claim_once_is_first_seen_within_ttl() {
        let s = state(100);
        let k = StateKey::new(Scope::Dedupe, 0, 42);
        let ttl = Duration::from_secs(60);
        assert!(s.claim_once(k, ttl, T0));
        assert!(!s.claim_once(k, ttl, T0 + 59_999));
        assert!(s.claim_once(k, ttl, T0 + 60_000));
    }

    #[test]
    fn missing_keys_read_as_zero() {
        let s = state(100);
        let w = Window::sliding(Duration::from_secs(60));
        assert_eq!(s.get_window(key(9), w, T0), 0);
        assert_eq!(s.count_distinct(key(9), w, T0), 0);
        assert_eq!(s.entry_count(), 0);
    }
}
