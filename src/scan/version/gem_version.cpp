#include "scan/version/gem_version.h"

#include "scan/version/version_util.h"

namespace berth::scan {
namespace {

std::string strip_zeros(std::string_view d) {
  while (d.size() > 1 && d.front() == '0') d.remove_prefix(1);
  return std::string(d);
}

// RubyGems' pattern: [0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?
bool valid_text(std::string_view s) {
  size_t dash = s.find('-');
  std::string_view main = s.substr(0, dash);
  if (main.empty() || !is_digit(main[0])) return false;
  bool ok = true;
  for_each_split(main, ".", [&](std::string_view p) {
    ok = ok && !p.empty();
    for (char c : p) ok = ok && is_alnum(c);
  });
  if (!ok || dash == std::string_view::npos) return ok;
  for_each_split(s.substr(dash + 1), ".", [&](std::string_view p) {
    ok = ok && !p.empty();
    for (char c : p) ok = ok && (is_alnum(c) || c == '-');
  });
  return ok;
}

// Gem::Version#canonical_segments: trailing zeros dropped from the numeric part and from the
// part after the first letter run, separately.
std::vector<GemVersion::Segment> canonical(const std::vector<GemVersion::Segment>& segs) {
  size_t first_string = 0;
  while (first_string < segs.size() && segs[first_string].numeric) ++first_string;
  auto trimmed = [](std::vector<GemVersion::Segment> v) {
    while (!v.empty() && v.back().numeric && v.back().value == "0") v.pop_back();
    return v;
  };
  auto a = trimmed({segs.begin(), segs.begin() + static_cast<long>(first_string)});
  auto b = trimmed({segs.begin() + static_cast<long>(first_string), segs.end()});
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace

std::optional<GemVersion> GemVersion::parse(std::string_view s) {
  s = trim(s);
  GemVersion v;
  if (s.empty()) {
    v.segments.push_back({true, "0"});
    return v;
  }
  if (!valid_text(s)) return std::nullopt;
  std::string text;
  for (char c : s) text += c == '-' ? std::string(".pre.") : std::string(1, c);
  size_t i = 0;
  while (i < text.size()) {
    size_t start = i;
    if (is_digit(text[i])) {
      while (i < text.size() && is_digit(text[i])) ++i;
      v.segments.push_back({true, strip_zeros(std::string_view(text).substr(start, i - start))});
    } else if (is_alpha(text[i])) {
      while (i < text.size() && is_alpha(text[i])) ++i;
      v.segments.push_back({false, text.substr(start, i - start)});
    } else {
      ++i;
    }
  }
  return v;
}

bool GemVersion::is_prerelease() const {
  for (const auto& s : segments) {
    if (!s.numeric) return true;
  }
  return false;
}

GemVersion GemVersion::release() const {
  if (!is_prerelease()) return *this;
  GemVersion r = *this;
  while (r.is_prerelease()) r.segments.pop_back();
  return r;
}

GemVersion GemVersion::bump() const {
  GemVersion b = *this;
  while (b.is_prerelease()) b.segments.pop_back();
  if (b.segments.size() > 1) b.segments.pop_back();
  if (b.segments.empty()) b.segments.push_back({true, "0"});
  std::string& s = b.segments.back().value;
  size_t i = s.size();
  while (i > 0 && s[i - 1] == '9') s[--i] = '0';
  if (i == 0)
    s.insert(s.begin(), '1');
  else
    ++s[i - 1];
  return b;
}

int compare(const GemVersion& a, const GemVersion& b) {
  auto l = canonical(a.segments), r = canonical(b.segments);
  static const GemVersion::Segment kZero{true, "0"};
  for (size_t i = 0; i < std::max(l.size(), r.size()); ++i) {
    const auto& x = i < l.size() ? l[i] : kZero;
    const auto& y = i < r.size() ? r[i] : kZero;
    if (x.numeric != y.numeric) return x.numeric ? 1 : -1;
    int c = x.numeric ? compare_digit_runs(x.value, y.value) : sign(x.value.compare(y.value));
    if (c) return c;
  }
  return 0;
}

std::optional<GemRequirement> GemRequirement::parse(std::string_view s) {
  auto sets = parse_op_constraints(s, {"=", "!=", ">", "<", ">=", "=>", "<=", "=<", "~>"});
  if (!sets) return std::nullopt;
  GemRequirement r;
  for (auto& terms : *sets) {
    std::vector<std::pair<ConstraintOp, GemVersion>> out;
    for (auto& t : terms) {
      auto v = GemVersion::parse(t.version);
      if (!v) return std::nullopt;
      out.emplace_back(t.op, std::move(*v));
    }
    r.sets_.push_back(std::move(out));
  }
  return r;
}

bool GemRequirement::satisfied_by(const GemVersion& v) const {
  for (const auto& terms : sets_) {
    bool all = true;
    for (const auto& [op, req] : terms) {
      if (op == ConstraintOp::kPessimistic) {
        all = all && compare(v, req) >= 0 && compare(v.release(), req.bump()) < 0;
      } else {
        all = all && op_holds(op, compare(v, req));
      }
    }
    if (all) return true;
  }
  return false;
}

}  // namespace berth::scan
