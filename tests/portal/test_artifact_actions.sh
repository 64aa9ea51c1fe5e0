#!/usr/bin/env bash
# The artifact table's actions (artifact_actions.test.mjs): the Type / Tags / Label filter, Add
# Labels on several artifacts at once (errors per artifact), Copy (Harbor's retag dialog) into
# another project, rows with accessories expanding to a sub-table, and a Delete confirmation that
# lists the tags going with each digest.
#   bash tests/portal/test_artifact_actions.sh build/berth [OUT_DIR]
. "$(dirname "${BASH_SOURCE[0]}")/portal_lib.sh"
portal_init "$1" "$2"

BERTH_TEST_PROJECTS="library target"
berth_start
H=$BERTH_HOST
L=$TEST_TMP/layout

info "images (one tagged twice, one untagged), a chart, a signature, labels"
APP=$(make_oci_image "$L" v1 1 amd64 20000) || die "make_oci_image v1"
sk_push admin "oci:$L:v1" "docker://$H/library/app:v1" || die "push library/app:v1"
sk_push admin "oci:$L:v1" "docker://$H/library/app:v1b" || die "push library/app:v1b"
APP2=$(make_oci_image "$L" v2 1 amd64 20000) || die "make_oci_image v2"
sk_push admin "oci:$L:v2" "docker://$H/library/app@$APP2" || die "push library/app untagged"
EMPTY=$(upload_blob_str library/app '{}') || die "upload {}"
CFG=$(upload_blob_str library/app '{"name":"demo","version":"0.1.0"}') || die "upload chart config"
TGZ=$(upload_blob_str library/app 'not really a tarball') || die "upload chart layer"
jq -cn --arg c "$CFG" --arg l "$TGZ" '{schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json",
  config: {mediaType: "application/vnd.cncf.helm.config.v1+json", digest: $c, size: 35},
  layers: [{mediaType: "application/vnd.cncf.helm.chart.content.v1.tar+gzip", digest: $l, size: 20}]}' | tr -d '\n' >"$TEST_TMP/chart.json"
put_manifest library/app demo-0.1.0 "$TEST_TMP/chart.json" application/vnd.oci.image.manifest.v1+json || die "push chart"
CHART=$(file_digest "$TEST_TMP/chart.json")
jq -cn --arg e "$EMPTY" --arg s "$APP" --argjson ss "$(wc -c <"$(oci_blob_path "$L" "$APP")")" '{schemaVersion: 2,
  mediaType: "application/vnd.oci.image.manifest.v1+json", artifactType: "application/vnd.dev.cosign.artifact.sig.v1+json",
  config: {mediaType: "application/vnd.oci.empty.v1+json", digest: $e, size: 2},
  layers: [{mediaType: "application/vnd.oci.empty.v1+json", digest: $e, size: 2}],
  subject: {mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $s, size: $ss}}' | tr -d '\n' >"$TEST_TMP/sig.json"
put_manifest library/app "$(file_digest "$TEST_TMP/sig.json")" "$TEST_TMP/sig.json" application/vnd.oci.image.manifest.v1+json || die "push signature"
SIG=$(file_digest "$TEST_TMP/sig.json")
api_json admin POST /labels '{"name":"prod","scope":"g","color":"#C92100"}'
expect_status 201 "global label prod"
api admin GET /projects/library
api_json admin POST /labels "{\"name\":\"qa\",\"scope\":\"p\",\"project_id\":$(jb .project_id)}"
expect_status 201 "project label qa"

portal_run_spec artifact_actions.test.mjs APP="$APP" APP2="$APP2" CHART="$CHART" SIG="$SIG"
finish
