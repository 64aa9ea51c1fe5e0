#include "db/sqlite_user_store.h"

#include <gtest/gtest.h>

#include "db/sqlite_session_store.h"
#include "temp_db.h"

using namespace berth;
using auth::NewUser;
using auth::UserQuery;

namespace {
NewUser user(const std::string& name, const std::string& email = "") {
  return {name, email, "Real " + name, "", "hash-of-" + name, false};
}
}  // namespace

TEST(SqliteUserStore, CreatesFindsAndKeepsTheHashOutOfUser) {
  test_support::TempDb db;
  db::SqliteUserStore users(db.pool);
  int64_t id = users.create(user("alice", "alice@example.com"));
  auto u = users.find(id);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->username, "alice");
  EXPECT_EQ(u->email, "alice@example.com");
  EXPECT_FALSE(u->sysadmin);
  EXPECT_GT(u->creation_time, 0);
  EXPECT_EQ(users.find_by_name("alice")->id, id);
  auto cred = users.credentials("alice");
  ASSERT_TRUE(cred);
  EXPECT_EQ(cred->password_hash, "hash-of-alice");
  EXPECT_EQ(users.credentials(id)->username, "alice");
  EXPECT_FALSE(users.find(id + 100));
  EXPECT_FALSE(users.credentials("nobody"));
}

TEST(SqliteUserStore, DuplicateNamesAndEmailsAreRefused) {
  test_support::TempDb db;
  db::SqliteUserStore users(db.pool);
  int64_t alice = users.create(user("alice", "a@example.com"));
  EXPECT_THROW(users.create(user("alice", "other@example.com")), auth::DuplicateUser);
  EXPECT_THROW(users.create(user("bob", "a@example.com")), auth::DuplicateUser);
  users.create(user("carol"));  // empty emails may repeat
  users.create(user("dave"));
  EXPECT_TRUE(users.username_taken("alice"));
  EXPECT_FALSE(users.username_taken("erin"));
  EXPECT_TRUE(users.email_taken("a@example.com"));
  EXPECT_FALSE(users.email_taken("a@example.com", alice));
  EXPECT_FALSE(users.email_taken(""));
  int64_t bob = users.create(user("bob", "b@example.com"));
  EXPECT_THROW(users.update_profile(bob, "a@example.com", "", ""), auth::DuplicateUser);
  EXPECT_EQ(users.find(bob)->email, "b@example.com");
}

TEST(SqliteUserStore, ListsWithFiltersOrderAndPaging) {
  test_support::TempDb db;
  db::SqliteUserStore users(db.pool);
  for (auto n : {"carol", "a_b", "axb", "bob"}) users.create(user(n, std::string(n) + "@x.io"));
  int64_t total = 0;
  UserQuery q;
  q.username_like = "_";  // a literal underscore, not a wildcard
  auto found = users.list(q, &total);
  ASSERT_EQ(total, 1);
  EXPECT_EQ(found[0].username, "a_b");

  UserQuery all;
  all.order_by = UserQuery::Order::kUsername;
  all.descending = true;
  all.limit = 2;
  all.offset = 1;
  auto page = users.list(all, &total);
  EXPECT_EQ(total, 4);
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].username, "bob");
  EXPECT_EQ(page[1].username, "axb");

  UserQuery by_email;
  by_email.email = "carol@x.io";
  EXPECT_EQ(users.list(by_email, &total).at(0).username, "carol");
}

TEST(SqliteUserStore, PasswordChangeCanEndSessionsAndRemovalCleansUp) {
  test_support::TempDb db;
  db::SqliteUserStore users(db.pool);
  db::SqliteSessionStore sessions(db.pool);
  int64_t id = users.create(user("alice"));
  sessions.create({"h1", id, "csrf", 100, 1000});
  users.set_password_hash(id, "new-hash", false);
  EXPECT_EQ(users.credentials(id)->password_hash, "new-hash");
  EXPECT_TRUE(sessions.find("h1", 200));
  users.set_password_hash(id, "newer-hash", true);
  EXPECT_FALSE(sessions.find("h1", 200));

  users.set_sysadmin(id, true);
  EXPECT_TRUE(users.find(id)->sysadmin);
  sessions.create({"h2", id, "csrf", 100, 1000});
  {
    auto c = db.pool.acquire();
    c->exec(
        "INSERT INTO projects(id, name, owner_id, creation_time, update_time) VALUES (7, 'p', 1, "
        "0, 0)");
    c->exec(
        "INSERT INTO project_members(project_id, entity_id, entity_type, role_id, creation_time, "
        "update_time) VALUES (7, " +
        std::to_string(id) + ", 'u', 1, 0, 0)");
  }
  users.remove(id);
  EXPECT_FALSE(users.find(id));
  EXPECT_FALSE(sessions.find("h2", 200));
  EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM project_members"), 0);
}
