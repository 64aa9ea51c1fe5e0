#include "scan/version/rpm_version.h"

#include <vector>

#include "scan/version/version_util.h"

namespace berth::scan {
namespace {

// Segments are maximal letter runs, digit runs, and single '~' or '^'; anything else separates.
std::vector<std::string_view> segments(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    size_t start = i;
    if (is_alpha(s[i])) {
      while (i < s.size() && is_alpha(s[i])) ++i;
    } else if (is_digit(s[i])) {
      while (i < s.size() && is_digit(s[i])) ++i;
    } else if (s[i] == '~' || s[i] == '^') {
      ++i;
    } else {
      ++i;
      continue;
    }
    out.push_back(s.substr(start, i - start));
  }
  return out;
}

}  // namespace

RpmVersion RpmVersion::parse(std::string_view s) {
  RpmVersion v;
  if (size_t colon = s.find(':'); colon != std::string_view::npos) {
    std::string_view e = s.substr(0, colon);
    while (!e.empty() && is_space(e.front())) e.remove_prefix(1);
    if (!parse_go_int(e, v.epoch)) v.epoch = 0;
    s.remove_prefix(colon + 1);
  }
  if (size_t dash = s.find('-'); dash != std::string_view::npos) {
    v.version = std::string(s.substr(0, dash));
    v.release = std::string(s.substr(dash + 1));
  } else {
    v.version = std::string(s);
  }
  return v;
}

int rpmvercmp(std::string_view a, std::string_view b) {
  if (a == b) return 0;
  auto sa = segments(a), sb = segments(b);
  size_t n = std::min(sa.size(), sb.size());
  for (size_t i = 0; i < n; ++i) {
    std::string_view x = sa[i], y = sb[i];
    for (char special : {'~', '^'}) {
      if (x[0] == special || y[0] == special) {
        if (x[0] != special) return 1;
        if (y[0] != special) return -1;
      }
    }
    if (is_digit(x[0])) {
      if (!is_digit(y[0])) return 1;
      if (int c = compare_digit_runs(x, y)) return c;
      continue;
    }
    if (is_digit(y[0])) return -1;
    if (int c = x.compare(y)) return sign(c);
  }
  if (sa.size() == sb.size()) return 0;
  if (sa.size() > n && sa[n][0] == '~') return -1;
  if (sb.size() > n && sb[n][0] == '~') return 1;
  return sa.size() > sb.size() ? 1 : -1;
}

int compare(const RpmVersion& a, const RpmVersion& b) {
  if (a == b) return 0;
  if (a.epoch != b.epoch) return a.epoch < b.epoch ? -1 : 1;
  if (int c = rpmvercmp(a.version, b.version)) return c;
  return rpmvercmp(a.release, b.release);
}

}  // namespace berth::scan
