"""`python3 -m models.eval`: evaluate the configured riskgate model end to end.

For every seed x shop hour, runs one cell (cell.py) against a real `riskgate demo` in its
own network namespace (`unshare -rn`, loopback only), then prints per-persona
allow/review/block counts and the headline figures, writes a JSON result, and exits 1
when any cell misses the target (unless --report-only). See models/EVAL.md.
"""

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

from .classify import TARGET, meets_target, summarize
from .traffic import PERSONA_SETS

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def netns_available():
    if not shutil.which("unshare") or not shutil.which("ip"):
        return False
    r = subprocess.run(["unshare", "-rn", "ip", "link", "set", "lo", "up"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return r.returncode == 0


# Running cell processes: a SIGTERM to the evaluation is passed on to them (each stops
# its `riskgate demo`), so a killed evaluation leaves no demo running.
CHILDREN = set()


def stop_children_on_term():
    """On SIGTERM or SIGHUP, terminate every running cell, then exit."""
    def handler(signum, _frame):
        for p in list(CHILDREN):
            if p.poll() is None:
                p.terminate()
        sys.exit(128 + signum)
    for s in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, handler)


def run_cell(args, seed, hour, workroot, netns):
    workdir = os.path.join(workroot, "seed%d-h%02d" % (seed, hour))
    os.makedirs(workdir, exist_ok=True)
    out = os.path.join(workdir, "cell.json")
    cmd = [sys.executable, "-m", "models.eval.cell", "--binary", args.binary,
           "--config", args.config, "--seed", str(seed), "--hour", str(hour),
           "--speed", str(args.speed), "--window", str(args.window), "--scale", str(args.scale),
           "--personas", args.personas, "--workdir", workdir, "--out", out]
    if netns:
        # A private network namespace: its own loopback, so the demo's fixed ports are
        # free and cells can run side by side.
        cmd = ["unshare", "-rn", "sh", "-c", 'ip link set lo up && exec "$@"', "sh"] + cmd
    started = time.monotonic()
    with subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True) as proc:
        CHILDREN.add(proc)
        try:
            stdout, _ = proc.communicate()
        finally:
            CHILDREN.discard(proc)
    r = subprocess.CompletedProcess(cmd, proc.returncode, stdout)
    if r.returncode != 0:
        log = os.path.join(workdir, "riskgate.log")
        tail = ""
        if os.path.exists(log):
            with open(log, errors="replace") as f:
                tail = f.read()[-3000:]
        raise RuntimeError("cell seed=%d hour=%d failed:\n%s\n--- riskgate log tail ---\n%s"
                           % (seed, hour, r.stdout[-3000:], tail))
    with open(out) as f:
        cell = json.load(f)
    cell["wall_secs"] = round(time.monotonic() - started, 1)
    return cell


def print_totals(cells, out):
    """Per persona, all seeds together, one column group per hour: allow/review/block %."""
    hours = sorted({c["hour"] for c in cells}, key=lambda h: (h < 6, h))
    tot = {}
    for c in cells:
        for name, p in c["per_persona"].items():
            t = tot.setdefault(name, {"label": p["label"]}).setdefault(c["hour"], [0, 0, 0, 0])
            for i, k in enumerate(("orders", "allow", "review", "block")):
                t[i] += p[k]
    w = out.write
    w("\nall seeds, per persona: allow / review / block %% of its orders\n  %-24s %-5s" % ("persona", "label"))
    for h in hours:
        w("  %02d:00 (n)   allow review  block" % h)
    w("\n")
    for name, t in sorted(tot.items(), key=lambda kv: (kv[1]["label"] != "legit", kv[0])):
        w("  %-24s %-5s" % (name, t["label"]))
        for h in hours:
            n, a, r, b = t.get(h, [0, 0, 0, 0])
            f = (lambda x: 100.0 * x / n) if n else (lambda x: 0.0)
            w("  %9s %6.1f %6.1f %6.1f" % ("(%d)" % n, f(a), f(r), f(b)))
        w("\n")


def print_report(cells, out):
    w = out.write
    for c in cells:
        per, h = c["per_persona"], c["headline"]
        w("\nseed %d, shop hour %02d:00  (%s, %d simulated min at %dx, logged hours %s, %.0f s)\n"
          % (c["seed"], c["hour"], c["window_start"], c["window_secs"] // 60, c["speed"],
             c["logged_hours_of_day"], c["wall_secs"]))
        w("  %-24s %-5s %6s %6s %6s %6s  %s\n" % ("persona", "label", "orders", "allow",
                                                "review", "block", "top reasons (non-allow)"))
        for name, p in sorted(per.items(), key=lambda kv: (kv[1]["label"] != "legit", kv[0])):
            reasons = ", ".join("%s %d" % kv for kv in list(p["reasons"].items())[:3])
            err = "  errors %d" % p["error"] if p["error"] else ""
            w("  %-24s %-5s %6d %6d %6d %6d  %s%s\n" % (name, p["label"], p["orders"], p["allow"],
                                                      p["review"], p["block"], reasons, err))
        w("  legit blocked %.2f %%  legit reviewed %.2f %%  fraud caught %.2f %% (blocked %.2f %%)"
          "  [%s]\n" % (h["legit_blocked_pct"], h["legit_reviewed_pct"], h["fraud_caught_pct"],
                       h["fraud_blocked_pct"], "meets target" if c["meets_target"] else "MISSES target"))
    print_totals(cells, out)
    w("\n%-6s %-5s %8s %8s %10s %10s %10s  %s\n" % ("seed", "hour", "legit", "fraud",
                                                   "legit blk%", "legit rev%", "fraud cgt%", "target"))
    for c in cells:
        h = c["headline"]
        w("%-6d %02d:00 %8d %8d %10.2f %10.2f %10.2f  %s\n" % (
            c["seed"], c["hour"], h["legit_orders"], h["fraud_orders"], h["legit_blocked_pct"],
            h["legit_reviewed_pct"], h["fraud_caught_pct"], "ok" if c["meets_target"] else "MISS"))
    w("target: legit blocked <= %.1f %%, legit reviewed <= %.1f %%, fraud caught >= %.1f %%, "
      "in every cell\n" % (TARGET["legit_blocked_max"], TARGET["legit_reviewed_max"],
                           TARGET["fraud_caught_min"]))


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python3 -m models.eval", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=os.path.join(ROOT, "target/debug/riskgate"))
    ap.add_argument("--config", default=os.path.join(ROOT, "config/demo.toml"),
                    help="demo config whose model, thresholds and rules are evaluated")
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--hours", default="14,3", help="shop-local hours (config day_utc_offset)")
    ap.add_argument("--speed", type=int, default=60, help="simulated seconds per real second")
    ap.add_argument("--window", type=int, default=3000, help="simulated seconds per cell")
    ap.add_argument("--scale", type=float, default=1.0, help="traffic volume factor")
    ap.add_argument("--jobs", type=int, default=2, help="cells run side by side")
    ap.add_argument("--personas", default="main", choices=PERSONA_SETS,
                    help="persona set: main (personas.py, fraud.py), holdout (holdout.py, "
                    "written blind), holdout2 (holdout2.py, the second blind set), holdout3 "
                    "(holdout3.py, the third), holdout4 (holdout4.py, the fourth), holdout5 "
                    "(holdout5.py, the fifth), holdout6 (holdout6.py, the sixth), holdout7 "
                    "(holdout7.py, the seventh), holdout8 (holdout8.py, the eighth), holdout9 "
                    "(holdout9.py, the ninth; seeds 91,92,93 by its method), holdout10 "
                    "(holdout10.py, the tenth; seeds 101,102,103 by its method), holdout11 "
                    "(holdout11.py, the eleventh; seeds 111,112,113 by its method), "
                    "holdout12 (holdout12.py, the twelfth; seeds 121,122,123 by its "
                    "method), holdout13 (holdout13.py, the thirteenth; seeds "
                    "131,132,133 by its method), holdout14 (holdout14.py, the "
                    "fourteenth; seeds 141,142,143 by its method), holdout15 "
                    "(holdout15.py, the fifteenth; seeds 151,152,153 by its method), "
                    "holdout16 (holdout16.py, the sixteenth; seeds 161,162,163 by its "
                    "method), holdout17 (holdout17.py, the seventeenth; seeds "
                    "171,172,173 by its method), holdout18 (holdout18.py, the "
                    "eighteenth; seeds 181,182,183 by its method), holdout19 "
                    "(holdout19.py, the nineteenth; seeds 191,192,193 by its method), "
                    "holdout20 (holdout20.py, the twentieth; seeds 201,202,203 by its "
                    "method) or holdout21 (holdout21.py, the twenty-first; seeds "
                    "211,212,213 by its method); "
                    "see models/EVAL.md")
    ap.add_argument("--out", default=None,
                    help="result JSON (default target/eval/result.json, result-<set>.json "
                    "for another --personas set)")
    ap.add_argument("--report-only", action="store_true",
                    help="exit 0 even when the target is missed")
    ap.add_argument("--keep-workdir", metavar="DIR", default=None,
                    help="keep each cell's work directory (its demo config, riskgate.log and "
                    "the demo's decision log decisions.jsonl, to join with the result's "
                    "records) under DIR/seed<N>-h<HH> instead of a temporary directory")
    ap.add_argument("--no-netns", action="store_true",
                    help="use the host loopback (demo ports 8080, 9901, 1808x must be free; one job)")
    args = ap.parse_args(argv)
    stop_children_on_term()
    args.binary, args.config = os.path.abspath(args.binary), os.path.abspath(args.config)
    if args.out is None:
        name = "result.json" if args.personas == "main" else "result-%s.json" % args.personas
        args.out = os.path.join(ROOT, "target/eval", name)
    if not os.path.exists(args.binary):
        sys.exit("no riskgate binary at %s (cargo build first)" % args.binary)
    netns = not args.no_netns and netns_available()
    if not netns and not args.no_netns:
        print("note: no private network namespace (unshare -rn); using the host loopback, "
              "one cell at a time", file=sys.stderr)
    jobs = args.jobs if netns else 1
    seeds = [int(s) for s in args.seeds.split(",") if s]
    hours = [int(h) for h in args.hours.split(",") if h]
    started = time.monotonic()
    if args.keep_workdir:
        os.makedirs(args.keep_workdir, exist_ok=True)
        workdirs = contextlib.nullcontext(os.path.abspath(args.keep_workdir))
    else:
        workdirs = tempfile.TemporaryDirectory(prefix="riskgate-eval-")
    with workdirs as workroot:
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            futures = [pool.submit(run_cell, args, s, h, workroot, netns)
                       for s in seeds for h in hours]
            cells = [f.result() for f in futures]
    for c in cells:
        c["per_persona"], c["headline"] = summarize(c["records"])
        c["meets_target"] = meets_target(c["headline"])
    print("persona set: %s" % args.personas)
    print_report(cells, sys.stdout)
    ok = all(c["meets_target"] for c in cells)
    result = {
        "config": os.path.relpath(args.config, ROOT), "binary": args.binary,
        "personas": args.personas,
        "seeds": seeds, "hours": hours, "speed": args.speed, "window_secs": args.window,
        "scale": args.scale, "target": TARGET, "meets_target": ok,
        "wall_secs": round(time.monotonic() - started, 1), "cells": cells,
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1)
    print("result: %s  (%.0f s)" % (args.out, result["wall_secs"]))
    if not ok and not args.report_only:
        print("the target is missed (use --report-only to only report)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
