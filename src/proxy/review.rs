//! The proxy side of the review queue: holding an order (the 202, or a 503 when it could
//! not be stored) and the buyer's status endpoint on the proxy listener.
//!
//! `GET /__rg/review/{token}` answers `{"status":"pending"}` (then `approved`, `denied`
//! or `expired`); `GET /__rg/review/{token}/events` is the same as a server-sent event
//! stream that ends once the order is decided. The token is 128 random bits handed out in
//! the 202 body and its `Location`; the request id is not enough to ask.
//! Glue only: the queue is `crate::reviews`.

use super::ctx::RequestCtx;
use crate::reviews::{HeldOrder, Status};
use crate::server::Shared;
use crate::state::Clock;
use bytes::Bytes;
use pingora::http::ResponseHeader;
use pingora::proxy::Session;
use std::time::Duration;

/// Path prefix of the buyer's status endpoint.
pub const STATUS_PREFIX: &str = "/__rg/review/";

/// How long an event stream stays open without a change before it sends a comment line,
/// so idle proxies in between do not cut it.
const SSE_HEARTBEAT: Duration = Duration::from_secs(15);

/// Request headers that describe one hop, not the request: not stored, not replayed.
/// `content-length` is recomputed from the stored body; `x-request-id` is set on replay.
const HOP_BY_HOP: [&str; 11] = [
    "connection",
    "keep-alive",
    "proxy-connection",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "content-length",
    "x-request-id",
];

async fn write(
    session: &mut Session,
    status: u16,
    request_id: &str,
    body: &serde_json::Value,
    location: Option<&str>,
) {
    let mut bytes = serde_json::to_vec(body).unwrap_or_default();
    bytes.push(b'\n');
    let Ok(mut h) = ResponseHeader::build(status, Some(5)) else {
        return;
    };
    let _ = h.insert_header("content-type", "application/json");
    let _ = h.insert_header("content-length", bytes.len().to_string());
    let _ = h.insert_header("cache-control", "no-store");
    if !request_id.is_empty() {
        let _ = h.insert_header("x-request-id", request_id);
    }
    if let Some(l) = location {
        let _ = h.insert_header("location", l);
    }
    let _ = session.write_response_header(Box::new(h), false).await;
    let _ = session
        .write_response_body(Some(Bytes::from(bytes)), true)
        .await;
}

/// What the order path decided about a held order.
pub struct Held<'a> {
    /// Fraud probability.
    pub score: f32,
    /// Reason codes (decision reasons and top features, as in the 202 body).
    pub reasons: &'a [&'static str],
    /// Shop user key (body or header).
    pub user: Option<String>,
    /// Email from the body.
    pub email: Option<String>,
}

/// Stores the order held for review and answers 202 with the buyer's status link, or 503
/// when it could not be stored (never a 202 for an order nobody will see).
pub async fn hold(session: &mut Session, shared: &Shared, ctx: &RequestCtx, v: Held<'_>) {
    let Some(hub) = shared.reviews.as_ref() else {
        // A hold route added by a reload without a restart: nowhere to store it.
        let why = "no review store (restart to open one)";
        return not_stored(session, shared, ctx, why).await;
    };
    // Stored as it would be forwarded now: riskgate's forwarding, geo and device headers
    // in place of the client's (an untrusted peer's `X-Forwarded-For`, `X-Real-IP` or
    // `Forwarded` were otherwise replayed to the shop as sent, on approval).
    let mut forwarded = session.req_header().clone();
    if let Err(e) = as_forwarded(session, &mut forwarded, ctx) {
        return not_stored(session, shared, ctx, &e.to_string()).await;
    }
    let req = &forwarded;
    let dropped: Vec<String> = req
        .headers
        .get_all(http::header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(',').map(|s| s.trim().to_ascii_lowercase()))
        .collect();
    let mut headers: Vec<(String, String)> = req
        .headers
        .iter()
        .filter(|(k, _)| {
            !HOP_BY_HOP.contains(&k.as_str()) && !dropped.iter().any(|d| d == k.as_str())
        })
        .map(|(k, v)| {
            (
                k.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    if req.headers.get(http::header::HOST).is_none() {
        if let Some(a) = req.uri.authority() {
            headers.push(("host".into(), a.to_string()));
        }
    }
    let uri = req
        .uri
        .path_and_query()
        .map_or_else(|| req.uri.path().to_string(), |p| p.as_str().to_string());
    let route = match &ctx.routed {
        super::ctx::Routed::Yes { index, .. } => {
            ctx.rt.routes.get(*index).map(|r| r.config.name.clone())
        }
        _ => None,
    }
    .unwrap_or_default();
    let body = ctx.whole_body.as_deref().unwrap_or_default();
    let now_ms = shared.guards.clock.now_ms();
    let order = HeldOrder {
        id: ctx.request_id.clone(),
        request_id: ctx.request_id.clone(),
        token: hub.new_token(&ctx.request_id),
        route,
        created_ms: now_ms,
        score: v.score,
        reasons: v.reasons.iter().map(|r| r.to_string()).collect(),
        user: v.user,
        device: ctx.device.id.map(|d| d.to_string()),
        email: v.email,
        ip: ctx.client_ip.map(|ip| ip.to_string()).unwrap_or_default(),
        method: req.method.as_str().to_string(),
        uri,
        headers,
        body_b64: base64::Engine::encode(&base64::engine::general_purpose::STANDARD, body),
        status: Status::Pending,
        decided_by: None,
        decided_ms: None,
        shop_status: None,
    };
    let score = (f64::from(v.score) * 10_000.0).round() / 10_000.0;
    match hub.hold(order, now_ms).await {
        Ok(stored) => {
            let link = format!("{STATUS_PREFIX}{}", stored.token);
            let body = serde_json::json!({
                "request_id": ctx.request_id,
                "decision": "review",
                "reasons": v.reasons,
                "score": score,
                "review": {"status": "pending", "token": stored.token, "status_url": link},
            });
            write(session, 202, &ctx.request_id, &body, Some(&link)).await;
        }
        Err(e) => {
            tracing::error!(request_id = %ctx.request_id, "held order not stored: {e}");
            let body = serde_json::json!({"error": "unavailable", "status": 503, "request_id": ctx.request_id,
                "message": "the order could not be queued for review; retry"});
            write(session, 503, &ctx.request_id, &body, None).await;
        }
    }
}

/// Answers 503 for a held order that cannot be stored (`why` goes to the log), counted as
/// `store_failed`.
async fn not_stored(session: &mut Session, shared: &Shared, ctx: &RequestCtx, why: &str) {
    let m = &shared.metrics.reviews;
    m.total.with_label_values(&["store_failed"]).inc();
    tracing::error!(request_id = %ctx.request_id, "held order not stored: {why}");
    let body =
        serde_json::json!({"error": "unavailable", "status": 503, "request_id": ctx.request_id});
    write(session, 503, &ctx.request_id, &body, None).await;
}

/// The headers `upstream_request_filter` would give this request upstream (see
/// `EdgeProxy::upstream_request_filter`), on a copy: a held order is replayed later,
/// outside the proxy phases.
fn as_forwarded(
    session: &Session,
    req: &mut pingora::http::RequestHeader,
    ctx: &RequestCtx,
) -> pingora::Result<()> {
    let tls = session.digest().is_some_and(|d| d.ssl_digest.is_some());
    super::facts::forwarding_headers(req, ctx, tls)?;
    let port = session
        .server_addr()
        .and_then(|a| a.as_inet())
        .map(|a| a.port());
    super::forwarded::rewrite(req, ctx, tls, port)?;
    super::device::forward(req, ctx)
}

/// Serves `GET /__rg/review/{token}[/events]`; `true` when it answered.
pub async fn status_endpoint(session: &mut Session, shared: &Shared, ctx: &RequestCtx) -> bool {
    let path = session.req_header().uri.path();
    let Some(rest) = path.strip_prefix(STATUS_PREFIX) else {
        return false;
    };
    let (token, events) = match rest.strip_suffix("/events") {
        Some(t) => (t.to_string(), true),
        None => (rest.to_string(), false),
    };
    let rid = ctx.request_id.clone();
    if session.req_header().method != http::Method::GET {
        let body =
            serde_json::json!({"error": "method_not_allowed", "status": 405, "request_id": rid});
        write(session, 405, &rid, &body, None).await;
        return true;
    }
    let Some(hub) = shared.reviews.clone() else {
        let body = serde_json::json!({"error": "not_found", "status": 404, "request_id": rid});
        write(session, 404, &rid, &body, None).await;
        return true;
    };
    let found = match hub.by_token(&token).await {
        Ok(f) => f,
        Err(e) => {
            tracing::error!("review status: {e}");
            let body =
                serde_json::json!({"error": "unavailable", "status": 503, "request_id": rid});
            write(session, 503, &rid, &body, None).await;
            return true;
        }
    };
    let Some(order) = found else {
        let body = serde_json::json!({"error": "not_found", "status": 404, "request_id": rid});
        write(session, 404, &rid, &body, None).await;
        return true;
    };
    if !events {
        write(
            session,
            200,
            &rid,
            &serde_json::json!({"status": order.status.as_str()}),
            None,
        )
        .await;
        return true;
    }
    let Ok(mut h) = ResponseHeader::build(200, Some(4)) else {
        return true;
    };
    let _ = h.insert_header("content-type", "text/event-stream");
    let _ = h.insert_header("cache-control", "no-store");
    let _ = h.insert_header("x-request-id", rid.as_str());
    if session
        .write_response_header(Box::new(h), false)
        .await
        .is_err()
    {
        return true;
    }
    let mut last = order.status;
    if send_event(session, last).await.is_err() {
        return true;
    }
    while last == Status::Pending {
        // Registered before the read, so a change between the read and the wait wakes it.
        let changed = hub.notify().notified();
        tokio::pin!(changed);
        changed.as_mut().enable();
        let now = match hub.by_token(&token).await {
            Ok(Some(o)) => o.status,
            _ => break,
        };
        let sent = if now != last {
            last = now;
            send_event(session, now).await
        } else if tokio::time::timeout(SSE_HEARTBEAT, changed).await.is_err() {
            session
                .write_response_body(Some(Bytes::from_static(b": waiting\n\n")), false)
                .await
                .map(|_| ())
        } else {
            Ok(())
        };
        if sent.is_err() {
            return true;
        }
    }
    let _ = session.write_response_body(None, true).await;
    true
}

async fn send_event(session: &mut Session, s: Status) -> pingora::Result<()> {
    let line = format!("event: status\ndata: {{\"status\":\"{}\"}}\n\n", s.as_str());
    session
        .write_response_body(Some(Bytes::from(line)), false)
        .await
}
