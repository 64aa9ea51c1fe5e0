#include "core/local_content_source.h"

namespace berth::core {

std::shared_ptr<const core::StoredManifest> LocalContentSource::manifest_in_memory(
    const std::string& repo, const core::ManifestReference& ref) {
  return registry_.cache().get(repo, ref.str());
}

std::shared_ptr<const core::StoredManifest> LocalContentSource::get_manifest(
    const std::string& repo, const core::ManifestReference& ref) {
  return registry_.get_manifest(repo, ref);
}

Blob LocalContentSource::stat_blob(const std::string& repo, const core::Digest& d) {
  // HEAD answers from metadata and the file's presence; GET verifies the bytes it sends.
  auto size = registry_.blob_size(repo, d);
  if (!size) return {};
  auto disk = blobs_.size_of(d);
  if (!disk || *disk != *size) return {};
  return {Blob::Status::kFound, {nullptr, *size}, nullptr};
}

Blob LocalContentSource::open_blob(const std::string& repo, const core::Digest& d) {
  auto size = registry_.blob_size(repo, d);
  if (!size) return {};
  auto verified = verifier_.open_verified(d, *size);
  switch (verified.status) {
    case store::BlobVerifier::Status::kOk:
      return {Blob::Status::kFound, verified.blob, nullptr};
    case store::BlobVerifier::Status::kCorrupt:
      return {Blob::Status::kCorrupt, {}, nullptr};
    case store::BlobVerifier::Status::kMissing:
      break;
  }
  return {};
}

std::optional<core::Page> LocalContentSource::tags(const std::string& repo, int64_t limit,
                                                   const std::string& last) {
  return registry_.tags(repo, limit, last);
}

std::string LocalContentSource::referrers(const std::string& repo, const core::Digest& d,
                                          const std::optional<std::string>& artifact_type) {
  return registry_.referrers(repo, d, artifact_type);
}

}  // namespace berth::core
