// Decoding trivy-db JSON values (Go encoding/json output) into the records of trivy_types.h.
// Missing fields keep their defaults; a value of the wrong shape throws TrivyDbError.
#pragma once

#include <string_view>
#include <vector>

#include "scan/trivy_types.h"

namespace berth::scan {

Vulnerability parse_vulnerability(std::string_view json);
DataSource parse_data_source(std::string_view json);
// A generic advisory (types.Advisory / types.Advisories); vulnerability_id is left empty.
Advisory parse_advisory(std::string_view json);

// A Red Hat OVAL advisory (`Red Hat` bucket): one entry per fix stream.
struct RedHatCve {
  std::string id;  // empty when the bucket key itself is the CVE
  int severity = 0;
};
struct RedHatEntry {
  std::string fixed_version;
  std::vector<RedHatCve> cves;
  std::vector<std::string> arches;
  std::vector<int> affected;  // CPE indices
  int status = 0;
};
std::vector<RedHatEntry> parse_redhat_advisory(std::string_view json);

// A JSON array of integers (`Red Hat CPE` repository/nvr values).
std::vector<int> parse_int_list(std::string_view json);

}  // namespace berth::scan
