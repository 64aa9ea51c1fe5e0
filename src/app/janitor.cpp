#include "app/janitor.h"

#include <spdlog/spdlog.h>

namespace berth::app {

Janitor::Janitor(const store::UploadStore& uploads, int upload_expiry_hours,
                 std::chrono::seconds interval)
    : uploads_(uploads), max_age_seconds_(int64_t(upload_expiry_hours) * 3600), interval_(interval) {
  thread_ = std::thread([this] {
    std::unique_lock lk(mu_);
    while (!stop_) {
      lk.unlock();
      run_once();
      lk.lock();
      cv_.wait_for(lk, interval_, [this] { return stop_; });
    }
  });
}

Janitor::~Janitor() {
  {
    std::lock_guard lk(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void Janitor::run_once() {
  try {
    if (size_t n = uploads_.purge_stale(max_age_seconds_))
      spdlog::info("removed {} abandoned uploads older than {} hours", n, max_age_seconds_ / 3600);
  } catch (const std::exception& e) {
    spdlog::warn("upload cleanup failed: {}", e.what());
  }
}

}  // namespace berth::app
