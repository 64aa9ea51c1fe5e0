// Finds Maven coordinates in a jar/war/ear by streaming it through libarchive's zip reader,
// never holding the archive in memory: META-INF/maven/<g>/<a>/pom.properties, in nested jars too.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "scan/analyze/read_budget.h"

namespace berth::scan {

struct JarPackage {
  std::string inner_path;  // "" for the jar itself, else the nested jar's path inside it
  std::string name;        // "groupId:artifactId"
  std::string version;
  bool operator==(const JarPackage&) const = default;
};

struct JarScan {
  std::vector<JarPackage> packages;
  std::vector<std::string> warnings;
};

// Hands out the jar's bytes in order; false at the end. May throw (budget).
using BlockReader = std::function<bool(std::string_view& block)>;

JarScan scan_jar(const BlockReader& read, ReadBudget& budget, uint32_t depth);

// The summary kept in the virtual filesystem for a jar (one line per package).
std::string encode_jar_summary(const std::vector<JarPackage>& packages);
std::vector<JarPackage> decode_jar_summary(std::string_view summary);

// "groupId=…", "artifactId=…", "version=…" from a pom.properties text; false if one is missing.
bool parse_pom_properties(std::string_view text, JarPackage& out);

}  // namespace berth::scan
