//! [`Spool`], the cheap-to-clone async handle the proxy, the worker and the admin API share.
//!
//! Owns the async surface: writes go to the writer thread and wait for their commit; reads run
//! on `spawn_blocking` against a redb read snapshot, so no redb I/O ever runs on a runtime
//! worker thread. Does not own the schema (`store/`) or the batching (`writer.rs`).

use super::store::{self, Reader};
use super::writer::{self, Op, OtherChange, OwnedChange, Reopen, Shared};
use super::{Accepted, Depth, NewCallback, Record, SpoolError, SpoolOptions, State};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};

/// How many delivered records one purge transaction removes, so a large purge never holds
/// up accepts queued behind it for long.
const PURGE_CHUNK: usize = 4096;

/// The durable callback spool: one redb file, one writer thread, shared by cheap clones.
///
/// Dropping the last clone closes the channel, lets the writer finish what is queued, and joins
/// it (a short block of the dropping thread), which releases the file so it can be reopened.
#[derive(Clone)]
pub struct Spool {
    inner: Arc<Inner>,
}

struct Inner {
    tx: Option<mpsc::Sender<Op>>,
    shared: Arc<Shared>,
    retention: Duration,
    dedupe_retention: Duration,
    writer: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        // Closing the sender ends the writer's loop after it drained the queue.
        self.tx.take();
        if let Some(h) = self.writer.take() {
            let _ = h.join();
        }
    }
}

impl std::fmt::Debug for Spool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Spool")
            .field("depth", &self.depth())
            .finish()
    }
}

impl Spool {
    /// Opens the spool file, creating it when missing, and starts the writer thread.
    ///
    /// Called once at start (it blocks: file I/O and, on reopen, rescheduling every pending
    /// record to be due at once, since any of them may have been in flight when the previous
    /// process died). The spool is not reopened on config reload.
    pub fn open(opts: SpoolOptions) -> Result<Spool, SpoolError> {
        let db = Arc::new(store::open_db(&opts.path, opts.opener.as_deref())?);
        let counters = store::init(&db)?;
        let shared = Arc::new(Shared::default());
        let batch_max = opts.batch_max.get();
        // Bounded: when the disk cannot keep up, accepts wait here instead of growing memory.
        let (tx, rx) = mpsc::channel(batch_max.saturating_mul(8));
        let reopen = Reopen {
            path: opts.path.clone(),
            opener: opts.opener.clone(),
        };
        let writer =
            writer::spawn(db, counters, shared.clone(), rx, batch_max, reopen).map_err(|e| {
                SpoolError::Open {
                    path: opts.path.clone(),
                    source: Arc::new(e.into()),
                }
            })?;
        Ok(Spool {
            inner: Arc::new(Inner {
                tx: Some(tx),
                shared,
                retention: opts.retention,
                dedupe_retention: opts.dedupe_retention,
                writer: Some(writer),
            }),
        })
    }

    async fn send<T>(
        &self,
        make: impl FnOnce(oneshot::Sender<Result<T, SpoolError>>) -> Op,
    ) -> Result<T, SpoolError> {
        let tx = self.inner.tx.as_ref().ok_or(SpoolError::Closed)?;
        let (reply, rx) = oneshot::channel();
        tx.send(make(reply)).await.map_err(|_| SpoolError::Closed)?;
        rx.await.map_err(|_| SpoolError::Closed)?
    }

    async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Reader) -> Result<T, SpoolError> + Send + 'static,
    ) -> Result<T, SpoolError> {
        let shared = self.inner.shared.clone();
        tokio::task::spawn_blocking(move || f(&Reader::begin(&*shared.db()?)?))
            .await
            .map_err(|_| SpoolError::Closed)?
    }

    /// Durably stores a verified callback, or recognises it as a repeat.
    ///
    /// Called by the callback route after verification and before acknowledging the provider.
    /// `Ok` means the record (or the earlier one it duplicates) is committed and fsynced: the
    /// provider may be acknowledged either way. On `Err` nothing is acknowledged; answer the
    /// provider with a failure so it notifies again. An empty channel or txn id is refused.
    pub async fn accept(&self, cb: NewCallback) -> Result<Accepted, SpoolError> {
        if cb.channel.is_empty() {
            return Err(SpoolError::Invalid {
                field: "channel",
                reason: "must not be empty",
            });
        }
        if cb.txn_id.is_empty() {
            return Err(SpoolError::Invalid {
                field: "txn_id",
                reason: "must not be empty",
            });
        }
        self.send(|reply| Op::Accept {
            cb,
            reply,
            out: None,
        })
        .await
    }

    /// Returns up to `limit` pending records due at `now_ms` (unix ms), earliest due first
    /// (ties by id).
    pub async fn due(&self, now_ms: u64, limit: usize) -> Result<Vec<Record>, SpoolError> {
        self.read(move |r| r.due(now_ms, limit, &[])).await
    }

    /// Like [`Spool::due`], leaving out the records the caller already has in flight.
    pub(crate) async fn due_skipping(
        &self,
        now_ms: u64,
        limit: usize,
        skip: Vec<u64>,
    ) -> Result<Vec<Record>, SpoolError> {
        self.read(move |r| r.due(now_ms, limit, &skip)).await
    }

    /// Returns the earliest due time (unix ms) strictly after `now_ms`, or `None` when no
    /// pending record is scheduled later; the worker sleeps until then.
    pub async fn next_due_after(&self, now_ms: u64) -> Result<Option<u64>, SpoolError> {
        self.read(move |r| r.next_due_after(now_ms)).await
    }

    async fn change(&self, id: u64, from: State, change: OwnedChange) -> Result<bool, SpoolError> {
        self.send(|reply| Op::Change {
            id,
            from,
            change,
            reply,
            out: None,
        })
        .await
    }

    /// Records a successful attempt: pending → delivered at `now_ms`, attempts + 1.
    ///
    /// Returns `false` (and changes nothing) when the record is unknown or not pending.
    pub async fn mark_delivered(&self, id: u64, now_ms: u64) -> Result<bool, SpoolError> {
        self.change(id, State::Pending, OwnedChange::Delivered { now_ms })
            .await
    }

    /// Records a failed attempt to be retried at `next_at_ms`, keeping `error` (cut to 1 KiB).
    ///
    /// Returns `false` when the record is unknown or not pending.
    pub async fn mark_retry(
        &self,
        id: u64,
        next_at_ms: u64,
        error: &str,
    ) -> Result<bool, SpoolError> {
        let error = error.to_owned();
        self.change(id, State::Pending, OwnedChange::Retry { next_at_ms, error })
            .await
    }

    /// Records a final failed attempt: pending → dead with `reason` (cut to 1 KiB).
    ///
    /// Returns `false` when the record is unknown or not pending.
    pub async fn mark_dead(&self, id: u64, reason: &str) -> Result<bool, SpoolError> {
        let reason = reason.to_owned();
        self.change(id, State::Pending, OwnedChange::Dead { reason })
            .await
    }

    /// Puts a dead letter back in the queue, due at `now_ms`, with attempts reset to 0 and a
    /// fresh retry cycle (the maximum age counts from `now_ms` for it).
    ///
    /// Called by the admin API. Returns `false` when the record is unknown or not dead.
    pub async fn requeue(&self, id: u64, now_ms: u64) -> Result<bool, SpoolError> {
        self.change(id, State::Dead, OwnedChange::Requeue { now_ms })
            .await
    }

    /// Returns one record with its bodies, or `None` when unknown or already purged.
    pub async fn get(&self, id: u64) -> Result<Option<Record>, SpoolError> {
        self.read(move |r| r.record(id)).await
    }

    /// Returns up to `limit` records in `state` (any state for `None`), newest first.
    ///
    /// `before_id` pages: pass the smallest id of the previous page to get the next one.
    pub async fn list(
        &self,
        state: Option<State>,
        before_id: Option<u64>,
        limit: usize,
    ) -> Result<Vec<Record>, SpoolError> {
        self.read(move |r| r.list(state, before_id, limit)).await
    }

    /// Returns the pending and dead counts as of the last commit; two atomic loads.
    pub fn depth(&self) -> Depth {
        Depth {
            pending: self.inner.shared.pending.load(Ordering::Relaxed),
            dead: self.inner.shared.dead.load(Ordering::Relaxed),
        }
    }

    /// Returns how long delivered records are kept for dedupe ([`SpoolOptions::retention`]).
    pub fn retention(&self) -> Duration {
        self.inner.retention
    }

    /// Removes delivered records delivered before `older_than_ms` (unix ms), with their dedupe
    /// entries; returns how many. Runs in chunks so accepts interleave with a large purge.
    ///
    /// Called periodically by the worker with `now - retention`. Pending and dead records are
    /// never purged.
    pub async fn purge_delivered(&self, older_than_ms: u64) -> Result<usize, SpoolError> {
        let mut total = 0;
        loop {
            let n = self
                .send(|reply| Op::Purge {
                    older_than_ms,
                    max: PURGE_CHUNK,
                    reply,
                    out: None,
                })
                .await?;
            total += n;
            if n < PURGE_CHUNK {
                return Ok(total);
            }
        }
    }

    /// Returns how long fingerprints are kept ([`SpoolOptions::dedupe_retention`]).
    ///
    /// [`SpoolOptions::dedupe_retention`]: super::SpoolOptions::dedupe_retention
    pub fn dedupe_retention(&self) -> Duration {
        self.inner.dedupe_retention
    }

    async fn other(&self, change: OtherChange) -> Result<usize, SpoolError> {
        self.send(|reply| Op::Other {
            change,
            reply,
            out: None,
        })
        .await
    }

    /// Expires fingerprints first seen before `older_than_ms` whose record is gone; returns how
    /// many were looked at. Chunked like [`Spool::purge_delivered`]. Called by the worker with
    /// `now - dedupe_retention`.
    pub async fn purge_fingerprints(
        &self,
        older_than_ms: u64,
        now_ms: u64,
    ) -> Result<usize, SpoolError> {
        let mut total = 0;
        loop {
            let n = self
                .other(OtherChange::PurgeFingerprints {
                    older_than_ms,
                    now_ms,
                    max: PURGE_CHUNK,
                })
                .await?;
            total += n;
            if n < PURGE_CHUNK {
                return Ok(total);
            }
        }
    }

    /// Returns why writes fail right now (the error, with the OS error), or `None` when the
    /// last write committed. `/readyz` reports not ready while it is `Some`.
    pub fn write_failure(&self) -> Option<String> {
        self.inner.shared.failure()
    }

    /// Returns how many write batches failed to commit since open (for
    /// `riskgate_spool_write_errors_total`).
    pub fn write_errors(&self) -> u64 {
        self.inner.shared.write_errors.load(Ordering::Relaxed)
    }

    /// Durably writes (then removes) about one callback's worth of bytes: `Ok` means the disk
    /// takes a callback again (and clears [`Spool::write_failure`]). The worker calls it while
    /// writes fail, so the spool recovers without waiting for a callback. An empty commit
    /// would not do: it succeeds on a full disk, and `/readyz` would turn ready while every
    /// callback is refused.
    pub async fn probe(&self) -> Result<(), SpoolError> {
        self.other(OtherChange::Probe).await?;
        // The row is rewritten by the next probe if this fails; nothing reads it.
        let _ = self.other(OtherChange::ProbeClear).await;
        Ok(())
    }

    /// Durably stores the missing-report entry `entry` (opaque bytes) of `order_id`, dated
    /// `at_ms`, replacing an earlier one. Queued without waiting: the caller is on the payment
    /// path, and the entry commits with the next batch (milliseconds). Entries are applied in
    /// call order.
    pub fn missing_put(&self, order_id: &str, at_ms: u64, entry: Vec<u8>) {
        self.enqueue(OtherChange::MissingPut {
            order_id: order_id.to_owned(),
            at_ms,
            entry,
        });
    }

    /// Durably removes the missing-report entry of `order_id`; queued like
    /// [`Spool::missing_put`].
    pub fn missing_remove(&self, order_id: &str) {
        self.enqueue(OtherChange::MissingRemove {
            order_id: order_id.to_owned(),
        });
    }

    /// Removes missing-report entries dated before `older_than_ms` (up to a large chunk; the
    /// next call takes the rest); queued like [`Spool::missing_put`].
    pub fn missing_forget(&self, older_than_ms: u64) {
        self.enqueue(OtherChange::MissingForget {
            older_than_ms,
            max: PURGE_CHUNK,
        });
    }

    /// Returns every stored missing-report entry as (order id, at ms, entry). Blocking: read
    /// once at start, before serving, to rebuild the report after a restart.
    pub fn missing_entries_blocking(&self) -> Result<Vec<(String, u64, Vec<u8>)>, SpoolError> {
        Reader::begin(&*self.inner.shared.db()?)?.missing()
    }

    /// Sends a write without waiting for its commit. A full queue (the disk is far behind)
    /// falls back to a task that waits for room, so the write is late rather than lost.
    fn enqueue(&self, change: OtherChange) {
        let Some(tx) = self.inner.tx.as_ref() else {
            return;
        };
        let (reply, _) = oneshot::channel();
        let op = Op::Other {
            change,
            reply,
            out: None,
        };
        match tx.try_send(op) {
            Ok(()) => {}
            Err(mpsc::error::TrySendError::Full(op)) => {
                let tx = tx.clone();
                match tokio::runtime::Handle::try_current() {
                    Ok(h) => {
                        h.spawn(async move {
                            let _ = tx.send(op).await;
                        });
                    }
                    Err(_) => tracing::warn!("spool queue full; a missing-report update is lost"),
                }
            }
            Err(mpsc::error::TrySendError::Closed(_)) => {}
        }
    }

    /// Waits until a commit made something newly due (a stored accept or a requeue).
    pub(crate) async fn notified(&self) {
        self.inner.shared.wake.notified().await
    }
}
