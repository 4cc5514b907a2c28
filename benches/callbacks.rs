//! Callback spool throughput: how many verified callbacks per second are durably spooled (group
//! commit, fsync per batch) and so may be acknowledged, with the accept latency a provider's
//! notification sees; then how fast a no-op deliverer drains the backlog.
//!
//! A plain `main` (harness = false) rather than criterion: the quantity is a throughput under
//! concurrency on a real file, not a per-call time. Run: `cargo bench --bench callbacks`.
//! The spool file lives in a temp dir (`SPOOL_BENCH_DIR` overrides where), on this disk.

use riskgate::callbacks::spool::{
    spawn_worker, Deliver, DeliveryOutcome, NewCallback, Record, RetryPolicy, Spool, SpoolOptions,
    WorkerHooks, WorkerOptions,
};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Each scenario stops at this many accepts or after `MAX_TIME`, whichever comes first.
const MAX_TIME: Duration = Duration::from_secs(5);

fn callback(task: usize, i: u64) -> NewCallback {
    let txn = format!("2026112822{task:03}{i:09}");
    NewCallback {
        channel: "alipay".into(),
        normalized: format!(
            r#"{{"channel":"alipay","txn_id":"{txn}","order_id":"o-{i}","status":"paid","amount":"19.90","currency":"CNY"}}"#
        )
        .into(),
        original: format!(
            "gmt_create=2026-11-28+12%3A00%3A00&charset=utf-8&seller_email=shop%40example.com&subject=card&sign=\
             {}&buyer_id=2088102177846880&invoice_amount=19.90&notify_id=2026112800222&fund_bill_list=\
             %5B%7B%22amount%22%3A%2219.90%22%7D%5D&notify_type=trade_status_sync&trade_status=TRADE_SUCCESS\
             &receipt_amount=19.90&app_id=2016080600180695&out_trade_no=o-{i}&trade_no={txn}",
            "A".repeat(344)
        )
        .into(),
        content_type: "application/x-www-form-urlencoded".into(),
        order_id: format!("o-{i}"),
        status: "paid".into(),
        received_ms: unix_ms(),
        txn_id: txn,
    }
}

fn unix_ms() -> u64 {
    let now = SystemTime::now().duration_since(UNIX_EPOCH);
    now.map_or(0, |d| d.as_millis() as u64)
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

async fn accept_scenario(spool: &Spool, tasks: usize, target: u64) -> u64 {
    let done = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let mut set = tokio::task::JoinSet::new();
    for task in 0..tasks {
        let (spool, done) = (spool.clone(), done.clone());
        set.spawn(async move {
            let mut lat = Vec::new();
            let mut i = 0u64;
            while done.load(Ordering::Relaxed) < target && start.elapsed() < MAX_TIME {
                let cb = callback(task, i);
                let t = Instant::now();
                spool.accept(cb).await.expect("accept");
                lat.push(t.elapsed());
                done.fetch_add(1, Ordering::Relaxed);
                i += 1;
            }
            lat
        });
    }
    let mut lat = Vec::new();
    while let Some(r) = set.join_next().await {
        lat.extend(r.expect("task"));
    }
    let elapsed = start.elapsed();
    lat.sort_unstable();
    let n = lat.len() as u64;
    println!(
        "accept  {tasks:>3} tasks: {n:>6} accepts in {:>5.2} s = {:>7.0} accepts/s   latency p50 {:>6.2} ms  p99 {:>6.2} ms  max {:>6.2} ms",
        elapsed.as_secs_f64(),
        n as f64 / elapsed.as_secs_f64(),
        pct(&lat, 0.50).as_secs_f64() * 1e3,
        pct(&lat, 0.99).as_secs_f64() * 1e3,
        pct(&lat, 1.0).as_secs_f64() * 1e3,
    );
    n
}

struct Sink;

#[async_trait::async_trait]
impl Deliver for Sink {
    async fn deliver(&self, _rec: &Record) -> DeliveryOutcome {
        DeliveryOutcome::Delivered
    }
}

struct Count {
    n: AtomicU64,
    target: u64,
    all: tokio::sync::Notify,
}

impl WorkerHooks for Count {
    fn delivered(&self, _rec: &Record, _latency: Duration) {
        if self.n.fetch_add(1, Ordering::Relaxed) + 1 == self.target {
            self.all.notify_one();
        }
    }
}

async fn drain_scenario(spool: &Spool, backlog: u64) {
    let hooks = Arc::new(Count {
        n: AtomicU64::new(0),
        target: backlog,
        all: tokio::sync::Notify::new(),
    });
    let mut opts = WorkerOptions::new(RetryPolicy::default());
    opts.concurrency = std::num::NonZeroUsize::new(64).expect("64 is not zero");
    let start = Instant::now();
    let worker = spawn_worker(spool.clone(), Arc::new(Sink), opts, hooks.clone());
    let finished = tokio::time::timeout(Duration::from_secs(120), hooks.all.notified()).await;
    let elapsed = start.elapsed();
    worker.shutdown().await;
    let n = hooks.n.load(Ordering::Relaxed);
    println!(
        "deliver 64 in flight, no-op upstream: {n:>6} of {backlog} delivered in {:>5.2} s = {:>7.0} deliveries/s{}",
        elapsed.as_secs_f64(),
        n as f64 / elapsed.as_secs_f64(),
        if finished.is_err() { " (timed out)" } else { "" }
    );
}

fn main() {
    let dir = match std::env::var_os("SPOOL_BENCH_DIR") {
        Some(d) => tempfile::tempdir_in(d),
        None => tempfile::tempdir(),
    }
    .expect("temp dir");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    println!(
        "spool file in {} (fsync per group commit)",
        dir.path().display()
    );
    rt.block_on(async {
        let mut total = 0;
        for (i, &(tasks, target)) in [(1usize, 2_000u64), (64, 50_000), (256, 50_000)]
            .iter()
            .enumerate()
        {
            let path = dir.path().join(format!("bench-{i}.redb"));
            let spool = Spool::open(SpoolOptions::new(path)).expect("open spool");
            let n = accept_scenario(&spool, tasks, target).await;
            if tasks == 64 {
                total = n;
                drain_scenario(&spool, total).await;
            }
        }
        assert!(total > 0, "no accepts measured");
    });
}
