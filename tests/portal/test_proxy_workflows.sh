#!/usr/bin/env bash
# Seed workflows 1 and 2 (/work/shared/seed/harbor-use-cases.md, "Proxy a public / private Amazon
# ECR repository") done through the portal word for word (proxy_workflows.test.mjs): NEW ENDPOINT
# public-ecr (Docker Registry; a docker-registry on loopback stands in for https://public.ecr.aws/)
# and private-ecr (Aws ECR, Access ID / Access Secret, against tests/fakes/ecr_server.py in front
# of a docker-registry), NEW PROJECT proxy-project / proxy-private-project (Public, Proxy Cache),
# a pull through each with skopeo, and the cached artifact in the portal.
#   bash tests/portal/test_proxy_workflows.sh build/berth [OUT_DIR]
. "$(dirname "${BASH_SOURCE[0]}")/portal_lib.sh"
portal_init "$1" "$2"
. "$ROOT/tests/integration/remote_lib.sh"
remote_safety_env

AK=AKIAIOSFODNN7EXAMPLE
SK=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
ECR_PASSWORD=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')

info "upstreams: public ECR stand-in, private ECR (fake API + docker-registry)"
start_registry public
PUBLIC_PORT=$REG_PORT
start_registry ecr "$(htpasswd_yaml AWS "$ECR_PASSWORD" "$TEST_TMP/ecr.htpasswd")"
ECR_REG_PORT=$REG_PORT
start_ecr_fake "$AK" "$SK" "$ECR_PASSWORD" "http://127.0.0.1:$ECR_REG_PORT"

L=$TEST_TMP/layout
CW=$(make_oci_image "$L" cw 2 amd64 60000) || die "make_oci_image failed"
ALPINE=$(make_oci_image "$L" alpine 1 amd64 60000) || die "make_oci_image failed"
sk copy -q --dest-tls-verify=false "oci:$L:cw" \
  "docker://127.0.0.1:$PUBLIC_PORT/cloudwatch-agent/cloudwatch-agent:latest" >/dev/null 2>&1 || die "seeding public-ecr failed"
sk copy -q --dest-tls-verify=false --dest-creds "AWS:$ECR_PASSWORD" "oci:$L:alpine" \
  "docker://127.0.0.1:$ECR_REG_PORT/alpine:latest" >/dev/null 2>&1 || die "seeding private ECR failed"
ok "upstreams seeded"

mkdir -p "$TEST_TMP/pulled"
BERTH_TEST_PROJECTS=library
berth_start

portal_run_spec proxy_workflows.test.mjs PUBLIC_URL="http://127.0.0.1:$PUBLIC_PORT" \
  ECR_URL="https://123456789012.dkr.ecr.us-west-2.amazonaws.com/" ECR_AK="$AK" ECR_SK="$SK" \
  CW_DIGEST="$CW" ALPINE_DIGEST="$ALPINE" PULL_DIR="$TEST_TMP/pulled"
finish
