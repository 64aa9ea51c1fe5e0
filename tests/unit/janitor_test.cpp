#include "app/janitor.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace fs = std::filesystem;
using berth::store::UploadStore;

namespace {
struct TempDir {
  fs::path path = fs::temp_directory_path() / ("berth-janitor-" + std::to_string(::getpid()) + "-" +
                                               std::to_string(rand()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
};

void age(const fs::path& dir, std::chrono::hours by) {
  auto t = fs::file_time_type::clock::now() - by;
  for (auto& e : fs::directory_iterator(dir)) fs::last_write_time(e.path(), t);
  fs::last_write_time(dir, t);
}
}  // namespace

TEST(Janitor, RemovesOnlyUploadsIdleLongerThanTheExpiry) {
  TempDir tmp;
  UploadStore uploads(tmp.path);
  auto old_upload = uploads.create("lib/a");
  auto fresh_upload = uploads.create("lib/b");
  age(tmp.path / "uploads" / old_upload.id, std::chrono::hours(30));

  berth::app::Janitor janitor(uploads, 24, std::chrono::hours(1));  // runs once at start
  janitor.run_once();
  EXPECT_FALSE(uploads.load(old_upload.id, false).has_value());
  EXPECT_TRUE(uploads.load(fresh_upload.id, false).has_value());
}

TEST(Janitor, KeepsAnOldUploadThatIsBeingWritten) {
  TempDir tmp;
  UploadStore uploads(tmp.path);
  auto up = uploads.create("lib/a");
  age(tmp.path / "uploads" / up.id, std::chrono::hours(30));
  auto lock = uploads.try_lock(up.id);
  ASSERT_TRUE(lock.has_value());
  EXPECT_EQ(uploads.purge_stale(3600), 0u);
  EXPECT_TRUE(uploads.load(up.id, false).has_value());
}
