// The Replicator (replication/replicator.h) with real SQLite stores and a real job queue over
// in-memory sides: executions end with the right counts, a huge policy does not starve a small
// one, a task that runs too long fails with the timeout, and a stop lands mid-blob quickly.
#include "replication/replicator.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "base/clock.h"
#include "db/sqlite_job_store.h"
#include "db/sqlite_replication_execution_store.h"
#include "db/sqlite_replication_policy_store.h"
#include "replication_memory_side.h"
#include "temp_db.h"

namespace berth::replication {
namespace {

using Clock = std::chrono::steady_clock;

struct ReplicatorTest : ::testing::Test {
  test_support::TempDb db{12};
  db::SqliteJobStore job_store{db.pool};
  db::SqliteReplicationPolicyStore policies{db.pool};
  db::SqliteReplicationExecutionStore executions{db.pool};
  std::shared_ptr<MemorySide> src = std::make_shared<MemorySide>();
  std::shared_ptr<MemorySide> dst = std::make_shared<MemorySide>();
  jobs::JobQueue queue{job_store, {.workers = 4}};
  jobs::Scheduler scheduler;
  std::unique_ptr<Replicator> replicator;

  void start(ReplicatorOptions o) {
    replicator = std::make_unique<Replicator>(
        policies, executions, queue, scheduler,
        [this](int64_t id) -> std::shared_ptr<RegistrySide> {
          if (id == 0) return src;
          return dst;
        },
        o);
    replicator->init();
    queue.start();
  }
  ~ReplicatorTest() override { queue.shutdown(); }

  int64_t policy(const std::string& name, const std::string& pattern) {
    Policy p;
    p.name = name;
    p.dest_registry_id = 1;
    p.filters = {{"name", pattern, {}, ""}};
    return policies.create(p);
  }
  // Polls until the execution is no longer running (or `limit` passes).
  Execution wait(int64_t id, std::chrono::milliseconds limit = std::chrono::seconds(20)) {
    auto end = Clock::now() + limit;
    for (;;) {
      auto e = executions.get_execution(id);
      if (e->status != "running" || Clock::now() > end) return *e;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
};

TEST_F(ReplicatorTest, AnExecutionCopiesEveryMatchingTagAndCountsThem) {
  for (int i = 0; i < 5; ++i) src->add_manifest("p/app", image(*src, "p/app", "v" + std::to_string(i)), "v" + std::to_string(i));
  src->add_manifest("q/other", image(*src, "q/other", "x"), "v1");
  start({.workers = 2});
  Execution e = wait(replicator->start(policy("all-of-p", "p/**"), "manual"));
  EXPECT_EQ(e.status, "success");
  EXPECT_EQ(e.total, 5);
  EXPECT_EQ(e.succeed, 5);
  EXPECT_GT(e.bytes_done, 5 * 5000);
  EXPECT_TRUE(dst->manifest_digest("p/app", "v4"));
  EXPECT_FALSE(dst->manifest_digest("q/other", "v1"));
}

TEST_F(ReplicatorTest, AHugePolicyDoesNotStarveASmallOne) {
  // 24 slow copies for "big", then 1 for "small": with the per-execution window the small one
  // enters the queue behind at most a window of big tasks, not behind all 24.
  for (int i = 0; i < 24; ++i)
    src->add_manifest("big/app", image(*src, "big/app", "t" + std::to_string(i), 20000), "t" + std::to_string(i));
  src->add_manifest("small/app", image(*src, "small/app", "s", 20000), "s");
  src->read_delay = std::chrono::milliseconds(5);  // about 100 ms a copy
  start({.workers = 2});  // with a window of 30 (no fairness) this fails: small ends last
  int64_t big = replicator->start(policy("big", "big/**"), "manual");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  int64_t small = replicator->start(policy("small", "small/**"), "manual");
  Execution s = wait(small);
  Execution b = executions.get_execution(big).value();
  EXPECT_EQ(s.status, "success");
  EXPECT_EQ(b.status, "running") << "the small policy finished while the big one still runs";
  EXPECT_LT(b.succeed, 20);
  EXPECT_EQ(wait(big, std::chrono::seconds(60)).status, "success");
}

TEST_F(ReplicatorTest, ATaskThatRunsTooLongFailsWithTheTimeout) {
  src->add_manifest("p/app", image(*src, "p/app", "slow", 200000), "v1");
  src->read_delay = std::chrono::milliseconds(5);  // 200 pieces: about a second
  start({.workers = 1, .task_timeout_ms = 300});
  int64_t id = replicator->start(policy("slow", "p/**"), "manual");
  Execution e = wait(id);
  EXPECT_EQ(e.status, "error");
  TaskQuery q;
  q.execution_id = id;
  int64_t total = 0;
  auto tasks = executions.list_tasks(q, &total);
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_NE(tasks[0].error.find("timed out"), std::string::npos) << tasks[0].error;
  EXPECT_FALSE(dst->manifest_digest("p/app", "v1"));
}

TEST_F(ReplicatorTest, AStopLandsInTheMiddleOfABlob) {
  src->add_manifest("p/app", image(*src, "p/app", "long", 2000000), "v1");
  src->read_delay = std::chrono::milliseconds(2);  // 2000 pieces: about 4 s
  start({.workers = 1});
  int64_t id = replicator->start(policy("long", "p/**"), "manual");
  auto until = Clock::now() + std::chrono::seconds(5);
  while (src->pieces_read < 50 && Clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto t0 = Clock::now();
  EXPECT_TRUE(replicator->stop(id));
  Execution e = wait(id, std::chrono::seconds(5));
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0);
  EXPECT_EQ(e.status, "stopped");
  EXPECT_LT(took.count(), 2000);
  EXPECT_LT(src->pieces_read, 1500) << "the blob was not read to its end";
  EXPECT_FALSE(dst->manifest_digest("p/app", "v1"));
}

TEST_F(ReplicatorTest, ADisabledPolicyDoesNotStart) {
  start({});
  Policy p;
  p.name = "off";
  p.dest_registry_id = 1;
  p.enabled = false;
  int64_t id = policies.create(p);
  EXPECT_THROW(replicator->start(id, "manual"), ExecutionRefused);
}

}  // namespace
}  // namespace berth::replication

namespace berth::replication {
namespace {

// Two instances on one database: each has its own queue, scheduler and replicator over the
// same stores. A tick both fire (at once, or one after the other's run ended) runs once.
TEST_F(ReplicatorTest, AScheduledTickRunsOnceForTwoInstancesOnOneDatabase) {
  src->add_manifest("p/app", image(*src, "p/app", "v1"), "v1");
  start({.workers = 1});
  jobs::JobQueue queue_b{job_store, {.workers = 2, .recover = false}};
  jobs::Scheduler scheduler_b;
  Replicator replicator_b(
      policies, executions, queue_b, scheduler_b,
      [this](int64_t id) -> std::shared_ptr<RegistrySide> { return id == 0 ? src : dst; }, {});
  replicator_b.init();
  queue_b.start();
  int64_t id = policy("nightly", "p/**");
  std::string payload = R"({"policy":)" + std::to_string(id) + R"(,"tick":)" +
                        std::to_string(base::now_seconds()) + "}";
  std::string key = "replication.scheduled." + std::to_string(id);
  auto executions_of_policy = [&] {
    ExecutionQuery q;
    q.policy_id = id;
    int64_t total = 0;
    executions.list_executions(q, &total);
    return total;
  };
  // Both fire together: the dedupe key makes it one job.
  auto a = queue.enqueue("replication.scheduled", payload, key);
  auto b = queue_b.enqueue("replication.scheduled", payload, key);
  EXPECT_TRUE(a.created);
  EXPECT_FALSE(b.created);
  auto until = Clock::now() + std::chrono::seconds(10);
  while (executions_of_policy() == 0 && Clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_EQ(executions_of_policy(), 1);
  ExecutionQuery q;
  q.policy_id = id;
  int64_t total = 0;
  EXPECT_EQ(wait(executions.list_executions(q, &total)[0].id).status, "success");
  // The other instance fires the same tick after that job ended (a slower clock): skipped.
  auto late = queue_b.enqueue("replication.scheduled", payload, key);
  EXPECT_TRUE(late.created);
  until = Clock::now() + std::chrono::seconds(5);
  while (queue_b.get(late.id)->status != "success" && Clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(queue_b.get(late.id)->status, "success");
  EXPECT_EQ(executions_of_policy(), 1);
  queue_b.shutdown();
}

}  // namespace
}  // namespace berth::replication
