#!/usr/bin/env bash
# The purged Clarity stylesheet (ui/vite.config.ts) against the whole one (css_purge.test.mjs):
# every page and dialog the same, in both themes. Builds the portal a second time without the
# purge (BERTH_PORTAL_PURGE=0) into the temp dir for the comparison.
#   bash tests/portal/test_css_purge.sh build/berth [OUT_DIR]
. "$(dirname "${BASH_SOURCE[0]}")/portal_lib.sh"
TEST_TIMEOUT=${TEST_TIMEOUT:-420}
portal_init "$1" "$2"

info "the portal built without the purge"
(cd "$ROOT/ui" && BERTH_PORTAL_PURGE=0 npx vite build --logLevel error --outDir "$TEST_TMP/full" --emptyOutDir) ||
  die "cannot build the portal without the purge"
FULL_CSS=$(ls "$TEST_TMP"/full/assets/*.css)
PURGED_CSS=$(ls "$ROOT"/ui/dist/assets/*.css)
full_kb=$(( $(stat -c %s "$FULL_CSS") / 1024 )); purged_kb=$(( $(stat -c %s "$PURGED_CSS") / 1024 ))
info "stylesheet: ${full_kb} KB whole, ${purged_kb} KB purged"
(( purged_kb < full_kb )) || fail "the built stylesheet is not purged (${purged_kb} KB, whole ${full_kb} KB)"

BERTH_TEST_PROJECTS=library
berth_start
make_oci_image "$TEST_TMP/layout" app 1 amd64 2000 >/dev/null || die "cannot build an image"
sk_push admin "oci:$TEST_TMP/layout:app" "docker://$BERTH_HOST/library/app:v1" || die "cannot push library/app:v1"
PROJECT_ID=$(curl -sS -u admin:Harbor12345 "$BERTH_URL/api/v2.0/projects/library" | jq -r .project_id)
DIGEST=$(curl -sS -u admin:Harbor12345 "$BERTH_URL/api/v2.0/projects/library/repositories/app/artifacts/v1" | jq -r .digest)

portal_run_spec css_purge.test.mjs FULL_CSS="$FULL_CSS" PURGED_CSS="$PURGED_CSS" PROJECT_ID="$PROJECT_ID" DIGEST="$DIGEST"
finish
