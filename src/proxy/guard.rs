//! Runs the request guards (`crate::guards`) for a routed request and answers refusals:
//! 403 for list and purchase-limit hits, 429 with `Retry-After` for rate limits.
//!
//! Glue only: extracts the identities the guards need from the request and the context,
//! calls `Guards::check`, records metrics, writes the response.

use super::ctx::{RequestCtx, Routed};
use super::respond;
use crate::config::ValueSource;
use crate::guards::{Guards, Plan, Subject, Verdict};
use crate::runtime::Shared;
use pingora::http::RequestHeader;
use pingora::proxy::Session;

/// Finds a value (user key, email) where the route says it is: a header, a cookie or a
/// query parameter (taken as sent, not percent-decoded).
pub fn extract<'a>(req: &'a RequestHeader, src: &ValueSource) -> Option<&'a str> {
    let v = match src {
        ValueSource::Header(h) => req.headers.get(h).and_then(|v| v.to_str().ok()),
        ValueSource::Cookie(name) => req
            .headers
            .get_all(http::header::COOKIE)
            .iter()
            .find_map(|v| crate::fingerprint::named_values(v.as_bytes(), name.as_bytes()).next())
            .and_then(|v| std::str::from_utf8(v).ok()),
        ValueSource::Query(name) => req.uri.query().and_then(|q| {
            q.split('&').find_map(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                (k == name).then_some(v)
            })
        }),
    }?;
    let v = v.trim();
    (!v.is_empty() && v.len() <= 256).then_some(v)
}

/// Writes a device id as 32 lowercase hex digits into `buf`, without allocating.
fn device_hex<'b>(ctx: &RequestCtx, buf: &'b mut [u8; 32]) -> Option<&'b str> {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let id = ctx.device.id?;
    for (i, b) in id.as_bytes().iter().enumerate() {
        buf[2 * i] = HEX[(b >> 4) as usize];
        buf[2 * i + 1] = HEX[(b & 15) as usize];
    }
    std::str::from_utf8(&buf[..]).ok()
}

/// Builds the guard subject of this request and hands it to `f`.
fn with_subject<R>(
    req: &RequestHeader,
    ctx: &RequestCtx,
    f: impl FnOnce(&Subject<'_>) -> R,
) -> Option<R> {
    let Routed::Yes { index, .. } = &ctx.routed else {
        return None;
    };
    let route = &ctx.rt.routes.get(*index)?.config;
    let ip = ctx.client_ip?;
    let mut buf = [0u8; 32];
    let subject = Subject {
        ip,
        device: device_hex(ctx, &mut buf),
        user: route.user_key.as_ref().and_then(|s| extract(req, s)),
        email: route.email_key.as_ref().and_then(|s| extract(req, s)),
        route: *index as u32,
        amount_minor: None,
        fingerprint: ctx.device.fingerprint.map(|f| f.http.0),
        country: ctx.geo.country,
        new_device: ctx.device.new,
    };
    Some(f(&subject))
}

/// Runs the guards; returns `true` when a refusal was written.
pub async fn check(session: &mut Session, shared: &Shared, ctx: &mut RequestCtx) -> bool {
    let guards = &shared.guards;
    let plan = with_subject(session.req_header(), ctx, |s| {
        guards.plan(&ctx.rt.guards, s)
    });
    let verdict = match plan {
        None => None,
        Some(Plan::Decided(v)) => Some(v),
        Some(Plan::Ask(p)) => {
            // Fleet mode: the subject borrows the request, so it is rebuilt after the await.
            let answers = guards.ask(&p).await;
            with_subject(session.req_header(), ctx, |s| {
                guards.settle(&ctx.rt.guards, s, &p, answers)
            })
        }
    };
    match verdict {
        Some(v) => answer(session, shared, ctx, v).await,
        None => false,
    }
}

/// Turns a verdict into metrics and, for refusals, a response; `true` when answered.
pub async fn answer(
    session: &mut Session,
    shared: &Shared,
    ctx: &RequestCtx,
    verdict: Verdict,
) -> bool {
    let m = &shared.metrics;
    match verdict {
        Verdict::Pass {
            allowlisted: false, ..
        } => false,
        Verdict::Pass {
            allowlisted: true, ..
        } => {
            m.allowlist_hits.inc();
            false
        }
        Verdict::Listed { reason, kind } => {
            m.list_hits.with_label_values(&[kind]).inc();
            m.decisions
                .with_label_values(&["block", reason.as_str()])
                .inc();
            respond::blocked(session, &ctx.request_id, &[reason.as_str()]).await;
            true
        }
        Verdict::PurchaseLimited { reason, scope, .. } => {
            m.purchase_limited.with_label_values(&[scope]).inc();
            m.decisions
                .with_label_values(&["block", reason.as_str()])
                .inc();
            respond::blocked(session, &ctx.request_id, &[reason.as_str()]).await;
            true
        }
        Verdict::StateUnavailable { .. } => {
            let reason = crate::guards::STATE_UNAVAILABLE.as_str();
            m.decisions.with_label_values(&["block", reason]).inc();
            respond::blocked(session, &ctx.request_id, &[reason]).await;
            true
        }
        Verdict::RateLimited {
            retry_after_secs,
            scope,
        } => {
            m.rate_limited.with_label_values(&[&scope]).inc();
            respond::rate_limited(session, &ctx.request_id, retry_after_secs).await;
            true
        }
    }
}

/// Counts a successful order against its purchase limits (logging phase, 2xx only).
pub fn record_order(req: &RequestHeader, shared: &Shared, ctx: &RequestCtx, status: u16) {
    if !(200..300).contains(&status) {
        return;
    }
    let Routed::Yes { index, .. } = &ctx.routed else {
        return;
    };
    if !Guards::is_order_route(&ctx.rt.guards, *index as u32) {
        return;
    }
    if let Some(v) = &ctx.order {
        // Order routes: the identities come from the parsed body.
        let Some(ip) = ctx.client_ip else { return };
        let mut buf = [0u8; 32];
        let device = device_hex(ctx, &mut buf);
        let header_user = ctx
            .rt
            .routes
            .get(*index)
            .and_then(|r| r.config.user_key.as_ref())
            .and_then(|s| extract(req, s));
        let s = Subject {
            ip,
            device,
            user: v.order.user.as_deref().or(header_user),
            email: v.order.email.as_deref(),
            route: *index as u32,
            amount_minor: usd_cents(&v.order, &ctx.rt),
            fingerprint: ctx.device.fingerprint.map(|f| f.http.0),
            country: ctx.geo.country,
            new_device: ctx.device.new,
        };
        shared.guards.record_order(&ctx.rt.guards, &s);
        remember(shared, ctx, &s);
        return;
    }
    with_subject(req, ctx, |s| {
        shared.guards.record_order(&ctx.rt.guards, s);
        remember(shared, ctx, s);
    });
}

/// Keeps an accepted order's identities for `POST /report` by request id.
fn remember(shared: &Shared, ctx: &RequestCtx, s: &Subject<'_>) {
    shared.recent.insert(
        ctx.request_id.clone(),
        std::sync::Arc::new(crate::runtime::RecentOrder {
            ip: s.ip,
            device: s.device.map(str::to_string),
            user: s.user.map(str::to_string),
            email: s.email.map(str::to_string),
        }),
    );
}

/// The order amount in US cents through `[risk.currency]`, for velocity's small-order
/// counts; `None` without an amount, a rate or a `[risk]` section.
pub fn usd_cents(order: &crate::risk::order::Order, rt: &crate::runtime::Runtime) -> Option<u64> {
    let rates = &rt.risk.as_ref()?.settings.currency;
    let usd = order.amount_usd(rates)?;
    // Saturating float → integer cast: absurd amounts stay "not small".
    Some((usd * 100.0).round() as u64)
}
