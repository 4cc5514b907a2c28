"""The sixteenth holdout set (holdout16.py) is deterministic per seed and well formed:
`python3 -m unittest models.eval.test_holdout16`."""

import json
import random
import unittest

from . import clients, holdout16, traffic
from . import holdout_testkit as kit
from .holdout_testkit import load_pools, orders

EXTRA = load_pools("ip_table_holdout16.json")


def cell_traffic(seed, scale=1.0):
    return kit.cell_traffic("holdout16", seed, scale)


class Holdout16Test(kit.SetShape, unittest.TestCase):
    SET = "holdout16"
    MODULE = holdout16
    SEEDS = (161, 162, 163)
    PREFIXES = ("h16_", "f16_")
    N_LEGIT = 17
    N_FRAUD = 11
    CURRENCIES = ("USD", "EUR", "GBP", "JPY", "KRW", "CNY", "INR", "BRL", "CAD", "AUD")

    def check_order(self, order):
        # The product names its unit price and currency; amount = unit x quantity.
        brand_unit, cur = order["product"].rsplit("-", 1)
        self.assertEqual(cur, order["currency"].lower())
        unit = float(brand_unit.rsplit("-", 1)[1])
        self.assertAlmostEqual(unit * order["quantity"], order["amount"], places=2)
        self.assertIn(order["currency"], holdout16.GIFT)

    def test_registered(self):
        self.assertIn("holdout16", traffic.PERSONA_SETS)

    def test_abroad_pools_are_abroad(self):
        for name, home in (("h16_abroad_JP", "JP"), ("h16_abroad_IN", "IN"),
                           ("h16_abroad_KR", "KR"), ("h16_airport", "CN")):
            self.assertFalse([p for p in EXTRA[name] if p[1] == home], name)
        for name in ("h16_home_BE", "h16_home_AT", "h16_home_FI", "h16_home_IE",
                     "h16_home_PT", "h16_home_TW", "h16_home_HK", "h16_home_SG"):
            self.assertEqual({p[1] for p in EXTRA[name]}, {name[-2:]}, name)

    def test_replay_device_sends_the_victims_cookie_until_replaced(self):
        rng = random.Random(1)
        victim = holdout16.device(rng, "US", "chrome_win", age=90)
        thief = holdout16.ReplayDevice(rng, victim, "chrome_win", "en-US", ("UTC", 0))
        self.assertIsNone(thief.cookie)
        victim.cookie = "rg_did=victim"
        self.assertEqual(thief.cookie, "rg_did=victim")
        thief.cookie = "rg_did=fresh"
        self.assertEqual(thief.cookie, "rg_did=fresh")
        self.assertEqual(victim.cookie, "rg_did=victim")
        self.assertNotEqual(thief.key, victim.key)
        self.assertNotEqual(thief.canvas_seed, victim.canvas_seed)

    def test_cookie_replay_victim_is_established_and_seen_first(self):
        found = 0
        for inst in cell_traffic(161):
            if inst.persona != "f16_cookie_replay":
                continue
            thief = [a for a in inst.actions if isinstance(a["device"], holdout16.ReplayDevice)]
            self.assertTrue(thief)
            victim = thief[0]["device"]._victim
            self.assertIn(victim.age_days, holdout16.AGES)
            self.assertEqual(victim.cookies, "keep")
            first = min(a["t"] for a in inst.actions if a["device"] is victim)
            self.assertLess(first, min(a["t"] for a in thief))
            self.assertTrue(all(a["order"]["user"] == thief[-1]["order"]["user"]
                                for a in thief if a["kind"] == "order"))
            found += 1
        self.assertGreater(found, 5)

    def test_accounts_and_devices(self):
        """A family tablet and a farm phone carry several accounts; a stuffed account is
        used from several devices; the reseller's accounts share one mail domain."""
        users, devs, domains = {}, {}, {}
        for inst, a in orders(cell_traffic(162)):
            o = a["order"]
            users.setdefault((inst.persona, a["device"].key), set()).add(o["user"])
            devs.setdefault((inst.persona, o["user"]), set()).add(a["device"].key)
            domains.setdefault((inst.persona, id(inst)), set()).add(o["email"].split("@")[1])
        for persona in ("h16_family_tablet", "f16_promo_farm"):
            self.assertTrue(any(len(u) > 1 for (p, _), u in users.items() if p == persona),
                            persona)
        self.assertTrue(any(len(d) > 1 for (p, _), d in devs.items() if p == "f16_ato_stuffing"))
        resellers = [d for (p, _), d in domains.items() if p == "f16_reseller_scripted"]
        self.assertTrue(resellers)
        self.assertTrue(all(len(d) == 1 for d in resellers))

    def test_shared_nat_addresses(self):
        for persona in ("h16_cgnat_mobile", "h16_campus_dorm"):
            insts = [i for i in cell_traffic(163) if i.persona == persona]
            ips = {a["ip"] for i in insts for a in i.actions}
            self.assertLess(len(ips), len(insts), persona)

    def test_corporate_bulk_quantities(self):
        qty = [a["order"]["quantity"] for inst, a in orders(cell_traffic(161))
               if inst.persona == "h16_corporate_bulk"]
        self.assertTrue(qty)
        self.assertTrue(all(q >= 10 for q in qty))

    def test_card_testing_burst_is_cookieless_script(self):
        for inst, a in orders(cell_traffic(161)):
            if inst.persona == "f16_card_testing_burst":
                self.assertEqual(a["device"].cookies, "none")
                self.assertFalse(a["device"].beacon)

    def test_new_profiles_headers(self):
        self.assertIn("Chrome/145", clients.PROFILES["h16_chrome_win_145"]["ua"])
        self.assertIn("Version/26", clients.PROFILES["h16_safari_mac_26"]["ua"])
        beacon = json.loads(clients.beacon_body("h16_chrome_android_145", ["en-US"], "UTC", 0,
                                                random.Random(1)))
        self.assertEqual(beacon["screen"]["w"], 412)
        hs = dict(clients.fetch_headers("h16_ai_browser_mac", "en-US", None,
                                        "application/json", 2))
        self.assertNotIn("Google Chrome", hs["sec-ch-ua"])


if __name__ == "__main__":
    unittest.main()
