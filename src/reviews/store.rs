//! The review queue's durable store: one redb file, one JSON record per held order.
//!
//! Every method is synchronous and does file I/O: callers on the async runtime run it on
//! the blocking pool (`ReviewHub` does). Each write is one transaction committed with
//! `Durability::Immediate`, so a record the proxy acknowledged (202) survives `kill -9`.
//! Volume is small (only orders in the review band of hold routes), so records are plain
//! JSON and listing scans the table; the two in-memory indexes (pending ids with their
//! age, buyer tokens) keep the hot questions (metrics, sweep, buyer polls) off the scan.

use super::{HeldOrder, ReviewError, Status};
use redb::{Database, ReadableDatabase, ReadableTable, TableDefinition};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

/// id → JSON-encoded [`HeldOrder`].
const HELD: TableDefinition<&str, &[u8]> = TableDefinition::new("held");

/// What a guarded state change did.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Applied; the record as stored now.
    Done(HeldOrder),
    /// The order is not in the state the change requires; the record as it is.
    Conflict(HeldOrder),
    /// No such order.
    NotFound,
}

#[derive(Default)]
struct Index {
    /// Pending ids and their creation time (ms).
    pending: HashMap<String, u64>,
    /// Buyer token → id (every order, decided ones too: the buyer still asks).
    tokens: HashMap<String, String>,
}

/// The open store.
pub struct ReviewStore {
    db: Database,
    index: Mutex<Index>,
}

fn decode(id: &str, bytes: &[u8]) -> Result<HeldOrder, ReviewError> {
    serde_json::from_slice(bytes).map_err(|e| ReviewError::Corrupt {
        id: id.to_string(),
        reason: e.to_string(),
    })
}

impl ReviewStore {
    /// Opens (or creates) the file and its directory and rebuilds the indexes. Called
    /// once at start.
    pub fn open(path: &Path) -> Result<ReviewStore, ReviewError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| ReviewError::store("create dir", e))?;
        }
        let db = Database::create(path).map_err(|e| ReviewError::store("open", e))?;
        let store = ReviewStore {
            db,
            index: Mutex::new(Index::default()),
        };
        // Create the table so reads of an empty file work.
        store.write(|_| Ok(()))?;
        let mut index = Index::default();
        for o in store.scan()? {
            if o.status == Status::Pending {
                index.pending.insert(o.id.clone(), o.created_ms);
            }
            index.tokens.insert(o.token.clone(), o.id);
        }
        *store.lock() = index;
        Ok(store)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Index> {
        self.index.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `f` in one durable write transaction.
    fn write<T>(
        &self,
        f: impl FnOnce(&mut redb::Table<'_, &'static str, &'static [u8]>) -> Result<T, ReviewError>,
    ) -> Result<T, ReviewError> {
        let mut txn = self
            .db
            .begin_write()
            .map_err(|e| ReviewError::store("begin write", e))?;
        txn.set_durability(redb::Durability::Immediate)
            .map_err(|e| ReviewError::store("durability", e))?;
        let out = {
            let mut t = txn
                .open_table(HELD)
                .map_err(|e| ReviewError::store("open table", e))?;
            f(&mut t)?
        };
        txn.commit().map_err(|e| ReviewError::store("commit", e))?;
        Ok(out)
    }

    /// Every record, oldest first.
    fn scan(&self) -> Result<Vec<HeldOrder>, ReviewError> {
        let txn = self
            .db
            .begin_read()
            .map_err(|e| ReviewError::store("begin read", e))?;
        let t = txn
            .open_table(HELD)
            .map_err(|e| ReviewError::store("open table", e))?;
        let mut out = Vec::new();
        for row in t.iter().map_err(|e| ReviewError::store("scan", e))? {
            let (k, v) = row.map_err(|e| ReviewError::store("scan", e))?;
            out.push(decode(k.value(), v.value())?);
        }
        out.sort_by(|a, b| (a.created_ms, &a.id).cmp(&(b.created_ms, &b.id)));
        Ok(out)
    }

    /// Stores a new pending order. Its id is its request id, suffixed `.2`, `.3`… when a
    /// client reused a request id (a stored order is never overwritten). Returns the
    /// record as stored, after the commit.
    pub fn insert(&self, mut order: HeldOrder) -> Result<HeldOrder, ReviewError> {
        let base = order.id.clone();
        let order = self.write(|t| {
            let mut n = 1u32;
            while t
                .get(order.id.as_str())
                .map_err(|e| ReviewError::store("get", e))?
                .is_some()
            {
                n += 1;
                order.id = format!("{base}.{n}");
            }
            let bytes = serde_json::to_vec(&order).map_err(|e| ReviewError::store("encode", e))?;
            t.insert(order.id.as_str(), bytes.as_slice())
                .map_err(|e| ReviewError::store("insert", e))?;
            Ok(order)
        })?;
        let mut index = self.lock();
        if order.status == Status::Pending {
            index.pending.insert(order.id.clone(), order.created_ms);
        }
        index.tokens.insert(order.token.clone(), order.id.clone());
        Ok(order)
    }

    /// The order with this id.
    pub fn get(&self, id: &str) -> Result<Option<HeldOrder>, ReviewError> {
        let txn = self
            .db
            .begin_read()
            .map_err(|e| ReviewError::store("begin read", e))?;
        let t = txn
            .open_table(HELD)
            .map_err(|e| ReviewError::store("open table", e))?;
        let v = t.get(id).map_err(|e| ReviewError::store("get", e))?;
        v.map(|v| decode(id, v.value())).transpose()
    }

    /// The order a buyer's status token names.
    pub fn by_token(&self, token: &str) -> Result<Option<HeldOrder>, ReviewError> {
        let id = self.lock().tokens.get(token).cloned();
        match id {
            Some(id) => self.get(&id),
            None => Ok(None),
        }
    }

    /// Orders with `status` (all when `None`), oldest first, at most `limit`.
    pub fn list(
        &self,
        status: Option<Status>,
        limit: usize,
    ) -> Result<Vec<HeldOrder>, ReviewError> {
        let mut all = self.scan()?;
        all.retain(|o| status.is_none_or(|s| o.status == s));
        all.truncate(limit);
        Ok(all)
    }

    /// Every order, oldest first (for the labels export).
    pub fn all(&self) -> Result<Vec<HeldOrder>, ReviewError> {
        self.scan()
    }

    /// Applies `f` to the order `id` if it is in state `from`, in one write transaction:
    /// the check and the change cannot interleave with another change of the same order.
    pub fn change(
        &self,
        id: &str,
        from: Status,
        f: impl FnOnce(&mut HeldOrder),
    ) -> Result<Change, ReviewError> {
        let change = self.write(|t| {
            let current = match t.get(id).map_err(|e| ReviewError::store("get", e))? {
                Some(v) => decode(id, v.value())?,
                None => return Ok(Change::NotFound),
            };
            if current.status != from {
                return Ok(Change::Conflict(current));
            }
            let mut next = current;
            f(&mut next);
            let bytes = serde_json::to_vec(&next).map_err(|e| ReviewError::store("encode", e))?;
            t.insert(id, bytes.as_slice())
                .map_err(|e| ReviewError::store("update", e))?;
            Ok(Change::Done(next))
        })?;
        if let Change::Done(o) = &change {
            let mut index = self.lock();
            if o.status == Status::Pending {
                index.pending.insert(o.id.clone(), o.created_ms);
            } else {
                index.pending.remove(&o.id);
            }
        }
        Ok(change)
    }

    /// Ids of pending orders created at or before `cutoff_ms`, oldest first.
    pub fn pending_before(&self, cutoff_ms: u64) -> Vec<String> {
        let index = self.lock();
        let mut due: Vec<(u64, String)> = index
            .pending
            .iter()
            .filter(|(_, &at)| at <= cutoff_ms)
            .map(|(id, &at)| (at, id.clone()))
            .collect();
        due.sort();
        due.into_iter().map(|(_, id)| id).collect()
    }

    /// How many orders are pending, and the creation time (ms) of the oldest.
    pub fn pending_stats(&self) -> (usize, Option<u64>) {
        let index = self.lock();
        (index.pending.len(), index.pending.values().min().copied())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A pending order with id `id` created at `at` ms.
    pub(crate) fn order(id: &str, at: u64) -> HeldOrder {
        HeldOrder {
            id: id.into(),
            request_id: id.into(),
            token: format!("tok-{id}"),
            route: "orders".into(),
            created_ms: at,
            score: 0.4,
            reasons: vec!["model_review".into()],
            user: Some("dave".into()),
            device: None,
            email: None,
            ip: "127.0.0.1".into(),
            method: "POST".into(),
            uri: "/api/orders?x=1".into(),
            headers: vec![("content-type".into(), "application/json".into())],
            body_b64: "e30=".into(),
            status: Status::Pending,
            decided_by: None,
            decided_ms: None,
            shop_status: None,
        }
    }

    #[test]
    fn insert_change_and_reopen_keep_state_and_indexes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("q/reviews.redb");
        {
            let s = ReviewStore::open(&path).unwrap();
            s.insert(order("a", 10)).unwrap();
            s.insert(order("b", 20)).unwrap();
            // A reused request id gets its own record.
            let mut dup = order("a", 30);
            dup.token = "tok-a2".into();
            assert_eq!(s.insert(dup).unwrap().id, "a.2");
            assert_eq!(s.pending_stats(), (3, Some(10)));
            let approve = |o: &mut HeldOrder| o.status = Status::Approved;
            assert!(matches!(
                s.change("a", Status::Pending, approve).unwrap(),
                Change::Done(_)
            ));
            // The second claim sees the first.
            assert!(matches!(
                s.change("a", Status::Pending, approve).unwrap(),
                Change::Conflict(o) if o.status == Status::Approved
            ));
            assert_eq!(
                s.change("zz", Status::Pending, approve).unwrap(),
                Change::NotFound
            );
            assert_eq!(s.pending_before(25), vec!["b".to_string()]);
        }
        let s = ReviewStore::open(&path).unwrap();
        assert_eq!(s.pending_stats(), (2, Some(20)));
        assert_eq!(
            s.by_token("tok-a").unwrap().unwrap().status,
            Status::Approved
        );
        assert_eq!(s.by_token("tok-a2").unwrap().unwrap().id, "a.2");
        assert!(s.by_token("nope").unwrap().is_none());
        let pending = s.list(Some(Status::Pending), 10).unwrap();
        let ids: Vec<_> = pending.iter().map(|o| o.id.as_str()).collect();
        assert_eq!(ids, ["b", "a.2"]);
        assert_eq!(s.list(None, 1).unwrap()[0].id, "a");
    }
}
