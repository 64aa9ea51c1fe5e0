// PEP 440 version specifiers as packaging's SpecifierSet evaluates them (==, !=, <, <=, >, >=,
// ~=, ===, "==X.*" wildcards, comma = AND). Trivy's pip advisories also use "||" (OR) and "=X";
// those are accepted when trivy_syntax is set (go-pep440-version).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scan/version/pep440_version.h"

namespace berth::scan {

struct Pep440SpecOptions {
  bool prereleases = false;  // Trivy uses WithPreRelease(true)
  bool trivy_syntax = false;
};

class Pep440Specifier {
 public:
  static std::optional<Pep440Specifier> parse(std::string_view s);
  bool contains(const Pep440Version& v) const;  // ignores the prerelease filter
  bool allows_prereleases() const;              // packaging's Specifier.prereleases

 private:
  std::string op_;
  std::string version_;  // as written (stripped)
  std::optional<Pep440Version> parsed_;
  bool wildcard_ = false;
};

class Pep440SpecifierSet {
 public:
  static std::optional<Pep440SpecifierSet> parse(std::string_view s, Pep440SpecOptions opt = {});
  bool contains(const Pep440Version& v) const;

 private:
  std::vector<std::vector<Pep440Specifier>> any_of_;  // OR of AND-sets
  Pep440SpecOptions opt_;
};

bool pep440_satisfies(std::string_view version, std::string_view spec, Pep440SpecOptions opt = {});

}  // namespace berth::scan
