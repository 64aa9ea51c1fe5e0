#!/usr/bin/env bash
# The remote-registry client (src/remote/) against real upstreams on loopback, driven through
# the hidden `berth remote-check` command (ping, tags, HEAD+GET manifest, index → child,
# every blob downloaded and digest-verified):
#   docker-registry anonymous, with htpasswd Basic, with token auth (tests/fakes/token_server.py),
#   with TLS (self-signed: refused, --insecure, --ca-file), and Amazon ECR (tests/fakes/ecr_server.py
#   in front of a docker-registry with htpasswd user AWS): static keys, env, shared file,
#   web identity via STS, container credentials and EC2 instance metadata (v2, v1 fallback,
#   disabled) from tests/fakes/aws_metadata_server.py; wrong keys fail with a clear message;
#   unreachable and silent upstreams fail fast. Amazon ECR Public (https://public.ecr.aws) in a
#   private network namespace where that name is 127.0.0.1: the fake's ecr-public API, then a
#   TLS docker-registry on :443 with token auth that accepts user AWS and the token's password.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
lib_init "$@"
. "$HERE/remote_lib.sh"
[[ $BERTH_KIND == berth ]] || { skip "remote-check needs the berth binary"; finish; }

# Safety net: nothing in this test may reach AWS; every AWS endpoint points at loopback.
remote_safety_env

rc() { "${NS[@]}" "$BERTH_BIN" remote-check "$@"; }
RC_OUT=""
# rc_ok DESC ARGS...: remote-check succeeds and verified every blob
rc_ok() {
  local desc=$1; shift
  RC_OUT=$(rc "$@" 2>&1); local code=$?
  if [[ $code -eq 0 && $RC_OUT == *"done: "* ]]; then ok "$desc"; return 0; fi
  fail "$desc" "command: berth remote-check $(quote_cmd "$@")" "exit: $code" "output: $RC_OUT"
  return 1
}
# rc_fails DESC NEEDLE ARGS...: remote-check fails and says NEEDLE
rc_fails() {
  local desc=$1 needle=$2; shift 2
  RC_OUT=$(rc "$@" 2>&1); local code=$?
  if [[ $code -ne 0 && $RC_OUT == *"$needle"* ]]; then ok "$desc"; return 0; fi
  fail "$desc" "command: berth remote-check $(quote_cmd "$@")" "exit: $code (expected non-zero)" \
    "expected to contain: $needle" "output: $RC_OUT"
  return 1
}

info "building test images"
IMG=$TEST_TMP/img
DIGEST=$(make_oci_image "$IMG" v1 3 amd64 300000) || die "make_oci_image failed: $(tail -5 "$(BUILD_LOG_FILE)")"
INDEX=$(make_index "$IMG" multi) || die "make_index failed"
push() { # SRC_TAG DEST [CREDS]
  sk copy -q --all "${SK_DEST_TLS[@]}" ${3:+--dest-creds "$3"} "oci:$IMG:$1" "docker://$2" >>"$TEST_TMP/push.log" 2>&1
}

# ---------------------------------------------------------------------------
info "anonymous docker-registry"
start_registry anon
ANON=127.0.0.1:$REG_PORT
push v1 "$ANON/team/app:v1" || die "push failed: $(tail -5 "$TEST_TMP/push.log")"
push multi "$ANON/team/multi:v1" || die "push index failed"
push v1 "$ANON/library/busybox:latest" || die "push failed"
rc_ok "anonymous: image pulled and verified" --url "http://$ANON" --repo team/app --ref v1
assert_contains "anonymous: manifest digest" "manifest: $DIGEST" "$RC_OUT"
assert_eq "anonymous: 4 blobs (config + 3 layers) verified" 4 "$(grep -c ' bytes verified' <<<"$RC_OUT")"
rc_ok "anonymous: pull by digest" --url "http://$ANON" --repo team/app --ref "$DIGEST"
rc_ok "anonymous: OCI index → first child" --url "http://$ANON" --repo team/multi --ref v1
assert_contains "index digest reported" "manifest: $INDEX application/vnd.oci.image.index.v1+json" "$RC_OUT"
assert_contains "child manifest fetched" "child: sha256:" "$RC_OUT"
rc_ok "docker-hub provider adds library/" --url "http://$ANON" --provider docker-hub --repo busybox
rc_fails "missing tag is a clear not-found" "not found" --url "http://$ANON" --repo team/app --ref nope

# ---------------------------------------------------------------------------
info "docker-registry with htpasswd (Basic)"
start_registry basic "$(htpasswd_yaml alice 's3cret-Pw' "$TEST_TMP/basic.htpasswd")"
BASIC=127.0.0.1:$REG_PORT
push v1 "$BASIC/team/app:v1" alice:s3cret-Pw || die "push failed: $(tail -5 "$TEST_TMP/push.log")"
rc_ok "basic: pulled with credentials" --url "http://$BASIC" --user alice --password s3cret-Pw --repo team/app --ref v1
assert_contains "basic: scheme learned from the challenge" "auth basic" "$RC_OUT"
assert_not_contains "basic: password never printed" "s3cret-Pw" "$RC_OUT"
rc_fails "basic: wrong password → rejected" "rejected the credentials" --url "http://$BASIC" --user alice --password wrong --repo team/app
rc_fails "basic: no credentials → required" "requires credentials" --url "http://$BASIC" --repo team/app
rc_ok "basic: push side (monolithic, mount, streamed, chunked uploads + manifest PUT)" --url "http://$BASIC" \
  --user alice --password s3cret-Pw --repo team/app --ref v1 --copy-to team/copy
assert_contains "basic: copy used a monolithic upload" "uploaded (monolithic)" "$RC_OUT"
assert_contains "basic: copy used a mount" " mounted" "$RC_OUT"
assert_contains "basic: copy used a streamed upload" "uploaded (monolithic, streamed)" "$RC_OUT"
assert_contains "basic: copy used a chunked upload" "uploaded (chunked)" "$RC_OUT"
COPIED=$(sk inspect --raw "${SK_TLS[@]}" --creds alice:s3cret-Pw "docker://$BASIC/team/copy:copied" 2>/dev/null | sha256sum | cut -d' ' -f1)
assert_eq "basic: skopeo sees the copied manifest byte for byte" "${DIGEST#sha256:}" "$COPIED"
check "basic: skopeo pulls the copied image" sk copy -q "${SK_SRC_TLS[@]}" --src-creds alice:s3cret-Pw \
  "docker://$BASIC/team/copy:copied" "oci:$TEST_TMP/copied:x"
BASIC_PASSWORD=s3cret-Pw
assert_not_contains "basic: password not in the registry log either" "$BASIC_PASSWORD" "$(cat "$REG_LOG")"

# ---------------------------------------------------------------------------
info "docker-registry with token auth (Bearer, tests/fakes/token_server.py)"
start_token_registry bob:t0ken-Pw
check "token: skopeo pushes with a token from the fake issuer (docker-registry accepts it)" \
  push v1 "$TOKEN_REG/team/app:v1" bob:t0ken-Pw
before=$(grep -c '^token 200' "$TEST_TMP/token.log")
rc_ok "token: pulled with Bearer tokens" --url "http://$TOKEN_REG" --user bob --password t0ken-Pw --repo team/app --ref v1
assert_contains "token: scheme learned from the challenge" "auth bearer" "$RC_OUT"
issued=$(( $(grep -c '^token 200' "$TEST_TMP/token.log") - before ))
# ping (no scope) + one pull-scoped token reused for tags, HEAD, GET and every blob
assert_eq "token: tokens cached per scope (2 issued for ~8 requests)" 2 "$issued"
rc_ok "token: push side with pull,push scopes" --url "http://$TOKEN_REG" --user bob --password t0ken-Pw \
  --repo team/app --ref v1 --copy-to team/copy
assert_contains "token: push scope requested" "repository:team/copy:pull,push" "$(cat "$TEST_TMP/token.log")"
rc_fails "token: wrong password → the token service refuses" "refused the credentials of user 'bob'" \
  --url "http://$TOKEN_REG" --user bob --password wrong --repo team/app
rc_fails "token: anonymous → refused anonymous access" "refused anonymous access" --url "http://$TOKEN_REG" --repo team/app

# ---------------------------------------------------------------------------
info "TLS (self-signed docker-registry)"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$TEST_TMP/tls.key" -out "$TEST_TMP/tls.crt" -days 2 \
  -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" >/dev/null 2>&1 || die "openssl req (tls) failed"
start_registry tls "$(printf 'http:\n  tls:\n    certificate: %s\n    key: %s\n' "$TEST_TMP/tls.crt" "$TEST_TMP/tls.key" | sed '1d')"
TLS_REG=127.0.0.1:$REG_PORT
push v1 "$TLS_REG/team/app:v1" || die "push (tls) failed: $(tail -5 "$TEST_TMP/push.log")"
rc_fails "tls: self-signed refused with the reason" "TLS error with 127.0.0.1:$REG_PORT" --url "https://$TLS_REG" --repo team/app --ref v1
rc_ok "tls: --insecure skips verification" --url "https://$TLS_REG" --insecure --repo team/app --ref v1
rc_ok "tls: --ca-file trusts the certificate" --url "https://$TLS_REG" --ca-file "$TEST_TMP/tls.crt" --repo team/app --ref v1

# ---------------------------------------------------------------------------
info "unreachable and silent upstreams"
DEAD=$(free_port)
t0=$(date +%s%N)
rc_fails "refused port → 'connection refused'" "connection refused by 127.0.0.1:$DEAD" --url "http://127.0.0.1:$DEAD" --repo x
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
assert_match "refused port fails fast (${ms} ms < 3000)" '^[0-9]+$' "$([[ $ms -lt 3000 ]] && echo $ms)"
SILENT=$(free_port)
python3 -c "
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', $SILENT)); s.listen(16)
conns = []
while True:
    c, _ = s.accept(); conns.append(c)
" &
register_pid $!
# Until it listens (a loaded machine may take more than a moment to start python).
for ((i = 0; i < 100; i++)); do (exec 3<>"/dev/tcp/127.0.0.1/$SILENT") 2>/dev/null && break; sleep 0.1; done
t0=$(date +%s%N)
rc_fails "silent server → idle timeout" "timeout" --url "http://127.0.0.1:$SILENT" --idle-timeout-ms 1000 --repo x
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
assert_match "idle timeout honoured (${ms} ms < 6000 with one retry)" '^[0-9]+$' "$([[ $ms -lt 6000 ]] && echo $ms)"

# ---------------------------------------------------------------------------
info "blob-storage redirects and retries (tests/fakes/redirect_registry.py)"
RR_PORT=$(free_port); RR_STORAGE=$(free_port)
python3 "$FAKES/redirect_registry.py" --port "$RR_PORT" --storage-port "$RR_STORAGE" --layout "$IMG" \
  --user carol:rr-Pw --fail-first 2 --retry-after 1 >"$TEST_TMP/rr.log" 2>&1 &
register_pid $!
wait_http "http://127.0.0.1:$RR_PORT/v2/" || die "redirect registry did not start: $(cat "$TEST_TMP/rr.log")"
t0=$(date +%s%N)
rc_ok "redirect: blobs fetched from storage behind a 307" --url "http://127.0.0.1:$RR_PORT" --user carol --password rr-Pw --repo team/app --ref v1
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
assert_eq "redirect: storage got every blob (4), never an Authorization header" "4 0" \
  "$(grep -c '^storage GET .* 200 auth=no' "$TEST_TMP/rr.log") $(grep -c '^storage .* auth=yes' "$TEST_TMP/rr.log")"
assert_eq "retry: 503 then 429 (Retry-After: 1) then 200 on the manifest" "503 429 200" \
  "$(grep -E '^registry (HEAD|GET) /v2/team/app/manifests/v1 ' "$TEST_TMP/rr.log" | head -3 | awk '{print $4}' | paste -sd' ')"
assert_match "retry: Retry-After honoured (${ms} ms >= 2000)" '^[0-9]+$' "$([[ $ms -ge 2000 ]] && echo $ms)"

# ---------------------------------------------------------------------------
info "Amazon ECR (tests/fakes/ecr_server.py + docker-registry with htpasswd user AWS)"
ECR_PASSWORD=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
AK=AKIAIOSFODNN7EXAMPLE
SK=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
start_registry ecr "$(htpasswd_yaml AWS "$ECR_PASSWORD" "$TEST_TMP/ecr.htpasswd")"
ECR_REG=127.0.0.1:$REG_PORT
push v1 "$ECR_REG/team/app:v1" "AWS:$ECR_PASSWORD" || die "push (ecr) failed"
WEB_TOKEN=eyJhbGciOiJSUzI1NiJ9.web-identity.$RANDOM
# Temporary credentials the metadata fakes hand out (one set per source, so the ECR log shows
# which source signed); the fake ECR accepts them only with their session token.
rand() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }
CT_AK=ASIACONTAINER$(rand 4 | tr a-f A-F) CT_SK=ct-$(rand 20) CT_TOK=ct-session-$(rand 30)
IM_AK=ASIAINSTANCE$(rand 4 | tr a-f A-F) IM_SK=im-$(rand 20) IM_TOK=im-session-$(rand 30)
start_ecr_fake "$AK" "$SK" "$ECR_PASSWORD" "http://$ECR_REG" \
  --sts-role-arn arn:aws:iam::123456789012:role/berth --sts-web-identity-token "$WEB_TOKEN" \
  --temp-key "$CT_AK:$CT_SK:$CT_TOK" --temp-key "$IM_AK:$IM_SK:$IM_TOK"
ECR_URL=https://123456789012.dkr.ecr.us-west-2.amazonaws.com
n0=$(grep -c 'GetAuthorizationToken ok' "$TEST_TMP/ecr.log")
rc_ok "ecr: static keys → token → proxyEndpoint with Basic AWS:<token>" --url "$ECR_URL" --ecr-access-key "$AK" --ecr-secret "$SK" --repo team/app --ref v1
assert_contains "ecr: manifest digest" "manifest: $DIGEST" "$RC_OUT"
assert_eq "ecr: one GetAuthorizationToken for the whole session (cached)" 1 $(( $(grep -c 'GetAuthorizationToken ok' "$TEST_TMP/ecr.log") - n0 ))
assert_contains "ecr: registryIds sent for an account URL" "registryIds=['123456789012']" "$(cat "$TEST_TMP/ecr.log")"
assert_not_contains "ecr: the ECR password is never printed" "$ECR_PASSWORD" "$RC_OUT"
rc_fails "ecr: unknown access key → clear message" "the AWS access key is invalid (AWS: UnrecognizedClientException: The security token included in the request is invalid.)" \
  --url "$ECR_URL" --ecr-access-key AKIAWRONGWRONGWRONG1 --ecr-secret "$SK" --repo team/app
rc_fails "ecr: wrong secret → signature mismatch message" "the AWS secret access key is wrong (signature mismatch)" \
  --url "$ECR_URL" --ecr-access-key "$AK" --ecr-secret wrong-secret --repo team/app
rc_fails "ecr: other account in the URL → AccessDenied" "may not call ecr:GetAuthorizationToken" \
  --url https://210987654321.dkr.ecr.us-west-2.amazonaws.com --ecr-access-key "$AK" --ecr-secret "$SK" --repo team/app
RC_OUT=$(env AWS_ACCESS_KEY_ID="$AK" AWS_SECRET_ACCESS_KEY="$SK" "$BERTH_BIN" remote-check --url "$ECR_URL" --ecr --repo team/app --ref v1 2>&1)
assert_contains "ecr: keys from the environment" "done: " "$RC_OUT"
printf '[default]\naws_access_key_id = WRONG\naws_secret_access_key = WRONG\n\n[berth]\naws_access_key_id = %s\naws_secret_access_key = %s\n' "$AK" "$SK" >"$TEST_TMP/aws-credentials"
RC_OUT=$(env AWS_SHARED_CREDENTIALS_FILE="$TEST_TMP/aws-credentials" AWS_PROFILE=berth "$BERTH_BIN" remote-check --url "$ECR_URL" --ecr --repo team/app --ref v1 2>&1)
assert_contains "ecr: keys from the shared credentials file (profile)" "done: " "$RC_OUT"
echo "$WEB_TOKEN" >"$TEST_TMP/web-token"
RC_OUT=$(env AWS_WEB_IDENTITY_TOKEN_FILE="$TEST_TMP/web-token" AWS_ROLE_ARN=arn:aws:iam::123456789012:role/berth AWS_ROLE_SESSION_NAME=berth-test \
  "$BERTH_BIN" remote-check --url "$ECR_URL" --ecr --repo team/app --ref v1 2>&1)
assert_contains "ecr: web identity → STS AssumeRoleWithWebIdentity → session credentials" "done: " "$RC_OUT"
assert_contains "ecr: STS was called" "sts AssumeRoleWithWebIdentity ok session=berth-test" "$(cat "$TEST_TMP/ecr.log")"
echo "not-the-token" >"$TEST_TMP/bad-web-token"
RC_OUT=$(env AWS_WEB_IDENTITY_TOKEN_FILE="$TEST_TMP/bad-web-token" AWS_ROLE_ARN=arn:aws:iam::123456789012:role/berth \
  "$BERTH_BIN" remote-check --url "$ECR_URL" --ecr --repo team/app 2>&1)
assert_contains "ecr: bad web identity token → STS's message" "InvalidIdentityToken" "$RC_OUT"
RC_OUT=$("$BERTH_BIN" remote-check --url "$ECR_URL" --ecr --repo team/app 2>&1)
assert_contains "ecr: no credentials anywhere → says where it looked" "no AWS credentials" "$RC_OUT"

# ---------------------------------------------------------------------------
info "ECR with container credentials and EC2 instance metadata (tests/fakes/aws_metadata_server.py)"
ecr_with() { "$BERTH_BIN" remote-check --url "$ECR_URL" --ecr --repo team/app --ref v1 2>&1; }
ecr_key_used() { grep 'GetAuthorizationToken ok' "$TEST_TMP/ecr.log" | tail -1 | sed 's/.*key=\([^ ]*\).*/\1/'; }
no_secret_printed() { # DESC: none of the handed-out secrets is in RC_OUT
  assert_eq "$1" "" "$(grep -oF -e "$CT_SK" -e "$CT_TOK" -e "$IM_SK" -e "$IM_TOK" -e "$AGENT_TOKEN" <<<"$RC_OUT")"
}

# Container credentials: the agent's token (its file is re-read per request) and the pod's file.
AGENT_TOKEN=pod-identity-$(rand 16)
echo "$AGENT_TOKEN" >"$TEST_TMP/agent-token"
start_metadata_fake container "$CT_AK:$CT_SK:$CT_TOK" --container-token-file "$TEST_TMP/agent-token" --role ""
CT_PORT=$MD_PORT CT_LOG=$MD_LOG
printf '%s' "$AGENT_TOKEN" >"$TEST_TMP/pod-token"
CT_ENV=(AWS_CONTAINER_CREDENTIALS_FULL_URI="http://127.0.0.1:$CT_PORT/creds"
  AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE="$TEST_TMP/pod-token")
RC_OUT=$(env "${CT_ENV[@]}" "$BERTH_BIN" remote-check --url "$ECR_URL" --ecr --repo team/app --ref v1 2>&1)
assert_contains "container: FULL_URI + token file → credentials → ECR → image verified" "done: " "$RC_OUT"
assert_eq "container: the ECR call was signed with the container's session credentials" "$CT_AK" "$(ecr_key_used)"
assert_eq "container: one GET with the right Authorization" "container GET /creds 200 auth=ok" "$(cat "$CT_LOG")"
no_secret_printed "container: no secret or token printed"
NEW_TOKEN=rotated-$(rand 16)
echo "$NEW_TOKEN" >"$TEST_TMP/agent-token"; echo "$NEW_TOKEN" >"$TEST_TMP/pod-token"
RC_OUT=$(env "${CT_ENV[@]}" "$BERTH_BIN" remote-check --url "$ECR_URL" --ecr --repo team/app --ref v1 2>&1)
assert_contains "container: a rotated token (agent and pod file) works" "done: " "$RC_OUT"
RC_OUT=$(env AWS_CONTAINER_CREDENTIALS_FULL_URI="http://127.0.0.1:$CT_PORT/creds" AWS_CONTAINER_AUTHORIZATION_TOKEN="$NEW_TOKEN" \
  "$BERTH_BIN" remote-check --url "$ECR_URL" --ecr --repo team/app --ref v1 2>&1)
assert_contains "container: AWS_CONTAINER_AUTHORIZATION_TOKEN works too" "done: " "$RC_OUT"
echo "stale-token" >"$TEST_TMP/pod-token"
RC_OUT=$(env "${CT_ENV[@]}" AWS_EC2_METADATA_DISABLED=false "$BERTH_BIN" remote-check --url "$ECR_URL" --ecr --repo team/app 2>&1)
assert_contains "container: wrong token → the endpoint's refusal, no fall-through" \
  "the container credentials endpoint refused: AccessDeniedException: Authorization header bad" "$RC_OUT"
assert_eq "container: the agent saw the bad token" "container GET /creds 401 auth=bad" "$(tail -1 "$CT_LOG")"
RC_OUT=$(env AWS_CONTAINER_CREDENTIALS_FULL_URI="http://127.0.0.1:$CT_PORT/creds" "$BERTH_BIN" remote-check --url "$ECR_URL" --ecr --repo team/app 2>&1)
assert_contains "container: no token → 401 with the reason" "Authorization header missing" "$RC_OUT"
RC_OUT=$(env AWS_ACCESS_KEY_ID="$CT_AK" AWS_SECRET_ACCESS_KEY="$CT_SK" "$BERTH_BIN" remote-check --url "$ECR_URL" --ecr --repo team/app 2>&1)
assert_contains "fake ECR: temporary keys without their session token are refused" "the AWS access key is invalid" "$RC_OUT"
n=$(wc -l <"$CT_LOG")
RC_OUT=$(env "${CT_ENV[@]}" AWS_ACCESS_KEY_ID="$AK" AWS_SECRET_ACCESS_KEY="$SK" "$BERTH_BIN" remote-check --url "$ECR_URL" --ecr --repo team/app --ref v1 2>&1)
assert_eq "container: environment keys come first (endpoint not called)" "$AK $n" "$(ecr_key_used) $(wc -l <"$CT_LOG")"

# IMDSv2: token first, then the role, then its credentials, each with the token.
start_metadata_fake imds "$IM_AK:$IM_SK:$IM_TOK" --role berth-role
IMDS_ENV=(AWS_EC2_METADATA_DISABLED=false AWS_EC2_METADATA_SERVICE_ENDPOINT="http://127.0.0.1:$MD_PORT")
RC_OUT=$(env "${IMDS_ENV[@]}" "$BERTH_BIN" remote-check --url "$ECR_URL" --ecr --repo team/app --ref v1 2>&1)
assert_contains "imds v2: instance role credentials → ECR → image verified" "done: " "$RC_OUT"
assert_eq "imds v2: the ECR call was signed with the instance's session credentials" "$IM_AK" "$(ecr_key_used)"
assert_eq "imds v2: PUT token (TTL 21600), then role list and role credentials with the token" \
  "imds PUT /latest/api/token 200 ttl=21600|imds GET /latest/meta-data/iam/security-credentials/ 200 token=ok|imds GET /latest/meta-data/iam/security-credentials/berth-role 200 token=ok" \
  "$(paste -sd'|' "$MD_LOG")"
no_secret_printed "imds v2: no secret or token printed"
# The fake behaves as IMDS does for clients that get it wrong.
assert_eq "imds fake: GET without a token → 401" 401 "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$MD_PORT/latest/meta-data/iam/security-credentials/")"
assert_eq "imds fake: GET with a bad token → 401" 401 "$(curl -s -o /dev/null -w '%{http_code}' -H 'X-aws-ec2-metadata-token: forged' "http://127.0.0.1:$MD_PORT/latest/meta-data/iam/security-credentials/")"
assert_eq "imds fake: PUT without the TTL header → 400" 400 "$(curl -s -o /dev/null -w '%{http_code}' -X PUT "http://127.0.0.1:$MD_PORT/latest/api/token")"
n=$(wc -l <"$MD_LOG")
RC_OUT=$(env "${IMDS_ENV[@]}" "${CT_ENV[@]}" "$BERTH_BIN" remote-check --url "$ECR_URL" --ecr --repo team/app 2>&1)
assert_eq "order: a failing container endpoint is an error, not a fall-through to IMDS" \
  "yes $n" "$([[ $RC_OUT == *"container credentials endpoint refused"* ]] && echo yes) $(wc -l <"$MD_LOG")"
echo "$NEW_TOKEN" >"$TEST_TMP/pod-token"
RC_OUT=$(env "${IMDS_ENV[@]}" "${CT_ENV[@]}" "$BERTH_BIN" remote-check --url "$ECR_URL" --ecr --repo team/app --ref v1 2>&1)
assert_eq "order: container credentials before instance metadata (IMDS not called)" "$CT_AK $n" "$(ecr_key_used) $(wc -l <"$MD_LOG")"
RC_OUT=$(env AWS_EC2_METADATA_DISABLED=true AWS_EC2_METADATA_SERVICE_ENDPOINT="http://127.0.0.1:$MD_PORT" "$BERTH_BIN" remote-check --url "$ECR_URL" --ecr --repo team/app 2>&1)
assert_contains "imds: AWS_EC2_METADATA_DISABLED=true honoured (named in the error)" \
  "EC2 instance metadata (disabled by AWS_EC2_METADATA_DISABLED)" "$RC_OUT"
assert_eq "imds: disabled → not a single request" "$n" "$(wc -l <"$MD_LOG")"

# IMDSv1 fallback when the token PUT is refused as the SDKs expect (403/404/405).
for st in 403 404 405; do
  start_metadata_fake "v1-$st" "$IM_AK:$IM_SK:$IM_TOK" --role berth-role --imds-v1 "$st"
  RC_OUT=$(env AWS_EC2_METADATA_DISABLED=false AWS_EC2_METADATA_SERVICE_ENDPOINT="http://127.0.0.1:$MD_PORT" \
    "$BERTH_BIN" remote-check --url "$ECR_URL" --ecr --repo team/app --ref v1 2>&1)
  assert_contains "imds v1: PUT answered $st → IMDSv1 → image verified" "done: " "$RC_OUT"
  assert_eq "imds v1 ($st): then role and credentials without a token" \
    "imds PUT /latest/api/token $st v1-only|imds GET /latest/meta-data/iam/security-credentials/ 200 token=none|imds GET /latest/meta-data/iam/security-credentials/berth-role 200 token=none" \
    "$(paste -sd'|' "$MD_LOG")"
done
RC_OUT=$(env AWS_EC2_METADATA_DISABLED=false AWS_EC2_METADATA_V1_DISABLED=true AWS_EC2_METADATA_SERVICE_ENDPOINT="http://127.0.0.1:$MD_PORT" \
  "$BERTH_BIN" remote-check --url "$ECR_URL" --ecr --repo team/app 2>&1)
assert_contains "imds v1: AWS_EC2_METADATA_V1_DISABLED forbids the fallback" "AWS_EC2_METADATA_V1_DISABLED forbids IMDSv1" "$RC_OUT"

start_metadata_fake norole "$IM_AK:$IM_SK:$IM_TOK" --role ""
RC_OUT=$(env AWS_EC2_METADATA_DISABLED=false AWS_EC2_METADATA_SERVICE_ENDPOINT="http://127.0.0.1:$MD_PORT" \
  "$BERTH_BIN" remote-check --url "$ECR_URL" --ecr --repo team/app 2>&1)
assert_contains "imds: instance without a role → says so" "EC2 instance metadata (no IAM role attached to the instance)" "$RC_OUT"

# Nothing anywhere, IMDS enabled but not there: every source named, and quickly.
t0=$(date +%s%N)
RC_OUT=$(env AWS_EC2_METADATA_DISABLED=false "$BERTH_BIN" remote-check --url "$ECR_URL" --ecr --repo team/app 2>&1)
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
for src in "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY" "AWS_WEB_IDENTITY_TOKEN_FILE+AWS_ROLE_ARN" "shared credentials file" \
  "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI/FULL_URI" "EC2 instance metadata (connection refused by 127.0.0.1:9)"; do
  assert_contains "no source: the error names $src" "$src" "$RC_OUT"
done
assert_match "no source: fails fast (${ms} ms < 3000)" '^[0-9]+$' "$([[ $ms -lt 3000 ]] && echo $ms)"

# ---------------------------------------------------------------------------
info "Amazon ECR Public (https://public.ecr.aws in a private network namespace; fake ecr-public API + token-auth docker-registry on :443)"
# Nothing in the product knows about the test: the URL is the real one, and only inside this
# namespace does public.ecr.aws resolve to loopback (with a certificate the test trusts).
netns_start public.ecr.aws
PUB_PASSWORD=$(rand 24)
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$TEST_TMP/pub.key" -out "$TEST_TMP/pub.crt" -days 2 \
  -subj "/CN=public.ecr.aws" -addext "subjectAltName=DNS:public.ecr.aws" >/dev/null 2>&1 || die "openssl req (public) failed"
start_token_registry "AWS:$PUB_PASSWORD" ecrpub \
  "$(printf '  tls:\n    certificate: %s\n    key: %s' "$TEST_TMP/pub.crt" "$TEST_TMP/pub.key")" 443
"${NS[@]}" skopeo --insecure-policy copy -q --dest-tls-verify=false --dest-creds "AWS:$PUB_PASSWORD" \
  "oci:$IMG:v1" docker://public.ecr.aws/team/app:v1 >>"$TEST_TMP/push.log" 2>&1 || die "push (ecr public) failed: $(tail -5 "$TEST_TMP/push.log")"
ECR_LOG_FILE=$TEST_TMP/ecr-public.log start_ecr_fake "$AK" "$SK" "$PUB_PASSWORD" http://unused.invalid
PUB=(--url https://public.ecr.aws --ca-file "$TEST_TMP/pub.crt")
n0=$(grep -c '^token 200 user=AWS' "$TOKEN_LOG")
rc_ok "ecr public: static keys → ecr-public token → Bearer flow with AWS:<password> → image verified" \
  "${PUB[@]}" --ecr-access-key "$AK" --ecr-secret "$SK" --repo team/app --ref v1
assert_contains "ecr public: manifest digest" "manifest: $DIGEST" "$RC_OUT"
assert_contains "ecr public: the registry answered with a Bearer challenge" "auth bearer" "$RC_OUT"
assert_eq "ecr public: one GetAuthorizationToken (ecr-public, us-east-1) for the whole session" 1 \
  "$(grep -c '^ecr-public GetAuthorizationToken ok' "$ECR_LOG")"
assert_eq "ecr public: the private ECR API was not called" 0 "$(grep -c '^ecr GetAuthorizationToken' "$ECR_LOG")"
assert_match "ecr public: the token service issued tokens to user AWS" '^[1-9][0-9]*$' \
  "$(( $(grep -c '^token 200 user=AWS' "$TOKEN_LOG") - n0 ))"
assert_not_contains "ecr public: the password is never printed" "$PUB_PASSWORD" "$RC_OUT"
RC_OUT=$(env AWS_ACCESS_KEY_ID="$AK" AWS_SECRET_ACCESS_KEY="$SK" "${NS[@]}" "$BERTH_BIN" remote-check \
  --url https://public.ecr.aws/ --ca-file "$TEST_TMP/pub.crt" --ecr --repo team/app --ref v1 2>&1)
assert_contains "ecr public: trailing slash, keys from the environment" "done: " "$RC_OUT"
rc_fails "ecr public: wrong secret → signature mismatch with AWS's message" \
  "the AWS secret access key is wrong (signature mismatch) (AWS: InvalidSignatureException: The request signature we calculated" \
  "${PUB[@]}" --ecr-access-key "$AK" --ecr-secret wrong-secret --repo team/app
rc_fails "ecr public: unknown access key → clear message" "the AWS access key is invalid (AWS: UnrecognizedClientException" \
  "${PUB[@]}" --ecr-access-key AKIAWRONGWRONGWRONG1 --ecr-secret "$SK" --repo team/app
n1=$(grep -c '^ecr-public ' "$ECR_LOG")
rc_fails "ecr public: without --ecr or keys remote-check pulls anonymously (this registry refuses that)" \
  "refused anonymous access" "${PUB[@]}" --repo team/app --ref v1
assert_eq "ecr public: anonymous check made no AWS call" "$n1" "$(grep -c '^ecr-public ' "$ECR_LOG")"
RC_OUT=$(env AWS_ENDPOINT_URL_ECR_PUBLIC=http://127.0.0.1:9 "${NS[@]}" "$BERTH_BIN" remote-check "${PUB[@]}" \
  --ecr-access-key "$AK" --ecr-secret "$SK" --repo team/app 2>&1)
assert_contains "ecr public: AWS_ENDPOINT_URL_ECR_PUBLIC names the API endpoint" "connection refused by 127.0.0.1:9" "$RC_OUT"
NS=()

finish
