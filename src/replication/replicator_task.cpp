// One task: copy or delete one artifact, with retries of transient errors, the per-task
// timeout, progress and the task's log.
#include <spdlog/spdlog.h>

#include <chrono>
#include <thread>

#include "base/clock.h"
#include "replication/copier.h"
#include "replication/errors.h"
#include "replication/planner.h"
#include "replication/replicator.h"

namespace berth::replication {

namespace {

std::string stamp() {
  return base::now_rfc3339() + " ";
}

// Sleeps `ms` in short steps; false when `stop` became true.
bool pause(int64_t ms, const std::function<bool()>& stop) {
  for (int64_t left = ms; left > 0; left -= 100) {
    if (stop()) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min<int64_t>(left, 100)));
  }
  return !stop();
}

std::string timeout_message(int64_t ms) {
  std::string took = ms % 60000 == 0 ? std::to_string(ms / 60000) + " minutes"
                                     : std::to_string(ms / 1000.0).substr(0, 5) + " seconds";
  return "timed out after " + took + " (replication.taskTimeoutMinutes)";
}

}  // namespace

std::pair<std::string, std::string> Replicator::perform(const Policy& p, const Task& t,
                                                        jobs::JobContext& ctx) {
  PlannedTask pt = task_from_payload(t.payload);
  int64_t deadline = base::now_millis() + o_.task_timeout_ms;
  bool timed_out = false;
  auto should_stop = [&] {
    if (ctx.stop_requested()) return true;
    if (base::now_millis() > deadline) timed_out = true;
    return timed_out;
  };
  auto log = [&](const std::string& line) { executions_.append_task_log(t.id, stamp() + line); };
  int64_t last_progress = 0;
  CopyOptions co;
  co.override_existing = p.override_existing;
  co.chunk_size = p.copy_by_chunk ? size_t(10) << 20 : 0;
  co.speed_kbps = p.speed_kbps;
  co.repository_settings = p.dest_settings;
  co.blobs_in_flight = o_.blobs_in_flight;
  co.should_stop = should_stop;
  co.log = log;
  co.claims = &blob_claims_;
  co.progress = [&](int64_t done, int64_t total) {
    int64_t now = base::now_millis();
    if (now - last_progress < 500 && done < total) return;  // a row write twice a second at most
    last_progress = now;
    executions_.set_task_progress(t.id, done, total);
  };
  log(pt.operation + " " + t.src_resource + " -> " + t.dst_resource);
  for (int attempt = 0;; ++attempt) {
    try {
      auto src = sides_(p.src_registry_id);
      auto dst = sides_(p.dest_registry_id);
      if (pt.operation == "deletion") {
        bool gone =
            dst->delete_reference(pt.dst_repo, pt.dst_tag.empty() ? pt.reference : pt.dst_tag);
        log(gone ? "deleted on " + dst->describe()
                 : "not on " + dst->describe() + "; nothing to delete");
        return {"success", ""};
      }
      BlobLocations locations;
      Copier copier(*src, *dst, co, locations);
      CopyOutcome out = copier.copy(pt.src_repo, pt.reference, pt.dst_repo, pt.dst_tag);
      log(out.skipped
              ? "done, skipped: " + out.note
              : "done: " + out.digest + ", " + std::to_string(out.bytes_copied) + " bytes copied");
      return {"success", ""};
    } catch (const CopyStopped&) {
      if (timed_out) return {"error", timeout_message(o_.task_timeout_ms)};
      if (ctx.stopped()) {
        log("stopped by a user");
        return {"stopped", ""};
      }
      log("interrupted by shutdown; it runs again at the next start");
      throw jobs::Interrupted();
    } catch (const ReplicationError& e) {
      if (ctx.stop_requested() || timed_out) {  // a side failed because of the stop
        if (timed_out) return {"error", timeout_message(o_.task_timeout_ms)};
        if (ctx.stopped()) return {"stopped", ""};
        throw jobs::Interrupted();
      }
      if (!e.transient || attempt >= o_.max_retries) return {"error", e.what()};
      int64_t wait = e.retry_after_s > 0 ? int64_t(e.retry_after_s) * 1000
                                         : std::min<int64_t>(int64_t(1000) << attempt, 60000);
      log(std::string("transient error: ") + e.what() + "; retry " + std::to_string(attempt + 1) +
          " of " + std::to_string(o_.max_retries) + " in " + std::to_string(wait / 1000) + " s");
      if (!pause(wait, should_stop)) {
        if (timed_out) return {"error", e.what()};
        if (ctx.stopped()) return {"stopped", ""};
        throw jobs::Interrupted();
      }
    } catch (const std::exception& e) {
      return {"error", e.what()};
    }
  }
}

}  // namespace berth::replication
