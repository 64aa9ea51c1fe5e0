#include "db/sqlite_audit_log_store.h"

#include <spdlog/spdlog.h>

#include <variant>

#include "base/clock.h"
#include "db/sqlite.h"

namespace berth::db {

using core::AuditFilter;
using core::AuditRecord;

namespace {

std::string where_clause(const AuditFilter& f, std::vector<Bind>& binds) {
  std::string w = "WHERE 1";
  if (f.project_id) {
    w += " AND project_id = ?";
    binds.emplace_back(*f.project_id);
  }
  if (f.member_user_id) {
    // A subquery keeps the SQL text fixed, so the cached statement is reused for every user.
    w += " AND project_id IN (SELECT project_id FROM project_members WHERE entity_id = ? AND "
         "entity_type = 'u')";
    binds.emplace_back(*f.member_user_id);
  }
  auto eq = [&](const char* col, const std::optional<std::string>& v) {
    if (!v) return;
    w += std::string(" AND ") + col + " = ?";
    binds.emplace_back(*v);
  };
  eq("operation", f.operation);
  eq("resource_type", f.resource_type);
  eq("username", f.username);
  if (f.resource_like) {
    std::string p = "%";
    for (char c : *f.resource_like) {
      if (c == '%' || c == '_' || c == '\\') p += '\\';
      p += c;
    }
    w += " AND resource LIKE ? ESCAPE '\\'";
    binds.emplace_back(p + "%");
  }
  if (f.from_millis) {
    w += " AND op_time >= ?";
    binds.emplace_back(*f.from_millis);
  }
  if (f.to_millis) {
    w += " AND op_time <= ?";
    binds.emplace_back(*f.to_millis);
  }
  return w;
}

}  // namespace

void SqliteAuditLogStore::record(const core::AuditEntry& e) noexcept {
  try {
    auto c = pool_.acquire();
    c->prepare(
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

std::pair<std::vector<AuditRecord>, int64_t> SqliteAuditLogStore::query(const AuditFilter& f) {
  std::vector<Bind> binds;
  std::string where = where_clause(f, binds);
  auto c = pool_.acquire();
  int64_t total = 0;
  {
    auto st = c->prepare("SELECT COUNT(*) FROM audit_logs " + where);
    bind_all(st, binds);
    if (st.step()) total = st.int64(0);
  }
  std::string order = f.ascending ? " ORDER BY op_time, id" : " ORDER BY op_time DESC, id DESC";
  auto st = c->prepare(
      "SELECT id, project_id, username, resource, resource_type, operation, op_time FROM "
      "audit_logs " +
      where + order + " LIMIT ? OFFSET ?");
  binds.emplace_back(f.limit);
  binds.emplace_back(f.offset);
  bind_all(st, binds);
  std::vector<AuditRecord> out;
  while (st.step())
    out.push_back(
        {st.int64(0), st.int64(1), st.text(2), st.text(3), st.text(4), st.text(5), st.int64(6)});
  return {std::move(out), total};
}

}  // namespace berth::db
