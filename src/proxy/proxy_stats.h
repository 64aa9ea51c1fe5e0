// Counters of one proxy-cache project (per instance, since start): how often the upstream was
// asked and how much it sent, how often the cache answered alone.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace berth::proxy {

struct ProxyStats {
  std::atomic<uint64_t> upstream_requests{0};  // manifest HEAD/GET, blob GET, tag lists
  std::atomic<uint64_t> upstream_bytes{0};     // blob bytes received
  std::atomic<uint64_t> upstream_failures{0};  // unreachable, timeouts, 429, 5xx
  std::atomic<uint64_t> cache_hits{0};         // manifests and blobs served from the cache
  std::atomic<uint64_t> cache_misses{0};       // ... that had to come from the upstream
  std::atomic<uint64_t> stale_served{0};    // cached manifests served because the upstream failed
  std::atomic<uint64_t> blob_fetches{0};    // upstream blob downloads started
  std::atomic<uint64_t> joined_fetches{0};  // requests that followed a download in flight
  // Blob bytes served from the cache: downloads the upstream was spared (a blob's first download,
  // and clients that joined it, are not counted).
  std::atomic<uint64_t> bytes_saved{0};

  std::string to_json() const;
};

}  // namespace berth::proxy
