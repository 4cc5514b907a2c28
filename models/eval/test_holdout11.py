"""The eleventh holdout set (holdout11.py) is deterministic per seed and well formed:
`python3 -m unittest models.eval.test_holdout11`."""

import json
import random
import unittest

from . import clients, holdout11
from . import holdout_testkit as kit
from .holdout_testkit import FIELDS, WINDOW, load_pools, orders

EXTRA = load_pools("ip_table_holdout11.json")


def cell_traffic(seed, scale=1.0):
    return kit.cell_traffic("holdout11", seed, scale)


class Holdout11Test(kit.SetShape, unittest.TestCase):
    SET = "holdout11"
    MODULE = holdout11
    SEEDS = (111, 112, 113)
    PREFIXES = ("h11_", "f11_")
    N_LEGIT = 16
    N_FRAUD = 11
    CURRENCIES = ("USD", "EUR", "GBP", "JPY", "KRW", "CNY", "INR", "BRL", "CAD", "AUD", "PHP")

    def test_orders_well_formed(self):
        known = {p[0] for pool in EXTRA.values() for p in pool}
        for seed in (7, 111):
            for inst, a in orders(cell_traffic(seed)):
                o = a["order"]
                self.assertEqual(set(o), FIELDS)
                self.assertGreater(o["amount"], 0)
                self.assertGreaterEqual(o["quantity"], 1)
                self.assertIn(o["currency"], holdout11.RATE)
                if o["currency"] in holdout11.ZERO_DECIMAL:
                    self.assertIsInstance(o["amount"], int)
                else:
                    self.assertIsInstance(o["amount"], float)
                    self.assertEqual(round(o["amount"], 2), o["amount"])
                self.assertIn("@", o["email"])
                self.assertTrue(o["user"])
                self.assertTrue(o["product"])
                self.assertTrue(o["payment_method"])
                self.assertTrue(0 < a["t"] < WINDOW)
                self.assertIn(a["ip"], known)
                d = a["device"]
                self.assertIn(d.profile, clients.PROFILES)
                self.assertIn(d.cookies, ("keep", "session", "none"))
                self.assertIn(d.age_days, (None,) + holdout11.AGES)

    def test_amount_is_unit_price_times_quantity(self):
        """Totals follow the catalogue: a gift card's total is its face value times the
        quantity named in the product."""
        for inst, a in orders(cell_traffic(112)):
            o = a["order"]
            name = o["product"]
            parts = name.split("-")
            if parts[-1] == o["currency"].lower() and parts[-2].isdigit():
                face = int(parts[-2])
                self.assertEqual(o["amount"], holdout11.money(face * o["quantity"], o["currency"]),
                                 name)

    def test_abroad_pools_are_abroad(self):
        for home in ("IN", "JP", "GB", "ID", "PH"):
            name = "h11_abroad_%s" % home
            self.assertFalse([p for p in EXTRA[name] if p[1] == home], name)
        self.assertFalse([p for p in EXTRA["h11_cloud_asia"] if p[1] == "CN"])

    def test_clone_cookie_follows_its_origin_until_replaced(self):
        rng = random.Random(1)
        origin = holdout11.device(rng, "US", "safari_mac", age=45)
        clone = holdout11.CloneDevice(rng, origin, "h11_multilogin_win", "en-US", ("UTC", 0))
        self.assertIsNone(clone.cookie)
        origin.cookie = "rg_did=victim"
        self.assertEqual(clone.cookie, "rg_did=victim")
        clone.cookie = "rg_did=fresh"
        self.assertEqual(clone.cookie, "rg_did=fresh")
        self.assertEqual(origin.cookie, "rg_did=victim")
        self.assertNotEqual(clone.key, origin.key)
        self.assertNotEqual(clone.profile, origin.profile)

    def test_stolen_session_victim_is_aged_and_visits_first(self):
        found = 0
        for inst in cell_traffic(111):
            if inst.persona != "f11_infostealer_session":
                continue
            clones = [a for a in inst.actions if isinstance(a["device"], holdout11.CloneDevice)]
            if not clones:
                continue
            found += 1
            victim = clones[0]["device"]._origin
            self.assertIn(victim.age_days, holdout11.AGES)
            first = min(a["t"] for a in inst.actions if a["device"] is victim)
            self.assertLess(first, min(a["t"] for a in clones))
        self.assertGreater(found, 5)

    def test_accounts_devices_and_addresses_are_shared_where_they_should_be(self):
        """Household and promo-farm devices carry several accounts; a churned account is
        used from several devices; card testers rotate addresses; CGNAT addresses carry
        several buyers."""
        users, devs, ips, ip_users = {}, {}, {}, {}
        for inst, a in orders(cell_traffic(113)):
            o, p = a["order"], inst.persona
            users.setdefault((p, a["device"].key), set()).add(o["user"])
            devs.setdefault((p, o["user"]), set()).add(a["device"].key)
            ips.setdefault((p, id(inst)), set()).add(a["ip"])
            ip_users.setdefault((p, a["ip"]), set()).add(o["user"])
        for persona in ("h11_household", "f11_promo_abuse", "f11_ato", "f11_reseller_bot"):
            self.assertTrue(any(len(u) > 1 for (q, _), u in users.items() if q == persona),
                            persona)
        self.assertTrue(any(len(d) > 5 for (q, _), d in devs.items()
                            if q == "f11_account_device_churn"))
        self.assertTrue(any(len(i) > 8 for (q, _), i in ips.items() if q == "f11_card_testing"))
        self.assertTrue(any(len(u) > 3 for (q, _), u in ip_users.items()
                            if q == "h11_cgnat_shared"))

    def test_decline_retry_repeats_the_same_order(self):
        seen = 0
        for inst in cell_traffic(111):
            if inst.persona != "h11_decline_retry":
                continue
            sent = [json.dumps(a["order"], sort_keys=True) for a in inst.actions
                    if a["kind"] == "order"]
            if len(sent) > 1:
                self.assertEqual(sent[0], sent[1])
                seen += 1
        self.assertGreater(seen, 3)

    def test_new_profiles_headers(self):
        self.assertIn("Edg/143", clients.PROFILES["h11_edge_win_143"]["ua"])
        self.assertIn("Version/26.2", clients.PROFILES["h11_safari_iphone_262"]["ua"])
        beacon = json.loads(clients.beacon_body("h11_multilogin_win", ["en-US"], "UTC", 0,
                                                random.Random(1)))
        self.assertEqual(beacon["platform"], "Win32")
        self.assertFalse(beacon["webdriver"])


if __name__ == "__main__":
    unittest.main()
