#include "auth/login_limiter.h"

#include <algorithm>

namespace berth::auth {

namespace {
// The name goes last: an address never contains '\n', so no two pairs share a key.
std::string pair_key(const std::string& user, const std::string& address) {
  return "p:" + address + "\n" + user;
}
std::string address_key(const std::string& address) {
  return "a:" + address;
}
}  // namespace

int64_t LoginLimiter::remaining(const std::string& key, Clock::time_point now) const {
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second.locked_until <= now) return 0;
  auto left = std::chrono::ceil<std::chrono::seconds>(it->second.locked_until - now);
  return std::max<int64_t>(1, left.count());
}

int64_t LoginLimiter::locked_for(const std::string& user, const std::string& address,
                                 Clock::time_point now) {
  std::lock_guard lk(mu_);
  int64_t u = user.empty() ? 0 : remaining(pair_key(user, address), now);
  int64_t a = address.empty() ? 0 : remaining(address_key(address), now);
  return std::max(u, a);
}

void LoginLimiter::fail(const std::string& key, int threshold, Clock::time_point now) {
  if (entries_.size() >= policy_.max_entries && !entries_.count(key)) return;  // see prune()
  Entry& e = entries_[key];
  // A key quiet for longer than the longest lock starts over with the shortest delay.
  if (e.locks > 0 && now - e.last_seen > policy_.max_lock + policy_.window) e.locks = 0;
  if (e.failures == 0 || now - e.window_start > policy_.window) {
    e.window_start = now;
    e.failures = 0;
  }
  e.last_seen = now;
  if (++e.failures < threshold) return;
  auto delay = policy_.first_lock * (int64_t(1) << std::min(e.locks, 20));
  e.locked_until = now + std::min<std::chrono::seconds>(delay, policy_.max_lock);
  ++e.locks;
  e.failures = 0;
}

void LoginLimiter::record_failure(const std::string& user, const std::string& address,
                                  Clock::time_point now) {
  std::lock_guard lk(mu_);
  if (entries_.size() >= policy_.max_entries) prune(now);
  if (!user.empty()) fail(pair_key(user, address), policy_.user_failures, now);
  if (!address.empty()) fail(address_key(address), policy_.address_failures, now);
}

void LoginLimiter::record_success(const std::string& user, const std::string& address) {
  std::lock_guard lk(mu_);
  entries_.erase(pair_key(user, address));
}

void LoginLimiter::prune(Clock::time_point now) {
  for (auto it = entries_.begin(); it != entries_.end();) {
    bool stale = it->second.locked_until <= now && now - it->second.last_seen > policy_.window;
    it = stale ? entries_.erase(it) : std::next(it);
  }
  // Still full (a flood of distinct names): drop counters that have not locked anything yet.
  // Locks are kept, so a flood cannot be used to lift them; new keys are not tracked while full.
  if (entries_.size() < policy_.max_entries) return;
  for (auto it = entries_.begin(); it != entries_.end();)
    it = it->second.locked_until <= now ? entries_.erase(it) : std::next(it);
}

}  // namespace berth::auth
