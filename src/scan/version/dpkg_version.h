// Debian package versions ([epoch:]upstream[-revision]) as Trivy's go-deb-version parses them,
// compared with dpkg's verrevcmp. Also used for Amazon Linux.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace berth::scan {

struct DpkgVersion {
  long long epoch = 0;
  std::string upstream;
  std::string revision;
  bool operator==(const DpkgVersion&) const = default;

  // nullopt for versions go-deb-version rejects (empty upstream, upstream not starting with a
  // digit, characters outside [A-Za-z0-9.+~:_-] / [A-Za-z0-9.+~_], bad or negative epoch).
  static std::optional<DpkgVersion> parse(std::string_view s);
};

int compare(const DpkgVersion& a, const DpkgVersion& b);

// dpkg's verrevcmp on one component (upstream or revision); <0, 0, >0.
int dpkg_verrevcmp(std::string_view a, std::string_view b);

}  // namespace berth::scan
