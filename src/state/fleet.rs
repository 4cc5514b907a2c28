//! `RedisState`: the fleet backend. Rate-limit buckets and purchase counters of every edge
//! live in one Redis (or Redis Cluster), so "5 orders per user per day" is 5 fleet-wide.
//!
//! Owns the Redis connection, the key layout, the Lua scripts, the per-order time budget
//! and the circuit breaker. It does not decide what a fault means for an order: callers get
//! a [`StateFault`] and apply their `on_error` policy (see `crate::guards`).
//!
//! # Why this is async and beside the sync `StateBackend` trait
//! The in-process trait answers in nanoseconds and stays synchronous. A fleet limit must be
//! answered by Redis *before* the order is let through, so the order path awaits
//! [`RedisState::run`]: all of one order's operations go out together (one `EVALSHA` of
//! the order script on a single server; on a cluster one per key, sent concurrently, one
//! round trip of wall time) under `tokio::time::timeout(timeout)`, so a slow or dead Redis
//! costs an order at most `timeout` and never blocks a runtime thread.
//!
//! # Keys (`{prefix}` defaults to `rg:`)
//! - `{prefix}rl:{rule}:{{id}}`: a GCRA bucket (the theoretical arrival time in µs),
//!   `PX` = the time until the bucket is full again.
//! - `{prefix}pl:{tag}:{{id}}:d{day}`: orders of one identity in one calendar day, expired
//!   at the end of the day (+1 h for clock skew between edges).
//! - `{prefix}pl:{tag}:{{id}}`: a sorted set of order times for a rolling window, trimmed
//!   on every order and expired one window after the last.
//! - `{prefix}vel:{tag}:{{id}}:f{field}`: one field of a velocity/signal record: a ring
//!   counter (hash) or a distinct set (sorted set), see `fleet_script.rs`.
//!   (One hash per identity for all of its fields was tried and measured slower on
//!   Redis' side: BENCHMARKS.md, "Fleet mode: Redis work per order".)
//!
//! The identity is the hash tag, so on a cluster every key of one identity lives in one
//! slot; each operation touches one key, so each is atomic without cross-slot scripts.
//! While a slot moves between masters, `ASK`, `MOVED` and `TRYAGAIN` are followed by
//! [`ClusterConn`] (`fleet_cluster.rs`), for the order script and for every other command.
//!
//! # Faults
//! Each failed or timed-out call counts towards the [`Breaker`]; after `breaker_failures`
//! in a row Redis is skipped for `breaker_backoff` (answers are immediate
//! [`StateFault::BreakerOpen`]), then one probe is let through: success closes the breaker.
//! The client reconnects by itself (redis-rs `ConnectionManager` / cluster connection), so
//! a Redis that comes back is used again without restarting riskgate.
//!
//! # One connection per thread
//! A redis-rs multiplexed connection is a driver task on the runtime that opened it;
//! every command is handed to that task and every answer handed back. pingora runs each
//! service on its own threads, one single-threaded runtime per thread
//! (`work_stealing = false`), and the list journal's first poll (housekeeping thread)
//! used to open the one shared connection: every order then woke the housekeeping
//! thread to send and was woken back by it, two cross-thread wake-ups per round trip
//! (BENCHMARKS.md, "Fleet mode: where the round trip goes"). So each thread opens its
//! own connection on first use ([`MAX_CONNS`] at most; beyond that they share the first
//! one): a proxy with N threads keeps N connections to Redis, plus one per other thread
//! that calls it (list journal, admin, callbacks). A thread whose runtime ends takes
//! only its own connection with it.

use super::fleet_cluster::ClusterConn;
use super::fleet_script as script;
use super::record::RecordOp;
use super::window::{Rate, TokenOutcome, Window};
use super::StateKey;
use crate::metrics::StateMetrics;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{Cmd, Value};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// Time allowed to (re)establish a TCP connection; separate from the per-order budget so
/// a connect is not abandoned half-way on every order while Redis restarts.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(1);

/// Most connections one process opens (one per thread that calls Redis, see the module
/// docs); threads past this share the first connection, which is correct, only slower.
pub const MAX_CONNS: usize = 64;

/// One thread's connection, opened on its first call.
type ConnCell = std::sync::Arc<tokio::sync::OnceCell<Conn>>;

/// One operation of an order on the shared state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FleetOp {
    /// Take a token from a GCRA bucket (rate limits).
    Take {
        /// The bucket.
        key: StateKey,
        /// Refill rate.
        rate: Rate,
        /// Bucket size.
        burst: NonZeroU32,
    },
    /// Read an event count (purchase limits, before the order).
    Count {
        /// The counter.
        key: StateKey,
        /// Its window.
        window: Window,
    },
    /// Count one event (purchase limits, after an accepted order).
    Add {
        /// The counter.
        key: StateKey,
        /// Its window.
        window: Window,
    },
    /// Read one field of a velocity/signal record before the order: its count, and for
    /// an `AddDistinct` whether the member is already in the set (nothing is written).
    Read {
        /// The record.
        key: StateKey,
        /// The field operation (`Incr`/`Get` read a counter, `AddDistinct`/`CountDistinct`
        /// a distinct set).
        op: RecordOp,
    },
    /// Apply one write of a velocity/signal record (after the order passed).
    Write {
        /// The record.
        key: StateKey,
        /// `Incr` or `AddDistinct` (a read op only reads).
        op: RecordOp,
    },
}

/// The answer to one [`FleetOp`], in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FleetAnswer {
    /// A `Take`.
    Token(TokenOutcome),
    /// A `Count` or `Add`: the count in the window (including the added event).
    Count(u64),
    /// A `Read` or `Write`: the field's count (distinct sets saturate at `DISTINCT_CAP`),
    /// and for a distinct read whether the member was already in the set.
    Field {
        /// Count in the window.
        count: u64,
        /// The member was in the set (distinct reads only).
        member: bool,
    },
}

/// Writes one script call applies after its reads, in the same atomic call, only when
/// every gate holds: the velocity and signal writes of an order, which are sent only if
/// it passes its limits, decided by the answers of that call (see `crate::guards`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gated {
    /// One per operation of the call (0: none): a `Take` must be allowed (any other
    /// value), a `Count` must answer less than the gate.
    pub gates: Vec<u64>,
    /// The writes.
    pub writes: Vec<FleetOp>,
}

impl Gated {
    /// The writes of `replayed` that are not among these writes, once each: what is left
    /// to send after a call that applied these.
    pub fn left(&self, replayed: Vec<FleetOp>) -> Vec<FleetOp> {
        let mut sent = vec![false; self.writes.len()];
        replayed
            .into_iter()
            .filter(|w| {
                let hit = self
                    .writes
                    .iter()
                    .zip(sent.iter_mut())
                    .find(|(c, done)| !**done && *c == w);
                match hit {
                    Some((_, done)) => {
                        *done = true;
                        false
                    }
                    None => true,
                }
            })
            .collect()
    }
}

/// What [`RedisState::run_gated`] answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FleetReply {
    /// One answer per operation, in order.
    pub answers: Vec<FleetAnswer>,
    /// The gated writes were applied (every gate held). Always false on a cluster, where
    /// one call may touch one slot only: the caller sends them itself.
    pub applied: bool,
}

/// Why the shared state could not answer; the caller's `on_error` policy applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateFault {
    /// No answer within `timeout`.
    Timeout,
    /// Redis answered with an error, or the connection failed.
    Error,
    /// The breaker is open: Redis was not asked.
    BreakerOpen,
}

impl StateFault {
    /// Every fault, for priming metrics.
    pub const ALL: [StateFault; 3] = [
        StateFault::Timeout,
        StateFault::Error,
        StateFault::BreakerOpen,
    ];

    /// The metrics label.
    pub fn as_str(self) -> &'static str {
        match self {
            StateFault::Timeout => "timeout",
            StateFault::Error => "error",
            StateFault::BreakerOpen => "breaker_open",
        }
    }
}

/// A consecutive-failure circuit breaker with a fixed backoff and a single probe.
///
/// Lock-free: orders on every thread consult it. Times are caller-supplied ms, so it is
/// tested with plain numbers.
#[derive(Debug)]
pub struct Breaker {
    threshold: u32,
    backoff_ms: u64,
    failures: AtomicU32,
    /// While `now < open_until_ms` Redis is skipped (0: closed).
    open_until_ms: AtomicU64,
    /// When the one probe after the backoff was let through (0: none). Others keep
    /// skipping until it answers; a probe that never reports (its order was dropped)
    /// is replaced after another backoff, so the breaker cannot stick open.
    probe_ms: AtomicU64,
}

impl Breaker {
    /// A closed breaker opening after `threshold` failures in a row for `backoff`.
    pub fn new(threshold: u32, backoff: Duration) -> Self {
        Breaker {
            threshold: threshold.max(1),
            backoff_ms: u64::try_from(backoff.as_millis()).unwrap_or(u64::MAX),
            failures: AtomicU32::new(0),
            open_until_ms: AtomicU64::new(0),
            probe_ms: AtomicU64::new(0),
        }
    }

    /// Returns true when a call may go to Redis at `now_ms` (closed, or the one probe
    /// after the backoff).
    pub fn admit(&self, now_ms: u64) -> bool {
        let until = self.open_until_ms.load(Ordering::Acquire);
        if until == 0 {
            return true;
        }
        if now_ms < until {
            return false;
        }
        let probe = self.probe_ms.load(Ordering::Acquire);
        if probe != 0 && now_ms.saturating_sub(probe) < self.backoff_ms {
            return false;
        }
        self.probe_ms
            .compare_exchange(probe, now_ms.max(1), Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
    }

    /// Records a successful call: closes the breaker.
    pub fn success(&self) {
        self.failures.store(0, Ordering::Release);
        self.open_until_ms.store(0, Ordering::Release);
        self.probe_ms.store(0, Ordering::Release);
    }

    /// Records a failed call at `now_ms`: opens (or re-opens) the breaker at the threshold.
    pub fn failure(&self, now_ms: u64) {
        let n = self
            .failures
            .fetch_add(1, Ordering::AcqRel)
            .saturating_add(1);
        if n >= self.threshold {
            self.open_until_ms.store(
                now_ms.saturating_add(self.backoff_ms).max(1),
                Ordering::Release,
            );
            self.probe_ms.store(0, Ordering::Release);
        }
    }

    /// True while calls are being skipped.
    pub fn is_open(&self) -> bool {
        self.open_until_ms.load(Ordering::Acquire) != 0
    }
}

/// Where to connect.
#[derive(Clone)]
enum Target {
    Single(redis::Client),
    /// The cluster client, and the first seed's settings for redirect targets.
    Cluster(redis::cluster::ClusterClient, Box<redis::ConnectionInfo>),
}

/// A live connection; both kinds are cheap clones sharing one multiplexed socket per node.
#[derive(Clone)]
enum Conn {
    Single(ConnectionManager),
    Cluster(ClusterConn),
}

/// Response timeout of one Redis command: the order's budget, but at least 100 ms (the
/// order's own timeout ends its wait sooner; background work keeps the longer one).
fn response_timeout(timeout: Duration) -> Duration {
    timeout.max(Duration::from_millis(100))
}

/// Settings of the Redis backend (from `[state]`).
#[derive(Debug, Clone)]
pub struct RedisSettings {
    /// `redis://` URLs: one server, or the seed nodes of a cluster.
    pub nodes: Vec<String>,
    /// True for a Redis Cluster.
    pub cluster: bool,
    /// Prefix of every key.
    pub key_prefix: String,
    /// Budget of one order's Redis work.
    pub timeout: Duration,
    /// Consecutive failures that open the breaker.
    pub breaker_failures: u32,
    /// Time the open breaker skips Redis.
    pub breaker_backoff: Duration,
}

/// The fleet state backend (one per process, shared behind `Arc`).
pub struct RedisState {
    target: Target,
    /// Connections by the thread that opened them (see the module docs).
    conns: std::sync::RwLock<Vec<(std::thread::ThreadId, ConnCell)>>,
    prefix: String,
    timeout: Duration,
    breaker: Breaker,
    metrics: OnceLock<StateMetrics>,
    last_error: Mutex<Option<String>>,
}

impl std::fmt::Debug for RedisState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisState")
            .field("prefix", &self.prefix)
            .field("breaker", &self.breaker)
            .finish_non_exhaustive()
    }
}

impl RedisState {
    /// Builds the backend without connecting (the first order connects); an invalid URL
    /// is an error (config validation has already refused those).
    pub fn new(s: &RedisSettings) -> redis::RedisResult<Self> {
        let target = if s.cluster {
            let seed = s.nodes.first().map(String::as_str).unwrap_or_default();
            Target::Cluster(
                redis::cluster::ClusterClientBuilder::new(s.nodes.clone())
                    .connection_timeout(CONNECT_TIMEOUT)
                    .response_timeout(response_timeout(s.timeout))
                    // No retries inside redis-rs: `ClusterConn` follows ASK, MOVED and
                    // TRYAGAIN itself (see `fleet_cluster.rs`); the order's `timeout`
                    // bounds the whole call.
                    .retries(0)
                    .build()?,
                Box::new(redis::IntoConnectionInfo::into_connection_info(seed)?),
            )
        } else {
            let url = s.nodes.first().map(String::as_str).unwrap_or_default();
            Target::Single(redis::Client::open(url)?)
        };
        Ok(RedisState {
            target,
            conns: std::sync::RwLock::new(Vec::new()),
            prefix: s.key_prefix.clone(),
            timeout: s.timeout,
            breaker: Breaker::new(s.breaker_failures, s.breaker_backoff),
            metrics: OnceLock::new(),
            last_error: Mutex::new(None),
        })
    }

    /// Hands the backend its metric families (once, when the server's metrics exist).
    pub fn set_metrics(&self, m: StateMetrics) {
        let _ = self.metrics.set(m);
    }

    /// The metric families, once set.
    pub fn metrics(&self) -> Option<&StateMetrics> {
        self.metrics.get()
    }

    /// The backend's state for `/readyz`: healthy, or the breaker open and the last error.
    pub fn status(&self) -> serde_json::Value {
        let last = self
            .last_error
            .lock()
            .map(|g| g.clone())
            .unwrap_or_default();
        serde_json::json!({
            "backend": "redis",
            "breaker": if self.breaker.is_open() { "open" } else { "closed" },
            "last_error": last,
        })
    }

    /// True while the breaker is open (Redis considered down).
    pub fn is_down(&self) -> bool {
        self.breaker.is_open()
    }

    /// Renders the Redis key of `key` (see the module docs), with the day index for a
    /// fixed window.
    pub fn redis_key(&self, key: &StateKey, window: Option<&Window>, now_ms: u64) -> String {
        let base = format!(
            "{}{}:{}:{{{:032x}}}",
            self.prefix,
            key.scope.as_str(),
            key.tag,
            key.id
        );
        match window.and_then(|w| w.fixed_period(now_ms)) {
            Some((day, _)) => format!("{base}:d{day}"),
            None => base,
        }
    }

    /// The Redis key an operation touches.
    fn op_key(&self, op: &FleetOp, now_ms: u64) -> String {
        match op {
            FleetOp::Take { key, .. } => self.redis_key(key, None, now_ms),
            FleetOp::Count { key, window } | FleetOp::Add { key, window } => {
                self.redis_key(key, Some(window), now_ms)
            }
            FleetOp::Read { key, op } | FleetOp::Write { key, op } => {
                let w = op.window();
                let base = self.redis_key(key, None, now_ms);
                match w.fixed_period(now_ms) {
                    Some((day, _)) => format!("{base}:f{}:d{day}", op.field()),
                    None => format!("{base}:f{}", op.field()),
                }
            }
        }
    }

    /// One `EVALSHA` of the order script over `ops`, then `gated`'s writes when its gates
    /// hold (all keys on one server; one key each, and nothing gated, on a cluster).
    fn script_cmd(&self, ops: &[FleetOp], gated: Option<&Gated>, now_ms: u64, sha: bool) -> Cmd {
        let writes = gated.map_or(&[][..], |g| &g.writes[..]);
        let mut c = redis::cmd(if sha { "EVALSHA" } else { "EVAL" });
        c.arg(if sha {
            script::order_sha()
        } else {
            script::ORDER
        })
        .arg(ops.len() + writes.len());
        for op in ops.iter().chain(writes) {
            c.arg(self.op_key(op, now_ms));
        }
        c.arg(&script::head(now_ms, ops.len())[..]);
        for op in ops.iter().chain(writes) {
            let (code, a, b) = script::encode(op, now_ms);
            c.arg(code).arg(a).arg(b);
        }
        if let Some(g) = gated.filter(|g| !g.writes.is_empty()) {
            for i in 0..ops.len() {
                c.arg(g.gates.get(i).copied().unwrap_or(0));
            }
        }
        c
    }

    /// Runs the script over `ops` on `conn`: by hash, and by text once when Redis does
    /// not know the hash (first call, or Redis restarted / failed over).
    async fn script<C: redis::aio::ConnectionLike>(
        &self,
        conn: &mut C,
        ops: &[FleetOp],
        gated: Option<&Gated>,
        now_ms: u64,
    ) -> redis::RedisResult<Vec<(i64, i64)>> {
        let cmd = self.script_cmd(ops, gated, now_ms, true);
        let v: Value = match cmd.query_async(conn).await {
            Err(e) if e.kind() == redis::ErrorKind::NoScriptError => {
                self.script_cmd(ops, gated, now_ms, false)
                    .query_async(conn)
                    .await?
            }
            r => r?,
        };
        script::pairs(&v).ok_or_else(|| {
            redis::RedisError::from((redis::ErrorKind::TypeError, "unexpected reply shape"))
        })
    }

    async fn connect(&self) -> redis::RedisResult<Conn> {
        match &self.target {
            Target::Single(client) => {
                let cfg = ConnectionManagerConfig::new()
                    .set_connection_timeout(CONNECT_TIMEOUT)
                    .set_number_of_retries(1)
                    .set_max_delay(200);
                Ok(Conn::Single(
                    ConnectionManager::new_with_config(client.clone(), cfg).await?,
                ))
            }
            Target::Cluster(client, seed) => {
                let config = redis::AsyncConnectionConfig::new()
                    .set_connection_timeout(CONNECT_TIMEOUT)
                    .set_response_timeout(response_timeout(self.timeout));
                Ok(Conn::Cluster(ClusterConn::new(
                    client.get_async_connection().await?,
                    (**seed).clone(),
                    config,
                )))
            }
        }
    }

    /// This thread's connection cell (created empty on the thread's first call).
    fn cell(&self) -> ConnCell {
        let me = std::thread::current().id();
        let find = |v: &[(std::thread::ThreadId, ConnCell)]| {
            v.iter().find(|(t, _)| *t == me).map(|(_, c)| c.clone())
        };
        {
            let v = self
                .conns
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if let Some(c) = find(&v) {
                return c;
            }
        }
        let mut v = self
            .conns
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(c) = find(&v) {
            return c;
        }
        if v.len() >= MAX_CONNS {
            if let Some((_, c)) = v.first() {
                return c.clone();
            }
        }
        let c = ConnCell::default();
        v.push((me, c.clone()));
        c
    }

    /// This thread's connection, opened (on this thread's runtime) on first use.
    async fn conn(&self) -> redis::RedisResult<Conn> {
        self.cell()
            .get_or_try_init(|| self.connect())
            .await
            .cloned()
    }

    /// How many connections are open (one per thread that called Redis).
    pub fn connections(&self) -> usize {
        self.conns
            .read()
            .map_or(0, |v| v.iter().filter(|(_, c)| c.initialized()).count())
    }

    /// The script's pairs: one per operation, then (when `gated` has writes and Redis
    /// applied them) the gated writes' flag pair. A cluster answers no flag pair: its
    /// writes are never applied here.
    async fn exec(
        &self,
        ops: &[FleetOp],
        gated: Option<&Gated>,
        now_ms: u64,
    ) -> redis::RedisResult<Vec<(i64, i64)>> {
        let conn = self.conn().await?;
        match &conn {
            Conn::Single(c) => self.script(&mut c.clone(), ops, gated, now_ms).await,
            Conn::Cluster(c) => {
                // A cluster script must stay in one slot; an order's keys span
                // identities, so each goes alone, all at once, following redirects.
                // (Not one call per identity: while a slot migrates, a multi-key call
                // whose keys are not all on the source gets `TRYAGAIN` until they are,
                // where a one-key call is served or redirected at once.) Gated writes
                // need every answer first, so the caller sends them after.
                let calls = ops.chunks(1).map(|one| async move {
                    let text = || self.script_cmd(one, None, now_ms, false);
                    let v = c
                        .query(self.script_cmd(one, None, now_ms, true), Some(&text))
                        .await?;
                    script::pairs(&v).ok_or_else(|| {
                        redis::RedisError::from((
                            redis::ErrorKind::TypeError,
                            "unexpected reply shape",
                        ))
                    })
                });
                let all = futures_util::future::try_join_all(calls).await?;
                Ok(all.into_iter().flatten().collect())
            }
        }
    }

    fn fault(&self, fault: StateFault, now_ms: u64, detail: Option<String>) -> StateFault {
        if fault != StateFault::BreakerOpen {
            self.breaker.failure(now_ms);
        }
        if let Some(d) = detail {
            if let Ok(mut g) = self.last_error.lock() {
                *g = Some(d);
            }
        }
        if let Some(m) = self.metrics.get() {
            m.errors.with_label_values(&[fault.as_str()]).inc();
        }
        fault
    }

    /// Runs one order's operations on Redis, within the timeout and through the breaker;
    /// answers are in `ops` order.
    pub async fn run(&self, ops: &[FleetOp], now_ms: u64) -> Result<Vec<FleetAnswer>, StateFault> {
        self.run_gated(ops, None, now_ms).await.map(|r| r.answers)
    }

    /// [`RedisState::run`], and in the same atomic call (one server) `gated`'s writes
    /// after every answer, when its gates hold. Redis may have applied them even when
    /// this returns a timeout (the answer came too late).
    pub async fn run_gated(
        &self,
        ops: &[FleetOp],
        gated: Option<&Gated>,
        now_ms: u64,
    ) -> Result<FleetReply, StateFault> {
        if ops.is_empty() {
            return Ok(FleetReply {
                answers: Vec::new(),
                applied: false,
            });
        }
        if !self.breaker.admit(now_ms) {
            return Err(self.fault(StateFault::BreakerOpen, now_ms, None));
        }
        let gated = gated.filter(|g| !g.writes.is_empty());
        let started = Instant::now();
        let result = tokio::time::timeout(self.timeout, self.exec(ops, gated, now_ms)).await;
        if let Some(m) = self.metrics.get() {
            m.seconds.observe(started.elapsed().as_secs_f64());
        }
        let values = match result {
            Err(_) => {
                let detail = format!("no answer within {:?}", self.timeout);
                return Err(self.fault(StateFault::Timeout, now_ms, Some(detail)));
            }
            Ok(Err(e)) => return Err(self.fault(StateFault::Error, now_ms, Some(e.to_string()))),
            Ok(Ok(v)) => v,
        };
        let answers: Option<Vec<FleetAnswer>> = ops
            .iter()
            .zip(values.iter())
            .map(|(op, &(x, y))| script::answer(op, x, y))
            .collect();
        // The flag pair follows the answers when gated writes were sent in the call.
        let applied = values.get(ops.len()).is_some_and(|&(x, _)| x == 1);
        let extra = values.len().saturating_sub(ops.len());
        match answers {
            Some(a) if a.len() == ops.len() && extra <= usize::from(gated.is_some()) => {
                self.breaker.success();
                Ok(FleetReply {
                    answers: a,
                    applied,
                })
            }
            _ => {
                let detail = "unexpected reply shape".to_string();
                Err(self.fault(StateFault::Error, now_ms, Some(detail)))
            }
        }
    }

    /// Sends `ops` in the background (counting accepted orders after the response): the
    /// order does not wait, and a failure is counted in the metrics only.
    pub fn spawn_run(self: &std::sync::Arc<Self>, ops: Vec<FleetOp>, now_ms: u64) {
        if ops.is_empty() {
            return;
        }
        let Ok(handle) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let this = self.clone();
        handle.spawn(async move {
            // A failure is already counted (metrics, breaker) by `run`.
            let _ = this.run(&ops, now_ms).await;
        });
    }
}

/// Budget of one list-journal call: background work, so a slow Redis only delays list
/// propagation, never an order.
const JOURNAL_TIMEOUT: Duration = Duration::from_secs(1);

/// Longest journal kept in Redis (`XADD MAXLEN ~`): list changes are rare, and an edge
/// that starts replays the journal to catch up.
const JOURNAL_MAX: u64 = 100_000;

/// One entry of the shared list journal: its stream id and its fields.
pub type JournalEntry = (String, Vec<(String, String)>);

// Hooks for `fleet_callbacks` (fleet-wide callback dedupe): one command on the shared
// connection, under the same timeout and breaker as an order's operations (`guarded`), or
// as background work with the journal's budget and no breaker (`background`).
impl RedisState {
    /// Runs one background command (journals): a 1 s budget, not counted by the breaker.
    pub async fn background<T: redis::FromRedisValue>(&self, cmd: Cmd) -> Result<T, StateFault> {
        self.call(cmd).await
    }

    /// The key prefix (`[state] key_prefix`).
    pub fn key_prefix(&self) -> &str {
        &self.prefix
    }

    /// Runs one command within `timeout` and through the breaker; a failure counts in
    /// `riskgate_state_errors_total` and towards the breaker, like an order's.
    pub async fn guarded<T: redis::FromRedisValue>(
        &self,
        cmd: Cmd,
        now_ms: u64,
    ) -> Result<T, StateFault> {
        if !self.breaker.admit(now_ms) {
            return Err(self.fault(StateFault::BreakerOpen, now_ms, None));
        }
        let fut = async {
            match self.conn().await? {
                Conn::Single(mut c) => cmd.query_async::<T>(&mut c).await,
                Conn::Cluster(c) => redis::from_owned_redis_value(c.query(cmd, None).await?),
            }
        };
        match tokio::time::timeout(self.timeout, fut).await {
            Ok(Ok(v)) => {
                self.breaker.success();
                Ok(v)
            }
            Ok(Err(e)) => Err(self.fault(StateFault::Error, now_ms, Some(e.to_string()))),
            Err(_) => {
                let detail = format!("no answer within {:?}", self.timeout);
                Err(self.fault(StateFault::Timeout, now_ms, Some(detail)))
            }
        }
    }
}

impl RedisState {
    /// The Redis stream holding every list change made through any edge's admin API.
    pub fn journal_key(&self) -> String {
        format!("{}lists", self.prefix)
    }

    async fn call<T: redis::FromRedisValue>(&self, cmd: Cmd) -> Result<T, StateFault> {
        let fut = async {
            match self.conn().await? {
                Conn::Single(mut c) => cmd.query_async::<T>(&mut c).await,
                Conn::Cluster(c) => redis::from_owned_redis_value(c.query(cmd, None).await?),
            }
        };
        match tokio::time::timeout(JOURNAL_TIMEOUT, fut).await {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) => {
                if let Ok(mut g) = self.last_error.lock() {
                    *g = Some(e.to_string());
                }
                Err(StateFault::Error)
            }
            Err(_) => Err(StateFault::Timeout),
        }
    }

    /// Appends one list change (field/value pairs) to the shared journal.
    pub async fn journal_append(&self, fields: &[(&str, String)]) -> Result<(), StateFault> {
        let mut c = redis::cmd("XADD");
        c.arg(self.journal_key())
            .arg("MAXLEN")
            .arg("~")
            .arg(JOURNAL_MAX)
            .arg("*");
        for (k, v) in fields {
            c.arg(*k).arg(v);
        }
        self.call::<String>(c).await.map(|_| ())
    }

    /// Reads up to `count` journal entries after stream id `after` (`None`: from the
    /// start, which is how an edge catches up after a restart).
    pub async fn journal_read(
        &self,
        after: Option<&str>,
        count: usize,
    ) -> Result<Vec<JournalEntry>, StateFault> {
        let mut c = redis::cmd("XRANGE");
        c.arg(self.journal_key())
            .arg(after.map_or_else(|| "-".to_string(), |id| format!("({id}")))
            .arg("+")
            .arg("COUNT")
            .arg(count);
        let raw: Vec<(String, Vec<String>)> = self.call(c).await?;
        Ok(raw
            .into_iter()
            .map(|(id, flat)| {
                let pairs = flat
                    .chunks(2)
                    .filter_map(|kv| match kv {
                        [k, v] => Some((k.clone(), v.clone())),
                        _ => None,
                    })
                    .collect();
                (id, pairs)
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaker_opens_after_consecutive_failures_and_probes_once() {
        let b = Breaker::new(3, Duration::from_millis(1000));
        assert!(b.admit(0));
        b.failure(10);
        b.failure(11);
        b.success();
        b.failure(12);
        b.failure(13);
        assert!(b.admit(14), "two in a row after a success: still closed");
        b.failure(15);
        assert!(b.is_open());
        assert!(!b.admit(16));
        assert!(!b.admit(1014));
        assert!(b.admit(1015), "the probe after the backoff");
        assert!(!b.admit(1016), "only one probe at a time");
        b.failure(1020);
        assert!(!b.admit(1021), "a failed probe re-opens");
        assert!(b.admit(2020));
        // That probe never reports (its order was dropped): another is let through one
        // backoff later, so the breaker cannot stick open.
        assert!(!b.admit(2500));
        assert!(b.admit(3020));
        b.success();
        assert!(!b.is_open());
        assert!(b.admit(2021) && b.admit(2022));
    }

    #[test]
    fn left_writes_are_the_replayed_ones_not_applied_once_each() {
        let w = |id| FleetOp::Write {
            key: StateKey::new(super::super::Scope::Velocity, 1, id),
            op: RecordOp::Incr {
                field: 0,
                window: Window::sliding(Duration::from_secs(60)),
            },
        };
        let gated = Gated {
            gates: vec![0],
            writes: vec![w(1), w(2), w(1)],
        };
        assert_eq!(gated.left(vec![w(1), w(2), w(1)]), vec![]);
        assert_eq!(gated.left(vec![w(1), w(3), w(1), w(1)]), vec![w(3), w(1)]);
        assert_eq!(Gated::default().left(vec![w(2)]), vec![w(2)]);
    }

    #[test]
    fn keys_carry_the_identity_as_hash_tag_and_the_day() {
        let s = RedisState::new(&RedisSettings {
            nodes: vec!["redis://127.0.0.1:1".into()],
            cluster: false,
            key_prefix: "rg:".into(),
            timeout: Duration::from_millis(5),
            breaker_failures: 3,
            breaker_backoff: Duration::from_secs(1),
        })
        .unwrap();
        let key = StateKey::new(super::super::Scope::Purchase, 7, 0xabc);
        let day = Window::calendar_day(480);
        // 2023-11-14 16:00 UTC is midnight in UTC+8: day 19676 starts there.
        let now = 1_699_977_600_000;
        assert_eq!(
            s.redis_key(&key, Some(&day), now),
            "rg:pl:7:{00000000000000000000000000000abc}:d19676"
        );
        assert_eq!(
            s.redis_key(&key, Some(&day), now - 1),
            "rg:pl:7:{00000000000000000000000000000abc}:d19675"
        );
        assert_eq!(day.fixed_period(now), Some((19676, now + 86_400_000)));
        let rolling = Window::sliding(Duration::from_secs(3600));
        assert_eq!(
            s.redis_key(&key, Some(&rolling), now),
            "rg:pl:7:{00000000000000000000000000000abc}"
        );
    }
}
