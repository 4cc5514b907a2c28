"""The sixth holdout set (holdout6.py) is deterministic per seed and well formed:
`python3 -m unittest models.eval.test_holdout6`."""

import glob
import json
import os
import random
import unittest

from . import clients, holdout6
from . import holdout_testkit as kit
from .holdout_testkit import FIELDS, HERE, POOLS, WINDOW, load_pools, orders

EXTRA = load_pools("ip_table_holdout6.json")


def cell_traffic(seed, scale=1.0):
    return kit.cell_traffic("holdout6", seed, scale)


class Holdout6Test(kit.SetShape, unittest.TestCase):
    SET = "holdout6"
    MODULE = holdout6
    SEEDS = (61, 62, 63)
    PREFIXES = ("h6_", "f6_")
    N_LEGIT = 15
    N_FRAUD = 9
    CURRENCIES = ("USD", "EUR", "GBP", "JPY", "KRW", "CNY", "KWD", "BHD", "OMR", "JOD", "TND",
                  "ISK", "CLP", "PYG", "XOF", "UGX", "VND", "HUF", "CZK", "NOK", "DKK", "KZT")

    def test_orders_well_formed(self):
        known = {p[0] for pool in list(POOLS.values()) + list(EXTRA.values()) for p in pool}
        for inst, a in orders(cell_traffic(7)):
            o = a["order"]
            self.assertEqual(set(o), FIELDS)
            self.assertGreater(o["amount"], 0)
            self.assertGreaterEqual(o["quantity"], 1)
            if o["currency"] in holdout6.ZERO_DECIMAL:
                self.assertIsInstance(o["amount"], int)
            else:
                self.assertIsInstance(o["amount"], float)
                places = 3 if o["currency"] in holdout6.THREE_DECIMAL else 2
                self.assertEqual(round(o["amount"], places), o["amount"])
            self.assertIn("@", o["email"])
            self.assertTrue(0 < a["t"] < WINDOW)
            self.assertIn(a["ip"], known)
            d = a["device"]
            self.assertIn(d.profile, clients.PROFILES)
            self.assertIn(d.cookies, ("keep", "session", "none"))
            self.assertIn(d.age_days, (None,) + holdout6.AGES)

    def test_own_pools_shadow_no_other_table(self):
        others = set()
        for path in glob.glob(os.path.join(HERE, "ip_table*.json")):
            if not path.endswith("ip_table_holdout6.json"):
                with open(path) as f:
                    others |= set(json.load(f)["pools"])
        self.assertFalse(others & set(EXTRA))
        for name, pool in EXTRA.items():
            self.assertGreaterEqual(len(pool), 5, name)

    def test_linked_cookie_follows_its_origin_until_replaced(self):
        rng = random.Random(1)
        origin = holdout6.device(rng, "US", "safari_mac", age=45)
        other = holdout6.LinkedCookieDevice(rng, origin, "chrome_win", "en-US", ("UTC", 0))
        self.assertIsNone(other.cookie)
        origin.cookie = "rg_did=origin"
        self.assertEqual(other.cookie, "rg_did=origin")
        other.cookie = "rg_did=fresh"
        self.assertEqual(other.cookie, "rg_did=fresh")
        self.assertEqual(origin.cookie, "rg_did=origin")
        self.assertNotEqual(other.key, origin.key)

    def test_linked_devices_use_an_established_origin_that_visits_first(self):
        """The cell only gives an aged cookie to a device that acts in the window, so the
        origin of every linked device must appear, with an age, before the linked one."""
        found = {"h6_browser_updated": 0, "f6_stolen_cookie_replay": 0}
        for inst in cell_traffic(61):
            linked = [a for a in inst.actions
                      if isinstance(a["device"], holdout6.LinkedCookieDevice)]
            if not linked:
                continue
            found[inst.persona] += 1
            origin = linked[0]["device"]._origin
            self.assertIn(origin.age_days, holdout6.AGES)
            first = min(a["t"] for a in inst.actions if a["device"] is origin)
            self.assertLess(first, min(a["t"] for a in linked))
            same_canvas = linked[0]["device"].canvas_seed == origin.canvas_seed
            self.assertEqual(same_canvas, inst.persona == "h6_browser_updated")
        self.assertGreater(found["h6_browser_updated"], 5)
        self.assertGreater(found["f6_stolen_cookie_replay"], 5)

    def test_household_tablet_is_one_device_for_several_users(self):
        for inst in cell_traffic(62):
            if inst.persona != "h6_household_tablet":
                continue
            devs = {a["device"].key for a in inst.actions}
            users = {a["order"]["user"] for a in inst.actions if a["kind"] == "order"}
            self.assertEqual(len(devs), 1)
            if len([a for a in inst.actions if a["kind"] == "order"]) > 1:
                self.assertGreater(len(users), 1)

    def test_new_profiles_headers(self):
        keys = [k.lower() for k, _ in clients.fetch_headers("h6_old_android", "vi", None,
                                                            "application/json", 2)]
        self.assertIn("sec-ch-ua", keys)
        ua = clients.PROFILES["h6_old_android"]["ua"]
        self.assertIn("Chrome/109", ua)
        beacon = json.loads(clients.beacon_body("h6_tor_browser", ["de-DE"], "Europe/Berlin",
                                                60, random.Random(1)))
        self.assertEqual((beacon["timezone"], beacon["canvas"]), ("UTC", None))
        self.assertIsNone(clients.beacon_body("h6_node_undici", ["en"], "UTC", 0,
                                              random.Random(1)))


if __name__ == "__main__":
    unittest.main()
