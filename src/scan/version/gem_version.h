// RubyGems versions and requirements (aquasecurity/go-gem-version, after Gem::Version): letters
// mark a prerelease, "-" means ".pre.", trailing zeros do not count, "~>" is pessimistic.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scan/version/op_constraint.h"

namespace berth::scan {

struct GemVersion {
  struct Segment {
    bool numeric = true;
    std::string value;  // digits without leading zeros, or letters
  };
  std::vector<Segment> segments;

  bool is_prerelease() const;
  GemVersion release() const;  // string segments and what follows dropped
  GemVersion bump() const;     // for "~>": 1.2.3 -> 1.3, 1.2 -> 2

  static std::optional<GemVersion> parse(std::string_view s);
};

int compare(const GemVersion& a, const GemVersion& b);

class GemRequirement {
 public:
  static std::optional<GemRequirement> parse(std::string_view s);
  bool satisfied_by(const GemVersion& v) const;

 private:
  std::vector<std::vector<std::pair<ConstraintOp, GemVersion>>> sets_;
};

}  // namespace berth::scan
