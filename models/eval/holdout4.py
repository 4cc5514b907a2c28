"""The fourth blind persona set (issue 13's judge): `--personas holdout4`.

Who wrote it and what they read. Written on 2026-12-06 by a helper engineer who had not
worked on riskgate's model, rules or earlier persona sets. Read: models/eval/cell.py,
clients.py, traffic.py, classify.py, __main__.py, build_ip_table.py (and the pool names,
countries and ASNs of the ip_table*.json files), the imports and helpers of
test_holdout3.py (not its test bodies, apart from the first one-line test visible with
them), the [server] section and the [[routes]] list of config/demo.toml (the order
route's field map, its per-IP rate limit and per-user purchase limit sit inside it), the
README sections "Client identity", "Geolocation", "Device identity" and "Order scoring"
through the first lines of its block-policy paragraph (more than its field-map part:
the printed range covered steps 1-5, which name the kinds of feature scored, and the
policy's named default strong rules, but no weight or threshold), five lines of models/EVAL.md's third-holdout method paragraph (to match its
form) and src/fingerprint/fp.js (what the beacon posts: `tz_offset` is minutes east
of UTC). NOT read: personas.py, fraud.py, holdout.py, holdout2.py, holdout3.py,
models/train/, models/MODEL.md, models/report/, the rest of models/EVAL.md, src/risk/,
src/guards/, src/state/, src/device*, the [risk*]/[limits*]/[lists*]/[signals*] sections
of the config, geoip/hosting_asns.txt, git log messages (but see below), BENCHMARKS.md. The set was run
once for plumbing with a filter that printed only orders per label and errors; no
allow/review/block figure was seen and nothing was changed after the run. After the set
was committed and run, printing the end of models/EVAL.md to append the method paragraph
showed its last five lines (which kinds of fraud earlier rounds still missed); nothing in
this set was changed after that. Likewise, a `git log` run after the last persona change
to list this set's own commits showed the base commit's subject line (the third holdout's
verdict on the previous model); nothing was changed after that either.

The shop: an auto-delivery digital-goods store (gift cards, game currency top-ups,
licence keys, eSIM data plans, mobile airtime). The traffic is meant to be the world as
it is, not as any model sees it. Honest personas include people who look odd to an edge
for honest reasons; fraud personas are adaptive attackers, each of which leaves a trace
an edge could in principle notice from what it sees (HTTP headers, IP/ASN/country,
cookie and beacon, order fields, timing, history across orders) - written next to each.

The harness replays the same traffic at every shop hour (only the clock moves), so
"night-time" buyers are people whose behaviour is that of the late evening (tired
repeats, small top-ups, a child's game) in their own timezone, which the beacon carries.
Dates are 2026-03-02: no daylight saving in the US/EU yet, still summer time in
Australia and Chile.

Extra address pools (Tor exits, privacy VPNs, CGNAT carriers, schools, ...) come from
ip_table_holdout4.json (`build_ip_table.py --set holdout4`), merged over the harness pools.
A few browser profiles the shared table lacks are added to clients.PROFILES under names
starting "h4_" (old Windows 7 browsers, Tor Browser, a Chromebook, iPadOS Safari that
says "Macintosh", the WeChat in-app browser, Windows at 200 % zoom, an Android emulator).
"""

import json
import os

from . import clients

HERE = os.path.dirname(os.path.abspath(__file__))
_TABLE = None

# -- browser profiles this set adds (public behaviour of each client) -------------------

_PROFILES = {
    # Windows 7: Chrome stopped at 109 (client hints already sent), Firefox ESR at 115.
    "h4_chrome109_win7": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/109.0.0.0 Safari/537.36",
        ch_ua='"Not_A Brand";v="99", "Google Chrome";v="109", "Chromium";v="109"',
        ch_platform='"Windows"', mobile="?0", platform="Win32",
        screen=(1366, 768, 24), dpr=1, cores=4, touch=0, beacon=True),
    "h4_firefox115_win7": dict(
        kind="firefox",
        ua="Mozilla/5.0 (Windows NT 6.1; Win64; x64; rv:115.0) Gecko/20100101 Firefox/115.0",
        platform="Win32", screen=(1366, 768, 24), dpr=1, cores=2, touch=0, beacon=True),
    # A cheap 32-bit Android phone that stopped at Chrome 119.
    "h4_android_chrome119": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/119.0.0.0 Mobile Safari/537.36",
        ch_ua='"Google Chrome";v="119", "Chromium";v="119", "Not?A_Brand";v="24"',
        ch_platform='"Android"', mobile="?1", platform="Linux armv7l",
        screen=(360, 640, 24), dpr=2, cores=4, touch=5, beacon=True),
    # Tor Browser 14 (Firefox ESR 128, resistFingerprinting: UTC, en-US, 2 cores,
    # letterboxed screen, no canvas).
    "h4_tor_browser": dict(
        kind="firefox",
        ua="Mozilla/5.0 (Windows NT 10.0; rv:128.0) Gecko/20100101 Firefox/128.0",
        platform="Win32", screen=(1400, 900, 24), dpr=1, cores=2, touch=0, beacon=True,
        rfp=True),
    # School Chromebook: navigator.platform is "Linux x86_64".
    "h4_chromebook": dict(
        kind="chromium",
        ua="Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Safari/537.36",
        ch_ua='"Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"',
        ch_platform='"Chrome OS"', mobile="?0", platform="Linux x86_64",
        screen=(1366, 768, 24), dpr=1, cores=4, touch=0, beacon=True),
    # iPad Safari asks for the desktop site: a Mac user agent with touch points.
    "h4_ipad": dict(
        kind="safari",
        ua="Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like "
        "Gecko) Version/17.6 Safari/605.1.15",
        platform="MacIntel", screen=(820, 1180, 24), dpr=2, cores=8, touch=5, beacon=True),
    # WeChat's in-app browser (Android WebView, XWEB).
    "h4_wechat_android": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Linux; Android 13; V2227A Build/TP1A.220624.014; wv) "
        "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile "
        "Safari/537.36 XWEB/1160117 MMWEBSDK/20240301 MMWEBID/6270 "
        "MicroMessenger/8.0.48.2580(0x28003036) WeChat/arm64 Weixin NetType/WIFI "
        "Language/zh_CN ABI/arm64",
        ch_ua='"Chromium";v="116", "Not)A;Brand";v="24", "Android WebView";v="116"',
        ch_platform='"Android"', mobile="?1", platform="Linux aarch64",
        screen=(393, 873, 24), dpr=2.75, cores=8, touch=5, beacon=True),
    # Windows at 200 % display scaling (low vision): the screen in CSS pixels is small.
    "h4_edge_zoom": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
        ch_ua='"Microsoft Edge";v="131", "Chromium";v="131", "Not_A Brand";v="24"',
        ch_platform='"Windows"', mobile="?0", platform="Win32",
        screen=(960, 540, 24), dpr=2, cores=4, touch=0, beacon=True),
    # An x86 Android emulator (fraud farms): Android UA, x86 platform, 2 cores, 1 touch point.
    "h4_android_emulator": dict(
        kind="chromium",
        ua="Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Mobile Safari/537.36",
        ch_ua='"Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"',
        ch_platform='"Android"', mobile="?1", platform="Linux x86_64",
        screen=(411, 731, 24), dpr=2.625, cores=2, touch=1, beacon=True),
}
for _name, _p in _PROFILES.items():
    clients.PROFILES.setdefault(_name, _p)


# -- plumbing ---------------------------------------------------------------------------

class Device:
    """One browser (or script) on one machine. `cookies`: "keep" (a normal browser),
    "session" (cleared between page views: private windows, Tor, wiped kiosks) or "none"
    (never stored). `age_days` > 0: the cookie was issued that many days ago."""

    _next = 0

    def __init__(self, profile, lang, tz, cookies="keep", age_days=0, beacon=True,
                 canvas_seed=0):
        Device._next += 1
        self.key = "h4-%d" % Device._next
        self.profile, self.lang = profile, lang
        self.languages = _languages(lang) or ["en-US"]
        self.tz_name, self.tz_offset = tz
        self.cookies, self.age_days = cookies, age_days
        self.beacon = beacon and clients.PROFILES[profile].get("beacon", False)
        self.canvas_seed = canvas_seed
        self.cookie = None


class Instance:
    """One person (or one attacker's run) and what they do in the window."""

    def __init__(self, persona, label):
        self.persona, self.label, self.actions = persona, label, []

    def visit(self, t, dev, ip):
        self.actions.append({"t": t, "kind": "visit", "device": dev, "ip": ip})

    def order(self, t, dev, ip, order):
        self.actions.append({"t": t, "kind": "order", "device": dev, "ip": ip, "order": order})


def _languages(accept):
    return [p.split(";")[0].strip() for p in accept.split(",") if p.split(";")[0].strip()]


def _accept_language(profile, tags):
    """Accept-Language as the browser family writes it for the user's language list."""
    kind = clients.PROFILES[profile]["kind"]
    if kind == "firefox":
        qs = {1: [], 2: ["0.5"], 3: ["0.7", "0.3"], 4: ["0.8", "0.5", "0.3"]}[min(len(tags), 4)]
        return ",".join([tags[0]] + ["%s;q=%s" % (t, q) for t, q in zip(tags[1:], qs)])
    return ",".join([tags[0]] + ["%s;q=0.%d" % (t, 9 - i) for i, t in enumerate(tags[1:4])])


def _table():
    global _TABLE
    if _TABLE is None:
        path = os.path.join(HERE, "ip_table_holdout4.json")
        with open(path) as f:
            _TABLE = json.load(f)["pools"]
    return _TABLE


def _pools(ctx):
    pools = dict(ctx.pools)
    pools.update(_table())
    return pools


def _ip(rng, pools, name, cc=None):
    cands = [p for p in pools[name] if cc is None or p[1] == cc] or pools[name]
    return rng.choice(cands)[0]


def _dev(rng, profile, langs, tz, cookies="keep", age=0, beacon=True, canvas_seed=None):
    lang = _accept_language(profile, langs) if langs else ""
    return Device(profile, lang, tz, cookies, age, beacon,
                  rng.getrandbits(32) if canvas_seed is None else canvas_seed)


# Device ages (days) of established customers: few distinct values, since the harness
# starts riskgate once per value to issue the old cookies.
AGES = (4, 21, 90, 400)


def _age(rng, p_new):
    return 0 if rng.random() < p_new else rng.choice(AGES)


# country -> (language tags, [(tz name, minutes east of UTC)], currency)
LOC = {
    "US": (["en-US", "en"], [("America/New_York", -300), ("America/Chicago", -360),
                             ("America/Denver", -420), ("America/Los_Angeles", -480)], "USD"),
    "GB": (["en-GB", "en"], [("Europe/London", 0)], "GBP"),
    "CA": (["en-CA", "en"], [("America/Toronto", -300), ("America/Vancouver", -480)], "CAD"),
    "AU": (["en-AU", "en"], [("Australia/Sydney", 660), ("Australia/Brisbane", 600)], "AUD"),
    "DE": (["de-DE", "de", "en-US", "en"], [("Europe/Berlin", 60)], "EUR"),
    "FR": (["fr-FR", "fr", "en-US", "en"], [("Europe/Paris", 60)], "EUR"),
    "ES": (["es-ES", "es"], [("Europe/Madrid", 60)], "EUR"),
    "IT": (["it-IT", "it", "en-US", "en"], [("Europe/Rome", 60)], "EUR"),
    "NL": (["nl-NL", "nl", "en-US", "en"], [("Europe/Amsterdam", 60)], "EUR"),
    "BE": (["nl-BE", "nl", "fr-BE", "en"], [("Europe/Brussels", 60)], "EUR"),
    "JP": (["ja-JP", "ja"], [("Asia/Tokyo", 540)], "JPY"),
    "KR": (["ko-KR", "ko", "en-US", "en"], [("Asia/Seoul", 540)], "KRW"),
    "CN": (["zh-CN", "zh"], [("Asia/Shanghai", 480)], "CNY"),
    "NG": (["en-NG", "en-US", "en"], [("Africa/Lagos", 60)], "USD"),
    "KE": (["en-KE", "sw-KE", "en"], [("Africa/Nairobi", 180)], "USD"),
    "ZA": (["en-ZA", "en", "af"], [("Africa/Johannesburg", 120)], "USD"),
    "BD": (["bn-BD", "bn", "en-US", "en"], [("Asia/Dhaka", 360)], "USD"),
    "PK": (["en-PK", "ur-PK", "en"], [("Asia/Karachi", 300)], "USD"),
    "EG": (["ar-EG", "ar", "en-US", "en"], [("Africa/Cairo", 120)], "USD"),
    "AR": (["es-AR", "es", "en"], [("America/Argentina/Buenos_Aires", -180)], "USD"),
    "CL": (["es-CL", "es", "en"], [("America/Santiago", -180)], "USD"),
    "MX": (["es-MX", "es", "en"], [("America/Mexico_City", -360)], "USD"),
    "UA": (["uk-UA", "uk", "ru", "en"], [("Europe/Kyiv", 120)], "USD"),
    "IL": (["he-IL", "he", "en-US", "en"], [("Asia/Jerusalem", 120)], "USD"),
    "BR": (["pt-BR", "pt", "en-US", "en"], [("America/Sao_Paulo", -180)], "USD"),
    "IN": (["en-IN", "hi-IN", "hi", "en"], [("Asia/Kolkata", 330)], "USD"),
}

# Realistic given names / family names per region (for e-mail local parts).
NAMES = {
    "en": (["james", "emily", "michael", "sarah", "david", "jessica", "chris", "ashley",
            "daniel", "laura", "tom", "olivia", "ryan", "megan", "kevin", "rachel", "brian",
            "amy", "jason", "hannah"],
           ["smith", "johnson", "brown", "taylor", "miller", "wilson", "moore", "clark",
            "walker", "hall", "young", "king", "wright", "green", "baker", "evans", "hughes",
            "turner", "parker", "collins"]),
    "de": (["lukas", "anna", "jonas", "lea", "felix", "marie", "paul", "laura", "tim",
            "sophie", "jan", "lena"],
           ["mueller", "schmidt", "schneider", "fischer", "weber", "meyer", "wagner",
            "becker", "hoffmann", "koch"]),
    "fr": (["lucas", "chloe", "hugo", "manon", "louis", "camille", "theo", "ines"],
           ["martin", "bernard", "dubois", "thomas", "robert", "richard", "petit", "durand"]),
    "es": (["pablo", "lucia", "diego", "sofia", "javier", "valentina", "mateo", "camila",
            "juan", "martina"],
           ["garcia", "rodriguez", "gonzalez", "fernandez", "lopez", "martinez", "sanchez",
            "perez", "gomez", "diaz"]),
    "it": (["marco", "giulia", "luca", "chiara", "matteo", "sara"],
           ["rossi", "russo", "ferrari", "esposito", "bianchi", "romano"]),
    "nl": (["daan", "emma", "sem", "julia", "bram", "tess"],
           ["devries", "jansen", "bakker", "visser", "smit", "peeters"]),
    "ja": (["hiroshi", "yuki", "kenta", "sakura", "takumi", "aoi", "daiki", "mei"],
           ["sato", "suzuki", "takahashi", "tanaka", "watanabe", "ito", "yamamoto", "kato"]),
    "ko": (["minjun", "seoyeon", "jiho", "hayoon", "dohyun", "jiwoo", "yejun", "soyeon"],
           ["kim", "lee", "park", "choi", "jung", "kang", "cho", "yoon"]),
    "zh": (["wei", "fang", "lei", "jing", "hao", "min", "yang", "xin"],
           ["wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao"]),
    "ng": (["chinedu", "ngozi", "emeka", "aisha", "tunde", "funmi", "ibrahim", "amaka"],
           ["okafor", "adeyemi", "bello", "eze", "okonkwo", "abubakar", "balogun"]),
    "ke": (["brian", "faith", "kevin", "mercy", "dennis", "wanjiru", "otieno", "akinyi"],
           ["kamau", "odhiambo", "mwangi", "wanjiku", "kiprop", "njoroge", "omondi"]),
    "za": (["thabo", "lerato", "sipho", "naledi", "pieter", "anele", "johan", "zanele"],
           ["nkosi", "dlamini", "vanwyk", "botha", "mokoena", "khumalo", "naidoo"]),
    "bd": (["rahim", "nusrat", "tanvir", "farhana", "sabbir", "sadia"],
           ["hossain", "rahman", "islam", "ahmed", "chowdhury", "akter"]),
    "pk": (["ali", "ayesha", "hamza", "fatima", "usman", "zainab", "bilal", "hira"],
           ["khan", "malik", "qureshi", "butt", "sheikh", "raza", "iqbal"]),
    "eg": (["mohamed", "nour", "ahmed", "mariam", "omar", "salma", "youssef", "hana"],
           ["hassan", "mahmoud", "ibrahim", "abdelrahman", "saleh", "fathy"]),
    "ph": (["mark", "joy", "john", "kristine", "paolo", "maricel", "jerome", "rowena"],
           ["santos", "reyes", "cruz", "bautista", "garcia", "mendoza", "delacruz"]),
    "in": (["rahul", "priya", "amit", "sneha", "vikram", "pooja", "arjun", "divya"],
           ["sharma", "patel", "singh", "kumar", "nair", "reddy", "iyer"]),
    "ua": (["oleksandr", "olena", "andriy", "iryna", "dmytro", "natalia"],
           ["shevchenko", "bondarenko", "kovalenko", "tkachenko", "melnyk"]),
    "pt": (["joao", "ana", "gabriel", "beatriz", "lucas", "larissa", "rafael", "juliana"],
           ["silva", "santos", "oliveira", "souza", "pereira", "costa", "almeida"]),
    "he": (["noam", "maya", "itai", "noa", "yonatan", "tamar"],
           ["cohen", "levi", "mizrahi", "peretz", "biton", "friedman"]),
}

MAIL = {"en": ["gmail.com"] * 5 + ["outlook.com", "yahoo.com", "icloud.com", "hotmail.com",
                                    "aol.com", "comcast.net"],
        "de": ["gmail.com", "gmx.de", "web.de", "t-online.de", "outlook.de"],
        "fr": ["gmail.com", "orange.fr", "free.fr", "hotmail.fr", "laposte.net"],
        "es": ["gmail.com", "hotmail.com", "yahoo.es", "outlook.es"],
        "it": ["gmail.com", "libero.it", "hotmail.it", "virgilio.it"],
        "nl": ["gmail.com", "hotmail.com", "ziggo.nl", "kpnmail.nl", "telenet.be"],
        "ja": ["gmail.com", "yahoo.co.jp", "docomo.ne.jp", "icloud.com", "ezweb.ne.jp"],
        "ko": ["naver.com", "naver.com", "daum.net", "gmail.com", "kakao.com"],
        "zh": ["qq.com", "qq.com", "163.com", "126.com", "gmail.com"],
        "ng": ["gmail.com", "gmail.com", "yahoo.com"],
        "ke": ["gmail.com", "gmail.com", "yahoo.com"],
        "za": ["gmail.com", "webmail.co.za", "outlook.com"],
        "bd": ["gmail.com", "gmail.com", "yahoo.com"],
        "pk": ["gmail.com", "gmail.com", "hotmail.com"],
        "eg": ["gmail.com", "yahoo.com", "hotmail.com"],
        "ph": ["gmail.com", "gmail.com", "yahoo.com"],
        "in": ["gmail.com", "gmail.com", "rediffmail.com", "yahoo.co.in"],
        "ua": ["gmail.com", "ukr.net", "i.ua"],
        "he": ["gmail.com", "walla.co.il", "hotmail.com"],
        "pt": ["gmail.com", "hotmail.com", "outlook.com", "uol.com.br", "bol.com.br"]}

REGION = {"US": "en", "GB": "en", "CA": "en", "AU": "en", "DE": "de", "FR": "fr", "ES": "es",
          "IT": "it", "NL": "nl", "BE": "nl", "JP": "ja", "KR": "ko", "CN": "zh", "NG": "ng",
          "KE": "ke", "ZA": "za", "BD": "bd", "PK": "pk", "EG": "eg", "AR": "es", "CL": "es",
          "MX": "es", "UA": "ua", "IL": "he", "BR": "pt",
          "IN": "in"}


def _person(rng, region):
    first, last = NAMES[region]
    return rng.choice(first), rng.choice(last)


def _email(rng, region, person=None, domain=None):
    """A person's ordinary address, in one of the shapes people really pick."""
    f, l = person or _person(rng, region)
    d = domain or rng.choice(MAIL[region])
    yy = rng.choice(["", str(rng.randint(70, 99)), str(rng.randint(1975, 2008)),
                     str(rng.randint(1, 99))])
    local = rng.choice(["%s.%s" % (f, l), "%s%s%s" % (f, l, yy), "%s%s" % (f[0], l),
                        "%s_%s%s" % (f, l, yy), "%s.%s%s" % (f, l, yy), "%s%s" % (l, yy or "1")])
    return "%s@%s" % (local, d)


def _alnum(rng, n, chars="abcdefghijklmnopqrstuvwxyz0123456789"):
    return "".join(rng.choice(chars) for _ in range(n))


def _user(rng, new):
    """Shop account ids: sequential, so accounts made today have the newest numbers."""
    return "u%07d" % (rng.randint(9_610_000, 9_619_999) if new else rng.randint(100_000, 9_400_000))


def _order(amount, currency, quantity, product, user, email, payment):
    if currency in ("JPY", "KRW"):
        amount = int(round(amount))
    else:
        amount = round(amount, 2)
    return {"amount": amount, "currency": currency, "quantity": quantity, "product": product,
            "user": user, "email": email, "payment_method": payment}


def _browse(inst, rng, dev, ip, t, views, gap=(10, 90)):
    """`views` page views from t on; returns the time of the last one."""
    for _ in range(views):
        inst.visit(t, dev, ip)
        t += rng.uniform(*gap)
    return t


def _start(rng, ctx, tail=300):
    return rng.uniform(15, max(30, ctx.window - tail))


# Catalogue: product SKU -> face values in the shop's main currencies.
GIFT = ["amazon", "apple", "google-play", "steam", "playstation", "xbox", "nintendo-eshop",
        "netflix", "spotify", "razer-gold", "roblox", "visa-prepaid"]


def _gift_value(rng, currency):
    return {"USD": rng.choice([10, 15, 20, 25, 25, 50, 50, 50, 100, 100]),
            "GBP": rng.choice([10, 15, 20, 25, 50, 50, 100]),
            "EUR": rng.choice([10, 15, 20, 25, 50, 50, 100]),
            "CAD": rng.choice([15, 25, 50, 50, 100]),
            "AUD": rng.choice([20, 30, 50, 50, 100])}[currency]


def _card_pay(rng):
    return rng.choice(["card", "card", "card", "paypal", "apple_pay", "google_pay"])


# -- honest personas --------------------------------------------------------------------

def gift_season(rng, ctx):
    """Seasonal gift peak (birthdays, Mother's Day in the UK on 15 March): mostly returning
    customers buying denominations for family, now and then several cards and a second
    basket for another relative a few minutes later."""
    pools, out = _pools(ctx), []
    for _ in range(ctx.n(46)):
        inst = Instance("h4_gift_season", "legit")
        cc, pool = rng.choice([("US", "home_US"), ("US", "cable_US"), ("US", "mobile_US"),
                               ("GB", "home_GB"), ("GB", "mobile_GB"), ("CA", "home_CA"),
                               ("AU", "home_AU"), ("DE", "home_DE")])
        langs, tzs, cur = LOC[cc]
        profile = rng.choice(["chrome_win", "safari_iphone", "safari_iphone", "chrome_mac",
                              "safari_mac", "edge_win", "samsung_android", "chrome_android"])
        dev = _dev(rng, profile, langs, rng.choice(tzs), age=_age(rng, 0.2))
        ip = _ip(rng, pools, pool)
        region = REGION[cc]
        user, email = _user(rng, dev.age_days == 0 and rng.random() < 0.6), _email(rng, region)
        t = _start(rng, ctx)
        for k in range(1 if rng.random() < 0.6 else 2):
            t = _browse(inst, rng, dev, ip, t, rng.randint(1, 4))
            value = _gift_value(rng, cur)
            qty = rng.choice([1, 1, 1, 1, 2, 2, 3, 4, 6])
            inst.order(t + rng.uniform(20, 240), dev, ip,
                       _order(value * qty, cur, qty, "giftcard-%s-%d" % (rng.choice(GIFT), value),
                              user, email, _card_pay(rng)))
            t += rng.uniform(240, 1200)
        out.append(inst)
    return out


def first_big_purchase(rng, ctx):
    """First purchase on a brand-new phone or laptop, for a lot of money: a year of a
    console subscription, a 150-250 EUR gift card for a wedding, a new laptop's Office
    licence. Half already have an account made on another device; they browse a while
    before buying. Some are on a German carrier whose address the country database
    places abroad."""
    pools, out = _pools(ctx), []
    for _ in range(ctx.n(30)):
        inst = Instance("h4_first_big_purchase", "legit")
        cc, pool = rng.choice([("DE", "home_DE"), ("DE", "mobile_DE"), ("DE", "mobile_abroad_DE"),
                               ("FR", "home_FR"),
                               ("FR", "mobile_FR"), ("NL", "home_NL"), ("ES", "home_ES"),
                               ("IT", "home_IT"), ("BE", "home_BE")])
        langs, tzs, cur = LOC[cc]
        profile = rng.choice(["chrome_win", "safari_iphone", "samsung_android", "chrome_android",
                              "safari_mac", "edge_win", "firefox_win"])
        dev = _dev(rng, profile, langs, tzs[0], age=0)
        ip = _ip(rng, pools, pool)
        t = _browse(inst, rng, dev, ip, _start(rng, ctx, 900), rng.randint(2, 6), (30, 200))
        product, amount, qty = rng.choice([
            ("playstation-plus-premium-12m", 151.99, 1), ("xbox-game-pass-ultimate-3m", 53.99, 2),
            ("giftcard-amazon-250", 250, 1), ("giftcard-apple-200", 200, 1),
            ("microsoft-office-home-business-2024", 299.00, 1), ("giftcard-zalando-150", 150, 1),
            ("nintendo-eshop-100", 100, 2), ("windows-11-pro-licence", 259.00, 1)])
        pay = rng.choice(["card", "paypal", "paypal", "klarna", "apple_pay", "ideal"])
        inst.order(t + rng.uniform(30, 300), dev, ip,
                   _order(amount * qty, cur, qty, product, _user(rng, rng.random() < 0.5),
                          _email(rng, REGION[cc]), pay))
        out.append(inst)
    return out


def night_parent(rng, ctx):
    """A parent in their own late evening buying game currency for a child (Robux,
    V-Bucks, Minecoins), often on the child's iPad (Safari says "Macintosh"), over the
    phone's carrier or home wifi; "one more for the little brother" 5-20 minutes later."""
    pools, out = _pools(ctx), []
    for _ in range(ctx.n(21)):
        inst = Instance("h4_night_parent", "legit")
        cc, pool = rng.choice([("US", "mobile_US"), ("US", "cable_US"), ("US", "home_US"),
                               ("GB", "mobile_GB"), ("GB", "home_GB"), ("DE", "mobile_DE"),
                               ("FR", "mobile_FR"), ("CA", "home_CA")])
        langs, tzs, cur = LOC[cc]
        profile = rng.choice(["h4_ipad", "h4_ipad", "safari_iphone", "safari_iphone",
                              "samsung_android", "chrome_android"])
        dev = _dev(rng, profile, langs, rng.choice(tzs), age=_age(rng, 0.3))
        ip = _ip(rng, pools, pool)
        user, email = _user(rng, False), _email(rng, REGION[cc])
        t = _start(rng, ctx, 600)
        for _k in range(rng.choice([1, 2, 2, 3])):
            t = _browse(inst, rng, dev, ip, t, rng.randint(1, 2))
            product, amount = rng.choice([("roblox-800", 9.99), ("roblox-1700", 19.99),
                                          ("fortnite-vbucks-1000", 8.99),
                                          ("fortnite-vbucks-2800", 22.99),
                                          ("minecraft-minecoins-1720", 9.99),
                                          ("brawl-stars-gems-170", 9.99)])
            inst.order(t + rng.uniform(20, 120), dev, ip,
                       _order(amount, cur, 1, product, user, email,
                              rng.choice(["apple_pay", "card", "paypal", "google_pay"])))
            t += rng.uniform(300, 1200)
        out.append(inst)
    return out


def card_retry(rng, ctx):
    """The bank declined (3-D Secure timed out, card blocked abroad, limit): the buyer
    tries again with a second card or PayPal 1-5 minutes later, a few a third time."""
    pools, out = _pools(ctx), []
    for _ in range(ctx.n(13)):
        inst = Instance("h4_card_retry", "legit")
        cc, pool = rng.choice([("US", "home_US"), ("GB", "home_GB"), ("DE", "home_DE"),
                               ("MX", "mobile_MX"), ("FR", "home_FR"), ("CA", "home_CA"),
                               ("US", "mobile_US")])
        langs, tzs, cur = LOC[cc]
        profile = rng.choice(["chrome_win", "safari_iphone", "chrome_android", "firefox_win",
                              "samsung_android"])
        dev = _dev(rng, profile, langs, rng.choice(tzs), age=_age(rng, 0.4))
        ip = _ip(rng, pools, pool)
        region = REGION[cc]
        user, email = _user(rng, dev.age_days == 0), _email(rng, region)
        product = rng.choice(["steam-wallet-50", "playstation-store-50", "esim-europe-20gb-30d",
                              "giftcard-amazon-100", "valorant-points-5350"])
        amount = {"steam-wallet-50": 50, "playstation-store-50": 50,
                  "esim-europe-20gb-30d": 34.0, "giftcard-amazon-100": 100,
                  "valorant-points-5350": 49.99}[product]
        t = _browse(inst, rng, dev, ip, _start(rng, ctx, 700), rng.randint(1, 3))
        pays = rng.sample(["card", "paypal", "apple_pay", "google_pay", "klarna"], 3)
        for k in range(2 if rng.random() < 0.7 else 3):
            t += rng.uniform(20, 60) if k == 0 else rng.uniform(60, 300)
            inst.order(t, dev, ip, _order(amount, cur, 1, product, user, email, pays[k]))
            if rng.random() < 0.5:
                inst.visit(t + rng.uniform(5, 30), dev, ip)  # back to the basket page
        out.append(inst)
    return out


def tor_users(rng, ctx):
    """Tor Browser users (journalists, people under censorship, the privacy-minded):
    a Tor exit (a hosting network), UTC and en-US whatever their country, new identity
    (no cookie) between sessions; at the "safest" level no JavaScript, so no beacon.
    They buy VPN vouchers, eSIM data and game cards, paying with crypto or a card."""
    pools, out = _pools(ctx), []
    for _ in range(ctx.n(16)):
        inst = Instance("h4_tor_users", "legit")
        dev = _dev(rng, "h4_tor_browser", ["en-US", "en"], ("UTC", 0), cookies="session",
                   beacon=rng.random() < 0.6)
        ip = _ip(rng, pools, "tor_exit")
        t = _browse(inst, rng, dev, ip, _start(rng, ctx), rng.randint(1, 3), (20, 120))
        product, amount = rng.choice([("mullvad-vpn-voucher-6m", 30.0),
                                      ("protonvpn-plus-12m", 59.88),
                                      ("esim-global-5gb-30d", 24.0), ("steam-wallet-20", 20),
                                      ("giftcard-visa-prepaid-50", 54.95)])
        region = rng.choice(["en", "de", "en", "es"])
        f, l = _person(rng, region)
        email = rng.choice(["%s.%s@proton.me" % (f, l), "%s%d@tutanota.com" % (f, rng.randint(1, 99)),
                            "%s@riseup.net" % _alnum(rng, 8), "%s@protonmail.com" % _alnum(rng, 10)])
        inst.order(t + rng.uniform(40, 300), dev, ip,
                   _order(amount, "USD", 1, product, _user(rng, rng.random() < 0.5), email,
                          rng.choice(["crypto_btc", "crypto_xmr", "card"])))
        out.append(inst)
    return out


def privacy_relay(rng, ctx):
    """Privacy by default, not by intent: Safari with iCloud Private Relay and Hide My
    Email (random@privaterelay.appleid.com), Brave with a DuckDuckGo or Firefox Relay
    address, Firefox in strict mode with cookies cleared on close."""
    pools, out = _pools(ctx), []
    for _ in range(ctx.n(30)):
        inst = Instance("h4_privacy_relay", "legit")
        kind = rng.choice(["apple", "apple", "brave", "firefox"])
        if kind == "apple":
            cc, pool = rng.choice([("US", "relay_US"), ("DE", "relay_DE"), ("JP", "relay_JP")])
            langs, tzs, cur = LOC[cc]
            dev = _dev(rng, rng.choice(["safari_iphone", "safari_mac"]), langs, rng.choice(tzs),
                       age=_age(rng, 0.4))
            email = "%s@privaterelay.appleid.com" % _alnum(rng, 10)
        elif kind == "brave":
            cc, pool = rng.choice([("US", "home_US"), ("GB", "home_GB"), ("NL", "home_NL")])
            langs, tzs, cur = LOC[cc]
            dev = _dev(rng, "brave_win", langs, rng.choice(tzs), age=_age(rng, 0.4))
            email = rng.choice(["%s@duck.com" % _alnum(rng, 9, "abcdefghijklmnopqrstuvwxyz"),
                                "%s@mozmail.com" % _alnum(rng, 9)])
        else:
            cc, pool = rng.choice([("DE", "home_DE"), ("FR", "home_FR"), ("US", "home_US")])
            langs, tzs, cur = LOC[cc]
            dev = _dev(rng, "firefox_strict", langs, rng.choice(tzs), cookies="session",
                       beacon=rng.random() < 0.5)
            email = _email(rng, REGION[cc], domain=rng.choice(["posteo.de", "mailbox.org",
                                                               "proton.me", "gmail.com"]))
        ip = _ip(rng, pools, pool)
        t = _browse(inst, rng, dev, ip, _start(rng, ctx), rng.randint(1, 4))
        if cur == "JPY":
            amount, product = rng.choice([(1500, "apple-gift-1500"), (3000, "apple-gift-3000"),
                                          (5000, "google-play-5000")])
        else:
            value = _gift_value(rng, cur)
            amount, product = value, "giftcard-%s-%d" % (rng.choice(GIFT), value)
        order = _order(amount, cur, 1, product, _user(rng, dev.age_days == 0), email,
                       "apple_pay" if kind == "apple" else _card_pay(rng))
        inst.order(t + rng.uniform(20, 200), dev, ip, order)
        if rng.random() < 0.25:  # the same person back for the same card for someone else
            t2 = _browse(inst, rng, dev, ip, t + rng.uniform(600, 1500), 1)
            inst.order(t2 + rng.uniform(20, 100), dev, ip, dict(order))
        out.append(inst)
    return out


def cgnat_airtime(rng, ctx):
    """Mobile-first countries behind carrier-grade NAT (Nigeria, Kenya, South Africa,
    Bangladesh, India on Jio, whose addresses the country database partly places
    abroad): thousands of subscribers share a handful of addresses, so in a cell many
    unrelated people arrive from the same three IPs, each buying airtime, data bundles or
    game diamonds for a few dollars, on cheap Android phones, often a shared phone."""
    pools, out = _pools(ctx), []
    shared = {name: rng.sample(pools[name], 3) for name in
              ("mobile_NG", "mobile_KE", "mobile_ZA", "mobile_BD", "mobile_IN", "mobile_abroad_IN")}
    cc_of = {"mobile_NG": "NG", "mobile_KE": "KE", "mobile_ZA": "ZA", "mobile_BD": "BD",
             "mobile_IN": "IN", "mobile_abroad_IN": "IN"}
    for _ in range(ctx.n(50)):
        inst = Instance("h4_cgnat_airtime", "legit")
        pool = rng.choice(sorted(shared))
        cc = cc_of[pool]
        langs, tzs, cur = LOC[cc]
        profile = rng.choice(["h4_android_chrome119", "h4_android_chrome119", "chrome_android",
                              "samsung_android"])
        dev = _dev(rng, profile, langs, tzs[0], age=_age(rng, 0.5))
        ip = rng.choice(shared[pool])[0]
        user, email = _user(rng, dev.age_days == 0), _email(rng, REGION[cc])
        t = _start(rng, ctx, 600)
        for _k in range(1 if rng.random() < 0.65 else 2):
            t = _browse(inst, rng, dev, ip, t, rng.randint(1, 2), (15, 60))
            product, amount = rng.choice([
                ("airtime-%s-local-2" % cc.lower(), 2.0), ("airtime-%s-local-5" % cc.lower(), 5.0),
                ("data-bundle-%s-3gb" % cc.lower(), 3.5), ("freefire-diamonds-310", 2.99),
                ("pubg-uc-325", 4.99), ("airtime-%s-local-1" % cc.lower(), 1.0),
                ("esim-%s-1gb-7d" % cc.lower(), 4.5)])
            inst.order(t + rng.uniform(15, 120), dev, ip,
                       _order(amount, cur, 1, product, user, email,
                              rng.choice(["card", "card", "mobile_money", "bank_transfer"])))
            t += rng.uniform(200, 900)
        out.append(inst)
    return out


def roaming_traveller(rng, ctx):
    """Travellers buying an eSIM for where they are. Roaming data is routed home, so the
    address is their home carrier's while the phone's timezone is the destination's;
    others buy from the hotel or airport wifi of the destination, with their own language
    and currency."""
    pools, out = _pools(ctx), []
    dests = [("TH", ("Asia/Bangkok", 420)), ("JP", ("Asia/Tokyo", 540)),
             ("US", ("America/New_York", -300)), ("IT", ("Europe/Rome", 60)),
             ("SG", ("Asia/Singapore", 480)), ("MY", ("Asia/Kuala_Lumpur", 480)),
             ("IL", ("Asia/Jerusalem", 120)), ("AU", ("Australia/Sydney", 660))]
    wifi = {"SG": "home_SG", "MY": "home_MY", "IL": "home_IL", "JP": "home_JP",
            "US": "home_US", "IT": "home_IT", "AU": "home_AU"}
    for _ in range(ctx.n(24)):
        inst = Instance("h4_roaming_traveller", "legit")
        home, carrier = rng.choice([("GB", "mobile_GB"), ("DE", "mobile_DE"), ("KR", "mobile_KR"),
                                    ("US", "mobile_US"), ("FR", "mobile_FR"), ("JP", "mobile_JP")])
        dest, tz = rng.choice([d for d in dests if d[0] != home])
        langs, _tzs, cur = LOC[home]
        profile = rng.choice(["safari_iphone", "safari_iphone", "samsung_android",
                              "chrome_android"])
        dev = _dev(rng, profile, langs, tz, age=_age(rng, 0.15))
        if dest in wifi and rng.random() < 0.4:
            ip = _ip(rng, pools, wifi[dest])
        else:
            ip = _ip(rng, pools, carrier)
        user, email = _user(rng, False), _email(rng, REGION[home])
        price_usd = rng.choice([4.5, 9.0, 13.0, 19.0, 26.0, 45.0])
        rate = {"USD": 1, "GBP": 0.79, "EUR": 0.92, "KRW": 1330, "JPY": 150}[cur]
        t = _browse(inst, rng, dev, ip, _start(rng, ctx, 500), rng.randint(1, 3))
        gb = rng.choice([1, 3, 5, 10, 20])
        inst.order(t + rng.uniform(30, 200), dev, ip,
                   _order(price_usd * rate, cur, 1, "esim-%s-%dgb-%dd" % (dest.lower(), gb,
                                                                        rng.choice([7, 15, 30])),
                          user, email, rng.choice(["apple_pay", "card", "google_pay"])))
        if rng.random() < 0.2:  # ran out: a top-up plan
            t2 = t + rng.uniform(600, 1800)
            inst.order(t2, dev, ip, _order(price_usd * rate / 2, cur, 1, "esim-topup-%s-1gb"
                                            % dest.lower(), user, email, "apple_pay"))
        out.append(inst)
    return out


def corporate_bulk(rng, ctx):
    """An office manager or HR buying staff rewards: 10-60 identical gift cards on one
    order from the office's business fibre, on the same work PC as every quarter; a
    second order for another team now and then."""
    pools, out = _pools(ctx), []
    companies = ["northwind-logistics.com", "brightpath-dental.com", "kellerbau.de",
                 "harbourview-hotels.co.uk", "apexsoftware.io", "greenfield-schools.org",
                 "medline-partners.com", "stadtwerke-oberland.de"]
    for _ in range(ctx.n(14)):
        inst = Instance("h4_corporate_bulk", "legit")
        domain = rng.choice(companies)
        cc = "DE" if domain.endswith(".de") else ("GB" if domain.endswith(".uk") else "US")
        langs, tzs, cur = LOC[cc]
        dev = _dev(rng, rng.choice(["edge_win", "edge_win", "chrome_win"]), langs, rng.choice(tzs),
                   age=rng.choice(AGES[1:]))
        ip = _ip(rng, pools, "business_fiber")
        f, l = _person(rng, REGION[cc])
        email = "%s.%s@%s" % (f, l, domain)
        user = _user(rng, False)
        t = _start(rng, ctx, 900)
        for _k in range(1 if rng.random() < 0.65 else 2):
            t = _browse(inst, rng, dev, ip, t, rng.randint(2, 5), (20, 120))
            value = rng.choice([20, 25, 25, 50, 50, 100])
            qty = rng.choice([10, 12, 15, 20, 25, 30, 40, 60])
            inst.order(t + rng.uniform(60, 300), dev, ip,
                       _order(value * qty, cur, qty, "giftcard-%s-%d" % (
                           rng.choice(["amazon", "visa-prepaid", "starbucks", "uber-eats"]), value),
                              user, email, rng.choice(["invoice", "card", "card"])))
            t += rng.uniform(600, 1500)
        out.append(inst)
    return out


def school_library(rng, ctx):
    """Shared computers: a school's Chromebooks or a public library's PCs (some wiped at
    every log-out, some keeping one browser profile for everybody), one address per site
    on a research-and-education network. Different pupils or patrons, one small order
    each: Roblox, Minecraft, Steam, a Spotify card."""
    pools, out = _pools(ctx), []
    for _s in range(ctx.n(5)):
        site_ip = _ip(rng, pools, "school_US")
        tz = rng.choice(LOC["US"][1])
        wiped = rng.random() < 0.5
        machines = [_dev(rng, rng.choice(["h4_chromebook", "h4_chromebook", "edge_win"]),
                         ["en-US", "en"], tz, cookies="session" if wiped else "keep",
                         age=0 if wiped else rng.choice(AGES))
                    for _ in range(rng.randint(2, 4))]
        for _p in range(rng.randint(5, 8)):
            inst = Instance("h4_school_library", "legit")
            dev = rng.choice(machines)
            t = _browse(inst, rng, dev, site_ip, _start(rng, ctx, 400), rng.randint(1, 3))
            product, amount = rng.choice([("roblox-400", 4.99), ("roblox-800", 9.99),
                                          ("minecraft-java-bedrock", 29.99), ("steam-wallet-10", 10),
                                          ("spotify-premium-1m", 11.99), ("google-play-15", 15)])
            inst.order(t + rng.uniform(30, 240), dev, site_ip,
                       _order(amount, "USD", 1, product, _user(rng, rng.random() < 0.4),
                              _email(rng, "en"), rng.choice(["card", "paypal", "giftcard_balance"])))
            out.append(inst)
    return out


def low_vision(rng, ctx):
    """Accessibility: Windows at 200 % scaling with a screen reader or magnifier, or an
    Android phone with TalkBack; slow, many page views (every step read out), long
    between landing and ordering; older, loyal customers buying gift cards."""
    pools, out = _pools(ctx), []
    for _ in range(ctx.n(18)):
        inst = Instance("h4_low_vision", "legit")
        cc, pool = rng.choice([("US", "home_US"), ("US", "cable_US"), ("GB", "home_GB"),
                               ("CA", "home_CA"), ("DE", "home_DE")])
        langs, tzs, cur = LOC[cc]
        profile = rng.choice(["h4_edge_zoom", "h4_edge_zoom", "firefox_win", "samsung_android"])
        dev = _dev(rng, profile, langs, rng.choice(tzs), age=_age(rng, 0.1))
        ip = _ip(rng, pools, pool)
        t = _browse(inst, rng, dev, ip, rng.uniform(15, 600), rng.randint(4, 9), (60, 240))
        value = _gift_value(rng, cur)
        inst.order(t + rng.uniform(120, 600), dev, ip,
                   _order(value, cur, 1, "giftcard-%s-%d" % (rng.choice(GIFT), value),
                          _user(rng, False), _email(rng, REGION[cc]),
                          rng.choice(["card", "paypal"])))
        out.append(inst)
    return out


def legacy_browsers(rng, ctx):
    """Old machines and phones: Windows 7 with Chrome 109 or Firefox ESR 115 at an
    internet café or at home, Android phones stuck at Chrome 119; Latin America, Egypt,
    Pakistan, Ukraine; prices in US dollars; Steam, Free Fire, PUBG, Netflix."""
    pools, out = _pools(ctx), []
    for _ in range(ctx.n(30)):
        inst = Instance("h4_legacy_browsers", "legit")
        cc, pool = rng.choice([("AR", "home_AR"), ("CL", "home_CL"), ("MX", "cable_MX"),
                               ("MX", "mobile_MX"), ("EG", "home_EG"), ("PK", "home_PK"),
                               ("UA", "mobile_UA"), ("BR", "home_BR")])
        langs, tzs, cur = LOC[cc]
        region = REGION[cc]
        profile = rng.choice(["h4_chrome109_win7", "h4_chrome109_win7", "h4_firefox115_win7",
                              "h4_android_chrome119"])
        dev = _dev(rng, profile, langs, tzs[0], age=_age(rng, 0.45))
        ip = _ip(rng, pools, pool)
        t = _browse(inst, rng, dev, ip, _start(rng, ctx), rng.randint(1, 4), (20, 120))
        product, amount = rng.choice([("steam-wallet-10", 10), ("steam-wallet-20", 20),
                                      ("freefire-diamonds-520", 4.99),
                                      ("pubg-uc-660", 9.99), ("netflix-gift-25", 25),
                                      ("xbox-game-pass-core-3m", 24.99)])
        inst.order(t + rng.uniform(30, 300), dev, ip,
                   _order(amount, cur, 1, product, _user(rng, dev.age_days == 0),
                          _email(rng, region), rng.choice(["card", "paypal", "mercadopago"
                                                           if cc in ("AR", "CL", "MX") else "card"])))
        out.append(inst)
    return out


def asia_locals(rng, ctx):
    """Japan, Korea, mainland China in their own currencies: iTunes/Google Play/PSN cards
    in yen on docomo or fibre; Nexon and game cash in won on Samsung Internet; Chinese
    game top-ups at the classic tiers (6-648 CNY) in the WeChat browser, some of them
    through an "airport" proxy on Alibaba or Tencent cloud in Hong Kong or Singapore."""
    pools, out = _pools(ctx), []
    for _ in range(ctx.n(46)):
        inst = Instance("h4_asia_locals", "legit")
        cc = rng.choice(["JP", "JP", "KR", "KR", "CN", "CN"])
        langs, tzs, cur = LOC[cc]
        if cc == "JP":
            pool = rng.choice(["home_JP", "mobile_JP"])
            profile = rng.choice(["safari_iphone", "safari_iphone", "chrome_win", "chrome_android"])
            product, amount = rng.choice([("itunes-card-1500", 1500), ("itunes-card-3000", 3000),
                                          ("google-play-5000", 5000), ("psn-card-10000", 10000),
                                          ("nintendo-prepaid-3000", 3000)])
            pay = rng.choice(["card", "card", "paypay", "konbini"])
        elif cc == "KR":
            pool = rng.choice(["home_KR", "home_KR_lgu", "mobile_KR"])
            profile = rng.choice(["samsung_android", "samsung_android", "chrome_win", "safari_iphone"])
            product, amount = rng.choice([("nexon-cash-10000", 10000), ("nexon-cash-50000", 50000),
                                          ("google-play-kr-30000", 30000),
                                          ("culture-land-50000", 50000), ("steam-kr-100000", 100000)])
            pay = rng.choice(["card", "kakaopay", "naverpay", "toss"])
        else:
            pool = rng.choice(["home_CN", "mobile_CN_cmcc", "cloud_asia"])
            profile = rng.choice(["h4_wechat_android", "h4_wechat_android", "safari_iphone",
                                  "chrome_win"])
            product, amount = rng.choice([("genshin-crystals-60", 6), ("genshin-crystals-980", 68),
                                          ("genshin-crystals-1980", 128),
                                          ("honkai-starrail-3280", 328), ("genshin-crystals-6480", 648),
                                          ("steam-cn-100", 100)])
            pay = rng.choice(["alipay", "alipay", "wechat_pay", "unionpay"])
        dev = _dev(rng, profile, langs, tzs[0], age=_age(rng, 0.3))
        ip = _ip(rng, pools, pool)
        t = _browse(inst, rng, dev, ip, _start(rng, ctx), rng.randint(1, 3))
        inst.order(t + rng.uniform(20, 200), dev, ip,
                   _order(amount, cur, 1, product, _user(rng, dev.age_days == 0),
                          _email(rng, REGION[cc]), pay))
        out.append(inst)
    return out


def overseas_workers(rng, ctx):
    """Filipino, Indian, Pakistani and Bangladeshi workers in the Gulf and Hong Kong
    sending mobile load and data to family at home (and a game card for a nephew): the
    address and timezone are where they work, the language and the product are home."""
    pools, out = _pools(ctx), []
    where = [("mobile_AE", ("Asia/Dubai", 240)), ("mobile_SA", ("Asia/Riyadh", 180)),
             ("mobile_QA", ("Asia/Qatar", 180)), ("mobile_HK", ("Asia/Hong_Kong", 480))]
    homes = [("ph", ["en-PH", "fil", "en"], "PH"), ("in", ["en-IN", "hi", "en"], "IN"),
             ("pk", ["en-PK", "ur", "en"], "PK"), ("bd", ["bn-BD", "bn", "en"], "BD")]
    for _ in range(ctx.n(20)):
        inst = Instance("h4_overseas_workers", "legit")
        pool, tz = rng.choice(where)
        region, langs, home = rng.choice(homes)
        dev = _dev(rng, rng.choice(["samsung_android", "chrome_android", "h4_android_chrome119",
                                    "safari_iphone"]), langs, tz, age=_age(rng, 0.25))
        ip = _ip(rng, pools, pool)
        user, email = _user(rng, dev.age_days == 0), _email(rng, region)
        t = _start(rng, ctx, 600)
        for _k in range(rng.choice([1, 1, 2])):
            t = _browse(inst, rng, dev, ip, t, rng.randint(1, 2))
            product, amount = rng.choice([("load-%s-500" % home.lower(), 9.5),
                                          ("load-%s-1000" % home.lower(), 18.5),
                                          ("data-%s-10gb-30d" % home.lower(), 7.0),
                                          ("mobile-legends-diamonds-257", 4.99),
                                          ("load-%s-300" % home.lower(), 5.75)])
            inst.order(t + rng.uniform(20, 150), dev, ip,
                       _order(amount, "USD", 1, product, user, email,
                              rng.choice(["card", "card", "google_pay", "apple_pay"])))
            t += rng.uniform(180, 900)
        out.append(inst)
    return out


def small_reseller(rng, ctx):
    """A phone-repair stall or internet café owner reselling game cards and top-ups to
    walk-in customers: one PC or phone they have used for a year, batches of 3-12
    identical low-value cards, two to four batches in the hour."""
    pools, out = _pools(ctx), []
    for _ in range(ctx.n(7)):
        inst = Instance("h4_small_reseller", "legit")
        cc, pool = rng.choice([("PK", "home_PK"), ("EG", "home_EG"), ("NG", "mobile_NG"),
                               ("UA", "mobile_UA"), ("AR", "home_AR"), ("MX", "cable_MX")])
        langs, tzs, cur = LOC[cc]
        dev = _dev(rng, rng.choice(["h4_chrome109_win7", "chrome_win", "chrome_android"]), langs,
                   tzs[0], age=rng.choice(AGES[2:]))
        ip = _ip(rng, pools, pool)
        user, email = _user(rng, False), _email(rng, REGION[cc])
        t = _start(rng, ctx, 1800)
        for _k in range(rng.randint(2, 4)):
            t = _browse(inst, rng, dev, ip, t, 1)
            product, unit = rng.choice([("freefire-diamonds-100", 0.99), ("pubg-uc-60", 0.99),
                                        ("steam-wallet-5", 5), ("google-play-10", 10),
                                        ("razer-gold-5", 5)])
            qty = rng.randint(3, 12)
            inst.order(t + rng.uniform(20, 90), dev, ip,
                       _order(unit * qty, cur, qty, product, user, email,
                              rng.choice(["card", "wallet_balance"])))
            t += rng.uniform(420, 1100)
        out.append(inst)
    return out


# -- fraud personas ---------------------------------------------------------------------

OPERATOR_TZ = [("Europe/Moscow", 180), ("Asia/Ho_Chi_Minh", 420), ("Africa/Lagos", 60),
               ("Asia/Jakarta", 420), ("Europe/Kyiv", 120)]
DISPOSABLE = ["mailinator.com", "guerrillamail.com", "sharklasers.com", "yopmail.com",
              "10minutemail.com", "tempmail.dev", "mail.tm", "dropmail.me"]


def antidetect_cashout(rng, ctx):
    """Stolen US/UK/CA cards cashed out into high-value gift cards (Apple, Amazon, Razer
    Gold) through an anti-detect browser: each "profile" a new Chrome identity with its
    own canvas noise and cookies, on a sticky residential proxy in the card's country.
    Trace: new device + account made minutes ago + 200-500 per order; 2-3 profiles share
    one sticky proxy address within minutes; the timezone is set to the proxy's for most
    profiles but 40 % leak the operator's own; Accept-Language is en-US everywhere, even
    on British and Canadian addresses."""
    pools, out = _pools(ctx), []
    for _op in range(ctx.n(3)):
        op_tz = rng.choice(OPERATOR_TZ)
        t = rng.uniform(15, 300)
        for _sticky in range(rng.randint(4, 6)):
            cc, pool = rng.choice([("US", "home_US"), ("US", "cable_US"), ("GB", "home_GB"),
                                   ("CA", "home_CA")])
            ip = _ip(rng, pools, pool)
            _langs, tzs, cur = LOC[cc]
            for _prof in range(rng.randint(2, 3)):
                inst = Instance("f4_antidetect_cashout", "fraud")
                tz = op_tz if rng.random() < 0.4 else rng.choice(tzs)
                dev = _dev(rng, rng.choice(["chrome_win", "chrome_win", "chrome_mac"]),
                           ["en-US", "en"], tz, age=0)
                tv = _browse(inst, rng, dev, ip, t, rng.randint(1, 2), (5, 25))
                user, email = _user(rng, True), _email(rng, "en", domain=rng.choice(
                    ["gmail.com", "outlook.com", "hotmail.com"]))
                for _k in range(1 if rng.random() < 0.6 else 2):
                    value = rng.choice([200, 250, 300, 500]) if cur == "USD" else rng.choice([200, 250])
                    qty = rng.choice([1, 1, 2])
                    tv += rng.uniform(25, 90)
                    inst.order(tv, dev, ip, _order(value * qty, cur, qty, "giftcard-%s-%d" % (
                        rng.choice(["apple", "amazon", "razer-gold"]), value), user, email, "card"))
                out.append(inst)
                t += rng.uniform(60, 240)
            t += rng.uniform(30, 200)
    return out


def ato_drain(rng, ctx):
    """Account takeover with credential-stuffed passwords: the victim's old account and
    e-mail, the saved card, drained into gift cards in a burst from a privacy VPN or a
    VPS. Trace: an old account on a brand-new device from a VPN/hosting network, 3-6
    orders in minutes, the attacker's language and timezone, the account's usual country
    absent."""
    pools, out = _pools(ctx), []
    for _ in range(ctx.n(8)):
        inst = Instance("f4_ato_drain", "fraud")
        lang = rng.choice([["en-US", "en"], ["ru-RU", "ru", "en-US", "en"],
                           ["vi-VN", "vi", "en-US", "en"], ["en-US", "en"]])
        dev = _dev(rng, rng.choice(["chrome_win", "firefox_win", "edge_win"]), lang,
                   rng.choice(OPERATOR_TZ), cookies=rng.choice(["keep", "session"]))
        pool = rng.choice(["vpn_privacy", "vpn_privacy", "hosting"])
        region = rng.choice(["en", "en", "de", "fr"])
        user, email = _user(rng, False), _email(rng, region)
        cur = {"en": "USD", "de": "EUR", "fr": "EUR"}[region]
        ip = _ip(rng, pools, pool)
        t = _browse(inst, rng, dev, ip, _start(rng, ctx, 900), 1, (5, 20))
        for k in range(rng.randint(3, 6)):
            if k and rng.random() < 0.3:
                ip = _ip(rng, pools, pool)  # the VPN app reconnects to another server
            value = rng.choice([100, 100, 150, 200])
            qty = rng.choice([1, 1, 2, 3])
            t += rng.uniform(40, 180)
            inst.order(t, dev, ip, _order(value * qty, cur, qty, "giftcard-%s-%d" % (
                rng.choice(["amazon", "apple", "steam", "razer-gold"]), value), user, email,
                                          "saved_card"))
        out.append(inst)
    return out


def script_topup_tester(rng, ctx):
    """Card testing on the cheapest items (1-3 USD airtime, a 2 USD eSIM) by a script
    that copies Chrome's User-Agent and sets Accept-Language, posting orders straight to
    the API through rotating residential proxies, a new account per card. Trace: a Chrome
    UA without any of Chrome's other headers (no client hints, no Sec-Fetch), no cookie,
    no page view or beacon, a steady cadence of tiny orders from ever-new accounts."""
    pools, out = _pools(ctx), []
    proxy_pools = ["home_US", "cable_US", "home_GB", "home_CA", "home_AU", "mobile_US",
                   "home_DE", "home_BR"]
    for _w in range(ctx.n(3)):
        t = rng.uniform(10, 200)
        while t < ctx.window - 10:
            inst = Instance("f4_script_topup_tester", "fraud")
            dev = _dev(rng, "script_chrome_ua", ["en-US", "en"], ("UTC", 0), cookies="none",
                       beacon=False)
            ip = _ip(rng, pools, rng.choice(proxy_pools))
            product, amount = rng.choice([("airtime-us-local-2", 2.0), ("airtime-us-local-1", 1.0),
                                          ("esim-global-500mb-3d", 2.0), ("airtime-us-local-3", 3.0)])
            email = rng.choice(["%s%d@gmail.com" % (_alnum(rng, 7, "abcdefghijklmnopqrstuvwxyz"),
                                                     rng.randint(10, 999)),
                                "%s@%s" % (_alnum(rng, 10), rng.choice(DISPOSABLE))])
            inst.order(t, dev, ip, _order(amount, "USD", 1, product, _user(rng, True), email, "card"))
            out.append(inst)
            t += rng.uniform(90, 200)
    return out


def stealth_bot_farm(rng, ctx):
    """A Puppeteer farm with the stealth plugin on rented servers, buying game keys with
    stolen cards to resell on key marketplaces: fresh browser context per account.
    Trace: hosting addresses, navigator.webdriver and an 800x600 screen in the beacon,
    a Linux platform under a Windows user agent, disposable e-mail, no cookie kept."""
    pools, out = _pools(ctx), []
    for _b in range(ctx.n(2)):
        t = rng.uniform(10, 300)
        pool = rng.choice(["hosting", "vpn_privacy"])
        while t < ctx.window - 30:
            inst = Instance("f4_stealth_bot_farm", "fraud")
            dev = _dev(rng, "stealth_puppeteer", ["en-US", "en"], ("America/New_York", -300),
                       cookies="session")
            ip = _ip(rng, pools, pool)
            tv = _browse(inst, rng, dev, ip, t, 1, (2, 6))
            product, amount = rng.choice([("key-elden-ring-nightreign", 39.99),
                                          ("key-cyberpunk-2077-ultimate", 59.99),
                                          ("key-ea-fc-26", 69.99), ("key-helldivers-2", 39.99),
                                          ("key-minecraft-java-bedrock", 29.99)])
            inst.order(tv + rng.uniform(3, 12), dev, ip,
                       _order(amount, "USD", 1, product, _user(rng, True),
                              "%s@%s" % (_alnum(rng, 9), rng.choice(DISPOSABLE)), "card"))
            out.append(inst)
            t += rng.uniform(120, 260)
    return out


def triangulation_keyshop(rng, ctx):
    """Triangulation: a grey-market seller takes buyers' orders elsewhere, then buys each
    key here with a stolen card in the buyer's name and e-mail, so the buyer gets the
    key by mail. One operator PC (a warmed-up, month-old browser) behind a couple of home
    or VPN addresses. Trace: one device places orders for many different accounts and
    e-mails, one every few minutes, always quantity 1."""
    pools, out = _pools(ctx), []
    for _op in range(ctx.n(2)):
        cc, pool = rng.choice([("DE", "home_DE"), ("NL", "home_NL"), ("US", "home_US")])
        langs, tzs, cur = LOC[cc]
        dev = _dev(rng, rng.choice(["chrome_win", "firefox_win"]), langs, tzs[0],
                   age=rng.choice(AGES[1:3]))
        ips = [_ip(rng, pools, pool), _ip(rng, pools, "vpn_privacy", cc)]
        t = rng.uniform(10, 400)
        while t < ctx.window - 30:
            inst = Instance("f4_triangulation_keyshop", "fraud")
            ip = rng.choice(ips)
            t = _browse(inst, rng, dev, ip, t, rng.randint(1, 2), (5, 30))
            buyer_region = rng.choice(["en", "de", "fr", "es", "it", "nl"])
            product, amount = rng.choice([("key-baldurs-gate-3", 59.99), ("key-ea-fc-26", 69.99),
                                          ("windows-11-pro-licence", 259.0),
                                          ("key-forza-horizon-5", 59.99), ("xbox-game-pass-ultimate-1m", 17.99),
                                          ("key-the-sims-4-bundle", 39.99)])
            inst.order(t + rng.uniform(20, 60), dev, ip,
                       _order(amount, cur, 1, product, _user(rng, True),
                              _email(rng, buyer_region), "card"))
            out.append(inst)
            t += rng.uniform(100, 280)
    return out


def emulator_4g_farm(rng, ctx):
    """An Android-emulator farm behind a 4G proxy rack (real SIMs, so real mobile carrier
    addresses): each account in a freshly wiped emulator, buying gift cards and top-ups.
    Trace: the beacon of an x86 emulator under an Android user agent (Linux x86_64, 2
    cores, 1 touch point, identical screen), a handful of carrier addresses reused by
    account after account, each new device and new account."""
    pools, out = _pools(ctx), []
    for _r in range(ctx.n(2)):
        cc, pool = rng.choice([("US", "mobile_US"), ("GB", "mobile_GB"), ("MX", "mobile_MX")])
        langs, tzs, _cur = LOC[cc]
        cur = "GBP" if cc == "GB" else "USD"
        sims = [_ip(rng, pools, pool) for _ in range(3)]
        t = rng.uniform(10, 300)
        while t < ctx.window - 30:
            inst = Instance("f4_emulator_4g_farm", "fraud")
            dev = _dev(rng, "h4_android_emulator", langs, tzs[0], cookies="session")
            ip = rng.choice(sims)
            tv = _browse(inst, rng, dev, ip, t, rng.randint(1, 2), (5, 20))
            value = rng.choice([25, 50, 50, 100])
            inst.order(tv + rng.uniform(10, 40), dev, ip,
                       _order(value, cur, 1, "giftcard-%s-%d" % (
                           rng.choice(["google-play", "apple", "razer-gold", "steam"]), value),
                              _user(rng, True), _email(rng, REGION.get(cc, "en")), "card"))
            out.append(inst)
            t += rng.uniform(130, 300)
    return out


def vpn_geo_spoof(rng, ctx):
    """Stolen European cards used through a privacy VPN exit in the card's country, one
    new account per attacker trying two or three cards on eSIMs and licence keys.
    Trace: a VPN network, a new device and account, several cards on one account within
    minutes; the browser language is set to match for half of them, the others keep
    their own (ru, uk, vi, id, tr) and the beacon timezone is the operator's."""
    pools, out = _pools(ctx), []
    for _ in range(ctx.n(12)):
        inst = Instance("f4_vpn_geo_spoof", "fraud")
        cc = rng.choice(["DE", "GB", "NL", "US", "CH"])
        cur = {"DE": "EUR", "NL": "EUR", "GB": "GBP", "US": "USD", "CH": "EUR"}[cc]
        if rng.random() < 0.5:
            langs = LOC[cc][0] if cc in LOC else ["de-CH", "de", "en"]
            tz = LOC[cc][1][0] if cc in LOC else ("Europe/Zurich", 60)
        else:
            langs = rng.choice([["ru-RU", "ru", "en-US", "en"], ["uk-UA", "uk", "en"],
                                ["vi-VN", "vi", "en"], ["id-ID", "id", "en"], ["tr-TR", "tr", "en"]])
            tz = rng.choice(OPERATOR_TZ)
        dev = _dev(rng, rng.choice(["chrome_win", "chrome_android", "firefox_win"]), langs, tz)
        ip = _ip(rng, pools, "vpn_privacy", cc)
        t = _browse(inst, rng, dev, ip, _start(rng, ctx, 700), rng.randint(1, 3), (10, 40))
        user = _user(rng, True)
        email = _email(rng, rng.choice(["en", "de"]), domain=rng.choice(["gmail.com", "outlook.com"]))
        for _k in range(rng.randint(2, 3)):
            product, amount = rng.choice([("esim-europe-50gb-30d", 59.0), ("esim-global-20gb-30d", 79.0),
                                          ("windows-11-pro-licence", 145.0),
                                          ("kaspersky-premium-3dev-1y", 49.99),
                                          ("office-2024-pro-plus", 119.0)])
            t += rng.uniform(45, 200)
            inst.order(t, dev, ip, _order(amount, cur, 1, product, user, email, "card"))
        out.append(inst)
    return out


def aged_device_cashout(rng, ctx):
    """Patient cash-out: devices warmed up weeks ago (browsed, cookie kept) on a home
    proxy, then used in one hour for several bought or fabricated accounts, each with a
    high-value order. Trace: one (old) device and one address carrying three or four
    different accounts with 150-400 orders, e-mails in the same generated style."""
    pools, out = _pools(ctx), []
    for _d in range(ctx.n(7)):
        cc, pool = rng.choice([("US", "home_US"), ("US", "cable_US"), ("GB", "home_GB")])
        langs, tzs, cur = LOC[cc]
        dev = _dev(rng, rng.choice(["chrome_win", "safari_mac", "chrome_mac"]), langs,
                   rng.choice(tzs), age=rng.choice(AGES[1:3]))
        ip = _ip(rng, pools, pool)
        t = _start(rng, ctx, 1500)
        f, l = _person(rng, "en")
        for n in range(rng.randint(3, 4)):
            inst = Instance("f4_aged_device_cashout", "fraud")
            t = _browse(inst, rng, dev, ip, t, 1, (5, 20))
            value = rng.choice([150, 200, 250, 400])
            inst.order(t + rng.uniform(30, 120), dev, ip,
                       _order(value, cur, 1, "giftcard-%s-%d" % (rng.choice(
                           ["amazon", "apple", "visa-prepaid"]), value), _user(rng, rng.random() < 0.5),
                              "%s.%s%d@gmail.com" % (f, l, rng.randint(1980, 2002) + n), "card"))
            out.append(inst)
            t += rng.uniform(150, 500)
    return out


def distributed_card_testing(rng, ctx):
    """Low-and-slow card testing from one automation template in real Chrome: every
    order a "new" browser with cookies disabled, a different residential address and a
    new account, one order every minute or two. Trace: the same canvas hash, screen and
    HTTP fingerprint on every "new" device, no cookie ever kept, 1-2 USD orders, ever-new
    accounts and e-mails in one generated style."""
    pools, out = _pools(ctx), []
    template_canvas = rng.getrandbits(32)
    tz = rng.choice(LOC["US"][1])
    t = rng.uniform(10, 200)
    while t < ctx.window - 10:
        inst = Instance("f4_distributed_card_testing", "fraud")
        dev = _dev(rng, "chrome_win", ["en-US", "en"], tz, cookies="none",
                   canvas_seed=template_canvas)
        ip = _ip(rng, pools, rng.choice(["home_US", "cable_US", "mobile_US", "home_CA"]))
        tv = _browse(inst, rng, dev, ip, t, 1, (3, 8))
        product, amount = rng.choice([("esim-us-1gb-7d", 1.5), ("airtime-us-local-2", 2.0),
                                      ("airtime-us-local-1", 1.0)])
        inst.order(tv + rng.uniform(5, 20), dev, ip,
                   _order(amount, "USD", 1, product, _user(rng, True),
                          "%s%s%d@gmail.com" % (rng.choice(NAMES["en"][0]), _alnum(rng, 3),
                                                rng.randint(100, 9999)), "card"))
        out.append(inst)
        t += rng.uniform(70, 130) / max(ctx.scale, 0.05)
    return out


LEGIT = [gift_season, first_big_purchase, night_parent, card_retry, tor_users, privacy_relay,
         cgnat_airtime, roaming_traveller, corporate_bulk, school_library, low_vision,
         legacy_browsers, asia_locals, overseas_workers, small_reseller]

FRAUD = [antidetect_cashout, ato_drain, script_topup_tester, stealth_bot_farm,
         triangulation_keyshop, emulator_4g_farm, vpn_geo_spoof, aged_device_cashout,
         distributed_card_testing]
