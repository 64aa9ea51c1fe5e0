#include "db/sqlite_project_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "db/migrations.h"
#include "db/sqlite.h"
#include "temp_db.h"

namespace fs = std::filesystem;
using namespace berth;

namespace {
struct Db : test_support::TempDb {
  db::SqliteProjectStore store{pool};
  Db() : TempDb(2) {
    exec(
        "INSERT INTO users(id, username, password_hash, creation_time, update_time) VALUES "
        "(2, 'alice', 'x', 0, 0), (3, 'bob', 'x', 0, 0), (4, 'carol_x', 'x', 0, 0);");
  }
  int64_t create(const std::string& name, int64_t owner, bool is_public = false) {
    core::NewProject p;
    p.name = name;
    p.owner_id = owner;
    if (is_public) p.metadata["public"] = "true";
    return store.create(p);
  }
};

std::vector<std::string> names(const std::vector<core::Project>& ps) {
  std::vector<std::string> out;
  for (const auto& p : ps) out.push_back(p.name);
  return out;
}
}  // namespace

TEST(SqliteProjectStore, CreateFindUpdateRemove) {
  Db db;
  core::NewProject np;
  np.name = "team";
  np.owner_id = 2;
  np.metadata = {{"public", "true"}, {"auto_scan", "false"}};
  np.cve_allowlist = R"({"items":[]})";
  np.storage_limit = 1024;
  int64_t id = db.store.create(np);
  auto p = db.store.find(id);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->name, "team");
  EXPECT_EQ(p->owner_name, "alice");
  EXPECT_TRUE(p->is_public());
  EXPECT_EQ(p->metadata.at("auto_scan"), "false");
  EXPECT_EQ(p->cve_allowlist, R"({"items":[]})");
  EXPECT_EQ(p->storage_limit, 1024);
  EXPECT_FALSE(p->registry_id);
  EXPECT_GT(p->creation_time, 0);
  // The creator becomes projectAdmin.
  EXPECT_EQ(db.store.role_of(id, 2), 1);
  EXPECT_EQ(db.store.find_by_name("team")->id, id);
  EXPECT_FALSE(db.store.find_by_name("nope"));
  EXPECT_FALSE(db.store.find_by_name(""));
  EXPECT_FALSE(db.store.find(0));

  p->metadata["public"] = "false";
  p->storage_limit = -1;
  db.store.update(*p);
  auto again = db.store.find(id);
  EXPECT_FALSE(again->is_public());
  EXPECT_EQ(again->storage_limit, -1);

  db.store.remove(id);
  EXPECT_FALSE(db.store.find(id));
  EXPECT_EQ(db.store.role_of(id, 2), 0);
  auto c = db.pool.acquire();
  auto st = c->prepare("SELECT COUNT(*) FROM project_members WHERE project_id = ?");
  st.bind(1, id);
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.int64(0), 0);
}

TEST(SqliteProjectStore, DuplicateNameIsRefusedAndChangesNothing) {
  Db db;
  db.create("team", 2);
  EXPECT_THROW(db.create("team", 3), core::DuplicateProjectName);
  EXPECT_EQ(db.store.all().size(), 1u);
  EXPECT_EQ(db.store.role_of(db.store.find_by_name("team")->id, 3), 0);
}

TEST(SqliteProjectStore, BooleanPublicMetadataReadsAsString) {
  Db db;
  db.exec(
      "INSERT INTO projects(id, name, owner_id, metadata, creation_time, update_time) VALUES "
      "(7, 'old', 1, '{\"public\":true,\"n\":3}', 0, 0)");
  auto p = db.store.find(7);
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->is_public());
  EXPECT_FALSE(p->metadata.count("n"));
}

TEST(SqliteProjectStore, ListShowsWhatTheViewerMaySeeWithFiltersAndPages) {
  Db db;
  db.create("pub-a", 2, true);
  db.create("priv-b", 2);
  db.create("priv-c", 3);
  db.create("x_y", 3, true);

  auto [all, n_all] = db.store.list({.sysadmin = true}, {});
  EXPECT_EQ(n_all, 4);
  EXPECT_EQ(names(all), (std::vector<std::string>{"priv-b", "priv-c", "pub-a", "x_y"}));

  auto [anon, n_anon] = db.store.list({}, {});
  EXPECT_EQ(n_anon, 2);
  EXPECT_EQ(names(anon), (std::vector<std::string>{"pub-a", "x_y"}));

  auto [bob, n_bob] = db.store.list({.user_id = 3}, {});
  EXPECT_EQ(names(bob), (std::vector<std::string>{"priv-c", "pub-a", "x_y"}));

  core::ProjectFilter f;
  f.name = "_";  // a literal underscore, not LIKE's wildcard
  EXPECT_EQ(names(db.store.list({.sysadmin = true}, f).first), (std::vector<std::string>{"x_y"}));
  f = {};
  f.is_public = false;
  f.owner = "alice";
  EXPECT_EQ(names(db.store.list({.sysadmin = true}, f).first),
            (std::vector<std::string>{"priv-b"}));
  f = {};
  f.exact_name = "priv";
  EXPECT_EQ(db.store.list({.sysadmin = true}, f).second, 0);

  f = {};
  f.offset = 1;
  f.limit = 2;
  auto [page, total] = db.store.list({.sysadmin = true}, f);
  EXPECT_EQ(total, 4);
  EXPECT_EQ(names(page), (std::vector<std::string>{"priv-c", "pub-a"}));

  EXPECT_EQ(names(db.store.all()),
            (std::vector<std::string>{"pub-a", "priv-b", "priv-c", "x_y"}));  // by id
}

TEST(SqliteProjectStore, Members) {
  Db db;
  int64_t id = db.create("team", 2);
  int64_t mid = db.store.add_member(id, 3, 2);
  EXPECT_THROW(db.store.add_member(id, 3, 3), core::DuplicateMember);
  db.store.add_member(id, 4, 3);
  EXPECT_EQ(db.store.role_of(id, 3), 2);
  EXPECT_EQ(db.store.role_of(id, 0), 0);

  auto [all, total] = db.store.members(id, "", 0, 10);
  EXPECT_EQ(total, 3);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].entity_name, "alice");
  EXPECT_EQ(all[1].entity_name, "bob");

  auto [like, n_like] = db.store.members(id, "_", 0, 10);  // literal underscore
  EXPECT_EQ(n_like, 1);
  EXPECT_EQ(like.at(0).entity_name, "carol_x");

  auto m = db.store.member(id, mid);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->entity_id, 3);
  EXPECT_EQ(m->role_id, 2);
  EXPECT_FALSE(db.store.member(id + 1, mid));

  EXPECT_TRUE(db.store.set_member_role(id, mid, 4));
  EXPECT_EQ(db.store.role_of(id, 3), 4);
  EXPECT_FALSE(db.store.set_member_role(id + 1, mid, 1));
  EXPECT_TRUE(db.store.remove_member(id, mid));
  EXPECT_FALSE(db.store.remove_member(id, mid));
  EXPECT_EQ(db.store.role_of(id, 3), 0);

  EXPECT_EQ(db.store.user_by_name("bob")->id, 3);
  EXPECT_EQ(db.store.user_by_id(4)->name, "carol_x");
  EXPECT_FALSE(db.store.user_by_name("nobody"));
}

TEST(SqliteProjectStore, SummaryCountsRepositoriesRolesAndStorage) {
  Db db;
  int64_t id = db.create("team", 2);
  db.create("team2", 2);
  db.store.add_member(id, 3, 2);
  db.store.add_member(id, 4, 2);
  db.exec(
      "INSERT INTO repositories(id, name, created_at, updated_at) VALUES "
      "(1, 'team/a', 0, 0), (2, 'team/b/c', 0, 0), (3, 'team2/a', 0, 0);"
      "INSERT INTO manifests(repository_id, digest, media_type, size, total_size, content, "
      "push_time) VALUES (1, 'sha256:1', 'm', 1, 100, x'00', 0), (2, 'sha256:2', 'm', 1, 20, "
      "x'00', 0), (3, 'sha256:3', 'm', 1, 5000, x'00', 0);");
  auto s = db.store.summary(*db.store.find(id));
  EXPECT_EQ(s.repo_count, 2);
  EXPECT_EQ(s.role_counts[1], 1);
  EXPECT_EQ(s.role_counts[2], 2);
  EXPECT_EQ(s.storage_used, 120);
  EXPECT_EQ(db.store.repo_count("team2"), 1);
}
