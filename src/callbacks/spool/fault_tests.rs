//! A full disk, injected: a redb file backend that answers ENOSPC while a switch is on, the way
//! a real file system does: a write that needs new space (growing the file) fails, while
//! rewriting bytes the file already has, reading and fsync still work. Checks that the spool
//! fails only while the disk is full, names the OS error, says so for `/readyz`, and heals by
//! itself (redb refuses every write on a handle that once saw an I/O error).

use super::tests::cb;
use super::*;
use redb::backends::FileBackend;
use redb::{BackendError, StorageBackend};
use std::ops::Bound;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// ENOSPC ("No space left on device") on Linux and the BSDs.
const ENOSPC: i32 = 28;

#[derive(Debug)]
struct FullDisk {
    inner: FileBackend,
    full: Arc<AtomicBool>,
    refused: Arc<AtomicU64>,
}

impl FullDisk {
    /// Fails when the disk is full and `end` lies past the current end of the file.
    fn check(&self, end: u64) -> std::io::Result<()> {
        if self.full.load(Ordering::SeqCst) && end > self.inner.len()? {
            self.refused.fetch_add(1, Ordering::SeqCst);
            return Err(std::io::Error::from_raw_os_error(ENOSPC));
        }
        Ok(())
    }
}

impl StorageBackend for FullDisk {
    fn len(&self) -> std::io::Result<u64> {
        self.inner.len()
    }
    fn read(&self, offset: u64, out: &mut [u8]) -> std::io::Result<()> {
        self.inner.read(offset, out)
    }
    fn set_len(&self, len: u64) -> std::io::Result<()> {
        self.check(len)?;
        self.inner.set_len(len)
    }
    fn sync_data(&self) -> std::io::Result<()> {
        self.inner.sync_data()
    }
    fn write(&self, offset: u64, data: &[u8]) -> std::io::Result<()> {
        self.check(offset + data.len() as u64)?;
        self.inner.write(offset, data)
    }
    fn close(&self) -> std::io::Result<()> {
        self.inner.close()
    }
    fn try_lock_range(&self, s: Bound<u64>, e: Bound<u64>) -> Result<bool, BackendError> {
        self.inner.try_lock_range(s, e)
    }
    fn try_lock_shared_range(&self, s: Bound<u64>, e: Bound<u64>) -> Result<bool, BackendError> {
        self.inner.try_lock_shared_range(s, e)
    }
    fn lock_range(&self, s: Bound<u64>, e: Bound<u64>) -> Result<(), BackendError> {
        self.inner.lock_range(s, e)
    }
    fn lock_shared_range(&self, s: Bound<u64>, e: Bound<u64>) -> Result<(), BackendError> {
        self.inner.lock_shared_range(s, e)
    }
    fn unlock_range(&self, s: Bound<u64>, e: Bound<u64>) -> Result<(), BackendError> {
        self.inner.unlock_range(s, e)
    }
    fn query_lock_range(&self, s: Bound<u64>, e: Bound<u64>) -> Result<bool, BackendError> {
        self.inner.query_lock_range(s, e)
    }
}

struct Disk {
    full: Arc<AtomicBool>,
    refused: Arc<AtomicU64>,
}

/// Opens a spool whose file goes through [`FullDisk`]; the returned switch fills the disk.
/// A callback too big to fit in the space the file already has.
fn big(txn: &str, at: u64) -> NewCallback {
    NewCallback {
        normalized: Bytes::from(vec![b'x'; 8 << 20]),
        ..cb("alipay", txn, at)
    }
}

fn open_faulty(dir: &tempfile::TempDir) -> (Spool, Disk) {
    let full = Arc::new(AtomicBool::new(false));
    let refused = Arc::new(AtomicU64::new(0));
    let (f, r) = (full.clone(), refused.clone());
    let opener = move |path: &Path| -> Result<redb::Database, redb::Error> {
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)?;
        let backend = FullDisk {
            inner: FileBackend::new(file)?,
            full: f.clone(),
            refused: r.clone(),
        };
        Ok(redb::Builder::new().create_with_backend(backend)?)
    };
    let mut opts = SpoolOptions::new(dir.path().join("callbacks.redb"));
    opts.opener = Some(Arc::new(opener));
    (Spool::open(opts).unwrap(), Disk { full, refused })
}

#[tokio::test]
async fn a_full_disk_fails_accepts_only_while_full_and_the_spool_heals_by_itself() {
    let dir = tempfile::tempdir().unwrap();
    let (spool, disk) = open_faulty(&dir);
    assert_eq!(
        spool.accept(cb("alipay", "before", 1)).await.unwrap(),
        Accepted::Stored { id: 1 }
    );
    assert_eq!((spool.write_failure(), spool.write_errors()), (None, 0));

    disk.full.store(true, Ordering::SeqCst);
    for txn in ["during-1", "during-2"] {
        let err = spool.accept(big(txn, 2)).await.unwrap_err();
        // The OS error is in the message the log prints, not only in a source chain.
        assert!(err.to_string().contains("os error 28"), "{err}");
    }
    let failure = spool.write_failure().expect("write failure reported");
    assert!(failure.contains("No space left on device"), "{failure}");
    assert!(spool.write_errors() >= 2);
    assert!(
        spool.accept(big("during-3", 2)).await.is_err(),
        "still full"
    );
    assert!(disk.refused.load(Ordering::SeqCst) > 0);
    // Reads go on: the spooled record can still be delivered.
    let due = spool.due(10, 10).await.unwrap();
    let due: Vec<&str> = due.iter().map(|r| r.txn_id.as_str()).collect();
    assert_eq!(due, ["before"]);

    // Space is back: nothing else happens, yet the next write succeeds and clears the state.
    disk.full.store(false, Ordering::SeqCst);
    spool.probe().await.unwrap();
    assert_eq!(spool.write_failure(), None);
    assert_eq!(
        spool.accept(big("after", 3)).await.unwrap(),
        Accepted::Stored { id: 2 }
    );
    // What was committed before the outage is intact and still deduped; what failed during
    // it was never acknowledged, so the provider's retry is a new event.
    assert_eq!(
        spool.accept(cb("alipay", "before", 4)).await.unwrap(),
        Accepted::Duplicate { id: 1 }
    );
    assert_eq!(
        spool.accept(cb("alipay", "during-1", 5)).await.unwrap(),
        Accepted::Stored { id: 3 }
    );
    assert!(spool.mark_delivered(1, 10).await.unwrap());
    assert_eq!(spool.depth().pending, 2);
}

#[tokio::test]
async fn the_worker_heals_the_spool_without_traffic_and_delivers_what_was_spooled_once() {
    use super::worker::{Deliver, DeliveryOutcome};
    use tokio::sync::mpsc;

    struct Count(mpsc::UnboundedSender<String>);
    #[async_trait::async_trait]
    impl Deliver for Count {
        async fn deliver(&self, rec: &Record) -> DeliveryOutcome {
            let _ = self.0.send(rec.txn_id.clone());
            DeliveryOutcome::Delivered
        }
    }

    let dir = tempfile::tempdir().unwrap();
    let (spool, disk) = open_faulty(&dir);
    spool.accept(cb("alipay", "spooled", 1)).await.unwrap();
    disk.full.store(true, Ordering::SeqCst);
    assert!(spool.accept(big("refused", 2)).await.is_err());
    assert!(spool.write_failure().is_some());

    let (tx, mut posted) = mpsc::unbounded_channel();
    let policy = RetryPolicy::new(
        vec![Duration::from_millis(10)],
        0.0,
        Duration::from_secs(60),
    )
    .unwrap();
    let worker = spawn_worker(
        spool.clone(),
        Arc::new(Count(tx)),
        WorkerOptions::new(policy),
        Arc::new(NoHooks),
    );
    // Delivery goes on during the outage.
    let first = tokio::time::timeout(Duration::from_secs(10), posted.recv()).await;
    assert_eq!(first.unwrap().as_deref(), Some("spooled"));
    assert!(spool.accept(big("refused", 3)).await.is_err(), "still full");
    // The outage lasts a few probe periods; the worker keeps probing meanwhile.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    disk.full.store(false, Ordering::SeqCst);
    while spool.write_failure().is_some() || spool.depth().pending > 0 {
        assert!(tokio::time::Instant::now() < deadline, "spool did not heal");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    worker.shutdown().await;
    let mut got = vec!["spooled".to_string()];
    while let Ok(t) = posted.try_recv() {
        got.push(t);
    }
    // Posted while the disk was full (reads still work) and recorded when it could be: one
    // post, not one a second for the whole outage.
    assert!(
        !got.is_empty() && got.iter().all(|t| t == "spooled"),
        "{got:?}"
    );
    assert!(got.len() <= 2, "{got:?}");
    assert_eq!(spool.get(1).await.unwrap().unwrap().state, State::Delivered);
}

#[tokio::test]
async fn an_idle_worker_heals_a_spool_that_failed_after_it_went_to_sleep() {
    use super::worker::{Deliver, DeliveryOutcome};

    struct Never;
    #[async_trait::async_trait]
    impl Deliver for Never {
        async fn deliver(&self, _rec: &Record) -> DeliveryOutcome {
            DeliveryOutcome::Delivered
        }
    }

    let dir = tempfile::tempdir().unwrap();
    let (spool, disk) = open_faulty(&dir);
    let policy = RetryPolicy::new(
        vec![Duration::from_millis(10)],
        0.0,
        Duration::from_secs(60),
    )
    .unwrap();
    // Nothing is due, so the worker sleeps until its next purge (10 min by default).
    let worker = spawn_worker(
        spool.clone(),
        Arc::new(Never),
        WorkerOptions::new(policy),
        Arc::new(NoHooks),
    );
    tokio::time::sleep(Duration::from_millis(100)).await;
    disk.full.store(true, Ordering::SeqCst);
    assert!(spool.accept(big("refused", 1)).await.is_err());
    assert!(spool.write_failure().is_some());
    // A failed batch wakes the worker once; its probes must not turn into a busy loop.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let failed = spool.write_errors();
    assert!(
        (1..=5).contains(&failed),
        "{failed} failed batches in 1.2 s"
    );
    disk.full.store(false, Ordering::SeqCst);
    // No callback arrives: the failed batch itself must wake the worker's probe.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while spool.write_failure().is_some() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "an idle spool stayed unwritable after space came back"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    worker.shutdown().await;
}
