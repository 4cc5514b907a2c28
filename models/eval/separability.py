"""How much of a persona set's fraud the edge's own evidence could separate from its honest
orders at the target's review budget: `python -m models.eval.separability`.

A diagnostic, never a model: it answers whether the blind sets' misses are the shipped
model's and rules' fault (the evidence is in the decision log, a better learner would find
it) or the evidence's (honest and fraud orders log the same facts). Nothing it fits is
saved, shipped or used to pick a threshold; the shipped model is trained only on the
synthetic generator (models/MODEL.md), and the harness's output is never training data.

Input: evaluation runs kept with `--keep-workdir` (the result JSON and its work root). Each
cell's records are joined line for line with the cell's decision log (the harness sends
orders one at a time and riskgate logs every order once, issue 13 item 6); a count or
currency that does not match stops the join with the cell named. The features are every
number the decision log holds for the order: the model's inputs and the policy's facts
(device-cookie age, beacon, established account, mailbox and account linkage, cookie share).
Not used: the address, network and country as identities, the user name, the time.

Two estimates, each a gradient-boosted learner's out-of-sample score per order:
- in set: five folds within the set, grouped by account (a persona instance's orders stay
  in one fold), so the learner knows the set's own personas: an optimistic bound of what
  the logged evidence separates;
- leave one set out: trained on every other set given, scored on this one: what a model
  trained on other traffic (as the shipped one is) could do with the same evidence.

For each, the threshold is put where `budget` percent of the set's honest orders score above
it (chosen on the scored set itself, so optimistic again), and the report gives the fraud
share above it per set and per persona, beside the shipped decisions' own figures.
Pure parts (join, features, recall at a budget) are unit-tested in test_separability.py;
the learner needs scikit-learn (models/train/requirements.txt, the repo's .venv).
"""

import argparse
import json
import math
import os
import sys

from .classify import headline

# Policy facts from the decision log's `signals` (and its `linkage`) used as features, with
# how each becomes a number. Identity-like fields (asn, country, client_ip, user) are not.
SIGNAL_FIELDS = ("users_per_fingerprint_24h", "networks_per_fingerprint_24h", "tz_mismatch",
                 "beacon", "device_age_secs", "user_established", "same_amount_24h",
                 "cookies_rare")
LINKAGE_FIELDS = ("users_per_mailbox_24h", "networks_per_mailbox_24h",
                  "cookieless_users_per_amount_1h", "orders_per_user_1h",
                  "mailboxes_per_user_1h")


class JoinError(ValueError):
    """A cell's records and decision log do not line up."""


def _num(v):
    if v is None:
        return -1.0
    if isinstance(v, bool):
        return 1.0 if v else 0.0
    return float(v)


def features(line):
    """The numeric features of one decision-log line, as (names, values)."""
    names = list(line.get("feature_names") or [])
    values = [float(x) for x in (line.get("features") or [])]
    if len(names) != len(values):
        raise JoinError("feature_names and features differ in length")
    sig = line.get("signals") or {}
    link = sig.get("linkage") or {}
    for k in SIGNAL_FIELDS:
        v = sig.get(k)
        if k == "device_age_secs":
            v = -1.0 if v is None else math.log1p(float(v))
        names.append("sig_" + k)
        values.append(_num(v))
    for k in LINKAGE_FIELDS:
        names.append("link_" + k)
        values.append(_num(link.get(k)))
    names.append("has_device_cookie")
    values.append(0.0 if line.get("device_id") is None else 1.0)
    names.append("small_surge")
    values.append(_num(line.get("small_surge")))
    return names, values


def join_cell(records, decision_lines, where):
    """(record, decision line) pairs of one cell; JoinError naming `where` when the two do
    not line up (count, or an order's currency)."""
    if len(records) != len(decision_lines):
        raise JoinError("%s: %d records but %d decision-log lines"
                        % (where, len(records), len(decision_lines)))
    for i, (r, d) in enumerate(zip(records, decision_lines)):
        if d.get("currency") is not None and r.get("currency") != d.get("currency"):
            raise JoinError("%s: order %d is %s in the records but %s in the decision log"
                            % (where, i, r.get("currency"), d.get("currency")))
    return list(zip(records, decision_lines))


def load_run(result_path, workroot, hours=None):
    """Rows of one kept evaluation run (its cells at `hours`, or all): dicts with set,
    seed, hour, persona, label, group (seed and account: the same account at another hour
    is the same group), outcome (the shipped decision), names, x."""
    with open(result_path) as f:
        result = json.load(f)
    rows = []
    for cell in result["cells"]:
        seed, hour = cell["seed"], cell["hour"]
        if hours is not None and hour not in hours:
            continue
        d = os.path.join(workroot, "seed%d-h%02d" % (seed, hour))
        with open(os.path.join(d, "decisions.jsonl")) as f:
            lines = [json.loads(x) for x in f if x.strip()]
        for r, line in join_cell(cell["records"], lines, d):
            names, x = features(line)
            rows.append({"set": result["personas"], "seed": seed, "hour": hour,
                         "persona": r["persona"], "label": r["label"],
                         "group": "%d/%s" % (seed, line.get("user") or line["request_id"]),
                         "outcome": r["outcome"], "names": names, "x": x,
                         "model_inputs": len(line.get("feature_names") or [])})
    return rows


def threshold_at_budget(honest_scores, budget_pct):
    """The lowest threshold with at most `budget_pct` percent of `honest_scores` strictly
    above it."""
    s = sorted(honest_scores, reverse=True)
    allowed = int(math.floor(len(s) * budget_pct / 100.0 + 1e-9))
    if allowed >= len(s):
        return float("-inf")
    return s[allowed]


def caught_at_budget(scores, labels, budget_pct):
    """(threshold, honest share above it, fraud share above it) in percent."""
    honest = [s for s, lab in zip(scores, labels) if lab == "legit"]
    t = threshold_at_budget(honest, budget_pct)
    return (t,) + rates_at(scores, labels, t)


def shipped(rows):
    """The shipped decisions' honest reviewed-or-blocked and fraud caught, in percent
    (classify.headline's figures; errors are left out of the shares)."""
    per = {}
    for r in rows:
        p = per.setdefault(r["persona"], {"label": r["label"], "allow": 0, "review": 0,
                                          "block": 0, "error": 0})
        p[r["outcome"]] += 1
    h = headline(per)
    return h["legit_blocked_pct"] + h["legit_reviewed_pct"], h["fraud_caught_pct"]


def _learner(seed):
    from sklearn.ensemble import HistGradientBoostingClassifier
    return HistGradientBoostingClassifier(max_iter=300, learning_rate=0.05,
                                          max_leaf_nodes=31, l2_regularization=1.0,
                                          random_state=seed)


def _xy(rows):
    import numpy as np
    x = np.array([r["x"] for r in rows], dtype=np.float64)
    y = np.array([1 if r["label"] == "fraud" else 0 for r in rows])
    return x, y


def in_set_scores(rows, folds=5, seed=0):
    """Out-of-fold scores within one set, folds grouped by account."""
    import numpy as np
    from sklearn.model_selection import GroupKFold
    x, y = _xy(rows)
    groups = [r["group"] for r in rows]
    out = np.zeros(len(rows))
    for train, test in GroupKFold(n_splits=folds).split(x, y, groups):
        m = _learner(seed).fit(x[train], y[train])
        out[test] = m.predict_proba(x[test])[:, 1]
    return list(out)


def loso_scores(rows_by_set, held, seed=0):
    """Scores of set `held` from a learner trained on every other set."""
    train = [r for s, rs in rows_by_set.items() if s != held for r in rs]
    x, y = _xy(train)
    m = _learner(seed).fit(x, y)
    xt, _ = _xy(rows_by_set[held])
    return list(m.predict_proba(xt)[:, 1])


def threshold_from_others(rows_by_set, held, budget_pct, seed=0):
    """A threshold for set `held` chosen without it: every other set is scored by a learner
    trained on the sets that are neither it nor `held`, and the threshold leaves
    `budget_pct` percent of those out-of-sample honest scores above it."""
    honest = []
    for s in rows_by_set:
        if s == held:
            continue
        rest = {k: v for k, v in rows_by_set.items() if k != held}
        scores = loso_scores(rest, s, seed)
        honest += [x for x, r in zip(scores, rows_by_set[s]) if r["label"] == "legit"]
    return threshold_at_budget(honest, budget_pct)


def rates_at(scores, labels, t):
    """(honest share above t, fraud share above t) in percent."""
    honest = [x for x, lab in zip(scores, labels) if lab == "legit"]
    fraud = [x for x, lab in zip(scores, labels) if lab == "fraud"]
    return (100.0 * sum(1 for x in honest if x > t) / max(1, len(honest)),
            100.0 * sum(1 for x in fraud if x > t) / max(1, len(fraud)))


def per_persona(rows, scores, t):
    out = {}
    for r, s in zip(rows, scores):
        p = out.setdefault(r["persona"], [r["label"], 0, 0])
        p[1] += 1
        p[2] += 1 if s > t else 0
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("runs", nargs="+", metavar="RESULT.json:WORKROOT",
                    help="a kept evaluation run: its result JSON and --keep-workdir root")
    ap.add_argument("--budget", type=float, default=3.0,
                    help="honest orders allowed above the threshold, percent (default 3)")
    ap.add_argument("--model-inputs-only", action="store_true",
                    help="only the model's own inputs (the decision log's feature_names), "
                         "none of the policy's facts")
    ap.add_argument("--threshold-from-others", action="store_true",
                    help="also score each set at a threshold chosen on the other sets only "
                         "(nested: slower, needs at least three sets)")
    ap.add_argument("--hours", help="only cells at these shop hours (e.g. 14 or 14,3)")
    ap.add_argument("--personas", action="store_true", help="print per-persona figures")
    ap.add_argument("--out", help="write the figures as JSON here")
    args = ap.parse_args(argv)
    hours = None if not args.hours else {int(h) for h in args.hours.split(",") if h}
    by_set = {}
    for run in args.runs:
        res, _, root = run.partition(":")
        if not root:
            ap.error("%s: expected RESULT.json:WORKROOT" % run)
        for r in load_run(res, root, hours):
            by_set.setdefault(r["set"], []).append(r)
    if args.model_inputs_only:
        for rs in by_set.values():
            for r in rs:
                r["names"], r["x"] = r["names"][:r["model_inputs"]], r["x"][:r["model_inputs"]]
    names = next(iter(by_set.values()))[0]["names"]
    for s, rs in by_set.items():
        if any(r["names"] != names for r in rs):
            sys.exit("%s: its decision log has other features than the first set's" % s)
    print("budget: %.1f %% of honest orders above the threshold; %d features; sets: %s"
          % (args.budget, len(names), ", ".join(sorted(by_set))))
    print("%-10s %6s %6s | %-17s | %-17s | %-17s | %s" % (
        "set", "honest", "fraud", "shipped rev/cgt %", "in set  hon/cgt %", "others  hon/cgt %",
        "others cgt % at shipped's honest %") + (
        " | others, threshold from other sets: hon/cgt %" if args.threshold_from_others else ""))
    figures = {}
    for s in sorted(by_set, key=lambda k: (len(k), k)):
        rs = by_set[s]
        labels = [r["label"] for r in rs]
        sh = shipped(rs)
        ins = in_set_scores(rs)
        t_in, h_in, f_in = caught_at_budget(ins, labels, args.budget)
        fig = {"honest": labels.count("legit"), "fraud": labels.count("fraud"),
               "shipped": sh, "in_set": (h_in, f_in)}
        line = "%-10s %6d %6d | %7.2f / %6.2f | %7.2f / %6.2f" % (
            s, fig["honest"], fig["fraud"], sh[0], sh[1], h_in, f_in)
        if len(by_set) > 1:
            lo = loso_scores(by_set, s)
            t_lo, h_lo, f_lo = caught_at_budget(lo, labels, args.budget)
            _, h_eq, f_eq = caught_at_budget(lo, labels, sh[0])
            fig["others"] = (h_lo, f_lo)
            fig["others_at_shipped"] = (h_eq, f_eq)
            line += " | %7.2f / %6.2f | %6.2f (%.2f)" % (h_lo, f_lo, f_eq, h_eq)
            if args.threshold_from_others and len(by_set) > 2:
                t_fix = threshold_from_others(by_set, s, args.budget)
                fig["others_fixed_threshold"] = rates_at(lo, labels, t_fix)
                line += " | fixed: %5.2f / %6.2f" % fig["others_fixed_threshold"]
        print(line)
        if args.personas:
            pin = per_persona(rs, ins, t_in)
            plo = per_persona(rs, lo, t_lo) if len(by_set) > 1 else {}
            fig["personas"] = {}
            for p in sorted(pin, key=lambda k: (pin[k][0], k)):
                lab, n, k_in = pin[p]
                k_lo = plo[p][2] if p in plo else None
                k_sh = sum(1 for r in rs if r["persona"] == p
                           and r["outcome"] in ("review", "block"))
                fig["personas"][p] = {"label": lab, "orders": n, "shipped": k_sh,
                                      "in_set": k_in, "others": k_lo}
                print("    %-34s %-5s %4d  shipped %4d  in set %4d  others %s"
                      % (p, lab, n, k_sh, k_in, "-" if k_lo is None else "%4d" % k_lo))
        figures[s] = fig
    if args.out:
        with open(args.out, "w") as f:
            json.dump({"budget": args.budget, "features": names, "sets": figures}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
