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


PERSONA_SETS = ("main", "holdout", "holdout2", "holdout3", "holdout4", "holdout5", "holdout6",
                "holdout7", "holdout8", "holdout9", "holdout10", "holdout11", "holdout12", "holdout13",
                "holdout14", "holdout15", "holdout16", "holdout17", "holdout18", "holdout19",
                "holdout20", "holdout21")


def generate(rng, ctx, persona_set="main"):
    """Every persona's instances for one evaluation cell, actions clipped to the window.

    persona_set "main" is the default set (personas.py, fraud.py); "holdout" is the
    independent set written blind (holdout.py), "holdout2" the second blind set
    (holdout2.py), "holdout3" the third (holdout3.py), "holdout4" the fourth
    (holdout4.py), "holdout5" the fifth (holdout5.py), "holdout6" the sixth (holdout6.py),
    "holdout7" the seventh (holdout7.py), "holdout8" the eighth (holdout8.py), "holdout9" the
    ninth (holdout9.py), "holdout10" the tenth (holdout10.py), "holdout11" the eleventh
    (holdout11.py), "holdout12" the twelfth (holdout12.py), "holdout13" the thirteenth
    (holdout13.py), "holdout14" the fourteenth (holdout14.py), "holdout15" the fifteenth
    (holdout15.py), "holdout16" the sixteenth (holdout16.py), "holdout17" the seventeenth
    (holdout17.py), "holdout18" the eighteenth (holdout18.py), "holdout19" the nineteenth
    (holdout19.py), "holdout20" the twentieth (holdout20.py), "holdout21" the
    twenty-first (holdout21.py); each imported only when chosen."""
    if persona_set == "holdout21":
        from . import holdout21
        holdout21.Device._next = 0
        gens = holdout21.LEGIT + holdout21.FRAUD
    elif persona_set == "holdout20":
        from . import holdout20
        holdout20.Device._next = 0
        gens = holdout20.LEGIT + holdout20.FRAUD
    elif persona_set == "holdout19":
        from . import holdout19
        holdout19.Device._next = 0
        gens = holdout19.LEGIT + holdout19.FRAUD
    elif persona_set == "holdout18":
        from . import holdout18
        holdout18.Device._next = 0
        gens = holdout18.LEGIT + holdout18.FRAUD
    elif persona_set == "holdout17":
        from . import holdout17
        holdout17.Device._next = 0
        gens = holdout17.LEGIT + holdout17.FRAUD
    elif persona_set == "holdout16":
        from . import holdout16
        holdout16.Device._next = 0
        gens = holdout16.LEGIT + holdout16.FRAUD
    elif persona_set == "holdout15":
        from . import holdout15
        holdout15.Device._next = 0
        gens = holdout15.LEGIT + holdout15.FRAUD
    elif persona_set == "holdout14":
        from . import holdout14
        holdout14.Device._next = 0
        gens = holdout14.LEGIT + holdout14.FRAUD
    elif persona_set == "holdout13":
        from . import holdout13
        holdout13.Device._next = 0
        gens = holdout13.LEGIT + holdout13.FRAUD
    elif persona_set == "holdout12":
        from . import holdout12
        holdout12.Device._next = 0
        gens = holdout12.LEGIT + holdout12.FRAUD
    elif persona_set == "holdout11":
        from . import holdout11
        holdout11.Device._next = 0
        gens = holdout11.LEGIT + holdout11.FRAUD
    elif persona_set == "holdout10":
        from . import holdout10
        holdout10.Device._next = 0
        gens = holdout10.LEGIT + holdout10.FRAUD
    elif persona_set == "holdout9":
        from . import holdout9
        holdout9.Device._next = 0
        gens = holdout9.LEGIT + holdout9.FRAUD
    elif persona_set == "holdout8":
        from . import holdout8
        holdout8.Device._next = 0
        gens = holdout8.LEGIT + holdout8.FRAUD
    elif persona_set == "holdout7":
        from . import holdout7
        holdout7.Device._next = 0
        gens = holdout7.LEGIT + holdout7.FRAUD
    elif persona_set == "holdout6":
        from . import holdout6
        holdout6.Device._next = 0
        gens = holdout6.LEGIT + holdout6.FRAUD
    elif persona_set == "holdout5":
        from . import holdout5
        holdout5.Device._next = 0
        gens = holdout5.LEGIT + holdout5.FRAUD
    elif persona_set == "holdout4":
        from . import holdout4
        holdout4.Device._next = 0
        gens = holdout4.LEGIT + holdout4.FRAUD
    elif persona_set == "holdout3":
        from . import holdout3
        holdout3.Device._next = 0
        gens = holdout3.LEGIT + holdout3.FRAUD
    elif persona_set == "holdout2":
        from . import holdout2
        holdout2.Device._next = 0
        gens = holdout2.LEGIT + holdout2.FRAUD
    elif persona_set == "holdout":
        from . import holdout
        holdout.Device._next = 0
        gens = holdout.LEGIT + holdout.FRAUD
    elif persona_set == "main":
        Device._next = 0
        gens = personas.LEGIT + fraud.FRAUD
    else:
        raise ValueError("unknown persona set %r (one of %s)" % (persona_set, ", ".join(PERSONA_SETS)))
    out = []
    for gen in gens:
        for inst in gen(rng, ctx):
            inst.actions = [a for a in inst.actions if 0 < a["t"] < ctx.window]
            if any(a["kind"] == "order" for a in inst.actions):
                out.append(inst)
    return out
