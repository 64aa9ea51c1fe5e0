#!/usr/bin/env bash
# /v2/ authentication end to end (Berth issue #3): the Bearer token flow with a real token,
# robot accounts with pull-only and push rights, tampered and expired tokens, skopeo with creds.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
lib_init "$@"
require_berth "registry authentication" || finish
berth_start
W="$TEST_TMP/w"; mkdir -p "$W"
ADMIN=(-u admin:Harbor12345)
OCI_MT=application/vnd.oci.image.manifest.v1+json
jqb() { jq -r "$1" "$RESP_BODY" 2>/dev/null; }
# with_creds USER:PASS|none CMD...: run CMD with those Basic credentials on curl_b/req
with_creds() {
  local who=$1 s=("${CURL_AUTH[@]}"); shift
  if [[ $who == none ]]; then CURL_AUTH=(); else CURL_AUTH=(-u "$who"); fi
  "$@"; local rc=$?; CURL_AUTH=("${s[@]}"); return $rc
}
as_admin() { with_creds admin:Harbor12345 "$@"; }

as_admin req POST /api/v2.0/projects -H 'Content-Type: application/json' \
  --data-binary '{"project_name":"priv","metadata":{"public":"false"}}'
expect_status 201 "create private project priv"

# An image pushed by the admin.
CFG=$(as_admin upload_blob_str priv/app '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}')
printf '{"schemaVersion":2,"mediaType":"%s","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%d},"layers":[]}' \
  "$OCI_MT" "$CFG" 71 >"$W/m.json"
as_admin put_manifest priv/app v1 "$W/m.json" "$OCI_MT"
expect_status 201 "admin pushes priv/app:v1"

info "the challenge and the token flow"
with_creds none req GET /v2/priv/app/manifests/v1 -H "Accept: $OCI_MT"
expect_status 401 "anonymous pull from a private project -> 401"
expect_hdr WWW-Authenticate '^Bearer realm="http://127\.0\.0\.1:[0-9]+/service/token",service="harbor-registry",scope="repository:priv/app:pull"' "challenge names realm, service and scope"
TOKEN=$(curl -sS "${ADMIN[@]}" "$BERTH_URL/service/token?service=harbor-registry&scope=repository:priv/app:pull,push" | jq -r .token)
assert_match "admin gets a token" '^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$' "$TOKEN"
with_creds none req GET /v2/priv/app/manifests/v1 -H "Accept: $OCI_MT" -H "Authorization: Bearer $TOKEN"
expect_status 200 "the token pulls priv/app:v1"
with_creds none req GET /v2/priv/other/tags/list -H "Authorization: Bearer $TOKEN"
expect_status 401 "the token does not reach a repository outside its scope"

# Tampered: flip one character of the payload; the signature no longer matches.
IFS=. read -r H P S <<<"$TOKEN"
P2=$(printf '%s' "$P" | sed 's/^\(.\)\(.\)/\2\1/')
with_creds none req GET /v2/priv/app/manifests/v1 -H "Authorization: Bearer $H.$P2.$S"
expect_status 401 "a tampered token is refused"
# Forged: same claims re-signed with another key.
FORGED_P=$(printf '%s' "$P" | base64 -d 2>/dev/null | jq -c '.sub="admin"' | base64 -w0 | tr '+/' '-_' | tr -d '=')
FORGED_S=$(printf '%s' "$H.$FORGED_P" | openssl dgst -sha256 -hmac wrong-key -binary | base64 -w0 | tr '+/' '-_' | tr -d '=')
with_creds none req GET /v2/priv/app/manifests/v1 -H "Authorization: Bearer $H.$FORGED_P.$FORGED_S"
expect_status 401 "a token signed with another key is refused"
# alg none
NONE_H=$(printf '{"alg":"none","typ":"JWT"}' | base64 -w0 | tr '+/' '-_' | tr -d '=')
with_creds none req GET /v2/priv/app/manifests/v1 -H "Authorization: Bearer $NONE_H.$P."
expect_status 401 "an unsigned (alg none) token is refused"

# Expired: a short-lived token from a Berth with tokenExpirationMinutes would take a minute to
# expire; instead restart with another secretKey... the signing key lives in the data dir, so
# rewrite the exp claim and re-sign with the real key read from disk.
KEY_FILE="$BERTH_DATA/token.key"
if [[ -f "$KEY_FILE" ]]; then
  EXP_P=$(printf '%s' "$P" | base64 -d 2>/dev/null | jq -c '.exp = (now|floor) - 10 | .iat = (now|floor) - 100 | .nbf = (now|floor) - 100' | base64 -w0 | tr '+/' '-_' | tr -d '=')
  EXP_S=$(printf '%s' "$H.$EXP_P" | openssl dgst -sha256 -hmac "$(cat "$KEY_FILE")" -binary | base64 -w0 | tr '+/' '-_' | tr -d '=')
  GOOD_P=$(printf '%s' "$P" | base64 -d 2>/dev/null | jq -c '.' | base64 -w0 | tr '+/' '-_' | tr -d '=')
  GOOD_S=$(printf '%s' "$H.$GOOD_P" | openssl dgst -sha256 -hmac "$(cat "$KEY_FILE")" -binary | base64 -w0 | tr '+/' '-_' | tr -d '=')
  with_creds none req GET /v2/priv/app/manifests/v1 -H "Accept: $OCI_MT" -H "Authorization: Bearer $H.$GOOD_P.$GOOD_S"
  expect_status 200 "control: the same claims re-signed with the real key are accepted"
  with_creds none req GET /v2/priv/app/manifests/v1 -H "Authorization: Bearer $H.$EXP_P.$EXP_S"
  expect_status 401 "an expired token is refused"
else
  fail "token signing key file $KEY_FILE exists (no secretKey configured)"
fi

info "robot accounts on /v2/"
mk_robot() { # NAME ACTIONS_JSON -> prints "name secret"
  as_admin req POST /api/v2.0/robots -H 'Content-Type: application/json' --data-binary \
    "{\"name\":\"$1\",\"level\":\"project\",\"duration\":-1,\"permissions\":[{\"kind\":\"project\",\"namespace\":\"priv\",\"access\":$2}]}"
  [[ $RESP_STATUS == 201 ]] || { echo "robot create -> $RESP_STATUS $(body)" >&2; return 1; }
  printf '%s %s' "$(jqb .name)" "$(jqb .secret)"
}
read -r PULLER PULLER_SECRET <<<"$(mk_robot puller '[{"resource":"repository","action":"pull"}]')"
read -r PUSHER PUSHER_SECRET <<<"$(mk_robot pusher '[{"resource":"repository","action":"pull"},{"resource":"repository","action":"push"}]')"
assert_eq "robot names carry the project" 'robot$priv+puller robot$priv+pusher' "$PULLER $PUSHER"

with_creds "$PULLER:$PULLER_SECRET" req GET /v2/priv/app/manifests/v1 -H "Accept: $OCI_MT"
expect_status 200 "pull-only robot pulls with Basic"
with_creds "$PULLER:$PULLER_SECRET" req POST /v2/priv/app/blobs/uploads/
expect_status 403 "pull-only robot cannot start an upload"
T2=$(curl -sS -u "$PULLER:$PULLER_SECRET" "$BERTH_URL/service/token?service=harbor-registry&scope=repository:priv/app:pull,push" | jq -c '.token | split(".")[1] | @base64d | fromjson | .access' 2>/dev/null ||
  curl -sS -u "$PULLER:$PULLER_SECRET" "$BERTH_URL/service/token?service=harbor-registry&scope=repository:priv/app:pull,push" | jq -r .token | cut -d. -f2 | base64 -d 2>/dev/null | jq -c .access)
assert_eq "pull-only robot's token grants pull only" '[{"actions":["pull"],"name":"priv/app","type":"repository"}]' "$T2"

make_oci_image "$W/layout" img 2 amd64 50000 >/dev/null 2>&1 || die "cannot build a test image"
check_fails "skopeo push as the pull-only robot fails" \
  sk copy --dest-tls-verify=false --dest-creds "$PULLER:$PULLER_SECRET" "oci:$W/layout:img" "docker://$BERTH_HOST/priv/robot-img:v1"
check "skopeo push as the push robot works" \
  sk copy --dest-tls-verify=false --dest-creds "$PUSHER:$PUSHER_SECRET" "oci:$W/layout:img" "docker://$BERTH_HOST/priv/robot-img:v1"
check "skopeo inspect as the pull-only robot works" \
  sk inspect --tls-verify=false --creds "$PULLER:$PULLER_SECRET" "docker://$BERTH_HOST/priv/robot-img:v1"
check_fails "skopeo inspect anonymously fails on the private project" \
  sk inspect --tls-verify=false --no-creds "docker://$BERTH_HOST/priv/robot-img:v1"

RID=$(as_admin curl -sS "${ADMIN[@]}" "$BERTH_URL/api/v2.0/robots?q=name=~puller" | jq -r '.[0].id')
as_admin req PUT "/api/v2.0/robots/$RID" -H 'Content-Type: application/json' --data-binary \
  "{\"name\":\"$PULLER\",\"level\":\"project\",\"duration\":-1,\"disable\":true,\"permissions\":[{\"kind\":\"project\",\"namespace\":\"priv\",\"access\":[{\"resource\":\"repository\",\"action\":\"pull\"}]}]}"
expect_status 200 "disable the pull-only robot"
with_creds "$PULLER:$PULLER_SECRET" req GET /v2/priv/app/manifests/v1 -H "Accept: $OCI_MT"
expect_status 401 "a disabled robot is refused"

# ----------------------------------------------------------------------------
# Cross-repository mount with a token for exactly the challenge's scopes (issue #12, item 2):
# a user who may pull from project mnta and push to project mntb mounts a blob of mnta into mntb.
# ----------------------------------------------------------------------------
info "cross-repository mount: the challenge names the source repository too"
for p in mnta mntb; do
  as_admin req POST /api/v2.0/projects -H 'Content-Type: application/json' \
    --data-binary "{\"project_name\":\"$p\",\"metadata\":{\"public\":\"false\"}}"
  expect_status 201 "create private project $p"
done
as_admin req POST /api/v2.0/users -H 'Content-Type: application/json' --data-binary \
  '{"username":"mounter","email":"mounter@example.com","realname":"Mounter","password":"Mounter12345"}'
expect_status 201 "create user mounter"
as_admin req POST /api/v2.0/projects/mnta/members -H 'Content-Type: application/json' \
  --data-binary '{"role_id":3,"member_user":{"username":"mounter"}}'
expect_status 201 "mounter is a guest (pull) of mnta"
as_admin req POST /api/v2.0/projects/mntb/members -H 'Content-Type: application/json' \
  --data-binary '{"role_id":2,"member_user":{"username":"mounter"}}'
expect_status 201 "mounter is a developer (push) of mntb"
MNT_D=$(as_admin upload_blob_str mnta/src "a blob to mount $(date +%s%N)")
assert_match "admin pushes a blob to mnta/src" '^sha256:[0-9a-f]{64}$' "$MNT_D"

MOUNT_PATH="/v2/mntb/dst/blobs/uploads/?mount=$MNT_D&from=mnta/src"
with_creds none req POST "$MOUNT_PATH"
expect_status 401 "anonymous mount -> 401"
expect_hdr WWW-Authenticate 'scope="repository:mntb/dst:pull,push repository:mnta/src:pull"' \
  "the challenge names the target (pull,push) and the source (pull)"
MNT_SCOPE=$(hdr WWW-Authenticate | sed -n 's/.*scope="\([^"]*\)".*/\1/p')
MNT_Q=""
for sc in $MNT_SCOPE; do MNT_Q+="&scope=$sc"; done
MNT_TOKEN=$(curl -sS -u mounter:Mounter12345 "$BERTH_URL/service/token?service=harbor-registry$MNT_Q" | jq -r .token)
assert_match "mounter gets a token for the challenge's scopes" '^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$' "$MNT_TOKEN"
with_creds none req POST "$MOUNT_PATH" -H "Authorization: Bearer $MNT_TOKEN"
expect_status 201 "the token mounts the blob of mnta/src into mntb/dst"
expect_hdr Location "^/v2/mntb/dst/blobs/$MNT_D\$" "Location is the mounted blob, no upload"
with_creds none req HEAD "/v2/mntb/dst/blobs/$MNT_D" -H "Authorization: Bearer $MNT_TOKEN"
expect_status 200 "mntb/dst serves the mounted blob"

finish
