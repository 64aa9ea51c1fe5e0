#include "api/project_lookup.h"

#include <nlohmann/json.hpp>

#include "api/api_util.h"
#include "auth/project_access_lookup.h"
#include "db/sqlite.h"

namespace berth::api {

namespace {
using auth::metadata_public;

ProjectInfo row_to_project(db::Statement& st) {
  return ProjectInfo{st.int64(0), st.text(1), metadata_public(st.text(2))};
}
}  // namespace

std::optional<ProjectInfo> find_project(db::Connection& c, const std::string& name) {
  auto st = c.prepare("SELECT id, name, metadata FROM projects WHERE name = ?");
  st.bind(1, name);
  if (!st.step()) return std::nullopt;
  return row_to_project(st);
}

std::optional<ProjectInfo> find_project(db::Connection& c, int64_t id) {
  auto st = c.prepare("SELECT id, name, metadata FROM projects WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return row_to_project(st);
}

auth::ProjectAccess project_access(db::Connection& c, const auth::Principal& who,
                                   const ProjectInfo& p) {
  return auth::ProjectAccess{p.id, p.is_public, auth::member_role(c, who, p.id)};
}

void require(db::Connection& c, const auth::Principal& who, const ProjectInfo& p,
             std::string_view resource, std::string_view action) {
  if (auth::allowed(who, project_access(c, who, p), resource, action)) return;
  if (who.anonymous()) throw unauthorized("authentication required");
  throw forbidden("no permission to " + std::string(action) + " " + std::string(resource) +
                  " in project " + p.name);
}

ProjectInfo project_or_404(db::Connection& c, const std::string& name) {
  auto p = find_project(c, name);
  if (!p) throw not_found("project " + name + " not found");
  return *p;
}

std::vector<ProjectInfo> visible_projects(db::Connection& c, const auth::Principal& who) {
  std::vector<ProjectInfo> out;
  auto st = c.prepare("SELECT id, name, metadata FROM projects ORDER BY id");
  while (st.step()) out.push_back(row_to_project(st));
  std::vector<ProjectInfo> visible;
  for (auto& p : out)
    if (auth::allowed(who, project_access(c, who, p), "repository", "list"))
      visible.push_back(std::move(p));
  return visible;
}

}  // namespace berth::api
