use super::*;

/// Real User-Agent strings as sent by current clients.
const TABLE: &[(&str, UaFamily)] = &[
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", UaFamily::Chrome),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36", UaFamily::Chrome),
    ("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36", UaFamily::Chrome),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1", UaFamily::Chrome),
    ("Mozilla/5.0 (Linux; Android 9; CUBOT X30 Build/PPR1.180610.011) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Mobile Safari/537.36", UaFamily::Chrome),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0", UaFamily::Firefox),
    ("Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Firefox/115.0", UaFamily::Firefox),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/121.0 Mobile/15E148 Safari/605.1.15", UaFamily::Firefox),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15", UaFamily::Safari),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1", UaFamily::Safari),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0", UaFamily::Edge),
    ("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36 EdgA/120.0.0.0", UaFamily::Edge),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 OPR/106.0.0.0", UaFamily::Opera),
    ("Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36", UaFamily::SamsungInternet),
    ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.6099.28 Safari/537.36", UaFamily::HeadlessChrome),
    ("curl/8.4.0", UaFamily::Curl),
    ("Wget/1.21.4", UaFamily::Wget),
    ("python-requests/2.31.0", UaFamily::PythonRequests),
    ("Python-urllib/3.11", UaFamily::PythonUrllib),
    ("python-httpx/0.25.2", UaFamily::PythonOther),
    ("Python/3.11 aiohttp/3.9.1", UaFamily::PythonOther),
    ("Go-http-client/1.1", UaFamily::GoHttpClient),
    ("Go-http-client/2.0", UaFamily::GoHttpClient),
    ("Java/17.0.9", UaFamily::Java),
    ("Apache-HttpClient/4.5.14 (Java/17.0.9)", UaFamily::Java),
    ("okhttp/4.12.0", UaFamily::Okhttp),
    ("node-fetch/1.0 (+https://github.com/bitinn/node-fetch)", UaFamily::Node),
    ("node", UaFamily::Node),
    ("axios/1.6.2", UaFamily::Node),
    ("undici", UaFamily::Node),
    ("PostmanRuntime/7.36.0", UaFamily::Postman),
    ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", UaFamily::Bot),
    ("Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.129 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", UaFamily::Bot),
    ("Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36", UaFamily::Bot),
    ("Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)", UaFamily::Bot),
    ("Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; Bytespider; spider-feedback@bytedance.com)", UaFamily::Bot),
    ("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", UaFamily::Bot),
    ("Scrapy/2.11.0 (+https://scrapy.org)", UaFamily::Bot),
    ("", UaFamily::Empty),
    ("   ", UaFamily::Empty),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 312.0.0.32.112", UaFamily::Other),
    ("libwww-perl/6.72", UaFamily::Other),
    ("Mozilla/5.0", UaFamily::Other),
];

#[test]
fn classifies_real_user_agents() {
    for (ua, want) in TABLE {
        assert_eq!(ua_family(ua.as_bytes()), *want, "{ua}");
    }
}

#[test]
fn extracts_chrome_major_and_webview_marker() {
    for (ua, major, webview) in [
        ("Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", Some(120), false),
        ("Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TQ3A; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.43 Mobile Safari/537.36", Some(120), true),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1", None, false),
        ("Mozilla/5.0 Chrome/99999999.1", Some(u16::MAX), false),
        ("Mozilla/5.0 Chrome/ Safari/1", None, false),
    ] {
        let info = classify(ua.as_bytes());
        assert_eq!((info.chrome_major, info.webview), (major, webview), "{ua}");
    }
}

#[test]
fn names_are_stable_snake_case() {
    let all = [
        UaFamily::Chrome,
        UaFamily::SamsungInternet,
        UaFamily::HeadlessChrome,
        UaFamily::GoHttpClient,
        UaFamily::PythonRequests,
        UaFamily::Empty,
    ];
    let names: Vec<String> = all.iter().map(|f| f.to_string()).collect();
    assert_eq!(
        names,
        [
            "chrome",
            "samsung_internet",
            "headless_chrome",
            "go_http_client",
            "python_requests",
            "empty"
        ]
    );
}

#[test]
fn browser_and_automation_groups_do_not_overlap() {
    for (_, f) in TABLE {
        assert!(!(f.is_browser() && f.is_automation()), "{f}");
    }
    assert!(UaFamily::HeadlessChrome.is_automation());
    assert!(!UaFamily::Bot.is_automation() && !UaFamily::Bot.is_browser());
    assert!(UaFamily::Safari.is_browser());
}

#[test]
fn non_utf8_and_huge_inputs_do_not_panic() {
    assert_eq!(ua_family(&[0xff, 0xfe, b'/', 0x80]), UaFamily::Other);
    let long = "Mozilla/5.0 ".repeat(2000) + "Firefox/121.0";
    assert_eq!(ua_family(long.as_bytes()), UaFamily::Firefox);
}
