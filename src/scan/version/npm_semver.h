// npm versions (SemVer 2.0 as node-semver parses them in strict mode).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::scan {

struct NpmSemVer {
  uint64_t major = 0, minor = 0, patch = 0;
  std::vector<std::string> prerelease;  // identifiers; numeric ones have no leading zeros
  std::string build;                    // ignored by comparisons

  bool is_prerelease() const { return !prerelease.empty(); }
  std::string str() const;  // without build metadata

  // Strict node-semver syntax: optional "v", no leading zeros in numbers, numbers below 2^53,
  // at most 256 characters. Surrounding whitespace is ignored.
  static std::optional<NpmSemVer> parse(std::string_view s);
};

int compare(const NpmSemVer& a, const NpmSemVer& b);

// Parsing helpers shared with the range parser.
bool npm_numeric_identifier(std::string_view s, uint64_t& out);  // 0|[1-9][0-9]*, < 2^53
bool npm_parse_prerelease(std::string_view s, std::vector<std::string>& out);
bool npm_parse_build(std::string_view s);

}  // namespace berth::scan
