// Trivy's generic comparer (aquasecurity/go-version), used for Go modules, Cargo, Composer,
// NuGet, Pub, Hex, Conan, Swift, Julia and k8s: "v"-prefixed dotted numbers, a prerelease
// ("-rc.1", or a letter run directly after the numbers: "1.0beta"), "+build" ignored (so Go's
// "+incompatible" does not affect ordering).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scan/version/op_constraint.h"

namespace berth::scan {

struct GenericVersion {
  std::vector<std::string> segments;  // digit runs without leading zeros
  std::vector<std::string> prerelease;
  std::string build;

  static std::optional<GenericVersion> parse(std::string_view s);
};

int compare(const GenericVersion& a, const GenericVersion& b);

class GenericConstraint {
 public:
  static std::optional<GenericConstraint> parse(std::string_view s);
  bool satisfied_by(const GenericVersion& v) const;

 private:
  struct Term {
    ConstraintOp op;
    GenericVersion version;
    size_t written_segments;  // how many numbers were written, for ~>, ~ and ^
  };
  std::vector<std::vector<Term>> sets_;
};

}  // namespace berth::scan
