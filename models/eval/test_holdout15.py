"""The fifteenth holdout set (holdout15.py) is deterministic per seed and well formed:
`python3 -m unittest models.eval.test_holdout15`."""

import unittest

from . import clients, holdout15
from . import holdout_testkit as kit
from .holdout_testkit import load_pools, orders

EXTRA = load_pools("ip_table_holdout15.json")


def cell_traffic(seed, scale=1.0):
    return kit.cell_traffic("holdout15", seed, scale)


class Holdout15Test(kit.SetShape, unittest.TestCase):
    SET = "holdout15"
    MODULE = holdout15
    SEEDS = (151, 152, 153)
    PREFIXES = ("h15_", "f15_")
    N_LEGIT = 16
    N_FRAUD = 11
    CURRENCIES = ("USD", "EUR", "GBP", "JPY", "KRW", "CNY", "INR", "BRL", "CAD", "AUD")

    def check_order(self, order):
        self.assertIn(order["currency"], holdout15.RATE)

    def test_no_new_profiles(self):
        self.assertFalse([p for p in clients.PROFILES if p.startswith("h15_")])
        used = {a["device"].profile for inst in cell_traffic(151) for a in inst.actions}
        self.assertTrue(used <= set(clients.PROFILES))

    def test_abroad_pools_are_abroad(self):
        for cc in ("ID", "JP", "IN", "FR", "AU", "PH"):
            name = "h15_abroad_" + cc
            self.assertFalse([p for p in EXTRA[name] if p[1] == cc], name)
        self.assertFalse([p for p in EXTRA["h15_relay_cn"] if p[1] == "CN"])
        for name in ("h15_cgnat_ID", "h15_cgnat_PH", "h15_home_JP", "h15_mobile_KR"):
            cc = name[-2:]
            self.assertEqual({p[1] for p in EXTRA[name]}, {cc}, name)

    def test_zero_decimal_amounts_are_whole_units(self):
        seen = set()
        for seed in self.SEEDS:
            for _, a in orders(cell_traffic(seed)):
                o = a["order"]
                if o["currency"] in ("JPY", "KRW"):
                    seen.add(o["currency"])
                    self.assertIsInstance(o["amount"], int)
                    self.assertGreaterEqual(o["amount"], 100)
        self.assertEqual(seen, {"JPY", "KRW"})

    def test_accounts_devices_and_addresses(self):
        """Shared household and promo-farm devices carry several accounts; one account of
        the device-rotation ring and of some account takeovers is on several devices;
        carrier-grade NAT addresses carry several unrelated accounts."""
        users, devs, by_ip = {}, {}, {}
        for inst, a in orders(cell_traffic(152)):
            o = a["order"]
            users.setdefault((inst.persona, a["device"].key), set()).add(o["user"])
            devs.setdefault((inst.persona, o["user"]), set()).add(a["device"].key)
            by_ip.setdefault((inst.persona, a["ip"]), set()).add(o["user"])
        for persona in ("h15_shared_household", "f15_promo_farm"):
            self.assertTrue(any(len(u) > 1 for (p, _), u in users.items() if p == persona),
                            persona)
        for persona in ("f15_device_rotation", "f15_ato_drain"):
            self.assertTrue(any(len(d) > 2 for (p, _), d in devs.items() if p == persona),
                            persona)
        self.assertTrue(any(len(u) > 3 for (p, _), u in by_ip.items() if p == "h15_cgnat_sea"))

    def test_retries_and_returns(self):
        """Honest retries repeat within minutes; returning buyers come back 10-45 minutes
        after their first order."""
        times = {}
        for inst, a in orders(cell_traffic(153)):
            times.setdefault((inst.persona, a["order"]["user"]), []).append(a["t"])
        retry = [sorted(ts) for (p, _), ts in times.items() if p == "h15_honest_retry"]
        self.assertTrue(retry and all(len(ts) >= 2 and ts[1] - ts[0] < 300 for ts in retry))
        back = [sorted(ts) for (p, _), ts in times.items() if p == "h15_back_within_hour"]
        self.assertTrue(back)
        for ts in back:
            if len(ts) == 2:
                self.assertTrue(600 <= ts[1] - ts[0] <= 2900, ts)

    def test_privacy_and_scripts_keep_no_cookie(self):
        kinds = {}
        for inst in cell_traffic(151):
            for a in inst.actions:
                d = a["device"]
                kinds.setdefault(inst.persona, set()).add(d.cookies)
                if clients.PROFILES[d.profile]["kind"] == "script":
                    self.assertEqual(d.cookies, "none")
                    self.assertFalse(d.beacon)
        self.assertTrue({"session", "none"} & kinds["h15_privacy_browser"])
        self.assertEqual(kinds["f15_reseller_bulk"], {"none"})

    def test_fraud_near_traceless_persona_is_small(self):
        for seed in self.SEEDS:
            n = sum(1 for inst, _ in orders(cell_traffic(seed))
                    if inst.persona == "f15_friendly_fraud")
            self.assertLessEqual(n, 25, seed)


if __name__ == "__main__":
    unittest.main()
