#include "db/sqlite_session_store.h"

#include <gtest/gtest.h>

#include "db/sqlite_user_store.h"
#include "temp_db.h"

using namespace berth;

TEST(SqliteSessionStore, FindsLiveSessionsWithTheirUser) {
  test_support::TempDb db;
  db::SqliteUserStore users(db.pool);
  db::SqliteSessionStore sessions(db.pool);
  int64_t id = users.create({"alice", "", "", "", "h", true});
  sessions.create({"hash-1", id, "csrf-1", 100, 200});
  auto s = sessions.find("hash-1", 150);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->user_id, id);
  EXPECT_EQ(s->username, "alice");
  EXPECT_TRUE(s->sysadmin);
  EXPECT_EQ(s->csrf_token, "csrf-1");
  EXPECT_FALSE(sessions.find("hash-1", 200));  // expired at expires_at
  EXPECT_FALSE(sessions.find("other", 150));
  sessions.remove("hash-1");
  EXPECT_FALSE(sessions.find("hash-1", 150));
}

TEST(SqliteSessionStore, ExpiredRowsGoAtTheNextCreateOrOnRequest) {
  test_support::TempDb db;
  db::SqliteUserStore users(db.pool);
  db::SqliteSessionStore sessions(db.pool);
  int64_t id = users.create({"alice", "", "", "", "h", false});
  sessions.create({"old", id, "c", 100, 200});
  sessions.create({"live", id, "c", 100, 900});
  sessions.create({"new", id, "c", 300, 900});  // removes "old"
  EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM sessions"), 2);
  sessions.remove_expired(900);
  EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM sessions"), 0);
}

TEST(SqliteSessionStore, RenewMovesExpiryForwardOnly) {
  test_support::TempDb db;
  db::SqliteUserStore users(db.pool);
  db::SqliteSessionStore sessions(db.pool);
  int64_t id = users.create({"alice", "", "", "", "h", false});
  sessions.create({"s", id, "c", 100, 200});
  EXPECT_EQ(sessions.find("s", 150)->expires_at, 200);
  sessions.renew("s", 400);
  EXPECT_TRUE(sessions.find("s", 300));
  EXPECT_EQ(sessions.find("s", 300)->expires_at, 400);
  sessions.renew("s", 250);  // an older renewal never shortens the session
  EXPECT_EQ(sessions.find("s", 300)->expires_at, 400);
  EXPECT_FALSE(sessions.find("s", 400));
}
