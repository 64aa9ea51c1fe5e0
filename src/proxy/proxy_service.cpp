#include "proxy/proxy_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "core/project_store.h"
#include "core/registry_endpoint_store.h"
#include "core/registry_service.h"
#include "core/endpoint_spec.h"
#include "remote/endpoint_client.h"
#include "remote/errors.h"

namespace berth::proxy {

namespace {
using Clock = std::chrono::steady_clock;
// How long a project's proxy status is trusted from memory: projects rarely change, and a
// changed bandwidth limit or endpoint is picked up this quickly.
constexpr auto kLookupTtl = std::chrono::seconds(5);

int64_t speed_kb_of(const core::Project& p) {
  auto it = p.metadata.find("proxy_speed_kb");
  if (it == p.metadata.end()) return -1;
  try {
    return std::stoll(it->second);
  } catch (...) {
    return -1;
  }
}
}  // namespace

ProxyService::ProxyService(core::ProjectStore& projects, core::RegistryEndpointStore& endpoints,
                           core::RegistryService& registry, store::BlobStore& blobs,
                           const config::Config& config)
    : project_store_(projects),
      endpoint_store_(endpoints),
      registry_(registry),
      config_(config),
      pool_(std::max(4, config.proxy.fetch_threads / 2)),
      fetcher_(std::make_unique<BlobFetcher>(registry, blobs, config.data_dir / "proxy-tmp",
                                             unsigned(config.proxy.fetch_threads))) {}

ProxyService::~ProxyService() {
  pool_.join();
}

ProxyService::Lookup ProxyService::cached(const std::string& project) {
  std::lock_guard lock(mutex_);
  auto it = projects_.find(project);
  if (it == projects_.end() || it->second.expires < Clock::now()) return {};
  return it->second.lookup;
}

std::shared_ptr<ProxyStats> ProxyService::stats_of(int64_t project_id) {
  std::lock_guard lock(mutex_);
  auto& s = stats_[project_id];
  if (!s) s = std::make_shared<ProxyStats>();
  return s;
}

ProxyService::Lookup ProxyService::load(const std::string& project) {
  Lookup out;
  auto p = project_store_.find_by_name(project);
  std::optional<core::RegistryEndpoint> endpoint;
  if (p && p->registry_id) endpoint = endpoint_store_.get(*p->registry_id);
  if (!p) {
    out.kind = Kind::kMissing;
  } else if (!endpoint) {
    out.kind = Kind::kPlain;  // no endpoint (or it was deleted): an ordinary project
  } else {
    out.kind = Kind::kProxy;
    auto t = std::make_shared<Target>();
    t->project_id = p->id;
    t->project = p->name;
    t->registry_id = endpoint->id;
    t->type = endpoint->type;
    t->url = endpoint->url;
    std::lock_guard lock(mutex_);
    auto& c = clients_[endpoint->id];
    // Clients keep their token caches and connections as long as the endpoint is unchanged.
    if (!c.manifests || c.update_time != endpoint->update_time) {
      remote::HttpOptions quick;
      quick.connect_timeout = std::chrono::milliseconds(config_.proxy.connect_timeout_ms);
      quick.total_timeout = std::chrono::milliseconds(config_.proxy.manifest_timeout_ms);
      quick.idle_timeout = std::chrono::milliseconds(config_.proxy.manifest_timeout_ms);
      remote::HttpOptions slow;
      slow.connect_timeout = quick.connect_timeout;
      slow.idle_timeout = std::chrono::seconds(config_.proxy.idle_timeout_seconds);
      try {
        remote::RetryPolicy once;
        once.max_attempts = 1;  // a failing upstream means: serve the cache, now
        c.manifests = remote::make_registry_client(core::endpoint_spec(*endpoint), quick, once);
        c.blobs = remote::make_registry_client(core::endpoint_spec(*endpoint), slow);
        c.update_time = endpoint->update_time;
      } catch (const remote::RemoteError& e) {
        spdlog::error("proxy project {}: endpoint {} unusable: {}", project, endpoint->name,
                      e.what());
        clients_.erase(endpoint->id);
        out.kind = Kind::kPlain;
        projects_[project] = {Clock::now() + kLookupTtl, out};
        return out;
      }
    }
    t->manifests = c.manifests;
    t->blobs = c.blobs;
    auto& limiter = limiters_[p->id];
    if (!limiter) limiter = std::make_shared<RateLimiter>();
    limiter->set_rate(speed_kb_of(*p));
    t->limiter = limiter;
    auto& s = stats_[p->id];
    if (!s) s = std::make_shared<ProxyStats>();
    t->stats = s;
    out.target = std::move(t);
    projects_[project] = {Clock::now() + kLookupTtl, out};
    return out;
  }
  std::lock_guard lock(mutex_);
  projects_[project] = {Clock::now() + kLookupTtl, out};
  return out;
}

std::shared_ptr<const core::StoredManifest> ProxyService::fetch_and_store(
    const Target& t, const std::string& repo, const std::string& reference,
    const std::string& tag) {
  std::string upstream = t.upstream_repository(repo);
  return fetches_.run(repo + "@" + reference + "#" + tag, [&] {
    t.stats->upstream_requests++;
    auto m = t.manifests->get_manifest(upstream, reference);
    if (!m)
      throw core::RegistryError{404, "MANIFEST_UNKNOWN",
                                "manifest unknown: " + reference + " not found upstream", ""};
    // Stored whole, byte for byte; children and blobs come when a client asks for them.
    auto digest_ref = core::parse_manifest_reference(m->digest);
    registry_.put_manifest(repo, *digest_ref, m->media_type, m->bytes, true);
    if (!tag.empty())
      registry_.put_manifest(repo, *core::parse_manifest_reference(tag), m->media_type, m->bytes,
                             true);
    auto stored = registry_.get_manifest(repo, *digest_ref);
    if (!stored) throw core::RegistryError{500, "UNKNOWN", "cached manifest vanished", ""};
    return stored;
  });
}

std::optional<remote::ManifestDescriptor> ProxyService::head_manifest(const Target& t,
                                                                      const std::string& repo,
                                                                      const std::string& tag) {
  std::string upstream = t.upstream_repository(repo);
  return heads_.run(upstream + ":" + tag, [&] {
    t.stats->upstream_requests++;
    return t.manifests->head_manifest(upstream, tag);
  });
}

}  // namespace berth::proxy
