"""The sixteenth holdout set (`--personas holdout16`): buyers and attackers of a 2026
auto-delivery gift-card, game top-up and software-key shop, written blind to judge
risk-policy changes being made at the same time by other engineers. Default seeds
161,162,163 (`--seeds 161,162,163`).

What its author read (and only this):
- the harness plumbing: models/eval/__main__.py, cell.py, traffic.py, classify.py (its
  first 40 lines), clients.py (the profile API and the existing profiles),
  build_ip_table.py, holdout_testkit.py;
- personas.py lines 1-162 (module docstring, shared vocabulary, Device / Instance, helpers;
  no persona body);
- holdout10.py lines 1-60 (its docstring, imports, pool loading, ZERO_DECIMAL and AGES) as
  the form template, and test_holdout10.py as the test template;
- the demo config's `[routes.order]` table (the order field map, `required`, `review =
  "hold"`, `channel_group = "payments"`), in the repository and in the frozen copy used
  for the plumbing run;
- the organisation names and countries of the AS numbers picked for this set's pools (and
  of a few candidates not picked), from geoip/asn.mmdb and geoip/country.mmdb;
- the issue text quoted in the task (the target and its list of hard cases).
Glimpses, disclosed: holdout10.py's docstring (allowed reading) repeats that set's own
glimpses (an order-route rate limit of 30 a minute per ip and purchase limits of 5 / 10 a
day per user, from an earlier set's docstring, and two rows of an old results table:
holdout2 and holdout6 with no legitimate order blocked, about 4-8 % reviewed and 39-67 %
of fraud caught). build_ip_table.py (allowed) shows every earlier set's pool names, AS
numbers and one-paragraph descriptions, and clients.py the h5_-h12_ profile names and
comments; traffic.py / __main__.py show that sets holdout11-holdout15 exist. After
committing this set, `git log --oneline -3` showed the subject of the lead's commit it
was branched from ("EVAL.md: round 10's judging rule, committed before the sixteenth
holdout ... is written"); its content was not opened. Nothing here was tuned to any of
that. No persona, volume or parameter was changed after the one
plumbing run (seed 161, hour 14, printed report sent to /dev/null), whose result JSON was
read only as order counts per persona.

Not read: src/ (any Rust), the config's other sections, models/train/, models/MODEL.md,
models/report/, models/EVAL.md (this set's section was appended without opening it),
README, BENCHMARKS.md, any holdout*.py past line 60 (holdout10.py's first 60 lines only),
their tests but test_holdout10.py, their tables, personas.py past line 162, fraud.py, and
no git log or diff but this work's; /work/shared/DESIGN.md and STYLE.md were not opened
either (the task's reading list leaves them out).

Each persona is `f(rng, ctx) -> [Instance]`; names start with h16_ (legitimate, 17
personas, about 520 orders per cell) or f16_ (fraud, 11 personas, about 300). Each
docstring names the trace the persona leaves at the edge. Some fraud leaves almost none
(friendly fraud, coached scam victims): it is in here because a shop of this kind sees it,
as chargebacks and complaints weeks later.

The mix, as its author sees 2026 traffic at such a shop: a large mobile share behind
carrier-grade NAT, East Asian buyers paying JPY / KRW / CNY (the mainland ones through
overseas relay nodes), euro-area buyers from the smaller member states, privacy browsers
and e-mail aliases, iCloud Private Relay, in-app browsers opened from creators' links,
buyers who let an AI browser or a cloud browsing agent check out for them, companies
buying staff rewards in bulk, travellers; and fraud that is patient (low-and-slow card
testing, one anti-detect profile per attempt), replays infostealer session cookies,
stuffs credentials across many devices, scripts bulk buying over many sock-puppet
accounts, farms first-order promotions, triangulates marketplace orders, or is the
cardholder (friendly fraud) or a coached scam victim.
"""

import json
import os
import string

from .personas import DISPOSABLE, Device, Instance

HERE = os.path.dirname(os.path.abspath(__file__))

# This set's own address pools (build_ip_table.py --set holdout16); the main table's pools
# arrive through ctx.pools.
with open(os.path.join(HERE, "ip_table_holdout16.json")) as _f:
    EXTRA = json.load(_f)["pools"]

ZERO_DECIMAL = {"JPY", "KRW"}

# How long ago an established browser first got its cookie (days).
AGES = (1, 6, 21, 90, 240, 700)

# country -> (Accept-Language, currency, IANA timezone, offset minutes on 2 March 2026,
# mail domains people there use)
LOCALE = {
    "US": ("en-US,en;q=0.9", "USD", "America/Chicago", -360,
           ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "hotmail.com", "aol.com"]),
    "GB": ("en-GB,en;q=0.9", "GBP", "Europe/London", 0,
           ["gmail.com", "outlook.com", "icloud.com", "btinternet.com", "sky.com"]),
    "DE": ("de-DE,de;q=0.9,en;q=0.8", "EUR", "Europe/Berlin", 60,
           ["gmx.de", "web.de", "gmail.com", "t-online.de", "posteo.de"]),
    "FR": ("fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7", "EUR", "Europe/Paris", 60,
           ["gmail.com", "orange.fr", "free.fr", "hotmail.fr", "laposte.net"]),
    "ES": ("es-ES,es;q=0.9,en;q=0.8", "EUR", "Europe/Madrid", 60,
           ["gmail.com", "hotmail.es", "telefonica.net", "yahoo.es"]),
    "IT": ("it-IT,it;q=0.9,en-US;q=0.8,en;q=0.7", "EUR", "Europe/Rome", 60,
           ["gmail.com", "libero.it", "virgilio.it", "hotmail.it"]),
    "NL": ("nl-NL,nl;q=0.9,en-US;q=0.8,en;q=0.7", "EUR", "Europe/Amsterdam", 60,
           ["gmail.com", "ziggo.nl", "kpnmail.nl", "hotmail.com"]),
    "BE": ("nl-BE,nl;q=0.9,fr-BE;q=0.8,fr;q=0.7,en;q=0.6", "EUR", "Europe/Brussels", 60,
           ["gmail.com", "telenet.be", "skynet.be", "proximus.be", "hotmail.com"]),
    "AT": ("de-AT,de;q=0.9,en-US;q=0.8,en;q=0.7", "EUR", "Europe/Vienna", 60,
           ["gmx.at", "gmail.com", "aon.at", "a1.net"]),
    "FI": ("fi-FI,fi;q=0.9,en-US;q=0.8,en;q=0.7", "EUR", "Europe/Helsinki", 120,
           ["gmail.com", "outlook.com", "elisanet.fi", "luukku.com"]),
    "IE": ("en-IE,en-GB;q=0.9,en;q=0.8", "EUR", "Europe/Dublin", 0,
           ["gmail.com", "eircom.net", "outlook.com", "icloud.com"]),
    "PT": ("pt-PT,pt;q=0.9,en-US;q=0.8,en;q=0.7", "EUR", "Europe/Lisbon", 0,
           ["gmail.com", "sapo.pt", "hotmail.com", "outlook.pt"]),
    "JP": ("ja,en-US;q=0.9,en;q=0.8", "JPY", "Asia/Tokyo", 540,
           ["gmail.com", "yahoo.co.jp", "docomo.ne.jp", "icloud.com", "ezweb.ne.jp"]),
    "KR": ("ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7", "KRW", "Asia/Seoul", 540,
           ["naver.com", "gmail.com", "daum.net", "kakao.com"]),
    "CN": ("zh-CN,zh;q=0.9", "CNY", "Asia/Shanghai", 480,
           ["qq.com", "163.com", "126.com", "foxmail.com", "outlook.com"]),
    "TW": ("zh-TW,zh;q=0.9,en-US;q=0.8,en;q=0.7", "USD", "Asia/Taipei", 480,
           ["gmail.com", "yahoo.com.tw", "hotmail.com"]),
    "HK": ("zh-HK,zh;q=0.9,en;q=0.8", "USD", "Asia/Hong_Kong", 480,
           ["gmail.com", "yahoo.com.hk", "netvigator.com", "hotmail.com"]),
    "SG": ("en-SG,en;q=0.9,zh-SG;q=0.8,zh;q=0.7", "USD", "Asia/Singapore", 480,
           ["gmail.com", "singnet.com.sg", "hotmail.com", "yahoo.com.sg"]),
    "ID": ("id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7", "USD", "Asia/Jakarta", 420,
           ["gmail.com", "yahoo.co.id", "ymail.com"]),
    "PH": ("en-PH,en-US;q=0.9,en;q=0.8,fil;q=0.7", "USD", "Asia/Manila", 480,
           ["gmail.com", "yahoo.com", "outlook.com"]),
    "IN": ("en-IN,en;q=0.9,hi;q=0.8", "INR", "Asia/Kolkata", 330,
           ["gmail.com", "rediffmail.com", "yahoo.co.in", "outlook.com"]),
    "BR": ("pt-BR,pt;q=0.9,en-US;q=0.8,en;q=0.7", "BRL", "America/Sao_Paulo", -180,
           ["gmail.com", "hotmail.com", "uol.com.br", "bol.com.br"]),
    "CA": ("en-CA,en;q=0.9,fr-CA;q=0.8", "CAD", "America/Toronto", -300,
           ["gmail.com", "outlook.com", "yahoo.ca", "rogers.com", "shaw.ca"]),
    "AU": ("en-AU,en;q=0.9", "AUD", "Australia/Sydney", 660,
           ["gmail.com", "bigpond.com", "outlook.com", "icloud.com", "optusnet.com.au"]),
}

# Where each country's people are at home (fixed line) and on the move (mobile), as pools
# of this set's table (h16_) or the main table.
HOME = {"US": ["home_US", "h16_home_US"], "GB": ["home_GB"], "DE": ["home_DE", "h16_home_DE"],
        "FR": ["home_FR"], "ES": ["home_ES"], "IT": ["home_IT"], "NL": ["home_NL"],
        "BE": ["h16_home_BE"], "AT": ["h16_home_AT"], "FI": ["h16_home_FI"],
        "IE": ["h16_home_IE"], "PT": ["h16_home_PT"], "JP": ["home_JP", "h16_home_JP"],
        "KR": ["home_KR", "h16_home_KR"], "CN": ["home_CN", "h16_home_CN"],
        "TW": ["h16_home_TW"], "HK": ["h16_home_HK"], "SG": ["h16_home_SG"],
        "IN": ["home_IN"], "BR": ["home_BR"], "CA": ["home_CA"], "AU": ["home_AU"]}
MOBILE_NET = {"US": ["mobile_US", "h16_mobile_US"], "GB": ["mobile_GB"], "DE": ["mobile_DE"],
              "FR": ["mobile_FR"], "JP": ["mobile_JP", "h16_mobile_JP"],
              "KR": ["mobile_KR", "h16_mobile_KR"], "IN": ["mobile_IN", "h16_mobile_IN"],
              "ID": ["h16_mobile_ID"], "PH": ["h16_mobile_PH"]}

# What the shop sells, per currency: gift-card face values (typical, high), game top-up
# price points and software-key prices.
GIFT = {
    "USD": ([10, 15, 20, 25, 50, 100], [150, 200, 250, 300, 500]),
    "EUR": ([10, 15, 20, 25, 50, 100], [150, 200, 250, 500]),
    "GBP": ([10, 15, 20, 25, 50, 100], [150, 200, 250, 500]),
    "CAD": ([20, 25, 50, 100], [150, 200, 250, 500]),
    "AUD": ([20, 30, 50, 100], [150, 200, 250, 500]),
    "JPY": ([1500, 3000, 5000, 10000], [15000, 20000, 30000, 50000]),
    "KRW": ([10000, 30000, 50000, 100000], [150000, 200000, 300000, 500000]),
    "CNY": ([50, 100, 200, 300, 500], [800, 1000, 2000, 3000]),
    "INR": ([250, 500, 1000, 2000], [5000, 10000, 20000]),
    "BRL": ([30, 50, 100, 150, 200], [300, 500, 1000]),
}
TOPUP = {
    "USD": [0.99, 1.99, 4.99, 9.99, 19.99, 49.99, 99.99],
    "EUR": [0.99, 1.99, 4.99, 9.99, 19.99, 49.99, 99.99],
    "GBP": [0.99, 1.99, 4.99, 9.99, 19.99, 49.99, 99.99],
    "CAD": [1.39, 6.99, 13.99, 27.99, 69.99, 139.99],
    "AUD": [1.49, 7.99, 15.99, 29.99, 79.99, 149.99],
    "JPY": [120, 490, 980, 1960, 4900, 9800],
    "KRW": [1200, 5900, 12000, 33000, 59000, 119000],
    "CNY": [6, 30, 68, 128, 328, 648],
    "INR": [79, 159, 399, 799, 1599, 3999],
    "BRL": [4.90, 9.90, 24.90, 49.90, 99.90, 249.90],
}
KEYS = {
    "USD": [19.99, 29.99, 39.99, 59.99, 69.99, 99.99, 139.99],
    "EUR": [19.99, 29.99, 49.99, 69.99, 79.99, 149.00],
    "GBP": [14.99, 24.99, 49.99, 69.99, 119.99],
    "CAD": [29.99, 79.99, 99.99, 179.99],
    "AUD": [39.99, 99.95, 119.99, 199.00],
    "JPY": [2980, 4980, 7980, 9680, 21800],
    "KRW": [25000, 49000, 69800, 89000, 189000],
    "CNY": [98, 198, 298, 488],
    "INR": [999, 1999, 3499, 4999, 8999],
    "BRL": [99.90, 199.90, 299.90, 499.90],
}
GIFT_BRANDS = ["steam", "psn", "xbox", "nintendo-eshop", "apple", "google-play", "amazon",
               "netflix", "spotify", "roblox", "razer-gold", "uber", "airbnb"]
# What resells fastest (cash-out fraud's favourites).
LIQUID = ["steam", "apple", "amazon", "razer-gold", "google-play", "psn", "xbox"]
GAMES = ["genshin-crystals", "pubg-uc", "mlbb-diamonds", "roblox-robux", "fortnite-vbucks",
         "valorant-points", "honkai-starrail-shards", "apex-coins", "cod-points",
         "free-fire-diamonds"]
SOFTWARE = ["windows-11-pro", "office-2024-home", "norton-360", "nordvpn-1y",
            "kaspersky-plus", "adobe-acrobat-1y", "elden-ring-key", "minecraft-java",
            "gamepass-ultimate-3m", "psn-plus-12m"]
# Payment methods per country (card first: most common everywhere).
METHODS = {"US": ["card", "card", "card", "paypal", "apple_pay", "google_pay"],
           "GB": ["card", "card", "paypal", "apple_pay", "google_pay"],
           "DE": ["card", "paypal", "paypal", "apple_pay", "klarna"],
           "NL": ["ideal", "ideal", "card", "paypal"], "BE": ["bancontact", "card", "paypal"],
           "PT": ["mb_way", "card", "paypal"], "JP": ["card", "card", "paypay", "apple_pay"],
           "KR": ["card", "kakaopay", "naverpay", "tosspay"],
           "CN": ["alipay", "wechat_pay", "alipay", "card"], "IN": ["upi", "upi", "card"],
           "BR": ["pix", "pix", "card"]}
PHONES = ["chrome_android", "samsung_android", "safari_iphone", "h10_chrome_android_143",
          "h11_safari_iphone_262", "h12_samsung_29", "h9_chrome_android_142",
          "h6_safari_iphone_182", "h16_chrome_android_145"]
DESKTOPS = ["chrome_win", "chrome_mac", "edge_win", "safari_mac", "firefox_win",
            "h12_chrome_win_144", "h10_chrome_mac_143", "h11_edge_win_143",
            "h12_firefox_mac_146", "h16_chrome_win_145", "h16_safari_mac_26"]
ANTIDETECT = ["h11_multilogin_win", "h12_orbita_win", "h6_antidetect_pro",
              "h7_antidetect_mac", "h8_antidetect_mac"]
# E-mail alias services privacy-minded people use (not throwaway: they forward for years).
ALIASES = ["proton.me", "pm.me", "tuta.io", "duck.com", "simplelogin.com", "mozmail.com",
           "passmail.net", "icloud.com"]
FIRST = ["anna", "ben", "chloe", "daniel", "emma", "felix", "grace", "hana", "isabel", "jun",
         "karin", "liam", "mia", "noah", "olga", "pedro", "quinn", "rosa", "sven", "tomoko",
         "aiko", "victor", "wei", "xiu", "yuki", "zoe", "minji", "seojun", "priya", "arjun",
         "lucas", "camille", "marco", "sofia", "lars", "eva", "jiho", "mei", "kenji", "ines",
         "aoife", "mikko", "ruben", "lea", "tiago", "siti", "budi", "maria", "jose", "ahmed",
         "fatima", "omar", "hiroshi", "sakura", "haruto", "yuna", "dong", "li", "an", "elena"]
LAST = ["smith", "johnson", "mueller", "martin", "garcia", "rossi", "tanaka", "suzuki", "kim",
        "lee", "park", "choi", "wang", "zhang", "liu", "chen", "patel", "sharma", "silva",
        "santos", "dubois", "peeters", "janssens", "virtanen", "korhonen", "murphy", "kelly",
        "ferreira", "gruber", "huber", "brown", "nguyen", "tran", "reyes", "cruz", "wijaya",
        "sato", "takahashi", "ito", "lin", "huang", "wong", "tan", "ng", "kowalski"]


# ---------------------------------------------------------------- helpers

def pool_ip(rng, ctx, pool):
    """One address of a pool: this set's table first, then the main table."""
    pools = EXTRA if pool in EXTRA else ctx.pools
    return rng.choice(pools[pool])[0]


def home_ip(rng, ctx, cc):
    return pool_ip(rng, ctx, rng.choice(HOME[cc]))


def mobile_ip(rng, ctx, cc):
    return pool_ip(rng, ctx, rng.choice(MOBILE_NET.get(cc) or HOME[cc]))


def device(rng, cc, profile, age=None, cookies="keep", beacon=True, tz=None, lang=None):
    loc = LOCALE[cc]
    return Device(rng, profile, lang or loc[0], tz or (loc[2], loc[3]), cookies=cookies,
                  age_days=age, beacon=beacon)


def aged(rng, p, ages=AGES):
    """An established browser's age with probability p, else None (first seen now)."""
    return rng.choice(ages) if rng.random() < p else None


def identity(rng, cc, domains=None, year=True):
    """(user, email) of a person from cc: the shop login is the mailbox's local part."""
    first, last = rng.choice(FIRST), rng.choice(LAST)
    sep = rng.choice([".", "_", "", "."])
    tail = ""
    r = rng.random()
    if year and r < 0.3:
        tail = str(rng.randint(1962, 2008))
    elif r < 0.55:
        tail = str(rng.randint(1, 999))
    local = "%s%s%s%s" % (first, sep, last, tail)
    return local, "%s@%s" % (local, rng.choice(domains or LOCALE[cc][4]))


def random_id(rng, n=8):
    return "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(n))


def fmt(value, cur):
    return "%d" % value if cur in ZERO_DECIMAL or float(value).is_integer() else "%.2f" % value


def money(value, cur):
    return int(round(value)) if cur in ZERO_DECIMAL else round(float(value), 2)


def order(user, email, cur, brand, unit, qty=1, method="card"):
    return {"product": "%s-%s-%s" % (brand, fmt(unit, cur), cur.lower()), "quantity": qty,
            "amount": money(unit * qty, cur), "currency": cur, "user": user, "email": email,
            "payment_method": method}


def item(rng, cur, kind=None, high=False):
    """(brand, unit price) of one article in `cur`: a gift card, a top-up or a key."""
    kind = kind or rng.choices(["gift", "topup", "key"], [5, 3, 2])[0]
    if kind == "gift":
        typical, big = GIFT[cur]
        return rng.choice(GIFT_BRANDS), rng.choice(big if high else typical)
    if kind == "topup":
        prices = TOPUP[cur]
        return rng.choice(GAMES), rng.choice(prices[-3:] if high else prices[1:-1])
    prices = KEYS[cur]
    return rng.choice(SOFTWARE), rng.choice(prices[-3:] if high else prices[:-1])


def method(rng, cc):
    return rng.choice(METHODS.get(cc, ["card", "card", "paypal"]))


def browse(rng, inst, dev, ip_fn, t, views=(1, 4), gap=(6, 70)):
    """Page views from t on; returns the time of the last one. ip_fn() gives each
    request's address (fixed, or rotating for relays / NAT / proxies)."""
    for i in range(rng.randint(*views)):
        if i:
            t += rng.uniform(*gap)
        inst.visit(t, dev, ip_fn())
    return t


def t_start(rng, ctx, tail=420):
    return rng.uniform(20, max(60, ctx.window - tail))


class ReplayDevice(Device):
    """An attacker's browser profile loaded with a victim's stolen session cookie (an
    infostealer log imported into an anti-detect browser). Until riskgate answers it with
    a cookie of its own, it sends whatever cookie the victim's browser holds at that
    moment; its canvas and everything else are its own."""

    def __init__(self, rng, victim, profile, lang, tz):
        self._victim = victim
        self._own = None
        super().__init__(rng, profile, lang, tz, cookies="keep", age_days=None)

    @property
    def cookie(self):
        return self._own if self._own is not None else self._victim.cookie

    @cookie.setter
    def cookie(self, value):
        self._own = value


# ---------------------------------------------------------------- legitimate buyers

def h16_cgnat_mobile(rng, ctx):
    """Phone buyers on mobile data in the US, India, Indonesia and the Philippines. Trace:
    a handful of carrier-grade-NAT addresses per carrier shared by every buyer on it in
    the cell (and a different one of them from request to request), a phone UA and
    beacon, home-country language and timezone; mostly established phones, a third new;
    USD / INR, mostly top-ups and small gift cards."""
    carriers = [("US", "h16_mobile_US"), ("US", "mobile_US"), ("IN", "h16_mobile_IN"),
                ("IN", "mobile_IN"), ("ID", "h16_mobile_ID"), ("PH", "h16_mobile_PH")]
    nat = {pool: [pool_ip(rng, ctx, pool) for _ in range(3)] for _, pool in carriers}
    out = []
    for _ in range(ctx.n(30)):
        cc, pool = rng.choice(carriers)
        inst = Instance("h16_cgnat_mobile", "legit")
        dev = device(rng, cc, rng.choice(PHONES), age=aged(rng, 0.65))
        user, email = identity(rng, cc)
        cur = LOCALE[cc][1]

        def ip(pool=pool):
            return rng.choice(nat[pool])
        t = browse(rng, inst, dev, ip, t_start(rng, ctx), (1, 3))
        for k in range(1 if rng.random() < 0.87 else 2):
            t += rng.uniform(25, 200) if k == 0 else rng.uniform(240, 900)
            brand, unit = item(rng, cur, rng.choices(["topup", "gift", "key"], [5, 4, 1])[0])
            inst.order(t, dev, ip(), order(user, email, cur, brand, unit, method=method(rng, cc)))
        out.append(inst)
    return out


def h16_new_device_high(rng, ctx):
    """A first purchase on a browser never seen before, for a high amount: a new customer
    buying a 150-500 gift card (a present, a console bundle) or an expensive key, or a
    customer on a new phone. Trace: no cookie until the first page view, a clean home or
    mobile address of their own country with matching language and timezone, several
    product views and a long think, one order (sometimes two cards)."""
    countries = ["US", "US", "GB", "DE", "FR", "JP", "KR", "CA", "AU", "NL", "IT", "ES"]
    out = []
    for _ in range(ctx.n(30)):
        cc = rng.choice(countries)
        inst = Instance("h16_new_device_high", "legit")
        dev = device(rng, cc, rng.choice(PHONES + DESKTOPS))
        user, email = identity(rng, cc)
        cur = LOCALE[cc][1]
        mobile = rng.random() < 0.35 and cc in MOBILE_NET
        addr = mobile_ip(rng, ctx, cc) if mobile else home_ip(rng, ctx, cc)
        t = browse(rng, inst, dev, lambda: addr, t_start(rng, ctx, 700), (2, 6), (15, 120))
        t += rng.uniform(60, 420)
        kind = rng.choices(["gift", "key"], [4, 1])[0]
        brand, unit = item(rng, cur, kind, high=True)
        qty = 2 if rng.random() < 0.15 else 1
        inst.order(t, dev, addr, order(user, email, cur, brand, unit, qty, method(rng, cc)))
        out.append(inst)
    return out


def h16_night_gamer(rng, ctx):
    """Gamers topping up between matches, at any hour (shift workers, late players, and
    time zones where the shop's afternoon is night). Trace: an established gaming desktop
    (Opera GX, Steam Deck, a Windows handheld, Whale in Korea), home broadband, one to
    three top-ups of the same game minutes apart, rising in size."""
    countries = ["US", "US", "KR", "JP", "BR", "GB", "DE", "CA"]
    out = []
    for _ in range(ctx.n(15)):
        cc = rng.choice(countries)
        inst = Instance("h16_night_gamer", "legit")
        profiles = ["chrome_win", "h12_chrome_win_144", "h7_opera_gx", "edge_win",
                    "h9_steamdeck", "h9_handheld_edge", "h16_chrome_win_145"]
        if cc == "KR":
            profiles += ["h8_whale_win", "h8_whale_win"]
        dev = device(rng, cc, rng.choice(profiles), age=aged(rng, 0.85))
        user, email = identity(rng, cc)
        cur = LOCALE[cc][1]
        addr = home_ip(rng, ctx, cc)
        game = rng.choice(GAMES)
        prices = TOPUP[cur]
        level = rng.randint(1, 3)
        t = browse(rng, inst, dev, lambda: addr, t_start(rng, ctx, 1500), (1, 2))
        for k in range(rng.choice([1, 2, 2, 3, 3])):
            t += rng.uniform(20, 90) if k == 0 else rng.uniform(300, 1000)
            if k:
                inst.visit(t - rng.uniform(5, 20), dev, addr)
            level = min(len(prices) - 1, level + (1 if rng.random() < 0.4 else 0))
            inst.order(t, dev, addr, order(user, email, cur, game, prices[level],
                                           method=method(rng, cc)))
        out.append(inst)
    return out


def h16_privacy_browser(rng, ctx):
    """Privacy-minded buyers: Brave with shields up, Firefox with strict protection,
    Mullvad Browser, DuckDuckGo and Firefox Focus on phones, a third through a consumer VPN,
    many with an e-mail alias. Trace: no cookie kept between visits (Focus, Mullvad, DDG
    forget it; strict Firefox per session), farbled or UTC fingerprints, often no beacon
    (script blockers), alias mail domains; ordinary amounts."""
    countries = ["US", "DE", "NL", "FR", "GB", "FI", "AT", "BE"]
    kinds = [("brave_win", "keep"), ("h6_brave_android", "keep"), ("firefox_strict", "session"),
             ("h5_mullvad_browser", "session"), ("h9_ddg_android", "session"),
             ("h8_firefox_focus", "session"), ("firefox_win", "session")]
    out = []
    for _ in range(ctx.n(28)):
        cc = rng.choice(countries)
        profile, cookies = rng.choice(kinds)
        inst = Instance("h16_privacy_browser", "legit")
        age = aged(rng, 0.5) if cookies == "keep" else None
        dev = device(rng, cc, profile, age=age, cookies=cookies, beacon=rng.random() < 0.65)
        user, email = identity(rng, cc, ALIASES if rng.random() < 0.5 else None)
        if email.split("@")[1] in ("duck.com", "mozmail.com", "simplelogin.com"):
            email = "%s.%s@%s" % (random_id(rng, 5), random_id(rng, 4), email.split("@")[1])
        cur = LOCALE[cc][1]
        r = rng.random()
        if r < 0.3:
            vpn = [pool_ip(rng, ctx, "h16_vpn") for _ in range(2)]

            def ip(vpn=vpn):
                return rng.choice(vpn)
        elif r < 0.45 and cc in MOBILE_NET:
            addr = mobile_ip(rng, ctx, cc)

            def ip(addr=addr):
                return addr
        else:
            addr = home_ip(rng, ctx, cc)

            def ip(addr=addr):
                return addr
        t = browse(rng, inst, dev, ip, t_start(rng, ctx), (1, 4))
        for k in range(1 if rng.random() < 0.85 else 2):
            t += rng.uniform(30, 260) if k == 0 else rng.uniform(300, 1200)
            if k:
                inst.visit(t - rng.uniform(20, 90), dev, ip())
            brand, unit = item(rng, cur)
            inst.order(t, dev, ip(), order(user, email, cur, brand, unit, method=method(rng, cc)))
        out.append(inst)
    return out


def h16_private_relay_iphone(rng, ctx):
    """iPhone and Mac Safari users with iCloud Private Relay on: every connection may
    leave from a different relay address (Akamai / Cloudflare egress in the buyer's
    country). Trace: Safari UA, established cookie, relay addresses that change between
    page view and order, Apple Pay often, ordinary amounts in USD / EUR / JPY."""
    where = [("US", "relay_US"), ("US", "relay_US"), ("DE", "relay_DE"), ("JP", "relay_JP")]
    out = []
    for _ in range(ctx.n(28)):
        cc, pool = rng.choice(where)
        inst = Instance("h16_private_relay_iphone", "legit")
        profile = rng.choice(["safari_iphone", "h11_safari_iphone_262", "h6_safari_iphone_182",
                              "h16_safari_mac_26", "h5_ipad_safari"])
        dev = device(rng, cc, profile, age=aged(rng, 0.7))
        user, email = identity(rng, cc, ["icloud.com", "me.com"] if rng.random() < 0.5 else None)
        cur = LOCALE[cc][1]
        sticky = pool_ip(rng, ctx, pool)

        def ip(pool=pool, sticky=sticky):
            return sticky if rng.random() < 0.5 else pool_ip(rng, ctx, pool)
        t = browse(rng, inst, dev, ip, t_start(rng, ctx), (1, 3))
        t += rng.uniform(20, 200)
        brand, unit = item(rng, cur)
        pay = "apple_pay" if rng.random() < 0.5 else method(rng, cc)
        inst.order(t, dev, ip(), order(user, email, cur, brand, unit, method=pay))
        out.append(inst)
    return out


def h16_carrier_abroad(rng, ctx):
    """People on their home mobile carrier whose ranges the country database places abroad
    (Jio, KDDI and KT blocks listed in the US or Europe, O2 Germany's outside Germany).
    Trace: a foreign-looking address (often US) with the home language, home timezone and
    home currency, a phone UA, usually an established cookie."""
    where = [("IN", "h16_abroad_IN"), ("IN", "mobile_abroad_IN"), ("JP", "h16_abroad_JP"),
             ("KR", "h16_abroad_KR"), ("DE", "mobile_abroad_DE")]
    out = []
    for _ in range(ctx.n(28)):
        cc, pool = rng.choice(where)
        inst = Instance("h16_carrier_abroad", "legit")
        profiles = PHONES + (["h8_kakaotalk_android", "h9_naver_android"] if cc == "KR" else [])
        dev = device(rng, cc, rng.choice(profiles), age=aged(rng, 0.6))
        user, email = identity(rng, cc)
        cur = LOCALE[cc][1]
        addr = pool_ip(rng, ctx, pool)
        t = browse(rng, inst, dev, lambda: addr, t_start(rng, ctx), (1, 3))
        for k in range(1 if rng.random() < 0.9 else 2):
            t += rng.uniform(20, 240) if k == 0 else rng.uniform(200, 700)
            brand, unit = item(rng, cur, rng.choices(["topup", "gift", "key"], [4, 4, 1])[0])
            inst.order(t, dev, addr, order(user, email, cur, brand, unit, method=method(rng, cc)))
        out.append(inst)
    return out


COMPANIES = [("US", "kestrel-analytics.com"), ("US", "meridianhealth.org"),
             ("US", "bluefin-logistics.com"), ("US", "harborview-dental.com"),
             ("GB", "brightpath-consulting.co.uk"), ("GB", "northgate-housing.org.uk"),
             ("DE", "hoffmann-bau.de"), ("DE", "lindner-maschinen.de"),
             ("FR", "atelier-moreau.fr"), ("JP", "tanaka-shoji.co.jp"),
             ("JP", "sakura-it.co.jp"), ("NL", "vandijk-installatie.nl"),
             ("CA", "maplecrest-realty.ca"), ("AU", "southern-cross-freight.com.au")]


def h16_corporate_bulk(rng, ctx):
    """HR, office managers and agencies buying staff rewards, client thank-yous or survey
    incentives in bulk. Trace: an established office laptop (Edge / Chrome on Windows)
    behind a secure web gateway's shared egress (Cisco Umbrella, Netskope, Prisma; often
    not in the buyer's country), a company mail domain, one to three orders of 10-50 cards
    of one value, sometimes paid by invoice."""
    out = []
    for _ in range(ctx.n(13)):
        cc, domain = rng.choice(COMPANIES)
        inst = Instance("h16_corporate_bulk", "legit")
        profile = rng.choice(["h11_edge_win_143", "edge_win", "chrome_win", "h12_chrome_win_144",
                              "h16_chrome_win_145", "chrome_mac"])
        dev = device(rng, cc, profile, age=aged(rng, 0.8, (21, 90, 240, 700)))
        first, last = rng.choice(FIRST), rng.choice(LAST)
        user = "%s.%s" % (first, last)
        email = "%s@%s" % (user, domain)
        cur = LOCALE[cc][1]
        gateway = [pool_ip(rng, ctx, "h16_corp_swg") for _ in range(2)]

        def ip(gateway=gateway):
            return rng.choice(gateway)
        t = browse(rng, inst, dev, ip, t_start(rng, ctx, 1200), (2, 5), (20, 120))
        pay = "invoice" if rng.random() < 0.2 else "card"
        for k in range(rng.choice([1, 2, 2, 3])):
            t += rng.uniform(60, 300) if k == 0 else rng.uniform(120, 600)
            brand = rng.choice(["amazon", "apple", "uber", "airbnb", "spotify", "netflix",
                                "google-play"])
            unit = rng.choice(GIFT[cur][0][1:])
            qty = rng.choice([10, 10, 12, 15, 20, 25, 30, 40, 50])
            inst.order(t, dev, ip(), order(user, email, cur, brand, unit, qty, pay))
        out.append(inst)
    return out


def h16_traveller(rng, ctx):
    """Buyers away from home: on hotel Wi-Fi in Thailand or Greece, on in-flight Wi-Fi, or
    roaming (the home carrier's address, since roaming data breaks out at home). Trace:
    the phone's timezone follows the destination, language and currency stay home, the
    address is the hotel's country, a satellite operator's, or home; established device."""
    homes = ["US", "GB", "DE", "JP", "KR", "AU", "CA", "FR", "NL", "FI"]
    dests = [("h16_hotel_TH", ("Asia/Bangkok", 420)), ("h16_hotel_GR", ("Europe/Athens", 120))]
    out = []
    for _ in range(ctx.n(26)):
        cc = rng.choice(homes)
        inst = Instance("h16_traveller", "legit")
        mobile = rng.random() < 0.7
        profile = rng.choice(PHONES if mobile else DESKTOPS)
        r = rng.random()
        pool, tz = rng.choice(dests)
        if r < 0.45:
            addr = pool_ip(rng, ctx, pool)
        elif r < 0.65:
            addr = pool_ip(rng, ctx, "h16_inflight")
            tz = rng.choice([tz, (LOCALE[cc][2], LOCALE[cc][3])])
        elif cc in MOBILE_NET:
            addr = mobile_ip(rng, ctx, cc)
        else:
            addr = pool_ip(rng, ctx, pool)
        if not mobile and rng.random() < 0.5:
            tz = (LOCALE[cc][2], LOCALE[cc][3])  # a laptop left on home time
        dev = device(rng, cc, profile, age=aged(rng, 0.8), tz=tz)
        user, email = identity(rng, cc)
        cur = LOCALE[cc][1]
        t = browse(rng, inst, dev, lambda: addr, t_start(rng, ctx), (1, 3))
        for k in range(1 if rng.random() < 0.8 else 2):
            t += rng.uniform(30, 300) if k == 0 else rng.uniform(200, 900)
            brand, unit = item(rng, cur, high=rng.random() < 0.2)
            inst.order(t, dev, addr, order(user, email, cur, brand, unit, method=method(rng, cc)))
        out.append(inst)
    return out


def h16_east_asia_local(rng, ctx):
    """Buyers at home in Japan, Korea, Taiwan, Hong Kong and Singapore: JPY and KRW (the
    latter three pay USD). Trace: local ISPs and carriers, local browsers and in-app
    browsers (LINE, KakaoTalk, NAVER, Whale, Samsung Internet), local mail domains and
    wallets (PayPay, KakaoPay, NaverPay, Toss), mostly established devices."""
    countries = ["JP", "JP", "JP", "KR", "KR", "KR", "TW", "HK", "SG"]
    local_profiles = {
        "JP": ["safari_iphone", "h11_safari_iphone_262", "h9_line_iphone", "chrome_win",
               "h10_chrome_mac_143", "chrome_android", "h16_chrome_android_145"],
        "KR": ["samsung_android", "h12_samsung_29", "h8_whale_win", "h8_kakaotalk_android",
               "h9_naver_android", "safari_iphone", "chrome_win"],
    }
    out = []
    for _ in range(ctx.n(30)):
        cc = rng.choice(countries)
        inst = Instance("h16_east_asia_local", "legit")
        dev = device(rng, cc, rng.choice(local_profiles.get(cc, PHONES + DESKTOPS)),
                     age=aged(rng, 0.7))
        user, email = identity(rng, cc, year=cc not in ("KR",))
        cur = LOCALE[cc][1]
        mobile = rng.random() < 0.45 and cc in MOBILE_NET
        addr = mobile_ip(rng, ctx, cc) if mobile else home_ip(rng, ctx, cc)
        t = browse(rng, inst, dev, lambda: addr, t_start(rng, ctx), (1, 4))
        for k in range(1 if rng.random() < 0.85 else 2):
            t += rng.uniform(20, 240) if k == 0 else rng.uniform(200, 900)
            brand, unit = item(rng, cur, high=rng.random() < 0.1)
            inst.order(t, dev, addr, order(user, email, cur, brand, unit, method=method(rng, cc)))
        out.append(inst)
    return out


def h16_cn_airport(rng, ctx):
    """Mainland Chinese buyers, most reaching the foreign shop through an overseas relay
    node ("airport": a VPS in Hong Kong, Japan or North America), some directly. Trace:
    zh-CN, Asia/Shanghai, CNY, Alipay / WeChat Pay, qq.com / 163.com mail, WeChat's
    in-app browser or a desktop, and a hosting address abroad that can switch node
    between requests."""
    out = []
    for _ in range(ctx.n(26)):
        inst = Instance("h16_cn_airport", "legit")
        profile = rng.choice(["h7_wechat_android", "h8_wechat_ios", "chrome_win", "edge_win",
                              "safari_iphone", "h10_chrome_mac_143", "samsung_android"])
        dev = device(rng, "CN", profile, age=aged(rng, 0.5))
        user, email = identity(rng, "CN")
        if rng.random() < 0.4:
            email = "%d@qq.com" % rng.randint(10 ** 7, 4 * 10 ** 9)
            user = email.split("@")[0]
        if rng.random() < 0.65:
            nodes = [pool_ip(rng, ctx, "h16_airport") for _ in range(2)]

            def ip(nodes=nodes):
                return nodes[0] if rng.random() < 0.8 else nodes[1]
        else:
            addr = home_ip(rng, ctx, "CN")

            def ip(addr=addr):
                return addr
        t = browse(rng, inst, dev, ip, t_start(rng, ctx), (1, 4))
        for k in range(1 if rng.random() < 0.85 else 2):
            t += rng.uniform(20, 240) if k == 0 else rng.uniform(200, 800)
            brand, unit = item(rng, "CNY", rng.choices(["topup", "gift", "key"], [4, 4, 2])[0])
            inst.order(t, dev, ip(), order(user, email, "CNY", brand, unit,
                                           method=method(rng, "CN")))
        out.append(inst)
    return out


def h16_eu_shoppers(rng, ctx):
    """Euro-area buyers, many from the smaller member states (Belgium, Austria, Finland,
    Ireland, Portugal) besides Germany, the Netherlands, France, Italy and Spain. Trace:
    local ISPs, local languages and mail domains, local wallets (Bancontact, iDEAL, MB
    WAY, Klarna), EUR, a mix of established and new devices."""
    countries = ["BE", "AT", "FI", "IE", "PT", "DE", "DE", "NL", "FR", "IT", "ES"]
    out = []
    for _ in range(ctx.n(30)):
        cc = rng.choice(countries)
        inst = Instance("h16_eu_shoppers", "legit")
        dev = device(rng, cc, rng.choice(PHONES + DESKTOPS), age=aged(rng, 0.65))
        user, email = identity(rng, cc)
        mobile = rng.random() < 0.3 and cc in MOBILE_NET
        addr = mobile_ip(rng, ctx, cc) if mobile else home_ip(rng, ctx, cc)
        t = browse(rng, inst, dev, lambda: addr, t_start(rng, ctx), (1, 4))
        for k in range(1 if rng.random() < 0.9 else 2):
            t += rng.uniform(20, 300) if k == 0 else rng.uniform(200, 900)
            brand, unit = item(rng, "EUR", high=rng.random() < 0.08)
            inst.order(t, dev, addr, order(user, email, "EUR", brand, unit,
                                           method=method(rng, cc)))
        out.append(inst)
    return out


def h16_family_tablet(rng, ctx):
    """A family's shared Android tablet or iPad: a parent and one or two children each
    signed in to their own account on the same browser. Trace: one established device
    and home address carrying two or three accounts within half an hour: small Robux /
    V-Bucks top-ups on the children's accounts, a gift card on the parent's."""
    countries = ["US", "US", "GB", "DE", "AU", "CA", "FR", "NL"]
    out = []
    for _ in range(ctx.n(10)):
        cc = rng.choice(countries)
        inst = Instance("h16_family_tablet", "legit")
        dev = device(rng, cc, rng.choice(["h6_family_tablet", "h5_ipad_safari"]),
                     age=rng.choice((90, 240, 700)))
        last = rng.choice(LAST)
        parent = rng.choice(FIRST)
        domain = rng.choice(LOCALE[cc][4])
        accounts = [("%s.%s" % (parent, last), "%s.%s@%s" % (parent, last, domain))]
        for _ in range(rng.choice([1, 1, 2])):
            kid = "%s%s%d" % (rng.choice(FIRST), last, rng.randint(2010, 2017))
            accounts.append((kid, "%s.%s+%s@%s" % (parent, last, kid[:4], domain)))
        cur = LOCALE[cc][1]
        addr = home_ip(rng, ctx, cc)
        t = t_start(rng, ctx, 1500)
        for k in range(rng.randint(2, 4)):
            user, email = accounts[k % len(accounts)] if k else rng.choice(accounts[1:])
            t = browse(rng, inst, dev, lambda: addr, t + rng.uniform(30, 500), (1, 2))
            t += rng.uniform(20, 120)
            if user == accounts[0][0]:
                brand, unit = item(rng, cur, "gift")
            else:
                brand = rng.choice(["roblox-robux", "fortnite-vbucks", "minecraft-coins",
                                    "roblox"])
                unit = rng.choice(TOPUP[cur][1:4])
            inst.order(t, dev, addr, order(user, email, cur, brand, unit, method=method(rng, cc)))
        out.append(inst)
    return out


CAMPUS = [("JP", "h16_campus_JP", "u-tokyo.ac.jp"), ("JP", "h16_campus_JP", "kyoto-u.ac.jp"),
          ("KR", "h16_campus_KR", "snu.ac.kr"), ("KR", "h16_campus_KR", "kaist.ac.kr"),
          ("US", "h16_campus_US", "ucsf.edu")]


def h16_campus_dorm(rng, ctx):
    """Students on a campus or dormitory network (SINET, KREONET, a US university): a few
    NAT addresses shared by everybody on campus. Trace: the same campus address for many
    unrelated buyers, laptops and phones, some in private windows, small amounts (top-ups,
    streaming and software keys), some with a university mail address."""
    nat = {pool: [pool_ip(rng, ctx, pool) for _ in range(3)]
           for pool in ("h16_campus_JP", "h16_campus_KR", "h16_campus_US")}
    out = []
    for _ in range(ctx.n(28)):
        cc, pool, uni = rng.choice(CAMPUS)
        inst = Instance("h16_campus_dorm", "legit")
        cookies = "session" if rng.random() < 0.2 else "keep"
        age = aged(rng, 0.5, (6, 21, 90, 240)) if cookies == "keep" else None
        dev = device(rng, cc, rng.choice(PHONES + DESKTOPS), age=age, cookies=cookies)
        user, email = identity(rng, cc, [uni] if rng.random() < 0.3 else None, year=False)
        cur = LOCALE[cc][1]

        def ip(pool=pool):
            return rng.choice(nat[pool])
        t = browse(rng, inst, dev, ip, t_start(rng, ctx), (1, 4))
        t += rng.uniform(20, 250)
        kind = rng.choices(["topup", "gift", "key"], [4, 3, 2])[0]
        brand, unit = item(rng, cur, kind)
        if kind == "gift":
            unit = GIFT[cur][0][rng.randint(0, 2)]
        inst.order(t, dev, ip(), order(user, email, cur, brand, unit, method=method(rng, cc)))
        out.append(inst)
    return out


def h16_declined_retry(rng, ctx):
    """Honest buyers whose first payment fails (the bank's 3-D Secure step, a typo, a
    card limit): they try again within a minute or two, then another card or PayPal, and
    sometimes a smaller amount. Trace: two to four orders from one device, address and
    account minutes apart, same or falling amount, the payment method changing."""
    countries = ["US", "US", "GB", "DE", "FR", "CA", "AU", "JP", "KR", "BR", "IN"]
    out = []
    for _ in range(ctx.n(11)):
        cc = rng.choice(countries)
        inst = Instance("h16_declined_retry", "legit")
        dev = device(rng, cc, rng.choice(PHONES + DESKTOPS), age=aged(rng, 0.6))
        user, email = identity(rng, cc)
        cur = LOCALE[cc][1]
        addr = home_ip(rng, ctx, cc)
        brand, unit = item(rng, cur, "gift", high=rng.random() < 0.3)
        t = browse(rng, inst, dev, lambda: addr, t_start(rng, ctx, 900), (1, 3))
        pay = "card"
        for k in range(rng.choice([2, 3, 3, 4])):
            t += rng.uniform(30, 150) if k == 0 else rng.uniform(40, 240)
            if k >= 2 or (k == 1 and rng.random() < 0.4):
                pay = rng.choice([m for m in METHODS.get(cc, ["paypal"]) + ["paypal"]
                                  if m != pay] or ["paypal"])
            if k >= 2 and rng.random() < 0.4:
                lower = [v for v in GIFT[cur][0] + GIFT[cur][1] if v < unit]
                unit = lower[-1] if lower else unit
            inst.order(t, dev, addr, order(user, email, cur, brand, unit, method=pay))
        out.append(inst)
    return out


def h16_agent_assisted(rng, ctx):
    """Buyers who let an AI do the clicking: a hosted browsing agent on a cloud VM (Azure,
    Oracle, Google), or an AI browser's agent mode on the buyer's own Mac. Trace: the
    hosted agent is a new Linux Chrome with no stored cookie on a cloud address, UTC or
    the buyer's timezone, quick page-to-page steps and a checkout seconds later; the local
    agent is the buyer's established browser and home address with machine-fast steps."""
    countries = ["US", "US", "GB", "CA", "AU", "DE", "NL", "JP"]
    out = []
    for _ in range(ctx.n(18)):
        cc = rng.choice(countries)
        inst = Instance("h16_agent_assisted", "legit")
        user, email = identity(rng, cc)
        cur = LOCALE[cc][1]
        if rng.random() < 0.65:
            tz = ("UTC", 0) if rng.random() < 0.5 else None
            dev = device(rng, cc, "h9_agent_cloud", cookies="session", tz=tz,
                         lang="en-US,en;q=0.9" if rng.random() < 0.6 else None)
            pool = "h16_agent_cloud" if rng.random() < 0.7 else "hosting"
            addr = pool_ip(rng, ctx, pool)
        else:
            dev = device(rng, cc, "h16_ai_browser_mac", age=rng.choice((21, 90, 240)))
            addr = home_ip(rng, ctx, cc)
        t = browse(rng, inst, dev, lambda: addr, t_start(rng, ctx), (3, 6), (2, 9))
        t += rng.uniform(3, 15)
        brand, unit = item(rng, cur, rng.choices(["gift", "key", "topup"], [5, 3, 1])[0])
        inst.order(t, dev, addr, order(user, email, cur, brand, unit,
                                       method=rng.choice(["card", "card", "paypal"])))
        out.append(inst)
    return out


def h16_inapp_link(rng, ctx):
    """Buyers who tap a streamer's or creator's link inside TikTok, Instagram, Discord,
    LINE or KakaoTalk and buy in the in-app browser. Trace: an in-app WebView UA, a
    cookie jar that many apps wipe when they are closed (no cookie from the last visit),
    a mobile address, one page view and a quick order of the promoted top-up or card."""
    apps = [("US", "h7_discord_iphone"), ("US", "h9_tiktok_android"),
            ("US", "h9_instagram_iphone"), ("GB", "h9_tiktok_android"),
            ("GB", "h9_instagram_iphone"), ("DE", "h7_discord_iphone"),
            ("JP", "h9_line_iphone"), ("KR", "h8_kakaotalk_android"),
            ("IN", "h9_instagram_iphone"), ("ID", "h9_tiktok_android"),
            ("PH", "h9_tiktok_android"), ("FR", "h9_instagram_iphone")]
    out = []
    for _ in range(ctx.n(28)):
        cc, profile = rng.choice(apps)
        inst = Instance("h16_inapp_link", "legit")
        cookies = "session" if rng.random() < 0.6 else "keep"
        dev = device(rng, cc, profile, cookies=cookies)
        user, email = identity(rng, cc, year=rng.random() < 0.5)
        cur = LOCALE[cc][1]
        addr = mobile_ip(rng, ctx, cc)
        t = browse(rng, inst, dev, lambda: addr, t_start(rng, ctx), (1, 2), (5, 40))
        t += rng.uniform(15, 120)
        brand, unit = item(rng, cur, rng.choices(["topup", "gift"], [3, 2])[0])
        inst.order(t, dev, addr, order(user, email, cur, brand, unit, method=method(rng, cc)))
        out.append(inst)
    return out


def h16_repeat_regular(rng, ctx):
    """Regulars who buy the same thing every month or so (a subscription card, the usual
    top-up). Trace: a long-established cookie, the usual home address (some rural ones on
    Starlink, placed wherever its ground station is listed), a quick checkout: one page
    view and an order within a minute, in every currency the shop takes."""
    countries = ["US", "US", "GB", "DE", "CA", "AU", "JP", "KR", "IN", "BR", "FR", "NL"]
    out = []
    for _ in range(ctx.n(30)):
        cc = rng.choice(countries)
        inst = Instance("h16_repeat_regular", "legit")
        dev = device(rng, cc, rng.choice(PHONES + DESKTOPS), age=rng.choice((21, 90, 240, 700)))
        user, email = identity(rng, cc)
        cur = LOCALE[cc][1]
        if cc in ("US", "CA", "AU", "DE") and rng.random() < 0.12:
            addr = pool_ip(rng, ctx, "h16_starlink")
        else:
            addr = home_ip(rng, ctx, cc)
        t = browse(rng, inst, dev, lambda: addr, t_start(rng, ctx), (1, 1))
        t += rng.uniform(10, 60)
        if rng.random() < 0.5:
            brand, unit = rng.choice(["spotify", "netflix", "psn", "xbox", "nintendo-eshop"]), \
                GIFT[cur][0][rng.randint(1, 3)]
        else:
            brand, unit = item(rng, cur)
        inst.order(t, dev, addr, order(user, email, cur, brand, unit, method=method(rng, cc)))
        out.append(inst)
    return out


# ---------------------------------------------------------------- fraud

def burner(rng, cc="US"):
    """(user, email) of a throwaway account: random-looking or name-plus-digits, on a
    disposable service or a big free mailbox."""
    if rng.random() < 0.5:
        local = random_id(rng, rng.randint(7, 11))
    else:
        local = "%s%s%d" % (rng.choice(FIRST), rng.choice(LAST), rng.randint(10, 9999))
    domain = rng.choice(DISPOSABLE) if rng.random() < 0.4 else rng.choice(
        ["gmail.com", "outlook.com", "hotmail.com", "yahoo.com"])
    return local, "%s@%s" % (local, domain)


def f16_card_testing_burst(rng, ctx):
    """A checker tool validating a batch of stolen card numbers: the cheapest top-up or
    a 10 card, one attempt every 15-80 s for about fifteen minutes. Trace: an HTTP
    client that impersonates Chrome's headers or a plain library, no page view, no
    cookie, no beacon, a new residential-proxy address and a new throwaway account for
    every attempt."""
    out = []
    for _ in range(ctx.n(2)):
        inst = Instance("f16_card_testing_burst", "fraud")
        profile = rng.choice(["h10_curl_cffi", "h12_axios", "h9_impersonate_136",
                              "python_requests", "h5_okhttp"])
        dev = device(rng, "US", profile, cookies="none", beacon=False)
        t = t_start(rng, ctx, 1100)
        for _ in range(rng.randint(12, 16)):
            t += rng.uniform(15, 80)
            user, email = burner(rng)
            if rng.random() < 0.6:
                brand, unit = rng.choice(GAMES), rng.choice(TOPUP["USD"][:3])
            else:
                brand, unit = rng.choice(GIFT_BRANDS), 10
            addr = pool_ip(rng, ctx, rng.choice(["h16_home_US", "home_US", "h16_mobile_US"]))
            inst.order(t, dev, addr, order(user, email, "USD", brand, unit))
        out.append(inst)
    return out


def f16_card_testing_lowslow(rng, ctx):
    """Patient card testing spread over the whole window: one attempt every two minutes
    or so, each from a fresh anti-detect browser profile whose timezone and language
    match a fresh residential address (US, UK, Canada), a real-looking name and mailbox,
    one page view and a small card or top-up. Trace: nothing repeats between attempts but
    the small amounts, the anti-detect kernels and the steady pace."""
    out = []
    inst = Instance("f16_card_testing_lowslow", "fraud")
    n = ctx.n(26)
    step = (ctx.window - 200) / max(1, n)
    for i in range(n):
        cc = rng.choice(["US", "US", "US", "GB", "CA"])
        dev = device(rng, cc, rng.choice(ANTIDETECT))
        user, email = identity(rng, cc)
        cur = LOCALE[cc][1]
        addr = home_ip(rng, ctx, cc)
        t = 40 + i * step + rng.uniform(0, step * 0.6)
        t = browse(rng, inst, dev, lambda: addr, t, (1, 2), (5, 25))
        t += rng.uniform(15, 60)
        if rng.random() < 0.5:
            brand, unit = rng.choice(GAMES), rng.choice(TOPUP[cur][1:3])
        else:
            brand, unit = rng.choice(GIFT_BRANDS), GIFT[cur][0][0]
        inst.order(t, dev, addr, order(user, email, cur, brand, unit))
    out.append(inst)
    return out


def f16_stolen_card_cashout(rng, ctx):
    """Cashing out stolen cards with full billing details (infostealer and phishing
    logs): a new account per card, an anti-detect profile set to the cardholder's country
    (timezone, language) and a residential proxy there, one to three high-value cards of
    the brands that resell fastest, escalating. Trace: a new device and account, a clean
    consumer address in the right country, high amounts minutes apart."""
    countries = ["US", "US", "US", "GB", "CA", "AU", "DE", "FR"]
    out = []
    for _ in range(ctx.n(12)):
        cc = rng.choice(countries)
        inst = Instance("f16_stolen_card_cashout", "fraud")
        dev = device(rng, cc, rng.choice(ANTIDETECT + ["h16_chrome_win_145"]))
        user, email = identity(rng, cc)
        cur = LOCALE[cc][1]
        sticky = rng.random() < 0.7
        addr = home_ip(rng, ctx, cc)

        def ip(addr=addr, sticky=sticky, cc=cc):
            return addr if sticky else home_ip(rng, ctx, cc)
        t = browse(rng, inst, dev, ip, t_start(rng, ctx, 900), (1, 3), (5, 40))
        values = GIFT[cur][0][-2:] + GIFT[cur][1]
        level = rng.randint(1, 3)
        for k in range(rng.choice([1, 2, 2, 3, 3])):
            t += rng.uniform(20, 120) if k == 0 else rng.uniform(60, 360)
            level = min(len(values) - 1, level + k)
            inst.order(t, dev, ip(), order(user, email, cur, rng.choice(LIQUID), values[level]))
        out.append(inst)
    return out


def f16_cookie_replay(rng, ctx):
    """Account takeover by session-cookie replay: an infostealer log of the victim's
    browser imported into an anti-detect profile (same UA, language and usually
    timezone), used from a residential proxy in the victim's country, a crew's home line
    or a VPS while the victim keeps using the shop. Trace: the victim's established
    device cookie on a second fingerprint (another canvas) and another address, two or
    three high-value orders on the victim's account, often with a new delivery address."""
    countries = ["US", "US", "GB", "DE", "JP", "KR", "FR", "CA"]
    out = []
    for _ in range(ctx.n(11)):
        cc = rng.choice(countries)
        inst = Instance("f16_cookie_replay", "fraud")
        victim = device(rng, cc, rng.choice(PHONES + DESKTOPS), age=rng.choice((21, 90, 240, 700)))
        user, email = identity(rng, cc)
        cur = LOCALE[cc][1]
        t = t_start(rng, ctx, 1000)
        inst.visit(t, victim, home_ip(rng, ctx, cc))
        tz = (LOCALE[cc][2], LOCALE[cc][3]) if rng.random() < 0.7 else rng.choice(
            [("Asia/Ho_Chi_Minh", 420), ("Africa/Lagos", 60), ("Europe/Moscow", 180)])
        thief = ReplayDevice(rng, victim, victim.profile, victim.lang, tz)
        r = rng.random()
        if r < 0.55:
            addr = home_ip(rng, ctx, cc)
        elif r < 0.75:
            addr = pool_ip(rng, ctx, "h16_crew_VN")
        else:
            addr = pool_ip(rng, ctx, "h16_vps")
        t += rng.uniform(60, 600)
        t = browse(rng, inst, thief, lambda: addr, t, (1, 2), (5, 30))
        to = email if rng.random() < 0.4 else burner(rng, cc)[1]
        for k in range(rng.choice([2, 2, 3])):
            t += rng.uniform(20, 90) if k == 0 else rng.uniform(30, 200)
            brand, unit = rng.choice(LIQUID), rng.choice(GIFT[cur][0][-2:] + GIFT[cur][1][:3])
            inst.order(t, thief, addr, order(user, to, cur, brand, unit))
        out.append(inst)
    return out


def f16_ato_stuffing(rng, ctx):
    """Accounts taken over by credential stuffing, then worked from several browsers at
    once by a crew: stealth-automated Chrome, anti-detect profiles, on VPS, datacenter
    and 4G-proxy addresses. Trace: one account ordering from two to four devices and
    addresses within minutes, none of them its usual one, with its stored card and its
    own mail address."""
    countries = ["US", "US", "GB", "DE", "CA", "AU"]
    out = []
    for _ in range(ctx.n(9)):
        cc = rng.choice(countries)
        inst = Instance("f16_ato_stuffing", "fraud")
        user, email = identity(rng, cc)
        cur = LOCALE[cc][1]
        t = t_start(rng, ctx, 900)
        for _ in range(rng.choice([2, 3, 3, 4])):
            profile = rng.choice(ANTIDETECT + ["stealth_puppeteer", "h5_bot_win", "h5_bot_mac"])
            dev = device(rng, cc, profile)
            addr = pool_ip(rng, ctx, rng.choice(["h16_vps", "hosting", "h16_mobile_US",
                                                  "h16_vps"]))
            t += rng.uniform(20, 240)
            t2 = browse(rng, inst, dev, lambda: addr, t, (1, 2), (3, 20)) + rng.uniform(8, 60)
            brand, unit = item(rng, cur, "gift", high=rng.random() < 0.4)
            inst.order(t2, dev, addr, order(user, email, cur, brand, unit))
        out.append(inst)
    return out


def f16_reseller_scripted(rng, ctx):
    """A reseller's script buying a discounted or scarce card in bulk over many
    sock-puppet accounts to stay under per-account limits: Playwright / stealth Chrome on
    VPS addresses, a fresh browser context per account, each account buying the same
    product at the maximum quantity within a few minutes of the drop. Trace: many new
    accounts with patterned names on one catch-all domain, one product, high quantity,
    datacenter addresses."""
    out = []
    for _ in range(ctx.n(3)):
        inst = Instance("f16_reseller_scripted", "fraud")
        cc = rng.choice(["US", "US", "GB", "DE"])
        cur = LOCALE[cc][1]
        domain = "%s.%s" % (random_id(rng, 6), rng.choice(["xyz", "shop", "store", "top"]))
        stem = rng.choice(["kv", "gc", "acc", "buy", "x"]) + random_id(rng, 3)
        brand, unit = rng.choice(LIQUID), rng.choice(GIFT[cur][0][2:])
        profile = rng.choice(["h8_playwright_linux", "h5_bot_win", "h5_bot_mac",
                              "stealth_puppeteer"])
        exits = [pool_ip(rng, ctx, rng.choice(["h16_vps", "hosting"])) for _ in range(3)]
        t = t_start(rng, ctx, 900)
        for k in range(rng.randint(8, 12)):
            dev = device(rng, cc, profile, cookies="session")
            user = "%s%03d" % (stem, rng.randint(1, 999))
            addr = rng.choice(exits)
            t += rng.uniform(10, 70)
            t2 = browse(rng, inst, dev, lambda: addr, t, (1, 1)) + rng.uniform(2, 8)
            qty = rng.choice([5, 5, 8, 10])
            inst.order(t2, dev, addr, order(user, "%s@%s" % (user, domain), cur, brand, unit,
                                            qty))
        out.append(inst)
    return out


def dot_variants(rng, base):
    """A Gmail address's dotted spelling: the same mailbox, a new account each time."""
    chars = list(base)
    out = chars[0]
    for c in chars[1:]:
        out += ("." if rng.random() < 0.35 else "") + c
    return out


def f16_promo_farm(rng, ctx):
    """First-order promotion abuse from a phone farm: cheap identical handsets and
    emulators on rotating 4G proxies (US, Indonesia, Philippines, India), the app data
    cleared between accounts, each new account claiming the new-customer bonus on a
    small card. Trace: the same device fingerprints carrying several new accounts, Gmail
    dot and plus variants of one mailbox, a new mobile address per account."""
    markets = [("US", "h16_mobile_US"), ("ID", "h16_mobile_ID"), ("PH", "h16_mobile_PH"),
               ("IN", "h16_mobile_IN")]
    out = []
    for _ in range(ctx.n(5)):
        cc, pool = rng.choice(markets)
        inst = Instance("f16_promo_farm", "fraud")
        cur = LOCALE[cc][1]
        base = "%s%s" % (rng.choice(FIRST), rng.choice(LAST))
        t = t_start(rng, ctx, 1200)
        for _ in range(2):
            dev = device(rng, cc, rng.choice(["h5_farm_phone", "h6_farm_handset",
                                              "h6_emulator_x86", "h5_android_emulator"]),
                         cookies="session")
            for _ in range(3):
                addr = pool_ip(rng, ctx, pool)
                local = dot_variants(rng, base)
                if rng.random() < 0.4:
                    local += "+%s" % random_id(rng, 3)
                user = "%s%d" % (base[:6], rng.randint(100, 99999))
                t += rng.uniform(40, 200)
                t2 = browse(rng, inst, dev, lambda: addr, t, (1, 2), (4, 20)) + rng.uniform(10, 45)
                brand, unit = rng.choice(GIFT_BRANDS), rng.choice(GIFT[cur][0][:3])
                inst.order(t2, dev, addr, order(user, "%s@gmail.com" % local, cur, brand, unit,
                                                method=method(rng, cc)))
        out.append(inst)
    return out


def f16_friendly_fraud(rng, ctx):
    """Chargeback abuse by the cardholder: an established customer on their own device
    and home line buys several high-value cards in one sitting and later disputes them
    ("not authorised", "never received"). Trace: almost none at the edge: a known cookie,
    the usual address and mailbox, two to four large orders minutes apart."""
    countries = ["US", "US", "US", "GB", "CA", "AU", "DE", "FR", "BR"]
    out = []
    for _ in range(ctx.n(10)):
        cc = rng.choice(countries)
        inst = Instance("f16_friendly_fraud", "fraud")
        dev = device(rng, cc, rng.choice(PHONES + DESKTOPS), age=rng.choice((90, 240, 700)))
        user, email = identity(rng, cc)
        cur = LOCALE[cc][1]
        addr = home_ip(rng, ctx, cc)
        t = browse(rng, inst, dev, lambda: addr, t_start(rng, ctx, 1200), (1, 3))
        for k in range(rng.choice([2, 3, 3, 4])):
            t += rng.uniform(30, 200) if k == 0 else rng.uniform(120, 600)
            brand, unit = item(rng, cur, rng.choices(["gift", "key"], [4, 1])[0],
                               high=rng.random() < 0.7)
            inst.order(t, dev, addr, order(user, email, cur, brand, unit, method=method(rng, cc)))
        out.append(inst)
    return out


def f16_triangulation(rng, ctx):
    """Triangulation: an operator sells discounted cards and keys on a marketplace and
    fills each sale here with a stolen card, delivering to the marketplace buyer's own
    mailbox. Trace: one anti-detect browser placing order after order, each for a
    different real-looking account and mailbox (of several countries), the residential
    proxy address rotating per order, assorted mid-range amounts in USD."""
    out = []
    for _ in range(ctx.n(2)):
        inst = Instance("f16_triangulation", "fraud")
        dev = device(rng, "US", rng.choice(ANTIDETECT))
        t = t_start(rng, ctx, 2200)
        for _ in range(rng.randint(12, 16)):
            buyer_cc = rng.choice(["US", "US", "GB", "DE", "BR", "IN", "PH"])
            user, email = identity(rng, buyer_cc)
            addr = pool_ip(rng, ctx, rng.choice(["home_US", "h16_home_US"]))
            t += rng.uniform(50, 200)
            inst.visit(t - rng.uniform(5, 30), dev, addr)
            kind = rng.choices(["gift", "key"], [3, 2])[0]
            brand, unit = item(rng, "USD", kind)
            inst.order(t, dev, addr, order(user, email, "USD", brand, unit))
        out.append(inst)
    return out


def f16_coached_victim(rng, ctx):
    """A scam victim (fake tech support, a fake bank or tax official, a romance scam)
    buying gift cards on the phone with the scammer, who reads the codes back. The
    cardholder is real and on their own computer. Trace: an established or brand-new
    browser of an older person (large zoom, AOL / Yahoo / BT mail), their home line,
    three to five high-value cards of the brands scammers ask for, a few minutes apart,
    sometimes several at once."""
    countries = ["US", "US", "US", "GB", "CA", "AU"]
    old_mail = {"US": ["aol.com", "yahoo.com", "comcast.net", "att.net", "gmail.com"],
                "GB": ["btinternet.com", "yahoo.co.uk", "hotmail.co.uk"],
                "CA": ["sympatico.ca", "yahoo.ca", "shaw.ca"],
                "AU": ["bigpond.com", "optusnet.com.au", "yahoo.com.au"]}
    out = []
    for _ in range(ctx.n(7)):
        cc = rng.choice(countries)
        inst = Instance("f16_coached_victim", "fraud")
        profile = rng.choice(["edge_win", "chrome_win", "h6_chrome_win_magnifier",
                              "h5_chrome_win_zoom", "safari_iphone", "h5_ipad_safari"])
        dev = device(rng, cc, profile, age=aged(rng, 0.6, (90, 240, 700)))
        user, email = identity(rng, cc, old_mail[cc])
        cur = LOCALE[cc][1]
        addr = home_ip(rng, ctx, cc)
        brand = rng.choice(["apple", "google-play", "steam", "razer-gold", "amazon"])
        t = browse(rng, inst, dev, lambda: addr, t_start(rng, ctx, 1500), (2, 4), (20, 90))
        for k in range(rng.randint(3, 5)):
            t += rng.uniform(90, 300) if k == 0 else rng.uniform(100, 420)
            unit = rng.choice(GIFT[cur][0][-1:] + GIFT[cur][1])
            qty = rng.choice([1, 1, 2, 3])
            if rng.random() < 0.3:
                brand = rng.choice(["apple", "google-play", "steam", "razer-gold"])
            inst.order(t, dev, addr, order(user, email, cur, brand, unit, qty))
        out.append(inst)
    return out


def f16_mobile_proxy_stolen(rng, ctx):
    """Stolen cards run through 4G mobile proxies (US, UK, German carriers) from phone
    emulators and spoofed phone profiles, a new account every card or two, the carrier
    address rotating between orders. Trace: mobile-carrier addresses shared with honest
    phones, new devices (some emulators), new accounts, mid-to-high gift cards."""
    where = [("US", "h16_mobile_US"), ("US", "mobile_US"), ("GB", "mobile_GB"),
             ("DE", "mobile_DE")]
    out = []
    for _ in range(ctx.n(14)):
        cc, pool = rng.choice(where)
        inst = Instance("f16_mobile_proxy_stolen", "fraud")
        dev = device(rng, cc, rng.choice(["h6_emulator_x86", "h5_android_emulator",
                                          "chrome_android", "safari_iphone",
                                          "h10_chrome_android_143"]))
        user, email = burner(rng, cc) if rng.random() < 0.4 else identity(rng, cc)
        cur = LOCALE[cc][1]
        t = t_start(rng, ctx, 900)
        t = browse(rng, inst, dev, lambda: pool_ip(rng, ctx, pool), t, (1, 2), (5, 30))
        for k in range(rng.choice([1, 2, 2])):
            t += rng.uniform(20, 120) if k == 0 else rng.uniform(60, 300)
            brand, unit = rng.choice(LIQUID), rng.choice(GIFT[cur][0][-2:] + GIFT[cur][1][:2])
            inst.order(t, dev, pool_ip(rng, ctx, pool), order(user, email, cur, brand, unit))
        out.append(inst)
    return out


LEGIT = [h16_cgnat_mobile, h16_new_device_high, h16_night_gamer, h16_privacy_browser,
         h16_private_relay_iphone, h16_carrier_abroad, h16_corporate_bulk, h16_traveller,
         h16_east_asia_local, h16_cn_airport, h16_eu_shoppers, h16_family_tablet,
         h16_campus_dorm, h16_declined_retry, h16_agent_assisted, h16_inapp_link,
         h16_repeat_regular]
FRAUD = [f16_card_testing_burst, f16_card_testing_lowslow, f16_stolen_card_cashout,
         f16_cookie_replay, f16_ato_stuffing, f16_reseller_scripted, f16_promo_farm,
         f16_friendly_fraud, f16_triangulation, f16_coached_victim, f16_mobile_proxy_stolen]
