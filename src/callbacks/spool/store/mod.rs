//! The redb tables and every read and write the spool makes on them, as plain blocking
//! functions over a transaction.
//!
//! Owns the schema (which table indexes what) and keeps the indexes consistent inside one
//! transaction. It does not own threads, batching or commit timing (`writer.rs`), nor the
//! async API (`handle.rs`).
//!
//! Tables:
//! - `bodies` id → immutable body; `meta` id → small mutable state (so retries do not copy bodies)
//! - `fingerprints` (channel, txn id, status rank) → (first seen ms, record id, superseded): the
//!   dedupe index, one compact entry per status a transaction reported (no body), kept for
//!   `dedupe_retention` (90 days by default), long after the record itself is purged
//! - `fingerprints_at` (first seen ms, channel, txn id, rank) so expiring them is a range scan
//! - `due` (next_at_ms, id) for pending records: the worker's queue in due order
//! - `by_state` (state, id) for listing and counting by state
//! - `delivered_at` (delivered_ms, id) so purging old delivered records is a range scan
//! - `counters`: `next_id`, `pending`, `dead`, so opening a big spool is O(1)
//! - `missing` order id → (at ms, opaque entry) and `missing_at` (at ms, order id): the
//!   missing-callback report's durable copy (its encoding is `callbacks::missing`'s business)
//!
//! `fingerprints.rs` holds the fingerprint reads, writes, expiry and migration; `missing.rs`
//! the missing-report tables.
//!
//! Files written before fingerprints existed have a `dedupe` table (channel, txn id) → id; the
//! first open migrates it into `fingerprints` (status read from each body) and drops it.

mod fingerprints;
mod missing;

use super::codec::{self, Body, BodyRef, Meta};
use super::order::{self, Verdict};
use super::{Accepted, NewCallback, Record, SpoolError, State};
use redb::{
    AccessGuard, Database, ReadOnlyTable, ReadTransaction, ReadableDatabase, ReadableTable,
    StorageError, Table, TableDefinition, WriteTransaction,
};
use std::path::Path;

const BODIES: TableDefinition<u64, &[u8]> = TableDefinition::new("bodies");
const META: TableDefinition<u64, &[u8]> = TableDefinition::new("meta");
/// The pre-fingerprint dedupe index; only read to migrate an old file.
const LEGACY_DEDUPE: TableDefinition<(&str, &str), u64> = TableDefinition::new("dedupe");
const FINGERPRINTS: TableDefinition<(&str, &str, u8), (u64, u64, u8)> =
    TableDefinition::new("fingerprints");
const FINGERPRINTS_AT: TableDefinition<(u64, &str, &str, u8), ()> =
    TableDefinition::new("fingerprints_at");
const MISSING: TableDefinition<&str, (u64, &[u8])> = TableDefinition::new("missing");
const MISSING_AT: TableDefinition<(u64, &str), ()> = TableDefinition::new("missing_at");
const DUE: TableDefinition<(u64, u64), ()> = TableDefinition::new("due");
const BY_STATE: TableDefinition<(u8, u64), ()> = TableDefinition::new("by_state");
const DELIVERED_AT: TableDefinition<(u64, u64), ()> = TableDefinition::new("delivered_at");
const COUNTERS: TableDefinition<&str, u64> = TableDefinition::new("counters");
/// One reserved row the write probe fills and clears (`Tables::put_probe`).
const PROBE: TableDefinition<u8, &[u8]> = TableDefinition::new("probe");
/// What the write probe stores: about one large callback, so a probe that commits means a
/// callback would fit (an empty commit succeeds on a full disk).
pub(crate) const PROBE_BYTES: usize = 64 << 10;

/// How many pending records one reopen transaction reschedules; bounds its memory.
const RESCHEDULE_CHUNK: usize = 10_000;

/// Persistent counters, mirrored in memory by the writer thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Counters {
    pub next_id: u64,
    pub pending: u64,
    pub dead: u64,
}

/// Opens (or creates) the database file and its parent directory.
///
/// `opener` replaces redb's file backend (tests wrap it to inject I/O faults); `None` is the
/// plain file.
pub(crate) fn open_db(path: &Path, opener: Option<&Opener>) -> Result<Database, SpoolError> {
    let open_err = |e: redb::Error| SpoolError::Open {
        path: path.to_path_buf(),
        source: std::sync::Arc::new(e),
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| open_err(e.into()))?;
    }
    match opener {
        None => Database::create(path).map_err(|e| open_err(e.into())),
        Some(open) => open(path).map_err(open_err),
    }
}

/// Opens a redb database at a path some other way than the plain file (fault injection).
pub(crate) type Opener = dyn Fn(&Path) -> Result<Database, redb::Error> + Send + Sync;

/// Creates missing tables, makes every pending record due at once, and returns the counters.
///
/// Called once at open, before the writer thread starts. Rescheduling is chunked so a large
/// backlog does not build one huge transaction; a crash part-way leaves a consistent spool
/// (each chunk is its own durable transaction) and the next open finishes the job.
pub(crate) fn init(db: &Database) -> Result<Counters, SpoolError> {
    let counters = {
        let txn = begin_write(db)?;
        let counters = {
            let t = Tables::open(&txn)?;
            t.counters()?
        };
        commit(txn)?;
        counters
    };
    fingerprints::migrate_legacy_dedupe(db)?;
    loop {
        let txn = begin_write(db)?;
        let moved = {
            let mut t = Tables::open(&txn)?;
            let range = t.due.range((1u64, 0u64)..).map_err(st("scan due"))?;
            let keys = collect(range.take(RESCHEDULE_CHUNK), |k, _| k)?;
            let mut buf = Vec::new();
            for &(at, id) in &keys {
                t.due.remove((at, id)).map_err(st("reschedule"))?;
                t.due.insert((0u64, id), ()).map_err(st("reschedule"))?;
                if let Some(mut meta) = t.meta(id)? {
                    meta.next_at_ms = 0;
                    t.put_meta(id, &meta, &mut buf)?;
                }
            }
            keys.len()
        };
        commit(txn)?;
        if moved < RESCHEDULE_CHUNK {
            return Ok(counters);
        }
    }
}

/// Starts a write transaction that fsyncs on commit.
pub(crate) fn begin_write(db: &Database) -> Result<WriteTransaction, SpoolError> {
    let mut txn = db.begin_write().map_err(st("begin write"))?;
    txn.set_durability(redb::Durability::Immediate)
        .map_err(st("set durability"))?;
    Ok(txn)
}

/// Commits (and fsyncs) a write transaction.
pub(crate) fn commit(txn: WriteTransaction) -> Result<(), SpoolError> {
    txn.commit().map_err(st("commit"))
}

fn st<E: Into<redb::Error>>(op: &'static str) -> impl Fn(E) -> SpoolError {
    move |e| SpoolError::store(op, e)
}

/// Drains a range into owned keys through `f`, surfacing storage errors.
fn collect<'a, K, V, T>(
    range: impl Iterator<Item = Result<(AccessGuard<'a, K>, AccessGuard<'a, V>), StorageError>>,
    f: impl Fn(K::SelfType<'_>, V::SelfType<'_>) -> T,
) -> Result<Vec<T>, SpoolError>
where
    K: redb::Key + 'static,
    V: redb::Value + 'static,
{
    range
        .map(|r| r.map(|(k, v)| f(k.value(), v.value())).map_err(st("scan")))
        .collect()
}

/// All tables of one write transaction, opened once per batch.
pub(crate) struct Tables<'t> {
    bodies: Table<'t, u64, &'static [u8]>,
    meta: Table<'t, u64, &'static [u8]>,
    fingerprints: Table<'t, (&'static str, &'static str, u8), (u64, u64, u8)>,
    fingerprints_at: Table<'t, (u64, &'static str, &'static str, u8), ()>,
    missing: Table<'t, &'static str, (u64, &'static [u8])>,
    missing_at: Table<'t, (u64, &'static str), ()>,
    due: Table<'t, (u64, u64), ()>,
    by_state: Table<'t, (u8, u64), ()>,
    delivered_at: Table<'t, (u64, u64), ()>,
    counters: Table<'t, &'static str, u64>,
    probe: Table<'t, u8, &'static [u8]>,
}

impl<'t> Tables<'t> {
    /// Opens (creating when missing) every table in `txn`.
    pub(crate) fn open(txn: &'t WriteTransaction) -> Result<Tables<'t>, SpoolError> {
        let o = st("open table");
        Ok(Tables {
            bodies: txn.open_table(BODIES).map_err(&o)?,
            meta: txn.open_table(META).map_err(&o)?,
            fingerprints: txn.open_table(FINGERPRINTS).map_err(&o)?,
            fingerprints_at: txn.open_table(FINGERPRINTS_AT).map_err(&o)?,
            missing: txn.open_table(MISSING).map_err(&o)?,
            missing_at: txn.open_table(MISSING_AT).map_err(&o)?,
            due: txn.open_table(DUE).map_err(&o)?,
            by_state: txn.open_table(BY_STATE).map_err(&o)?,
            delivered_at: txn.open_table(DELIVERED_AT).map_err(&o)?,
            counters: txn.open_table(COUNTERS).map_err(&o)?,
            probe: txn.open_table(PROBE).map_err(&o)?,
        })
    }

    /// Stores [`PROBE_BYTES`] in the probe row: committed, it shows the disk takes a callback.
    pub(crate) fn put_probe(&mut self) -> Result<(), SpoolError> {
        self.probe
            .insert(0u8, &[0u8; PROBE_BYTES][..])
            .map_err(st("write probe"))?;
        Ok(())
    }

    /// Empties the probe row again.
    pub(crate) fn clear_probe(&mut self) -> Result<(), SpoolError> {
        self.probe.remove(0u8).map_err(st("clear probe"))?;
        Ok(())
    }

    /// Reads the persistent counters (zeroes and `next_id` 1 on a new file).
    pub(crate) fn counters(&self) -> Result<Counters, SpoolError> {
        let get = |k: &str| -> Result<Option<u64>, SpoolError> {
            Ok(self
                .counters
                .get(k)
                .map_err(st("read counters"))?
                .map(|g| g.value()))
        };
        Ok(Counters {
            next_id: get("next_id")?.unwrap_or(1),
            pending: get("pending")?.unwrap_or(0),
            dead: get("dead")?.unwrap_or(0),
        })
    }

    /// Writes the counters; called once per batch before commit.
    pub(crate) fn save_counters(&mut self, c: &Counters) -> Result<(), SpoolError> {
        for (k, v) in [
            ("next_id", c.next_id),
            ("pending", c.pending),
            ("dead", c.dead),
        ] {
            self.counters.insert(k, v).map_err(st("write counters"))?;
        }
        Ok(())
    }

    fn meta(&self, id: u64) -> Result<Option<Meta>, SpoolError> {
        match self.meta.get(id).map_err(st("read meta"))? {
            None => Ok(None),
            Some(g) => codec::decode_meta(g.value())
                .map(Some)
                .ok_or(SpoolError::Corrupt { id, what: "meta" }),
        }
    }

    fn put_meta(&mut self, id: u64, m: &Meta, buf: &mut Vec<u8>) -> Result<(), SpoolError> {
        codec::encode_meta(m, buf);
        self.meta
            .insert(id, buf.as_slice())
            .map_err(st("write meta"))?;
        Ok(())
    }

    fn move_state(&mut self, id: u64, from: State, to: State) -> Result<(), SpoolError> {
        self.by_state
            .remove((from.code(), id))
            .map_err(st("write by_state"))?;
        self.by_state
            .insert((to.code(), id), ())
            .map_err(st("write by_state"))?;
        Ok(())
    }

    /// Stores a callback whose status is new for its (channel, txn id) and above every status
    /// seen for it ([`order`]); due at `received_ms`. A repeated status is a duplicate; a lower
    /// one is recorded as a superseded fingerprint and not stored or scheduled.
    pub(crate) fn accept(
        &mut self,
        cb: &NewCallback,
        c: &mut Counters,
        buf: &mut Vec<u8>,
    ) -> Result<Accepted, SpoolError> {
        let (channel, txn_id) = (cb.channel.as_str(), cb.txn_id.as_str());
        let rank = order::rank(&cb.status);
        let seen = self.statuses_seen(channel, txn_id)?;
        // A status that happens more than once per transaction (one refund of several) is
        // the same event only under the same ref: its own fingerprint, under a key no
        // provider txn id has (a unit separator).
        let event_key = order::event(&cb.status).map(|r| format!("{txn_id}\u{1f}{r}"));
        let same = match &event_key {
            Some(key) => self.statuses_seen(channel, key)?.first().map(|&(_, id)| id),
            None => seen.iter().find(|(r, _)| *r == rank).map(|&(_, id)| id),
        };
        let highest = seen.last().copied();
        match order::classify(rank, same.is_some(), highest.map(|h| h.0)) {
            Verdict::Duplicate => {
                return Ok(Accepted::Duplicate {
                    id: same.unwrap_or_default(),
                })
            }
            Verdict::Stale => {
                let newer = highest.map_or(0, |h| h.1);
                self.put_fingerprint(channel, txn_id, rank, (cb.received_ms, newer, 1))?;
                return Ok(Accepted::Stale { newer });
            }
            Verdict::New => {}
        }
        let id = c.next_id;
        codec::encode_body(
            &BodyRef {
                channel: &cb.channel,
                txn_id: &cb.txn_id,
                order_id: &cb.order_id,
                status: &cb.status,
                content_type: &cb.content_type,
                received_ms: cb.received_ms,
                normalized: &cb.normalized,
                original: &cb.original,
            },
            buf,
        );
        self.bodies
            .insert(id, buf.as_slice())
            .map_err(st("write body"))?;
        let meta = Meta {
            state: State::Pending,
            attempts: 0,
            next_at_ms: cb.received_ms,
            cycle_start_ms: cb.received_ms,
            delivered_ms: None,
            last_error: None,
        };
        self.put_meta(id, &meta, buf)?;
        if let Some(key) = &event_key {
            self.put_fingerprint(channel, key, rank, (cb.received_ms, id, 0))?;
        }
        // The first record of this rank keeps the transaction's fingerprint (later lower
        // statuses are stale against it).
        if !seen.iter().any(|(r, _)| *r == rank) {
            self.put_fingerprint(channel, txn_id, rank, (cb.received_ms, id, 0))?;
        }
        self.due
            .insert((cb.received_ms, id), ())
            .map_err(st("write due"))?;
        self.by_state
            .insert((State::Pending.code(), id), ())
            .map_err(st("write by_state"))?;
        c.next_id += 1;
        c.pending += 1;
        Ok(Accepted::Stored { id })
    }

    /// Applies a state change to a record that is in `from`; `Ok(false)` when it is unknown or
    /// in another state (a stale or repeated call), leaving it untouched.
    pub(crate) fn transition(
        &mut self,
        id: u64,
        from: State,
        change: Change<'_>,
        c: &mut Counters,
        buf: &mut Vec<u8>,
    ) -> Result<bool, SpoolError> {
        let Some(mut m) = self.meta(id)? else {
            return Ok(false);
        };
        if m.state != from {
            return Ok(false);
        }
        if from == State::Pending {
            self.due
                .remove((m.next_at_ms, id))
                .map_err(st("write due"))?;
        }
        match change {
            Change::Delivered { now_ms } => {
                m.attempts = m.attempts.saturating_add(1);
                m.state = State::Delivered;
                m.delivered_ms = Some(now_ms);
                self.delivered_at
                    .insert((now_ms, id), ())
                    .map_err(st("write delivered_at"))?;
                c.pending = c.pending.saturating_sub(1);
            }
            Change::Retry { next_at_ms, error } => {
                m.attempts = m.attempts.saturating_add(1);
                m.next_at_ms = next_at_ms;
                m.last_error = Some(codec::truncate(error).to_owned());
                self.due
                    .insert((next_at_ms, id), ())
                    .map_err(st("write due"))?;
            }
            Change::Dead { reason } => {
                m.attempts = m.attempts.saturating_add(1);
                m.state = State::Dead;
                m.last_error = Some(codec::truncate(reason).to_owned());
                c.pending = c.pending.saturating_sub(1);
                c.dead += 1;
            }
            Change::Requeue { now_ms } => {
                m.attempts = 0;
                m.state = State::Pending;
                m.next_at_ms = now_ms;
                m.cycle_start_ms = now_ms;
                self.due.insert((now_ms, id), ()).map_err(st("write due"))?;
                c.dead = c.dead.saturating_sub(1);
                c.pending += 1;
            }
        }
        if m.state != from {
            self.move_state(id, from, m.state)?;
        }
        self.put_meta(id, &m, buf)?;
        Ok(true)
    }

    /// Removes up to `max` delivered records delivered before `older_than_ms`; returns how
    /// many were removed. Their fingerprints stay (see [`Tables::purge_fingerprints`]).
    pub(crate) fn purge_delivered(
        &mut self,
        older_than_ms: u64,
        max: usize,
    ) -> Result<usize, SpoolError> {
        let range = self
            .delivered_at
            .range(..(older_than_ms, 0u64))
            .map_err(st("scan delivered_at"))?;
        let keys = collect(range.take(max), |k, _| k)?;
        for &(at, id) in &keys {
            self.delivered_at
                .remove((at, id))
                .map_err(st("purge delivered_at"))?;
            self.by_state
                .remove((State::Delivered.code(), id))
                .map_err(st("purge by_state"))?;
            self.meta.remove(id).map_err(st("purge meta"))?;
            self.bodies.remove(id).map_err(st("purge body"))?;
        }
        Ok(keys.len())
    }
}

/// One state change, applied by [`Tables::transition`].
#[derive(Debug, Clone, Copy)]
pub(crate) enum Change<'a> {
    Delivered { now_ms: u64 },
    Retry { next_at_ms: u64, error: &'a str },
    Dead { reason: &'a str },
    Requeue { now_ms: u64 },
}

/// Tables needed to read records, from one read snapshot.
pub(crate) struct Reader {
    bodies: ReadOnlyTable<u64, &'static [u8]>,
    meta: ReadOnlyTable<u64, &'static [u8]>,
    due: ReadOnlyTable<(u64, u64), ()>,
    by_state: ReadOnlyTable<(u8, u64), ()>,
    missing: ReadOnlyTable<&'static str, (u64, &'static [u8])>,
}

impl Reader {
    /// Takes a read snapshot of `db`.
    pub(crate) fn begin(db: &Database) -> Result<Reader, SpoolError> {
        let txn: ReadTransaction = db.begin_read().map_err(st("begin read"))?;
        let o = st("open table");
        Ok(Reader {
            bodies: txn.open_table(BODIES).map_err(&o)?,
            meta: txn.open_table(META).map_err(&o)?,
            due: txn.open_table(DUE).map_err(&o)?,
            by_state: txn.open_table(BY_STATE).map_err(&o)?,
            missing: txn.open_table(MISSING).map_err(&o)?,
        })
    }

    /// Returns the record `id`, or `None` when unknown (never stored, or purged).
    pub(crate) fn record(&self, id: u64) -> Result<Option<Record>, SpoolError> {
        let Some(meta) = self.meta.get(id).map_err(st("read meta"))? else {
            return Ok(None);
        };
        let meta =
            codec::decode_meta(meta.value()).ok_or(SpoolError::Corrupt { id, what: "meta" })?;
        let body = self
            .bodies
            .get(id)
            .map_err(st("read body"))?
            .ok_or(SpoolError::Corrupt { id, what: "body" })?;
        let body =
            codec::decode_body(body.value()).ok_or(SpoolError::Corrupt { id, what: "body" })?;
        Ok(Some(assemble(id, body, meta)))
    }

    fn records(&self, ids: impl IntoIterator<Item = u64>) -> Result<Vec<Record>, SpoolError> {
        let mut out = Vec::new();
        for id in ids {
            if let Some(r) = self.record(id)? {
                out.push(r);
            }
        }
        Ok(out)
    }

    /// Returns up to `limit` pending records due at `now_ms`, earliest first, leaving out `skip`.
    pub(crate) fn due(
        &self,
        now_ms: u64,
        limit: usize,
        skip: &[u64],
    ) -> Result<Vec<Record>, SpoolError> {
        let range = self
            .due
            .range((0u64, 0u64)..=(now_ms, u64::MAX))
            .map_err(st("scan due"))?;
        let mut ids = Vec::with_capacity(limit.min(1024));
        for entry in range {
            if ids.len() == limit {
                break;
            }
            let (_, id) = entry.map_err(st("scan due"))?.0.value();
            if !skip.contains(&id) {
                ids.push(id);
            }
        }
        self.records(ids)
    }

    /// Returns the earliest due time strictly after `now_ms`, if any pending record has one.
    pub(crate) fn next_due_after(&self, now_ms: u64) -> Result<Option<u64>, SpoolError> {
        let Some(from) = now_ms.checked_add(1) else {
            return Ok(None);
        };
        let mut range = self.due.range((from, 0u64)..).map_err(st("scan due"))?;
        match range.next() {
            None => Ok(None),
            Some(e) => Ok(Some(e.map_err(st("scan due"))?.0.value().0)),
        }
    }

    /// Returns up to `limit` records, newest first, with ids below `before_id`.
    pub(crate) fn list(
        &self,
        state: Option<State>,
        before_id: Option<u64>,
        limit: usize,
    ) -> Result<Vec<Record>, SpoolError> {
        let end = before_id.unwrap_or(u64::MAX);
        let ids = match state {
            None => {
                let range = self.meta.range(..end).map_err(st("scan meta"))?;
                collect(range.rev().take(limit), |k, _| k)?
            }
            Some(s) => {
                let range = self
                    .by_state
                    .range((s.code(), 0u64)..(s.code(), end))
                    .map_err(st("scan by_state"))?;
                collect(range.rev().take(limit), |k, _| k.1)?
            }
        };
        self.records(ids)
    }
}

fn assemble(id: u64, b: Body, m: Meta) -> Record {
    Record {
        id,
        channel: b.channel,
        txn_id: b.txn_id,
        order_id: b.order_id,
        status: b.status,
        state: m.state,
        attempts: m.attempts,
        received_ms: b.received_ms,
        next_at_ms: m.next_at_ms,
        retry_since_ms: m.cycle_start_ms,
        delivered_ms: m.delivered_ms,
        last_error: m.last_error,
        normalized: b.normalized,
        original: b.original,
        content_type: b.content_type,
        legacy_key: b.legacy_key,
    }
}
