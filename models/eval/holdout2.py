"""Second holdout persona set (`--personas holdout2`), written blind.

Written from first principles about real gift-card / digital-goods shops, without reading
the other persona sets (personas.py, fraud.py, holdout.py), the model, its training code,
riskgate's risk / limits / fingerprint sources or the demo config's risk and limit
sections (models/EVAL.md, "Second holdout"). Only the harness plumbing was read: cell.py
(what an instance, a device and an action are), clients.py (browser header sets and the
beacon body), traffic.py, classify.py, ip_table.json and the demo's order route and field
map. Written once; only plumbing errors were fixed after the first run, nothing was tuned.

Every persona is a generator `gen(rng, ctx) -> [Instance]`; an instance is one buyer (or
one attacker) with its timed actions, each a page visit (HTML + beacon) or an order. The
order's `amount` is the order total in major units of its currency (face value x
quantity, plus a service fee at some shops). Beacon `tz_offset` follows the browser's
`Date.getTimezoneOffset()` (minutes, UTC minus local: Tokyo -540, New York +300).

About 500 legitimate and 300 fraudulent orders per cell at scale 1.
"""

import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


class Device:
    """One browser (or script) as the shop sees it. `cookies`: "keep" (a normal browser),
    "session" (the cookie jar is emptied before every visit: private windows, browsers
    that clear on exit), "none" (never stores one). `age_days` > 0: the browser first
    visited the shop that many days before the window (cell.py gives it its cookie then).
    """

    _next = 0

    def __init__(self, profile, loc, cookies="keep", age_days=0, beacon=True, canvas_seed=None,
                 rng=None, tz=None, languages=None, lang=None):
        Device._next += 1
        self.key = "h2d%d" % Device._next
        self.profile = profile
        self.cookies = cookies
        self.age_days = age_days
        self.beacon = beacon
        self.lang = lang if lang is not None else loc["lang"]
        self.languages = languages if languages is not None else list(loc["languages"])
        self.tz_name, self.tz_offset = tz if tz is not None else (loc["tz"], loc["off"])
        self.canvas_seed = canvas_seed if canvas_seed is not None else rng.getrandbits(32)
        self._cookie = None

    @property
    def cookie(self):
        return self._cookie

    @cookie.setter
    def cookie(self, v):
        self._cookie = v


class StolenCookieDevice(Device):
    """An attacker's browser that carries a cookie stolen from the victim's browser (an
    infostealer's cookie dump loaded into an anti-detect browser). Until the shop sets a
    new one, it sends whatever cookie the victim's browser holds."""

    def __init__(self, victim, *a, **kw):
        super().__init__(*a, **kw)
        self.victim = victim

    @property
    def cookie(self):
        return self._cookie or self.victim.cookie

    @cookie.setter
    def cookie(self, v):
        self._cookie = v


class Instance:
    def __init__(self, persona, label):
        self.persona, self.label, self.actions = persona, label, []

    def visit(self, t, dev, ip):
        self.actions.append({"t": t, "kind": "visit", "device": dev, "ip": ip})

    def order(self, t, dev, ip, order):
        self.actions.append({"t": t, "kind": "order", "device": dev, "ip": ip, "order": order})


# Locale per country: Accept-Language, navigator.languages, time zone (March 2026:
# no daylight saving in the northern hemisphere yet; Sydney is on AEDT).
LOC = {
    "US": dict(lang="en-US,en;q=0.9", languages=["en-US", "en"],
               tzs=[("America/New_York", 300), ("America/Chicago", 360),
                    ("America/Los_Angeles", 480)], cur="USD"),
    "GB": dict(lang="en-GB,en-US;q=0.9,en;q=0.8", languages=["en-GB", "en-US", "en"],
               tzs=[("Europe/London", 0)], cur="GBP"),
    "DE": dict(lang="de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7", languages=["de-DE", "de", "en-US", "en"],
               tzs=[("Europe/Berlin", -60)], cur="EUR"),
    "FR": dict(lang="fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7", languages=["fr-FR", "fr", "en-US", "en"],
               tzs=[("Europe/Paris", -60)], cur="EUR"),
    "ES": dict(lang="es-ES,es;q=0.9", languages=["es-ES", "es"], tzs=[("Europe/Madrid", -60)],
               cur="EUR"),
    "IT": dict(lang="it-IT,it;q=0.9,en-US;q=0.8,en;q=0.7", languages=["it-IT", "it", "en-US", "en"],
               tzs=[("Europe/Rome", -60)], cur="EUR"),
    "NL": dict(lang="nl-NL,nl;q=0.9,en-US;q=0.8,en;q=0.7", languages=["nl-NL", "nl", "en-US", "en"],
               tzs=[("Europe/Amsterdam", -60)], cur="EUR"),
    "PL": dict(lang="pl-PL,pl;q=0.9,en-US;q=0.8,en;q=0.7", languages=["pl-PL", "pl", "en-US", "en"],
               tzs=[("Europe/Warsaw", -60)], cur="PLN"),
    "JP": dict(lang="ja-JP,ja;q=0.9", languages=["ja-JP", "ja"], tzs=[("Asia/Tokyo", -540)],
               cur="JPY"),
    "KR": dict(lang="ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7", languages=["ko-KR", "ko", "en-US", "en"],
               tzs=[("Asia/Seoul", -540)], cur="KRW"),
    "CN": dict(lang="zh-CN,zh;q=0.9", languages=["zh-CN", "zh"], tzs=[("Asia/Shanghai", -480)],
               cur="CNY"),
    "CA": dict(lang="en-CA,en-US;q=0.9,en;q=0.8", languages=["en-CA", "en-US", "en"],
               tzs=[("America/Toronto", 300), ("America/Vancouver", 480)], cur="CAD"),
    "AU": dict(lang="en-AU,en;q=0.9", languages=["en-AU", "en"], tzs=[("Australia/Sydney", -660)],
               cur="AUD"),
    "BR": dict(lang="pt-BR,pt;q=0.9,en-US;q=0.8,en;q=0.7", languages=["pt-BR", "pt", "en-US", "en"],
               tzs=[("America/Sao_Paulo", 180)], cur="BRL"),
    "IN": dict(lang="en-IN,en-GB;q=0.9,en-US;q=0.8,hi;q=0.7", languages=["en-IN", "en-GB", "en-US", "hi"],
               tzs=[("Asia/Kolkata", -330)], cur="INR"),
    "ID": dict(lang="id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7", languages=["id-ID", "id", "en-US", "en"],
               tzs=[("Asia/Jakarta", -420)], cur="IDR"),
    "VN": dict(lang="vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7", languages=["vi-VN", "vi", "en-US", "en"],
               tzs=[("Asia/Ho_Chi_Minh", -420)], cur="VND"),
    "MX": dict(lang="es-MX,es;q=0.9,en;q=0.8", languages=["es-MX", "es", "en"],
               tzs=[("America/Mexico_City", 360)], cur="MXN"),
}

# Gift-card face values people actually buy, per currency.
FACES = {
    "USD": [10, 15, 20, 25, 25, 50, 50, 100], "GBP": [10, 15, 20, 25, 50],
    "EUR": [10, 15, 20, 25, 50, 100], "PLN": [50, 100, 200], "JPY": [1500, 3000, 5000, 10000],
    "KRW": [10000, 30000, 50000, 100000], "CNY": [50, 100, 200, 500], "CAD": [25, 50, 100],
    "AUD": [20, 30, 50, 100], "BRL": [30, 50, 100, 200], "INR": [250, 500, 1000, 2000],
    "IDR": [50000, 100000, 250000, 500000, 1000000], "VND": [100000, 200000, 500000, 1000000],
    "MXN": [200, 300, 500, 1000],
}

GIFT = ["amazon_gift_card", "apple_gift_card", "google_play", "netflix", "spotify",
        "starbucks", "uber_gift_card", "airbnb_gift_card"]
GAMING = ["steam_wallet", "psn_card", "xbox_gift_card", "nintendo_eshop", "roblox",
          "valorant_points", "razer_gold", "fortnite_vbucks"]
MOBILE_TOPUP = ["mobile_topup", "google_play", "garena_shells", "mobile_legends_diamonds"]
RESALEABLE = ["apple_gift_card", "amazon_gift_card", "steam_wallet", "google_play",
              "razer_gold"]

FIRST = ["james", "maria", "wei", "anna", "lukas", "sofia", "yuki", "minjun", "priya",
         "lucas", "emma", "noah", "olivia", "hiro", "ji-woo", "rahul", "chloe", "mateo",
         "lea", "tom", "sarah", "dewi", "linh", "budi", "an", "marta", "pierre", "giulia"]
LAST = ["smith", "garcia", "chen", "muller", "rossi", "tanaka", "kim", "sharma", "silva",
        "martin", "nguyen", "wijaya", "kowalski", "brown", "dubois", "jones", "lee", "park"]
MAIL = ["gmail.com", "gmail.com", "gmail.com", "outlook.com", "yahoo.com", "icloud.com",
        "hotmail.com", "proton.me", "gmx.de", "web.de", "naver.com", "yahoo.co.jp"]
# Password managers' and mail providers' masked-address domains (real services).
MASKED = ["privaterelay.appleid.com", "duck.com", "mozmail.com", "passmail.net",
          "simplelogin.com", "anonaddy.me", "passinbox.com"]
# Throwaway-mail services card testers use.
THROWAWAY = ["mailinator.com", "guerrillamail.com", "10minutemail.com", "yopmail.com",
             "tempmail.dev", "sharklasers.com"]

DESKTOP = ["chrome_win", "chrome_win", "chrome_mac", "edge_win", "firefox_win", "safari_mac"]
MOBILE = ["chrome_android", "samsung_android", "safari_iphone", "safari_iphone"]
ANY_BROWSER = DESKTOP + MOBILE + ["brave_win", "firefox_strict"]

# Device ages (days) for established browsers: a few values, one riskgate restart each.
AGES = [5, 21, 45, 120, 365]

_extra = None


def pools(ctx):
    """ctx.pools (ip_table.json) plus this set's own pools (ip_table_holdout2.json)."""
    global _extra
    if _extra is None:
        with open(os.path.join(HERE, "ip_table_holdout2.json")) as f:
            _extra = json.load(f)["pools"]
    p = dict(ctx.pools)
    p.update(_extra)
    return p


def ip(rng, ctx, pool):
    return rng.choice(pools(ctx)[pool])[0]


def ip_in(rng, ctx, pool, country):
    """An address from `pool` that geolocates to `country` (any of the pool if none)."""
    cands = [e for e in pools(ctx)[pool] if e[1] == country] or pools(ctx)[pool]
    return rng.choice(cands)[0]


def home_pool(country):
    return "home_" + country


def loc(rng, country):
    base = LOC[country]
    tz = rng.choice(base["tzs"])
    return dict(lang=base["lang"], languages=base["languages"], tz=tz[0], off=tz[1],
                cur=base["cur"])


def user_id(rng):
    return "c%07d" % rng.randrange(10 ** 7)


def email(rng, domain=None):
    f, l = rng.choice(FIRST), rng.choice(LAST)
    style = rng.random()
    local = ("%s.%s" % (f, l) if style < 0.4 else "%s%s%d" % (f, l, rng.randrange(1, 100))
             if style < 0.75 else "%s_%s%d" % (f[0], l, rng.randrange(1960, 2008)))
    return "%s@%s" % (local.replace("-", ""), domain or rng.choice(MAIL))


def masked_email(rng):
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    dom = rng.choice(MASKED)
    if dom == "privaterelay.appleid.com":
        local = "".join(rng.choice(alphabet) for _ in range(10))
    else:
        words = ["quiet", "amber", "river", "sunny", "wolf", "cloud", "maple", "pixel", "cobalt"]
        local = "%s.%s%d" % (rng.choice(words), rng.choice(words), rng.randrange(10, 999))
    return "%s@%s" % (local, dom)


def random_local(rng, n=9):
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(n))


def order(rng, cur, product, face=None, quantity=1, user=None, mail=None, pay=None, fee=False):
    face = face if face is not None else rng.choice(FACES[cur])
    amount = face * quantity
    if fee and cur in ("USD", "EUR", "GBP", "CAD", "AUD"):
        amount = round(amount + 0.95 + 0.05 * quantity, 2)
    return {"amount": amount, "currency": cur, "quantity": quantity, "product": product,
            "user": user or user_id(rng), "email": mail or email(rng),
            "payment_method": pay or rng.choice(["card", "card", "card", "paypal", "apple_pay",
                                                 "google_pay"])}


def start(rng, ctx, span):
    """A start time that leaves `span` simulated seconds before the window closes."""
    return rng.uniform(30, max(60, ctx.window - span - 30))


def browse(inst, rng, t, dev, addr, pages=(1, 3)):
    """A buyer looking around before ordering: 1-3 page views over a few minutes.
    Returns the time the order is placed."""
    for _ in range(rng.randint(*pages)):
        inst.visit(t, dev, addr)
        t += rng.uniform(20, 150)
    return t


# --------------------------------------------------------------------------- legit


def holiday_gifter(rng, ctx):
    """Holiday / birthday gift buyer getting cards for the family in one sitting: 3-6
    cards within about 15 minutes, each its own order (a different recipient and design)
    or, for a third of them, one order with quantity 3-6. Home broadband, mostly desktop,
    half with a browser that has visited before, paying by card or PayPal.

    Signals that separate them from card testers: one user, one device and one address
    throughout, ordinary face values rather than the minimum, a real browser with a
    beacon whose time zone matches the address, a few minutes between orders."""
    out = []
    for _ in range(ctx.n(22)):
        inst = Instance("gift_family_batch", "legit")
        c = rng.choice(["US", "US", "US", "GB", "DE", "CA", "AU", "FR", "NL"])
        lc = loc(rng, c)
        dev = Device(rng.choice(DESKTOP + ["safari_iphone"]), lc, rng=rng,
                     age_days=rng.choice(AGES) if rng.random() < 0.5 else 0)
        addr = ip(rng, ctx, home_pool(c))
        u, mail, pay = user_id(rng), email(rng), rng.choice(["card", "card", "paypal"])
        t = browse(inst, rng, start(rng, ctx, 1100), dev, addr)
        cards = rng.randint(3, 6)
        if rng.random() < 1 / 3:
            inst.order(t, dev, addr, order(rng, lc["cur"], rng.choice(GIFT), quantity=cards,
                                           face=rng.choice(FACES[lc["cur"]][:4]), user=u,
                                           mail=mail, pay=pay))
        else:
            for _ in range(cards):
                inst.order(t, dev, addr, order(rng, lc["cur"], rng.choice(GIFT), user=u,
                                               mail=mail, pay=pay))
                t += rng.uniform(60, 220)
        out.append(inst)
    return out


def night_gamer(rng, ctx):
    """Gamer topping up a game wallet late at night (the 03:00 cell is 2-4 am for the
    European and UK ones): 10-50 in local currency for Steam / PSN / V-Bucks, a quarter
    of them a second top-up ten minutes later after seeing a sale item. Mostly an
    established desktop browser on home broadband; some on the phone; Korean and
    Brazilian gamers pay in KRW and BRL.

    Signals: known device and user, small amounts, the buyer's own locale; the hour alone
    says nothing (gamers are up at night)."""
    out = []
    for _ in range(ctx.n(42)):
        inst = Instance("night_gamer_topup", "legit")
        c = rng.choice(["US", "GB", "GB", "DE", "FR", "BR", "KR", "PL", "ES"])
        lc = loc(rng, c)
        mobile = rng.random() < 0.25
        prof = rng.choice(MOBILE) if mobile else rng.choice(["chrome_win", "chrome_win",
                                                             "edge_win", "firefox_win",
                                                             "brave_win"])
        dev = Device(prof, lc, rng=rng, age_days=rng.choice(AGES) if rng.random() < 0.7 else 0)
        pool = "mobile_" + c if mobile and ("mobile_" + c) in pools(ctx) else home_pool(c)
        addr = ip(rng, ctx, pool)
        u, mail = user_id(rng), email(rng)
        t = browse(inst, rng, start(rng, ctx, 900), dev, addr, pages=(1, 2))
        faces = FACES[lc["cur"]][:3]
        inst.order(t, dev, addr, order(rng, lc["cur"], rng.choice(GAMING), face=rng.choice(faces),
                                       user=u, mail=mail))
        if rng.random() < 0.25:
            inst.order(t + rng.uniform(300, 700), dev, addr,
                       order(rng, lc["cur"], rng.choice(GAMING), face=rng.choice(faces), user=u,
                             mail=mail))
        out.append(inst)
    return out


def office_network(rng, ctx):
    """Colleagues buying from work: an office's whole staff leaves through one business
    line (US) or a corporate web proxy (Zscaler egress in GB, DE, JP, FR), so 6-12
    different people, browsers and accounts order from one address within the window
    (a leaving present, team lunch vouchers, personal purchases at lunch).

    Signals: many users on one address is normal here; each has its own device, email
    and ordinary amount; the address is a business network, not a datacenter VPS."""
    out = []
    offices = [("US", "home_US"), ("GB", "corp_proxy"), ("DE", "corp_proxy"),
               ("JP", "corp_proxy"), ("FR", "corp_proxy")]
    for _ in range(ctx.n(4)):
        c, pool = rng.choice(offices)
        addr = ip_in(rng, ctx, pool, c)
        t0 = start(rng, ctx, 1800)
        for _ in range(rng.randint(6, 12)):
            inst = Instance("office_shared_network", "legit")
            lc = loc(rng, c)
            dev = Device(rng.choice(["chrome_win", "edge_win", "edge_win", "chrome_mac",
                                     "firefox_win"]), lc, rng=rng,
                         age_days=rng.choice(AGES) if rng.random() < 0.5 else 0)
            t = browse(inst, rng, t0 + rng.uniform(0, 1500), dev, addr, pages=(1, 2))
            inst.order(t, dev, addr, order(rng, lc["cur"], rng.choice(GIFT + GAMING[:2]),
                                           pay=rng.choice(["card", "paypal"])))
            out.append(inst)
    return out


def android_cookie_reset(rng, ctx):
    """Android buyers whose browser loses its cookies between visits (Samsung Internet
    or Chrome in a "clear on exit" mode, or an in-app browser opened from a message), on
    their mobile carrier; for some, the carrier's addresses geolocate abroad (German and
    Indian carriers' ranges registered elsewhere). Each visit starts without a cookie, so
    every order looks like a new device. A fifth order twice (a second card for
    themselves).

    Signals: the same user and phone fingerprint (beacon canvas, screen, model) come back;
    language and time zone match the home country; carrier ASN, not hosting."""
    out = []
    for _ in range(ctx.n(46)):
        inst = Instance("android_cookie_reset", "legit")
        c, pool = rng.choice([("US", "mobile_US"), ("IN", "mobile_IN"), ("IN", "mobile_abroad_IN"),
                              ("DE", "mobile_DE"), ("DE", "mobile_abroad_DE"), ("GB", "mobile_GB"),
                              ("FR", "mobile_FR"), ("ID", "mobile_ID"), ("VN", "mobile_VN")])
        lc = loc(rng, c)
        dev = Device(rng.choice(["samsung_android", "samsung_android", "chrome_android"]), lc,
                     rng=rng, cookies="session")
        u, mail = user_id(rng), email(rng)
        t = start(rng, ctx, 1200)
        for k in range(2 if rng.random() < 0.2 else 1):
            addr = ip(rng, ctx, pool)  # carriers hand out a new address per session
            t = browse(inst, rng, t, dev, addr, pages=(1, 2))
            prod = rng.choice(MOBILE_TOPUP + GIFT[:3])
            inst.order(t, dev, addr, order(rng, lc["cur"], prod, face=rng.choice(FACES[lc["cur"]][:3]),
                                           user=u, mail=mail, pay=rng.choice(["card", "google_pay"])))
            t += rng.uniform(300, 900)
        out.append(inst)
    return out


def large_nominal_currency(rng, ctx):
    """Buyers in Indonesia, Vietnam and Korea paying in their own currency, where an
    ordinary card reads as a large number: 250 000 IDR (about 16 USD), 500 000 VND
    (about 20 USD), 50 000 KRW (about 36 USD). Mobile-first markets: most on a phone via
    the local carrier, the rest on home broadband; some have bought before.

    Signals: amounts must be converted before any comparison; the locale, time zone and
    carrier agree with the country."""
    out = []
    for _ in range(ctx.n(52)):
        inst = Instance("large_nominal_idr_vnd_krw", "legit")
        c = rng.choice(["ID", "ID", "VN", "VN", "KR"])
        lc = loc(rng, c)
        mobile = rng.random() < 0.65
        prof = rng.choice(MOBILE if c == "KR" else ["chrome_android", "samsung_android",
                                                    "chrome_android", "safari_iphone"]) \
            if mobile else rng.choice(["chrome_win", "chrome_win", "edge_win"])
        dev = Device(prof, lc, rng=rng, age_days=rng.choice(AGES) if rng.random() < 0.4 else 0)
        addr = ip(rng, ctx, ("mobile_" if mobile else "home_") + c)
        t = browse(inst, rng, start(rng, ctx, 700), dev, addr, pages=(1, 2))
        prod = rng.choice(MOBILE_TOPUP + GAMING[:2] + ["google_play"])
        q = 2 if rng.random() < 0.1 else 1
        inst.order(t, dev, addr, order(rng, lc["cur"], prod, quantity=q,
                                       pay=rng.choice(["card", "ewallet", "bank_transfer",
                                                       "google_pay"])))
        out.append(inst)
    return out


def returning_new_phone(rng, ctx):
    """A long-standing customer (the same account and email for years) on a phone bought
    last week: a brand-new device with no cookie, on their mobile carrier or home
    Wi-Fi, buying what they usually buy (25-100 in local currency).

    Signals: the account's history (country, usual amount) matches; only the device is
    new, which alone should at most ask for review, not block."""
    out = []
    for _ in range(ctx.n(36)):
        inst = Instance("returning_buyer_new_phone", "legit")
        c = rng.choice(["US", "US", "GB", "DE", "JP", "KR", "FR", "IT", "AU"])
        lc = loc(rng, c)
        dev = Device(rng.choice(MOBILE), lc, rng=rng)
        mpool = "mobile_" + c
        addr = ip(rng, ctx, mpool if mpool in pools(ctx) and rng.random() < 0.5 else home_pool(c))
        t = browse(inst, rng, start(rng, ctx, 600), dev, addr)
        faces = FACES[lc["cur"]]
        inst.order(t, dev, addr, order(rng, lc["cur"], rng.choice(GIFT + GAMING),
                                       face=rng.choice(faces[len(faces) // 2:]),
                                       pay=rng.choice(["apple_pay", "google_pay", "card"])))
        out.append(inst)
    return out


def masked_email_buyer(rng, ctx):
    """Privacy-minded buyers whose password manager or phone generates a masked address
    per shop (Hide My Email, DuckDuckGo, Firefox Relay, Proton Pass, SimpleLogin).
    Safari users on iCloud Private Relay leave through Cloudflare/Akamai egress in their
    own country; others come from home broadband. Some have a Firefox with
    resistFingerprinting.

    Signals: a masked-alias domain is not a throwaway inbox (it forwards to a real one);
    relay egress is consumer traffic; amounts and behaviour are ordinary."""
    out = []
    for _ in range(ctx.n(40)):
        inst = Instance("masked_email_relay", "legit")
        c = rng.choice(["US", "US", "DE", "JP", "GB", "NL"])
        lc = loc(rng, c)
        r = rng.random()
        if r < 0.45 and c in ("US", "DE", "JP"):
            prof, addr = rng.choice(["safari_iphone", "safari_mac"]), ip(rng, ctx, "relay_" + c)
        elif r < 0.65:
            prof, addr = "firefox_strict", ip(rng, ctx, home_pool(c))
        else:
            prof, addr = rng.choice(DESKTOP), ip(rng, ctx, home_pool(c))
        dev = Device(prof, lc, rng=rng, age_days=rng.choice(AGES) if rng.random() < 0.5 else 0,
                     beacon=rng.random() < 0.85)
        t = browse(inst, rng, start(rng, ctx, 600), dev, addr)
        inst.order(t, dev, addr, order(rng, lc["cur"], rng.choice(GIFT + GAMING),
                                       mail=masked_email(rng),
                                       pay=rng.choice(["card", "apple_pay", "paypal"])))
        out.append(inst)
    return out


def university_student(rng, ctx):
    """Students on a university network (MIT/Stanford/Berkeley, UK Janet, German DFN):
    thousands of people behind a few research-network ranges, laptops with Brave or
    Firefox, small amounts (10-25) for games and streaming, some at night in the
    library; an exchange student keeps their home language.

    Signals: an education ASN is not hosting; many users per network prefix is normal;
    small amounts."""
    out = []
    for _ in range(ctx.n(42)):
        inst = Instance("university_network", "legit")
        c = rng.choice(["US", "US", "GB", "DE"])
        lc = loc(rng, c)
        if rng.random() < 0.15:  # exchange student: own language, local time zone
            home = loc(rng, rng.choice(["KR", "CN", "IN", "BR", "IT"]))
            lc = dict(lc, lang=home["lang"], languages=home["languages"])
        dev = Device(rng.choice(["brave_win", "firefox_win", "chrome_mac", "safari_mac",
                                 "chrome_win", "safari_iphone"]), lc, rng=rng,
                     age_days=rng.choice(AGES) if rng.random() < 0.45 else 0)
        addr = ip(rng, ctx, "university_" + c)
        t = browse(inst, rng, start(rng, ctx, 700), dev, addr)
        inst.order(t, dev, addr, order(rng, lc["cur"], rng.choice(GAMING + ["spotify", "netflix"]),
                                       face=rng.choice(FACES[lc["cur"]][:3]),
                                       mail=email(rng, rng.choice(["gmail.com", "outlook.com"]))))
        if rng.random() < 0.1:
            inst.order(t + rng.uniform(200, 600), dev, addr,
                       order(rng, lc["cur"], rng.choice(GAMING), face=rng.choice(FACES[lc["cur"]][:2])))
        out.append(inst)
    return out


def payment_retry(rng, ctx):
    """A buyer whose payment failed (3-D Secure timeout, bank decline, wrong CVV) and
    who orders the same thing again 1-4 minutes later, sometimes twice, the last time
    often with another payment method (card -> PayPal). Same user, device, address.

    Signals: identical amount and product repeated by one known user is a retry, not
    enumeration (a card tester varies users and cards, keeps amounts minimal)."""
    out = []
    for _ in range(ctx.n(25)):
        inst = Instance("reorder_after_payment_failure", "legit")
        c = rng.choice(["US", "GB", "DE", "FR", "IT", "ES", "CA", "JP", "IN"])
        lc = loc(rng, c)
        dev = Device(rng.choice(DESKTOP + MOBILE), lc, rng=rng,
                     age_days=rng.choice(AGES) if rng.random() < 0.5 else 0)
        addr = ip(rng, ctx, home_pool(c))
        t = browse(inst, rng, start(rng, ctx, 900), dev, addr)
        o = order(rng, lc["cur"], rng.choice(GIFT + GAMING), pay="card")
        tries = 3 if rng.random() < 0.3 else 2
        for k in range(tries):
            o2 = dict(o)
            if k == tries - 1 and rng.random() < 0.5:
                o2["payment_method"] = rng.choice(["paypal", "apple_pay", "google_pay"])
            inst.order(t, dev, addr, o2)
            t += rng.uniform(60, 240)
        out.append(inst)
    return out


def business_bulk(rng, ctx):
    """An office manager or HR buying employee rewards / client gifts: round quantities
    (10, 20, 25, 50) of one 25 or 50 card, 250-2 500 in total, from the company desktop
    on the office line during working hours, usually an account and browser that have
    done this before (quarterly), paying by company card or invoice-like PayPal.

    Signals: round quantity x a standard face value, a corporate-looking email domain,
    an established device and account; quantity alone is not fraud."""
    out = []
    for _ in range(ctx.n(13)):
        inst = Instance("business_bulk_round_qty", "legit")
        c = rng.choice(["US", "US", "GB", "DE", "CA", "NL"])
        lc = loc(rng, c)
        dev = Device(rng.choice(["edge_win", "chrome_win", "chrome_mac"]), lc, rng=rng,
                     age_days=rng.choice(AGES[1:]) if rng.random() < 0.7 else 0)
        addr = ip(rng, ctx, home_pool(c))
        company = rng.choice(["acme-logistics", "northwind", "brightpath", "tandem-it",
                              "kellerbau", "bluefin-media"])
        mail = "%s.%s@%s.%s" % (rng.choice(FIRST), rng.choice(LAST), company,
                                {"US": "com", "GB": "co.uk", "DE": "de", "CA": "ca",
                                 "NL": "nl"}[c])
        t = browse(inst, rng, start(rng, ctx, 900), dev, addr, pages=(2, 3))
        face = rng.choice([25, 50])
        q = rng.choice([10, 10, 20, 25, 50])
        u = user_id(rng)
        inst.order(t, dev, addr, order(rng, lc["cur"], rng.choice(["amazon_gift_card",
                                                                    "uber_gift_card",
                                                                    "starbucks"]),
                                       face=face, quantity=q, user=u, mail=mail,
                                       pay=rng.choice(["card", "paypal"])))
        if rng.random() < 0.2:  # a second batch for another team
            inst.order(t + rng.uniform(120, 500), dev, addr,
                       order(rng, lc["cur"], "amazon_gift_card", face=face,
                             quantity=rng.choice([5, 10]), user=u, mail=mail, pay="card"))
        out.append(inst)
    return out


def traveller_abroad(rng, ctx):
    """Someone on holiday or a business trip buying from their usual laptop or phone on
    hotel / café Wi-Fi in another country: their language and currency, an address in
    Spain, Italy, France, Japan or the US, the time zone set automatically on the phone
    (local) but left at home on the laptop.

    Signals: an established device and account; a country change with a consistent
    device is travel, not takeover."""
    out = []
    for _ in range(ctx.n(20)):
        inst = Instance("traveller_hotel_wifi", "legit")
        home = rng.choice(["DE", "GB", "US", "NL", "KR", "FR"])
        there = rng.choice([x for x in ["ES", "IT", "FR", "JP", "US"] if x != home])
        lh, lt = loc(rng, home), loc(rng, there)
        phone = rng.random() < 0.5
        dev = Device(rng.choice(MOBILE) if phone else rng.choice(DESKTOP), lh, rng=rng,
                     age_days=rng.choice(AGES[1:]),
                     tz=(lt["tz"], lt["off"]) if phone else (lh["tz"], lh["off"]))
        addr = ip(rng, ctx, home_pool(there))
        t = browse(inst, rng, start(rng, ctx, 600), dev, addr)
        inst.order(t, dev, addr, order(rng, lh["cur"], rng.choice(GIFT + GAMING)))
        out.append(inst)
    return out


def first_big_gift(rng, ctx):
    """A first-time buyer (new account, new browser) buying one expensive card: a 200
    Apple card for a graduation, a 100-200 Amazon card for a wedding, in their own
    currency, after reading the shop's pages for a while, at home.

    Signals: one order, one real browser with matching locale and time zone, a
    residential address, time spent on the site; a high amount from a new device alone
    is review at most."""
    out = []
    for _ in range(ctx.n(26)):
        inst = Instance("first_order_big_gift", "legit")
        c = rng.choice(["US", "US", "GB", "DE", "FR", "JP", "KR", "CA", "AU", "IN"])
        lc = loc(rng, c)
        dev = Device(rng.choice(DESKTOP + MOBILE), lc, rng=rng)
        addr = ip(rng, ctx, home_pool(c))
        t = browse(inst, rng, start(rng, ctx, 900), dev, addr, pages=(2, 4))
        cur = lc["cur"]
        face = FACES[cur][-1]
        q = 2 if (cur in ("USD", "EUR", "GBP", "CAD", "AUD") and face <= 50) else 1
        inst.order(t, dev, addr, order(rng, cur, rng.choice(["apple_gift_card", "amazon_gift_card",
                                                             "airbnb_gift_card"]),
                                       face=face, quantity=q, fee=rng.random() < 0.3))
        out.append(inst)
    return out


# --------------------------------------------------------------------------- fraud


def bin_attack_tester(rng, ctx):
    """Card tester checking a BIN range of stolen/generated card numbers with a real
    browser automation framework (Playwright/Puppeteer driving Chrome): one of headless
    Chrome, puppeteer-stealth, or a patched Chrome that hides webdriver. A fresh browser
    context per card (no cookie carried over), a rotating residential proxy (a new US
    home address every 1-3 attempts), a new guest account and email per attempt, the
    cheapest card (5-10 USD), every 15-50 seconds for the whole window.

    Signals: the browser fingerprint (canvas, screen, cores, platform/UA mismatch,
    webdriver) repeats across "new" devices; the operator's time zone and language do
    not match the US addresses; minimum amounts; many accounts per fingerprint and per
    ASN in minutes; throwaway and random-looking emails."""
    out = []
    kinds = ["headless_chrome", "stealth_puppeteer", "chrome_win"]
    for k in range(ctx.n(3)):
        prof = kinds[k % 3]
        op = rng.choice([("Europe/Moscow", -180, "ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7",
                          ["ru-RU", "ru", "en-US", "en"]),
                         ("Asia/Ho_Chi_Minh", -420, "en-US,en;q=0.9", ["en-US", "en"]),
                         ("America/New_York", 300, "en-US,en;q=0.9", ["en-US", "en"])])
        canvas = rng.getrandbits(32)
        lc = loc(rng, "US")
        inst = Instance("bin_attack_automation", "fraud")
        t = start(rng, ctx, 1500)
        addr = ip(rng, ctx, "home_US")
        for n in range(rng.randint(18, 26)):
            if n % rng.randint(1, 3) == 0:
                addr = ip(rng, ctx, rng.choice(["home_US", "home_US", "mobile_US"]))
            dev = Device(prof, lc, rng=rng, cookies="session", canvas_seed=canvas,
                         tz=(op[0], op[1]), lang=op[2], languages=op[3])
            inst.visit(t, dev, addr)
            dom = rng.choice(THROWAWAY + ["gmail.com", "outlook.com"])
            inst.order(t + rng.uniform(4, 12), dev, addr,
                       order(rng, "USD", rng.choice(["steam_wallet", "google_play", "razer_gold"]),
                             face=rng.choice([5, 10]), mail="%s@%s" % (random_local(rng), dom),
                             pay="card"))
            t += rng.uniform(15, 50)
        out.append(inst)
    return out


def device_ring(rng, ctx):
    """A fraud ring working through a list of stolen shop accounts (bought credential
    dumps) from the three or four laptops in their room: every account is used once or
    twice on one of the same few devices, through a residential proxy in the victim's
    country. The laptops have been at this for two weeks (their cookies are old).
    50-200 USD/GBP cards that resell well.

    Signals: one device cookie and fingerprint with dozens of accounts; the ring's own
    language/time zone on every victim; high-resale products."""
    out = []
    for _ in range(ctx.n(2)):
        ring_tz = rng.choice([("Africa/Lagos", -60, "en-GB,en;q=0.9", ["en-GB", "en"]),
                              ("Europe/Bucharest", -120, "ro-RO,ro;q=0.9,en-US;q=0.8,en;q=0.7",
                               ["ro-RO", "ro", "en-US", "en"]),
                              ("America/New_York", 300, "en-US,en;q=0.9", ["en-US", "en"])])
        lc = loc(rng, "US")
        devs = [Device(p, lc, rng=rng, age_days=21, tz=ring_tz[:2], lang=ring_tz[2],
                       languages=ring_tz[3])
                for p in rng.sample(["chrome_win", "chrome_mac", "edge_win", "firefox_win"],
                                    rng.randint(3, 4))]
        for _ in range(20):
            inst = Instance("device_ring_stolen_accounts", "fraud")
            victim_c = rng.choice(["US", "US", "GB"])
            cur = LOC[victim_c]["cur"]
            dev = rng.choice(devs)
            addr = ip(rng, ctx, home_pool(victim_c))
            t = start(rng, ctx, 600)
            inst.visit(t, dev, addr)
            u, mail = user_id(rng), email(rng)
            t += rng.uniform(30, 90)
            for _ in range(2 if rng.random() < 0.5 else 1):
                inst.order(t, dev, addr, order(rng, cur, rng.choice(RESALEABLE),
                                               face=rng.choice([50, 100, 100]),
                                               quantity=rng.choice([1, 1, 2]), user=u, mail=mail))
                t += rng.uniform(60, 240)
            out.append(inst)
    return out


def ato_cookie_theft(rng, ctx):
    """Account takeover with session/cookie theft: an infostealer dumped the victim's
    browser cookies; the attacker loads them into an anti-detect browser that copies the
    victim's user agent and language, and logs in as the victim from another country
    (a home or mobile address in Brazil, Poland, Vietnam, Indonesia, Mexico, or a VPS),
    the browser's time zone set to the proxy's. Meanwhile the victim still uses the
    shop from home (their visit is in the window). The attacker drains the account's
    stored card: 2-4 high-value cards in ten minutes.

    Signals: an old, trusted device cookie now seen from a different country/ASN, with a
    different canvas and time zone than the same cookie's earlier beacon; the device's
    address history jumps countries within minutes of the real owner's visit; high
    amounts."""
    out = []
    for _ in range(ctx.n(16)):
        inst = Instance("ato_stolen_cookie_abroad", "fraud")
        vc = rng.choice(["US", "US", "GB", "DE", "FR", "CA"])
        vl = loc(rng, vc)
        prof = rng.choice(DESKTOP)
        victim = Device(prof, vl, rng=rng, age_days=rng.choice(AGES[2:]))
        vaddr = ip(rng, ctx, home_pool(vc))
        t = start(rng, ctx, 1200)
        inst.visit(t, victim, vaddr)
        ac, pool = rng.choice([("BR", "home_BR"), ("PL", "home_PL"), ("VN", "home_VN"),
                               ("ID", "mobile_ID"), ("MX", "home_MX"), (None, "hosting")])
        al = loc(rng, ac) if ac else dict(vl, tz="UTC", off=0)
        atk = StolenCookieDevice(victim, prof, vl, rng=rng, tz=(al["tz"], al["off"]))
        aaddr = ip(rng, ctx, pool)
        t += rng.uniform(120, 600)
        inst.visit(t, atk, aaddr)
        u, mail = user_id(rng), email(rng)
        t += rng.uniform(30, 90)
        for _ in range(rng.randint(2, 4)):
            inst.order(t, atk, aaddr, order(rng, vl["cur"], rng.choice(RESALEABLE),
                                            face=FACES[vl["cur"]][-1], user=u, mail=mail))
            t += rng.uniform(60, 180)
        out.append(inst)
    return out


def synthetic_identity(rng, ctx):
    """Synthetic identities aged before cash-out: accounts opened a month or two ago with
    plausible names and free-mail addresses, a dedicated browser per identity that has
    visited the shop now and then (an established cookie), a residential proxy in the
    identity's country. Cash-out day: 3-4 orders of the largest cards within 15 minutes,
    staying under a typical daily count limit.

    Signals: an account whose first real spending is a burst of maximum-value orders;
    amount per user per hour far above the population; the proxy address differs at
    every order while the device stays the same; resale products."""
    out = []
    for _ in range(ctx.n(12)):
        inst = Instance("synthetic_identity_cashout", "fraud")
        c = rng.choice(["US", "US", "GB", "DE", "CA"])
        lc = loc(rng, c)
        dev = Device(rng.choice(["chrome_win", "chrome_mac", "edge_win"]), lc, rng=rng,
                     age_days=rng.choice([21, 45]))
        u, mail = user_id(rng), email(rng)
        t = start(rng, ctx, 1000)
        addr = ip(rng, ctx, home_pool(c))
        inst.visit(t, dev, addr)
        t += rng.uniform(40, 120)
        for _ in range(rng.randint(3, 4)):
            inst.order(t, dev, addr, order(rng, lc["cur"], rng.choice(RESALEABLE),
                                           face=FACES[lc["cur"]][-1],
                                           quantity=rng.choice([1, 2, 2, 3]), user=u, mail=mail,
                                           pay="card"))
            t += rng.uniform(90, 260)
            addr = ip(rng, ctx, home_pool(c))
        out.append(inst)
    return out


def refund_abuser(rng, ctx):
    """Refund / chargeback abuse ("the code didn't work"): a buyer with an ordinary,
    established home browser who opens a fresh account for each claim so no account
    carries a dispute history: 2-3 accounts in the window from the same browser and
    address, each buying one 100-200 card with a new free-mail or masked address.

    Signals: several accounts per device cookie and per address in an hour; new accounts
    whose first order is a high-value resale card."""
    out = []
    for _ in range(ctx.n(8)):
        inst = Instance("refund_abuse_multi_account", "fraud")
        c = rng.choice(["US", "GB", "DE", "FR"])
        lc = loc(rng, c)
        dev = Device(rng.choice(DESKTOP + MOBILE), lc, rng=rng, age_days=rng.choice(AGES[2:]))
        addr = ip(rng, ctx, home_pool(c))
        t = start(rng, ctx, 1500)
        for _ in range(rng.randint(2, 3)):
            inst.visit(t, dev, addr)
            mail = masked_email(rng) if rng.random() < 0.4 else email(rng)
            inst.order(t + rng.uniform(30, 90), dev, addr,
                       order(rng, lc["cur"], rng.choice(RESALEABLE), face=FACES[lc["cur"]][-1],
                             quantity=rng.choice([1, 2]), mail=mail))
            t += rng.uniform(300, 700)
        out.append(inst)
    return out


def small_order_cashout(rng, ctx):
    """Gift-card cash-out with a stolen card kept under limits: one operator, one phone
    emulator or laptop that clears cookies between accounts, 4-6 throwaway accounts,
    each placing 3-4 orders of 20-25 USD (under per-order amount and per-account daily
    count limits), a couple of minutes apart, from rotating US residential addresses.

    Signals: the cookie-independent fingerprint (canvas, screen, UA, cores) and network
    repeat across the "new" devices; many accounts per fingerprint; a steady stream of
    identical small resale orders."""
    out = []
    for _ in range(ctx.n(3)):
        inst = Instance("small_order_cashout", "fraud")
        lc = loc(rng, "US")
        prof = rng.choice(["chrome_android", "chrome_win"])
        canvas = rng.getrandbits(32)
        t = start(rng, ctx, 2600)
        for _ in range(rng.randint(4, 6)):
            dev = Device(prof, lc, rng=rng, cookies="session", canvas_seed=canvas)
            u = user_id(rng)
            mail = "%s@%s" % (random_local(rng, 10), rng.choice(["gmail.com", "outlook.com"]))
            for _ in range(rng.randint(3, 4)):
                addr = ip(rng, ctx, rng.choice(["home_US", "mobile_US"]))
                inst.visit(t, dev, addr)
                inst.order(t + rng.uniform(10, 30), dev, addr,
                           order(rng, "USD", rng.choice(["steam_wallet", "google_play",
                                                         "apple_gift_card"]),
                                 face=rng.choice([20, 25]), user=u, mail=mail, pay="card"))
                t += rng.uniform(60, 150)
        out.append(inst)
    return out


def bot_farm_random_fp(rng, ctx):
    """A bot farm placing orders with a fingerprint randomised per request: each order
    comes from a "new" browser (a random one of the common profiles, a random canvas, a
    random language and time zone from a list), never keeps a cookie, and leaves through
    datacenter VPS addresses or a residential proxy pool; about a third do not even
    load the page first. New accounts, free-mail, 25-100 USD resale cards every 20-90
    seconds.

    Signals: language / time zone / address country disagree; datacenter ASNs;
    impossible combinations (a mobile UA with a desktop screen is not produced here, but
    e.g. Japanese language with a Brazilian address and New York time is); ordering
    without a page view or beacon; volume per ASN and per network prefix."""
    out = []
    langs = [("en-US,en;q=0.9", ["en-US", "en"]), ("en-GB,en;q=0.9", ["en-GB", "en"]),
             ("de-DE,de;q=0.9", ["de-DE", "de"]), ("ja-JP,ja;q=0.9", ["ja-JP", "ja"]),
             ("es-ES,es;q=0.9", ["es-ES", "es"])]
    tzs = [("America/New_York", 300), ("Europe/London", 0), ("Europe/Berlin", -60),
           ("Asia/Tokyo", -540), ("America/Los_Angeles", 480), ("UTC", 0)]
    for _ in range(ctx.n(2)):
        inst = Instance("bot_farm_random_fingerprint", "fraud")
        t = start(rng, ctx, 1800)
        for _ in range(rng.randint(20, 26)):
            lg = rng.choice(langs)
            loc_any = dict(lang=lg[0], languages=lg[1], tz="UTC", off=0)
            dev = Device(rng.choice(ANY_BROWSER), loc_any, rng=rng, cookies="none",
                         tz=rng.choice(tzs), beacon=rng.random() < 0.7)
            addr = ip(rng, ctx, rng.choice(["hosting", "hosting", "home_US", "home_BR",
                                            "home_GB", "home_PL"]))
            if rng.random() < 0.65:
                inst.visit(t, dev, addr)
            inst.order(t + rng.uniform(2, 8), dev, addr,
                       order(rng, "USD", rng.choice(RESALEABLE), face=rng.choice([25, 50, 100]),
                             pay="card"))
            t += rng.uniform(20, 90)
        out.append(inst)
    return out


LEGIT = [holiday_gifter, night_gamer, office_network, android_cookie_reset,
         large_nominal_currency, returning_new_phone, masked_email_buyer, university_student,
         payment_retry, business_bulk, traveller_abroad, first_big_gift]
FRAUD = [bin_attack_tester, device_ring, ato_cookie_theft, synthetic_identity, refund_abuser,
         small_order_cashout, bot_farm_random_fp]
