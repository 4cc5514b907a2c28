"""Personas: who buys (or attacks) and how, as timed sequences of visits and orders.

This file holds the shared vocabulary and the legitimate buyers; fraud.py the attackers;
traffic.py puts them together for one cell.

Each persona is a generator `f(rng, ctx) -> [Instance]`; an instance is one buyer or one
attacker with its own devices and a list of timed actions inside the evaluation window.
Everything is drawn from the seeded `rng`, so a seed reproduces the traffic exactly.

These definitions are the harness's own: they describe buyers and attackers as they
behave on the wire, and are deliberately NOT derived from the training generator in
models/train/ (never train on this harness's output either; see models/EVAL.md).
"""

import string

# country -> (Accept-Language, currency, IANA timezone, offset minutes on 1 March, pools)
COUNTRIES = {
    "US": ("en-US,en;q=0.9", "USD", "America/New_York", -300),
    "GB": ("en-GB,en;q=0.9", "GBP", "Europe/London", 0),
    "DE": ("de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7", "EUR", "Europe/Berlin", 60),
    "FR": ("fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7", "EUR", "Europe/Paris", 60),
    "ES": ("es-ES,es;q=0.9", "EUR", "Europe/Madrid", 60),
    "IT": ("it-IT,it;q=0.9,en-US;q=0.8,en;q=0.7", "EUR", "Europe/Rome", 60),
    "NL": ("nl-NL,nl;q=0.9,en-US;q=0.8,en;q=0.7", "EUR", "Europe/Amsterdam", 60),
    "JP": ("ja-JP,ja;q=0.9", "JPY", "Asia/Tokyo", 540),
    "KR": ("ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7", "KRW", "Asia/Seoul", 540),
    "CN": ("zh-CN,zh;q=0.9", "CNY", "Asia/Shanghai", 480),
    "CA": ("en-CA,en;q=0.9,fr-CA;q=0.8", "CAD", "America/Toronto", -300),
    "AU": ("en-AU,en;q=0.9", "AUD", "Australia/Sydney", 660),
    "BR": ("pt-BR,pt;q=0.9,en-US;q=0.8,en;q=0.7", "BRL", "America/Sao_Paulo", -180),
    "IN": ("en-IN,en;q=0.9,hi;q=0.8", "INR", "Asia/Kolkata", 330),
}

# Gift-card face values people actually buy, per currency (typical, then high).
DENOMINATIONS = {
    "USD": ([10, 15, 20, 25, 50, 100], [150, 200, 250, 300, 500]),
    "CAD": ([15, 25, 50, 100], [150, 200, 300, 500]),
    "AUD": ([20, 30, 50, 100], [150, 200, 300, 500]),
    "EUR": ([10, 15, 20, 25, 50, 100], [150, 200, 250, 500]),
    "GBP": ([10, 15, 20, 25, 50, 100], [150, 200, 250, 400]),
    "JPY": ([1500, 3000, 5000, 10000], [20000, 30000, 50000]),
    "KRW": ([10000, 30000, 50000, 100000], [200000, 300000, 500000]),
    "CNY": ([50, 100, 200, 300, 500], [1000, 2000, 3000]),
    "BRL": ([50, 100, 150, 250], [500, 1000, 1500]),
    "INR": ([500, 1000, 2000, 5000], [10000, 20000, 30000]),
}
ZERO_DECIMAL = {"JPY", "KRW"}
PRODUCTS = ["steam", "psn", "xbox", "apple", "google-play", "amazon", "netflix", "spotify",
            "nintendo", "roblox"]
# Well-known throwaway mail services (the harness's own short list).
DISPOSABLE = ["mailinator.com", "guerrillamail.com", "10minutemail.com", "yopmail.com",
              "temp-mail.org", "sharklasers.com", "trashmail.com", "getnada.com",
              "maildrop.cc", "dispostable.com", "tempmail.plus", "emailondeck.com"]
MAIL = {"US": ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "aol.com"],
        "GB": ["gmail.com", "btinternet.com", "outlook.com", "icloud.com"],
        "DE": ["gmx.de", "web.de", "gmail.com", "t-online.de"],
        "FR": ["orange.fr", "gmail.com", "free.fr", "laposte.net"],
        "JP": ["docomo.ne.jp", "gmail.com", "yahoo.co.jp", "icloud.com"],
        "KR": ["naver.com", "daum.net", "gmail.com"],
        "CN": ["qq.com", "163.com", "126.com"],
        "IN": ["gmail.com", "rediffmail.com", "yahoo.co.in"],
        "BR": ["gmail.com", "hotmail.com", "uol.com.br"]}
NAMES = ["anna", "ben", "chloe", "david", "emma", "felix", "grace", "hiro", "isabel", "jun",
         "karin", "liam", "mia", "noah", "olga", "paul", "quinn", "rosa", "sven", "tomoko",
         "uma", "victor", "wei", "xin", "yuki", "zoe", "minji", "seojun", "priya", "arjun",
         "lucas", "camille", "marco", "sofia", "lars", "eva", "ji-ho", "mei", "kenji", "ana"]
SURNAMES = ["smith", "mueller", "martin", "garcia", "rossi", "tanaka", "kim", "lee", "wang",
            "patel", "silva", "dubois", "jansen", "brown", "sato", "park", "chen", "kumar"]
DESKTOP = ["chrome_win", "chrome_mac", "edge_win", "safari_mac", "firefox_win"]
MOBILE = ["chrome_android", "samsung_android", "safari_iphone"]


class Device:
    """One browser (or script) with its cookie policy.

    cookies: "keep" (a normal browser), "session" (cleared when a new visit starts: private
    windows, strict modes), "none" (never stored: API scripts, blocked cookies).
    age_days: None for a device first seen in the window, else how long ago the browser
    first visited (its cookie is obtained from riskgate at that simulated time).
    """

    _next = 0

    def __init__(self, rng, profile, lang, tz, cookies="keep", age_days=None, beacon=True,
                 languages=None):
        Device._next += 1
        self.key = "d%d" % Device._next
        self.profile, self.lang, self.cookies, self.age_days = profile, lang, cookies, age_days
        self.tz_name, self.tz_offset = tz
        self.beacon = beacon
        self.languages = languages or [lang.split(",")[0], lang.split(",")[0].split("-")[0]]
        self.canvas_seed = rng.getrandbits(32)
        self.cookie = None  # the current device cookie ("rg_did=...")


class Instance:
    """One buyer or attacker: a persona name, its label and its timed actions."""

    def __init__(self, persona, label):
        self.persona, self.label, self.actions = persona, label, []

    def visit(self, t, device, ip):
        self.actions.append(dict(t=t, kind="visit", device=device, ip=ip))

    def order(self, t, device, ip, order):
        self.actions.append(dict(t=t, kind="order", device=device, ip=ip, order=order))


def fmt_amount(value, currency):
    return "%d" % value if currency in ZERO_DECIMAL else "%.2f" % value


def order(rng, user, email, currency, amount, quantity=1, product=None, method="card"):
    return {"product": "%s-%s" % (product or rng.choice(PRODUCTS), amount),
            "quantity": quantity, "amount": fmt_amount(amount * quantity, currency),
            "currency": currency, "user": user, "email": email, "payment_method": method}


def person(rng, cc):
    first, last = rng.choice(NAMES), rng.choice(SURNAMES)
    sep = rng.choice([".", "_", ""])
    tail = rng.choice(["", "", str(rng.randint(1, 99)), str(rng.randint(1970, 2005))])
    local = "%s%s%s%s" % (first, sep, last, tail)
    return local.replace("-", ""), "%s@%s" % (local, rng.choice(MAIL.get(cc, MAIL["US"])))


def junk(rng, n):
    return "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(n))


def ip_from(rng, ctx, pool):
    return rng.choice(ctx.pools[pool])[0]


def home_pool(ctx, cc):
    return "home_%s" % cc if "home_%s" % cc in ctx.pools else "home_US"


def amount_in(rng, currency, high=False):
    typical, big = DENOMINATIONS.get(currency, DENOMINATIONS["USD"])
    return rng.choice(big if high else typical)


def start_time(rng, ctx, tail=300):
    return rng.uniform(60, max(120, ctx.window - tail))


def browser(rng, cc, mobile=None, age_days=None, cookies="keep", profile=None):
    lang, _, tz, off = COUNTRIES[cc]
    if profile is None:
        mob = rng.random() < 0.55 if mobile is None else mobile
        profile = rng.choice(MOBILE if mob else DESKTOP)
    return Device(rng, profile, lang, (tz, off), cookies=cookies, age_days=age_days)


def old_age(rng):
    return rng.choice([3, 14, 60, 300])


# ---------------------------------------------------------------- legitimate buyers

def regular_buyer(rng, ctx):
    """An ordinary returning or new buyer: the easy majority, as a baseline."""
    out = []
    for _ in range(ctx.n(60)):
        cc = rng.choice(["US", "GB", "DE", "FR", "JP", "KR", "CA", "AU", "NL", "IT", "ES"])
        dev = browser(rng, cc, age_days=old_age(rng) if rng.random() < 0.6 else None)
        user, email = person(rng, cc)
        cur = COUNTRIES[cc][1]
        ip = ip_from(rng, ctx, home_pool(ctx, cc))
        i, t = Instance("regular_buyer", "legit"), start_time(rng, ctx)
        i.visit(t, dev, ip)
        i.order(t + rng.uniform(30, 240), dev, ip, order(rng, user, email, cur, amount_in(rng, cur)))
        out.append(i)
    return out


def new_device_high_amount(rng, ctx):
    """First purchase ever, on a device never seen, for a large card (150-500 USD or the
    local equivalent): normal in a gift-card shop, and exactly what naive models block."""
    out = []
    for _ in range(ctx.n(40)):
        cc = rng.choice(["US", "GB", "DE", "FR", "JP", "KR", "CN", "CA", "AU"])
        dev = browser(rng, cc)
        user, email = person(rng, cc)
        cur = COUNTRIES[cc][1]
        ip = ip_from(rng, ctx, home_pool(ctx, cc))
        i, t = Instance("new_device_high_amount", "legit"), start_time(rng, ctx)
        i.visit(t, dev, ip)
        i.order(t + rng.uniform(60, 400), dev, ip,
                order(rng, user, email, cur, amount_in(rng, cur, high=True)))
        out.append(i)
    return out


def privacy_browser(rng, ctx):
    """Firefox strict / resistFingerprinting, Brave, Safari with ITP and iCloud Private
    Relay: cookies live for one session or never, the beacon is often blocked, and Private
    Relay addresses belong to a CDN, not the buyer's ISP."""
    out = []
    for _ in range(ctx.n(40)):
        cc = rng.choice(["US", "DE", "JP", "GB", "FR"])
        profile = rng.choice(["firefox_strict", "brave_win", "safari_iphone", "safari_mac"])
        cookies = rng.choice(["session", "none"])
        dev = browser(rng, cc, profile=profile, cookies=cookies)
        dev.beacon = rng.random() < 0.5
        relay = profile.startswith("safari") and "relay_%s" % cc in ctx.pools
        ip = ip_from(rng, ctx, "relay_%s" % cc if relay else home_pool(ctx, cc))
        user, email = person(rng, cc)
        cur = COUNTRIES[cc][1]
        i, t = Instance("privacy_browser", "legit"), start_time(rng, ctx, 1200)
        for _ in range(rng.choice([1, 1, 2])):
            i.visit(t, dev, ip)
            i.order(t + rng.uniform(40, 300), dev, ip, order(rng, user, email, cur, amount_in(rng, cur)))
            t += rng.uniform(600, 1200)
        out.append(i)
    return out


def cgnat_mobile(rng, ctx):
    """Many honest buyers behind one carrier-grade NAT address of a mobile carrier: one
    IP, a dozen people, each with their own phone and account, within the hour."""
    out = []
    for cc in ["IN", "US", "JP", "KR", "DE"][: max(1, ctx.n(5))]:
        ip = ip_from(rng, ctx, "mobile_%s" % cc)
        for _ in range(12):
            dev = browser(rng, cc, mobile=True,
                          age_days=old_age(rng) if rng.random() < 0.5 else None)
            user, email = person(rng, cc)
            cur = COUNTRIES[cc][1]
            i, t = Instance("cgnat_mobile", "legit"), start_time(rng, ctx)
            i.visit(t, dev, ip)
            i.order(t + rng.uniform(30, 300), dev, ip, order(rng, user, email, cur, amount_in(rng, cur)))
            out.append(i)
    return out


def mobile_abroad(rng, ctx):
    """Phones on their home carrier whose addresses the country database places in
    another country (carrier ranges registered or routed abroad)."""
    out = []
    pools = [("mobile_abroad_DE", "DE"), ("mobile_abroad_IN", "IN")]
    for _ in range(ctx.n(30)):
        pool, cc = rng.choice(pools)
        dev = browser(rng, cc, mobile=True, age_days=old_age(rng) if rng.random() < 0.5 else None)
        user, email = person(rng, cc)
        cur = COUNTRIES[cc][1]
        ip = ip_from(rng, ctx, pool)
        i, t = Instance("mobile_abroad", "legit"), start_time(rng, ctx)
        i.visit(t, dev, ip)
        i.order(t + rng.uniform(30, 300), dev, ip, order(rng, user, email, cur, amount_in(rng, cur)))
        out.append(i)
    return out


def corporate_bulk(rng, ctx):
    """A company buying 20-50 cards at once for staff rewards, from one account on the
    office desktop, with a company mail domain."""
    out = []
    for k in range(ctx.n(10)):
        cc = rng.choice(["DE", "US", "GB", "NL", "JP"])
        dev = browser(rng, cc, mobile=False, age_days=rng.choice([14, 60, 300]))
        company = rng.choice(["acme", "northwind", "globex", "initech", "contoso", "umbrella"])
        user = "%s-purchasing-%d" % (company, k)
        email = "purchasing@%s-%s.com" % (company, cc.lower())
        cur = COUNTRIES[cc][1]
        ip = ip_from(rng, ctx, home_pool(ctx, cc))
        i, t = Instance("corporate_bulk", "legit"), start_time(rng, ctx, 1200)
        for _ in range(rng.choice([1, 1, 2])):
            i.visit(t, dev, ip)
            q = rng.randint(20, 50)
            i.order(t + rng.uniform(60, 300), dev, ip,
                    order(rng, user, email, cur, amount_in(rng, cur), quantity=q,
                          method="invoice" if rng.random() < 0.3 else "card"))
            t += rng.uniform(600, 1500)
        out.append(i)
    return out


def traveller(rng, ctx):
    """A buyer abroad: their own phone or laptop (an old device), their language, a
    foreign hotel or roaming address, and their home currency or the local one."""
    out = []
    for _ in range(ctx.n(30)):
        home = rng.choice(["DE", "FR", "JP", "KR", "US", "GB", "CN"])
        away = rng.choice([c for c in ["US", "JP", "ES", "IT", "GB", "FR", "AU"] if c != home])
        dev = browser(rng, home, age_days=rng.choice([14, 60, 300]))
        if rng.random() < 0.5:  # phones switch to the local timezone
            dev.tz_name, dev.tz_offset = COUNTRIES[away][2], COUNTRIES[away][3]
        user, email = person(rng, home)
        cur = rng.choice([COUNTRIES[home][1], COUNTRIES[away][1]])
        ip = ip_from(rng, ctx, home_pool(ctx, away))
        i, t = Instance("traveller", "legit"), start_time(rng, ctx)
        i.visit(t, dev, ip)
        i.order(t + rng.uniform(30, 300), dev, ip, order(rng, user, email, cur, amount_in(rng, cur)))
        out.append(i)
    return out


def local_currency(rng, ctx):
    """Buyers paying in their own currency at ordinary prices: 5000 JPY, 50000 KRW,
    300 CNY, 50 EUR; big numbers that are small amounts."""
    out = []
    for _ in range(ctx.n(60)):
        cc = rng.choice(["JP", "KR", "CN", "DE", "FR", "IT", "ES"])
        dev = browser(rng, cc, age_days=old_age(rng) if rng.random() < 0.5 else None)
        user, email = person(rng, cc)
        cur = COUNTRIES[cc][1]
        ip = ip_from(rng, ctx, home_pool(ctx, cc))
        i, t = Instance("local_currency", "legit"), start_time(rng, ctx)
        i.visit(t, dev, ip)
        i.order(t + rng.uniform(30, 300), dev, ip, order(rng, user, email, cur, amount_in(rng, cur)))
        out.append(i)
    return out


def repeat_customer(rng, ctx):
    """A loyal buyer on their usual device, ordering again (sometimes twice or three
    times in the hour, for themselves and family)."""
    out = []
    for _ in range(ctx.n(60)):
        cc = rng.choice(["US", "GB", "DE", "JP", "KR", "FR", "CA"])
        dev = browser(rng, cc, age_days=rng.choice([14, 60, 300]))
        user, email = person(rng, cc)
        cur = COUNTRIES[cc][1]
        ip = ip_from(rng, ctx, home_pool(ctx, cc))
        i, t = Instance("repeat_customer", "legit"), start_time(rng, ctx, 1500)
        for _ in range(rng.choice([1, 1, 2, 3])):
            i.visit(t, dev, ip)
            i.order(t + rng.uniform(30, 200), dev, ip, order(rng, user, email, cur, amount_in(rng, cur)))
            t += rng.uniform(300, 900)
        out.append(i)
    return out


def gift_buyer(rng, ctx):
    """Someone buying presents: two or three different cards within minutes, now and
    then two of the same, sometimes from a device they never used before."""
    out = []
    for _ in range(ctx.n(30)):
        cc = rng.choice(["US", "GB", "DE", "FR", "JP", "KR", "AU"])
        dev = browser(rng, cc, age_days=old_age(rng) if rng.random() < 0.6 else None)
        user, email = person(rng, cc)
        cur = COUNTRIES[cc][1]
        ip = ip_from(rng, ctx, home_pool(ctx, cc))
        i, t = Instance("gift_buyer", "legit"), start_time(rng, ctx, 900)
        i.visit(t, dev, ip)
        for _ in range(rng.choice([2, 2, 3])):
            t += rng.uniform(60, 300)
            i.order(t, dev, ip, order(rng, user, email, cur, amount_in(rng, cur),
                                      quantity=rng.choice([1, 1, 1, 2, 3])))
        out.append(i)
    return out


LEGIT = [regular_buyer, new_device_high_amount, privacy_browser, cgnat_mobile, mobile_abroad,
         corporate_bulk, traveller, local_currency, repeat_customer, gift_buyer]
