// "Prevent vulnerable images from running" (project metadata prevent_vul + severity) and CVE
// allowlists, as Harbor's vulnerable middleware decides them. Pure: no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace berth::scan {

struct CveAllowlist {
  std::set<std::string> cve_ids;
  std::optional<int64_t> expires_at;  // unix seconds; none: never expires
  // Stored/API JSON {"items":[{"cve_id":"CVE-..."}],"expires_at":N}; bad text → empty list.
  static CveAllowlist parse(const std::string& json_text);
  bool expired(int64_t now_seconds) const {
    return expires_at && *expires_at > 0 && *expires_at <= now_seconds;
  }
};

// The allowlist that applies to a project: the system one when reuse_sys_cve_allowlist is
// "true" (Harbor's default when the key is absent), else the project's own.
const CveAllowlist& effective_allowlist(const std::string& reuse_sys_metadata,
                                        const CveAllowlist& project, const CveAllowlist& system);

// The latest report of an artifact as the policy sees it.
struct ArtifactScanState {
  std::string status;  // "" never scanned; Pending | Running | Success | Error | Stopped
  std::vector<std::pair<std::string, std::string>> vulnerabilities;  // (id, severity)
};

// nullopt: the pull may go on; otherwise Harbor's PROJECTPOLICYVIOLATION message (412).
// `project_severity` is the metadata value (low|medium|high|critical|none).
std::optional<std::string> prevent_vul_violation(const std::string& project_severity,
                                                 const ArtifactScanState& state,
                                                 const CveAllowlist& allowlist,
                                                 int64_t now_seconds);

}  // namespace berth::scan
