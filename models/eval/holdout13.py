"""The thirteenth holdout set (`--personas holdout13`): buyers and attackers of a 2026
auto-delivery gift-card, game top-up and software-key shop, written blind to judge
risk-policy changes being made at the same time by other engineers. Default seeds
131,132,133.

What its author read (and only this):
- the harness plumbing: models/eval/__main__.py, cell.py, traffic.py, classify.py (its
  first 40 lines), clients.py (the profile API and the existing profiles; its middle part
  was skimmed only as the list of profile names), build_ip_table.py (the part shown on
  screen; some pool blocks of holdout7-holdout10 were truncated and not read),
  holdout_testkit.py;
- personas.py lines 1-162 (module docstring, vocabulary, Device / Instance, helpers);
- holdout10.py lines 1-60 as the form template, and test_holdout10.py as the test
  template;
- the demo config's `[routes.order]` table only (the order field map, `review = "hold"`,
  `channel_group = "payments"`);
- organisation names of the AS numbers picked for this set's pools, from geoip/asn.mmdb,
  and the countries build_ip_table.py resolved for them from geoip/country.mmdb;
- the task text (the target and the issue's list of hard cases).
Glimpses, disclosed: holdout10.py's docstring (allowed reading) repeats earlier sets'
glimpses: the order route's rate limit (30 a minute per ip), purchase limits (5 / 10 a
day per user) and two rows of an old EVAL.md results table (holdout2 / holdout6: no
legitimate order blocked, about 4-8 % reviewed, 39-67 % of fraud caught).
build_ip_table.py (allowed) shows the pool blocks of holdout2-holdout12 (AS numbers per
pool name), clients.py the h5_-h12_ profiles, and test_holdout10.py names of some tenth
set personas. Nothing here was tuned to any of that; this set uses only existing profiles
(no new h13_ profile). No persona, volume or parameter was changed after the one plumbing
run (seed 131, hour 14, printed report to /dev/null, JSON read only as order counts per
persona plus one total of orders answered "error" across all personas, which was 0).

Not read: src/ (any Rust), the config's other sections, models/train/, models/MODEL.md,
models/report/, models/EVAL.md (this set's section appended with `cat >>`), README,
BENCHMARKS.md, holdout*.py past line 60 (holdout10.py only to line 60, holdout11.py and
holdout12.py not opened), their tests (but test_holdout10.py) and tables, personas.py past
line 162, fraud.py, and no git log or diff of others' work.

Each persona is `f(rng, ctx) -> [Instance]`; names start with h13_ (legitimate, about 500
orders per cell, 16 personas) or f13_ (fraud, about 300, 11 personas). Each docstring
names the trace the persona leaves at the edge. One fraud persona (friendly fraud) leaves
essentially none: it is here, small, because a shop sees it only as chargebacks.
"""

import json
import os

from .personas import COUNTRIES, DENOMINATIONS, DISPOSABLE, MAIL, NAMES, SURNAMES, Device, Instance

HERE = os.path.dirname(os.path.abspath(__file__))

# This set's own address pools (build_ip_table.py --set holdout13); the main table's pools
# arrive through ctx.pools.
with open(os.path.join(HERE, "ip_table_holdout13.json")) as _f:
    EXTRA = json.load(_f)["pools"]

ZERO_DECIMAL = {"JPY", "KRW"}

# How long ago an established browser first got its cookie (days).
AGES = (4, 21, 90, 365, 900)

GIFT = ["steam", "psn", "xbox", "apple", "google-play", "amazon", "nintendo", "netflix",
        "spotify", "roblox"]
TOPUP = ["genshin-crystals", "valorant-points", "pubg-uc", "free-fire-diamonds",
         "fortnite-vbucks", "honkai-star-rail", "lol-rp", "maplestory-nx"]
KEYS = ["windows-11-pro", "office-2024", "kaspersky-plus", "nordvpn-1y", "adobe-cc-1m",
        "eset-security", "norton-360"]
# Currencies a country's buyers pay in (the shop prices in these).
PAY = {"US": "USD", "GB": "GBP", "DE": "EUR", "FR": "EUR", "ES": "EUR", "IT": "EUR",
       "NL": "EUR", "JP": "JPY", "KR": "KRW", "CN": "CNY", "CA": "CAD", "AU": "AUD",
       "IN": "INR", "BR": "BRL"}
METHODS = ["card", "card", "card", "paypal", "apple_pay", "google_pay"]


# ---------------------------------------------------------------- helpers

def ip(rng, ctx, pool):
    src = EXTRA if pool in EXTRA else ctx.pools
    return rng.choice(src[pool])[0]


def home(cc):
    return "h13_home_%s" % cc


def device(rng, cc, profile, cookies="keep", age=None, beacon=True, tz=None, lang=None,
           languages=None):
    lang0, _, tz_name, off = COUNTRIES[cc]
    return Device(rng, profile, lang or lang0, tz or (tz_name, off), cookies=cookies,
                  age_days=age, beacon=beacon, languages=languages)


def money(value, currency):
    return int(round(value)) if currency in ZERO_DECIMAL else round(float(value), 2)


def order(user, email, currency, face, product, qty=1, method="card"):
    return {"product": "%s-%s" % (product, face), "quantity": qty,
            "amount": money(face * qty, currency), "currency": currency, "user": user,
            "email": email, "payment_method": method}


def face(rng, currency, high=False):
    typical, big = DENOMINATIONS[currency]
    return rng.choice(big if high else typical)


def who(rng, cc, domain=None):
    first, last = rng.choice(NAMES), rng.choice(SURNAMES)
    local = "%s%s%s%s" % (first, rng.choice([".", "_", ""]), last,
                          rng.choice(["", "", str(rng.randint(1, 99)),
                                      str(rng.randint(1972, 2008))]))
    local = local.replace("-", "")
    return local, "%s@%s" % (local, domain or rng.choice(MAIL.get(cc, MAIL["US"])))


def junk(rng, n, alphabet="abcdefghijklmnopqrstuvwxyz0123456789"):
    return "".join(rng.choice(alphabet) for _ in range(n))


def t0(rng, ctx, tail=600):
    return rng.uniform(30, max(90, ctx.window - tail))


def mobile_profile(rng):
    return rng.choice(["chrome_android", "samsung_android", "safari_iphone",
                       "h10_chrome_android_143", "h11_safari_iphone_262", "h12_samsung_29"])


def desktop_profile(rng):
    return rng.choice(["chrome_win", "chrome_mac", "edge_win", "safari_mac", "firefox_win",
                       "h12_chrome_win_144", "h10_chrome_mac_143", "h12_firefox_mac_146"])


def browse(inst, rng, dev, t, addr, pages):
    """`pages` page views from t on, a few seconds to a minute apart; returns the time after."""
    for _ in range(pages):
        inst.visit(t, dev, addr)
        t += rng.uniform(6, 70)
    return t


# ---------------------------------------------------------------- legitimate buyers

def h13_regular_desktop(rng, ctx):
    """Returning desktop buyers (US, GB, DE, FR, CA, AU) on home broadband with a months-old
    cookie; a gift card or a key for themselves, sometimes two orders. Trace: aged cookie,
    consistent locale, home ISP in the country of the currency."""
    out = []
    for _ in range(ctx.n(30)):
        cc = rng.choice(["US", "US", "GB", "DE", "FR", "CA", "AU"])
        pool = home(cc)
        inst = Instance("h13_regular_desktop", "legit")
        d = device(rng, cc, desktop_profile(rng), age=rng.choice(AGES[1:]))
        user, email = who(rng, cc)
        addr = ip(rng, ctx, pool)
        t = browse(inst, rng, d, t0(rng, ctx), addr, rng.randint(1, 4))
        cur = PAY[cc]
        for _ in range(1 if rng.random() < 0.7 else 2):
            prod = rng.choice(GIFT + KEYS)
            inst.order(t, d, addr, order(user, email, cur, face(rng, cur), prod,
                                         method=rng.choice(METHODS)))
            t += rng.uniform(90, 900)
        out.append(inst)
    return out


def h13_mobile_carrier(rng, ctx):
    """Phone buyers on their mobile carrier (US, GB, DE, JP, KR): carrier-grade NAT, so the
    address is shared with strangers and changes between visits. Trace: mobile ASN, aged
    cookie, the address of the order differs from the page view's now and then."""
    out = []
    for _ in range(ctx.n(32)):
        cc = rng.choice(["US", "GB", "DE", "JP", "JP", "KR", "KR"])
        inst = Instance("h13_mobile_carrier", "legit")
        d = device(rng, cc, mobile_profile(rng), age=rng.choice(AGES))
        user, email = who(rng, cc)
        pool = "h13_mobile_%s" % cc
        t = browse(inst, rng, d, t0(rng, ctx), ip(rng, ctx, pool), rng.randint(1, 3))
        cur = PAY[cc]
        addr = ip(rng, ctx, pool) if rng.random() < 0.35 else inst.actions[-1]["ip"]
        prod = rng.choice(GIFT + TOPUP)
        inst.order(t, d, addr, order(user, email, cur, face(rng, cur), prod,
                                     method=rng.choice(["card", "apple_pay", "google_pay"])))
        out.append(inst)
    return out


def h13_first_big_gift(rng, ctx):
    """First purchase ever, on a brand-new device, for a high amount: a parent buying a
    console-store card for a birthday, someone replacing a broken laptop's Office licence.
    They read the FAQ and the delivery page before paying. Trace: no cookie before the
    window, new account, top denominations, home ISP or mobile carrier."""
    out = []
    for _ in range(ctx.n(30)):
        cc = rng.choice(["US", "GB", "DE", "FR", "ES", "IT", "NL", "JP", "KR", "CA"])
        inst = Instance("h13_first_big_gift", "legit")
        mob = rng.random() < 0.5
        d = device(rng, cc, mobile_profile(rng) if mob else desktop_profile(rng))
        pool = ("h13_mobile_%s" % cc) if mob and "h13_mobile_%s" % cc in EXTRA else home(cc)
        addr = ip(rng, ctx, pool)
        user, email = who(rng, cc)
        t = browse(inst, rng, d, t0(rng, ctx), addr, rng.randint(3, 7))
        cur = PAY[cc]
        inst.order(t, d, addr, order(user, email, cur, face(rng, cur, high=True),
                                     rng.choice(["psn", "xbox", "nintendo", "apple", "steam",
                                                 "office-2024"]),
                                     method=rng.choice(METHODS)))
        out.append(inst)
    return out


def h13_night_gamer(rng, ctx):
    """Gamers topping up in small amounts, two or three times a session while playing
    (a battle pass, then more currency after losing); often late at night. Trace: aged
    cookie, repeated small orders minutes apart from the same address, top-up products."""
    out = []
    for _ in range(ctx.n(12)):
        cc = rng.choice(["US", "KR", "JP", "DE", "GB", "CN"])
        inst = Instance("h13_night_gamer", "legit")
        d = device(rng, cc, rng.choice(["h9_steamdeck", "h7_opera_gx", "chrome_win",
                                        "h12_chrome_win_144"]) if rng.random() < 0.5
                   else mobile_profile(rng), age=rng.choice(AGES[1:]))
        user, email = who(rng, cc)
        addr = ip(rng, ctx, home(cc))
        t = browse(inst, rng, d, t0(rng, ctx, 1500), addr, 1)
        cur = PAY[cc]
        for _ in range(rng.randint(2, 3)):
            inst.order(t, d, addr, order(user, email, cur, DENOMINATIONS[cur][0][rng.randint(0, 1)],
                                         rng.choice(TOPUP), method=rng.choice(METHODS)))
            t += rng.uniform(240, 1100)
            inst.visit(t - 20, d, addr)
        out.append(inst)
    return out


def h13_privacy_browser(rng, ctx):
    """People whose browsers keep nothing: Firefox strict, Brave shields, Mullvad Browser,
    Tor Browser over a VPN, Firefox Focus; cookies cleared per session or blocked, page
    script sometimes blocked. Many are long-time customers. Trace: no cookie on the order,
    UTC timezone / spoofed screens in the beacon or no beacon, VPN or home address."""
    out = []
    for _ in range(ctx.n(30)):
        cc = rng.choice(["US", "DE", "DE", "NL", "FR", "GB"])
        inst = Instance("h13_privacy_browser", "legit")
        prof = rng.choice(["firefox_strict", "brave_win", "h5_mullvad_browser", "h6_tor_browser",
                           "h8_firefox_focus", "h6_brave_android"])
        d = device(rng, cc, prof, cookies=rng.choice(["session", "none"]),
                   beacon=rng.random() < 0.6)
        pool = rng.choice([home(cc), home(cc), "h13_vpn"])
        addr = ip(rng, ctx, pool)
        user, email = who(rng, cc, rng.choice(["proton.me", "tutanota.com", "posteo.de",
                                               "mailbox.org", None, None]))
        t = browse(inst, rng, d, t0(rng, ctx), addr, rng.randint(1, 3))
        cur = PAY[cc]
        inst.order(t, d, addr, order(user, email, cur, face(rng, cur, high=rng.random() < 0.15),
                                     rng.choice(GIFT + KEYS),
                                     method=rng.choice(["card", "paypal"])))
        out.append(inst)
    return out


def h13_private_relay(rng, ctx):
    """iPhone and Mac Safari users with iCloud Private Relay (and Chrome users with WARP):
    the egress address changes between page views and the order, and geolocates to a
    nearby region, not the street. Trace: relay ASN, address change inside the session,
    aged cookie."""
    out = []
    for _ in range(ctx.n(30)):
        cc = rng.choice(["US", "US", "GB", "JP", "DE", "CA", "AU"])
        inst = Instance("h13_private_relay", "legit")
        d = device(rng, cc, rng.choice(["safari_iphone", "h11_safari_iphone_262", "safari_mac",
                                        "h5_ipad_safari", "chrome_win"]),
                   age=rng.choice(AGES) if rng.random() < 0.8 else None)
        user, email = who(rng, cc, "icloud.com" if rng.random() < 0.5 else None)
        t = browse(inst, rng, d, t0(rng, ctx), ip(rng, ctx, "h13_relay"), rng.randint(1, 3))
        cur = PAY[cc]
        inst.order(t, d, ip(rng, ctx, "h13_relay"),
                   order(user, email, cur, face(rng, cur), rng.choice(GIFT),
                         method=rng.choice(["apple_pay", "apple_pay", "card"])))
        out.append(inst)
    return out


def h13_carrier_abroad(rng, ctx):
    """Mobile buyers whose carrier's address block the country database places in another
    country (German, Korean and British operators' ranges listed abroad; Jio blocks listed
    in the US), plus Indian buyers behind Jio / Airtel carrier-grade NAT, where hundreds of
    phones share an address. Trace: country of address != currency / language, mobile ASN,
    many users on few addresses."""
    out = []
    for _ in range(ctx.n(34)):
        cc = rng.choice(["DE", "KR", "GB", "IN", "IN"])
        inst = Instance("h13_carrier_abroad", "legit")
        d = device(rng, cc, mobile_profile(rng) if cc != "IN" else
                   rng.choice(["chrome_android", "h10_chrome_android_143", "h6_old_android"]),
                   age=rng.choice(AGES) if rng.random() < 0.6 else None)
        pool = {"DE": "h13_abroad_DE", "KR": "h13_abroad_KR", "GB": "h13_abroad_GB"}.get(cc)
        if pool is None:
            pool = "h13_abroad_IN" if rng.random() < 0.4 else "h13_mobile_IN"
        addr = ip(rng, ctx, pool)
        user, email = who(rng, cc)
        t = browse(inst, rng, d, t0(rng, ctx), addr, rng.randint(1, 3))
        cur = PAY[cc] if cc != "IN" else rng.choice(["INR", "INR", "USD"])
        prod = rng.choice(TOPUP + GIFT) if cc != "IN" else rng.choice(["free-fire-diamonds",
                                                                       "pubg-uc", "google-play"])
        inst.order(t, d, addr, order(user, email, cur, face(rng, cur), prod,
                                     method=rng.choice(["card", "google_pay", "upi"]
                                                       if cc == "IN" else METHODS)))
        out.append(inst)
    return out


def h13_corporate_bulk(rng, ctx):
    """Office staff buying employee rewards / client thank-yous in bulk (10-60 cards of one
    face value) from managed laptops behind a secure web gateway; several colleagues of one
    company share the gateway's addresses; paid by corporate card. Trace: corporate SWG
    ASN, high quantity and total, new accounts on new cookies, company mail domains."""
    out = []
    companies = []
    for _ in range(6):
        cc = rng.choice(["US", "GB", "DE", "JP", "FR", "NL"])
        companies.append((cc, "%s-%s.%s" % (junk(rng, 5, "abcdefghijklmnopqrstuvwxyz"),
                                           rng.choice(["corp", "group", "tech", "logistics"]),
                                           {"US": "com", "GB": "co.uk", "DE": "de", "JP": "co.jp",
                                            "FR": "fr", "NL": "nl"}[cc]),
                          [ip(rng, ctx, "h13_corp") for _ in range(3)]))
    for _ in range(ctx.n(26)):
        cc, domain, addrs = rng.choice(companies)
        inst = Instance("h13_corporate_bulk", "legit")
        d = device(rng, cc, rng.choice(["h11_edge_win_143", "edge_win", "chrome_win"]),
                   age=rng.choice([None, None, 90, 365]))
        user, email = who(rng, cc, domain)
        addr = rng.choice(addrs)
        t = browse(inst, rng, d, t0(rng, ctx), addr, rng.randint(2, 5))
        cur = PAY[cc]
        fv = rng.choice(DENOMINATIONS[cur][0][-3:])
        inst.order(t, d, addr, order(user, email, cur, fv, rng.choice(["amazon", "apple", "netflix",
                                                                        "spotify", "office-2024"]),
                                     qty=rng.choice([10, 12, 20, 25, 40, 50, 60]),
                                     method=rng.choice(["card", "card", "invoice"])))
        out.append(inst)
    return out


def h13_traveller(rng, ctx):
    """Customers abroad: hotel / airport Wi-Fi in Asia and the Gulf, a travel eSIM breaking
    out in a third country, or Starlink on a boat; their laptop or phone is the one they
    always use, set to home time and language, paying in their home currency. Trace: aged
    cookie, address country far from locale and currency, hotel / eSIM / satellite ASN."""
    out = []
    for _ in range(ctx.n(30)):
        cc = rng.choice(["US", "GB", "DE", "JP", "KR", "FR", "AU", "CN"])
        inst = Instance("h13_traveller", "legit")
        d = device(rng, cc, mobile_profile(rng) if rng.random() < 0.6 else desktop_profile(rng),
                   age=rng.choice(AGES))
        user, email = who(rng, cc)
        pool = rng.choice(["h13_travel", "h13_travel", "h13_esim", "h13_starlink"])
        addr = ip(rng, ctx, pool)
        t = browse(inst, rng, d, t0(rng, ctx), addr, rng.randint(1, 3))
        cur = PAY[cc] if rng.random() < 0.85 else "USD"
        inst.order(t, d, addr, order(user, email, cur, face(rng, cur), rng.choice(GIFT + TOPUP),
                                     method=rng.choice(METHODS)))
        out.append(inst)
    return out


def h13_japan_buyer(rng, ctx):
    """Japanese buyers paying in JPY: phones on docomo / au, home fibre; many buy a
    round 5,000 / 10,000 yen card, some pay with carrier billing or PayPay. Trace: JP
    addresses and locale, JPY amounts without decimals, aged and new cookies."""
    out = []
    for _ in range(ctx.n(30)):
        inst = Instance("h13_japan_buyer", "legit")
        mob = rng.random() < 0.65
        d = device(rng, "JP", rng.choice(["safari_iphone", "h11_safari_iphone_262",
                                          "h9_line_iphone", "chrome_android"]) if mob
                   else desktop_profile(rng), age=rng.choice(AGES) if rng.random() < 0.7 else None)
        addr = ip(rng, ctx, "h13_mobile_JP" if mob else "h13_home_JP")
        user, email = who(rng, "JP")
        t = browse(inst, rng, d, t0(rng, ctx), addr, rng.randint(1, 4))
        inst.order(t, d, addr, order(user, email, "JPY", face(rng, "JPY", rng.random() < 0.15),
                                     rng.choice(["apple", "google-play", "nintendo", "psn",
                                                 "genshin-crystals", "honkai-star-rail"]),
                                     method=rng.choice(["card", "carrier_billing", "paypay"])))
        out.append(inst)
    return out


def h13_korea_buyer(rng, ctx):
    """Korean buyers paying in KRW, many from inside KakaoTalk's or Naver's in-app browser,
    with Whale on desktops; game top-ups and store cards. Trace: KR carriers / ISPs, in-app
    WebView headers, KRW amounts."""
    out = []
    for _ in range(ctx.n(30)):
        inst = Instance("h13_korea_buyer", "legit")
        mob = rng.random() < 0.7
        d = device(rng, "KR", rng.choice(["h8_kakaotalk_android", "h9_naver_android",
                                          "samsung_android", "h12_samsung_29",
                                          "safari_iphone"]) if mob
                   else rng.choice(["h8_whale_win", "chrome_win", "edge_win"]),
                   age=rng.choice(AGES) if rng.random() < 0.6 else None)
        addr = ip(rng, ctx, "h13_mobile_KR" if mob else "h13_home_KR")
        user, email = who(rng, "KR")
        t = browse(inst, rng, d, t0(rng, ctx), addr, rng.randint(1, 3))
        inst.order(t, d, addr, order(user, email, "KRW", face(rng, "KRW", rng.random() < 0.1),
                                     rng.choice(["maplestory-nx", "lol-rp", "google-play",
                                                 "valorant-points", "steam", "pubg-uc"]),
                                     method=rng.choice(["card", "kakaopay", "naverpay"])))
        out.append(inst)
    return out


def h13_china_buyer(rng, ctx):
    """Mainland Chinese buyers paying in CNY for foreign store cards (Steam, PSN, Apple
    other-region): some straight from China Telecom / Unicom / China Mobile, many through
    a paid "airport" proxy on Alibaba / Tencent cloud in Hong Kong or Japan; WeChat's
    browser or desktop Chrome. Trace: CN locale and Asia/Shanghai time zone, address in
    China or on a foreign cloud, qq.com / 163.com mail, CNY amounts."""
    out = []
    for _ in range(ctx.n(28)):
        inst = Instance("h13_china_buyer", "legit")
        mob = rng.random() < 0.5
        d = device(rng, "CN", rng.choice(["h7_wechat_android", "h8_wechat_ios", "safari_iphone"])
                   if mob else rng.choice(["chrome_win", "edge_win", "chrome_mac"]),
                   age=rng.choice(AGES) if rng.random() < 0.6 else None)
        pool = rng.choice(["h13_cloud_asia", "h13_cloud_asia",
                           "h13_mobile_CN" if mob else "h13_home_CN"])
        addr = ip(rng, ctx, pool)
        user, email = who(rng, "CN")
        t = browse(inst, rng, d, t0(rng, ctx), addr, rng.randint(1, 3))
        inst.order(t, d, addr, order(user, email, "CNY", face(rng, "CNY", rng.random() < 0.12),
                                     rng.choice(["steam", "psn", "apple", "xbox", "nintendo"]),
                                     method=rng.choice(["card", "alipay", "wechat_pay"])))
        out.append(inst)
    return out


def h13_euro_buyer(rng, ctx):
    """Buyers in Spain, Italy, the Netherlands and France paying in EUR (some Dutch and
    Spanish in USD for a US-region card); home fibre and mobile, a mix of new and old
    devices, iDEAL / PayPal. Trace: euro-area ISPs, EUR amounts, USD on an EU address."""
    out = []
    for _ in range(ctx.n(32)):
        cc = rng.choice(["ES", "IT", "NL", "FR", "DE"])
        inst = Instance("h13_euro_buyer", "legit")
        mob = rng.random() < 0.5
        d = device(rng, cc, mobile_profile(rng) if mob else desktop_profile(rng),
                   age=rng.choice(AGES) if rng.random() < 0.65 else None)
        pool = "h13_mobile_DE" if (mob and cc == "DE") else home(cc)
        addr = ip(rng, ctx, pool)
        user, email = who(rng, cc)
        t = browse(inst, rng, d, t0(rng, ctx), addr, rng.randint(1, 4))
        cur = "USD" if rng.random() < 0.15 else "EUR"
        inst.order(t, d, addr, order(user, email, cur, face(rng, cur, rng.random() < 0.08),
                                     rng.choice(GIFT + TOPUP + KEYS),
                                     method=rng.choice(["card", "paypal", "ideal", "klarna"])))
        out.append(inst)
    return out


def h13_household(rng, ctx):
    """A family computer or tablet shared by a parent and two children, each with their own
    account; the kids buy small Roblox / Fortnite cards, the parent sometimes a bigger one.
    Trace: one aged cookie and one home address carrying two or three accounts in the
    window, small amounts."""
    out = []
    for _ in range(ctx.n(12)):
        cc = rng.choice(["US", "GB", "CA", "AU", "DE"])
        inst = Instance("h13_household", "legit")
        d = device(rng, cc, rng.choice(["h5_ipad_safari", "h6_family_tablet", "chrome_win",
                                        "edge_win"]), age=rng.choice(AGES[1:]))
        addr = ip(rng, ctx, home(cc))
        surname = rng.choice(SURNAMES)
        domain = rng.choice(MAIL.get(cc, MAIL["US"]))
        members = []
        for _ in range(rng.randint(2, 3)):
            first = rng.choice(NAMES).replace("-", "")
            local = "%s.%s%s" % (first, surname, rng.choice(["", str(rng.randint(2008, 2016))]))
            members.append((local, "%s@%s" % (local, domain)))
        t = t0(rng, ctx, 1500)
        cur = PAY[cc]
        for k, (user, email) in enumerate(members):
            t = browse(inst, rng, d, t, addr, rng.randint(1, 2))
            inst.order(t, d, addr, order(user, email, cur,
                                         face(rng, cur) if k == 0 else DENOMINATIONS[cur][0][rng.randint(0, 2)],
                                         rng.choice(["roblox", "fortnite-vbucks", "nintendo",
                                                     "minecraft" if k else "amazon"]),
                                         method="card" if k == 0 else rng.choice(["card", "paypal"])))
            t += rng.uniform(120, 700)
        out.append(inst)
    return out


def h13_declined_retry(rng, ctx):
    """Honest buyers whose bank declines the first attempt (3-D Secure timeout, card limit)
    and who try again within minutes, once with the same card, then with PayPal or another
    card. Trace: the same user, device and address placing the same order two or three
    times in a few minutes."""
    out = []
    for _ in range(ctx.n(12)):
        cc = rng.choice(["US", "GB", "DE", "FR", "JP", "CA"])
        inst = Instance("h13_declined_retry", "legit")
        mob = rng.random() < 0.6
        d = device(rng, cc, mobile_profile(rng) if mob else desktop_profile(rng),
                   age=rng.choice(AGES) if rng.random() < 0.7 else None)
        pool = "h13_mobile_%s" % cc if mob and "h13_mobile_%s" % cc in EXTRA else home(cc)
        addr = ip(rng, ctx, pool)
        user, email = who(rng, cc)
        t = browse(inst, rng, d, t0(rng, ctx, 900), addr, rng.randint(1, 3))
        cur = PAY[cc]
        fv = face(rng, cur, rng.random() < 0.3)
        prod = rng.choice(GIFT)
        for method in ["card", "card", rng.choice(["paypal", "card", "apple_pay"])][:rng.randint(2, 3)]:
            inst.order(t, d, addr, order(user, email, cur, fv, prod, method=method))
            t += rng.uniform(40, 240)
        out.append(inst)
    return out


def h13_campus(rng, ctx):
    """Students on university networks (MIT, Jisc, DFN, SINET): thousands of people behind
    a few NAT addresses, laptops and phones, mostly small game and subscription cards.
    Trace: research-network ASN shared by unrelated accounts, student mail domains."""
    out = []
    for _ in range(ctx.n(30)):
        cc = rng.choice(["US", "GB", "DE", "JP"])
        inst = Instance("h13_campus", "legit")
        d = device(rng, cc, mobile_profile(rng) if rng.random() < 0.5 else desktop_profile(rng),
                   age=rng.choice(AGES) if rng.random() < 0.6 else None)
        addr = ip(rng, ctx, "h13_campus")
        dom = {"US": "mit.edu", "GB": rng.choice(["ucl.ac.uk", "ed.ac.uk"]),
               "DE": rng.choice(["tum.de", "uni-heidelberg.de"]), "JP": "g.ecc.u-tokyo.ac.jp"}[cc]
        user, email = who(rng, cc, dom if rng.random() < 0.4 else None)
        t = browse(inst, rng, d, t0(rng, ctx), addr, rng.randint(1, 3))
        cur = PAY[cc]
        inst.order(t, d, addr, order(user, email, cur, DENOMINATIONS[cur][0][rng.randint(0, 3)],
                                     rng.choice(["spotify", "steam", "netflix", "valorant-points",
                                                 "office-2024"]),
                                     method=rng.choice(METHODS)))
        out.append(inst)
    return out


LEGIT = [h13_regular_desktop, h13_mobile_carrier, h13_first_big_gift, h13_night_gamer,
         h13_privacy_browser, h13_private_relay, h13_carrier_abroad, h13_corporate_bulk,
         h13_traveller, h13_japan_buyer, h13_korea_buyer, h13_china_buyer, h13_euro_buyer,
         h13_household, h13_declined_retry, h13_campus]


# ---------------------------------------------------------------- fraud

def f13_card_testing(rng, ctx):
    """A card-testing run: a script checks a list of stolen card numbers by buying the
    cheapest card (5-10 in the currency), one order per card, each with a throwaway user
    and mail, every order from another residential-proxy exit; a curl_cffi / httpx / axios
    client with Chrome-like headers and no page script. Trace: no cookie, no beacon,
    lowest denominations, bursts a few seconds apart, residential US / GB addresses."""
    out = []
    for _ in range(ctx.n(3)):
        inst = Instance("f13_card_testing", "fraud")
        prof = rng.choice(["h10_curl_cffi", "h8_httpx", "h12_axios", "h9_impersonate_136"])
        cc = rng.choice(["US", "GB"])
        pool = "h13_resi_%s" % cc
        cur = PAY[cc]
        t = t0(rng, ctx, 1200)
        for _ in range(rng.randint(12, 15)):
            d = device(rng, cc, prof, cookies="none", beacon=False)
            user = junk(rng, rng.randint(7, 11))
            email = "%s@%s" % (user, rng.choice(DISPOSABLE + ["gmail.com", "outlook.com"]))
            inst.order(t, d, ip(rng, ctx, pool),
                       order(user, email, cur, rng.choice([5, 10]) if cur != "GBP" else 10,
                             rng.choice(["google-play", "roblox", "spotify"])))
            t += rng.uniform(4, 45)
        out.append(inst)
    return out


def f13_stolen_card_cashout(rng, ctx):
    """Carders cashing out fresh stolen cards (US, GB, DE, CA) on high-value, resellable
    cards: an anti-detect browser profile set to the cardholder's country, a residential
    proxy in the cardholder's region, a new account with a plausible name mail, one to
    three orders of top denominations. Trace: new cookie, anti-detect Chromium slightly
    behind stable, residential ASN, top amounts right after the first page view."""
    out = []
    for _ in range(ctx.n(14)):
        cc = rng.choice(["US", "US", "GB", "DE", "CA"])
        inst = Instance("f13_stolen_card_cashout", "fraud")
        d = device(rng, cc, rng.choice(["h11_multilogin_win", "h12_orbita_win", "h5_antidetect_win",
                                        "h6_antidetect_pro", "h7_antidetect_mac"]))
        pool = {"US": "h13_resi_US", "GB": "h13_resi_GB", "DE": "h13_resi_DE",
                "CA": "home_CA"}[cc]
        addr = ip(rng, ctx, pool)
        user, email = who(rng, cc)
        t = browse(inst, rng, d, t0(rng, ctx), addr, rng.randint(1, 2))
        cur = PAY[cc]
        for _ in range(rng.randint(1, 3)):
            inst.order(t, d, addr, order(user, email, cur, face(rng, cur, high=True),
                                         rng.choice(["steam", "apple", "psn", "xbox", "amazon"]),
                                         method="card"))
            t += rng.uniform(50, 400)
            if rng.random() < 0.4:
                addr = ip(rng, ctx, pool)
        out.append(inst)
    return out


def f13_ato_drain(rng, ctx):
    """Account takeover from a stealer-log / credential-stuffing hit: the crew logs into a
    real customer's account from a fresh browser and spends the saved card on top-value
    cards, delivered to the account's own mail (then read through the stolen mailbox).
    Residential proxy in the victim's country. Trace: an established account on a
    never-seen device and address, high amounts, quick repeat orders."""
    out = []
    for _ in range(ctx.n(12)):
        cc = rng.choice(["US", "GB", "DE", "JP", "FR"])
        inst = Instance("f13_ato_drain", "fraud")
        d = device(rng, cc, rng.choice(["h11_multilogin_win", "chrome_win", "h12_chrome_win_144",
                                        "h8_antidetect_mac"]),
                   cookies=rng.choice(["keep", "session"]))
        pool = {"US": "h13_resi_US", "GB": "h13_resi_GB", "DE": "h13_resi_DE",
                "JP": "h13_resi_JP", "FR": "home_FR"}[cc]
        addr = ip(rng, ctx, pool)
        user, email = who(rng, cc)
        t = browse(inst, rng, d, t0(rng, ctx), addr, 1)
        cur = PAY[cc]
        for _ in range(rng.randint(2, 3)):
            inst.order(t, d, addr, order(user, email, cur, face(rng, cur, high=True),
                                         rng.choice(["apple", "steam", "amazon", "psn"]),
                                         method="card"))
            t += rng.uniform(30, 240)
        out.append(inst)
    return out


def f13_low_slow_farm(rng, ctx):
    """A crew working a batch of taken-over accounts low and slow: one order per account
    every ten minutes or so, each account from a different phone of a device farm / a
    different emulator, each order from another mobile-proxy exit on a US carrier; mid
    denominations, so no account stands out. Trace: mobile ASN, new cookies, many devices
    per account, modest amounts spaced out."""
    out = []
    for _ in range(ctx.n(3)):
        inst = Instance("f13_low_slow_farm", "fraud")
        accounts = [who(rng, "US") for _ in range(rng.randint(3, 4))]
        t = t0(rng, ctx, 2400)
        for _ in range(rng.randint(8, 10)):
            user, email = rng.choice(accounts)
            d = device(rng, "US", rng.choice(["h5_farm_phone", "h6_farm_handset", "chrome_android",
                                              "h5_android_emulator"]),
                       cookies=rng.choice(["keep", "session"]))
            addr = ip(rng, ctx, "h13_mproxy_US")
            inst.visit(t - rng.uniform(10, 60), d, addr)
            inst.order(t, d, addr, order(user, email, "USD", rng.choice([25, 50, 50, 100]),
                                         rng.choice(["apple", "google-play", "amazon"]),
                                         method=rng.choice(["card", "google_pay"])))
            t += rng.uniform(200, 420)
        out.append(inst)
    return out


def f13_reseller_script(rng, ctx):
    """A grey-market reseller's script buying discounted software keys and store cards in
    bulk with its own accounts (later resold on a key marketplace, paid with cards bought
    in bulk), from VPS and VPN exits; python / Go / Node clients. Trace: script user agent
    or headless Chrome, datacenter / VPN ASN, no cookie, high quantity, orders a minute
    apart."""
    out = []
    for _ in range(ctx.n(3)):
        inst = Instance("f13_reseller_script", "fraud")
        prof = rng.choice(["python_requests", "go_http", "h6_node_undici", "headless_chrome",
                           "h8_playwright_linux"])
        cookies = "none" if prof in ("python_requests", "go_http", "h6_node_undici") else "session"
        accounts = [("%s%d" % (junk(rng, 5, "abcdefghijklmnopqrstuvwxyz"), rng.randint(10, 99)),)
                    for _ in range(3)]
        accounts = [(u, "%s@%s" % (u, rng.choice(["gmail.com", "outlook.com", "proton.me"])))
                    for (u,) in accounts]
        pool = rng.choice(["h13_dc", "h13_vpn"])
        t = t0(rng, ctx, 1500)
        cur = rng.choice(["USD", "EUR"])
        for _ in range(rng.randint(9, 11)):
            d = device(rng, rng.choice(["US", "DE", "NL"]), prof, cookies=cookies,
                       beacon=prof not in ("python_requests", "go_http", "h6_node_undici"))
            user, email = rng.choice(accounts)
            addr = ip(rng, ctx, pool)
            inst.visit(t - 3, d, addr)
            inst.order(t, d, addr, order(user, email, cur, rng.choice([20, 25, 50]),
                                         rng.choice(KEYS + ["steam", "xbox"]),
                                         qty=rng.choice([5, 8, 10, 15, 20])))
            t += rng.uniform(40, 150)
        out.append(inst)
    return out


def f13_promo_abuse(rng, ctx):
    """First-order-discount farming: one person makes a new account per order on the same
    phone or emulator, clearing storage in between (private tabs), with dotted / plus
    Gmail aliases and throwaway domains, each buying the same mid card the promo applies
    to, from a mobile carrier or a VPN. Trace: new account per order, one device key
    (canvas) behind changing cookies, alias mail patterns, the same product again and
    again."""
    out = []
    for _ in range(ctx.n(4)):
        inst = Instance("f13_promo_abuse", "fraud")
        cc = rng.choice(["US", "GB", "DE"])
        prof = rng.choice(["h5_android_emulator", "h7_samsung_secret", "chrome_android",
                           "h6_emulator_x86"])
        d = device(rng, cc, prof, cookies="session")
        base = rng.choice(NAMES).replace("-", "") + rng.choice(SURNAMES)
        pool = rng.choice(["h13_mobile_%s" % cc, "h13_vpn"])
        cur = PAY[cc]
        fv = DENOMINATIONS[cur][0][3]
        prod = rng.choice(["netflix", "spotify", "steam", "roblox"])
        t = t0(rng, ctx, 1500)
        for k in range(rng.randint(7, 9)):
            if rng.random() < 0.6:
                email = "%s+%s@gmail.com" % (base, junk(rng, 3))
            elif rng.random() < 0.5:
                cut = rng.randint(1, len(base) - 1)
                email = "%s.%s@gmail.com" % (base[:cut], base[cut:])
            else:
                email = "%s%d@%s" % (base, rng.randint(1, 999), rng.choice(DISPOSABLE))
            user = "%s%d" % (base[:8], rng.randint(100, 9999))
            addr = ip(rng, ctx, pool)
            inst.visit(t, d, addr)
            t += rng.uniform(40, 120)
            inst.order(t, d, addr, order(user, email, cur, fv, prod,
                                         method=rng.choice(["card", "paypal"])))
            t += rng.uniform(90, 300)
        out.append(inst)
    return out


def f13_friendly_fraud(rng, ctx):
    """Friendly fraud: real, long-time customers who buy as always and later dispute the
    charge ("my kid bought it", "never received the code"). Trace: essentially none at the
    edge (aged cookie, home ISP, normal amounts); here because it exists, kept small."""
    out = []
    for _ in range(ctx.n(10)):
        cc = rng.choice(["US", "GB", "CA", "AU"])
        inst = Instance("f13_friendly_fraud", "fraud")
        d = device(rng, cc, mobile_profile(rng) if rng.random() < 0.5 else desktop_profile(rng),
                   age=rng.choice(AGES[1:]))
        addr = ip(rng, ctx, home(cc))
        user, email = who(rng, cc)
        t = browse(inst, rng, d, t0(rng, ctx), addr, rng.randint(1, 3))
        cur = PAY[cc]
        inst.order(t, d, addr, order(user, email, cur, face(rng, cur, rng.random() < 0.5),
                                     rng.choice(GIFT), method="card"))
        out.append(inst)
    return out


def f13_triangulation(rng, ctx):
    """Triangulation: a seller lists cheap cards on a marketplace; when a real buyer pays
    there, the seller buys the card here with a stolen card and has it delivered to the
    real buyer's mail. One PC in an anti-detect browser, an account per stolen card, a
    residential proxy near the cardholder; the delivery mails belong to the marketplace
    buyers (all sorts of domains and countries). Trace: new accounts from one operator
    cadence, mail domains unrelated to the card's country, residential exits, mid to high
    amounts."""
    out = []
    for _ in range(ctx.n(3)):
        inst = Instance("f13_triangulation", "fraud")
        prof = rng.choice(["h11_multilogin_win", "h12_orbita_win", "h6_antidetect_sloppy"])
        t = t0(rng, ctx, 2000)
        for _ in range(rng.randint(8, 10)):
            cc = rng.choice(["US", "GB", "DE"])
            d = device(rng, cc, prof, cookies=rng.choice(["keep", "session"]))
            addr = ip(rng, ctx, "h13_resi_%s" % cc)
            user = "%s%s%d" % (rng.choice(NAMES).replace("-", ""), rng.choice(SURNAMES),
                               rng.randint(1, 99))
            buyer_cc = rng.choice(["BR", "IN", "FR", "US", "KR", "DE"])
            _, email = who(rng, buyer_cc)
            inst.visit(t, d, addr)
            t += rng.uniform(20, 90)
            cur = PAY[cc]
            inst.order(t, d, addr, order(user, email, cur, face(rng, cur, rng.random() < 0.5),
                                         rng.choice(["steam", "psn", "xbox", "apple"])))
            t += rng.uniform(120, 320)
        out.append(inst)
    return out


def f13_sim_swap(rng, ctx):
    """Account takeover through a SIM swap: the attacker now receives the victim's SMS
    codes, resets the password and buys from a phone on the victim's own carrier (a US
    mobile carrier, often the same region), Apple / Google cards to the account mail.
    Trace: mobile ASN like the victim's, new device and cookie on an established account,
    top amounts, two to four orders."""
    out = []
    for _ in range(ctx.n(9)):
        inst = Instance("f13_sim_swap", "fraud")
        d = device(rng, "US", rng.choice(["safari_iphone", "h11_safari_iphone_262", "chrome_android",
                                          "samsung_android"]))
        addr = ip(rng, ctx, "h13_mobile_US")
        user, email = who(rng, "US")
        t = browse(inst, rng, d, t0(rng, ctx), addr, 1)
        for _ in range(rng.randint(2, 4)):
            inst.order(t, d, addr, order(user, email, "USD", face(rng, "USD", rng.random() < 0.7),
                                         rng.choice(["apple", "google-play", "amazon"]),
                                         method=rng.choice(["card", "apple_pay"])))
            t += rng.uniform(45, 300)
        out.append(inst)
    return out


def f13_asia_card_ring(rng, ctx):
    """A ring spending stolen Japanese and Korean cards on JPY / KRW store and top-up cards,
    working from Alibaba / Tencent cloud hosts in Hong Kong or Tokyo or from residential
    Japanese exits; browsers set to ja-JP / ko-KR but the machine's time zone left on
    Asia/Shanghai or Asia/Ho_Chi_Minh. Trace: locale vs time-zone mismatch, cloud or
    residential ASN, new accounts, high JPY / KRW amounts."""
    out = []
    for _ in range(ctx.n(12)):
        cc = rng.choice(["JP", "JP", "KR"])
        inst = Instance("f13_asia_card_ring", "fraud")
        tz = rng.choice([("Asia/Shanghai", 480), ("Asia/Ho_Chi_Minh", 420), ("Asia/Tokyo", 540)])
        d = device(rng, cc, rng.choice(["chrome_win", "h6_antidetect_pro", "h11_multilogin_win",
                                        "h5_android_emulator"]), tz=tz)
        pool = rng.choice(["h13_cloud_asia", "h13_resi_JP" if cc == "JP" else "h13_cloud_asia"])
        addr = ip(rng, ctx, pool)
        user = junk(rng, rng.randint(6, 10))
        email = "%s@%s" % (user, rng.choice(["gmail.com", "outlook.com", "yahoo.co.jp", "naver.com",
                                             "hotmail.com"]))
        t = browse(inst, rng, d, t0(rng, ctx), addr, 1)
        cur = PAY[cc]
        for _ in range(rng.randint(2, 3)):
            inst.order(t, d, addr, order(user, email, cur, face(rng, cur, rng.random() < 0.7),
                                         rng.choice(["apple", "google-play", "nintendo", "psn",
                                                     "lol-rp", "maplestory-nx"])))
            t += rng.uniform(40, 200)
        out.append(inst)
    return out


def f13_agent_bot(rng, ctx):
    """Automation built on browser agents and cloud browsers (2026): a hosted Chrome on a
    cloud VM driven by an LLM agent runs the checkout with stolen cards, one account per
    card, a real page load and beacon each time. Trace: Linux Chrome with a 1280x800
    viewport and 4 cores, datacenter ASN (or a VPN in front), new cookie per account,
    mid to high amounts, a steady pace."""
    out = []
    for _ in range(ctx.n(3)):
        inst = Instance("f13_agent_bot", "fraud")
        t = t0(rng, ctx, 2000)
        pool = rng.choice(["h13_dc", "h13_dc", "h13_vpn"])
        for _ in range(rng.randint(7, 9)):
            cc = rng.choice(["US", "GB", "CA"])
            d = device(rng, cc, rng.choice(["h9_agent_cloud", "h8_playwright_linux", "h5_bot_win"]))
            addr = ip(rng, ctx, pool)
            user, email = who(rng, cc)
            t = browse(inst, rng, d, t, addr, 2)
            cur = PAY[cc]
            inst.order(t, d, addr, order(user, email, cur, face(rng, cur, rng.random() < 0.5),
                                         rng.choice(["steam", "apple", "amazon", "xbox"])))
            t += rng.uniform(100, 300)
        out.append(inst)
    return out


FRAUD = [f13_card_testing, f13_stolen_card_cashout, f13_ato_drain, f13_low_slow_farm,
         f13_reseller_script, f13_promo_abuse, f13_friendly_fraud, f13_triangulation,
         f13_sim_swap, f13_asia_card_ring, f13_agent_bot]
