// The latest scan report of each artifact per scanner and report type. Blocking: call it on the
// blocking pool or a job worker.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace berth::scan {

struct ScanReportRow {
  int64_t id = 0;
  std::string uuid, digest, repository, registration_uuid, mime_type;
  std::string status;    // Pending | Running | Success | Error | Stopped
  std::string severity;  // "" until done
  std::string summary = "{}";
  std::string report;  // only when asked for
  std::string error;
  std::optional<int64_t> job_id, start_time, end_time;  // unix millis
};

// An image manifest as scanning sees it.
struct ScanArtifact {
  std::string repository, digest;
};
struct ArtifactTypes {
  std::string media_type, artifact_type;
};

class ScanReportStore {
 public:
  virtual ~ScanReportStore() = default;

  // A new Pending report for a scan about to be queued (replaces the previous one of the same
  // digest, scanner and mime type). Returns its uuid.
  virtual std::string begin(const std::string& digest, const std::string& repository,
                            const std::string& registration_uuid, const std::string& mime_type) = 0;
  virtual void set_job(const std::string& uuid, int64_t job_id) = 0;
  virtual void set_running(const std::string& uuid) = 0;
  virtual void finish(const std::string& uuid, const std::string& status,
                      const std::string& severity, const std::string& summary_json,
                      const std::string& report_json, const std::string& error) = 0;
  // The report still Pending of the scan job `job_id`, which was stopped before it ran: Stopped.
  virtual void stop_unstarted(int64_t job_id) = 0;

  virtual std::optional<ScanReportRow> find(const std::string& digest,
                                            const std::string& registration_uuid,
                                            const std::string& mime_type, bool with_report) = 0;
  virtual std::optional<ScanReportRow> find_by_uuid(const std::string& uuid) = 0;

  // Reads of the artifact aggregate that scanning needs (to move to the artifact store):
  // every single-image manifest (Docker or OCI), oldest first;
  virtual std::vector<ScanArtifact> image_artifacts() = 0;
  // the digests of the manifests an index refers to;
  virtual std::vector<std::string> index_children(const std::string& digest) = 0;
  // the media and artifact type of a manifest in a repository.
  virtual std::optional<ArtifactTypes> artifact_types(const std::string& repository,
                                                      const std::string& digest) = 0;
};

}  // namespace berth::scan
