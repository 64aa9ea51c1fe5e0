#!/usr/bin/env bash
# The project page and the Projects and Registries lists (project.test.mjs): Summary (also of a
# proxy cache, with its statistics), Members, Configuration, deleting projects, NEW PROJECT's
# storage quota, editing an endpoint and a refused endpoint deletion. The setup goes through the
# API and skopeo: a docker-registry upstream with one image, its endpoint, a proxy-cache project
# pulled through twice, a project holding an image, an empty one, two users.
#   bash tests/portal/test_project.sh build/berth [OUT_DIR]
. "$(dirname "${BASH_SOURCE[0]}")/portal_lib.sh"
portal_init "$1" "$2"
. "$ROOT/tests/integration/remote_lib.sh"

remote_safety_env
BERTH_TEST_PROJECTS=library
berth_start
start_registry upstream
REG_URL=http://127.0.0.1:$REG_PORT

info "setup through the API"
L=$TEST_TMP/layout
# Two images: the proxy cache's blobs must come from the upstream, not from web's copy.
make_oci_image "$L" img 1 amd64 300000 >/dev/null || die "make_oci_image failed"
make_oci_image "$L" webimg 1 amd64 100000 >/dev/null || die "make_oci_image failed"
sk copy -q --dest-tls-verify=false "oci:$L:img" "docker://127.0.0.1:$REG_PORT/team/img:v1" >/dev/null 2>&1 ||
  die "seeding the upstream failed"
api_json admin POST /registries "$(jq -cn --arg u "$REG_URL" \
  '{name:"upstream",type:"docker-registry",url:$u,insecure:false,credential:{type:"basic",access_key:"puller",access_secret:"s3cret-Pw"}}')"
[[ $RESP_STATUS == 201 ]] || die "endpoint: HTTP $RESP_STATUS $(body)"
REG_ID=$(hdr Location | sed 's#.*/##')
api_json admin POST /projects "{\"project_name\":\"cache\",\"registry_id\":$REG_ID}"
[[ $RESP_STATUS == 201 ]] || die "proxy project: HTTP $RESP_STATUS $(body)"
api_json admin POST /projects '{"project_name":"web","storage_limit":1073741824}'
[[ $RESP_STATUS == 201 ]] || die "project web: HTTP $RESP_STATUS $(body)"
ensure_project doomed || die "project doomed"
sk_push admin "oci:$L:webimg" "docker://$BERTH_HOST/web/img:v1" || die "push into web failed"
for n in 1 2; do  # a cold pull, then a warm one the cache answers alone
  sk copy -q --src-tls-verify=false --src-creds admin:Harbor12345 "docker://$BERTH_HOST/cache/team/img:v1" \
    "oci:$TEST_TMP/pull$n:x" >/dev/null 2>&1 || die "pull $n through the proxy cache failed"
done
add_user alice || die "user alice"
add_user bob || die "user bob"
add_member web bob 2 || die "bob as developer of web"
ok "upstream, endpoint, projects cache/web/doomed, users alice and bob"

portal_run_spec project.test.mjs REG_URL="$REG_URL" USER_PW="$TEST_USER_PW"
finish
