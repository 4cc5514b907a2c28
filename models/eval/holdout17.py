"""The seventeenth holdout set (`--personas holdout17`): buyers and attackers of a 2026
auto-delivery gift-card, game top-up and software-key shop, written blind to judge
risk-policy changes being made at the same time by other engineers. Default seeds
171,172,173.

What its author read (and only this):
- the harness plumbing: models/eval/__main__.py, cell.py, traffic.py, classify.py (its
  first 40 lines), clients.py (the profile API and the existing profiles),
  build_ip_table.py, holdout_testkit.py;
- personas.py lines 1-162 (the module docstring, shared vocabulary, the Device / Instance
  classes and helpers; no persona body);
- holdout10.py lines 1-60 (its docstring, imports, pool loading, ZERO_DECIMAL and AGES)
  as the form template, and test_holdout10.py as the test template;
- the demo config's `[routes.order]` table, in the working tree and in the frozen copy
  /tmp/snap/w17/config/demo.toml (the order field map; it also shows `review = "hold"`
  and `channel_group = "payments"`), extracted with awk;
- the organisation names and countries of the AS numbers picked for this set's pools, from
  geoip/asn.mmdb and geoip/country.mmdb (through a private venv with maxminddb);
- the task text (the issue's target and its list of hard cases).
Glimpses, disclosed: holdout10.py's docstring repeats its own glimpses (the order route's
rate limit of 30 a minute per ip, purchase limits of 5 / 10 a day per user, and that two
earlier sets had no legitimate order blocked, about 4-8 % reviewed and about 39-67 % of
fraud caught). test_holdout10.py names some tenth-set personas. build_ip_table.py (allowed)
shows every earlier set's pool block (names, AS numbers, comments) and clients.py the
profiles the earlier sets added (h5_ to h16_), which this set reuses as plain browsers.
Nothing here was tuned to any of that, and no persona, volume or parameter was changed
after the one plumbing run (seed 171, hour 14, printed report sent to /dev/null), whose
result JSON was read only as order counts per persona, the total count of `error`
outcomes (plumbing) and max_lag_secs. Two plumbing-level edits came before that run (a
local payment method per country, a Korean residential pool for the Korean cash-out).

Not read: src/ (any Rust), the config's other sections, models/train/, models/MODEL.md,
models/report/, models/EVAL.md (this set's section is appended with `cat >>`), README,
BENCHMARKS.md, any holdout*.py past line 60 (holdout11-16 not opened at all), their tests
(but test_holdout10.py) and tables, personas.py past line 162, fraud.py, and no git log or
diff but this work's (one `git log --oneline | head -4` after the last commit also showed
the branch base's subject line: a judging rule for seeds 171-173, no result).

Each persona is `f(rng, ctx) -> [Instance]`; names start with h17_ (legitimate, about 500
orders per cell, 16 personas) or f17_ (fraud, about 300, 11 personas). Each docstring names
the trace the persona leaves at the edge. Some fraud leaves almost none (friendly fraud,
low-and-slow crews): it is here because shops see it, as chargebacks weeks later.
"""

import json
import os

from .personas import Device, Instance

HERE = os.path.dirname(os.path.abspath(__file__))

# This set's own address pools (build_ip_table.py --set holdout17).
with open(os.path.join(HERE, "ip_table_holdout17.json")) as _f:
    EXTRA = json.load(_f)["pools"]

ZERO_DECIMAL = {"JPY", "KRW"}

# How long ago an established browser first got its cookie (days).
AGES = (3, 12, 45, 160, 400)

# country -> (Accept-Language, currency, IANA timezone, offset minutes on 2 March, mail)
LOCALES = {
    "US": ("en-US,en;q=0.9", "USD", "America/Chicago", -360,
           ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "hotmail.com", "att.net"]),
    "GB": ("en-GB,en;q=0.9", "GBP", "Europe/London", 0,
           ["gmail.com", "hotmail.co.uk", "outlook.com", "icloud.com", "sky.com"]),
    "DE": ("de-DE,de;q=0.9,en;q=0.8", "EUR", "Europe/Berlin", 60,
           ["gmx.de", "web.de", "gmail.com", "t-online.de", "posteo.de"]),
    "FR": ("fr-FR,fr;q=0.9,en;q=0.8", "EUR", "Europe/Paris", 60,
           ["gmail.com", "orange.fr", "free.fr", "hotmail.fr"]),
    "ES": ("es-ES,es;q=0.9,en;q=0.8", "EUR", "Europe/Madrid", 60,
           ["gmail.com", "hotmail.es", "telefonica.net"]),
    "IT": ("it-IT,it;q=0.9,en;q=0.8", "EUR", "Europe/Rome", 60,
           ["gmail.com", "libero.it", "virgilio.it"]),
    "NL": ("nl-NL,nl;q=0.9,en;q=0.8", "EUR", "Europe/Amsterdam", 60,
           ["gmail.com", "ziggo.nl", "kpnmail.nl"]),
    "BE": ("nl-BE,nl;q=0.9,fr-BE;q=0.8,en;q=0.7", "EUR", "Europe/Brussels", 60,
           ["gmail.com", "telenet.be", "skynet.be"]),
    "AT": ("de-AT,de;q=0.9,en;q=0.8", "EUR", "Europe/Vienna", 60,
           ["gmx.at", "gmail.com", "aon.at"]),
    "IE": ("en-IE,en;q=0.9", "EUR", "Europe/Dublin", 0, ["gmail.com", "eircom.net"]),
    "JP": ("ja,en-US;q=0.9,en;q=0.8", "JPY", "Asia/Tokyo", 540,
           ["gmail.com", "docomo.ne.jp", "ezweb.ne.jp", "yahoo.co.jp", "icloud.com"]),
    "KR": ("ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7", "KRW", "Asia/Seoul", 540,
           ["naver.com", "daum.net", "kakao.com", "gmail.com"]),
    "CN": ("zh-CN,zh;q=0.9", "CNY", "Asia/Shanghai", 480, ["qq.com", "163.com", "foxmail.com"]),
    "CA": ("en-CA,en;q=0.9,fr-CA;q=0.8", "CAD", "America/Toronto", -300,
           ["gmail.com", "rogers.com", "outlook.com"]),
    "AU": ("en-AU,en;q=0.9", "AUD", "Australia/Melbourne", 660,
           ["gmail.com", "bigpond.com", "outlook.com"]),
    "IN": ("en-IN,en;q=0.9,hi;q=0.8", "INR", "Asia/Kolkata", 330,
           ["gmail.com", "yahoo.co.in", "rediffmail.com"]),
    "PH": ("en-PH,en;q=0.9,fil;q=0.8", "PHP", "Asia/Manila", 480, ["gmail.com", "yahoo.com"]),
    "BR": ("pt-BR,pt;q=0.9,en;q=0.8", "BRL", "America/Sao_Paulo", -180,
           ["gmail.com", "hotmail.com", "uol.com.br", "bol.com.br"]),
}

# Face values per currency: (everyday, gift-sized / high).
FACES = {
    "USD": ([5, 10, 15, 20, 25, 50], [100, 150, 200, 250, 500]),
    "GBP": ([5, 10, 15, 20, 25, 50], [100, 150, 200, 250]),
    "EUR": ([5, 10, 15, 20, 25, 50], [100, 150, 200, 250]),
    "CAD": ([10, 20, 25, 50], [100, 150, 200, 300]),
    "AUD": ([10, 20, 30, 50], [100, 150, 200, 300]),
    "JPY": ([500, 1000, 1500, 3000, 5000], [10000, 15000, 30000, 50000]),
    "KRW": ([5000, 10000, 30000, 50000], [100000, 150000, 300000, 500000]),
    "CNY": ([30, 50, 100, 200], [500, 1000, 2000]),
    "INR": ([100, 250, 500, 1000], [2000, 5000, 10000]),
    "PHP": ([100, 200, 500, 1000], [2000, 5000]),
    "BRL": ([20, 30, 50, 100], [200, 300, 500]),
}
# What the shop sells: game currency, platform wallets, gift cards, software keys.
TOPUPS = ["roblox-robux", "fortnite-vbucks", "valorant-points", "genshin-crystals",
          "mlbb-diamonds", "pubg-uc", "freefire-diamonds", "minecraft-coins"]
WALLETS = ["steam-wallet", "psn-wallet", "xbox-gift", "nintendo-eshop", "apple-gift",
           "google-play", "razer-gold"]
GIFTS = ["amazon-gift", "netflix-gift", "spotify-gift", "uber-gift", "doordash-gift",
         "airbnb-gift", "visa-prepaid"]
KEYS = ["win11-pro-key", "office-2024-key", "nordvpn-1y", "adobe-cc-1y", "game-key-aaa"]
NAMES = ["aiden", "bea", "carlos", "dana", "eli", "fatima", "gabe", "hana", "ivan", "jade",
         "kai", "lena", "mateo", "nora", "omar", "pia", "raj", "sara", "theo", "valen",
         "wen", "yusuf", "zara", "haruto", "sakura", "yuna", "doyun", "jiwoo", "hao", "lin",
         "ines", "luca", "maja", "finn", "aoife", "cian", "ravi", "ananya", "joao", "bia"]
SURNAMES = ["nguyen", "schmidt", "moreau", "lopez", "bianchi", "visser", "peeters", "huber",
            "murphy", "suzuki", "takahashi", "choi", "jung", "zhang", "liu", "singh",
            "reyes", "santos", "johnson", "taylor", "wilson", "walsh", "fischer", "costa"]
# Throwaway-mail services (this set's own short list).
THROWAWAY = ["mail.tm", "tempmail.dev", "burnermail.io", "inboxkitten.com", "mailnesia.com",
             "yopmail.fr", "tmpbox.net", "spamgourmet.com"]
COMPANIES = ["northwind-logistics.com", "brightpath-health.org", "kestrel-software.io",
             "lumen-dental.co.uk", "harbor-realty.com", "quanta-engineering.de"]


# ---------------------------------------------------------------- helpers

def money(value, currency):
    return int(round(value)) if currency in ZERO_DECIMAL else round(float(value), 2)


def order(rng, user, email, currency, face, quantity=1, product=None, method="card"):
    """One order: `face` is the unit price, the amount the total."""
    name = product or rng.choice(WALLETS + TOPUPS + GIFTS)
    return {"product": "%s-%s" % (name, face), "quantity": quantity,
            "amount": money(face * quantity, currency), "currency": currency, "user": user,
            "email": email, "payment_method": method}


def face(rng, currency, high=False):
    low, big = FACES[currency]
    return rng.choice(big if high else low)


def ident(rng, cc, domain=None):
    """A buyer's account name and e-mail address."""
    first, last = rng.choice(NAMES), rng.choice(SURNAMES)
    style = rng.randrange(4)
    if style == 0:
        local = "%s.%s" % (first, last)
    elif style == 1:
        local = "%s%s%d" % (first, last[:3], rng.randint(1, 99))
    elif style == 2:
        local = "%s_%s%d" % (first[0], last, rng.randint(1975, 2008))
    else:
        local = "%s%s" % (first, last)
    local = local.replace("-", "")
    return local, "%s@%s" % (local, domain or rng.choice(LOCALES[cc][4]))


def handle(rng, n=8):
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(n))


def device(rng, cc, profile, cookies="keep", age=None, beacon=True, tz=None):
    lang, _, tzname, off, _ = LOCALES[cc]
    return Device(rng, profile, lang, tz or (tzname, off), cookies=cookies, age_days=age,
                  beacon=beacon)


def pool(ctx, name):
    return EXTRA[name] if name in EXTRA else ctx.pools[name]


def ip(rng, ctx, name):
    return rng.choice(pool(ctx, name))[0]


def home(cc):
    return "h17_home_%s" % cc


def t0(rng, ctx, tail=400):
    return rng.uniform(30, max(60, ctx.window - tail))


DESKTOP = ["chrome_win", "chrome_mac", "edge_win", "safari_mac", "firefox_win",
           "h12_chrome_win_144", "h16_chrome_win_145", "h10_chrome_mac_143", "h16_safari_mac_26",
           "h11_edge_win_143", "h12_firefox_mac_146"]
PHONE = ["chrome_android", "samsung_android", "safari_iphone", "h11_safari_iphone_262",
         "h10_chrome_android_143", "h16_chrome_android_145", "h12_samsung_29",
         "h9_chrome_android_142"]


def any_browser(rng, mobile_share=0.6):
    return rng.choice(PHONE if rng.random() < mobile_share else DESKTOP)


def browse(rng, inst, t, dev, addr, pages):
    """`pages` page views from `t`, each 8-90 s apart; returns the time after the last."""
    for _ in range(pages):
        inst.visit(t, dev, addr)
        t += rng.uniform(8, 90)
    return t


class CookieClone(Device):
    """A browser an attacker loaded with a victim's cookie jar (an infostealer log): it
    sends the victim device's cookie until the shop hands it its own."""

    def __init__(self, rng, origin, profile, lang, tz):
        self._origin, self._own = origin, None
        super().__init__(rng, profile, lang, tz, cookies="keep", age_days=None)

    @property
    def cookie(self):
        return self._own if self._own is not None else self._origin.cookie

    @cookie.setter
    def cookie(self, value):
        self._own = value


# ---------------------------------------------------------------- legitimate buyers

def h17_returning_gamer(rng, ctx):
    """Regulars topping up a game or wallet from the browser they always use. Trace: an
    aged device cookie, a home ISP in the country of the locale and currency, a page view
    or two, small amounts."""
    out = []
    for _ in range(ctx.n(24)):
        cc = rng.choice(["US", "US", "GB", "DE", "FR", "CA", "AU"])
        inst = Instance("h17_returning_gamer", "legit")
        dev = device(rng, cc, any_browser(rng, 0.5), age=rng.choice(AGES[1:]))
        user, email = ident(rng, cc)
        addr, cur = ip(rng, ctx, home(cc)), LOCALES[cc][1]
        t = browse(rng, inst, t0(rng, ctx), dev, addr, rng.randint(1, 3))
        inst.order(t, dev, addr, order(rng, user, email, cur, face(rng, cur),
                                       product=rng.choice(TOPUPS + WALLETS)))
        if rng.random() < 0.45:
            t += rng.uniform(60, 900)
            inst.order(t, dev, addr, order(rng, user, email, cur, face(rng, cur),
                                           product=rng.choice(TOPUPS)))
        out.append(inst)
    return out


def h17_first_big_gift(rng, ctx):
    """First purchase ever, on a device the shop has never seen, for a large gift card
    (a birthday, a graduation, a wedding). Trace: no cookie before the window, a home ISP
    matching the locale, several page views, one high amount, sometimes quantity 2."""
    out = []
    for _ in range(ctx.n(32)):
        cc = rng.choice(["US", "US", "US", "GB", "DE", "CA", "AU", "FR", "NL"])
        inst = Instance("h17_first_big_gift", "legit")
        dev = device(rng, cc, any_browser(rng, 0.5))
        user, email = ident(rng, cc)
        addr, cur = ip(rng, ctx, home(cc)), LOCALES[cc][1]
        t = browse(rng, inst, t0(rng, ctx), dev, addr, rng.randint(2, 5))
        qty = 2 if rng.random() < 0.15 else 1
        inst.order(t, dev, addr, order(rng, user, email, cur, face(rng, cur, True), qty,
                                       product=rng.choice(GIFTS + WALLETS),
                                       method=rng.choice(["card", "card", "paypal",
                                                          "apple_pay"])))
        out.append(inst)
    return out


def h17_night_shift(rng, ctx):
    """Nurses, drivers and warehouse staff buying on a break from their phone on mobile
    data, at whatever hour the shift allows. Trace: a phone on a US / JP carrier (shared
    carrier-grade NAT addresses), one quick page view and an order within a minute or
    two; about half on a phone that has visited before."""
    out = []
    for _ in range(ctx.n(32)):
        cc = rng.choice(["US", "US", "US", "JP"])
        inst = Instance("h17_night_shift", "legit")
        aged = rng.random() < 0.5
        dev = device(rng, cc, rng.choice(PHONE), age=rng.choice(AGES) if aged else None)
        user, email = ident(rng, cc)
        addr, cur = ip(rng, ctx, "h17_mobile_%s" % cc), LOCALES[cc][1]
        t = t0(rng, ctx)
        inst.visit(t, dev, addr)
        t += rng.uniform(15, 120)
        inst.order(t, dev, addr, order(rng, user, email, cur, face(rng, cur),
                                       method=rng.choice(["card", "apple_pay", "google_pay"])))
        out.append(inst)
    return out


def h17_privacy_browser(rng, ctx):
    """Privacy-minded buyers: Firefox with strict protection or resistFingerprinting,
    Mullvad Browser, Brave with shields up, Firefox Focus; cookies kept for the session
    or not at all, the page script often blocked, a third behind a VPN exit. Trace: no
    device cookie across visits, a UTC timezone or spoofed screen, no beacon for some,
    a VPN network for some."""
    out = []
    profiles = ["firefox_strict", "h5_mullvad_browser", "brave_win", "h6_brave_android",
                "h8_firefox_focus", "firefox_strict"]
    for _ in range(ctx.n(25)):
        cc = rng.choice(["US", "DE", "DE", "GB", "NL", "FR", "AT"])
        inst = Instance("h17_privacy_browser", "legit")
        dev = device(rng, cc, rng.choice(profiles), cookies=rng.choice(["none", "session"]),
                     beacon=rng.random() < 0.6)
        user, email = ident(rng, cc, rng.choice(["proton.me", "posteo.de", "tutanota.com",
                                                 "mailbox.org", None]))
        vpn = rng.random() < 0.33
        addr, cur = ip(rng, ctx, "h17_vpn" if vpn else home(cc)), LOCALES[cc][1]
        t = browse(rng, inst, t0(rng, ctx), dev, addr, rng.randint(1, 4))
        inst.order(t, dev, addr, order(rng, user, email, cur, face(rng, cur, rng.random() < 0.2),
                                       product=rng.choice(KEYS + WALLETS)))
        if rng.random() < 0.3:
            t += rng.uniform(120, 1200)
            inst.visit(t, dev, addr)
            inst.order(t + rng.uniform(20, 90), dev, addr,
                       order(rng, user, email, cur, face(rng, cur), product=rng.choice(KEYS)))
        out.append(inst)
    return out


LOCAL_PAY = {"IN": "upi", "PH": "gcash", "BR": "pix"}


def h17_cgnat_crowd(rng, ctx):
    """Android buyers in India, the Philippines and Brazil on mobile carriers whose
    carrier-grade NAT puts many strangers behind a handful of addresses. Trace: a few
    carrier addresses shared by many unrelated accounts and devices in one window,
    low-priced top-ups in INR / PHP / BRL."""
    out = []
    shared = {cc: [ip(rng, ctx, "h17_mobile_%s" % cc) for _ in range(3)]
              for cc in ("IN", "PH", "BR")}
    android = ["chrome_android", "samsung_android", "h10_chrome_android_143", "h6_old_android",
               "h9_tiktok_android", "h12_samsung_29", "h5_webview_a8"]
    for _ in range(ctx.n(33)):
        cc = rng.choice(["IN", "IN", "PH", "BR"])
        inst = Instance("h17_cgnat_crowd", "legit")
        dev = device(rng, cc, rng.choice(android),
                     age=rng.choice(AGES) if rng.random() < 0.4 else None)
        user, email = ident(rng, cc)
        addr, cur = rng.choice(shared[cc]), LOCALES[cc][1]
        t = browse(rng, inst, t0(rng, ctx), dev, addr, rng.randint(1, 2))
        inst.order(t, dev, addr, order(rng, user, email, cur, face(rng, cur),
                                       product=rng.choice(TOPUPS),
                                       method=rng.choice(["card", LOCAL_PAY[cc]])))
        out.append(inst)
    return out


def h17_carrier_abroad(rng, ctx):
    """Mobile subscribers at home whose carrier's address range the country database
    places in another country (Vodafone DE, KDDI, Jio). Trace: a home-country locale,
    timezone and currency on an address that geolocates abroad, on a phone."""
    out = []
    for _ in range(ctx.n(30)):
        cc = rng.choice(["DE", "JP", "JP", "IN"])
        inst = Instance("h17_carrier_abroad", "legit")
        dev = device(rng, cc, rng.choice(PHONE),
                     age=rng.choice(AGES) if rng.random() < 0.6 else None)
        user, email = ident(rng, cc)
        addr, cur = ip(rng, ctx, "h17_abroad_%s" % cc), LOCALES[cc][1]
        t = browse(rng, inst, t0(rng, ctx), dev, addr, rng.randint(1, 3))
        inst.order(t, dev, addr, order(rng, user, email, cur,
                                       face(rng, cur, rng.random() < 0.2)))
        out.append(inst)
    return out


def h17_corporate_bulk(rng, ctx):
    """Office managers buying employee-reward and client-thank-you cards in bulk from a
    managed laptop behind the company's secure web gateway. Trace: a corporate gateway
    network (many staff behind it), Edge / Chrome on Windows, company-domain e-mail,
    quantities of 5-40 per order and large totals, one to three batches."""
    out = []
    for _ in range(ctx.n(15)):
        cc = rng.choice(["US", "US", "GB", "DE"])
        inst = Instance("h17_corporate_bulk", "legit")
        dev = device(rng, cc, rng.choice(["h11_edge_win_143", "edge_win", "chrome_win",
                                          "h12_chrome_win_144"]),
                     age=rng.choice(AGES) if rng.random() < 0.5 else None)
        user, email = ident(rng, cc, rng.choice(COMPANIES))
        addr, cur = ip(rng, ctx, "h17_corp"), LOCALES[cc][1]
        t = browse(rng, inst, t0(rng, ctx, 900), dev, addr, rng.randint(2, 4))
        for _ in range(rng.choice([1, 2, 2, 3])):
            unit = rng.choice([25, 50, 50, 100])
            inst.order(t, dev, addr, order(rng, user, email, cur, unit,
                                           rng.choice([5, 10, 10, 20, 25, 40]),
                                           product=rng.choice(GIFTS + ["amazon-gift"]),
                                           method=rng.choice(["card", "card", "invoice"])))
            t += rng.uniform(60, 400)
        out.append(inst)
    return out


def h17_traveller(rng, ctx):
    """People abroad on holiday or business buying from their own phone or laptop:
    hotel Wi-Fi or a local network in Mexico, Spain, Singapore, Thailand, the Gulf or
    Greece. Trace: an aged device cookie with the home locale, home currency and often
    the home timezone, on an address in another country."""
    out = []
    for _ in range(ctx.n(25)):
        cc = rng.choice(["US", "US", "GB", "DE", "CA", "KR", "JP"])
        inst = Instance("h17_traveller", "legit")
        dev = device(rng, cc, any_browser(rng, 0.6), age=rng.choice(AGES[1:]))
        user, email = ident(rng, cc)
        addr, cur = ip(rng, ctx, "h17_travel"), LOCALES[cc][1]
        t = browse(rng, inst, t0(rng, ctx), dev, addr, rng.randint(1, 3))
        inst.order(t, dev, addr, order(rng, user, email, cur,
                                       face(rng, cur, rng.random() < 0.25),
                                       product=rng.choice(GIFTS + WALLETS + TOPUPS)))
        if rng.random() < 0.3:
            t += rng.uniform(200, 1500)
            inst.order(t, dev, addr, order(rng, user, email, cur, face(rng, cur)))
        out.append(inst)
    return out


def h17_japan_buyer(rng, ctx):
    """Japanese buyers paying in yen from home fibre or docomo / KDDI phones, iPhones
    mostly, a few LINE in-app browser sessions. Trace: ja locale, Asia/Tokyo, JPY
    amounts from 500 to 30000, Japanese ISPs and carriers."""
    out = []
    for _ in range(ctx.n(23)):
        inst = Instance("h17_japan_buyer", "legit")
        mob = rng.random() < 0.6
        prof = rng.choice(["safari_iphone", "h11_safari_iphone_262", "h9_line_iphone",
                           "chrome_android"]) if mob else rng.choice(DESKTOP)
        dev = device(rng, "JP", prof, age=rng.choice(AGES) if rng.random() < 0.55 else None)
        user, email = ident(rng, "JP")
        addr = ip(rng, ctx, "h17_mobile_JP" if mob else "h17_home_JP")
        t = browse(rng, inst, t0(rng, ctx), dev, addr, rng.randint(1, 3))
        inst.order(t, dev, addr, order(rng, user, email, "JPY",
                                       face(rng, "JPY", rng.random() < 0.2),
                                       method=rng.choice(["card", "card", "paypay",
                                                          "konbini"])))
        if rng.random() < 0.3:
            t += rng.uniform(90, 900)
            inst.order(t, dev, addr, order(rng, user, email, "JPY", face(rng, "JPY"),
                                           product=rng.choice(TOPUPS)))
        out.append(inst)
    return out


def h17_korea_buyer(rng, ctx):
    """Korean buyers paying in won: Samsung Internet and Chrome on Galaxy phones,
    KakaoTalk and NAVER in-app browsers, Whale on a desktop. Trace: ko-KR locale,
    Asia/Seoul, KRW amounts, Korean ISPs and carriers."""
    out = []
    for _ in range(ctx.n(23)):
        inst = Instance("h17_korea_buyer", "legit")
        mob = rng.random() < 0.7
        prof = rng.choice(["samsung_android", "h12_samsung_29", "h8_kakaotalk_android",
                           "h9_naver_android", "safari_iphone"]) if mob else \
            rng.choice(["h8_whale_win", "chrome_win", "edge_win"])
        dev = device(rng, "KR", prof, age=rng.choice(AGES) if rng.random() < 0.5 else None)
        user, email = ident(rng, "KR")
        addr = ip(rng, ctx, "h17_mobile_KR" if mob else "h17_home_KR")
        t = browse(rng, inst, t0(rng, ctx), dev, addr, rng.randint(1, 3))
        inst.order(t, dev, addr, order(rng, user, email, "KRW",
                                       face(rng, "KRW", rng.random() < 0.2),
                                       method=rng.choice(["card", "kakaopay", "naverpay"])))
        if rng.random() < 0.3:
            t += rng.uniform(60, 700)
            inst.order(t, dev, addr, order(rng, user, email, "KRW", face(rng, "KRW"),
                                           product=rng.choice(TOPUPS)))
        out.append(inst)
    return out


def h17_china_buyer(rng, ctx):
    """Mainland buyers paying in yuan from WeChat's in-app browser or a desktop browser,
    at home or through an overseas relay node they use to reach foreign shops. Trace:
    zh-CN, Asia/Shanghai, CNY; a Chinese ISP, or a cloud relay address in Singapore /
    Hong Kong / the US for about four in ten."""
    out = []
    for _ in range(ctx.n(24)):
        inst = Instance("h17_china_buyer", "legit")
        prof = rng.choice(["h7_wechat_android", "h8_wechat_ios", "chrome_win", "edge_win",
                           "safari_iphone"])
        dev = device(rng, "CN", prof, age=rng.choice(AGES) if rng.random() < 0.5 else None)
        user, email = ident(rng, "CN")
        addr = ip(rng, ctx, "h17_relay_CN" if rng.random() < 0.4 else "h17_home_CN")
        t = browse(rng, inst, t0(rng, ctx), dev, addr, rng.randint(1, 3))
        inst.order(t, dev, addr, order(rng, user, email, "CNY",
                                       face(rng, "CNY", rng.random() < 0.2),
                                       method=rng.choice(["alipay", "wechat_pay", "card"])))
        if rng.random() < 0.25:
            t += rng.uniform(60, 800)
            inst.order(t, dev, addr, order(rng, user, email, "CNY", face(rng, "CNY")))
        out.append(inst)
    return out


def h17_euro_buyer(rng, ctx):
    """Euro-area buyers from Spain, Italy, the Netherlands, Belgium, Austria, Ireland and
    France, home broadband, their own locale. Trace: EUR amounts from a home ISP in the
    locale's country; about half on a device seen before."""
    out = []
    for _ in range(ctx.n(29)):
        cc = rng.choice(["ES", "IT", "NL", "BE", "AT", "IE", "FR"])
        inst = Instance("h17_euro_buyer", "legit")
        dev = device(rng, cc, any_browser(rng, 0.55),
                     age=rng.choice(AGES) if rng.random() < 0.5 else None)
        user, email = ident(rng, cc)
        addr = ip(rng, ctx, home(cc))
        t = browse(rng, inst, t0(rng, ctx), dev, addr, rng.randint(1, 4))
        inst.order(t, dev, addr, order(rng, user, email, "EUR",
                                       face(rng, "EUR", rng.random() < 0.2),
                                       method=rng.choice(["card", "paypal", "ideal", "klarna"])))
        if rng.random() < 0.15:
            t += rng.uniform(100, 900)
            inst.order(t, dev, addr, order(rng, user, email, "EUR", face(rng, "EUR")))
        out.append(inst)
    return out


def h17_household(rng, ctx):
    """A family's shared tablet or PC: a parent and one or two children each signed in to
    their own account buy top-ups in one evening. Trace: one aged device cookie and one
    home address carrying two or three accounts, small amounts minutes apart."""
    out = []
    for _ in range(ctx.n(13)):
        cc = rng.choice(["US", "GB", "DE", "CA", "AU", "FR"])
        inst = Instance("h17_household", "legit")
        dev = device(rng, cc, rng.choice(["h6_family_tablet", "h5_ipad_safari", "chrome_win",
                                          "edge_win", "safari_mac"]),
                     age=rng.choice(AGES[1:]))
        addr, cur = ip(rng, ctx, home(cc)), LOCALES[cc][1]
        last = rng.choice(SURNAMES)
        t = t0(rng, ctx, 1200)
        for _ in range(rng.choice([2, 2, 3])):
            first = rng.choice(NAMES)
            user = "%s%s%d" % (first, last[:4], rng.randint(1, 99))
            email = "%s.%s@%s" % (first, last, rng.choice(LOCALES[cc][4]))
            t = browse(rng, inst, t, dev, addr, rng.randint(1, 2))
            inst.order(t, dev, addr, order(rng, user, email, cur, face(rng, cur),
                                           product=rng.choice(TOPUPS + ["nintendo-eshop"])))
            t += rng.uniform(60, 600)
        out.append(inst)
    return out


def h17_inapp_teen(rng, ctx):
    """Teenagers following a link from Discord, TikTok or Instagram into the shop's page
    inside the app's browser; a prepaid card is often declined first and the same order
    retried a minute later, sometimes with another method. Trace: in-app WebView / WKWebView
    user agents, mobile carriers or home Wi-Fi, small top-ups, a repeated identical order."""
    out = []
    profs = ["h7_discord_iphone", "h9_tiktok_android", "h9_instagram_iphone",
             "h9_tiktok_android", "chrome_android"]
    for _ in range(ctx.n(21)):
        cc = rng.choice(["US", "US", "GB", "CA", "AU", "BR"])
        inst = Instance("h17_inapp_teen", "legit")
        dev = device(rng, cc, rng.choice(profs),
                     age=rng.choice(AGES) if rng.random() < 0.3 else None)
        user, email = ident(rng, cc)
        net = "h17_mobile_%s" % cc if "h17_mobile_%s" % cc in EXTRA and rng.random() < 0.5 \
            else home(cc) if home(cc) in EXTRA else "h17_mobile_BR"
        addr, cur = ip(rng, ctx, net), LOCALES[cc][1]
        t = browse(rng, inst, t0(rng, ctx), dev, addr, rng.randint(1, 2))
        o = order(rng, user, email, cur, face(rng, cur), product=rng.choice(TOPUPS))
        inst.order(t, dev, addr, o)
        if rng.random() < 0.45:
            retry = dict(o)
            if rng.random() < 0.4:
                retry["payment_method"] = rng.choice(["paypal", "apple_pay", "google_pay"])
            inst.order(t + rng.uniform(40, 180), dev, addr, retry)
        out.append(inst)
    return out


def h17_shopping_agent(rng, ctx):
    """Buyers who let an AI agent do the shopping: most run it in their own AI browser at
    home (their session, their cookie), some hand the task to a hosted agent whose
    browser runs in a cloud. Trace: the local agent looks like its owner with fast,
    regular steps; the hosted one is a fresh Linux Chrome in Azure / AWS / Google Cloud,
    visit to order in seconds, the owner's own account and e-mail."""
    out = []
    for _ in range(ctx.n(30)):
        cc = rng.choice(["US", "US", "US", "GB", "CA", "DE"])
        inst = Instance("h17_shopping_agent", "legit")
        user, email = ident(rng, cc)
        cur = LOCALES[cc][1]
        t = t0(rng, ctx)
        if rng.random() < 0.6:
            dev = device(rng, cc, "h16_ai_browser_mac", age=rng.choice(AGES))
            addr = ip(rng, ctx, home(cc))
        else:
            dev = device(rng, cc, "h9_agent_cloud", tz=("UTC", 0) if rng.random() < 0.5
                         else None)
            addr = ip(rng, ctx, "h17_agent_cloud")
        for _ in range(rng.randint(1, 3)):
            inst.visit(t, dev, addr)
            t += rng.uniform(3, 9)
        inst.order(t, dev, addr, order(rng, user, email, cur,
                                       face(rng, cur, rng.random() < 0.3),
                                       product=rng.choice(GIFTS + KEYS)))
        out.append(inst)
    return out


def h17_campus_student(rng, ctx):
    """Students on a university network (many people behind a few addresses), buying
    game keys, student software keys and top-ups from laptops and phones. Trace: a
    research-and-education network, the locale of the campus country (or an
    international student's own), small to mid amounts."""
    out = []
    for _ in range(ctx.n(28)):
        addr, got_cc, _ = rng.choice(pool(ctx, "h17_campus"))
        local = got_cc if got_cc in LOCALES else "US"
        cc = local if rng.random() < 0.75 else rng.choice(["CN", "IN", "KR", "US"])
        inst = Instance("h17_campus_student", "legit")
        dev = device(rng, cc, any_browser(rng, 0.45),
                     age=rng.choice(AGES) if rng.random() < 0.5 else None)
        user, _ = ident(rng, cc)
        email = "%s@%s" % (user, rng.choice(["gmail.com", "outlook.com", "student.example.ac.uk",
                                             "uni-example.de"]))
        cur = LOCALES[local][1] if rng.random() < 0.8 else LOCALES[cc][1]
        t = browse(rng, inst, t0(rng, ctx), dev, addr, rng.randint(1, 3))
        inst.order(t, dev, addr, order(rng, user, email, cur, face(rng, cur),
                                       product=rng.choice(KEYS + WALLETS + TOPUPS)))
        if rng.random() < 0.15:
            t += rng.uniform(100, 1000)
            inst.order(t, dev, addr, order(rng, user, email, cur, face(rng, cur)))
        out.append(inst)
    return out


LEGIT = [h17_returning_gamer, h17_first_big_gift, h17_night_shift, h17_privacy_browser,
         h17_cgnat_crowd, h17_carrier_abroad, h17_corporate_bulk, h17_traveller,
         h17_japan_buyer, h17_korea_buyer, h17_china_buyer, h17_euro_buyer, h17_household,
         h17_inapp_teen, h17_shopping_agent, h17_campus_student]


# ---------------------------------------------------------------- fraud

RESI = {"US": "h17_resi_US", "GB": "h17_resi_GB", "DE": "h17_resi_DE", "JP": "h17_resi_JP",
        "CA": "h17_resi_CA", "KR": "h17_resi_KR"}
ANTIDETECT = ["h11_multilogin_win", "h12_orbita_win", "h6_antidetect_pro", "h7_antidetect_mac",
              "h8_antidetect_mac", "h5_antidetect_win"]


def f17_card_tester(rng, ctx):
    """A checker testing a batch of stolen card numbers with the cheapest top-up before
    selling them: an HTTP client impersonating Chrome (or a plain library), no cookies,
    a new residential-proxy exit for each attempt, a throwaway guest identity per card.
    Trace: no page script and no device cookie, low amounts (the smallest faces) every
    10-60 s from ever-changing consumer addresses."""
    out = []
    for _ in range(ctx.n(2)):
        inst = Instance("f17_card_tester", "fraud")
        prof = rng.choice(["h10_curl_cffi", "h9_impersonate_136", "h12_axios"])
        cc = rng.choice(["US", "US", "GB", "CA"])
        t = t0(rng, ctx, 1200)
        for _ in range(rng.randint(12, 16)):
            dev = device(rng, cc, prof, cookies="none", beacon=False)
            addr = ip(rng, ctx, RESI[cc])
            user = handle(rng, 10)
            email = "%s@%s" % (user, rng.choice(LOCALES[cc][4] + THROWAWAY))
            cur = LOCALES[cc][1]
            inst.order(t, dev, addr, order(rng, user, email, cur, FACES[cur][0][0],
                                           product=rng.choice(TOPUPS)))
            t += rng.uniform(10, 60)
        out.append(inst)
    return out


def f17_stolen_card_cashout(rng, ctx):
    """Cashing out stolen cards: a fresh anti-detect browser profile per card, a
    residential proxy in the cardholder's country, a new account in a plausible name,
    straight to the highest-value wallet or gift card. Trace: a new device, a consumer
    ISP matching the card's country, a consistent browser, one short page view, high
    amounts, sometimes a second card on the same profile."""
    out = []
    for _ in range(ctx.n(18)):
        cc = rng.choice(["US", "US", "GB", "DE", "CA"])
        inst = Instance("f17_stolen_card_cashout", "fraud")
        dev = device(rng, cc, rng.choice(ANTIDETECT))
        user, email = ident(rng, cc)
        addr, cur = ip(rng, ctx, RESI[cc]), LOCALES[cc][1]
        t = t0(rng, ctx)
        inst.visit(t, dev, addr)
        t += rng.uniform(20, 70)
        inst.order(t, dev, addr, order(rng, user, email, cur, face(rng, cur, True),
                                       product=rng.choice(["steam-wallet", "apple-gift",
                                                           "razer-gold", "visa-prepaid",
                                                           "amazon-gift"])))
        if rng.random() < 0.5:
            user2, email2 = ident(rng, cc)
            t += rng.uniform(60, 300)
            inst.order(t, dev, ip(rng, ctx, RESI[cc]),
                       order(rng, user2, email2, cur, face(rng, cur, True),
                             product=rng.choice(WALLETS)))
        out.append(inst)
    return out


def f17_account_takeover(rng, ctx):
    """Account takeover after credential stuffing: the attacker signs in to a real
    customer's account (its user name and e-mail) from a device the account never used,
    through a residential proxy in the customer's country or a VPN, and spends the stored
    card on high-value codes. Trace: a known account on a new device and a new network,
    two or three high amounts in a few minutes."""
    out = []
    for _ in range(ctx.n(10)):
        cc = rng.choice(["US", "US", "GB", "DE", "CA", "JP"])
        inst = Instance("f17_account_takeover", "fraud")
        dev = device(rng, cc, rng.choice(ANTIDETECT + ["chrome_win", "h12_chrome_win_144"]))
        user, email = ident(rng, cc)
        addr = ip(rng, ctx, RESI[cc] if rng.random() < 0.7 else "h17_vpn")
        cur = LOCALES[cc][1]
        t = browse(rng, inst, t0(rng, ctx, 700), dev, addr, 1)
        for _ in range(rng.choice([2, 3, 3])):
            inst.order(t, dev, addr, order(rng, user, email, cur, face(rng, cur, True),
                                           product=rng.choice(WALLETS + GIFTS)))
            t += rng.uniform(40, 200)
        out.append(inst)
    return out


def f17_stolen_session(rng, ctx):
    """Infostealer logs: the victim browses normally on an aged device, the attacker
    loads the stolen cookie jar (and usually the victim's user agent) into a browser on
    another network and buys with the saved card. Trace: an aged device cookie presented
    from a second address (a residential proxy or VPN) and often a different browser,
    minutes after the victim's own visit, high amounts on the victim's account."""
    out = []
    for _ in range(ctx.n(10)):
        cc = rng.choice(["US", "US", "GB", "DE", "CA"])
        inst = Instance("f17_stolen_session", "fraud")
        vprof = any_browser(rng, 0.4)
        victim = device(rng, cc, vprof, age=rng.choice(AGES[1:]))
        user, email = ident(rng, cc)
        t = t0(rng, ctx, 900)
        inst.visit(t, victim, ip(rng, ctx, home(cc)))
        lang, _, tzname, off, _ = LOCALES[cc]
        prof = vprof if rng.random() < 0.5 and vprof in DESKTOP else rng.choice(ANTIDETECT)
        clone = CookieClone(rng, victim, prof, lang, (tzname, off))
        addr, cur = ip(rng, ctx, RESI[cc] if rng.random() < 0.7 else "h17_vpn"), LOCALES[cc][1]
        t += rng.uniform(120, 600)
        for _ in range(rng.choice([2, 3, 3])):
            inst.order(t, clone, addr, order(rng, user, email, cur, face(rng, cur, True),
                                             product=rng.choice(WALLETS + GIFTS)))
            t += rng.uniform(30, 150)
        out.append(inst)
    return out


def f17_reseller_bot(rng, ctx):
    """A grey-market reseller's buying bot: Playwright-driven Chrome on a VPS cycling
    through a pool of accounts, buying popular codes at the per-order maximum to resell
    at a margin. Trace: a hosting network, automation-flavoured browsers, one device with
    many accounts, quantities of 3-10 every 1-3 minutes."""
    out = []
    for _ in range(ctx.n(2)):
        inst = Instance("f17_reseller_bot", "fraud")
        cc = rng.choice(["US", "GB"])
        dev = device(rng, cc, rng.choice(["h8_playwright_linux", "h5_bot_win",
                                          "headless_chrome", "stealth_puppeteer"]),
                     cookies=rng.choice(["keep", "session"]))
        addr = ip(rng, ctx, "h17_dc")
        accounts = [ident(rng, cc, rng.choice(["gmail.com", "outlook.com"]))
                    for _ in range(rng.randint(5, 8))]
        cur = LOCALES[cc][1]
        t = t0(rng, ctx, 1800)
        for _ in range(rng.randint(12, 15)):
            user, email = rng.choice(accounts)
            inst.visit(t, dev, addr)
            inst.order(t + rng.uniform(2, 6), dev, addr,
                       order(rng, user, email, cur, rng.choice([10, 20, 25, 50]),
                             rng.randint(3, 10),
                             product=rng.choice(["roblox-robux", "steam-wallet", "psn-wallet",
                                                 "fortnite-vbucks"])))
            t += rng.uniform(60, 180)
            if rng.random() < 0.2:
                addr = ip(rng, ctx, "h17_dc")
        out.append(inst)
    return out


def f17_promo_farm(rng, ctx):
    """A new-customer promotion farmed from emulators and farm phones on mobile proxies:
    each sign-up a new account with a throwaway or plus-aliased address, cookies wiped
    between accounts, the promo-sized first order. Trace: new devices, Android emulator
    or identical farm handsets, US carrier addresses (4G proxies), throwaway or aliased
    e-mail, one small order per account."""
    out = []
    for _ in range(ctx.n(3)):
        prof = rng.choice(["h5_android_emulator", "h6_emulator_x86", "h5_farm_phone",
                           "h6_farm_handset"])
        base = "%s%s" % (rng.choice(NAMES), rng.randint(10, 99))
        t = t0(rng, ctx, 1500)
        for k in range(rng.randint(8, 10)):
            inst = Instance("f17_promo_farm", "fraud")
            dev = device(rng, "US", prof, cookies="session")
            user = "%s%s" % (base, handle(rng, 4))
            email = ("%s+%d@gmail.com" % (base, k) if rng.random() < 0.5
                     else "%s@%s" % (handle(rng, 9), rng.choice(THROWAWAY)))
            addr = ip(rng, ctx, "h17_mproxy_US")
            inst.visit(t, dev, addr)
            inst.order(t + rng.uniform(15, 45), dev, addr,
                       order(rng, user, email, "USD", rng.choice([10, 15, 20]),
                             product=rng.choice(TOPUPS + ["google-play"]),
                             method=rng.choice(["card", "google_pay"])))
            t += rng.uniform(90, 240)
            out.append(inst)
    return out


def f17_low_and_slow(rng, ctx):
    """A patient crew: each member opens one clean browser profile per stolen identity,
    on a residential exit in the identity's country, browses like a shopper and buys one
    or two mid-priced cards, never faster than a person. Trace: new devices with
    mainstream browsers and matching locale, consumer ISPs, mid amounts, nothing fast."""
    out = []
    for _ in range(ctx.n(15)):
        cc = rng.choice(["US", "US", "GB", "DE", "CA", "JP"])
        inst = Instance("f17_low_and_slow", "fraud")
        dev = device(rng, cc, rng.choice(["chrome_win", "safari_iphone", "h12_chrome_win_144",
                                          "chrome_android", "safari_mac"]))
        user, email = ident(rng, cc)
        addr, cur = ip(rng, ctx, RESI[cc]), LOCALES[cc][1]
        t = browse(rng, inst, t0(rng, ctx, 1200), dev, addr, rng.randint(2, 4))
        inst.order(t, dev, addr, order(rng, user, email, cur, FACES[cur][0][-1]
                                       if rng.random() < 0.6 else face(rng, cur, True),
                                       product=rng.choice(GIFTS + WALLETS)))
        if rng.random() < 0.8:
            t += rng.uniform(600, 1100)
            inst.visit(t, dev, addr)
            inst.order(t + rng.uniform(30, 120), dev, addr,
                       order(rng, user, email, cur, FACES[cur][0][-1],
                             product=rng.choice(GIFTS)))
        out.append(inst)
    return out


def f17_shared_account_devices(rng, ctx):
    """A hijacked or rented account driven by several operators at once: one user name
    and e-mail ordering from five to eight different browsers on rotating residential
    exits within the hour. Trace: one account, many device cookies and addresses, mid
    to high amounts."""
    out = []
    for _ in range(ctx.n(4)):
        cc = rng.choice(["US", "GB", "DE", "US"])
        inst = Instance("f17_shared_account_devices", "fraud")
        user, email = ident(rng, cc)
        cur = LOCALES[cc][1]
        t = t0(rng, ctx, 2000)
        for _ in range(rng.randint(6, 8)):
            dev = device(rng, cc, rng.choice(ANTIDETECT + DESKTOP[:4]),
                         cookies=rng.choice(["keep", "session", "none"]))
            addr = ip(rng, ctx, RESI[cc])
            inst.visit(t, dev, addr)
            inst.order(t + rng.uniform(10, 60), dev, addr,
                       order(rng, user, email, cur, face(rng, cur, rng.random() < 0.5),
                             product=rng.choice(WALLETS + GIFTS)))
            t += rng.uniform(90, 300)
        out.append(inst)
    return out


def f17_friendly_fraud(rng, ctx):
    """Buyers who will dispute the charge ("I never got the code"): a customer of a few
    days or weeks, their own phone or laptop at home, a burst of high-value codes across
    platforms in one session. Trace: hardly any at the edge: a recently aged cookie, a
    home ISP, the buyer's own identity; only the burst of large amounts stands out."""
    out = []
    for _ in range(ctx.n(10)):
        cc = rng.choice(["US", "US", "GB", "FR", "DE", "BR"])
        inst = Instance("f17_friendly_fraud", "fraud")
        dev = device(rng, cc, any_browser(rng, 0.6), age=rng.choice(AGES[:2]))
        user, email = ident(rng, cc)
        net = home(cc) if home(cc) in EXTRA else "h17_mobile_BR"
        addr, cur = ip(rng, ctx, net), LOCALES[cc][1]
        t = browse(rng, inst, t0(rng, ctx, 1000), dev, addr, rng.randint(1, 3))
        for _ in range(rng.choice([2, 3, 3, 4])):
            inst.order(t, dev, addr, order(rng, user, email, cur, face(rng, cur, True),
                                           product=rng.choice(WALLETS + GIFTS),
                                           method=rng.choice(["card", "paypal"])))
            t += rng.uniform(60, 300)
        out.append(inst)
    return out


def f17_triangulation(rng, ctx):
    """A marketplace storefront selling "discount" codes: the operator fills each
    marketplace sale by buying here with a stolen card, under the end buyer's name and
    e-mail (so the code is delivered straight to them), in the end buyer's currency.
    Trace: one operator browser (an anti-detect profile with its cookie) whose orders
    carry a different account and e-mail each time, in several currencies, through VPN
    or residential exits that change every few orders."""
    out = []
    for _ in range(ctx.n(2)):
        inst = Instance("f17_triangulation", "fraud")
        dev = device(rng, "US", rng.choice(["h8_antidetect_mac", "h11_multilogin_win"]))
        t = t0(rng, ctx, 2000)
        addr = ip(rng, ctx, "h17_vpn")
        for k in range(rng.randint(12, 15)):
            cc = rng.choice(["US", "GB", "DE", "FR", "CA", "AU", "ES"])
            user, email = ident(rng, cc)
            cur = LOCALES[cc][1]
            if k % 3 == 0:
                addr = ip(rng, ctx, rng.choice(["h17_vpn", "h17_resi_US", "h17_resi_GB"]))
            inst.visit(t, dev, addr)
            inst.order(t + rng.uniform(20, 60), dev, addr,
                       order(rng, user, email, cur, rng.choice(FACES[cur][0][2:] +
                                                               FACES[cur][1][:2]),
                             product=rng.choice(WALLETS + ["netflix-gift", "spotify-gift"])))
            t += rng.uniform(80, 220)
        out.append(inst)
    return out


def f17_asia_cashout(rng, ctx):
    """Stolen Japanese and Korean cards cashed out for yen / won wallet codes by a crew
    working abroad: anti-detect profiles set to the card's locale (the timezone is not
    always set), Japanese / Korean residential exits, a VPS or the crew's own line when the proxy
    fails. Trace: ja / ko locale with high JPY / KRW amounts, new devices, residential JP
    / KR or foreign hosting addresses, sometimes a timezone that does not match."""
    out = []
    for _ in range(ctx.n(14)):
        cc = rng.choice(["JP", "JP", "KR"])
        inst = Instance("f17_asia_cashout", "fraud")
        tz = None if rng.random() < 0.5 else rng.choice([("Asia/Ho_Chi_Minh", 420),
                                                         ("Europe/Moscow", 180),
                                                         ("Africa/Lagos", 60)])
        dev = device(rng, cc, rng.choice(ANTIDETECT), tz=tz)
        user, email = ident(rng, cc)
        r = rng.random()
        net = RESI[cc] if r < 0.6 else "h17_dc" if r < 0.85 else "h17_origin"
        addr, cur = ip(rng, ctx, net), LOCALES[cc][1]
        t = browse(rng, inst, t0(rng, ctx, 800), dev, addr, 1)
        for _ in range(rng.choice([1, 2, 2, 3])):
            inst.order(t, dev, addr, order(rng, user, email, cur, face(rng, cur, True),
                                           product=rng.choice(["apple-gift", "google-play",
                                                               "nintendo-eshop", "psn-wallet",
                                                               "steam-wallet"])))
            t += rng.uniform(40, 240)
        out.append(inst)
    return out


FRAUD = [f17_card_tester, f17_stolen_card_cashout, f17_account_takeover, f17_stolen_session,
         f17_reseller_bot, f17_promo_farm, f17_low_and_slow, f17_shared_account_devices,
         f17_friendly_fraud, f17_triangulation, f17_asia_cashout]
