// core::AuditLogStore on SQLite (table audit_logs).
#pragma once

#include "core/audit_log.h"

namespace berth::db {

class Pool;

class SqliteAuditLogStore : public core::AuditLogStore {
 public:
  explicit SqliteAuditLogStore(Pool& pool) : pool_(pool) {}

  void record(const core::AuditEntry& e) noexcept override;
  std::pair<std::vector<core::AuditRecord>, int64_t> query(const core::AuditFilter& f) override;

 private:
  Pool& pool_;
};

}  // namespace berth::db
