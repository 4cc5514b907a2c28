"""The twenty-first holdout set (holdout21.py) is deterministic per seed and well formed:
`python3 -m unittest models.eval.test_holdout21`."""

import json
import random
import unittest

from . import clients, holdout21
from . import holdout_testkit as kit
from .holdout_testkit import load_pools, orders

EXTRA = load_pools("ip_table_holdout21.json")

# Pools whose AS numbers the tests pin (build_ip_table.py's POOLS_HOLDOUT21).
ASNS = {
    "h21_home_TW": {3462, 9924, 4780, 9416},
    "h21_home_SA": {25019, 35819},
    "h21_home_MX": {8151, 13999, 28548},
    "h21_home_PL": {5617, 12741, 29314},
    "h21_cgnat_MY": {10030, 38466, 45960, 4818},
    "h21_cgnat_TW": {24158, 17421},
    "h21_abroad_IN": {55836},
    "h21_esim": {17794, 9444, 51320, 14616, 11889},
    "h21_hotel": {62957, 39852, 26485},
    "h21_starlink": {14593},
    "h21_corp": {53813, 22616, 55256},
    "h21_k12_US": {2152, 11537},
    "h21_relay": {36183, 54113, 13335},
    "h21_vpn_privacy": {39351, 62371, 209103},
    "h21_agent_cloud": {8075, 16509, 396982},
    "h21_isp_proxy": {46844, 35916, 396356, 62874, 19318, 11878},
    "h21_cloud_CN": {37963, 45090, 55990},
    "h21_cloud_intl": {45102, 132203, 136907},
    "h21_origin": {29465, 30986, 15895, 24389, 12389, 8359, 7552},
}


def cell_traffic(seed, scale=1.0):
    return kit.cell_traffic("holdout21", seed, scale)


def persona_actions(seed, persona):
    return [inst for inst in cell_traffic(seed) if inst.persona == persona]


class Holdout21Test(kit.SetShape, unittest.TestCase):
    SET = "holdout21"
    MODULE = holdout21
    SEEDS = (211, 212, 213)
    PREFIXES = ("h21_", "f21_")
    N_LEGIT = 17
    N_FRAUD = 12
    CURRENCIES = ("USD", "EUR", "GBP", "JPY", "KRW", "CNY", "TWD", "HKD", "SGD", "MYR", "PLN",
                  "SEK", "MXN", "CLP", "SAR", "BRL", "INR", "PHP")

    def test_pools_resolve_to_their_countries(self):
        for name, pool in EXTRA.items():
            kind, _, cc = name[len("h21_"):].partition("_")
            if kind in ("home", "cgnat") or name in ("h21_k12_US", "h21_campus_AU",
                                                     "h21_campus_GB", "h21_cloud_CN"):
                self.assertEqual({p[1] for p in pool}, {name[-2:]}, name)
            if kind == "abroad":
                self.assertFalse([p for p in pool if p[1] == cc], name)
        self.assertFalse([p for p in EXTRA["h21_cloud_intl"] if p[1] == "CN"])

    def test_pools_resolve_to_their_networks(self):
        for name, asns in ASNS.items():
            self.assertLessEqual({p[2] for p in EXTRA[name]}, asns, name)
        self.assertLessEqual(len(EXTRA["h21_cgnat_TH"]), 6)
        self.assertGreaterEqual(len(EXTRA["h21_resi_US"]), 200)

    def test_stolen_cookie_follows_its_victim_until_replaced(self):
        rng = random.Random(1)
        victim = holdout21.device(rng, "US", "h21_chrome_win_146", age=21)
        thief = holdout21.StolenSessionDevice(rng, victim, "h21_camoufox", "en-US", ("UTC", 0))
        self.assertIsNone(thief.cookie)
        victim.cookie = "rg_did=victim"
        self.assertEqual(thief.cookie, "rg_did=victim")
        thief.cookie = "rg_did=fresh"
        self.assertEqual(thief.cookie, "rg_did=fresh")
        self.assertEqual(victim.cookie, "rg_did=victim")
        self.assertNotEqual(thief.key, victim.key)

    def test_infostealer_victim_is_aged_and_visits_first(self):
        found = 0
        for inst in persona_actions(211, "f21_infostealer_session"):
            stolen = [a for a in inst.actions
                      if isinstance(a["device"], holdout21.StolenSessionDevice)]
            self.assertTrue(stolen)
            victim = stolen[0]["device"]._victim
            self.assertIn(victim.age_days, holdout21.AGES)
            first = min(a["t"] for a in inst.actions if a["device"] is victim)
            self.assertLess(first, min(a["t"] for a in stolen))
            order = [a for a in stolen if a["kind"] == "order"][0]
            self.assertNotEqual(order["ip"], inst.actions[0]["ip"])
            found += 1
        self.assertGreater(found, 10)

    def test_accounts_and_devices(self):
        """Farm phones, the reseller's browsers and scalper bots carry several accounts; a
        taken-over account and a family account are used from several devices."""
        users, devs = {}, {}
        for inst, a in orders(cell_traffic(212)):
            users.setdefault((inst.persona, a["device"].key), set()).add(a["order"]["user"])
            devs.setdefault((inst.persona, a["order"]["user"]), set()).add(a["device"].key)
        for persona in ("f21_cloud_phone_farm", "f21_triangulation_reseller", "f21_scalper_bulk"):
            self.assertTrue(any(len(u) > 1 for (p, _), u in users.items() if p == persona),
                            persona)
        for persona in ("f21_ato_many_devices", "h21_family_shared_account"):
            self.assertTrue(any(len(d) > 1 for (p, _), d in devs.items() if p == persona),
                            persona)
        ato = [len(d) for (p, _), d in devs.items() if p == "f21_ato_many_devices"]
        self.assertGreaterEqual(min(ato), 2)

    def test_card_testing_sends_no_page_view_and_keeps_no_cookie(self):
        for inst in persona_actions(213, "f21_card_testing_micro"):
            self.assertEqual({a["kind"] for a in inst.actions}, {"order"})
            for a in inst.actions:
                self.assertEqual(a["device"].cookies, "none")
                self.assertLessEqual(a["order"]["amount"], 5)
                self.assertIn(a["ip"], {p[0] for p in EXTRA["h21_resi_US"]})

    def test_agentic_checkout_is_fast(self):
        fast = hosted = 0
        cloud = {p[0] for p in EXTRA["h21_agent_cloud"]}
        for inst in persona_actions(211, "h21_agentic_checkout"):
            visits = [a["t"] for a in inst.actions if a["kind"] == "visit"]
            order = [a for a in inst.actions if a["kind"] == "order"][0]
            if visits and order["t"] - max(visits) < 15:
                fast += 1
            hosted += order["ip"] in cloud
        self.assertGreater(fast, 15)
        self.assertGreater(hosted, 3)

    def test_school_addresses_are_shared(self):
        by_ip = {}
        for inst, a in orders(cell_traffic(212)):
            if inst.persona == "h21_school_chromebooks":
                by_ip.setdefault(a["ip"], set()).add(a["order"]["user"])
        self.assertTrue(any(len(u) > 1 for u in by_ip.values()))

    def test_relay_address_changes_inside_a_session(self):
        changed = 0
        for inst in persona_actions(213, "h21_relay_hopping_iphones"):
            changed += len({a["ip"] for a in inst.actions}) > 1
        self.assertGreater(changed, 10)

    def test_corporate_orders_are_bulk(self):
        qty = [a["order"]["quantity"] for inst, a in orders(cell_traffic(211))
               if inst.persona == "h21_corp_rewards_bulk"]
        self.assertTrue(qty)
        self.assertGreaterEqual(min(qty), 10)

    def test_new_profiles_headers(self):
        self.assertIn("Chrome/146", clients.PROFILES["h21_chrome_win_146"]["ua"])
        self.assertIn("Xbox", clients.PROFILES["h21_xbox_edge"]["ua"])
        self.assertIsNone(clients.beacon_body("h21_rnet_chrome145", ["en-US"], "UTC", 0,
                                              random.Random(1)))
        self.assertIsNone(clients.beacon_body("h21_aiohttp", ["en-US"], "UTC", 0,
                                              random.Random(1)))
        beacon = json.loads(clients.beacon_body("h21_appium_phone", ["en-US"], "UTC", 0,
                                                random.Random(1)))
        self.assertTrue(beacon["webdriver"])
        rfp = json.loads(clients.beacon_body("h21_librewolf", ["de-DE"], "Europe/Berlin", 60,
                                             random.Random(1)))
        self.assertEqual((rfp["timezone"], rfp["canvas"]), ("UTC", None))
        hs = dict(clients.page_headers("h21_telegram_android", "id-ID", None))
        self.assertEqual(hs["X-Requested-With"], "org.telegram.messenger")
        hs = dict(clients.fetch_headers("h21_chromebook_146", "en-US", None, "application/json", 2))
        self.assertEqual(hs["sec-ch-ua-platform"], '"Chrome OS"')


if __name__ == "__main__":
    unittest.main()
