//! The durable callback spool and its delivery worker: once a verified payment callback is
//! acknowledged to its provider, it is never lost and never delivered twice as a new event.
//!
//! What it owns:
//! - an embedded transactional store (redb, one file) holding every accepted callback, its
//!   delivery state, a dedupe index of compact fingerprints on (channel, transaction id,
//!   status) that survives restarts and outlives the records, and the missing-callback
//!   report's durable copy ([`Spool::missing_put`]);
//! - one dedicated writer thread doing group commit: every mutation waits for the fsync of the
//!   transaction that contains it, and many waiters share one fsync ([`Spool::accept`]);
//! - the retry policy ([`RetryPolicy`]: explicit steps, jitter, maximum age) and the background
//!   [`Worker`](spawn_worker) that delivers due records through a [`Deliver`] implementation and
//!   moves them to `delivered`, back to `pending` with a later due time, or to `dead`.
//!
//! What it deliberately does not own: signature verification and the provider's ack dialect
//! (they run before [`Spool::accept`]), the HTTP client that posts to the fulfillment service
//! (the integrator implements [`Deliver`]), metrics families (fed through [`WorkerHooks`] and
//! [`Spool::depth`]) and the admin HTTP routes (they call [`Spool::list`], [`Spool::get`] and
//! [`Spool::requeue`]).
//!
//! Guarantees, and their limits:
//! - **Durable before acknowledged.** [`Spool::accept`] returns `Ok` only after the write
//!   transaction holding the record committed with `Durability::Immediate` (fsync). After
//!   `kill -9`, everything that was acknowledged is on disk. An accepted `paid` or
//!   `refunded` callback removes its order's missing-report entry in that same transaction,
//!   so an acknowledged payment never reappears as missing after a crash.
//! - **Status order and dedupe.** Per (channel, txn id) the statuses rank `pending < failed <
//!   paid < refunded` (`order.rs`). A status above every one seen is stored and delivered as a
//!   new event; the same status again is [`Accepted::Duplicate`]; a lower one after a higher one
//!   is [`Accepted::Stale`]: recorded, acknowledged, never delivered. A status carrying an event
//!   ref (`refunded:{ref}`, one refund of several: `callbacks::event_status`) is a duplicate only
//!   of the same ref. The fingerprints that decide
//!   this are kept for [`SpoolOptions::dedupe_retention`] (default 90 days) and at least as long
//!   as their record; full records are kept until handled (pending, dead) or for
//!   [`SpoolOptions::retention`] after delivery (default 7 days). A replay older than the
//!   fingerprints is a new event: dialects with a signed time refuse it by age first.
//! - **Self-healing writes.** A failed write (a full disk) fails only the batch it hit; the
//!   writer then reopens the file (redb refuses every later write on a handle that saw an I/O
//!   error) and [`Spool::write_failure`] says why until a write succeeds again. The worker
//!   probes ([`Spool::probe`]) so recovery needs no traffic.
//! - **At-least-once delivery.** A record whose delivery was in flight when the process died is
//!   still `pending` on disk and is posted again after restart; on reopen every pending record
//!   is due at once. The fulfillment service must dedupe on the `Idempotency-Key`
//!   ([`Record::idempotency_key`], `{channel}:{txn_id}:{status}`), which is stable across
//!   retries, restarts and requeues, and differs per status so a `paid` after a `pending` is not
//!   deduped away.

mod backoff;
mod codec;
mod handle;
mod order;
mod store;
mod worker;
mod writer;

#[cfg(test)]
mod fault_tests;
#[cfg(test)]
mod order_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod worker_tests;

pub use backoff::{RetryDecision, RetryPolicy};
pub use handle::Spool;
pub(crate) use order::rank as status_rank;
pub use worker::{
    spawn_worker, Clock, Deliver, DeliveryOutcome, NoHooks, TokioClock, WorkerHandle, WorkerHooks,
    WorkerOptions,
};

use bytes::Bytes;
use serde::{Serialize, Serializer};
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Everything that can go wrong in the spool; expected outcomes (a duplicate, an unknown id,
/// a record that is not in the state an operation needs) are values, not errors.
#[derive(Debug, Clone, thiserror::Error)]
pub enum SpoolError {
    /// The spool file could not be created or opened (permissions, corrupt file, already open).
    #[error("spool {path}: cannot open: {source}")]
    Open {
        /// The file that was being opened.
        path: PathBuf,
        /// What redb or the file system reported.
        #[source]
        source: Arc<redb::Error>,
    },
    /// A read or write transaction failed; nothing from the failed transaction was committed.
    // The source is in the message: a log line must name the OS error (ENOSPC, EIO).
    #[error("spool store: {op} failed: {source}")]
    Store {
        /// The operation that failed, e.g. `"commit"` or `"open table"`.
        op: &'static str,
        /// What redb reported.
        #[source]
        source: Arc<redb::Error>,
    },
    /// A stored value did not decode; the file was written by an incompatible version or damaged.
    #[error("spool record {id}: {what} is corrupt")]
    Corrupt {
        /// The record id whose value failed to decode.
        id: u64,
        /// Which part failed (`"body"`, `"meta"`, `"counters"`).
        what: &'static str,
    },
    /// A callback or option was refused before touching the store.
    #[error("spool: {field} {reason}")]
    Invalid {
        /// The offending field, e.g. `"txn_id"` or `"retry.jitter"`.
        field: &'static str,
        /// Why it was refused.
        reason: &'static str,
    },
    /// The file is being reopened after a write failure and cannot be read right now.
    #[error("spool is reopening after a write failure: {reason}")]
    Reopening {
        /// The failure that made the writer reopen the file.
        reason: String,
    },
    /// The writer thread is gone (the spool is shutting down or the thread could not start).
    #[error("spool is closed")]
    Closed,
}

impl SpoolError {
    pub(crate) fn store(op: &'static str, e: impl Into<redb::Error>) -> SpoolError {
        SpoolError::Store {
            op,
            source: Arc::new(e.into()),
        }
    }
}

/// How the spool is opened; built from the `[callbacks]` config section at start.
#[derive(Clone)]
pub struct SpoolOptions {
    /// The redb file; created (with its parent directory) when missing, reopened otherwise.
    pub path: PathBuf,
    /// The most mutations one write transaction (one fsync) carries; 512 by default.
    pub batch_max: NonZeroUsize,
    /// How long delivered records are kept so a repeated notification is still recognised as a
    /// duplicate; 7 days by default. Pending and dead records are never purged.
    pub retention: Duration,
    /// How long a (channel, txn id, status) fingerprint is kept after it was first seen, so a
    /// replayed notification is still a duplicate long after its record was purged; 90 days by
    /// default. Never shorter in effect than the record it belongs to.
    pub dedupe_retention: Duration,
    /// Replaces the plain file backend; set only by tests to inject I/O faults.
    pub(crate) opener: Option<Arc<store::Opener>>,
}

impl std::fmt::Debug for SpoolOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SpoolOptions")
            .field("path", &self.path)
            .field("batch_max", &self.batch_max)
            .field("retention", &self.retention)
            .field("dedupe_retention", &self.dedupe_retention)
            .finish_non_exhaustive()
    }
}

impl SpoolOptions {
    /// Returns the defaults for a spool stored at `path`.
    pub fn new(path: impl Into<PathBuf>) -> SpoolOptions {
        SpoolOptions {
            path: path.into(),
            batch_max: NonZeroUsize::new(512).expect("512 is not zero"),
            retention: Duration::from_secs(7 * 24 * 3600),
            dedupe_retention: Duration::from_secs(90 * 24 * 3600),
            opener: None,
        }
    }
}

/// A verified callback, handed to [`Spool::accept`] before the provider is acknowledged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCallback {
    /// The payment channel name from config (`alipay`, `wechat`, …); half of the dedupe key.
    pub channel: String,
    /// The provider's transaction id; the other half of the dedupe key. Must not be empty.
    pub txn_id: String,
    /// The shop's order id, as the provider reported it.
    pub order_id: String,
    /// The normalised payment status (`paid`, `refunded`, …).
    pub status: String,
    /// When riskgate received the callback, unix milliseconds; the maximum age counts from
    /// here (until an operator requeues the record).
    pub received_ms: u64,
    /// The normalised JSON body posted to the fulfillment service.
    pub normalized: Bytes,
    /// The provider's original body, byte for byte.
    pub original: Bytes,
    /// The original body's `Content-Type`.
    pub content_type: String,
}

/// What [`Spool::accept`] did; either way the provider may now be acknowledged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accepted {
    /// The callback is new and durably stored under `id`; the worker will deliver it.
    Stored {
        /// The new record's id.
        id: u64,
    },
    /// This status of this (channel, txn id) was seen before under `id`; nothing was stored
    /// or scheduled. (`id` may be purged already: fingerprints outlive records.)
    Duplicate {
        /// The record the status was first stored as (for a stale status: the newer one).
        id: u64,
    },
    /// A status ranked below one already seen for this (channel, txn id): recorded so a repeat
    /// is a duplicate, acknowledged, never delivered (it would move the order backwards).
    Stale {
        /// The record of the highest status seen.
        newer: u64,
    },
}

impl Accepted {
    /// Returns the record id: the new one, the first one, or the newer one a stale status
    /// lost to.
    pub fn id(self) -> u64 {
        match self {
            Accepted::Stored { id } | Accepted::Duplicate { id } => id,
            Accepted::Stale { newer } => newer,
        }
    }
}

/// Where a record is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Waiting for (another) delivery attempt at `next_at_ms`; also the state of a record
    /// whose attempt is in flight, so a crash mid-delivery leaves it due again.
    Pending,
    /// The fulfillment service answered 2xx; kept for dedupe until the retention passes.
    Delivered,
    /// Given up on (maximum age or a permanent 4xx); kept until an operator requeues it.
    Dead,
}

impl State {
    pub(crate) fn code(self) -> u8 {
        match self {
            State::Pending => 0,
            State::Delivered => 1,
            State::Dead => 2,
        }
    }

    pub(crate) fn from_code(code: u8) -> Option<State> {
        match code {
            0 => Some(State::Pending),
            1 => Some(State::Delivered),
            2 => Some(State::Dead),
            _ => None,
        }
    }
}

/// One stored callback with its delivery state, as the worker and the admin API see it.
///
/// Serialises for the admin API with both bodies as UTF-8 strings (invalid bytes replaced by
/// U+FFFD; the stored bytes and the delivered bytes stay exact).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Record {
    /// Spool-assigned id, increasing in acceptance order, never reused.
    pub id: u64,
    /// Payment channel name.
    pub channel: String,
    /// Provider transaction id.
    pub txn_id: String,
    /// Shop order id.
    pub order_id: String,
    /// Normalised payment status.
    pub status: String,
    /// Delivery state.
    pub state: State,
    /// Delivery attempts made so far (reset to 0 by a requeue).
    pub attempts: u32,
    /// When the callback was received, unix ms.
    pub received_ms: u64,
    /// When a pending record is due next, unix ms; 0 means "at once" (set on reopen).
    pub next_at_ms: u64,
    /// Start of the current retry cycle, unix ms: `received_ms`, or the time of the last
    /// requeue. The maximum age counts from here, so a requeued dead letter gets a full
    /// schedule again.
    pub retry_since_ms: u64,
    /// When the fulfillment service accepted it, unix ms.
    pub delivered_ms: Option<u64>,
    /// The last failure (retry reason, permanent refusal, or max-age note), at most 1 KiB.
    pub last_error: Option<String>,
    /// The normalised JSON body to post.
    #[serde(serialize_with = "lossy_utf8")]
    pub normalized: Bytes,
    /// The provider's original body.
    #[serde(serialize_with = "lossy_utf8")]
    pub original: Bytes,
    /// The original body's `Content-Type`.
    pub content_type: String,
    /// Stored by a version that keyed deliveries without the status; see
    /// [`Record::idempotency_key`].
    #[serde(skip)]
    pub legacy_key: bool,
}

impl Record {
    /// Returns the `Idempotency-Key` header value the deliverer sends:
    /// `{channel}:{txn_id}:{status}`.
    ///
    /// It is the dedupe key itself, so it is identical on every retry, after a restart and
    /// after a requeue; the fulfillment service dedupes on it to turn at-least-once into
    /// exactly-once. It names the status because each status of a transaction is its own
    /// event: keyed `{channel}:{txn_id}` alone, a service that saw `pending` would drop the
    /// `paid` that follows. A record stored before this rule (a v1 body) keeps the old
    /// `{channel}:{txn_id}`, so a delivery retried across the upgrade is still deduped.
    pub fn idempotency_key(&self) -> String {
        let mut key =
            String::with_capacity(self.channel.len() + self.txn_id.len() + self.status.len() + 2);
        key.push_str(&self.channel);
        key.push(':');
        key.push_str(&self.txn_id);
        if !self.legacy_key {
            key.push(':');
            key.push_str(&self.status);
        }
        key
    }
}

fn lossy_utf8<S: Serializer>(b: &Bytes, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&String::from_utf8_lossy(b))
}

/// Spool depth for the metrics gauges; read from atomics, updated after each commit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Depth {
    /// Records waiting for delivery (including those in flight).
    pub pending: u64,
    /// Dead letters waiting for an operator.
    pub dead: u64,
}
