// Harbor's cron expressions: six fields "sec min hour day-of-month month day-of-week"
// (robfig/cron with seconds), e.g. "0 0 0 * * *" daily at midnight. Fields take *, ?, numbers,
// ranges a-b, lists a,b and steps */n or a-b/n; months and weekdays also by name (JAN, MON).
// Times are UTC.
#pragma once

#include <bitset>
#include <cstdint>
#include <optional>
#include <string>

namespace berth::jobs {

class Cron {
 public:
  // Throws std::invalid_argument naming the bad field.
  static Cron parse(const std::string& expr);
  // The first matching time strictly after `after` (unix seconds); nullopt when none within
  // five years (e.g. "0 0 0 30 2 *").
  std::optional<int64_t> next(int64_t after) const;
  const std::string& expression() const { return expr_; }

 private:
  std::string expr_;
  std::bitset<60> sec_, min_;
  std::bitset<24> hour_;
  std::bitset<32> dom_;    // 1..31
  std::bitset<13> month_;  // 1..12
  std::bitset<7> dow_;     // 0 = Sunday
  bool dom_any_ = false, dow_any_ = false;
};

}  // namespace berth::jobs
