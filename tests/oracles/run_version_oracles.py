"""Checks Berth's version comparators against the real implementations.

Usage: /usr/bin/python3 run_version_oracles.py <berth_version_oracle_tool> [seed]

Generates version pairs per ecosystem (tests/oracles/version_generators.py plus corpus pairs),
runs each oracle once over the whole batch (dpkg --compare-versions in one shell loop, one
`rpm --eval` Lua loop, node-semver, Python's packaging, Maven's ComparableVersion) and the C++
tool once per mode, and prints every disagreement. Exit status 1 when any pair disagrees,
2 when an oracle is missing.
"""
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

import version_generators as g

HERE = os.path.dirname(os.path.abspath(__file__))
MAVEN_JAR = "/usr/share/maven/lib/maven-artifact-3.x.jar"

# Where the Trivy behaviour the spec prescribes differs from the reference tool on purpose.
# Each entry: (ecosystem, predicate(a, b, ours, oracle), reason). Matches are counted, not failed.
DOCUMENTED = [
    ("pep440-spec(prereleases=0)", lambda a, b, o, r: r == "oracle-error",
     "packaging raises on '===X' with X not a version when it decides prereleases itself"),
    ("dpkg", lambda a, b, o, r: r == "E" and o != "invalid" and any(
        v.strip().endswith("-") for v in (a, b)),
     "go-deb-version accepts an empty revision (\"1.0-\"); dpkg rejects it"),
    ("dpkg", lambda a, b, o, r: o == "invalid" and r in "<=>" and "" in (a.strip(), b.strip()),
     "dpkg --compare-versions takes an empty version as the lowest; go-deb-version rejects it"),
    ("dpkg", lambda a, b, o, r: r == "E" and o != "invalid" and any(
        re.match(r"^\s*\+?0*[0-9]{10,}:", v) for v in (a, b)),
     "go-deb-version takes epochs up to 2^63-1; dpkg stops at INT_MAX"),
]


def run(cmd, data, **kw):
    p = subprocess.run(cmd, input=data, capture_output=True, text=True, **kw)
    if p.returncode != 0:
        sys.stderr.write(f"command failed ({p.returncode}): {cmd[:3]}...\n{p.stderr[-2000:]}\n")
        sys.exit(2)
    return p.stdout.splitlines()


def tool(tool_path, mode, arg, pairs):
    data = "".join(f"{a}\t{b}\n" for a, b in pairs)
    out = run([tool_path, mode, arg], data)
    assert len(out) == len(pairs), (mode, arg, len(out), len(pairs))
    return out


def require(cmd):
    if not shutil.which(cmd) and not os.path.exists(cmd):
        sys.stderr.write(f"oracle missing: {cmd}\n")
        sys.exit(2)


# ---- oracles --------------------------------------------------------------------------------
DPKG_LOOP = r'''
while IFS=$'\t' read -r a b; do
  err=$(dpkg --compare-versions "$a" lt "$b" 2>&1 >/dev/null); rc=$?
  if [ $rc -eq 0 ]; then r="<"
  elif [ $rc -eq 1 ]; then
    dpkg --compare-versions "$a" eq "$b" 2>/dev/null && r="=" || r=">"
  else r="E"; fi
  case "$err" in *warning*) [ "$r" != E ] && r="W$r";; esac
  printf '%s\n' "$r"
done < "$1"
'''


def dpkg_oracle(pairs, tmp):
    require("dpkg")
    path = os.path.join(tmp, "dpkg.pairs")
    with open(path, "w") as f:
        f.writelines(f"{a}\t{b}\n" for a, b in pairs)
    return run(["bash", "-c", DPKG_LOOP, "dpkg-loop", path], "")


def rpm_oracle(pairs, tmp):
    require("rpm")
    path = os.path.join(tmp, "rpm.pairs")
    with open(path, "w") as f:
        f.writelines(f"{a}\t{b}\n" for a, b in pairs)
    lua = ('%{lua: for line in io.lines("' + path + '") do '
           'local a, b = line:match("^(.-)\\t(.*)$") '
           'local ok, r = pcall(rpm.vercmp, a, b) '
           'if not ok then print("E\\n") elseif r < 0 then print("<\\n") '
           'elseif r > 0 then print(">\\n") else print("=\\n") end end}')
    out = run(["rpm", "--eval", lua], "")
    return [x for x in out if x != ""]


def maven_oracle(pairs):
    require("java")
    if not os.path.exists(MAVEN_JAR):
        sys.stderr.write(f"oracle missing: {MAVEN_JAR}\n")
        sys.exit(2)
    args = [v for pair in pairs for v in pair]
    out = run(["java", "-cp", MAVEN_JAR, "org.apache.maven.artifact.versioning.ComparableVersion"]
              + args, "")
    # Lines "   <prev> <op> <next>" compare consecutive arguments; keep a_i vs b_i only.
    ops = [m.group(1) for m in (re.match(r"^   \S* (<|>|==) \S*$", line) for line in out) if m]
    assert len(ops) == len(args) - 1, (len(ops), len(args))
    return [{"<": "<", ">": ">", "==": "="}[ops[2 * i]] for i in range(len(pairs))]


def node(args, pairs):
    require("node")
    if not os.path.isdir(os.path.join(HERE, "node_modules", "semver")):
        sys.stderr.write("oracle missing: tests/oracles/node_modules/semver (run npm ci there)\n")
        sys.exit(2)
    return run(["node", os.path.join(HERE, "npm_oracle.js")] + args,
               "".join(f"{a}\t{b}\n" for a, b in pairs))


def python_packaging(args, pairs):
    return run(["/usr/bin/python3", os.path.join(HERE, "pep440_oracle.py")] + args,
               "".join(f"{a}\t{b}\n" for a, b in pairs))


# ---- corpus pairs ---------------------------------------------------------------------------
CORPUS = {
    "dpkg": [("1.0~rc1", "1.0"), ("1.0", "1.0+b1"), ("1:0.1", "2.0"), ("1.0-1", "1.0-1ubuntu1"),
             ("2.30-21ubuntu1~18.04.4", "2.30-21ubuntu1~18.04.5"), ("1.0~~", "1.0~"), ("0:1", "1"),
             ("1.2.3-1+deb9u1", "1.2.3-1"), ("7.6.q-28", "7.6.p-28"), ("1.0a", "1.0+"),
             ("1.01", "1.1"), ("1.0-0", "1.0"), ("1.0.", "1.0")],
    "rpm": [("1.0~rc1", "1.0"), ("1.0", "1.0^git1"), ("1.0^git1", "1.0.1"), ("1:1.0-1", "2.0-1"),
            ("1.0-1.el7", "1.0-1.el7_9"), ("1.0a", "1.0"), ("1.0", "1.0.0"), ("2.0.1", "2.0.1a"),
            ("1.0~rc1^git1", "1.0~rc1"), ("1.0^", "1.0"), ("005", "5"), ("1.0-1", "1.0")],
    "npm": [("1.2.3", "1.2.3-alpha"), ("1.0.0-alpha", "1.0.0-alpha.1"), ("1.0.0-alpha.beta", "1.0.0-beta"),
            ("1.0.0-beta.2", "1.0.0-beta.11"), ("1.0.0-rc.1", "1.0.0"), ("v1.2.3", "1.2.3+build")],
    "pep440": [("1.0.dev0", "1.0a1"), ("1.0a1", "1.0b1"), ("1.0rc1", "1.0"), ("1.0", "1.0.post1"),
               ("1.0+abc", "1.0"), ("1!0.1", "2.0"), ("1.0.0", "1.0"), ("1.0.post1.dev1", "1.0.post1"),
               ("1.0+1", "1.0+a"), ("1.0a1.dev1", "1.0a1")],
    "maven": [("1-alpha", "1-beta"), ("1-rc", "1-snapshot"), ("1-snapshot", "1"), ("1", "1-sp"),
              ("1-sp", "1-foo"), ("1.0.0", "1"), ("1-ga", "1"), ("1-cr1", "1-rc1"), ("1a1", "1-alpha-1"),
              ("1.1", "1-1"), ("1-1", "1.0.1"), ("1-0.1", "1"), ("2.0.0.RELEASE", "2.0.0"),
              ("1.0.0.Final", "1.0.0"), ("1.0-jre", "1.0-android")],
    "npm-range": [("1.2.3", "^1.2.0"), ("2.0.0-beta.1", "^1.2.0"), ("1.2.4-beta", ">=1.2.4-alpha <1.3"),
                  ("1.3.0-rc.1", "~1.2.3"), ("1.2.3", "1.2.3 - 2.3.4"), ("2.3.4", "1.2 - 2.3"),
                  ("0.0.3", "^0.0.3"), ("0.0.4", "^0.0.3"), ("1.2.3", "1.x || >=2.5.0"),
                  ("3.0.0-alpha", "*"), ("1.2.3", "")],
    "pep440-spec": [("1.4.5", "~=1.4.2"), ("1.5.0", "~=1.4.2"), ("2.2.1", "~=2.2"), ("1.0+local", "==1.0"),
                    ("1.1.3", "==1.1.*"), ("3.1.dev0", "<3.1"), ("3.1.post1", ">3.1"), ("1.0", "===1.0"),
                    ("2.0b1", ">=1.0,<3.0"), ("1.0.1", "!=1.0.*")],
}


def generate(seed):
    r = random.Random(seed)
    rpm_pairs = []
    while len(rpm_pairs) < 3000:
        a, b = g.pairs(r, 1, g.rpm_version, g.RPM_ALPHABET)[0]
        if g.rpm_mutate_ok(a, b):
            rpm_pairs.append((a, b))
    npm_ranges = [(g.npm_version(r), g.npm_range(r)) for _ in range(3000)]
    pep_specs = [(g.pep440_version(r).strip() if r.random() < 0.9 else g.pep440_version(r),
                  g.pep440_spec(r)) for _ in range(3000)]
    return {
        "dpkg": CORPUS["dpkg"] + g.pairs(r, 1500, g.dpkg_version, g.DPKG_ALPHABET),
        "rpm": CORPUS["rpm"] + rpm_pairs,
        "npm": CORPUS["npm"] + g.pairs(r, 2000, g.npm_version, ["0", "1", ".", "-", "+", "a", "x"]),
        "pep440": CORPUS["pep440"] + g.pairs(r, 3000, g.pep440_version, g.PEP_ALPHABET),
        "maven": CORPUS["maven"] + g.pairs(r, 3000, g.maven_version, g.MVN_ALPHABET),
        "npm-range": CORPUS["npm-range"] + npm_ranges,
        "pep440-spec": CORPUS["pep440-spec"] + pep_specs,
    }


def compare(name, pairs, ours, oracle, failures, documented, normalize=lambda x: x):
    for (a, b), o, r in zip(pairs, ours, oracle):
        rr = normalize(r)
        if name == "dpkg":
            if o == "invalid" and (r == "E" or r.startswith("W")):
                continue
            if r.startswith("W"):
                rr = r[1:]
        if o == rr:
            continue
        doc = next((why for eco, pred, why in DOCUMENTED if eco == name and pred(a, b, o, r)), None)
        if doc:
            documented.setdefault(doc, []).append((a, b))
            continue
        failures.append(f"{name}: {a!r} vs {b!r}: berth {o}, oracle {r}")


def main():
    tool_path = sys.argv[1]
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 20240601
    data = generate(seed)
    failures, documented, counts = [], {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        checks = [
            ("dpkg", lambda p: tool(tool_path, "cmp", "dpkg", p), lambda p: dpkg_oracle(p, tmp)),
            ("rpm", lambda p: tool(tool_path, "cmp", "rpm", p), lambda p: rpm_oracle(p, tmp)),
            ("npm", lambda p: tool(tool_path, "cmp", "npm", p), lambda p: node(["cmp"], p)),
            ("pep440", lambda p: tool(tool_path, "cmp", "pep440", p), lambda p: python_packaging(["cmp"], p)),
            ("maven", lambda p: tool(tool_path, "cmp", "maven", p), maven_oracle),
        ]
        for name, ours, oracle in checks:
            pairs = data[name]
            compare(name, pairs, ours(pairs), oracle(pairs), failures, documented)
            counts[name] = len(pairs)
        for flag in ("0", "1"):
            pairs = data["npm-range"]
            compare(f"npm-range(includePrerelease={flag})", pairs, tool(tool_path, "npm-range", flag, pairs),
                    node(["range", flag], pairs), failures, documented)
            counts[f"npm-range/{flag}"] = len(pairs)
            pairs = data["pep440-spec"]
            compare(f"pep440-spec(prereleases={flag})", pairs, tool(tool_path, "pep440-spec", flag, pairs),
                    python_packaging(["spec", flag], pairs), failures, documented)
            counts[f"pep440-spec/{flag}"] = len(pairs)
    for name, n in counts.items():
        print(f"# {name}: {n} pairs")
    for why, items in documented.items():
        print(f"# documented divergence ({len(items)} pairs): {why}; e.g. {items[0]}")
    for f in failures[:200]:
        print("MISMATCH " + f)
    print(f"# {len(failures)} mismatches in {sum(counts.values())} pairs")
    return 1 if failures else 0


sys.exit(main())
