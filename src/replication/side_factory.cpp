#include "replication/side_factory.h"

#include <spdlog/spdlog.h>

#include <map>
#include <mutex>

#include "core/registry_endpoint_store.h"
#include "remote/ecr_api.h"
#include "remote/ecr_auth.h"
#include "replication/errors.h"
#include "replication/local_side.h"
#include "replication/remote_side.h"

namespace berth::replication {

namespace {

// One lock per repository name.
struct RepositoryLocks {
  std::mutex mu;
  std::map<std::string, std::shared_ptr<std::mutex>> by_name;
  std::shared_ptr<std::mutex> of(const std::string& repo) {
    std::lock_guard lock(mu);
    auto& m = by_name[repo];
    if (!m) m = std::make_shared<std::mutex>();
    return m;
  }
};

// ECR's repositories are not created by a push: each copy ensures its repository
// (DescribeRepositories, then CreateRepository when missing). The tasks of one repository run
// at once, so they ensure it one after another: one of them creates it, the others find it.
// As a source, its repositories are listed with DescribeRepositories (not /v2/_catalog).
void plug_ecr(const core::RegistryEndpoint& e, RemoteSideOptions& o) {
  auto endpoint = remote::parse_ecr_url(e.url);
  if (!endpoint || endpoint->is_public) return;
  remote::AwsCredentials keys{e.access_key, e.access_secret, "", std::nullopt, "configured keys"};
  auto api = std::make_shared<remote::EcrApi>(*endpoint, keys, o.http);
  auto locks = std::make_shared<RepositoryLocks>();
  std::string name = e.name;
  o.prepare = [api, locks, name](const std::string& repo, const RepositorySettings& s) {
    auto lock_of_repo = locks->of(repo);
    std::lock_guard one_at_a_time(*lock_of_repo);
    auto r = api->ensure_repository(repo, {s.tag_immutability, s.scan_on_push});
    if (r == remote::EcrEnsureResult::kCreated)
      spdlog::info("replication: created ECR repository {} on endpoint {}", repo, name);
    if (r == remote::EcrEnsureResult::kUnverified)
      spdlog::warn("replication: endpoint {} may neither describe nor create {}; pushing anyway",
                   name, repo);
  };
  o.remote_delete = [api](const std::string& repo, const std::string& reference) {
    return api->batch_delete_image(repo, reference) > 0;
  };
  o.list_repositories = [api] { return api->list_repositories(); };
}

}  // namespace

SideFactory make_side_factory(SideFactoryDeps d) {
  auto local = std::make_shared<LocalSide>(d.registry, d.blobs, d.projects, d.temp_dir, d.labels);
  // One side per endpoint, made again when the endpoint was edited since.
  struct Cache {
    std::mutex mu;
    std::map<int64_t, std::pair<int64_t, std::shared_ptr<RegistrySide>>> sides;
  };
  auto cache = std::make_shared<Cache>();
  return [d, local, cache](int64_t registry_id) -> std::shared_ptr<RegistrySide> {
    if (registry_id == 0) return local;
    auto e = d.endpoints.get(registry_id);
    if (!e)
      throw ReplicationError("the registry endpoint " + std::to_string(registry_id) +
                             " no longer exists");
    std::lock_guard lock(cache->mu);
    auto& slot = cache->sides[registry_id];
    if (slot.second && slot.first == e->update_time) return slot.second;
    RemoteSideOptions o;
    o.http = d.http;
    if (e->type == "aws-ecr") plug_ecr(*e, o);
    slot = {e->update_time, std::make_shared<RemoteSide>(*e, o)};
    return slot.second;
  };
}

}  // namespace berth::replication
