use super::*;

const DAY: u64 = 86_400;
const YEAR: Duration = Duration::from_secs(365 * DAY);
const NOW: u64 = 1_700_000_000;

fn key(fill: u8) -> Vec<u8> {
    vec![fill; 32]
}

fn keys(fills: &[u8]) -> CookieKeys {
    CookieKeys::new(fills.iter().map(|&f| key(f)).collect()).unwrap()
}

fn check(headers: &[&str], k: &CookieKeys, now: u64) -> CookieCheck {
    check_cookie(headers.iter().map(|h| h.as_bytes()), "rg_did", k, now, YEAR)
}

fn valid(c: CookieCheck) -> VerifiedDevice {
    match c {
        CookieCheck::Valid(v) => v,
        other => panic!("expected Valid, got {other:?}"),
    }
}

/// Flips one bit of the decoded byte at `index` and re-encodes.
fn flip(value: &str, index: usize) -> String {
    let mut raw = URL_SAFE_NO_PAD.decode(value).unwrap();
    raw[index] ^= 0x01;
    URL_SAFE_NO_PAD.encode(raw)
}

#[test]
fn issued_cookie_round_trips_with_id_and_age() {
    let k = keys(&[1]);
    let (id, value) = issue(&k, NOW);
    assert_eq!(value.len(), COOKIE_VALUE_LEN);
    let v = valid(check(&[&format!("rg_did={value}")], &k, NOW + 3600));
    assert_eq!(v.id, id);
    assert_eq!(v.issued_at, NOW);
    assert_eq!(v.age_secs(NOW + 3600), 3600);
    assert_eq!(v.age_secs(NOW - 5), 0, "clock skew saturates to age 0");
    assert!(!v.needs_resign());
}

#[test]
fn rotation_old_key_verifies_and_newest_signs() {
    let old = keys(&[1]);
    let (id, old_value) = issue(&old, NOW);
    let rotated = keys(&[2, 1]);
    let v = valid(check(&[&format!("rg_did={old_value}")], &rotated, NOW));
    assert_eq!(v.id, id);
    assert!(v.needs_resign(), "verified by the older key");
    // Re-signing keeps id and age, and is now verified by the newest key alone.
    let resigned = sign(&rotated, v.id, v.issued_at);
    let only_new = keys(&[2]);
    let v2 = valid(check(&[&format!("rg_did={resigned}")], &only_new, NOW));
    assert_eq!((v2.id, v2.issued_at), (id, NOW));
    assert!(!v2.needs_resign());
    // Once the old key is removed, the un-resigned cookie no longer verifies.
    assert_eq!(
        check(&[&format!("rg_did={old_value}")], &only_new, NOW),
        CookieCheck::Tampered
    );
}

#[test]
fn flipping_any_part_is_tampered() {
    let k = keys(&[1]);
    let (_, value) = issue(&k, NOW);
    for (part, index) in [
        ("id", 0),
        ("id", 15),
        ("time", 16),
        ("time", 23),
        ("tag", 24),
        ("tag", 39),
    ] {
        let bad = flip(&value, index);
        assert_eq!(
            check(&[&format!("rg_did={bad}")], &k, NOW),
            CookieCheck::Tampered,
            "flipped {part} byte {index}"
        );
    }
}

#[test]
fn malformed_values_are_tampered() {
    let k = keys(&[1]);
    let (_, value) = issue(&k, NOW);
    let too_long = format!("{value}A");
    let wrong_alphabet = value.replacen(|c: char| c.is_ascii_alphanumeric(), "+", 1);
    let padded = format!("{}==", &value[..52]);
    for bad in [
        "",
        "x",
        &value[..53],
        too_long.as_str(),
        wrong_alphabet.as_str(),
        padded.as_str(),
        &"!".repeat(54),
    ] {
        assert_eq!(
            check(&[&format!("rg_did={bad}")], &k, NOW),
            CookieCheck::Tampered,
            "{bad:?}"
        );
    }
}

#[test]
fn cookie_signed_by_a_foreign_key_is_tampered() {
    let (_, foreign) = issue(&keys(&[9]), NOW);
    assert_eq!(
        check(&[&format!("rg_did={foreign}")], &keys(&[1, 2]), NOW),
        CookieCheck::Tampered
    );
}

#[test]
fn cookie_older_than_max_age_is_expired() {
    let k = keys(&[1]);
    let (_, value) = issue(&k, NOW);
    let header = format!("rg_did={value}");
    let limit = NOW + YEAR.as_secs();
    assert!(matches!(
        check(&[&header], &k, limit),
        CookieCheck::Valid(_)
    ));
    assert_eq!(check(&[&header], &k, limit + 1), CookieCheck::Expired);
}

#[test]
fn finds_the_cookie_across_headers_spaces_and_quotes() {
    let k = keys(&[1]);
    let (id, v) = issue(&k, NOW);
    let cases: Vec<Vec<String>> = vec![
        vec![format!("rg_did={v}")],
        vec![format!("a=1; rg_did={v}; b=2")],
        vec![format!("a=1;rg_did={v};b=2")],
        vec![format!("  a=1 ;\t rg_did = {v} ;  ")],
        vec![format!("rg_did=\"{v}\"")],
        vec!["a=1; b=2".into(), format!("c=3; rg_did={v}")],
        vec!["a=1".into(), "b".into(), format!("rg_did={v}")],
        // A stale foreign copy before ours (other path/domain): ours still wins.
        vec![format!("rg_did=garbage; rg_did={v}")],
    ];
    for headers in cases {
        let refs: Vec<&str> = headers.iter().map(String::as_str).collect();
        assert_eq!(valid(check(&refs, &k, NOW)).id, id, "{headers:?}");
    }
}

#[test]
fn absent_when_no_cookie_has_the_name() {
    let k = keys(&[1]);
    let (_, v) = issue(&k, NOW);
    for headers in [
        vec![],
        vec![""],
        vec!["a=1; b=2"],
        vec!["RG_DID=x"],
        vec!["xrg_did=x; rg_didx=y"],
    ] {
        assert_eq!(check(&headers, &k, NOW), CookieCheck::Absent, "{headers:?}");
    }
    // The value of another cookie that merely contains the name does not count.
    let h = format!("other=rg_did={v}");
    assert_eq!(check(&[&h], &k, NOW), CookieCheck::Absent);
}

#[test]
fn expired_outranks_tampered_and_stuffing_is_bounded() {
    let k = keys(&[1]);
    let (_, old) = issue(&k, NOW - 2 * YEAR.as_secs());
    let h = format!("rg_did=junk; rg_did={old}");
    assert_eq!(check(&[&h], &k, NOW), CookieCheck::Expired);
    // A valid cookie hidden behind four junk copies is not examined.
    let (_, good) = issue(&k, NOW);
    let stuffed = format!("{}rg_did={good}", "rg_did=junk; ".repeat(MAX_CANDIDATES));
    assert_eq!(check(&[&stuffed], &k, NOW), CookieCheck::Tampered);
}

#[test]
fn key_set_refuses_empty_short_and_too_many() {
    assert!(matches!(
        CookieKeys::new(vec![]),
        Err(FingerprintError::NoKeys)
    ));
    assert!(matches!(
        CookieKeys::new(vec![key(1), vec![2; 31]]),
        Err(FingerprintError::KeyTooShort {
            index: 1,
            len: 31,
            ..
        })
    ));
    assert!(matches!(
        CookieKeys::new(vec![key(1); MAX_KEYS + 1]),
        Err(FingerprintError::TooManyKeys { count: 9, .. })
    ));
    let k = keys(&[1, 2]);
    assert_eq!(k.len(), 2);
    assert!(!k.is_empty());
    assert_eq!(
        format!("{k:?}"),
        "CookieKeys { keys: 2 }",
        "no key material in Debug"
    );
}

#[test]
fn set_cookie_header_has_the_documented_attributes() {
    let v = "AAAA";
    assert_eq!(
        set_cookie_header("rg_did", v, Duration::from_secs(31_536_000), true),
        "rg_did=AAAA; Max-Age=31536000; Path=/; HttpOnly; SameSite=Lax; Secure"
    );
    assert_eq!(
        set_cookie_header("rg_did", v, Duration::from_millis(1500), false),
        "rg_did=AAAA; Max-Age=1; Path=/; HttpOnly; SameSite=Lax"
    );
}

#[test]
fn cookie_names_must_be_tokens() {
    for (name, ok) in [
        ("rg_did", true),
        ("__Host-rg", true),
        ("", false),
        ("a b", false),
        ("a=b", false),
        ("a;b", false),
        ("é", false),
    ] {
        assert_eq!(is_valid_cookie_name(name), ok, "{name:?}");
    }
}
