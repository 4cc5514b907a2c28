//! Worker behaviour with a scripted fake deliverer on real spool files: exactly-once outcome
//! per record despite failures, backoff between attempts, dead letters (permanent, max age),
//! requeue, resumption after reopen, attempt timeouts and graceful shutdown.
//!
//! Waits are on hook and call events through channels (guarded by a generous timeout so a
//! regression fails instead of hanging); schedules are milliseconds.

use super::tests::{cb, open};
use super::*;
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use tokio::sync::{mpsc, Semaphore};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ev {
    Delivered(u64),
    Retried(u64),
    Dead(u64),
}

struct Events(mpsc::UnboundedSender<Ev>);

impl WorkerHooks for Events {
    fn delivered(&self, rec: &Record, _latency: Duration) {
        let _ = self.0.send(Ev::Delivered(rec.id));
    }
    fn retried(&self, rec: &Record) {
        let _ = self.0.send(Ev::Retried(rec.id));
    }
    fn dead(&self, rec: &Record) {
        let _ = self.0.send(Ev::Dead(rec.id));
    }
}

/// One scripted answer of the fake deliverer.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Answer(DeliveryOutcome),
    Hang,
    Panic,
}

/// Per txn id: the steps to play in order, then `Delivered` for ever.
type Script = HashMap<String, VecDeque<Step>>;

fn retry(reason: &str) -> Step {
    Step::Answer(DeliveryOutcome::Retry(reason.into()))
}

struct Fake {
    script: Mutex<Script>,
    calls: Mutex<Vec<(u64, u64, Step)>>,
    inflight: Mutex<HashSet<u64>>,
    max_inflight: AtomicUsize,
    overlapped: AtomicUsize,
    clock: Arc<dyn Clock>,
    gate: Option<Arc<Semaphore>>,
    started: mpsc::UnboundedSender<u64>,
}

#[async_trait::async_trait]
impl Deliver for Fake {
    async fn deliver(&self, rec: &Record) -> DeliveryOutcome {
        let outcome = {
            let mut s = self.script.lock().unwrap();
            let next = s.get_mut(&rec.txn_id).and_then(VecDeque::pop_front);
            next.unwrap_or(Step::Answer(DeliveryOutcome::Delivered))
        };
        {
            let mut f = self.inflight.lock().unwrap();
            if !f.insert(rec.id) {
                self.overlapped.fetch_add(1, Ordering::SeqCst);
            }
            self.max_inflight.fetch_max(f.len(), Ordering::SeqCst);
        }
        let now = self.clock.now_ms();
        self.calls
            .lock()
            .unwrap()
            .push((rec.id, now, outcome.clone()));
        let _ = self.started.send(rec.id);
        if let Some(gate) = &self.gate {
            let _permit = gate.acquire().await;
        }
        self.inflight.lock().unwrap().remove(&rec.id);
        match outcome {
            Step::Answer(o) => o,
            Step::Hang => std::future::pending().await,
            Step::Panic => panic!("scripted deliverer panic"),
        }
    }
}

impl Fake {
    fn calls_for(&self, id: u64) -> Vec<(u64, Step)> {
        let calls = self.calls.lock().unwrap();
        calls
            .iter()
            .filter(|c| c.0 == id)
            .map(|c| (c.1, c.2.clone()))
            .collect()
    }
}

struct Harness {
    clock: Arc<dyn Clock>,
    fake: Arc<Fake>,
    events: mpsc::UnboundedReceiver<Ev>,
    started: mpsc::UnboundedReceiver<u64>,
    worker: WorkerHandle,
}

fn policy(steps_ms: &[u64], max_age_ms: u64) -> RetryPolicy {
    let steps = steps_ms.iter().map(|&m| Duration::from_millis(m)).collect();
    RetryPolicy::new(steps, 0.2, Duration::from_millis(max_age_ms)).unwrap()
}

fn start(
    spool: &Spool,
    script: Script,
    policy: RetryPolicy,
    gate: Option<Arc<Semaphore>>,
) -> Harness {
    let clock: Arc<dyn Clock> = Arc::new(TokioClock::starting_at(1_000_000));
    let (started_tx, started) = mpsc::unbounded_channel();
    let fake = Arc::new(Fake {
        script: Mutex::new(script),
        calls: Mutex::default(),
        inflight: Mutex::default(),
        max_inflight: AtomicUsize::new(0),
        overlapped: AtomicUsize::new(0),
        clock: clock.clone(),
        gate,
        started: started_tx,
    });
    let (tx, events) = mpsc::unbounded_channel();
    let mut opts = WorkerOptions::new(policy);
    opts.concurrency = std::num::NonZeroUsize::new(4).unwrap();
    opts.attempt_timeout = Duration::from_millis(50);
    opts.clock = clock.clone();
    let worker = spawn_worker(spool.clone(), fake.clone(), opts, Arc::new(Events(tx)));
    Harness {
        clock,
        fake,
        events,
        started,
        worker,
    }
}

async fn next<T>(rx: &mut mpsc::UnboundedReceiver<T>) -> T {
    tokio::time::timeout(Duration::from_secs(20), rx.recv())
        .await
        .expect("event within 20 s")
        .expect("channel open")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delivers_each_record_once_after_scripted_failures_with_backoff() {
    let dir = tempfile::tempdir().unwrap();
    let spool = open(&dir);
    let steps = [20, 40];
    let mut script = Script::new();
    for i in 0..12 {
        let fails = (0..i % 4).map(|n| retry(&format!("503 #{n}")));
        script.insert(format!("t{i}"), fails.collect());
    }
    let mut h = start(&spool, script, policy(&steps, 3_600_000), None);
    // Accepted after the worker started: it must wake on the commit, not on a poll.
    for i in 0..12 {
        spool
            .accept(cb("alipay", &format!("t{i}"), h.clock.now_ms()))
            .await
            .unwrap();
    }
    let (mut delivered, mut retried) = (Vec::new(), 0);
    while delivered.len() < 12 {
        match next(&mut h.events).await {
            Ev::Delivered(id) => delivered.push(id),
            Ev::Retried(_) => retried += 1,
            Ev::Dead(id) => panic!("{id} died"),
        }
    }
    h.worker.shutdown().await;
    delivered.sort_unstable();
    assert_eq!(delivered, (1..=12).collect::<Vec<u64>>());
    assert_eq!(retried, (0..12).map(|i| i % 4).sum::<u64>());
    for id in 1..=12u64 {
        let calls = h.fake.calls_for(id);
        let fails = ((id - 1) % 4) as usize;
        assert_eq!(calls.len(), fails + 1, "record {id}");
        // Each retry waited at least the jittered lower bound of its step.
        for (n, pair) in calls.windows(2).enumerate() {
            let min_gap = steps[n.min(steps.len() - 1)] * 8 / 10;
            assert!(
                pair[1].0 - pair[0].0 >= min_gap,
                "record {id} retry {n}: {pair:?}"
            );
        }
        let rec = spool.get(id).await.unwrap().unwrap();
        assert_eq!(
            (rec.state, rec.attempts),
            (State::Delivered, fails as u32 + 1)
        );
    }
    assert_eq!(
        h.fake.overlapped.load(Ordering::SeqCst),
        0,
        "same record in flight twice"
    );
    assert!(h.fake.max_inflight.load(Ordering::SeqCst) <= 4);
    assert_eq!(
        spool.depth(),
        Depth {
            pending: 0,
            dead: 0
        }
    );
}

#[tokio::test]
async fn permanent_refusal_is_dead_at_once_and_a_requeue_delivers_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let spool = open(&dir);
    let mut script = Script::new();
    let refusal = DeliveryOutcome::Permanent("400 unknown order".into());
    script.insert("t1".into(), VecDeque::from([Step::Answer(refusal)]));
    let mut h = start(&spool, script, policy(&[10], 3_600_000), None);
    spool
        .accept(cb("alipay", "t1", h.clock.now_ms()))
        .await
        .unwrap();
    assert_eq!(next(&mut h.events).await, Ev::Dead(1));
    let rec = spool.get(1).await.unwrap().unwrap();
    assert_eq!((rec.state, rec.attempts), (State::Dead, 1));
    assert_eq!(rec.last_error.as_deref(), Some("400 unknown order"));
    assert_eq!(
        spool.depth(),
        Depth {
            pending: 0,
            dead: 1
        }
    );

    assert!(spool.requeue(1, h.clock.now_ms()).await.unwrap());
    assert_eq!(next(&mut h.events).await, Ev::Delivered(1));
    h.worker.shutdown().await;
    assert!(h.events.try_recv().is_err(), "no further outcome");
    assert_eq!(h.fake.calls_for(1).len(), 2);
    let rec = spool.get(1).await.unwrap().unwrap();
    assert_eq!((rec.state, rec.attempts), (State::Delivered, 1));
}

#[tokio::test]
async fn keeps_retrying_until_max_age_then_moves_to_dead_letters() {
    let dir = tempfile::tempdir().unwrap();
    let spool = open(&dir);
    let always_503 = (0..1000).map(|_| retry("503"));
    let script = Script::from([("t1".to_string(), always_503.collect())]);
    // Real time: 1 s of 10 ms steps leaves room for at least three attempts even when
    // each redb commit takes tens of milliseconds on a loaded machine (60 ms did not, and
    // 250 ms gave one attempt at load average 14).
    const MAX_AGE_MS: u64 = 1000;
    let mut h = start(&spool, script, policy(&[10], MAX_AGE_MS), None);
    let received = h.clock.now_ms();
    spool.accept(cb("alipay", "t1", received)).await.unwrap();
    loop {
        match next(&mut h.events).await {
            Ev::Retried(1) => {}
            Ev::Dead(1) => break,
            other => panic!("{other:?}"),
        }
    }
    h.worker.shutdown().await;
    let calls = h.fake.calls_for(1);
    let rec = spool.get(1).await.unwrap().unwrap();
    assert_eq!(rec.state, State::Dead);
    assert_eq!(rec.attempts as usize, calls.len());
    assert!(calls.len() >= 3, "{} attempts", calls.len());
    assert!(rec.last_error.unwrap().starts_with("max age"));
    // The last attempt happened at (or after) the deadline, none was skipped before it.
    assert!(calls.last().unwrap().0 >= received + MAX_AGE_MS);
}

#[tokio::test]
async fn resumes_everything_pending_after_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    {
        let spool = open(&dir);
        for i in 0..5 {
            spool
                .accept(cb("alipay", &format!("t{i}"), 1))
                .await
                .unwrap();
        }
        // One was mid-backoff far in the future, one already delivered, one dead.
        spool.mark_retry(2, u64::MAX - 1, "503").await.unwrap();
        spool.mark_delivered(3, 2).await.unwrap();
        spool.mark_dead(4, "400").await.unwrap();
    }
    let spool = open(&dir);
    let mut h = start(&spool, Script::new(), policy(&[10], 3_600_000), None);
    let mut got = vec![
        next(&mut h.events).await,
        next(&mut h.events).await,
        next(&mut h.events).await,
    ];
    h.worker.shutdown().await;
    got.sort_unstable_by_key(|e| format!("{e:?}"));
    assert_eq!(
        got,
        vec![Ev::Delivered(1), Ev::Delivered(2), Ev::Delivered(5)]
    );
    assert!(h.fake.calls_for(3).is_empty() && h.fake.calls_for(4).is_empty());
    assert_eq!(
        spool.depth(),
        Depth {
            pending: 0,
            dead: 1
        }
    );
}

#[tokio::test]
async fn a_hung_or_panicking_attempt_counts_as_a_failure_and_is_retried() {
    let cases = [
        (Step::Hang, "no answer within 50 ms"),
        (Step::Panic, "deliverer failed: task"),
    ];
    for (step, error) in cases {
        let dir = tempfile::tempdir().unwrap();
        let spool = open(&dir);
        let script = Script::from([("t1".to_string(), VecDeque::from([step.clone()]))]);
        let mut h = start(&spool, script, policy(&[10], 3_600_000), None);
        let received = h.clock.now_ms();
        spool.accept(cb("alipay", "t1", received)).await.unwrap();
        assert_eq!(next(&mut h.events).await, Ev::Retried(1), "{step:?}");
        let rec = spool.get(1).await.unwrap().unwrap();
        let last = rec.last_error.unwrap_or_default();
        assert!(last.starts_with(error), "{step:?}: {last}");
        assert_eq!(next(&mut h.events).await, Ev::Delivered(1), "{step:?}");
        h.worker.shutdown().await;
        assert_eq!(h.fake.calls_for(1).len(), 2, "{step:?}");
    }
}

#[tokio::test]
async fn shutdown_waits_for_the_attempt_in_flight_and_records_it() {
    let dir = tempfile::tempdir().unwrap();
    let spool = open(&dir);
    let gate = Arc::new(Semaphore::new(0));
    let mut h = start(
        &spool,
        Script::new(),
        policy(&[10], 3_600_000),
        Some(gate.clone()),
    );
    spool
        .accept(cb("alipay", "t1", h.clock.now_ms()))
        .await
        .unwrap();
    assert_eq!(next(&mut h.started).await, 1);
    let stopping = tokio::spawn(h.worker.shutdown());
    gate.add_permits(1);
    stopping.await.unwrap();
    assert_eq!(spool.get(1).await.unwrap().unwrap().state, State::Delivered);
    // Stopped: a new callback stays pending.
    spool
        .accept(cb("alipay", "t2", h.clock.now_ms()))
        .await
        .unwrap();
    assert_eq!(spool.depth().pending, 1);
    assert!(h.fake.calls_for(2).is_empty());
}
