"""Fraud that adapts: attackers who avoid the obvious signals (see personas.py for the
shared vocabulary). The harness's own definitions, not the training generator's."""

from .personas import (COUNTRIES, DISPOSABLE, Instance, amount_in, browser, home_pool, ip_from,
                       junk, order, person, start_time)

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
