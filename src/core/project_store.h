// Data access for projects and their members (tables projects, project_members, users and the
// repositories/manifests they hold). Blocking: call it on the blocking pool.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/project_rules.h"

namespace berth::db {
class Pool;
class Connection;
}  // namespace berth::db

namespace berth::core {

struct Project {
  int64_t id = 0;
  std::string name;
  int64_t owner_id = 0;
  std::string owner_name;
  std::optional<int64_t> registry_id;
  ProjectMetadata metadata;
  std::string cve_allowlist = "{}";  // JSON text
  int64_t storage_limit = -1;
  int64_t creation_time = 0;  // unix millis
  int64_t update_time = 0;
  bool is_public() const {
    auto it = metadata.find("public");
    return it != metadata.end() && it->second == "true";
  }
};

struct NewProject {
  std::string name;
  int64_t owner_id = 0;
  std::optional<int64_t> registry_id;
  ProjectMetadata metadata;
  std::string cve_allowlist = "{}";
  int64_t storage_limit = -1;
};

// Who is listing, for visibility: sysadmins see every project, users public ones plus those they
// are members of, anonymous callers public ones only.
struct Viewer {
  bool sysadmin = false;
  int64_t user_id = 0;  // 0: anonymous
};

struct ProjectFilter {
  std::optional<std::string> name;  // fuzzy (substring)
  std::optional<std::string> exact_name;
  std::optional<bool> is_public;
  std::optional<std::string> owner;  // owner's user name
  int64_t offset = 0, limit = 10;
};

struct Member {
  int64_t id = 0;
  int64_t project_id = 0;
  int64_t entity_id = 0;
  std::string entity_name;
  std::string entity_type = "u";
  int role_id = 0;
};

struct UserRef {
  int64_t id = 0;
  std::string name;
};

struct ProjectSummary {
  int64_t repo_count = 0;
  int64_t role_counts[6] = {};  // by role id 1..5
  int64_t storage_used = 0;
};

class ProjectStore {
 public:
  explicit ProjectStore(db::Pool& db) : db_(db) {}

  std::optional<Project> find(int64_t id);
  std::optional<Project> find_by_name(const std::string& name);
  // One page of the projects `who` may see, and the total.
  std::pair<std::vector<Project>, int64_t> list(const Viewer& who, const ProjectFilter& f);

  // Creates the project with its creator as projectAdmin; throws db::ConstraintError on a name
  // clash. Returns the new id.
  int64_t create(const NewProject& p);
  void update(const Project& p);  // metadata, cve_allowlist, storage_limit
  void remove(int64_t id);

  int64_t repo_count(const std::string& project_name);
  ProjectSummary summary(const Project& p);

  // The role id of a user in a project (0: not a member).
  int role_of(int64_t project_id, int64_t user_id);
  std::pair<std::vector<Member>, int64_t> members(int64_t project_id, const std::string& name_like,
                                                  int64_t offset, int64_t limit);
  std::optional<Member> member(int64_t project_id, int64_t member_id);
  // Throws db::ConstraintError when the user already is a member.
  int64_t add_member(int64_t project_id, int64_t user_id, int role_id);
  bool set_member_role(int64_t project_id, int64_t member_id, int role_id);
  bool remove_member(int64_t project_id, int64_t member_id);

  std::optional<UserRef> user_by_id(int64_t id);
  std::optional<UserRef> user_by_name(const std::string& name);

 private:
  std::optional<Project> find_where(const char* where, int64_t id, const std::string& name);
  db::Pool& db_;
};

}  // namespace berth::core
