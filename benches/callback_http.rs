//! Callbacks accepted end to end: how many payment notifications per second the real
//! `riskgate` binary takes over keep-alive HTTP/1.1 on loopback, where "accepted" means the
//! epay MD5 signature was verified, the callback was committed to the redb spool (group
//! commit, fsync per batch) and only then answered `200 success`; plus p50/p99/max latency as
//! the provider sees it. Issue target: ≥ 5,000 accepted/s on the development machine.
//!
//! Each run (C = 16, 64, 256 connections) starts a fresh riskgate (`threads = 2`, access log
//! off) on a fresh spool, with a fulfillment stand-in in this process, so deliveries drain
//! concurrently as in production. The stand-in is `demo::upstream()` answering `/fulfill`
//! with 200, not `demo::fulfillment`: the latter checks each delivery for duplicates by
//! scanning every earlier one under a lock, which at 10⁴ deliveries took a third of this
//! 2-core machine away from riskgate. A run sends `COUNT` distinct signed callbacks or stops
//! after `MAX_TIME`, whichever comes first; afterwards the admin API must count exactly as
//! many accepted callbacks as the client saw `200 success`.
//!
//! Not measured: other dialects, TLS, delivery throughput alone (the spool without HTTP is
//! `benches/callbacks.rs`).
//!
//! Run: `cargo build --release && cargo bench --bench callback_http`. Cargo builds the binary
//! for a bench target anyway (`CARGO_BIN_EXE_riskgate`, release profile).

#[path = "../tests/common/stop.rs"]
mod stop;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use riskgate::callbacks::dialect::sign;
use riskgate::demo::upstream;
use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Callbacks per run (each a distinct `trade_no`), unless `MAX_TIME` comes first.
const COUNT: usize = 50_000;
/// Upper bound on one run's measured phase.
const MAX_TIME: Duration = Duration::from_secs(10);
/// Concurrent keep-alive connections, one run each.
const CONNS: [usize; 3] = [16, 64, 256];
const KEY: &str = "bench-merchant-key-0123";
const TOKEN: &str = "bench-admin-token-0123456789";
const PATH: &str = "/callbacks/epay";
const FORM: &str = "application/x-www-form-urlencoded";

const CONFIG: &str = r#"
[server]
listen = ["{listen}"]
threads = 2
[admin]
listen = "{admin}"
[log]
level = "warn"
access_log = false

[channels.epay]
url = "http://{ful}"
dialect = "epay"
secret_env = "RG_BENCH_EPAY_KEY"
callback_sources = ["127.0.0.0/8"]

[upstreams.fulfillment]
servers = ["{ful}"]

[[routes]]
name = "cb-epay"
kind = "callback"
channel = "epay"
upstream = "fulfillment"
prefix = "/callbacks/epay"

[callbacks]
spool = "{dir}/spool.redb"
"#;

/// A started riskgate: the process, its proxy address and its admin address.
type Running = (Child, SocketAddr, SocketAddr);

fn free_addr() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("bind an ephemeral loopback port")
}

/// One signed epay notification per index; `run` keeps ids distinct across runs.
fn bodies(run: usize, n: usize) -> Vec<Bytes> {
    (0..n)
        .map(|i| {
            let (txn, order) = (format!("2026112800{run}{i:08}"), format!("o-{run}-{i}"));
            Bytes::from(sign::epay_form(
                KEY,
                &[
                    ("pid", "1001"),
                    ("trade_no", &txn),
                    ("out_trade_no", &order),
                    ("money", "9.99"),
                    ("trade_status", "TRADE_SUCCESS"),
                    ("type", "alipay"),
                    ("name", "gift card 50"),
                ],
            ))
        })
        .collect()
}

async fn connect(addr: SocketAddr) -> Option<SendRequest<Full<Bytes>>> {
    let s = tokio::net::TcpStream::connect(addr).await.ok()?;
    s.set_nodelay(true).ok()?;
    let (send, conn) = hyper::client::conn::http1::handshake(TokioIo::new(s))
        .await
        .ok()?;
    tokio::spawn(conn);
    Some(send)
}

/// Posts one callback; `true` only for `200` with body `success`.
async fn post(send: &mut SendRequest<Full<Bytes>>, body: Bytes) -> Result<bool, hyper::Error> {
    let req = http::Request::post(PATH)
        .header(http::header::HOST, "127.0.0.1")
        .header(http::header::CONTENT_TYPE, FORM)
        .body(Full::new(body))
        .expect("static request parts");
    let resp = send.send_request(req).await?;
    let ok = resp.status() == 200;
    let body = resp.into_body().collect().await?.to_bytes();
    Ok(ok && &body[..] == b"success")
}

/// One keep-alive connection taking callbacks from the shared cursor until they or the
/// time run out; returns the latencies of accepted ones and the number of failures. A
/// closed connection is reopened; a request lost with it counts as a failure.
async fn client(
    addr: SocketAddr,
    all: Arc<Vec<Bytes>>,
    next: Arc<AtomicUsize>,
    end: Instant,
) -> (Vec<Duration>, u64) {
    let (mut lat, mut failed) = (Vec::new(), 0);
    'conn: while Instant::now() < end {
        let Some(mut send) = connect(addr).await else {
            return (lat, failed + 1);
        };
        while send.ready().await.is_ok() {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= all.len() || Instant::now() >= end {
                return (lat, failed);
            }
            let t = Instant::now();
            match post(&mut send, all[i].clone()).await {
                Ok(true) => lat.push(t.elapsed()),
                Ok(false) => failed += 1,
                Err(_) => {
                    failed += 1;
                    continue 'conn;
                }
            }
        }
    }
    (lat, failed)
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    sorted
        .get(((sorted.len().max(1) - 1) as f64 * p).round() as usize)
        .copied()
        .unwrap_or_default()
}

/// GET on the admin API with the token; status 0 when it does not answer.
async fn admin(http: &reqwest::Client, admin: SocketAddr, path: &str) -> (u16, String) {
    match http
        .get(format!("http://{admin}{path}"))
        .bearer_auth(TOKEN)
        .send()
        .await
    {
        Ok(r) => (r.status().as_u16(), r.text().await.unwrap_or_default()),
        Err(_) => (0, String::new()),
    }
}

/// Stops riskgate with SIGINT (pingora's fast shutdown), killing it after 5 s: pingora 0.9
/// sometimes spins in its accept loop after SIGINT instead of exiting (see BENCHMARKS.md).
fn stop(mut child: Child) {
    if !stop::stop_child(&mut child) {
        eprintln!("       riskgate did not exit within 5 s of SIGINT; killed");
    }
}

/// Starts riskgate on a fresh spool in `dir`, delivering to `ful`; returns the child and its
/// proxy and admin addresses once `/readyz` answers 200 and the proxy port accepts.
async fn start(dir: &Path, ful: SocketAddr, http: &reqwest::Client) -> Option<Running> {
    let (listen, admin_addr) = (free_addr(), free_addr());
    let config = CONFIG
        .replace("{listen}", &listen.to_string())
        .replace("{admin}", &admin_addr.to_string())
        .replace("{ful}", &ful.to_string())
        .replace("{dir}", &dir.display().to_string());
    std::fs::write(dir.join("riskgate.toml"), config).expect("write config");
    let stderr = std::fs::File::create(dir.join("riskgate.log")).expect("log file");
    let child = Command::new(env!("CARGO_BIN_EXE_riskgate"))
        .args(["run", "--config"])
        .arg(dir.join("riskgate.toml"))
        .env("RISKGATE_ADMIN_TOKEN", TOKEN)
        .env("RG_BENCH_EPAY_KEY", KEY)
        .env_remove("RUST_LOG")
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .expect("spawn riskgate");
    let ready_by = Instant::now() + Duration::from_secs(20);
    while admin(http, admin_addr, "/readyz").await.0 != 200
        || tokio::net::TcpStream::connect(listen).await.is_err()
    {
        if Instant::now() > ready_by {
            let log = std::fs::read_to_string(dir.join("riskgate.log")).unwrap_or_default();
            eprintln!("riskgate did not become ready in 20 s; log:\n{log}");
            stop(child);
            return None;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    Some((child, listen, admin_addr))
}

/// One measured run with `conns` connections; returns whether riskgate's count matched.
async fn run(round: usize, conns: usize, http: &reqwest::Client) -> bool {
    let dir = tempfile::tempdir().expect("tempdir");
    let ful = upstream()
        .route("/fulfill", 200, r#"{"delivered":true}"#)
        .spawn()
        .await
        .expect("fulfillment stand-in");
    let Some((child, listen, admin_addr)) = start(dir.path(), ful.addr(), http).await else {
        return false;
    };
    let all = Arc::new(bodies(round, COUNT));
    let next = Arc::new(AtomicUsize::new(0));
    let (t0, end) = (Instant::now(), Instant::now() + MAX_TIME);
    let tasks: Vec<_> = (0..conns)
        .map(|_| tokio::spawn(client(listen, all.clone(), next.clone(), end)))
        .collect();
    let (mut lat, mut failed) = (Vec::with_capacity(COUNT), 0);
    for t in tasks {
        let (l, f) = t.await.expect("client task");
        lat.extend(l);
        failed += f;
    }
    let secs = t0.elapsed().as_secs_f64();
    lat.sort_unstable();
    let ok = lat.len();
    let (p50, p99, max) = (pct(&lat, 0.5), pct(&lat, 0.99), pct(&lat, 1.0));
    println!(
        "C={conns:<4} accepted {ok:>6} in {secs:>5.2} s = {:>7.0}/s  failed {failed:<4} \
         p50 {p50:>9.2?}  p99 {p99:>9.2?}  max {max:>9.2?}",
        ok as f64 / secs
    );

    // The proxy's own count must match what the client saw acknowledged.
    let (_, scrape) = admin(http, admin_addr, "/metrics").await;
    let series =
        "riskgate_callbacks_received_total{channel=\"epay\",dialect=\"epay\",outcome=\"accepted\"}";
    let accepted: f64 = scrape
        .lines()
        .find_map(|l| l.strip_prefix(series)?.trim().parse().ok())
        .unwrap_or(-1.0);
    let spool: serde_json::Value = serde_json::from_str(
        &admin(http, admin_addr, "/callbacks?state=pending&limit=1")
            .await
            .1,
    )
    .unwrap_or_default();
    println!(
        "       riskgate: accepted {accepted}, spool pending {} dead {}, fulfillment received {}",
        spool["pending"],
        spool["dead"],
        ful.log.count()
    );
    stop(child);
    drop(ful);
    let matches = accepted == ok as f64 && spool["dead"] == 0;
    if !matches {
        eprintln!("MISMATCH: client saw {ok} acknowledged, riskgate counts {accepted} accepted");
    }
    matches
}

fn main() {
    let bin = env!("CARGO_BIN_EXE_riskgate");
    if !Path::new(bin).exists() {
        eprintln!("{bin} is missing: run `cargo build --release` first");
        std::process::exit(2);
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    let http = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(5))
        .build()
        .expect("admin client");
    println!(
        "callbacks accepted end to end ({COUNT} or {} s per run, threads = 2)",
        MAX_TIME.as_secs()
    );
    let all_ok = CONNS
        .iter()
        .enumerate()
        .fold(true, |ok, (i, &c)| rt.block_on(run(i, c, &http)) && ok);
    if !all_ok {
        std::process::exit(1);
    }
}
