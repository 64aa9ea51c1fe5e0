#!/usr/bin/env bash
# Projects, members, permissions, audit logs and /v2/ access control (Berth issue #3).
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
lib_init "$@"
require_berth "projects and access control" || finish
berth_start
W="$TEST_TMP/w"; mkdir -p "$W"
PW=$TEST_USER_PW  # lib.sh's `api USER ...` logs NAME in with it
API=/api/v2.0

# Users are made with the operator CLI (the users API lives elsewhere).
for u in padmin maint dev guest lguest outsider; do
  printf '%s\n' "$PW" | "$BERTH_BIN" user add --config "$BERTH_CONFIG" --name "$u" >>"$TEST_TMP/cli.log" 2>&1 ||
    die "berth user add $u failed (see $TEST_TMP/cli.log)"
done
check_fails "berth user add refuses a duplicate name" \
  "$BERTH_BIN" user add --config "$BERTH_CONFIG" --name dev --password "$PW"


# ===========================================================================
info "project CRUD"
api_json admin POST /projects '{"project_name":"pa","metadata":{"public":"false"}}'
expect_status 201 "admin creates private project pa"
expect_hdr Location '^/api/v2\.0/projects/[0-9]+$' "Location names the new id"
PA_ID=$(hdr Location | sed 's|.*/||')
api_json admin POST /projects '{"project_name":"pa"}'
expect_status 409 "creating pa again -> 409"; expect_error CONFLICT "409 body"
api_json admin POST /projects '{"project_name":"pub","metadata":{"public":"true"}}' -H 'X-Resource-Name-In-Location: true'
expect_status 201 "admin creates public project pub"
expect_hdr_eq Location "/api/v2.0/projects/pub" "X-Resource-Name-In-Location: true puts the name in Location"
api_json admin POST /projects '{"project_name":"pz","colour":"blue"}'
expect_status 400 "unknown field -> 400"; assert_contains "the unknown field is named" "colour" "$(body)"
api_json admin POST /projects '{"project_name":"pz","metadata":{"public":"yes"}}'
expect_status 400 "metadata.public must be \"true\"/\"false\""
api_json admin POST /projects '{"project_name":"pz","metadata":{"public":true}}'
expect_status 400 "metadata values must be strings"
api_json admin POST /projects '{"project_name":"Bad_Name"}'
expect_status 400 "uppercase project name -> 400"
api_json anon POST /projects '{"project_name":"pz"}'
expect_status 401 "anonymous may not create projects"
api_json dev POST /projects '{"project_name":"devproj"}'
expect_status 201 "any user may create a project"
api dev GET /projects/devproj
assert_eq "the creator is projectAdmin of it" 1 "$(jb .current_user_role_id)"

api admin GET /projects/pa
expect_status 200 "GET project by name"
assert_eq "name" pa "$(jb .name)"
assert_eq "metadata.public" false "$(jb .metadata.public)"
assert_eq "owner_name" admin "$(jb .owner_name)"
assert_match "creation_time is ISO 8601" '^[0-9]{4}-[0-9]{2}-[0-9]{2}T' "$(jb .creation_time)"
api admin GET "/projects/$PA_ID"
assert_eq "GET project by id" pa "$(jb .name)"
api admin HEAD "/projects?project_name=pa"; expect_status 200 "HEAD ?project_name=pa"
api admin HEAD "/projects?project_name=nope"; expect_status 404 "HEAD ?project_name=nope"
api_json admin PUT /projects/pa '{"metadata":{"auto_scan":"true"}}'
expect_status 200 "PUT project metadata"
api admin GET /projects/pa
assert_eq "auto_scan updated, public kept" "true false" "$(jb '.metadata.auto_scan + " " + .metadata.public')"

info "metadatas"
api_json admin POST /projects/pa/metadatas/ '{"severity":"high"}'; expect_status 200 "POST metadatas"
api admin GET /projects/pa/metadatas/severity; assert_eq "GET metadatas/severity" high "$(jb .severity)"
api_json admin PUT /projects/pa/metadatas/severity '{"severity":"low"}'; expect_status 200 "PUT metadatas/severity"
api admin GET /projects/pa/metadatas/; assert_eq "list shows the update" low "$(jb .severity)"
api_json admin POST /projects/pa/metadatas/ '{"severity":"urgent"}'; expect_status 400 "bad severity -> 400"
api admin DELETE /projects/pa/metadatas/severity; expect_status 200 "DELETE metadatas/severity"
api admin GET /projects/pa/metadatas/severity; expect_status 404 "deleted metadata -> 404"

# ===========================================================================
info "visibility"
api anon GET "/projects?page_size=100"
expect_status 200 "anonymous lists projects"
assert_eq "anonymous sees only public projects" '["library","pub"]' "$(jq -c '[.[].name]' "$RESP_BODY")"
api outsider GET "/projects?page_size=100"
assert_not_contains "a non-member does not see private pa" '"pa"' "$(jq -c '[.[].name]' "$RESP_BODY")"
api outsider GET /projects/pa; expect_status 403 "non-member GET private project -> 403"
api anon GET /projects/pa; expect_status 401 "anonymous GET private project -> 401"
api anon GET /projects/pub; expect_status 200 "anonymous GET public project"
api admin GET "/projects?page=1&page_size=1"
expect_hdr X-Total-Count '^[0-9]+$' "list has X-Total-Count"
expect_hdr Link 'rel="next"' "list has a Link to the next page"

# ===========================================================================
info "members"
declare -A MID
for pair in padmin:1 maint:4 dev:2 guest:3 lguest:5; do
  u=${pair%%:*}; role=${pair#*:}
  api_json admin POST /projects/pa/members "{\"role_id\":$role,\"member_user\":{\"username\":\"$u\"}}"
  expect_status 201 "add $u as role $role"
  MID[$u]=$(hdr Location | sed 's|.*/||')
done
api_json admin POST /projects/pa/members '{"role_id":2,"member_user":{"username":"dev"}}'
expect_status 409 "adding dev twice -> 409"
api_json admin POST /projects/pa/members '{"role_id":2,"member_user":{"username":"ghost"}}'
expect_status 404 "unknown user -> 404"
api_json admin POST /projects/pa/members '{"role_id":9,"member_user":{"username":"outsider"}}'
expect_status 400 "unknown role -> 400"
api admin GET "/projects/pa/members/${MID[maint]}"
assert_eq "GET member" "maint maintainer 4 u" "$(jb '[.entity_name, .role_name, (.role_id|tostring), .entity_type]|join(" ")')"
api admin GET "/projects/pa/members?entityname=lgue"
assert_eq "entityname filter" '["lguest"]' "$(jq -c '[.[].entity_name]' "$RESP_BODY")"
api_json admin PUT "/projects/pa/members/${MID[lguest]}" '{"role_id":3}'; expect_status 200 "PUT member role"
api admin GET "/projects/pa/members/${MID[lguest]}"; assert_eq "role changed" 3 "$(jb .role_id)"
api_json admin PUT "/projects/pa/members/${MID[lguest]}" '{"role_id":5}'; expect_status 200 "PUT member role back"

# API matrix: who may add a member / list members
for pair in padmin:201 maint:403 dev:403 guest:403 lguest:403 outsider:403 anon:401; do
  u=${pair%%:*}; want=${pair#*:}
  api_json "$u" POST /projects/pa/members '{"role_id":3,"member_user":{"username":"outsider"}}'
  expect_status "$want" "$u adds a member -> $want"
  if [[ $RESP_STATUS == 201 ]]; then api admin DELETE "/projects/pa/members/$(hdr Location | sed 's|.*/||')"; fi
done
for pair in padmin:200 maint:200 dev:200 guest:200 lguest:403 outsider:403; do
  u=${pair%%:*}; want=${pair#*:}
  api "$u" GET /projects/pa/members; expect_status "$want" "$u lists members -> $want"
done

info "permissions"
api dev GET "/users/current/permissions?scope=/project/$PA_ID&relative=true"
P=$(jq -c '[.[]|.resource+":"+.action]' "$RESP_BODY")
assert_contains "developer holds repository:push" '"repository:push"' "$P"
assert_not_contains "developer lacks repository:delete" '"repository:delete"' "$P"
api dev GET "/users/current/permissions?scope=/project/$PA_ID&relative=false"
assert_contains "absolute resources carry the scope" "\"/project/$PA_ID/repository:pull\"" "$(jq -c '[.[]|.resource+":"+.action]' "$RESP_BODY")"
api admin GET "/users/current/permissions?scope=/project/$PA_ID&relative=true"
assert_contains "sysadmin holds member:create" '"member:create"' "$(jq -c '[.[]|.resource+":"+.action]' "$RESP_BODY")"
# The robot grant catalogue (the portal's robot permission grid).
api admin GET /permissions
expect_status 200 "GET /permissions as sysadmin"
assert_eq "no system-scope grants" 0 "$(jb '.system|length')"
P=$(jq -c '[.project[]|.resource+":"+.action]' "$RESP_BODY")
assert_contains "catalogue holds repository:pull" '"repository:pull"' "$P"
assert_contains "catalogue holds robot:create" '"robot:create"' "$P"
api padmin GET /permissions
expect_status 200 "a project admin may read the catalogue"
api outsider GET /permissions
expect_status 403 "a user who is project admin nowhere may not"
api anon GET /permissions
expect_status 401 "anonymous may not"

# ===========================================================================
info "/v2/ role x action matrix"
echo -n '{"architecture":"amd64","os":"linux"}' >"$W/config"
CFG_D=$(file_digest "$W/config"); CFG_S=$(file_size "$W/config")
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%s},"layers":[]}' \
  "$CFG_D" "$CFG_S" >"$W/manifest"
MT=application/vnd.oci.image.manifest.v1+json

# push_as USER REPO TAG: upload the config blob and PUT the manifest; RESP_* = the last step
push_as() {
  local who=$1 repo=$2 tag=$3
  v2 "$who" POST "$repo/blobs/uploads/"
  [[ $RESP_STATUS == 202 ]] || return 1
  local loc; loc=$(abs_url "$(hdr Location)")
  as "$who" req PUT "$(add_query "$loc" "digest=$CFG_D")" -H 'Content-Type: application/octet-stream' --data-binary "@$W/config"
  [[ $RESP_STATUS == 201 ]] || return 1
  v2 "$who" PUT "$repo/manifests/$tag" -H "Content-Type: $MT" --data-binary "@$W/manifest"
  [[ $RESP_STATUS == 201 ]]
}
for pair in padmin:201 maint:201 dev:201 guest:403 lguest:403 outsider:403; do
  u=${pair%%:*}; want=${pair#*:}
  push_as "$u" pa/img "by-$u"
  expect_status "$want" "$u pushes pa/img:by-$u -> $want"
done
push_as anon pa/img by-anon
expect_status 401 "anonymous push -> 401"
expect_hdr WWW-Authenticate '^(Basic|Bearer) ' "anonymous push carries a challenge"
for pair in padmin:200 maint:200 dev:200 guest:200 lguest:200 outsider:403 anon:401; do
  u=${pair%%:*}; want=${pair#*:}
  v2 "$u" GET pa/img/manifests/by-dev -H "Accept: $MT"
  expect_status "$want" "$u pulls pa/img:by-dev -> $want"
done
v2 anon GET pa/img/manifests/by-dev -H "Accept: $MT"
CH=$(hdr WWW-Authenticate)
if [[ $CH == Bearer* ]]; then
  assert_contains "anonymous pull challenge names the scope" 'scope="repository:pa/img:pull"' "$CH"
  assert_contains "challenge realm is /service/token" "realm=\"$BERTH_URL/service/token\"" "$CH"
else
  assert_match "anonymous pull from private -> Basic challenge (no token service on this build)" '^Basic ' "$CH"
fi
for pair in dev:403 guest:403 lguest:403 outsider:403 maint:202 padmin:202; do
  u=${pair%%:*}; want=${pair#*:}
  tag=by-$u; [[ $want == 403 ]] && tag=by-dev
  v2 "$u" DELETE "pa/img/manifests/$tag"
  expect_status "$want" "$u deletes pa/img:$tag -> $want"
done
v2 dev DELETE pa/img/manifests/by-dev; expect_error DENIED "403 is DENIED"
v2 anon GET /; expect_status 401 "anonymous GET /v2/ -> 401"
v2 dev GET /; expect_status 200 "authenticated GET /v2/ -> 200"
v2 dev:wrong-password GET /; expect_status 401 "wrong password -> 401"
v2 dev GET _catalog; expect_status 403 "non-admin catalog -> 403"
v2 admin GET _catalog; expect_status 200 "admin catalog -> 200"

info "public project and missing project"
push_as admin pub/img v1; expect_status 201 "admin pushes pub/img:v1"
v2 anon GET pub/img/manifests/v1 -H "Accept: $MT"; expect_status 200 "anonymous pulls from a public project"
v2 outsider GET pub/img/manifests/v1 -H "Accept: $MT"; expect_status 200 "non-member pulls from a public project"
v2 outsider POST pub/img/blobs/uploads/; expect_status 403 "non-member cannot push to a public project"
v2 admin POST nosuch/img/blobs/uploads/
expect_status 404 "push into a missing project -> 404"
expect_error NAME_UNKNOWN "missing project -> NAME_UNKNOWN"
assert_contains "the error names the project" "project nosuch not found" "$(body)"

info "mount needs pull on the source"
v2 dev POST "devproj/img/blobs/uploads/?mount=$CFG_D&from=pub/img"
expect_status 201 "dev mounts from public pub/img -> 201"
v2 dev POST "devproj/img/blobs/uploads/?mount=$CFG_D&from=pa/img"
expect_status 201 "dev (developer of pa) mounts from pa/img -> 201"
api_json outsider POST /projects '{"project_name":"outproj"}'
v2 outsider POST "outproj/img/blobs/uploads/?mount=$CFG_D&from=pa/img"
expect_status 202 "outsider cannot mount from private pa: a normal upload starts (202)"

# ===========================================================================
info "delete, _deletable, summary"
api admin GET /projects/pa/_deletable
assert_eq "pa is not deletable" false "$(jb .deletable)"
assert_contains "_deletable says why" "contains repositories" "$(jb .message)"
api maint DELETE /projects/pa; expect_status 403 "maintainer cannot delete the project"
api padmin DELETE /projects/pa; expect_status 412 "deleting a project with repositories -> 412"
api admin GET /projects/pa/summary
expect_status 200 "summary"
assert_eq "summary counts (repo, admin, maint, dev, guest, limited)" "1 2 1 1 1 1" \
  "$(jb '[.repo_count, .project_admin_count, .maintainer_count, .developer_count, .guest_count, .limited_guest_count]|map(tostring)|join(" ")')"
assert_match "summary quota.used.storage > 0" '^[1-9][0-9]*$' "$(jb .quota.used.storage)"
assert_eq "summary quota.hard.storage" -1 "$(jb .quota.hard.storage)"
assert_eq "summary of a normal project has no registry" null "$(jb .registry)"
USED=$(jb .quota.used.storage)
api admin GET "/projects?name=pa&page_size=100"
assert_eq "the list carries the same quota as the summary (beyond Harbor: no call per row)" \
  "-1 $USED" "$(jb '.[] | select(.name == "pa") | "\(.quota.hard.storage) \(.quota.used.storage)"')"
api_json admin POST /projects '{"project_name":"empty1"}'
api admin GET /projects/empty1/_deletable; assert_eq "empty project is deletable" true "$(jb .deletable)"
api admin DELETE /projects/empty1; expect_status 200 "delete an empty project"
api admin GET /projects/empty1; expect_status 404 "deleted project -> 404"

# ===========================================================================
info "audit logs"
api admin GET "/audit-logs?q=resource_type=artifact,operation=create&page_size=100"
expect_status 200 "admin lists audit logs"
assert_contains "the push is audited" '"pa/img:by-dev"' "$(jq -c '[.[].resource]' "$RESP_BODY")"
api admin GET "/audit-logs?q=resource_type=project,resource=~pa&page_size=100"
assert_contains "project creation is audited" '"create:pa:admin"' "$(jq -c '[.[]|.operation+":"+.resource+":"+.username]' "$RESP_BODY")"
api admin GET "/audit-logs?q=operation=delete,resource_type=artifact"
assert_contains "the delete is audited" '"pa/img:by-maint"' "$(jq -c '[.[].resource]' "$RESP_BODY")"
api outsider GET "/audit-logs?page_size=100"
assert_not_contains "a non-member sees no entries of pa" '"pa/img' "$(body)"
api guest GET "/projects/pa/logs?page_size=100"
expect_status 200 "guest reads project logs"
assert_contains "project logs hold the push" '"pa/img:by-dev"' "$(body)"
api lguest GET /projects/pa/logs; expect_status 403 "limitedGuest cannot read project logs"
api admin GET "/audit-logs" -G --data-urlencode "q=op_time=[2000-01-01 00:00:00~2000-01-02 00:00:00]"
assert_eq "op_time range filters out everything in 2000" "[]" "$(jq -c . "$RESP_BODY")"
api admin GET "/audit-logs" -G --data-urlencode "q=op_time=[2000-01-01 00:00:00~2999-01-01 00:00:00]"
assert_match "op_time range over now keeps entries" '^[1-9]' "$(jq length "$RESP_BODY")"

# ===========================================================================
info "skopeo with --dest-creds"
L="$TEST_TMP/layout"
make_oci_image "$L" img 1 amd64 20000 >/dev/null || die "could not build the test image"
check "skopeo copy as developer succeeds" sk copy -q "${SK_DEST_TLS[@]}" --dest-creds "dev:$PW" "oci:$L:img" "docker://$BERTH_HOST/pa/sk:v1"
check_fails "skopeo copy as guest fails" sk copy -q "${SK_DEST_TLS[@]}" --dest-creds "guest:$PW" "oci:$L:img" "docker://$BERTH_HOST/pa/sk:v2"
check "skopeo inspect as guest succeeds" sk inspect --raw "${SK_TLS[@]}" --creds "guest:$PW" "docker://$BERTH_HOST/pa/sk:v1"

info "pull time is recorded"
# Pull times are written in batches: a stop must flush them (the API shows them after a restart).
berth_restart
PT=0
for r in pa/img pa/sk pub/img; do
  api admin GET "/projects/${r%%/*}/repositories/${r#*/}/artifacts?page_size=100"
  n=$(jb '[.[]|select(.pull_time|startswith("0001")|not)]|length'); PT=$((PT + ${n:-0}))
done
assert_match "manifests pulled have a pull_time after shutdown" '^[1-9][0-9]*$' "$PT"

finish
