//! A scripted origin for `tests/cache_conformance.rs`: a raw HTTP/1.1 server on loopback
//! whose every response (status, exact header fields, body) a test writes as a closure, so
//! it can send what the RFCs talk about (`Age: 7200, 0`, a `Date` from another clock,
//! `Connection`-named fields, a `304` with new fields) and see what riskgate forwards.
//!
//! Also the riskgate config the conformance tests share, and a GET that reports what a
//! client sees. Raw sockets on purpose: a server library would normalise the very header
//! fields under test.
#![allow(dead_code)]

use crate::common::{cache_edge, Proxy};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, SystemTime};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// One request the origin received.
#[derive(Debug, Clone)]
pub struct Req {
    pub method: String,
    pub path: String,
    /// Header fields, names lower-cased.
    pub headers: Vec<(String, String)>,
    /// How many requests for this path (any method) the origin has seen, this one included.
    pub n: usize,
}

impl Req {
    /// The value of header `name` (lower-case), if sent.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One response the origin sends.
#[derive(Debug, Clone)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// Raw informational responses (`103 Early Hints`) sent first, in the same write.
    pub informational: String,
}

/// A response with `status`, these header fields and a body naming the path and count.
pub fn resp(status: u16, headers: &[(&str, &str)], req: &Req) -> Resp {
    Resp {
        status,
        headers: headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        body: format!("{} #{}", req.path, req.n),
        informational: String::new(),
    }
}

type Handler = dyn Fn(&Req) -> Resp + Send + Sync;

/// The running origin: its address and what it received.
pub struct Origin {
    pub addr: SocketAddr,
    log: Arc<Mutex<Vec<Req>>>,
}

impl Origin {
    /// Requests received for `path` (any method).
    pub fn hits(&self, path: &str) -> usize {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.path == path)
            .count()
    }

    /// Every request received for `path`.
    pub fn requests(&self, path: &str) -> Vec<Req> {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.path == path)
            .cloned()
            .collect()
    }
}

/// Starts the origin on `127.0.0.1:0`; `handler` answers every request.
pub async fn origin(handler: impl Fn(&Req) -> Resp + Send + Sync + 'static) -> Origin {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind origin");
    let addr = listener.local_addr().expect("origin addr");
    let log: Arc<Mutex<Vec<Req>>> = Arc::default();
    let counts: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
    let handler: Arc<Handler> = Arc::new(handler);
    let l = log.clone();
    tokio::spawn(async move {
        while let Ok((sock, _)) = listener.accept().await {
            let (log, counts, handler) = (l.clone(), counts.clone(), handler.clone());
            tokio::spawn(async move {
                let _ = serve(sock, log, counts, handler).await;
            });
        }
    });
    Origin { addr, log }
}

async fn serve(
    mut sock: tokio::net::TcpStream,
    log: Arc<Mutex<Vec<Req>>>,
    counts: Arc<Mutex<HashMap<String, usize>>>,
    handler: Arc<Handler>,
) -> std::io::Result<()> {
    let mut buf = Vec::new();
    loop {
        let end = loop {
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i;
            }
            let mut chunk = [0u8; 4096];
            let n = sock.read(&mut chunk).await?;
            if n == 0 {
                return Ok(());
            }
            buf.extend_from_slice(&chunk[..n]);
        };
        let head = String::from_utf8_lossy(&buf[..end]).into_owned();
        let mut lines = head.split("\r\n");
        let mut first = lines.next().unwrap_or("").split(' ');
        let method = first.next().unwrap_or("").to_string();
        let path = first.next().unwrap_or("").to_string();
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let body_len: usize = headers
            .iter()
            .find(|(k, _)| k == "content-length")
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        while buf.len() < end + 4 + body_len {
            let mut chunk = [0u8; 4096];
            let n = sock.read(&mut chunk).await?;
            if n == 0 {
                return Ok(());
            }
            buf.extend_from_slice(&chunk[..n]);
        }
        buf.drain(..end + 4 + body_len);
        let n = {
            let mut c = counts.lock().unwrap();
            let n = c.entry(path.clone()).or_default();
            *n += 1;
            *n
        };
        let req = Req {
            method,
            path,
            headers,
            n,
        };
        log.lock().unwrap().push(req.clone());
        let r = handler(&req);
        let mut out = r.informational.clone();
        out.push_str(&format!("HTTP/1.1 {} X\r\n", r.status));
        for (k, v) in &r.headers {
            out.push_str(&format!("{k}: {v}\r\n"));
        }
        let bodyless = r.status == 304 || r.status == 204 || req.method == "HEAD";
        if !bodyless {
            out.push_str(&format!("content-length: {}\r\n", r.body.len()));
        }
        out.push_str("\r\n");
        if !bodyless {
            out.push_str(&r.body);
        }
        sock.write_all(out.as_bytes()).await?;
    }
}

/// An HTTP date `secs` seconds from now (negative: in the past).
pub fn date(secs: i64) -> String {
    let now = SystemTime::now();
    let t = if secs >= 0 {
        now + Duration::from_secs(secs as u64)
    } else {
        now - Duration::from_secs(secs.unsigned_abs())
    };
    httpdate::fmt_http_date(t)
}

/// riskgate in front of the origin: one `static` route for everything. `{cache_extra}`
/// takes extra `[cache]` keys.
pub static CONFIG: LazyLock<String> = LazyLock::new(|| cache_edge("16777216", "{cache_extra}"));

/// Starts riskgate in front of `origin` with extra `[cache]` keys.
pub async fn start(origin: &Origin, cache_extra: &str) -> Proxy {
    Proxy::start_with(
        &CONFIG,
        &[
            ("{up}", origin.addr.to_string()),
            ("{cache_extra}", cache_extra.to_string()),
        ],
    )
    .await
}

/// What the client saw.
#[derive(Debug)]
pub struct Seen {
    pub status: u16,
    /// `X-Cache`.
    pub cache: String,
    /// Header fields, names lower-cased (every value of a repeated field).
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Seen {
    /// The first value of `name` (lower-case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// `Age` as a number.
    pub fn age(&self) -> Option<u64> {
        self.header("age").and_then(|v| v.parse().ok())
    }
}

/// Sends `method path` through riskgate (no redirects followed).
pub async fn send(p: &Proxy, method: &str, path: &str) -> Seen {
    let client = reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client");
    let m = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    let r = client
        .request(m, p.url(path))
        .send()
        .await
        .expect("request through riskgate");
    let headers = r
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
        .collect::<Vec<_>>();
    let status = r.status().as_u16();
    let body = r.text().await.expect("body");
    let cache = headers
        .iter()
        .find(|(k, _)| k == "x-cache")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    Seen {
        status,
        cache,
        headers,
        body,
    }
}

/// `GET path`.
pub async fn get(p: &Proxy, path: &str) -> Seen {
    send(p, "GET", path).await
}
