#!/usr/bin/env bash
# Harbor's portal complaints as Berth answers them (complaints.test.mjs, docs/PORTAL.md): header
# search, CVE export per repository and artifact, pollers that do not keep the session alive,
# robot expiry in plain words, the rule form's help, the artifact list's one request, the theme.
# Findings come from a trivy-db with advisories (tests/integration/scan_fixtures.sh).
#   bash tests/portal/test_complaints.sh build/berth [OUT_DIR]
. "$(dirname "${BASH_SOURCE[0]}")/portal_lib.sh"
portal_init "$1" "$2"
. "$ROOT/tests/integration/scan_fixtures.sh"
why=$(scan_fixtures_missing) && die "scan fixtures: $why"
scan_fixtures_build # $W/db1.tar.gz (advisories) and the image "deb" in the layout $L

BERTH_TEST_PROJECTS=library
berth_start
H=$BERTH_HOST
JSON=(-H "Content-Type: application/json")

info "a scanned image with findings"
api admin PUT /system/vulnerability-database -H 'Content-Type: application/gzip' --data-binary "@$W/db1.tar.gz"
expect_status 200 "trivy-db with advisories installed through the API"
sk_push admin "oci:$L:deb" "docker://$H/library/deb:v1" || die "push library/deb:v1"
DIGEST=$(oci_ref_digest "$L" deb)
api admin POST "/projects/library/repositories/deb/artifacts/$DIGEST/scan" "${JSON[@]}" -d '{"scan_type":"vulnerability"}'
expect_status 202 "scan library/deb:v1"
for ((i = 0; i < 60; i++)); do
  api admin GET "/projects/library/repositories/deb/artifacts/$DIGEST?with_scan_overview=true"
  [[ $(jb '.scan_overview[]?.scan_status') == Success ]] && break
  sleep 0.5
done
assert_eq "the scan succeeded" Success "$(jb '.scan_overview[]?.scan_status')"

info "robots: 30 days, never, and one already expired"
PERM='[{"kind":"project","namespace":"library","access":[{"resource":"repository","action":"pull"}]}]'
api admin POST /robots "${JSON[@]}" -d "{\"name\":\"thirty\",\"level\":\"system\",\"duration\":30,\"permissions\":$PERM}"
expect_status 201 "system robot thirty (30 days)"
api admin POST /robots "${JSON[@]}" -d "{\"name\":\"forever\",\"level\":\"system\",\"duration\":-1,\"permissions\":$PERM}"
expect_status 201 "system robot forever"
api admin POST /robots "${JSON[@]}" -d "{\"name\":\"old\",\"level\":\"project\",\"duration\":1,\"permissions\":$PERM}"
expect_status 201 "project robot old (1 day)"
# The API cannot make a robot that has already expired (the shortest duration is a day): the
# database can, as the days passing would.
db_sql "UPDATE robots SET expires_at = strftime('%s','now') - 3600 WHERE name LIKE '%old'"

portal_run_spec complaints.test.mjs BERTH_HOST="$H" DIGEST="$DIGEST" PROJECT_ROBOT='robot$library+old'
finish
