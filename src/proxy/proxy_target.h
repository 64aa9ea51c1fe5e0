// A proxy-cache project as the pull path needs it: the upstream endpoint's clients, the
// project's bandwidth limit and counters.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "proxy/proxy_stats.h"
#include "proxy/rate_limiter.h"
#include "remote/registry_client.h"

namespace berth::proxy {

struct Target {
  int64_t project_id = 0;
  std::string project;
  int64_t registry_id = 0;
  std::string type;  // endpoint provider type
  std::string url;
  // Manifest checks: short timeout, one attempt, so a dead upstream costs little.
  std::shared_ptr<remote::RegistryClient> manifests;
  // Blob downloads and tag lists: normal timeouts and retries.
  std::shared_ptr<remote::RegistryClient> blobs;
  std::shared_ptr<RateLimiter> limiter;
  std::shared_ptr<ProxyStats> stats;

  // "<project>/a/b" → "a/b" upstream; Docker Hub's official images live under "library/".
  std::string upstream_repository(const std::string& local_repo) const;
  // The local name the cache files things under: "<project>/nginx" → "<project>/library/nginx"
  // for Docker Hub (what Harbor redirects to), unchanged otherwise.
  std::string local_repository(const std::string& local_repo) const;
};

}  // namespace berth::proxy
