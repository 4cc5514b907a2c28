"""The eighth holdout set (`--personas holdout8`): buyers and attackers of a 2026
auto-delivery gift-card, game top-up and software-key shop, written blind to judge
risk-policy changes being made at the same time by another engineer.

What its author read (and only this):
- the harness plumbing: models/eval/__main__.py, cell.py, traffic.py, classify.py (its
  first 40 lines: the target and the decision-header parsing), clients.py (profile API and
  the existing profiles), build_ip_table.py, holdout_testkit.py;
- personas.py lines 1-162 (the module docstring, shared vocabulary, the Device / Instance
  classes and helpers; no persona body);
- holdout6.py lines 1-60 (its docstring, imports and the first lines of its locale table)
  as the form template, and test_holdout6.py as the test template;
- models/EVAL.md's "## Method" and "## Sixth holdout (method)" sections;
- the demo config's `[routes.order]` table (the order field map; it also shows that route's
  `review = "hold"` and `channel_group` lines, and the comment line after it);
- the organisation names and countries of the AS numbers picked for the pools below, from
  geoip/asn.mmdb and geoip/country.mmdb;
- the issue text quoted in the task (the target and its list of hard cases).
Slips and glimpses, disclosed: listing EVAL.md's section headings (`grep "^## "`, to cut
out the two sections above) showed every heading of that file, including the titles of
results sections (e.g. "Model 2026.12.06-1 (schema v3): before and after", "Device
consistency and the review policy", "Cookie replay and uniform fingerprints", "Account and
fingerprint signals (`[risk.signals]`)"); no text under them was read. The holdout6
docstring lists the glimpses its own author had (the order route's rate limit of 30 per
minute per ip and purchase limits of 5 / 10 a day per user); they were read here as part
of that docstring. After every persona, volume and pool here was written (and before the
plumbing run), checking how EVAL.md ended before appending this set's method section
(`tail -c 300`) showed the last two rows of a results table there: for holdout2 and
holdout6, legit blocked 0 %, legit reviewed about 4-8 %, fraud caught about 39-67 %, both
"missed". Nothing was tuned to any of that: no persona, volume or parameter was
changed after the one plumbing run, whose output was filtered to order counts per persona.

Not read: src/ (any Rust), the config's other sections, models/train/, models/MODEL.md,
models/report/, the persona bodies of holdout*.py (past holdout6.py line 60), personas.py
past its helpers, fraud.py, any other result in EVAL.md, and no git log or diff but this
work's.

Each persona is `f(rng, ctx) -> [Instance]`; names start with h8_ (legitimate, about 520
orders per cell) or f8_ (fraud, about 300). Each docstring names the trace the persona
leaves at the edge. Some fraud leaves almost none (it is in here because it exists).
"""

import json
import os
import string

from .personas import Device, Instance

HERE = os.path.dirname(os.path.abspath(__file__))

# This set's own address pools (build_ip_table.py --set holdout8); the main table's pools
# arrive through ctx.pools.
with open(os.path.join(HERE, "ip_table_holdout8.json")) as _f:
    EXTRA = json.load(_f)["pools"]

# How long ago an established browser first got its cookie (days).
AGES = (3, 12, 40, 150, 400)

# country -> (Accept-Language, currency, IANA zone, UTC offset minutes on 2 March 2026,
#             home pool, mobile pool); a missing pool falls back to the other one.
LOCALES = {
    "US": ("en-US,en;q=0.9", "USD", "America/Los_Angeles", -480, "home_US", "mobile_US"),
    "US2": ("en-US,en;q=0.9", "USD", "America/New_York", -300, "h8_home_US2", "mobile_US"),
    "GB": ("en-GB,en-US;q=0.9,en;q=0.8", "GBP", "Europe/London", 0, "h8_home_GB2",
           "mobile_GB"),
    "DE": ("de-DE,de;q=0.9,en;q=0.8", "EUR", "Europe/Berlin", 60, "home_DE", "mobile_DE"),
    "FR": ("fr-FR,fr;q=0.9,en;q=0.7", "EUR", "Europe/Paris", 60, "home_FR", "mobile_FR"),
    "ES": ("es-ES,es;q=0.9", "EUR", "Europe/Madrid", 60, "home_ES", "h8_mobile_ES"),
    "IT": ("it-IT,it;q=0.9,en;q=0.8", "EUR", "Europe/Rome", 60, "home_IT", "h8_mobile_IT"),
    "NL": ("nl-NL,nl;q=0.9,en;q=0.8", "EUR", "Europe/Amsterdam", 60, "home_NL", None),
    "AT": ("de-AT,de;q=0.9,en;q=0.8", "EUR", "Europe/Vienna", 60, "h8_home_AT", None),
    "BE": ("nl-BE,nl;q=0.9,fr-BE;q=0.8,en;q=0.7", "EUR", "Europe/Brussels", 60,
           "h8_home_BE", None),
    "PT": ("pt-PT,pt;q=0.9,en;q=0.8", "EUR", "Europe/Lisbon", 0, "h8_home_PT", None),
    "IE": ("en-IE,en;q=0.9", "EUR", "Europe/Dublin", 0, "h8_home_IE", None),
    "GR": ("el-GR,el;q=0.9,en;q=0.8", "EUR", "Europe/Athens", 120, "h8_home_GR", None),
    "CH": ("de-CH,de;q=0.9,fr-CH;q=0.8,en;q=0.7", "CHF", "Europe/Zurich", 60, "h8_home_CH",
           None),
    "PL": ("pl-PL,pl;q=0.9,en;q=0.8", "PLN", "Europe/Warsaw", 60, "h8_home_PL", None),
    "JP": ("ja-JP,ja;q=0.9", "JPY", "Asia/Tokyo", 540, "home_JP", "h8_mobile_JP"),
    "KR": ("ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7", "KRW", "Asia/Seoul", 540, "home_KR",
           "h8_mobile_KR"),
    "CN": ("zh-CN,zh;q=0.9", "CNY", "Asia/Shanghai", 480, "home_CN", "h8_mobile_CN"),
    "TW": ("zh-TW,zh;q=0.9,en;q=0.8", "TWD", "Asia/Taipei", 480, "h8_home_TW", None),
    "HK": ("zh-HK,zh;q=0.9,en;q=0.8", "HKD", "Asia/Hong_Kong", 480, "h8_home_HK", None),
    "SG": ("en-SG,en;q=0.9,zh;q=0.8", "SGD", "Asia/Singapore", 480, "h8_home_SG", None),
    "TH": ("th-TH,th;q=0.9,en;q=0.8", "THB", "Asia/Bangkok", 420, "h8_home_TH", None),
    "ID": ("id-ID,id;q=0.9,en;q=0.8", "IDR", "Asia/Jakarta", 420, None, "h8_mobile_ID"),
    "VN": ("vi-VN,vi;q=0.9,en;q=0.8", "VND", "Asia/Ho_Chi_Minh", 420, None, "h8_mobile_VN"),
    "NG": ("en-NG,en;q=0.9", "NGN", "Africa/Lagos", 60, None, "h8_mobile_NG"),
    "IN": ("en-IN,en;q=0.9,hi;q=0.8", "INR", "Asia/Kolkata", 330, "home_IN", "mobile_IN"),
    "CA": ("en-CA,en;q=0.9,fr-CA;q=0.8", "CAD", "America/Toronto", -300, "home_CA", None),
    "AU": ("en-AU,en;q=0.9", "AUD", "Australia/Sydney", 660, "home_AU", None),
    "BR": ("pt-BR,pt;q=0.9,en;q=0.8", "BRL", "America/Sao_Paulo", -180, "home_BR", None),
}
EURO = ["DE", "FR", "ES", "IT", "NL", "AT", "BE", "PT", "IE", "GR"]

# ISO 4217 minor units: these have none.
ZERO_DECIMAL = {"JPY", "KRW", "VND"}
THREE_DECIMAL = set()

# Gift-card face values (typical, high) per currency.
FACE = {
    "USD": ([10, 15, 25, 50, 100], [150, 200, 250, 300, 500]),
    "CAD": ([15, 25, 50, 100], [150, 200, 300]),
    "AUD": ([20, 30, 50, 100], [150, 200, 300]),
    "EUR": ([10, 15, 25, 50, 100], [150, 200, 250, 500]),
    "GBP": ([10, 15, 25, 50, 100], [150, 200, 250, 400]),
    "CHF": ([20, 50, 100], [200, 300, 500]),
    "PLN": ([50, 100, 200], [500, 1000]),
    "JPY": ([1500, 3000, 5000, 10000], [20000, 30000, 50000]),
    "KRW": ([10000, 30000, 50000, 100000], [200000, 300000, 500000]),
    "CNY": ([50, 100, 200, 500], [1000, 2000, 3000]),
    "TWD": ([300, 500, 1000], [3000, 5000]),
    "HKD": ([100, 200, 500], [1000, 2000]),
    "SGD": ([20, 50, 100], [200, 300, 500]),
    "THB": ([300, 500, 1000], [3000, 5000]),
    "IDR": ([50000, 100000, 200000], [500000, 1000000]),
    "VND": ([100000, 200000, 500000], [1000000, 2000000]),
    "NGN": ([5000, 10000, 20000], [50000, 100000]),
    "INR": ([500, 1000, 2000], [5000, 10000]),
    "BRL": ([50, 100, 150], [500, 1000]),
}
# In-game currency price points (the store's top-up ladder).
TOPUP = {
    "USD": [0.99, 4.99, 9.99, 19.99, 49.99, 99.99],
    "EUR": [0.99, 4.99, 9.99, 19.99, 49.99, 99.99],
    "GBP": [0.99, 4.99, 9.99, 19.99, 49.99, 99.99],
    "JPY": [160, 610, 1220, 3060, 6100, 12000],
    "KRW": [1200, 6600, 13000, 33000, 65000, 129000],
    "CNY": [6, 30, 68, 128, 328, 648],
    "TWD": [30, 150, 290, 790, 1490, 3290],
    "THB": [35, 179, 349, 699, 1700, 3500],
    "IDR": [16000, 79000, 159000, 319000, 799000, 1599000],
    "VND": [25000, 119000, 239000, 599000, 1199000, 2399000],
}
GIFT_CARDS = ["apple", "google-play", "steam", "psn", "xbox", "nintendo-eshop", "amazon",
              "netflix", "spotify", "roblox", "razer-gold"]
TOPUPS = ["genshin-crystals", "valorant-points", "pubg-uc", "mlbb-diamonds", "fortnite-vbucks",
          "honkai-starrail-shards", "lol-rp", "maplestory-nx", "lineage-w-diamonds"]
KEYS = ["windows-11-pro", "office-2024-home", "kaspersky-plus", "norton-360", "nordvpn-1y",
        "elden-ring-steam", "minecraft-java"]
LOCAL_CARDS = {"JP": ["itunes-jp", "nintendo-prepaid-jp", "webmoney"],
               "KR": ["cultureland", "nexon-cash", "happymoney"],
               "CN": ["steam-cn", "apple-cn", "qq-coins"]}
# How people pay, per country (a shop taking wallets and local methods).
PAY = {"JP": ["card", "card", "konbini", "paypay", "apple_pay"],
       "KR": ["card", "kakaopay", "naverpay", "tosspay"],
       "CN": ["alipay", "wechat_pay", "unionpay"],
       "DE": ["card", "paypal", "paypal", "klarna"], "NL": ["ideal", "ideal", "card"],
       "BE": ["bancontact", "card"], "PL": ["blik", "blik", "card"],
       "US": ["card", "card", "apple_pay", "paypal"], "GB": ["card", "apple_pay", "paypal"]}
MAIL = {"US": ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "comcast.net"],
        "GB": ["gmail.com", "outlook.com", "btinternet.com", "icloud.com"],
        "DE": ["gmx.de", "web.de", "gmail.com", "t-online.de"],
        "FR": ["orange.fr", "gmail.com", "free.fr", "laposte.net"],
        "ES": ["gmail.com", "hotmail.es", "telefonica.net"],
        "IT": ["gmail.com", "libero.it", "alice.it"], "NL": ["gmail.com", "ziggo.nl", "kpnmail.nl"],
        "AT": ["gmx.at", "gmail.com", "aon.at"], "BE": ["skynet.be", "gmail.com", "telenet.be"],
        "PT": ["sapo.pt", "gmail.com"], "IE": ["eircom.net", "gmail.com"],
        "GR": ["gmail.com", "otenet.gr"], "CH": ["bluewin.ch", "gmail.com", "gmx.ch"],
        "PL": ["wp.pl", "onet.pl", "gmail.com", "o2.pl"],
        "JP": ["docomo.ne.jp", "ezweb.ne.jp", "softbank.ne.jp", "gmail.com", "yahoo.co.jp"],
        "KR": ["naver.com", "daum.net", "kakao.com", "gmail.com"],
        "CN": ["qq.com", "163.com", "126.com", "foxmail.com"],
        "TW": ["gmail.com", "yahoo.com.tw", "hinet.net"], "HK": ["gmail.com", "yahoo.com.hk"],
        "SG": ["gmail.com", "singnet.com.sg"], "TH": ["gmail.com", "hotmail.com"],
        "ID": ["gmail.com", "yahoo.co.id"], "VN": ["gmail.com"], "NG": ["gmail.com", "yahoo.com"],
        "IN": ["gmail.com", "rediffmail.com"], "CA": ["gmail.com", "rogers.com", "shaw.ca"],
        "AU": ["gmail.com", "bigpond.com", "outlook.com"], "BR": ["gmail.com", "uol.com.br"]}
GIVEN = ["anna", "ben", "chloe", "daniel", "elena", "finn", "greta", "hannah", "ivan",
         "julia", "kai", "lena", "mateo", "nora", "oscar", "paula", "rafael", "sara", "tom",
         "ugo", "vera", "will", "yara", "zeno", "haruto", "yui", "sota", "rin", "minseo",
         "jiwoo", "hyun", "li", "hao", "yan", "mei", "chen", "wen", "somchai", "ploy",
         "budi", "sari", "linh", "tuan", "chidi", "ngozi", "aarav", "diya", "joao", "beatriz"]
FAMILY = ["novak", "schmidt", "bernard", "lopez", "bianchi", "devries", "gruber", "peeters",
          "silva", "murphy", "papadopoulos", "keller", "kowalski", "suzuki", "takahashi",
          "choi", "jung", "zhang", "liu", "huang", "lin", "wong", "tan", "srisuk", "santoso",
          "nguyen", "okafor", "sharma", "souza", "johnson", "miller", "taylor", "walsh"]
# Throwaway and privacy mail (fraud uses both; some honest privacy users use the latter).
THROWAWAY = ["mailinator.com", "yopmail.com", "guerrillamail.com", "tempmail.dev",
             "mail.tm", "dropmail.me", "10minutemail.net"]
PRIVACY_MAIL = ["proton.me", "tuta.io", "duck.com", "simplelogin.com", "mailbox.org"]


class LinkedCookieDevice(Device):
    """A different browser carrying another device's cookie (an infostealer's export or a
    session-hijack kit): it sends the origin's current cookie until riskgate gives it its
    own. Its canvas, profile and languages are its own."""

    def __init__(self, rng, origin, profile, lang, tz, languages=None):
        self._origin, self._own = origin, None
        super().__init__(rng, profile, lang, tz, cookies="keep", age_days=None,
                         languages=languages)

    @property
    def cookie(self):
        return self._own if self._own is not None else self._origin.cookie

    @cookie.setter
    def cookie(self, value):
        self._own = value


# ---------------------------------------------------------------- helpers


def pool(ctx, name):
    """Addresses of one pool, this set's own first."""
    return EXTRA.get(name) or ctx.pools[name]


def ip(rng, ctx, name):
    return rng.choice(pool(ctx, name))[0]


def home(cc):
    loc = LOCALES[cc]
    return loc[4] or loc[5]


def mobile_pool(cc):
    loc = LOCALES[cc]
    return loc[5] or loc[4]


def device(rng, cc, profile, age=None, cookies="keep", beacon=True, tz=None, lang=None):
    loc = LOCALES[cc]
    lang = lang or loc[0]
    tz = tz or (loc[2], loc[3])
    return Device(rng, profile, lang, tz, cookies=cookies, age_days=age, beacon=beacon)


def phone(rng):
    return rng.choice(["safari_iphone", "safari_iphone", "chrome_android", "samsung_android",
                       "h6_safari_iphone_182", "h6_chrome_android_132"])


def desktop(rng):
    return rng.choice(["chrome_win", "chrome_win", "chrome_mac", "edge_win", "safari_mac",
                       "firefox_win", "h8_chrome_win_132"])


def amount(currency, value):
    if currency in ZERO_DECIMAL:
        return int(round(value))
    return round(float(value), 2)


def face(rng, cur, high=False):
    typical, big = FACE[cur]
    return rng.choice(big if high else typical)


def order(rng, user, email, cur, unit, qty=1, product=None, method="card"):
    kind = product or rng.choice(GIFT_CARDS)
    return {"product": "%s-%s%s" % (kind, ("%g" % unit).replace(".", "_"), cur.lower()),
            "quantity": qty, "amount": amount(cur, unit * qty), "currency": cur,
            "user": user, "email": email, "payment_method": method}


def pay(rng, cc):
    return rng.choice(PAY.get(cc, ["card", "card", "paypal", "google_pay"]))


def who(rng, cc, domain=None):
    """A user id and e-mail address as people pick them."""
    first, last = rng.choice(GIVEN), rng.choice(FAMILY)
    local = rng.choice(["%s.%s", "%s%s", "%s_%s"]) % (first, last)
    local += rng.choice(["", "", str(rng.randint(1, 99)), str(rng.randint(1972, 2008))])
    dom = domain or rng.choice(MAIL.get(cc, MAIL["US"]))
    return local, "%s@%s" % (local, dom)


def junk(rng, n):
    return "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(n))


def start(rng, ctx, tail=300):
    return rng.uniform(60, max(120, ctx.window - tail))


def browse(inst, rng, t, dev, addr, pages=None):
    """Page views before an order; returns the time of the last one."""
    for _ in range(pages if pages is not None else rng.randint(1, 3)):
        inst.visit(t, dev, addr)
        t += rng.uniform(8, 70)
    return t


# ---------------------------------------------------------------- legitimate buyers


def h8_euro_regulars(rng, ctx):
    """Returning euro-area buyers (DE, FR, ES, IT, NL, AT, BE, PT, IE, GR) on their own
    browser at home or on their phone, one or two everyday orders in EUR with the local
    way to pay. Trace: an aged cookie, locale, timezone and address country agree."""
    out = []
    for _ in range(ctx.n(32)):
        cc = rng.choice(EURO)
        inst = Instance("h8_euro_regulars", "legit")
        user, email = who(rng, cc)
        mob = rng.random() < 0.5
        dev = device(rng, cc, phone(rng) if mob else desktop(rng), age=rng.choice(AGES))
        addr = ip(rng, ctx, mobile_pool(cc) if mob else home(cc))
        t = browse(inst, rng, start(rng, ctx), dev, addr)
        for _ in range(rng.choice([1, 1, 1, 2])):
            product = rng.choice(GIFT_CARDS + TOPUPS[:5])
            unit = rng.choice(TOPUP["EUR"]) if product in TOPUPS else face(rng, "EUR")
            inst.order(t, dev, addr, order(rng, user, email, "EUR", unit, product=product,
                                           method=pay(rng, cc)))
            t += rng.uniform(60, 600)
        out.append(inst)
    return out


def h8_gift_recipients(rng, ctx):
    """Birthday / thank-you gifting: one buyer sends 3-6 cards to different people within
    minutes, each order delivered to the recipient's own e-mail address (friends' mail at
    several providers). Trace: one account, one aged device, several delivery addresses in
    a short time, amounts typical to high."""
    out = []
    for _ in range(ctx.n(9)):
        cc = rng.choice(["US", "US2", "GB", "DE", "FR", "JP", "CA", "AU"])
        cur = LOCALES[cc][1]
        inst = Instance("h8_gift_recipients", "legit")
        user, _ = who(rng, cc)
        dev = device(rng, cc, desktop(rng) if rng.random() < 0.6 else phone(rng),
                     age=rng.choice(AGES))
        addr = ip(rng, ctx, home(cc))
        t = browse(inst, rng, start(rng, ctx, 900), dev, addr, rng.randint(2, 4))
        product = rng.choice(["amazon", "apple", "netflix", "spotify", "steam", "nintendo-eshop"])
        unit = face(rng, cur, high=rng.random() < 0.25)
        for _ in range(rng.randint(3, 6)):
            _, recipient = who(rng, cc)
            inst.order(t, dev, addr, order(rng, user, recipient, cur, unit, product=product,
                                           method=pay(rng, cc)))
            t += rng.uniform(40, 200)
        out.append(inst)
    return out


def h8_first_big_order(rng, ctx):
    """A first purchase on a brand-new device with a high amount: a console-launch top-up,
    a year of a subscription, a family present, in USD, EUR, GBP, JPY, KRW or CNY. They
    read the product page a while before paying. Trace: no cookie before the window, a new
    account, a high amount, everything else consistent."""
    out = []
    for _ in range(ctx.n(30)):
        cc = rng.choice(["US", "US2", "GB", "DE", "FR", "ES", "JP", "KR", "CN", "AU", "CA"])
        cur = LOCALES[cc][1]
        inst = Instance("h8_first_big_order", "legit")
        user, email = who(rng, cc)
        mob = rng.random() < 0.5
        prof = ("h8_wechat_ios" if cc == "CN" and mob else phone(rng)) if mob else desktop(rng)
        dev = device(rng, cc, prof)
        addr = ip(rng, ctx, mobile_pool(cc) if mob else home(cc))
        t = browse(inst, rng, start(rng, ctx), dev, addr, rng.randint(2, 5))
        product = rng.choice(GIFT_CARDS + KEYS + LOCAL_CARDS.get(cc, []))
        inst.order(t, dev, addr, order(rng, user, email, cur, face(rng, cur, high=True),
                                       product=product, method=pay(rng, cc)))
        out.append(inst)
    return out


def h8_night_gamers(rng, ctx):
    """Gamers topping up in-game currency two to four times within the hour (a gacha
    banner, a battle pass, then the next pull), on their own phone or PC, in KRW, JPY,
    USD, TWD, THB or EUR. In the 03:00 cell this is a night-time buyer. Trace: an aged
    cookie, repeated small and medium top-ups from one device, mobile carrier addresses."""
    out = []
    for _ in range(ctx.n(13)):
        cc = rng.choice(["KR", "KR", "JP", "US", "TW", "TH", "DE", "FR"])
        cur = LOCALES[cc][1]
        inst = Instance("h8_night_gamers", "legit")
        user, email = who(rng, cc)
        mob = rng.random() < 0.65
        dev = device(rng, cc, phone(rng) if mob else ("h8_whale_win" if cc == "KR" else
                                                       desktop(rng)), age=rng.choice(AGES))
        addr = ip(rng, ctx, mobile_pool(cc) if mob else home(cc))
        game = rng.choice(TOPUPS)
        t = browse(inst, rng, start(rng, ctx, 1500), dev, addr, 1)
        ladder = TOPUP[cur]
        for _ in range(rng.randint(2, 4)):
            inst.visit(t, dev, addr)
            t += rng.uniform(20, 90)
            inst.order(t, dev, addr, order(rng, user, email, cur, rng.choice(ladder[1:5]),
                                           product=game, method=pay(rng, cc)))
            t += rng.uniform(180, 700)
        out.append(inst)
    return out


def h8_privacy_cookieless(rng, ctx):
    """Privacy-minded regulars: Safari behind iCloud Private Relay with cookies blocked,
    Firefox Focus (nothing kept), Brave with strict shields, Mullvad Browser behind a
    Proton or Mullvad VPN, a privacy mail alias. Trace: no device cookie (or one per
    session), privacy-relay or VPN egress, sometimes no beacon or a UTC/farbled one."""
    out = []
    for _ in range(ctx.n(30)):
        kind = rng.choice(["relay", "relay", "focus", "brave", "mullvad"])
        cc = rng.choice(["US", "DE", "JP"]) if kind == "relay" else rng.choice(
            ["US", "GB", "DE", "FR", "NL", "CH", "AT"])
        cur = LOCALES[cc][1]
        inst = Instance("h8_privacy_cookieless", "legit")
        user, email = who(rng, cc, rng.choice(PRIVACY_MAIL) if rng.random() < 0.5 else None)
        if kind == "relay":
            dev = device(rng, cc, rng.choice(["safari_iphone", "safari_mac"]), cookies="none",
                         beacon=rng.random() < 0.7)
            addr = ip(rng, ctx, "relay_%s" % cc)
        elif kind == "focus":
            dev = device(rng, cc, "h8_firefox_focus", cookies="session")
            addr = ip(rng, ctx, mobile_pool(cc))
        elif kind == "brave":
            dev = device(rng, cc, rng.choice(["brave_win", "h6_brave_android"]),
                         cookies="session", age=rng.choice(AGES))
            addr = ip(rng, ctx, home(cc))
        else:
            dev = device(rng, cc, "h5_mullvad_browser", cookies="session",
                         beacon=rng.random() < 0.5)
            addr = ip(rng, ctx, "h8_vpn")
        t = browse(inst, rng, start(rng, ctx), dev, addr)
        inst.order(t, dev, addr, order(rng, user, email, cur, face(rng, cur),
                                       product=rng.choice(GIFT_CARDS + KEYS),
                                       method=rng.choice(["card", "paypal", "apple_pay"])))
        out.append(inst)
    return out


def h8_cgnat_abroad(rng, ctx):
    """Mobile buyers whose carrier's address the country database places abroad: au
    (KDDI) customers in Japan shown in the US or Germany, Telkomsel customers in Indonesia
    shown in the US, Free Mobile customers in the French Antilles, Jio and Vodafone DE
    ranges listed elsewhere; several strangers share each carrier NAT address. Trace: an
    aged or new phone cookie, address country differs from language, timezone and
    currency; one address, several unrelated accounts."""
    out = []
    groups = [("JP", "h8_abroad_JP"), ("ID", "h8_abroad_ID"), ("FR", "h8_abroad_FR"),
              ("DE", "mobile_abroad_DE"), ("IN", "mobile_abroad_IN")]
    for _ in range(ctx.n(9)):
        cc, pname = rng.choice(groups)
        cur = LOCALES[cc][1]
        shared = ip(rng, ctx, pname)  # one carrier NAT address
        for _ in range(rng.randint(2, 5)):
            inst = Instance("h8_cgnat_abroad", "legit")
            user, email = who(rng, cc)
            dev = device(rng, cc, phone(rng), age=rng.choice((None,) + AGES))
            t = browse(inst, rng, start(rng, ctx), dev, shared)
            if cur in TOPUP and rng.random() < 0.5:
                o = order(rng, user, email, cur, rng.choice(TOPUP[cur][1:5]),
                          product=rng.choice(TOPUPS), method=pay(rng, cc))
            else:
                o = order(rng, user, email, cur, face(rng, cur), method=pay(rng, cc))
            inst.order(t, dev, shared, o)
            out.append(inst)
    return out


def h8_corporate_bulk(rng, ctx):
    """Corporate buyers: an HR or office manager buys staff rewards or software keys in
    bulk (10-60 codes per order, one or two orders) from the office behind a Zscaler or
    Cisco Umbrella egress that geolocates wherever the provider's node is, on a work
    laptop with a company mail domain and a corporate card. Trace: very high totals and
    quantities, a secure-web-gateway address whose country may not be the buyer's, an aged
    or fresh work browser; many colleagues share that egress."""
    out = []
    for _ in range(ctx.n(11)):
        cc = rng.choice(["US", "GB", "DE", "JP", "KR", "SG", "FR", "AU"])
        cur = LOCALES[cc][1]
        company = rng.choice(["acme", "northwind", "globex", "initech", "umbrella-logistics",
                              "kestrel", "tanaka-shoji", "hanbit", "lumen-labs", "fabrikam"])
        tld = {"JP": "co.jp", "KR": "co.kr", "DE": "de", "GB": "co.uk", "SG": "com.sg",
               "FR": "fr", "AU": "com.au"}.get(cc, "com")
        inst = Instance("h8_corporate_bulk", "legit")
        user, email = who(rng, cc, "%s.%s" % (company, tld))
        dev = device(rng, cc, rng.choice(["h8_chrome_win_132", "edge_win", "chrome_mac"]),
                     age=rng.choice((None,) + AGES))
        addr = ip(rng, ctx, "h8_corp")
        t = browse(inst, rng, start(rng, ctx, 900), dev, addr, rng.randint(2, 4))
        for _ in range(rng.choice([1, 1, 2])):
            product = rng.choice(["amazon", "apple", "visa-prepaid", "uber"] + KEYS[:4])
            unit = face(rng, cur) if product not in KEYS else rng.choice(FACE[cur][0][-2:])
            inst.order(t, dev, addr, order(rng, user, email, cur, unit,
                                           qty=rng.choice([10, 12, 20, 25, 40, 50, 60]),
                                           product=product, method="card"))
            t += rng.uniform(120, 600)
        out.append(inst)
    # Colleagues buying for themselves through the same egress.
    for _ in range(ctx.n(6)):
        cc = rng.choice(["US", "GB", "DE", "JP"])
        cur = LOCALES[cc][1]
        inst = Instance("h8_corporate_bulk", "legit")
        user, email = who(rng, cc)
        dev = device(rng, cc, rng.choice(["h8_chrome_win_132", "edge_win"]),
                     age=rng.choice(AGES))
        addr = ip(rng, ctx, "h8_corp")
        t = browse(inst, rng, start(rng, ctx), dev, addr)
        inst.order(t, dev, addr, order(rng, user, email, cur, face(rng, cur)))
        out.append(inst)
    return out


def h8_travellers(rng, ctx):
    """Travellers with their own months-old browser: Japanese, Korean, Chinese, American
    and German buyers on hotel or cafe Wi-Fi in Bangkok, Singapore, Taipei, Hong Kong,
    Paris or the US, or roaming (the home carrier's address abroad). Some phones switched
    to the local timezone, some did not. They pay in their home currency. Trace: an aged
    cookie on a foreign address, language and currency of home, timezone of either."""
    out = []
    dests = ["h8_home_TH", "h8_home_SG", "h8_home_TW", "h8_home_HK", "home_FR", "home_US",
             "home_GB", "h8_home_PT"]
    dest_tz = {"h8_home_TH": ("Asia/Bangkok", 420), "h8_home_SG": ("Asia/Singapore", 480),
               "h8_home_TW": ("Asia/Taipei", 480), "h8_home_HK": ("Asia/Hong_Kong", 480),
               "home_FR": ("Europe/Paris", 60), "home_US": ("America/Los_Angeles", -480),
               "home_GB": ("Europe/London", 0), "h8_home_PT": ("Europe/Lisbon", 0)}
    for _ in range(ctx.n(24)):
        cc = rng.choice(["JP", "JP", "KR", "KR", "CN", "US", "DE", "AU"])
        cur = LOCALES[cc][1]
        inst = Instance("h8_travellers", "legit")
        user, email = who(rng, cc)
        roaming = rng.random() < 0.3
        dest = rng.choice(dests)
        tz = dest_tz[dest] if (not roaming and rng.random() < 0.5) else None
        prof = "h8_wechat_ios" if cc == "CN" and rng.random() < 0.5 else phone(rng)
        if rng.random() < 0.3:
            prof = rng.choice(["chrome_mac", "safari_mac", "chrome_win"])
        dev = device(rng, cc, prof, age=rng.choice(AGES), tz=tz)
        addr = ip(rng, ctx, mobile_pool(cc) if roaming else dest)
        t = browse(inst, rng, start(rng, ctx, 800), dev, addr)
        for _ in range(rng.choice([1, 1, 2])):
            product = rng.choice(GIFT_CARDS + LOCAL_CARDS.get(cc, []) + ["esim-data"])
            inst.order(t, dev, addr, order(rng, user, email, cur,
                                           face(rng, cur, high=rng.random() < 0.2),
                                           product=product, method=pay(rng, cc)))
            t += rng.uniform(200, 900)
        out.append(inst)
    return out


def h8_jpy_mobile(rng, ctx):
    """Japanese buyers on their phones (docomo, SoftBank, Rakuten Mobile, au at home):
    iTunes / Google Play / Nintendo prepaid and game top-ups in yen, carrier mail addresses,
    paid by card, konbini or PayPay. Trace: aged phone cookies, ja-JP and Asia/Tokyo, JPY
    amounts without minor units, Japanese mobile carrier addresses."""
    out = []
    for _ in range(ctx.n(28)):
        inst = Instance("h8_jpy_mobile", "legit")
        user, email = who(rng, "JP")
        dev = device(rng, "JP", rng.choice(["safari_iphone", "safari_iphone",
                                            "h6_safari_iphone_182", "chrome_android"]),
                     age=rng.choice(AGES + (None,)))
        addr = ip(rng, ctx, rng.choice(["h8_mobile_JP", "mobile_JP", "home_JP"]))
        t = browse(inst, rng, start(rng, ctx), dev, addr)
        for _ in range(rng.choice([1, 1, 2])):
            if rng.random() < 0.5:
                o = order(rng, user, email, "JPY", rng.choice(TOPUP["JPY"][1:]),
                          product=rng.choice(TOPUPS), method=pay(rng, "JP"))
            else:
                o = order(rng, user, email, "JPY", face(rng, "JPY", rng.random() < 0.15),
                          product=rng.choice(LOCAL_CARDS["JP"] + ["apple", "google-play"]),
                          method=pay(rng, "JP"))
            inst.order(t, dev, addr, o)
            t += rng.uniform(300, 900)
        out.append(inst)
    return out


def h8_krw_pcbang(rng, ctx):
    """Korean PC bangs: every seat is the same disk image (Chrome on Windows, a 1440p
    monitor), wiped at logoff, behind one business line; players at different seats top
    up Nexon cash, Cultureland or game currency in won, and a seat is reused by the next
    player. Trace: many accounts on one address and one identical browser build, no cookie
    older than the session, KRW top-ups, Korean locale."""
    out = []
    for _ in range(ctx.n(4)):
        addr = ip(rng, ctx, "h8_pcbang_KR")
        seats = [device(rng, "KR", "h8_pcbang_seat", cookies="session") for _ in range(4)]
        for _ in range(rng.randint(7, 10)):
            inst = Instance("h8_krw_pcbang", "legit")
            user, email = who(rng, "KR")
            seat = rng.choice(seats)
            t = browse(inst, rng, start(rng, ctx), seat, addr, 1)
            for _ in range(rng.choice([1, 1, 2])):
                product = rng.choice(["nexon-cash", "cultureland", "lol-rp",
                                      "maplestory-nx", "valorant-points"])
                inst.order(t, seat, addr, order(rng, user, email, "KRW",
                                                rng.choice(TOPUP["KRW"][1:5]),
                                                product=product, method=pay(rng, "KR")))
                t += rng.uniform(200, 700)
            out.append(inst)
    return out


def h8_cny_buyers(rng, ctx):
    """Mainland Chinese buyers paying in yuan with Alipay / WeChat Pay / UnionPay: in
    WeChat's in-app browser or on a desktop, from China Telecom / Unicom / China Mobile,
    or through a paid proxy node on a Hong Kong or Singapore cloud to reach the shop
    faster. Trace: zh-CN, Asia/Shanghai, CNY; some addresses are cloud hosts abroad."""
    out = []
    for _ in range(ctx.n(26)):
        inst = Instance("h8_cny_buyers", "legit")
        user, email = who(rng, "CN")
        mob = rng.random() < 0.55
        prof = rng.choice(["h8_wechat_ios", "chrome_android"]) if mob else rng.choice(
            ["chrome_win", "edge_win"])
        dev = device(rng, "CN", prof, age=rng.choice(AGES + (None,)))
        if rng.random() < 0.3:
            addr = ip(rng, ctx, "h8_cloud")
        else:
            addr = ip(rng, ctx, "h8_mobile_CN" if mob else "home_CN")
        t = browse(inst, rng, start(rng, ctx), dev, addr)
        for _ in range(rng.choice([1, 1, 2])):
            if rng.random() < 0.5:
                o = order(rng, user, email, "CNY", rng.choice(TOPUP["CNY"][1:]),
                          product=rng.choice(TOPUPS[:4]), method=pay(rng, "CN"))
            else:
                o = order(rng, user, email, "CNY", face(rng, "CNY", rng.random() < 0.2),
                          product=rng.choice(LOCAL_CARDS["CN"] + ["steam", "psn"]),
                          method=pay(rng, "CN"))
            inst.order(t, dev, addr, o)
            t += rng.uniform(200, 900)
        out.append(inst)
    return out


def h8_family_shared(rng, ctx):
    """One family computer or tablet, several accounts: a parent and one to three
    children each buy Roblox, Nintendo or Minecraft credit on the same browser in the same
    evening. Trace: one aged device cookie and one home address for 2-4 accounts, small
    amounts, the parent's payment method."""
    out = []
    for _ in range(ctx.n(11)):
        cc = rng.choice(["US", "US2", "GB", "DE", "FR", "NL", "CA", "AU", "KR", "JP"])
        cur = LOCALES[cc][1]
        dev = device(rng, cc, rng.choice(["h6_family_tablet", "chrome_win", "h5_ipad_safari",
                                          "safari_mac"]), age=rng.choice(AGES))
        addr = ip(rng, ctx, home(cc))
        t = start(rng, ctx, 1200)
        inst = Instance("h8_family_shared", "legit")
        for _ in range(rng.randint(2, 4)):
            user, email = who(rng, cc)
            t = browse(inst, rng, t, dev, addr, 1)
            product = rng.choice(["roblox", "nintendo-eshop", "minecraft-java", "fortnite-vbucks"])
            unit = face(rng, cur) if product != "fortnite-vbucks" or cur not in TOPUP else \
                rng.choice(TOPUP[cur][1:4])
            inst.order(t, dev, addr, order(rng, user, email, cur, unit, product=product,
                                           method=pay(rng, cc)))
            t += rng.uniform(120, 500)
        out.append(inst)
    return out


def h8_new_phone_returning(rng, ctx):
    """A long-time customer on a new phone (or after a factory reset): same account and
    e-mail, a fresh browser with no cookie, usually on the mobile network, often buying a
    bit more than usual to celebrate. Trace: a known account on a device never seen, a
    typical-to-high amount, consistent locale."""
    out = []
    for _ in range(ctx.n(25)):
        cc = rng.choice(["US", "GB", "DE", "FR", "IT", "ES", "JP", "KR", "CA", "PL"])
        cur = LOCALES[cc][1]
        inst = Instance("h8_new_phone_returning", "legit")
        user, email = who(rng, cc)
        dev = device(rng, cc, rng.choice(["safari_iphone", "h6_safari_iphone_182",
                                          "samsung_android", "h6_chrome_android_132"]))
        addr = ip(rng, ctx, mobile_pool(cc) if rng.random() < 0.7 else home(cc))
        t = browse(inst, rng, start(rng, ctx), dev, addr, rng.randint(1, 3))
        inst.order(t, dev, addr, order(rng, user, email, cur,
                                       face(rng, cur, high=rng.random() < 0.4),
                                       method=pay(rng, cc)))
        out.append(inst)
    return out


def h8_multi_currency(rng, ctx):
    """Buyers paying in a currency that is not their address's: a Briton in Portugal
    paying GBP, Swiss residents paying CHF or EUR, Poles paying PLN or EUR, Hong Kong and
    Singapore buyers paying USD for a US-region card, Irish and Greek buyers paying USD for
    US-store credit. Trace: currency, address country and language disagree in ordinary
    ways; aged cookies."""
    out = []
    cases = [("GB", "h8_home_PT", "GBP"), ("CH", "h8_home_CH", "CHF"),
             ("CH", "h8_home_CH", "EUR"), ("PL", "h8_home_PL", "PLN"),
             ("PL", "h8_home_PL", "EUR"), ("HK", "h8_home_HK", "USD"),
             ("SG", "h8_home_SG", "USD"), ("HK", "h8_home_HK", "HKD"),
             ("SG", "h8_home_SG", "SGD"), ("IE", "h8_home_IE", "USD"),
             ("GR", "h8_home_GR", "USD"), ("TW", "h8_home_TW", "TWD")]
    for _ in range(ctx.n(24)):
        cc, pname, cur = rng.choice(cases)
        inst = Instance("h8_multi_currency", "legit")
        user, email = who(rng, cc)
        dev = device(rng, cc, desktop(rng) if rng.random() < 0.5 else phone(rng),
                     age=rng.choice(AGES))
        addr = ip(rng, ctx, pname)
        t = browse(inst, rng, start(rng, ctx), dev, addr)
        for _ in range(rng.choice([1, 1, 2])):
            product = "%s-us" % rng.choice(["psn", "xbox", "steam", "apple"]) if cur == "USD" \
                else rng.choice(GIFT_CARDS)
            inst.order(t, dev, addr, order(rng, user, email, cur, face(rng, cur),
                                           product=product, method=pay(rng, cc)))
            t += rng.uniform(300, 900)
        out.append(inst)
    return out


def h8_kakao_gifting(rng, ctx):
    """Korean buyers sending mobile gift cards to friends from KakaoTalk's in-app browser
    (a coffee, a game top-up, a Cultureland voucher), two to five recipients in a row,
    from LG U+ or SK Telecom phones, paying with KakaoPay or Toss. Trace: an aged in-app
    cookie, several recipient addresses, KRW, Korean mobile addresses."""
    out = []
    for _ in range(ctx.n(10)):
        inst = Instance("h8_kakao_gifting", "legit")
        user, _ = who(rng, "KR")
        dev = device(rng, "KR", "h8_kakaotalk_android", age=rng.choice(AGES))
        addr = ip(rng, ctx, rng.choice(["h8_mobile_KR", "mobile_KR"]))
        t = browse(inst, rng, start(rng, ctx, 900), dev, addr, 1)
        for _ in range(rng.randint(2, 5)):
            _, recipient = who(rng, "KR")
            inst.order(t, dev, addr, order(rng, user, recipient, "KRW",
                                           rng.choice([5000, 10000, 30000, 50000]),
                                           product=rng.choice(LOCAL_CARDS["KR"] + ["starbucks-kr"]),
                                           method=rng.choice(["kakaopay", "tosspay", "card"])))
            t += rng.uniform(30, 240)
        out.append(inst)
    return out


def h8_vpn_everyday(rng, ctx):
    """Everyday buyers who leave a commercial VPN on (Proton, M247 or Datacamp exits,
    often set to another country for streaming), on their usual browser with its cookie.
    Trace: an aged cookie on a VPN exit whose country is not the buyer's."""
    out = []
    for _ in range(ctx.n(20)):
        cc = rng.choice(["US", "GB", "DE", "FR", "NL", "CA", "AU", "ES"])
        cur = LOCALES[cc][1]
        inst = Instance("h8_vpn_everyday", "legit")
        user, email = who(rng, cc)
        dev = device(rng, cc, desktop(rng) if rng.random() < 0.6 else phone(rng),
                     age=rng.choice(AGES))
        addr = ip(rng, ctx, "h8_vpn")
        t = browse(inst, rng, start(rng, ctx), dev, addr)
        inst.order(t, dev, addr, order(rng, user, email, cur, face(rng, cur),
                                       product=rng.choice(GIFT_CARDS + KEYS)))
        out.append(inst)
    return out


# ---------------------------------------------------------------- fraud


def f8_card_testing(rng, ctx):
    """Card testing that learned to look human: a script drives real browser builds with
    cookies off, a fresh account and a residential-proxy address per card, the smallest
    denominations and top-ups, bursts of tries a few seconds apart. Trace: no cookie,
    brand-new accounts, many smallest-value orders from ever-changing residential
    addresses within minutes, mail at random-looking locals; the beacon runs."""
    out = []
    pools = ["home_US", "h8_home_US2", "h8_home_GB2", "home_DE", "home_CA", "home_AU"]
    for _ in range(ctx.n(3)):
        t = start(rng, ctx, 1200)
        for _ in range(rng.randint(10, 14)):
            cc = rng.choice(["US", "US2", "GB", "CA"])
            cur = LOCALES[cc][1]
            inst = Instance("f8_card_testing", "fraud")
            user = "%s%s" % (rng.choice(GIVEN), junk(rng, 5))
            email = "%s@%s" % (user, rng.choice(["gmail.com", "outlook.com"] + THROWAWAY[:2]))
            dev = device(rng, cc, rng.choice(["chrome_win", "chrome_android", "h8_chrome_win_132"]),
                         cookies="none")
            addr = ip(rng, ctx, rng.choice(pools))
            inst.visit(t, dev, addr)
            t += rng.uniform(3, 12)
            small = rng.choice([FACE[cur][0][0], 0.99, 4.99]) if cur in ("USD", "GBP") \
                else FACE[cur][0][0]
            inst.order(t, dev, addr, order(rng, user, email, cur, small,
                                           product=rng.choice(["google-play", "roblox", "steam"])))
            t += rng.uniform(5, 40)
            out.append(inst)
    return out


def f8_ato_resi_proxy(rng, ctx):
    """Account takeover from a credential-stuffing list: the attacker logs in to a
    regular's account from an anti-detect profile set to the victim's language and
    timezone, through a residential proxy in the victim's country, changes the delivery
    mail and buys the highest denominations. Trace: a known account on a new device with
    no cookie history, a new delivery mail at a privacy or throwaway provider, high
    amounts, 1-3 orders in quick succession."""
    out = []
    for _ in range(ctx.n(14)):
        cc = rng.choice(["US", "US2", "GB", "DE", "FR", "JP", "CA", "AU"])
        cur = LOCALES[cc][1]
        inst = Instance("f8_ato_resi_proxy", "fraud")
        user, _ = who(rng, cc)
        email = "%s@%s" % (junk(rng, 9), rng.choice(PRIVACY_MAIL + THROWAWAY))
        dev = device(rng, cc, rng.choice(["h8_antidetect_mac", "h6_antidetect_pro",
                                          "chrome_win"]))
        addr = ip(rng, ctx, home(cc))
        t = browse(inst, rng, start(rng, ctx, 600), dev, addr, rng.randint(1, 2))
        for _ in range(rng.randint(1, 3)):
            inst.order(t, dev, addr, order(rng, user, email, cur, face(rng, cur, high=True),
                                           product=rng.choice(["apple", "steam", "psn", "razer-gold"])))
            t += rng.uniform(30, 150)
        out.append(inst)
    return out


def f8_session_hijack(rng, ctx):
    """Stolen session cookies (an infostealer log): the victim browses the shop on their
    own browser; later the thief imports that cookie into another browser on a VPN or
    another country's residential proxy and buys high-value cards for the victim's
    account, delivered to the thief. Trace: a months-old device cookie presented by a
    browser with another profile, canvas and timezone, from another network; the
    delivery mail changes; high amounts."""
    out = []
    for _ in range(ctx.n(13)):
        cc = rng.choice(["US", "GB", "DE", "FR", "KR", "JP"])
        cur = LOCALES[cc][1]
        inst = Instance("f8_session_hijack", "fraud")
        user, _ = who(rng, cc)
        victim = device(rng, cc, desktop(rng), age=rng.choice(AGES))
        t = start(rng, ctx, 1200)
        inst.visit(t, victim, ip(rng, ctx, home(cc)))
        loc = LOCALES[cc]
        thief = LinkedCookieDevice(rng, victim, rng.choice(["h8_antidetect_mac", "chrome_win",
                                                            "h6_antidetect_sloppy"]),
                                   loc[0], rng.choice([("Europe/Moscow", 180),
                                                       ("Asia/Ho_Chi_Minh", 420),
                                                       (loc[2], loc[3])]))
        addr = ip(rng, ctx, rng.choice(["h8_vpn", "h8_home_US2", "h8_mobile_VN", home(cc)]))
        t += rng.uniform(300, 900)
        email = "%s@%s" % (junk(rng, 8), rng.choice(["gmail.com"] + PRIVACY_MAIL))
        for _ in range(rng.randint(2, 3)):
            inst.order(t, thief, addr, order(rng, user, email, cur, face(rng, cur, high=True),
                                             product=rng.choice(["apple", "steam", "xbox"])))
            t += rng.uniform(20, 120)
        out.append(inst)
    return out


def f8_many_devices(rng, ctx):
    """One (fresh or bought) account worked from many devices: a team shares the login,
    each member on their own browser and residential or mobile proxy, each placing one or
    two mid-to-high orders. Trace: one account, 4-8 different devices and addresses in an
    hour, none of them with an old cookie."""
    out = []
    for _ in range(ctx.n(5)):
        cc = rng.choice(["US", "GB", "DE", "AU"])
        cur = LOCALES[cc][1]
        inst = Instance("f8_many_devices", "fraud")
        user, email = who(rng, cc)
        t = start(rng, ctx, 1800)
        for _ in range(rng.randint(4, 8)):
            dev = device(rng, cc, rng.choice(["chrome_win", "safari_iphone", "chrome_android",
                                              "h8_antidetect_mac", "edge_win"]))
            addr = ip(rng, ctx, rng.choice([home(cc), mobile_pool(cc), "h8_home_US2"]))
            inst.visit(t, dev, addr)
            t += rng.uniform(20, 90)
            inst.order(t, dev, addr, order(rng, user, email, cur,
                                           face(rng, cur, high=rng.random() < 0.6)))
            t += rng.uniform(60, 400)
        out.append(inst)
    return out


def f8_low_and_slow(rng, ctx):
    """Low-and-slow: a ring with stolen cards works through aged sleeper accounts one
    order at a time, spaced over the hour, each from a clean real browser with a locale
    matching the card's country, a residential address there and a mid-range amount.
    Trace: almost none; a months-old-account with a fresh device cookie, nothing else."""
    out = []
    for _ in range(ctx.n(30)):
        cc = rng.choice(["US", "US2", "GB", "DE", "FR", "CA", "AU", "JP"])
        cur = LOCALES[cc][1]
        inst = Instance("f8_low_and_slow", "fraud")
        user, email = who(rng, cc)
        dev = device(rng, cc, desktop(rng) if rng.random() < 0.6 else phone(rng))
        addr = ip(rng, ctx, home(cc))
        t = browse(inst, rng, start(rng, ctx), dev, addr, rng.randint(1, 3))
        unit = face(rng, cur)
        inst.order(t, dev, addr, order(rng, user, email, cur, unit,
                                       product=rng.choice(["steam", "psn", "apple", "razer-gold"])))
        out.append(inst)
    return out


def f8_reseller_bulk(rng, ctx):
    """Grey-market resellers cashing out stolen cards: new accounts order 5-20 codes of
    one card at a time (Steam, PSN, Razer Gold, Google Play) in USD or EUR, from Nigerian
    or Vietnamese mobile networks or a VPN, on a browser claiming en-US with the local
    timezone left on. Trace: new device and account, high quantity of one product, currency
    foreign to the address, timezone and address disagree with the language."""
    out = []
    for _ in range(ctx.n(12)):
        home_cc = rng.choice(["NG", "VN", "ID"])
        loc = LOCALES[home_cc]
        cur = rng.choice(["USD", "USD", "EUR"])
        inst = Instance("f8_reseller_bulk", "fraud")
        user = "%s%s%d" % (rng.choice(GIVEN), rng.choice(FAMILY), rng.randint(10, 999))
        email = "%s@%s" % (user, rng.choice(["gmail.com", "outlook.com", "yahoo.com"]))
        dev = device(rng, home_cc, rng.choice(["chrome_android", "chrome_win"]),
                     lang="en-US,en;q=0.9", tz=(loc[2], loc[3]))
        addr = ip(rng, ctx, rng.choice([loc[5], loc[5], "h8_vpn"]))
        t = browse(inst, rng, start(rng, ctx, 900), dev, addr, rng.randint(1, 2))
        product = rng.choice(["steam", "psn", "razer-gold", "google-play"])
        for _ in range(rng.randint(2, 3)):
            inst.order(t, dev, addr, order(rng, user, email, cur, rng.choice([50, 100]),
                                           qty=rng.choice([5, 8, 10, 15, 20]), product=product))
            t += rng.uniform(90, 400)
        out.append(inst)
    return out


def f8_cloud_bots(rng, ctx):
    """Checkout bots on cloud VMs: Playwright's Chromium (honest Linux UA, 1280x720, two
    cores) or a bare httpx client calling the order API directly, a new account per order,
    addresses on Alibaba / Huawei clouds and the usual VPS hosts, 1-2 orders each a
    minute or two apart. Trace: datacenter addresses, automation-shaped browsers or no
    browser at all, no cookies, throwaway mail."""
    out = []
    for _ in range(ctx.n(24)):
        cc = rng.choice(["US", "GB", "DE"])
        cur = LOCALES[cc][1]
        inst = Instance("f8_cloud_bots", "fraud")
        user = "u%s" % junk(rng, 10)
        email = "%s@%s" % (junk(rng, 10), rng.choice(THROWAWAY + ["gmail.com"]))
        script = rng.random() < 0.35
        dev = device(rng, cc, "h8_httpx" if script else "h8_playwright_linux",
                     cookies="none" if script else "session")
        addr = ip(rng, ctx, rng.choice(["h8_cloud", "hosting"]))
        t = start(rng, ctx)
        if not script:
            inst.visit(t, dev, addr)
            t += rng.uniform(2, 8)
        for _ in range(rng.choice([1, 1, 2])):
            inst.order(t, dev, addr, order(rng, user, email, cur, face(rng, cur),
                                           product=rng.choice(["steam", "xbox", "roblox"])))
            t += rng.uniform(60, 150)
        out.append(inst)
    return out


def f8_antidetect_tz(rng, ctx):
    """Anti-detect browsers whose operators set a US or UK persona (language, timezone) but
    egress through whatever proxy is cheapest: VPN exits, Asian clouds, Vietnamese or
    Indonesian mobile proxies. A new profile per account, cookies kept within a profile.
    Trace: a new device; address country disagrees with the timezone and language; mid to
    high amounts."""
    out = []
    for _ in range(ctx.n(22)):
        cc = rng.choice(["US", "US2", "GB"])
        cur = LOCALES[cc][1]
        inst = Instance("f8_antidetect_tz", "fraud")
        user, email = who(rng, cc)
        dev = device(rng, cc, rng.choice(["h8_antidetect_mac", "h6_antidetect_pro",
                                          "h5_antidetect_win"]))
        addr = ip(rng, ctx, rng.choice(["h8_vpn", "h8_cloud", "h8_mobile_VN", "h8_mobile_ID"]))
        t = browse(inst, rng, start(rng, ctx), dev, addr, rng.randint(1, 2))
        for _ in range(rng.choice([1, 1, 2])):
            inst.order(t, dev, addr, order(rng, user, email, cur,
                                           face(rng, cur, high=rng.random() < 0.5)))
            t += rng.uniform(60, 300)
        out.append(inst)
    return out


def f8_phone_farm(rng, ctx):
    """A phone farm behind rotating 4G proxies (US T-Mobile, Vietnamese and Indonesian
    carriers): one cheap handset model bought in bulk, each phone a new account buying game
    top-ups to resell, the proxy rotating the address between page and order. Trace:
    identical handsets (same model, same screen) across many new accounts, carrier NAT
    addresses that change between visit and order, top-ups in USD."""
    out = []
    for _ in range(ctx.n(23)):
        cc = rng.choice(["US", "US", "VN", "ID"])
        loc = LOCALES[cc]
        inst = Instance("f8_phone_farm", "fraud")
        user = "%s%d" % (rng.choice(GIVEN), rng.randint(1000, 99999))
        email = "%s@gmail.com" % user
        dev = device(rng, "US", rng.choice(["h6_farm_handset", "h5_farm_phone"]),
                     tz=(loc[2], loc[3]))
        t = start(rng, ctx)
        inst.visit(t, dev, ip(rng, ctx, loc[5]))
        t += rng.uniform(20, 60)
        for _ in range(rng.choice([1, 1, 2])):
            inst.order(t, dev, ip(rng, ctx, loc[5]),
                       order(rng, user, email, "USD", rng.choice(TOPUP["USD"][2:]),
                             product=rng.choice(TOPUPS[:4])))
            t += rng.uniform(60, 240)
        out.append(inst)
    return out


def f8_scam_victim(rng, ctx):
    """Victim-assisted fraud: a tech-support or romance scammer on the phone tells a
    long-time customer to buy cards and read out the codes; the buyer's own browser and
    home line, but several high-value orders of one card within minutes, delivered to an
    address the scammer supplied. The shop refunds after the bank's dispute. Trace: an
    aged device and home address; unusual bursts of high amounts, a new delivery mail."""
    out = []
    for _ in range(ctx.n(5)):
        cc = rng.choice(["US", "US2", "GB", "CA", "AU", "DE"])
        cur = LOCALES[cc][1]
        inst = Instance("f8_scam_victim", "fraud")
        user, _ = who(rng, cc)
        email = "%s.support%d@%s" % (rng.choice(GIVEN), rng.randint(1, 99),
                                     rng.choice(["gmail.com", "outlook.com"]))
        dev = device(rng, cc, rng.choice(["chrome_win", "edge_win", "safari_mac"]),
                     age=rng.choice(AGES[2:]))
        addr = ip(rng, ctx, home(cc))
        t = browse(inst, rng, start(rng, ctx, 900), dev, addr, 1)
        product = rng.choice(["apple", "google-play", "steam", "amazon"])
        for _ in range(rng.randint(2, 4)):
            inst.order(t, dev, addr, order(rng, user, email, cur, face(rng, cur, high=True),
                                           qty=rng.choice([1, 2]), product=product))
            t += rng.uniform(60, 240)
        out.append(inst)
    return out


def f8_friendly_fraud(rng, ctx):
    """Friendly fraud: the card holder buys on their own months-old browser at home, in
    their usual amounts, and later disputes the charge ("I never got the code"). Trace:
    none at the edge by design."""
    out = []
    for _ in range(ctx.n(20)):
        cc = rng.choice(["US", "US2", "GB", "DE", "FR", "JP", "KR"])
        cur = LOCALES[cc][1]
        inst = Instance("f8_friendly_fraud", "fraud")
        user, email = who(rng, cc)
        dev = device(rng, cc, desktop(rng) if rng.random() < 0.5 else phone(rng),
                     age=rng.choice(AGES))
        addr = ip(rng, ctx, home(cc))
        t = browse(inst, rng, start(rng, ctx), dev, addr)
        inst.order(t, dev, addr, order(rng, user, email, cur, face(rng, cur),
                                       method=pay(rng, cc)))
        out.append(inst)
    return out


LEGIT = [h8_euro_regulars, h8_gift_recipients, h8_first_big_order, h8_night_gamers,
         h8_privacy_cookieless, h8_cgnat_abroad, h8_corporate_bulk, h8_travellers,
         h8_jpy_mobile, h8_krw_pcbang, h8_cny_buyers, h8_family_shared,
         h8_new_phone_returning, h8_multi_currency, h8_kakao_gifting, h8_vpn_everyday]
FRAUD = [f8_card_testing, f8_ato_resi_proxy, f8_session_hijack, f8_many_devices,
         f8_low_and_slow, f8_reseller_bulk, f8_cloud_bots, f8_antidetect_tz, f8_phone_farm,
         f8_scam_victim, f8_friendly_fraud]
