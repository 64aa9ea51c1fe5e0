// npm range expressions with node-semver's semantics: "||", hyphen ranges, x-ranges, "~", "^",
// comparators and the prerelease inclusion rule. Trivy's advisories also use commas as AND
// separators and the operators "==", "=>", "=<" (go-npm-version); those are accepted when
// trivy_syntax is set.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scan/version/npm_semver.h"

namespace berth::scan {

struct NpmRangeOptions {
  bool include_prerelease = false;  // Trivy calls go-npm-version WithPreRelease(true)
  bool trivy_syntax = false;
};

class NpmRange {
 public:
  enum class Op { kAny, kNever, kEq, kLt, kLe, kGt, kGe };
  struct Comparator {
    Op op = Op::kAny;
    NpmSemVer version;
  };

  // nullopt when node-semver would throw "Invalid SemVer Range" / "Invalid comparator".
  static std::optional<NpmRange> parse(std::string_view range, NpmRangeOptions options = {});
  bool satisfied_by(const NpmSemVer& v) const;

  const std::vector<std::vector<Comparator>>& sets() const { return sets_; }

 private:
  std::vector<std::vector<Comparator>> sets_;
  NpmRangeOptions options_;
};

// Convenience: false when either side is invalid (as semver.satisfies does).
bool npm_satisfies(std::string_view version, std::string_view range, NpmRangeOptions options = {});

}  // namespace berth::scan
