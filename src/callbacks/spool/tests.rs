//! Spool behaviour against real redb files in temp dirs: durability, dedupe, scheduling,
//! state transitions, listing, purging, and survival of a real `kill -9`.
//!
//! Times are explicit `now_ms` values; nothing here sleeps to wait for a condition.

use super::*;
use std::collections::HashSet;

pub(super) fn cb(channel: &str, txn: &str, received_ms: u64) -> NewCallback {
    NewCallback {
        channel: channel.into(),
        txn_id: txn.into(),
        order_id: format!("order-{txn}"),
        status: "paid".into(),
        received_ms,
        normalized: Bytes::from(format!(r#"{{"txn":"{txn}"}}"#)),
        original: Bytes::from(format!("trade_no={txn}&sign=x")),
        content_type: "application/x-www-form-urlencoded".into(),
    }
}

pub(super) fn open(dir: &tempfile::TempDir) -> Spool {
    Spool::open(SpoolOptions::new(
        dir.path().join("spool").join("callbacks.redb"),
    ))
    .unwrap()
}

fn ids(recs: &[Record]) -> Vec<u64> {
    recs.iter().map(|r| r.id).collect()
}

#[tokio::test]
async fn duplicate_notification_gets_the_first_id_and_is_not_scheduled() {
    let dir = tempfile::tempdir().unwrap();
    let spool = open(&dir);
    assert_eq!(
        spool.accept(cb("alipay", "t1", 100)).await.unwrap(),
        Accepted::Stored { id: 1 }
    );
    assert_eq!(
        spool.accept(cb("alipay", "t1", 900)).await.unwrap(),
        Accepted::Duplicate { id: 1 }
    );
    // Same txn id on another channel is another payment.
    assert_eq!(
        spool.accept(cb("wechat", "t1", 100)).await.unwrap(),
        Accepted::Stored { id: 2 }
    );
    assert_eq!(ids(&spool.due(10_000, 10).await.unwrap()), vec![1, 2]);
    assert_eq!(
        spool.depth(),
        Depth {
            pending: 2,
            dead: 0
        }
    );
}

#[tokio::test]
async fn refuses_callbacks_without_a_dedupe_key() {
    let dir = tempfile::tempdir().unwrap();
    let spool = open(&dir);
    for (c, field) in [(cb("", "t", 1), "channel"), (cb("alipay", "", 1), "txn_id")] {
        match spool.accept(c).await {
            Err(SpoolError::Invalid { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }
    assert_eq!(spool.depth().pending, 0);
}

#[tokio::test]
async fn reopen_keeps_records_states_dedupe_and_ids() {
    let dir = tempfile::tempdir().unwrap();
    {
        let spool = open(&dir);
        for (i, t) in ["a", "b", "c"].iter().enumerate() {
            spool
                .accept(cb("alipay", t, 1000 + i as u64))
                .await
                .unwrap();
        }
        assert!(spool.mark_delivered(1, 5000).await.unwrap());
        assert!(spool.mark_dead(2, "400 unknown order").await.unwrap());
        assert!(spool.mark_retry(3, 90_000, "503").await.unwrap());
    }
    let spool = open(&dir);
    assert_eq!(
        spool.depth(),
        Depth {
            pending: 1,
            dead: 1
        }
    );
    let a = spool.get(1).await.unwrap().unwrap();
    assert_eq!(
        (a.state, a.delivered_ms, a.attempts),
        (State::Delivered, Some(5000), 1)
    );
    assert_eq!(&a.original[..], b"trade_no=a&sign=x");
    let b = spool.get(2).await.unwrap().unwrap();
    assert_eq!(
        (b.state, b.last_error.as_deref()),
        (State::Dead, Some("400 unknown order"))
    );
    // The retry was scheduled far ahead, but after a restart every pending record is due now.
    let c = spool.get(3).await.unwrap().unwrap();
    assert_eq!((c.state, c.next_at_ms, c.attempts), (State::Pending, 0, 1));
    assert_eq!(ids(&spool.due(0, 10).await.unwrap()), vec![3]);
    for t in ["a", "b", "c"] {
        assert!(matches!(
            spool.accept(cb("alipay", t, 1)).await.unwrap(),
            Accepted::Duplicate { .. }
        ));
    }
    assert_eq!(
        spool.accept(cb("alipay", "d", 1)).await.unwrap(),
        Accepted::Stored { id: 4 }
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_accepts_are_all_durable_and_distinct() {
    let dir = tempfile::tempdir().unwrap();
    let spool = open(&dir);
    let mut tasks = tokio::task::JoinSet::new();
    // 1,000 distinct callbacks from 50 tasks, each also repeating its first one.
    for task in 0..50u64 {
        let spool = spool.clone();
        tasks.spawn(async move {
            let mut out = Vec::new();
            for i in 0..20u64 {
                let txn = format!("t{task}-{i}");
                out.push((
                    txn.clone(),
                    spool.accept(cb("alipay", &txn, i)).await.unwrap(),
                ));
            }
            let again = spool
                .accept(cb("alipay", &format!("t{task}-0"), 0))
                .await
                .unwrap();
            assert_eq!(again, Accepted::Duplicate { id: out[0].1.id() });
            out
        });
    }
    let mut acked = Vec::new();
    while let Some(r) = tasks.join_next().await {
        acked.extend(r.unwrap());
    }
    assert!(acked
        .iter()
        .all(|(_, a)| matches!(a, Accepted::Stored { .. })));
    let distinct: HashSet<u64> = acked.iter().map(|(_, a)| a.id()).collect();
    assert_eq!(distinct.len(), 1000);
    drop(spool);
    let spool = open(&dir);
    assert_eq!(spool.depth().pending, 1000);
    for (txn, a) in &acked {
        let rec = spool.get(a.id()).await.unwrap().unwrap();
        assert_eq!(&rec.txn_id, txn);
    }
}

#[tokio::test]
async fn due_is_ordered_by_time_then_id_and_honours_now_limit() {
    let dir = tempfile::tempdir().unwrap();
    let spool = open(&dir);
    for (t, at) in [("a", 300), ("b", 100), ("c", 200), ("d", 100), ("e", 5000)] {
        spool.accept(cb("alipay", t, at)).await.unwrap();
    }
    let cases: [(u64, usize, Vec<u64>); 5] = [
        (99, 10, vec![]),
        (100, 10, vec![2, 4]),
        (250, 10, vec![2, 4, 3]),
        (10_000, 10, vec![2, 4, 3, 1, 5]),
        (10_000, 2, vec![2, 4]),
    ];
    for (now, limit, want) in cases {
        assert_eq!(
            ids(&spool.due(now, limit).await.unwrap()),
            want,
            "now {now}"
        );
    }
    assert_eq!(spool.next_due_after(250).await.unwrap(), Some(300));
    assert_eq!(spool.next_due_after(5000).await.unwrap(), None);
    assert_eq!(
        spool.due_skipping(10_000, 2, vec![2]).await.unwrap().len(),
        2
    );
    assert_eq!(
        ids(&spool.due_skipping(10_000, 2, vec![2]).await.unwrap()),
        vec![4, 3]
    );
}

#[tokio::test]
async fn retry_moves_the_record_later_and_keeps_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let spool = open(&dir);
    spool.accept(cb("alipay", "a", 100)).await.unwrap();
    assert!(spool
        .mark_retry(1, 2_000, "503 from fulfillment")
        .await
        .unwrap());
    assert!(spool.due(1_999, 10).await.unwrap().is_empty());
    assert_eq!(spool.next_due_after(1_999).await.unwrap(), Some(2_000));
    let rec = spool.due(2_000, 10).await.unwrap().remove(0);
    assert_eq!((rec.attempts, rec.next_at_ms), (1, 2_000));
    assert_eq!(rec.last_error.as_deref(), Some("503 from fulfillment"));
    assert!(spool.mark_retry(1, 3_000, &"x".repeat(5000)).await.unwrap());
    let rec = spool.get(1).await.unwrap().unwrap();
    assert_eq!(
        (rec.attempts, rec.last_error.map(|e| e.len())),
        (2, Some(1024))
    );
}

#[tokio::test]
async fn transitions_apply_only_from_the_expected_state() {
    let dir = tempfile::tempdir().unwrap();
    let spool = open(&dir);
    spool.accept(cb("alipay", "a", 1)).await.unwrap();
    spool.accept(cb("alipay", "b", 1)).await.unwrap();
    assert!(spool.mark_delivered(1, 10).await.unwrap());
    assert!(spool.mark_dead(2, "gone").await.unwrap());
    let refused = [
        spool.mark_delivered(1, 20).await.unwrap(),
        spool.mark_retry(1, 20, "late").await.unwrap(),
        spool.mark_dead(1, "late").await.unwrap(),
        spool.requeue(1, 20).await.unwrap(),
        spool.mark_delivered(2, 20).await.unwrap(),
        spool.mark_delivered(99, 20).await.unwrap(),
        spool.requeue(99, 20).await.unwrap(),
    ];
    assert_eq!(refused, [false; 7]);
    let a = spool.get(1).await.unwrap().unwrap();
    assert_eq!(
        (a.state, a.delivered_ms, a.attempts),
        (State::Delivered, Some(10), 1)
    );
    assert_eq!(spool.get(99).await.unwrap(), None);
    assert_eq!(
        spool.depth(),
        Depth {
            pending: 0,
            dead: 1
        }
    );
}

#[tokio::test]
async fn requeue_brings_a_dead_letter_back_with_attempts_reset() {
    let dir = tempfile::tempdir().unwrap();
    let spool = open(&dir);
    spool.accept(cb("alipay", "a", 1)).await.unwrap();
    spool.mark_retry(1, 5, "503").await.unwrap();
    spool.mark_dead(1, "400 bad").await.unwrap();
    assert!(spool.due(u64::MAX, 10).await.unwrap().is_empty());
    assert_eq!(
        spool.depth(),
        Depth {
            pending: 0,
            dead: 1
        }
    );
    assert!(spool.requeue(1, 7_000).await.unwrap());
    assert!(!spool.requeue(1, 7_000).await.unwrap());
    assert_eq!(
        spool.depth(),
        Depth {
            pending: 1,
            dead: 0
        }
    );
    let rec = spool.due(7_000, 10).await.unwrap().remove(0);
    assert_eq!(
        (rec.state, rec.attempts, rec.next_at_ms),
        (State::Pending, 0, 7_000)
    );
    // A fresh retry cycle: the maximum age now counts from the requeue.
    assert_eq!((rec.retry_since_ms, rec.received_ms), (7_000, 1));
    assert!(spool.mark_delivered(1, 7_100).await.unwrap());
    assert!(spool.due(u64::MAX, 10).await.unwrap().is_empty());
}

type ListCase = (Option<State>, Option<u64>, usize, Vec<u64>);

#[tokio::test]
async fn list_filters_by_state_newest_first_and_pages() {
    let dir = tempfile::tempdir().unwrap();
    let spool = open(&dir);
    for t in ["a", "b", "c", "d", "e"] {
        spool.accept(cb("alipay", t, 1)).await.unwrap();
    }
    for id in [1, 3, 4] {
        spool.mark_dead(id, "400").await.unwrap();
    }
    spool.mark_delivered(2, 9).await.unwrap();
    // (state, before_id, limit, expected ids)
    let cases: [ListCase; 6] = [
        (None, None, 10, vec![5, 4, 3, 2, 1]),
        (None, Some(3), 10, vec![2, 1]),
        (Some(State::Dead), None, 10, vec![4, 3, 1]),
        (Some(State::Dead), None, 2, vec![4, 3]),
        (Some(State::Dead), Some(3), 2, vec![1]),
        (Some(State::Pending), None, 10, vec![5]),
    ];
    for (state, before, limit, want) in cases {
        let got = spool.list(state, before, limit).await.unwrap();
        assert_eq!(ids(&got), want, "{state:?} {before:?} {limit}");
        assert!(state.is_none_or(|s| got.iter().all(|r| r.state == s)));
    }
}

#[tokio::test]
async fn purge_drops_only_delivered_records_past_retention_and_keeps_their_fingerprints() {
    let dir = tempfile::tempdir().unwrap();
    let spool = open(&dir);
    for t in ["old", "new", "dead", "pending"] {
        spool.accept(cb("alipay", t, 1)).await.unwrap();
    }
    spool.mark_delivered(1, 1_000).await.unwrap();
    spool.mark_delivered(2, 5_000).await.unwrap();
    spool.mark_dead(3, "400").await.unwrap();
    assert_eq!(spool.purge_delivered(5_000).await.unwrap(), 1);
    assert_eq!(spool.purge_delivered(5_000).await.unwrap(), 0);
    assert_eq!(spool.get(1).await.unwrap(), None);
    assert_eq!(
        ids(&spool.list(None, None, 10).await.unwrap()),
        vec![4, 3, 2]
    );
    // The record is gone, its fingerprint is not: a replay of the captured body is still a
    // duplicate (an epay body carries no time that could refuse it instead).
    for (t, id) in [("old", 1), ("new", 2), ("dead", 3), ("pending", 4)] {
        assert_eq!(
            spool.accept(cb("alipay", t, 1)).await.unwrap(),
            Accepted::Duplicate { id }
        );
    }
}

#[test]
fn record_serialises_bodies_as_text_and_names_its_idempotency_key() {
    let rec = Record {
        id: 7,
        channel: "wechat".into(),
        txn_id: "4200001".into(),
        order_id: "o-7".into(),
        status: "paid".into(),
        state: State::Dead,
        attempts: 3,
        received_ms: 1,
        next_at_ms: 2,
        retry_since_ms: 1,
        delivered_ms: None,
        last_error: Some("400".into()),
        normalized: Bytes::from_static(br#"{"a":1}"#),
        original: Bytes::from_static(b"<xml>\xff</xml>"),
        content_type: "text/xml".into(),
        legacy_key: false,
    };
    // Each status of a transaction is its own event for the fulfillment service.
    assert_eq!(rec.idempotency_key(), "wechat:4200001:paid");
    let old = Record {
        legacy_key: true,
        ..rec.clone()
    };
    assert_eq!(old.idempotency_key(), "wechat:4200001");
    let v = serde_json::to_value(&rec).unwrap();
    assert_eq!(v["state"], "dead");
    assert_eq!(v["normalized"], r#"{"a":1}"#);
    assert_eq!(v["original"], "<xml>\u{fffd}</xml>");
    assert_eq!(v["delivered_ms"], serde_json::Value::Null);
}

const CRASH_CHILD_ENV: &str = "RISKGATE_SPOOL_CRASH_CHILD_DIR";

/// Runs as the parent: starts this same test in a child process that accepts callbacks as fast
/// as it can and prints each acknowledged one, SIGKILLs it mid-stream, then checks that every
/// acknowledged callback is on disk, deduped, and due. As the child (env var set), it is the
/// accept loop and never returns normally.
#[test]
fn every_acknowledged_callback_survives_kill_9() {
    use std::io::{BufRead, BufReader};
    if let Ok(dir) = std::env::var(CRASH_CHILD_ENV) {
        return crash_child(&dir);
    }
    let dir = tempfile::tempdir().unwrap();
    let me = module_path!().split_once("::").map_or("", |(_, rest)| rest);
    let name = format!("{me}::every_acknowledged_callback_survives_kill_9");
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", &name, "--nocapture", "--test-threads", "1"])
        .env(CRASH_CHILD_ENV, dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut acked = Vec::new();
    // Kept open until after the kill, so the child cannot see a broken pipe and exit by itself.
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(rest) = line.strip_prefix("acked ") {
            let (id, txn) = rest.split_once(' ').unwrap();
            acked.push((id.parse::<u64>().unwrap(), txn.to_owned()));
            if acked.len() == 400 {
                break;
            }
        }
    }
    child.kill().unwrap(); // SIGKILL on unix: no destructors, no flush.
    child.wait().unwrap();
    drop(lines);
    assert_eq!(acked.len(), 400, "child stopped acknowledging early");
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(async {
        let spool = Spool::open(SpoolOptions::new(dir.path().join("crash.redb"))).unwrap();
        assert!(spool.depth().pending >= 400);
        for (id, txn) in &acked {
            let rec = spool.get(*id).await.unwrap().unwrap();
            assert_eq!(
                (&rec.txn_id, rec.state, rec.next_at_ms),
                (txn, State::Pending, 0)
            );
            let again = spool.accept(cb("alipay", txn, 1)).await.unwrap();
            assert_eq!(again, Accepted::Duplicate { id: *id });
        }
    });
}

fn crash_child(dir: &str) {
    use std::io::Write;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let spool = Spool::open(SpoolOptions::new(
            std::path::Path::new(dir).join("crash.redb"),
        ))
        .unwrap();
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        for task in 0..8u64 {
            let (spool, tx) = (spool.clone(), tx.clone());
            tokio::spawn(async move {
                for i in 0.. {
                    let txn = format!("k{task}-{i}");
                    let a = spool.accept(cb("alipay", &txn, 1)).await.unwrap();
                    let _ = tx.send((a.id(), txn));
                }
            });
        }
        let mut out = std::io::stdout().lock();
        let started = std::time::Instant::now();
        while let Some((id, txn)) = rx.recv().await {
            // Printed only after accept returned, i.e. after the commit: this is the "ack".
            let printed = writeln!(out, "acked {id} {txn}").and_then(|()| out.flush());
            // An orphaned child (parent gone, pipe closed) or a forgotten one stops by itself.
            if printed.is_err() || started.elapsed() > std::time::Duration::from_secs(60) {
                std::process::exit(1);
            }
        }
    });
}

/// The handle is shared between the proxy, the worker and the admin API.
const _: fn() = || {
    fn shareable<T: Send + Sync + Clone + 'static>() {}
    shareable::<Spool>();
};

#[tokio::test]
async fn an_accepted_paid_callback_clears_its_missing_entry_in_the_same_commit() {
    let dir = tempfile::tempdir().unwrap();
    let spool = open(&dir);
    for order in ["order-p", "order-q", "order-r"] {
        spool.missing_put(order, 50, b"entry".to_vec());
    }
    let stored = |spool: &Spool| -> Vec<String> {
        let mut ids: Vec<String> = spool
            .missing_entries_blocking()
            .unwrap()
            .into_iter()
            .map(|e| e.0)
            .collect();
        ids.sort();
        ids
    };
    // A pending status is not money: the entry stays.
    let pending = NewCallback {
        status: "pending".into(),
        ..cb("alipay", "q", 100)
    };
    assert!(spool.accept(pending).await.is_ok());
    assert_eq!(stored(&spool), ["order-p", "order-q", "order-r"]);
    // A paid one clears its order by the time it is acknowledged (no other write queued).
    spool.accept(cb("alipay", "p", 110)).await.unwrap();
    assert_eq!(stored(&spool), ["order-q", "order-r"]);
    // And stays cleared across a reopen, like the record itself.
    drop(spool);
    let spool = open(&dir);
    assert_eq!(stored(&spool), ["order-q", "order-r"]);
    // A repeat of a paid callback (duplicate) clears too: the first may have raced a crash.
    spool.missing_put("order-p", 60, b"entry".to_vec());
    assert_eq!(
        spool.accept(cb("alipay", "p", 120)).await.unwrap(),
        Accepted::Duplicate { id: 2 }
    );
    assert_eq!(stored(&spool), ["order-q", "order-r"]);
}
