#include "db/sqlite_scanner_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "db/migrations.h"
#include "db/sqlite.h"
#include "temp_db.h"

namespace fs = std::filesystem;
using namespace berth;
using scan::ScannerRegistration;

namespace {
struct Db : test_support::TempDb {
  Db() : TempDb(3) {
    exec("INSERT INTO projects(name, owner_id, creation_time, update_time) VALUES ('p', 1, 0, 0)");
  }
};

ScannerRegistration external(const std::string& name, const std::string& url) {
  ScannerRegistration r;
  r.name = name;
  r.url = url;
  return r;
}
}  // namespace

TEST(SqliteScannerStoreTest, BuiltinIsCreatedOnceAndDefault) {
  Db db;
  db::SqliteScannerStore s(db.pool);
  scan::ensure_builtin_scanner(s, "built in");
  scan::ensure_builtin_scanner(s, "built in");
  auto all = s.list();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].uuid, scan::kBuiltinScannerUuid);
  EXPECT_TRUE(all[0].is_default);
  EXPECT_TRUE(all[0].immutable);
  EXPECT_FALSE(s.remove(scan::kBuiltinScannerUuid));  // immutable
}

TEST(SqliteScannerStoreTest, DefaultAndProjectChoice) {
  Db db;
  db::SqliteScannerStore s(db.pool);
  scan::ensure_builtin_scanner(s, "b");
  ScannerRegistration r = external("ext", "http://127.0.0.1:1");
  std::string uuid = s.create(r);
  EXPECT_EQ(uuid.size(), 36u);
  EXPECT_EQ(s.project_scanner(1)->uuid, scan::kBuiltinScannerUuid);
  s.set_default(uuid);
  EXPECT_EQ(s.default_scanner()->uuid, uuid);
  EXPECT_EQ(s.project_scanner(1)->uuid, uuid);  // no choice of its own: the default
  EXPECT_FALSE(s.find(scan::kBuiltinScannerUuid)->is_default);
  s.set_project_scanner(1, scan::kBuiltinScannerUuid);
  EXPECT_EQ(s.project_scanner(1)->uuid, scan::kBuiltinScannerUuid);
  s.set_default(scan::kBuiltinScannerUuid);
  s.set_project_scanner(1, uuid);
  EXPECT_TRUE(s.remove(uuid));
  EXPECT_FALSE(s.find(uuid));
  // Its projects fall back to the default.
  EXPECT_EQ(s.project_scanner(1)->uuid, scan::kBuiltinScannerUuid);
}

TEST(SqliteScannerStoreTest, NameOrUrlClashIsAConflictAndChangesNothing) {
  Db db;
  db::SqliteScannerStore s(db.pool);
  std::string a = s.create(external("a", "http://a:1"));
  std::string b = s.create(external("b", "http://b:1"));
  EXPECT_THROW(s.create(external("a", "http://c:1")), scan::ScannerConflict);
  EXPECT_THROW(s.create(external("c", "http://a:1")), scan::ScannerConflict);
  auto changed = *s.find(b);
  changed.name = "a";
  EXPECT_THROW(s.update(changed), scan::ScannerConflict);
  EXPECT_EQ(s.find(b)->name, "b");
  EXPECT_EQ(s.list().size(), 2u);
  changed.name = "b2";
  changed.description = "renamed";
  s.update(changed);
  EXPECT_EQ(s.find(b)->name, "b2");
  EXPECT_EQ(s.find(b)->description, "renamed");
  EXPECT_EQ(s.find(a)->name, "a");
}

TEST(SqliteScannerStoreTest, Settings) {
  Db db;
  db::SqliteScannerStore s(db.pool);
  EXPECT_FALSE(s.setting("scan_all_schedule"));
  s.put_setting("scan_all_schedule", R"({"type":"Daily"})");
  s.put_setting("scan_all_schedule", R"({"type":"None"})");
  EXPECT_EQ(s.setting("scan_all_schedule"), R"({"type":"None"})");
}
