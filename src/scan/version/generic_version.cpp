#include "scan/version/generic_version.h"

#include "scan/version/version_util.h"

namespace berth::scan {
namespace {

bool pre_char(char c) {
  return is_alnum(c) || c == '-' || c == '~';
}

bool dotted_ids(std::string_view s, std::vector<std::string>* out) {
  bool ok = !s.empty();
  for_each_split(s, ".", [&](std::string_view id) {
    if (id.empty()) ok = false;
    for (char c : id) ok = ok && pre_char(c);
    if (out) out->emplace_back(id);
  });
  return ok;
}

int compare_pre_id(const std::string& a, const std::string& b) {
  bool an = all_digits(a), bn = all_digits(b);
  if (an && bn) return compare_digit_runs(a, b);
  if (an != bn) return an ? -1 : 1;
  return sign(a.compare(b));
}

// Upper bound for "~>", "~" and "^": the version with the given segment incremented, rest zero.
GenericVersion bump(const GenericVersion& v, size_t index) {
  GenericVersion out;
  for (size_t i = 0; i <= index; ++i)
    out.segments.push_back(i < v.segments.size() ? v.segments[i] : "0");
  std::string& s = out.segments[index];
  // increment a decimal string
  size_t i = s.size();
  while (i > 0 && s[i - 1] == '9') s[--i] = '0';
  if (i == 0)
    s.insert(s.begin(), '1');
  else
    ++s[i - 1];
  return out;
}

}  // namespace

std::optional<GenericVersion> GenericVersion::parse(std::string_view s) {
  s = trim(s);
  if (!s.empty() && s[0] == 'v') s.remove_prefix(1);
  GenericVersion v;
  if (size_t plus = s.find('+'); plus != std::string_view::npos) {
    if (!dotted_ids(s.substr(plus + 1), nullptr)) return std::nullopt;
    v.build = std::string(s.substr(plus + 1));
    s = s.substr(0, plus);
  }
  size_t i = 0;
  while (true) {
    size_t start = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == start) return std::nullopt;
    v.segments.push_back(strip_leading_zeros(s.substr(start, i - start)));
    if (i + 1 < s.size() && s[i] == '.' && is_digit(s[i + 1])) {
      ++i;
      continue;
    }
    break;
  }
  std::string_view rest = s.substr(i);
  if (rest.empty()) return v;
  // "-" followed by anything, or a prerelease starting with a letter, '-' or '~' right away.
  if (rest[0] == '-') {
    rest.remove_prefix(1);
    if (rest.empty()) return std::nullopt;
  } else if (!(is_alpha(rest[0]) || rest[0] == '~')) {
    return std::nullopt;
  }
  if (!dotted_ids(rest, &v.prerelease)) return std::nullopt;
  return v;
}

int compare(const GenericVersion& a, const GenericVersion& b) {
  size_t n = std::max(a.segments.size(), b.segments.size());
  for (size_t i = 0; i < n; ++i) {
    std::string_view x = i < a.segments.size() ? std::string_view(a.segments[i]) : "0";
    std::string_view y = i < b.segments.size() ? std::string_view(b.segments[i]) : "0";
    if (int c = compare_digit_runs(x, y)) return c;
  }
  if (a.prerelease.empty() != b.prerelease.empty()) return a.prerelease.empty() ? 1 : -1;
  for (size_t i = 0; i < a.prerelease.size() && i < b.prerelease.size(); ++i) {
    if (int c = compare_pre_id(a.prerelease[i], b.prerelease[i])) return c;
  }
  if (a.prerelease.size() == b.prerelease.size()) return 0;
  return a.prerelease.size() < b.prerelease.size() ? -1 : 1;
}

std::optional<GenericConstraint> GenericConstraint::parse(std::string_view s) {
  auto sets =
      parse_op_constraints(s, {"=", "==", "!=", ">", "<", ">=", "=>", "<=", "=<", "~>", "~", "^"});
  if (!sets) return std::nullopt;
  GenericConstraint c;
  for (auto& terms : *sets) {
    std::vector<Term> out;
    for (auto& t : terms) {
      auto v = GenericVersion::parse(t.version);
      if (!v) return std::nullopt;
      size_t written = v->segments.size();
      out.push_back(Term{t.op, std::move(*v), written});
    }
    c.sets_.push_back(std::move(out));
  }
  return c;
}

bool GenericConstraint::satisfied_by(const GenericVersion& v) const {
  for (const auto& terms : sets_) {
    bool all = true;
    for (const auto& t : terms) {
      int c = compare(v, t.version);
      switch (t.op) {
        case ConstraintOp::kPessimistic:  // ~>1.2.3: >=1.2.3 <1.3; ~>1.2: >=1.2 <2
        case ConstraintOp::kTilde: {      // ~1.2.3: >=1.2.3 <1.3; ~1: >=1 <2
          size_t idx = t.written_segments >= 2 ? t.written_segments - 2 : 0;
          if (t.op == ConstraintOp::kTilde) idx = t.written_segments >= 2 ? 1 : 0;
          all = all && c >= 0 && compare(v, bump(t.version, idx)) < 0;
          break;
        }
        case ConstraintOp::kCaret: {  // ^1.2.3: <2; ^0.2.3: <0.3; ^0.0.3: <0.0.4
          size_t idx = 0;
          while (idx + 1 < t.written_segments && t.version.segments[idx] == "0") ++idx;
          all = all && c >= 0 && compare(v, bump(t.version, idx)) < 0;
          break;
        }
        default:
          all = all && op_holds(t.op, c);
      }
    }
    if (all) return true;
  }
  return false;
}

}  // namespace berth::scan
