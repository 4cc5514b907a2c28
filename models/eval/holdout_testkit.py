"""What the holdout sets' unit tests share: the address pools, one cell's traffic, and a
comparable form of everything a cell sends (for the determinism tests)."""

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
