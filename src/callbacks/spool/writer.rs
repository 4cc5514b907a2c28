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
//! Does not own reads (they run on `spawn_blocking` against redb's MVCC snapshots, beside this
//! thread) nor the table layout (`store.rs`).

use super::store::{self, Change, Counters, Tables};
use super::{Accepted, NewCallback, SpoolError, State};
use redb::Database;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot, Notify};

/// State shared between the writer thread and every [`Spool`](super::Spool) handle.
#[derive(Debug, Default)]
pub(crate) struct Shared {
    /// Pending records, as of the last commit.
    pub pending: AtomicU64,
    /// Dead records, as of the last commit.
    pub dead: AtomicU64,
    /// Signalled after a commit that made something newly due (a stored accept, a requeue).
    pub wake: Notify,
}

impl Shared {
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
}

/// Starts the writer thread; it exits (dropping its database handle) once every sender is gone
/// and the queue is drained.
pub(crate) fn spawn(
    db: Arc<Database>,
    counters: Counters,
    shared: Arc<Shared>,
    rx: mpsc::Receiver<Op>,
    batch_max: usize,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    shared.publish(&counters);
    std::thread::Builder::new()
        .name("spool-writer".into())
        .spawn(move || run(&db, counters, &shared, rx, batch_max))
}

fn run(
    db: &Database,
    mut counters: Counters,
    shared: &Shared,
    mut rx: mpsc::Receiver<Op>,
    batch_max: usize,
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
        let mut next = counters;
        match apply(db, &mut batch, &mut next, &mut buf) {
            Ok(wake) => {
                counters = next;
                shared.publish(&counters);
                answer(&mut batch, None);
                if wake {
                    shared.wake.notify_one();
                }
            }
            Err(e) => {
                tracing::error!(error = %e, ops = batch.len(), "spool batch not committed");
                answer(&mut batch, Some(e));
            }
        }
    }
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
            Op::Purge { reply, out, .. } => {
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
