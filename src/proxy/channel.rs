//! Routes whose upstream is a payment-channel group: each attempt goes to the channel the
//! scorer picks, its outcome is fed back, and a failed attempt moves to the next best
//! channel only when `routing::failover` says the channel certainly did not process it.
//!
//! This file maps pingora events onto `failover::Event`s and the verdicts back onto the
//! session: `Retry` marks the error for retry, `Confirm` retries after the status query
//! that `upstream_peer` runs first ([`confirm`]), `Unknown` ends in a 504 with
//! `X-Payment-Status: unknown` ([`answer_unknown`]), `Final` passes the answer on. No
//! channel is tried twice for one request.
//!
//! The recommendation for order routes (`X-Payment-Channel`) is a pick that is handed back
//! at once, so it never counts as load.

use super::channel_status;
use super::ctx::{RequestCtx, Routed};
use super::ctx_parts::ChannelAttempts;
use crate::callbacks::missing::PendingPayment;
use crate::routing::channel::{Outcome, Why};
use crate::routing::failover::{self, Event, Failover, Policy};
use crate::runtime::Shared;
use crate::state::Clock;
use pingora::prelude::*;
use pingora::upstreams::peer::HttpPeer;
use std::time::Instant;

fn why_label(w: Why) -> &'static str {
    match w {
        Why::Best => "best",
        Why::Explore => "explore",
        Why::Probe => "probe",
        Why::Degraded => "degraded",
    }
}

/// [`prepare`] for the matched route (a `pass` route whose upstream may be a channel
/// group); nothing when no channel group is configured.
pub fn prepare_routed(session: &mut Session, ctx: &mut RequestCtx) {
    if ctx.rt.channel_groups.is_empty() {
        return;
    }
    let rt = ctx.rt.clone();
    if let Routed::Yes { index, .. } = &ctx.routed {
        if let Some(r) = rt.routes.get(*index) {
            prepare(session, ctx, &r.config.upstream, r.config.failover_safe);
        }
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
        verdict: None,
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
    a.verdict = None;
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

/// Decides what follows `event` for the last attempt, under the group's rules.
fn decide(session: &Session, ctx: &RequestCtx, a: &ChannelAttempts, event: Event) -> Failover {
    let policy = Policy {
        may_failover: a.may_failover,
        can_retry: can_retry(session, ctx, a),
        safe_statuses: &a.group.failover.safe_statuses,
        can_query: status_path(session, ctx, a).is_some(),
    };
    failover::decide(event, &policy)
}

/// The filled status-query path of the last channel, when it has one and the request
/// names the payment.
fn status_path(session: &Session, ctx: &RequestCtx, a: &ChannelAttempts) -> Option<String> {
    let p = a.group.peers.get(a.last?)?;
    let template = p.status_path.as_deref()?;
    let req = session.req_header();
    let order_id = ctx
        .routed_route()
        .and_then(|r| r.config.payment_ref.as_ref())
        .and_then(|src| super::guard::extract(req, src));
    let key = idempotency_key(session, a);
    failover::status_path(template, order_id, key)
}

/// The request's idempotency-header value, if it has one.
fn idempotency_key<'s>(session: &'s Session, a: &ChannelAttempts) -> Option<&'s str> {
    session
        .req_header()
        .headers
        .get(&a.group.failover.idempotency_header)
        .and_then(|v| v.to_str().ok())
}

/// Turns a verdict into the error pingora sees: retried or not.
fn verdict_error(
    shared: &Shared,
    a: &mut ChannelAttempts,
    v: Failover,
    mut e: Box<Error>,
) -> Box<Error> {
    if v == Failover::Retry {
        count_failover(shared, a);
    }
    e.set_retry(matches!(v, Failover::Retry | Failover::Confirm));
    a.verdict = Some(v);
    e
}

/// Response headers arrived from a channel: records the outcome. Returns an error when the
/// answer must not reach the client: a safe status moving to another channel, or a 5xx
/// that makes the outcome unknown.
pub fn response(
    session: &Session,
    shared: &Shared,
    ctx: &mut RequestCtx,
    status: u16,
) -> Result<()> {
    let Some(mut a) = ctx.channel.take() else {
        return Ok(());
    };
    let refused = status >= 500 || a.group.failover.safe_statuses.contains(&status);
    let result = if refused {
        finish(&mut a, |_| Outcome::Failure);
        match decide(session, ctx, &a, Event::Answered(status)) {
            Failover::Final => {
                a.verdict = Some(Failover::Final);
                Ok(())
            }
            v => {
                let e = Error::explain(HTTPStatus(status), "payment channel refused or failed");
                Err(verdict_error(shared, &mut a, v, e))
            }
        }
    } else {
        let group = a.group.clone();
        let peer = a.current.and_then(|(p, _)| group.peers.get(p.index()));
        finish(&mut a, |latency| {
            if let Some(peer) = peer {
                shared
                    .metrics
                    .money
                    .channel_latency
                    .with_label_values(&[group.name.as_str(), peer.name.as_str()])
                    .observe(latency.as_secs_f64());
            }
            Outcome::Success { latency }
        });
        if (200..300).contains(&status) {
            track_payment(session, shared, ctx, &a, false);
        }
        // The channel answered: a later error (e.g. in the body) is never an unknown
        // outcome, and never a retry.
        a.verdict = Some(Failover::Final);
        Ok(())
    };
    ctx.channel = Some(a);
    result
}

/// Remembers a payment a channel accepted, or one whose outcome is unknown, for the
/// missing-callback report. The order id is the route's `payment_ref`, else the
/// idempotency key, else (unknown outcomes only) the request id.
fn track_payment(
    session: &Session,
    shared: &Shared,
    ctx: &RequestCtx,
    a: &ChannelAttempts,
    unknown: bool,
) {
    let (Some(hub), Some(route)) = (&shared.callbacks, ctx.routed_route()) else {
        return;
    };
    let req = session.req_header();
    let order_id = route
        .config
        .payment_ref
        .as_ref()
        .and_then(|src| super::guard::extract(req, src));
    let order_id = match (order_id, unknown) {
        (Some(o), _) => o,
        (None, false) => return,
        (None, true) => idempotency_key(session, a).unwrap_or(&ctx.request_id),
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
    let at_ms = shared.guards.clock.now_ms();
    if unknown {
        hub.missing
            .unknown_outcome(&p.name, order_id, &ctx.request_id, at_ms);
        return;
    }
    hub.missing.paid(PendingPayment {
        order_id: order_id.to_string(),
        channel: p.name.clone(),
        request_id: ctx.request_id.clone(),
        at_ms,
        device: ctx.device.id.map(|d| d.to_string()),
        user,
    });
}

/// A connection to the channel could not be made (refused, timed out, TLS handshake): it
/// never saw the request. Marks `e` for retry when another channel may be tried.
pub fn connect_failed(
    session: &Session,
    shared: &Shared,
    ctx: &mut RequestCtx,
    e: Box<Error>,
) -> Box<Error> {
    let Some(mut a) = ctx.channel.take() else {
        return e;
    };
    finish(&mut a, |_| Outcome::Failure);
    let v = decide(session, ctx, &a, Event::NotConnected);
    let e = verdict_error(shared, &mut a, v, e);
    ctx.channel = Some(a);
    e
}

/// An error after the request was sent (reset, timeout, or the refusal [`response`]
/// raised). Returns the error marked for retry or not for channel routes, `Err(e)`
/// unchanged for others.
pub fn proxy_failed(
    session: &Session,
    shared: &Shared,
    ctx: &mut RequestCtx,
    e: Box<Error>,
) -> std::result::Result<Box<Error>, Box<Error>> {
    let Some(mut a) = ctx.channel.take() else {
        return Err(e);
    };
    if let Some(v) = a.verdict {
        // `response` already recorded the outcome and decided (a refusal it raised, or an
        // answer that failed later while streaming).
        let mut e = e;
        e.set_retry(matches!(v, Failover::Retry | Failover::Confirm));
        ctx.channel = Some(a);
        return Ok(e);
    }
    let timeout = matches!(e.etype(), ReadTimedout | WriteTimedout);
    finish(&mut a, |after| {
        if timeout {
            Outcome::Timeout { after }
        } else {
            Outcome::Failure
        }
    });
    let event = if session.response_written().is_some() {
        Event::ClientAnswered
    } else {
        Event::Lost
    };
    let v = decide(session, ctx, &a, event);
    let e = verdict_error(shared, &mut a, v, e);
    ctx.channel = Some(a);
    Ok(e)
}

/// Runs before the next attempt's channel is picked: after a [`Failover::Confirm`], asks
/// the last channel's status endpoint (bounded by its `status_timeout` and the group's
/// deadline). `Err` ends the request as an unknown outcome.
pub async fn confirm(session: &Session, shared: &Shared, ctx: &mut RequestCtx) -> Result<()> {
    let Some(a) = ctx.channel.as_ref() else {
        return Ok(());
    };
    if a.verdict != Some(Failover::Confirm) {
        return Ok(());
    }
    let path = status_path(session, ctx, a);
    let left = a
        .group
        .failover
        .deadline
        .saturating_sub(ctx.start.elapsed());
    let answer = match (path, a.last.and_then(|i| a.group.peers.get(i))) {
        (Some(path), Some(p)) => {
            channel_status::query(p, &path, p.status_timeout.min(left), &ctx.request_id).await
        }
        _ => failover::StatusAnswer::NotConfirmed,
    };
    let label = match answer {
        failover::StatusAnswer::NoCharge => "no_charge",
        failover::StatusAnswer::NotConfirmed => "not_confirmed",
    };
    let Some(a) = ctx.channel.as_mut() else {
        return Ok(());
    };
    shared
        .metrics
        .money
        .channel_status_queries
        .with_label_values(&[a.group.name.as_str(), label])
        .inc();
    let v = failover::after_query(answer);
    a.verdict = Some(v);
    if v == Failover::Retry {
        count_failover(shared, a);
        return Ok(());
    }
    Err(Error::explain(
        HTTPStatus(504),
        "payment channel outcome unknown and not confirmed by its status endpoint",
    ))
}

/// Ends a request whose payment outcome is unknown: records it for reconciliation and
/// answers 504 with `X-Payment-Status: unknown`. Returns false (nothing written) for any
/// other failure.
pub async fn answer_unknown(session: &mut Session, shared: &Shared, ctx: &RequestCtx) -> bool {
    let Some(a) = ctx.channel.as_ref() else {
        return false;
    };
    if a.verdict != Some(Failover::Unknown) || session.response_written().is_some() {
        return false;
    }
    track_payment(session, shared, ctx, a, true);
    let channel = a
        .last
        .and_then(|i| a.group.peers.get(i))
        .map_or("-", |p| p.name.as_str());
    shared
        .metrics
        .money
        .channel_unknown
        .with_label_values(&[a.group.name.as_str(), channel])
        .inc();
    tracing::warn!(
        request_id = %ctx.request_id,
        group = %a.group.name,
        channel,
        "payment outcome unknown: answered 504, not sent to another channel"
    );
    channel_status::write_unknown(session, &ctx.request_id, channel).await;
    true
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
        .channel_recommendations
        .with_label_values(&[g.name.as_str(), name.as_str()])
        .inc();
    Some(name)
}
