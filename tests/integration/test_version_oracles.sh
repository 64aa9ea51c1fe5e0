#!/usr/bin/env bash
# Version comparators against the real implementations: dpkg --compare-versions, rpm.vercmp
# (rpm's Lua), node-semver (tests/oracles/node_modules), Python's packaging and Maven's
# ComparableVersion, over ~25,000 generated and corpus pairs. Fails (never skips) when an oracle
# is missing. $1 = berth binary; the tool is built next to it.
set -u -o pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TOOL=${VERSION_ORACLE_TOOL:-$(dirname "${1:?usage: $0 path/to/berth}")/berth_version_oracle_tool}

for need in "$TOOL" /usr/bin/python3 dpkg rpm node java; do
  if ! command -v "$need" >/dev/null 2>&1 && [ ! -x "$need" ]; then
    echo "FAIL - oracle or tool missing: $need"
    exit 1
  fi
done
/usr/bin/python3 -c 'import packaging' 2>/dev/null || { echo "FAIL - python3-packaging missing"; exit 1; }
[ -d "$ROOT/tests/oracles/node_modules/semver" ] || {
  echo "FAIL - tests/oracles/node_modules missing (scripts/install-deps runs npm ci there)"
  exit 1
}

TOOL=$(cd "$(dirname "$TOOL")" && pwd)/$(basename "$TOOL")
cd "$ROOT/tests/oracles" || exit 1
if /usr/bin/python3 run_version_oracles.py "$TOOL" "${VERSION_ORACLE_SEED:-20240601}"; then
  echo "ok - version comparators agree with their oracles"
  exit 0
fi
echo "FAIL - version comparators disagree with their oracles (or an oracle failed)"
exit 1
