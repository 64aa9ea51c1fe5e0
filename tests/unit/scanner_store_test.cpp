#include "scan/scanner_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "db/migrations.h"
#include "db/sqlite.h"
#include "scan/scan_report_store.h"

namespace fs = std::filesystem;
using namespace berth;
using scan::ScannerRegistration;
using scan::ScannerStore;

namespace {
struct Db {
  fs::path file = fs::temp_directory_path() / ("berth-scanners-" + std::to_string(::getpid()) +
                                               "-" + std::to_string(rand()) + ".db");
  db::Pool pool{file, 3};
  Db() {
    auto c = pool.acquire();
    db::migrate(*c);
    c->exec(
        "INSERT INTO projects(name, owner_id, creation_time, update_time) VALUES ('p', 1, 0, 0)");
  }
  ~Db() {
    for (auto suffix : {"", "-wal", "-shm"}) fs::remove(file.string() + suffix);
  }
};
}  // namespace

TEST(ScannerStoreTest, BuiltinIsCreatedOnceAndDefault) {
  Db db;
  ScannerStore s(db.pool);
  s.ensure_builtin("built in");
  s.ensure_builtin("built in");
  auto all = s.list();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].uuid, scan::kBuiltinScannerUuid);
  EXPECT_TRUE(all[0].is_default);
  EXPECT_TRUE(all[0].immutable);
  EXPECT_FALSE(s.remove(scan::kBuiltinScannerUuid));  // immutable
}

TEST(ScannerStoreTest, DefaultAndProjectChoice) {
  Db db;
  ScannerStore s(db.pool);
  s.ensure_builtin("b");
  ScannerRegistration r;
  r.name = "ext";
  r.url = "http://127.0.0.1:1";
  std::string uuid = s.create(r);
  EXPECT_EQ(uuid.size(), 36u);
  EXPECT_THROW(s.create(r), db::ConstraintError);
  EXPECT_EQ(s.project_scanner(1)->uuid, scan::kBuiltinScannerUuid);
  s.set_default(uuid);
  EXPECT_EQ(s.default_scanner()->uuid, uuid);
  EXPECT_FALSE(s.find(scan::kBuiltinScannerUuid)->is_default);
  s.set_project_scanner(1, scan::kBuiltinScannerUuid);
  EXPECT_EQ(s.project_scanner(1)->uuid, scan::kBuiltinScannerUuid);
  s.set_default(scan::kBuiltinScannerUuid);
  EXPECT_TRUE(s.remove(uuid));
  EXPECT_FALSE(s.find(uuid));
}

TEST(ScanReportStoreTest, LifecycleAndRescan) {
  Db db;
  auto c = db.pool.acquire();
  auto u1 = scan::begin_report(*c, "sha256:a", "p/r", "reg", "mime");
  auto r = scan::find_report(*c, "sha256:a", "reg", "mime", false);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, "Pending");
  scan::set_report_job(*c, u1, 7);
  scan::set_report_running(*c, u1);
  scan::finish_report(*c, u1, "Success", "High", R"({"total":1})", R"({"vulnerabilities":[]})", "");
  r = scan::find_report(*c, "sha256:a", "reg", "mime", true);
  EXPECT_EQ(r->status, "Success");
  EXPECT_EQ(r->severity, "High");
  EXPECT_EQ(r->job_id, 7);
  EXPECT_EQ(r->report, R"({"vulnerabilities":[]})");
  EXPECT_TRUE(r->end_time);
  // A new scan replaces the row with a new report id; the old id no longer updates it.
  auto u2 = scan::begin_report(*c, "sha256:a", "p/r", "reg", "mime");
  EXPECT_NE(u1, u2);
  scan::finish_report(*c, u1, "Error", "", "{}", "", "late");
  r = scan::find_report(*c, "sha256:a", "reg", "mime", false);
  EXPECT_EQ(r->uuid, u2);
  EXPECT_EQ(r->status, "Pending");
  EXPECT_FALSE(r->end_time);
  EXPECT_TRUE(scan::find_report_by_uuid(*c, u2));
  EXPECT_FALSE(scan::find_report(*c, "sha256:b", "reg", "mime", false));
}
