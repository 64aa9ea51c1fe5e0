// Records of the trivy-db v2 schema as Berth uses them (trivy-db pkg/types): vulnerabilities from
// the `vulnerability` bucket, advisories from platform buckets, data sources.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace berth::scan {

class TrivyDbError : public std::runtime_error {
 public:
  explicit TrivyDbError(const std::string& what) : std::runtime_error("trivy-db: " + what) {}
};

// Stored as integers in the DB: 0 UNKNOWN, 1 LOW, 2 MEDIUM, 3 HIGH, 4 CRITICAL.
std::string_view severity_name(int severity);
// "LOW" → 1 ...; unknown names → 0.
int severity_from_name(std::string_view name);

// Advisory status, stored as integers: 0 unknown, 1 not_affected, 2 affected, 3 fixed,
// 4 under_investigation, 5 will_not_fix, 6 fix_deferred, 7 end_of_life.
std::string_view status_name(int status);

struct DataSource {
  std::string id;       // e.g. "debian", "ghsa", "redhat-oval"
  std::string base_id;  // derived feeds (Root.io); empty otherwise
  std::string name;
  std::string url;
  bool empty() const { return id.empty() && name.empty() && url.empty(); }
  bool operator==(const DataSource&) const = default;
};

struct Cvss {
  std::string v2_vector, v3_vector, v40_vector;
  double v2_score = 0, v3_score = 0, v40_score = 0;
  bool operator==(const Cvss&) const = default;
};

struct Vulnerability {
  std::string title;
  std::string description;
  std::string severity;  // legacy string severity ("HIGH"), may be empty
  std::vector<std::string> cwe_ids;
  std::map<std::string, int> vendor_severity;  // source id → severity int
  std::map<std::string, Cvss> cvss;            // source id → scores
  std::vector<std::string> references;
  std::string published_date;      // RFC 3339 as stored
  std::string last_modified_date;  // RFC 3339 as stored
  std::string custom;              // raw JSON of "Custom", empty when absent
};

struct Advisory {
  std::string vulnerability_id;  // the bucket key (or the CVE of a Red Hat RHSA entry)
  std::vector<std::string> vendor_ids;
  std::string fixed_version;
  std::string affected_version;
  std::vector<std::string> vulnerable_versions;  // language buckets: AND-ranges, OR-ed
  std::vector<std::string> patched_versions;
  std::vector<std::string> unaffected_versions;
  std::vector<std::string> arches;
  std::vector<std::string> oses;
  int status = 0;
  int severity = 0;
  std::string custom;             // raw JSON of "Custom", empty when absent
  std::vector<Advisory> entries;  // per-arch variant (Oracle Linux): raw, before expansion
  DataSource data_source;         // from `data-source` for the bucket it came from
  std::string bucket;             // the platform bucket it came from
};

}  // namespace berth::scan
