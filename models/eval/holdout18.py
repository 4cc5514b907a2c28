"""The eighteenth holdout set (`--personas holdout18`): buyers and attackers of a 2026
auto-delivery gift-card, game top-up and software-key shop, written blind to judge
risk-policy changes being made at the same time by other engineers. Default seeds
181,182,183 (`--seeds 181,182,183`).

What its author read (and only this):
- the harness plumbing: models/eval/__main__.py, cell.py, traffic.py, classify.py (its
  first 40 lines), clients.py (the profile API and every existing profile), the whole of
  build_ip_table.py (to add this set's pools), holdout_testkit.py;
- personas.py lines 1-162 (the module docstring, shared vocabulary, the Device / Instance
  classes and helpers; no persona body);
- holdout10.py lines 1-60 (its docstring, imports and first constants) as the form
  template, and test_holdout10.py as the test template;
- the frozen demo config's `[routes.order]` table (the order field map, `required`,
  `review = "hold"`, `channel_group = "payments"`);
- the organisation names of the AS numbers picked for this set's pools, from
  geoip/asn.mmdb, and the countries geoip/country.mmdb gives the picked addresses;
- the issue text quoted in the task (the target and its list of hard cases).
Glimpses, disclosed: holdout10's docstring (allowed reading) repeats that set's own
glimpses (titles of some EVAL.md results sections, the order route's rate limit of 30 a
minute per ip and purchase limits of 5 / 10 a day per user as an older docstring states
them, and that two earlier holdout sets had no legitimate order blocked, about 4-8 %
reviewed and about 39-67 % of fraud caught). Reading build_ip_table.py showed every
earlier set's pool block (names, AS numbers, comments; e.g. the seventeenth's residential
and mobile proxy pools, campus and corporate-gateway egress, travellers' networks, and
the sixteenth's in-flight, "airport" relay and agent-cloud pools), and clients.py the
names and comments of every earlier set's profiles (h5_ to h16_). Nothing here was tuned
to any of that, and no persona, volume or parameter was changed after the one plumbing
run (seed 181, hour 14, its printed report sent to /dev/null), whose result JSON was read
only as order counts per persona (and its per-persona error counts, to check the
plumbing: none). Committing showed, in passing, the subject line of the branch's base
commit (a config comment fix); no other git history was read.

Not read: src/ (any Rust), the config's other sections, models/train/, models/MODEL.md,
models/report/, the persona bodies of every other holdout*.py (nothing past line 60, and
only holdout10.py that far), their tests (but test_holdout10.py) and tables, personas.py
past its helpers, fraud.py, models/EVAL.md (this set's section was appended with
`cat >>`), README, BENCHMARKS.md, and no git log or diff but this work's.

The shop, as this set sees it: a storefront selling gift cards, game currency, streaming
and software subscriptions and software keys, delivered by e-mail within seconds, to
buyers in North America, Europe, Japan, Korea, China and South-East Asia; prices in the
buyer's currency where the shop supports it, otherwise in USD.

Each persona is `f(rng, ctx) -> [Instance]`; names start with h18_ (legitimate, about 520
orders per cell, 16 personas) or f18_ (fraud, about 300, 11 personas). Each docstring
names the trace the persona leaves at the edge. Some fraud leaves almost none (it is in
here because it exists; a shop sees it as chargebacks or complaints weeks later).
"""

import json
import os
import string

from .personas import DISPOSABLE, NAMES, SURNAMES, Device, Instance

HERE = os.path.dirname(os.path.abspath(__file__))

# This set's own address pools (build_ip_table.py --set holdout18); the main table's
# pools arrive through ctx.pools.
with open(os.path.join(HERE, "ip_table_holdout18.json")) as _f:
    EXTRA = json.load(_f)["pools"]

ZERO_DECIMAL = {"JPY", "KRW"}

# How long ago an established browser first got its cookie (days).
AGES = (4, 12, 40, 150, 480)

# country -> (Accept-Language, navigator.languages, IANA zone, offset minutes on 2 March,
# currency the shop charges, mail domains)
LOCALES = {
    "US": ("en-US,en;q=0.9", ["en-US", "en"], "America/Chicago", -360, "USD",
           ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "hotmail.com"]),
    "GB": ("en-GB,en;q=0.9", ["en-GB", "en"], "Europe/London", 0, "GBP",
           ["gmail.com", "outlook.com", "btinternet.com", "icloud.com", "sky.com"]),
    "DE": ("de-DE,de;q=0.9,en;q=0.8", ["de-DE", "de", "en"], "Europe/Berlin", 60, "EUR",
           ["gmx.de", "web.de", "gmail.com", "t-online.de", "posteo.de"]),
    "FR": ("fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7", ["fr-FR", "fr", "en-US", "en"],
           "Europe/Paris", 60, "EUR", ["orange.fr", "gmail.com", "free.fr", "sfr.fr"]),
    "ES": ("es-ES,es;q=0.9", ["es-ES", "es"], "Europe/Madrid", 60, "EUR",
           ["gmail.com", "hotmail.es", "yahoo.es", "outlook.es"]),
    "IT": ("it-IT,it;q=0.9,en-US;q=0.8,en;q=0.7", ["it-IT", "it", "en-US", "en"],
           "Europe/Rome", 60, "EUR", ["gmail.com", "libero.it", "virgilio.it", "hotmail.it"]),
    "NL": ("nl-NL,nl;q=0.9,en;q=0.8", ["nl-NL", "nl", "en"], "Europe/Amsterdam", 60, "EUR",
           ["gmail.com", "ziggo.nl", "kpnmail.nl", "outlook.com"]),
    "PL": ("pl-PL,pl;q=0.9,en-US;q=0.8,en;q=0.7", ["pl-PL", "pl", "en-US", "en"],
           "Europe/Warsaw", 60, "EUR", ["wp.pl", "o2.pl", "gmail.com", "onet.pl", "interia.pl"]),
    "JP": ("ja,en-US;q=0.9,en;q=0.8", ["ja", "en-US", "en"], "Asia/Tokyo", 540, "JPY",
           ["gmail.com", "yahoo.co.jp", "icloud.com", "docomo.ne.jp", "ezweb.ne.jp"]),
    "KR": ("ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7", ["ko-KR", "ko", "en-US", "en"],
           "Asia/Seoul", 540, "KRW", ["naver.com", "gmail.com", "daum.net", "kakao.com"]),
    "CN": ("zh-CN,zh;q=0.9", ["zh-CN", "zh"], "Asia/Shanghai", 480, "CNY",
           ["qq.com", "163.com", "126.com", "foxmail.com"]),
    "PH": ("en-US,en;q=0.9,fil;q=0.8", ["en-US", "en", "fil"], "Asia/Manila", 480, "USD",
           ["gmail.com", "yahoo.com", "outlook.com"]),
    "ID": ("id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7", ["id-ID", "id", "en-US", "en"],
           "Asia/Jakarta", 420, "USD", ["gmail.com", "yahoo.co.id", "outlook.com"]),
    "BR": ("pt-BR,pt;q=0.9,en-US;q=0.8,en;q=0.7", ["pt-BR", "pt", "en-US", "en"],
           "America/Sao_Paulo", -180, "BRL", ["gmail.com", "hotmail.com", "uol.com.br"]),
    "IN": ("en-IN,en-GB;q=0.9,en-US;q=0.8,en;q=0.7,hi;q=0.6", ["en-IN", "en-GB", "en-US", "en", "hi"],
           "Asia/Kolkata", 330, "INR", ["gmail.com", "yahoo.in", "rediffmail.com"]),
    "CA": ("en-CA,en-US;q=0.9,en;q=0.8", ["en-CA", "en-US", "en"], "America/Toronto", -300,
           "CAD", ["gmail.com", "hotmail.com", "outlook.com", "icloud.com"]),
}

# Face values / top-up packs per currency: (everyday, large).
DENOMS = {
    "USD": ([5, 10, 15, 20, 25, 30, 50], [100, 150, 200, 250, 300, 500]),
    "EUR": ([5, 10, 15, 20, 25, 30, 50], [100, 150, 200, 250]),
    "GBP": ([5, 10, 15, 20, 25, 50], [100, 150, 200, 250]),
    "CAD": ([10, 15, 25, 50], [100, 150, 200]),
    "JPY": ([500, 1000, 1500, 3000, 5000], [10000, 15000, 20000, 30000, 50000]),
    "KRW": ([5000, 10000, 30000, 50000], [100000, 150000, 300000, 500000]),
    "CNY": ([30, 50, 68, 100, 128, 198], [328, 500, 648, 1000, 2000]),
    "BRL": ([20, 30, 50, 100], [200, 250, 500]),
    "INR": ([100, 250, 500, 1000], [2000, 5000, 10000]),
}

GAMES = ["steam", "psn", "xbox", "nintendo-eshop", "roblox", "fortnite-vbucks",
         "valorant-points", "genshin-crystals", "pubg-uc", "mlbb-diamonds", "free-fire-diamonds",
         "honkai-star-rail", "ea-fc-points", "riot-points"]
CARDS = ["apple", "google-play", "amazon", "ikea", "uber", "doordash", "visa-prepaid"]
SUBS = ["spotify", "netflix", "xbox-game-pass", "ps-plus", "discord-nitro", "youtube-premium",
        "chatgpt-plus", "nordvpn", "disney-plus"]
KEYS = ["windows-11-pro", "office-2024", "kaspersky-total", "bitdefender", "adobe-cc",
        "steam-key-aaa"]
LOCAL_GAMES = {"JP": ["line-coin", "monster-strike", "fgo-quartz", "uma-musume"] + GAMES[:4],
               "KR": ["lineage-w", "maplestory", "lol-rp", "cultureland", "google-play"],
               "CN": ["genshin-crystals", "honor-of-kings", "steam", "apple", "netease-points"]}


# ---------------------------------------------------------------- helpers

def ip(rng, ctx, pool):
    """One address of a pool of this set (EXTRA) or of the main table."""
    src = EXTRA if pool in EXTRA else ctx.pools
    return rng.choice(src[pool])[0]


def ips(rng, ctx, pool, k):
    src = EXTRA if pool in EXTRA else ctx.pools
    return [p[0] for p in rng.sample(src[pool], k)]


def device(rng, cc, profile, age=None, cookies="keep", beacon=True, tz=None):
    lang, languages, zone, off = LOCALES[cc][:4]
    if tz is not None:
        zone, off = tz
    return Device(rng, profile, lang, (zone, off), cookies=cookies, age_days=age,
                  beacon=beacon, languages=list(languages))


def aged(rng):
    return rng.choice(AGES)


def value(rng, cur, high=False):
    every, big = DENOMS[cur]
    return rng.choice(big if high else every)


def mkorder(rng, user, email, cur, face, qty=1, product=None, method="card"):
    """An order in the route's fields; amount is the total (face value times quantity)."""
    total = face * qty
    amount = int(total) if cur in ZERO_DECIMAL else round(float(total), 2)
    return {"product": "%s-%s" % (product or rng.choice(GAMES + CARDS), face),
            "quantity": qty, "amount": amount, "currency": cur, "user": user,
            "email": email, "payment_method": method}


def who(rng, cc):
    """(account name, e-mail) of a person from `cc`."""
    first, last = rng.choice(NAMES), rng.choice(SURNAMES)
    style = rng.random()
    if style < 0.4:
        local = "%s.%s" % (first, last)
    elif style < 0.7:
        local = "%s%s%d" % (first, last[:1], rng.randint(1, 99))
    elif style < 0.9:
        local = "%s_%s%d" % (first, last, rng.randint(1975, 2008))
    else:
        local = "%s%s" % (first[:1], last)
    local = local.replace("-", "")
    user = local if rng.random() < 0.5 else "%s%d" % (first.replace("-", ""), rng.randint(10, 9999))
    return user, "%s@%s" % (local, rng.choice(LOCALES[cc][5]))


def junk(rng, n, alphabet=string.ascii_lowercase + string.digits):
    return "".join(rng.choice(alphabet) for _ in range(n))


def start(rng, ctx, tail=400):
    return rng.uniform(30, max(60, ctx.window - tail))


def browse(inst, rng, t, dev, addr, n):
    """`n` page views a few seconds to minutes apart; returns the time after them."""
    for _ in range(n):
        inst.visit(t, dev, addr)
        t += rng.uniform(8, 140)
    return t


# Home and mobile pool per country (falling back to the main table's).
def home(cc):
    name = "h18_home_%s" % cc
    return name if name in EXTRA else ("home_%s" % cc)


def mobile(cc):
    name = "h18_mobile_%s" % cc
    return name if name in EXTRA else home(cc)


DESKTOP = ["chrome_win", "edge_win", "chrome_mac", "safari_mac", "firefox_win",
           "h16_chrome_win_145", "h12_chrome_win_144", "h11_edge_win_143", "h10_chrome_mac_143",
           "h16_safari_mac_26", "h12_firefox_mac_146"]
PHONE = ["chrome_android", "samsung_android", "safari_iphone", "h10_chrome_android_143",
         "h16_chrome_android_145", "h11_safari_iphone_262", "h7_safari_iphone_26",
         "h12_samsung_29", "h6_safari_iphone_182"]


def any_profile(rng, mobile_share=0.6):
    return rng.choice(PHONE if rng.random() < mobile_share else DESKTOP)


# ---------------------------------------------------------------- legitimate buyers

def h18_loyal_topup(rng, ctx):
    """Returning buyers at home: an aged browser with its cookie, home broadband or their
    own carrier, the everyday denominations of their country, card or PayPal. Trace: a
    known device and account, home-country address, ordinary amounts."""
    out = []
    for _ in range(ctx.n(24)):
        cc = rng.choice(["US", "US", "GB", "DE", "FR", "CA", "NL", "IT", "ES"])
        cur = LOCALES[cc][4]
        inst = Instance("h18_loyal_topup", "legit")
        prof = any_profile(rng)
        dev = device(rng, cc, prof, age=aged(rng))
        addr = ip(rng, ctx, mobile(cc) if prof in PHONE and rng.random() < 0.4 else home(cc))
        user, email = who(rng, cc)
        t = browse(inst, rng, start(rng, ctx), dev, addr, rng.randint(1, 3))
        for _ in range(1 if rng.random() < 0.55 else 2):
            inst.order(t, dev, addr, mkorder(rng, user, email, cur, value(rng, cur),
                                             method=rng.choice(["card", "card", "paypal"])))
            t += rng.uniform(120, 900)
        out.append(inst)
    return out


def h18_first_big_gift(rng, ctx):
    """A first purchase on a new browser for a large amount: a birthday or a family
    member's console, bought by someone who never used the shop. Reads the FAQ and the
    product page for minutes first; a few retry once after a typo in the e-mail. Trace: no
    cookie before the window, a new account, a high face value, home address, normal
    browser with its page script."""
    out = []
    for _ in range(ctx.n(30)):
        cc = rng.choice(["US", "US", "GB", "DE", "FR", "JP", "KR", "CA", "IT"])
        cur = LOCALES[cc][4]
        inst = Instance("h18_first_big_gift", "legit")
        prof = any_profile(rng, 0.5)
        dev = device(rng, cc, prof)
        addr = ip(rng, ctx, mobile(cc) if prof in PHONE and rng.random() < 0.5 else home(cc))
        user, email = who(rng, cc)
        t = browse(inst, rng, start(rng, ctx, 700), dev, addr, rng.randint(3, 6))
        prod = rng.choice(["psn", "xbox", "nintendo-eshop", "steam", "apple", "amazon"])
        face = value(rng, cur, high=True)
        inst.order(t, dev, addr, mkorder(rng, user, email, cur, face, product=prod,
                                         method=rng.choice(["card", "card", "paypal", "apple_pay"])))
        if rng.random() < 0.12:
            inst.order(t + rng.uniform(40, 150), dev, addr,
                       mkorder(rng, user, email, cur, face, product=prod))
        out.append(inst)
    return out


def h18_night_shift(rng, ctx):
    """Nurses, warehouse and call-centre workers buying on their break, whatever the hour:
    phones on the carrier or the workplace Wi-Fi, aged browsers, small top-ups, sometimes
    two in a row for themselves and a partner. Trace: mobile carrier addresses, an aged
    cookie, small amounts, a couple of orders minutes apart."""
    out = []
    for _ in range(ctx.n(24)):
        cc = rng.choice(["US", "US", "GB", "DE", "PH", "IN", "CA"])
        cur = LOCALES[cc][4]
        inst = Instance("h18_night_shift", "legit")
        dev = device(rng, cc, rng.choice(PHONE), age=aged(rng))
        addr = ip(rng, ctx, mobile(cc) if rng.random() < 0.7 else home(cc))
        user, email = who(rng, cc)
        t = browse(inst, rng, start(rng, ctx), dev, addr, rng.randint(1, 2))
        for k in range(rng.choice([1, 1, 2, 2, 3])):
            inst.order(t, dev, addr, mkorder(rng, user, email, cur, value(rng, cur),
                                             product=rng.choice(GAMES + SUBS),
                                             method=rng.choice(["card", "google_pay", "apple_pay"])))
            t += rng.uniform(60, 600)
        out.append(inst)
    return out


def h18_privacy_browser(rng, ctx):
    """Privacy-minded buyers: Firefox with resistFingerprinting, Mullvad Browser, Brave
    with strict shields, Safari behind iCloud Private Relay. Cookies die with the session
    or are blocked; the beacon is often blocked too. Trace: no or a fresh cookie on every
    visit, UTC timezone or farbled values, relay egress for some, ordinary amounts."""
    out = []
    kinds = [("firefox_strict", "session", 0.5), ("h5_mullvad_browser", "session", 0.3),
             ("brave_win", "keep", 0.8), ("h6_brave_android", "keep", 0.8),
             ("safari_iphone", "keep", 1.0), ("h16_safari_mac_26", "keep", 1.0),
             ("firefox_win", "none", 0.0)]
    for _ in range(ctx.n(28)):
        cc = rng.choice(["US", "DE", "DE", "NL", "FR", "GB", "US", "JP"])
        cur = LOCALES[cc][4]
        prof, cookies, beacon_p = rng.choice(kinds)
        inst = Instance("h18_privacy_browser", "legit")
        age = aged(rng) if cookies == "keep" and rng.random() < 0.5 else None
        dev = device(rng, cc, prof, age=age, cookies=cookies, beacon=rng.random() < beacon_p)
        if prof.startswith("safari") or prof.startswith("h16_safari"):
            pool = "h18_relay_US" if cc in ("US", "JP", "GB") else "h18_relay_EU"
        else:
            pool = home(cc)
        addr = ip(rng, ctx, pool)
        user, email = who(rng, cc)
        if rng.random() < 0.3:
            email = "%s@%s" % (junk(rng, 10), rng.choice(["proton.me", "tutanota.com",
                                                           "duck.com", "privaterelay.appleid.com"]))
        t = browse(inst, rng, start(rng, ctx), dev, addr, rng.randint(1, 3))
        for _ in range(1 if rng.random() < 0.8 else 2):
            inst.order(t, dev, addr, mkorder(rng, user, email, cur, value(rng, cur),
                                             product=rng.choice(GAMES + SUBS + KEYS),
                                             method=rng.choice(["card", "paypal", "crypto"])))
            t += rng.uniform(200, 900)
        out.append(inst)
    return out


def h18_cgnat_mobile(rng, ctx):
    """Phone buyers in countries whose carriers put thousands of subscribers behind a
    handful of addresses (Philippines, Indonesia, India, US): unrelated people, unrelated
    accounts, the same few public addresses in one hour. Trace: several accounts and
    devices per address, mobile carrier AS, small top-ups priced in USD or local money."""
    out = []
    shared = {cc: ips(rng, ctx, "h18_mobile_%s" % cc, 3) for cc in ("PH", "ID", "IN", "US")}
    for _ in range(ctx.n(34)):
        cc = rng.choice(["PH", "PH", "ID", "ID", "IN", "US"])
        cur = LOCALES[cc][4]
        inst = Instance("h18_cgnat_mobile", "legit")
        dev = device(rng, cc, rng.choice(["chrome_android", "samsung_android",
                                          "h10_chrome_android_143", "h6_old_android",
                                          "safari_iphone"]),
                     age=aged(rng) if rng.random() < 0.6 else None)
        addr = rng.choice(shared[cc])
        user, email = who(rng, cc)
        t = browse(inst, rng, start(rng, ctx), dev, addr, rng.randint(1, 2))
        prod = rng.choice(["mlbb-diamonds", "free-fire-diamonds", "pubg-uc", "roblox",
                           "google-play", "genshin-crystals"])
        every = DENOMS[cur][0][:4]
        inst.order(t, dev, addr, mkorder(rng, user, email, cur, rng.choice(every), product=prod,
                                         method=rng.choice(["card", "gcash", "google_pay", "upi"]
                                                           if cc != "US" else ["card", "google_pay"])))
        out.append(inst)
    return out


def h18_carrier_abroad(rng, ctx):
    """Phone buyers at home whose carrier's range the country database places in another
    country (roaming gateways, reassigned blocks). Browser language, timezone and currency
    are home; the address geolocates abroad. Trace: country of address differs from
    locale and currency, on a mobile carrier AS; aged or new phone."""
    out = []
    for _ in range(ctx.n(28)):
        cc = rng.choice(["DE", "DE", "ID", "PH", "IN"])
        cur = LOCALES[cc][4]
        inst = Instance("h18_carrier_abroad", "legit")
        dev = device(rng, cc, rng.choice(PHONE), age=aged(rng) if rng.random() < 0.6 else None)
        addr = ip(rng, ctx, "h18_abroad_%s" % cc)
        user, email = who(rng, cc)
        t = browse(inst, rng, start(rng, ctx), dev, addr, rng.randint(1, 3))
        for _ in range(1 if rng.random() < 0.85 else 2):
            inst.order(t, dev, addr, mkorder(rng, user, email, cur,
                                             value(rng, cur, high=rng.random() < 0.1)))
            t += rng.uniform(100, 700)
        out.append(inst)
    return out


def h18_corporate_bulk(rng, ctx):
    """Office managers buying employee-reward and client-gift cards in bulk from a
    managed laptop behind the company's secure web gateway: company e-mail domain, 5-40
    cards of one face value per order, a few orders per buyer, colleagues from the same
    gateway. Trace: corporate-gateway AS (shared by many offices), large totals, high
    quantity, new or aged Edge/Chrome, company domain."""
    out = []
    companies = [("US", "northwind-logistics.com"), ("GB", "harcourt-advisory.co.uk"),
                 ("DE", "kessler-maschinenbau.de"), ("FR", "groupe-lumet.fr"),
                 ("JP", "sakura-shoji.co.jp"), ("US", "brightpath-health.org"),
                 ("NL", "vandam-logistiek.nl"), ("KR", "hanbit-soft.co.kr")]
    for _ in range(ctx.n(12)):
        cc, domain = rng.choice(companies)
        cur = LOCALES[cc][4]
        inst = Instance("h18_corporate_bulk", "legit")
        dev = device(rng, cc, rng.choice(["h11_edge_win_143", "edge_win", "chrome_win",
                                          "h16_chrome_win_145"]),
                     age=aged(rng) if rng.random() < 0.5 else None)
        addr = ip(rng, ctx, "h18_corp")
        first, last = rng.choice(NAMES), rng.choice(SURNAMES)
        user = "%s.%s" % (first.replace("-", ""), last)
        email = "%s@%s" % (user, domain)
        t = browse(inst, rng, start(rng, ctx, 900), dev, addr, rng.randint(2, 4))
        face = rng.choice(DENOMS[cur][0][-3:] + DENOMS[cur][1][:1])
        prod = rng.choice(["amazon", "visa-prepaid", "apple", "uber", "doordash", "steam"])
        for _ in range(rng.choice([1, 2, 2, 3, 4])):
            qty = rng.choice([5, 10, 10, 20, 25, 40])
            inst.order(t, dev, addr, mkorder(rng, user, email, cur, face, qty=qty, product=prod,
                                             method=rng.choice(["card", "card", "invoice"])))
            t += rng.uniform(60, 420)
        out.append(inst)
    return out


def h18_traveller(rng, ctx):
    """Travellers on hotel or airport Wi-Fi, a roaming eSIM, or a consumer relay: their
    own aged phone or laptop with its cookie, home language and currency, the timezone
    of home (phones switch, laptops often not), ordering a top-up or a streaming month.
    Trace: a known device and account from a foreign network."""
    out = []
    for _ in range(ctx.n(26)):
        cc = rng.choice(["US", "GB", "DE", "JP", "KR", "FR", "CN", "CA"])
        cur = LOCALES[cc][4]
        inst = Instance("h18_traveller", "legit")
        prof = any_profile(rng, 0.55)
        tz = None
        if prof in PHONE and rng.random() < 0.6:
            tz = rng.choice([("Asia/Bangkok", 420), ("Asia/Singapore", 480),
                             ("Asia/Dubai", 240), ("Europe/Athens", 120),
                             ("America/Mexico_City", -360), ("Europe/Zurich", 60)])
        dev = device(rng, cc, prof, age=aged(rng), tz=tz)
        addr = ip(rng, ctx, rng.choice(["h18_travel", "h18_travel", "h18_travel", "h18_vpn"]
                                       if cc == "CN" else ["h18_travel", "h18_travel",
                                                           "h18_relay_EU", "h18_relay_US"]))
        user, email = who(rng, cc)
        t = browse(inst, rng, start(rng, ctx), dev, addr, rng.randint(1, 3))
        for _ in range(1 if rng.random() < 0.8 else 2):
            inst.order(t, dev, addr, mkorder(rng, user, email, cur,
                                             value(rng, cur, high=rng.random() < 0.15),
                                             product=rng.choice(GAMES + SUBS + CARDS)))
            t += rng.uniform(150, 800)
        out.append(inst)
    return out


def h18_jp_mobile(rng, ctx):
    """Japanese buyers: iPhones on docomo/au or fibre at home, LINE coins, game stones
    and eShop cards in yen, paid by card, carrier billing or PayPay. Trace: JP carrier or
    fibre address, ja locale, JPY amounts (no decimals), many aged iPhones."""
    out = []
    for _ in range(ctx.n(30)):
        inst = Instance("h18_jp_mobile", "legit")
        prof = rng.choice(["safari_iphone", "h11_safari_iphone_262", "h7_safari_iphone_26",
                           "chrome_android", "h16_chrome_win_145", "h16_safari_mac_26"])
        dev = device(rng, "JP", prof, age=aged(rng) if rng.random() < 0.65 else None)
        addr = ip(rng, ctx, "h18_mobile_JP" if prof in PHONE and rng.random() < 0.6
                  else "h18_home_JP")
        user, email = who(rng, "JP")
        t = browse(inst, rng, start(rng, ctx), dev, addr, rng.randint(1, 3))
        for _ in range(1 if rng.random() < 0.85 else 2):
            inst.order(t, dev, addr, mkorder(rng, user, email, "JPY",
                                             value(rng, "JPY", high=rng.random() < 0.12),
                                             product=rng.choice(LOCAL_GAMES["JP"]),
                                             method=rng.choice(["card", "paypay", "carrier_billing",
                                                                "konbini"])))
            t += rng.uniform(90, 700)
        out.append(inst)
    return out


def h18_kr_gamer(rng, ctx):
    """Korean players: Samsung Internet or the KakaoTalk in-app browser on the phone,
    Naver Whale on the PC-bang-free home desktop, KT / SK networks, won amounts, KakaoPay
    or card, often two or three top-ups in one evening. Trace: KR address and locale,
    KRW amounts, a repeat order or two from an aged device."""
    out = []
    for _ in range(ctx.n(22)):
        inst = Instance("h18_kr_gamer", "legit")
        prof = rng.choice(["samsung_android", "h12_samsung_29", "h8_kakaotalk_android",
                           "h8_whale_win", "chrome_win", "safari_iphone"])
        dev = device(rng, "KR", prof, age=aged(rng) if rng.random() < 0.7 else None)
        addr = ip(rng, ctx, "h18_mobile_KR" if prof in PHONE + ["h8_kakaotalk_android"]
                  and rng.random() < 0.6 else "h18_home_KR")
        user, email = who(rng, "KR")
        t = browse(inst, rng, start(rng, ctx), dev, addr, rng.randint(1, 2))
        for _ in range(rng.choice([1, 1, 2, 2, 3])):
            inst.order(t, dev, addr, mkorder(rng, user, email, "KRW", value(rng, "KRW"),
                                             product=rng.choice(LOCAL_GAMES["KR"]),
                                             method=rng.choice(["card", "kakaopay", "naverpay",
                                                                "phone_billing"])))
            t += rng.uniform(120, 800)
        out.append(inst)
    return out


def h18_cn_wechat(rng, ctx):
    """Buyers in mainland China opening the shop from a WeChat chat link (the in-app
    browser on Android or iOS) or a desktop Chrome, on Chinanet / Unicom / China Mobile,
    paying in yuan with Alipay or WeChat Pay. Trace: CN address, zh locale, in-app browser
    UAs without client hints, CNY amounts."""
    out = []
    for _ in range(ctx.n(26)):
        inst = Instance("h18_cn_wechat", "legit")
        prof = rng.choice(["h7_wechat_android", "h8_wechat_ios", "h8_wechat_ios",
                           "chrome_win", "safari_iphone", "edge_win"])
        dev = device(rng, "CN", prof, age=aged(rng) if rng.random() < 0.5 else None)
        addr = ip(rng, ctx, "h18_mobile_CN" if "wechat" in prof or prof == "safari_iphone"
                  else "h18_home_CN")
        user, email = who(rng, "CN")
        if rng.random() < 0.5:
            email = "%d@qq.com" % rng.randint(10000000, 3999999999)
        t = browse(inst, rng, start(rng, ctx), dev, addr, rng.randint(1, 2))
        for _ in range(1 if rng.random() < 0.8 else 2):
            inst.order(t, dev, addr, mkorder(rng, user, email, "CNY",
                                             value(rng, "CNY", high=rng.random() < 0.1),
                                             product=rng.choice(LOCAL_GAMES["CN"]),
                                             method=rng.choice(["alipay", "wechat_pay"])))
            t += rng.uniform(100, 600)
        out.append(inst)
    return out


def h18_eu_shopper(rng, ctx):
    """Euro-area buyers (Germany, France, Spain, Italy, the Netherlands) and Poles paying
    in euros: desktop and phone, PayPal, SEPA, cards, Klarna; software keys and streaming
    as well as games. Trace: EU home or mobile address, matching locale, EUR amounts."""
    out = []
    for _ in range(ctx.n(30)):
        cc = rng.choice(["DE", "DE", "FR", "ES", "IT", "NL", "PL", "PL"])
        inst = Instance("h18_eu_shopper", "legit")
        prof = any_profile(rng, 0.5)
        dev = device(rng, cc, prof, age=aged(rng) if rng.random() < 0.6 else None)
        pool = home(cc)
        if prof in PHONE and cc in ("DE", "IT") and rng.random() < 0.5:
            pool = mobile(cc)
        addr = ip(rng, ctx, pool)
        user, email = who(rng, cc)
        t = browse(inst, rng, start(rng, ctx), dev, addr, rng.randint(1, 4))
        for _ in range(1 if rng.random() < 0.85 else 2):
            inst.order(t, dev, addr, mkorder(rng, user, email, "EUR",
                                             value(rng, "EUR", high=rng.random() < 0.08),
                                             product=rng.choice(GAMES + SUBS + KEYS),
                                             method=rng.choice(["paypal", "card", "sepa", "klarna"])))
            t += rng.uniform(150, 900)
        out.append(inst)
    return out


def h18_family_tablet(rng, ctx):
    """A household's shared tablet or parent's phone: the parent buys Roblox, V-Bucks and
    eShop cards for two or three children, each child with their own shop account, over
    an afternoon. Trace: one aged device and home address, several accounts, small
    amounts, orders tens of minutes apart, one payment method."""
    out = []
    for _ in range(ctx.n(10)):
        cc = rng.choice(["US", "GB", "DE", "FR", "CA", "US"])
        cur = LOCALES[cc][4]
        inst = Instance("h18_family_tablet", "legit")
        dev = device(rng, cc, rng.choice(["h6_family_tablet", "h5_ipad_safari", "safari_iphone",
                                          "samsung_android"]), age=aged(rng))
        addr = ip(rng, ctx, home(cc))
        last = rng.choice(SURNAMES)
        kids = []
        for _ in range(rng.choice([2, 2, 3])):
            name = rng.choice(NAMES).replace("-", "")
            kids.append(("%s%s%d" % (name, last[:1], rng.randint(2010, 2019)),
                         "%s.%s.kids@%s" % (name, last, rng.choice(LOCALES[cc][5]))))
        t = start(rng, ctx, 1500)
        for _ in range(rng.choice([2, 3, 3, 4])):
            user, email = rng.choice(kids)
            t = browse(inst, rng, t, dev, addr, 1)
            inst.order(t, dev, addr, mkorder(rng, user, email, cur, value(rng, cur),
                                             product=rng.choice(["roblox", "fortnite-vbucks",
                                                                 "nintendo-eshop", "minecraft"])))
            t += rng.uniform(300, 900)
        out.append(inst)
    return out


def h18_lan_cafe(rng, ctx):
    """Internet cafes in the Philippines, Indonesia and Brazil: a row of Windows PCs
    that wipe the browser at logout, one public address per cafe, customer after customer
    topping up their game account from the same PC. Trace: many accounts per address and
    per PC, no lasting cookie, small amounts, Chrome on Windows."""
    out = []
    cafes = []
    for cc in ("PH", "PH", "ID", "BR"):
        addr = ip(rng, ctx, home(cc) if cc != "ID" else "h18_mobile_ID")
        pcs = [device(rng, cc, rng.choice(["chrome_win", "edge_win", "h7_opera_gx"]),
                      cookies="session") for _ in range(6)]
        cafes.append((cc, addr, pcs))
    for _ in range(ctx.n(30)):
        cc, addr, pcs = rng.choice(cafes)
        cur = LOCALES[cc][4]
        inst = Instance("h18_lan_cafe", "legit")
        dev = rng.choice(pcs)
        user, email = who(rng, cc)
        t = browse(inst, rng, start(rng, ctx), dev, addr, 1)
        inst.order(t, dev, addr, mkorder(rng, user, email, cur, rng.choice(DENOMS[cur][0][:4]),
                                         product=rng.choice(["mlbb-diamonds", "valorant-points",
                                                             "riot-points", "steam", "free-fire-diamonds"]),
                                         method=rng.choice(["card", "gcash", "pix", "paysafecard"])))
        out.append(inst)
    return out


def h18_campus(rng, ctx):
    """Students on campus networks (US, Japan, Korea): laptops and phones behind the
    university's addresses, including exchange students whose browser language and
    currency are their home country's. Trace: a campus AS shared by many accounts,
    mixed locales, small amounts, aged or new devices."""
    out = []
    for _ in range(ctx.n(28)):
        cc = rng.choice(["US", "US", "JP", "KR", "CN", "IN", "DE", "FR"])
        cur = LOCALES[cc][4]
        inst = Instance("h18_campus", "legit")
        dev = device(rng, cc, any_profile(rng, 0.45),
                     age=aged(rng) if rng.random() < 0.55 else None)
        addr = ip(rng, ctx, "h18_campus")
        user, email = who(rng, cc)
        if rng.random() < 0.4:
            email = "%s@%s" % (email.split("@")[0], rng.choice(["umich.edu", "ucla.edu",
                                                                  "g.ecc.u-tokyo.ac.jp",
                                                                  "kaist.ac.kr"]))
        t = browse(inst, rng, start(rng, ctx), dev, addr, rng.randint(1, 3))
        for _ in range(1 if rng.random() < 0.85 else 2):
            inst.order(t, dev, addr, mkorder(rng, user, email, cur, value(rng, cur),
                                             product=rng.choice(GAMES + SUBS)))
            t += rng.uniform(200, 800)
        out.append(inst)
    return out


def h18_subscription_renew(rng, ctx):
    """Monthly buyers of a streaming or game-pass code who know exactly what they want:
    open the saved product page, pay with the stored wallet, done in seconds. Trace: an
    aged device and account, a page view and an order within 5-25 seconds, the same
    small amount as every month."""
    out = []
    for _ in range(ctx.n(30)):
        cc = rng.choice(["US", "US", "GB", "DE", "FR", "JP", "KR", "CA", "ES"])
        cur = LOCALES[cc][4]
        inst = Instance("h18_subscription_renew", "legit")
        prof = any_profile(rng, 0.6)
        dev = device(rng, cc, prof, age=rng.choice(AGES[1:]))
        addr = ip(rng, ctx, mobile(cc) if prof in PHONE and rng.random() < 0.5 else home(cc))
        user, email = who(rng, cc)
        t = start(rng, ctx, 200)
        inst.visit(t, dev, addr)
        inst.order(t + rng.uniform(5, 25), dev, addr,
                   mkorder(rng, user, email, cur, rng.choice(DENOMS[cur][0][1:4]),
                           product=rng.choice(SUBS),
                           method=rng.choice(["apple_pay", "google_pay", "paypal", "card"])))
        out.append(inst)
    return out


LEGIT = [h18_loyal_topup, h18_first_big_gift, h18_night_shift, h18_privacy_browser,
         h18_cgnat_mobile, h18_carrier_abroad, h18_corporate_bulk, h18_traveller,
         h18_jp_mobile, h18_kr_gamer, h18_cn_wechat, h18_eu_shopper, h18_family_tablet,
         h18_lan_cafe, h18_campus, h18_subscription_renew]


# ---------------------------------------------------------------- fraud

def f18_card_testing(rng, ctx):
    """Card testing: a script replaying the checkout API with a list of stolen card
    numbers, the smallest denomination, a fresh account and throwaway address per
    attempt, every order from another residential proxy exit, no cookies. Runs of 10-14
    orders within a few minutes. Trace: browser-like headers without the page script
    (Chrome impersonation, or a plain HTTP library), no cookie, new accounts, minimum
    amounts, bursts across many residential addresses."""
    out = []
    for _ in range(ctx.n(3)):
        prof = rng.choice(["h10_curl_cffi", "h9_impersonate_136", "python_requests",
                           "h12_axios", "h7_impersonate_chrome"])
        dev = device(rng, "US", prof, cookies="none", beacon=False)
        inst = Instance("f18_card_testing", "fraud")
        t = start(rng, ctx, 800)
        for _ in range(rng.randint(10, 14)):
            user = junk(rng, rng.randint(7, 11))
            email = "%s@%s" % (junk(rng, 9), rng.choice(DISPOSABLE + ["gmail.com", "outlook.com"]))
            addr = ip(rng, ctx, "h18_resi_US")
            inst.order(t, dev, addr, mkorder(rng, user, email, "USD", rng.choice([5, 5, 10]),
                                             product=rng.choice(["google-play", "steam", "roblox"])))
            t += rng.uniform(8, 35)
        out.append(inst)
    return out


def f18_stolen_card_browser(rng, ctx):
    """Carders cashing out stolen cards by hand in anti-detect browser profiles: one
    fresh profile per card, a residential proxy in the cardholder's country, a new
    account named like a person, the large denominations that resell best. Trace: a new
    device and account, a consistent-looking desktop browser, residential address in the
    card's country, high amounts, short browsing."""
    out = []
    profs = ["h11_multilogin_win", "h12_orbita_win", "h6_antidetect_pro", "h7_antidetect_mac",
             "h5_antidetect_win"]
    for _ in range(ctx.n(22)):
        cc = rng.choice(["US", "US", "US", "GB", "DE", "FR"])
        cur = LOCALES[cc][4]
        inst = Instance("f18_stolen_card_browser", "fraud")
        dev = device(rng, cc, rng.choice(profs))
        addr = ip(rng, ctx, "h18_resi_%s" % cc)
        user, email = who(rng, cc)
        t = browse(inst, rng, start(rng, ctx), dev, addr, rng.randint(1, 2))
        for _ in range(1 if rng.random() < 0.6 else 2):
            inst.order(t, dev, addr, mkorder(rng, user, email, cur, value(rng, cur, high=True),
                                             product=rng.choice(["apple", "amazon", "steam",
                                                                 "psn", "visa-prepaid"])))
            t += rng.uniform(40, 240)
        out.append(inst)
    return out


def f18_ato_drain(rng, ctx):
    """Account takeover: accounts bought from a credential-stuffing log, opened on the
    attacker's own browser (no cookie of the victim) from a residential proxy or VPN in
    the victim's country, then the saved card drained with two or three of the largest
    cards minutes apart. Trace: a known account (its usual e-mail) on a new device, a
    proxy or VPN address, high amounts in a quick series."""
    out = []
    for _ in range(ctx.n(14)):
        cc = rng.choice(["US", "US", "GB", "DE", "JP", "KR", "FR"])
        cur = LOCALES[cc][4]
        inst = Instance("f18_ato_drain", "fraud")
        dev = device(rng, cc, rng.choice(["chrome_win", "h16_chrome_win_145", "h11_multilogin_win",
                                          "safari_mac", "h6_antidetect_pro"]))
        pool = "h18_resi_%s" % cc if rng.random() < 0.75 else "h18_vpn"
        addr = ip(rng, ctx, pool)
        user, email = who(rng, cc)
        t = browse(inst, rng, start(rng, ctx, 600), dev, addr, 1)
        for _ in range(rng.choice([2, 2, 3])):
            inst.order(t, dev, addr, mkorder(rng, user, email, cur, value(rng, cur, high=True),
                                             product=rng.choice(["apple", "amazon", "steam",
                                                                 "google-play", "psn"]),
                                             method=rng.choice(["card", "saved_card"])))
            t += rng.uniform(30, 200)
        out.append(inst)
    return out


def f18_device_hopping(rng, ctx):
    """One shop account worked from many devices: a ring sharing a stolen-card balance
    or a compromised account among members, each opening it from their own phone or
    anti-detect profile and a different residential address, mid-size orders spread over
    the hour. Trace: one account and e-mail on 5-8 devices and addresses, none known."""
    out = []
    for _ in range(ctx.n(4)):
        cc = rng.choice(["US", "GB", "DE", "US"])
        cur = LOCALES[cc][4]
        inst = Instance("f18_device_hopping", "fraud")
        user, email = who(rng, cc)
        t = start(rng, ctx, 2200)
        for _ in range(rng.randint(6, 8)):
            prof = rng.choice(PHONE + ["h11_multilogin_win", "h12_orbita_win", "chrome_win"])
            dev = device(rng, cc, prof, cookies=rng.choice(["keep", "session"]))
            addr = ip(rng, ctx, rng.choice(["h18_resi_%s" % cc, "h18_mproxy_US"]
                                           if cc == "US" else ["h18_resi_%s" % cc]))
            t = browse(inst, rng, t, dev, addr, 1)
            inst.order(t, dev, addr, mkorder(rng, user, email, cur,
                                             rng.choice(DENOMS[cur][0][-3:] + DENOMS[cur][1][:2])))
            t += rng.uniform(120, 420)
        out.append(inst)
    return out


def f18_low_and_slow(rng, ctx):
    """A patient crew using fresh, complete identities (name-like accounts, aged-looking
    free-mail addresses) and one order per identity per day, each from a different
    residential or mobile proxy in the card's country, in an ordinary phone browser with
    its page script, for everyday amounts. Trace: almost none per order: a new device and
    account, a consumer address, an ordinary amount; only the number of such first
    orders in the hour."""
    out = []
    for _ in range(ctx.n(30)):
        cc = rng.choice(["US", "US", "US", "GB", "DE", "JP"])
        cur = LOCALES[cc][4]
        inst = Instance("f18_low_and_slow", "fraud")
        dev = device(rng, cc, rng.choice(PHONE + ["h5_farm_phone", "h6_farm_handset"]))
        pool = rng.choice(["h18_resi_%s" % cc, "h18_mproxy_US"] if cc == "US"
                          else ["h18_resi_%s" % cc])
        addr = ip(rng, ctx, pool)
        user, email = who(rng, cc)
        t = browse(inst, rng, rng.uniform(30, ctx.window - 300), dev, addr, rng.randint(1, 3))
        inst.order(t, dev, addr, mkorder(rng, user, email, cur,
                                         rng.choice(DENOMS[cur][0][2:] + DENOMS[cur][1][:1]),
                                         product=rng.choice(CARDS + ["steam", "psn", "xbox"])))
        out.append(inst)
    return out


def f18_reseller_scripted(rng, ctx):
    """Grey-market resellers bulk-buying software keys and gift cards with stolen or
    'cracked' payment accounts through the shop's API, from rented servers: a handful of
    aged-on-paper accounts, quantities of 10-50 per order, orders every minute or two.
    Trace: an HTTP library or the mobile app's client, datacenter addresses, no cookie,
    high quantity and totals."""
    out = []
    for _ in range(ctx.n(5)):
        inst = Instance("f18_reseller_scripted", "fraud")
        prof = rng.choice(["go_http", "python_requests", "h5_okhttp", "h6_node_undici"])
        dev = device(rng, "US", prof, cookies="none", beacon=False)
        cur = rng.choice(["USD", "USD", "EUR"])
        user = "%s%s" % (rng.choice(["keyhub", "digimart", "gamecodes", "cdkeys"]), junk(rng, 4))
        email = "%s@%s" % (user, rng.choice(["gmail.com", "proton.me", "outlook.com"]))
        addrs = ips(rng, ctx, "h18_dc", 2)
        t = start(rng, ctx, 900)
        for _ in range(rng.randint(5, 7)):
            face = rng.choice([10, 20, 25, 50])
            inst.order(t, dev, rng.choice(addrs),
                       mkorder(rng, user, email, cur, face, qty=rng.choice([10, 20, 25, 50]),
                               product=rng.choice(KEYS + ["steam", "xbox-game-pass"]),
                               method=rng.choice(["card", "paypal"])))
            t += rng.uniform(50, 150)
        out.append(inst)
    return out


def f18_promo_farm(rng, ctx):
    """New-customer promotion abuse from a phone farm and Android emulators: each device
    registers account after account (Gmail dot and plus variants, throwaway domains) to
    take the first-order discount on small top-ups, through mobile proxies. Trace: many
    new accounts per device, look-alike e-mail addresses, small first orders, mobile
    addresses, emulator or bulk-handset profiles."""
    out = []
    for _ in range(ctx.n(4)):
        inst = Instance("f18_promo_farm", "fraud")
        dev = device(rng, "US", rng.choice(["h6_emulator_x86", "h5_android_emulator",
                                            "h5_farm_phone", "h6_farm_handset"]),
                     cookies=rng.choice(["keep", "session"]))
        base = "%s%s" % (rng.choice(NAMES).replace("-", ""), rng.choice(SURNAMES))
        t = start(rng, ctx, 1800)
        for k in range(rng.randint(7, 9)):
            if rng.random() < 0.6:
                spots = sorted(rng.sample(range(1, len(base)), min(2, len(base) - 1)))
                local = base
                for s in reversed(spots):
                    local = local[:s] + "." + local[s:]
                email = "%s+%d@gmail.com" % (local, k) if rng.random() < 0.5 else local + "@gmail.com"
            else:
                email = "%s%d@%s" % (base, rng.randint(1, 999), rng.choice(DISPOSABLE))
            user = "%s%d" % (base[:6], rng.randint(100, 99999))
            addr = ip(rng, ctx, "h18_mproxy_US")
            t = browse(inst, rng, t, dev, addr, 1)
            inst.order(t, dev, addr, mkorder(rng, user, email, "USD", rng.choice([10, 15, 20]),
                                             product=rng.choice(["roblox", "fortnite-vbucks",
                                                                 "google-play", "spotify"]),
                                             method="card"))
            t += rng.uniform(90, 260)
        out.append(inst)
    return out


def f18_mobile_proxy_testing(rng, ctx):
    """Card testing done in a real phone browser through a rotating 4G proxy pool: each
    attempt a fresh private tab on another carrier address, a new account, a small value.
    Trace: session-only cookies, US mobile carrier addresses (the same ones honest phone
    buyers share), new accounts, small amounts, a burst of attempts per operator."""
    out = []
    for _ in range(ctx.n(3)):
        inst = Instance("f18_mobile_proxy_testing", "fraud")
        dev = device(rng, "US", rng.choice(["h16_chrome_android_145", "safari_iphone",
                                            "h10_chrome_android_143"]), cookies="session")
        t = start(rng, ctx, 900)
        for _ in range(rng.randint(8, 11)):
            user, email = who(rng, "US")
            addr = ip(rng, ctx, "h18_mproxy_US")
            inst.visit(t, dev, addr)
            t += rng.uniform(10, 30)
            inst.order(t, dev, addr, mkorder(rng, user, email, "USD", rng.choice([5, 10, 10, 15]),
                                             product=rng.choice(["google-play", "roblox", "spotify"])))
            t += rng.uniform(20, 60)
        out.append(inst)
    return out


def f18_scam_victim(rng, ctx):
    """Gift-card scam victims coached on the phone by a fake tech-support or tax caller:
    their own aged desktop at home, their own account, several of the largest Apple,
    Google Play or Steam cards in twenty minutes, codes read out to the caller. Trace:
    almost none (a known device, home address, own account); only high amounts in a
    series from an account that usually buys little."""
    out = []
    for _ in range(ctx.n(5)):
        cc = rng.choice(["US", "US", "GB", "CA", "DE"])
        cur = LOCALES[cc][4]
        inst = Instance("f18_scam_victim", "fraud")
        dev = device(rng, cc, rng.choice(["edge_win", "chrome_win", "safari_mac",
                                          "h6_chrome_win_magnifier"]), age=aged(rng))
        addr = ip(rng, ctx, home(cc))
        user, email = who(rng, cc)
        t = browse(inst, rng, start(rng, ctx, 1300), dev, addr, 2)
        prod = rng.choice(["apple", "google-play", "steam"])
        for _ in range(rng.choice([2, 3, 4])):
            inst.order(t, dev, addr, mkorder(rng, user, email, cur, value(rng, cur, high=True),
                                             product=prod))
            t += rng.uniform(150, 400)
        out.append(inst)
    return out


def f18_triangulation(rng, ctx):
    """Triangulation: an operator sells discounted codes on a marketplace and fills
    each sale by buying here with a stolen card, entering the marketplace buyer's e-mail
    so the code goes straight to them. One anti-detect profile per shift, a VPN or
    hosting exit, a different recipient, country and currency on every order. Trace: one
    device, many accounts and e-mail domains, mixed currencies, VPN or hosting address."""
    out = []
    for _ in range(ctx.n(3)):
        inst = Instance("f18_triangulation", "fraud")
        dev = device(rng, "US", rng.choice(["h11_multilogin_win", "h12_orbita_win",
                                            "h6_antidetect_sloppy"]),
                     tz=("America/New_York", -300))
        addr_pool = rng.choice(["h18_vpn", "h18_dc"])
        t = start(rng, ctx, 1800)
        for _ in range(rng.randint(8, 10)):
            cc = rng.choice(["US", "GB", "DE", "FR", "CA", "JP"])
            cur = LOCALES[cc][4]
            user, email = who(rng, cc)
            addr = ip(rng, ctx, addr_pool)
            t = browse(inst, rng, t, dev, addr, 1)
            inst.order(t, dev, addr, mkorder(rng, user, email, cur,
                                             rng.choice(DENOMS[cur][0][-3:] + DENOMS[cur][1][:2]),
                                             product=rng.choice(["steam", "psn", "xbox", "ps-plus",
                                                                 "xbox-game-pass"])))
            t += rng.uniform(100, 260)
        out.append(inst)
    return out


def f18_crew_origin(rng, ctx):
    """Crews working straight from their own home or mobile lines (West Africa, South-East
    Asia, Eastern Europe) with stolen US and UK cards: an ordinary Windows or Android
    browser whose timezone is local, an English locale, prices in the card's currency,
    new accounts on free mail. Trace: an address far from the card's country on a
    consumer network, a timezone that matches the address and not the locale, new
    device and account, mid to high amounts."""
    out = []
    zones = [("Africa/Lagos", 60), ("Asia/Ho_Chi_Minh", 420), ("Asia/Karachi", 300),
             ("Europe/Moscow", 180), ("Europe/Bucharest", 120)]
    for _ in range(ctx.n(20)):
        cc = rng.choice(["US", "US", "GB"])
        cur = LOCALES[cc][4]
        inst = Instance("f18_crew_origin", "fraud")
        dev = device(rng, cc, rng.choice(["chrome_win", "chrome_android", "h6_old_android",
                                          "edge_win"]), tz=rng.choice(zones),
                     cookies=rng.choice(["keep", "keep", "session"]))
        addr = ip(rng, ctx, "h18_origin")
        user, email = who(rng, cc)
        t = browse(inst, rng, start(rng, ctx), dev, addr, rng.randint(1, 2))
        for _ in range(1 if rng.random() < 0.65 else 2):
            inst.order(t, dev, addr, mkorder(rng, user, email, cur,
                                             value(rng, cur, high=rng.random() < 0.5),
                                             product=rng.choice(CARDS + ["steam", "psn"])))
            t += rng.uniform(60, 300)
        out.append(inst)
    return out


FRAUD = [f18_card_testing, f18_stolen_card_browser, f18_ato_drain, f18_device_hopping,
         f18_low_and_slow, f18_reseller_scripted, f18_promo_farm, f18_mobile_proxy_testing,
         f18_scam_victim, f18_triangulation, f18_crew_origin]
