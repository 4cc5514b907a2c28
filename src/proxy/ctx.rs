//! `RequestCtx`: what riskgate knows about one request, filled in phase order.
//!
//! Holds the config generation the request started under (`rt`), so a reload mid-request
//! (or mid-stream) never changes the rules a request is judged by.

use super::ctx_parts::{CacheCtx, ChannelAttempts, DeviceFacts, OrderVerdict, PendingCookie};
use crate::config::RouteKind;
use crate::geo::GeoFacts;
use crate::metrics::{KindLabel, StreamLabel};
use crate::routing::UpstreamGroup;
use crate::runtime::Runtime;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Instant;

/// Where the request is in its life, as far as routing is concerned.
pub enum Routed {
    /// Not routed yet (early phases) or refused before routing.
    No,
    /// Matched route `index` of `rt.routes`, served by `group`.
    Yes {
        /// Index into the pinned route table.
        index: usize,
        /// The upstream group of that route.
        group: Arc<UpstreamGroup>,
    },
}

/// Per-request state shared across proxy phases.
pub struct RequestCtx {
    /// When the request arrived (for the duration histogram and access log).
    pub start: Instant,
    /// The config generation pinned for this request.
    pub rt: Arc<Runtime>,
    /// The request id, kept from a trusted proxy or generated.
    pub request_id: String,
    /// The resolved client IP (socket peer unless a trusted proxy vouches for another).
    pub client_ip: Option<IpAddr>,
    /// The socket peer's IP.
    pub peer_ip: Option<IpAddr>,
    /// Country, ASN and hosting flag of `client_ip`.
    pub geo: GeoFacts,
    /// Device id, fingerprint and cookie state.
    pub device: DeviceFacts,
    /// A device-cookie value to set on an HTML response.
    pub set_cookie: Option<PendingCookie>,
    /// Whether the client reached riskgate (or the trusted proxy before it) over TLS.
    pub https: bool,
    /// Whether the socket peer is a trusted proxy.
    pub peer_trusted: bool,
    /// The matched route's kind (`None` until routed, or when no route matched): what
    /// the phases dispatch on. Metrics label it with [`RequestCtx::kind_label`].
    pub kind: Option<RouteKind>,
    /// The matched route and its group.
    pub routed: Routed,
    /// Servers this request failed to connect to (skipped on retry).
    pub tried: Vec<SocketAddr>,
    /// The server of the current attempt.
    pub server: Option<SocketAddr>,
    /// Set when the response turned into a long-lived stream (SSE / WebSocket).
    pub stream: Option<StreamLabel>,
    /// Request body bytes seen so far (enforces the route's body limit).
    pub body_bytes: u64,
    /// Body limit of the matched route.
    pub max_body_bytes: u64,
    /// The whole request body, read and judged before proxying (orders, payments): the
    /// upstream gets exactly these bytes, see `body::filter`.
    pub whole_body: Option<bytes::Bytes>,
    /// Whether the current upstream attempt has been given `whole_body` already.
    pub whole_body_sent: bool,
    /// The risk verdict of an order route's request (set when it is forwarded).
    pub order: Option<OrderVerdict>,
    /// Attempts of a request to a payment-channel group.
    pub channel: Option<ChannelAttempts>,
    /// Edge-cache state (static routes).
    pub cache: CacheCtx,
}

impl RequestCtx {
    /// Creates the context for a new request under config generation `rt`.
    pub fn new(rt: Arc<Runtime>) -> Self {
        RequestCtx {
            start: Instant::now(),
            rt,
            request_id: String::new(),
            client_ip: None,
            peer_ip: None,
            geo: GeoFacts::default(),
            device: DeviceFacts::default(),
            set_cookie: None,
            https: false,
            peer_trusted: false,
            kind: None,
            routed: Routed::No,
            tried: Vec::new(),
            server: None,
            stream: None,
            body_bytes: 0,
            max_body_bytes: u64::MAX,
            whole_body: None,
            whole_body_sent: false,
            order: None,
            channel: None,
            cache: CacheCtx::default(),
        }
    }

    /// The matched route, if any.
    pub fn routed_route(&self) -> Option<&crate::routing::Route> {
        match &self.routed {
            Routed::Yes { index, .. } => self.rt.routes.get(*index),
            Routed::No => None,
        }
    }

    /// The matched route's name, or `-` when none matched (for logs).
    pub fn route_name(&self) -> &str {
        match &self.routed {
            Routed::Yes { index, .. } => self
                .rt
                .routes
                .get(*index)
                .map_or("-", |r| r.config.name.as_str()),
            Routed::No => "-",
        }
    }

    /// The metrics and access-log label of the route kind (`none` when unrouted).
    pub fn kind_label(&self) -> KindLabel {
        self.kind.map_or(KindLabel::None, KindLabel::from)
    }
}
