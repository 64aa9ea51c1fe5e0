#include "scan/version/npm_semver.h"

#include "scan/version/version_util.h"

namespace berth::scan {
namespace {

constexpr uint64_t kMaxSafeInteger = 9007199254740991ULL;  // JavaScript's Number.MAX_SAFE_INTEGER
constexpr size_t kMaxLength = 256;

bool identifier_chars(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!is_alnum(c) && c != '-') return false;
  }
  return true;
}

int compare_identifiers(std::string_view a, std::string_view b) {
  bool an = all_digits(a), bn = all_digits(b);
  if (an && bn) return compare_digit_runs(a, b);
  if (an) return -1;
  if (bn) return 1;
  return sign(a.compare(b));
}

}  // namespace

bool npm_numeric_identifier(std::string_view s, uint64_t& out) {
  if (!all_digits(s) || (s.size() > 1 && s[0] == '0') || s.size() > 16) return false;
  uint64_t v = 0;
  for (char c : s) v = v * 10 + static_cast<uint64_t>(c - '0');
  if (v > kMaxSafeInteger) return false;
  out = v;
  return true;
}

bool npm_parse_prerelease(std::string_view s, std::vector<std::string>& out) {
  bool ok = true;
  for_each_split(s, ".", [&](std::string_view id) {
    if (!identifier_chars(id)) ok = false;
    // Numeric identifiers must not have leading zeros; "01a" is alphanumeric and fine.
    if (all_digits(id) && id.size() > 1 && id[0] == '0') ok = false;
    out.emplace_back(id);
  });
  return ok;
}

bool npm_parse_build(std::string_view s) {
  bool ok = true;
  for_each_split(s, ".", [&](std::string_view id) { ok = ok && identifier_chars(id); });
  return ok;
}

std::string NpmSemVer::str() const {
  std::string s = std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
  for (size_t i = 0; i < prerelease.size(); ++i) s += (i ? "." : "-") + prerelease[i];
  return s;
}

std::optional<NpmSemVer> NpmSemVer::parse(std::string_view s) {
  if (s.size() > kMaxLength) return std::nullopt;
  s = trim(s);
  if (!s.empty() && s.front() == 'v') s.remove_prefix(1);
  NpmSemVer v;
  size_t plus = s.find('+');
  if (plus != std::string_view::npos) {
    if (!npm_parse_build(s.substr(plus + 1))) return std::nullopt;
    v.build = std::string(s.substr(plus + 1));
    s = s.substr(0, plus);
  }
  size_t dash = s.find('-');
  if (dash != std::string_view::npos) {
    if (!npm_parse_prerelease(s.substr(dash + 1), v.prerelease)) return std::nullopt;
    s = s.substr(0, dash);
  }
  uint64_t* parts[3] = {&v.major, &v.minor, &v.patch};
  int n = 0;
  bool ok = true;
  for_each_split(s, ".", [&](std::string_view p) {
    if (n >= 3 || !npm_numeric_identifier(p, *parts[n])) ok = false;
    ++n;
  });
  if (!ok || n != 3) return std::nullopt;
  return v;
}

int compare(const NpmSemVer& a, const NpmSemVer& b) {
  if (a.major != b.major) return a.major < b.major ? -1 : 1;
  if (a.minor != b.minor) return a.minor < b.minor ? -1 : 1;
  if (a.patch != b.patch) return a.patch < b.patch ? -1 : 1;
  // A release sorts after its prereleases.
  if (a.prerelease.empty() && b.prerelease.empty()) return 0;
  if (a.prerelease.empty()) return 1;
  if (b.prerelease.empty()) return -1;
  for (size_t i = 0; i < a.prerelease.size() && i < b.prerelease.size(); ++i) {
    if (int c = compare_identifiers(a.prerelease[i], b.prerelease[i])) return c;
  }
  if (a.prerelease.size() == b.prerelease.size()) return 0;
  return a.prerelease.size() < b.prerelease.size() ? -1 : 1;
}

}  // namespace berth::scan
