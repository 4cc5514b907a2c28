//! Rule 5 of `UaHeaderMismatch`: client hints that contradict the `User-Agent`.

use super::*;

const CHROME_WIN: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const CHROME_MAC: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const CHROME_ANDROID: &str = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
const CHROME_LINUX: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const CHROME_CROS: &str = "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const BRANDS_131: &str =
    "\"Google Chrome\";v=\"131\", \"Chromium\";v=\"131\", \"Not_A Brand\";v=\"24\"";
const BRANDS_120: &str =
    "\"Google Chrome\";v=\"120\", \"Chromium\";v=\"120\", \"Not_A Brand\";v=\"8\"";
const BRAVE_131: &str = "\"Brave\";v=\"131\", \"Chromium\";v=\"131\", \"Not_A Brand\";v=\"24\"";

fn mismatch(ua: &str, brands: &str, platform: Option<&str>) -> bool {
    let mut h: Vec<(&str, &str)> = vec![
        ("sec-ch-ua", brands),
        ("sec-ch-ua-mobile", "?0"),
        ("user-agent", ua),
        ("accept-encoding", "gzip, deflate, br"),
        ("accept-language", "en-US,en;q=0.9"),
    ];
    if let Some(p) = platform {
        h.insert(2, ("sec-ch-ua-platform", p));
    }
    automation_signals(h.iter().map(|(n, v)| (n.as_bytes(), v.as_bytes())), true)
        .names()
        .any(|n| n == "ua_header_mismatch")
}

#[test]
fn consistent_client_hints_are_no_mismatch() {
    for (ua, brands, platform) in [
        (CHROME_WIN, BRANDS_131, "\"Windows\""),
        (CHROME_MAC, BRANDS_131, "\"macOS\""),
        (CHROME_ANDROID, BRANDS_131, "\"Android\""),
        (CHROME_LINUX, BRANDS_131, "\"Linux\""),
        (CHROME_CROS, BRANDS_131, "\"Chrome OS\""),
        (CHROME_WIN, BRAVE_131, "\"Windows\""),
        // Unknown or absent on one side: nothing to contradict.
        (CHROME_WIN, BRANDS_131, "\"Unknown\""),
        (CHROME_WIN, "\"Not_A Brand\";v=\"24\"", "\"Windows\""),
    ] {
        assert!(
            !mismatch(ua, brands, Some(platform)),
            "{ua} {brands} {platform}"
        );
    }
    assert!(!mismatch(CHROME_WIN, BRANDS_131, None));
}

#[test]
fn client_hints_naming_another_platform_or_version_are_a_mismatch() {
    // An anti-detect profile claiming a Windows UA on a Mac (or an Android phone UA from a
    // desktop), or a UA string rewritten to another Chrome version than the engine's.
    for (ua, brands, platform) in [
        (CHROME_WIN, BRANDS_131, "\"macOS\""),
        (CHROME_WIN, BRANDS_131, "\"Linux\""),
        (CHROME_ANDROID, BRANDS_131, "\"Windows\""),
        (CHROME_MAC, BRANDS_131, "\"Windows\""),
        (CHROME_WIN, BRANDS_120, "\"Windows\""),
        (CHROME_LINUX, BRAVE_131, "\"Android\""),
    ] {
        assert!(
            mismatch(ua, brands, Some(platform)),
            "{ua} {brands} {platform}"
        );
    }
}

#[test]
fn hint_parsers() {
    assert_eq!(hint_chromium_major(BRANDS_131.as_bytes()), Some(131));
    assert_eq!(hint_chromium_major(b"\"Chromium\";v=\"99\""), Some(99));
    assert_eq!(hint_chromium_major(b"\"Not_A Brand\";v=\"8\""), None);
    assert_eq!(hint_os(b"\"Windows\""), Some(Platform::Windows));
    assert_eq!(hint_os(b"\"Chromium OS\""), Some(Platform::Cros));
    assert_eq!(hint_os(b"\"Fuchsia\""), None);
    assert_eq!(ua_os(CHROME_ANDROID.as_bytes()), Some(Platform::Android));
    assert_eq!(
        ua_os(b"Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X)"),
        Some(Platform::Ios)
    );
    assert_eq!(ua_os(CHROME_CROS.as_bytes()), Some(Platform::Cros));
}
