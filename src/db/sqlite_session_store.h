// auth::SessionStore on SQLite (table sessions).
#pragma once

#include "auth/session_store.h"

namespace berth::db {

class Pool;

class SqliteSessionStore : public auth::SessionStore {
 public:
  explicit SqliteSessionStore(Pool& pool) : pool_(pool) {}

  void create(const auth::NewSession& s) override;
  std::optional<auth::SessionUser> find(const std::string& id_hash, int64_t now) override;
  void renew(const std::string& id_hash, int64_t expires_at) override;
  void remove(const std::string& id_hash) override;
  void remove_expired(int64_t now) override;

 private:
  Pool& pool_;
};

}  // namespace berth::db
