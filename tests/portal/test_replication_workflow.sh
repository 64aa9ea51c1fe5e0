#!/usr/bin/env bash
# The seed's third workflow through the portal (replication_workflow.test.mjs): a private ECR as
# replication destination, the rule made in NEW REPLICATION RULE, an image and a Helm chart pushed,
# the executions and tasks watched in the portal; then the destination checked with skopeo (the
# same digests) and the fake ECR's repositories (created with scan on push, as the rule asked).
#   bash tests/portal/test_replication_workflow.sh build/berth [OUT_DIR]
. "$(dirname "${BASH_SOURCE[0]}")/portal_lib.sh"
portal_init "$1" "$2"
. "$ROOT/tests/integration/remote_lib.sh"
. "$ROOT/tests/integration/replication_lib.sh"

remote_safety_env
AK=AKIAIOSFODNN7EXAMPLE
SK=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
ACCT=123456789012
ECR_URL=https://$ACCT.dkr.ecr.us-west-2.amazonaws.com
ECR_PASSWORD=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')

info "the private ECR: tests/fakes/ecr_server.py in front of a docker-registry (user AWS)"
start_registry ecr "$(htpasswd_yaml AWS "$ECR_PASSWORD" "$TEST_TMP/ecr.htpasswd")"
ECR_REG=127.0.0.1:$REG_PORT
ECR_CREDS=AWS:$ECR_PASSWORD
start_ecr_fake "$AK" "$SK" "$ECR_PASSWORD" "http://$ECR_REG" --registry-url "http://$ECR_REG"
# No project beforehand: nonproxy-project is made in the portal.
BERTH_TEST_PROJECTS=" " berth_start

info "what the user pushes: alpine:latest, a bigger image for a throttled run, a Helm chart"
LAYOUT=$TEST_TMP/layout
D_ALPINE=$(make_oci_image "$LAYOUT" alpine 2 amd64 50000) || die "image build failed"
make_oci_image "$LAYOUT" big 3 amd64 1000000 >/dev/null || die "image build failed"
CHART_DIR=$TEST_TMP/chart
mkdir -p "$CHART_DIR"
printf '%s' '{"name":"mychart","version":"0.1.0","apiVersion":"v2"}' >"$CHART_DIR/config.json"
make_random_file "$CHART_DIR/chart.tgz" 3000
jq -cn --arg c "$(file_digest "$CHART_DIR/config.json")" --argjson cs "$(file_size "$CHART_DIR/config.json")" \
  --arg l "$(file_digest "$CHART_DIR/chart.tgz")" --argjson ls "$(file_size "$CHART_DIR/chart.tgz")" \
  '{schemaVersion:2,mediaType:"application/vnd.oci.image.manifest.v1+json",
  config:{mediaType:"application/vnd.cncf.helm.config.v1+json",digest:$c,size:$cs},
  layers:[{mediaType:"application/vnd.cncf.helm.chart.content.v1.tar+gzip",digest:$l,size:$ls}]}' | tr -d '\n' \
  >"$CHART_DIR/manifest.json"
D_CHART=$(file_digest "$CHART_DIR/manifest.json")

portal_run_spec replication_workflow.test.mjs BERTH_HOST="$BERTH_HOST" ECR_URL="$ECR_URL" AK="$AK" SK="$SK" \
  LAYOUT="$LAYOUT" CHART_DIR="$CHART_DIR"

info "the destination, as skopeo sees it"
assert_digest "nonproxy-project/alpine:latest in ECR, same digest" "$D_ALPINE" \
  "$(raw_digest "$ECR_REG" nonproxy-project/alpine:latest "$ECR_CREDS")"
assert_digest "the Helm chart nonproxy-project/charts/mychart:0.1.0 in ECR, same digest" "$D_CHART" \
  "$(raw_digest "$ECR_REG" nonproxy-project/charts/mychart:0.1.0 "$ECR_CREDS")"
ecr_repo() { curl -s "http://127.0.0.1:$ECR_PORT/_fake/repositories" | jq -c "[.repositories[]|select(.repositoryName==\"$1\")][0]|[.imageTagMutability,.scanOnPush]"; }
assert_eq "the ECR repositories were created with scan on push (the rule's setting)" \
  '["MUTABLE",true] ["MUTABLE",true]' "$(ecr_repo nonproxy-project/alpine) $(ecr_repo nonproxy-project/charts/mychart)"
finish
