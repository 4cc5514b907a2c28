//! The pingora `ProxyHttp` glue. Each phase pulls facts out of the `Session`, calls one
//! domain function and turns the result into a pingora action; business rules live in
//! `client`, `routing` and (later) `risk`.
//!
//! Phase map:
//! - `early_request_filter`: request id, strip internal and underscore headers, resolve the
//!   client IP; HTTP/1.1 pipelining on.
//! - `request_filter`: header-size and body-size limits, route match (404 on none).
//! - `upstream_peer`: pick a server of the route's group → `HttpPeer` (for a channel whose
//!   outcome is unknown, first the status query that may allow the next channel).
//! - `fail_to_connect` / `error_while_proxy`: count, remember the server or channel, retry
//!   on another if allowed (channels: `routing::failover`).
//! - `upstream_response_filter`: a payment channel's outcome feeds its score; a safe status
//!   may move to the next channel, another 5xx makes the outcome unknown.
//! - `fail_to_proxy`: JSON error naming the request id; 504 `X-Payment-Status: unknown`
//!   for a payment that may have been charged.
//! - `upstream_request_filter` / `response_filter`: forwarding headers, request id.
//! - `logging`: the only place metrics for requests and the access log are recorded.
//! - cache phases (`request_cache_filter` … `should_serve_stale`): `static` routes only,
//!   see [`cache`].

pub mod admit;
pub mod body;
pub mod cache;
pub mod callback;
pub mod channel;
pub mod channel_status;
pub mod conn_cap;
pub mod conn_per_address;
pub mod ctx;
pub mod ctx_parts;
pub mod device;
pub mod facts;
pub mod forwarded;
pub mod guard;
pub mod header_deadline;
pub mod names;
pub mod order;
pub mod order_warm;
pub mod respond;
pub mod review;

pub use ctx::RequestCtx;

use crate::runtime::Shared;
use async_trait::async_trait;
use bytes::Bytes;
use ctx::Routed;
use pingora::cache::key::HashBinary;
use pingora::cache::{CacheKey, CacheMeta, ForcedFreshness, HitHandler, RespCacheable};
use pingora::prelude::*;
use pingora::proxy::FailToProxy;
use pingora::upstreams::peer::HttpPeer;
use std::sync::Arc;

/// The edge proxy service: shared state behind `Arc`, no per-request locking.
pub struct EdgeProxy {
    shared: Arc<Shared>,
}

impl EdgeProxy {
    /// Creates the proxy over the process-wide shared state.
    pub fn new(shared: Arc<Shared>) -> Self {
        EdgeProxy { shared }
    }
}

#[async_trait]
impl ProxyHttp for EdgeProxy {
    type CTX = RequestCtx;

    /// Pins the config generation serving right now for the whole request.
    fn new_ctx(&self) -> RequestCtx {
        RequestCtx::new(self.shared.runtime.load_full())
    }

    /// Runs before anything reads headers: establishes identity facts.
    async fn early_request_filter(
        &self,
        session: &mut Session,
        ctx: &mut RequestCtx,
    ) -> Result<()> {
        let started = std::time::Instant::now();
        let peer = session
            .client_addr()
            .and_then(|a| a.as_inet())
            .map(|a| a.ip());
        let server = &ctx.rt.config.server;
        header_deadline::headers_parsed(session);
        // Pipelined HTTP/1.1 requests are answered in order (pingora keeps the bytes read
        // past this request for the next one); off, pingora drops them and closes.
        session.as_downstream_mut().set_pipelining_enabled(true);
        session.set_keepalive(Some(server.idle_timeout.as_secs().max(1)));
        session.set_read_timeout(Some(server.body_read_timeout));
        let tls = session.digest().is_some_and(|d| d.ssl_digest.is_some());
        ctx.https = facts::client_https(session.req_header(), peer, tls, ctx);
        ctx.device.fingerprint = Some(device::fingerprint(session.req_header(), ctx.https));
        let underscored = facts::identify(session.req_header_mut(), peer, ctx);
        if underscored > 0 {
            let m = &self.shared.metrics.headers_dropped;
            m.with_label_values(&["underscore"])
                .inc_by(underscored as u64);
        }
        facts::locate(ctx, &self.shared.metrics);
        device::identify(session.req_header(), &self.shared, ctx);
        let spent = started.elapsed().as_secs_f64();
        self.shared.metrics.client_intel_seconds.observe(spent);
        Ok(())
    }

    /// Serves riskgate's own endpoints, enforces limits and matches the route, then hands
    /// the request to its route kind and the last checks (see [`admit`]). `Ok(true)` means
    /// a response (a refusal, or an answered callback or order) was written.
    async fn request_filter(&self, session: &mut Session, ctx: &mut RequestCtx) -> Result<bool> {
        let shared = &self.shared;
        if device::beacon_endpoint(session, shared, ctx).await
            || review::status_endpoint(session, shared, ctx).await
        {
            return Ok(true);
        }
        if let Err(refusal) = facts::route(session, ctx) {
            admit::refuse(session, shared, ctx, refusal).await;
            return Ok(true);
        }
        if let Some(answered) = admit::by_kind(session, shared, ctx).await {
            return Ok(answered);
        }
        Ok(admit::forward(session, shared, ctx).await)
    }

    /// Sends a judged body exactly as judged; counts body bytes and stops uploads over the
    /// route's limit with 413 and over its body deadline with 408 (see [`body::request_body`]).
    async fn request_body_filter(
        &self,
        session: &mut Session,
        body: &mut Option<Bytes>,
        end_of_stream: bool,
        ctx: &mut RequestCtx,
    ) -> Result<()> {
        body::request_body(session, body, end_of_stream, ctx, &self.shared.metrics)
    }

    /// Picks the server for this attempt from the route's upstream group.
    async fn upstream_peer(
        &self,
        session: &mut Session,
        ctx: &mut RequestCtx,
    ) -> Result<Box<HttpPeer>> {
        ctx.whole_body_sent = false;
        let peer = if ctx.channel.is_some() {
            channel::confirm(session, &self.shared, ctx).await?;
            channel::select_peer(&self.shared, ctx)
        } else {
            facts::select_peer(session, ctx)
        };
        match peer {
            Some(p) => Ok(p),
            None => Err(Error::explain(ConnectNoRoute, "no upstream server available").into_up()),
        }
    }

    /// Adds riskgate's forwarding headers (`X-Forwarded-*`, `Forwarded`) upstream.
    async fn upstream_request_filter(
        &self,
        session: &mut Session,
        upstream_request: &mut RequestHeader,
        ctx: &mut RequestCtx,
    ) -> Result<()> {
        upstream_request.reserve_headers(names::UPSTREAM_ADDED)?;
        let tls = session.digest().is_some_and(|d| d.ssl_digest.is_some());
        facts::forwarding_headers(upstream_request, ctx, tls)?;
        let port = session
            .server_addr()
            .and_then(|a| a.as_inet())
            .map(|a| a.port());
        forwarded::rewrite(upstream_request, ctx, tls, port)?;
        device::forward(upstream_request, ctx)?;
        body::frame(upstream_request, ctx)?;
        order::forward_headers(upstream_request, ctx)
    }

    /// Drops `Connection`-named fields (and keeps a `304` for the cache); feeds a payment
    /// channel's answer to its score, where a 5xx may become a failover.
    async fn upstream_response_filter(
        &self,
        session: &mut Session,
        upstream_response: &mut ResponseHeader,
        ctx: &mut RequestCtx,
    ) -> Result<()> {
        cache::upstream_response(upstream_response, ctx);
        if ctx.channel.is_some() {
            let status = upstream_response.status.as_u16();
            return channel::response(session, &self.shared, ctx, status);
        }
        Ok(())
    }

    /// Returns the request id to the client and notes long-lived streams.
    async fn response_filter(
        &self,
        session: &mut Session,
        upstream_response: &mut ResponseHeader,
        ctx: &mut RequestCtx,
    ) -> Result<()> {
        let id = names::value(ctx.request_id.as_str(), "request id")?;
        upstream_response.insert_header_static(&names::X_REQUEST_ID, id)?;
        cache::respond(session, &self.shared, upstream_response, ctx)?;
        device::set_cookie(upstream_response, session.req_header(), &self.shared, ctx);
        if let Some(kind) = facts::stream_kind(upstream_response) {
            self.shared.metrics.stream_opened(kind);
            ctx.stream = Some(kind);
        }
        Ok(())
    }

    /// Runs after `request_filter`: turns the cache on for GET/HEAD on static routes.
    fn request_cache_filter(&self, session: &mut Session, ctx: &mut RequestCtx) -> Result<()> {
        cache::enable(session, &self.shared, ctx);
        Ok(())
    }

    /// Builds the primary cache key (only called when the cache is on).
    fn cache_key_callback(&self, session: &Session, ctx: &mut RequestCtx) -> Result<CacheKey> {
        Ok(cache::cache_key(session, ctx))
    }

    /// Runs on every stored copy found; `Some(ForceMiss)` sends a credentialed request
    /// past a copy that was not stored for it.
    async fn cache_hit_filter(
        &self,
        _session: &mut Session,
        meta: &CacheMeta,
        _hit_handler: &mut HitHandler,
        _is_fresh: bool,
        ctx: &mut RequestCtx,
    ) -> Result<Option<ForcedFreshness>> {
        Ok(cache::hit_filter(meta, ctx))
    }

    /// Decides whether the origin's response is stored and for how long.
    fn response_cache_filter(
        &self,
        session: &Session,
        resp: &ResponseHeader,
        ctx: &mut RequestCtx,
    ) -> Result<RespCacheable> {
        let stored = session.cache.maybe_cache_meta();
        Ok(cache::response_cacheable(stored, resp, ctx))
    }

    /// The `Vary` secondary key of a stored response for this request (riskgate's own
    /// upstream fields included, see [`cache::variance`]).
    fn cache_vary_filter(
        &self,
        meta: &CacheMeta,
        ctx: &mut RequestCtx,
        req: &RequestHeader,
    ) -> Option<HashBinary> {
        cache::variance(meta, req, ctx)
    }

    /// Serve stale while revalidating and on origin errors (within the object's windows).
    fn should_serve_stale(
        &self,
        _session: &mut Session,
        _ctx: &mut RequestCtx,
        error: Option<&Error>,
    ) -> bool {
        cache::serve_stale(error)
    }

    /// Counts body bytes served from the cache (synchronous: no awaiting here).
    fn response_body_filter(
        &self,
        _session: &mut Session,
        body: &mut Option<Bytes>,
        _end_of_stream: bool,
        ctx: &mut RequestCtx,
    ) -> Result<Option<std::time::Duration>> {
        cache::count_body(body, ctx);
        Ok(None)
    }

    /// Records the failed server and retries another one while the group allows it.
    fn fail_to_connect(
        &self,
        session: &mut Session,
        _peer: &HttpPeer,
        ctx: &mut RequestCtx,
        mut e: Box<Error>,
    ) -> Box<Error> {
        if ctx.channel.is_some() {
            return channel::connect_failed(session, &self.shared, ctx, e);
        }
        if let Routed::Yes { group, .. } = &ctx.routed {
            let metrics = &self.shared.metrics;
            metrics
                .upstream_connect_errors
                .with_label_values(&[group.name.as_str()])
                .inc();
            if let Some(s) = ctx.server.take() {
                ctx.tried.push(s);
            }
            if ctx.tried.len() <= group.config.retries && group.select(b"", &ctx.tried).is_some() {
                metrics
                    .upstream_retries
                    .with_label_values(&[group.name.as_str()])
                    .inc();
                e.set_retry(true);
            }
        }
        e
    }

    /// Decides whether an error after the request was sent may be retried: channel routes
    /// by their failover rules, others by pingora's default (idempotent, replayable).
    fn error_while_proxy(
        &self,
        peer: &HttpPeer,
        session: &mut Session,
        e: Box<Error>,
        ctx: &mut RequestCtx,
        client_reused: bool,
    ) -> Box<Error> {
        let e = e.more_context(format!("Peer: {peer}"));
        let mut e = match channel::proxy_failed(session, &self.shared, ctx, e) {
            Ok(decided) => return decided,
            Err(e) => e,
        };
        if !session.req_header().method.is_idempotent() || session.as_ref().retry_buffer_truncated()
        {
            e.set_retry(false);
        } else {
            e.retry.decide_reuse(client_reused);
        }
        e
    }

    /// Answers proxy failures with a JSON body naming the request id.
    async fn fail_to_proxy(
        &self,
        session: &mut Session,
        e: &Error,
        ctx: &mut RequestCtx,
    ) -> FailToProxy {
        if channel::answer_unknown(session, &self.shared, ctx).await {
            return FailToProxy {
                error_code: 504,
                can_reuse_downstream: false,
            };
        }
        let code = facts::failure_status(e);
        if code > 0 && session.response_written().is_none() {
            respond::json_error(session, code, &ctx.request_id).await;
        }
        FailToProxy {
            error_code: code,
            can_reuse_downstream: false,
        }
    }

    /// Keeps client disconnects (the client closed before the response) out of the error
    /// log: they are normal at the edge and still appear in the access log and metrics.
    fn suppress_error_log(&self, _session: &Session, _ctx: &RequestCtx, error: &Error) -> bool {
        error.esource() == &ErrorSource::Downstream
            && matches!(error.etype(), ConnectionClosed | ReadError | WriteError)
    }

    /// The one place request metrics and the access log are recorded.
    async fn logging(&self, session: &mut Session, e: Option<&Error>, ctx: &mut RequestCtx) {
        let status = session.response_written().map_or(0, |r| r.status.as_u16());
        let elapsed = ctx.start.elapsed();
        let metrics = &self.shared.metrics;
        channel::release(ctx);
        let route = match &ctx.routed {
            Routed::Yes { index, .. } => Some((*index, ctx.route_name())),
            Routed::No => None,
        };
        metrics.observe_request(route, ctx.kind_label(), status, elapsed.as_secs_f64());
        cache::record(session, &self.shared, ctx, e);
        guard::record_order(session.req_header(), &self.shared, ctx, status);
        if let Some(s) = ctx.stream.take() {
            metrics.stream_closed(s);
        }
        if ctx.rt.config.log.access_log {
            facts::access_log(session, e, ctx, status, elapsed);
        }
        header_deadline::next_request(session);
    }
}
