"""The ninth holdout set (holdout9.py) is deterministic per seed and well formed:
`python3 -m unittest models.eval.test_holdout9`."""

import json
import random
import unittest

from . import clients, holdout9
from . import holdout_testkit as kit
from .holdout_testkit import load_pools, orders

EXTRA = load_pools("ip_table_holdout9.json")


def cell_traffic(seed, scale=1.0):
    return kit.cell_traffic("holdout9", seed, scale)


class Holdout9Test(kit.SetShape, unittest.TestCase):
    SET = "holdout9"
    MODULE = holdout9
    SEEDS = (91, 92, 93)
    PREFIXES = ("h9_", "f9_")
    N_LEGIT = 16
    N_FRAUD = 11
    CURRENCIES = ("USD", "EUR", "GBP", "JPY", "KRW", "CNY", "CAD", "AUD", "BRL", "MXN", "TRY",
                  "INR", "TWD", "HKD")

    def test_abroad_pools_are_abroad(self):
        for name, home in (("h9_abroad_JP", "JP"), ("h9_abroad_AU", "AU"),
                           ("h9_abroad_CA", "CA"), ("h9_abroad_MY", "MY")):
            self.assertFalse([p for p in EXTRA[name] if p[1] == home], name)

    def test_shared_addresses_carry_several_accounts(self):
        """Campus NAT and carrier-grade NAT addresses each serve more than one account."""
        for persona in ("h9_campus_shared", "h9_cgnat_abroad", "h9_corporate_rewards"):
            users = {}
            for inst, a in orders(cell_traffic(92)):
                if inst.persona == persona:
                    users.setdefault(a["ip"], set()).add(a["order"]["user"])
            self.assertTrue(any(len(u) > 1 for u in users.values()), persona)

    def test_api_scripts_never_view_a_page(self):
        found = 0
        for inst in cell_traffic(91):
            if inst.persona == "f9_api_impersonate":
                found += 1
                self.assertFalse([a for a in inst.actions if a["kind"] == "visit"])
                for a in inst.actions:
                    self.assertFalse(clients.PROFILES[a["device"].profile].get("beacon"))
        self.assertGreater(found, 0)

    def test_express_wallet_orders_within_seconds_of_the_page(self):
        for inst in cell_traffic(93):
            if inst.persona != "h9_express_wallet":
                continue
            visits = [a["t"] for a in inst.actions if a["kind"] == "visit"]
            for _, a in orders([inst]):
                self.assertLessEqual(a["t"] - max(v for v in visits if v < a["t"]), 25)

    def test_promo_farm_one_device_many_aliases(self):
        seen = 0
        for inst in cell_traffic(91):
            if inst.persona != "f9_promo_alias_farm":
                continue
            os_ = orders([inst])
            if len(os_) < 3:
                continue
            seen += 1
            self.assertEqual(len({a["device"].key for _, a in os_}), 1)
            self.assertGreater(len({a["order"]["user"] for _, a in os_}), 2)
            mails = {a["order"]["email"] for _, a in os_}
            self.assertGreater(len(mails), 2)
            canon = {m.split("@")[0].split("+")[0].replace(".", "") for m in mails}
            self.assertEqual(len(canon), 1)
        self.assertGreater(seen, 0)

    def test_giveaway_one_account_many_recipients(self):
        for inst in cell_traffic(93):
            if inst.persona != "h9_streamer_giveaway":
                continue
            os_ = [a["order"] for _, a in orders([inst])]
            self.assertEqual(len({o["user"] for o in os_}), 1)
            if len(os_) > 2:
                self.assertGreater(len({o["email"] for o in os_}), 1)

    def test_new_profiles_headers(self):
        for name in [k for k in clients.PROFILES if k.startswith("h9_")]:
            clients.page_headers(name, "en-US", None)
            clients.fetch_headers(name, "en-US", "rg_did=x", "application/json", 2)
        keys = [k for k, _ in clients.fetch_headers("h9_tiktok_android", "en-US", None,
                                                    "application/json", 2)]
        self.assertIn("X-Requested-With", keys)
        keys = [k for k, _ in clients.fetch_headers("h9_ddg_android", "en-US", None,
                                                    "application/json", 2)]
        self.assertNotIn("X-Requested-With", keys)
        self.assertIn("Instagram", clients.PROFILES["h9_instagram_iphone"]["ua"])
        self.assertIn("Line/", clients.PROFILES["h9_line_iphone"]["ua"])
        self.assertIsNone(clients.beacon_body("h9_impersonate_136", ["en"], "UTC", 0,
                                              random.Random(1)))
        beacon = json.loads(clients.beacon_body("h9_steamdeck", ["en-US"], "UTC", 0,
                                                random.Random(1)))
        self.assertEqual((beacon["platform"], beacon["touch_points"]), ("Linux x86_64", 10))


if __name__ == "__main__":
    unittest.main()
