// core::ProjectStore on SQLite: tables projects and project_members (and, read only, the users,
// repositories and manifests that names, counts and summaries need).
#pragma once

#include "core/project_store.h"

namespace berth::db {

class Pool;

class SqliteProjectStore final : public core::ProjectStore {
 public:
  explicit SqliteProjectStore(Pool& db) : db_(db) {}

  std::optional<core::Project> find(int64_t id) override;
  std::optional<core::Project> find_by_name(const std::string& name) override;
  std::pair<std::vector<core::Project>, int64_t> list(const core::Viewer& who,
                                                      const core::ProjectFilter& f) override;
  std::vector<core::Project> all() override;
  int64_t create(const core::NewProject& p) override;
  void update(const core::Project& p) override;
  void remove(int64_t id) override;
  int64_t repo_count(const std::string& project_name) override;
  int64_t storage_used(const std::string& project_name) override;
  core::ProjectSummary summary(const core::Project& p) override;

  int role_of(int64_t project_id, int64_t user_id) override;
  std::pair<std::vector<core::Member>, int64_t> members(int64_t project_id,
                                                        const std::string& name_like,
                                                        int64_t offset, int64_t limit) override;
  std::optional<core::Member> member(int64_t project_id, int64_t member_id) override;
  int64_t add_member(int64_t project_id, int64_t user_id, int role_id) override;
  bool set_member_role(int64_t project_id, int64_t member_id, int role_id) override;
  bool remove_member(int64_t project_id, int64_t member_id) override;
  std::optional<core::UserRef> user_by_id(int64_t id) override;
  std::optional<core::UserRef> user_by_name(const std::string& name) override;

 private:
  std::optional<core::Project> find_where(const char* where, int64_t id, const std::string& name);
  Pool& db_;
};

}  // namespace berth::db
