use super::*;
use crate::fingerprint::signals::Signal;

pub(crate) const CHROME_120: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
const CHROME_121: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.6167.85 Safari/537.36";
const FIREFOX: &str =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0";

/// A Chrome 120 navigation as sent over HTTP/2 (names lower-case, wire order).
fn chrome() -> Vec<(String, String)> {
    [
        (
            "sec-ch-ua",
            "\"Not_A Brand\";v=\"8\", \"Chromium\";v=\"120\", \"Google Chrome\";v=\"120\"",
        ),
        ("sec-ch-ua-mobile", "?0"),
        ("sec-ch-ua-platform", "\"Windows\""),
        ("upgrade-insecure-requests", "1"),
        ("user-agent", CHROME_120),
        (
            "accept",
            "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
        ),
        ("sec-fetch-site", "none"),
        ("sec-fetch-mode", "navigate"),
        ("sec-fetch-user", "?1"),
        ("sec-fetch-dest", "document"),
        ("accept-encoding", "gzip, deflate, br"),
        ("accept-language", "en-US,en;q=0.9"),
        ("cookie", "rg_did=abc; _ga=GA1.2.3"),
        ("priority", "u=0, i"),
    ]
    .iter()
    .map(|(n, v)| (n.to_string(), v.to_string()))
    .collect()
}

fn fp(h: &[(String, String)], v: Version) -> HttpFingerprint {
    http_fingerprint(h.iter().map(|(n, v)| (n.as_bytes(), v.as_bytes())), v)
}

fn set(h: &mut [(String, String)], name: &str, value: &str) {
    h.iter_mut().find(|(n, _)| n == name).unwrap().1 = value.into();
}

#[test]
fn fingerprint_is_pinned_to_its_documented_definition() {
    // Independent recomputation of the README definition over a literal byte string.
    let mut want = crate::fingerprint::fnv::Fnv64::new();
    want.bytes(b"rgfp1\0host,user-agent,accept,accept-language,accept-encoding,\0HTTP/1.1\0de-DE\0gzip\0curl\0");
    let h: Vec<(String, String)> = [
        ("Host", "shop.example"),
        ("User-Agent", "curl/8.4.0"),
        ("Accept", "*/*"),
        ("Accept-Language", "  de-DE "),
        ("Accept-Encoding", "gzip"),
        ("X-Forwarded-For", "1.2.3.4"),
        ("Content-Length", "12"),
    ]
    .iter()
    .map(|(n, v)| (n.to_string(), v.to_string()))
    .collect();
    let got = fp(&h, Version::HTTP_11);
    assert_eq!(got.0, want.finish());
    // Pinned: a change here changes every stored fingerprint. Bump `rgfp1` instead.
    assert_eq!(got.to_string(), "dd698bd26884d7fd");
}

#[test]
fn identical_requests_give_identical_fingerprints() {
    assert_eq!(
        fp(&chrome(), Version::HTTP_2),
        fp(&chrome(), Version::HTTP_2)
    );
}

#[test]
fn fingerprint_changes_with_the_client_stack() {
    let base = fp(&chrome(), Version::HTTP_2);
    let mut swapped = chrome();
    swapped.swap(5, 6);
    let mut lang = chrome();
    set(&mut lang, "accept-language", "de-DE,de;q=0.9");
    let mut enc = chrome();
    set(&mut enc, "accept-encoding", "gzip, deflate, br, zstd");
    let mut family = chrome();
    set(&mut family, "user-agent", FIREFOX);
    let mut extra = chrome();
    extra.push(("dnt".into(), "1".into()));
    let mut dropped = chrome();
    dropped.retain(|(n, _)| n != "priority");
    for (what, h, v) in [
        ("header order", swapped, Version::HTTP_2),
        ("accept-language", lang, Version::HTTP_2),
        ("accept-encoding", enc, Version::HTTP_2),
        ("ua family", family, Version::HTTP_2),
        ("extra header", extra, Version::HTTP_2),
        ("missing header", dropped, Version::HTTP_2),
        ("http version", chrome(), Version::HTTP_11),
    ] {
        assert_ne!(fp(&h, v), base, "{what} must change the fingerprint");
    }
}

#[test]
fn fingerprint_ignores_volatile_and_proxy_details() {
    let base = fp(&chrome(), Version::HTTP_2);
    let mut minor = chrome();
    set(&mut minor, "user-agent", CHROME_121);
    let mut cookie = chrome();
    set(&mut cookie, "cookie", "rg_did=other; cart=42");
    let mut no_cookie = chrome();
    no_cookie.retain(|(n, _)| n != "cookie");
    let mut proxied = chrome();
    for (n, v) in [
        ("x-forwarded-for", "203.0.113.9"),
        ("X-Forwarded-Proto", "https"),
        ("cf-connecting-ip", "203.0.113.9"),
        ("via", "1.1 cdn"),
        ("x-risk-decision", "allow"),
        ("X-Device-Id", "spoof"),
        (":authority", "shop.example"),
        ("content-length", "0"),
    ] {
        proxied.push((n.into(), v.into()));
    }
    let mut upper = chrome();
    for (n, _) in upper.iter_mut() {
        *n = n.to_ascii_uppercase();
    }
    let mut spaced = chrome();
    set(&mut spaced, "accept-language", "  en-US,en;q=0.9\t");
    for (what, h) in [
        ("chrome 120 -> 121", minor),
        ("cookie value", cookie),
        ("cookie presence", no_cookie),
        ("proxy and internal headers", proxied),
        ("header name case", upper),
        ("surrounding whitespace", spaced),
    ] {
        assert_eq!(fp(&h, Version::HTTP_2), base, "{what} must not change it");
    }
}

#[test]
fn display_is_16_hex_digits() {
    assert_eq!(HttpFingerprint(0xab).to_string(), "00000000000000ab");
    assert_eq!(
        format!("{:?}", HttpFingerprint(1)),
        "HttpFingerprint(0000000000000001)"
    );
}

#[test]
fn inspect_agrees_with_the_separate_functions() {
    let h = chrome();
    let pairs = || h.iter().map(|(n, v)| (n.as_bytes(), v.as_bytes()));
    let r = inspect(pairs(), Version::HTTP_2, true);
    assert_eq!(r.http, http_fingerprint(pairs(), Version::HTTP_2));
    assert_eq!(r.ua, UaFamily::Chrome);
    assert_eq!(r.signals, signals::automation_signals(pairs(), true));
    assert!(
        !r.signals.any(),
        "a real Chrome navigation raises nothing: {:?}",
        r.signals
    );
}

#[test]
fn header_pairs_feeds_a_header_map_in_order() {
    let mut map = HeaderMap::new();
    for (n, v) in chrome() {
        map.append(
            http::HeaderName::from_bytes(n.as_bytes()).unwrap(),
            http::HeaderValue::from_str(&v).unwrap(),
        );
    }
    assert_eq!(
        http_fingerprint(header_pairs(&map), Version::HTTP_2),
        fp(&chrome(), Version::HTTP_2)
    );
    let r = inspect(header_pairs(&map), Version::HTTP_2, false);
    assert!(!r.signals.contains(Signal::UaHeaderMismatch));
}

#[test]
fn every_listed_exclusion_is_excluded_in_any_case() {
    for n in EXCLUDED_NAMES {
        assert!(excluded(n.as_bytes()), "{n}");
        assert!(excluded(n.to_ascii_uppercase().as_bytes()), "{n}");
    }
    for p in EXCLUDED_PREFIXES {
        let name = format!("{p}something");
        assert!(excluded(name.as_bytes()), "{name}");
        assert!(excluded(name.to_ascii_uppercase().as_bytes()), "{name}");
    }
    for kept in [
        "host",
        "accept",
        "user-agent",
        "sec-ch-ua",
        "content-type",
        "x-requested-with",
        "te",
        "",
    ] {
        assert!(!excluded(kept.as_bytes()), "{kept}");
    }
}
