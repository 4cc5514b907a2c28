//! [`MokaStorage`]: the production storage backend of the edge cache, on `moka`.
//!
//! pingora-cache's own `MemCache` is documented as for testing only (unbounded, copies
//! every body). This store is bounded by bytes (a weigher counts body, header and key),
//! admits with moka's TinyLFU (a one-off object cannot push out popular ones), refuses
//! objects above `max_object_bytes`, and supports streaming partial writes so coalesced
//! requests read a body while it arrives. It also owns the size gauges, the eviction
//! counter and purge by URL or prefix. It does not decide what is cacheable (`policy`).

use super::fill::{CompleteHit, Fill, Hit, Miss};
use super::key::PurgeMatch;
use super::meta::StoredMeta;
use crate::metrics::CacheMetrics;
use async_trait::async_trait;
use bytes::Bytes;
use moka::notification::RemovalCause;
use pingora::cache::eviction::CacheEntryKey;
use pingora::cache::key::{CacheHashKey, HashBinary};
use pingora::cache::storage::streaming_write::U64WriteId;
use pingora::cache::storage::PurgeOutcome;
use pingora::cache::trace::SpanHandle;
use pingora::cache::{
    CacheKey, CacheMeta, HitHandler, MissHandler, PurgeTarget, PurgeType, Storage,
};
use pingora::Result;
use std::any::Any;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// Bookkeeping bytes charged per object on top of its key, header and body (moka's entry,
/// the `Arc`s and the chunk list), so a flood of tiny objects is bounded too.
const ENTRY_OVERHEAD: usize = 256;

/// One stored object.
struct Object {
    /// The primary key (`scheme://host/path?query`), for purge by URL or prefix.
    primary: Box<str>,
    meta: StoredMeta,
    body: Arc<[Bytes]>,
    len: usize,
}

impl Object {
    /// The bytes this object is charged for.
    fn weight(&self) -> usize {
        self.len + self.meta.weight() + self.primary.len() + ENTRY_OVERHEAD
    }
}

/// Counts of the store right now (for `GET /cache/stats`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreStats {
    /// Objects stored.
    pub objects: u64,
    /// Bytes charged for them.
    pub bytes: u64,
    /// Objects being written right now.
    pub fills: u64,
}

/// The moka-backed store. One per process (it must be `'static` for pingora-cache, and
/// lives in `server::Shared`, so reloads keep its contents).
pub struct MokaStorage {
    objects: moka::sync::Cache<HashBinary, Arc<Object>>,
    /// In-flight writes by key, then by write id (several writers may race after a lock
    /// timeout).
    fills: Mutex<HashMap<HashBinary, HashMap<u64, Arc<Fill>>>>,
    next_fill: AtomicU64,
    max_object_bytes: u64,
    metrics: CacheMetrics,
}

impl MokaStorage {
    /// Creates a store holding at most `max_bytes` (as weighed) and objects of at most
    /// `max_object_bytes` of body. Called once at start.
    pub fn new(max_bytes: u64, max_object_bytes: u64, metrics: CacheMetrics) -> Self {
        let listener_metrics = metrics.clone();
        let objects = moka::sync::Cache::builder()
            .max_capacity(max_bytes)
            .weigher(|_k: &HashBinary, v: &Arc<Object>| {
                u32::try_from(v.weight()).unwrap_or(u32::MAX)
            })
            .eviction_listener(move |_k, v: Arc<Object>, cause| {
                listener_metrics.objects.dec();
                listener_metrics.stored_bytes.sub(v.weight() as i64);
                if cause == RemovalCause::Size {
                    listener_metrics.evictions.inc();
                }
            })
            .build();
        MokaStorage {
            objects,
            fills: Mutex::new(HashMap::new()),
            next_fill: AtomicU64::new(1),
            max_object_bytes,
            metrics,
        }
    }

    /// Moves a finished fill into the store; `None` when the body is over
    /// `max_object_bytes` (pingora normally stops such a fill before it ends). Returns the
    /// weight charged otherwise (moka may still refuse admission or evict later).
    pub(super) fn commit(
        &self,
        hash: HashBinary,
        primary: &str,
        meta: StoredMeta,
        body: Arc<[Bytes]>,
        len: usize,
    ) -> Option<usize> {
        if len as u64 > self.max_object_bytes {
            return None;
        }
        let obj = Arc::new(Object {
            primary: primary.into(),
            meta,
            body,
            len,
        });
        Some(self.insert(hash, obj))
    }

    fn insert(&self, hash: HashBinary, obj: Arc<Object>) -> usize {
        let w = obj.weight();
        self.metrics.objects.inc();
        self.metrics.stored_bytes.add(w as i64);
        self.objects.insert(hash, obj);
        w
    }

    /// Forgets a fill once it is committed or abandoned.
    pub(super) fn end_fill(&self, hash: &HashBinary, id: u64) {
        let mut fills = self.fills.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(by_id) = fills.get_mut(hash) {
            by_id.remove(&id);
            if by_id.is_empty() {
                fills.remove(hash);
            }
        }
    }

    fn fill(&self, hash: &HashBinary, id: Option<u64>) -> Option<Arc<Fill>> {
        let fills = self.fills.lock().unwrap_or_else(|p| p.into_inner());
        let by_id = fills.get(hash)?;
        match id {
            Some(id) => by_id.get(&id).cloned(),
            None => by_id.values().next().cloned(),
        }
    }

    /// Removes every object whose primary key `m` matches (all `Vary` variants of a URL)
    /// and returns how many. Walks the whole store: an admin operation, not a request path.
    pub fn purge_matching(&self, m: &PurgeMatch) -> u64 {
        let doomed: Vec<Arc<HashBinary>> = self
            .objects
            .iter()
            .filter(|(_, o)| m.matches(&o.primary))
            .map(|(k, _)| k)
            .collect();
        for k in &doomed {
            self.objects.invalidate(k.as_ref());
        }
        self.objects.run_pending_tasks();
        self.metrics.purged.inc_by(doomed.len() as u64);
        doomed.len() as u64
    }

    /// Invalidates the stored response of one primary key (RFC 9111 §4.4, after an unsafe
    /// request): removes the object in its primary slot, where every lookup starts, so the
    /// next request is a miss. Other `Vary` variants stay stored under their own keys
    /// until evicted or purged; they are unreachable until a new response takes the
    /// primary slot. Cheap (one hash, one map removal), unlike [`Self::purge_matching`]:
    /// called on the request path. Returns whether an object was removed.
    pub fn invalidate(&self, primary: &str) -> bool {
        let hash = CacheKey::new(primary, "").combined_bin();
        let removed = self.objects.remove(&hash).is_some();
        if removed {
            self.metrics.invalidated.inc();
        }
        removed
    }

    /// Settles moka's pending bookkeeping (evictions, admission) and returns the counts.
    pub fn stats(&self) -> StoreStats {
        self.objects.run_pending_tasks();
        let fills = self.fills.lock().unwrap_or_else(|p| p.into_inner());
        StoreStats {
            objects: self.objects.entry_count(),
            bytes: self.objects.weighted_size(),
            fills: fills.values().map(|m| m.len() as u64).sum(),
        }
    }

    fn hit(obj: &Object) -> Result<Option<(CacheMeta, HitHandler)>> {
        let meta = obj.meta.to_meta()?;
        let hit = Hit::Complete(CompleteHit::new(obj.body.clone(), obj.len));
        Ok(Some((meta, Box::new(hit))))
    }

    fn partial(fill: &Arc<Fill>) -> Result<Option<(CacheMeta, HitHandler)>> {
        let meta = fill.meta.to_meta()?;
        Ok(Some((meta, Box::new(Hit::Partial(fill.reader())))))
    }

    fn replace_meta(&self, hash: HashBinary, meta: StoredMeta) -> bool {
        let Some(old) = self.objects.get(&hash) else {
            return false;
        };
        let obj = Arc::new(Object {
            primary: old.primary.clone(),
            meta,
            body: old.body.clone(),
            len: old.len,
        });
        self.insert(hash, obj);
        true
    }
}

#[async_trait]
impl Storage for MokaStorage {
    async fn lookup(
        &'static self,
        key: &CacheKey,
        _trace: &SpanHandle,
    ) -> Result<Option<(CacheMeta, HitHandler)>> {
        let hash = key.combined_bin();
        // A fill in progress wins over a stored (expired) copy: otherwise the refreshed
        // object would be invisible until it is complete.
        if let Some(fill) = self.fill(&hash, None) {
            return Self::partial(&fill);
        }
        match self.objects.get(&hash) {
            Some(obj) => Self::hit(&obj),
            None => Ok(None),
        }
    }

    async fn lookup_streaming_write(
        &'static self,
        key: &CacheKey,
        streaming_write_tag: Option<&[u8]>,
        trace: &SpanHandle,
    ) -> Result<Option<(CacheMeta, HitHandler)>> {
        let id = streaming_write_tag
            .and_then(|t| U64WriteId::try_from(t).ok())
            .map(u64::from);
        match id.and_then(|id| self.fill(&key.combined_bin(), Some(id))) {
            Some(fill) => Self::partial(&fill),
            None => self.lookup(key, trace).await,
        }
    }

    async fn get_miss_handler(
        &'static self,
        key: &CacheKey,
        meta: &CacheMeta,
        _trace: &SpanHandle,
    ) -> Result<MissHandler> {
        let hash = key.combined_bin();
        let fill = Fill::new(StoredMeta::new(meta)?);
        let id = self.next_fill.fetch_add(1, Ordering::Relaxed);
        self.fills
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(hash)
            .or_default()
            .insert(id, fill.clone());
        let primary = String::from_utf8_lossy(key.primary_key()).into();
        Ok(Box::new(Miss {
            store: self,
            hash,
            id: id.into(),
            primary,
            fill,
            written: 0,
            finished: false,
        }))
    }

    async fn purge(
        &'static self,
        target: PurgeTarget<'_>,
        _purge_type: PurgeType,
        _trace: &SpanHandle,
    ) -> Result<PurgeOutcome> {
        // This store keys entries by cache key only; it assigns no entry ids.
        if matches!(target, PurgeTarget::Exact(CacheEntryKey::Identified { .. })) {
            return Ok(PurgeOutcome::NotFound);
        }
        let hash = target.key().combined_bin();
        let filled = self
            .fills
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&hash)
            .is_some();
        match self.objects.remove(&hash) {
            Some(_) => Ok(PurgeOutcome::Purged(None)),
            None if filled => Ok(PurgeOutcome::Purged(None)),
            None => Ok(PurgeOutcome::NotFound),
        }
    }

    async fn expire(
        &'static self,
        target: PurgeTarget<'_>,
        _trace: &SpanHandle,
    ) -> Result<PurgeOutcome> {
        if matches!(target, PurgeTarget::Exact(CacheEntryKey::Identified { .. })) {
            return Ok(PurgeOutcome::NotFound);
        }
        let hash = target.key().combined_bin();
        let Some(obj) = self.objects.get(&hash) else {
            return Ok(PurgeOutcome::NotFound);
        };
        let mut meta = obj.meta.to_meta()?;
        meta.expire_at(SystemTime::now());
        self.replace_meta(hash, StoredMeta::new(&meta)?);
        Ok(PurgeOutcome::Expired)
    }

    async fn update_meta(
        &'static self,
        key: &CacheKey,
        meta: &CacheMeta,
        _trace: &SpanHandle,
    ) -> Result<bool> {
        Ok(self.replace_meta(key.combined_bin(), StoredMeta::new(meta)?))
    }

    fn support_streaming_partial_write(&self) -> bool {
        true
    }

    fn as_any(&self) -> &(dyn Any + Send + Sync + 'static) {
        self
    }
}
