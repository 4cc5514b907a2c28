//! The records each proxy phase keeps in [`RequestCtx`](super::ctx::RequestCtx): cache
//! state, channel attempts, device facts, a pending cookie, the order verdict.
//!
//! Plain data with no behaviour, kept apart from the phases that fill them (`cache`,
//! `channel`, `device`, `order`) so that `ctx` depends on none of those phases and they
//! all depend on `ctx`: the proxy's files import one another in one direction only.

use crate::cache::rules::Credential;
use crate::cache::CacheVerdict;
use crate::fingerprint::{DeviceId, RequestFingerprint};
use crate::risk::decision::Decision;
use crate::risk::order::Order;
use crate::routing::channel::Pick;
use crate::routing::channels::ChannelGroup;
use crate::routing::failover::Failover;
use std::sync::Arc;
use std::time::Instant;

/// What the cache did and saw for one request.
#[derive(Debug, Clone, Default)]
pub struct CacheCtx {
    /// Credentials of the request (restrict which stored responses it may use).
    pub credential: Option<Credential>,
    /// Set when a credentialed request skipped a stored copy not meant for it.
    pub forced_bypass: bool,
    /// The verdict, settled when the response header is sent.
    pub verdict: Option<CacheVerdict>,
    /// Body bytes sent from the store.
    pub served_bytes: u64,
    /// The header fields of the origin's `304`, kept from `upstream_response_filter` until
    /// the stored response is re-evaluated with them (RFC 9111 §4.3.4).
    pub not_modified: Option<http::HeaderMap>,
}

/// A channel-group request's attempts.
pub struct ChannelAttempts {
    /// The group.
    pub group: Arc<ChannelGroup>,
    /// Channel indexes already tried.
    pub tried: Vec<usize>,
    /// The attempt in flight and when it started.
    pub current: Option<(Pick, Instant)>,
    /// Whether a payment the channel did not process may move to another channel (the
    /// request carries the idempotency header or the route says `failover_safe`).
    pub may_failover: bool,
    /// The channel that answered last (for the access log and missing-callback report).
    pub last: Option<usize>,
    /// The verdict on the last failed attempt, until the next attempt starts.
    pub verdict: Option<Failover>,
}

/// What riskgate knows about the client's device.
#[derive(Debug, Clone, Copy, Default)]
pub struct DeviceFacts {
    /// HTTP fingerprint, UA family and automation signals (set for every request).
    pub fingerprint: Option<RequestFingerprint>,
    /// The device id: from a valid cookie, or freshly issued for this request.
    pub id: Option<DeviceId>,
    /// Seconds since the device cookie was issued (0 for a new device).
    pub age_secs: u64,
    /// True when the id was issued on this request (no valid cookie came in).
    pub new: bool,
    /// True when the client sent a cookie that failed verification.
    pub tampered: bool,
    /// The valid cookie came in with other stable traits than it was first seen with
    /// (`fingerprint::ContinuityStore`), on this request or an earlier one.
    pub replayed: Option<crate::fingerprint::TraitChange>,
}

/// A device cookie to set if the response turns out to be HTML.
#[derive(Debug, Clone, Copy)]
pub struct PendingCookie {
    /// The device id.
    pub id: DeviceId,
    /// When the device was first seen (kept on re-signing, so its age survives).
    pub issued_at: u64,
}

/// What riskgate decided about this order; forwarded as `X-Risk-*` headers.
#[derive(Debug, Clone)]
pub struct OrderVerdict {
    /// Fraud probability.
    pub score: f32,
    /// The decision forwarded (`allow` or `review`; shadow mode forwards `allow`).
    pub decision: Decision,
    /// Reason codes.
    pub reasons: Vec<&'static str>,
    /// The decision the model and rules reached, when shadow mode overrode it.
    pub shadow_decision: Option<Decision>,
    /// The parsed order (for counting it when the shop accepts it).
    pub order: Order,
    /// The payment channel riskgate recommends (`X-Payment-Channel`).
    pub channel: Option<String>,
}
