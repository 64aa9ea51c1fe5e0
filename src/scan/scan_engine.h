// The built-in scanner's entry point, shared by the CLI (`berth scan`), the scan jobs and the
// scanner API: an image's layers in, a Trivy-style report out, against the imported trivy-db.
// Never touches the network. Blocking: run it on a worker thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace berth::scan {

// The imported database: where it is, what its metadata.json says.
struct VulnDbInfo {
  int schema_version = 0;
  std::string updated_at;     // RFC 3339, from metadata.json
  std::string next_update;    // RFC 3339
  std::string downloaded_at;  // RFC 3339
  std::string imported_at;    // RFC 3339: when Berth installed it
  int64_t size_bytes = 0;
};

// Thrown when no database is installed: the message says how to import one.
class NoVulnDb : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct LayerBlob {
  std::filesystem::path path;  // the blob file
  std::string media_type;
  std::string digest;
  std::string diff_id = {};  // the config's rootfs.diff_ids entry; "" when unknown
};

struct ScanTarget {
  std::string name;               // for the report: "<repo>@<digest>" or "<repo>:<tag>"
  std::string digest;             // manifest digest
  std::vector<LayerBlob> layers;  // lowest first
  std::string os, architecture;   // from the image config, for the report
  // The image config digest (the report's Metadata.ImageID) and "<project>/<repo>" when known
  // (Metadata.RepoDigests).
  std::string config_digest;
  std::string repository;
};

struct Finding {
  std::string vulnerability_id;  // CVE-..., GHSA-...
  std::string package;           // package name (the binary package for OS packages)
  std::string version;           // installed version as reported (epoch:version-release ...)
  std::string fix_version;       // "" when unfixed
  std::string severity;          // Critical | High | Medium | Low | Unknown
  std::string title, description;
  std::vector<std::string> links;
  std::string primary_url;
  std::string status;  // fixed | affected | will_not_fix | ...
  std::string published_date, last_modified_date;
  std::string pkg_type;       // debian, alpine, redhat, npm, pip, gobinary, jar ...
  std::string pkg_path;       // for language packages: the file it came from
  std::string layer_digest;   // layer that installed the package, when known
  std::string layer_diff_id;  // its uncompressed digest (image config rootfs.diff_ids)
  // CVSS scores by source ("nvd", "redhat", ...): vector and v3 score.
  struct Cvss {
    std::string source, v3_vector;
    double v3_score = 0;
    std::string v2_vector;
    double v2_score = 0;
  };
  std::vector<Cvss> cvss;
  std::vector<std::string> cwe_ids;
  // For the Trivy report.
  std::string pkg_id;           // "name@version"
  std::string purl;             // package URL ("" when the type has none)
  std::string severity_source;  // "nvd", "debian", "redhat", ... ("" for the legacy severity)
  std::vector<std::string> vendor_ids;
  std::string data_source_id, data_source_name, data_source_url;
  std::vector<std::pair<std::string, int>> vendor_severity;  // source id → 0..4
};

struct ScanReport {
  ScanTarget target;
  std::string os_family, os_name;  // detected ("debian", "12.5")
  std::vector<Finding> findings;   // sorted by severity, then id, then package
  int64_t packages_scanned = 0;
  std::string started_at, finished_at;  // RFC 3339
  VulnDbInfo db;
  std::vector<std::string> warnings;
};

class ScanEngine {
 public:
  // `db_dir` holds trivy.db + metadata.json (installed by import); it may not exist yet.
  explicit ScanEngine(std::filesystem::path db_dir);
  ~ScanEngine();

  std::optional<VulnDbInfo> db_info() const;
  // Throws NoVulnDb without a database; scan::AnalysisError for a bad image.
  ScanReport scan(const ScanTarget& target) const;
  // Picks up a newly imported database (atomically; scans in progress keep the old one).
  // scan() also notices by itself when `current` was switched (e.g. by the CLI import).
  void reload();

 private:
  struct State;
  // Opens what db_dir holds; nullptr when nothing is installed.
  static std::shared_ptr<State> load(const std::filesystem::path& db_dir);
  // The State for this scan: the loaded one, or a newer install `current` now points at.
  std::shared_ptr<State> current_state() const;
  std::filesystem::path db_dir_;
  mutable std::shared_ptr<State> state_;  // swapped under a mutex; scan() may pick up a new DB
};

// Trivy's JSON report (SchemaVersion 2), as `trivy image --format json` prints it.
std::string trivy_json_report(const ScanReport& report);

}  // namespace berth::scan
