#include "http/range.h"

#include <charconv>

namespace berth::http {

namespace {
std::optional<uint64_t> parse_u64(std::string_view s) {
  if (s.empty()) return std::nullopt;
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}
}  // namespace

RangeResult parse_range(std::string_view header, uint64_t size) {
  header = trim(header);
  if (!header.starts_with("bytes=")) return {};
  auto spec = trim(header.substr(6));
  if (spec.find(',') != std::string_view::npos) return {};
  auto dash = spec.find('-');
  if (dash == std::string_view::npos) return {RangeStatus::kUnsatisfiable, {}};
  auto a = trim(spec.substr(0, dash)), b = trim(spec.substr(dash + 1));
  if (a.empty()) {  // suffix range: last N bytes
    auto n = parse_u64(b);
    if (!n) return {RangeStatus::kUnsatisfiable, {}};
    if (*n == 0 || size == 0) return {RangeStatus::kUnsatisfiable, {}};
    uint64_t len = std::min(*n, size);
    return {RangeStatus::kSatisfiable, {size - len, size - 1}};
  }
  auto first = parse_u64(a);
  if (!first) return {RangeStatus::kUnsatisfiable, {}};
  if (*first >= size) return {RangeStatus::kUnsatisfiable, {}};
  uint64_t last = size - 1;
  if (!b.empty()) {
    auto l = parse_u64(b);
    if (!l || *l < *first) return {RangeStatus::kUnsatisfiable, {}};
    last = std::min(*l, size - 1);
  }
  return {RangeStatus::kSatisfiable, {*first, last}};
}

std::optional<ByteRange> parse_content_range(std::string_view header) {
  auto s = trim(header);
  if (s.starts_with("bytes=")) s.remove_prefix(6);
  else if (s.starts_with("bytes ")) s.remove_prefix(6);
  s = trim(s);
  if (auto slash = s.find('/'); slash != std::string_view::npos) s = s.substr(0, slash);
  auto dash = s.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  auto first = parse_u64(s.substr(0, dash)), last = parse_u64(s.substr(dash + 1));
  if (!first || !last || *last < *first) return std::nullopt;
  return ByteRange{*first, *last};
}

}  // namespace berth::http
