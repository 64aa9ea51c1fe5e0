#!/usr/bin/env bash
# The repository and artifact pages (artifacts.test.mjs): the Repositories tab (filter, PUSH
# COMMAND, delete), Info, the artifact table (pull commands, Copy Digest, Delete), a scan from the
# portal with its progress and the vulnerability bar, the artifact page (Tags add/remove,
# Overview, Vulnerabilities rows, Build History, Layers, Accessories) and an index's children.
# Findings come from a trivy-db with advisories (tests/integration/scan_fixtures.sh).
#   bash tests/portal/test_artifacts.sh build/berth [OUT_DIR]
. "$(dirname "${BASH_SOURCE[0]}")/portal_lib.sh"
portal_init "$1" "$2"
. "$ROOT/tests/integration/scan_fixtures.sh"
why=$(scan_fixtures_missing) && die "scan fixtures: $why"
scan_fixtures_build # $W/db1.tar.gz (advisories) and the image "deb" in the layout $L

BERTH_TEST_PROJECTS=library
berth_start
H=$BERTH_HOST

info "the vulnerability DB and the images"
api admin PUT /system/vulnerability-database -H 'Content-Type: application/gzip' --data-binary "@$W/db1.tar.gz"
expect_status 200 "trivy-db with advisories installed through the API"
sk_push admin "oci:$L:deb" "docker://$H/library/deb:v1" || die "push library/deb:v1"
APPS=$TEST_TMP/apps
APP=$(make_oci_image "$APPS" app 2 amd64 40000) || die "make_oci_image app"
sk_push admin "oci:$APPS:app" "docker://$H/library/app:v1" || die "push library/app:v1"
INDEX=$(make_index "$APPS" multi) || die "make_index"
sk_push admin --all "oci:$APPS:multi" "docker://$H/library/multi:m1" || die "push library/multi:m1"
CHILD_AMD=$(oci_ref_digest "$APPS" multi-amd64)

# A cosign signature of app:v1 as an OCI referrer (subject = the image).
EMPTY=$(upload_blob_str library/app '{}') || die "upload the empty config"
SIG_LAYER=$(upload_blob_str library/app "signature of $APP") || die "upload the signature layer"
jq -n --arg e "$EMPTY" --arg l "$SIG_LAYER" --argjson ls "$(printf 'signature of %s' "$APP" | wc -c)" --arg s "$APP" \
  --argjson ss "$(wc -c <"$(oci_blob_path "$APPS" "$APP")")" '{schemaVersion: 2,
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    artifactType: "application/vnd.dev.cosign.artifact.sig.v1+json",
    config: {mediaType: "application/vnd.oci.empty.v1+json", digest: $e, size: 2},
    layers: [{mediaType: "application/vnd.dev.cosign.simplesigning.v1+json", digest: $l, size: $ls}],
    subject: {mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $s, size: $ss}}' >"$TEST_TMP/sig.json"
SIG=$(file_digest "$TEST_TMP/sig.json")
put_manifest library/app "$SIG" "$TEST_TMP/sig.json" application/vnd.oci.image.manifest.v1+json ||
  die "push the signature: $(resp_summary)"
ok "images pushed: deb, app (+ signature), multi (index)"

portal_run_spec artifacts.test.mjs DEB_DIGEST="$(oci_ref_digest "$L" deb)" APP_DIGEST="$APP" SIG_DIGEST="$SIG" \
  INDEX_DIGEST="$INDEX" CHILD_AMD="$CHILD_AMD"
finish
