#include "http/request.h"

namespace berth::http {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = char(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = char(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string_view Request::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (iequals(k, name)) return v;
  return {};
}

bool Request::has_header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (iequals(k, name)) return true;
  return false;
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  for (const auto& [k, v] : query)
    if (k == name) return v;
  return std::nullopt;
}

boost::asio::awaitable<std::string> Request::read_body(uint64_t limit) const {
  std::string out;
  if (!body) co_return out;
  if (auto len = body->declared_length()) {
    if (*len > limit) throw BodyTooLarge("request body too large");
    out.reserve(*len);
  }
  char buf[16384];
  while (true) {
    size_t n = co_await body->read_some(boost::asio::buffer(buf));
    if (n == 0) break;
    if (out.size() + n > limit) throw BodyTooLarge("request body too large");
    out.append(buf, n);
  }
  co_return out;
}

}  // namespace berth::http
