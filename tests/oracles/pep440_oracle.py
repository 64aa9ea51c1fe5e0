"""Oracle for PEP 440: Python's packaging, reading tab-separated pairs on stdin.

    pep440_oracle.py cmp          "a\\tb"    -> "<" "=" ">" or "invalid"
    pep440_oracle.py spec <0|1>   "v\\tspec" -> "true" "false" "invalid-range" "invalid-version"
"""
import sys

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version


def main():
    mode = sys.argv[1]
    prereleases = len(sys.argv) > 2 and sys.argv[2] == "1"
    out = []
    for line in sys.stdin.read().split("\n")[:-1]:
        a, _, b = line.partition("\t")
        if mode == "cmp":
            try:
                va, vb = Version(a), Version(b)
            except InvalidVersion:
                out.append("invalid")
                continue
            out.append("<" if va < vb else ">" if va > vb else "=")
        else:
            try:
                spec = SpecifierSet(b)
            except InvalidSpecifier:
                out.append("invalid-range")
                continue
            try:
                v = Version(a)
            except InvalidVersion:
                out.append("invalid-version")
                continue
            # prereleases=None lets packaging decide from the specifiers, as with its default.
            # That decision parses "===X" as a version and raises when X is not one.
            try:
                out.append(str(spec.contains(v, prereleases=True if prereleases else None)).lower())
            except InvalidVersion:
                out.append("oracle-error")
    sys.stdout.write("".join(x + "\n" for x in out))


main()
