#include "core/audit_log.h"
#include "base/clock.h"

#include <spdlog/spdlog.h>

#include "core/registry_service.h"
#include "db/sqlite.h"

namespace berth::core {

void audit(db::Connection& c, const AuditEntry& e) {
  try {
    c.prepare(
         "INSERT INTO audit_logs(project_id, operation, resource_type, resource, username, "
         "client_ip, op_time) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(1, e.project_id)
        .bind(2, e.operation)
        .bind(3, e.resource_type)
        .bind(4, e.resource)
        .bind(5, e.username.empty() ? std::string("anonymous") : e.username)
        .bind(6, e.client_ip)
        .bind(7, base::now_millis())
        .run();
  } catch (const std::exception& ex) {
    spdlog::error("audit log write failed ({} {} {}): {}", e.operation, e.resource_type, e.resource,
                  ex.what());
  }
}

void audit(db::Pool& db, const AuditEntry& e) {
  auto c = db.acquire();
  audit(*c, e);
}

}  // namespace berth::core
