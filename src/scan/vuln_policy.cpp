#include "scan/vuln_policy.h"

#include <nlohmann/json.hpp>

#include "scan/harbor_report.h"

namespace berth::scan {

CveAllowlist CveAllowlist::parse(const std::string& json_text) {
  CveAllowlist a;
  auto j = nlohmann::json::parse(json_text, nullptr, false);
  if (!j.is_object()) return a;
  if (auto it = j.find("items"); it != j.end() && it->is_array())
    for (const auto& item : *it)
      if (item.is_object() && item.contains("cve_id") && item["cve_id"].is_string())
        a.cve_ids.insert(item["cve_id"].get<std::string>());
  if (auto it = j.find("expires_at"); it != j.end() && it->is_number_integer())
    a.expires_at = it->get<int64_t>();
  return a;
}

const CveAllowlist& effective_allowlist(const std::string& reuse_sys_metadata,
                                        const CveAllowlist& project, const CveAllowlist& system) {
  return reuse_sys_metadata == "false" ? project : system;
}

std::optional<std::string> prevent_vul_violation(const std::string& project_severity,
                                                 const ArtifactScanState& state,
                                                 const CveAllowlist& allowlist,
                                                 int64_t now_seconds) {
  // Harbor's UI default when prevent_vul is switched on without a severity.
  std::string threshold = severity_name(project_severity.empty() ? "low" : project_severity);
  const std::string policy =
      "configured policy in 'Prevent images with vulnerability severity of \"" + threshold +
      "\" or higher from running.' ";
  if (state.status.empty())
    return "current image without vulnerability scanning cannot be pulled due to " + policy +
           "To continue with pull, please contact your project administrator for help.";
  if (state.status != "Success")
    return "current image with \"" + state.status +
           "\" status of vulnerability scanning cannot be pulled due to " + policy +
           "To continue with pull, please contact your project administrator for help.";
  bool use_allowlist = !allowlist.expired(now_seconds);
  int top = -1;
  int64_t count = 0;
  for (const auto& [id, severity] : state.vulnerabilities) {
    if (use_allowlist && allowlist.cve_ids.count(id)) continue;
    top = std::max(top, severity_rank(severity));
    ++count;
  }
  if (top < 0 || top < severity_rank(threshold)) return std::nullopt;
  return "current image with " + std::to_string(count) +
         (count > 1 ? " vulnerabilities" : " vulnerability") + " cannot be pulled due to " +
         policy +
         "To continue with pull, please contact your project administrator to exempt matched "
         "vulnerabilities through configuring the CVE allowlist.";
}

}  // namespace berth::scan
