"""The twelfth holdout set (`--personas holdout12`): buyers and attackers of a 2026
auto-delivery gift-card, game top-up and software-key shop, written blind to judge
risk-policy changes being made at the same time by other engineers. Default seeds
121,122,123.

What its author read (and only this):
- the harness plumbing: models/eval/__main__.py, cell.py, traffic.py, classify.py (its
  first 40 lines), clients.py (profile API and the existing profiles, h5_-h11_ included),
  build_ip_table.py, holdout_testkit.py;
- personas.py lines 1-162 (the module docstring, shared vocabulary, the Device / Instance
  classes and helpers; no persona body);
- holdout10.py lines 1-60 (its docstring, imports, pool loading and AGES) as the form
  template, and test_holdout10.py as the test template;
- the demo config's `[routes.order]` table (the order field map, plus its `review =
  "hold"` and `channel_group = "payments"` lines);
- the organisation names and countries of the AS numbers picked for this set's pools, from
  geoip/asn.mmdb and geoip/country.mmdb;
- the issue text quoted in the task (the target and its list of hard cases).
Glimpses, disclosed: holdout10's docstring (allowed reading) repeats earlier sets'
glimpses: the order route's rate limit (30 a minute per ip) and purchase limits (5 / 10 a
day per user) as holdout6's docstring states them, the titles of some EVAL.md results
sections, and the last two rows of an EVAL.md results table (holdout2 and holdout6: no
legitimate order blocked, about 4-8 % reviewed, about 39-67 % of fraud caught). Reading
build_ip_table.py (allowed) showed the pool blocks of holdout7-holdout11 (AS numbers and
pool names, e.g. "h11_resi_US", "h11_origin", "h10_vpn"), and clients.py the h5_-h11_
profiles (e.g. "h11_multilogin_win", "h11_edge_win_143", "h9_agent_cloud"); cell.py shows
how the harness sends traffic. Nothing here was tuned to any of that, and no persona,
volume or parameter was changed after the one plumbing run (seed 121, hour 14, its printed
report sent to /dev/null), whose result JSON was read only as order counts per persona
(plus, as a plumbing check, the cell's max lag and the number of `error` outcomes over all
personas together: none). After the set was written and run, a `git log --oneline -4`
meant to list this work's commits also showed the base commit's subject line (holdout11's
judgement of a round-5 policy: 0 % honest blocked, reviews 5.78 -> 5.38 % in one seed,
fraud unchanged); nothing was changed because of it.

Not read: src/ (any Rust), the config's other sections, models/train/, models/MODEL.md,
models/report/, the persona bodies of every other holdout*.py (nothing past line 60;
holdout11.py and its test and table not opened), personas.py past its helpers, fraud.py,
any part of EVAL.md, README, BENCHMARKS.md, and no git log or diff but this work's.

Each persona is `f(rng, ctx) -> [Instance]`; names start with h12_ (legitimate, about 505
orders per cell, 17 personas) or f12_ (fraud, about 320, 11 personas). Each docstring
names the trace the persona leaves at the edge. Some fraud leaves almost none (friendly
fraud: a shop only sees it as chargebacks weeks later); it is in here because it exists.
Amounts are JSON numbers (integers for JPY / KRW, two decimals otherwise).
"""

import json
import os
import string

from .personas import COUNTRIES, DENOMINATIONS, DISPOSABLE, MAIL, NAMES, SURNAMES, Device, Instance

HERE = os.path.dirname(os.path.abspath(__file__))

# This set's own address pools (build_ip_table.py --set holdout12); the main table's pools
# arrive through ctx.pools.
with open(os.path.join(HERE, "ip_table_holdout12.json")) as _f:
    EXTRA = json.load(_f)["pools"]

ZERO_DECIMAL = {"JPY", "KRW"}

# How long ago an established browser first got its cookie (days).
AGES = (4, 21, 90, 240, 700)

PAY = ("card", "card", "card", "paypal", "apple_pay", "google_pay")
GAMES = ("steam", "psn", "xbox", "nintendo", "roblox", "google-play", "apple")
# Small first denominations (what card testers and promo abusers pick), per currency.
SMALLEST = {"USD": 5, "EUR": 5, "GBP": 5, "CAD": 10, "AUD": 10, "JPY": 500, "KRW": 5000,
            "CNY": 30, "INR": 100, "BRL": 20}

# Mobile-first / desktop browser mixes by country (profiles from clients.py).
MOBILE = {"JP": ("safari_iphone", "h11_safari_iphone_262", "chrome_android"),
          "KR": ("samsung_android", "h12_samsung_29", "safari_iphone"),
          "CN": ("h7_wechat_android", "chrome_android", "safari_iphone"),
          "IN": ("chrome_android", "h10_chrome_android_143", "samsung_android")}
MOBILE_ANY = ("chrome_android", "safari_iphone", "samsung_android", "h12_samsung_29",
              "h11_safari_iphone_262", "h10_chrome_android_143")
DESKTOP_ANY = ("chrome_win", "h12_chrome_win_144", "edge_win", "safari_mac", "chrome_mac",
               "firefox_win", "h12_firefox_mac_146", "h10_chrome_mac_143")


# ---------------------------------------------------------------- helpers

def pool(ctx, name):
    return EXTRA[name] if name in EXTRA else ctx.pools[name]


def ip(rng, ctx, name):
    return rng.choice(pool(ctx, name))[0]


def money(value, cur):
    return int(round(value)) if cur in ZERO_DECIMAL else round(float(value), 2)


def mk_order(rng, user, email, cur, face, qty=1, product=None, method="card"):
    return {"product": "%s-%s" % (product or rng.choice(GAMES + ("amazon", "netflix",
                                                                   "spotify")), face),
            "quantity": qty, "amount": money(face * qty, cur), "currency": cur,
            "user": user, "email": email, "payment_method": method}


def face(rng, cur, high=False):
    typical, big = DENOMINATIONS[cur]
    return rng.choice(big if high else typical)


def device(rng, cc, profile, age=None, cookies="keep", beacon=True, tz=None, lang=None):
    lang0, _, tzname, off = COUNTRIES[cc]
    return Device(rng, profile, lang or lang0, tz or (tzname, off), cookies=cookies,
                  age_days=age, beacon=beacon)


def account(rng, cc, domain=None):
    first, last = rng.choice(NAMES), rng.choice(SURNAMES)
    local = "%s%s%s%s" % (first, rng.choice([".", "_", ""]), last,
                          rng.choice(["", "", str(rng.randint(1, 99)),
                                      str(rng.randint(1972, 2008))]))
    local = local.replace("-", "")
    return local, "%s@%s" % (local, domain or rng.choice(MAIL.get(cc, MAIL["US"])))


def junk(rng, n):
    return "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(n))


def start(rng, ctx, tail=900):
    return rng.uniform(60, max(120, ctx.window - tail))


def browse(rng, inst, t, dev, addr, pages):
    """`pages` page views a few seconds to a minute apart; returns the time after them."""
    for _ in range(pages):
        inst.visit(t, dev, addr)
        t += rng.uniform(8, 70)
    return t


HOME = {"US": "h12_home_US", "GB": "h12_home_GB", "DE": "h12_home_DE", "FR": "h12_home_FR",
        "ES": "h12_home_ES", "IT": "h12_home_IT", "NL": "h12_home_NL", "JP": "h12_home_JP",
        "KR": "h12_home_KR", "CN": "h12_home_CN", "CA": "h12_home_CA", "AU": "h12_home_AU",
        "IN": "h12_home_IN", "BR": "h12_home_BR"}
MOB = {"US": "h12_mobile_US", "GB": "h12_mobile_GB", "DE": "h12_mobile_DE",
       "JP": "h12_mobile_JP", "KR": "h12_mobile_KR", "CN": "h12_mobile_CN",
       "IN": "h12_mobile_IN", "FR": "mobile_FR"}


def cur_of(cc):
    return COUNTRIES[cc][1]


# ---------------------------------------------------------------- legitimate buyers

def h12_returning_regular(rng, ctx):
    """Established customers in English-speaking markets: an aged device with its cookie,
    the home broadband line, one order (sometimes two) of a typical face value.
    Trace: a known device and account, the usual address; nothing unusual."""
    out = []
    for _ in range(ctx.n(30)):
        cc = rng.choice(["US", "US", "GB", "CA", "AU"])
        inst = Instance("h12_returning_regular", "legit")
        mob = rng.random() < 0.5
        dev = device(rng, cc, rng.choice(MOBILE_ANY if mob else DESKTOP_ANY), age=rng.choice(AGES))
        user, email = account(rng, cc)
        addr = ip(rng, ctx, HOME[cc])
        t = browse(rng, inst, start(rng, ctx), dev, addr, rng.randint(1, 3))
        cur = cur_of(cc)
        inst.order(t, dev, addr, mk_order(rng, user, email, cur, face(rng, cur),
                                          method=rng.choice(PAY)))
        if rng.random() < 0.2:
            inst.order(t + rng.uniform(200, 900), dev, addr,
                       mk_order(rng, user, email, cur, face(rng, cur), method=rng.choice(PAY)))
        out.append(inst)
    return out


def h12_new_device_high_first(rng, ctx):
    """A first purchase from a brand-new phone or laptop with a high face value (a new
    console's wallet, a birthday, a software licence): no cookie before this visit, a new
    account, several page views first, then one big order on the home line.
    Trace: new device, new account, high amount; a consistent locale and a domestic ISP."""
    out = []
    for _ in range(ctx.n(26)):
        cc = rng.choice(["US", "US", "GB", "DE", "FR", "JP", "KR", "CA"])
        inst = Instance("h12_new_device_high_first", "legit")
        mob = rng.random() < 0.45
        prof = rng.choice(MOBILE.get(cc, MOBILE_ANY) if mob else DESKTOP_ANY)
        dev = device(rng, cc, prof)
        user, email = account(rng, cc)
        addr = ip(rng, ctx, MOB[cc] if mob and cc in MOB and rng.random() < 0.5 else HOME[cc])
        t = browse(rng, inst, start(rng, ctx), dev, addr, rng.randint(2, 6))
        cur = cur_of(cc)
        qty = 2 if rng.random() < 0.15 else 1
        inst.order(t + rng.uniform(20, 120), dev, addr,
                   mk_order(rng, user, email, cur, face(rng, cur, high=True), qty,
                            method=rng.choice(PAY)))
        out.append(inst)
    return out


def h12_night_owl(rng, ctx):
    """Late-night gamers and shift workers topping up from bed: a phone on home Wi-Fi,
    slow browsing, a game top-up of typical or high value, now and then a second one.
    Trace: the hour of day (the cell's clock); otherwise an ordinary returning buyer."""
    out = []
    for _ in range(ctx.n(22)):
        cc = rng.choice(["US", "KR", "JP", "GB", "DE", "BR"])
        inst = Instance("h12_night_owl", "legit")
        dev = device(rng, cc, rng.choice(MOBILE.get(cc, MOBILE_ANY)),
                     age=rng.choice(AGES) if rng.random() < 0.75 else None)
        user, email = account(rng, cc)
        addr = ip(rng, ctx, HOME[cc])
        t = browse(rng, inst, start(rng, ctx), dev, addr, rng.randint(1, 4))
        cur = cur_of(cc)
        game = rng.choice(GAMES)
        inst.order(t, dev, addr, mk_order(rng, user, email, cur,
                                          face(rng, cur, high=rng.random() < 0.3), product=game,
                                          method=rng.choice(PAY)))
        if rng.random() < 0.25:
            inst.order(t + rng.uniform(300, 1500), dev, addr,
                       mk_order(rng, user, email, cur, face(rng, cur), product=game,
                                method=rng.choice(PAY)))
        out.append(inst)
    return out


def h12_privacy_browser(rng, ctx):
    """Privacy-minded returning customers: Firefox strict / Mullvad Browser / Brave /
    Firefox Focus with cookies cleared per session or blocked, the beacon script often
    blocked, sometimes behind a VPN or iCloud Private Relay; a known account.
    Trace: no device cookie, no or spoofed beacon (UTC, en-US), sometimes a VPN exit."""
    out = []
    profiles = ("firefox_strict", "h5_mullvad_browser", "brave_win", "h6_brave_android",
                "h8_firefox_focus", "firefox_strict")
    for _ in range(ctx.n(24)):
        cc = rng.choice(["US", "DE", "DE", "GB", "NL", "FR"])
        inst = Instance("h12_privacy_browser", "legit")
        dev = device(rng, cc, rng.choice(profiles), cookies=rng.choice(["session", "none"]),
                     beacon=rng.random() < 0.55)
        user, email = account(rng, cc, rng.choice([None, "proton.me", "posteo.de",
                                                   "tutanota.com"]))
        r = rng.random()
        net = HOME[cc] if r < 0.6 else ("h12_vpn" if r < 0.85 else "h12_relay")
        addr = ip(rng, ctx, net)
        t = browse(rng, inst, start(rng, ctx), dev, addr, rng.randint(1, 3))
        cur = cur_of(cc)
        inst.order(t, dev, addr, mk_order(rng, user, email, cur, face(rng, cur),
                                          method=rng.choice(["card", "paypal"])))
        if rng.random() < 0.25:
            inst.order(t + rng.uniform(60, 600), dev, addr,
                       mk_order(rng, user, email, cur, face(rng, cur), method="card"))
        out.append(inst)
    return out


def h12_icloud_relay(rng, ctx):
    """iPhone and Mac Safari users with iCloud Private Relay on (the default for many
    iCloud+ subscribers): every page load may leave from another relay address, the
    device and account are their usual ones.
    Trace: Akamai / Cloudflare relay addresses that change between requests."""
    out = []
    for _ in range(ctx.n(20)):
        cc = rng.choice(["US", "US", "GB", "JP", "DE", "CA"])
        inst = Instance("h12_icloud_relay", "legit")
        dev = device(rng, cc, rng.choice(["safari_iphone", "h11_safari_iphone_262",
                                          "safari_mac"]),
                     age=rng.choice(AGES) if rng.random() < 0.8 else None)
        user, email = account(rng, cc, "icloud.com" if rng.random() < 0.5 else None)
        t = start(rng, ctx)
        for _ in range(rng.randint(1, 3)):
            inst.visit(t, dev, ip(rng, ctx, "h12_relay"))
            t += rng.uniform(10, 60)
        cur = cur_of(cc)
        inst.order(t, dev, ip(rng, ctx, "h12_relay"),
                   mk_order(rng, user, email, cur, face(rng, cur, high=rng.random() < 0.15),
                            method="apple_pay" if rng.random() < 0.6 else "card"))
        if rng.random() < 0.2:
            inst.order(t + rng.uniform(120, 900), dev, ip(rng, ctx, "h12_relay"),
                       mk_order(rng, user, email, cur, face(rng, cur), method="apple_pay"))
        out.append(inst)
    return out


def h12_cgnat_mobile(rng, ctx):
    """Phone buyers on mobile carriers behind carrier-grade NAT: many unrelated people
    leave from the same handful of addresses within the hour. Each buyer is ordinary.
    Trace: a few carrier addresses shared by many accounts and devices."""
    out = []
    shared = {}
    for cc in ("IN", "US", "GB", "JP"):
        p = pool(ctx, MOB[cc])
        shared[cc] = [rng.choice(p)[0] for _ in range(3)]
    for _ in range(ctx.n(33)):
        cc = rng.choice(["IN", "IN", "US", "GB", "JP"])
        inst = Instance("h12_cgnat_mobile", "legit")
        dev = device(rng, cc, rng.choice(MOBILE.get(cc, MOBILE_ANY)),
                     age=rng.choice(AGES) if rng.random() < 0.6 else None)
        user, email = account(rng, cc)
        addr = rng.choice(shared[cc])
        t = browse(rng, inst, start(rng, ctx), dev, addr, rng.randint(1, 3))
        cur = cur_of(cc)
        inst.order(t, dev, addr, mk_order(rng, user, email, cur, face(rng, cur),
                                          method=rng.choice(PAY)))
        out.append(inst)
    return out


def h12_carrier_abroad(rng, ctx):
    """Mobile subscribers whose carrier's address block the country database places in
    another country (Jio, Vodafone DE, SK Telecom / KT ranges): home locale, home
    currency, home timezone, an IP that geolocates abroad.
    Trace: IP country differs from the locale, currency and timezone; a domestic carrier AS."""
    out = []
    nets = {"DE": ("h12_abroad_DE", "mobile_abroad_DE"), "KR": ("h12_abroad_KR",),
            "IN": ("h12_abroad_IN", "mobile_abroad_IN")}
    for _ in range(ctx.n(22)):
        cc = rng.choice(["DE", "KR", "IN", "IN"])
        inst = Instance("h12_carrier_abroad", "legit")
        dev = device(rng, cc, rng.choice(MOBILE.get(cc, MOBILE_ANY)),
                     age=rng.choice(AGES) if rng.random() < 0.65 else None)
        user, email = account(rng, cc)
        addr = ip(rng, ctx, rng.choice(nets[cc]))
        t = browse(rng, inst, start(rng, ctx), dev, addr, rng.randint(1, 3))
        cur = cur_of(cc)
        inst.order(t, dev, addr, mk_order(rng, user, email, cur,
                                          face(rng, cur, high=rng.random() < 0.2),
                                          method=rng.choice(PAY)))
        if rng.random() < 0.2:
            inst.order(t + rng.uniform(100, 800), dev, addr,
                       mk_order(rng, user, email, cur, face(rng, cur), method="card"))
        out.append(inst)
    return out


def h12_corporate_bulk(rng, ctx):
    """Companies buying gift cards in bulk as staff rewards or client gifts: office
    laptops behind a secure web gateway (several colleagues on the same egress address),
    a company mail domain, quantities of 5-25 of 25-100 face value, one to three orders.
    Trace: high totals and quantities, a corporate-gateway AS shared across accounts."""
    out = []
    companies = [("%s-%s.com" % (rng.choice(["northwind", "contoso", "initech", "globex",
                                             "umbrella", "stark", "wayne", "acme"]),
                                 rng.choice(["logistics", "health", "labs", "group"])),
                  rng.choice(["US", "US", "GB", "DE"]),
                  [ip(rng, ctx, "h12_corp") for _ in range(2)]) for _ in range(ctx.n(7))]
    for domain, cc, addrs in companies:
        for _ in range(rng.randint(1, 3)):
            inst = Instance("h12_corporate_bulk", "legit")
            dev = device(rng, cc, rng.choice(["h11_edge_win_143", "edge_win", "chrome_win",
                                              "h12_chrome_win_144"]), age=rng.choice(AGES))
            user, email = account(rng, cc, domain)
            addr = rng.choice(addrs)
            t = browse(rng, inst, start(rng, ctx, 1500), dev, addr, rng.randint(2, 4))
            cur = cur_of(cc)
            for _ in range(rng.randint(1, 3)):
                inst.order(t, dev, addr, mk_order(rng, user, email, cur,
                                                  rng.choice([25, 50, 50, 100]),
                                                  rng.choice([5, 10, 10, 20, 25]),
                                                  product=rng.choice(["amazon", "apple",
                                                                      "netflix", "spotify"]),
                                                  method="card"))
                t += rng.uniform(120, 600)
            out.append(inst)
    return out


def h12_traveller(rng, ctx):
    """Customers abroad: their own aged phone or laptop on hotel / cafe Wi-Fi or a travel
    eSIM, paying in their home currency; phones switch the timezone to the destination.
    Trace: a known device and account from a foreign address; timezone may not match locale."""
    out = []
    dest_tz = [("Asia/Bangkok", 420), ("Asia/Dubai", 240), ("Asia/Singapore", 480),
               ("Europe/Istanbul", 180), ("America/Mexico_City", -360), ("Asia/Hong_Kong", 480)]
    for _ in range(ctx.n(22)):
        cc = rng.choice(["US", "GB", "DE", "JP", "KR", "FR", "AU"])
        inst = Instance("h12_traveller", "legit")
        mob = rng.random() < 0.7
        dev = device(rng, cc, rng.choice(MOBILE.get(cc, MOBILE_ANY) if mob else DESKTOP_ANY),
                     age=rng.choice(AGES), tz=rng.choice(dest_tz) if mob else None)
        user, email = account(rng, cc)
        net = "h12_esim" if mob and rng.random() < 0.4 else "h12_travel"
        addr = ip(rng, ctx, net)
        t = browse(rng, inst, start(rng, ctx), dev, addr, rng.randint(1, 3))
        cur = cur_of(cc)
        inst.order(t, dev, addr, mk_order(rng, user, email, cur,
                                          face(rng, cur, high=rng.random() < 0.15),
                                          method=rng.choice(PAY)))
        if rng.random() < 0.25:
            inst.order(t + rng.uniform(120, 1200), dev, ip(rng, ctx, net),
                       mk_order(rng, user, email, cur, face(rng, cur), method="card"))
        out.append(inst)
    return out


def _local_buyer(rng, ctx, name, cc, n, mobile_share, relay=None):
    out = []
    cur = cur_of(cc)
    for _ in range(ctx.n(n)):
        inst = Instance(name, "legit")
        mob = rng.random() < mobile_share
        dev = device(rng, cc, rng.choice(MOBILE.get(cc, MOBILE_ANY) if mob else DESKTOP_ANY),
                     age=rng.choice(AGES) if rng.random() < 0.7 else None)
        user, email = account(rng, cc)
        net = MOB.get(cc, HOME[cc]) if mob and rng.random() < 0.5 else HOME[cc]
        if relay and rng.random() < relay:
            net = "h12_cloud_asia"
        addr = ip(rng, ctx, net)
        t = browse(rng, inst, start(rng, ctx), dev, addr, rng.randint(1, 4))
        inst.order(t, dev, addr, mk_order(rng, user, email, cur,
                                          face(rng, cur, high=rng.random() < 0.15),
                                          method=rng.choice(PAY)))
        if rng.random() < 0.25:
            inst.order(t + rng.uniform(120, 1200), dev, addr,
                       mk_order(rng, user, email, cur, face(rng, cur), method=rng.choice(PAY)))
        out.append(inst)
    return out


def h12_jp_buyer(rng, ctx):
    """Japanese buyers paying in JPY (1,500-10,000 yen, some 20,000+): iPhones, OCN /
    SoftBank / BIGLOBE at home or docomo / au on the move, Japanese mail domains.
    Trace: ja-JP, Asia/Tokyo, JPY integer amounts, Japanese ISPs."""
    return _local_buyer(rng, ctx, "h12_jp_buyer", "JP", 28, 0.7)


def h12_kr_buyer(rng, ctx):
    """Korean buyers paying in KRW (10,000-100,000 won, some more): Galaxy phones with
    Samsung Internet, KT / SK Broadband or SKT / LG U+, naver / daum mail.
    Trace: ko-KR, Asia/Seoul, KRW integer amounts, Korean ISPs."""
    return _local_buyer(rng, ctx, "h12_kr_buyer", "KR", 28, 0.7)


def h12_cn_buyer(rng, ctx):
    """Mainland buyers paying in CNY: WeChat's in-app browser or phones on China Mobile /
    Chinanet; about a quarter reach the shop through an "airport" proxy on Alibaba /
    Tencent cloud outside the mainland.
    Trace: zh-CN, Asia/Shanghai, CNY; some from an Asian cloud AS abroad."""
    return _local_buyer(rng, ctx, "h12_cn_buyer", "CN", 24, 0.75, relay=0.25)


def h12_eu_buyer(rng, ctx):
    """Euro-area buyers (DE, FR, ES, IT, NL) paying in EUR on their national ISPs.
    Trace: consistent national locale, EUR, domestic ISPs."""
    out = []
    for _ in range(ctx.n(33)):
        cc = rng.choice(["DE", "FR", "ES", "IT", "NL"])
        out += _local_buyer(rng, _One(ctx), "h12_eu_buyer", cc, 1, 0.5)
    return out


class _One:
    """A context that makes _local_buyer produce exactly one instance."""

    def __init__(self, ctx):
        self.pools, self.window, self.scale = ctx.pools, ctx.window, ctx.scale

    def n(self, base):
        return 1


def h12_household_shared(rng, ctx):
    """A family's shared tablet or PC: parents and teenagers each with their own account
    on one device and one home line, buying Roblox / Nintendo / Steam cards.
    Trace: several accounts on one device cookie and one address within the hour."""
    out = []
    for _ in range(ctx.n(10)):
        cc = rng.choice(["US", "GB", "DE", "AU", "CA"])
        mob = rng.random() < 0.5
        dev = device(rng, cc, rng.choice(["h6_family_tablet", "h5_ipad_safari"] if mob
                                         else DESKTOP_ANY), age=rng.choice(AGES))
        addr = ip(rng, ctx, HOME[cc])
        surname = rng.choice(SURNAMES)
        cur = cur_of(cc)
        t = start(rng, ctx, 1500)
        for _ in range(rng.randint(2, 3)):
            inst = Instance("h12_household_shared", "legit")
            first = rng.choice(NAMES).replace("-", "")
            user = "%s.%s%s" % (first, surname, rng.choice(["", str(rng.randint(1, 20))]))
            email = "%s@%s" % (user, rng.choice(MAIL.get(cc, MAIL["US"])))
            t = browse(rng, inst, t, dev, addr, rng.randint(1, 2))
            inst.order(t, dev, addr, mk_order(rng, user, email, cur, face(rng, cur),
                                              product=rng.choice(["roblox", "nintendo",
                                                                  "steam", "xbox"]),
                                              method=rng.choice(PAY)))
            t += rng.uniform(120, 700)
            out.append(inst)
    return out


def h12_gift_list(rng, ctx):
    """Someone ticking off a gift list: three to five separate orders within a quarter of
    an hour, different brands and amounts, all on one device, account and address.
    Trace: several orders from one account in minutes (velocity), otherwise ordinary."""
    out = []
    for _ in range(ctx.n(9)):
        cc = rng.choice(["US", "GB", "DE", "FR", "JP", "CA"])
        inst = Instance("h12_gift_list", "legit")
        dev = device(rng, cc, rng.choice(DESKTOP_ANY + MOBILE_ANY),
                     age=rng.choice(AGES) if rng.random() < 0.7 else None)
        user, email = account(rng, cc)
        addr = ip(rng, ctx, HOME[cc])
        t = browse(rng, inst, start(rng, ctx, 1300), dev, addr, rng.randint(1, 3))
        cur = cur_of(cc)
        for _ in range(rng.randint(3, 5)):
            inst.order(t, dev, addr, mk_order(rng, user, email, cur,
                                              face(rng, cur, high=rng.random() < 0.1),
                                              method=rng.choice(PAY)))
            t += rng.uniform(40, 300)
        out.append(inst)
    return out


def h12_retry_payment(rng, ctx):
    """A buyer whose first payment fails at the processor (3-D Secure timeout, wrong
    card): the same order again a minute or three later, often with another method, now
    and then a third try.
    Trace: repeated identical amounts from one account and device within minutes."""
    out = []
    for _ in range(ctx.n(14)):
        cc = rng.choice(["US", "GB", "DE", "FR", "IN", "BR", "KR"])
        inst = Instance("h12_retry_payment", "legit")
        mob = rng.random() < 0.6
        dev = device(rng, cc, rng.choice(MOBILE.get(cc, MOBILE_ANY) if mob else DESKTOP_ANY),
                     age=rng.choice(AGES) if rng.random() < 0.6 else None)
        user, email = account(rng, cc)
        addr = ip(rng, ctx, HOME[cc])
        t = browse(rng, inst, start(rng, ctx), dev, addr, rng.randint(1, 3))
        cur = cur_of(cc)
        f = face(rng, cur, high=rng.random() < 0.25)
        prod = rng.choice(GAMES)
        for method in ["card"] + [rng.choice(["card", "paypal", "google_pay"])
                                  for _ in range(rng.randint(1, 2))]:
            inst.order(t, dev, addr, mk_order(rng, user, email, cur, f, product=prod,
                                              method=method))
            t += rng.uniform(50, 200)
        out.append(inst)
    return out


def h12_agent_shopper(rng, ctx):
    """A customer who lets an AI browsing agent do the purchase: a hosted Chrome on a
    cloud VM (Azure / Google / AWS) logs into the customer's own account and buys one
    card; the customer's locale, a fresh browser each time.
    Trace: cloud AS, a new device without cookie history, a known account."""
    out = []
    for _ in range(ctx.n(14)):
        cc = rng.choice(["US", "US", "GB", "CA", "DE"])
        inst = Instance("h12_agent_shopper", "legit")
        dev = device(rng, cc, "h9_agent_cloud", cookies="session")
        user, email = account(rng, cc)
        addr = ip(rng, ctx, "h12_dc")
        t = browse(rng, inst, start(rng, ctx), dev, addr, rng.randint(2, 4))
        cur = cur_of(cc)
        inst.order(t, dev, addr, mk_order(rng, user, email, cur, face(rng, cur),
                                          method="card"))
        out.append(inst)
    return out


LEGIT = [h12_returning_regular, h12_new_device_high_first, h12_night_owl,
         h12_privacy_browser, h12_icloud_relay, h12_cgnat_mobile, h12_carrier_abroad,
         h12_corporate_bulk, h12_traveller, h12_jp_buyer, h12_kr_buyer, h12_cn_buyer,
         h12_eu_buyer, h12_household_shared, h12_gift_list, h12_retry_payment,
         h12_agent_shopper]


# ---------------------------------------------------------------- fraud

def f12_card_testing(rng, ctx):
    """Card testers validating a batch of stolen card numbers: an HTTP client (axios,
    requests, Go, curl_cffi) posting the cheapest card again and again, every request
    from another residential-proxy exit, guest accounts with throwaway mail, no cookies.
    Trace: many smallest-denomination orders, rotating residential IPs, script clients."""
    out = []
    for _ in range(ctx.n(4)):
        inst = Instance("f12_card_testing", "fraud")
        prof = rng.choice(["h12_axios", "python_requests", "go_http", "h10_curl_cffi"])
        dev = device(rng, "US", prof, cookies="none", beacon=False)
        cur = rng.choice(["USD", "USD", "EUR", "GBP"])
        t = start(rng, ctx, 1200)
        for _ in range(rng.randint(8, 12)):
            user = "guest_%s" % junk(rng, 8)
            email = "%s@%s" % (junk(rng, 10), rng.choice(DISPOSABLE))
            addr = ip(rng, ctx, rng.choice(["h12_resi_US", "h12_resi_GB", "h12_resi_DE"]))
            inst.order(t, dev, addr, mk_order(rng, user, email, cur, SMALLEST[cur],
                                              product=rng.choice(GAMES)))
            t += rng.uniform(8, 75)
        out.append(inst)
    return out


def f12_stolen_card_cashout(rng, ctx):
    """Carders cashing out full card details (name, address, CVV from a shop breach or
    phishing kit): an anti-detect browser profile set to the cardholder's country,
    timezone and language, a residential proxy in that country, a new account in the
    cardholder's name, one or two high-value orders of resellable cards.
    Trace: new device and account, high amounts; the network and locale look domestic;
    some operators leak their own timezone."""
    out = []
    for _ in range(ctx.n(22)):
        cc = rng.choice(["US", "US", "GB", "DE"])
        inst = Instance("f12_stolen_card_cashout", "fraud")
        leak = rng.random() < 0.3
        tz = rng.choice([("Asia/Ho_Chi_Minh", 420), ("Europe/Moscow", 180),
                         ("Africa/Lagos", 60)]) if leak else None
        dev = device(rng, cc, rng.choice(["h11_multilogin_win", "h12_orbita_win",
                                          "h5_antidetect_win", "chrome_win"]), tz=tz)
        user, email = account(rng, cc)
        resi = {"US": "h12_resi_US", "GB": "h12_resi_GB", "DE": "h12_resi_DE"}[cc]
        addr = ip(rng, ctx, resi)
        t = browse(rng, inst, start(rng, ctx), dev, addr, rng.randint(1, 2))
        cur = cur_of(cc)
        for _ in range(1 if rng.random() < 0.5 else 2):
            inst.order(t, dev, addr, mk_order(rng, user, email, cur, face(rng, cur, high=True),
                                              rng.choice([1, 1, 2]),
                                              product=rng.choice(["apple", "steam", "amazon",
                                                                  "psn"])))
            t += rng.uniform(30, 240)
        out.append(inst)
    return out


def f12_ato_drain(rng, ctx):
    """Account takeover after credential stuffing: an established customer's account
    (their name, their mail) logged into from the attacker's fresh browser over a
    residential proxy or VPN, often in the wrong language, draining the saved card on
    high-value codes within minutes of login.
    Trace: a known account on a new device from a new network, high amounts, fast checkout."""
    out = []
    for _ in range(ctx.n(20)):
        cc = rng.choice(["US", "GB", "DE", "FR", "JP", "CA"])
        inst = Instance("f12_ato_drain", "fraud")
        lang = "en-US,en;q=0.9" if rng.random() < 0.35 else None
        dev = device(rng, cc, rng.choice(["h11_multilogin_win", "chrome_win",
                                          "h12_chrome_win_144", "h12_orbita_win",
                                          "chrome_android"]), lang=lang,
                     cookies=rng.choice(["keep", "session"]))
        user, email = account(rng, cc)
        net = rng.choice(["h12_resi_US", "h12_resi_GB", "h12_vpn", "h12_resi_DE"])
        addr = ip(rng, ctx, net)
        t = start(rng, ctx)
        inst.visit(t, dev, addr)
        t += rng.uniform(15, 60)
        cur = cur_of(cc)
        for _ in range(rng.randint(1, 2)):
            inst.order(t, dev, addr, mk_order(rng, user, email, cur, face(rng, cur, high=True),
                                              product=rng.choice(["apple", "steam", "amazon"]),
                                              method="card"))
            t += rng.uniform(20, 150)
        out.append(inst)
    return out


def f12_device_rotation(rng, ctx):
    """One account worked from many devices: each order from another browser profile
    (cookies cleared or blocked) and another residential exit, to stay under any
    per-device limit; the account is usually a bought aged account.
    Trace: one account seen on many devices and IPs in an hour."""
    out = []
    for _ in range(ctx.n(6)):
        cc = rng.choice(["US", "GB", "DE"])
        inst = Instance("f12_device_rotation", "fraud")
        user, email = account(rng, cc)
        cur = cur_of(cc)
        t = start(rng, ctx, 2000)
        for _ in range(rng.randint(4, 6)):
            dev = device(rng, cc, rng.choice(DESKTOP_ANY + MOBILE_ANY + ("h11_multilogin_win",)),
                         cookies=rng.choice(["session", "none"]))
            addr = ip(rng, ctx, rng.choice(["h12_resi_US", "h12_resi_GB", "h12_resi_DE",
                                            "h12_mproxy_US"]))
            inst.visit(t, dev, addr)
            t += rng.uniform(20, 90)
            inst.order(t, dev, addr, mk_order(rng, user, email, cur,
                                              face(rng, cur, high=rng.random() < 0.5)))
            t += rng.uniform(90, 400)
        out.append(inst)
    return out


def f12_low_and_slow(rng, ctx):
    """A patient carder: one order every five to eight minutes, each under another
    account and residential address, typical face values, a normal Chrome whose cookies
    are cleared between identities (the canvas stays the same).
    Trace: a repeating canvas / beacon across unrelated accounts; nothing per order."""
    out = []
    for _ in range(ctx.n(3)):
        cc = rng.choice(["US", "GB"])
        inst = Instance("f12_low_and_slow", "fraud")
        dev = device(rng, cc, rng.choice(["chrome_win", "h12_chrome_win_144", "chrome_mac"]),
                     cookies="session")
        cur = cur_of(cc)
        t = start(rng, ctx, 2600) * 0.2 + 60
        for _ in range(rng.randint(8, 10)):
            user, email = account(rng, cc)
            addr = ip(rng, ctx, "h12_resi_US" if cc == "US" else "h12_resi_GB")
            inst.visit(t, dev, addr)
            t += rng.uniform(30, 120)
            inst.order(t, dev, addr, mk_order(rng, user, email, cur, face(rng, cur)))
            t += rng.uniform(240, 420)
        out.append(inst)
    return out


def f12_reseller_bot(rng, ctx):
    """Scripted bulk buying for resale (stolen cards or abused discounts): Playwright /
    headless Chrome in a container on a cloud or behind residential proxies, quantities of
    5-10, plus-addressed accounts from one mailbox, an order every half minute to two.
    Trace: automation markers in the beacon, cloud AS or rotating IPs, big quantities,
    plus-address accounts."""
    out = []
    for _ in range(ctx.n(4)):
        inst = Instance("f12_reseller_bot", "fraud")
        prof = rng.choice(["h8_playwright_linux", "headless_chrome", "h5_bot_win", "h5_bot_mac"])
        dev = device(rng, "US", prof, cookies=rng.choice(["keep", "session"]))
        base, _ = account(rng, "US")
        dom = rng.choice(["gmail.com", "outlook.com"])
        net = rng.choice(["h12_dc", "h12_resi_US"])
        cur = rng.choice(["USD", "USD", "EUR"])
        t = start(rng, ctx, 1200)
        inst.visit(t, dev, ip(rng, ctx, net))
        t += rng.uniform(5, 20)
        for k in range(rng.randint(7, 9)):
            addr = ip(rng, ctx, net)
            user = "%s+%d" % (base, rng.randint(1, 999))
            inst.order(t, dev, addr, mk_order(rng, user, "%s@%s" % (user, dom), cur,
                                              rng.choice([25, 50, 100]), rng.randint(5, 10),
                                              product=rng.choice(["psn", "xbox", "steam",
                                                                  "nintendo"])))
            t += rng.uniform(30, 120)
        out.append(inst)
    return out


def f12_promo_abuse(rng, ctx):
    """New-customer promo abuse: one person opening account after account (Gmail dot
    variants and + tags of one mailbox) for the first-order discount, the same phone with
    its private tab reopened each time, over a 4G proxy or a VPN, the smallest cards.
    Trace: many new accounts on one canvas / device model, Gmail alias patterns, small
    amounts."""
    out = []
    for _ in range(ctx.n(3)):
        cc = rng.choice(["US", "GB"])
        inst = Instance("f12_promo_abuse", "fraud")
        dev = device(rng, cc, rng.choice(["chrome_android", "safari_iphone",
                                          "h10_chrome_android_143"]), cookies="session")
        first, last = rng.choice(NAMES).replace("-", ""), rng.choice(SURNAMES)
        net = rng.choice(["h12_mproxy_US", "h12_vpn"])
        cur = cur_of(cc)
        t = start(rng, ctx, 2000)
        for k in range(rng.randint(9, 11)):
            local = first + last
            cut = rng.randint(1, len(local) - 1)
            alias = (local[:cut] + "." + local[cut:]) if k % 2 else "%s+%s" % (local, junk(rng, 3))
            email = "%s@gmail.com" % alias
            addr = ip(rng, ctx, net)
            inst.visit(t, dev, addr)
            t += rng.uniform(30, 90)
            inst.order(t, dev, addr, mk_order(rng, alias.replace(".", "_").replace("+", "_"),
                                              email, cur, SMALLEST[cur] * 2))
            t += rng.uniform(60, 200)
        out.append(inst)
    return out


def f12_friendly_fraud(rng, ctx):
    """Chargeback abuse by real customers: their own aged device and home line, their own
    account, a larger-than-usual basket they will later dispute ("never received the
    code"), sometimes bought with a refund-service's coaching.
    Trace: almost none at the edge; a high amount from a known customer."""
    out = []
    for _ in range(ctx.n(11)):
        cc = rng.choice(["US", "US", "GB", "CA", "DE"])
        inst = Instance("f12_friendly_fraud", "fraud")
        dev = device(rng, cc, rng.choice(DESKTOP_ANY + MOBILE_ANY), age=rng.choice(AGES))
        user, email = account(rng, cc)
        addr = ip(rng, ctx, HOME[cc])
        t = browse(rng, inst, start(rng, ctx), dev, addr, rng.randint(1, 3))
        cur = cur_of(cc)
        for _ in range(1 if rng.random() < 0.6 else 2):
            inst.order(t, dev, addr, mk_order(rng, user, email, cur, face(rng, cur, high=True),
                                              rng.choice([1, 2])))
            t += rng.uniform(60, 500)
        out.append(inst)
    return out


def f12_triangulation(rng, ctx):
    """Triangulation: a gray-market marketplace seller fulfils real buyers' orders with
    stolen cards, placing each on the shop under the end buyer's own name and mail, from
    one operator workstation behind a VPN.
    Trace: one device placing orders for many unrelated accounts and mail addresses."""
    out = []
    for _ in range(ctx.n(3)):
        inst = Instance("f12_triangulation", "fraud")
        dev = device(rng, "US", rng.choice(["h11_multilogin_win", "h12_orbita_win"]),
                     cookies="keep", tz=rng.choice([("Asia/Ho_Chi_Minh", 420),
                                                    ("Europe/Istanbul", 180)]))
        net = rng.choice(["h12_vpn", "h12_resi_US"])
        t = start(rng, ctx, 2000)
        for _ in range(rng.randint(7, 9)):
            cc = rng.choice(["US", "GB", "DE", "FR", "CA"])
            user, email = account(rng, cc)
            addr = ip(rng, ctx, net)
            inst.visit(t, dev, addr)
            t += rng.uniform(20, 60)
            cur = cur_of(cc)
            inst.order(t, dev, addr, mk_order(rng, user, email, cur,
                                              face(rng, cur, high=rng.random() < 0.5)))
            t += rng.uniform(90, 300)
        out.append(inst)
    return out


def f12_phone_farm(rng, ctx):
    """A phone farm: racks of one real Android model on 4G proxies (US carrier addresses
    that rotate per session), each phone a new account placing a couple of mid-value
    orders; real devices, real beacons, cookies kept.
    Trace: one device model, many new accounts, carrier addresses rotating per order."""
    out = []
    for _ in range(ctx.n(15)):
        inst = Instance("f12_phone_farm", "fraud")
        dev = device(rng, "US", rng.choice(["h5_farm_phone", "chrome_android"]),
                     tz=("America/Chicago", -360))
        user, email = account(rng, "US")
        t = start(rng, ctx, 1200)
        for _ in range(2):
            addr = ip(rng, ctx, "h12_mproxy_US")
            inst.visit(t, dev, addr)
            t += rng.uniform(15, 60)
            inst.order(t, dev, addr, mk_order(rng, user, email, "USD",
                                              rng.choice([50, 100, 100, 150, 200]),
                                              product=rng.choice(["steam", "psn", "apple"])))
            t += rng.uniform(120, 500)
        out.append(inst)
    return out


def f12_api_bin_attack(rng, ctx):
    """A BIN attack against the order API: a script on cloud servers walking through
    generated card numbers of one bank range, no page views, values and currencies
    varied to find what passes, one guest account per try.
    Trace: script clients from a cloud AS, no cookie, no beacon, a burst of orders."""
    out = []
    for _ in range(ctx.n(2)):
        inst = Instance("f12_api_bin_attack", "fraud")
        dev = device(rng, "US", rng.choice(["python_requests", "go_http", "h12_axios",
                                            "h8_httpx"]), cookies="none", beacon=False)
        net = rng.choice(["h12_dc", "h12_cloud_asia"])
        t = start(rng, ctx, 1400)
        for _ in range(rng.randint(13, 17)):
            cur = rng.choice(["USD", "EUR", "GBP", "CAD", "AUD"])
            user = "u%s" % junk(rng, 9)
            email = "%s@%s" % (junk(rng, 9), rng.choice(DISPOSABLE + ["gmail.com"]))
            inst.order(t, dev, ip(rng, ctx, net),
                       mk_order(rng, user, email, cur, rng.choice(DENOMINATIONS[cur][0][:3]),
                                product=rng.choice(GAMES)))
            t += rng.uniform(4, 40)
        out.append(inst)
    return out


FRAUD = [f12_card_testing, f12_stolen_card_cashout, f12_ato_drain, f12_device_rotation,
         f12_low_and_slow, f12_reseller_bot, f12_promo_abuse, f12_friendly_fraud,
         f12_triangulation, f12_phone_farm, f12_api_bin_attack]
