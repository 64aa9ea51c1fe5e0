#include "core/manifest_cache.h"

#include <mutex>

namespace berth::core {

std::shared_ptr<const StoredManifest> ManifestCache::get(const std::string& repo,
                                                         const std::string& ref) const {
  std::shared_lock lk(mu_);
  auto r = map_.find(repo);
  if (r == map_.end()) return nullptr;
  auto e = r->second.find(ref);
  return e == r->second.end() ? nullptr : e->second;
}

void ManifestCache::put(const std::string& repo, const std::string& ref,
                        std::shared_ptr<const StoredManifest> m, uint64_t seen_version) {
  std::unique_lock lk(mu_);
  if (seen_version != version_.load()) return;
  // A full cache starts over rather than tracking recency: cheap, and hot entries refill at once.
  if (entries_ >= max_entries_) {
    map_.clear();
    entries_ = 0;
  }
  auto [it, inserted] = map_[repo].insert_or_assign(ref, std::move(m));
  if (inserted) ++entries_;
}

void ManifestCache::invalidate(const std::string& repo) {
  std::unique_lock lk(mu_);
  ++version_;
  auto r = map_.find(repo);
  if (r == map_.end()) return;
  entries_ -= r->second.size();
  map_.erase(r);
}

void ManifestCache::clear() {
  std::unique_lock lk(mu_);
  ++version_;
  map_.clear();
  entries_ = 0;
}

}  // namespace berth::core
