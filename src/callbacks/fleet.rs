//! Callback dedupe across a fleet of edges (`[state] backend = "redis"`): a provider that
//! retries one notification to another edge gets it acknowledged there as a duplicate,
//! and fulfillment receives it once; a new status of the same transaction is still
//! delivered.
//!
//! Owns the order of the steps and what each fault means; the Redis side is
//! `state::CallbackClaims`, durability is the local [`Spool`], which stays the source of
//! truth:
//! 1. claim (channel, txn id, status) in Redis, within `[state] timeout`;
//! 2. claimed → [`Spool::accept`] (fsync) → confirm the claim (stored) → acknowledge;
//!    the spool refused it → release the claim and do not acknowledge (the provider
//!    retries, to any edge);
//! 3. seen or stale on some edge → acknowledge without spooling (that edge's spool holds
//!    the event durably); another edge's claim still in its lease → not acknowledged
//!    (503), so the provider retries once that edge has committed or its lease ended;
//! 4. Redis down, slow or its breaker open → local dedupe only ([`Spool::accept`]) and
//!    deliver: at least once, never dropped; fulfillment dedupes on the `Idempotency-Key`.
//!
//! Each outcome counts in `riskgate_callback_fleet_dedupe_total{outcome}`.
//!
//! Also: [`publish_paid`] puts an order whose `paid` callback this edge accepted on the
//! fleet's paid journal, which every edge follows (`server::fleet_callbacks`) to clear it
//! from its own missing-callback report: a payment made through edge A whose callback
//! reached edge B is not reported missing on A.

use super::spool::{status_rank, Accepted, NewCallback, Spool, SpoolError};
use crate::state::{CallbackClaims, ClaimOutcome, PaidJournal, RedisState, CLAIM_LEASE};
use prometheus::IntCounterVec;
use std::sync::Arc;
use std::time::Duration;

/// What happened to a callback; every variant but `InFlight` may be acknowledged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FleetAccepted {
    /// The local spool decided (stored, duplicate or stale on this edge).
    Local(Accepted),
    /// Another edge stored (or recorded) this status already: a duplicate.
    FleetDuplicate,
    /// Another edge stored a higher status of the transaction: stale, recorded only.
    FleetStale,
    /// Another edge holds the claim and has not committed yet: do not acknowledge.
    InFlight,
}

/// Every label of `riskgate_callback_fleet_dedupe_total`, for priming.
pub const OUTCOMES: [&str; 7] = [
    "claimed",
    "duplicate",
    "stale",
    "in_flight",
    "unavailable",
    "unconfirmed",
    "released",
];

/// Accepts one verified callback: through the fleet claim when `fleet` is set, else (or
/// when Redis cannot answer) through the local spool alone. `ttl` is how long Redis
/// remembers a stored status (the callbacks' `retention`); `now_ms` the arrival time.
pub async fn accept(
    spool: &Spool,
    fleet: Option<&RedisState>,
    ttl: Duration,
    cb: NewCallback,
    now_ms: u64,
    counts: &IntCounterVec,
) -> Result<FleetAccepted, SpoolError> {
    let Some(state) = fleet else {
        return spool.accept(cb).await.map(FleetAccepted::Local);
    };
    let count = |o: &str| counts.with_label_values(&[o]).inc();
    let claims = CallbackClaims::new(state, ttl, CLAIM_LEASE);
    let rank = status_rank(&cb.status);
    let claim = match claims
        .claim(&cb.channel, &cb.txn_id, &cb.status, rank, now_ms)
        .await
    {
        Ok(ClaimOutcome::Claimed(c)) => c,
        Ok(ClaimOutcome::Seen) => {
            count("duplicate");
            return Ok(FleetAccepted::FleetDuplicate);
        }
        Ok(ClaimOutcome::Stale) => {
            count("stale");
            return Ok(FleetAccepted::FleetStale);
        }
        Ok(ClaimOutcome::InFlight) => {
            count("in_flight");
            return Ok(FleetAccepted::InFlight);
        }
        Err(fault) => {
            count("unavailable");
            tracing::warn!(channel = %cb.channel, txn_id = %cb.txn_id,
                "fleet callback dedupe unavailable (redis {}): local dedupe only, \
                 delivered at least once", fault.as_str());
            return spool.accept(cb).await.map(FleetAccepted::Local);
        }
    };
    count("claimed");
    let (channel, txn_id) = (cb.channel.clone(), cb.txn_id.clone());
    match spool.accept(cb).await {
        Ok(accepted) => {
            // A local duplicate was stored here before (Redis forgot it: restarted empty).
            let stored = match accepted {
                Accepted::Stored { .. } | Accepted::Duplicate { .. } => Some(rank),
                Accepted::Stale { .. } => None,
            };
            if let Err(fault) = claims.confirm(&claim, stored, now_ms).await {
                // Durable here; the claim's lease ends unconfirmed, after which a retry
                // on another edge is delivered again (same Idempotency-Key).
                count("unconfirmed");
                tracing::warn!(%channel, %txn_id,
                    "fleet callback claim not confirmed (redis {})", fault.as_str());
            }
            Ok(FleetAccepted::Local(accepted))
        }
        Err(e) => {
            // Not durable, so not acknowledged: free the claim for the provider's retry.
            if claims.release(&claim, now_ms).await.is_ok() {
                count("released");
            }
            Err(e)
        }
    }
}

/// Appends `order_id` to the fleet's paid journal in the background (the acknowledgement
/// does not wait); a failure is logged: the other edges may then list the payment as
/// missing, a false alarm, never a lost callback.
pub fn publish_paid(state: &Arc<RedisState>, order_id: &str) {
    let Ok(handle) = tokio::runtime::Handle::try_current() else {
        return;
    };
    let (state, order_id) = (state.clone(), order_id.to_string());
    handle.spawn(async move {
        if let Err(fault) = PaidJournal::new(&state).append(&order_id).await {
            tracing::warn!(%order_id, "paid callback not shared with the fleet (redis {})",
                fault.as_str());
        }
    });
}
