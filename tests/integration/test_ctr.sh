#!/usr/bin/env bash
# containerd / ctr against Berth: pull (OCI, schema2, by digest), --all-platforms pull of an
# index, push to new repositories (ctr's unencoded ?mount=...&from=...).
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
lib_init "$@"
berth_start

H=$BERTH_HOST
L=$TEST_TMP/layout

# ---------------------------------------------------------------------------
info "seed the registry with skopeo"
D1=$(make_oci_image "$L" img 3) || die "could not build the OCI image"
D2=$(make_v2s2_image "$L" img "$TEST_TMP/v2s2") || die "could not build the schema2 image"
DI=$(make_index "$L" multi) || die "could not build the index"
D_AMD=$(oci_ref_digest "$L" multi-amd64); D_ARM=$(oci_ref_digest "$L" multi-arm64)
sk copy -q "${SK_DEST_TLS[@]}" "${SK_DEST_CREDS[@]}" "oci:$L:img" "docker://$H/ctr/img:v1" >/dev/null 2>&1 &&
  sk copy -q "${SK_DEST_TLS[@]}" "${SK_DEST_CREDS[@]}" "dir:$TEST_TMP/v2s2" "docker://$H/ctr/v2s2:v1" >/dev/null 2>&1 &&
  sk copy -q --all "${SK_DEST_TLS[@]}" "${SK_DEST_CREDS[@]}" "oci:$L:multi" "docker://$H/ctr/multi:v1" >/dev/null 2>&1 ||
  die "skopeo could not seed the registry"
ok "seeded ctr/img:v1, ctr/v2s2:v1, ctr/multi:v1"

# ---------------------------------------------------------------------------
info "start containerd"
start_containerd
ok "containerd is up ($SOCK)"

CTR_PULL=(--plain-http "${CTR_CREDS[@]}")
SNAP=(--snapshotter native)
# image_digest REF: target digest of an image in containerd
image_digest() { ctr_ images ls "name==$1" 2>/dev/null | awk 'NR > 1 {print $3}'; }

# ---------------------------------------------------------------------------
info "pull"
check "ctr images pull --plain-http $H/ctr/img:v1" ctr_ images pull "${CTR_PULL[@]}" "${SNAP[@]}" "$H/ctr/img:v1"
assert_digest "pulled OCI image has the pushed digest" "$D1" "$(image_digest "$H/ctr/img:v1")"
check "ctr images check: the OCI image is complete" bash -c "$(declare -f ctr_); SOCK='$SOCK'; ctr_ images check 'name==$H/ctr/img:v1' | grep -q 'complete'"
check "ctr images pull schema2 $H/ctr/v2s2:v1" ctr_ images pull "${CTR_PULL[@]}" "${SNAP[@]}" "$H/ctr/v2s2:v1"
assert_digest "pulled schema2 image has the pushed digest" "$D2" "$(image_digest "$H/ctr/v2s2:v1")"
check "ctr images pull by digest $H/ctr/img@$D1" ctr_ images pull "${CTR_PULL[@]}" "${SNAP[@]}" "$H/ctr/img@$D1"
check "ctr images pull --all-platforms $H/ctr/multi:v1" \
  ctr_ images pull "${CTR_PULL[@]}" "${SNAP[@]}" --all-platforms "$H/ctr/multi:v1"
assert_digest "pulled index has the pushed digest" "$DI" "$(image_digest "$H/ctr/multi:v1")"
content=$(ctr_ content ls -q 2>/dev/null)
assert_contains "the amd64 child manifest was fetched" "$D_AMD" "$content"
assert_contains "the arm64 child manifest was fetched" "$D_ARM" "$content"
missing=""
for d in "$D_AMD" "$D_ARM"; do
  for b in $(jq -r '.layers[].digest, .config.digest' "$(oci_blob_path "$L" "$d")"); do
    [[ "$content" == *"$b"* ]] || missing+="$b (of $d) "
  done
done
assert_eq "all blobs of both platforms were fetched by --all-platforms" "" "$missing"
check "ctr images pull --platform linux/arm64 of the index" \
  ctr_ images pull "${CTR_PULL[@]}" "${SNAP[@]}" --platform linux/arm64 "$H/ctr/multi:v1"
check_fails "ctr pull of an unknown tag fails" ctr_ images pull "${CTR_PULL[@]}" "${SNAP[@]}" "$H/ctr/img:nope"

# ---------------------------------------------------------------------------
info "push"
check "ctr images tag to ctr/pushed:v1" ctr_ images tag "$H/ctr/img:v1" "$H/ctr/pushed:v1"
check "ctr images push --plain-http $H/ctr/pushed:v1 (new repo, mounts from ctr/img)" \
  ctr_ images push "${CTR_PULL[@]}" "$H/ctr/pushed:v1"
req HEAD "/v2/ctr/pushed/manifests/v1" -H "Accept: $ACCEPT_ALL"
expect_status 200 "pushed manifest is present"
expect_hdr_eq Docker-Content-Digest "$D1" "pushed manifest keeps the digest"
for b in $(jq -r '.layers[].digest, .config.digest' "$(oci_blob_path "$L" "$D1")"); do
  req HEAD "/v2/ctr/pushed/blobs/$b"
  expect_status 200 "blob $b is present in ctr/pushed"
done

check "ctr images tag schema2 to ctr/pushed-v2s2:v1" ctr_ images tag "$H/ctr/v2s2:v1" "$H/ctr/pushed-v2s2:v1"
check "ctr images push schema2 image" ctr_ images push "${CTR_PULL[@]}" \
  --manifest-type application/vnd.docker.distribution.manifest.v2+json "$H/ctr/pushed-v2s2:v1"
req HEAD "/v2/ctr/pushed-v2s2/manifests/v1" -H "Accept: $ACCEPT_ALL"
expect_hdr_eq Docker-Content-Digest "$D2" "pushed schema2 manifest keeps the digest"
expect_hdr_eq Content-Type application/vnd.docker.distribution.manifest.v2+json "pushed schema2 Content-Type"

check "ctr images tag index to ctr/pushed-multi:v1" ctr_ images tag "$H/ctr/multi:v1" "$H/ctr/pushed-multi:v1"
check "ctr images push the index (all platforms) to a new repo" \
  ctr_ images push "${CTR_PULL[@]}" --manifest-type application/vnd.oci.image.index.v1+json "$H/ctr/pushed-multi:v1"
req HEAD "/v2/ctr/pushed-multi/manifests/v1" -H "Accept: $ACCEPT_ALL"
expect_hdr_eq Docker-Content-Digest "$DI" "pushed index keeps the digest"
expect_hdr_eq Content-Type application/vnd.oci.image.index.v1+json "pushed index Content-Type"
for d in "$D_AMD" "$D_ARM"; do
  req HEAD "/v2/ctr/pushed-multi/manifests/$d" -H "Accept: $ACCEPT_ALL"
  expect_status 200 "child $d pushed with the index"
done

# ctr sends ?mount=sha256:...&from=... unencoded; make sure the registry answered 201 for them
if [[ $BERTH_KIND == distribution ]]; then
  n=$(grep -c 'mount=sha256:.*response.status=201' "$BERTH_LOG")
  log "distribution answered $n cross-repo mounts with 201"
fi

# ---------------------------------------------------------------------------
info "round trip: remove and pull the pushed images"
# --sync: containerd's garbage collection finishes first, or prune races it ("content digest not found").
check "ctr images rm" ctr_ images rm --sync "$H/ctr/pushed:v1" "$H/ctr/img:v1" "$H/ctr/img@$D1"
check "ctr content prune (drop unreferenced blobs)" ctr_ content prune references
check "ctr images pull $H/ctr/pushed:v1" ctr_ images pull "${CTR_PULL[@]}" "${SNAP[@]}" "$H/ctr/pushed:v1"
assert_digest "re-pulled image digest" "$D1" "$(image_digest "$H/ctr/pushed:v1")"

finish
