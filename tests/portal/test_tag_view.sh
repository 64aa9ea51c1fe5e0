#!/usr/bin/env bash
# The repository's Tags view (tag-view.test.mjs, harbor-portal.md §4.4): the Artifacts | Tags
# switch, one row per tag with digest link, size, times and pull command, sort by Tag, Push
# Time and Pull Time, the name filter and paging, each checked against Berth's .../repositories/{repo}/tags.
#   bash tests/portal/test_tag_view.sh build/berth [OUT_DIR]
. "$(dirname "${BASH_SOURCE[0]}")/portal_lib.sh"
portal_init "$1" "$2"

BERTH_TEST_PROJECTS=library
berth_start
H=$BERTH_HOST

info "two images and 17 tags in library/app"
L=$TEST_TMP/layout
make_oci_image "$L" one 1 amd64 2000 >/dev/null || die "make_oci_image one"
make_oci_image "$L" two 1 amd64 5000 >/dev/null || die "make_oci_image two"
sk_push admin "oci:$L:one" "docker://$H/library/app:v1" || die "push library/app:v1"
sk_push admin "oci:$L:two" "docker://$H/library/app:v2" || die "push library/app:v2"
# Created one after another, so push times order them: v1, v2, t01 … t15.
for i in $(seq -w 1 15); do
  api_json admin POST /projects/library/repositories/app/artifacts/v1/tags "{\"name\":\"t$i\"}"
  [[ $RESP_STATUS == 201 ]] || die "tag t$i: $(resp_summary)"
done
ok "library/app has 17 tags"
v2 admin GET library/app/manifests/t07 -H "Accept: $ACCEPT_ALL"
[[ $RESP_STATUS == 200 ]] || die "pull library/app:t07: $(resp_summary)"
berth_restart   # pull times are written in batches; a stop flushes them
ok "t07 pulled"

portal_run_spec tag-view.test.mjs BERTH_HOST="$H"
finish
