#include "db/sqlite_job_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <thread>

#include "db/migrations.h"
#include "db/sqlite.h"
#include "temp_db.h"

namespace fs = std::filesystem;
using namespace berth;

namespace {
struct Db : test_support::TempDb {
  Db() : TempDb(6) {}
};
}  // namespace

TEST(SqliteJobStoreTest, AddClaimFinish) {
  Db db;
  db::SqliteJobStore s(db.pool);
  auto a = s.add("scan", R"({"n":1})", std::nullopt, 10);
  auto b = s.add("other", "{}", std::nullopt, 11);
  EXPECT_TRUE(a.created);
  EXPECT_FALSE(s.claim({}, 20));
  EXPECT_FALSE(s.claim({"unknown"}, 20));
  auto j = s.claim({"scan", "other"}, 20);
  ASSERT_TRUE(j);
  EXPECT_EQ(j->id, a.id);  // oldest first
  EXPECT_EQ(j->status, "running");
  EXPECT_EQ(j->attempts, 1);
  EXPECT_EQ(j->started_at, 20);
  EXPECT_EQ(j->payload, R"({"n":1})");
  EXPECT_EQ(s.claim({"scan"}, 21), std::nullopt);  // nothing else pending of that kind
  s.finish(a.id, "error", "boom", 30);
  auto done = s.find(a.id);
  EXPECT_EQ(done->status, "error");
  EXPECT_EQ(done->error, "boom");
  EXPECT_EQ(done->finished_at, 30);
  EXPECT_EQ(done->created_at, 10);
  EXPECT_EQ(s.find(b.id)->status, "pending");
  EXPECT_FALSE(s.find(9999));
}

TEST(SqliteJobStoreTest, DedupeKeyHeldWhileActive) {
  Db db;
  db::SqliteJobStore s(db.pool);
  auto a = s.add("k", "{}", "key", 1);
  auto b = s.add("k", "{}", "key", 2);
  EXPECT_FALSE(b.created);
  EXPECT_EQ(b.id, a.id);
  EXPECT_EQ(s.active_job("key"), a.id);
  s.claim({"k"}, 3);
  EXPECT_EQ(s.active_job("key"), a.id);  // running still holds it
  s.finish(a.id, "success", "", 4);
  EXPECT_FALSE(s.active_job("key"));
  EXPECT_TRUE(s.add("k", "{}", "key", 5).created);
}

TEST(SqliteJobStoreTest, StopPendingAndRelease) {
  Db db;
  db::SqliteJobStore s(db.pool);
  auto a = s.add("k", "{}", std::nullopt, 1);
  auto b = s.add("k", "{}", std::nullopt, 1);
  s.claim({"k"}, 2);
  EXPECT_FALSE(s.stop_pending(a.id, 3));  // running
  EXPECT_TRUE(s.stop_pending(b.id, 3));
  EXPECT_FALSE(s.stop_pending(b.id, 4));
  EXPECT_EQ(s.find(b.id)->status, "stopped");
  EXPECT_EQ(s.find(b.id)->finished_at, 3);
  s.release(a.id);  // shutdown: back to pending, the attempt does not count
  EXPECT_EQ(s.find(a.id)->status, "pending");
  EXPECT_EQ(s.find(a.id)->attempts, 0);
}

TEST(SqliteJobStoreTest, RecoverRequeuesFailsAndForgets) {
  Db db;
  db::SqliteJobStore s(db.pool);
  auto once = s.add("k", "{}", std::nullopt, 1);
  auto often = s.add("k", "{}", std::nullopt, 1);
  auto old_done = s.add("k", "{}", std::nullopt, 1);
  auto new_done = s.add("k", "{}", std::nullopt, 1);
  for (int i = 0; i < 4; ++i) s.claim({"k"}, 2);
  s.finish(old_done.id, "success", "", 100);
  s.finish(new_done.id, "success", "", 900);
  {
    // A process died while `often` ran for the third time.
    auto c = db.pool.acquire();
    c->exec("UPDATE jobs SET attempts = 3 WHERE id = " + std::to_string(often.id));
  }
  int requeued = s.recover(
      {.max_attempts = 3, .give_up_error = "gave up", .now = 1000, .delete_finished_before = 500});
  EXPECT_EQ(requeued, 1);
  EXPECT_EQ(s.find(once.id)->status, "pending");
  EXPECT_EQ(s.find(once.id)->attempts, 1);
  EXPECT_EQ(s.find(often.id)->status, "error");
  EXPECT_EQ(s.find(often.id)->error, "gave up");
  EXPECT_EQ(s.find(often.id)->finished_at, 1000);
  EXPECT_FALSE(s.find(old_done.id));
  EXPECT_TRUE(s.find(new_done.id));
}

TEST(SqliteJobStoreTest, ExecutionCountsAndActiveJobs) {
  Db db;
  db::SqliteJobStore s(db.pool);
  auto a = s.add("scan", R"({"execution":7})", std::nullopt, 1);
  auto b = s.add("scan", R"({"execution":7})", std::nullopt, 1);
  auto c = s.add("scan", R"({"execution":7})", std::nullopt, 1);
  s.add("scan", R"({"execution":8})", std::nullopt, 1);
  s.add("scan_all", R"({"execution":7})", std::nullopt, 1);
  s.claim({"scan"}, 2);
  s.finish(a.id, "success", "", 3);
  s.claim({"scan"}, 4);
  auto counts = s.count_by_status("scan", 7);
  EXPECT_EQ(counts,
            (std::map<std::string, int64_t>{{"pending", 1}, {"running", 1}, {"success", 1}}));
  EXPECT_EQ(s.active_jobs("scan", 7), (std::vector<int64_t>{b.id, c.id}));
  EXPECT_TRUE(s.active_jobs("scan", 9).empty());
}

TEST(SqliteJobStoreTest, ConcurrentClaimsTakeEachJobOnce) {
  Db db;
  db::SqliteJobStore s(db.pool);
  for (int i = 0; i < 40; ++i) s.add("n", "{}", std::nullopt, i);
  std::mutex mu;
  std::vector<int64_t> claimed;
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w)
    workers.emplace_back([&] {
      while (auto j = s.claim({"n"}, 1)) {
        std::lock_guard lock(mu);
        claimed.push_back(j->id);
      }
    });
  for (auto& t : workers) t.join();
  std::sort(claimed.begin(), claimed.end());
  EXPECT_EQ(claimed.size(), 40u);
  EXPECT_EQ(std::adjacent_find(claimed.begin(), claimed.end()), claimed.end());
}
