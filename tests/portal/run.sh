#!/usr/bin/env bash
# The portal's end-to-end test (ctest label `portal`): a real Berth on a free loopback port with
# a temp data dir (tests/integration/lib.sh), a real docker-registry as the endpoint, and
# portal.test.mjs driving Debian's chromium through playwright-core.
#   bash tests/portal/run.sh build/berth [OUT_DIR]
# Screenshots (one per step) go to OUT_DIR (default: build/portal-test-output when run by ctest).
# Needs: ui/dist (make portal), tests/portal/node_modules (npm ci), /usr/bin/chromium.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
. "$ROOT/tests/integration/lib.sh"
TEST_TIMEOUT=${TEST_TIMEOUT:-300}
lib_init "$1"
. "$ROOT/tests/integration/remote_lib.sh"
OUT_DIR=${2:-$TEST_TMP/screenshots}
mkdir -p "$OUT_DIR" && rm -f "$OUT_DIR"/*.png  # this run's screenshots only

[[ -x /usr/bin/chromium ]] || die "chromium is missing: scripts/install-deps --test (apt-get install chromium)"
[[ -d $HERE/node_modules/playwright-core ]] || die "playwright-core is missing: (cd tests/portal && npm ci)"
[[ -f $ROOT/ui/dist/index.html ]] || die "the portal is not built: make portal"

remote_safety_env
BERTH_TEST_PROJECTS=library
# The portal from beside the binary: the build directory's `portal` link to ui/dist.
berth_start
start_registry upstream
REG_URL=http://127.0.0.1:$REG_PORT
CLOSED_URL=http://127.0.0.1:$(free_port)

info "the portal as Berth serves it"
hdr() { curl -sS -D - -o /dev/null "$@" | tr -d '\r'; }
h=$(hdr "$BERTH_URL/")
assert_match "/ is index.html, never cached" $'200.*\n(.*\n)*[Cc]ache-[Cc]ontrol: no-cache' "$h"
asset=$(grep -o '/assets/[^"]*\.js' "$ROOT/ui/dist/index.html" | head -1)
h=$(hdr -H 'Accept-Encoding: gzip' "$BERTH_URL$asset")
assert_contains "hashed asset cached for a year" "public, max-age=31536000, immutable" "$h"
assert_contains "hashed asset sent gzipped" "Content-Encoding: gzip" "$h"
deep=$(curl -sS "$BERTH_URL/harbor/projects/3/repositories")
assert_eq "a deep link gets index.html" "$(cat "$ROOT/ui/dist/index.html")" "$deep"
code=$(curl -sS -o /dev/null -w '%{http_code}' "$BERTH_URL/api/v2.0/no-such-thing")
assert_eq "unknown API path still 404" 404 "$code"

info "portal.test.mjs (chromium)"
out=$(cd "$HERE" && BERTH_URL=$BERTH_URL REG_URL=$REG_URL CLOSED_URL=$CLOSED_URL OUT_DIR=$OUT_DIR \
  node portal.test.mjs 2>&1)
rc=$?
printf '%s\n' "$out"
summary=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -1)
if [[ -n $summary ]]; then
  PASS_COUNT=$((PASS_COUNT + ${summary%% passed*}))
  n=${summary#*, }; FAIL_COUNT=$((FAIL_COUNT + ${n%% failed}))
  while IFS= read -r l; do FAILED_CHECKS+=("${l#== FAILED: }"); done < <(printf '%s\n' "$out" | grep '^== FAILED: ')
fi
[[ $rc -eq 0 || ${#FAILED_CHECKS[@]} -gt 0 ]] || fail "portal.test.mjs exited with $rc"
echo "# screenshots: $OUT_DIR"
finish
