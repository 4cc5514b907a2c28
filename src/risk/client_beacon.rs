//! Beacons of cookie-less clients (`[risk.signals] beacon_via_client`).
//!
//! The beacon is bound to a device through its cookie (`fingerprint::BeaconStore`), so a
//! browser that keeps no cookie posts its beacon from the page it loads and the shop
//! forgets it: a checkout bot (Playwright or puppeteer with `webdriver` hidden, a new
//! residential address per order, the order seconds after the page) shows its hardware
//! contradicting its `User-Agent` only to a shop that keeps the cookie. Here a beacon
//! posted without a valid device cookie is remembered for 30 minutes under its client,
//! the address and `User-Agent` ([`super::linkage::page_client`], what a cookie-less
//! browser keeps between its page and its order): how many distinct beacons the client
//! posted and which consistency verdict each gave (checked against the beacon request's
//! own `User-Agent` and client hints, the ones its order sends). A cookie-less order
//! without a beacon of its own inherits the verdict when its client posted exactly one
//! distinct beacon in the window; two or more (strangers behind one carrier address
//! with one browser build) are ambiguous and inherit nothing. The inherited verdict is
//! the order's `device_inconsistent` fact (reason `device_inconsistent`, as if the
//! device had kept its cookie), logged with `beacon_via_client`.
//!
//! The model does not see the inherited beacon (its `no_beacon` input stays as it was):
//! only the rule does. State goes through [`StateBackend::record`], so in fleet mode the
//! note is a background Redis write and the read rides the order's round trip.

use crate::fingerprint::Inconsistency;
use crate::state::{RecordOp, Scope, StateBackend, StateKey, Window};
use std::time::Duration;

/// How long a cookie-less client's beacon is remembered.
const WINDOW: Duration = Duration::from_secs(1_800);
/// Record tag inside [`Scope::Velocity`] (velocity 1–5, signals 32–34, linkage 35–41).
const TAG: u32 = 42;
/// Field of the distinct beacon hashes.
const HASHES: u8 = 0;
/// Fields of the verdict counters, in [`KINDS`] order (1..=5).
const KINDS: [Inconsistency; 5] = [
    Inconsistency::X86Android,
    Inconsistency::PlatformOs,
    Inconsistency::PhoneWithoutTouch,
    Inconsistency::PhoneDesktopScreen,
    Inconsistency::PhoneManyCores,
];

fn field(kind: Inconsistency) -> u8 {
    KINDS.iter().position(|k| *k == kind).unwrap_or(0) as u8 + 1
}

fn window() -> Window {
    Window::sliding(WINDOW)
}

/// What a cookie-less order inherits from its client's beacon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Inherited {
    /// The client posted exactly one distinct beacon in the last 30 minutes.
    pub beacon: bool,
    /// That beacon's consistency verdict (`None`: consistent).
    pub inconsistency: Option<Inconsistency>,
}

/// Notes a beacon posted by `client` without a valid device cookie: its hash and its
/// consistency verdict against the beacon request's own headers. One record write.
pub fn record(
    state: &dyn StateBackend,
    client: u128,
    hash: u64,
    verdict: Option<Inconsistency>,
    now_ms: u64,
) {
    let key = StateKey::new(Scope::Velocity, TAG, client);
    let hashes = RecordOp::AddDistinct {
        field: HASHES,
        member: hash,
        window: window(),
    };
    let ops = match verdict {
        Some(kind) => [
            hashes,
            RecordOp::Incr {
                field: field(kind),
                window: window(),
            },
        ],
        None => [hashes; 2],
    };
    let n = if verdict.is_some() { 2 } else { 1 };
    let mut out = [0u64; 2];
    state.record(key, &ops[..n], now_ms, &mut out[..n]);
}

/// What an order from `client` without its own beacon inherits (one record read).
pub fn inherit(state: &dyn StateBackend, client: u128, now_ms: u64) -> Inherited {
    let key = StateKey::new(Scope::Velocity, TAG, client);
    let mut ops = [RecordOp::CountDistinct {
        field: HASHES,
        window: window(),
    }; 1 + KINDS.len()];
    for (i, kind) in KINDS.iter().enumerate() {
        ops[i + 1] = RecordOp::Get {
            field: field(*kind),
            window: window(),
        };
    }
    let mut out = [0u64; 1 + KINDS.len()];
    state.record(key, &ops, now_ms, &mut out);
    if out[0] != 1 {
        return Inherited::default();
    }
    Inherited {
        beacon: true,
        inconsistency: KINDS
            .iter()
            .zip(&out[1..])
            .find(|(_, n)| **n > 0)
            .map(|(k, _)| *k),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{MemoryState, MemoryStateConfig};

    const T0: u64 = 1_700_000_000_000;

    fn state() -> MemoryState {
        MemoryState::new(MemoryStateConfig {
            max_entries: std::num::NonZeroU64::new(1_000).unwrap(),
        })
    }

    #[test]
    fn one_inconsistent_beacon_is_inherited_within_30_minutes() {
        let s = state();
        record(&s, 7, 0xabc, Some(Inconsistency::PlatformOs), T0);
        let got = inherit(&s, 7, T0 + 10_000);
        assert_eq!(
            got,
            Inherited {
                beacon: true,
                inconsistency: Some(Inconsistency::PlatformOs)
            }
        );
        // Another client (address or User-Agent) inherits nothing.
        assert_eq!(inherit(&s, 8, T0 + 10_000), Inherited::default());
        // Forgotten after the window.
        assert_eq!(inherit(&s, 7, T0 + 1_801_000), Inherited::default());
    }

    #[test]
    fn a_consistent_beacon_is_inherited_without_a_verdict() {
        let s = state();
        record(&s, 7, 0xabc, None, T0);
        record(&s, 7, 0xabc, None, T0 + 1_000);
        assert_eq!(
            inherit(&s, 7, T0 + 2_000),
            Inherited {
                beacon: true,
                inconsistency: None
            }
        );
    }

    #[test]
    fn two_distinct_beacons_on_one_client_are_ambiguous() {
        let s = state();
        record(&s, 7, 0xabc, None, T0);
        record(&s, 7, 0xdef, Some(Inconsistency::PlatformOs), T0 + 1_000);
        assert_eq!(inherit(&s, 7, T0 + 2_000), Inherited::default());
    }
}
