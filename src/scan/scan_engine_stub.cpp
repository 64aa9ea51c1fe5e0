// TEMPORARY: a minimal ScanEngine so the scan API builds and runs before the real engine
// (branch feat-scanengine) is merged. Delete this file when merging it.
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>

#include "scan/scan_engine.h"

namespace berth::scan {

struct ScanEngine::State {};

ScanEngine::ScanEngine(std::filesystem::path db_dir) : db_dir_(std::move(db_dir)) {}
ScanEngine::~ScanEngine() = default;

std::optional<VulnDbInfo> ScanEngine::db_info() const {
  std::ifstream in(db_dir_ / "metadata.json");
  if (!in) return std::nullopt;
  auto j = nlohmann::json::parse(in, nullptr, false);
  VulnDbInfo info;
  if (j.is_object()) {
    info.schema_version = j.value("Version", 0);
    info.updated_at = j.value("UpdatedAt", "");
    info.next_update = j.value("NextUpdate", "");
    info.downloaded_at = j.value("DownloadedAt", "");
  }
  return info;
}

ScanReport ScanEngine::scan(const ScanTarget& target) const {
  auto info = db_info();
  if (!info)
    throw NoVulnDb("no vulnerability database is installed; import one with `berth scanner import-db db.tar.gz`");
  ScanReport r;
  r.target = target;
  r.db = *info;
  return r;
}

void ScanEngine::reload() {}

std::string trivy_json_report(const ScanReport& report) {
  return nlohmann::json{{"SchemaVersion", 2}, {"ArtifactName", report.target.name}, {"Results", nlohmann::json::array()}}
      .dump();
}

}  // namespace berth::scan
