#!/usr/bin/env bash
# Shows that scripts/check-layers fails on what it must catch: a forbidden include edge, SQL
# outside src/db/, a folder that is no layer; and passes a tree that keeps the rules.
set -u -o pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CHECK="$ROOT/scripts/check-layers"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
expect() { # DESC WANT_RC WANT_TEXT
  local desc=$1 want_rc=$2 want_text=$3 out rc
  out=$("$CHECK" --src "$T/src" --graph "$T/graph.md" 2>&1); rc=$?
  if [ "$rc" = "$want_rc" ] && grep -qF -- "$want_text" <<<"$out"; then
    echo "ok - $desc"
  else
    echo "FAIL - $desc (rc $rc, wanted $want_rc and '$want_text')"; printf '%s\n' "$out" | sed 's/^/#   /'
    fails=$((fails + 1))
  fi
}
cat >"$T/graph.md" <<'G'
layer base ->
layer core -> base
layer db -> core base
layer http -> base
layer api -> http core base
G
mkdir -p "$T/src/base" "$T/src/core" "$T/src/db" "$T/src/http" "$T/src/api"
echo '#include "base/clock.h"' >"$T/src/core/project.cpp"
printf '#include "core/project.h"\n#include "http/request.h"\n' >"$T/src/api/projects_api.cpp"
printf '#include "db/sqlite.h"\nvoid f(C& c) { c.prepare("SELECT id FROM projects"); }\n' >"$T/src/db/sqlite_project_store.cpp"
echo 'int main() {}' >"$T/src/main.cpp"
expect "a tree that keeps the rules passes" 0 ""

echo '#include "api/projects_api.h"' >"$T/src/http/router.cpp"
expect "http -> api (not in the graph) fails" 1 "http/router.cpp: http -> api is not an allowed edge"
rm "$T/src/http/router.cpp"

echo '#include "db/sqlite_project_store.h"' >"$T/src/core/bad.cpp"
expect "core -> db (upwards) fails" 1 "core/bad.cpp: core -> db is not an allowed edge"
rm "$T/src/core/bad.cpp"

printf 'auto q = "SELECT name FROM users WHERE id = ?";\n' >"$T/src/api/users_api.cpp"
expect "SQL text in api/ fails" 1 "api/users_api.cpp: holds SQL text outside src/db/"
rm "$T/src/api/users_api.cpp"

printf 'void g(Conn& c) { c->prepare("INSERT INTO audit_log VALUES (?)"); }\n' >"$T/src/core/audit.cpp"
expect "a prepared statement in core/ fails" 1 "core/audit.cpp: prepares a statement outside src/db/"
rm "$T/src/core/audit.cpp"

mkdir -p "$T/src/util"; echo 'int x;' >"$T/src/util/x.cpp"
expect "a folder that is no layer fails" 1 'util/x.cpp: folder "util" is not a layer'
rm -r "$T/src/util"

expect "the tree passes again" 0 ""
[ "$fails" = 0 ] && echo "checker_test: all passed" || { echo "checker_test: $fails failed"; exit 1; }
