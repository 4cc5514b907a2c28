//! The admin HTTP API, on its own listener (loopback by default), behind a bearer token.
//!
//! Endpoints: `GET /metrics` (Prometheus text), `GET /healthz` (process alive),
//! `GET /readyz` (serving), `POST /reload` (re-read config), `GET/POST/DELETE
//! /lists/{kind}` and `POST /report` (in `admin/lists.rs`), `GET /channels` and
//! `/callbacks…` (in `admin/money.rs`), `POST /cache/purge` and `GET /cache/stats` (in
//! `admin/cache.rs`), `/reviews…` (the review queue, in `admin/reviews.rs`). Every
//! endpoint requires `Authorization: Bearer <token>`, except the web console under `/ui`
//! (`admin/ui/`: login with the token, then a session cookie); the token comes from the
//! environment variable named by `admin.token_env`. It owns request
//! parsing and responses only: reload logic lives in `server`, metric families in
//! `metrics`.

use crate::runtime::{ReloadResult, Shared};
use async_trait::async_trait;
use http::{Method, Response, StatusCode};
use pingora::apps::http_app::ServeHttp;
use pingora::protocols::http::ServerSession;
use serde_json::json;
use std::sync::Arc;

mod cache;
mod lists;
mod money;
mod reviews;
mod ui;

/// An admin response.
type Reply = Response<Vec<u8>>;

/// Largest admin request body accepted (list entries and reports are small).
const MAX_BODY: usize = 64 * 1024;

/// Reads the request body up to [`MAX_BODY`]; `None` when it is larger.
async fn read_body(session: &mut ServerSession) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    while let Ok(Some(chunk)) = session.read_request_body().await {
        if body.len() + chunk.len() > MAX_BODY {
            return None;
        }
        body.extend_from_slice(&chunk);
    }
    Some(body)
}

/// The admin application served by pingora's HTTP app service.
pub struct AdminApp {
    shared: Arc<Shared>,
    /// The web console under `/ui` (its own session auth, not the bearer token).
    console: ui::Console,
}

impl AdminApp {
    /// Creates the admin app over the shared state.
    pub fn new(shared: Arc<Shared>) -> Self {
        AdminApp {
            shared,
            console: ui::Console::default(),
        }
    }
}

fn reply(status: StatusCode, content_type: &str, body: Vec<u8>) -> Response<Vec<u8>> {
    let mut r = Response::new(body);
    *r.status_mut() = status;
    let h = r.headers_mut();
    if let Ok(v) = content_type.parse() {
        h.insert(http::header::CONTENT_TYPE, v);
    }
    h.insert(
        http::header::CACHE_CONTROL,
        http::HeaderValue::from_static("no-store"),
    );
    let len = r.body().len();
    r.headers_mut()
        .insert(http::header::CONTENT_LENGTH, http::HeaderValue::from(len));
    r
}

fn json_reply(status: StatusCode, v: serde_json::Value) -> Response<Vec<u8>> {
    let mut body = serde_json::to_vec(&v).unwrap_or_default();
    body.push(b'\n');
    reply(status, "application/json", body)
}

/// Extracts the token from `Authorization: Bearer <token>`.
fn bearer(session: &ServerSession) -> Option<&[u8]> {
    let v = session.get_header(http::header::AUTHORIZATION)?.as_bytes();
    let (scheme, rest) = v.split_at(v.iter().position(|&b| b == b' ')?);
    scheme
        .eq_ignore_ascii_case(b"bearer")
        .then(|| rest.trim_ascii())
}

#[async_trait]
impl ServeHttp for AdminApp {
    async fn response(&self, session: &mut ServerSession) -> Response<Vec<u8>> {
        let Some(body) = read_body(session).await else {
            return json_reply(
                StatusCode::PAYLOAD_TOO_LARGE,
                json!({"error": "body_too_large", "max_bytes": MAX_BODY}),
            );
        };
        let p = session.req_header().uri.path();
        if p == "/ui" || p.starts_with("/ui/") {
            return self.console.handle(&self.shared, session, &body).await;
        }
        if !bearer(session).is_some_and(|t| self.shared.check_token(t)) {
            let mut r = json_reply(
                StatusCode::UNAUTHORIZED,
                json!({"error": "unauthorized", "hint": "send Authorization: Bearer <token>"}),
            );
            r.headers_mut().insert(
                http::header::WWW_AUTHENTICATE,
                http::HeaderValue::from_static("Bearer realm=\"riskgate-admin\""),
            );
            return r;
        }
        let method = session.req_header().method.clone();
        let path = session.req_header().uri.path().to_string();
        let query = session.req_header().uri.query().map(str::to_string);
        if let Some(kind) = path.strip_prefix("/lists/") {
            return lists::handle_lists(&self.shared, &method, kind, query.as_deref(), &body).await;
        }
        if let Some(r) = money::handle(&self.shared, &method, &path, query.as_deref()).await {
            return r;
        }
        if let Some(r) =
            reviews::handle(&self.shared, &method, &path, query.as_deref(), &body).await
        {
            return r;
        }
        if method == Method::GET {
            if let Some(id) = path.strip_prefix("/decisions/") {
                return match self.shared.decisions.get(id) {
                    Some(rec) => json_reply(StatusCode::OK, json!(rec.as_ref())),
                    None => json_reply(
                        StatusCode::NOT_FOUND,
                        json!({"error": "unknown_request_id", "message": "not among recent decisions"}),
                    ),
                };
            }
            if path == "/decisions" {
                let q = query.as_deref().unwrap_or("");
                let decision = q.split('&').find_map(|p| p.strip_prefix("decision="));
                let limit = q
                    .split('&')
                    .find_map(|p| p.strip_prefix("limit="))
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(100usize)
                    .min(1000);
                let recs = self.shared.decisions.recent(decision, limit);
                let recs: Vec<&crate::risk::log::DecisionRecord> =
                    recs.iter().map(|r| r.as_ref()).collect();
                return json_reply(StatusCode::OK, json!({"decisions": recs}));
            }
        }
        match (method, path.as_str()) {
            (Method::POST, "/report") => lists::handle_report(&self.shared, &body).await,
            (Method::POST, "/cache/purge") => cache::purge(&self.shared, &body).await,
            (Method::GET, "/cache/stats") => cache::stats(&self.shared).await,
            (_, "/cache/purge" | "/cache/stats") => json_reply(
                StatusCode::METHOD_NOT_ALLOWED,
                json!({"error": "method_not_allowed"}),
            ),
            (Method::GET, "/metrics") => reply(
                StatusCode::OK,
                "text/plain; version=0.0.4; charset=utf-8",
                self.shared.metrics.render(),
            ),
            (Method::GET, "/healthz") => json_reply(StatusCode::OK, json!({"status": "ok"})),
            (Method::GET, "/readyz") => {
                let rt = self.shared.runtime.load();
                let spool_failure = self
                    .shared
                    .callbacks
                    .as_ref()
                    .and_then(|h| h.spool.write_failure());
                if let Some(reason) = spool_failure {
                    // Callbacks cannot be made durable, so they cannot be acknowledged.
                    json_reply(
                        StatusCode::SERVICE_UNAVAILABLE,
                        json!({"status": "spool_unwritable", "reason": reason}),
                    )
                } else if self.shared.is_ready() {
                    let mut body = json!({"status": "ready", "generation": rt.generation});
                    // Fleet mode: Redis health is detail, not unreadiness (on_error decides).
                    if let Some(state) = self.shared.guards.state_status() {
                        body["state"] = state;
                    }
                    json_reply(StatusCode::OK, body)
                } else {
                    json_reply(
                        StatusCode::SERVICE_UNAVAILABLE,
                        json!({"status": "starting"}),
                    )
                }
            }
            (Method::POST, "/reload") => {
                let shared = self.shared.clone();
                let result = tokio::task::spawn_blocking(move || shared.reload()).await;
                match result {
                    Ok(ReloadResult::Applied {
                        generation,
                        restart_required,
                    }) => {
                        let note = if restart_required.is_empty() {
                            "applied".to_string()
                        } else {
                            format!(
                                "applied; these changes need a restart to take effect: {}",
                                restart_required.join(", ")
                            )
                        };
                        json_reply(
                            StatusCode::OK,
                            json!({"status": "applied", "generation": generation,
                                   "restart_required": restart_required, "message": note}),
                        )
                    }
                    Ok(ReloadResult::Refused { errors }) => json_reply(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        json!({"status": "refused", "errors": errors,
                               "message": "the previous configuration keeps serving"}),
                    ),
                    Err(_) => json_reply(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        json!({"status": "error", "message": "reload task failed"}),
                    ),
                }
            }
            (_, "/metrics" | "/healthz" | "/readyz" | "/reload" | "/report") => json_reply(
                StatusCode::METHOD_NOT_ALLOWED,
                json!({"error": "method_not_allowed"}),
            ),
            _ => json_reply(StatusCode::NOT_FOUND, json!({"error": "not_found"})),
        }
    }
}
