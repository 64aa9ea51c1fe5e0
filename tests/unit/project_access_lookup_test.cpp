#include "auth/project_access_lookup.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "db/migrations.h"
#include "db/sqlite.h"
#include "db/sqlite_project_store.h"
#include "temp_db.h"

namespace fs = std::filesystem;
using namespace berth;

namespace {
struct Db : test_support::TempDb {
  db::SqliteProjectStore store{pool};
  Db() : TempDb(2) {
    exec(
        "INSERT INTO users(id, username, password_hash, creation_time, update_time) VALUES "
        "(2, 'dev', 'x', 0, 0), (3, 'nobody', 'x', 0, 0);"
        "INSERT INTO projects(id, name, owner_id, metadata, creation_time, update_time) VALUES "
        "(10, 'pub', 1, '{\"public\":\"true\"}', 0, 0), (11, 'priv', 1, '{}', 0, 0);"
        "INSERT INTO project_members(project_id, entity_id, entity_type, role_id, creation_time, "
        "update_time) VALUES (11, 2, 'u', 2, 0, 0);");
  }
};

auth::Principal user(int64_t id) {
  auth::Principal p;
  p.kind = auth::Principal::Kind::kUser;
  p.id = id;
  return p;
}
}  // namespace

TEST(ProjectAccessLookup, PublicFlagMembershipAndUnknownProjects) {
  Db db;
  auto pub = auth::lookup_project_access(db.store, "pub", user(3));
  EXPECT_EQ(pub.project_id, 10);
  EXPECT_TRUE(pub.is_public);
  EXPECT_FALSE(pub.member_role);
  EXPECT_TRUE(auth::allowed(user(3), pub, "repository", "pull"));
  EXPECT_FALSE(auth::allowed(user(3), pub, "repository", "push"));

  auto priv = auth::lookup_project_access(db.store, "priv", user(2));
  EXPECT_EQ(priv.project_id, 11);
  EXPECT_FALSE(priv.is_public);
  ASSERT_TRUE(priv.member_role);
  EXPECT_EQ(*priv.member_role, auth::Role::kDeveloper);
  EXPECT_TRUE(auth::allowed(user(2), priv, "repository", "push"));
  EXPECT_FALSE(auth::allowed(user(2), priv, "repository", "delete"));

  auto stranger = auth::lookup_project_access(db.store, int64_t(11), user(3));
  EXPECT_FALSE(stranger.member_role);
  EXPECT_FALSE(auth::allowed(user(3), stranger, "repository", "pull"));
  EXPECT_FALSE(auth::allowed(auth::Principal{}, stranger, "repository", "pull"));

  EXPECT_EQ(auth::lookup_project_access(db.store, "missing", user(2)).project_id, 0);
  EXPECT_EQ(auth::lookup_project_access(db.store, "", user(2)).project_id, 0);
}

TEST(ProjectAccessLookup, BooleanPublicAndPrincipalsWithoutMembership) {
  Db db;
  db.pool.acquire()->exec(
      "INSERT INTO projects(id, name, owner_id, metadata, creation_time, update_time) VALUES "
      "(12, 'bool', 1, '{\"public\":true}', 0, 0)");
  EXPECT_TRUE(auth::lookup_project_access(db.store, "bool", user(3)).is_public);
  // A Bearer principal carries its rights in the token: no membership role, even with an id.
  auth::Principal bearer = user(2);
  bearer.method = "bearer";
  bearer.id = 0;
  EXPECT_FALSE(auth::lookup_project_access(db.store, "priv", bearer).member_role);
  auto p = db.store.find(11);
  ASSERT_TRUE(p);
  auto direct = auth::project_access(db.store, *p, user(2));
  EXPECT_EQ(direct.project_id, 11);
  ASSERT_TRUE(direct.member_role);
  EXPECT_EQ(*direct.member_role, auth::Role::kDeveloper);
}
