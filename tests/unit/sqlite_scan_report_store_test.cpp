#include "db/sqlite_scan_report_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "core/media_types.h"
#include "db/migrations.h"
#include "db/sqlite.h"
#include "db/sqlite_robot_store.h"
#include "db/sqlite_scanner_robot_store.h"
#include "temp_db.h"

namespace fs = std::filesystem;
using namespace berth;

namespace {
struct Db : test_support::TempDb {
  Db() : TempDb(3) {}
  // A manifest row of `repo` (created when missing); returns its id.
  int64_t manifest(const std::string& repo, const std::string& digest, std::string_view media_type,
                   const std::string& artifact_type = "") {
    auto c = pool.acquire();
    c->prepare(
         "INSERT INTO repositories(name, created_at, updated_at) VALUES (?, 0, 0) "
         "ON CONFLICT(name) DO NOTHING")
        .bind(1, repo)
        .run();
    c->prepare(
         "INSERT INTO manifests(repository_id, digest, media_type, artifact_type, size, content, "
         "push_time) VALUES ((SELECT id FROM repositories WHERE name = ?), ?, ?, ?, 0, '', 0)")
        .bind(1, repo)
        .bind(2, digest)
        .bind(3, media_type)
        .bind(4, artifact_type)
        .run();
    return c->last_insert_id();
  }
};
}  // namespace

TEST(SqliteScanReportStoreTest, LifecycleAndRescan) {
  Db db;
  db::SqliteScanReportStore s(db.pool);
  auto u1 = s.begin("sha256:a", "p/r", "reg", "mime");
  auto r = s.find("sha256:a", "reg", "mime", false);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, "Pending");
  s.set_job(u1, 7);
  s.set_running(u1);
  s.finish(u1, "Success", "High", R"({"total":1})", R"({"vulnerabilities":[]})", "");
  r = s.find("sha256:a", "reg", "mime", true);
  EXPECT_EQ(r->status, "Success");
  EXPECT_EQ(r->severity, "High");
  EXPECT_EQ(r->job_id, 7);
  EXPECT_EQ(r->report, R"({"vulnerabilities":[]})");
  EXPECT_TRUE(r->end_time);
  EXPECT_EQ(s.find("sha256:a", "reg", "mime", false)->report, "");  // only when asked for
  // A new scan replaces the row with a new report id; the old id no longer updates it.
  auto u2 = s.begin("sha256:a", "p/r", "reg", "mime");
  EXPECT_NE(u1, u2);
  s.finish(u1, "Error", "", "{}", "", "late");
  r = s.find("sha256:a", "reg", "mime", false);
  EXPECT_EQ(r->uuid, u2);
  EXPECT_EQ(r->status, "Pending");
  EXPECT_FALSE(r->end_time);
  EXPECT_FALSE(r->job_id);
  EXPECT_TRUE(s.find_by_uuid(u2));
  EXPECT_FALSE(s.find_by_uuid(u1));
  EXPECT_FALSE(s.find("sha256:b", "reg", "mime", false));
}

TEST(SqliteScanReportStoreTest, StopUnstartedClosesOnlyAPendingReportOfThatJob) {
  Db db;
  db::SqliteScanReportStore s(db.pool);
  auto pending = s.begin("sha256:a", "p/r", "reg", "mime");
  auto running = s.begin("sha256:b", "p/r", "reg", "mime");
  s.set_job(pending, 1);
  s.set_job(running, 2);
  s.set_running(running);
  s.stop_unstarted(1);
  s.stop_unstarted(2);
  s.stop_unstarted(3);
  auto a = s.find_by_uuid(pending);
  EXPECT_EQ(a->status, "Stopped");
  EXPECT_EQ(a->error, "stopped before it started");
  EXPECT_TRUE(a->end_time);
  EXPECT_EQ(s.find_by_uuid(running)->status, "Running");  // its job closes it
}

TEST(SqliteScanReportStoreTest, ArtifactQuestions) {
  Db db;
  db::SqliteScanReportStore s(db.pool);
  db.manifest("p/a", "sha256:1", core::media::kOciManifest,
              "application/vnd.oci.image.config.v1+json");
  int64_t index = db.manifest("p/a", "sha256:idx", core::media::kOciIndex);
  db.manifest("p/b", "sha256:2", core::media::kDockerManifest);
  db.manifest("p/b", "sha256:1", core::media::kOciManifest);
  db.exec(
      "INSERT INTO manifest_references(manifest_id, position, kind, digest, media_type, size) "
      "VALUES (" +
      std::to_string(index) + ", 0, 'manifest', 'sha256:1', 'x', 0), (" + std::to_string(index) +
      ", 1, 'manifest', 'sha256:2', 'x', 0), (" + std::to_string(index) +
      ", 2, 'blob', 'sha256:3', 'x', 0)");

  auto images = s.image_artifacts();
  ASSERT_EQ(images.size(), 3u);  // not the index; oldest first
  EXPECT_EQ(images[0].repository, "p/a");
  EXPECT_EQ(images[0].digest, "sha256:1");
  EXPECT_EQ(images[1].repository, "p/b");
  EXPECT_EQ(images[1].digest, "sha256:2");
  EXPECT_EQ(images[2].repository, "p/b");

  auto children = s.index_children("sha256:idx");
  std::sort(children.begin(), children.end());
  EXPECT_EQ(children, (std::vector<std::string>{"sha256:1", "sha256:2"}));
  EXPECT_TRUE(s.index_children("sha256:1").empty());

  auto t = s.artifact_types("p/a", "sha256:1");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->media_type, core::media::kOciManifest);
  EXPECT_EQ(t->artifact_type, "application/vnd.oci.image.config.v1+json");
  EXPECT_FALSE(s.artifact_types("p/a", "sha256:2"));  // in another repository only
}

TEST(SqliteScannerRobotStoreTest, CreateRemoveAndExpire) {
  Db db;
  db::SqliteRobotStore robots(db.pool);
  db::SqliteScannerRobotStore s(db.pool, robots);
  auto robot = [](const std::string& name, const std::string& description, int64_t expires_at) {
    auth::RobotRecord r;
    r.name = name;
    r.description = description;
    r.level = "project";
    r.project_id = 1;
    r.duration = 1;
    r.expires_at = expires_at;
    r.permissions_json = "[]";
    return r;
  };
  const std::string prefix = "short-lived credential of scanner ";
  auto expired = robot("robot$p+scanner-aaaaaa", prefix + "ext", 100);
  auto live = robot("robot$p+scanner-bbbbbb", prefix + "ext", 1000);
  auto users = robot("robot$p+scanner-cccccc", "a user's own robot", 100);
  auto other = robot("robot$p+ci", prefix + "ext", 100);
  for (auto* r : {&expired, &live, &users, &other}) s.create(*r, "hash");
  EXPECT_GT(live.id, 0);
  EXPECT_EQ(s.remove_expired(prefix, 500), 1);
  auto c = db.pool.acquire();
  auto names = [&] {
    std::vector<std::string> out;
    auto st = c->prepare("SELECT name FROM robots ORDER BY id");
    while (st.step()) out.push_back(st.text(0));
    return out;
  };
  EXPECT_EQ(names(), (std::vector<std::string>{"robot$p+scanner-bbbbbb", "robot$p+scanner-cccccc",
                                               "robot$p+ci"}));
  s.remove(live.id);
  EXPECT_EQ(names().size(), 2u);
}
