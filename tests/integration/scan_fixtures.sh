#!/usr/bin/env bash
# Scan fixtures shared by test_scan_cli.sh and test_scan_api.sh (sourced after lib_init).
# Builds, under $W ($TEST_TMP/w):
#   - $GEN: the trivy-db writer (real Go bbolt, tests/oracles/trivydb) and make_db DIR UPDATED_AT
#     [VERSION]: a trivy.db from Trivy's YAML fixtures plus advisories generated against the
#     packages really installed on this machine; $W/db1 and $W/db1.tar.gz are made here;
#   - the OCI layout $L with images "deb" (this machine's dpkg status and os-release, a stray apk
#     DB; a node package in layer 2) and "alp" (an apk installed DB).
# Needs jq, go, skopeo and a Debian dpkg status: scan_fixtures_missing says what is missing.
scan_fixtures_missing() {
  local tool
  for tool in jq go skopeo; do
    command -v "$tool" >/dev/null || { echo "$tool not installed"; return 0; }
  done
  [[ -r /var/lib/dpkg/status && -r /etc/debian_version ]] || { echo "not a Debian machine"; return 0; }
  return 1
}

scan_fixtures_build() {
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STATUS=/var/lib/dpkg/status
W=$TEST_TMP/w
mkdir -p "$W"

# ---------------------------------------------------------------------------------------------
# The DB generator (real Go bbolt) and the YAML fixtures as JSON
# ---------------------------------------------------------------------------------------------
GEN=$W/trivydb-gen
(cd "$REPO_ROOT/tests/oracles/trivydb" && GOPATH=/usr/share/gocode GO111MODULE=off GOFLAGS= \
  GOCACHE="${TMPDIR:-/tmp}/gocache" go build -o "$GEN" main.go) >"$W/go-build.log" 2>&1 ||
  die "cannot build the trivy-db generator: $(tail -5 "$W/go-build.log")"
/usr/bin/python3 - "$REPO_ROOT/tests/data/trivy-db-fixtures" >"$W/fixtures.json" <<'PY' || die "fixtures to JSON"
import json, sys, yaml, os
items = []
for name in ("debian.yaml", "alpine.yaml", "nodejs.yaml", "vulnerability.yaml"):
    items += yaml.safe_load(open(os.path.join(sys.argv[1], name)))
json.dump(items, sys.stdout, default=str)
PY

# What this machine has installed (dpkg status paragraphs).
pkg_field() { # PACKAGE FIELD
  awk -v p="$1" -v f="$2" 'BEGIN{RS=""; FS="\n"} {name=""; val=""; for (i=1;i<=NF;i++) {
      if ($i ~ "^Package: ") name=substr($i,10); if (index($i, f": ")==1) val=substr($i, length(f)+3) }
    if (name==p) print val }' "$STATUS"
}
src_version() { # PACKAGE: the source version Trivy compares (Source: name (ver), else Version)
  local s; s=$(pkg_field "$1" Source)
  if [[ $s == *"("*")"* ]]; then s=${s#*(}; printf '%s' "${s%)}"; else pkg_field "$1" Version; fi
}
BASH_VER=$(pkg_field bash Version); BASH_SRC=$(src_version bash)
CU_VER=$(pkg_field coreutils Version); CU_SRC=$(src_version coreutils)
GLIBC_SRC=$(src_version libc6)
[[ -n $BASH_VER && -n $CU_VER && -n $GLIBC_SRC ]] || die "bash/coreutils/libc6 not in $STATUS"
# Every installed binary package built from glibc (Trivy matches Debian advisories by source).
GLIBC_BINS=$(awk 'BEGIN{RS=""; FS="\n"} {name=""; src=""; ok=0; for (i=1;i<=NF;i++) {
    if ($i ~ /^Package: /) name=substr($i,10); if ($i ~ /^Source: glibc( |$)/) src=1;
    if ($i ~ /^Status: .* installed$/) ok=1 } if (src && ok) print name}' "$STATUS" | sort)
log "bash $BASH_VER (source $BASH_SRC), coreutils $CU_VER, glibc $GLIBC_SRC: $(echo $GLIBC_BINS)"

# spec DB_UPDATED_AT > spec.json
write_spec() {
  jq -n --slurpfile fx "$W/fixtures.json" --arg bash_fix "$BASH_SRC+berth1" \
    --arg cu_fix "$CU_SRC" --arg glibc_fix "$GLIBC_SRC+berth1" '
  {fixtures: ($fx[0] + [
    {bucket: "data-source", pairs: [
      {key: "debian 12", value: {ID: "debian", Name: "Debian Security Tracker", URL: "https://salsa.debian.org/security-tracker-team/security-tracker"}},
      {key: "alpine 3.19", value: {ID: "alpine", Name: "Alpine Secdb", URL: "https://secdb.alpinelinux.org/"}},
      {key: "npm::GitHub Security Advisory npm", value: {ID: "ghsa", Name: "GitHub Security Advisory npm", URL: "https://github.com/advisories?query=type%3Areviewed+ecosystem%3Anpm"}}]},
    {bucket: "debian 12", pairs: [
      {bucket: "bash", pairs: [
        {key: "CVE-2098-0001", value: {FixedVersion: $bash_fix, VendorIDs: ["DSA-9801-1"]}},
        {key: "CVE-2098-0002", value: {FixedVersion: "0.1-1"}},
        {key: "CVE-2098-0003", value: {Status: 2, Severity: 3}}]},
      {bucket: "coreutils", pairs: [
        {key: "CVE-2098-0004", value: {FixedVersion: $cu_fix}},
        {key: "CVE-2098-0005", value: {FixedVersion: "99:1.0-1"}}]},
      {bucket: "glibc", pairs: [
        {key: "CVE-2098-0006", value: {FixedVersion: $glibc_fix}}]},
      {bucket: "libc6", pairs: [
        {key: "CVE-2098-0009", value: {FixedVersion: "99:1.0-1"}}]}]},
    {bucket: "alpine 3.19", pairs: [
      {bucket: "openssl", pairs: [{key: "CVE-2098-0100", value: {FixedVersion: "3.1.4-r5"}}]},
      {bucket: "musl", pairs: [{key: "CVE-2098-0101", value: {FixedVersion: "1.2.4-r1"}}]}]},
    {bucket: "npm::GitHub Security Advisory npm", pairs: [
      {bucket: "berth-it-pkg", pairs: [
        {key: "GHSA-brth-0000-0001", value: {PatchedVersions: ["1.0.1"], VulnerableVersions: ["<1.0.1"]}}]}]},
    {bucket: "vulnerability", pairs: [
      {key: "CVE-2098-0001", value: {Title: "bash: test <advisory> & more", Description: "d", Severity: "HIGH",
        CweIDs: ["CWE-78"], VendorSeverity: {debian: 1, nvd: 3},
        CVSS: {nvd: {V3Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", V3Score: 9.8}},
        References: ["https://example.com/CVE-2098-0001"], PublishedDate: "2098-01-01T00:00:00Z",
        LastModifiedDate: "2098-01-02T00:00:00Z"}},
      {key: "CVE-2098-0005", value: {Title: "coreutils test", Severity: "CRITICAL"}},
      {key: "CVE-2098-0006", value: {Title: "glibc test", VendorSeverity: {nvd: 2}}},
      {key: "CVE-2098-0100", value: {Title: "openssl test", VendorSeverity: {alpine: 4, nvd: 1}}},
      {key: "GHSA-brth-0000-0001", value: {Title: "npm test", VendorSeverity: {ghsa: 2, nvd: 4}}}]}
  ]),
  generate: [{platform: "debian 12", extraPackages: 2000, perPackage: 5, idPrefix: "CVE-2097-",
              fixedVersions: ["0.1-1", "99.0-1"], vulnerabilities: true, seed: 7}]}'
}
make_db() { # DIR UPDATED_AT [VERSION]
  mkdir -p "$1"
  write_spec >"$W/spec.json" || die "spec"
  "$GEN" "$W/spec.json" "$1/trivy.db" || die "trivydb-gen failed"
  printf '{"Version":%s,"NextUpdate":"2098-06-02T00:00:00Z","UpdatedAt":"%s","DownloadedAt":"0001-01-01T00:00:00Z"}\n' \
    "${3:-2}" "$2" >"$1/metadata.json"
}
make_db "$W/db1" "2098-06-01T00:00:00Z"
tar czf "$W/db1.tar.gz" -C "$W/db1" trivy.db metadata.json

# ---------------------------------------------------------------------------------------------
# Images: Debian (real dpkg status + os-release; a stray apk DB; a node package in layer 2; layer 3
# rewrites the dpkg status unchanged) and Alpine (apk installed DB)
# ---------------------------------------------------------------------------------------------
L=$W/layout
R1=$W/root1 R2=$W/root2 R3=$W/root3 RA=$W/roota
mkdir -p "$R1/etc" "$R1/var/lib/dpkg" "$R1/lib/apk/db" "$R2/app/node_modules/berth-it-pkg" \
  "$R3/var/lib/dpkg" "$RA/etc" "$RA/lib/apk/db"
cp /etc/os-release /etc/debian_version "$R1/etc/"
cp "$STATUS" "$R1/var/lib/dpkg/status"
cp "$STATUS" "$R3/var/lib/dpkg/status"
APK_DB=$'C:Q1aaaaaaaaaaaaaaaaaaaaaaaaaaa=\nP:libcrypto3\nV:3.1.4-r1\nA:x86_64\no:openssl\n\nC:Q1bbbbbbbbbbbbbbbbbbbbbbbbbbb=\nP:musl\nV:1.2.4-r2\nA:x86_64\no:musl\n\n'
printf '%s' "$APK_DB" >"$R1/lib/apk/db/installed"
printf '%s' "$APK_DB" >"$RA/lib/apk/db/installed"
echo '{"name": "berth-it-pkg", "version": "1.0.0"}' >"$R2/app/node_modules/berth-it-pkg/package.json"
echo "3.19.1" >"$RA/etc/alpine-release"
# umoci 0.4.7 (Debian) writes layer tars without the final padding and end-of-archive blocks,
# which GNU tar, Go's archive/tar and libarchive all reject: the layouts are written by hand.
put_blob() { # LAYOUT FILE → digest
  local d; d=$(file_digest "$2")
  mkdir -p "$1/blobs/sha256"
  cp "$2" "$1/blobs/sha256/${d#sha256:}"
  printf '%s' "$d"
}
oci_image() { # LAYOUT TAG ROOTDIR...: one gzip layer per root dir
  local layout=$1 tag=$2; shift 2
  local layers="[]" diffs="[]" root d diff n=0
  for root in "$@"; do
    n=$((n + 1))
    tar --sort=name --owner=0 --group=0 --numeric-owner -C "$root" -cf "$W/layer.tar" . || return 1
    diff=$(file_digest "$W/layer.tar")
    gzip -n -f "$W/layer.tar" || return 1
    d=$(put_blob "$layout" "$W/layer.tar.gz")
    layers=$(jq -c --arg d "$d" --argjson s "$(stat -c %s "$W/layer.tar.gz")" \
      '. + [{mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: $d, size: $s}]' <<<"$layers")
    diffs=$(jq -c --arg d "$diff" '. + [$d]' <<<"$diffs")
  done
  jq -n --argjson diffs "$diffs" '{architecture: "amd64", os: "linux", config: {},
    rootfs: {type: "layers", diff_ids: $diffs}}' >"$W/config.json"
  local cfg; cfg=$(put_blob "$layout" "$W/config.json")
  jq -n --arg c "$cfg" --argjson s "$(stat -c %s "$W/config.json")" --argjson layers "$layers" \
    '{schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: {mediaType: "application/vnd.oci.image.config.v1+json", digest: $c, size: $s},
      layers: $layers}' >"$W/manifest.json"
  local m; m=$(put_blob "$layout" "$W/manifest.json")
  [[ -f $layout/index.json ]] || echo '{"schemaVersion": 2, "manifests": []}' >"$layout/index.json"
  echo '{"imageLayoutVersion": "1.0.0"}' >"$layout/oci-layout"
  jq --arg m "$m" --argjson s "$(stat -c %s "$W/manifest.json")" --arg t "$tag" \
    '.manifests += [{mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $m, size: $s,
                     annotations: {"org.opencontainers.image.ref.name": $t}}]' \
    "$layout/index.json" >"$W/index.json" && mv "$W/index.json" "$layout/index.json"
}
oci_image "$L" deb "$R1" "$R2" "$R3" || die "cannot build the Debian image"
oci_image "$L" alp "$RA" || die "cannot build the Alpine image"
DEB_MANIFEST=$(oci_blob_path "$L" "$(oci_ref_digest "$L" deb)")
LAYER1=$(jq -r '.layers[0].digest' "$DEB_MANIFEST")
LAYER2=$(jq -r '.layers[1].digest' "$DEB_MANIFEST")
DIFF1=$(jq -r '.rootfs.diff_ids[0]' "$(oci_blob_path "$L" "$(jq -r '.config.digest' "$DEB_MANIFEST")")")
DIFF2=$(jq -r '.rootfs.diff_ids[1]' "$(oci_blob_path "$L" "$(jq -r '.config.digest' "$DEB_MANIFEST")")")
ALP_LAYER=$(jq -r '.layers[0].digest' "$(oci_blob_path "$L" "$(oci_ref_digest "$L" alp)")")
}

# The Debian image's OS findings with db1, as Trivy reports them:
# "ID PACKAGE INSTALLED FIXED(- when none) SEVERITY SEVERITY-SOURCE(- when none) STATUS".
fixture_os_findings() {
  printf 'CVE-2098-0001 bash %s %s LOW debian fixed\n' "$BASH_VER" "$BASH_SRC+berth1"
  printf 'CVE-2098-0003 bash %s - HIGH debian affected\n' "$BASH_VER"
  printf 'CVE-2098-0005 coreutils %s 99:1.0-1 CRITICAL - fixed\n' "$CU_VER"
  local b
  for b in $GLIBC_BINS; do
    printf 'CVE-2098-0006 %s %s %s MEDIUM nvd fixed\n' "$b" "$(pkg_field "$b" Version)" "$GLIBC_SRC+berth1"
  done
}
