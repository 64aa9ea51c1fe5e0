#!/usr/bin/env bash
# The portal session is an idle timeout (sessionTimeoutMinutes) that only the user's own requests
# renew: requests the portal's pollers send by themselves carry X-Berth-Background and leave the
# expiry alone (Harbor #22822: background polling kept sessions alive for ever).
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
lib_init "$@"
require_berth "portal session idle timeout" || finish
BERTH_EXTRA_CONFIG="sessionTimeoutMinutes: 1" BERTH_TEST_PROJECTS=" " berth_start
CURL_AUTH=()
JAR=$TEST_TMP/cookies
BG=(-H "X-Berth-Background: 1")

# The API never shows a session's expiry: only the database can, and only it can make a session
# old without waiting for the clock (db_sql, lib.sh).
expires_at() { db_sql "SELECT expires_at FROM sessions"; }
set_expiry() { db_sql "UPDATE sessions SET expires_at = $1"; }
now() { date +%s; }

info "sign in (the portal's /c/login)"
req GET /api/v2.0/ping
CSRF=$(hdr X-Harbor-CSRF-Token)
req POST /c/login -H "X-Harbor-CSRF-Token: $CSRF" -c "$JAR" --data-urlencode principal=admin --data-urlencode password=Harbor12345
expect_status 200 "/c/login"
t=$(now); e=$(expires_at)
check "a new session lasts sessionTimeoutMinutes (60 s) from login" test $((e - t)) -ge 58 -a $((e - t)) -le 61

info "background requests do not renew the session"
set_expiry $(($(now) + 20))
before=$(expires_at)
req GET /api/v2.0/users/current -b "$JAR" "${BG[@]}"
expect_status 200 "a poller's request on a live session -> 200"
assert_eq "the poller's request left the expiry where it was" "$before" "$(expires_at)"

info "the user's own requests do"
req GET /api/v2.0/users/current -b "$JAR"
expect_status 200 "the user's request -> 200"
t=$(now); e=$(expires_at)
check "the user's request moved the expiry to 60 s from now" test $((e - t)) -ge 58 -a $((e - t)) -le 61

info "an unattended page that polls is signed out when the idle time is up"
set_expiry $(($(now) + 2))
for i in 1 2 3; do
  req GET /api/v2.0/users/current -b "$JAR" "${BG[@]}"
  sleep 1
done
expect_status 401 "polling for 3 s past a 2 s rest of idle time -> 401"
expect_error UNAUTHORIZED "401 in Harbor's format"
req GET /api/v2.0/users/current -b "$JAR"
expect_status 401 "the user's next request finds the session ended (no renewal after expiry)"
finish
