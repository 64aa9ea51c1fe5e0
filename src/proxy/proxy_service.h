// The pull-through cache's shared machinery: decides which projects proxy an upstream, keeps their
// clients, limits and counters, runs the upstream calls that concurrent requests share and the
// blob downloads. What a proxy project serves is decided by ProxyContentSource. Better than
// Harbor's:
// - no health-check gate: each tag costs one short upstream HEAD and any failure serves the cache;
// - manifests and indexes are stored whole, byte for byte, as soon as they are fetched, with
//   their tag, so HEAD-then-GET-by-digest clients and pulls by index digest work;
// - one upstream download per blob digest at a time, followed by every concurrent client.
// Blocking calls (marked) run on pool().
#pragma once

#include <boost/asio/thread_pool.hpp>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "config/config.h"
#include "core/manifest_cache.h"
#include "core/reference.h"
#include "proxy/blob_fetcher.h"
#include "proxy/proxy_target.h"
#include "proxy/singleflight.h"

namespace berth::core {
class RegistryService;
class ProjectStore;
class RegistryEndpointStore;
}  // namespace berth::core
namespace berth::store {
class BlobStore;
}

namespace berth::proxy {

class ProxyService {
 public:
  ProxyService(core::ProjectStore& projects, core::RegistryEndpointStore& endpoints,
               core::RegistryService& registry, store::BlobStore& blobs,
               const config::Config& config);
  ~ProxyService();

  // For calls that wait on the upstream: a pool of its own, so a slow upstream cannot starve
  // the database work on the blocking pool.
  boost::asio::thread_pool& pool() { return pool_; }

  enum class Kind { kUnknown, kMissing, kPlain, kProxy };
  struct Lookup {
    Kind kind = Kind::kUnknown;
    std::shared_ptr<const Target> target;
  };
  // From memory (io thread); kUnknown when not looked up recently.
  Lookup cached(const std::string& project);
  // Blocking: reads the project and its endpoint, builds or reuses the clients.
  Lookup load(const std::string& project);

  // Blocking: the upstream's descriptor of `repo`:`tag` (a local repository name, see
  // Target::local_repository), one short HEAD shared by concurrent callers; nullopt when the
  // upstream lacks it. Throws remote::RemoteError.
  std::optional<remote::ManifestDescriptor> head_manifest(const Target& t, const std::string& repo,
                                                          const std::string& tag);
  // Blocking: GETs `reference` from the upstream (once for concurrent callers) and stores it whole,
  // byte for byte, under its digest and `tag` (if any). Throws remote::RemoteError, or
  // core::RegistryError when the upstream lacks it.
  std::shared_ptr<const core::StoredManifest> fetch_and_store(const Target& t,
                                                              const std::string& repo,
                                                              const std::string& reference,
                                                              const std::string& tag);
  // Whether a cached tag is served when the upstream says it has no such tag.
  bool serve_cached_on_not_found() const { return config_.proxy.serve_cached_on_not_found; }

  BlobFetcher& fetcher() { return *fetcher_; }
  // Counters of every proxy project this instance has served, by project id.
  std::shared_ptr<ProxyStats> stats_of(int64_t project_id);

 private:
  struct Clients {
    int64_t update_time = 0;
    std::shared_ptr<remote::RegistryClient> manifests, blobs;
  };
  struct Entry {
    std::chrono::steady_clock::time_point expires;
    Lookup lookup;
  };

  core::ProjectStore& project_store_;
  core::RegistryEndpointStore& endpoint_store_;
  core::RegistryService& registry_;
  const config::Config& config_;
  boost::asio::thread_pool pool_;
  std::unique_ptr<BlobFetcher> fetcher_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> projects_;
  std::map<int64_t, Clients> clients_;  // by registry id
  std::map<int64_t, std::shared_ptr<ProxyStats>> stats_;
  std::map<int64_t, std::shared_ptr<RateLimiter>> limiters_;
  Singleflight<std::optional<remote::ManifestDescriptor>> heads_;
  Singleflight<std::shared_ptr<const core::StoredManifest>> fetches_;
};

}  // namespace berth::proxy
