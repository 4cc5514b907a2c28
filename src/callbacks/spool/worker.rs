//! The background delivery worker: takes due records from the spool, hands each to a
//! [`Deliver`] implementation, and records the outcome (delivered, retry later, or dead).
//!
//! Owns scheduling (wake on a new accept, at the next due time, or when a slot frees),
//! concurrency, the per-attempt timeout, the periodic purge of old delivered records and
//! expired fingerprints, and probing a spool whose writes fail so it recovers by itself. Does
//! not own HTTP: the integrator's [`Deliver`] posts to the fulfillment service and classifies
//! its answer. One worker per spool: two would deliver the same due record twice.

use super::backoff::{RetryDecision, RetryPolicy};
use super::{Record, Spool, SpoolError, State};
use async_trait::async_trait;
use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::sync::oneshot;
use tokio::task::JoinSet;

/// How long the worker stays off a spool whose reads or writes fail, so a broken disk does not
/// turn into a hot loop of errors; also the probe period while writes fail.
const STORE_BACKOFF_MS: u64 = 1000;

/// How long an attempt keeps trying to record a delivery the spool could not write (a full
/// disk), holding its slot so the record is not posted again meanwhile; after that it stays
/// pending and is posted again (harmless: same `Idempotency-Key`). Short enough that a
/// shutdown or reload waiting for attempts in flight is not held up for long.
const RECORD_PATIENCE: Duration = Duration::from_secs(10);

/// What one delivery attempt came to, as classified by the [`Deliver`] implementation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeliveryOutcome {
    /// The fulfillment service answered 2xx: the record is done.
    Delivered,
    /// A transient failure (connect error, timeout, 5xx, 408, 429): try again per the policy.
    Retry(String),
    /// A permanent refusal (any other 4xx): the record goes straight to dead letters.
    Permanent(String),
}

/// Posts one record to the fulfillment service.
///
/// Implemented by the integrator with hyper: `POST` the record's `normalized` body (and the
/// `original`, e.g. as a second part or a base64 field, with its `content_type`) with header
/// `Idempotency-Key: {channel}:{txn_id}` ([`Record::idempotency_key`]). The same record may be
/// posted more than once (after a timeout or a crash mid-delivery); the key makes that safe.
#[async_trait]
pub trait Deliver: Send + Sync {
    /// Makes one attempt; called by the worker with at most `concurrency` calls in flight,
    /// each cut off after `attempt_timeout` (counted as a retryable failure).
    async fn deliver(&self, rec: &Record) -> DeliveryOutcome;
}

/// Callbacks for metrics, called after the outcome is committed; all default to no-ops.
pub trait WorkerHooks: Send + Sync {
    /// A record was delivered; `latency` runs from receipt (`received_ms`) to delivery.
    fn delivered(&self, rec: &Record, latency: Duration) {
        let _ = (rec, latency);
    }
    /// An attempt failed and the record is scheduled again at `rec.next_at_ms`.
    fn retried(&self, rec: &Record) {
        let _ = rec;
    }
    /// A record became a dead letter (`rec.last_error` says why).
    fn dead(&self, rec: &Record) {
        let _ = rec;
    }
}

/// Hooks that do nothing, for callers without metrics.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoHooks;

impl WorkerHooks for NoHooks {}

/// The worker's notion of now is the one clock trait of the crate ([`crate::state::Clock`],
/// also read by the guards and the beacon store); tests control received and due times
/// with a [`TokioClock`] under `tokio::time::pause` or a `ManualClock`.
pub use crate::state::Clock;

/// A clock that advances with tokio's timer (so `tokio::time::pause` moves it too), anchored
/// at a unix-ms starting point.
#[derive(Debug, Clone, Copy)]
pub struct TokioClock {
    base_ms: u64,
    start: tokio::time::Instant,
}

impl TokioClock {
    /// Returns a clock anchored at the system's wall clock now; the production clock.
    pub fn system() -> TokioClock {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
        TokioClock::starting_at(now)
    }

    /// Returns a clock that reads `base_ms` now and advances with tokio time.
    pub fn starting_at(base_ms: u64) -> TokioClock {
        TokioClock {
            base_ms,
            start: tokio::time::Instant::now(),
        }
    }
}

impl Clock for TokioClock {
    fn now_ms(&self) -> u64 {
        let elapsed = u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.base_ms.saturating_add(elapsed)
    }

    fn unix_secs(&self) -> u64 {
        self.now_ms() / 1000
    }
}

/// How the worker runs; built from `[callbacks]` at start and rebuilt on reload.
#[derive(Clone)]
pub struct WorkerOptions {
    /// Retry schedule, jitter and maximum age.
    pub policy: RetryPolicy,
    /// Most attempts in flight at once; 16 by default.
    pub concurrency: NonZeroUsize,
    /// Longest wait for one attempt before it counts as a retryable failure; 30 s by default.
    pub attempt_timeout: Duration,
    /// How often delivered records older than the spool's retention, and fingerprints older
    /// than its dedupe retention, are purged; 10 min.
    pub purge_every: Duration,
    /// Source of now; [`TokioClock::system`] by default.
    pub clock: Arc<dyn Clock>,
}

impl WorkerOptions {
    /// Returns the defaults around `policy`.
    pub fn new(policy: RetryPolicy) -> WorkerOptions {
        WorkerOptions {
            policy,
            concurrency: NonZeroUsize::new(16).expect("16 is not zero"),
            attempt_timeout: Duration::from_secs(30),
            purge_every: Duration::from_secs(600),
            clock: Arc::new(TokioClock::system()),
        }
    }
}

/// Stops the worker. Dropping it stops the worker too, without waiting.
#[derive(Debug)]
pub struct WorkerHandle {
    stop: oneshot::Sender<()>,
    task: tokio::task::JoinHandle<()>,
}

impl WorkerHandle {
    /// Stops taking new records, waits for attempts in flight to finish and be recorded (each
    /// bounded by `attempt_timeout`), then returns. Called at shutdown and before a reload
    /// starts a worker with new options.
    pub async fn shutdown(self) {
        let _ = self.stop.send(());
        if let Err(e) = self.task.await {
            tracing::error!(error = %e, "callback worker ended abnormally");
        }
    }
}

/// Starts the delivery worker on the current tokio runtime.
///
/// It wakes when an accept or requeue commits, when the next record falls due, or when an
/// attempt finishes. Everything pending at start (including what a previous process left in
/// flight) is delivered first.
pub fn spawn_worker(
    spool: Spool,
    deliver: Arc<dyn Deliver>,
    opts: WorkerOptions,
    hooks: Arc<dyn WorkerHooks>,
) -> WorkerHandle {
    let (stop, stop_rx) = oneshot::channel();
    let ctx = Arc::new(Ctx {
        spool,
        deliver,
        hooks,
        opts,
    });
    WorkerHandle {
        stop,
        task: tokio::spawn(run(ctx, stop_rx)),
    }
}

struct Ctx {
    spool: Spool,
    deliver: Arc<dyn Deliver>,
    hooks: Arc<dyn WorkerHooks>,
    opts: WorkerOptions,
}

fn ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

async fn run(ctx: Arc<Ctx>, mut stop: oneshot::Receiver<()>) {
    let clock = ctx.opts.clock.clone();
    let concurrency = ctx.opts.concurrency.get();
    let mut tasks = JoinSet::new();
    let mut inflight: HashMap<tokio::task::Id, u64> = HashMap::new();
    let mut next_purge = 0u64;
    loop {
        let now = clock.now_ms();
        if now >= next_purge {
            purge(&ctx.spool, now).await;
            next_purge = now.saturating_add(ms(ctx.opts.purge_every).max(1));
        }
        let mut wake_at = next_purge;
        if ctx.spool.write_failure().is_some() {
            // Writes fail: try one, so the spool recovers (and /readyz turns ready) without
            // waiting for a callback to arrive.
            if ctx.spool.probe().await.is_err() {
                wake_at = wake_at.min(now.saturating_add(STORE_BACKOFF_MS));
            }
        }
        let free = concurrency - inflight.len();
        if free > 0 {
            let skip = inflight.values().copied().collect();
            match ctx.spool.due_skipping(now, free, skip).await {
                Ok(recs) => {
                    let got = recs.len();
                    for rec in recs {
                        let id = rec.id;
                        let handle = tasks.spawn(attempt(ctx.clone(), rec));
                        inflight.insert(handle.id(), id);
                    }
                    if got < free {
                        match ctx.spool.next_due_after(now).await {
                            Ok(Some(at)) => wake_at = wake_at.min(at),
                            Ok(None) => {}
                            Err(e) => wake_at = store_trouble(&e, now).min(wake_at),
                        }
                    }
                }
                Err(SpoolError::Closed) => break,
                Err(e) => wake_at = store_trouble(&e, now).min(wake_at),
            }
        }
        let sleep = Duration::from_millis(wake_at.saturating_sub(clock.now_ms()));
        tokio::select! {
            biased;
            _ = &mut stop => break,
            Some(done) = tasks.join_next_with_id(), if !tasks.is_empty() => {
                let task = match done {
                    Ok((task, ())) => task,
                    Err(e) => {
                        tracing::error!(error = %e, "callback delivery task failed; record stays pending");
                        e.id()
                    }
                };
                inflight.remove(&task);
            }
            () = ctx.spool.notified() => {}
            () = tokio::time::sleep(sleep) => {}
        }
    }
    // Let attempts in flight finish and record their outcome; nothing new starts.
    while tasks.join_next().await.is_some() {}
}

fn store_trouble(e: &SpoolError, now: u64) -> u64 {
    tracing::error!(error = %e, "callback spool read failed; worker backs off");
    now.saturating_add(STORE_BACKOFF_MS)
}

async fn purge(spool: &Spool, now: u64) {
    let older_than = now.saturating_sub(ms(spool.retention()));
    match spool.purge_delivered(older_than).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(purged = n, "purged delivered callbacks past retention"),
        Err(e) => tracing::error!(error = %e, "callback spool purge failed; retried next period"),
    }
    let older_than = now.saturating_sub(ms(spool.dedupe_retention()));
    match spool.purge_fingerprints(older_than, now).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(looked_at = n, "expired callback dedupe fingerprints"),
        Err(e) => tracing::error!(error = %e, "fingerprint purge failed; retried next period"),
    }
}

/// Makes one attempt and records its outcome.
async fn attempt(ctx: Arc<Ctx>, mut rec: Record) {
    let timeout = ctx.opts.attempt_timeout;
    // The call runs in its own task so a panicking deliverer counts as a failed attempt (and
    // backs off) instead of leaving the record due and re-picked in a tight loop.
    let (deliver, job) = (ctx.deliver.clone(), rec.clone());
    let mut call = tokio::spawn(async move { deliver.deliver(&job).await });
    let outcome = match tokio::time::timeout(timeout, &mut call).await {
        Ok(Ok(o)) => o,
        Ok(Err(e)) => DeliveryOutcome::Retry(format!("deliverer failed: {e}")),
        Err(_) => {
            call.abort();
            DeliveryOutcome::Retry(format!("no answer within {} ms", ms(timeout)))
        }
    };
    let now = ctx.opts.clock.now_ms();
    rec.attempts = rec.attempts.saturating_add(1);
    let mut waited = Duration::ZERO;
    loop {
        match record(&ctx, &mut rec, outcome.clone(), now).await {
            Err(e) if waited < RECORD_PATIENCE => {
                // Not recorded, so still pending on disk; hold the slot (the record is skipped
                // while in flight) and try again, instead of posting it again every second.
                tracing::error!(id = rec.id, error = %e, "callback outcome not recorded; retrying");
                tokio::time::sleep(Duration::from_millis(STORE_BACKOFF_MS)).await;
                waited += Duration::from_millis(STORE_BACKOFF_MS);
            }
            Err(e) => {
                // Stays pending as committed before; it will be delivered again, which the
                // Idempotency-Key makes harmless.
                tracing::error!(id = rec.id, error = %e, "callback outcome not recorded; giving up");
                return;
            }
            Ok(recorded) => return report(&ctx, &rec, recorded),
        }
    }
}

/// Writes an attempt's outcome to the spool, updating `rec` to match; `Ok(false)` when the
/// record was not pending any more.
async fn record(
    ctx: &Ctx,
    rec: &mut Record,
    outcome: DeliveryOutcome,
    now: u64,
) -> Result<bool, SpoolError> {
    let spool = &ctx.spool;
    match outcome {
        DeliveryOutcome::Delivered => {
            rec.state = State::Delivered;
            rec.delivered_ms = Some(now);
            spool.mark_delivered(rec.id, now).await
        }
        DeliveryOutcome::Permanent(reason) => {
            let r = spool.mark_dead(rec.id, &reason).await;
            rec.state = State::Dead;
            rec.last_error = Some(reason);
            r
        }
        DeliveryOutcome::Retry(error) => {
            let mut rng = fastrand::Rng::new();
            let policy = &ctx.opts.policy;
            match policy.after_failure(rec.attempts, rec.retry_since_ms, now, &mut rng) {
                RetryDecision::RetryAt(at) => {
                    let r = spool.mark_retry(rec.id, at, &error).await;
                    rec.next_at_ms = at;
                    rec.last_error = Some(error);
                    r
                }
                RetryDecision::GiveUp => {
                    let reason = format!(
                        "max age {} s reached; last error: {error}",
                        policy.max_age().as_secs()
                    );
                    let r = spool.mark_dead(rec.id, &reason).await;
                    rec.state = State::Dead;
                    rec.last_error = Some(reason);
                    r
                }
            }
        }
    }
}

/// Tells the hooks what a recorded attempt came to.
fn report(ctx: &Ctx, rec: &Record, recorded: bool) {
    match recorded {
        true => match rec.state {
            State::Delivered => {
                let lag = Duration::from_millis(
                    rec.delivered_ms
                        .unwrap_or_default()
                        .saturating_sub(rec.received_ms),
                );
                ctx.hooks.delivered(rec, lag);
            }
            State::Dead => {
                tracing::warn!(id = rec.id, channel = %rec.channel, txn_id = %rec.txn_id,
                    reason = rec.last_error.as_deref().unwrap_or(""), "callback moved to dead letters");
                ctx.hooks.dead(rec);
            }
            State::Pending => ctx.hooks.retried(rec),
        },
        // Changed underneath (not pending any more); nothing to record.
        false => tracing::debug!(
            id = rec.id,
            "callback outcome not recorded: no longer pending"
        ),
    }
}
