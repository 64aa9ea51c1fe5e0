#!/usr/bin/env bash
# Berth benchmark suite: Berth vs. Debian's docker-registry (CNCF distribution 2.8)
# vs. nginx serving the same bytes as static files (the physical limit).
#
# Usage: bench/run.sh PATH_TO_BERTH_BINARY        (or: make bench)
# Prints a Markdown table of medians on stdout; progress goes to stderr.
# See bench/README.md for what is measured and every knob below.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BERTH_BIN=${1:-${BERTH_BIN:-}}

RUNS=${RUNS:-5}                    # samples per metric; the table shows medians
DURATION=${DURATION:-10s}          # wrk duration per manifest sample
WRK_THREADS=${WRK_THREADS:-2}
WRK_CONNS=${WRK_CONNS:-64}
BLOB_MB=${BLOB_MB:-100}            # size of the layer blob and of each pushed blob (MiB)
PARALLEL=${PARALLEL:-8}            # clients in the parallel blob GET
IDLE_CONNS=${IDLE_CONNS:-1000}     # idle keep-alive connections for the RSS test
SHA_SECONDS=${SHA_SECONDS:-3}      # openssl speed duration
READY_TIMEOUT=${READY_TIMEOUT:-30} # seconds to wait for a server to answer /v2/
BENCH_OUT=${BENCH_OUT:-}           # also write the report to this file
KEEP_TMP=${KEEP_TMP:-0}            # 1 = keep the temp dir (logs, data) for inspection
REPO=bench/app
PUSH_REPO=bench/push
TAG=latest
ACCEPT='application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json'
DEFAULT_USER="admin"
DEFAULT_PASS=Harbor12345

TARGETS=(berth registry nginx)
declare -A NAME=([berth]="Berth" [registry]="docker-registry" [nginx]="nginx (static)" [sink]="hash sink")
declare -A PORT=() PID=() UP=() POP=() AUTH=() BASE=()
declare -A SAMPLES=()   # "metric|target" -> space-separated values
NOTES=()

log() { echo "[bench $(date +%H:%M:%S)] $*" >&2; }
note() { NOTES+=("$*"); log "NOTE: $*"; }
die() { log "FATAL: $*"; exit 1; }
add_sample() { SAMPLES["$1|$2"]="${SAMPLES["$1|$2"]:-} $3"; }

for tool in curl wrk nginx docker-registry python3 openssl sha256sum awk; do
  command -v "$tool" >/dev/null || die "missing tool: $tool (run scripts/install-deps)"
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer"

T=$(mktemp -d /tmp/berth-bench.XXXXXX) || die "mktemp failed"
chmod 755 "$T"
CUR_CHILDREN=()   # short-lived helpers (coprocess, parallel curls) running right now

cleanup() {
  local pid t
  trap - EXIT INT TERM
  for pid in "${CUR_CHILDREN[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for t in "${TARGETS[@]}"; do
    [ -n "${PID[$t]:-}" ] && kill -TERM "${PID[$t]}" 2>/dev/null
  done
  for t in "${TARGETS[@]}"; do
    pid=${PID[$t]:-}
    [ -n "$pid" ] || continue
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  if [ "$KEEP_TMP" = 1 ]; then log "kept $T"; else rm -rf "$T"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Servers must be able to hold IDLE_CONNS sockets.
hard=$(ulimit -Hn)
if [ "$hard" = unlimited ] || [ "$hard" -gt 65536 ]; then hard=65536; fi
ulimit -n "$hard" 2>/dev/null || true

# ---------------------------------------------------------------- helpers
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# curl with the target's Authorization header, if any.
tcurl() {
  local t=$1; shift
  if [ -n "${AUTH[$t]:-}" ]; then
    curl -H "Authorization: ${AUTH[$t]}" "$@"
  else
    curl "$@"
  fi
}

now_ns() { date +%s%N; }

# Sum of VmRSS (KiB) of a process and all its descendants.
rss_kb() {
  local pid=$1 total=0 kb c
  kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null) || kb=
  [ -n "$kb" ] || { echo ""; return; }
  total=$kb
  for c in $(ps -o pid= --ppid "$pid" 2>/dev/null); do
    kb=$(rss_kb "$c")
    [ -n "$kb" ] && total=$((total + kb))
  done
  echo "$total"
}

median() {
  printf '%s\n' "$@" | awk 'NF' | sort -g | awk '{a[NR]=$1}
    END { if (NR == 0) print "n/a"; else if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2 }'
}

populated() { [ "${POP[$1]:-0}" = 1 ]; }
alive() { [ -n "${PID[$1]:-}" ] && kill -0 "${PID[$1]}" 2>/dev/null; }

# Marks a target down (its remaining cells print n/a) if its process died.
check_alive() {
  local t=$1
  [ "${UP[$t]:-0}" = 1 ] || return 1
  if ! alive "$t"; then
    local st
    wait "${PID[$t]}" 2>/dev/null
    st=$?
    PID[$t]=""
    UP[$t]=0
    note "${NAME[$t]} process died (exit status $st); last log lines: $(tail -n 5 "$T/$t/log" 2>/dev/null | tr '\n' ' ')"
    return 1
  fi
  return 0
}

wait_ready() {
  local t=$1 code deadline=$((SECONDS + READY_TIMEOUT))
  while [ $SECONDS -lt $deadline ]; do
    alive "$t" || return 1
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "${BASE[$t]}/v2/" 2>/dev/null)
    case "$code" in 200 | 401) return 0 ;; esac
    sleep 0.2
  done
  return 1
}

# --------------------------------------------------------------- servers
start_proc() { # target, command... ; logs to $T/target/log
  local t=$1; shift
  "$@" >"$T/$t/log" 2>&1 &
  PID[$t]=$!
}

start_berth() {
  local t=berth
  mkdir -p "$T/$t/data"
  if [ -z "$BERTH_BIN" ] || [ ! -x "$BERTH_BIN" ]; then
    note "Berth binary '${BERTH_BIN:-<none given>}' is missing or not executable: Berth column is n/a"
    return 1
  fi
  PORT[$t]=$(free_port)
  BASE[$t]="http://127.0.0.1:${PORT[$t]}"
  cat >"$T/$t/config.yml" <<EOF
listen: "127.0.0.1:${PORT[$t]}"
dataDir: $T/$t/data
log:
  level: warn
EOF
  start_proc "$t" "$BERTH_BIN" serve --config "$T/$t/config.yml"
  if ! wait_ready "$t"; then
    note "Berth did not answer GET /v2/ within ${READY_TIMEOUT}s (cmd: $BERTH_BIN serve --config FILE); log tail: $(tail -n 5 "$T/$t/log" | tr '\n' ' ')"
    kill -TERM "${PID[$t]}" 2>/dev/null
    sleep 0.5
    kill -KILL "${PID[$t]}" 2>/dev/null
    wait "${PID[$t]}" 2>/dev/null
    PID[$t]=""
    return 1
  fi
  setup_auth "$t" || return 1
}

# Decides the Authorization header for Berth: BERTH_USER/BERTH_PASS when set,
# else admin/Harbor12345 when /v2/ answers 401. Handles Basic and Bearer (token) challenges.
setup_auth() {
  local t=$1 code hdrs user pass challenge realm service token
  hdrs="$T/$t/v2.headers"
  code=$(curl -s -D "$hdrs" -o /dev/null -w '%{http_code}' --max-time 5 "${BASE[$t]}/v2/")
  user=${BERTH_USER:-}
  pass=${BERTH_PASS:-}
  if [ -z "$user" ] && [ "$code" = 401 ]; then user=$DEFAULT_USER pass=$DEFAULT_PASS; fi
  [ -n "$user" ] || return 0
  # Berth, like Harbor, pushes only into existing projects: create the benchmark's project
  # (a 409 on a second start is fine).
  curl -s -o /dev/null --max-time 10 -u "$user:$pass" -H 'Content-Type: application/json' \
    --data "{\"project_name\":\"${REPO%%/*}\"}" "${BASE[$t]}/api/v2.0/projects" || true
  challenge=$(grep -i '^www-authenticate:' "$hdrs" | head -n 1 | cut -d' ' -f2- | tr -d '\r')
  if [[ "$challenge" =~ ^[Bb]earer ]]; then
    realm=$(sed -n 's/.*realm="\([^"]*\)".*/\1/p' <<<"$challenge")
    service=$(sed -n 's/.*service="\([^"]*\)".*/\1/p' <<<"$challenge")
    token=$(curl -s --max-time 10 -u "$user:$pass" -G "$realm" --data-urlencode "service=$service" \
      --data-urlencode "scope=repository:$REPO:pull,push" --data-urlencode "scope=repository:$PUSH_REPO:pull,push" |
      python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("token") or d.get("access_token") or "")' 2>/dev/null)
    [ -n "$token" ] || { note "Berth: could not get a bearer token from '$realm' as $user"; return 1; }
    AUTH[$t]="Bearer $token"
  else
    AUTH[$t]="Basic $(printf '%s:%s' "$user" "$pass" | base64 -w0)"
  fi
  code=$(tcurl "$t" -s -o /dev/null -w '%{http_code}' --max-time 5 "${BASE[$t]}/v2/")
  if [ "$code" != 200 ]; then
    note "Berth: GET /v2/ as $user answers $code, not 200"
    return 1
  fi
  log "Berth: using ${AUTH[$t]%% *} auth as $user"
}

start_registry() {
  local t=registry
  mkdir -p "$T/$t/data"
  PORT[$t]=$(free_port)
  BASE[$t]="http://127.0.0.1:${PORT[$t]}"
  cat >"$T/$t/config.yml" <<EOF
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $T/$t/data
  delete:
    enabled: true
  cache:
    blobdescriptor: inmemory
http:
  addr: 127.0.0.1:${PORT[$t]}
  secret: berth-bench-secret
EOF
  start_proc "$t" docker-registry serve "$T/$t/config.yml"
  wait_ready "$t" || { note "docker-registry did not start; log: $(tail -n 5 "$T/$t/log" | tr '\n' ' ')"; return 1; }
}

start_nginx() {
  local t=nginx user_line=""
  mkdir -p "$T/$t/www" "$T/$t/tmp"
  PORT[$t]=$(free_port)
  BASE[$t]="http://127.0.0.1:${PORT[$t]}"
  [ "$(id -u)" = 0 ] && user_line="user root root;"
  cat >"$T/$t/nginx.conf" <<EOF
$user_line
worker_processes $(nproc);
worker_rlimit_nofile 65536;
pid $T/$t/nginx.pid;
error_log $T/$t/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  keepalive_timeout 300s;
  types { }
  default_type application/octet-stream;
  client_body_temp_path $T/$t/tmp/body;
  proxy_temp_path $T/$t/tmp/proxy;
  fastcgi_temp_path $T/$t/tmp/fastcgi;
  uwsgi_temp_path $T/$t/tmp/uwsgi;
  scgi_temp_path $T/$t/tmp/scgi;
  server {
    listen 127.0.0.1:${PORT[$t]} backlog=4096;
    root $T/$t/www;
    location = /v2/ { default_type application/json; return 200 '{}'; }
    location ~ ^/v2/.+/manifests/ { default_type application/vnd.oci.image.manifest.v1+json; }
    location / { }
  }
}
EOF
  start_proc "$t" nginx -e "$T/$t/error.log" -p "$T/$t" -c "$T/$t/nginx.conf" -g 'daemon off; master_process on;'
  wait_ready "$t" || { note "nginx did not start; log: $(tail -n 5 "$T/$t/error.log" "$T/$t/log" | tr '\n' ' ')"; return 1; }
}

# ----------------------------------------------------------- OCI helpers
# Monolithic upload: POST /v2/<repo>/blobs/uploads/ then PUT <location>?digest=...
# with the whole body. Prints the POST+PUT transfer time in seconds (curl's
# time_total, which excludes curl loading the file into memory). Returns non-zero on error.
push_blob() {
  local t=$1 repo=$2 file=$3 digest=$4 out code t1 t2 loc sep hdrs
  hdrs="$T/$t/post.headers"
  out=$(tcurl "$t" -sS -X POST -D "$hdrs" -o /dev/null -w '%{http_code} %{time_total}' --max-time 30 \
    "${BASE[$t]}/v2/$repo/blobs/uploads/") || { echo "POST failed: $out" >&2; return 1; }
  read -r code t1 <<<"$out"
  if [ "$code" != 202 ]; then echo "POST /v2/$repo/blobs/uploads/ answered $code" >&2; return 1; fi
  loc=$(grep -i '^location:' "$hdrs" | tail -n 1 | cut -d' ' -f2- | tr -d '\r')
  case "$loc" in
    http://* | https://*) ;;
    /*) loc="${BASE[$t]}$loc" ;;
    *) echo "POST answered 202 without a usable Location ('$loc')" >&2; return 1 ;;
  esac
  sep='?'
  [[ "$loc" == *\?* ]] && sep='&'
  out=$(tcurl "$t" -sS -X PUT -H 'Content-Type: application/octet-stream' -H 'Expect:' \
    --data-binary @"$file" -o "$T/$t/put.body" -w '%{http_code} %{time_total}' --max-time 300 \
    "$loc${sep}digest=$digest") || { echo "PUT failed: $out" >&2; return 1; }
  read -r code t2 <<<"$out"
  if [ "$code" != 201 ]; then echo "PUT <location>?digest= answered $code: $(head -c 300 "$T/$t/put.body")" >&2; return 1; fi
  awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.6f\n", a + b }'
}

populate() {
  local t=$1 err code dgst
  if [ "$t" = nginx ]; then
    mkdir -p "$T/nginx/www/v2/$REPO/blobs" "$T/nginx/www/v2/$REPO/manifests"
    ln -f "$LAYER_FILE" "$T/nginx/www/v2/$REPO/blobs/$LAYER_DIGEST" 2>/dev/null || cp "$LAYER_FILE" "$T/nginx/www/v2/$REPO/blobs/$LAYER_DIGEST"
    cp "$CONFIG_FILE" "$T/nginx/www/v2/$REPO/blobs/$CONFIG_DIGEST"
    cp "$MANIFEST_FILE" "$T/nginx/www/v2/$REPO/manifests/$TAG"
  else
    err=$(push_blob "$t" "$REPO" "$CONFIG_FILE" "$CONFIG_DIGEST" 2>&1 >/dev/null) || { note "${NAME[$t]}: pushing the config blob failed: $err"; return 1; }
    err=$(push_blob "$t" "$REPO" "$LAYER_FILE" "$LAYER_DIGEST" 2>&1 >/dev/null) || { note "${NAME[$t]}: pushing the ${BLOB_MB} MiB layer failed: $err"; return 1; }
    code=$(tcurl "$t" -sS -X PUT -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' \
      --data-binary @"$MANIFEST_FILE" -o "$T/$t/manifest.put" -w '%{http_code}' --max-time 30 \
      "${BASE[$t]}/v2/$REPO/manifests/$TAG")
    [ "$code" = 201 ] || { note "${NAME[$t]}: PUT manifest answered $code: $(head -c 300 "$T/$t/manifest.put")"; return 1; }
  fi
  # Verify all three serve identical bytes.
  code=$(tcurl "$t" -sS -H "Accept: $ACCEPT" -o "$T/$t/manifest.got" -w '%{http_code}' --max-time 10 \
    "${BASE[$t]}/v2/$REPO/manifests/$TAG")
  dgst="sha256:$(sha256sum <"$T/$t/manifest.got" | cut -d' ' -f1)"
  [ "$code" = 200 ] && [ "$dgst" = "$MANIFEST_DIGEST" ] ||
    { note "${NAME[$t]}: GET manifest by tag answered $code with digest $dgst (expected $MANIFEST_DIGEST)"; return 1; }
  dgst="sha256:$(tcurl "$t" -sS -L --max-time 60 "${BASE[$t]}/v2/$REPO/blobs/$LAYER_DIGEST" | sha256sum | cut -d' ' -f1)"
  [ "$dgst" = "$LAYER_DIGEST" ] || { note "${NAME[$t]}: GET layer blob returned digest $dgst (expected $LAYER_DIGEST)"; return 1; }
  return 0
}

# ------------------------------------------------------------ benchmarks
bench_manifest() {
  local t=$1 line req dur p50 p99 non2xx errs
  BENCH_AUTH="${AUTH[$t]:-}" wrk -t"$WRK_THREADS" -c"$WRK_CONNS" -d"$DURATION" --timeout 5s \
    -s "$HERE/manifest.lua" "${BASE[$t]}/v2/$REPO/manifests/$TAG" >"$T/$t/wrk.out" 2>&1 &
  CUR_CHILDREN=("$!") # waited in the background so that Ctrl-C/TERM cleans up at once
  wait "$!"
  CUR_CHILDREN=()
  line=$(grep '^WRK_RESULT' "$T/$t/wrk.out" | tail -n 1)
  if [ -z "$line" ]; then note "${NAME[$t]}: wrk produced no result: $(tail -n 3 "$T/$t/wrk.out" | tr '\n' ' ')"; return 1; fi
  read -r _ req dur p50 p99 non2xx errs _ <<<"$line"
  if [ "$non2xx" -gt 0 ] || [ "$errs" -gt 0 ]; then
    note "${NAME[$t]}: manifest GET had $non2xx non-2xx responses and $errs socket errors out of $req requests"
  fi
  add_sample mrps "$t" "$(awk -v r="$req" -v d="$dur" 'BEGIN { printf "%.1f", r / (d / 1e6) }')"
  add_sample mp99 "$t" "$(awk -v p="$p99" 'BEGIN { printf "%.3f", p / 1000 }')"
  add_sample mp50 "$t" "$(awk -v p="$p50" 'BEGIN { printf "%.3f", p / 1000 }')"
}

bench_blob_get() { # target clients metric
  local t=$1 n=$2 metric=$3 i start end pids=() bad=0 code size
  local url="${BASE[$t]}/v2/$REPO/blobs/$LAYER_DIGEST"
  start=$(now_ns)
  for ((i = 1; i <= n; i++)); do
    tcurl "$t" -sS -L -o /dev/null -w '%{http_code} %{size_download}\n' --max-time 120 "$url" >"$T/$t/get.$i" 2>&1 &
    pids+=("$!")
  done
  CUR_CHILDREN=("${pids[@]}")
  for i in "${pids[@]}"; do wait "$i"; done
  CUR_CHILDREN=()
  end=$(now_ns)
  for ((i = 1; i <= n; i++)); do
    read -r code size <"$T/$t/get.$i"
    if [ "$code" != 200 ] || [ "$size" != "$LAYER_SIZE" ]; then
      bad=1
      note "${NAME[$t]}: blob GET ($n clients) client $i got: $(head -c 200 "$T/$t/get.$i")"
    fi
  done
  [ $bad = 0 ] || return 1
  add_sample "$metric" "$t" "$(awk -v n="$n" -v s="$LAYER_SIZE" -v ns=$((end - start)) 'BEGIN { printf "%.1f", n * s / (ns / 1e9) / 1e6 }')"
}

bench_push() {
  local t=$1 file="$T/push.bin" digest secs code
  head -c "$PUSH_BYTES" /dev/urandom >"$file"
  digest="sha256:$(sha256sum "$file" | cut -d' ' -f1)"
  if ! secs=$(push_blob "$t" "$PUSH_REPO" "$file" "$digest" 2>"$T/$t/push.err"); then
    note "${NAME[$t]}: monolithic push failed: $(head -c 300 "$T/$t/push.err")"
    rm -f "$file"
    return 1
  fi
  rm -f "$file"
  if [ "$t" != sink ]; then
    code=$(tcurl "$t" -sS -I -o /dev/null -w '%{http_code}' --max-time 10 "${BASE[$t]}/v2/$PUSH_REPO/blobs/$digest")
    [ "$code" = 200 ] || note "${NAME[$t]}: HEAD of a just-pushed blob answered $code"
  fi
  add_sample push "$t" "$(awk -v s="$PUSH_BYTES" -v x="$secs" 'BEGIN { printf "%.1f", s / x / 1e6 }')"
}

bench_idle_conns() {
  local t=$1 line opened answered alive rss
  coproc IC { python3 "$HERE/idle_conns.py" "${PORT[$t]}" "$IDLE_CONNS" "${AUTH[$t]:-}"; }
  local icpid=$IC_PID
  CUR_CHILDREN=("$icpid")
  if ! read -r -t 90 line <&"${IC[0]}"; then
    note "${NAME[$t]}: idle-connection script did not get ready"
    kill "$icpid" 2>/dev/null
    wait "$icpid" 2>/dev/null
    CUR_CHILDREN=()
    return 1
  fi
  sleep 2
  rss=$(rss_kb "${PID[$t]}")
  echo go >&"${IC[1]}"
  read -r -t 30 alive <&"${IC[0]}"
  wait "$icpid" 2>/dev/null
  CUR_CHILDREN=()
  opened=$(sed -n 's/.*opened=\([0-9]*\).*/\1/p' <<<"$line")
  answered=$(sed -n 's/.*answered=\([0-9]*\).*/\1/p' <<<"$line")
  alive=${alive#ALIVE }
  log "${NAME[$t]}: $line, still open after measuring: $alive, RSS ${rss} KiB"
  [ "${answered:-0}" = "$IDLE_CONNS" ] ||
    note "${NAME[$t]}: of $IDLE_CONNS idle connections, ${opened:-0} connected and only ${answered:-0} got an HTTP response ($line)"
  [ -n "$rss" ] && add_sample rss_conns "$t" "$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')"
  add_sample conns_alive "$t" "${alive:-0}"
}

record_rss() { # metric
  local t kb
  for t in "${TARGETS[@]}"; do
    [ "${UP[$t]:-0}" = 1 ] && check_alive "$t" || continue
    kb=$(rss_kb "${PID[$t]}")
    [ -n "$kb" ] && add_sample "$1" "$t" "$(awk -v k="$kb" 'BEGIN { printf "%.1f", k / 1024 }')"
  done
}

# Each run visits the targets in a rotated order so none always goes first.
order_for_run() {
  local r=$1 i n=${#TARGETS[@]}
  for ((i = 0; i < n; i++)); do echo "${TARGETS[$(((i + r) % n))]}"; done
}

# ------------------------------------------------------------------ main
START_SECONDS=$SECONDS
log "temp dir $T; RUNS=$RUNS DURATION=$DURATION blob=${BLOB_MB}MiB"

log "generating the test image (config + ${BLOB_MB} MiB gzip'd tar layer + OCI manifest)"
eval "$(python3 "$HERE/make_image.py" "$T/image" "$BLOB_MB")"
[ -s "${LAYER_FILE:-}" ] && [ -s "${MANIFEST_FILE:-}" ] || die "make_image.py failed"
PUSH_BYTES=$((BLOB_MB * 1024 * 1024))

log "starting servers"
start_berth && UP[berth]=1 || UP[berth]=0
start_registry && UP[registry]=1 || UP[registry]=0
start_nginx && UP[nginx]=1 || UP[nginx]=0
for t in "${TARGETS[@]}"; do
  [ "${UP[$t]}" = 1 ] && log "${NAME[$t]} up on ${BASE[$t]} (pid ${PID[$t]})"
done
sleep 1
record_rss rss_start

BERTH_VERSION=""
if [ -n "$BERTH_BIN" ] && [ -x "$BERTH_BIN" ]; then
  BERTH_VERSION=$(timeout 5 "$BERTH_BIN" --version 2>&1 | head -n 1)
fi

log "populating each server with the same image"
for t in "${TARGETS[@]}"; do
  [ "${UP[$t]}" = 1 ] || continue
  if populate "$t"; then POP[$t]=1; else
    POP[$t]=0
    note "${NAME[$t]}: population failed, so its GET results are n/a"
  fi
  check_alive "$t"
done

# A quick probe that matters to curl-like clients: does the server answer
# `Expect: 100-continue`? (curl waits 1 s for `100 Continue` before sending a large body.)
probe_expect() {
  local t=$1 d hdrs loc sep out code secs
  hdrs="$T/$t/expect.headers"
  head -c $((2 * 1024 * 1024)) /dev/urandom >"$T/expect.bin"
  d="sha256:$(sha256sum "$T/expect.bin" | cut -d' ' -f1)"
  code=$(tcurl "$t" -sS -X POST -D "$hdrs" -o /dev/null -w '%{http_code}' --max-time 10 \
    "${BASE[$t]}/v2/$PUSH_REPO/blobs/uploads/" 2>/dev/null)
  loc=$(grep -i '^location:' "$hdrs" 2>/dev/null | tail -n 1 | cut -d' ' -f2- | tr -d '\r')
  [ "$code" = 202 ] && [ -n "$loc" ] || { rm -f "$T/expect.bin"; return 0; } # the push benchmark reports this
  [[ "$loc" == /* ]] && loc="${BASE[$t]}$loc"
  sep='?'
  [[ "$loc" == *\?* ]] && sep='&'
  out=$(tcurl "$t" -sS -X PUT -H 'Content-Type: application/octet-stream' -H 'Expect: 100-continue' \
    --data-binary @"$T/expect.bin" -o /dev/null -w '%{http_code} %{time_total}' --max-time 20 \
    "$loc${sep}digest=$d" 2>&1)
  read -r code secs <<<"$out"
  if [ "$code" != 201 ] || awk -v s="${secs:-9}" 'BEGIN { exit !(s > 0.9) }'; then
    note "${NAME[$t]}: a 2 MiB PUT with 'Expect: 100-continue' answered '$code' after ${secs:-?} s (curl waits 1 s when the server sends no '100 Continue'); the benchmark itself sends an empty 'Expect:'"
  fi
  rm -f "$T/expect.bin"
}
for t in berth registry; do
  [ "${UP[$t]}" = 1 ] && probe_expect "$t"
done

log "manifest GET by tag: wrk -t$WRK_THREADS -c$WRK_CONNS -d$DURATION, $RUNS runs"
for ((r = 0; r < RUNS; r++)); do
  for t in $(order_for_run "$r"); do
    check_alive "$t" && populated "$t" || continue
    bench_manifest "$t"
    check_alive "$t"
  done
done
sleep 2
record_rss rss_after_manifest

log "RSS with $IDLE_CONNS idle keep-alive connections"
for t in "${TARGETS[@]}"; do
  check_alive "$t" || continue
  bench_idle_conns "$t"
  check_alive "$t"
done

log "blob GET (${BLOB_MB} MiB): 1 client and $PARALLEL parallel clients, $RUNS runs"
for ((r = 0; r < RUNS; r++)); do
  for t in $(order_for_run "$r"); do
    check_alive "$t" && populated "$t" || continue
    bench_blob_get "$t" 1 get1
    check_alive "$t" || continue
    bench_blob_get "$t" "$PARALLEL" getN
    check_alive "$t"
  done
done

log "single-core SHA-256: openssl speed -evp sha256 -bytes 16384 -seconds $SHA_SECONDS"
SHA_MBS=$(openssl speed -evp sha256 -bytes 16384 -seconds "$SHA_SECONDS" 2>/dev/null |
  awk 'tolower($1) == "sha256" && $NF ~ /k$/ { v = $NF; sub(/k$/, "", v); printf "%.1f", v * 1000 / 1e6 }')
[ -n "$SHA_MBS" ] || { SHA_MBS=""; note "could not parse openssl speed output"; }

# The push ceiling: the same curl command into a receiver that only reads and hashes.
start_sink() {
  local t=sink line
  mkdir -p "$T/$t"
  PORT[$t]=$(free_port)
  BASE[$t]="http://127.0.0.1:${PORT[$t]}"
  # exec: the coprocess is python itself, so stop_sink's kill reaches it (no shell in between).
  coproc SINK { exec python3 "$HERE/hash_sink.py" "${PORT[$t]}" 2>"$T/$t/log"; }
  PID[$t]=$SINK_PID
  CUR_CHILDREN=("$SINK_PID")
  read -r -t 10 line <&"${SINK[0]}" && [ "$line" = ready ] || { note "hash_sink.py did not start: $(head -c 300 "$T/$t/log")"; return 1; }
  UP[$t]=1
}
stop_sink() {
  [ -n "${PID[sink]:-}" ] && kill -TERM "${PID[sink]}" 2>/dev/null && wait "${PID[sink]}" 2>/dev/null
  PID[sink]="" UP[sink]=0 CUR_CHILDREN=()
}

log "monolithic push of a distinct random ${BLOB_MB} MiB blob: $RUNS runs (and into bench/hash_sink.py)"
start_sink || UP[sink]=0
for ((r = 0; r < RUNS; r++)); do
  for t in $(order_for_run "$r") sink; do
    [ "$t" = nginx ] && continue
    [ "$t" = sink ] && { [ "${UP[sink]}" = 1 ] && bench_push sink; continue; }
    check_alive "$t" || continue
    bench_push "$t"
    check_alive "$t"
  done
done
stop_sink
sleep 1
record_rss rss_end

# ---------------------------------------------------------------- report
cell() { # metric target -> median or n/a
  local v=${SAMPLES["$1|$2"]:-}
  # shellcheck disable=SC2086
  [ -n "${v// /}" ] && median $v || echo "n/a"
}
fmt() { [ "$1" = n/a ] && echo n/a || awk -v x="$1" -v d="${2:-1}" 'BEGIN { printf "%.*f", d, x }'; }
ratio() { # a b -> "a/b×"
  if [ "$1" = n/a ] || [ "$2" = n/a ] || awk -v b="$2" 'BEGIN { exit !(b == 0) }'; then echo "—"; return; fi
  awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f×", a / b }'
}
row() { # label metric decimals [show_nginx]
  local label=$1 m=$2 d=${3:-1} b r n
  b=$(cell "$m" berth); r=$(cell "$m" registry); n=$(cell "$m" nginx)
  [ "${4:-1}" = 1 ] || n=n/a
  printf '| %s | %s | %s | %s | %s | %s |\n' "$label" "$(fmt "$b" "$d")" "$(fmt "$r" "$d")" "$(fmt "$n" "$d")" \
    "$(ratio "$b" "$r")" "$(ratio "$b" "$n")"
}
pct() { # metric target
  local v
  v=$(cell "$1" "$2")
  if [ "$v" = n/a ] || [ -z "$SHA_MBS" ]; then echo n/a; return; fi
  awk -v v="$v" -v s="$SHA_MBS" 'BEGIN { printf "%.0f%%", 100 * v / s }'
}

report() {
  local elapsed=$((SECONDS - START_SECONDS)) t m
  echo "## Berth benchmark"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ); host: $(nproc) cores, $(uname -sr); all traffic on 127.0.0.1"
  echo "- Berth: \`${BERTH_BIN:-none}\` ${BERTH_VERSION:+($BERTH_VERSION)}; peer: docker-registry $(docker-registry --version 2>/dev/null | awk '{print $NF}'); limit: nginx $(nginx -v 2>&1 | sed 's|.*/||')"
  echo "- RUNS=$RUNS (medians shown), manifest: \`wrk -t$WRK_THREADS -c$WRK_CONNS -d$DURATION\`, blob = $LAYER_SIZE bytes, push = $PUSH_BYTES bytes, MB = 10^6 bytes, RSS in MiB; wall time ${elapsed}s"
  echo
  echo "| Metric | Berth | docker-registry | nginx (static) | Berth / registry | Berth / nginx |"
  echo "|---|---:|---:|---:|---:|---:|"
  row "Manifest GET by tag, req/s (higher is better)" mrps 0
  row "Manifest GET by tag, p99 latency ms (lower is better)" mp99 2
  row "Manifest GET by tag, p50 latency ms (lower is better)" mp50 2
  row "Blob GET ${BLOB_MB} MiB, 1 client, MB/s (higher is better)" get1 0
  row "Blob GET ${BLOB_MB} MiB, $PARALLEL clients, aggregate MB/s (higher is better)" getN 0
  row "Monolithic push ${BLOB_MB} MiB, MB/s (higher is better)" push 0 0
  printf '| Push ceiling: the same curl into a receiver that only hashes (bench/hash_sink.py), MB/s | — | — | %s | — | %s |\n' \
    "$(fmt "$(cell push sink)" 0)" "$(ratio "$(cell push berth)" "$(cell push sink)")"
  printf '| Push as %% of single-core SHA-256 (%s MB/s; target ≥70%%) | %s | %s | %s (ceiling) | — | — |\n' \
    "${SHA_MBS:-n/a}" "$(pct push berth)" "$(pct push registry)" "$(pct push sink)"
  row "RSS idle after startup, MiB (lower is better)" rss_start 1
  row "RSS idle after manifest benchmark, MiB (lower is better)" rss_after_manifest 1
  row "RSS with $IDLE_CONNS idle keep-alive connections, MiB (lower is better)" rss_conns 1
  row "… of those $IDLE_CONNS connections still open when measured" conns_alive 0
  row "RSS at the end (after blob GET and push), MiB" rss_end 1
  echo
  if [ ${#NOTES[@]} -gt 0 ]; then
    echo "### Notes"
    echo
    for m in "${NOTES[@]}"; do echo "- $m"; done
    echo
  fi
  echo "<details><summary>Raw samples</summary>"
  echo
  echo '```'
  for m in mrps mp99 mp50 get1 getN push rss_start rss_after_manifest rss_conns conns_alive rss_end; do
    for t in "${TARGETS[@]}" sink; do
      [ -n "${SAMPLES["$m|$t"]:-}" ] && printf '%-20s %-9s%s\n' "$m" "$t" "${SAMPLES["$m|$t"]}"
    done
  done
  echo '```'
  echo "</details>"
}

if [ -n "$BENCH_OUT" ]; then
  report | tee "$BENCH_OUT"
else
  report
fi
