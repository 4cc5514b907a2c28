//! The browser beacon: the script shops include ([`BEACON_JS`]) and the strict parser for
//! what it posts back ([`parse_beacon`]).
//!
//! The script collects coarse environment traits (timezone, screen, languages, platform,
//! core count, a canvas hash, `navigator.webdriver`, touch points) once per page view and
//! posts them, with the device cookie, to the beacon path. This file owns the script text,
//! the body limits and the stable [`Beacon::beacon_hash`]; it does not serve HTTP, store
//! beacons (`store.rs`) or judge them (the scorer does).

use super::fnv::Fnv64;
use super::FingerprintError;
use serde::Deserialize;

/// The beacon script, served by riskgate at `<beacon prefix>/fp.js` (default
/// `/__rg/fp.js`) with `Content-Type: application/javascript`.
///
/// Shops include it as `<script src="/__rg/fp.js" async></script>`. It reads its own `src`
/// and posts to the same URL with `fp.js` replaced by `beacon` (so `/__rg/beacon`), using
/// `navigator.sendBeacon` (a `text/plain` JSON body, cookies included) and falling back to
/// `fetch(.., {keepalive: true, credentials: "include"})`. Under 3 KB, no dependencies.
pub const BEACON_JS: &str = include_str!("fp.js");

/// Largest beacon body accepted, in bytes; the script sends about 300.
pub const MAX_BEACON_BYTES: usize = 4096;
/// Longest string field accepted, in characters (the script truncates to this).
pub const MAX_BEACON_STRING: usize = 128;
/// Most `languages` entries accepted (the script sends at most this many).
pub const MAX_BEACON_LANGUAGES: usize = 16;

/// The screen as the browser reports it (`window.screen`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Screen {
    /// `screen.width`, CSS pixels.
    pub width: u16,
    /// `screen.height`, CSS pixels.
    pub height: u16,
    /// `screen.colorDepth`, bits per pixel.
    pub color_depth: u8,
}

/// A parsed, bounded beacon: what one page view's script reported.
#[derive(Debug, Clone, PartialEq)]
pub struct Beacon {
    /// IANA timezone name (`Europe/Berlin`), when `Intl` reported one.
    pub timezone: Option<String>,
    /// Local time minus UTC, in minutes (Berlin in winter: 60), within ±24 h.
    pub timezone_offset_minutes: i16,
    /// Screen size and depth.
    pub screen: Screen,
    /// `window.devicePixelRatio`, in (0, 32].
    pub device_pixel_ratio: f64,
    /// `navigator.platform` (`Win32`, `MacIntel`, `Linux armv8l`), when present.
    pub platform: Option<String>,
    /// `navigator.languages`, in preference order (may be empty).
    pub languages: Vec<String>,
    /// `navigator.hardwareConcurrency`, when reported.
    pub hardware_concurrency: Option<u16>,
    /// The script's 32-bit FNV-1a hash of a drawn canvas, as 8 hex digits, when canvas
    /// works (blocked by some privacy modes).
    pub canvas_hash: Option<String>,
    /// `navigator.webdriver`: true under Selenium, Puppeteer and Playwright by default.
    pub webdriver: bool,
    /// `navigator.maxTouchPoints` (0 on desktops without touch).
    pub touch_points: u8,
}

/// The wire shape the script posts; unknown fields are ignored, duplicates refused.
#[derive(Deserialize)]
struct RawBeacon {
    v: u32,
    timezone: Option<String>,
    tz_offset: i32,
    screen: RawScreen,
    dpr: f64,
    platform: Option<String>,
    languages: Vec<String>,
    cores: Option<u16>,
    canvas: Option<String>,
    webdriver: bool,
    touch_points: u8,
}

#[derive(Deserialize)]
struct RawScreen {
    w: u16,
    h: u16,
    depth: u8,
}

/// Parses a beacon body (the POST to the beacon path).
///
/// Called by the proxy for each beacon request; the body is bounded before parsing. Refuses
/// bodies over [`MAX_BEACON_BYTES`], anything but a JSON object of the script's shape
/// (`v` must be 1; missing required fields, wrong types and duplicate fields are errors),
/// strings over [`MAX_BEACON_STRING`] characters or with control characters, more than
/// [`MAX_BEACON_LANGUAGES`] languages, and out-of-range numbers. Unknown fields are ignored
/// so newer scripts keep working with older edges. A refusal is counted, never fatal.
pub fn parse_beacon(body: &[u8]) -> Result<Beacon, FingerprintError> {
    if body.len() > MAX_BEACON_BYTES {
        return Err(FingerprintError::BeaconTooLarge {
            len: body.len(),
            max: MAX_BEACON_BYTES,
        });
    }
    let raw: RawBeacon =
        serde_json::from_slice(body).map_err(|e| FingerprintError::BeaconJson {
            reason: e.to_string(),
        })?;
    let field =
        |field: &'static str, reason: &'static str| FingerprintError::BeaconField { field, reason };
    if raw.v != 1 {
        return Err(field("v", "is not a supported version (1)"));
    }
    let timezone_offset_minutes = i16::try_from(raw.tz_offset)
        .ok()
        .filter(|m| m.unsigned_abs() <= 24 * 60)
        .ok_or(field("tz_offset", "is outside ±1440 minutes"))?;
    if !(raw.dpr.is_finite() && raw.dpr > 0.0 && raw.dpr <= 32.0) {
        return Err(field("dpr", "is outside (0, 32]"));
    }
    if raw.languages.len() > MAX_BEACON_LANGUAGES {
        return Err(field("languages", "has more than 16 entries"));
    }
    check_str("timezone", raw.timezone.as_deref())?;
    check_str("platform", raw.platform.as_deref())?;
    check_str("canvas", raw.canvas.as_deref())?;
    for l in &raw.languages {
        check_str("languages", Some(l))?;
    }
    Ok(Beacon {
        timezone: raw.timezone,
        timezone_offset_minutes,
        screen: Screen {
            width: raw.screen.w,
            height: raw.screen.h,
            color_depth: raw.screen.depth,
        },
        device_pixel_ratio: raw.dpr,
        platform: raw.platform,
        languages: raw.languages,
        hardware_concurrency: raw.cores,
        canvas_hash: raw.canvas,
        webdriver: raw.webdriver,
        touch_points: raw.touch_points,
    })
}

fn check_str(field: &'static str, s: Option<&str>) -> Result<(), FingerprintError> {
    let Some(s) = s else { return Ok(()) };
    if s.chars().count() > MAX_BEACON_STRING {
        return Err(FingerprintError::BeaconField {
            field,
            reason: "is longer than 128 characters",
        });
    }
    if s.chars().any(char::is_control) {
        return Err(FingerprintError::BeaconField {
            field,
            reason: "contains control characters",
        });
    }
    Ok(())
}

impl Beacon {
    /// Whether this beacon is one of a browser that reports the same values for every
    /// user by design: Firefox's `resistFingerprinting` (Tor Browser, Mullvad Browser,
    /// LibreWolf) reports the time zone `UTC` at offset 0 and refuses canvas extraction.
    /// Strangers share such a fingerprint, so counting users or networks on it says
    /// nothing (`risk::signals`); the caller also checks the User-Agent is Firefox's.
    pub fn uniform_by_design(&self) -> bool {
        let utc = self
            .timezone
            .as_deref()
            .is_some_and(|t| t.eq_ignore_ascii_case("UTC") || t.eq_ignore_ascii_case("Etc/UTC"));
        utc && self.timezone_offset_minutes == 0 && self.canvas_hash.is_none()
    }

    /// Returns the stable 64-bit hash of the device environment this beacon describes.
    ///
    /// FNV-1a 64 over `"rgbc1" 0x00`, then each of these followed by `0x00`: timezone name;
    /// `LONGxSHORTxDEPTH@DPR` (screen sides sorted so rotating a phone does not change it,
    /// DPR as round(dpr × 100)); platform; languages joined by `,`; core count; touch
    /// points; canvas hash (numbers in decimal ASCII, absent values empty). `webdriver`
    /// and the timezone offset are left out: the first is reported on its own, the second
    /// changes twice a year with daylight saving. Stable across builds and versions.
    pub fn beacon_hash(&self) -> u64 {
        let mut h = Fnv64::new();
        h.bytes(b"rgbc1\0");
        h.bytes(self.timezone.as_deref().unwrap_or_default().as_bytes());
        h.byte(0);
        let (w, s) = (self.screen.width, self.screen.height);
        decimal(&mut h, u64::from(w.max(s)));
        h.byte(b'x');
        decimal(&mut h, u64::from(w.min(s)));
        h.byte(b'x');
        decimal(&mut h, u64::from(self.screen.color_depth));
        h.byte(b'@');
        // In (0, 32] by construction, so the product fits a u64 exactly.
        decimal(&mut h, (self.device_pixel_ratio * 100.0).round() as u64);
        h.byte(0);
        h.bytes(self.platform.as_deref().unwrap_or_default().as_bytes());
        h.byte(0);
        for (i, l) in self.languages.iter().enumerate() {
            if i > 0 {
                h.byte(b',');
            }
            h.bytes(l.as_bytes());
        }
        h.byte(0);
        if let Some(c) = self.hardware_concurrency {
            decimal(&mut h, u64::from(c));
        }
        h.byte(0);
        decimal(&mut h, u64::from(self.touch_points));
        h.byte(0);
        h.bytes(self.canvas_hash.as_deref().unwrap_or_default().as_bytes());
        h.byte(0);
        h.finish()
    }
}

/// Folds the decimal ASCII form of `n` into the hash without allocating.
fn decimal(h: &mut Fnv64, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    h.bytes(&buf[i..]);
}

#[cfg(test)]
#[path = "beacon_tests.rs"]
mod tests;
