"""The fifth holdout set (holdout5.py) is deterministic per seed and well formed:
`python3 -m unittest models.eval.test_holdout5`."""

import json
import random
import unittest

from . import clients, holdout5
from . import holdout_testkit as kit
from .holdout_testkit import FIELDS, POOLS, WINDOW, flat, load_pools, orders

EXTRA = load_pools("ip_table_holdout5.json")


def cell_traffic(seed, scale=1.0):
    return kit.cell_traffic("holdout5", seed, scale)


class Holdout5Test(unittest.TestCase):
    def test_same_seed_same_traffic(self):
        self.assertEqual(flat(cell_traffic(51)), flat(cell_traffic(51)))

    def test_different_seed_different_traffic(self):
        self.assertNotEqual(flat(cell_traffic(51)), flat(cell_traffic(52)))

    def test_labels_and_every_persona_present(self):
        for seed in (1, 2, 3, 51, 52, 53):
            got = {(inst.persona, inst.label) for inst, _ in orders(cell_traffic(seed))}
            self.assertEqual({label for _, label in got}, {"legit", "fraud"})
            names = {p for p, _ in got}
            self.assertEqual(len(names), len(holdout5.LEGIT) + len(holdout5.FRAUD), seed)
            for persona, label in got:
                self.assertTrue(persona.startswith("h5_" if label == "legit" else "f5_"), persona)

    def test_counts_in_range(self):
        self.assertEqual(len(holdout5.LEGIT), 15)
        self.assertEqual(len(holdout5.FRAUD), 9)
        for seed in (1, 2, 3, 51, 52, 53, 97):
            n = {"legit": 0, "fraud": 0}
            per = {}
            for inst, _ in orders(cell_traffic(seed)):
                n[inst.label] += 1
                per[inst.persona] = per.get(inst.persona, 0) + 1
            self.assertTrue(460 <= n["legit"] <= 580, (seed, n))
            self.assertTrue(260 <= n["fraud"] <= 340, (seed, n))
            # No persona dominates its label's figure.
            for persona, k in per.items():
                self.assertLessEqual(k, 60, (seed, persona, k))

    def test_scale_changes_volume(self):
        small = len(orders(cell_traffic(5, 0.25)))
        big = len(orders(cell_traffic(5, 2.0)))
        self.assertLess(small * 3, big)

    def test_currencies_present(self):
        cur = {a["order"]["currency"] for _, a in orders(cell_traffic(51))}
        for c in ("USD", "EUR", "GBP", "JPY", "KRW", "CNY", "CHF"):
            self.assertIn(c, cur)

    def test_orders_well_formed(self):
        known = {p[0] for pool in list(POOLS.values()) + list(EXTRA.values()) for p in pool}
        for inst, a in orders(cell_traffic(7)):
            o = a["order"]
            self.assertEqual(set(o), FIELDS)
            self.assertGreater(o["amount"], 0)
            self.assertGreaterEqual(o["quantity"], 1)
            if o["currency"] in holdout5.ZERO_DECIMAL:
                self.assertIsInstance(o["amount"], int)
            else:
                self.assertIsInstance(o["amount"], float)
            self.assertIn("@", o["email"])
            self.assertTrue(0 < a["t"] < WINDOW)
            self.assertIn(a["ip"], known)
            d = a["device"]
            self.assertIn(d.profile, clients.PROFILES)
            self.assertIn(d.cookies, ("keep", "session", "none"))
            self.assertIn(d.age_days, (None,) + holdout5.AGES)

    def test_own_pools_do_not_shadow_main_pools(self):
        self.assertFalse(set(POOLS) & set(EXTRA))
        for name, pool in EXTRA.items():
            self.assertGreaterEqual(len(pool), 5, name)

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

    def test_stolen_cookie_follows_the_victim_until_replaced(self):
        rng = random.Random(1)
        victim = holdout5.device(rng, "US", "chrome_win", age=90)
        thief = holdout5.StolenCookieDevice(rng, victim, "chrome_win", "en-US", ("UTC", 0))
        self.assertIsNone(thief.cookie)
        victim.cookie = "rg_did=victim"
        self.assertEqual(thief.cookie, "rg_did=victim")
        thief.cookie = "rg_did=fresh"
        self.assertEqual(thief.cookie, "rg_did=fresh")
        self.assertEqual(victim.cookie, "rg_did=victim")
        self.assertNotEqual(thief.key, victim.key)

    def test_cookie_replay_reuses_a_victims_established_device(self):
        """The thief's requests carry the cookie of an aged device that also visits in the
        window (so the cell gives that device a months-old cookie before the window)."""
        found = 0
        for inst in cell_traffic(51):
            if inst.persona != "f5_cookie_replay":
                continue
            devs = {a["device"].key: a["device"] for a in inst.actions}
            thieves = [d for d in devs.values() if isinstance(d, holdout5.StolenCookieDevice)]
            self.assertEqual(len(thieves), 1)
            self.assertIn(thieves[0]._victim.key, devs)
            self.assertIn(thieves[0]._victim.age_days, holdout5.AGES)
            found += 1
        self.assertGreater(found, 5)

    def test_old_webviews_send_no_client_hints(self):
        for name in ("h5_webview_a7", "h5_webview_a8"):
            hs = clients.fetch_headers(name, "th-TH", None, "application/json", 2)
            keys = [k.lower() for k, _ in hs]
            self.assertFalse(any(k.startswith("sec-ch-ua") for k in keys), name)
            self.assertIn("x-requested-with", keys)
        keys = [k.lower() for k, _ in clients.page_headers("h5_webview_a7", "th", None)]
        self.assertFalse(any(k.startswith("sec-fetch-") for k in keys))


if __name__ == "__main__":
    unittest.main()
