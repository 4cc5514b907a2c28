//! Routes whose upstream is a payment-channel group: each attempt goes to the channel the
//! scorer picks, its outcome is fed back, and a failed attempt moves to the next best
//! channel when that is safe.
//!
//! Failover rules (issue: "never lose or double a payment"):
//! - a connect failure never reached the channel: always retried elsewhere;
//! - a 5xx or a timeout before any response byte reached the client is retried only when
//!   the request carries the group's idempotency header or the route says
//!   `failover_safe = true`, the body fits the retry buffer, and the group's deadline
//!   (counted from the request's arrival) has not passed;
//! - no channel is tried twice for one request.
//!
//! The recommendation for order routes (`X-Payment-Channel`) is a pick that is handed back
//! at once, so it never counts as load.

use super::ctx::RequestCtx;
use crate::callbacks::missing::PendingPayment;
use crate::routing::channel::{Outcome, Pick, Why};
use crate::routing::channels::ChannelGroup;
use crate::server::Shared;
use crate::state::Clock;
use pingora::prelude::*;
use pingora::upstreams::peer::HttpPeer;
use std::sync::Arc;
use std::time::Instant;

/// A channel-group request's attempts.
pub struct ChannelAttempts {
    /// The group.
    pub group: Arc<ChannelGroup>,
    /// Channel indexes already tried.
    pub tried: Vec<usize>,
    /// The attempt in flight and when it started.
    pub current: Option<(Pick, Instant)>,
    /// Whether 5xx and timeouts may move to another channel.
    pub may_failover: bool,
    /// The channel that answered last (for the access log and missing-callback report).
    pub last: Option<usize>,
}

fn why_label(w: Why) -> &'static str {
    match w {
        Why::Best => "best",
        Why::Explore => "explore",
        Why::Probe => "probe",
        Why::Degraded => "degraded",
    }
}

/// Sets up channel handling when the matched route's upstream is a channel group. Must run
/// in `request_filter`, before anything reads the body (it enables the retry buffer).
pub fn prepare(session: &mut Session, ctx: &mut RequestCtx, upstream: &str, safe: bool) {
    let Some(group) = ctx.rt.channel_groups.get(upstream).cloned() else {
        return;
    };
    let keyed = session
        .req_header()
        .headers
        .contains_key(&group.failover.idempotency_header);
    session.as_mut().enable_retry_buffering();
    ctx.channel = Some(ChannelAttempts {
        group,
        tried: Vec::with_capacity(2),
        current: None,
        may_failover: safe || keyed,
        last: None,
    });
}

/// Picks the channel for the next attempt and builds its peer; `None` when no channel is
/// left (the caller answers 502).
pub fn select_peer(shared: &Shared, ctx: &mut RequestCtx) -> Option<Box<HttpPeer>> {
    let route_idle = ctx
        .routed_route()
        .map(|r| r.config.idle_timeout)
        .unwrap_or(crate::config::validate::defaults::READ_TIMEOUT);
    let a = ctx.channel.as_mut()?;
    let g = &a.group;
    let pick = g.set.select(g.now(), fastrand::u64(..), &a.tried)?;
    let i = pick.index();
    let p = g.peers.get(i)?;
    shared
        .metrics
        .money
        .channel_selections
        .with_label_values(&[g.name.as_str(), p.name.as_str(), why_label(pick.why())])
        .inc();
    a.tried.push(i);
    a.current = Some((pick, Instant::now()));
    a.last = Some(i);
    let addr = p.addr;
    let up = &g.upstream;
    let mut peer = HttpPeer::new(p.addr, p.tls, p.host.clone());
    let connect = p.connect_timeout.unwrap_or(up.connect_timeout);
    peer.options.connection_timeout = Some(connect);
    peer.options.total_connection_timeout = Some(connect * 2);
    peer.options.read_timeout = Some(p.read_timeout.unwrap_or(route_idle));
    peer.options.write_timeout = Some(up.read_timeout);
    peer.options.idle_timeout = Some(up.pool_idle_timeout);
    ctx.server = Some(addr);
    Some(Box::new(peer))
}

/// Counts one attempt moved to another channel.
fn count_failover(shared: &Shared, a: &ChannelAttempts) {
    shared
        .metrics
        .money
        .channel_failovers
        .with_label_values(&[a.group.name.as_str()])
        .inc();
}

/// Hands the in-flight attempt's outcome to the scorer.
fn finish(a: &mut ChannelAttempts, outcome: impl FnOnce(std::time::Duration) -> Outcome) {
    if let Some((pick, started)) = a.current.take() {
        let g = &a.group;
        g.set.record(pick, outcome(started.elapsed()), g.now());
    }
}

/// Whether another attempt may start: channels left, deadline not passed, body replayable.
fn can_retry(session: &Session, ctx: &RequestCtx, a: &ChannelAttempts) -> bool {
    a.tried.len() < a.group.peers.len()
        && ctx.start.elapsed() < a.group.failover.deadline
        && !session.as_ref().retry_buffer_truncated()
}

/// Response headers arrived from a channel: records the outcome. Returns an error (marked
/// for retry) when a 5xx should move to another channel instead of reaching the client.
pub fn response(
    session: &Session,
    shared: &Shared,
    ctx: &mut RequestCtx,
    status: u16,
) -> Result<()> {
    let Some(mut a) = ctx.channel.take() else {
        return Ok(());
    };
    let result = if status >= 500 {
        finish(&mut a, |_| Outcome::Failure);
        if a.may_failover && can_retry(session, ctx, &a) {
            count_failover(shared, &a);
            let mut e = Error::explain(HTTPStatus(status), "payment channel answered 5xx");
            e.set_retry(true);
            Err(e)
        } else {
            Ok(())
        }
    } else {
        finish(&mut a, |latency| Outcome::Success { latency });
        if (200..300).contains(&status) {
            track_payment(session, shared, ctx, &a);
        }
        Ok(())
    };
    ctx.channel = Some(a);
    result
}

/// Remembers a payment a channel accepted, for the missing-callback report.
fn track_payment(session: &Session, shared: &Shared, ctx: &RequestCtx, a: &ChannelAttempts) {
    let (Some(hub), Some(route)) = (&shared.callbacks, ctx.routed_route()) else {
        return;
    };
    let Some(src) = &route.config.payment_ref else {
        return;
    };
    let req = session.req_header();
    let Some(order_id) = super::guard::extract(req, src) else {
        return;
    };
    let Some(p) = a.last.and_then(|i| a.group.peers.get(i)) else {
        return;
    };
    let user = route
        .config
        .user_key
        .as_ref()
        .and_then(|s| super::guard::extract(req, s))
        .map(str::to_string);
    hub.missing.paid(PendingPayment {
        order_id: order_id.to_string(),
        channel: p.name.clone(),
        request_id: ctx.request_id.clone(),
        at_ms: shared.guards.clock.now_ms(),
        device: ctx.device.id.map(|d| d.to_string()),
        user,
    });
}

/// A connection to the channel could not be made: never reached it, so always safe to
/// try the next one. Returns whether to retry.
pub fn connect_failed(session: &Session, shared: &Shared, ctx: &mut RequestCtx) -> bool {
    let Some(mut a) = ctx.channel.take() else {
        return false;
    };
    finish(&mut a, |_| Outcome::Failure);
    let retry = can_retry(session, ctx, &a);
    if retry {
        count_failover(shared, &a);
    }
    ctx.channel = Some(a);
    retry
}

/// An error after the request was sent (reset, timeout, or our own 5xx refusal from
/// [`response`]). Returns `Some(retry)` for channel routes, `None` otherwise.
pub fn proxy_failed(
    session: &Session,
    shared: &Shared,
    ctx: &mut RequestCtx,
    e: &Error,
) -> Option<bool> {
    let mut a = ctx.channel.take()?;
    if let HTTPStatus(_) = e.etype() {
        // Raised by `response`, which already recorded the outcome and decided.
        let retry = e.retry();
        ctx.channel = Some(a);
        return Some(retry);
    }
    let timeout = matches!(e.etype(), ReadTimedout | WriteTimedout);
    finish(&mut a, |after| {
        if timeout {
            Outcome::Timeout { after }
        } else {
            Outcome::Failure
        }
    });
    let retry =
        a.may_failover && session.response_written().is_none() && can_retry(session, ctx, &a);
    if retry {
        count_failover(shared, &a);
    }
    ctx.channel = Some(a);
    Some(retry)
}

/// Returns an attempt still in flight when the request ends (e.g. the client left).
pub fn release(ctx: &mut RequestCtx) {
    if let Some(a) = &mut ctx.channel {
        if let Some((pick, _)) = a.current.take() {
            a.group.set.abandon(pick, a.group.now());
        }
    }
}

/// The channel an allowed order should pay through (`X-Payment-Channel`), counted as a
/// recommendation, not as load.
pub fn recommend(shared: &Shared, ctx: &RequestCtx, group: &str) -> Option<String> {
    let g = ctx.rt.channel_groups.get(group)?;
    let pick = g.set.select(g.now(), fastrand::u64(..), &[])?;
    g.set.abandon(pick, g.now());
    let name = g.peers.get(pick.index())?.name.clone();
    shared
        .metrics
        .money
        .channel_selections
        .with_label_values(&[g.name.as_str(), name.as_str(), "recommend"])
        .inc();
    Some(name)
}
