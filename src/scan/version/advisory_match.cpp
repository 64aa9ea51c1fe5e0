#include "scan/version/advisory_match.h"

#include <algorithm>

#include "scan/version/version_util.h"

namespace berth::scan {
namespace {

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

void push_unique(std::vector<std::string>& v, std::string s) {
  if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(std::move(s));
}

// installed < fixed under the scheme; false when either does not parse.
bool less_than(VersionScheme s, std::string_view installed, std::string_view fixed) {
  auto c = compare_versions(s, installed, fixed);
  return c && *c < 0;
}

}  // namespace

std::optional<OsRule> os_rule_for_family(std::string_view f) {
  if (f == "alpine" || f == "wolfi" || f == "chainguard") return OsRule::kAlpine;
  if (f == "debian" || f == "ubuntu") return OsRule::kDebian;
  if (f == "amazon") return OsRule::kAmazon;
  if (f == "redhat" || f == "centos") return OsRule::kRedHat;
  if (f == "alma" || f == "rocky" || f == "oracle" || f == "photon" || f == "cbl-mariner" ||
      f == "azurelinux" || f == "sles" || f == "slem" || f == "opensuse-leap" ||
      f == "opensuse-tumbleweed") {
    return OsRule::kRpmFixedOnly;
  }
  return std::nullopt;
}

AdvisoryMatch match_os_advisory(OsRule rule, std::string_view installed, const AdvisoryRange& adv) {
  AdvisoryMatch m;
  m.fixed_version = adv.fixed_version;
  switch (rule) {
    case OsRule::kAlpine: {
      if (!version_valid(VersionScheme::kApk, installed)) return m;
      if (!adv.affected_version.empty()) {
        auto c = compare_versions(VersionScheme::kApk, adv.affected_version, installed);
        if (!c || *c > 0) return m;
      }
      m.vulnerable =
          adv.fixed_version.empty() || less_than(VersionScheme::kApk, installed, adv.fixed_version);
      return m;
    }
    case OsRule::kDebian:
      if (!version_valid(VersionScheme::kDpkg, installed)) return m;
      m.vulnerable = adv.fixed_version.empty() ||
                     less_than(VersionScheme::kDpkg, installed, adv.fixed_version);
      return m;
    case OsRule::kAmazon:
      m.vulnerable = less_than(VersionScheme::kDpkg, installed, adv.fixed_version);
      return m;
    case OsRule::kRedHat:
      m.vulnerable =
          adv.fixed_version.empty() || less_than(VersionScheme::kRpm, installed, adv.fixed_version);
      return m;
    case OsRule::kRpmFixedOnly:
      m.vulnerable = less_than(VersionScheme::kRpm, installed, adv.fixed_version);
      return m;
  }
  return m;
}

VersionScheme scheme_for_ecosystem(std::string_view e) {
  if (e == "npm") return VersionScheme::kNpm;
  if (e == "pip") return VersionScheme::kPep440;
  if (e == "maven") return VersionScheme::kMaven;
  if (e == "rubygems" || e == "cocoapods") return VersionScheme::kRubyGems;
  return VersionScheme::kGeneric;
}

std::string trivy_fixed_versions(const AdvisoryRange& adv) {
  std::vector<std::string> out;
  if (!adv.patched_versions.empty()) {
    for (const auto& p : adv.patched_versions) push_unique(out, p);
    return join(out, ", ");
  }
  for (const auto& range : adv.vulnerable_versions) {
    for_each_split(range, ",", [&](std::string_view term) {
      term = trim(term);
      if (term.starts_with("<") && !term.starts_with("<=")) {
        push_unique(out, std::string(trim(term.substr(1))));
      }
    });
  }
  return join(out, ", ");
}

AdvisoryMatch match_language_advisory(VersionScheme scheme, std::string_view installed,
                                      const AdvisoryRange& adv) {
  AdvisoryMatch m;
  m.fixed_version = trivy_fixed_versions(adv);
  // An empty entry in either list means "detect it anyway".
  for (const auto* list : {&adv.vulnerable_versions, &adv.patched_versions}) {
    for (const auto& v : *list) {
      if (v.empty()) {
        m.vulnerable = true;
        return m;
      }
    }
  }
  bool matched = false;
  if (!adv.vulnerable_versions.empty()) {
    auto r = version_matches(scheme, installed, join(adv.vulnerable_versions, " || "));
    if (!r || !*r) return m;
    matched = true;
  }
  std::vector<std::string> secure = adv.patched_versions;
  secure.insert(secure.end(), adv.unaffected_versions.begin(), adv.unaffected_versions.end());
  if (secure.empty()) {
    m.vulnerable = matched;
    return m;
  }
  auto r = version_matches(scheme, installed, join(secure, " || "));
  m.vulnerable = r.has_value() && !*r;
  return m;
}

}  // namespace berth::scan
