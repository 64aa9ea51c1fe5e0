// scan::ScanReportStore on the metadata database (table scan_reports; reads manifests and
// repositories for the artifact questions scanning asks).
#pragma once

#include "scan/scan_report_store.h"

namespace berth::db {

class Pool;

class SqliteScanReportStore : public scan::ScanReportStore {
 public:
  explicit SqliteScanReportStore(Pool& db) : db_(db) {}

  std::string begin(const std::string& digest, const std::string& repository,
                    const std::string& registration_uuid, const std::string& mime_type) override;
  void set_job(const std::string& uuid, int64_t job_id) override;
  void set_running(const std::string& uuid) override;
  void finish(const std::string& uuid, const std::string& status, const std::string& severity,
              const std::string& summary_json, const std::string& report_json,
              const std::string& error) override;
  void stop_unstarted(int64_t job_id) override;
  std::optional<scan::ScanReportRow> find(const std::string& digest,
                                          const std::string& registration_uuid,
                                          const std::string& mime_type, bool with_report) override;
  std::optional<scan::ScanReportRow> find_by_uuid(const std::string& uuid) override;
  std::vector<scan::ScanArtifact> image_artifacts() override;
  std::vector<std::string> index_children(const std::string& digest) override;
  std::optional<scan::ArtifactTypes> artifact_types(const std::string& repository,
                                                    const std::string& digest) override;

 private:
  Pool& db_;
};

}  // namespace berth::db
