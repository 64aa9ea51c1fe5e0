#!/usr/bin/env bash
# Replication (Berth issue #13) through the aws-ecr and harbor adapters, the label filter and the
# audit log, driven through the API with curl:
#  - the seed's workflow, "Repository replication from Harbor to a private ECR repository":
#    tests/fakes/ecr_server.py (SigV4 verified, repositories per account) in front of a
#    docker-registry with user AWS; an image and a Helm chart pushed to a local project are
#    replicated by a push-mode policy; each repository is created once in the URL's account, a
#    repository that exists is never created (Harbor #13268), tasks of one repository running
#    at once create it once and upload their shared blobs once, a second run creates nothing;
#    cross-account (Harbor #21828, #22858); keys without ecr:CreateRepository fail the task with
#    a message naming the permission; deletion replication through BatchDeleteImage; pull mode
#    from ECR with a wildcard name filter lists through DescribeRepositories (ECR does not serve
#    /v2/_catalog to IAM users), never through the catalog;
#  - the harbor adapter against a second Berth: the destination project is created, digests
#    equal; pull mode lists the second Berth's projects and repositories through its API;
#  - the label filter (matches / excludes);
#  - policies and executions audited.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
lib_init "$@"
require_berth "replication" || finish
. "$HERE/remote_lib.sh"
remote_safety_env

AK=AKIAIOSFODNN7EXAMPLE
SK=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
ACCT=123456789012 OTHER=210987654321
ECR_URL=https://$ACCT.dkr.ecr.us-west-2.amazonaws.com
ECR_PASSWORD=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')

info "upstreams: docker-registry (user AWS) behind the fake ECR; a plain docker-registry"
start_registry ecr "$(htpasswd_yaml AWS "$ECR_PASSWORD" "$TEST_TMP/ecr.htpasswd")"
ECR_REG=127.0.0.1:$REG_PORT
ECR_CREDS=AWS:$ECR_PASSWORD
# src/pre exists in ECR before anything is replicated.
start_ecr_fake "$AK" "$SK" "$ECR_PASSWORD" "http://$ECR_REG" --other-account "$OTHER" \
  --registry-url "http://$ECR_REG" --repository src/pre
MAIN_ECR_PORT=$ECR_PORT MAIN_ECR_LOG=$ECR_LOG
start_registry plain
PLAIN=127.0.0.1:$REG_PORT
BERTH_TEST_PROJECTS="src ev lab back ecrpull" berth_start

# ---------------------------------------------------------------------------
# helpers (as in test_replication.sh)
. "$HERE/replication_lib.sh"
# ecr_state JQ: the fake ECR's admin view (GET /_fake/repositories)
ecr_state() { curl -s "http://127.0.0.1:$ECR_PORT/_fake/repositories" | jq -c "$1"; }
# ecr_repos ACCOUNT: the repository names the fake holds in ACCOUNT
ecr_repos() { ecr_state "[.repositories[]|select(.account==\"$1\")|.repositoryName]|sort"; }

# ---------------------------------------------------------------------------
info "source content: project src (two images in one repository, a Helm chart, an image for src/pre)"
L=$TEST_TMP/layout
D_V1=$(make_oci_image "$L" v1 2 amd64 50000) || die "image build failed"
D_V2=$(make_oci_image "$L" v2 2 amd64 50000) || die "image build failed"
D_PRE=$(make_oci_image "$L" pre 1 amd64 20000) || die "image build failed"
sk_push admin "oci:$L:v1" "docker://$BERTH_HOST/src/app:v1" || die "push src/app:v1"
sk_push admin "oci:$L:v2" "docker://$BERTH_HOST/src/app:v2" || die "push src/app:v2"
sk_push admin "oci:$L:pre" "docker://$BERTH_HOST/src/pre:v1" || die "push src/pre:v1"
# More tags in src/app: their tasks run at once, each making sure src/app exists in ECR.
for t in t1 t2 t3 t4; do sk_push admin "oci:$L:v1" "docker://$BERTH_HOST/src/app:$t" || die "push src/app:$t"; done

# A Helm chart: an OCI manifest with Helm's config media type.
CURL_AUTH=(-u "admin:Harbor12345")
CHART_JSON='{"name":"mychart","version":"0.1.0","apiVersion":"v2"}'
CHART_CFG=$(upload_blob_str src/charts/mychart "$CHART_JSON")
make_random_file "$TEST_TMP/chart.tgz" 3000
CHART_LAYER=$(upload_blob src/charts/mychart "$TEST_TMP/chart.tgz")
jq -cn --arg c "$CHART_CFG" --arg l "$CHART_LAYER" --argjson cs "$(printf '%s' "$CHART_JSON" | wc -c)" \
  --argjson ls "$(file_size "$TEST_TMP/chart.tgz")" '{schemaVersion:2,mediaType:"application/vnd.oci.image.manifest.v1+json",
  config:{mediaType:"application/vnd.cncf.helm.config.v1+json",digest:$c,size:$cs},
  layers:[{mediaType:"application/vnd.cncf.helm.chart.content.v1.tar+gzip",digest:$l,size:$ls}]}' | tr -d '\n' >"$TEST_TMP/chart.json"
put_manifest src/charts/mychart 0.1.0 "$TEST_TMP/chart.json" application/vnd.oci.image.manifest.v1+json || die "chart push: $(resp_summary)"
D_CHART=$(file_digest "$TEST_TMP/chart.json")
CURL_AUTH=()

# ===========================================================================
info "ECR as destination (the seed's workflow)"
create_endpoint ecr aws-ecr "$ECR_URL" "$AK" "$SK"
ECR_ID=$ENDPOINT_ID
create_policy "$(jq -cn --argjson d "$ECR_ID" '{name:"to-ecr",dest_registry:{id:$d},
  filters:[{type:"name",value:"src/**"}],trigger:{type:"manual"},enabled:true}')"
P_ECR=$POLICY_ID
run_policy "$P_ECR" "push to ECR succeeds"
api admin GET "/replication/executions/$EXEC_ID"
assert_eq "eight tasks (app: v1 v2 t1-t4, the chart, pre:v1), all succeeded" "8 8" "$(jb '"\(.total) \(.succeed)"')"
assert_eq "the repositories are in account $ACCT" '["src/app","src/charts/mychart","src/pre"]' "$(ecr_repos "$ACCT")"
assert_eq "nothing in the other account" '[]' "$(ecr_repos "$OTHER")"
assert_eq "CreateRepository called exactly once per missing repository (src/app, src/charts/mychart)" 2 \
  "$(ecr_state '.calls.CreateRepository // 0')"
check_fails "no CreateRepository for a repository that existed (no RepositoryAlreadyExistsException either)" \
  grep -E 'CreateRepository (ok .*"src/pre"|RepositoryAlreadyExistsException)' "$MAIN_ECR_LOG"
assert_contains "CreateRepository named the URL's account" "\"registryId\": \"$ACCT\"" \
  "$(grep 'ecr CreateRepository ok' "$MAIN_ECR_LOG" | head -1)"
# docker-registry's access log: each upload ends with a PUT to its session (monolithic uploads)
assert_eq "each of src/app's six blobs uploaded once, although five tasks share three of them" 6 \
  "$(grep 'msg="response completed"' "$TEST_TMP/ecr/log" | grep 'method=PUT' | grep -c 'uri="/v2/src/app/blobs/uploads/')"
assert_digest "src/app:v1 digest equal in ECR" "$D_V1" "$(raw_digest "$ECR_REG" src/app:v1 "$ECR_CREDS")"
assert_digest "src/app:v2 digest equal in ECR" "$D_V2" "$(raw_digest "$ECR_REG" src/app:v2 "$ECR_CREDS")"
assert_digest "src/pre:v1 digest equal in ECR" "$D_PRE" "$(raw_digest "$ECR_REG" src/pre:v1 "$ECR_CREDS")"
assert_digest "the Helm chart arrived (digest equal)" "$D_CHART" "$(raw_digest "$ECR_REG" src/charts/mychart:0.1.0 "$ECR_CREDS")"

DESCRIBES=$(ecr_state '.calls.DescribeRepositories // 0')
run_policy "$P_ECR" "second run succeeds"
api admin GET "/replication/executions/$EXEC_ID"
assert_eq "second run copied no byte" 0 "$(jb .bytes_done)"
assert_eq "second run: no new CreateRepository call" 2 "$(ecr_state '.calls.CreateRepository // 0')"
check "second run: the repositories were described (they exist)" \
  test "$(ecr_state '.calls.DescribeRepositories // 0')" -gt "$DESCRIBES"

info "ECR as source: pull mode with a wildcard name filter"
LIST_PAGES=$(ecr_state '.listPages')
create_policy "$(jq -cn --argjson s "$ECR_ID" '{name:"from-ecr",src_registry:{id:$s},dest_namespace:"ecrpull",
  dest_namespace_replace_count:1,filters:[{type:"name",value:"src/**"},{type:"tag",value:"v*"}],trigger:{type:"manual"},enabled:true}')"
run_policy "$POLICY_ID" "pull from ECR succeeds"
api admin GET "/replication/executions/$EXEC_ID"
assert_eq "three tasks (src/app v1 v2, src/pre v1; t1-t4 and the chart's 0.1.0 filtered out)" 3 "$(jb .total)"
api admin GET /projects/ecrpull/repositories
assert_eq "repositories pulled into ecrpull" '["ecrpull/app","ecrpull/pre"]' "$(jb '[.[].name]|sort' | jq -c .)"
for ref in app:v1 app:v2 pre:v1; do
  assert_digest "ecrpull/$ref digest equals ECR's src/$ref" "$(raw_digest "$ECR_REG" "src/$ref" "$ECR_CREDS")" \
    "$(raw_digest "$BERTH_HOST" "ecrpull/$ref" admin:Harbor12345)"
done
assert_eq "the repositories were listed with one DescribeRepositories page" $((LIST_PAGES + 1)) "$(ecr_state '.listPages')"
assert_eq "... without repositoryNames, in the URL's account, 1000 a page" \
  "{\"maxResults\": 1000, \"registryId\": \"$ACCT\"}" \
  "$(grep 'ecr DescribeRepositories ok .*maxResults' "$MAIN_ECR_LOG" | tail -1 | sed 's/^[^{]*//')"
assert_eq "no /v2/_catalog request reached ECR's registry" 0 "$(grep -c '_catalog' "$TEST_TMP/ecr/log")"

info "cross-account: the endpoint URL names account $OTHER"
create_endpoint ecr-other aws-ecr "https://$OTHER.dkr.ecr.us-west-2.amazonaws.com" "$AK" "$SK"
create_policy "$(jq -cn --argjson d "$ENDPOINT_ID" '{name:"to-ecr-other",dest_registry:{id:$d},dest_namespace:"cross",
  dest_namespace_replace_count:1,filters:[{type:"name",value:"src/app"},{type:"tag",value:"v1"}],trigger:{type:"manual"},enabled:true,
  dest_repository_settings:{tag_immutability:true,scan_on_push:true}}')"
run_policy "$POLICY_ID" "cross-account push succeeds"
assert_eq "cross/app created in account $OTHER" '["cross/app"]' "$(ecr_repos "$OTHER")"
assert_eq "... and not in account $ACCT" '[]' "$(ecr_state "[.repositories[]|select(.account==\"$ACCT\" and .repositoryName==\"cross/app\")]")"
assert_contains "its CreateRepository named registryId $OTHER" "\"registryId\": \"$OTHER\"" \
  "$(grep 'ecr CreateRepository ok .*cross/app' "$MAIN_ECR_LOG")"
assert_digest "cross/app:v1 digest equal" "$D_V1" "$(raw_digest "$ECR_REG" cross/app:v1 "$ECR_CREDS")"
assert_eq "dest_repository_settings: created IMMUTABLE with scan on push (Harbor #20994)" '["IMMUTABLE",true]' \
  "$(ecr_state "[.repositories[]|select(.account==\"$OTHER\" and .repositoryName==\"cross/app\")][0]|[.imageTagMutability,.scanOnPush]")"

info "deletion replication to ECR (event_based, deletion: true) through BatchDeleteImage"
create_policy "$(jq -cn --argjson d "$ECR_ID" '{name:"ecr-events",dest_registry:{id:$d},
  filters:[{type:"name",value:"ev/**"}],trigger:{type:"event_based"},deletion:true,enabled:true}')"
sk_push admin "oci:$L:v1" "docker://$BERTH_HOST/ev/svc:r1" || die "push ev/svc:r1"
sk_push admin "oci:$L:v2" "docker://$BERTH_HOST/ev/svc:r2" || die "push ev/svc:r2"
for ((i = 0; i < 100; i++)); do [[ $(dst_tags "$ECR_REG" ev/svc "$ECR_CREDS") == '["r1","r2"]' ]] && break; sleep 0.1; done
assert_eq "the pushes were replicated to ECR by the event" '["r1","r2"]' "$(dst_tags "$ECR_REG" ev/svc "$ECR_CREDS")"
assert_contains "ev/svc was created in ECR" '"ev/svc"' "$(ecr_repos "$ACCT")"
as admin req DELETE "/v2/ev/svc/manifests/r1"
expect_status 202 "local tag r1 deleted"
for ((i = 0; i < 100; i++)); do [[ $(dst_tags "$ECR_REG" ev/svc "$ECR_CREDS") == '["r2"]' ]] && break; sleep 0.1; done
assert_eq "the deletion reached ECR (r2 stays)" '["r2"]' "$(dst_tags "$ECR_REG" ev/svc "$ECR_CREDS")"
assert_eq "... through BatchDeleteImage of ev/svc:r1" "[{\"imageDigest\":\"$D_V1\",\"imageTag\":\"r1\"}]" \
  "$(ecr_state '[.deleted[]|{imageDigest,imageTag}]')"
assert_digest "r2 untouched" "$D_V2" "$(raw_digest "$ECR_REG" ev/svc:r2 "$ECR_CREDS")"

info "keys without ecr:CreateRepository (a second fake; Berth restarted to reach it)"
sk_push admin "oci:$L:pre" "docker://$BERTH_HOST/src/fresh:v1" || die "push src/fresh:v1"
ECR_LOG_FILE=$TEST_TMP/ecr-deny.log start_ecr_fake "$AK" "$SK" "$ECR_PASSWORD" "http://$ECR_REG" \
  --deny ecr:CreateRepository --repository src/app --repository src/charts/mychart --repository src/pre
berth_stop
_berth_launch || die "restart failed"
_berth_setup_auth
start_execution "$P_ECR"
wait_execution "$EXEC_ID" 60
assert_eq "the execution fails" Failed "$EXEC_STATUS"
assert_eq "one of nine tasks failed" "9 1 8" "$(jb '"\(.total) \(.failed) \(.succeed)"')"
api admin GET "/replication/executions/$EXEC_ID/tasks?status=Failed"
assert_eq "the failed task is src/fresh" "src/fresh:[v1]" "$(jb '.[0].src_resource')"
TEXT=$(jb '.[0].status_text')
assert_contains "status_text names ecr:CreateRepository" "ecr:CreateRepository" "$TEXT"
assert_contains "status_text names the repository's ARN" "arn:aws:ecr:us-west-2:$ACCT:repository/src/fresh" "$TEXT"
log "status_text: $TEXT"
api admin GET "/replication/executions/$EXEC_ID/tasks/$(jb '.[0].id')/log"
expect_status 200 "the failed task's log is readable"
assert_contains "the task log says ecr:CreateRepository too" "ecr:CreateRepository" "$(body)"
assert_eq "the existing repositories needed no CreateRepository; only src/fresh was attempted" 1 \
  "$(ecr_state '.calls.CreateRepository // 0')"
assert_eq "nothing created" '["src/app","src/charts/mychart","src/pre"]' "$(ecr_repos "$ACCT")"

# ===========================================================================
info "harbor adapter: a second Berth"
B2_PORT=$(free_port)
B2=127.0.0.1:$B2_PORT
mkdir -p "$TEST_TMP/b2"
printf 'listen: "%s"\ndataDir: %s\nlog:\n  level: info\n' "$B2" "$TEST_TMP/b2" >"$TEST_TMP/b2.yml"
"$BERTH_BIN" serve --config "$TEST_TMP/b2.yml" >"$TEST_TMP/b2.log" 2>&1 &
register_pid $!
wait_http "http://$B2/v2/" || die "the second Berth did not start: $(tail -5 "$TEST_TMP/b2.log")"
B2_CREDS=admin:Harbor12345
b2_api() { curl -s -u "$B2_CREDS" -o "$TEST_TMP/b2.out" -w '%{http_code}' "$@"; }
assert_eq "project mirror does not exist on the second Berth beforehand" 404 \
  "$(b2_api "http://$B2/api/v2.0/projects/mirror")"
create_endpoint berth2 harbor "http://$B2" admin Harbor12345
B2_ID=$ENDPOINT_ID
create_policy "$(jq -cn --argjson d "$B2_ID" '{name:"to-berth2",dest_registry:{id:$d},dest_namespace:"mirror",
  dest_namespace_replace_count:1,filters:[{type:"name",value:"src/{app,charts/**}"}],trigger:{type:"manual"},enabled:true}')"
run_policy "$POLICY_ID" "push to the second Berth succeeds"
assert_eq "project mirror was created there" 200 "$(b2_api "http://$B2/api/v2.0/projects/mirror")"
assert_eq "... private, as Harbor's adapter creates it" false "$(jq -r '.metadata.public' "$TEST_TMP/b2.out")"
assert_eq "its repositories (through its API)" '["mirror/app","mirror/charts/mychart"]' \
  "$(b2_api "http://$B2/api/v2.0/projects/mirror/repositories" >/dev/null; jq -c '[.[].name]|sort' "$TEST_TMP/b2.out")"
assert_digest "mirror/app:v1 digest equal" "$D_V1" "$(raw_digest "$B2" mirror/app:v1 "$B2_CREDS")"
assert_digest "mirror/app:v2 digest equal" "$D_V2" "$(raw_digest "$B2" mirror/app:v2 "$B2_CREDS")"
assert_digest "the chart's digest equal" "$D_CHART" "$(raw_digest "$B2" mirror/charts/mychart:0.1.0 "$B2_CREDS")"

info "pull mode from the second Berth"
# A wildcard in the project part: the projects are listed, then each one's repositories.
b2_calls() { grep -c "\"GET /api/v2.0/projects$1\" 200" "$TEST_TMP/b2.log"; }
LISTED_BEFORE=$(b2_calls /mirror/repositories)
create_policy "$(jq -cn --argjson s "$B2_ID" '{name:"from-berth2",src_registry:{id:$s},dest_namespace:"back",
  dest_namespace_replace_count:1,filters:[{type:"name",value:"mi*/**"},{type:"tag",value:"v*"}],trigger:{type:"manual"},enabled:true}')"
run_policy "$POLICY_ID" "pull from the second Berth succeeds"
api admin GET "/replication/executions/$EXEC_ID"
assert_eq "two tasks (app:v1, app:v2; the chart's tag 0.1.0 filtered out)" 2 "$(jb .total)"
api admin GET /projects/back/repositories
assert_eq "repositories pulled into back" '["back/app"]' "$(jb '[.[].name]|sort' | jq -c .)"
assert_digest "back/app:v1 digest equal" "$D_V1" "$(raw_digest "$BERTH_HOST" back/app:v1 admin:Harbor12345)"
assert_digest "back/app:v2 digest equal" "$D_V2" "$(raw_digest "$BERTH_HOST" back/app:v2 admin:Harbor12345)"
check "the source's projects were listed through its API (GET /api/v2.0/projects)" test "$(b2_calls "")" -ge 1
check "... and the repositories of mirror (GET /api/v2.0/projects/mirror/repositories)" \
  test "$(b2_calls /mirror/repositories)" -gt "$LISTED_BEFORE"

# ===========================================================================
info "label filter"
D_L1=$(make_oci_image "$L" l1 1 amd64 20000) || die "image build failed"
D_L2=$(make_oci_image "$L" l2 1 amd64 20000) || die "image build failed"
sk_push admin "oci:$L:l1" "docker://$BERTH_HOST/lab/app:one" || die "push lab/app:one"
sk_push admin "oci:$L:l2" "docker://$BERTH_HOST/lab/app:two" || die "push lab/app:two"
api_json admin POST /labels '{"name":"prod","scope":"g"}'
expect_status 201 "global label prod created"
LABEL_ID=$(hdr Location | sed 's#.*/##')
api_json admin POST /projects/lab/repositories/app/artifacts/one/labels "{\"id\":$LABEL_ID}"
expect_status 200 "prod attached to lab/app:one"
create_endpoint plain docker-registry "http://$PLAIN"
PLAIN_ID=$ENDPOINT_ID
create_policy "$(jq -cn --argjson d "$PLAIN_ID" '{name:"labelled",dest_registry:{id:$d},dest_namespace:"with",dest_namespace_replace_count:1,
  filters:[{type:"name",value:"lab/**"},{type:"label",value:["prod"]}],trigger:{type:"manual"},enabled:true}')"
run_policy "$POLICY_ID" "label policy runs"
assert_eq "only the labelled artifact replicated" '["one"]' "$(dst_tags "$PLAIN" with/app)"
assert_digest "... with its digest" "$D_L1" "$(raw_digest "$PLAIN" with/app:one)"
create_policy "$(jq -cn --argjson d "$PLAIN_ID" '{name:"unlabelled",dest_registry:{id:$d},dest_namespace:"without",dest_namespace_replace_count:1,
  filters:[{type:"name",value:"lab/**"},{type:"label",value:["prod"],decoration:"excludes"}],trigger:{type:"manual"},enabled:true}')"
run_policy "$POLICY_ID" "excludes-label policy runs"
assert_eq "only the other artifact replicated" '["two"]' "$(dst_tags "$PLAIN" without/app)"
assert_digest "... with its digest" "$D_L2" "$(raw_digest "$PLAIN" without/app:two)"

# ===========================================================================
info "audit"
create_policy "$(jq -cn --argjson d "$PLAIN_ID" '{name:"audited",dest_registry:{id:$d},dest_namespace:"aud",dest_namespace_replace_count:1,
  filters:[{type:"name",value:"lab/app"},{type:"tag",value:"one"}],trigger:{type:"manual"},enabled:true}')"
P_AUD=$POLICY_ID
api_json admin PUT "/replication/policies/$P_AUD" "$(jq -cn --argjson d "$PLAIN_ID" '{name:"audited",description:"edited",dest_registry:{id:$d},
  dest_namespace:"aud",dest_namespace_replace_count:1,filters:[{type:"name",value:"lab/app"},{type:"tag",value:"one"}],trigger:{type:"manual"},enabled:true}')"
expect_status 200 "policy updated"
run_policy "$P_AUD" "audited policy runs"
AUD_EXEC=$EXEC_ID
api admin DELETE "/replication/policies/$P_AUD"
expect_status 200 "policy deleted"
api_all admin "/audit-logs?q=resource_type%3Dreplication_policy"
assert_eq "create, update, delete of the policy audited (by admin)" '["create","update","delete"]' \
  "$(jb '[.[]|select(.resource=="audited" and .username=="admin")|.operation]|reverse' | jq -c .)"
api_all admin "/audit-logs?q=resource_type%3Dreplication_execution"
assert_eq "the execution's start audited" '["create"]' \
  "$(jb "[.[]|select(.resource|contains(\"audited\") and contains(\"$AUD_EXEC\"))|.operation]" | jq -c .)"

finish
