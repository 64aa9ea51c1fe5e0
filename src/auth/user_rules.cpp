#include "auth/user_rules.h"

#include <algorithm>

namespace berth::auth {

namespace {
bool has_any(std::string_view s, std::string_view chars) {
  return s.find_first_of(chars) != std::string_view::npos;
}
bool has_control(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return (unsigned char)c < 0x20 || c == 0x7f; });
}
}  // namespace

std::string username_problem(std::string_view u) {
  if (u.empty() || u.size() > 255) return "the username must be 1 to 255 characters long";
  // Harbor's list, plus ':' (it would split Basic credentials) and control characters.
  if (has_any(u, ",\"~#%$:") || has_control(u))
    return "the username contains illegal characters (, \" ~ # % $ : or control characters)";
  return "";
}

std::string email_problem(std::string_view e) {
  if (e.empty()) return "";
  if (e.size() > 255) return "the email must be at most 255 characters long";
  auto at = e.find('@');
  // local@domain.tld: one @, a non-empty local part, a dot inside the domain, no spaces.
  if (at == 0 || at == std::string_view::npos || e.find('@', at + 1) != std::string_view::npos ||
      has_any(e, " <>()[]\\,;:\"") || has_control(e))
    return "email with illegal format";
  std::string_view domain = e.substr(at + 1);
  auto dot = domain.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 2 > domain.size() || domain.front() == '.')
    return "email with illegal format";
  return "";
}

std::string realname_problem(std::string_view r) {
  if (r.size() > 255) return "the realname must be at most 255 characters long";
  if (has_any(r, ",~#$%") || has_control(r)) return "realname contains illegal characters";
  return "";
}

std::string comment_problem(std::string_view c) {
  if (c.size() > 30) return "the comment must be at most 30 characters long";
  return "";
}

}  // namespace berth::auth
