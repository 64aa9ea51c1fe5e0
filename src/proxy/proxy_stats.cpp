#include "proxy/proxy_stats.h"

#include <nlohmann/json.hpp>

namespace berth::proxy {

std::string ProxyStats::to_json() const {
  nlohmann::json j = {
      {"upstream_requests", upstream_requests.load()},
      {"upstream_bytes", upstream_bytes.load()},
      {"upstream_failures", upstream_failures.load()},
      {"cache_hits", cache_hits.load()},
      {"cache_misses", cache_misses.load()},
      {"stale_served", stale_served.load()},
      {"blob_fetches", blob_fetches.load()},
      {"joined_fetches", joined_fetches.load()},
      {"bytes_saved", bytes_saved.load()},
  };
  return j.dump();
}

}  // namespace berth::proxy
