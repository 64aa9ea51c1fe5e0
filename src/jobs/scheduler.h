// Runs callbacks on cron schedules (jobs/cron.h) from one thread. Callbacks should only enqueue
// jobs (jobs/job_queue.h), which dedupe, so several instances firing together do no harm.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "jobs/cron.h"

namespace berth::jobs {

class Scheduler {
 public:
  Scheduler() = default;
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Sets (or with nullopt removes) the schedule called `name`.
  void set(const std::string& name, std::optional<Cron> cron, std::function<void()> fn);
  std::optional<int64_t> next_run(const std::string& name) const;
  void start();
  void stop();

 private:
  struct Entry {
    Cron cron;
    std::function<void()> fn;
    std::optional<int64_t> next;
  };
  void loop();

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, Entry> entries_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace berth::jobs
