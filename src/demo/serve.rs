//! Shared plumbing for the stand-in servers: the [`StandIn`] handle, the accept
//! loop (HTTP/1.1 with keep-alive and upgrades, plus h2c via the hyper-util
//! auto builder), task scoping so every connection dies with its server, and
//! small response/body helpers (plain, JSON, SSE, WebSocket echo).
//!
//! It deliberately knows nothing about routes or any particular stand-in's
//! behaviour, and it never binds sockets itself: callers hand in a bound
//! listener.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures_util::{SinkExt, StreamExt};
use http::header::{self, HeaderValue};
use http::{Request, Response, StatusCode};
use http_body_util::{BodyExt, Empty, Full, Limited, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use hyper_util::server::conn::auto;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::Role;
use tokio_tungstenite::WebSocketStream;

/// Response body type shared by every stand-in.
pub(crate) type Body = http_body_util::combinators::UnsyncBoxBody<Bytes, Infallible>;

/// Largest request body a stand-in buffers before answering 413.
pub(crate) const MAX_BODY: usize = 4 * 1024 * 1024;

/// A running stand-in server; dropping it aborts the server task together
/// with every connection and WebSocket it spawned.
#[derive(Debug)]
pub struct StandIn {
    addr: SocketAddr,
    task: JoinHandle<()>,
}

impl StandIn {
    /// Returns the address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Returns `http://{addr}` for building request URLs.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for StandIn {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Spawns tasks that end when the owning server task ends (its `watch`
/// sender is dropped on abort), and serves as hyper's executor so h2 stream
/// tasks are scoped the same way.
#[derive(Clone)]
pub(crate) struct Tasks {
    stopped: watch::Receiver<()>,
}

impl Tasks {
    /// Runs `fut` until it completes or the server stops.
    pub(crate) fn spawn<F>(&self, fut: F)
    where
        F: Future<Output = ()> + Send + 'static,
    {
        let mut stopped = self.stopped.clone();
        tokio::spawn(async move {
            tokio::select! {
                biased;
                _ = stopped.changed() => {}
                _ = fut => {}
            }
        });
    }
}

impl<F> hyper::rt::Executor<F> for Tasks
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    fn execute(&self, fut: F) {
        self.spawn(async move {
            let _ = fut.await;
        });
    }
}

/// Starts serving `listener` with `handler` on a new task.
pub(crate) fn spawn_server<H, Fut>(listener: TcpListener, handler: H) -> StandIn
where
    H: Fn(Request<Incoming>, Tasks) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Response<Body>> + Send + 'static,
{
    let addr = listener
        .local_addr()
        .expect("stand-in listener must be bound to a local address");
    if !addr.ip().is_loopback() {
        tracing::warn!(%addr, "stand-in server listening on a non-loopback address");
    }
    let task = tokio::spawn(accept_loop(listener, Arc::new(handler)));
    StandIn { addr, task }
}

async fn accept_loop<H, Fut>(listener: TcpListener, handler: Arc<H>)
where
    H: Fn(Request<Incoming>, Tasks) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Response<Body>> + Send + 'static,
{
    // Dropping `_stop` (when this task is aborted) stops every spawned task.
    let (_stop, stopped) = watch::channel(());
    let tasks = Tasks { stopped };
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _peer)) => stream,
            Err(err) => {
                tracing::warn!(%err, "stand-in accept failed");
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let handler = Arc::clone(&handler);
        let conn_tasks = tasks.clone();
        tasks.spawn(async move {
            let svc_tasks = conn_tasks.clone();
            let svc = service_fn(move |req| {
                let fut = handler(req, svc_tasks.clone());
                async move { Ok::<_, Infallible>(fut.await) }
            });
            let builder = auto::Builder::new(conn_tasks);
            if let Err(err) = builder
                .serve_connection_with_upgrades(TokioIo::new(stream), svc)
                .await
            {
                tracing::debug!(%err, "stand-in connection ended with an error");
            }
        });
    }
}

/// Builds a full-body response with the given status and content type.
pub(crate) fn respond(
    status: StatusCode,
    content_type: &'static str,
    body: impl Into<Bytes>,
) -> Response<Body> {
    let mut resp = Response::new(Full::new(body.into()).boxed_unsync());
    *resp.status_mut() = status;
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    resp
}

/// Builds a `text/plain` response.
pub(crate) fn text(status: StatusCode, body: impl Into<Bytes>) -> Response<Body> {
    respond(status, "text/plain; charset=utf-8", body)
}

/// Builds an `application/json` response from a JSON value.
pub(crate) fn json(status: StatusCode, value: &serde_json::Value) -> Response<Body> {
    respond(status, "application/json", value.to_string())
}

/// Builds a bodiless response.
pub(crate) fn empty(status: StatusCode) -> Response<Body> {
    let mut resp = Response::new(Empty::new().boxed_unsync());
    *resp.status_mut() = status;
    resp
}

/// Builds a 405 response advertising the allowed methods.
pub(crate) fn method_not_allowed(allow: &'static str) -> Response<Body> {
    let mut resp = text(StatusCode::METHOD_NOT_ALLOWED, "method not allowed\n");
    resp.headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static(allow));
    resp
}

/// Buffers a request body up to [`MAX_BODY`]; the error is a ready 4xx reply.
pub(crate) async fn read_body(body: Incoming) -> Result<Bytes, Response<Body>> {
    match Limited::new(body, MAX_BODY).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(err) if err.is::<http_body_util::LengthLimitError>() => Err(text(
            StatusCode::PAYLOAD_TOO_LARGE,
            "request body too large\n",
        )),
        Err(err) => {
            tracing::debug!(%err, "stand-in failed to read request body");
            Err(text(StatusCode::BAD_REQUEST, "unreadable request body\n"))
        }
    }
}

/// Builds a `text/event-stream` response that writes each event as SSE
/// `data:` lines, sleeping `interval` between events, then ends.
pub(crate) fn sse(events: Vec<String>, interval: Duration) -> Response<Body> {
    let frames = futures_util::stream::unfold(
        (events.into_iter(), true),
        move |(mut events, first)| async move {
            let event = events.next()?;
            if !first {
                tokio::time::sleep(interval).await;
            }
            let frame = Frame::data(Bytes::from(sse_frame(&event)));
            Some((Ok::<_, Infallible>(frame), (events, false)))
        },
    );
    sse_body(frames)
}

/// A `text/event-stream` response (not cached) whose body is `frames`.
pub(crate) fn sse_body<S>(frames: S) -> Response<Body>
where
    S: futures_util::Stream<Item = Result<Frame<Bytes>, Infallible>> + Send + 'static,
{
    let mut resp = Response::new(StreamBody::new(frames).boxed_unsync());
    let headers = resp.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    resp
}

/// Formats one SSE event; each line of `event` becomes a `data:` line.
pub(crate) fn sse_frame(event: &str) -> String {
    let mut out = String::with_capacity(event.len() + 8);
    for line in event.split('\n') {
        out.push_str("data: ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out
}

/// Answers a WebSocket upgrade with 101 and echoes text and binary frames on
/// the upgraded connection; non-upgrade requests get 426.
pub(crate) fn websocket_echo(req: &mut Request<Incoming>, tasks: &Tasks) -> Response<Body> {
    let headers = req.headers();
    let has_token = |name: header::HeaderName, token: &str| {
        headers.get_all(name).iter().any(|v| {
            v.to_str().is_ok_and(|v| {
                v.split(',')
                    .any(|part| part.trim().eq_ignore_ascii_case(token))
            })
        })
    };
    let is_upgrade = req.method() == http::Method::GET
        && req.version() == http::Version::HTTP_11
        && has_token(header::CONNECTION, "upgrade")
        && has_token(header::UPGRADE, "websocket");
    let key = headers.get(header::SEC_WEBSOCKET_KEY).cloned();
    let version_ok = headers
        .get(header::SEC_WEBSOCKET_VERSION)
        .is_some_and(|v| v.as_bytes() == b"13");
    let key = match key {
        Some(key) if is_upgrade && version_ok => key,
        _ => {
            let mut resp = text(StatusCode::UPGRADE_REQUIRED, "websocket upgrade required\n");
            let h = resp.headers_mut();
            h.insert(header::UPGRADE, HeaderValue::from_static("websocket"));
            h.insert(header::CONNECTION, HeaderValue::from_static("upgrade"));
            h.insert(
                header::SEC_WEBSOCKET_VERSION,
                HeaderValue::from_static("13"),
            );
            return resp;
        }
    };
    let accept = derive_accept_key(key.as_bytes());
    let on_upgrade = hyper::upgrade::on(req);
    tasks.spawn(async move {
        match on_upgrade.await {
            Ok(upgraded) => {
                let ws =
                    WebSocketStream::from_raw_socket(TokioIo::new(upgraded), Role::Server, None)
                        .await;
                echo(ws).await;
            }
            Err(err) => tracing::debug!(%err, "stand-in websocket upgrade failed"),
        }
    });
    let mut resp = empty(StatusCode::SWITCHING_PROTOCOLS);
    let h = resp.headers_mut();
    h.insert(header::UPGRADE, HeaderValue::from_static("websocket"));
    h.insert(header::CONNECTION, HeaderValue::from_static("upgrade"));
    match HeaderValue::from_str(&accept) {
        Ok(v) => {
            h.insert(header::SEC_WEBSOCKET_ACCEPT, v);
            resp
        }
        Err(_) => text(StatusCode::INTERNAL_SERVER_ERROR, "bad accept key\n"),
    }
}

async fn echo<S>(mut ws: WebSocketStream<S>)
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    // Pings and closes are answered by tungstenite while we keep reading.
    while let Some(msg) = ws.next().await {
        match msg {
            Ok(msg) if msg.is_text() || msg.is_binary() => {
                if ws.send(msg).await.is_err() {
                    break;
                }
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
}

/// Returns the 64-bit FNV-1a hash of `data` (stable across runs).
pub(crate) fn fnv1a(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Formats a fake gift-card code `XXXX-XXXX-XXXX` from a seed.
pub(crate) fn card_code(seed: u64) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut out = String::with_capacity(14);
    for i in 0..12 {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        let idx = ((seed >> (i * 5)) & 31) as usize;
        out.push(char::from(ALPHABET[idx]));
    }
    out
}

/// Splits a query string into `(name, value)` pairs (no percent-decoding).
pub(crate) fn query_pairs(query: Option<&str>) -> impl Iterator<Item = (&str, &str)> {
    query
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sse_frame_prefixes_every_line() {
        assert_eq!(sse_frame("x"), "data: x\n\n");
        assert_eq!(sse_frame("a\nb"), "data: a\ndata: b\n\n");
    }

    #[test]
    fn card_code_is_stable_and_well_formed() {
        let code = card_code(fnv1a(b"order-1"));
        assert_eq!(code, card_code(fnv1a(b"order-1")));
        assert_ne!(code, card_code(fnv1a(b"order-2")));
        assert_eq!(code.len(), 14);
        assert_eq!(&code[4..5], "-");
        assert_eq!(&code[9..10], "-");
    }

    #[test]
    fn query_pairs_split_names_and_values() {
        let pairs: Vec<_> = query_pairs(Some("a=1&&b&c=x=y")).collect();
        assert_eq!(pairs, [("a", "1"), ("b", ""), ("c", "x=y")]);
        assert_eq!(query_pairs(None).count(), 0);
    }
}
