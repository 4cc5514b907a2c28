//! The model's input vector, built in exactly the order of `models/schema.json`.
//!
//! Owns the meaning of each feature (see the schema's `meaning` and `source` fields) and
//! the small heuristics behind some of them (Accept-Language region, random-looking email
//! local parts, disposable domains). Inputs are facts the proxy already has; no feature
//! depends on data riskgate cannot see. [`NAMES`] is checked against the schema file at
//! start, so a schema change without a code change is refused.

use super::order::Order;
use crate::config::currency::CurrencyRates;
use crate::fingerprint::{AutomationSignals, BeaconRecord, Signal};
use crate::geo::GeoFacts;
use crate::limits::VelocitySnapshot;
use crate::risk::signals::SignalFacts;
use std::collections::HashSet;
use std::path::Path;

/// Feature names in schema order (schema version 3).
///
/// Version 2 reads amounts in US dollars, drops the hour of day (the shop's clock says
/// nothing about a buyer in another time zone, and moved honest night orders into blocks)
/// and adds the cookie-independent client counts and the per-user distinct counts.
/// Version 3 adds the account and fingerprint facts of [`SignalFacts`] (until then only
/// rules read them): one beacon fingerprint across users and networks, a browser clock
/// that no country of the address uses, an established account on a brand-new device
/// without a page view, and a user repeating one amount.
pub const NAMES: [&str; 33] = [
    "amount_usd",
    "quantity",
    "currency_unknown",
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
    "orders_client_10m",
    "small_orders_device_10m",
    "small_orders_client_10m",
    "ips_per_device_1h",
    "devices_per_ip_1h",
    "users_per_device_24h",
    "devices_per_user_24h",
    "ips_per_user_24h",
    "countries_per_user_7d",
    "failed_payments_24h",
    "email_disposable",
    "email_random",
    "users_per_fingerprint_24h",
    "networks_per_fingerprint_24h",
    "tz_mismatch",
    "new_device_for_user",
    "same_amount_user_24h",
];

/// Number of features.
pub const LEN: usize = NAMES.len();

/// One order's feature vector.
pub type Features = [f32; LEN];

/// `amount_usd` of an order whose currency has no rate: a value no real amount takes, so
/// the model can tell it apart (and `currency_unknown` is 1).
pub const UNKNOWN_AMOUNT_USD: f32 = -1.0;

/// Index of `amount_usd` in [`NAMES`].
pub const AMOUNT_USD: usize = 0;
/// Index of `quantity` in [`NAMES`].
pub const QUANTITY: usize = 1;

/// The order's amount in US dollars from an `amount_usd` feature value; `None` when it is
/// [`UNKNOWN_AMOUNT_USD`] (no amount, or no rate for the currency).
pub fn known_usd(amount_usd: f32) -> Option<f32> {
    (amount_usd >= 0.0).then_some(amount_usd)
}

/// Everything the features are computed from.
#[derive(Debug, Clone, Copy)]
pub struct FeatureInput<'a> {
    /// The parsed order.
    pub order: &'a Order,
    /// Conversion rates to US dollars (`[risk.currency]`).
    pub rates: &'a CurrencyRates,
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
    /// Account and fingerprint facts of this order (`risk::signals`; all zero when the
    /// order is scored without them, e.g. a rehearsal).
    pub facts: SignalFacts,
}

/// A device at most this old (seconds) is brand new for `new_device_for_user`.
const BRAND_NEW_SECS: u64 = 3600;
/// Cap of the fingerprint and same-amount counts (as riskgate's distinct counts).
const COUNT_CAP: u32 = 32;

/// Builds the vector. Allocation-free; called once per order.
pub fn extract(i: &FeatureInput<'_>) -> Features {
    let b = |v: bool| if v { 1.0 } else { 0.0 };
    // No amount at all reads 0; an amount in a currency without a rate reads the sentinel.
    let (amount_usd, currency_unknown) = match i.order.amount_usd(i.rates) {
        Some(usd) => (usd.max(0.0) as f32, false),
        None if i.order.amount_minor.is_none() => (0.0, false),
        None => (UNKNOWN_AMOUNT_USD, true),
    };
    let region = i.accept_language.and_then(accept_language_region);
    // resistFingerprinting (Tor, Mullvad Browser) sends `en-US` from every country by
    // design: its language says nothing about where its user is.
    // A satellite, in-flight or enterprise-gateway network's country is its egress's,
    // not the buyer's.
    let mismatch = !i.facts.uniform_fingerprint
        && !i.facts.country_is_egress()
        && match (i.geo.country, region) {
            (Some(c), Some(r)) => !c.as_bytes().eq_ignore_ascii_case(&r),
            _ => false,
        };
    let email = i.order.email.as_deref();
    let v = i.velocity;
    let s = i.facts;
    let capped = |n: u32| n.min(COUNT_CAP) as f32;
    let brand_new = i.device_new || i.device_age_secs < BRAND_NEW_SECS;
    [
        amount_usd,
        i.order.quantity as f32,
        b(currency_unknown),
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
        v.orders_per_client as f32,
        v.small_orders_per_device as f32,
        v.small_orders_per_client as f32,
        v.ips_per_device as f32,
        v.devices_per_ip as f32,
        v.users_per_device as f32,
        v.devices_per_user as f32,
        v.ips_per_user as f32,
        v.countries_per_user as f32,
        v.failed_payments_per_device.max(v.failed_payments_per_user) as f32,
        b(email.is_some_and(|e| i.disposable.contains_email(e))),
        b(email.is_some_and(email_looks_random)),
        capped(s.users_per_fingerprint_24h),
        capped(s.networks_per_fingerprint_24h),
        b(s.tz_mismatch),
        b(s.user_established && brand_new && !s.beacon),
        capped(s.same_amount_24h),
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

/// A typical legitimate order (returning device, one order, no flags): the values
/// explanations substitute one at a time to see which feature raised a score. The trainer
/// also stores the medians of legitimate training rows in the model (`riskgate.baseline`).
pub const BASELINE: Features = [
    25.0, // amount_usd
    1.0,  // quantity
    0.0, 0.0, 0.0, 0.0, // currency_unknown, mismatch, geo_unknown, hosting
    0.0, 0.0, 0.0, // automation, ua mismatch, no accept-language
    0.0, 0.0, 0.0, 0.0,   // no_beacon, webdriver, new_device, cookie_tampered
    720.0, // device_age_hours (30 days)
    1.0, 1.0, 1.0, // orders ip/device/client 10m
    0.0, 0.0, // small orders device/client
    1.0, 1.0, 1.0, // ips/device, devices/ip, users/device
    1.0, 1.0, 1.0, // devices/user, ips/user, countries/user
    0.0, 0.0, 0.0, // failed payments, disposable, random email
    1.0, 1.0, // users/fingerprint, networks/fingerprint
    0.0, 0.0, // tz_mismatch, new_device_for_user
    1.0, // same_amount_user_24h (this order)
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::Country;

    #[test]
    fn amount_usd_index_names_the_amount() {
        assert_eq!(NAMES[AMOUNT_USD], "amount_usd");
        assert_eq!(NAMES[QUANTITY], "quantity");
    }

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
    fn shipped_disposable_list_is_the_generated_package_list() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/models/disposable_domains.txt");
        let text = std::fs::read_to_string(path).unwrap();
        assert!(
            text.contains("GENERATED by models/refresh_disposable.py")
                && text.contains("PyPI package disposable-email-domains"),
            "the list comes from the package, not by hand"
        );
        let d = DisposableDomains::load(Path::new(path)).unwrap();
        assert!(d.len() > 5000, "{}", d.len());
        for e in ["a@mailinator.com", "b@yopmail.com", "c@guerrillamail.com"] {
            assert!(d.contains_email(e), "{e}");
        }
        for e in ["a@gmail.com", "b@outlook.com", "c@example.com"] {
            assert!(!d.contains_email(e), "{e}");
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

    fn input<'a>(
        order: &'a Order,
        rates: &'a CurrencyRates,
        d: &'a DisposableDomains,
    ) -> FeatureInput<'a> {
        FeatureInput {
            order,
            rates,
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
                orders_per_client: 5,
                small_orders_per_device: 2,
                small_orders_per_client: 6,
                failed_payments_per_user: 3,
                devices_per_user: 7,
                ips_per_user: 8,
                countries_per_user: 9,
                ..VelocitySnapshot::default()
            },
            disposable: d,
            facts: SignalFacts::default(),
        }
    }

    fn at(f: &Features, name: &str) -> f32 {
        f[NAMES.iter().position(|n| *n == name).unwrap()]
    }

    #[test]
    fn a_uniform_fingerprint_has_no_language_mismatch() {
        let order = Order {
            amount_minor: Some(4990),
            exponent: 2,
            currency: "USD".into(),
            ..Order::default()
        };
        let d = DisposableDomains::from_lines("");
        let rates = CurrencyRates::default();
        let mut i = input(&order, &rates, &d);
        assert_eq!(at(&extract(&i), "country_lang_mismatch"), 1.0);
        i.facts.uniform_fingerprint = true;
        assert_eq!(at(&extract(&i), "country_lang_mismatch"), 0.0);
    }

    #[test]
    fn a_satellite_network_has_no_language_mismatch() {
        let order = Order {
            amount_minor: Some(4990),
            exponent: 2,
            currency: "USD".into(),
            ..Order::default()
        };
        let d = DisposableDomains::from_lines("");
        let rates = CurrencyRates::default();
        let mut i = input(&order, &rates, &d);
        assert_eq!(at(&extract(&i), "country_lang_mismatch"), 1.0);
        i.facts = SignalFacts {
            tz_mismatch: true,
            ..SignalFacts::default()
        }
        .satellite();
        assert!(!i.facts.tz_mismatch);
        assert_eq!(at(&extract(&i), "country_lang_mismatch"), 0.0);
        assert_eq!(at(&extract(&i), "tz_mismatch"), 0.0);
    }

    #[test]
    fn an_enterprise_gateway_has_no_language_mismatch() {
        let order = Order {
            amount_minor: Some(4990),
            exponent: 2,
            currency: "USD".into(),
            ..Order::default()
        };
        let d = DisposableDomains::from_lines("");
        let rates = CurrencyRates::default();
        let mut i = input(&order, &rates, &d);
        assert_eq!(at(&extract(&i), "country_lang_mismatch"), 1.0);
        i.facts = SignalFacts {
            tz_mismatch: true,
            ..SignalFacts::default()
        }
        .gateway();
        assert_eq!(at(&extract(&i), "country_lang_mismatch"), 0.0);
        assert_eq!(at(&extract(&i), "tz_mismatch"), 0.0);
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
        let rates = CurrencyRates::default();
        let f = extract(&input(&order, &rates, &d));
        assert!((at(&f, "amount_usd") - 49.9).abs() < 1e-4);
        assert_eq!(at(&f, "quantity"), 3.0);
        assert_eq!(at(&f, "currency_unknown"), 0.0);
        assert_eq!(at(&f, "country_lang_mismatch"), 1.0);
        assert_eq!(at(&f, "geo_unknown"), 0.0);
        assert_eq!(at(&f, "hosting_asn"), 1.0);
        assert_eq!(at(&f, "automation_ua"), 1.0);
        assert_eq!(at(&f, "no_beacon"), 1.0);
        assert_eq!(at(&f, "new_device"), 1.0);
        assert_eq!(at(&f, "device_age_hours"), 2.0);
        assert_eq!(at(&f, "orders_ip_10m"), 4.0);
        assert_eq!(at(&f, "orders_client_10m"), 5.0);
        assert_eq!(at(&f, "small_orders_device_10m"), 2.0);
        assert_eq!(at(&f, "small_orders_client_10m"), 6.0);
        assert_eq!(at(&f, "devices_per_user_24h"), 7.0);
        assert_eq!(at(&f, "ips_per_user_24h"), 8.0);
        assert_eq!(at(&f, "countries_per_user_7d"), 9.0);
        assert_eq!(at(&f, "failed_payments_24h"), 3.0);
        assert_eq!(at(&f, "email_disposable"), 1.0);
        assert_eq!(at(&f, "email_random"), 0.0);
    }

    #[test]
    fn signal_facts_are_features() {
        let order = Order {
            user: Some("u".into()),
            ..Order::default()
        };
        let d = DisposableDomains::default();
        let rates = CurrencyRates::default();
        let mut i = input(&order, &rates, &d);
        i.facts = SignalFacts {
            users_per_fingerprint_24h: 5,
            networks_per_fingerprint_24h: 400,
            tz_mismatch: true,
            beacon: false,
            user_established: true,
            same_amount_24h: 3,
            ..SignalFacts::default()
        };
        let f = extract(&i);
        assert_eq!(at(&f, "users_per_fingerprint_24h"), 5.0);
        assert_eq!(at(&f, "networks_per_fingerprint_24h"), 32.0);
        assert_eq!(at(&f, "tz_mismatch"), 1.0);
        assert_eq!(at(&f, "new_device_for_user"), 1.0);
        assert_eq!(at(&f, "same_amount_user_24h"), 3.0);
        // The account's own established device, or a new one after a page view (beacon),
        // is not a new device for the user.
        i.device_new = false;
        i.device_age_secs = 30 * 86_400;
        assert_eq!(at(&extract(&i), "new_device_for_user"), 0.0);
        i.device_new = true;
        i.facts.beacon = true;
        assert_eq!(at(&extract(&i), "new_device_for_user"), 0.0);
        // Without facts (no beacon, no user) every one of them is 0.
        i.facts = SignalFacts::default();
        let f = extract(&i);
        for n in &NAMES[28..] {
            assert_eq!(at(&f, n), 0.0, "{n}");
        }
    }

    #[test]
    fn amounts_are_read_in_us_dollars() {
        let d = DisposableDomains::default();
        let rates = CurrencyRates::default();
        let order = |minor, currency: &str| Order {
            amount_minor: Some(minor),
            exponent: super::super::order::currency_exponent(currency),
            currency: currency.into(),
            ..Order::default()
        };
        let usd = |o: &Order| at(&extract(&input(o, &rates, &d)), "amount_usd");
        // 250 JPY is about 1.65 USD, not 250.
        let jpy = usd(&order(250, "JPY"));
        assert!((1.0..3.0).contains(&jpy), "{jpy}");
        assert!((usd(&order(25_000, "USD")) - 250.0).abs() < 1e-3);
        let krw = usd(&order(50_000, "KRW"));
        assert!((20.0..60.0).contains(&krw), "{krw}");
        assert!(usd(&order(10_000, "EUR")) > 100.0);
        // No amount at all reads 0 and is not an unknown currency.
        let none = Order::default();
        let f = extract(&input(&none, &rates, &d));
        assert_eq!(
            (at(&f, "amount_usd"), at(&f, "currency_unknown")),
            (0.0, 0.0)
        );
    }

    #[test]
    fn unknown_currency_has_its_own_flag_and_a_defined_amount() {
        let d = DisposableDomains::default();
        let rates = CurrencyRates::default();
        let order = Order {
            amount_minor: Some(25_000),
            exponent: 2,
            currency: "XTS".into(),
            ..Order::default()
        };
        let f = extract(&input(&order, &rates, &d));
        assert_eq!(at(&f, "currency_unknown"), 1.0);
        assert_eq!(at(&f, "amount_usd"), UNKNOWN_AMOUNT_USD);
        let known = CurrencyRates::with_overrides([(*b"XTS", 2.0)]);
        let f = extract(&input(&order, &known, &d));
        assert_eq!(at(&f, "currency_unknown"), 0.0);
        assert!((at(&f, "amount_usd") - 500.0).abs() < 1e-3);
    }

    #[test]
    fn baseline_has_one_value_per_feature_and_no_flags() {
        assert_eq!(BASELINE.len(), NAMES.len());
        for (v, n) in BASELINE.iter().zip(NAMES) {
            assert!(*v >= 0.0, "{n}");
        }
    }
}
