#!/usr/bin/env bash
# How Berth serves the web portal (issue #14), with a stand-in portal directory so it needs no
# npm: index.html at / and under the portal's routes (deep links), never cached; hashed files
# under /assets/ cached for a year and sent gzipped when a .gz sibling exists; ETag/304; the APIs
# keep their own answers; no path escapes the directory; without index.html a plain "portal not
# built" page.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
lib_init "$@"
require_berth "portal serving" || finish

PORTAL=$TEST_TMP/portal
mkdir -p "$PORTAL/assets"
echo '<!doctype html><title>stand-in portal</title><script src="/assets/app-1a2b3c.js"></script>' >"$PORTAL/index.html"
echo 'console.log("portal")' >"$PORTAL/assets/app-1a2b3c.js"
gzip -9 -k "$PORTAL/assets/app-1a2b3c.js"
echo '<svg xmlns="http://www.w3.org/2000/svg"/>' >"$PORTAL/favicon.svg"
echo 'secret' >"$TEST_TMP/outside.txt"
echo 'hidden' >"$PORTAL/.hidden"
BERTH_EXTRA_CONFIG="portalDir: $PORTAL"
BERTH_TEST_PROJECTS=library
berth_start

# get PATH [curl args]: status in CODE, headers in H, body in B
get() {
  local p=$1; shift
  CODE=$(curl -sS --path-as-is -D "$TEST_TMP/h" -o "$TEST_TMP/b" -w '%{http_code}' "$@" "$BERTH_URL$p")
  H=$(tr -d '\r' <"$TEST_TMP/h"); B=$(cat "$TEST_TMP/b")
}
header() { printf '%s\n' "$H" | grep -i "^$1:" | head -1 | cut -d' ' -f2-; }

info "index.html and deep links"
INDEX=$(cat "$PORTAL/index.html")
for p in / /harbor /harbor/projects /harbor/projects/3/repositories/a%2Fb/artifacts-tab /account/sign-in; do
  get "$p"
  assert_eq "GET $p -> 200" 200 "$CODE"
  assert_eq "GET $p is index.html" "$INDEX" "$B"
  assert_eq "GET $p not cached (no-cache)" "no-cache" "$(header Cache-Control)"
  assert_match "GET $p is text/html" '^text/html' "$(header Content-Type)"
done
get "/harbor/projects?x=1"
assert_eq "a query string does not matter" "$INDEX" "$B"
get / -I
assert_eq "HEAD / -> 200" 200 "$CODE"
assert_eq "HEAD / has the length of index.html" "$(stat -c %s "$PORTAL/index.html")" "$(header Content-Length)"

info "hashed assets"
get /assets/app-1a2b3c.js
assert_eq "asset -> 200" 200 "$CODE"
assert_eq "asset cached for a year" "public, max-age=31536000, immutable" "$(header Cache-Control)"
assert_match "asset is JavaScript" '^text/javascript' "$(header Content-Type)"
assert_eq "asset body" 'console.log("portal")' "$B"
get /assets/app-1a2b3c.js -H 'Accept-Encoding: gzip, deflate'
assert_eq "gzipped when the client takes it" gzip "$(header Content-Encoding)"
assert_eq "gzipped body is the .gz file" "$(stat -c %s "$PORTAL/assets/app-1a2b3c.js.gz")" "$(header Content-Length)"
ETAG=$(header ETag)
get /assets/app-1a2b3c.js -H 'Accept-Encoding: gzip' -H "If-None-Match: $ETAG"
assert_eq "If-None-Match -> 304" 304 "$CODE"
get /favicon.svg
assert_eq "top-level file -> 200" 200 "$CODE"
assert_eq "top-level file revalidated (no-cache)" "no-cache" "$(header Cache-Control)"
assert_eq "svg type" "image/svg+xml" "$(header Content-Type)"

info "what the portal does not answer"
for p in /assets/nope.js /nope /harborx /../outside.txt /assets/../../outside.txt /.hidden /assets/%2e%2e/index.html; do
  get "$p"
  assert_eq "GET $p -> 404" 404 "$CODE"
  assert_not_contains "GET $p leaks nothing" secret "$B"
done
get /harbor/projects -X POST
assert_eq "POST to a portal path -> 405" 405 "$CODE"
get /api/v2.0/no-such-thing
assert_eq "unknown API path -> Harbor's 404" 404 "$CODE"
assert_contains "unknown API path answers JSON errors" '"errors"' "$B"
get /v2/
assert_eq "/v2/ still the registry" 401 "$CODE"
get /api/v2.0/systeminfo
assert_eq "the API still answers" 200 "$CODE"

info "without a built portal"
rm "$PORTAL/index.html"
get /harbor/projects
assert_eq "no index.html -> 503" 503 "$CODE"
assert_contains "says the portal is not built" "portal is not built" "$B"
get /v2/
assert_eq "the registry works without it" 401 "$CODE"

finish
