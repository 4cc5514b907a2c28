//! What `request_filter` does with a request once it is routed: the route kind's own
//! handling (callbacks and orders are answered or judged by their modules; a payment, a
//! `pass` route to a channel group, gets its attempts set up), then, for whatever goes
//! upstream, the guards, a payment's whole body and the body timer.
//!
//! Glue only, in the order the phase runs it; each step lives with its subject
//! (`callback`, `order`, `channel`, `guard`, `body`).

use super::ctx::RequestCtx;
use super::facts::Refusal;
use super::{body, callback, channel, guard, order, respond};
use crate::config::RouteKind;
use crate::runtime::Shared;
use pingora::proxy::Session;

/// Answers a request refused before routing (431, 413, 404) and counts it.
pub async fn refuse(session: &mut Session, shared: &Shared, ctx: &RequestCtx, refusal: Refusal) {
    shared
        .metrics
        .rejected
        .with_label_values(&[refusal.reason()])
        .inc();
    respond::json_error(session, refusal.status(), &ctx.request_id).await;
}

/// The route kind's own handling. `Some(answered)` is `request_filter`'s result
/// (callbacks, orders: `true` when a response was written); `None`: go on to [`forward`].
pub async fn by_kind(session: &mut Session, shared: &Shared, ctx: &mut RequestCtx) -> Option<bool> {
    match ctx.kind {
        Some(RouteKind::Callback) => Some(callback::handle(session, shared, ctx).await),
        Some(RouteKind::Order) => Some(order::handle(session, shared, ctx).await),
        Some(RouteKind::Pass) => {
            channel::prepare_routed(session, ctx);
            None
        }
        _ => None,
    }
}

/// The last checks before a request goes upstream: the guards, then a payment's body read
/// whole (it is forwarded only once all of it is here, see `body`), then the body timer
/// of a streamed body. `true` when a refusal was written.
pub async fn forward(session: &mut Session, shared: &Shared, ctx: &mut RequestCtx) -> bool {
    if guard::check(session, shared, ctx).await {
        return true;
    }
    if ctx.channel.is_some() && body::buffer(session, shared, ctx).await {
        return true;
    }
    body::arm(session, ctx);
    false
}
