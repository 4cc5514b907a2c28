#!/usr/bin/env python3
"""Distinct 4 KiB pages a running riskgate touches to serve ONE request after being idle.

Why: at 20 orders/s every request starts with cold caches and TLBs, and on this VM a cold
page costs 0.3-0.6 us (benches/model_idle.rs, BENCHMARKS.md "Latency at 20 orders/s"), so
the pages a request touches predict its low-rate latency far better than its warm CPU time.

Usage (run by `PAGES=1 bash benches/order_load.sh`, which starts riskgate):
    pages_touched.py PID HOST:PORT [ROUNDS]
For each round and each of idle / pass / order: clear the process's referenced bits
(/proc/PID/clear_refs), wait 50 ms, send the request on a fresh keep-alive connection that
was opened before the clear (or send nothing for "idle"), wait for the answer, read
/proc/PID/smaps. Prints the median pages per mapping; "idle" is what the process touches on
its own in the same time (timers, the decision-log writer), the baseline to subtract.
Loopback only; needs permission to write /proc/PID/clear_refs (same user or root).
"""
import random
import socket
import statistics
import sys
import time
from collections import defaultdict

UA = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/124.0.0.0 Safari/537.36")


def request(path):
    ip = f"81.{random.randint(1, 254)}.{random.randint(0, 255)}.{random.randint(1, 254)}"
    user = f"u{random.randint(1, 10**9)}"
    body = (f'{{"amount":"25.00","currency":"USD","quantity":1,"user":"{user}",'
            f'"email":"{user}@example.com"}}')
    return (f"POST {path} HTTP/1.1\r\nHost: shop.test\r\nContent-Type: application/json\r\n"
            f"X-Forwarded-For: {ip}\r\nUser-Agent: {UA}\r\nAccept-Language: en-GB,en;q=0.9\r\n"
            f"Accept-Encoding: gzip, deflate, br\r\nContent-Length: {len(body)}\r\n\r\n{body}"
            ).encode()


def read_response(s):
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = s.recv(65536)
        if not chunk:
            raise ConnectionError("closed")
        buf += chunk
    head, rest = buf.split(b"\r\n\r\n", 1)
    length = 0
    for line in head.split(b"\r\n")[1:]:
        k, _, v = line.partition(b":")
        if k.strip().lower() == b"content-length":
            length = int(v)
    while len(rest) < length:
        rest += s.recv(65536)
    return int(head[9:12])


def referenced(pid):
    pages = defaultdict(int)
    name = "?"
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            first = line.split(" ", 1)[0]
            if "-" in first and all(c in "0123456789abcdef-" for c in first):
                parts = line.split()
                name = parts[5].rsplit("/", 1)[-1] if len(parts) > 5 else "[anon]"
            elif line.startswith("Referenced:"):
                pages[name] += int(line.split()[1]) // 4
    return pages


def switches(pid):
    """Context switches (voluntary + involuntary) of every thread of `pid` so far, by thread name."""
    import os
    out = defaultdict(int)
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/status") as f:
                st = f.read()
        except OSError:
            continue
        name = st.split("\n", 1)[0].split(":", 1)[1].strip()
        for line in st.splitlines():
            if line.endswith("ctxt_switches") or "ctxt_switches:" in line:
                out[name] += int(line.split()[1])
    return out


def main():
    pid, addr = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 9
    host, port = addr.rsplit(":", 1)
    assert host.startswith("127."), "loopback only"
    samples = {k: defaultdict(list) for k in ("idle", "pass", "order")}
    for _ in range(rounds):
        for kind in ("idle", "pass", "order"):
            s = socket.create_connection((host, int(port)))
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            time.sleep(0.05)
            with open(f"/proc/{pid}/clear_refs", "w") as f:
                f.write("1")
            sw0 = switches(pid)
            time.sleep(0.05)
            if kind != "idle":
                s.sendall(request("/" + kind))
                status = read_response(s)
                assert status == 201, f"{kind}: status {status}"
            sw1 = switches(pid)
            pages = referenced(pid)
            for k in set(sw0) | set(sw1):
                samples[kind]["switches " + k].append(sw1.get(k, 0) - sw0.get(k, 0))
            s.close()
            for k, v in pages.items():
                samples[kind][k].append(v)
            samples[kind]["TOTAL"].append(sum(pages.values()))
    names = sorted({k for kind in samples.values() for k in kind},
                   key=lambda k: -statistics.median(samples["order"].get(k, [0])))
    print(f"pages touched per request after 50 ms idle (median of {rounds}; 'idle' = no request)")
    print("rows 'switches THREAD': that thread's context switches in the same window (mean)")
    print(f"{'mapping':<32} {'idle':>6} {'pass':>6} {'order':>6} {'order-pass':>10}")
    for n in names:
        avg = statistics.mean if n.startswith("switches") else statistics.median
        med = {k: avg(samples[k].get(n, [0])) for k in samples}
        if max(med.values()) < (0.1 if n.startswith("switches") else 2):
            continue
        fmt = ".1f" if n.startswith("switches") else ".0f"
        print(f"{n[:32]:<32} {med['idle']:>6{fmt}} {med['pass']:>6{fmt}} {med['order']:>6{fmt}} "
              f"{med['order'] - med['pass']:>10{fmt}}")


if __name__ == "__main__":
    main()
