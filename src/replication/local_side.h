// This Berth as one end of a replication: reads and writes go straight to the registry service,
// the content store and the blob store (no HTTP), under the same rules as a push: the project
// must exist and must not be a proxy cache, blobs become visible only whole and verified,
// manifests are validated by RegistryService::put_manifest.
//
// Safe to use from several threads at once (it keeps no state besides its collaborators, which
// are themselves shared by the server's threads).
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/project_store.h"
#include "replication/registry_side.h"

namespace berth::core {
class RegistryService;
class ProjectStore;
}  // namespace berth::core
namespace berth::store {
class BlobStore;
}

namespace berth::replication {

// The labels attached to an artifact (repo, digest) → label names.
using LabelLookup =
    std::function<std::vector<std::string>(const std::string& repo, const std::string& digest)>;

class LocalSide final : public RegistrySide {
 public:
  // `temp_dir`: where incoming blobs are assembled before they are moved into the blob store; on
  // the blob store's filesystem (<data_dir>/replication-tmp). Created when missing; a file left
  // there by a crash is never part of the store and may be removed at start-up.
  // `labels`: empty → labels() answers {}.
  LocalSide(core::RegistryService& registry, store::BlobStore& blobs, core::ProjectStore& projects,
            std::filesystem::path temp_dir, LabelLookup labels = {});

  std::string describe() const override { return "this Berth"; }

  std::vector<std::string> repositories(const std::vector<std::string>& name_patterns) override;
  std::vector<std::string> tags(const std::string& repo) override;
  std::vector<std::string> labels(const std::string& repo, const std::string& digest) override;
  std::optional<ManifestData> get_manifest(const std::string& repo,
                                           const std::string& reference) override;
  std::vector<nlohmann::json> referrers(const std::string& repo,
                                        const std::string& digest) override;
  // Also hashes what it sends: a blob whose file no longer matches its digest throws (after the
  // last byte), so the caller treats the bytes as provisional until this returns. A sink that
  // returns false stops the transfer with a ReplicationError.
  bool read_blob(const std::string& repo, const std::string& digest, const ByteSink& sink) override;

  void prepare_repository(const std::string& repo, const RepositorySettings& settings) override;
  std::optional<std::string> manifest_digest(const std::string& repo,
                                             const std::string& reference) override;
  bool has_blob(const std::string& repo, const std::string& digest) override;
  bool mount_blob(const std::string& repo, const std::string& digest,
                  const std::string& from_repo) override;
  // `chunk_size` does not matter here. Size or digest mismatch: nothing is stored, throws.
  void write_blob(const std::string& repo, const std::string& digest, int64_t size,
                  const ByteSource& source, size_t chunk_size) override;
  void put_manifest(const std::string& repo, const std::string& reference,
                    const ManifestData& m) override;
  bool delete_reference(const std::string& repo, const std::string& reference) override;

 private:
  std::optional<core::Project> create_project(const std::string& name);

  core::RegistryService& registry_;
  store::BlobStore& blobs_;
  core::ProjectStore& projects_;
  std::filesystem::path temp_dir_;
  LabelLookup labels_;
};

}  // namespace berth::replication
