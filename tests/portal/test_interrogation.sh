#!/usr/bin/env bash
# Administration › Interrogation Services and Configuration (interrogation.test.mjs): the scanner
# list against a real adapter (tests/fakes/fake_scanner_adapter.py), NEW SCANNER with TEST
# CONNECTION, SET AS DEFAULT, Deactivate / Enable, Edit, SCAN NOW and Stop through it, Delete;
# the scan-all schedule; a bad vulnerability database refused in plain words; the system CVE
# allowlist.
#   bash tests/portal/test_interrogation.sh build/berth [OUT_DIR]
. "$(dirname "${BASH_SOURCE[0]}")/portal_lib.sh"
portal_init "$1" "$2"

BERTH_TEST_PROJECTS=library
berth_start
ADAPTER_PORT=$(free_port)
# Each scan through it takes a minute: long enough to watch a scan-all run and stop it.
python3 "$ROOT/tests/fakes/fake_scanner_adapter.py" --port "$ADAPTER_PORT" --token s3cret --report-after 60 \
  >"$TEST_TMP/adapter.log" 2>&1 &
register_pid $!
for ((i = 0; i < 50; i++)); do curl -s -o /dev/null "http://127.0.0.1:$ADAPTER_PORT/requests" && break; sleep 0.1; done
curl -s -o /dev/null "http://127.0.0.1:$ADAPTER_PORT/requests" || die "the fake scanner adapter did not start"
# One image for scan all to scan.
make_oci_image "$TEST_TMP/layout" app 1 amd64 2000 >/dev/null || die "cannot build an image"
sk_push admin "oci:$TEST_TMP/layout:app" "docker://$BERTH_HOST/library/app:v1" || die "cannot push library/app:v1"
# Not a trivy-db: Berth must refuse it and say why.
printf 'not a tarball' >"$TEST_TMP/bad-db.tar.gz"

portal_run_spec interrogation.test.mjs ADAPTER_URL="http://127.0.0.1:$ADAPTER_PORT" BAD_DB="$TEST_TMP/bad-db.tar.gz"
finish
