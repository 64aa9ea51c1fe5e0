#!/usr/bin/env bash
# Early answers to requests with a body (issue #12, item 1): when Berth answers a PATCH before
# reading its body (401 without credentials, 404 unknown upload, 416 out-of-order chunk), every
# client still writes its whole body without a write error and then reads the answer. Small
# rests are read and dropped (the connection stays); large ones get a lingering close.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
TEST_TIMEOUT=${TEST_TIMEOUT:-400}
lib_init "$@"
require_berth "early answers" || finish
berth_start
CLIENT=(python3 "$HERE/early_answer_client.py" 127.0.0.1 "$BERTH_PORT")
MIB=$((1024 * 1024))
REPO=api/early

# clients DESC ARGS...: one check for a run of early_answer_client.py
clients() {
  local desc=$1; shift
  check "$desc" timeout 300 "${CLIENT[@]}" "$@"
}

info "401 without credentials"
clients "200 unauthenticated 1 MiB PATCHes (8 at once) read 401 with WWW-Authenticate" \
  PATCH "/v2/$REPO/blobs/uploads/0b7d1c4e-0000-4000-8000-000000000001" \
  --size "$MIB" --clients 200 --parallel 8 --status 401 --header WWW-Authenticate
clients "20 unauthenticated 64 MiB PATCHes (4 at once) read 401 with WWW-Authenticate" \
  PATCH "/v2/$REPO/blobs/uploads/0b7d1c4e-0000-4000-8000-000000000001" \
  --size $((64 * MIB)) --clients 20 --parallel 4 --status 401 --header WWW-Authenticate

info "404 unknown upload"
AUTH=(--auth "$BERTH_USER:$BERTH_PASS")
clients "200 1 MiB PATCHes to an unknown upload read 404" \
  PATCH "/v2/$REPO/blobs/uploads/0b7d1c4e-0000-4000-8000-000000000002" "${AUTH[@]}" \
  --size "$MIB" --clients 200 --parallel 8 --status 404
clients "20 64 MiB PATCHes to an unknown upload read 404" \
  PATCH "/v2/$REPO/blobs/uploads/0b7d1c4e-0000-4000-8000-000000000002" "${AUTH[@]}" \
  --size $((64 * MIB)) --clients 20 --parallel 4 --status 404

info "416 out-of-order chunk on a real upload"
clients "200 out-of-order 1 MiB chunks read 416 with Range" \
  PATCH /unused "${AUTH[@]}" --new-upload "$REPO" --content-range "1000-$((1000 + MIB - 1))" \
  --size "$MIB" --clients 200 --parallel 8 --status 416 --header Range
clients "20 out-of-order 64 MiB chunks read 416 with Range" \
  PATCH /unused "${AUTH[@]}" --new-upload "$REPO" \
  --content-range "1000-$((1000 + 64 * MIB - 1))" \
  --size $((64 * MIB)) --clients 20 --parallel 4 --status 416 --header Range

info "the connection stays after a small early answer"
# Two requests on one connection: the unauthenticated PATCH's 1 KiB body is dropped, then the
# GET /v2/ on the same connection is answered (curl reuses it: one "Connected" line).
head -c 1024 /dev/zero | tr '\0' x >"$TEST_TMP/1k"
curl -sS -v -o /dev/null -X PATCH -H 'Content-Type: application/octet-stream' \
  --data-binary @"$TEST_TMP/1k" "$BERTH_URL/v2/$REPO/blobs/uploads/x" \
  --next -sS -o /dev/null "${CURL_AUTH[@]}" "$BERTH_URL/v2/" 2>"$TEST_TMP/reuse.err"
assert_eq "one connection carries the early answer and the next request" 1 \
  "$(grep -c '^\* Connected to' "$TEST_TMP/reuse.err")"

info "Berth still serves"
req GET /v2/ "${CURL_AUTH[@]}"
expect_status 200 "GET /v2/ after the runs"
finish
