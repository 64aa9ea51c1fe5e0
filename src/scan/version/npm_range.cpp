#include "scan/version/npm_range.h"

#include "scan/version/version_util.h"

namespace berth::scan {
namespace {

using Op = NpmRange::Op;
using Comparator = NpmRange::Comparator;

// node-semver's XRANGEPLAIN: [v=]* M[.m[.p[-pre][+build]]] where each of M, m, p may be x/X/*.
struct XPlain {
  std::string_view prefix;  // the [v=]* run before the numbers
  std::string_view id[3];   // empty when absent
  int count = 0;
  bool has_pre = false;
  std::string_view pre;
  uint64_t num[3] = {0, 0, 0};

  bool is_x(int i) const { return i >= count || id[i] == "x" || id[i] == "X" || id[i] == "*"; }
  bool any_x() const { return is_x(0) || is_x(1) || is_x(2); }
};

bool parse_xplain(std::string_view s, XPlain& x) {
  size_t i = 0;
  while (i < s.size() && (s[i] == 'v' || s[i] == '=')) ++i;
  x.prefix = s.substr(0, i);
  s.remove_prefix(i);
  bool has_build = false;
  if (size_t plus = s.find('+'); plus != std::string_view::npos) {
    if (!npm_parse_build(s.substr(plus + 1))) return false;
    has_build = true;
    s = s.substr(0, plus);
  }
  if (size_t dash = s.find('-'); dash != std::string_view::npos) {
    x.has_pre = true;
    x.pre = s.substr(dash + 1);
    std::vector<std::string> ids;
    if (!npm_parse_prerelease(x.pre, ids)) return false;
    s = s.substr(0, dash);
  }
  bool ok = true;
  for_each_split(s, ".", [&](std::string_view p) {
    if (x.count >= 3) {
      ok = false;
      return;
    }
    x.id[x.count] = p;
    bool wildcard = p == "x" || p == "X" || p == "*";
    if (!wildcard && !npm_numeric_identifier(p, x.num[x.count])) ok = false;
    ++x.count;
  });
  // A prerelease or build is only allowed after all three numbers.
  if ((x.has_pre || has_build) && x.count != 3) ok = false;
  return ok;
}

NpmSemVer make(uint64_t M, uint64_t m, uint64_t p, std::string_view pre = {}) {
  NpmSemVer v;
  v.major = M;
  v.minor = m;
  v.patch = p;
  if (!pre.empty()) npm_parse_prerelease(pre, v.prerelease);
  return v;
}

Comparator cmp(Op op, NpmSemVer v) {
  return Comparator{op, std::move(v)};
}

class PartParser {
 public:
  PartParser(const NpmRangeOptions& o, std::vector<Comparator>& out) : opt_(o), out_(out) {}

  bool hyphen(const XPlain& f, const XPlain& t, std::string_view from_raw, std::string_view to_raw);
  bool token(std::string_view op, std::string_view ver);

 private:
  bool literal(Op op, std::string_view prefix, const XPlain& x, std::string_view raw);
  void tilde(const XPlain& x);
  void caret(const XPlain& x);
  void xrange(std::string_view gtlt, const XPlain& x);
  std::string_view z() const { return opt_.include_prerelease ? "0" : ""; }
  void push_ge(NpmSemVer v);

  const NpmRangeOptions& opt_;
  std::vector<Comparator>& out_;
};

// A literal comparator (no wildcard): node-semver keeps the text, so only "v" may follow the
// operator, and ">=0.0.0" (">=0.0.0-0" with includePrerelease) means "any".
bool PartParser::literal(Op op, std::string_view prefix, const XPlain& x, std::string_view raw) {
  if (prefix.size() > 1 || (prefix.size() == 1 && prefix[0] != 'v')) return false;
  auto v = NpmSemVer::parse(raw.substr(prefix.size()));
  if (!v) return false;
  bool zero = v->major == 0 && v->minor == 0 && v->patch == 0 && v->build.empty() && prefix.empty();
  bool gte0 = op == Op::kGe && zero &&
              (opt_.include_prerelease ? v->prerelease == std::vector<std::string>{"0"}
                                       : v->prerelease.empty());
  out_.push_back(gte0 ? Comparator{} : cmp(op, std::move(*v)));
  (void)x;
  return true;
}

// node-semver rewrites ">=0.0.0" (">=0.0.0-0" with includePrerelease) to "any".
void PartParser::push_ge(NpmSemVer v) {
  bool zero = v.major == 0 && v.minor == 0 && v.patch == 0;
  bool any = zero && (opt_.include_prerelease ? v.prerelease == std::vector<std::string>{"0"}
                                              : v.prerelease.empty());
  out_.push_back(any ? Comparator{} : cmp(Op::kGe, std::move(v)));
}

bool PartParser::hyphen(const XPlain& f, const XPlain& t, std::string_view from_raw,
                        std::string_view to_raw) {
  const uint64_t *fn = f.num, *tn = t.num;
  if (f.is_x(0)) {
    // no lower bound
  } else if (f.is_x(1)) {
    push_ge(make(fn[0], 0, 0, z()));
  } else if (f.is_x(2)) {
    push_ge(make(fn[0], fn[1], 0, z()));
  } else if (f.has_pre) {
    if (!literal(Op::kGe, f.prefix, f, from_raw)) return false;
  } else if (opt_.include_prerelease) {
    // node appends "-0" to the text as written (after a build, it becomes part of the build)
    std::string text = std::string(from_raw) + "-0";
    if (!literal(Op::kGe, f.prefix, f, text)) return false;
  } else if (!literal(Op::kGe, f.prefix, f, from_raw)) {
    return false;
  }
  if (t.is_x(0)) {
    // no upper bound
  } else if (t.is_x(1)) {
    out_.push_back(cmp(Op::kLt, make(tn[0] + 1, 0, 0, "0")));
  } else if (t.is_x(2)) {
    out_.push_back(cmp(Op::kLt, make(tn[0], tn[1] + 1, 0, "0")));
  } else if (t.has_pre) {
    out_.push_back(cmp(Op::kLe, make(tn[0], tn[1], tn[2], t.pre)));
  } else if (opt_.include_prerelease) {
    out_.push_back(cmp(Op::kLt, make(tn[0], tn[1], tn[2] + 1, "0")));
  } else if (!literal(Op::kLe, t.prefix, t, to_raw)) {
    return false;
  }
  if (out_.empty()) out_.push_back(Comparator{});
  return true;
}

void PartParser::tilde(const XPlain& x) {
  const uint64_t* n = x.num;
  if (x.is_x(0)) {
    out_.push_back(Comparator{});
  } else if (x.is_x(1)) {
    push_ge(make(n[0], 0, 0));
    out_.push_back(cmp(Op::kLt, make(n[0] + 1, 0, 0, "0")));
  } else if (x.is_x(2)) {
    push_ge(make(n[0], n[1], 0));
    out_.push_back(cmp(Op::kLt, make(n[0], n[1] + 1, 0, "0")));
  } else {
    push_ge(make(n[0], n[1], n[2], x.pre));
    out_.push_back(cmp(Op::kLt, make(n[0], n[1] + 1, 0, "0")));
  }
}

void PartParser::caret(const XPlain& x) {
  const uint64_t* n = x.num;
  auto upper = [&](uint64_t M, uint64_t m, uint64_t p) {
    out_.push_back(cmp(Op::kLt, make(M, m, p, "0")));
  };
  if (x.is_x(0)) {
    out_.push_back(Comparator{});
    return;
  }
  if (x.is_x(1)) {
    push_ge(make(n[0], 0, 0, z()));
    return upper(n[0] + 1, 0, 0);
  }
  if (x.is_x(2)) {
    push_ge(make(n[0], n[1], 0, z()));
    return n[0] == 0 ? upper(0, n[1] + 1, 0) : upper(n[0] + 1, 0, 0);
  }
  // A full version: node adds "-0" for includePrerelease only below 1.0.0.
  std::string_view pre = x.has_pre ? x.pre : (n[0] == 0 ? z() : std::string_view{});
  push_ge(make(n[0], n[1], n[2], pre));
  if (n[0] != 0) return upper(n[0] + 1, 0, 0);
  if (n[1] != 0) return upper(0, n[1] + 1, 0);
  upper(0, 0, n[2] + 1);
}

void PartParser::xrange(std::string_view gtlt, const XPlain& x) {
  bool xM = x.is_x(0), xm = xM || x.is_x(1);
  uint64_t M = x.num[0], m = xm ? 0 : x.num[1];
  if (gtlt == "=") gtlt = "";
  if (xM) {
    out_.push_back(gtlt == ">" || gtlt == "<" ? Comparator{Op::kNever, {}} : Comparator{});
    return;
  }
  if (!gtlt.empty()) {
    Op op = gtlt == ">" ? Op::kGt : gtlt == ">=" ? Op::kGe : gtlt == "<" ? Op::kLt : Op::kLe;
    if (op == Op::kGt) {
      op = Op::kGe;
      if (xm) {
        ++M;
        m = 0;
      } else {
        ++m;
      }
    } else if (op == Op::kLe) {
      op = Op::kLt;
      if (xm) {
        ++M;
      } else {
        ++m;
      }
    }
    std::string_view pre = op == Op::kLt ? "0" : z();
    if (op == Op::kGe) return push_ge(make(M, m, 0, pre));
    out_.push_back(cmp(op, make(M, m, 0, pre)));
    return;
  }
  if (xm) {
    push_ge(make(M, 0, 0, z()));
    out_.push_back(cmp(Op::kLt, make(M + 1, 0, 0, "0")));
    return;
  }
  push_ge(make(M, m, 0, z()));
  out_.push_back(cmp(Op::kLt, make(M, m + 1, 0, "0")));
}

bool PartParser::token(std::string_view op, std::string_view ver) {
  XPlain x;
  if (!parse_xplain(ver, x)) return false;
  // go-npm-version: a wildcard constraint with a prerelease never matches.
  if (opt_.trivy_syntax && x.any_x() && x.has_pre) {
    out_.push_back(Comparator{Op::kNever, {}});
    return true;
  }
  if (op == "~" || op == "~>") {
    tilde(x);
    return true;
  }
  if (op == "^") {
    caret(x);
    return true;
  }
  if (x.any_x()) {
    xrange(op, x);
    return true;
  }
  // Literal: only a single leading "v" survives node's comparator regex (no "=" after the op).
  Op o = op == "<"    ? Op::kLt
         : op == "<=" ? Op::kLe
         : op == ">"  ? Op::kGt
         : op == ">=" ? Op::kGe
                      : Op::kEq;
  return literal(o, x.prefix, x, ver);
}

std::string collapse_spaces(std::string_view s) {
  std::string out;
  for (char c : trim(s)) {
    if (is_space(c)) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::vector<std::string_view> split_spaces(std::string_view s) {
  std::vector<std::string_view> out;
  for_each_split(s, " ", [&](std::string_view t) {
    if (!t.empty()) out.push_back(t);
  });
  return out;
}

// Reads the operator at the start of a token; returns its length.
size_t read_op(std::string_view s, bool trivy, std::string& op) {
  static const std::string_view kNode[] = {"~>", "~", "^", "<=", ">=", "<", ">", "="};
  static const std::string_view kTrivy[] = {"==", "=>", "=<"};
  if (trivy) {
    for (auto o : kTrivy) {
      if (s.starts_with(o)) {
        op = o == "==" ? "=" : o == "=>" ? ">=" : "<=";
        return o.size();
      }
    }
  }
  for (auto o : kNode) {
    if (s.starts_with(o)) {
      op = std::string(o);
      return o.size();
    }
  }
  op.clear();
  return 0;
}

std::optional<std::vector<Comparator>> parse_part(std::string_view part,
                                                  const NpmRangeOptions& opt) {
  std::string text(part);
  if (opt.trivy_syntax) {
    for (auto& c : text) c = c == ',' ? ' ' : c;
    text = collapse_spaces(text);
  }
  std::vector<Comparator> out;
  PartParser pp(opt, out);
  auto tokens = split_spaces(text);
  if (tokens.size() == 3 && tokens[1] == "-") {
    XPlain f, t;
    if (parse_xplain(tokens[0], f) && parse_xplain(tokens[2], t)) {
      if (!pp.hyphen(f, t, tokens[0], tokens[2])) return std::nullopt;
      return out;
    }
  }
  for (size_t i = 0; i < tokens.size(); ++i) {
    std::string op;
    std::string_view tok = tokens[i];
    size_t n = read_op(tok, opt.trivy_syntax, op);
    std::string_view ver = tok.substr(n);
    // node-semver joins an operator to the version that follows it after a space.
    if (ver.empty() && n > 0 && i + 1 < tokens.size()) ver = tokens[++i];
    if (ver.empty() || !pp.token(op, ver)) return std::nullopt;
  }
  if (out.empty()) out.push_back(Comparator{});
  return out;
}

bool test_comparator(const Comparator& c, const NpmSemVer& v) {
  switch (c.op) {
    case Op::kAny:
      return true;
    case Op::kNever:
      return false;
    case Op::kEq:
      return compare(v, c.version) == 0;
    case Op::kLt:
      return compare(v, c.version) < 0;
    case Op::kLe:
      return compare(v, c.version) <= 0;
    case Op::kGt:
      return compare(v, c.version) > 0;
    case Op::kGe:
      return compare(v, c.version) >= 0;
  }
  return false;
}

bool is_any_set(const std::vector<Comparator>& set) {
  for (const auto& c : set) {
    if (c.op != Op::kAny) return false;
  }
  return true;
}

}  // namespace

std::optional<NpmRange> NpmRange::parse(std::string_view range, NpmRangeOptions options) {
  NpmRange r;
  r.options_ = options;
  std::string text = collapse_spaces(range);
  bool ok = true;
  for_each_split(text, "||", [&](std::string_view part) {
    if (!ok) return;
    auto set = parse_part(trim(part), options);
    if (!set) {
      ok = false;
      return;
    }
    r.sets_.push_back(std::move(*set));
  });
  if (!ok) return std::nullopt;
  // node-semver: when several alternatives exist and one is "*", the range is just "*".
  if (r.sets_.size() > 1) {
    for (const auto& s : r.sets_) {
      if (is_any_set(s)) {
        r.sets_ = {s};
        break;
      }
    }
  }
  return r;
}

bool NpmRange::satisfied_by(const NpmSemVer& v) const {
  for (const auto& set : sets_) {
    bool all = true;
    for (const auto& c : set) all = all && test_comparator(c, v);
    if (!all) continue;
    if (!v.is_prerelease() || options_.include_prerelease) return true;
    // A prerelease only matches when some comparator names a prerelease of the same x.y.z.
    for (const auto& c : set) {
      if (c.op == Op::kAny || c.op == Op::kNever || !c.version.is_prerelease()) continue;
      if (c.version.major == v.major && c.version.minor == v.minor && c.version.patch == v.patch)
        return true;
    }
  }
  return false;
}

bool npm_satisfies(std::string_view version, std::string_view range, NpmRangeOptions options) {
  auto v = NpmSemVer::parse(version);
  auto r = NpmRange::parse(range, options);
  return v && r && r->satisfied_by(*v);
}

}  // namespace berth::scan
