//! Admin endpoints for the review queue.
//!
//! `GET /reviews[?status=pending&limit=N]`, `GET /reviews/{id}`, `POST
//! /reviews/{id}/approve` (`{"by":"alice"}`: forwards the held order to the shop once,
//! answers with the shop's status; 409 when already decided), `POST /reviews/{id}/deny`
//! (`{"by":"bob","list":["user","device","email","ip"],"ttl":"30d"}`: refuses it and
//! blocks the chosen identities in the same call) and `GET /reviews/labels.csv`
//! (`request_id,label`; approve → 0, deny → 1). The queue itself is `crate::reviews`.

use super::{json_reply, reply, Reply};
use crate::lists::{ListQuery, NewEntry};
use crate::reviews::store::Change;
use crate::reviews::{Approval, ReviewError, Status};
use crate::server::Shared;
use crate::state::Clock;
use http::{Method, StatusCode};
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;

/// Body of `POST /reviews/{id}/approve`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ApproveBody {
    by: String,
}

/// Body of `POST /reviews/{id}/deny`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DenyBody {
    by: String,
    /// Identities of the order to block: `user`, `device`, `email`, `ip`.
    #[serde(default)]
    list: Vec<String>,
    /// How long the block lasts (`30d`, `12h`); absent = until removed.
    #[serde(default)]
    ttl: Option<String>,
}

fn bad(error: &str, message: impl Into<String>) -> Reply {
    json_reply(
        StatusCode::BAD_REQUEST,
        json!({"error": error, "message": message.into()}),
    )
}

fn store_error(e: &ReviewError) -> Reply {
    tracing::error!("review admin: {e}");
    json_reply(
        StatusCode::SERVICE_UNAVAILABLE,
        json!({"error": "review_store", "message": e.to_string()}),
    )
}

fn not_found() -> Reply {
    json_reply(StatusCode::NOT_FOUND, json!({"error": "unknown_review"}))
}

/// A reviewer name: it goes into a header (`X-Risk-Reviewed-By`) and list reasons, so
/// the same alphabet as list `added_by`.
pub(super) fn valid_by(by: &str) -> bool {
    (1..=64).contains(&by.len())
        && by
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'@' | b':' | b'-'))
}

/// Handles `/reviews…`; `None` when the path is not one of them.
pub async fn handle(
    shared: &Arc<Shared>,
    method: &Method,
    path: &str,
    query: Option<&str>,
    body: &[u8],
) -> Option<Reply> {
    let rest = match path {
        "/reviews" => "",
        p => p.strip_prefix("/reviews/")?,
    };
    let Some(hub) = shared.reviews.clone() else {
        return Some(json_reply(
            StatusCode::NOT_FOUND,
            json!({"error": "reviews_disabled", "message": "no [reviews] section and no route holds orders"}),
        ));
    };
    let now_ms = shared.guards.clock.now_ms();
    let r = match (method, rest.split_once('/')) {
        (&Method::GET, None) if rest.is_empty() => {
            let q = query.unwrap_or("");
            let param = |n: &str| {
                q.split('&')
                    .find_map(|p| p.strip_prefix(n).and_then(|v| v.strip_prefix('=')))
            };
            let status = match param("status") {
                None => None,
                Some(s) => match Status::parse(s) {
                    Some(s) => Some(s),
                    None => {
                        return Some(bad(
                            "bad_status",
                            format!("`{s}` is not a status (pending, approved, denied, expired)"),
                        ))
                    }
                },
            };
            let limit = param("limit")
                .and_then(|v| v.parse().ok())
                .unwrap_or(100usize)
                .min(1000);
            match hub.list(status, limit).await {
                Ok(list) => json_reply(StatusCode::OK, json!({"reviews": list})),
                Err(e) => store_error(&e),
            }
        }
        (&Method::GET, None) if rest == "labels.csv" => match hub.labels_csv().await {
            Ok(csv) => reply(StatusCode::OK, "text/csv; charset=utf-8", csv.into_bytes()),
            Err(e) => store_error(&e),
        },
        (&Method::GET, None) => match hub.get(rest).await {
            Ok(Some(o)) => json_reply(StatusCode::OK, json!(o)),
            Ok(None) => not_found(),
            Err(e) => store_error(&e),
        },
        (&Method::POST, Some((id, "approve"))) => {
            let b: ApproveBody = match serde_json::from_slice(body) {
                Ok(b) => b,
                Err(e) => return Some(bad("bad_json", e.to_string())),
            };
            if !valid_by(&b.by) {
                return Some(bad("bad_by", "`by` must be 1-64 of A-Z a-z 0-9 . _ @ : -"));
            }
            let rt = shared.runtime.load_full();
            match hub.approve(&rt, id, &b.by, now_ms).await {
                Approval::Forwarded { status, order } => json_reply(
                    StatusCode::OK,
                    json!({"status": "approved", "shop_status": status, "review": order}),
                ),
                Approval::NotFound => not_found(),
                Approval::Conflict(o) => json_reply(
                    StatusCode::CONFLICT,
                    json!({"error": "already_decided", "status": o.status.as_str(),
                           "decided_by": o.decided_by, "message": "nothing was forwarded"}),
                ),
                Approval::Unreachable(why) => json_reply(
                    StatusCode::BAD_GATEWAY,
                    json!({"error": "shop_unreachable", "message": why, "status": "pending"}),
                ),
                Approval::Store(e) => store_error(&e),
            }
        }
        (&Method::POST, Some((id, "deny"))) => deny(shared, &hub, id, body, now_ms).await,
        (_, Some((_, "approve" | "deny"))) => json_reply(
            StatusCode::METHOD_NOT_ALLOWED,
            json!({"error": "method_not_allowed"}),
        ),
        _ => json_reply(StatusCode::NOT_FOUND, json!({"error": "not_found"})),
    };
    Some(r)
}

async fn deny(
    shared: &Arc<Shared>,
    hub: &crate::reviews::ReviewHub,
    id: &str,
    body: &[u8],
    now_ms: u64,
) -> Reply {
    let b: DenyBody = match serde_json::from_slice(body) {
        Ok(b) => b,
        Err(e) => return bad("bad_json", e.to_string()),
    };
    if !valid_by(&b.by) {
        return bad("bad_by", "`by` must be 1-64 of A-Z a-z 0-9 . _ @ : -");
    }
    if let Some(k) = b
        .list
        .iter()
        .find(|k| !matches!(k.as_str(), "user" | "device" | "email" | "ip"))
    {
        return bad(
            "bad_list",
            format!("`{k}` is not an identity of an order (user, device, email, ip)"),
        );
    }
    let ttl = match b
        .ttl
        .as_deref()
        .map(crate::config::validate::parse_duration)
    {
        None => None,
        Some(Ok(d)) => Some(d),
        Some(Err(e)) => return bad("bad_ttl", format!("ttl: {e}")),
    };
    let order = match hub.deny(id, &b.by, Status::Denied, now_ms).await {
        Ok(Change::Done(o)) => o,
        Ok(Change::Conflict(o)) => {
            return json_reply(
                StatusCode::CONFLICT,
                json!({"error": "already_decided", "status": o.status.as_str(), "decided_by": o.decided_by}),
            )
        }
        Ok(Change::NotFound) => return not_found(),
        Err(e) => return store_error(&e),
    };
    if b.list.is_empty() {
        return json_reply(
            StatusCode::OK,
            json!({"status": "denied", "blocked": [], "review": order}),
        );
    }
    let wants = |k: &str| b.list.iter().any(|l| l == k);
    let ip = order.ip.parse().ok().filter(|_| wants("ip"));
    let user = order.user.clone().filter(|_| wants("user"));
    let device = order.device.clone().filter(|_| wants("device"));
    let email = order.email.clone().filter(|_| wants("email"));
    let reason = format!("review {} denied by {}", order.id, b.by);
    // Whole seconds rounded up, as for every list entry (see admin/lists.rs).
    let now_s = now_ms.div_ceil(1000);
    let shared2 = shared.clone();
    let blocked = tokio::task::spawn_blocking(move || {
        let ids = ListQuery {
            ip,
            device: device.as_deref(),
            user: user.as_deref(),
            email: email.as_deref(),
        };
        let new = NewEntry {
            ttl,
            reason: Some(&reason),
            added_by: "review",
        };
        shared2.guards.lists.load().report(&ids, &new, now_s)
    })
    .await;
    match blocked {
        Ok(Ok(entries)) => json_reply(
            StatusCode::OK,
            json!({"status": "denied", "blocked": entries, "review": order}),
        ),
        Ok(Err(e)) => json_reply(
            StatusCode::INTERNAL_SERVER_ERROR,
            json!({"error": "list_error", "status": "denied", "message": format!("denied, but blocking failed: {e}")}),
        ),
        Err(_) => json_reply(
            StatusCode::INTERNAL_SERVER_ERROR,
            json!({"error": "internal", "status": "denied", "message": "denied, but the list task failed"}),
        ),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn reviewer_names_are_header_safe() {
        for (by, ok) in [
            ("alice", true),
            ("a.b@shop:ops-1_x", true),
            ("", false),
            ("a b", false),
            ("x\r\nX-Evil: 1", false),
            (&"a".repeat(65), false),
        ] {
            assert_eq!(super::valid_by(by), ok, "{by:?}");
        }
    }
}
