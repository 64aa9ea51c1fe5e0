#!/usr/bin/env bash
# Pull-through cache benchmark: the same image pulled (skopeo copy to a dir:) directly from an
# upstream docker-registry, through a cold and a warm Berth proxy-cache project, and through
# docker-registry's own pull-through mode (proxy.remoteurl), all on this machine in one run.
#
# Usage: bench/proxy_bench.sh PATH_TO_BERTH [RUNS=5 LAYERS=4 LAYER_MB=25]
# Prints medians (seconds) and ratios to the direct pull. Cold runs use a fresh data dir each.
set -uo pipefail
BERTH_BIN=$(readlink -f "${1:?usage: bench/proxy_bench.sh PATH_TO_BERTH}")
RUNS=${RUNS:-5}
LAYERS=${LAYERS:-4}
LAYER_MB=${LAYER_MB:-25}

T=$(mktemp -d /tmp/berth-proxy-bench.XXXXXX)
PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
log() { echo "[proxy-bench $(date +%H:%M:%S)] $*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() { local i; for ((i = 0; i < 100; i++)); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done; return 1; }
now() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# registry NAME PORT [extra yaml]: docker-registry with data under $T/NAME
registry() {
  mkdir -p "$T/$1"
  cat >"$T/$1.yml" <<YML
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $T/$1}, delete: {enabled: true}}
http: {addr: 127.0.0.1:$2, secret: bench}
${3:-}
YML
  docker-registry serve "$T/$1.yml" >"$T/$1.log" 2>&1 &
  PIDS+=($!)
  wait_up "http://127.0.0.1:$2/v2/" || { log "registry $1 did not start"; exit 1; }
}

UP=$(free_port)
registry upstream "$UP"
log "building a ${LAYERS}x${LAYER_MB} MiB image"
L=$T/layout
umoci init --layout "$L" >/dev/null && umoci new --image "$L:img" >/dev/null
for ((i = 1; i <= LAYERS; i++)); do
  mkdir -p "$T/src$i/l$i" && head -c $((LAYER_MB << 20)) /dev/urandom >"$T/src$i/l$i/data"
  umoci insert --image "$L:img" "$T/src$i" / >/dev/null && rm -rf "$T/src$i"
done
skopeo copy -q --insecure-policy --dest-tls-verify=false "oci:$L:img" "docker://127.0.0.1:$UP/team/img:v1" || exit 1

pull() { # URL-PREFIX [creds]: seconds for a full pull into a fresh dir
  rm -rf "$T/out"
  local t0 t1
  t0=$(now)
  skopeo copy -q --insecure-policy --src-tls-verify=false ${2:+--src-creds "$2"} \
    "docker://$1/team/img:v1" "dir:$T/out" || { log "pull from $1 failed"; return 1; }
  t1=$(now)
  secs "$t0" "$t1"
}

start_berth() { # fresh data dir; sets BP
  BP=$(free_port)
  rm -rf "$T/berth"
  mkdir -p "$T/berth"
  BERTH_LISTEN=127.0.0.1:$BP BERTH_DATA_DIR=$T/berth BERTH_ACCESS_LOG=false "$BERTH_BIN" serve >"$T/berth.log" 2>&1 &
  BPID=$!
  PIDS+=($BPID)
  wait_up "http://127.0.0.1:$BP/v2/" || { log "berth did not start"; exit 1; }
  curl -s -u admin:Harbor12345 -H 'Content-Type: application/json' -o /dev/null \
    -d "{\"name\":\"up\",\"type\":\"docker-registry\",\"url\":\"http://127.0.0.1:$UP\"}" "http://127.0.0.1:$BP/api/v2.0/registries"
  curl -s -u admin:Harbor12345 -H 'Content-Type: application/json' -o /dev/null \
    -d '{"project_name":"p","registry_id":1,"metadata":{"public":"true"}}' "http://127.0.0.1:$BP/api/v2.0/projects"
}
stop_pid() { kill -TERM "$1" 2>/dev/null; wait "$1" 2>/dev/null; }

declare -A S=()
for ((r = 1; r <= RUNS; r++)); do
  log "run $r/$RUNS"
  S[direct]+=" $(pull "127.0.0.1:$UP")"
  start_berth
  S[berth_cold]+=" $(pull "127.0.0.1:$BP/p")"
  S[berth_warm]+=" $(pull "127.0.0.1:$BP/p")"
  stop_pid "$BPID"
  DP=$(free_port)
  rm -rf "$T/dproxy"
  registry dproxy "$DP" "proxy: {remoteurl: http://127.0.0.1:$UP}"
  DPID=${PIDS[-1]}
  S[dist_cold]+=" $(pull "127.0.0.1:$DP")"
  S[dist_warm]+=" $(pull "127.0.0.1:$DP")"
  stop_pid "$DPID"
done

d=$(echo "${S[direct]}" | median)
echo "| pull of ${LAYERS}x${LAYER_MB} MiB (median of $RUNS) | seconds | ratio to direct |"
echo "|---|---|---|"
for k in direct berth_cold berth_warm dist_cold dist_warm; do
  m=$(echo "${S[$k]}" | median)
  printf '| %s | %s | %s |\n' "$k" "$m" "$(awk -v a="$m" -v b="$d" 'BEGIN { printf "%.2f", a / b }')"
done
