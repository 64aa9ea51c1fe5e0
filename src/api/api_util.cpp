#include "api/api_util.h"

#include <ctime>

#include "http/errors.h"
#include "http/url.h"

namespace berth::api {

ApiError bad_request(const std::string& m) {
  return ApiError(400, "BAD_REQUEST", m);
}
ApiError not_found(const std::string& m) {
  return ApiError(404, "NOT_FOUND", m);
}
ApiError conflict(const std::string& m) {
  return ApiError(409, "CONFLICT", m);
}
ApiError forbidden(const std::string& m) {
  return ApiError(403, "FORBIDDEN", m);
}
ApiError unauthorized(const std::string& m) {
  return ApiError(401, "UNAUTHORIZED", m);
}

http::Response error_response(const ApiError& e) {
  return http::harbor_error(e.status, e.code, e.what());
}

boost::asio::awaitable<json> read_json_object(const http::Request& req, uint64_t limit,
                                              const std::set<std::string>& allowed) {
  std::string body;
  try {
    body = co_await req.read_body(limit);
  } catch (const http::BodyTooLarge&) {
    throw ApiError(413, "BAD_REQUEST", "request body exceeds " + std::to_string(limit) + " bytes");
  }
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded()) throw bad_request("the request body is not valid JSON");
  if (!j.is_object()) throw bad_request("the request body must be a JSON object");
  for (const auto& [k, v] : j.items())
    if (!allowed.count(k)) throw bad_request("unknown field '" + k + "'");
  co_return j;
}

std::optional<std::string> opt_string(const json& body, const std::string& field) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) throw bad_request("field '" + field + "' must be a string");
  return it->get<std::string>();
}

std::optional<int64_t> opt_int(const json& body, const std::string& field) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_number_integer()) throw bad_request("field '" + field + "' must be an integer");
  return it->get<int64_t>();
}

std::optional<bool> opt_bool(const json& body, const std::string& field) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_boolean()) throw bad_request("field '" + field + "' must be true or false");
  return it->get<bool>();
}

std::optional<int64_t> parse_id(std::string_view v) {
  if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string_view::npos)
    return std::nullopt;
  return std::stoll(std::string(v));
}

int64_t id_or_400(const std::string& v, std::string_view what) {
  if (auto id = parse_id(v)) return *id;
  throw bad_request("the " + std::string(what) + " id must be a non-negative integer");
}

namespace {
int64_t positive_param(const http::Request& req, const char* name, int64_t def) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return def;
  if (v->size() > 9 || v->find_first_not_of("0123456789") != std::string::npos)
    throw bad_request(std::string("query parameter '") + name + "' must be a positive integer");
  int64_t n = std::stoll(*v);
  if (n < 1) throw bad_request(std::string("query parameter '") + name + "' must be at least 1");
  return n;
}
}  // namespace

Paging paging(const http::Request& req) {
  Paging p;
  p.page = positive_param(req, "page", 1);
  p.page_size = positive_param(req, "page_size", 10);
  if (p.page_size > 100) throw bad_request("page_size must be at most 100");
  return p;
}

void add_paging_headers(http::Response& res, const http::Request& req, const Paging& p,
                        int64_t total) {
  res.header("X-Total-Count", std::to_string(total));
  // Keep every other query parameter; replace page and page_size.
  std::string base;
  for (const auto& [k, v] : req.query) {
    if (k == "page" || k == "page_size") continue;
    base += http::percent_encode(k) + "=" + http::percent_encode(v) + "&";
  }
  std::string path = req.raw_path;
  auto link = [&](int64_t page, const char* rel) {
    return "<" + path + "?" + base + "page=" + std::to_string(page) +
           "&page_size=" + std::to_string(p.page_size) + ">; rel=\"" + rel + "\"";
  };
  std::string value;
  if (p.page > 1) value = link(p.page - 1, "prev");
  if (p.offset() + p.page_size < total)
    value += (value.empty() ? "" : " , ") + link(p.page + 1, "next");
  if (!value.empty()) res.header("Link", value);
}

std::map<std::string, QueryTerm> parse_q(const std::string& q) {
  std::map<std::string, QueryTerm> out;
  size_t i = 0;
  while (i < q.size()) {
    // Commas inside [..] or {..} do not split terms.
    size_t end = i;
    int depth = 0;
    while (end < q.size() && (q[end] != ',' || depth > 0)) {
      if (q[end] == '[' || q[end] == '{') ++depth;
      if (q[end] == ']' || q[end] == '}') --depth;
      ++end;
    }
    std::string term = q.substr(i, end - i);
    i = end + 1;
    auto eq = term.find('=');
    if (eq == std::string::npos || eq == 0) throw bad_request("invalid query term '" + term + "'");
    std::string key = term.substr(0, eq), v = term.substr(eq + 1);
    QueryTerm t;
    if (v.starts_with("~")) {
      t.kind = QueryTerm::Kind::kFuzzy;
      t.value = v.substr(1);
    } else if (v.size() >= 2 && v.front() == '[' && v.back() == ']') {
      t.kind = QueryTerm::Kind::kRange;
      std::string inner = v.substr(1, v.size() - 2);
      auto tilde = inner.find('~');
      if (tilde == std::string::npos)
        throw bad_request("invalid range in query term '" + term + "'");
      t.min = inner.substr(0, tilde);
      t.max = inner.substr(tilde + 1);
    } else if (v.size() >= 2 && v.front() == '{' && v.back() == '}') {
      t.kind = QueryTerm::Kind::kSet;
      std::string inner = v.substr(1, v.size() - 2);
      size_t s = 0;
      while (s < inner.size()) {
        size_t sp = inner.find(' ', s);
        std::string item = inner.substr(s, sp == std::string::npos ? std::string::npos : sp - s);
        if (!item.empty()) t.values.push_back(item);
        if (sp == std::string::npos) break;
        s = sp + 1;
      }
    } else {
      t.value = v;
    }
    out[key] = std::move(t);
  }
  return out;
}

std::string iso_time(int64_t unix_millis) {
  time_t secs = time_t(unix_millis / 1000);
  struct tm tm {};
  gmtime_r(&secs, &tm);
  char buf[96];  // room for any int fields, so -Wformat-truncation has nothing to say
  snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
           tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, int(unix_millis % 1000));
  return buf;
}

http::Response json_response(unsigned status, const json& body) {
  return http::Response::json(status, body.dump());
}

http::Response created(const std::string& location) {
  http::Response r = http::Response::empty(201);
  r.header("Location", location);
  return r;
}

}  // namespace berth::api
