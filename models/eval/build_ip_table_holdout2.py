"""Builds models/eval/ip_table_holdout2.json: the extra client-address pools the second
holdout set (holdout2.py) needs beyond ip_table.json, picked from the shipped
geoip/country.mmdb and geoip/asn.mmdb by autonomous system and country.

Same method and format as build_ip_table.py (`[address, country, asn]`, as the MMDB files
resolve them); a separate file so the first two persona sets' pools stay byte-identical.
Run once when the MMDB files change (needs `maxminddb`, models/eval/requirements.txt):

    .venv-eval/bin/python models/eval/build_ip_table_holdout2.py
"""

import json
import os
import random
import sys

import maxminddb

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# pool name -> (AS numbers, country wanted). Public AS numbers of the named networks.
POOLS = {
    # Indonesia: Telkom IndiHome, Biznet (home); Telkomsel, Indosat (mobile).
    "home_ID": ([7713, 17451], "ID"),
    "mobile_ID": ([23693, 4761], "ID"),
    # Vietnam: VNPT, FPT (home); Viettel (mobile and home).
    "home_VN": ([45899, 18403], "VN"),
    "mobile_VN": ([7552], "VN"),
    # University networks: MIT, Stanford, UC Berkeley (US); Janet (GB); DFN (DE).
    "university_US": ([3, 32, 25], "US"),
    "university_GB": ([786], "GB"),
    "university_DE": ([680], "DE"),
    # Corporate web-proxy egress (Zscaler): whole offices behind a few addresses.
    "corp_proxy": ([53813, 62044], None),
    # Home broadband in countries the first table lacks, for travellers / proxies.
    "home_PL": ([5617, 12741], "PL"),
    "home_MX": ([8151], "MX"),
}

PER_POOL = 40


def main():
    country = maxminddb.open_database(os.path.join(ROOT, "geoip/country.mmdb"))
    asn = maxminddb.open_database(os.path.join(ROOT, "geoip/asn.mmdb"))
    wanted = {a for asns, _ in POOLS.values() for a in asns}
    nets = {}
    for net, rec in asn:
        if net.version != 4 or not rec:
            continue
        a = rec.get("autonomous_system_number")
        if a in wanted:
            nets.setdefault(a, []).append(net)
    rng = random.Random(20261206)
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
            if not got_cc or a not in asns or (cc and got_cc != cc):
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
    out = os.path.join(ROOT, "models/eval/ip_table_holdout2.json")
    with open(out, "w") as f:
        json.dump({"meta": meta, "pools": table}, f, indent=0, sort_keys=True)
        f.write("\n")
    print(f"{out}: {sum(len(v) for v in table.values())} addresses in {len(table)} pools")


if __name__ == "__main__":
    main()
