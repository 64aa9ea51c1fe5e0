// Installing a trivy-db (trivy.db + metadata.json) under <dataDir>/trivy, from the db.tar.gz that
// `oras pull ghcr.io/aquasecurity/trivy-db:2` gives, from a directory, or from that OCI artifact
// pushed into Berth itself. The new DB is validated (metadata Version 2, the bbolt file opens and
// has a readable `vulnerability` bucket, sizes bounded) in a temp dir, then switched in
// atomically: <dataDir>/trivy/current is a symlink to db-<timestamp>-<rand>/, replaced by rename.
// Scans holding the old DB keep their mapping. A refused DB leaves the installed one untouched.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

#include "scan/scan_engine.h"

namespace berth::core {
class RegistryService;
}
namespace berth::store {
class BlobStore;
}

namespace berth::scan {

// Why an import was refused; the message is meant for the operator.
class VulnDbImportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct VulnDbImportLimits {
  uint64_t max_db_bytes = 4ull << 30;  // trivy.db
  uint64_t max_metadata_bytes = 1 << 20;
};

// OCI media types of the artifact Trivy publishes.
inline constexpr const char* kTrivyDbLayerMediaType =
    "application/vnd.aquasec.trivy.db.layer.v1.tar+gzip";
inline constexpr const char* kTrivyDbConfigMediaType =
    "application/vnd.aquasec.trivy.config.v1+json";

// <dataDir>/trivy/current: the directory ScanEngine reads.
std::filesystem::path vuln_db_current_dir(const std::filesystem::path& data_dir);

// What is installed in a DB directory (trivy.db, metadata.json, imported_at); nullopt when
// there is none. Throws when metadata.json is unreadable.
std::optional<VulnDbInfo> read_vuln_db_info(const std::filesystem::path& db_dir);

// Checks a directory holding trivy.db + metadata.json; throws VulnDbImportError.
VulnDbInfo validate_vuln_db_dir(const std::filesystem::path& dir,
                                const VulnDbImportLimits& limits = {});

// A tar (gzip-compressed or not) holding exactly trivy.db and metadata.json.
VulnDbInfo import_vuln_db_archive(const std::filesystem::path& archive,
                                  const std::filesystem::path& data_dir,
                                  const VulnDbImportLimits& limits = {});
// A directory holding trivy.db and metadata.json (other files are ignored).
VulnDbInfo import_vuln_db_dir(const std::filesystem::path& dir,
                              const std::filesystem::path& data_dir,
                              const VulnDbImportLimits& limits = {});
// "<project>/<repo>:<tag>" or "<project>/<repo>@sha256:…" stored in this Berth: the manifest's
// layer of media type kTrivyDbLayerMediaType is imported as an archive. Read-only on the registry.
VulnDbInfo import_vuln_db_from_artifact(core::RegistryService& registry, store::BlobStore& blobs,
                                        const std::string& ref,
                                        const std::filesystem::path& data_dir,
                                        const VulnDbImportLimits& limits = {});

}  // namespace berth::scan
