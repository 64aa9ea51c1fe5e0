// When executions start besides a manual run: schedules (Harbor's six-field cron) and events
// (pushes, re-tags and deletions through /v2/ and the API).
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "jobs/cron.h"
#include "replication/errors.h"
#include "replication/planner.h"
#include "replication/policy_rules.h"
#include "replication/replicator.h"

namespace berth::replication {

void Replicator::policy_changed(const Policy& p) {
  std::string name = "replication." + std::to_string(p.id);
  if (!p.enabled || p.trigger.type != "scheduled") {
    scheduler_.set(name, std::nullopt, {});
    return;
  }
  std::optional<jobs::Cron> cron;
  try {
    cron = jobs::Cron::parse(p.trigger.cron);
  } catch (const std::exception& e) {
    spdlog::warn("replication policy {}: schedule '{}' ignored: {}", p.id, p.trigger.cron, e.what());
    scheduler_.set(name, std::nullopt, {});
    return;
  }
  int64_t id = p.id;
  // The tick goes through the job queue with a dedupe key, so instances sharing the database
  // that fire together start one execution.
  scheduler_.set(name, cron, [this, id] {
    int64_t tick = base::now_seconds();
    queue_.enqueue("replication.scheduled", nlohmann::json{{"policy", id}, {"tick", tick}}.dump(),
                   "replication.scheduled." + std::to_string(id));
  });
}

void Replicator::policy_removed(int64_t policy_id) {
  scheduler_.set("replication." + std::to_string(policy_id), std::nullopt, {});
}

void Replicator::run_scheduled(const jobs::Job& job) {
  auto j = nlohmann::json::parse(job.payload);
  int64_t id = j.value("policy", int64_t(0)), tick = j.value("tick", int64_t(0));
  // Another instance on the same database fired this tick already (its job may have finished
  // before ours was queued, so the dedupe key alone does not catch it). Harbor's schedules
  // fire at most once a minute, so half a minute tells ticks apart.
  ExecutionQuery q;
  q.policy_id = id;
  q.trigger = "scheduled";
  q.limit = 1;
  int64_t total = 0;
  for (const auto& e : executions_.list_executions(q, &total))
    if (e.start_time >= (tick - 30) * 1000) return;
  try {
    start(id, "scheduled");
  } catch (const ExecutionRefused& e) {
    spdlog::info("scheduled replication of policy {} skipped: {}", id, e.what());
  }
}

void Replicator::on_artifact_event(const core::ArtifactEvent& ev) {
  bool deletion = ev.kind == core::ArtifactEvent::Kind::kDeleted;
  // A by-digest push is part of a tagged push (an index's children) or a referrer, which the
  // copy of its subject carries.
  if (!deletion && ev.tag.empty()) return;
  for (const auto& p : policies_.with_trigger("event_based")) {
    if (!p.enabled || !p.push_mode()) continue;
    if (deletion && !p.replicate_deletion) continue;
    if (!matches_name(p, ev.repository)) continue;
    if (!ev.tag.empty() && !matches_tag(p, ev.tag)) continue;
    PlannedTask t;
    t.operation = deletion ? "deletion" : "copy";
    t.src_repo = ev.repository;
    t.reference = ev.tag.empty() ? ev.digest : ev.tag;
    t.dst_repo = destination_repository(p, ev.repository);
    t.dst_tag = ev.tag;
    t.resource_type = resource_type(p);
    try {
      int64_t id = create_execution(p, "event_based");
      add_planned(id, {t});
      release_tasks(id);
    } catch (const std::exception& e) {
      spdlog::warn("event-based replication of {} by policy {}: {}", ev.repository, p.id, e.what());
    }
  }
}

}  // namespace berth::replication
