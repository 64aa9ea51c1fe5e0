#!/usr/bin/env bash
# Scanning inside Berth, driven with curl and skopeo: scanner registrations, project scanners,
# manual scans (202), stop, scan_overview, /additions/vulnerabilities, scan on push, indexes,
# scanAll (schedule, manual run, metrics), CVE allowlists, the prevent_vul pull policy (412),
# the vulnerability-database endpoints, and scan jobs surviving kill -9.
#
# Most checks do not depend on findings: they run with an empty (but valid) trivy-db. The last
# section uploads a trivy-db with advisories through the API and checks the exact findings, the
# 412 policy with allowlists, and scan on push (fixtures from scan_fixtures.sh).
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
lib_init "$@"
require_berth "scanning API" || finish
DATA_DIR=$(cd "$HERE/../data/scanapi" && pwd)
BERTH_TEST_PROJECTS="scan auto pv pvoff ext" berth_start

H=$BERTH_HOST
L=$TEST_TMP/layout
ADMIN=$(creds_of admin)  # for skopeo --src-creds
JSON=(-H "Content-Type: application/json")
MIME='application/vnd.security.vulnerability.report; version=1.1'
push() { sk_push admin "$@"; }
art() { printf '/projects/%s/repositories/%s/artifacts/%s' "$1" "$2" "$3"; }
# scan_robots PROJECT: how many robots a scan adapter was lent on PROJECT still exist
scan_robots() {
  api admin GET "/robots?q=name%3D~scanner-&page_size=100"
  jq --arg p "robot\$$1+scanner-" '[.[]|select(.name|startswith($p))]|length' "$RESP_BODY"
}
# overview PROJECT REPO REF: the scan_overview entry of the artifact as compact JSON ("null" if none)
overview() {
  api admin GET "$(art "$1" "$2" "$3")?with_scan_overview=true"
  jq -c --arg m "$MIME" '.scan_overview[$m] // null' "$RESP_BODY" 2>/dev/null || echo null
}
# wait_scan PROJECT REPO REF STATUS: polls the overview until scan_status is STATUS (20 s)
wait_scan() {
  local i s=""
  for ((i = 0; i < 100; i++)); do
    s=$(overview "$1" "$2" "$3" | jq -r '.scan_status // empty')
    [[ $s == "$4" ]] && { echo "$s"; return 0; }
    sleep 0.2
  done
  echo "${s:-none}"
}
install_db() { mkdir -p "$BERTH_DATA/trivy/current" && cp "$DATA_DIR/empty-trivy.db" "$BERTH_DATA/trivy/current/trivy.db" &&
  cp "$DATA_DIR/metadata.json" "$BERTH_DATA/trivy/current/metadata.json"; }
remove_db() { rm -rf "$BERTH_DATA/trivy/current"; }
OCI_ACCEPT=(-H 'Accept: application/vnd.oci.image.manifest.v1+json')

info "setup: users and images"
api admin POST /users "${JSON[@]}" -d '{"username":"eve","password":"Eve12345678","email":"eve@example.com","realname":"eve"}'
expect_status 201 "create user eve (not a member anywhere)"
api admin POST /users "${JSON[@]}" -d '{"username":"dev","password":"Dev12345678","email":"dev@example.com","realname":"dev"}'
expect_status 201 "create user dev"
api admin POST /projects/scan/members "${JSON[@]}" -d '{"role_id":2,"member_user":{"username":"dev"}}'
expect_status 201 "dev is a developer of project scan"
D1=$(make_oci_image "$L" v1 2 amd64 20000) || die "could not build an image (see $TEST_TMP/build.log)"
push "oci:$L:v1" "docker://$H/scan/app:v1" || die "push scan/app:v1"
DI=$(make_index "$L" multi) || die "could not build an index"
push --all "oci:$L:multi" "docker://$H/scan/multi:m1" || die "push scan/multi:m1"
DA=$(oci_ref_digest "$L" multi-amd64); DB_=$(oci_ref_digest "$L" multi-arm64)
# Reports belong to a digest (shared by every repository holding it, as in Harbor): the
# projects below get images of their own.
DAU=$(make_oci_image "$L" au 1 amd64 5000) || die "image au"
DPV=$(make_oci_image "$L" pvi 1 amd64 5000) || die "image pvi"
DEX=$(make_oci_image "$L" exi 1 amd64 5000) || die "image exi"
DEX2=$(make_oci_image "$L" exi2 1 amd64 5000) || die "image exi2"

# ===========================================================================
info "scanner registrations"
api admin GET /scanners
expect_status 200 "GET /scanners"
assert_eq "one registration: the built-in Trivy" 1 "$(jb length)"
TRIVY=$(jb '.[0].uuid')
assert_eq "built-in: name Trivy" Trivy "$(jb '.[0].name')"
assert_eq "built-in: is_default" true "$(jb '.[0].is_default')"
assert_eq "built-in: vendor" "Aqua Security" "$(jb '.[0].vendor')"
assert_match "built-in: url internal" '^internal://' "$(jb '.[0].url')"
assert_eq "built-in: healthy" healthy "$(jb '.[0].health')"
api admin GET "/scanners/$TRIVY/metadata"
expect_status 200 "GET /scanners/{builtin}/metadata"
assert_eq "metadata: scanner name" Trivy "$(jb .scanner.name)"
assert_contains "metadata: consumes OCI image manifests" "application/vnd.oci.image.manifest.v1+json" "$(jb '.capabilities[0].consumes_mime_types|join(",")')"
assert_eq "metadata: produces the v1.1 report" "$MIME" "$(jb '.capabilities[0].produces_mime_types[0]')"
assert_eq "metadata without a DB: no updated-at" null "$(jb '.properties["harbor.scanner-adapter/vulnerability-database-updated-at"]')"
api admin PUT "/scanners/$TRIVY" "${JSON[@]}" -d '{"name":"x","url":"http://127.0.0.1:1"}'
expect_status 403 "PUT the built-in registration is refused"
api admin DELETE "/scanners/$TRIVY"
expect_status 403 "DELETE the built-in registration is refused"
api anon GET /scanners
expect_status 401 "anonymous GET /scanners"
api eve:Eve12345678 GET /scanners
expect_status 403 "non-admin GET /scanners"
api admin POST /scanners "${JSON[@]}" -d '{"name":"ext","url":"ftp://x"}'
expect_status 400 "POST /scanners with a non-http url"
api admin POST /scanners "${JSON[@]}" -d '{"name":"ext","url":'
expect_status 400 "POST /scanners with bad JSON"
api admin POST /scanners "${JSON[@]}" -d '{"name":"ext","url":"http://127.0.0.1:1","bogus":1}'
expect_status 400 "POST /scanners with an unknown field"
api admin POST /scanners "${JSON[@]}" -d '{"name":"ext","url":"http://127.0.0.1:1","auth":"Bearer","access_credential":"tok"}'
expect_status 201 "POST /scanners registers an external adapter"
expect_hdr Location '^/api/v2.0/scanners/[0-9a-f-]{36}$' "Location of the new registration"
EXT=$(basename "$(hdr Location)")
api admin POST /scanners "${JSON[@]}" -d '{"name":"ext","url":"http://127.0.0.1:2"}'
expect_status 409 "duplicate scanner name"
api admin GET "/scanners/$EXT"
expect_status 200 "GET /scanners/{ext}"
assert_eq "unreachable adapter: unhealthy" unhealthy "$(jb .health)"
assert_eq "credential is never rendered" null "$(jb .access_credential)"
api admin POST /scanners/ping "${JSON[@]}" -d '{"name":"p","url":"http://127.0.0.1:1"}'
expect_status 400 "ping an unreachable adapter"
api admin PATCH "/scanners/$EXT" "${JSON[@]}" -d '{"is_default":true}'
expect_status 200 "PATCH is_default on the external one"
api admin GET /scanners
assert_eq "exactly one default" "$EXT" "$(jb '[.[]|select(.is_default)|.uuid]|join(",")')"
api admin DELETE "/scanners/$EXT"
expect_status 409 "the default scanner cannot be deleted"
api admin PATCH "/scanners/$TRIVY" "${JSON[@]}" -d '{"is_default":true}'
expect_status 200 "built-in back as default"
api admin DELETE "/scanners/$EXT"
expect_status 200 "DELETE the external registration"
api admin GET "/scanners/$EXT"
expect_status 404 "deleted registration is gone"

info "project scanner"
api admin GET /projects/scan/scanner
expect_status 200 "GET /projects/scan/scanner"
assert_eq "project scanner defaults to the built-in" "$TRIVY" "$(jb .uuid)"
api admin PUT /projects/scan/scanner "${JSON[@]}" -d "{\"uuid\":\"$TRIVY\"}"
expect_status 200 "PUT /projects/scan/scanner"
api admin PUT /projects/scan/scanner "${JSON[@]}" -d '{"uuid":"nope"}'
expect_status 400 "PUT an unknown scanner uuid"
api admin GET /projects/scan/scanner/candidates
expect_status 200 "GET /projects/scan/scanner/candidates"
assert_eq "candidates: the built-in" "$TRIVY" "$(jb '.[0].uuid')"
api eve:Eve12345678 GET /projects/scan/scanner
expect_status 403 "non-member GET project scanner"
api dev:Dev12345678 PUT /projects/scan/scanner "${JSON[@]}" -d "{\"uuid\":\"$TRIVY\"}"
expect_status 403 "developer cannot set the project scanner"

# ===========================================================================
info "scans without a vulnerability database"
api admin GET /system/vulnerability-database
expect_status 404 "GET vulnerability-database without a DB"
assert_contains "404 says how to import" "import-db" "$(body)"
assert_eq "never scanned: no scan_overview" null "$(overview scan app v1)"
api admin POST "$(art scan app v1)/scan"
expect_status 202 "POST .../scan"
assert_eq "scan without a DB ends in Error" Error "$(wait_scan scan app v1 Error)"
O=$(overview scan app v1)
assert_eq "overview: complete_percent 100" 100 "$(jq -r .complete_percent <<<"$O")"
assert_eq "overview: scanner name" Trivy "$(jq -r .scanner.name <<<"$O")"
api admin GET "$(art scan app v1)/additions/vulnerabilities"
expect_status 200 "GET additions/vulnerabilities of a failed scan"
assert_eq "no report: empty object" "{}" "$(jq -c . "$RESP_BODY")"
RID=$(jq -r .report_id <<<"$O")
api admin GET "$(art scan app v1)/scan/$RID/log"
expect_status 200 "GET the failed scan's log"
assert_contains "log: text/plain" "text/plain" "$(grep -i '^content-type' "$RESP_HDRS")"
assert_contains "log: the error says how to import a DB" "berth scanner import-db" "$(body)"
assert_match "log: an ERROR line" '\[ERROR\]' "$(body)"
api admin POST "$(art scan app nope)/scan"
expect_status 404 "scan of an unknown artifact"
api admin POST "/projects/scan/repositories/nothere/artifacts/v1/scan"
expect_status 404 "scan in an unknown repository"
api admin POST "$(art scan app v1)/scan" "${JSON[@]}" -d '{"scan_type":'
expect_status 400 "scan with bad JSON"
api admin POST "$(art scan app v1)/scan" "${JSON[@]}" -d '{"scan_type":"sbom"}'
expect_status 422 "scan_type sbom is not supported"
api anon POST "$(art scan app v1)/scan"
expect_status 401 "anonymous scan"
api eve:Eve12345678 POST "$(art scan app v1)/scan"
expect_status 403 "non-member scan"
api dev:Dev12345678 POST "$(art scan app v1)/scan"
expect_status 403 "developer cannot scan (maintainer and up)"
api admin POST "$(art scan app v1)/scan/stop"
expect_status 400 "stop with no scan running"

# ===========================================================================
info "scans with an (empty) vulnerability database"
install_db
api admin GET /system/vulnerability-database
expect_status 200 "GET vulnerability-database"
assert_eq "db info: updated_at" "2030-01-01T00:00:00Z" "$(jb .updated_at)"
api admin GET "/scanners/$TRIVY/metadata"
assert_eq "metadata: DB updated-at" "2030-01-01T00:00:00Z" "$(jb '.properties["harbor.scanner-adapter/vulnerability-database-updated-at"]')"
assert_eq "metadata: DB next update" "2030-01-02T00:00:00Z" "$(jb '.properties["harbor.scanner-adapter/vulnerability-database-next-update-at"]')"
api admin POST "$(art scan app v1)/scan" "${JSON[@]}" -d '{"scan_type":"vulnerability"}'
expect_status 202 "POST .../scan with scan_type vulnerability"
assert_eq "scan succeeds" Success "$(wait_scan scan app v1 Success)"
O=$(overview scan app v1)
assert_eq "overview: severity None" None "$(jq -r .severity <<<"$O")"
assert_eq "overview: summary.total 0" 0 "$(jq -r .summary.total <<<"$O")"
assert_eq "overview: summary.fixable 0" 0 "$(jq -r .summary.fixable <<<"$O")"
assert_match "overview: report_id" '^[0-9a-f-]{36}$' "$(jq -r .report_id <<<"$O")"
assert_match "overview: duration" '^[0-9]+$' "$(jq -r .duration <<<"$O")"
assert_match "overview: start_time" '^20[0-9]{2}-' "$(jq -r .start_time <<<"$O")"
assert_match "overview: end_time" '^20[0-9]{2}-' "$(jq -r .end_time <<<"$O")"
assert_eq "overview: vendor" "Aqua Security" "$(jq -r .scanner.vendor <<<"$O")"
api admin GET "/projects/scan/repositories/app/artifacts?with_scan_overview=true"
assert_eq "list: scan_overview too" Success "$(jq -r --arg m "$MIME" '.[0].scan_overview[$m].scan_status' "$RESP_BODY")"
api admin GET "/projects/scan/repositories/app/artifacts"
assert_eq "list without the flag: no scan_overview" null "$(jb '.[0].scan_overview')"
api admin GET "$(art scan app v1)/additions/vulnerabilities"
expect_status 200 "GET additions/vulnerabilities"
assert_eq "report: keyed by the v1.1 MIME type, digest" "$D1" "$(jq -r --arg m "$MIME" '.[$m].artifact.digest' "$RESP_BODY")"
assert_eq "report: vulnerabilities []" "[]" "$(jq -c --arg m "$MIME" '.[$m].vulnerabilities' "$RESP_BODY")"
assert_eq "report: scanner" Trivy "$(jq -r --arg m "$MIME" '.[$m].scanner.name' "$RESP_BODY")"
assert_match "report: generated_at" '^20[0-9]{2}-' "$(jq -r --arg m "$MIME" '.[$m].generated_at' "$RESP_BODY")"
api eve:Eve12345678 GET "$(art scan app v1)/additions/vulnerabilities"
expect_status 403 "non-member cannot read the report"
RID=$(overview scan app v1 | jq -r .report_id)
api admin GET "$(art scan app v1)/scan/$RID/log"
expect_status 200 "GET the scan log"
assert_contains "log: the result" "found 0 vulnerabilities, 0 fixable" "$(body)"
assert_match "log: duration" 'Success after [0-9]+ ms' "$(body)"
api eve:Eve12345678 GET "$(art scan app v1)/scan/$RID/log"
expect_status 403 "non-member cannot read the scan log"
api admin GET "$(art scan app v1)/scan/00000000-0000-0000-0000-000000000000/log"
expect_status 404 "log of an unknown report"

info "index: each child is scanned"
api admin POST "$(art scan multi m1)/scan"
expect_status 202 "POST scan of an index"
assert_eq "child amd64 scanned" Success "$(wait_scan scan multi "$DA" Success)"
assert_eq "child arm64 scanned" Success "$(wait_scan scan multi "$DB_" Success)"
O=$(overview scan multi m1)
assert_eq "index overview: merged status" Success "$(jq -r .scan_status <<<"$O")"
assert_eq "index overview: merged total" 0 "$(jq -r .summary.total <<<"$O")"

info "scan on push"
api admin POST /projects/auto/metadatas "${JSON[@]}" -d '{"auto_scan":"true"}'
expect_status 200 "auto_scan=true on project auto"
push "oci:$L:au" "docker://$H/auto/app:v1" || fail "push auto/app:v1"
assert_eq "pushed image is scanned without asking" Success "$(wait_scan auto app v1 Success)"

# ===========================================================================
info "CVE allowlists"
api admin GET /system/CVEAllowlist
expect_status 200 "GET /system/CVEAllowlist"
assert_eq "system allowlist empty" "[]" "$(jq -c .items "$RESP_BODY")"
api admin PUT /system/CVEAllowlist "${JSON[@]}" -d '{"items":[{"cve_id":"CVE-2020-0001"}],"expires_at":4102444800}'
expect_status 200 "PUT /system/CVEAllowlist"
api admin GET /system/CVEAllowlist
assert_eq "system allowlist item" CVE-2020-0001 "$(jb '.items[0].cve_id')"
assert_eq "system allowlist expiry" 4102444800 "$(jb .expires_at)"
api admin PUT /system/CVEAllowlist "${JSON[@]}" -d '{"items":"x"}'
expect_status 400 "PUT a bad allowlist"
api admin PUT /system/CVEAllowlist "${JSON[@]}" -d '{"items":['
expect_status 400 "PUT allowlist bad JSON"
api eve:Eve12345678 PUT /system/CVEAllowlist "${JSON[@]}" -d '{"items":[]}'
expect_status 403 "non-admin PUT allowlist"
api anon GET /system/CVEAllowlist
expect_status 401 "anonymous GET allowlist"
api admin PUT /projects/pv "${JSON[@]}" -d '{"cve_allowlist":{"items":[{"cve_id":"CVE-2021-1"}],"expires_at":4102444800},"metadata":{"reuse_sys_cve_allowlist":"false"}}'
expect_status 200 "PUT project cve_allowlist + reuse_sys_cve_allowlist=false"
api admin GET /projects/pv
assert_eq "project allowlist stored" CVE-2021-1 "$(jb '.cve_allowlist.items[0].cve_id')"

# ===========================================================================
info "prevent_vul pull policy"
api admin PUT /projects/pv "${JSON[@]}" -d '{"metadata":{"prevent_vul":"true","severity":"high"}}'
expect_status 200 "prevent_vul=true severity=high on pv"
push "oci:$L:pvi" "docker://$H/pv/app:v1" || fail "push pv/app:v1"
push "oci:$L:pvi" "docker://$H/pvoff/app:v1" || fail "push pvoff/app:v1"
v2 admin GET pv/app/manifests/v1 "${OCI_ACCEPT[@]}"
expect_status 412 "unscanned image in a prevent_vul project: 412"
assert_contains "412 code" PROJECTPOLICYVIOLATION "$(body)"
assert_contains "412 message (Harbor's)" "current image without vulnerability scanning cannot be pulled due to configured policy in 'Prevent images with vulnerability severity of \\\"High\\\" or higher from running.'" "$(body)"
v2 admin HEAD pv/app/manifests/v1 "${OCI_ACCEPT[@]}"
expect_status 412 "HEAD is refused too"
v2 admin GET pvoff/app/manifests/v1 "${OCI_ACCEPT[@]}"
expect_status 200 "project without prevent_vul: pull allowed"
check_fails "skopeo cannot pull the unscanned image" sk copy -q --src-tls-verify=false --src-creds "$ADMIN" "docker://$H/pv/app:v1" "oci:$TEST_TMP/pulled:x"
remove_db
api admin POST "$(art pv app v1)/scan"
assert_eq "scan without DB: Error" Error "$(wait_scan pv app v1 Error)"
v2 admin GET pv/app/manifests/v1 "${OCI_ACCEPT[@]}"
expect_status 412 "failed scan: 412"
assert_contains "412 names the status" 'current image with \"Error\" status of vulnerability scanning' "$(body)"
install_db
api admin POST "$(art pv app v1)/scan"
assert_eq "scan with DB: Success" Success "$(wait_scan pv app v1 Success)"
v2 admin GET pv/app/manifests/v1 "${OCI_ACCEPT[@]}"
expect_status 200 "scanned, no findings: pull allowed"
v2 admin GET "pv/app/manifests/$DPV" "${OCI_ACCEPT[@]}"
expect_status 200 "by digest too"
check "skopeo pulls the clean image" sk copy -q --src-tls-verify=false --src-creds "$ADMIN" "docker://$H/pv/app:v1" "oci:$TEST_TMP/pulled:x"

# ===========================================================================
info "external scanner adapter (tests/fakes/fake_scanner_adapter.py)"
FPORT=$(free_port)
python3 "$HERE/../fakes/fake_scanner_adapter.py" --port "$FPORT" --token s3cret >"$TEST_TMP/adapter.log" 2>&1 &
register_pid $!
for ((i = 0; i < 50; i++)); do curl -s -o /dev/null "http://127.0.0.1:$FPORT/requests" && break; sleep 0.1; done
api admin POST /scanners/ping "${JSON[@]}" -d "{\"name\":\"f\",\"url\":\"http://127.0.0.1:$FPORT\",\"auth\":\"Bearer\",\"access_credential\":\"wrong\"}"
expect_status 400 "ping with a wrong credential"
api admin POST /scanners/ping "${JSON[@]}" -d "{\"name\":\"f\",\"url\":\"http://127.0.0.1:$FPORT\",\"auth\":\"Bearer\",\"access_credential\":\"s3cret\"}"
expect_status 200 "ping the fake adapter"
# An adapter behind an API key: Harbor's portal calls that auth "APIKey", its swagger names the header.
KPORT=$(free_port)
python3 "$HERE/../fakes/fake_scanner_adapter.py" --port "$KPORT" --api-key k3y >"$TEST_TMP/adapter-key.log" 2>&1 &
register_pid $!
for ((i = 0; i < 50; i++)); do curl -s -o /dev/null "http://127.0.0.1:$KPORT/requests" && break; sleep 0.1; done
for auth in APIKey X-ScannerAdapter-API-Key; do
  api admin POST /scanners/ping "${JSON[@]}" -d "{\"name\":\"k\",\"url\":\"http://127.0.0.1:$KPORT\",\"auth\":\"$auth\",\"access_credential\":\"k3y\"}"
  expect_status 200 "ping an API-key adapter with auth $auth"
  api admin POST /scanners/ping "${JSON[@]}" -d "{\"name\":\"k\",\"url\":\"http://127.0.0.1:$KPORT\",\"auth\":\"$auth\",\"access_credential\":\"nope\"}"
  expect_status 400 "a wrong API key is refused (auth $auth)"
done
api admin POST /scanners/ping "${JSON[@]}" -d "{\"name\":\"k\",\"url\":\"http://127.0.0.1:$KPORT\",\"auth\":\"Token\",\"access_credential\":\"k3y\"}"
expect_status 400 "an unknown auth type is refused"
api admin POST /scanners "${JSON[@]}" -d "{\"name\":\"fake\",\"url\":\"http://127.0.0.1:$FPORT\",\"auth\":\"Bearer\",\"access_credential\":\"s3cret\",\"use_internal_addr\":true}"
expect_status 201 "register the fake adapter"
FAKE=$(basename "$(hdr Location)")
api admin GET "/scanners/$FAKE"
assert_eq "adapter healthy" healthy "$(jb .health)"
assert_eq "adapter name from its metadata" FakeScan "$(jb .adapter)"
api admin GET "/scanners/$FAKE/metadata"
assert_eq "adapter metadata passed through" FakeScan "$(jb .scanner.name)"
api admin PUT /projects/ext/scanner "${JSON[@]}" -d "{\"uuid\":\"$FAKE\"}"
expect_status 200 "project ext uses the adapter"
api admin PUT /projects/ext "${JSON[@]}" -d '{"metadata":{"prevent_vul":"true","severity":"high","reuse_sys_cve_allowlist":"false"}}'
expect_status 200 "prevent_vul=true severity=high on ext"
push "oci:$L:exi" "docker://$H/ext/app:v1" || fail "push ext/app:v1"
api admin POST "$(art ext app v1)/scan"
expect_status 202 "scan through the adapter"
assert_eq "adapter scan succeeds (it pulled with its robot despite prevent_vul)" Success "$(wait_scan ext app v1 Success)"
O=$(overview ext app v1)
assert_eq "adapter overview: severity High" High "$(jq -r .severity <<<"$O")"
assert_eq "adapter overview: total 2, fixable 1" "2 1" "$(jq -r '"\(.summary.total) \(.summary.fixable)"' <<<"$O")"
assert_eq "adapter overview: High 1, Low 1" "1 1" "$(jq -r '"\(.summary.summary.High) \(.summary.summary.Low)"' <<<"$O")"
assert_eq "adapter overview: scanner FakeScan" FakeScan "$(jq -r .scanner.name <<<"$O")"
api admin GET "$(art ext app v1)/additions/vulnerabilities"
assert_eq "adapter report ids" "CVE-2099-0001,CVE-2099-0002" "$(jq -r --arg m "$MIME" '[.[$m].vulnerabilities[].id]|join(",")' "$RESP_BODY")"
REQS=$(curl -s "http://127.0.0.1:$FPORT/requests")
assert_match "adapter was given a project robot" '^robot\$ext\+scanner-' "$(jq -r '.[0].user' <<<"$REQS")"
assert_eq "adapter was given Berth's URL" "http://$H" "$(jq -r '.[0].registry_url' <<<"$REQS")"
assert_eq "scan request MIME type" "application/vnd.scanner.adapter.scan.request+json; version=1.0" "$(jq -r '.[0].content_type' <<<"$REQS")"
assert_eq "the scan robot is removed afterwards" 0 "$(scan_robots ext)"
v2 admin GET ext/app/manifests/v1 "${OCI_ACCEPT[@]}"
expect_status 412 "findings at or above High: pull refused"
assert_contains "412: Harbor's message" "current image with 2 vulnerabilities cannot be pulled due to configured policy in 'Prevent images with vulnerability severity of \\\"High\\\" or higher from running.' To continue with pull, please contact your project administrator to exempt matched vulnerabilities through configuring the CVE allowlist." "$(body)"
api admin PUT /projects/ext "${JSON[@]}" -d '{"cve_allowlist":{"items":[{"cve_id":"CVE-2099-0001"}],"expires_at":4102444800}}'
v2 admin GET ext/app/manifests/v1 "${OCI_ACCEPT[@]}"
expect_status 200 "High finding allowlisted (project list), Low below the threshold: allowed"
api admin PUT /projects/ext "${JSON[@]}" -d '{"cve_allowlist":{"items":[{"cve_id":"CVE-2099-0001"}],"expires_at":1000}}'
v2 admin GET ext/app/manifests/v1 "${OCI_ACCEPT[@]}"
expect_status 412 "expired project allowlist is ignored"
api admin PUT /projects/ext "${JSON[@]}" -d '{"metadata":{"severity":"low"},"cve_allowlist":{"items":[{"cve_id":"CVE-2099-0001"}]}}'
v2 admin GET ext/app/manifests/v1 "${OCI_ACCEPT[@]}"
expect_status 412 "severity low: the remaining Low finding blocks"
assert_contains "412 counts what is not allowlisted" "current image with 1 vulnerability cannot" "$(body)"
api admin PUT /system/CVEAllowlist "${JSON[@]}" -d '{"items":[{"cve_id":"CVE-2099-0001"},{"cve_id":"CVE-2099-0002"}]}'
api admin PUT /projects/ext/metadatas/reuse_sys_cve_allowlist "${JSON[@]}" -d '{"reuse_sys_cve_allowlist":"true"}'
v2 admin GET ext/app/manifests/v1 "${OCI_ACCEPT[@]}"
expect_status 200 "system allowlist (reuse_sys_cve_allowlist=true): allowed"
api admin PUT /system/CVEAllowlist "${JSON[@]}" -d '{"items":[]}'
api admin PUT /projects/ext "${JSON[@]}" -d '{"metadata":{"prevent_vul":"false"}}'
# The adapter answers "not ready, retry in 1 s" first: time enough to stop the scan.
push "oci:$L:exi2" "docker://$H/ext/app:v2" || fail "push ext/app:v2"
api admin POST "$(art ext app v2)/scan"
expect_status 202 "scan v2 through the adapter"
api admin POST "$(art ext app v2)/scan/stop"
expect_status 202 "POST .../scan/stop while the adapter works"
assert_eq "stopped scan shows Stopped" Stopped "$(wait_scan ext app v2 Stopped)"
api admin GET "$(art ext app v2)/additions/vulnerabilities"
assert_eq "stopped scan: no report" "{}" "$(jq -c . "$RESP_BODY")"
for ((i = 0; i < 50; i++)); do
  [[ $(scan_robots ext) == 0 ]] && break
  sleep 0.1
done
assert_eq "the stopped scan's robot is removed" 0 "$(scan_robots ext)"

# ===========================================================================
info "scanAll"
api admin GET /system/scanAll/schedule
expect_status 200 "GET scanAll schedule"
assert_eq "no schedule: None" None "$(jb .schedule.type)"
api admin PUT /system/scanAll/schedule "${JSON[@]}" -d '{"schedule":{"type":"Daily","cron":"0 0 0 * * *"}}'
expect_status 200 "PUT a daily schedule"
api admin GET /system/scanAll/schedule
assert_eq "schedule: Daily" Daily "$(jb .schedule.type)"
assert_eq "schedule: cron" "0 0 0 * * *" "$(jb .schedule.cron)"
assert_match "schedule: next_scheduled_time" 'T00:00:00' "$(jb .schedule.next_scheduled_time)"
api admin PUT /system/scanAll/schedule "${JSON[@]}" -d '{"schedule":{"type":"Custom","cron":"0 0 0 * *"}}'
expect_status 400 "a 5-field cron is refused"
api admin PUT /system/scanAll/schedule "${JSON[@]}" -d '{"schedule":{"type":"Sometimes"}}'
expect_status 400 "an unknown schedule type is refused"
api admin PUT /system/scanAll/schedule "${JSON[@]}" -d '{"schedule":'
expect_status 400 "bad JSON"
api eve:Eve12345678 GET /system/scanAll/schedule
expect_status 403 "non-admin GET schedule"
api admin POST /system/scanAll/schedule "${JSON[@]}" -d '{"schedule":{"type":"Manual"}}'
expect_status 201 "POST Manual runs scan all now"
for ((i = 0; i < 100; i++)); do
  api admin GET /system/scanAll/metrics
  [[ $(jb .ongoing) == false && $(jb .total) != 0 ]] && break
  sleep 0.2
done
assert_eq "metrics: finished" false "$(jb .ongoing)"
assert_eq "metrics: trigger" MANUAL "$(jb .trigger)"
assert_eq "metrics: every distinct image scanned once (app, 2 children, auto, pv = pvoff, ext v1, v2)" 7 "$(jb .total)"
assert_eq "metrics: completed = total" "$(jb .total)" "$(jb .completed)"
assert_eq "metrics: all Success" "$(jb .total)" "$(jb .metrics.Success)"
system_metrics=$(jq -S . "$RESP_BODY")
api admin GET /scans/all/metrics
assert_eq "Harbor's /scans/all/metrics gives the same figures" "$system_metrics" "$(jq -S . "$RESP_BODY")"
api admin GET /scans/schedule/metrics
assert_eq "/scans/schedule/metrics: the last run was manual, so nothing scheduled" 0 "$(jb .total)"
api eve:Eve12345678 GET /scans/all/metrics
expect_status 403 "non-admin /scans/all/metrics"
api admin PUT /system/scanAll/schedule "${JSON[@]}" -d '{"schedule":{"type":"None"}}'
expect_status 200 "schedule None"
api admin GET /system/scanAll/schedule
assert_eq "schedule removed" None "$(jb .schedule.type)"

# ===========================================================================
info "vulnerability database upload (Berth extension)"
api eve:Eve12345678 PUT /system/vulnerability-database --data-binary 'x'
expect_status 403 "non-admin upload refused"
api admin PUT /system/vulnerability-database --data-binary ''
expect_status 400 "empty upload refused"
api admin PUT /system/vulnerability-database -H 'Content-Type: application/gzip' --data-binary 'not a tarball'
expect_status '400|501' "garbage upload refused (400 bad archive; 501 until the importer is wired)"
api admin GET /system/vulnerability-database
expect_status 200 "the old DB stays in place"

# ===========================================================================
info "scan jobs survive restarts"
D2=$(make_oci_image "$L" v2 1 amd64 10000) || die "image v2"
push "oci:$L:v2" "docker://$H/scan/app:v2" || fail "push scan/app:v2"
# (a) a scan caught by kill -9 wherever it is
api admin POST "$(art scan app v2)/scan"
expect_status 202 "scan v2"
berth_kill9
_berth_launch && _berth_setup_auth
assert_eq "after kill -9 and restart the scan completes" Success "$(wait_scan scan app v2 Success)"
# (b) deterministic: the job row says running (the process died mid-scan)
berth_stop
# (a) may or may not have caught the scan mid-way: count attempts from here.
# The API shows neither job rows nor their attempts, and cannot leave a scan half done: the
# database file stands in for a process that died mid-scan.
ATTEMPTS=$(db_sql "SELECT attempts FROM jobs WHERE id=(SELECT job_id FROM scan_reports WHERE digest='$D2')")
db_sql "UPDATE scan_reports SET status='Running', end_time=NULL, severity='' WHERE digest='$D2';
  UPDATE jobs SET status='running', finished_at=NULL WHERE id=(SELECT job_id FROM scan_reports WHERE digest='$D2');"
assert_eq "report is Running while Berth is down" Running "$(db_sql "SELECT status FROM scan_reports WHERE digest='$D2'")"
_berth_launch && _berth_setup_auth
assert_eq "interrupted job runs again at start" Success "$(wait_scan scan app v2 Success)"
assert_eq "the job row records one more attempt" "success $((ATTEMPTS + 1))" "$(db_sql "SELECT status || ' ' || attempts FROM jobs WHERE id=(SELECT job_id FROM scan_reports WHERE digest='$D2')")"
# (c) a queued job written by a previous process (pending) runs at start
berth_stop
db_sql "UPDATE scan_reports SET status='Pending', end_time=NULL WHERE digest='$D1' AND repository='scan/app';
  INSERT INTO jobs(kind, payload, status, created_at) SELECT 'scan', json_object('digest', digest, 'repository', repository,
  'registration_uuid', registration_uuid, 'report_uuid', uuid, 'execution', 0), 'pending', 0 FROM scan_reports WHERE digest='$D1' AND repository='scan/app';"
_berth_launch && _berth_setup_auth
assert_eq "a pending job from before the restart runs" Success "$(wait_scan scan app v1 Success)"

# ===========================================================================
info "real findings: the built-in engine with a DB of advisories (tests/integration/scan_fixtures.sh)"
. "$HERE/scan_fixtures.sh"
if why=$(scan_fixtures_missing); then
  skip "real findings: $why"
else
  API_LAYOUT=$L
  scan_fixtures_build # the trivy-db db1 and the images deb / alp in the layout $L
  FIX_LAYOUT=$L L=$API_LAYOUT
  api admin PUT /system/vulnerability-database -H 'Content-Type: application/gzip' --data-binary "@$W/db1.tar.gz"
  expect_status 200 "upload a real trivy-db through the API"
  api admin GET /system/vulnerability-database
  assert_eq "the uploaded DB is in use" "2098-06-01T00:00:00Z" "$(jb .updated_at)"
  push "oci:$FIX_LAYOUT:deb" "docker://$H/pv/vuln:v1" || fail "push the Debian image"
  api admin POST "$(art pv vuln v1)/scan"
  expect_status 202 "scan the Debian image"
  assert_eq "findings: scan succeeds" Success "$(wait_scan pv vuln v1 Success)"
  # What Trivy finds (test_scan_cli.sh checks the same findings in Trivy's own JSON), in
  # Harbor's report: source-package matching for Debian, vendor severities, the node package.
  expected_findings() { # Harbor spells severities "High", not "HIGH"
    fixture_os_findings | awk '{ print $1, $2, $3, $4, substr($5, 1, 1) tolower(substr($5, 2)) }'
    printf 'GHSA-brth-0000-0001 berth-it-pkg 1.0.0 1.0.1 Medium\n'
  }
  NGLIBC=$(wc -w <<<"$GLIBC_BINS")
  api admin GET "$(art pv vuln v1)/additions/vulnerabilities"
  expect_status 200 "GET the report"
  V=$(jq -c --arg m "$MIME" '.[$m].vulnerabilities' "$RESP_BODY")
  assert_eq "findings: exactly what Trivy finds" "$(expected_findings | sort)" \
    "$(jq -r '.[] | [.id, .package, .version, (if .fix_version == "" then "-" else .fix_version end), .severity] | join(" ")' <<<"$V" | sort)"
  assert_eq "findings: every entry has Harbor's fields" true "$(jq 'all(has("id") and has("package") and has("version") and has("fix_version") and has("severity") and has("links") and has("preferred_cvss") and has("cwe_ids") and has("vendor_attributes"))' <<<"$V")"
  v1=$(jq -c '.[] | select(.id == "CVE-2098-0001")' <<<"$V")
  assert_eq "CVE-2098-0001: links = [PrimaryURL] (as Harbor's Trivy adapter)" \
    "https://avd.aquasec.com/nvd/cve-2098-0001" "$(jq -r '.links | join(" ")' <<<"$v1")"
  assert_eq "CVE-2098-0001: status" fixed "$(jq -r '.status' <<<"$v1")"
  assert_eq "CVE-2098-0001: purl" "pkg:deb/debian/bash@$BASH_VER?arch=$(pkg_field bash Architecture)&distro=debian-$(cat /etc/debian_version)" "$(jq -r '.purl' <<<"$v1")"
  assert_eq "GHSA-brth-0000-0001: purl" "pkg:npm/berth-it-pkg@1.0.0" "$(jq -r '.[] | select(.id == "GHSA-brth-0000-0001") | .purl' <<<"$V")"
  assert_eq "CVE-2098-0001: layer is the image's first layer" "$LAYER1 $DIFF1" "$(jq -r '.layer.digest + " " + .layer.diff_id' <<<"$v1")"
  assert_eq "CVE-2098-0003: status affected" affected "$(jq -r '.[] | select(.id == "CVE-2098-0003") | .status' <<<"$V")"
  assert_eq "CVE-2098-0001: CWE" "CWE-78" "$(jq -r '.cwe_ids[0]' <<<"$v1")"
  assert_eq "CVE-2098-0001: NVD CVSS v3 score" "9.8" "$(jq -r '.vendor_attributes.CVSS.nvd.V3Score' <<<"$v1")"
  assert_eq "report severity" Critical "$(jq -r --arg m "$MIME" '.[$m].severity' "$RESP_BODY")"
  O=$(overview pv vuln v1)
  assert_eq "overview: severity Critical" Critical "$(jq -r .severity <<<"$O")"
  assert_eq "overview: total" "$((4 + NGLIBC))" "$(jq -r .summary.total <<<"$O")"
  assert_eq "overview: fixable (all but the unfixed CVE-2098-0003)" "$((3 + NGLIBC))" "$(jq -r .summary.fixable <<<"$O")"
  assert_eq "overview: per severity" "1 1 $((1 + NGLIBC)) 1" \
    "$(jq -r '[.summary.summary.Critical, .summary.summary.High, .summary.summary.Medium, .summary.summary.Low] | join(" ")' <<<"$O")"
  api admin GET "$(art pv vuln v1)/scan/$(jq -r .report_id <<<"$O")/log"
  assert_contains "log: counts per severity" "found $((4 + NGLIBC)) vulnerabilities (Critical 1, High 1, Medium $((1 + NGLIBC)), Low 1), $((3 + NGLIBC)) fixable" "$(body)"
  api admin GET "$(art scan app v1)/scan/$(jq -r .report_id <<<"$O")/log"
  expect_status 404 "a report of another repository is not found here"
  # prevent_vul with severity high (set above); the project allowlist is still CVE-2021-1.
  v2 admin GET pv/vuln/manifests/v1 "${OCI_ACCEPT[@]}"
  expect_status 412 "findings at or above High: pull refused"
  assert_contains "412 message with the count" "current image with $((4 + NGLIBC)) vulnerabilities cannot be pulled" "$(body)"
  assert_contains "412 message ends like Harbor's" "exempt matched vulnerabilities through configuring the CVE allowlist." "$(body)"
  check_fails "skopeo cannot pull the vulnerable image" sk copy -q --src-tls-verify=false --src-creds "$ADMIN" "docker://$H/pv/vuln:v1" "oci:$TEST_TMP/pulled:vuln"
  api admin PUT /projects/pv "${JSON[@]}" -d '{"cve_allowlist":{"items":[{"cve_id":"CVE-2098-0003"},{"cve_id":"CVE-2098-0005"}],"expires_at":4102444800}}'
  v2 admin GET pv/vuln/manifests/v1 "${OCI_ACCEPT[@]}"
  expect_status 200 "Critical and High allowlisted, the rest Medium and below: pull allowed"
  check "skopeo pulls it now" sk copy -q --src-tls-verify=false --src-creds "$ADMIN" "docker://$H/pv/vuln:v1" "oci:$TEST_TMP/pulled:vuln"
  api admin PUT /projects/pv "${JSON[@]}" -d '{"metadata":{"severity":"medium"}}'
  v2 admin GET pv/vuln/manifests/v1 "${OCI_ACCEPT[@]}"
  expect_status 412 "severity medium: the Medium findings block"
  assert_contains "412 counts what is not allowlisted" "current image with $((2 + NGLIBC)) vulnerabilities" "$(body)"
  api admin PUT /projects/pv "${JSON[@]}" -d '{"cve_allowlist":{"items":[{"cve_id":"CVE-2098-0003"},{"cve_id":"CVE-2098-0005"}],"expires_at":1000}}'
  api admin PUT /projects/pv "${JSON[@]}" -d '{"metadata":{"severity":"critical"}}'
  v2 admin GET pv/vuln/manifests/v1 "${OCI_ACCEPT[@]}"
  expect_status 412 "expired allowlist is ignored: the Critical finding blocks"
  api admin PUT /system/CVEAllowlist "${JSON[@]}" -d '{"items":[{"cve_id":"CVE-2098-0005"}]}'
  api admin PUT /projects/pv/metadatas/reuse_sys_cve_allowlist "${JSON[@]}" -d '{"reuse_sys_cve_allowlist":"true"}'
  v2 admin GET pv/vuln/manifests/v1 "${OCI_ACCEPT[@]}"
  expect_status 200 "system allowlist (reuse_sys_cve_allowlist=true): pull allowed"
  # Scan on push with findings; the Alpine image finds the libcrypto3 advisory.
  push "oci:$FIX_LAYOUT:alp" "docker://$H/auto/alp:v1" || fail "push auto/alp:v1"
  assert_eq "scan on push: scanned" Success "$(wait_scan auto alp v1 Success)"
  O=$(overview auto alp v1)
  assert_eq "scan on push: the apk finding (Critical from Alpine's severity)" "Critical 1" "$(jq -r '.severity + " " + (.summary.total|tostring)' <<<"$O")"
fi

finish
