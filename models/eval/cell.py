"""One evaluation cell: one seed at one shop hour, against a real `riskgate demo`.

Runs inside a private network namespace (see __main__.py), so the demo's fixed loopback
ports never collide with anything. Steps: copy the configured demo config (only file
paths changed, plus a device-cookie key from the environment so cookies survive a
restart); give established devices their cookies by visiting the shop with the riskgate
clock set days or months back; start the demo with the clock at the chosen hour, running
`--speed` times faster than real time; replay every persona's visits and orders at their
simulated times; classify each answer; write the records as JSON.
"""

import argparse
import http.client
import json
import os
import random
import re
import secrets
import signal
import subprocess
import sys
import time
import tomllib

from . import clients, traffic
from .classify import classify

HERE = os.path.dirname(os.path.abspath(__file__))
KEY_ENV = "RISKGATE_EVAL_COOKIE_KEY"
TOKEN = "eval-admin-token-" + "0" * 16


def utc_offset_secs(cfg):
    raw = (cfg.get("limits") or {}).get("day_utc_offset", "+00:00")
    if isinstance(raw, int):
        return raw * 60
    m = re.fullmatch(r"([+-])(\d\d):(\d\d)", str(raw).strip())
    if not m:
        return 0
    s = (int(m.group(2)) * 60 + int(m.group(3))) * 60
    return -s if m.group(1) == "-" else s


def rfc3339(unix):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(unix))


def copy_config(src, workdir):
    """The demo config with absolute data paths, a private decision log and spool, and
    the device-cookie key taken from KEY_ENV. Listeners and everything else unchanged."""
    base = os.path.dirname(os.path.abspath(src))
    out = []
    section = None
    has_key = False
    with open(src) as f:
        lines = f.read().splitlines()
    for line in lines:
        s = line.strip()
        if s.startswith("["):
            section = s.strip("[]").strip()
        m = re.match(r'^(\s*)([A-Za-z_]+)(\s*=\s*)"([^"]*)"(.*)$', line)
        if m:
            key, val = m.group(2), m.group(4)
            if section == "risk.decision_log" and key == "path":
                val = os.path.join(workdir, "decisions.jsonl")
            elif section == "callbacks" and key == "spool":
                val = os.path.join(workdir, "spool.redb")
            elif not val.startswith("/") and os.path.exists(os.path.join(base, val)):
                val = os.path.normpath(os.path.join(base, val))
            line = '%s%s%s"%s"%s' % (m.group(1), key, m.group(3), val, m.group(5))
        if section == "fingerprint" and re.match(r"^\s*key_envs\s*=", line):
            line, has_key = 'key_envs = ["%s"]' % KEY_ENV, True
        out.append(line)
        if s == "[fingerprint]" and not has_key:
            out.append('key_envs = ["%s"]' % KEY_ENV)
            has_key = True
    path = os.path.join(workdir, "riskgate.toml")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")
    return path


class Riskgate:
    """A `riskgate demo` process with its clock at `start` (unix seconds)."""

    def __init__(self, binary, config, start, speed, env, log, admin):
        self.spawned = time.monotonic()
        self.proc = subprocess.Popen(
            [binary, "--clock-start", rfc3339(start), "--clock-speed", str(speed),
             "demo", "--config", config,
             # The demo's spool and decision log (decisions.jsonl) next to the config.
             "--data-dir", os.path.dirname(os.path.abspath(config))],
            stdout=log, stderr=subprocess.STDOUT, env=env)
        self.admin = admin
        deadline = time.monotonic() + 60
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError("riskgate demo exited with %s (see its log)" % self.proc.returncode)
            try:
                c = http.client.HTTPConnection(*admin, timeout=2)
                c.request("GET", "/readyz", headers={"Authorization": "Bearer " + TOKEN})
                if c.getresponse().status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("riskgate demo not ready after 60 s")
            time.sleep(0.05)

    def stop(self):
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class Shop:
    """The client side: sends visits, beacons and orders the way each device would."""

    def __init__(self, cfg, addr):
        self.addr = addr
        fp = cfg.get("fingerprint") or {}
        self.cookie_name = fp.get("cookie_name", "rg_did")
        self.beacon = fp.get("beacon_path")
        route = next(r for r in cfg["routes"] if r.get("kind") == "order")
        self.order_path = route.get("prefix") or route.get("path") or "/api/orders"
        self.fields = route["order"]

    def send(self, method, path, headers, ip, body=None):
        c = http.client.HTTPConnection(*self.addr, timeout=15)
        c.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for k, v in headers:
            c.putheader(k, v)
        # The CDN in front (loopback is a trusted proxy in the demo) appends the client.
        c.putheader("X-Forwarded-For", ip)
        c.endheaders(body)
        r = c.getresponse()
        data = r.read()
        c.close()
        return r.status, dict(r.getheaders()), r.getheader("Set-Cookie"), data

    def _take_cookie(self, dev, set_cookie):
        if set_cookie and dev.cookies != "none":
            first = set_cookie.split(";")[0]
            if first.startswith(self.cookie_name + "="):
                dev.cookie = first

    def visit(self, dev, ip, rng):
        """A page view: the HTML (which sets the device cookie), then the beacon."""
        if dev.cookies == "session":
            dev.cookie = None  # a new private window / a cleared session
        if clients.PROFILES[dev.profile]["kind"] == "script":
            return
        _, _, set_cookie, _ = self.send("GET", "/", clients.page_headers(dev.profile, dev.lang, dev.cookie), ip)
        self._take_cookie(dev, set_cookie)
        if self.beacon and dev.beacon:
            body = clients.beacon_body(dev.profile, dev.languages, dev.tz_name, dev.tz_offset,
                                       random.Random(dev.canvas_seed))
            if body:
                data = body.encode()
                hs = clients.fetch_headers(dev.profile, dev.lang, dev.cookie,
                                           "text/plain;charset=UTF-8", len(data))
                self.send("POST", self.beacon.rstrip("/") + "/beacon", hs, ip, data)

    def body(self, order):
        """The order in the route's own format and field map."""
        if self.fields.get("format", "json") == "form":
            from urllib.parse import urlencode
            pairs = [(self.fields[k], str(v)) for k, v in order.items() if k in self.fields]
            return urlencode(pairs).encode(), "application/x-www-form-urlencoded"
        doc = {}
        for k, v in order.items():
            ptr = self.fields.get(k)
            if not isinstance(ptr, str) or not ptr.startswith("/"):
                continue
            parts = [p.replace("~1", "/").replace("~0", "~") for p in ptr[1:].split("/")]
            node = doc
            for p in parts[:-1]:
                node = node.setdefault(p, {})
            node[parts[-1]] = v
        return json.dumps(doc).encode(), "application/json"

    def order(self, dev, ip, order):
        data, ctype = self.body(order)
        hs = clients.fetch_headers(dev.profile, dev.lang, dev.cookie, ctype, len(data))
        status, headers, set_cookie, raw = self.send("POST", self.order_path, hs, ip, data)
        self._take_cookie(dev, set_cookie)
        try:
            parsed = json.loads(raw) if raw else {}
        except ValueError:
            parsed = {}
        return status, headers, parsed


def addr_of(s):
    host, port = s.rsplit(":", 1)
    return host.strip("[]"), int(port)


def run(args):
    with open(args.config, "rb") as f:
        cfg = tomllib.load(f)
    os.makedirs(args.workdir, exist_ok=True)
    config = copy_config(args.config, args.workdir)
    with open(os.path.join(HERE, "ip_table.json")) as f:
        pools = json.load(f)["pools"]
    ctx = traffic.Context(pools, args.window, args.scale)
    # The same traffic at every hour of a seed: only the clock differs between cells.
    instances = traffic.generate(random.Random(args.seed), ctx, args.personas)
    env = dict(os.environ, RISKGATE_ADMIN_TOKEN=TOKEN, **{KEY_ENV: secrets.token_hex(32)})
    env.pop("RUST_LOG", None)
    listen = addr_of(cfg["server"]["listen"][0])
    admin = addr_of(cfg["admin"]["listen"])
    shop = Shop(cfg, listen)
    log = open(os.path.join(args.workdir, "riskgate.log"), "ab")
    # Shop-local hour H on 2026-03-02 (a Monday), in UTC.
    day = 1772409600  # 2026-03-02T00:00:00Z
    window_start = day + args.hour * 3600 - utc_offset_secs(cfg)

    # Established devices get their cookie at their first visit, weeks or months ago.
    by_age = {}
    for inst in instances:
        for a in inst.actions:
            d = a["device"]
            if d.age_days and d.cookies == "keep" and d.cookie is None:
                by_age.setdefault(d.age_days, {})[d.key] = (d, a["ip"])
    rng = random.Random(args.seed * 7919 + args.hour)
    for age, devs in sorted(by_age.items()):
        rg = Riskgate(args.binary, config, window_start - age * 86400, 1, env, log, admin)
        try:
            for d, ip in devs.values():
                shop.visit(d, ip, rng)
        finally:
            rg.stop()

    actions = sorted(((a["t"], n, inst, a) for inst in instances for n, a in enumerate(inst.actions)),
                     key=lambda x: (x[0], id(x[2]), x[1]))
    lead = 2.0  # real seconds for the process to become ready before the window opens
    rg = Riskgate(args.binary, config, window_start - int(lead * args.speed), args.speed, env,
                  log, admin)
    records, max_lag = [], 0.0
    try:
        for t, _, inst, a in actions:
            due = rg.spawned + lead + t / args.speed
            now = time.monotonic()
            if due > now:
                time.sleep(due - now)
            else:
                max_lag = max(max_lag, now - due)
            if a["kind"] == "visit":
                shop.visit(a["device"], a["ip"], rng)
                continue
            status, headers, body = shop.order(a["device"], a["ip"], a["order"])
            outcome, stage, reasons = classify(status, headers, body)
            score = body.get("score") if isinstance(body, dict) else None
            if score is None:
                seen = body.get("seen_headers", {}) if isinstance(body, dict) else {}
                score = seen.get("x-risk-score")
            records.append({"persona": inst.persona, "label": inst.label, "t": round(t, 1),
                            "status": status, "outcome": outcome, "stage": stage,
                            "reasons": reasons, "score": score,
                            "currency": a["order"]["currency"], "amount": a["order"]["amount"],
                            "quantity": a["order"]["quantity"]})
    finally:
        rg.stop()
        log.close()
    hours = {}
    try:
        with open(os.path.join(args.workdir, "decisions.jsonl")) as f:
            decision_lines = f.readlines()
        for line in decision_lines:
            rec = json.loads(line)
            # The decision's own time (RFC 3339, UTC) on the evaluation clock: the
            # model no longer has an hour-of-day feature (schema v2), so check the clock.
            # Shop hour = the logged UTC time plus the config's day_utc_offset.
            t = rec.get("time", "")
            if len(t) >= 19 and t[10] == "T":
                hms = int(t[11:13]) * 3600 + int(t[14:16]) * 60 + int(t[17:19])
                h = (hms + utc_offset_secs(cfg)) % 86400 // 3600
                hours[h] = hours.get(h, 0) + 1
    except OSError:
        pass
    out = {"seed": args.seed, "hour": args.hour, "personas": args.personas, "window_start": rfc3339(window_start),
           "speed": args.speed, "window_secs": args.window, "max_lag_secs": round(max_lag, 3),
           "logged_hours_of_day": hours, "records": records}
    with open(args.out, "w") as f:
        json.dump(out, f)


def exit_on_term():
    """SIGTERM and SIGHUP end the cell like Ctrl-C does: `SystemExit` unwinds through the
    `finally` blocks, so the `riskgate demo` it started is stopped, not orphaned."""
    def handler(signum, _frame):
        sys.exit(128 + signum)
    for s in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, handler)


def main(argv=None):
    exit_on_term()
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--binary", required=True)
    ap.add_argument("--config", required=True)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--hour", type=int, required=True)
    ap.add_argument("--speed", type=int, default=60)
    ap.add_argument("--window", type=int, default=3000)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--personas", default="main", choices=traffic.PERSONA_SETS)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    try:
        run(args)
    except Exception as e:  # report to the parent, which prints the log tail
        print("cell seed=%d hour=%d failed: %s" % (args.seed, args.hour, e), file=sys.stderr)
        raise


if __name__ == "__main__":
    main()
