#include "db/sqlite_audit_log_store.h"

#include <gtest/gtest.h>

#include "temp_db.h"

using namespace berth;
using core::AuditFilter;

TEST(SqliteAuditLogStore, RecordsAndQueriesWithFiltersAndPaging) {
  test_support::TempDb db;
  db::SqliteAuditLogStore log(db.pool);
  log.record({1, "create", "artifact", "p/a:1", "alice", "10.0.0.1"});
  log.record({1, "delete", "artifact", "p/a_b:2", "bob", "10.0.0.2"});
  log.record({2, "create", "project", "q", "", "10.0.0.3"});
  core::audit(log, {0, "login_failed", "user", "eve", "eve", "10.0.0.4"});

  auto [all, total] = log.query({});
  EXPECT_EQ(total, 4);
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].operation, "login_failed");  // newest first
  EXPECT_EQ(all[1].username, "anonymous");      // nobody logged in

  AuditFilter f;
  f.project_id = 1;
  f.ascending = true;
  f.limit = 1;
  f.offset = 1;
  auto [page, n] = log.query(f);
  EXPECT_EQ(n, 2);
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].username, "bob");

  AuditFilter like;
  like.resource_like = "_";  // literal underscore
  EXPECT_EQ(log.query(like).second, 1);
  AuditFilter op;
  op.operation = "create";
  op.resource_type = "project";
  EXPECT_EQ(log.query(op).first.at(0).resource, "q");
}

TEST(SqliteAuditLogStore, MembersSeeOnlyTheirProjects) {
  test_support::TempDb db;
  db::SqliteAuditLogStore log(db.pool);
  log.record({1, "create", "artifact", "p/a", "alice", ""});
  log.record({2, "create", "artifact", "q/a", "alice", ""});
  {
    auto c = db.pool.acquire();
    c->exec(
        "INSERT INTO projects(id, name, owner_id, creation_time, update_time) VALUES (2, 'p', 1, "
        "0, 0)");
    c->exec(
        "INSERT INTO project_members(project_id, entity_id, entity_type, role_id, creation_time, "
        "update_time) VALUES (2, 42, 'u', 1, 0, 0)");
  }
  AuditFilter f;
  f.member_user_id = 42;
  auto [rows, total] = log.query(f);
  EXPECT_EQ(total, 1);
  EXPECT_EQ(rows.at(0).resource, "q/a");
}

TEST(SqliteAuditLogStore, AFailedWriteDoesNotThrow) {
  test_support::TempDb db;
  db::SqliteAuditLogStore log(db.pool);
  {
    auto c = db.pool.acquire();
    c->exec("DROP TABLE audit_logs");
  }
  EXPECT_NO_THROW(log.record({0, "create", "user", "x", "y", ""}));
}
