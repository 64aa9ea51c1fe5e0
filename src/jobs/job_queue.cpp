#include "jobs/job_queue.h"
#include "base/clock.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "db/sqlite.h"

namespace berth::jobs {

namespace {
constexpr const char* kColumns =
    "id, kind, payload, status, attempts, dedupe_key, error, created_at, started_at, finished_at";

Job read_job(db::Statement& st) {
  Job j;
  j.id = st.int64(0);
  j.kind = st.text(1);
  j.payload = st.text(2);
  j.status = st.text(3);
  j.attempts = int(st.int64(4));
  if (!st.is_null(5)) j.dedupe_key = st.text(5);
  j.error = st.text(6);
  j.created_at = st.int64(7);
  if (!st.is_null(8)) j.started_at = st.int64(8);
  if (!st.is_null(9)) j.finished_at = st.int64(9);
  return j;
}

// Errors are shown to users: keep them to one bounded line.
std::string short_error(std::string e) {
  if (e.size() > 2000) e.resize(2000);
  return e;
}
}  // namespace

JobQueue::JobQueue(db::Pool& db, QueueOptions options) : db_(db), options_(options) {
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
  {
    auto c = db_.acquire();
    db::Transaction tx(*c);
    // Jobs a dead process left running: run again, unless they keep dying.
    c->prepare(
         "UPDATE jobs SET status = 'error', finished_at = ?, error = ? "
         "WHERE status = 'running' AND attempts >= ?")
        .bind(1, base::now_millis())
        .bind(2, "interrupted " + std::to_string(options_.max_attempts) +
                     " times (the process stopped while it ran); not retried")
        .bind(3, options_.max_attempts)
        .run();
    c->prepare("UPDATE jobs SET status = 'pending' WHERE status = 'running'").run();
    int requeued = c->changes();
    c->prepare(
         "DELETE FROM jobs WHERE status IN ('success', 'error', 'stopped') AND finished_at < ?")
        .bind(1, base::now_millis() - options_.keep_finished_ms)
        .run();
    tx.commit();
    if (requeued) spdlog::info("jobs: {} interrupted job(s) queued again", requeued);
  }
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
  auto c = db_.acquire();
  db::Transaction tx(*c);
  if (dedupe_key) {
    auto st =
        c->prepare("SELECT id FROM jobs WHERE dedupe_key = ? AND status IN ('pending', 'running')");
    st.bind(1, *dedupe_key);
    if (st.step()) return {st.int64(0), false};
  }
  c->prepare(
       "INSERT INTO jobs(kind, payload, status, dedupe_key, created_at) "
       "VALUES (?, ?, 'pending', ?, ?)")
      .bind(1, kind)
      .bind(2, payload)
      .bind(3, dedupe_key)
      .bind(4, base::now_millis())
      .run();
  int64_t id = c->last_insert_id();
  tx.commit();
  {
    std::lock_guard lock(mu_);
    ++wakeups_;
  }
  cv_.notify_one();
  return {id, true};
}

bool JobQueue::stop(int64_t id) {
  {
    std::lock_guard lock(mu_);
    if (auto it = running_.find(id); it != running_.end()) {
      *it->second = true;
      return true;
    }
  }
  auto c = db_.acquire();
  c->prepare(
       "UPDATE jobs SET status = 'stopped', finished_at = ? WHERE id = ? AND status = 'pending'")
      .bind(1, base::now_millis())
      .bind(2, id)
      .run();
  return c->changes() > 0;
}

std::optional<Job> JobQueue::get(int64_t id) const {
  auto c = db_.acquire();
  auto st = c->prepare(std::string("SELECT ") + kColumns + " FROM jobs WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return read_job(st);
}

std::optional<int64_t> JobQueue::active_job(const std::string& dedupe_key) const {
  auto c = db_.acquire();
  auto st =
      c->prepare("SELECT id FROM jobs WHERE dedupe_key = ? AND status IN ('pending', 'running')");
  st.bind(1, dedupe_key);
  if (!st.step()) return std::nullopt;
  int64_t id = st.int64(0);
  st.reset();
  return id;
}

std::optional<Job> JobQueue::claim() {
  std::string kinds;
  std::vector<std::string> names;
  {
    std::lock_guard lock(mu_);
    for (const auto& [k, h] : handlers_) {
      kinds += kinds.empty() ? "?" : ", ?";
      names.push_back(k);
    }
  }
  if (names.empty()) return std::nullopt;
  auto c = db_.acquire();
  // One statement, so two workers (or two instances) never claim the same job.
  auto st = c->prepare(std::string("UPDATE jobs SET status = 'running', attempts = attempts + 1, "
                                   "started_at = ?, error = '' WHERE id = (SELECT id FROM jobs "
                                   "WHERE status = 'pending' AND kind IN (") +
                       kinds + ") ORDER BY id LIMIT 1) RETURNING " + kColumns);
  st.bind(1, base::now_millis());
  for (size_t i = 0; i < names.size(); ++i) st.bind(int(i) + 2, names[i]);
  if (!st.step()) return std::nullopt;
  Job j = read_job(st);
  st.reset();
  return j;
}

void JobQueue::finish(int64_t id, const std::string& status, const std::string& error) {
  auto c = db_.acquire();
  if (status == "pending") {
    c->prepare(
         "UPDATE jobs SET status = 'pending', attempts = MAX(attempts - 1, 0) "
         "WHERE id = ? AND status = 'running'")
        .bind(1, id)
        .run();
    return;
  }
  c->prepare("UPDATE jobs SET status = ?, error = ?, finished_at = ? WHERE id = ?")
      .bind(1, status)
      .bind(2, short_error(error))
      .bind(3, base::now_millis())
      .bind(4, id)
      .run();
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
