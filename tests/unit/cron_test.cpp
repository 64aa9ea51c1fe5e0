#include "jobs/cron.h"

#include <gtest/gtest.h>

#include <ctime>

using berth::jobs::Cron;

namespace {
int64_t utc(int y, int mo, int d, int h, int mi, int s) {
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  return int64_t(timegm(&tm));
}
}  // namespace

TEST(CronTest, DailyAtMidnight) {
  auto c = Cron::parse("0 0 0 * * *");
  EXPECT_EQ(c.next(utc(2026, 11, 28, 13, 31, 0)), utc(2026, 11, 29, 0, 0, 0));
  // Strictly after.
  EXPECT_EQ(c.next(utc(2026, 11, 29, 0, 0, 0)), utc(2026, 11, 30, 0, 0, 0));
  // Month and year rollover.
  EXPECT_EQ(c.next(utc(2026, 12, 31, 23, 59, 59)), utc(2027, 1, 1, 0, 0, 0));
}

TEST(CronTest, HourlyWeeklyAndSteps) {
  EXPECT_EQ(Cron::parse("0 0 * * * *").next(utc(2026, 1, 1, 5, 0, 0)), utc(2026, 1, 1, 6, 0, 0));
  // 2026-11-28 is a Saturday; next Sunday midnight.
  EXPECT_EQ(Cron::parse("0 0 0 * * 0").next(utc(2026, 11, 28, 10, 0, 0)),
            utc(2026, 11, 29, 0, 0, 0));
  EXPECT_EQ(Cron::parse("0 0 0 * * SUN").next(utc(2026, 11, 28, 10, 0, 0)),
            utc(2026, 11, 29, 0, 0, 0));
  EXPECT_EQ(Cron::parse("*/15 * * * * *").next(utc(2026, 1, 1, 0, 0, 16)),
            utc(2026, 1, 1, 0, 0, 30));
  EXPECT_EQ(Cron::parse("0 30 9-17/4 * * MON-FRI").next(utc(2026, 11, 28, 0, 0, 0)),
            utc(2026, 11, 30, 9, 30, 0));
  EXPECT_EQ(Cron::parse("0 0 12 1,15 * ?").next(utc(2026, 2, 2, 0, 0, 0)),
            utc(2026, 2, 15, 12, 0, 0));
  EXPECT_EQ(Cron::parse("0 0 0 1 JAN *").next(utc(2026, 2, 2, 0, 0, 0)), utc(2027, 1, 1, 0, 0, 0));
  // Leap day.
  EXPECT_EQ(Cron::parse("0 0 0 29 2 *").next(utc(2026, 3, 1, 0, 0, 0)), utc(2028, 2, 29, 0, 0, 0));
}

TEST(CronTest, DayOfMonthOrDayOfWeekWhenBothRestricted) {
  // The 13th or any Friday, as standard cron does.
  auto c = Cron::parse("0 0 0 13 * 5");
  EXPECT_EQ(c.next(utc(2026, 11, 1, 0, 0, 0)), utc(2026, 11, 6, 0, 0, 0));    // Friday 6th
  EXPECT_EQ(c.next(utc(2026, 11, 11, 0, 0, 0)), utc(2026, 11, 13, 0, 0, 0));  // Friday the 13th
}

TEST(CronTest, NeverFiring) {
  EXPECT_FALSE(Cron::parse("0 0 0 30 2 *").next(utc(2026, 1, 1, 0, 0, 0)));
}

TEST(CronTest, RejectsBadExpressions) {
  for (const char* bad :
       {"", "* * * * *", "0 0 0 * * * *", "60 * * * * *", "0 60 * * * *", "0 0 24 * * *",
        "0 0 0 0 * *", "0 0 0 32 * *", "0 0 0 * 13 *", "0 0 0 * * 8", "a b c d e f",
        "0 0 0 5-1 * *", "0 0 0 * * MOX", "*/0 * * * * *", "1-2-3 * * * * *", "0 0 0 * * 1/2/3",
        "99999999999 * * * * *"})
    EXPECT_THROW(Cron::parse(bad), std::invalid_argument) << bad;
}
