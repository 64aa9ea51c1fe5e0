#include "jobs/cron.h"

#include <algorithm>
#include <array>
#include <ctime>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace berth::jobs {

namespace {
struct FieldSpec {
  const char* name;
  int min, max;
  const char* const* names;  // optional, index 0 = min
};
const char* const kMonths[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",  "JUL",
                               "AUG", "SEP", "OCT", "NOV", "DEC", nullptr};
const char* const kDays[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT", nullptr};

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

int number(const std::string& s, const FieldSpec& f) {
  auto bad = [&] {
    return std::invalid_argument(std::string("cron field '") + f.name + "': bad value '" + s + "'");
  };
  if (s.empty() || s.size() > 3) throw bad();
  if (f.names) {
    std::string up = s;
    std::transform(up.begin(), up.end(), up.begin(), ::toupper);
    for (int i = 0; f.names[i]; ++i)
      if (up == f.names[i]) return f.min + i;
  }
  if (s.find_first_not_of("0123456789") != std::string::npos) throw bad();
  int v = std::stoi(s);
  if (f.max == 6 && v == 7) v = 0;  // Sunday as 7
  if (v < f.min || v > f.max) throw bad();
  return v;
}

// Sets the bits of one field; returns true when the field is "*" or "?".
template <size_t N>
bool parse_field(const std::string& text, const FieldSpec& f, std::bitset<N>& bits) {
  bool any = text == "*" || text == "?";
  for (const auto& part : split(text, ',')) {
    auto slash = split(part, '/');
    if (slash.size() > 2)
      throw std::invalid_argument(std::string("cron field '") + f.name + "': bad step");
    int step = 1;
    if (slash.size() == 2) {
      step = number(slash[1], {f.name, 1, 59, nullptr});
    }
    int lo, hi;
    const std::string& range = slash[0];
    if (range == "*" || range == "?") {
      lo = f.min;
      hi = f.max;
    } else {
      auto dash = split(range, '-');
      if (dash.size() > 2)
        throw std::invalid_argument(std::string("cron field '") + f.name + "': bad range");
      lo = number(dash[0], f);
      hi = dash.size() == 2 ? number(dash[1], f) : (slash.size() == 2 ? f.max : lo);
      if (hi < lo)
        throw std::invalid_argument(std::string("cron field '") + f.name + "': empty range");
    }
    for (int v = lo; v <= hi; v += step) bits.set(size_t(v));
  }
  return any;
}
}  // namespace

Cron Cron::parse(const std::string& expr) {
  std::istringstream in(expr);
  std::vector<std::string> fields;
  std::string f;
  while (in >> f) fields.push_back(f);
  if (fields.size() != 6)
    throw std::invalid_argument(
        "a cron expression has 6 fields (sec min hour day month weekday), got " +
        std::to_string(fields.size()));
  Cron c;
  c.expr_ = expr;
  parse_field(fields[0], {"second", 0, 59, nullptr}, c.sec_);
  parse_field(fields[1], {"minute", 0, 59, nullptr}, c.min_);
  parse_field(fields[2], {"hour", 0, 23, nullptr}, c.hour_);
  c.dom_any_ = parse_field(fields[3], {"day of month", 1, 31, nullptr}, c.dom_);
  parse_field(fields[4], {"month", 1, 12, kMonths}, c.month_);
  c.dow_any_ = parse_field(fields[5], {"day of week", 0, 6, kDays}, c.dow_);
  return c;
}

std::optional<int64_t> Cron::next(int64_t after) const {
  time_t t = time_t(after) + 1;
  std::tm tm{};
  gmtime_r(&t, &tm);
  int start_year = tm.tm_year;
  auto normalize = [&] {
    tm.tm_isdst = 0;
    time_t n = timegm(&tm);
    gmtime_r(&n, &tm);
  };
  // Walk forward, jumping a whole unit whenever that unit cannot match (robfig/cron's way).
  while (tm.tm_year - start_year <= 5) {
    if (!month_.test(size_t(tm.tm_mon + 1))) {
      tm.tm_mon += 1;
      tm.tm_mday = 1;
      tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
      normalize();
      continue;
    }
    bool dom_ok = dom_.test(size_t(tm.tm_mday)), dow_ok = dow_.test(size_t(tm.tm_wday));
    // Standard cron: both restricted → either may match; otherwise both must.
    bool day_ok = (dom_any_ || dow_any_) ? (dom_ok && dow_ok) : (dom_ok || dow_ok);
    if (!day_ok) {
      tm.tm_mday += 1;
      tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
      normalize();
      continue;
    }
    if (!hour_.test(size_t(tm.tm_hour))) {
      tm.tm_hour += 1;
      tm.tm_min = tm.tm_sec = 0;
      normalize();
      continue;
    }
    if (!min_.test(size_t(tm.tm_min))) {
      tm.tm_min += 1;
      tm.tm_sec = 0;
      normalize();
      continue;
    }
    if (!sec_.test(size_t(tm.tm_sec))) {
      tm.tm_sec += 1;
      normalize();
      continue;
    }
    return int64_t(timegm(&tm));
  }
  return std::nullopt;
}

}  // namespace berth::jobs
