//! Admin endpoints of the money path.
//!
//! - `GET /channels`: every channel group with each channel's health, circuit, latency
//!   EWMA, success rate, selection share.
//! - `GET /callbacks?state=pending|delivered|dead&limit=N&before=ID`: spooled callbacks,
//!   newest first (`before` pages).
//! - `GET /callbacks/{id}`: one callback with its bodies.
//! - `POST /callbacks/{id}/requeue`: a dead letter goes back to pending, delivered again.
//! - `GET /callbacks/missing?limit=N`: payments a channel accepted whose callback has not
//!   arrived within `callbacks.missing_after` (补单 list).

use super::{json_reply, Reply};
use crate::callbacks::spool::State;
use crate::runtime::Shared;
use crate::state::Clock;
use http::{Method, StatusCode};
use serde_json::json;

fn param<'a>(query: Option<&'a str>, name: &str) -> Option<&'a str> {
    query?.split('&').find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k == name).then_some(v)
    })
}

fn limit(query: Option<&str>) -> usize {
    param(query, "limit")
        .and_then(|v| v.parse().ok())
        .unwrap_or(100usize)
        .clamp(1, 1000)
}

fn no_spool() -> Reply {
    json_reply(
        StatusCode::NOT_FOUND,
        json!({"error": "no_callbacks", "message": "no [callbacks] spool in this process"}),
    )
}

/// Answers money-path endpoints; `None` when `path` is not one of them.
pub async fn handle(
    shared: &Shared,
    method: &Method,
    path: &str,
    query: Option<&str>,
) -> Option<Reply> {
    if path == "/channels" {
        if method != Method::GET {
            return Some(method_not_allowed());
        }
        let rt = shared.runtime.load();
        let mut groups: Vec<_> = rt.channel_groups.values().map(|g| g.report()).collect();
        groups.sort_by(|a, b| a.group.cmp(&b.group));
        return Some(json_reply(StatusCode::OK, json!({ "groups": groups })));
    }
    let rest = path.strip_prefix("/callbacks")?;
    let Some(hub) = &shared.callbacks else {
        return Some(no_spool());
    };
    let spool_error = |e: crate::callbacks::spool::SpoolError| {
        json_reply(
            StatusCode::INTERNAL_SERVER_ERROR,
            json!({"error": "spool", "message": e.to_string()}),
        )
    };
    let reply = match (method.clone(), rest) {
        (Method::GET, "" | "/") => {
            let state = match param(query, "state") {
                None => None,
                Some("pending") => Some(State::Pending),
                Some("delivered") => Some(State::Delivered),
                Some("dead") => Some(State::Dead),
                Some(other) => {
                    return Some(json_reply(
                        StatusCode::BAD_REQUEST,
                        json!({"error": "bad_state", "message": format!("`{other}` is not pending, delivered or dead")}),
                    ))
                }
            };
            let before = param(query, "before").and_then(|v| v.parse().ok());
            match hub.spool.list(state, before, limit(query)).await {
                Ok(recs) => {
                    let d = hub.spool.depth();
                    json_reply(
                        StatusCode::OK,
                        json!({"pending": d.pending, "dead": d.dead, "callbacks": recs}),
                    )
                }
                Err(e) => spool_error(e),
            }
        }
        (Method::GET, "/missing") => {
            let now = shared.guards.clock.now_ms();
            let after = shared
                .runtime
                .load()
                .config
                .callbacks
                .as_ref()
                .map_or(hub.settings.missing_after, |c| c.missing_after);
            let missing = hub.missing.missing(now, after, limit(query));
            json_reply(
                StatusCode::OK,
                json!({"missing_after_secs": after.as_secs(), "count": missing.len(), "missing": missing}),
            )
        }
        (m, r) => {
            let r = r.trim_start_matches('/');
            let (id, action) = r.split_once('/').unwrap_or((r, ""));
            let Ok(id) = id.parse::<u64>() else {
                return Some(json_reply(
                    StatusCode::NOT_FOUND,
                    json!({"error": "not_found"}),
                ));
            };
            match (m, action) {
                (Method::GET, "") => match hub.spool.get(id).await {
                    Ok(Some(rec)) => json_reply(StatusCode::OK, json!(rec)),
                    Ok(None) => json_reply(
                        StatusCode::NOT_FOUND,
                        json!({"error": "unknown_callback", "id": id}),
                    ),
                    Err(e) => spool_error(e),
                },
                (Method::POST, "requeue") => {
                    match hub.spool.requeue(id, shared.guards.clock.now_ms()).await {
                        Ok(true) => json_reply(StatusCode::OK, json!({"requeued": id})),
                        Ok(false) => json_reply(
                            StatusCode::CONFLICT,
                            json!({"error": "not_dead", "message": "only dead letters can be requeued", "id": id}),
                        ),
                        Err(e) => spool_error(e),
                    }
                }
                _ => method_not_allowed(),
            }
        }
    };
    Some(reply)
}

fn method_not_allowed() -> Reply {
    json_reply(
        StatusCode::METHOD_NOT_ALLOWED,
        json!({"error": "method_not_allowed"}),
    )
}
