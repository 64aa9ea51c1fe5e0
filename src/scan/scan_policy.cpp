// The prevent_vul pull policy as the registry asks it, and the system CVE allowlist.
#include <chrono>
#include <ctime>

#include "core/media_types.h"
#include "core/project_store.h"
#include "core/reference.h"
#include "scan/scan_service.h"
#include "scan/scan_util.h"

namespace berth::scan {

using nlohmann::json;

namespace {
// How long "does this project have prevent_vul" is trusted on the io thread.
constexpr auto kPolicyTtl = std::chrono::seconds(5);
}  // namespace

std::string ScanService::system_allowlist() {
  return setting("system_cve_allowlist", "{\"items\":[]}");
}

void ScanService::set_system_allowlist(const std::string& json_text) {
  scanners_.put_setting("system_cve_allowlist", json_text);
  std::lock_guard lock(policy_mu_);
  policies_.clear();
}

std::shared_ptr<ScanService::ProjectPolicy> ScanService::load_policy(const std::string& project) {
  auto p = std::make_shared<ProjectPolicy>();
  p->loaded = std::chrono::steady_clock::now();
  if (auto found = projects_.find_by_name(project)) {
    const auto& m = found->metadata;
    auto get = [&](const char* k) {
      auto it = m.find(k);
      return it == m.end() ? std::string() : it->second;
    };
    p->project_id = found->id;
    p->prevent = get("prevent_vul") == "true";
    p->severity = get("severity");
    if (p->prevent)
      p->allowlist = effective_allowlist(get("reuse_sys_cve_allowlist"),
                                         CveAllowlist::parse(found->cve_allowlist),
                                         CveAllowlist::parse(system_allowlist()));
  }
  std::lock_guard lock(policy_mu_);
  if (policies_.size() > 10000) policies_.clear();
  policies_[project] = p;
  return p;
}

std::optional<bool> ScanService::policy_cached(const std::string& project) {
  std::lock_guard lock(policy_mu_);
  auto it = policies_.find(project);
  if (it == policies_.end() || std::chrono::steady_clock::now() - it->second->loaded > kPolicyTtl)
    return std::nullopt;
  return it->second->prevent;
}

bool ScanService::policy_load(const std::string& project) {
  return load_policy(project)->prevent;
}

std::optional<std::string> ScanService::pull_violation(const std::string& repository,
                                                       const std::string& digest,
                                                       int64_t robot_id) {
  // Fresh from the database: only "does this project have the policy" is cached, so changes to
  // the severity or the allowlists apply to the next pull.
  auto p = load_policy(std::string(core::project_of(repository)));
  if (!p->prevent) return std::nullopt;
  if (robot_id && is_scanner_robot(robot_id)) return std::nullopt;
  // Harbor skips image indexes and artifacts its scanner cannot scan.
  auto types = reports_.artifact_types(repository, digest);
  if (!types || !core::media::is_image_manifest(types->media_type) ||
      !is_image_config(types->artifact_type))
    return std::nullopt;
  std::string reg;
  try {
    reg = registration_for(p->project_id);
  } catch (const ScanRequestError&) {
    return std::nullopt;
  }
  ArtifactScanState state;
  if (auto r = reports_.find(digest, reg, kVulnReportMime, true)) {
    state.status = r->status;
    json report = json::parse(r->report, nullptr, false);
    if (report.is_object() && report.contains("vulnerabilities") &&
        report["vulnerabilities"].is_array())
      for (const auto& v : report["vulnerabilities"])
        if (v.is_object())
          state.vulnerabilities.emplace_back(v.value("id", ""), v.value("severity", "Unknown"));
  }
  return prevent_vul_violation(p->severity, state, p->allowlist, int64_t(std::time(nullptr)));
}
}  // namespace berth::scan
