"""The tenth holdout set (`--personas holdout10`): buyers and attackers of a 2026
auto-delivery gift-card, game top-up and software-key shop, written blind to judge
risk-policy changes being made at the same time by other engineers. Default seeds
101,102,103.

What its author read (and only this):
- the harness plumbing: models/eval/__main__.py, cell.py, traffic.py, classify.py (its
  first 40 lines were allowed; not opened), clients.py (profile API and the existing
  profiles), build_ip_table.py, holdout_testkit.py;
- personas.py lines 1-162 (the module docstring, shared vocabulary, the Device / Instance
  classes and helpers; no persona body);
- holdout8.py lines 1-60 (its docstring, imports and the first lines of its locale table)
  as the form template, and test_holdout8.py as the test template;
- models/EVAL.md's "## Eighth holdout (method)" section (its first 30 lines) extracted with
  awk, without listing the file's headings; the "## Method" section was not opened;
- the demo config's `[routes.order]` table (the order field map; it also shows that route's
  `review = "hold"` and `channel_group = "payments"` lines and the comment after it);
- the organisation names and countries of the AS numbers picked for this set's pools, from
  geoip/asn.mmdb and geoip/country.mmdb;
- the issue text quoted in the task (the target and its list of hard cases).
Glimpses, disclosed: holdout8's docstring (allowed reading) and the eighth set's method
section both repeat that set's own glimpses: the titles of some EVAL.md results sections,
the order route's rate limit (30 a minute per ip) and purchase limits (5 / 10 a day per
user) from holdout6's docstring, and the last two rows of an EVAL.md results table (holdout2
and holdout6: no legitimate order blocked, about 4-8 % reviewed, about 39-67 % of fraud
caught). Reading build_ip_table.py (allowed) showed the ninth set's pool block in passing
(e.g. a pool "h9_vps" of Contabo, DigitalOcean and Hetzner) and clients.py the names of
the h9_ profiles. Nothing here was tuned to any of that, and no persona, volume or
parameter was changed after the one plumbing run (seed 101, hour 14, its printed report
sent to /dev/null), whose result JSON was read only as order counts per persona.

Not read: src/ (any Rust), the config's other sections, models/train/, models/MODEL.md,
models/report/, the persona bodies of holdout*.py (past holdout8.py line 60), holdout9.py
and its test and table, personas.py past its helpers, fraud.py, any result in EVAL.md,
README, BENCHMARKS.md, and no git log or diff but this work's.

Each persona is `f(rng, ctx) -> [Instance]`; names start with h10_ (legitimate, about 520
orders per cell, 16 personas) or f10_ (fraud, about 300, 11 personas). Each docstring names
the trace the persona leaves at the edge. Some fraud leaves almost none (it is in here
because it exists: a shop sees it as chargebacks weeks later).
"""

import json
import os
import string

from .personas import DENOMINATIONS, DISPOSABLE, MAIL, NAMES, SURNAMES, Device, Instance

HERE = os.path.dirname(os.path.abspath(__file__))

# This set's own address pools (build_ip_table.py --set holdout10); the main table's pools
# arrive through ctx.pools.
with open(os.path.join(HERE, "ip_table_holdout10.json")) as _f:
    EXTRA = json.load(_f)["pools"]

ZERO_DECIMAL = {"JPY", "KRW"}

# How long ago an established browser first got its cookie (days).
AGES = (2, 9, 35, 120, 420)

# country -> (Accept-Language, currency, IANA zone, UTC offset minutes in winter,
#             home pools, mobile pools)
LOC = {
    "US": ("en-US,en;q=0.9", "USD", "America/Chicago", -360,
           ["home_US", "h10_home_US"], ["mobile_US", "h10_mobile_US"]),
    "GB": ("en-GB,en;q=0.9", "GBP", "Europe/London", 0, ["home_GB"], ["mobile_GB"]),
    "DE": ("de-DE,de;q=0.9,en;q=0.8", "EUR", "Europe/Berlin", 60,
           ["home_DE", "h10_home_DE"], ["mobile_DE"]),
    "FR": ("fr-FR,fr;q=0.9,en;q=0.6", "EUR", "Europe/Paris", 60,
           ["home_FR", "h10_home_FR"], ["mobile_FR"]),
    "NL": ("nl-NL,nl;q=0.9,en;q=0.8", "EUR", "Europe/Amsterdam", 60,
           ["home_NL", "h10_home_NL"], ["home_NL"]),
    "ES": ("es-ES,es;q=0.9", "EUR", "Europe/Madrid", 60, ["home_ES"], ["home_ES"]),
    "IT": ("it-IT,it;q=0.9", "EUR", "Europe/Rome", 60, ["home_IT"], ["home_IT"]),
    "JP": ("ja,en-US;q=0.9,en;q=0.8", "JPY", "Asia/Tokyo", 540,
           ["home_JP", "h10_home_JP"], ["mobile_JP"]),
    "KR": ("ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7", "KRW", "Asia/Seoul", 540,
           ["home_KR", "h10_home_KR"], ["mobile_KR", "h10_mobile_KR"]),
    "CN": ("zh-CN,zh;q=0.9,en;q=0.8", "CNY", "Asia/Shanghai", 480,
           ["home_CN", "h10_home_CN"], ["h10_home_CN"]),
    "IN": ("en-IN,en-GB;q=0.9,en;q=0.8,hi;q=0.7", "INR", "Asia/Kolkata", 330,
           ["home_IN"], ["mobile_IN", "h10_mobile_IN"]),
    "BR": ("pt-BR,pt;q=0.9,en;q=0.7", "BRL", "America/Sao_Paulo", -180,
           ["home_BR"], ["h10_mobile_BR"]),
    "CA": ("en-CA,en;q=0.9,fr-CA;q=0.7", "CAD", "America/Toronto", -300,
           ["home_CA"], ["home_CA"]),
    "AU": ("en-AU,en;q=0.9", "AUD", "Australia/Sydney", 660, ["home_AU"], ["home_AU"]),
}

DESK = ["chrome_win", "edge_win", "safari_mac", "firefox_win", "h10_chrome_mac_143"]
PHONE = ["safari_iphone", "chrome_android", "samsung_android", "h10_chrome_android_143"]
PRODUCTS = ["steam", "psn", "xbox", "nintendo-eshop", "apple", "google-play", "roblox",
            "valorant-points", "genshin-crystals", "pubg-uc", "free-fire-diamonds",
            "windows-11-pro", "office-2024", "kaspersky", "netflix", "spotify", "razer-gold"]
PAY = {"US": ["card", "apple_pay", "google_pay", "paypal", "cashapp"],
       "GB": ["card", "apple_pay", "paypal"], "DE": ["paypal", "klarna", "card", "sofort"],
       "FR": ["card", "paypal", "cb"], "NL": ["ideal", "paypal", "card"],
       "ES": ["card", "bizum", "paypal"], "IT": ["card", "paypal", "satispay"],
       "JP": ["card", "paypay", "konbini", "carrier_billing"],
       "KR": ["kakaopay", "naverpay", "card", "toss"], "CN": ["alipay", "wechat_pay", "unionpay"],
       "IN": ["upi", "card", "paytm"], "BR": ["pix", "card", "boleto"],
       "CA": ["card", "interac", "paypal"], "AU": ["card", "paypal", "afterpay"]}
# Mail services this set adds to the shared list.
MAIL_EXTRA = {"CN": ["qq.com", "163.com", "foxmail.com"], "JP": ["gmail.com", "icloud.com",
              "ezweb.ne.jp", "softbank.ne.jp"], "KR": ["naver.com", "kakao.com", "gmail.com"]}
ALIASES = ["privaterelay.appleid.com", "duck.com", "simplelogin.com", "proton.me",
           "addy.io", "passmail.net"]


def pick(rng, ctx, pool):
    """An address from `pool` (the main table's or this set's)."""
    pools = ctx.pools.get(pool) or EXTRA[pool]
    return rng.choice(pools)[0]


def device(rng, cc, profile, age=None, cookies="keep", beacon=True):
    lang, _, tz, off, _, _ = LOC[cc]
    return Device(rng, profile, lang, (tz, off), cookies=cookies, age_days=age, beacon=beacon)


def home_ip(rng, ctx, cc):
    return pick(rng, ctx, rng.choice(LOC[cc][4]))


def mobile_ip(rng, ctx, cc):
    return pick(rng, ctx, rng.choice(LOC[cc][5]))


def face(rng, cur, high=False):
    typical, big = DENOMINATIONS[cur]
    return rng.choice(big if high else typical)


def money(value, cur):
    return int(round(value)) if cur in ZERO_DECIMAL else round(float(value), 2)


def make_order(rng, user, email, cur, value, qty=1, product=None, method="card"):
    return {"product": "%s-%s" % (product or rng.choice(PRODUCTS), value), "quantity": qty,
            "amount": money(value * qty, cur), "currency": cur, "user": user,
            "email": email, "payment_method": method}


def buyer(rng, cc, domain=None):
    first, last = rng.choice(NAMES), rng.choice(SURNAMES)
    local = ("%s%s%s%s" % (first, rng.choice([".", "_", ""]), last,
                           rng.choice(["", "", str(rng.randint(1, 99)),
                                       str(rng.randint(1975, 2008))]))).replace("-", "")
    mails = MAIL_EXTRA.get(cc) or MAIL.get(cc) or MAIL["US"]
    return local, "%s@%s" % (local, domain or rng.choice(mails))


def junk(rng, n, alphabet=string.ascii_lowercase + string.digits):
    return "".join(rng.choice(alphabet) for _ in range(n))


def t0(rng, ctx, tail=600):
    return rng.uniform(30, max(60, ctx.window - tail))


# ---------------------------------------------------------------- legitimate buyers

def h10_returning_us(rng, ctx):
    """Returning US buyers on their own phone or laptop (aged cookie, home or carrier
    address), one or two ordinary cards. Trace: a known device, a US consumer network, usual
    amounts, browse-then-buy pacing."""
    out = []
    for _ in range(ctx.n(30)):
        inst = Instance("h10_returning_us", "legit")
        mob = rng.random() < 0.6
        dev = device(rng, "US", rng.choice(PHONE if mob else DESK), age=rng.choice(AGES))
        user, email = buyer(rng, "US")
        t = t0(rng, ctx)
        ip = mobile_ip(rng, ctx, "US") if mob else home_ip(rng, ctx, "US")
        inst.visit(t, dev, ip)
        for _ in range(rng.choice([1, 1, 1, 2])):
            t += rng.uniform(40, 400)
            inst.order(t, dev, ip, make_order(rng, user, email, "USD", face(rng, "USD"),
                                              method=rng.choice(PAY["US"])))
        out.append(inst)
    return out


def h10_first_big_new_device(rng, ctx):
    """First purchase on a brand-new device with a high amount (a graduation / holiday gift,
    a new console's wallet), across currencies. Trace: no cookie history, one visit, then
    one high-value order after reading the page; a home or mobile address in the locale."""
    out = []
    for _ in range(ctx.n(36)):
        cc = rng.choice(["US", "GB", "DE", "FR", "JP", "KR", "CN", "CA", "AU", "NL"])
        cur = LOC[cc][1]
        inst = Instance("h10_first_big_new_device", "legit")
        mob = rng.random() < 0.5
        dev = device(rng, cc, rng.choice(PHONE if mob else DESK))
        user, email = buyer(rng, cc)
        ip = mobile_ip(rng, ctx, cc) if mob else home_ip(rng, ctx, cc)
        t = t0(rng, ctx)
        inst.visit(t, dev, ip)
        if rng.random() < 0.5:
            inst.visit(t + rng.uniform(30, 200), dev, ip)
        inst.order(t + rng.uniform(200, 540), dev, ip,
                   make_order(rng, user, email, cur, face(rng, cur, high=True),
                              method=rng.choice(PAY[cc])))
        out.append(inst)
    return out


def h10_night_topup(rng, ctx):
    """Gamers topping up in bursts: 2-4 small top-ups within the hour on one device (a
    raid, a gacha banner), KRW / JPY / USD / BRL / EUR. Trace: an established device, repeat
    orders minutes apart, same address, small amounts; many at night."""
    out = []
    for _ in range(ctx.n(11)):
        cc = rng.choice(["KR", "KR", "JP", "US", "BR", "DE"])
        cur = LOC[cc][1]
        inst = Instance("h10_night_topup", "legit")
        mob = rng.random() < 0.55
        prof = rng.choice(PHONE) if mob else rng.choice(["chrome_win", "edge_win", "h7_opera_gx"])
        dev = device(rng, cc, prof, age=rng.choice(AGES))
        user, email = buyer(rng, cc)
        ip = mobile_ip(rng, ctx, cc) if mob else home_ip(rng, ctx, cc)
        t = t0(rng, ctx, 1200)
        inst.visit(t, dev, ip)
        product = rng.choice(["genshin-crystals", "valorant-points", "pubg-uc", "roblox",
                              "free-fire-diamonds"])
        for _ in range(rng.randint(2, 4)):
            t += rng.uniform(90, 700)
            inst.order(t, dev, ip, make_order(rng, user, email, cur, face(rng, cur),
                                              product=product, method=rng.choice(PAY[cc])))
        out.append(inst)
    return out


def h10_privacy_cookieless(rng, ctx):
    """Privacy-minded buyers: Safari behind iCloud Private Relay, Firefox strict, Brave,
    Tor Browser and DuckDuckGo on Android through a consumer VPN, cookies blocked or wiped
    per session, mail aliases. Trace: no cookie (or a fresh one per visit), relay or VPN
    egress, sometimes no beacon, an alias address; ordinary amounts."""
    out = []
    for _ in range(ctx.n(32)):
        cc = rng.choice(["US", "US", "DE", "GB", "FR", "NL", "JP"])
        cur = LOC[cc][1]
        inst = Instance("h10_privacy_cookieless", "legit")
        kind = rng.random()
        if kind < 0.35:
            dev = device(rng, cc, rng.choice(["safari_iphone", "safari_mac"]), cookies="none")
            pool = {"US": "relay_US", "DE": "relay_DE", "JP": "relay_JP"}.get(cc, "relay_US")
        elif kind < 0.7:
            dev = device(rng, cc, rng.choice(["firefox_strict", "brave_win", "h6_brave_android"]),
                         cookies="session")
            pool = "h10_vpn" if rng.random() < 0.5 else rng.choice(LOC[cc][4])
        else:
            dev = device(rng, cc, rng.choice(["h6_tor_browser", "h9_ddg_android",
                                               "h5_mullvad_browser"]),
                         cookies="none", beacon=rng.random() < 0.5)
            pool = "h10_vpn"
        local = junk(rng, rng.randint(8, 12))
        user, email = buyer(rng, cc)[0], "%s@%s" % (local, rng.choice(ALIASES))
        t = t0(rng, ctx)
        ip = pick(rng, ctx, pool)
        inst.visit(t, dev, ip)
        inst.order(t + rng.uniform(60, 420), dev, ip,
                   make_order(rng, user, email, cur, face(rng, cur),
                              method=rng.choice(["card", "paypal", "apple_pay"])))
        out.append(inst)
    return out


def h10_cgnat_abroad(rng, ctx):
    """Mobile buyers whose carrier's carrier-grade NAT ranges geolocate in another country
    (Vodafone DE, Jio, Telkomsel ranges listed abroad), buying in their home currency. Trace:
    a phone with a home locale and an aged cookie on an address placed abroad; addresses
    shared with thousands of subscribers."""
    out = []
    for _ in range(ctx.n(30)):
        cc, pool = rng.choice([("DE", "mobile_abroad_DE"), ("IN", "mobile_abroad_IN"),
                               ("IN", "h10_mobile_abroad_ID"), ("DE", "mobile_abroad_DE")])
        if pool == "h10_mobile_abroad_ID":
            cc = "US"  # an Indonesian carrier's range, buyer's phone set to US English / USD
        cur = LOC[cc][1]
        inst = Instance("h10_cgnat_abroad", "legit")
        dev = device(rng, cc, rng.choice(PHONE), age=rng.choice(AGES + (None,)))
        user, email = buyer(rng, cc)
        t = t0(rng, ctx)
        inst.visit(t, dev, pick(rng, ctx, pool))
        # Each request may leave through a different NAT address.
        inst.order(t + rng.uniform(60, 500), dev, pick(rng, ctx, pool),
                   make_order(rng, user, email, cur, face(rng, cur),
                              method=rng.choice(PAY[cc])))
        out.append(inst)
    return out


def h10_corp_bulk(rng, ctx):
    """Corporate buyers: an HR or marketing team buying employee / customer rewards in bulk
    (10-50 cards of one kind) from the office behind a secure-access gateway, a company mail
    domain, invoice or corporate card. Trace: gateway egress (Zscaler, Netskope, Prisma),
    Windows Edge / Chrome, high totals, quantity > 1, a few orders in a row."""
    out = []
    for _ in range(ctx.n(11)):
        cc = rng.choice(["US", "US", "GB", "DE", "JP", "KR", "FR"])
        cur = LOC[cc][1]
        inst = Instance("h10_corp_bulk", "legit")
        dev = device(rng, cc, rng.choice(["edge_win", "chrome_win", "edge_win"]),
                     age=rng.choice((None,) + AGES))
        company = rng.choice(["acme", "northwind", "contoso", "globex", "initech", "umbrella",
                              "stark", "wayne", "hooli", "vandelay"]) + junk(rng, 2, "0123456789")
        user = "%s-procurement" % company
        email = "%s@%s.%s" % (buyer(rng, cc)[0], company,
                              {"GB": "co.uk", "DE": "de", "JP": "co.jp", "KR": "co.kr",
                               "FR": "fr"}.get(cc, "com"))
        t = t0(rng, ctx, 900)
        ip = pick(rng, ctx, "h10_corp")
        inst.visit(t, dev, ip)
        for _ in range(rng.randint(2, 4)):
            t += rng.uniform(60, 240)
            inst.order(t, dev, ip, make_order(rng, user, email, cur, face(rng, cur),
                                              qty=rng.choice([10, 10, 20, 25, 50]),
                                              product=rng.choice(["amazon", "apple", "steam",
                                                                  "netflix", "spotify"]),
                                              method=rng.choice(["invoice", "card"])))
        out.append(inst)
    return out


def h10_traveller(rng, ctx):
    """Travellers buying from hotel / cafe Wi-Fi abroad or in-flight / satellite Wi-Fi, on
    their own aged phone or laptop, home locale and currency. Trace: an aged device and a
    known account on an address in another country (or a satellite block)."""
    out = []
    for _ in range(ctx.n(28)):
        cc = rng.choice(["US", "GB", "DE", "JP", "KR", "CN", "FR", "AU"])
        cur = LOC[cc][1]
        inst = Instance("h10_traveller", "legit")
        mob = rng.random() < 0.6
        dev = device(rng, cc, rng.choice(PHONE if mob else DESK), age=rng.choice(AGES))
        user, email = buyer(rng, cc)
        pool = "h10_satellite" if rng.random() < 0.25 else "h10_travel"
        ip = pick(rng, ctx, pool)
        t = t0(rng, ctx)
        inst.visit(t, dev, ip)
        inst.order(t + rng.uniform(60, 500), dev, ip,
                   make_order(rng, user, email, cur, face(rng, cur, high=rng.random() < 0.2),
                              method=rng.choice(PAY[cc])))
        out.append(inst)
    return out


def h10_jp_buyers(rng, ctx):
    """Japanese buyers: yen amounts, carrier mail, PayPay / konbini / carrier billing, iPhone
    majority, home fibre or mobile. Trace: ja locale, JP networks, round yen amounts."""
    out = []
    for _ in range(ctx.n(30)):
        inst = Instance("h10_jp_buyers", "legit")
        mob = rng.random() < 0.7
        prof = rng.choice(["safari_iphone", "safari_iphone", "chrome_android"]) if mob else \
            rng.choice(DESK)
        dev = device(rng, "JP", prof, age=rng.choice(AGES + (None,)))
        user, email = buyer(rng, "JP")
        ip = mobile_ip(rng, ctx, "JP") if mob else home_ip(rng, ctx, "JP")
        t = t0(rng, ctx)
        inst.visit(t, dev, ip)
        inst.order(t + rng.uniform(50, 400), dev, ip,
                   make_order(rng, user, email, "JPY", face(rng, "JPY", rng.random() < 0.15),
                              method=rng.choice(PAY["JP"])))
        out.append(inst)
    return out


def h10_kr_mobile(rng, ctx):
    """Korean buyers on Samsung Internet / Chrome / Naver app, KakaoPay / Naver Pay / Toss,
    won amounts, on SKT / LG U+ / KT. Trace: ko locale, KR carriers, a phone, KRW."""
    out = []
    for _ in range(ctx.n(26)):
        inst = Instance("h10_kr_mobile", "legit")
        prof = rng.choice(["samsung_android", "samsung_android", "safari_iphone",
                           "h9_naver_android", "h10_chrome_android_143"])
        dev = device(rng, "KR", prof, age=rng.choice(AGES + (None,)))
        user, email = buyer(rng, "KR")
        ip = mobile_ip(rng, ctx, "KR") if rng.random() < 0.75 else home_ip(rng, ctx, "KR")
        t = t0(rng, ctx)
        inst.visit(t, dev, ip)
        for _ in range(rng.choice([1, 1, 2])):
            t += rng.uniform(40, 400)
            inst.order(t, dev, ip, make_order(rng, user, email, "KRW",
                                              face(rng, "KRW", rng.random() < 0.15),
                                              method=rng.choice(PAY["KR"])))
        out.append(inst)
    return out


def h10_cn_buyers(rng, ctx):
    """Chinese buyers paying in CNY with Alipay / WeChat Pay, at home or as students abroad
    whose campus / CN2 routes leave through China Telecom ranges placed abroad; some via the
    WeChat in-app browser. Trace: zh-CN locale, CN networks or Chinanet ranges abroad."""
    out = []
    for _ in range(ctx.n(28)):
        inst = Instance("h10_cn_buyers", "legit")
        prof = rng.choice(["h7_wechat_android", "h8_wechat_ios", "chrome_win", "safari_iphone",
                           "edge_win"])
        dev = device(rng, "CN", prof, age=rng.choice(AGES + (None,)))
        user, email = buyer(rng, "CN")
        pool = "h10_abroad_CN" if rng.random() < 0.25 else rng.choice(LOC["CN"][4])
        ip = pick(rng, ctx, pool)
        t = t0(rng, ctx)
        inst.visit(t, dev, ip)
        inst.order(t + rng.uniform(50, 450), dev, ip,
                   make_order(rng, user, email, "CNY", face(rng, "CNY", rng.random() < 0.15),
                              method=rng.choice(PAY["CN"])))
        out.append(inst)
    return out


def h10_eu_regulars(rng, ctx):
    """Euro-area regulars (DE, FR, NL, ES, IT) on home broadband or mobile, PayPal / Klarna /
    iDEAL / Bizum, aged devices, now and then two orders. Trace: the locale's networks, a
    known device, EUR."""
    out = []
    for _ in range(ctx.n(28)):
        cc = rng.choice(["DE", "DE", "FR", "NL", "ES", "IT"])
        inst = Instance("h10_eu_regulars", "legit")
        mob = rng.random() < 0.45
        dev = device(rng, cc, rng.choice(PHONE if mob else DESK), age=rng.choice(AGES))
        user, email = buyer(rng, cc)
        ip = mobile_ip(rng, ctx, cc) if mob else home_ip(rng, ctx, cc)
        t = t0(rng, ctx)
        inst.visit(t, dev, ip)
        for _ in range(rng.choice([1, 1, 1, 2])):
            t += rng.uniform(40, 500)
            inst.order(t, dev, ip, make_order(rng, user, email, "EUR", face(rng, "EUR"),
                                              method=rng.choice(PAY[cc])))
        out.append(inst)
    return out


def h10_gift_recipients(rng, ctx):
    """December gifting: one buyer sends 3-5 cards to different recipients (delivery address
    = the recipient's mail) within minutes. Trace: one account and device, several orders,
    a different email on each, mixed amounts."""
    out = []
    for _ in range(ctx.n(8)):
        cc = rng.choice(["US", "GB", "DE", "CA", "AU", "JP", "KR"])
        cur = LOC[cc][1]
        inst = Instance("h10_gift_recipients", "legit")
        mob = rng.random() < 0.4
        dev = device(rng, cc, rng.choice(PHONE if mob else DESK), age=rng.choice(AGES))
        user, _ = buyer(rng, cc)
        ip = mobile_ip(rng, ctx, cc) if mob else home_ip(rng, ctx, cc)
        t = t0(rng, ctx, 1200)
        inst.visit(t, dev, ip)
        for _ in range(rng.randint(3, 5)):
            t += rng.uniform(45, 240)
            inst.order(t, dev, ip, make_order(rng, user, buyer(rng, cc)[1], cur,
                                              face(rng, cur, rng.random() < 0.2),
                                              method=rng.choice(PAY[cc])))
        out.append(inst)
    return out


def h10_inapp_webview(rng, ctx):
    """Buyers arriving from a creator's link inside Instagram / TikTok / Discord / LINE /
    KakaoTalk: the in-app browser has its own cookie jar, so the device is new even for a
    returning account. Trace: a webview UA, no cookie history, a mobile carrier, quick
    checkout of a small card."""
    out = []
    for _ in range(ctx.n(32)):
        prof, cc = rng.choice([("h9_instagram_iphone", "US"), ("h9_tiktok_android", "US"),
                               ("h7_discord_iphone", "GB"), ("h9_line_iphone", "JP"),
                               ("h8_kakaotalk_android", "KR"), ("h9_tiktok_android", "BR"),
                               ("h9_instagram_iphone", "DE")])
        cur = LOC[cc][1]
        inst = Instance("h10_inapp_webview", "legit")
        dev = device(rng, cc, prof)
        user, email = buyer(rng, cc)
        ip = mobile_ip(rng, ctx, cc)
        t = t0(rng, ctx)
        inst.visit(t, dev, ip)
        inst.order(t + rng.uniform(25, 200), dev, ip,
                   make_order(rng, user, email, cur, face(rng, cur),
                              method=rng.choice(PAY[cc])))
        out.append(inst)
    return out


def h10_shared_household(rng, ctx):
    """A household's one tablet or PC used by parent and children, each with their own
    account (allowance top-ups), all from the home line. Trace: one aged device, two or three
    accounts, small amounts, minutes apart."""
    out = []
    for _ in range(ctx.n(12)):
        cc = rng.choice(["US", "GB", "DE", "FR", "KR", "JP", "CA", "AU"])
        cur = LOC[cc][1]
        inst = Instance("h10_shared_household", "legit")
        dev = device(rng, cc, rng.choice(["h6_family_tablet", "chrome_win", "safari_mac",
                                          "edge_win"]), age=rng.choice(AGES[1:]))
        ip = home_ip(rng, ctx, cc)
        _, surname_mail = buyer(rng, cc)
        t = t0(rng, ctx, 1200)
        inst.visit(t, dev, ip)
        for _ in range(rng.randint(2, 3)):
            user, email = buyer(rng, cc)
            t += rng.uniform(120, 600)
            inst.order(t, dev, ip, make_order(rng, user, rng.choice([email, surname_mail]), cur,
                                              rng.choice(DENOMINATIONS[cur][0][:3]),
                                              product=rng.choice(["roblox", "nintendo-eshop",
                                                                  "xbox", "psn"]),
                                              method=rng.choice(PAY[cc])))
        out.append(inst)
    return out


def h10_mobile_first(rng, ctx):
    """Mobile-first markets: India (Jio / Airtel, UPI) and Brazil (Vivo / TIM, Pix), mid-range
    Android on heavy carrier-grade NAT, game currency top-ups. Trace: Android, IN / BR
    carriers, addresses shared by many subscribers, INR / BRL."""
    out = []
    for _ in range(ctx.n(32)):
        cc = rng.choice(["IN", "IN", "BR"])
        cur = LOC[cc][1]
        inst = Instance("h10_mobile_first", "legit")
        dev = device(rng, cc, rng.choice(["chrome_android", "h10_chrome_android_143",
                                          "samsung_android"]), age=rng.choice(AGES + (None,)))
        user, email = buyer(rng, cc)
        t = t0(rng, ctx)
        inst.visit(t, dev, mobile_ip(rng, ctx, cc))
        inst.order(t + rng.uniform(40, 400), dev, mobile_ip(rng, ctx, cc),
                   make_order(rng, user, email, cur, face(rng, cur),
                              product=rng.choice(["free-fire-diamonds", "pubg-uc",
                                                  "google-play", "valorant-points"]),
                              method=rng.choice(PAY[cc])))
        out.append(inst)
    return out


def h10_express_checkout(rng, ctx):
    """Wallet express checkout: a returning buyer taps a saved product link, Apple Pay /
    Google Pay / Shop Pay, the order lands seconds after the page view. Trace: an aged
    device, a very short page-to-order time, a consumer network."""
    out = []
    for _ in range(ctx.n(32)):
        cc = rng.choice(["US", "US", "GB", "CA", "AU", "DE", "JP"])
        cur = LOC[cc][1]
        inst = Instance("h10_express_checkout", "legit")
        mob = rng.random() < 0.7
        dev = device(rng, cc, rng.choice(PHONE if mob else DESK), age=rng.choice(AGES))
        user, email = buyer(rng, cc)
        ip = mobile_ip(rng, ctx, cc) if mob else home_ip(rng, ctx, cc)
        t = t0(rng, ctx)
        inst.visit(t, dev, ip)
        inst.order(t + rng.uniform(3, 15), dev, ip,
                   make_order(rng, user, email, cur, face(rng, cur),
                              method=rng.choice(["apple_pay", "google_pay", "shop_pay"])))
        out.append(inst)
    return out


LEGIT = [h10_returning_us, h10_first_big_new_device, h10_night_topup, h10_privacy_cookieless,
         h10_cgnat_abroad, h10_corp_bulk, h10_traveller, h10_jp_buyers, h10_kr_mobile,
         h10_cn_buyers, h10_eu_regulars, h10_gift_recipients, h10_inapp_webview,
         h10_shared_household, h10_mobile_first, h10_express_checkout]


# ---------------------------------------------------------------- fraud


class LinkedCookieDevice(Device):
    """A thief's browser carrying the cookie stolen from `origin` (infostealer logs):
    it reads the origin's current cookie until the shop sets one of its own."""

    def __init__(self, rng, origin, profile, lang, tz):
        self._origin, self._own = origin, None
        super().__init__(rng, profile, lang, tz, cookies="keep")

    @property
    def cookie(self):
        return self._own if self._own is not None else self._origin.cookie

    @cookie.setter
    def cookie(self, value):
        self._own = value


def f10_card_testing_resi(rng, ctx):
    """Card testing through a rotating residential-proxy network: every order from a new
    consumer address, a new account and disposable or random mail, smallest denominations,
    a stealth or impersonating client with cookies off. Trace: no cookie, no history, tiny
    amounts, many orders in the window spread over residential addresses."""
    inst_out = []
    for _ in range(ctx.n(3)):
        inst = Instance("f10_card_testing_resi", "fraud")
        prof = rng.choice(["stealth_puppeteer", "h10_curl_cffi", "h7_impersonate_chrome"])
        t = t0(rng, ctx, 1500)
        for _ in range(rng.randint(9, 12)):
            cc = rng.choice(["US", "US", "GB"])
            dev = device(rng, cc, prof, cookies="none")
            ip = pick(rng, ctx, "h10_resi_US" if cc == "US" else "h10_resi_GB")
            user = junk(rng, 9)
            email = "%s@%s" % (junk(rng, 10), rng.choice(DISPOSABLE + ["gmail.com"]))
            cur = LOC[cc][1]
            t += rng.uniform(20, 120)
            if rng.random() < 0.3:
                inst.visit(t - rng.uniform(2, 8), dev, ip)
            inst.order(t, dev, ip, make_order(rng, user, email, cur, DENOMINATIONS[cur][0][0],
                                              product=rng.choice(["steam", "google-play",
                                                                  "razer-gold"])))
        inst_out.append(inst)
    return inst_out


def f10_ato_many_devices(rng, ctx):
    """Account takeover with credential-stuffed logins: one victim's account ordered from
    several fresh antidetect profiles, each on its own residential address in the victim's
    country, high-value cards. Trace: one account, several new devices, high amounts, the
    victim's own mail."""
    out = []
    for _ in range(ctx.n(9)):
        cc = rng.choice(["US", "US", "GB", "DE", "JP"])
        cur = LOC[cc][1]
        inst = Instance("f10_ato_many_devices", "fraud")
        user, email = buyer(rng, cc)
        t = t0(rng, ctx, 1200)
        for _ in range(rng.randint(2, 4)):
            dev = device(rng, cc, rng.choice(["h6_antidetect_pro", "h7_antidetect_mac",
                                              "h8_antidetect_mac", "h5_antidetect_win"]),
                         cookies=rng.choice(["keep", "session"]))
            pool = "h10_resi_US" if cc == "US" else ("h10_resi_GB" if cc == "GB"
                                                     else rng.choice(LOC[cc][4]))
            ip = pick(rng, ctx, pool)
            t += rng.uniform(60, 400)
            inst.visit(t - rng.uniform(10, 60), dev, ip)
            inst.order(t, dev, ip, make_order(rng, user, email, cur, face(rng, cur, True),
                                              product=rng.choice(["apple", "steam", "amazon",
                                                                  "psn"])))
        out.append(inst)
    return out


def f10_low_and_slow(rng, ctx):
    """Low-and-slow cash-out: a patient operator places one ordinary-looking order every
    10-20 minutes, each from a fresh browser profile on a fresh residential or mobile
    address, a new account with plausible mail, typical amounts. Trace: little: new device,
    new account, consumer network; only the volume across the day ties them together."""
    out = []
    for _ in range(ctx.n(10)):
        inst = Instance("f10_low_and_slow", "fraud")
        t = rng.uniform(30, 600)
        while t < ctx.window - 60 and len(inst.actions) < 9:
            cc = rng.choice(["US", "US", "GB"])
            cur = LOC[cc][1]
            mob = rng.random() < 0.4
            dev = device(rng, cc, rng.choice(PHONE if mob else DESK))
            ip = pick(rng, ctx, "h10_mobile_US" if (mob and cc == "US") else
                      ("h10_resi_US" if cc == "US" else "h10_resi_GB"))
            user, email = buyer(rng, cc)
            inst.visit(t, dev, ip)
            inst.order(t + rng.uniform(60, 240), dev, ip,
                       make_order(rng, user, email, cur, face(rng, cur)))
            t += rng.uniform(600, 1200)
        out.append(inst)
    return out


def f10_script_checker(rng, ctx):
    """Gift-card / key checkers as plain scripts (httpx, Go, node, curl_cffi) from cloud
    VPS addresses, no cookies and no beacon, a burst of orders across many accounts. Trace:
    script UA or a header-perfect client with no JavaScript, hosting ASNs, no cookie."""
    out = []
    for _ in range(ctx.n(3)):
        inst = Instance("f10_script_checker", "fraud")
        prof = rng.choice(["h8_httpx", "go_http", "h6_node_undici", "h10_curl_cffi",
                           "python_requests"])
        cc = rng.choice(["US", "GB", "DE"])
        cur = LOC[cc][1]
        t = t0(rng, ctx, 1200)
        ips = [pick(rng, ctx, "h10_cloud") for _ in range(3)]
        for _ in range(rng.randint(8, 11)):
            dev = device(rng, cc, prof, cookies="none", beacon=False)
            t += rng.uniform(5, 60)
            inst.order(t, dev, rng.choice(ips),
                       make_order(rng, junk(rng, 8), "%s@%s" % (junk(rng, 8),
                                                               rng.choice(DISPOSABLE)),
                                  cur, face(rng, cur)))
        out.append(inst)
    return out


def f10_stolen_card_vpn(rng, ctx):
    """Stolen-card cash-out through a consumer VPN: new account, disposable mail, the
    highest denominations, a browser whose language and time zone are the fraudster's (ru,
    vi, id, tr) while the card's currency is USD / EUR / GBP. Trace: VPN exit, locale vs
    currency mismatch, new device, high amount, disposable mail."""
    out = []
    for _ in range(ctx.n(24)):
        cur = rng.choice(["USD", "USD", "EUR", "GBP"])
        inst = Instance("f10_stolen_card_vpn", "fraud")
        lang, tz = rng.choice([("ru-RU,ru;q=0.9,en;q=0.8", ("Europe/Moscow", 180)),
                               ("vi-VN,vi;q=0.9,en;q=0.8", ("Asia/Ho_Chi_Minh", 420)),
                               ("id-ID,id;q=0.9,en;q=0.8", ("Asia/Jakarta", 420)),
                               ("tr-TR,tr;q=0.9,en;q=0.8", ("Europe/Istanbul", 180)),
                               ("en-US,en;q=0.9", ("Europe/Moscow", 180))])
        dev = Device(rng, rng.choice(DESK + PHONE), lang, tz, cookies="keep")
        ip = pick(rng, ctx, "h10_vpn")
        user = junk(rng, 10)
        email = "%s@%s" % (junk(rng, 11), rng.choice(DISPOSABLE))
        t = t0(rng, ctx)
        inst.visit(t, dev, ip)
        inst.order(t + rng.uniform(30, 200), dev, ip,
                   make_order(rng, user, email, cur, face(rng, cur, True),
                              product=rng.choice(["steam", "apple", "razer-gold", "xbox"])))
        out.append(inst)
    return out


def f10_device_farm(rng, ctx):
    """A phone / emulator farm: a handful of devices each cycling through many new accounts
    on mobile carrier addresses (and mobile proxies), small-to-mid amounts, promo-sized
    orders. Trace: many accounts per device, emulator or farm handset profiles, carrier
    addresses."""
    out = []
    for _ in range(ctx.n(3)):
        inst = Instance("f10_device_farm", "fraud")
        cc = rng.choice(["US", "IN", "BR"])
        cur = LOC[cc][1]
        devs = [device(rng, cc, rng.choice(["h6_emulator_x86", "h6_farm_handset",
                                            "h5_farm_phone", "h5_android_emulator"]))
                for _ in range(rng.randint(2, 3))]
        t = t0(rng, ctx, 1500)
        for dev in devs:
            inst.visit(t, dev, mobile_ip(rng, ctx, cc))
        for _ in range(rng.randint(8, 11)):
            dev = rng.choice(devs)
            t += rng.uniform(40, 160)
            user, email = buyer(rng, cc)
            inst.order(t, dev, mobile_ip(rng, ctx, cc),
                       make_order(rng, user, email, cur, face(rng, cur)))
        out.append(inst)
    return out


def f10_session_hijack(rng, ctx):
    """Infostealer session replay: the victim's aged browser visits the shop as usual; the
    thief replays its stolen cookie from an antidetect browser copying the victim's locale,
    on a residential address in the victim's country, and buys high-value cards on the
    victim's account. Trace: a known cookie on a new fingerprint and another address;
    the account's history is good."""
    out = []
    for _ in range(ctx.n(13)):
        cc = rng.choice(["US", "US", "GB", "DE", "KR"])
        cur = LOC[cc][1]
        lang, _, tz, off, _, _ = LOC[cc]
        inst = Instance("f10_session_hijack", "fraud")
        origin = device(rng, cc, rng.choice(DESK), age=rng.choice(AGES))
        user, email = buyer(rng, cc)
        t = rng.uniform(30, 300)
        inst.visit(t, origin, home_ip(rng, ctx, cc))
        thief = LinkedCookieDevice(rng, origin, rng.choice(["h6_antidetect_pro",
                                                             "h7_antidetect_mac", origin.profile]),
                                   lang, (tz, off))
        pool = "h10_resi_US" if cc == "US" else ("h10_resi_GB" if cc == "GB"
                                                 else rng.choice(LOC[cc][4]))
        ip = pick(rng, ctx, pool)
        t2 = rng.uniform(t + 300, ctx.window - 400)
        for _ in range(rng.choice([1, 2, 2])):
            t2 += rng.uniform(30, 180)
            inst.order(t2, thief, ip, make_order(rng, user, email, cur, face(rng, cur, True),
                                                 product=rng.choice(["apple", "steam", "psn"])))
        out.append(inst)
    return out


def f10_reseller_triangulation(rng, ctx):
    """A grey-market reseller's operator filling a marketplace's orders with stolen cards:
    one PC (kept cookie) behind a VPN or cloud desktop, a different customer account and
    mail per order, mixed currencies. Trace: one device with many accounts and emails,
    VPN / hosting egress, steady pace."""
    out = []
    for _ in range(ctx.n(3)):
        inst = Instance("f10_reseller_triangulation", "fraud")
        dev = device(rng, "US", rng.choice(["chrome_win", "h10_chrome_mac_143", "edge_win"]))
        pool = rng.choice(["h10_vpn", "h10_cloud"])
        t = t0(rng, ctx, 1500)
        ip = pick(rng, ctx, pool)
        inst.visit(t, dev, ip)
        for i in range(rng.randint(8, 11)):
            cc = rng.choice(["US", "GB", "DE", "FR", "CA"])
            cur = LOC[cc][1]
            if i % 4 == 3:
                ip = pick(rng, ctx, pool)
            t += rng.uniform(60, 200)
            user, email = buyer(rng, cc)
            inst.order(t, dev, ip, make_order(rng, user, email, cur, face(rng, cur)))
        out.append(inst)
    return out


def f10_friendly_fraud(rng, ctx):
    """First-party (friendly) fraud: a real customer on their own aged device and home line
    buys a card and later disputes the charge ("not received", "not authorised"). Trace:
    none at the edge that differs from a good customer; it is here because it exists."""
    out = []
    for _ in range(ctx.n(26)):
        cc = rng.choice(["US", "US", "GB", "DE", "FR", "CA"])
        cur = LOC[cc][1]
        inst = Instance("f10_friendly_fraud", "fraud")
        mob = rng.random() < 0.5
        dev = device(rng, cc, rng.choice(PHONE if mob else DESK), age=rng.choice(AGES))
        user, email = buyer(rng, cc)
        ip = mobile_ip(rng, ctx, cc) if mob else home_ip(rng, ctx, cc)
        t = t0(rng, ctx)
        inst.visit(t, dev, ip)
        inst.order(t + rng.uniform(60, 400), dev, ip,
                   make_order(rng, user, email, cur, face(rng, cur, rng.random() < 0.4)))
        out.append(inst)
    return out


def f10_asia_bin_attack(rng, ctx):
    """A BIN attack on yen / won / yuan top-ups: headless or Playwright browsers on cloud
    hosts and Chinanet ranges abroad, each order a new account, smallest denominations,
    locale set to the target market. Trace: hosting or mismatched networks, automation
    profiles, new accounts in quick succession, tiny amounts."""
    out = []
    for _ in range(ctx.n(3)):
        cc = rng.choice(["JP", "KR", "CN"])
        cur = LOC[cc][1]
        inst = Instance("f10_asia_bin_attack", "fraud")
        prof = rng.choice(["headless_chrome", "h8_playwright_linux", "stealth_puppeteer"])
        t = t0(rng, ctx, 1200)
        for _ in range(rng.randint(8, 11)):
            dev = device(rng, cc, prof, cookies="session")
            ip = pick(rng, ctx, rng.choice(["h10_cloud", "h10_abroad_CN"]))
            t += rng.uniform(15, 90)
            inst.visit(t - rng.uniform(2, 10), dev, ip)
            inst.order(t, dev, ip, make_order(rng, junk(rng, 8),
                                              "%s@%s" % (junk(rng, 9), rng.choice(
                                                  ["qq.com", "163.com", "naver.com", "gmail.com"]
                                                  + DISPOSABLE[:4])),
                                              cur, DENOMINATIONS[cur][0][0]))
        out.append(inst)
    return out


def f10_bought_accounts(rng, ctx):
    """Purchased aged accounts (sold on markets with their mail): the buyer of the account
    logs in from a cookie-less antidetect or mobile browser on a rotating mobile proxy in the
    account's country and spends the stored card on high-value cards. Trace: an account with
    history on a brand-new device without cookies, a carrier address, high amounts."""
    out = []
    for _ in range(ctx.n(17)):
        cc = rng.choice(["US", "US", "GB", "KR", "JP"])
        cur = LOC[cc][1]
        inst = Instance("f10_bought_accounts", "fraud")
        dev = device(rng, cc, rng.choice(["h6_antidetect_pro", "safari_iphone",
                                          "h10_chrome_android_143"]), cookies="none")
        user, email = buyer(rng, cc)
        t = t0(rng, ctx)
        for _ in range(rng.choice([1, 2])):
            ip = mobile_ip(rng, ctx, cc)
            inst.visit(t, dev, ip)
            t += rng.uniform(40, 300)
            inst.order(t, dev, ip, make_order(rng, user, email, cur, face(rng, cur, True)))
        out.append(inst)
    return out


FRAUD = [f10_card_testing_resi, f10_ato_many_devices, f10_low_and_slow, f10_script_checker,
         f10_stolen_card_vpn, f10_device_farm, f10_session_hijack, f10_reseller_triangulation,
         f10_friendly_fraud, f10_asia_bin_attack, f10_bought_accounts]
