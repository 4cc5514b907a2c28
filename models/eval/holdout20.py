"""The twentieth holdout set (`--personas holdout20`): buyers and attackers of a 2026
auto-delivery gift-card, game top-up and software-key shop, written blind to judge
risk-policy changes being made at the same time by other engineers. Default seeds
201,202,203 (hours 14 and 3 as for every set).

What its author read (and only this):
- the harness plumbing: models/eval/__main__.py, cell.py, traffic.py, classify.py (its
  first 40 lines), clients.py (the profile API and the existing profiles), build_ip_table.py
  (whole file, so the other sets' pool blocks were in view in passing; nothing here copies
  them), holdout_testkit.py;
- personas.py lines 1-162 (the module docstring, shared vocabulary, the Device / Instance
  classes and helpers; no persona body);
- holdout10.py lines 1-60 (its docstring, imports, pool loading, ZERO_DECIMAL and AGES) as
  the form template, and test_holdout10.py as the test template;
- the demo config's `[routes.order]` table (the order field map, `required`, `review =
  "hold"` and `channel_group = "payments"`), in the working tree and in the frozen copy the
  plumbing run used;
- the organisation names and countries of the AS numbers picked for this set's pools (and
  of a few considered and not used), from geoip/asn.mmdb and geoip/country.mmdb;
- the task text (the issue's target and its list of hard cases).
Glimpses, disclosed: holdout10.py's docstring (allowed reading) repeats the eighth set's
glimpses (the titles of some EVAL.md results sections, the order route's rate limit of 30 a
minute per ip and purchase limits of 5 / 10 a day per user, and two rows of an old results
table: no legitimate order blocked, about 4-8 % reviewed, about 39-67 % of fraud caught);
the names of the h5_-h19_ client profiles and the other sets' pool names and AS numbers
(clients.py and build_ip_table.py, allowed); a `grep -n routes` on config/demo.toml showed
the line numbers of its `[[routes]]` headers (no content). Nothing here was tuned to any
of that, and no persona, volume or parameter was changed after the one plumbing run (seed
201, hour 14, the frozen binary and config of /tmp/snap/w18, its printed report sent to
/dev/null), whose result JSON was read only as order counts per persona.

Not read: src/ (any Rust), the config's other sections, models/train/, models/MODEL.md,
models/report/, models/EVAL.md (this set's section was appended without opening it),
holdout*.py past line 60 (only holdout10.py was opened at all), the other sets' tests and
tables, personas.py past its helpers, fraud.py, README, BENCHMARKS.md, and no git log or
diff but this work's.

Each persona is `f(rng, ctx) -> [Instance]`; names start with h20_ (legitimate, 16
personas, about 510 orders per cell) or f20_ (fraud, 11 personas, about 300). Everything is
drawn from the seeded rng, so a seed reproduces the traffic. Each docstring names the trace
the persona leaves at the edge. Some fraud leaves almost none (it is here because it exists:
the shop sees it as chargebacks weeks later), so a perfect policy does not reach 100 %.

The shop's checkout offers ten currencies (USD EUR GBP JPY KRW CNY CAD AUD INR BRL); buyers
from countries outside them pay in USD or EUR, as they would. Account ids are the shop's own
(`u` and seven digits, issued in order): accounts opened long ago have low numbers, accounts
opened this week the highest ones, for honest and fraudulent newcomers alike.
"""

import json
import os
import string

from .personas import Device, Instance

HERE = os.path.dirname(os.path.abspath(__file__))

# This set's own address pools (build_ip_table.py --set holdout20). The set draws only from
# these, never from the main table.
with open(os.path.join(HERE, "ip_table_holdout20.json")) as _f:
    EXTRA = json.load(_f)["pools"]

ZERO_DECIMAL = {"JPY", "KRW"}
CURRENCIES = ("USD", "EUR", "GBP", "JPY", "KRW", "CNY", "CAD", "AUD", "INR", "BRL")

# How long ago an established browser first got its cookie (days).
AGES = (1, 6, 21, 75, 190, 540)

# country -> (Accept-Language, checkout currency, [(IANA zone, offset minutes on 2 March)])
LOCALE = {
    "US": ("en-US,en;q=0.9", "USD", [("America/New_York", -300), ("America/Chicago", -360),
                                     ("America/Denver", -420), ("America/Los_Angeles", -480)]),
    "GB": ("en-GB,en;q=0.9", "GBP", [("Europe/London", 0)]),
    "DE": ("de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7", "EUR", [("Europe/Berlin", 60)]),
    "FR": ("fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7", "EUR", [("Europe/Paris", 60)]),
    "ES": ("es-ES,es;q=0.9", "EUR", [("Europe/Madrid", 60)]),
    "IT": ("it-IT,it;q=0.9,en-US;q=0.8,en;q=0.7", "EUR", [("Europe/Rome", 60)]),
    "NL": ("nl-NL,nl;q=0.9,en-US;q=0.8,en;q=0.7", "EUR", [("Europe/Amsterdam", 60)]),
    "PL": ("pl-PL,pl;q=0.9,en-US;q=0.8,en;q=0.7", "EUR", [("Europe/Warsaw", 60)]),
    "JP": ("ja,en-US;q=0.9,en;q=0.8", "JPY", [("Asia/Tokyo", 540)]),
    "KR": ("ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7", "KRW", [("Asia/Seoul", 540)]),
    "CN": ("zh-CN,zh;q=0.9", "CNY", [("Asia/Shanghai", 480)]),
    "CA": ("en-CA,en-US;q=0.9,en;q=0.8", "CAD", [("America/Toronto", -300),
                                                 ("America/Vancouver", -480)]),
    "AU": ("en-AU,en;q=0.9", "AUD", [("Australia/Sydney", 660), ("Australia/Perth", 480)]),
    "IN": ("en-IN,en-GB;q=0.9,en-US;q=0.8,en;q=0.7,hi;q=0.6", "INR", [("Asia/Calcutta", 330)]),
    "BR": ("pt-BR,pt;q=0.9,en-US;q=0.8,en;q=0.7", "BRL", [("America/Sao_Paulo", -180)]),
    "MX": ("es-MX,es-419;q=0.9,es;q=0.8,en;q=0.7", "USD", [("America/Mexico_City", -360)]),
    "ID": ("id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7", "USD", [("Asia/Jakarta", 420)]),
    "PH": ("en-US,en;q=0.9,fil;q=0.8", "USD", [("Asia/Manila", 480)]),
}

MAILS = {
    "US": ["gmail.com", "gmail.com", "yahoo.com", "icloud.com", "outlook.com", "hotmail.com",
           "comcast.net", "aol.com"],
    "GB": ["gmail.com", "hotmail.co.uk", "outlook.com", "icloud.com", "btinternet.com",
           "yahoo.co.uk", "sky.com"],
    "DE": ["gmx.de", "web.de", "gmail.com", "t-online.de", "outlook.de", "posteo.de"],
    "FR": ["gmail.com", "orange.fr", "free.fr", "laposte.net", "hotmail.fr", "sfr.fr"],
    "ES": ["gmail.com", "hotmail.es", "yahoo.es", "outlook.es"],
    "IT": ["gmail.com", "libero.it", "hotmail.it", "virgilio.it"],
    "NL": ["gmail.com", "hotmail.nl", "ziggo.nl", "kpnmail.nl", "outlook.com"],
    "PL": ["gmail.com", "wp.pl", "o2.pl", "onet.pl", "interia.pl"],
    "JP": ["gmail.com", "yahoo.co.jp", "icloud.com", "docomo.ne.jp", "ezweb.ne.jp",
           "softbank.ne.jp"],
    "KR": ["naver.com", "naver.com", "gmail.com", "daum.net", "kakao.com"],
    "CN": ["qq.com", "qq.com", "163.com", "126.com", "foxmail.com", "sina.com"],
    "CA": ["gmail.com", "hotmail.com", "outlook.com", "yahoo.ca", "icloud.com", "shaw.ca"],
    "AU": ["gmail.com", "outlook.com", "bigpond.com", "icloud.com", "hotmail.com"],
    "IN": ["gmail.com", "gmail.com", "yahoo.co.in", "rediffmail.com", "outlook.com"],
    "BR": ["gmail.com", "hotmail.com", "outlook.com", "uol.com.br", "bol.com.br"],
    "MX": ["gmail.com", "hotmail.com", "outlook.es", "yahoo.com.mx"],
    "ID": ["gmail.com", "yahoo.co.id", "gmail.com"],
    "PH": ["gmail.com", "yahoo.com", "gmail.com"],
}

FIRST = {
    "west": ["james", "olivia", "liam", "emma", "noah", "ava", "lucas", "mia", "ethan", "sophie",
             "jack", "chloe", "max", "lena", "leon", "marie", "paul", "julia", "tom", "hannah",
             "hugo", "ines", "luca", "giulia", "daan", "sanne", "kacper", "zuzanna", "diego",
             "lucia", "ryan", "megan", "oscar", "freya", "mateo", "valentina", "eric", "karen"],
    "JP": ["haruto", "yui", "sota", "mei", "ren", "hina", "yuto", "sakura", "kaito", "aoi",
           "takeshi", "yoko"],
    "KR": ["minjun", "seoyeon", "jiho", "haeun", "doyun", "jiwoo", "yejun", "sua", "hyunwoo",
           "eunji"],
    "CN": ["wei", "fang", "hao", "jing", "lei", "min", "yang", "xiu", "jun", "li", "tao",
           "yan"],
    "IN": ["aarav", "ananya", "vivaan", "diya", "arjun", "isha", "rohan", "priya", "karthik",
           "sneha"],
    "BR": ["joao", "ana", "pedro", "mariana", "gabriel", "beatriz", "rafael", "larissa"],
    "ID": ["budi", "siti", "agus", "dewi", "rizky", "putri", "andi", "ayu"],
    "PH": ["juan", "maria", "mark", "angel", "john", "kristine", "carlo", "jasmine"],
}
LAST = {
    "west": ["smith", "johnson", "brown", "miller", "wilson", "taylor", "mueller", "schmidt",
             "fischer", "martin", "bernard", "dubois", "garcia", "lopez", "rossi", "bianchi",
             "devries", "jansen", "nowak", "kowalski", "walker", "clarke", "hughes", "nguyen",
             "anderson", "thompson", "weber", "moreau", "romero", "ricci"],
    "JP": ["sato", "suzuki", "takahashi", "tanaka", "watanabe", "ito", "yamamoto", "nakamura"],
    "KR": ["kim", "lee", "park", "choi", "jung", "kang", "cho", "yoon"],
    "CN": ["wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou"],
    "IN": ["sharma", "patel", "singh", "kumar", "reddy", "iyer", "gupta", "nair"],
    "BR": ["silva", "santos", "oliveira", "souza", "lima", "pereira", "costa"],
    "ID": ["santoso", "wijaya", "pratama", "saputra", "hidayat", "kusuma"],
    "PH": ["reyes", "santos", "cruz", "bautista", "garcia", "mendoza", "dela.cruz"],
}

# Gift-card face values per currency (typical, high).
GIFT = {
    "USD": ([10, 15, 20, 25, 25, 50, 50, 100], [150, 200, 250, 300, 500]),
    "EUR": ([5, 10, 15, 20, 25, 25, 50, 50, 100], [150, 200, 250]),
    "GBP": ([10, 15, 20, 25, 25, 50, 100], [150, 200, 250]),
    "JPY": ([1000, 1500, 3000, 3000, 5000, 10000], [20000, 30000, 50000]),
    "KRW": ([5000, 10000, 10000, 30000, 50000, 100000], [200000, 300000, 500000]),
    "CNY": ([30, 50, 100, 100, 200, 300, 500], [1000, 2000]),
    "CAD": ([15, 25, 50, 100], [150, 200, 250]),
    "AUD": ([20, 30, 50, 100], [150, 200, 250]),
    "INR": ([100, 250, 500, 1000, 2000], [5000, 10000]),
    "BRL": ([30, 50, 100, 150, 250], [500, 1000]),
}
# In-game currency packs at their store prices.
TOPUP = {
    "USD": [0.99, 4.99, 4.99, 9.99, 9.99, 19.99, 49.99, 99.99],
    "EUR": [0.99, 4.99, 4.99, 9.99, 9.99, 19.99, 49.99, 99.99],
    "GBP": [0.99, 4.99, 8.99, 17.99, 44.99, 89.99],
    "JPY": [160, 490, 980, 980, 2440, 4900, 9800],
    "KRW": [1200, 6600, 13000, 13000, 33000, 65000, 129000],
    "CNY": [6, 30, 68, 128, 328, 648],
    "CAD": [1.39, 6.99, 13.99, 27.99, 69.99],
    "AUD": [1.49, 7.99, 15.99, 31.99, 79.99],
    "INR": [79, 399, 799, 1999, 3999],
    "BRL": [4.9, 24.9, 49.9, 99.9, 249.9],
}
# Monthly / yearly subscription codes.
SUBS = {
    "USD": [("xbox-gamepass-ultimate-1m", 29.99), ("psn-plus-essential-3m", 24.99),
            ("spotify-premium-3m", 35.97), ("nintendo-online-12m", 19.99),
            ("discord-nitro-1m", 9.99)],
    "EUR": [("xbox-gamepass-ultimate-1m", 26.99), ("psn-plus-essential-3m", 24.99),
            ("spotify-premium-3m", 32.97), ("nintendo-online-12m", 19.99)],
    "GBP": [("xbox-gamepass-ultimate-1m", 22.99), ("psn-plus-essential-3m", 20.99),
            ("nintendo-online-12m", 17.99)],
    "JPY": [("psn-plus-essential-3m", 2150), ("nintendo-online-12m", 2400),
            ("xbox-gamepass-ultimate-1m", 2750)],
    "KRW": [("psn-plus-essential-3m", 20700), ("xbox-gamepass-ultimate-1m", 21900)],
    "CNY": [("nintendo-online-12m", 148)],
    "CAD": [("xbox-gamepass-ultimate-1m", 29.99), ("psn-plus-essential-3m", 31.99)],
    "AUD": [("xbox-gamepass-ultimate-1m", 29.95), ("psn-plus-essential-3m", 34.95)],
    "INR": [("psn-plus-essential-3m", 1999), ("spotify-premium-3m", 357)],
    "BRL": [("xbox-gamepass-ultimate-1m", 59.9), ("psn-plus-essential-3m", 99.9)],
}
# Software keys (one-off licences).
KEYS = {"USD": [29.99, 39.99, 59.99, 69.99, 149.99], "EUR": [24.99, 39.99, 59.99, 129.99],
        "GBP": [24.99, 49.99, 119.99]}

GIFT_BRANDS = ["steam", "psn", "xbox", "nintendo-eshop", "apple", "google-play", "amazon",
               "roblox", "riot", "blizzard", "razer-gold"]
TOPUP_GAMES = ["genshin-crystals", "pubg-uc", "free-fire-diamonds", "mlbb-diamonds",
               "valorant-points", "fortnite-vbucks", "honkai-star-rail", "cod-points",
               "clash-gems"]
KEY_TITLES = ["windows-11-pro", "office-2024-home", "kaspersky-1y", "nordvpn-1y",
              "game-key-action", "game-key-rpg"]
# How buyers pay, per checkout currency (first entries the common ones).
METHODS = {
    "USD": ["card", "card", "paypal", "apple_pay", "google_pay"],
    "EUR": ["card", "paypal", "paypal", "apple_pay", "google_pay", "klarna"],
    "GBP": ["card", "card", "paypal", "apple_pay"],
    "JPY": ["card", "card", "paypay", "apple_pay", "konbini"],
    "KRW": ["card", "kakaopay", "naverpay", "kakaopay"],
    "CNY": ["alipay", "alipay", "wechat_pay", "unionpay"],
    "CAD": ["card", "paypal", "apple_pay"],
    "AUD": ["card", "paypal", "apple_pay", "google_pay"],
    "INR": ["upi", "upi", "card", "upi"],
    "BRL": ["pix", "pix", "card"],
}

DESKTOP = ["h20_edge_win_145", "chrome_win", "chrome_win", "h20_firefox_win_148", "safari_mac",
           "chrome_mac", "edge_win"]
MOBILE = ["h20_chrome_android_145", "h20_chrome_android_145", "h20_safari_iphone_262",
          "h20_safari_iphone_262", "safari_iphone", "samsung_android", "chrome_android"]

HOME_POOL = {cc: "h20_home_%s" % cc for cc in ("US", "GB", "DE", "FR", "ES", "IT", "NL", "PL",
                                               "JP", "KR", "CN", "CA", "AU", "IN", "BR", "MX")}
CGNAT_POOL = {cc: "h20_cgnat_%s" % cc for cc in ("IN", "ID", "PH", "BR", "US", "JP", "KR",
                                                 "PL")}
RESI = ["h20_resi_US", "h20_resi_GB", "h20_resi_DE", "h20_resi_CA"]
RESI_CC = {"h20_resi_US": "US", "h20_resi_GB": "GB", "h20_resi_DE": "DE",
           "h20_resi_CA": "CA"}


# ---------------------------------------------------------------- helpers


def ip(rng, pool):
    return rng.choice(EXTRA[pool])[0]


def home_ip(rng, cc):
    return ip(rng, HOME_POOL.get(cc, "h20_home_US"))


def mobile_ip(rng, cc):
    return ip(rng, CGNAT_POOL[cc]) if cc in CGNAT_POOL else home_ip(rng, cc)


def tz_of(rng, cc):
    return rng.choice(LOCALE[cc][2])


def device(rng, cc, profile, age=None, cookies="keep", beacon=True, tz=None, lang=None):
    """A browser of a buyer from `cc` (its language and a zone of that country unless
    given)."""
    return Device(rng, profile, lang or LOCALE[cc][0], tz or tz_of(rng, cc), cookies=cookies,
                  age_days=age, beacon=beacon)


def pick_profile(rng, mobile_share=0.6):
    return rng.choice(MOBILE if rng.random() < mobile_share else DESKTOP)


def old_account(rng):
    return "u%07d" % rng.randint(1000000, 8999999)


def new_account(rng):
    return "u%07d" % rng.randint(9400000, 9499999)


def name_of(rng, cc):
    group = cc if cc in FIRST else "west"
    return rng.choice(FIRST[group]), rng.choice(LAST[group])


def mail(rng, cc, first=None, last=None, domain=None):
    if first is None:
        first, last = name_of(rng, cc)
    style = rng.random()
    if style < 0.35:
        local = "%s.%s" % (first, last)
    elif style < 0.6:
        local = "%s%s%d" % (first, last, rng.randint(1, 99))
    elif style < 0.8:
        local = "%s%s" % (first[0], last)
    else:
        local = "%s_%s%d" % (first, last[:3], rng.randint(1975, 2008))
    return "%s@%s" % (local.replace("-", ""), domain or rng.choice(MAILS.get(cc, MAILS["US"])))


def buyer(rng, cc, established=True):
    """(account id, email) of an honest buyer."""
    return (old_account(rng) if established else new_account(rng)), mail(rng, cc)


def money(value, currency):
    if currency in ZERO_DECIMAL:
        return int(round(value))
    return round(float(value), 2)


def order(rng, user, email, currency, unit, quantity=1, product=None, method=None):
    """One order in the route's field map; `amount` is the total as a JSON number."""
    return {"product": product or "%s-%s" % (rng.choice(GIFT_BRANDS), unit),
            "quantity": quantity, "amount": money(unit * quantity, currency),
            "currency": currency, "user": user, "email": email,
            "payment_method": method or rng.choice(METHODS[currency])}


def gift(rng, currency, high=False):
    typical, big = GIFT[currency]
    return rng.choice(big if high else typical)


def gift_order(rng, user, email, currency, high=False, quantity=1, brand=None, method=None):
    unit = gift(rng, currency, high)
    return order(rng, user, email, currency, unit, quantity,
                 "%s-%s" % (brand or rng.choice(GIFT_BRANDS), unit), method)


def topup_order(rng, user, email, currency, method=None, game=None):
    cur = currency if currency in TOPUP else "USD"
    price = rng.choice(TOPUP[cur])
    return order(rng, user, email, cur, price, 1,
                 "%s-%s" % (game or rng.choice(TOPUP_GAMES), price), method)


def sub_order(rng, user, email, currency, method=None):
    product, price = rng.choice(SUBS[currency])
    return order(rng, user, email, currency, price, 1, product, method)


def key_order(rng, user, email, currency, quantity=1, method=None):
    price = rng.choice(KEYS[currency])
    return order(rng, user, email, currency, price, quantity,
                 "%s-%s" % (rng.choice(KEY_TITLES), price), method)


def start(rng, ctx, tail=300):
    return rng.uniform(40, max(100, ctx.window - tail))


def weighted(rng, table):
    """A key of `table` (key -> weight)."""
    x = rng.uniform(0, sum(table.values()))
    for k, w in table.items():
        x -= w
        if x <= 0:
            return k
    return k


def browse(inst, rng, t, dev, addr, pages):
    """`pages` page views from t on, a few seconds to two minutes apart; returns the time
    after the last one."""
    for _ in range(pages):
        inst.visit(t, dev, addr)
        t += rng.uniform(6, 110)
    return t


def fresh_mail(rng, cc):
    """A just-made address with a plausible name (the way 2026 fraud signs up)."""
    first, last = name_of(rng, cc)
    dom = rng.choice(["gmail.com", "gmail.com", "outlook.com", "hotmail.com", "yahoo.com",
                      "proton.me", "icloud.com"])
    return "%s%s%s%d@%s" % (first, rng.choice([".", "", "_"]), last, rng.randint(10, 9999), dom)


def junk(rng, n):
    return "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(n))


# ---------------------------------------------------------------- legitimate buyers

WEST = {"US": 30, "GB": 14, "DE": 11, "FR": 9, "CA": 8, "AU": 8, "ES": 5, "IT": 5, "NL": 5,
        "PL": 3}


def h20_regular_home(rng, ctx):
    """Established customers on their own browser at home: an old cookie, home broadband,
    everyday amounts, sometimes a second card for someone else a while later."""
    out = []
    for _ in range(ctx.n(30)):
        cc = weighted(rng, WEST)
        cur = LOCALE[cc][1]
        inst = Instance("h20_regular_home", "legit")
        dev = device(rng, cc, pick_profile(rng, 0.55), age=rng.choice(AGES[1:]))
        user, email = buyer(rng, cc)
        addr = home_ip(rng, cc)
        t = browse(inst, rng, start(rng, ctx), dev, addr, rng.randint(1, 3))
        o = topup_order(rng, user, email, cur) if rng.random() < 0.3 and cur in TOPUP \
            else gift_order(rng, user, email, cur)
        inst.order(t + rng.uniform(15, 90), dev, addr, o)
        if rng.random() < 0.35:
            t2 = t + rng.uniform(300, 1800)
            inst.visit(t2, dev, addr)
            inst.order(t2 + rng.uniform(20, 100), dev, addr, gift_order(rng, user, email, cur))
        out.append(inst)
    return out


def h20_first_big_gift(rng, ctx):
    """First purchase ever, on a browser the shop has never seen, and a large one (a
    birthday or graduation gift, a console's worth of credit): a new account, a new
    device, a high face value, after browsing a few pages. Home or mobile address."""
    out = []
    ccs = dict(WEST, JP=7, KR=6, IN=3, BR=3)
    for _ in range(ctx.n(29)):
        cc = weighted(rng, ccs)
        cur = LOCALE[cc][1]
        inst = Instance("h20_first_big_gift", "legit")
        mob = rng.random() < 0.5
        dev = device(rng, cc, pick_profile(rng, 1.0 if mob else 0.0))
        addr = mobile_ip(rng, cc) if mob else home_ip(rng, cc)
        user, email = buyer(rng, cc, established=False)
        t = browse(inst, rng, start(rng, ctx, 700), dev, addr, rng.randint(2, 6))
        qty = 2 if rng.random() < 0.15 else 1
        inst.order(t + rng.uniform(30, 240), dev, addr,
                   gift_order(rng, user, email, cur, high=True, quantity=qty))
        out.append(inst)
    return out


def h20_night_topup(rng, ctx):
    """Habitual players topping up in-game currency in a late session: the same phone or
    PC for months, two to five small packs a few minutes apart as the session goes on."""
    out = []
    ccs = {"US": 5, "BR": 3, "PH": 3, "ID": 3, "IN": 2, "KR": 2, "JP": 2, "DE": 2, "GB": 2}
    for _ in range(ctx.n(11)):
        cc = weighted(rng, ccs)
        cur = LOCALE[cc][1]
        inst = Instance("h20_night_topup", "legit")
        mob = rng.random() < 0.7
        dev = device(rng, cc, pick_profile(rng, 1.0 if mob else 0.0), age=rng.choice(AGES[2:]))
        addr = mobile_ip(rng, cc) if mob and cc in CGNAT_POOL else home_ip(rng, cc)
        user, email = buyer(rng, cc)
        game = rng.choice(TOPUP_GAMES)
        method = rng.choice(METHODS[cur])
        t = start(rng, ctx, 1500)
        for _ in range(rng.randint(2, 5)):
            inst.visit(t, dev, addr)
            inst.order(t + rng.uniform(8, 40), dev, addr,
                       topup_order(rng, user, email, cur, method, game))
            t += rng.uniform(120, 600)
        out.append(inst)
    return out


def h20_privacy_cookieless(rng, ctx):
    """Privacy-minded buyers: strict Firefox, Brave with shields, Safari private windows,
    cookies blocked or wiped per session, the fingerprint script often blocked; a third of
    them behind iCloud Private Relay / WARP or a paid privacy VPN."""
    out = []
    for _ in range(ctx.n(28)):
        cc = weighted(rng, WEST)
        cur = LOCALE[cc][1]
        inst = Instance("h20_privacy_cookieless", "legit")
        kind = rng.random()
        if kind < 0.3:
            dev = device(rng, cc, "firefox_strict", cookies="session",
                         beacon=rng.random() < 0.5)
        elif kind < 0.55:
            dev = device(rng, cc, "brave_win", cookies="session")
        elif kind < 0.8:
            dev = device(rng, cc, rng.choice(["h20_safari_iphone_262", "safari_mac"]),
                         cookies="session")
        else:
            dev = device(rng, cc, "h20_firefox_win_148", cookies="none", beacon=False)
        net = rng.random()
        if net < 0.2:
            addr = ip(rng, "h20_relay")
        elif net < 0.35:
            addr = ip(rng, "h20_vpn_privacy")
        else:
            addr = home_ip(rng, cc)
        user, email = buyer(rng, cc, established=rng.random() < 0.7)
        if rng.random() < 0.3:
            email = "%s@%s" % (email.split("@")[0], rng.choice(["proton.me", "tutanota.com",
                                                                "posteo.de", "fastmail.com"]))
        t = browse(inst, rng, start(rng, ctx), dev, addr, rng.randint(1, 3))
        inst.order(t + rng.uniform(20, 120), dev, addr, gift_order(rng, user, email, cur))
        if rng.random() < 0.25:
            t2 = t + rng.uniform(400, 1500)
            inst.visit(t2, dev, addr)
            inst.order(t2 + rng.uniform(20, 90), dev, addr, gift_order(rng, user, email, cur))
        out.append(inst)
    return out


def h20_cgnat_mobile(rng, ctx):
    """Phone buyers on carriers whose subscribers share a handful of carrier-grade NAT
    addresses: many unrelated accounts and devices behind the same few addresses within
    the hour, one small order each."""
    out = []
    ccs = {"IN": 6, "ID": 5, "PH": 5, "BR": 5, "US": 5, "JP": 3, "KR": 3, "PL": 3}
    for _ in range(ctx.n(38)):
        cc = weighted(rng, ccs)
        cur = LOCALE[cc][1]
        inst = Instance("h20_cgnat_mobile", "legit")
        age = rng.choice((None,) + AGES) if rng.random() < 0.6 else None
        dev = device(rng, cc, rng.choice(MOBILE), age=age)
        addr = ip(rng, CGNAT_POOL[cc])
        user, email = buyer(rng, cc, established=age is not None)
        t = browse(inst, rng, start(rng, ctx), dev, addr, rng.randint(1, 2))
        o = topup_order(rng, user, email, cur) if rng.random() < 0.5 \
            else gift_order(rng, user, email, cur)
        inst.order(t + rng.uniform(15, 80), dev, addr, o)
        out.append(inst)
    return out


def h20_roaming_abroad(rng, ctx):
    """Mobile subscribers whose carrier addresses the country database places in another
    country (at home, but the address says abroad), and travellers on a travel eSIM that
    breaks out in Hong Kong, Britain or the US: an old phone, the home language, zone and
    currency, an address in an unrelated country."""
    out = []
    for _ in range(ctx.n(22)):
        inst = Instance("h20_roaming_abroad", "legit")
        if rng.random() < 0.5:
            cc = rng.choice(["IN", "IN", "ID", "PH"])
            pool = {"IN": "h20_abroad_IN", "ID": "h20_abroad_ID", "PH": "h20_abroad_PH"}[cc]
        else:
            cc = weighted(rng, {"US": 3, "GB": 2, "DE": 2, "JP": 3, "KR": 3, "AU": 2, "CA": 1,
                                "FR": 1})
            pool = "h20_esim"
        cur = LOCALE[cc][1]
        dev = device(rng, cc, rng.choice(MOBILE), age=rng.choice(AGES[1:]))
        user, email = buyer(rng, cc)
        addr = ip(rng, pool)
        t = browse(inst, rng, start(rng, ctx), dev, addr, rng.randint(1, 3))
        o = gift_order(rng, user, email, cur, high=rng.random() < 0.2) if rng.random() < 0.6 \
            else topup_order(rng, user, email, cur)
        inst.order(t + rng.uniform(15, 120), dev, addr, o)
        if rng.random() < 0.3:
            t2 = t + rng.uniform(300, 1200)
            addr2 = ip(rng, pool)  # the carrier's NAT moved the phone
            inst.visit(t2, dev, addr2)
            inst.order(t2 + rng.uniform(15, 60), dev, addr2, topup_order(rng, user, email, cur))
        out.append(inst)
    return out


COMPANIES = [("US", "northwind-logistics.com"), ("US", "brightpath-health.org"),
             ("US", "pinecrest-dental.com"), ("GB", "harrowgate-consulting.co.uk"),
             ("DE", "kessler-maschinenbau.de"), ("FR", "groupe-lumiere.fr"),
             ("CA", "maplewood-realty.ca"), ("AU", "southcoast-builders.com.au"),
             ("JP", "sakura-denki.co.jp"), ("NL", "vandam-logistiek.nl")]


def h20_corp_bulk(rng, ctx):
    """Office managers and HR buying staff rewards and client gifts in bulk: a managed
    Windows laptop behind the company's secure web gateway, a business account and work
    address, several orders of 5 to 40 cards each, paid by corporate card or invoice."""
    out = []
    for _ in range(ctx.n(5)):
        cc, domain = rng.choice(COMPANIES)
        cur = LOCALE[cc][1]
        inst = Instance("h20_corp_bulk", "legit")
        dev = device(rng, cc, rng.choice(["h20_edge_win_145", "h20_edge_win_145", "chrome_win"]),
                     age=rng.choice(AGES[2:]))
        first, last = name_of(rng, cc)
        user, email = old_account(rng), "%s.%s@%s" % (first, last, domain)
        addr = ip(rng, "h20_corp")
        method = rng.choice(["card", "card", "invoice"])
        brand = rng.choice(["amazon", "amazon", "apple", "steam", "google-play"])
        t = start(rng, ctx, 1800)
        for _ in range(rng.randint(4, 9)):
            inst.visit(t, dev, addr)
            unit = rng.choice(GIFT[cur][0][3:] + GIFT[cur][0][3:] + GIFT[cur][1][:1])
            qty = rng.choice([5, 10, 10, 20, 25, 40])
            inst.order(t + rng.uniform(20, 90), dev, addr,
                       order(rng, user, email, cur, unit, qty, "%s-%s" % (brand, unit), method))
            t += rng.uniform(90, 420)
            if rng.random() < 0.3:
                addr = ip(rng, "h20_corp")  # the gateway's egress changed
        out.append(inst)
    return out


def h20_traveller(rng, ctx):
    """People on a trip ordering from hotel or holiday-rental Wi-Fi: their own phone or
    laptop (old cookie), home language and currency; the phone has switched to the local
    time zone, a laptop often has not."""
    out = []
    for _ in range(ctx.n(22)):
        cc = weighted(rng, {"US": 3, "GB": 3, "DE": 3, "FR": 2, "JP": 3, "KR": 3, "AU": 2,
                            "CA": 2, "NL": 1})
        cur = LOCALE[cc][1]
        inst = Instance("h20_traveller", "legit")
        if cc != "US" and rng.random() < 0.5:
            pool, local = "h20_hotel", rng.choice([("America/New_York", -300),
                                                   ("America/Los_Angeles", -480)])
        else:
            pool, local = "h20_hotel_asia", rng.choice([("Asia/Singapore", 480),
                                                        ("Asia/Taipei", 480)])
        mob = rng.random() < 0.6
        profile = rng.choice(MOBILE) if mob else rng.choice(DESKTOP)
        tz = local if mob or rng.random() < 0.4 else None
        dev = device(rng, cc, profile, age=rng.choice(AGES[2:]), tz=tz)
        user, email = buyer(rng, cc)
        addr = ip(rng, pool)
        t = browse(inst, rng, start(rng, ctx), dev, addr, rng.randint(1, 3))
        inst.order(t + rng.uniform(20, 150), dev, addr,
                   gift_order(rng, user, email, cur, high=rng.random() < 0.15))
        if rng.random() < 0.3:
            t2 = t + rng.uniform(600, 1800)
            inst.visit(t2, dev, addr)
            inst.order(t2 + rng.uniform(15, 60), dev, addr, gift_order(rng, user, email, cur))
        out.append(inst)
    return out


def h20_jp_buyer(rng, ctx):
    """Japanese buyers paying in yen: mostly iPhones, on home fibre or a carrier network,
    PayPay, cards or convenience-store payment; ordinary and some large face values."""
    out = []
    for _ in range(ctx.n(30)):
        inst = Instance("h20_jp_buyer", "legit")
        r = rng.random()
        profile = "h20_safari_iphone_262" if r < 0.55 else (
            "h20_chrome_android_145" if r < 0.75 else rng.choice(["chrome_win",
                                                                  "h20_edge_win_145",
                                                                  "safari_mac"]))
        mob = r < 0.75
        age = rng.choice(AGES) if rng.random() < 0.7 else None
        dev = device(rng, "JP", profile, age=age)
        addr = ip(rng, "h20_cgnat_JP") if mob and rng.random() < 0.5 else home_ip(rng, "JP")
        user, email = buyer(rng, "JP", established=age is not None)
        t = browse(inst, rng, start(rng, ctx), dev, addr, rng.randint(1, 3))
        o = topup_order(rng, user, email, "JPY") if rng.random() < 0.35 \
            else gift_order(rng, user, email, "JPY", high=rng.random() < 0.12)
        inst.order(t + rng.uniform(15, 120), dev, addr, o)
        if rng.random() < 0.25:
            t2 = t + rng.uniform(200, 1500)
            inst.visit(t2, dev, addr)
            inst.order(t2 + rng.uniform(10, 60), dev, addr, topup_order(rng, user, email, "JPY"))
        out.append(inst)
    return out


def h20_kr_buyer(rng, ctx):
    """Korean buyers paying in won: Samsung Internet on Galaxy phones, iPhones, desktop
    Chrome; KT / SK / LG U+ lines or SK Telecom mobile; KakaoPay, Naver Pay or card."""
    out = []
    for _ in range(ctx.n(26)):
        inst = Instance("h20_kr_buyer", "legit")
        r = rng.random()
        profile = "h20_samsung_29_s24" if r < 0.4 else (
            "h20_safari_iphone_262" if r < 0.65 else (
                "samsung_android" if r < 0.75 else rng.choice(["chrome_win", "h20_edge_win_145"])))
        mob = r < 0.75
        age = rng.choice(AGES) if rng.random() < 0.65 else None
        dev = device(rng, "KR", profile, age=age)
        addr = ip(rng, "h20_cgnat_KR") if mob and rng.random() < 0.5 else home_ip(rng, "KR")
        user, email = buyer(rng, "KR", established=age is not None)
        t = browse(inst, rng, start(rng, ctx), dev, addr, rng.randint(1, 3))
        o = topup_order(rng, user, email, "KRW") if rng.random() < 0.45 \
            else gift_order(rng, user, email, "KRW", high=rng.random() < 0.12)
        inst.order(t + rng.uniform(15, 100), dev, addr, o)
        if rng.random() < 0.25:
            t2 = t + rng.uniform(200, 1200)
            inst.visit(t2, dev, addr)
            inst.order(t2 + rng.uniform(10, 60), dev, addr, topup_order(rng, user, email, "KRW"))
        out.append(inst)
    return out


def h20_cn_buyer(rng, ctx):
    """Mainland buyers paying in yuan with Alipay or WeChat Pay: Huawei Browser, iPhones
    and desktop Chrome; half of them reach the shop through a cross-border proxy on an
    Alibaba or Tencent cloud outside the mainland, the rest straight from home."""
    out = []
    for _ in range(ctx.n(23)):
        inst = Instance("h20_cn_buyer", "legit")
        r = rng.random()
        profile = "h20_huawei_browser" if r < 0.35 else (
            "h20_safari_iphone_262" if r < 0.7 else rng.choice(["chrome_win", "edge_win"]))
        age = rng.choice(AGES) if rng.random() < 0.6 else None
        dev = device(rng, "CN", profile, age=age)
        pool = "h20_cloud_asia" if rng.random() < 0.5 else "h20_home_CN"
        addr = ip(rng, pool)
        user, email = buyer(rng, "CN", established=age is not None)
        t = browse(inst, rng, start(rng, ctx), dev, addr, rng.randint(1, 3))
        o = topup_order(rng, user, email, "CNY") if rng.random() < 0.4 \
            else gift_order(rng, user, email, "CNY", high=rng.random() < 0.1)
        inst.order(t + rng.uniform(20, 120), dev, addr, o)
        if rng.random() < 0.2:
            t2 = t + rng.uniform(300, 1500)
            inst.visit(t2, dev, addr)
            inst.order(t2 + rng.uniform(10, 60), dev, addr, topup_order(rng, user, email, "CNY"))
        out.append(inst)
    return out


def h20_eu_mix(rng, ctx):
    """Euro-area buyers (and Polish ones, who pay in euros here): PayPal and Klarna as
    often as cards, gift cards, top-ups and the odd software key; home lines, Polish
    buyers often on mobile."""
    out = []
    for _ in range(ctx.n(32)):
        cc = weighted(rng, {"DE": 8, "FR": 6, "ES": 5, "IT": 5, "NL": 4, "PL": 4})
        inst = Instance("h20_eu_mix", "legit")
        age = rng.choice(AGES) if rng.random() < 0.7 else None
        dev = device(rng, cc, pick_profile(rng, 0.5), age=age)
        addr = ip(rng, "h20_cgnat_PL") if cc == "PL" and rng.random() < 0.5 else home_ip(rng, cc)
        user, email = buyer(rng, cc, established=age is not None)
        t = browse(inst, rng, start(rng, ctx), dev, addr, rng.randint(1, 3))
        r = rng.random()
        o = key_order(rng, user, email, "EUR") if r < 0.15 else (
            topup_order(rng, user, email, "EUR") if r < 0.45 else gift_order(rng, user, email,
                                                                             "EUR"))
        inst.order(t + rng.uniform(15, 120), dev, addr, o)
        if rng.random() < 0.2:
            t2 = t + rng.uniform(300, 1500)
            inst.visit(t2, dev, addr)
            inst.order(t2 + rng.uniform(15, 60), dev, addr, gift_order(rng, user, email, "EUR"))
        out.append(inst)
    return out


def h20_subscription_renewal(rng, ctx):
    """Monthly regulars renewing a game-pass or music subscription code: an old cookie,
    straight from a bookmark to checkout with a wallet, the order seconds after the page
    loads."""
    out = []
    ccs = {"US": 6, "GB": 3, "DE": 3, "FR": 2, "JP": 2, "KR": 2, "BR": 2, "CA": 2, "AU": 2,
           "IN": 1}
    for _ in range(ctx.n(28)):
        cc = weighted(rng, ccs)
        cur = LOCALE[cc][1]
        inst = Instance("h20_subscription_renewal", "legit")
        dev = device(rng, cc, pick_profile(rng, 0.6), age=rng.choice(AGES[2:]))
        addr = home_ip(rng, cc) if rng.random() < 0.7 else mobile_ip(rng, cc)
        user, email = buyer(rng, cc)
        t = start(rng, ctx)
        inst.visit(t, dev, addr)
        method = rng.choice(["apple_pay", "google_pay", "card", "paypal"]) \
            if cur in ("USD", "EUR", "GBP", "CAD", "AUD") else None
        inst.order(t + rng.uniform(4, 25), dev, addr, sub_order(rng, user, email, cur, method))
        if rng.random() < 0.1:
            inst.order(t + rng.uniform(40, 120), dev, addr, sub_order(rng, user, email, cur,
                                                                     method))
        out.append(inst)
    return out


def h20_family_device(rng, ctx):
    """A family's shared tablet or PC: a parent's account and one or two children's on
    the same old browser and home line, the children's small top-ups and the parent's
    gift card within the hour."""
    out = []
    for _ in range(ctx.n(10)):
        cc = weighted(rng, {"US": 4, "GB": 2, "DE": 2, "FR": 1, "CA": 1, "AU": 1, "JP": 1,
                            "KR": 1, "BR": 1})
        cur = LOCALE[cc][1]
        inst = Instance("h20_family_device", "legit")
        profile = rng.choice(["h20_ipad_safari_26", "h20_ipad_safari_26", "chrome_win",
                              "samsung_android"])
        dev = device(rng, cc, profile, age=rng.choice(AGES[3:]))
        addr = home_ip(rng, cc)
        first, last = name_of(rng, cc)
        parent = (old_account(rng), mail(rng, cc, first, last))
        kids = []
        for _ in range(rng.randint(1, 2)):
            kf = name_of(rng, cc)[0]
            kids.append((old_account(rng), rng.choice([parent[1], mail(rng, cc, kf, last,
                                                                        "gmail.com")])))
        t = start(rng, ctx, 1200)
        for user, email in kids:
            for _ in range(rng.randint(1, 2)):
                inst.visit(t, dev, addr)
                inst.order(t + rng.uniform(15, 60), dev, addr,
                           topup_order(rng, user, email, cur))
                t += rng.uniform(60, 400)
        if rng.random() < 0.7:
            inst.visit(t, dev, addr)
            inst.order(t + rng.uniform(20, 90), dev, addr,
                       gift_order(rng, parent[0], parent[1], cur))
        out.append(inst)
    return out


def h20_campus_student(rng, ctx):
    """Students on a university network (a dozen addresses for a whole campus), many of
    them from abroad: their own language and phone, the campus's country's zone, small
    top-ups in the local currency or in their family's."""
    out = []
    for _ in range(ctx.n(24)):
        home = weighted(rng, {"CN": 4, "IN": 3, "KR": 1, "DE": 3, "GB": 3, "US": 1, "FR": 1,
                              "BR": 1})
        inst = Instance("h20_campus_student", "legit")
        addr = ip(rng, "h20_campus")
        host_zone, host_cur = (("Europe/London", 0), "GBP") if addr in {
            p[0] for p in EXTRA["h20_campus"] if p[1] == "GB"} else (("Europe/Berlin", 60),
                                                                     "EUR")
        mob = rng.random() < 0.65
        dev = device(rng, home, pick_profile(rng, 1.0 if mob else 0.0),
                     age=rng.choice((None,) + AGES[:4]), tz=host_zone)
        user, email = buyer(rng, home)
        if rng.random() < 0.3:
            email = "%s@%s" % (email.split("@")[0], rng.choice(["student.ucl.ac.uk",
                                                                "tum.de", "ed.ac.uk",
                                                                "stud.uni-heidelberg.de"]))
        cur = LOCALE[home][1] if rng.random() < 0.4 and home not in ("US",) else host_cur
        t = browse(inst, rng, start(rng, ctx), dev, addr, rng.randint(1, 2))
        o = topup_order(rng, user, email, cur) if rng.random() < 0.6 \
            else gift_order(rng, user, email, cur)
        inst.order(t + rng.uniform(15, 90), dev, addr, o)
        out.append(inst)
    return out


def h20_diaspora_gifting(rng, ctx):
    """Immigrants buying gift cards and top-ups for family back home: living in the US,
    Britain, Germany, Canada or Australia (that country's home line and zone, an old
    device), browser languages of both countries, paying in the family's currency."""
    out = []
    routes = [("US", "KR"), ("US", "IN"), ("US", "CN"), ("US", "BR"), ("US", "PH"),
              ("US", "MX"), ("GB", "IN"), ("GB", "CN"), ("DE", "PL"), ("DE", "CN"),
              ("CA", "IN"), ("CA", "KR"), ("AU", "CN"), ("AU", "IN"), ("US", "JP")]
    for _ in range(ctx.n(22)):
        live, origin = rng.choice(routes)
        inst = Instance("h20_diaspora_gifting", "legit")
        lang_o = LOCALE[origin][0].split(",")[0]
        lang = "%s,%s;q=0.9,%s;q=0.8,en;q=0.7" % (
            lang_o, lang_o.split("-")[0], LOCALE[live][0].split(",")[0]) \
            if rng.random() < 0.6 else LOCALE[live][0]
        dev = device(rng, live, pick_profile(rng, 0.6), age=rng.choice(AGES[1:]), lang=lang)
        addr = home_ip(rng, live)
        first, last = name_of(rng, origin)
        user, email = old_account(rng), mail(rng, live, first, last)
        cur = LOCALE[origin][1]
        t = browse(inst, rng, start(rng, ctx), dev, addr, rng.randint(1, 3))
        o = gift_order(rng, user, email, cur, high=rng.random() < 0.25) if rng.random() < 0.6 \
            else topup_order(rng, user, email, cur)
        inst.order(t + rng.uniform(20, 120), dev, addr, o)
        if rng.random() < 0.25:
            t2 = t + rng.uniform(60, 600)
            inst.order(t2, dev, addr, topup_order(rng, user, email, cur))
        out.append(inst)
    return out


# ---------------------------------------------------------------- fraud


def f20_card_testing(rng, ctx):
    """Card testing: a checker that impersonates Chrome's TLS and headers but runs no
    JavaScript and keeps no cookie, one new account and address per attempt, each
    attempt from another rotating residential exit, small face values and top-ups, a
    burst of a dozen attempts a few seconds apart."""
    out = []
    for _ in range(ctx.n(3)):
        pool = rng.choice(["h20_resi_US", "h20_resi_US", "h20_resi_GB", "h20_resi_CA"])
        cc = RESI_CC[pool]
        cur = LOCALE[cc][1]
        inst = Instance("f20_card_testing", "fraud")
        dev = device(rng, "US", "h20_impersonate_142", cookies="none", beacon=False,
                     tz=("UTC", 0))
        t = start(rng, ctx, 700)
        for _ in range(rng.randint(10, 14)):
            user, email = new_account(rng), fresh_mail(rng, cc)
            o = topup_order(rng, user, email, cur, "card") if rng.random() < 0.4 else \
                order(rng, user, email, cur, rng.choice(GIFT[cur][0][:3]), 1, None, "card")
            inst.order(t, dev, ip(rng, pool), o)
            t += rng.uniform(4, 45)
        out.append(inst)
    return out


def f20_stolen_card_cashout(rng, ctx):
    """Cash-out of stolen cards: an anti-detect browser profile per card holder, set to
    the card country's zone and language, a sticky residential exit in that country, a
    new account with a made-up name, one to three high face values within minutes."""
    out = []
    for _ in range(ctx.n(14)):
        pool = rng.choice(RESI)
        cc = RESI_CC[pool]
        cur = LOCALE[cc][1]
        inst = Instance("f20_stolen_card_cashout", "fraud")
        profile = "h20_antidetect_145" if rng.random() < 0.75 else "h20_chrome_android_145"
        dev = device(rng, cc, profile)
        addr = ip(rng, pool)
        user, email = new_account(rng), fresh_mail(rng, cc)
        t = browse(inst, rng, start(rng, ctx, 600), dev, addr, rng.randint(1, 2))
        for _ in range(rng.randint(1, 3)):
            inst.order(t + rng.uniform(10, 60), dev, addr,
                       gift_order(rng, user, email, cur, high=rng.random() < 0.8,
                                  brand=rng.choice(["apple", "steam", "amazon", "razer-gold",
                                                    "psn"]), method="card"))
            t += rng.uniform(40, 240)
        out.append(inst)
    return out


def f20_ato_drain(rng, ctx):
    """Account takeover with phished or infostealer credentials: the victim's old account
    from a device the account never used, behind a residential exit in the victim's
    country; the delivery address changed to the attacker's, then the stored card drained
    with high face values a minute apart. Some leave their own zone on the device."""
    out = []
    for _ in range(ctx.n(11)):
        pool = rng.choice(RESI)
        cc = RESI_CC[pool]
        cur = LOCALE[cc][1]
        inst = Instance("f20_ato_drain", "fraud")
        own_tz = rng.choice([("Asia/Ho_Chi_Minh", 420), ("Africa/Lagos", 60),
                             ("Europe/Istanbul", 180), ("Asia/Jakarta", 420)])
        tz = own_tz if rng.random() < 0.4 else None
        profile = rng.choice(["h20_antidetect_145", "h20_antidetect_145",
                              "h20_chrome_android_145", "chrome_win"])
        dev = device(rng, cc, profile, tz=tz)
        addr = ip(rng, pool)
        user, victim_mail = buyer(rng, cc)
        email = fresh_mail(rng, cc) if rng.random() < 0.7 else victim_mail
        t = browse(inst, rng, start(rng, ctx, 600), dev, addr, rng.randint(1, 2))
        for _ in range(rng.randint(2, 4)):
            inst.order(t + rng.uniform(10, 40), dev, addr,
                       gift_order(rng, user, email, cur, high=True,
                                  brand=rng.choice(["apple", "steam", "razer-gold",
                                                    "google-play"])))
            t += rng.uniform(30, 150)
        out.append(inst)
    return out


def f20_ato_device_rotation(rng, ctx):
    """One taken-over account worked from many devices: the crew rotates browser
    profiles and phones, each new to the shop with no cookie kept, each behind another
    residential exit, one order per device a few minutes apart."""
    out = []
    for _ in range(ctx.n(6)):
        pool = rng.choice(RESI)
        cc = RESI_CC[pool]
        cur = LOCALE[cc][1]
        inst = Instance("f20_ato_device_rotation", "fraud")
        user, victim_mail = buyer(rng, cc)
        email = victim_mail if rng.random() < 0.5 else fresh_mail(rng, cc)
        t = start(rng, ctx, 1800)
        for _ in range(rng.randint(4, 6)):
            profile = rng.choice(["h20_antidetect_145", "h20_chrome_android_145",
                                  "h20_safari_iphone_262", "chrome_win", "firefox_win"])
            dev = device(rng, cc, profile, cookies=rng.choice(["session", "none"]))
            addr = ip(rng, pool)
            inst.visit(t, dev, addr)
            inst.order(t + rng.uniform(15, 70), dev, addr,
                       gift_order(rng, user, email, cur, high=rng.random() < 0.5))
            t += rng.uniform(60, 360)
        out.append(inst)
    return out


def f20_low_and_slow(rng, ctx):
    """Low and slow: made-up accounts each placing an ordinary order every ten minutes or
    so through the hour, a fresh phone profile and another residential exit every time,
    everyday face values."""
    out = []
    for _ in range(ctx.n(7)):
        pool = rng.choice(["h20_resi_US", "h20_resi_US", "h20_resi_GB", "h20_resi_DE"])
        cc = RESI_CC[pool]
        cur = LOCALE[cc][1]
        inst = Instance("f20_low_and_slow", "fraud")
        user, email = new_account(rng), fresh_mail(rng, cc)
        t = rng.uniform(30, 400)
        for _ in range(rng.randint(3, 5)):
            dev = device(rng, cc, rng.choice(["h20_chrome_android_145", "h20_safari_iphone_262"]),
                         cookies="session")
            addr = ip(rng, pool)
            inst.visit(t, dev, addr)
            inst.order(t + rng.uniform(20, 90), dev, addr,
                       gift_order(rng, user, email, cur, method="card"))
            t += rng.uniform(480, 900)
        out.append(inst)
    return out


CATCHALL = ["mailbox-hub.xyz", "k9drops.net", "nexamail.shop", "getcodes.site"]


def f20_reseller_bot(rng, ctx):
    """Scripted bulk buying for resale on grey-market key sites: Playwright's Chromium
    or a Chrome-impersonating HTTP client from datacenter and VPN exits, a pool of
    accounts on a catch-all domain, quantities of 5 to 20 every minute or so."""
    out = []
    for _ in range(ctx.n(3)):
        inst = Instance("f20_reseller_bot", "fraud")
        domain = rng.choice(CATCHALL)
        accounts = [(new_account(rng), "%s@%s" % (junk(rng, rng.randint(7, 11)), domain))
                    for _ in range(rng.randint(3, 6))]
        cur = rng.choice(["USD", "USD", "EUR"])
        scripted = rng.random() < 0.5
        t = start(rng, ctx, 1200)
        for _ in range(rng.randint(9, 12)):
            if scripted:
                dev = device(rng, "US", "h20_impersonate_142", cookies="none", beacon=False)
            else:
                dev = device(rng, "US", "h20_playwright_145", cookies="session",
                             tz=("UTC", 0), lang="en-US,en;q=0.9")
            addr = ip(rng, rng.choice(["h20_dc", "h20_dc", "h20_vpn"]))
            if not scripted:
                inst.visit(t, dev, addr)
            user, email = rng.choice(accounts)
            qty = rng.choice([5, 5, 10, 10, 20])
            if rng.random() < 0.5:
                price = rng.choice(TOPUP[cur][2:6])
                o = order(rng, user, email, cur, price, qty,
                          "%s-%s" % (rng.choice(TOPUP_GAMES), price), "card")
            else:
                o = key_order(rng, user, email, cur, qty, "card") if cur in KEYS else \
                    gift_order(rng, user, email, cur, quantity=qty, method="card")
            inst.order(t + rng.uniform(3, 20), dev, addr, o)
            t += rng.uniform(30, 150)
        out.append(inst)
    return out


def f20_promo_abuse(rng, ctx):
    """Sign-up promotion abuse: one person's real phone, cookies wiped between sign-ups,
    a mobile-proxy address per account, Gmail dot and plus variants of one mailbox, the
    smallest face values that earn the first-order bonus."""
    out = []
    for _ in range(ctx.n(2)):
        inst = Instance("f20_promo_abuse", "fraud")
        first, last = name_of(rng, "US")
        base = "%s%s%d" % (first, last, rng.randint(10, 99))
        dev = device(rng, "US", rng.choice(["h20_chrome_android_145", "h20_safari_iphone_262"]),
                     cookies="session")
        t = start(rng, ctx, 2000)
        for k in range(rng.randint(12, 16)):
            if rng.random() < 0.5:
                cut = rng.randint(1, len(base) - 1)
                local = base[:cut] + "." + base[cut:]
            else:
                local = "%s+%s" % (base, rng.choice([str(k + 1), junk(rng, 3), "promo%d" % k]))
            email = "%s@gmail.com" % local
            addr = ip(rng, rng.choice(["h20_mproxy_US", "h20_mproxy_US", "h20_resi_US"]))
            inst.visit(t, dev, addr)
            inst.order(t + rng.uniform(25, 80), dev, addr,
                       order(rng, new_account(rng), email, "USD", rng.choice([10, 10, 15, 20]),
                             1, None, rng.choice(["card", "paypal", "google_pay"])))
            t += rng.uniform(90, 240)
        out.append(inst)
    return out


def f20_cloudphone_farm(rng, ctx):
    """A cloud-phone farm: rented Android instances on ARM servers, all the same image
    (one rendering, so one canvas), a browser app's WebView, an account per phone, game
    top-ups bought with stolen cards through mobile proxies or the provider's own
    datacenter."""
    out = []
    for _ in range(ctx.n(3)):
        inst = Instance("f20_cloudphone_farm", "fraud")
        image_seed = rng.getrandbits(32)
        tz = rng.choice([("America/New_York", -300), ("Asia/Singapore", 480)])
        pool = rng.choice(["h20_mproxy_US", "h20_dc"])
        game = rng.choice(["mlbb-diamonds", "free-fire-diamonds", "pubg-uc", "genshin-crystals"])
        t = start(rng, ctx, 1500)
        for _ in range(rng.randint(8, 10)):
            dev = Device(rng, "h20_cloudphone_wv", "en-US,en;q=0.9", tz)
            dev.canvas_seed = image_seed
            addr = ip(rng, pool)
            user, email = new_account(rng), fresh_mail(rng, "US")
            inst.visit(t, dev, addr)
            inst.order(t + rng.uniform(20, 70), dev, addr,
                       topup_order(rng, user, email, "USD", "card", game))
            if rng.random() < 0.15:
                inst.order(t + rng.uniform(90, 200), dev, addr,
                           topup_order(rng, user, email, "USD", "card", game))
            t += rng.uniform(40, 200)
        out.append(inst)
    return out


def f20_scam_victim(rng, ctx):
    """A victim of a phone scam ("tech support", "the tax office", a romance) buying
    gift cards on a scammer's instructions, codes read out over the phone: the victim's
    own old PC or iPad and home line, an account of years, then several of the highest
    face values, some several at once, within half an hour."""
    out = []
    for _ in range(ctx.n(4)):
        cc = weighted(rng, {"US": 5, "GB": 2, "CA": 2, "AU": 1})
        cur = LOCALE[cc][1]
        inst = Instance("f20_scam_victim", "fraud")
        profile = rng.choice(["h20_chrome_win7_109", "h20_chrome_win7_109", "h20_ipad_safari_26",
                              "safari_mac"])
        dev = device(rng, cc, profile, age=rng.choice(AGES[4:]))
        addr = home_ip(rng, cc)
        first, last = name_of(rng, cc)
        user = old_account(rng)
        email = mail(rng, cc, first, last, rng.choice(["aol.com", "yahoo.com", "hotmail.com",
                                                       "comcast.net", "btinternet.com"]))
        brand = rng.choice(["apple", "google-play", "steam", "amazon"])
        t = start(rng, ctx, 1800)
        for _ in range(rng.randint(4, 7)):
            inst.visit(t, dev, addr)
            inst.order(t + rng.uniform(40, 150), dev, addr,
                       gift_order(rng, user, email, cur, high=True,
                                  quantity=rng.choice([1, 1, 2, 3]), brand=brand,
                                  method="card"))
            t += rng.uniform(150, 420)
        out.append(inst)
    return out


def f20_triangulation(rng, ctx):
    """Triangulation: a storefront on a marketplace sells cheap codes, buys them here
    with stolen cards and has them delivered to its own customers: a few shop accounts
    worked from one server-side browser behind a datacenter or VPN exit, every order to a
    different real customer's address in some country."""
    out = []
    for _ in range(ctx.n(2)):
        inst = Instance("f20_triangulation", "fraud")
        accounts = [new_account(rng) for _ in range(rng.randint(3, 4))]
        dev = device(rng, "US", rng.choice(["h20_playwright_145", "h20_antidetect_145"]),
                     tz=("America/New_York", -300))
        addr = ip(rng, rng.choice(["h20_dc", "h20_vpn"]))
        cur = rng.choice(["USD", "USD", "EUR", "GBP"])
        t = start(rng, ctx, 2200)
        inst.visit(t, dev, addr)
        for k in range(rng.randint(11, 14)):
            if k and rng.random() < 0.25:
                addr = ip(rng, rng.choice(["h20_dc", "h20_vpn"]))
                inst.visit(t, dev, addr)
            cust_cc = rng.choice(list(MAILS))
            email = mail(rng, cust_cc)
            inst.order(t + rng.uniform(10, 40), dev, addr,
                       gift_order(rng, rng.choice(accounts), email, cur, method="card"))
            t += rng.uniform(60, 300)
        out.append(inst)
    return out


def f20_friendly_fraud(rng, ctx):
    """Friendly fraud: an ordinary customer on their own old device and home line buys a
    large card or top-up and later disputes it as "not received" or "not me". Nothing at
    the edge tells it from an honest order."""
    out = []
    for _ in range(ctx.n(10)):
        cc = weighted(rng, WEST)
        cur = LOCALE[cc][1]
        inst = Instance("f20_friendly_fraud", "fraud")
        dev = device(rng, cc, pick_profile(rng, 0.6), age=rng.choice(AGES[1:]))
        addr = home_ip(rng, cc)
        user, email = buyer(rng, cc)
        t = browse(inst, rng, start(rng, ctx), dev, addr, rng.randint(1, 3))
        o = gift_order(rng, user, email, cur, high=rng.random() < 0.5) if rng.random() < 0.6 \
            else order(rng, user, email, cur, TOPUP[cur][-1], 1,
                       "%s-%s" % (rng.choice(TOPUP_GAMES), TOPUP[cur][-1]))
        inst.order(t + rng.uniform(20, 120), dev, addr, o)
        out.append(inst)
    return out


LEGIT = [h20_regular_home, h20_first_big_gift, h20_night_topup, h20_privacy_cookieless,
         h20_cgnat_mobile, h20_roaming_abroad, h20_corp_bulk, h20_traveller, h20_jp_buyer,
         h20_kr_buyer, h20_cn_buyer, h20_eu_mix, h20_subscription_renewal, h20_family_device,
         h20_campus_student, h20_diaspora_gifting]
FRAUD = [f20_card_testing, f20_stolen_card_cashout, f20_ato_drain, f20_ato_device_rotation,
         f20_low_and_slow, f20_reseller_bot, f20_promo_abuse, f20_cloudphone_farm,
         f20_scam_victim, f20_triangulation, f20_friendly_fraud]
