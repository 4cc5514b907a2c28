"""One cell's traffic: every persona's instances from the seed, clipped to the window."""

from . import fraud, personas
from .personas import Device

class Context:
    """What persona generators may use: the IP pools, the window length (simulated
    seconds) and a volume scale."""

    def __init__(self, pools, window, scale):
        self.pools, self.window, self.scale = pools, window, scale

    def n(self, base):
        return max(1, round(base * self.scale))


def generate(rng, ctx):
    """Every persona's instances for one evaluation cell, actions clipped to the window."""
    Device._next = 0
    out = []
    for gen in personas.LEGIT + fraud.FRAUD:
        for inst in gen(rng, ctx):
            inst.actions = [a for a in inst.actions if 0 < a["t"] < ctx.window]
            if any(a["kind"] == "order" for a in inst.actions):
                out.append(inst)
    return out
