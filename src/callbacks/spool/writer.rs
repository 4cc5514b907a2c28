//! The single writer thread: group commit for every mutation of the spool.
//!
//! Owns the ordering and batching of writes. Callers on the async runtime send an [`Op`] with a
//! oneshot and await it; the thread takes everything queued (up to `batch_max`), applies it in
//! ONE write transaction, commits with `Durability::Immediate` (fsync) and only then answers
//! every waiter. So an `Ok` always means "on disk", and a thousand concurrent accepts cost a
//! handful of fsyncs instead of a thousand. If anything in the batch hits a storage error, the
//! whole transaction is dropped uncommitted and every waiter gets the error: none of them was
//! acknowledged, so the provider retries its notification.
//!
//! A storage error may leave redb's handle refusing every later write (`PreviousIo`: it
//! latches after any I/O error), so after one the thread closes the file and opens it again
//! (redb repairs it from the last commit), before the next batch if the first try fails. Until
//! a commit succeeds, [`Shared::failure`] holds the error (with the OS error) for `/readyz`.
//!
//! Does not own reads (they run on `spawn_blocking` against redb's MVCC snapshots, beside this
//! thread) nor the table layout (`store/`).

use super::store::{self, Change, Counters, Opener, Tables};
use super::{Accepted, NewCallback, SpoolError, State};
use redb::Database;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, oneshot, Notify};

/// Longest wait for reads to let go of a handle being reopened; they are short snapshots.
const CLOSE_WAIT: Duration = Duration::from_secs(5);

/// State shared between the writer thread and every [`Spool`](super::Spool) handle.
#[derive(Debug, Default)]
pub(crate) struct Shared {
    /// Pending records, as of the last commit.
    pub pending: AtomicU64,
    /// Dead records, as of the last commit.
    pub dead: AtomicU64,
    /// Signalled after a commit that made something newly due (a stored accept, a requeue).
    pub wake: Notify,
    /// The open database; `None` while the writer reopens it after a write failure.
    pub db: RwLock<Option<Arc<Database>>>,
    /// Why the last write failed, with its OS error; `None` once a commit succeeded.
    pub failure: Mutex<Option<String>>,
    /// Batches that failed to commit, ever.
    pub write_errors: AtomicU64,
    /// Set while the writer closes and reopens the file; reads wait for it.
    pub reopening: AtomicBool,
}

impl Shared {
    /// Returns the current database handle for a read. While the writer is reopening the
    /// file (milliseconds) it waits, bounded by [`CLOSE_WAIT`]; blocking, so only called on
    /// blocking threads.
    pub(crate) fn db(&self) -> Result<Arc<Database>, SpoolError> {
        let started = Instant::now();
        loop {
            if let Some(db) = self.db.read().unwrap_or_else(|p| p.into_inner()).clone() {
                return Ok(db);
            }
            if !self.reopening.load(Ordering::Acquire) || started.elapsed() > CLOSE_WAIT {
                return Err(SpoolError::Reopening {
                    reason: self.failure().unwrap_or_else(|| "reopening".into()),
                });
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    /// Returns why writes fail right now, if they do.
    pub(crate) fn failure(&self) -> Option<String> {
        self.failure
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn set_failure(&self, f: Option<String>) {
        *self.failure.lock().unwrap_or_else(|p| p.into_inner()) = f;
    }

    fn set_db(&self, db: Option<Arc<Database>>) {
        *self.db.write().unwrap_or_else(|p| p.into_inner()) = db;
    }

    fn publish(&self, c: &Counters) {
        self.pending.store(c.pending, Ordering::Relaxed);
        self.dead.store(c.dead, Ordering::Relaxed);
    }
}

/// A state change, owned so it can cross the channel.
#[derive(Debug)]
pub(crate) enum OwnedChange {
    Delivered { now_ms: u64 },
    Retry { next_at_ms: u64, error: String },
    Dead { reason: String },
    Requeue { now_ms: u64 },
}

impl OwnedChange {
    fn borrow(&self) -> Change<'_> {
        match self {
            OwnedChange::Delivered { now_ms } => Change::Delivered { now_ms: *now_ms },
            OwnedChange::Retry { next_at_ms, error } => Change::Retry {
                next_at_ms: *next_at_ms,
                error,
            },
            OwnedChange::Dead { reason } => Change::Dead { reason },
            OwnedChange::Requeue { now_ms } => Change::Requeue { now_ms: *now_ms },
        }
    }
}

type Reply<T> = oneshot::Sender<Result<T, SpoolError>>;

/// One mutation waiting for the next commit. `out` is filled while the batch is applied and
/// sent only once the batch committed.
pub(crate) enum Op {
    Accept {
        cb: NewCallback,
        reply: Reply<Accepted>,
        out: Option<Result<Accepted, SpoolError>>,
    },
    Change {
        id: u64,
        from: State,
        change: OwnedChange,
        reply: Reply<bool>,
        out: Option<Result<bool, SpoolError>>,
    },
    Purge {
        older_than_ms: u64,
        max: usize,
        reply: Reply<usize>,
        out: Option<Result<usize, SpoolError>>,
    },
    /// Any other mutation with a count (or nothing) to answer.
    Other {
        change: OtherChange,
        reply: Reply<usize>,
        out: Option<Result<usize, SpoolError>>,
    },
}

/// The spool's smaller mutations: fingerprint expiry, the missing report's copy, a probe.
#[derive(Debug)]
pub(crate) enum OtherChange {
    PurgeFingerprints {
        older_than_ms: u64,
        now_ms: u64,
        max: usize,
    },
    MissingPut {
        order_id: String,
        at_ms: u64,
        entry: Vec<u8>,
    },
    MissingRemove {
        order_id: String,
    },
    MissingForget {
        older_than_ms: u64,
        max: usize,
    },
    /// A durable commit of about one callback's size: tells whether the disk takes writes
    /// again ([`super::store::PROBE_BYTES`]; an empty commit succeeds on a full disk).
    Probe,
    /// Empties the probe row after a probe committed.
    ProbeClear,
}

impl OtherChange {
    fn apply(&self, t: &mut Tables<'_>) -> Result<usize, SpoolError> {
        match self {
            OtherChange::PurgeFingerprints {
                older_than_ms,
                now_ms,
                max,
            } => t.purge_fingerprints(*older_than_ms, *now_ms, *max),
            OtherChange::MissingPut {
                order_id,
                at_ms,
                entry,
            } => t.put_missing(order_id, *at_ms, entry).map(|()| 1),
            OtherChange::MissingRemove { order_id } => t.remove_missing(order_id).map(|()| 1),
            OtherChange::MissingForget { older_than_ms, max } => {
                t.forget_missing(*older_than_ms, *max)
            }
            OtherChange::Probe => t.put_probe().map(|()| 0),
            OtherChange::ProbeClear => t.clear_probe().map(|()| 0),
        }
    }
}

/// Where the file is and how to open it again after a write failure.
pub(crate) struct Reopen {
    pub path: PathBuf,
    pub opener: Option<Arc<Opener>>,
}

/// Starts the writer thread; it exits (dropping its database handle) once every sender is gone
/// and the queue is drained.
pub(crate) fn spawn(
    db: Arc<Database>,
    counters: Counters,
    shared: Arc<Shared>,
    rx: mpsc::Receiver<Op>,
    batch_max: usize,
    reopen: Reopen,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    shared.publish(&counters);
    shared.set_db(Some(db.clone()));
    std::thread::Builder::new()
        .name("spool-writer".into())
        .spawn(move || run(Some(db), counters, &shared, rx, batch_max, &reopen))
}

fn run(
    mut db: Option<Arc<Database>>,
    mut counters: Counters,
    shared: &Shared,
    mut rx: mpsc::Receiver<Op>,
    batch_max: usize,
    reopen: &Reopen,
) {
    let mut batch: Vec<Op> = Vec::with_capacity(batch_max);
    let mut buf = Vec::new();
    while let Some(first) = rx.blocking_recv() {
        batch.push(first);
        while batch.len() < batch_max {
            match rx.try_recv() {
                Ok(op) => batch.push(op),
                Err(_) => break,
            }
        }
        if db.is_none() {
            db = open_again(shared, reopen);
        }
        let mut next = counters;
        let applied = match &db {
            Some(d) => apply(d, &mut batch, &mut next, &mut buf),
            None => Err(SpoolError::Reopening {
                reason: shared.failure().unwrap_or_default(),
            }),
        };
        match applied {
            Ok(wake) => {
                counters = next;
                shared.publish(&counters);
                if shared.failure().is_some() {
                    tracing::info!("spool writes succeed again");
                    shared.set_failure(None);
                }
                answer(&mut batch, None);
                if wake {
                    shared.wake.notify_one();
                }
            }
            Err(e) => {
                shared.write_errors.fetch_add(1, Ordering::Relaxed);
                tracing::error!(error = %e, ops = batch.len(), "spool batch not committed");
                let newly_failing = shared.failure().is_none();
                if !matches!(e, SpoolError::Reopening { .. }) {
                    shared.set_failure(Some(e.to_string()));
                }
                // redb refuses every write on a handle that saw an I/O error: start afresh,
                // before answering, so whoever hears of the failure finds the file reopened.
                if let Some(old) = db.take() {
                    close(shared, old);
                    db = open_again(shared, reopen);
                }
                answer(&mut batch, Some(e));
                // On the first failure, wake the worker: it then probes every second while
                // writes fail, so the spool (and /readyz) recovers once space returns even if
                // no callback arrives and nothing is due (an idle worker would otherwise sleep
                // until its next purge). Only the first: a failed probe waking the worker
                // again would turn its one-second probe into a busy loop.
                if newly_failing {
                    shared.wake.notify_one();
                }
            }
        }
    }
}

/// Takes the handle away from readers and waits (bounded) until the last one let go, so the
/// file is closed and its lock released.
fn close(shared: &Shared, old: Arc<Database>) {
    shared.reopening.store(true, Ordering::Release);
    shared.set_db(None);
    let weak = Arc::downgrade(&old);
    drop(old);
    let started = Instant::now();
    while weak.strong_count() > 0 && started.elapsed() < CLOSE_WAIT {
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// Opens the file again; `None` (logged) when that fails too, to be retried with the next
/// batch or probe.
fn open_again(shared: &Shared, reopen: &Reopen) -> Option<Arc<Database>> {
    shared.reopening.store(true, Ordering::Release);
    let opened = store::open_db(&reopen.path, reopen.opener.as_deref());
    let reopened = match opened {
        Ok(db) => {
            let db = Arc::new(db);
            // Published before the flag drops, so a waiting read finds it.
            shared.set_db(Some(db.clone()));
            tracing::warn!(path = %reopen.path.display(), "spool file reopened after a write failure");
            Some(db)
        }
        Err(e) => {
            tracing::error!(error = %e, "spool file cannot be reopened yet");
            shared.set_failure(Some(e.to_string()));
            None
        }
    };
    shared.reopening.store(false, Ordering::Release);
    reopened
}

/// Whether an accepted callback of this (normalised) status ends its order's entry in the
/// missing-callback report: money arrived (`paid`), or went back (`refunded`).
fn clears_missing(status: &str) -> bool {
    matches!(super::order::label(status), "paid" | "refunded")
}

/// Applies every op of the batch in one transaction and commits; returns whether the worker
/// should wake. A storage error aborts the batch; a corrupt record fails only its own op.
fn apply(
    db: &Database,
    batch: &mut [Op],
    c: &mut Counters,
    buf: &mut Vec<u8>,
) -> Result<bool, SpoolError> {
    let txn = store::begin_write(db)?;
    let mut wake = false;
    {
        let mut t = Tables::open(&txn)?;
        for op in batch.iter_mut() {
            match op {
                Op::Accept { cb, out, .. } => {
                    let r = fatal(t.accept(cb, c, buf))?;
                    wake |= matches!(r, Ok(Accepted::Stored { .. }));
                    // Money ends the order's missing-report wait in the same commit as the
                    // callback itself: once acknowledged, a crash cannot bring it back.
                    if r.is_ok() && clears_missing(&cb.status) {
                        t.remove_missing(&cb.order_id)?;
                    }
                    *out = Some(r);
                }
                Op::Change {
                    id,
                    from,
                    change,
                    out,
                    ..
                } => {
                    let r = fatal(t.transition(*id, *from, change.borrow(), c, buf))?;
                    wake |= matches!(change, OwnedChange::Requeue { .. }) && matches!(r, Ok(true));
                    *out = Some(r);
                }
                Op::Purge {
                    older_than_ms,
                    max,
                    out,
                    ..
                } => *out = Some(fatal(t.purge_delivered(*older_than_ms, *max))?),
                Op::Other { change, out, .. } => *out = Some(fatal(change.apply(&mut t))?),
            }
        }
        t.save_counters(c)?;
    }
    store::commit(txn)?;
    Ok(wake)
}

/// Splits an op's result into "fails the batch" (storage) and "fails this op" (the rest).
fn fatal<T>(r: Result<T, SpoolError>) -> Result<Result<T, SpoolError>, SpoolError> {
    match r {
        Err(e @ SpoolError::Store { .. }) => Err(e),
        other => Ok(other),
    }
}

/// Sends each op its result, or `failed` to all when the batch did not commit.
fn answer(batch: &mut Vec<Op>, failed: Option<SpoolError>) {
    // A waiter that went away (its task was cancelled) simply misses the answer; the commit
    // stands either way.
    for op in batch.drain(..) {
        match op {
            Op::Accept { reply, out, .. } => {
                let _ = reply.send(result(out, &failed));
            }
            Op::Change { reply, out, .. } => {
                let _ = reply.send(result(out, &failed));
            }
            Op::Purge { reply, out, .. } | Op::Other { reply, out, .. } => {
                let _ = reply.send(result(out, &failed));
            }
        }
    }
}

fn result<T>(
    out: Option<Result<T, SpoolError>>,
    failed: &Option<SpoolError>,
) -> Result<T, SpoolError> {
    match (failed, out) {
        (Some(e), _) => Err(e.clone()),
        (None, Some(r)) => r,
        // Every op gets `out` before a commit can succeed; treat a gap as not committed.
        (None, None) => Err(SpoolError::Closed),
    }
}
