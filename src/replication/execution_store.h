// Replication executions (one run of a policy) and their tasks (one artifact copied or
// deleted each) as stored rows, so a run survives a restart. Status words are Berth's
// internal ones; the API shows Harbor's (InProgress, Succeed, Failed, Stopped).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace berth::replication {

// pending -> running -> success | error | stopped
struct Execution {
  int64_t id = 0;
  int64_t policy_id = 0;
  std::string status = "running";  // running | success | error | stopped
  std::string status_text;         // why it failed as a whole (listing the source, ...)
  std::string trigger = "manual";  // manual | scheduled | event_based
  int64_t start_time = 0;          // unix millis
  std::optional<int64_t> end_time;
  // Task counts by status, filled on reads.
  int64_t total = 0, failed = 0, succeed = 0, in_progress = 0, stopped = 0;
  // Bytes of all tasks, filled on reads.
  int64_t bytes_total = 0, bytes_done = 0;
};

struct Task {
  int64_t id = 0;
  int64_t execution_id = 0;
  std::string status = "pending";  // pending | running | success | error | stopped
  std::string operation = "copy";  // copy | deletion
  std::string resource_type = "image";  // image | artifact (Harbor's resource_type)
  std::string src_resource;  // "repo:tag" or "repo@digest" as Harbor shows it
  std::string dst_resource;
  // What the runner needs to redo the task after a restart (JSON).
  std::string payload = "{}";
  int64_t job_id = 0;  // the jobs::JobQueue job running it
  int attempts = 0;
  int64_t bytes_total = 0, bytes_done = 0;
  std::string error;  // one sentence for the user
  std::optional<int64_t> start_time, end_time;
};

struct ExecutionQuery {
  std::optional<int64_t> policy_id;
  std::optional<std::string> status;
  std::optional<std::string> trigger;
  int64_t offset = 0, limit = 10;
};

struct TaskQuery {
  int64_t execution_id = 0;
  std::optional<std::string> status;
  std::optional<std::string> resource_type;
  int64_t offset = 0, limit = 10;
};

class ExecutionStore {
 public:
  virtual ~ExecutionStore() = default;

  virtual int64_t create_execution(const Execution& e) = 0;
  virtual std::optional<Execution> get_execution(int64_t id) = 0;
  virtual std::vector<Execution> list_executions(const ExecutionQuery& q, int64_t* total) = 0;
  // Ends an execution (success | error | stopped).
  virtual void finish_execution(int64_t id, const std::string& status,
                                const std::string& status_text, int64_t now) = 0;
  // Executions still running (a restart resumes them); of one policy when policy_id > 0.
  virtual std::vector<Execution> running_executions(int64_t policy_id = 0) = 0;

  virtual int64_t add_task(const Task& t) = 0;
  virtual std::optional<Task> get_task(int64_t id) = 0;
  virtual std::vector<Task> list_tasks(const TaskQuery& q, int64_t* total) = 0;
  // Several tasks in one transaction (an execution's plan is stored whole or not at all).
  virtual void add_tasks(const std::vector<Task>& tasks) = 0;
  // Pending tasks of the execution not yet handed to the job queue (job_id 0), oldest first.
  virtual std::vector<Task> unqueued_tasks(int64_t execution_id, int64_t limit) = 0;
  // Tasks handed to the job queue and not finished: running, or pending with a job.
  virtual int64_t queued_tasks(int64_t execution_id) = 0;
  virtual void set_task_job(int64_t id, int64_t job_id) = 0;
  virtual void start_task(int64_t id, int64_t now) = 0;
  virtual void set_task_progress(int64_t id, int64_t bytes_done, int64_t bytes_total) = 0;
  virtual void finish_task(int64_t id, const std::string& status, const std::string& error,
                           int64_t now) = 0;
  // The task's log: lines appended as it runs, read whole.
  virtual void append_task_log(int64_t id, const std::string& line) = 0;
  virtual std::string task_log(int64_t id) = 0;
  // Task counts of an execution by status.
  virtual std::map<std::string, int64_t> task_counts(int64_t execution_id) = 0;
  // Removes a policy's executions and tasks (the policy is being deleted).
  virtual void remove_for_policy(int64_t policy_id) = 0;
};

}  // namespace berth::replication
