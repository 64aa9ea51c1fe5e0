#include "replication/replicator.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "base/clock.h"
#include "jobs/cron.h"
#include "replication/copier.h"
#include "replication/errors.h"
#include "replication/planner.h"
#include "replication/policy_rules.h"

namespace berth::replication {

namespace {

constexpr const char* kExecutionJob = "replication.execution";
constexpr const char* kTaskJob = "replication.task";
constexpr const char* kScheduledJob = "replication.scheduled";




}  // namespace

Replicator::Replicator(PolicyStore& policies, ExecutionStore& executions, jobs::JobQueue& queue,
                       jobs::Scheduler& scheduler, SideFactory sides, ReplicatorOptions options)
    : policies_(policies),
      executions_(executions),
      queue_(queue),
      scheduler_(scheduler),
      sides_(std::move(sides)),
      o_(options) {}

void Replicator::init() {
  queue_.register_handler(kExecutionJob,
                          [this](const jobs::Job& j, jobs::JobContext& c) { run_execution(j, c); });
  queue_.register_handler(kTaskJob,
                          [this](const jobs::Job& j, jobs::JobContext& c) { run_task(j, c); });
  queue_.register_handler(kScheduledJob,
                          [this](const jobs::Job& j, jobs::JobContext&) { run_scheduled(j); });
  for (const auto& p : policies_.with_trigger("scheduled")) policy_changed(p);
}

int64_t Replicator::create_execution(const Policy& p, const std::string& trigger) {
  if (!p.enabled) throw ExecutionRefused("the policy " + std::to_string(p.id) + " is disabled");
  if (p.single_active_replication && !executions_.running_executions(p.id).empty())
    throw ExecutionRefused("the policy " + p.name +
                           " allows a single active replication and one is running");
  Execution e;
  e.policy_id = p.id;
  e.trigger = trigger;
  e.start_time = base::now_millis();
  return executions_.create_execution(e);
}

int64_t Replicator::start(int64_t policy_id, const std::string& trigger) {
  auto p = policies_.get(policy_id);
  if (!p) throw ExecutionRefused("policy " + std::to_string(policy_id) + " not found");
  int64_t id = create_execution(*p, trigger);
  queue_.enqueue(kExecutionJob, nlohmann::json{{"execution", id}}.dump(),
                 "replication.execution." + std::to_string(id));
  return id;
}

void Replicator::run_execution(const jobs::Job& job, jobs::JobContext& ctx) {
  int64_t id = nlohmann::json::parse(job.payload).value("execution", int64_t(0));
  auto e = executions_.get_execution(id);
  if (!e || e->status != "running") return;
  auto p = policies_.get(e->policy_id);
  if (!p) {
    executions_.finish_execution(id, "error", "the policy was deleted", base::now_millis());
    return;
  }
  if (e->total == 0) {  // not planned yet (a restart during planning plans again)
    try {
      auto src = sides_(p->src_registry_id);
      add_planned(id, plan_copies(*p, *src, [&] { return ctx.stop_requested(); }));
    } catch (const CopyStopped&) {
      if (!ctx.stopped()) throw jobs::Interrupted();
      executions_.finish_execution(id, "stopped", "", base::now_millis());
      return;
    } catch (const std::exception& ex) {
      executions_.finish_execution(id, "error", std::string("listing the source failed: ") + ex.what(),
                                   base::now_millis());
      return;
    }
  }
  release_tasks(id);
  maybe_finish(id);
}

void Replicator::add_planned(int64_t execution_id, const std::vector<PlannedTask>& planned) {
  std::vector<Task> rows;
  rows.reserve(planned.size());
  for (const auto& pt : planned) {
    Task t;
    t.execution_id = execution_id;
    t.operation = pt.operation;
    t.resource_type = pt.resource_type;
    t.src_resource = resource_text(pt.src_repo, pt.reference);
    t.dst_resource = resource_text(pt.dst_repo, pt.dst_tag.empty() ? pt.reference : pt.dst_tag);
    t.payload = task_payload(pt);
    rows.push_back(std::move(t));
  }
  executions_.add_tasks(rows);
}

void Replicator::release_tasks(int64_t execution_id) {
  std::lock_guard lock(release_mu_);
  int64_t room = o_.workers - executions_.queued_tasks(execution_id);
  if (room <= 0) return;
  for (const auto& t : executions_.unqueued_tasks(execution_id, room)) {
    auto r = queue_.enqueue(kTaskJob,
                            nlohmann::json{{"execution", execution_id}, {"task", t.id}}.dump(),
                            "replication.task." + std::to_string(t.id));
    executions_.set_task_job(t.id, r.id);
  }
}

void Replicator::maybe_finish(int64_t execution_id) {
  auto counts = executions_.task_counts(execution_id);
  if (counts["pending"] + counts["running"] > 0) return;
  auto e = executions_.get_execution(execution_id);
  if (!e || e->status != "running") return;
  std::string status = "success", text;
  if (counts["error"] > 0) {
    status = "error";
    text = std::to_string(counts["error"]) + " of " + std::to_string(e->total) + " tasks failed";
  } else if (counts["stopped"] > 0) {
    status = "stopped";
  }
  executions_.finish_execution(execution_id, status, text, base::now_millis());
}

bool Replicator::stop(int64_t execution_id) {
  auto e = executions_.get_execution(execution_id);
  if (!e || e->status != "running") return false;
  if (auto plan = queue_.active_job("replication.execution." + std::to_string(execution_id)))
    queue_.stop(*plan);
  int64_t now = base::now_millis();
  {
    std::lock_guard lock(release_mu_);  // no task is released while we stop them
    TaskQuery q;
    q.execution_id = execution_id;
    q.limit = -1;
    int64_t total = 0;
    for (const auto& t : executions_.list_tasks(q, &total)) {
      if (t.status == "pending") {
        if (t.job_id) queue_.stop(t.job_id);
        executions_.finish_task(t.id, "stopped", "", now);
      } else if (t.status == "running" && t.job_id) {
        queue_.stop(t.job_id);
      }
    }
  }
  auto counts = executions_.task_counts(execution_id);
  if (counts["running"] == 0) executions_.finish_execution(execution_id, "stopped", "", now);
  return true;
}

void Replicator::run_task(const jobs::Job& job, jobs::JobContext& ctx) {
  auto j = nlohmann::json::parse(job.payload);
  int64_t execution_id = j.value("execution", int64_t(0)), task_id = j.value("task", int64_t(0));
  auto t = executions_.get_task(task_id);
  if (!t || (t->status != "pending" && t->status != "running")) return;
  auto e = executions_.get_execution(execution_id);
  auto p = e ? policies_.get(e->policy_id) : std::nullopt;
  std::pair<std::string, std::string> result{"error", "the policy was deleted"};
  executions_.start_task(task_id, base::now_millis());
  if (p) result = perform(*p, *t, ctx);  // throws jobs::Interrupted on shutdown
  executions_.finish_task(task_id, result.first, result.second, base::now_millis());
  if (!result.second.empty())
    executions_.append_task_log(task_id, "ERROR " + result.second);
  release_tasks(execution_id);
  maybe_finish(execution_id);
}

}  // namespace berth::replication
