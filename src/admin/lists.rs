//! Admin endpoints for the block/allow lists and fraud reports.
//!
//! `GET /lists/{kind}[?list=allow]`, `POST /lists/{kind}` (JSON body),
//! `DELETE /lists/{kind}?value=V[&list=allow]` (or a JSON body with `value`), and
//! `POST /report`. List files are written synchronously (atomic rename), so every change
//! runs on the blocking pool, never on the async workers.

use super::{json_reply, Reply};
use crate::lists::{EntryView, ListError, ListKind, ListName, ListQuery, NewEntry};
use crate::runtime::Shared;
use crate::state::Clock;
use http::{Method, StatusCode};
use serde::Deserialize;
use serde_json::json;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

/// Body of `POST /lists/{kind}` and `DELETE /lists/{kind}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryBody {
    value: String,
    #[serde(default)]
    list: Option<String>,
    /// Seconds until the entry expires (a temporary ban); absent = permanent.
    #[serde(default)]
    ttl_secs: Option<u64>,
    #[serde(default)]
    reason: Option<String>,
}

/// Body of `POST /report`: a request id seen recently, or the identities themselves.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportBody {
    #[serde(default)]
    request_id: Option<String>,
    #[serde(default)]
    ip: Option<IpAddr>,
    #[serde(default)]
    device: Option<String>,
    #[serde(default)]
    user: Option<String>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    ttl_secs: Option<u64>,
    #[serde(default)]
    reason: Option<String>,
}

fn list_name(s: Option<&str>) -> Result<ListName, Box<Reply>> {
    match s {
        None | Some("block") => Ok(ListName::Block),
        Some("allow") => Ok(ListName::Allow),
        Some(other) => Err(Box::new(json_reply(
            StatusCode::BAD_REQUEST,
            json!({"error": "bad_list", "message": format!("`{other}` is not a list (block or allow)")}),
        ))),
    }
}

fn query_param<'a>(query: Option<&'a str>, name: &str) -> Option<&'a str> {
    query?.split('&').find_map(|p| {
        let (k, v) = p.split_once('=').unwrap_or((p, ""));
        (k == name).then_some(v)
    })
}

/// Percent-decodes a query value (values such as `203.0.113.0%2F24` arrive encoded).
fn decode(v: &str) -> String {
    crate::risk::order::form_decode(v).into_owned()
}

fn error_reply(e: &ListError) -> Reply {
    let status = match e {
        ListError::Invalid { .. } | ListError::Unsupported { .. } => StatusCode::BAD_REQUEST,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    json_reply(
        status,
        json!({"error": "list_error", "message": e.to_string()}),
    )
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    tokio::task::spawn_blocking(f).await.ok()
}

/// Handles `/lists/{kind}`; `body` is the request body (possibly empty).
pub async fn handle_lists(
    shared: &Arc<Shared>,
    method: &Method,
    kind: &str,
    query: Option<&str>,
    body: &[u8],
) -> Reply {
    let Some(kind) = ListKind::parse(kind) else {
        return json_reply(
            StatusCode::NOT_FOUND,
            json!({"error": "unknown_kind", "message": "kinds: ip, device, user, email, email_domain"}),
        );
    };
    let now = entry_clock(shared);
    match *method {
        Method::GET => {
            let list = match list_name(query_param(query, "list")) {
                Ok(l) => l,
                Err(r) => return *r,
            };
            let entries: Vec<EntryView> = shared.guards.lists.load().list(list, kind, now);
            json_reply(
                StatusCode::OK,
                json!({"list": list.as_str(), "kind": kind.as_str(), "persistent": shared.guards.lists.load().is_persistent(list, kind), "entries": entries}),
            )
        }
        Method::POST => {
            let b: EntryBody = match serde_json::from_slice(body) {
                Ok(b) => b,
                Err(e) => return bad_json(&e),
            };
            let list = match list_name(b.list.as_deref()) {
                Ok(l) => l,
                Err(r) => return *r,
            };
            let shared2 = shared.clone();
            let result = blocking(move || {
                let new = NewEntry {
                    ttl: b.ttl_secs.map(Duration::from_secs),
                    reason: b.reason.as_deref(),
                    added_by: "admin",
                };
                shared2
                    .guards
                    .lists
                    .load()
                    .add(list, kind, &b.value, &new, now)
            })
            .await;
            match result {
                Some(Ok(entry)) => {
                    shared.guards.publish_list_add(&entry).await;
                    json_reply(StatusCode::CREATED, json!({"entry": entry}))
                }
                Some(Err(e)) => error_reply(&e),
                None => internal(),
            }
        }
        Method::DELETE => {
            let (value, list) = match query_param(query, "value") {
                Some(v) => (decode(v), query_param(query, "list").map(str::to_string)),
                None => match serde_json::from_slice::<EntryBody>(body) {
                    Ok(b) => (b.value, b.list),
                    Err(e) => return bad_json(&e),
                },
            };
            let list = match list_name(list.as_deref()) {
                Ok(l) => l,
                Err(r) => return *r,
            };
            let shared2 = shared.clone();
            let v = value.clone();
            let result =
                blocking(move || shared2.guards.lists.load().remove(list, kind, &v, now)).await;
            match result {
                Some(Ok(true)) => {
                    shared.guards.publish_list_remove(list, kind, &value).await;
                    json_reply(StatusCode::OK, json!({"removed": true}))
                }
                Some(Ok(false)) => json_reply(StatusCode::NOT_FOUND, json!({"removed": false})),
                Some(Err(e)) => error_reply(&e),
                None => internal(),
            }
        }
        _ => json_reply(
            StatusCode::METHOD_NOT_ALLOWED,
            json!({"error": "method_not_allowed"}),
        ),
    }
}

/// Handles `POST /report`: blocks every identity of a fraudulent order.
pub async fn handle_report(shared: &Arc<Shared>, body: &[u8]) -> Reply {
    let mut b: ReportBody = match serde_json::from_slice(body) {
        Ok(b) => b,
        Err(e) => return bad_json(&e),
    };
    if let Some(rid) = &b.request_id {
        match shared.recent.get(rid) {
            Some(seen) => {
                b.ip = b.ip.or(Some(seen.ip));
                b.device = b.device.or_else(|| seen.device.clone());
                b.user = b.user.or_else(|| seen.user.clone());
                b.email = b.email.or_else(|| seen.email.clone());
            }
            None => {
                return json_reply(
                    StatusCode::NOT_FOUND,
                    json!({"error": "unknown_request_id", "message": "request id not among recent orders; report its identities instead"}),
                )
            }
        }
    }
    if b.ip.is_none() && b.device.is_none() && b.user.is_none() && b.email.is_none() {
        return json_reply(
            StatusCode::BAD_REQUEST,
            json!({"error": "nothing_to_report", "message": "give request_id or at least one of ip, device, user, email"}),
        );
    }
    let now = entry_clock(shared);
    let shared2 = shared.clone();
    let result = blocking(move || {
        let ids = ListQuery {
            ip: b.ip,
            device: b.device.as_deref(),
            user: b.user.as_deref(),
            email: b.email.as_deref(),
        };
        let reason = b
            .reason
            .clone()
            .unwrap_or_else(|| "reported fraud".to_string());
        let new = NewEntry {
            ttl: b.ttl_secs.map(Duration::from_secs),
            reason: Some(&reason),
            added_by: "report",
        };
        shared2.guards.lists.load().report(&ids, &new, now)
    })
    .await;
    match result {
        Some(Ok(entries)) => {
            // Fleet mode: every edge blocks the reported identities, as for `POST /lists`.
            for e in &entries {
                shared.guards.publish_list_add(e).await;
            }
            json_reply(StatusCode::CREATED, json!({"blocked": entries}))
        }
        Some(Err(e)) => error_reply(&e),
        None => internal(),
    }
}

fn bad_json(e: &serde_json::Error) -> Reply {
    json_reply(
        StatusCode::BAD_REQUEST,
        json!({"error": "bad_json", "message": e.to_string()}),
    )
}

fn internal() -> Reply {
    json_reply(
        StatusCode::INTERNAL_SERVER_ERROR,
        json!({"error": "internal", "message": "list task failed"}),
    )
}

/// "Now" for new list entries, in whole seconds rounded *up*: lookups compare the floor
/// of the clock with `expires_at`, so with the floor here a `ttl_secs = 1` entry added at
/// x.99 s would lapse 10 ms later. Rounded up, an entry lasts at least its TTL.
fn entry_clock(shared: &Shared) -> u64 {
    shared.guards.clock.now_ms().div_ceil(1000)
}
