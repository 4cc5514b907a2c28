//! A cacheable origin for edge-cache tests and benchmarks: per-path response headers,
//! ETag validation (304), large bodies, delays, and hit counters.
//!
//! Each answer's body names the path, the hit number and the request's
//! `Accept-Encoding` (`/a #2 ae=gzip`), so a test can tell a stored copy from a fresh
//! one and one variant from another. It deliberately has no other behaviour; the
//! general-purpose stand-in is [`super::upstream()`].

use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http::header::{HeaderName, HeaderValue};
use http::{Request, Response, StatusCode};
use hyper::body::Incoming;
use tokio::net::TcpListener;

use super::serve::{self, Body, StandIn};

/// Starts declaring a cacheable origin.
pub fn cache_origin() -> OriginBuilder {
    OriginBuilder::default()
}

/// Declares the paths of a [`CacheOrigin`]; unknown paths answer 404 (uncacheable).
#[derive(Debug, Default)]
pub struct OriginBuilder {
    paths: HashMap<String, PathSpec>,
}

#[derive(Debug, Default, Clone)]
struct PathSpec {
    headers: Vec<(HeaderName, HeaderValue)>,
    etag: Option<String>,
    body_len: Option<usize>,
    delay: Duration,
}

impl OriginBuilder {
    fn spec(&mut self, path: &str) -> &mut PathSpec {
        self.paths.entry(path.to_string()).or_default()
    }

    /// Answers `path` (query ignored) with 200 and these extra headers, e.g.
    /// `&[("cache-control", "max-age=60")]`.
    ///
    /// # Panics
    /// Panics on an invalid header name or value.
    pub fn path(mut self, path: &str, headers: &[(&str, &str)]) -> Self {
        let spec = self.spec(path);
        for (k, v) in headers {
            spec.headers.push((
                HeaderName::from_bytes(k.as_bytes()).expect("header name"),
                HeaderValue::from_str(v).expect("header value"),
            ));
        }
        self
    }

    /// Sends `ETag: etag` on `path` and answers a matching `If-None-Match` with 304.
    pub fn etag(mut self, path: &str, etag: &str) -> Self {
        self.spec(path).etag = Some(etag.to_string());
        self
    }

    /// Makes `path`'s body exactly `n` bytes (`x` repeated) instead of the default text.
    pub fn body_len(mut self, path: &str, n: usize) -> Self {
        self.spec(path).body_len = Some(n);
        self
    }

    /// Waits `d` before answering each request to `path`.
    pub fn delay(mut self, path: &str, d: Duration) -> Self {
        self.spec(path).delay = d;
        self
    }

    /// Binds `127.0.0.1:0` and starts serving.
    pub async fn spawn(self) -> std::io::Result<CacheOrigin> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let counts = Counts::default();
        let paths = Arc::new(self.paths);
        let c = counts.clone();
        let standin = serve::spawn_server(listener, move |req, _tasks| {
            answer(Arc::clone(&paths), c.clone(), req)
        });
        Ok(CacheOrigin {
            addr: standin.addr(),
            standin: Mutex::new(Some(standin)),
            counts,
        })
    }
}

/// Requests per path: all of them, and those answered 304.
#[derive(Debug, Default, Clone)]
struct Counts(Arc<Mutex<HashMap<String, (usize, usize)>>>);

impl Counts {
    fn hit(&self, path: &str) -> usize {
        let mut m = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let e = m.entry(path.to_string()).or_default();
        e.0 += 1;
        e.0
    }

    fn not_modified(&self, path: &str) {
        let mut m = self.0.lock().unwrap_or_else(|p| p.into_inner());
        m.entry(path.to_string()).or_default().1 += 1;
    }

    fn get(&self, path: &str) -> (usize, usize) {
        let m = self.0.lock().unwrap_or_else(|p| p.into_inner());
        m.get(path).copied().unwrap_or_default()
    }
}

/// A running cacheable origin.
#[derive(Debug)]
pub struct CacheOrigin {
    addr: SocketAddr,
    standin: Mutex<Option<StandIn>>,
    counts: Counts,
}

impl CacheOrigin {
    /// The address it listens on (until [`CacheOrigin::stop`]).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Requests received for `path` (query ignored), 304s included.
    pub fn hits(&self, path: &str) -> usize {
        self.counts.get(path).0
    }

    /// Requests for `path` answered 304 Not Modified.
    pub fn not_modified(&self, path: &str) -> usize {
        self.counts.get(path).1
    }

    /// Stops the server and every open connection: the origin is down from now on.
    pub fn stop(&self) {
        drop(
            self.standin
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .take(),
        );
    }
}

async fn answer(
    paths: Arc<HashMap<String, PathSpec>>,
    counts: Counts,
    req: Request<Incoming>,
) -> Response<Body> {
    let path = req.uri().path().to_string();
    let Some(spec) = paths.get(&path) else {
        return serve::text(StatusCode::NOT_FOUND, "not found\n");
    };
    let n = counts.hit(&path);
    tokio::time::sleep(spec.delay).await;
    let matches = spec.etag.as_deref().is_some_and(|tag| {
        req.headers()
            .get_all(http::header::IF_NONE_MATCH)
            .iter()
            .any(|v| v.to_str().unwrap_or("").split(',').any(|t| t.trim() == tag))
    });
    let mut resp = if matches {
        counts.not_modified(&path);
        serve::empty(StatusCode::NOT_MODIFIED)
    } else {
        let body = match spec.body_len {
            Some(len) => Bytes::from(vec![b'x'; len]),
            None => {
                let ae = req
                    .headers()
                    .get(http::header::ACCEPT_ENCODING)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-");
                Bytes::from(format!("{path} #{n} ae={ae}"))
            }
        };
        serve::text(StatusCode::OK, body)
    };
    let h = resp.headers_mut();
    for (k, v) in &spec.headers {
        h.append(k.clone(), v.clone());
    }
    if let Some(tag) = &spec.etag {
        if let Ok(v) = HeaderValue::from_str(tag) {
            h.insert(http::header::ETAG, v);
        }
    }
    resp
}
