//! Scored order POSTs and passthrough POSTs interleaved on the same connections at one
//! fixed request rate, so both routes see the same machine noise; prints each route's
//! latency percentiles and the p99 difference (issue target: scoring adds ≤ 150 µs at p99).
//!
//! Run by `benches/order_load.sh` (which starts riskgate and the origin) as
//! `cargo bench --bench order_ab -- ADDR [RATE] [SECONDS] [CONNS]`; loopback only.
//!
//! Each connection sends one request at a time on its own schedule (a request due while the
//! previous one is still out is sent when it returns). Latency counts from the moment the
//! request is written until its response is read: tokio's timers fire up to 1 ms late, so
//! "from when it was due" would measure the timer. Requests alternate pass / order; every
//! request comes from a fresh residential-looking client IP and user so velocity and
//! limits never turn orders into blocks.

use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const UA: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

fn request(path: &str, rng: &mut fastrand::Rng) -> Vec<u8> {
    let ip = format!(
        "81.{}.{}.{}",
        rng.u8(1..=254),
        rng.u8(0..=255),
        rng.u8(1..=254)
    );
    let user = format!("u{}", rng.u64(1..1_000_000_000));
    let body = format!(
        r#"{{"amount":"25.00","currency":"USD","quantity":1,"user":"{user}","email":"{user}@example.com"}}"#
    );
    format!(
        "POST {path} HTTP/1.1\r\nHost: shop.test\r\nContent-Type: application/json\r\n\
         X-Forwarded-For: {ip}\r\nUser-Agent: {UA}\r\nAccept-Language: en-GB,en;q=0.9\r\n\
         Accept-Encoding: gzip, deflate, br\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Reads one response with a Content-Length body; returns its status.
async fn read_response(s: &mut TcpStream, buf: &mut Vec<u8>) -> std::io::Result<u16> {
    buf.clear();
    let mut chunk = [0u8; 4096];
    loop {
        let n = s.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
        let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = std::str::from_utf8(&buf[..end]).map_err(|_| std::io::ErrorKind::InvalidData)?;
        let status = head
            .get(9..12)
            .and_then(|s| s.parse().ok())
            .ok_or(std::io::ErrorKind::InvalidData)?;
        let len: usize = head
            .lines()
            .find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.eq_ignore_ascii_case("content-length")
                    .then(|| v.trim().parse().ok())?
            })
            .unwrap_or(0);
        while buf.len() < end + 4 + len {
            let n = s.read(&mut chunk).await?;
            if n == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            buf.extend_from_slice(&chunk[..n]);
        }
        return Ok(status);
    }
}

struct Samples {
    pass: Vec<u32>,
    order: Vec<u32>,
    errors: u64,
}

async fn connection(
    addr: SocketAddr,
    start: Instant,
    period: Duration,
    end: Instant,
    seed: u64,
) -> Samples {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut out = Samples {
        pass: Vec::new(),
        order: Vec::new(),
        errors: 0,
    };
    let mut s = TcpStream::connect(addr).await.expect("connect to riskgate");
    s.set_nodelay(true).ok();
    let mut buf = Vec::with_capacity(8192);
    let mut due = start;
    let mut k = seed as usize;
    while due < end {
        tokio::time::sleep_until(due.into()).await;
        let order = k % 2 == 1;
        k += 1;
        let req = request(if order { "/order" } else { "/pass" }, &mut rng);
        let sent = Instant::now();
        let ok = s.write_all(&req).await.is_ok()
            && matches!(read_response(&mut s, &mut buf).await, Ok(201));
        let us = sent.elapsed().as_micros().min(u128::from(u32::MAX)) as u32;
        if !ok {
            out.errors += 1;
            s = TcpStream::connect(addr)
                .await
                .expect("reconnect to riskgate");
            s.set_nodelay(true).ok();
        } else if order {
            out.order.push(us);
        } else {
            out.pass.push(us);
        }
        due += period;
    }
    out
}

fn pct(v: &[u32], p: f64) -> u32 {
    if v.is_empty() {
        return 0;
    }
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i]
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let Some(addr) = args.first().and_then(|a| a.parse::<SocketAddr>().ok()) else {
        eprintln!("usage: cargo bench --bench order_ab -- ADDR [RATE] [SECONDS] [CONNS]");
        return;
    };
    assert!(
        addr.ip().is_loopback(),
        "order_ab sends traffic to loopback only"
    );
    let rate: f64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1000.0);
    let secs: f64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(20.0);
    let conns: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(1);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let all = rt.block_on(async move {
        let start = Instant::now() + Duration::from_millis(100);
        let end = start + Duration::from_secs_f64(secs);
        let period = Duration::from_secs_f64(conns as f64 / rate);
        let tasks: Vec<_> = (0..conns)
            .map(|c| {
                // Connections start evenly spread over one period.
                let offset = period.mul_f64(c as f64 / conns as f64);
                tokio::spawn(connection(addr, start + offset, period, end, c as u64))
            })
            .collect();
        let mut all = Samples {
            pass: Vec::new(),
            order: Vec::new(),
            errors: 0,
        };
        for t in tasks {
            let s = t.await.expect("connection task");
            all.pass.extend(s.pass);
            all.order.extend(s.order);
            all.errors += s.errors;
        }
        all
    });
    let (mut pass, mut order) = (all.pass, all.order);
    pass.sort_unstable();
    order.sort_unstable();
    println!(
        "interleaved A/B: {rate} req/s in all over {conns} connections for {secs} s; \
         errors (non-201 or broken) {}",
        all.errors
    );
    for (name, v) in [("pass", &pass), ("order", &order)] {
        println!(
            "{name:<6} n={:<7} p50 {:>6} µs  p90 {:>6} µs  p99 {:>6} µs  p99.9 {:>6} µs",
            v.len(),
            pct(v, 0.5),
            pct(v, 0.9),
            pct(v, 0.99),
            pct(v, 0.999)
        );
    }
    println!(
        "p50 order - p50 pass = {} µs; p99 order - p99 pass = {} µs (target <= 150 µs)",
        i64::from(pct(&order, 0.5)) - i64::from(pct(&pass, 0.5)),
        i64::from(pct(&order, 0.99)) - i64::from(pct(&pass, 0.99))
    );
}
