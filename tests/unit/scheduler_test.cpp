#include "jobs/scheduler.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

using berth::jobs::Cron;
using berth::jobs::Scheduler;

TEST(SchedulerTest, FiresOnScheduleAndStopsWhenRemoved) {
  Scheduler s;
  std::atomic<int> fired{0};
  s.set("every-second", Cron::parse("* * * * * *"), [&] { ++fired; });
  EXPECT_TRUE(s.next_run("every-second").has_value());
  EXPECT_FALSE(s.next_run("other").has_value());
  s.start();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(4);
  while (fired < 2 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_GE(fired, 2);
  s.set("every-second", std::nullopt, nullptr);
  EXPECT_FALSE(s.next_run("every-second").has_value());
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  int now = fired;
  std::this_thread::sleep_for(std::chrono::milliseconds(1300));
  EXPECT_EQ(fired, now);
  s.stop();
}

TEST(SchedulerTest, AThrowingTaskDoesNotStopTheOthers) {
  Scheduler s;
  std::atomic<int> fired{0};
  s.set("bad", Cron::parse("* * * * * *"), [] { throw std::runtime_error("boom"); });
  s.set("good", Cron::parse("* * * * * *"), [&] { ++fired; });
  s.start();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (fired < 1 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_GE(fired, 1);
}
