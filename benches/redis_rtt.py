#!/usr/bin/env python3
"""The floor of fleet mode's round trip, for when benches/redis_rtt.rs cannot be built
(RTT_CLIENT=py bash benches/fleet_rtt.sh): one order's captured EVALSHA (a MONITOR line)
sent over a raw socket at a fixed rate, one at a time, timed from write to the whole
reply; plus Redis' own time per EVALSHA over the run (INFO commandstats). Python's own
cost is in the numbers (a few tens of µs), so this is an upper bound of the floor.

    python3 benches/redis_rtt.py 127.0.0.1:PORT MONITOR_LINE_FILE RATE SECONDS
"""
import re, socket, sys, time
host, port = sys.argv[1].split(":"); line = next(l for l in open(sys.argv[2]) if '"EVALSHA"' in l)
rate = float(sys.argv[3]); secs = float(sys.argv[4])
args = [bytes(a, "latin1").decode("unicode_escape").encode("latin1") for a in re.findall(r'"((?:[^"\\]|\\.)*)"', line.split("]", 1)[1])]
def resp(argv): return b"*%d\r\n" % len(argv) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in argv)
s = socket.create_connection((host, int(port))); s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
f = s.makefile("rb")
def read():
    l = f.readline(); t = l[:1]
    if t == b"*": return [read() for _ in range(int(l[1:]))]
    if t == b"$": n = int(l[1:]); return None if n < 0 else f.read(n + 2)[:-2]
    if t == b"-": raise RuntimeError(l)
    return l[1:-2]
def stats():
    s.sendall(resp([b"INFO", b"commandstats"])); info = read().decode()
    m = re.search(r"cmdstat_evalsha:calls=(\d+),usec=(\d+)", info); return (int(m[1]), int(m[2])) if m else (0, 0)
cmd = resp(args)
for _ in range(100): s.sendall(cmd); read()
before = stats(); lat = []; gap = 1.0 / rate; t_next = time.perf_counter(); end = t_next + secs
while time.perf_counter() < end:
    while time.perf_counter() < t_next: time.sleep(max(0, t_next - time.perf_counter() - 0.0005))
    t0 = time.perf_counter_ns(); s.sendall(cmd); read(); lat.append((time.perf_counter_ns() - t0) / 1000); t_next += gap
after = stats(); lat.sort(); q = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))]
print("floor  EVALSHA of %s keys, n=%d, mean %.0f µs, p50 %.0f µs, p90 %.0f µs, p99 %.0f µs (python raw socket)" % (args[2].decode(), len(lat), sum(lat) / len(lat), q(.5), q(.9), q(.99)))
c = max(1, after[0] - before[0]); print("redis-side EVALSHA: %d calls, %.1f µs per call (INFO commandstats)" % (c, (after[1] - before[1]) / c))
