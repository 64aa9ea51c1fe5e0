// Small helpers shared by the version comparators.
#pragma once

#include <string>
#include <string_view>

namespace berth::scan {

inline bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
inline bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
inline bool is_alnum(char c) {
  return is_digit(c) || is_alpha(c);
}
inline bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}
inline char to_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

inline int sign(int v) {
  return (v > 0) - (v < 0);
}

std::string_view trim(std::string_view s);
// A non-empty run of ASCII digits.
bool all_digits(std::string_view s);
// Digits without their leading zeros ("007" → "7", "0" stays "0").
std::string strip_leading_zeros(std::string_view d);
std::string to_lower(std::string_view s);

// Compares two runs of ASCII digits by value, at any length (leading zeros ignored).
int compare_digit_runs(std::string_view a, std::string_view b);

// Parses a decimal integer the way Go's strconv.Atoi does (optional sign, digits only,
// int64 range). Returns false on any other input.
bool parse_go_int(std::string_view s, long long& out);

// Splits on a literal separator (every occurrence, empty parts kept).
template <typename Fn>
void for_each_split(std::string_view s, std::string_view sep, Fn&& fn) {
  size_t start = 0;
  while (true) {
    size_t pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      fn(s.substr(start));
      return;
    }
    fn(s.substr(start, pos - start));
    start = pos + sep.size();
  }
}

}  // namespace berth::scan
