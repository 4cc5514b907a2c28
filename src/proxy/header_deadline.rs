//! A deadline on each request's headers (slowloris defence).
//!
//! pingora 0.9 waits up to 60 s per read for request headers and puts no bound on the
//! total, so a client trickling a byte a minute holds a connection, and its file
//! descriptor, forever. riskgate wraps every accepted client stream before pingora's HTTP
//! code reads it: until the blank line that ends a request's headers has arrived, reads
//! fail once `server.header_timeout` has passed. The clock starts at accept for the first
//! request and at the first byte for later ones on a kept-alive connection (the wait
//! between requests is `idle_timeout`'s). A client that had started a request is answered
//! `408` (best effort) before the close; a new connection that sent nothing is closed
//! quietly, because browsers open spare connections they may never use. Between requests
//! the wrapper only forwards.
//!
//! An HTTP/2 connection (ALPN `h2` or h2c) starts with a preface that contains a blank
//! line (`PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n`), so there the deadline covers the
//! preface; h2 connections are then bounded by `server.idle_timeout`.

mod h1_idle;

use super::conn_cap::Over;
use crate::metrics::{KindLabel, Metrics};
use crate::runtime::Shared;
use async_trait::async_trait;
use pingora::apps::{HttpServerApp, ServerApp};
use pingora::http::ResponseHeader;
use pingora::protocols::raw_connect::ProxyDigest;
use pingora::protocols::tls::TlsRef;
use pingora::protocols::{
    GetProxyDigest, GetSocketDigest, GetTimingDigest, Peek, Shutdown, SocketDigest, Ssl, Stream,
    TimingDigest, UniqueID, UniqueIDType, ALPN,
};
use pingora::proxy::Session;
use pingora::server::ShutdownWatch;
use std::any::Any;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::Sleep;

/// Finds the end of a request's headers in the bytes read so far.
///
/// The end is an empty line after some content: `\r\n\r\n`, or `\n\n` for clients that
/// end lines with a bare LF (httparse accepts both). Empty lines before the request line
/// are skipped, as RFC 9112 §2.2 allows, so they cannot disarm the deadline.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct HeaderEnd {
    /// Some byte other than CR or LF has arrived.
    started: bool,
    /// The last byte other than CR was LF: the next LF ends an empty line.
    at_line_start: bool,
}

impl HeaderEnd {
    /// Feeds the next bytes; returns whether the headers ended within them.
    ///
    /// Runs on every HTTP/1 request's header bytes. A read that ends with the blank line
    /// is answered at once; otherwise it jumps from LF to LF (memchr) and looks at each
    /// line's first bytes only: about 80 ns for a browser's 600 bytes that are not the end
    /// (`cargo bench --bench edge -- header_deadline`; 450 ns byte by byte).
    pub fn feed(&mut self, bytes: &[u8]) -> bool {
        // The usual case: a whole body-less request in one read.
        if bytes.ends_with(b"\r\n\r\n")
            && (self.started || !matches!(bytes.first(), Some(b'\r' | b'\n')))
        {
            return true;
        }
        let mut rest = bytes;
        while let Some(i) = memchr::memchr(b'\n', rest) {
            self.content(&rest[..i]);
            if self.at_line_start && self.started {
                return true;
            }
            self.at_line_start = true;
            rest = &rest[i + 1..];
        }
        self.content(rest);
        false
    }

    /// Bytes with no LF: any byte but CR is content that starts a line (and a request).
    fn content(&mut self, bytes: &[u8]) {
        if bytes.iter().any(|&b| b != b'\r') {
            self.started = true;
            self.at_line_start = false;
        }
    }

    /// Whether a request has started (some byte other than CR or LF).
    pub fn started(&self) -> bool {
        self.started
    }
}

/// The answer to a client whose request headers did not arrive in time.
fn timeout_response(request_id: &str) -> Vec<u8> {
    let body = super::respond::error_body(408, request_id);
    let mut r = format!(
        "HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\n\
         content-length: {}\r\nx-request-id: {request_id}\r\nconnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(&body);
    r
}

/// Set by a request that ended with its body read on a connection that may be reused: the
/// stream then times the headers of the connection's next request as well.
///
/// pingora gives an app no per-connection hook between requests, so the flag travels to
/// the requests through the stream's proxy digest (`user_data`), which pingora copies
/// into each HTTP/1 session's digest and otherwise only uses for upstream CONNECT proxies.
///
/// With HTTP/1.1 pipelining the next request may already sit in pingora's buffer, read
/// along with this one: pingora then parses it without reading the stream, and the flag
/// would arm the deadline on later bytes (that request's body, say). So each request, once
/// its headers are parsed, sets the flag to "disarm" instead ([`headers_parsed`]): the
/// stream drops whatever it still watches on its next read.
#[derive(Debug, Default)]
pub struct NextRequest(AtomicU8);

/// [`NextRequest`] states: nothing to do, time the next request's headers, stop timing.
const IDLE: u8 = 0;
const ARM: u8 = 1;
const DISARM: u8 = 2;

/// The connection's [`NextRequest`] flag, for an HTTP/1 request (not h2, not a subrequest).
fn flag(session: &Session) -> Option<&NextRequest> {
    if session.is_http2() || session.subrequest_ctx.is_some() {
        return None;
    }
    session
        .digest()
        .and_then(|d| d.proxy_digest.as_deref())
        .and_then(|p| p.user_data.as_deref())
        .and_then(|u| u.downcast_ref::<Arc<NextRequest>>())
        .map(|a| &**a)
}

/// A request's headers have been parsed: the stream stops watching for headers (called
/// from `early_request_filter`; see [`NextRequest`] for why the stream cannot tell alone).
pub fn headers_parsed(session: &Session) {
    if let Some(next) = flag(session) {
        next.0.store(DISARM, Ordering::Relaxed);
    }
}

/// Lets the headers of the connection's next request be timed: called once a request is
/// over (the logging phase runs before pingora reads the next request). Not for HTTP/2
/// (one stream of many) or subrequests; not when the request body was left unread, since
/// pingora then drains it after this call and those bytes must not count as a new request.
pub fn next_request(session: &mut Session) {
    if session.is_http2() || !session.as_downstream_mut().is_body_done() {
        return;
    }
    if let Some(next) = flag(session) {
        next.0.store(ARM, Ordering::Relaxed);
    }
}

/// Headers being awaited.
struct Watch {
    /// For the first request, runs from accept. For later ones, starts at the first byte,
    /// and only when that read does not hold the whole header.
    sleep: Option<Pin<Box<Sleep>>>,
    scan: HeaderEnd,
    /// When `sleep` started, for the access log.
    since: Option<Instant>,
}

/// A client stream whose reads fail once a request's headers are overdue.
pub struct Deadlined {
    inner: Stream,
    watch: Option<Watch>,
    limit: Duration,
    next: Arc<NextRequest>,
    /// Carries `next` to the requests (see [`NextRequest`]).
    digest: Option<Arc<ProxyDigest>>,
    metrics: Arc<Metrics>,
    access_log: bool,
}

impl std::fmt::Debug for Deadlined {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Deadlined")
            .field("inner", &self.inner)
            .field("watching", &self.watch.is_some())
            .field("limit", &self.limit)
            .finish()
    }
}

impl Deadlined {
    fn new(inner: Stream, limit: Duration, metrics: Arc<Metrics>, access_log: bool) -> Self {
        let next = Arc::new(NextRequest::default());
        let digest = ResponseHeader::build(200, Some(0)).ok().map(|h| {
            let data: Box<dyn Any + Send + Sync> = Box::new(next.clone());
            Arc::new(ProxyDigest::new(Box::new(h), Some(data)))
        });
        Deadlined {
            inner,
            watch: Some(Watch {
                sleep: Some(Box::pin(tokio::time::sleep(limit))),
                scan: HeaderEnd::default(),
                since: Some(Instant::now()),
            }),
            limit,
            next,
            digest,
            metrics,
            access_log,
        }
    }

    /// The deadline passed: answers 408 if a request had started, counts and logs it,
    /// and stops watching (pingora closes the connection on the error returned next).
    fn expire(&mut self, cx: &mut Context<'_>) -> io::Error {
        if let Some(w) = self.watch.take() {
            if w.scan.started() {
                self.refuse(cx, w.since);
            }
        }
        io::Error::new(
            io::ErrorKind::TimedOut,
            "request headers not received within server.header_timeout",
        )
    }

    /// Writes the 408 (best effort), counts it and writes its access-log line.
    fn refuse(&mut self, cx: &mut Context<'_>, since: Option<Instant>) {
        let request_id = crate::client::new_request_id();
        let response = timeout_response(&request_id);
        // Best effort: the socket buffer takes these ~180 bytes at once unless the client
        // stopped reading, and then it only gets the close.
        if let Poll::Ready(Ok(n)) = Pin::new(&mut self.inner).poll_write(cx, &response) {
            if n == response.len() {
                let _ = Pin::new(&mut self.inner).poll_flush(cx);
            }
        }
        self.metrics
            .rejected
            .with_label_values(&["header_timeout"])
            .inc();
        if !self.access_log {
            return;
        }
        super::facts::AccessLine {
            request_id: &request_id,
            client_ip: self
                .inner
                .get_socket_digest()
                .and_then(|d| d.peer_addr().and_then(|a| a.as_inet().map(|a| a.ip()))),
            method: "-",
            path: "-",
            route: "-",
            kind: KindLabel::None.as_str(),
            status: 408,
            elapsed: since.map_or(Duration::ZERO, |t| t.elapsed()),
            upstream: None,
            error: "header_timeout",
        }
        .write();
    }
}

impl AsyncRead for Deadlined {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        // Usually the flag is idle: one relaxed load, then on (straight through between
        // requests).
        match this.next.0.load(Ordering::Relaxed) {
            IDLE => {}
            state => {
                this.next.0.store(IDLE, Ordering::Relaxed);
                // Idle time before the next request is idle_timeout's business: the clock
                // starts with the request's first byte.
                this.watch = (state == ARM).then(|| Watch {
                    sleep: None,
                    scan: HeaderEnd::default(),
                    since: None,
                });
            }
        }
        let Some(w) = &mut this.watch else {
            return Pin::new(&mut this.inner).poll_read(cx, buf);
        };
        if w.sleep.as_ref().is_some_and(|s| s.is_elapsed()) {
            return Poll::Ready(Err(this.expire(cx)));
        }
        let before = buf.filled().len();
        match Pin::new(&mut this.inner).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                if w.scan.feed(&buf.filled()[before..]) {
                    this.watch = None;
                } else if w.sleep.is_none() && w.scan.started() {
                    w.sleep = Some(Box::pin(tokio::time::sleep(this.limit)));
                    w.since = Some(Instant::now());
                }
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => match w.sleep.as_mut().map(|s| s.as_mut().poll(cx)) {
                Some(Poll::Ready(())) => Poll::Ready(Err(this.expire(cx))),
                _ => Poll::Pending,
            },
        }
    }
}

impl AsyncWrite for Deadlined {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[async_trait]
impl Shutdown for Deadlined {
    async fn shutdown(&mut self) {
        Shutdown::shutdown(&mut *self.inner).await
    }
}

impl UniqueID for Deadlined {
    fn id(&self) -> UniqueIDType {
        self.inner.id()
    }
}

impl Ssl for Deadlined {
    fn get_ssl(&self) -> Option<&TlsRef> {
        self.inner.get_ssl()
    }

    fn get_ssl_digest(&self) -> Option<Arc<pingora::protocols::tls::SslDigest>> {
        self.inner.get_ssl_digest()
    }

    fn selected_alpn_proto(&self) -> Option<ALPN> {
        self.inner.selected_alpn_proto()
    }
}

impl GetTimingDigest for Deadlined {
    fn get_timing_digest(&self) -> Vec<Option<TimingDigest>> {
        self.inner.get_timing_digest()
    }

    fn get_read_pending_time(&self) -> Duration {
        self.inner.get_read_pending_time()
    }

    fn get_write_pending_time(&self) -> Duration {
        self.inner.get_write_pending_time()
    }
}

impl GetProxyDigest for Deadlined {
    fn get_proxy_digest(&self) -> Option<Arc<ProxyDigest>> {
        self.inner
            .get_proxy_digest()
            .or_else(|| self.digest.clone())
    }

    fn set_proxy_digest(&mut self, digest: ProxyDigest) {
        self.inner.set_proxy_digest(digest)
    }
}

impl GetSocketDigest for Deadlined {
    fn get_socket_digest(&self) -> Option<Arc<SocketDigest>> {
        self.inner.get_socket_digest()
    }

    fn set_socket_digest(&mut self, socket_digest: SocketDigest) {
        self.inner.set_socket_digest(socket_digest)
    }
}

#[async_trait]
impl Peek for Deadlined {
    /// pingora peeks for the h2c preface by reading 24 bytes with no time limit: bounded
    /// here by the same deadline (the connection is then closed without a response).
    async fn try_peek(&mut self, buf: &mut [u8]) -> io::Result<bool> {
        let deadline = self.watch.as_ref().and_then(|w| w.sleep.as_ref());
        let Some(deadline) = deadline.map(|s| s.deadline()) else {
            return self.inner.try_peek(buf).await;
        };
        match tokio::time::timeout_at(deadline, self.inner.try_peek(buf)).await {
            Ok(peeked) => peeked,
            Err(_) => Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "no HTTP/2 preface or request within server.header_timeout",
            )),
        }
    }
}

/// Wraps a pingora app so that each accepted HTTP/1 stream gets the header deadline, and
/// each listener holds at most `server.max_connections` (see [`super::conn_cap`]).
/// HTTP/1 connections are then served by riskgate's own keep-alive loop
/// (`header_deadline/h1_idle.rs`), so one waiting for its next request holds no request
/// state.
pub struct HeaderDeadline<A> {
    inner: Arc<A>,
    shared: Arc<Shared>,
    cap: super::conn_cap::ConnCap,
}

impl<A> HeaderDeadline<A> {
    /// `inner` serves the wrapped streams; the limit is read per connection from the
    /// config now serving, so a reload changes it for new connections.
    pub fn new(inner: A, shared: Arc<Shared>) -> Self {
        let cap = super::conn_cap::ConnCap::new(&shared.runtime.load().config, &shared.metrics);
        HeaderDeadline {
            inner: Arc::new(inner),
            shared,
            cap,
        }
    }
}

#[async_trait]
impl<A: HttpServerApp + Send + Sync + 'static> ServerApp for HeaderDeadline<A> {
    async fn process_new(
        self: &Arc<Self>,
        stream: Stream,
        shutdown: &ShutdownWatch,
    ) -> Option<Stream> {
        let runtime = self.shared.runtime.load();
        let config = runtime.config.clone();
        let max = config.server.max_connections.get();
        let Some(_admitted) = self.cap.admit(&stream, max) else {
            drop(runtime);
            self.cap
                .refuse(stream, Over::Listener(max), config.log.access_log)
                .await;
            return None;
        };
        let per_address = config.server.max_connections_per_address;
        let Ok(_held) = self
            .cap
            .admit_address(&stream, per_address, &runtime.trusted)
        else {
            drop(runtime);
            let over = Over::Address(per_address.map_or(0, |m| m.get()));
            self.cap.refuse(stream, over, config.log.access_log).await;
            return None;
        };
        drop(runtime);
        let stream: Stream = Box::new(Deadlined::new(
            stream,
            config.server.header_timeout,
            self.shared.metrics.clone(),
            config.log.access_log,
        ));
        drop(config);
        if !h1_idle::owns(&*self.inner, &stream) {
            return self.inner.process_new(stream, shutdown).await;
        }
        // HTTP/1: riskgate's loop, so a connection between requests holds no request state.
        let idle_timeout = || {
            let idle = self.shared.runtime.load().config.server.idle_timeout;
            // What `early_request_filter` sets as the session's keep-alive, in seconds.
            Duration::from_secs(idle.as_secs().max(1))
        };
        h1_idle::serve(&self.inner, stream, shutdown, idle_timeout).await;
        None
    }

    async fn cleanup(&self) {
        self.inner.cleanup().await
    }
}

#[cfg(test)]
mod tests {
    use super::HeaderEnd;

    fn ends(chunks: &[&[u8]]) -> Option<usize> {
        let mut s = HeaderEnd::default();
        chunks.iter().position(|c| s.feed(c))
    }

    #[test]
    fn the_blank_line_after_the_headers_ends_them_in_any_split() {
        let req: &[u8] = b"GET / HTTP/1.1\r\nHost: a\r\n\r\n";
        assert_eq!(ends(&[req]), Some(0));
        for cut in 1..req.len() {
            let (a, b) = req.split_at(cut);
            assert_eq!(ends(&[a, b]), Some(1), "split at {cut}");
        }
        // Byte by byte: only the last byte ends it.
        let bytes: Vec<&[u8]> = req.chunks(1).collect();
        assert_eq!(ends(&bytes), Some(req.len() - 1));
    }

    #[test]
    fn bare_lf_line_ends_count_too() {
        assert_eq!(ends(&[b"GET / HTTP/1.1\nHost: a\n\n"]), Some(0));
        assert_eq!(ends(&[b"GET / HTTP/1.1\nHost: a\n", b"\r\n"]), Some(1));
    }

    #[test]
    fn empty_lines_before_the_request_line_do_not_end_anything() {
        assert_eq!(ends(&[b"\r\n\r\n\r\n", b"\n\n"]), None);
        let mut s = HeaderEnd::default();
        assert!(!s.feed(b"\r\n\r\n"));
        assert!(!s.started());
        assert!(!s.feed(b"GET / HTTP/1.1\r\n"));
        assert!(s.started());
        assert!(s.feed(b"\r\n"));
    }

    #[test]
    fn an_http2_preface_ends_the_deadline() {
        assert_eq!(ends(&[b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"]), Some(0));
    }

    /// The rule byte by byte: the end is an LF after an LF with only CRs between them,
    /// once a byte other than CR or LF has been seen.
    fn reference(bytes: &[u8]) -> Option<usize> {
        let (mut started, mut at_line_start) = (false, false);
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b'\n' if at_line_start && started => return Some(i),
                b'\n' => at_line_start = true,
                b'\r' => {}
                _ => (started, at_line_start) = (true, false),
            }
        }
        None
    }

    #[test]
    fn agrees_with_the_byte_by_byte_rule_on_random_input_and_splits() {
        let mut rng = fastrand::Rng::with_seed(7);
        for _ in 0..20_000 {
            let len = rng.usize(0..40);
            let bytes: Vec<u8> = (0..len)
                .map(|_| *rng.choice(b"\r\n\r\nab: ").unwrap())
                .collect();
            let want = reference(&bytes);
            // Fed in random pieces: the piece holding the end must be the one reported.
            let mut s = HeaderEnd::default();
            let (mut at, mut got) = (0, None);
            while at < bytes.len() {
                let n = rng.usize(1..=bytes.len() - at);
                if s.feed(&bytes[at..at + n]) {
                    got = Some(at..at + n);
                    break;
                }
                at += n;
            }
            match (want, got) {
                (None, None) => {}
                (Some(end), Some(piece)) => assert!(piece.contains(&end), "{bytes:?}"),
                (w, g) => panic!("{bytes:?}: want {w:?}, got {g:?}"),
            }
        }
    }

    #[test]
    fn headers_without_their_blank_line_are_not_done() {
        assert_eq!(
            ends(&[b"GET / HTTP/1.1\r\nHost: a\r\n", b"X-Slow: 1"]),
            None
        );
        assert_eq!(ends(&[b"GET / HTTP/1.1\r\nHost: a\r\r\n"]), None);
    }
}
