// The audit trail behind /api/v2.0/audit-logs and /projects/{p}/logs: who did what, when, from where.
#pragma once

#include <cstdint>
#include <string>

namespace berth::db {
class Pool;
class Connection;
}

namespace berth::core {

struct AuditEntry {
  int64_t project_id = 0;     // 0: not about a project (users, logins, system robots)
  std::string operation;      // create, delete, update, pull, push, login, login_failed, ...
  std::string resource_type;  // artifact, project, user, member, robot, registry, ...
  std::string resource;       // e.g. "library/alpine:3.19" or "sha256:...", a user name
  std::string username;       // who did it ("anonymous" when nobody logged in)
  std::string client_ip;
};

// Records an entry (op_time = now). Never throws: a failure to audit is logged, not fatal to
// the operation that already happened.
void audit(db::Pool& db, const AuditEntry& e);
void audit(db::Connection& c, const AuditEntry& e);

}  // namespace berth::core
