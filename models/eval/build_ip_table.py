"""Builds models/eval/ip_table.json: client addresses for the evaluation personas, picked
from the shipped geoip/country.mmdb and geoip/asn.mmdb by autonomous system and country.

Run once when the MMDB files change (needs `maxminddb`, see requirements.txt):

    python3 -m venv .venv-eval && .venv-eval/bin/pip install -r models/eval/requirements.txt
    .venv-eval/bin/python models/eval/build_ip_table.py

The harness itself needs only the committed JSON (stdlib), so `make eval` and the Rust
test that runs a tiny evaluation work without this package. Each pool is a list of
`[address, country, asn]` as the MMDB files resolve them, so riskgate sees the same.
"""

import ipaddress
import json
import os
import random
import sys

import maxminddb

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# pool name -> (AS numbers, country wanted; "!XX" means anywhere but XX)
POOLS = {
    # Home broadband, per country.
    "home_US": ([7922, 7018, 701, 20115, 22773], "US"),
    "home_GB": ([2856, 5607, 5089], "GB"),
    "home_DE": ([3320, 6805, 31334], "DE"),
    "home_FR": ([3215, 12322, 5410], "FR"),
    "home_ES": ([3352, 12479], "ES"),
    "home_IT": ([3269, 30722], "IT"),
    "home_NL": ([1136, 33915], "NL"),
    "home_JP": ([4713, 2516, 17676], "JP"),
    "home_KR": ([4766, 9318, 3786], "KR"),
    "home_CN": ([4134, 4837], "CN"),
    "home_CA": ([577, 812], "CA"),
    "home_AU": ([1221, 4804], "AU"),
    "home_BR": ([28573, 18881], "BR"),
    "home_IN": ([24560, 9829], "IN"),
    # Mobile carriers at home.
    "mobile_US": ([21928], "US"),
    "mobile_GB": ([12576, 35228, 25135], "GB"),
    "mobile_DE": ([3209], "DE"),
    "mobile_JP": ([9605], "JP"),
    "mobile_KR": ([9644], "KR"),
    "mobile_IN": ([55836], "IN"),
    "mobile_FR": ([51207], "FR"),
    # Mobile carriers' addresses that the country database places abroad.
    "mobile_abroad_DE": ([3209], "!DE"),
    "mobile_abroad_IN": ([55836], "!IN"),
    # iCloud Private Relay / consumer VPN egress (not hosting: real people behind them).
    "relay_US": ([36183, 13335], "US"),
    "relay_DE": ([36183, 13335], "DE"),
    "relay_JP": ([36183, 13335], "JP"),
    # Datacenters (listed in geoip/hosting_asns.txt).
    "hosting": ([16509, 14061, 16276, 24940, 20473, 63949, 396982], None),
}

PER_POOL = 40


def main():
    country = maxminddb.open_database(os.path.join(ROOT, "geoip/country.mmdb"))
    asn = maxminddb.open_database(os.path.join(ROOT, "geoip/asn.mmdb"))
    wanted = {a for asns, _ in POOLS.values() for a in asns}
    nets = {}  # asn -> list of networks
    for net, rec in asn:
        if net.version != 4 or not rec:
            continue
        a = rec.get("autonomous_system_number")
        if a in wanted:
            nets.setdefault(a, []).append(net)
    rng = random.Random(20261205)
    table = {}
    for name, (asns, cc) in POOLS.items():
        picked, tries = [], 0
        cands = [n for a in asns for n in nets.get(a, [])]
        while cands and len(picked) < PER_POOL and tries < 200000:
            tries += 1
            net = rng.choice(cands)
            if net.num_addresses < 4:
                continue
            ip = net.network_address + rng.randrange(1, net.num_addresses - 1)
            got = country.get(str(ip)) or {}
            got_cc = got.get("country_code") or (got.get("country") or {}).get("iso_code")
            a = (asn.get(str(ip)) or {}).get("autonomous_system_number")
            if not got_cc or a not in asns:
                continue
            if cc and cc.startswith("!") and got_cc == cc[1:]:
                continue
            if cc and not cc.startswith("!") and got_cc != cc:
                continue
            if any(p[0] == str(ip) for p in picked):
                continue
            picked.append([str(ip), got_cc, a])
        if len(picked) < 5:
            print(f"pool {name}: only {len(picked)} addresses", file=sys.stderr)
        table[name] = picked
    meta = {
        "built_from": ["geoip/country.mmdb", "geoip/asn.mmdb"],
        "country_build_epoch": country.metadata().build_epoch,
        "asn_build_epoch": asn.metadata().build_epoch,
    }
    out = os.path.join(ROOT, "models/eval/ip_table.json")
    with open(out, "w") as f:
        json.dump({"meta": meta, "pools": table}, f, indent=0, sort_keys=True)
        f.write("\n")
    print(f"{out}: {sum(len(v) for v in table.values())} addresses in {len(table)} pools")


if __name__ == "__main__":
    main()
