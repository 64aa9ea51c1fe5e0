#include "db/sqlite_robot_store.h"

#include <gtest/gtest.h>

#include "temp_db.h"

using namespace berth;
using auth::RobotFilter;
using auth::RobotRecord;

namespace {
RobotRecord robot(const std::string& name, const std::string& level, int64_t project_id) {
  RobotRecord r;
  r.name = name;
  r.level = level;
  r.project_id = project_id;
  r.duration = 30;
  r.expires_at = 1000;
  r.permissions_json = R"([{"kind":"project","namespace":"p","project_id":1,"access":[]}])";
  r.creation_time = r.update_time = 5;
  return r;
}
}  // namespace

TEST(SqliteRobotStore, InsertsFindsAndRefusesDuplicates) {
  test_support::TempDb db;
  db::SqliteRobotStore robots(db.pool);
  RobotRecord r = robot("robot$p+ci", "project", 1);
  robots.insert(r, "sha256$abc");
  EXPECT_GT(r.id, 0);
  auto found = robots.find(r.id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->name, "robot$p+ci");
  EXPECT_EQ(found->permissions_json, r.permissions_json);
  std::string hash;
  auto by_name = robots.find_by_name("robot$p+ci", &hash);
  ASSERT_TRUE(by_name);
  EXPECT_EQ(by_name->id, r.id);
  EXPECT_EQ(hash, "sha256$abc");
  EXPECT_FALSE(robots.find_by_name("robot$none", &hash));
  RobotRecord again = robot("robot$p+ci", "project", 1);
  EXPECT_THROW(robots.insert(again, "x"), auth::DuplicateRobot);
}

TEST(SqliteRobotStore, FiltersCountsAndPages) {
  test_support::TempDb db;
  db::SqliteRobotStore robots(db.pool);
  for (auto [name, level, pid] : {std::tuple{"robot$sys1", "system", 0},
                                  {"robot$p+a", "project", 1},
                                  {"robot$p+b", "project", 1},
                                  {"robot$q+a", "project", 2}}) {
    RobotRecord r = robot(name, level, pid);
    robots.insert(r, "h");
  }
  RobotFilter f;
  f.project_id = 1;
  EXPECT_EQ(robots.count(f), 2);
  auto page = robots.list(f, 1, 10);
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].name, "robot$p+b");
  RobotFilter fuzzy;
  fuzzy.name_fuzzy = "+a";
  EXPECT_EQ(robots.count(fuzzy), 2);
  RobotFilter sys;
  sys.level = "system";
  EXPECT_EQ(robots.list(sys, 0, 10).at(0).name, "robot$sys1");
}

TEST(SqliteRobotStore, UpdatesSecretsAndRemoves) {
  test_support::TempDb db;
  db::SqliteRobotStore robots(db.pool);
  RobotRecord r = robot("robot$x", "system", 0);
  robots.insert(r, "old");
  r.description = "d";
  r.disabled = true;
  r.permissions_json = "[]";
  r.update_time = 9;
  robots.update(r);
  auto found = robots.find(r.id);
  EXPECT_EQ(found->description, "d");
  EXPECT_TRUE(found->disabled);
  EXPECT_EQ(found->permissions_json, "[]");
  EXPECT_EQ(found->update_time, 9);
  robots.set_secret(r.id, "new");
  std::string hash;
  robots.find_by_name("robot$x", &hash);
  EXPECT_EQ(hash, "new");
  EXPECT_TRUE(robots.remove(r.id));
  EXPECT_FALSE(robots.remove(r.id));
  EXPECT_FALSE(robots.find(r.id));
}
