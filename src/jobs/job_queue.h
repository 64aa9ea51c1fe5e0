// A persistent job queue: jobs are rows of a JobStore (jobs/job_store.h), so any instance
// may run any job and a job that was running when the process died is run again at the next
// start. Generic: scans use it now, replication later. Handlers run on the queue's own worker
// threads and may block (disk, database, network).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "jobs/job_store.h"

namespace berth::jobs {

// What a running handler may ask the queue.
class JobContext {
 public:
  JobContext(const std::atomic<bool>& stop, const std::atomic<bool>& shutdown)
      : stop_(stop), shutdown_(shutdown) {}
  // True once stop(id) was called or the queue is shutting down: return early.
  bool stop_requested() const { return stop_ || shutdown_; }
  // Which of the two: an explicit stop (the job ends stopped) or a shutdown (it runs again).
  bool stopped() const { return stop_; }

 private:
  const std::atomic<bool>& stop_;
  const std::atomic<bool>& shutdown_;
};

// A handler throws this when it gave up because the queue is shutting down: the job runs again
// at the next start.
struct Interrupted : std::runtime_error {
  Interrupted() : std::runtime_error("interrupted by shutdown") {}
};

// Returns normally for success; throws (what() becomes the job's error) for failure. A handler
// that returns after stop() was called leaves the job stopped.
using Handler = std::function<void(const Job&, JobContext&)>;

struct QueueOptions {
  int workers = 2;
  // A job that was interrupted (process died) this many times fails instead of running again,
  // so an input that crashes the process cannot crash it forever.
  int max_attempts = 3;
  // Finished jobs older than this are deleted at start.
  int64_t keep_finished_ms = 14LL * 24 * 3600 * 1000;
  // Whether start() re-queues what a previous process left running. A second queue on the same
  // store (its own workers for other kinds) leaves that to the first, which must start first.
  bool recover = true;
};

class JobQueue {
 public:
  JobQueue(JobStore& store, QueueOptions options);
  ~JobQueue();
  JobQueue(const JobQueue&) = delete;
  JobQueue& operator=(const JobQueue&) = delete;

  // Register every handler before start(); jobs of unknown kinds stay pending.
  void register_handler(const std::string& kind, Handler handler);
  // Re-queues the jobs left running by a previous process, then starts the workers.
  void start();
  // Asks running handlers to return, waits for the workers; their jobs go back to pending.
  void shutdown();

  EnqueueResult enqueue(const std::string& kind, const std::string& payload,
                        const std::optional<std::string>& dedupe_key = std::nullopt);
  // Pending: stopped at once. Running: the handler is asked to stop. False when the job does
  // not exist or has finished.
  bool stop(int64_t id);
  std::optional<Job> get(int64_t id) const;
  // The pending or running job holding `dedupe_key`.
  std::optional<int64_t> active_job(const std::string& dedupe_key) const;
  // Jobs of `kind` queued by the execution (parent job) `execution`: counts per status, and the
  // ids of those pending or running.
  std::map<std::string, int64_t> execution_counts(const std::string& kind, int64_t execution) const;
  std::vector<int64_t> execution_active_jobs(const std::string& kind, int64_t execution) const;

 private:
  void work();
  std::optional<Job> claim();
  void run(Job& job);
  void finish(int64_t id, const std::string& status, const std::string& error);

  JobStore& store_;
  QueueOptions options_;
  std::map<std::string, Handler> handlers_;
  std::vector<std::thread> workers_;
  std::atomic<bool> shutdown_{false};
  mutable std::mutex mu_;
  std::condition_variable cv_;
  uint64_t wakeups_ = 0;
  // Running jobs of this process and their stop flags.
  std::map<int64_t, std::shared_ptr<std::atomic<bool>>> running_;
};

}  // namespace berth::jobs
