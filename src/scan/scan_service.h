// Scanning inside Berth: scans are jobs in the job queue (kinds "scan" and "scan_all"), results
// are kept by a ScanReportStore; scan-on-push, the scanAll schedule and the pull policy
// (prevent_vul) live here too. The API and the registry call it; it never touches http.
// Blocking: call it on the blocking pool.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>

#include "scan/harbor_report.h"
#include "scan/scan_engine.h"
#include "scan/scan_report_store.h"
#include "scan/scanner_robot_store.h"
#include "scan/scanner_store.h"
#include "scan/vuln_policy.h"

namespace berth::core {
class ProjectStore;
class RegistryService;
class ProjectStore;
}  // namespace berth::core
namespace berth::auth {
class SecretBox;
class RobotStore;
}
namespace berth::store {
class BlobStore;
}
namespace berth::jobs {
class JobQueue;
class JobContext;
class Scheduler;
}  // namespace berth::jobs

namespace berth::scan {

// Thrown for requests that cannot be served: the message is for the caller.
struct ScanRequestError : std::runtime_error {
  int status;  // HTTP status the API should answer
  ScanRequestError(int status, const std::string& m) : std::runtime_error(m), status(status) {}
};

// What scanning stores.
struct ScanStores {
  ScannerStore& scanners;
  ScanReportStore& reports;
  ScannerRobotStore& robots;
};

class ScanService {
 public:
  ScanService(ScanStores stores, core::ProjectStore& projects, core::RegistryService& registry,
              store::BlobStore& blobs, jobs::JobQueue& queue, jobs::Scheduler& scheduler,
              std::filesystem::path data_dir);
  ~ScanService();

  // Registers the job handlers and the built-in scanner, loads the scanAll schedule, removes the
  // expired robots of adapter scans a dead process never finished. Call once before the queue
  // starts.
  void init();

  ScanEngine& engine() { return *engine_; }
  // External adapters: their credentials are sealed with `secrets`; they pull from
  // `registry_url` (Berth's own address) with a short-lived robot made for each scan.
  // `internal_url` is used for registrations with use_internal_addr, `external_url` (when set)
  // for the others.
  void enable_adapters(const auth::SecretBox& secrets, std::string internal_url,
                       std::string external_url);
  bool is_scanner_robot(int64_t robot_id);
  ScannerStore& scanners() { return scanners_; }
  ScanReportStore& reports() { return reports_; }
  ScannerInfo scanner_info() const;
  // Harbor ScannerAdapterMetadata of the built-in scanner (with the DB's dates).
  nlohmann::json builtin_metadata() const;

  // Queues a scan of the artifact (an index: each child). Returns the number of scans queued.
  int request_scan(int64_t project_id, const std::string& repository, const std::string& digest,
                   int64_t execution = 0);
  // False when no scan of the artifact is pending or running.
  bool stop_scan(int64_t project_id, const std::string& digest);
  // After a manifest push: scans when the project has auto_scan=true.
  void on_push(const std::string& repository, const std::string& digest);

  // scan_overview of an artifact (null when never scanned); `children` for indexes.
  nlohmann::json overview(int64_t project_id, const std::string& digest,
                          const std::vector<std::string>& children);
  // The report JSON for /additions/vulnerabilities (empty object when none).
  nlohmann::json vulnerabilities(int64_t project_id, const std::string& digest);

  // scanAll: schedule {"type","cron"} and the metrics of the last run.
  nlohmann::json scan_all_schedule();
  void set_scan_all_schedule(const std::string& type, const std::string& cron);
  int64_t scan_all_now(const std::string& trigger);
  nlohmann::json scan_all_metrics();
  void stop_scan_all();

  // The system CVE allowlist as stored ({"items":[...],"expires_at":N}).
  std::string system_allowlist();
  void set_system_allowlist(const std::string& json_text);

  // Pull policy. Cheap answer from the cache (io thread): nullopt = not cached.
  std::optional<bool> policy_cached(const std::string& project);
  bool policy_load(const std::string& project);
  // nullopt: allowed; else Harbor's 412 message.
  // `robot_id`: the caller when a robot (0 otherwise); the scanner's own robots may pull.
  std::optional<std::string> pull_violation(const std::string& repository,
                                            const std::string& digest, int64_t robot_id = 0);

 private:
  struct ProjectPolicy {
    bool prevent = false;
    std::string severity;
    CveAllowlist allowlist;
    int64_t project_id = 0;
    std::chrono::steady_clock::time_point loaded;
  };
  void run_scan(const std::string& payload, jobs::JobContext& ctx);
  // scan_adapter.cpp: robots of scans a dead process never finished; the report (v1.1 JSON) of
  // an external adapter.
  void remove_expired_scanner_robots();
  nlohmann::json scan_with_adapter(const std::string& registration_uuid,
                                   const std::string& repository, const std::string& digest,
                                   const std::string& mime_type, jobs::JobContext& ctx);
  void run_scan_all(int64_t job_id, const std::string& payload,
                    const std::function<bool()>& stopping);
  std::string setting(const std::string& key, const std::string& def);
  void apply_schedule(const std::string& cron);
  std::string registration_for(int64_t project_id);
  std::shared_ptr<ProjectPolicy> load_policy(const std::string& project);

  ScannerStore& scanners_;
  ScanReportStore& reports_;
  ScannerRobotStore& robots_;
  core::ProjectStore& projects_;
  core::RegistryService& registry_;
  store::BlobStore& blobs_;
  jobs::JobQueue& queue_;
  jobs::Scheduler& scheduler_;
  std::filesystem::path data_dir_;
  std::unique_ptr<ScanEngine> engine_;
  const auth::SecretBox* secrets_ = nullptr;
  std::string internal_url_, external_url_;
  std::mutex robots_mu_;
  std::set<int64_t> scanner_robots_;
  std::mutex policy_mu_;
  std::map<std::string, std::shared_ptr<ProjectPolicy>> policies_;
};

}  // namespace berth::scan
