//! [`BeaconStore`]: which devices' browsers ran the beacon script, and what they reported.
//!
//! An in-process, bounded moka cache `DeviceId → BeaconRecord`. A device that places an
//! order without ever having posted a beacon (no record) is itself a signal: scripts and
//! headless order bots rarely run page JavaScript. This file keeps only a hash and the few
//! fields scoring uses, never the raw beacon; it does not share state across edges (the
//! `state` module's Redis backend does that for a fleet).

use super::{Beacon, BeaconTraits, DeviceId};
use moka::sync::Cache;
use std::num::NonZeroU64;
use std::time::Duration;

/// Shortest TTL the store keeps a record for.
pub const MIN_BEACON_TTL: Duration = Duration::from_secs(1);
/// Longest TTL the store keeps a record for (moka refuses more than ~1000 years; a year is
/// already longer than any device cookie should live).
pub const MAX_BEACON_TTL: Duration = Duration::from_secs(365 * 86_400);

/// What is remembered about a device's latest beacon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BeaconRecord {
    /// [`Beacon::beacon_hash`] of the latest beacon.
    pub hash: u64,
    /// Whether the latest beacon reported `navigator.webdriver`.
    pub webdriver: bool,
    /// Local time minus UTC in minutes, for a timezone-versus-geo check.
    pub timezone_offset_minutes: i16,
    /// When the beacon arrived, unix seconds.
    pub received_at: u64,
}

/// One device's entry: the record and the hardware traits the device-consistency check
/// compares with each order's `User-Agent` (`super::device_consistency`).
#[derive(Debug, Clone, Copy)]
struct Entry {
    record: BeaconRecord,
    traits: BeaconTraits,
    uniform: bool,
}

/// A bounded store of the latest beacon per device.
///
/// Built once at start from `fingerprint.beacon_store_size` and `.beacon_ttl`, shared by
/// `Arc`; `record` and `get` are lock-free and safe from any thread.
#[derive(Clone)]
pub struct BeaconStore {
    cache: Cache<DeviceId, Entry>,
    ttl_secs: u64,
}

impl BeaconStore {
    /// Creates a store holding at most `max_entries` devices, each for `ttl` after its
    /// latest beacon (clamped to [`MIN_BEACON_TTL`]..=[`MAX_BEACON_TTL`]).
    pub fn new(max_entries: NonZeroU64, ttl: Duration) -> Self {
        let ttl = ttl.clamp(MIN_BEACON_TTL, MAX_BEACON_TTL);
        BeaconStore {
            cache: Cache::builder()
                .max_capacity(max_entries.get())
                .time_to_live(ttl)
                .build(),
            ttl_secs: ttl.as_secs(),
        }
    }

    /// Records `beacon` as `device`'s latest, received at `now_unix` (unix seconds).
    ///
    /// Called for each accepted beacon request that carried a valid device cookie. Returns
    /// the previous live record, so the caller can count a device whose environment hash
    /// changed (one cookie replayed on several machines).
    pub fn record(&self, device: DeviceId, beacon: &Beacon, now_unix: u64) -> Option<BeaconRecord> {
        let previous = self.get(device, now_unix);
        self.cache.insert(
            device,
            Entry {
                record: BeaconRecord {
                    hash: beacon.beacon_hash(),
                    webdriver: beacon.webdriver,
                    timezone_offset_minutes: beacon.timezone_offset_minutes,
                    received_at: now_unix,
                },
                traits: BeaconTraits::of(beacon),
                uniform: beacon.uniform_by_design(),
            },
        );
        previous
    }

    /// Returns `device`'s latest beacon record if one arrived within the TTL before
    /// `now_unix`; `None` means this device's browser has not run the script lately.
    ///
    /// The TTL is checked against `now_unix` as well as by moka's own clock, so results
    /// are deterministic for a given `now`.
    pub fn get(&self, device: DeviceId, now_unix: u64) -> Option<BeaconRecord> {
        self.get_with_traits(device, now_unix).map(|(r, _)| r)
    }

    /// [`BeaconStore::get`] with the hardware traits of the same beacon (order routes:
    /// the device-consistency check).
    pub fn get_with_traits(
        &self,
        device: DeviceId,
        now_unix: u64,
    ) -> Option<(BeaconRecord, BeaconTraits)> {
        self.cache
            .get(&device)
            .filter(|e| now_unix.saturating_sub(e.record.received_at) <= self.ttl_secs)
            .map(|e| (e.record, e.traits))
    }

    /// Whether `device`'s latest live beacon is one of a browser that makes every user
    /// look the same by design ([`Beacon::uniform_by_design`]).
    pub fn uniform(&self, device: DeviceId, now_unix: u64) -> bool {
        self.cache
            .get(&device)
            .filter(|e| now_unix.saturating_sub(e.record.received_at) <= self.ttl_secs)
            .is_some_and(|e| e.uniform)
    }

    /// Returns the approximate number of devices held (for a gauge; moka counts lazily).
    pub fn entry_count(&self) -> u64 {
        self.cache.entry_count()
    }
}

impl std::fmt::Debug for BeaconStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BeaconStore")
            .field("entries", &self.cache.entry_count())
            .field("ttl_secs", &self.ttl_secs)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fingerprint::parse_beacon;

    const BODY: &str = r#"{"v":1,"timezone":"Europe/Berlin","tz_offset":60,"screen":{"w":1920,"h":1080,"depth":24},"dpr":1,"platform":"Win32","languages":["de-DE"],"cores":8,"canvas":"1fbc52f9","webdriver":true,"touch_points":0}"#;
    const NOW: u64 = 1_700_000_000;

    fn store(max: u64, ttl_secs: u64) -> BeaconStore {
        BeaconStore::new(NonZeroU64::new(max).unwrap(), Duration::from_secs(ttl_secs))
    }

    fn id(n: u128) -> DeviceId {
        DeviceId::from_bytes(n.to_be_bytes())
    }

    #[test]
    fn records_and_returns_the_latest_beacon() {
        let s = store(10, 3600);
        let b = parse_beacon(BODY.as_bytes()).unwrap();
        assert_eq!(s.get(id(1), NOW), None, "absent before any beacon");
        assert_eq!(s.record(id(1), &b, NOW), None);
        let want = BeaconRecord {
            hash: b.beacon_hash(),
            webdriver: true,
            timezone_offset_minutes: 60,
            received_at: NOW,
        };
        assert_eq!(s.get(id(1), NOW + 10), Some(want));
        assert_eq!(s.get(id(2), NOW + 10), None, "other devices unaffected");
        // A second beacon replaces the first and returns it.
        assert_eq!(s.record(id(1), &b, NOW + 20), Some(want));
        assert_eq!(s.get(id(1), NOW + 20).unwrap().received_at, NOW + 20);
    }

    #[test]
    fn records_older_than_the_ttl_are_absent() {
        let s = store(10, 60);
        let b = parse_beacon(BODY.as_bytes()).unwrap();
        s.record(id(1), &b, NOW);
        assert!(s.get(id(1), NOW + 60).is_some());
        assert_eq!(s.get(id(1), NOW + 61), None);
        assert_eq!(
            s.record(id(1), &b, NOW + 61),
            None,
            "an expired record is not 'previous'"
        );
    }

    #[test]
    fn holds_no_more_than_max_entries() {
        let s = store(100, 3600);
        let b = parse_beacon(BODY.as_bytes()).unwrap();
        for n in 0..2_000 {
            s.record(id(n), &b, NOW);
        }
        s.cache.run_pending_tasks();
        assert!(s.entry_count() <= 100, "{} entries", s.entry_count());
        assert!(s.entry_count() > 0);
    }

    #[test]
    fn ttl_is_clamped() {
        assert_eq!(store(1, 0).ttl_secs, 1);
        assert_eq!(store(1, u64::MAX / 4).ttl_secs, MAX_BEACON_TTL.as_secs());
    }
}
