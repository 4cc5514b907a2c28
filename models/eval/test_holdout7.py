"""The seventh holdout set (holdout7.py) is deterministic per seed and well formed:
`python3 -m unittest models.eval.test_holdout7`."""

import glob
import json
import os
import random
import unittest

from . import clients, holdout7
from . import holdout_testkit as kit
from .holdout_testkit import FIELDS, HERE, POOLS, WINDOW, flat, load_pools, orders

EXTRA = load_pools("ip_table_holdout7.json")


def cell_traffic(seed, scale=1.0):
    return kit.cell_traffic("holdout7", seed, scale)


class Holdout7Test(unittest.TestCase):
    def test_same_seed_same_traffic(self):
        self.assertEqual(flat(cell_traffic(71)), flat(cell_traffic(71)))

    def test_different_seed_different_traffic(self):
        self.assertNotEqual(flat(cell_traffic(71)), flat(cell_traffic(72)))

    def test_labels_and_every_persona_present(self):
        for seed in (1, 2, 3, 71, 72, 73):
            got = {(inst.persona, inst.label) for inst, _ in orders(cell_traffic(seed))}
            self.assertEqual({label for _, label in got}, {"legit", "fraud"})
            names = {p for p, _ in got}
            self.assertEqual(len(names), len(holdout7.LEGIT) + len(holdout7.FRAUD), seed)
            for persona, label in got:
                self.assertTrue(persona.startswith("h7_" if label == "legit" else "f7_"), persona)

    def test_counts_in_range(self):
        self.assertEqual(len(holdout7.LEGIT), 15)
        self.assertEqual(len(holdout7.FRAUD), 10)
        for seed in (1, 2, 3, 71, 72, 73, 97):
            n = {"legit": 0, "fraud": 0}
            per = {}
            for inst, _ in orders(cell_traffic(seed)):
                n[inst.label] += 1
                per[inst.persona] = per.get(inst.persona, 0) + 1
            self.assertTrue(470 <= n["legit"] <= 580, (seed, n))
            self.assertTrue(260 <= n["fraud"] <= 350, (seed, n))
            # No persona dominates its label's figure.
            for persona, k in per.items():
                self.assertLessEqual(k, 65, (seed, persona, k))

    def test_scale_changes_volume(self):
        small = len(orders(cell_traffic(5, 0.25)))
        big = len(orders(cell_traffic(5, 2.0)))
        self.assertLess(small * 3, big)

    def test_currencies_present(self):
        cur = set()
        for seed in (71, 72, 73):
            cur |= {a["order"]["currency"] for _, a in orders(cell_traffic(seed))}
        for c in ("USD", "EUR", "GBP", "JPY", "KRW", "CNY", "TWD", "PLN", "CAD", "AUD", "BRL",
                  "INR"):
            self.assertIn(c, cur)

    def test_orders_well_formed(self):
        known = {p[0] for pool in list(POOLS.values()) + list(EXTRA.values()) for p in pool}
        for inst, a in orders(cell_traffic(7)):
            o = a["order"]
            self.assertEqual(set(o), FIELDS)
            self.assertIsInstance(o["amount"], str)
            self.assertGreater(float(o["amount"]), 0)
            if o["currency"] in holdout7.ZERO_DECIMAL:
                self.assertRegex(o["amount"], r"^[0-9]+$")
            else:
                self.assertRegex(o["amount"], r"^[0-9]+\.[0-9]{2}$")
            self.assertGreaterEqual(o["quantity"], 1)
            self.assertIn("@", o["email"])
            self.assertTrue(o["user"])
            self.assertTrue(0 < a["t"] < WINDOW)
            self.assertIn(a["ip"], known)
            d = a["device"]
            self.assertIn(d.profile, clients.PROFILES)
            self.assertIn(d.cookies, ("keep", "session", "none"))
            self.assertIn(d.age_days, (None,) + holdout7.AGES)

    def test_own_pools_shadow_no_other_table(self):
        others = set()
        for path in glob.glob(os.path.join(HERE, "ip_table*.json")):
            if not path.endswith("ip_table_holdout7.json"):
                with open(path) as f:
                    others |= set(json.load(f)["pools"])
        self.assertFalse(others & set(EXTRA))
        for name, pool in EXTRA.items():
            self.assertTrue(name.startswith("h7_"), name)
            self.assertGreaterEqual(len(pool), 5, name)

    def test_every_locale_pool_exists(self):
        for cc, loc in holdout7.LOCALES.items():
            self.assertTrue(loc[4] or loc[5], cc)
            for name in loc[4] + loc[5]:
                self.assertTrue(name in POOLS or name in EXTRA, (cc, name))

    def test_device_keys_unique_per_device(self):
        devs = {}
        for inst in cell_traffic(11):
            for a in inst.actions:
                d = a["device"]
                self.assertIs(devs.setdefault(d.key, d), d)

    def test_beacons_render(self):
        for inst in cell_traffic(13):
            for a in inst.actions:
                d = a["device"]
                body = clients.beacon_body(d.profile, d.languages, d.tz_name, d.tz_offset,
                                           random.Random(d.canvas_seed))
                if d.beacon and clients.PROFILES[d.profile].get("beacon"):
                    self.assertIsNotNone(body)
                    json.loads(body)
                clients.page_headers(d.profile, d.lang, "rg_did=x")
                clients.fetch_headers(d.profile, d.lang, None, "application/json", 2)

    def test_replayed_cookie_follows_its_origin_until_replaced(self):
        rng = random.Random(1)
        origin = holdout7.device(rng, "US", "safari_mac", age=90)
        thief = holdout7.ReplayedCookieDevice(rng, origin, "h7_antidetect_mac", "en-US",
                                              ("America/Los_Angeles", -480))
        self.assertIsNone(thief.cookie)
        origin.cookie = "rg_did=origin"
        self.assertEqual(thief.cookie, "rg_did=origin")
        thief.cookie = "rg_did=fresh"
        self.assertEqual(thief.cookie, "rg_did=fresh")
        self.assertEqual(origin.cookie, "rg_did=origin")
        self.assertNotEqual(thief.key, origin.key)

    def test_stolen_session_origin_is_established_and_visits_first(self):
        """The cell only gives an aged cookie to a device that acts in the window, so the
        victim's device must appear, with an age, before the thief's first order."""
        found = 0
        for inst in cell_traffic(71):
            if inst.persona != "f7_stolen_session":
                continue
            thief = [a for a in inst.actions
                     if isinstance(a["device"], holdout7.ReplayedCookieDevice)]
            self.assertTrue(thief)
            origin = thief[0]["device"]._origin
            self.assertIn(origin.age_days, holdout7.AGES)
            first = min(a["t"] for a in inst.actions if a["device"] is origin)
            self.assertLess(first, min(a["t"] for a in thief))
            found += 1
        self.assertGreater(found, 5)

    def test_shared_addresses_and_devices(self):
        """CGNAT and campus buyers share a few addresses; family devices carry several
        accounts; gift buyers deliver to several addresses."""
        ips, fam, gift = {}, [], []
        for inst in cell_traffic(72):
            os_ = [a for a in inst.actions if a["kind"] == "order"]
            if inst.persona in ("h7_cgnat_carrier", "h7_campus_cn"):
                for a in os_:
                    ips.setdefault(inst.persona, {}).setdefault(a["ip"], set()).add(
                        a["order"]["user"])
            if inst.persona == "h7_family_shared":
                self.assertEqual(len({a["device"].key for a in inst.actions}), 1)
                fam.append(len({a["order"]["user"] for a in os_}))
            if inst.persona == "h7_gift_multi_recipient":
                gift.append(len({a["order"]["email"] for a in os_}))
        for persona, by_ip in ips.items():
            self.assertGreater(max(len(u) for u in by_ip.values()), 2, persona)
        self.assertGreater(max(fam), 1)
        self.assertGreaterEqual(min(gift), 3)

    def test_new_profiles_headers(self):
        keys = [k.lower() for k, _ in clients.fetch_headers("h7_wechat_android", "zh-CN", None,
                                                            "application/json", 2)]
        self.assertNotIn("sec-ch-ua", keys)
        self.assertIn("x-requested-with", keys)
        keys = [k.lower() for k, _ in clients.fetch_headers("h7_opera_gx", "de-DE", None,
                                                            "application/json", 2)]
        self.assertIn("sec-ch-ua", keys)
        self.assertIsNone(clients.beacon_body("h7_impersonate_chrome", ["en-US"], "UTC", 0,
                                              random.Random(1)))
        self.assertNotIn("Safari/", clients.PROFILES["h7_discord_iphone"]["ua"])


if __name__ == "__main__":
    unittest.main()
