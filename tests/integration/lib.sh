# shellcheck shell=bash
# Shared helpers for Berth's integration tests.
#
# Usage, at the top of a test script:
#     HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
#     . "$HERE/lib.sh"
#     lib_init "$@"            # $1 = path to the berth binary
#     berth_start
#     ...checks...
#     finish                   # prints the summary; exit code 1 when a check failed
#
# Calling Berth as a user: `api USER METHOD PATH [curl args]` (/api/v2.0), `v2 USER METHOD PATH`,
# `as USER CMD...` with USER anon, admin, NAME or NAME:SECRET; the answer is in RESP_STATUS,
# RESP_BODY, RESP_HDRS (section "Calling Berth as a given user" below). Assert through the API;
# `db_sql` reads the database file only for what the API cannot show.
#
# Every check prints one line, "ok - ..." or "FAIL - ..." (followed by "#"-prefixed
# details: the exact command and the response). The script keeps going after a
# failed check so that one run reports everything; `die` stops at once (setup errors).
#
# Environment knobs:
#   BERTH_USER / BERTH_PASS  force Basic auth (default admin / Harbor12345 when /v2/ says 401)
#   KEEP_TMP=1               keep the temp dir (printed at exit)
#   TEST_TIMEOUT=SECONDS     watchdog for the whole script (default 175)
#   VERBOSE=1                print more
#
# Passing a docker-registry binary (CNCF distribution 2.8) instead of berth runs the same
# tests against it (BERTH_KIND=distribution); used to validate the tests themselves.

set -u -o pipefail

PASS_COUNT=0
FAIL_COUNT=0
SKIP_COUNT=0
FAILED_CHECKS=()
CLEANUP_PIDS=()
BERTH_PID=""
BERTH_AUTH=0
BERTH_EXTRA_CONFIG=${BERTH_EXTRA_CONFIG:-}
LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# ----------------------------------------------------------------------------
# Output and assertions
# ----------------------------------------------------------------------------
log()  { echo "# $*"; }
info() { echo "== $*"; }
ok()   { PASS_COUNT=$((PASS_COUNT + 1)); echo "ok - $*"; }
fail() {
  FAIL_COUNT=$((FAIL_COUNT + 1))
  FAILED_CHECKS+=("$1")
  echo "FAIL - $1"
  shift
  local l
  for l in "$@"; do printf '%s\n' "$l" | sed 's/^/#   /'; done
}
skip() { SKIP_COUNT=$((SKIP_COUNT + 1)); echo "skip - $*"; }
die()  {
  echo "FATAL - $*" >&2
  echo "FATAL - $*"
  FAIL_COUNT=$((FAIL_COUNT + 1)); FAILED_CHECKS+=("FATAL: $*")
  exit 1
}

# check DESC CMD...   run CMD; ok when it exits 0 (its output is shown on failure)
check() {
  local desc=$1; shift
  local out rc
  out=$("$@" 2>&1); rc=$?
  if [[ $rc -eq 0 ]]; then ok "$desc"; else
    fail "$desc" "command: $(quote_cmd "$@")" "exit code: $rc" "output: $(printf '%s' "$out" | tail -n 25)"
  fi
  return $rc
}
# check_fails DESC CMD...   ok when CMD exits non-zero
check_fails() {
  local desc=$1; shift
  local out rc
  out=$("$@" 2>&1); rc=$?
  if [[ $rc -ne 0 ]]; then ok "$desc"; return 0; fi
  fail "$desc" "command: $(quote_cmd "$@")" "expected a non-zero exit code, got 0" "output: $(printf '%s' "$out" | tail -n 25)"
  return 1
}
assert_eq() { # DESC EXPECTED ACTUAL
  if [[ "$2" == "$3" ]]; then ok "$1"; return 0; fi
  fail "$1" "expected: $2" "actual:   $3" ${LAST_CMD:+"last request: $LAST_CMD"}
  return 1
}
assert_digest() { # DESC EXPECTED ACTUAL : both must be the same well-formed digest
  if [[ "$2" =~ ^sha(256:[0-9a-f]{64}|512:[0-9a-f]{128})$ && "$2" == "$3" ]]; then ok "$1"; return 0; fi
  fail "$1" "expected digest: ${2:-<empty>}" "actual digest:   ${3:-<empty>}" ${LAST_CMD:+"last request: $LAST_CMD"}
  return 1
}
assert_ne() { # DESC UNEXPECTED ACTUAL
  if [[ "$2" != "$3" ]]; then ok "$1"; return 0; fi
  fail "$1" "expected anything but: $2"
  return 1
}
assert_match() { # DESC ERE ACTUAL
  if [[ "$3" =~ $2 ]]; then ok "$1"; return 0; fi
  fail "$1" "expected to match: $2" "actual: $3" ${LAST_CMD:+"last request: $LAST_CMD"}
  return 1
}
assert_contains() { # DESC NEEDLE HAYSTACK
  if [[ "$3" == *"$2"* ]]; then ok "$1"; return 0; fi
  fail "$1" "expected to contain: $2" "actual: $(printf '%s' "$3" | head -c 1500)"
  return 1
}
assert_not_contains() { # DESC NEEDLE HAYSTACK
  if [[ "$3" != *"$2"* ]]; then ok "$1"; return 0; fi
  fail "$1" "expected NOT to contain: $2" "actual: $(printf '%s' "$3" | head -c 1500)"
  return 1
}

quote_cmd() { local a s=""; for a in "$@"; do s+="$(printf '%q' "$a") "; done; printf '%s' "${s% }"; }

finish() {
  echo
  echo "== $(basename "$0"): $PASS_COUNT passed, $FAIL_COUNT failed, $SKIP_COUNT skipped"
  if [[ $FAIL_COUNT -gt 0 ]]; then
    echo "== failed checks:"
    local c; for c in "${FAILED_CHECKS[@]}"; do echo "   - $c"; done
    exit 1
  fi
  exit 0
}

# ----------------------------------------------------------------------------
# Setup / teardown
# ----------------------------------------------------------------------------
lib_init() {
  local bin=${1:-${BERTH_BIN:-}}
  [[ -n "$bin" ]] || { echo "usage: bash $(basename "$0") /path/to/berth" >&2; exit 2; }
  if [[ "$bin" != */* ]]; then bin=$(command -v "$bin" || echo "$bin"); fi
  [[ -x "$bin" ]] || { echo "FATAL - Berth binary not found or not executable: $bin" >&2; echo "FATAL - Berth binary not found: $bin"; exit 1; }
  BERTH_BIN=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
  case "$(basename "$BERTH_BIN")" in
    docker-registry*|registry) BERTH_KIND=distribution ;;
    *) BERTH_KIND=berth ;;
  esac
  export BERTH_BIN BERTH_KIND

  local name; name=$(basename "$0" .sh)
  # lowercase only: podman derives image names from oci: layout paths
  local try
  for try in 1 2 3 4 5; do
    TEST_TMP="/tmp/berth-it-${name}.$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
    mkdir -m 700 "$TEST_TMP" 2>/dev/null && break
    TEST_TMP=""
  done
  [[ -n "$TEST_TMP" ]] || { echo "FATAL - cannot create a temp dir" >&2; exit 1; }
  export TEST_TMP
  RESP_HDRS="$TEST_TMP/resp.hdr"; RESP_BODY="$TEST_TMP/resp.body"; RESP_STATUS=""; RESP_CURL_RC=0
  : >"$RESP_HDRS"; : >"$RESP_BODY"
  mkdir -p "$TEST_TMP/tmp" "$TEST_TMP/containers"
  export TMPDIR="$TEST_TMP/tmp"
  # Keep clients away from the user's config and credentials.
  export REGISTRY_AUTH_FILE="$TEST_TMP/containers/auth.json"
  export XDG_CONFIG_HOME="$TEST_TMP/xdg-config"
  export DOCKER_CONFIG="$TEST_TMP/docker-config"
  mkdir -p "$XDG_CONFIG_HOME" "$DOCKER_CONFIG"
  SKOPEO_POLICY="$TEST_TMP/containers/policy.json"
  SKOPEO_REGCONF="$TEST_TMP/containers/registries.conf"
  echo '{"default":[{"type":"insecureAcceptAnything"}]}' >"$SKOPEO_POLICY"
  echo '{"auths":{}}' >"$REGISTRY_AUTH_FILE"
  echo 'unqualified-search-registries = []' >"$SKOPEO_REGCONF"
  export CONTAINERS_REGISTRIES_CONF="$SKOPEO_REGCONF"
  # No test may reach AWS metadata services (169.254.169.254, the ECS/EKS agents): instance
  # metadata is off and points at a closed loopback port; tests that want it override both.
  export AWS_EC2_METADATA_DISABLED=true AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:9
  unset AWS_CONTAINER_CREDENTIALS_RELATIVE_URI AWS_CONTAINER_CREDENTIALS_FULL_URI \
    AWS_CONTAINER_AUTHORIZATION_TOKEN AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE

  trap lib_cleanup EXIT
  trap 'echo "FATAL - interrupted"; exit 130' INT
  trap 'echo "FATAL - terminated (timeout?)"; exit 124' TERM

  # Watchdog: the whole script must finish in TEST_TIMEOUT seconds.
  local main=$$ limit=${TEST_TIMEOUT:-175}
  ( trap - EXIT INT
    sleep "$limit" </dev/null >/dev/null 2>&1 &
    sp=$!
    trap 'kill "$sp" 2>/dev/null; exit 0' TERM
    wait "$sp"
    echo "FATAL - $(basename "$0") exceeded ${limit}s, aborting" >&2
    kill -TERM "$main" 2>/dev/null
    sleep 1 & sp=$!; wait "$sp"
    for c in $(pgrep -P "$main"); do [[ $c != "$BASHPID" ]] && kill -TERM "$c" 2>/dev/null; done
    sleep 10 & sp=$!; wait "$sp"
    kill -KILL "$main" 2>/dev/null ) >&2 &
  WATCHDOG_PID=$!
  info "$(basename "$0"): binary $BERTH_BIN ($BERTH_KIND), temp dir $TEST_TMP"
}

lib_cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "${WATCHDOG_PID:-}" ]]; then
    kill -TERM "$WATCHDOG_PID" 2>/dev/null
    wait "$WATCHDOG_PID" 2>/dev/null
  fi
  if [[ $rc -ne 0 && -n "${BERTH_LOG:-}" && -s "${BERTH_LOG:-}" ]]; then
    echo "# ---- last 40 lines of $BERTH_LOG ----"
    tail -n 40 "$BERTH_LOG" | sed 's/^/#   /'
  fi
  # Repeated last: CI keeps only the head and the tail of a long output.
  if [[ ${#FAILED_CHECKS[@]} -gt 0 ]]; then
    local f; for f in "${FAILED_CHECKS[@]}"; do echo "== FAILED: $f"; done
  fi
  local p
  for p in "${BERTH_PID:-}" "${CLEANUP_PIDS[@]}"; do
    [[ -n "$p" ]] && kill -TERM "$p" 2>/dev/null
  done
  for p in "${BERTH_PID:-}" "${CLEANUP_PIDS[@]}"; do
    [[ -z "$p" ]] && continue
    local n=0
    while kill -0 "$p" 2>/dev/null && [[ $n -lt 50 ]]; do sleep 0.1; n=$((n + 1)); done
    kill -KILL "$p" 2>/dev/null
    wait "$p" 2>/dev/null
  done
  if [[ -n "${TEST_TMP:-}" && -d "$TEST_TMP" ]]; then
    # Unmount anything a client left mounted below the temp dir (deepest first).
    local m
    for m in $(awk -v t="$TEST_TMP" 'index($2, t) == 1 {print $2}' /proc/mounts | sort -r); do
      umount -l "$m" 2>/dev/null
    done
    if [[ "${KEEP_TMP:-0}" == 1 ]]; then
      echo "# temp dir kept: $TEST_TMP"
    else
      chmod -R u+rwX "$TEST_TMP" 2>/dev/null
      rm -rf "$TEST_TMP" 2>/dev/null || rm -rf "$TEST_TMP"
    fi
  fi
  exit "$rc"
}

# register_pid PID: kill it (TERM, then KILL) at exit
register_pid() { CLEANUP_PIDS+=("$1"); }

free_port() {
  python3 - <<'EOF'
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
EOF
}

# ----------------------------------------------------------------------------
# Berth lifecycle
# ----------------------------------------------------------------------------
# berth_start: new instance on a free port with a fresh data dir.
# Extra YAML (appended to the config) may be given in BERTH_EXTRA_CONFIG.
berth_start() {
  BERTH_PORT=$(free_port)
  BERTH_DATA="$TEST_TMP/data"
  BERTH_CONFIG="$TEST_TMP/berth.yml"
  BERTH_LOG="$TEST_TMP/berth.log"
  BERTH_HOST="127.0.0.1:$BERTH_PORT"
  BERTH_URL="http://$BERTH_HOST"
  mkdir -p "$BERTH_DATA"
  export BERTH_PORT BERTH_DATA BERTH_CONFIG BERTH_LOG BERTH_HOST BERTH_URL
  berth_write_config
  write_registries_conf
  _berth_launch || return 1
  _berth_setup_auth
  _berth_create_test_projects
}

# Pushing needs an existing project (the first component of a repository name), as in Harbor.
# The projects the tests push into are created once per data dir; BERTH_TEST_PROJECTS overrides.
BERTH_TEST_PROJECTS=${BERTH_TEST_PROJECTS:-"api crash ctr podman skopeo mirror fromdir tls a x1"}
_berth_create_test_projects() {
  [[ $BERTH_KIND == berth && $BERTH_AUTH == 1 ]] || return 0
  local p
  for p in $BERTH_TEST_PROJECTS; do ensure_project "$p" || die "cannot create project $p"; done
}

# ensure_project NAME [public=false]: create the project with the admin's credentials unless it exists
ensure_project() {
  local name=$1 public=${2:-false} code
  code=$(curl -sS -o "$TEST_TMP/ensure_project.out" -w '%{http_code}' -u "${BERTH_ADMIN_CREDS:-admin:Harbor12345}" \
    -H 'Content-Type: application/json' -X POST "$BERTH_URL/api/v2.0/projects" \
    -d "{\"project_name\":\"$name\",\"metadata\":{\"public\":\"$public\"}}")
  [[ $code == 201 || $code == 409 ]] && return 0
  echo "# ensure_project $name -> HTTP $code: $(head -c 300 "$TEST_TMP/ensure_project.out")" >&2
  return 1
}

berth_write_config() {
  if [[ $BERTH_KIND == distribution ]]; then
    {
      echo "version: 0.1"
      echo "log:"
      echo "  level: info"
      echo "  accesslog:"
      echo "    disabled: true"
      echo "storage:"
      echo "  filesystem:"
      echo "    rootdirectory: $BERTH_DATA"
      echo "  delete:"
      echo "    enabled: true"
      echo "http:"
      echo "  addr: 127.0.0.1:$BERTH_PORT"
      echo "  secret: berth-integration-test-secret"
      if [[ -n "${DIST_TLS_CERT:-}" ]]; then
        echo "  tls:"
        echo "    certificate: $DIST_TLS_CERT"
        echo "    key: $DIST_TLS_KEY"
      fi
      if [[ -n "${BERTH_USER:-}" ]]; then
        htpasswd -Bbn "$BERTH_USER" "${BERTH_PASS:-Harbor12345}" >"$TEST_TMP/htpasswd"
        echo "auth:"
        echo "  htpasswd:"
        echo "    realm: berth-test"
        echo "    path: $TEST_TMP/htpasswd"
      fi
    } >"$BERTH_CONFIG"
    return
  fi
  {
    echo "listen: \"127.0.0.1:$BERTH_PORT\""
    echo "dataDir: $BERTH_DATA"
    echo "log:"
    echo "  level: info"
    [[ -n "$BERTH_EXTRA_CONFIG" ]] && printf '%s\n' "$BERTH_EXTRA_CONFIG"
  } >"$BERTH_CONFIG"
}

_berth_launch() {
  echo "---- start $(date +%T) ----" >>"$BERTH_LOG"
  if [[ $BERTH_KIND == distribution ]]; then
    # (distribution reads REGISTRY_* variables as config overrides)
    env -u REGISTRY_AUTH_FILE "$BERTH_BIN" serve "$BERTH_CONFIG" >>"$BERTH_LOG" 2>&1 &
  else
    "$BERTH_BIN" serve --config "$BERTH_CONFIG" >>"$BERTH_LOG" 2>&1 &
  fi
  BERTH_PID=$!
  export BERTH_PID
  local scheme_url=$BERTH_URL
  [[ -n "${DIST_TLS_CERT:-}" ]] && scheme_url="https://$BERTH_HOST"
  local i code
  for ((i = 0; i < 300; i++)); do
    if ! kill -0 "$BERTH_PID" 2>/dev/null; then
      wait "$BERTH_PID" 2>/dev/null; local rc=$?
      BERTH_PID=""
      echo "# berth exited during startup (exit code $rc); log tail:"
      tail -n 40 "$BERTH_LOG" | sed 's/^/#   /'
      die "berth did not start: $(quote_cmd "$BERTH_BIN" serve --config "$BERTH_CONFIG")"
    fi
    code=$(curl -sk -o /dev/null -w '%{http_code}' --max-time 2 "$scheme_url/v2/" 2>/dev/null)
    if [[ $code == 200 || $code == 401 ]]; then
      BERTH_V2_STATUS=$code
      [[ "${VERBOSE:-0}" == 1 ]] && log "berth ready on $BERTH_URL (pid $BERTH_PID, /v2/ -> $code)"
      return 0
    fi
    sleep 0.1
  done
  echo "# berth did not answer GET /v2/ with 200/401 within 30s (last status: $code); log tail:"
  tail -n 40 "$BERTH_LOG" | sed 's/^/#   /'
  die "berth not ready"
}

_berth_setup_auth() {
  CURL_AUTH=()
  SK_CREDS=(); SK_SRC_CREDS=(); SK_DEST_CREDS=(); PODMAN_CREDS=(); CTR_CREDS=()
  if [[ -n "${BERTH_USER:-}" || ${BERTH_V2_STATUS:-200} == 401 ]]; then
    BERTH_AUTH=1
    BERTH_USER=${BERTH_USER:-admin}
    BERTH_PASS=${BERTH_PASS:-Harbor12345}
    export BERTH_USER BERTH_PASS
    CURL_AUTH=(-u "$BERTH_USER:$BERTH_PASS")
    SK_CREDS=(--creds "$BERTH_USER:$BERTH_PASS")
    SK_SRC_CREDS=(--src-creds "$BERTH_USER:$BERTH_PASS")
    SK_DEST_CREDS=(--dest-creds "$BERTH_USER:$BERTH_PASS")
    PODMAN_CREDS=(--creds "$BERTH_USER:$BERTH_PASS")
    CTR_CREDS=(--user "$BERTH_USER:$BERTH_PASS")
    # skopeo/podman/buildah also read $REGISTRY_AUTH_FILE after a login
    timeout 60 skopeo login --tls-verify=false -u "$BERTH_USER" -p "$BERTH_PASS" "$BERTH_HOST" >/dev/null 2>&1 ||
      log "warning: skopeo login $BERTH_HOST failed"
  fi
}

# berth_stop: SIGTERM and wait (up to 35 s: Berth gives in-flight requests a 30 s grace, then
# SIGKILL); BERTH_EXIT_CODE = exit status
berth_stop() {
  [[ -n "$BERTH_PID" ]] || return 0
  kill -TERM "$BERTH_PID" 2>/dev/null
  local i
  for ((i = 0; i < 350; i++)); do kill -0 "$BERTH_PID" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$BERTH_PID" 2>/dev/null; then
    fail "berth exits within 35s of SIGTERM (pid $BERTH_PID)"
    kill -KILL "$BERTH_PID" 2>/dev/null
  fi
  wait "$BERTH_PID" 2>/dev/null
  BERTH_EXIT_CODE=$?
  BERTH_PID=""
  echo "---- stopped (SIGTERM), exit code $BERTH_EXIT_CODE ----" >>"$BERTH_LOG"
}

berth_kill9() {
  [[ -n "$BERTH_PID" ]] || return 0
  kill -KILL "$BERTH_PID" 2>/dev/null
  wait "$BERTH_PID" 2>/dev/null
  BERTH_PID=""
  echo "---- killed (SIGKILL) ----" >>"$BERTH_LOG"
}

# berth_restart: stop (SIGTERM) if running, then start again on the same port and data dir
berth_restart() {
  berth_stop
  _berth_launch || return 1
  _berth_setup_auth
}

berth_running() { [[ -n "$BERTH_PID" ]] && kill -0 "$BERTH_PID" 2>/dev/null; }

require_berth() { # REASON: true when testing the real Berth; otherwise prints a skip line
  if [[ $BERTH_KIND == berth ]]; then return 0; fi
  skip "$* (not supported by $BERTH_KIND)"
  return 1
}

# ----------------------------------------------------------------------------
# HTTP helpers
# ----------------------------------------------------------------------------
curl_b() { curl -sS "${CURL_AUTH[@]}" "$@"; }

# abs_url LOCATION: make a Location header absolute against BERTH_URL
abs_url() {
  case "$1" in
    http://* | https://*) printf '%s' "$1" ;;
    /*) printf '%s%s' "$BERTH_URL" "$1" ;;
    *) printf '%s/%s' "$BERTH_URL" "$1" ;;
  esac
}
# add_query URL "k=v": append a query parameter with ? or &
add_query() { if [[ "$1" == *\?* ]]; then printf '%s&%s' "$1" "$2"; else printf '%s?%s' "$1" "$2"; fi; }

# req METHOD URL|PATH [curl args...]
#   sets RESP_STATUS, RESP_HDRS (file), RESP_BODY (file), RESP_CURL_RC, LAST_CMD
req() {
  local method=$1 url=$2; shift 2
  [[ "$url" == /* ]] && url="$BERTH_URL$url"
  RESP_HDRS="$TEST_TMP/resp.hdr"; RESP_BODY="$TEST_TMP/resp.body"
  : >"$RESP_HDRS"; : >"$RESP_BODY"
  local m=(-X "$method")
  [[ $method == HEAD ]] && m=(-I)
  LAST_CMD="curl $(quote_cmd "${m[@]}" "$@" "$url")"
  local out=$RESP_BODY
  [[ $method == HEAD ]] && out=/dev/null   # with -I curl writes the headers as "body"
  RESP_STATUS=$(curl -sS "${CURL_AUTH[@]}" "${m[@]}" -D "$RESP_HDRS" -o "$out" -w '%{http_code}' \
    --max-time "${REQ_TIMEOUT:-60}" "$@" "$url" 2>"$TEST_TMP/resp.err")
  RESP_CURL_RC=$?
  return 0
}

# hdr NAME: value of the last NAME header of the last response ("" if absent)
hdr() {
  tr -d '\r' <"$RESP_HDRS" | awk -v n="$(printf '%s' "$1" | tr 'A-Z' 'a-z')" '
    { line=$0; i=index(line, ":"); if (i == 0) next
      k=tolower(substr(line, 1, i-1)); if (k == n) { v=substr(line, i+1); sub(/^[ \t]+/, "", v); sub(/[ \t]+$/, "", v); val=v } }
    END { printf "%s", val }'
}
has_hdr() { tr -d '\r' <"$RESP_HDRS" | grep -qi "^$1:"; }
body() { cat "$RESP_BODY"; }

resp_summary() {
  echo "command: $LAST_CMD"
  echo "status: $RESP_STATUS (curl exit $RESP_CURL_RC$( [[ -s $TEST_TMP/resp.err ]] && printf ': %s' "$(head -c 300 "$TEST_TMP/resp.err")"))"
  echo "headers: $(tr -d '\r' <"$RESP_HDRS" | grep -v '^HTTP/1.1 100' | grep -v '^$' | grep -iv '^date:' | paste -sd'|' - | head -c 900)"
  if [[ -s "$RESP_BODY" ]]; then
    if LC_ALL=C grep -q '[^[:print:][:space:]]' "$RESP_BODY"; then
      echo "body: <$(stat -c %s "$RESP_BODY") binary bytes>"
    else
      echo "body: $(head -c 600 "$RESP_BODY" | tr '\n' ' ')"
    fi
  fi
}

# expect_status CODE|ALT1|ALT2 DESC
expect_status() {
  if [[ "$RESP_STATUS" =~ ^($1)$ ]]; then ok "$2 [$RESP_STATUS]"; return 0; fi
  fail "$2 (expected HTTP $1, got $RESP_STATUS)" "$(resp_summary)"
  return 1
}
# expect_hdr NAME ERE DESC   (header must exist and match)
expect_hdr() {
  local v; v=$(hdr "$1")
  if has_hdr "$1" && [[ "$v" =~ $2 ]]; then ok "$3 [$1: $v]"; return 0; fi
  if has_hdr "$1"; then fail "$3 (header $1 is '$v', expected /$2/)" "$(resp_summary)"
  else fail "$3 (header $1 missing)" "$(resp_summary)"; fi
  return 1
}
expect_hdr_eq() { # NAME VALUE DESC
  local v; v=$(hdr "$1")
  if has_hdr "$1" && [[ "$v" == "$2" ]]; then ok "$3"; return 0; fi
  if has_hdr "$1"; then fail "$3 (header $1 is '$v', expected '$2')" "$(resp_summary)"
  else fail "$3 (header $1 missing, expected '$2')" "$(resp_summary)"; fi
  return 1
}
# expect_error CODE|ALT DESC : body is {"errors":[{"code":...,"message":...}]} with a matching code
expect_error() {
  local codes
  if ! jq -e '(.errors|type=="array") and (.errors|length>0) and all(.errors[]; (.code|type=="string") and (.message|type=="string"))' \
    "$RESP_BODY" >/dev/null 2>&1; then
    fail "$2 (body is not {\"errors\":[{\"code\",\"message\"}]})" "$(resp_summary)"
    return 1
  fi
  codes=$(jq -r '[.errors[].code]|join(",")' "$RESP_BODY")
  if [[ ",$codes," =~ ,($1), ]]; then ok "$2 [$codes]"; return 0; fi
  fail "$2 (error code $codes, expected $1)" "$(resp_summary)"
  return 1
}
# expect_body_digest DIGEST DESC : the body hashes to DIGEST
expect_body_digest() {
  local d; d=$(file_digest "$RESP_BODY" "${1%%:*}")
  if [[ "$d" == "$1" ]]; then ok "$2"; return 0; fi
  fail "$2 (body digest $d, expected $1)" "$(resp_summary)"
  return 1
}

# assert_status URL|PATH CODE [curl args...]   (GET unless -X/-I in args)
assert_status() {
  local url=$1 code=$2; shift 2
  local method=GET a
  for a in "$@"; do [[ $a == -I || $a == --head ]] && method=HEAD; done
  if [[ $method == HEAD ]]; then
    local args=(); for a in "$@"; do [[ $a == -I || $a == --head ]] || args+=("$a"); done
    req HEAD "$url" "${args[@]}"
  else
    req GET "$url" "$@"
  fi
  expect_status "$code" "$method $url${*:+ ($*)} -> $code"
}

# ----------------------------------------------------------------------------
# Calling Berth as a given user (the one way; scripts define no credential helpers of their own)
# ----------------------------------------------------------------------------
# USER is one of:
#   anon          no credentials at all
#   admin         the admin ($BERTH_ADMIN_CREDS, default admin:Harbor12345)
#   NAME:SECRET   exactly these credentials (robots: 'robot$proj+name:SECRET')
#   NAME          NAME with $TEST_USER_PW, the password the scripts give the users they create
# Every call below goes through `req`, so afterwards RESP_STATUS (the HTTP status), RESP_BODY and
# RESP_HDRS (files), `body`, `hdr NAME`, `jb FILTER` and the expect_* assertions see the answer.
#
#   as USER CMD...                      run CMD (req, upload_blob, put_manifest, ...) as USER
#   api USER METHOD PATH [curl args]    PATH below /api/v2.0:  api dev GET /projects/pa
#   api_json USER METHOD PATH JSON [curl args]   the same with a JSON body
#   api_all USER PATH                   every page of a list, as one array in RESP_BODY
#   v2 USER METHOD PATH [curl args]     PATH below /v2/:       v2 anon GET pa/img/manifests/v1
#   creds_of USER                       prints NAME:SECRET ("" for anon), e.g. for skopeo --creds
#   sk_push USER SRC DEST [skopeo args] skopeo copy to Berth with USER's --dest-creds
#   add_user NAME [PASSWORD]            create a user through the API (as admin; 201, or 409 if present)
#   add_member PROJECT NAME ROLE_ID     make NAME a member (1 admin, 2 developer, 3 guest, 4 maintainer)
TEST_USER_PW=${TEST_USER_PW:-Passw0rd-123}

creds_of() {
  case $1 in
    anon) printf '' ;;
    admin) printf '%s' "${BERTH_ADMIN_CREDS:-admin:Harbor12345}" ;;
    *:*) printf '%s' "$1" ;;
    *) printf '%s:%s' "$1" "$TEST_USER_PW" ;;
  esac
}
as() {
  local who=$1; shift
  local saved=("${CURL_AUTH[@]}") creds; creds=$(creds_of "$who")
  if [[ -n $creds ]]; then CURL_AUTH=(-u "$creds"); else CURL_AUTH=(); fi
  "$@"; local rc=$?
  CURL_AUTH=("${saved[@]}")
  return $rc
}
api() { local who=$1 m=$2 p=$3; shift 3; as "$who" req "$m" "/api/v2.0$p" "$@"; }
api_json() {
  local who=$1 m=$2 p=$3 j=$4; shift 4
  as "$who" req "$m" "/api/v2.0$p" -H 'Content-Type: application/json' --data-binary "$j" "$@"
}
v2() { local who=$1 m=$2 p=$3; shift 3; as "$who" req "$m" "/v2/${p#/}" "$@"; }
jb() { jq -r "$1" "$RESP_BODY" 2>/dev/null; }
# api_all USER PATH: GET every page of a list (100 a page); RESP_BODY then holds them as one array
api_all() {
  local who=$1 path=$2 page=1 all="$TEST_TMP/api_all.json" n
  echo '[]' >"$all"
  while :; do
    api "$who" GET "$(add_query "$path" "page=$page&page_size=100")"
    [[ $RESP_STATUS == 200 ]] || return 1
    jq -s '.[0] + .[1]' "$all" "$RESP_BODY" >"$all.new" && mv "$all.new" "$all"
    n=$(jq length "$RESP_BODY"); [[ $n -lt 100 ]] && break
    page=$((page + 1))
  done
  cp "$all" "$RESP_BODY"
}
sk_push() {
  local creds; creds=$(creds_of "$1"); shift
  sk copy -q "$@" "${SK_DEST_TLS[@]}" ${creds:+--dest-creds "$creds"} >>"$TEST_TMP/build.log" 2>&1
}
add_user() {
  api_json admin POST /users "$(jq -cn --arg u "$1" --arg p "${2:-$TEST_USER_PW}" \
    '{username:$u,password:$p,email:($u+"@example.com"),realname:$u}')"
  [[ $RESP_STATUS == 201 || $RESP_STATUS == 409 ]]
}
add_member() {
  api_json admin POST "/projects/$1/members" "{\"role_id\":$3,\"member_user\":{\"username\":\"$2\"}}"
  [[ $RESP_STATUS == 201 || $RESP_STATUS == 409 ]]
}

# db_sql SQL...: sqlite3 on Berth's database file. Only for what the API cannot show or cannot
# make (a secret sealed at rest, a state a crash leaves behind): the schema changes under
# refactors, so every caller says in a comment why the API will not do.
db_sql() { sqlite3 "$BERTH_DATA/berth.db" "$@"; }

# ----------------------------------------------------------------------------
# Digests and registry operations with curl
# ----------------------------------------------------------------------------
file_digest() { # FILE [sha256|sha512]
  local alg=${2:-sha256}
  printf '%s:%s' "$alg" "$("${alg}sum" "$1" | cut -d' ' -f1)"
}
str_digest() { printf '%s' "$1" | sha256sum | sed 's/^/sha256:/; s/ .*//'; }
file_size() { stat -c %s "$1"; }

# upload_blob REPO FILE [ALG]: POST + PUT (monolithic); prints the digest; non-zero on failure
upload_blob() {
  local repo=$1 file=$2 alg=${3:-sha256}
  local d; d=$(file_digest "$file" "$alg")
  local h="$TEST_TMP/ub.hdr" code loc
  code=$(curl_b -o /dev/null -D "$h" -w '%{http_code}' -X POST "$BERTH_URL/v2/$repo/blobs/uploads/") || return 1
  [[ $code == 202 ]] || { echo "upload_blob: POST -> $code" >&2; return 1; }
  loc=$(tr -d '\r' <"$h" | awk 'tolower($1)=="location:" {print $2}' | tail -n1)
  loc=$(abs_url "$loc")
  code=$(curl_b -o /dev/null -w '%{http_code}' -X PUT -H 'Content-Type: application/octet-stream' \
    --data-binary "@$file" "$(add_query "$loc" "digest=$d")") || return 1
  [[ $code == 201 ]] || { echo "upload_blob: PUT -> $code" >&2; return 1; }
  printf '%s' "$d"
}
# upload_blob_str REPO STRING : prints digest
upload_blob_str() {
  local f; f=$(mktemp)
  printf '%s' "$2" >"$f"
  upload_blob "$1" "$f"
  local rc=$?; rm -f "$f"; return $rc
}
# put_manifest REPO REF FILE MEDIATYPE  (via req: RESP_* are set; returns 0 on 201)
put_manifest() {
  req PUT "/v2/$1/manifests/$2" -H "Content-Type: $4" --data-binary "@$3"
  [[ $RESP_STATUS == 201 ]]
}
ACCEPT_ALL="application/vnd.oci.image.manifest.v1+json,application/vnd.oci.image.index.v1+json,application/vnd.docker.distribution.manifest.v2+json,application/vnd.docker.distribution.manifest.list.v2+json,application/vnd.oci.artifact.manifest.v1+json,*/*"
tags_of() { curl_b --max-time 30 "$BERTH_URL/v2/$1/tags/list" 2>/dev/null | jq -c '(.tags // [])|sort' 2>/dev/null || echo "[]"; }

# ----------------------------------------------------------------------------
# Clients
# ----------------------------------------------------------------------------
write_registries_conf() {
  {
    echo 'unqualified-search-registries = []'
    echo
    echo '[[registry]]'
    echo "location = \"127.0.0.1:$BERTH_PORT\""
    echo 'insecure = true'
    echo
    echo '[[registry]]'
    echo "location = \"localhost:$BERTH_PORT\""
    echo 'insecure = true'
  } >"$SKOPEO_REGCONF"
}

# sk ARGS...: skopeo with the test's policy and registries.conf (and a timeout)
sk() { timeout "${CLIENT_TIMEOUT:-150}" skopeo --insecure-policy --registries-conf "$SKOPEO_REGCONF" "$@"; }
# Flags for plain-HTTP Berth
SK_SRC_TLS=(--src-tls-verify=false)
SK_DEST_TLS=(--dest-tls-verify=false)
SK_TLS=(--tls-verify=false)

# pm ARGS...: podman with a private store (call podman_setup first)
podman_setup() { # [ROOT]: podman's runroot path must stay under 50 characters
  PODMAN_ROOT=${1:-"$TEST_TMP/podman"}
  mkdir -p "$PODMAN_ROOT/root" "$PODMAN_ROOT/run" "$PODMAN_ROOT/tmp"
  cat >"$PODMAN_ROOT/containers.conf" <<EOF
[engine]
events_logger = "none"
cgroup_manager = "cgroupfs"
EOF
  cat >"$PODMAN_ROOT/storage.conf" <<EOF
[storage]
driver = "vfs"
runroot = "$PODMAN_ROOT/run"
graphroot = "$PODMAN_ROOT/root"
EOF
}
pm() {
  CONTAINERS_CONF="$PODMAN_ROOT/containers.conf" CONTAINERS_STORAGE_CONF="$PODMAN_ROOT/storage.conf" \
    timeout "${CLIENT_TIMEOUT:-150}" podman --root "$PODMAN_ROOT/root" --runroot "$PODMAN_ROOT/run" \
    --tmpdir "$PODMAN_ROOT/tmp" --storage-driver vfs --events-backend none --cgroup-manager cgroupfs "$@"
}

# ----------------------------------------------------------------------------
# Test images (offline, random content: fresh digests every run)
# ----------------------------------------------------------------------------
BUILD_LOG_FILE() { echo "$TEST_TMP/build.log"; }

# oci_ref_digest LAYOUT TAG: digest of the tagged manifest/index in an OCI layout
oci_ref_digest() {
  jq -r --arg t "$2" '[.manifests[]|select(.annotations["org.opencontainers.image.ref.name"]==$t)][0].digest // empty' "$1/index.json"
}
oci_blob_path() { local d=$2; printf '%s/blobs/%s/%s' "$1" "${d%%:*}" "${d#*:}"; }

# make_oci_image LAYOUT TAG [NLAYERS=3] [ARCH=amd64] [LAYER_BYTES=200000]
#   builds a multi-layer OCI image with umoci; prints the manifest digest
make_oci_image() {
  local layout=$1 tag=$2 nl=${3:-3} arch=${4:-amd64} bytes=${5:-200000}
  local blog; blog=$(BUILD_LOG_FILE)
  {
    [[ -f "$layout/index.json" ]] || umoci init --layout "$layout" || return 1
    umoci new --image "$layout:$tag" || return 1
    local li src
    for ((li = 1; li <= nl; li++)); do
      src=$(mktemp -d)
      mkdir -p "$src/layer$li"
      head -c "$bytes" /dev/urandom >"$src/layer$li/random.bin"
      echo "layer $li of $tag ($arch) $(date +%s%N) $RANDOM" >"$src/layer$li/info.txt"
      umoci insert --image "$layout:$tag" "$src" / || { rm -rf "$src"; return 1; }
      rm -rf "$src"
    done
    umoci config --image "$layout:$tag" --architecture "$arch" --os linux \
      --config.cmd /bin/true --config.label "berth.test.run=$RANDOM$RANDOM" || return 1
  } >>"$blog" 2>&1
  local d; d=$(oci_ref_digest "$layout" "$tag")
  [[ -n "$d" ]] || return 1
  printf '%s' "$d"
}

# make_v2s2_image LAYOUT TAG OUTDIR: Docker schema2 copy of an OCI image in dir: form; prints its digest
make_v2s2_image() {
  sk copy -q --format v2s2 "oci:$1:$2" "dir:$3" >>"$(BUILD_LOG_FILE)" 2>&1 || return 1
  file_digest "$3/manifest.json"
}

# make_index LAYOUT TAG: two images (amd64, arm64 tagged TAG-amd64 / TAG-arm64) and an OCI
#   index over them, tagged TAG in the layout; prints the index digest
make_index() {
  local layout=$1 tag=$2 d1 d2 s1 s2
  d1=$(make_oci_image "$layout" "$tag-amd64" 2 amd64 100000) || return 1
  d2=$(make_oci_image "$layout" "$tag-arm64" 2 arm64 100000) || return 1
  s1=$(file_size "$(oci_blob_path "$layout" "$d1")")
  s2=$(file_size "$(oci_blob_path "$layout" "$d2")")
  local idx; idx=$(mktemp)
  jq -cn --arg d1 "$d1" --arg d2 "$d2" --argjson s1 "$s1" --argjson s2 "$s2" '{
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.index.v1+json",
    manifests: [
      {mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $d1, size: $s1, platform: {architecture: "amd64", os: "linux"}},
      {mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $d2, size: $s2, platform: {architecture: "arm64", os: "linux"}}
    ]}' | tr -d '\n' >"$idx"
  local di si; di=$(file_digest "$idx"); si=$(file_size "$idx")
  cp "$idx" "$(oci_blob_path "$layout" "$di")"; rm -f "$idx"
  jq --arg d "$di" --argjson s "$si" --arg t "$tag" \
    '.manifests += [{mediaType: "application/vnd.oci.image.index.v1+json", digest: $d, size: $s, annotations: {"org.opencontainers.image.ref.name": $t}}]' \
    "$layout/index.json" >"$layout/index.json.new" && mv "$layout/index.json.new" "$layout/index.json"
  printf '%s' "$di"
}

# make_docker_list LAYOUT TAG OUTDIR: Docker manifest list (schema2 children) of the OCI index TAG,
#   in dir: form (OUTDIR/manifest.json + per-instance manifests); prints the list digest
make_docker_list() {
  sk copy -q --all --format v2s2 "oci:$1:$2" "dir:$3" >>"$(BUILD_LOG_FILE)" 2>&1 || return 1
  file_digest "$3/manifest.json"
}

# make_random_file PATH BYTES
make_random_file() { head -c "$2" /dev/urandom >"$1"; }

# start_containerd: containerd with its root, state and socket under $TEST_TMP/ctd (no CRI);
# ctr_ then runs ctr on that socket (namespace berth-test).
start_containerd() {
  CD=$TEST_TMP/ctd
  mkdir -p "$CD/root" "$CD/state"
  SOCK=$CD/containerd.sock
  cat >"$CD/config.toml" <<EOF
version = 2
root = "$CD/root"
state = "$CD/state"
disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.aufs", "io.containerd.tracing.processor.v1.otlp", "io.containerd.internal.v1.tracing"]

[grpc]
  address = "$SOCK"

[ttrpc]
  address = "$SOCK.ttrpc"

[debug]
  address = "$CD/debug.sock"
  level = "info"

[metrics]
  address = ""
EOF
  containerd --config "$CD/config.toml" >"$CD/containerd.log" 2>&1 &
  CTD_PID=$!
  register_pid "$CTD_PID"
  local i
  for ((i = 0; i < 100; i++)); do
    [[ -S "$SOCK" ]] && ctr_ version >/dev/null 2>&1 && break
    kill -0 "$CTD_PID" 2>/dev/null || break
    sleep 0.1
  done
  if ! ctr_ version >/dev/null 2>&1; then
    tail -n 30 "$CD/containerd.log" | sed 's/^/#   /'
    die "containerd did not start"
  fi
}
ctr_() { timeout "${CLIENT_TIMEOUT:-120}" ctr --address "$SOCK" --namespace berth-test "$@"; }
