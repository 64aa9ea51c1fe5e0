#include "scan/version/version_scheme.h"

#include "scan/version/apk_version.h"
#include "scan/version/dpkg_version.h"
#include "scan/version/gem_version.h"
#include "scan/version/generic_version.h"
#include "scan/version/maven_range.h"
#include "scan/version/npm_range.h"
#include "scan/version/pep440_specifier.h"
#include "scan/version/rpm_version.h"

namespace berth::scan {

std::optional<VersionScheme> version_scheme_from_name(std::string_view n) {
  if (n == "dpkg" || n == "deb") return VersionScheme::kDpkg;
  if (n == "rpm") return VersionScheme::kRpm;
  if (n == "apk") return VersionScheme::kApk;
  if (n == "npm") return VersionScheme::kNpm;
  if (n == "pep440" || n == "pip") return VersionScheme::kPep440;
  if (n == "maven") return VersionScheme::kMaven;
  if (n == "generic" || n == "go") return VersionScheme::kGeneric;
  if (n == "rubygems" || n == "gem") return VersionScheme::kRubyGems;
  return std::nullopt;
}

std::string_view version_scheme_name(VersionScheme s) {
  switch (s) {
    case VersionScheme::kDpkg:
      return "dpkg";
    case VersionScheme::kRpm:
      return "rpm";
    case VersionScheme::kApk:
      return "apk";
    case VersionScheme::kNpm:
      return "npm";
    case VersionScheme::kPep440:
      return "pep440";
    case VersionScheme::kMaven:
      return "maven";
    case VersionScheme::kGeneric:
      return "generic";
    case VersionScheme::kRubyGems:
      return "rubygems";
  }
  return "";
}

bool version_valid(VersionScheme s, std::string_view v) {
  switch (s) {
    case VersionScheme::kDpkg:
      return DpkgVersion::parse(v).has_value();
    case VersionScheme::kRpm:
    case VersionScheme::kMaven:
      return true;  // neither go-rpm-version nor ComparableVersion rejects anything
    case VersionScheme::kApk:
      return apk_version_valid(v);
    case VersionScheme::kNpm:
      return NpmSemVer::parse(v).has_value();
    case VersionScheme::kPep440:
      return Pep440Version::parse(v).has_value();
    case VersionScheme::kGeneric:
      return GenericVersion::parse(v).has_value();
    case VersionScheme::kRubyGems:
      return GemVersion::parse(v).has_value();
  }
  return false;
}

namespace {

template <typename T>
std::optional<int> compare_parsed(const std::optional<T>& a, const std::optional<T>& b) {
  if (!a || !b) return std::nullopt;
  return compare(*a, *b);
}

}  // namespace

std::optional<int> compare_versions(VersionScheme s, std::string_view a, std::string_view b) {
  switch (s) {
    case VersionScheme::kDpkg:
      return compare_parsed(DpkgVersion::parse(a), DpkgVersion::parse(b));
    case VersionScheme::kRpm:
      return compare(RpmVersion::parse(a), RpmVersion::parse(b));
    case VersionScheme::kApk:
      if (!apk_version_valid(a) || !apk_version_valid(b)) return std::nullopt;
      return apk_version_compare(a, b);
    case VersionScheme::kNpm:
      return compare_parsed(NpmSemVer::parse(a), NpmSemVer::parse(b));
    case VersionScheme::kPep440:
      return compare_parsed(Pep440Version::parse(a), Pep440Version::parse(b));
    case VersionScheme::kMaven:
      return MavenVersion(a).compare(MavenVersion(b));
    case VersionScheme::kGeneric:
      return compare_parsed(GenericVersion::parse(a), GenericVersion::parse(b));
    case VersionScheme::kRubyGems:
      return compare_parsed(GemVersion::parse(a), GemVersion::parse(b));
  }
  return std::nullopt;
}

std::optional<bool> version_matches(VersionScheme s, std::string_view version,
                                    std::string_view constraint) {
  switch (s) {
    case VersionScheme::kNpm: {
      auto v = NpmSemVer::parse(version);
      auto r = NpmRange::parse(constraint, {.include_prerelease = true, .trivy_syntax = true});
      if (!v || !r) return std::nullopt;
      return r->satisfied_by(*v);
    }
    case VersionScheme::kPep440: {
      auto v = Pep440Version::parse(version);
      auto r = Pep440SpecifierSet::parse(constraint, {.prereleases = true, .trivy_syntax = true});
      if (!v || !r) return std::nullopt;
      return r->contains(*v);
    }
    case VersionScheme::kMaven: {
      auto r = MavenConstraint::parse(constraint);
      if (!r) return std::nullopt;
      return r->satisfied_by(MavenVersion(version));
    }
    case VersionScheme::kGeneric: {
      auto v = GenericVersion::parse(version);
      auto r = GenericConstraint::parse(constraint);
      if (!v || !r) return std::nullopt;
      return r->satisfied_by(*v);
    }
    case VersionScheme::kRubyGems: {
      auto v = GemVersion::parse(version);
      auto r = GemRequirement::parse(constraint);
      if (!v || !r) return std::nullopt;
      return r->satisfied_by(*v);
    }
    default:
      return std::nullopt;
  }
}

}  // namespace berth::scan
