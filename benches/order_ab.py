#!/usr/bin/env python3
"""The A/B client of benches/order_ab.rs in Python, for when the release bench cannot be built
(AB_CLIENT=py bash benches/order_load.sh): pass and order POSTs alternating on one keep-alive
connection at a fixed rate, each from a new IP and user, timed from write to last byte read.
Python adds the same ~50-100 µs to both routes; the difference is what counts.

    python3 benches/order_ab.py 127.0.0.1:PORT RATE SECONDS
"""
import http.client, random, sys, time
host, port = sys.argv[1].split(":"); rate = float(sys.argv[2]); secs = float(sys.argv[3])
c = http.client.HTTPConnection(host, int(port)); gap = 1.0 / rate
lat = {"/pass": [], "/order": []}
ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
n = int(rate * secs); t_next = time.perf_counter()
for i in range(n):
    path = "/pass" if i % 2 == 0 else "/order"
    user = "u%d" % random.randint(1, 10**9)
    body = '{"amount":"25.00","currency":"USD","quantity":1,"user":"%s","email":"%s@example.com"}' % (user, user)
    h = {"content-type": "application/json", "x-forwarded-for": "81.%d.%d.%d" % (random.randint(1,254), random.randint(0,255), random.randint(1,254)),
         "user-agent": ua, "accept-language": "en-GB,en;q=0.9", "accept-encoding": "gzip, deflate, br"}
    while time.perf_counter() < t_next: time.sleep(max(0, t_next - time.perf_counter() - 0.0005))
    t0 = time.perf_counter_ns(); c.request("POST", path, body, h); r = c.getresponse(); r.read(); t1 = time.perf_counter_ns()
    assert r.status == 201, r.status
    lat[path].append((t1 - t0) / 1000); t_next += gap
q = lambda v, p: sorted(v)[min(len(v) - 1, int(p * len(v)))]
for p in lat: print("ab %-6s n=%d p50 %.0f µs p99 %.0f µs" % (p, len(lat[p]), q(lat[p], .5), q(lat[p], .99)))
print("ab diff p50 %.0f µs p99 %.0f µs" % (q(lat["/order"], .5) - q(lat["/pass"], .5), q(lat["/order"], .99) - q(lat["/pass"], .99)))
