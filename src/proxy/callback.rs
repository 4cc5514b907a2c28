//! The `callback` route kind: a payment provider's notification is checked (source,
//! signature, freshness), spooled durably, and only then acknowledged in the provider's
//! own dialect. Nothing is proxied: the fulfillment service gets the callback from the
//! delivery worker, retried until it accepts.
//!
//! Glue only: verification lives in `callbacks::dialect`, durability in `callbacks::spool`.

use super::body;
use super::ctx::{RequestCtx, Routed};
use super::respond;
use crate::callbacks::dialect::{ack, PaymentStatus};
use crate::callbacks::fleet::{self, FleetAccepted};
use crate::callbacks::spool::{Accepted, NewCallback};
use crate::callbacks::{normalize, ChannelVerifier, Received};
use crate::runtime::Shared;
use crate::state::Clock;
use bytes::Bytes;
use pingora::proxy::Session;

/// Handles a callback request; always writes the response (returns `true`).
pub async fn handle(session: &mut Session, shared: &Shared, ctx: &mut RequestCtx) -> bool {
    let Routed::Yes { index, .. } = &ctx.routed else {
        return false;
    };
    let rt = ctx.rt.clone();
    let Some(route) = rt.routes.get(*index).map(|r| &r.config) else {
        return false;
    };
    let m = &shared.metrics.money;
    let verifier: Option<&ChannelVerifier> = route
        .channel
        .as_ref()
        .and_then(|c| rt.verifiers.get(c))
        .map(|v| &**v);
    let (Some(v), Some(hub)) = (verifier, shared.callbacks.as_ref()) else {
        // Callback routes added by a reload before the spool exists: refuse loudly rather
        // than acknowledge something that is not durable.
        tracing::error!(request_id = %ctx.request_id, route = %route.name,
            "callback route has no spool (callbacks were configured after start: restart)");
        respond::json_error(session, 503, &ctx.request_id).await;
        return true;
    };
    let dialect = v.dialect();
    let count = |outcome: &str| {
        m.callbacks_received
            .with_label_values(&[v.name.as_str(), dialect.as_str(), outcome])
            .inc()
    };
    if !v.source_allowed(ctx.client_ip) {
        count("source_denied");
        tracing::warn!(request_id = %ctx.request_id, channel = %v.name,
            client_ip = ?ctx.client_ip, "callback refused: source not in callback_sources");
        write_ack(session, dialect, false, 403, &ctx.request_id).await;
        return true;
    }
    let deadline = body::deadline(ctx);
    let body = match body::read_whole(session, route.max_body_bytes as usize, deadline).await {
        Ok(b) => b,
        Err(e) => {
            count(match e {
                body::BodyError::TooLarge => "too_large",
                body::BodyError::Late => "body_timeout",
                body::BodyError::Broken => "body_incomplete",
            });
            body::refuse(session, shared, ctx, e).await;
            return true;
        }
    };
    let req = session.req_header();
    let query = req.uri.query().map(str::to_string);
    let content_type = req
        .headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let received_ms = shared.guards.clock.now_ms();
    let n = match v
        .verifier
        .verify(&req.headers, query.as_deref(), &body, received_ms / 1000)
    {
        Ok(n) => n,
        Err(rej) => {
            count(rej.reason());
            tracing::warn!(request_id = %ctx.request_id, channel = %v.name,
                client_ip = ?ctx.client_ip, "callback refused: {rej}");
            write_ack(session, dialect, false, rej.status(), &ctx.request_id).await;
            return true;
        }
    };
    let normalized = normalize(
        &v.name,
        &n,
        dialect,
        &Received {
            request_id: &ctx.request_id,
            received_ms,
            content_type: &content_type,
            query: query.as_deref(),
            body: &body,
        },
    );
    let rec = NewCallback {
        channel: v.name.clone(),
        txn_id: n.txn_id.clone(),
        order_id: n.order_id.clone(),
        status: crate::callbacks::event_status(&n, dialect),
        received_ms,
        normalized,
        original: body,
        content_type,
    };
    let fleet = shared.guards.fleet().map(|f| &**f);
    let accepted = fleet::accept(
        &hub.spool,
        fleet,
        hub.settings.retention,
        rec,
        received_ms,
        &m.callback_fleet,
    );
    match accepted.await {
        Ok(FleetAccepted::InFlight) => {
            // Another edge is committing this very notification: not acknowledged, so the
            // provider sends it again once that edge confirmed (or its claim lapsed).
            count("fleet_in_flight");
            tracing::info!(request_id = %ctx.request_id, channel = %v.name,
                txn_id = %n.txn_id, "callback in flight on another edge: not acknowledged");
            respond::json_error(session, 503, &ctx.request_id).await;
        }
        Ok(fa) => {
            let (outcome, accepted) = match fa {
                FleetAccepted::Local(a @ Accepted::Stored { .. }) => ("accepted", Some(a)),
                FleetAccepted::Local(a @ Accepted::Duplicate { .. }) => ("duplicate", Some(a)),
                FleetAccepted::Local(a @ Accepted::Stale { .. }) => ("stale_status", Some(a)),
                FleetAccepted::FleetDuplicate => ("duplicate", None),
                FleetAccepted::FleetStale | FleetAccepted::InFlight => ("stale_status", None),
            };
            count(outcome);
            // Only money ends an order's "missing" wait: a pending or failed status may still
            // be followed by paid (a repeat counts too). A new failure counts against the payer.
            let stored = matches!(accepted, Some(Accepted::Stored { .. }));
            match n.status {
                PaymentStatus::Paid | PaymentStatus::Refunded => {
                    // Accepted here: the spool's commit already removed the durable entry.
                    if accepted.is_some() {
                        hub.missing.callback_stored(&n.order_id);
                    } else {
                        hub.missing.callback_seen(&n.order_id);
                    }
                    if let Some(f) = shared.guards.fleet() {
                        fleet::publish_paid(f, &n.order_id);
                    }
                }
                PaymentStatus::Failed if stored => {
                    if let Some(p) = hub.missing.get(&n.order_id) {
                        shared.guards.record_failed_payment(
                            &rt.guards,
                            p.device.as_deref(),
                            p.user.as_deref(),
                        );
                    }
                }
                PaymentStatus::Failed | PaymentStatus::Pending => {}
            }
            tracing::info!(request_id = %ctx.request_id, channel = %v.name,
                txn_id = %n.txn_id, order_id = %n.order_id, status = n.status.as_str(),
                id = ?accepted.map(Accepted::id), fleet = accepted.is_none(), outcome,
                "callback");
            write_ack(session, dialect, true, 0, &ctx.request_id).await;
        }
        Err(e) => {
            // Not durable, so not acknowledged: the provider will send it again.
            count("spool_error");
            tracing::error!(request_id = %ctx.request_id, channel = %v.name, "spool: {e}");
            respond::json_error(session, 503, &ctx.request_id).await;
        }
    }
    true
}

/// Writes the dialect's acknowledgement (or refusal body with `status`).
async fn write_ack(
    session: &mut Session,
    dialect: crate::callbacks::dialect::Dialect,
    accepted: bool,
    status: u16,
    request_id: &str,
) {
    let a = ack(dialect, accepted);
    let status = if accepted { a.status } else { status };
    respond::send(
        session,
        status,
        request_id,
        a.content_type,
        "no-store",
        Bytes::from_static(a.body.as_bytes()),
    )
    .await;
}
