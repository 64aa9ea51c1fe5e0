"""Deterministic generators of tricky version strings and ranges, one family per ecosystem."""
import random


def pick(r, items):
    return items[r.randrange(len(items))]


def number(r):
    # Leading zeros, zero itself, large and very long numbers.
    k = r.random()
    if k < 0.45:
        return str(r.randrange(0, 4))
    if k < 0.6:
        return "0" + str(r.randrange(0, 10))
    if k < 0.8:
        return str(r.randrange(0, 100))
    if k < 0.95:
        return str(r.randrange(0, 10 ** r.randrange(2, 12)))
    return str(r.randrange(10 ** 19, 10 ** 25))


def mutate(r, s, alphabet):
    """A near neighbour of s: one edit, often at the end, to produce ties and close orderings."""
    s = list(s)
    op = r.randrange(5)
    pos = r.randrange(len(s) + 1) if r.random() < 0.5 else len(s)
    if op == 0 and s:
        del s[min(pos, len(s) - 1)]
    elif op == 1:
        s.insert(pos, pick(r, alphabet))
    elif op == 2 and s:
        s[min(pos, len(s) - 1)] = pick(r, alphabet)
    elif op == 3:
        s += list(pick(r, alphabet) + pick(r, alphabet))
    return "".join(s)


def pairs(r, n, gen, alphabet):
    out = []
    for _ in range(n):
        a = gen(r)
        k = r.random()
        if k < 0.45:
            b = mutate(r, a, alphabet)
        elif k < 0.55:
            b = a
        else:
            b = gen(r)
        out.append((a, b) if r.random() < 0.5 else (b, a))
    return out


# ---- dpkg -------------------------------------------------------------------------------------
DPKG_ALPHABET = ["0", "1", "9", "a", "z", "A", ".", "+", "~", "-", ":", "_", "b", "00"]


def dpkg_version(r):
    parts = []
    k = r.random()
    if k < 0.2:
        parts.append(pick(r, ["0", "1", "2", "01", "10", "+1", "2147483647"]) + ":")
    elif k < 0.22:
        parts.append(pick(r, ["a", "-1", "", "2147483648", " 1"]) + ":")
    up = number(r) if r.random() < 0.95 else pick(r, ["a", "~", ".", "+"])
    for _ in range(r.randrange(0, 5)):
        up += pick(r, [".", ".", "~", "+", "", "-", ":", "_"]) + pick(
            r, [number(r), pick(r, ["a", "b", "rc", "beta", "Z", "dfsg", "~", "git"])])
    parts.append(up)
    k = r.random()
    if k < 0.6:
        rev = pick(r, [number(r), "ubuntu" + number(r), number(r) + "+deb" + number(r) + "u" + number(r),
                       number(r) + "~bpo" + number(r), "", "a", "~", number(r) + "." + number(r)])
        parts.append("-" + rev)
    s = "".join(parts)
    if r.random() < 0.02:
        s = " " + s
    return s


# ---- rpm --------------------------------------------------------------------------------------
RPM_ALPHABET = ["0", "1", "9", "a", "Z", ".", "~", "^", "_", "+", "00", "git"]


def rpm_component(r):
    s = number(r) if r.random() < 0.9 else pick(r, ["a", "~", "^", "."])
    for _ in range(r.randrange(0, 5)):
        s += pick(r, [".", ".", "~", "^", "", "_", "+", ".."]) + pick(
            r, [number(r), pick(r, ["a", "b", "rc", "git", "el", "fc", "Z", "pre"])])
    return s


def rpm_version(r):
    s = ""
    if r.random() < 0.2:
        s += pick(r, ["0", "1", "2", "01", "10"]) + ":"
    s += rpm_component(r)
    if r.random() < 0.8:
        s += "-" + pick(r, [rpm_component(r), number(r) + ".el" + number(r), number(r) + ".fc" + number(r)])
    return s


def rpm_mutate_ok(a, b):
    # The oracle comparison only holds where go-rpm-version and rpm parse EVR the same way.
    for v in (a, b):
        if v.count("-") > 1 or v.count(":") > 1 or v == "":
            return False
    return ("-" in a) == ("-" in b)


# ---- npm --------------------------------------------------------------------------------------
PRE_IDS = ["alpha", "beta", "rc", "0", "1", "2", "10", "01", "x", "-", "a1", "1a", "pre-1", "beta-2", ""]


def npm_version(r, allow_bad=True):
    nums = [pick(r, ["0", "1", "2", "3", "10"]) for _ in range(3)]
    if allow_bad and r.random() < 0.05:
        nums[r.randrange(3)] = pick(r, ["01", "x", "", "9007199254740992", "a"])
    s = ".".join(nums)
    if allow_bad and r.random() < 0.03:
        s = ".".join(nums[:2])
    if r.random() < 0.4:
        ids = [pick(r, PRE_IDS) for _ in range(r.randrange(1, 4))]
        if not allow_bad:
            ids = [i for i in ids if i not in ("01", "")] or ["0"]
        s += "-" + ".".join(ids)
    if r.random() < 0.1:
        s += "+" + pick(r, ["build", "001", "exp.sha.5114f85", "b-1"])
    if r.random() < 0.05:
        s = pick(r, ["v", "=", " ", "V"]) + s
    return s


def npm_partial(r):
    n = pick(r, [1, 2, 3, 3, 3])
    nums = [pick(r, ["0", "1", "2", "3", "x", "X", "*"]) for _ in range(n)]
    s = ".".join(nums)
    if n == 3 and r.random() < 0.25:
        s += "-" + ".".join(pick(r, ["alpha", "beta", "0", "1", "rc"]) for _ in range(r.randrange(1, 3)))
    if r.random() < 0.05:
        s = "v" + s
    return s


def npm_range(r):
    def comparator():
        k = r.random()
        if k < 0.45:
            op = pick(r, ["", "=", "<", "<=", ">", ">=", "~", "^", "~>"])
            sp = " " if r.random() < 0.1 else ""
            return op + sp + npm_partial(r)
        if k < 0.55:
            return npm_partial(r) + " - " + npm_partial(r)
        if k < 0.6:
            return pick(r, ["*", "", "x", ">=0.0.0", "<0.0.0-0", ">=0.0.0-0", "^0.0.0", "~0"])
        return pick(r, ["<", ">=", "^", "~"]) + npm_version(r, allow_bad=False)

    parts = []
    for _ in range(r.randrange(1, 3)):
        terms = [comparator() for _ in range(r.randrange(1, 3))]
        if any(" - " in t for t in terms):
            terms = [t for t in terms if " - " in t][:1]
        parts.append(" ".join(terms))
    return " || ".join(parts)


# ---- PEP 440 ------------------------------------------------------------------------------------
def pep440_version(r):
    s = ""
    if r.random() < 0.05:
        s += pick(r, ["v", "V", " "])
    if r.random() < 0.1:
        s += pick(r, ["0", "1", "2", "01"]) + "!"
    s += ".".join(number(r) for _ in range(r.randrange(1, 5)))
    if r.random() < 0.35:
        s += pick(r, ["", ".", "-", "_"]) + pick(r, ["a", "b", "c", "rc", "alpha", "beta", "pre", "preview", "RC", "A"])
        s += pick(r, ["", ".", "-"]) + pick(r, ["", "0", "1", "2", "01"])
    if r.random() < 0.25:
        s += pick(r, ["-" + number(r), ".post" + number(r), "post", "-r1", "rev2", ".POST", "_post_3", "-"])
    if r.random() < 0.25:
        s += pick(r, [".dev", ".dev0", "dev1", "-dev2", "_dev", ".DEV3"])
    if r.random() < 0.15:
        s += "+" + pick(r, ["ubuntu", "1", "abc.5", "ABC-01", "1.a", "a.1", "0", "", "x_y"])
    if r.random() < 0.03:
        s += pick(r, [" ", "*", ".", "-x"])
    return s


PEP_ALPHABET = ["0", "1", ".", "a", "b", "rc", "post", "dev", "+", "-", "_", "!"]


def pep440_spec(r):
    def one():
        op = pick(r, ["==", "!=", "<", "<=", ">", ">=", "~=", "==", ">=", "<"])
        if r.random() < 0.05:
            op = pick(r, ["===", "=", "", "=>", "~"])
        k = r.random()
        if k < 0.2 and op in ("==", "!="):
            v = ".".join(number(r) for _ in range(r.randrange(1, 4))) + ".*"
        elif k < 0.25:
            v = pick(r, ["1.*", "1.0.*", "1!1.*", "1.0a1.*", "*"])
        else:
            v = pep440_version(r).strip()
        sp = " " if r.random() < 0.1 else ""
        return op + sp + v

    return ",".join(one() for _ in range(r.randrange(1, 3)))


# ---- Maven ------------------------------------------------------------------------------------
MVN_QUALIFIERS = ["alpha", "a", "beta", "b", "milestone", "m", "rc", "cr", "snapshot", "SNAPSHOT",
                  "ga", "final", "release", "sp", "foo", "RC", "Final", "jre", "android", "x"]
MVN_ALPHABET = ["0", "1", ".", "-", "a", "b", "m", "rc", "sp", "ga", "00"]


def maven_version(r):
    s = number(r)
    for _ in range(r.randrange(0, 5)):
        k = r.random()
        sep = pick(r, [".", ".", "-", "-", "", ".."]) if k < 0.9 else pick(r, ["-.", ".-", "--"])
        tok = number(r) if r.random() < 0.55 else pick(r, MVN_QUALIFIERS)
        s += sep + tok
    if r.random() < 0.03:
        s = pick(r, ["", ".", "-", "a"]) + s
    return s
