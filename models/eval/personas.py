"""Personas: who buys (or attacks) and how, as timed sequences of visits and orders.

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


# ---------------------------------------------------------------- fraud that adapts

RESIDENTIAL = ["home_US", "home_GB", "home_DE", "home_FR", "home_BR", "home_IN", "home_IT",
               "home_ES", "home_CA", "home_NL"]


def card_testing(rng, ctx):
    """Checking stolen card numbers with tiny orders: no cookies ever, a new residential
    proxy address for every attempt, browser-like headers half the time, fresh guest
    accounts, attempts every 20-90 s."""
    out = []
    for _ in range(ctx.n(4)):
        i, t = Instance("card_testing", "fraud"), start_time(rng, ctx, 2000)
        profile = rng.choice(["chrome_win", "script_chrome_ua", "python_requests", "chrome_mac"])
        for _ in range(rng.randint(15, 30)):
            cc = rng.choice(["US", "GB", "DE", "FR", "CA"])
            dev = browser(rng, cc, profile=profile, cookies="none")
            dev.beacon = False
            ip = ip_from(rng, ctx, rng.choice(RESIDENTIAL))
            user = "guest-" + junk(rng, 8)
            mail = rng.choice(["gmail.com", "outlook.com"] + DISPOSABLE[:4])
            email = "%s@%s" % (junk(rng, rng.randint(8, 12)), mail)
            i.order(t, dev, ip, order(rng, user, email, "USD", rng.choice([1, 2, 5])))
            t += rng.uniform(20, 90)
        out.append(i)
    return out


def account_takeover(rng, ctx):
    """A stolen account (an ordinary user name and mail) drained of high-value cards from
    many devices and addresses in several countries, minutes apart."""
    out = []
    for _ in range(ctx.n(6)):
        victim_cc = rng.choice(["US", "GB", "DE"])
        user, email = person(rng, victim_cc)
        i, t = Instance("account_takeover", "fraud"), start_time(rng, ctx, 2400)
        for _ in range(rng.randint(4, 8)):
            cc = rng.choice(["US", "GB", "DE", "BR", "IN", "FR"])
            dev = browser(rng, rng.choice(["US", "GB"]), cookies="session")
            ip = ip_from(rng, ctx, home_pool(ctx, cc))
            i.visit(t, dev, ip)
            i.order(t + rng.uniform(20, 90), dev, ip,
                    order(rng, user, email, COUNTRIES[victim_cc][1], rng.choice([100, 200, 250, 500]),
                          product=rng.choice(["apple", "amazon", "steam"])))
            t += rng.uniform(180, 600)
        out.append(i)
    return out


def low_and_slow(rng, ctx):
    """One careful fraudster: a real browser that keeps its cookie and runs the beacon,
    one home address, a different stolen identity per order, one order every 8-15
    minutes, mid-sized amounts, to stay under every velocity threshold."""
    out = []
    for _ in range(ctx.n(5)):
        cc = rng.choice(["US", "GB", "DE"])
        dev = browser(rng, cc, mobile=False)
        ip = ip_from(rng, ctx, home_pool(ctx, cc))
        i, t = Instance("low_and_slow", "fraud"), rng.uniform(60, min(400, ctx.window / 4))
        while t < ctx.window - 200:
            user, email = person(rng, rng.choice(["US", "GB", "DE"]))
            i.visit(t, dev, ip)
            i.order(t + rng.uniform(30, 120), dev, ip,
                    order(rng, user, email, COUNTRIES[cc][1], rng.choice([25, 50, 50, 100])))
            t += rng.uniform(480, 900)
        out.append(i)
    return out


def scripted_bulk(rng, ctx):
    """Bots buying stock to resell: headless or stealth Chrome and HTTP libraries from
    datacenter addresses, an order every 10-40 s, fresh accounts."""
    out = []
    for _ in range(ctx.n(4)):
        profile = rng.choice(["headless_chrome", "stealth_puppeteer", "python_requests", "go_http"])
        dev = browser(rng, "US", profile=profile,
                      cookies="keep" if profile.endswith(("chrome", "puppeteer")) else "none")
        i, t = Instance("scripted_bulk", "fraud"), start_time(rng, ctx, 1500)
        for _ in range(rng.randint(10, 20)):
            ip = ip_from(rng, ctx, "hosting")
            user = "u" + junk(rng, 7)
            email = "%s@%s" % (junk(rng, 10), rng.choice(["gmail.com", "outlook.com", "proton.me"]))
            if dev.cookies != "none":
                i.visit(t - 5, dev, ip)
            i.order(t, dev, ip, order(rng, user, email, "USD", rng.choice([25, 50, 100]),
                                      quantity=rng.randint(1, 5)))
            t += rng.uniform(10, 40)
        out.append(i)
    return out


def stolen_card_geo(rng, ctx):
    """Stolen cards cashed out at high amounts: a US-English browser with a US timezone
    claims, an address in another country, a new device, a new account."""
    out = []
    for _ in range(ctx.n(20)):
        pool = rng.choice(["home_BR", "home_IN", "home_CN", "hosting", "home_NL"])
        dev = browser(rng, "US", cookies="session")
        user, email = person(rng, "US")
        ip = ip_from(rng, ctx, pool)
        i, t = Instance("stolen_card_geo", "fraud"), start_time(rng, ctx, 900)
        for _ in range(rng.choice([1, 1, 2])):
            i.visit(t, dev, ip)
            i.order(t + rng.uniform(30, 150), dev, ip,
                    order(rng, user, email, "USD", rng.choice([200, 300, 500]),
                          quantity=rng.choice([1, 1, 2])))
            t += rng.uniform(120, 600)
        out.append(i)
    return out


def disposable_email(rng, ctx):
    """Throwaway accounts on throwaway mail services, from an ordinary browser at home."""
    out = []
    for _ in range(ctx.n(25)):
        cc = rng.choice(["US", "GB", "DE", "FR"])
        dev = browser(rng, cc, cookies=rng.choice(["keep", "session"]))
        ip = ip_from(rng, ctx, home_pool(ctx, cc))
        i, t = Instance("disposable_email", "fraud"), start_time(rng, ctx, 900)
        for _ in range(rng.choice([1, 2])):
            email = "%s@%s" % (junk(rng, rng.randint(6, 12)), rng.choice(DISPOSABLE))
            i.visit(t, dev, ip)
            i.order(t + rng.uniform(20, 120), dev, ip,
                    order(rng, "u" + junk(rng, 6), email, COUNTRIES[cc][1],
                          amount_in(rng, COUNTRIES[cc][1])))
            t += rng.uniform(120, 600)
        out.append(i)
    return out


def reseller(rng, ctx):
    """Resellers buying 10-40 cards per order with fresh accounts, no cookies, through
    residential proxies, a few orders minutes apart."""
    out = []
    for _ in range(ctx.n(8)):
        profile = rng.choice(["chrome_win", "script_chrome_ua", "edge_win"])
        i, t = Instance("reseller", "fraud"), start_time(rng, ctx, 1800)
        for _ in range(rng.randint(2, 4)):
            cc = rng.choice(["US", "GB", "DE"])
            dev = browser(rng, cc, profile=profile, cookies="none")
            dev.beacon = False
            ip = ip_from(rng, ctx, rng.choice(RESIDENTIAL))
            user, email = "r" + junk(rng, 7), "%s@%s" % (junk(rng, 9), rng.choice(["gmail.com", "outlook.com"]))
            i.order(t, dev, ip, order(rng, user, email, "USD", rng.choice([10, 20, 25]),
                                      quantity=rng.randint(10, 40)))
            t += rng.uniform(120, 480)
        out.append(i)
    return out


FRAUD = [card_testing, account_takeover, low_and_slow, scripted_bulk, stolen_card_geo,
         disposable_email, reseller]


class Context:
    """What persona generators may use: the IP pools, the window length (simulated
    seconds) and a volume scale."""

    def __init__(self, pools, window, scale):
        self.pools, self.window, self.scale = pools, window, scale

    def n(self, base):
        return max(1, round(base * self.scale))


def generate(rng, ctx):
    """Every persona's instances for one evaluation cell, actions clipped to the window."""
    Device._next = 0
    out = []
    for gen in LEGIT + FRAUD:
        for inst in gen(rng, ctx):
            inst.actions = [a for a in inst.actions if 0 < a["t"] < ctx.window]
            if any(a["kind"] == "order" for a in inst.actions):
                out.append(inst)
    return out
