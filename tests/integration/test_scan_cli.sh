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

. "$HERE/scan_fixtures.sh"
if why=$(scan_fixtures_missing); then skip "$why"; finish; fi
[[ $BERTH_KIND == berth ]] || { skip "berth only"; finish; }
scan_fixtures_build

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

expected_os() { fixture_os_findings | sort; }
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
  "VulnerabilityID VendorIDs PkgID PkgName PkgIdentifier InstalledVersion FixedVersion Status Layer SeveritySource PrimaryURL DataSource Title Description Severity CweIDs VendorSeverity CVSS References PublishedDate LastModifiedDate" \
  "$(jq -r 'keys_unsorted | join(" ")' <<<"$v")"
assert_eq "PrimaryURL" "https://avd.aquasec.com/nvd/cve-2098-0001" "$(jq -r .PrimaryURL <<<"$v")"
assert_eq "PkgIdentifier.PURL" "pkg:deb/debian/bash@$BASH_VER?arch=$(pkg_field bash Architecture)&distro=debian-$(cat /etc/debian_version)" \
  "$(jq -r .PkgIdentifier.PURL <<<"$v")"
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
