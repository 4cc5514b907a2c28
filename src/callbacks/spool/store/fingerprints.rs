//! The dedupe fingerprints: one compact entry per (channel, txn id, status rank) a
//! transaction reported, with the first time it was seen, its record id and whether it was
//! superseded (recorded, never delivered). No body: they are kept for `dedupe_retention` (90
//! days by default), long after the records themselves, so a replayed body is still known.
//!
//! Owns writing, reading and expiring them, and migrating the pre-fingerprint `dedupe` table
//! of an old file. Which status wins is `order.rs`'s business.

use super::{begin_write, collect, commit, st, Tables, LEGACY_DEDUPE};
use crate::callbacks::spool::codec;
use crate::callbacks::spool::order;
use crate::callbacks::spool::SpoolError;
use redb::{Database, ReadableTable};

/// How many legacy dedupe entries one migration transaction moves.
const MIGRATE_CHUNK: usize = 10_000;

/// Moves a pre-fingerprint `dedupe` table into `fingerprints` (each entry's status read from
/// its body; an entry whose body is gone counts as `pending`) and drops it. Chunked and
/// idempotent: a crash part-way leaves both tables consistent and the next open continues.
pub(super) fn migrate_legacy_dedupe(db: &Database) -> Result<(), SpoolError> {
    loop {
        let txn = begin_write(db)?;
        let moved = {
            let mut t = Tables::open(&txn)?;
            let mut legacy = txn.open_table(LEGACY_DEDUPE).map_err(st("open table"))?;
            let range = legacy
                .range::<(&str, &str)>(..)
                .map_err(st("scan dedupe"))?;
            let entries = collect(range.take(MIGRATE_CHUNK), |k, v| {
                (k.0.to_owned(), k.1.to_owned(), v)
            })?;
            for (channel, txn_id, id) in &entries {
                let body = t.bodies.get(*id).map_err(st("read body"))?;
                let (status, at) = body
                    .and_then(|g| codec::decode_body(g.value()))
                    .map_or((String::new(), 0), |b| (b.status, b.received_ms));
                t.put_fingerprint(channel, txn_id, order::rank(&status), (at, *id, 0))?;
                legacy
                    .remove((channel.as_str(), txn_id.as_str()))
                    .map_err(st("migrate dedupe"))?;
            }
            entries.len()
        };
        if moved == 0 {
            txn.delete_table(LEGACY_DEDUPE)
                .map_err(st("drop legacy dedupe"))?;
            return commit(txn);
        }
        commit(txn)?;
    }
}

impl Tables<'_> {
    /// Returns (rank, record id) of every status seen for (channel, txn id), ascending by
    /// rank: the last is the highest.
    pub(super) fn statuses_seen(
        &self,
        channel: &str,
        txn_id: &str,
    ) -> Result<Vec<(u8, u64)>, SpoolError> {
        let range = self
            .fingerprints
            .range((channel, txn_id, 0u8)..=(channel, txn_id, u8::MAX))
            .map_err(st("read fingerprints"))?;
        collect(range, |k, v| (k.2, v.1))
    }

    /// Writes one fingerprint and its expiry index entry.
    pub(super) fn put_fingerprint(
        &mut self,
        channel: &str,
        txn_id: &str,
        rank: u8,
        value: (u64, u64, u8),
    ) -> Result<(), SpoolError> {
        self.fingerprints
            .insert((channel, txn_id, rank), value)
            .map_err(st("write fingerprints"))?;
        self.fingerprints_at
            .insert((value.0, channel, txn_id, rank), ())
            .map_err(st("write fingerprints_at"))?;
        Ok(())
    }

    /// Expires up to `max` fingerprints first seen before `older_than_ms`; returns how many
    /// were looked at. One whose record is still kept (pending, dead, or delivered within the
    /// record retention) is kept too, re-indexed at `now_ms`, so a record never outlives the
    /// fingerprint that dedupes it.
    pub(crate) fn purge_fingerprints(
        &mut self,
        older_than_ms: u64,
        now_ms: u64,
        max: usize,
    ) -> Result<usize, SpoolError> {
        let range = self
            .fingerprints_at
            .range(..(older_than_ms, "", "", 0u8))
            .map_err(st("scan fingerprints_at"))?;
        let keys = collect(range.take(max), |k, _| {
            (k.0, k.1.to_owned(), k.2.to_owned(), k.3)
        })?;
        for (at, channel, txn_id, rank) in &keys {
            let (channel, txn_id, rank) = (channel.as_str(), txn_id.as_str(), *rank);
            self.fingerprints_at
                .remove((*at, channel, txn_id, rank))
                .map_err(st("purge fingerprints_at"))?;
            let id = self
                .fingerprints
                .get((channel, txn_id, rank))
                .map_err(st("read fingerprints"))?
                .map(|g| g.value().1);
            let kept = match id {
                Some(id) => self.meta.get(id).map_err(st("read meta"))?.is_some(),
                None => false,
            };
            if kept {
                self.fingerprints_at
                    .insert((now_ms, channel, txn_id, rank), ())
                    .map_err(st("write fingerprints_at"))?;
            } else {
                self.fingerprints
                    .remove((channel, txn_id, rank))
                    .map_err(st("purge fingerprints"))?;
            }
        }
        Ok(keys.len())
    }
}
