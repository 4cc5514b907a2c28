#!/usr/bin/env bash
# Refreshes geoip/country.mmdb and geoip/asn.mmdb from the npm registry.
#
#   geoip/refresh.sh                                   newest published versions
#   ASN_VERSION=x COUNTRY_VERSION=y geoip/refresh.sh   pinned versions (reproducible)
#
# country.mmdb is copied as published (@ip-location-db/geo-whois-asn-country-mmdb).
# asn.mmdb is built by riskgate from the @ip-location-db/asn CSVs with
# `riskgate geoip build-asn`; its build epoch comes from the package version
# (2.3.YYYYMMDDHH -> that hour, UTC), not from the clock, so the same versions always give
# byte-identical files. geoip/VERSION records versions and sha256 sums: after a re-run with
# the versions it names, `git diff geoip/` is empty.
#
# Environment:
#   ASN_VERSION, COUNTRY_VERSION  package versions (default: newest published)
#   ASN_EPOCH                     build epoch, Unix seconds (default: from ASN_VERSION)
#   RISKGATE                      riskgate command to run (default: cargo run --release --)
#
# Needs: npm, tar, sha256sum, GNU date, and cargo (or RISKGATE). Re-runnable; writes only
# geoip/{country.mmdb,asn.mmdb,VERSION,licenses/}.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

ASN_PKG="@ip-location-db/asn"
COUNTRY_PKG="@ip-location-db/geo-whois-asn-country-mmdb"

ASN_VERSION="${ASN_VERSION:-$(npm view "$ASN_PKG" version)}"
COUNTRY_VERSION="${COUNTRY_VERSION:-$(npm view "$COUNTRY_PKG" version)}"

# 2.3.2026061719 -> 2026-06-17T19:00:00Z
version_date() {
    local stamp="${1##*.}"
    if [[ ! "$stamp" =~ ^[0-9]{10}$ ]]; then
        echo "refresh.sh: cannot read a date from version '$1'; set ASN_EPOCH" >&2
        return 1
    fi
    echo "${stamp:0:4}-${stamp:4:2}-${stamp:6:2}T${stamp:8:2}:00:00Z"
}

if [[ -n "${ASN_EPOCH:-}" ]]; then
    data_date="$(date -u -d "@$ASN_EPOCH" +%Y-%m-%dT%H:%M:%SZ)"
    epoch="$ASN_EPOCH"
else
    data_date="$(version_date "$ASN_VERSION")"
    epoch="$(date -u -d "$data_date" +%s)"
fi

if [[ -n "${RISKGATE:-}" ]]; then
    read -r -a riskgate <<<"$RISKGATE"
else
    riskgate=(cargo run --release --quiet --manifest-path "$root/Cargo.toml" --)
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

fetch() { # fetch PACKAGE VERSION DIR: npm pack into DIR and unpack to DIR/package
    mkdir -p "$3"
    (cd "$3" && npm pack --silent "$1@$2" >/dev/null)
    tar -xzf "$3"/*.tgz -C "$3"
}

echo "fetching $ASN_PKG@$ASN_VERSION and $COUNTRY_PKG@$COUNTRY_VERSION" >&2
fetch "$ASN_PKG" "$ASN_VERSION" "$tmp/asn"
fetch "$COUNTRY_PKG" "$COUNTRY_VERSION" "$tmp/country"
asn_src="$tmp/asn/package"
country_src="$tmp/country/package"

echo "building asn.mmdb (epoch $epoch = $data_date)" >&2
"${riskgate[@]}" geoip build-asn \
    --ipv4 "$asn_src/asn-ipv4.csv" \
    --ipv6 "$asn_src/asn-ipv6.csv" \
    --out "$tmp/asn.mmdb" \
    --epoch "$epoch"

cp "$country_src/geo-whois-asn-country.mmdb" "$tmp/country.mmdb"

# Licence files exactly as shipped in the packages (both carry the same NRO_LICENSE).
rm -rf "$tmp/licenses"
mkdir -p "$tmp/licenses"
for f in DBIP-LICENSE NRO_LICENSE ROUTEVIEWS-LICENSE; do
    cp "$asn_src/$f" "$tmp/licenses/$f"
done
cp "$asn_src/MODIFICATIONS" "$tmp/licenses/ASN-MODIFICATIONS"
if ! cmp -s "$asn_src/NRO_LICENSE" "$country_src/NRO_LICENSE"; then
    cp "$country_src/NRO_LICENSE" "$tmp/licenses/COUNTRY-NRO_LICENSE"
fi

{
    echo "# Written by geoip/refresh.sh; do not edit. Re-run with these versions to reproduce:"
    echo "#   ASN_VERSION=$ASN_VERSION COUNTRY_VERSION=$COUNTRY_VERSION geoip/refresh.sh"
    echo "asn_package=$ASN_PKG"
    echo "asn_version=$ASN_VERSION"
    echo "country_package=$COUNTRY_PKG"
    echo "country_version=$COUNTRY_VERSION"
    echo "data_date=$data_date"
    echo "asn_build_epoch=$epoch"
    echo "country_mmdb_sha256=$(sha256sum "$tmp/country.mmdb" | cut -d' ' -f1)"
    echo "asn_mmdb_sha256=$(sha256sum "$tmp/asn.mmdb" | cut -d' ' -f1)"
} >"$tmp/VERSION"

# Everything is built: now replace the shipped files (each by rename, so a running riskgate
# reading them at reload sees an old or a new file, never half of one).
for f in country.mmdb asn.mmdb VERSION; do
    cp "$tmp/$f" "$here/.$f.new"
    mv -f "$here/.$f.new" "$here/$f"
done
rm -rf "$here/licenses"
cp -r "$tmp/licenses" "$here/licenses"

echo "geoip/ refreshed:" >&2
cat "$here/VERSION" >&2
