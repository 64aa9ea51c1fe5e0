#include "proxy/proxy_content_source.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <set>

#include "remote/errors.h"

namespace berth::proxy {

namespace {
core::RegistryError upstream_error(const remote::RemoteError& e, const std::string& what) {
  using K = remote::ErrorKind;
  if (e.kind() == K::kNotFound) return {404, "MANIFEST_UNKNOWN", what + " not found upstream", ""};
  if (e.kind() == K::kRateLimited)
    return {429, "TOOMANYREQUESTS",
            "too many requests to upstream registry: " + std::string(e.what()), ""};
  return {502, "UNKNOWN", what + " is not cached and the upstream failed: " + std::string(e.what()),
          ""};
}

core::RegistryError not_upstream(const std::string& reference) {
  return {404, "MANIFEST_UNKNOWN", "manifest unknown: " + reference + " not found upstream", ""};
}
}  // namespace

std::shared_ptr<const core::StoredManifest> ProxyContentSource::manifest_in_memory(
    const std::string& repo, const core::ManifestReference& ref) {
  // A digest the cache holds needs no upstream; a tag always asks the upstream first.
  if (!ref.is_digest()) return nullptr;
  auto hit = local_.manifest_in_memory(repo, ref);
  if (hit) target_->stats->cache_hits++;
  return hit;
}

std::shared_ptr<const core::StoredManifest> ProxyContentSource::get_manifest(
    const std::string& repo, const core::ManifestReference& ref) {
  if (!ref.is_digest()) return manifest_by_tag(repo, ref);
  const Target& t = *target_;
  if (auto local = local_.get_manifest(repo, ref)) {
    t.stats->cache_hits++;
    return local;
  }
  t.stats->cache_misses++;
  try {
    return proxy_.fetch_and_store(t, repo, ref.digest().str(), "");
  } catch (const remote::RemoteError& e) {
    t.stats->upstream_failures++;
    throw upstream_error(e, "manifest " + ref.str());
  }
}

std::shared_ptr<const core::StoredManifest> ProxyContentSource::manifest_by_tag(
    const std::string& repo, const core::ManifestReference& ref) {
  const Target& t = *target_;
  auto local = local_.get_manifest(repo, ref);
  // One short HEAD tells whether the cached copy is current.
  std::optional<remote::ManifestDescriptor> head;
  try {
    head = proxy_.head_manifest(t, repo, ref.tag());
  } catch (const remote::RemoteError& e) {
    t.stats->upstream_failures++;
    if (local) {
      t.stats->stale_served++;
      t.stats->cache_hits++;
      spdlog::warn("proxy {}: upstream failed ({}); serving cached {}:{}", t.project, e.what(),
                   repo, ref.tag());
      return local;
    }
    throw upstream_error(e, "manifest " + ref.tag());
  }
  if (!head) {
    if (local && proxy_.serve_cached_on_not_found()) {
      t.stats->cache_hits++;
      return local;
    }
    throw not_upstream(ref.tag());
  }
  if (local && local->digest.str() == head->digest) {
    t.stats->cache_hits++;
    return local;
  }
  t.stats->cache_misses++;
  try {
    return proxy_.fetch_and_store(t, repo, head->digest, ref.tag());
  } catch (const remote::RemoteError& e) {
    t.stats->upstream_failures++;
    if (local) {
      t.stats->stale_served++;
      return local;
    }
    throw upstream_error(e, "manifest " + ref.tag());
  }
}

core::Blob ProxyContentSource::stat_blob(const std::string& repo, const core::Digest& d) {
  const Target& t = *target_;
  auto local = local_.stat_blob(repo, d);
  if (local.status != core::Blob::Status::kMissing) {
    t.stats->cache_hits++;
    return local;
  }
  // Clients HEAD before they GET: answer from the upstream without downloading yet.
  std::optional<int64_t> size;
  t.stats->upstream_requests++;
  try {
    size = t.manifests->head_blob(t.upstream_repository(repo), d.str());
  } catch (const remote::RemoteError& e) {
    t.stats->upstream_failures++;
    throw core::RegistryError{502, "UNKNOWN", std::string("upstream failed: ") + e.what(), ""};
  }
  if (!size) return {};
  return {core::Blob::Status::kFound, {nullptr, uint64_t(*size)}, nullptr};
}

core::Blob ProxyContentSource::open_blob(const std::string& repo, const core::Digest& d) {
  const Target& t = *target_;
  auto local = local_.open_blob(repo, d);
  if (local.status != core::Blob::Status::kMissing) {
    t.stats->cache_hits++;
    if (local.status == core::Blob::Status::kFound) t.stats->bytes_saved += local.file.size;
    return local;
  }
  t.stats->cache_misses++;
  // Quick: the download runs on the fetcher's threads; the client follows the growing file.
  auto fetch = proxy_.fetcher().fetch(target_, t.upstream_repository(repo), repo, d);
  if (fetch.joined) t.stats->joined_fetches++;
  return {core::Blob::Status::kFound, {}, fetch.file};
}

std::optional<core::Page> ProxyContentSource::tags(const std::string& repo, int64_t limit,
                                                   const std::string& last) {
  const Target& t = *target_;
  std::set<std::string> all;
  if (auto page = local_.tags(repo, -1, "")) all.insert(page->items.begin(), page->items.end());
  try {
    t.stats->upstream_requests++;
    for (auto& tag : t.blobs->list_tags(t.upstream_repository(repo))) all.insert(tag);
  } catch (const remote::RemoteError& e) {
    t.stats->upstream_failures++;
    spdlog::warn("proxy {}: tag list of {} from the cache only: {}", t.project, repo, e.what());
  }
  core::Page page;
  for (auto it = last.empty() ? all.begin() : all.upper_bound(last); it != all.end(); ++it) {
    if (limit >= 0 && int64_t(page.items.size()) == limit) {
      page.more = true;
      break;
    }
    page.items.push_back(*it);
  }
  return page;
}

std::string ProxyContentSource::referrers(const std::string& repo, const core::Digest& digest,
                                          const std::optional<std::string>& artifact_type) {
  const Target& t = *target_;
  auto index = nlohmann::json::parse(local_.referrers(repo, digest, artifact_type));
  auto& list = index["manifests"];
  std::set<std::string> have;
  for (const auto& d : list) have.insert(d.value("digest", ""));
  try {
    t.stats->upstream_requests++;
    for (auto& d : t.manifests->referrers(t.upstream_repository(repo), digest.str())) {
      std::string type = d.value("artifactType", "");
      if (artifact_type && type != *artifact_type) continue;
      if (have.insert(d["digest"].get<std::string>()).second) list.push_back(std::move(d));
    }
  } catch (const remote::RemoteError& e) {
    t.stats->upstream_failures++;
    spdlog::warn("proxy {}: referrers of {}@{} from the cache only: {}", t.project, repo,
                 digest.str(), e.what());
  }
  return index.dump();
}

std::optional<core::RegistryError> ProxyContentSource::push_refusal() const {
  return core::RegistryError{403, "DENIED", "can not push artifact to a proxy project", ""};
}

}  // namespace berth::proxy
