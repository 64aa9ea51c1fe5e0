#include "api/project_lookup.h"

#include <nlohmann/json.hpp>

#include "api/api_util.h"
#include "db/sqlite.h"

namespace berth::api {

namespace {
// projects.metadata holds Harbor's ProjectMetadata, whose values are strings ("true").
bool metadata_public(const std::string& metadata) {
  auto j = json::parse(metadata, nullptr, false);
  if (!j.is_object()) return false;
  auto it = j.find("public");
  if (it == j.end()) return false;
  if (it->is_string()) return *it == "true";
  return it->is_boolean() && it->get<bool>();
}

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

std::optional<auth::Role> member_role(db::Connection& c, const auth::Principal& who,
                                      int64_t project_id) {
  if (!who.is_user() || who.id == 0) return std::nullopt;
  auto st = c.prepare(
      "SELECT role_id FROM project_members WHERE project_id = ? AND entity_id = ? AND entity_type "
      "= 'u'");
  st.bind(1, project_id).bind(2, who.id);
  if (!st.step()) return std::nullopt;
  return auth::role_from_id(int(st.int64(0)));
}

auth::ProjectAccess project_access(db::Connection& c, const auth::Principal& who,
                                   const ProjectInfo& p) {
  return auth::ProjectAccess{p.id, p.is_public, member_role(c, who, p.id)};
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
