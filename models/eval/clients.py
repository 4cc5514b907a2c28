"""Browsers and scripts as they appear on the wire: header sets in the order each client
sends them, and the beacon body its fp.js run would post.

The harness's own definitions, written from the clients' public behaviour (what Chrome,
Firefox, Safari, Brave, Samsung Internet, headless Chrome and HTTP libraries send), not
from anything riskgate or its training code expects.
"""

import json

# Each profile: name, user agent, platform facts for the beacon, and how it behaves.
#   kind: "chromium" sends client hints; "firefox"/"safari" do not; "script" is a library.
#   beacon: True when the page script runs and can post (blockers/strict modes say False).
#   webdriver: what navigator.webdriver reports (automation).
PROFILES = {
    "chrome_win": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Safari/537.36",
        ch_ua='"Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"',
        ch_platform='"Windows"', mobile="?0", platform="Win32",
        screen=(1920, 1080, 24), dpr=1, cores=8, touch=0, beacon=True),
    "chrome_mac": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like "
        "Gecko) Chrome/131.0.0.0 Safari/537.36",
        ch_ua='"Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"',
        ch_platform='"macOS"', mobile="?0", platform="MacIntel",
        screen=(1512, 982, 30), dpr=2, cores=10, touch=0, beacon=True),
    "edge_win": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
        ch_ua='"Microsoft Edge";v="131", "Chromium";v="131", "Not_A Brand";v="24"',
        ch_platform='"Windows"', mobile="?0", platform="Win32",
        screen=(1366, 768, 24), dpr=1, cores=4, touch=0, beacon=True),
    "chrome_android": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Mobile Safari/537.36",
        ch_ua='"Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"',
        ch_platform='"Android"', mobile="?1", platform="Linux armv81",
        screen=(412, 915, 24), dpr=2.625, cores=8, touch=5, beacon=True),
    "samsung_android": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like "
        "Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
        ch_ua='"Chromium";v="122", "Not(A:Brand";v="24", "Samsung Internet";v="26.0"',
        ch_platform='"Android"', mobile="?1", platform="Linux armv81",
        screen=(384, 832, 24), dpr=3, cores=8, touch=5, beacon=True),
    "safari_iphone": dict(
        kind="safari",
        ua="Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
        platform="iPhone", screen=(390, 844, 24), dpr=3, cores=4, touch=5, beacon=True),
    "safari_mac": dict(
        kind="safari",
        ua="Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like "
        "Gecko) Version/18.1 Safari/605.1.15",
        platform="MacIntel", screen=(1440, 900, 24), dpr=2, cores=8, touch=0, beacon=True),
    "firefox_win": dict(
        kind="firefox",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
        platform="Win32", screen=(1920, 1080, 24), dpr=1, cores=8, touch=0, beacon=True),
    # Firefox with resistFingerprinting / strict tracking protection: UTC timezone, a
    # spoofed screen, canvas blocked, and often an add-on blocking the beacon script.
    "firefox_strict": dict(
        kind="firefox",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0",
        platform="Win32", screen=(1366, 768, 24), dpr=1, cores=2, touch=0, beacon=True,
        rfp=True),
    # Brave: Chromium without the "Google Chrome" brand, farbled canvas and cores.
    "brave_win": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Safari/537.36",
        ch_ua='"Brave";v="131", "Chromium";v="131", "Not_A Brand";v="24"',
        ch_platform='"Windows"', mobile="?0", platform="Win32",
        screen=(1920, 1080, 24), dpr=1, cores=4, touch=0, beacon=True, farble=True),
    # Automation.
    "headless_chrome": dict(
        kind="chromium",
        ua="Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "HeadlessChrome/131.0.0.0 Safari/537.36",
        ch_ua='"Chromium";v="131", "Not_A Brand";v="24", "HeadlessChrome";v="131"',
        ch_platform='"Linux"', mobile="?0", platform="Linux x86_64",
        screen=(800, 600, 24), dpr=1, cores=2, touch=0, beacon=True, webdriver=True),
    # Puppeteer with a stealth plugin: a normal Chrome UA, but webdriver and a tiny screen
    # leak through the beacon, and the Linux server platform does not match the UA.
    "stealth_puppeteer": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Safari/537.36",
        ch_ua='"Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"',
        ch_platform='"Windows"', mobile="?0", platform="Linux x86_64",
        screen=(800, 600, 24), dpr=1, cores=2, touch=0, beacon=True, webdriver=True),
    "python_requests": dict(kind="script", ua="python-requests/2.32.3", beacon=False),
    "curl": dict(kind="script", ua="curl/8.5.0", beacon=False),
    "go_http": dict(kind="script", ua="Go-http-client/1.1", beacon=False),
    # A script that copies a real Chrome UA string but none of Chrome's other headers.
    "script_chrome_ua": dict(
        kind="script",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Safari/537.36",
        beacon=False),
}

ORIGIN = "http://shop.example"


def _chromium_hints(p):
    return [("sec-ch-ua", p["ch_ua"]), ("sec-ch-ua-mobile", p["mobile"]),
            ("sec-ch-ua-platform", p["ch_platform"])]


def page_headers(profile, lang, cookie):
    """Headers of a top-level navigation to the shop page, in the browser's order."""
    p = PROFILES[profile]
    k = p["kind"]
    nav_accept = ("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,"
                  "image/webp,image/apng,*/*;q=0.8")
    if k == "chromium":
        h = [("Host", "shop.example"), ("Connection", "keep-alive")] + _chromium_hints(p) + [
            ("Upgrade-Insecure-Requests", "1"), ("User-Agent", p["ua"]), ("Accept", nav_accept),
            ("Sec-Fetch-Site", "none"), ("Sec-Fetch-Mode", "navigate"),
            ("Sec-Fetch-User", "?1"), ("Sec-Fetch-Dest", "document"),
            ("Accept-Encoding", "gzip, deflate, br, zstd"), ("Accept-Language", lang)]
    elif k == "firefox":
        h = [("Host", "shop.example"), ("User-Agent", p["ua"]),
             ("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
             ("Accept-Language", lang), ("Accept-Encoding", "gzip, deflate, br, zstd"),
             ("Connection", "keep-alive"), ("Upgrade-Insecure-Requests", "1"),
             ("Sec-Fetch-Dest", "document"), ("Sec-Fetch-Mode", "navigate"),
             ("Sec-Fetch-Site", "none"), ("Sec-Fetch-User", "?1"), ("Priority", "u=0, i")]
    elif k == "safari":
        h = [("Host", "shop.example"), ("Sec-Fetch-Dest", "document"), ("User-Agent", p["ua"]),
             ("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
             ("Sec-Fetch-Site", "none"), ("Sec-Fetch-Mode", "navigate"),
             ("Accept-Language", lang), ("Priority", "u=0, i"),
             ("Accept-Encoding", "gzip, deflate, br"), ("Connection", "keep-alive")]
    else:
        h = [("Host", "shop.example"), ("User-Agent", p["ua"]),
             ("Accept-Encoding", "gzip, deflate"), ("Accept", "*/*"),
             ("Connection", "keep-alive")]
    if cookie:
        h.append(("Cookie", cookie))
    return h


def fetch_headers(profile, lang, cookie, content_type, length):
    """Headers of the page's `fetch()` POST (order or beacon), in the browser's order.

    Scripts send what their library sends; some add an Accept-Language they were told to.
    """
    p = PROFILES[profile]
    k = p["kind"]
    if k == "chromium":
        h = [("Host", "shop.example"), ("Connection", "keep-alive"),
             ("Content-Length", str(length))] + _chromium_hints(p) + [
            ("User-Agent", p["ua"]), ("Content-Type", content_type), ("Accept", "*/*"),
            ("Origin", ORIGIN), ("Sec-Fetch-Site", "same-origin"),
            ("Sec-Fetch-Mode", "cors"), ("Sec-Fetch-Dest", "empty"),
            ("Referer", ORIGIN + "/"), ("Accept-Encoding", "gzip, deflate, br, zstd"),
            ("Accept-Language", lang)]
    elif k == "firefox":
        h = [("Host", "shop.example"), ("User-Agent", p["ua"]), ("Accept", "*/*"),
             ("Accept-Language", lang), ("Accept-Encoding", "gzip, deflate, br, zstd"),
             ("Referer", ORIGIN + "/"), ("Content-Type", content_type),
             ("Content-Length", str(length)), ("Origin", ORIGIN), ("Connection", "keep-alive"),
             ("Sec-Fetch-Dest", "empty"), ("Sec-Fetch-Mode", "cors"),
             ("Sec-Fetch-Site", "same-origin"), ("Priority", "u=0")]
    elif k == "safari":
        h = [("Host", "shop.example"), ("Content-Type", content_type), ("Accept", "*/*"),
             ("Sec-Fetch-Site", "same-origin"), ("Accept-Language", lang),
             ("Accept-Encoding", "gzip, deflate, br"), ("Sec-Fetch-Mode", "cors"),
             ("Origin", ORIGIN), ("User-Agent", p["ua"]), ("Referer", ORIGIN + "/"),
             ("Content-Length", str(length)), ("Connection", "keep-alive"),
             ("Sec-Fetch-Dest", "empty"), ("Priority", "u=3, i")]
    else:
        h = [("Host", "shop.example"), ("User-Agent", p["ua"]),
             ("Accept-Encoding", "gzip, deflate"), ("Accept", "*/*"),
             ("Connection", "keep-alive"), ("Content-Length", str(length)),
             ("Content-Type", content_type)]
        if lang:
            h.append(("Accept-Language", lang))
    if cookie:
        # Browsers put Cookie after the other headers of a fetch (Chrome: before
        # Accept-Encoding's neighbours vary by version; close enough for ordering).
        h.insert(len(h) - 1, ("Cookie", cookie))
    return h


def beacon_body(profile, languages, tz_name, tz_offset_min, rng):
    """The JSON fp.js would post for this browser (None when the script cannot run)."""
    p = PROFILES[profile]
    if not p.get("beacon"):
        return None
    w, h, depth = p["screen"]
    canvas = "%08x" % rng.getrandbits(32)
    if p.get("rfp"):
        tz_name, tz_offset_min, canvas = "UTC", 0, None
        languages = ["en-US", "en"]
    body = {
        "v": 1, "timezone": tz_name, "tz_offset": tz_offset_min,
        "screen": {"w": w, "h": h, "depth": depth}, "dpr": p["dpr"],
        "platform": p["platform"], "languages": languages, "cores": p["cores"],
        "canvas": canvas, "webdriver": bool(p.get("webdriver")), "touch_points": p["touch"],
    }
    return json.dumps(body, separators=(",", ":"))
