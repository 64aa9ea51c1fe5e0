#!/usr/bin/env bash
# Registry endpoints (Berth issue #4): /api/v2.0/registries CRUD, ping, info,
# /replication/adapters[infos], driven with curl against real upstreams on loopback:
# docker-registry anonymous, with htpasswd, with self-signed TLS, and Amazon ECR
# (tests/fakes/ecr_server.py in front of a docker-registry with user AWS). Health checks say why
# an endpoint is unhealthy; secrets are sealed in the database and never shown or logged. ECR
# Public (https://public.ecr.aws): wrong keys fail with AWS's message from the ecr-public API.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
lib_init "$@"
require_berth "registry endpoints" || finish
. "$HERE/remote_lib.sh"
remote_safety_env

PW=$TEST_USER_PW  # lib.sh's `api USER ...` logs NAME in with it
BASIC_PW="bAsic-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
ECR_PASSWORD=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
AK=AKIAIOSFODNN7EXAMPLE
SK=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY

info "upstreams"
start_registry anon
ANON=http://127.0.0.1:$REG_PORT
start_registry basic "$(htpasswd_yaml user "$BASIC_PW" "$TEST_TMP/basic.htpasswd")"
BASIC=http://127.0.0.1:$REG_PORT
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$TEST_TMP/tls.key" -out "$TEST_TMP/tls.crt" -days 2 \
  -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" >/dev/null 2>&1 || die "openssl req failed"
start_registry tls "$(printf 'http:\n  tls:\n    certificate: %s\n    key: %s\n' "$TEST_TMP/tls.crt" "$TEST_TMP/tls.key" | sed '1d')"
TLS_URL=https://127.0.0.1:$REG_PORT
start_registry ecr "$(htpasswd_yaml AWS "$ECR_PASSWORD" "$TEST_TMP/ecr.htpasswd")"
start_ecr_fake "$AK" "$SK" "$ECR_PASSWORD" "http://127.0.0.1:$REG_PORT"
ECR_URL=https://123456789012.dkr.ecr.us-west-2.amazonaws.com
DEAD=http://127.0.0.1:$(free_port)

berth_start
printf '%s\n' "$PW" | "$BERTH_BIN" user add --config "$BERTH_CONFIG" --name dev >>"$TEST_TMP/cli.log" 2>&1 ||
  die "berth user add dev failed (see $TEST_TMP/cli.log)"

msg() { jb '.errors[0].message'; }
# expect_message ERE DESC: the first error message matches
expect_message() { assert_match "$2" "$1" "$(msg)"; }
reg_body() { # NAME TYPE URL [ACCESS_KEY SECRET] [extra JSON fields]
  local cred='{}' extra=${6:-'{}'}
  [[ -n ${4:-} || -n ${5:-} ]] && cred=$(jq -cn --arg k "${4:-}" --arg s "${5:-}" '{credential:{type:"basic",access_key:$k,access_secret:$s}}')
  jq -cn --arg n "$1" --arg t "$2" --arg u "$3" --argjson c "$cred" --argjson x "$extra" \
    '{name:$n,type:$t,url:$u,insecure:false,description:"test"} + $c + $x'
}
# create NAME TYPE URL [KEY SECRET] [EXTRA]: POST; on 201 sets NEW_ID from Location
create() {
  api_json admin POST /registries "$(reg_body "$@")"
  NEW_ID=$(hdr Location | sed -n 's#^/api/v2.0/registries/\([0-9][0-9]*\)$#\1#p')
}

# ===========================================================================
info "create"
create anon docker-registry "$ANON/"
expect_status 201 "anonymous docker-registry created"
expect_hdr Location '^/api/v2.0/registries/[0-9]+$' "Location names the new registry"
assert_eq "create answers an empty body" 0 "$(stat -c %s "$RESP_BODY")"
ANON_ID=$NEW_ID
api admin GET "/registries/$ANON_ID"
expect_status 200 "GET the new registry"
assert_eq "fields as Harbor shows them" "anon|docker-registry|$ANON|healthy|false|test|basic|null" \
  "$(jb '[.name,.type,.url,.status,.insecure,.description,.credential.type,.credential.access_secret]|join("|")' | sed 's/|$/|null/')"
assert_match "times in Harbor's format" '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z$' "$(jb .creation_time)"

create anon docker-registry "$ANON"
expect_status 409 "duplicate name -> 409"
expect_error CONFLICT "duplicate name error code"

create dead docker-registry "$DEAD"
expect_status 400 "connection refused -> 400"
expect_message '^the registry is unhealthy: connection refused by 127\.0\.0\.1:[0-9]+' "refused: precise reason after Harbor's phrase"
t0=$(date +%s%N)
create nodns docker-registry "https://nohost.invalid"
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
expect_status 400 "unresolvable host -> 400"
expect_message '^the registry is unhealthy: cannot resolve host name of nohost\.invalid' "DNS failure named"
assert_match "DNS failure answered quickly (${ms} ms < 15000)" '^[0-9]+$' "$([[ $ms -lt 15000 ]] && echo $ms)"

create basic docker-registry "$BASIC" user wrong-password
expect_status 400 "wrong password -> 400"
expect_message '^the registry is unhealthy: the registry rejected the credentials \(HTTP 401\)' "wrong password: credentials rejected, HTTP 401"
create basic-anon docker-registry "$BASIC"
expect_status 201 "no credential against a registry that wants one: healthy, as Harbor (anonymous ping tolerates 401)"
BASIC_ANON_ID=$NEW_ID
create basic docker-registry "$BASIC" user "$BASIC_PW"
expect_status 201 "right password -> 201"
BASIC_ID=$NEW_ID

info "TLS: verification, insecure, custom CA"
create tls docker-registry "$TLS_URL"
expect_status 400 "self-signed certificate refused"
expect_message '^the registry is unhealthy: TLS error with 127\.0\.0\.1:[0-9]+' "TLS failure named"
create tls-insecure docker-registry "$TLS_URL" "" "" '{"insecure":true}'
expect_status 201 "insecure: true skips verification"
TLS_INSECURE_ID=$NEW_ID
create tls-ca docker-registry "$TLS_URL" "" "" "$(jq -cn --rawfile ca "$TEST_TMP/tls.crt" '{ca_certificate:$ca}')"
expect_status 201 "ca_certificate trusts the registry's certificate"
TLS_CA_ID=$NEW_ID
api admin GET "/registries/$TLS_CA_ID"
assert_contains "ca_certificate shown back" "BEGIN CERTIFICATE" "$(jb .ca_certificate)"
create tls-badca docker-registry "$TLS_URL" "" "" '{"ca_certificate":"not a PEM"}'
expect_status 400 "ca_certificate that is not PEM -> 400"
expect_message 'ca_certificate is not a PEM certificate' "bad CA named"

info "aws-ecr (fake ECR + SigV4)"
create ecr aws-ecr "$ECR_URL" "$AK" "$SK"
expect_status 201 "aws-ecr with the right keys -> 201"
ECR_ID=$NEW_ID
assert_contains "GetAuthorizationToken was called" "GetAuthorizationToken ok" "$(cat "$ECR_LOG")"
create ecr-wrong-secret aws-ecr "$ECR_URL" "$AK" wrong-secret
expect_status 400 "aws-ecr with a wrong secret -> 400"
expect_message '^the registry is unhealthy: .*the AWS secret access key is wrong' "wrong secret: clear message"
create ecr-wrong-key aws-ecr "$ECR_URL" AKIAWRONGWRONGWRONG1 "$SK"
expect_status 400 "aws-ecr with an unknown key -> 400"
expect_message 'the AWS access key is invalid' "unknown key: clear message"
create ecr-bad-url aws-ecr "https://registry.example.test" "$AK" "$SK"
expect_status 400 "aws-ecr with a non-ECR URL -> 400"
expect_message 'not an Amazon ECR URL' "non-ECR URL named"
# ECR Public: the token call goes to the fake's ecr-public API (AWS_ENDPOINT_URL_ECR_PUBLIC); only
# failures are checked here, since a healthy endpoint would reach the real public.ecr.aws (the
# whole flow runs in test_remote_client.sh, in a network namespace where that name is loopback).
create ecr-public-wrong-secret aws-ecr "https://public.ecr.aws/" "$AK" wrong-secret
expect_status 400 "aws-ecr https://public.ecr.aws with a wrong secret -> 400"
expect_message '^the registry is unhealthy: .*the AWS secret access key is wrong .*The request signature we calculated' \
  "ECR Public wrong secret: AWS's message (signature scoped to ecr-public/us-east-1, only the secret wrong)"
assert_contains "ECR Public: the ecr-public API was asked" "ecr-public GetAuthorizationToken InvalidSignatureException" "$(cat "$ECR_LOG")"
create ecr-public-wrong-key aws-ecr "https://public.ecr.aws" AKIAWRONGWRONGWRONG1 "$SK"
expect_status 400 "aws-ecr https://public.ecr.aws with an unknown key -> 400"
expect_message 'the AWS access key is invalid' "ECR Public unknown key: clear message"

# ===========================================================================
info "secrets are never shown and sealed at rest"
api admin GET "/registries/$BASIC_ID"
assert_eq "credential shown masked, as Harbor" "user|*****" "$(jb '[.credential.access_key,.credential.access_secret]|join("|")')"
assert_not_contains "GET never contains the password" "$BASIC_PW" "$(body)"
api admin GET "/registries/$ECR_ID"
assert_not_contains "GET never contains the AWS secret" "$SK" "$(body)"
api admin GET "/registries?page_size=100"
assert_not_contains "list never contains the password" "$BASIC_PW" "$(body)"
assert_not_contains "list never contains the AWS secret" "$SK" "$(body)"
# The API only ever shows the mask, so only the database file can show how a secret is kept.
raw=$(db_sql "SELECT access_secret FROM registries WHERE access_secret <> ''")
assert_eq "two secrets stored, both sealed (v1:...)" 2 "$(grep -c '^v1:' <<<"$raw")"
assert_not_contains "the database row is not the password" "$BASIC_PW" "$raw"
assert_not_contains "the database row is not the AWS secret" "$SK" "$raw"

# ===========================================================================
info "list: paging and queries"
for n in page-1 page-2 page-3; do create "$n" docker-registry "$ANON"; done
expect_status 201 "three more anonymous registries"
api admin GET "/registries?page=1&page_size=2"
expect_status 200 "list page 1"
TOTAL=$(hdr X-Total-Count)
assert_eq "page 1 holds 2" 2 "$(jb length)"
assert_eq "X-Total-Count counts every registry" 9 "$TOTAL"
expect_hdr Link 'page=2&page_size=2>; rel="next"' "Link to the next page"
api admin GET "/registries?page=5&page_size=2"
assert_eq "last page" "1" "$(jb length)"
expect_hdr Link 'rel="prev"' "Link to the previous page on the last page"
api admin GET "/registries?q=name%3D~page"
assert_eq "q=name=~page: fuzzy" "page-1 page-2 page-3" "$(jb '[.[].name]|join(" ")')"
api admin GET "/registries?q=name%3Dpage-2"
assert_eq "q=name=page-2: exact" "page-2" "$(jb '[.[].name]|join(" ")')"
api admin GET "/registries?q=type%3Daws-ecr"
assert_eq "q=type=aws-ecr" "ecr" "$(jb '[.[].name]|join(" ")')"
api admin GET "/registries?name=basic"
assert_eq "deprecated name= is fuzzy" "basic basic-anon" "$(jb '[.[].name]|sort|join(" ")')"
api admin GET "/registries?q=name%3D~page&sort=-name"
assert_eq "sort=-name" "page-3 page-2 page-1" "$(jb '[.[].name]|join(" ")')"
api admin GET "/registries?q=password%3Dx"
expect_status 400 "unknown query key -> 400"
api admin GET "/registries?sort=access_secret"
expect_status 400 "sort by a secret column -> 400"
api admin GET "/registries?page_size=101"
expect_status 400 "page_size over 100 -> 400"

# ===========================================================================
info "update (flat fields)"
api_json admin PUT "/registries/$BASIC_ID" '{"description":"changed"}'
expect_status 200 "PUT description"
api admin GET "/registries/$BASIC_ID"
assert_eq "description changed, password kept" "changed|*****" "$(jb '[.description,.credential.access_secret]|join("|")')"
api_json admin PUT "/registries/$BASIC_ID" '{"access_secret":"wrong-password"}'
expect_status 400 "PUT a wrong password: checked again -> 400"
expect_message '^the registry is unhealthy: the registry rejected the credentials \(HTTP 401\)' "PUT wrong password: reason"
api_json admin POST /registries/ping "{\"id\":$BASIC_ID}"
expect_status 200 "after the refused PUT the stored password still works"
api_json admin PUT "/registries/$BASIC_ID" "$(jq -cn --arg p "$BASIC_PW" '{access_key:"user",access_secret:$p,credential_type:"basic"}')"
expect_status 200 "PUT the right password"
api_json admin PUT "/registries/$BASIC_ID" '{"access_secret":"*****","name":"basic-renamed"}'
expect_status 200 "PUT the mask back + rename: password unchanged"
api_json admin POST /registries/ping "{\"id\":$BASIC_ID}"
expect_status 200 "password still right after the masked PUT"
api_json admin PUT "/registries/$BASIC_ID" '{"name":"anon"}'
expect_status 409 "PUT a taken name -> 409"
api_json admin PUT "/registries/$BASIC_ID" "{\"url\":\"$DEAD\"}"
expect_status 400 "PUT an unreachable URL -> 400"
expect_message 'connection refused' "PUT unreachable: reason"
api admin GET "/registries/$BASIC_ID"
assert_eq "refused PUTs changed nothing" "basic-renamed|$BASIC" "$(jb '[.name,.url]|join("|")')"
api_json admin PUT "/registries/$BASIC_ID" '{"credential":{"type":"basic"}}'
expect_status 400 "PUT takes flat fields: nested credential -> 400"
api_json admin PUT "/registries/$BASIC_ID" '{"type":"harbor"}'
expect_status 400 "PUT cannot change the type (not a RegistryUpdate field)"
api_json admin PUT "/registries/9999" '{"description":"x"}'
expect_status 404 "PUT a missing registry -> 404"

# ===========================================================================
info "ping"
api_json admin POST /registries/ping "{\"type\":\"docker-registry\",\"url\":\"$ANON\"}"
expect_status 200 "ping by body (anonymous)"
api_json admin POST /registries/ping "$(jq -cn --arg u "$BASIC" --arg p "$BASIC_PW" '{type:"docker-registry",url:$u,credential_type:"basic",access_key:"user",access_secret:$p}')"
expect_status 200 "ping by body with flat credentials"
api_json admin POST /registries/ping "{\"type\":\"docker-registry\",\"url\":\"$BASIC\",\"access_key\":\"user\",\"access_secret\":\"nope\"}"
expect_status 400 "ping by body, wrong password -> 400"
expect_message '^the registry is unhealthy: the registry rejected the credentials' "ping: reason"
api_json admin POST /registries/ping "{\"type\":\"docker-registry\"}"
expect_status 400 "ping without url -> 400"
expect_message '^type or url cannot be empty$' "Harbor's message for a missing url"
api_json admin POST /registries/ping "{\"id\":$BASIC_ID,\"url\":\"$DEAD\",\"insecure\":true}"
expect_status 200 "ping by id: the stored URL wins over the body's"
api_json admin POST /registries/ping "{\"id\":$BASIC_ID,\"access_secret\":\"nope\"}"
expect_status 400 "ping by id with another password: the body's credential is used"
api_json admin POST /registries/ping "{\"id\":$ECR_ID}"
expect_status 200 "ping the stored aws-ecr endpoint"
api_json admin POST /registries/ping '{"id":9999}'
expect_status 404 "ping a missing id -> 404"
api_json admin POST /registries/ping "{\"type\":\"quay\",\"url\":\"$ANON\"}"
expect_status 400 "ping an unsupported type -> 400"

# ===========================================================================
info "info, adapters, adapterinfos"
api admin GET "/registries/$ANON_ID/info"
expect_status 200 "info"
assert_eq "info: type, filters, triggers" "docker-registry|name,tag,resource|manual,scheduled" \
  "$(jb '[.type,([.supported_resource_filters[].type]|join(",")),(.supported_triggers|join(","))]|join("|")')"
api admin GET "/registries/$BASIC_ANON_ID/info"
assert_eq "info: filter styles" "input input radio" "$(jb '[.supported_resource_filters[].style]|join(" ")')"
api admin GET "/registries/0/info"
expect_status 200 "info of the local registry (id 0)"
assert_eq "local: event_based trigger and copy by chunk" "manual,scheduled,event_based|true" \
  "$(jb '[(.supported_triggers|join(",")),(.supported_copy_by_chunk|tostring)]|join("|")')"
api admin GET "/registries/9999/info"
expect_status 404 "info of a missing registry -> 404"
api admin GET "/replication/adapters"
expect_status 200 "adapters"
assert_eq "adapter types" '["aws-ecr","docker-hub","docker-registry","harbor"]' "$(jq -c . "$RESP_BODY")"
api admin GET "/replication/adapterinfos"
expect_status 200 "adapterinfos"
assert_eq "adapterinfos keys" '["aws-ecr","docker-hub","docker-registry","harbor"]' "$(jq -c 'keys' "$RESP_BODY")"
assert_eq "aws-ecr: list of region endpoints" "EndpointPatternTypeList|https://api.ecr.us-east-1.amazonaws.com|https://api.ecr.cn-north-1.amazonaws.com.cn" \
  "$(jb '.["aws-ecr"].endpoint_pattern as $p | [$p.endpoint_type, ($p.endpoints[]|select(.key=="us-east-1").value), ($p.endpoints[]|select(.key=="cn-north-1").value)]|join("|")')"
assert_eq "docker-hub: fixed endpoint" "EndpointPatternTypeFix|https://hub.docker.com" \
  "$(jb '.["docker-hub"].endpoint_pattern|[.endpoint_type,.endpoints[0].value]|join("|")')"

# ===========================================================================
info "who may: admins only"
for path in "registries" "registries/$ANON_ID" "registries/$ANON_ID/info" "replication/adapters" "replication/adapterinfos"; do
  api dev GET "/$path"; expect_status 403 "non-admin GET /$path -> 403"
  api anon GET "/$path"; expect_status 401 "anonymous GET /$path -> 401"
done
api_json dev POST /registries "$(reg_body x docker-registry "$ANON")"; expect_status 403 "non-admin create -> 403"
api_json anon POST /registries "$(reg_body x docker-registry "$ANON")"; expect_status 401 "anonymous create -> 401"
api_json dev POST /registries/ping "{\"id\":$BASIC_ID}"; expect_status 403 "non-admin ping -> 403"
api_json dev PUT "/registries/$ANON_ID" '{"description":"x"}'; expect_status 403 "non-admin update -> 403"
api dev DELETE "/registries/$ANON_ID"; expect_status 403 "non-admin delete -> 403"

# ===========================================================================
info "bad input"
api_json admin POST /registries '{"name":'
expect_status 400 "bad JSON -> 400"
expect_error BAD_REQUEST "bad JSON error code"
api_json admin POST /registries "$(reg_body x docker-registry "$ANON" "" "" '{"colour":"red"}')"
expect_status 400 "unknown field -> 400"
expect_message "unknown field 'colour'" "unknown field named"
api_json admin POST /registries "{\"name\":\"x\",\"type\":\"docker-registry\",\"url\":\"$ANON\",\"credential\":{\"password\":\"p\"}}"
expect_status 400 "unknown credential field -> 400"
api_json admin POST /registries "$(reg_body x quay "$ANON")"
expect_status 400 "unsupported type -> 400"
expect_message "unsupported registry type 'quay'" "unsupported type named"
api_json admin POST /registries "$(reg_body "$(printf 'n%.0s' {1..65})" docker-registry "$ANON")"
expect_status 400 "name over 64 characters -> 400"
expect_message 'the max length of name is 64' "Harbor's message for a long name"
api_json admin POST /registries "$(reg_body "" docker-registry "$ANON")"
expect_status 400 "empty name -> 400"
api_json admin POST /registries "$(reg_body x docker-registry "http://user:pw@127.0.0.1:1")"
expect_status 400 "credentials in the URL -> 400"
api_json admin POST /registries "$(reg_body x docker-registry "ftp://127.0.0.1")"
expect_status 400 "ftp URL -> 400"
api_json admin POST /registries '{"name":"x","type":"docker-registry","url":"http://127.0.0.1","insecure":"yes"}'
expect_status 400 "insecure must be a boolean"
api_json admin POST /registries "$(reg_body x docker-registry "$ANON" u p '{"credential":{"type":"secret","access_key":"u","access_secret":"p"}}')"
expect_status 400 "credential type 'secret' is internal -> 400"
api admin GET "/registries/abc"
expect_status 400 "non-numeric id -> 400"
api admin GET "/registries/9999"
expect_status 404 "missing registry -> 404"
expect_error NOT_FOUND "missing registry error code"
api admin GET "/registries?page_size=100"
assert_eq "refused creations stored nothing" 9 "$(jb length)"

# ===========================================================================
info "proxy-cache projects and delete"
api_json admin POST /projects "{\"project_name\":\"hub-proxy\",\"registry_id\":$ANON_ID,\"metadata\":{\"public\":\"true\"}}"
expect_status 201 "proxy project on an existing registry"
api_json admin POST /projects "{\"project_name\":\"hub-proxy-2\",\"registry_id\":$ANON_ID}"
expect_status 201 "a second proxy project"
api_json admin POST /projects '{"project_name":"nowhere-proxy","registry_id":9999}'
expect_status 404 "proxy project on a missing registry -> 404"
expect_message 'registry 9999 not found' "missing registry named"
api_json admin POST /projects '{"project_name":"zero-proxy","registry_id":0}'
expect_status 400 "registry_id 0 -> 400"
api admin HEAD "/projects?project_name=nowhere-proxy"
expect_status 404 "the refused project was not created"
api admin DELETE "/registries/$ANON_ID"
expect_status 412 "delete a registry used by proxy projects -> 412 (Harbor's PRECONDITION)"
expect_error PRECONDITION "error code"
expect_message "hub-proxy, hub-proxy-2" "the message names the projects"
api admin GET "/registries/$ANON_ID"
expect_status 200 "still there"
api admin DELETE "/projects/hub-proxy"; expect_status 200 "delete proxy project 1"
api admin DELETE "/projects/hub-proxy-2"; expect_status 200 "delete proxy project 2"
api admin DELETE "/registries/$ANON_ID"
expect_status 200 "delete once unused"
api admin GET "/registries/$ANON_ID"
expect_status 404 "gone"
api admin DELETE "/registries/$ANON_ID"
expect_status 404 "delete again -> 404"

# ===========================================================================
info "restart: stored secrets still open"
berth_restart
api_json admin POST /registries/ping "{\"id\":$BASIC_ID}"
expect_status 200 "ping the basic endpoint by id after a restart"
api_json admin POST /registries/ping "{\"id\":$ECR_ID}"
expect_status 200 "ping the aws-ecr endpoint by id after a restart"
for id in "$TLS_INSECURE_ID" "$TLS_CA_ID"; do
  api_json admin POST /registries/ping "{\"id\":$id}"
  expect_status 200 "ping TLS endpoint $id (insecure / custom CA kept)"
done

info "logs"
LOGS=$(cat "$BERTH_LOG")
assert_contains "creations are logged" "registry endpoint $BASIC_ID 'basic' created by admin" "$LOGS"
assert_not_contains "the basic password never appears in Berth's log" "$BASIC_PW" "$LOGS"
assert_not_contains "the AWS secret never appears in Berth's log" "$SK" "$LOGS"
assert_not_contains "the ECR registry password never appears in Berth's log" "$ECR_PASSWORD" "$LOGS"

finish
