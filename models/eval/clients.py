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
    # ---- profiles added with the fifth holdout set (holdout5.py); prefix h5_.
    # Old Android System WebViews inside game-launcher / top-up apps. Chrome 74 predates
    # client hints and Sec-Fetch-*; Chrome 83 has Sec-Fetch-* but no client hints. Both add
    # X-Requested-With with the host app's package name.
    "h5_webview_a7": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Linux; Android 7.1.2; Redmi 4X Build/N2G47H; wv) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Version/4.0 Chrome/74.0.3729.157 Mobile Safari/537.36",
        mobile="?1", platform="Linux armv8l", screen=(360, 640, 24), dpr=2, cores=8,
        touch=5, beacon=True, no_hints=True, no_sec_fetch=True, xrw="com.topup.gamecredits",
        accept_encoding="gzip, deflate"),
    "h5_webview_a8": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Linux; Android 8.1.0; SM-J710F Build/M1AJQ; wv) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Version/4.0 Chrome/83.0.4103.106 Mobile Safari/537.36",
        mobile="?1", platform="Linux armv7l", screen=(360, 640, 24), dpr=2, cores=8,
        touch=5, beacon=True, no_hints=True, xrw="com.mlauncher.shop",
        accept_encoding="gzip, deflate"),
    # Chrome on an Android phone with "Desktop site" on: a desktop Linux UA and hints, but
    # the page script still sees a touch phone.
    "h5_android_desktop_mode": dict(
        kind="chromium",
        ua="Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Safari/537.36",
        ch_ua='"Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"',
        ch_platform='"Linux"', mobile="?0", platform="Linux armv81",
        screen=(412, 915, 24), dpr=2.625, cores=8, touch=5, beacon=True),
    # iPadOS Safari asks for desktop sites by default: a Mac UA, a touch screen.
    "h5_ipad_safari": dict(
        kind="safari",
        ua="Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like "
        "Gecko) Version/18.1 Safari/605.1.15",
        platform="MacIntel", screen=(820, 1180, 24), dpr=2, cores=8, touch=5, beacon=True),
    # Firefox for Android.
    "h5_firefox_android": dict(
        kind="firefox",
        ua="Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0",
        platform="Linux aarch64", screen=(393, 873, 24), dpr=2.75, cores=8, touch=5,
        beacon=True),
    # Chrome on Windows at 200 % page zoom (low vision): CSS screen halves, DPR doubles.
    "h5_chrome_win_zoom": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Safari/537.36",
        ch_ua='"Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"',
        ch_platform='"Windows"', mobile="?0", platform="Win32",
        screen=(960, 540, 24), dpr=2, cores=4, touch=0, beacon=True),
    # Mullvad Browser (Tor Browser's Firefox ESR, resistFingerprinting, no Tor): a Windows
    # UA on every OS, letterboxed window, UTC, en-US, no canvas.
    "h5_mullvad_browser": dict(
        kind="firefox",
        ua="Mozilla/5.0 (Windows NT 10.0; rv:128.0) Gecko/20100101 Firefox/128.0",
        platform="Win32", screen=(1400, 900, 24), dpr=1, cores=4, touch=0, beacon=True,
        rfp=True),
    # Android Studio emulator image (x86_64) running Chrome: the reduced mobile UA is
    # the same as a phone's, the platform is not.
    "h5_android_emulator": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Mobile Safari/537.36",
        ch_ua='"Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"',
        ch_platform='"Android"', mobile="?1", platform="Linux x86_64",
        screen=(411, 914, 24), dpr=2.625, cores=4, touch=10, beacon=True),
    # One mid-range phone model bought by the hundred (a phone farm): a genuine phone.
    "h5_farm_phone": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Mobile Safari/537.36",
        ch_ua='"Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"',
        ch_platform='"Android"', mobile="?1", platform="Linux armv81",
        screen=(393, 851, 24), dpr=2.75, cores=8, touch=5, beacon=True),
    # An anti-detect browser profile spoofing Windows Chrome consistently, on a Chromium
    # kernel a few releases behind stable.
    "h5_antidetect_win": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/128.0.0.0 Safari/537.36",
        ch_ua='"Chromium";v="128", "Not;A=Brand";v="24", "Google Chrome";v="128"',
        ch_platform='"Windows"', mobile="?0", platform="Win32",
        screen=(1920, 1080, 24), dpr=1, cores=8, touch=0, beacon=True),
    # Headful Chrome driven by Playwright in a Linux container, webdriver flag hidden, UA
    # and hints rewritten to a Windows or Mac desktop; navigator.platform and the
    # container's screen and cores leak through.
    "h5_bot_win": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Safari/537.36",
        ch_ua='"Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"',
        ch_platform='"Windows"', mobile="?0", platform="Linux x86_64",
        screen=(1920, 1080, 24), dpr=1, cores=16, touch=0, beacon=True),
    "h5_bot_mac": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like "
        "Gecko) Chrome/131.0.0.0 Safari/537.36",
        ch_ua='"Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"',
        ch_platform='"macOS"', mobile="?0", platform="Linux x86_64",
        screen=(1920, 1080, 24), dpr=1, cores=16, touch=0, beacon=True),
    # The shop's Android app API called directly with the app's HTTP library.
    "h5_okhttp": dict(kind="script", ua="okhttp/4.12.0", beacon=False),
    # ---- profiles added with the sixth holdout set (holdout6.py); prefix h6_.
    # Tor Browser 14 (Firefox ESR 128, resistFingerprinting): Windows UA on every OS, a
    # letterboxed window, UTC, en-US, no canvas. At "Safest" the script never runs (the
    # persona turns the beacon off per device).
    "h6_tor_browser": dict(
        kind="firefox",
        ua="Mozilla/5.0 (Windows NT 10.0; rv:128.0) Gecko/20100101 Firefox/128.0",
        platform="Win32", screen=(1000, 900, 24), dpr=1, cores=2, touch=0, beacon=True,
        rfp=True),
    # Brave on Android with strict shields: Brave brand in the hints, farbled values.
    "h6_brave_android": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Mobile Safari/537.36",
        ch_ua='"Brave";v="131", "Chromium";v="131", "Not_A Brand";v="24"',
        ch_platform='"Android"', mobile="?1", platform="Linux armv81",
        screen=(412, 915, 24), dpr=2.625, cores=2, touch=5, beacon=True, farble=True),
    # The same Android phone after Chrome auto-updated to 132 (chrome_android is 131).
    "h6_chrome_android_132": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/132.0.0.0 Mobile Safari/537.36",
        ch_ua='"Not A(Brand";v="8", "Chromium";v="132", "Google Chrome";v="132"',
        ch_platform='"Android"', mobile="?1", platform="Linux armv81",
        screen=(412, 915, 24), dpr=2.625, cores=8, touch=5, beacon=True),
    # The same iPhone after the iOS 18.2 update (safari_iphone is 18.1).
    "h6_safari_iphone_182": dict(
        kind="safari",
        ua="Mozilla/5.0 (iPhone; CPU iPhone OS 18_2 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/18.2 Mobile/15E148 Safari/604.1",
        platform="iPhone", screen=(390, 844, 24), dpr=3, cores=4, touch=5, beacon=True),
    # An Android 9 phone stuck on Chrome 109 (its last update): the full, unreduced UA
    # with the model name, client hints of that release.
    "h6_old_android": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Linux; Android 9; SM-J600G) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/109.0.5414.117 Mobile Safari/537.36",
        ch_ua='"Not_A Brand";v="99", "Google Chrome";v="109", "Chromium";v="109"',
        ch_platform='"Android"', mobile="?1", platform="Linux armv7l",
        screen=(360, 640, 24), dpr=2, cores=8, touch=5, beacon=True),
    # An iPhone 7 on iOS 15.8, the last release it gets.
    "h6_old_iphone": dict(
        kind="safari",
        ua="Mozilla/5.0 (iPhone; CPU iPhone OS 15_8 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/15.6.6 Mobile/15E148 Safari/604.1",
        platform="iPhone", screen=(375, 667, 24), dpr=2, cores=2, touch=5, beacon=True),
    # A family's Android tablet (Chrome, tablet UA: no "Mobile").
    "h6_family_tablet": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Safari/537.36",
        ch_ua='"Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"',
        ch_platform='"Android"', mobile="?0", platform="Linux armv81",
        screen=(800, 1280, 24), dpr=1.5, cores=8, touch=10, beacon=True),
    # Windows Magnifier / 300 % zoom for low vision: a tiny CSS screen at DPR 3.
    "h6_chrome_win_magnifier": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Safari/537.36",
        ch_ua='"Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"',
        ch_platform='"Windows"', mobile="?0", platform="Win32",
        screen=(640, 360, 24), dpr=3, cores=4, touch=0, beacon=True),
    # A well-built anti-detect profile: Chrome 131 on Windows, every surface consistent
    # (a 125 % scaled laptop screen). Its weakness is reuse: one template, one canvas.
    "h6_antidetect_pro": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Safari/537.36",
        ch_ua='"Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"',
        ch_platform='"Windows"', mobile="?0", platform="Win32",
        screen=(1536, 864, 24), dpr=1.25, cores=8, touch=0, beacon=True),
    # A sloppy anti-detect profile: a Mac Chrome UA and hints over a Windows kernel
    # (navigator.platform Win32), a server's core count.
    "h6_antidetect_sloppy": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like "
        "Gecko) Chrome/129.0.0.0 Safari/537.36",
        ch_ua='"Google Chrome";v="129", "Not=A?Brand";v="8", "Chromium";v="129"',
        ch_platform='"macOS"', mobile="?0", platform="Win32",
        screen=(1920, 1080, 24), dpr=1, cores=32, touch=0, beacon=True),
    # LDPlayer / BlueStacks-style Android emulator on a Windows PC: a phone UA, an x86
    # platform, a 16:9 phone screen at DPR 3.
    "h6_emulator_x86": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Mobile Safari/537.36",
        ch_ua='"Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"',
        ch_platform='"Android"', mobile="?1", platform="Linux i686",
        screen=(360, 640, 24), dpr=3, cores=4, touch=5, beacon=True),
    # A cheap phone model bought in bulk for a farm: a real handset.
    "h6_farm_handset": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Mobile Safari/537.36",
        ch_ua='"Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"',
        ch_platform='"Android"', mobile="?1", platform="Linux armv81",
        screen=(360, 800, 24), dpr=2, cores=8, touch=5, beacon=True),
    # A checker tool built on Node's fetch (undici).
    "h6_node_undici": dict(kind="script", ua="node", beacon=False),
    # ---- profiles added with the seventh holdout set (holdout7.py); prefix h7_.
    # Chrome 144 on Windows, the stable release of early 2026 (newer than the others).
    "h7_chrome_win_144": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/144.0.0.0 Safari/537.36",
        ch_ua='"Not(A:Brand";v="8", "Chromium";v="144", "Google Chrome";v="144"',
        ch_platform='"Windows"', mobile="?0", platform="Win32",
        screen=(1536, 864, 24), dpr=1.25, cores=12, touch=0, beacon=True),
    # Safari on iOS 26: the UA freezes the OS token at 18_6 and reports Version/26.
    "h7_safari_iphone_26": dict(
        kind="safari",
        ua="Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/26.0 Mobile/15E148 Safari/604.1",
        platform="iPhone", screen=(402, 874, 24), dpr=3, cores=6, touch=5, beacon=True),
    # Opera GX (the gamers' Opera) on Windows: its own brand in the client hints.
    "h7_opera_gx": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/142.0.0.0 Safari/537.36 OPR/126.0.0.0 (Edition gx-1)",
        ch_ua='"Opera GX";v="126", "Chromium";v="142", "Not_A Brand";v="24"',
        ch_platform='"Windows"', mobile="?0", platform="Win32",
        screen=(2560, 1440, 24), dpr=1, cores=16, touch=0, beacon=True),
    # Discord's in-app browser on iPhone (WKWebView): no "Version/" and no "Safari/" token.
    "h7_discord_iphone": dict(
        kind="safari",
        ua="Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Mobile/15E148 Discord/286.0",
        platform="iPhone", screen=(393, 852, 24), dpr=3, cores=6, touch=5, beacon=True),
    # WeChat's built-in browser on Android (XWEB engine on Chromium 130, no client hints).
    "h7_wechat_android": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Linux; Android 14; V2307A Build/UP1A.231005.007; wv) "
        "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/130.0.6723.103 Mobile "
        "Safari/537.36 XWEB/1300333 MMWEBSDK/20250201 MicroMessenger/8.0.56.2800(0x28003851) "
        "WeChat/arm64 Weixin NetType/5G Language/zh_CN ABI/arm64",
        mobile="?1", platform="Linux aarch64", screen=(412, 915, 24), dpr=2.625, cores=8,
        touch=5, beacon=True, no_hints=True, xrw="com.tencent.mm"),
    # Samsung Internet 28 in Secret mode (the persona keeps cookies for the session only).
    "h7_samsung_secret": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Linux; Android 15; SAMSUNG SM-S931B) AppleWebKit/537.36 (KHTML, like "
        "Gecko) SamsungBrowser/28.0 Chrome/130.0.0.0 Mobile Safari/537.36",
        ch_ua='"Chromium";v="130", "Not(A:Brand";v="24", "Samsung Internet";v="28.0"',
        ch_platform='"Android"', mobile="?1", platform="Linux armv81",
        screen=(384, 832, 24), dpr=3, cores=8, touch=5, beacon=True),
    # An anti-detect browser (Chromium 136 kernel) presenting a consistent macOS Chrome.
    "h7_antidetect_mac": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like "
        "Gecko) Chrome/136.0.0.0 Safari/537.36",
        ch_ua='"Chromium";v="136", "Google Chrome";v="136", "Not.A/Brand";v="99"',
        ch_platform='"macOS"', mobile="?0", platform="MacIntel",
        screen=(1728, 1117, 30), dpr=2, cores=10, touch=0, beacon=True),
    # An HTTP client library impersonating Chrome's TLS and header order (curl-impersonate
    # style): every Chrome header, but the page script never runs.
    "h7_impersonate_chrome": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Safari/537.36",
        ch_ua='"Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"',
        ch_platform='"Windows"', mobile="?0", platform="Win32",
        screen=(1920, 1080, 24), dpr=1, cores=8, touch=0, beacon=False),
    # ---- profiles added with the eighth holdout set (holdout8.py); prefix h8_.
    # Naver Whale on Windows, Korea's second desktop browser: Chromium with its own brand.
    "h8_whale_win": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/130.0.0.0 Whale/4.29.282.14 Safari/537.36",
        ch_ua='"Chromium";v="130", "Whale";v="4", "Not?A_Brand";v="99"',
        ch_platform='"Windows"', mobile="?0", platform="Win32",
        screen=(1920, 1080, 24), dpr=1, cores=6, touch=0, beacon=True),
    # WeChat's in-app browser on iOS (WKWebView): Safari's engine, MicroMessenger in the UA.
    "h8_wechat_ios": dict(
        kind="safari",
        ua="Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.54(0x18003630) "
        "NetType/4G Language/zh_CN",
        platform="iPhone", screen=(393, 852, 24), dpr=3, cores=6, touch=5, beacon=True),
    # KakaoTalk's in-app browser on Android (WebView, Chrome 131): wv and KAKAOTALK in the UA.
    "h8_kakaotalk_android": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Linux; Android 14; SM-S921N Build/UP1A.231005.007; wv) "
        "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/131.0.6778.135 Mobile "
        "Safari/537.36 KAKAOTALK 10.9.0",
        ch_ua='"Android WebView";v="131", "Chromium";v="131", "Not_A Brand";v="24"',
        ch_platform='"Android"', mobile="?1", platform="Linux armv81",
        screen=(384, 832, 24), dpr=3, cores=8, touch=5, beacon=True,
        xrw="com.kakao.talk"),
    # Firefox Focus on Android: a private browser that keeps nothing between sessions.
    "h8_firefox_focus": dict(
        kind="firefox",
        ua="Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0",
        platform="Linux aarch64", screen=(412, 915, 24), dpr=2.625, cores=8, touch=5,
        beacon=True),
    # Chrome 132 on Windows (an office laptop that auto-updated ahead of chrome_win).
    "h8_chrome_win_132": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/132.0.0.0 Safari/537.36",
        ch_ua='"Not A(Brand";v="8", "Chromium";v="132", "Google Chrome";v="132"',
        ch_platform='"Windows"', mobile="?0", platform="Win32",
        screen=(1536, 864, 24), dpr=1.25, cores=8, touch=0, beacon=True),
    # A PC-bang seat: Chrome on Windows, a gaming monitor, the cafe's disk image (every
    # seat identical, cookies wiped when the seat is logged off).
    "h8_pcbang_seat": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Safari/537.36",
        ch_ua='"Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"',
        ch_platform='"Windows"', mobile="?0", platform="Win32",
        screen=(2560, 1440, 24), dpr=1, cores=12, touch=0, beacon=True),
    # An anti-detect profile spoofing macOS Chrome with care (MacIntel, a Retina screen);
    # it lets the operator set timezone and languages per profile.
    "h8_antidetect_mac": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like "
        "Gecko) Chrome/130.0.0.0 Safari/537.36",
        ch_ua='"Chromium";v="130", "Google Chrome";v="130", "Not?A_Brand";v="99"',
        ch_platform='"macOS"', mobile="?0", platform="MacIntel",
        screen=(1728, 1117, 30), dpr=2, cores=10, touch=0, beacon=True),
    # Playwright's bundled Chromium on a cloud VM, headful, webdriver hidden, default
    # 1280x720 viewport and the VM's two cores; its UA says Linux honestly.
    "h8_playwright_linux": dict(
        kind="chromium",
        ua="Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.6778.33 Safari/537.36",
        ch_ua='"Chromium";v="131", "Not_A Brand";v="24"',
        ch_platform='"Linux"', mobile="?0", platform="Linux x86_64",
        screen=(1280, 720, 24), dpr=1, cores=2, touch=0, beacon=True),
    # A checker written with Python httpx.
    "h8_httpx": dict(kind="script", ua="python-httpx/0.28.1", beacon=False),
    # ---- profiles added with the ninth holdout set (holdout9.py); prefix h9_.
    # LINE's in-app browser on iPhone (WKWebView): "Safari Line/" at the end, no Version/.
    "h9_line_iphone": dict(
        kind="safari",
        ua="Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Mobile/15E148 Safari Line/15.12.0",
        platform="iPhone", screen=(393, 852, 24), dpr=3, cores=6, touch=5, beacon=True),
    # The NAVER app's in-app browser on Android (WebView): NAVER(inapp; ...) in the UA.
    "h9_naver_android": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Linux; Android 15; SM-S938N Build/AP3A.240905.015.A2; wv) "
        "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/138.0.7204.63 Mobile "
        "Safari/537.36 NAVER(inapp; search; 2000; 12.14.3)",
        ch_ua='"Android WebView";v="138", "Chromium";v="138", "Not)A;Brand";v="8"',
        ch_platform='"Android"', mobile="?1", platform="Linux armv81",
        screen=(384, 854, 24), dpr=3.75, cores=8, touch=5, beacon=True,
        xrw="com.nhn.android.search"),
    # Instagram's in-app browser on iPhone (WKWebView): the app's own token, no Safari/.
    "h9_instagram_iphone": dict(
        kind="safari",
        ua="Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Mobile/15E148 Instagram 389.0.0.49.87 (iPhone16,2; iOS 18_6; "
        "en_US; en; scale=3.00; 1290x2796; 752198213)",
        platform="iPhone", screen=(430, 932, 24), dpr=3, cores=6, touch=5, beacon=True),
    # TikTok's in-app browser on Android (WebView): the app's tokens after Safari/.
    "h9_tiktok_android": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Linux; Android 14; SM-A546B Build/UP1A.231005.007; wv) "
        "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/137.0.7151.89 Mobile "
        "Safari/537.36 trill_400304 JsSdk/1.0 NetType/WIFI Channel/googleplay "
        "AppName/musical_ly app_version/40.3.4 ByteLocale/en",
        ch_ua='"Android WebView";v="137", "Chromium";v="137", "Not/A)Brand";v="24"',
        ch_platform='"Android"', mobile="?1", platform="Linux armv81",
        screen=(412, 915, 24), dpr=2.625, cores=8, touch=5, beacon=True,
        xrw="com.zhiliaoapp.musically"),
    # DuckDuckGo's Android browser (a WebView; it strips X-Requested-With).
    "h9_ddg_android": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Version/4.0 Chrome/138.0.0.0 Mobile DuckDuckGo/5 Safari/537.36",
        ch_ua='"Android WebView";v="138", "Chromium";v="138", "Not)A;Brand";v="8"',
        ch_platform='"Android"', mobile="?1", platform="Linux aarch64",
        screen=(412, 915, 24), dpr=2.625, cores=8, touch=5, beacon=True),
    # Chrome 142 on Android (late 2026 stable).
    "h9_chrome_android_142": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/142.0.0.0 Mobile Safari/537.36",
        ch_ua='"Chromium";v="142", "Google Chrome";v="142", "Not_A Brand";v="99"',
        ch_platform='"Android"', mobile="?1", platform="Linux armv81",
        screen=(412, 915, 24), dpr=2.625, cores=8, touch=5, beacon=True),
    # Steam Deck in desktop mode (SteamOS, Chrome flatpak): Linux x86_64, a 1280x800
    # touch screen, 8 threads.
    "h9_steamdeck": dict(
        kind="chromium",
        ua="Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/142.0.0.0 Safari/537.36",
        ch_ua='"Chromium";v="142", "Google Chrome";v="142", "Not_A Brand";v="99"',
        ch_platform='"Linux"', mobile="?0", platform="Linux x86_64",
        screen=(1280, 800, 24), dpr=1, cores=8, touch=10, beacon=True),
    # A Windows gaming handheld (ROG Ally class) in Edge: desktop Windows with a touch
    # screen at 125 %.
    "h9_handheld_edge": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/142.0.0.0 Safari/537.36 Edg/142.0.0.0",
        ch_ua='"Chromium";v="142", "Microsoft Edge";v="142", "Not_A Brand";v="99"',
        ch_platform='"Windows"', mobile="?0", platform="Win32",
        screen=(1536, 864, 24), dpr=1.25, cores=16, touch=10, beacon=True),
    # A browsing agent's remote Chrome on a cloud VM (hosted "agent mode" assistants):
    # headful, webdriver hidden, a Linux UA, a 1280x800 viewport, 4 vCPUs.
    "h9_agent_cloud": dict(
        kind="chromium",
        ua="Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/141.0.0.0 Safari/537.36",
        ch_ua='"Google Chrome";v="141", "Not?A_Brand";v="8", "Chromium";v="141"',
        ch_platform='"Linux"', mobile="?0", platform="Linux x86_64",
        screen=(1280, 800, 24), dpr=1, cores=4, touch=0, beacon=True),
    # An HTTP client impersonating Chrome 136's TLS and headers (curl_cffi "chrome136"):
    # every Chrome header, no page script.
    "h9_impersonate_136": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/136.0.0.0 Safari/537.36",
        ch_ua='"Chromium";v="136", "Google Chrome";v="136", "Not.A/Brand";v="99"',
        ch_platform='"Windows"', mobile="?0", platform="Win32",
        screen=(1920, 1080, 24), dpr=1, cores=8, touch=0, beacon=False),
    # ---- profiles added with the tenth holdout set (holdout10.py); prefix h10_.
    # Current Chrome on a MacBook (late 2026): Retina screen, frozen macOS UA version.
    "h10_chrome_mac_143": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like "
        "Gecko) Chrome/143.0.0.0 Safari/537.36",
        ch_ua='"Google Chrome";v="143", "Chromium";v="143", "Not A(Brand";v="24"',
        ch_platform='"macOS"', mobile="?0", platform="MacIntel",
        screen=(1512, 982, 30), dpr=2, cores=8, touch=0, beacon=True),
    # Current Chrome on Android (late 2026), mid-range phone.
    "h10_chrome_android_143": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/143.0.0.0 Mobile Safari/537.36",
        ch_ua='"Google Chrome";v="143", "Chromium";v="143", "Not A(Brand";v="24"',
        ch_platform='"Android"', mobile="?1", platform="Linux armv81",
        screen=(412, 915, 24), dpr=2.625, cores=8, touch=5, beacon=True),
    # A checker on curl_cffi impersonating Chrome 142's headers; it runs no JavaScript.
    "h10_curl_cffi": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/142.0.0.0 Safari/537.36",
        ch_ua='"Chromium";v="142", "Google Chrome";v="142", "Not_A Brand";v="99"',
        ch_platform='"Windows"', mobile="?0", platform="Win32",
        screen=(1920, 1080, 24), dpr=1, cores=8, touch=0, beacon=False),
    # ---- profiles added with the eleventh holdout set (holdout11.py); prefix h11_.
    # Edge 143 on a managed Windows 11 office laptop (125 % scaling).
    "h11_edge_win_143": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/143.0.0.0 Safari/537.36 Edg/143.0.0.0",
        ch_ua='"Microsoft Edge";v="143", "Chromium";v="143", "Not A(Brand";v="24"',
        ch_platform='"Windows"', mobile="?0", platform="Win32",
        screen=(1536, 864, 24), dpr=1.25, cores=8, touch=0, beacon=True),
    # Safari on iOS 26.2: the OS token frozen at 18_6, Version/26.2.
    "h11_safari_iphone_262": dict(
        kind="safari",
        ua="Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/26.2 Mobile/15E148 Safari/604.1",
        platform="iPhone", screen=(393, 852, 24), dpr=3, cores=6, touch=5, beacon=True),
    # A commercial anti-detect browser profile (Chromium 140 kernel) presenting a
    # consistent Windows laptop; timezone and languages set per profile by the operator.
    "h11_multilogin_win": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/140.0.0.0 Safari/537.36",
        ch_ua='"Chromium";v="140", "Not=A?Brand";v="24", "Google Chrome";v="140"',
        ch_platform='"Windows"', mobile="?0", platform="Win32",
        screen=(1536, 864, 24), dpr=1.25, cores=12, touch=0, beacon=True),
    # ---- profiles added with the twelfth holdout set (holdout12.py); prefix h12_.
    # Chrome 144 on Windows 11 (stable at the turn of 2026/27).
    "h12_chrome_win_144": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/144.0.0.0 Safari/537.36",
        ch_ua='"Not(A:Brand";v="8", "Chromium";v="144", "Google Chrome";v="144"',
        ch_platform='"Windows"', mobile="?0", platform="Win32",
        screen=(1920, 1080, 24), dpr=1, cores=12, touch=0, beacon=True),
    # Samsung Internet 29 on a Galaxy S25.
    "h12_samsung_29": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Linux; Android 15; SAMSUNG SM-S931B) AppleWebKit/537.36 (KHTML, like "
        "Gecko) SamsungBrowser/29.0 Chrome/136.0.0.0 Mobile Safari/537.36",
        ch_ua='"Chromium";v="136", "Samsung Internet";v="29.0", "Not.A/Brand";v="99"',
        ch_platform='"Android"', mobile="?1", platform="Linux armv81",
        screen=(384, 832, 24), dpr=2.8125, cores=8, touch=5, beacon=True),
    # Firefox 146 on macOS.
    "h12_firefox_mac_146": dict(
        kind="firefox",
        ua="Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:146.0) Gecko/20100101 Firefox/146.0",
        platform="MacIntel", screen=(1512, 982, 30), dpr=2, cores=8, touch=0, beacon=True),
    # An anti-detect browser on an Orbita (Chromium 141) kernel presenting a Windows laptop.
    "h12_orbita_win": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/141.0.0.0 Safari/537.36",
        ch_ua='"Google Chrome";v="141", "Not?A_Brand";v="8", "Chromium";v="141"',
        ch_platform='"Windows"', mobile="?0", platform="Win32",
        screen=(1600, 900, 24), dpr=1, cores=8, touch=0, beacon=True),
    # A Node.js checker on axios.
    "h12_axios": dict(kind="script", ua="axios/1.7.9", beacon=False),
    # ---- profiles added with the sixteenth holdout set (holdout16.py); prefix h16_.
    # Chrome 145 on Windows 11 and on Android (the stable release of March 2026).
    "h16_chrome_win_145": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/145.0.0.0 Safari/537.36",
        ch_ua='"Not:A-Brand";v="99", "Google Chrome";v="145", "Chromium";v="145"',
        ch_platform='"Windows"', mobile="?0", platform="Win32",
        screen=(1920, 1080, 24), dpr=1, cores=8, touch=0, beacon=True),
    "h16_chrome_android_145": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/145.0.0.0 Mobile Safari/537.36",
        ch_ua='"Not:A-Brand";v="99", "Google Chrome";v="145", "Chromium";v="145"',
        ch_platform='"Android"', mobile="?1", platform="Linux armv81",
        screen=(412, 915, 24), dpr=2.625, cores=8, touch=5, beacon=True),
    # Safari 26 on macOS (the OS token stays frozen at 10_15_7).
    "h16_safari_mac_26": dict(
        kind="safari",
        ua="Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like "
        "Gecko) Version/26.3 Safari/605.1.15",
        platform="MacIntel", screen=(1470, 956, 30), dpr=2, cores=10, touch=0, beacon=True),
    # An AI browser with an agent mode on the buyer's own Mac (a Chromium build without the
    # "Google Chrome" brand): the agent clicks through the shop in the buyer's session.
    "h16_ai_browser_mac": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like "
        "Gecko) Chrome/143.0.0.0 Safari/537.36",
        ch_ua='"Chromium";v="143", "Not A(Brand";v="24"',
        ch_platform='"macOS"', mobile="?0", platform="MacIntel",
        screen=(1512, 982, 30), dpr=2, cores=10, touch=0, beacon=True),
    # ---- profiles added with the nineteenth holdout set (holdout19.py); prefix h19_.
    # Safari on iOS 26.3 (February 2026): the OS token frozen at 18_6, Version/26.3.
    "h19_safari_iphone_263": dict(
        kind="safari",
        ua="Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/26.3 Mobile/15E148 Safari/604.1",
        platform="iPhone", screen=(402, 874, 24), dpr=3, cores=6, touch=5, beacon=True),
    # Edge 145 on a managed Windows 11 office laptop (125 % scaling).
    "h19_edge_win_145": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/145.0.0.0 Safari/537.36 Edg/145.0.0.0",
        ch_ua='"Not:A-Brand";v="99", "Microsoft Edge";v="145", "Chromium";v="145"',
        ch_platform='"Windows"', mobile="?0", platform="Win32",
        screen=(1536, 864, 24), dpr=1.25, cores=8, touch=0, beacon=True),
    # Firefox 147 on Windows with default settings.
    "h19_firefox_win_147": dict(
        kind="firefox",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:147.0) Gecko/20100101 Firefox/147.0",
        platform="Win32", screen=(1920, 1080, 24), dpr=1, cores=12, touch=0, beacon=True),
    # Brave 1.87 (Chromium 145) on a MacBook with shields up: farbled canvas and cores.
    "h19_brave_mac": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like "
        "Gecko) Chrome/145.0.0.0 Safari/537.36",
        ch_ua='"Not:A-Brand";v="99", "Brave";v="145", "Chromium";v="145"',
        ch_platform='"macOS"', mobile="?0", platform="MacIntel",
        screen=(1512, 982, 30), dpr=2, cores=4, touch=0, beacon=True, farble=True),
    # KakaoTalk's in-app browser on iPhone (WKWebView): no Version/ or Safari/ token.
    "h19_kakaotalk_ios": dict(
        kind="safari",
        ua="Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Mobile/15E148 KAKAOTALK 25.11.2",
        platform="iPhone", screen=(393, 852, 24), dpr=3, cores=6, touch=5, beacon=True),
    # A rented cloud phone (an Android instance on an ARM server, sold by the hour for
    # running many app accounts): a plausible phone on every surface.
    "h19_cloud_phone": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/144.0.0.0 Mobile Safari/537.36",
        ch_ua='"Not(A:Brand";v="8", "Chromium";v="144", "Google Chrome";v="144"',
        ch_platform='"Android"', mobile="?1", platform="Linux aarch64",
        screen=(360, 780, 24), dpr=3, cores=8, touch=10, beacon=True),
    # An anti-detect browser on a Chromium 144 kernel presenting Chrome 144 on Windows.
    "h19_antidetect_win_144": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/144.0.0.0 Safari/537.36",
        ch_ua='"Not(A:Brand";v="8", "Chromium";v="144", "Google Chrome";v="144"',
        ch_platform='"Windows"', mobile="?0", platform="Win32",
        screen=(1920, 1080, 24), dpr=1, cores=8, touch=0, beacon=True),
    # A hosted cloud browser an LLM agent drives (headful Chromium in a container, the
    # platform's own stealth patches: webdriver hidden, Linux left as it is).
    "h19_cloud_browser": dict(
        kind="chromium",
        ua="Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/143.0.0.0 Safari/537.36",
        ch_ua='"Google Chrome";v="143", "Chromium";v="143", "Not A(Brand";v="24"',
        ch_platform='"Linux"', mobile="?0", platform="Linux x86_64",
        screen=(1024, 768, 24), dpr=1, cores=4, touch=0, beacon=True),
    # An HTTP client with Chrome 133's TLS fingerprint and header order (a Go tls-client
    # checker): every Chrome header, no JavaScript.
    "h19_tls_client": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/133.0.0.0 Safari/537.36",
        ch_ua='"Not(A:Brand";v="99", "Google Chrome";v="133", "Chromium";v="133"',
        ch_platform='"Windows"', mobile="?0", platform="Win32",
        screen=(1920, 1080, 24), dpr=1, cores=8, touch=0, beacon=False),
    # ---- profiles added with the twentieth holdout set (holdout20.py); prefix h20_.
    # Chrome 145 on an Android phone (the reduced UA every Chrome on Android sends).
    "h20_chrome_android_145": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/145.0.0.0 Mobile Safari/537.36",
        ch_ua='"Not:A-Brand";v="99", "Google Chrome";v="145", "Chromium";v="145"',
        ch_platform='"Android"', mobile="?1", platform="Linux armv81",
        screen=(412, 915, 24), dpr=2.625, cores=8, touch=5, beacon=True),
    # Safari on iOS 26.2 (the OS token frozen at 18_6).
    "h20_safari_iphone_262": dict(
        kind="safari",
        ua="Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/26.2 Mobile/15E148 Safari/604.1",
        platform="iPhone", screen=(393, 852, 24), dpr=3, cores=6, touch=5, beacon=True),
    # iPadOS 26 Safari (desktop-class UA, touch screen).
    "h20_ipad_safari_26": dict(
        kind="safari",
        ua="Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like "
        "Gecko) Version/26.2 Safari/605.1.15",
        platform="MacIntel", screen=(820, 1180, 24), dpr=2, cores=8, touch=5, beacon=True),
    # Edge 145 on Windows 11.
    "h20_edge_win_145": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/145.0.0.0 Safari/537.36 Edg/145.0.0.0",
        ch_ua='"Not:A-Brand";v="99", "Microsoft Edge";v="145", "Chromium";v="145"',
        ch_platform='"Windows"', mobile="?0", platform="Win32",
        screen=(1920, 1080, 24), dpr=1, cores=8, touch=0, beacon=True),
    # Firefox 148 on Windows, default settings.
    "h20_firefox_win_148": dict(
        kind="firefox",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:148.0) Gecko/20100101 Firefox/148.0",
        platform="Win32", screen=(1536, 864, 24), dpr=1.25, cores=8, touch=0, beacon=True),
    # An old Windows 7 PC stuck on Chrome 109 (the last release for it).
    "h20_chrome_win7_109": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/109.0.0.0 Safari/537.36",
        ch_ua='"Not_A Brand";v="99", "Google Chrome";v="109", "Chromium";v="109"',
        ch_platform='"Windows"', mobile="?0", platform="Win32",
        screen=(1366, 768, 24), dpr=1, cores=4, touch=0, beacon=True),
    # Samsung Internet 29 on a Galaxy S24.
    "h20_samsung_29_s24": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Linux; Android 15; SAMSUNG SM-S921N) AppleWebKit/537.36 (KHTML, like "
        "Gecko) SamsungBrowser/29.0 Chrome/136.0.0.0 Mobile Safari/537.36",
        ch_ua='"Chromium";v="136", "Samsung Internet";v="29.0", "Not.A/Brand";v="99"',
        ch_platform='"Android"', mobile="?1", platform="Linux armv81",
        screen=(384, 832, 24), dpr=2.8125, cores=8, touch=5, beacon=True),
    # Huawei Browser on a HarmonyOS phone (Chromium 114 kernel), common on the mainland.
    "h20_huawei_browser": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Linux; Android 12; HarmonyOS; NOH-AN00; HMSCore 6.14.0.302) "
        "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.5735.196 HuaweiBrowser/15.0.4.312 "
        "Mobile Safari/537.36",
        ch_ua='"Not/A)Brand";v="99", "HuaweiBrowser";v="15", "Chromium";v="114"',
        ch_platform='"Android"', mobile="?1", platform="Linux aarch64",
        screen=(412, 892, 24), dpr=3.5, cores=8, touch=10, beacon=True),
    # An anti-detect browser profile (Chromium 145 kernel) presenting Chrome 145 on Windows,
    # consistent on every surface it controls.
    "h20_antidetect_145": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/145.0.0.0 Safari/537.36",
        ch_ua='"Not:A-Brand";v="99", "Google Chrome";v="145", "Chromium";v="145"',
        ch_platform='"Windows"', mobile="?0", platform="Win32",
        screen=(1920, 1080, 24), dpr=1, cores=8, touch=0, beacon=True),
    # An HTTP client impersonating Chrome 142's TLS and headers (no JavaScript runs).
    "h20_impersonate_142": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/142.0.0.0 Safari/537.36",
        ch_ua='"Chromium";v="142", "Google Chrome";v="142", "Not_A Brand";v="99"',
        ch_platform='"Windows"', mobile="?0", platform="Win32",
        screen=(1920, 1080, 24), dpr=1, cores=8, touch=0, beacon=False),
    # Playwright's bundled Chromium 145 (new headless) with the UA string rewritten to
    # Windows Chrome; its client hints keep the Chromium brand and Linux, the page script
    # sees the container.
    "h20_playwright_145": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/145.0.0.0 Safari/537.36",
        ch_ua='"Chromium";v="145", "Not:A-Brand";v="99"',
        ch_platform='"Linux"', mobile="?0", platform="Linux x86_64",
        screen=(1280, 720, 24), dpr=1, cores=4, touch=0, beacon=True),
    # A lightweight Android browser app (its WebView) on a rented cloud phone.
    "h20_cloudphone_wv": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Linux; Android 12; V2202 Build/SP1A.210812.003; wv) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Version/4.0 Chrome/145.0.7632.45 Mobile Safari/537.36",
        ch_ua='"Not:A-Brand";v="99", "Android WebView";v="145", "Chromium";v="145"',
        ch_platform='"Android"', mobile="?1", platform="Linux aarch64",
        screen=(360, 800, 24), dpr=2, cores=8, touch=10, beacon=True, xrw="mark.via.gp"),
    # ---- profiles added with the twenty-first holdout set (holdout21.py); prefix h21_.
    # Chrome 146 (the stable release of March 2026) on Windows 11, macOS and Android.
    "h21_chrome_win_146": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/146.0.0.0 Safari/537.36",
        ch_ua='"Chromium";v="146", "Not-A.Brand";v="24", "Google Chrome";v="146"',
        ch_platform='"Windows"', mobile="?0", platform="Win32",
        screen=(1920, 1080, 24), dpr=1, cores=12, touch=0, beacon=True),
    "h21_chrome_mac_146": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like "
        "Gecko) Chrome/146.0.0.0 Safari/537.36",
        ch_ua='"Chromium";v="146", "Not-A.Brand";v="24", "Google Chrome";v="146"',
        ch_platform='"macOS"', mobile="?0", platform="MacIntel",
        screen=(1470, 956, 30), dpr=2, cores=8, touch=0, beacon=True),
    "h21_chrome_android_146": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/146.0.0.0 Mobile Safari/537.36",
        ch_ua='"Chromium";v="146", "Not-A.Brand";v="24", "Google Chrome";v="146"',
        ch_platform='"Android"', mobile="?1", platform="Linux armv81",
        screen=(393, 873, 24), dpr=2.75, cores=8, touch=5, beacon=True),
    # Edge on Android.
    "h21_edge_android_145": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/145.0.0.0 Mobile Safari/537.36 EdgA/145.0.0.0",
        ch_ua='"Not:A-Brand";v="99", "Microsoft Edge";v="145", "Chromium";v="145"',
        ch_platform='"Android"', mobile="?1", platform="Linux armv81",
        screen=(384, 854, 24), dpr=2.8125, cores=8, touch=5, beacon=True),
    # A school-managed Chromebook (ChromeOS 146, touch screen).
    "h21_chromebook_146": dict(
        kind="chromium",
        ua="Mozilla/5.0 (X11; CrOS x86_64 16502.0.0) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/146.0.0.0 Safari/537.36",
        ch_ua='"Chromium";v="146", "Not-A.Brand";v="24", "Google Chrome";v="146"',
        ch_platform='"Chrome OS"', mobile="?0", platform="Linux x86_64",
        screen=(1366, 768, 24), dpr=1, cores=4, touch=10, beacon=True),
    # Edge on an Xbox Series X (the console's browser, controller input, a TV screen).
    "h21_xbox_edge": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64; Xbox; Xbox Series X) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/145.0.0.0 Safari/537.36 Edg/145.0.0.0",
        ch_ua='"Not:A-Brand";v="99", "Microsoft Edge";v="145", "Chromium";v="145"',
        ch_platform='"Windows"', mobile="?0", platform="Win32",
        screen=(1920, 1080, 24), dpr=1, cores=8, touch=0, beacon=True),
    # Meta Quest 3's browser (Chromium on Horizon OS, an Android base).
    "h21_quest_browser": dict(
        kind="chromium",
        ua="Mozilla/5.0 (X11; Linux x86_64; Quest 3) AppleWebKit/537.36 (KHTML, like Gecko) "
        "OculusBrowser/41.2.0.3.47 SamsungBrowser/4.0 Chrome/140.0.7339.207 VR Safari/537.36",
        ch_ua='"Chromium";v="140", "Oculus Browser";v="41", "Not=A?Brand";v="24"',
        ch_platform='"Android"', mobile="?0", platform="Linux armv81",
        screen=(1280, 720, 24), dpr=1.5, cores=6, touch=0, beacon=True),
    # The Steam client's in-game overlay browser (CEF, a Chromium release behind).
    "h21_steam_overlay": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/126.0.0.0 Safari/537.36 Valve Steam GameOverlay/1740000000",
        ch_ua='"Chromium";v="126", "Not.A/Brand";v="24"',
        ch_platform='"Windows"', mobile="?0", platform="Win32",
        screen=(2560, 1440, 24), dpr=1, cores=16, touch=0, beacon=True),
    # Xiaomi's own browser (an older WebView-based build without client hints).
    "h21_miui_browser": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Linux; U; Android 14; en-gb; 23108RN04Y Build/UP1A.231005.007) "
        "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/122.0.6261.119 Mobile "
        "Safari/537.36 XiaoMi/MiuiBrowser/14.33.0-gn",
        mobile="?1", platform="Linux armv81", screen=(393, 873, 24), dpr=2.75, cores=8,
        touch=5, beacon=True, no_hints=True),
    # Telegram's in-app browser on Android (WebView 145), a shop link opened from a channel.
    "h21_telegram_android": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Linux; Android 14; SM-A546B Build/UP1A.231005.007; wv) "
        "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/145.0.7632.79 Mobile "
        "Safari/537.36 Telegram-Android/12.3.1 (Samsung SM-A546B; Android 14; SDK 34; AVERAGE)",
        ch_ua='"Not:A-Brand";v="99", "Android WebView";v="145", "Chromium";v="145"',
        ch_platform='"Android"', mobile="?1", platform="Linux armv81",
        screen=(384, 854, 24), dpr=2.8125, cores=8, touch=5, beacon=True,
        xrw="org.telegram.messenger"),
    # LINE's in-app browser on Android (Taiwan, Japan, Thailand).
    "h21_line_android": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Linux; Android 15; 2312DRA50G Build/AP3A.240905.015.A2; wv) "
        "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/145.0.7632.79 Mobile "
        "Safari/537.36 Line/15.2.1/IAB",
        ch_ua='"Not:A-Brand";v="99", "Android WebView";v="145", "Chromium";v="145"',
        ch_platform='"Android"', mobile="?1", platform="Linux armv81",
        screen=(393, 873, 24), dpr=2.75, cores=8, touch=5, beacon=True,
        xrw="jp.naver.line.android"),
    # LibreWolf (resistFingerprinting on by default): a spoofed Windows Firefox ESR UA,
    # letterboxed window, UTC, en-US, no canvas.
    "h21_librewolf": dict(
        kind="firefox",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0",
        platform="Win32", screen=(1400, 900, 24), dpr=1, cores=4, touch=0, beacon=True,
        rfp=True),
    # Firefox 148 on a Linux desktop.
    "h21_firefox_linux_148": dict(
        kind="firefox",
        ua="Mozilla/5.0 (X11; Linux x86_64; rv:148.0) Gecko/20100101 Firefox/148.0",
        platform="Linux x86_64", screen=(2560, 1440, 24), dpr=1, cores=16, touch=0,
        beacon=True),
    # An AI browser with an agent mode on Windows (a Chromium fork without the Google
    # brand); when the agent checks out, the page script still runs as in any browser.
    "h21_ai_browser_win": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/145.0.0.0 Safari/537.36",
        ch_ua='"Chromium";v="145", "Not:A-Brand";v="99"',
        ch_platform='"Windows"', mobile="?0", platform="Win32",
        screen=(1536, 864, 24), dpr=1.25, cores=8, touch=0, beacon=True),
    # A hosted agent's cloud browser an honest user hands a purchase to (headful Chrome in
    # the provider's container; its UA says Linux).
    "h21_hosted_agent": dict(
        kind="chromium",
        ua="Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/145.0.0.0 Safari/537.36",
        ch_ua='"Not:A-Brand";v="99", "Google Chrome";v="145", "Chromium";v="145"',
        ch_platform='"Linux"', mobile="?0", platform="Linux x86_64",
        screen=(1280, 800, 24), dpr=1, cores=4, touch=0, beacon=True),
    # Automation and attack tooling.
    # A Firefox-based anti-detect browser (Camoufox style): spoofs a consistent Windows
    # Firefox at the C++ level, fresh canvas and screen per profile.
    "h21_camoufox": dict(
        kind="firefox",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:135.0) Gecko/20100101 Firefox/135.0",
        platform="Win32", screen=(1920, 1080, 24), dpr=1, cores=8, touch=0, beacon=True),
    # Real Chrome 146 driven over CDP without WebDriver (nodriver / zendriver style) on a
    # rented Windows VPS: no webdriver flag, a VPS's small screen and two cores.
    "h21_cdp_chrome_vps": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/146.0.0.0 Safari/537.36",
        ch_ua='"Chromium";v="146", "Not-A.Brand";v="24", "Google Chrome";v="146"',
        ch_platform='"Windows"', mobile="?0", platform="Win32",
        screen=(1024, 768, 24), dpr=1, cores=2, touch=0, beacon=True),
    # A Rust HTTP client impersonating Chrome 145's TLS and headers (no JavaScript).
    "h21_rnet_chrome145": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/145.0.0.0 Safari/537.36",
        ch_ua='"Not:A-Brand";v="99", "Google Chrome";v="145", "Chromium";v="145"',
        ch_platform='"Windows"', mobile="?0", platform="Win32",
        screen=(1920, 1080, 24), dpr=1, cores=8, touch=0, beacon=False),
    # An open-source LLM browser agent on a cloud browser service (Chromium, Linux
    # container, 1080p virtual display, two cores).
    "h21_agent_cloud_chromium": dict(
        kind="chromium",
        ua="Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/145.0.0.0 Safari/537.36",
        ch_ua='"Chromium";v="145", "Not:A-Brand";v="99"',
        ch_platform='"Linux"', mobile="?0", platform="Linux x86_64",
        screen=(1920, 1080, 24), dpr=1, cores=2, touch=0, beacon=True),
    # A cloud phone (an Android 12 instance on an ARM server rented by the month).
    "h21_cloud_phone_a12": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Linux; Android 12; K) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/138.0.0.0 Mobile Safari/537.36",
        ch_ua='"Not)A;Brand";v="8", "Chromium";v="138", "Google Chrome";v="138"',
        ch_platform='"Android"', mobile="?1", platform="Linux aarch64",
        screen=(360, 640, 24), dpr=2, cores=8, touch=10, beacon=True),
    # A real phone in a farm rack, its Chrome driven by Appium (navigator.webdriver set).
    "h21_appium_phone": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/146.0.0.0 Mobile Safari/537.36",
        ch_ua='"Chromium";v="146", "Not-A.Brand";v="24", "Google Chrome";v="146"',
        ch_platform='"Android"', mobile="?1", platform="Linux armv81",
        screen=(360, 800, 24), dpr=2, cores=8, touch=5, beacon=True, webdriver=True),
    # A checker on Python aiohttp.
    "h21_aiohttp": dict(kind="script", ua="Python/3.13 aiohttp/3.12.15", beacon=False),
}

ORIGIN = "http://shop.example"


def _chromium_hints(p):
    if p.get("no_hints"):
        return []
    return [("sec-ch-ua", p["ch_ua"]), ("sec-ch-ua-mobile", p["mobile"]),
            ("sec-ch-ua-platform", p["ch_platform"])]


def _adjust(p, h):
    """Older Chromium builds (h5_ WebView profiles): drop what they predate (client hints,
    Sec-Fetch-*, br/zstd), add the WebView's X-Requested-With. A no-op for the others."""
    if p.get("no_hints"):
        h = [kv for kv in h if not kv[0].lower().startswith("sec-ch-ua")]
    if p.get("no_sec_fetch"):
        h = [kv for kv in h if not kv[0].lower().startswith("sec-fetch-")]
    if p.get("accept_encoding"):
        h = [(k, p["accept_encoding"]) if k == "Accept-Encoding" else (k, v) for k, v in h]
    if p.get("xrw"):
        at = next(i for i, kv in enumerate(h) if kv[0] == "Accept-Encoding")
        h.insert(at, ("X-Requested-With", p["xrw"]))
    return h


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
        h = _adjust(p, h)
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
        h = _adjust(p, h)
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
