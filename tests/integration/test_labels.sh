#!/usr/bin/env bash
# Labels (/api/v2.0/labels) and labels on artifacts (.../artifacts/{reference}/labels): global
# and project labels, validation, 409s, permissions by role, with_label on the artifact API,
# a label of one project refused on another's artifact, and deletes that detach.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
lib_init "$@"
require_berth "Harbor labels API" || finish
BERTH_TEST_PROJECTS="pa pb" berth_start
ensure_project pub true || die "cannot create project pub"

H=$BERTH_HOST
L=$TEST_TMP/layout
for u in maint:4 dev:2 guest:3; do
  add_user "${u%%:*}" && add_member pa "${u%%:*}" "${u##*:}" || die "cannot make ${u%%:*} a member of pa"
done
add_user outsider || die "cannot create user outsider"
api admin GET /projects/pa
PA=$(jb .project_id)
api admin GET /projects/pb
PB=$(jb .project_id)
api admin GET /projects/pub
PUB=$(jb .project_id)
make_oci_image "$L" v1 1 amd64 1000 >/dev/null || die "could not build an image"
sk_push admin "oci:$L:v1" "docker://$H/pa/app:v1" || die "push pa/app:v1"
sk_push admin "oci:$L:v1" "docker://$H/pb/app:v1" || die "push pb/app:v1"
ART=/projects/pa/repositories/app/artifacts/v1

# id_of: the id at the end of the last answer's Location
id_of() { local l; l=$(hdr Location); printf '%s' "${l##*/}"; }

# ===========================================================================
info "global labels: create, read, validation"
api_json anon POST /labels '{"name":"prod","scope":"g"}'
expect_status 401 "anonymous create -> 401"
api_json dev POST /labels '{"name":"prod","scope":"g"}'
expect_status 403 "non-admin create of a global label -> 403"
api_json admin POST /labels '{"name":"prod","description":"production","color":"#FF0000","scope":"g","project_id":7}'
expect_status 201 "admin creates global label prod"
expect_hdr Location '^/api/v2.0/labels/[0-9]+$' "create has Location"
G1=$(id_of)
api admin GET "$(hdr Location | sed 's|^/api/v2.0||')"
expect_status 200 "GET the Location"
assert_eq "label fields" "prod|production|#FF0000|g|0" "$(jb '[.name,.description,.color,.scope,(.project_id|tostring)]|join("|")')"
assert_match "creation_time is a date-time" '^20[0-9]{2}-[0-9]{2}-[0-9]{2}T' "$(jb .creation_time)"
api_json admin POST /labels '{"name":"prod","scope":"g"}'
expect_status 409 "same global name again -> 409"
assert_eq "409 says the label exists" "label prod already exists" "$(jb '.errors[0].message')"
api_json admin POST /labels '{"name":"qa","scope":"g","color":"#00ff00"}'
expect_status 201 "second global label qa"
G2=$(id_of)

api_json admin POST /labels '{"name":"","scope":"g"}'
expect_status 400 "empty name -> 400"
assert_eq "empty name message" "label name cannot be empty" "$(jb '.errors[0].message')"
api_json admin POST /labels "{\"name\":\"$(printf 'n%.0s' {1..129})\",\"scope\":\"g\"}"
expect_status 400 "129-byte name -> 400"
api_json admin POST /labels '{"name":"x","scope":"x"}'
expect_status 400 "scope x -> 400"
expect_error BAD_REQUEST "bad scope error body"
api_json admin POST /labels '{"name":"x"}'
expect_status 400 "missing scope -> 400"
api_json admin POST /labels '{"name":"x","scope":"g","color":"red"}'
expect_status 400 "color red -> 400"
api_json admin POST /labels '{"name":"x","scope":"g","colour":"#fff"}'
expect_status 400 "unknown field -> 400"
api_json admin POST /labels '{"name":"x","scope":"p"}'
expect_status 400 "project label without project_id -> 400"
api_json admin POST /labels '{"name":"x","scope":"p","project_id":99999}'
expect_status 404 "project label of a missing project -> 404"
api_json admin POST /labels '{"name":"x","scope":"g","project_id":"1"}'
expect_status 400 "project_id as a string -> 400"

api outsider GET "/labels?scope=g"
expect_status 200 "any user lists global labels"
assert_eq "global list" "prod,qa" "$(jb '[.[].name]|join(",")')"
expect_hdr_eq X-Total-Count 2 "global list X-Total-Count"
api outsider GET "/labels?scope=g&page_size=1"
expect_hdr Link 'rel="next"' "paged list has Link next"
api admin GET "/labels?scope=g&name=pro"
assert_eq "name= is a fuzzy filter" "prod" "$(jb '[.[].name]|join(",")')"
api admin GET "/labels?scope=g&q=name%3Dqa"
assert_eq "q=name=qa is exact" "qa" "$(jb '[.[].name]|join(",")')"
api admin GET "/labels?scope=g&sort=-name"
assert_eq "sort=-name" "qa,prod" "$(jb '[.[].name]|join(",")')"
api admin GET "/labels?scope=g&sort=colour"
expect_status 400 "unknown sort key -> 400"
api anon GET "/labels?scope=g"
expect_status 401 "anonymous list of global labels -> 401"
api admin GET /labels
expect_status 400 "list without scope -> 400 (as Harbor)"
api admin GET "/labels?scope=p"
expect_status 400 "project list without project_id -> 400"
api outsider GET "/labels/$G1"
expect_status 200 "any user GETs a global label"
api anon GET "/labels/$G1"
expect_status 401 "anonymous GET -> 401"
api admin GET /labels/99999
expect_status 404 "unknown label -> 404"
api admin GET /labels/abc
expect_status 400 "non-numeric id -> 400"

info "global labels: update and permissions"
api_json dev PUT "/labels/$G1" '{"description":"nope"}'
expect_status 403 "non-admin update of a global label -> 403"
api_json admin PUT "/labels/$G1" '{"description":"live","scope":"p","project_id":1}'
expect_status 200 "admin updates the description"
api admin GET "/labels/$G1"
assert_eq "description changed, name/color/scope kept" "prod|live|#FF0000|g" "$(jb '[.name,.description,.color,.scope]|join("|")')"
api_json admin PUT "/labels/$G1" '{"name":"qa"}'
expect_status 409 "rename onto an existing name -> 409"
api_json admin PUT "/labels/$G1" '{"color":"blue"}'
expect_status 400 "bad color on update -> 400"
api admin GET "/labels/$G1"
assert_eq "failed updates changed nothing" "prod|#FF0000" "$(jb '[.name,.color]|join("|")')"
api_json admin PUT /labels/99999 '{"name":"x"}'
expect_status 404 "update of an unknown label -> 404"
api dev DELETE "/labels/$G2"
expect_status 403 "non-admin delete of a global label -> 403"

# ===========================================================================
info "project labels: roles"
api_json maint POST /labels "{\"name\":\"pa-ready\",\"scope\":\"p\",\"project_id\":$PA}"
expect_status 201 "maintainer creates a project label"
P1=$(id_of)
for who in dev guest outsider; do
  api_json "$who" POST /labels "{\"name\":\"by-$who\",\"scope\":\"p\",\"project_id\":$PA}"
  expect_status 403 "$who may not create a project label -> 403"
done
api_json anon POST /labels "{\"name\":\"by-anon\",\"scope\":\"p\",\"project_id\":$PA}"
expect_status 401 "anonymous project label create -> 401"
api_json maint POST /labels "{\"name\":\"pa-ready\",\"scope\":\"p\",\"project_id\":$PA}"
expect_status 409 "same project label name again -> 409"
api_json admin POST /labels "{\"name\":\"pa-ready\",\"scope\":\"p\",\"project_id\":$PB}"
expect_status 201 "same name in another project is fine"
PB1=$(id_of)
api_json admin POST /labels "{\"name\":\"prod\",\"scope\":\"p\",\"project_id\":$PA}"
expect_status 201 "a global label's name as a project label is fine"
P2=$(id_of)
api_json admin POST /labels "{\"name\":\"pub-label\",\"scope\":\"p\",\"project_id\":$PUB}"
expect_status 201 "label of the public project"

api guest GET "/labels?scope=p&project_id=$PA"
expect_status 200 "guest lists the project's labels"
assert_eq "project list" "pa-ready,prod" "$(jb '[.[].name]|join(",")')"
assert_eq "project labels carry scope p and the project" "p,$PA" "$(jb '.[0]|[.scope,(.project_id|tostring)]|join(",")')"
api outsider GET "/labels?scope=p&project_id=$PA"
expect_status 403 "non-member lists a private project's labels -> 403"
api anon GET "/labels?scope=p&project_id=$PA"
expect_status 401 "anonymous lists a private project's labels -> 401"
api anon GET "/labels?scope=p&project_id=$PUB"
expect_status 200 "anyone lists a public project's labels"
assert_eq "public project labels" "pub-label" "$(jb '[.[].name]|join(",")')"
api admin GET "/labels?scope=p&project_id=99999"
expect_status 404 "labels of a missing project -> 404"
api guest GET "/labels/$P1"
expect_status 200 "guest GETs a project label"
api outsider GET "/labels/$P1"
expect_status 403 "non-member GETs a project label -> 403"
api_json dev PUT "/labels/$P1" '{"description":"x"}'
expect_status 403 "developer may not update a project label"
api_json maint PUT "/labels/$P1" '{"description":"ready to ship","color":"#0f0"}'
expect_status 200 "maintainer updates a project label"
api maint GET "/labels/$P1"
assert_eq "project label updated" "pa-ready|ready to ship|#0f0|p" "$(jb '[.name,.description,.color,.scope]|join("|")')"
api dev DELETE "/labels/$P2"
expect_status 403 "developer may not delete a project label"

# ===========================================================================
info "labels on artifacts"
api_json dev POST "$ART/labels" "{\"id\":$G1}"
expect_status 200 "developer adds a global label to an artifact"
api_json dev POST "$ART/labels" "{\"id\":$G1}"
expect_status 409 "adding it again -> 409"
expect_error CONFLICT "409 error body"
api_json dev POST "$ART/labels" "{\"id\":$P1}"
expect_status 200 "developer adds the project's label"
api_json guest POST "$ART/labels" "{\"id\":$G2}"
expect_status 403 "guest may not add labels -> 403"
api_json anon POST "$ART/labels" "{\"id\":$G2}"
expect_status 401 "anonymous may not add labels -> 401"
api_json admin POST "$ART/labels" "{\"id\":$PB1}"
expect_status 404 "a label of project pb on an artifact of pa -> 404"
assert_contains "404 names the label and the project" "label $PB1 not found in project pa" "$(jb '.errors[0].message')"
api_json dev POST "$ART/labels" '{"id":99999}'
expect_status 404 "unknown label -> 404"
api_json dev POST /projects/pa/repositories/app/artifacts/nosuchtag/labels "{\"id\":$G2}"
expect_status 404 "unknown artifact -> 404"
api_json dev POST "$ART/labels" '{"name":"prod"}'
expect_status 400 "body without id -> 400"

api guest GET "$ART?with_label=true"
expect_status 200 "GET artifact with_label=true"
assert_eq "artifact shows its labels in the order added" "prod,pa-ready" "$(jb '[.labels[].name]|join(",")')"
assert_eq "artifact labels are Label objects" "g|#FF0000|$P1|p" "$(jb '[.labels[0].scope,.labels[0].color,(.labels[1].id|tostring),.labels[1].scope]|join("|")')"
api guest GET "$ART"
assert_eq "without with_label labels is null" null "$(jb .labels)"
api guest GET "/projects/pa/repositories/app/artifacts?with_label=true"
assert_eq "artifact list with_label=true" "prod,pa-ready" "$(jb '[.[0].labels[].name]|join(",")')"
api guest GET "/projects/pb/repositories/app/artifacts?with_label=true"
expect_status 403 "guest of pa cannot read pb"
api admin GET "/projects/pb/repositories/app/artifacts/v1?with_label=true"
assert_eq "an artifact without labels: null, as Harbor" null "$(jb .labels)"

api guest DELETE "$ART/labels/$P1"
expect_status 403 "guest may not remove labels -> 403"
api dev DELETE "$ART/labels/$P1"
expect_status 200 "developer removes a label"
api dev DELETE "$ART/labels/$P1"
expect_status 404 "removing it again -> 404"
api guest GET "$ART?with_label=true"
assert_eq "removed label is gone from the artifact" "prod" "$(jb '[.labels[].name]|join(",")')"

api admin GET "/projects/pa/logs?q=resource_type%3Dartifact_label"
assert_eq "adding and removing are audited" "create,create,delete" "$(jb '[.[].operation]|sort|join(",")')"
api admin GET "/audit-logs?q=resource_type%3Dlabel"
assert_contains "label writes are audited" '"operation":"create"' "$(body)"

# ===========================================================================
info "deletes detach"
api_json dev POST "$ART/labels" "{\"id\":$P2}"
expect_status 200 "add the project's prod label"
api admin DELETE "/labels/$G1"
expect_status 200 "admin deletes global label prod"
api admin GET "/labels/$G1"
expect_status 404 "deleted label -> 404"
api guest GET "$ART?with_label=true"
assert_eq "deleting a label detaches it" "prod|p" "$(jb '[.labels[].name,.labels[].scope]|join("|")')"
api maint DELETE "/labels/$P2"
expect_status 200 "maintainer deletes a project label"
api guest GET "$ART?with_label=true"
assert_eq "artifact has no labels left" null "$(jb .labels)"
api admin DELETE /labels/99999
expect_status 404 "deleting an unknown label -> 404"

api admin DELETE /projects/pb/repositories/app
expect_status 200 "empty project pb"
api admin DELETE /projects/pb
expect_status 200 "delete project pb"
api admin GET "/labels/$PB1"
expect_status 404 "deleting a project deletes its labels"
api admin GET "/labels/$P1"
expect_status 200 "other projects' labels stay"

finish
