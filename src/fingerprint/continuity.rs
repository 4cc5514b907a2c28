//! Device continuity: is the browser presenting a signed device cookie the one the cookie
//! was seen with? A stolen cookie (an infostealer log, session replay) is pasted into
//! another browser: the cookie's signature is valid, its age is months, but the client
//! underneath is someone else's.
//!
//! [`StableTraits`] are the request traits that do not change while one browser keeps
//! its cookie: the User-Agent *family* (Chrome, Firefox, Edge, …; not the version, so an
//! update keeps it), whether the UA's operating system is Apple's (iPadOS and iPhone
//! "desktop website" say Mac, Android desktop mode says Linux or Windows: those moves stay
//! within one side), and the primary `Accept-Language` tag. The beacon adds the hardware
//! (`navigator.platform` class and whether the screen has touch points: neither changes
//! with zoom, monitors, updates or networks). A new network, a new address, a browser
//! update and an unknown value (absent header, unrecognised UA, `Other` platform) are not
//! changes. Canvas hashes, cores and time zones are not compared: Brave and Safari
//! randomise the first two per session and travellers move the third.
//!
//! [`ContinuityStore`] anchors a device's traits at the first request that presents its
//! valid cookie and remembers the first contradiction for as long as the entry lives
//! (later orders on the same cookie are reviewed too: the cookie is compromised). It is
//! in-process and bounded like [`super::BeaconStore`].

use super::consistency::PlatformClass;
use super::signals::{ua_os, Platform};
use super::ua::{ua_family, UaFamily};
use super::DeviceId;
use moka::sync::Cache;
use std::num::NonZeroU64;
use std::time::Duration;

/// Longest primary language tag kept (`zh-hant-tw` is 10; longer tags are cut).
const LANG_LEN: usize = 12;

/// What one request says about the browser that sent it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StableTraits {
    /// The UA family; `None` for families that say nothing stable (`Other`, `Empty`).
    pub family: Option<UaFamily>,
    /// Whether the UA names an Apple OS (macOS, iOS, iPadOS); `None`: no OS recognised.
    pub apple: Option<bool>,
    /// The first `Accept-Language` tag, lower-cased (zero-padded); all zero: absent.
    pub lang: [u8; LANG_LEN],
}

impl StableTraits {
    /// The traits of a request with this `User-Agent` and `Accept-Language`.
    pub fn of(ua: &[u8], accept_language: Option<&[u8]>) -> StableTraits {
        let family = match ua_family(ua) {
            UaFamily::Other | UaFamily::Empty => None,
            f => Some(f),
        };
        let apple = ua_os(ua).map(|os| matches!(os, Platform::Mac | Platform::Ios));
        let mut lang = [0u8; LANG_LEN];
        if let Some(v) = accept_language {
            let first = v.split(|&c| c == b',').next().unwrap_or_default();
            let tag = first.split(|&c| c == b';').next().unwrap_or_default();
            let tag = tag.trim_ascii();
            if tag != b"*" {
                for (d, s) in lang.iter_mut().zip(tag) {
                    *d = s.to_ascii_lowercase();
                }
            }
        }
        StableTraits {
            family,
            apple,
            lang,
        }
    }
}

impl StableTraits {
    /// These traits with the unknown ones taken from `other`.
    fn merge(&self, other: &StableTraits) -> StableTraits {
        StableTraits {
            family: self.family.or(other.family),
            apple: self.apple.or(other.apple),
            lang: if self.lang[0] == 0 {
                other.lang
            } else {
                self.lang
            },
        }
    }
}

/// What changed under one device cookie (logged as `signals.device_replayed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TraitChange {
    /// Another browser family (Firefox → Chrome, Chrome → Edge).
    UaFamily,
    /// An Apple OS ↔ a non-Apple one in the User-Agent.
    Os,
    /// Another primary `Accept-Language` tag (`en-us` → `ru-ru`).
    Language,
    /// The beacon's platform class or touch screen changed (`MacIntel` → `Win32`).
    Hardware,
}

impl TraitChange {
    /// Stable snake_case name.
    pub const fn as_str(self) -> &'static str {
        match self {
            TraitChange::UaFamily => "ua_family",
            TraitChange::Os => "os",
            TraitChange::Language => "language",
            TraitChange::Hardware => "hardware",
        }
    }
}

/// The first difference between the traits a cookie was seen with (`was`) and a request's
/// (`now`), in the order family, OS, language; `None` when every known trait agrees.
pub fn trait_change(was: &StableTraits, now: &StableTraits) -> Option<TraitChange> {
    fn differ<T: PartialEq>(a: Option<T>, b: Option<T>) -> bool {
        matches!((a, b), (Some(x), Some(y)) if x != y)
    }
    if differ(was.family, now.family) {
        return Some(TraitChange::UaFamily);
    }
    if differ(was.apple, now.apple) {
        return Some(TraitChange::Os);
    }
    if was.lang[0] != 0 && now.lang[0] != 0 && was.lang != now.lang {
        return Some(TraitChange::Language);
    }
    None
}

/// Whether two beacons' hardware (platform class, touch screen) can be one machine;
/// `Other` platforms are never judged.
pub fn hardware_changed(was: (PlatformClass, u8), now: (PlatformClass, u8)) -> bool {
    let known = |p| p != PlatformClass::Other;
    (known(was.0) && known(now.0) && was.0 != now.0) || ((was.1 > 0) != (now.1 > 0))
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    traits: StableTraits,
    change: Option<TraitChange>,
}

/// A bounded map `DeviceId → (anchored traits, first change seen)`.
#[derive(Clone)]
pub struct ContinuityStore {
    cache: Cache<DeviceId, Entry>,
}

impl ContinuityStore {
    /// A store of at most `max_entries` devices, each kept `ttl` after its last request.
    pub fn new(max_entries: NonZeroU64, ttl: Duration) -> Self {
        ContinuityStore {
            cache: Cache::builder()
                .max_capacity(max_entries.get())
                .time_to_idle(ttl.max(Duration::from_secs(1)))
                .build(),
        }
    }

    /// A request presented `device`'s valid cookie with `traits`: anchors them on first
    /// sight, and returns the change seen on this cookie so far (this request's or an
    /// earlier one's). The anchor is never moved, so the thief's own page view before an
    /// order does not launder the cookie.
    pub fn observe(&self, device: DeviceId, traits: StableTraits) -> Option<TraitChange> {
        match self.cache.get(&device) {
            None => {
                self.cache.insert(
                    device,
                    Entry {
                        traits,
                        change: None,
                    },
                );
                None
            }
            Some(e) if e.change.is_some() => e.change,
            Some(e) => {
                let change = trait_change(&e.traits, &traits);
                // Traits the anchor did not know yet (a beacon request without a
                // User-Agent) are learnt from the first request that has them.
                let merged = e.traits.merge(&traits);
                if change.is_some() || merged != e.traits {
                    self.cache.insert(
                        device,
                        Entry {
                            traits: merged,
                            change,
                        },
                    );
                }
                change
            }
        }
    }

    /// Records a change found elsewhere (the beacon's hardware) on a known device.
    pub fn mark(&self, device: DeviceId, change: TraitChange) {
        if let Some(e) = self.cache.get(&device) {
            if e.change.is_none() {
                self.cache.insert(
                    device,
                    Entry {
                        change: Some(change),
                        ..e
                    },
                );
            }
        }
    }

    /// The change seen on `device`'s cookie, if any.
    pub fn change(&self, device: DeviceId) -> Option<TraitChange> {
        self.cache.get(&device).and_then(|e| e.change)
    }
}

impl std::fmt::Debug for ContinuityStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ContinuityStore")
            .field("entries", &self.cache.entry_count())
            .finish()
    }
}

#[cfg(test)]
#[path = "continuity_tests.rs"]
mod tests;
