// Slows down password guessing without letting a guesser lock a user out: failed logins are
// counted per (user name, client address) and per client address; too many in a window lock
// that key for a delay that doubles with every lock, up to a ceiling. A name is never locked
// for every address, so 50 bad logins for admin from one client leave admin free to log in
// from elsewhere, while that client stays throttled. In memory and per instance (a restart
// forgets it), which is enough to turn an online guessing attack from thousands of tries a
// minute into a handful per address.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace berth::auth {

struct LoginLimiterPolicy {
  int user_failures = 5;      // failures per (user name, address) within `window` before a lock
  int address_failures = 20;  // per client address, whatever the names (NAT and CI share them)
  std::chrono::seconds window{300};
  std::chrono::seconds first_lock{60};  // doubles with each further lock of the same key
  std::chrono::seconds max_lock{900};
  size_t max_entries = 100000;  // memory bound; stale entries are dropped beyond it
};

class LoginLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  explicit LoginLimiter(LoginLimiterPolicy policy = {}) : policy_(policy) {}

  // Seconds until this user may try again from this address; 0 when not locked.
  int64_t locked_for(const std::string& user, const std::string& address, Clock::time_point now);
  void record_failure(const std::string& user, const std::string& address, Clock::time_point now);
  // A correct password clears the count of (user, address). The address keeps its own count,
  // so one valid account cannot be used to reset it while guessing others from there.
  void record_success(const std::string& user, const std::string& address);

  int64_t locked_for(const std::string& user, const std::string& address) {
    return locked_for(user, address, Clock::now());
  }
  void record_failure(const std::string& user, const std::string& address) {
    record_failure(user, address, Clock::now());
  }

 private:
  struct Entry {
    Clock::time_point window_start{};
    int failures = 0;
    int locks = 0;  // consecutive locks: sets the next delay
    Clock::time_point locked_until{};
    Clock::time_point last_seen{};
  };
  void fail(const std::string& key, int threshold, Clock::time_point now);
  int64_t remaining(const std::string& key, Clock::time_point now) const;
  void prune(Clock::time_point now);

  LoginLimiterPolicy policy_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace berth::auth
