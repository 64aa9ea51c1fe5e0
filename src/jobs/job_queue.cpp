#include "jobs/job_queue.h"
#include "base/clock.h"

#include <spdlog/spdlog.h>

#include <chrono>

namespace berth::jobs {

namespace {
// Errors are shown to users: keep them to one bounded line.
std::string short_error(std::string e) {
  if (e.size() > 2000) e.resize(2000);
  return e;
}
}  // namespace

JobQueue::JobQueue(JobStore& store, QueueOptions options) : store_(store), options_(options) {
  if (options_.workers < 1) options_.workers = 1;
}

JobQueue::~JobQueue() {
  shutdown();
}

void JobQueue::register_handler(const std::string& kind, Handler handler) {
  std::lock_guard lock(mu_);
  handlers_[kind] = std::move(handler);
}

void JobQueue::start() {
  // Jobs a dead process left running: run again, unless they keep dying.
  int64_t now = base::now_millis();
  int requeued = !options_.recover ? 0 :
      store_.recover({.max_attempts = options_.max_attempts,
                      .give_up_error = "interrupted " + std::to_string(options_.max_attempts) +
                                       " times (the process stopped while it ran); not retried",
                      .now = now,
                      .delete_finished_before = now - options_.keep_finished_ms});
  if (requeued) spdlog::info("jobs: {} interrupted job(s) queued again", requeued);
  shutdown_ = false;
  for (int i = 0; i < options_.workers; ++i) workers_.emplace_back([this] { work(); });
}

void JobQueue::shutdown() {
  {
    std::lock_guard lock(mu_);
    if (workers_.empty()) return;
    shutdown_ = true;
    ++wakeups_;
  }
  cv_.notify_all();
  for (auto& t : workers_) t.join();
  workers_.clear();
}

EnqueueResult JobQueue::enqueue(const std::string& kind, const std::string& payload,
                                const std::optional<std::string>& dedupe_key) {
  EnqueueResult res = store_.add(kind, payload, dedupe_key, base::now_millis());
  if (!res.created) return res;
  {
    std::lock_guard lock(mu_);
    ++wakeups_;
  }
  cv_.notify_one();
  return res;
}

bool JobQueue::stop(int64_t id) {
  {
    std::lock_guard lock(mu_);
    if (auto it = running_.find(id); it != running_.end()) {
      *it->second = true;
      return true;
    }
  }
  return store_.stop_pending(id, base::now_millis());
}

std::optional<Job> JobQueue::get(int64_t id) const {
  return store_.find(id);
}

std::optional<int64_t> JobQueue::active_job(const std::string& dedupe_key) const {
  return store_.active_job(dedupe_key);
}

std::map<std::string, int64_t> JobQueue::execution_counts(const std::string& kind,
                                                          int64_t execution) const {
  return store_.count_by_status(kind, execution);
}

std::vector<int64_t> JobQueue::execution_active_jobs(const std::string& kind,
                                                     int64_t execution) const {
  return store_.active_jobs(kind, execution);
}

std::optional<Job> JobQueue::claim() {
  std::vector<std::string> kinds;
  {
    std::lock_guard lock(mu_);
    for (const auto& [k, h] : handlers_) kinds.push_back(k);
  }
  if (kinds.empty()) return std::nullopt;
  return store_.claim(kinds, base::now_millis());
}

void JobQueue::finish(int64_t id, const std::string& status, const std::string& error) {
  if (status == "pending")
    store_.release(id);
  else
    store_.finish(id, status, short_error(error), base::now_millis());
}

void JobQueue::run(Job& job) {
  auto stop = std::make_shared<std::atomic<bool>>(false);
  Handler handler;
  {
    std::lock_guard lock(mu_);
    running_[job.id] = stop;
    handler = handlers_.at(job.kind);
  }
  std::string status = "success", error;
  try {
    JobContext ctx(*stop, shutdown_);
    handler(job, ctx);
    if (*stop) status = "stopped";
  } catch (const Interrupted&) {
    status = *stop ? "stopped" : "pending";  // run again at the next start
  } catch (const std::exception& e) {
    status = *stop ? "stopped" : "error";
    error = e.what();
  } catch (...) {
    status = "error";
    error = "unknown error";
  }
  {
    std::lock_guard lock(mu_);
    running_.erase(job.id);
  }
  if (status == "error") spdlog::warn("job {} ({}) failed: {}", job.id, job.kind, error);
  finish(job.id, status, error);
}

void JobQueue::work() {
  uint64_t seen = 0;
  while (!shutdown_) {
    std::optional<Job> job;
    try {
      job = claim();
    } catch (const std::exception& e) {
      spdlog::error("jobs: cannot claim a job: {}", e.what());
    }
    if (job) {
      try {
        run(*job);
      } catch (const std::exception& e) {
        spdlog::error("jobs: cannot record the end of job {}: {}", job->id, e.what());
      }
      continue;
    }
    std::unique_lock lock(mu_);
    // Poll now and then as well: another instance may have queued work.
    cv_.wait_for(lock, std::chrono::seconds(1), [&] { return shutdown_ || wakeups_ != seen; });
    seen = wakeups_;
  }
}

}  // namespace berth::jobs
