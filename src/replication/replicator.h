// The ReplicationService that runs in this process: an execution is a "replication.execution"
// job that lists the source and stores one task row per artifact; each task is a
// "replication.task" job that copies (or deletes) one artifact. Both are rows of the persistent
// job queue, so a restart resumes them. An execution hands at most `workers` tasks to the queue
// at a time and adds the next as each finishes, so executions share the workers fairly.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "core/artifact_event.h"
#include "jobs/job_queue.h"
#include "jobs/scheduler.h"
#include "replication/copier.h"
#include "replication/registry_side.h"
#include "replication/replication_service.h"

namespace berth::replication {

struct Task;
struct PlannedTask;

// The side a policy names: registry id 0 is this Berth, others are endpoints.
// Sides are shared: one per endpoint serves every task (its connections and tokens are reused).
using SideFactory = std::function<std::shared_ptr<RegistrySide>(int64_t registry_id)>;

struct ReplicatorOptions {
  int workers = 8;
  int blobs_in_flight = 3;
  int64_t task_timeout_ms = 240LL * 60 * 1000;  // replication.taskTimeoutMinutes
  int max_retries = 5;
};

class Replicator : public ReplicationService {
 public:
  Replicator(PolicyStore& policies, ExecutionStore& executions, jobs::JobQueue& queue,
             jobs::Scheduler& scheduler, SideFactory sides, ReplicatorOptions options);

  // Registers the job handlers (before the queue starts) and the schedules of the policies.
  void init();

  int64_t start(int64_t policy_id, const std::string& trigger) override;
  bool stop(int64_t execution_id) override;
  void policy_changed(const Policy& p) override;
  void policy_removed(int64_t policy_id) override;

  // Event-based policies: a push or re-tag (copy) or a deletion (when the policy replicates
  // deletions) of a matching artifact starts an execution of one task at once.
  void on_artifact_event(const core::ArtifactEvent& e);

 private:
  void run_execution(const jobs::Job& job, jobs::JobContext& ctx);
  void run_task(const jobs::Job& job, jobs::JobContext& ctx);
  void run_scheduled(const jobs::Job& job);
  int64_t create_execution(const Policy& p, const std::string& trigger);
  void add_planned(int64_t execution_id, const std::vector<PlannedTask>& planned);
  // Hands the execution's next tasks to the queue, up to the window.
  void release_tasks(int64_t execution_id);
  // Ends the execution when no task is pending or running.
  void maybe_finish(int64_t execution_id);
  // Copies or deletes; returns the task's final status and error.
  std::pair<std::string, std::string> perform(const Policy& p, const Task& t,
                                              jobs::JobContext& ctx);

  PolicyStore& policies_;
  ExecutionStore& executions_;
  jobs::JobQueue& queue_;
  jobs::Scheduler& scheduler_;
  SideFactory sides_;
  ReplicatorOptions o_;
  std::mutex release_mu_;
  BlobClaims blob_claims_;  // tasks running at once upload each blob once
};

}  // namespace berth::replication
