#include "db/sqlite_replication_execution_store.h"

#include <gtest/gtest.h>

#include "temp_db.h"

using namespace berth;
using db::SqliteReplicationExecutionStore;
using replication::Execution;
using replication::ExecutionQuery;
using replication::Task;
using replication::TaskQuery;

namespace {
Execution execution(int64_t policy, const std::string& trigger = "manual") {
  Execution e;
  e.policy_id = policy;
  e.trigger = trigger;
  e.start_time = 100;
  return e;
}

Task task(int64_t execution, const std::string& status, int64_t bytes = 0) {
  Task t;
  t.execution_id = execution;
  t.status = status;
  t.src_resource = "library/nginx:1";
  t.dst_resource = "team/nginx:1";
  t.bytes_total = bytes;
  t.bytes_done = bytes / 2;
  return t;
}
}  // namespace

TEST(SqliteReplicationExecutionStoreTest, ExecutionLifecycle) {
  test_support::TempDb db;
  SqliteReplicationExecutionStore s(db.pool);
  int64_t id = s.create_execution(execution(1, "scheduled"));
  auto e = s.get_execution(id);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->policy_id, 1);
  EXPECT_EQ(e->status, "running");
  EXPECT_EQ(e->trigger, "scheduled");
  EXPECT_EQ(e->start_time, 100);
  EXPECT_FALSE(e->end_time);
  EXPECT_EQ(e->total, 0);
  EXPECT_EQ(s.running_executions().size(), 1u);
  EXPECT_EQ(s.running_executions(1).size(), 1u);
  EXPECT_TRUE(s.running_executions(2).empty());

  s.finish_execution(id, "error", "listing the source failed", 200);
  e = s.get_execution(id);
  EXPECT_EQ(e->status, "error");
  EXPECT_EQ(e->status_text, "listing the source failed");
  EXPECT_EQ(e->end_time, 200);
  EXPECT_TRUE(s.running_executions().empty());
  // A finished execution stays as it ended.
  s.finish_execution(id, "success", "", 300);
  EXPECT_EQ(s.get_execution(id)->status, "error");
  EXPECT_FALSE(s.get_execution(id + 1));

  Execution now;
  now.policy_id = 1;
  EXPECT_GT(s.get_execution(s.create_execution(now))->start_time, 1000000);
}

TEST(SqliteReplicationExecutionStoreTest, CountsAndBytesOnReads) {
  test_support::TempDb db;
  SqliteReplicationExecutionStore s(db.pool);
  int64_t a = s.create_execution(execution(1));
  int64_t b = s.create_execution(execution(1));
  for (const char* st : {"pending", "running", "success", "success", "error", "stopped"})
    s.add_task(task(a, st, 100));
  s.add_task(task(b, "success", 10));
  auto e = s.get_execution(a);
  EXPECT_EQ(e->total, 6);
  EXPECT_EQ(e->in_progress, 2);
  EXPECT_EQ(e->succeed, 2);
  EXPECT_EQ(e->failed, 1);
  EXPECT_EQ(e->stopped, 1);
  EXPECT_EQ(e->bytes_total, 600);
  EXPECT_EQ(e->bytes_done, 300);
  auto counts = s.task_counts(a);
  EXPECT_EQ(counts["success"], 2);
  EXPECT_EQ(counts["pending"], 1);
  EXPECT_EQ(counts.size(), 5u);
  auto list = s.list_executions({}, nullptr);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].id, b);  // newest first
  EXPECT_EQ(list[0].total, 1);
  EXPECT_EQ(list[1].total, 6);
}

TEST(SqliteReplicationExecutionStoreTest, ListExecutionsFiltersAndPages) {
  test_support::TempDb db;
  SqliteReplicationExecutionStore s(db.pool);
  for (int i = 0; i < 5; ++i) s.create_execution(execution(1, i % 2 ? "scheduled" : "manual"));
  int64_t other = s.create_execution(execution(2));
  s.finish_execution(other, "success", "", 1);
  int64_t total = 0;
  ExecutionQuery q;
  q.policy_id = 1;
  EXPECT_EQ(s.list_executions(q, &total).size(), 5u);
  EXPECT_EQ(total, 5);
  q.trigger = "scheduled";
  EXPECT_EQ(s.list_executions(q, &total).size(), 2u);
  EXPECT_EQ(total, 2);
  q = {};
  q.status = "success";
  auto done = s.list_executions(q, &total);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].id, other);
  q = {};
  q.limit = 2;
  q.offset = 2;
  auto page = s.list_executions(q, &total);
  EXPECT_EQ(total, 6);
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].id, 4);
  EXPECT_EQ(page[1].id, 3);
}

TEST(SqliteReplicationExecutionStoreTest, TaskLifecycle) {
  test_support::TempDb db;
  SqliteReplicationExecutionStore s(db.pool);
  int64_t e = s.create_execution(execution(1));
  Task in = task(e, "pending");
  in.operation = "deletion";
  in.resource_type = "artifact";
  in.payload = R"({"digest":"sha256:x"})";
  int64_t id = s.add_task(in);
  auto t = s.get_task(id);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->execution_id, e);
  EXPECT_EQ(t->status, "pending");
  EXPECT_EQ(t->operation, "deletion");
  EXPECT_EQ(t->resource_type, "artifact");
  EXPECT_EQ(t->src_resource, "library/nginx:1");
  EXPECT_EQ(t->dst_resource, "team/nginx:1");
  EXPECT_EQ(t->payload, R"({"digest":"sha256:x"})");
  EXPECT_EQ(t->attempts, 0);
  EXPECT_FALSE(t->start_time);

  s.set_task_job(id, 42);
  s.start_task(id, 10);
  s.set_task_progress(id, 50, 200);
  t = s.get_task(id);
  EXPECT_EQ(t->job_id, 42);
  EXPECT_EQ(t->status, "running");
  EXPECT_EQ(t->attempts, 1);
  EXPECT_EQ(t->start_time, 10);
  EXPECT_EQ(t->bytes_done, 50);
  EXPECT_EQ(t->bytes_total, 200);

  s.start_task(id, 11);  // run again after a restart
  EXPECT_EQ(s.get_task(id)->attempts, 2);
  s.finish_task(id, "error", "the destination refused the manifest", 20);
  t = s.get_task(id);
  EXPECT_EQ(t->status, "error");
  EXPECT_EQ(t->error, "the destination refused the manifest");
  EXPECT_EQ(t->end_time, 20);
  // Finished: neither a late finish nor a start changes it.
  s.finish_task(id, "success", "", 30);
  s.start_task(id, 31);
  EXPECT_EQ(s.get_task(id)->status, "error");
  EXPECT_EQ(s.get_task(id)->end_time, 20);
  EXPECT_FALSE(s.get_task(id + 1));
}

TEST(SqliteReplicationExecutionStoreTest, ListTasks) {
  test_support::TempDb db;
  SqliteReplicationExecutionStore s(db.pool);
  int64_t e = s.create_execution(execution(1));
  int64_t other = s.create_execution(execution(1));
  std::vector<int64_t> ids;
  for (const char* st : {"success", "error", "success", "pending"})
    ids.push_back(s.add_task(task(e, st)));
  Task art = task(e, "success");
  art.resource_type = "artifact";
  ids.push_back(s.add_task(art));
  s.add_task(task(other, "success"));
  int64_t total = 0;
  TaskQuery q;
  q.execution_id = e;
  auto all = s.list_tasks(q, &total);
  EXPECT_EQ(total, 5);
  ASSERT_EQ(all.size(), 5u);
  EXPECT_EQ(all[0].id, ids[0]);  // oldest first
  q.status = "success";
  EXPECT_EQ(s.list_tasks(q, &total).size(), 3u);
  q.resource_type = "artifact";
  auto arts = s.list_tasks(q, &total);
  ASSERT_EQ(arts.size(), 1u);
  EXPECT_EQ(arts[0].id, ids[4]);
  q = {};
  q.execution_id = e;
  q.limit = 2;
  q.offset = 3;
  auto page = s.list_tasks(q, &total);
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].id, ids[3]);
  EXPECT_EQ(total, 5);
}

TEST(SqliteReplicationExecutionStoreTest, TaskLogAppendsLines) {
  test_support::TempDb db;
  SqliteReplicationExecutionStore s(db.pool);
  int64_t id = s.add_task(task(s.create_execution(execution(1)), "running"));
  EXPECT_EQ(s.task_log(id), "");
  s.append_task_log(id, "copying library/nginx:1");
  s.append_task_log(id, "done\n");
  EXPECT_EQ(s.task_log(id), "copying library/nginx:1\ndone\n");
  EXPECT_EQ(s.task_log(id + 1), "");
  s.append_task_log(id + 1, "nowhere");  // no such task: nothing happens
}

TEST(SqliteReplicationExecutionStoreTest, TaskLogKeepsTheTailWithinTheCap) {
  test_support::TempDb db;
  SqliteReplicationExecutionStore s(db.pool);
  int64_t id = s.add_task(task(s.create_execution(execution(1)), "running"));
  const std::string filler(999, 'x');
  const int lines = 400;  // 400 KB written
  for (int i = 0; i < lines; ++i) s.append_task_log(id, std::to_string(i) + " " + filler);
  std::string log = s.task_log(id);
  EXPECT_LE(log.size(), SqliteReplicationExecutionStore::kMaxTaskLog);
  EXPECT_GT(log.size(), SqliteReplicationExecutionStore::kMaxTaskLog / 2);
  EXPECT_TRUE(log.starts_with("[earlier lines of this log were dropped]\n"));
  EXPECT_TRUE(log.ends_with(std::to_string(lines - 1) + " " + filler + "\n"));
  // Whole lines only after the marker.
  size_t second = log.find('\n') + 1;
  EXPECT_NE(log.substr(second, log.find('\n', second) - second).find(" " + filler),
            std::string::npos);
  EXPECT_EQ(log.find("\n0 x"), std::string::npos);

  std::string huge(100000, 'y');
  s.append_task_log(id, huge);
  log = s.task_log(id);
  EXPECT_TRUE(log.ends_with(std::string(100, 'y') + " [cut]\n"));
  EXPECT_LE(log.size(), SqliteReplicationExecutionStore::kMaxTaskLog);
}

TEST(SqliteReplicationExecutionStoreTest, RemoveForPolicy) {
  test_support::TempDb db;
  SqliteReplicationExecutionStore s(db.pool);
  int64_t a = s.create_execution(execution(1));
  int64_t b = s.create_execution(execution(2));
  s.add_task(task(a, "success"));
  s.add_task(task(a, "error"));
  int64_t kept = s.add_task(task(b, "success"));
  s.remove_for_policy(1);
  EXPECT_FALSE(s.get_execution(a));
  EXPECT_TRUE(s.get_execution(b));
  EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM replication_tasks"), 1);
  EXPECT_TRUE(s.get_task(kept));
}

TEST(SqliteReplicationExecutionStoreTest, AddTasksAndUnqueued) {
  test_support::TempDb db;
  SqliteReplicationExecutionStore s(db.pool);
  int64_t e = s.create_execution(execution(1));
  int64_t other = s.create_execution(execution(1));
  s.add_tasks({task(e, "pending"), task(e, "pending"), task(e, "pending"), task(e, "success"),
               task(other, "pending")});
  int64_t total = 0;
  TaskQuery q;
  q.execution_id = e;
  auto all = s.list_tasks(q, &total);
  ASSERT_EQ(total, 4);
  s.set_task_job(all[0].id, 9);
  auto waiting = s.unqueued_tasks(e, 10);
  ASSERT_EQ(waiting.size(), 2u);
  EXPECT_EQ(waiting[0].id, all[1].id);  // oldest first, queued and finished ones left out
  EXPECT_EQ(waiting[1].id, all[2].id);
  EXPECT_EQ(s.unqueued_tasks(e, 1).size(), 1u);
  EXPECT_EQ(s.unqueued_tasks(e, -1).size(), 2u);
  s.add_tasks({});
}

TEST(SqliteReplicationExecutionStoreTest, AddTasksIsAllOrNothing) {
  test_support::TempDb db;
  SqliteReplicationExecutionStore s(db.pool);
  int64_t e = s.create_execution(execution(1));
  // The second task names no execution: the foreign key refuses it, and the first goes too.
  EXPECT_ANY_THROW(s.add_tasks({task(e, "pending"), task(e + 100, "pending")}));
  EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM replication_tasks"), 0);
}
