//! The durable callback spool and its delivery worker: once a verified payment callback is
//! acknowledged to its provider, it is never lost and never delivered twice as a new event.
//!
//! What it owns:
//! - an embedded transactional store (redb, one file) holding every accepted callback, its
//!   delivery state and a dedupe index on (channel, transaction id) that survives restarts;
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
//!   `kill -9`, everything that was acknowledged is on disk.
//! - **Dedupe.** A repeated (channel, txn id) is answered [`Accepted::Duplicate`] with the first
//!   record's id and is not delivered again, for as long as the first record is kept: pending
//!   and dead records are kept until handled; delivered ones for [`SpoolOptions::retention`]
//!   (default 7 days), after which the worker purges them and a very late repeat is a new event.
//! - **At-least-once delivery.** A record whose delivery was in flight when the process died is
//!   still `pending` on disk and is posted again after restart; on reopen every pending record
//!   is due at once. The fulfillment service must dedupe on the `Idempotency-Key`
//!   ([`Record::idempotency_key`], `{channel}:{txn_id}`), which is stable across retries,
//!   restarts and requeues.

mod backoff;
mod codec;
mod handle;
mod store;
mod worker;
mod writer;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod worker_tests;

pub use backoff::{RetryDecision, RetryPolicy};
pub use handle::Spool;
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
    #[error("spool {path}: cannot open")]
    Open {
        /// The file that was being opened.
        path: PathBuf,
        /// What redb or the file system reported.
        #[source]
        source: Arc<redb::Error>,
    },
    /// A read or write transaction failed; nothing from the failed transaction was committed.
    #[error("spool store: {op} failed")]
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
#[derive(Debug, Clone)]
pub struct SpoolOptions {
    /// The redb file; created (with its parent directory) when missing, reopened otherwise.
    pub path: PathBuf,
    /// The most mutations one write transaction (one fsync) carries; 512 by default.
    pub batch_max: NonZeroUsize,
    /// How long delivered records are kept so a repeated notification is still recognised as a
    /// duplicate; 7 days by default. Pending and dead records are never purged.
    pub retention: Duration,
}

impl SpoolOptions {
    /// Returns the defaults for a spool stored at `path`.
    pub fn new(path: impl Into<PathBuf>) -> SpoolOptions {
        SpoolOptions {
            path: path.into(),
            batch_max: NonZeroUsize::new(512).expect("512 is not zero"),
            retention: Duration::from_secs(7 * 24 * 3600),
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
    /// The (channel, txn id) was seen before under `id`; nothing was stored or scheduled.
    Duplicate {
        /// The first record's id.
        id: u64,
    },
}

impl Accepted {
    /// Returns the record id, new or existing.
    pub fn id(self) -> u64 {
        match self {
            Accepted::Stored { id } | Accepted::Duplicate { id } => id,
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
}

impl Record {
    /// Returns the `Idempotency-Key` header value the deliverer sends: `{channel}:{txn_id}`.
    ///
    /// It is the dedupe key itself, so it is identical on every retry, after a restart and
    /// after a requeue; the fulfillment service dedupes on it to turn at-least-once into
    /// exactly-once.
    pub fn idempotency_key(&self) -> String {
        let mut key = String::with_capacity(self.channel.len() + 1 + self.txn_id.len());
        key.push_str(&self.channel);
        key.push(':');
        key.push_str(&self.txn_id);
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
