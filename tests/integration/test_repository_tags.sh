#!/usr/bin/env bash
# Berth's repository-wide tag list (GET .../repositories/{repository_name}/tags, a Berth
# extension behind the portal's Tags view): every tag with its artifact's digest and size,
# sorting, the name filter, paging headers, permissions and 400s in Harbor's format.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
lib_init "$@"
require_berth "repository tag list (Berth extension)" || finish
BERTH_TEST_PROJECTS="pa" berth_start
ensure_project pub true || die "cannot create project pub"

H=$BERTH_HOST
L=$TEST_TMP/layout
add_user guest && add_member pa guest 3 || die "cannot make guest a member of pa"
add_user outsider || die "cannot create user outsider"
make_oci_image "$L" one 1 amd64 1000 >/dev/null || die "could not build image one"
make_oci_image "$L" two 1 amd64 3000 >/dev/null || die "could not build image two"
sk_push admin "oci:$L:one" "docker://$H/pa/team/app:v1" || die "push pa/team/app:v1"
sk_push admin "oci:$L:two" "docker://$H/pa/team/app:v2" || die "push pa/team/app:v2"
sk_push admin "oci:$L:one" "docker://$H/pub/app:latest" || die "push pub/app:latest"
REPO=/projects/pa/repositories/team%252Fapp
api admin GET "$REPO/artifacts/v1"
A1=$(jb .digest); S1=$(jb .size); ID1=$(jb .id)
api admin GET "$REPO/artifacts/v2"
A2=$(jb .digest); S2=$(jb .size)
# Pushed in this order, so push_time sorts them: v1 v2 alpha beta-1 release-1.0 zeta.
for t in alpha:v1 beta-1:v1 release-1.0:v1 zeta:v2; do
  api_json admin POST "$REPO/artifacts/${t#*:}/tags" "{\"name\":\"${t%%:*}\"}"
  expect_status 201 "tag ${t%%:*} on ${t#*:}" || die "cannot tag"
done
names() { jb '[.[].name]|join(",")'; }

# ===========================================================================
info "the list: every tag with its artifact"
api guest GET "$REPO/tags"
expect_status 200 "guest (pull) lists the repository's tags"
assert_eq "default sort is by name" "alpha,beta-1,release-1.0,v1,v2,zeta" "$(names)"
expect_hdr_eq X-Total-Count 6 "X-Total-Count counts every tag"
assert_eq "row of v1: Harbor's Tag fields" "$ID1|v1|false|0001-01-01T00:00:00.000Z" \
  "$(jb '.[]|select(.name=="v1")|[(.artifact_id|tostring),.name,(.immutable|tostring),.pull_time]|join("|")')"
assert_match "row of v1: push_time is a date-time" '^20[0-9]{2}-[0-9]{2}-[0-9]{2}T' "$(jb '.[]|select(.name=="v1")|.push_time')"
assert_eq "row of v1: repository_id is the repository's" "$(jb '.[0].repository_id')" "$(jb '.[]|select(.name=="v1")|.repository_id')"
assert_eq "row of alpha: its artifact's digest and size" "$A1|$S1" "$(jb '.[]|select(.name=="alpha")|"\(.digest)|\(.size)"')"
assert_eq "row of zeta: its artifact's digest and size" "$A2|$S2" "$(jb '.[]|select(.name=="zeta")|"\(.digest)|\(.size)"')"

info "sorting"
api guest GET "$REPO/tags?sort=-name"
assert_eq "sort=-name" "zeta,v2,v1,release-1.0,beta-1,alpha" "$(names)"
api guest GET "$REPO/tags?sort=push_time"
assert_eq "sort=push_time: oldest first" "v1,v2,alpha,beta-1,release-1.0,zeta" "$(names)"
api guest GET "$REPO/tags?sort=-push_time"
assert_eq "sort=-push_time: newest first" "zeta,release-1.0,beta-1,alpha,v2,v1" "$(names)"
v2 admin GET pa/team/app/manifests/beta-1 -H "Accept: $ACCEPT_ALL"
expect_status 200 "pull pa/team/app:beta-1"
berth_restart   # pull times are written in batches; a stop flushes them
api guest GET "$REPO/tags?sort=-pull_time"
assert_eq "sort=-pull_time: the pulled tag first" "beta-1" "$(jb '.[0].name')"
assert_match "the pulled tag has a pull_time" '^20[0-9]{2}-' "$(jb '.[0].pull_time')"
api guest GET "$REPO/tags?sort=pull_time"
assert_eq "sort=pull_time: never-pulled first (by name), the pulled tag last" \
  "alpha,release-1.0,v1,v2,zeta,beta-1" "$(names)"

info "filter by name"
api guest GET "$REPO/tags?q=name%3D~v"
expect_status 200 "q=name=~v"
assert_eq "fuzzy: names containing v" "v1,v2" "$(names)"
expect_hdr_eq X-Total-Count 2 "fuzzy: X-Total-Count counts the matches"
api guest GET "$REPO/tags?q=name%3D~e&sort=-name"
assert_eq "fuzzy with sort" "zeta,release-1.0,beta-1" "$(names)"
api guest GET "$REPO/tags?q=name%3Dv1"
assert_eq "exact: name=v1" "v1" "$(names)"
api guest GET "$REPO/tags?q=name%3Dv"
assert_eq "exact: name=v matches nothing" "0|0" "$(jb length)|$(hdr X-Total-Count)"

info "paging"
api guest GET "$REPO/tags?page=2&page_size=4"
assert_eq "page 2 of 4" "v2,zeta" "$(names)"
expect_hdr_eq X-Total-Count 6 "paged: X-Total-Count still 6"
expect_hdr Link 'rel="prev"' "page 2 has Link prev"
api guest GET "$REPO/tags?page=1&page_size=4"
expect_hdr Link 'rel="next"' "page 1 has Link next"
assert_eq "page 1 of 4" "alpha,beta-1,release-1.0,v1" "$(names)"

info "bad input: 400 in Harbor's format"
api guest GET "$REPO/tags?sort=size"
expect_status 400 "sort=size -> 400"
expect_error BAD_REQUEST "sort=size error body"
assert_contains "sort error names the field" "size" "$(jb '.errors[0].message')"
api guest GET "$REPO/tags?q=digest%3Dsha256:00"
expect_status 400 "q=digest=... -> 400"
expect_error BAD_REQUEST "unknown q key error body"
api guest GET "$REPO/tags?q=name%3D%5Ba~b%5D"
expect_status 400 "q=name=[a~b] (range) -> 400"
api guest GET "$REPO/tags?page_size=-1"
expect_status 400 "page_size=-1 -> 400"

info "permissions and 404s"
api anon GET "$REPO/tags"
expect_status 401 "anonymous on a private project -> 401"
api outsider GET "$REPO/tags"
expect_status 403 "non-member on a private project -> 403"
api anon GET /projects/pub/repositories/app/tags
expect_status 200 "anonymous on a public project -> 200"
assert_eq "public project's tags" "latest|$A1" "$(jb '[.[]|"\(.name)|\(.digest)"]|join(",")')"
api admin GET /projects/pa/repositories/nothing/tags
expect_status 404 "unknown repository -> 404"
expect_error NOT_FOUND "unknown repository error body"
api admin GET /projects/nope/repositories/app/tags
expect_status 404 "unknown project -> 404"

info "deleting a tag removes it from the list"
api admin DELETE "$REPO/artifacts/v1/tags/alpha"
expect_status 200 "delete tag alpha"
api guest GET "$REPO/tags?q=name%3D~a"
assert_eq "alpha gone" "beta-1,release-1.0,zeta" "$(names)"

finish
