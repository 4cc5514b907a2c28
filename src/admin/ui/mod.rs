//! The web console on the admin listener, under `/ui`.
//!
//! A browser cannot send the admin API's bearer header, so the console logs in once with
//! the admin token (`POST /ui/login`, a form field, never a query string) and then rides a
//! server-side session: an `rg_session` cookie (`HttpOnly; SameSite=Strict; Path=/ui`,
//! plus `Secure` on a TLS connection) naming a [`session::Session`]. Every state-changing
//! form carries the session's CSRF token, compared in constant time; a POST without it, or
//! with a foreign `Origin`, is refused with 403. Failed logins are slowed (each answers
//! after [`FAILED_LOGIN_DELAY`]) and, past [`session::MAX_FAILURES`] a minute, refused.
//!
//! The console computes nothing of its own: each page calls the same handler the JSON
//! endpoint runs (`admin::reviews::handle`, `admin::lists::handle_lists`,
//! `admin::money::handle`, the decision log's `recent`/`get`, `/metrics`' rendering) and
//! renders the JSON value it answers, so both surfaces show the same data and an approval
//! from the console is the approval of the API (same forwarding, same labels, same
//! metrics). Pages are server-rendered with maud (escapes every interpolation); there is
//! no script at all, so the Content-Security-Policy allows none. The decisions page
//! refreshes itself with a `<meta http-equiv="refresh">`.

mod ops;
mod pages;
pub mod session;
mod views;

use super::{reply, Reply};
use crate::runtime::Shared;
use crate::secret::constant_time_eq;
use crate::state::Clock;
use http::{HeaderValue, Method, StatusCode};
use maud::Markup;
use pingora::protocols::http::ServerSession;
use serde_json::Value;
use session::{Session, Sessions};
use std::sync::Arc;
use std::time::Duration;

/// How long a failed login waits before it is answered (a serial guesser gets at most a
/// few tries a second; the wait is a timer, it blocks no worker).
pub const FAILED_LOGIN_DELAY: Duration = Duration::from_millis(500);

/// The session cookie's name.
pub const COOKIE: &str = "rg_session";

/// Pages only load the console's own stylesheet: no script, no inline style, no frames,
/// forms post only back to the console.
const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; \
                   frame-ancestors 'none'; base-uri 'none'";

const CSS: &str = include_str!("console.css");

/// The console: its sessions (the rest is the admin app's shared state).
#[derive(Default)]
pub struct Console {
    sessions: Sessions,
}

/// What a console handler needs from the request.
pub(super) struct Req<'a> {
    method: Method,
    path: String,
    query: Option<String>,
    body: &'a [u8],
}

impl Req<'_> {
    /// A decoded query parameter (empty values count as absent).
    fn query(&self, name: &str) -> Option<String> {
        param(self.query.as_deref()?, name)
    }

    /// A decoded form field of the body.
    fn form(&self, name: &str) -> Option<String> {
        param(std::str::from_utf8(self.body).ok()?, name)
    }
}

/// The value of `name` in an `a=1&b=2` string, percent-decoded; `None` when empty.
fn param(s: &str, name: &str) -> Option<String> {
    s.split('&').find_map(|p| {
        let (k, v) = p.split_once('=').unwrap_or((p, ""));
        (crate::risk::order::form_decode(k) == name)
            .then(|| crate::risk::order::form_decode(v).into_owned())
            .filter(|v| !v.is_empty())
    })
}

/// The logged-in caller of a page.
pub(super) struct Who {
    sid: String,
    session: Session,
}

/// Security headers on every console response.
fn harden(mut r: Reply) -> Reply {
    let h = r.headers_mut();
    h.insert("content-security-policy", HeaderValue::from_static(CSP));
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    // `same-origin`, not `no-referrer`: under `no-referrer` browsers send `Origin: null`
    // on the console's own form posts, which the origin check refuses.
    h.insert("referrer-policy", HeaderValue::from_static("same-origin"));
    h.insert(
        http::header::CACHE_CONTROL,
        HeaderValue::from_static("no-store"),
    );
    r
}

fn html(status: StatusCode, page: Markup) -> Reply {
    reply(
        status,
        "text/html; charset=utf-8",
        page.into_string().into_bytes(),
    )
}

fn redirect(to: &str) -> Reply {
    let mut r = reply(
        StatusCode::SEE_OTHER,
        "text/plain; charset=utf-8",
        Vec::new(),
    );
    if let Ok(v) = HeaderValue::from_str(to) {
        r.headers_mut().insert(http::header::LOCATION, v);
    }
    r
}

/// The status and JSON value of an admin API reply.
fn api(r: Reply) -> (StatusCode, Value) {
    let v = serde_json::from_slice(r.body()).unwrap_or(Value::Null);
    (r.status(), v)
}

/// The message of an API error reply, for the flash line.
fn api_message(status: StatusCode, v: &Value) -> String {
    let text = v["message"]
        .as_str()
        .or_else(|| v["error"].as_str())
        .unwrap_or("failed");
    format!("{}: {text}", status.as_u16())
}

/// An id from a console path: the alphabet of request ids (`client::accept_request_id`,
/// up to 128 characters) plus room for a review id's `.N` suffix; callback ids are digits.
fn valid_id(id: &str) -> bool {
    (1..=136).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b':' | b'-'))
}

/// The `rg_session` cookie of the request.
fn session_cookie(session: &ServerSession) -> Option<String> {
    session
        .req_header()
        .headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| {
            let (k, v) = c.trim().split_once('=')?;
            (k == COOKIE).then(|| v.to_string())
        })
}

/// A cross-site POST: its `Origin` (sent by browsers on every POST) names another host.
fn foreign_origin(session: &ServerSession) -> bool {
    let h = &session.req_header().headers;
    let Some(origin) = h.get(http::header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let host = h
        .get(http::header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin_host = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
        .unwrap_or("");
    origin_host.is_empty() || !origin_host.eq_ignore_ascii_case(host)
}

fn is_tls(session: &ServerSession) -> bool {
    session.digest().is_some_and(|d| d.ssl_digest.is_some())
}

impl Console {
    /// Answers a request under `/ui`. `body` is the request body, already read.
    pub async fn handle(
        &self,
        shared: &Arc<Shared>,
        session: &ServerSession,
        body: &[u8],
    ) -> Reply {
        let req = Req {
            method: session.req_header().method.clone(),
            path: session.req_header().uri.path().to_string(),
            query: session.req_header().uri.query().map(str::to_string),
            body,
        };
        let now = shared.guards.clock.now_ms();
        let r = if req.method == Method::POST && foreign_origin(session) {
            views::forbidden("cross-site request refused")
        } else {
            self.route(shared, session, &req, now).await
        };
        harden(r)
    }

    async fn route(
        &self,
        shared: &Arc<Shared>,
        session: &ServerSession,
        req: &Req<'_>,
        now: u64,
    ) -> Reply {
        match (&req.method, req.path.as_str()) {
            (&Method::GET, "/ui/static/console.css") => {
                return reply(
                    StatusCode::OK,
                    "text/css; charset=utf-8",
                    CSS.as_bytes().to_vec(),
                )
            }
            (&Method::GET, "/ui/login") => {
                return html(StatusCode::OK, pages::login(None));
            }
            (&Method::POST, "/ui/login") => return self.login(shared, session, req, now).await,
            (m, _) if m != Method::GET && m != Method::POST => {
                return html(
                    StatusCode::METHOD_NOT_ALLOWED,
                    pages::message("Method not allowed", "Use the console's links and forms."),
                )
            }
            _ => {}
        }
        let who = session_cookie(session)
            .and_then(|sid| Some((self.sessions.get(&sid, now)?, sid)))
            .map(|(session, sid)| Who { sid, session });
        let Some(who) = who else {
            return redirect("/ui/login");
        };
        if req.method == Method::POST {
            let presented = req.form("csrf").unwrap_or_default();
            if !constant_time_eq(presented.as_bytes(), who.session.csrf.as_bytes()) {
                return views::forbidden("missing or wrong CSRF token; reload the page");
            }
            if req.path == "/ui/logout" {
                self.sessions.remove(&who.sid);
                let mut r = redirect("/ui/login");
                set_cookie(&mut r, "", 0, is_tls(session));
                return r;
            }
            let (back, msg) = views::act(shared, &who, req).await;
            self.sessions.set_flash(&who.sid, msg);
            return redirect(&back);
        }
        let flash = self.sessions.take_flash(&who.sid);
        views::page(shared, &who, req, flash.as_deref()).await
    }

    async fn login(
        &self,
        shared: &Arc<Shared>,
        session: &ServerSession,
        req: &Req<'_>,
        now: u64,
    ) -> Reply {
        if self.sessions.locked_out(now) {
            return html(
                StatusCode::TOO_MANY_REQUESTS,
                pages::login(Some("Too many failed logins; try again in a minute.")),
            );
        }
        let token = req.form("token").unwrap_or_default();
        if !shared.check_token(token.as_bytes()) {
            self.sessions.failed(now);
            tokio::time::sleep(FAILED_LOGIN_DELAY).await;
            return html(
                StatusCode::UNAUTHORIZED,
                pages::login(Some("Wrong admin token.")),
            );
        }
        let name = req.form("name").unwrap_or_default();
        if !super::reviews::valid_by(&name) {
            return html(
                StatusCode::BAD_REQUEST,
                pages::login(Some(
                    "Your name: 1-64 of A-Z a-z 0-9 . _ @ : - (it is recorded with every review).",
                )),
            );
        }
        let Some(sid) = self.sessions.create(&name, now) else {
            return html(
                StatusCode::SERVICE_UNAVAILABLE,
                pages::message("Console unavailable", "no randomness for session ids"),
            );
        };
        let mut r = redirect("/ui/reviews");
        set_cookie(
            &mut r,
            &sid,
            session::SESSION_TTL_MS / 1000,
            is_tls(session),
        );
        r
    }
}

/// Sets (or, with `max_age` 0, clears) the session cookie.
fn set_cookie(r: &mut Reply, sid: &str, max_age: u64, tls: bool) {
    let secure = if tls { "; Secure" } else { "" };
    let v =
        format!("{COOKIE}={sid}; Path=/ui; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}");
    if let Ok(v) = HeaderValue::from_str(&v) {
        r.headers_mut().insert(http::header::SET_COOKIE, v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_are_decoded_and_empty_ones_absent() {
        let s = "token=a%2Bb&name=al+ice&csrf=&x";
        assert_eq!(param(s, "token").as_deref(), Some("a+b"));
        assert_eq!(param(s, "name").as_deref(), Some("al ice"));
        assert_eq!(param(s, "csrf"), None);
        assert_eq!(param(s, "x"), None);
        assert_eq!(param(s, "y"), None);
    }

    #[test]
    fn the_cookie_is_secure_on_tls_and_cleared_on_logout() {
        let mut r = reply(StatusCode::OK, "text/plain", Vec::new());
        set_cookie(&mut r, "abc", 60, true);
        assert_eq!(
            r.headers()["set-cookie"],
            "rg_session=abc; Path=/ui; HttpOnly; SameSite=Strict; Max-Age=60; Secure"
        );
        set_cookie(&mut r, "", 0, false);
        assert_eq!(
            r.headers()["set-cookie"],
            "rg_session=; Path=/ui; HttpOnly; SameSite=Strict; Max-Age=0"
        );
    }

    #[test]
    fn ids_in_paths_use_a_small_alphabet() {
        assert!(valid_id("01HX-abc.2"));
        assert!(!valid_id("a/b"));
        assert!(!valid_id(""));
        assert!(!valid_id("<script>"));
    }
}
