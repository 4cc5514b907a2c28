#!/usr/bin/env python3
"""Redis' own cost of each script call of one order, replayed (benches/fleet_calls.sh with
REPLAY=N): every EVALSHA of a MONITOR capture sent N times, one at a time, on the state the
bench left; prints per call the µs Redis' `INFO commandstats` counts (wall time inside
Redis, so preemption on a busy machine is in it) and the CPU time of redis-server's main
thread (`/proc/PID/task/PID/schedstat`, network reads and writes included).

    python3 benches/redis_replay.py PORT MONITOR_FILE N [LUA_FILE|-] [REDIS_PID_FILE]

With LUA_FILE, that script text is loaded (SCRIPT LOAD) and run instead of the captured
hash (same arguments): a way to try a changed script on the same state.
"""
import re, socket, sys
port = int(sys.argv[1]); pid = int(open(sys.argv[5]).read()) if len(sys.argv) > 5 else None
def cpu(): return int(open("/proc/%d/task/%d/schedstat" % (pid, pid)).read().split()[0]) if pid else 0
lines = [l for l in open(sys.argv[2]) if '"EVALSHA"' in l and ' lua] ' not in l]
n = int(sys.argv[3]); lua = open(sys.argv[4]).read() if len(sys.argv) > 4 and sys.argv[4] != '-' else None
s = socket.create_connection(("127.0.0.1", port)); f = s.makefile("rb")
def resp(argv): return b"*%d\r\n" % len(argv) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in argv)
def read():
    l = f.readline(); t = l[:1]
    if t == b"*": return [read() for _ in range(int(l[1:]))]
    if t == b"$": k = int(l[1:]); return None if k < 0 else f.read(k + 2)[:-2]
    if t == b"-": raise RuntimeError(l)
    return l[1:-2]
def call(*a): s.sendall(resp([x if isinstance(x, bytes) else str(x).encode() for x in a])); return read()
sha = call("SCRIPT", "LOAD", lua).decode() if lua else None
def stats():
    info = call("INFO", "commandstats").decode()
    m = re.search(r"cmdstat_evalsha:calls=(\d+),usec=(\d+)", info); return (int(m[1]), int(m[2])) if m else (0, 0)
for l in lines:
    args = [bytes(a, "latin1").decode("unicode_escape").encode("latin1") for a in re.findall(r'"((?:[^"\\]|\\.)*)"', l.split("]", 1)[1])]
    if sha: args[1] = sha.encode()
    b = stats(); cmd = resp(args); c0 = cpu()
    for _ in range(n): s.sendall(cmd); read()
    c1 = cpu(); a = stats()
    print("EVALSHA %2s keys: %5.1f µs per call (commandstats), %5.1f µs CPU of redis-server's main thread" % (args[2].decode(), (a[1] - b[1]) / max(1, a[0] - b[0]), (c1 - c0) / 1000 / n))
