#include "scan/trivy_types.h"

#include <array>

namespace berth::scan {

namespace {
constexpr std::array<std::string_view, 5> kSeverities = {"UNKNOWN", "LOW", "MEDIUM", "HIGH",
                                                         "CRITICAL"};
constexpr std::array<std::string_view, 8> kStatuses = {
    "unknown",      "not_affected", "affected",   "fixed", "under_investigation",
    "will_not_fix", "fix_deferred", "end_of_life"};
}  // namespace

std::string_view severity_name(int severity) {
  return severity >= 0 && severity < int(kSeverities.size()) ? kSeverities[severity] : "UNKNOWN";
}

int severity_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kSeverities.size(); ++i) {
    if (kSeverities[i] == name) return int(i);
  }
  return 0;
}

std::string_view status_name(int status) {
  return status >= 0 && status < int(kStatuses.size()) ? kStatuses[status] : "unknown";
}

}  // namespace berth::scan
