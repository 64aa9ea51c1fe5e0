#include "scan/version/dpkg_version.h"

#include "scan/version/version_util.h"

namespace berth::scan {
namespace {

bool valid_chars(std::string_view s, std::string_view symbols) {
  for (char c : s) {
    if (!is_alnum(c) && symbols.find(c) == std::string_view::npos) return false;
  }
  return true;
}

// dpkg's order(): "~" sorts before the end of the string, letters before everything else.
int order(char c) {
  if (is_digit(c)) return 0;
  if (is_alpha(c)) return static_cast<unsigned char>(c);
  if (c == '~') return -1;
  if (c) return static_cast<unsigned char>(c) + 256;
  return 0;
}

}  // namespace

std::optional<DpkgVersion> DpkgVersion::parse(std::string_view s) {
  s = trim(s);
  DpkgVersion v;
  if (size_t colon = s.find(':'); colon != std::string_view::npos) {
    if (!parse_go_int(s.substr(0, colon), v.epoch) || v.epoch < 0) return std::nullopt;
    s.remove_prefix(colon + 1);
  }
  std::string_view upstream = s, revision;
  if (size_t dash = s.rfind('-'); dash != std::string_view::npos) {
    upstream = s.substr(0, dash);
    revision = s.substr(dash + 1);
  }
  if (upstream.empty() || !is_digit(upstream.front())) return std::nullopt;
  if (!valid_chars(upstream, ".-+~:_") || !valid_chars(revision, "+.~_")) return std::nullopt;
  v.upstream = std::string(upstream);
  v.revision = std::string(revision);
  return v;
}

int dpkg_verrevcmp(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    while ((i < a.size() && !is_digit(a[i])) || (j < b.size() && !is_digit(b[j]))) {
      int ac = order(i < a.size() ? a[i] : '\0');
      int bc = order(j < b.size() ? b[j] : '\0');
      if (ac != bc) return ac < bc ? -1 : 1;
      if (i < a.size() && !is_digit(a[i])) ++i;
      if (j < b.size() && !is_digit(b[j])) ++j;
    }
    size_t si = i, sj = j;
    while (i < a.size() && is_digit(a[i])) ++i;
    while (j < b.size() && is_digit(b[j])) ++j;
    int c = compare_digit_runs(a.substr(si, i - si), b.substr(sj, j - sj));
    if (c != 0) return c;
  }
  return 0;
}

int compare(const DpkgVersion& a, const DpkgVersion& b) {
  if (a == b) return 0;
  if (a.epoch != b.epoch) return a.epoch < b.epoch ? -1 : 1;
  if (int c = dpkg_verrevcmp(a.upstream, b.upstream)) return c;
  return dpkg_verrevcmp(a.revision, b.revision);
}

}  // namespace berth::scan
