//! The review queue: orders a route holds for a person (`review = "hold"`) instead of
//! answering 202 and forgetting them.
//!
//! What it owns:
//! - [`HeldOrder`]: the original request as it would have been forwarded (method, path and
//!   query, end-to-end headers with riskgate's forwarding headers, the scored body bytes) plus what riskgate decided about it, and
//!   its review state ([`Status`]);
//! - the durable store ([`store`]): its own redb file, one JSON record per held order,
//!   every write committed before it is acknowledged; an in-memory index of pending
//!   orders (for metrics and the expiry sweep) and of buyer tokens;
//! - the service ([`service`]): hold, approve (forward the held request to the route's
//!   upstream once), deny, expire, labels.
//!
//! What it deliberately does not own: the HTTP surfaces (`admin/reviews.rs` for the
//! admin API, `proxy/review.rs` for the 202 and the buyer's status endpoint), the block
//! lists a denial writes to (`lists`), and the metric families (`metrics/reviews.rs`).
//!
//! Guarantees and their limits:
//! - **Stored before answered.** The 202 goes out only after the commit; a failed write
//!   answers 503 (the buyer retries) and is counted, never a 202 for a lost order.
//! - **Forwarded at most once.** Approval claims the order (pending → approved) in one
//!   write transaction before forwarding, so a second approval, concurrent or later,
//!   gets 409. If the shop cannot be reached at all, the claim is undone and the order
//!   is pending again. A crash between claim and forward leaves an approved order with
//!   no `shop_status`: visible to the operator, never sent twice.

pub mod service;
pub mod store;

pub use service::{Approval, ReviewHub};
pub use store::ReviewStore;

use serde::{Deserialize, Serialize};

/// Where a held order is in its review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Waiting for a person (or the expiry sweep).
    Pending,
    /// Forwarded to the shop (by a person, or by `on_expiry = "approve"`).
    Approved,
    /// Refused by a person.
    Denied,
    /// Nobody reviewed it within `reviews.max_age` and `on_expiry = "deny"` refused it.
    Expired,
}

impl Status {
    /// The stable name used in the API and the buyer's status endpoint.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Approved => "approved",
            Status::Denied => "denied",
            Status::Expired => "expired",
        }
    }

    /// Parses a name from [`Status::as_str`].
    pub fn parse(s: &str) -> Option<Status> {
        Some(match s {
            "pending" => Status::Pending,
            "approved" => Status::Approved,
            "denied" => Status::Denied,
            "expired" => Status::Expired,
            _ => return None,
        })
    }
}

/// The reviewer name recorded when the expiry sweep decides (not a person: no label).
pub const BY_EXPIRY: &str = "expiry";

/// One held order: the request as received, what riskgate decided, and its review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeldOrder {
    /// The queue id (the request id; suffixed `.2`, `.3`… if a client reused one).
    pub id: String,
    /// The request id the order was decided under (decision log, labels).
    pub request_id: String,
    /// The buyer's unguessable status token (`GET /__rg/review/{token}`).
    pub token: String,
    /// Route name (the upstream is looked up from it when the order is forwarded).
    pub route: String,
    /// Unix milliseconds when it was held.
    pub created_ms: u64,
    /// Fraud probability at decision time.
    pub score: f32,
    /// Reason codes of the review decision.
    pub reasons: Vec<String>,
    /// Shop user key, device id, email and client IP of the order.
    pub user: Option<String>,
    /// Device id (32 hex), when known.
    pub device: Option<String>,
    /// Email from the order body.
    pub email: Option<String>,
    /// Client IP.
    pub ip: String,
    /// Request method.
    pub method: String,
    /// Path and query as received.
    pub uri: String,
    /// End-to-end request headers as received, in order (hop-by-hop ones removed).
    pub headers: Vec<(String, String)>,
    /// The scored body bytes, base64 (standard alphabet).
    pub body_b64: String,
    /// Review state.
    pub status: Status,
    /// Who decided (`by` of the admin call, or [`BY_EXPIRY`]).
    pub decided_by: Option<String>,
    /// Unix milliseconds of the decision.
    pub decided_ms: Option<u64>,
    /// The shop's status for an approved order that was forwarded.
    pub shop_status: Option<u16>,
}

impl HeldOrder {
    /// The training label of a person's decision: approve → 0 (legit), deny → 1
    /// (fraud); `None` for pending orders and for the expiry sweep's decisions, which
    /// say nothing about the order.
    pub fn label(&self) -> Option<u8> {
        if self.decided_by.as_deref() == Some(BY_EXPIRY) {
            return None;
        }
        match self.status {
            Status::Approved => Some(0),
            Status::Denied => Some(1),
            Status::Pending | Status::Expired => None,
        }
    }
}

/// Why the review store failed.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ReviewError {
    /// The redb file could not be opened or a transaction failed.
    #[error("review store {op}: {reason}")]
    Store {
        /// The operation, e.g. `"commit"`.
        op: &'static str,
        /// The underlying error.
        reason: String,
    },
    /// A stored record could not be decoded (a file from another version, or damage).
    #[error("review record {id}: {reason}")]
    Corrupt {
        /// The record key.
        id: String,
        /// What was wrong.
        reason: String,
    },
    /// The blocking task running the store operation died.
    #[error("review store task failed")]
    Task,
}

impl ReviewError {
    pub(crate) fn store(op: &'static str, e: impl std::fmt::Display) -> ReviewError {
        ReviewError::Store {
            op,
            reason: e.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_come_from_people_only() {
        let mut o = store::tests::order("r1", 0);
        assert_eq!(o.label(), None);
        o.status = Status::Approved;
        o.decided_by = Some("alice".into());
        assert_eq!(o.label(), Some(0));
        o.status = Status::Denied;
        assert_eq!(o.label(), Some(1));
        o.decided_by = Some(BY_EXPIRY.into());
        assert_eq!(o.label(), None);
        o.status = Status::Expired;
        assert_eq!(o.label(), None);
    }
}
