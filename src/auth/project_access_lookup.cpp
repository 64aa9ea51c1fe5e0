#include "auth/project_access_lookup.h"

namespace berth::auth {

std::optional<Role> member_role(core::ProjectStore& store, const Principal& who,
                                int64_t project_id) {
  // Only users are members; a Bearer principal has no id and acts through its token instead.
  if (!who.is_user() || who.id <= 0) return std::nullopt;
  int role = store.role_of(project_id, who.id);
  if (!role) return std::nullopt;
  return role_from_id(role);
}

ProjectAccess project_access(core::ProjectStore& store, const core::Project& p,
                             const Principal& who) {
  return ProjectAccess{p.id, p.is_public(), member_role(store, who, p.id)};
}

ProjectAccess lookup_project_access(core::ProjectStore& store, const std::string& project_name,
                                    const Principal& who) {
  if (project_name.empty() || project_name.size() > 255) return {};
  auto p = store.find_by_name(project_name);
  return p ? project_access(store, *p, who) : ProjectAccess{};
}

ProjectAccess lookup_project_access(core::ProjectStore& store, int64_t project_id,
                                    const Principal& who) {
  auto p = store.find(project_id);
  return p ? project_access(store, *p, who) : ProjectAccess{};
}

}  // namespace berth::auth
