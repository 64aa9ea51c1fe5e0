// /api/v2.0/replication/executions: start a policy's run, list and read runs, stop one, list
// its tasks and read a task's log. System administrators only, as in Harbor. Status words are
// Harbor's (InProgress, Succeed, Failed, Stopped; tasks also Pending); beyond Harbor, runs and
// tasks carry bytes_total / bytes_done so progress is readable while they run.
#include "api/api_util.h"
#include "api/harbor_api.h"
#include "api/paged_answer.h"
#include "api/project_access.h"
#include "core/audit_log.h"
#include "http/blocking.h"
#include "replication/execution_store.h"
#include "replication/policy_store.h"
#include "replication/replication_service.h"

namespace berth::api {

namespace {
using Awaitable = boost::asio::awaitable<http::Response>;
using replication::Execution;
using replication::Task;
const std::set<std::string> kStartFields = {"policy_id"};
constexpr uint64_t kExecutionBodyLimit = 4096;

// Berth's stored words ↔ Harbor's.
const std::vector<std::pair<std::string, std::string>> kStatusWords = {{"pending", "Pending"},
                                                                       {"running", "InProgress"},
                                                                       {"success", "Succeed"},
                                                                       {"error", "Failed"},
                                                                       {"stopped", "Stopped"}};

std::string harbor_status(const std::string& s) {
  for (const auto& [ours, theirs] : kStatusWords)
    if (ours == s) return theirs;
  return s;
}

std::optional<std::string> stored_status(const std::optional<std::string>& harbor) {
  if (!harbor || harbor->empty()) return std::nullopt;
  for (const auto& [ours, theirs] : kStatusWords)
    if (theirs == *harbor || ours == *harbor) return ours;
  throw bad_request("invalid status '" + *harbor +
                    "': one of Pending, InProgress, Succeed, Failed, Stopped");
}

int64_t int_param(const std::string& v, const std::string& what) {
  if (auto id = parse_id(v)) return *id;
  throw bad_request("the " + what + " must be a non-negative integer");
}

json execution_json(const Execution& e) {
  json j = {{"id", e.id},
            {"policy_id", e.policy_id},
            {"status", harbor_status(e.status)},
            {"status_text", e.status_text},
            {"trigger", e.trigger},
            {"start_time", iso_time(e.start_time)},
            {"total", e.total},
            {"failed", e.failed},
            {"succeed", e.succeed},
            {"in_progress", e.in_progress},
            {"stopped", e.stopped},
            {"bytes_total", e.bytes_total},
            {"bytes_done", e.bytes_done}};
  if (e.end_time) j["end_time"] = iso_time(*e.end_time);
  return j;
}

json task_json(const Task& t) {
  json j = {{"id", t.id},
            {"execution_id", t.execution_id},
            {"status", harbor_status(t.status)},
            {"job_id", std::to_string(t.job_id)},
            {"operation", t.operation},
            {"resource_type", t.resource_type},
            {"src_resource", t.src_resource},
            {"dst_resource", t.dst_resource},
            {"bytes_total", t.bytes_total},
            {"bytes_done", t.bytes_done},
            {"status_text", t.error}};
  if (t.start_time) j["start_time"] = iso_time(*t.start_time);
  if (t.end_time) j["end_time"] = iso_time(*t.end_time);
  return j;
}

replication::ReplicationService& service_of(Services& s) {
  if (!s.replication) throw ApiError(503, "SERVICE_UNAVAILABLE", "replication is not running");
  return *s.replication;
}

Execution execution_or_404(Services& s, const ApiRequest& r) {
  int64_t id = int_param(r.param("id"), "execution id");
  auto e = s.replication_executions.get_execution(id);
  if (!e) throw not_found("execution " + std::to_string(id) + " not found");
  return *e;
}

Awaitable list_executions(Services& s, ApiRequest& r) {
  require_sysadmin(api_principal(r));
  Paging page = paging(r.http);
  replication::ExecutionQuery q;
  if (auto v = r.http.query_param("policy_id"); v && !v->empty())
    q.policy_id = int_param(*v, "policy_id");
  q.status = stored_status(r.http.query_param("status"));
  if (auto v = r.http.query_param("trigger"); v && !v->empty()) q.trigger = *v;
  q.offset = page.offset();
  q.limit = page.page_size;
  co_return co_await paged_answer(r.http, page, [&](json& out) {
    int64_t total = 0;
    for (const auto& e : s.replication_executions.list_executions(q, &total))
      out.push_back(execution_json(e));
    return total;
  });
}

Awaitable start_execution(Services& s, ApiRequest& r) {
  require_sysadmin(api_principal(r));
  json body = co_await read_json_object(r.http, kExecutionBodyLimit, kStartFields);
  auto policy_id = opt_int(body, "policy_id");
  if (!policy_id || *policy_id <= 0) throw bad_request("policy_id is required");
  int64_t id = co_await http::run_blocking([&] {
    auto p = s.replication_policies.get(*policy_id);
    if (!p) throw not_found("policy " + std::to_string(*policy_id) + " not found");
    try {
      int64_t eid = service_of(s).start(*policy_id, "manual");
      core::audit(s.audit, {0, "create", "replication_execution",
                            p->name + " (execution " + std::to_string(eid) + ")", r.principal.name,
                            r.http.remote_address});
      return eid;
    } catch (const replication::ExecutionRefused& e) {
      throw ApiError(412, "PRECONDITION", e.what());
    }
  });
  co_return created("/api/v2.0/replication/executions/" + std::to_string(id));
}

Awaitable get_execution(Services& s, ApiRequest& r) {
  require_sysadmin(api_principal(r));
  Execution e = co_await http::run_blocking([&] { return execution_or_404(s, r); });
  co_return json_response(200, execution_json(e));
}

Awaitable stop_execution(Services& s, ApiRequest& r) {
  require_sysadmin(api_principal(r));
  co_await http::run_blocking([&] {
    Execution e = execution_or_404(s, r);
    if (!service_of(s).stop(e.id)) return;  // already finished: nothing to stop, as Harbor
    core::audit(s.audit, {0, "stop", "replication_execution", "execution " + std::to_string(e.id),
                          r.principal.name, r.http.remote_address});
  });
  co_return json_response(200, json::object());
}

Awaitable list_tasks(Services& s, ApiRequest& r) {
  require_sysadmin(api_principal(r));
  Paging page = paging(r.http);
  replication::TaskQuery q;
  q.status = stored_status(r.http.query_param("status"));
  if (auto v = r.http.query_param("resource_type"); v && !v->empty()) q.resource_type = *v;
  q.offset = page.offset();
  q.limit = page.page_size;
  co_return co_await paged_answer(r.http, page, [&](json& out) {
    q.execution_id = execution_or_404(s, r).id;
    int64_t total = 0;
    for (const auto& t : s.replication_executions.list_tasks(q, &total))
      out.push_back(task_json(t));
    return total;
  });
}

Awaitable task_log(Services& s, ApiRequest& r) {
  require_sysadmin(api_principal(r));
  std::string log = co_await http::run_blocking([&] {
    int64_t eid = execution_or_404(s, r).id;
    int64_t tid = int_param(r.param("task_id"), "task id");
    auto t = s.replication_executions.get_task(tid);
    if (!t || t->execution_id != eid) throw not_found("task " + std::to_string(tid) + " not found");
    return s.replication_executions.task_log(tid);
  });
  co_return http::Response::text(200, std::move(log));
}
}  // namespace

void register_replication_execution_routes(ApiRouter& router) {
  // clang-format off
  router.add({
      {"GET", "/api/v2.0/replication/executions", list_executions},
      {"POST", "/api/v2.0/replication/executions", start_execution},
      {"GET", "/api/v2.0/replication/executions/{id}", get_execution},
      {"PUT", "/api/v2.0/replication/executions/{id}", stop_execution},
      {"GET", "/api/v2.0/replication/executions/{id}/tasks", list_tasks},
      {"GET", "/api/v2.0/replication/executions/{id}/tasks/{task_id}/log", task_log},
  });
  // clang-format on
}

}  // namespace berth::api
