"""Holdout personas: a second, independent persona set for the end-to-end evaluation.

`python3 -m models.eval --personas holdout` drives the same real `riskgate demo` cells as
the default set, with these buyers and attackers instead. They were written BLIND, in one
pass, from how real gift-card buyers and fraudsters behave on the wire and from the text
of issue 13 only: their author did not read the default personas (personas.py, fraud.py),
the harness's results, models/MODEL.md, the training code, riskgate's risk code or the
demo config's [risk*] sections, and the parameters were not changed after seeing a result.
Only the plumbing is shared (cell.py sends the actions, clients.py has the header sets).

Every persona is a generator `f(rng, ctx)` returning instances (one buyer, family, ring
...) whose `actions` are page views and orders at simulated seconds from the window start;
traffic.generate clips them to the window. The same seed gives the same traffic.
Each docstring says what the persona models and which signals a real risk system could use.
"""

from . import clients

# Extra client: an in-app browser. WKWebView inside a shop's iOS app sends Safari's
# headers but a UA without "Version/... Safari/..." (apps do not add it), runs the page
# script, and keeps no cookies between app launches when the app uses a non-persistent
# data store. Registered here only (the default persona set never sees it).
clients.PROFILES.setdefault("ios_webview", dict(
    kind="safari",
    ua="Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Mobile/15E148",
    platform="iPhone", screen=(393, 852, 24), dpr=3, cores=6, touch=5, beacon=True))

# Device ages (days) the cell prepares cookies for. Few distinct values: the cell starts
# riskgate once per value to issue the cookies at that time.
AGES = (1, 7, 30, 180, 700)

# Country -> (Accept-Language, navigator.languages, IANA zone, minutes east of UTC on
# 2026-03-02, currency). March 2: no DST in the north; Sydney is on daylight time (+11).
LOCALES = {
    "US": ("en-US,en;q=0.9", ["en-US", "en"], "America/New_York", -300, "USD"),
    "US_W": ("en-US,en;q=0.9", ["en-US", "en"], "America/Los_Angeles", -480, "USD"),
    "US_C": ("en-US,en;q=0.9", ["en-US", "en"], "America/Chicago", -360, "USD"),
    "CA": ("en-CA,en;q=0.9,fr-CA;q=0.8", ["en-CA", "en", "fr-CA"], "America/Toronto", -300, "CAD"),
    "GB": ("en-GB,en;q=0.9", ["en-GB", "en"], "Europe/London", 0, "GBP"),
    "DE": ("de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7", ["de-DE", "de", "en-US", "en"], "Europe/Berlin", 60, "EUR"),
    "FR": ("fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7", ["fr-FR", "fr", "en-US", "en"], "Europe/Paris", 60, "EUR"),
    "ES": ("es-ES,es;q=0.9", ["es-ES", "es"], "Europe/Madrid", 60, "EUR"),
    "IT": ("it-IT,it;q=0.9,en-US;q=0.8,en;q=0.7", ["it-IT", "it", "en-US", "en"], "Europe/Rome", 60, "EUR"),
    "NL": ("nl-NL,nl;q=0.9,en-US;q=0.8,en;q=0.7", ["nl-NL", "nl", "en-US", "en"], "Europe/Amsterdam", 60, "EUR"),
    "JP": ("ja,en-US;q=0.9,en;q=0.8", ["ja", "en-US", "en"], "Asia/Tokyo", 540, "JPY"),
    "KR": ("ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7", ["ko-KR", "ko", "en-US", "en"], "Asia/Seoul", 540, "KRW"),
    "CN": ("zh-CN,zh;q=0.9", ["zh-CN", "zh"], "Asia/Shanghai", 480, "CNY"),
    "IN": ("en-IN,en-GB;q=0.9,en-US;q=0.8,hi;q=0.7", ["en-IN", "en-GB", "en-US", "hi"], "Asia/Kolkata", 330, "INR"),
    "BR": ("pt-BR,pt;q=0.9,en-US;q=0.8,en;q=0.7", ["pt-BR", "pt", "en-US", "en"], "America/Sao_Paulo", -180, "BRL"),
    "AU": ("en-AU,en-GB;q=0.9,en;q=0.8", ["en-AU", "en-GB", "en"], "Australia/Sydney", 660, "AUD"),
}

# Gift-card face values as shops sell them, per currency (major units).
FACES = {
    "USD": [5, 10, 15, 20, 25, 50, 100], "CAD": [10, 20, 25, 50, 100],
    "GBP": [5, 10, 15, 20, 25, 50, 100], "EUR": [5, 10, 15, 20, 25, 50, 100],
    "JPY": [1000, 1500, 3000, 5000, 10000], "KRW": [10000, 30000, 50000, 100000],
    "CNY": [50, 100, 200, 500], "INR": [100, 250, 500, 1000, 2000, 5000],
    "BRL": [20, 30, 50, 100, 200, 250], "AUD": [10, 20, 30, 50, 100],
}
# Rough US dollars per unit, only to size amounts in a buyer's own currency (the author's
# own approximations, not riskgate's table).
USD_PER = {"USD": 1.0, "CAD": 0.72, "GBP": 1.26, "EUR": 1.07, "JPY": 0.0066, "KRW": 0.00071,
           "CNY": 0.138, "INR": 0.0119, "BRL": 0.18, "AUD": 0.64}
ZERO_DECIMAL = {"JPY", "KRW"}

BRANDS = ["steam", "psn", "xbox", "nintendo-eshop", "apple", "google-play", "amazon",
          "roblox", "netflix", "spotify", "razer-gold"]
MAIL = {
    "US": ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "hotmail.com", "aol.com"],
    "CA": ["gmail.com", "outlook.com", "yahoo.ca", "icloud.com"],
    "GB": ["gmail.com", "hotmail.co.uk", "outlook.com", "btinternet.com", "icloud.com"],
    "DE": ["gmx.de", "web.de", "gmail.com", "t-online.de", "outlook.de"],
    "FR": ["gmail.com", "orange.fr", "free.fr", "hotmail.fr", "laposte.net"],
    "ES": ["gmail.com", "hotmail.es", "yahoo.es", "outlook.es"],
    "IT": ["gmail.com", "libero.it", "hotmail.it", "virgilio.it"],
    "NL": ["gmail.com", "ziggo.nl", "outlook.com", "kpnmail.nl"],
    "JP": ["gmail.com", "yahoo.co.jp", "docomo.ne.jp", "icloud.com"],
    "KR": ["naver.com", "gmail.com", "daum.net", "kakao.com"],
    "CN": ["qq.com", "163.com", "gmail.com", "126.com"],
    "IN": ["gmail.com", "yahoo.co.in", "rediffmail.com", "outlook.com"],
    "BR": ["gmail.com", "hotmail.com", "uol.com.br", "bol.com.br", "outlook.com"],
    "AU": ["gmail.com", "bigpond.com", "outlook.com", "icloud.com", "optusnet.com.au"],
}
FIRST = ["alex", "maria", "sam", "li", "yuki", "min", "priya", "lucas", "emma", "noah",
         "sofia", "kenji", "ana", "david", "chloe", "raj", "jonas", "lea", "mateo", "olivia",
         "arjun", "hana", "tom", "ines", "felix", "zoe", "diego", "mia", "omar", "nina"]
LAST = ["smith", "muller", "rossi", "tanaka", "kim", "garcia", "martin", "silva", "patel",
        "nguyen", "brown", "dubois", "jansen", "wang", "sato", "lopez", "weber", "costa"]
DESKTOP = ["chrome_win", "chrome_win", "chrome_win", "edge_win", "chrome_mac", "safari_mac",
           "firefox_win"]
PHONE = ["chrome_android", "chrome_android", "samsung_android", "safari_iphone",
         "safari_iphone", "safari_iphone"]


class Device:
    """One browser (or script) as cell.py drives it: its profile and locale, how it keeps
    the device cookie ("keep", "session": lost at every page view, "none": never stored),
    whether the page script posts the beacon, and how old its cookie is (days; 0 = it
    gets one in the window). The canvas seed fixes its beacon's canvas hash: two devices
    with the same seed and profile look identical to the beacon."""

    _next = 0

    def __init__(self, rng, profile, country, age_days=0, cookies="keep", beacon=True,
                 canvas_seed=None, tz=None):
        Device._next += 1
        self.key = "hd%d" % Device._next
        self.profile = profile
        lang, languages, tz_name, tz_offset, _ = LOCALES[country]
        if tz is not None:
            tz_name, tz_offset = LOCALES[tz][2], LOCALES[tz][3]
        self.lang, self.languages = lang, list(languages)
        self.tz_name, self.tz_offset = tz_name, tz_offset
        self.canvas_seed = rng.getrandbits(48) if canvas_seed is None else canvas_seed
        self.beacon = beacon and clients.PROFILES[profile].get("beacon", False)
        self.age_days = age_days
        self.cookies = cookies
        self.cookie = None


class Instance:
    """One actor's actions; persona and label name it in the report."""

    def __init__(self, persona, label):
        self.persona, self.label, self.actions = persona, label, []

    def visit(self, t, dev, ip):
        self.actions.append({"t": t, "kind": "visit", "device": dev, "ip": ip})

    def order(self, t, dev, ip, order):
        self.actions.append({"t": t, "kind": "order", "device": dev, "ip": ip, "order": order})


# ---------------------------------------------------------------- helpers

def cc(country):
    """The ip_table country code of a locale key (US_W -> US)."""
    return country.split("_")[0]


def ip_of(rng, ctx, pool):
    return rng.choice(ctx.pools[pool])[0]


def home_ip(rng, ctx, country):
    return ip_of(rng, ctx, "home_" + cc(country))


def mobile_ip(rng, ctx, country):
    pool = "mobile_" + cc(country)
    return ip_of(rng, ctx, pool if pool in ctx.pools else "home_" + cc(country))


def money(currency, value):
    if currency in ZERO_DECIMAL:
        return "%d" % round(value)
    return "%.2f" % value


def gift(rng, currency, lo_usd=0, hi_usd=1e9, quantity=1, brand=None, weights=None):
    """One gift-card order line: a face value in the buyer's currency within a USD band."""
    faces = [f for f in FACES[currency] if lo_usd <= f * USD_PER[currency] <= hi_usd]
    if not faces:
        faces = [min(FACES[currency], key=lambda f: abs(f * USD_PER[currency] - lo_usd))]
    face = rng.choices(faces, weights=weights[:len(faces)] if weights else None)[0]
    brand = brand or rng.choice(BRANDS)
    return {"product": "%s-%s-%s" % (brand, money(currency, face), currency.lower()),
            "quantity": quantity, "amount": money(currency, face * quantity),
            "currency": currency}


def user_id(rng):
    return "u%07d" % rng.randrange(10**7)


def email(rng, country, first=None, last=None):
    first, last = first or rng.choice(FIRST), last or rng.choice(LAST)
    style = rng.random()
    local = ("%s.%s" % (first, last) if style < 0.4 else
             "%s%s%d" % (first, last[:1], rng.randrange(1, 99)) if style < 0.8 else
             "%s_%s%d" % (first[:1], last, rng.randrange(1960, 2008)))
    return "%s@%s" % (local, rng.choice(MAIL[cc(country)]))


def order(rng, user, mail, line, method="card"):
    return dict(line, user=user, email=mail, payment_method=method)


def age(rng, weights=(1, 2, 3, 3, 3)):
    """A returning device's cookie age (days), from AGES."""
    return rng.choices(AGES, weights=weights)[0]


def country_mix(rng):
    return rng.choices(
        ["US", "US_W", "US_C", "GB", "DE", "FR", "ES", "IT", "NL", "CA", "JP", "KR", "BR",
         "IN", "AU", "CN"],
        weights=[12, 6, 4, 8, 7, 5, 3, 3, 2, 3, 4, 3, 4, 4, 3, 1])[0]


def pay_method(rng, country):
    if cc(country) == "BR" and rng.random() < 0.3:
        return "pix"
    if cc(country) == "IN" and rng.random() < 0.3:
        return "upi"
    return rng.choices(["card", "paypal", "apple_pay", "google_pay"], weights=[6, 2, 1, 1])[0]


def browse_then_order(inst, rng, dev, ip, t, line_order, think=(20, 240)):
    """A page view, a pause to pick the product, then the order (same device and IP)."""
    inst.visit(t, dev, ip)
    inst.order(t + rng.uniform(*think), dev, ip, line_order)


# ---------------------------------------------------------------- legitimate

def everyday_returning(rng, ctx):
    """Ordinary returning buyers: own phone or laptop with a cookie weeks to years old,
    home broadband or their mobile carrier in their own country, one or two cards of
    5-50 USD-equivalent in their own currency. Signals: old device, locale, time zone and
    IP country agree, normal amounts, no velocity."""
    out = []
    for _ in range(ctx.n(110)):
        inst = Instance("h_everyday_returning", "legit")
        c = country_mix(rng)
        phone = rng.random() < 0.55
        dev = Device(rng, rng.choice(PHONE if phone else DESKTOP), c, age_days=age(rng, (0, 1, 2, 3, 3)))
        ip = mobile_ip(rng, ctx, c) if phone and rng.random() < 0.6 else home_ip(rng, ctx, c)
        u, m = user_id(rng), email(rng, c)
        t = rng.uniform(0, ctx.window - 200)
        for _ in range(rng.choices([1, 2], weights=[4, 1])[0]):
            cur = LOCALES[c][4]
            browse_then_order(inst, rng, dev, ip, t,
                              order(rng, u, m, gift(rng, cur, 4, 60), pay_method(rng, c)))
            t += rng.uniform(300, 1500)
        out.append(inst)
    return out


def everyday_new(rng, ctx):
    """First-time buyers on the device they always use but never used here (new cookie),
    a typical amount (10-100 USD-equivalent), from home or mobile in their own country,
    browsing one or two pages first. Signals: everything agrees except device age; the
    page view and beacon precede the order by a human pause."""
    out = []
    for _ in range(ctx.n(70)):
        inst = Instance("h_everyday_new", "legit")
        c = country_mix(rng)
        phone = rng.random() < 0.6
        dev = Device(rng, rng.choice(PHONE if phone else DESKTOP), c)
        ip = mobile_ip(rng, ctx, c) if phone and rng.random() < 0.5 else home_ip(rng, ctx, c)
        t = rng.uniform(0, ctx.window - 300)
        inst.visit(t, dev, ip)
        if rng.random() < 0.5:
            t += rng.uniform(30, 200)
            inst.visit(t, dev, ip)
        inst.order(t + rng.uniform(30, 300), dev, ip,
                   order(rng, user_id(rng), email(rng, c), gift(rng, LOCALES[c][4], 9, 110),
                         pay_method(rng, c)))
        out.append(inst)
    return out


def family_shared_account(rng, ctx):
    """A family sharing one laptop and one shop account across three devices: the parent's
    old Windows laptop, a teenager's phone (home Wi-Fi or mobile data) and a tablet/Mac.
    Same home IP for most orders, 2-4 small game-card orders in the hour, some in a row
    (kids buying for each other). Signals: several devices per account, but all old, on
    one home IP and ASN, small amounts; a risk system that counts distinct devices per
    user must weigh device age and shared network."""
    out = []
    for _ in range(ctx.n(9)):
        inst = Instance("h_family_shared_account", "legit")
        c = rng.choice(["US", "US_C", "GB", "DE", "FR", "CA", "AU", "BR", "IN"])
        home = home_ip(rng, ctx, c)
        devs = [Device(rng, "chrome_win", c, age_days=700),
                Device(rng, rng.choice(PHONE), c, age_days=rng.choice([30, 180])),
                Device(rng, rng.choice(["safari_mac", "chrome_android", "safari_iphone"]), c,
                       age_days=rng.choice([180, 700]))]
        u, m = user_id(rng), email(rng, c)
        cur = LOCALES[c][4]
        t = rng.uniform(0, ctx.window * 0.5)
        for _ in range(rng.randint(2, 4)):
            d = rng.choice(devs)
            ip = mobile_ip(rng, ctx, c) if d is devs[1] and rng.random() < 0.3 else home
            browse_then_order(inst, rng, d, ip, t, order(rng, u, m, gift(rng, cur, 4, 30)), (15, 120))
            t += rng.uniform(60, 900)
        out.append(inst)
    return out


def dorm_nat_students(rng, ctx):
    """Students in a dorm behind one NAT address (the university's), buying small
    top-ups (Steam, Roblox, Spotify; 5-20 USD-equivalent) late in the evening: 10-16
    students, each on their own phone or laptop (a third of them new to the shop), one or
    two orders each, all from the same IP within the hour. Signals: many users and
    devices per IP looks like card testing, but each account has one device, amounts
    are small and spread over an hour, beacons show ordinary distinct phones/laptops."""
    out = []
    for _ in range(ctx.n(3)):
        c = rng.choice(["US", "GB", "DE", "IN", "NL", "KR"])
        nat = home_ip(rng, ctx, c)
        cur = LOCALES[c][4]
        for _ in range(rng.randint(10, 16)):
            inst = Instance("h_dorm_nat_students", "legit")
            phone = rng.random() < 0.6
            dev = Device(rng, rng.choice(PHONE if phone else DESKTOP), c,
                         age_days=0 if rng.random() < 0.35 else rng.choice([7, 30, 180]))
            u, m = user_id(rng), email(rng, c)
            t = rng.uniform(0, ctx.window - 200)
            for _ in range(rng.choices([1, 2], weights=[3, 1])[0]):
                browse_then_order(inst, rng, dev, nat, t, order(
                    rng, u, m, gift(rng, cur, 4, 22, brand=rng.choice(["steam", "roblox", "spotify", "psn"]))),
                    (10, 90))
                t += rng.uniform(200, 1200)
            out.append(inst)
    return out


def vpn_country_hop(rng, ctx):
    """Privacy-minded buyers on a commercial VPN (datacenter exits) whose exit country
    changes between the page view and the order (the app reconnected, or auto-picks the
    fastest server). Their browser's language and time zone are their home country's,
    not the exit's. Most have an old device cookie. Signals: hosting ASN and an IP
    country that changes within minutes are risk signals, but the device is old and the
    fingerprint (beacon, headers) is the same across both requests; amounts normal."""
    out = []
    hosting = ctx.pools["hosting"]
    for _ in range(ctx.n(18)):
        inst = Instance("h_vpn_country_hop", "legit")
        c = rng.choice(["US", "GB", "DE", "NL", "FR", "CA", "AU", "IT"])
        dev = Device(rng, rng.choice(DESKTOP + ["chrome_android", "safari_iphone"]), c,
                     age_days=rng.choice([0, 30, 180, 180, 700]))
        first = rng.choice(hosting)
        second = rng.choice([h for h in hosting if h[1] != first[1]] or hosting)
        u, m = user_id(rng), email(rng, c)
        t = rng.uniform(0, ctx.window - 400)
        inst.visit(t, dev, first[0])
        inst.order(t + rng.uniform(60, 300), dev, second[0],
                   order(rng, u, m, gift(rng, LOCALES[c][4], 9, 110), pay_method(rng, c)))
        if rng.random() < 0.3:
            inst.order(t + rng.uniform(600, 1500), dev, rng.choice(hosting)[0],
                       order(rng, u, m, gift(rng, LOCALES[c][4], 4, 50), pay_method(rng, c)))
        out.append(inst)
    return out


def ios_app_webview(rng, ctx):
    """Buyers in the shop's iOS app, whose WKWebView keeps no cookies between launches:
    every order arrives without a device cookie (a new device id each time), the UA has no
    Safari version, the page script runs (beacon posted, same canvas each time for one
    phone). Home Wi-Fi or mobile carrier, 1-3 orders of 5-50. Signals: no cookie ever, so
    device age is always zero and per-cookie velocity is useless; the beacon fingerprint
    is stable per phone; IP and locale agree."""
    out = []
    for _ in range(ctx.n(38)):
        inst = Instance("h_ios_app_webview", "legit")
        c = rng.choice(["US", "US", "US_W", "GB", "JP", "JP", "KR", "AU", "DE", "FR", "CA"])
        dev = Device(rng, "ios_webview", c, cookies="none")
        u, m = user_id(rng), email(rng, c)
        if rng.random() < 0.25:
            m = "%s@icloud.com" % m.split("@")[0]
        t = rng.uniform(0, ctx.window - 300)
        for _ in range(rng.choices([1, 2, 3], weights=[5, 3, 1])[0]):
            ip = mobile_ip(rng, ctx, c) if rng.random() < 0.6 else home_ip(rng, ctx, c)
            browse_then_order(inst, rng, dev, ip, t,
                              order(rng, u, m, gift(rng, LOCALES[c][4], 4, 55), "apple_pay"), (10, 90))
            t += rng.uniform(120, 1200)
        out.append(inst)
    return out


def declined_retry(rng, ctx):
    """A buyer whose payment is declined (wrong CVV, 3-D Secure timeout, bank's fraud
    hold) and who submits the same order again twice within a minute, then gives up or
    succeeds. Same device, IP, account and amount each time. Signals: a 3-order burst
    from one account looks like velocity, but it is one card's worth of retries of the
    identical order (same amount and product), from an established or browsing device."""
    out = []
    for _ in range(ctx.n(20)):
        inst = Instance("h_declined_retry", "legit")
        c = country_mix(rng)
        phone = rng.random() < 0.5
        dev = Device(rng, rng.choice(PHONE if phone else DESKTOP), c,
                     age_days=rng.choice([0, 0, 7, 30, 180, 700]))
        ip = mobile_ip(rng, ctx, c) if phone and rng.random() < 0.5 else home_ip(rng, ctx, c)
        o = order(rng, user_id(rng), email(rng, c), gift(rng, LOCALES[c][4], 15, 110), "card")
        t = rng.uniform(0, ctx.window - 300)
        inst.visit(t, dev, ip)
        t += rng.uniform(30, 180)
        for _ in range(3):
            inst.order(t, dev, ip, dict(o))
            t += rng.uniform(12, 30)
        out.append(inst)
    return out


def crypto_topup_foreign(rng, ctx):
    """Buyers of crypto top-up vouchers paying in their own currency (BRL, INR, GBP, AUD):
    larger amounts than game cards (30-600 USD-equivalent), home broadband or mobile in
    the currency's country, mostly established devices, some new. Signals: the currency,
    IP country, language and time zone agree; amount in major units is large in BRL/INR
    but ordinary in USD; crypto vouchers are a higher-risk product class."""
    out = []
    for _ in range(ctx.n(30)):
        inst = Instance("h_crypto_topup_foreign", "legit")
        c = rng.choice(["BR", "IN", "GB", "AU"])
        cur = LOCALES[c][4]
        phone = rng.random() < 0.5
        dev = Device(rng, rng.choice(PHONE if phone else DESKTOP), c,
                     age_days=rng.choice([0, 7, 30, 180, 180, 700]))
        ip = mobile_ip(rng, ctx, c) if phone and rng.random() < 0.5 else home_ip(rng, ctx, c)
        u, m = user_id(rng), email(rng, c)
        usd = rng.choice([30, 50, 100, 150, 250, 400, 600])
        amount = usd / USD_PER[cur]
        amount = round(amount, -2) if amount > 1000 else round(amount, -1)
        o = order(rng, u, m, {"product": "crypto-topup-%s" % cur.lower(), "quantity": 1,
                              "amount": money(cur, amount), "currency": cur},
                  pay_method(rng, c))
        t = rng.uniform(0, ctx.window - 300)
        browse_then_order(inst, rng, dev, ip, t, o, (60, 400))
        out.append(inst)
    return out


def smb_bulk_monthly(rng, ctx):
    """Small businesses (a café rewarding staff, an agency buying client thank-you cards)
    buying 5-15 cards in one order once a month, from the office PC (old cookie) on the
    office line, 125-1500 USD-equivalent, card or PayPal business. Signals: quantity and
    amount are high, but the device and account are old, the office IP is stable and in
    the account's country, and it is one order, not many."""
    out = []
    for _ in range(ctx.n(12)):
        inst = Instance("h_smb_bulk_monthly", "legit")
        c = rng.choice(["US", "US_C", "GB", "DE", "NL", "FR", "CA", "AU"])
        cur = LOCALES[c][4]
        dev = Device(rng, rng.choice(["chrome_win", "edge_win", "edge_win", "chrome_mac"]), c,
                     age_days=rng.choice([180, 700]))
        ip = home_ip(rng, ctx, c)
        qty = rng.randint(5, 15)
        line = gift(rng, cur, 20, 110, quantity=qty, brand=rng.choice(["amazon", "apple", "google-play"]))
        t = rng.uniform(0, ctx.window - 400)
        browse_then_order(inst, rng, dev, ip, t,
                          order(rng, user_id(rng), "accounts@%s-%s.%s" % (
                              rng.choice(LAST), rng.choice(["studio", "cafe", "consulting", "gmbh"]),
                              {"DE": "de", "GB": "co.uk", "NL": "nl", "FR": "fr", "AU": "com.au"}.get(cc(c), "com")),
                                line, rng.choice(["card", "paypal"])), (120, 600))
        out.append(inst)
    return out


def first_order_800(rng, ctx):
    """A new customer whose first order is large (about 800 USD: a family's Christmas
    cards bought late, a console-bundle top-up), on a brand-new device cookie, after
    several page views over 5-15 minutes. Residential IP in their own country. Signals:
    new device and high amount together, but the session history (several page views and
    a beacon), locale/IP/time-zone agreement and no velocity point to a real buyer."""
    out = []
    for _ in range(ctx.n(14)):
        inst = Instance("h_first_order_800", "legit")
        c = rng.choice(["US", "US_W", "GB", "DE", "FR", "CA", "JP", "AU"])
        cur = LOCALES[c][4]
        dev = Device(rng, rng.choice(DESKTOP + ["safari_iphone"]), c)
        ip = home_ip(rng, ctx, c)
        t = rng.uniform(0, ctx.window - 1200)
        for _ in range(rng.randint(2, 5)):
            inst.visit(t, dev, ip)
            t += rng.uniform(60, 240)
        usd = rng.uniform(650, 950)
        face = max(FACES[cur])
        qty = max(1, round(usd / (face * USD_PER[cur])))
        line = {"product": "%s-%s-%s" % (rng.choice(["apple", "amazon", "steam"]), money(cur, face),
                                         cur.lower()),
                "quantity": qty, "amount": money(cur, face * qty), "currency": cur}
        inst.order(t, dev, ip, order(rng, user_id(rng), email(rng, c), line, pay_method(rng, c)))
        out.append(inst)
    return out


def night_shift(rng, ctx):
    """Night-shift workers (nurses, warehouse staff, call centres) buying on their break,
    in Sydney, Tokyo, São Paulo, US Pacific and Bangalore, so whichever hour the cell
    runs, some of them are buying between midnight and 5 am local time. Their own old
    phone, on mobile data or the workplace Wi-Fi (another residential/business IP), 1-2
    orders of 5-60. Signals: the hour is unusual for the buyer, nothing else is."""
    out = []
    for _ in range(ctx.n(26)):
        inst = Instance("h_night_shift", "legit")
        c = rng.choice(["AU", "JP", "BR", "US_W", "IN", "US"])
        dev = Device(rng, rng.choice(PHONE), c, age_days=rng.choice([30, 180, 700]))
        u, m = user_id(rng), email(rng, c)
        t = rng.uniform(0, ctx.window - 300)
        for _ in range(rng.choices([1, 2], weights=[2, 1])[0]):
            ip = mobile_ip(rng, ctx, c) if rng.random() < 0.6 else home_ip(rng, ctx, c)
            browse_then_order(inst, rng, dev, ip, t,
                              order(rng, u, m, gift(rng, LOCALES[c][4], 4, 65), pay_method(rng, c)), (10, 120))
            t += rng.uniform(600, 1800)
        out.append(inst)
    return out


def private_relay(rng, ctx):
    """iPhone and Mac Safari users with iCloud Private Relay and Hide My Email: their
    address is a Cloudflare/Akamai egress in their region that changes between requests,
    and the email is a relay address (privaterelay.appleid.com) or a DuckDuckGo alias.
    Old devices mostly. Signals: CDN/relay ASN, an IP that changes per request, an email
    that looks throwaway; but the device cookie, locale and Safari beacon are consistent."""
    out = []
    for _ in range(ctx.n(22)):
        inst = Instance("h_private_relay", "legit")
        c = rng.choice(["US", "US", "US_W", "DE", "JP"])
        pool = "relay_" + cc(c)
        dev = Device(rng, rng.choice(["safari_iphone", "safari_iphone", "safari_mac"]), c,
                     age_days=rng.choice([0, 30, 180, 700]))
        u = user_id(rng)
        m = ("%s@privaterelay.appleid.com" % "".join(rng.choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(10))
             if rng.random() < 0.75 else "%s.%s@duck.com" % (rng.choice(FIRST), rng.choice(LAST)))
        t = rng.uniform(0, ctx.window - 300)
        for _ in range(rng.choices([1, 2], weights=[3, 1])[0]):
            inst.visit(t, dev, ip_of(rng, ctx, pool))
            inst.order(t + rng.uniform(20, 200), dev, ip_of(rng, ctx, pool),
                       order(rng, u, m, gift(rng, LOCALES[c][4], 4, 110), "apple_pay"))
            t += rng.uniform(400, 1500)
        out.append(inst)
    return out


def traveller_hotel_wifi(rng, ctx):
    """Travellers buying from abroad on hotel or café Wi-Fi: their own old laptop or
    phone (home language and, for laptops, often still the home time zone), an IP in the
    country they are visiting, paying in their home currency. Signals: IP country differs
    from language/currency, but the device is old and the amount ordinary."""
    out = []
    for _ in range(ctx.n(16)):
        inst = Instance("h_traveller_hotel_wifi", "legit")
        home = rng.choice(["US", "GB", "DE", "JP", "KR", "CN", "AU", "FR"])
        there = rng.choice([c for c in ["US", "GB", "FR", "ES", "IT", "JP", "NL"] if c != cc(home)])
        laptop = rng.random() < 0.5
        dev = Device(rng, rng.choice(DESKTOP if laptop else PHONE), home,
                     age_days=rng.choice([30, 180, 700]),
                     tz=home if laptop and rng.random() < 0.6 else there)
        ip = home_ip(rng, ctx, there)
        t = rng.uniform(0, ctx.window - 300)
        browse_then_order(inst, rng, dev, ip, t,
                          order(rng, user_id(rng), email(rng, home), gift(rng, LOCALES[home][4], 9, 110),
                                pay_method(rng, home)))
        out.append(inst)
    return out


# ---------------------------------------------------------------- fraud

def burner_email(rng):
    """How fraudsters' throwaway addresses look: random-looking locals at free mailers,
    some at disposable-mail services."""
    local = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(5, 9)))
    local += str(rng.randrange(10, 9999))
    dom = rng.choices(["gmail.com", "outlook.com", "hotmail.com", "yahoo.com", "proton.me",
                       "mailinator.com", "guerrillamail.com", "10minutemail.com", "yopmail.com"],
                      weights=[5, 3, 2, 1, 1, 1, 1, 1, 1])[0]
    return "%s@%s" % (local, dom)


def browser_card_tester(rng, ctx):
    """Card testing through a real browser (a person or a simple macro clicking through
    checkout): the browser keeps its cookie, so one device id throughout, but the tester
    rotates freshly registered accounts (a new one every 1-3 orders) and burner emails,
    buys the smallest denominations (5-10 USD-equivalent), one order every 15-60 s for
    20-35 minutes, from one or two residential addresses. Signals: one device and IP
    with many accounts and emails, many orders in minutes, smallest amounts."""
    out = []
    for _ in range(ctx.n(2)):
        inst = Instance("f_browser_card_tester", "fraud")
        c = rng.choice(["US", "GB", "DE"])
        dev = Device(rng, rng.choice(["chrome_win", "firefox_win", "edge_win"]), c)
        ips = [home_ip(rng, ctx, c) for _ in range(2)]
        cur = LOCALES[c][4]
        t = rng.uniform(0, ctx.window * 0.3)
        end = t + rng.uniform(1200, 2100)
        inst.visit(t, dev, ips[0])
        t += rng.uniform(20, 60)
        u, m, left = None, None, 0
        while t < end:
            if left == 0:
                u, m, left = user_id(rng), burner_email(rng), rng.randint(1, 3)
            inst.order(t, dev, rng.choice(ips), order(rng, u, m, gift(rng, cur, 4, 12), "card"))
            left -= 1
            t += rng.uniform(15, 60)
        out.append(inst)
    return out


def slow_ato(rng, ctx):
    """Slow account takeover: attackers with lists of stolen shop logins, each victim used
    for one order (a second an hour later, usually beyond the window), victims worked
    through one every 3-6 minutes. Each order comes from a residential proxy in the
    victim's country, on a new device (the attacker's browser with cookies cleared, or an
    anti-detect profile per victim: then a new canvas each time), with the victim's
    language, and for about a third a time zone that is the attacker's, not the victim's.
    The codes go to the victim's email (they are redeemed from the order page) or to a
    changed email. 60-300 USD-equivalent, the account's stored card. Signals: an
    established account on a brand-new device, no page-view history to speak of (login,
    then straight to checkout), time zone mismatch for some, one attacker's fingerprint
    reused across accounts (when not anti-detect)."""
    out = []
    for _ in range(ctx.n(3)):
        inst = Instance("f_slow_ato", "fraud")
        anti_detect = rng.random() < 0.5
        attacker_tz = rng.choice(["DE", "BR", "IN", "CN"])
        fixed_seed = rng.getrandbits(48)
        profile = rng.choice(["chrome_win", "chrome_mac"])
        t = rng.uniform(0, 300)
        while t < ctx.window:
            c = rng.choice(["US", "US", "US_C", "GB", "DE", "FR", "CA", "AU", "JP"])
            dev = Device(rng, rng.choice(DESKTOP) if anti_detect else profile, c,
                         canvas_seed=None if anti_detect else fixed_seed,
                         tz=attacker_tz if rng.random() < 0.35 else None)
            ip = home_ip(rng, ctx, c)
            u = user_id(rng)
            m = email(rng, c) if rng.random() < 0.6 else burner_email(rng)
            inst.visit(t, dev, ip)
            line = gift(rng, LOCALES[c][4], 60, 300, brand=rng.choice(["amazon", "apple", "steam", "razer-gold"]))
            inst.order(t + rng.uniform(15, 60), dev, ip, order(rng, u, m, line, "card"))
            inst.order(t + rng.uniform(3300, 3900), dev, home_ip(rng, ctx, c),
                       order(rng, u, m, line, "card"))
            t += rng.uniform(180, 360)
        out.append(inst)
    return out


def resi_proxy_bot(rng, ctx):
    """A checkout bot on rotating residential proxies with one consistent, realistic
    fingerprint: a real Chrome on Windows build (correct client hints, header order,
    webdriver false, ordinary screen), the same canvas hash every session, en-US and the
    US Eastern time zone; it drops cookies between orders and gets a new US home IP for
    every order. New accounts each order, mid amounts (25-150) of resellable brands, one
    order every 30-70 s. Signals: the same beacon fingerprint across dozens of accounts and
    IPs in an hour; accounts with no history; page view and order seconds apart."""
    out = []
    for _ in range(ctx.n(1)):
        inst = Instance("f_resi_proxy_bot", "fraud")
        seed = rng.getrandbits(48)
        t = rng.uniform(0, 200)
        while t < ctx.window:
            dev = Device(rng, "chrome_win", "US", cookies="none", canvas_seed=seed)
            ip = home_ip(rng, ctx, rng.choice(["US", "US", "US"]))
            inst.visit(t, dev, ip)
            line = gift(rng, "USD", 25, 150, brand=rng.choice(["amazon", "apple", "steam", "xbox", "psn"]))
            inst.order(t + rng.uniform(3, 12), dev, ip, order(rng, user_id(rng), email(rng, "US"), line, "card"))
            t += rng.uniform(30, 70)
        out.append(inst)
    return out


def triangulation(rng, ctx):
    """Triangulation fraud: a ring sells discounted gift cards on a marketplace; real
    customers pay the ring, and the ring buys the cards here with stolen cards, entering
    the real customer's name and email so the code goes straight to them. On the wire
    each order is a legit-looking buyer: a different account and a real-looking email,
    a normal amount (20-100), a new device (cookies cleared per order), a residential
    proxy in the customer's country. One operator places one every 1.5-4 minutes from
    one machine: same browser build and canvas, and the machine's own time zone (their
    proxy tool does not fix it) half the time. Signals: one fingerprint across many new
    accounts; time zone vs IP country; steady cadence."""
    out = []
    for _ in range(ctx.n(2)):
        inst = Instance("f_triangulation", "fraud")
        seed = rng.getrandbits(48)
        profile = rng.choice(["chrome_win", "edge_win"])
        own_tz = rng.choice(["DE", "IN", "BR"])
        leaks = rng.random() < 0.5
        t = rng.uniform(0, 300)
        while t < ctx.window:
            c = rng.choice(["US", "US", "US_W", "US_C", "GB", "CA"])
            dev = Device(rng, profile, c, canvas_seed=seed, tz=own_tz if leaks else None,
                         cookies="session")
            ip = home_ip(rng, ctx, c)
            inst.visit(t, dev, ip)
            inst.order(t + rng.uniform(20, 90), dev, ip,
                       order(rng, user_id(rng), email(rng, c), gift(rng, LOCALES[c][4], 18, 110), "card"))
            t += rng.uniform(90, 240)
        out.append(inst)
    return out


def friendly_fraud(rng, ctx):
    """Friendly fraud / chargeback abuse: real customers on their own old devices and
    home IPs who buy normally (often somewhat larger, 50-200) and later dispute the charge
    ("I did not receive the code"). Labelled fraud because the shop loses the money, but
    nothing at order time tells them apart from a good buyer: a risk system can only
    learn them from chargeback history per account/card, which this harness does not
    have. Expect these to be allowed; they are reported so the miss is visible."""
    out = []
    for _ in range(ctx.n(28)):
        inst = Instance("f_friendly_fraud", "fraud")
        c = country_mix(rng)
        phone = rng.random() < 0.5
        dev = Device(rng, rng.choice(PHONE if phone else DESKTOP), c, age_days=rng.choice([30, 180, 700]))
        ip = mobile_ip(rng, ctx, c) if phone and rng.random() < 0.5 else home_ip(rng, ctx, c)
        u, m = user_id(rng), email(rng, c)
        t = rng.uniform(0, ctx.window - 300)
        for _ in range(rng.choices([1, 2], weights=[2, 1])[0]):
            browse_then_order(inst, rng, dev, ip, t,
                              order(rng, u, m, gift(rng, LOCALES[c][4], 45, 220), pay_method(rng, c)))
            t += rng.uniform(600, 1500)
        out.append(inst)
    return out


def mule_cashout(rng, ctx):
    """Money mules cashing out through gift cards: recruited account holders on their own
    phones/laptops (cookies a week to a month old, home IP in their country) who buy the
    same resellable card (Amazon, Apple, Razer Gold) in mid amounts (100-250
    USD-equivalent) again and again as funds arrive, 3-6 orders each in the hour, a few
    minutes apart. Signals: per-account velocity and sum of amounts, the same product
    repeated, a young account; purchase limits cap them after a few orders."""
    out = []
    for _ in range(ctx.n(11)):
        inst = Instance("f_mule_cashout", "fraud")
        c = rng.choice(["US", "US_C", "GB", "DE", "NL", "ES", "BR"])
        cur = LOCALES[c][4]
        phone = rng.random() < 0.5
        dev = Device(rng, rng.choice(PHONE if phone else DESKTOP), c, age_days=rng.choice([7, 30]))
        ip = mobile_ip(rng, ctx, c) if phone and rng.random() < 0.5 else home_ip(rng, ctx, c)
        u, m = user_id(rng), email(rng, c)
        line = gift(rng, cur, 90, 260, brand=rng.choice(["amazon", "apple", "razer-gold"]))
        t = rng.uniform(0, ctx.window * 0.4)
        for _ in range(rng.randint(3, 6)):
            browse_then_order(inst, rng, dev, ip, t, order(rng, u, m, dict(line), "card"), (10, 60))
            t += rng.uniform(180, 600)
        out.append(inst)
    return out


LEGIT = [everyday_returning, everyday_new, family_shared_account, dorm_nat_students,
         vpn_country_hop, ios_app_webview, declined_retry, crypto_topup_foreign,
         smb_bulk_monthly, first_order_800, night_shift, private_relay, traveller_hotel_wifi]
FRAUD = [browser_card_tester, slow_ato, resi_proxy_bot, triangulation, friendly_fraud,
         mule_cashout]
