// In-memory cache of (repository, reference) -> manifest, the hottest small read in a registry.
// Entries are immutable and shared; any write to a repository drops that repository's entries.
#pragma once

#include <atomic>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "core/digest.h"

namespace berth::core {

struct StoredManifest {
  Digest digest;
  std::string media_type;
  std::shared_ptr<const std::string> content;
};

class ManifestCache {
 public:
  explicit ManifestCache(size_t max_entries = 20000) : max_entries_(max_entries) {}
  std::shared_ptr<const StoredManifest> get(const std::string& repo, const std::string& ref) const;
  // Read before loading from the database and pass to put(): an entry loaded before a concurrent
  // write is dropped instead of resurrecting stale data.
  uint64_t version() const { return version_.load(); }
  void put(const std::string& repo, const std::string& ref, std::shared_ptr<const StoredManifest> m,
           uint64_t seen_version);
  void invalidate(const std::string& repo);
  void clear();

 private:
  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, std::unordered_map<std::string, std::shared_ptr<const StoredManifest>>> map_;
  size_t entries_ = 0;
  size_t max_entries_;
  std::atomic<uint64_t> version_{0};
};

}  // namespace berth::core
