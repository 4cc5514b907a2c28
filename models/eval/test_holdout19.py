"""The nineteenth holdout set (holdout19.py) is deterministic per seed and well formed:
`python3 -m unittest models.eval.test_holdout19`."""

import json
import random
import unittest

from . import clients, holdout19
from . import holdout_testkit as kit
from .holdout_testkit import load_pools, orders

EXTRA = load_pools("ip_table_holdout19.json")
CURRENCIES = ("USD", "EUR", "GBP", "JPY", "KRW", "CNY", "INR", "BRL", "CAD", "AUD")


def cell_traffic(seed, scale=1.0):
    return kit.cell_traffic("holdout19", seed, scale)


class Holdout19Test(kit.SetShape, unittest.TestCase):
    SET = "holdout19"
    MODULE = holdout19
    SEEDS = (191, 192, 193)
    PREFIXES = ("h19_", "f19_")
    N_LEGIT = 17
    N_FRAUD = 11
    CURRENCIES = CURRENCIES

    def check_order(self, order):
        """The currency is one the shop sells in, and the total is the unit price in the
        product name times the quantity."""
        cur = order["currency"]
        self.assertIn(cur, CURRENCIES)
        brand_cur, unit = order["product"].rsplit("-", 2)[-2:]
        self.assertEqual(brand_cur, cur.lower())
        expected = holdout19.money(float(unit) if "." in unit else int(unit),
                                   order["quantity"], cur)
        self.assertEqual(order["amount"], expected)

    def test_abroad_pools_are_abroad(self):
        for name, home in (("h19_abroad_CN", "CN"), ("h19_abroad_PH", "PH"),
                           ("h19_abroad_CA", "CA"), ("h19_abroad_GB", "GB"),
                           ("h19_abroad_US", "US")):
            self.assertFalse([p for p in EXTRA[name] if p[1] == home], name)

    def test_home_pools_are_home(self):
        for name, pool in EXTRA.items():
            if name.startswith(("h19_home_", "h19_mobile_", "h19_resi_", "h19_mproxy_")):
                cc = name.rsplit("_", 1)[1]
                if cc != "gulf":
                    self.assertEqual({p[1] for p in pool}, {cc}, name)

    def test_replayed_cookie_follows_the_victim_until_replaced(self):
        rng = random.Random(1)
        victim = holdout19.device(rng, "US", "safari_mac", age=40)
        att = holdout19.ReplayDevice(rng, victim, copy_canvas=True)
        self.assertIsNone(att.cookie)
        victim.cookie = "rg_did=victim"
        self.assertEqual(att.cookie, "rg_did=victim")
        self.assertEqual(att.canvas_seed, victim.canvas_seed)
        att.cookie = "rg_did=fresh"
        self.assertEqual(att.cookie, "rg_did=fresh")
        self.assertEqual(victim.cookie, "rg_did=victim")
        self.assertNotEqual(att.key, victim.key)
        self.assertEqual((att.profile, att.lang, att.tz_name), (victim.profile, victim.lang,
                                                                victim.tz_name))

    def test_stealer_victim_is_aged_and_visits_first(self):
        found = 0
        for inst in cell_traffic(191):
            if inst.persona != "f19_ato_infostealer_cookies":
                continue
            replay = [a for a in inst.actions if isinstance(a["device"], holdout19.ReplayDevice)]
            self.assertTrue(replay)
            victim = replay[0]["device"]._victim
            self.assertIn(victim.age_days, holdout19.AGES)
            first = min(a["t"] for a in inst.actions if a["device"] is victim)
            self.assertLess(first, min(a["t"] for a in replay))
            self.assertFalse([a for a in inst.actions
                              if a["device"] is victim and a["kind"] == "order"])
            found += 1
        self.assertGreater(found, 5)

    def test_devices_per_account_and_accounts_per_device(self):
        users, devs = {}, {}
        for inst, a in orders(cell_traffic(192)):
            users.setdefault((inst.persona, a["device"].key), set()).add(a["order"]["user"])
            devs.setdefault((inst.persona, a["order"]["user"]), set()).add(a["device"].key)
        for persona in ("f19_promo_signup_farm", "h19_family_shared"):
            self.assertTrue(any(len(u) > 1 for (p, _), u in users.items() if p == persona),
                            persona)
        for persona in ("f19_ato_credential_stuffing", "f19_emulator_4g_multi_device",
                        "h19_family_shared"):
            self.assertTrue(any(len(d) > 1 for (p, _), d in devs.items() if p == persona),
                            persona)

    def test_card_testing_is_cookieless_and_rotates_addresses(self):
        ips, n = set(), 0
        for inst, a in orders(cell_traffic(193)):
            if inst.persona == "f19_card_testing_topups":
                self.assertEqual(a["device"].cookies, "none")
                self.assertFalse(a["device"].beacon)
                ips.add(a["ip"])
                n += 1
        self.assertGreater(n, 20)
        self.assertGreater(len(ips), n // 2)

    def test_corporate_orders_are_bulk(self):
        seen = 0
        for inst, a in orders(cell_traffic(191)):
            if inst.persona == "h19_corp_rewards_bulk":
                self.assertGreaterEqual(a["order"]["quantity"], 8)
                self.assertNotIn(a["order"]["email"].split("@")[1], ("gmail.com", "outlook.com"))
                seen += 1
        self.assertGreater(seen, 5)

    def test_new_profiles_headers(self):
        self.assertIn("Chrome/145", clients.PROFILES["h19_edge_win_145"]["ua"])
        self.assertIn("Edg/145", clients.PROFILES["h19_edge_win_145"]["ua"])
        self.assertIsNone(clients.beacon_body("h19_tls_client", ["en-US"], "UTC", 0,
                                              random.Random(1)))
        beacon = json.loads(clients.beacon_body("h19_cloud_phone", ["en-US"], "UTC", 0,
                                                random.Random(1)))
        self.assertEqual(beacon["platform"], "Linux aarch64")
        hs = dict(clients.fetch_headers("h19_brave_mac", "en-US", None, "application/json", 2))
        self.assertIn("Brave", hs["sec-ch-ua"])
        page = dict(clients.page_headers("h19_kakaotalk_ios", "ko-KR", None))
        self.assertIn("KAKAOTALK", page["User-Agent"])


if __name__ == "__main__":
    unittest.main()
