#!/usr/bin/env bash
# Scanner benchmark (not run in CI): `berth scan` of an image holding this machine's dpkg status
# (500+ packages) against a generated trivy.db of about 1,000,000 advisories (the real Go bbolt
# writes it, tests/oracles/trivydb), plus the import time of that DB.
#
#   bash bench/scan_bench.sh [build/berth]     prints import time, scan median of 5, peak RSS
#
# Needs go (+ golang-github-coreos-bbolt-dev), jq, bc, /usr/bin/time.
set -euo pipefail
BERTH=$(realpath "${1:-build/berth}")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
W=$(mktemp -d /tmp/berth-scan-bench.XXXXXX)
trap 'rm -rf "$W"' EXIT
STATUS=/var/lib/dpkg/status
RUNS=${RUNS:-5}
TOTAL_ADVISORIES=${TOTAL_ADVISORIES:-1000000}
PER_PACKAGE=50

echo "# building the generator"
(cd "$ROOT/tests/oracles/trivydb" && GOPATH=/usr/share/gocode GO111MODULE=off GOFLAGS= \
  GOCACHE="$W/gocache" go build -o "$W/gen" main.go)

# Every source package of the image gets PER_PACKAGE advisories (1 in 10 above the installed
# version); other package names fill the DB up to TOTAL_ADVISORIES.
SOURCES=$(awk 'BEGIN{RS=""; FS="\n"} {n=""; s=""; for (i=1;i<=NF;i++) { if ($i ~ /^Package: /) n=substr($i,10);
  if ($i ~ /^Source: /) { s=substr($i,9); sub(/ .*/, "", s) } } print (s != "" ? s : n)}' "$STATUS" | sort -u)
NSRC=$(wc -l <<<"$SOURCES")
NPKG=$(grep -c '^Package: ' "$STATUS")
EXTRA=$(( (TOTAL_ADVISORIES - NSRC * PER_PACKAGE) / PER_PACKAGE ))
jq -n --arg src "$SOURCES" --argjson extra "$EXTRA" --argjson per "$PER_PACKAGE" '{
  fixtures: [{bucket: "data-source", pairs: [{key: "debian 12", value: {ID: "debian", Name: "Debian Security Tracker", URL: "https://salsa.debian.org/security-tracker-team/security-tracker"}}]}],
  generate: [{platform: "debian 12", packages: ($src | split("\n")), extraPackages: $extra, perPackage: $per,
              idPrefix: "CVE-2097-", fixedVersions: ["0.1-1","0.1-1","0.1-1","0.1-1","0.1-1","0.1-1","0.1-1","0.1-1","0.1-1","99.0-1"],
              vulnerabilities: true, seed: 1}]}' >"$W/spec.json"
echo "# generating trivy.db: $NSRC image source packages + $EXTRA others, $PER_PACKAGE advisories each"
mkdir -p "$W/db"
start=$(date +%s.%N)
"$W/gen" "$W/spec.json" "$W/db/trivy.db"
echo "# generated in $(echo "$(date +%s.%N) - $start" | bc) s, $(stat -c %s "$W/db/trivy.db") bytes"
echo '{"Version":2,"NextUpdate":"2099-01-02T00:00:00Z","UpdatedAt":"2099-01-01T00:00:00Z","DownloadedAt":"0001-01-01T00:00:00Z"}' >"$W/db/metadata.json"
tar czf "$W/db.tar.gz" -C "$W/db" trivy.db metadata.json
echo "# db.tar.gz: $(stat -c %s "$W/db.tar.gz") bytes"

mkdir -p "$W/root/etc" "$W/root/var/lib/dpkg" "$W/data"
cp /etc/os-release /etc/debian_version "$W/root/etc/"
cp "$STATUS" "$W/root/var/lib/dpkg/status"
# An OCI layout by hand (umoci 0.4.7 writes layer tars without their end blocks).
blob() { local d; d=$(sha256sum "$1" | cut -d' ' -f1); mkdir -p "$W/layout/blobs/sha256"
  cp "$1" "$W/layout/blobs/sha256/$d"; echo "sha256:$d"; }
tar -C "$W/root" -cf "$W/layer.tar" . && DIFF=$(blob "$W/layer.tar") && gzip -n "$W/layer.tar"
LAYER=$(blob "$W/layer.tar.gz")
jq -n --arg d "$DIFF" '{architecture: "amd64", os: "linux", rootfs: {type: "layers", diff_ids: [$d]}}' >"$W/config.json"
CFG=$(blob "$W/config.json")
jq -n --arg c "$CFG" --arg l "$LAYER" --argjson cs "$(stat -c %s "$W/config.json")" \
  --argjson ls "$(stat -c %s "$W/layer.tar.gz")" '{schemaVersion: 2,
  mediaType: "application/vnd.oci.image.manifest.v1+json",
  config: {mediaType: "application/vnd.oci.image.config.v1+json", digest: $c, size: $cs},
  layers: [{mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: $l, size: $ls}]}' >"$W/manifest.json"
MAN=$(blob "$W/manifest.json")
jq -n --arg m "$MAN" --argjson s "$(stat -c %s "$W/manifest.json")" '{schemaVersion: 2, manifests: [
  {mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $m, size: $s,
   annotations: {"org.opencontainers.image.ref.name": "b"}}]}' >"$W/layout/index.json"
printf 'dataDir: %s\nlog:\n  level: warn\n' "$W/data" >"$W/berth.yml"

measure() { # LABEL CMD... → "seconds maxrss_kb" on stdout
  /usr/bin/time -f '%e %M' -o "$W/time.out" "$@" >/dev/null 2>"$W/err.out" || {
    cat "$W/err.out" >&2; exit 1; }
  cat "$W/time.out"
}
read -r imp_s imp_kb < <(measure "$BERTH" scanner import-db "$W/db.tar.gz" --config "$W/berth.yml")
echo "import-db: ${imp_s} s, peak RSS $((imp_kb / 1024)) MiB"
measure "$BERTH" scan "oci:$W/layout:b" --format json --config "$W/berth.yml" >/dev/null  # warm-up
"$BERTH" scan "oci:$W/layout:b" --format json --config "$W/berth.yml" >"$W/report.json" 2>/dev/null
times=() rss=0
for ((i = 0; i < RUNS; i++)); do
  read -r s kb < <(measure "$BERTH" scan "oci:$W/layout:b" --format json --config "$W/berth.yml")
  times+=("$s")
  ((kb > rss)) && rss=$kb
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
findings=$(jq '[.Results[].Vulnerabilities[]?] | length' "$W/report.json")
echo "scan: $NPKG dpkg packages, $findings findings; wall times ${times[*]} s; median ${median} s; peak RSS $((rss / 1024)) MiB"
