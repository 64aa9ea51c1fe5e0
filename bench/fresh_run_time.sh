#!/usr/bin/env bash
# Issue #12's `make run` figure: the time from a fresh clone to `GET /v2/` answering, with
# ccache off (a new machine has none) and the Debian packages already installed.
#   bench/fresh_run_time.sh [REF]     REF: the commit to clone (default: HEAD of this checkout)
# Prints the total and when the build was configured, the portal built and the binary linked.
# Berth must be able to listen on 127.0.0.1:8080 (make run's default); it is stopped at the end.
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
ref=${1:-$(git -C "$src" rev-parse HEAD)}
dir=$(mktemp -d /tmp/berth-fresh-run.XXXXXX)
git clone -q "$src" "$dir" && cd "$dir" && git checkout -q "$ref" || exit 1
export CCACHE_DISABLE=1
start=$(date +%s.%N)
setsid make run >"$dir.log" 2>&1 &
pid=$!
el() { awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }'; }
cfg="" ui="" bin=""
while :; do
  [ -z "$cfg" ] && [ -e build-run/CMakeCache.txt ] && cfg=$(el)
  [ -z "$ui" ] && [ -e ui/dist/index.html ] && ui=$(el)
  [ -z "$bin" ] && [ -e build-run/berth ] && bin=$(el)
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 http://127.0.0.1:8080/v2/ 2>/dev/null)
  case "$code" in 200 | 401) break ;; esac
  kill -0 $pid 2>/dev/null || { echo "make run exited; see $dir.log"; exit 1; }
  sleep 0.5
done
echo "fresh clone of ${ref:0:7} to /v2/ answering: $(el) s (configured at ${cfg}s, portal at ${ui}s, binary at ${bin}s)"
kill -- -$pid 2>/dev/null
wait $pid 2>/dev/null
rm -rf "$dir" "$dir.log"
