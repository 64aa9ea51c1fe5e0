#!/usr/bin/env bash
# Robot accounts, repositories, artifacts, tags and the system endpoints of /api/v2.0, driven with
# curl and skopeo against a real Berth. Every API and skopeo call carries admin credentials so the
# script keeps working once /v2/ is access-controlled.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
lib_init "$@"
require_berth "Harbor API" || finish
# Only library and the projects made below: the statistics checks count projects.
BERTH_TEST_PROJECTS=" " berth_start

H=$BERTH_HOST
L=$TEST_TMP/layout
JSON=(-H "Content-Type: application/json")
push() { sk_push admin "$@"; }

# ===========================================================================
info "system endpoints"
api anon GET /systeminfo
expect_status 200 "anonymous GET /systeminfo"
assert_eq "anonymous systeminfo: auth_mode db_auth" db_auth "$(jb .auth_mode)"
assert_eq "anonymous systeminfo: no harbor_version" null "$(jb .harbor_version)"
assert_eq "anonymous systeminfo: self_registration false" false "$(jb .self_registration)"
api admin GET /systeminfo
assert_match "admin systeminfo: harbor_version" '^v2\.[0-9]+\.[0-9]+-berth-' "$(jb .harbor_version)"
assert_eq "admin systeminfo: registry_url" "$H" "$(jb .registry_url)"
assert_eq "admin systeminfo: has_ca_root false without TLS" false "$(jb .has_ca_root)"
assert_eq "admin systeminfo: storage provider" filesystem "$(jb .registry_storage_provider_name)"
assert_match "admin systeminfo: current_time" '^20[0-9]{2}-' "$(jb .current_time)"
api anon GET /health
expect_status 200 "anonymous GET /health"
assert_eq "health: healthy" healthy "$(jb .status)"
assert_eq "health: core, database, registry" "core,database,registry" "$(jb '[.components[].name]|join(",")')"
api anon GET /statistics
expect_status 401 "anonymous GET /statistics"

# ===========================================================================
info "robot accounts"
PERM='[{"kind":"project","namespace":"library","access":[{"resource":"repository","action":"pull"},{"resource":"repository","action":"list"},{"resource":"artifact","action":"list"},{"resource":"artifact","action":"read"}]}]'
api admin POST /robots "${JSON[@]}" -d "{\"name\":\"ci\",\"description\":\"builds\",\"level\":\"project\",\"duration\":-1,\"permissions\":$PERM}"
expect_status 201 "POST /robots (project robot)"
expect_hdr Location '^/api/v2.0/robots/[0-9]+$' "robot create has Location"
R1_ID=$(jb .id); R1_NAME=$(jb .name); R1_SECRET=$(jb .secret)
assert_eq "project robot name" 'robot$library+ci' "$R1_NAME"
assert_match "secret shown on create" '^.{16,}$' "$R1_SECRET"
assert_eq "never-expiring robot: expires_at -1" -1 "$(jb .expires_at)"
api admin GET "/robots/$R1_ID"
expect_status 200 "GET /robots/{id}"
assert_eq "GET never shows the secret" null "$(jb .secret)"
assert_eq "GET shows permissions" repository "$(jb '.permissions[0].access[0].resource')"
assert_eq "GET shows level" project "$(jb .level)"
assert_not_contains "stored hash is not shown" sha256 "$(body)"

R1="$R1_NAME:$R1_SECRET"
api "$R1" GET /projects/library/repositories
expect_status 200 "robot Basic login on /api/v2.0/projects/library/repositories"
api "$R1_NAME:wrong-Secret1" GET /projects/library/repositories
expect_status 401 "robot with a wrong secret -> 401"
api "$R1" GET /robots
expect_status 403 "project robot may not list every robot"

api admin POST /robots "${JSON[@]}" -d '{"name":"sys1","level":"system","duration":1,"permissions":[{"kind":"project","namespace":"*","access":[{"resource":"repository","action":"push"}]}]}'
expect_status 201 "POST /robots (system robot, 1 day)"
R2_ID=$(jb .id); R2_SECRET=$(jb .secret)
assert_eq "system robot name" 'robot$sys1' "$(jb .name)"
now=$(date +%s); exp=$(jb .expires_at)
assert_match "duration 1 day -> expires_at about now+86400" '^1$' "$(( exp > now + 86000 && exp < now + 86800 ))"
api admin POST /robots "${JSON[@]}" -d '{"name":"sys1","level":"system","permissions":[]}'
expect_status 409 "same name again -> 409"
api admin POST /robots "${JSON[@]}" -d '{"name":"x1","level":"system","permissions":[],"colour":"red"}'
expect_status 400 "unknown field -> 400"
api admin POST /robots "${JSON[@]}" -d '{"name":"x2","level":"project","permissions":[{"kind":"project","namespace":"library","access":[{"resource":"repository","action":"fly"}]}]}'
expect_status 400 "unknown permission action -> 400"
expect_error BAD_REQUEST "invalid permission error body"
api admin POST /robots "${JSON[@]}" -d '{"name":"x3","level":"project","permissions":[{"kind":"project","namespace":"library","access":[{"resource":"spaceship","action":"read"}]}]}'
expect_status 400 "unknown permission resource -> 400"
api admin POST /robots "${JSON[@]}" -d '{"name":"Bad Name","level":"system","permissions":[]}'
expect_status 400 "invalid robot name -> 400"
api admin POST /robots "${JSON[@]}" -d '{"name":"x4","level":"system","duration":-5,"permissions":[]}'
expect_status 400 "duration -5 -> 400"
api admin POST /robots "${JSON[@]}" -d '{"name":"x5","level":"galaxy","permissions":[]}'
expect_status 400 "unknown level -> 400"
api admin POST /robots "${JSON[@]}" -d '{"name":"x6","level":"project","permissions":[{"kind":"project","namespace":"nosuchproject","access":[{"resource":"repository","action":"pull"}]}]}'
expect_status 404 "project robot on a missing project -> 404"
api admin POST /robots "${JSON[@]}" -d '{"name":"x7","level":"system","secret":"short","permissions":[]}'
expect_status 400 "chosen secret breaking the password rule -> 400"
api anon POST /robots "${JSON[@]}" -d '{"name":"x8","level":"system","permissions":[]}'
expect_status 401 "anonymous create -> 401"

api admin GET "/robots?page_size=1"
expect_status 200 "GET /robots (paged)"
expect_hdr_eq X-Total-Count 2 "robot list X-Total-Count"
expect_hdr Link 'rel="next"' "robot list Link next"
api admin GET "/robots?q=Level%3Dproject%2CProjectID%3D1"
assert_eq "q=Level=project,ProjectID=1 lists the project robot" "$R1_NAME" "$(jb '[.[].name]|join(",")')"
api admin GET "/robots?q=name%3D~sys"
assert_eq "q=name=~sys lists the system robot" 'robot$sys1' "$(jb '[.[].name]|join(",")')"

api admin PUT "/robots/$R1_ID" "${JSON[@]}" -d '{"disable":true,"description":"paused"}'
expect_status 200 "PUT disable"
api "$R1" GET /projects/library/repositories
expect_status 401 "disabled robot refused"
api admin PUT "/robots/$R1_ID" "${JSON[@]}" -d '{"disable":false}'
api "$R1" GET /projects/library/repositories
expect_status 200 "re-enabled robot works"
api admin GET "/robots/$R1_ID"
assert_eq "description updated" paused "$(jb .description)"

api admin PATCH "/robots/$R1_ID" "${JSON[@]}" -d '{}'
expect_status 200 "PATCH refreshes the secret"
NEW_SECRET=$(jb .secret)
assert_ne "new secret differs" "$R1_SECRET" "$NEW_SECRET"
api "$R1" GET /projects/library/repositories
expect_status 401 "old secret refused after refresh"
api "$R1_NAME:$NEW_SECRET" GET /projects/library/repositories
expect_status 200 "new secret works"
api admin PATCH "/robots/$R1_ID" "${JSON[@]}" -d '{"secret":"Chosen5ecret"}'
assert_eq "PATCH with a chosen secret echoes it" Chosen5ecret "$(jb .secret)"
api "$R1_NAME:Chosen5ecret" GET /projects/library/repositories
expect_status 200 "chosen secret works"

api admin PUT "/robots/$R2_ID" "${JSON[@]}" -d '{"duration":-1}'
api admin GET "/robots/$R2_ID"
assert_eq "PUT duration -1 -> expires_at -1" -1 "$(jb .expires_at)"
# The API counts a robot's expiry from its creation in whole days: only the database can make one
# that has already expired.
db_sql "UPDATE robots SET expires_at = 1000 WHERE id = $R2_ID"
api 'robot$sys1'":$R2_SECRET" GET /systeminfo
expect_status 401 "expired robot refused"
api admin PUT "/robots/$R1_ID" "${JSON[@]}" -d '{"permissions":[{"kind":"project","namespace":"library","access":[{"resource":"repository","action":"nope"}]}]}'
expect_status 400 "PUT with an invalid permission -> 400"
api admin DELETE "/robots/$R2_ID"
expect_status 200 "DELETE /robots/{id}"
api admin GET "/robots/$R2_ID"
expect_status 404 "deleted robot -> 404"
api admin GET "/audit-logs?q=resource_type%3Drobot&page_size=100"
assert_eq "robot create/delete audited (2 creates + 1 delete)" 3 "$(jb length)"

# ===========================================================================
info "repositories and artifacts (images pushed with skopeo)"
D1=$(make_oci_image "$L" v1 2 amd64 50000) || die "could not build an image (see $TEST_TMP/build.log)"
push "oci:$L:v1" "docker://$H/library/a/b:v1" || die "skopeo push library/a/b:v1 failed"
DI=$(make_index "$L" multi) || die "could not build an index"
push --all "oci:$L:multi" "docker://$H/library/multi:m1" || die "skopeo push of the index failed"
for t in p1 p2 p3; do
  make_oci_image "$L" "$t" 1 amd64 2000 >/dev/null || die "image $t"
  push "oci:$L:$t" "docker://$H/library/paged:$t" || die "push paged:$t"
done

api admin GET /repositories
expect_status 200 "GET /repositories"
assert_contains "all repositories include library/a/b" '"library/a/b"' "$(body)"
api anon GET /projects/library/repositories
expect_status 200 "anonymous may list a public project's repositories"
api admin GET "/projects/library/repositories?q=name%3D~a%2Fb"
assert_eq "q=name=~a/b" library/a/b "$(jb '[.[].name]|join(",")')"
api admin GET "/projects/library/repositories?page_size=2&sort=name"
expect_hdr_eq X-Total-Count 3 "repository list X-Total-Count"
expect_hdr Link 'rel="next"' "repository list Link"
api admin GET /projects/library/repositories/a%252Fb
expect_status 200 "GET repository with a double-encoded nested name"
assert_eq "repository name" library/a/b "$(jb .name)"
assert_eq "repository artifact_count" 1 "$(jb .artifact_count)"
assert_eq "repository project_id" 1 "$(jb .project_id)"
api admin PUT /projects/library/repositories/a%252Fb "${JSON[@]}" -d '{"description":"nested repo"}'
expect_status 200 "PUT repository description"
api admin GET /projects/library/repositories/a%252Fb
assert_eq "description stored" "nested repo" "$(jb .description)"
api admin GET /projects/library/repositories/nosuch
expect_status 404 "unknown repository -> 404"

api admin GET /projects/library/repositories/a%252Fb/artifacts
expect_status 200 "GET artifacts"
assert_eq "artifact digest" "$D1" "$(jb '.[0].digest')"
assert_eq "artifact type IMAGE" IMAGE "$(jb '.[0].type')"
assert_eq "artifact tags" v1 "$(jb '[.[0].tags[].name]|join(",")')"
assert_eq "extra_attrs.architecture" amd64 "$(jb '.[0].extra_attrs.architecture')"
assert_eq "extra_attrs.os" linux "$(jb '.[0].extra_attrs.os')"
assert_eq "extra_attrs.config.Cmd" /bin/true "$(jb '.[0].extra_attrs.config.Cmd[0]')"
assert_eq "media_type is the config type" application/vnd.oci.image.config.v1+json "$(jb '.[0].media_type')"
assert_match "vulnerabilities addition link" "/repositories/a%252Fb/artifacts/$D1/additions/vulnerabilities" "$(jb '.[0].addition_links.vulnerabilities.href')"
api admin GET "/projects/library/repositories/a%252Fb/artifacts?with_tag=false"
assert_eq "with_tag=false omits tags" null "$(jb '.[0].tags')"
api admin GET "/projects/library/repositories/a%252Fb/artifacts/v1"
expect_status 200 "GET artifact by tag"
api admin GET "/projects/library/repositories/a%252Fb/artifacts/$D1"
expect_status 200 "GET artifact by digest"
assert_eq "artifact size > 50000" 1 "$(( $(jb .size) > 50000 ))"

api admin GET /projects/library/repositories/multi/artifacts
assert_eq "index: one top-level artifact" 1 "$(jb length)"
assert_eq "index digest" "$DI" "$(jb '.[0].digest')"
assert_eq "index manifest_media_type" application/vnd.oci.image.index.v1+json "$(jb '.[0].manifest_media_type')"
assert_eq "index references' platforms" "amd64,arm64" "$(jb '[.[0].references[].platform.architecture]|sort|join(",")')"
assert_match "references carry child ids" '^[0-9]+$' "$(jb '.[0].references[0].child_id')"
api admin GET "/projects/library/repositories/multi/artifacts?q=base%3D*"
assert_eq "q=base=* includes the children" 3 "$(jb length)"
CHILD=$(jq -r '.manifests[0].digest' "$(oci_blob_path "$L" "$DI")")
api admin DELETE "/projects/library/repositories/multi/artifacts/$CHILD"
expect_status 412 "deleting an index child -> 412"

api admin GET "/projects/library/repositories/paged/artifacts?page=1&page_size=2"
expect_hdr_eq X-Total-Count 3 "artifact list X-Total-Count"
expect_hdr Link 'rel="next"' "artifact list Link next"
assert_eq "page 1 has 2" 2 "$(jb length)"
api admin GET "/projects/library/repositories/paged/artifacts?page=2&page_size=2"
assert_eq "page 2 has 1" 1 "$(jb length)"
expect_hdr Link 'rel="prev"' "artifact list Link prev"
api admin GET "/projects/library/repositories/paged/artifacts?q=tags%3Dp2"
assert_eq "q=tags=p2" p2 "$(jb '[.[].tags[].name]|join(",")')"
api admin GET "/projects/library/repositories/paged/artifacts?sort=bogus"
expect_status 400 "unknown sort -> 400"

info "tags"
T=/projects/library/repositories/a%252Fb/artifacts/$D1/tags
api admin POST "$T" "${JSON[@]}" -d '{"name":"extra"}'
expect_status 201 "POST tag"
expect_hdr Location '/tags/extra$' "tag create Location"
api admin POST "$T" "${JSON[@]}" -d '{"name":"extra"}'
expect_status 409 "same tag again -> 409"
api admin POST "$T" "${JSON[@]}" -d '{"name":"-bad"}'
expect_status 400 "invalid tag -> 400"
api admin GET "$T"
assert_eq "tags of the artifact" "extra,v1" "$(jb '[.[].name]|sort|join(",")')"
v2 admin GET "library/a/b/manifests/extra" -H "Accept: $ACCEPT_ALL"
expect_status 200 "/v2/ sees the new tag"
api admin DELETE "$T/extra"
expect_status 200 "DELETE tag"
api admin DELETE "$T/extra"
expect_status 404 "DELETE tag again -> 404"
v2 admin GET "library/a/b/manifests/extra" -H "Accept: $ACCEPT_ALL"
expect_status 404 "/v2/ no longer serves the deleted tag"

info "deletes"
api admin DELETE "/projects/library/repositories/a%252Fb/artifacts/v1"
expect_status 200 "DELETE artifact by tag"
v2 admin GET "library/a/b/manifests/$D1" -H "Accept: $ACCEPT_ALL"
expect_status 404 "/v2/ manifest GET of the deleted artifact -> 404"
api admin DELETE "/projects/library/repositories/multi/artifacts/m1"
expect_status 200 "DELETE the index"
api admin GET "/projects/library/repositories/multi/artifacts?q=base%3D*"
assert_eq "index children went with it" 0 "$(jb length)"
api admin DELETE /projects/library/repositories/a%252Fb
expect_status 200 "DELETE repository"
api admin GET /projects/library/repositories/a%252Fb
expect_status 404 "deleted repository -> 404"

info "private project, statistics"
api admin POST /projects "${JSON[@]}" -d '{"project_name":"secret","metadata":{"public":"false"}}'
[[ $RESP_STATUS == 201 ]] || die "cannot create project secret: HTTP $RESP_STATUS"
make_oci_image "$L" s1 1 arm64 1000 >/dev/null || die "image s1"
push "oci:$L:s1" "docker://$H/secret/app:s1" || die "push secret/app"
api anon GET /projects/secret/repositories
expect_status 401 "anonymous on a private project -> 401"
api "$R1_NAME:Chosen5ecret" GET /projects/secret/repositories
expect_status 403 "robot of another project -> 403"
api admin GET /projects/secret/repositories/app/artifacts/s1
assert_eq "arm64 image extra_attrs" arm64 "$(jb .extra_attrs.architecture)"
api admin GET /statistics
expect_status 200 "admin GET /statistics"
assert_eq "private_project_count" 1 "$(jb .private_project_count)"
assert_eq "private_repo_count" 1 "$(jb .private_repo_count)"
assert_eq "public_repo_count (multi, paged)" 2 "$(jb .public_repo_count)"
assert_eq "total_project_count" 2 "$(jb .total_project_count)"
assert_eq "storage consumption counted" 1 "$(( $(jb .total_storage_consumption) > 0 ))"
api "$R1_NAME:Chosen5ecret" GET /statistics
assert_eq "robot sees only what it may list" 0 "$(jb .private_project_count)"


info "project admins and developers"
api admin GET /projects/secret
SID=$(jb .project_id)
for u in pa:1 dev:2; do
  add_user "${u%%:*}" Passw0rdX && add_member secret "${u%%:*}" "${u##*:}" || die "cannot make ${u%%:*} a member of secret"
done
SPERM='[{"kind":"project","namespace":"secret","access":[{"resource":"repository","action":"pull"}]}]'
api pa:Passw0rdX POST /robots "${JSON[@]}" -d "{\"name\":\"deploy\",\"level\":\"project\",\"permissions\":$SPERM}"
expect_status 201 "project admin creates a robot on their project"
PA_ROBOT=$(jb .name)
api pa:Passw0rdX POST /robots "${JSON[@]}" -d '{"name":"sys2","level":"system","permissions":[]}'
expect_status 403 "project admin may not create system robots"
api pa:Passw0rdX POST /robots "${JSON[@]}" -d '{"name":"lib","level":"project","permissions":[{"kind":"project","namespace":"library","access":[{"resource":"repository","action":"pull"}]}]}'
expect_status 403 "project admin may not create robots on another project"
api dev:Passw0rdX POST /robots "${JSON[@]}" -d "{\"name\":\"devbot\",\"level\":\"project\",\"permissions\":$SPERM}"
expect_status 403 "developer may not create robots"
api pa:Passw0rdX GET /robots
expect_status 403 "project admin may not list every robot"
api pa:Passw0rdX GET "/robots?q=Level%3Dproject%2CProjectID%3D$SID"
expect_status 200 "project admin lists the project's robots (Harbor's q)"
assert_eq "only the project's robots" "$PA_ROBOT" "$(jb '[.[].name]|join(",")')"
api dev:Passw0rdX GET "/robots?q=Level%3Dproject%2CProjectID%3D$SID"
expect_status 200 "guest-or-better may list the project's robots (robot:list)"
api dev:Passw0rdX GET /statistics
assert_eq "member sees the private project in statistics" 1 "$(jb .private_project_count)"
api dev:Passw0rdX DELETE /projects/secret/repositories/app
expect_status 403 "developer may not delete a repository"

finish
