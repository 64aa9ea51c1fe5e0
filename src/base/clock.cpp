#include "base/clock.h"

#include <chrono>
#include <ctime>

namespace berth::base {

int64_t now_millis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

int64_t now_seconds() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

std::string utc_time(int64_t unix_seconds, const char* format) {
  std::time_t t = std::time_t(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::size_t n = std::strftime(buf, sizeof buf, format, &tm);
  return std::string(buf, n);
}

std::string rfc3339(int64_t unix_seconds) {
  return utc_time(unix_seconds, "%Y-%m-%dT%H:%M:%SZ");
}

std::string now_rfc3339() {
  return rfc3339(now_seconds());
}

}  // namespace berth::base
