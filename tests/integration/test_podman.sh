#!/usr/bin/env bash
# podman (and buildah) against Berth: push (OCI and --format v2s2), pull by tag and by digest,
# manifest lists, search.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
lib_init "$@"
berth_start
podman_setup

H=$BERTH_HOST
L=$TEST_TMP/layout
TLS=(--tls-verify=false)

raw_digest() {
  sk inspect --raw "${SK_TLS[@]}" "${SK_CREDS[@]}" "$1" >"$TEST_TMP/raw.json" 2>"$TEST_TMP/sk.err" || return 1
  file_digest "$TEST_TMP/raw.json"
}
head_digest() { req HEAD "/v2/$1/manifests/$2" -H "Accept: $ACCEPT_ALL"; hdr Docker-Content-Digest; }

if [[ $BERTH_AUTH == 1 ]]; then
  check "podman login" pm login "${TLS[@]}" -u "$BERTH_USER" -p "$BERTH_PASS" "$H"
fi

info "build a local image"
make_oci_image "$L" img 3 >/dev/null || die "could not build the OCI test image"
check "podman pull oci: layout into the private store" pm pull -q "oci:$L:img"
check "podman tag" pm tag "$(pm images -q | head -n1)" "$H/podman/img:v1"

info "push"
check "podman push (OCI) $H/podman/img:v1" \
  pm push -q "${TLS[@]}" --format oci --digestfile "$TEST_TMP/push1.digest" "$H/podman/img:v1"
D1=$(cat "$TEST_TMP/push1.digest" 2>/dev/null)
assert_match "podman push wrote a digest" '^sha256:[0-9a-f]{64}$' "$D1"
assert_digest "Docker-Content-Digest of podman/img:v1 = podman's digest" "$D1" "$(head_digest podman/img v1)"
assert_eq "Content-Type of podman/img:v1" "application/vnd.oci.image.manifest.v1+json" "$(hdr Content-Type)"
assert_digest "skopeo inspect --raw of podman/img:v1 hashes to podman's digest" "$D1" "$(raw_digest "docker://$H/podman/img:v1")"

check "podman tag for schema2 push" pm tag "$H/podman/img:v1" "$H/podman/img-v2s2:v1"
check "podman push --format v2s2 $H/podman/img-v2s2:v1" \
  pm push -q "${TLS[@]}" --format v2s2 --digestfile "$TEST_TMP/push2.digest" "$H/podman/img-v2s2:v1"
D2=$(cat "$TEST_TMP/push2.digest" 2>/dev/null)
assert_digest "Docker-Content-Digest of podman/img-v2s2:v1 = podman's digest" "$D2" "$(head_digest podman/img-v2s2 v1)"
assert_eq "Content-Type of podman/img-v2s2:v1 is Docker schema2" \
  "application/vnd.docker.distribution.manifest.v2+json" "$(hdr Content-Type)"
req GET "/v2/podman/img-v2s2/manifests/v1" -H "Accept: application/vnd.docker.distribution.manifest.v2+json"
assert_eq "schema2 manifest body has the schema2 mediaType" \
  "application/vnd.docker.distribution.manifest.v2+json" "$(jq -r .mediaType "$RESP_BODY" 2>/dev/null)"

# a second push of the same image is a no-op that keeps the digest
check "podman push again (layers already present)" pm push -q "${TLS[@]}" --format oci "$H/podman/img:v1"
assert_digest "digest unchanged after the second push" "$D1" "$(head_digest podman/img v1)"
check "podman push to a second repository (cross-repo mount)" \
  pm push -q "${TLS[@]}" --format oci "$H/podman/img:v1" "docker://$H/podman/other/img:v1"

info "pull back"
check "podman rmi -a -f (empty the store)" pm rmi -a -f
assert_eq "store is empty" "" "$(pm images -q)"
check "podman pull by tag $H/podman/img:v1" pm pull -q "${TLS[@]}" "$H/podman/img:v1"
check "podman pull by digest $H/podman/img@$D1" pm pull -q "${TLS[@]}" "$H/podman/img@$D1"
rd=$(pm image inspect --format '{{range .RepoDigests}}{{.}} {{end}}' "$H/podman/img:v1" 2>&1)
assert_contains "podman image inspect RepoDigests contains the pushed digest" "$H/podman/img@$D1" "$rd"
check "podman pull schema2 by tag" pm pull -q "${TLS[@]}" "$H/podman/img-v2s2:v1"
check "podman pull schema2 by digest" pm pull -q "${TLS[@]}" "$H/podman/img-v2s2@$D2"
check_fails "podman pull of an unknown tag fails" pm pull -q "${TLS[@]}" "$H/podman/img:does-not-exist"
check_fails "podman pull of an unknown repository fails" pm pull -q "${TLS[@]}" "$H/podman/nothing-here:v1"

info "search (_catalog)"
out=$(pm search "${TLS[@]}" --format '{{.Name}}' "$H/podman" 2>&1)
assert_contains "podman search lists podman/img" "$H/podman/img" "$out"

info "manifest list (podman manifest)"
# two platforms from the registry itself
D_AMD=$(make_oci_image "$L" amd 2 amd64 50000) && D_ARM=$(make_oci_image "$L" arm 2 arm64 50000) ||
  die "could not build platform images"
check "push amd64 image" sk copy -q "${SK_DEST_TLS[@]}" "${SK_DEST_CREDS[@]}" "oci:$L:amd" "docker://$H/podman/plat:amd64"
check "push arm64 image" sk copy -q "${SK_DEST_TLS[@]}" "${SK_DEST_CREDS[@]}" "oci:$L:arm" "docker://$H/podman/plat:arm64"
check "podman manifest create" pm manifest create "$H/podman/list:v1"
check "podman manifest add amd64" pm manifest add "${TLS[@]}" "$H/podman/list:v1" "docker://$H/podman/plat:amd64"
check "podman manifest add arm64" pm manifest add "${TLS[@]}" --arch arm64 "$H/podman/list:v1" "docker://$H/podman/plat:arm64"
check "podman manifest push --all" \
  pm manifest push -q "${TLS[@]}" --all --digestfile "$TEST_TMP/list.digest" "$H/podman/list:v1" "docker://$H/podman/list:v1"
DL=$(cat "$TEST_TMP/list.digest" 2>/dev/null)
assert_digest "Docker-Content-Digest of the pushed list = podman's digest" "$DL" "$(head_digest podman/list v1)"
assert_match "the list is served as an index / manifest list" \
  'application/vnd\.(oci\.image\.index\.v1|docker\.distribution\.manifest\.list\.v2)\+json' "$(hdr Content-Type)"
req GET "/v2/podman/list/manifests/v1" -H "Accept: $ACCEPT_ALL"
children=$(jq -r '[.manifests[].digest]|sort|join(",")' "$RESP_BODY" 2>/dev/null)
assert_eq "the list names both platform manifests" "$(printf '%s\n' "$D_AMD" "$D_ARM" | sort | paste -sd,)" "$children"
check "podman pull --arch arm64 of the list" pm pull -q "${TLS[@]}" --arch arm64 "$H/podman/list:v1"
arch=$(pm image inspect --format '{{.Architecture}}' "$H/podman/list:v1" 2>&1)
assert_eq "pulled the arm64 instance" "arm64" "$arch"

info "buildah"
BA=(timeout 150 buildah --root "$PODMAN_ROOT/root" --runroot "$PODMAN_ROOT/run" --storage-driver vfs)
echo "hello from buildah $RANDOM$RANDOM" >"$TEST_TMP/hello.txt"
ctr_id=$("${BA[@]}" from scratch 2>"$TEST_TMP/buildah.err")
if [[ -n "$ctr_id" ]]; then
  ok "buildah from scratch"
  check "buildah copy" "${BA[@]}" copy "$ctr_id" "$TEST_TMP/hello.txt" /hello.txt
  check "buildah commit" "${BA[@]}" commit -q --format oci "$ctr_id" "$H/podman/buildah:v1"
  check "buildah push" "${BA[@]}" push -q "${TLS[@]}" --digestfile "$TEST_TMP/ba.digest" "$H/podman/buildah:v1"
  assert_digest "Docker-Content-Digest of the buildah image = buildah's digest" \
    "$(cat "$TEST_TMP/ba.digest" 2>/dev/null)" "$(head_digest podman/buildah v1)"
  "${BA[@]}" rm "$ctr_id" >/dev/null 2>&1
else
  fail "buildah from scratch" "$(cat "$TEST_TMP/buildah.err")"
fi

info "after restart"
berth_restart
check "podman rmi -a -f" pm rmi -a -f
check "podman pull by tag after restart" pm pull -q "${TLS[@]}" "$H/podman/img:v1"
check "podman pull by digest after restart" pm pull -q "${TLS[@]}" "$H/podman/img-v2s2@$D2"

finish
