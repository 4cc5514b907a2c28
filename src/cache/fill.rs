//! The byte side of the store: objects being written (fills), the miss handler that writes
//! them, and the hit handlers that read complete objects or follow a fill as it grows.
//!
//! Streaming matters twice: a large body is forwarded to the client chunk by chunk while it
//! is stored (never buffered whole first), and requests coalesced behind the cache lock
//! read the same fill as it arrives instead of waiting for its end. Owns no eviction or
//! bookkeeping: that is [`super::storage`].

use super::meta::StoredMeta;
use super::storage::MokaStorage;
use async_trait::async_trait;
use bytes::Bytes;
use pingora::cache::key::HashBinary;
use pingora::cache::storage::streaming_write::U64WriteId;
use pingora::cache::storage::{HandleHit, HandleMiss, MissFinishType};
use pingora::cache::trace::SpanHandle;
use pingora::cache::{CacheKey, Storage};
use pingora::{Error, ErrorType, Result};
use std::any::Any;
use std::sync::{Arc, RwLock};
use tokio::sync::watch;

/// How far a fill has come, in chunks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FillState {
    /// This many chunks are written; more may follow.
    Partial(usize),
    /// The body is complete with this many chunks.
    Complete(usize),
    /// The writer gave up (origin error, too large): readers must not see a short body as
    /// a whole one.
    Aborted,
}

/// An object being written, shared by its writer and any readers following it.
pub(super) struct Fill {
    pub(super) meta: StoredMeta,
    chunks: RwLock<Vec<Bytes>>,
    state: watch::Sender<FillState>,
}

impl Fill {
    pub(super) fn new(meta: StoredMeta) -> Arc<Fill> {
        Arc::new(Fill {
            meta,
            chunks: RwLock::new(Vec::new()),
            state: watch::channel(FillState::Partial(0)).0,
        })
    }

    /// A reader that follows this fill from its first byte.
    pub(super) fn reader(self: &Arc<Self>) -> PartialHit {
        PartialHit {
            fill: self.clone(),
            state: self.state.subscribe(),
            next: 0,
        }
    }
}

/// Follows a [`Fill`] chunk by chunk.
pub(super) struct PartialHit {
    fill: Arc<Fill>,
    state: watch::Receiver<FillState>,
    next: usize,
}

impl PartialHit {
    async fn read(&mut self) -> Result<Option<Bytes>> {
        loop {
            let state = *self.state.borrow_and_update();
            let written = match state {
                FillState::Partial(n) | FillState::Complete(n) => n,
                FillState::Aborted => {
                    return Error::e_explain(ErrorType::InternalError, "cache fill aborted")
                }
            };
            if self.next < written {
                let chunk = self
                    .fill
                    .chunks
                    .read()
                    .unwrap_or_else(|p| p.into_inner())
                    .get(self.next)
                    .cloned();
                self.next += 1;
                return Ok(chunk);
            }
            if matches!(state, FillState::Complete(_)) {
                return Ok(None);
            }
            if self.state.changed().await.is_err() {
                // The sender lives in the fill we hold, so this only happens if it aborted
                // without saying so.
                return Error::e_explain(ErrorType::InternalError, "cache fill vanished");
            }
        }
    }
}

/// Reads a complete object, optionally one byte range of it.
pub(super) struct CompleteHit {
    body: Arc<[Bytes]>,
    len: usize,
    /// Next chunk to read and the byte range still to send.
    next: usize,
    start: usize,
    end: usize,
    done: bool,
}

impl CompleteHit {
    pub(super) fn new(body: Arc<[Bytes]>, len: usize) -> Self {
        CompleteHit {
            body,
            len,
            next: 0,
            start: 0,
            end: len,
            done: false,
        }
    }

    fn read(&mut self) -> Option<Bytes> {
        if self.done {
            return None;
        }
        // Walk the chunks, skipping what lies before `start` and cutting at `end`.
        let mut offset = 0;
        for (i, chunk) in self.body.iter().enumerate() {
            let (lo, hi) = (offset, offset + chunk.len());
            offset = hi;
            if i < self.next || hi <= self.start {
                continue;
            }
            self.next = i + 1;
            if lo >= self.end {
                break;
            }
            let from = self.start.saturating_sub(lo);
            let to = chunk.len().min(self.end - lo);
            if to == chunk.len() && hi >= self.end {
                self.done = true;
            }
            return Some(chunk.slice(from..to));
        }
        self.done = true;
        None
    }
}

/// The hit handler of the store.
pub(super) enum Hit {
    /// A stored object.
    Complete(CompleteHit),
    /// An object still being written (a coalesced request following the fill).
    Partial(PartialHit),
}

#[async_trait]
impl HandleHit for Hit {
    async fn read_body(&mut self) -> Result<Option<Bytes>> {
        match self {
            Hit::Complete(c) => Ok(c.read()),
            Hit::Partial(p) => p.read().await,
        }
    }

    async fn finish(
        self: Box<Self>,
        _storage: &'static (dyn Storage + Sync),
        _key: &CacheKey,
        _trace: &SpanHandle,
    ) -> Result<()> {
        Ok(())
    }

    fn can_seek(&self) -> bool {
        matches!(self, Hit::Complete(_))
    }

    fn seek(&mut self, start: usize, end: Option<usize>) -> Result<()> {
        match self {
            Hit::Complete(c) if start < c.len => {
                c.start = start;
                c.end = end.map_or(c.len, |e| e.min(c.len));
                c.next = 0;
                c.done = false;
                Ok(())
            }
            Hit::Complete(c) => Error::e_explain(
                ErrorType::InternalError,
                format!("seek start {start} beyond body of {}", c.len),
            ),
            Hit::Partial(_) => {
                Error::e_explain(ErrorType::InternalError, "no seeking in a partial object")
            }
        }
    }

    fn should_count_access(&self) -> bool {
        matches!(self, Hit::Complete(_))
    }

    fn get_eviction_weight(&self) -> usize {
        match self {
            Hit::Complete(c) => c.len,
            Hit::Partial(_) => 0,
        }
    }

    fn as_any(&self) -> &(dyn Any + Send + Sync) {
        self
    }

    fn as_any_mut(&mut self) -> &mut (dyn Any + Send + Sync) {
        self
    }
}

/// Writes one object: chunks go to the shared [`Fill`] as they arrive; `finish` moves the
/// whole object into the store. Dropped without `finish`, the fill is aborted and removed.
pub(super) struct Miss {
    pub(super) store: &'static MokaStorage,
    pub(super) hash: HashBinary,
    pub(super) id: U64WriteId,
    pub(super) primary: Box<str>,
    pub(super) fill: Arc<Fill>,
    pub(super) written: usize,
    pub(super) finished: bool,
}

#[async_trait]
impl HandleMiss for Miss {
    async fn write_body(&mut self, data: Bytes, eof: bool) -> Result<()> {
        let n = {
            let mut chunks = self.fill.chunks.write().unwrap_or_else(|p| p.into_inner());
            if !data.is_empty() {
                self.written += data.len();
                chunks.push(data);
            }
            chunks.len()
        };
        let state = if eof {
            FillState::Complete(n)
        } else {
            FillState::Partial(n)
        };
        self.fill.state.send_replace(state);
        Ok(())
    }

    async fn finish(mut self: Box<Self>) -> Result<MissFinishType> {
        // Cloning `Bytes` copies no body bytes; readers still following the fill keep it.
        let chunks: Vec<Bytes> = self
            .fill
            .chunks
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        let n = chunks.len();
        // One contiguous body: a hit then hands the socket one buffer (one write for a
        // 64 KiB asset instead of one per origin read). Copied once per fill.
        let body: Arc<[Bytes]> = if n <= 1 {
            chunks.into()
        } else {
            let mut whole = bytes::BytesMut::with_capacity(self.written);
            for c in &chunks {
                whole.extend_from_slice(c);
            }
            Arc::new([whole.freeze()])
        };
        let weight = self.store.commit(
            self.hash,
            &self.primary,
            self.fill.meta.clone(),
            body,
            self.written,
        );
        self.finished = true;
        self.fill.state.send_replace(FillState::Complete(n));
        self.store.end_fill(&self.hash, self.id.into());
        match weight {
            Some(w) => Ok(MissFinishType::Created(w)),
            None => Error::e_explain(ErrorType::InternalError, "object over cache size limits"),
        }
    }

    fn streaming_write_tag(&self) -> Option<&[u8]> {
        Some(self.id.as_bytes())
    }
}

impl Drop for Miss {
    fn drop(&mut self) {
        if !self.finished {
            self.fill.state.send_replace(FillState::Aborted);
            self.store.end_fill(&self.hash, self.id.into());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn test_meta() -> StoredMeta {
        let h = pingora::http::ResponseHeader::build(200, None).unwrap();
        let now = std::time::SystemTime::now();
        StoredMeta::new(&pingora::cache::CacheMeta::new(now, now, 0, 0, h)).unwrap()
    }

    fn body(parts: &[&'static str]) -> (Arc<[Bytes]>, usize) {
        let v: Vec<Bytes> = parts
            .iter()
            .map(|p| Bytes::from_static(p.as_bytes()))
            .collect();
        let len = v.iter().map(Bytes::len).sum();
        (v.into(), len)
    }

    fn read_all(h: &mut CompleteHit) -> String {
        let mut out = String::new();
        while let Some(b) = h.read() {
            out.push_str(std::str::from_utf8(&b).unwrap());
        }
        out
    }

    #[test]
    fn complete_hits_read_whole_bodies_and_ranges() {
        let (b, len) = body(&["hello ", "cached ", "world"]);
        type Range = Option<(usize, Option<usize>)>;
        let cases: &[(Range, &str)] = &[
            (None, "hello cached world"),
            (Some((0, None)), "hello cached world"),
            (Some((6, Some(12))), "cached"),
            (Some((4, Some(8))), "o ca"),
            (Some((13, None)), "world"),
            (Some((17, Some(100))), "d"),
        ];
        for (range, want) in cases {
            let mut hit = Hit::Complete(CompleteHit::new(b.clone(), len));
            if let Some((s, e)) = range {
                hit.seek(*s, *e).unwrap();
            }
            let Hit::Complete(c) = &mut hit else {
                unreachable!()
            };
            assert_eq!(read_all(c), *want, "{range:?}");
        }
        let mut hit = Hit::Complete(CompleteHit::new(b, len));
        assert!(hit.seek(len, None).is_err());
    }

    #[tokio::test]
    async fn partial_hits_follow_a_fill_and_see_aborts() {
        let fill = Fill::new(test_meta());
        let mut r = fill.reader();
        fill.chunks.write().unwrap().push(Bytes::from_static(b"a"));
        fill.state.send_replace(FillState::Partial(1));
        assert_eq!(r.read().await.unwrap().as_deref(), Some(&b"a"[..]));
        fill.chunks.write().unwrap().push(Bytes::from_static(b"b"));
        fill.state.send_replace(FillState::Complete(2));
        assert_eq!(r.read().await.unwrap().as_deref(), Some(&b"b"[..]));
        assert_eq!(r.read().await.unwrap(), None);

        let fill = Fill::new(test_meta());
        let mut r = fill.reader();
        fill.state.send_replace(FillState::Aborted);
        assert!(r.read().await.is_err());
    }
}
