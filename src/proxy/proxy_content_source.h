// The content of one proxy-cache project, behind the same interface as an ordinary project's:
// a wrapper around the local source that answers from it when it can and otherwise asks the
// upstream, storing what comes back (manifests whole, blobs through the BlobFetcher).
// - a tag costs one short upstream HEAD; any upstream failure serves the cached copy at once;
//   digests the cache holds are served without asking;
// - a blob the cache lacks streams to the client while it downloads (one download per digest);
// - tags and referrers are the cache's merged with the upstream's (the cache's alone when the
//   upstream fails); pushes are refused, as in Harbor.
// Made per request (cheap); its blocking calls belong on ProxyService::pool().
#pragma once

#include <memory>

#include "proxy/proxy_service.h"
#include "core/content_source.h"

namespace berth::proxy {

class ProxyContentSource : public core::ContentSource {
 public:
  ProxyContentSource(ProxyService& proxy, core::ContentSource& local,
                     std::shared_ptr<const Target> target)
      : proxy_(proxy), local_(local), target_(std::move(target)) {}

  std::shared_ptr<const core::StoredManifest> manifest_in_memory(
      const std::string& repo, const core::ManifestReference& ref) override;
  std::shared_ptr<const core::StoredManifest> get_manifest(
      const std::string& repo, const core::ManifestReference& ref) override;
  core::Blob stat_blob(const std::string& repo, const core::Digest& d) override;
  core::Blob open_blob(const std::string& repo, const core::Digest& d) override;
  std::optional<core::Page> tags(const std::string& repo, int64_t limit,
                                 const std::string& last) override;
  std::string referrers(const std::string& repo, const core::Digest& d,
                        const std::optional<std::string>& artifact_type) override;
  std::optional<core::RegistryError> push_refusal() const override;

 private:
  std::shared_ptr<const core::StoredManifest> manifest_by_tag(const std::string& repo,
                                                              const core::ManifestReference& ref);

  ProxyService& proxy_;
  core::ContentSource& local_;
  std::shared_ptr<const Target> target_;
};

}  // namespace berth::proxy
