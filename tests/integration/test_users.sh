#!/usr/bin/env bash
# Users API, /service/token, portal session + CSRF and failed-login limiting, with curl.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
lib_init "$@"
require_berth "Harbor users API" || finish
berth_start
# Every request below states its own credentials (lib.sh adds admin's when /v2/ asks for auth).
CURL_AUTH=()

ADMIN=(-u admin:Harbor12345)
API=/api/v2.0
JSON=(-H "Content-Type: application/json")
DB=$BERTH_DATA/berth.db

# jwt_payload TOKEN: the decoded claims of a JWT
jwt_payload() {
  local p; p=$(printf '%s' "$1" | cut -d. -f2 | tr '_-' '/+')
  while (( ${#p} % 4 )); do p+="="; done
  printf '%s' "$p" | base64 -d 2>/dev/null
}
jwt_header() {
  local p; p=$(printf '%s' "$1" | cut -d. -f1 | tr '_-' '/+')
  while (( ${#p} % 4 )); do p+="="; done
  printf '%s' "$p" | base64 -d 2>/dev/null
}
# token_actions CREDS... -- SCOPE: actions granted for the first access entry (comma-joined)
token_actions() {
  local scope=$1; shift
  local t; t=$(curl -sS "$@" "$BERTH_URL/service/token?service=harbor-registry&scope=$scope" | jq -r '.token // empty')
  jwt_payload "$t" | jq -r '.access[0].actions | join(",")'
}
create_user() { # NAME PASSWORD [EMAIL]
  req POST "$API/users" "${ADMIN[@]}" "${JSON[@]}" \
    -d "{\"username\":\"$1\",\"password\":\"$2\",\"email\":\"${3:-$1@example.com}\",\"realname\":\"$1\"}"
}
user_id_of() { basename "$(hdr Location)"; }
csrf_of_last() { hdr X-Harbor-CSRF-Token; }

# ===========================================================================
info "admin login and current user"
req GET "$API/users/current" "${ADMIN[@]}"
expect_status 200 "GET /users/current with admin/Harbor12345 (Basic)"
assert_eq "current user is admin, id 1, sysadmin" "admin 1 true" "$(jq -r '"\(.username) \(.user_id) \(.sysadmin_flag)"' "$RESP_BODY")"
assert_match "UserResp has iso creation_time" '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z$' "$(jq -r .creation_time "$RESP_BODY")"
assert_not_contains "UserResp never carries a password hash" "pbkdf2" "$(body)"
expect_hdr X-Harbor-CSRF-Token '.{20,}' "API answers carry X-Harbor-CSRF-Token"
req GET "$API/users/current" -u admin:WrongPassword1
expect_status 401 "wrong password -> 401"
expect_error UNAUTHORIZED "wrong password: Harbor error body"
req GET "$API/users/current"
expect_status 401 "anonymous GET /users/current -> 401"

# ===========================================================================
info "user CRUD"
create_user alice 'Alice1234'
expect_status 201 "POST /users alice"
expect_hdr Location '^/api/v2\.0/users/[0-9]+$' "create: Location /api/v2.0/users/<id>"
ALICE_ID=$(user_id_of)
ALICE=(-u alice:Alice1234)
create_user bob 'Bob12345x'
expect_status 201 "POST /users bob"
BOB_ID=$(user_id_of)
req GET "$API/users/$ALICE_ID" "${ADMIN[@]}"
expect_status 200 "GET /users/{id} as admin"
assert_eq "alice's fields" "alice alice@example.com alice false" \
  "$(jq -r '"\(.username) \(.email) \(.realname) \(.sysadmin_flag)"' "$RESP_BODY")"
create_user alice 'Alice1234' other@example.com
expect_status 409 "duplicate username -> 409"
expect_error CONFLICT "duplicate username: CONFLICT"
create_user carol 'Carol1234' alice@example.com
expect_status 409 "duplicate email -> 409"
req POST "$API/users" "${ADMIN[@]}" "${JSON[@]}" -d '{"username":"dave","password":"Dave12345","colour":"red"}'
expect_status 400 "unknown field -> 400"
assert_contains "400 names the unknown field" "colour" "$(body)"
create_user weak 'weakpass'
expect_status 400 "weak password -> 400"
assert_contains "weak password message explains the rule" "upper-case" "$(body)"
create_user 'bad#name' 'Good12345'
expect_status 400 "username with # -> 400"
create_user 'robot$x' 'Good12345'
expect_status 400 "username robot\$x -> 400"
req POST "$API/users" "${ALICE[@]}" "${JSON[@]}" -d '{"username":"eve","password":"Eve123456"}'
expect_status 403 "non-admin cannot create users"

req GET "$API/users" "${ALICE[@]}"
expect_status 403 "non-admin cannot list users"
req GET "$API/users"
expect_status 401 "anonymous cannot list users"
req GET "$API/users?page_size=1&page=1" "${ADMIN[@]}"
expect_status 200 "admin lists users"
expect_hdr_eq X-Total-Count 3 "X-Total-Count counts every user"
expect_hdr Link 'rel="next"' "Link rel=next with page_size=1"
req GET "$API/users?q=username%3D~lic" "${ADMIN[@]}"
assert_eq "q=username=~lic finds alice only" '["alice"]' "$(jq -c '[.[].username]' "$RESP_BODY")"
req GET "$API/users/$ALICE_ID" "${ALICE[@]}"
expect_status 200 "a user reads their own profile"
req GET "$API/users/1" "${ALICE[@]}"
expect_status 403 "a user cannot read another user's profile"
req GET "$API/users/99999" "${ADMIN[@]}"
expect_status 404 "unknown user id -> 404"
req GET "$API/users/abc" "${ADMIN[@]}"
expect_status 400 "non-numeric user id -> 400"

req PUT "$API/users/$ALICE_ID" "${ALICE[@]}" "${JSON[@]}" -d '{"realname":"Alice Smith","comment":"hi"}'
expect_status 200 "a user updates their own profile"
req GET "$API/users/$ALICE_ID" "${ALICE[@]}"
assert_eq "profile change stored, email kept" "Alice Smith|hi|alice@example.com" "$(jq -r '"\(.realname)|\(.comment)|\(.email)"' "$RESP_BODY")"
req PUT "$API/users/$BOB_ID" "${ALICE[@]}" "${JSON[@]}" -d '{"realname":"Bobby"}'
expect_status 403 "a user cannot update someone else's profile"
req PUT "$API/users/$ALICE_ID" "${ADMIN[@]}" "${JSON[@]}" -d '{"email":"bob@example.com"}'
expect_status 409 "profile email taken by another user -> 409"
req PUT "$API/users/$ALICE_ID" "${ADMIN[@]}" "${JSON[@]}" -d '{"email":"not-an-email"}'
expect_status 400 "malformed email -> 400"

info "search"
req GET "$API/users/search?username=bo" "${ALICE[@]}"
expect_status 200 "any user may search"
assert_eq "search returns UserSearchRespItem {user_id, username}" "[{\"user_id\":$BOB_ID,\"username\":\"bob\"}]" "$(jq -c '.' "$RESP_BODY")"
req GET "$API/users/search?username=bo"
expect_status 401 "anonymous search -> 401"

# ===========================================================================
info "passwords"
req PUT "$API/users/$ALICE_ID/password" "${ALICE[@]}" "${JSON[@]}" -d '{"new_password":"Alice5678"}'
expect_status 403 "own password change without old_password -> 403"
req PUT "$API/users/$ALICE_ID/password" "${ALICE[@]}" "${JSON[@]}" -d '{"old_password":"Nope12345","new_password":"Alice5678"}'
expect_status 403 "wrong old_password -> 403"
req PUT "$API/users/$ALICE_ID/password" "${ALICE[@]}" "${JSON[@]}" -d '{"old_password":"Alice1234","new_password":"short"}'
expect_status 400 "weak new password -> 400"
req PUT "$API/users/$ALICE_ID/password" "${ALICE[@]}" "${JSON[@]}" -d '{"old_password":"Alice1234","new_password":"Alice5678"}'
expect_status 200 "own password change with the right old password"
req GET "$API/users/current" "${ALICE[@]}"
expect_status 401 "the old password no longer works (cache forgotten)"
ALICE=(-u alice:Alice5678)
req GET "$API/users/current" "${ALICE[@]}"
expect_status 200 "the new password works"
req PUT "$API/users/$BOB_ID/password" "${ALICE[@]}" "${JSON[@]}" -d '{"old_password":"Bob12345x","new_password":"Bob54321x"}'
expect_status 403 "a user cannot change another user's password"
req PUT "$API/users/$BOB_ID/password" "${ADMIN[@]}" "${JSON[@]}" -d '{"new_password":"Bob54321x"}'
expect_status 200 "admin resets bob's password without the old one"
req GET "$API/users/current" -u bob:Bob54321x
expect_status 200 "bob logs in with the reset password"

# ===========================================================================
info "sysadmin flag"
req PUT "$API/users/$ALICE_ID/sysadmin" "${ALICE[@]}" "${JSON[@]}" -d '{"sysadmin_flag":true}'
expect_status 403 "a user cannot make themself sysadmin"
req PUT "$API/users/$ALICE_ID/sysadmin" "${ADMIN[@]}" "${JSON[@]}" -d '{"sysadmin_flag":true}'
expect_status 200 "admin promotes alice"
req GET "$API/users" "${ALICE[@]}"
expect_status 200 "alice lists users once sysadmin"
req PUT "$API/users/$ALICE_ID/sysadmin" "${ADMIN[@]}" "${JSON[@]}" -d '{"sysadmin_flag":false}'
expect_status 200 "admin demotes alice"
req GET "$API/users" "${ALICE[@]}"
expect_status 403 "alice can no longer list users"
req PUT "$API/users/$ALICE_ID/sysadmin" "${ADMIN[@]}" "${JSON[@]}" -d '{}'
expect_status 400 "missing sysadmin_flag -> 400"
req PUT "$API/users/1/sysadmin" "${ADMIN[@]}" "${JSON[@]}" -d '{"sysadmin_flag":false}'
expect_status 403 "the admin user cannot be demoted"

# ===========================================================================
info "/service/token"
req GET "/service/token?service=other&scope=repository:library/x:pull"
expect_status 400 "unknown service -> 400"
assert_contains "400 says Unable to handle service" "Unable to handle service" "$(body)"
req GET "/service/token?service=harbor-registry"
expect_status 401 "anonymous without scope (docker login probe) -> 401"
req POST "/service/token?service=harbor-registry" "${ADMIN[@]}"
expect_status 405 "POST /service/token -> 405 (containerd falls back to GET)"
req GET "/service/token?service=harbor-registry&account=admin" -u admin:Wrong12345
expect_status 401 "wrong credentials -> 401"
req GET "/service/token?service=harbor-registry&account=admin" "${ADMIN[@]}"
expect_status 200 "docker login: admin with credentials and no scope -> 200"
assert_eq "token response fields" "true true 1800" \
  "$(jq -r '"\(.token|length>20) \(.access_token==.token) \(.expires_in)"' "$RESP_BODY")"
assert_match "issued_at is RFC3339 UTC" '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$' "$(jq -r .issued_at "$RESP_BODY")"
TOK=$(jq -r .token "$RESP_BODY")
assert_eq "JWT header alg HS256" "HS256" "$(jwt_header "$TOK" | jq -r .alg)"
assert_eq "JWT claims iss/aud/sub" "harbor-token-issuer harbor-registry admin" \
  "$(jwt_payload "$TOK" | jq -r '"\(.iss) \(.aud) \(.sub)"')"
assert_eq "admin: pull,push,delete on library" "pull,push,delete" "$(token_actions 'repository:library/app:pull,push' "${ADMIN[@]}")"
assert_eq "normal user: pull only on public library (even when asking push)" "pull" "$(token_actions 'repository:library/app:pull,push' "${ALICE[@]}")"
assert_eq "anonymous: pull on public library" "pull" "$(token_actions 'repository:library/app:pull')"
assert_eq "unknown project: no actions" "" "$(token_actions 'repository:nosuchproject/app:pull,push' "${ADMIN[@]}")"
assert_eq "catalog for admin" "*" "$(token_actions 'registry:catalog:*' "${ADMIN[@]}")"
assert_eq "no catalog for a normal user" "" "$(token_actions 'registry:catalog:*' "${ALICE[@]}")"
T=$(curl -sS "${ADMIN[@]}" "$BERTH_URL/service/token?service=harbor-registry&scope=repository:library/a:pull&scope=repository:library/b:push" | jq -r .token)
assert_eq "several scope parameters -> several access entries" "library/a library/b" "$(jwt_payload "$T" | jq -r '[.access[].name]|join(" ")')"
T=$(curl -sS "${ADMIN[@]}" "$BERTH_URL/service/token?service=harbor-registry&scope=repository:library/a:pull%20registry:catalog:*" | jq -r .token)
assert_eq "space-separated scopes in one parameter" "repository:library/a registry:catalog" "$(jwt_payload "$T" | jq -r '[.access[]|"\(.type):\(.name)"]|join(" ")')"
EXP=$(jwt_payload "$T" | jq -r '.exp - .iat')
assert_eq "token lifetime 30 min (tokenExpirationMinutes default)" 1800 "$EXP"

# ===========================================================================
info "portal session and CSRF"
req GET "$API/ping"
PRE=$(csrf_of_last)
assert_match "anonymous answers carry a CSRF token" '.{20,}' "$PRE"
JAR=$TEST_TMP/cookies
req POST /c/login --data-urlencode principal=alice --data-urlencode password=Alice5678
expect_status 403 "/c/login without X-Harbor-CSRF-Token -> 403"
assert_contains "403 says CSRF token invalid" "CSRF token invalid" "$(body)"
req POST /c/login -H "X-Harbor-CSRF-Token: forged" --data-urlencode principal=alice --data-urlencode password=Alice5678
expect_status 403 "/c/login with a forged CSRF token -> 403"
req POST /c/login -H "X-Harbor-CSRF-Token: $PRE" --data-urlencode principal=alice --data-urlencode password=Wrong1234
expect_status 401 "/c/login with a wrong password -> 401"
assert_eq "401 from /c/login has an empty body" "" "$(body)"
req POST /c/login -H "X-Harbor-CSRF-Token: $PRE" -c "$JAR" --data-urlencode principal=alice --data-urlencode password=Alice5678
expect_status 200 "/c/login with principal/password -> 200"
expect_hdr Set-Cookie '^sid=[A-Za-z0-9_-]{20,}; Path=/; HttpOnly; SameSite=Strict' "Set-Cookie sid (HttpOnly, SameSite=Strict)"
SESSION_CSRF=$(csrf_of_last)
SID=$(hdr Set-Cookie | sed 's/^sid=\([^;]*\);.*/\1/')
# The API never shows how a session is stored: only the database file can show that the sid is
# kept as its SHA-256.
if [[ -n "$SID" && -f "$DB" ]]; then
  assert_eq "only the SHA-256 of sid is stored" 1 \
    "$(db_sql "SELECT COUNT(*) FROM sessions WHERE id_hash = '$(printf '%s' "$SID" | sha256sum | cut -d' ' -f1)'")"
  assert_eq "the raw sid is not in the database" 0 "$(db_sql "SELECT COUNT(*) FROM sessions WHERE id_hash = '$SID'")"
fi
req GET "$API/users/current" -b "$JAR"
expect_status 200 "GET /users/current with the sid cookie"
assert_eq "the session belongs to alice" alice "$(jq -r .username "$RESP_BODY")"
assert_eq "session answers carry the session's CSRF token" "$SESSION_CSRF" "$(csrf_of_last)"
req PUT "$API/users/$ALICE_ID" -b "$JAR" "${JSON[@]}" -d '{"comment":"via portal"}'
expect_status 403 "PUT with the cookie but without the CSRF header -> 403"
expect_error FORBIDDEN "CSRF failure uses Harbor's error body"
assert_contains "message CSRF token invalid" "CSRF token invalid" "$(body)"
req PUT "$API/users/$ALICE_ID" -b "$JAR" "${JSON[@]}" -H "X-Harbor-CSRF-Token: $PRE" -d '{"comment":"via portal"}'
expect_status 403 "PUT with a signed (non-session) token -> 403"
req PUT "$API/users/$ALICE_ID" -b "$JAR" "${JSON[@]}" -H "X-Harbor-CSRF-Token: $SESSION_CSRF" -d '{"comment":"via portal"}'
expect_status 200 "PUT with the cookie and the session's CSRF token -> 200"
req PUT "$API/users/$ALICE_ID" "${ALICE[@]}" "${JSON[@]}" -d '{"comment":"via basic"}'
expect_status 200 "Basic-auth clients never need a CSRF token"
req GET /c/log_out -b "$JAR"
expect_status 200 "GET /c/log_out -> 200"
expect_hdr Set-Cookie '^sid=; Max-Age=0' "log_out expires the cookie"
req GET "$API/users/current" -b "$JAR"
expect_status 401 "the session is gone after log_out"
req POST /c/login -H "X-Harbor-CSRF-Token: $PRE" --data-urlencode 'principal=robot$nobody' --data-urlencode password=Whatever1
expect_status 401 "robot accounts cannot open portal sessions"

# ===========================================================================
info "delete"
req DELETE "$API/users/$BOB_ID" "${ALICE[@]}"
expect_status 403 "a non-admin cannot delete users"
req DELETE "$API/users/1" "${ADMIN[@]}"
expect_status 403 "the admin user cannot be deleted"
req DELETE "$API/users/$BOB_ID" "${ADMIN[@]}"
expect_status 200 "admin deletes bob"
req GET "$API/users/$BOB_ID" "${ADMIN[@]}"
expect_status 404 "deleted user -> 404"
req GET "$API/users/current" -u bob:Bob54321x
expect_status 401 "deleted user cannot log in (cache forgotten)"
req DELETE "$API/users/$BOB_ID" "${ADMIN[@]}"
expect_status 404 "deleting again -> 404"

# ===========================================================================
info "failed-login limiting"
create_user locky 'Locky1234'
for i in 1 2 3 4 5; do
  curl -s -o /dev/null -u locky:Wrong1234 "$BERTH_URL$API/users/current"
done
req GET "$API/users/current" -u locky:Wrong1234
expect_status 429 "6th wrong password -> 429"
expect_error TOO_MANY_REQUEST "429 uses Harbor's TOO_MANY_REQUEST"
expect_hdr Retry-After '^[0-9]+$' "429 carries Retry-After"
req GET "$API/users/current" -u locky:Locky1234
expect_status 429 "the right password is refused while locked"
req GET "/service/token?service=harbor-registry" -u locky:Locky1234
expect_status 429 "/service/token refuses the locked user too"
req GET "$API/users/current" "${ADMIN[@]}"
expect_status 200 "other users are not locked out"

info "audit"
api_all admin "/audit-logs?q=resource_type%3Duser"
assert_match "failed logins are audited" '^[1-9][0-9]*$' \
  "$(jb '[.[]|select(.operation=="login_failed" and .resource=="locky")]|length')"
assert_eq "user create/update/delete/password changes are audited" "change_password create delete update" \
  "$(jb '[.[]|select(.operation!="login_failed")|.operation]|unique|join(" ")')"
api_all admin /audit-logs
assert_eq "no password appears in the audit log" 0 \
  "$(jb '[.[]|select((.resource|contains("Wrong1234")) or (.username|contains("1234")))]|length')"
assert_not_contains "no password appears in Berth's log" "Wrong1234" "$(cat "$BERTH_LOG")"

# ===========================================================================
info "one user-creation rule: berth user add and reset-password refuse what the API refuses"
WEAK=weakpass1   # 9 characters, no upper-case letter
create_user weakapi "$WEAK"
expect_status 400 "POST /users with a weak password -> 400"
API_MSG=$(jq -r '.errors[0].message' "$RESP_BODY")
assert_contains "the API names the rule" "upper-case letter" "$API_MSG"
CLI_OUT=$("$BERTH_BIN" user add --config "$BERTH_CONFIG" --name weakcli --password "$WEAK" 2>&1)
CLI_RC=$?
assert_ne "berth user add with a weak password fails" 0 "$CLI_RC"
assert_contains "berth user add gives the API's message" "$API_MSG" "$CLI_OUT"
req GET "$API/users?q=username%3Dweakcli" "${ADMIN[@]}"
assert_eq "the CLI created nothing" 0 "$(jq length "$RESP_BODY")"
CLI_OUT=$("$BERTH_BIN" user reset-password --config "$BERTH_CONFIG" --name admin --password "$WEAK" 2>&1)
CLI_RC=$?
assert_ne "berth user reset-password with a weak password fails" 0 "$CLI_RC"
assert_contains "berth user reset-password gives the API's message" "$API_MSG" "$CLI_OUT"
check "berth user add accepts a password that passes the rule" \
  "$BERTH_BIN" user add --config "$BERTH_CONFIG" --name strongcli --password 'Strong1234'
req GET "$API/users/current" -u strongcli:Strong1234
expect_status 200 "the CLI-created user logs in"

# ===========================================================================
info "a guesser cannot lock admin out for everyone (50 bad logins from 127.0.0.3)"
# Loopback is 127.0.0.0/8: bind each client's source address to tell them apart.
for i in $(seq 50); do
  curl -s -o /dev/null --interface 127.0.0.3 -u "admin:Guess-$i" "$BERTH_URL$API/users/current"
done
status_from() { # SOURCE_ADDRESS CURL_ARGS...
  local src=$1; shift
  curl -s -o /dev/null -w '%{http_code}' --interface "$src" "$@" "$BERTH_URL$API/users/current"
}
assert_eq "the guessing address stays throttled, even with the right password" 429 \
  "$(status_from 127.0.0.3 "${ADMIN[@]}")"
assert_eq "admin logs in from another address" 200 "$(status_from 127.0.0.2 "${ADMIN[@]}")"
assert_eq "... again (a success there does not unlock the guesser)" 429 \
  "$(status_from 127.0.0.3 "${ADMIN[@]}")"

finish
