// Trivy's rule for deciding whether an installed package version is affected by an advisory,
// and the FixedVersion string it reports (trivy pkg/detector/ospkg/*, library/compare).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scan/version/version_scheme.h"

namespace berth::scan {

// The advisory fields the decision needs (a subset of trivy-db's Advisory).
struct AdvisoryRange {
  std::string fixed_version;                     // OS advisories; empty = not fixed yet
  std::string affected_version;                  // Alpine/Arch: versions below it are not affected
  std::vector<std::string> vulnerable_versions;  // language: each one AND-range
  std::vector<std::string> patched_versions;
  std::vector<std::string> unaffected_versions;
};

struct AdvisoryMatch {
  bool vulnerable = false;
  std::string fixed_version;  // what Trivy reports; empty for unfixed
};

// How an OS family's detector treats an advisory.
enum class OsRule {
  kAlpine,        // apk; AffectedVersion floor; empty FixedVersion = vulnerable
  kDebian,        // dpkg; empty FixedVersion = vulnerable (unfixed, status kept)
  kAmazon,        // dpkg; empty FixedVersion fails to parse: not vulnerable
  kRedHat,        // rpm; empty FixedVersion = vulnerable
  kRpmFixedOnly,  // rpm (alma, rocky, oracle, ...): installed < fixed
};

// Families: alpine, wolfi, chainguard, debian, ubuntu, amazon, redhat, centos, alma, rocky,
// oracle, photon, cbl-mariner, azurelinux, sles, slem, opensuse-leap, opensuse-tumbleweed.
std::optional<OsRule> os_rule_for_family(std::string_view family);

// installed is FormatVersion/FormatSrcVersion of the package. An installed version the scheme
// rejects is never vulnerable (Trivy skips the package), nor is an unparseable FixedVersion.
AdvisoryMatch match_os_advisory(OsRule rule, std::string_view installed, const AdvisoryRange& adv);

// Language ecosystems: npm, pip, maven, rubygems, cocoapods, and the generic ones (go, cargo,
// composer, nuget, pub, erlang, conan, swift, julia, k8s, bitnami).
VersionScheme scheme_for_ecosystem(std::string_view ecosystem);

// compare.IsVulnerable plus createFixedVersions. An invalid installed version or constraint means
// not vulnerable, as in Trivy.
AdvisoryMatch match_language_advisory(VersionScheme scheme, std::string_view installed,
                                      const AdvisoryRange& adv);

// createFixedVersions: unique PatchedVersions joined by ", ", else the "<X" bounds of
// VulnerableVersions.
std::string trivy_fixed_versions(const AdvisoryRange& adv);

}  // namespace berth::scan
