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

BENCH_NAME=proxy-bench BENCH_TMP_PREFIX=berth-proxy-bench
. "$(dirname "${BASH_SOURCE[0]}")/bench_lib.sh"

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
