// Projects and their members: the domain types and the store interface. Blocking: call the
// store on the blocking pool.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/project_rules.h"

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

// A project with this name exists already (the API answers 409).
struct DuplicateProjectName : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// The user already is a member of the project (the API answers 409).
struct DuplicateMember : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Projects, their metadata, CVE allowlist and storage limit, and their members. Implemented by
// db::SqliteProjectStore; the one place where projects are looked up, by the API, /v2 access
// control, the token service, the proxy cache and scanning alike.
class ProjectStore {
 public:
  virtual ~ProjectStore() = default;

  virtual std::optional<Project> find(int64_t id) = 0;
  virtual std::optional<Project> find_by_name(const std::string& name) = 0;
  // One page of the projects `who` may see, and the total.
  virtual std::pair<std::vector<Project>, int64_t> list(const Viewer& who,
                                                        const ProjectFilter& f) = 0;
  // Every project, by id.
  virtual std::vector<Project> all() = 0;

  // Creates the project with its creator as projectAdmin; throws DuplicateProjectName.
  // Returns the new id.
  virtual int64_t create(const NewProject& p) = 0;
  virtual void update(const Project& p) = 0;  // metadata, cve_allowlist, storage_limit
  // The project, its memberships and its labels (scope "p").
  virtual void remove(int64_t id) = 0;

  virtual int64_t repo_count(const std::string& project_name) = 0;
  // Bytes the project's artifacts take (manifests and their blobs, as the quota counts them).
  virtual int64_t storage_used(const std::string& project_name) = 0;
  virtual ProjectSummary summary(const Project& p) = 0;

  // The role id of a user in a project (0: not a member).
  virtual int role_of(int64_t project_id, int64_t user_id) = 0;
  virtual std::pair<std::vector<Member>, int64_t> members(int64_t project_id,
                                                          const std::string& name_like,
                                                          int64_t offset, int64_t limit) = 0;
  virtual std::optional<Member> member(int64_t project_id, int64_t member_id) = 0;
  // Throws DuplicateMember when the user already is a member.
  virtual int64_t add_member(int64_t project_id, int64_t user_id, int role_id) = 0;
  virtual bool set_member_role(int64_t project_id, int64_t member_id, int role_id) = 0;
  virtual bool remove_member(int64_t project_id, int64_t member_id) = 0;

  // The users a membership may name.
  virtual std::optional<UserRef> user_by_id(int64_t id) = 0;
  virtual std::optional<UserRef> user_by_name(const std::string& name) = 0;
};

}  // namespace berth::core
