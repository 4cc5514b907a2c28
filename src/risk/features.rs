//! The model's input vector, built in exactly the order of `models/schema.json`.
//!
//! Owns the meaning of each feature (see the schema's `meaning` and `source` fields) and
//! the small heuristics behind some of them (Accept-Language region, random-looking email
//! local parts, disposable domains). Inputs are facts the proxy already has; no feature
//! depends on data riskgate cannot see. [`NAMES`] is checked against the schema file at
//! start, so a schema change without a code change is refused.

use super::order::Order;
use crate::fingerprint::{AutomationSignals, BeaconRecord, Signal};
use crate::geo::GeoFacts;
use crate::limits::VelocitySnapshot;
use std::collections::HashSet;
use std::path::Path;

/// Feature names in schema order.
pub const NAMES: [&str; 24] = [
    "amount",
    "log_amount",
    "quantity",
    "hour_of_day",
    "country_lang_mismatch",
    "geo_unknown",
    "hosting_asn",
    "automation_ua",
    "ua_header_mismatch",
    "missing_accept_language",
    "no_beacon",
    "webdriver",
    "new_device",
    "cookie_tampered",
    "device_age_hours",
    "orders_ip_10m",
    "orders_device_10m",
    "ips_per_device_1h",
    "devices_per_ip_1h",
    "users_per_device_24h",
    "small_orders_device_10m",
    "failed_payments_24h",
    "email_disposable",
    "email_random",
];

/// Number of features.
pub const LEN: usize = NAMES.len();

/// One order's feature vector.
pub type Features = [f32; LEN];

/// Everything the features are computed from.
#[derive(Debug, Clone, Copy)]
pub struct FeatureInput<'a> {
    /// The parsed order.
    pub order: &'a Order,
    /// Hour of the order in the shop's day (0–23).
    pub hour_of_day: u8,
    /// Geo facts of the client IP.
    pub geo: GeoFacts,
    /// The raw Accept-Language header, if any.
    pub accept_language: Option<&'a [u8]>,
    /// Automation signals from the fingerprint.
    pub signals: AutomationSignals,
    /// The device's beacon, if it ever posted one.
    pub beacon: Option<BeaconRecord>,
    /// The device cookie was issued on this request.
    pub device_new: bool,
    /// The client sent a cookie that failed verification.
    pub cookie_tampered: bool,
    /// Seconds since the device cookie was issued.
    pub device_age_secs: u64,
    /// Velocity counts for this order's identities.
    pub velocity: VelocitySnapshot,
    /// Known disposable-mail domains.
    pub disposable: &'a DisposableDomains,
}

/// Builds the vector. Allocation-free; called once per order.
pub fn extract(i: &FeatureInput<'_>) -> Features {
    let amount = i.order.amount_major().max(0.0);
    let b = |v: bool| if v { 1.0 } else { 0.0 };
    let region = i.accept_language.and_then(accept_language_region);
    let mismatch = match (i.geo.country, region) {
        (Some(c), Some(r)) => !c.as_bytes().eq_ignore_ascii_case(&r),
        _ => false,
    };
    let email = i.order.email.as_deref();
    let v = i.velocity;
    [
        amount as f32,
        amount.ln_1p() as f32,
        i.order.quantity as f32,
        f32::from(i.hour_of_day),
        b(mismatch),
        b(i.geo.country.is_none()),
        b(i.geo.hosting),
        b(i.signals.contains(Signal::AutomationUa)),
        b(i.signals.contains(Signal::UaHeaderMismatch)),
        b(i.signals.contains(Signal::MissingAcceptLanguage)),
        b(i.beacon.is_none()),
        b(i.beacon.is_some_and(|r| r.webdriver)),
        b(i.device_new),
        b(i.cookie_tampered),
        (i.device_age_secs as f32 / 3600.0).min(8760.0),
        v.orders_per_ip as f32,
        v.orders_per_device as f32,
        v.ips_per_device as f32,
        v.devices_per_ip as f32,
        v.users_per_device as f32,
        v.small_orders_per_device as f32,
        v.failed_payments_per_device.max(v.failed_payments_per_user) as f32,
        b(email.is_some_and(|e| i.disposable.contains_email(e))),
        b(email.is_some_and(email_looks_random)),
    ]
}

/// The region of the first Accept-Language tag (`de-DE,de;q=0.9` → `DE`); `None` when the
/// first tag has no two-letter region.
pub fn accept_language_region(v: &[u8]) -> Option<[u8; 2]> {
    let first = v.split(|&c| c == b',').next()?;
    let tag = first.split(|&c| c == b';').next()?;
    let mut parts = tag.trim_ascii().split(|&c| c == b'-' || c == b'_').skip(1);
    parts.find_map(|p| {
        (p.len() == 2 && p.iter().all(u8::is_ascii_alphabetic))
            .then(|| [p[0].to_ascii_uppercase(), p[1].to_ascii_uppercase()])
    })
}

/// Heuristic for machine-generated email local parts: long and digit-heavy, long and
/// high-entropy, or nearly vowel-less. Tuned to flag `x7k2q9v3m1@…` and
/// `john.smith.83492017@…`, not `john.smith@…` or `anna1990@…`.
pub fn email_looks_random(email: &str) -> bool {
    let local = email.split('@').next().unwrap_or("");
    let bytes: Vec<u8> = local
        .bytes()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let n = bytes.len();
    if n < 8 {
        return false;
    }
    let digits = bytes.iter().filter(|c| c.is_ascii_digit()).count();
    if digits >= 6 && digits * 3 >= n {
        return true;
    }
    let letters: Vec<u8> = bytes
        .iter()
        .copied()
        .filter(u8::is_ascii_alphabetic)
        .collect();
    let vowels = letters.iter().filter(|c| b"aeiouy".contains(c)).count();
    if letters.len() >= 8 && vowels * 6 < letters.len() {
        return true;
    }
    n >= 14 && entropy(&bytes) > 3.7
}

fn entropy(b: &[u8]) -> f64 {
    let mut counts = [0u32; 256];
    for &c in b {
        counts[c as usize] += 1;
    }
    let n = b.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / n;
            -p * p.log2()
        })
        .sum()
}

/// Disposable-mail domains (`models/disposable_domains.txt`: one per line, `#` comments).
#[derive(Debug, Clone, Default)]
pub struct DisposableDomains {
    domains: HashSet<String>,
}

impl DisposableDomains {
    /// Loads the list; a missing file is an error naming it.
    pub fn load(path: &Path) -> std::io::Result<DisposableDomains> {
        let text = std::fs::read_to_string(path)?;
        Ok(Self::from_lines(&text))
    }

    /// Builds the list from text (one domain per line).
    pub fn from_lines(text: &str) -> DisposableDomains {
        DisposableDomains {
            domains: text
                .lines()
                .map(|l| {
                    l.split('#')
                        .next()
                        .unwrap_or("")
                        .trim()
                        .to_ascii_lowercase()
                })
                .filter(|l| !l.is_empty())
                .collect(),
        }
    }

    /// True when the email's domain, or a parent domain, is listed.
    pub fn contains_email(&self, email: &str) -> bool {
        let Some((_, mut domain)) = email.rsplit_once('@') else {
            return false;
        };
        loop {
            if self.domains.contains(domain) {
                return true;
            }
            match domain.split_once('.') {
                Some((_, rest)) if rest.contains('.') => domain = rest,
                _ => return false,
            }
        }
    }

    /// Number of listed domains.
    pub fn len(&self) -> usize {
        self.domains.len()
    }

    /// True when nothing is listed.
    pub fn is_empty(&self) -> bool {
        self.domains.is_empty()
    }
}

/// A typical legitimate order (returning device, one order, daytime, no flags): the values
/// explanations substitute one at a time to see which feature raised a score.
pub const BASELINE: Features = [
    25.0,   // amount
    3.2581, // log_amount = ln(1 + 25)
    1.0,    // quantity
    14.0,   // hour_of_day
    0.0, 0.0, 0.0, 0.0, 0.0,
    0.0, // mismatch, geo_unknown, hosting, automation, ua mismatch, no accept-language
    0.0, 0.0, 0.0, 0.0,   // no_beacon, webdriver, new_device, cookie_tampered
    720.0, // device_age_hours (30 days)
    1.0, 1.0, 1.0, 1.0, 1.0, // orders ip/device 10m, ips/device, devices/ip, users/device
    0.0, 0.0, 0.0, 0.0, // small orders, failed payments, disposable, random email
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::Country;

    #[test]
    fn names_match_the_shipped_schema() {
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/models/schema.json"))
                .unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let names: Vec<&str> = v["features"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, NAMES);
    }

    #[test]
    fn accept_language_regions() {
        assert_eq!(accept_language_region(b"de-DE,de;q=0.9"), Some(*b"DE"));
        assert_eq!(accept_language_region(b"en-us"), Some(*b"US"));
        assert_eq!(accept_language_region(b"zh-Hans-CN;q=1"), Some(*b"CN"));
        assert_eq!(accept_language_region(b"fr"), None);
        assert_eq!(accept_language_region(b""), None);
    }

    #[test]
    fn random_emails() {
        for e in [
            "x7k2q9v3m1p8@mail.com",
            "john.smith.83492017@x.org",
            "qwrtzpsdfghk@x.org",
            "a8f3k2l9x0q1z7w4@x.io",
        ] {
            assert!(email_looks_random(e), "{e}");
        }
        for e in [
            "john.smith@example.com",
            "anna1990@x.org",
            "alice@example.com",
            "marie.dupont@x.fr",
            "bob@x.io",
        ] {
            assert!(!email_looks_random(e), "{e}");
        }
    }

    #[test]
    fn disposable_domains_match_subdomains() {
        let d = DisposableDomains::from_lines("# list\nmailinator.com\nyopmail.com # fr\n");
        assert!(d.contains_email("a@mailinator.com"));
        assert!(d.contains_email("a@eu.mailinator.com"));
        assert!(!d.contains_email("a@notmailinator.com"));
        assert!(!d.contains_email("a@com"));
        assert_eq!(d.len(), 2);
    }

    #[test]
    fn vector_is_in_schema_order() {
        let order = Order {
            amount_minor: Some(4990),
            exponent: 2,
            currency: "USD".into(),
            quantity: 3,
            email: Some("a@mailinator.com".into()),
            ..Order::default()
        };
        let d = DisposableDomains::from_lines("mailinator.com");
        let input = FeatureInput {
            order: &order,
            hour_of_day: 13,
            geo: GeoFacts {
                country: Country::from_code("US"),
                asn: Some(16509),
                hosting: true,
            },
            accept_language: Some(b"de-DE"),
            signals: AutomationSignals::NONE.with(Signal::AutomationUa),
            beacon: None,
            device_new: true,
            cookie_tampered: false,
            device_age_secs: 7200,
            velocity: VelocitySnapshot {
                orders_per_ip: 4,
                small_orders_per_device: 2,
                failed_payments_per_user: 3,
                ..VelocitySnapshot::default()
            },
            disposable: &d,
        };
        let f = extract(&input);
        let at = |name: &str| f[NAMES.iter().position(|n| *n == name).unwrap()];
        assert!((at("amount") - 49.9).abs() < 1e-4);
        assert!((at("log_amount") - 49.9f32.ln_1p()).abs() < 1e-4);
        assert_eq!(at("quantity"), 3.0);
        assert_eq!(at("hour_of_day"), 13.0);
        assert_eq!(at("country_lang_mismatch"), 1.0);
        assert_eq!(at("geo_unknown"), 0.0);
        assert_eq!(at("hosting_asn"), 1.0);
        assert_eq!(at("automation_ua"), 1.0);
        assert_eq!(at("no_beacon"), 1.0);
        assert_eq!(at("new_device"), 1.0);
        assert_eq!(at("device_age_hours"), 2.0);
        assert_eq!(at("orders_ip_10m"), 4.0);
        assert_eq!(at("small_orders_device_10m"), 2.0);
        assert_eq!(at("failed_payments_24h"), 3.0);
        assert_eq!(at("email_disposable"), 1.0);
        assert_eq!(at("email_random"), 0.0);
    }
}
