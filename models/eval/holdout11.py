"""The eleventh holdout set (`--personas holdout11`): buyers and attackers of a 2026
auto-delivery gift-card, game top-up and software-key shop, written blind to judge
risk-policy changes being made at the same time by other engineers. Default seeds
111,112,113 (`--seeds 111,112,113`).

What its author read (and only this):
- the harness plumbing: models/eval/__main__.py, cell.py, traffic.py, classify.py (its
  first 40 lines), clients.py (profile API and the existing profiles), build_ip_table.py,
  holdout_testkit.py;
- personas.py lines 1-162 (the module docstring, shared vocabulary, the Device / Instance
  classes and helpers; no persona body);
- holdout10.py lines 1-60 (its docstring, imports, pool loading, ZERO_DECIMAL and AGES) as
  the form template, and test_holdout10.py as the test template;
- the demo config's `[routes.order]` table (the order field map; it also shows that route's
  `review = "hold"` and `channel_group = "payments"` lines);
- the organisation names and countries of the AS numbers picked for this set's pools, from
  geoip/asn.mmdb and geoip/country.mmdb;
- the issue text quoted in the task (the target and its list of hard cases).
Glimpses, disclosed: holdout10's docstring (allowed reading) repeats the glimpses of the
sets before it: the order route's rate limit (30 a minute per ip) and purchase limits
(5 / 10 a day per user) from holdout6's docstring, and the last two rows of an EVAL.md
results table (holdout2 and holdout6: no legitimate order blocked, about 4-8 % reviewed,
about 39-67 % of fraud caught); it also names some of holdout10's personas and test names
(f10_session_hijack, f10_device_farm, h10_shared_household, ...). build_ip_table.py and
clients.py show the earlier sets' pools and profiles. Nothing here was tuned to any of
that, and no persona, volume or parameter was changed after the one plumbing run (seed
111, hour 14, its printed report sent to /dev/null), whose result JSON was read only as
order and error counts per persona.

Not read: src/ (any Rust), the config's other sections, models/train/, models/MODEL.md,
models/report/, models/EVAL.md (this set's section was appended without opening it),
README, BENCHMARKS.md, /work/shared (DESIGN.md, STYLE.md), the persona bodies of
holdout*.py (past holdout10.py line 60) and the other sets' tests but test_holdout10.py,
personas.py past line 162, fraud.py, and no git log or diff but this work's.

Each persona is `f(rng, ctx) -> [Instance]`; names start with h11_ (legitimate, about 520
orders per cell, 16 personas) or f11_ (fraud, about 300, 11 personas). Each docstring
names the trace the persona leaves at the edge. Some fraud leaves little (it is in here
because it exists: a shop sees it as chargebacks weeks later). The same traffic is sent
at every shop hour of a seed, so every persona is a night-time buyer in the 03:00 cells.
"""

import json
import os
import string

from .personas import DISPOSABLE, NAMES, SURNAMES, Device, Instance

HERE = os.path.dirname(os.path.abspath(__file__))

# This set's own address pools (build_ip_table.py --set holdout11); the main table's pools
# arrive through ctx.pools and are not used.
with open(os.path.join(HERE, "ip_table_holdout11.json")) as _f:
    EXTRA = json.load(_f)["pools"]

ZERO_DECIMAL = {"JPY", "KRW"}

# How long ago an established browser first got its cookie (days).
AGES = (3, 12, 45, 160, 600)

# country -> (Accept-Language, currency, timezones [(IANA name, offset minutes on
# 2 March 2026)], mail domains, local payment methods besides cards)
LOCALES = {
    "US": ("en-US,en;q=0.9", "USD",
           [("America/New_York", -300), ("America/Chicago", -360), ("America/Denver", -420),
            ("America/Los_Angeles", -480)],
           ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "hotmail.com", "aol.com"],
           ["paypal", "apple_pay", "google_pay"]),
    "GB": ("en-GB,en;q=0.9", "GBP", [("Europe/London", 0)],
           ["gmail.com", "outlook.com", "btinternet.com", "icloud.com", "yahoo.co.uk"],
           ["paypal", "apple_pay", "google_pay"]),
    "DE": ("de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7", "EUR", [("Europe/Berlin", 60)],
           ["gmx.de", "web.de", "gmail.com", "t-online.de", "posteo.de"],
           ["paypal", "klarna", "sofort"]),
    "FR": ("fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7", "EUR", [("Europe/Paris", 60)],
           ["orange.fr", "gmail.com", "free.fr", "sfr.fr", "hotmail.fr"],
           ["paypal", "cartes_bancaires", "apple_pay"]),
    "ES": ("es-ES,es;q=0.9", "EUR", [("Europe/Madrid", 60)],
           ["gmail.com", "hotmail.es", "yahoo.es", "outlook.es"], ["paypal", "bizum"]),
    "IT": ("it-IT,it;q=0.9,en-US;q=0.8,en;q=0.7", "EUR", [("Europe/Rome", 60)],
           ["gmail.com", "libero.it", "hotmail.it", "virgilio.it"], ["paypal", "satispay"]),
    "NL": ("nl-NL,nl;q=0.9,en-US;q=0.8,en;q=0.7", "EUR", [("Europe/Amsterdam", 60)],
           ["gmail.com", "ziggo.nl", "kpnmail.nl", "outlook.com"], ["ideal", "paypal"]),
    "JP": ("ja,en-US;q=0.9,en;q=0.8", "JPY", [("Asia/Tokyo", 540)],
           ["gmail.com", "docomo.ne.jp", "yahoo.co.jp", "icloud.com", "ezweb.ne.jp"],
           ["paypay", "konbini", "apple_pay", "carrier_billing"]),
    "KR": ("ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7", "KRW", [("Asia/Seoul", 540)],
           ["naver.com", "daum.net", "gmail.com", "kakao.com"],
           ["kakaopay", "naverpay", "toss", "carrier_billing"]),
    "CN": ("zh-CN,zh;q=0.9", "CNY", [("Asia/Shanghai", 480)],
           ["qq.com", "163.com", "126.com", "foxmail.com"], ["alipay", "wechat_pay", "unionpay"]),
    "CA": ("en-CA,en;q=0.9,fr-CA;q=0.8", "CAD", [("America/Toronto", -300),
                                                  ("America/Vancouver", -480)],
           ["gmail.com", "hotmail.com", "outlook.com", "yahoo.ca", "icloud.com"],
           ["paypal", "interac", "apple_pay"]),
    "AU": ("en-AU,en;q=0.9", "AUD", [("Australia/Sydney", 660), ("Australia/Perth", 480)],
           ["gmail.com", "bigpond.com", "outlook.com", "icloud.com"],
           ["paypal", "apple_pay", "afterpay"]),
    "BR": ("pt-BR,pt;q=0.9,en-US;q=0.8,en;q=0.7", "BRL", [("America/Sao_Paulo", -180)],
           ["gmail.com", "hotmail.com", "outlook.com", "uol.com.br"], ["pix", "boleto"]),
    "IN": ("en-IN,en;q=0.9,hi;q=0.8", "INR", [("Asia/Kolkata", 330)],
           ["gmail.com", "yahoo.co.in", "rediffmail.com", "outlook.com"],
           ["upi", "paytm", "netbanking"]),
    "PH": ("en-PH,en;q=0.9,fil;q=0.8", "PHP", [("Asia/Manila", 480)],
           ["gmail.com", "yahoo.com", "outlook.com"], ["gcash", "maya"]),
    "ID": ("id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7", "IDR", [("Asia/Jakarta", 420)],
           ["gmail.com", "yahoo.co.id"], ["ovo", "gopay", "dana"]),
}

# Where people are while abroad, for their phone's automatic timezone.
TZ_OF = {"US": ("America/New_York", -300), "GB": ("Europe/London", 0),
         "ES": ("Europe/Madrid", 60), "IT": ("Europe/Rome", 60), "FR": ("Europe/Paris", 60),
         "DE": ("Europe/Berlin", 60), "NL": ("Europe/Amsterdam", 60),
         "MX": ("America/Cancun", -300), "TH": ("Asia/Bangkok", 420),
         "AE": ("Asia/Dubai", 240), "TR": ("Europe/Istanbul", 180),
         "SG": ("Asia/Singapore", 480), "HK": ("Asia/Hong_Kong", 480),
         "TW": ("Asia/Taipei", 480), "JP": ("Asia/Tokyo", 540), "KR": ("Asia/Seoul", 540),
         "CA": ("America/Toronto", -300), "AU": ("Australia/Sydney", 660),
         "CZ": ("Europe/Prague", 60), "SC": ("Indian/Mahe", 240), "CN": ("Asia/Shanghai", 480),
         "IN": ("Asia/Kolkata", 330), "BR": ("America/Sao_Paulo", -180),
         "PH": ("Asia/Manila", 480), "RU": ("Europe/Moscow", 180),
         "VN": ("Asia/Ho_Chi_Minh", 420), "ID": ("Asia/Jakarta", 420),
         "NG": ("Africa/Lagos", 60)}

# Gift-card face values (typical, high) per currency.
FACES = {
    "USD": ([10, 15, 20, 25, 50, 100], [150, 200, 250, 300, 500]),
    "EUR": ([10, 15, 20, 25, 50, 100], [150, 200, 250, 500]),
    "GBP": ([10, 15, 20, 25, 50, 100], [150, 200, 250]),
    "CAD": ([15, 25, 50, 100], [150, 200, 300]),
    "AUD": ([20, 30, 50, 100], [150, 200, 300]),
    "JPY": ([1500, 3000, 5000, 10000], [15000, 20000, 30000, 50000]),
    "KRW": ([10000, 30000, 50000, 100000], [150000, 200000, 300000, 500000]),
    "CNY": ([50, 100, 200, 300, 500], [800, 1000, 2000]),
    "BRL": ([30, 50, 100, 150, 250], [300, 500, 1000]),
    "INR": ([250, 500, 1000, 2000], [5000, 10000, 20000]),
    "PHP": ([250, 500, 1000], [2000, 3000, 5000]),
}
# In-game currency packs at their store price points.
TOPUPS = {
    "USD": [0.99, 4.99, 9.99, 19.99, 49.99, 99.99],
    "EUR": [0.99, 5.49, 10.99, 21.99, 54.99, 109.99],
    "GBP": [0.99, 4.99, 9.99, 19.99, 49.99, 99.99],
    "CAD": [1.39, 6.99, 13.99, 27.99, 69.99, 139.99],
    "AUD": [1.49, 7.99, 15.99, 30.99, 79.99, 149.99],
    "JPY": [160, 490, 980, 1960, 3060, 4900, 10000],
    "KRW": [1200, 5900, 11000, 33000, 65000, 119000],
    "CNY": [6, 30, 68, 128, 328, 648],
    "BRL": [4.90, 14.90, 29.90, 79.90, 149.90, 249.90],
    "INR": [89.0, 179.0, 449.0, 899.0, 1799.0, 4499.0],
    "PHP": [59.0, 149.0, 299.0, 749.0, 1490.0, 2990.0],
}
# Software keys: (product, price in USD); other currencies by a rounded rate.
SOFTWARE = [("win11-home-key", 29.99), ("win11-pro-key", 39.99), ("office-2024-home", 59.99),
            ("office-2024-pro-plus", 89.99), ("m365-family-1y", 99.99),
            ("antivirus-3dev-1y", 24.99), ("vpn-2y", 59.99), ("adobe-cc-1y", 239.99),
            ("game-key-aaa", 69.99), ("game-key-indie", 14.99)]
RATE = {"USD": 1, "EUR": 0.92, "GBP": 0.79, "CAD": 1.38, "AUD": 1.52, "JPY": 150,
        "KRW": 1380, "CNY": 7.2, "BRL": 5.0, "INR": 84, "PHP": 57}
GIFT_BRANDS = ["steam", "psn", "xbox", "nintendo-eshop", "apple", "google-play", "amazon",
               "netflix", "spotify", "roblox", "razer-gold", "valorant"]
GAMES = ["genshin-crystals", "valorant-points", "fortnite-vbucks", "pubgm-uc", "mlbb-diamonds",
         "robux", "hsr-oneiric-shards", "freefire-diamonds", "cod-points", "apex-coins"]

DESKTOP = ["chrome_win", "chrome_mac", "edge_win", "safari_mac", "firefox_win",
           "h7_chrome_win_144", "h10_chrome_mac_143", "h11_edge_win_143"]
MOBILE = ["chrome_android", "samsung_android", "safari_iphone", "h7_safari_iphone_26",
          "h10_chrome_android_143", "h6_safari_iphone_182", "h11_safari_iphone_262"]


def tz_of(rng, cc):
    return rng.choice(LOCALES[cc][2]) if cc in LOCALES else TZ_OF.get(cc, ("UTC", 0))


def device(rng, cc, profile, age=None, cookies="keep", beacon=True, tz=None, lang=None):
    """A browser of someone from `cc` (its language), its clock on `tz` (default home)."""
    lang = lang or LOCALES[cc][0]
    return Device(rng, profile, lang, tz or tz_of(rng, cc), cookies=cookies, age_days=age,
                  beacon=beacon, languages=[x.split(";")[0] for x in lang.split(",")])


class CloneDevice(Device):
    """An anti-detect profile loaded with cookies stolen from `origin` (infostealer logs):
    its own fingerprint, but the device cookie it sends is whatever `origin` holds at the
    moment, until riskgate hands this profile a new one."""

    def __init__(self, rng, origin, profile, lang, tz):
        self._origin, self._own = origin, None
        super().__init__(rng, profile, lang, tz, cookies="keep", age_days=None)

    @property
    def cookie(self):
        return self._own if self._own is not None else self._origin.cookie

    @cookie.setter
    def cookie(self, value):
        self._own = value


def pool(rng, name):
    return rng.choice(EXTRA[name])


def ip(rng, name):
    return pool(rng, name)[0]


def fresh(rng, ctx, names):
    """An address from the pools `names` that nobody else in this cell has drawn with
    fresh() (a household's own line, a proxy pool's next exit); any of them once the
    pools run out."""
    used = ctx.__dict__.setdefault("h11_used", set())
    entries = [e for n in names for e in EXTRA[n]]
    free = [e for e in entries if e[0] not in used]
    e = rng.choice(free or entries)
    used.add(e[0])
    return e


def home_pools(cc):
    return sorted(n for n in EXTRA if n == "h11_home_%s" % cc or
                  (n.startswith("h11_home_%s" % cc) and n[len("h11_home_%s" % cc):].isdigit()))


def home_line(rng, ctx, cc):
    """A household's own fixed line in `cc`."""
    return fresh(rng, ctx, home_pools(cc) or home_pools("US"))[0]


def home_ip(rng, ctx, cc, mobile_share=0.3):
    """Where someone at home in `cc` connects from: their carrier (addresses shared behind
    carrier-grade NAT) or their own fixed line."""
    if "h11_mobile_%s" % cc in EXTRA and rng.random() < mobile_share:
        return ip(rng, "h11_mobile_%s" % cc)
    return home_line(rng, ctx, cc)


def money(value, currency):
    if currency in ZERO_DECIMAL:
        return int(round(value))
    return round(float(value), 2)


def local_price(usd, currency):
    """A USD price in `currency`, rounded the way shops price (x.99, whole hundreds)."""
    v = usd * RATE[currency]
    if currency in ZERO_DECIMAL:
        step = 100 if currency == "KRW" else 10
        return int(round(v / step) * step)
    if v >= 1000:
        return float(round(v / 10) * 10 - 1)
    return round(int(v) + 0.99, 2)


def item(rng, currency, kind=None, high=False):
    """(product, unit price) of a gift card, a top-up pack or a software key."""
    kind = kind or rng.choice(["gift", "gift", "topup", "software"])
    if kind == "gift":
        faces = FACES[currency][1 if high else 0]
        face = rng.choice(faces)
        return "%s-%s-%s" % (rng.choice(GIFT_BRANDS), face, currency.lower()), face
    if kind == "topup":
        packs = TOPUPS[currency]
        price = rng.choice(packs[-3:] if high else packs[:-1])
        return "%s-%s" % (rng.choice(GAMES), packs.index(price) + 1), price
    soft = [s for s in SOFTWARE if (s[1] >= 59 if high else s[1] < 100)]
    name, usd = rng.choice(soft)
    return name, local_price(usd, currency)


def order(rng, user, email, currency, kind=None, high=False, quantity=1, method="card",
          product=None):
    name, unit = item(rng, currency, kind, high) if product is None else product
    return {"product": name, "quantity": quantity, "amount": money(unit * quantity, currency),
            "currency": currency, "user": user, "email": email, "payment_method": method}


def method_of(rng, cc, card_share=0.5):
    return "card" if rng.random() < card_share else rng.choice(LOCALES[cc][4])


def account(rng):
    """A shop account id as the shop assigns them."""
    return "c%08d" % rng.randrange(10 ** 7, 10 ** 8)


def mailbox(rng, cc, first=None, last=None):
    first, last = first or rng.choice(NAMES), last or rng.choice(SURNAMES)
    style = rng.random()
    if style < 0.4:
        local = "%s.%s" % (first, last)
    elif style < 0.6:
        local = "%s%s%d" % (first, last, rng.randint(1, 99))
    elif style < 0.8:
        local = "%s%s%d" % (first[0], last, rng.randint(1965, 2008))
    else:
        local = "%s_%s" % (first, rng.choice(["gamer", "kr", "jp", "xo", "official", "92",
                                               "real", "tv", "plays", "music"]))
    local = local.replace("-", "")
    return "%s@%s" % (local, rng.choice(LOCALES.get(cc, LOCALES["US"])[3]))


def junk(rng, n, alphabet=string.ascii_lowercase + string.digits):
    return "".join(rng.choice(alphabet) for _ in range(n))


def start(rng, ctx, tail=400):
    return rng.uniform(30, max(60, ctx.window - tail))


def browse(rng, inst, t, dev, addr, pages=(1, 3), gap=(8, 60)):
    """Page views before a purchase; returns the time of the last one."""
    for _ in range(rng.randint(*pages)):
        inst.visit(t, dev, addr)
        t += rng.uniform(*gap)
    return t


def pick_cc(rng, weights):
    r, acc = rng.random() * sum(w for _, w in weights), 0.0
    for cc, w in weights:
        acc += w
        if r < acc:
            return cc
    return weights[-1][0]


WORLD = [("US", 30), ("GB", 9), ("DE", 8), ("FR", 6), ("CA", 5), ("AU", 4), ("ES", 4),
         ("IT", 4), ("NL", 3), ("BR", 6), ("IN", 5), ("JP", 6), ("KR", 5), ("CN", 3),
         ("PH", 2)]


def profile_for(rng, mobile_share=0.55):
    return rng.choice(MOBILE if rng.random() < mobile_share else DESKTOP)


# ---------------------------------------------------------------- legitimate buyers


def h11_regular(rng, ctx):
    """Returning customers on their usual browser at home: a cookie from weeks or months
    ago, a consistent beacon, a home ISP or their carrier, the home currency; one order,
    sometimes a second product a few minutes later. Trace: an aged device cookie, nothing
    unusual."""
    out = []
    for _ in range(ctx.n(38)):
        cc = pick_cc(rng, WORLD)
        inst = Instance("h11_regular", "legit")
        dev = device(rng, cc, profile_for(rng), age=rng.choice(AGES))
        addr = home_ip(rng, ctx, cc)
        user, email, cur = account(rng), mailbox(rng, cc), LOCALES[cc][1]
        t = browse(rng, inst, start(rng, ctx), dev, addr)
        method = method_of(rng, cc)
        inst.order(t, dev, addr, order(rng, user, email, cur, method=method))
        if rng.random() < 0.2:
            t = browse(rng, inst, t + rng.uniform(60, 400), dev, addr, pages=(1, 2))
            inst.order(t, dev, addr, order(rng, user, email, cur, method=method))
        out.append(inst)
    return out


def h11_new_device_big(rng, ctx):
    """First purchase on a new phone or laptop, for a lot: a birthday or graduation gift
    card from the high face values, a software suite, sometimes two cards. Browses a few
    pages first. Trace: no device history, a fresh account, a high amount; home network,
    locale and timezone all agree."""
    out = []
    for _ in range(ctx.n(28)):
        cc = pick_cc(rng, WORLD)
        inst = Instance("h11_new_device_big", "legit")
        dev = device(rng, cc, profile_for(rng, 0.5))
        addr = home_ip(rng, ctx, cc, 0.25)
        cur = LOCALES[cc][1]
        t = browse(rng, inst, start(rng, ctx), dev, addr, pages=(2, 5), gap=(15, 90))
        kind = rng.choice(["gift", "gift", "software"])
        qty = 2 if kind == "gift" and rng.random() < 0.2 else 1
        inst.order(t, dev, addr, order(rng, account(rng), mailbox(rng, cc), cur, kind,
                                       high=True, quantity=qty, method=method_of(rng, cc)))
        out.append(inst)
    return out


def h11_late_gamer(rng, ctx):
    """Players topping up during a long session: an established phone or gaming PC, a
    small pack, then another one or two packs 3-15 minutes later when the first is spent.
    Trace: several small orders of one account from one device and network."""
    out = []
    gamer = [("US", 5), ("BR", 4), ("PH", 3), ("KR", 3), ("JP", 3), ("IN", 2), ("GB", 2),
             ("DE", 1), ("CA", 1)]
    for _ in range(ctx.n(15)):
        cc = pick_cc(rng, gamer)
        inst = Instance("h11_late_gamer", "legit")
        prof = rng.choice(MOBILE + ["h7_opera_gx", "h7_chrome_win_144", "h9_steamdeck",
                                    "h9_handheld_edge"])
        dev = device(rng, cc, prof, age=rng.choice(AGES))
        addr = home_ip(rng, ctx, cc, 0.4)
        user, email, cur = account(rng), mailbox(rng, cc), LOCALES[cc][1]
        method = method_of(rng, cc, 0.4)
        game = rng.choice(GAMES)
        packs = TOPUPS[cur]
        t = browse(rng, inst, start(rng, ctx, 1200), dev, addr, pages=(1, 2))
        for _ in range(rng.choice([1, 2, 2, 3])):
            price = rng.choice(packs[1:4])
            inst.order(t, dev, addr, order(rng, user, email, cur, method=method,
                                           product=("%s-%d" % (game, packs.index(price) + 1),
                                                    price)))
            t = browse(rng, inst, t + rng.uniform(180, 900), dev, addr, pages=(1, 1))
        out.append(inst)
    return out


def h11_privacy_browser(rng, ctx):
    """Privacy-minded buyers: Brave with shields, Firefox with resistFingerprinting,
    Mullvad Browser, Firefox Focus, DuckDuckGo, Safari with iCloud Private Relay. Cookies
    kept for the session or not at all, the page script often blocked, and a share on
    Private Relay / WARP or a privacy VPN. Trace: no cookie continuity, UTC or farbled
    beacons or none, relay and VPN networks."""
    out = []
    profiles = ["brave_win", "firefox_strict", "h5_mullvad_browser", "h8_firefox_focus",
                "h9_ddg_android", "h6_brave_android", "safari_iphone", "safari_mac"]
    for _ in range(ctx.n(28)):
        cc = pick_cc(rng, [("US", 5), ("DE", 3), ("GB", 2), ("NL", 2), ("FR", 1),
                           ("CA", 1), ("JP", 1)])
        inst = Instance("h11_privacy_browser", "legit")
        prof = rng.choice(profiles)
        beacon = rng.random() < 0.55
        cookies = rng.choice(["session", "session", "none"])
        dev = device(rng, cc, prof, cookies=cookies, beacon=beacon)
        r = rng.random()
        if prof.startswith("safari") and r < 0.7:
            addr = ip(rng, "h11_relay")
        elif r < 0.2:
            addr = ip(rng, "h11_vpn")
        elif r < 0.3:
            addr = ip(rng, "h11_relay")
        else:
            addr = home_ip(rng, ctx, cc, 0.2)
        user, email, cur = account(rng), mailbox(rng, cc), LOCALES[cc][1]
        t = browse(rng, inst, start(rng, ctx), dev, addr)
        inst.order(t, dev, addr, order(rng, user, email, cur, method=method_of(rng, cc, 0.4)))
        if rng.random() < 0.25:
            t = browse(rng, inst, t + rng.uniform(300, 1200), dev, addr, pages=(1, 2))
            inst.order(t, dev, addr, order(rng, user, email, cur, method="paypal"))
        out.append(inst)
    return out


def h11_mobile_abroad(rng, ctx):
    """People at home on a phone whose carrier range the country database places in
    another country (Jio and Vi in India, KDDI, BT/EE, Telkomsel, Globe): home language,
    timezone and currency. Half are established phones. Trace: the address's country is
    not the buyer's; a carrier AS."""
    out = []
    homes = [("IN", "h11_abroad_IN", 4), ("JP", "h11_abroad_JP", 3), ("GB", "h11_abroad_GB", 3),
             ("ID", "h11_abroad_ID", 2), ("PH", "h11_abroad_PH", 3)]
    for _ in range(ctx.n(28)):
        cc, pname = pick_cc(rng, [((c, p), w) for c, p, w in homes])
        inst = Instance("h11_mobile_abroad", "legit")
        prof = rng.choice(MOBILE + ["h9_instagram_iphone", "h9_tiktok_android"])
        dev = device(rng, cc, prof, age=rng.choice((None,) + AGES))
        addr = ip(rng, pname)
        # Indonesians pay in USD (the shop lists no IDR).
        cur = "USD" if cc == "ID" else LOCALES[cc][1]
        pay = method_of(rng, cc, 0.5) if cc != "ID" else rng.choice(["card", "paypal"])
        t = browse(rng, inst, start(rng, ctx), dev, addr, pages=(1, 3))
        inst.order(t, dev, addr, order(rng, account(rng), mailbox(rng, cc), cur,
                                       rng.choice(["gift", "topup", "topup"]), method=pay))
        out.append(inst)
    return out


def h11_cgnat_shared(rng, ctx):
    """Unrelated mobile buyers behind carrier-grade NAT: in each cell a handful of Jio,
    Airtel, Vivo, TIM and Globe addresses each carry many subscribers, several of whom
    buy a top-up or a small card within the same hour. Trace: many accounts and devices
    on one address within minutes."""
    out = []
    shared = {}
    for cc in ("IN", "BR", "PH"):
        shared[cc] = [ip(rng, "h11_mobile_%s" % cc) for _ in range(2)]
    for _ in range(ctx.n(38)):
        cc = pick_cc(rng, [("IN", 4), ("BR", 4), ("PH", 3)])
        inst = Instance("h11_cgnat_shared", "legit")
        prof = rng.choice(["chrome_android", "samsung_android", "h10_chrome_android_143",
                           "h6_old_android", "h9_tiktok_android", "safari_iphone"])
        dev = device(rng, cc, prof, age=rng.choice((None, None) + AGES))
        addr = rng.choice(shared[cc])
        cur = LOCALES[cc][1]
        t = browse(rng, inst, start(rng, ctx), dev, addr, pages=(1, 2))
        inst.order(t, dev, addr, order(rng, account(rng), mailbox(rng, cc), cur,
                                       rng.choice(["topup", "topup", "gift"]),
                                       method=method_of(rng, cc, 0.25)))
        out.append(inst)
    return out


COMPANIES = {"USD": ["northwind-logistics.com", "acme-analytics.io", "rivera-dental.com",
                     "orbitalgames.com", "pacificrim-trading.sg"],
             "GBP": ["bluepeak.co.uk", "harrow-estates.co.uk"],
             "EUR": ["kessler-gmbh.de", "lumen-hr.nl", "atelier-roux.fr", "brightwave.ch"],
             "JPY": ["tanaka-shoji.co.jp"], "KRW": ["hanbit-soft.co.kr"],
             "INR": ["sutra-infotech.in"], "AUD": ["coastline-realty.com.au"],
             "CAD": ["maplehealth.ca"]}
CORP_CUR = {"US": "USD", "GB": "GBP", "DE": "EUR", "NL": "EUR", "FR": "EUR", "ES": "EUR",
            "CH": "EUR", "PL": "EUR", "IE": "EUR", "JP": "JPY", "IN": "INR", "AU": "AUD",
            "CA": "CAD", "SG": "USD", "KR": "KRW"}


def h11_corporate_bulk(rng, ctx):
    """Office buyers (HR rewards, customer incentives, a studio buying game keys for
    testers) on a managed Edge / Chrome desktop behind their company's secure web gateway:
    several orders over the hour, 5-25 cards each, company email, invoice or a corporate
    card. Trace: large quantities and totals, repeated orders, a gateway AS whose country
    is wherever the nearest node is."""
    out = []
    for _ in range(ctx.n(4)):
        inst = Instance("h11_corporate_bulk", "legit")
        entry = pool(rng, "h11_corp")
        addr, where = entry[0], entry[1]
        cur = CORP_CUR.get(where, "USD")
        cc = next((c for c, loc in LOCALES.items() if loc[1] == cur), "US")
        cc = where if where in LOCALES else cc
        dev = device(rng, cc, rng.choice(["edge_win", "h11_edge_win_143", "chrome_win",
                                          "h8_chrome_win_132"]), age=rng.choice(AGES[1:]))
        company = rng.choice(COMPANIES.get(cur, COMPANIES["USD"]))
        first, last = rng.choice(NAMES), rng.choice(SURNAMES)
        email = "%s.%s@%s" % (first.replace("-", ""), last, company)
        user = account(rng)
        method = rng.choice(["invoice", "card", "card"])
        t = browse(rng, inst, rng.uniform(30, 600), dev, addr, pages=(1, 2))
        for _ in range(rng.randint(4, 8)):
            kind = rng.choice(["gift", "gift", "software"])
            qty = rng.choice([5, 10, 10, 15, 20, 25])
            if kind == "gift":
                face = rng.choice(FACES[cur][0][1:])
                prod = ("%s-%s-%s" % (rng.choice(["amazon", "apple", "steam", "netflix",
                                                  "spotify"]), face, cur.lower()), face)
            else:
                prod = item(rng, cur, "software")
                qty = rng.choice([3, 5, 10])
            inst.order(t, dev, addr, order(rng, user, email, cur, quantity=qty, method=method,
                                           product=prod))
            t = browse(rng, inst, t + rng.uniform(120, 600), dev, addr, pages=(1, 1))
        out.append(inst)
    return out


def h11_traveller(rng, ctx):
    """Travellers on their own established phone or laptop: hotel or cafe Wi-Fi in
    another country, or a travel eSIM that breaks out somewhere else again; home language
    and currency; the phone's clock follows the destination, a laptop's often stays on
    home time. Trace: an aged cookie now seen from a foreign network."""
    out = []
    for _ in range(ctx.n(26)):
        cc = pick_cc(rng, [("US", 5), ("GB", 3), ("DE", 3), ("FR", 2), ("JP", 2),
                           ("KR", 2), ("AU", 2), ("CA", 2), ("NL", 1)])
        inst = Instance("h11_traveller", "legit")
        mobile = rng.random() < 0.6
        if rng.random() < 0.3:
            entry = pool(rng, "h11_esim")
        else:
            entry = pool(rng, "h11_travel")
            while entry[1] == cc:
                entry = pool(rng, "h11_travel")
        addr, there = entry[0], entry[1]
        if mobile:
            tz = TZ_OF.get(there, tz_of(rng, cc)) if rng.random() < 0.8 else tz_of(rng, cc)
        else:
            tz = tz_of(rng, cc) if rng.random() < 0.7 else TZ_OF.get(there, tz_of(rng, cc))
        dev = device(rng, cc, profile_for(rng, 1.0 if mobile else 0.0), age=rng.choice(AGES),
                     tz=tz)
        user, email, cur = account(rng), mailbox(rng, cc), LOCALES[cc][1]
        t = browse(rng, inst, start(rng, ctx), dev, addr)
        inst.order(t, dev, addr, order(rng, user, email, cur,
                                       rng.choice(["gift", "topup", "software"]),
                                       method=method_of(rng, cc, 0.6)))
        if rng.random() < 0.15:
            t += rng.uniform(200, 900)
            inst.order(t, dev, addr, order(rng, user, email, cur, "gift",
                                           method=method_of(rng, cc, 0.6)))
        out.append(inst)
    return out


def h11_expat_gifts(rng, ctx):
    """People living abroad buying for family at home in the family's currency: a Korean
    student in the US sending KRW cards, Filipino workers in the Gulf and Hong Kong
    sending PHP loads, Indians in the UK, Japanese in Germany, Chinese in Canada and
    Australia, Brazilians in Portugal's neighbour Spain. Trace: the currency (often the
    language too) is not the address's country."""
    out = []
    pairs = [("KR", "US", "h11_home_US"), ("PH", "AE", "h11_travel"), ("PH", "HK", "h11_travel"),
             ("PH", "SG", "h11_travel"), ("IN", "GB", "h11_home_GB"), ("IN", "US", "h11_home_US"),
             ("JP", "DE", "h11_home_DE"), ("CN", "CA", "h11_home_CA"), ("CN", "AU", "h11_home_AU"),
             ("BR", "ES", "h11_home_ES"), ("KR", "AU", "h11_home_AU"), ("CN", "US", "h11_home_US")]
    for _ in range(ctx.n(24)):
        origin, live, pname = rng.choice(pairs)
        inst = Instance("h11_expat_gifts", "legit")
        if pname == "h11_travel":
            addr = rng.choice([e for e in EXTRA[pname] if e[1] == live] or EXTRA[pname])[0]
        else:
            addr = home_line(rng, ctx, live)
        lang = LOCALES[origin][0] if rng.random() < 0.7 else LOCALES.get(live, LOCALES["US"])[0]
        dev = device(rng, origin, profile_for(rng), age=rng.choice((None,) + AGES),
                     tz=TZ_OF.get(live, ("UTC", 0)), lang=lang)
        user, cur = account(rng), LOCALES[origin][1]
        email = mailbox(rng, origin if rng.random() < 0.6 else live if live in LOCALES else "US")
        pay = "card" if rng.random() < 0.6 else rng.choice(["paypal", "apple_pay", "google_pay"])
        t = browse(rng, inst, start(rng, ctx), dev, addr)
        inst.order(t, dev, addr, order(rng, user, email, cur, rng.choice(["gift", "topup"]),
                                       method=pay))
        if rng.random() < 0.25:
            t += rng.uniform(60, 300)
            inst.order(t, dev, addr, order(rng, user, email, cur, "gift", method=pay))
        out.append(inst)
    return out


def h11_jp(rng, ctx):
    """Japanese buyers: mostly iPhone Safari (some in LINE's browser), on docomo / au /
    SoftBank or home fibre; iTunes and Google Play cards and game packs at yen price
    points; PayPay, konbini, carrier billing or a card. Trace: ordinary, zero-decimal
    amounts."""
    out = []
    for _ in range(ctx.n(30)):
        inst = Instance("h11_jp", "legit")
        prof = rng.choice(["safari_iphone", "h7_safari_iphone_26", "h11_safari_iphone_262",
                           "h9_line_iphone", "chrome_android", "chrome_win", "safari_mac"])
        dev = device(rng, "JP", prof, age=rng.choice((None,) + AGES))
        addr = home_ip(rng, ctx, "JP", 0.5)
        user, email = account(rng), mailbox(rng, "JP")
        t = browse(rng, inst, start(rng, ctx), dev, addr)
        inst.order(t, dev, addr, order(rng, user, email, "JPY",
                                       rng.choice(["gift", "topup", "topup", "software"]),
                                       high=rng.random() < 0.1, method=method_of(rng, "JP", 0.4)))
        if rng.random() < 0.15:
            t += rng.uniform(120, 600)
            inst.order(t, dev, addr, order(rng, user, email, "JPY", "topup",
                                           method=method_of(rng, "JP", 0.4)))
        out.append(inst)
    return out


def h11_kr(rng, ctx):
    """Korean buyers: Samsung Internet, KakaoTalk and NAVER in-app browsers, Whale on a
    PC, and PC-bang seats (cookies gone when the seat logs off); KT / SK / LG U+ lines;
    Google Play and game cards in won; Kakao Pay, Naver Pay, Toss or a card. Trace:
    ordinary; PC-bang seats share an address and start without a cookie."""
    out = []
    bang = [home_line(rng, ctx, "KR") for _ in range(2)]
    for _ in range(ctx.n(30)):
        inst = Instance("h11_kr", "legit")
        r = rng.random()
        if r < 0.18:
            dev = device(rng, "KR", "h8_pcbang_seat", cookies="session")
            addr = rng.choice(bang)
        else:
            prof = rng.choice(["samsung_android", "h8_kakaotalk_android", "h9_naver_android",
                               "h8_whale_win", "safari_iphone", "chrome_win"])
            dev = device(rng, "KR", prof, age=rng.choice((None,) + AGES))
            addr = home_ip(rng, ctx, "KR", 0.45)
        user, email = account(rng), mailbox(rng, "KR")
        t = browse(rng, inst, start(rng, ctx), dev, addr)
        inst.order(t, dev, addr, order(rng, user, email, "KRW",
                                       rng.choice(["gift", "topup", "topup"]),
                                       high=rng.random() < 0.08, method=method_of(rng, "KR", 0.3)))
        if rng.random() < 0.15:
            t += rng.uniform(120, 600)
            inst.order(t, dev, addr, order(rng, user, email, "KRW", "topup",
                                           method=method_of(rng, "KR", 0.3)))
        out.append(inst)
    return out


def h11_cn(rng, ctx):
    """Mainland buyers of Steam wallet codes and game packs in yuan: WeChat's browser or
    a desktop Chrome / Edge; China Telecom / Unicom / Mobile lines, and about a quarter
    through an "airport" proxy on Alibaba / Tencent cloud in Hong Kong, Singapore or
    Japan because foreign shops load slowly or not at all. Alipay, WeChat Pay, UnionPay.
    Trace: a Chinese locale and timezone on a cloud AS abroad for some."""
    out = []
    for _ in range(ctx.n(26)):
        inst = Instance("h11_cn", "legit")
        prof = rng.choice(["h7_wechat_android", "h8_wechat_ios", "chrome_win", "edge_win",
                           "safari_iphone", "chrome_mac"])
        dev = device(rng, "CN", prof, age=rng.choice((None,) + AGES))
        if rng.random() < 0.25:
            addr = ip(rng, "h11_cloud_asia")
        else:
            addr = ip(rng, "h11_mobile_CN") if rng.random() < 0.4 else home_line(rng, ctx, "CN")
        user, email = account(rng), mailbox(rng, "CN")
        t = browse(rng, inst, start(rng, ctx), dev, addr)
        inst.order(t, dev, addr, order(rng, user, email, "CNY",
                                       rng.choice(["gift", "topup", "software"]),
                                       high=rng.random() < 0.1, method=method_of(rng, "CN", 0.15)))
        out.append(inst)
    return out


def h11_eu(rng, ctx):
    """Euro-area buyers (DE, FR, ES, IT, NL): gift cards and software keys in euros,
    PayPal, Klarna, iDEAL, Sofort, Bizum or a card; home lines and Vodafone / O2 mobile;
    a mix of new and established browsers. Trace: ordinary."""
    out = []
    for _ in range(ctx.n(30)):
        cc = pick_cc(rng, [("DE", 4), ("FR", 3), ("ES", 2), ("IT", 2), ("NL", 2)])
        inst = Instance("h11_eu", "legit")
        dev = device(rng, cc, profile_for(rng, 0.5), age=rng.choice((None,) + AGES))
        addr = home_ip(rng, ctx, cc)
        user, email = account(rng), mailbox(rng, cc)
        t = browse(rng, inst, start(rng, ctx), dev, addr)
        inst.order(t, dev, addr, order(rng, user, email, "EUR",
                                       rng.choice(["gift", "software", "topup"]),
                                       high=rng.random() < 0.1, method=method_of(rng, cc, 0.4)))
        if rng.random() < 0.15:
            t += rng.uniform(60, 500)
            inst.order(t, dev, addr, order(rng, user, email, "EUR",
                                           method=method_of(rng, cc, 0.4)))
        out.append(inst)
    return out


def h11_household(rng, ctx):
    """One family computer or tablet, two or three accounts (a parent and the kids):
    Roblox and Fortnite packs for the kids, a card for the parent, spread over the hour
    from the same home line. Trace: several accounts on one established device."""
    out = []
    for _ in range(ctx.n(10)):
        cc = pick_cc(rng, [("US", 5), ("GB", 2), ("DE", 1), ("CA", 1), ("AU", 1), ("BR", 1),
                           ("JP", 1)])
        inst = Instance("h11_household", "legit")
        dev = device(rng, cc, rng.choice(["h6_family_tablet", "chrome_win", "h5_ipad_safari",
                                          "edge_win", "safari_mac"]), age=rng.choice(AGES[1:]))
        addr = home_line(rng, ctx, cc)
        cur = LOCALES[cc][1]
        last = rng.choice(SURNAMES)
        members = [(account(rng), mailbox(rng, cc, last=last)) for _ in range(rng.randint(2, 3))]
        t = start(rng, ctx, 1500)
        for k in range(rng.randint(2, 4)):
            user, email = members[k % len(members)]
            t = browse(rng, inst, t, dev, addr, pages=(1, 2))
            kind = "topup" if k % len(members) else rng.choice(["gift", "software"])
            inst.order(t, dev, addr, order(rng, user, email, cur, kind,
                                           method=method_of(rng, cc, 0.6)))
            t += rng.uniform(240, 900)
        out.append(inst)
    return out


def h11_inapp_link(rng, ctx):
    """Buyers who tap a creator's or a friend's link in TikTok, Instagram, Discord or LINE
    and buy inside the app's browser (its own cookie jar: a device the shop has never
    seen), usually a new account, quickly. Trace: fresh device, short visit-to-order time,
    in-app user agents, mobile carriers."""
    out = []
    apps = {"US": ["h9_tiktok_android", "h9_instagram_iphone", "h7_discord_iphone"],
            "GB": ["h9_tiktok_android", "h9_instagram_iphone", "h7_discord_iphone"],
            "BR": ["h9_tiktok_android", "h9_instagram_iphone"],
            "PH": ["h9_tiktok_android", "h9_instagram_iphone"],
            "IN": ["h9_instagram_iphone", "h9_tiktok_android"],
            "JP": ["h9_line_iphone", "h9_instagram_iphone"]}
    for _ in range(ctx.n(28)):
        cc = pick_cc(rng, [("US", 4), ("GB", 2), ("BR", 2), ("PH", 2), ("IN", 2), ("JP", 2)])
        inst = Instance("h11_inapp_link", "legit")
        dev = device(rng, cc, rng.choice(apps[cc]))
        addr = home_ip(rng, ctx, cc, 0.7)
        t = browse(rng, inst, start(rng, ctx), dev, addr, pages=(1, 2), gap=(5, 30))
        t += rng.uniform(10, 60)
        inst.order(t, dev, addr, order(rng, account(rng), mailbox(rng, cc), LOCALES[cc][1],
                                       rng.choice(["topup", "gift"]),
                                       method=method_of(rng, cc, 0.4)))
        out.append(inst)
    return out


def h11_decline_retry(rng, ctx):
    """Honest buyers whose first payment attempt fails at their bank (3-D Secure timeout,
    a daily limit) and who try again within a minute or two, the same order, then maybe
    with PayPal or a smaller card. Trace: the same account re-submitting the same order
    from one device within minutes."""
    out = []
    for _ in range(ctx.n(12)):
        cc = pick_cc(rng, WORLD)
        inst = Instance("h11_decline_retry", "legit")
        dev = device(rng, cc, profile_for(rng), age=rng.choice((None,) + AGES))
        addr = home_ip(rng, ctx, cc)
        user, email, cur = account(rng), mailbox(rng, cc), LOCALES[cc][1]
        t = browse(rng, inst, start(rng, ctx, 900), dev, addr)
        first = order(rng, user, email, cur, rng.choice(["gift", "software"]),
                      high=rng.random() < 0.3)
        inst.order(t, dev, addr, first)
        for _ in range(rng.randint(1, 2)):
            t += rng.uniform(25, 150)
            inst.order(t, dev, addr, dict(first))
        if rng.random() < 0.4:
            t += rng.uniform(40, 200)
            alt = dict(first, payment_method=rng.choice(LOCALES[cc][4]))
            inst.order(t, dev, addr, alt)
        out.append(inst)
    return out


# ---------------------------------------------------------------- fraud

SCRIPTS = ["h10_curl_cffi", "h9_impersonate_136", "h8_httpx", "python_requests",
           "h7_impersonate_chrome", "h6_node_undici"]
ANTIDETECT = ["h5_antidetect_win", "h6_antidetect_pro", "h7_antidetect_mac",
              "h8_antidetect_mac", "h11_multilogin_win"]


RESI_US = ["h11_resi_US", "h11_resi_US2", "h11_resi_US3", "h11_resi_US4"]


def resi(rng, ctx, cc="US"):
    """A residential-proxy exit in `cc` (US, GB, DE, FR or CA), one not yet handed out in
    this cell while there is one (the proxy networks are large)."""
    return fresh(rng, ctx, RESI_US if cc == "US" else ["h11_resi_%s" % cc])


def fake_person_mail(rng, cc="US"):
    """A throwaway-but-plausible mailbox: free mail with digits, sometimes disposable."""
    first, last = rng.choice(NAMES).replace("-", ""), rng.choice(SURNAMES)
    r = rng.random()
    if r < 0.2:
        return "%s%s@%s" % (first, junk(rng, 4, string.digits), rng.choice(DISPOSABLE))
    if r < 0.5:
        return "%s%s%s@gmail.com" % (first, last[:3], junk(rng, 4, string.digits))
    if r < 0.7:
        return "%s@%s" % (junk(rng, rng.randint(8, 12)), rng.choice(["gmail.com", "outlook.com",
                                                                     "proton.me"]))
    return mailbox(rng, cc, first, last)


def f11_card_testing(rng, ctx):
    """Checkers validating stolen card numbers against the cheapest packs: an HTTP
    client that impersonates Chrome or a plain library, no cookies, no page script, a new
    residential-proxy exit for nearly every attempt, a fresh account every few attempts,
    one attempt every 20-90 s for a quarter of an hour or more. Trace: scripted client,
    no cookie, tiny repeated amounts, many accounts, rotating residential addresses."""
    out = []
    for _ in range(ctx.n(2)):
        inst = Instance("f11_card_testing", "fraud")
        prof = rng.choice(SCRIPTS)
        cc = rng.choice(["US", "US", "GB", "DE"])
        cur = LOCALES[cc][1]
        lang = rng.choice([LOCALES[cc][0], "en-US,en;q=0.9"])
        dev = Device(rng, prof, lang, ("UTC", 0), cookies="none", beacon=False)
        t = start(rng, ctx, 1600)
        user, email = account(rng), fake_person_mail(rng, cc)
        for k in range(rng.randint(14, 20)):
            if k and rng.random() < 0.35:
                user, email = account(rng), fake_person_mail(rng, cc)
            addr = resi(rng, ctx, cc)[0]
            price = rng.choice(TOPUPS[cur][:2]) if rng.random() < 0.8 else FACES[cur][0][0]
            inst.order(t, dev, addr, order(rng, user, email, cur,
                                           product=("%s-1" % rng.choice(GAMES), price)))
            t += rng.uniform(20, 90)
        out.append(inst)
    return out


def f11_stolen_card_cashout(rng, ctx):
    """Carders cashing out full card details ("fullz") on the most liquid cards: an
    anti-detect browser profile per card, a residential proxy in the cardholder's
    country, the cardholder's name in a new free-mail account, one or two high-value
    Apple / Steam / Amazon cards within a couple of minutes of landing. The careful ones
    set the profile's timezone and language to the proxy's; about a third forget the
    timezone. Trace: new device and account, high value fast, residential proxy,
    sometimes a timezone far from the address."""
    out = []
    for _ in range(ctx.n(18)):
        cc = pick_cc(rng, [("US", 6), ("GB", 2), ("DE", 1), ("FR", 1)])
        inst = Instance("f11_stolen_card_cashout", "fraud")
        entry = resi(rng, ctx, cc)
        tz = tz_of(rng, cc) if rng.random() < 0.65 else rng.choice(
            [TZ_OF["RU"], TZ_OF["VN"], TZ_OF["NG"], TZ_OF["ID"], ("Europe/Bucharest", 120)])
        dev = device(rng, cc, rng.choice(ANTIDETECT), tz=tz)
        first, last = rng.choice(NAMES).replace("-", ""), rng.choice(SURNAMES)
        email = mailbox(rng, cc, first, last) if rng.random() < 0.6 else fake_person_mail(rng, cc)
        user, cur = account(rng), LOCALES[cc][1]
        t = browse(rng, inst, start(rng, ctx), dev, entry[0], pages=(1, 2), gap=(5, 25))
        brand = rng.choice(["apple", "steam", "amazon", "google-play", "razer-gold"])
        for _ in range(rng.choice([1, 2, 2])):
            face = rng.choice(FACES[cur][1] + FACES[cur][0][-1:])
            inst.order(t, dev, entry[0], order(rng, user, email, cur,
                                               product=("%s-%s-%s" % (brand, face, cur.lower()),
                                                        face)))
            t += rng.uniform(30, 150)
        out.append(inst)
    return out


def f11_ato(rng, ctx):
    """Account takeover after credential stuffing: an operator works through three or
    four hijacked accounts (real customers' ids and mailboxes) from one anti-detect
    profile or Android emulator, each through a residential proxy near the victim or a
    VPN, spending the saved card or wallet on high-value cards right after landing.
    Trace: several established-looking accounts on one new device, high value, proxy or
    VPN networks."""
    out = []
    for _ in range(ctx.n(4)):
        inst = Instance("f11_ato", "fraud")
        prof = rng.choice(ANTIDETECT + ["h6_emulator_x86", "h5_android_emulator"])
        cc = rng.choice(["US", "US", "GB", "DE", "CA"])
        dev = device(rng, cc, prof, cookies=rng.choice(["keep", "session"]))
        t = start(rng, ctx, 1500)
        for _ in range(rng.randint(3, 4)):
            vcc = rng.choice([cc, cc, "US"])
            user, email, cur = account(rng), mailbox(rng, vcc), LOCALES[vcc][1]
            r = rng.random()
            addr = (resi(rng, ctx, vcc)[0] if r < 0.6 else ip(rng, "h11_vpn") if r < 0.85
                    else ip(rng, "h11_origin"))
            t = browse(rng, inst, t, dev, addr, pages=(1, 2), gap=(5, 20))
            method = rng.choice(["card", "card", "paypal", "apple_pay"])
            for _ in range(rng.choice([1, 2, 3])):
                inst.order(t, dev, addr, order(rng, user, email, cur, "gift", high=True,
                                               method=method))
                t += rng.uniform(20, 90)
            t += rng.uniform(120, 500)
        out.append(inst)
    return out


def f11_account_device_churn(rng, ctx):
    """A bought aged account (or one hijacked account) shared by a crew: every order from
    a different device (fresh anti-detect profile or emulator, cookies off) and a
    different residential or 4G proxy address, spread over the hour. Trace: one account,
    many devices and addresses."""
    out = []
    for _ in range(ctx.n(2)):
        inst = Instance("f11_account_device_churn", "fraud")
        cc = "US" if rng.random() < 0.7 else "GB"
        user, email, cur = account(rng), mailbox(rng, cc), LOCALES[cc][1]
        t = start(rng, ctx, 2400)
        for _ in range(rng.randint(10, 14)):
            prof = rng.choice(ANTIDETECT + ["h6_emulator_x86", "h5_farm_phone",
                                            "h6_farm_handset"])
            dev = device(rng, cc, prof, cookies=rng.choice(["none", "session"]))
            addr = (ip(rng, "h11_mproxy_US") if cc == "US" and rng.random() < 0.4
                    else resi(rng, ctx, cc)[0])
            t = browse(rng, inst, t, dev, addr, pages=(1, 1))
            inst.order(t + rng.uniform(10, 40), dev, addr,
                       order(rng, user, email, cur, "gift", high=rng.random() < 0.5,
                             method=rng.choice(["card", "paypal"])))
            t += rng.uniform(90, 260)
        out.append(inst)
    return out


def f11_low_and_slow(rng, ctx):
    """A patient carder: one order every 8-15 minutes, each a new account and a
    clean-looking browser profile (ordinary Chrome / Safari fingerprints, cookies cleared),
    a residential exit in the card's country with matching timezone, mid-range amounts.
    Trace: little beyond new device, new account, residential proxy AS."""
    out = []
    for _ in range(ctx.n(6)):
        inst = Instance("f11_low_and_slow", "fraud")
        cc = rng.choice(["US", "US", "US", "GB", "CA"])
        cur = LOCALES[cc][1]
        t = rng.uniform(30, 500)
        while t < ctx.window - 60:
            dev = device(rng, cc, rng.choice(DESKTOP + MOBILE), cookies="session")
            addr = resi(rng, ctx, cc)[0]
            t2 = browse(rng, inst, t, dev, addr, pages=(1, 3), gap=(15, 60))
            inst.order(t2, dev, addr, order(rng, account(rng), fake_person_mail(rng, cc), cur,
                                            rng.choice(["gift", "gift", "software"]),
                                            method=rng.choice(["card", "card", "google_pay"])))
            t += rng.uniform(480, 900)
        out.append(inst)
    return out


def f11_reseller_bot(rng, ctx):
    """A grey-market reseller's bot clearing discounted keys and cards with stolen or
    BIN-generated cards: Playwright / headless Chrome on cloud servers (a few through
    residential exits), a pool of throwaway accounts, 3-10 units an order, one order
    every 30-90 s. Trace: automation in the beacon or UA, datacenter ASNs, high quantity,
    fast cadence, many accounts."""
    out = []
    for _ in range(ctx.n(2)):
        inst = Instance("f11_reseller_bot", "fraud")
        prof = rng.choice(["h8_playwright_linux", "headless_chrome", "h5_bot_win",
                           "stealth_puppeteer", "h9_agent_cloud"])
        cur = rng.choice(["USD", "USD", "EUR"])
        cc = "US" if cur == "USD" else "DE"
        dev = device(rng, cc, prof, cookies=rng.choice(["keep", "none"]), tz=("UTC", 0),
                     lang="en-US,en;q=0.9")
        accounts = [(account(rng), "%s@%s" % (junk(rng, 10), rng.choice(
            ["gmail.com", "outlook.com"] + DISPOSABLE[:4]))) for _ in range(rng.randint(4, 7))]
        t = start(rng, ctx, 1500)
        for k in range(rng.randint(12, 17)):
            addr = ip(rng, "h11_dc") if rng.random() < 0.75 else resi(rng, ctx, "US")[0]
            user, email = accounts[k % len(accounts)]
            inst.visit(t, dev, addr)
            prod = item(rng, cur, rng.choice(["software", "gift"]))
            inst.order(t + rng.uniform(2, 8), dev, addr,
                       order(rng, user, email, cur, quantity=rng.randint(3, 10), product=prod))
            t += rng.uniform(30, 90)
        out.append(inst)
    return out


def f11_promo_abuse(rng, ctx):
    """A first-order promo farm: an Android emulator or a farm phone that wipes its
    cookies between accounts, a 4G proxy (US) or a Philippine mobile line, a new account
    per order with dotted / plus-addressed Gmail or a disposable mailbox, the smallest
    order the promo accepts, paid by wallet. Trace: one fingerprint, many accounts,
    mailbox variants of one name, mobile proxy addresses."""
    out = []
    for _ in range(ctx.n(2)):
        inst = Instance("f11_promo_abuse", "fraud")
        cc = rng.choice(["US", "PH"])
        prof = rng.choice(["h6_emulator_x86", "h5_android_emulator", "h5_farm_phone",
                           "h6_farm_handset"])
        dev = device(rng, cc, prof, cookies=rng.choice(["session", "none"]))
        base = "%s%s" % (rng.choice(NAMES).replace("-", ""), rng.choice(SURNAMES))
        cur = LOCALES[cc][1]
        t = start(rng, ctx, 1700)
        for k in range(rng.randint(12, 17)):
            addr = ip(rng, "h11_mproxy_US" if cc == "US" else "h11_mobile_PH")
            r = rng.random()
            if r < 0.4:
                dots = "".join(c + ("." if rng.random() < 0.3 else "") for c in base[:-1])
                email = "%s%s@gmail.com" % (dots, base[-1])
            elif r < 0.7:
                email = "%s+%s@gmail.com" % (base, junk(rng, 3))
            else:
                email = "%s%d@%s" % (base[:6], rng.randint(10, 999), rng.choice(DISPOSABLE))
            t = browse(rng, inst, t, dev, addr, pages=(1, 2), gap=(5, 20))
            price = rng.choice(TOPUPS[cur][1:3]) if cur in TOPUPS else 4.99
            inst.order(t + rng.uniform(10, 40), dev, addr,
                       order(rng, account(rng), email, cur, method=rng.choice(
                           ["google_pay", "paypal", "gcash" if cc == "PH" else "apple_pay"]),
                           product=("%s-2" % rng.choice(GAMES), price)))
            t += rng.uniform(60, 160)
        out.append(inst)
    return out


def f11_friendly_fraud(rng, ctx):
    """Chargebacks from inside the household: a teenager on a parent's saved card buying
    pack after pack on the family's established device, faster and bigger as the session
    goes on; the parent disputes them all. Trace: an established device and home line,
    one account, a burst of game top-ups of rising value."""
    out = []
    for _ in range(ctx.n(3)):
        cc = rng.choice(["US", "US", "GB", "CA", "AU", "DE"])
        inst = Instance("f11_friendly_fraud", "fraud")
        dev = device(rng, cc, rng.choice(["h6_family_tablet", "safari_iphone", "chrome_win",
                                          "h7_opera_gx"]), age=rng.choice(AGES[1:]))
        addr = home_line(rng, ctx, cc)
        user, email, cur = account(rng), mailbox(rng, cc), LOCALES[cc][1]
        packs = TOPUPS[cur]
        game = rng.choice(GAMES)
        t = browse(rng, inst, start(rng, ctx, 1800), dev, addr, pages=(1, 2))
        for k in range(rng.randint(6, 10)):
            price = packs[min(len(packs) - 1, 1 + k // 2 + rng.randint(0, 1))]
            inst.order(t, dev, addr, order(rng, user, email, cur, method="card",
                                           product=("%s-%d" % (game, packs.index(price) + 1),
                                                    price)))
            t += rng.uniform(60, 240)
        out.append(inst)
    return out


def f11_coached_victim(rng, ctx):
    """Scam victims on the phone with a "tech support", "tax office" or romance scammer
    who tells them to buy Apple, Google Play or Steam cards and read the codes out: a
    first-time customer, their own computer or iPhone at home, two to four high-value
    cards minutes apart (sometimes several units), their real mailbox. Sometimes the
    scammer drives the victim's PC by remote access. The shop refunds or eats the
    chargeback. Trace: a new buyer's burst of high-value cards of one brand."""
    out = []
    for _ in range(ctx.n(8)):
        cc = pick_cc(rng, [("US", 6), ("GB", 2), ("CA", 1), ("AU", 1), ("JP", 1)])
        inst = Instance("f11_coached_victim", "fraud")
        dev = device(rng, cc, rng.choice(["edge_win", "chrome_win", "safari_iphone",
                                          "h5_ipad_safari", "h6_old_iphone"]),
                     age=rng.choice((None, None, None, 600)))
        addr = home_line(rng, ctx, cc)
        cur = LOCALES[cc][1]
        first, last = rng.choice(NAMES).replace("-", ""), rng.choice(SURNAMES)
        email = "%s%s%d@%s" % (first, last, rng.randint(40, 70),
                               rng.choice(["aol.com", "yahoo.com", "outlook.com", "att.net"])
                               if cc == "US" else rng.choice(LOCALES[cc][3]))
        user = account(rng)
        brand = rng.choice(["apple", "google-play", "steam", "amazon"])
        t = browse(rng, inst, start(rng, ctx, 1200), dev, addr, pages=(1, 3), gap=(30, 120))
        for _ in range(rng.randint(2, 4)):
            face = rng.choice(FACES[cur][1])
            qty = rng.choice([1, 1, 2, 3])
            inst.order(t, dev, addr, order(rng, user, email, cur, quantity=qty,
                                           product=("%s-%s-%s" % (brand, face, cur.lower()),
                                                    face)))
            t += rng.uniform(90, 360)
        out.append(inst)
    return out


def f11_infostealer_session(rng, ctx):
    """Session theft from infostealer logs: a victim's established browser cookie loaded
    into an anti-detect profile (its own screen, canvas and often timezone), used through
    a residential proxy in the victim's country (another city) or a VPN, spending on the
    victim's account minutes to hours after the victim's own visit. Trace: a known device
    cookie presented with a different fingerprint and network."""
    out = []
    for _ in range(ctx.n(12)):
        cc = pick_cc(rng, [("US", 5), ("GB", 2), ("DE", 2), ("CA", 1), ("FR", 1)])
        inst = Instance("f11_infostealer_session", "fraud")
        victim = device(rng, cc, profile_for(rng, 0.3), age=rng.choice(AGES[1:]))
        home = home_ip(rng, ctx, cc, 0.2)
        user, email, cur = account(rng), mailbox(rng, cc), LOCALES[cc][1]
        t = start(rng, ctx, 900)
        inst.visit(t, victim, home)
        tz = tz_of(rng, cc) if rng.random() < 0.6 else rng.choice(
            [TZ_OF["RU"], TZ_OF["VN"], TZ_OF["NG"], ("Europe/Bucharest", 120)])
        clone = CloneDevice(rng, victim, rng.choice(ANTIDETECT), LOCALES[cc][0], tz)
        addr = resi(rng, ctx, cc)[0] if rng.random() < 0.75 else ip(rng, "h11_vpn")
        t += rng.uniform(120, 700)
        t = browse(rng, inst, t, clone, addr, pages=(1, 2), gap=(5, 30))
        for _ in range(rng.choice([1, 2, 2, 3])):
            inst.order(t, clone, addr, order(rng, user, email, cur, "gift", high=True,
                                             method=rng.choice(["card", "paypal"])))
            t += rng.uniform(30, 120)
        out.append(inst)
    return out


def f11_triangulation(rng, ctx):
    """Marketplace triangulation: a seller lists discounted cards and keys on a
    marketplace, and for each real sale orders the item here with a stolen card, typing
    in the marketplace buyer's own mailbox so the code goes straight to them. Two or
    three anti-detect profiles on residential exits, an account per few sales. Trace: one
    device, many unrelated honest-looking mailboxes from several countries, stolen-card
    orders of popular denominations."""
    out = []
    for _ in range(ctx.n(2)):
        inst = Instance("f11_triangulation", "fraud")
        devs = [device(rng, "US", rng.choice(ANTIDETECT), cookies=rng.choice(["keep", "session"]))
                for _ in range(rng.randint(2, 3))]
        t = start(rng, ctx, 2000)
        user = account(rng)
        for k in range(rng.randint(11, 15)):
            dev = rng.choice(devs)
            buyer_cc = pick_cc(rng, [("US", 5), ("GB", 2), ("DE", 2), ("FR", 1), ("BR", 1),
                                     ("IN", 1)])
            if k and rng.random() < 0.3:
                user = account(rng)
            addr = resi(rng, ctx, "US")[0]
            t = browse(rng, inst, t, dev, addr, pages=(1, 1))
            inst.order(t + rng.uniform(15, 50), dev, addr,
                       order(rng, user, mailbox(rng, buyer_cc), "USD",
                             rng.choice(["gift", "gift", "software"])))
            t += rng.uniform(100, 250)
        out.append(inst)
    return out


LEGIT = [h11_regular, h11_new_device_big, h11_late_gamer, h11_privacy_browser,
         h11_mobile_abroad, h11_cgnat_shared, h11_corporate_bulk, h11_traveller,
         h11_expat_gifts, h11_jp, h11_kr, h11_cn, h11_eu, h11_household, h11_inapp_link,
         h11_decline_retry]
FRAUD = [f11_card_testing, f11_stolen_card_cashout, f11_ato, f11_account_device_churn,
         f11_low_and_slow, f11_reseller_bot, f11_promo_abuse, f11_friendly_fraud,
         f11_coached_victim, f11_infostealer_session, f11_triangulation]
