#!/usr/bin/env bash
# Proxy-cache projects (Berth issue #4) against real upstreams on loopback: docker-registry
# anonymous (the public case), with htpasswd, and private Amazon ECR (tests/fakes/ecr_server.py
# in front of a docker-registry with user AWS). Pulls with skopeo, podman and containerd;
# upstream requests are counted from docker-registry's own access log.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
TEST_TIMEOUT=${TEST_TIMEOUT:-400}
lib_init "$@"
require_berth "proxy cache" || finish
. "$HERE/remote_lib.sh"
remote_safety_env

API=/api/v2.0
BASIC_PW="bAsic-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
ECR_PASSWORD=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
AK=AKIAIOSFODNN7EXAMPLE
SK=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY

info "upstreams"
start_registry anon
ANON_PORT=$REG_PORT ANON=http://127.0.0.1:$REG_PORT ANON_LOG=$REG_LOG ANON_CONF=$TEST_TMP/anon/config.yml
start_registry basic "$(htpasswd_yaml user "$BASIC_PW" "$TEST_TMP/basic.htpasswd")"
BASIC=http://127.0.0.1:$REG_PORT BASIC_LOG=$REG_LOG BASIC_PORT=$REG_PORT
start_token_registry bob:t0ken-Pw
start_registry ecr "$(htpasswd_yaml AWS "$ECR_PASSWORD" "$TEST_TMP/ecr.htpasswd")"
ECR_REG_PORT=$REG_PORT
start_ecr_fake "$AK" "$SK" "$ECR_PASSWORD" "http://127.0.0.1:$REG_PORT"

# restart_anon: the anonymous upstream again, same port and data (after it was stopped)
anon_pid() { pgrep -f "docker-registry serve $ANON_CONF" | head -1; }
stop_anon() { kill "-${1:-TERM}" "$(anon_pid)" 2>/dev/null; local i; for ((i = 0; i < 50; i++)); do [[ -z $(anon_pid) ]] && return; sleep 0.1; done; }
restart_anon() {
  env -u REGISTRY_AUTH_FILE docker-registry serve "$ANON_CONF" >>"$ANON_LOG" 2>&1 &
  register_pid $!
  wait_http "$ANON/v2/" || die "docker-registry anon did not restart"
}

info "images in the upstreams"
L=$TEST_TMP/layout
IMG=$(make_oci_image "$L" img 3 amd64 300000) || die "make_oci_image failed"
IDX=$(make_index "$L" multi) || die "make_index failed"
HOT=$(make_oci_image "$L" hot 4 amd64 400000) || die "make_oci_image hot failed"
BIG=$(make_oci_image "$L" big 1 amd64 24000000) || die "make_oci_image big failed"
LIST=$(make_docker_list "$L" multi "$TEST_TMP/list") || die "make_docker_list failed"
seed() { # SRC DEST [creds]
  sk copy -q --all --dest-tls-verify=false ${3:+--dest-creds "$3"} "$1" "$2" >/dev/null 2>&1 ||
    die "seeding $2 failed"
}
seed "oci:$L:img" "docker://127.0.0.1:$ANON_PORT/team/img:v1"
seed "oci:$L:multi" "docker://127.0.0.1:$ANON_PORT/team/multi:v1"
seed "dir:$TEST_TMP/list" "docker://127.0.0.1:$ANON_PORT/team/list:v1"
seed "oci:$L:hot" "docker://127.0.0.1:$ANON_PORT/team/hot:v1"
seed "oci:$L:big" "docker://127.0.0.1:$ANON_PORT/team/big:v1"
seed "oci:$L:img" "docker://127.0.0.1:$ANON_PORT/library/img:v1"
seed "oci:$L:img" "docker://127.0.0.1:$BASIC_PORT/secret/img:v1" "user:$BASIC_PW"
seed "oci:$L:img" "docker://$TOKEN_REG/team/img:v1" "bob:t0ken-Pw"
seed "oci:$L:img" "docker://127.0.0.1:$ECR_REG_PORT/cloudwatch-agent/cloudwatch-agent:latest" "AWS:$ECR_PASSWORD"
ok "upstreams seeded"

BERTH_EXTRA_CONFIG=$'proxy:\n  manifestTimeoutMs: 1500\n  connectTimeoutMs: 1000\n  mirror:\n    project: hub\n    hosts: [localhost]'
berth_start
H=$BERTH_HOST

jqb() { jq -r "$1" "$RESP_BODY" 2>/dev/null; }
post() { req POST "$1" -H 'Content-Type: application/json' --data-binary "$2"; }
# new_endpoint NAME TYPE URL [AK SK]: prints the id
new_endpoint() {
  local body
  body=$(jq -cn --arg n "$1" --arg t "$2" --arg u "$3" --arg k "${4:-}" --arg s "${5:-}" \
    '{name:$n,type:$t,url:$u,insecure:false} + (if $k != "" then {credential:{type:"basic",access_key:$k,access_secret:$s}} else {} end)')
  post "$API/registries" "$body" >/dev/null
  [[ $RESP_STATUS == 201 ]] || { fail "create endpoint $1" "HTTP $RESP_STATUS $(body)"; return 1; }
  hdr Location | sed 's#.*/##'
}
new_proxy_project() { # NAME REGISTRY_ID [public]
  post "$API/projects" "$(jq -cn --arg n "$1" --argjson r "$2" --arg p "${3:-false}" \
    '{project_name:$n,registry_id:$r,metadata:{public:$p}}')" >/dev/null
  assert_eq "proxy project $1 created" 201 "$RESP_STATUS"
}
# upstream_gets LOG PATH-ERE: GET requests the upstream answered for matching URIs
upstream_gets() { grep 'response completed' "$1" | grep 'http.request.method=GET' | grep -cE "http.request.uri=\"$2\"" || true; }
pull() { # REF OUT [extra skopeo args]: skopeo copy from Berth into an OCI layout
  local ref=$1 out=$2; shift 2
  sk copy -q "$@" --src-tls-verify=false "${SK_SRC_CREDS[@]}" "docker://$H/$ref" "oci:$out:x" >"$TEST_TMP/pull.log" 2>&1
}

info "endpoints and proxy projects"
ANON_ID=$(new_endpoint up-anon docker-registry "$ANON")
BASIC_ID=$(new_endpoint up-basic docker-registry "$BASIC" user "$BASIC_PW")
TOKEN_ID=$(new_endpoint up-token docker-registry "http://$TOKEN_REG" bob t0ken-Pw)
ECR_ID=$(new_endpoint up-ecr aws-ecr https://123456789012.dkr.ecr.us-west-2.amazonaws.com "$AK" "$SK")
new_proxy_project proxy "$ANON_ID"
new_proxy_project priv "$BASIC_ID"
new_proxy_project ecr "$ECR_ID"
new_proxy_project tok "$TOKEN_ID"
new_proxy_project hub "$ANON_ID" true
HUBTYPE_ID=$(new_endpoint up-hubtype docker-hub "$ANON")
new_proxy_project dh "$HUBTYPE_ID"
req GET "$API/projects/priv/summary" >/dev/null
assert_eq "summary names the proxy cache's endpoint (Harbor's registry field)" "up-basic $BASIC" \
  "$(jqb '.registry.name + " " + .registry.url')"
assert_eq "... never its credential" null "$(jqb .registry.credential)"

# ---------------------------------------------------------------------------
info "cold and warm pulls"
check "skopeo pulls proxy/team/img:v1 through the cache" pull proxy/team/img:v1 "$TEST_TMP/p1"
assert_eq "pulled manifest is the upstream's" "$IMG" "$(oci_ref_digest "$TEST_TMP/p1" x)"
BLOB_GETS=$(upstream_gets "$ANON_LOG" '/v2/team/img/blobs/sha256:[0-9a-f]+')
assert_eq "cold pull: each of 4 blobs fetched from the upstream once" 4 "$BLOB_GETS"
check "warm pull" pull proxy/team/img:v1 "$TEST_TMP/p2"
assert_eq "warm pull: no blob fetched again" "$BLOB_GETS" "$(upstream_gets "$ANON_LOG" '/v2/team/img/blobs/sha256:[0-9a-f]+')"
assert_eq "warm pull: manifest not fetched again (HEAD only)" 1 "$(upstream_gets "$ANON_LOG" "/v2/team/img/manifests/$IMG")"
req GET "$API/projects/proxy/repositories" >/dev/null
assert_contains "cached repository listed by the API" '"proxy/team/img"' "$(body)"
req GET "$API/projects/proxy/repositories/team%252Fimg/artifacts/v1" >/dev/null
assert_eq "cached artifact in the artifacts API" "$IMG" "$(jqb .digest)"
check "pull by digest from the cache" pull "proxy/team/img@$IMG" "$TEST_TMP/p3"
sleep 5.5; pull proxy/team/img:v1 "$TEST_TMP/p4"  # pull times are written in batches (5 s)
req GET "$API/projects/proxy/repositories/team%252Fimg/artifacts/v1" >/dev/null
assert_match "cached artifact has a pull_time" '^20[0-9]{2}-' "$(jqb .pull_time)"

info "Docker Hub names and blob HEADs"
check "docker-hub endpoint: dh/img:v1 pulls library/img" pull dh/img:v1 "$TEST_TMP/h1"
assert_eq "single-level name mapped to library/" "$IMG" "$(oci_ref_digest "$TEST_TMP/h1" x)"
req GET "$API/projects/dh/repositories" >/dev/null
assert_contains "cached as dh/library/img (Harbor's name)" '"dh/library/img"' "$(body)"
HOT_LAYER=$(jq -r '.layers[0].digest' "$(oci_blob_path "$L" "$HOT")")
req HEAD "/v2/proxy/team/hot/blobs/$HOT_LAYER" >/dev/null
assert_eq "HEAD of an uncached blob answers from the upstream" 200 "$RESP_STATUS"
assert_eq "... without downloading it" 0 "$(upstream_gets "$ANON_LOG" "/v2/team/hot/blobs/$HOT_LAYER")"
req HEAD "/v2/proxy/team/hot/blobs/sha256:$(printf '%064d' 0)" >/dev/null
assert_eq "HEAD of a blob the upstream lacks: 404" 404 "$RESP_STATUS"

info "indexes and manifest lists"
check "skopeo --all pulls the OCI index" pull proxy/team/multi:v1 "$TEST_TMP/m1" --all
assert_eq "index stored byte for byte" "$IDX" "$(oci_ref_digest "$TEST_TMP/m1" x)"
check "pull by index digest" pull "proxy/team/multi@$IDX" "$TEST_TMP/m2" --all
req GET "/v2/proxy/team/multi/manifests/$IDX" -H 'Accept: application/vnd.oci.image.index.v1+json' >/dev/null
expect_body_digest "$IDX" "GET index by digest: the upstream's bytes"
check "skopeo --all pulls the Docker manifest list" pull proxy/team/list:v1 "$TEST_TMP/l1" --all
req GET "/v2/proxy/team/list/manifests/v1" -H 'Accept: application/vnd.docker.distribution.manifest.list.v2+json' >/dev/null
expect_body_digest "$LIST" "manifest list stored whole"

info "referrers (OCI 1.1) from the upstream"
# docker-registry 2.8 has no referrers API: a signer (oras, cosign) pushes the referrer by digest
# and lists it in the fallback tag sha256-<hex>, which Berth reads for the proxy's answer.
up_blob() { # FILE: push into the upstream's team/img, print the digest
  local d loc; d=$(file_digest "$1")
  loc=$(curl -sS -o /dev/null -D - -X POST "$ANON/v2/team/img/blobs/uploads/" | tr -d '\r' | awk 'tolower($1)=="location:" {print $2}')
  [[ $loc == /* ]] && loc=$ANON$loc
  curl -sS -f -o /dev/null -X PUT -H 'Content-Type: application/octet-stream' --data-binary "@$1" "$loc&digest=$d" || return 1
  printf '%s' "$d"
}
up_manifest() { # REF FILE MEDIATYPE
  curl -sS -f -o /dev/null -X PUT -H "Content-Type: $3" --data-binary "@$2" "$ANON/v2/team/img/manifests/$1"
}
printf '{}' >"$TEST_TMP/empty.json"
printf 'signature of %s' "$IMG" >"$TEST_TMP/sig.bin"
EMPTY_D=$(up_blob "$TEST_TMP/empty.json") && SIG_D=$(up_blob "$TEST_TMP/sig.bin") || die "upstream blobs"
IMG_SIZE=$(curl -sS -I -H 'Accept: application/vnd.oci.image.manifest.v1+json' "$ANON/v2/team/img/manifests/$IMG" | tr -d '\r' | awk 'tolower($1)=="content-length:" {print $2}')
jq -cn --arg e "$EMPTY_D" --arg s "$SIG_D" --argjson ss "$(stat -c %s "$TEST_TMP/sig.bin")" --arg i "$IMG" --argjson is "$IMG_SIZE" \
  '{schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json", artifactType: "application/vnd.example.sig",
    config: {mediaType: "application/vnd.oci.empty.v1+json", digest: $e, size: 2},
    layers: [{mediaType: "application/octet-stream", digest: $s, size: $ss}],
    subject: {mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $i, size: $is}}' >"$TEST_TMP/ref.json"
REF_D=$(file_digest "$TEST_TMP/ref.json")
up_manifest "$REF_D" "$TEST_TMP/ref.json" application/vnd.oci.image.manifest.v1+json || die "upstream referrer"
jq -cn --arg r "$REF_D" --argjson rs "$(stat -c %s "$TEST_TMP/ref.json")" \
  '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json",
    manifests: [{mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $r, size: $rs, artifactType: "application/vnd.example.sig"}]}' >"$TEST_TMP/fallback.json"
up_manifest "sha256-${IMG#sha256:}" "$TEST_TMP/fallback.json" application/vnd.oci.image.index.v1+json || die "upstream fallback tag"
req GET "/v2/proxy/team/img/referrers/$IMG" >/dev/null
expect_status 200 "GET referrers through the proxy"
assert_eq "the upstream's referrer is listed, with its artifactType" "$REF_D application/vnd.example.sig" "$(jqb '.manifests[] | .digest + " " + .artifactType')"
req GET "/v2/proxy/team/img/referrers/$IMG?artifactType=application/vnd.example.sig" >/dev/null
assert_eq "filtered by artifactType: kept" "$REF_D" "$(jqb '.manifests[].digest')"
assert_eq "filtered: OCI-Filters-Applied" artifactType "$(hdr OCI-Filters-Applied)"
req GET "/v2/proxy/team/img/referrers/$IMG?artifactType=application/vnd.other" >/dev/null
assert_eq "filtered by another artifactType: none" 0 "$(jqb '.manifests | length')"
req GET "/v2/proxy/team/img/manifests/$REF_D" -H 'Accept: application/vnd.oci.image.manifest.v1+json' >/dev/null
expect_body_digest "$REF_D" "the referrer manifest pulls through the proxy by digest"
req GET "/v2/proxy/team/img/referrers/$IMG" >/dev/null
assert_eq "now cached: listed once, not twice" 1 "$(jqb '.manifests | length')"
req GET "/v2/proxy/team/img/referrers/sha256:nothex" >/dev/null
expect_status 400 "referrers of a malformed digest"
# An upstream with the referrers API: Berth itself (its project "proxy" now holds the referrer).
SELF_ID=$(new_endpoint up-self docker-registry "$BERTH_URL" admin Harbor12345)
new_proxy_project self "$SELF_ID"
inner_referrers() { grep -c "\"GET /v2/proxy/team/img/referrers/$IMG\" 200" "$BERTH_LOG"; }
before=$(inner_referrers)
req GET "/v2/self/proxy/team/img/referrers/$IMG" >/dev/null
assert_eq "referrers API upstream: the referrer listed" "200 $REF_D" "$RESP_STATUS $(jqb '.manifests[].digest')"
assert_eq "referrers API upstream: asked once through /referrers/" $((before + 1)) "$(inner_referrers)"

info "podman and containerd"
# A short alias of $TEST_TMP/podman (the real files are removed with the temp dir).
mkdir -p "$TEST_TMP/podman"
PODMAN_SHORT=/tmp/bpc.$$
ln -sfn "$TEST_TMP/podman" "$PODMAN_SHORT"
podman_setup "$PODMAN_SHORT"
check "podman pull through the cache" pm pull -q --tls-verify=false "${PODMAN_CREDS[@]}" "$H/proxy/team/img:v1"
start_containerd
check "ctr pull through the cache" ctr_ images pull --plain-http "${CTR_CREDS[@]}" --snapshotter native "$H/proxy/team/multi:v1"
check "ctr pull by index digest" ctr_ images pull --plain-http "${CTR_CREDS[@]}" --snapshotter native --all-platforms "$H/proxy/team/multi@$IDX"

info "private upstreams: htpasswd, token auth and ECR"
check "pull from a token-auth upstream" pull tok/team/img:v1 "$TEST_TMP/t1"
assert_eq "token upstream image" "$IMG" "$(oci_ref_digest "$TEST_TMP/t1" x)"
assert_match "Bearer tokens issued to bob" 'token 200' "$(cat "$TOKEN_LOG")"
check "pull from an htpasswd upstream" pull priv/secret/img:v1 "$TEST_TMP/s1"
assert_eq "htpasswd upstream image" "$IMG" "$(oci_ref_digest "$TEST_TMP/s1" x)"
check "pull cloudwatch-agent from private ECR" pull ecr/cloudwatch-agent/cloudwatch-agent:latest "$TEST_TMP/e1"
assert_eq "ECR image" "$IMG" "$(oci_ref_digest "$TEST_TMP/e1" x)"
assert_match "ECR token fetched with SigV4" 'GetAuthorizationToken' "$(cat "$ECR_LOG")"

info "pushes into a proxy project are refused"
req POST "/v2/proxy/team/img/blobs/uploads/" >/dev/null
assert_eq "upload start refused" 403 "$RESP_STATUS"; expect_error DENIED "upload start: DENIED"
assert_contains "Harbor's message" "can not push artifact to a proxy project" "$(body)"
req PUT "/v2/proxy/team/img/manifests/pushed" -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' --data-binary '{}' >/dev/null
assert_eq "manifest PUT refused" 403 "$RESP_STATUS"; expect_error DENIED "manifest PUT: DENIED"

# ---------------------------------------------------------------------------
info "20 concurrent cold pulls of one image"
pids=()
for ((n = 0; n < 20; n++)); do
  sk copy -q --src-tls-verify=false "${SK_SRC_CREDS[@]}" "docker://$H/proxy/team/hot:v1" "oci:$TEST_TMP/hot$n:x" >"$TEST_TMP/hot$n.log" 2>&1 &
  pids+=($!)
done
bad=0
for p in "${pids[@]}"; do wait "$p" || bad=$((bad + 1)); done
assert_eq "all 20 pulls succeeded" 0 "$bad"
for d in $(jq -r '.layers[].digest, .config.digest' "$(oci_blob_path "$L" "$HOT")"); do
  assert_eq "blob ${d:7:12} fetched from the upstream exactly once" 1 "$(upstream_gets "$ANON_LOG" "/v2/team/hot/blobs/$d")"
done
req GET "$API/projects/proxy/proxy_cache/statistics" >/dev/null
assert_eq "statistics answer" 200 "$RESP_STATUS"
assert_match "statistics count joined downloads" '"joined_fetches":[1-9]' "$(body)"
assert_match "statistics count the bytes the cache spared the upstream (warm pulls)" '"bytes_saved":[1-9]' "$(body)"

# ---------------------------------------------------------------------------
info "transparent mirror (Host localhost → project hub)"
HOSTS=$TEST_TMP/hosts.d/docker.io
mkdir -p "$HOSTS"
printf 'server = "http://127.0.0.1:9"\n\n[host."http://localhost:%s"]\n  capabilities = ["pull", "resolve"]\n' "$BERTH_PORT" >"$HOSTS/hosts.toml"
check "ctr pulls docker.io/library/img:v1 through the mirror" \
  ctr_ images pull --hosts-dir "$TEST_TMP/hosts.d" --snapshotter native docker.io/library/img:v1
req GET "$API/projects/hub/repositories" >/dev/null
assert_contains "mirror pulls are cached in project hub" '"hub/library/img"' "$(body)"

# ---------------------------------------------------------------------------
info "upstream down: cached tags still pull at once, uncached ones fail fast"
stop_anon
start=$(date +%s%N)
check "cached tag pulls with the upstream down" pull proxy/team/img:v1 "$TEST_TMP/d1"
ms=$((($(date +%s%N) - start) / 1000000))
assert_match "served from the cache within 5 s (took ${ms} ms)" '^[0-9]{1,4}$' "$ms"
req GET "/v2/proxy/team/nothere/manifests/v1" >/dev/null
assert_eq "uncached tag with the upstream down: 502" 502 "$RESP_STATUS"
assert_contains "the error says why" "upstream" "$(body)"
req GET "/v2/proxy/team/img/referrers/$IMG" >/dev/null
assert_eq "referrers with the upstream down: the cached one" "200 $REF_D" "$RESP_STATUS $(jqb '.manifests[].digest')"

# 24 MB: more than loopback's socket buffers can hold, so the kill really cuts the download.
info "upstream killed mid-blob: nothing partial is cached"
restart_anon
req PUT "$API/projects/proxy" -H 'Content-Type: application/json' --data-binary '{"metadata":{"proxy_speed_kb":"1000"}}' >/dev/null
assert_eq "proxy_speed_kb set" 200 "$RESP_STATUS"
sleep 5.5  # the project's settings are re-read after 5 s
BIG_LAYER=$(jq -r '.layers[0].digest' "$(oci_blob_path "$L" "$BIG")")
curl_b -s -o "$TEST_TMP/big.part" "$BERTH_URL/v2/proxy/team/big/blobs/$BIG_LAYER" &
cpid=$!
sleep 2
got=$(stat -c %s "$TEST_TMP/big.part" 2>/dev/null || echo 0)
assert_match "bandwidth limit holds (${got} bytes in 2 s at 1000 KB/s)" '^[0-9]+$' "$got"
(( got > 0 && got < 3500000 )) && ok "rate limited: $got bytes after 2 s" || fail "rate limited" "got $got bytes after 2 s"
stop_anon KILL
wait "$cpid"
assert_ne "client got a cut-short body" "$(file_digest "$TEST_TMP/big.part")" "$BIG_LAYER"
sleep 0.5
assert_eq "no partial blob in the store" "" "$(find "$BERTH_DATA/blobs" -name "${BIG_LAYER#sha256:}" 2>/dev/null)"
assert_eq "no temp file left" "" "$(ls "$BERTH_DATA/proxy-tmp" 2>/dev/null)"
restart_anon
req PUT "$API/projects/proxy" -H 'Content-Type: application/json' --data-binary '{"metadata":{"proxy_speed_kb":"-1"}}' >/dev/null
sleep 5.5
check "the next pull succeeds" pull proxy/team/big:v1 "$TEST_TMP/b1"
assert_eq "big image complete" "$BIG" "$(oci_ref_digest "$TEST_TMP/b1" x)"

rm -f "$PODMAN_SHORT"
finish
