// replication::ExecutionStore on SQLite (tables replication_executions, replication_tasks).
#pragma once

#include "replication/execution_store.h"

namespace berth::db {

class Pool;

class SqliteReplicationExecutionStore final : public replication::ExecutionStore {
 public:
  // A task's log keeps at most this many bytes: past it the oldest lines are dropped (a line
  // saying so comes first), so a task that logs without end cannot fill the database.
  static constexpr size_t kMaxTaskLog = 256 * 1024;
  // A longer line is cut.
  static constexpr size_t kMaxLogLine = 8 * 1024;

  explicit SqliteReplicationExecutionStore(Pool& db) : db_(db) {}

  // start_time 0 means now.
  int64_t create_execution(const replication::Execution& e) override;
  std::optional<replication::Execution> get_execution(int64_t id) override;
  // Newest first.
  std::vector<replication::Execution> list_executions(const replication::ExecutionQuery& q,
                                                      int64_t* total) override;
  // Only a running execution ends: a later call (the runner finishing after a stop) changes
  // nothing.
  void finish_execution(int64_t id, const std::string& status, const std::string& status_text,
                        int64_t now) override;
  std::vector<replication::Execution> running_executions(int64_t policy_id = 0) override;

  int64_t add_task(const replication::Task& t) override;
  std::optional<replication::Task> get_task(int64_t id) override;
  // In the order they were added.
  std::vector<replication::Task> list_tasks(const replication::TaskQuery& q,
                                            int64_t* total) override;
  // Several tasks in one transaction (an execution's plan is stored whole or not at all).
  void add_tasks(const std::vector<replication::Task>& tasks) override;
  // Pending tasks of the execution with no job yet (job_id 0), oldest first; limit < 0: all.
  std::vector<replication::Task> unqueued_tasks(int64_t execution_id, int64_t limit) override;
  int64_t queued_tasks(int64_t execution_id) override;
  void set_task_job(int64_t id, int64_t job_id) override;
  // running, start_time = now, attempts + 1.
  void start_task(int64_t id, int64_t now) override;
  void set_task_progress(int64_t id, int64_t bytes_done, int64_t bytes_total) override;
  void finish_task(int64_t id, const std::string& status, const std::string& error,
                   int64_t now) override;
  // Appends `line` and a newline (bounded as above).
  void append_task_log(int64_t id, const std::string& line) override;
  std::string task_log(int64_t id) override;
  std::map<std::string, int64_t> task_counts(int64_t execution_id) override;
  void remove_for_policy(int64_t policy_id) override;

 private:
  Pool& db_;
};

}  // namespace berth::db
