#include "scan/version/maven_range.h"

#include "scan/version/version_util.h"

namespace berth::scan {

std::optional<std::vector<MavenConstraint::Restriction>> MavenConstraint::parse_ranges(
    std::string_view s) {
  std::vector<Restriction> out;
  s = trim(s);
  while (!s.empty()) {
    if (s[0] != '[' && s[0] != '(') return std::nullopt;
    size_t close = s.find_first_of(")]");
    if (close == std::string_view::npos) return std::nullopt;
    std::string_view body = trim(s.substr(1, close - 1));
    Restriction r;
    r.lower_inclusive = s[0] == '[';
    r.upper_inclusive = s[close] == ']';
    size_t comma = body.find(',');
    if (comma == std::string_view::npos) {
      // "[1.0]" is an exact version; "(1.0)" and "[1.0)" are errors.
      if (!r.lower_inclusive || !r.upper_inclusive || body.empty()) return std::nullopt;
      r.lower = MavenVersion(body);
      r.upper = MavenVersion(body);
    } else {
      std::string_view lo = trim(body.substr(0, comma)), hi = trim(body.substr(comma + 1));
      if (hi.find(',') != std::string_view::npos) return std::nullopt;
      if (!lo.empty()) r.lower = MavenVersion(lo);
      if (!hi.empty()) r.upper = MavenVersion(hi);
      if (r.lower && r.upper && r.lower->compare(*r.upper) > 0) return std::nullopt;
      if (r.lower && r.upper && r.lower->compare(*r.upper) == 0 &&
          !(r.lower_inclusive && r.upper_inclusive)) {
        return std::nullopt;
      }
    }
    out.push_back(std::move(r));
    s = trim(s.substr(close + 1));
    if (!s.empty() && s[0] == ',') s = trim(s.substr(1));
  }
  if (out.empty()) return std::nullopt;
  return out;
}

std::optional<MavenConstraint> MavenConstraint::parse(std::string_view s) {
  MavenConstraint c;
  bool bracketed = s.find_first_of("[]()") != std::string_view::npos;
  if (!bracketed) {
    c.ops_ = parse_op_constraints(s, {"=", "==", "!=", ">", "<", ">=", "=>", "<=", "=<"});
    if (c.ops_) return c;
  }
  auto ranges = parse_ranges(s);
  if (!ranges) return std::nullopt;
  c.ranges_ = std::move(*ranges);
  return c;
}

bool MavenConstraint::satisfied_by(const MavenVersion& v) const {
  if (ops_) {
    for (const auto& terms : *ops_) {
      bool all = true;
      for (const auto& t : terms) all = all && op_holds(t.op, v.compare(MavenVersion(t.version)));
      if (all) return true;
    }
    return false;
  }
  for (const auto& r : ranges_) {
    if (r.lower) {
      int c = v.compare(*r.lower);
      if (c < 0 || (c == 0 && !r.lower_inclusive)) continue;
    }
    if (r.upper) {
      int c = v.compare(*r.upper);
      if (c > 0 || (c == 0 && !r.upper_inclusive)) continue;
    }
    return true;
  }
  return false;
}

}  // namespace berth::scan
