#!/usr/bin/env python3
"""Server-side view of one benchmark phase, from two scrapes of riskgate's /metrics.

    python3 benches/server_stages.py before.txt after.txt SECONDS CPU_TICKS

Prints, for the requests of the phase only (after minus before): the p50/p99 of the
primary model's inference (`riskgate_model_inference_seconds`, target p99 <= 15 µs) and
of riskgate's order stage (`riskgate_order_stage_seconds`: body read to decision), linearly
interpolated inside histogram buckets (so "p99 in (10, 15] µs" is what the buckets can say),
the share of each under 15 µs / 150 µs, the keep-warm rehearsals of the phase
(`riskgate_order_rehearsals_total`) and riskgate's CPU over the phase (/proc ticks of 10 ms)
as a share of one core. Used by benches/order_load.sh after its A/B phase.
"""
import re
import sys


def parse(path):
    buckets, scalars = {}, {}
    for line in open(path):
        if line.startswith("#") or not line.strip():
            continue
        name, _, value = line.rpartition(" ")
        m = re.match(r'(\w+)_bucket\{le="([^"]+)"\}$', name)
        if m:
            le = float("inf") if m.group(2) == "+Inf" else float(m.group(2))
            buckets.setdefault(m.group(1), []).append((le, float(value)))
        else:
            scalars[name] = float(value)
    return buckets, scalars


def quantile(bounds, q):
    """bounds: [(le, count)] cumulative, sorted. Linear inside the bucket."""
    total = bounds[-1][1]
    if total <= 0:
        return None
    rank = q * total
    prev_le, prev_c = 0.0, 0.0
    for le, c in bounds:
        if c >= rank:
            if le == float("inf"):
                return prev_le
            frac = (rank - prev_c) / (c - prev_c) if c > prev_c else 1.0
            return prev_le + (le - prev_le) * frac
        prev_le, prev_c = le, c
    return prev_le


def share_under(bounds, x):
    total = bounds[-1][1]
    return next((c for le, c in bounds if le >= x), total) / total if total else 0.0


def main():
    b0, s0 = parse(sys.argv[1])
    b1, s1 = parse(sys.argv[2])
    seconds, ticks = float(sys.argv[3]), float(sys.argv[4])
    for fam, mark in [("riskgate_model_inference_seconds", 15e-6), ("riskgate_order_stage_seconds", 150e-6)]:
        if fam not in b1:
            print(f"server: {fam} not exported by this build")
            continue
        before = dict(b0.get(fam, []))
        diff = sorted((le, c - before.get(le, 0.0)) for le, c in b1[fam])
        n = diff[-1][1]
        p50, p99 = quantile(diff, 0.5), quantile(diff, 0.99)
        fmt = lambda v: "-" if v is None else f"{v * 1e6:.1f} µs"
        print(
            f"server: {fam.removeprefix('riskgate_')}: n={n:.0f} p50 ≈ {fmt(p50)} p99 ≈ {fmt(p99)}, "
            f"≤ {mark * 1e6:.0f} µs: {share_under(diff, mark) * 100:.2f} %"
        )
    r = s1.get("riskgate_order_rehearsals_total")
    if r is not None:
        d = r - s0.get("riskgate_order_rehearsals_total", 0.0)
        print(f"server: keep-warm rehearsals {d:.0f} ({d / seconds:.0f}/s)")
    print(f"server: riskgate CPU {ticks * 0.01 / seconds * 100:.2f} % of one core over {seconds:.0f} s")


main()
