// Reads the audit trail for /api/v2.0/audit-logs and /projects/{p}/logs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace berth::db {
class Pool;
}

namespace berth::core {

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

std::pair<std::vector<AuditRecord>, int64_t> query_audit(db::Pool& db, const AuditFilter& f);

}  // namespace berth::core
