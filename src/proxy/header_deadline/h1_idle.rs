//! riskgate's own HTTP/1 keep-alive loop, so an idle client connection holds no request.
//!
//! pingora's loop (the `ServerApp` impl of every `HttpServerApp`) hands a connection to the
//! proxy as soon as it is accepted and again right after each response. The proxy then
//! waits for the next request inside its per-request state: pingora-core's `process_new`
//! future (3.8 kB, an `async_trait` box sized for its HTTP/2 branch), pingora-proxy's
//! `process_new_http` future (2.8 kB), an `HttpSession` with its digest, and the 4 KiB
//! header buffer that `read_request` allocates before the first byte. A browser keeps
//! connections open between page loads, so most open connections are in exactly that
//! state, and it made an idle connection cost about 27 kB of resident memory
//! (BENCHMARKS.md, "Idle client connections").
//!
//! This loop does what pingora's does for plain HTTP/1 and TLS HTTP/1, with one change:
//! before each request it waits for the request's first bytes itself, holding only the
//! stream, and builds the session once they have arrived. The bytes are read into a stack
//! buffer (the same up-to-4 KiB read pingora's first header read makes) and handed to the
//! session as a prefix, pingora's own way to start a request with bytes already read
//! (HTTP/1.1 pipelining), so nothing is read twice and no syscall is added. The wait ends
//! the connection, as pingora's header read would, on EOF, a read error, the keep-alive
//! timeout (`server.idle_timeout` between requests, pingora's 60 s before the first), or a
//! graceful shutdown; the header deadline of [`super`] runs inside the
//! stream's reads and is unchanged.
//!
//! HTTP/2 (ALPN `h2`, or h2c enabled) and custom protocols keep pingora's own loop.

use bytes::BytesMut;
use pingora::apps::{HttpPersistentSettings, HttpServerApp};
use pingora::protocols::http::ServerSession;
use pingora::protocols::{Stream, ALPN};
use pingora::server::ShutdownWatch;
use std::future::poll_fn;
use std::mem::MaybeUninit;
use std::pin::Pin;
use std::sync::Arc;
use std::task::Poll;
use std::time::Duration;
use tokio::io::{AsyncRead, ReadBuf};

/// Bytes read at most by the wait for a request's first bytes, and the capacity of the
/// buffer they are handed over in: pingora's own first header read (`INIT_HEADER_BUF_SIZE`),
/// so a request's header still arrives in one read.
const FIRST_READ: usize = 4096;

/// How long a new connection may stay silent before its first request, when the header
/// deadline does not close it first: pingora's default keep-alive for a connection's
/// first session, which its own loop sets.
const FIRST_REQUEST_WAIT: Duration = Duration::from_secs(60);

/// Whether riskgate serves `stream` with [`serve`] (plain or TLS HTTP/1) rather than
/// pingora's loop (HTTP/2, h2c, custom protocols). Mirrors pingora's own choice.
pub fn owns<A: HttpServerApp>(app: &A, stream: &Stream) -> bool {
    let opts = app.server_options();
    let h2c = opts.is_some_and(|o| o.h2c) && stream.get_ssl_digest().is_none();
    let custom = opts.is_some_and(|o| o.force_custom);
    !h2c && !custom && matches!(stream.selected_alpn_proto(), None | Some(ALPN::H1))
}

/// Serves the HTTP/1 requests of one connection until it closes, waiting for each
/// request's first bytes before any request state exists.
///
/// `idle_timeout` gives the keep-alive timeout between requests (read when each wait
/// starts, so a reload applies); requests themselves run in `app` exactly as pingora
/// would run them.
pub async fn serve<A>(
    app: &Arc<A>,
    mut stream: Stream,
    shutdown: &ShutdownWatch,
    idle_timeout: impl Fn() -> Duration,
) where
    A: HttpServerApp + Send + Sync + 'static,
{
    let mut settings: Option<HttpPersistentSettings> = None;
    let mut first = true;
    loop {
        // A request already read (pipelined behind the last one) must not wait for more.
        let pipelined = settings.as_ref().is_some_and(carries_pipelined_bytes);
        let prefix = if pipelined {
            None
        } else {
            let wait = if first {
                FIRST_REQUEST_WAIT
            } else {
                idle_timeout()
            };
            match first_bytes(&mut stream, shutdown, wait).await {
                Some(bytes) => Some(bytes),
                None => return,
            }
        };
        let mut session = ServerSession::new_http1(stream);
        match settings.take() {
            Some(s) => s.apply_to_session(&mut session),
            None => {
                // What pingora's loop sets on a connection's first session.
                session.set_keepalive((!*shutdown.borrow()).then_some(60));
                session.set_keepalive_reuses_remaining(
                    app.server_options().and_then(|o| o.keepalive_request_limit),
                );
            }
        }
        if let Some(prefix) = prefix {
            session.set_pipelined_prefix(prefix);
        }
        first = false;
        let Some(reused) = app.process_new_http(session, shutdown).await else {
            return;
        };
        (stream, settings) = reused.consume();
    }
}

/// Waits for the first bytes of a request and returns them, or `None` when the
/// connection should close: EOF, a read error (the header deadline's included), no bytes
/// within `wait`, or a graceful shutdown.
///
/// The read buffer lives on the stack of each poll, not in this future, so a waiting
/// connection holds no buffer at all.
async fn first_bytes(
    stream: &mut Stream,
    shutdown: &ShutdownWatch,
    wait: Duration,
) -> Option<BytesMut> {
    let read = poll_fn(|cx| {
        let mut space = [MaybeUninit::<u8>::uninit(); FIRST_READ];
        let mut buf = ReadBuf::uninit(&mut space);
        match Pin::new(&mut *stream).poll_read(cx, &mut buf) {
            Poll::Ready(Ok(())) if !buf.filled().is_empty() => {
                let mut bytes = BytesMut::with_capacity(FIRST_READ);
                bytes.extend_from_slice(buf.filled());
                Poll::Ready(Some(bytes))
            }
            Poll::Ready(_) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    });
    let mut shutdown = shutdown.clone();
    tokio::select! {
        biased;
        bytes = tokio::time::timeout(wait, read) => bytes.ok().flatten(),
        // Like pingora-proxy's idle header read: a shutting-down server closes idle
        // connections rather than wait for requests it would not keep alive anyway.
        _ = shutdown.wait_for(|down| *down) => None,
    }
}

/// Whether the settings carry bytes of a next request that pingora already read.
///
/// pingora keeps them private (`pipelined_prefix`, handed to the next session); the getter
/// is riskgate's patch to the vendored pingora-core (vendor/README.md). It replaced a scan
/// of the settings' `Debug` output that cost about 5 k instructions per kept-alive request
/// (BENCHMARKS.md "Cost per request").
fn carries_pipelined_bytes(settings: &HttpPersistentSettings) -> bool {
    settings.has_pipelined_prefix()
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn session() -> ServerSession {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let client = tokio::net::TcpStream::connect(listener.local_addr().unwrap());
        let (accepted, _client) = tokio::join!(listener.accept(), client);
        let stream = pingora::protocols::l4::stream::Stream::from(accepted.unwrap().0);
        ServerSession::new_http1(Box::new(stream))
    }

    #[tokio::test]
    async fn tells_settings_with_pipelined_bytes_from_settings_without() {
        let s = session().await;
        let mut settings = HttpPersistentSettings::for_session(&s);
        assert!(!carries_pipelined_bytes(&settings));
        settings.set_user_context(Box::new(7u32));
        assert!(!carries_pipelined_bytes(&settings));
        settings.set_pipelined_prefix(BytesMut::from(&b"GET / HTTP/1.1\r\n"[..]));
        assert!(carries_pipelined_bytes(&settings));
    }
}
