#!/usr/bin/env bash
# The artifact list's q=type=... and q=labels=(...) filters (what Harbor's portal sends), and
# Harbor's artifact copy (POST .../artifacts?from=...): tags, index children and accessories come
# along, permissions on both sides, a proxy-cache destination refused, bad input stores nothing,
# and the copy pulls back with the same digest.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
lib_init "$@"
require_berth "Harbor artifact copy and filters" || finish
BERTH_TEST_PROJECTS="pa pb" berth_start

H=$BERTH_HOST
L=$TEST_TMP/layout
add_user dev && add_member pa dev 2 && add_member pb dev 2 || die "cannot make dev a developer"
add_user guestb && add_member pb guestb 3 && add_member pa guestb 2 || die "cannot make guestb"
add_user devb && add_member pb devb 2 || die "cannot make devb a developer of pb"
A=/projects/pa/repositories/app/artifacts

info "content: two images (one tagged twice), an index, a chart, a signature"
IMG=$(make_oci_image "$L" v1 1 amd64 20000) || die "make_oci_image v1"
sk_push admin "oci:$L:v1" "docker://$H/pa/app:v1" || die "push pa/app:v1"
sk_push admin "oci:$L:v1" "docker://$H/pa/app:v1b" || die "push pa/app:v1b"
IMG2=$(make_oci_image "$L" v2 1 amd64 20000) || die "make_oci_image v2"
sk_push admin "oci:$L:v2" "docker://$H/pa/app@$IMG2" || die "push pa/app untagged"
IDX=$(make_index "$L" multi) || die "make_index"
sk_push admin --all "oci:$L:multi" "docker://$H/pa/multi:m1" || die "push pa/multi:m1"
EMPTY=$(upload_blob_str pa/app '{}') || die "upload {}"
CHART_CFG=$(upload_blob_str pa/app '{"name":"demo","version":"0.1.0"}') || die "upload chart config"
CHART_TGZ=$(upload_blob_str pa/app 'not really a tarball') || die "upload chart layer"
F=$TEST_TMP/chart.json
jq -cn --arg c "$CHART_CFG" --arg l "$CHART_TGZ" '{schemaVersion: 2,
  mediaType: "application/vnd.oci.image.manifest.v1+json",
  config: {mediaType: "application/vnd.cncf.helm.config.v1+json", digest: $c, size: 35},
  layers: [{mediaType: "application/vnd.cncf.helm.chart.content.v1.tar+gzip", digest: $l, size: 20}]}' | tr -d '\n' >"$F"
put_manifest pa/app demo-0.1.0 "$F" application/vnd.oci.image.manifest.v1+json || die "push chart: $(resp_summary)"
CHART=$(file_digest "$F")
MANIFEST=$(oci_blob_path "$L" "$IMG")
F=$TEST_TMP/sig.json
jq -cn --arg e "$EMPTY" --arg s "$IMG" --argjson ss "$(wc -c <"$MANIFEST")" '{schemaVersion: 2,
  mediaType: "application/vnd.oci.image.manifest.v1+json", artifactType: "application/vnd.dev.cosign.artifact.sig.v1+json",
  config: {mediaType: "application/vnd.oci.empty.v1+json", digest: $e, size: 2},
  layers: [{mediaType: "application/vnd.oci.empty.v1+json", digest: $e, size: 2}],
  subject: {mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $s, size: $ss}}' | tr -d '\n' >"$F"
put_manifest pa/app "$(file_digest "$F")" "$F" application/vnd.oci.image.manifest.v1+json || die "push signature"
SIG=$(file_digest "$F")

# digests DESC EXPECTED: the digests of the last list answer, sorted, space-separated
digests() { assert_eq "$1" "$(tr ' ' '\n' <<<"$2" | sort | xargs)" "$(jb '[.[].digest]|sort|join(" ")')"; }

# ===========================================================================
info "q=type=..."
api dev GET "$A?q=type%3DIMAGE"
expect_status 200 "type=IMAGE"
digests "type=IMAGE: the two images, not the chart nor the signature" "$IMG $IMG2"
expect_hdr_eq X-Total-Count 2 "type=IMAGE counts 2"
api dev GET "$A?q=type%3DCHART"
digests "type=CHART: the chart" "$CHART"
api dev GET "$A?q=type%3DCNAB"
assert_eq "type=CNAB: none" 0 "$(jb length)"
api dev GET "/projects/pa/repositories/multi/artifacts?q=type%3DIMAGE"
digests "an index is an IMAGE" "$IDX"
api dev GET "$A?q=type%3DIMAGE,tags%3Dnil"
digests "type and tags combine: the untagged image" "$IMG2"
api dev GET "$A?q=type%3DSIGNATURE.COSIGN,base%3D*"
digests "type=SIGNATURE.COSIGN with base=*: the signature" "$SIG"
api dev GET "$A?q=type%3Dbogus"
expect_status 400 "unknown type -> 400"
expect_error BAD_REQUEST "unknown type: Harbor's error format"
assert_contains "unknown type message" "unknown artifact type 'bogus'" "$(jb '.errors[0].message')"

info "q=labels=(...)"
api_json admin POST /labels '{"name":"prod","scope":"g"}'
expect_status 201 "global label prod"
G=$(hdr Location | sed 's#.*/##')
api_json admin POST /labels "{\"name\":\"qa\",\"scope\":\"p\",\"project_id\":$(api admin GET /projects/pa >/dev/null; jb .project_id)}"
expect_status 201 "project label qa"
P=$(hdr Location | sed 's#.*/##')
api_json dev POST "$A/v1/labels" "{\"id\":$G}"
api_json dev POST "$A/v1/labels" "{\"id\":$P}"
api_json dev POST "$A/$IMG2/labels" "{\"id\":$G}"
expect_status 200 "labels attached"
api dev GET "$A?q=labels%3D($G)"
digests "labels=(prod): both images" "$IMG $IMG2"
api dev GET "$A?q=labels%3D($G%20$P)"
digests "labels=(prod qa): only the one with both" "$IMG"
expect_hdr_eq X-Total-Count 1 "labels=(prod qa) counts 1"
api dev GET "$A?q=labels%3D$P"
digests "labels=id without parentheses" "$IMG"
api dev GET "$A?q=labels%3D(abc)"
expect_status 400 "non-numeric label id -> 400"
expect_error BAD_REQUEST "non-numeric label id: Harbor's error format"
api dev GET "$A?q=labels%3D()"
expect_status 400 "no label ids -> 400"

# ===========================================================================
info "copy: bad input and permissions store nothing"
CP=/projects/pb/repositories/copy/artifacts
api dev POST "$CP"
expect_status 400 "no from -> 400"
api dev POST "$CP?from=pa/app@sha256:nothex"
expect_status 400 "from with a malformed digest -> 400"
expect_error BAD_REQUEST "bad from: Harbor's error format"
api dev POST "$CP?from=app:v1"
expect_status 400 "from without a project -> 400"
api dev POST "$CP?from=pa/app:bad%20tag"
expect_status 400 "from with a bad tag -> 400"
api dev POST "/projects/pb/repositories/Bad_Name/artifacts?from=pa/app:v1"
expect_status 400 "bad destination repository name -> 400"
api dev POST "$CP?from=pa/app:nosuch"
expect_status 404 "unknown source tag -> 404"
api dev POST "$CP?from=pa/nosuch:v1"
expect_status 404 "unknown source repository -> 404"
api dev POST "$CP?from=nosuch/app:v1"
expect_status 404 "unknown source project -> 404"
api dev POST "/projects/nosuch/repositories/copy/artifacts?from=pa/app:v1"
expect_status 404 "unknown destination project -> 404"
api guestb POST "$CP?from=pa/app:v1"
expect_status 403 "guest of the destination -> 403"
api devb POST "$CP?from=pa/app:v1"
expect_status 403 "no pull right on the (private) source -> 403"
api anon POST "$CP?from=pa/app:v1"
expect_status 401 "anonymous -> 401"
api dev POST "$CP?from=pa/app@$SIG"
expect_status 403 "copying a signature on its own -> 403 (as Harbor)"
# Berth itself is a healthy docker-registry endpoint: enough for a proxy cache project to exist.
api_json admin POST /registries "{\"name\":\"up\",\"type\":\"docker-registry\",\"url\":\"$BERTH_URL\",\"insecure\":true}"
expect_status 201 "an endpoint for a proxy cache"
api_json admin POST /projects "{\"project_name\":\"cache\",\"registry_id\":$(hdr Location | sed 's#.*/##'),\"metadata\":{\"public\":\"false\"}}"
expect_status 201 "proxy cache project"
api admin POST "/projects/cache/repositories/copy/artifacts?from=pa/app:v1"
expect_status 405 "copy into a proxy cache project -> 405"
expect_error METHOD_NOT_ALLOWED "proxy cache refusal: Harbor's code"
api admin GET /projects/pb/repositories
assert_eq "nothing stored in pb after the refusals" 0 "$(jb length)"
api admin GET /projects/cache/repositories
assert_eq "nothing stored in the proxy cache project" 0 "$(jb length)"

# ===========================================================================
info "copy by tag: tags and accessories come along"
api dev POST "$CP?from=pa/app:v1"
expect_status 201 "developer copies pa/app:v1 to pb/copy"
expect_hdr_eq Location "/api/v2.0/projects/pb/repositories/copy/artifacts/v1" "Location names the reference"
api dev GET "$CP/v1?with_label=true"
expect_status 200 "the copy answers by tag"
assert_eq "same digest" "$IMG" "$(jb .digest)"
assert_eq "the source's tags came along" "v1,v1b" "$(jb '[.tags[].name]|sort|join(",")')"
assert_eq "labels do not (Harbor copies none)" null "$(jb .labels)"
api dev GET "$CP/v1/accessories"
assert_eq "the signature came along" "$SIG signature.cosign" "$(jb '[.[]|.digest+" "+.type]|join(" ")')"
api dev GET "/projects/pb/repositories/copy/artifacts"
digests "the copy lists one top-level artifact" "$IMG"
assert_eq "tags/list in /v2/" '["v1","v1b"]' "$(tags_of pb/copy)"
api admin GET "/projects/pb/logs?q=resource_type%3Dartifact"
assert_contains "the copy is audited" "pb/copy@$IMG" "$(body)"

info "copy by digest: an index brings its children, untagged stays untagged"
api dev POST "/projects/pb/repositories/multi/artifacts?from=pa/multi@$IDX"
expect_status 201 "copy the index by digest"
expect_hdr_eq Location "/api/v2.0/projects/pb/repositories/multi/artifacts/$IDX" "Location names the digest"
api dev GET "/projects/pb/repositories/multi/artifacts?q=base%3D*"
assert_eq "index and both children" 3 "$(jb length)"
api dev GET "/projects/pb/repositories/multi/artifacts/$IDX"
assert_eq "index tag m1 came along" m1 "$(jb '[.tags[].name]|join(",")')"
api dev POST "$CP?from=pa/app@$IMG2"
expect_status 201 "copy the untagged image"
api dev GET "$CP/$IMG2"
assert_eq "untagged copy has no tags" 0 "$(jb '.tags // [] | length')"
api dev POST "$CP?from=pa/app:v1"
expect_status 201 "copying again is fine (idempotent)"
api dev GET "/projects/pb/repositories/copy/artifacts"
assert_eq "still two artifacts" 2 "$(jb length)"

info "a copied tag moves as a push moves it"
sk_push admin "oci:$L:v2" "docker://$H/pb/other:v1" || die "push pb/other:v1"
api dev POST "/projects/pb/repositories/other/artifacts?from=pa/app:v1"
expect_status 201 "copy onto a repository that has tag v1"
api dev GET "/projects/pb/repositories/other/artifacts/v1"
assert_eq "tag v1 now names the copy" "$IMG" "$(jb .digest)"

info "a copy is a push: scan on push sees it"
ensure_project auto || die "cannot create project auto"
api_json admin POST /projects/auto/metadatas '{"auto_scan":"true"}'
expect_status 200 "auto_scan=true on project auto"
api admin POST "/projects/auto/repositories/app/artifacts?from=pa/app:v1"
expect_status 201 "copy into the auto-scanning project"
# Any scan status will do (this test installs no vulnerability database): a scan was requested.
for _ in $(seq 40); do
  api admin GET "/projects/auto/repositories/app/artifacts/v1?with_scan_overview=true"
  [[ $(jb '.scan_overview // empty | length') -gt 0 ]] 2>/dev/null && break
  sleep 0.25
done
assert_match "the copy was queued for a scan" '[A-Za-z]+' "$(jb '.scan_overview[]?.scan_status' | head -1)"

info "pull the copy with skopeo"
sk inspect --raw "${SK_TLS[@]}" ${SK_CREDS[@]+"${SK_CREDS[@]}"} "docker://$H/pb/copy:v1b" >"$TEST_TMP/raw.json" 2>"$TEST_TMP/sk.err" ||
  log "skopeo inspect: $(cat "$TEST_TMP/sk.err")"
assert_eq "skopeo pulls pb/copy:v1b with the source digest" "$IMG" "$(file_digest "$TEST_TMP/raw.json")"
check "skopeo copies pb/copy:v1 with its blobs" sk copy -q "${SK_SRC_TLS[@]}" ${SK_SRC_CREDS[@]+"${SK_SRC_CREDS[@]}"} "docker://$H/pb/copy:v1" "oci:$TEST_TMP/pulled:v1"
assert_eq "pulled manifest digest" "$IMG" "$(oci_ref_digest "$TEST_TMP/pulled" v1)"
check "skopeo copies the index with --all" sk copy -q --all "${SK_SRC_TLS[@]}" ${SK_SRC_CREDS[@]+"${SK_SRC_CREDS[@]}"} "docker://$H/pb/multi:m1" "oci:$TEST_TMP/pulled:m1"
assert_eq "pulled index digest" "$IDX" "$(oci_ref_digest "$TEST_TMP/pulled" m1)"

finish
