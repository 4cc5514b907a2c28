//! Device consistency: each contradiction, and every known honest oddity that is not one.

use super::*;
use crate::fingerprint::parse_beacon;

const CHROME_WIN: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const CHROME_ANDROID: &str = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
const CHROME_ANDROID_TABLET: &str = "Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const CHROME_LINUX: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const CHROME_CROS: &str = "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const SAFARI_MAC: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15";
const SAFARI_IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1";
const SAFARI_IPAD: &str = "Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1";
const WECHAT: &str = "Mozilla/5.0 (Linux; Android 13; V2227A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160117 MMWEBSDK/20240301 MicroMessenger/8.0.48.2580(0x28003036) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64";
const FACEBOOK_IOS: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/470.0.0.40.106;FBBV/613000000;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/17.5;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5]";
const TOR: &str = "Mozilla/5.0 (Windows NT 10.0; rv:128.0) Gecko/20100101 Firefox/128.0";
const FIREFOX_ANDROID: &str =
    "Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0";

fn traits(platform: &str, touch: u8, screen: (u16, u16), cores: u16) -> BeaconTraits {
    BeaconTraits {
        platform: PlatformClass::of(Some(platform)),
        touch_points: touch,
        screen_short: screen.0.min(screen.1),
        cores: Some(cores),
    }
}

fn check(
    t: BeaconTraits,
    ua: &str,
    ch_platform: Option<&str>,
    mobile: Option<&str>,
) -> Option<&'static str> {
    device_consistency(
        &t,
        ua.as_bytes(),
        ch_platform.map(str::as_bytes),
        mobile.map(str::as_bytes),
    )
    .map(Inconsistency::as_str)
}

#[test]
fn platform_classes() {
    use PlatformClass as P;
    for (s, want) in [
        ("Win32", P::Windows),
        ("Win64", P::Windows),
        ("MacIntel", P::Mac),
        ("iPhone", P::Ios),
        ("iPad", P::Ios),
        ("Linux armv8l", P::LinuxArm),
        ("Linux armv81", P::LinuxArm),
        ("Linux armv7l", P::LinuxArm),
        ("Linux aarch64", P::LinuxArm),
        ("Linux x86_64", P::LinuxX86),
        ("Linux i686", P::LinuxX86),
        ("Linux i686 on x86_64", P::LinuxX86),
        ("Linux", P::Linux),
        ("", P::Other),
        ("FreeBSD amd64", P::Other),
    ] {
        assert_eq!(PlatformClass::of(Some(s)), want, "{s:?}");
    }
    assert_eq!(PlatformClass::of(None), P::Other);
}

#[test]
fn contradictions_are_reported_with_their_kind() {
    let phone = (411, 731);
    // An x86 Android emulator: Android UA and client hints, a PC's platform.
    let emulator = traits("Linux x86_64", 1, phone, 2);
    assert_eq!(
        check(emulator, CHROME_ANDROID, Some("\"Android\""), Some("?1")),
        Some("x86_android")
    );
    assert_eq!(
        check(
            traits("Linux i686", 5, phone, 4),
            CHROME_ANDROID,
            None,
            None
        ),
        Some("x86_android")
    );
    // Even a Firefox UA: no spoofing mode turns an ARM phone into an x86 Linux.
    assert_eq!(
        check(emulator, FIREFOX_ANDROID, None, None),
        Some("x86_android")
    );
    // A Linux server under a Windows UA (a stealth headless browser).
    let server = traits("Linux x86_64", 0, (800, 600), 2);
    assert_eq!(
        check(server, CHROME_WIN, Some("\"Windows\""), Some("?0")),
        Some("platform_os")
    );
    // Windows under phone UAs, a Mac under Windows.
    let pc = traits("Win32", 0, (1920, 1080), 8);
    assert_eq!(check(pc, SAFARI_IPHONE, None, None), Some("platform_os"));
    assert_eq!(check(pc, CHROME_ANDROID, None, None), Some("platform_os"));
    assert_eq!(check(pc, CHROME_CROS, None, None), Some("platform_os"));
    assert_eq!(
        check(
            traits("MacIntel", 0, (1440, 900), 8),
            CHROME_WIN,
            None,
            None
        ),
        Some("platform_os")
    );
    // A desktop posing as a phone: no touch, a monitor, a workstation's cores.
    assert_eq!(
        check(
            traits("Linux armv8l", 0, phone, 8),
            CHROME_ANDROID,
            None,
            None
        ),
        Some("phone_without_touch")
    );
    assert_eq!(
        check(
            traits("iPhone", 0, (390, 844), 4),
            SAFARI_IPHONE,
            None,
            None
        ),
        Some("phone_without_touch")
    );
    assert_eq!(
        check(
            traits("Linux armv8l", 5, (1080, 1920), 8),
            CHROME_ANDROID,
            None,
            None
        ),
        Some("phone_desktop_screen")
    );
    assert_eq!(
        check(
            traits("Linux aarch64", 5, phone, 32),
            CHROME_ANDROID,
            None,
            None
        ),
        Some("phone_many_cores")
    );
    // `sec-ch-ua-mobile: ?1` claims a phone too.
    assert_eq!(
        check(
            traits("Linux aarch64", 0, phone, 8),
            CHROME_LINUX,
            None,
            Some("?1")
        ),
        Some("phone_without_touch")
    );
    // No UA OS: the client hint's platform is the claim.
    assert_eq!(
        check(pc, "SomeBrowser/1.0", Some("\"Android\""), None),
        Some("platform_os")
    );
}

#[test]
fn honest_oddities_are_consistent() {
    type Case<'a> = (
        &'a str,
        BeaconTraits,
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
    );
    let cases: [Case; 16] = [
        // The ordinary devices.
        (
            "windows pc",
            traits("Win32", 0, (1920, 1080), 8),
            CHROME_WIN,
            Some("\"Windows\""),
            Some("?0"),
        ),
        (
            "android phone",
            traits("Linux armv81", 5, (412, 915), 8),
            CHROME_ANDROID,
            Some("\"Android\""),
            Some("?1"),
        ),
        (
            "iphone",
            traits("iPhone", 5, (390, 844), 4),
            SAFARI_IPHONE,
            None,
            None,
        ),
        // iPadOS Safari asks for the desktop site: a Mac UA, MacIntel, touch points.
        (
            "ipad desktop site",
            traits("MacIntel", 5, (820, 1180), 8),
            SAFARI_MAC,
            None,
            None,
        ),
        // iPad with the mobile site; iPhone "desktop website".
        (
            "ipad",
            traits("iPad", 5, (820, 1180), 8),
            SAFARI_IPAD,
            None,
            None,
        ),
        (
            "iphone desktop website",
            traits("MacIntel", 5, (390, 844), 4),
            SAFARI_MAC,
            None,
            None,
        ),
        // An Android tablet (no "Mobile"), big screen, no phone claim.
        (
            "android tablet",
            traits("Linux aarch64", 10, (1200, 1920), 8),
            CHROME_ANDROID_TABLET,
            None,
            Some("?0"),
        ),
        // Desktop mode of Chrome on Android: Linux desktop UA, ARM platform, touch.
        (
            "android desktop mode",
            traits("Linux armv8l", 5, (412, 915), 8),
            CHROME_LINUX,
            Some("\"Android\""),
            Some("?0"),
        ),
        // Desktop mode of other Android browsers: a Windows UA from an ARM touch device.
        (
            "windows ua desktop mode",
            traits("Linux armv8l", 5, (412, 915), 8),
            CHROME_WIN,
            None,
            None,
        ),
        // In-app browsers (Android WebView, iOS WKWebView).
        (
            "wechat",
            traits("Linux aarch64", 5, (393, 873), 8),
            WECHAT,
            Some("\"Android\""),
            Some("?1"),
        ),
        (
            "facebook ios",
            traits("iPhone", 5, (390, 844), 6),
            FACEBOOK_IOS,
            None,
            None,
        ),
        // 200 % zoom on a small laptop: a phone-sized CSS screen at DPR 2 on a desktop.
        (
            "edge 200% zoom",
            traits("Win32", 0, (960, 540), 4),
            CHROME_WIN,
            Some("\"Windows\""),
            Some("?0"),
        ),
        // Chromebooks report Linux platforms; a touch-screen Windows laptop.
        (
            "chromebook",
            traits("Linux x86_64", 0, (1366, 768), 4),
            CHROME_CROS,
            Some("\"Chrome OS\""),
            Some("?0"),
        ),
        (
            "windows touch laptop",
            traits("Win32", 10, (1280, 800), 8),
            CHROME_WIN,
            None,
            None,
        ),
        // Tor Browser / resistFingerprinting on Linux: a Windows UA, the real (older
        // versions) platform, a letterboxed screen and 2 cores.
        (
            "tor on linux",
            traits("Linux x86_64", 0, (1400, 900), 2),
            TOR,
            None,
            None,
        ),
        (
            "firefox rfp android",
            traits("Linux aarch64", 0, (1400, 900), 2),
            FIREFOX_ANDROID,
            None,
            None,
        ),
    ];
    for (name, t, ua, platform, mobile) in cases {
        assert_eq!(check(t, ua, platform, mobile), None, "{name}");
    }
    // Nothing to compare: an unknown platform, or no OS claimed anywhere.
    let unknown = traits("", 5, (412, 915), 8);
    assert_eq!(check(unknown, CHROME_ANDROID, None, None), None);
    assert_eq!(check(unknown, CHROME_WIN, None, None), None);
    assert_eq!(
        check(
            traits("Win32", 0, (1920, 1080), 8),
            "curl/8.5.0",
            None,
            None
        ),
        None
    );
}

#[test]
fn traits_come_from_the_beacon() {
    let body = r#"{"v":1,"timezone":"Europe/Berlin","tz_offset":60,"screen":{"w":411,"h":731,"depth":24},"dpr":2.625,"platform":"Linux x86_64","languages":["de-DE"],"cores":2,"canvas":null,"webdriver":false,"touch_points":1}"#;
    let b = parse_beacon(body.as_bytes()).unwrap();
    assert_eq!(
        BeaconTraits::of(&b),
        BeaconTraits {
            platform: PlatformClass::LinuxX86,
            touch_points: 1,
            screen_short: 411,
            cores: Some(2),
        }
    );
}
