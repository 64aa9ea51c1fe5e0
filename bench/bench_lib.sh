# shellcheck shell=bash
# Helpers of the timing scripts (proxy_bench.sh, replication_bench.sh). Set BENCH_NAME and
# BENCH_TMP_PREFIX before sourcing; gives T (a temp dir removed at exit with the processes in
# PIDS) and the small functions below.
T=$(mktemp -d "/tmp/${BENCH_TMP_PREFIX}.XXXXXX")
PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
log() { echo "[$BENCH_NAME $(date +%H:%M:%S)] $*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() { local i; for ((i = 0; i < 100; i++)); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done; return 1; }
now() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
stop_pid() { kill -TERM "$1" 2>/dev/null; wait "$1" 2>/dev/null; }
