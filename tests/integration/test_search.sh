#!/usr/bin/env bash
# GET /api/v2.0/search?q= (Harbor's Search, the portal header's "Search Harbor..."): projects and
# repositories whose name contains q, only among the projects the caller may list repositories
# of, as GET /repositories filters them.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
lib_init "$@"
require_berth "Harbor search API" || finish
BERTH_TEST_PROJECTS=" " berth_start
H=$BERTH_HOST

info "projects and repositories to find"
ensure_project findpub true || die "project findpub"
ensure_project findpriv false || die "project findpriv"
ensure_project other false || die "project other"
L=$TEST_TMP/layout
make_oci_image "$L" img 1 amd64 2000 >/dev/null || die "make_oci_image"
for r in findpub/web-find findpriv/api-find other/plain; do
  sk_push admin "oci:$L:img" "docker://$H/$r:v1" || die "push $r"
done
add_user bob >/dev/null
add_member findpriv bob 3 || die "bob guest of findpriv"
add_user carol >/dev/null
ok "3 projects, 3 repositories; bob is a guest of findpriv, carol of nothing"

info "what each caller finds"
api admin GET '/search?q=find'
expect_status 200 "admin: GET /search?q=find"
assert_eq "admin: both find* projects" "findpriv,findpub" "$(jb '[.project[].name]|sort|join(",")')"
assert_eq "admin: both *find repositories" "findpriv/api-find,findpub/web-find" \
  "$(jb '[.repository[].repository_name]|sort|join(",")')"
assert_eq "SearchRepository fields" '{"artifact_count":1,"project_id":true,"project_name":"findpub","project_public":true,"pull_count":0}' \
  "$(jq -cS '.repository[]|select(.repository_name=="findpub/web-find")|{artifact_count,project_id:(.project_id>0),project_name,project_public,pull_count}' "$RESP_BODY")"
assert_eq "Project objects as GET /projects gives them" "1 true" \
  "$(jq -r '.project[]|select(.name=="findpub")|"\(.repo_count) \(.metadata.public)"' "$RESP_BODY")"

api bob GET '/search?q=find'
assert_eq "bob (guest of findpriv): findpriv and the public findpub" "findpriv,findpub" "$(jb '[.project[].name]|sort|join(",")')"
api carol GET '/search?q=find'
expect_status 200 "carol: GET /search"
assert_eq "carol (no membership): only the public project" "findpub" "$(jb '[.project[].name]|join(",")')"
assert_eq "carol: only the public project's repository" "findpub/web-find" "$(jb '[.repository[].repository_name]|join(",")')"
api anon GET '/search?q=find'
expect_status 200 "anonymous: GET /search (Harbor: public projects)"
assert_eq "anonymous: only public" "findpub|findpub/web-find" "$(jb '([.project[].name]|join(","))+"|"+([.repository[].repository_name]|join(","))')"
api carol GET '/search?q=api-find'
assert_eq "a private repository's name never leaks" "0 0" "$(jb '"\(.project|length) \(.repository|length)"')"

info "matching"
api admin GET '/search?q=WEB'
assert_eq "case does not matter (names are lower case)" "findpub/web-find" "$(jb '[.repository[].repository_name]|join(",")')"
api admin GET '/search?q=plain'
assert_eq "the repository part matches; no project named so" "0 other/plain" "$(jb '"\(.project|length) \([.repository[].repository_name]|join(","))"')"
api admin GET '/search?q=nothing-like-this'
assert_eq "no match: two empty lists" '{"project":[],"repository":[]}' "$(jq -cS . "$RESP_BODY")"
api admin GET '/search'
expect_status 400 "q missing -> 400"
expect_error BAD_REQUEST "q missing: Harbor error body"
finish
