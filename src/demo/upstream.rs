//! The programmable test upstream: [`upstream()`] returns an
//! [`UpstreamBuilder`] that declares per-path canned responses, injected
//! failures, delays, SSE streams and WebSocket echo, then spawns a
//! [`TestUpstream`] that records every request in a [`RequestLog`].
//!
//! It deliberately has no pattern matching, method routing or stateful
//! behaviour beyond failure counters; richer fakes live in the shop, channel
//! and fulfillment stand-ins.

use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::header::{HeaderName, HeaderValue};
use http::{Method, Request, Response, StatusCode};
use hyper::body::Incoming;
use tokio::net::TcpListener;

use super::record::{RecordedRequest, RequestLog};
use super::serve::{self, Body, StandIn, Tasks};

/// Starts declaring a programmable upstream.
pub fn upstream() -> UpstreamBuilder {
    UpstreamBuilder::default()
}

/// Declares the routes of a test upstream; every method takes the exact
/// request path (query excluded) it applies to.
///
/// A path that only has headers, failures or a delay but no response answers
/// like an unknown path (`/healthz` → 200 `ok`, anything else → 404) once its
/// failures are used up.
#[derive(Debug, Default)]
pub struct UpstreamBuilder {
    routes: HashMap<String, RouteSpec>,
}

#[derive(Debug, Default)]
struct RouteSpec {
    kind: Option<Kind>,
    headers: Vec<(HeaderName, HeaderValue)>,
    fail: Option<(usize, StatusCode)>,
    delay: Duration,
}

#[derive(Debug, Clone)]
enum Kind {
    Fixed {
        status: StatusCode,
        content_type: &'static str,
        body: Bytes,
    },
    Sse {
        events: Vec<String>,
        interval: Duration,
    },
    WebSocket,
}

#[derive(Debug)]
struct Route {
    spec: RouteSpec,
    fails_left: AtomicUsize,
}

fn parse_status(code: u16) -> StatusCode {
    StatusCode::from_u16(code).expect("UpstreamBuilder: status must be in 100..=999")
}

fn content_type_for(body: &str) -> &'static str {
    match body.as_bytes().first() {
        Some(b'{') => "application/json",
        Some(b'<') => "text/html; charset=utf-8",
        _ => "text/plain; charset=utf-8",
    }
}

impl UpstreamBuilder {
    fn spec(&mut self, path: &str) -> &mut RouteSpec {
        self.routes.entry(path.to_string()).or_default()
    }

    /// Answers `status` with `body` on `path` for any method; the content type
    /// is `application/json` if `body` starts with `{`, `text/html` if it
    /// starts with `<`, else `text/plain`.
    ///
    /// # Panics
    /// Panics if `status` is not a valid HTTP status code.
    pub fn route(mut self, path: &str, status: u16, body: &str) -> Self {
        self.spec(path).kind = Some(Kind::Fixed {
            status: parse_status(status),
            content_type: content_type_for(body),
            body: Bytes::copy_from_slice(body.as_bytes()),
        });
        self
    }

    /// Adds a response header to every answer on `path` (including injected
    /// failures); it replaces a default header of the same name.
    ///
    /// # Panics
    /// Panics if `name` or `value` is not a valid header name or value.
    pub fn header(mut self, path: &str, name: &str, value: &str) -> Self {
        let name = HeaderName::from_bytes(name.as_bytes())
            .expect("UpstreamBuilder::header: invalid header name");
        let value =
            HeaderValue::from_str(value).expect("UpstreamBuilder::header: invalid header value");
        self.spec(path).headers.push((name, value));
        self
    }

    /// Makes the first `n` requests to `path` answer `status` (plain-text
    /// body), after which the route answers normally.
    ///
    /// # Panics
    /// Panics if `status` is not a valid HTTP status code.
    pub fn fail_times(mut self, path: &str, n: usize, status: u16) -> Self {
        self.spec(path).fail = Some((n, parse_status(status)));
        self
    }

    /// Waits `d` before answering each request to `path`.
    pub fn delay(mut self, path: &str, d: Duration) -> Self {
        self.spec(path).delay = d;
        self
    }

    /// Answers `path` with a `text/event-stream` that writes `data: {e}\n\n`
    /// for each event (flushed immediately), sleeps `interval` between events
    /// and then ends the response.
    pub fn sse(mut self, path: &str, events: Vec<String>, interval: Duration) -> Self {
        self.spec(path).kind = Some(Kind::Sse { events, interval });
        self
    }

    /// Accepts HTTP/1.1 `Upgrade: websocket` on `path` and echoes text and
    /// binary frames; non-upgrade requests get 426.
    pub fn websocket_echo(mut self, path: &str) -> Self {
        self.spec(path).kind = Some(Kind::WebSocket);
        self
    }

    /// Binds `127.0.0.1:0` and starts serving.
    pub async fn spawn(self) -> std::io::Result<TestUpstream> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        Ok(self.spawn_on(listener).await)
    }

    /// Starts serving on an already-bound listener.
    pub async fn spawn_on(self, l: TcpListener) -> TestUpstream {
        let routes: HashMap<String, Route> = self
            .routes
            .into_iter()
            .map(|(path, spec)| {
                let fails = spec.fail.map_or(0, |(n, _)| n);
                let route = Route {
                    spec,
                    fails_left: AtomicUsize::new(fails),
                };
                (path, route)
            })
            .collect();
        let routes = Arc::new(routes);
        let log = RequestLog::new();
        let handler_log = log.clone();
        let standin = serve::spawn_server(l, move |req, tasks| {
            handle(Arc::clone(&routes), handler_log.clone(), req, tasks)
        });
        TestUpstream { standin, log }
    }
}

/// A running programmable upstream and the log of requests it received.
#[derive(Debug)]
pub struct TestUpstream {
    /// The server handle; dropping it stops the server.
    pub standin: StandIn,
    /// Every request received, in arrival order (including `/healthz` and 404s).
    pub log: RequestLog,
}

impl TestUpstream {
    /// Returns the address the upstream listens on.
    pub fn addr(&self) -> SocketAddr {
        self.standin.addr()
    }

    /// Returns `http://{addr}` for building request URLs.
    pub fn base_url(&self) -> String {
        self.standin.base_url()
    }
}

async fn handle(
    routes: Arc<HashMap<String, Route>>,
    log: RequestLog,
    req: Request<Incoming>,
    tasks: Tasks,
) -> Response<Body> {
    let (parts, body) = req.into_parts();
    let route = routes.get(parts.uri.path());
    let kind = route.and_then(|r| r.spec.kind.clone());

    if let (Some(route), Some(Kind::WebSocket)) = (route, &kind) {
        // Leave the (empty) body alone: the connection is about to be upgraded.
        log.push(RecordedRequest::from_parts(&parts, &[]));
        let fail = take_failure(route);
        tokio::time::sleep(route.spec.delay).await;
        let resp = match fail {
            Some(code) => failure(code),
            None => serve::websocket_echo(&mut Request::from_parts(parts, body), &tasks),
        };
        return with_headers(resp, &route.spec.headers);
    }

    let bytes = match serve::read_body(body).await {
        Ok(bytes) => bytes,
        Err(resp) => {
            log.push(RecordedRequest::from_parts(&parts, &[]));
            return resp;
        }
    };
    log.push(RecordedRequest::from_parts(&parts, &bytes));

    let Some(route) = route else {
        return fallback(&parts.method, parts.uri.path());
    };
    let fail = take_failure(route);
    tokio::time::sleep(route.spec.delay).await;
    let resp = match (fail, kind) {
        (Some(code), _) => failure(code),
        (
            None,
            Some(Kind::Fixed {
                status,
                content_type,
                body,
            }),
        ) => serve::respond(status, content_type, body),
        (None, Some(Kind::Sse { events, interval })) => serve::sse(events, interval),
        (None, _) => fallback(&parts.method, parts.uri.path()),
    };
    with_headers(resp, &route.spec.headers)
}

/// Consumes one injected failure, returning its status while any are left.
fn take_failure(route: &Route) -> Option<StatusCode> {
    let (_, code) = route.spec.fail?;
    route
        .fails_left
        .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(1))
        .ok()
        .map(|_| code)
}

fn failure(code: StatusCode) -> Response<Body> {
    serve::text(code, "injected failure\n")
}

fn fallback(method: &Method, path: &str) -> Response<Body> {
    match (path, method) {
        ("/healthz", &Method::GET | &Method::HEAD) => serve::text(StatusCode::OK, "ok"),
        ("/healthz", _) => serve::method_not_allowed("GET, HEAD"),
        _ => serve::text(StatusCode::NOT_FOUND, "not found\n"),
    }
}

fn with_headers(mut resp: Response<Body>, extra: &[(HeaderName, HeaderValue)]) -> Response<Body> {
    let headers = resp.headers_mut();
    for (name, _) in extra {
        headers.remove(name);
    }
    for (name, value) in extra {
        headers.append(name.clone(), value.clone());
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::super::testkit::{self, eventually};
    use super::*;
    use futures_util::{SinkExt, StreamExt};
    use http_body_util::BodyExt;
    use std::time::Instant;
    use tokio_tungstenite::tungstenite::Message;

    #[tokio::test]
    async fn routes_answer_with_inferred_content_types_and_extra_headers() {
        let up = upstream()
            .route("/t", 202, "plain")
            .route("/j", 200, "{\"a\":1}")
            .route("/h", 200, "<p>hi</p>")
            .header("/j", "x-extra", "1")
            .header("/j", "content-type", "application/vnd.test+json")
            .spawn()
            .await
            .unwrap();
        let t = testkit::send(up.addr(), "DELETE", "/t", &[], "").await;
        assert_eq!(t.status, 202);
        assert_eq!(t.text(), "plain");
        assert!(t.header("content-type").unwrap().starts_with("text/plain"));
        let j = testkit::get(up.addr(), "/j?q=1").await;
        assert_eq!(j.json()["a"], 1);
        assert_eq!(j.header("x-extra"), Some("1"));
        assert_eq!(j.header("content-type"), Some("application/vnd.test+json"));
        let h = testkit::get(up.addr(), "/h").await;
        assert!(h.header("content-type").unwrap().starts_with("text/html"));
        assert_eq!(testkit::get(up.addr(), "/nope").await.status, 404);
        let health = testkit::get(up.addr(), "/healthz").await;
        assert_eq!(
            (health.status.as_u16(), health.text().as_str()),
            (200, "ok")
        );
        assert_eq!(up.log.count(), 5);
    }

    #[tokio::test]
    async fn healthz_can_be_overridden() {
        let up = upstream()
            .route("/healthz", 503, "sick")
            .spawn()
            .await
            .unwrap();
        let r = testkit::get(up.addr(), "/healthz").await;
        assert_eq!((r.status.as_u16(), r.text().as_str()), (503, "sick"));
    }

    #[tokio::test]
    async fn log_records_method_path_headers_body_and_version() {
        let up = upstream().route("/p", 200, "ok").spawn().await.unwrap();
        let hdrs = [("X-Request-Id", "r1"), ("content-type", "text/plain")];
        testkit::send(up.addr(), "POST", "/p?x=1", &hdrs, "payload").await;
        let r = up.log.last().unwrap();
        assert_eq!(r.method, "POST");
        assert_eq!(r.path, "/p?x=1");
        assert_eq!(r.body, b"payload");
        assert_eq!(r.version, "HTTP/1.1");
        assert_eq!(r.header("x-request-ID"), Some("r1"));
        let names: Vec<_> = r.headers.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names[..3], ["host", "x-request-id", "content-type"]);
        assert_eq!(up.log.count_path("/p"), 1);
        assert_eq!(up.log.count_path("/q"), 0);
    }

    #[tokio::test]
    async fn fail_times_then_normal_response() {
        let up = upstream()
            .route("/f", 200, "fine")
            .header("/f", "retry-after", "0")
            .fail_times("/f", 2, 503)
            .spawn()
            .await
            .unwrap();
        let mut seen = Vec::new();
        for _ in 0..4 {
            let r = testkit::get(up.addr(), "/f").await;
            assert_eq!(r.header("retry-after"), Some("0"));
            seen.push(r.status.as_u16());
        }
        assert_eq!(seen, [503, 503, 200, 200]);
        assert_eq!(up.log.count_path("/f"), 4);
    }

    #[tokio::test]
    async fn delay_holds_the_response() {
        let d = Duration::from_millis(150);
        let up = upstream().route("/slow", 200, "x").delay("/slow", d);
        let up = up.spawn().await.unwrap();
        let start = Instant::now();
        assert_eq!(testkit::get(up.addr(), "/slow").await.status, 200);
        assert!(start.elapsed() >= d);
    }

    #[tokio::test]
    async fn sse_events_arrive_incrementally() {
        let interval = Duration::from_millis(200);
        let events = vec!["a".to_string(), "b".to_string(), "c".to_string()];
        let up = upstream()
            .sse("/ev", events, interval)
            .spawn()
            .await
            .unwrap();
        let mut sender = testkit::connect(up.addr()).await;
        let req = testkit::request(up.addr(), "GET", "/ev", &[], "");
        let resp = sender.send_request(req).await.unwrap();
        assert_eq!(resp.headers()["content-type"], "text/event-stream");
        let mut body = resp.into_body();
        let mut frames = Vec::new();
        let mut first_at = None;
        while let Some(frame) = body.frame().await {
            if let Ok(data) = frame.unwrap().into_data() {
                first_at.get_or_insert_with(Instant::now);
                frames.push(String::from_utf8(data.to_vec()).unwrap());
            }
        }
        let ended_after_first = first_at.unwrap().elapsed();
        assert_eq!(frames.concat(), "data: a\n\ndata: b\n\ndata: c\n\n");
        assert_eq!(frames[0], "data: a\n\n");
        // Two intervals separate the first and last events; a buffered
        // response would deliver everything at once.
        assert!(
            ended_after_first >= interval + interval / 2,
            "{ended_after_first:?}"
        );
    }

    #[tokio::test]
    async fn websocket_echoes_text_and_binary() {
        let up = upstream().websocket_echo("/ws").spawn().await.unwrap();
        let mut ws = testkit::ws_connect(up.addr(), "/ws").await;
        ws.send(Message::Text("hello".into())).await.unwrap();
        assert_eq!(
            ws.next().await.unwrap().unwrap(),
            Message::Text("hello".into())
        );
        ws.send(Message::Binary(vec![1u8, 2, 3].into()))
            .await
            .unwrap();
        let back = ws.next().await.unwrap().unwrap();
        assert_eq!(back, Message::Binary(vec![1u8, 2, 3].into()));
        ws.close(None).await.unwrap();
        assert_eq!(up.log.last().unwrap().path, "/ws");
        // A plain request to the websocket route is refused with 426.
        assert_eq!(testkit::get(up.addr(), "/ws").await.status, 426);
    }

    #[tokio::test]
    async fn keep_alive_and_h2c() {
        let up = upstream().route("/k", 200, "k").spawn().await.unwrap();
        let mut sender = testkit::connect(up.addr()).await;
        for _ in 0..3 {
            let req = testkit::request(up.addr(), "GET", "/k", &[], "");
            let r = testkit::send_on(&mut sender, req).await.unwrap();
            assert_eq!(r.text(), "k");
        }
        let h2 = testkit::get_h2c(up.addr(), "/k").await;
        assert_eq!(h2.text(), "k");
        assert_eq!(up.log.last().unwrap().version, "HTTP/2.0");
    }

    #[tokio::test]
    async fn dropping_the_handle_stops_server_and_connections() {
        let up = upstream().route("/k", 200, "k").spawn().await.unwrap();
        let addr = up.addr();
        let mut sender = testkit::connect(addr).await;
        let req = testkit::request(addr, "GET", "/k", &[], "");
        assert!(testkit::send_on(&mut sender, req).await.is_ok());
        drop(up);
        let refused = eventually(Duration::from_secs(5), || async {
            tokio::net::TcpStream::connect(addr).await.is_err()
        })
        .await;
        assert!(refused, "listener still accepting after drop");
        let closed = eventually(Duration::from_secs(5), || {
            let closed = sender.is_closed();
            async move { closed }
        })
        .await;
        assert!(closed, "keep-alive connection outlived the server");
    }
}
