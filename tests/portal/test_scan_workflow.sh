#!/usr/bin/env bash
# Seed workflow 4 (air-gapped scanning) through the portal (scan_workflow.test.mjs): import the
# vulnerability database file that `oras pull ghcr.io/aquasecurity/trivy-db:2` gives through
# Administration › Interrogation Services › Vulnerability, see its version and build time, scan a
# pushed image with known vulnerable packages (SCAN NOW), and find its CVEs on the artifact page.
# The DB and the image are tests/integration/scan_fixtures.sh's: a trivy-db with advisories for
# this machine's own bash, coreutils and glibc, and an image holding this machine's dpkg status.
#   bash tests/portal/test_scan_workflow.sh build/berth [OUT_DIR]
. "$(dirname "${BASH_SOURCE[0]}")/portal_lib.sh"
portal_init "$1" "$2"
. "$ROOT/tests/integration/scan_fixtures.sh"
if why=$(scan_fixtures_missing); then
  skip "seed workflow 4: $why"
  finish
fi

BERTH_TEST_PROJECTS=library
berth_start
scan_fixtures_build # $W/db1.tar.gz and the image "deb" in the OCI layout $L
cp "$W/db1.tar.gz" "$TEST_TMP/db.tar.gz"
REPO=debian-vuln
sk_push admin "oci:$L:deb" "docker://$BERTH_HOST/library/$REPO:1.0" || die "cannot push library/$REPO:1.0"
DIGEST=$(oci_ref_digest "$L" deb)
# What Trivy reports for that image with that DB (fixture_os_findings), plus the npm advisory.
CVES=$({ fixture_os_findings | awk '{print $1}'; echo GHSA-brth-0000-0001; } | sort -u | paste -sd, -)
log "expected findings: $CVES"

portal_run_spec scan_workflow.test.mjs DB_FILE="$TEST_TMP/db.tar.gz" PROJECT=library REPO="$REPO" \
  DIGEST="$DIGEST" EXPECTED_CVES="$CVES" DB_UPDATED_AT=2098-06-01T00:00:00Z
finish
