// replication::PolicyStore on SQLite (table replication_policies; filters as Harbor's JSON).
#pragma once

#include "replication/policy_store.h"

namespace berth::db {

class Pool;

class SqliteReplicationPolicyStore final : public replication::PolicyStore {
 public:
  explicit SqliteReplicationPolicyStore(Pool& db) : db_(db) {}

  std::optional<replication::Policy> get(int64_t id) override;
  // Sorted by `q.sort` over id, name, creation_time, update_time; by default newest first
  // (Harbor's default: -creation_time).
  std::vector<replication::Policy> list(const replication::PolicyQuery& q, int64_t* total) override;
  std::vector<replication::Policy> with_trigger(const std::string& trigger_type) override;
  // Sets creation_time = update_time = now.
  int64_t create(const replication::Policy& p) override;
  // Every field but id, creator_id and creation_time; update_time = now.
  void update(const replication::Policy& p) override;
  bool remove(int64_t id) override;

 private:
  Pool& db_;
};

}  // namespace berth::db
