//! A bounded, insertion-ordered index of recent items by key (request id), for the admin
//! API: recent decisions and recent orders.
//!
//! Why not moka: its housekeeping runs inline on the inserting request every few dozen
//! inserts and showed up as a millisecond tail on order requests (BENCHMARKS.md). This is a
//! ring: a `VecDeque` in insertion order plus a `HashMap` for lookups, behind one mutex
//! held for a few hundred nanoseconds; the oldest item is dropped when full.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};

/// The bounded index.
pub struct RecentIndex<T> {
    inner: Mutex<Inner<T>>,
    capacity: usize,
}

struct Inner<T> {
    order: VecDeque<String>,
    items: HashMap<String, Arc<T>>,
}

impl<T> RecentIndex<T> {
    /// Creates an index keeping at most `capacity` items (at least 1).
    pub fn new(capacity: usize) -> Self {
        RecentIndex {
            inner: Mutex::new(Inner {
                order: VecDeque::new(),
                items: HashMap::new(),
            }),
            capacity: capacity.max(1),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner<T>> {
        // The index is only a cache of log data: a panic mid-insert leaves it usable.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Adds (or replaces) an item; drops the oldest when full.
    pub fn insert(&self, key: String, item: Arc<T>) {
        let mut g = self.lock();
        if g.items.insert(key.clone(), item).is_none() {
            g.order.push_back(key);
            while g.order.len() > self.capacity {
                if let Some(old) = g.order.pop_front() {
                    g.items.remove(&old);
                }
            }
        }
    }

    /// The item under `key`, if still held.
    pub fn get(&self, key: &str) -> Option<Arc<T>> {
        self.lock().items.get(key).cloned()
    }

    /// Up to `limit` items matching `keep`, newest first.
    pub fn newest(&self, limit: usize, keep: impl Fn(&T) -> bool) -> Vec<Arc<T>> {
        let g = self.lock();
        g.order
            .iter()
            .rev()
            .filter_map(|k| g.items.get(k))
            .filter(|t| keep(t))
            .take(limit)
            .cloned()
            .collect()
    }

    /// Items held.
    pub fn len(&self) -> usize {
        self.lock().items.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_newest_up_to_capacity() {
        let idx = RecentIndex::new(3);
        for i in 0..5 {
            idx.insert(format!("k{i}"), Arc::new(i));
        }
        assert_eq!(idx.len(), 3);
        assert!(idx.get("k1").is_none());
        assert_eq!(*idx.get("k4").unwrap(), 4);
        let even: Vec<i32> = idx.newest(10, |v| v % 2 == 0).iter().map(|v| **v).collect();
        assert_eq!(even, [4, 2]);
        idx.insert("k4".into(), Arc::new(40));
        assert_eq!(idx.len(), 3, "replacing does not grow");
        assert_eq!(*idx.get("k4").unwrap(), 40);
    }
}
