// auth::RobotStore on SQLite (table robots).
#pragma once

#include "auth/robot_store.h"

namespace berth::db {

class Pool;

class SqliteRobotStore : public auth::RobotStore {
 public:
  explicit SqliteRobotStore(Pool& pool) : pool_(pool) {}

  void insert(auth::RobotRecord& r, const std::string& secret_hash) override;
  std::optional<auth::RobotRecord> find(int64_t id) override;
  std::optional<auth::RobotRecord> find_by_name(const std::string& name,
                                                std::string* secret_hash) override;
  int64_t count(const auth::RobotFilter& f) override;
  std::vector<auth::RobotRecord> list(const auth::RobotFilter& f, int64_t offset,
                                      int64_t limit) override;
  void update(const auth::RobotRecord& r) override;
  void set_secret(int64_t id, const std::string& secret_hash) override;
  bool remove(int64_t id) override;

 private:
  Pool& pool_;
};

}  // namespace berth::db
