//! Where the fleet round trip goes: one order's `EVALSHA` (captured from a real riskgate
//! with `redis-cli MONITOR`) sent at a fixed rate through three client paths, taking
//! turns in the same run so they see the same machine:
//!
//! - `same`: a redis-rs multiplexed connection made on this thread's runtime (its driver
//!   task runs on the thread that sends: the floor for the redis crate);
//! - `cross`: the same, but made on another thread's runtime, as riskgate did when the
//!   housekeeping thread's list journal poll opened the shared connection first (every
//!   command then wakes that thread, and the answer wakes this one);
//! - `state`: riskgate's own `RedisState::guarded` (ConnectionManager, timeout, breaker),
//!   first used from this thread.
//!
//! Also prints Redis' own time per `EVALSHA` (`INFO commandstats`) over the run.
//!
//! Run by hand (loopback only): start `redis-server --port P`, capture one order's
//! `EVALSHA` line from `redis-cli -p P MONITOR` into a file (riskgate has then cached the
//! script in that server), then
//! `cargo bench --bench redis_rtt -- 127.0.0.1:P FILE [RATE] [SECONDS]`.

use redis::aio::MultiplexedConnection;
use riskgate::state::{RedisSettings, RedisState};
use std::time::{Duration, Instant};

/// The quoted arguments of one `MONITOR` line (`"EVALSHA" "sha" "22" ...`).
fn monitor_args(line: &str) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut cur: Option<Vec<u8>> = None;
    let mut bytes = line.bytes();
    while let Some(b) = bytes.next() {
        match (&mut cur, b) {
            (None, b'"') => cur = Some(Vec::new()),
            (None, _) => {}
            (Some(_), b'"') => out.extend(cur.take()),
            (Some(c), b'\\') => match bytes.next() {
                Some(b'x') => {
                    let hex: String = bytes.by_ref().take(2).map(char::from).collect();
                    c.push(u8::from_str_radix(&hex, 16).unwrap_or(b'?'));
                }
                Some(b'n') => c.push(b'\n'),
                Some(b'r') => c.push(b'\r'),
                Some(b't') => c.push(b'\t'),
                Some(o) => c.push(o),
                None => {}
            },
            (Some(c), _) => c.push(b),
        }
    }
    out
}

fn cmd(args: &[Vec<u8>]) -> redis::Cmd {
    let mut c = redis::cmd(std::str::from_utf8(&args[0]).unwrap_or("EVALSHA"));
    for a in &args[1..] {
        c.arg(&a[..]);
    }
    c
}

fn stats(name: &str, v: &mut [u64]) {
    v.sort_unstable();
    let p = |q: f64| v[((v.len() as f64 * q) as usize).min(v.len() - 1)];
    let mean = v.iter().sum::<u64>() as f64 / v.len() as f64;
    println!(
        "{name:6} n={:<6} mean {mean:6.0} µs  p50 {:5} µs  p90 {:5} µs  p99 {:5} µs  p99.9 {:5} µs",
        v.len(),
        p(0.5),
        p(0.9),
        p(0.99),
        p(0.999)
    );
}

async fn evalsha_stats(c: &mut MultiplexedConnection) -> (u64, u64) {
    let info: String = redis::cmd("INFO")
        .arg("commandstats")
        .query_async(c)
        .await
        .unwrap_or_default();
    let line = info
        .lines()
        .find(|l| l.starts_with("cmdstat_evalsha:"))
        .unwrap_or("");
    let field = |k: &str| {
        line.split([':', ',']).find_map(|kv| {
            kv.strip_prefix(k)
                .and_then(|v| v.strip_prefix('='))
                .and_then(|v| v.parse::<u64>().ok())
        })
    };
    (field("calls").unwrap_or(0), field("usec").unwrap_or(0))
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let (Some(addr), Some(file)) = (args.first(), args.get(1)) else {
        eprintln!("usage: redis_rtt 127.0.0.1:PORT MONITOR_LINE_FILE [RATE] [SECONDS]");
        std::process::exit(2);
    };
    let rate: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(500);
    let secs: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(15);
    let text = std::fs::read_to_string(file).expect("monitor line file");
    let line = text
        .lines()
        .find(|l| l.contains("\"EVALSHA\"") || l.contains("\"evalsha\""))
        .expect("an EVALSHA line in the file");
    let argv = monitor_args(line);
    let url = format!("redis://{addr}");
    let client = redis::Client::open(url.as_str()).expect("redis url");

    // The `cross` connection: made on another thread's runtime, which stays alive (idle,
    // like riskgate's housekeeping thread between its polls).
    let (tx, rx) = std::sync::mpsc::channel();
    let other = client.clone();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let c = other
                .get_multiplexed_async_connection()
                .await
                .expect("connect");
            let _ = tx.send(c);
            std::future::pending::<()>().await;
        });
    });
    let mut cross = rx.recv().expect("cross connection");

    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async move {
        let mut same = client
            .get_multiplexed_async_connection()
            .await
            .expect("connect");
        let state = RedisState::new(&RedisSettings {
            nodes: vec![url.clone()],
            cluster: false,
            key_prefix: "rg:".into(),
            timeout: Duration::from_millis(100),
            breaker_failures: 1000,
            breaker_backoff: Duration::from_secs(1),
        })
        .expect("state");
        let c = cmd(&argv);
        // Warm every path (the script is cached by the riskgate the line came from).
        for _ in 0..100 {
            let _: redis::Value = c.query_async(&mut same).await.expect("same");
            let _: redis::Value = c.query_async(&mut cross).await.expect("cross");
            let _: redis::Value = state.guarded(c.clone(), 0).await.expect("state");
        }
        let before = evalsha_stats(&mut same).await;
        let mut lat: [Vec<u64>; 3] = Default::default();
        let mut tick = tokio::time::interval(Duration::from_micros(1_000_000 / rate.max(1)));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let end = Instant::now() + Duration::from_secs(secs);
        let mut i = 0usize;
        while Instant::now() < end {
            tick.tick().await;
            let t = Instant::now();
            let ok = match i % 3 {
                0 => c.query_async::<redis::Value>(&mut same).await.is_ok(),
                1 => c.query_async::<redis::Value>(&mut cross).await.is_ok(),
                _ => state.guarded::<redis::Value>(c.clone(), 0).await.is_ok(),
            };
            if ok {
                lat[i % 3].push(t.elapsed().as_micros() as u64);
            }
            i += 1;
        }
        let after = evalsha_stats(&mut same).await;
        println!(
            "EVALSHA of {} keys, {} req/s, {} s, load average {}",
            String::from_utf8_lossy(&argv[2]),
            rate,
            secs,
            std::fs::read_to_string("/proc/loadavg")
                .unwrap_or_default()
                .trim()
        );
        for (name, v) in ["same", "cross", "state"].iter().zip(lat.iter_mut()) {
            if !v.is_empty() {
                stats(name, v);
            }
        }
        let calls = after.0.saturating_sub(before.0).max(1);
        println!(
            "redis-side EVALSHA: {} calls, {:.1} µs per call (INFO commandstats)",
            calls,
            after.1.saturating_sub(before.1) as f64 / calls as f64
        );
    });
}
