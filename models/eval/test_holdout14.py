"""The fourteenth holdout set (holdout14.py) is deterministic per seed and well formed:
`python3 -m unittest models.eval.test_holdout14`."""

import unittest

from . import clients, holdout14
from . import holdout_testkit as kit
from .holdout_testkit import load_pools, orders

EXTRA = load_pools("ip_table_holdout14.json")


def cell_traffic(seed, scale=1.0):
    return kit.cell_traffic("holdout14", seed, scale)


def by_persona(seed):
    out = {}
    for inst in cell_traffic(seed):
        out.setdefault(inst.persona, []).append(inst)
    return out


class Holdout14Test(kit.SetShape, unittest.TestCase):
    SET = "holdout14"
    MODULE = holdout14
    SEEDS = (141, 142, 143)
    PREFIXES = ("h14_", "f14_")
    N_LEGIT = 16
    N_FRAUD = 11
    CURRENCIES = ("USD", "EUR", "GBP", "JPY", "KRW", "CNY", "INR", "BRL", "CAD", "AUD")

    def check_order(self, order):
        self.assertIn(order["currency"], holdout14.GIFT_DENOMS)
        self.assertTrue(order["product"])

    def test_abroad_pools_are_abroad(self):
        for name, home in (("h14_abroad_ID", "ID"), ("h14_abroad_JP", "JP"),
                           ("h14_abroad_ES", "ES"), ("h14_abroad_BR", "BR"),
                           ("h14_abroad_AT", "AT"), ("h14_airport", "CN")):
            self.assertFalse([p for p in EXTRA[name] if p[1] == home], name)

    def test_home_and_carrier_pools_are_at_home(self):
        for name, pool in EXTRA.items():
            cc = name.rsplit("_", 1)[1]
            if name.startswith(("h14_home_", "h14_cgnat_", "h14_resi_", "h14_mproxy_")):
                self.assertEqual({p[1] for p in pool}, {cc}, name)

    def test_only_existing_profiles(self):
        for seed in self.SEEDS:
            for inst in cell_traffic(seed):
                for a in inst.actions:
                    self.assertIn(a["device"].profile, clients.PROFILES)

    def test_zero_decimal_amounts_are_whole(self):
        seen = set()
        for seed in self.SEEDS:
            for _, a in orders(cell_traffic(seed)):
                o = a["order"]
                if o["currency"] in ("JPY", "KRW"):
                    seen.add(o["currency"])
                    self.assertIsInstance(o["amount"], int)
                    self.assertGreaterEqual(o["amount"], 100)
        self.assertEqual(seen, {"JPY", "KRW"})

    def test_cgnat_buyers_share_addresses(self):
        """Unrelated buyers behind one carrier-grade NAT address."""
        users = {}
        for inst, a in orders(cell_traffic(141)):
            if inst.persona == "h14_cgnat_mobile":
                users.setdefault(a["ip"], set()).add(a["order"]["user"])
        self.assertTrue(any(len(u) >= 3 for u in users.values()))

    def test_household_device_carries_several_accounts(self):
        for seed in self.SEEDS:
            found = False
            for inst in by_persona(seed)["h14_shared_household"]:
                users = {a["order"]["user"] for a in inst.actions if a["kind"] == "order"}
                keys = {a["device"].key for a in inst.actions}
                self.assertEqual(len(keys), 1)
                found |= len(users) > 1
            self.assertTrue(found, seed)

    def test_honest_retries_repeat_within_minutes(self):
        for inst in by_persona(142)["h14_honest_retry"]:
            ts = [a["t"] for a in inst.actions if a["kind"] == "order"]
            self.assertGreaterEqual(len(ts), 2)
            self.assertLess(max(ts) - min(ts), 400)

    def test_corporate_orders_are_bulk(self):
        for _, a in orders(by_persona(143)["h14_corp_bulk"]):
            self.assertGreaterEqual(a["order"]["quantity"], 10)

    def test_first_big_device_is_new(self):
        for inst in by_persona(141)["h14_first_big_new_device"]:
            for a in inst.actions:
                self.assertIsNone(a["device"].age_days)

    def test_privacy_browsers_keep_no_cookie_or_use_relay(self):
        for inst in by_persona(141)["h14_privacy_browser"]:
            d = inst.actions[0]["device"]
            relay = {p[0] for p in EXTRA["h14_relay"]}
            self.assertTrue(d.cookies in ("none", "session") or inst.actions[0]["ip"] in relay)

    def test_rotator_changes_address_every_request(self):
        for inst in by_persona(143)["f14_resi_rotator"]:
            ips = [a["ip"] for a in inst.actions]
            self.assertGreater(len(set(ips)), 1)
            self.assertEqual(len({a["device"].key for a in inst.actions}), 1)

    def test_ato_accounts_on_several_devices(self):
        for inst in by_persona(141)["f14_ato_takeover"]:
            self.assertEqual(len({a["order"]["user"] for a in inst.actions
                                  if a["kind"] == "order"}), 1)
            self.assertGreaterEqual(len({a["device"].key for a in inst.actions}), 2)

    def test_crew_account_on_many_devices(self):
        for inst in by_persona(142)["f14_crew_shared_account"]:
            self.assertGreaterEqual(len({a["device"].key for a in inst.actions}), 3)

    def test_slow_tester_never_reuses_an_address(self):
        for inst in by_persona(141)["f14_slow_tester"]:
            ips = [a["ip"] for a in inst.actions if a["kind"] == "order"]
            self.assertEqual(len(ips), len(set(ips)))
            ts = sorted(a["t"] for a in inst.actions if a["kind"] == "order")
            self.assertGreater(min(b - a for a, b in zip(ts, ts[1:])), 60)

    def test_mimic_template_repeats(self):
        seeds = {a["device"].canvas_seed for inst in by_persona(141)["f14_mimic_first_buyer"]
                 for a in inst.actions}
        self.assertEqual(len(seeds), 1)

    def test_card_burst_is_scripted(self):
        for inst in by_persona(141)["f14_card_burst"]:
            for a in inst.actions:
                self.assertFalse(a["device"].beacon)
                self.assertEqual(a["device"].cookies, "none")

    def test_friendly_fraud_is_small(self):
        for seed in self.SEEDS:
            n = sum(1 for inst, _ in orders(cell_traffic(seed))
                    if inst.persona == "f14_friendly_fraud")
            self.assertLessEqual(n, 12)


if __name__ == "__main__":
    unittest.main()
