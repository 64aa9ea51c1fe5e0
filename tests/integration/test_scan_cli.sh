#!/usr/bin/env bash
# `berth scanner import-db` / `db-info` / `berth scan` end to end: images built (tar + jq, as OCI layouts) from
# this machine's real dpkg status and os-release, an apk DB and a node_modules package; a trivy.db
# written by the real Go bbolt (tests/oracles/trivydb) from Trivy's fixtures plus advisories
# generated against the packages really installed; exact findings checked with jq. Bad DB files
# are refused and the old DB stays; a DB pushed into Berth as Trivy's OCI artifact is imported
# with --from while Berth runs; an image pushed into Berth is scanned from Berth's data dir.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
lib_init "$@"

REPO_ROOT=$(cd "$HERE/../.." && pwd)
STATUS=/var/lib/dpkg/status
for tool in jq go skopeo; do
  command -v "$tool" >/dev/null || { skip "$tool not installed"; finish; }
done
[[ -r $STATUS && -r /etc/debian_version ]] || { skip "not a Debian machine (no $STATUS)"; finish; }
[[ $BERTH_KIND == berth ]] || { skip "berth only"; finish; }

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

berth_start
B() { "$BERTH_BIN" "$@" --config "$BERTH_CONFIG"; }

# ---------------------------------------------------------------------------------------------
info "no DB yet"
out=$(B scan "oci:$L:deb" --format json 2>&1); rc=$?
assert_eq "scan without a DB exits 1" 1 "$rc"
assert_contains "scan without a DB says how to import one" \
  'import one with `berth scanner import-db <db.tar.gz>`' "$out"
out=$(B scanner db-info 2>&1); rc=$?
assert_eq "db-info without a DB exits 1" 1 "$rc"

info "import db.tar.gz"
check "scanner import-db db1.tar.gz" B scanner import-db "$W/db1.tar.gz"
out=$(B scanner db-info 2>&1)
assert_contains "db-info shows UpdatedAt" "updated at:     2098-06-01T00:00:00Z" "$out"
assert_contains "db-info shows NextUpdate" "next update:    2098-06-02T00:00:00Z" "$out"
assert_match "db-info shows imported_at" 'imported at: +20[0-9]{2}-[0-9]{2}-[0-9]{2}T' "$out"
IMPORTED1=$(grep 'imported at' <<<"$out")

# ---------------------------------------------------------------------------------------------
info "scan the Debian image (oci: layout)"
B scan "oci:$L:deb" --format json >"$W/deb.json" 2>"$W/deb.err"
assert_eq "scan oci:deb exits 0" 0 "$?"
assert_eq "SchemaVersion" 2 "$(jq '.SchemaVersion' "$W/deb.json")"
assert_eq "ArtifactName" "oci:$L:deb" "$(jq -r '.ArtifactName' "$W/deb.json")"
assert_eq "ArtifactType" container_image "$(jq -r '.ArtifactType' "$W/deb.json")"
assert_eq "OS" "debian $(cat /etc/debian_version)" "$(jq -r '.Metadata.OS.Family + " " + .Metadata.OS.Name' "$W/deb.json")"
assert_eq "ImageID is the config digest" "$(jq -r '.config.digest' "$DEB_MANIFEST")" "$(jq -r '.Metadata.ImageID' "$W/deb.json")"
assert_eq "results: OS then Node.js" \
  "oci:$L:deb (debian $(cat /etc/debian_version))|os-pkgs|debian Node.js|lang-pkgs|node-pkg" \
  "$(jq -r '[.Results[] | .Target + "|" + .Class + "|" + .Type] | join(" ")' "$W/deb.json")"

expected_os() {
  {
    printf 'CVE-2098-0001 bash %s %s LOW debian fixed\n' "$BASH_VER" "$BASH_SRC+berth1"
    printf 'CVE-2098-0003 bash %s - HIGH debian affected\n' "$BASH_VER"
    printf 'CVE-2098-0005 coreutils %s 99:1.0-1 CRITICAL - fixed\n' "$CU_VER"
    local b
    for b in $GLIBC_BINS; do
      printf 'CVE-2098-0006 %s %s %s MEDIUM nvd fixed\n' "$b" "$(pkg_field "$b" Version)" "$GLIBC_SRC+berth1"
    done
  } | sort
}
actual_os=$(jq -r '.Results[0].Vulnerabilities[] | select(.VulnerabilityID | startswith("CVE-2098-")) |
  [.VulnerabilityID, .PkgName, .InstalledVersion, (.FixedVersion // "-"), .Severity, (.SeveritySource // "-"), .Status] | join(" ")' \
  "$W/deb.json" | sort)
assert_eq "exact Debian findings (source-package matching, unfixed, vendor severity)" "$(expected_os)" "$actual_os"
assert_eq "no finding outside the test advisories (generated ones all miss)" 0 \
  "$(jq '[.Results[0].Vulnerabilities[] | select(.VulnerabilityID | startswith("CVE-2098-") | not)] | length' "$W/deb.json")"
assert_eq "the apk DB in a Debian image is ignored (as Trivy)" 0 \
  "$(jq '[.Results[].Vulnerabilities[]? | select(.PkgName == "libcrypto3" or .PkgName == "musl")] | length' "$W/deb.json")"
v=$(jq -c '.Results[0].Vulnerabilities[] | select(.VulnerabilityID == "CVE-2098-0001")' "$W/deb.json")
assert_eq "CVE-2098-0001 fields in Trivy order" \
  "VulnerabilityID VendorIDs PkgID PkgName InstalledVersion FixedVersion Status Layer SeveritySource PrimaryURL DataSource Title Description Severity CweIDs VendorSeverity CVSS References PublishedDate LastModifiedDate" \
  "$(jq -r 'keys_unsorted | join(" ")' <<<"$v")"
assert_eq "PrimaryURL" "https://avd.aquasec.com/nvd/cve-2098-0001" "$(jq -r .PrimaryURL <<<"$v")"
# Trivy attributes a package to the first layer whose own dpkg status lists it: layer 1, although
# layer 3 rewrote the status file (Berth before Trivy-exact attribution said layer 3).
assert_eq "Layer is the first layer listing the package" "$LAYER1" "$(jq -r .Layer.Digest <<<"$v")"
assert_eq "Layer.DiffID is that layer's rootfs.diff_ids entry" "$DIFF1" "$(jq -r .Layer.DiffID <<<"$v")"
assert_eq "DataSource" "debian|Debian Security Tracker" "$(jq -r '.DataSource.ID + "|" + .DataSource.Name' <<<"$v")"
assert_eq "CVSS" "9.8" "$(jq -r .CVSS.nvd.V3Score <<<"$v")"
assert_contains "Go HTML escaping in the raw JSON" 'bash: test \u003cadvisory\u003e \u0026 more' "$(cat "$W/deb.json")"
node=$(jq -r '.Results[1].Vulnerabilities[] | [.VulnerabilityID, .PkgName, .PkgPath, .InstalledVersion, .FixedVersion, .Severity, .SeveritySource, .Layer.Digest, .Layer.DiffID] | join(" ")' "$W/deb.json")
assert_eq "exact Node.js finding" \
  "GHSA-brth-0000-0001 berth-it-pkg app/node_modules/berth-it-pkg/package.json 1.0.0 1.0.1 MEDIUM ghsa $LAYER2 $DIFF2" "$node"

info "scan the Alpine image"
B scan "oci:$L:alp" --format json >"$W/alp.json" 2>"$W/alp.err"
assert_eq "scan oci:alp exits 0" 0 "$?"
assert_eq "exact Alpine findings (origin package, vendor severity)" \
  "CVE-2098-0100 libcrypto3 3.1.4-r1 3.1.4-r5 CRITICAL alpine $ALP_LAYER" \
  "$(jq -r '.Results[].Vulnerabilities[]? | [.VulnerabilityID, .PkgName, .InstalledVersion, .FixedVersion, .Severity, .SeveritySource, .Layer.Digest] | join(" ")' "$W/alp.json")"

info "table format"
out=$(B scan "oci:$L:deb" --format table 2>&1)
assert_match "table lists CVE-2098-0005 as CRITICAL" 'coreutils +CVE-2098-0005 +CRITICAL' "$out"
assert_match "table has a total line" "Total: [0-9]+ \(CRITICAL: 1," "$out"

# ---------------------------------------------------------------------------------------------
info "bad DB files are refused; the installed DB stays"
head -c $(($(stat -c %s "$W/db1.tar.gz") / 2)) "$W/db1.tar.gz" >"$W/truncated.tar.gz"
make_db "$W/dbv1" "2098-07-01T00:00:00Z" 1
tar czf "$W/v1.tar.gz" -C "$W/dbv1" trivy.db metadata.json
mkdir -p "$W/garbage"
head -c 65536 /dev/urandom >"$W/garbage/trivy.db"
cp "$W/db1/metadata.json" "$W/garbage/"
tar czf "$W/garbage.tar.gz" -C "$W/garbage" trivy.db metadata.json
for bad in "truncated.tar.gz|corrupt or truncated" "v1.tar.gz|schema Version 1" \
  "garbage.tar.gz|not a readable trivy-db" "garbage|not a readable trivy-db"; do
  f=${bad%%|*} msg=${bad#*|}
  out=$(B scanner import-db "$W/$f" 2>&1); rc=$?
  assert_eq "import $f exits 1" 1 "$rc"
  assert_contains "import $f says why" "$msg" "$out"
  assert_contains "import $f says the old DB stays" "installed vulnerability database (if any) is unchanged" "$out"
done
out=$(B scanner db-info 2>&1)
assert_contains "db-info still shows the first DB" "updated at:     2098-06-01T00:00:00Z" "$out"
assert_eq "imported_at unchanged" "$IMPORTED1" "$(grep 'imported at' <<<"$out")"
check "scans still work with the old DB" B scan "oci:$L:alp" --format json
assert_eq "no temp dirs left behind" "" "$(ls "$BERTH_DATA/trivy" | grep '^tmp-' || true)"

# ---------------------------------------------------------------------------------------------
info "import --from an OCI artifact pushed into Berth (as Trivy publishes it), Berth running"
make_db "$W/db2" "2098-08-01T00:00:00Z"
tar czf "$W/db2.tar.gz" -C "$W/db2" trivy.db metadata.json
ensure_project trivy || die "project trivy"
printf '{}' >"$W/config.json"
CFG_D=$(upload_blob trivy/trivy-db "$W/config.json") || die "config upload"
LAYER_D=$(upload_blob trivy/trivy-db "$W/db2.tar.gz") || die "layer upload"
jq -n --arg c "$CFG_D" --arg l "$LAYER_D" --argjson s "$(stat -c %s "$W/db2.tar.gz")" '{
  schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json",
  config: {mediaType: "application/vnd.aquasec.trivy.config.v1+json", digest: $c, size: 2},
  layers: [{mediaType: "application/vnd.aquasec.trivy.db.layer.v1.tar+gzip", digest: $l, size: $s,
            annotations: {"org.opencontainers.image.title": "db.tar.gz"}}]}' >"$W/artifact.json"
put_manifest trivy/trivy-db 2 "$W/artifact.json" application/vnd.oci.image.manifest.v1+json
assert_eq "push the trivy-db artifact" 201 "$RESP_STATUS"
check "import-db --from trivy/trivy-db:2 while Berth runs" B scanner import-db --from trivy/trivy-db:2
out=$(B scanner db-info 2>&1)
assert_contains "db-info shows the artifact's DB" "updated at:     2098-08-01T00:00:00Z" "$out"
out=$(B scanner import-db --from trivy/trivy-db:nope 2>&1); rc=$?
assert_eq "--from an unknown tag exits 1" 1 "$rc"
assert_contains "--from an unknown tag says so" "no such artifact" "$out"
ok_copy=0
sk copy -q --dest-tls-verify=false "${SK_DEST_CREDS[@]}" "oci:$L:deb" "docker://$BERTH_HOST/trivy/app:1" \
  >"$W/skopeo.log" 2>&1 && ok_copy=1
assert_eq "push the Debian image into Berth" 1 "$ok_copy"
out=$(B scanner import-db --from trivy/app:1 2>&1); rc=$?
assert_eq "--from an image without a DB layer exits 1" 1 "$rc"
assert_contains "--from an image says which media type it wants" "application/vnd.aquasec.trivy.db.layer.v1.tar+gzip" "$out"

info "scan an image stored in Berth"
B scan trivy/app:1 --format json >"$W/berth.json" 2>"$W/berth.err"
assert_eq "scan trivy/app:1 exits 0" 0 "$?"
assert_eq "ArtifactName" "trivy/app:1" "$(jq -r .ArtifactName "$W/berth.json")"
assert_eq "RepoDigests" "trivy/app@$(oci_ref_digest "$L" deb)" "$(jq -r '.Metadata.RepoDigests[0]' "$W/berth.json")"
actual_berth=$(jq -r '.Results[0].Vulnerabilities[] | select(.VulnerabilityID | startswith("CVE-2098-")) |
  [.VulnerabilityID, .PkgName, .InstalledVersion, (.FixedVersion // "-"), .Severity, (.SeveritySource // "-"), .Status] | join(" ")' \
  "$W/berth.json" | sort)
assert_eq "same findings from Berth's store" "$(expected_os)" "$actual_berth"
out=$(B scan trivy/app:nope 2>&1); rc=$?
assert_eq "scan of an unknown tag exits 1" 1 "$rc"
assert_contains "scan of an unknown tag says so" "image not found" "$out"

finish
