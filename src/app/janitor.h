// Periodic housekeeping on a thread of its own: removes abandoned uploads.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "store/upload_store.h"

namespace berth::app {

class Janitor {
 public:
  Janitor(const store::UploadStore& uploads, int upload_expiry_hours,
          std::chrono::seconds interval = std::chrono::hours(1));
  ~Janitor();  // stops and joins
  Janitor(const Janitor&) = delete;
  Janitor& operator=(const Janitor&) = delete;

  void run_once();

 private:
  const store::UploadStore& uploads_;
  int64_t max_age_seconds_;
  std::chrono::seconds interval_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace berth::app
