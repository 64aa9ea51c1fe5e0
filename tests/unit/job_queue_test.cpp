#include "jobs/job_queue.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "db/migrations.h"
#include "db/sqlite.h"
#include "db/sqlite_job_store.h"
#include "temp_db.h"

namespace fs = std::filesystem;
using namespace berth;
using jobs::Job;
using jobs::JobContext;
using jobs::JobQueue;

namespace {
struct Db : test_support::TempDb {
  db::SqliteJobStore jobs{pool};
  Db() : TempDb(6) {}
};

// Polls until the job reaches `status` (or 5 s pass).
std::string wait_status(JobQueue& q, int64_t id, const std::string& status) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  std::string last;
  while (std::chrono::steady_clock::now() < deadline) {
    last = q.get(id)->status;
    if (last == status) return last;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return last;
}
}  // namespace

TEST(JobQueueTest, RunsJobsAndRecordsOutcome) {
  Db db;
  JobQueue q(db.jobs, {.workers = 2});
  std::atomic<int> ran{0};
  q.register_handler("ok", [&](const Job& j, JobContext&) {
    EXPECT_EQ(j.payload, "{\"n\":1}");
    ++ran;
  });
  q.register_handler("bad", [](const Job&, JobContext&) { throw std::runtime_error("boom"); });
  q.start();
  auto a = q.enqueue("ok", "{\"n\":1}");
  auto b = q.enqueue("bad", "{}");
  EXPECT_TRUE(a.created);
  EXPECT_EQ(wait_status(q, a.id, "success"), "success");
  EXPECT_EQ(wait_status(q, b.id, "error"), "error");
  EXPECT_EQ(q.get(b.id)->error, "boom");
  EXPECT_EQ(q.get(a.id)->attempts, 1);
  EXPECT_TRUE(q.get(a.id)->finished_at.has_value());
  EXPECT_EQ(ran, 1);
}

TEST(JobQueueTest, DedupeKeyAllowsOneActiveJob) {
  Db db;
  JobQueue q(db.jobs, {.workers = 1});
  auto a = q.enqueue("k", "{}", "same");
  auto b = q.enqueue("k", "{}", "same");
  EXPECT_TRUE(a.created);
  EXPECT_FALSE(b.created);
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(q.active_job("same"), a.id);
  // Finished jobs free the key.
  q.register_handler("k", [](const Job&, JobContext&) {});
  q.start();
  EXPECT_EQ(wait_status(q, a.id, "success"), "success");
  EXPECT_FALSE(q.active_job("same"));
  EXPECT_TRUE(q.enqueue("k", "{}", "same").created);
}

TEST(JobQueueTest, UnknownKindsStayPending) {
  Db db;
  JobQueue q(db.jobs, {.workers = 1});
  q.register_handler("known", [](const Job&, JobContext&) {});
  q.start();
  auto u = q.enqueue("unknown", "{}");
  auto k = q.enqueue("known", "{}");
  EXPECT_EQ(wait_status(q, k.id, "success"), "success");
  EXPECT_EQ(q.get(u.id)->status, "pending");
}

TEST(JobQueueTest, StopPendingAndRunning) {
  Db db;
  JobQueue q(db.jobs, {.workers = 1});
  std::atomic<bool> started{false};
  q.register_handler("loop", [&](const Job&, JobContext& ctx) {
    started = true;
    while (!ctx.stop_requested()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  });
  auto running = q.enqueue("loop", "{}");
  auto pending = q.enqueue("loop", "{}");
  q.start();
  while (!started) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  EXPECT_TRUE(q.stop(pending.id));
  EXPECT_EQ(q.get(pending.id)->status, "stopped");
  EXPECT_TRUE(q.stop(running.id));
  EXPECT_EQ(wait_status(q, running.id, "stopped"), "stopped");
  EXPECT_FALSE(q.stop(running.id));  // finished
  EXPECT_FALSE(q.stop(99999));
}

TEST(JobQueueTest, JobsSurviveARestart) {
  Db db;
  int64_t id;
  {
    // A process that dies mid-job leaves the row running.
    JobQueue first(db.jobs, {.workers = 1});
    id = first.enqueue("work", "{\"x\":2}").id;
    db.exec("UPDATE jobs SET status = 'running', attempts = 1 WHERE id = " + std::to_string(id));
  }
  JobQueue second(db.jobs, {.workers = 1});
  std::atomic<int> ran{0};
  second.register_handler("work", [&](const Job& j, JobContext&) {
    EXPECT_EQ(j.attempts, 2);
    ++ran;
  });
  second.start();
  EXPECT_EQ(wait_status(second, id, "success"), "success");
  EXPECT_EQ(ran, 1);
}

TEST(JobQueueTest, JobThatKeepsKillingTheProcessFails) {
  Db db;
  int64_t id;
  {
    JobQueue first(db.jobs, {.workers = 1});
    id = first.enqueue("crash", "{}").id;
  }
  db.exec("UPDATE jobs SET status = 'running', attempts = 3 WHERE id = " + std::to_string(id));
  JobQueue q(db.jobs, {.workers = 1, .max_attempts = 3});
  q.register_handler("crash", [](const Job&, JobContext&) { FAIL() << "must not run again"; });
  q.start();
  auto j = q.get(id);
  EXPECT_EQ(j->status, "error");
  EXPECT_NE(j->error.find("interrupted"), std::string::npos);
}

TEST(JobQueueTest, InterruptedAtShutdownRunsAgain) {
  Db db;
  int64_t id;
  std::atomic<bool> started{false};
  {
    JobQueue q(db.jobs, {.workers = 1});
    q.register_handler("long", [&](const Job&, JobContext& ctx) {
      started = true;
      while (!ctx.stop_requested()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
      EXPECT_FALSE(ctx.stopped());
      throw jobs::Interrupted();
    });
    q.start();
    id = q.enqueue("long", "{}").id;
    while (!started) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    q.shutdown();
    EXPECT_EQ(q.get(id)->status, "pending");
    EXPECT_EQ(q.get(id)->attempts, 0);
  }
  JobQueue again(db.jobs, {.workers = 1});
  again.register_handler("long", [](const Job&, JobContext&) {});
  again.start();
  EXPECT_EQ(wait_status(again, id, "success"), "success");
}

TEST(JobQueueTest, ManyJobsManyWorkersEachRunOnce) {
  Db db;
  JobQueue q(db.jobs, {.workers = 4});
  std::atomic<int> ran{0};
  q.register_handler("n", [&](const Job&, JobContext&) { ++ran; });
  q.start();
  std::vector<int64_t> ids;
  for (int i = 0; i < 60; ++i) ids.push_back(q.enqueue("n", "{}").id);
  for (auto id : ids) EXPECT_EQ(wait_status(q, id, "success"), "success");
  EXPECT_EQ(ran, 60);
}
