// The rows of the persistent job queue (jobs/job_queue.h): what the queue needs stored, in its
// own words. JobQueue keeps the rules (when a job runs again, when it gives up, how long finished
// jobs are kept); a store only records. Each method is one atomic change, so a job survives the
// process being killed at any point. Blocking: call it from a worker or the blocking pool.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace berth::jobs {

struct Job {
  int64_t id = 0;
  std::string kind;
  std::string payload = "{}";  // JSON text
  std::string status;          // pending | running | success | error | stopped
  int attempts = 0;
  std::optional<std::string> dedupe_key;
  std::string error;
  int64_t created_at = 0;  // unix millis
  std::optional<int64_t> started_at, finished_at;
};

struct EnqueueResult {
  int64_t id = 0;
  bool created = false;  // false: a pending/running job with the same dedupe key exists
};

// What the queue does at start with the jobs a previous process left behind.
struct Recovery {
  int max_attempts = 3;       // running jobs interrupted this often fail with give_up_error
  std::string give_up_error;  // the others go back to pending
  int64_t now = 0;
  int64_t delete_finished_before = 0;  // finished jobs older than this are deleted
};

class JobStore {
 public:
  virtual ~JobStore() = default;

  // Applies `r` in one transaction; returns how many jobs went back to pending.
  virtual int recover(const Recovery& r) = 0;
  // A pending job, unless `dedupe_key` is set and a pending or running job holds it (then that
  // job's id, created = false).
  virtual EnqueueResult add(const std::string& kind, const std::string& payload,
                            const std::optional<std::string>& dedupe_key, int64_t now) = 0;
  // The oldest pending job of one of `kinds`, now running with one more attempt. Atomic: two
  // workers (or two processes) never claim the same job.
  virtual std::optional<Job> claim(const std::vector<std::string>& kinds, int64_t now) = 0;
  // A running job back to pending without counting the attempt (the process is shutting down).
  virtual void release(int64_t id) = 0;
  // Ends a job: success | error | stopped.
  virtual void finish(int64_t id, const std::string& status, const std::string& error,
                      int64_t now) = 0;
  // A pending job stopped before it ran; false when it is not pending.
  virtual bool stop_pending(int64_t id, int64_t now) = 0;

  virtual std::optional<Job> find(int64_t id) = 0;
  // The pending or running job holding `dedupe_key`.
  virtual std::optional<int64_t> active_job(const std::string& dedupe_key) = 0;

  // Jobs that belong to an execution: a parent job (a scanAll run) whose id is the integer
  // field "execution" of their payload.
  virtual std::map<std::string, int64_t> count_by_status(const std::string& kind,
                                                         int64_t execution) = 0;
  virtual std::vector<int64_t> active_jobs(const std::string& kind, int64_t execution) = 0;
};

}  // namespace berth::jobs
