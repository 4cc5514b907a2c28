//! A deadline on each client connection's first request headers (slowloris defence).
//!
//! pingora 0.9 waits up to 60 s per read for request headers and puts no bound on the
//! total, so a client trickling a byte a minute holds a connection, and its file
//! descriptor, forever. riskgate wraps every accepted client stream before pingora's HTTP
//! code reads it: until the blank line that ends the first request's headers has arrived,
//! reads fail once `server.header_timeout` has passed since the connection was accepted.
//! A client that had started a request is answered `408` (best effort) before the close;
//! one that sent nothing is closed quietly, because browsers open spare connections they
//! may never use. Once the headers are in, the wrapper only forwards.
//!
//! An HTTP/2 connection (ALPN `h2` or h2c) starts with a preface that contains a blank
//! line (`PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n`), so there the deadline covers the
//! preface; h2 connections are then bounded by `server.idle_timeout`.

use crate::metrics::Metrics;
use crate::server::Shared;
use async_trait::async_trait;
use pingora::apps::ServerApp;
use pingora::protocols::raw_connect::ProxyDigest;
use pingora::protocols::tls::TlsRef;
use pingora::protocols::{
    GetProxyDigest, GetSocketDigest, GetTimingDigest, Peek, Shutdown, SocketDigest, Ssl, Stream,
    TimingDigest, UniqueID, UniqueIDType, ALPN,
};
use pingora::server::ShutdownWatch;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::Sleep;

/// Finds the end of the first request's headers in the bytes read so far.
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
    pub fn feed(&mut self, bytes: &[u8]) -> bool {
        for &b in bytes {
            match b {
                b'\n' if self.at_line_start && self.started => return true,
                b'\n' => self.at_line_start = true,
                b'\r' => {}
                _ => {
                    self.started = true;
                    self.at_line_start = false;
                }
            }
        }
        false
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

/// The deadline while it is armed.
struct Armed {
    sleep: Pin<Box<Sleep>>,
    scan: HeaderEnd,
    accepted: Instant,
    metrics: Arc<Metrics>,
    access_log: bool,
}

/// A client stream whose reads fail once the first request's headers are overdue.
pub struct Deadlined {
    inner: Stream,
    armed: Option<Armed>,
}

impl std::fmt::Debug for Deadlined {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Deadlined")
            .field("inner", &self.inner)
            .field("armed", &self.armed.is_some())
            .finish()
    }
}

impl Deadlined {
    fn new(inner: Stream, limit: Duration, metrics: Arc<Metrics>, access_log: bool) -> Self {
        Deadlined {
            inner,
            armed: Some(Armed {
                sleep: Box::pin(tokio::time::sleep(limit)),
                scan: HeaderEnd::default(),
                accepted: Instant::now(),
                metrics,
                access_log,
            }),
        }
    }

    /// The deadline passed: answers 408 if a request had started, counts and logs it,
    /// and disarms (pingora closes the connection on the error returned next).
    fn expire(&mut self, cx: &mut Context<'_>) -> io::Error {
        if let Some(a) = self.armed.take() {
            if a.scan.started() {
                let request_id = crate::client::new_request_id();
                let response = timeout_response(&request_id);
                // Best effort: a fresh connection's socket buffer takes ~150 bytes at once;
                // if it does not, the client is gone or not reading and gets the close.
                let inner = Pin::new(&mut self.inner);
                if let Poll::Ready(Ok(n)) = inner.poll_write(cx, &response) {
                    if n == response.len() {
                        let _ = Pin::new(&mut self.inner).poll_flush(cx);
                    }
                }
                a.metrics
                    .rejected
                    .with_label_values(&["header_timeout"])
                    .inc();
                if a.access_log {
                    let client = self
                        .inner
                        .get_socket_digest()
                        .and_then(|d| d.peer_addr().and_then(|a| a.as_inet().map(|a| a.ip())))
                        .map(|ip| ip.to_string())
                        .unwrap_or_default();
                    tracing::info!(
                        target: "riskgate::access",
                        request_id = %request_id,
                        client_ip = %client,
                        method = "-",
                        path = "-",
                        route = "-",
                        kind = "none",
                        status = 408u16,
                        duration_ms = a.accepted.elapsed().as_secs_f64() * 1000.0,
                        upstream = "-",
                        error = "header_timeout",
                        "access"
                    );
                }
            }
        }
        io::Error::new(
            io::ErrorKind::TimedOut,
            "request headers not received within server.header_timeout",
        )
    }
}

impl AsyncRead for Deadlined {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let Some(armed) = &mut this.armed else {
            return Pin::new(&mut this.inner).poll_read(cx, buf);
        };
        if armed.sleep.is_elapsed() {
            return Poll::Ready(Err(this.expire(cx)));
        }
        let before = buf.filled().len();
        match Pin::new(&mut this.inner).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                if armed.scan.feed(&buf.filled()[before..]) {
                    this.armed = None;
                }
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => match armed.sleep.as_mut().poll(cx) {
                Poll::Ready(()) => Poll::Ready(Err(this.expire(cx))),
                Poll::Pending => Poll::Pending,
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
        self.inner.get_proxy_digest()
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
        let Some(deadline) = self.armed.as_ref().map(|a| a.sleep.deadline()) else {
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

/// Wraps a pingora app so that each accepted HTTP/1 stream gets the header deadline.
pub struct HeaderDeadline<A> {
    inner: Arc<A>,
    shared: Arc<Shared>,
}

impl<A> HeaderDeadline<A> {
    /// `inner` serves the wrapped streams; the limit is read per connection from the
    /// config now serving, so a reload changes it for new connections.
    pub fn new(inner: A, shared: Arc<Shared>) -> Self {
        HeaderDeadline {
            inner: Arc::new(inner),
            shared,
        }
    }
}

#[async_trait]
impl<A: ServerApp + Send + Sync + 'static> ServerApp for HeaderDeadline<A> {
    async fn process_new(
        self: &Arc<Self>,
        stream: Stream,
        shutdown: &ShutdownWatch,
    ) -> Option<Stream> {
        let config = &self.shared.runtime.load().config;
        let stream = Box::new(Deadlined::new(
            stream,
            config.server.header_timeout,
            self.shared.metrics.clone(),
            config.log.access_log,
        ));
        self.inner.process_new(stream, shutdown).await
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

    #[test]
    fn headers_without_their_blank_line_are_not_done() {
        assert_eq!(
            ends(&[b"GET / HTTP/1.1\r\nHost: a\r\n", b"X-Slow: 1"]),
            None
        );
        assert_eq!(ends(&[b"GET / HTTP/1.1\r\nHost: a\r\r\n"]), None);
    }
}
