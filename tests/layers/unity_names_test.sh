#!/usr/bin/env bash
# Shows that scripts/check-unity-names catches what would break `make run`'s unity build (two
# files of one layer defining the same file-local variable, function or type) and lets through
# what compiles together (overloads, identical aliases, the same name in two layers).
set -u -o pipefail
CHECK="$(cd "$(dirname "$0")/../.." && pwd)/scripts/check-unity-names"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
expect() { # DESC WANT_RC WANT_TEXT
  local out rc
  out=$("$CHECK" "$T/src" 2>&1); rc=$?
  if [ "$rc" = "$2" ] && grep -qF -- "$3" <<<"$out"; then
    echo "ok - $1"
  else
    echo "FAIL - $1 (rc $rc, wanted $2 and '$3')"; printf '%s\n' "$out" | sed 's/^/#   /'
    fails=$((fails + 1))
  fi
}
mkdir -p "$T/src/api" "$T/src/db"
a() { printf 'namespace berth::api {\nnamespace {\n%s\n}\n}\n' "$1" >"$T/src/api/$2.cpp"; }
a 'using Awaitable = int;
int id_param(const char* v) { return 0; }' a
a 'using Awaitable = int;
int id_param(int v) { return v; }' b
printf 'namespace berth::db {\nnamespace {\nconstexpr int kColumns = 1;\n}\n}\n' >"$T/src/db/x.cpp"
printf 'namespace berth::api {\nnamespace {\nconstexpr int kColumns = 2;\n}\n}\n' >"$T/src/api/c.cpp"
expect "overloads, identical aliases, one name in two layers: ok" 0 "check-unity-names: ok"
a 'constexpr int kColumns = 3;' d
expect "a constant defined in two files of a layer" 1 "api: berth::api::kColumns is defined in src/api/c.cpp, src/api/d.cpp"
rm "$T/src/api/d.cpp"
a 'static int id_param(const char* v) { return 1; }' d
printf 'namespace berth::api {\nstatic int helper(int) { return 1; }\n}\n' >"$T/src/api/e.cpp"
printf 'namespace berth::api {\nstatic int helper(int) { return 2; }\n}\n' >"$T/src/api/f.cpp"
expect "static functions with the same parameters" 1 "helper is defined in src/api/e.cpp, src/api/f.cpp"
rm "$T/src/api/d.cpp" "$T/src/api/e.cpp" "$T/src/api/f.cpp"
a 'using Awaitable = long;' g
expect "one alias naming two types" 1 "Awaitable is defined in"
rm "$T/src/api/g.cpp"
printf 'namespace berth::api {\nusing other::Cursor;\n}\n' >"$T/src/api/h.cpp"
a 'class Cursor {};' i
expect "a file-local class and another file's using-declaration of that name" 1 \
  "api: berth::api::Cursor is defined in src/api/h.cpp, src/api/i.cpp"
rm "$T/src/api/i.cpp"
mkdir -p "$T/src/core"
printf 'namespace berth::api {\nstruct Cursor { int x; };\n}\n' >"$T/src/core/cursor.h"
expect "a using-declaration that names a header's type" 1 "api: berth::api::Cursor in src/api/h.cpp is also declared in a header"
[ $fails = 0 ] && echo "unity_names_test: all passed" || { echo "unity_names_test: $fails failed"; exit 1; }
