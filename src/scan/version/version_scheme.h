// One entry point over every version scheme: validity, ordering and range matching, as Trivy
// applies them per ecosystem.
#pragma once

#include <optional>
#include <string_view>

namespace berth::scan {

enum class VersionScheme { kDpkg, kRpm, kApk, kNpm, kPep440, kMaven, kGeneric, kRubyGems };

// Names: dpkg|deb, rpm, apk, npm, pep440|pip, maven, generic|go, rubygems|gem.
std::optional<VersionScheme> version_scheme_from_name(std::string_view name);
std::string_view version_scheme_name(VersionScheme s);

bool version_valid(VersionScheme s, std::string_view v);

// <0, 0, >0; nullopt when either version is invalid for the scheme.
std::optional<int> compare_versions(VersionScheme s, std::string_view a, std::string_view b);

// Whether a version satisfies a constraint in Trivy's syntax for the scheme (npm ranges with
// prereleases included, PEP 440 specifiers with prereleases, Maven constraints or ranges, gem
// requirements, generic constraints). nullopt when the version or the constraint is invalid.
// Not defined for the OS schemes (dpkg, rpm, apk): nullopt.
std::optional<bool> version_matches(VersionScheme s, std::string_view version,
                                    std::string_view constraint);

}  // namespace berth::scan
