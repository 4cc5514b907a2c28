//! The fleet backend's connections against a real `redis-server`: each thread that calls
//! Redis talks through a connection opened on its own runtime (pingora runs one
//! single-threaded runtime per thread), so a round trip never waits on another thread
//! waking up, and a runtime that ends takes only its own connection with it.

mod common;
mod fleet_support;

use fleet_support::RedisServer;
use riskgate::state::{RedisSettings, RedisState};
use std::sync::{mpsc, Arc};
use std::time::Duration;

fn state(redis: &RedisServer) -> Arc<RedisState> {
    Arc::new(
        RedisState::new(&RedisSettings {
            nodes: vec![redis.url()],
            cluster: false,
            key_prefix: "rg:".into(),
            // Generous: these tests judge which connection answers, never how fast.
            timeout: Duration::from_secs(5),
            breaker_failures: 100,
            breaker_backoff: Duration::from_secs(1),
        })
        .expect("state"),
    )
}

/// One PING through `state` from a fresh single-threaded runtime on this thread.
fn ping_here(state: &RedisState) -> Result<String, riskgate::state::StateFault> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(state.guarded::<String>(redis::cmd("PING"), 0))
}

fn connected_clients(redis: &RedisServer) -> u64 {
    let mut c = redis::Client::open(redis.url())
        .and_then(|c| c.get_connection())
        .expect("probe connection");
    let info: String = redis::cmd("INFO")
        .arg("clients")
        .query(&mut c)
        .expect("INFO");
    info.lines()
        .find_map(|l| l.strip_prefix("connected_clients:"))
        .and_then(|v| v.trim().parse().ok())
        .expect("connected_clients")
}

#[test]
fn a_runtime_that_ended_does_not_take_other_threads_connection_with_it() {
    let redis = RedisServer::start();
    let s = state(&redis);
    // The first caller (as the housekeeping thread's journal poll is in riskgate) opens a
    // connection on its runtime, then that runtime ends.
    let first = s.clone();
    let r = std::thread::spawn(move || ping_here(&first))
        .join()
        .expect("thread");
    assert_eq!(r.as_deref(), Ok("PONG"));
    // Another thread's first call is answered: it does not go through the dead driver.
    let second = s.clone();
    let r = std::thread::spawn(move || ping_here(&second))
        .join()
        .expect("thread");
    assert_eq!(r.as_deref(), Ok("PONG"));
}

#[test]
fn two_threads_calling_redis_hold_two_connections() {
    let redis = RedisServer::start();
    let s = state(&redis);
    let (done_tx, done_rx) = mpsc::channel::<()>();
    let done_rx = Arc::new(std::sync::Mutex::new(done_rx));
    let (pinged_tx, pinged_rx) = mpsc::channel();
    let threads: Vec<_> = (0..2)
        .map(|_| {
            let (s, pinged, done) = (s.clone(), pinged_tx.clone(), done_rx.clone());
            std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("runtime");
                let r = rt.block_on(s.guarded::<String>(redis::cmd("PING"), 0));
                pinged.send(r).expect("main waits");
                // Keep the runtime (and its connection) alive until the count is taken.
                let _ = done.lock().map(|rx| rx.recv());
            })
        })
        .collect();
    for _ in 0..2 {
        assert_eq!(pinged_rx.recv().expect("a ping").as_deref(), Ok("PONG"));
    }
    assert_eq!(s.connections(), 2);
    // Two connections of the backend and the probe's own.
    assert_eq!(connected_clients(&redis), 3);
    drop(done_tx);
    for t in threads {
        t.join().expect("thread");
    }
}
