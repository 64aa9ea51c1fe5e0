#include "auth/project_access_lookup.h"

#include <nlohmann/json.hpp>

#include "db/sqlite.h"

namespace berth::auth {

bool metadata_public(const std::string& metadata) {
  auto j = nlohmann::json::parse(metadata, nullptr, false);
  if (!j.is_object()) return false;
  auto it = j.find("public");
  if (it == j.end()) return false;
  if (it->is_boolean()) return it->get<bool>();
  return it->is_string() && it->get<std::string>() == "true";
}

std::optional<Role> member_role(db::Connection& c, const Principal& who, int64_t project_id) {
  // Only users are members; a Bearer principal has no id and acts through its token instead.
  if (!who.is_user() || who.id <= 0) return std::nullopt;
  auto st = c.prepare(
      "SELECT role_id FROM project_members WHERE project_id = ? AND entity_id = ? AND "
      "entity_type = 'u'");
  st.bind(1, project_id).bind(2, who.id);
  if (!st.step()) return std::nullopt;
  return role_from_id(int(st.int64(0)));
}

namespace {
void add_member_role(db::Connection& c, ProjectAccess& pa, const Principal& who) {
  pa.member_role = member_role(c, who, pa.project_id);
}
}  // namespace

ProjectAccess lookup_project_access(db::Connection& c, const std::string& project_name,
                                    const Principal& who) {
  ProjectAccess pa;
  if (project_name.empty() || project_name.size() > 255) return pa;
  {
    auto st = c.prepare("SELECT id, metadata FROM projects WHERE name = ?");
    st.bind(1, project_name);
    if (!st.step()) return pa;
    pa.project_id = st.int64(0);
    pa.is_public = metadata_public(st.text(1));
  }
  add_member_role(c, pa, who);
  return pa;
}

ProjectAccess lookup_project_access(db::Connection& c, int64_t project_id, const Principal& who) {
  ProjectAccess pa;
  {
    auto st = c.prepare("SELECT id, metadata FROM projects WHERE id = ?");
    st.bind(1, project_id);
    if (!st.step()) return pa;
    pa.project_id = st.int64(0);
    pa.is_public = metadata_public(st.text(1));
  }
  add_member_role(c, pa, who);
  return pa;
}

}  // namespace berth::auth
