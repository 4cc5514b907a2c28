//! User-Agent classification: which client family a `User-Agent` value claims to be.
//!
//! One allocation-free pass over the UA's product tokens (`Name/version`). Only the family
//! is kept (and, internally, the Chrome major version and the Android WebView marker that
//! the header-consistency rules need), never the full string, so browser updates do not
//! change fingerprints. It does not decide whether a claim is believable: `signals.rs`
//! checks the claim against the other headers.

/// The client family a `User-Agent` claims.
///
/// `as_str` names are hashed into [`super::HttpFingerprint`] and logged: they are part of
/// the stable interface and never renamed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UaFamily {
    /// Chrome and Chromium-based browsers without their own brand token (Brave, Vivaldi,
    /// Yandex), including Chrome on iOS (`CriOS`).
    Chrome,
    /// Firefox, including Firefox on iOS (`FxiOS`).
    Firefox,
    /// Safari (desktop and iOS): `Safari/` with `Version/` and no Chromium token.
    Safari,
    /// Microsoft Edge (`Edg/`, `EdgA/`, `EdgiOS/`, legacy `Edge/`).
    Edge,
    /// Opera (`OPR/`, `OPT/`, `OPiOS/`, legacy `Opera`).
    Opera,
    /// Samsung Internet (`SamsungBrowser/`).
    SamsungInternet,
    /// Headless Chrome (`HeadlessChrome/`): Puppeteer, Playwright, Selenium defaults.
    HeadlessChrome,
    /// curl.
    Curl,
    /// GNU Wget.
    Wget,
    /// Python `requests`.
    PythonRequests,
    /// Python standard library `urllib`.
    PythonUrllib,
    /// Other Python HTTP clients (`httpx`, `aiohttp`).
    PythonOther,
    /// Go `net/http` default client.
    GoHttpClient,
    /// Java (`Java/` default UA, Apache HttpClient).
    Java,
    /// OkHttp (Android apps and JVM scripts).
    Okhttp,
    /// Node.js clients (`node`, `node-fetch`, `axios`, `undici`).
    Node,
    /// Postman.
    Postman,
    /// Crawlers and bots: a product name ending in `bot`, `spider`/`crawler`, or a URL
    /// inside the UA (the crawler convention, e.g. `+http://www.google.com/bot.html`).
    Bot,
    /// Header absent or blank.
    Empty,
    /// Anything else (in-app webviews on iOS, rare browsers, unknown tools).
    Other,
}

impl UaFamily {
    /// Returns the stable snake_case name (`"chrome"`, `"headless_chrome"`, …).
    pub const fn as_str(self) -> &'static str {
        match self {
            UaFamily::Chrome => "chrome",
            UaFamily::Firefox => "firefox",
            UaFamily::Safari => "safari",
            UaFamily::Edge => "edge",
            UaFamily::Opera => "opera",
            UaFamily::SamsungInternet => "samsung_internet",
            UaFamily::HeadlessChrome => "headless_chrome",
            UaFamily::Curl => "curl",
            UaFamily::Wget => "wget",
            UaFamily::PythonRequests => "python_requests",
            UaFamily::PythonUrllib => "python_urllib",
            UaFamily::PythonOther => "python_other",
            UaFamily::GoHttpClient => "go_http_client",
            UaFamily::Java => "java",
            UaFamily::Okhttp => "okhttp",
            UaFamily::Node => "node",
            UaFamily::Postman => "postman",
            UaFamily::Bot => "bot",
            UaFamily::Empty => "empty",
            UaFamily::Other => "other",
        }
    }

    /// Returns true for the interactive browser families (Chrome, Firefox, Safari, Edge,
    /// Opera, Samsung Internet): the ones whose header set is checked for consistency.
    pub const fn is_browser(self) -> bool {
        matches!(
            self,
            UaFamily::Chrome
                | UaFamily::Firefox
                | UaFamily::Safari
                | UaFamily::Edge
                | UaFamily::Opera
                | UaFamily::SamsungInternet
        )
    }

    /// Returns true for headless browsers and scripting HTTP clients (not crawlers).
    pub const fn is_automation(self) -> bool {
        matches!(
            self,
            UaFamily::HeadlessChrome
                | UaFamily::Curl
                | UaFamily::Wget
                | UaFamily::PythonRequests
                | UaFamily::PythonUrllib
                | UaFamily::PythonOther
                | UaFamily::GoHttpClient
                | UaFamily::Java
                | UaFamily::Okhttp
                | UaFamily::Node
                | UaFamily::Postman
        )
    }
}

impl std::fmt::Display for UaFamily {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Classifies a `User-Agent` header value into its family.
///
/// Called once per request (through [`super::inspect`]); allocation-free, linear in the UA
/// length. Scripting tools are recognised by their leading product (`curl/8.4.0`; this wins
/// even when the tool adds a project URL, as `node-fetch` does), then crawlers win over
/// browsers (Googlebot's UA also says Chrome), then browsers from the most to the least
/// specific token (HeadlessChrome, Edge, Opera, Samsung, Chrome, Firefox, Safari).
pub fn ua_family(ua: &[u8]) -> UaFamily {
    classify(ua).family
}

/// The family plus the details the header-consistency rules need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct UaInfo {
    pub(crate) family: UaFamily,
    /// Major version of a `Chrome/` token (not `CriOS`, which is WebKit underneath).
    pub(crate) chrome_major: Option<u16>,
    /// Android WebView marker (`; wv)`): in-app views that may omit client hints.
    pub(crate) webview: bool,
}

#[derive(Default)]
struct Seen {
    bot: bool,
    headless: bool,
    edge: bool,
    opera: bool,
    samsung: bool,
    chrome: bool,
    firefox: bool,
    safari: bool,
    version: bool,
}

pub(crate) fn classify(ua: &[u8]) -> UaInfo {
    let mut info = UaInfo {
        family: UaFamily::Empty,
        chrome_major: None,
        webview: false,
    };
    let mut seen = Seen::default();
    let mut tool = None;
    let mut first = true;
    let mut i = 0;
    while i < ua.len() {
        if is_delimiter(ua[i]) {
            i += 1;
            continue;
        }
        let start = i;
        let mut slash = None;
        while i < ua.len() && !is_delimiter(ua[i]) {
            if ua[i] == b'/' && slash.is_none() {
                slash = Some(i);
            }
            i += 1;
        }
        let token = &ua[start..i];
        let (name, version) = match slash {
            Some(s) => (&ua[start..s], Some(&ua[s + 1..i])),
            None => (token, None),
        };
        if first {
            first = false;
            tool = leading_tool(name);
        }
        // Known tokens first: the (slower) crawler checks run only on the unknown rest.
        match name {
            b"Mozilla" | b"AppleWebKit" | b"KHTML" | b"like" | b"Gecko" | b"Mobile" => {}
            b"HeadlessChrome" => seen.headless = true,
            b"Edg" | b"EdgA" | b"EdgiOS" | b"Edge" => seen.edge = true,
            b"OPR" | b"OPT" | b"OPiOS" | b"Opera" => seen.opera = true,
            b"SamsungBrowser" => seen.samsung = true,
            b"Chrome" | b"Chromium" => {
                seen.chrome = true;
                info.chrome_major = version.and_then(major);
            }
            b"CriOS" => seen.chrome = true,
            b"Firefox" | b"FxiOS" => seen.firefox = true,
            b"Safari" => seen.safari = true,
            b"Version" => seen.version = true,
            b"wv" => info.webview = true,
            _ => {
                if is_url(token) || is_crawler_name(name, version.is_some()) {
                    seen.bot = true;
                }
            }
        }
    }
    info.family = if first {
        UaFamily::Empty
    } else if let Some(tool) = tool {
        tool
    } else if seen.bot {
        UaFamily::Bot
    } else if seen.headless {
        UaFamily::HeadlessChrome
    } else if seen.edge {
        UaFamily::Edge
    } else if seen.opera {
        UaFamily::Opera
    } else if seen.samsung {
        UaFamily::SamsungInternet
    } else if seen.chrome {
        UaFamily::Chrome
    } else if seen.firefox {
        UaFamily::Firefox
    } else if seen.safari && seen.version {
        UaFamily::Safari
    } else {
        UaFamily::Other
    };
    info
}

/// Token separators: spaces, comment parentheses and the `;`/`,` inside comments.
fn is_delimiter(b: u8) -> bool {
    matches!(b, b' ' | b'(' | b')' | b';' | b',' | b'\t')
}

/// Scripting clients announce themselves in the leading product token.
fn leading_tool(name: &[u8]) -> Option<UaFamily> {
    const TOOLS: [(&[u8], UaFamily); 15] = [
        (b"curl", UaFamily::Curl),
        (b"wget", UaFamily::Wget),
        (b"python-requests", UaFamily::PythonRequests),
        (b"python-urllib", UaFamily::PythonUrllib),
        (b"python-httpx", UaFamily::PythonOther),
        (b"python", UaFamily::PythonOther),
        (b"aiohttp", UaFamily::PythonOther),
        (b"go-http-client", UaFamily::GoHttpClient),
        (b"java", UaFamily::Java),
        (b"apache-httpclient", UaFamily::Java),
        (b"okhttp", UaFamily::Okhttp),
        (b"node", UaFamily::Node),
        (b"node-fetch", UaFamily::Node),
        (b"axios", UaFamily::Node),
        (b"undici", UaFamily::Node),
    ];
    if name.eq_ignore_ascii_case(b"PostmanRuntime") {
        return Some(UaFamily::Postman);
    }
    TOOLS
        .iter()
        .find(|(n, _)| name.eq_ignore_ascii_case(n))
        .map(|&(_, f)| f)
}

/// A URL inside the UA is the crawler convention (`+http://…/bot.html`).
fn is_url(token: &[u8]) -> bool {
    let t = token.strip_prefix(b"+").unwrap_or(token);
    starts_with_ci(t, b"http://") || starts_with_ci(t, b"https://")
}

/// `Googlebot/2.1`, `bingbot/2.0`, `YandexBot/3.0`, `Bytespider`, `…Crawler…`.
///
/// The `…bot` suffix counts only on product tokens (with `/`), so device models such as
/// `CUBOT` in Android UAs are not crawlers.
fn is_crawler_name(name: &[u8], product: bool) -> bool {
    (product && name.len() >= 3 && name[name.len() - 3..].eq_ignore_ascii_case(b"bot"))
        || contains_ci(name, b"spider")
        || contains_ci(name, b"crawler")
        || name.eq_ignore_ascii_case(b"facebookexternalhit")
}

fn starts_with_ci(hay: &[u8], prefix: &[u8]) -> bool {
    hay.len() >= prefix.len() && hay[..prefix.len()].eq_ignore_ascii_case(prefix)
}

fn contains_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.len() >= needle.len()
        && hay
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
}

/// Leading decimal digits of a version (`120.0.6099.71` → 120), capped to u16.
fn major(version: &[u8]) -> Option<u16> {
    let digits = version.iter().take_while(|b| b.is_ascii_digit()).take(5);
    let mut n: u32 = 0;
    let mut any = false;
    for d in digits {
        any = true;
        n = n * 10 + u32::from(d - b'0');
    }
    any.then(|| u16::try_from(n).unwrap_or(u16::MAX))
}

#[cfg(test)]
#[path = "ua_tests.rs"]
mod tests;
