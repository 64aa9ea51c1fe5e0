// RPM versions ([epoch:]version[-release]) as Trivy's go-rpm-version parses them, compared with
// rpmvercmp (tilde and caret included). Parsing never fails, as in go-rpm-version.
#pragma once

#include <string>
#include <string_view>

namespace berth::scan {

struct RpmVersion {
  long long epoch = 0;
  std::string version;
  std::string release;
  bool operator==(const RpmVersion&) const = default;

  // Epoch = text before the first ':' (left-trimmed; 0 when it is not an integer); version and
  // release are split at the first '-' after it.
  static RpmVersion parse(std::string_view s);
};

int compare(const RpmVersion& a, const RpmVersion& b);

// rpmvercmp on one component; <0, 0, >0.
int rpmvercmp(std::string_view a, std::string_view b);

}  // namespace berth::scan
