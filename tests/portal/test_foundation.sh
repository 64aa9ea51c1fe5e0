#!/usr/bin/env bash
# The portal's foundation (foundation.test.mjs): how Berth serves the portal, then sign-in, the left
# panel, NEW ENDPOINT against a real docker-registry, NEW PROJECT, deep links, expiry, sign out.
#   bash tests/portal/test_foundation.sh build/berth [OUT_DIR]
. "$(dirname "${BASH_SOURCE[0]}")/portal_lib.sh"
portal_init "$1" "$2"
. "$ROOT/tests/integration/remote_lib.sh"

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
# With its base element (test_https_prefix.sh covers a prefix): "/" without a proxy.
assert_eq "a deep link gets index.html with <base href=\"/\">" \
  "$(sed 's|<head>|<head><base href="/">|' "$ROOT/ui/dist/index.html")" "$deep"
code=$(curl -sS -o /dev/null -w '%{http_code}' "$BERTH_URL/api/v2.0/no-such-thing")
assert_eq "unknown API path still 404" 404 "$code"

portal_run_spec foundation.test.mjs REG_URL="$REG_URL" CLOSED_URL="$CLOSED_URL"
finish
