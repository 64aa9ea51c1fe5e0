#include "api/project_lookup.h"

#include "api/api_util.h"
#include "auth/project_access_lookup.h"

namespace berth::api {

std::optional<ProjectInfo> find_project(core::ProjectStore& store, const std::string& name) {
  return store.find_by_name(name);
}

std::optional<ProjectInfo> find_project(core::ProjectStore& store, int64_t id) {
  return store.find(id);
}

auth::ProjectAccess project_access(core::ProjectStore& store, const auth::Principal& who,
                                   const ProjectInfo& p) {
  return auth::project_access(store, p, who);
}

void require(core::ProjectStore& store, const auth::Principal& who, const ProjectInfo& p,
             std::string_view resource, std::string_view action) {
  if (auth::allowed(who, project_access(store, who, p), resource, action)) return;
  if (who.anonymous()) throw unauthorized("authentication required");
  throw forbidden("no permission to " + std::string(action) + " " + std::string(resource) +
                  " in project " + p.name);
}

ProjectInfo project_or_404(core::ProjectStore& store, const std::string& name) {
  auto p = find_project(store, name);
  if (!p) throw not_found("project " + name + " not found");
  return *p;
}

std::vector<ProjectInfo> visible_projects(core::ProjectStore& store, const auth::Principal& who) {
  std::vector<ProjectInfo> visible;
  for (auto& p : store.all())
    if (auth::allowed(who, project_access(store, who, p), "repository", "list"))
      visible.push_back(std::move(p));
  return visible;
}

}  // namespace berth::api
