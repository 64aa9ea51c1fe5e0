// GET /api/v2.0/audit-logs and /api/v2.0/projects/{project_name}/logs.
#include <ctime>

#include "api/api_util.h"
#include "api/harbor_api.h"
#include "api/project_access.h"
#include "core/audit_log.h"
#include "http/blocking.h"

namespace berth::api {

namespace {
using Awaitable = boost::asio::awaitable<http::Response>;

// "2024-05-01 10:00:00", "2024-05-01T10:00:00Z", "2024-05-01" or unix seconds → unix millis.
std::optional<int64_t> parse_time(const std::string& s) {
  if (s.empty()) return std::nullopt;
  if (s.size() <= 12 && s.find_first_not_of("0123456789") == std::string::npos)
    return std::stoll(s) * 1000;
  struct tm tm {};
  int n = sscanf(s.c_str(), "%4d-%2d-%2d%*c%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                 &tm.tm_hour, &tm.tm_min, &tm.tm_sec);
  if (n != 3 && n != 6) throw bad_request("invalid time '" + s + "' in op_time");
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return int64_t(timegm(&tm)) * 1000;
}

core::AuditFilter audit_filter(const http::Request& req, const Paging& page) {
  core::AuditFilter f;
  f.offset = page.offset();
  f.limit = page.page_size;
  for (auto& [key, t] : parse_q(req.query_param("q").value_or(""))) {
    bool range = t.kind == QueryTerm::Kind::kRange;
    if (key == "op_time" && range) {
      f.from_millis = parse_time(t.min);
      f.to_millis = parse_time(t.max);
      // A date-only or second-precision upper bound includes that whole second.
      if (f.to_millis) *f.to_millis += 999;
    } else if (key == "resource" && !range) {
      f.resource_like = t.value;
    } else if (t.kind == QueryTerm::Kind::kExact || t.kind == QueryTerm::Kind::kFuzzy) {
      if (key == "operation")
        f.operation = t.value;
      else if (key == "resource_type")
        f.resource_type = t.value;
      else if (key == "username")
        f.username = t.value;
      else
        throw bad_request("unsupported query term '" + key + "'");
    } else {
      throw bad_request("unsupported query term '" + key + "'");
    }
  }
  std::string sort = req.query_param("sort").value_or("-op_time");
  if (sort != "op_time" && sort != "-op_time")
    throw bad_request("sort must be op_time or -op_time");
  f.ascending = sort == "op_time";
  return f;
}

json log_json(const core::AuditRecord& e) {
  return {{"id", e.id},
          {"username", e.username},
          {"resource", e.resource},
          {"resource_type", e.resource_type},
          {"operation", e.operation},
          {"op_time", iso_time(e.op_time)}};
}

http::Response page_response(const ApiRequest& r, const Paging& page,
                             const std::pair<std::vector<core::AuditRecord>, int64_t>& result) {
  json out = json::array();
  for (const auto& e : result.first) out.push_back(log_json(e));
  http::Response res = json_response(200, out);
  add_paging_headers(res, r.http, page, result.second);
  return res;
}

Awaitable list_audit_logs(Services& s, ApiRequest& r) {
  auth::Principal who = api_principal(r);
  require_authenticated(who);
  Paging page = paging(r.http);
  core::AuditFilter f = audit_filter(r.http, page);
  // Non-admins see the entries of the projects they belong to (robots: none).
  if (!who.sysadmin) f.member_user_id = who.is_user() ? who.id : -1;
  auto result = co_await http::run_blocking([&] { return s.audit.query(f); });
  co_return page_response(r, page, result);
}

Awaitable project_logs(Services& s, ApiRequest& r) {
  Paging page = paging(r.http);
  core::AuditFilter f = audit_filter(r.http, page);
  auto result = co_await http::run_blocking([&] {
    core::ProjectStore& store = s.projects;
    ProjectScope scope = project_scope(store, r, "project_name");
    require(scope, "log", "list");
    f.project_id = scope.project.id;
    return s.audit.query(f);
  });
  co_return page_response(r, page, result);
}
}  // namespace

void register_audit_log_routes(ApiRouter& router) {
  // clang-format off
  router.add({
      {"GET", "/api/v2.0/audit-logs", list_audit_logs},
      {"GET", "/api/v2.0/projects/{project_name}/logs", project_logs},
  });
  // clang-format on
}

}  // namespace berth::api
