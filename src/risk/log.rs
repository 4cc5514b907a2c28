//! The decision log: one JSON line per order decision, written off the request path and
//! rotated by size, plus a bounded in-memory index of recent decisions for the admin API.
//!
//! The request thread hands the record (the same `Arc` the index keeps) to a bounded
//! channel; a dedicated thread serialises it and owns the file (buffered writes, drained
//! and flushed every 50 ms, rotation). When the writer falls behind, lines are dropped
//! and counted rather than slowing orders down.
//! This file is what security teams replay (`riskgate replay`) and retrain from.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TryRecvError, TrySendError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One decision, as logged and as served by `GET /decisions/{id}`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DecisionRecord {
    /// RFC 3339 time of the decision.
    pub time: String,
    /// Unix milliseconds (for sorting and windows).
    pub ts_ms: u64,
    /// Request id.
    pub request_id: String,
    /// Route name.
    pub route: String,
    /// Client IP.
    pub client_ip: String,
    /// ISO country, if known.
    pub country: Option<String>,
    /// AS number, if known.
    pub asn: Option<u32>,
    /// Device id (32 hex).
    pub device_id: Option<String>,
    /// Shop user key.
    pub user: Option<String>,
    /// Feature names in schema order (borrowed from the schema when logging; owned when
    /// read back).
    pub feature_names: Vec<Cow<'static, str>>,
    /// Feature values in schema order.
    pub features: Vec<f32>,
    /// Schema hash the features follow.
    pub schema_hash: String,
    /// Version of the model that scored.
    pub model_version: String,
    /// Fraud probability (0–1).
    pub score: f32,
    /// Shadow model version and score, when one is configured.
    pub shadow_model_version: Option<String>,
    /// Shadow score.
    pub shadow_score: Option<f32>,
    /// Review threshold in force (the config's `review_at`).
    pub review_at: f32,
    /// This order's own review threshold under `[risk.expected_loss]` (from its amount);
    /// absent when the table is off or the amount unknown (then `review_at` applied).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_review_at: Option<f32>,
    /// Block threshold in force.
    pub block_at: f32,
    /// Decision taken (or, in shadow mode, that would have been taken).
    pub decision: String,
    /// Reason codes.
    pub reasons: Vec<String>,
    /// Features that raised the score most (non-allow model decisions).
    pub top_features: Vec<String>,
    /// True when the route was in shadow mode (the order was forwarded regardless).
    pub shadow_mode: bool,
    /// Payment channel chosen, when the money path is configured.
    pub channel: Option<String>,
    /// The step that decided: `guard_list`, `rate_limit`, `purchase_limit`, `rule`,
    /// `model`, `policy` or `model_error` (empty in lines written before it existed).
    #[serde(default)]
    pub stage: String,
    /// What the block policy said about a model block (`block_upheld_strong_features`,
    /// `block_upheld_strong_rule`, `block_capped_weak_evidence`, `block_unchecked`).
    #[serde(default)]
    pub policy: Option<String>,
    /// The policy's counterfactual score (weak features at their baseline), when computed.
    #[serde(default)]
    pub counterfactual_score: Option<f32>,
    /// Order amount in minor units of `currency` (so replay can recompute amount rules).
    #[serde(default)]
    pub amount_minor: Option<i64>,
    /// ISO 4217 currency of the order.
    #[serde(default)]
    pub currency: Option<String>,
    /// Small orders from devices without history on the route in 10 minutes, when this
    /// order was one of them (the `small_order_surge` rule); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub small_surge: Option<u32>,
    /// Account and fingerprint signal facts (`risk::signals`): logged for every order so
    /// replay recomputes the signals and the next retrain can use them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signals: Option<super::signals::SignalFacts>,
}

impl DecisionRecord {
    /// The review threshold this order was decided with: its own under
    /// `[risk.expected_loss]` when logged, else the config's `review_at`.
    pub fn review_threshold(&self) -> f32 {
        self.order_review_at.unwrap_or(self.review_at)
    }
}

/// Writes decision lines to a rotating file from a background thread.
pub struct DecisionLog {
    tx: Option<SyncSender<Arc<DecisionRecord>>>,
    /// Lines dropped because the writer fell behind (`riskgate_decision_log_dropped_total`).
    dropped: prometheus::IntCounter,
    written: Arc<AtomicU64>,
    index: crate::recent::RecentIndex<DecisionRecord>,
    /// The writer thread and its stop flag, for [`DecisionLog::close`].
    writer: Mutex<Option<std::thread::JoinHandle<()>>>,
    stop: Arc<AtomicBool>,
}

/// Lines buffered between the request path and the writer thread: one tick of orders at
/// over 300,000 per second.
const QUEUE: usize = 16_384;

/// How often the writer thread drains the queue and flushes the file.
const TICK: Duration = Duration::from_millis(50);

impl DecisionLog {
    /// Opens the log (creating its directory's file) and starts the writer thread; with
    /// no path, only the in-memory index is kept. Called at start.
    pub fn open(
        path: Option<&Path>,
        max_bytes: u64,
        keep: u32,
        index_entries: u64,
        dropped: prometheus::IntCounter,
    ) -> std::io::Result<DecisionLog> {
        let written = Arc::new(AtomicU64::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (tx, writer) = match path {
            None => (None, None),
            Some(p) => {
                let file = open_append(p)?;
                let size = file.metadata().map(|m| m.len()).unwrap_or(0);
                let (tx, rx) = sync_channel::<Arc<DecisionRecord>>(QUEUE);
                let w = Writer {
                    path: p.to_path_buf(),
                    out: BufWriter::with_capacity(64 * 1024, file),
                    size,
                    max_bytes,
                    keep,
                };
                let (written, dropped, stop) = (written.clone(), dropped.clone(), stop.clone());
                let handle = std::thread::Builder::new()
                    .name("riskgate-decision-log".into())
                    .spawn(move || w.run(&rx, &stop, &written, &dropped))?;
                (Some(tx), Some(handle))
            }
        };
        Ok(DecisionLog {
            tx,
            dropped,
            written,
            writer: Mutex::new(writer),
            stop,
            index: crate::recent::RecentIndex::new(
                usize::try_from(index_entries).unwrap_or(usize::MAX),
            ),
        })
    }

    /// Records a decision: indexes it and queues its line. Never blocks the caller.
    pub fn record(&self, rec: DecisionRecord) {
        let rec = Arc::new(rec);
        if let Some(tx) = &self.tx {
            // The writer thread serialises the line: the request path only moves a pointer.
            if let Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) =
                tx.try_send(rec.clone())
            {
                self.dropped.inc();
            }
        }
        self.index.insert(rec.request_id.clone(), rec);
    }

    /// Writes out every queued line, flushes the file and stops the writer thread (at
    /// exit: lines queued within the last tick would otherwise die with the process).
    /// Decisions recorded afterwards are still indexed but no longer written. Idempotent.
    pub fn close(&self) {
        let handle = self.writer.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(h) = handle {
            self.stop.store(true, Ordering::Release);
            h.thread().unpark();
            let _ = h.join();
        }
    }

    /// A recent decision by request id.
    pub fn get(&self, request_id: &str) -> Option<Arc<DecisionRecord>> {
        self.index.get(request_id)
    }

    /// Recent decisions with `decision` (newest first, at most `limit`).
    pub fn recent(&self, decision: Option<&str>, limit: usize) -> Vec<Arc<DecisionRecord>> {
        self.index
            .newest(limit, |r| decision.is_none_or(|d| r.decision == d))
    }

    /// Lines dropped because the writer fell behind.
    pub fn dropped(&self) -> u64 {
        self.dropped.get()
    }

    /// Lines written so far.
    pub fn written(&self) -> u64 {
        self.written.load(Ordering::Relaxed)
    }
}

fn open_append(p: &Path) -> std::io::Result<File> {
    OpenOptions::new().create(true).append(true).open(p)
}

struct Writer {
    path: PathBuf,
    out: BufWriter<File>,
    size: u64,
    max_bytes: u64,
    keep: u32,
}

impl Writer {
    /// The writer thread: every tick, serialises and writes whatever is queued, flushes,
    /// and stops when told to (after draining) or when the log is dropped.
    ///
    /// It polls rather than blocking on the channel: a blocked receiver makes every
    /// `try_send` on the request path wake this thread (a futex call and a cross-CPU
    /// wake-up per order). Lines wait at most one tick; `close` unparks it at once.
    fn run(
        mut self,
        rx: &Receiver<Arc<DecisionRecord>>,
        stop: &AtomicBool,
        written: &AtomicU64,
        dropped: &prometheus::IntCounter,
    ) {
        let mut line = Vec::with_capacity(2048);
        loop {
            std::thread::park_timeout(TICK);
            let stopping = stop.load(Ordering::Acquire);
            let mut n = 0u64;
            let gone = loop {
                let rec = match rx.try_recv() {
                    Ok(rec) => rec,
                    Err(TryRecvError::Empty) => break false,
                    Err(TryRecvError::Disconnected) => break true,
                };
                line.clear();
                if serde_json::to_writer(&mut line, &*rec).is_err() {
                    dropped.inc();
                    continue;
                }
                if let Err(e) = self.write(&line) {
                    tracing::error!("decision log {}: {e}", self.path.display());
                }
                n += 1;
            };
            if n > 0 || gone || stopping {
                let _ = self.out.flush();
                written.fetch_add(n, Ordering::Relaxed);
            }
            if gone || stopping {
                return;
            }
        }
    }

    fn write(&mut self, line: &[u8]) -> std::io::Result<()> {
        if self.size > 0 && self.size + line.len() as u64 + 1 > self.max_bytes {
            self.rotate()?;
        }
        self.out.write_all(line)?;
        self.out.write_all(b"\n")?;
        self.size += line.len() as u64 + 1;
        Ok(())
    }

    /// `log` → `log.1` → … → `log.N` (the oldest is dropped), then a fresh `log`.
    fn rotate(&mut self) -> std::io::Result<()> {
        self.out.flush()?;
        let name = |i: u32| {
            let mut s = self.path.clone().into_os_string();
            s.push(format!(".{i}"));
            PathBuf::from(s)
        };
        if self.keep > 0 {
            let _ = std::fs::remove_file(name(self.keep));
            for i in (1..self.keep).rev() {
                let _ = std::fs::rename(name(i), name(i + 1));
            }
            std::fs::rename(&self.path, name(1))?;
        } else {
            std::fs::remove_file(&self.path)?;
        }
        self.out = BufWriter::with_capacity(64 * 1024, open_append(&self.path)?);
        self.size = 0;
        Ok(())
    }
}

#[cfg(test)]
mod review_threshold_tests {
    #[test]
    fn an_orders_own_review_threshold_wins_over_the_configs() {
        let line = r#"{"time":"t","ts_ms":0,"request_id":"r","route":"o","client_ip":"192.0.2.1",
            "country":null,"asn":null,"device_id":null,"user":null,"feature_names":[],
            "features":[],"schema_hash":"h","model_version":"m","score":0.1,
            "shadow_model_version":null,"shadow_score":null,"review_at":0.141,"block_at":0.6,
            "decision":"review","reasons":[],"top_features":[],"shadow_mode":false,
            "channel":null,"stage":"model","policy":null,"counterfactual_score":null}"#;
        let mut rec: super::DecisionRecord = serde_json::from_str(line).unwrap();
        assert_eq!(rec.review_threshold(), 0.141);
        rec.order_review_at = Some(0.05);
        assert_eq!(rec.review_threshold(), 0.05);
        let again: super::DecisionRecord =
            serde_json::from_str(&serde_json::to_string(&rec).unwrap()).unwrap();
        assert_eq!(
            again.review_threshold(),
            0.05,
            "order_review_at is logged and read back"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(id: &str, decision: &str, ts: u64) -> DecisionRecord {
        DecisionRecord {
            time: "2026-11-28T00:00:00Z".into(),
            ts_ms: ts,
            request_id: id.into(),
            route: "orders".into(),
            client_ip: "198.51.100.7".into(),
            country: Some("US".into()),
            asn: Some(15169),
            device_id: None,
            user: Some("alice".into()),
            feature_names: vec![Cow::Borrowed("amount")],
            features: vec![12.5],
            schema_hash: "x".into(),
            model_version: "m1".into(),
            score: 0.25,
            shadow_model_version: None,
            shadow_score: None,
            review_at: 0.5,
            order_review_at: None,
            block_at: 0.9,
            decision: decision.into(),
            reasons: vec![],
            top_features: vec![],
            shadow_mode: false,
            channel: None,
            stage: "model".into(),
            policy: None,
            counterfactual_score: None,
            amount_minor: Some(1250),
            currency: Some("USD".into()),
            small_surge: None,
            signals: None,
        }
    }

    fn counter() -> prometheus::IntCounter {
        prometheus::IntCounter::new("t", "t").unwrap()
    }

    fn wait_for(cond: impl Fn() -> bool) {
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while !cond() {
            assert!(
                std::time::Instant::now() < deadline,
                "condition not reached"
            );
            std::thread::yield_now();
        }
    }

    #[test]
    fn writes_lines_rotates_by_size_and_indexes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("decisions.jsonl");
        let log = DecisionLog::open(Some(&path), 1_000, 2, 100, counter()).unwrap();
        for i in 0..20 {
            log.record(rec(
                &format!("r{i}"),
                if i % 5 == 0 { "review" } else { "allow" },
                i,
            ));
        }
        wait_for(|| log.written() == 20);
        drop(log);
        let mut lines = 0;
        for p in [
            path.clone(),
            dir.path().join("decisions.jsonl.1"),
            dir.path().join("decisions.jsonl.2"),
        ] {
            let text = std::fs::read_to_string(&p).unwrap_or_default();
            assert!(
                text.len() <= 1_000,
                "{} over the rotation size",
                p.display()
            );
            for l in text.lines() {
                let r: DecisionRecord = serde_json::from_str(l).unwrap();
                assert_eq!(r.route, "orders");
                lines += 1;
            }
        }
        assert!(lines < 20, "the oldest rotated file was dropped (keep = 2)");
        assert!(!dir.path().join("decisions.jsonl.3").exists());
    }

    #[test]
    fn recent_filters_and_orders_newest_first() {
        let log = DecisionLog::open(None, 1, 1, 100, counter()).unwrap();
        for i in 0..10u64 {
            log.record(rec(
                &format!("r{i}"),
                if i % 3 == 0 { "review" } else { "allow" },
                i,
            ));
        }
        let ids: Vec<String> = log
            .recent(Some("review"), 10)
            .iter()
            .map(|r| r.request_id.clone())
            .collect();
        assert_eq!(ids, ["r9", "r6", "r3", "r0"]);
        assert_eq!(log.get("r4").unwrap().decision, "allow");
        assert!(log.get("nope").is_none());
    }
}
