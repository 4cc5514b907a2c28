"""The nineteenth holdout set (`--personas holdout19`): buyers and attackers of an
auto-delivery gift-card, game top-up and software-key shop as its traffic looks in 2026,
written blind to judge risk-policy changes other engineers are making at the same time.
Default seeds 191,192,193 (`--seeds 191,192,193`).

What its author read (and only this):
- the harness plumbing: models/eval/__main__.py, cell.py, traffic.py, classify.py (its
  first 40 lines: the target and the decision-header helpers), clients.py (the profile
  API and every existing profile), build_ip_table.py (all of it, which lists every earlier
  set's pool names, AS numbers and pool comments), holdout_testkit.py;
- personas.py lines 1-162 (the module docstring, the shared vocabulary, Device / Instance
  and the helpers; no persona body);
- holdout10.py lines 1-60 (its docstring, imports, pool loading and AGES) as the form
  template, and test_holdout10.py as the test template;
- the demo config's `[routes.order]` table (the order field map, `required`, `review =
  "hold"` and `channel_group = "payments"`), in the worktree's config and in the frozen
  copy under /tmp/snap/w18 used for the plumbing run;
- the organisation names and countries of AS numbers, from geoip/asn.mmdb and
  geoip/country.mmdb (a table of every AS with its organisation and the countries its
  ranges resolve to, made to pick this set's pools);
- the issue text quoted in the task (the target and its list of hard cases).
Glimpses, disclosed: holdout10.py's docstring (allowed reading) repeats earlier sets'
glimpses: the order route's rate limit (30 a minute per ip) and purchase limits (5 / 10 a
day per user) from holdout6's docstring, the titles of some EVAL.md results sections and
two rows of an early results table (holdout2 and holdout6: no legitimate order blocked,
about 4-8 % reviewed, about 39-67 % of fraud caught). test_holdout10.py names some tenth-set
personas (a linked-cookie session hijack, a device farm, reseller triangulation, shared
households, express checkout, ATO on many devices). build_ip_table.py shows what networks
the earlier sets draw on. Looking for a geoip README, its first 40 lines (the data
sources, the `[geo]` keys) and the first 5 lines of geoip/hosting_asns.txt (its header:
hosting ASNs set a hosting flag) went past; the rest of that list was not opened. Nothing
here was tuned to any of that. No persona, volume or parameter was changed after the one
plumbing run (seed 191, hour 14, its printed report sent to /dev/null), whose result JSON
was read only as order counts (and error counts, for plumbing) per persona.

Not read: src/ (any Rust), the config's other sections, models/train/, models/MODEL.md,
models/report/, models/EVAL.md (this set's section is appended with `cat >>`), README,
BENCHMARKS.md, the persona bodies of holdout*.py (nothing past line 60 of any), their
tests other than test_holdout10.py, personas.py past its helpers, fraud.py, and no git log
or diff but this work's.

Each persona is `f(rng, ctx) -> [Instance]`; names start with h19_ (legitimate, 17
personas, about 540 orders per cell) or f19_ (fraud, 11 personas, about 300). Each
docstring names the trace the persona leaves at the edge. Some fraud leaves almost none
(it is in here because a shop of this kind sees it, weeks later, as chargebacks and
refund claims).

Everything is drawn from the seeded `rng` in a fixed order, so a seed reproduces the
traffic exactly.
"""

import json
import os

from .personas import Device, Instance

HERE = os.path.dirname(os.path.abspath(__file__))

# This set's own address pools (build_ip_table.py --set holdout19); the main table's pools
# arrive through ctx.pools.
with open(os.path.join(HERE, "ip_table_holdout19.json")) as _f:
    EXTRA = json.load(_f)["pools"]

ZERO_DECIMAL = {"JPY", "KRW"}

# How long ago an established browser first got its cookie (days).
AGES = (3, 11, 40, 150, 500)

# ---------------------------------------------------------------- locales

# country -> Accept-Language as its browsers usually send it
LANG = {
    "US": "en-US,en;q=0.9",
    "GB": "en-GB,en-US;q=0.9,en;q=0.8",
    "DE": "de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7",
    "FR": "fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7",
    "ES": "es-ES,es;q=0.9,en;q=0.8",
    "IT": "it-IT,it;q=0.9,en-US;q=0.8,en;q=0.7",
    "NL": "nl-NL,nl;q=0.9,en-US;q=0.8,en;q=0.7",
    "AT": "de-AT,de;q=0.9,en;q=0.8",
    "BE": "nl-BE,nl;q=0.9,fr-BE;q=0.8,fr;q=0.7,en;q=0.6",
    "PT": "pt-PT,pt;q=0.9,en-US;q=0.8,en;q=0.7",
    "CA": "en-CA,en-US;q=0.9,en;q=0.8,fr-CA;q=0.7",
    "AU": "en-AU,en-GB;q=0.9,en;q=0.8",
    "JP": "ja,en-US;q=0.9,en;q=0.8",
    "KR": "ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7",
    "CN": "zh-CN,zh;q=0.9",
    "IN": "en-IN,en-GB;q=0.9,en-US;q=0.8,en;q=0.7,hi;q=0.6",
    "BR": "pt-BR,pt;q=0.9,en-US;q=0.8,en;q=0.7",
    "PH": "en-US,en;q=0.9,fil;q=0.8",
    "ID": "id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7",
    "VN": "vi-VN,vi;q=0.9,fr-FR;q=0.8,en-US;q=0.7,en;q=0.6",
}
# Safari sends the region form for Japanese.
LANG_SAFARI = {"JP": "ja-JP,ja;q=0.9"}

# country -> the zones its people's devices are set to, with the UTC offset (minutes) on
# 2 March 2026 (no DST in North America or Europe yet; DST in south-east Australia).
TZ = {
    "US": [("America/New_York", -300), ("America/Chicago", -360), ("America/Denver", -420),
           ("America/Los_Angeles", -480)],
    "GB": [("Europe/London", 0)],
    "DE": [("Europe/Berlin", 60)],
    "FR": [("Europe/Paris", 60)],
    "ES": [("Europe/Madrid", 60)],
    "IT": [("Europe/Rome", 60)],
    "NL": [("Europe/Amsterdam", 60)],
    "AT": [("Europe/Vienna", 60)],
    "BE": [("Europe/Brussels", 60)],
    "PT": [("Europe/Lisbon", 0)],
    "CA": [("America/Toronto", -300), ("America/Vancouver", -480), ("America/Edmonton", -420)],
    "AU": [("Australia/Sydney", 660), ("Australia/Melbourne", 660), ("Australia/Brisbane", 600),
           ("Australia/Perth", 480)],
    "JP": [("Asia/Tokyo", 540)],
    "KR": [("Asia/Seoul", 540)],
    "CN": [("Asia/Shanghai", 480)],
    "IN": [("Asia/Kolkata", 330)],
    "BR": [("America/Sao_Paulo", -180)],
    "PH": [("Asia/Manila", 480)],
    "ID": [("Asia/Jakarta", 420)],
    "VN": [("Asia/Ho_Chi_Minh", 420)],
    "HK": [("Asia/Hong_Kong", 480)],
    "TW": [("Asia/Taipei", 480)],
    "TH": [("Asia/Bangkok", 420)],
    "SG": [("Asia/Singapore", 480)],
    "MX": [("America/Mexico_City", -360), ("America/Cancun", -300)],
    "TR": [("Europe/Istanbul", 180)],
    "AE": [("Asia/Dubai", 240)],
    "SA": [("Asia/Riyadh", 180)],
}

# country -> the currency its buyers pay in at this shop (south-east Asian buyers of
# Steam wallet / game currency codes are charged in US dollars).
CURRENCY = {"US": "USD", "GB": "GBP", "DE": "EUR", "FR": "EUR", "ES": "EUR", "IT": "EUR",
            "NL": "EUR", "AT": "EUR", "BE": "EUR", "PT": "EUR", "CA": "CAD", "AU": "AUD",
            "JP": "JPY", "KR": "KRW", "CN": "CNY", "IN": "INR", "BR": "BRL", "PH": "USD",
            "ID": "USD", "VN": "USD"}

MAIL = {
    "US": ["gmail.com"] * 5 + ["yahoo.com", "outlook.com", "icloud.com", "icloud.com",
                              "hotmail.com", "comcast.net"],
    "GB": ["gmail.com"] * 3 + ["hotmail.co.uk", "outlook.com", "icloud.com", "btinternet.com",
                              "yahoo.co.uk", "sky.com"],
    "DE": ["gmx.de", "gmx.de", "web.de", "web.de", "gmail.com", "gmail.com", "t-online.de",
           "outlook.de"],
    "FR": ["gmail.com", "gmail.com", "orange.fr", "hotmail.fr", "free.fr", "laposte.net",
           "sfr.fr"],
    "ES": ["gmail.com", "gmail.com", "hotmail.es", "outlook.es", "yahoo.es"],
    "IT": ["gmail.com", "gmail.com", "libero.it", "hotmail.it", "virgilio.it"],
    "NL": ["gmail.com", "gmail.com", "hotmail.nl", "ziggo.nl", "kpnmail.nl", "outlook.com"],
    "AT": ["gmx.at", "gmail.com", "aon.at"],
    "BE": ["gmail.com", "telenet.be", "skynet.be", "hotmail.be"],
    "PT": ["gmail.com", "sapo.pt", "hotmail.com"],
    "CA": ["gmail.com", "gmail.com", "hotmail.com", "outlook.com", "yahoo.ca", "icloud.com",
           "videotron.ca"],
    "AU": ["gmail.com", "gmail.com", "outlook.com", "bigpond.com", "icloud.com",
           "hotmail.com"],
    "JP": ["gmail.com", "docomo.ne.jp", "ezweb.ne.jp", "softbank.ne.jp", "i.softbank.jp",
           "icloud.com", "yahoo.co.jp"],
    "KR": ["naver.com", "naver.com", "gmail.com", "daum.net", "kakao.com"],
    "CN": ["qq.com", "qq.com", "163.com", "126.com", "foxmail.com", "sina.com"],
    "IN": ["gmail.com", "gmail.com", "gmail.com", "yahoo.co.in", "rediffmail.com",
           "outlook.com"],
    "BR": ["gmail.com", "gmail.com", "hotmail.com", "outlook.com", "yahoo.com.br",
           "uol.com.br", "bol.com.br"],
    "PH": ["gmail.com", "gmail.com", "yahoo.com", "outlook.com"],
    "ID": ["gmail.com", "gmail.com", "yahoo.co.id"],
    "VN": ["gmail.com", "gmail.com", "yahoo.com.vn"],
}

_WEST_FIRST = ["emma", "olivia", "liam", "noah", "ava", "sophia", "james", "lucas", "mia",
               "ethan", "chloe", "jack", "grace", "daniel", "hannah", "ryan", "megan", "tom",
               "laura", "kevin", "sarah", "mike", "jessica", "chris", "amy", "brian", "nicole"]
_WEST_LAST = ["smith", "johnson", "williams", "brown", "jones", "miller", "davis", "wilson",
              "taylor", "anderson", "thomas", "moore", "martin", "clark", "lewis", "walker",
              "hall", "young", "king", "wright", "hughes", "evans", "murphy", "campbell"]
NAMES = {
    "DE": (["lukas", "leonie", "finn", "lena", "jonas", "marie", "felix", "sophie", "paul",
            "anna", "tim", "julia"],
           ["mueller", "schmidt", "schneider", "fischer", "weber", "meyer", "wagner",
            "becker", "hoffmann", "koch"]),
    "FR": (["lucas", "lea", "hugo", "manon", "louis", "chloe", "jules", "camille", "theo",
            "ines"],
           ["martin", "bernard", "dubois", "thomas", "robert", "richard", "petit", "durand",
            "leroy", "moreau"]),
    "ES": (["alejandro", "lucia", "pablo", "maria", "daniel", "paula", "hugo", "sara",
            "javier", "carmen"],
           ["garcia", "fernandez", "gonzalez", "rodriguez", "lopez", "martinez", "sanchez",
            "perez", "gomez"]),
    "IT": (["francesco", "giulia", "alessandro", "chiara", "lorenzo", "sofia", "matteo",
            "martina", "andrea"],
           ["rossi", "russo", "ferrari", "esposito", "bianchi", "romano", "colombo",
            "ricci", "marino"]),
    "NL": (["daan", "emma", "sem", "julia", "lucas", "tess", "bram", "sanne", "jesse"],
           ["dejong", "jansen", "devries", "vandenberg", "bakker", "visser", "smit",
            "meijer"]),
    "PT": (["joao", "ines", "tiago", "beatriz", "rodrigo", "mariana", "diogo", "ana"],
           ["silva", "santos", "ferreira", "pereira", "oliveira", "costa", "rodrigues"]),
    "JP": (["haruto", "yui", "sota", "aoi", "ren", "hina", "takumi", "sakura", "kaito", "mio",
            "yuto", "rin", "daiki", "misaki"],
           ["sato", "suzuki", "takahashi", "tanaka", "ito", "watanabe", "yamamoto",
            "nakamura", "kobayashi", "kato"]),
    "KR": (["minjun", "seoyeon", "jiho", "haeun", "doyun", "jiwoo", "yejun", "sua", "hyunwoo",
            "jimin", "seojun", "yuna"],
           ["kim", "lee", "park", "choi", "jung", "kang", "cho", "yoon", "jang", "lim"]),
    "CN": (["wei", "fang", "jing", "lei", "yang", "xin", "hao", "yu", "ting", "jun", "yifan",
            "zihan", "haoran", "xinyi"],
           ["wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou"]),
    "IN": (["aarav", "vivaan", "ananya", "diya", "rohan", "priya", "arjun", "kavya", "rahul",
            "sneha", "aditya", "pooja", "karthik", "neha"],
           ["sharma", "patel", "singh", "kumar", "reddy", "gupta", "iyer", "nair", "das",
            "joshi"]),
    "BR": (["joao", "maria", "pedro", "ana", "lucas", "julia", "gabriel", "beatriz", "rafael",
            "larissa", "mateus", "camila"],
           ["silva", "santos", "oliveira", "souza", "lima", "pereira", "costa", "almeida",
            "ferreira"]),
    "PH": (["juan", "maria", "mark", "angel", "john", "kristine", "jerome", "princess",
            "carlo", "joy"],
           ["santos", "reyes", "cruz", "bautista", "garcia", "mendoza", "delacruz",
            "villanueva"]),
    "ID": (["budi", "siti", "agus", "dewi", "rizky", "putri", "andi", "ayu", "fajar", "nur"],
           ["pratama", "saputra", "wijaya", "hidayat", "santoso", "lestari", "kurniawan"]),
    "VN": (["minh", "linh", "anh", "trang", "huy", "thao", "duc", "ngoc", "tuan", "hoa"],
           ["nguyen", "tran", "le", "pham", "hoang", "vu", "dang", "bui"]),
}

# ---------------------------------------------------------------- catalogue

GIFT = ["apple", "google-play", "amazon", "steam", "psn", "xbox", "nintendo", "netflix",
        "spotify", "roblox", "razer-gold"]
TOPUP = ["genshin-crystals", "mlbb-diamonds", "pubgm-uc", "fortnite-vbucks",
         "valorant-points", "roblox-robux", "freefire-diamonds", "hsr-shards", "lol-rp"]
KEYS = ["win11-pro", "office-2024-hb", "m365-family", "m365-business-std", "norton-360",
        "nordvpn-2y", "kaspersky-plus", "xbox-gamepass-3m", "psplus-12m", "adobe-cc-1m"]

# Gift-card face values per currency: (typical, high).
GIFT_VALUES = {
    "USD": ([10, 15, 20, 25, 50, 100], [150, 200, 250, 300, 500]),
    "EUR": ([10, 15, 20, 25, 50, 100], [150, 200, 250, 500]),
    "GBP": ([10, 15, 20, 25, 50, 100], [150, 200, 250, 400]),
    "CAD": ([15, 25, 50, 100], [150, 200, 300, 500]),
    "AUD": ([20, 30, 50, 100], [150, 200, 300, 500]),
    "JPY": ([1500, 3000, 5000, 10000], [15000, 20000, 30000, 50000]),
    "KRW": ([10000, 30000, 50000, 100000], [150000, 200000, 300000, 500000]),
    "CNY": ([50, 100, 200, 300, 500], [800, 1000, 2000, 3000]),
    "INR": ([250, 500, 1000, 2000], [5000, 10000, 20000]),
    "BRL": ([30, 50, 100, 150, 250], [500, 1000, 1500]),
}
# Game-currency packs, priced the way the publishers' tiers are in each currency.
TOPUP_VALUES = {
    "USD": [0.99, 4.99, 9.99, 14.99, 19.99, 49.99, 99.99],
    "EUR": [0.99, 4.99, 9.99, 19.99, 49.99, 99.99],
    "GBP": [0.99, 4.99, 9.99, 19.99, 49.99, 89.99],
    "CAD": [1.39, 6.99, 13.99, 27.99, 69.99, 139.99],
    "AUD": [1.49, 7.99, 15.99, 31.99, 79.99, 159.99],
    "JPY": [160, 610, 1220, 3060, 4900, 10000],
    "KRW": [1200, 5900, 14000, 33000, 65000, 119000],
    "CNY": [6, 30, 98, 198, 328, 648],
    "INR": [79, 159, 399, 799, 1599, 3999],
    "BRL": [4.9, 24.9, 49.9, 99.9, 249.9, 499.9],
}
# Software keys in US dollars, converted per currency below.
KEY_USD = [29.99, 39.99, 49.99, 69.99, 99.99, 149.99, 199.99]
_FX = {"USD": 1, "EUR": 1, "GBP": 0.85, "CAD": 1.35, "AUD": 1.5, "JPY": 150, "KRW": 1400,
       "CNY": 7, "INR": 85, "BRL": 5.5}


def key_price(usd, cur):
    v = usd * _FX[cur]
    if cur == "JPY":
        return int(round(v / 100.0) * 100 - 20)
    if cur == "KRW":
        return int(round(v / 1000.0) * 1000)
    if cur == "CNY":
        return float(int(round(v)))
    if cur == "INR":
        return float(int(round(v / 10.0) * 10 - 1))
    if cur == "BRL":
        return round(round(v) - 0.1, 2)
    return round(max(1, round(v)) - 0.01, 2)


def money(unit, qty, cur):
    """The order total as a JSON number: an integer for zero-decimal currencies, else a
    float with at most two decimals."""
    if cur in ZERO_DECIMAL:
        return int(unit) * qty
    return round(float(unit) * qty, 2)


def unit_text(unit, cur):
    if cur in ZERO_DECIMAL or float(unit) == int(unit):
        return "%d" % int(unit)
    return "%.2f" % unit


def make_order(rng, user, email, cur, kind="gift", high=False, qty=1, method="card",
               brand=None, unit=None):
    """One order. kind: "gift" (a gift card), "topup" (game currency), "key" (software)."""
    if kind == "topup":
        brand = brand or rng.choice(TOPUP)
        if unit is None:
            vals = TOPUP_VALUES[cur]
            unit = rng.choice(vals[3:] if high else vals[:5])
    elif kind == "key":
        brand = brand or rng.choice(KEYS)
        if unit is None:
            unit = key_price(rng.choice(KEY_USD[3:] if high else KEY_USD[:5]), cur)
    else:
        brand = brand or rng.choice(GIFT)
        if unit is None:
            typical, big = GIFT_VALUES[cur]
            unit = rng.choice(big if high else typical)
    return {"product": "%s-%s-%s" % (brand, cur.lower(), unit_text(unit, cur)),
            "quantity": qty, "amount": money(unit, qty, cur), "currency": cur,
            "user": user, "email": email, "payment_method": method}


# ---------------------------------------------------------------- helpers

def pick(rng, weighted):
    """One item of [(item, weight), ...]."""
    total = sum(w for _, w in weighted)
    r = rng.uniform(0, total)
    for item, w in weighted:
        r -= w
        if r <= 0:
            return item
    return weighted[-1][0]


def pool(ctx, name):
    return EXTRA[name] if name in EXTRA else ctx.pools[name]


def ip_in(rng, ctx, name, cc=None):
    """An address of pool `name`; with `cc`, one that resolves to that country when the
    pool has any."""
    entries = pool(ctx, name)
    if cc:
        here = [e for e in entries if e[1] == cc]
        entries = here or entries
    return rng.choice(entries)[0]


def home_ip(rng, ctx, cc):
    return ip_in(rng, ctx, "h19_home_%s" % cc)


def langs(accept):
    return [t.split(";")[0].strip() for t in accept.split(",")]


def device(rng, cc, profile, age=None, cookies="keep", beacon=True, tz=None, lang=None):
    """A browser of someone from `cc` (language and zone from there unless given)."""
    from .clients import PROFILES
    if lang is None:
        lang = LANG_SAFARI.get(cc, LANG[cc]) if PROFILES[profile]["kind"] == "safari" else LANG[cc]
    if tz is None:
        tz = rng.choice(TZ[cc])
    return Device(rng, profile, lang, tz, cookies=cookies, age_days=age, beacon=beacon,
                  languages=langs(lang))


def age_or_new(rng, p_established):
    return rng.choice(AGES) if rng.random() < p_established else None


def identity(rng, cc, domains=None, year=True):
    """A shop username and an e-mail address of someone from `cc`."""
    first, last = NAMES.get(cc, (_WEST_FIRST, _WEST_LAST))
    f, l = rng.choice(first), rng.choice(last)
    style = rng.randrange(6)
    if cc == "CN" and rng.random() < 0.5:
        local = str(rng.randint(10000000, 3999999999))  # QQ numbers
    elif style == 0:
        local = "%s.%s" % (f, l)
    elif style == 1:
        local = "%s%s%d" % (f, l, rng.randint(1, 99))
    elif style == 2 and year:
        local = "%s%s%d" % (f, l[0], rng.randint(1968, 2009))
    elif style == 3:
        local = "%s_%s" % (f, l)
    elif style == 4:
        local = "%s%s" % (f[0], l) + ("%02d" % rng.randint(0, 99) if rng.random() < 0.5 else "")
    else:
        local = "%s%d" % (f, rng.randint(100, 9999))
    domain = rng.choice(domains or MAIL.get(cc, MAIL["US"]))
    user = local if rng.random() < 0.6 else "%s%s%d" % (f, l[:3], rng.randint(1, 999))
    return user, "%s@%s" % (local, domain)


def start(rng, ctx, tail=600, head=30):
    return rng.uniform(head, max(head + 60, ctx.window - tail))


def browse(inst, rng, t, dev, ip, pages=(1, 3), gap=(8, 70)):
    """Page views from `t`; returns the time after the last one."""
    for _ in range(rng.randint(*pages)):
        inst.visit(t, dev, ip)
        t += rng.uniform(*gap)
    return t


MOBILE = [("h19_safari_iphone_263", 3), ("safari_iphone", 2), ("h11_safari_iphone_262", 1),
          ("h16_chrome_android_145", 3), ("h12_samsung_29", 1), ("chrome_android", 1)]
DESKTOP = [("h16_chrome_win_145", 4), ("h10_chrome_mac_143", 2), ("h16_safari_mac_26", 2),
           ("h19_edge_win_145", 2), ("h19_firefox_win_147", 1), ("chrome_win", 1),
           ("safari_mac", 1)]


def any_browser(rng, p_mobile=0.55):
    return pick(rng, MOBILE if rng.random() < p_mobile else DESKTOP)


def is_mobile(profile):
    return profile in {p for p, _ in MOBILE} or "android" in profile or "iphone" in profile


def wallet(rng, profile, others=(("card", 5), ("paypal", 3))):
    """Card, PayPal, or the phone's own wallet."""
    choices = list(others)
    if "iphone" in profile or "safari" in profile or "ipad" in profile:
        choices.append(("apple_pay", 3))
    elif "android" in profile or "samsung" in profile:
        choices.append(("google_pay", 2))
    return pick(rng, choices)


# ---------------------------------------------------------------- legitimate buyers

def h19_jp_mobile_evening(rng, ctx):
    """Japanese buyers on their phones over docomo, au and SoftBank (carrier-grade NAT:
    many subscribers behind each address, the address may change between page and
    order), three in four with a browser that has bought here before. JPY prices, game
    currency at publisher tiers and gift cards, paid by card, PayPay, carrier billing or
    Apple Pay. Trace: JP mobile addresses shared across buyers, `ja` languages,
    Asia/Tokyo, mostly iPhone, sometimes a second order a few minutes later."""
    out = []
    for _ in range(ctx.n(26)):
        inst = Instance("h19_jp_mobile_evening", "legit")
        prof = pick(rng, [("h19_safari_iphone_263", 4), ("safari_iphone", 2),
                          ("h16_chrome_android_145", 2), ("h12_samsung_29", 1)])
        d = device(rng, "JP", prof, age=age_or_new(rng, 0.75))
        user, email = identity(rng, "JP")
        ip = ip_in(rng, ctx, "h19_mobile_JP")
        t = browse(inst, rng, start(rng, ctx, 1100), d, ip)
        for k in range(1 if rng.random() < 0.65 else 2):
            if rng.random() < 0.2:
                ip = ip_in(rng, ctx, "h19_mobile_JP")
            method = pick(rng, [("card", 4), ("paypay", 3), ("carrier_billing", 2),
                                ("apple_pay" if "iphone" in prof else "google_pay", 2)])
            kind = "topup" if rng.random() < 0.45 else "gift"
            inst.order(t, d, ip, make_order(rng, user, email, "JPY", kind,
                                            high=rng.random() < 0.08, method=method))
            t += rng.uniform(180, 800)
            t = browse(inst, rng, t, d, ip, (1, 2))
        out.append(inst)
    return out


def h19_kr_game_topup(rng, ctx):
    """Korean players topping up games and buying gift cards: KakaoTalk's in-app browser
    (a shared link), Samsung Internet, Naver Whale on a PC, iPhones; KT / SK Broadband /
    LG at home or SK Telecom / LG U+ on the phone. KRW amounts, KakaoPay, Naver Pay, Toss
    or card; four in ten on a browser already known. Trace: KR addresses, `ko`
    languages, in-app WebView user agents, small round KRW amounts."""
    out = []
    for _ in range(ctx.n(24)):
        inst = Instance("h19_kr_game_topup", "legit")
        prof = pick(rng, [("h8_kakaotalk_android", 3), ("h19_kakaotalk_ios", 2),
                          ("h12_samsung_29", 2), ("h8_whale_win", 2), ("safari_iphone", 1),
                          ("h16_chrome_win_145", 1)])
        d = device(rng, "KR", prof, age=age_or_new(rng, 0.4))
        user, email = identity(rng, "KR")
        desktop = prof in ("h8_whale_win", "h16_chrome_win_145")
        ip = (home_ip(rng, ctx, "KR") if desktop or rng.random() < 0.35
              else ip_in(rng, ctx, "h19_mobile_KR"))
        t = browse(inst, rng, start(rng, ctx, 900), d, ip, (1, 2))
        for _k in range(1 if rng.random() < 0.7 else 2):
            method = pick(rng, [("kakaopay", 4), ("naverpay", 2), ("tosspay", 2), ("card", 3)])
            kind = "topup" if rng.random() < 0.55 else "gift"
            inst.order(t, d, ip, make_order(rng, user, email, "KRW", kind,
                                            high=rng.random() < 0.08, method=method))
            t += rng.uniform(120, 600)
        out.append(inst)
    return out


def h19_cn_students_abroad(rng, ctx):
    """Chinese students at universities in the US, Canada, Australia and the UK, buying
    Steam and game credit for themselves, half of them paying in CNY with Alipay or
    WeChat Pay, the rest in the local currency by card. Chinese-language browsers set to
    the local time zone, on the campus network or a home line of the country they study
    in; WeChat's in-app browser now and then. Trace: zh-CN with a non-Chinese address
    (a research-and-education network, often), CNY from outside China."""
    out = []
    for _ in range(ctx.n(18)):
        inst = Instance("h19_cn_students_abroad", "legit")
        cc = pick(rng, [("US", 4), ("CA", 3), ("AU", 3), ("GB", 1)])
        prof = pick(rng, [("h10_chrome_mac_143", 3), ("h16_safari_mac_26", 2),
                          ("h19_safari_iphone_263", 2), ("h7_wechat_android", 1),
                          ("h16_chrome_win_145", 1)])
        lang = "zh-CN,zh;q=0.9,en;q=0.8" if rng.random() < 0.7 else "zh-CN,zh;q=0.9"
        d = device(rng, cc, prof, age=age_or_new(rng, 0.5), lang=lang)
        user, email = identity(rng, "CN", MAIL["CN"] + ["gmail.com", "outlook.com"])
        ip = (ip_in(rng, ctx, "h19_campus", cc) if rng.random() < 0.6 else home_ip(rng, ctx, cc))
        t = browse(inst, rng, start(rng, ctx, 900), d, ip, (1, 3))
        for _k in range(1 if rng.random() < 0.7 else 2):
            if rng.random() < 0.5:
                cur, method = "CNY", rng.choice(["alipay", "alipay", "wechat_pay"])
            else:
                cur, method = CURRENCY[cc], "card"
            kind = "topup" if rng.random() < 0.4 else "gift"
            brand = rng.choice(["steam", "steam", "apple", "psn"]) if kind == "gift" else None
            inst.order(t, d, ip, make_order(rng, user, email, cur, kind, method=method,
                                            brand=brand))
            t += rng.uniform(200, 700)
        out.append(inst)
    return out


def h19_first_device_big(rng, ctx):
    """First purchase on a browser the shop has never seen, for a high amount: someone
    buying a 150-500 gift card as a present (a birthday, a graduation) or an annual
    software licence, reading the product page and the FAQ before buying. A new account
    in most cases. Home broadband or their mobile carrier in their own country. Trace:
    no device history, a high amount on the first order, a few page views first."""
    out = []
    for _ in range(ctx.n(34)):
        inst = Instance("h19_first_device_big", "legit")
        cc = pick(rng, [("US", 5), ("GB", 2), ("DE", 2), ("FR", 1), ("CA", 2), ("AU", 1),
                        ("JP", 1), ("KR", 1), ("ES", 1), ("IT", 1), ("NL", 1)])
        prof = any_browser(rng, 0.5)
        d = device(rng, cc, prof)
        user, email = identity(rng, cc)
        mob_pool = "h19_mobile_%s" % cc
        ip = (ip_in(rng, ctx, mob_pool) if is_mobile(prof) and mob_pool in EXTRA
              and rng.random() < 0.5 else home_ip(rng, ctx, cc))
        t = browse(inst, rng, start(rng, ctx, 900), d, ip, (2, 5), (20, 110))
        cur = CURRENCY[cc]
        kind = "key" if rng.random() < 0.2 else "gift"
        brand = (rng.choice(["apple", "amazon", "steam", "psn", "nintendo", "xbox"])
                 if kind == "gift" else None)
        qty = 2 if rng.random() < 0.1 else 1
        inst.order(t, d, ip, make_order(rng, user, email, cur, kind, high=True, qty=qty,
                                        method=wallet(rng, prof), brand=brand))
        out.append(inst)
    return out


def h19_night_gamers(rng, ctx):
    """Players in a late-night session at home (their local night: the gaming PC or the
    phone in bed), buying game currency in small packs several times in an hour: a
    battle pass, then more after a lost match, a skin at the end. Established browsers,
    saved PayPal or card. Trace: one account and one browser, two to four small orders
    from one home address within the hour."""
    out = []
    for _ in range(ctx.n(14)):
        inst = Instance("h19_night_gamers", "legit")
        cc = pick(rng, [("US", 4), ("BR", 2), ("GB", 1), ("DE", 1), ("CA", 1), ("AU", 1),
                        ("JP", 1), ("KR", 1)])
        prof = pick(rng, [("h16_chrome_win_145", 3), ("h7_opera_gx", 2), ("edge_win", 1),
                          ("h16_chrome_android_145", 2), ("h19_safari_iphone_263", 1)])
        d = device(rng, cc, prof, age=rng.choice(AGES))
        user, email = identity(rng, cc, year=False)
        ip = home_ip(rng, ctx, cc)
        cur = CURRENCY[cc]
        brand = rng.choice(TOPUP)
        t = start(rng, ctx, 2000)
        for k in range(rng.randint(2, 4)):
            t = browse(inst, rng, t, d, ip, (1, 2), (5, 40))
            method = rng.choice(["paypal", "card", "card"] if cur != "BRL" else ["pix", "card"])
            inst.order(t, d, ip, make_order(rng, user, email, cur, "topup", method=method,
                                            brand=brand if k < 2 else None))
            t += rng.uniform(240, 900)
        out.append(inst)
    return out


def h19_privacy_cookieless(rng, ctx):
    """Privacy-minded buyers: Brave with shields up, Firefox with strict protection or
    resistFingerprinting, Mullvad Browser, Safari in a private window. Cookies that do not
    survive the session or are refused, the fingerprint script often blocked, and one in
    five behind a privacy VPN or iCloud Private Relay. Alias e-mail (Proton, DuckDuckGo,
    Hide My Email). Trace: no device cookie carried over, UTC or farbled beacons or none,
    VPN / relay addresses for some, otherwise ordinary home lines."""
    out = []
    for _ in range(ctx.n(32)):
        inst = Instance("h19_privacy_cookieless", "legit")
        cc = pick(rng, [("US", 3), ("DE", 3), ("GB", 2), ("FR", 1), ("NL", 2), ("CA", 1),
                        ("JP", 1)])
        prof = pick(rng, [("brave_win", 2), ("h19_brave_mac", 2), ("h6_brave_android", 1),
                          ("firefox_strict", 2), ("h5_mullvad_browser", 1),
                          ("h19_firefox_win_147", 1), ("safari_iphone", 2),
                          ("h16_safari_mac_26", 1)])
        cookies = pick(rng, [("session", 45), ("none", 35), ("keep", 20)])
        beacon = rng.random() < 0.5
        d = device(rng, cc, prof, cookies=cookies, beacon=beacon)
        first, last = NAMES.get(cc, (_WEST_FIRST, _WEST_LAST))
        user = "%s%s%d" % (rng.choice(first), rng.choice(last)[:2], rng.randint(1, 99))
        e = rng.randrange(4)
        if e == 0:
            email = "%s@proton.me" % user
        elif e == 1:
            email = "%s.%s.%s@duck.com" % (rng.choice(["quiet", "amber", "frozen", "brisk",
                                                       "tidy", "lunar"]),
                                           rng.choice(["otter", "maple", "pixel", "harbor",
                                                       "cactus", "comet"]),
                                           rng.choice(["seven", "ridge", "flute", "canal"]))
        elif e == 2:
            email = "%s@privaterelay.appleid.com" % "".join(
                rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(10))
        else:
            email = "%s@%s" % (user, rng.choice(["posteo.de", "mailbox.org", "tuta.io",
                                                 "fastmail.com"]))
        r = rng.random()
        if r < 0.12:
            ip = ip_in(rng, ctx, "h19_vpn_privacy")
        elif r < 0.22 and "safari" in prof and cc in ("US", "DE", "GB"):
            ip = ip_in(rng, ctx, "h19_relay_%s" % cc)
        else:
            ip = home_ip(rng, ctx, cc)
        t = browse(inst, rng, start(rng, ctx, 900), d, ip, (1, 4), (10, 90))
        for _k in range(1 if rng.random() < 0.85 else 2):
            kind = pick(rng, [("gift", 5), ("key", 3), ("topup", 2)])
            inst.order(t, d, ip, make_order(rng, user, email, CURRENCY[cc], kind,
                                            method=rng.choice(["card", "paypal", "card"])))
            t += rng.uniform(120, 500)
            t = browse(inst, rng, t, d, ip, (1, 1))
        out.append(inst)
    return out


def h19_cgnat_abroad_mobile(rng, ctx):
    """Buyers at home whose connection the country database places in another country:
    China Mobile ranges listed in Hong Kong or Pakistan, Globe / PLDT ranges listed in the
    US, TELUS ranges listed in Mauritius, Sky / Virgin Media lines listed in Ireland or
    Japan, Cox / RCN lines listed in the Seychelles. Their browser, language, time zone and
    currency are those of home; many are regulars. Trace: address country differs from
    language, zone and currency, with nothing else unusual."""
    out = []
    homes = [("CN", "h19_abroad_CN", 3), ("PH", "h19_abroad_PH", 2),
             ("CA", "h19_abroad_CA", 2), ("GB", "h19_abroad_GB", 2),
             ("US", "h19_abroad_US", 2)]
    for _ in range(ctx.n(26)):
        inst = Instance("h19_cgnat_abroad_mobile", "legit")
        cc, poolname = pick(rng, [((c, p), w) for c, p, w in homes])
        if cc == "CN":
            prof = pick(rng, [("h7_wechat_android", 2), ("h8_wechat_ios", 2),
                              ("h19_safari_iphone_263", 1), ("h16_chrome_android_145", 1)])
        elif cc in ("GB", "US"):
            prof = any_browser(rng, 0.4)
        else:
            prof = pick(rng, MOBILE)
        d = device(rng, cc, prof, age=age_or_new(rng, 0.55))
        user, email = identity(rng, cc)
        ip = ip_in(rng, ctx, poolname)
        t = browse(inst, rng, start(rng, ctx, 900), d, ip, (1, 3))
        cur = CURRENCY[cc]
        for _k in range(1 if rng.random() < 0.8 else 2):
            if cc == "CN":
                method = rng.choice(["alipay", "wechat_pay", "wechat_pay"])
            elif cc == "PH":
                method = rng.choice(["gcash", "gcash", "maya", "card"])
            else:
                method = wallet(rng, prof)
            kind = "topup" if rng.random() < 0.4 else "gift"
            inst.order(t, d, ip, make_order(rng, user, email, cur, kind, method=method))
            t += rng.uniform(150, 700)
        out.append(inst)
    return out


def h19_corp_rewards_bulk(rng, ctx):
    """Office managers and HR staff buying employee rewards, client thank-yous or
    software licences in bulk: 8 to 40 cards or keys in one order, one to three orders
    (one per reward tier), on a managed Windows laptop (Edge) or a MacBook, from the
    company's egress (a business carrier line or a secure web gateway). Paid by company
    card or invoice; the e-mail is at the company's domain. Trace: large quantities and
    totals, business-carrier or gateway addresses shared with the whole office."""
    out = []
    companies = ["northwind", "brightpath", "kestrel-analytics", "lumen-dental",
                 "orchard-logistics", "vantage-hr", "bluefjord", "tessera-labs",
                 "harbourview", "copperleaf", "meridian-eng", "quayside"]
    tlds = {"US": ".com", "GB": ".co.uk", "DE": ".de", "FR": ".fr", "NL": ".nl",
            "CA": ".ca", "AU": ".com.au", "JP": ".co.jp"}
    for _ in range(ctx.n(9)):
        inst = Instance("h19_corp_rewards_bulk", "legit")
        cc = pick(rng, [("US", 4), ("GB", 2), ("DE", 2), ("NL", 1), ("CA", 1), ("AU", 1),
                        ("FR", 1), ("JP", 1)])
        prof = pick(rng, [("h19_edge_win_145", 4), ("h11_edge_win_143", 1),
                          ("h10_chrome_mac_143", 1), ("h16_chrome_win_145", 1)])
        d = device(rng, cc, prof, age=age_or_new(rng, 0.6))
        first, last = NAMES.get(cc, (_WEST_FIRST, _WEST_LAST))
        f, l = rng.choice(first), rng.choice(last)
        domain = rng.choice(companies) + tlds[cc]
        email = "%s.%s@%s" % (f, l, domain)
        user = "%s.%s" % (f, l)
        ip = ip_in(rng, ctx, "h19_corp")
        cur = CURRENCY[cc]
        t = browse(inst, rng, start(rng, ctx, 1200), d, ip, (2, 4), (20, 120))
        method = pick(rng, [("card", 6), ("invoice", 3), ("paypal", 1)])
        kind = "key" if rng.random() < 0.25 else "gift"
        for _k in range(rng.randint(1, 3)):
            brand = rng.choice(["amazon", "amazon", "apple", "uber", "spotify"]) if kind == "gift" else None
            typical = GIFT_VALUES[cur][0]
            unit = rng.choice(typical[-3:]) if kind == "gift" else None
            inst.order(t, d, ip, make_order(rng, user, email, cur, kind, qty=rng.randint(8, 40),
                                            method=method, brand=brand, unit=unit))
            t += rng.uniform(90, 420)
        out.append(inst)
    return out


def h19_travellers(rng, ctx):
    """Travellers on holiday or business in Thailand, Mexico, Turkey, Hong Kong, Taiwan or
    Singapore, buying from the shop they use at home on the phone or laptop they always
    use: home language and currency, the device clock moved to the local zone (most
    phones do it by themselves), on the hotel Wi-Fi or, roaming, on their home carrier
    (roaming traffic leaves through home). Trace: an established device of a regular
    buyer on a foreign hotel / ISP address, a zone that does not match the language."""
    out = []
    dests = [("TH", 3), ("MX", 2), ("TR", 2), ("HK", 1), ("TW", 1), ("SG", 1)]
    for _ in range(ctx.n(24)):
        inst = Instance("h19_travellers", "legit")
        cc = pick(rng, [("US", 3), ("GB", 2), ("DE", 2), ("JP", 2), ("KR", 2), ("AU", 2),
                        ("FR", 1), ("CA", 1)])
        dest = pick(rng, dests)
        prof = any_browser(rng, 0.6)
        tz = rng.choice(TZ[dest]) if rng.random() < 0.7 else None
        d = device(rng, cc, prof, age=rng.choice(AGES), tz=tz)
        user, email = identity(rng, cc)
        mob_pool = "h19_mobile_%s" % cc
        if is_mobile(prof) and mob_pool in EXTRA and rng.random() < 0.3:
            ip = ip_in(rng, ctx, mob_pool)
        else:
            ip = ip_in(rng, ctx, "h19_hotel", dest)
        t = browse(inst, rng, start(rng, ctx, 900), d, ip, (1, 3))
        for _k in range(1 if rng.random() < 0.75 else 2):
            kind = pick(rng, [("gift", 5), ("topup", 3), ("key", 1)])
            inst.order(t, d, ip, make_order(rng, user, email, CURRENCY[cc], kind,
                                            method=wallet(rng, prof)))
            t += rng.uniform(200, 900)
        out.append(inst)
    return out


def h19_region_store_expats(rng, ctx):
    """People living abroad who keep their home country's console / app-store account
    (region-locked credit): a Japanese in the US buying JPY PSN cards, a Brazilian in
    Portugal buying BRL credit, Indians in the Gulf buying INR, a Korean in Germany buying
    KRW, a Chinese in Japan buying CNY, a Briton in Spain buying GBP, an American in Korea
    buying USD. Home language first, the residence's language second, the residence's
    zone and address. Trace: currency and language of one country, address and zone of
    another, on a regular buyer's browser."""
    out = []
    pairs = [("JP", "US", "h19_home_US", 3), ("BR", "PT", "h19_home_PT", 2),
             ("IN", "AE", "h19_home_gulf", 3), ("KR", "DE", "h19_home_DE", 2),
             ("CN", "JP", "h19_home_JP", 2), ("GB", "ES", "h19_home_ES", 2),
             ("US", "KR", "h19_home_KR", 1)]
    second = {"US": "en-US;q=0.8,en;q=0.7", "PT": "pt-PT;q=0.8,pt;q=0.7",
              "AE": "ar;q=0.8,en;q=0.7", "DE": "de-DE;q=0.8,de;q=0.7", "JP": "ja;q=0.8",
              "ES": "es-ES;q=0.8,es;q=0.7", "KR": "ko;q=0.8"}
    primary = {"JP": "ja-JP,ja;q=0.9", "BR": "pt-BR,pt;q=0.9", "IN": "en-IN,en;q=0.9",
               "KR": "ko-KR,ko;q=0.9", "CN": "zh-CN,zh;q=0.9", "GB": "en-GB,en;q=0.9",
               "US": "en-US,en;q=0.9"}
    for _ in range(ctx.n(24)):
        inst = Instance("h19_region_store_expats", "legit")
        home, res, poolname = pick(rng, [((h, r, p), w) for h, r, p, w in pairs])
        lang = "%s,%s" % (primary[home], second[res])
        prof = any_browser(rng, 0.55)
        res_tz = {"AE": TZ["AE"], "PT": TZ["PT"], "ES": TZ["ES"]}.get(res, TZ.get(res))
        d = device(rng, home, prof, age=age_or_new(rng, 0.65), tz=rng.choice(res_tz), lang=lang)
        user, email = identity(rng, home)
        ip = ip_in(rng, ctx, poolname, res)
        t = browse(inst, rng, start(rng, ctx, 900), d, ip, (1, 3))
        cur = CURRENCY[home]
        for _k in range(1 if rng.random() < 0.7 else 2):
            brand = rng.choice(["psn", "psn", "nintendo", "xbox", "apple", "google-play"])
            inst.order(t, d, ip, make_order(rng, user, email, cur, "gift", brand=brand,
                                            method=rng.choice(["card", "card", "paypal"])))
            t += rng.uniform(150, 800)
        out.append(inst)
    return out


def h19_family_shared(rng, ctx):
    """Households where one parent's account buys for the children: the parent's phone,
    the children's tablet and the family PC, all on the home line (the parent's phone on
    mobile data sometimes); an older child with an account of their own on the same
    tablet. Small Roblox, Nintendo, Minecraft-type purchases through the afternoon.
    Trace: one account on two or three devices, two accounts on one device, one home
    address, small amounts."""
    out = []
    for _ in range(ctx.n(12)):
        inst = Instance("h19_family_shared", "legit")
        cc = pick(rng, [("US", 3), ("GB", 2), ("DE", 1), ("FR", 1), ("AU", 1), ("CA", 1),
                        ("NL", 1), ("ES", 1)])
        tz = rng.choice(TZ[cc])
        devs = [device(rng, cc, pick(rng, MOBILE), age=rng.choice(AGES), tz=tz),
                device(rng, cc, pick(rng, [("h6_family_tablet", 2), ("h5_ipad_safari", 2)]),
                       age=rng.choice(AGES), tz=tz)]
        if rng.random() < 0.5:
            devs.append(device(rng, cc, pick(rng, DESKTOP), age=rng.choice(AGES), tz=tz))
        parent, parent_mail = identity(rng, cc)
        kid = None
        if rng.random() < 0.4:
            first = NAMES.get(cc, (_WEST_FIRST, _WEST_LAST))[0]
            kid = "%s%s%d" % (rng.choice(first), rng.choice(["gamer", "x", "yt", "_"]),
                              rng.randint(2010, 2015))
        home = home_ip(rng, ctx, cc)
        mob_pool = "h19_mobile_%s" % cc
        cur = CURRENCY[cc]
        t = start(rng, ctx, 2000)
        for _k in range(rng.randint(2, 4)):
            d = rng.choice(devs)
            ip = home
            if d is devs[0] and mob_pool in EXTRA and rng.random() < 0.3:
                ip = ip_in(rng, ctx, mob_pool)
            t = browse(inst, rng, t, d, ip, (1, 2), (10, 60))
            if kid and d is devs[1] and rng.random() < 0.6:
                user, email = kid, parent_mail
            else:
                user, email = parent, parent_mail
            kind = "topup" if rng.random() < 0.6 else "gift"
            brand = rng.choice(["roblox", "nintendo", "xbox"]) if kind == "gift" else \
                rng.choice(["roblox-robux", "fortnite-vbucks", "genshin-crystals"])
            unit = rng.choice(GIFT_VALUES[cur][0][:4]) if kind == "gift" else \
                rng.choice(TOPUP_VALUES[cur][1:4])
            inst.order(t, d, ip, make_order(rng, user, email, cur, kind, brand=brand, unit=unit,
                                            method=rng.choice(["paypal", "card", "card"])))
            t += rng.uniform(300, 1100)
        out.append(inst)
    return out


def h19_sea_micro_resellers(rng, ctx):
    """Small shops and sari-sari / warung / internet-cafe owners in the Philippines,
    Indonesia and Vietnam who resell game credit to their customers: an Android phone on
    a mobile carrier (carrier-grade NAT), an established account, several orders through
    the afternoon of two to six codes each, in US dollars (how the cross-border shops
    price Steam wallet and game currency there), paid by e-wallet or card. Trace: repeat
    multi-quantity orders from one account, south-east Asian carrier addresses shared by
    many, older Android browsers."""
    out = []
    wallets = {"PH": ["gcash", "maya", "card"], "ID": ["dana", "ovo", "gopay", "card"],
               "VN": ["momo", "zalopay", "card"]}
    for _ in range(ctx.n(10)):
        inst = Instance("h19_sea_micro_resellers", "legit")
        cc = pick(rng, [("PH", 4), ("ID", 4), ("VN", 2)])
        prof = pick(rng, [("chrome_android", 2), ("h6_old_android", 2), ("samsung_android", 1),
                          ("h16_chrome_android_145", 1)])
        d = device(rng, cc, prof, age=rng.choice(AGES[1:]))
        user, email = identity(rng, cc)
        t = start(rng, ctx, 2100)
        for _k in range(rng.randint(2, 4)):
            ip = ip_in(rng, ctx, "h19_mobile_%s" % cc)
            t = browse(inst, rng, t, d, ip, (1, 2), (10, 50))
            kind = "topup" if rng.random() < 0.6 else "gift"
            brand = (rng.choice(["mlbb-diamonds", "freefire-diamonds", "pubgm-uc",
                                 "genshin-crystals"]) if kind == "topup"
                     else rng.choice(["steam", "google-play", "razer-gold"]))
            unit = (rng.choice([4.99, 9.99, 19.99]) if kind == "topup"
                    else rng.choice([10, 20, 25]))
            inst.order(t, d, ip, make_order(rng, user, email, "USD", kind, qty=rng.randint(2, 6),
                                            brand=brand, unit=unit,
                                            method=rng.choice(wallets[cc])))
            t += rng.uniform(400, 1000)
        out.append(inst)
    return out


def h19_loyal_eu(rng, ctx):
    """Returning buyers in Germany, France, Spain, Italy, the Netherlands, Austria,
    Belgium, Portugal and the UK: the browser they always use, home broadband or their
    mobile carrier, one ordinary purchase (a subscription card, a gift card, game credit,
    a licence renewal) by card, PayPal, iDEAL / Bancontact / MB WAY or a wallet. Trace:
    a known device cookie, a home-country address, typical amounts."""
    out = []
    local_pay = {"NL": "ideal", "BE": "bancontact", "PT": "mbway", "DE": "paypal",
                 "AT": "eps", "FR": "card", "ES": "bizum", "IT": "paypal", "GB": "card"}
    for _ in range(ctx.n(44)):
        inst = Instance("h19_loyal_eu", "legit")
        cc = pick(rng, [("DE", 5), ("FR", 4), ("GB", 5), ("ES", 3), ("IT", 3), ("NL", 2),
                        ("AT", 1), ("BE", 1), ("PT", 1)])
        prof = any_browser(rng, 0.55)
        d = device(rng, cc, prof, age=rng.choice(AGES))
        user, email = identity(rng, cc)
        mob_pool = "h19_mobile_%s" % cc
        ip = (ip_in(rng, ctx, mob_pool) if is_mobile(prof) and mob_pool in EXTRA
              and rng.random() < 0.4 else home_ip(rng, ctx, cc))
        t = browse(inst, rng, start(rng, ctx, 700), d, ip, (1, 2))
        for _k in range(1 if rng.random() < 0.9 else 2):
            kind = pick(rng, [("gift", 5), ("topup", 2), ("key", 2)])
            method = pick(rng, [(local_pay[cc], 3), ("card", 3), ("paypal", 2),
                                (wallet(rng, prof, ()), 1) if is_mobile(prof) else ("card", 1)])
            inst.order(t, d, ip, make_order(rng, user, email, CURRENCY[cc], kind,
                                            high=rng.random() < 0.05, method=method))
            t += rng.uniform(120, 600)
        out.append(inst)
    return out


def h19_loyal_na_au(rng, ctx):
    """Returning buyers in the US, Canada and Australia: their usual browser, home
    broadband or mobile carrier, one ordinary purchase (now and then a second), by card,
    PayPal or the phone's wallet. Trace: a known device cookie, a home-country address,
    typical amounts."""
    out = []
    for _ in range(ctx.n(42)):
        inst = Instance("h19_loyal_na_au", "legit")
        cc = pick(rng, [("US", 6), ("CA", 2), ("AU", 2)])
        prof = any_browser(rng, 0.6)
        d = device(rng, cc, prof, age=rng.choice(AGES))
        user, email = identity(rng, cc)
        ip = (ip_in(rng, ctx, "h19_mobile_US") if cc == "US" and is_mobile(prof)
              and rng.random() < 0.4 else home_ip(rng, ctx, cc))
        t = browse(inst, rng, start(rng, ctx, 700), d, ip, (1, 2))
        for _k in range(1 if rng.random() < 0.9 else 2):
            kind = pick(rng, [("gift", 5), ("topup", 3), ("key", 1)])
            inst.order(t, d, ip, make_order(rng, user, email, CURRENCY[cc], kind,
                                            high=rng.random() < 0.05, method=wallet(rng, prof)))
            t += rng.uniform(120, 600)
        out.append(inst)
    return out


def h19_gift_season_east_asia(rng, ctx):
    """Buyers in Japan, Korea and China getting a present ahead of White Day (14 March):
    a higher-value card than they usually buy (JPY 5,000-30,000, KRW 50,000-300,000, CNY
    200-2,000), often on a phone that has not bought here, sometimes two cards. Trace:
    East-Asian mobile / home addresses, high amounts for a first order in many cases."""
    out = []
    for _ in range(ctx.n(22)):
        inst = Instance("h19_gift_season_east_asia", "legit")
        cc = pick(rng, [("JP", 4), ("KR", 4), ("CN", 3)])
        if cc == "CN":
            prof = pick(rng, [("h7_wechat_android", 2), ("h8_wechat_ios", 2),
                              ("h19_safari_iphone_263", 1)])
        elif cc == "KR":
            prof = pick(rng, [("h8_kakaotalk_android", 2), ("h19_kakaotalk_ios", 1),
                              ("h12_samsung_29", 2), ("h19_safari_iphone_263", 1)])
        else:
            prof = pick(rng, MOBILE[:4])
        d = device(rng, cc, prof, age=age_or_new(rng, 0.4))
        user, email = identity(rng, cc)
        ip = (ip_in(rng, ctx, "h19_mobile_%s" % cc) if rng.random() < 0.6
              else home_ip(rng, ctx, cc))
        t = browse(inst, rng, start(rng, ctx, 800), d, ip, (2, 4), (15, 80))
        cur = CURRENCY[cc]
        units = {"JPY": [5000, 10000, 10000, 15000, 20000, 30000],
                 "KRW": [50000, 100000, 100000, 150000, 200000, 300000],
                 "CNY": [200, 300, 500, 500, 1000, 2000]}[cur]
        method = {"JP": ["card", "paypay", "apple_pay"], "KR": ["kakaopay", "naverpay", "card"],
                  "CN": ["alipay", "wechat_pay"]}[cc]
        qty = 2 if rng.random() < 0.12 else 1
        brand = rng.choice(["apple", "amazon", "nintendo", "starbucks", "google-play"])
        inst.order(t, d, ip, make_order(rng, user, email, cur, "gift", qty=qty, brand=brand,
                                        unit=rng.choice(units), method=rng.choice(method)))
        out.append(inst)
    return out


def h19_in_upi(rng, ctx):
    """Indian buyers on Android over Jio / Airtel / Vi (carrier-grade NAT: thousands
    behind one address) or Airtel broadband: Google Play and game credit in small INR
    amounts paid by UPI; half of them new to the shop. Trace: Indian CGNAT addresses
    shared by unrelated buyers, en-IN / hi, small INR amounts."""
    out = []
    for _ in range(ctx.n(22)):
        inst = Instance("h19_in_upi", "legit")
        prof = pick(rng, [("h16_chrome_android_145", 3), ("chrome_android", 2),
                          ("h6_old_android", 1), ("samsung_android", 1),
                          ("h16_chrome_win_145", 1)])
        d = device(rng, "IN", prof, age=age_or_new(rng, 0.5))
        user, email = identity(rng, "IN")
        ip = (home_ip(rng, ctx, "IN") if "win" in prof or rng.random() < 0.2
              else ip_in(rng, ctx, "h19_mobile_IN"))
        t = browse(inst, rng, start(rng, ctx, 800), d, ip, (1, 3))
        for _k in range(1 if rng.random() < 0.85 else 2):
            kind = "topup" if rng.random() < 0.5 else "gift"
            brand = rng.choice(["google-play", "google-play", "steam", "amazon"]) if kind == "gift" else \
                rng.choice(["freefire-diamonds", "pubgm-uc", "valorant-points", "genshin-crystals"])
            inst.order(t, d, ip, make_order(rng, user, email, "INR", kind, brand=brand,
                                            method=pick(rng, [("upi", 6), ("card", 1),
                                                              ("netbanking", 1)])))
            t += rng.uniform(150, 600)
        out.append(inst)
    return out


def h19_br_pix(rng, ctx):
    """Brazilian buyers on Vivo / TIM mobile or fibre at home, paying by PIX (most) or
    card, game credit and gift cards in BRL. Trace: Brazilian addresses, pt-BR, PIX,
    BRL amounts at the publishers' tiers."""
    out = []
    for _ in range(ctx.n(18)):
        inst = Instance("h19_br_pix", "legit")
        prof = any_browser(rng, 0.7)
        d = device(rng, "BR", prof, age=age_or_new(rng, 0.55))
        user, email = identity(rng, "BR")
        ip = (ip_in(rng, ctx, "h19_mobile_BR") if is_mobile(prof) and rng.random() < 0.6
              else home_ip(rng, ctx, "BR"))
        t = browse(inst, rng, start(rng, ctx, 800), d, ip, (1, 3))
        for _k in range(1 if rng.random() < 0.85 else 2):
            kind = "topup" if rng.random() < 0.55 else "gift"
            inst.order(t, d, ip, make_order(rng, user, email, "BRL", kind,
                                            method=pick(rng, [("pix", 7), ("card", 3)])))
            t += rng.uniform(150, 600)
        out.append(inst)
    return out


LEGIT = [h19_jp_mobile_evening, h19_kr_game_topup, h19_cn_students_abroad,
         h19_first_device_big, h19_night_gamers, h19_privacy_cookieless,
         h19_cgnat_abroad_mobile, h19_corp_rewards_bulk, h19_travellers,
         h19_region_store_expats, h19_family_shared, h19_sea_micro_resellers, h19_loyal_eu,
         h19_loyal_na_au, h19_gift_season_east_asia, h19_in_upi, h19_br_pix]


# ---------------------------------------------------------------- fraud

class ReplayDevice(Device):
    """An attacker's browser loaded with a victim's stolen session: it presents the
    victim's device cookie (whatever the victim's browser holds) until the shop sets a new
    one, the victim's user agent, languages and zone (the stealer log carries them), and
    the victim's canvas when the kit copies it too."""

    def __init__(self, rng, victim, copy_canvas):
        self._victim = victim
        self._own = None
        super().__init__(rng, victim.profile, victim.lang, (victim.tz_name, victim.tz_offset),
                         cookies="keep", age_days=None, beacon=victim.beacon,
                         languages=list(victim.languages))
        if copy_canvas:
            self.canvas_seed = victim.canvas_seed

    @property
    def cookie(self):
        return self._own if self._own is not None else self._victim.cookie

    @cookie.setter
    def cookie(self, value):
        self._own = value


def burner_identity(rng, cc):
    """A throwaway account: a plausible name with digits, or a random catch-all local part."""
    first, last = NAMES.get(cc, (_WEST_FIRST, _WEST_LAST))
    r = rng.random()
    if r < 0.5:
        local = "%s%s%d" % (rng.choice(first), rng.choice(last), rng.randint(100, 99999))
        domain = rng.choice(["gmail.com", "outlook.com", "yahoo.com", "hotmail.com"])
    elif r < 0.8:
        local = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(6, 9)))
        local += str(rng.randint(10, 999))
        domain = rng.choice(["gmail.com", "outlook.com", "proton.me"])
    else:
        local = "%s.%s" % (rng.choice(first), rng.choice(last))
        domain = rng.choice(["kwikmail.xyz", "inboxhub.site", "mailnest.click", "qmail.cyou"])
    return local.replace(".", "") + str(rng.randint(1, 9)), "%s@%s" % (local, domain)


def f19_card_testing_topups(rng, ctx):
    """Card testing: a checker validating a list of stolen card numbers with the cheapest
    items (0.99-4.99 game-currency packs, 10-15 gift cards). An HTTP client with Chrome's
    TLS and headers (no page script, no cookies) or a Node script; every attempt through
    another residential-proxy exit in the cards' country. Half the rings make a fresh
    account per card, half spread the cards over a handful of accounts. Trace: bursts of
    minimum-value orders, no beacon, no cookie, a new residential address per order,
    many accounts in a short time."""
    out = []
    for _ in range(ctx.n(2)):
        inst = Instance("f19_card_testing_topups", "fraud")
        cc = pick(rng, [("US", 3), ("GB", 1), ("CA", 1)])
        cur = CURRENCY[cc]
        prof = pick(rng, [("h19_tls_client", 3), ("h10_curl_cffi", 1), ("h12_axios", 1)])
        d = Device(rng, prof, "en-US,en;q=0.9", ("UTC", 0), cookies="none", beacon=False)
        fresh = rng.random() < 0.5
        accounts = [burner_identity(rng, cc) for _ in range(rng.randint(3, 5))]
        t = start(rng, ctx, 1400)
        for _k in range(ctx.n(rng.randint(18, 26))):
            user, email = burner_identity(rng, cc) if fresh else rng.choice(accounts)
            ip = ip_in(rng, ctx, "h19_resi_%s" % cc)
            if rng.random() < 0.6:
                o = make_order(rng, user, email, cur, "topup", unit=TOPUP_VALUES[cur][rng.randrange(2)])
            else:
                o = make_order(rng, user, email, cur, "gift", unit=GIFT_VALUES[cur][0][0],
                               brand=rng.choice(["google-play", "roblox", "steam"]))
            inst.order(t, d, ip, o)
            t += rng.uniform(6, 45)
        out.append(inst)
    return out


def f19_stolen_card_antidetect(rng, ctx):
    """Carding with full card details (name, address, card) bought in bulk: one anti-detect
    browser profile per card, a sticky residential-proxy exit in the cardholder's country,
    a new account in the cardholder's name; most operators set the profile's language and
    zone to match the proxy, careless ones leave their own (West-African or Vietnamese
    zone, en-US). A high-value Apple / Steam / Amazon / Razer card, a second one if the
    first went through. Trace: new device and new account, high amount at once,
    residential address of the card's country, anti-detect surfaces, now and then a
    zone that fits neither address nor language."""
    out = []
    for _ in range(ctx.n(22)):
        inst = Instance("f19_stolen_card_antidetect", "fraud")
        cc = pick(rng, [("US", 5), ("GB", 2), ("DE", 1), ("FR", 1), ("CA", 1), ("AU", 1)])
        prof = pick(rng, [("h19_antidetect_win_144", 3), ("h11_multilogin_win", 2),
                          ("h7_antidetect_mac", 1), ("h12_orbita_win", 1)])
        if rng.random() < 0.7:
            d = device(rng, cc, prof)
        else:
            d = device(rng, "US", prof, tz=rng.choice([("Africa/Lagos", 60), ("Africa/Accra", 0),
                                                      ("Asia/Ho_Chi_Minh", 420),
                                                      ("Europe/Moscow", 180)]))
        user, email = identity(rng, cc)
        ip = ip_in(rng, ctx, "h19_resi_%s" % cc)
        t = browse(inst, rng, start(rng, ctx, 900), d, ip, (1, 3), (6, 40))
        cur = CURRENCY[cc]
        brand = rng.choice(["apple", "steam", "amazon", "razer-gold", "psn"])
        inst.order(t, d, ip, make_order(rng, user, email, cur, "gift", high=True, brand=brand,
                                        method="card"))
        if rng.random() < 0.35:
            t += rng.uniform(90, 400)
            inst.order(t, d, ip, make_order(rng, user, email, cur, "gift",
                                            high=rng.random() < 0.5, qty=rng.randint(1, 2),
                                            method="card"))
        out.append(inst)
    return out


def f19_ato_infostealer_cookies(rng, ctx):
    """Account takeover with an infostealer log: the victim's browser cookies (the shop's
    device cookie and session with them), user agent, languages and zone, loaded into an
    anti-detect browser; half the kits copy the canvas too. The victim still uses the
    account from home (a visit early in the window); the attacker comes in from a
    residential proxy of the victim's country, a US mobile proxy or a VPN, and spends the
    stored card on high-value cards, sometimes after changing the e-mail. Trace: the
    victim's device cookie from a new address (another ISP, sometimes another country or
    a VPN), a fingerprint that matches or nearly matches the victim's, high amounts."""
    out = []
    for _ in range(ctx.n(12)):
        inst = Instance("f19_ato_infostealer_cookies", "fraud")
        cc = pick(rng, [("US", 4), ("GB", 2), ("DE", 2), ("FR", 1), ("CA", 1), ("AU", 1)])
        victim = device(rng, cc, any_browser(rng, 0.3), age=rng.choice(AGES[1:]))
        user, email = identity(rng, cc)
        home = home_ip(rng, ctx, cc)
        t = start(rng, ctx, 1800, head=20)
        inst.visit(t, victim, home)
        att = ReplayDevice(rng, victim, copy_canvas=rng.random() < 0.5)
        r = rng.random()
        if r < 0.6 and "h19_resi_%s" % cc in EXTRA:
            pool_name = "h19_resi_%s" % cc
        elif r < 0.75:
            pool_name = "h19_mproxy_US"
        else:
            pool_name = rng.choice(["h19_vpn", "h19_isp_proxy"])
        ip = ip_in(rng, ctx, pool_name)
        t += rng.uniform(300, 1500)
        t = browse(inst, rng, t, att, ip, (1, 2), (5, 30))
        mail = email if rng.random() < 0.7 else burner_identity(rng, cc)[1]
        cur = CURRENCY[cc]
        for _k in range(rng.randint(1, 3)):
            inst.order(t, att, ip, make_order(rng, user, mail, cur, "gift", high=True,
                                              qty=rng.randint(1, 2),
                                              brand=rng.choice(["apple", "steam", "amazon",
                                                                "razer-gold"]),
                                              method=rng.choice(["card", "card", "paypal"])))
            t += rng.uniform(40, 200)
        out.append(inst)
    return out


def f19_ato_credential_stuffing(rng, ctx):
    """Account takeover by credential stuffing: accounts whose passwords leaked elsewhere,
    logged into from several fresh browsers (an anti-detect profile, an emulator, a plain
    Chrome on a rented box), each login from another residential exit (a VPN or hosting
    address for the lazier crews), cookies dropped between logins; each session buys one
    high-value card with the stored payment. Trace: one account on several new devices
    and addresses in an hour, no device history, high amounts."""
    out = []
    for _ in range(ctx.n(10)):
        inst = Instance("f19_ato_credential_stuffing", "fraud")
        cc = pick(rng, [("US", 4), ("GB", 2), ("CA", 1), ("AU", 1), ("DE", 1), ("FR", 1)])
        user, email = identity(rng, cc)
        cur = CURRENCY[cc]
        t = start(rng, ctx, 1800)
        lazy = rng.random() < 0.3
        for _k in range(rng.randint(2, 3)):
            prof = pick(rng, [("h19_antidetect_win_144", 2), ("h6_emulator_x86", 1),
                              ("chrome_win", 1), ("h11_multilogin_win", 1)])
            d = device(rng, cc, prof, cookies=rng.choice(["none", "session"]))
            ip = (ip_in(rng, ctx, rng.choice(["h19_vpn", "h19_dc"])) if lazy
                  else ip_in(rng, ctx, "h19_resi_%s" % cc))
            t = browse(inst, rng, t, d, ip, (1, 2), (4, 25))
            inst.order(t, d, ip, make_order(rng, user, email, cur, "gift",
                                            high=rng.random() < 0.7,
                                            brand=rng.choice(["apple", "steam", "amazon",
                                                              "google-play", "razer-gold"]),
                                            method=rng.choice(["card", "paypal"])))
            t += rng.uniform(120, 600)
        out.append(inst)
    return out


def f19_reseller_bulk_bots(rng, ctx):
    """Grey-market resellers stocking up: automated browsers (Playwright on a server, a
    patched headless Chrome, a container-hosted Chrome) working several freshly made
    accounts at once (numbered aliases of one mailbox), each through its own static "ISP"
    proxy or hosting address, buying 3-10 cards per order in quick succession, paid with
    cards bought in bulk. Trace: hosting / ISP-proxy addresses, automation surfaces,
    many new accounts with sibling e-mails, multi-quantity orders a minute apart."""
    out = []
    for _ in range(ctx.n(2)):
        inst = Instance("f19_reseller_bulk_bots", "fraud")
        prof = pick(rng, [("h8_playwright_linux", 2), ("h5_bot_win", 2), ("headless_chrome", 1),
                          ("h19_cloud_browser", 1)])
        pool_name = rng.choice(["h19_isp_proxy", "h19_isp_proxy", "h19_dc"])
        base = rng.choice(["gcdeals", "keyvault", "topupkings", "cardflip", "gamecodes"])
        base += str(rng.randint(1, 99))
        style = rng.random()
        tz = rng.choice([("UTC", 0), ("America/New_York", -300)])
        t0 = start(rng, ctx, 1500)
        for n in range(rng.randint(6, 8)):
            d = Device(rng, prof, "en-US,en;q=0.9", tz, cookies="keep")
            user = "%s_%02d" % (base, n + 1)
            email = ("%s+%d@gmail.com" % (base, n + 1) if style < 0.5
                     else "%s.%02d@outlook.com" % (base, n + 1))
            ip = ip_in(rng, ctx, pool_name)
            t = t0 + rng.uniform(0, 300)
            t = browse(inst, rng, t, d, ip, (1, 1), (2, 6))
            for _k in range(rng.randint(2, 3)):
                inst.order(t, d, ip, make_order(rng, user, email, "USD", "gift",
                                                qty=rng.randint(3, 10),
                                                brand=rng.choice(["steam", "psn", "xbox",
                                                                  "razer-gold", "nintendo"]),
                                                unit=rng.choice([25, 50, 50, 100]),
                                                method="card"))
                t += rng.uniform(20, 90)
        out.append(inst)
    return out


def f19_promo_signup_farm(rng, ctx):
    """New-customer promotion abuse from a device farm: cloud phones, emulators and
    cheap handsets each creating account after account (dot and plus variants of one Gmail
    address), each account taking the first-order discount on a small card or pack,
    through a rotating US mobile proxy; most farms wipe the app between accounts, sloppy
    ones keep the cookie. Trace: many new accounts per device (through a kept cookie or a
    repeated fingerprint), sibling e-mail addresses, small first orders, mobile-proxy
    addresses."""
    out = []
    for _ in range(ctx.n(6)):
        inst = Instance("f19_promo_signup_farm", "fraud")
        prof = pick(rng, [("h19_cloud_phone", 2), ("h6_emulator_x86", 1), ("h5_farm_phone", 1)])
        cookies = "session" if rng.random() < 0.6 else "keep"
        tz = TZ["US"][0] if rng.random() < 0.7 else ("Asia/Manila", 480)
        d = Device(rng, prof, "en-US,en;q=0.9", tz, cookies=cookies)
        first, last = rng.choice(_WEST_FIRST), rng.choice(_WEST_LAST)
        base = first + last
        t = start(rng, ctx, 1700)
        for n in range(rng.randint(4, 6)):
            if rng.random() < 0.5:
                cut = rng.randint(1, len(base) - 1)
                local = base[:cut] + "." + base[cut:]
            else:
                local = "%s+%s%d" % (base, rng.choice(["promo", "x", "shop", ""]), n + 1)
            email = local + "@gmail.com"
            user = "%s%d" % (base[:6], rng.randint(100, 9999))
            ip = ip_in(rng, ctx, "h19_mproxy_US")
            t = browse(inst, rng, t, d, ip, (1, 2), (5, 30))
            kind = "topup" if rng.random() < 0.5 else "gift"
            unit = (rng.choice(TOPUP_VALUES["USD"][1:4]) if kind == "topup"
                    else rng.choice([10, 15, 20, 25]))
            inst.order(t, d, ip, make_order(rng, user, email, "USD", kind, unit=unit,
                                            method=rng.choice(["paypal", "card", "google_pay"])))
            t += rng.uniform(60, 300)
        out.append(inst)
    return out


def f19_scam_coached_victims(rng, ctx):
    """Gift-card scam victims: older people on the phone with a "tech support", "tax
    office" or romance scammer who tells them to buy Apple / Google Play / Steam cards and
    read out the codes. Their own computer (first purchase here), their own home line and
    card, an old-style e-mail; slow, hesitant browsing, then several cards of 100-500 at
    once, and another round when the scammer asks for more. The shop refunds them later;
    the card issuer charges it back. Trace: a new account and device buying many
    high-value cards, repeated within the hour, from an ordinary home address."""
    out = []
    for _ in range(ctx.n(8)):
        inst = Instance("f19_scam_coached_victims", "fraud")
        cc = pick(rng, [("US", 5), ("GB", 2), ("CA", 1), ("AU", 1)])
        prof = pick(rng, [("edge_win", 2), ("h19_edge_win_145", 2), ("h6_chrome_win_magnifier", 1),
                          ("chrome_win", 1), ("h5_ipad_safari", 1), ("safari_mac", 1)])
        d = device(rng, cc, prof)
        first, last = rng.choice(_WEST_FIRST), rng.choice(_WEST_LAST)
        local = "%s%s%d" % (first, last, rng.randint(1940, 1962))
        domains = {"US": ["aol.com", "yahoo.com", "comcast.net", "att.net", "sbcglobal.net"],
                   "GB": ["btinternet.com", "aol.co.uk", "hotmail.co.uk"],
                   "CA": ["sympatico.ca", "shaw.ca", "hotmail.com"],
                   "AU": ["bigpond.com", "optusnet.com.au"]}[cc]
        email = "%s@%s" % (local, rng.choice(domains))
        ip = home_ip(rng, ctx, cc)
        cur = CURRENCY[cc]
        brand = rng.choice(["apple", "google-play", "steam", "razer-gold"])
        t = browse(inst, rng, start(rng, ctx, 2000), d, ip, (3, 6), (30, 140))
        for _k in range(rng.randint(2, 3)):
            unit = rng.choice([100, 200, 250, 500] if cur in ("USD", "GBP") else [100, 200, 300, 500])
            inst.order(t, d, ip, make_order(rng, local, email, cur, "gift", qty=rng.randint(2, 5),
                                            brand=brand, unit=unit, method="card"))
            t += rng.uniform(360, 1200)
            t = browse(inst, rng, t, d, ip, (1, 2), (20, 90))
        out.append(inst)
    return out


def f19_friendly_chargeback(rng, ctx):
    """First-party fraud: established customers on their own browser and home line who
    buy cards and later dispute the charge ("never received the code", "my kid did it").
    Amounts a little above what such buyers usually spend. Trace: almost none at the edge:
    a known device cookie, a home address, a high-ish amount."""
    out = []
    for _ in range(ctx.n(14)):
        inst = Instance("f19_friendly_chargeback", "fraud")
        cc = pick(rng, [("US", 4), ("GB", 2), ("DE", 1), ("FR", 1), ("CA", 1), ("AU", 1),
                        ("BR", 1)])
        prof = any_browser(rng, 0.6)
        d = device(rng, cc, prof, age=rng.choice(AGES[1:]))
        user, email = identity(rng, cc)
        ip = home_ip(rng, ctx, cc)
        t = browse(inst, rng, start(rng, ctx, 900), d, ip, (1, 3))
        cur = CURRENCY[cc]
        for _k in range(1 if rng.random() < 0.75 else 2):
            inst.order(t, d, ip, make_order(rng, user, email, cur, "gift",
                                            high=rng.random() < 0.5,
                                            brand=rng.choice(["steam", "psn", "xbox", "apple",
                                                              "roblox"]),
                                            method=rng.choice(["card", "card", "paypal"])))
            t += rng.uniform(200, 900)
        out.append(inst)
    return out


def f19_low_slow_sleepers(rng, ctx):
    """Low-and-slow: accounts a crew created and "warmed" weeks ago (browsed, maybe a small
    purchase), each in its own anti-detect profile with language and zone matched to its
    sticky residential exit; now each places one 50-200 card order, the accounts spread
    out over the hour so no address or account repeats. Half the profiles come from one
    template (the same canvas). Trace: aged device cookies on anti-detect surfaces,
    residential addresses, one mid-to-high order each, shared canvases across accounts."""
    out = []
    templates = [rng.getrandbits(32) for _ in range(3)]
    for _ in range(ctx.n(28)):
        inst = Instance("f19_low_slow_sleepers", "fraud")
        cc = pick(rng, [("US", 5), ("GB", 2), ("CA", 1), ("AU", 1), ("DE", 1), ("FR", 1)])
        prof = pick(rng, [("h19_antidetect_win_144", 3), ("h11_multilogin_win", 2),
                          ("h7_antidetect_mac", 1), ("h19_cloud_phone", 1)])
        d = device(rng, cc, prof, age=rng.choice([11, 40]))
        if rng.random() < 0.5:
            d.canvas_seed = rng.choice(templates)
        user, email = identity(rng, cc)
        ip = ip_in(rng, ctx, "h19_resi_%s" % cc)
        t = browse(inst, rng, start(rng, ctx, 500), d, ip, (1, 3), (10, 60))
        cur = CURRENCY[cc]
        unit = rng.choice(GIFT_VALUES[cur][0][-2:] + GIFT_VALUES[cur][1][:2])
        inst.order(t, d, ip, make_order(rng, user, email, cur, "gift", unit=unit,
                                        brand=rng.choice(["apple", "steam", "amazon", "psn",
                                                          "xbox"]),
                                        method=rng.choice(["card", "card", "paypal"])))
        out.append(inst)
    return out


def f19_agentic_carder(rng, ctx):
    """Carding run by an LLM agent in a hosted cloud browser: each run opens a fresh
    session, signs up, and works through a batch of cards on the same account, adjusting
    amounts and products when a card is declined. The browser sits in a cloud region, or
    behind the platform's residential proxy. Trace: cloud / residential addresses,
    a Linux container browser, a session cookie only, one new account with four to six
    orders in a few minutes, varying amounts."""
    out = []
    for _ in range(ctx.n(5)):
        inst = Instance("f19_agentic_carder", "fraud")
        tz = rng.choice([("UTC", 0), ("America/New_York", -300), ("America/Los_Angeles", -480)])
        d = Device(rng, "h19_cloud_browser", "en-US,en;q=0.9", tz, cookies="session")
        user, email = burner_identity(rng, "US")
        resi = rng.random() < 0.4
        ip = ip_in(rng, ctx, "h19_resi_US" if resi else "h19_cloud")
        t = browse(inst, rng, start(rng, ctx, 1200), d, ip, (1, 2), (3, 15))
        for _k in range(rng.randint(4, 6)):
            if resi and rng.random() < 0.3:
                ip = ip_in(rng, ctx, "h19_resi_US")
            kind = "gift" if rng.random() < 0.7 else "key"
            inst.order(t, d, ip, make_order(rng, user, email, "USD", kind,
                                            high=rng.random() < 0.3, method="card"))
            t += rng.uniform(30, 120)
        out.append(inst)
    return out


def f19_emulator_4g_multi_device(rng, ctx):
    """One account run from many devices: a crew shares each new account across Android
    emulator instances and cloud phones, each instance on its own 4G mobile-proxy address
    (US or UK), cookies off or wiped, one order each. Trace: one account on three to five
    devices and as many mobile addresses in the hour, emulator / cloud-phone surfaces,
    mid amounts."""
    out = []
    for _ in range(ctx.n(6)):
        inst = Instance("f19_emulator_4g_multi_device", "fraud")
        cc = "US" if rng.random() < 0.7 else "GB"
        user, email = burner_identity(rng, cc)
        cur = CURRENCY[cc]
        t = start(rng, ctx, 1800)
        for _k in range(rng.randint(3, 5)):
            prof = pick(rng, [("h6_emulator_x86", 2), ("h19_cloud_phone", 2),
                              ("h5_android_emulator", 1)])
            d = device(rng, cc, prof, cookies=rng.choice(["none", "session"]))
            ip = ip_in(rng, ctx, "h19_mproxy_%s" % cc)
            t = browse(inst, rng, t, d, ip, (1, 1), (4, 20))
            inst.order(t, d, ip, make_order(rng, user, email, cur, "gift",
                                            unit=rng.choice([25, 50, 50, 100]),
                                            brand=rng.choice(["google-play", "steam", "xbox",
                                                              "razer-gold"]),
                                            method=rng.choice(["card", "google_pay"])))
            t += rng.uniform(90, 420)
        out.append(inst)
    return out


FRAUD = [f19_card_testing_topups, f19_stolen_card_antidetect, f19_ato_infostealer_cookies,
         f19_ato_credential_stuffing, f19_reseller_bulk_bots, f19_promo_signup_farm,
         f19_scam_coached_victims, f19_friendly_chargeback, f19_low_slow_sleepers,
         f19_agentic_carder, f19_emulator_4g_multi_device]
