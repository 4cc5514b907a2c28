//! Request bodies: read whole before anything goes upstream (orders, payments, callbacks,
//! beacons), and a total deadline for the bodies that stream through (every other route).
//!
//! Why whole: a body that is scored must be the body that is forwarded. If a read error or
//! a stall ended the read early, the prefix would be judged and pingora would then stream
//! the unjudged rest to the shop (issue 12, A1). So a body counts as read only when the
//! HTTP framing says it ended; a stall is 408, a cut or malformed body 400, an oversized
//! one 413, and in each case the upstream never hears of the request.
//!
//! Why the body is forwarded from [`RequestCtx::whole_body`]: pingora sends its retry buffer
//! (a copy of what was read, capped at 64 KiB) after `request_filter`; the request body
//! filter swaps in exactly the bytes that were judged, so what reaches the upstream never
//! depends on that buffer's rules. Routes that buffer are limited to 64 KiB by config
//! validation, so the buffer is never truncated and pingora always calls the filter.

use super::ctx::RequestCtx;
use super::respond;
use crate::metrics::Metrics;
use crate::runtime::Shared;
use bytes::{Bytes, BytesMut};
use pingora::prelude::*;
use std::time::{Duration, Instant};

/// Why a body could not be read whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyError {
    /// Larger than the route allows (declared or sent): 413.
    TooLarge,
    /// Not complete before the body deadline, or a read stalled past
    /// `server.body_read_timeout`: 408.
    Late,
    /// The client closed before the declared length, sent broken chunked framing, or the
    /// connection failed: 400.
    Broken,
}

impl BodyError {
    /// The status riskgate answers with.
    pub fn status(self) -> u16 {
        match self {
            BodyError::TooLarge => 413,
            BodyError::Late => 408,
            BodyError::Broken => 400,
        }
    }

    /// The `riskgate_rejected_total` reason label.
    pub fn reason(self) -> &'static str {
        match self {
            BodyError::TooLarge => "body_too_large",
            BodyError::Late => "body_timeout",
            BodyError::Broken => "body_incomplete",
        }
    }
}

/// When the whole body of this request must have arrived: the route's `body_timeout`
/// (`server.body_timeout` before routing) counted from the request's arrival.
pub fn deadline(ctx: &RequestCtx) -> Instant {
    let limit = ctx
        .routed_route()
        .map_or(ctx.rt.config.server.body_timeout, |r| r.config.body_timeout);
    ctx.start + limit
}

/// Reads the whole request body, at most `limit` bytes, by `deadline`.
///
/// Only an end of body that the framing announces (Content-Length reached, last chunk) is
/// an end: a read error or timeout is an error, never a short body. A request with
/// `Expect: 100-continue` is answered `100 Continue` first.
pub async fn read_whole(
    session: &mut Session,
    limit: usize,
    deadline: Instant,
) -> Result<Bytes, BodyError> {
    let declared = session
        .req_header()
        .headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(BodyError::TooLarge);
    }
    // A client that asked to be told to go on waits for it (curl 1 s, .NET 350 ms, some
    // until the body deadline): the shop, which would send it, hears of the request only
    // once the whole body is here.
    let expects_continue = session
        .req_header()
        .headers
        .get(http::header::EXPECT)
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"100-continue"));
    if expects_continue && !session.as_mut().is_body_done() {
        session
            .as_downstream_mut()
            .write_continue_response()
            .await
            .map_err(|_| BodyError::Broken)?;
    }
    let mut body = BytesMut::with_capacity(declared.unwrap_or(512).min(limit));
    loop {
        let read = tokio::time::timeout_at(deadline.into(), session.read_request_body()).await;
        match read {
            Ok(Ok(Some(chunk))) => {
                if body.len() + chunk.len() > limit {
                    return Err(BodyError::TooLarge);
                }
                body.extend_from_slice(&chunk);
            }
            Ok(Ok(None)) => return Ok(body.freeze()),
            Ok(Err(e)) if e.etype() == &ReadTimedout => return Err(BodyError::Late),
            Ok(Err(_)) => return Err(BodyError::Broken),
            Err(_) => return Err(BodyError::Late),
        }
    }
}

/// Answers a body that could not be read whole and counts it. The connection is closed
/// (the rest of the body, if any, is never read).
pub async fn refuse(session: &mut Session, shared: &Shared, ctx: &RequestCtx, e: BodyError) {
    shared
        .metrics
        .rejected
        .with_label_values(&[e.reason()])
        .inc();
    respond::json_error(session, e.status(), &ctx.request_id).await;
}

/// Reads a payment route's whole body before it is proxied (see the module docs).
/// Returns `true` when a refusal was written.
pub async fn buffer(session: &mut Session, shared: &Shared, ctx: &mut RequestCtx) -> bool {
    let limit = usize::try_from(ctx.max_body_bytes).unwrap_or(usize::MAX);
    match read_whole(session, limit, deadline(ctx)).await {
        Ok(b) => {
            ctx.whole_body = Some(b);
            false
        }
        Err(e) => {
            refuse(session, shared, ctx, e).await;
            true
        }
    }
}

/// Frames the upstream request of a body read whole by its length: `Content-Length`, no
/// `Transfer-Encoding`. The upstream then expects exactly the bytes [`filter`] sends,
/// including none (a chunked empty body would otherwise wait for a last chunk that
/// pingora, having nothing left to read, never writes).
///
/// Its `Expect: 100-continue` is not forwarded (the client was told to go on when the body
/// was read, see [`read_whole`]). Such a request (an order, a payment, a callback) is never
/// an upgrade either: pingora
/// forwards a WebSocket `Upgrade` on any route, and after a `101` everything the client
/// sends is tunnelled to the shop unread, unscored. Without the fields upstream, pingora
/// also refuses a `101` the shop might answer anyway (its upgrade states differ).
pub fn frame(req: &mut pingora::http::RequestHeader, ctx: &RequestCtx) -> Result<()> {
    if let Some(whole) = &ctx.whole_body {
        // The whole body is here: nothing for the upstream to tell the client to send.
        req.remove_header(&http::header::EXPECT);
        if req.headers.contains_key(http::header::UPGRADE) {
            req.remove_header(&http::header::UPGRADE);
            req.remove_header(&http::header::CONNECTION);
        }
        req.remove_header(&http::header::TRANSFER_ENCODING);
        req.insert_header(http::header::CONTENT_LENGTH, whole.len().to_string())?;
    }
    Ok(())
}

/// Runs for each piece of request body pingora is about to send upstream.
///
/// A request whose body was read whole sends exactly that body, once per attempt, whatever
/// pingora offers. Any other request's body must be complete by its deadline: past it the
/// request fails with 408 (if nothing was answered yet) and the upstream connection is
/// dropped; before it each read may wait only until the deadline.
pub fn filter(
    session: &mut Session,
    body: &mut Option<Bytes>,
    end_of_stream: bool,
    ctx: &mut RequestCtx,
) -> Result<()> {
    if let Some(whole) = &ctx.whole_body {
        if ctx.whole_body_sent {
            // The body was already complete: pingora has nothing more to send.
            return Error::e_explain(InternalError, "request body after the whole body");
        }
        ctx.whole_body_sent = true;
        *body = (!whole.is_empty()).then(|| whole.clone());
        return Ok(());
    }
    if session.was_upgraded() {
        return Ok(());
    }
    if end_of_stream {
        // Back to the route's own read timeout for whatever the connection does next.
        session.set_read_timeout(Some(read_timeout(ctx)));
        return Ok(());
    }
    let left = deadline(ctx).saturating_duration_since(Instant::now());
    if left.is_zero() {
        return Error::e_explain(HTTPStatus(408), "request body not complete by body_timeout");
    }
    let per_read = ctx.rt.config.server.body_read_timeout;
    session.set_read_timeout(Some(per_read.min(left.max(Duration::from_millis(1)))));
    Ok(())
}

/// `request_body_filter`: [`filter`], then the streamed body's bytes counted against the
/// route's limit (413 over it). Each refusal is counted in `riskgate_requests_rejected_total`.
pub fn request_body(
    session: &mut Session,
    body: &mut Option<Bytes>,
    end_of_stream: bool,
    ctx: &mut RequestCtx,
    metrics: &Metrics,
) -> Result<()> {
    if let Err(e) = filter(session, body, end_of_stream, ctx) {
        if matches!(e.etype(), HTTPStatus(408)) {
            let reason = BodyError::Late.reason();
            metrics.rejected.with_label_values(&[reason]).inc();
        }
        return Err(e);
    }
    if ctx.whole_body.is_some() {
        // Bounded when it was read; a retry sends it again and must not count twice.
        return Ok(());
    }
    if let Some(b) = body {
        ctx.body_bytes += b.len() as u64;
        if ctx.body_bytes > ctx.max_body_bytes {
            let reason = BodyError::TooLarge.reason();
            metrics.rejected.with_label_values(&[reason]).inc();
            return Error::e_explain(HTTPStatus(413), "request body over route limit");
        }
    }
    Ok(())
}

/// The read timeout a request has outside its body: a stream route's idle timeout,
/// otherwise `server.body_read_timeout` (set in `early_request_filter`).
fn read_timeout(ctx: &RequestCtx) -> Duration {
    match ctx.routed_route() {
        Some(r) if r.config.kind == crate::config::RouteKind::Stream => r.config.idle_timeout,
        _ => ctx.rt.config.server.body_read_timeout,
    }
}

/// Bounds the first body read of a streamed request by its deadline (later reads are
/// bounded in [`filter`]). Not for upgrades: their reads are the stream's, not a body's.
pub fn arm(session: &mut Session, ctx: &RequestCtx) {
    if ctx.whole_body.is_some()
        || session.is_upgrade_req()
        || session.as_mut().is_body_empty()
        || session.as_mut().is_body_done()
    {
        return;
    }
    let left = deadline(ctx).saturating_duration_since(Instant::now());
    let per_read = ctx.rt.config.server.body_read_timeout;
    session.set_read_timeout(Some(per_read.min(left.max(Duration::from_millis(1)))));
}
