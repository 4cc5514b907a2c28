"""The fifteenth holdout set (`--personas holdout15`): buyers and attackers of a 2026
auto-delivery gift-card, game top-up and software-key shop, written blind to judge
risk-policy changes being made at the same time by other engineers. Default seeds
151,152,153.

Two helpers wrote it: a first one added this set's address pools (POOLS_HOLDOUT15 in
build_ip_table.py, models/eval/ip_table_holdout15.json) and stopped before the module; a
second one reviewed the pools against the AS names in geoip/asn.mmdb (kept unchanged) and
wrote this module, its test and the registration.

What the second helper read (and only this):
- the harness plumbing: models/eval/__main__.py, cell.py, traffic.py, classify.py (its
  first 40 lines), clients.py (the profile API and every existing profile with its
  comment), build_ip_table.py (whole), holdout_testkit.py;
- personas.py lines 1-162 (module docstring, shared vocabulary, Device / Instance and the
  helpers; no persona body);
- holdout10.py lines 1-60 (its docstring, imports, pool loading, ZERO_DECIMAL, AGES) as
  the form template and test_holdout10.py as the test template;
- the demo config's `[routes.order]` table (the order field map);
- the organisation names and countries of this set's pool AS numbers, from
  geoip/asn.mmdb and geoip/country.mmdb (through a throw-away venv with maxminddb);
- the brief's list of hard cases to cover.
Glimpses, disclosed:
- holdout10.py's docstring (allowed reading) repeats earlier sets' glimpses: the order
  route's rate limit (30 a minute per ip) and purchase limits (5 / 10 a day per user), the
  last rows of an EVAL.md results table for holdout2 and holdout6 (no legitimate order
  blocked, about 4-8 % reviewed, about 39-67 % of fraud caught), a pool "h9_vps".
- test_holdout10.py (allowed) names some of the tenth set's personas and helpers
  (a shared household, a device farm, a reseller doing triangulation, an account
  takeover over many devices, a session hijack with a LinkedCookieDevice, an express
  checkout) and its added profiles.
- build_ip_table.py (allowed) shows every earlier set's pool block (AS lists and pool
  names, e.g. "h14_origin"); clients.py the names and comments of the profiles the
  fifth to twelfth sets added.
- `[routes.order]` also shows `review = "hold"`, `channel_group = "payments"` and the
  comment after it (payments go to the best channel; an Idempotency-Key moves a failing
  channel's 5xx to the next).
- __main__.py's `--personas` help lists the default seeds of holdout9-holdout14.
- a `wc -l models/eval/*.py` run (to size the templates) printed the line counts of
  every holdout*.py and test_holdout*.py (e.g. holdout14.py 1466 lines, test_holdout14.py
  147); `git status` listed the worktree's files.
Nothing here was tuned to any of that, and no persona, volume or parameter was changed
after the one plumbing run (seed 151, hour 14, its printed report sent to /dev/null),
whose result JSON was read only as order counts per persona and the count of "error"
outcomes.

Not read: src/ (any Rust), the config's other sections, models/train/, models/MODEL.md,
models/report/, models/EVAL.md (this set's section was appended without opening it),
README.md, BENCHMARKS.md, holdout*.py past holdout10.py line 60 (holdout11-14 not
opened), their tests but test_holdout10.py, personas.py past line 162, fraud.py, no
git log / diff / show of others' work, /tmp/ev, /tmp/snap (but running its binary once),
/tmp/ci.

Each persona is `f(rng, ctx) -> [Instance]`; names start with h15_ (legitimate, about 500
orders per cell, 16 personas) or f15_ (fraud, about 300, 11 personas). Each docstring
names the trace the persona leaves at the edge. One small fraud persona (friendly fraud,
about 12 orders) is near-traceless on purpose: the shop only learns of it from the
chargeback weeks later. Uses only profiles that already exist in clients.py.
"""

import json
import math
import os

from . import clients
from .personas import DISPOSABLE, Device, Instance

HERE = os.path.dirname(os.path.abspath(__file__))

# This set's own address pools (build_ip_table.py --set holdout15); the main table's pools
# arrive through ctx.pools.
with open(os.path.join(HERE, "ip_table_holdout15.json")) as _f:
    EXTRA = json.load(_f)["pools"]

ZERO_DECIMAL = {"JPY", "KRW"}

# How long ago an established browser first got its cookie (days).
AGES = (1, 4, 16, 45, 130, 400, 900)
OLD = AGES[2:]

# ---------------------------------------------------------------- locales

# country -> (currency, [(IANA zone, minutes east of UTC on 2 March 2026)],
#             (Accept-Language as Chromium, Firefox, Safari send it there by default)).
# No DST is in force anywhere here on 2 March 2026 (US from 8 March, EU from 29 March);
# Sydney is on summer time.
LOCALES = {
    "US": ("USD", [("America/New_York", -300), ("America/New_York", -300),
                   ("America/Chicago", -360), ("America/Denver", -420),
                   ("America/Los_Angeles", -480), ("America/Los_Angeles", -480)],
           ("en-US,en;q=0.9", "en-US,en;q=0.5", "en-US,en;q=0.9")),
    "CA": ("CAD", [("America/Toronto", -300), ("America/Vancouver", -480)],
           ("en-CA,en-US;q=0.9,en;q=0.8,fr-CA;q=0.7", "en-CA,en-US;q=0.7,en;q=0.3",
            "en-CA,en;q=0.9")),
    "GB": ("GBP", [("Europe/London", 0)],
           ("en-GB,en-US;q=0.9,en;q=0.8", "en-GB,en;q=0.5", "en-GB,en;q=0.9")),
    "DE": ("EUR", [("Europe/Berlin", 60)],
           ("de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7", "de,en-US;q=0.7,en;q=0.3",
            "de-DE,de;q=0.9")),
    "FR": ("EUR", [("Europe/Paris", 60)],
           ("fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7", "fr,fr-FR;q=0.8,en-US;q=0.5,en;q=0.3",
            "fr-FR,fr;q=0.9")),
    "JP": ("JPY", [("Asia/Tokyo", 540)],
           ("ja,en-US;q=0.9,en;q=0.8", "ja,en-US;q=0.7,en;q=0.3", "ja")),
    "KR": ("KRW", [("Asia/Seoul", 540)],
           ("ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7", "ko-KR,ko;q=0.8,en-US;q=0.5,en;q=0.3",
            "ko-KR,ko;q=0.9")),
    "CN": ("CNY", [("Asia/Shanghai", 480)],
           ("zh-CN,zh;q=0.9", "zh-CN,zh;q=0.8,zh-TW;q=0.7,zh-HK;q=0.5,en-US;q=0.3,en;q=0.2",
            "zh-CN,zh-Hans;q=0.9")),
    # Indonesia and the Philippines pay the shop's dollar prices (no IDR / PHP listing).
    "ID": ("USD", [("Asia/Jakarta", 420), ("Asia/Jakarta", 420), ("Asia/Makassar", 480)],
           ("id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7", "id,en-US;q=0.7,en;q=0.3",
            "id-ID,id;q=0.9")),
    "PH": ("USD", [("Asia/Manila", 480)],
           ("en-US,en;q=0.9,fil;q=0.8", "en-US,en;q=0.5", "en-PH,en;q=0.9")),
    "IN": ("INR", [("Asia/Kolkata", 330)],
           ("en-IN,en-GB;q=0.9,en-US;q=0.8,en;q=0.7,hi;q=0.6", "en-US,en;q=0.5",
            "en-IN,en;q=0.9")),
    "BR": ("BRL", [("America/Sao_Paulo", -180)],
           ("pt-BR,pt;q=0.9,en-US;q=0.8,en;q=0.7", "pt-BR,pt;q=0.8,en-US;q=0.5,en;q=0.3",
            "pt-BR,pt;q=0.9")),
    "AU": ("AUD", [("Australia/Sydney", 660), ("Australia/Sydney", 660),
                   ("Australia/Brisbane", 600), ("Australia/Perth", 480)],
           ("en-AU,en-GB;q=0.9,en-US;q=0.8,en;q=0.7", "en-AU,en;q=0.5", "en-AU,en;q=0.9")),
}

# Where the crews of f15_crew_origin sit (addresses of h15_origin in that country).
CREWS = {
    # Morocco is on UTC+0 during Ramadan (18 Feb - 20 Mar 2026).
    "MA": (("Africa/Casablanca", 0), ("fr-FR,fr;q=0.9,ar;q=0.8,en-US;q=0.7,en;q=0.6",
                                       "fr,fr-FR;q=0.8,en-US;q=0.5,en;q=0.3", "fr-FR,fr;q=0.9")),
    "DZ": (("Africa/Algiers", 60), ("fr-FR,fr;q=0.9,ar;q=0.8,en-US;q=0.7,en;q=0.6",
                                     "fr,fr-FR;q=0.8,en-US;q=0.5,en;q=0.3", "fr-FR,fr;q=0.9")),
    "NG": (("Africa/Lagos", 60), ("en-GB,en-US;q=0.9,en;q=0.8", "en-GB,en;q=0.5",
                                   "en-GB,en;q=0.9")),
    "KE": (("Africa/Nairobi", 180), ("en-US,en;q=0.9,sw;q=0.8", "en-US,en;q=0.5",
                                      "en-GB,en;q=0.9")),
}

FIRST = {
    "US": ["james", "olivia", "noah", "emma", "liam", "ava", "ethan", "mia", "jacob", "harper",
           "tyler", "madison", "jayden", "brianna", "marcus", "destiny", "kevin", "alyssa"],
    "CA": ["liam", "emma", "noah", "olivia", "owen", "charlotte", "benjamin", "chloe"],
    "GB": ["oliver", "amelia", "harry", "isla", "jack", "poppy", "george", "freya", "alfie",
           "ella", "charlie", "evie"],
    "AU": ["jack", "charlotte", "william", "matilda", "lachlan", "ruby", "cooper", "zoe"],
    "DE": ["lukas", "lena", "jonas", "anna", "felix", "marie", "paul", "sophie", "leon",
           "mia", "niklas", "hannah"],
    "FR": ["lucas", "lea", "hugo", "chloe", "louis", "manon", "jules", "camille", "theo",
           "ines", "nathan", "jade"],
    "JP": ["haruto", "yui", "sota", "hina", "ren", "aoi", "yuto", "mei", "daiki", "sakura",
           "kaito", "riko"],
    "KR": ["minjun", "seoyeon", "jiho", "jiwoo", "hyunwoo", "sujin", "dohyun", "yerin",
           "junseo", "hayoon"],
    "CN": ["wei", "fang", "hao", "jing", "lei", "min", "yu", "xin", "jie", "ting", "bo", "lin"],
    "ID": ["budi", "siti", "agus", "dewi", "rizky", "putri", "fajar", "ayu", "dimas", "nurul"],
    "PH": ["juan", "maria", "mark", "angel", "john", "kristine", "jerome", "princess", "carlo",
           "joy"],
    "IN": ["aarav", "priya", "rohan", "ananya", "vikram", "sneha", "arjun", "pooja", "karan",
           "divya"],
    "BR": ["gabriel", "ana", "lucas", "julia", "pedro", "beatriz", "mateus", "larissa",
           "rafael", "camila"],
}
LAST = {
    "US": ["smith", "johnson", "williams", "brown", "jones", "miller", "davis", "garcia",
           "rodriguez", "wilson", "nguyen", "thompson", "walker", "hall"],
    "CA": ["tremblay", "smith", "roy", "macdonald", "wilson", "campbell", "gagnon"],
    "GB": ["smith", "jones", "taylor", "brown", "williams", "wilson", "evans", "khan",
           "walker", "wright", "patel"],
    "AU": ["smith", "jones", "williams", "brown", "wilson", "taylor", "nguyen", "kelly"],
    "DE": ["mueller", "schmidt", "schneider", "fischer", "weber", "meyer", "wagner", "becker",
           "hoffmann", "yilmaz"],
    "FR": ["martin", "bernard", "dubois", "thomas", "robert", "richard", "petit", "durand",
           "moreau", "benali"],
    "JP": ["sato", "suzuki", "takahashi", "tanaka", "watanabe", "ito", "yamamoto", "nakamura",
           "kobayashi", "kato"],
    "KR": ["kim", "lee", "park", "choi", "jung", "kang", "cho", "yoon", "jang", "lim"],
    "CN": ["wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou"],
    "ID": ["santoso", "wijaya", "saputra", "pratama", "hidayat", "kurniawan", "setiawan"],
    "PH": ["santos", "reyes", "cruz", "bautista", "garcia", "mendoza", "delacruz", "ramos"],
    "IN": ["sharma", "patel", "singh", "kumar", "reddy", "gupta", "iyer", "nair"],
    "BR": ["silva", "santos", "oliveira", "souza", "lima", "costa", "pereira", "ferreira"],
}
MAILS = {
    "US": ["gmail.com"] * 5 + ["yahoo.com", "outlook.com", "icloud.com", "hotmail.com",
                               "aol.com", "comcast.net"],
    "CA": ["gmail.com"] * 3 + ["hotmail.ca", "outlook.com", "yahoo.ca", "icloud.com"],
    "GB": ["gmail.com"] * 3 + ["outlook.com", "hotmail.co.uk", "btinternet.com", "icloud.com",
                               "yahoo.co.uk"],
    "AU": ["gmail.com"] * 3 + ["outlook.com", "bigpond.com", "icloud.com", "hotmail.com"],
    "DE": ["gmx.de", "gmx.de", "web.de", "web.de", "gmail.com", "t-online.de", "outlook.de"],
    "FR": ["gmail.com", "gmail.com", "orange.fr", "free.fr", "laposte.net", "sfr.fr",
           "hotmail.fr"],
    "JP": ["gmail.com", "gmail.com", "yahoo.co.jp", "icloud.com", "docomo.ne.jp",
           "ezweb.ne.jp"],
    "KR": ["naver.com", "naver.com", "gmail.com", "daum.net", "kakao.com"],
    "CN": ["qq.com", "qq.com", "163.com", "126.com", "foxmail.com"],
    "ID": ["gmail.com"] * 4 + ["yahoo.co.id"],
    "PH": ["gmail.com"] * 4 + ["yahoo.com"],
    "IN": ["gmail.com"] * 4 + ["rediffmail.com", "yahoo.in"],
    "BR": ["gmail.com"] * 3 + ["hotmail.com", "outlook.com", "uol.com.br", "bol.com.br"],
}

# ---------------------------------------------------------------- catalogue and money

RATE = {"USD": 1.0, "EUR": 0.92, "GBP": 0.79, "JPY": 150.0, "KRW": 1400.0, "CNY": 7.2,
        "INR": 86.0, "BRL": 5.8, "AUD": 1.55, "CAD": 1.4}
# Gift-card face values per currency: small, typical, high.
FACES = {
    "USD": ([5, 10], [15, 20, 25, 25, 50, 50], [100, 100, 150, 200, 250, 500]),
    "EUR": ([5, 10], [15, 20, 25, 25, 50, 50], [75, 100, 100, 150, 200, 250]),
    "GBP": ([5, 10], [15, 20, 25, 25, 50], [75, 100, 100, 150, 200]),
    "JPY": ([1000, 1500], [3000, 3000, 5000, 5000, 10000], [15000, 20000, 30000, 50000]),
    "KRW": ([5000, 10000], [30000, 30000, 50000, 50000], [100000, 150000, 300000, 500000]),
    "CNY": ([30, 50], [100, 100, 200, 300], [500, 800, 1000, 2000]),
    "INR": ([100, 250], [500, 1000, 1000, 2000], [3000, 5000, 10000]),
    "BRL": ([20, 30], [50, 50, 100, 150], [200, 250, 500, 1000]),
    "AUD": ([10, 20], [30, 50, 50, 100], [150, 200, 250, 300]),
    "CAD": ([10, 15], [25, 50, 50, 75], [100, 150, 200, 300]),
}
# Top-up price ladders (rung 0 = the smallest pack, 5 = the biggest), as app stores and
# publishers price them per currency.
TOPUP = {
    "USD": [0.99, 4.99, 9.99, 19.99, 49.99, 99.99],
    "EUR": [0.99, 5.49, 10.99, 21.99, 54.99, 109.99],
    "GBP": [0.99, 4.99, 9.99, 19.99, 49.99, 99.99],
    "JPY": [160, 800, 1600, 3200, 8000, 16000],
    "KRW": [1200, 5900, 12000, 25000, 65000, 119000],
    "CNY": [6, 30, 68, 128, 328, 648],
    "INR": [89, 449, 899, 1799, 4499, 8999],
    "BRL": [4.9, 24.9, 49.9, 99.9, 249.9, 499.9],
    "AUD": [1.49, 7.99, 15.99, 30.99, 77.99, 154.99],
    "CAD": [1.39, 6.99, 13.99, 27.99, 69.99, 139.99],
}
GIFT_BRANDS = ["steam", "steam", "psn", "xbox", "nintendo-eshop", "apple", "google-play",
               "amazon", "roblox", "spotify", "netflix", "razer-gold"]
REGION_BRANDS = {"KR": ["google-play", "cultureland", "nexon-cash", "steam", "apple"],
                 "JP": ["apple", "google-play", "nintendo-eshop", "psn", "amazon"],
                 "CN": ["steam", "apple", "psn-hk", "xbox"]}
GAMES = ["genshin-crystals", "hsr-oneiric-shards", "pubgm-uc", "freefire-diamonds",
         "mlbb-diamonds", "valorant-points", "fortnite-vbucks", "roblox-robux", "apex-coins",
         "cod-points", "zzz-monochrome"]
REGION_GAMES = {"KR": ["lineagew-diamonds", "maplestory-nx", "genshin-crystals",
                       "pubgm-uc"],
                "JP": ["monst-orbs", "fgo-saint-quartz", "genshin-crystals",
                       "umamusume-jewels"],
                "ID": ["mlbb-diamonds", "freefire-diamonds", "pubgm-uc", "genshin-crystals"],
                "PH": ["mlbb-diamonds", "codm-cp", "freefire-diamonds", "roblox-robux"],
                "CN": ["genshin-crystals", "hsr-oneiric-shards", "zzz-monochrome"],
                "BR": ["freefire-diamonds", "roblox-robux", "fortnite-vbucks"]}
KEYS = [("win11-pro-key", 29.99), ("office-2024-hs-key", 59.99), ("antivirus-1y-3pc", 19.99),
        ("aaa-game-steam-key", 69.99), ("indie-bundle-key", 14.99), ("vpn-2y-key", 79.99),
        ("xbox-gamepass-ult-3m", 49.99), ("psplus-12m", 79.99)]


def local_price(usd, cur):
    """A dollar list price in `cur`, rounded the way shops price there."""
    x = usd * RATE[cur]
    if cur == "JPY":
        return int(math.ceil(x / 100.0)) * 100 - 20
    if cur == "KRW":
        return int(math.ceil(x / 1000.0)) * 1000 - 100
    return round(math.floor(x) + 0.99, 2)


def gift(rng, cur, tier, cc=None, brand=None):
    small, typical, high = FACES[cur]
    face = rng.choice({"small": small, "typical": typical, "high": high}[tier])
    brand = brand or rng.choice(REGION_BRANDS.get(cc, GIFT_BRANDS))
    return "%s-%s-%d" % (brand, cur.lower(), face), face


def topup(rng, cur, lo, hi, cc=None):
    rung = rng.randint(lo, hi)
    return "%s-r%d" % (rng.choice(REGION_GAMES.get(cc, GAMES)), rung), TOPUP[cur][rung]


def key(rng, cur):
    name, usd = rng.choice(KEYS)
    return name, local_price(usd, cur)


def item(rng, cur, tier, cc=None):
    """Something from the catalogue at `tier` (small / typical / high)."""
    r = rng.random()
    if tier == "small":
        return gift(rng, cur, "small", cc) if r < 0.4 else topup(rng, cur, 0, 2, cc)
    if tier == "typical":
        if r < 0.55:
            return gift(rng, cur, "typical", cc)
        return topup(rng, cur, 1, 4, cc) if r < 0.85 else key(rng, cur)
    if r < 0.75:
        return gift(rng, cur, "high", cc)
    return topup(rng, cur, 5, 5, cc) if r < 0.9 else key(rng, cur)


def mkorder(user, email, cur, it, qty=1, method="card"):
    product, unit = it
    total = unit * qty
    amount = int(round(total)) if cur in ZERO_DECIMAL else round(float(total), 2)
    return {"product": product, "quantity": qty, "amount": amount, "currency": cur,
            "user": user, "email": email, "payment_method": method}


def discounted(order, pct):
    """A promotion taken off the order's total (the shop sends the charged amount)."""
    amt = order["amount"] * (100 - pct) / 100.0
    order["amount"] = (int(round(amt)) if order["currency"] in ZERO_DECIMAL
                       else round(amt, 2))
    return order


# ---------------------------------------------------------------- people and devices

def pickw(rng, weights):
    total = sum(weights.values())
    x = rng.uniform(0, total)
    for k, w in weights.items():
        x -= w
        if x <= 0:
            return k
    return k


def identity(rng, cc):
    """(account name, e-mail) of a person from `cc`, as people pick them."""
    first, last = rng.choice(FIRST[cc]), rng.choice(LAST[cc])
    dom = rng.choice(MAILS[cc])
    style = rng.random()
    if dom == "qq.com" and style < 0.6:
        local = str(rng.randint(10000000, 3999999999))
    elif style < 0.3:
        local = "%s.%s" % (first, last)
    elif style < 0.55:
        local = "%s%s%d" % (first, last, rng.randint(1, 99))
    elif style < 0.7:
        local = "%s_%s%d" % (first, last[:3], rng.randint(1975, 2009))
    elif style < 0.85:
        local = "%s%s" % (first[0], last)
    else:
        local = "%s%s%02d" % (first, rng.choice(["x", "gg", "kun", "zz", "tv", "plays"]),
                              rng.randint(0, 99))
    local = local.replace("-", "")
    # Half the accounts carry a gamer tag as the account name, the rest their mail name.
    if rng.random() < 0.5:
        user = local
    else:
        user = "%s%s%d" % (rng.choice(["shadow", "neo", "kuro", "pixel", "lucky", "mint",
                                       "frost", "nova", "echo", "blaze", "tofu", "mochi"]),
                           rng.choice(["", "_", "."]) + first[:4], rng.randint(1, 999))
    return user, "%s@%s" % (local, dom)


def accept_language(kind, cc):
    table = CREWS[cc][1] if cc in CREWS else LOCALES[cc][2]
    return table[{"chromium": 0, "firefox": 1, "safari": 2}[kind]]


def languages_of(lang):
    return [tok.split(";")[0].strip() for tok in lang.split(",") if tok.strip()]


def zone(rng, cc):
    return CREWS[cc][0] if cc in CREWS else rng.choice(LOCALES[cc][1])


def device(rng, cc, profile, cookies="keep", age=None, beacon=True, tz=None, lang_cc=None):
    """A browser set up for `cc` (its language from `lang_cc` when given), or a script."""
    kind = clients.PROFILES[profile]["kind"]
    if kind == "script":
        # Libraries send no Accept-Language unless told to; some checkers are.
        lang = "en-US,en;q=0.9" if rng.random() < 0.3 else ""
        return Device(rng, profile, lang, ("UTC", 0), cookies="none", age_days=None,
                      beacon=False, languages=["en-US"])
    lang = accept_language(kind, lang_cc or cc)
    return Device(rng, profile, lang, tz or zone(rng, cc), cookies=cookies, age_days=age,
                  beacon=beacon, languages=languages_of(lang))


DESKTOPS = {
    None: ["chrome_win", "chrome_win", "h12_chrome_win_144", "edge_win", "h11_edge_win_143",
           "chrome_mac", "h10_chrome_mac_143", "safari_mac", "firefox_win",
           "h12_firefox_mac_146"],
    "KR": ["h8_whale_win", "chrome_win", "h12_chrome_win_144", "edge_win"],
    "JP": ["chrome_win", "edge_win", "safari_mac", "chrome_mac", "h11_edge_win_143"],
    "CN": ["chrome_win", "edge_win", "chrome_mac"],
    "ID": ["chrome_win", "h8_chrome_win_132"],
    "PH": ["chrome_win", "h8_chrome_win_132"],
}
PHONES = {
    None: ["chrome_android", "h10_chrome_android_143", "h9_chrome_android_142",
           "samsung_android", "h12_samsung_29", "safari_iphone", "safari_iphone",
           "h11_safari_iphone_262", "h7_safari_iphone_26", "h6_safari_iphone_182"],
    "JP": ["safari_iphone", "safari_iphone", "h11_safari_iphone_262", "h9_line_iphone",
           "chrome_android", "h7_safari_iphone_26"],
    "KR": ["samsung_android", "h12_samsung_29", "h8_kakaotalk_android",
           "h9_naver_android", "safari_iphone"],
    "CN": ["h7_wechat_android", "h8_wechat_ios", "safari_iphone", "chrome_android"],
    "ID": ["chrome_android", "samsung_android", "h6_old_android", "h5_webview_a8",
           "h9_tiktok_android", "h6_chrome_android_132"],
    "PH": ["chrome_android", "samsung_android", "h6_old_android", "h9_tiktok_android",
           "h10_chrome_android_143"],
    "IN": ["chrome_android", "h6_old_android", "h10_chrome_android_143", "samsung_android"],
    "BR": ["chrome_android", "samsung_android", "h9_chrome_android_142", "safari_iphone",
           "h12_samsung_29"],
}
MOBILE_SHARE = {"JP": 0.7, "KR": 0.65, "CN": 0.75, "ID": 0.9, "PH": 0.9, "IN": 0.8,
                "BR": 0.75}


def profile_for(rng, cc, mobile=None):
    mob = rng.random() < MOBILE_SHARE.get(cc, 0.55) if mobile is None else mobile
    table = PHONES if mob else DESKTOPS
    return rng.choice(table.get(cc, table[None]))


def is_phone(profile):
    return clients.PROFILES[profile].get("touch", 0) > 0 and "ipad" not in profile


def pay(rng, cc, profile):
    """The payment method a buyer from `cc` on `profile` picks."""
    kind = clients.PROFILES[profile]["kind"]
    r = rng.random()
    local = {"KR": (0.45, ["kakaopay", "naverpay", "tosspay"]),
             "JP": (0.3, ["paypay", "konbini", "carrier_billing"]),
             "CN": (0.85, ["alipay", "alipay", "wechat_pay", "unionpay"]),
             "BR": (0.45, ["pix"]), "IN": (0.5, ["upi"]),
             "ID": (0.4, ["dana", "ovo", "gopay"]), "PH": (0.45, ["gcash", "maya"]),
             "DE": (0.3, ["paypal"]), "FR": (0.15, ["paypal"]), "GB": (0.2, ["paypal"]),
             "US": (0.12, ["paypal"]), "CA": (0.1, ["paypal"]), "AU": (0.1, ["paypal"])}
    share, methods = local.get(cc, (0.0, ["card"]))
    if r < share:
        return rng.choice(methods)
    if kind == "safari" and rng.random() < 0.35:
        return "apple_pay"
    if is_phone(profile) and kind == "chromium" and rng.random() < 0.2:
        return "google_pay"
    return "card"


# ---------------------------------------------------------------- addresses and time

def pool(ctx, name):
    return EXTRA[name] if name in EXTRA else ctx.pools[name]


def has_pool(ctx, name):
    return name in EXTRA or name in ctx.pools


def addr(rng, ctx, name, cc=None):
    entries = pool(ctx, name)
    if cc:
        entries = [p for p in entries if p[1] == cc] or entries
    return rng.choice(entries)[0]


def sticky(rng, ctx, name, k, cc=None):
    """`k` addresses of a pool, fixed for a persona call (shared NAT / proxy exits)."""
    entries = [p[0] for p in pool(ctx, name) if cc is None or p[1] == cc]
    entries = entries or [p[0] for p in pool(ctx, name)]
    return rng.sample(entries, min(k, len(entries)))


def home_ip(rng, ctx, cc):
    if cc in ("ID", "PH"):
        return addr(rng, ctx, "h15_cgnat_" + cc)
    names = [n for n in ("h15_home_" + cc, "home_" + cc) if has_pool(ctx, n)]
    return addr(rng, ctx, rng.choice(names or ["home_US"]))


def mobile_ip(rng, ctx, cc):
    if cc in ("ID", "PH"):
        return addr(rng, ctx, "h15_cgnat_" + cc)
    names = [n for n in ("h15_mobile_" + cc, "mobile_" + cc) if has_pool(ctx, n)]
    return addr(rng, ctx, rng.choice(names)) if names else home_ip(rng, ctx, cc)


def line_ip(rng, ctx, cc, profile, mobile_share=0.35):
    """Where a buyer at home connects from: the phone sometimes on its carrier."""
    if is_phone(profile) and rng.random() < mobile_share:
        return mobile_ip(rng, ctx, cc)
    return home_ip(rng, ctx, cc)


def start(rng, ctx, span):
    return rng.uniform(20, max(40, ctx.window - span - 20))


def browse(inst, dev, ip, t, rng, views, lo=8, hi=90):
    """Page views from `t`; returns when the buyer reaches checkout. A private window
    (session cookies) is one visit: a new visit would be a new window."""
    if dev.cookies == "session":
        views = 1
    for _ in range(max(1, views)):
        inst.visit(t, dev, ip)
        t += rng.uniform(lo, hi)
    return t


# ================================================================ legitimate buyers

HOME_MIX = {"US": 28, "GB": 11, "DE": 11, "FR": 7, "JP": 12, "KR": 8, "AU": 7, "CA": 7,
            "BR": 6, "IN": 3}


def h15_settled_home(rng, ctx):
    """Returning buyers at home: an old device cookie, their home line (a phone now and
    then on its carrier), a couple of page views, one ordinary order in their own currency;
    a few add a second item minutes later. Trace: an old cookie, a home ISP in the
    country of the browser's language, timezone and currency; nothing new."""
    out = []
    for _ in range(ctx.n(42)):
        cc = pickw(rng, HOME_MIX)
        cur = LOCALES[cc][0]
        prof = profile_for(rng, cc)
        dev = device(rng, cc, prof, age=rng.choice(OLD))
        ip = line_ip(rng, ctx, cc, prof)
        user, email = identity(rng, cc)
        inst = Instance("h15_settled_home", "legit")
        t = browse(inst, dev, ip, start(rng, ctx, 900), rng, rng.randint(1, 4))
        inst.order(t, dev, ip, mkorder(user, email, cur, item(rng, cur, "typical", cc),
                                       method=pay(rng, cc, prof)))
        if rng.random() < 0.17:
            t = browse(inst, dev, ip, t + rng.uniform(60, 420), rng, 1)
            inst.order(t, dev, ip, mkorder(user, email, cur,
                                           item(rng, cur, rng.choice(["small", "typical"]), cc),
                                           method=pay(rng, cc, prof)))
        out.append(inst)
    return out


def h15_new_device_big(rng, ctx):
    """A first purchase on a device the shop has never seen, at a high amount: a new
    customer buying a big card as a present, or a known customer on the phone or laptop
    they just unboxed. They read the redemption and region pages first (several views
    over minutes). Trace: a fresh cookie, a new or never-before-here account, a high
    total; address, language, timezone and currency agree."""
    out = []
    mix = {"US": 25, "GB": 10, "DE": 10, "FR": 6, "JP": 12, "KR": 10, "AU": 7, "CA": 7,
           "CN": 4, "BR": 5, "IN": 4}
    for _ in range(ctx.n(23)):
        cc = pickw(rng, mix)
        cur = LOCALES[cc][0]
        prof = profile_for(rng, cc)
        dev = device(rng, cc, prof)
        ip = line_ip(rng, ctx, cc, prof, 0.3)
        user, email = identity(rng, cc)
        inst = Instance("h15_new_device_big", "legit")
        t = browse(inst, dev, ip, start(rng, ctx, 1300), rng, rng.randint(3, 8), 20, 120)
        qty = 2 if rng.random() < 0.15 else 1
        inst.order(t, dev, ip, mkorder(user, email, cur, item(rng, cur, "high", cc), qty,
                                       pay(rng, cc, prof)))
        if rng.random() < 0.25:
            t = browse(inst, dev, ip, t + rng.uniform(90, 600), rng, 2)
            inst.order(t, dev, ip, mkorder(user, email, cur,
                                           item(rng, cur, rng.choice(["typical", "high"]), cc),
                                           method=pay(rng, cc, prof)))
        out.append(inst)
    return out


def h15_night_owl(rng, ctx):
    """Late-night gamers (the 03:00 cells are their hour): on their own phone, handheld
    or gaming PC, they top up, lose, and top up again, two to four small or mid packs
    over half an hour, over home broadband or mobile data. Trace: several small orders
    from one old device in under an hour."""
    out = []
    mix = {"US": 25, "BR": 15, "KR": 15, "JP": 12, "AU": 8, "PH": 10, "GB": 8, "DE": 7}
    for _ in range(ctx.n(15)):
        cc = pickw(rng, mix)
        cur = LOCALES[cc][0]
        r = rng.random()
        if r < 0.6:
            prof = profile_for(rng, cc, True)
        else:
            prof = rng.choice(["h9_steamdeck", "h9_handheld_edge", "h7_opera_gx",
                               "h7_opera_gx", "chrome_win"])
        dev = device(rng, cc, prof, age=rng.choice(AGES[1:]))
        ip = line_ip(rng, ctx, cc, prof, 0.5)
        user, email = identity(rng, cc)
        method = pay(rng, cc, prof)
        inst = Instance("h15_night_owl", "legit")
        t = browse(inst, dev, ip, start(rng, ctx, 2200), rng, 1, 5, 40)
        for k in range(rng.choice([2, 2, 3, 3, 4])):
            inst.order(t, dev, ip, mkorder(user, email, cur, topup(rng, cur, 0, 3, cc),
                                           method=method))
            t = browse(inst, dev, ip, t + rng.uniform(180, 780), rng, 1, 5, 30)
        out.append(inst)
    return out


def h15_privacy_browser(rng, ctx):
    """Privacy-minded buyers: Firefox with resistFingerprinting, Mullvad Browser, Brave,
    Firefox Focus, Samsung Secret mode (cookies for the session only, or none kept at
    all), script blockers that stop the beacon, iPhones behind iCloud Private Relay and
    desktop users behind their VPN. Trace: no device cookie carried between visits or
    none at all, a missing or UTC/spoofed beacon, relay or VPN egress; ordinary orders."""
    out = []
    mix = {"US": 30, "DE": 20, "FR": 10, "GB": 12, "JP": 10, "CA": 8, "AU": 5, "KR": 5}
    for _ in range(ctx.n(26)):
        cc = pickw(rng, mix)
        cur = LOCALES[cc][0]
        kind = rng.choice(["rfp", "mullvad", "brave", "focus", "secret", "relay", "blocker",
                           "rfp", "relay"])
        beacon = True
        cookies = "session"
        if kind == "rfp":
            prof, beacon = "firefox_strict", rng.random() < 0.5
            ip = addr(rng, ctx, "h15_vpn") if rng.random() < 0.4 else home_ip(rng, ctx, cc)
        elif kind == "mullvad":
            prof = "h5_mullvad_browser"
            ip = addr(rng, ctx, "h15_vpn") if rng.random() < 0.7 else home_ip(rng, ctx, cc)
        elif kind == "brave":
            prof = rng.choice(["brave_win", "h6_brave_android"])
            cookies = rng.choice(["keep", "session"])
            ip = line_ip(rng, ctx, cc, prof)
        elif kind == "focus":
            prof = "h8_firefox_focus"
            ip = mobile_ip(rng, ctx, cc)
        elif kind == "secret":
            prof = "h7_samsung_secret"
            ip = line_ip(rng, ctx, cc, prof, 0.5)
        elif kind == "relay":
            prof = rng.choice(["safari_iphone", "h11_safari_iphone_262", "safari_mac"])
            cookies = "keep"
            relay = "relay_%s" % cc
            ip = addr(rng, ctx, relay if has_pool(ctx, relay) else "relay_US")
        else:
            prof, beacon = rng.choice(["firefox_win", "h12_firefox_mac_146"]), False
            cookies = rng.choice(["none", "session"])
            ip = home_ip(rng, ctx, cc)
        age = rng.choice(OLD) if cookies == "keep" and rng.random() < 0.6 else None
        dev = device(rng, cc, prof, cookies=cookies, age=age, beacon=beacon)
        user, email = identity(rng, cc)
        inst = Instance("h15_privacy_browser", "legit")
        t = browse(inst, dev, ip, start(rng, ctx, 900), rng, rng.randint(1, 3))
        inst.order(t, dev, ip, mkorder(user, email, cur, item(rng, cur, "typical", cc),
                                       method=pay(rng, cc, prof)))
        if rng.random() < 0.12:
            t = browse(inst, dev, ip, t + rng.uniform(120, 600), rng, 1)
            inst.order(t, dev, ip, mkorder(user, email, cur, item(rng, cur, "small", cc),
                                           method=pay(rng, cc, prof)))
        out.append(inst)
    return out


def h15_cgnat_sea(rng, ctx):
    """Indonesian and Filipino phone buyers on carrier-grade NAT: thousands of
    subscribers leave through a handful of addresses, so unrelated buyers share one
    address within minutes. Old Androids, in-app browsers, e-wallets; small top-ups in
    dollars. Trace: many unrelated accounts and devices on the same few addresses."""
    out = []
    shared = {"ID": sticky(rng, ctx, "h15_cgnat_ID", 5), "PH": sticky(rng, ctx, "h15_cgnat_PH", 4)}
    for _ in range(ctx.n(30)):
        cc = "ID" if rng.random() < 0.55 else "PH"
        prof = profile_for(rng, cc, rng.random() < 0.93)
        age = rng.choice(AGES) if rng.random() < 0.6 else None
        dev = device(rng, cc, prof, age=age)
        ip = rng.choice(shared[cc])
        user, email = identity(rng, cc)
        inst = Instance("h15_cgnat_sea", "legit")
        t = browse(inst, dev, ip, start(rng, ctx, 700), rng, rng.randint(1, 3), 5, 60)
        tier = "small" if rng.random() < 0.7 else "typical"
        inst.order(t, dev, ip, mkorder(user, email, "USD", item(rng, "USD", tier, cc),
                                       method=pay(rng, cc, prof)))
        if rng.random() < 0.12:
            t = browse(inst, dev, rng.choice(shared[cc]), t + rng.uniform(120, 900), rng, 1)
            inst.order(t, dev, inst.actions[-1]["ip"],
                       mkorder(user, email, "USD", topup(rng, "USD", 0, 2, cc),
                               method=pay(rng, cc, prof)))
        out.append(inst)
    return out


def h15_carrier_abroad(rng, ctx):
    """People at home on mobile data whose carrier's addresses the country database
    places abroad (Indonesian and Philippine carriers listed in the US, KDDI in the US,
    Vodafone Idea in the US, Free Mobile in the Caribbean departments, Telstra in the US
    or New Zealand). Trace: the address's country disagrees with the browser's language,
    timezone and the currency, on an old device."""
    out = []
    mix = {"ID": 18, "JP": 16, "IN": 16, "FR": 18, "AU": 16, "PH": 16}
    for _ in range(ctx.n(24)):
        cc = pickw(rng, mix)
        cur = LOCALES[cc][0]
        prof = profile_for(rng, cc, True)
        age = rng.choice(OLD) if rng.random() < 0.8 else None
        dev = device(rng, cc, prof, age=age)
        ip = addr(rng, ctx, "h15_abroad_" + cc)
        user, email = identity(rng, cc)
        inst = Instance("h15_carrier_abroad", "legit")
        t = browse(inst, dev, ip, start(rng, ctx, 900), rng, rng.randint(1, 3))
        tier = "small" if cc in ("ID", "PH") and rng.random() < 0.6 else "typical"
        inst.order(t, dev, ip, mkorder(user, email, cur, item(rng, cur, tier, cc),
                                       method=pay(rng, cc, prof)))
        if rng.random() < 0.2:
            ip2 = addr(rng, ctx, "h15_abroad_" + cc)  # the carrier moved the session
            t = browse(inst, dev, ip2, t + rng.uniform(200, 900), rng, 1)
            inst.order(t, dev, ip2, mkorder(user, email, cur, item(rng, cur, "small", cc),
                                            method=pay(rng, cc, prof)))
        out.append(inst)
    return out


COMPANIES = ["northwind-logistics", "brightpath-health", "keystone-eng", "lumen-retail",
             "harbor-analytics", "tanaka-shoji", "rheinwerk-gmbh", "atelier-dumont",
             "bluefin-games", "sato-denki", "mapleleaf-media", "quartz-fintech"]


def h15_corporate_bulk(rng, ctx):
    """Companies buying in bulk: HR and marketing staff ordering 10-50 gift cards for
    employee rewards or a customer campaign, IT buying a batch of licence keys, in
    several batches, from managed office laptops behind the company's secure web gateway
    (Zscaler, Netskope, Prisma Access, Forcepoint nodes shared with other tenants), a few
    from a cloud virtual desktop, Japanese and German firms from their business line.
    Trace: large quantities and totals, company mail domains, an enterprise-proxy or cloud
    address shared across accounts, often a new device or account."""
    out = []
    countries = {"US": 40, "GB": 15, "DE": 15, "JP": 15, "FR": 8, "CA": 7}
    swg_us = sticky(rng, ctx, "h15_corp_swg", 6, "US")
    swg_eu = [p[0] for p in pool(ctx, "h15_corp_swg") if p[1] in ("GB", "CH")] or swg_us
    names = rng.sample(COMPANIES, len(COMPANIES))
    for i in range(ctx.n(8)):
        cc = pickw(rng, countries)
        cur = LOCALES[cc][0]
        firm = names[i % len(names)]
        tld = {"US": "com", "GB": "co.uk", "DE": "de", "JP": "co.jp", "FR": "fr",
               "CA": "ca"}[cc]
        where = rng.random()
        if where < 0.18:
            ips = sticky(rng, ctx, "h15_cloud", 2)
            prof_choices = ["chrome_win", "edge_win", "h11_edge_win_143"]
        elif cc in ("JP", "DE", "FR") and where < 0.6:
            ips = [home_ip(rng, ctx, cc) for _ in range(2)]
            prof_choices = ["chrome_win", "edge_win", "h11_edge_win_143", "chrome_mac"]
        else:
            ips = [rng.choice(swg_us if cc in ("US", "CA", "JP") else swg_eu)
                   for _ in range(2)]
            prof_choices = ["h11_edge_win_143", "edge_win", "chrome_win", "h8_chrome_win_132",
                            "chrome_mac"]
        first, last = rng.choice(FIRST.get(cc, FIRST["US"])), rng.choice(LAST.get(cc, LAST["US"]))
        email = rng.choice(["%s.%s@%s.%s" % (first, last, firm, tld),
                            "%s%s@%s.%s" % (first[0], last, firm, tld),
                            "rewards@%s.%s" % (firm, tld), "procurement@%s.%s" % (firm, tld)])
        user = email.split("@")[0] + "-" + firm.split("-")[0]
        staff = [device(rng, cc, rng.choice(prof_choices),
                        age=rng.choice(OLD) if rng.random() < 0.4 else None)
                 for _ in range(rng.choice([1, 1, 2]))]
        inst = Instance("h15_corporate_bulk", "legit")
        t = start(rng, ctx, 1800)
        brand = rng.choice(["amazon", "amazon", "apple", "steam", "xbox", "google-play",
                            "netflix", "spotify"])
        it = (gift(rng, cur, "typical", None, brand) if rng.random() < 0.75
              else key(rng, cur))
        for b in range(rng.choice([3, 3, 4, 4, 5])):
            dev = staff[b % len(staff)]
            ip = rng.choice(ips)
            t = browse(inst, dev, ip, t, rng, 1 if b else rng.randint(2, 4), 15, 70)
            qty = rng.choice([10, 10, 20, 25, 25, 40, 50])
            inst.order(t, dev, ip, mkorder(user, email, cur, it, qty, "card"))
            t += rng.uniform(60, 420)
        out.append(inst)
    return out


TRIP_ZONES = [("Asia/Bangkok", 420), ("Europe/Rome", 60), ("America/Mexico_City", -360),
              ("Pacific/Honolulu", -600), ("Asia/Singapore", 480), ("Asia/Dubai", 240),
              ("Europe/Paris", 60), ("Asia/Tokyo", 540)]


def h15_traveller(rng, ctx):
    """Travellers on their own phone or laptop: over in-flight Wi-Fi, on a US hotel's
    network, on a travel eSIM that exits in France or Korea whatever the trip, or on the
    holiday flat's broadband abroad; some move from one to the other mid-session. The
    phone may have switched to the local timezone; most still pay in their home currency,
    some buy a card of the country they are visiting. Trace: the address's country and
    network type differ from the browser's language and the currency, sometimes the
    address changes between two orders; the device cookie is old."""
    out = []
    mix = {"US": 22, "GB": 14, "DE": 12, "JP": 12, "KR": 10, "AU": 10, "FR": 10, "CA": 10}
    abroad_home = ["h15_home_JP", "h15_home_GB", "h15_home_FR", "h15_home_DE", "h15_home_US",
                   "home_ES", "home_IT", "home_NL", "h15_home_KR"]
    for _ in range(ctx.n(22)):
        cc = pickw(rng, mix)
        cur = LOCALES[cc][0]
        prof = profile_for(rng, cc, rng.random() < 0.6)
        how = rng.choice(["inflight", "hotel", "esim", "flat", "hotel", "esim"])
        if how == "hotel" and cc == "US":
            how = "flat"
        if how == "inflight":
            nets, tz = ["h15_inflight", "h15_inflight"], zone(rng, cc)
        elif how == "hotel":
            nets, tz = ["h15_hotel_US", "h15_esim"], rng.choice(
                [("America/New_York", -300), ("America/Los_Angeles", -480),
                 ("America/Chicago", -360)])
        elif how == "esim":
            nets, tz = ["h15_esim", "h15_esim"], rng.choice(TRIP_ZONES)
        else:
            nets = [rng.choice([n for n in abroad_home if not n.endswith(cc)])]
            nets.append(nets[0])
            tz = rng.choice(TRIP_ZONES)
        if not is_phone(prof) and rng.random() < 0.6:
            tz = zone(rng, cc)  # a laptop left on home time
        dev = device(rng, cc, prof, age=rng.choice(OLD), tz=tz)
        ip = addr(rng, ctx, nets[0])
        user, email = identity(rng, cc)
        inst = Instance("h15_traveller", "legit")
        t = browse(inst, dev, ip, start(rng, ctx, 1500), rng, rng.randint(1, 3))
        buy_cur = cur
        if how in ("hotel", "flat") and rng.random() < 0.2:
            dest = {"h15_hotel_US": "USD", "h15_home_JP": "JPY", "h15_home_GB": "GBP",
                    "h15_home_KR": "KRW", "h15_home_US": "USD"}.get(nets[0], "EUR")
            buy_cur = dest
        inst.order(t, dev, ip, mkorder(user, email, buy_cur, item(rng, buy_cur, "typical"),
                                       method=pay(rng, cc, prof)))
        if rng.random() < 0.35:
            ip2 = addr(rng, ctx, nets[1])
            t = browse(inst, dev, ip2, t + rng.uniform(240, 1200), rng, 1)
            inst.order(t, dev, ip2, mkorder(user, email, cur,
                                            item(rng, cur, rng.choice(["small", "typical"])),
                                            method=pay(rng, cc, prof)))
        out.append(inst)
    return out


def h15_mainland_relay(rng, ctx):
    """Mainland Chinese buyers: most reach the shop through an overseas relay (a game
    accelerator or the company's line out, exiting from Alibaba Cloud or Tencent Cloud in
    Singapore, Hong Kong or the US, China Mobile International, xTom, GSL), the rest
    straight over China Mobile or home broadband; WeChat's in-app browser or a desktop;
    Alipay or WeChat Pay, yuan amounts for Steam wallet, PSN HK and game top-ups. Trace:
    cloud-provider addresses abroad under a zh-CN browser on Shanghai time."""
    out = []
    for _ in range(ctx.n(20)):
        prof = profile_for(rng, "CN")
        age = rng.choice(OLD) if rng.random() < 0.7 else None
        dev = device(rng, "CN", prof, age=age)
        r = rng.random()
        net = "h15_relay_cn" if r < 0.6 else ("h15_mobile_CN" if r < 0.85 else "home_CN")
        ip = addr(rng, ctx, net)
        user, email = identity(rng, "CN")
        inst = Instance("h15_mainland_relay", "legit")
        t = browse(inst, dev, ip, start(rng, ctx, 1100), rng, rng.randint(1, 4))
        tier = rng.choice(["typical", "typical", "typical", "high"])
        inst.order(t, dev, ip, mkorder(user, email, "CNY", item(rng, "CNY", tier, "CN"),
                                       method=pay(rng, "CN", prof)))
        if rng.random() < 0.4:
            if net == "h15_relay_cn" and rng.random() < 0.4:
                ip = addr(rng, ctx, "h15_relay_cn")  # the accelerator switched nodes
            t = browse(inst, dev, ip, t + rng.uniform(60, 700), rng, 1)
            inst.order(t, dev, ip, mkorder(user, email, "CNY", topup(rng, "CNY", 1, 5, "CN"),
                                           method=pay(rng, "CN", prof)))
        out.append(inst)
    return out


def h15_wallet_kr_jp(rng, ctx):
    """Korean and Japanese buyers as they shop: from KakaoTalk's, NAVER's or LINE's
    in-app browser after a friend's link, Naver Whale on the desktop, iPhones in Japan;
    paying with KakaoPay, Naver Pay, Toss, PayPay, konbini or carrier billing; won and yen
    amounts (zero-decimal), game cash and store cards. Trace: in-app browser signatures,
    local wallets, large-looking integer amounts; otherwise a settled buyer."""
    out = []
    for _ in range(ctx.n(27)):
        cc = "KR" if rng.random() < 0.5 else "JP"
        cur = LOCALES[cc][0]
        prof = profile_for(rng, cc)
        age = rng.choice(AGES) if rng.random() < 0.75 else None
        dev = device(rng, cc, prof, age=age)
        ip = line_ip(rng, ctx, cc, prof, 0.45)
        user, email = identity(rng, cc)
        inst = Instance("h15_wallet_kr_jp", "legit")
        t = browse(inst, dev, ip, start(rng, ctx, 800), rng, rng.randint(1, 3))
        tier = rng.choice(["small", "typical", "typical", "typical", "high"])
        inst.order(t, dev, ip, mkorder(user, email, cur, item(rng, cur, tier, cc),
                                       method=pay(rng, cc, prof)))
        if rng.random() < 0.15:
            t = browse(inst, dev, ip, t + rng.uniform(60, 500), rng, 1)
            inst.order(t, dev, ip, mkorder(user, email, cur, topup(rng, cur, 0, 3, cc),
                                           method=pay(rng, cc, prof)))
        out.append(inst)
    return out


def h15_shared_household(rng, ctx):
    """A family's shared tablet or PC: parents and children each log into their own
    account on the same browser, one after the other, from the home line (the kids buy
    Robux and V-Bucks, a parent a bigger card); some members also use their own phone on
    the same Wi-Fi. Trace: several accounts on one old device cookie and one home address
    within the hour."""
    out = []
    mix = {"US": 35, "GB": 15, "DE": 12, "AU": 10, "CA": 10, "FR": 8, "BR": 5, "JP": 5}
    for _ in range(ctx.n(10)):
        cc = pickw(rng, mix)
        cur = LOCALES[cc][0]
        prof = rng.choice(["h6_family_tablet", "h6_family_tablet", "h5_ipad_safari",
                           "chrome_win", "edge_win", "safari_mac"])
        shared = device(rng, cc, prof, age=rng.choice(OLD))
        ip = home_ip(rng, ctx, cc)
        t = start(rng, ctx, 2000)
        for m in range(rng.choice([2, 3, 3, 4])):
            user, email = identity(rng, cc)
            inst = Instance("h15_shared_household", "legit")
            own = None
            if m and rng.random() < 0.3:
                own = device(rng, cc, profile_for(rng, cc, True),
                             age=rng.choice(OLD) if rng.random() < 0.7 else None)
            dev = own or shared
            t = browse(inst, dev, ip, t, rng, rng.randint(1, 3))
            kid = m > 0 and rng.random() < 0.7
            it = topup(rng, cur, 0, 3, cc) if kid else item(rng, cur, "typical", cc)
            inst.order(t, dev, ip, mkorder(user, email, cur, it,
                                           method="card" if kid else pay(rng, cc, prof)))
            out.append(inst)
            t += rng.uniform(90, 700)
    return out


def h15_honest_retry(rng, ctx):
    """Honest retries: a double-clicked Pay button (the same order a second later), a 3-D
    Secure challenge that timed out (the same order again a minute or two on), a declined
    card followed by PayPal or a wallet, or a lower amount after "insufficient funds";
    now and then a third try. Trace: one account repeating an order within minutes,
    sometimes with another method or a smaller total."""
    out = []
    mix = {"US": 30, "GB": 12, "DE": 12, "FR": 8, "JP": 10, "KR": 8, "BR": 8, "AU": 6, "CA": 6}
    for _ in range(ctx.n(14)):
        cc = pickw(rng, mix)
        cur = LOCALES[cc][0]
        prof = profile_for(rng, cc)
        age = rng.choice(OLD) if rng.random() < 0.6 else None
        dev = device(rng, cc, prof, age=age)
        ip = line_ip(rng, ctx, cc, prof)
        user, email = identity(rng, cc)
        inst = Instance("h15_honest_retry", "legit")
        t = browse(inst, dev, ip, start(rng, ctx, 900), rng, rng.randint(1, 3))
        tier = rng.choice(["typical", "typical", "high"])
        it = item(rng, cur, tier, cc)
        method = pay(rng, cc, prof)
        first = mkorder(user, email, cur, it, method=method)
        inst.order(t, dev, ip, first)
        why = rng.choice(["double", "3ds", "3ds", "declined", "funds"])
        if why == "double":
            inst.order(t + rng.uniform(0.4, 2.5), dev, ip, dict(first))
            t += 3
        elif why == "3ds":
            t += rng.uniform(50, 200)
            inst.order(t, dev, ip, dict(first))
        elif why == "declined":
            t += rng.uniform(30, 150)
            alt = rng.choice(["paypal", "apple_pay" if "safari" in prof else "google_pay",
                              "card"])
            inst.order(t, dev, ip, mkorder(user, email, cur, it, method=alt))
        else:
            t += rng.uniform(40, 180)
            inst.order(t, dev, ip, mkorder(user, email, cur,
                                           item(rng, cur, "typical" if tier == "high"
                                                else "small", cc), method=method))
        if rng.random() < 0.2:
            t += rng.uniform(40, 240)
            inst.order(t, dev, ip, mkorder(user, email, cur, it,
                                           method=rng.choice(["paypal", "card"])))
        out.append(inst)
    return out


def h15_back_within_hour(rng, ctx):
    """Buyers who come back within the hour: a friend asked for one too, a second
    denomination, the sibling's birthday remembered. Half come back on the same device;
    others on their second device at home, or on the phone's mobile data after leaving
    the house. Trace: a second order from the same account 10-45 minutes after the
    first, sometimes from another device or another network."""
    out = []
    for _ in range(ctx.n(14)):
        cc = pickw(rng, HOME_MIX)
        cur = LOCALES[cc][0]
        prof = profile_for(rng, cc)
        dev = device(rng, cc, prof, age=rng.choice(AGES) if rng.random() < 0.75 else None)
        ip = home_ip(rng, ctx, cc)
        user, email = identity(rng, cc)
        method = pay(rng, cc, prof)
        inst = Instance("h15_back_within_hour", "legit")
        t = browse(inst, dev, ip, start(rng, ctx, 2600), rng, rng.randint(1, 3), 10, 60)
        inst.order(t, dev, ip, mkorder(user, email, cur, item(rng, cur, "typical", cc),
                                       method=method))
        t += rng.uniform(600, 2700)
        how = rng.random()
        if how < 0.5:
            dev2, ip2 = dev, ip
        elif how < 0.75:
            other = profile_for(rng, cc, not is_phone(prof))
            dev2 = device(rng, cc, other, age=rng.choice(OLD) if rng.random() < 0.6 else None)
            ip2 = ip
        else:
            p2 = prof if is_phone(prof) else profile_for(rng, cc, True)
            dev2 = dev if p2 == prof else device(rng, cc, p2, age=rng.choice(OLD))
            ip2 = mobile_ip(rng, ctx, cc)
        t = browse(inst, dev2, ip2, t, rng, rng.randint(1, 2), 10, 60)
        inst.order(t, dev2, ip2, mkorder(user, email, cur,
                                         item(rng, cur, rng.choice(["small", "typical",
                                                                    "typical"]), cc),
                                         method=method))
        out.append(inst)
    return out


CAMPUS_CUR = {"JP": "JPY", "AU": "AUD", "GB": "GBP", "KR": "KRW", "US": "USD"}


def h15_campus(rng, ctx):
    """Students on university networks (SINET in Japan, AARNet, Jisc, KAIST, Purdue and
    others): a campus leaves through a few NAT addresses, so many students share them;
    international students keep their own language (Chinese, Indian, Korean, French)
    while paying in the campus country's currency. Small Steam keys, Spotify, top-ups;
    laptops and phones, old and new. Trace: a research-network address shared by many
    accounts, some browsers in a language foreign to the address."""
    out = []
    by_cc = {}
    for ip, cc, _ in pool(ctx, "h15_campus"):
        if cc in CAMPUS_CUR:
            by_cc.setdefault(cc, []).append(ip)
    nat = {cc: rng.sample(ips, min(3, len(ips))) for cc, ips in sorted(by_cc.items())}
    campuses = sorted(nat)
    for _ in range(ctx.n(24)):
        where = rng.choice(campuses)
        cur = CAMPUS_CUR[where]
        cc = where if where in LOCALES else "US"
        if rng.random() < 0.3:
            cc = rng.choice(["CN", "IN", "KR", "FR", "DE", "JP"])
        prof = rng.choice(["chrome_mac", "h10_chrome_mac_143", "safari_mac", "chrome_win",
                           "h12_chrome_win_144", "safari_iphone", "h11_safari_iphone_262",
                           "chrome_android", "h9_steamdeck", "firefox_win"])
        age = rng.choice(AGES) if rng.random() < 0.5 else None
        tz = zone(rng, where) if where in LOCALES else zone(rng, "US")
        dev = device(rng, cc, prof, age=age, tz=tz)
        ip = rng.choice(nat[where])
        user, email = identity(rng, cc)
        if rng.random() < 0.3:
            email = "%s@%s" % (email.split("@")[0].replace(".", "")[:12],
                               {"JP": "ecs.u-tokyo.ac.jp", "AU": "student.unimelb.edu.au",
                                "GB": "student.manchester.ac.uk", "KR": "kaist.ac.kr",
                                "US": "purdue.edu"}[where])
        inst = Instance("h15_campus", "legit")
        t = browse(inst, dev, ip, start(rng, ctx, 800), rng, rng.randint(1, 3))
        inst.order(t, dev, ip, mkorder(user, email, cur,
                                       item(rng, cur, rng.choice(["small", "typical"])),
                                       method=pay(rng, where if where in LOCALES else "US", prof)))
        if rng.random() < 0.12:
            t = browse(inst, dev, ip, t + rng.uniform(100, 700), rng, 1)
            inst.order(t, dev, ip, mkorder(user, email, cur, key(rng, cur)))
        out.append(inst)
    return out


def h15_gift_for_someone(rng, ctx):
    """Buyers sending a card to someone else: the code goes to the recipient's e-mail (a
    cousin in Japan, a nephew in Brazil, a colleague), and a third of them buy a card of
    the recipient's country in its currency (a yen eShop card bought from the US, a euro
    card from Korea). Trace: the order's e-mail is not the buyer's and its domain may be
    foreign; the currency may not match the buyer's locale or address."""
    out = []
    mix = {"US": 30, "GB": 12, "DE": 10, "KR": 10, "JP": 8, "AU": 8, "CA": 10, "FR": 6,
           "IN": 6}
    for _ in range(ctx.n(22)):
        cc = pickw(rng, mix)
        prof = profile_for(rng, cc)
        dev = device(rng, cc, prof, age=rng.choice(AGES) if rng.random() < 0.7 else None)
        ip = line_ip(rng, ctx, cc, prof)
        user, _ = identity(rng, cc)
        rc = rng.choice(["US", "JP", "BR", "GB", "DE", "KR", "IN", "FR", cc, cc])
        _, to = identity(rng, rc)
        cur = LOCALES[rc][0] if rng.random() < 0.33 else LOCALES[cc][0]
        inst = Instance("h15_gift_for_someone", "legit")
        t = browse(inst, dev, ip, start(rng, ctx, 900), rng, rng.randint(2, 5), 15, 90)
        inst.order(t, dev, ip, mkorder(user, to, cur,
                                       gift(rng, cur, rng.choice(["typical", "typical",
                                                                  "high"])),
                                       method=pay(rng, cc, prof)))
        if rng.random() < 0.1:
            _, to2 = identity(rng, rc)
            t = browse(inst, dev, ip, t + rng.uniform(60, 400), rng, 1)
            inst.order(t, dev, ip, mkorder(user, to2, cur, gift(rng, cur, "typical"),
                                           method=pay(rng, cc, prof)))
        out.append(inst)
    return out


def h15_vpn_regular(rng, ctx):
    """Everyday buyers whose VPN is always on (NordVPN, Surfshark-style M247 and Datacamp
    exits, Mullvad, Proton), on their usual browser that keeps its cookie; the exit is
    in their own country or wherever the app picked. Trace: a VPN / hosting address,
    sometimes in another country, under an old device cookie and a home locale."""
    out = []
    mix = {"US": 35, "GB": 14, "DE": 14, "FR": 8, "CA": 10, "AU": 8, "JP": 6, "KR": 5}
    vpn = pool(ctx, "h15_vpn")
    for _ in range(ctx.n(26)):
        cc = pickw(rng, mix)
        cur = LOCALES[cc][0]
        prof = profile_for(rng, cc, rng.random() < 0.35)
        dev = device(rng, cc, prof, age=rng.choice(OLD) if rng.random() < 0.8 else None)
        same = [p[0] for p in vpn if p[1] == cc]
        ip = rng.choice(same) if same and rng.random() < 0.65 else rng.choice(vpn)[0]
        user, email = identity(rng, cc)
        inst = Instance("h15_vpn_regular", "legit")
        t = browse(inst, dev, ip, start(rng, ctx, 800), rng, rng.randint(1, 3))
        inst.order(t, dev, ip, mkorder(user, email, cur,
                                       item(rng, cur, rng.choice(["small", "typical",
                                                                  "typical", "high"]), cc),
                                       method=pay(rng, cc, prof)))
        if rng.random() < 0.1:
            t = browse(inst, dev, ip, t + rng.uniform(100, 600), rng, 1)
            inst.order(t, dev, ip, mkorder(user, email, cur, item(rng, cur, "small", cc),
                                           method=pay(rng, cc, prof)))
        out.append(inst)
    return out


LEGIT = [h15_settled_home, h15_new_device_big, h15_night_owl, h15_privacy_browser,
         h15_cgnat_sea, h15_carrier_abroad, h15_corporate_bulk, h15_traveller,
         h15_mainland_relay, h15_wallet_kr_jp, h15_shared_household, h15_honest_retry,
         h15_back_within_hour, h15_campus, h15_gift_for_someone, h15_vpn_regular]


# ================================================================ fraud

CARD_MIX = {"US": 50, "GB": 15, "CA": 10, "AU": 8, "DE": 10, "FR": 7}
ANTIDETECT = ["h6_antidetect_pro", "h11_multilogin_win", "h12_orbita_win", "h7_antidetect_mac",
              "h8_antidetect_mac", "h5_antidetect_win"]


def fresh_account(rng, cc, disposable=0.0):
    """A throw-away account: a real-looking name with digits, a new free mailbox."""
    user, email = identity(rng, cc)
    if rng.random() < disposable:
        email = "%s@%s" % (email.split("@")[0], rng.choice(DISPOSABLE))
    elif rng.random() < 0.5:
        email = "%s%d@%s" % (email.split("@")[0], rng.randint(100, 9999),
                             rng.choice(["gmail.com", "outlook.com", "hotmail.com",
                                         "proton.me", "yahoo.com"]))
    return user, email


def f15_card_testing(rng, ctx):
    """Card testers checking a list of stolen card numbers on the cheapest items: a
    checker script impersonating Chrome (or a plain HTTP library) or a Playwright browser,
    a new guest account and a new residential proxy exit for every attempt; one fast
    tester (every 15-60 s), one low-and-slow (every 3-5 minutes, a fresh anti-detect
    profile each time). Trace: tiny totals, no cookie or a new one each time, accounts
    and addresses never repeated, a script's headers or an automation beacon."""
    out = []
    for i in range(ctx.n(3)):
        style = ["script", "browser", "slow"][i % 3]
        inst = Instance("f15_card_testing", "fraud")
        if style == "script":
            dev = device(rng, "US", rng.choice(["h10_curl_cffi", "h7_impersonate_chrome",
                                                "h9_impersonate_136", "h12_axios",
                                                "python_requests", "h6_node_undici"]),
                         cookies="none")
            n, gap, t = rng.randint(10, 13), (15, 60), start(rng, ctx, 800)
        elif style == "browser":
            dev = device(rng, "US", rng.choice(["h8_playwright_linux", "h5_bot_win",
                                                "stealth_puppeteer"]), cookies="session")
            n, gap, t = rng.randint(9, 12), (25, 110), start(rng, ctx, 1300)
        else:
            dev = None
            n, gap, t = rng.randint(8, 10), (180, 300), rng.uniform(30, 200)
        for _ in range(n):
            cc = pickw(rng, {"US": 70, "GB": 10, "CA": 10, "AU": 10})
            cur = LOCALES[cc][0] if rng.random() < 0.5 else "USD"
            d = dev or device(rng, cc, rng.choice(ANTIDETECT), cookies="session")
            ip = home_ip(rng, ctx, cc) if rng.random() < 0.8 else mobile_ip(rng, ctx, cc)
            user, email = fresh_account(rng, cc, 0.2)
            if clients.PROFILES[d.profile]["kind"] != "script":
                t = browse(inst, d, ip, t, rng, 1, 3, 20)
            inst.order(t, d, ip, mkorder(user, email, cur, item(rng, cur, "small"),
                                         method="card"))
            t += rng.uniform(*gap)
        out.append(inst)
    return out


def f15_ato_drain(rng, ctx):
    """Account takeover from a credential-stuffing list: the attacker logs into a
    buyer's long-standing account from an anti-detect profile set to the victim's
    language (most also set the timezone), over a residential proxy in the victim's
    country; when a profile looks burnt they switch to a second or third one (and a new
    exit), then drain the saved card or store balance on big cards within minutes, most
    delivered to the attacker's mailbox. Trace: an established account on one to three
    brand-new devices and addresses, high totals in quick succession, a changed e-mail."""
    out = []
    mix = {"US": 35, "GB": 12, "DE": 10, "FR": 6, "JP": 10, "KR": 8, "AU": 9, "CA": 10}
    for _ in range(ctx.n(11)):
        cc = pickw(rng, mix)
        cur = LOCALES[cc][0]
        user, victim_mail = identity(rng, cc)
        _, loot = fresh_account(rng, "US")
        inst = Instance("f15_ato_drain", "fraud")
        t = start(rng, ctx, 900)
        devs = rng.choice([1, 1, 1, 2, 2, 3])
        for k in range(devs):
            tz = zone(rng, cc) if rng.random() < 0.7 else rng.choice(
                [("Europe/Moscow", 180), ("Asia/Ho_Chi_Minh", 420), ("Europe/Berlin", 60),
                 ("UTC", 0)])
            dev = device(rng, cc, rng.choice(ANTIDETECT + ["h6_emulator_x86"]), tz=tz)
            ip = home_ip(rng, ctx, cc)
            t = browse(inst, dev, ip, t, rng, rng.randint(1, 2), 5, 30)
            for _ in range(rng.choice([1, 1, 2])):
                email = victim_mail if rng.random() < 0.35 else loot
                inst.order(t, dev, ip, mkorder(user, email, cur, item(rng, cur, "high", cc),
                                               method=rng.choice(["card", "card", "wallet"])))
                t += rng.uniform(20, 120)
            t += rng.uniform(30, 200)
        out.append(inst)
    return out


def f15_stolen_card_cashout(rng, ctx):
    """Cashing out stolen cards: a new account per card, an anti-detect profile matched
    to the card's country (or a phone's private tab), a residential proxy in that country
    (now and then the wrong one), one to three orders of high-value cards, several units
    at a time, within ten minutes; a few use a throw-away mailbox. Trace: a new account
    and device, proxy-exit addresses, high totals and quantities."""
    out = []
    for _ in range(ctx.n(15)):
        cc = pickw(rng, CARD_MIX)
        cur = LOCALES[cc][0]
        if rng.random() < 0.6:
            dev = device(rng, cc, rng.choice(ANTIDETECT))
        else:
            dev = device(rng, cc, rng.choice(["safari_iphone", "chrome_android",
                                              "h11_safari_iphone_262"]), cookies="session")
        user, email = fresh_account(rng, cc, 0.15)
        inst = Instance("f15_stolen_card_cashout", "fraud")
        t = start(rng, ctx, 700)
        ip = home_ip(rng, ctx, cc if rng.random() < 0.88 else rng.choice(["US", "GB", "DE"]))
        t = browse(inst, dev, ip, t, rng, rng.randint(1, 3), 6, 45)
        for k in range(rng.choice([1, 2, 2, 3])):
            if k and rng.random() < 0.5:
                ip = home_ip(rng, ctx, cc)
            qty = rng.choice([1, 1, 2, 3, 4])
            inst.order(t, dev, ip, mkorder(user, email, cur, gift(rng, cur, "high"), qty,
                                           "card"))
            t += rng.uniform(40, 240)
        out.append(inst)
    return out


def f15_reseller_bulk(rng, ctx):
    """Grey-market resellers' scripts: the shop's order API called straight from a
    rented server (an HTTP library or the app's own client), a few accounts reused, ten
    to twenty cards per order every one to four minutes, paid with bought card numbers;
    some buy region-priced cards (rupee, real, won) to resell abroad. Trace: a library's
    headers from a hosting address, no page view, beacon or cookie, bulk quantities on
    repeat from the same accounts."""
    out = []
    for _ in range(ctx.n(3)):
        ips = sticky(rng, ctx, rng.choice(["h15_dc", "h15_dc", "hosting"]), 3)
        prof = rng.choice(["python_requests", "h8_httpx", "go_http", "h12_axios",
                           "h5_okhttp", "script_chrome_ua"])
        dev = device(rng, "US", prof)
        accts = [fresh_account(rng, pickw(rng, CARD_MIX)) for _ in range(rng.randint(2, 4))]
        cur_mix = rng.choice([["USD"], ["USD", "INR"], ["USD", "BRL"], ["USD", "KRW"],
                              ["EUR", "USD"]])
        inst = Instance("f15_reseller_bulk", "fraud")
        t = start(rng, ctx, 2200)
        for _ in range(rng.randint(9, 12)):
            user, email = rng.choice(accts)
            cur = rng.choice(cur_mix)
            brand = rng.choice(["steam", "psn", "xbox", "google-play"])
            qty = rng.choice([5, 10, 10, 15, 20])
            inst.order(t, dev, rng.choice(ips),
                       mkorder(user, email, cur, gift(rng, cur, "typical", None, brand), qty,
                               "card"))
            t += rng.uniform(60, 240)
        out.append(inst)
    return out


def f15_promo_farm(rng, ctx):
    """First-order promotion abuse: an emulator or a farm phone wipes its app data
    (cookies) between accounts and signs up again and again, each account with an alias
    of one mailbox (dots or +tags in Gmail, or a catch-all domain), over a rotating 4G
    proxy; each account takes the new-customer discount on a mid card. Trace: one device
    fingerprint (same canvas and screen) behind many new accounts with look-alike
    e-mails, cookies reset each time, mobile addresses that change every account."""
    out = []
    for i in range(ctx.n(3)):
        market = ["US", "US", "BR"][i % 3]
        cur = LOCALES[market][0]
        nets = (["h15_mobile_US", "mobile_US"] if market == "US" else ["h15_mobile_BR"])
        devs = [device(rng, market, rng.choice(["h6_emulator_x86", "h5_android_emulator",
                                                "h6_farm_handset", "h5_farm_phone"]),
                       cookies="session") for _ in range(rng.choice([1, 1, 2]))]
        first, last = rng.choice(FIRST[market]), rng.choice(LAST[market])
        catch_all = "%s%s.%s" % (rng.choice(["mail", "box", "inbox", "post"]),
                                 rng.randint(10, 99), rng.choice(["xyz", "shop", "online"]))
        inst = Instance("f15_promo_farm", "fraud")
        t = start(rng, ctx, 2400)
        for k in range(rng.randint(9, 12)):
            style = rng.random()
            if style < 0.4:
                base = first + last
                dots = "".join(c + ("." if rng.random() < 0.3 else "") for c in base[:-1])
                email = "%s%s@gmail.com" % (dots, base[-1])
            elif style < 0.7:
                email = "%s.%s+%s@gmail.com" % (first, last, rng.choice(
                    ["promo", "shop", "x", "g", ""]) + str(rng.randint(1, 99)))
            else:
                email = "%s%s@%s" % (rng.choice(FIRST[market]), rng.randint(1, 999), catch_all)
            user = email.split("@")[0].replace(".", "").replace("+", "")[:16] + str(k)
            dev = devs[k % len(devs)]
            ip = addr(rng, ctx, rng.choice(nets))
            t = browse(inst, dev, ip, t, rng, 1, 20, 60)
            it = gift(rng, cur, "typical") if rng.random() < 0.6 else topup(rng, cur, 2, 3)
            inst.order(t, dev, ip, discounted(mkorder(user, email, cur, it, 1,
                                                      rng.choice(["card", "card", "paypal"])),
                                              rng.choice([10, 15, 20])))
            t += rng.uniform(90, 200)
        out.append(inst)
    return out


def f15_triangulation(rng, ctx):
    """Triangulation: a marketplace storefront sells cards below face value; each time a
    real customer buys there, the operator places the same order here with a stolen card
    and the real customer's e-mail as the delivery address, from two or three bought
    accounts with some age, on one anti-detect desktop, over a US residential proxy that
    changes per order. Trace: the same accounts ordering for many unrelated e-mail
    addresses in different countries, ordinary amounts, a new address every order."""
    out = []
    for _ in range(ctx.n(3)):
        prof = rng.choice(ANTIDETECT + ["chrome_win"])
        dev = device(rng, "US", prof, age=rng.choice(AGES[:4]))
        accts = [identity(rng, "US")[0] for _ in range(rng.randint(2, 3))]
        inst = Instance("f15_triangulation", "fraud")
        t = start(rng, ctx, 2300)
        for _ in range(rng.randint(8, 10)):
            ip = home_ip(rng, ctx, "US")
            t = browse(inst, dev, ip, t, rng, 1, 10, 40)
            cust = rng.choice(["US", "US", "GB", "DE", "FR", "BR", "IN", "CA", "AU"])
            _, to = identity(rng, cust)
            cur = "USD" if rng.random() < 0.8 else "EUR"
            inst.order(t, dev, ip, mkorder(rng.choice(accts), to, cur,
                                           gift(rng, cur, rng.choice(["typical", "typical",
                                                                      "high"])),
                                           method="card"))
            t += rng.uniform(120, 300)
        out.append(inst)
    return out


def f15_checkout_bot(rng, ctx):
    """Checkout bots on cloud machines: Playwright or Puppeteer (webdriver hidden or not),
    a hosted browsing agent's remote Chrome, or headless Chrome, cycling three to five
    accounts and placing high-value orders a second or three after the page loads, in a
    burst when a popular card comes back in stock. Trace: automation or server platform
    in the beacon, cloud addresses, orders seconds after the visit, several accounts per
    browser."""
    out = []
    for _ in range(ctx.n(3)):
        prof = rng.choice(["h9_agent_cloud", "h8_playwright_linux", "headless_chrome",
                           "stealth_puppeteer", "h5_bot_win", "h5_bot_mac"])
        dev = device(rng, "US", prof, cookies=rng.choice(["keep", "session"]))
        ips = sticky(rng, ctx, rng.choice(["h15_cloud", "h15_cloud", "h15_dc"]), 2)
        accts = [fresh_account(rng, "US") for _ in range(rng.randint(3, 5))]
        inst = Instance("f15_checkout_bot", "fraud")
        t = start(rng, ctx, 1500)
        for _ in range(rng.randint(9, 12)):
            ip = rng.choice(ips)
            inst.visit(t, dev, ip)
            t += rng.uniform(1.0, 4.0)
            user, email = rng.choice(accts)
            inst.order(t, dev, ip, mkorder(user, email, "USD", gift(rng, "USD", "high"),
                                           rng.choice([1, 2]), "card"))
            t += rng.uniform(20, 150)
        out.append(inst)
    return out


def f15_low_slow(rng, ctx):
    """Low and slow: accounts with months of age bought on a market, each used once, an
    ordinary order every four to six minutes, each from a new anti-detect profile (same
    template, new canvas) or a fresh private window, each over another residential exit
    in the account's country. Trace: little: one modest order per account from a new
    device on a home ISP; the same template behind many accounts over the hour."""
    out = []
    for _ in range(ctx.n(2)):
        cc = pickw(rng, {"US": 60, "GB": 20, "DE": 20})
        cur = LOCALES[cc][0]
        template = rng.choice(ANTIDETECT + ["chrome_win"])
        inst = Instance("f15_low_slow", "fraud")
        t = rng.uniform(30, 200)
        for _ in range(rng.randint(9, 10)):
            dev = device(rng, cc, template, cookies=rng.choice(["keep", "session"]))
            ip = home_ip(rng, ctx, cc)
            user, email = identity(rng, cc)
            t = browse(inst, dev, ip, t, rng, rng.randint(1, 3), 15, 80)
            inst.order(t, dev, ip, mkorder(user, email, cur, item(rng, cur, "typical", cc),
                                           method="card"))
            t += rng.uniform(240, 330)
        out.append(inst)
    return out


def f15_device_rotation(rng, ctx):
    """One account, many devices: a ring spreads a stolen-card run for one account over
    five to eight farm handsets, each a real phone with its own canvas and cookie, each on
    its own 4G proxy exit, one or two orders per handset to stay under per-device limits.
    Trace: one account on many new devices and mobile addresses within the hour."""
    out = []
    for _ in range(ctx.n(4)):
        cc = rng.choice(["US", "US", "AU"])
        cur = LOCALES[cc][0]
        nets = ["h15_mobile_US", "mobile_US"] if cc == "US" else ["h15_mobile_AU"]
        user, email = fresh_account(rng, cc) if rng.random() < 0.6 else identity(rng, cc)
        inst = Instance("f15_device_rotation", "fraud")
        t = start(rng, ctx, 1700)
        for _ in range(rng.randint(5, 7)):
            dev = device(rng, cc, rng.choice(["h6_farm_handset", "h5_farm_phone",
                                              "chrome_android"]))
            ip = addr(rng, ctx, rng.choice(nets))
            t = browse(inst, dev, ip, t, rng, 1, 8, 30)
            for _ in range(rng.choice([1, 1, 1, 2])):
                inst.order(t, dev, ip, mkorder(user, email, cur,
                                               item(rng, cur, rng.choice(["typical", "high"])),
                                               method="card"))
                t += rng.uniform(20, 90)
            t += rng.uniform(90, 260)
        out.append(inst)
    return out


def f15_crew_origin(rng, ctx):
    """A carding crew working from Morocco, Algeria, Nigeria or Kenya with cards from the
    US, UK and Europe: a consumer VPN exit for most orders, the crew's own home or mobile
    line when the VPN drops; the browser keeps the crew's timezone and, half the time, its
    own language; a few new accounts, one or two high-typical orders each. Trace: VPN
    addresses with a browser timezone in Africa against a dollar, pound or euro order, and
    now and then an order straight from an African carrier."""
    out = []
    crews = sorted(CREWS)
    for _ in range(ctx.n(3)):
        home = rng.choice(crews)
        origin = [p[0] for p in pool(ctx, "h15_origin") if p[1] == home]
        cc = pickw(rng, {"US": 50, "GB": 25, "FR": 15, "DE": 10})
        cur = LOCALES[cc][0]
        vpn = [p[0] for p in pool(ctx, "h15_vpn") if p[1] == cc] or \
            [p[0] for p in pool(ctx, "h15_vpn")]
        inst = Instance("f15_crew_origin", "fraud")
        t = start(rng, ctx, 2300)
        devs = [device(rng, cc, rng.choice(["chrome_win", "chrome_win", "chrome_android",
                                             "h7_opera_gx"]), tz=CREWS[home][0],
                       lang_cc=home if rng.random() < 0.5 else None)
                for _ in range(rng.choice([1, 2]))]
        for _ in range(rng.randint(4, 5)):
            user, email = fresh_account(rng, cc, 0.1)
            dev = rng.choice(devs)
            for _ in range(rng.choice([1, 2, 2, 3])):
                ip = rng.choice(origin) if origin and rng.random() < 0.25 else rng.choice(vpn)
                t = browse(inst, dev, ip, t, rng, 1, 10, 60)
                inst.order(t, dev, ip, mkorder(user, email, cur,
                                               item(rng, cur, rng.choice(["typical", "high"])),
                                               method="card"))
                t += rng.uniform(120, 300)
        out.append(inst)
    return out


def f15_friendly_fraud(rng, ctx):
    """Friendly fraud, NEAR-TRACELESS by design (small on purpose): a settled buyer on
    their own old device and home line, or a teenager on the family's device with a
    parent's saved card, places an ordinary order and later disputes it ("not me", "code
    never arrived"). Trace: none at the edge; only the chargeback tells."""
    out = []
    for _ in range(ctx.n(11)):
        cc = pickw(rng, HOME_MIX)
        cur = LOCALES[cc][0]
        prof = profile_for(rng, cc)
        dev = device(rng, cc, prof, age=rng.choice(OLD))
        ip = line_ip(rng, ctx, cc, prof)
        user, email = identity(rng, cc)
        inst = Instance("f15_friendly_fraud", "fraud")
        t = browse(inst, dev, ip, start(rng, ctx, 700), rng, rng.randint(1, 3))
        inst.order(t, dev, ip, mkorder(user, email, cur,
                                       item(rng, cur, rng.choice(["typical", "high"]), cc),
                                       method=pay(rng, cc, prof)))
        if rng.random() < 0.2:
            t = browse(inst, dev, ip, t + rng.uniform(60, 400), rng, 1)
            inst.order(t, dev, ip, mkorder(user, email, cur, topup(rng, cur, 2, 4, cc),
                                           method=pay(rng, cc, prof)))
        out.append(inst)
    return out


FRAUD = [f15_card_testing, f15_ato_drain, f15_stolen_card_cashout, f15_reseller_bulk,
         f15_promo_farm, f15_triangulation, f15_checkout_bot, f15_low_slow,
         f15_device_rotation, f15_crew_origin, f15_friendly_fraud]
