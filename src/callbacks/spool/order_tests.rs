//! Status order and fingerprints against real redb files: a later status is a new event, a
//! repeat a duplicate, an older one stale; fingerprints outlive their records and expire on
//! their own horizon; a file from before fingerprints opens migrated.
//!
//! Times are explicit `now_ms` values; nothing here sleeps.

use super::tests::{cb, open};
use super::*;

#[tokio::test]
async fn fingerprints_expire_after_their_own_retention_but_never_before_their_record() {
    let dir = tempfile::tempdir().unwrap();
    let spool = open(&dir);
    spool.accept(cb("epay", "gone", 1_000)).await.unwrap();
    spool.accept(cb("epay", "kept", 1_000)).await.unwrap();
    spool.mark_delivered(1, 2_000).await.unwrap();
    spool.purge_delivered(3_000).await.unwrap();
    // Both fingerprints are old enough; only the one whose record is gone may go.
    assert_eq!(spool.purge_fingerprints(5_000, 9_000).await.unwrap(), 2);
    assert_eq!(
        spool.accept(cb("epay", "gone", 9_500)).await.unwrap(),
        Accepted::Stored { id: 3 }
    );
    assert_eq!(
        spool.accept(cb("epay", "kept", 9_500)).await.unwrap(),
        Accepted::Duplicate { id: 2 }
    );
    // The kept one was re-dated to 9_000, so the same cutoff does not look at it again.
    assert_eq!(spool.purge_fingerprints(5_000, 9_000).await.unwrap(), 0);
}

fn with_status(channel: &str, txn: &str, status: &str, at: u64) -> NewCallback {
    NewCallback {
        status: status.into(),
        ..cb(channel, txn, at)
    }
}

#[tokio::test]
async fn a_later_status_is_a_new_event_a_repeat_a_duplicate_and_an_older_one_stale() {
    let dir = tempfile::tempdir().unwrap();
    let spool = open(&dir);
    let accept = |status: &'static str, at: u64| spool.accept(with_status("beta", "T", status, at));
    assert_eq!(
        accept("pending", 1).await.unwrap(),
        Accepted::Stored { id: 1 }
    );
    assert_eq!(
        accept("pending", 2).await.unwrap(),
        Accepted::Duplicate { id: 1 }
    );
    // processing → succeeded: the paid event is delivered, with its own idempotency key.
    assert_eq!(accept("paid", 3).await.unwrap(), Accepted::Stored { id: 2 });
    assert_eq!(
        accept("paid", 4).await.unwrap(),
        Accepted::Duplicate { id: 2 }
    );
    // A failure reported after the payment would move the order backwards: recorded only.
    assert_eq!(
        accept("failed", 5).await.unwrap(),
        Accepted::Stale { newer: 2 }
    );
    assert_eq!(
        accept("failed", 6).await.unwrap(),
        Accepted::Duplicate { id: 2 }
    );
    assert_eq!(
        accept("refunded", 7).await.unwrap(),
        Accepted::Stored { id: 3 }
    );
    assert_eq!(
        accept("paid", 8).await.unwrap(),
        Accepted::Duplicate { id: 2 }
    );
    let due = spool.due(100, 10).await.unwrap();
    let keys: Vec<String> = due.iter().map(Record::idempotency_key).collect();
    assert_eq!(keys, ["beta:T:pending", "beta:T:paid", "beta:T:refunded"]);
    // closed → paid (epay TRADE_CLOSED then TRADE_SUCCESS): money beats no money.
    let closed = spool.accept(with_status("alpha", "E", "failed", 1)).await;
    let paid = spool.accept(with_status("alpha", "E", "paid", 2)).await;
    assert_eq!(
        (closed.unwrap(), paid.unwrap()),
        (Accepted::Stored { id: 4 }, Accepted::Stored { id: 5 })
    );
    // The rules survive a restart.
    drop(spool);
    let spool = open(&dir);
    assert_eq!(
        spool
            .accept(with_status("alpha", "E", "failed", 3))
            .await
            .unwrap(),
        Accepted::Duplicate { id: 4 }
    );
    assert_eq!(
        spool
            .accept(with_status("alpha", "E", "pending", 3))
            .await
            .unwrap(),
        Accepted::Stale { newer: 5 }
    );
}

#[tokio::test]
async fn a_spool_file_from_before_fingerprints_opens_migrated_and_keeps_its_keys() {
    use redb::{ReadableDatabase, ReadableTable, TableDefinition};
    const DEDUPE: TableDefinition<(&str, &str), u64> = TableDefinition::new("dedupe");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("spool").join("callbacks.redb");
    {
        let spool = open(&dir);
        spool.accept(cb("alipay", "old", 1)).await.unwrap();
    }
    // Rewrite the file the way the previous version left it: a (channel, txn) dedupe table,
    // no fingerprints, a v1 body.
    {
        let db = redb::Database::create(&path).unwrap();
        let txn = db.begin_write().unwrap();
        {
            let mut bodies = txn
                .open_table(TableDefinition::<u64, &[u8]>::new("bodies"))
                .unwrap();
            let mut body = bodies.get(1).unwrap().unwrap().value().to_vec();
            body[0] = 1;
            bodies.insert(1, body.as_slice()).unwrap();
            txn.delete_table(TableDefinition::<(&str, &str, u8), (u64, u64, u8)>::new(
                "fingerprints",
            ))
            .unwrap();
            txn.open_table(DEDUPE)
                .unwrap()
                .insert(("alipay", "old"), 1)
                .unwrap();
        }
        txn.commit().unwrap();
    }
    let spool = open(&dir);
    assert_eq!(
        spool.accept(cb("alipay", "old", 2)).await.unwrap(),
        Accepted::Duplicate { id: 1 }
    );
    // Stored before the upgrade: delivered under the key it may already have been posted with.
    assert_eq!(
        spool.get(1).await.unwrap().unwrap().idempotency_key(),
        "alipay:old"
    );
    assert_eq!(
        spool.accept(cb("alipay", "new", 2)).await.unwrap(),
        Accepted::Stored { id: 2 }
    );
    assert_eq!(
        spool.get(2).await.unwrap().unwrap().idempotency_key(),
        "alipay:new:paid"
    );
    drop(spool);
    let db = redb::Database::create(&path).unwrap();
    let read = db.begin_read().unwrap();
    assert!(read.open_table(DEDUPE).is_err(), "legacy table dropped");
}
