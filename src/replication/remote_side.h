// A remote registry endpoint as one end of a replication, over the OCI distribution API
// (remote::RegistryClient) plus, for type "harbor", a few calls of Harbor's management API.
//
// Listing repositories, by endpoint type:
//  - every type: when each name pattern names repositories exactly ("library/nginx",
//    "team/{a,b}"), those names are used as they are, without listing (Harbor's adapters do the
//    same); a name that does not exist then simply has no tags;
//  - harbor: GET /api/v2.0/projects (only the projects the patterns can reach when their first
//    path component is literal) and each project's /repositories, paged;
//  - docker-hub: Docker Hub has no catalog of other users' namespaces, so only exact names work;
//    a pattern with a wildcard is refused with a ReplicationError saying so. Names without a
//    slash are official images: "nginx" is read from library/nginx (the name itself is kept,
//    so the policy's patterns still match it);
//  - aws-ecr: RemoteSideOptions::list_repositories (DescribeRepositories, set by the side
//    factory): ECR does not serve /v2/_catalog to IAM users as docker-registry does;
//  - docker-registry (and aws-ecr without the hook, e.g. ECR Public): GET /v2/_catalog, paged.
//
// Errors come out as ReplicationError (replication/remote_errors.h) naming the endpoint, with
// `transient` set for what a retry can fix. Safe to use from several threads at once.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "core/registry_endpoint_store.h"
#include "remote/http_client.h"
#include "remote/retry.h"
#include "replication/registry_side.h"
#include "replication/remote_errors.h"

namespace berth::remote {
class RegistryClient;
class HarborApiClient;
}  // namespace berth::remote

namespace berth::replication {

struct RemoteSideOptions {
  remote::HttpOptions http;
  remote::RetryPolicy retry;
  // Makes a destination repository ready (aws-ecr: DescribeRepositories / CreateRepository).
  // Set: replaces the built-in preparation (harbor: create the project; others: nothing).
  // Throws ReplicationError (or remote::RemoteError, which is translated).
  std::function<void(const std::string& repo, const RepositorySettings& settings)> prepare;
  // Deletes a tag or digest on the destination (aws-ecr: BatchDeleteImage); returns false when it
  // was not there. Unset: the registry API (the tag is resolved, then DELETE by digest).
  std::function<bool(const std::string& repo, const std::string& reference)> remote_delete;
  // Every repository of the registry, for name patterns with wildcards (aws-ecr:
  // DescribeRepositories). Unset: the registry's catalog (harbor: its API). Throws as `prepare`.
  std::function<std::vector<std::string>()> list_repositories;
};

class RemoteSide final : public RegistrySide {
 public:
  // Throws ReplicationError when the endpoint cannot work (unknown type, bad URL, ...).
  RemoteSide(const core::RegistryEndpoint& endpoint, RemoteSideOptions options = {});
  ~RemoteSide() override;

  std::string describe() const override;

  std::vector<std::string> repositories(const std::vector<std::string>& name_patterns) override;
  // {} when the repository does not exist.
  std::vector<std::string> tags(const std::string& repo) override;
  // harbor: the artifact's labels from its API; other types: {}.
  std::vector<std::string> labels(const std::string& repo, const std::string& digest) override;
  std::optional<ManifestData> get_manifest(const std::string& repo,
                                           const std::string& reference) override;
  std::vector<nlohmann::json> referrers(const std::string& repo,
                                        const std::string& digest) override;
  // The digest is verified after the last byte (a mismatch throws); a sink returning false
  // stops the transfer with a ReplicationError.
  bool read_blob(const std::string& repo, const std::string& digest, const ByteSink& sink) override;

  void prepare_repository(const std::string& repo, const RepositorySettings& settings) override;
  std::optional<std::string> manifest_digest(const std::string& repo,
                                             const std::string& reference) override;
  bool has_blob(const std::string& repo, const std::string& digest) override;
  // False also when the registry refuses the mount for a reason an upload may not share.
  bool mount_blob(const std::string& repo, const std::string& digest,
                  const std::string& from_repo) override;
  void write_blob(const std::string& repo, const std::string& digest, int64_t size,
                  const ByteSource& source, size_t chunk_size) override;
  void put_manifest(const std::string& repo, const std::string& reference,
                    const ManifestData& m) override;
  bool delete_reference(const std::string& repo, const std::string& reference) override;

 private:
  // Runs `f`, translating remote errors for this endpoint.
  template <class F>
  auto guarded(RemoteOperation op, const std::string& repo, F&& f,
               const std::string& media_type = "") -> decltype(f());
  // The name on the registry (docker-hub: "nginx" → "library/nginx").
  std::string remote_name(const std::string& repo) const;
  std::vector<std::string> harbor_repositories(const std::vector<std::string>& name_patterns);
  void prepare_harbor_project(const std::string& repo);

  std::string name_, type_, url_;  // of the endpoint (the credentials live in the clients)
  RemoteSideOptions options_;
  std::shared_ptr<remote::RegistryClient> client_;
  std::unique_ptr<remote::HarborApiClient> harbor_;  // type "harbor" only
  std::mutex mutex_;
  std::set<std::string> ready_projects_;  // harbor projects known to exist
};

// The repositories `repositories()` lists without asking the registry, when the endpoint type
// allows it: the exact names of the patterns (docker-hub: also refuses wildcards). nullopt: list.
std::optional<std::vector<std::string>> names_without_listing(
    const std::string& type, const std::vector<std::string>& name_patterns);

}  // namespace berth::replication
