// A project's upstream bandwidth limit (Harbor's proxy_speed_kb): a token bucket shared by all
// downloads of the project; consume() sleeps the downloading thread as long as needed.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>

namespace berth::proxy {

class RateLimiter {
 public:
  // kb_per_second <= 0: unlimited.
  explicit RateLimiter(int64_t kb_per_second = 0) { set_rate(kb_per_second); }

  void set_rate(int64_t kb_per_second);
  int64_t rate_kb() const;
  void consume(uint64_t bytes);

 private:
  using Clock = std::chrono::steady_clock;
  mutable std::mutex mutex_;
  double bytes_per_second_ = 0;
  double credit_ = 0;  // may go negative: the debt a caller sleeps off
  Clock::time_point last_ = Clock::now();
};

}  // namespace berth::proxy
