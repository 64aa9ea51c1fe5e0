# Shared by the portal's end-to-end scripts (tests/portal/test_*.sh, ctest label `portal`): the
# integration harness (tests/integration/lib.sh: a real Berth on a free loopback port with a temp
# data dir), the checks that the browser and the built portal are here, and portal_run_spec, which
# runs one spec (*.test.mjs, through lib.mjs) and folds its counts into this script's.
#   . "$(dirname "$0")/portal_lib.sh"; portal_init "$1" "$2"   # berth binary, screenshot folder
#   … start Berth and the peers the spec needs …
#   portal_run_spec foundation.test.mjs REG_URL=… ; finish
PORTAL_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$PORTAL_DIR/../.." && pwd)
. "$ROOT/tests/integration/lib.sh"

# $1 the berth binary, $2 the folder for this spec's screenshots (default: under the temp dir).
portal_init() {
  TEST_TIMEOUT=${TEST_TIMEOUT:-300}
  lib_init "$1"
  OUT_DIR=${2:-$TEST_TMP/screenshots}
  mkdir -p "$OUT_DIR" && rm -f "$OUT_DIR"/*.png  # this run's screenshots only
  [[ -x /usr/bin/chromium ]] || die "chromium is missing: scripts/install-deps --test (apt-get install chromium)"
  [[ -d $PORTAL_DIR/node_modules/playwright-core ]] || die "playwright-core is missing: (cd tests/portal && npm ci)"
  [[ -f $ROOT/ui/dist/index.html ]] || die "the portal is not built: make portal"
}

# Runs one spec with BERTH_URL, OUT_DIR and the given NAME=value pairs in its environment.
portal_run_spec() {
  local spec=$1; shift
  info "$spec (chromium)"
  local out rc summary n
  out=$(cd "$PORTAL_DIR" && env BERTH_URL="$BERTH_URL" OUT_DIR="$OUT_DIR" "$@" node "$spec" 2>&1)
  rc=$?
  printf '%s\n' "$out"
  summary=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -1)
  if [[ -n $summary ]]; then
    PASS_COUNT=$((PASS_COUNT + ${summary%% passed*}))
    n=${summary#*, }; FAIL_COUNT=$((FAIL_COUNT + ${n%% failed}))
    while IFS= read -r l; do FAILED_CHECKS+=("${l#== FAILED: }"); done < <(printf '%s\n' "$out" | grep '^== FAILED: ')
  fi
  [[ $rc -eq 0 || ${#FAILED_CHECKS[@]} -gt 0 ]] || fail "$spec exited with $rc"
  echo "# screenshots: $OUT_DIR"
}
