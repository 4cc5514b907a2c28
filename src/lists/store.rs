//! `Lists`: the published block and allow lists, their per-request lookups and their
//! admin operations (add, remove, list, report, purge, reload).
//!
//! Owns snapshot publication and the write protocol (lock, copy one table, persist, then
//! publish). Line format, tables and validation live in the sibling modules.

use super::file::{empty_table, load, render_file, write_atomic};
use super::table::{Entry, Table};
use super::value::{parse_added_by, parse_reason, parse_value, with_lowercase, Value};
use super::{EntryView, ListError, ListHit, ListKind, ListName, ListPaths, ListQuery, NewEntry};
use crate::state::parse_device_hex;
use arc_swap::ArcSwap;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

/// One list's tables, indexed by kind; published whole, never mutated.
#[derive(Clone)]
struct Snapshot {
    tables: [Arc<Table>; 5],
}

impl Snapshot {
    fn empty() -> Self {
        Snapshot {
            tables: ListKind::ALL.map(|k| Arc::new(empty_table(k))),
        }
    }

    fn load(paths: &ListPaths, list: ListName) -> Result<Self, ListError> {
        let mut snap = Snapshot::empty();
        for kind in ListKind::ALL {
            if let Some(path) = paths.get(list, kind) {
                if !list.supports(kind) {
                    return Err(ListError::Unsupported { list, kind });
                }
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::metadata(dir).map_err(|source| ListError::Read {
                        path: dir.to_owned(),
                        source,
                    })?;
                }
                snap.tables[kind.index()] = Arc::new(load(path, kind)?);
            }
        }
        Ok(snap)
    }

    fn table(&self, kind: ListKind) -> &Table {
        &self.tables[kind.index()]
    }
}

/// The block and allow lists. One per process, shared behind `Arc`.
pub struct Lists {
    paths: ListPaths,
    block: ArcSwap<Snapshot>,
    allow: ArcSwap<Snapshot>,
    /// Serialises writers so two admin changes cannot both copy the same old table.
    writer: Mutex<()>,
}

impl fmt::Debug for Lists {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lists")
            .field("paths", &self.paths)
            .finish_non_exhaustive()
    }
}

fn view(list: ListName, kind: ListKind, value: &Value, e: &Entry) -> EntryView {
    EntryView {
        list,
        kind,
        value: value.render(),
        expires_at: e.expires_at,
        reason: e.reason.as_deref().map(str::to_owned),
        added_at: e.added_at,
        added_by: e.added_by.as_deref().map(str::to_owned),
    }
}

fn hit(kind: ListKind, e: &Entry) -> ListHit {
    ListHit {
        kind,
        code: kind.hit_reason(),
        entry_reason: e.reason.clone(),
    }
}

fn invalid(kind: ListKind, value: &str, reason: &'static str) -> ListError {
    ListError::Invalid {
        kind,
        value: value.to_owned(),
        reason,
    }
}

impl Lists {
    /// Loads every configured file; called at start. A missing file is an empty list, a
    /// missing directory or a bad line is an error (the process should not start).
    pub fn load(paths: ListPaths) -> Result<Self, ListError> {
        Ok(Lists {
            block: ArcSwap::from_pointee(Snapshot::load(&paths, ListName::Block)?),
            allow: ArcSwap::from_pointee(Snapshot::load(&paths, ListName::Allow)?),
            paths,
            writer: Mutex::new(()),
        })
    }

    /// Re-reads every file (admin `POST /reload`, or after editing files by hand); on error
    /// the lists in use are kept.
    pub fn reload(&self) -> Result<(), ListError> {
        let _w = self.lock();
        let block = Snapshot::load(&self.paths, ListName::Block)?;
        let allow = Snapshot::load(&self.paths, ListName::Allow)?;
        self.block.store(Arc::new(block));
        self.allow.store(Arc::new(allow));
        Ok(())
    }

    fn lock(&self) -> MutexGuard<'_, ()> {
        // The mutex guards no data, so a panicked writer leaves nothing inconsistent.
        self.writer.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn cell(&self, list: ListName) -> &ArcSwap<Snapshot> {
        match list {
            ListName::Block => &self.block,
            ListName::Allow => &self.allow,
        }
    }

    /// Returns the first block-list hit for the request (IP, device, user, email, email
    /// domain, in that order) at `now_unix` seconds, or `None`. Expired entries never hit.
    /// Called once per request; lock-free and allocation-free for ASCII emails.
    pub fn check(&self, q: &ListQuery<'_>, now_unix: u64) -> Option<ListHit> {
        let snap = self.block.load();
        if let Some(e) =
            q.ip.and_then(|ip| snap.table(ListKind::Ip).ip(ip, now_unix))
        {
            return Some(hit(ListKind::Ip, e));
        }
        let devices = snap.table(ListKind::Device);
        // Parsing the id costs more than the rest of the check: only when one is listed.
        let device = match devices.len() {
            0 => None,
            _ => q.device.and_then(|d| parse_device_hex(d.trim())),
        };
        if let Some(e) = device.and_then(|d| devices.device(d, now_unix)) {
            return Some(hit(ListKind::Device, e));
        }
        if let Some(e) = q
            .user
            .and_then(|u| snap.table(ListKind::User).text(u, now_unix))
        {
            return Some(hit(ListKind::User, e));
        }
        let email = q.email?;
        with_lowercase(email, |email| {
            if let Some(e) = snap.table(ListKind::Email).text(email, now_unix) {
                return Some(hit(ListKind::Email, e));
            }
            let (_, domain) = email.rsplit_once('@')?;
            let domains = snap.table(ListKind::EmailDomain);
            let mut d = domain.strip_suffix('.').unwrap_or(domain);
            loop {
                if let Some(e) = domains.text(d, now_unix) {
                    return Some(hit(ListKind::EmailDomain, e));
                }
                d = &d[d.find('.')? + 1..];
            }
        })
    }

    /// Returns true when the request's IP or user is on the allow list at `now_unix`; the
    /// caller then skips lists and rate limits. Called before [`Self::check`].
    pub fn is_allowed(&self, q: &ListQuery<'_>, now_unix: u64) -> bool {
        let snap = self.allow.load();
        q.ip.is_some_and(|ip| snap.table(ListKind::Ip).ip(ip, now_unix).is_some())
            || q.user
                .is_some_and(|u| snap.table(ListKind::User).text(u, now_unix).is_some())
    }

    fn entry(kind: ListKind, new: &NewEntry<'_>, now_unix: u64) -> Result<Entry, ListError> {
        let reason = match new.reason {
            Some(r) => parse_reason(r).map_err(|why| invalid(kind, r, why))?,
            None => None,
        };
        let by = parse_added_by(new.added_by).map_err(|why| invalid(kind, new.added_by, why))?;
        let expires_at = match new.ttl {
            None => None,
            Some(ttl) if ttl.is_zero() => {
                return Err(invalid(kind, "0s", "a TTL must be longer than zero"))
            }
            Some(ttl) => {
                let secs = ttl.as_secs() + u64::from(ttl.subsec_nanos() > 0);
                Some(now_unix.saturating_add(secs))
            }
        };
        Ok(Entry {
            expires_at,
            reason: reason.map(Into::into),
            added_at: Some(now_unix),
            added_by: Some(by.into()),
        })
    }

    fn prepare(&self, list: ListName, kind: ListKind, raw: &str) -> Result<Value, ListError> {
        if !list.supports(kind) {
            return Err(ListError::Unsupported { list, kind });
        }
        parse_value(kind, raw).map_err(|why| invalid(kind, raw, why))
    }

    /// Copies one table, applies `f`, drops expired entries, persists the file (if the kind
    /// has one) when anything changed, and only then publishes. The caller holds the writer
    /// lock.
    fn edit<R>(
        &self,
        list: ListName,
        kind: ListKind,
        now_unix: u64,
        f: impl FnOnce(&mut Table) -> (R, bool),
    ) -> Result<R, ListError> {
        let cell = self.cell(list);
        let snap = cell.load_full();
        let mut table = Table::clone(snap.table(kind));
        let (out, changed) = f(&mut table);
        let purged = table.purge(now_unix);
        if changed || purged > 0 {
            if let Some(path) = self.paths.get(list, kind) {
                write_atomic(path, &render_file(list, kind, &table))?;
            }
            let mut next = Snapshot::clone(&snap);
            next.tables[kind.index()] = Arc::new(table);
            cell.store(Arc::new(next));
        }
        Ok(out)
    }

    /// Adds (or replaces) an entry and persists it; admin `POST /lists/{kind}` and
    /// [`Self::report`]. Returns the stored entry. Errors: invalid input, unsupported kind,
    /// or a write failure (then nothing changed). Blocking file I/O: call it from
    /// `spawn_blocking` in async code.
    pub fn add(
        &self,
        list: ListName,
        kind: ListKind,
        value: &str,
        new: &NewEntry<'_>,
        now_unix: u64,
    ) -> Result<EntryView, ListError> {
        let value = self.prepare(list, kind, value)?;
        let entry = Self::entry(kind, new, now_unix)?;
        let _w = self.lock();
        let out = view(list, kind, &value, &entry);
        self.edit(list, kind, now_unix, |t| {
            let inserted = t.insert(value, entry);
            ((), inserted)
        })?;
        Ok(out)
    }

    /// Removes an entry (given in any spelling of its value) and persists; returns false
    /// when it was not listed. Admin `DELETE /lists/{kind}/{value}`.
    pub fn remove(
        &self,
        list: ListName,
        kind: ListKind,
        value: &str,
        now_unix: u64,
    ) -> Result<bool, ListError> {
        let value = self.prepare(list, kind, value)?;
        let _w = self.lock();
        self.edit(list, kind, now_unix, |t| {
            let removed = t.remove(&value);
            (removed, removed)
        })
    }

    /// Returns the live entries of one (list, kind), sorted by value; admin
    /// `GET /lists/{kind}`.
    pub fn list(&self, list: ListName, kind: ListKind, now_unix: u64) -> Vec<EntryView> {
        let snap = self.cell(list).load();
        snap.table(kind)
            .entries()
            .into_iter()
            .filter(|(_, e)| e.live(now_unix))
            .map(|(v, e)| view(list, kind, &v, e))
            .collect()
    }

    /// Returns true when changes to one (list, kind) are written to a file (and so survive a
    /// restart); false for memory-only kinds.
    pub fn is_persistent(&self, list: ListName, kind: ListKind) -> bool {
        list.supports(kind) && self.paths.get(list, kind).is_some()
    }

    /// Returns how many entries one (list, kind) holds (expired ones not yet purged
    /// included); for a metrics gauge.
    pub fn len(&self, list: ListName, kind: ListKind) -> usize {
        self.cell(list).load().table(kind).len()
    }

    /// Blocks every identity of an order marked fraudulent (admin `POST /report`): the IP
    /// (as a single address), device, user and email present in `ids`, with one reason and
    /// TTL. Everything is validated before anything is written; returns the stored entries
    /// (empty when `ids` names nothing). If a write fails midway, the kinds written before
    /// it stay blocked (each is durable) and the error names the file that failed.
    pub fn report(
        &self,
        ids: &ListQuery<'_>,
        new: &NewEntry<'_>,
        now_unix: u64,
    ) -> Result<Vec<EntryView>, ListError> {
        let ip = ids.ip.map(|ip| ip.to_canonical().to_string());
        let wanted = [
            (ListKind::Ip, ip.as_deref()),
            (ListKind::Device, ids.device),
            (ListKind::User, ids.user),
            (ListKind::Email, ids.email),
        ];
        let mut planned = Vec::with_capacity(wanted.len());
        for (kind, raw) in wanted {
            if let Some(raw) = raw {
                let value = self.prepare(ListName::Block, kind, raw)?;
                planned.push((kind, value, Self::entry(kind, new, now_unix)?));
            }
        }
        let _w = self.lock();
        let mut out = Vec::with_capacity(planned.len());
        for (kind, value, entry) in planned {
            out.push(view(ListName::Block, kind, &value, &entry));
            self.edit(ListName::Block, kind, now_unix, |t| {
                ((), t.insert(value, entry))
            })?;
        }
        Ok(out)
    }

    /// Drops expired entries from memory and files; returns how many were dropped. Call it
    /// periodically (e.g. every minute from a background task) — lookups already ignore
    /// expired entries, this only reclaims space and keeps files tidy.
    pub fn purge_expired(&self, now_unix: u64) -> Result<usize, ListError> {
        let _w = self.lock();
        let mut total = 0;
        for list in [ListName::Block, ListName::Allow] {
            for kind in ListKind::ALL {
                let expired = self.cell(list).load().table(kind).expired(now_unix);
                if expired > 0 {
                    self.edit(list, kind, now_unix, |_| ((), false))?;
                    total += expired;
                }
            }
        }
        Ok(total)
    }
}

#[cfg(test)]
#[path = "store_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "persist_tests.rs"]
mod persist_tests;
