#!/usr/bin/env bash
# Replication benchmark: IMAGES distinct images of LAYERS layers replicated from a Berth project
# to a docker-registry by a push-mode policy, against `skopeo sync` copying the same images
# between two docker-registry instances, all on this machine in one run. Each run starts from
# empty destinations (first run), then runs again with nothing new (no-op run).
#
# Usage: bench/replication_bench.sh PATH_TO_BERTH [RUNS=3 IMAGES=50 LAYERS=3 LAYER_KB=1024]
# Prints medians (seconds) and the ratios Berth / skopeo.
set -uo pipefail
BERTH_BIN=$(readlink -f "${1:?usage: bench/replication_bench.sh PATH_TO_BERTH}")
RUNS=${RUNS:-3}
IMAGES=${IMAGES:-50}
LAYERS=${LAYERS:-3}
LAYER_KB=${LAYER_KB:-1024}

BENCH_NAME=repl-bench BENCH_TMP_PREFIX=berth-repl-bench
. "$(dirname "${BASH_SOURCE[0]}")/bench_lib.sh"

# registry NAME PORT: a fresh docker-registry with data under $T/NAME; sets REGPID
registry() {
  rm -rf "$T/$1" && mkdir -p "$T/$1"
  cat >"$T/$1.yml" <<YML
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $T/$1}, delete: {enabled: true}}
http: {addr: 127.0.0.1:$2, secret: bench}
YML
  docker-registry serve "$T/$1.yml" >"$T/$1.log" 2>&1 &
  REGPID=$!
  PIDS+=($REGPID)
  wait_up "http://127.0.0.1:$2/v2/" || { log "registry $1 did not start"; exit 1; }
}

log "building $IMAGES images of $LAYERS x $LAYER_KB KiB"
L=$T/layout
umoci init --layout "$L" >/dev/null
for ((n = 1; n <= IMAGES; n++)); do
  umoci new --image "$L:img$n" >/dev/null
  for ((i = 1; i <= LAYERS; i++)); do
    mkdir -p "$T/s/l$i" && head -c $((LAYER_KB << 10)) /dev/urandom >"$T/s/l$i/data"
    umoci insert --image "$L:img$n" "$T/s" / >/dev/null && rm -rf "$T/s"
  done
done

SRC=$(free_port)
registry src "$SRC"
BP=$(free_port)
mkdir -p "$T/berth"
BERTH_LISTEN=127.0.0.1:$BP BERTH_DATA_DIR=$T/berth BERTH_ACCESS_LOG=false BERTH_LOG_LEVEL=warn \
  "$BERTH_BIN" serve >"$T/berth.log" 2>&1 &
PIDS+=($!)
wait_up "http://127.0.0.1:$BP/v2/" || { log "berth did not start"; exit 1; }
api() { curl -s -u admin:Harbor12345 -H 'Content-Type: application/json' "$@"; }
api -o /dev/null -d '{"project_name":"bench","metadata":{"public":"false"}}' "http://127.0.0.1:$BP/api/v2.0/projects"
log "loading the source registries"
for ((n = 1; n <= IMAGES; n++)); do
  skopeo copy -q --insecure-policy --dest-tls-verify=false "oci:$L:img$n" "docker://127.0.0.1:$SRC/bench/img$n:v1" || exit 1
  skopeo copy -q --insecure-policy --dest-tls-verify=false --dest-creds admin:Harbor12345 \
    "oci:$L:img$n" "docker://127.0.0.1:$BP/bench/img$n:v1" || exit 1
done

# One destination port for both tools; a fresh registry behind it for every first run.
DST=$(free_port)
registry dst "$DST"
api -o /dev/null -d "{\"name\":\"dst\",\"type\":\"docker-registry\",\"url\":\"http://127.0.0.1:$DST\"}" \
  "http://127.0.0.1:$BP/api/v2.0/registries"
RID=$(api "http://127.0.0.1:$BP/api/v2.0/registries?q=name=dst" | jq -r '.[0].id')
api -o /dev/null -d "{\"name\":\"bench\",\"dest_registry\":{\"id\":$RID},\"filters\":[{\"type\":\"name\",\"value\":\"bench/**\"}],\"trigger\":{\"type\":\"manual\"},\"enabled\":true}" \
  "http://127.0.0.1:$BP/api/v2.0/replication/policies"
PID_=$(api "http://127.0.0.1:$BP/api/v2.0/replication/policies?q=name=bench" | jq -r '.[0].id')

berth_run() { # seconds from POST to the execution's end
  local t0 t1 loc st
  t0=$(now)
  loc=$(api -D - -o /dev/null -d "{\"policy_id\":$PID_}" "http://127.0.0.1:$BP/api/v2.0/replication/executions" |
    tr -d '\r' | awk 'tolower($1)=="location:" {print $2}')
  while :; do
    st=$(api "http://127.0.0.1:$BP$loc" | jq -r .status)
    [[ $st != InProgress ]] && break
    sleep 0.02
  done
  t1=$(now)
  [[ $st == Succeed ]] || { log "berth execution ended $st"; api "http://127.0.0.1:$BP$loc/tasks?status=Failed" >&2; }
  secs "$t0" "$t1"
}
skopeo_run() {
  local t0 t1 yaml=$T/sync.yml
  { echo "127.0.0.1:$SRC:"; echo "  tls-verify: false"; echo "  images:";
    for ((n = 1; n <= IMAGES; n++)); do echo "    bench/img$n: [v1]"; done; } >"$yaml"
  t0=$(now)
  skopeo sync --insecure-policy --src yaml --dest docker --dest-tls-verify=false \
    "$yaml" "127.0.0.1:$DST/skopeo" >"$T/sync.out" 2>&1 || log "skopeo sync failed: $(tail -3 "$T/sync.out")"
  t1=$(now)
  secs "$t0" "$t1"
}

B1="" B2="" S1="" S2=""
for ((r = 1; r <= RUNS; r++)); do
  stop_pid "$REGPID"; registry dst "$DST"
  B1+=" $(berth_run)"; B2+=" $(berth_run)"
  stop_pid "$REGPID"; registry dst "$DST"
  S1+=" $(skopeo_run)"; S2+=" $(skopeo_run)"
  log "run $r: berth first/no-op:${B1##* }/${B2##* } s, skopeo first/no-op:${S1##* }/${S2##* } s"
done
mb1=$(echo "$B1" | median) mb2=$(echo "$B2" | median) ms1=$(echo "$S1" | median) ms2=$(echo "$S2" | median)
echo "| $IMAGES images x $LAYERS x $LAYER_KB KiB, medians of $RUNS | Berth replication | skopeo sync | Berth / skopeo |"
echo "|---|---|---|---|"
echo "| first run (empty destination) | ${mb1} s | ${ms1} s | $(ratio "$mb1" "$ms1") |"
echo "| second run (nothing new) | ${mb2} s | ${ms2} s | $(ratio "$mb2" "$ms2") |"
