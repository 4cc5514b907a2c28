"""Turns riskgate's answer to one order into allow / review / block, and orders into the
per-persona counts and the headline figures. Pure functions (unit-tested in
test_classify.py)."""

# The target of riskgate issue 13, item 2 (percent).
TARGET = {"legit_blocked_max": 0.5, "legit_reviewed_max": 3.0, "fraud_caught_min": 95.0}


def _decision_header(headers, body):
    """X-Risk-Decision as the shop saw it (the demo shop echoes it in `seen_headers`) or
    as riskgate returned it to the client."""
    for k, v in headers.items():
        if k.lower() == "x-risk-decision":
            return v.strip().lower()
    seen = body.get("seen_headers") if isinstance(body, dict) else None
    if isinstance(seen, dict):
        v = seen.get("x-risk-decision")
        if isinstance(v, str):
            return v.strip().lower()
    return None


def _reasons(headers, body):
    if isinstance(body, dict) and isinstance(body.get("reasons"), list):
        return [str(r) for r in body["reasons"]]
    seen = body.get("seen_headers") if isinstance(body, dict) else None
    raw = None
    if isinstance(seen, dict):
        raw = seen.get("x-risk-reasons")
    for k, v in headers.items():
        if k.lower() == "x-risk-reasons":
            raw = v
    return [r.strip() for r in raw.split(",") if r.strip()] if raw else []


def classify(status, headers, body):
    """Returns (outcome, stage, reasons) for one order response.

    outcome: "allow", "review", "block" or "error" (anything riskgate should not answer
    to a well-formed order: 4xx other than 403/429, 5xx).
    stage: what decided: "risk" (rules + model), "list", "purchase_limit", "rate_limit".
    """
    reasons = _reasons(headers, body)
    if status == 429:
        return "block", "rate_limit", reasons or ["rate_limited"]
    if status == 403:
        if any(r.startswith("blacklist_") for r in reasons):
            stage = "list"
        elif any(r.startswith(("daily_limit", "purchase_limit")) for r in reasons):
            stage = "purchase_limit"
        else:
            stage = "risk"
        return "block", stage, reasons
    if status == 202 and isinstance(body, dict) and body.get("decision") == "review":
        return "review", "risk", reasons
    if 200 <= status < 300:
        if _decision_header(headers, body) == "review":
            return "review", "risk", reasons
        return "allow", "risk", reasons
    return "error", "http_%d" % status, reasons


def pct(n, d):
    return round(100.0 * n / d, 2) if d else 0.0


def summarize(records):
    """Per-persona counts and headline figures for one cell's order records (dicts with
    persona, label, outcome, stage, reasons)."""
    per = {}
    for r in records:
        p = per.setdefault(r["persona"], {"label": r["label"], "orders": 0, "allow": 0,
                                          "review": 0, "block": 0, "error": 0,
                                          "stages": {}, "reasons": {}})
        p["orders"] += 1
        p[r["outcome"]] += 1
        if r["outcome"] in ("review", "block"):
            key = "%s:%s" % (r["outcome"], r["stage"])
            p["stages"][key] = p["stages"].get(key, 0) + 1
            for reason in r["reasons"][:3]:
                p["reasons"][reason] = p["reasons"].get(reason, 0) + 1
    for p in per.values():
        p["reasons"] = dict(sorted(p["reasons"].items(), key=lambda kv: -kv[1])[:5])
    return per, headline(per)


def headline(per):
    """Legit blocked %, legit reviewed %, fraud blocked-or-reviewed % (errors excluded
    from the denominators and reported on their own)."""
    tot = {"legit": [0, 0, 0, 0], "fraud": [0, 0, 0, 0]}  # decided, block, review, error
    for p in per.values():
        t = tot[p["label"]]
        t[0] += p["allow"] + p["review"] + p["block"]
        t[1] += p["block"]
        t[2] += p["review"]
        t[3] += p["error"]
    lg, fr = tot["legit"], tot["fraud"]
    return {
        "legit_orders": lg[0], "fraud_orders": fr[0], "errors": lg[3] + fr[3],
        "legit_blocked_pct": pct(lg[1], lg[0]),
        "legit_reviewed_pct": pct(lg[2], lg[0]),
        "fraud_caught_pct": pct(fr[1] + fr[2], fr[0]),
        "fraud_blocked_pct": pct(fr[1], fr[0]),
    }


def meets_target(h, target=TARGET):
    """True when one cell's headline meets the target (and nothing errored)."""
    return (h["errors"] == 0 and h["legit_orders"] > 0 and h["fraud_orders"] > 0
            and h["legit_blocked_pct"] <= target["legit_blocked_max"]
            and h["legit_reviewed_pct"] <= target["legit_reviewed_max"]
            and h["fraud_caught_pct"] >= target["fraud_caught_min"])
