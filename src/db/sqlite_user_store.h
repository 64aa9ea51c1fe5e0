// auth::UserStore on SQLite (table users; sessions and project_members on removal).
#pragma once

#include "auth/user_store.h"

namespace berth::db {

class Pool;

class SqliteUserStore : public auth::UserStore {
 public:
  explicit SqliteUserStore(Pool& pool) : pool_(pool) {}

  std::optional<auth::User> find(int64_t id) override;
  std::optional<auth::User> find_by_name(const std::string& username) override;
  std::optional<auth::UserCredentials> credentials(const std::string& username) override;
  std::optional<auth::UserCredentials> credentials(int64_t id) override;
  bool username_taken(const std::string& username) override;
  bool email_taken(const std::string& email, int64_t except_id = 0) override;
  std::vector<auth::User> list(const auth::UserQuery& q, int64_t* total) override;
  int64_t create(const auth::NewUser& u) override;
  void update_profile(int64_t id, const std::string& email, const std::string& realname,
                      const std::string& comment) override;
  void set_password_hash(int64_t id, const std::string& hash, bool end_sessions) override;
  void set_sysadmin(int64_t id, bool sysadmin) override;
  void remove(int64_t id) override;

 private:
  Pool& pool_;
};

}  // namespace berth::db
