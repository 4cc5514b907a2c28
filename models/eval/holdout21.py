"""The twenty-first holdout set (`--personas holdout21`): buyers and attackers of a 2026
auto-delivery gift-card, game top-up and software-key shop, written blind to judge
risk-policy changes being made at the same time by other engineers. Default seeds
211,212,213.

What its author read (and only this):
- the harness plumbing: models/eval/__main__.py, cell.py, traffic.py, classify.py's first
  40 lines, clients.py (profile API and the existing profiles), build_ip_table.py,
  holdout_testkit.py;
- personas.py lines 1-162 (docstring, shared vocabulary, Device / Instance, helpers);
- holdout10.py lines 1-60 as the form template and test_holdout10.py as the test template;
- the demo config's `[routes.order]` table (the order field map);
- the organisation names and countries of the AS numbers picked for this set's pools, from
  geoip/asn.mmdb and geoip/country.mmdb (maxminddb in a scratch venv);
- the brief's target (legit blocked <= 0.5 %, legit reviewed <= 3 %, fraud caught >= 95 %).
Glimpses, disclosed: a `git log --oneline | head` in the fresh worktree showed the last ten
commit subjects of the main branch (they name a `quick_checkout` rule with a window that
grows with the amount, 30 s per 250 USD and at most 90 s, and that round 13 was judged on
holdout19); the awk that printed `[routes.order]` also printed that table's `review =
"hold"` and `channel_group = "payments"` lines and the comment after it (a payments route);
holdout10.py's docstring (allowed reading) repeats earlier sets' glimpses (a rate limit of
30 orders a minute per ip, purchase limits of 5 / 10 a day per user, an old results row);
build_ip_table.py and clients.py show earlier sets' pools and profiles. Nothing here was
tuned to any of that: no persona, volume or parameter was changed after the one plumbing
run (seed 211, hour 14, its printed report sent to /dev/null), whose result JSON was read
only as order and error counts per persona.

Not read: src/ (any Rust), the config's other sections, models/train/, models/MODEL.md,
models/EVAL.md, models/report/, README.md, BENCHMARKS.md, any holdout*.py past line 60,
fraud.py, personas.py past line 162, and no git history of others' commits beyond the
glimpse above.

Each persona is `f(rng, ctx) -> [Instance]`; names start with h21_ (legitimate, about 530
orders per cell, 17 personas) or f21_ (fraud, about 300, 12 personas). Each docstring names
the trace the persona leaves at the edge. Some fraud leaves almost none (it is in here
because it exists: a shop sees it as chargebacks weeks later). Shop day: Monday
2 March 2026, in the middle of Ramadan (Eid al-Fitr falls on 20 March).
"""

import json
import os
import string

from .personas import Device, Instance

HERE = os.path.dirname(os.path.abspath(__file__))

# This set's own address pools (build_ip_table.py --set holdout21); the main table's pools
# arrive through ctx.pools and are not used here.
with open(os.path.join(HERE, "ip_table_holdout21.json")) as _f:
    EXTRA = json.load(_f)["pools"]

ZERO_DECIMAL = {"JPY", "KRW", "CLP"}

# How long ago an established browser first got its cookie (days).
AGES = (3, 21, 60, 180, 400)

# country -> (Accept-Language, currency, IANA timezone, UTC offset minutes on 2 March
# 2026, mail domains, payment methods in rough order of use)
LOCALES = {
    "US": ("en-US,en;q=0.9", "USD", "America/Chicago", -360,
           ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "hotmail.com"],
           ["card", "apple_pay", "paypal", "google_pay", "cash_app_pay"]),
    "GB": ("en-GB,en;q=0.9", "GBP", "Europe/London", 0,
           ["gmail.com", "outlook.com", "btinternet.com", "icloud.com", "hotmail.co.uk"],
           ["card", "apple_pay", "paypal", "google_pay"]),
    "DE": ("de-DE,de;q=0.9,en;q=0.8", "EUR", "Europe/Berlin", 60,
           ["gmx.de", "web.de", "gmail.com", "t-online.de"], ["paypal", "card", "apple_pay", "wero"]),
    "FR": ("fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7", "EUR", "Europe/Paris", 60,
           ["orange.fr", "gmail.com", "free.fr", "hotmail.fr"], ["card", "paypal", "apple_pay", "wero"]),
    "ES": ("es-ES,es;q=0.9", "EUR", "Europe/Madrid", 60,
           ["gmail.com", "hotmail.es", "yahoo.es"], ["card", "bizum", "paypal"]),
    "IT": ("it-IT,it;q=0.9,en;q=0.8", "EUR", "Europe/Rome", 60,
           ["gmail.com", "libero.it", "hotmail.it"], ["card", "paypal", "satispay"]),
    "NL": ("nl-NL,nl;q=0.9,en;q=0.8", "EUR", "Europe/Amsterdam", 60,
           ["gmail.com", "ziggo.nl", "kpnmail.nl", "outlook.com"], ["ideal_wero", "card", "paypal"]),
    "PL": ("pl-PL,pl;q=0.9,en-US;q=0.8,en;q=0.7", "PLN", "Europe/Warsaw", 60,
           ["gmail.com", "wp.pl", "onet.pl", "o2.pl", "interia.pl"], ["blik", "card", "przelewy24"]),
    "CZ": ("cs-CZ,cs;q=0.9,en;q=0.8", "CZK", "Europe/Prague", 60,
           ["seznam.cz", "gmail.com", "email.cz"], ["card", "apple_pay", "bank_transfer"]),
    "SE": ("sv-SE,sv;q=0.9,en-US;q=0.8,en;q=0.7", "SEK", "Europe/Stockholm", 60,
           ["gmail.com", "hotmail.se", "telia.com"], ["swish", "card", "klarna"]),
    "NO": ("nb-NO,nb;q=0.9,no;q=0.8,en;q=0.7", "NOK", "Europe/Oslo", 60,
           ["gmail.com", "online.no", "hotmail.com"], ["vipps", "card"]),
    "JP": ("ja,en-US;q=0.9,en;q=0.8", "JPY", "Asia/Tokyo", 540,
           ["gmail.com", "yahoo.co.jp", "docomo.ne.jp", "icloud.com", "ezweb.ne.jp"],
           ["card", "paypay", "konbini", "rakuten_pay", "carrier_billing"]),
    "KR": ("ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7", "KRW", "Asia/Seoul", 540,
           ["naver.com", "daum.net", "gmail.com", "kakao.com"],
           ["kakaopay", "card", "naverpay", "toss", "phone_billing"]),
    "CN": ("zh-CN,zh;q=0.9", "CNY", "Asia/Shanghai", 480,
           ["qq.com", "163.com", "126.com", "foxmail.com"], ["alipay", "wechat_pay", "unionpay"]),
    "TW": ("zh-TW,zh;q=0.9,en-US;q=0.8,en;q=0.7", "TWD", "Asia/Taipei", 480,
           ["gmail.com", "yahoo.com.tw", "hotmail.com"], ["card", "line_pay", "jkopay"]),
    "HK": ("zh-HK,zh;q=0.9,en;q=0.8", "HKD", "Asia/Hong_Kong", 480,
           ["gmail.com", "yahoo.com.hk", "hotmail.com", "netvigator.com"],
           ["card", "alipay_hk", "payme", "fps"]),
    "SG": ("en-SG,en;q=0.9,zh-SG;q=0.8", "SGD", "Asia/Singapore", 480,
           ["gmail.com", "hotmail.com", "yahoo.com.sg"], ["paynow", "card", "grabpay", "apple_pay"]),
    "MY": ("ms-MY,ms;q=0.9,en;q=0.8", "MYR", "Asia/Kuala_Lumpur", 480,
           ["gmail.com", "yahoo.com", "hotmail.com"], ["fpx", "tng_ewallet", "grabpay", "card"]),
    "TH": ("th-TH,th;q=0.9,en;q=0.8", "THB", "Asia/Bangkok", 420,
           ["gmail.com", "hotmail.com"], ["promptpay", "truemoney", "card"]),
    "ID": ("id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7", "IDR", "Asia/Jakarta", 420,
           ["gmail.com", "yahoo.co.id"], ["gopay", "dana", "ovo", "qris", "shopeepay"]),
    "PH": ("en-PH,en;q=0.9,fil;q=0.8", "PHP", "Asia/Manila", 480,
           ["gmail.com", "yahoo.com"], ["gcash", "maya", "card"]),
    "IN": ("en-IN,en;q=0.9,hi;q=0.8", "INR", "Asia/Kolkata", 330,
           ["gmail.com", "rediffmail.com", "yahoo.co.in"], ["upi", "card", "paytm"]),
    "PK": ("ur-PK,ur;q=0.9,en;q=0.8", "PKR", "Asia/Karachi", 300,
           ["gmail.com", "yahoo.com", "hotmail.com"], ["jazzcash", "easypaisa", "card"]),
    "SA": ("ar-SA,ar;q=0.9,en;q=0.8", "SAR", "Asia/Riyadh", 180,
           ["gmail.com", "hotmail.com", "outlook.sa"], ["mada", "stc_pay", "apple_pay", "card"]),
    "AE": ("ar-AE,ar;q=0.9,en-US;q=0.8,en;q=0.7", "AED", "Asia/Dubai", 240,
           ["gmail.com", "hotmail.com", "outlook.com"], ["card", "apple_pay"]),
    "EG": ("ar-EG,ar;q=0.9,en;q=0.8", "EGP", "Africa/Cairo", 120,
           ["gmail.com", "yahoo.com", "hotmail.com"], ["fawry", "card", "vodafone_cash", "instapay"]),
    "TR": ("tr-TR,tr;q=0.9,en;q=0.8", "TRY", "Europe/Istanbul", 180,
           ["gmail.com", "hotmail.com", "yandex.com"], ["card", "papara"]),
    "MX": ("es-MX,es;q=0.9,en;q=0.8", "MXN", "America/Mexico_City", -360,
           ["gmail.com", "hotmail.com", "outlook.es", "yahoo.com.mx"],
           ["card", "oxxo", "mercadopago", "spei"]),
    "AR": ("es-AR,es;q=0.9,en;q=0.8", "USD", "America/Argentina/Buenos_Aires", -180,
           ["gmail.com", "hotmail.com", "yahoo.com.ar"], ["mercadopago", "card"]),
    "CL": ("es-CL,es;q=0.9,en;q=0.8", "CLP", "America/Santiago", -180,
           ["gmail.com", "hotmail.com"], ["webpay", "card", "mach"]),
    "CO": ("es-CO,es;q=0.9,en;q=0.8", "COP", "America/Bogota", -300,
           ["gmail.com", "hotmail.com", "outlook.com"], ["pse", "nequi", "card"]),
    "BR": ("pt-BR,pt;q=0.9,en-US;q=0.8,en;q=0.7", "BRL", "America/Sao_Paulo", -180,
           ["gmail.com", "hotmail.com", "uol.com.br", "bol.com.br"], ["pix", "card", "boleto"]),
    "AU": ("en-AU,en;q=0.9", "AUD", "Australia/Sydney", 660,
           ["gmail.com", "bigpond.com", "outlook.com", "icloud.com"], ["card", "apple_pay", "paypal"]),
    "NZ": ("en-NZ,en;q=0.9", "NZD", "Pacific/Auckland", 780,
           ["gmail.com", "xtra.co.nz"], ["card", "apple_pay", "poli"]),
    "CA": ("en-CA,en;q=0.9,fr-CA;q=0.8", "CAD", "America/Toronto", -300,
           ["gmail.com", "hotmail.com", "outlook.com", "videotron.ca"],
           ["card", "interac", "apple_pay", "paypal"]),
}

# Face values people buy, per currency (typical, then high).
DENOMS = {
    "USD": ([5, 10, 15, 20, 25, 50], [100, 150, 200, 300, 500]),
    "EUR": ([5, 10, 15, 20, 25, 50], [100, 150, 200, 250]),
    "GBP": ([5, 10, 15, 20, 25, 50], [100, 150, 200, 250]),
    "PLN": ([20, 50, 100, 200], [300, 500, 1000]),
    "CZK": ([250, 500, 1000], [2000, 3000, 5000]),
    "SEK": ([100, 200, 250, 500], [1000, 1500, 2000]),
    "NOK": ([100, 200, 500], [1000, 2000]),
    "JPY": ([1500, 3000, 5000, 10000], [20000, 30000, 50000]),
    "KRW": ([10000, 30000, 50000, 100000], [200000, 300000, 500000]),
    "CNY": ([30, 50, 100, 200, 300], [500, 1000, 2000]),
    "TWD": ([150, 300, 500, 1000], [3000, 5000, 10000]),
    "HKD": ([50, 100, 200, 300], [500, 1000, 2000]),
    "SGD": ([10, 20, 30, 50], [100, 200, 300]),
    "MYR": ([10, 20, 50, 100], [200, 300, 500]),
    "THB": ([150, 300, 500, 1000], [2000, 3000, 5000]),
    "IDR": ([50000, 100000, 150000, 250000], [500000, 1000000, 2000000]),
    "PHP": ([250, 500, 1000], [2000, 5000, 10000]),
    "INR": ([250, 500, 1000, 2000], [5000, 10000, 20000]),
    "PKR": ([1000, 2000, 3000], [5000, 10000, 20000]),
    "SAR": ([25, 50, 100, 200], [300, 500, 1000]),
    "AED": ([25, 50, 100, 200], [300, 500, 1000]),
    "EGP": ([200, 500, 1000], [2000, 5000, 10000]),
    "TRY": ([250, 500, 1000], [2500, 5000]),
    "MXN": ([100, 200, 300, 500], [1000, 2000, 3000]),
    "CLP": ([5000, 10000, 20000], [50000, 100000]),
    "COP": ([20000, 50000, 100000], [200000, 300000]),
    "BRL": ([30, 50, 100, 150], [250, 500, 1000]),
    "AUD": ([20, 30, 50, 100], [150, 200, 300]),
    "NZD": ([20, 50, 100], [150, 200]),
    "CAD": ([15, 25, 50, 100], [150, 200, 300]),
}

# What the shop sells (product slugs; the face value is appended).
GAMES = ["mlbb-diamonds", "pubgm-uc", "free-fire-diamonds", "genshin-crystals",
         "honkai-star-rail-shards", "valorant-points", "roblox-robux", "fortnite-vbucks",
         "riot-points", "minecraft-coins", "zenless-monochrome"]
CARDS = ["steam-wallet", "psn-card", "xbox-gift", "nintendo-eshop", "google-play",
         "apple-gift", "razer-gold", "garena-shells", "line-coins", "kakao-cash"]
KEYS = ["windows-11-pro-key", "office-2024-key", "steam-game-key", "vpn-1y", "esim-data-10gb",
        "discord-nitro", "chatgpt-plus-1m", "spotify-premium-3m", "netflix-card"]
PRODUCTS = GAMES + CARDS + KEYS

FIRST = {
    "west": ["emma", "liam", "olivia", "noah", "ava", "lucas", "mia", "leo", "chloe", "jack",
             "sofia", "felix", "hannah", "jonas", "lea", "marta", "tomas", "anna", "erik",
             "ines", "pablo", "giulia", "matteo", "julia", "kacper", "zofia", "ola", "jakub"],
    "asia": ["hiroshi", "yuna", "haruto", "minjun", "seoyeon", "jiho", "wei", "xinyi",
             "yuting", "chiahao", "kaho", "ren", "siti", "aiman", "nurul", "somchai", "ploy",
             "budi", "putri", "rizky", "jose", "maria", "paolo", "arjun", "priya", "rahul"],
    "mena": ["mohammed", "ahmed", "fatima", "omar", "layla", "yousef", "noura", "khalid",
             "mariam", "hassan", "aisha", "ali", "sara", "tariq", "hamza", "zainab"],
    "latam": ["juan", "camila", "santiago", "valentina", "mateo", "isabella", "diego",
              "lucia", "joaquin", "martina", "thiago", "gabriela", "rafael", "ana"],
}
LAST = {
    "west": ["smith", "jones", "mueller", "schmidt", "martin", "bernard", "garcia", "rossi",
             "de-vries", "nowak", "kowalski", "novak", "andersson", "hansen", "brown", "wilson"],
    "asia": ["sato", "suzuki", "kim", "park", "lee", "chen", "lin", "wang", "huang", "tan",
             "lim", "wong", "rahman", "ismail", "saetang", "santoso", "reyes", "cruz",
             "sharma", "patel"],
    "mena": ["alharbi", "alqahtani", "hassan", "ibrahim", "mansour", "khan", "farouk",
             "alshamsi", "nasser", "saleh", "qureshi", "abdullah"],
    "latam": ["gonzalez", "rodriguez", "lopez", "hernandez", "perez", "sanchez", "ramirez",
              "torres", "flores", "rojas", "munoz", "silva", "souza", "oliveira"],
}
REGION = {cc: "asia" for cc in ("JP", "KR", "CN", "TW", "HK", "SG", "MY", "TH", "ID", "PH", "IN")}
REGION.update({cc: "mena" for cc in ("SA", "AE", "EG", "PK", "TR")})
REGION.update({cc: "latam" for cc in ("MX", "AR", "CL", "CO", "BR")})

DISPOSABLE = ["tempmail.dev", "mail.tm", "guerrillamailblock.com", "1secmail.net",
              "inboxkitten.com", "dropmail.me", "mailnesia.com", "tmpmail.org"]
# Privacy mail and alias services honest people use too.
ALIAS = ["proton.me", "pm.me", "duck.com", "simplelogin.com", "privaterelay.appleid.com",
         "tuta.com"]

DESKTOP = ["h21_chrome_win_146", "h21_chrome_mac_146", "h20_edge_win_145", "h16_safari_mac_26",
           "h20_firefox_win_148", "h19_brave_mac"]
MOBILE = ["h21_chrome_android_146", "h20_safari_iphone_262", "h19_safari_iphone_263",
          "h20_samsung_29_s24", "h21_edge_android_145"]
MOBILE_BY_CC = {
    "CN": ["h20_huawei_browser", "h7_wechat_android", "h8_wechat_ios", "h19_safari_iphone_263"],
    "KR": ["h20_samsung_29_s24", "h19_kakaotalk_ios", "h8_kakaotalk_android",
           "h19_safari_iphone_263"],
    "TW": ["h21_line_android", "h19_safari_iphone_263", "h21_chrome_android_146"],
    "TH": ["h21_line_android", "h21_chrome_android_146", "h20_safari_iphone_262"],
    "JP": ["h19_safari_iphone_263", "h9_line_iphone", "h21_chrome_android_146"],
    "IN": ["h21_miui_browser", "h21_chrome_android_146", "h20_samsung_29_s24"],
    "ID": ["h21_miui_browser", "h21_chrome_android_146", "h21_telegram_android"],
    "MY": ["h21_chrome_android_146", "h20_safari_iphone_262", "h21_miui_browser"],
    "PH": ["h21_chrome_android_146", "h21_miui_browser", "h20_safari_iphone_262"],
    "PK": ["h21_chrome_android_146", "h21_miui_browser"],
    "EG": ["h21_chrome_android_146", "h21_miui_browser", "h21_telegram_android"],
    "MX": ["h21_chrome_android_146", "h20_samsung_29_s24", "h21_miui_browser"],
    "BR": ["h21_chrome_android_146", "h20_samsung_29_s24", "h21_miui_browser"],
    "CO": ["h21_chrome_android_146", "h21_miui_browser"],
}


# ---------------------------------------------------------------- helpers

def ip(rng, pool):
    return rng.choice(EXTRA[pool])[0]


def home(cc):
    return "h21_home_%s" % cc


def cgnat(cc):
    return "h21_cgnat_%s" % cc if "h21_cgnat_%s" % cc in EXTRA else home(cc)


def device(rng, cc, profile, age=None, cookies="keep", beacon=True, tz=None, lang=None):
    loc = LOCALES[cc]
    return Device(rng, profile, lang or loc[0], tz or (loc[2], loc[3]), cookies=cookies,
                  age_days=age, beacon=beacon)


def mobile_profile(rng, cc):
    return rng.choice(MOBILE_BY_CC.get(cc, MOBILE))


def any_profile(rng, cc, p_mobile=0.6):
    return mobile_profile(rng, cc) if rng.random() < p_mobile else rng.choice(DESKTOP)


def person(rng, cc, domains=None):
    reg = REGION.get(cc, "west")
    first, last = rng.choice(FIRST[reg]), rng.choice(LAST[reg])
    sep = rng.choice([".", "_", "", ""])
    tail = rng.choice(["", "", str(rng.randint(1, 99)), str(rng.randint(1975, 2010))])
    local = ("%s%s%s%s" % (first, sep, last, tail)).replace("-", "")
    return local, "%s@%s" % (local, rng.choice(domains or LOCALES[cc][4]))


def junk(rng, n, alphabet=string.ascii_lowercase + string.digits):
    return "".join(rng.choice(alphabet) for _ in range(n))


def face(rng, cur, high=False):
    typical, big = DENOMS[cur]
    return rng.choice(big if high else typical)


def order(rng, user, email, cur, value, qty=1, product=None, method=None, cc=None):
    total = value * qty
    amount = int(total) if cur in ZERO_DECIMAL else round(float(total), 2)
    if method is None:
        method = rng.choice(LOCALES[cc][5]) if cc else "card"
    return {"product": "%s-%s" % (product or rng.choice(PRODUCTS), value), "quantity": qty,
            "amount": amount, "currency": cur, "user": user, "email": email,
            "payment_method": method}


def start(rng, ctx, tail=400):
    return rng.uniform(20, max(60, ctx.window - tail))


def browse(inst, rng, t, dev, addr, pages=(1, 3), dwell=(15, 120)):
    """A few page views; returns the time of the last one."""
    for i in range(rng.randint(*pages)):
        if i:
            t += rng.uniform(*dwell)
        inst.visit(t, dev, addr)
    return t


class StolenSessionDevice(Device):
    """An attacker's browser carrying a cookie lifted from the victim's browser (an
    infostealer log): it sends the victim's current device cookie until riskgate sets it a
    new one."""

    def __init__(self, rng, victim, profile, lang, tz, **kw):
        self._victim, self._own = victim, None
        super().__init__(rng, profile, lang, tz, **kw)

    @property
    def cookie(self):
        return self._own if self._own is not None else self._victim.cookie

    @cookie.setter
    def cookie(self, value):
        self._own = value


# ---------------------------------------------------------------- legitimate buyers

def h21_regular_topup(rng, ctx):
    """Established customers topping up their usual game or wallet: aged cookie, home line
    or phone carrier of their country, typical amounts in their currency. Trace: a known
    device, the expected country; the set's baseline."""
    out = []
    countries = ["US", "GB", "DE", "FR", "ES", "IT", "NL", "JP", "KR", "CN", "TW", "HK", "SG",
                 "MY", "TH", "PH", "IN", "BR", "MX", "AU", "CA", "PL", "SA", "TR"]
    for _ in range(ctx.n(50)):
        cc = rng.choice(countries)
        inst = Instance("h21_regular_topup", "legit")
        mob = rng.random() < 0.6
        dev = device(rng, cc, mobile_profile(rng, cc) if mob else rng.choice(DESKTOP),
                     age=rng.choice(AGES[1:]))
        addr = ip(rng, cgnat(cc) if mob and rng.random() < 0.6 else home(cc))
        user, email = person(rng, cc)
        t = browse(inst, rng, start(rng, ctx), dev, addr, (1, 2), (10, 60))
        cur = LOCALES[cc][1]
        inst.order(t + rng.uniform(25, 150), dev, addr,
                   order(rng, user, email, cur, face(rng, cur), product=rng.choice(GAMES + CARDS), cc=cc))
        if rng.random() < 0.12:
            inst.order(t + rng.uniform(400, 1500), dev, addr,
                       order(rng, user, email, cur, face(rng, cur), cc=cc))
        out.append(inst)
    return out


def h21_first_big_new_device(rng, ctx):
    """First purchase on a brand-new device with a high amount: a new phone or laptop
    bought last week, a birthday or a new console to fill. Browses several pages, reads the
    FAQ, pays with a wallet or card. Trace: no cookie history, a new account, a high face
    value; everything else is ordinary (home line, matching country)."""
    out = []
    for _ in range(ctx.n(30)):
        cc = rng.choice(["US", "US", "GB", "DE", "AU", "JP", "KR", "SG", "CA", "NL", "AE", "NZ"])
        inst = Instance("h21_first_big_new_device", "legit")
        dev = device(rng, cc, rng.choice(["h21_chrome_win_146", "h21_chrome_mac_146",
                                          "h19_safari_iphone_263", "h21_chrome_android_146",
                                          "h20_samsung_29_s24", "h20_ipad_safari_26"]))
        addr = ip(rng, home(cc))
        user, email = person(rng, cc)
        t = browse(inst, rng, start(rng, ctx, 800), dev, addr, (2, 5), (20, 150))
        cur = LOCALES[cc][1]
        qty = 1 if rng.random() < 0.8 else 2
        inst.order(t + rng.uniform(60, 240), dev, addr,
                   order(rng, user, email, cur, face(rng, cur, high=True), qty,
                         rng.choice(CARDS + ["windows-11-pro-key", "office-2024-key"]), cc=cc))
        out.append(inst)
    return out


def h21_ramadan_suhoor(rng, ctx):
    """Ramadan night owls: buyers in SA, AE, EG, MY, ID and PK shopping for Eid gifts and
    top-ups between tarawih and suhoor, at 1-4 am their time, on phones behind carrier NAT
    (some on home fibre). Local wallets (mada, STC Pay, Fawry, Touch 'n Go, GoPay,
    JazzCash), higher than usual amounts (Eidiya). Trace: night-time local clocks, shared
    carrier addresses, Arabic / Malay / Indonesian / Urdu locales, new and aged devices."""
    out = []
    for _ in range(ctx.n(28)):
        cc = rng.choice(["SA", "SA", "AE", "EG", "MY", "ID", "PK"])
        inst = Instance("h21_ramadan_suhoor", "legit")
        dev = device(rng, cc, mobile_profile(rng, cc) if rng.random() < 0.85 else "h21_chrome_win_146",
                     age=rng.choice((None,) + AGES))
        addr = ip(rng, cgnat(cc) if rng.random() < 0.7 else home(cc))
        user, email = person(rng, cc)
        t = browse(inst, rng, start(rng, ctx), dev, addr, (1, 4), (20, 200))
        cur = LOCALES[cc][1]
        inst.order(t + rng.uniform(40, 200), dev, addr,
                   order(rng, user, email, cur, face(rng, cur, rng.random() < 0.35),
                         rng.choice([1, 1, 1, 2, 3]), cc=cc))
        if rng.random() < 0.15:  # one more card for a cousin
            inst.order(t + rng.uniform(300, 900), dev, addr,
                       order(rng, user, email, cur, face(rng, cur), cc=cc))
        out.append(inst)
    return out


def h21_privacy_cookieless(rng, ctx):
    """Privacy-minded regulars whose browsers keep nothing: LibreWolf and Mullvad Browser
    (resistFingerprinting: UTC, en-US, no canvas), Brave with shields up, Firefox Focus,
    some with the beacon script blocked; egress through iCloud Private Relay, a privacy VPN
    or the home line. Alias mail addresses (Proton, DuckDuckGo, Hide My Email). Trace: no
    cookie ever returned, fingerprint surfaces hidden or farbled, relay / VPN addresses
    whose country may not match the account's currency."""
    out = []
    for _ in range(ctx.n(30)):
        cc = rng.choice(["US", "DE", "NL", "SE", "FR", "GB", "CA", "CZ", "NO"])
        inst = Instance("h21_privacy_cookieless", "legit")
        prof = rng.choice(["h21_librewolf", "h5_mullvad_browser", "brave_win", "h19_brave_mac",
                           "h8_firefox_focus", "h6_brave_android", "h21_firefox_linux_148"])
        dev = device(rng, cc, prof, cookies=rng.choice(["none", "session", "session"]),
                     beacon=rng.random() < 0.6)
        addr = ip(rng, rng.choice(["h21_relay", "h21_vpn_privacy", home(cc), home(cc)]))
        user, _ = person(rng, cc)
        email = "%s@%s" % (junk(rng, rng.randint(8, 12), string.ascii_lowercase)
                           if rng.random() < 0.4 else user, rng.choice(ALIAS))
        t = browse(inst, rng, start(rng, ctx), dev, addr, (1, 3), (15, 90))
        cur = LOCALES[cc][1]
        inst.order(t + rng.uniform(30, 160), dev, addr,
                   order(rng, user, email, cur, face(rng, cur, rng.random() < 0.15),
                         product=rng.choice(KEYS + CARDS), cc=cc))
        out.append(inst)
    return out


def h21_cgnat_abroad(rng, ctx):
    """Phone buyers on carriers whose addresses the country database places abroad (Jio,
    Telkomsel, Malaysian and Thai carriers, STC / Mobily, BT / Virgin ranges) or that put
    thousands of subscribers behind a handful of addresses (Taiwan, Philippines, Korea,
    Japan, Turkey). Trace: an IP country unlike the locale and currency, or one address
    shared by many unrelated accounts in one window."""
    out = []
    abroad = {"IN": "h21_abroad_IN", "ID": "h21_abroad_ID", "MY": "h21_abroad_MY",
              "TH": "h21_abroad_TH", "SA": "h21_abroad_SA", "GB": "h21_abroad_GB"}
    shared = ["TW", "PH", "KR", "JP", "TR", "IN", "BR"]
    for _ in range(ctx.n(34)):
        inst = Instance("h21_cgnat_abroad", "legit")
        if rng.random() < 0.55:
            cc = rng.choice(sorted(abroad))
            pool = abroad[cc]
        else:
            cc = rng.choice(shared)
            pool = cgnat(cc)
        dev = device(rng, cc, mobile_profile(rng, cc), age=rng.choice((None, None) + AGES))
        addr = ip(rng, pool)
        user, email = person(rng, cc)
        t = browse(inst, rng, start(rng, ctx), dev, addr, (1, 3), (10, 90))
        cur = LOCALES[cc][1]
        inst.order(t + rng.uniform(20, 140), dev, addr,
                   order(rng, user, email, cur, face(rng, cur, rng.random() < 0.1),
                         product=rng.choice(GAMES), cc=cc))
        out.append(inst)
    return out


def h21_corp_rewards_bulk(rng, ctx):
    """Companies buying gift cards in bulk for staff rewards, survey incentives and
    customer goodwill: an HR or marketing employee behind the office's Zscaler / Netskope
    egress or business fibre, on a managed desktop, a company mail domain, several batches
    of 10-40 cards within the hour (the same account), invoice or corporate card. Trace:
    high quantities and totals, repeated orders, a security-cloud egress shared with
    thousands of other employees."""
    out = []
    firms = {"US": ["acmelogistics.com", "brightpath-health.org", "northwind.io"],
             "GB": ["hollis-partners.co.uk", "greenleaf.co.uk"],
             "DE": ["mittelstand-werke.de", "kraus-it.de"],
             "SG": ["lionbridge-asia.sg", "meridian.com.sg"],
             "JP": ["sakura-shoji.co.jp", "kanto-denki.co.jp"],
             "NL": ["dijkstra-groep.nl"], "CA": ["mapleridge.ca"], "AU": ["coastline.com.au"]}
    for _ in range(ctx.n(11)):
        cc = rng.choice(sorted(firms))
        inst = Instance("h21_corp_rewards_bulk", "legit")
        dev = device(rng, cc, rng.choice(["h20_edge_win_145", "h21_chrome_win_146",
                                          "h21_chrome_mac_146"]), age=rng.choice((None,) + AGES))
        addr = ip(rng, rng.choice(["h21_corp", "h21_corp", "h21_corp_fibre"]))
        first = rng.choice(FIRST[REGION.get(cc, "west")])
        last = rng.choice(LAST[REGION.get(cc, "west")]).replace("-", "")
        domain = rng.choice(firms[cc])
        user = "%s.%s" % (first, last)
        email = rng.choice(["%s.%s@%s" % (first, last, domain), "rewards@%s" % domain,
                            "hr-ops@%s" % domain])
        cur = LOCALES[cc][1]
        t = browse(inst, rng, start(rng, ctx, 1200), dev, addr, (2, 4), (30, 200))
        product = rng.choice(["amazon-gift", "apple-gift", "steam-wallet", "google-play",
                              "xbox-gift", "spotify-premium-3m"])
        value = face(rng, cur)
        for _b in range(rng.choice([1, 2, 2, 3, 3])):
            t += rng.uniform(60, 420)
            inst.order(t, dev, addr, order(rng, user, email, cur, value,
                                           rng.choice([10, 15, 20, 25, 30, 40]), product,
                                           rng.choice(["invoice", "corporate_card", "card"])))
        out.append(inst)
    return out


def h21_traveller_esim(rng, ctx):
    """Travellers buying from where they are: an aged phone or laptop (its cookie from
    home), now on a travel eSIM's breakout, hotel Wi-Fi, a cruise ship's Starlink or a
    friend's line in another country; the phone's clock follows the local time zone, the
    language and currency stay at home. Trace: a known device suddenly in a far country
    or on a roaming / hotel / satellite network."""
    out = []
    trips = [("US", "JP", "Asia/Tokyo", 540), ("GB", "TH", "Asia/Bangkok", 420),
             ("DE", "AE", "Asia/Dubai", 240), ("KR", "SG", "Asia/Singapore", 480),
             ("JP", "TW", "Asia/Taipei", 480), ("AU", "ID", "Asia/Makassar", 480),
             ("CN", "HK", "Asia/Hong_Kong", 480), ("FR", "MX", "America/Cancun", -300),
             ("NL", "ES", "Europe/Madrid", 60), ("CA", "MX", "America/Mexico_City", -360),
             ("SA", "TR", "Europe/Istanbul", 180), ("IN", "AE", "Asia/Dubai", 240)]
    for _ in range(ctx.n(30)):
        cc, there, tzn, off = rng.choice(trips)
        inst = Instance("h21_traveller_esim", "legit")
        mob = rng.random() < 0.75
        prof = mobile_profile(rng, cc) if mob else rng.choice(DESKTOP)
        dev = device(rng, cc, prof, age=rng.choice(AGES[1:]), tz=(tzn, off) if mob else None)
        r = rng.random()
        if r < 0.45:
            pool = "h21_esim"
        elif r < 0.75:
            pool = "h21_hotel"
        elif r < 0.85:
            pool = "h21_starlink"
        else:
            pool = home(there) if home(there) in EXTRA else "h21_hotel"
        addr = ip(rng, pool)
        user, email = person(rng, cc)
        t = browse(inst, rng, start(rng, ctx), dev, addr, (1, 3), (15, 100))
        cur = LOCALES[cc][1]
        inst.order(t + rng.uniform(30, 180), dev, addr,
                   order(rng, user, email, cur, face(rng, cur, rng.random() < 0.2),
                         product=rng.choice(["esim-data-10gb", "netflix-card", "steam-wallet",
                                             "apple-gift", "vpn-1y"] + GAMES), cc=cc))
        out.append(inst)
    return out


def h21_family_shared_account(rng, ctx):
    """Families sharing one shop account (the parent's card and mail): the parent's phone,
    a child's tablet, the family PC, a school Chromebook, a console browser, all on the home
    line; small top-ups, several in the hour as children ask in turn. Trace: one account on
    several devices, some of them new, several orders from one address and account."""
    out = []
    for _ in range(ctx.n(13)):
        cc = rng.choice(["US", "US", "GB", "DE", "JP", "KR", "BR", "MX", "AU", "PL", "FR", "CA"])
        inst = Instance("h21_family_shared_account", "legit")
        addr = ip(rng, home(cc))
        user, email = person(rng, cc)
        cur = LOCALES[cc][1]
        devs = [device(rng, cc, mobile_profile(rng, cc), age=rng.choice(AGES[1:])),
                device(rng, cc, rng.choice(["h6_family_tablet", "h20_ipad_safari_26"]),
                       age=rng.choice((None,) + AGES)),
                device(rng, cc, rng.choice(["h21_chromebook_146", "h21_chrome_win_146",
                                            "h21_xbox_edge"]), age=rng.choice((None,) + AGES))]
        t = start(rng, ctx, 1500)
        for _k in range(rng.choice([2, 2, 3, 3, 4])):
            dev = rng.choice(devs)
            t = browse(inst, rng, t + rng.uniform(60, 500), dev, addr, (1, 2), (10, 60))
            inst.order(t + rng.uniform(20, 90), dev, addr,
                       order(rng, user, email, cur, face(rng, cur),
                             product=rng.choice(["roblox-robux", "minecraft-coins",
                                                 "fortnite-vbucks", "nintendo-eshop",
                                                 "google-play", "apple-gift"]), cc=cc))
        out.append(inst)
    return out


def h21_east_asia_wallets(rng, ctx):
    """Buyers in Taiwan, Hong Kong, Singapore, mainland China, Korea and Japan paying with
    local wallets (LINE Pay, JKOPay, AlipayHK, PayMe, PayNow, Alipay, WeChat Pay, KakaoPay,
    Naver Pay, PayPay) in local currencies, often from a messenger's in-app browser (LINE,
    KakaoTalk, WeChat). Trace: in-app WebView user agents, zero-decimal currencies, and
    mainland buyers with a CN address and a CN locale on a foreign shop."""
    out = []
    for _ in range(ctx.n(34)):
        cc = rng.choice(["TW", "TW", "HK", "SG", "CN", "CN", "KR", "JP"])
        inst = Instance("h21_east_asia_wallets", "legit")
        mob = rng.random() < 0.8
        dev = device(rng, cc, mobile_profile(rng, cc) if mob else rng.choice(DESKTOP),
                     age=rng.choice((None,) + AGES))
        addr = ip(rng, cgnat(cc) if mob and rng.random() < 0.5 else home(cc))
        user, email = person(rng, cc)
        t = browse(inst, rng, start(rng, ctx), dev, addr, (1, 3), (10, 90))
        cur = LOCALES[cc][1]
        inst.order(t + rng.uniform(20, 120), dev, addr,
                   order(rng, user, email, cur, face(rng, cur, rng.random() < 0.12),
                         product=rng.choice(GAMES + ["line-coins", "kakao-cash",
                                                     "nintendo-eshop", "psn-card"]), cc=cc))
        out.append(inst)
    return out


def h21_latam_local_pay(rng, ctx):
    """Latin American buyers: Mexico (OXXO cash voucher, SPEI, Mercado Pago), Colombia
    (PSE, Nequi), Chile (Webpay, CLP without decimals), Argentina (paying in USD through
    Mercado Pago), Brazil (Pix). Mid-range Android phones with Chrome, Xiaomi's browser or
    Samsung Internet, home cable or carrier lines. Trace: regions and methods the other
    personas rarely use; otherwise ordinary."""
    out = []
    for _ in range(ctx.n(30)):
        cc = rng.choice(["MX", "MX", "CO", "CL", "AR", "BR"])
        inst = Instance("h21_latam_local_pay", "legit")
        mob = rng.random() < 0.75
        dev = device(rng, cc, mobile_profile(rng, cc) if mob else "h21_chrome_win_146",
                     age=rng.choice((None,) + AGES))
        addr = ip(rng, cgnat(cc) if mob and cc == "BR" and rng.random() < 0.5 else home(cc))
        user, email = person(rng, cc)
        t = browse(inst, rng, start(rng, ctx), dev, addr, (1, 3), (15, 120))
        cur = LOCALES[cc][1]
        inst.order(t + rng.uniform(30, 150), dev, addr,
                   order(rng, user, email, cur, face(rng, cur, rng.random() < 0.1),
                         product=rng.choice(GAMES + ["xbox-gift", "psn-card", "spotify-premium-3m"]),
                         cc=cc))
        out.append(inst)
    return out


def h21_cee_nordic_pay(rng, ctx):
    """Central-European and Nordic buyers: Poland (BLIK codes, Przelewy24, PLN), Czechia
    (CZK), Sweden (Swish, SEK), Norway (Vipps, NOK), the Netherlands (iDEAL | Wero).
    Trace: currencies and methods of their own; otherwise ordinary."""
    out = []
    for _ in range(ctx.n(30)):
        cc = rng.choice(["PL", "PL", "CZ", "SE", "NO", "NL"])
        inst = Instance("h21_cee_nordic_pay", "legit")
        mob = rng.random() < 0.55
        dev = device(rng, cc, rng.choice(MOBILE) if mob else rng.choice(DESKTOP),
                     age=rng.choice((None,) + AGES))
        addr = ip(rng, cgnat(cc) if mob and rng.random() < 0.5 else home(cc))
        user, email = person(rng, cc)
        t = browse(inst, rng, start(rng, ctx), dev, addr, (1, 3), (15, 120))
        cur = LOCALES[cc][1]
        inst.order(t + rng.uniform(30, 150), dev, addr,
                   order(rng, user, email, cur, face(rng, cur, rng.random() < 0.12), cc=cc))
        out.append(inst)
    return out


def h21_console_vr_browsers(rng, ctx):
    """Gamers buying from the device they play on: Edge on an Xbox, the Meta Quest
    browser, the Steam overlay's browser, a Steam Deck; slow navigation with a controller,
    often a fresh cookie jar (consoles clear it on updates). Trace: rare user agents (Xbox,
    OculusBrowser, Valve GameOverlay, a CEF Chromium 126), TV-sized or VR screens."""
    out = []
    for _ in range(ctx.n(25)):
        cc = rng.choice(["US", "US", "GB", "DE", "JP", "KR", "CA", "AU", "FR", "SE"])
        inst = Instance("h21_console_vr_browsers", "legit")
        dev = device(rng, cc, rng.choice(["h21_xbox_edge", "h21_quest_browser",
                                          "h21_steam_overlay", "h9_steamdeck"]),
                     age=rng.choice((None, None) + AGES))
        addr = ip(rng, home(cc))
        user, email = person(rng, cc)
        t = browse(inst, rng, start(rng, ctx), dev, addr, (1, 3), (30, 200))
        cur = LOCALES[cc][1]
        inst.order(t + rng.uniform(60, 300), dev, addr,
                   order(rng, user, email, cur, face(rng, cur, rng.random() < 0.2),
                         product=rng.choice(["xbox-gift", "steam-wallet", "riot-points",
                                             "valorant-points", "fortnite-vbucks",
                                             "steam-game-key"]), cc=cc))
        out.append(inst)
    return out


def h21_agentic_checkout(rng, ctx):
    """Honest people delegating the purchase to an AI agent: "buy me a 50 euro Steam card"
    in an AI browser's agent mode on their own machine (home line, often their usual
    browser with its cookie), or handed to a hosted agent whose browser runs in a cloud
    (Azure / AWS / Google addresses, a Linux container). The agent reads the pages in
    seconds and fills the order at once. Trace: machine-fast page-to-order times, several
    page views seconds apart, datacenter egress for the hosted agents."""
    out = []
    for _ in range(ctx.n(25)):
        cc = rng.choice(["US", "US", "GB", "DE", "CA", "AU", "SG", "NL", "JP", "KR"])
        inst = Instance("h21_agentic_checkout", "legit")
        if rng.random() < 0.6:
            dev = device(rng, cc, rng.choice(["h21_ai_browser_win", "h16_ai_browser_mac"]),
                         age=rng.choice((None,) + AGES))
            addr = ip(rng, home(cc))
        else:
            dev = device(rng, cc, "h21_hosted_agent", tz=("UTC", 0) if rng.random() < 0.5 else None)
            addr = ip(rng, "h21_agent_cloud")
        user, email = person(rng, cc)
        t = browse(inst, rng, start(rng, ctx), dev, addr, (2, 4), (2, 9))
        cur = LOCALES[cc][1]
        inst.order(t + rng.uniform(3, 14), dev, addr,
                   order(rng, user, email, cur, face(rng, cur, rng.random() < 0.15),
                         product=rng.choice(CARDS + KEYS), cc=cc))
        out.append(inst)
    return out


def h21_school_chromebooks(rng, ctx):
    """Students on school or campus networks: managed Chromebooks that forget cookies at
    sign-out, a whole school behind one or two addresses, small top-ups (Robux, Minecraft,
    Valorant, Discord Nitro) paid with a parent's PayPal, a prepaid card or Apple Pay on
    university laptops. Trace: many unrelated accounts from a handful of education
    addresses within minutes, no persistent cookie, small amounts."""
    out = []
    for _ in range(ctx.n(24)):
        r = rng.random()
        if r < 0.6:
            cc, pool, prof = "US", "h21_k12_US", "h21_chromebook_146"
        elif r < 0.8:
            cc, pool, prof = "AU", "h21_campus_AU", rng.choice(["h21_chromebook_146", "h21_chrome_mac_146"])
        else:
            cc, pool, prof = "GB", "h21_campus_GB", rng.choice(["h21_chromebook_146", "h21_chrome_win_146"])
        inst = Instance("h21_school_chromebooks", "legit")
        dev = device(rng, cc, prof, cookies="session")
        addr = ip(rng, pool)
        user, email = person(rng, cc)
        t = browse(inst, rng, start(rng, ctx), dev, addr, (1, 3), (10, 80))
        cur = LOCALES[cc][1]
        inst.order(t + rng.uniform(20, 120), dev, addr,
                   order(rng, user, email, cur, rng.choice(DENOMS[cur][0][:3]),
                         product=rng.choice(["roblox-robux", "minecraft-coins",
                                             "valorant-points", "discord-nitro",
                                             "fortnite-vbucks"]),
                         method=rng.choice(["paypal", "card", "apple_pay", "prepaid_card"])))
        out.append(inst)
    return out


def h21_diaspora_gifting(rng, ctx):
    """Migrant workers and students sending top-ups home: Filipinos in Saudi Arabia and
    the UAE buying PHP game credits, Indians in the US and UK buying INR cards,
    Indonesians in Malaysia and Hong Kong, Mexicans in the US, Egyptians in Saudi Arabia.
    The phone speaks the home language, the address is where they work, the currency is
    the family's. Trace: locale, IP country and currency all disagree; often a new
    recipient account per family member."""
    out = []
    moves = [("PH", "SA"), ("PH", "AE"), ("PH", "HK"), ("IN", "US"), ("IN", "GB"),
             ("IN", "AE"), ("ID", "MY"), ("ID", "HK"), ("MX", "US"), ("EG", "SA"),
             ("PK", "AE"), ("BR", "JP"), ("TH", "TW")]
    for _ in range(ctx.n(30)):
        origin, live = rng.choice(moves)
        inst = Instance("h21_diaspora_gifting", "legit")
        lo, ll = LOCALES[origin], LOCALES[live]
        dev = device(rng, origin, mobile_profile(rng, origin), age=rng.choice((None,) + AGES),
                     tz=(ll[2], ll[3]))
        addr = ip(rng, cgnat(live) if rng.random() < 0.6 else home(live))
        user, email = person(rng, origin)
        cur = lo[1]
        t = browse(inst, rng, start(rng, ctx), dev, addr, (1, 3), (15, 120))
        inst.order(t + rng.uniform(30, 150), dev, addr,
                   order(rng, user, email, cur, face(rng, cur, rng.random() < 0.2),
                         product=rng.choice(GAMES + ["google-play", "netflix-card"]),
                         method=rng.choice(ll[5] + ["card"])))
        out.append(inst)
    return out


def h21_split_cart(rng, ctx):
    """Honest buyers who place several orders in a few minutes: a big purchase split
    because of a per-order cap or a one-coupon-per-order promotion, a wallet payment that
    timed out and was retried, a second card for a sibling. Same device, same account, home
    line. Trace: order velocity on one account and device; amounts repeat."""
    out = []
    for _ in range(ctx.n(11)):
        cc = rng.choice(["US", "GB", "DE", "JP", "KR", "TW", "BR", "FR", "AU", "SG", "IT", "ES"])
        inst = Instance("h21_split_cart", "legit")
        dev = device(rng, cc, any_profile(rng, cc, 0.5), age=rng.choice((None,) + AGES))
        addr = ip(rng, home(cc))
        user, email = person(rng, cc)
        cur = LOCALES[cc][1]
        t = browse(inst, rng, start(rng, ctx, 900), dev, addr, (1, 3), (15, 90))
        value = face(rng, cur, rng.random() < 0.3)
        product = rng.choice(PRODUCTS)
        method = rng.choice(LOCALES[cc][5])
        for _k in range(rng.choice([2, 3, 3, 4])):
            t += rng.uniform(25, 110)
            inst.order(t, dev, addr, order(rng, user, email, cur, value, 1, product, method))
        out.append(inst)
    return out


def h21_relay_hopping_iphones(rng, ctx):
    """iPhone and Mac users with iCloud Private Relay on and Safari's tracking protections:
    the relay's egress address changes between the page view and the order (different
    Akamai / Cloudflare / Fastly addresses), the country is the relay's region. Trace: an
    address change inside one session, relay ASNs, otherwise a normal Safari (aged or
    new cookie)."""
    out = []
    for _ in range(ctx.n(26)):
        cc = rng.choice(["US", "US", "GB", "DE", "CA", "AU", "JP", "FR"])
        inst = Instance("h21_relay_hopping_iphones", "legit")
        dev = device(rng, cc, rng.choice(["h19_safari_iphone_263", "h20_safari_iphone_262",
                                          "h16_safari_mac_26"]),
                     age=rng.choice((None,) + AGES))
        user, email = person(rng, cc, ["icloud.com", "privaterelay.appleid.com", "me.com"])
        t = start(rng, ctx)
        for _k in range(rng.randint(1, 3)):
            inst.visit(t, dev, ip(rng, "h21_relay"))
            t += rng.uniform(10, 90)
        cur = LOCALES[cc][1]
        inst.order(t + rng.uniform(5, 60), dev, ip(rng, "h21_relay"),
                   order(rng, user, email, cur, face(rng, cur, rng.random() < 0.15),
                         method=rng.choice(["apple_pay", "apple_pay", "card"])))
        out.append(inst)
    return out


LEGIT = [h21_regular_topup, h21_first_big_new_device, h21_ramadan_suhoor,
         h21_privacy_cookieless, h21_cgnat_abroad, h21_corp_rewards_bulk, h21_traveller_esim,
         h21_family_shared_account, h21_east_asia_wallets, h21_latam_local_pay,
         h21_cee_nordic_pay, h21_console_vr_browsers, h21_agentic_checkout,
         h21_school_chromebooks, h21_diaspora_gifting, h21_split_cart,
         h21_relay_hopping_iphones]


# ---------------------------------------------------------------- fraud

def _drop_mail(rng, local=None):
    return "%s@%s" % (local or junk(rng, rng.randint(7, 11)), rng.choice(DISPOSABLE))


def f21_card_testing_micro(rng, ctx):
    """Card testing: a checker built on an HTTP client impersonating Chrome's TLS and
    headers (or plain aiohttp) posts the smallest face values with card after card, each
    from a different rotating residential exit, a new throwaway account per attempt, no
    page view and no cookie. Trace: no visit before the order, no beacon, minimum amounts,
    bursts seconds apart, residential addresses of many ISPs."""
    out = []
    for _ in range(ctx.n(4)):
        inst = Instance("f21_card_testing_micro", "fraud")
        t = start(rng, ctx, 600)
        prof = rng.choice(["h21_rnet_chrome145", "h21_rnet_chrome145", "h21_aiohttp"])
        for _k in range(rng.randint(7, 11)):
            dev = device(rng, "US", prof, cookies="none", beacon=False)
            user = junk(rng, 9)
            email = _drop_mail(rng) if rng.random() < 0.5 else "%s@gmail.com" % junk(rng, 10)
            inst.order(t, dev, ip(rng, "h21_resi_US"),
                       order(rng, user, email, "USD", rng.choice([1, 2, 5]),
                             product=rng.choice(["steam-wallet", "google-play", "razer-gold"]),
                             method="card"))
            t += rng.uniform(2, 9)
        out.append(inst)
    return out


def f21_resi_antidetect_nocookie(rng, ctx):
    """Carders on a Firefox-based anti-detect browser (Camoufox style) with cookies off,
    one fresh profile, account and residential exit per stolen card, the exit and the
    profile's timezone matched to the card's country. A short, purposeful visit, then a
    high-value card or key. Trace: a device never seen before that returns no cookie,
    new accounts, high amounts, residential proxy exits (no datacenter)."""
    out = []
    targets = [("US", "h21_resi_US"), ("US", "h21_resi_US"), ("GB", "h21_resi_EU"),
               ("DE", "h21_resi_EU"), ("FR", "h21_resi_EU"), ("JP", "h21_resi_APAC"),
               ("AU", "h21_resi_APAC")]
    for _ in range(ctx.n(28)):
        cc, pool = rng.choice(targets)
        inst = Instance("f21_resi_antidetect_nocookie", "fraud")
        dev = device(rng, cc, "h21_camoufox", cookies="none")
        addr = ip(rng, pool)
        user, email = person(rng, cc, ["gmail.com", "outlook.com", "proton.me"])
        t = browse(inst, rng, start(rng, ctx), dev, addr, (1, 2), (6, 25))
        cur = LOCALES[cc][1]
        inst.order(t + rng.uniform(12, 45), dev, addr,
                   order(rng, user, email, cur, face(rng, cur, True),
                         product=rng.choice(CARDS[:6] + ["windows-11-pro-key"]), method="card"))
        out.append(inst)
    return out


def f21_ato_many_devices(rng, ctx):
    """Account takeover worked by a crew: a real customer's account (bought as a
    credential-stuffing hit) used from several anti-detect profiles, a cloud phone and a
    Windows VPS within the hour, each on its own residential or mobile-proxy exit, draining
    the saved card with high-value orders. Trace: one account, three to five devices never
    seen with it, changing addresses, high amounts, the account's own email kept."""
    out = []
    for _ in range(ctx.n(7)):
        cc = rng.choice(["US", "US", "GB", "DE", "CA", "AU"])
        inst = Instance("f21_ato_many_devices", "fraud")
        user, email = person(rng, cc)
        cur = LOCALES[cc][1]
        t = start(rng, ctx, 1800)
        for _d in range(rng.randint(3, 5)):
            dev = device(rng, cc, rng.choice(["h20_antidetect_145", "h21_camoufox",
                                              "h21_cdp_chrome_vps", "h21_cloud_phone_a12"]))
            addr = ip(rng, rng.choice(["h21_resi_US" if cc == "US" else "h21_resi_EU",
                                       "h21_mproxy"]))
            t = browse(inst, rng, t + rng.uniform(60, 400), dev, addr, (1, 2), (5, 30))
            inst.order(t + rng.uniform(10, 40), dev, addr,
                       order(rng, user, email, cur, face(rng, cur, True), product=rng.choice(CARDS[:6]),
                             method=rng.choice(["card", "paypal", "apple_pay"])))
        out.append(inst)
    return out


def f21_low_slow(rng, ctx):
    """Low and slow: accounts warmed weeks in advance (a few visits from the same anti-detect
    profile, so the device cookie is aged), each now placing a single ordinary-looking
    order with a stolen card of the same country, from a residential exit in that country,
    at a human pace; the crew spreads its cards over many such accounts. Trace: almost
    none; a consistent but uncommon Chrome build on Windows and residential proxy ASNs."""
    out = []
    for _ in range(ctx.n(22)):
        cc = rng.choice(["US", "US", "GB", "DE", "CA"])
        inst = Instance("f21_low_slow", "fraud")
        dev = device(rng, cc, rng.choice(["h20_antidetect_145", "h19_antidetect_win_144"]),
                     age=rng.choice(AGES[:3]))
        addr = ip(rng, "h21_resi_US" if cc == "US" else "h21_resi_EU")
        user, email = person(rng, cc)
        t = browse(inst, rng, start(rng, ctx), dev, addr, (2, 3), (30, 120))
        cur = LOCALES[cc][1]
        inst.order(t + rng.uniform(60, 200), dev, addr,
                   order(rng, user, email, cur, face(rng, cur, rng.random() < 0.4),
                         product=rng.choice(CARDS), method="card"))
        out.append(inst)
    return out


def f21_infostealer_session(rng, ctx):
    """Infostealer session replay: the victim's browser cookies (the shop's device cookie
    among them) were lifted by malware and sold in a log; the buyer imports them into an
    anti-detect profile and orders on the victim's logged-in account through a residential
    exit in the victim's country, sending the codes to a lookalike address. The victim
    browsed the shop earlier in the window from home. Trace: the victim's aged device
    cookie presented by another browser build from another address, a changed delivery
    email, high amounts."""
    out = []
    for _ in range(ctx.n(22)):
        cc = rng.choice(["US", "US", "GB", "DE", "FR", "CA", "AU"])
        inst = Instance("f21_infostealer_session", "fraud")
        victim = device(rng, cc, rng.choice(["h21_chrome_win_146", "h20_edge_win_145"]),
                        age=rng.choice(AGES[1:]))
        user, _ = person(rng, cc)
        t = start(rng, ctx, 900)
        inst.visit(t, victim, ip(rng, home(cc)))
        loc = LOCALES[cc]
        thief = StolenSessionDevice(rng, victim, rng.choice(["h20_antidetect_145", "h21_camoufox"]),
                                    loc[0], (loc[2], loc[3]))
        addr = ip(rng, "h21_resi_US" if cc == "US" else "h21_resi_EU")
        t += rng.uniform(120, 700)
        if rng.random() < 0.6:
            inst.visit(t, thief, addr)
            t += rng.uniform(8, 40)
        email = "%s%d@%s" % (user[:10], rng.randint(1, 999),
                             rng.choice(["outlook.com", "proton.me", "gmx.com"]))
        cur = loc[1]
        inst.order(t, thief, addr, order(rng, user, email, cur, face(rng, cur, True),
                                         product=rng.choice(CARDS[:6]), method="card"))
        out.append(inst)
    return out


def f21_friendly_fraud(rng, ctx):
    """First-party fraud: real customers on their own aged devices and home lines buy
    high-value cards or keys and later dispute them as unauthorised or "code never
    arrived" (sometimes the teenager's purchase the parent disowns). Trace: none at the
    edge beyond amounts at the high end of the customer's range."""
    out = []
    for _ in range(ctx.n(24)):
        cc = rng.choice(["US", "US", "GB", "DE", "FR", "BR", "MX", "IN", "JP", "AU"])
        inst = Instance("f21_friendly_fraud", "fraud")
        dev = device(rng, cc, any_profile(rng, cc), age=rng.choice(AGES[1:]))
        addr = ip(rng, home(cc))
        user, email = person(rng, cc)
        t = browse(inst, rng, start(rng, ctx), dev, addr, (1, 3), (15, 100))
        cur = LOCALES[cc][1]
        inst.order(t + rng.uniform(30, 150), dev, addr,
                   order(rng, user, email, cur, face(rng, cur, True), rng.choice([1, 1, 2]),
                         cc=cc))
        out.append(inst)
    return out


def f21_scalper_bulk(rng, ctx):
    """Scripted bulk buying at a promotion drop: real Chrome driven over CDP without a
    WebDriver flag on Windows VPSes, behind static "ISP" proxy ranges; each bot runs a few
    plus-addressed accounts of one mailbox and buys the maximum quantity seconds apart,
    with stolen cards, to resell the codes. Trace: a burst at one moment, identical VPS
    fingerprints (small screen, two cores), ISP-proxy ASNs, plus-addressed emails,
    maximum quantities."""
    out = []
    drop = rng.uniform(600, ctx.window - 900)
    for _ in range(ctx.n(8)):
        inst = Instance("f21_scalper_bulk", "fraud")
        base = junk(rng, 8, string.ascii_lowercase)
        dev = device(rng, "US", "h21_cdp_chrome_vps")
        t = drop + rng.uniform(-30, 90)
        for k in range(rng.randint(3, 4)):
            addr = ip(rng, "h21_isp_proxy")
            inst.visit(t, dev, addr)
            t += rng.uniform(1.5, 6)
            inst.order(t, dev, addr,
                       order(rng, "%s%d" % (base, k + 1), "%s+%d@gmail.com" % (base, k + 1), "USD",
                             rng.choice([50, 100]), rng.choice([5, 8, 10]),
                             rng.choice(["psn-card", "steam-wallet", "xbox-gift"]), "card"))
            t += rng.uniform(2, 12)
        out.append(inst)
    return out


def f21_agent_carding(rng, ctx):
    """Carding by LLM browser agents: an open-source agent framework on a cloud-browser
    service, one task per stolen card ("buy the highest Steam card with these details"),
    each run a fresh container in a cloud region, reading the pages at a human-like pace
    and checking out. Trace: datacenter ASNs, a Linux container Chromium without the Google
    brand, UTC clocks, a new device and account per card."""
    out = []
    for _ in range(ctx.n(25)):
        cc = rng.choice(["US", "US", "GB", "CA", "AU", "DE"])
        inst = Instance("f21_agent_carding", "fraud")
        dev = device(rng, cc, "h21_agent_cloud_chromium", tz=("UTC", 0), lang="en-US,en;q=0.9")
        addr = ip(rng, rng.choice(["h21_dc", "h21_dc", "h21_agent_cloud"]))
        user, email = person(rng, cc, ["gmail.com", "outlook.com", "yahoo.com"])
        t = browse(inst, rng, start(rng, ctx), dev, addr, (2, 4), (8, 40))
        cur = LOCALES[cc][1]
        inst.order(t + rng.uniform(10, 40), dev, addr,
                   order(rng, user, email, cur, face(rng, cur, True),
                         product=rng.choice(CARDS[:6]), method="card"))
        out.append(inst)
    return out


def f21_cloud_phone_farm(rng, ctx):
    """A cloud-phone farm: Android instances rented on Alibaba, Tencent and Huawei clouds
    (mainland and abroad), each hosting several accounts, buying game diamonds and top-ups
    with cards phished by SMS ("smishing") and provisioned into Google Pay. Trace: phone
    user agents on cloud-provider addresses, several accounts per device, wallet payments,
    Asian currencies."""
    out = []
    for _ in range(ctx.n(8)):
        cc = rng.choice(["CN", "TW", "KR", "HK", "SG", "TH"])
        inst = Instance("f21_cloud_phone_farm", "fraud")
        dev = device(rng, cc, rng.choice(["h21_cloud_phone_a12", "h20_cloudphone_wv"]))
        addr = ip(rng, "h21_cloud_CN" if cc == "CN" else "h21_cloud_intl")
        cur = LOCALES[cc][1]
        t = start(rng, ctx, 900)
        for _a in range(rng.randint(2, 4)):
            user, email = person(rng, cc)
            t = browse(inst, rng, t + rng.uniform(30, 200), dev, addr, (1, 2), (5, 20))
            inst.order(t + rng.uniform(8, 30), dev, addr,
                       order(rng, user, email, cur, face(rng, cur, rng.random() < 0.5),
                             product=rng.choice(GAMES), method=rng.choice(["google_pay", "card"])))
        out.append(inst)
    return out


def f21_triangulation_reseller(rng, ctx):
    """Triangulation through a Telegram storefront: real people order discounted codes
    from a reseller's Telegram shop and pay him; he buys each one here with a stolen card,
    entering the real customer's name and mail so the code reaches them directly. A couple
    of his own browsers, on his home line abroad or a commercial VPN. Trace: one device and
    address placing orders for many unrelated accounts and mailboxes of several countries
    and currencies."""
    out = []
    for _ in range(ctx.n(6)):
        inst = Instance("f21_triangulation_reseller", "fraud")
        devs = [Device(rng, rng.choice(["h21_chrome_win_146", "h20_firefox_win_148"]),
                       "en-US,en;q=0.9", ("UTC", 0)) for _k in range(rng.randint(1, 2))]
        pool = "h21_origin" if rng.random() < 0.4 else "h21_vpn"
        t = start(rng, ctx, 1500)
        for _o in range(rng.randint(3, 5)):
            dev = rng.choice(devs)
            addr = ip(rng, pool)
            cc = rng.choice(["US", "GB", "DE", "BR", "PH", "IN", "TR", "MX"])
            user, email = person(rng, cc)
            cur = LOCALES[cc][1]
            t = browse(inst, rng, t + rng.uniform(90, 400), dev, addr, (1, 1), (1, 2))
            inst.order(t + rng.uniform(15, 50), dev, addr,
                       order(rng, user, email, cur, face(rng, cur, rng.random() < 0.5),
                             product=rng.choice(CARDS + ["discord-nitro", "chatgpt-plus-1m",
                                                         "spotify-premium-3m"]), method="card"))
        out.append(inst)
    return out


def f21_esim_swap_ato(rng, ctx):
    """eSIM swap takeover: the attacker talks the carrier into moving the victim's number
    to a new eSIM, resets the shop password by SMS, and buys from a fresh phone on that same
    national carrier (the victim's country, carrier NAT), sending the codes to the account's
    mail he now controls. Trace: a new device on an existing account, a high amount, a
    mobile address of the right country: the shape of an honest first purchase on a new
    phone."""
    out = []
    for _ in range(ctx.n(22)):
        cc = rng.choice(["US", "US", "JP", "KR", "PL", "SA", "MY", "BR"])
        inst = Instance("f21_esim_swap_ato", "fraud")
        dev = device(rng, cc, mobile_profile(rng, cc))
        addr = ip(rng, cgnat(cc))
        user, email = person(rng, cc)
        t = browse(inst, rng, start(rng, ctx), dev, addr, (1, 3), (10, 60))
        cur = LOCALES[cc][1]
        inst.order(t + rng.uniform(20, 90), dev, addr,
                   order(rng, user, email, cur, face(rng, cur, True), rng.choice([1, 2]),
                         product=rng.choice(CARDS[:6]), cc=cc))
        out.append(inst)
    return out


def f21_proxyware_mobile_exits(rng, ctx):
    """Orders through proxyware exits: bandwidth-sharing SDKs inside free Android apps turn
    ordinary phones in Southeast Asia, India, Brazil and Turkey into proxy exits; an
    anti-detect mobile profile (an emulated phone driven by Appium) buys USD or EUR cards
    with stolen Western cards through them. Trace: carrier-NAT addresses of one country
    with the currency, language and card of another, webdriver set on a phone."""
    out = []
    exits = ["ID", "PH", "IN", "TH", "MY", "BR", "TR"]
    for _ in range(ctx.n(27)):
        there = rng.choice(exits)
        cc = rng.choice(["US", "US", "GB", "DE", "CA"])
        inst = Instance("f21_proxyware_mobile_exits", "fraud")
        dev = device(rng, cc, rng.choice(["h21_appium_phone", "h21_chrome_android_146"]))
        addr = ip(rng, cgnat(there))
        user, email = person(rng, cc, ["gmail.com", "outlook.com"])
        t = browse(inst, rng, start(rng, ctx), dev, addr, (1, 2), (5, 30))
        cur = LOCALES[cc][1]
        inst.order(t + rng.uniform(10, 50), dev, addr,
                   order(rng, user, email, cur, face(rng, cur, rng.random() < 0.6),
                         product=rng.choice(CARDS[:6]), method="card"))
        out.append(inst)
    return out


FRAUD = [f21_card_testing_micro, f21_resi_antidetect_nocookie, f21_ato_many_devices,
         f21_low_slow, f21_infostealer_session, f21_friendly_fraud, f21_scalper_bulk,
         f21_agent_carding, f21_cloud_phone_farm, f21_triangulation_reseller,
         f21_esim_swap_ato, f21_proxyware_mobile_exits]
