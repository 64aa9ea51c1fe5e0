#include "jobs/scheduler.h"
#include "base/clock.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <vector>

namespace berth::jobs {

Scheduler::~Scheduler() {
  stop();
}

void Scheduler::set(const std::string& name, std::optional<Cron> cron, std::function<void()> fn) {
  {
    std::lock_guard lock(mu_);
    if (!cron) {
      entries_.erase(name);
    } else {
      auto next = cron->next(base::now_seconds());
      entries_.insert_or_assign(name, Entry{std::move(*cron), std::move(fn), next});
    }
  }
  cv_.notify_all();
}

std::optional<int64_t> Scheduler::next_run(const std::string& name) const {
  std::lock_guard lock(mu_);
  auto it = entries_.find(name);
  if (it == entries_.end()) return std::nullopt;
  return it->second.next;
}

void Scheduler::start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { loop(); });
}

void Scheduler::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Scheduler::loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    int64_t now = base::now_seconds();
    std::vector<std::function<void()>> due;
    for (auto& [name, e] : entries_) {
      if (e.next && *e.next <= now) {
        due.push_back(e.fn);
        e.next = e.cron.next(now);
      }
    }
    if (!due.empty()) {
      lock.unlock();
      for (auto& fn : due) {
        try {
          fn();
        } catch (const std::exception& ex) {
          spdlog::error("scheduler: a scheduled task failed: {}", ex.what());
        }
      }
      lock.lock();
      continue;
    }
    cv_.wait_for(lock, std::chrono::milliseconds(500));
  }
}

}  // namespace berth::jobs
