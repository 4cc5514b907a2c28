"""The third blind persona set for the evaluation harness: `--personas holdout3`.

How it was written (issue 13, item 1/2: traffic nobody tuned to). The author read only
the harness plumbing: cell.py, clients.py, traffic.py, classify.py, __main__.py,
build_ip_table.py, build_ip_table_holdout2.py, the pool names/countries/ASNs of
ip_table.json and ip_table_holdout2.json, the scaffold of test_holdout2.py (imports and
helpers, not its test bodies), the demo's order route and field map in config/demo.toml
(not its [risk*], [limits*] or [lists*] sections), and the README's sections on client
identity, geolocation, device identity (cookie, HTTP fingerprint, beacon) and the first
steps of "Order scoring" (the field map; its feature list was seen in passing). One
expression of the beacon script was looked up to get the wire convention of
`tz_offset` (minutes east of UTC). NOT read: personas.py, fraud.py, holdout.py,
holdout2.py, the bodies of test_holdout*.py, models/train/, models/MODEL.md, the rest of
models/EVAL.md, models/report/, src/risk/, src/guards.rs, src/state/, device and
fingerprint code, any git log message or benchmark about the model (the last five lines
of models/EVAL.md were glimpsed, after the set was written, when appending its method
paragraph). Nothing here was changed after seeing allow/review/block figures: the set was
run once, for plumbing, and only its orders per label and errors were looked at.

The shop: an auto-delivery shop for gift cards, game top-ups, mobile top-ups, eSIM data
and licence keys, selling worldwide in the buyer's currency (25 currencies, among them
JPY, KRW, CNY, EUR, IDR, VND, PHP, INR, BRL, TRY). Amounts are order totals at face
value, sometimes with a service fee; quantity multiplies the face value.

Legitimate personas (about 500 orders per cell at scale 1, 3000 s window):
  returning_topup       established buyers, 27 countries, small and mid amounts
  first_gift_big        first purchase, brand-new device, 150-600 USD-equivalent gifts
  impulse_microtx       2-4 quick micro top-ups on a phone; mobile IPs rotate mid-session
  privacy_no_cookie     Firefox resistFingerprinting with the beacon blocked, Brave that
                        forgets cookies, Safari blocking all cookies, iCloud Private Relay,
                        relay e-mail addresses (Hide My Email, Firefox Relay, duck.com)
  cgnat_carriers        many subscribers behind a few carrier-NAT addresses (IN, ID, PH,
                        VN, BR, CN, KR), including carriers geolocated abroad (DE, IN)
  pc_bang_cafe          gaming cafes: one address, identical machines (one disk image,
                        same canvas), cookies wiped at logout, a dozen customers each
  corporate_bulk        HR/procurement buying 10-50 cards or licence keys at once, often
                        through a corporate proxy egressing in another country
  travellers            hotel Wi-Fi abroad, home-routed roaming (home IP, foreign
                        timezone), local eSIMs; home language, sometimes local currency
  diaspora_topup        migrants topping up relatives' phones in the home currency from
                        the country they live in (currency != IP country)
  household_shared      one family device, several accounts (parents and children)
  double_submit_retry   double clicks and retries after a declined payment
  vpn_always_on         returning buyers whose VPN app is always on (consumer VPN exits)
  starlink_rural        satellite users geolocated where the ground station is listed
  phone_to_laptop       browses on the phone, pays on the laptop
  stealer_victim_own    the real owners of the accounts in ato_stealer_cookie

Fraud personas (about 300 orders per cell):
  card_test_script      card checkers hitting the order API: copied Chrome UA, requests,
                        Go; a residential proxy address per order; bursts of tiny orders
  card_test_browser     the same through a headless / stealth browser on the real page
  ato_stealer_cookie    infostealer logs: the victim's cookie and fingerprint replayed
                        from a residential proxy, draining with high-value cards
  ato_antidetect        credential stuffing hits used from anti-detect browser profiles
                        (new canvas each, timezone usually matched to the proxy)
  one_account_many_dev  a ring sharing a few accounts, each order a new device and IP,
                        staying under five orders per account per day
  low_slow_carder       one order per card every 5-12 minutes, each a new account,
                        device and residential IP in the card's country
  bulk_reseller         stolen cards, 5-20 cards per order, from datacenter / VPN exits
  promo_multiaccount    first-purchase bonus farming: one device, Gmail dot and plus
                        variants of one mailbox, many new accounts
  triangulation         a grey-market reseller's own aged device ordering for its
                        customers with stolen cards (many users and currencies, one device)
  sim_farm_billing      carrier-billing fraud from a farm of identical phones

Label counts (orders inside the window, scale 1): seed 1: 510 legit / 292 fraud, seed 2:
515 / 309, seed 3: 512 / 286, seed 31: 504 / 293 (test_holdout3.py checks the ranges).
Legit orders come from 14 personas plus the stealer victims' own orders, fraud from 10.

Not modelled, on purpose: friendly fraud (chargebacks by the real owner), which nothing
in an order request can tell apart from a good order.
"""

import json
import os
import string

from .clients import PROFILES

HERE = os.path.dirname(os.path.abspath(__file__))
_EXTRA = {}


def pools(ctx):
    """ctx.pools (ip_table.json) plus ip_table_holdout2.json and ip_table_holdout3.json."""
    if not _EXTRA:
        for name in ("ip_table_holdout2.json", "ip_table_holdout3.json"):
            with open(os.path.join(HERE, name)) as f:
                _EXTRA.update(json.load(f)["pools"])
    merged = dict(_EXTRA)
    merged.update(ctx.pools)
    return merged


# ---------------------------------------------------------------------------- clients

class Device:
    """One browser (or script) as the shop sees it. `cookies`: keep | session | none."""

    _next = 0

    def __init__(self, rng, profile, cc, cookies="keep", age_days=0, beacon=None, tz=None,
                 langs=None, canvas_seed=None):
        Device._next += 1
        self.key = "h3-%d" % Device._next
        self.profile = profile
        p = PROFILES[profile]
        loc = LOC.get(cc, LOC["US"])
        if p["kind"] == "script":
            # A library sends no Accept-Language unless the operator set one.
            self.languages = list(langs or [])
            self.lang = accept_language("chromium", langs) if langs else ""
        else:
            langs = langs or loc["langs"]
            if p.get("rfp"):
                langs = ["en-US", "en"]  # resistFingerprinting spoofs the language list
            self.languages = list(langs)
            self.lang = accept_language(p["kind"], langs)
        self.tz_name, self.tz_offset = tz or rng.choice(loc["tz"])
        self.cookies, self.age_days = cookies, age_days
        self.beacon = p.get("beacon", False) if beacon is None else beacon
        self.canvas_seed = rng.getrandbits(32) if canvas_seed is None else canvas_seed
        self.cookie = None


def accept_language(kind, langs):
    """The Accept-Language header each browser family builds from the language list."""
    if kind == "firefox":
        n = len(langs)
        return ",".join(l if i == 0 else "%s;q=%.1f" % (l, round(1 - i / n, 1))
                        for i, l in enumerate(langs))
    return ",".join(l if i == 0 else "%s;q=%.1f" % (l, max(0.1, 1 - i / 10))
                    for i, l in enumerate(langs))


class Instance:
    def __init__(self, persona, label):
        self.persona, self.label, self.actions = persona, label, []

    def visit(self, t, dev, ip):
        self.actions.append({"t": t, "kind": "visit", "device": dev, "ip": ip})

    def order(self, t, dev, ip, order):
        self.actions.append({"t": t, "kind": "order", "device": dev, "ip": ip,
                             "order": dict(order)})


# ---------------------------------------------------------------------------- locales

def _tz(*pairs):
    return list(pairs)


# country -> currency, language lists, timezones (offset in minutes east of UTC on
# 2026-03-02: before the EU and US summer-time switches), e-mail domains, pools, the
# share of orders from phones, payment methods with weights.
LOC = {
    "US": dict(cur="USD", langs=["en-US", "en"], tz=_tz(("America/New_York", -300), ("America/Chicago", -360), ("America/Denver", -420), ("America/Los_Angeles", -480)),
               mail=["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "hotmail.com", "aol.com", "comcast.net"],
               home="home_US", mobile="mobile_US", mob=0.55,
               pay=[("card", 50), ("paypal", 20), ("apple_pay", 15), ("google_pay", 8), ("cashapp", 4), ("crypto", 3)]),
    "CA": dict(cur="CAD", langs=["en-CA", "en"], tz=_tz(("America/Toronto", -300), ("America/Vancouver", -480)),
               mail=["gmail.com", "hotmail.com", "outlook.com", "rogers.com", "shaw.ca", "videotron.ca"],
               home="home_CA", mobile=None, mob=0.5,
               pay=[("card", 55), ("paypal", 20), ("apple_pay", 15), ("interac", 10)]),
    "GB": dict(cur="GBP", langs=["en-GB", "en"], tz=_tz(("Europe/London", 0)),
               mail=["gmail.com", "outlook.com", "hotmail.co.uk", "btinternet.com", "icloud.com", "yahoo.co.uk"],
               home="home_GB", mobile="mobile_GB", mob=0.55,
               pay=[("card", 50), ("paypal", 25), ("apple_pay", 15), ("google_pay", 10)]),
    "DE": dict(cur="EUR", langs=["de-DE", "de", "en-US", "en"], tz=_tz(("Europe/Berlin", 60)),
               mail=["gmx.de", "web.de", "t-online.de", "gmail.com", "posteo.de", "outlook.de"],
               home="home_DE", mobile="mobile_DE", mob=0.45,
               pay=[("paypal", 45), ("card", 20), ("sofort", 15), ("giropay", 5), ("apple_pay", 10), ("paysafecard", 5)]),
    "FR": dict(cur="EUR", langs=["fr-FR", "fr", "en-US", "en"], tz=_tz(("Europe/Paris", 60)),
               mail=["orange.fr", "free.fr", "gmail.com", "laposte.net", "sfr.fr", "hotmail.fr"],
               home="home_FR", mobile="mobile_FR", mob=0.5,
               pay=[("card", 55), ("paypal", 25), ("apple_pay", 15), ("paysafecard", 5)]),
    "ES": dict(cur="EUR", langs=["es-ES", "es"], tz=_tz(("Europe/Madrid", 60)),
               mail=["gmail.com", "hotmail.es", "yahoo.es", "telefonica.net", "outlook.es"],
               home="home_ES", mobile=None, mob=0.6,
               pay=[("card", 55), ("paypal", 25), ("bizum", 10), ("apple_pay", 10)]),
    "IT": dict(cur="EUR", langs=["it-IT", "it", "en-US", "en"], tz=_tz(("Europe/Rome", 60)),
               mail=["libero.it", "gmail.com", "alice.it", "hotmail.it", "virgilio.it", "tiscali.it"],
               home="home_IT", mobile=None, mob=0.6,
               pay=[("card", 45), ("paypal", 35), ("satispay", 5), ("apple_pay", 10), ("paysafecard", 5)]),
    "NL": dict(cur="EUR", langs=["nl-NL", "nl", "en-US", "en"], tz=_tz(("Europe/Amsterdam", 60)),
               mail=["gmail.com", "ziggo.nl", "kpnmail.nl", "hotmail.com", "outlook.com", "xs4all.nl"],
               home="home_NL", mobile=None, mob=0.5,
               pay=[("ideal", 60), ("paypal", 15), ("card", 15), ("apple_pay", 10)]),
    "PL": dict(cur="PLN", langs=["pl-PL", "pl", "en-US", "en"], tz=_tz(("Europe/Warsaw", 60)),
               mail=["wp.pl", "onet.pl", "o2.pl", "interia.pl", "gmail.com"],
               home="home_PL", mobile=None, mob=0.6,
               pay=[("blik", 55), ("card", 20), ("przelewy24", 15), ("paypal", 10)]),
    "SE": dict(cur="SEK", langs=["sv-SE", "sv", "en-US", "en"], tz=_tz(("Europe/Stockholm", 60)),
               mail=["gmail.com", "telia.com", "hotmail.se", "outlook.com"],
               home="home_SE", mobile=None, mob=0.55,
               pay=[("swish", 40), ("klarna", 25), ("card", 25), ("apple_pay", 10)]),
    "CH": dict(cur="CHF", langs=["de-CH", "de", "fr-CH", "en"], tz=_tz(("Europe/Zurich", 60)),
               mail=["bluewin.ch", "gmail.com", "gmx.ch", "hispeed.ch"],
               home="home_CH", mobile=None, mob=0.5,
               pay=[("twint", 40), ("card", 35), ("paypal", 15), ("apple_pay", 10)]),
    "TR": dict(cur="TRY", langs=["tr-TR", "tr", "en-US", "en"], tz=_tz(("Europe/Istanbul", 180)),
               mail=["gmail.com", "hotmail.com", "yandex.com", "outlook.com"],
               home="home_TR", mobile=None, mob=0.7,
               pay=[("card", 70), ("papara", 20), ("paypal", 10)]),
    "JP": dict(cur="JPY", langs=["ja", "en-US", "en"], tz=_tz(("Asia/Tokyo", 540)),
               mail=["docomo.ne.jp", "ezweb.ne.jp", "softbank.ne.jp", "yahoo.co.jp", "gmail.com", "icloud.com"],
               home="home_JP", mobile="mobile_JP", mob=0.65,
               pay=[("card", 45), ("konbini", 20), ("paypay", 15), ("carrier_billing", 10), ("apple_pay", 10)]),
    "KR": dict(cur="KRW", langs=["ko-KR", "ko", "en-US", "en"], tz=_tz(("Asia/Seoul", 540)),
               mail=["naver.com", "daum.net", "hanmail.net", "gmail.com", "kakao.com"],
               home="home_KR", mobile="mobile_KR", mob=0.65,
               pay=[("card", 35), ("kakaopay", 25), ("naverpay", 15), ("toss", 15), ("carrier_billing", 10)]),
    "CN": dict(cur="CNY", langs=["zh-CN", "zh"], tz=_tz(("Asia/Shanghai", 480)),
               mail=["qq.com", "163.com", "126.com", "sina.com", "foxmail.com"],
               home="home_CN", mobile="mobile_CN", mob=0.75,
               pay=[("alipay", 55), ("wechat_pay", 40), ("unionpay", 5)]),
    "TW": dict(cur="TWD", langs=["zh-TW", "zh", "en-US", "en"], tz=_tz(("Asia/Taipei", 480)),
               mail=["gmail.com", "yahoo.com.tw", "hotmail.com", "hinet.net"],
               home="home_TW", mobile=None, mob=0.65,
               pay=[("card", 55), ("line_pay", 25), ("jkopay", 10), ("apple_pay", 10)]),
    "HK": dict(cur="HKD", langs=["zh-HK", "zh", "en-GB", "en"], tz=_tz(("Asia/Hong_Kong", 480)),
               mail=["gmail.com", "yahoo.com.hk", "netvigator.com", "hotmail.com"],
               home="home_HK", mobile=None, mob=0.65,
               pay=[("card", 45), ("alipayhk", 20), ("fps", 15), ("octopus", 10), ("apple_pay", 10)]),
    "AU": dict(cur="AUD", langs=["en-AU", "en"], tz=_tz(("Australia/Sydney", 660), ("Australia/Brisbane", 600), ("Australia/Perth", 480)),
               mail=["gmail.com", "bigpond.com", "outlook.com", "optusnet.com.au", "icloud.com"],
               home="home_AU", mobile=None, mob=0.55,
               pay=[("card", 50), ("paypal", 20), ("apple_pay", 15), ("afterpay", 10), ("google_pay", 5)]),
    "BR": dict(cur="BRL", langs=["pt-BR", "pt", "en-US", "en"], tz=_tz(("America/Sao_Paulo", -180)),
               mail=["gmail.com", "hotmail.com", "outlook.com", "uol.com.br", "bol.com.br", "yahoo.com.br"],
               home="home_BR", mobile="mobile_BR", mob=0.7,
               pay=[("pix", 65), ("card", 25), ("boleto", 10)]),
    "MX": dict(cur="MXN", langs=["es-MX", "es-419", "es", "en"], tz=_tz(("America/Mexico_City", -360), ("America/Tijuana", -480)),
               mail=["gmail.com", "hotmail.com", "outlook.com", "yahoo.com.mx", "prodigy.net.mx"],
               home="home_MX", mobile=None, mob=0.7,
               pay=[("card", 45), ("oxxo", 30), ("paypal", 15), ("mercadopago", 10)]),
    "IN": dict(cur="INR", langs=["en-IN", "en-GB", "en-US", "en", "hi"], tz=_tz(("Asia/Kolkata", 330)),
               mail=["gmail.com", "yahoo.co.in", "rediffmail.com", "outlook.com"],
               home="home_IN", mobile="mobile_IN", mob=0.8,
               pay=[("upi", 70), ("card", 15), ("paytm", 10), ("netbanking", 5)]),
    "ID": dict(cur="IDR", langs=["id-ID", "id", "en-US", "en"], tz=_tz(("Asia/Jakarta", 420), ("Asia/Makassar", 480)),
               mail=["gmail.com", "yahoo.co.id", "ymail.com"],
               home="home_ID", mobile="mobile_ID", mob=0.8,
               pay=[("gopay", 25), ("dana", 25), ("ovo", 20), ("qris", 15), ("bank_transfer", 10), ("carrier_billing", 5)]),
    "VN": dict(cur="VND", langs=["vi-VN", "vi", "en-US", "en"], tz=_tz(("Asia/Ho_Chi_Minh", 420)),
               mail=["gmail.com", "yahoo.com.vn", "outlook.com"],
               home="home_VN", mobile="mobile_VN", mob=0.8,
               pay=[("momo", 45), ("zalopay", 25), ("bank_transfer", 20), ("card", 10)]),
    "PH": dict(cur="PHP", langs=["en-US", "en", "fil"], tz=_tz(("Asia/Manila", 480)),
               mail=["gmail.com", "yahoo.com", "outlook.com"],
               home="home_PH", mobile="mobile_PH", mob=0.8,
               pay=[("gcash", 55), ("maya", 20), ("card", 15), ("seven_eleven", 10)]),
    "TH": dict(cur="THB", langs=["th-TH", "th", "en-US", "en"], tz=_tz(("Asia/Bangkok", 420)),
               mail=["gmail.com", "hotmail.com", "outlook.co.th"],
               home="home_TH", mobile=None, mob=0.75,
               pay=[("promptpay", 45), ("truemoney", 25), ("card", 25), ("rabbit_linepay", 5)]),
    "AE": dict(cur="AED", langs=["en-US", "en", "ar"], tz=_tz(("Asia/Dubai", 240)),
               mail=["gmail.com", "outlook.com", "hotmail.com", "emirates.net.ae"],
               home="home_AE", mobile=None, mob=0.7,
               pay=[("card", 60), ("apple_pay", 25), ("paypal", 10), ("tabby", 5)]),
    "SA": dict(cur="SAR", langs=["ar-SA", "ar", "en-US", "en"], tz=_tz(("Asia/Riyadh", 180)),
               mail=["gmail.com", "hotmail.com", "outlook.sa"],
               home="home_SA", mobile=None, mob=0.75,
               pay=[("mada", 50), ("apple_pay", 25), ("card", 20), ("stc_pay", 5)]),
}

# Rough USD value of one unit (early 2026), only to pick face values near a USD target.
USD_PER = {"USD": 1, "CAD": 0.72, "GBP": 1.27, "EUR": 1.08, "PLN": 0.25, "SEK": 0.095,
           "CHF": 1.12, "TRY": 0.028, "JPY": 0.0067, "KRW": 0.00072, "CNY": 0.138,
           "TWD": 0.031, "HKD": 0.128, "AUD": 0.65, "BRL": 0.18, "MXN": 0.05, "INR": 0.012,
           "IDR": 0.000062, "VND": 0.000039, "PHP": 0.0175, "THB": 0.029, "AED": 0.272,
           "SAR": 0.267}
NO_DECIMALS = {"JPY", "KRW", "IDR", "VND"}
# Game top-up tiers priced in CNY (6, 30, 68 ... yuan packs).
CNY_TIERS = [6, 30, 68, 98, 128, 198, 328, 648, 1296]

# The shop's legitimate country mix (weights).
MIX = [("US", 16), ("GB", 7), ("DE", 9), ("FR", 5), ("ES", 3), ("IT", 3), ("NL", 3),
       ("PL", 3), ("SE", 1), ("CH", 1), ("TR", 2), ("JP", 7), ("KR", 6), ("CN", 4),
       ("TW", 2), ("HK", 1), ("CA", 3), ("AU", 3), ("BR", 6), ("MX", 3), ("IN", 5),
       ("ID", 3), ("VN", 2), ("PH", 3), ("TH", 2), ("AE", 1), ("SA", 1)]

FIRST = {
    "en": ["james", "mary", "michael", "jennifer", "david", "sarah", "chris", "emily",
           "daniel", "jessica", "matt", "ashley", "ryan", "olivia", "tyler", "hannah"],
    "de": ["lukas", "anna", "felix", "lena", "jonas", "marie", "tobias", "julia", "max"],
    "fr": ["lucas", "camille", "hugo", "lea", "louis", "manon", "theo", "chloe"],
    "es": ["pablo", "lucia", "javier", "maria", "alejandro", "carmen", "diego", "sofia"],
    "it": ["marco", "giulia", "luca", "francesca", "matteo", "chiara", "andrea"],
    "nl": ["daan", "sanne", "bram", "lotte", "thijs", "fleur", "jesse"],
    "pl": ["jakub", "zuzanna", "kacper", "julia", "mateusz", "natalia"],
    "sv": ["erik", "elin", "oskar", "maja", "lars", "ebba"],
    "tr": ["emre", "elif", "burak", "zeynep", "mehmet", "ayse"],
    "ja": ["haruto", "yui", "sota", "hina", "ren", "sakura", "takumi", "aoi"],
    "ko": ["minjun", "seoyeon", "jiho", "jiwoo", "hyunwoo", "soyeon", "dohyun"],
    "zh": ["wei", "fang", "lei", "jing", "hao", "yan", "jun", "xin"],
    "pt": ["joao", "ana", "pedro", "beatriz", "lucas", "juliana", "gabriel"],
    "hi": ["rahul", "priya", "amit", "neha", "arjun", "pooja", "vikram", "ananya"],
    "id": ["budi", "siti", "agus", "dewi", "rizky", "putri", "adi"],
    "vi": ["minh", "linh", "tuan", "huong", "duc", "trang", "nam"],
    "fil": ["jose", "maria", "mark", "angel", "john", "kristine", "paolo"],
    "th": ["somchai", "ploy", "nattapong", "siriporn", "kittisak"],
    "ar": ["mohammed", "fatima", "ahmed", "noura", "omar", "sara", "khalid"],
}
LAST = {
    "en": ["smith", "johnson", "brown", "miller", "davis", "wilson", "taylor", "clark"],
    "de": ["mueller", "schmidt", "schneider", "fischer", "weber", "wagner", "becker"],
    "fr": ["martin", "bernard", "dubois", "thomas", "robert", "petit", "durand"],
    "es": ["garcia", "fernandez", "lopez", "martinez", "sanchez", "gomez", "ruiz"],
    "it": ["rossi", "russo", "ferrari", "esposito", "bianchi", "romano", "colombo"],
    "nl": ["devries", "jansen", "bakker", "visser", "smit", "meijer"],
    "pl": ["nowak", "kowalski", "wisniewski", "wojcik", "kaminski"],
    "sv": ["andersson", "johansson", "karlsson", "nilsson", "eriksson"],
    "tr": ["yilmaz", "kaya", "demir", "sahin", "celik", "aydin"],
    "ja": ["sato", "suzuki", "takahashi", "tanaka", "watanabe", "ito", "yamamoto"],
    "ko": ["kim", "lee", "park", "choi", "jung", "kang", "cho"],
    "zh": ["wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao"],
    "pt": ["silva", "santos", "oliveira", "souza", "rodrigues", "ferreira", "almeida"],
    "hi": ["sharma", "verma", "gupta", "singh", "kumar", "patel", "reddy", "iyer"],
    "id": ["santoso", "wijaya", "saputra", "hidayat", "pratama", "kurniawan"],
    "vi": ["nguyen", "tran", "le", "pham", "hoang", "vu", "dang"],
    "fil": ["santos", "reyes", "cruz", "bautista", "garcia", "mendoza"],
    "th": ["saetang", "srisuk", "wongsa", "chaiyaporn"],
    "ar": ["alharbi", "alqahtani", "almansouri", "hassan", "alsayed", "khan"],
}
NAME_LANG = {"US": "en", "CA": "en", "GB": "en", "AU": "en", "DE": "de", "CH": "de",
             "FR": "fr", "ES": "es", "MX": "es", "IT": "it", "NL": "nl", "PL": "pl",
             "SE": "sv", "TR": "tr", "JP": "ja", "KR": "ko", "CN": "zh", "TW": "zh",
             "HK": "zh", "BR": "pt", "IN": "hi", "ID": "id", "VN": "vi", "PH": "fil",
             "TH": "th", "AE": "ar", "SA": "ar"}
DISPOSABLE = ["mailinator.com", "guerrillamail.com", "10minutemail.com", "temp-mail.org",
              "yopmail.com", "sharklasers.com", "trashmail.com"]

PRODUCTS_GIFT = ["steam-wallet", "psn-card", "xbox-gift-card", "nintendo-eshop",
                 "google-play", "apple-gift-card", "amazon-gift-card", "netflix-gift",
                 "spotify-premium", "razer-gold", "roblox-robux", "fortnite-vbucks"]
PRODUCTS_GAME = ["valorant-points", "genshin-genesis-crystals", "pubg-mobile-uc",
                 "free-fire-diamonds", "mobile-legends-diamonds", "lol-riot-points",
                 "roblox-robux", "fortnite-vbucks", "honkai-star-rail-oneiric", "ea-fc-points",
                 "minecraft-coins", "brawl-stars-gems"]
PRODUCTS_KEY = ["windows-11-pro-key", "office-2021-pro-plus-key", "kaspersky-total-1y",
                "nordvpn-1y", "xbox-game-pass-ultimate-3m", "playstation-plus-12m",
                "microsoft-365-family-1y"]
# What a thief can resell fastest.
PRODUCTS_RESALE = ["apple-gift-card", "amazon-gift-card", "steam-wallet", "psn-card",
                   "razer-gold", "google-play", "xbox-gift-card"]


# ---------------------------------------------------------------------------- helpers

def wpick(rng, pairs):
    total = sum(w for _, w in pairs)
    x = rng.uniform(0, total)
    for v, w in pairs:
        x -= w
        if x <= 0:
            return v
    return pairs[-1][0]


def country(rng, mix=MIX):
    return wpick(rng, mix)


def profile_for(rng, cc, mobile):
    ios_heavy = cc in ("US", "JP", "GB", "AU", "CA", "CH", "SE", "HK", "AE", "SA")
    if mobile:
        if ios_heavy:
            return wpick(rng, [("safari_iphone", 55), ("chrome_android", 30), ("samsung_android", 15)])
        if cc == "KR":
            return wpick(rng, [("samsung_android", 50), ("safari_iphone", 30), ("chrome_android", 20)])
        return wpick(rng, [("chrome_android", 55), ("samsung_android", 25), ("safari_iphone", 20)])
    return wpick(rng, [("chrome_win", 45), ("edge_win", 13), ("chrome_mac", 10), ("safari_mac", 10),
                       ("firefox_win", 10), ("brave_win", 3), ("firefox_strict", 1)])


def is_mobile(profile):
    return PROFILES[profile].get("mobile") == "?1" or profile == "safari_iphone"


def ip_from(rng, P, pool):
    return rng.choice(P[pool])[0]


def home_ip(rng, P, cc):
    return ip_from(rng, P, LOC[cc]["home"])


def device_ip(rng, P, cc, profile, wifi=0.4):
    """A phone on its carrier (or home Wi-Fi), a computer on home broadband."""
    loc = LOC[cc]
    if is_mobile(profile) and loc["mobile"] and rng.random() > wifi:
        return ip_from(rng, P, loc["mobile"])
    return ip_from(rng, P, loc["home"])


def resi_pools(P):
    """Residential-proxy exits: real home and mobile subscriber addresses everywhere."""
    return sorted(k for k in P if k.startswith(("home_", "mobile_")) and "abroad" not in k)


def resi_ip(rng, P, cc=None):
    """A residential-proxy exit, in `cc` when the operator asks for that country."""
    if cc and cc in LOC:
        pool = LOC[cc]["home"] if (not LOC[cc]["mobile"] or rng.random() < 0.7) else LOC[cc]["mobile"]
        return ip_from(rng, P, pool)
    return ip_from(rng, P, rng.choice(resi_pools(P)))


def ip_country(P, ip):
    for pool in P.values():
        for entry in pool:
            if entry[0] == ip:
                return entry[1]
    return None


def tz_of(rng, cc):
    return rng.choice(LOC[cc]["tz"]) if cc in LOC else ("UTC", 0)


AGES = [1, 3, 7, 14, 30, 60, 120, 240, 400, 700]


def age(rng, lo=3):
    return rng.choice([a for a in AGES if a >= lo])


def established_user(rng):
    return "c%06d" % rng.randrange(100000, 880000)


def new_user(rng):
    return "c%06d" % rng.randrange(880000, 1000000)


def guest_user(rng):
    return "guest-%012x" % rng.getrandbits(48)


def name_of(rng, cc):
    lang = NAME_LANG.get(cc, "en")
    return rng.choice(FIRST[lang]), rng.choice(LAST[lang])


def rand_str(rng, n, alphabet=string.ascii_lowercase + string.digits):
    return "".join(rng.choice(alphabet) for _ in range(n))


def email(rng, cc, profile=None, privacy=0.0):
    """An honest buyer's address: name-based, nickname, numeric QQ, plus tags, relays."""
    loc = LOC[cc]
    if privacy and rng.random() < privacy:
        if profile in ("safari_iphone", "safari_mac"):
            return "%s@privaterelay.appleid.com" % rand_str(rng, 10)
        if profile and profile.startswith("firefox"):
            return "%s@mozmail.com" % rand_str(rng, 9)
        return "%s-%s-%s@duck.com" % (rng.choice(["quiet", "brave", "sunny", "amber", "rapid"]),
                                      rng.choice(["otter", "maple", "river", "comet", "falcon"]),
                                      rand_str(rng, 3, string.ascii_lowercase))
    domain = rng.choice(loc["mail"])
    if domain == "qq.com" or (cc == "CN" and rng.random() < 0.3):
        return "%d@qq.com" % rng.randrange(10000000, 3999999999)
    first, last = name_of(rng, cc)
    style = rng.random()
    if style < 0.35:
        local = "%s.%s" % (first, last)
    elif style < 0.6:
        local = "%s%s%d" % (first, last, rng.choice([rng.randrange(1, 99), rng.randrange(1970, 2010)]))
    elif style < 0.75:
        local = "%s%s" % (first[0], last)
    elif style < 0.9:
        local = "%s_%s%d" % (rng.choice(["dark", "ice", "neo", "lucky", "pixel", "shadow", "mr", "its"]),
                             first, rng.randrange(1, 999))
    else:
        local = "%s.%s+%s" % (first, last, rng.choice(["games", "shop", "steam", "gifts"]))
    return "%s@%s" % (local, domain)


def fraud_email(rng, cc="US"):
    """Addresses from combo lists and generators: name+digits, random, disposable."""
    r = rng.random()
    first, last = name_of(rng, cc)
    if r < 0.45:
        return "%s%s%d@%s" % (first, last, rng.randrange(10, 9999),
                              rng.choice(["gmail.com", "outlook.com", "yahoo.com", "hotmail.com"]))
    if r < 0.7:
        return "%s@%s" % (rand_str(rng, rng.randrange(8, 13)),
                          rng.choice(["gmail.com", "outlook.com", "proton.me", "yandex.com"]))
    if r < 0.85:
        return "%s.%s%d@%s" % (first, last, rng.randrange(1, 99), rng.choice(DISPOSABLE))
    return "%s@privaterelay.appleid.com" % rand_str(rng, 10)


def face(rng, usd, cur):
    """A shop price near `usd` in currency `cur`: a face value, a CNY tier or an .99 tier."""
    target = usd / USD_PER[cur]
    if cur == "CNY" and rng.random() < 0.6:
        return min(CNY_TIERS, key=lambda v: abs(v - target))
    faces = [m * 10 ** k for k in range(0, 8) for m in (1, 1.5, 2, 2.5, 3, 5)]
    v = min(faces, key=lambda f: abs(f - target))
    if cur not in NO_DECIMALS and v >= 5 and rng.random() < 0.25:
        v = v - 0.01  # 4.99 / 9.99 / 49.99 tiers
    return v


def total(rng, unit, qty, cur, fee=0.25):
    """The order total: face value x quantity, sometimes with the shop's service fee
    (a few percent, or a flat fee of about 0.50-2 USD in the local currency)."""
    amt = unit * qty
    if rng.random() < fee:
        if rng.random() < 0.5:
            amt *= 1 + rng.choice([0.02, 0.03, 0.05])
        else:
            amt += rng.choice([0.49, 0.99, 1.49, 1.99]) / USD_PER[cur]
    if cur in NO_DECIMALS:
        return int(round(amt, -1 if amt >= 1000 else 0))
    return round(amt, 2)


def mk_order(rng, cc, usd, user, mail, pay, product, qty=1, cur=None, fee=0.25):
    cur = cur or LOC[cc]["cur"]
    unit = face(rng, usd / qty, cur)
    return {"amount": total(rng, unit, qty, cur, fee), "currency": cur, "quantity": qty,
            "product": product, "user": user, "email": mail, "payment_method": pay}


def usd_small(rng, lo=2, hi=150, median=20):
    v = median * rng.lognormvariate(0, 0.75)
    return max(lo, min(hi, v))


def start(rng, ctx, span):
    return rng.uniform(20, max(30, ctx.window - span - 20))


def product(rng, kind=None):
    kind = kind or wpick(rng, [("gift", 50), ("game", 35), ("key", 15)])
    return rng.choice({"gift": PRODUCTS_GIFT, "game": PRODUCTS_GAME, "key": PRODUCTS_KEY,
                       "resale": PRODUCTS_RESALE}[kind])


def pay(rng, cc):
    return wpick(rng, LOC[cc]["pay"])


# ---------------------------------------------------------------------------- legit

def returning_topup(rng, ctx):
    P, out = pools(ctx), []
    for _ in range(ctx.n(95)):
        cc = country(rng)
        mob = rng.random() < LOC[cc]["mob"]
        prof = profile_for(rng, cc, mob)
        dev = Device(rng, prof, cc, cookies="keep", age_days=age(rng))
        ip = device_ip(rng, P, cc, prof)
        user, mail = established_user(rng), email(rng, cc, prof, privacy=0.05)
        inst = Instance("returning_topup", "legit")
        n = wpick(rng, [(1, 78), (2, 18), (3, 4)])
        t = start(rng, ctx, 900 * n)
        for _ in range(n):
            inst.visit(t, dev, ip)
            t += rng.uniform(25, 400)
            inst.order(t, dev, ip, mk_order(rng, cc, usd_small(rng), user, mail, pay(rng, cc),
                                             product(rng), qty=wpick(rng, [(1, 90), (2, 8), (3, 2)])))
            t += rng.uniform(60, 480)
        out.append(inst)
    return out


def first_gift_big(rng, ctx):
    P, out = pools(ctx), []
    for _ in range(ctx.n(42)):
        cc = country(rng)
        prof = profile_for(rng, cc, rng.random() < 0.5)
        dev = Device(rng, prof, cc, cookies="keep", age_days=0)
        ip = device_ip(rng, P, cc, prof)
        user = guest_user(rng) if rng.random() < 0.5 else new_user(rng)
        mail = email(rng, cc, prof, privacy=0.12)
        inst = Instance("first_gift_big", "legit")
        t = start(rng, ctx, 1500)
        for _ in range(rng.randrange(2, 5)):  # reads the product pages, the FAQ, the terms
            inst.visit(t, dev, ip)
            t += rng.uniform(30, 240)
        usd = rng.choice([150, 200, 200, 250, 300, 400, 500, 600]) * rng.uniform(0.9, 1.1)
        qty = wpick(rng, [(1, 70), (2, 25), (3, 5)])
        inst.order(t, dev, ip, mk_order(rng, cc, usd, user, mail, pay(rng, cc),
                                        product(rng, "gift"), qty=qty, fee=0.4))
        if rng.random() < 0.1:  # a second gift for someone else
            t += rng.uniform(90, 300)
            inst.visit(t, dev, ip)
            t += rng.uniform(30, 120)
            inst.order(t, dev, ip, mk_order(rng, cc, rng.uniform(100, 300), user, mail,
                                            pay(rng, cc), product(rng, "gift")))
        out.append(inst)
    return out


def impulse_microtx(rng, ctx):
    """Micro top-ups in a row between matches; the phone's carrier address changes."""
    P, out = pools(ctx), []
    mix = [("US", 5), ("BR", 4), ("MX", 2), ("JP", 4), ("KR", 4), ("PH", 3), ("ID", 3),
           ("IN", 2), ("AU", 2), ("CA", 2), ("VN", 2), ("TW", 1), ("GB", 2), ("DE", 2)]
    for _ in range(ctx.n(16)):
        cc = country(rng, mix)
        prof = profile_for(rng, cc, True)
        dev = Device(rng, prof, cc, cookies="keep", age_days=age(rng, 7))
        ip = device_ip(rng, P, cc, prof, wifi=0.3)
        user, mail = established_user(rng), email(rng, cc, prof, privacy=0.05)
        method = wpick(rng, [(pay(rng, cc), 70), ("carrier_billing", 10), ("store_credit", 20)])
        inst = Instance("impulse_microtx", "legit")
        t = start(rng, ctx, 2000)
        for _ in range(rng.randrange(2, 5)):
            inst.visit(t, dev, ip)
            t += rng.uniform(15, 90)
            inst.order(t, dev, ip, mk_order(rng, cc, rng.choice([1, 2, 5, 5, 10, 10, 20]), user,
                                            mail, method, product(rng, "game"), fee=0.0))
            t += rng.uniform(90, 600)
            if LOC[cc]["mobile"] and rng.random() < 0.3:
                ip = ip_from(rng, P, LOC[cc]["mobile"])  # the carrier re-assigned the address
        out.append(inst)
    return out


def privacy_no_cookie(rng, ctx):
    P, out = pools(ctx), []
    mix = [("DE", 6), ("US", 5), ("FR", 3), ("NL", 3), ("GB", 3), ("SE", 2), ("CH", 2),
           ("JP", 2), ("PL", 1), ("CA", 1)]
    relay = {"US": "relay_US", "DE": "relay_DE", "JP": "relay_JP"}
    for _ in range(ctx.n(28)):
        cc = country(rng, mix)
        kind = wpick(rng, [("rfp", 40), ("brave", 25), ("safari_block", 20), ("relay", 15)])
        if kind == "rfp":
            prof = "firefox_strict"
            dev_args = dict(cookies=rng.choice(["none", "none", "session"]),
                            beacon=rng.random() < 0.3)  # uBlock / NoScript stop fp.js
            ip = home_ip(rng, P, cc)
        elif kind == "brave":
            prof = "brave_win"
            dev_args = dict(cookies="session", beacon=rng.random() < 0.6)
            ip = home_ip(rng, P, cc)
        elif kind == "safari_block":
            prof = rng.choice(["safari_mac", "safari_iphone"])
            dev_args = dict(cookies="none")
            ip = device_ip(rng, P, cc, prof)
        else:
            prof = rng.choice(["safari_iphone", "safari_mac"])
            dev_args = dict(cookies=rng.choice(["keep", "none"]), age_days=age(rng))
            ip = ip_from(rng, P, relay.get(cc, "relay_US"))
        user = established_user(rng) if rng.random() < 0.7 else guest_user(rng)
        mail = email(rng, cc, prof, privacy=0.4)
        inst = Instance("privacy_no_cookie", "legit")
        t = start(rng, ctx, 1400)
        dev = Device(rng, prof, cc, **dev_args)
        for _ in range(wpick(rng, [(1, 75), (2, 25)])):
            inst.visit(t, dev, ip)
            t += rng.uniform(40, 300)
            usd = usd_small(rng, 5, 180, 30)
            inst.order(t, dev, ip, mk_order(rng, cc, usd, user, mail, pay(rng, cc), product(rng)))
            t += rng.uniform(300, 900)
        out.append(inst)
    return out


def cgnat_carriers(rng, ctx):
    """Many subscribers, a few public addresses per carrier (carrier-grade NAT)."""
    P, out = pools(ctx), []
    carriers = [("mobile_IN", "IN", 8), ("mobile_abroad_IN", "IN", 5), ("mobile_ID", "ID", 7),
                ("mobile_PH", "PH", 7), ("mobile_abroad_DE", "DE", 4), ("mobile_VN", "VN", 4),
                ("mobile_BR", "BR", 5), ("mobile_CN", "CN", 3), ("mobile_KR", "KR", 3)]
    shared = {pool: [e[0] for e in rng.sample(P[pool], 3)] for pool, _, _ in carriers}
    for _ in range(ctx.n(50)):
        pool, cc = wpick(rng, [((p, c), w) for p, c, w in carriers])
        prof = profile_for(rng, cc, True)
        new = rng.random() < 0.45
        dev = Device(rng, prof, cc, cookies="keep", age_days=0 if new else age(rng))
        ip = rng.choice(shared[pool])
        user = new_user(rng) if new and rng.random() < 0.6 else established_user(rng)
        mail = email(rng, cc, prof)
        inst = Instance("cgnat_carriers", "legit")
        t = start(rng, ctx, 900)
        for _ in range(wpick(rng, [(1, 88), (2, 12)])):
            inst.visit(t, dev, ip)
            t += rng.uniform(30, 200)
            kind = rng.choice(["game", "game", "gift", "topup"])
            prod = "mobile-topup-%s" % cc.lower() if kind == "topup" else product(rng, kind)
            inst.order(t, dev, ip, mk_order(rng, cc, usd_small(rng, 1, 40, 6), user, mail,
                                            pay(rng, cc), prod, fee=0.1))
            t += rng.uniform(120, 500)
        out.append(inst)
    return out


def pc_bang_cafe(rng, ctx):
    """Gaming cafes: one disk image on every seat, cookies wiped at logout."""
    P, out = pools(ctx), []
    cafes = [("KR", "home_KR")] + [rng.choice([("VN", "home_VN"), ("PH", "home_PH"),
                                               ("ID", "home_ID"), ("TH", "home_TH")])]
    for cc, pool in cafes:
        ip = ip_from(rng, P, pool)
        image = rng.getrandbits(32)
        tz = LOC[cc]["tz"][0]
        seats = [Device(rng, "chrome_win", cc, cookies="session", tz=tz, canvas_seed=image)
                 for _ in range(4)]
        for _ in range(ctx.n(12)):
            seat = rng.choice(seats)
            user = established_user(rng) if rng.random() < 0.7 else new_user(rng)
            mail = email(rng, cc, "chrome_win")
            inst = Instance("pc_bang_cafe", "legit")
            t = start(rng, ctx, 900)
            inst.visit(t, seat, ip)
            for _ in range(wpick(rng, [(1, 85), (2, 15)])):
                t += rng.uniform(40, 300)
                method = pay(rng, cc) if rng.random() < 0.8 else "gift_voucher"
                inst.order(t, seat, ip, mk_order(rng, cc, rng.choice([4, 8, 8, 15, 25, 40]), user,
                                                 mail, method, product(rng, "game"), fee=0.0))
            out.append(inst)
    return out


def corporate_bulk(rng, ctx):
    """Employee rewards and licence keys in bulk, from the office (often a cloud proxy)."""
    P, out = pools(ctx), []
    for _ in range(ctx.n(6)):
        cc = rng.choice(["US", "DE", "GB", "JP", "NL", "FR", "KR", "AU"])
        ip = ip_from(rng, P, "corp_proxy") if rng.random() < 0.5 else home_ip(rng, P, cc)
        prof = rng.choice(["edge_win", "edge_win", "chrome_win", "chrome_mac"])
        dev = Device(rng, prof, cc, cookies="session" if rng.random() < 0.4 else "keep",
                     age_days=age(rng, 120))
        first, last = name_of(rng, cc)
        company = rng.choice(["northwind", "contoso", "acme-logistics", "brightpath", "kobe-seiki",
                              "hanbit-tech", "lumen-data", "atlas-retail"])
        mail = "%s.%s@%s.%s" % (first, last, company, rng.choice(["com", "co", "de", "jp", "io"]))
        user = established_user(rng)
        inst = Instance("corporate_bulk", "legit")
        t = start(rng, ctx, 1200)
        inst.visit(t, dev, ip)
        for _ in range(wpick(rng, [(1, 30), (2, 45), (3, 25)])):
            t += rng.uniform(60, 360)
            qty = rng.choice([10, 10, 20, 25, 50])
            kind = "key" if rng.random() < 0.3 else "gift"
            unit = rng.choice([25, 50, 50, 100]) if kind == "gift" else rng.choice([20, 30, 60])
            method = wpick(rng, [("card", 50), ("invoice", 30), ("bank_transfer", 20)])
            inst.order(t, dev, ip, mk_order(rng, cc, unit * qty, user, mail, method,
                                            product(rng, kind), qty=qty, fee=0.0))
            inst.visit(t + 5, dev, ip)
        out.append(inst)
    return out


def travellers(rng, ctx):
    P, out = pools(ctx), []
    homes = ["US", "GB", "DE", "FR", "JP", "KR", "CN", "AU", "CA", "NL", "IT", "ES", "SE",
             "CH", "IN"]
    dests = ["US", "GB", "FR", "ES", "IT", "JP", "TH", "AE", "TR", "MX", "AU", "DE", "HK",
             "TW", "PH", "KR"]
    for _ in range(ctx.n(24)):
        home = rng.choice(homes)
        dest = rng.choice([d for d in dests if d != home])
        mode = wpick(rng, [("hotel_wifi", 45), ("roaming", 35), ("local_esim", 20)])
        phone = mode != "hotel_wifi" or rng.random() < 0.5
        prof = profile_for(rng, home, phone)
        if mode == "hotel_wifi":
            ip = home_ip(rng, P, dest)
            tz = tz_of(rng, dest) if phone or rng.random() < 0.4 else tz_of(rng, home)
        elif mode == "roaming":  # home-routed roaming: the home carrier's address
            ip = ip_from(rng, P, LOC[home]["mobile"] or LOC[home]["home"])
            tz = tz_of(rng, dest)
        else:
            ip = ip_from(rng, P, LOC[dest]["mobile"] or LOC[dest]["home"])
            tz = tz_of(rng, dest)
        dev = Device(rng, prof, home, cookies="keep", age_days=age(rng, 14), tz=tz)
        user, mail = established_user(rng), email(rng, home, prof)
        inst = Instance("travellers", "legit")
        t = start(rng, ctx, 1200)
        for _ in range(wpick(rng, [(1, 70), (2, 30)])):
            inst.visit(t, dev, ip)
            t += rng.uniform(40, 300)
            local = rng.random() < 0.2
            cur = LOC[dest]["cur"] if local else LOC[home]["cur"]
            prod = "esim-data-%s" % dest.lower() if rng.random() < 0.35 else product(rng)
            inst.order(t, dev, ip, mk_order(rng, home, usd_small(rng, 5, 150, 25), user, mail,
                                            pay(rng, home), prod, cur=cur))
            t += rng.uniform(200, 700)
        out.append(inst)
    return out


def diaspora_topup(rng, ctx):
    """Top-ups for the family back home, paid from the country the buyer lives in."""
    P, out = pools(ctx), []
    routes = [("PH", ["AE", "SA", "HK", "US", "JP"], 6), ("IN", ["AE", "SA", "US", "GB", "CA"], 6),
              ("MX", ["US"], 4), ("ID", ["SA", "HK", "KR"], 3), ("VN", ["KR", "JP", "US"], 3),
              ("BR", ["US", "JP"], 2), ("TR", ["DE"], 2), ("CN", ["US", "CA", "AU"], 2)]
    for _ in range(ctx.n(24)):
        origin, homes = wpick(rng, [((o, h), w) for o, h, w in routes])
        res = rng.choice(homes)
        prof = profile_for(rng, res, rng.random() < 0.7)
        langs = LOC[origin]["langs"] if rng.random() < 0.5 else LOC[res]["langs"]
        if res in ("AE", "SA", "HK") and langs is LOC[res]["langs"]:
            langs = ["en-US", "en"]
        dev = Device(rng, prof, res, cookies="keep", age_days=age(rng, 14), langs=langs)
        ip = device_ip(rng, P, res, prof)
        user, mail = established_user(rng), email(rng, origin, prof)
        inst = Instance("diaspora_topup", "legit")
        t = start(rng, ctx, 900)
        inst.visit(t, dev, ip)
        for _ in range(wpick(rng, [(1, 40), (2, 40), (3, 20)])):  # one per relative
            t += rng.uniform(30, 200)
            kind = rng.random()
            prod = ("mobile-topup-%s" % origin.lower() if kind < 0.6
                    else product(rng, "game") if kind < 0.8 else product(rng, "gift"))
            inst.order(t, dev, ip, mk_order(rng, origin, usd_small(rng, 3, 60, 12), user, mail,
                                            pay(rng, res), prod, cur=LOC[origin]["cur"], fee=0.5))
        out.append(inst)
    return out


def household_shared(rng, ctx):
    P, out = pools(ctx), []
    mix = [("US", 5), ("GB", 3), ("DE", 3), ("FR", 2), ("CA", 2), ("AU", 2), ("JP", 2),
           ("KR", 1), ("BR", 2), ("MX", 1), ("NL", 1), ("SE", 1)]
    for _ in range(ctx.n(8)):
        cc = country(rng, mix)
        prof = rng.choice(["chrome_win", "safari_mac", "safari_iphone", "chrome_android", "edge_win"])
        dev = Device(rng, prof, cc, cookies="keep", age_days=age(rng, 60))
        ip = home_ip(rng, P, cc)
        parent_mail = email(rng, cc, prof)
        inst = Instance("household_shared", "legit")
        t = start(rng, ctx, 2000)
        members = rng.randrange(2, 4)
        for m in range(members):
            user = established_user(rng)
            mail = parent_mail if m == 0 else email(rng, cc, prof)
            inst.visit(t, dev, ip)
            t += rng.uniform(40, 240)
            kid = m > 0
            usd = rng.choice([5, 10, 10, 20, 25]) if kid else usd_small(rng, 10, 120, 30)
            prod = (rng.choice(["roblox-robux", "fortnite-vbucks", "minecraft-coins", "nintendo-eshop"])
                    if kid else product(rng))
            inst.order(t, dev, ip, mk_order(rng, cc, usd, user, mail, pay(rng, cc), prod))
            t += rng.uniform(120, 700)
        out.append(inst)
    return out


def double_submit_retry(rng, ctx):
    P, out = pools(ctx), []
    for _ in range(ctx.n(12)):
        cc = country(rng)
        prof = profile_for(rng, cc, rng.random() < LOC[cc]["mob"])
        new = rng.random() < 0.3
        dev = Device(rng, prof, cc, cookies="keep", age_days=0 if new else age(rng))
        ip = device_ip(rng, P, cc, prof)
        user = new_user(rng) if new else established_user(rng)
        mail = email(rng, cc, prof)
        inst = Instance("double_submit_retry", "legit")
        t = start(rng, ctx, 600)
        inst.visit(t, dev, ip)
        t += rng.uniform(40, 240)
        order = mk_order(rng, cc, usd_small(rng, 10, 250, 40), user, mail, pay(rng, cc), product(rng))
        inst.order(t, dev, ip, order)
        for _ in range(wpick(rng, [(1, 85), (2, 15)])):
            if rng.random() < 0.5:  # double click / the spinner seemed stuck
                t += rng.uniform(0.5, 15)
            else:  # "payment declined": another method, same basket
                t += rng.uniform(30, 150)
                order = dict(order, payment_method=rng.choice(
                    [m for m, _ in LOC[cc]["pay"] if m != order["payment_method"]] or ["card"]))
            inst.order(t, dev, ip, order)
        out.append(inst)
    return out


def vpn_always_on(rng, ctx):
    P, out = pools(ctx), []
    for _ in range(ctx.n(11)):
        cc = rng.choice(["US", "GB", "DE", "NL", "FR", "CA", "AU", "SE", "CH", "JP"])
        same = [e[0] for e in P["vpn_consumer"] if e[1] == cc]
        ip = rng.choice(same) if same and rng.random() < 0.7 else ip_from(rng, P, "vpn_consumer")
        prof = profile_for(rng, cc, rng.random() < 0.4)
        dev = Device(rng, prof, cc, cookies="keep", age_days=age(rng, 14))
        user, mail = established_user(rng), email(rng, cc, prof, privacy=0.2)
        inst = Instance("vpn_always_on", "legit")
        t = start(rng, ctx, 1200)
        for _ in range(wpick(rng, [(1, 65), (2, 35)])):
            inst.visit(t, dev, ip)
            t += rng.uniform(40, 300)
            inst.order(t, dev, ip, mk_order(rng, cc, usd_small(rng, 5, 100, 25), user, mail,
                                            pay(rng, cc), product(rng)))
            t += rng.uniform(200, 800)
        out.append(inst)
    return out


def starlink_rural(rng, ctx):
    P, out = pools(ctx), []
    for _ in range(ctx.n(6)):
        cc = rng.choice(["US", "BR", "MX", "IT", "SE", "ID", "DE", "FR", "GB", "PL", "CA", "AU"])
        ip = ip_from(rng, P, "starlink")
        prof = profile_for(rng, cc, rng.random() < 0.4)
        dev = Device(rng, prof, cc, cookies="keep", age_days=age(rng, 14))
        user, mail = established_user(rng), email(rng, cc, prof)
        inst = Instance("starlink_rural", "legit")
        t = start(rng, ctx, 1200)
        for _ in range(wpick(rng, [(1, 65), (2, 35)])):
            inst.visit(t, dev, ip)
            t += rng.uniform(40, 300)
            inst.order(t, dev, ip, mk_order(rng, cc, usd_small(rng, 5, 120, 25), user, mail,
                                            pay(rng, cc), product(rng)))
            t += rng.uniform(200, 800)
        out.append(inst)
    return out


def phone_to_laptop(rng, ctx):
    P, out = pools(ctx), []
    for _ in range(ctx.n(8)):
        cc = country(rng)
        phone = Device(rng, profile_for(rng, cc, True), cc, cookies="keep", age_days=age(rng, 7))
        laptop = Device(rng, profile_for(rng, cc, False), cc, cookies="keep", age_days=age(rng, 7))
        phone_ip = device_ip(rng, P, cc, phone.profile, wifi=0.2)
        home = home_ip(rng, P, cc)
        user, mail = established_user(rng), email(rng, cc, laptop.profile)
        inst = Instance("phone_to_laptop", "legit")
        t = start(rng, ctx, 2000)
        inst.visit(t, phone, phone_ip)
        t += rng.uniform(180, 900)
        inst.visit(t, laptop, home)
        t += rng.uniform(30, 200)
        inst.order(t, laptop, home, mk_order(rng, cc, usd_small(rng, 10, 200, 35), user, mail,
                                             pay(rng, cc), product(rng)))
        if rng.random() < 0.4:
            t += rng.uniform(300, 900)
            inst.visit(t, phone, phone_ip)
            t += rng.uniform(20, 120)
            inst.order(t, phone, phone_ip, mk_order(rng, cc, usd_small(rng, 2, 50, 10), user, mail,
                                                    pay(rng, cc), product(rng, "game")))
        out.append(inst)
    return out


# ---------------------------------------------------------------------------- fraud

CARD_COUNTRIES = [("US", 45), ("GB", 12), ("CA", 8), ("AU", 7), ("DE", 8), ("FR", 6),
                  ("JP", 4), ("ES", 3), ("IT", 3), ("NL", 2), ("BR", 2)]


def card_test_script(rng, ctx):
    """Checkers posting straight to the order API: no page, no cookie, no beacon."""
    P, out = pools(ctx), []
    inst = Instance("card_test_script", "fraud")
    for _ in range(ctx.n(6)):
        prof = wpick(rng, [("script_chrome_ua", 50), ("python_requests", 25), ("go_http", 15), ("curl", 10)])
        lang = ["en-US", "en"] if prof == "script_chrome_ua" or rng.random() < 0.3 else None
        dev = Device(rng, prof, "US", cookies="none", langs=lang, tz=("UTC", 0))
        cur = rng.choice(["USD", "USD", "USD", "EUR", "GBP"])
        t = start(rng, ctx, 400)
        for _ in range(rng.randrange(5, 11)):
            t += rng.uniform(4, 40)
            cc = wpick(rng, CARD_COUNTRIES)
            ip = resi_ip(rng, P)  # a new residential exit per request
            inst.order(t, dev, ip, {
                "amount": rng.choice([1, 1, 2, 2.5, 3, 5, 0.99, 1.49, 1.99]),
                "currency": cur, "quantity": 1,
                "product": rng.choice(["mobile-topup", "google-play", "steam-wallet", "roblox-robux"]),
                "user": guest_user(rng), "email": fraud_email(rng, cc),
                "payment_method": "card"})
    out.append(inst)
    return out


def card_test_browser(rng, ctx):
    """The same through a real (automated) browser on the checkout page."""
    P, out = pools(ctx), []
    inst = Instance("card_test_browser", "fraud")
    for _ in range(ctx.n(6)):
        prof = wpick(rng, [("stealth_puppeteer", 60), ("headless_chrome", 25), ("chrome_win", 15)])
        server_tz = rng.random() < 0.6  # a VPS clock: UTC unless the operator emulates it
        t = start(rng, ctx, 600)
        for _ in range(rng.randrange(5, 10)):
            t += rng.uniform(15, 60)
            cc = wpick(rng, CARD_COUNTRIES)
            ip = resi_ip(rng, P, cc if rng.random() < 0.4 else None)
            tz = ("UTC", 0) if server_tz else tz_of(rng, ip_country(P, ip) or "US")
            dev = Device(rng, prof, "US", cookies="none", tz=tz)  # a fresh browser context
            inst.visit(t, dev, ip)
            t += rng.uniform(3, 12)
            cur = LOC[cc]["cur"] if rng.random() < 0.3 else "USD"
            inst.order(t, dev, ip, mk_order(rng, cc, rng.choice([1, 2, 3, 5]), guest_user(rng),
                                            fraud_email(rng, cc), "card",
                                            rng.choice(["mobile-topup", "google-play", "steam-wallet"]),
                                            cur=cur, fee=0.0))
    out.append(inst)
    return out


def ato_stealer_cookie(rng, ctx):
    """Infostealer logs: cookie + fingerprint replayed from a proxy near the victim."""
    P, out = pools(ctx), []
    mix = [("US", 6), ("GB", 2), ("DE", 2), ("FR", 1), ("CA", 1), ("AU", 1), ("BR", 2),
           ("JP", 1), ("KR", 1), ("IT", 1), ("ES", 1), ("PL", 1)]
    for _ in range(ctx.n(10)):
        cc = country(rng, mix)
        prof = profile_for(rng, cc, rng.random() < 0.3)
        dev = Device(rng, prof, cc, cookies="keep", age_days=age(rng, 60))
        home = device_ip(rng, P, cc, prof)
        user, mail = established_user(rng), email(rng, cc, prof)
        t = start(rng, ctx, 1500)
        if rng.random() < 0.6:  # the owner shops too, before or after
            own = Instance("stealer_victim_own", "legit")
            tv = rng.uniform(30, ctx.window - 400)
            own.visit(tv, dev, home)
            own.order(tv + rng.uniform(30, 240), dev, home,
                      mk_order(rng, cc, usd_small(rng, 5, 80, 20), user, mail, pay(rng, cc), product(rng)))
            out.append(own)
        thief = Instance("ato_stealer_cookie", "fraud")
        ip = resi_ip(rng, P, cc if rng.random() < 0.6 else None)
        thief.visit(t, dev, ip)
        for _ in range(rng.randrange(1, 4)):
            t += rng.uniform(20, 120)
            thief.order(t, dev, ip, mk_order(rng, cc, rng.choice([100, 150, 200, 250, 300, 500]), user,
                                             mail, rng.choice(["card", "store_credit", "paypal"]),
                                             product(rng, "resale"), qty=wpick(rng, [(1, 70), (2, 20), (3, 10)]),
                                             fee=0.0))
        out.append(thief)
    return out


def ato_antidetect(rng, ctx):
    """Stuffed accounts used from anti-detect browser profiles behind residential proxies."""
    P, out = pools(ctx), []
    mix = [("US", 6), ("GB", 2), ("DE", 2), ("FR", 1), ("CA", 1), ("AU", 1), ("BR", 1),
           ("JP", 1), ("IT", 1), ("NL", 1)]
    for _ in range(ctx.n(18)):
        cc = country(rng, mix)
        ip = resi_ip(rng, P, cc if rng.random() < 0.6 else None)
        ipcc = ip_country(P, ip) or cc
        if rng.random() < 0.7:
            tz = tz_of(rng, ipcc)
        else:  # the operator's own clock leaks
            tz = rng.choice([("Europe/Moscow", 180), ("Africa/Lagos", 60), ("Asia/Ho_Chi_Minh", 420),
                             ("Europe/Kyiv", 120), ("Asia/Jakarta", 420)])
        langs = LOC[cc]["langs"] if rng.random() < 0.5 else ["en-US", "en"]
        prof = rng.choice(["chrome_win", "chrome_win", "chrome_mac", "edge_win", "chrome_android"])
        dev = Device(rng, prof, cc, cookies=rng.choice(["none", "session"]), tz=tz, langs=langs)
        user, mail = established_user(rng), email(rng, cc, prof)
        inst = Instance("ato_antidetect", "fraud")
        t = start(rng, ctx, 900)
        inst.visit(t, dev, ip)  # log-in page
        for _ in range(wpick(rng, [(1, 30), (2, 45), (3, 25)])):
            t += rng.uniform(15, 150)
            inst.order(t, dev, ip, mk_order(rng, cc, rng.uniform(50, 300), user, mail,
                                            rng.choice(["card", "store_credit", "paypal"]),
                                            product(rng, "resale"), fee=0.0))
        out.append(inst)
    return out


def one_account_many_dev(rng, ctx):
    """A ring shares a few accounts; every order is a new device and address."""
    P, out = pools(ctx), []
    for _ in range(ctx.n(6)):
        cc = wpick(rng, CARD_COUNTRIES)
        taken_over = rng.random() < 0.6  # a stolen account, or one the ring opened
        user = established_user(rng) if taken_over else new_user(rng)
        mail = email(rng, cc) if taken_over else fraud_email(rng, cc)
        inst = Instance("one_account_many_dev", "fraud")
        t = start(rng, ctx, 2600)
        for _ in range(rng.randrange(4, 6)):
            prof = rng.choice(["chrome_win", "chrome_android", "safari_iphone", "edge_win",
                               "chrome_mac", "samsung_android"])
            ip = resi_ip(rng, P, cc if rng.random() < 0.5 else None)
            dev = Device(rng, prof, cc, cookies=rng.choice(["none", "session"]),
                         tz=tz_of(rng, ip_country(P, ip) or cc) if rng.random() < 0.6 else None)
            inst.visit(t, dev, ip)
            t += rng.uniform(20, 90)
            inst.order(t, dev, ip, mk_order(rng, cc, rng.uniform(10, 60), user, mail,
                                            rng.choice(["store_credit", "card", "paypal"]),
                                            product(rng, "resale"), fee=0.0))
            t += rng.uniform(200, 600)
        out.append(inst)
    return out


def low_slow_carder(rng, ctx):
    """One card at a time, every 5-12 minutes: new account, device and proxy each time."""
    P, out = pools(ctx), []
    for _ in range(ctx.n(9)):
        careful = rng.random() < 0.7
        inst = Instance("low_slow_carder", "fraud")
        t = rng.uniform(20, 400)
        while t < ctx.window - 200:
            cc = wpick(rng, CARD_COUNTRIES)
            ip = resi_ip(rng, P, cc)
            tz = tz_of(rng, cc) if careful else ("Europe/Moscow", 180)
            prof = rng.choice(["chrome_win", "chrome_win", "chrome_mac", "edge_win", "safari_mac",
                               "chrome_android", "safari_iphone"])
            dev = Device(rng, prof, cc, cookies="none", tz=tz,
                         langs=LOC[cc]["langs"] if careful else ["en-US", "en"])
            user = new_user(rng) if rng.random() < 0.6 else guest_user(rng)
            inst.visit(t, dev, ip)
            t += rng.uniform(20, 90)
            inst.order(t, dev, ip, mk_order(rng, cc, rng.uniform(25, 100), user, fraud_email(rng, cc),
                                            rng.choice(["card", "card", "card", "apple_pay", "google_pay"]),
                                            product(rng, "resale"), fee=0.0))
            t += rng.uniform(300, 720)
        out.append(inst)
    return out


def bulk_reseller(rng, ctx):
    """Stolen cards spent on many cards per order, from datacenter or VPN exits."""
    P, out = pools(ctx), []
    for _ in range(ctx.n(14)):
        cc = wpick(rng, CARD_COUNTRIES)
        prof = wpick(rng, [("chrome_win", 50), ("python_requests", 30), ("script_chrome_ua", 20)])
        ip = ip_from(rng, P, rng.choice(["hosting", "vpn_consumer"]))
        dev = Device(rng, prof, cc, cookies="none")
        inst = Instance("bulk_reseller", "fraud")
        t = start(rng, ctx, 300)
        inst.visit(t, dev, ip)
        qty = rng.choice([5, 10, 10, 15, 20])
        unit = rng.choice([50, 100, 100])
        for _ in range(wpick(rng, [(1, 80), (2, 20)])):
            t += rng.uniform(10, 90)
            inst.order(t, dev, ip, mk_order(rng, cc, unit * qty, guest_user(rng), fraud_email(rng, cc),
                                            "card", product(rng, "resale"), qty=qty, fee=0.0))
        out.append(inst)
    return out


def promo_multiaccount(rng, ctx):
    """First-purchase bonus farming: one person, one device, many new accounts."""
    P, out = pools(ctx), []
    for _ in range(ctx.n(2)):
        cc = rng.choice(["BR", "ID", "PH", "VN", "IN", "TR", "MX", "US"])
        mobile = rng.random() < 0.5
        prof = profile_for(rng, cc, mobile)
        dev = Device(rng, prof, cc, cookies=rng.choice(["keep", "session"]), age_days=0)
        ip = device_ip(rng, P, cc, prof, wifi=0.5)
        first, last = name_of(rng, cc)
        base = first + last
        inst = Instance("promo_multiaccount", "fraud")
        t = rng.uniform(20, 300)
        for i in range(ctx.n(12)):
            if rng.random() < 0.5:  # Gmail ignores dots: one mailbox, many addresses
                cut = sorted(rng.sample(range(1, len(base)), 2))
                local = base[:cut[0]] + "." + base[cut[0]:cut[1]] + "." + base[cut[1]:]
            else:
                local = "%s+%d" % (base, i + rng.randrange(1, 50))
            inst.visit(t, dev, ip)
            t += rng.uniform(40, 120)
            inst.order(t, dev, ip, mk_order(rng, cc, rng.choice([5, 5, 10]), new_user(rng),
                                            local + "@gmail.com", pay(rng, cc), product(rng, "game"),
                                            fee=0.0))
            t += rng.uniform(60, 200)
            if mobile and LOC[cc]["mobile"] and rng.random() < 0.4:
                ip = ip_from(rng, P, LOC[cc]["mobile"])  # airplane mode: a new carrier address
        out.append(inst)
    return out


def triangulation(rng, ctx):
    """A grey-market reseller orders its customers' cards with stolen cards, from its own
    long-standing machine."""
    P, out = pools(ctx), []
    for _ in range(ctx.n(2)):
        base = rng.choice(["BR", "ID", "PH", "VN"])
        dev = Device(rng, rng.choice(["chrome_win", "edge_win"]), base, cookies="keep",
                     age_days=age(rng, 60))
        own_ip = home_ip(rng, P, base)
        proxy = rng.random() < 0.4
        inst = Instance("triangulation", "fraud")
        t = rng.uniform(20, 300)
        for _ in range(ctx.n(11)):
            cc = wpick(rng, CARD_COUNTRIES)
            ip = resi_ip(rng, P, cc) if proxy else own_ip
            inst.visit(t, dev, ip)
            t += rng.uniform(30, 120)
            buyer = rng.choice(["US", "GB", "DE", "BR", "MX", "PH", "ID", "FR", "CA"])
            inst.order(t, dev, ip, mk_order(rng, cc, rng.uniform(20, 150), guest_user(rng),
                                            email(rng, buyer), "card", product(rng), fee=0.0))
            t += rng.uniform(120, 240)
        out.append(inst)
    return out


def sim_farm_billing(rng, ctx):
    """Carrier-billing fraud from a farm of identical phones on one carrier."""
    P, out = pools(ctx), []
    cc, pool = rng.choice([("ID", "mobile_ID"), ("PH", "mobile_PH"), ("IN", "mobile_IN")])
    model = rng.getrandbits(32)  # same model and GPU: the same canvas hash
    phones = [Device(rng, "samsung_android", cc, cookies="none", canvas_seed=model) for _ in range(8)]
    ips = [e[0] for e in rng.sample(P[pool], 4)]
    inst = Instance("sim_farm_billing", "fraud")
    t = rng.uniform(20, 200)
    for _ in range(ctx.n(15)):
        dev, ip = rng.choice(phones), rng.choice(ips)
        inst.visit(t, dev, ip)
        t += rng.uniform(20, 60)
        inst.order(t, dev, ip, mk_order(rng, cc, rng.choice([2, 3, 5, 10]), new_user(rng),
                                        fraud_email(rng, cc), "carrier_billing",
                                        product(rng, "game"), fee=0.0))
        t += rng.uniform(80, 220)
    out.append(inst)
    return out


LEGIT = [returning_topup, first_gift_big, impulse_microtx, privacy_no_cookie, cgnat_carriers,
         pc_bang_cafe, corporate_bulk, travellers, diaspora_topup, household_shared,
         double_submit_retry, vpn_always_on, starlink_rural, phone_to_laptop]
FRAUD = [card_test_script, card_test_browser, ato_stealer_cookie, ato_antidetect,
         one_account_many_dev, low_slow_carder, bulk_reseller, promo_multiaccount,
         triangulation, sim_farm_billing]
