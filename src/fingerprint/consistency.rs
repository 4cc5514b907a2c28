//! Device consistency: does the hardware the beacon describes fit the device the order's
//! `User-Agent` (and client hints) claim?
//!
//! An anti-detect browser or an emulator rewrites the `User-Agent` and the client hints,
//! but the page script still sees the machine underneath: an Android emulator on a PC
//! reports `navigator.platform = "Linux x86_64"`, a farm's server reports a Linux platform
//! under a Windows UA, a desktop posing as a phone has no touch points. [`BeaconTraits`]
//! keeps the few beacon fields this needs (a dozen bytes per device in the
//! [`super::BeaconStore`]); [`device_consistency`] compares them with the order request.
//!
//! Only contradictions that no current browser shows honestly count. Known honest
//! oddities are not inconsistencies:
//! - iPadOS Safari (and iPhone "desktop website") sends a Macintosh UA with platform
//!   `MacIntel` and touch points: an iOS or Mac platform under a Mac UA is fine, and touch
//!   on a desktop UA never counts (touch-screen laptops too);
//! - desktop-mode browsers on Android tablets and phones send a Linux or Windows desktop
//!   UA from an ARM platform with touch points;
//! - in-app browsers (WeChat, Facebook: Android WebViews) report the phone's own platform;
//! - browser zoom and display scaling change the CSS screen size and the DPR (a 1366×768
//!   screen at 200 % is 683×384 at DPR 2): no check reads a desktop's screen or DPR;
//! - Chromebooks report `Linux x86_64` / `Linux armv7l` under a `CrOS` UA;
//! - Firefox with `resistFingerprinting` (and Tor Browser) spoofs UA, platform, screen,
//!   cores and touch to a generic Windows desktop, and older versions kept the real
//!   platform: a Firefox UA is only checked for an x86 platform under an Android UA.
//!
//! Pure and allocation-free.

use super::signals::{hint_os, ua_os, Platform};
use super::ua::{ua_family, UaFamily};
use super::Beacon;

/// A phone screen's short side is below this in CSS pixels (the largest phones and an
/// unfolded Galaxy Fold are under 900); at or above it, a "phone" has a desktop monitor.
pub const PHONE_MAX_SHORT_SIDE: u16 = 1024;
/// Phones report at most 8–10 logical cores; above this a "phone" is a desktop host.
pub const PHONE_MAX_CORES: u16 = 12;

/// The operating system family `navigator.platform` names, with the CPU architecture
/// for Linux (Android phones report `Linux armv8l` / `Linux aarch64`; emulators and PCs
/// `Linux x86_64` / `Linux i686`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlatformClass {
    /// `Win32`, `Win64`, `Windows`.
    Windows,
    /// `MacIntel`, `MacPPC`, `Macintosh`.
    Mac,
    /// `iPhone`, `iPad`, `iPod` (and their simulator variants).
    Ios,
    /// `Linux` on an ARM CPU (`armv7l`, `armv8l`, `aarch64`), or `Android`.
    LinuxArm,
    /// `Linux` on an x86 CPU (`x86_64`, `i686`, `i586`).
    LinuxX86,
    /// `Linux` without a recognised architecture.
    Linux,
    /// Absent, empty or anything else (`FreeBSD amd64`, `Nintendo Switch`): never judged.
    Other,
}

impl PlatformClass {
    /// Classifies a `navigator.platform` value.
    pub fn of(platform: Option<&str>) -> PlatformClass {
        let Some(p) = platform.map(str::trim) else {
            return PlatformClass::Other;
        };
        let lower = |prefix: &str| {
            p.len() >= prefix.len() && p[..prefix.len()].eq_ignore_ascii_case(prefix)
        };
        if lower("win") {
            PlatformClass::Windows
        } else if lower("mac") {
            PlatformClass::Mac
        } else if lower("iphone") || lower("ipad") || lower("ipod") {
            PlatformClass::Ios
        } else if lower("android") {
            PlatformClass::LinuxArm
        } else if lower("linux") {
            let arch = p[5..].trim().to_ascii_lowercase();
            if arch.starts_with("arm") || arch.starts_with("aarch64") {
                PlatformClass::LinuxArm
            } else if arch.starts_with("x86")
                || arch.starts_with("i686")
                || arch.starts_with("i586")
                || arch.starts_with("i386")
                || arch.starts_with("amd64")
            {
                PlatformClass::LinuxX86
            } else {
                PlatformClass::Linux
            }
        } else {
            PlatformClass::Other
        }
    }

    /// Stable snake_case name.
    pub const fn as_str(self) -> &'static str {
        match self {
            PlatformClass::Windows => "windows",
            PlatformClass::Mac => "mac",
            PlatformClass::Ios => "ios",
            PlatformClass::LinuxArm => "linux_arm",
            PlatformClass::LinuxX86 => "linux_x86",
            PlatformClass::Linux => "linux",
            PlatformClass::Other => "other",
        }
    }
}

/// What the device store keeps of a beacon for the consistency check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BeaconTraits {
    /// `navigator.platform`, classified.
    pub platform: PlatformClass,
    /// `navigator.maxTouchPoints`.
    pub touch_points: u8,
    /// The screen's short side in CSS pixels.
    pub screen_short: u16,
    /// `navigator.hardwareConcurrency`, when reported.
    pub cores: Option<u16>,
}

impl BeaconTraits {
    /// The traits of `beacon`.
    pub fn of(beacon: &Beacon) -> BeaconTraits {
        BeaconTraits {
            platform: PlatformClass::of(beacon.platform.as_deref()),
            touch_points: beacon.touch_points,
            screen_short: beacon.screen.width.min(beacon.screen.height),
            cores: beacon.hardware_concurrency,
        }
    }
}

/// How the beacon contradicts the claimed device (the decision log's sub-kind of
/// `device_inconsistent`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Inconsistency {
    /// An Android UA on an x86 Linux platform: an Android emulator on a PC (Android on x86
    /// phones ended with Intel's Atom phones in 2016).
    X86Android,
    /// The platform names another operating system than the UA (a Linux server under a
    /// Windows UA, Windows under an iPhone UA).
    PlatformOs,
    /// A phone UA (or `sec-ch-ua-mobile: ?1`) without a single touch point.
    PhoneWithoutTouch,
    /// A phone UA with a desktop monitor's screen (short side ≥ [`PHONE_MAX_SHORT_SIDE`]).
    PhoneDesktopScreen,
    /// A phone UA with more than [`PHONE_MAX_CORES`] cores.
    PhoneManyCores,
}

impl Inconsistency {
    /// Stable snake_case name (logged).
    pub const fn as_str(self) -> &'static str {
        match self {
            Inconsistency::X86Android => "x86_android",
            Inconsistency::PlatformOs => "platform_os",
            Inconsistency::PhoneWithoutTouch => "phone_without_touch",
            Inconsistency::PhoneDesktopScreen => "phone_desktop_screen",
            Inconsistency::PhoneManyCores => "phone_many_cores",
        }
    }
}

/// Whether the device `traits` describe contradicts what the order request claims:
/// `ua` is its `User-Agent`, `ch_platform` and `ch_mobile` its `sec-ch-ua-platform` and
/// `sec-ch-ua-mobile` values. `None`: consistent, or nothing to compare (no UA OS, an
/// unrecognised platform). The first contradiction found is returned, platform first.
pub fn device_consistency(
    traits: &BeaconTraits,
    ua: &[u8],
    ch_platform: Option<&[u8]>,
    ch_mobile: Option<&[u8]>,
) -> Option<Inconsistency> {
    let claimed = ua_os(ua).or_else(|| ch_platform.and_then(hint_os))?;
    let firefox = ua_family(ua) == UaFamily::Firefox;
    let p = traits.platform;
    let touch = traits.touch_points > 0;
    use PlatformClass as P;
    if claimed == Platform::Android && p == P::LinuxX86 {
        return Some(Inconsistency::X86Android);
    }
    let platform_fits = match claimed {
        _ if p == P::Other => true,
        // resistFingerprinting spoofs the UA (and, in some versions, not the platform).
        _ if firefox => true,
        Platform::Android => matches!(p, P::LinuxArm | P::Linux),
        // iPadOS and iPhone "desktop website" report MacIntel under an iPad/iPhone UA.
        Platform::Ios => matches!(p, P::Ios | P::Mac),
        Platform::Mac => matches!(p, P::Mac | P::Ios),
        // Desktop mode of Android browsers: a Windows UA from an ARM touch device.
        Platform::Windows => p == P::Windows || (p == P::LinuxArm && touch),
        Platform::Cros | Platform::Linux => matches!(p, P::LinuxArm | P::LinuxX86 | P::Linux),
    };
    if !platform_fits {
        return Some(Inconsistency::PlatformOs);
    }
    if firefox || !claims_phone(ua, claimed, ch_mobile) {
        return None;
    }
    if !touch {
        Some(Inconsistency::PhoneWithoutTouch)
    } else if traits.screen_short >= PHONE_MAX_SHORT_SIDE {
        Some(Inconsistency::PhoneDesktopScreen)
    } else if traits.cores.is_some_and(|c| c > PHONE_MAX_CORES) {
        Some(Inconsistency::PhoneManyCores)
    } else {
        None
    }
}

/// A phone, as the request says: an Android UA with `Mobile`, an iPhone or iPod UA, or
/// `sec-ch-ua-mobile: ?1`. Tablets (Android without `Mobile`, iPad) are not phones.
fn claims_phone(ua: &[u8], claimed: Platform, ch_mobile: Option<&[u8]>) -> bool {
    let has = |needle: &[u8]| ua.windows(needle.len()).any(|w| w == needle);
    let hint = ch_mobile.is_some_and(|v| v.trim_ascii() == b"?1");
    hint || (claimed == Platform::Android && has(b"Mobile"))
        || (claimed == Platform::Ios && (has(b"iPhone") || has(b"iPod")))
}

#[cfg(test)]
#[path = "consistency_tests.rs"]
mod tests;
