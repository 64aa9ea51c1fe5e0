// Shared by the repository, artifact and tag handlers: resolving {project_name} +
// {repository_name} with the permission check, and Harbor's Repository / Artifact / Tag JSON.
#pragma once

#include <string>
#include <string_view>

#include "api/api_router.h"
#include "api/api_util.h"
#include "api/project_lookup.h"
#include "core/artifact_query.h"

namespace berth::core {
class ContentStore;
class RegistryService;
}  // namespace berth::core

namespace berth::api {

struct RepoTarget {
  ProjectInfo project;
  std::string name;  // "<project>/<repository_name>"
  std::optional<core::RepositoryRow> repo;
};

// 404 for an unknown project; 401/403 unless the caller may `resource:action` there; 404 for an
// unknown repository.
RepoTarget load_repo(core::ProjectStore& projects, core::ContentStore& content,
                     const ApiRequest& rq, std::string_view resource, std::string_view action);

// Harbor's path form of a repository name below its project: '/' double-encoded ("a%252Fb").
std::string encoded_repository(const std::string& full_name, const std::string& project);

json repository_json(const core::RepositoryRow& r);
json tag_json(const core::TagRow& t);
json artifact_json(core::ContentStore& content, core::RegistryService& registry,
                   const RepoTarget& t, const core::ArtifactRow& a, bool with_tag);

core::ArtifactRow artifact_or_404(core::ContentStore& content, const RepoTarget& t,
                                  const std::string& reference);

}  // namespace berth::api
