//! The verdict of one cache lookup: the `X-Cache` value and the metrics label.
//!
//! A leaf module (it imports nothing of riskgate) so the metrics can name the verdicts
//! without importing the cache, and the cache can import the metrics: no cycle.

/// What the cache did for one request; the `X-Cache` header and the metrics label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheVerdict {
    /// Served from the store, fresh.
    Hit,
    /// Not in the store: fetched from the origin (and stored when cacheable).
    Miss,
    /// Served stale from the store: while revalidating in the background
    /// (`stale-while-revalidate`) or because the origin failed (`stale-if-error`).
    Stale,
    /// Stored copy was stale; the origin sent a new one.
    Expired,
    /// Stored copy was stale; the origin confirmed it (304) and it was served.
    Revalidated,
    /// The cache was not used (method, credentials, or not a cacheable route).
    Bypass,
}

impl CacheVerdict {
    /// Every verdict, in metric-child order.
    pub const ALL: [CacheVerdict; 6] = [
        CacheVerdict::Hit,
        CacheVerdict::Miss,
        CacheVerdict::Stale,
        CacheVerdict::Expired,
        CacheVerdict::Revalidated,
        CacheVerdict::Bypass,
    ];

    /// The `X-Cache` header value.
    pub fn header(self) -> &'static str {
        match self {
            CacheVerdict::Hit => "HIT",
            CacheVerdict::Miss => "MISS",
            CacheVerdict::Stale => "STALE",
            CacheVerdict::Expired => "EXPIRED",
            CacheVerdict::Revalidated => "REVALIDATED",
            CacheVerdict::Bypass => "BYPASS",
        }
    }

    /// The metrics label value.
    pub fn label(self) -> &'static str {
        match self {
            CacheVerdict::Hit => "hit",
            CacheVerdict::Miss => "miss",
            CacheVerdict::Stale => "stale",
            CacheVerdict::Expired => "expired",
            CacheVerdict::Revalidated => "revalidated",
            CacheVerdict::Bypass => "bypass",
        }
    }

    /// Whether the body came from the store (counted as bytes served from cache).
    pub fn from_store(self) -> bool {
        matches!(
            self,
            CacheVerdict::Hit | CacheVerdict::Stale | CacheVerdict::Revalidated
        )
    }
}
