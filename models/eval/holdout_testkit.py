"""What the holdout sets' unit tests share: the address pools, one cell's traffic, and a
comparable form of everything a cell sends (for the determinism tests)."""

import glob
import json
import os
import random

from . import traffic

HERE = os.path.dirname(os.path.abspath(__file__))
WINDOW = 3000
FIELDS = {"amount", "currency", "quantity", "product", "user", "email", "payment_method"}


def load_pools(name="ip_table.json"):
    """The address pools of one table in this folder."""
    with open(os.path.join(HERE, name)) as f:
        return json.load(f)["pools"]


POOLS = load_pools()


def cell_traffic(persona_set, seed, scale=1.0):
    """One cell's traffic of `persona_set` (as `--personas` names it) for `seed`."""
    ctx = traffic.Context(POOLS, WINDOW, scale)
    return traffic.generate(random.Random(seed), ctx, persona_set)


def flat(instances):
    """Everything a cell would send, in a comparable form."""
    out = []
    for inst in instances:
        for a in inst.actions:
            d = a["device"]
            out.append((inst.persona, inst.label, round(a["t"], 6), a["kind"], a["ip"],
                        json.dumps(a.get("order"), sort_keys=True), d.key, d.profile, d.lang,
                        tuple(d.languages), d.tz_name, d.tz_offset, d.cookies, d.age_days,
                        d.beacon, d.canvas_seed))
    return out


def orders(instances):
    """(instance, action) of every order in `instances`."""
    return [(inst, a) for inst in instances for a in inst.actions if a["kind"] == "order"]


class SetShape:
    """The checks every blind set's tests share, mixed into a `unittest.TestCase` subclass
    that names its set: `SET` (as `--personas` names it), `MODULE` (the set's module),
    `SEEDS` (its three evaluation seeds), `PREFIXES` (legit, fraud persona name prefixes),
    `N_LEGIT` / `N_FRAUD` (its persona counts) and `CURRENCIES` (those its seeds must use).
    The set's module has `ZERO_DECIMAL` and `AGES`; its own address pools are
    `ip_table_<SET>.json`, named with its legit prefix. Not a TestCase itself, so
    discovery runs it only through a set's class."""

    SET = ""
    MODULE = None
    SEEDS = ()
    PREFIXES = ("", "")
    N_LEGIT = 0
    N_FRAUD = 0
    CURRENCIES = ()

    def traffic(self, seed, scale=1.0):
        return cell_traffic(self.SET, seed, scale)

    def own_pools(self):
        return load_pools("ip_table_%s.json" % self.SET)

    def check_order(self, order):
        """A set's own checks of one order, beyond `test_orders_well_formed`'s."""

    def test_orders_well_formed(self):
        extra = self.own_pools()
        known = {p[0] for pool in list(POOLS.values()) + list(extra.values()) for p in pool}
        from . import clients
        for seed in (7, self.SEEDS[0]):
            for inst, a in orders(self.traffic(seed)):
                o = a["order"]
                self.assertEqual(set(o), FIELDS)
                self.assertGreater(o["amount"], 0)
                self.assertGreaterEqual(o["quantity"], 1)
                if o["currency"] in self.MODULE.ZERO_DECIMAL:
                    self.assertIsInstance(o["amount"], int)
                else:
                    self.assertIsInstance(o["amount"], float)
                    self.assertEqual(round(o["amount"], 2), o["amount"])
                self.check_order(o)
                self.assertIn("@", o["email"])
                self.assertTrue(o["user"])
                self.assertTrue(0 < a["t"] < WINDOW)
                self.assertIn(a["ip"], known)
                d = a["device"]
                self.assertIn(d.profile, clients.PROFILES)
                self.assertIn(d.cookies, ("keep", "session", "none"))
                self.assertIn(d.age_days, (None,) + self.MODULE.AGES)

    def test_own_pools_shadow_no_other_table(self):
        own, table = self.own_pools(), "ip_table_%s.json" % self.SET
        others = set()
        for path in glob.glob(os.path.join(HERE, "ip_table*.json")):
            if not path.endswith(table):
                with open(path) as f:
                    others |= set(json.load(f)["pools"])
        self.assertFalse(others & set(own))
        for name, pool in own.items():
            self.assertTrue(name.startswith(self.PREFIXES[0]), name)
            self.assertGreaterEqual(len(pool), 5, name)

    def test_same_seed_same_traffic(self):
        self.assertEqual(flat(self.traffic(self.SEEDS[0])), flat(self.traffic(self.SEEDS[0])))

    def test_different_seed_different_traffic(self):
        self.assertNotEqual(flat(self.traffic(self.SEEDS[0])), flat(self.traffic(self.SEEDS[1])))

    def test_labels_and_every_persona_present(self):
        legit, fraud = self.PREFIXES
        for seed in (1, 2, 3) + tuple(self.SEEDS):
            got = {(inst.persona, inst.label) for inst, _ in orders(self.traffic(seed))}
            self.assertEqual({label for _, label in got}, {"legit", "fraud"})
            names = {p for p, _ in got}
            self.assertEqual(len(names), len(self.MODULE.LEGIT) + len(self.MODULE.FRAUD), seed)
            for persona, label in got:
                self.assertTrue(persona.startswith(legit if label == "legit" else fraud), persona)

    def test_counts_in_range(self):
        self.assertEqual(len(self.MODULE.LEGIT), self.N_LEGIT)
        self.assertEqual(len(self.MODULE.FRAUD), self.N_FRAUD)
        for seed in (1, 2, 3) + tuple(self.SEEDS) + (97,):
            n = {"legit": 0, "fraud": 0}
            per = {}
            for inst, _ in orders(self.traffic(seed)):
                n[inst.label] += 1
                per[inst.persona] = per.get(inst.persona, 0) + 1
            self.assertTrue(470 <= n["legit"] <= 580, (seed, n))
            self.assertTrue(260 <= n["fraud"] <= 350, (seed, n))
            # No persona dominates its label's figure.
            for persona, k in per.items():
                self.assertLessEqual(k, 65, (seed, persona, k))

    def test_scale_changes_volume(self):
        small = len(orders(self.traffic(5, 0.25)))
        big = len(orders(self.traffic(5, 2.0)))
        self.assertLess(small * 3, big)

    def test_currencies_present(self):
        cur = set()
        for seed in self.SEEDS:
            cur |= {a["order"]["currency"] for _, a in orders(self.traffic(seed))}
        for c in self.CURRENCIES:
            self.assertIn(c, cur)

    def test_device_keys_unique_per_device(self):
        devs = {}
        for inst in self.traffic(11):
            for a in inst.actions:
                d = a["device"]
                self.assertIs(devs.setdefault(d.key, d), d)

    def test_beacons_render(self):
        from . import clients
        for inst in self.traffic(13):
            for a in inst.actions:
                d = a["device"]
                body = clients.beacon_body(d.profile, d.languages, d.tz_name, d.tz_offset,
                                           random.Random(d.canvas_seed))
                if d.beacon and clients.PROFILES[d.profile].get("beacon"):
                    self.assertIsNotNone(body)
                    json.loads(body)
                clients.page_headers(d.profile, d.lang, "rg_did=x")
                clients.fetch_headers(d.profile, d.lang, None, "application/json", 2)
