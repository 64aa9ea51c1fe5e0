#!/usr/bin/env bash
# The Amazon ECR control-plane calls replication makes (src/remote/ecr_api.h), driven through the
# hidden `berth ecr-check` command against tests/fakes/ecr_server.py, which verifies every SigV4
# signature and keeps repositories per account (its state read back from GET /_fake/repositories):
#   ensure creates once with the settings asked for, in the URL's account (also another account
#   the keys may use), and a second ensure only describes; keys without ecr:CreateRepository still
#   get "existed" for a repository that exists (Harbor #13268) and a clear message naming the
#   action and the ARN when it is missing; push-only keys get "unverified"; wrong keys and an
#   unreachable API fail clearly; BatchDeleteImage by tag (untag, the image stays under its other
#   tag) and by digest against the docker-registry the fake fronts; listing every repository
#   (DescribeRepositories without names, 1000 a page, following nextToken, in the URL's account;
#   a clear message when the keys may not list); the request bodies Berth sent
#   are checked against AWS's service model and moto (tests/fakes/ecr_moto_check.py).
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
lib_init "$@"
. "$HERE/remote_lib.sh"
[[ $BERTH_KIND == berth ]] || { skip "ecr-check needs the berth binary"; finish; }

# Safety net: nothing in this test may reach AWS; every AWS endpoint points at loopback.
remote_safety_env

AK=AKIAIOSFODNN7EXAMPLE
SK=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
ACCT=123456789012 OTHER=210987654321
URL=https://$ACCT.dkr.ecr.us-west-2.amazonaws.com
KEYS=(--ecr-access-key "$AK" --ecr-secret "$SK")
EC_OUT=""
# ec_ok DESC NEEDLE ARGS...: ecr-check succeeds and prints NEEDLE
ec_ok() {
  local desc=$1 needle=$2; shift 2
  EC_OUT=$("$BERTH_BIN" ecr-check "$@" 2>&1); local code=$?
  if [[ $code -eq 0 && $EC_OUT == *"$needle"* ]]; then ok "$desc"; return 0; fi
  fail "$desc" "command: berth ecr-check $(quote_cmd "$@")" "exit: $code" "expected to contain: $needle" "output: $EC_OUT"
  return 1
}
# ec_fails DESC NEEDLE ARGS...: ecr-check fails and says NEEDLE
ec_fails() {
  local desc=$1 needle=$2; shift 2
  EC_OUT=$("$BERTH_BIN" ecr-check "$@" 2>&1); local code=$?
  if [[ $code -ne 0 && $EC_OUT == *"$needle"* ]]; then ok "$desc"; return 0; fi
  fail "$desc" "command: berth ecr-check $(quote_cmd "$@")" "exit: $code (expected non-zero)" \
    "expected to contain: $needle" "output: $EC_OUT"
  return 1
}
# state JQ_FILTER: the fake's admin view (GET /_fake/repositories) through jq
state() { curl -s "http://127.0.0.1:$ECR_PORT/_fake/repositories" | jq -c "$1"; }
# with_fake ARGS...: a second fake for one scenario (own port and log); sets AWS_ENDPOINT_URL_ECR
with_fake() { ECR_LOG_FILE=$TEST_TMP/ecr-$1.log; shift; start_ecr_fake "$AK" "$SK" unused http://unused.invalid "$@"; }

# ---------------------------------------------------------------------------
info "setup: docker-registry (user AWS) behind the fake ECR"
ECR_PASSWORD=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
start_registry ecr "$(htpasswd_yaml AWS "$ECR_PASSWORD" "$TEST_TMP/ecr.htpasswd")"
ECR_REG=127.0.0.1:$REG_PORT
start_ecr_fake "$AK" "$SK" "$ECR_PASSWORD" "http://$ECR_REG" --other-account "$OTHER" --registry-url "http://$ECR_REG"
MAIN_PORT=$ECR_PORT MAIN_LOG=$ECR_LOG

# ---------------------------------------------------------------------------
info "ensure: created once, in the URL's account, with the settings"
ec_ok "ensure of a missing repository creates it" "ensure: team/app created" --url "$URL" "${KEYS[@]}" \
  --ensure-repo team/app --immutable --scan-on-push
assert_contains "the registryId sent is the URL's account" "registryId=$ACCT" "$EC_OUT"
assert_eq "the fake has it in account $ACCT, IMMUTABLE, scanOnPush" \
  "[{\"account\":\"$ACCT\",\"repositoryName\":\"team/app\",\"imageTagMutability\":\"IMMUTABLE\",\"scanOnPush\":true}]" \
  "$(state '[.repositories[] | {account, repositoryName, imageTagMutability, scanOnPush}]')"
assert_eq "one DescribeRepositories, one CreateRepository" '{"DescribeRepositories":1,"CreateRepository":1}' \
  "$(state '.calls | {DescribeRepositories, CreateRepository}')"
ec_ok "second ensure finds it" "ensure: team/app existed" --url "$URL" "${KEYS[@]}" --ensure-repo team/app
assert_eq "second ensure: described again, CreateRepository not called again" '{"DescribeRepositories":2,"CreateRepository":1}' \
  "$(state '.calls | {DescribeRepositories, CreateRepository}')"
ec_ok "ensure with defaults: MUTABLE, no scan on push" "ensure: team/plain created" --url "$URL" "${KEYS[@]}" --ensure-repo team/plain
assert_eq "defaults stored" '["MUTABLE",false]' \
  "$(state '[.repositories[] | select(.repositoryName == "team/plain") | .imageTagMutability, .scanOnPush]')"
ec_ok "exists: yes" "exists: team/app yes" --url "$URL" "${KEYS[@]}" --exists team/app
ec_ok "exists: no" "exists: team/none no" --url "$URL" "${KEYS[@]}" --exists team/none
ec_ok "create of an existing repository is a success (RepositoryAlreadyExistsException)" "create: team/app ok" \
  --url "$URL" "${KEYS[@]}" --create-repo team/app
assert_contains "the fake answered RepositoryAlreadyExistsException" "ecr CreateRepository RepositoryAlreadyExistsException" "$(cat "$MAIN_LOG")"
assert_eq "its settings are left alone" '"IMMUTABLE"' \
  "$(state '.repositories[] | select(.repositoryName == "team/app") | .imageTagMutability')"

info "cross-account: the repository lands in the URL's account (Harbor #21828, #22858)"
ec_ok "ensure in the other account's registry" "ensure: team/cross created" --url "https://$OTHER.dkr.ecr.us-west-2.amazonaws.com" \
  "${KEYS[@]}" --ensure-repo team/cross
assert_eq "created in $OTHER, not in the keys' account" "[\"$OTHER\"]" \
  "$(state '[.repositories[] | select(.repositoryName == "team/cross") | .account]')"
ec_ok "the same name in the keys' own account is still missing" "exists: team/cross no" --url "$URL" "${KEYS[@]}" --exists team/cross
NOACCT=https://999999999999.dkr.ecr.us-west-2.amazonaws.com
ec_fails "an account the keys may not use → AccessDenied naming the action and the ARN" \
  "the AWS credentials may not call ecr:DescribeRepositories on arn:aws:ecr:us-west-2:999999999999:repository/team/x (AWS: AccessDeniedException: User: arn:aws:iam::$ACCT:user/test is not authorized" \
  --url "$NOACCT" "${KEYS[@]}" --exists team/x
ec_fails "... CreateRepository there too" \
  "the AWS credentials may not call ecr:CreateRepository on arn:aws:ecr:us-west-2:999999999999:repository/team/x" \
  --url "$NOACCT" "${KEYS[@]}" --create-repo team/x
ec_ok "... so ensure cannot tell (as with push-only keys): unverified, with a warning naming the ARN" \
  "may neither describe nor create ECR repository arn:aws:ecr:us-west-2:999999999999:repository/team/x" \
  --url "$NOACCT" "${KEYS[@]}" --ensure-repo team/x
assert_contains "... and the answer is unverified" "ensure: team/x unverified" "$EC_OUT"
ec_ok "api.ecr URL: no registryId, the keys' own account" "ensure: team/viaapi created" \
  --url https://api.ecr.us-west-2.amazonaws.com "${KEYS[@]}" --ensure-repo team/viaapi
assert_contains "api.ecr URL: registryId left out" "registryId=(none)" "$EC_OUT"
assert_eq "api.ecr URL: created in $ACCT" "[\"$ACCT\"]" \
  "$(state '[.repositories[] | select(.repositoryName == "team/viaapi") | .account]')"
assert_not_contains "api.ecr URL: the request had no registryId" '"registryId"' \
  "$(grep 'ecr CreateRepository ok .*team/viaapi' "$MAIN_LOG")"

# ---------------------------------------------------------------------------
info "denied actions (--deny)"
with_fake nocreate --deny ecr:CreateRepository --repository team/app
ec_ok "push keys without ecr:CreateRepository: an existing repository is fine (Harbor #13268)" "ensure: team/app existed" \
  --url "$URL" "${KEYS[@]}" --ensure-repo team/app
assert_eq "... and CreateRepository was never called" 'null' "$(state '.calls.CreateRepository')"
ec_fails "missing repository, CreateRepository denied → message names ecr:CreateRepository and the ARN" \
  "the AWS credentials may not call ecr:CreateRepository on arn:aws:ecr:us-west-2:$ACCT:repository/team/new (AWS: AccessDeniedException: User: arn:aws:iam::$ACCT:user/test is not authorized to perform: ecr:CreateRepository on resource: arn:aws:ecr:us-west-2:$ACCT:repository/team/new because no identity-based policy allows the ecr:CreateRepository action) [forbidden]" \
  --url "$URL" "${KEYS[@]}" --ensure-repo team/new
assert_eq "the error is one line, no stack" 1 "$(grep -vc '^api: ' <<<"$EC_OUT")"
with_fake nodescribe --deny ecr:DescribeRepositories
ec_ok "DescribeRepositories denied: create instead" "ensure: team/app created" --url "$URL" "${KEYS[@]}" --ensure-repo team/app
ec_ok "DescribeRepositories denied, repository there: RepositoryAlreadyExists → existed" "ensure: team/app existed" \
  --url "$URL" "${KEYS[@]}" --ensure-repo team/app
with_fake pushonly --deny ecr:DescribeRepositories --deny ecr:CreateRepository --repository team/app
ec_ok "neither allowed (push-only keys): unverified, the push will tell" "ensure: team/app unverified" \
  --url "$URL" "${KEYS[@]}" --ensure-repo team/app
export AWS_ENDPOINT_URL_ECR=http://127.0.0.1:$MAIN_PORT
ECR_PORT=$MAIN_PORT

# ---------------------------------------------------------------------------
info "wrong keys, unreachable API"
ec_fails "wrong secret → signature mismatch" "the AWS secret access key is wrong (signature mismatch) (AWS: InvalidSignatureException: The request signature we calculated" \
  --url "$URL" --ecr-access-key "$AK" --ecr-secret wrong-secret --ensure-repo team/app
ec_fails "unknown key → invalid access key" "the AWS access key is invalid (AWS: UnrecognizedClientException" \
  --url "$URL" --ecr-access-key AKIAWRONGWRONGWRONG1 --ecr-secret "$SK" --exists team/app
ec_fails "no credentials anywhere → says where it looked" "no AWS credentials" --url "$URL" --exists team/app
DEAD=$(free_port)
t0=$(date +%s%N)
EC_OUT=$(AWS_ENDPOINT_URL_ECR=http://127.0.0.1:$DEAD "$BERTH_BIN" ecr-check --url "$URL" "${KEYS[@]}" --ensure-repo team/app 2>&1)
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
assert_contains "unreachable API → connection refused, a network error" "connection refused by 127.0.0.1:$DEAD [connection-refused]" "$EC_OUT"
assert_match "unreachable API fails within the retries (${ms} ms < 8000)" '^[0-9]+$' "$([[ $ms -lt 8000 ]] && echo $ms)"
ec_fails "ECR Public has no repository API here" "Amazon ECR Public repositories" --url https://public.ecr.aws "${KEYS[@]}" --exists x

# ---------------------------------------------------------------------------
info "BatchDeleteImage (through the docker-registry the fake fronts)"
IMG=$TEST_TMP/img
D1=$(make_oci_image "$IMG" v1 1 amd64 20000) || die "make_oci_image failed"
D2=$(make_oci_image "$IMG" v2 1 amd64 20000) || die "make_oci_image failed"
push() { sk copy -q "${SK_DEST_TLS[@]}" --dest-creds "AWS:$ECR_PASSWORD" "oci:$IMG:$1" "docker://$ECR_REG/team/app:$2" >>"$TEST_TMP/push.log" 2>&1; }
push v1 v1 && push v1 v1b && push v2 v2 || die "push failed: $(tail -5 "$TEST_TMP/push.log")"
digest_of() { sk inspect --raw "${SK_TLS[@]}" --creds "AWS:$ECR_PASSWORD" "docker://$ECR_REG/team/app:$1" 2>/dev/null | sha256sum | cut -d' ' -f1; }
tags() { sk list-tags "${SK_TLS[@]}" --creds "AWS:$ECR_PASSWORD" "docker://$ECR_REG/team/app" 2>/dev/null | jq -c '(.Tags // []) | sort'; }
assert_eq "setup: three tags" '["v1","v1b","v2"]' "$(tags)"
ec_ok "delete by tag → 1 image" "delete: team/app v1 1 image(s) deleted" --url "$URL" "${KEYS[@]}" --delete team/app:v1
assert_eq "tag v1 gone, v1b (same image) and v2 stay" '["v1b","v2"]' "$(tags)"
assert_eq "v1b still the same image" "${D1#sha256:}" "$(digest_of v1b)"
ec_ok "delete the same tag again → 0 (ImageNotFound)" "delete: team/app v1 0 image(s) deleted" --url "$URL" "${KEYS[@]}" --delete team/app:v1
ec_ok "delete by digest (NAME@DIGEST) → 1 image" "delete: team/app $D2 1 image(s) deleted" --url "$URL" "${KEYS[@]}" --delete "team/app@$D2"
assert_eq "v2 gone" '["v1b"]' "$(tags)"
ec_ok "delete by digest (NAME:DIGEST) of the last image → 1" "delete: team/app $D1 1 image(s) deleted" --url "$URL" "${KEYS[@]}" --delete "team/app:$D1"
assert_eq "no tags left" '[]' "$(tags)"
assert_eq "the fake recorded the deletions (tag, then digest with its tag, then digest with its last tag)" \
  "[{\"imageDigest\":\"$D1\",\"imageTag\":\"v1\"},{\"imageDigest\":\"$D2\",\"imageTag\":\"v2\"},{\"imageDigest\":\"$D1\",\"imageTag\":\"v1b\"}]" \
  "$(state '[.deleted[] | {imageDigest, imageTag}]')"
ec_ok "delete in a repository ECR does not have → 0" "delete: team/none v1 0 image(s) deleted" --url "$URL" "${KEYS[@]}" --delete team/none:v1
ec_fails "a malformed digest is ECR's refusal, in words" "ECR BatchDeleteImage refused the image (AWS: InvalidImageDigest" \
  --url "$URL" "${KEYS[@]}" --delete team/app@sha256:xyz
ec_fails "NAME without a reference" "--delete wants NAME:TAG or NAME@DIGEST" --url "$URL" "${KEYS[@]}" --delete team/app

# ---------------------------------------------------------------------------
info "listing: DescribeRepositories without names, 1000 a page, following nextToken"
SEED=()
for i in $(seq -w 1 1005); do SEED+=(--repository "bulk/r$i"); done
with_fake list --other-account "$OTHER" "${SEED[@]}"
ec_ok "1005 repositories listed" "list: 1005 repositories" --url "$URL" "${KEYS[@]}" --list
assert_eq "... every one of them, once" "$(printf 'bulk/r%s\n' $(seq -w 1 1005) | sha256sum)" \
  "$(sed -n 's/^repository: //p' <<<"$EC_OUT" | sort -u | sha256sum)"
assert_eq "... in two pages" 2 "$(state '.listPages')"
assert_eq "the first page: 1000 of the URL's account, no repositoryNames" "{\"maxResults\": 1000, \"registryId\": \"$ACCT\"}" \
  "$(grep 'ecr DescribeRepositories ok' "$ECR_LOG" | head -1 | sed 's/^[^{]*//')"
assert_match "the second page: the nextToken of the first" '^\{"maxResults": 1000, "nextToken": "[A-Za-z0-9+/=]{40,}", "registryId": "'"$ACCT"'"\}$' \
  "$(grep 'ecr DescribeRepositories ok' "$ECR_LOG" | sed -n '2s/^[^{]*//p')"
ec_ok "the other account's registry: only its own repository" "list: 1 repositories" \
  --url "https://$OTHER.dkr.ecr.us-west-2.amazonaws.com" "${KEYS[@]}" --ensure-repo team/other --list
assert_contains "... team/other" "repository: team/other" "$EC_OUT"
with_fake nolist --deny ecr:DescribeRepositories
ec_fails "keys without ecr:DescribeRepositories: the message names the action and the registry's repositories" \
  "the AWS credentials may not call ecr:DescribeRepositories on arn:aws:ecr:us-west-2:$ACCT:repository/*" \
  --url "$URL" "${KEYS[@]}" --list
export AWS_ENDPOINT_URL_ECR=http://127.0.0.1:$MAIN_PORT
ECR_PORT=$MAIN_PORT

# ---------------------------------------------------------------------------
info "secrets"
ALL_LOGS=$(cat "$TEST_TMP"/ecr*.log)
assert_not_contains "the secret key is in no fake log" "$SK" "$ALL_LOGS"
assert_not_contains "the ECR password is in no fake log" "$ECR_PASSWORD" "$ALL_LOGS"

# ---------------------------------------------------------------------------
info "Berth's request bodies against AWS's service model and moto (tests/fakes/ecr_moto_check.py)"
grep -hoE '^ecr (DescribeRepositories|CreateRepository|BatchDeleteImage) ok key=[^ ]+ .*' "$TEST_TMP"/ecr*.log |
  sed -E 's/^ecr ([A-Za-z]+) ok key=[^ ]+ /\1 /' | sort -u >"$TEST_TMP/bodies.txt"
MOTO_OUT=$(python3 "$FAKES/ecr_moto_check.py" --bodies "$TEST_TMP/bodies.txt" 2>&1); code=$?
if [[ $code -eq 2 ]]; then
  skip "boto3/moto not installed: $MOTO_OUT"
elif [[ $code -eq 0 ]]; then
  ok "fake and moto agree; every body Berth sent is valid for AWS's model ($(grep -c '^ok: ' <<<"$MOTO_OUT") bodies)"
else
  fail "fake vs moto, Berth's bodies vs AWS's model" "output: $MOTO_OUT"
fi

finish
