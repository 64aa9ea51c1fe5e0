#include "replication/remote_side.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "core/endpoint_spec.h"
#include "remote/crypto.h"
#include "remote/endpoint_client.h"
#include "remote/errors.h"
#include "remote/harbor_api_client.h"
#include "remote/registry_client.h"
#include "replication/name_patterns.h"

namespace berth::replication {

using remote::ErrorKind;
using remote::RemoteError;

namespace {

std::vector<std::string> matching(std::vector<std::string> names,
                                  const std::vector<std::string>& patterns) {
  std::erase_if(names, [&](const std::string& n) { return !may_match(n, patterns); });
  sort_unique(names);
  return names;
}

// Errors a retry may fix: reported (transient) rather than answered with "cannot mount".
bool heals_by_itself(ErrorKind k) {
  return remote::is_retryable_error(k) || k == ErrorKind::kRateLimited || k == ErrorKind::kServer;
}

}  // namespace

std::optional<std::vector<std::string>> names_without_listing(
    const std::string& type, const std::vector<std::string>& name_patterns) {
  if (auto names = literal_names(name_patterns)) return names;
  if (type == "docker-hub")
    throw ReplicationError(
        "Docker Hub cannot list repositories by pattern: name each repository exactly in the "
        "name filter (library/nginx, myorg/{api,web})");
  return std::nullopt;
}

template <class F>
auto RemoteSide::guarded(RemoteOperation op, const std::string& repo, F&& f,
                         const std::string& media_type) -> decltype(f()) {
  try {
    return f();
  } catch (const RemoteError& e) {
    throw translate_remote_error(e, {name_, op, repo, media_type});
  }
}

RemoteSide::RemoteSide(const core::RegistryEndpoint& endpoint, RemoteSideOptions options)
    : name_(endpoint.name), type_(endpoint.type), url_(endpoint.url), options_(std::move(options)) {
  remote::EndpointSpec spec = core::endpoint_spec(endpoint);
  guarded(RemoteOperation::kList, "", [&] {
    client_ = remote::make_registry_client(spec, options_.http, options_.retry);
    if (type_ == "harbor") {
      remote::HttpOptions http = options_.http;
      http.insecure = spec.insecure;
      if (!spec.ca_pem.empty()) http.ca_pem = spec.ca_pem;
      std::optional<remote::Credentials> creds;
      if (!spec.access_key.empty() || !spec.access_secret.empty())
        creds = remote::Credentials{spec.access_key, spec.access_secret};
      harbor_ = std::make_unique<remote::HarborApiClient>(remote::endpoint_registry_url(spec),
                                                          creds, http, options_.retry);
    }
  });
}

RemoteSide::~RemoteSide() = default;

std::string RemoteSide::describe() const {
  return "endpoint " + name_ + " (" + url_ + ")";
}

std::string RemoteSide::remote_name(const std::string& repo) const {
  return remote::normalize_repository(type_, repo);
}

// ---- source side ----

std::vector<std::string> RemoteSide::repositories(const std::vector<std::string>& name_patterns) {
  if (auto names = names_without_listing(type_, name_patterns)) return *names;
  if (harbor_) return harbor_repositories(name_patterns);
  auto all = guarded(RemoteOperation::kList, "", [&] {
    return options_.list_repositories ? options_.list_repositories() : client_->catalog();
  });
  return matching(std::move(all), name_patterns);
}

std::vector<std::string> RemoteSide::harbor_repositories(
    const std::vector<std::string>& name_patterns) {
  auto projects = literal_projects(name_patterns);
  if (!projects)
    projects = guarded(RemoteOperation::kList, "", [&] { return harbor_->project_names(); });
  std::vector<std::string> out;
  for (const auto& p : *projects) {
    auto repos = guarded(RemoteOperation::kList, p, [&] {
      try {
        return harbor_->repository_names(p);
      } catch (const RemoteError& e) {
        if (e.kind() == ErrorKind::kNotFound) return std::vector<std::string>{};  // no project
        throw;
      }
    });
    out.insert(out.end(), repos.begin(), repos.end());
  }
  return matching(std::move(out), name_patterns);
}

std::vector<std::string> RemoteSide::tags(const std::string& repo) {
  return guarded(RemoteOperation::kList, repo, [&] {
    try {
      return client_->list_tags(remote_name(repo));
    } catch (const RemoteError& e) {
      if (e.kind() == ErrorKind::kNotFound) return std::vector<std::string>{};
      throw;
    }
  });
}

std::vector<std::string> RemoteSide::labels(const std::string& repo, const std::string& digest) {
  if (!harbor_) return {};
  return guarded(RemoteOperation::kRead, repo,
                 [&] { return harbor_->artifact_labels(repo, digest); });
}

std::optional<ManifestData> RemoteSide::get_manifest(const std::string& repo,
                                                     const std::string& reference) {
  auto m = guarded(RemoteOperation::kRead, repo,
                   [&] { return client_->get_manifest(remote_name(repo), reference); });
  if (!m) return std::nullopt;
  return ManifestData{std::move(m->bytes), std::move(m->media_type), std::move(m->digest)};
}

std::vector<nlohmann::json> RemoteSide::referrers(const std::string& repo,
                                                  const std::string& digest) {
  return guarded(RemoteOperation::kRead, repo,
                 [&] { return client_->referrers(remote_name(repo), digest); });
}

bool RemoteSide::read_blob(const std::string& repo, const std::string& digest,
                           const ByteSink& sink) {
  return guarded(RemoteOperation::kRead, repo,
                 [&] { return client_->get_blob(remote_name(repo), digest, sink); });
}

// ---- destination side ----

void RemoteSide::prepare_repository(const std::string& repo, const RepositorySettings& settings) {
  if (options_.prepare)
    return guarded(RemoteOperation::kPrepare, repo, [&] { options_.prepare(repo, settings); });
  if (harbor_) prepare_harbor_project(repo);
  // docker-registry, docker-hub: a push creates the repository.
}

void RemoteSide::prepare_harbor_project(const std::string& repo) {
  auto slash = repo.find('/');
  if (slash == std::string::npos || slash == 0)
    throw ReplicationError("endpoint " + name_ + " is a Harbor: the repository name " + repo +
                           " needs a project in front (project/" + repo +
                           "); set a destination namespace");
  std::string project = repo.substr(0, slash);
  {
    std::lock_guard lock(mutex_);
    if (ready_projects_.count(project)) return;
  }
  guarded(RemoteOperation::kPrepare, repo, [&] {
    if (!harbor_->project_exists(project)) {
      // 409 (false): another task created it between the two calls, which is what we wanted.
      if (harbor_->create_project(project))
        spdlog::info("replication: created project {} on endpoint {}", project, name_);
    }
  });
  std::lock_guard lock(mutex_);
  ready_projects_.insert(project);
}

std::optional<std::string> RemoteSide::manifest_digest(const std::string& repo,
                                                       const std::string& reference) {
  auto d = guarded(RemoteOperation::kWrite, repo,
                   [&] { return client_->head_manifest(remote_name(repo), reference); });
  if (!d) return std::nullopt;
  return d->digest;
}

bool RemoteSide::has_blob(const std::string& repo, const std::string& digest) {
  return guarded(RemoteOperation::kWrite, repo,
                 [&] { return client_->head_blob(remote_name(repo), digest).has_value(); });
}

bool RemoteSide::mount_blob(const std::string& repo, const std::string& digest,
                            const std::string& from_repo) {
  try {
    return client_->mount_blob(remote_name(repo), digest, remote_name(from_repo));
  } catch (const RemoteError& e) {
    if (heals_by_itself(e.kind()))
      throw translate_remote_error(e, {name_, RemoteOperation::kWrite, repo, ""});
    // A mount is only a shortcut: the upload that follows reports a real refusal precisely.
    spdlog::debug("replication: mount of {} into {} on {} refused: {}", digest, repo, name_,
                  e.what());
    return false;
  }
}

void RemoteSide::write_blob(const std::string& repo, const std::string& digest, int64_t size,
                            const ByteSource& source, size_t chunk_size) {
  guarded(RemoteOperation::kWrite, repo, [&] {
    if (chunk_size > 0)
      client_->upload_blob_chunked(remote_name(repo), digest, source, chunk_size);
    else
      client_->upload_blob(remote_name(repo), digest, size, source);
  });
}

void RemoteSide::put_manifest(const std::string& repo, const std::string& reference,
                              const ManifestData& m) {
  guarded(
      RemoteOperation::kPutManifest, repo,
      [&] { client_->put_manifest(remote_name(repo), reference, m.bytes, m.media_type); },
      m.media_type);
}

bool RemoteSide::delete_reference(const std::string& repo, const std::string& reference) {
  if (options_.remote_delete)
    return guarded(RemoteOperation::kDelete, repo,
                   [&] { return options_.remote_delete(repo, reference); });
  return guarded(RemoteOperation::kDelete, repo, [&] {
    std::string name = remote_name(repo), digest = reference;
    // The distribution API deletes by digest only: a tag is resolved first (and the manifest
    // goes with every tag on it, as Harbor's deletion replication does).
    if (!remote::is_digest(reference)) {
      auto d = client_->head_manifest(name, reference);
      if (!d) return false;
      digest = d->digest;
    }
    return client_->delete_manifest(name, digest);
  });
}

}  // namespace berth::replication
