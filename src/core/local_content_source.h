// The content of an ordinary project: manifests, tags and referrers from core::RegistryService,
// blob files from the store::BlobStore, re-hashed by a store::BlobVerifier before their first
// serve.
#pragma once

#include "core/content_source.h"
#include "store/blob_verifier.h"

namespace berth::core {

class LocalContentSource : public ContentSource {
 public:
  LocalContentSource(core::RegistryService& registry, store::BlobStore& blobs)
      : registry_(registry), blobs_(blobs), verifier_(blobs) {}

  std::shared_ptr<const core::StoredManifest> manifest_in_memory(
      const std::string& repo, const core::ManifestReference& ref) override;
  std::shared_ptr<const core::StoredManifest> get_manifest(
      const std::string& repo, const core::ManifestReference& ref) override;
  Blob stat_blob(const std::string& repo, const core::Digest& d) override;
  Blob open_blob(const std::string& repo, const core::Digest& d) override;
  std::optional<core::Page> tags(const std::string& repo, int64_t limit,
                                 const std::string& last) override;
  std::string referrers(const std::string& repo, const core::Digest& d,
                        const std::optional<std::string>& artifact_type) override;

  // A blob whose bytes were hashed on their way in (a proxied download): its first serve need
  // not hash it again.
  void mark_verified(const core::Digest& d) { verifier_.mark_verified(d); }

 private:
  core::RegistryService& registry_;
  store::BlobStore& blobs_;
  store::BlobVerifier verifier_;
};

}  // namespace berth::core
