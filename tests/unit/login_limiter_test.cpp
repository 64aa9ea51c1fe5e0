#include "auth/login_limiter.h"

#include <gtest/gtest.h>

using namespace berth::auth;
using namespace std::chrono_literals;

namespace {
LoginLimiter::Clock::time_point t0 = LoginLimiter::Clock::time_point() + 1000h;
}

TEST(LoginLimiter, LocksANameAfterFiveFailuresFromOneAddress) {
  LoginLimiter l;
  for (int i = 0; i < 4; ++i) l.record_failure("alice", "10.0.0.1", t0 + i * 1s);
  EXPECT_EQ(l.locked_for("alice", "10.0.0.1", t0 + 5s), 0);
  l.record_failure("alice", "10.0.0.1", t0 + 5s);
  EXPECT_EQ(l.locked_for("alice", "10.0.0.1", t0 + 5s), 60);
  EXPECT_EQ(l.locked_for("bob", "10.0.0.1", t0 + 5s), 0);  // the address is below its limit
  EXPECT_EQ(l.locked_for("alice", "10.0.0.1", t0 + 65s), 0);
}

// The defect of issue 12: 50 bad logins for admin from one client locked admin out everywhere.
TEST(LoginLimiter, AGuesserCannotLockANameOutForOtherAddresses) {
  LoginLimiter l;
  for (int i = 0; i < 50; ++i)
    if (l.locked_for("admin", "10.0.0.66", t0) == 0) l.record_failure("admin", "10.0.0.66", t0);
  EXPECT_GT(l.locked_for("admin", "10.0.0.66", t0), 0);  // the guesser stays throttled
  EXPECT_EQ(l.locked_for("admin", "10.0.0.2", t0), 0);   // the real admin is not
  // Still refused when the guesser then hits the right password.
  EXPECT_GT(l.locked_for("admin", "10.0.0.66", t0 + 10s), 0);
}

TEST(LoginLimiter, GuessingManyNamesFromOneAddressLocksTheAddress) {
  LoginLimiter l;
  for (int i = 0; i < 19; ++i) l.record_failure("user" + std::to_string(i), "a", t0);
  EXPECT_EQ(l.locked_for("someone", "a", t0), 0);
  l.record_failure("user19", "a", t0);
  EXPECT_EQ(l.locked_for("someone", "a", t0), 60);  // every name, from that address
  EXPECT_EQ(l.locked_for("someone", "b", t0), 0);
}

TEST(LoginLimiter, FailuresOutsideTheWindowDoNotAddUp) {
  LoginLimiter l;
  for (int i = 0; i < 4; ++i) l.record_failure("alice", "a", t0 + i * 1s);
  l.record_failure("alice", "a", t0 + 301s);
  EXPECT_EQ(l.locked_for("alice", "a", t0 + 301s), 0);
}

TEST(LoginLimiter, DelayDoublesUpToTheCeiling) {
  LoginLimiter l;
  auto now = t0;
  std::vector<int64_t> delays;
  for (int lock = 0; lock < 6; ++lock) {
    for (int i = 0; i < 5; ++i) l.record_failure("alice", "", now);
    delays.push_back(l.locked_for("alice", "", now));
    now += std::chrono::seconds(delays.back());
  }
  EXPECT_EQ(delays, (std::vector<int64_t>{60, 120, 240, 480, 900, 900}));
}

TEST(LoginLimiter, SuccessResetsThePairButNotTheAddress) {
  LoginLimiter l;
  for (int i = 0; i < 4; ++i) l.record_failure("alice", "a", t0);
  l.record_success("alice", "a");
  l.record_failure("alice", "a", t0);
  EXPECT_EQ(l.locked_for("alice", "a", t0), 0);
  // 20 failures from one address lock the address, for every name.
  for (int i = 0; i < 15; ++i) l.record_failure("user" + std::to_string(i), "a", t0);
  EXPECT_GT(l.locked_for("carol", "a", t0), 0);
  l.record_success("carol", "a");
  EXPECT_GT(l.locked_for("carol", "a", t0), 0);
  EXPECT_EQ(l.locked_for("carol", "b", t0), 0);
}

TEST(LoginLimiter, StaysBoundedAndKeepsLocksUnderAFlood) {
  LoginLimiterPolicy p;
  p.max_entries = 100;
  LoginLimiter l(p);
  for (int i = 0; i < 5; ++i) l.record_failure("victim", "", t0);
  for (int i = 0; i < 10000; ++i) l.record_failure("flood" + std::to_string(i), "", t0);
  EXPECT_GT(l.locked_for("victim", "", t0), 0);
}
