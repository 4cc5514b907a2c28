"""The seventh holdout set (`--personas holdout7`): buyers and attackers of a 2026
auto-delivery gift-card, game top-up and software-key shop, written blind to judge
risk-policy changes being made at the same time by another engineer.

What its author read (and only this):
- the harness plumbing: models/eval/__main__.py, cell.py, traffic.py, classify.py,
  clients.py (profile API and the existing profiles), build_ip_table.py,
  holdout_testkit.py, and test_holdout6.py as a test template;
- personas.py lines 1-162 (module docstring, shared vocabulary, the Device / Instance
  classes and helpers; no persona body);
- the first 60 lines of holdout6.py (its docstring, imports and the start of its locale
  table, for the form);
- models/EVAL.md's "## Method" and "## Sixth holdout (method)" sections;
- the demo config's `[routes.order]` table (the order field map; it also showed that
  route's `review = "hold"` and `channel_group` lines);
- the organisation names and countries of AS numbers in geoip/asn.mmdb and
  geoip/country.mmdb (to pick the pools below);
- the issue text quoted in the task.
Slips and glimpses, disclosed: a `git log --oneline -3` at the start (to check the branch)
showed three commit subjects, one of which summarises results of the main policy on
holdout2 (0 % blocked, 3.95-6.03 % reviewed, 61-67 % caught). The holdout6 docstring and
the sixth-holdout method section describe that set's personas in one line each. After every
persona was written and its unit tests passed (and before the plumbing run), a
`tail -c 300 models/EVAL.md` meant only to check the file's final newline showed its last
two table rows: the current policy's figures on holdout2 (0 % blocked, 3.95-6.03 %
reviewed, 61-67 % caught) and holdout6 (0 %, 6.41-8.06 %, 39-44 %). Nothing here was tuned
to any of that: no persona, volume or parameter was changed after that glimpse (the set
was committed right after it) nor after the one plumbing run, whose output was filtered
to order counts per persona.

Not read: src/ (any Rust), config sections other than the order field map, models/train/,
models/MODEL.md, models/report/, the persona bodies of holdout*.py, personas.py past its
helpers, fraud.py, any result in EVAL.md (beyond the glimpse above), the git history of
anything but this work.

Each persona is `f(rng, ctx) -> [Instance]`; names start with h7_ (legitimate, about 520
orders per cell) or f7_ (fraud, about 300). Each docstring names the trace the persona
leaves at the edge. Some fraud leaves almost none (it is in here because it exists).
"""

import json
import os
import string

from .personas import Device, Instance

HERE = os.path.dirname(os.path.abspath(__file__))

# This set's own address pools (build_ip_table.py --set holdout7); the main table's pools
# arrive through ctx.pools.
with open(os.path.join(HERE, "ip_table_holdout7.json")) as _f:
    EXTRA = json.load(_f)["pools"]

# How long ago an established browser first got its cookie (days).
AGES = (4, 21, 90, 200, 540)

# country -> (Accept-Language, currency, IANA zone, UTC offset minutes on 2 March 2026,
#             home pools, mobile pools, mail domains)
LOCALES = {
    "US": ("en-US,en;q=0.9", "USD", "America/Los_Angeles", -480, ["home_US"], ["mobile_US"],
           ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "hotmail.com"]),
    "GB": ("en-GB,en;q=0.9", "GBP", "Europe/London", 0, ["home_GB"], ["mobile_GB"],
           ["gmail.com", "outlook.com", "btinternet.com", "sky.com"]),
    "DE": ("de-DE,de;q=0.9,en;q=0.8", "EUR", "Europe/Berlin", 60, ["home_DE"], ["mobile_DE"],
           ["gmx.de", "web.de", "gmail.com", "t-online.de"]),
    "FR": ("fr-FR,fr;q=0.9,en;q=0.8", "EUR", "Europe/Paris", 60, ["home_FR"], ["mobile_FR"],
           ["orange.fr", "free.fr", "gmail.com", "laposte.net"]),
    "ES": ("es-ES,es;q=0.9", "EUR", "Europe/Madrid", 60, ["home_ES"], [],
           ["gmail.com", "hotmail.es", "telefonica.net"]),
    "IT": ("it-IT,it;q=0.9,en;q=0.8", "EUR", "Europe/Rome", 60, ["home_IT"], [],
           ["libero.it", "gmail.com", "virgilio.it"]),
    "NL": ("nl-NL,nl;q=0.9,en;q=0.8", "EUR", "Europe/Amsterdam", 60, ["home_NL"], [],
           ["ziggo.nl", "gmail.com", "kpnmail.nl"]),
    "EE": ("et-EE,et;q=0.9,en;q=0.8,ru;q=0.7", "EUR", "Europe/Tallinn", 120, ["h7_home_EE"],
           [], ["gmail.com", "mail.ee", "hot.ee"]),
    "LT": ("lt-LT,lt;q=0.9,en;q=0.8", "EUR", "Europe/Vilnius", 120, ["h7_home_LT"], [],
           ["gmail.com", "inbox.lt"]),
    "SK": ("sk-SK,sk;q=0.9,cs;q=0.8,en;q=0.7", "EUR", "Europe/Bratislava", 60, ["h7_home_SK"],
           [], ["azet.sk", "gmail.com", "centrum.sk"]),
    "HR": ("hr-HR,hr;q=0.9,en;q=0.8", "EUR", "Europe/Zagreb", 60, ["h7_home_HR"], [],
           ["gmail.com", "net.hr"]),
    "LU": ("fr-LU,fr;q=0.9,de;q=0.8,lb;q=0.7,en;q=0.6", "EUR", "Europe/Luxembourg", 60,
           ["h7_home_LU"], [], ["pt.lu", "gmail.com"]),
    "SI": ("sl-SI,sl;q=0.9,en;q=0.8", "EUR", "Europe/Ljubljana", 60, ["h7_home_SI"], [],
           ["gmail.com", "siol.net"]),
    "JP": ("ja,en-US;q=0.9,en;q=0.8", "JPY", "Asia/Tokyo", 540, ["h7_home_JP", "home_JP"],
           ["h7_mobile_JP", "mobile_JP"],
           ["docomo.ne.jp", "ezweb.ne.jp", "yahoo.co.jp", "gmail.com", "icloud.com"]),
    "KR": ("ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7", "KRW", "Asia/Seoul", 540,
           ["h7_home_KR", "home_KR"], ["mobile_KR"], ["naver.com", "daum.net", "kakao.com",
                                                      "gmail.com"]),
    "CN": ("zh-CN,zh;q=0.9", "CNY", "Asia/Shanghai", 480, ["h7_home_CN", "home_CN"],
           ["h7_mobile_CN"], ["qq.com", "163.com", "126.com", "foxmail.com"]),
    "TW": ("zh-TW,zh;q=0.9,en-US;q=0.8,en;q=0.7", "TWD", "Asia/Taipei", 480, ["h7_home_TW"],
           [], ["gmail.com", "yahoo.com.tw", "hotmail.com"]),
    "PL": ("pl-PL,pl;q=0.9,en-US;q=0.8,en;q=0.7", "PLN", "Europe/Warsaw", 60, [],
           ["h7_mobile_PL"], ["wp.pl", "o2.pl", "interia.pl", "gmail.com"]),
    "CA": ("en-CA,en;q=0.9,fr-CA;q=0.8", "CAD", "America/Toronto", -300, ["home_CA"], [],
           ["gmail.com", "hotmail.com", "rogers.com"]),
    "AU": ("en-AU,en;q=0.9", "AUD", "Australia/Sydney", 660, ["home_AU"], [],
           ["gmail.com", "bigpond.com", "outlook.com"]),
    "BR": ("pt-BR,pt;q=0.9,en;q=0.8", "BRL", "America/Sao_Paulo", -180, ["home_BR"], [],
           ["gmail.com", "hotmail.com", "uol.com.br"]),
    "IN": ("en-IN,en;q=0.9,hi;q=0.8", "INR", "Asia/Kolkata", 330, ["home_IN"], ["mobile_IN"],
           ["gmail.com", "rediffmail.com", "yahoo.co.in"]),
}
EURO = ["DE", "FR", "ES", "IT", "NL", "EE", "LT", "SK", "HR", "LU", "SI"]
EAST_ASIA = ["JP", "KR", "CN", "TW"]

# Gift-card face values per currency: (everyday, high).
DENOMS = {
    "USD": ([10, 15, 20, 25, 50], [100, 150, 200, 250, 500]),
    "GBP": ([10, 15, 20, 25, 50], [100, 150, 200, 250]),
    "EUR": ([10, 15, 20, 25, 50], [100, 150, 200, 250]),
    "JPY": ([1500, 3000, 5000, 10000], [20000, 30000, 50000]),
    "KRW": ([10000, 30000, 50000], [100000, 200000, 300000, 500000]),
    "CNY": ([50, 100, 200], [500, 1000, 2000]),
    "TWD": ([300, 500, 1000], [2000, 3000, 5000]),
    "PLN": ([50, 100, 200], [300, 500, 1000]),
    "CAD": ([15, 25, 50], [100, 200, 300]),
    "AUD": ([20, 30, 50], [100, 200, 300]),
    "BRL": ([50, 100, 150], [250, 500, 1000]),
    "INR": ([500, 1000, 2000], [5000, 10000]),
}
# In-game currency packs priced like app stores price them.
TOPUPS = {
    "USD": [4.99, 9.99, 19.99, 49.99, 99.99], "EUR": [5.49, 10.99, 21.99, 54.99],
    "GBP": [4.99, 9.99, 19.99, 49.99], "JPY": [610, 1220, 3060, 6100, 12000],
    "KRW": [6600, 14900, 33000, 69000], "CNY": [30, 68, 198, 328, 648],
    "TWD": [150, 300, 790, 1490], "PLN": [21.99, 44.99, 94.99], "CAD": [6.99, 13.99, 27.99],
    "AUD": [7.99, 15.99, 31.99], "BRL": [27.90, 54.90, 109.90], "INR": [399, 799, 1999],
}
ZERO_DECIMAL = {"JPY", "KRW"}
CARDS = ["steam", "psn", "xbox", "nintendo-eshop", "apple", "google-play", "amazon",
         "roblox", "spotify", "netflix", "riot-points", "valorant", "battlenet"]
GAMES = ["genshin-crystals", "mlbb-diamonds", "pubgm-uc", "fortnite-vbucks", "honkai-shards",
         "freefire-diamonds", "lol-rp", "maplestory-nx", "fc26-points", "brawlstars-gems"]
KEYS = ["windows-11-pro", "office-2024-home", "kaspersky-premium", "nordvpn-1y",
        "elden-ring-nightreign", "minecraft-java", "game-pass-ultimate-3m"]
METHODS = ["card", "card", "card", "paypal", "apple_pay", "google_pay"]
LOCAL_METHODS = {"CN": ["alipay", "wechat_pay", "card"], "KR": ["card", "kakaopay", "naverpay"],
                 "JP": ["card", "paypay", "konbini"], "NL": ["ideal", "card"],
                 "PL": ["blik", "card"], "BR": ["pix", "card"], "IN": ["upi", "card"]}
NAMES = ["anna", "ben", "chloe", "daniel", "elena", "finn", "hana", "haruto", "ines", "jakub",
         "jiwoo", "kaito", "laura", "lena", "lukas", "maja", "marta", "matteo", "mei", "minho",
         "nika", "noah", "oliver", "petra", "ren", "sara", "seoyeon", "tomas", "wen", "xiaoyu",
         "yui", "yuna", "zhang", "emily", "james", "olivia", "tanvi", "rahul", "gabriel", "ana"]
SURNAMES = ["tamm", "kask", "kazlauskas", "novak", "horvat", "kovac", "schmit", "suzuki",
            "takahashi", "choi", "jung", "liu", "zhao", "lin", "chen", "nowak", "wojcik",
            "smith", "jones", "garcia", "moreau", "bianchi", "devries", "weber", "santos"]
DISPOSABLE = ["mailinator.com", "yopmail.com", "guerrillamail.com", "tempmail.dev",
              "dropmail.me", "mail.tm", "1secmail.com"]
DESKTOP = ["chrome_win", "chrome_mac", "edge_win", "safari_mac", "firefox_win",
           "h7_chrome_win_144"]
MOBILE = ["chrome_android", "samsung_android", "safari_iphone", "h7_safari_iphone_26",
          "h6_chrome_android_132", "h6_safari_iphone_182"]


# ---------------------------------------------------------------- helpers

def pool(ctx, name):
    return ctx.pools.get(name) or EXTRA[name]


def ip_of(rng, ctx, name):
    return rng.choice(pool(ctx, name))[0]


def home_ip(rng, ctx, cc):
    loc = LOCALES[cc]
    return ip_of(rng, ctx, rng.choice(loc[4] or loc[5]))


def mobile_ip(rng, ctx, cc):
    loc = LOCALES[cc]
    return ip_of(rng, ctx, rng.choice(loc[5] or loc[4]))


def device(rng, cc, profile=None, mobile=None, age=None, cookies="keep", beacon=True,
           tz=None):
    lang, _, zone, off = LOCALES[cc][:4]
    if profile is None:
        mob = rng.random() < 0.6 if mobile is None else mobile
        profile = rng.choice(MOBILE if mob else DESKTOP)
    return Device(rng, profile, lang, tz or (zone, off), cookies=cookies, age_days=age,
                  beacon=beacon)


def is_mobile(d):
    return d.profile in MOBILE or "android" in d.profile or "iphone" in d.profile


def account(rng, cc):
    """(user id, email) of one shop account."""
    first, last = rng.choice(NAMES), rng.choice(SURNAMES)
    sep = rng.choice([".", "_", ""])
    tail = rng.choice(["", "", str(rng.randint(1, 99)), str(rng.randint(1975, 2008))])
    local = "%s%s%s%s" % (first, sep, last, tail)
    user = rng.choice(["acct-%07d" % rng.randrange(10 ** 7), local])
    return user, "%s@%s" % (local, rng.choice(LOCALES[cc][6]))


def recipient_email(rng, cc):
    first = rng.choice(NAMES)
    return "%s.%s%d@%s" % (first, rng.choice(SURNAMES), rng.randint(1, 99),
                           rng.choice(LOCALES[cc][6]))


def money(value, currency):
    if currency in ZERO_DECIMAL:
        return "%d" % round(value)
    return "%.2f" % value


def method_for(rng, cc):
    return rng.choice(LOCAL_METHODS.get(cc, METHODS) + METHODS[:2])


def card_order(rng, user, email, currency, high=False, quantity=1, product=None, method="card",
               value=None):
    """A gift card of a face value (or a software key at `value`)."""
    if value is None:
        value = rng.choice(DENOMS[currency][1 if high else 0])
    name = product or rng.choice(CARDS)
    return {"product": "%s-%s-%s" % (name, currency.lower(), money(value, currency)),
            "quantity": quantity, "amount": money(value * quantity, currency),
            "currency": currency, "user": user, "email": email, "payment_method": method}


def topup_order(rng, user, email, currency, method="card"):
    price = rng.choice(TOPUPS[currency])
    return {"product": "%s-%d" % (rng.choice(GAMES), rng.choice([60, 300, 980, 1980, 3280])),
            "quantity": 1, "amount": money(price, currency), "currency": currency,
            "user": user, "email": email, "payment_method": method}


def key_order(rng, user, email, currency, method="card", quantity=1):
    base = {"USD": 1.0, "EUR": 0.92, "GBP": 0.79, "JPY": 150, "KRW": 1350, "CNY": 7.2,
            "TWD": 32, "PLN": 4.0, "CAD": 1.36, "AUD": 1.5, "BRL": 5.0, "INR": 83}[currency]
    usd = rng.choice([19.99, 29.99, 39.99, 59.99, 69.99, 89.99, 149.99])
    price = usd * base
    price = round(price, -1) if currency in ZERO_DECIMAL else round(price, 0) - 0.01
    return {"product": rng.choice(KEYS), "quantity": quantity,
            "amount": money(price * quantity, currency), "currency": currency, "user": user,
            "email": email, "payment_method": method}


def any_order(rng, user, email, currency, high=False, method="card"):
    r = rng.random()
    if r < 0.55:
        return card_order(rng, user, email, currency, high=high, method=method)
    if r < 0.85 and not high:
        return topup_order(rng, user, email, currency, method=method)
    return key_order(rng, user, email, currency, method=method)


def start(rng, ctx, tail=300):
    return rng.uniform(40, max(100, ctx.window - tail))


def browse(inst, rng, t, dev, ip, pages):
    """Page views before an order, a few seconds to a minute apart; returns the time."""
    for _ in range(pages):
        inst.visit(t, dev, ip)
        t += rng.uniform(6, 70)
    return t


class ReplayedCookieDevice(Device):
    """Another browser carrying `origin`'s device cookie (a stolen session): it sends
    whatever cookie the origin holds until riskgate hands it a cookie of its own."""

    def __init__(self, rng, origin, profile, lang, tz, beacon=True):
        self._origin, self._own = origin, None
        super().__init__(rng, profile, lang, tz, cookies="keep", age_days=None, beacon=beacon)

    @property
    def cookie(self):
        return self._own if self._own is not None else self._origin.cookie

    @cookie.setter
    def cookie(self, value):
        self._own = value


# ---------------------------------------------------------------- legitimate buyers

def h7_new_device_big_first(rng, ctx):
    """A first purchase, on a browser the shop has never seen, of a high face value or a
    several-card bundle (birthday, exam reward, a console's worth of wallet money), after
    reading the product page for a few minutes. Trace: a cookie minted minutes before the
    order, no account history, an amount in the high band."""
    out = []
    for _ in range(ctx.n(38)):
        cc = rng.choice(["US", "GB", "DE", "FR", "JP", "KR", "CN", "TW", "CA", "AU", "PL",
                         "EE", "IT", "ES", "IN", "BR"])
        cur = LOCALES[cc][1]
        inst = Instance("h7_new_device_big_first", "legit")
        dev = device(rng, cc)
        ip = mobile_ip(rng, ctx, cc) if is_mobile(dev) else home_ip(rng, ctx, cc)
        user, email = account(rng, cc)
        t = browse(inst, rng, start(rng, ctx), dev, ip, rng.randint(2, 5))
        if rng.random() < 0.3:
            o = card_order(rng, user, email, cur, quantity=rng.randint(2, 4),
                           method=method_for(rng, cc))
        else:
            o = card_order(rng, user, email, cur, high=True, method=method_for(rng, cc))
        inst.order(t, dev, ip, o)
        out.append(inst)
    return out


def h7_night_owl_regular(rng, ctx):
    """Regulars who top up a game two to four times in one sitting, small packs a few
    minutes apart, from a phone or gaming PC they have used here for months (the shop
    hour decides whether that is 14:00 or 03:00). Trace: an old cookie, several orders
    from one account and device in half an hour."""
    out = []
    for _ in range(ctx.n(15)):
        cc = rng.choice(["KR", "KR", "JP", "CN", "TW", "US", "BR", "PL", "DE", "GB"])
        cur = LOCALES[cc][1]
        inst = Instance("h7_night_owl_regular", "legit")
        gaming_pc = rng.random() < 0.35
        dev = device(rng, cc, profile="h7_opera_gx" if gaming_pc and rng.random() < 0.5 else None,
                     mobile=not gaming_pc, age=rng.choice(AGES[1:]))
        ip = home_ip(rng, ctx, cc) if gaming_pc else mobile_ip(rng, ctx, cc)
        user, email = account(rng, cc)
        method = method_for(rng, cc)
        t = browse(inst, rng, start(rng, ctx, 1500), dev, ip, 1)
        for _ in range(rng.randint(2, 4)):
            inst.order(t, dev, ip, topup_order(rng, user, email, cur, method=method))
            t += rng.uniform(120, 600)
            if rng.random() < 0.5:
                inst.visit(t - 20, dev, ip)
        out.append(inst)
    return out


def h7_privacy_cookieless(rng, ctx):
    """Returning buyers whose browser keeps no cookie between visits or blocks the page
    script: Safari private tabs behind iCloud Private Relay, Firefox with
    resistFingerprinting, Brave shields, Samsung Internet Secret mode, Mullvad Browser,
    some behind a consumer VPN. Trace: a new device cookie at every visit (or none), UTC
    or farbled beacon values, no beacon at all for some, relay or VPN egress."""
    out = []
    setups = [("safari_iphone", "session", "relay", True), ("safari_mac", "session", "relay", True),
              ("h7_safari_iphone_26", "session", "relay", True),
              ("firefox_strict", "session", "home", True), ("firefox_strict", "keep", "vpn", False),
              ("brave_win", "session", "home", True),
              ("h6_brave_android", "session", "mobile", True),
              ("h7_samsung_secret", "session", "mobile", True),
              ("h5_mullvad_browser", "session", "vpn", True),
              ("firefox_win", "keep", "home", False)]
    for _ in range(ctx.n(26)):
        cc = rng.choice(["US", "US", "DE", "JP", "GB", "FR", "NL", "KR"])
        cur = LOCALES[cc][1]
        profile, cookies, net, beacon = rng.choice(setups)
        inst = Instance("h7_privacy_cookieless", "legit")
        dev = device(rng, cc, profile=profile, cookies=cookies, beacon=beacon)
        if net == "relay":
            relay = "relay_%s" % cc
            ip = ip_of(rng, ctx, relay if relay in ctx.pools else "relay_US")
        elif net == "vpn":
            ip = ip_of(rng, ctx, "h7_vpn_consumer")
        elif net == "mobile":
            ip = mobile_ip(rng, ctx, cc)
        else:
            ip = home_ip(rng, ctx, cc)
        user, email = account(rng, cc)
        t = browse(inst, rng, start(rng, ctx, 900), dev, ip, rng.randint(1, 3))
        for k in range(rng.choice([1, 1, 2])):
            inst.order(t, dev, ip, any_order(rng, user, email, cur, method=rng.choice(METHODS)))
            t += rng.uniform(300, 900)
            inst.visit(t - 30, dev, ip)
        out.append(inst)
    return out


def h7_cgnat_carrier(rng, ctx):
    """Phone-only buyers behind carrier-grade NAT: a handful of carrier addresses shared
    by many strangers in the same half hour, some on carrier ranges the country database
    places abroad (Jio, Vodafone DE), some on China Mobile, Rakuten or Play. Trace: many
    accounts and devices per address, an address country that is not the buyer's."""
    out = []
    groups = [("IN", "mobile_abroad_IN"), ("IN", "mobile_IN"), ("DE", "mobile_abroad_DE"),
              ("CN", "h7_mobile_CN"), ("JP", "h7_mobile_JP"), ("PL", "h7_mobile_PL"),
              ("KR", "mobile_KR")]
    shared = {name: [p[0] for p in rng.sample(pool(ctx, name), 3)] for _, name in groups}
    for _ in range(ctx.n(38)):
        cc, name = rng.choice(groups)
        cur = LOCALES[cc][1]
        inst = Instance("h7_cgnat_carrier", "legit")
        profile = "h7_wechat_android" if cc == "CN" and rng.random() < 0.5 else None
        dev = device(rng, cc, profile=profile, mobile=True,
                     age=rng.choice((None,) + AGES))
        ip = rng.choice(shared[name])
        user, email = account(rng, cc)
        t = browse(inst, rng, start(rng, ctx), dev, ip, rng.randint(1, 2))
        inst.order(t, dev, ip, any_order(rng, user, email, cur, method=method_for(rng, cc)))
        if rng.random() < 0.2:
            inst.order(t + rng.uniform(200, 700), dev, rng.choice(shared[name]),
                       topup_order(rng, user, email, cur, method=method_for(rng, cc)))
        out.append(inst)
    return out


def h7_traveller(rng, ctx):
    """Buyers away from home with their usual phone or laptop (months-old cookie), paying
    in their home currency: on hotel or friends' broadband abroad, or on a travel eSIM
    whose data breaks out in another country again. Phones switch to the local time
    zone, laptops keep home time. Trace: an old cookie on a foreign address, a time zone
    that may match neither."""
    out = []
    trips = [("US", "JP"), ("GB", "ES"), ("DE", "IT"), ("KR", "JP"), ("JP", "KR"),
             ("CN", "JP"), ("FR", "US"), ("AU", "GB"), ("CA", "US"), ("TW", "JP"),
             ("NL", "FR"), ("IN", "GB")]
    for _ in range(ctx.n(22)):
        home, away = rng.choice(trips)
        cur = LOCALES[home][1]
        inst = Instance("h7_traveller", "legit")
        mob = rng.random() < 0.6
        tz = LOCALES[away][2:4] if mob else None
        dev = device(rng, home, mobile=mob, age=rng.choice(AGES[1:]), tz=tz)
        if mob and rng.random() < 0.5:
            ip = ip_of(rng, ctx, "h7_travel_esim")
        else:
            ip = home_ip(rng, ctx, away)
        user, email = account(rng, home)
        t = browse(inst, rng, start(rng, ctx, 900), dev, ip, rng.randint(1, 3))
        for _ in range(rng.choice([1, 1, 2])):
            inst.order(t, dev, ip, any_order(rng, user, email, cur, high=rng.random() < 0.3,
                                             method=rng.choice(METHODS)))
            t += rng.uniform(240, 900)
        out.append(inst)
    return out


def h7_corporate_bulk(rng, ctx):
    """Office buyers (HR, community managers, esports teams) ordering 10-40 cards for
    staff rewards or giveaways from a managed laptop that clears cookies on close, behind
    the company's secure web gateway or business line; colleagues share the egress.
    Often two batches. Trace: quantity and total far above a consumer's, a new device,
    a business or gateway ASN shared by several accounts."""
    out = []
    offices = []
    for _ in range(6):
        cc = rng.choice(["US", "GB", "DE", "FR", "JP", "NL", "KR", "LU"])
        name = rng.choice(["h7_corp_gateway", "h7_business"])
        offices.append((cc, [p[0] for p in rng.sample(pool(ctx, name), 2)]))
    for _ in range(ctx.n(14)):
        cc, ips = rng.choice(offices)
        cur = LOCALES[cc][1]
        inst = Instance("h7_corporate_bulk", "legit")
        dev = device(rng, cc, profile=rng.choice(["edge_win", "chrome_win", "h7_chrome_win_144",
                                                  "chrome_mac"]), cookies="session")
        ip = rng.choice(ips)
        first = rng.choice(NAMES)
        company = rng.choice(["acme", "northwind", "contoso", "initech", "globex", "umbrella-hr"])
        user = "%s.%s@%s" % (first, rng.choice(SURNAMES), company)
        email = "%s@%s.example" % (first, company)
        t = browse(inst, rng, start(rng, ctx, 1200), dev, ip, rng.randint(2, 4))
        product = rng.choice(["amazon", "steam", "apple", "google-play", "xbox"])
        value = rng.choice(DENOMS[cur][0][2:])
        for _ in range(rng.choice([1, 2, 2, 3])):
            inst.order(t, dev, ip, card_order(rng, user, email, cur, quantity=rng.randint(10, 40),
                                              product=product, value=value,
                                              method=rng.choice(["card", "invoice", "card"])))
            t += rng.uniform(90, 600)
            inst.visit(t - 10, dev, ip)
        out.append(inst)
    return out


def h7_gift_multi_recipient(rng, ctx):
    """One buyer sending cards to three to six people (White Day in Japan and Korea,
    Mother's Day in the UK in mid-March, a class or team): one order per recipient,
    each delivered to that recipient's address, within ten minutes. Trace: several orders
    per account and device in minutes, a different delivery email on each."""
    out = []
    for _ in range(ctx.n(11)):
        cc = rng.choice(["JP", "KR", "GB", "GB", "US", "DE", "CN", "TW", "FR"])
        cur = LOCALES[cc][1]
        inst = Instance("h7_gift_multi_recipient", "legit")
        dev = device(rng, cc, age=rng.choice((None, None) + AGES))
        ip = mobile_ip(rng, ctx, cc) if is_mobile(dev) else home_ip(rng, ctx, cc)
        user, _ = account(rng, cc)
        method = method_for(rng, cc)
        t = browse(inst, rng, start(rng, ctx, 900), dev, ip, 2)
        value = rng.choice(DENOMS[cur][0])
        product = rng.choice(CARDS)
        for _ in range(rng.randint(3, 6)):
            inst.order(t, dev, ip, card_order(rng, user, recipient_email(rng, cc), cur,
                                              product=product, value=value, method=method))
            t += rng.uniform(40, 160)
        out.append(inst)
    return out


def h7_family_shared(rng, ctx):
    """A family tablet or PC: a parent's account and one to three children's accounts
    buy Roblox, Nintendo or Minecraft credit on the same device and home line, sometimes
    minutes apart. Trace: several accounts on one device cookie and address."""
    out = []
    for _ in range(ctx.n(12)):
        cc = rng.choice(["US", "GB", "DE", "JP", "KR", "FR", "AU", "CA", "SK", "HR"])
        cur = LOCALES[cc][1]
        inst = Instance("h7_family_shared", "legit")
        dev = device(rng, cc, profile=rng.choice(["h6_family_tablet", "h5_ipad_safari",
                                                  "chrome_win", "edge_win"]),
                     age=rng.choice(AGES))
        ip = home_ip(rng, ctx, cc)
        parent_user, parent_mail = account(rng, cc)
        members = [(parent_user, parent_mail)]
        for _ in range(rng.randint(1, 3)):
            kid = "%s-%s%d" % (parent_user.split("@")[0][:12], rng.choice(NAMES),
                               rng.randint(8, 15))
            members.append((kid, parent_mail if rng.random() < 0.6 else "%s@%s" % (
                kid.replace("-", "."), rng.choice(LOCALES[cc][6]))))
        t = browse(inst, rng, start(rng, ctx, 1200), dev, ip, 1)
        for user, email in rng.sample(members, min(len(members), rng.randint(2, 4))):
            inst.order(t, dev, ip, card_order(rng, user, email, cur,
                                              product=rng.choice(["roblox", "nintendo-eshop",
                                                                  "minecraft", "xbox"]),
                                              method=rng.choice(["card", "paypal"])))
            t += rng.uniform(60, 700)
            inst.visit(t - 15, dev, ip)
        out.append(inst)
    return out


def h7_multi_currency(rng, ctx):
    """Buyers paying in a currency that is not their address's or language's: region-
    locked cards (a US Steam or PSN card bought from Korea, Japan, Germany or China), a
    German in Tokyo buying JPY eShop cards, a Chinese student in the UK buying CNY
    credit for family, Poles buying EUR cards. Trace: currency, language and address
    country disagree; the device is often established."""
    out = []
    combos = [("KR", "KR", "USD"), ("JP", "JP", "USD"), ("CN", "CN", "USD"), ("DE", "JP", "JPY"),
              ("CN", "GB", "CNY"), ("PL", "PL", "EUR"), ("US", "KR", "KRW"), ("TW", "TW", "JPY"),
              ("FR", "CA", "EUR"), ("IN", "US", "INR"), ("KR", "DE", "KRW"), ("BR", "US", "USD")]
    for _ in range(ctx.n(18)):
        lang_cc, where, cur = rng.choice(combos)
        inst = Instance("h7_multi_currency", "legit")
        dev = device(rng, lang_cc, age=rng.choice((None,) + AGES))
        ip = mobile_ip(rng, ctx, where) if is_mobile(dev) else home_ip(rng, ctx, where)
        user, email = account(rng, lang_cc)
        t = browse(inst, rng, start(rng, ctx, 900), dev, ip, rng.randint(1, 3))
        for _ in range(rng.choice([1, 1, 2])):
            inst.order(t, dev, ip, card_order(rng, user, email, cur, high=rng.random() < 0.25,
                                              method=rng.choice(METHODS)))
            t += rng.uniform(200, 800)
        out.append(inst)
    return out


def h7_east_asia_regular(rng, ctx):
    """The shop's East Asian everyday buyers: JPY, KRW, CNY and TWD cards and top-ups
    from phones (Rakuten, China Mobile, SKT; WeChat's in-app browser) and home lines,
    on established devices or first visits. Trace: ordinary, local."""
    out = []
    for _ in range(ctx.n(46)):
        cc = rng.choice(EAST_ASIA)
        cur = LOCALES[cc][1]
        inst = Instance("h7_east_asia_regular", "legit")
        profile = "h7_wechat_android" if cc == "CN" and rng.random() < 0.4 else None
        dev = device(rng, cc, profile=profile, age=rng.choice((None,) + AGES + AGES))
        ip = mobile_ip(rng, ctx, cc) if is_mobile(dev) else home_ip(rng, ctx, cc)
        user, email = account(rng, cc)
        t = browse(inst, rng, start(rng, ctx), dev, ip, rng.randint(1, 3))
        inst.order(t, dev, ip, any_order(rng, user, email, cur, high=rng.random() < 0.1,
                                         method=method_for(rng, cc)))
        if rng.random() < 0.2:
            inst.order(t + rng.uniform(120, 900), dev, ip,
                       topup_order(rng, user, email, cur, method=method_for(rng, cc)))
        out.append(inst)
    return out


def h7_eurozone_regular(rng, ctx):
    """Everyday euro buyers across the euro area, including small member states
    (Estonia, Lithuania, Slovakia, Croatia, Luxembourg, Slovenia) whose ISPs few models
    have seen, buying cards, top-ups and software keys. Trace: ordinary, local."""
    out = []
    for _ in range(ctx.n(50)):
        cc = rng.choice(EURO + ["EE", "LT", "SK", "HR", "LU", "SI"])
        inst = Instance("h7_eurozone_regular", "legit")
        dev = device(rng, cc, age=rng.choice((None,) + AGES + AGES))
        ip = mobile_ip(rng, ctx, cc) if is_mobile(dev) else home_ip(rng, ctx, cc)
        user, email = account(rng, cc)
        t = browse(inst, rng, start(rng, ctx), dev, ip, rng.randint(1, 3))
        inst.order(t, dev, ip, any_order(rng, user, email, "EUR", high=rng.random() < 0.12,
                                         method=method_for(rng, cc)))
        out.append(inst)
    return out


def h7_payment_retry(rng, ctx):
    """A bank declines (3-D Secure timed out, daily card limit) and the buyer tries again
    within a minute or two: the same order with the same card, then another card or
    PayPal; or a double tap on "Pay" on a slow phone. Trace: two or three near-identical
    orders from one account and device in a couple of minutes."""
    out = []
    for _ in range(ctx.n(14)):
        cc = rng.choice(["US", "GB", "DE", "JP", "KR", "FR", "BR", "IN", "CN", "PL"])
        cur = LOCALES[cc][1]
        inst = Instance("h7_payment_retry", "legit")
        dev = device(rng, cc, age=rng.choice((None,) + AGES))
        ip = mobile_ip(rng, ctx, cc) if is_mobile(dev) else home_ip(rng, ctx, cc)
        user, email = account(rng, cc)
        t = browse(inst, rng, start(rng, ctx, 600), dev, ip, rng.randint(1, 2))
        o = any_order(rng, user, email, cur, high=rng.random() < 0.3, method="card")
        tries = rng.choice([2, 2, 3])
        for k in range(tries):
            o2 = dict(o)
            if k == tries - 1 and k > 0:
                o2["payment_method"] = rng.choice(["paypal", "card"] + LOCAL_METHODS.get(cc, []))
            inst.order(t, dev, ip, o2)
            t += rng.uniform(2, 5) if rng.random() < 0.2 else rng.uniform(30, 150)
        out.append(inst)
    return out


def h7_vpn_gamer(rng, ctx):
    """Gamers with a VPN always on: Opera GX's built-in VPN, NordVPN or another consumer
    VPN exiting in a neighbouring country, on their usual months-old gaming PC or phone.
    Trace: an old cookie on a VPN / datacentre-like address whose country is not the
    buyer's."""
    out = []
    for _ in range(ctx.n(18)):
        cc = rng.choice(["DE", "GB", "US", "PL", "FR", "KR", "NL", "LT", "BR"])
        cur = LOCALES[cc][1]
        inst = Instance("h7_vpn_gamer", "legit")
        opera = rng.random() < 0.45
        dev = device(rng, cc, profile="h7_opera_gx" if opera else None,
                     mobile=None if not opera else False, age=rng.choice(AGES))
        ip = ip_of(rng, ctx, "h7_opera_vpn" if opera else "h7_vpn_consumer")
        user, email = account(rng, cc)
        t = browse(inst, rng, start(rng, ctx, 900), dev, ip, rng.randint(1, 2))
        for _ in range(rng.choice([1, 1, 2])):
            inst.order(t, dev, ip, rng.choice([topup_order, card_order, key_order])(
                rng, user, email, cur, method=rng.choice(METHODS)))
            t += rng.uniform(300, 900)
        out.append(inst)
    return out


def h7_campus_cn(rng, ctx):
    """Students on a Chinese university network (CERNET): hundreds of students behind a
    few campus addresses, buying Steam wallet and game top-ups in CNY in the evening,
    via Alipay or WeChat Pay. Trace: many accounts per address, otherwise ordinary."""
    out = []
    campus = [p[0] for p in rng.sample(pool(ctx, "h7_university_CN"), 4)]
    for _ in range(ctx.n(16)):
        inst = Instance("h7_campus_cn", "legit")
        dev = device(rng, "CN", profile=rng.choice(["chrome_win", "edge_win", "h7_wechat_android",
                                                   "chrome_android", "safari_iphone"]),
                     age=rng.choice((None,) + AGES))
        ip = rng.choice(campus)
        user, email = account(rng, "CN")
        t = browse(inst, rng, start(rng, ctx), dev, ip, rng.randint(1, 2))
        o = card_order(rng, user, email, "CNY", product="steam", method=method_for(rng, "CN")) \
            if rng.random() < 0.5 else topup_order(rng, user, email, "CNY",
                                                   method=method_for(rng, "CN"))
        inst.order(t, dev, ip, o)
        out.append(inst)
    return out


def h7_in_app_browser(rng, ctx):
    """Buyers who open the shop from a link in Discord (in-app WKWebView, its cookie jar
    separate from Safari's and short-lived), or from the shop's own Android app calling
    the order API with its HTTP library (no page view, no beacon, no cookie). Trace: a
    fresh or no device cookie on every purchase, a UA without a browser token."""
    out = []
    for _ in range(ctx.n(16)):
        cc = rng.choice(["US", "GB", "DE", "KR", "JP", "FR", "BR", "PL"])
        cur = LOCALES[cc][1]
        inst = Instance("h7_in_app_browser", "legit")
        app = rng.random() < 0.4
        if app:
            dev = device(rng, cc, profile="h5_okhttp", cookies="none", beacon=False)
        else:
            dev = device(rng, cc, profile="h7_discord_iphone", cookies="session")
        ip = mobile_ip(rng, ctx, cc)
        user, email = account(rng, cc)
        t = start(rng, ctx, 600)
        if not app:
            t = browse(inst, rng, t, dev, ip, rng.randint(1, 2))
        for _ in range(rng.choice([1, 1, 2])):
            inst.order(t, dev, ip, rng.choice([topup_order, card_order])(
                rng, user, email, cur, method=rng.choice(["card", "google_pay", "apple_pay"])))
            t += rng.uniform(200, 900)
        out.append(inst)
    return out


LEGIT = [h7_new_device_big_first, h7_night_owl_regular, h7_privacy_cookieless,
         h7_cgnat_carrier, h7_traveller, h7_corporate_bulk, h7_gift_multi_recipient,
         h7_family_shared, h7_multi_currency, h7_east_asia_regular, h7_eurozone_regular,
         h7_payment_retry, h7_vpn_gamer, h7_campus_cn, h7_in_app_browser]


# ---------------------------------------------------------------- fraud

def junk(rng, n):
    return "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(n))


def fake_account(rng, cc, disposable=0.3):
    """A made-up account: a plausible name at a big provider, or a throwaway address."""
    if rng.random() < disposable:
        local = rng.choice(["%s%s" % (rng.choice(NAMES), junk(rng, 4)), junk(rng, 10)])
        return "acct-%07d" % rng.randrange(10 ** 7), "%s@%s" % (local, rng.choice(DISPOSABLE))
    return account(rng, cc)


def f7_card_testing_low_slow(rng, ctx):
    """A card tester spreading stolen card numbers thin: one lowest-value card or top-up
    every one to three minutes for the whole window, each with a new account, a new
    browser session (no cookie kept) and a new residential-proxy address in the card's
    country. Trace: a device seen once, a tiny amount, nothing repeated per account,
    device or address."""
    out = []
    cc = rng.choice(["US", "GB", "DE"])
    cur = LOCALES[cc][1]
    t = rng.uniform(20, 120)
    n = 0
    while t < ctx.window - 30 and n < ctx.n(44):
        inst = Instance("f7_card_testing_low_slow", "fraud")
        dev = device(rng, cc, profile=rng.choice(["chrome_win", "h5_bot_win", "h7_chrome_win_144"]),
                     cookies="none")
        ip = home_ip(rng, ctx, cc)
        user, email = fake_account(rng, cc)
        inst.visit(t - rng.uniform(5, 20), dev, ip)
        o = card_order(rng, user, email, cur, value=DENOMS[cur][0][0], method="card") \
            if rng.random() < 0.6 else topup_order(rng, user, email, cur)
        o["amount"] = money(min(float(o["amount"]), DENOMS[cur][0][0]), cur)
        inst.order(t, dev, ip, o)
        out.append(inst)
        n += 1
        t += rng.uniform(40, 130) / max(ctx.scale, 0.05)
    return out


def f7_ato_many_devices(rng, ctx):
    """Account takeover with logins bought in bulk: each victim account is driven from
    three to six anti-detect profiles in turn (one per operator shift or per proxy), each
    on a residential proxy in the victim's country, buying high-value cards delivered
    to a new address. Trace: many new devices on one account, high amounts, a changed
    email."""
    out = []
    for _ in range(ctx.n(9)):
        cc = rng.choice(["US", "GB", "DE", "JP", "KR", "FR", "CA"])
        cur = LOCALES[cc][1]
        inst = Instance("f7_ato_many_devices", "fraud")
        user, _ = account(rng, cc)
        drop = "%s%s@%s" % (rng.choice(NAMES), junk(rng, 5), rng.choice(["gmail.com", "outlook.com",
                                                                         "proton.me"]))
        t = start(rng, ctx, 1500)
        for _ in range(rng.randint(3, 6)):
            dev = device(rng, cc, profile=rng.choice(["h5_antidetect_win", "h6_antidetect_pro",
                                                      "h7_antidetect_mac"]))
            ip = home_ip(rng, ctx, cc)
            t = browse(inst, rng, t, dev, ip, 1)
            inst.order(t, dev, ip, card_order(rng, user, drop, cur, high=True,
                                              product=rng.choice(["apple", "steam", "amazon",
                                                                  "psn"])))
            t += rng.uniform(90, 400)
        out.append(inst)
    return out


def f7_stolen_session(rng, ctx):
    """Infostealer logs: the victim's device cookie (and logged-in session) lifted from
    their browser and loaded into the fraudster's anti-detect browser, which mimics the
    victim's time zone and language but not the victim's hardware; the orders go out from
    a residential proxy in the victim's country minutes after the victim's own visit.
    Trace: an old cookie suddenly on a different browser fingerprint and address."""
    out = []
    for _ in range(ctx.n(13)):
        cc = rng.choice(["US", "GB", "DE", "FR", "JP", "KR", "NL", "CA"])
        lang, cur, zone, off = LOCALES[cc][:4]
        inst = Instance("f7_stolen_session", "fraud")
        victim = device(rng, cc, age=rng.choice(AGES[1:]))
        vip = mobile_ip(rng, ctx, cc) if is_mobile(victim) else home_ip(rng, ctx, cc)
        user, email = account(rng, cc)
        t = start(rng, ctx, 1200)
        inst.visit(t, victim, vip)
        profile = rng.choice(["h6_antidetect_pro", "h7_antidetect_mac", "h5_antidetect_win"])
        thief = ReplayedCookieDevice(rng, victim, profile, lang, (zone, off))
        ip = home_ip(rng, ctx, cc)
        t += rng.uniform(120, 900)
        for _ in range(rng.randint(1, 3)):
            inst.order(t, thief, ip, card_order(rng, user, email, cur, high=True,
                                                product=rng.choice(["apple", "steam",
                                                                    "google-play"]),
                                                method="card"))
            t += rng.uniform(40, 240)
        out.append(inst)
    return out


def f7_resi_bot(rng, ctx):
    """A checkout bot (Playwright, webdriver hidden) cashing out stolen cards: no cookie
    kept, every order through a new residential address, medium face values, bursts of
    orders a few seconds apart. Trace: the bot's platform and screen leak through the
    beacon; no cookie continuity; bursts."""
    out = []
    for _ in range(ctx.n(8)):
        cc = rng.choice(["US", "GB", "DE", "JP", "KR", "AU"])
        cur = LOCALES[cc][1]
        t = start(rng, ctx, 600)
        for _ in range(rng.randint(4, 6)):
            inst = Instance("f7_resi_bot", "fraud")
            profile = rng.choice(["h5_bot_win", "h5_bot_mac", "stealth_puppeteer"])
            dev = device(rng, cc, profile=profile, cookies="none")
            ip = home_ip(rng, ctx, cc)
            user, email = fake_account(rng, cc, 0.5)
            inst.visit(t, dev, ip)
            inst.order(t + rng.uniform(3, 12), dev, ip,
                       card_order(rng, user, email, cur, value=rng.choice(DENOMS[cur][0][2:] +
                                                                          DENOMS[cur][1][:1])))
            out.append(inst)
            t += rng.uniform(8, 45)
    return out


def f7_reseller_mules(rng, ctx):
    """A grey-market reseller's mules buying the same card in bulk with stolen cards:
    5-15 of one product per order from farm phones on mobile networks, codes to a few
    shared collector mailboxes. Trace: one product in quantity, the same delivery email
    across accounts, farm or emulator hardware."""
    out = []
    collectors = ["%s@%s" % (junk(rng, 8), rng.choice(["proton.me", "gmail.com", "outlook.com"]))
                  for _ in range(3)]
    product = rng.choice(["steam", "apple", "psn"])
    for _ in range(ctx.n(16)):
        cc = rng.choice(["US", "GB", "DE", "IN", "PL", "KR"])
        cur = LOCALES[cc][1]
        inst = Instance("f7_reseller_mules", "fraud")
        dev = device(rng, cc, profile=rng.choice(["h6_farm_handset", "h5_farm_phone",
                                                  "h6_emulator_x86"]))
        ip = mobile_ip(rng, ctx, cc)
        user, _ = account(rng, cc)
        t = browse(inst, rng, start(rng, ctx, 900), dev, ip, 1)
        for _ in range(rng.choice([1, 2, 2, 3])):
            inst.order(t, dev, ip, card_order(rng, user, rng.choice(collectors), cur,
                                              quantity=rng.randint(5, 15), product=product,
                                              value=rng.choice(DENOMS[cur][0][-2:])))
            t += rng.uniform(120, 500)
        out.append(inst)
    return out


def f7_friendly_fraud(rng, ctx):
    """Account holders who buy on their own months-old device and home line, then dispute
    the charge ("I never received the code"). Leaves no trace at the edge by design."""
    out = []
    for _ in range(ctx.n(14)):
        cc = rng.choice(["US", "GB", "DE", "FR", "BR", "JP", "KR", "IT"])
        cur = LOCALES[cc][1]
        inst = Instance("f7_friendly_fraud", "fraud")
        dev = device(rng, cc, age=rng.choice(AGES[1:]))
        ip = mobile_ip(rng, ctx, cc) if is_mobile(dev) else home_ip(rng, ctx, cc)
        user, email = account(rng, cc)
        t = browse(inst, rng, start(rng, ctx, 600), dev, ip, rng.randint(1, 2))
        inst.order(t, dev, ip, any_order(rng, user, email, cur, high=rng.random() < 0.5,
                                         method=rng.choice(METHODS)))
        out.append(inst)
    return out


def f7_new_account_big_ticket(rng, ctx):
    """A fresh account with a stolen card, going straight for the highest face value or
    an expensive key: a new browser whose language is the fraudster's, not the card's;
    the address a consumer VPN, a Chinese cloud or another country's broadband; a
    throwaway or random-looking email. Trace: new device, high amount, language, time
    zone, currency and address country disagree."""
    out = []
    for _ in range(ctx.n(34)):
        card_cc = rng.choice(["US", "GB", "DE", "FR", "CA", "AU", "JP", "KR"])
        cur = LOCALES[card_cc][1]
        actor = rng.choice(["BR", "IN", "PL", "CN", "TW", "LT", "US"])
        inst = Instance("f7_new_account_big_ticket", "fraud")
        dev = device(rng, actor, mobile=rng.random() < 0.3)
        r = rng.random()
        if r < 0.4:
            ip = ip_of(rng, ctx, "h7_vpn_consumer")
        elif r < 0.55:
            ip = ip_of(rng, ctx, "h7_cloud_CN")
        else:
            ip = home_ip(rng, ctx, rng.choice([card_cc, actor]))
        user, email = fake_account(rng, card_cc, 0.5)
        t = browse(inst, rng, start(rng, ctx), dev, ip, rng.randint(1, 2))
        o = card_order(rng, user, email, cur, high=True) if rng.random() < 0.7 else \
            key_order(rng, user, email, cur, quantity=rng.randint(1, 3))
        inst.order(t, dev, ip, o)
        out.append(inst)
    return out


def f7_low_slow_ato(rng, ctx):
    """Credential stuffing, low and slow: each compromised account is used once, from an
    ordinary consistent browser on a fresh residential address in the account's country,
    one order every couple of minutes across the window. Trace: a new device on an
    existing account; nothing else."""
    out = []
    t = rng.uniform(30, 200)
    n = 0
    while t < ctx.window - 30 and n < ctx.n(28):
        cc = rng.choice(["US", "GB", "DE", "JP", "KR", "FR", "CN", "EE", "SK"])
        cur = LOCALES[cc][1]
        inst = Instance("f7_low_slow_ato", "fraud")
        dev = device(rng, cc, profile=rng.choice(DESKTOP))
        ip = home_ip(rng, ctx, cc)
        user, email = account(rng, cc)
        tt = browse(inst, rng, t, dev, ip, rng.randint(1, 3))
        inst.order(tt, dev, ip, any_order(rng, user, email, cur, high=rng.random() < 0.6,
                                          method=rng.choice(["card", "paypal"])))
        out.append(inst)
        n += 1
        t += rng.uniform(60, 170) / max(ctx.scale, 0.05)
    return out


def f7_cookieless_api(rng, ctx):
    """Scripts posting orders straight to the order API, no page view: an HTTP library
    impersonating Chrome's headers (or plainly curl / Python), cookies off, addresses
    rotated through consumer VPNs, clouds and residential proxies. Trace: no page view,
    no beacon, no cookie; a datacentre or VPN address for some."""
    out = []
    for _ in range(ctx.n(7)):
        cc = rng.choice(["US", "GB", "DE", "KR"])
        cur = LOCALES[cc][1]
        profile = rng.choice(["h7_impersonate_chrome", "h7_impersonate_chrome",
                              "script_chrome_ua", "python_requests"])
        t = start(rng, ctx, 600)
        for _ in range(rng.randint(3, 6)):
            inst = Instance("f7_cookieless_api", "fraud")
            dev = device(rng, cc, profile=profile, cookies="none", beacon=False)
            ip = rng.choice([ip_of(rng, ctx, "h7_vpn_consumer"), ip_of(rng, ctx, "hosting"),
                             home_ip(rng, ctx, cc)])
            user, email = fake_account(rng, cc, 0.4)
            inst.order(t, dev, ip, card_order(rng, user, email, cur,
                                              high=rng.random() < 0.4))
            out.append(inst)
            t += rng.uniform(20, 120)
    return out


def f7_mobile_proxy_emulator(rng, ctx):
    """A fraud crew in another time zone on Android emulators behind rented 4G mobile
    proxies in the card's country (the address looks like a phone on a carrier): Korean
    and Japanese top-ups and cards. The emulator keeps the crew's own time zone. Trace:
    emulator hardware, a time zone that is not the address country's, a new cookie per
    account."""
    out = []
    crew_tz = rng.choice([("Asia/Ho_Chi_Minh", 420), ("Europe/Moscow", 180),
                          ("Africa/Lagos", 60)])
    for _ in range(ctx.n(13)):
        cc = rng.choice(["KR", "JP", "US", "GB", "DE"])
        cur = LOCALES[cc][1]
        inst = Instance("f7_mobile_proxy_emulator", "fraud")
        dev = device(rng, cc, profile=rng.choice(["h6_emulator_x86", "h5_android_emulator"]),
                     tz=crew_tz)
        ip = mobile_ip(rng, ctx, cc)
        user, email = fake_account(rng, cc, 0.2)
        t = browse(inst, rng, start(rng, ctx, 900), dev, ip, 1)
        for _ in range(rng.choice([1, 2, 2, 3])):
            inst.order(t, dev, ip, rng.choice([topup_order, card_order])(rng, user, email, cur))
            t += rng.uniform(60, 300)
        out.append(inst)
    return out


FRAUD = [f7_card_testing_low_slow, f7_ato_many_devices, f7_stolen_session, f7_resi_bot,
         f7_reseller_mules, f7_friendly_fraud, f7_new_account_big_ticket, f7_low_slow_ato,
         f7_cookieless_api, f7_mobile_proxy_emulator]
