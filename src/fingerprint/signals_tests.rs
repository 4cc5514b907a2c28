use super::*;

const CHROME: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
const CHROME_OLD: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/88.0.4324.150 Safari/537.36";
const WEBVIEW: &str = "Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TQ3A; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.43 Mobile Safari/537.36";
const CRIOS: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1";
const FIREFOX: &str =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0";
const SAFARI: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15";
const HEADLESS: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.6099.28 Safari/537.36";
const GOOGLEBOT: &str = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

const AL: (&str, &str) = ("accept-language", "en-US,en;q=0.9");
const AE: (&str, &str) = ("accept-encoding", "gzip, deflate, br");
const CH: (&str, &str) = ("sec-ch-ua", "\"Chromium\";v=\"120\"");

fn ua(v: &str) -> (&str, &str) {
    ("user-agent", v)
}

fn run(headers: &[(&str, &str)], https: bool) -> Vec<&'static str> {
    automation_signals(
        headers.iter().map(|(n, v)| (n.as_bytes(), v.as_bytes())),
        https,
    )
    .names()
    .collect()
}

/// (what, headers in order, https, expected signals).
type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], bool, &'a [Signal]);

#[test]
fn signals_table() {
    use Signal::*;
    let cases: &[Case] = &[
        ("chrome, complete", &[CH, ua(CHROME), AE, AL], true, &[]),
        (
            "chrome over plain http needs no hints",
            &[ua(CHROME), AE, AL],
            false,
            &[],
        ),
        (
            "chrome over https without hints",
            &[ua(CHROME), AE, AL],
            true,
            &[UaHeaderMismatch],
        ),
        (
            "old chrome without hints",
            &[ua(CHROME_OLD), AE, AL],
            true,
            &[],
        ),
        (
            "android webview without hints",
            &[ua(WEBVIEW), AE, AL],
            true,
            &[],
        ),
        (
            "chrome on ios without hints",
            &[ua(CRIOS), AE, AL],
            true,
            &[],
        ),
        ("firefox, complete", &[ua(FIREFOX), AE, AL], true, &[]),
        ("safari, complete", &[ua(SAFARI), AE, AL], true, &[]),
        (
            "firefox sending client hints",
            &[CH, ua(FIREFOX), AE, AL],
            true,
            &[UaHeaderMismatch],
        ),
        (
            "safari sending client hints",
            &[CH, ua(SAFARI), AE, AL],
            true,
            &[UaHeaderMismatch],
        ),
        (
            "browser without accept-language",
            &[CH, ua(CHROME), AE],
            true,
            &[MissingAcceptLanguage, UaHeaderMismatch],
        ),
        (
            "browser with blank accept-language",
            &[ua(FIREFOX), AE, ("accept-language", " ")],
            true,
            &[MissingAcceptLanguage, UaHeaderMismatch],
        ),
        (
            "browser without accept-encoding",
            &[ua(FIREFOX), AL],
            true,
            &[UaHeaderMismatch],
        ),
        (
            "browser with identity encoding",
            &[ua(FIREFOX), AL, ("accept-encoding", "identity")],
            true,
            &[UaHeaderMismatch],
        ),
        (
            "browser with q-valued br only",
            &[ua(FIREFOX), AL, ("accept-encoding", "BR;q=1.0")],
            true,
            &[],
        ),
        (
            "curl defaults",
            &[ua("curl/8.4.0"), ("accept", "*/*")],
            true,
            &[AutomationUa, MissingAcceptLanguage],
        ),
        (
            "python-requests defaults",
            &[
                ua("python-requests/2.31.0"),
                ("accept-encoding", "gzip, deflate"),
                ("accept", "*/*"),
            ],
            true,
            &[AutomationUa, MissingAcceptLanguage],
        ),
        (
            "go with a language",
            &[ua("Go-http-client/2.0"), AL],
            true,
            &[AutomationUa],
        ),
        (
            "headless chrome",
            &[CH, ua(HEADLESS), AE, AL],
            true,
            &[AutomationUa],
        ),
        (
            "googlebot",
            &[ua(GOOGLEBOT), AE],
            true,
            &[CrawlerUa, MissingAcceptLanguage],
        ),
        ("no user-agent", &[AE, AL], true, &[NoUserAgent]),
        ("blank user-agent", &[ua(""), AE, AL], true, &[NoUserAgent]),
        (
            "nothing at all",
            &[],
            false,
            &[MissingAcceptLanguage, NoUserAgent],
        ),
    ];
    for (what, headers, https, want) in cases {
        let want: Vec<&str> = want.iter().map(|s| s.as_str()).collect();
        assert_eq!(run(headers, *https), want, "{what}");
    }
}

#[test]
fn only_the_first_user_agent_counts() {
    assert_eq!(
        run(&[ua(FIREFOX), ua("curl/8.4.0"), AE, AL], true),
        Vec::<&str>::new()
    );
}

#[test]
fn bit_set_operations() {
    let s = AutomationSignals::NONE
        .with(Signal::NoUserAgent)
        .with(Signal::AutomationUa)
        .with(Signal::NoUserAgent);
    assert!(s.any());
    assert!(!AutomationSignals::NONE.any());
    assert_eq!(s.count(), 2);
    assert!(s.contains(Signal::NoUserAgent));
    assert!(!s.contains(Signal::CrawlerUa));
    assert_eq!(
        s.iter().collect::<Vec<_>>(),
        [Signal::AutomationUa, Signal::NoUserAgent]
    );
    assert_eq!(format!("{s:?}"), "{\"automation_ua\", \"no_user_agent\"}");
    assert_eq!(AutomationSignals::default(), AutomationSignals::NONE);
}

#[test]
fn every_signal_has_a_distinct_bit_and_name() {
    let mut all = AutomationSignals::NONE;
    for s in Signal::ALL {
        assert!(!all.contains(s), "{s:?} shares a bit");
        all = all.with(s);
    }
    let names: Vec<&str> = all.names().collect();
    assert_eq!(
        names,
        [
            "automation_ua",
            "crawler_ua",
            "missing_accept_language",
            "ua_header_mismatch",
            "no_user_agent"
        ]
    );
}
