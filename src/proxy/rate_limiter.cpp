#include "proxy/rate_limiter.h"

#include <algorithm>
#include <thread>

namespace berth::proxy {

void RateLimiter::set_rate(int64_t kb_per_second) {
  std::lock_guard lock(mutex_);
  bytes_per_second_ = kb_per_second > 0 ? double(kb_per_second) * 1024.0 : 0;
}

int64_t RateLimiter::rate_kb() const {
  std::lock_guard lock(mutex_);
  return int64_t(bytes_per_second_ / 1024.0);
}

void RateLimiter::consume(uint64_t bytes) {
  double wait_seconds = 0;
  {
    std::lock_guard lock(mutex_);
    if (bytes_per_second_ <= 0) return;
    auto now = Clock::now();
    double elapsed = std::chrono::duration<double>(now - last_).count();
    last_ = now;
    // At most a quarter second of burst, so a limit holds over short windows too.
    credit_ = std::min(credit_ + elapsed * bytes_per_second_, bytes_per_second_ / 4);
    credit_ -= double(bytes);
    if (credit_ < 0) wait_seconds = -credit_ / bytes_per_second_;
  }
  if (wait_seconds > 0) std::this_thread::sleep_for(std::chrono::duration<double>(wait_seconds));
}

}  // namespace berth::proxy
