// Maven version requirements as Trivy's go-mvn-version evaluates them: operator constraints
// (">=1.0, <2.0 || =3.0") first, otherwise Maven range sets ("[1.0,2.0)", "(,1.0],[1.2,)",
// "[1.5]").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scan/version/maven_version.h"
#include "scan/version/op_constraint.h"

namespace berth::scan {

class MavenConstraint {
 public:
  static std::optional<MavenConstraint> parse(std::string_view s);
  bool satisfied_by(const MavenVersion& v) const;

 private:
  struct Restriction {
    std::optional<MavenVersion> lower, upper;
    bool lower_inclusive = false, upper_inclusive = false;
  };
  static std::optional<std::vector<Restriction>> parse_ranges(std::string_view s);

  std::optional<ConstraintSets> ops_;
  std::vector<Restriction> ranges_;
};

}  // namespace berth::scan
