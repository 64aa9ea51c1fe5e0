#!/usr/bin/env bash
# skopeo against Berth: copy in/out (OCI, Docker schema2, two-platform index with --all),
# digests preserved both ways, inspect, list-tags, delete, sync.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
lib_init "$@"
berth_start

H=$BERTH_HOST
L=$TEST_TMP/layout
OCI_MT=application/vnd.oci.image.manifest.v1+json
OCI_IDX_MT=application/vnd.oci.image.index.v1+json
V2S2_MT=application/vnd.docker.distribution.manifest.v2+json
V2LIST_MT=application/vnd.docker.distribution.manifest.list.v2+json

raw_digest() { # docker://REF -> sha256 of `skopeo inspect --raw` (exact bytes: no $(...) capture)
  sk inspect --raw "${SK_TLS[@]}" "${SK_CREDS[@]}" "$1" >"$TEST_TMP/raw.json" 2>"$TEST_TMP/sk.err" ||
    { cat "$TEST_TMP/sk.err" >&2; return 1; }
  file_digest "$TEST_TMP/raw.json"
}
head_manifest() { req HEAD "/v2/$1/manifests/$2" -H "Accept: $ACCEPT_ALL"; }

# verify_pushed REPO TAG DIGEST MEDIATYPE LABEL
verify_pushed() {
  local repo=$1 tag=$2 want=$3 mt=$4 what=$5 got
  got=$(raw_digest "docker://$H/$repo:$tag")
  assert_digest "$what: skopeo inspect --raw of $repo:$tag hashes to the source digest" "$want" "$got"
  head_manifest "$repo" "$tag"
  expect_status 200 "$what: HEAD /v2/$repo/manifests/$tag"
  expect_hdr_eq Docker-Content-Digest "$want" "$what: HEAD by tag has Docker-Content-Digest = source digest"
  expect_hdr_eq Content-Type "$mt" "$what: HEAD by tag has Content-Type $mt"
  req GET "/v2/$repo/manifests/$want" -H "Accept: $ACCEPT_ALL"
  expect_status 200 "$what: GET /v2/$repo/manifests/<digest>"
  expect_body_digest "$want" "$what: manifest fetched by digest hashes to its digest"
  expect_hdr_eq Docker-Content-Digest "$want" "$what: GET by digest has Docker-Content-Digest"
}

# ---------------------------------------------------------------------------
info "OCI multi-layer image"
D_OCI=$(make_oci_image "$L" img 3) || die "could not build the OCI test image (see $TEST_TMP/build.log)"
log "source OCI manifest $D_OCI"
check "skopeo copy oci:layout -> docker://$H/skopeo/oci-img:v1" \
  sk copy -q "${SK_DEST_TLS[@]}" "${SK_DEST_CREDS[@]}" --digestfile "$TEST_TMP/d1" "oci:$L:img" "docker://$H/skopeo/oci-img:v1"
assert_digest "skopeo --digestfile reports the source digest" "$D_OCI" "$(cat "$TEST_TMP/d1" 2>/dev/null)"
verify_pushed skopeo/oci-img v1 "$D_OCI" "$OCI_MT" "OCI"

out=$(sk inspect "${SK_TLS[@]}" "${SK_CREDS[@]}" "docker://$H/skopeo/oci-img:v1" 2>&1)
assert_digest "skopeo inspect: Digest" "$D_OCI" "$(jq -r .Digest <<<"$out" 2>/dev/null)"
assert_eq "skopeo inspect: 3 layers" "3" "$(jq -r '.Layers|length' <<<"$out" 2>/dev/null)"
assert_eq "skopeo inspect: Architecture" "amd64" "$(jq -r .Architecture <<<"$out" 2>/dev/null)"
assert_eq "skopeo inspect: Name" "$H/skopeo/oci-img" "$(jq -r .Name <<<"$out" 2>/dev/null)"
cfg_src=$(jq -r .config.digest "$(oci_blob_path "$L" "$D_OCI")")
cfg_got=$(sk inspect --config --raw "${SK_TLS[@]}" "${SK_CREDS[@]}" "docker://$H/skopeo/oci-img:v1" 2>/dev/null | sha256sum | sed 's/^/sha256:/; s/ .*//')
assert_digest "skopeo inspect --config --raw returns the config blob" "$cfg_src" "$cfg_got"

check "skopeo copy docker://$H/skopeo/oci-img:v1 -> oci: layout (pull)" \
  sk copy -q "${SK_SRC_TLS[@]}" "${SK_SRC_CREDS[@]}" "docker://$H/skopeo/oci-img:v1" "oci:$TEST_TMP/out-oci:v1"
assert_digest "pulled OCI layout has the same manifest digest" "$D_OCI" "$(oci_ref_digest "$TEST_TMP/out-oci" v1)"
nbad=0
for b in $(jq -r '.layers[].digest, .config.digest' "$(oci_blob_path "$L" "$D_OCI")"); do
  [[ "$(file_digest "$(oci_blob_path "$TEST_TMP/out-oci" "$b")" 2>/dev/null)" == "$b" ]] || nbad=$((nbad + 1))
done
assert_eq "pulled layers and config are byte-identical (hash = digest)" 0 "$nbad"
check "skopeo copy docker:// -> dir: (pull)" \
  sk copy -q "${SK_SRC_TLS[@]}" "${SK_SRC_CREDS[@]}" "docker://$H/skopeo/oci-img:v1" "dir:$TEST_TMP/out-dir"
assert_digest "dir: manifest.json hashes to the source digest" "$D_OCI" "$(file_digest "$TEST_TMP/out-dir/manifest.json" 2>/dev/null)"

# pull by digest
check "skopeo inspect docker://$H/skopeo/oci-img@$D_OCI" \
  sk inspect --raw "${SK_TLS[@]}" "${SK_CREDS[@]}" "docker://$H/skopeo/oci-img@$D_OCI"
check "skopeo copy by digest docker://...@digest -> oci:" \
  sk copy -q "${SK_SRC_TLS[@]}" "${SK_SRC_CREDS[@]}" "docker://$H/skopeo/oci-img@$D_OCI" "oci:$TEST_TMP/out-oci2:bydigest"
assert_digest "pulled-by-digest manifest digest" "$D_OCI" "$(oci_ref_digest "$TEST_TMP/out-oci2" bydigest)"

# ---------------------------------------------------------------------------
info "Docker schema2 image"
D_V2=$(make_v2s2_image "$L" img "$TEST_TMP/v2s2") || die "could not convert the image to Docker schema2"
assert_eq "test image is Docker schema2" "$V2S2_MT" "$(jq -r .mediaType "$TEST_TMP/v2s2/manifest.json")"
check "skopeo copy dir:(v2s2) -> docker://$H/skopeo/v2s2-img:v1" \
  sk copy -q "${SK_DEST_TLS[@]}" "${SK_DEST_CREDS[@]}" "dir:$TEST_TMP/v2s2" "docker://$H/skopeo/v2s2-img:v1"
verify_pushed skopeo/v2s2-img v1 "$D_V2" "$V2S2_MT" "schema2"
check "skopeo copy docker://$H/skopeo/v2s2-img:v1 -> dir: (pull)" \
  sk copy -q "${SK_SRC_TLS[@]}" "${SK_SRC_CREDS[@]}" "docker://$H/skopeo/v2s2-img:v1" "dir:$TEST_TMP/out-v2s2"
assert_digest "pulled schema2 manifest.json hashes to the source digest" "$D_V2" "$(file_digest "$TEST_TMP/out-v2s2/manifest.json" 2>/dev/null)"
# also push the OCI image converted on the fly
check "skopeo copy --format v2s2 oci: -> docker://$H/skopeo/v2s2-conv:v1" \
  sk copy -q --format v2s2 "${SK_DEST_TLS[@]}" "${SK_DEST_CREDS[@]}" --digestfile "$TEST_TMP/d2" "oci:$L:img" "docker://$H/skopeo/v2s2-conv:v1"
assert_digest "on-the-fly schema2 conversion digest matches Docker-Content-Digest" \
  "$(cat "$TEST_TMP/d2" 2>/dev/null)" "$(head_manifest skopeo/v2s2-conv v1; hdr Docker-Content-Digest)"

# ---------------------------------------------------------------------------
info "two-platform OCI index (--all)"
D_IDX=$(make_index "$L" multi) || die "could not build the index"
D_AMD=$(oci_ref_digest "$L" multi-amd64); D_ARM=$(oci_ref_digest "$L" multi-arm64)
check "skopeo copy --all oci:(index) -> docker://$H/skopeo/multi:v1" \
  sk copy -q --all "${SK_DEST_TLS[@]}" "${SK_DEST_CREDS[@]}" "oci:$L:multi" "docker://$H/skopeo/multi:v1"
verify_pushed skopeo/multi v1 "$D_IDX" "$OCI_IDX_MT" "index"
for pair in "amd64:$D_AMD" "arm64:$D_ARM"; do
  arch=${pair%%:*}; d=${pair#*:}
  req HEAD "/v2/skopeo/multi/manifests/$d" -H "Accept: $ACCEPT_ALL"
  expect_status 200 "index child ($arch) is present by digest"
  expect_hdr_eq Content-Type "$OCI_MT" "index child ($arch) Content-Type"
  got=$(sk inspect --override-arch "$arch" --override-os linux "${SK_TLS[@]}" "${SK_CREDS[@]}" "docker://$H/skopeo/multi:v1" 2>/dev/null | jq -r .Architecture 2>/dev/null)
  assert_eq "skopeo inspect --override-arch $arch resolves the $arch child" "$arch" "$got"
  check "skopeo copy --override-arch $arch (single platform out of the index)" \
    sk copy -q --override-arch "$arch" --override-os linux "${SK_SRC_TLS[@]}" "${SK_SRC_CREDS[@]}" "docker://$H/skopeo/multi:v1" "oci:$TEST_TMP/out-$arch:x"
  assert_digest "single-platform pull ($arch) got the child manifest $d" "$d" "$(oci_ref_digest "$TEST_TMP/out-$arch" x)"
done
check "skopeo copy --all docker://$H/skopeo/multi:v1 -> oci: (pull)" \
  sk copy -q --all "${SK_SRC_TLS[@]}" "${SK_SRC_CREDS[@]}" "docker://$H/skopeo/multi:v1" "oci:$TEST_TMP/out-multi:v1"
assert_digest "pulled index digest equals the source index digest" "$D_IDX" "$(oci_ref_digest "$TEST_TMP/out-multi" v1)"
for d in "$D_AMD" "$D_ARM"; do
  assert_digest "pulled child $d is byte-identical" "$d" "$(file_digest "$(oci_blob_path "$TEST_TMP/out-multi" "$d")" 2>/dev/null)"
done

# ---------------------------------------------------------------------------
info "two-platform Docker manifest list (--all)"
D_DL=$(make_docker_list "$L" multi "$TEST_TMP/dlist") || die "could not build the Docker manifest list"
assert_eq "test list is a Docker manifest list" "$V2LIST_MT" "$(jq -r .mediaType "$TEST_TMP/dlist/manifest.json")"
check "skopeo copy --all dir:(manifest list) -> docker://$H/skopeo/dlist:v1" \
  sk copy -q --all "${SK_DEST_TLS[@]}" "${SK_DEST_CREDS[@]}" "dir:$TEST_TMP/dlist" "docker://$H/skopeo/dlist:v1"
verify_pushed skopeo/dlist v1 "$D_DL" "$V2LIST_MT" "manifest list"
for d in $(jq -r '.manifests[].digest' "$TEST_TMP/dlist/manifest.json"); do
  req GET "/v2/skopeo/dlist/manifests/$d" -H "Accept: $ACCEPT_ALL"
  expect_status 200 "manifest list child ${d:0:19} present"
  expect_hdr_eq Content-Type "$V2S2_MT" "manifest list child ${d:0:19} is schema2"
  expect_body_digest "$d" "manifest list child ${d:0:19} exact bytes"
done
check "skopeo copy --all docker://$H/skopeo/dlist:v1 -> dir: (pull)" \
  sk copy -q --all "${SK_SRC_TLS[@]}" "${SK_SRC_CREDS[@]}" "docker://$H/skopeo/dlist:v1" "dir:$TEST_TMP/out-dlist"
assert_digest "pulled manifest list hashes to the source digest" "$D_DL" "$(file_digest "$TEST_TMP/out-dlist/manifest.json" 2>/dev/null)"

# ---------------------------------------------------------------------------
info "tags, cross-repository copies, list-tags"
check "skopeo copy docker->docker in the same repo (new tag v2)" \
  sk copy -q "${SK_SRC_TLS[@]}" "${SK_DEST_TLS[@]}" "${SK_SRC_CREDS[@]}" "${SK_DEST_CREDS[@]}" \
  "docker://$H/skopeo/oci-img:v1" "docker://$H/skopeo/oci-img:v2"
check "skopeo copy docker->docker to another repo (cross-repo mount)" \
  sk copy -q "${SK_SRC_TLS[@]}" "${SK_DEST_TLS[@]}" "${SK_SRC_CREDS[@]}" "${SK_DEST_CREDS[@]}" \
  "docker://$H/skopeo/oci-img:v1" "docker://$H/skopeo/copies/deep/img:latest"
assert_digest "copied image keeps its digest" "$D_OCI" "$(raw_digest "docker://$H/skopeo/copies/deep/img:latest")"
out=$(sk list-tags "${SK_TLS[@]}" "${SK_CREDS[@]}" "docker://$H/skopeo/oci-img" 2>&1)
assert_eq "skopeo list-tags oci-img" '["v1","v2"]' "$(jq -c '.Tags|sort' <<<"$out" 2>/dev/null || echo "$out")"
assert_eq "skopeo list-tags Repository" "$H/skopeo/oci-img" "$(jq -r .Repository <<<"$out" 2>/dev/null)"
out=$(sk list-tags "${SK_TLS[@]}" "${SK_CREDS[@]}" "docker://$H/skopeo/multi" 2>&1)
assert_eq "skopeo list-tags multi" '["v1"]' "$(jq -c '.Tags|sort' <<<"$out" 2>/dev/null || echo "$out")"
check_fails "skopeo list-tags of an unknown repository fails" \
  sk list-tags "${SK_TLS[@]}" "${SK_CREDS[@]}" "docker://$H/skopeo/does-not-exist"
check_fails "skopeo inspect of an unknown tag fails" \
  sk inspect --raw "${SK_TLS[@]}" "${SK_CREDS[@]}" "docker://$H/skopeo/oci-img:nope"

# ---------------------------------------------------------------------------
info "delete"
D_DEL=$(make_oci_image "$L" del 2) || die "could not build image"
check "push an image to skopeo/del:1" \
  sk copy -q "${SK_DEST_TLS[@]}" "${SK_DEST_CREDS[@]}" "oci:$L:del" "docker://$H/skopeo/del:1"
check "push an unrelated image to skopeo/del:keep" \
  sk copy -q "${SK_DEST_TLS[@]}" "${SK_DEST_CREDS[@]}" "dir:$TEST_TMP/v2s2" "docker://$H/skopeo/del:keep"
check "skopeo delete docker://$H/skopeo/del:1" \
  sk delete "${SK_TLS[@]}" "${SK_CREDS[@]}" "docker://$H/skopeo/del:1"
req GET "/v2/skopeo/del/manifests/$D_DEL" -H "Accept: $ACCEPT_ALL"
expect_status 404 "deleted manifest is 404 by digest"
expect_error MANIFEST_UNKNOWN "deleted manifest: error code"
req GET "/v2/skopeo/del/manifests/1" -H "Accept: $ACCEPT_ALL"
expect_status 404 "deleted manifest is 404 by tag"
check_fails "skopeo inspect of the deleted image fails" sk inspect --raw "${SK_TLS[@]}" "${SK_CREDS[@]}" "docker://$H/skopeo/del:1"
assert_eq "tag list after delete" '["keep"]' "$(tags_of skopeo/del)"
assert_digest "the other image in the repo is untouched" "$D_V2" "$(raw_digest "docker://$H/skopeo/del:keep")"

# ---------------------------------------------------------------------------
info "sync"
check "skopeo sync --src docker --dest dir $H/skopeo/oci-img" \
  sk sync --src docker --dest dir "${SK_SRC_TLS[@]}" "${SK_SRC_CREDS[@]}" "$H/skopeo/oci-img" "$TEST_TMP/sync-dir"
for t in v1 v2; do
  assert_digest "synced dir oci-img:$t manifest digest" "$D_OCI" "$(file_digest "$TEST_TMP/sync-dir/oci-img:$t/manifest.json" 2>/dev/null)"
done
check "skopeo sync --all --src docker --dest docker $H/skopeo/multi -> $H/mirror" \
  sk sync --all --src docker --dest docker "${SK_SRC_TLS[@]}" "${SK_DEST_TLS[@]}" "${SK_SRC_CREDS[@]}" "${SK_DEST_CREDS[@]}" \
  "$H/skopeo/multi" "$H/mirror"
assert_digest "synced index keeps its digest (mirror/multi:v1)" "$D_IDX" "$(raw_digest "docker://$H/mirror/multi:v1")"
check "skopeo sync --src docker --dest docker of the schema2 repo" \
  sk sync --src docker --dest docker "${SK_SRC_TLS[@]}" "${SK_DEST_TLS[@]}" "${SK_SRC_CREDS[@]}" "${SK_DEST_CREDS[@]}" \
  "$H/skopeo/v2s2-img" "$H/mirror"
assert_digest "synced schema2 image keeps its digest (mirror/v2s2-img:v1)" "$D_V2" "$(raw_digest "docker://$H/mirror/v2s2-img:v1")"
check "skopeo sync --src dir --dest docker (dir back into the registry)" \
  sk sync --src dir --dest docker "${SK_DEST_TLS[@]}" "${SK_DEST_CREDS[@]}" "$TEST_TMP/sync-dir/oci-img:v1" "$H/fromdir"
got=$(curl_b "$BERTH_URL/v2/_catalog" | jq -r '.repositories[]?' 2>/dev/null | grep '^fromdir/' | head -n1)
assert_match "the dir-synced image is in the catalog" '^fromdir/' "$got"
[[ -n "$got" ]] && assert_digest "dir-synced image keeps its digest" "$D_OCI" "$(raw_digest "docker://$H/$got:v1" 2>/dev/null || raw_digest "docker://$H/$got:latest")"

# the data survives a restart
berth_restart
assert_digest "after restart: OCI image digest" "$D_OCI" "$(raw_digest "docker://$H/skopeo/oci-img:v1")"
assert_digest "after restart: index digest" "$D_IDX" "$(raw_digest "docker://$H/skopeo/multi:v1")"
check "after restart: pull the index again (--all)" \
  sk copy -q --all "${SK_SRC_TLS[@]}" "${SK_SRC_CREDS[@]}" "docker://$H/skopeo/multi:v1" "oci:$TEST_TMP/out-multi2:v1"

finish
