#include "api/api_router.h"

#include "http/url.h"

namespace berth::api {

namespace {
std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 1;
  if (path.empty() || path[0] != '/') return out;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    out.push_back(
        path.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  // Harbor accepts a trailing slash on collection paths ("/metadatas/").
  if (out.size() > 1 && out.back().empty()) out.pop_back();
  return out;
}

bool is_param(const std::string& s) {
  return s.size() > 2 && s.front() == '{' && s.back() == '}';
}
}  // namespace

void ApiRouter::add(const std::vector<Route>& table) {
  for (const Route& r : table) routes_.push_back({r.method, r.path, split_path(r.path), r.handler});
}

std::vector<std::pair<std::string, std::string>> ApiRouter::routes() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : routes_) out.emplace_back(r.method, r.pattern);
  return out;
}

ApiRouter::Match ApiRouter::match(const std::string& method, const std::string& raw_path) const {
  // The most specific route wins: "/users/current" beats "/users/{user_id}" in any order.
  Match result;
  int best = -1;
  bool path_known = false;
  auto parts = split_path(raw_path);
  for (const auto& r : routes_) {
    if (r.segments.size() != parts.size()) continue;
    std::map<std::string, std::string> params;
    bool ok = true;
    int literals = 0;
    for (size_t i = 0; i < parts.size() && ok; ++i) {
      if (is_param(r.segments[i])) {
        auto decoded = http::percent_decode(parts[i]);
        if (!decoded || decoded->empty())
          ok = false;
        else
          params[r.segments[i].substr(1, r.segments[i].size() - 2)] = std::move(*decoded);
      } else {
        ok = r.segments[i] == parts[i];
        ++literals;
      }
    }
    if (!ok) continue;
    path_known = true;
    bool method_ok = r.method == method || (method == "HEAD" && r.method == "GET");
    int score = literals * 2 + (r.method == method ? 1 : 0);  // an explicit HEAD beats GET
    if (!method_ok || score <= best) continue;
    best = score;
    result.handler = r.handler;
    result.params = std::move(params);
  }
  result.method_mismatch = !result.handler && path_known;
  return result;
}

std::string repository_param(const std::string& value) {
  auto decoded = http::percent_decode(value);
  return decoded ? *decoded : value;
}

}  // namespace berth::api
