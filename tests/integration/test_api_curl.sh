#!/usr/bin/env bash
# The OCI Distribution v1.1 API with curl: status codes, headers and error bodies.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
lib_init "$@"
berth_start

R=api/test
W=$TEST_TMP/w
mkdir -p "$W"
OCI_MT=application/vnd.oci.image.manifest.v1+json
OCI_IDX_MT=application/vnd.oci.image.index.v1+json
V2S2_MT=application/vnd.docker.distribution.manifest.v2+json
V2LIST_MT=application/vnd.docker.distribution.manifest.list.v2+json
EMPTY_MT=application/vnd.oci.empty.v1+json
EMPTY_DIGEST=sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a

# slice FILE OFFSET COUNT OUT
slice() { dd if="$1" of="$4" bs=64K iflag=skip_bytes,count_bytes skip="$2" count="$3" status=none; }
loc_of_last() { abs_url "$(hdr Location)"; }
# new_upload REPO: POST an upload session; UP_LOC = absolute Location
new_upload() {
  req POST "/v2/$1/blobs/uploads/"
  UP_LOC=$(loc_of_last)
  [[ $RESP_STATUS == 202 && -n "$(hdr Location)" ]]
}
# patch LOC FILE [START END] : PATCH a chunk (Content-Range when START given); UP_LOC follows Location
patch() {
  local cr=()
  [[ $# -ge 4 ]] && cr=(-H "Content-Range: $3-$4")
  req PATCH "$1" -H "Content-Type: application/octet-stream" "${cr[@]}" --data-binary "@$2"
  has_hdr Location && UP_LOC=$(loc_of_last)
  return 0
}
# write a JSON document compactly (exact bytes are what gets hashed)
json_file() { jq -cj . >"$1"; }
snapshot_state() { echo "$(tags_of "$R") $(curl_b "$BERTH_URL/v2/_catalog?n=1000" 2>/dev/null | jq -c '.repositories // []' 2>/dev/null)"; }

# ===========================================================================
info "base"
req GET /v2/
expect_status 200 "GET /v2/"
expect_hdr_eq Docker-Distribution-API-Version "registry/2.0" "GET /v2/ has Docker-Distribution-API-Version: registry/2.0"
if [[ $BERTH_AUTH == 1 ]]; then
  s=$(curl -s -o /dev/null -w '%{http_code}' "$BERTH_URL/v2/")
  assert_eq "GET /v2/ without credentials -> 401" 401 "$s"
  w=$(curl -s -D - -o /dev/null "$BERTH_URL/v2/" | tr -d '\r' | grep -i '^www-authenticate:')
  assert_match "401 carries WWW-Authenticate" '^[Ww][Ww][Ww]-[Aa]uthenticate: (Basic|Bearer) ' "$w"
fi

# ===========================================================================
info "monolithic upload"
make_random_file "$W/blob1" 100000
B1=$(file_digest "$W/blob1")
new_upload "$R"
expect_status 202 "POST /v2/$R/blobs/uploads/"
expect_hdr Location '.+' "POST upload has Location"
expect_hdr OCI-Chunk-Min-Length '^[0-9]+$' "POST upload has OCI-Chunk-Min-Length"
MINCHUNK=$(hdr OCI-Chunk-Min-Length); [[ "$MINCHUNK" =~ ^[0-9]+$ ]] || MINCHUNK=0
req PUT "$(add_query "$UP_LOC" "digest=$B1")" -H "Content-Type: application/octet-stream" --data-binary "@$W/blob1"
expect_status 201 "PUT <location>?digest= with the whole body"
expect_hdr Location "/v2/$R/blobs/$B1\$" "PUT upload: Location is the blob URL"
expect_hdr_eq Docker-Content-Digest "$B1" "PUT upload: Docker-Content-Digest"
req HEAD "/v2/$R/blobs/$B1"
expect_status 200 "uploaded blob is visible (HEAD)"

make_random_file "$W/blob2" 5000
B2=$(file_digest "$W/blob2")
req POST "/v2/$R/blobs/uploads/?digest=$B2" -H "Content-Type: application/octet-stream" --data-binary "@$W/blob2"
expect_status 201 "single POST ?digest= with body (monolithic in one request)"
expect_hdr Location "/v2/$R/blobs/$B2\$" "single POST: Location is the blob URL"
expect_hdr_eq Docker-Content-Digest "$B2" "single POST: Docker-Content-Digest"
req GET "/v2/$R/blobs/$B2"
expect_status 200 "single-POST blob can be fetched"
expect_body_digest "$B2" "single-POST blob content"

# ===========================================================================
info "chunked upload"
K=65536; ((MINCHUNK > K)) && K=$MINCHUNK
log "chunk size $K (OCI-Chunk-Min-Length ${MINCHUNK})"
TOTAL=$((K * 2 + K / 2))
make_random_file "$W/big" "$TOTAL"
BIG=$(file_digest "$W/big")
slice "$W/big" 0 "$K" "$W/c1"; slice "$W/big" "$K" "$K" "$W/c2"; slice "$W/big" $((2 * K)) $((K / 2)) "$W/c3"
new_upload "$R" || fail "POST upload for the chunked test" "$(resp_summary)"
patch "$UP_LOC" "$W/c1" 0 $((K - 1))
expect_status 202 "PATCH chunk 1 (Content-Range 0-$((K - 1)))"
expect_hdr_eq Range "0-$((K - 1))" "PATCH chunk 1: Range header"
expect_hdr Location '.+' "PATCH chunk 1: Location"
patch "$UP_LOC" "$W/c2" "$K" $((2 * K - 1))
expect_status 202 "PATCH chunk 2 (Content-Range $K-$((2 * K - 1)))"
expect_hdr_eq Range "0-$((2 * K - 1))" "PATCH chunk 2: Range header"
req GET "$UP_LOC"
expect_status 204 "GET upload status -> 204"
expect_hdr_eq Range "0-$((2 * K - 1))" "upload status: Range"
expect_hdr Location '.+' "upload status has Location"
patch "$UP_LOC" "$W/c3"
expect_status 202 "streamed PATCH without Content-Range (last part)"
expect_hdr_eq Range "0-$((TOTAL - 1))" "streamed PATCH: Range covers everything"
req PUT "$(add_query "$UP_LOC" "digest=$BIG")"
expect_status 201 "PUT ?digest= without body closes the chunked upload"
expect_hdr_eq Docker-Content-Digest "$BIG" "chunked upload: Docker-Content-Digest"
expect_hdr Location "/v2/$R/blobs/$BIG\$" "chunked upload: Location is the blob URL"
FINISHED_LOC=$UP_LOC
req GET "/v2/$R/blobs/$BIG"
expect_status 200 "chunked blob can be fetched"
expect_body_digest "$BIG" "chunked blob content is exact"
req GET "$FINISHED_LOC"
expect_status 404 "finished upload session is gone"

info "out-of-order and overlapping chunks (separate session)"
new_upload "$R"
patch "$UP_LOC" "$W/c1" 0 $((K - 1))
expect_status 202 "PATCH chunk 1"
OOO_LOC=$UP_LOC
patch "$OOO_LOC" "$W/c3" $((K + 100)) $((K + 100 + K / 2 - 1))
expect_status 416 "out-of-order PATCH (gap after byte $((K - 1))) -> 416"
expect_hdr_eq Range "0-$((K - 1))" "416 carries the current Range"
patch "$OOO_LOC" "$W/c1" 0 $((K - 1))
expect_status 416 "PATCH re-sending chunk 1 (overlap) -> 416"
req GET "$OOO_LOC"
expect_status 204 "upload status after the rejected chunks -> 204"
expect_hdr_eq Range "0-$((K - 1))" "upload status Range unchanged by the rejected chunks"
patch "$OOO_LOC" "$W/c2" "$K" $((2 * K - 1))
expect_status 202 "the session still accepts the right next chunk"
req DELETE "$OOO_LOC" >/dev/null

info "streamed upload in two PATCHes, then the last bytes in the PUT"
make_random_file "$W/s" 30000; SD=$(file_digest "$W/s")
slice "$W/s" 0 10000 "$W/s1"; slice "$W/s" 10000 10000 "$W/s2"; slice "$W/s" 20000 10000 "$W/s3"
new_upload "$R"
patch "$UP_LOC" "$W/s1"; expect_status 202 "streamed PATCH 1"; expect_hdr_eq Range "0-9999" "streamed PATCH 1 Range"
patch "$UP_LOC" "$W/s2"; expect_status 202 "streamed PATCH 2"; expect_hdr_eq Range "0-19999" "streamed PATCH 2 Range"
req PUT "$(add_query "$UP_LOC" "digest=$SD")" -H "Content-Type: application/octet-stream" --data-binary "@$W/s3"
expect_status 201 "PUT with the final chunk as body"
req GET "/v2/$R/blobs/$SD"; expect_body_digest "$SD" "streamed blob content is exact"

info "cancel an upload"
new_upload "$R"
patch "$UP_LOC" "$W/s1" 0 9999
CANCEL_LOC=$UP_LOC
req DELETE "$CANCEL_LOC"
expect_status 204 "DELETE upload -> 204"
req GET "$CANCEL_LOC"
expect_status 404 "cancelled upload status -> 404"
expect_error BLOB_UPLOAD_UNKNOWN "cancelled upload: BLOB_UPLOAD_UNKNOWN"
patch "$CANCEL_LOC" "$W/s2" 10000 19999
expect_status 404 "PATCH to a cancelled upload -> 404"
expect_error BLOB_UPLOAD_UNKNOWN "PATCH to a cancelled upload: BLOB_UPLOAD_UNKNOWN"
req GET "/v2/$R/blobs/uploads/00000000-0000-4000-8000-000000000000"
expect_status 404 "unknown upload id -> 404"
expect_error BLOB_UPLOAD_UNKNOWN "unknown upload id: BLOB_UPLOAD_UNKNOWN"

info "wrong digest at PUT"
make_random_file "$W/wd" 4000; WD_REAL=$(file_digest "$W/wd")
WD_CLAIM=$(str_digest "not the content $RANDOM")
new_upload "$R"
patch "$UP_LOC" "$W/wd" 0 3999
req PUT "$(add_query "$UP_LOC" "digest=$WD_CLAIM")"
expect_status 400 "PUT with a digest that does not match the data -> 400"
expect_error DIGEST_INVALID "wrong digest: DIGEST_INVALID"
req HEAD "/v2/$R/blobs/$WD_CLAIM"; expect_status 404 "blob is not visible under the claimed digest"
req HEAD "/v2/$R/blobs/$WD_REAL"; expect_status 404 "blob is not visible under its real digest"
new_upload "$R"
req PUT "$(add_query "$UP_LOC" "digest=sha256:xyz")" --data-binary "@$W/wd"
expect_status 400 "PUT with a malformed digest -> 400"
expect_error DIGEST_INVALID "malformed digest: DIGEST_INVALID"
req POST "/v2/$R/blobs/uploads/?digest=$WD_CLAIM" -H "Content-Type: application/octet-stream" --data-binary "@$W/wd"
expect_status 400 "single POST with a wrong digest -> 400"
expect_error DIGEST_INVALID "single POST wrong digest: DIGEST_INVALID"
req HEAD "/v2/$R/blobs/$WD_REAL"; expect_status 404 "single POST wrong digest: blob not visible"

# ===========================================================================
info "resume an upload after a restart"
for mode in sigterm kill9; do
  make_random_file "$W/r-$mode" $((K * 2 + 777)); RD=$(file_digest "$W/r-$mode")
  slice "$W/r-$mode" 0 "$K" "$W/r1"; slice "$W/r-$mode" "$K" "$K" "$W/r2"; slice "$W/r-$mode" $((2 * K)) 777 "$W/r3"
  new_upload "$R"
  patch "$UP_LOC" "$W/r1" 0 $((K - 1)); expect_status 202 "[$mode] chunk 1"
  patch "$UP_LOC" "$W/r2" "$K" $((2 * K - 1)); expect_status 202 "[$mode] chunk 2"
  if [[ $mode == sigterm ]]; then berth_restart; else berth_kill9; berth_restart; fi
  req GET "$UP_LOC"
  expect_status 204 "[$mode] upload status after restart"
  expect_hdr_eq Range "0-$((2 * K - 1))" "[$mode] Range after restart is the same"
  has_hdr Location && UP_LOC=$(loc_of_last)
  patch "$UP_LOC" "$W/r3" $((2 * K)) $((2 * K + 776))
  expect_status 202 "[$mode] last chunk after restart"
  req PUT "$(add_query "$UP_LOC" "digest=$RD")"
  expect_status 201 "[$mode] PUT after restart"
  req GET "/v2/$R/blobs/$RD"
  expect_status 200 "[$mode] resumed blob is served"
  expect_body_digest "$RD" "[$mode] resumed blob has the right content"
  expect_hdr_eq Docker-Content-Digest "$RD" "[$mode] resumed blob Docker-Content-Digest"
done

# ===========================================================================
info "cross-repository mount"
R2=api/mount-target
req POST "/v2/$R2/blobs/uploads/?mount=$B1&from=$R"
expect_status 201 "mount of a present blob -> 201"
expect_hdr Location "/v2/$R2/blobs/$B1\$" "mount: Location"
expect_hdr_eq Docker-Content-Digest "$B1" "mount: Docker-Content-Digest"
req HEAD "/v2/$R2/blobs/$B1"; expect_status 200 "mounted blob visible in the target repo"
make_random_file "$W/menc" 3333; MENC=$(upload_blob "$R" "$W/menc")
req POST "/v2/$R2/blobs/uploads/?from=$(printf '%s' "$R" | sed 's,/,%2F,g')&mount=${MENC/:/%3A}"
expect_status 201 "mount with percent-encoded parameters (skopeo style) -> 201"
req POST "/v2/$R2/blobs/uploads/?mount=$(str_digest "absent $RANDOM")&from=$R"
expect_status 202 "mount of an absent blob -> 202 (upload fallback)"
expect_hdr Location '.+' "mount fallback has an upload Location"
FALLBACK=$(loc_of_last)
req GET "$FALLBACK"; expect_status 204 "the fallback upload session is usable"
req DELETE "$FALLBACK" >/dev/null
make_random_file "$W/mx" 2222; MX=$(upload_blob "$R" "$W/mx")
req POST "/v2/$R2/blobs/uploads/?mount=$MX&from=api/no-such-repo"
expect_status 202 "mount from an unknown repository -> 202"
req HEAD "/v2/$R2/blobs/$MX"; expect_status 404 "nothing mounted from the unknown repository"
# a repository that exists but does not hold the blob
upload_blob api/other "$W/s1" >/dev/null || fail "upload to api/other"
req POST "/v2/$R2/blobs/uploads/?mount=$MX&from=api/other"
expect_status 202 "mount from a repository that does not hold the blob -> 202"

# ===========================================================================
info "blob GET / HEAD / Range / DELETE"
SIZE1=$(file_size "$W/blob1")
req HEAD "/v2/$R/blobs/$B1"
expect_status 200 "HEAD blob"
expect_hdr_eq Content-Length "$SIZE1" "HEAD blob: Content-Length"
expect_hdr_eq Docker-Content-Digest "$B1" "HEAD blob: Docker-Content-Digest"
req GET "/v2/$R/blobs/$B1"
expect_status 200 "GET blob"
expect_hdr_eq Content-Length "$SIZE1" "GET blob: Content-Length"
expect_hdr_eq Docker-Content-Digest "$B1" "GET blob: Docker-Content-Digest"
expect_body_digest "$B1" "GET blob: content"
req GET "/v2/$R/blobs/$B1" -H "Range: bytes=1000-1999"
expect_status 206 "Range GET bytes=1000-1999 -> 206"
expect_hdr_eq Content-Range "bytes 1000-1999/$SIZE1" "206 Content-Range"
expect_hdr_eq Content-Length 1000 "206 Content-Length"
slice "$W/blob1" 1000 1000 "$W/exp"
assert_eq "206 body is the requested slice" "$(file_digest "$W/exp")" "$(file_digest "$RESP_BODY")"
req GET "/v2/$R/blobs/$B1" -H "Range: bytes=$((SIZE1 - 10))-"
expect_status 206 "open-ended Range GET -> 206"
expect_hdr_eq Content-Range "bytes $((SIZE1 - 10))-$((SIZE1 - 1))/$SIZE1" "open-ended Content-Range"
req GET "/v2/$R/blobs/$B1" -H "Range: bytes=$((SIZE1 + 100))-$((SIZE1 + 200))"
expect_status 416 "unsatisfiable Range -> 416"
req GET "/v2/$R/blobs/$(str_digest "unknown $RANDOM")"
expect_status 404 "GET unknown blob -> 404"
expect_error BLOB_UNKNOWN "unknown blob: BLOB_UNKNOWN"
req HEAD "/v2/$R/blobs/$(str_digest "unknown $RANDOM")"
expect_status 404 "HEAD unknown blob -> 404"
req GET "/v2/api/other/blobs/$B1"
expect_status 404 "a blob is not reachable through a repository that never received it"
make_random_file "$W/del" 3000
DB=$(upload_blob "$R" "$W/del") || fail "upload blob to delete"
req DELETE "/v2/$R/blobs/$DB"
expect_status 202 "DELETE blob -> 202"
req GET "/v2/$R/blobs/$DB"
expect_status 404 "deleted blob -> 404"
expect_error BLOB_UNKNOWN "deleted blob: BLOB_UNKNOWN"
req DELETE "/v2/$R/blobs/$DB"
expect_status 404 "DELETE of a deleted blob -> 404"

# ===========================================================================
info "manifests: OCI image"
make_random_file "$W/layer2" 60000; L2=$(upload_blob "$R" "$W/layer2") || fail "upload layer2"; L2_SIZE=$(file_size "$W/layer2")
printf '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["%s","%s"]},"config":{"Cmd":["/bin/true"]},"created":"2024-01-01T00:00:00Z","x":"%s"}' \
  "$B1" "sha256:$(printf '0%.0s' $(seq 1 64))" "$RANDOM$RANDOM" >"$W/config.json"
CFG=$(upload_blob "$R" "$W/config.json") || die "config upload failed"
CFG_SIZE=$(file_size "$W/config.json")
jq -n --arg c "$CFG" --argjson cs "$CFG_SIZE" --arg l1 "$B1" --argjson s1 "$SIZE1" --arg l2 "$L2" --argjson s2 "$L2_SIZE" '{
  schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json",
  config: {mediaType: "application/vnd.oci.image.config.v1+json", digest: $c, size: $cs},
  layers: [{mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: $l1, size: $s1},
           {mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: $l2, size: $s2}],
  annotations: {"org.opencontainers.image.description": "berth api test"}}' | json_file "$W/m1.json"
M1=$(file_digest "$W/m1.json"); M1_SIZE=$(file_size "$W/m1.json")
put_manifest "$R" v1 "$W/m1.json" "$OCI_MT"
expect_status 201 "PUT OCI manifest by tag"
expect_hdr Location "/v2/$R/manifests/($M1|v1)\$" "PUT manifest: Location"
expect_hdr_eq Docker-Content-Digest "$M1" "PUT manifest: Docker-Content-Digest"
for ref in v1 "$M1"; do
  req GET "/v2/$R/manifests/$ref" -H "Accept: $OCI_MT"
  expect_status 200 "GET manifest by ${ref:0:12}"
  expect_hdr_eq Content-Type "$OCI_MT" "GET manifest by ${ref:0:12}: Content-Type"
  expect_hdr_eq Content-Length "$M1_SIZE" "GET manifest by ${ref:0:12}: Content-Length"
  expect_hdr_eq Docker-Content-Digest "$M1" "GET manifest by ${ref:0:12}: Docker-Content-Digest"
  expect_body_digest "$M1" "GET manifest by ${ref:0:12}: exact bytes"
  req HEAD "/v2/$R/manifests/$ref" -H "Accept: $OCI_MT"
  expect_status 200 "HEAD manifest by ${ref:0:12}"
  expect_hdr_eq Content-Type "$OCI_MT" "HEAD manifest by ${ref:0:12}: Content-Type"
  expect_hdr_eq Content-Length "$M1_SIZE" "HEAD manifest by ${ref:0:12}: Content-Length"
  expect_hdr_eq Docker-Content-Digest "$M1" "HEAD manifest by ${ref:0:12}: Docker-Content-Digest"
done
# second image (for the index), pushed by digest only
make_random_file "$W/blob3" 7000; B3=$(upload_blob "$R" "$W/blob3") || fail "upload blob3"
jq -n --arg c "$CFG" --argjson cs "$CFG_SIZE" --arg l "$B3" --argjson s "$(file_size "$W/blob3")" '{
  schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json",
  config: {mediaType: "application/vnd.oci.image.config.v1+json", digest: $c, size: $cs},
  layers: [{mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: $l, size: $s}]}' | json_file "$W/m2.json"
M2=$(file_digest "$W/m2.json")
put_manifest "$R" "$M2" "$W/m2.json" "$OCI_MT"
expect_status 201 "PUT OCI manifest by digest"
expect_hdr_eq Docker-Content-Digest "$M2" "PUT by digest: Docker-Content-Digest"
assert_eq "a manifest pushed by digest adds no tag" '["v1"]' "$(tags_of "$R")"

info "manifests: Docker schema2 and manifest list"
printf '{"architecture":"arm64","os":"linux","rootfs":{"type":"layers","diff_ids":["%s"]},"config":{},"n":"%s"}' "$B3" "$RANDOM" >"$W/dconfig.json"
DCFG=$(upload_blob "$R" "$W/dconfig.json")
jq -n --arg c "$DCFG" --argjson cs "$(file_size "$W/dconfig.json")" --arg l "$B3" --argjson s "$(file_size "$W/blob3")" '{
  schemaVersion: 2, mediaType: "application/vnd.docker.distribution.manifest.v2+json",
  config: {mediaType: "application/vnd.docker.container.image.v1+json", size: $cs, digest: $c},
  layers: [{mediaType: "application/vnd.docker.image.rootfs.diff.tar.gzip", size: $s, digest: $l}]}' | json_file "$W/d1.json"
DM=$(file_digest "$W/d1.json")
put_manifest "$R" docker-v2 "$W/d1.json" "$V2S2_MT"
expect_status 201 "PUT Docker schema2 manifest"
expect_hdr_eq Docker-Content-Digest "$DM" "schema2: Docker-Content-Digest"
req GET "/v2/$R/manifests/docker-v2" -H "Accept: $V2S2_MT"
expect_status 200 "GET schema2 manifest"
expect_hdr_eq Content-Type "$V2S2_MT" "GET schema2: Content-Type"
expect_body_digest "$DM" "GET schema2: exact bytes"
jq -n --arg m "$DM" --argjson ms "$(file_size "$W/d1.json")" '{
  schemaVersion: 2, mediaType: "application/vnd.docker.distribution.manifest.list.v2+json",
  manifests: [{mediaType: "application/vnd.docker.distribution.manifest.v2+json", size: $ms, digest: $m,
               platform: {architecture: "arm64", os: "linux"}}]}' | json_file "$W/list.json"
DL=$(file_digest "$W/list.json")
put_manifest "$R" docker-list "$W/list.json" "$V2LIST_MT"
expect_status 201 "PUT Docker manifest list"
expect_hdr_eq Docker-Content-Digest "$DL" "manifest list: Docker-Content-Digest"
req GET "/v2/$R/manifests/docker-list" -H "Accept: $V2LIST_MT,$V2S2_MT"
expect_status 200 "GET manifest list"
expect_hdr_eq Content-Type "$V2LIST_MT" "GET manifest list: Content-Type"
expect_body_digest "$DL" "GET manifest list: exact bytes"

info "manifests: OCI index"
jq -n --arg a "$M1" --argjson asz "$M1_SIZE" --arg b "$M2" --argjson bsz "$(file_size "$W/m2.json")" '{
  schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json",
  manifests: [{mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $a, size: $asz, platform: {architecture: "amd64", os: "linux"}},
              {mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $b, size: $bsz, platform: {architecture: "arm64", os: "linux"}}]}' |
  json_file "$W/idx.json"
IDX=$(file_digest "$W/idx.json")
put_manifest "$R" index "$W/idx.json" "$OCI_IDX_MT"
expect_status 201 "PUT OCI index"
expect_hdr_eq Docker-Content-Digest "$IDX" "index: Docker-Content-Digest"
req GET "/v2/$R/manifests/index" -H "Accept: $OCI_IDX_MT"
expect_status 200 "GET index"
expect_hdr_eq Content-Type "$OCI_IDX_MT" "GET index: Content-Type"
expect_hdr_eq Content-Length "$(file_size "$W/idx.json")" "GET index: Content-Length"
expect_body_digest "$IDX" "GET index: exact bytes"

info "manifests: artifact (empty config) and Helm chart"
EMPTY=$(upload_blob_str "$R" '{}')
assert_digest "the empty blob {} has the well-known digest" "$EMPTY_DIGEST" "$EMPTY"
printf 'artifact payload %s\n' "$RANDOM$RANDOM" >"$W/payload.txt"
PAY=$(upload_blob "$R" "$W/payload.txt")
jq -n --arg p "$PAY" --argjson ps "$(file_size "$W/payload.txt")" --arg e "$EMPTY_DIGEST" '{
  schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json",
  artifactType: "application/vnd.berth.test.artifact",
  config: {mediaType: "application/vnd.oci.empty.v1+json", digest: $e, size: 2, data: "e30="},
  layers: [{mediaType: "text/plain", digest: $p, size: $ps, annotations: {"org.opencontainers.image.title": "payload.txt"}}]}' |
  json_file "$W/art.json"
ART=$(file_digest "$W/art.json")
put_manifest "$R" artifact "$W/art.json" "$OCI_MT"
expect_status 201 "PUT artifact manifest (artifactType + empty config)"
req GET "/v2/$R/manifests/artifact" -H "Accept: $OCI_MT"
expect_status 200 "GET artifact manifest"
expect_body_digest "$ART" "GET artifact manifest: exact bytes"
req GET "/v2/$R/blobs/$EMPTY_DIGEST"
expect_status 200 "GET the empty config blob"
assert_eq "empty config blob content" "{}" "$(body)"

mkdir -p "$W/chart/mychart"
printf 'apiVersion: v2\nname: mychart\nversion: 0.1.0\ndescription: %s\n' "$RANDOM" >"$W/chart/mychart/Chart.yaml"
tar -C "$W/chart" -czf "$W/mychart-0.1.0.tgz" mychart
echo '{"name":"mychart","version":"0.1.0","apiVersion":"v2"}' | tr -d '\n' >"$W/helmcfg.json"
HC=$(upload_blob "$R" "$W/helmcfg.json"); HL=$(upload_blob "$R" "$W/mychart-0.1.0.tgz")
jq -n --arg c "$HC" --argjson cs "$(file_size "$W/helmcfg.json")" --arg l "$HL" --argjson ls "$(file_size "$W/mychart-0.1.0.tgz")" '{
  schemaVersion: 2,
  config: {mediaType: "application/vnd.cncf.helm.config.v1+json", digest: $c, size: $cs},
  layers: [{mediaType: "application/vnd.cncf.helm.chart.content.v1.tar+gzip", digest: $l, size: $ls}],
  annotations: {"org.opencontainers.image.title": "mychart", "org.opencontainers.image.version": "0.1.0"}}' | json_file "$W/helm.json"
HM=$(file_digest "$W/helm.json")
put_manifest "api/charts/mychart" 0.1.0 "$W/helm.json" "$OCI_MT"
expect_status 400 "Helm manifest before its blobs exist in that repo -> 400"
for f in helmcfg.json mychart-0.1.0.tgz; do upload_blob api/charts/mychart "$W/$f" >/dev/null; done
put_manifest "api/charts/mychart" 0.1.0 "$W/helm.json" "$OCI_MT"
expect_status 201 "PUT Helm chart manifest (config application/vnd.cncf.helm.config.v1+json)"
expect_hdr_eq Docker-Content-Digest "$HM" "Helm manifest: Docker-Content-Digest"
req GET "/v2/api/charts/mychart/manifests/0.1.0" -H "Accept: $OCI_MT"
expect_status 200 "GET Helm chart manifest"
expect_hdr_eq Content-Type "$OCI_MT" "GET Helm chart manifest: Content-Type"
expect_body_digest "$HM" "GET Helm chart manifest: exact bytes"

# ===========================================================================
info "manifest errors (and nothing new becomes visible)"
BEFORE=$(snapshot_state)
expect_unchanged() { assert_eq "$1: tags and catalog unchanged" "$BEFORE" "$(snapshot_state)"; }

printf '{"schemaVersion": 2, "mediaType": "%s", "config": {' "$OCI_MT" >"$W/bad.json"
put_manifest "$R" bad-json "$W/bad.json" "$OCI_MT"
expect_status 400 "malformed JSON -> 400"
expect_error MANIFEST_INVALID "malformed JSON: MANIFEST_INVALID"
expect_unchanged "malformed JSON"

jq -c --arg l "$(str_digest "missing layer $RANDOM")" '.layers[1].digest = $l' "$W/m1.json" | tr -d '\n' >"$W/miss.json"
put_manifest "$R" missing-layer "$W/miss.json" "$OCI_MT"
expect_status 400 "manifest with a missing layer -> 400"
expect_error MANIFEST_BLOB_UNKNOWN "missing layer: MANIFEST_BLOB_UNKNOWN"
req GET "/v2/$R/manifests/$(file_digest "$W/miss.json")" -H "Accept: $OCI_MT"
expect_status 404 "rejected manifest is not stored by digest"
expect_unchanged "missing layer"

jq -c --arg c "$(str_digest "missing config $RANDOM")" '.config.digest = $c' "$W/m1.json" | tr -d '\n' >"$W/missc.json"
put_manifest "$R" missing-config "$W/missc.json" "$OCI_MT"
expect_status 400 "manifest with a missing config blob -> 400"
expect_error MANIFEST_BLOB_UNKNOWN "missing config: MANIFEST_BLOB_UNKNOWN"
expect_unchanged "missing config"

jq -c --arg d "$(str_digest "missing child $RANDOM")" '.manifests[1].digest = $d' "$W/idx.json" | tr -d '\n' >"$W/idxmiss.json"
put_manifest "$R" missing-child "$W/idxmiss.json" "$OCI_IDX_MT"
expect_status 400 "index with a missing child -> 400"
expect_error "MANIFEST_UNKNOWN|MANIFEST_BLOB_UNKNOWN" "index with a missing child: error code"
expect_unchanged "index with a missing child"

put_manifest "$R" "$M2" "$W/m1.json" "$OCI_MT"
expect_status 400 "PUT by digest with a body of another digest -> 400"
expect_error DIGEST_INVALID "digest mismatch: DIGEST_INVALID"
expect_unchanged "digest mismatch"

python3 -c "
import json,sys
m=json.load(open('$W/m1.json'))
m['annotations']['pad']='x'*(4*1024*1024+1024)
open('$W/huge.json','w').write(json.dumps(m,separators=(',',':')))"
put_manifest "$R" huge "$W/huge.json" "$OCI_MT"
expect_status 413 "manifest larger than 4 MiB -> 413"
expect_unchanged "4 MiB manifest"

jq -c '.mediaType = "application/vnd.docker.distribution.manifest.v2+json"' "$W/m1.json" | tr -d '\n' >"$W/mtmismatch.json"
put_manifest "$R" mt-mismatch "$W/mtmismatch.json" "$OCI_MT"
expect_status 400 "Content-Type differs from the manifest's mediaType -> 400"
expect_error MANIFEST_INVALID "mediaType mismatch: MANIFEST_INVALID"
expect_unchanged "mediaType mismatch"

echo '{"schemaVersion":3}' | tr -d '\n' >"$W/sv3.json"
put_manifest "$R" sv3 "$W/sv3.json" "$OCI_MT"
expect_status 400 "schemaVersion 3 -> 400"
expect_error MANIFEST_INVALID "schemaVersion 3: MANIFEST_INVALID"
expect_unchanged "schemaVersion 3"

# invalid repository names
for name in 'Upper/case' 'api/Upper' 'api/../etc' 'api/./x' 'api//double' 'api/trailing/' '-lead' 'api/trail-' 'api/a___b' 'api/a..b' 'api/a%20b'; do
  req PUT "/v2/$name/manifests/v1" --path-as-is -H "Content-Type: $OCI_MT" --data-binary "@$W/m1.json"
  if [[ $RESP_STATUS == 400 ]]; then
    ok "invalid repository name '${name:0:40}': PUT manifest -> 400"
    expect_error NAME_INVALID "invalid repository name '${name:0:40}': NAME_INVALID"
  else
    expect_status 404 "invalid repository name '${name:0:40}': PUT manifest -> 400 NAME_INVALID or 404"
  fi
  req POST "/v2/$name/blobs/uploads/" --path-as-is
  expect_status "400|404" "invalid repository name '${name:0:40}': POST upload -> 400/404"
done
expect_unchanged "invalid repository names"

# invalid tags
for tag in '.dot' '-dash' "$(printf 't%.0s' $(seq 1 129))" 'a%2Fb' 'tag%20space' 'x:y'; do
  put_manifest "$R" "$tag" "$W/m1.json" "$OCI_MT"
  codes=400; [[ $tag == *%2F* ]] && codes="400|404"   # an encoded slash may also fail routing
  expect_status "$codes" "invalid tag '${tag:0:30}...' -> $codes"
  expect_error "TAG_INVALID|MANIFEST_INVALID|NAME_INVALID|DIGEST_INVALID" "invalid tag '${tag:0:30}': error body"
done
expect_unchanged "invalid tags"
put_manifest "$R" "$(printf 't%.0s' $(seq 1 128))" "$W/m1.json" "$OCI_MT"
expect_status 201 "a 128-character tag is valid"
req DELETE "/v2/$R/manifests/$(printf 't%.0s' $(seq 1 128))" >/dev/null
BEFORE=$(snapshot_state)

req GET "/v2/$R/manifests/no-such-tag" -H "Accept: $OCI_MT"
expect_status 404 "unknown tag -> 404"
expect_error MANIFEST_UNKNOWN "unknown tag: MANIFEST_UNKNOWN"
req HEAD "/v2/$R/manifests/no-such-tag" -H "Accept: $OCI_MT"
expect_status 404 "HEAD unknown tag -> 404"
req GET "/v2/$R/manifests/$(str_digest "unknown manifest $RANDOM")" -H "Accept: $OCI_MT"
expect_status 404 "unknown manifest digest -> 404"
expect_error MANIFEST_UNKNOWN "unknown manifest digest: MANIFEST_UNKNOWN"
req GET "/v2/api/no-such-repo/manifests/v1" -H "Accept: $OCI_MT"
expect_status 404 "manifest in an unknown repository -> 404"
expect_error "NAME_UNKNOWN|MANIFEST_UNKNOWN" "manifest in an unknown repository: error code"

# ===========================================================================
info "delete manifests and tags"
jq -c '.annotations.del = "by-digest"' "$W/m1.json" | tr -d '\n' >"$W/mdel.json"; MD=$(file_digest "$W/mdel.json")
put_manifest "$R" to-delete "$W/mdel.json" "$OCI_MT"; expect_status 201 "push a manifest to delete"
req DELETE "/v2/$R/manifests/$MD"
expect_status 202 "DELETE manifest by digest -> 202"
req GET "/v2/$R/manifests/$MD" -H "Accept: $OCI_MT"
expect_status 404 "deleted manifest by digest -> 404"
expect_error MANIFEST_UNKNOWN "deleted manifest: MANIFEST_UNKNOWN"
req GET "/v2/$R/manifests/to-delete" -H "Accept: $OCI_MT"
expect_status 404 "tag of the deleted manifest -> 404"
assert_not_contains "tag of the deleted manifest is gone from the list" '"to-delete"' "$(tags_of "$R")"
req DELETE "/v2/$R/manifests/$MD"
expect_status 404 "DELETE an already deleted manifest -> 404"

jq -c '.annotations.del = "by-tag"' "$W/m1.json" | tr -d '\n' >"$W/mtag.json"; MT=$(file_digest "$W/mtag.json")
put_manifest "$R" tag-to-delete "$W/mtag.json" "$OCI_MT"; expect_status 201 "push a manifest whose tag is deleted"
req DELETE "/v2/$R/manifests/tag-to-delete"
expect_status 202 "DELETE by tag -> 202"
req GET "/v2/$R/manifests/tag-to-delete" -H "Accept: $OCI_MT"
expect_status 404 "deleted tag -> 404"
assert_not_contains "deleted tag is gone from the list" '"tag-to-delete"' "$(tags_of "$R")"
req GET "/v2/$R/manifests/$MT" -H "Accept: $OCI_MT"
expect_status 200 "manifest of the deleted tag is still there by digest"
req GET "/v2/$R/manifests/v1" -H "Accept: $OCI_MT"
expect_status 200 "other tags are untouched"

# ===========================================================================
info "tags list and catalog pagination"
T=api/tags
for b in "$W/blob1" "$W/layer2" "$W/config.json"; do upload_blob "$T" "$b" >/dev/null; done
ALL_TAGS=(alpha beta delta epsilon gamma v1.0 v1.1)
for t in "${ALL_TAGS[@]}"; do put_manifest "$T" "$t" "$W/m1.json" "$OCI_MT" || fail "push tag $t" "$(resp_summary)"; done
EXPECT_ALL=$(printf '%s\n' "${ALL_TAGS[@]}" | LC_ALL=C sort | jq -Rsc 'split("\n")[:-1]')
req GET "/v2/$T/tags/list"
expect_status 200 "GET tags/list"
assert_eq "tags/list: name" "$T" "$(jq -r .name "$RESP_BODY" 2>/dev/null)"
assert_eq "tags/list: all tags in lexical order" "$EXPECT_ALL" "$(jq -c .tags "$RESP_BODY" 2>/dev/null)"
url="/v2/$T/tags/list?n=3"; got=(); pages=0
while [[ -n "$url" && $pages -lt 10 ]]; do
  req GET "$url"
  pages=$((pages + 1))
  expect_status 200 "tags page $pages ($url)"
  mapfile -t -O "${#got[@]}" got < <(jq -r '.tags[]?' "$RESP_BODY" 2>/dev/null)
  n=$(jq '.tags|length' "$RESP_BODY" 2>/dev/null)
  link=$(hdr Link)
  if [[ $pages -lt 3 ]]; then
    assert_eq "tags page $pages has 3 tags" 3 "$n"
    last=${got[${#got[@]} - 1]:-}
    assert_match "tags page $pages: Link rel=next with n=3&last=$last" \
      "^<(/v2/$T/tags/list\\?)(n=3&last=$last|last=$last&n=3)>; *rel=\"next\"\$" "$link"
    url=$(sed -n 's/^<\([^>]*\)>.*/\1/p' <<<"$link")
  else
    assert_eq "last tags page has 1 tag" 1 "$n"
    assert_eq "last tags page has no Link header" "" "$link"
    url=""
  fi
done
assert_eq "pages together list every tag once, in order" "$EXPECT_ALL" "$(printf '%s\n' "${got[@]}" | jq -Rsc 'split("\n")[:-1]')"
req GET "/v2/$T/tags/list?last=delta"
assert_eq "tags/list?last=delta returns the tags after delta" '["epsilon","gamma","v1.0","v1.1"]' "$(jq -c .tags "$RESP_BODY" 2>/dev/null)"
req GET "/v2/$T/tags/list?n=2&last=gamma"
assert_eq "tags/list?n=2&last=gamma" '["v1.0","v1.1"]' "$(jq -c .tags "$RESP_BODY" 2>/dev/null)"
req GET "/v2/api/no-such-repo/tags/list"
expect_status 404 "tags of an unknown repository -> 404"
expect_error NAME_UNKNOWN "tags of an unknown repository: NAME_UNKNOWN"

req GET "/v2/_catalog"
expect_status 200 "GET _catalog"
CAT=$(jq -c .repositories "$RESP_BODY" 2>/dev/null)
assert_eq "_catalog is sorted" "$(jq -c 'sort' <<<"$CAT" 2>/dev/null)" "$CAT"
for r in "$R" "$R2" api/other api/tags api/charts/mychart; do
  assert_contains "_catalog lists $r" "\"$r\"" "$CAT"
done
url="/v2/_catalog?n=2"; got=(); pages=0
while [[ -n "$url" && $pages -lt 50 ]]; do
  req GET "$url"; pages=$((pages + 1))
  [[ $RESP_STATUS == 200 ]] || { expect_status 200 "catalog page $pages"; break; }
  mapfile -t -O "${#got[@]}" got < <(jq -r '.repositories[]?' "$RESP_BODY" 2>/dev/null)
  link=$(hdr Link)
  if [[ -n "$link" ]]; then
    last=${got[${#got[@]} - 1]:-}
    lastre="(${last//\//(/|%2[Ff])})"
    [[ $pages == 1 ]] && assert_match "_catalog page 1: Link rel=next with n=2&last=$last" \
      "^</v2/_catalog\\?(n=2&last=$lastre|last=$lastre&n=2)>; *rel=\"next\"\$" "$link"
    url=$(sed -n 's/^<\([^>]*\)>.*/\1/p' <<<"$link")
  else
    url=""
  fi
done
assert_eq "_catalog pages (n=2) together equal the full catalog" "$CAT" "$(printf '%s\n' "${got[@]}" | jq -Rsc 'split("\n")[:-1]')"

# ===========================================================================
info "referrers (OCI 1.1)"
art_with_subject() { # ARTIFACT_TYPE OUTFILE [use-config-mediatype]
  if [[ ${3:-} == cfg ]]; then
    jq -n --arg s "$M1" --argjson ss "$M1_SIZE" --arg e "$EMPTY_DIGEST" --arg p "$PAY" --argjson ps "$(file_size "$W/payload.txt")" --arg at "$1" '{
      schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: {mediaType: $at, digest: $e, size: 2},
      layers: [{mediaType: "text/plain", digest: $p, size: $ps}],
      subject: {mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $s, size: $ss}}' | json_file "$2"
  else
    jq -n --arg s "$M1" --argjson ss "$M1_SIZE" --arg e "$EMPTY_DIGEST" --arg p "$PAY" --argjson ps "$(file_size "$W/payload.txt")" --arg at "$1" '{
      schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json", artifactType: $at,
      config: {mediaType: "application/vnd.oci.empty.v1+json", digest: $e, size: 2},
      layers: [{mediaType: "text/plain", digest: $p, size: $ps}],
      subject: {mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $s, size: $ss},
      annotations: {"org.example.kind": $at}}' | json_file "$2"
  fi
}
art_with_subject application/vnd.example.sbom "$W/ref1.json"; REF1=$(file_digest "$W/ref1.json")
art_with_subject application/vnd.example.signature "$W/ref2.json"; REF2=$(file_digest "$W/ref2.json")
art_with_subject application/vnd.example.config+json "$W/ref3.json" cfg; REF3=$(file_digest "$W/ref3.json")
put_manifest "$R" "$REF1" "$W/ref1.json" "$OCI_MT"
expect_status 201 "PUT artifact with subject (by digest)"
expect_hdr_eq OCI-Subject "$M1" "PUT with subject: OCI-Subject header"
put_manifest "$R" sig "$W/ref2.json" "$OCI_MT"
expect_status 201 "PUT second artifact with subject (by tag)"
expect_hdr_eq OCI-Subject "$M1" "second artifact: OCI-Subject header"
put_manifest "$R" "$REF3" "$W/ref3.json" "$OCI_MT"
expect_status 201 "PUT artifact with subject and no artifactType"
req GET "/v2/$R/referrers/$M1"
expect_status 200 "GET referrers"
expect_hdr Content-Type "^application/vnd\\.oci\\.image\\.index\\.v1\\+json" "referrers: Content-Type is an OCI index"
assert_eq "referrers: schemaVersion/mediaType" '2 application/vnd.oci.image.index.v1+json' \
  "$(jq -r '"\(.schemaVersion) \(.mediaType)"' "$RESP_BODY" 2>/dev/null)"
assert_eq "referrers: lists the three artifacts" "$(printf '%s\n' "$REF1" "$REF2" "$REF3" | sort | paste -sd,)" \
  "$(jq -r '[.manifests[].digest]|sort|join(",")' "$RESP_BODY" 2>/dev/null)"
assert_eq "referrers: descriptor of the sbom (artifactType, mediaType, size, annotations)" \
  "application/vnd.example.sbom $OCI_MT $(file_size "$W/ref1.json") application/vnd.example.sbom" \
  "$(jq -r --arg d "$REF1" '.manifests[]|select(.digest==$d)|"\(.artifactType) \(.mediaType) \(.size) \(.annotations["org.example.kind"])"' "$RESP_BODY" 2>/dev/null)"
assert_eq "referrers: artifactType falls back to config.mediaType" "application/vnd.example.config+json" \
  "$(jq -r --arg d "$REF3" '.manifests[]|select(.digest==$d)|.artifactType' "$RESP_BODY" 2>/dev/null)"
req GET "/v2/$R/referrers/$M1?artifactType=application/vnd.example.sbom"
expect_status 200 "GET referrers?artifactType="
expect_hdr_eq OCI-Filters-Applied artifactType "filtered referrers: OCI-Filters-Applied: artifactType"
assert_eq "filtered referrers: only the sbom" "$REF1" "$(jq -r '[.manifests[].digest]|join(",")' "$RESP_BODY" 2>/dev/null)"
req GET "/v2/$R/referrers/$(str_digest "nothing refers to me $RANDOM")"
expect_status 200 "referrers of an unknown digest -> 200"
assert_eq "referrers of an unknown digest: empty index" '2 []' "$(jq -c '"\(.schemaVersion) \(.manifests)"' -r "$RESP_BODY" 2>/dev/null)"
req DELETE "/v2/$R/manifests/$REF2"
expect_status 202 "delete a referrer"
req GET "/v2/$R/referrers/$M1"
assert_eq "deleted referrer disappears from the list" "$(printf '%s\n' "$REF1" "$REF3" | sort | paste -sd,)" \
  "$(jq -r '[.manifests[].digest]|sort|join(",")' "$RESP_BODY" 2>/dev/null)"
# subject that does not exist (allowed by the spec)
jq -c --arg s "$(str_digest "absent subject $RANDOM")" '.subject.digest = $s' "$W/ref1.json" | tr -d '\n' >"$W/ref4.json"
put_manifest "$R" "$(file_digest "$W/ref4.json")" "$W/ref4.json" "$OCI_MT"
expect_status 201 "PUT artifact whose subject does not exist yet -> 201"
expect_hdr OCI-Subject '^sha256:' "artifact with absent subject: OCI-Subject header"

# ===========================================================================
info "sha512"
make_random_file "$W/s512" 12345
D512=$(file_digest "$W/s512" sha512)
new_upload "$R"
req PUT "$(add_query "$UP_LOC" "digest=$D512")" -H "Content-Type: application/octet-stream" --data-binary "@$W/s512"
expect_status 201 "upload with a sha512 digest"
expect_hdr Docker-Content-Digest "^($D512|$(file_digest "$W/s512"))\$" "sha512 upload: Docker-Content-Digest names the blob"
req GET "/v2/$R/blobs/$D512"
expect_status 200 "GET sha512 blob"
expect_body_digest "$D512" "sha512 blob content"
expect_hdr_eq Content-Length 12345 "sha512 blob Content-Length"
new_upload "$R"
patch "$UP_LOC" "$W/s512" 0 12344
req PUT "$(add_query "$UP_LOC" "digest=sha512:$(printf '0%.0s' $(seq 1 128))")"
expect_status 400 "sha512 upload with a wrong digest -> 400"
expect_error DIGEST_INVALID "sha512 wrong digest: DIGEST_INVALID"

# ===========================================================================
info "deep repository names"
DEEP=a/b/c/d/e
for b in "$W/blob1" "$W/layer2" "$W/config.json"; do upload_blob "$DEEP" "$b" >/dev/null || fail "upload to $DEEP"; done
put_manifest "$DEEP" latest "$W/m1.json" "$OCI_MT"
expect_status 201 "PUT manifest to $DEEP"
req GET "/v2/$DEEP/manifests/latest" -H "Accept: $OCI_MT"
expect_status 200 "GET manifest from $DEEP"
expect_body_digest "$M1" "manifest from $DEEP: exact bytes"
req GET "/v2/$DEEP/blobs/$L2"; expect_body_digest "$L2" "blob from $DEEP"
req GET "/v2/$DEEP/tags/list"
assert_eq "tags of $DEEP" "{\"name\":\"$DEEP\",\"tags\":[\"latest\"]}" "$(jq -c '{name,tags}' "$RESP_BODY" 2>/dev/null)"
DEEPER=x1/x2/x3/x4/x5/x6/x7/x8/x9/x10
req POST "/v2/$DEEPER/blobs/uploads/?mount=$B1&from=$DEEP"
expect_status 201 "mount into a 10-component repository from $DEEP"
assert_contains "_catalog lists $DEEP" "\"$DEEP\"" "$(curl_b "$BERTH_URL/v2/_catalog?n=1000")"

# ===========================================================================
info "state after a restart"
berth_restart
req GET "/v2/$R/manifests/v1" -H "Accept: $OCI_MT"
expect_status 200 "manifest by tag after restart"
expect_body_digest "$M1" "manifest after restart: exact bytes"
req GET "/v2/$R/blobs/$BIG"; expect_body_digest "$BIG" "chunked blob after restart"
req GET "/v2/$R/manifests/tag-to-delete" -H "Accept: $OCI_MT"
expect_status 404 "deleted tag stays deleted after restart"
req GET "/v2/$R/blobs/$DB"
expect_status 404 "deleted blob stays deleted after restart"

# ===========================================================================
# A reference that cannot be a tag names no manifest (issue #12, item 3): reads answer 404
# MANIFEST_UNKNOWN (the spec allows only 404 there), a PUT keeps 400 TAG_INVALID.
info "GET/HEAD of a reference that is no valid tag"
req GET "/v2/$R/manifests/.INVALID_MANIFEST_NAME" -H "Accept: $OCI_MT"
expect_status 404 "GET of an invalid tag -> 404"
[[ $BERTH_KIND == berth ]] && expect_error MANIFEST_UNKNOWN "GET of an invalid tag: MANIFEST_UNKNOWN"
req HEAD "/v2/$R/manifests/.INVALID_MANIFEST_NAME" -H "Accept: $OCI_MT"
expect_status 404 "HEAD of an invalid tag -> 404"
if [[ $BERTH_KIND == berth ]]; then
  put_manifest "$R" ".INVALID_MANIFEST_NAME" "$W/m1.json" "$OCI_MT"
  expect_status 400 "PUT of an invalid tag -> 400"
  expect_error TAG_INVALID "PUT of an invalid tag: TAG_INVALID"
fi

finish
