// The audit trail behind /api/v2.0/audit-logs and /projects/{p}/logs: who did what, when, from
// where. The store interface; the SQLite implementation is db::SqliteAuditLogStore.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace berth::core {

struct AuditEntry {
  int64_t project_id = 0;     // 0: not about a project (users, logins, system robots)
  std::string operation;      // create, delete, update, pull, push, login, login_failed, ...
  std::string resource_type;  // artifact, project, user, member, robot, registry, ...
  std::string resource;       // e.g. "library/alpine:3.19" or "sha256:...", a user name
  std::string username;       // who did it ("anonymous" when nobody logged in)
  std::string client_ip;
};

struct AuditRecord {
  int64_t id = 0;
  int64_t project_id = 0;
  std::string username, resource, resource_type, operation;
  int64_t op_time = 0;  // unix millis
};

struct AuditFilter {
  std::optional<int64_t> project_id;
  // Only entries of projects this user is a member of (non-admin callers of /audit-logs).
  std::optional<int64_t> member_user_id;
  std::optional<std::string> operation, resource_type, username;
  std::optional<std::string> resource_like;  // substring
  std::optional<int64_t> from_millis, to_millis;
  bool ascending = false;  // sort=op_time; default -op_time
  int64_t offset = 0, limit = 10;
};

class AuditLogStore {
 public:
  virtual ~AuditLogStore() = default;
  // Records an entry (op_time = now). Never throws: a failure to audit is logged, not fatal to
  // the operation that already happened.
  virtual void record(const AuditEntry& e) noexcept = 0;
  // One page of matching entries and their total count.
  virtual std::pair<std::vector<AuditRecord>, int64_t> query(const AuditFilter& f) = 0;
};

// Keeps the many call sites one line: core::audit(services.audit, {...}).
inline void audit(AuditLogStore& log, const AuditEntry& e) {
  log.record(e);
}

}  // namespace berth::core
