#!/usr/bin/env bash
# An artifact's additions and accessories through the API: additions/build_history (the image
# config's history, as Harbor marshals it), Berth's additions/layers (the manifest's layers with
# the history step of each), their addition_links, the 400s for other additions and for indexes,
# and /accessories (OCI referrers typed as Harbor types them, the type filter, paging, access).
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
lib_init "$@"
require_berth "artifact additions" || finish
BERTH_TEST_PROJECTS="add" berth_start
H=$BERTH_HOST
L=$TEST_TMP/layout
ART=/projects/add/repositories/app/artifacts

info "an image (umoci records a history step per layer and for the config), an index, referrers"
IMG=$(make_oci_image "$L" app 2 amd64 30000) || die "make_oci_image"
sk_push admin "oci:$L:app" "docker://$H/add/app:v1" || die "push add/app:v1"
IDX=$(make_index "$L" multi) || die "make_index"
sk_push admin --all "oci:$L:multi" "docker://$H/add/multi:m1" || die "push add/multi:m1"
MANIFEST=$(oci_blob_path "$L" "$IMG")
CONFIG=$(oci_blob_path "$L" "$(jq -r .config.digest "$MANIFEST")")
EMPTY=$(upload_blob_str add/app '{}') || die "upload {}"
# referrer ARTIFACT_TYPE: a manifest whose subject is the image; prints its digest
referrer() {
  local f=$TEST_TMP/ref-$RANDOM.json
  jq -n --arg t "$1" --arg e "$EMPTY" --arg s "$IMG" --argjson ss "$(wc -c <"$MANIFEST")" '{schemaVersion: 2,
    mediaType: "application/vnd.oci.image.manifest.v1+json", artifactType: $t,
    config: {mediaType: "application/vnd.oci.empty.v1+json", digest: $e, size: 2},
    layers: [{mediaType: "application/vnd.oci.empty.v1+json", digest: $e, size: 2}],
    subject: {mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $s, size: $ss}}' >"$f"
  put_manifest add/app "$(file_digest "$f")" "$f" application/vnd.oci.image.manifest.v1+json || return 1
  file_digest "$f"
}
COSIGN=$(referrer application/vnd.dev.cosign.artifact.sig.v1+json) || die "push the cosign signature"
NOTATION=$(referrer application/vnd.cncf.notary.signature) || die "push the notation signature"
SBOM=$(referrer application/vnd.goharbor.harbor.sbom.v1) || die "push the SBOM"
OTHER=$(referrer application/vnd.example.thing) || die "push another referrer"

info "addition_links"
api admin GET "$ART/v1"
expect_status 200 "GET the image"
assert_eq "image: vulnerabilities, build_history and layers links" \
  "/api/v2.0/projects/add/repositories/app/artifacts/$IMG/additions/build_history /api/v2.0/projects/add/repositories/app/artifacts/$IMG/additions/layers /api/v2.0/projects/add/repositories/app/artifacts/$IMG/additions/vulnerabilities" \
  "$(jb '[.addition_links[].href] | sort | join(" ")')"
api admin GET "/projects/add/repositories/multi/artifacts/m1"
assert_eq "index: only the vulnerabilities link" '["vulnerabilities"]' "$(jb '.addition_links | keys' | jq -c .)"

info "build_history"
api admin GET "$ART/v1/additions/build_history"
expect_status 200 "GET build_history"
expect_hdr Content-Type '^application/json; charset=utf-8$' "JSON, as Harbor"
assert_eq "the config's history, entry for entry" "$(jq -c .history "$CONFIG")" "$(jq -c . "$RESP_BODY")"
assert_eq "three steps (two layers, the config)" 3 "$(jb length)"

info "layers"
api admin GET "$ART/$IMG/additions/layers"
expect_status 200 "GET layers (by digest)"
assert_eq "the manifest's layers in order, with sizes and media types" \
  "$(jq -c '[.layers[] | {digest, media_type: .mediaType, size}]' "$MANIFEST")" "$(jq -c '[.[] | {digest, media_type, size}]' "$RESP_BODY")"
assert_eq "each with its history step (the non-empty ones, in order)" \
  "$(jq -c '[.history[] | select(.empty_layer != true) | .created_by]' "$CONFIG")" "$(jb '[.[].created_by]' | jq -c .)"

info "additions that do not apply"
api admin GET "$ART/v1/additions/values.yaml"
expect_status 400 "values.yaml of an image → 400"
expect_error BAD_REQUEST "… in Harbor's error format"
api admin GET "/projects/add/repositories/multi/artifacts/m1/additions/build_history"
expect_status 400 "build_history of an index → 400"
api admin GET "$ART/$COSIGN/additions/layers"
expect_status 400 "layers of a signature → 400"
api admin GET "$ART/sha256:$(printf '%064d' 0)/additions/build_history"
expect_status 404 "unknown artifact → 404"

info "accessories"
api admin GET "$ART/v1/accessories"
expect_status 200 "GET accessories"
expect_hdr X-Total-Count '^4$' "four referrers"
assert_eq "typed as Harbor types them, in push order" \
  "$COSIGN signature.cosign $NOTATION signature.notation $SBOM sbom.harbor $OTHER subject.accessory" \
  "$(jb '[.[] | .digest + " " + .type] | join(" ")')"
assert_eq "subject fields" "$IMG add/app" "$(jb '.[0].subject_artifact_digest + " " + .[0].subject_artifact_repo')"
assert_eq "artifact_id is the referrer's artifact" "$(jb '.[0].artifact_id')" \
  "$(api admin GET "$ART/$COSIGN" >/dev/null; jb .id)"
api admin GET "$ART/v1/accessories?q=type%3D%7Bsignature.cosign%20signature.notation%7D"
assert_eq "q=type={a b} (what Harbor's portal asks)" "$COSIGN $NOTATION" "$(jb '[.[].digest] | join(" ")')"
api admin GET "$ART/v1/accessories?q=type%3Dsbom.harbor"
assert_eq "q=type=x" "$SBOM" "$(jb '[.[].digest] | join(" ")')"
api admin GET "$ART/v1/accessories?page=2&page_size=3"
assert_eq "page 2 of 3 a page: the fourth" "$OTHER" "$(jb '[.[].digest] | join(" ")')"
expect_hdr X-Total-Count '^4$' "… total still 4"
api admin GET "$ART/v1/accessories?q=name%3Dx"
expect_status 400 "an unknown q key → 400"
api admin GET "$ART/$COSIGN/accessories"
assert_eq "a signature has none" "[]" "$(jq -c . "$RESP_BODY")"
info "with_accessory=true: the accessories ride along with the artifact and the list"
api admin GET "$ART/v1?with_accessory=true"
assert_eq "GET artifact: the same four, typed" \
  "$COSIGN signature.cosign $NOTATION signature.notation $SBOM sbom.harbor $OTHER subject.accessory" \
  "$(jb '[.accessories[] | .digest + " " + .type] | join(" ")')"
api admin GET "$ART?with_accessory=true&page_size=100"
assert_eq "list: the image carries its four" "4" \
  "$(jq -r --arg i "$IMG" '.[] | select(.digest == $i) | .accessories | length' "$RESP_BODY")"
api admin GET "$ART"
assert_eq "without the flag there is no accessories field" "false" "$(jb '.[0] | has("accessories")')"
api admin GET "$ART/v1?with_accessory=maybe"
expect_status 400 "with_accessory=maybe → 400"

api anon GET "$ART/v1/accessories"
expect_status 401 "anonymous on a private project → 401"
add_user eve
api eve GET "$ART/v1/accessories"
expect_status 403 "a user who is no member → 403"
finish
