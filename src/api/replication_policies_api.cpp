// /api/v2.0/replication/policies: Harbor's replication rules (create, list, get, update,
// delete). System administrators only (Harbor's system-level "replication-policy" resource).
// The rules of a valid policy are replication/policy_rules.h; the body is read by
// replication/policy_json.h. Running the policies is the ReplicationService's, which hears of
// every change.
#include <spdlog/spdlog.h>

#include "api/api_util.h"
#include "api/external_url.h"
#include "api/harbor_api.h"
#include "api/paged_answer.h"
#include "api/project_access.h"
#include "api/replication_policy_json.h"
#include "core/audit_log.h"
#include "core/registry_endpoint_store.h"
#include "http/blocking.h"
#include "replication/execution_store.h"
#include "replication/policy_json.h"
#include "replication/policy_rules.h"
#include "replication/policy_store.h"
#include "replication/replication_service.h"

namespace berth::api {

namespace {
using Awaitable = boost::asio::awaitable<http::Response>;
using replication::Policy;

constexpr const char* kBase = "/api/v2.0/replication/policies";

int64_t policy_id(const ApiRequest& r) {
  return id_or_400(r.param("id"), "replication policy");
}

[[noreturn]] void policy_not_found(int64_t id) {
  throw not_found("replication policy " + std::to_string(id) + " not found");
}

void audit_policy(Services& s, const ApiRequest& r, const char* op, const std::string& name) {
  core::audit(s.audit,
              {0, op, "replication_policy", name, r.principal.name, r.http.remote_address});
}

// The body as a valid policy, or 400 with Harbor's message (nothing is stored).
boost::asio::awaitable<Policy> read_policy(Services& s, ApiRequest& r) {
  json body = co_await read_json_object(r.http, s.config.limits.max_json_body_bytes,
                                        replication::policy_json_fields());
  Policy p;
  try {
    p = replication::policy_from_json(body);
  } catch (const replication::PolicyInputError& e) {
    throw bad_request(e.what());
  }
  if (auto problem = replication::policy_problem(p)) throw bad_request(*problem);
  co_return p;
}

// Harbor's controller checks the registries after the policy's own rules: 404 for a missing one.
void require_registries(core::RegistryEndpointStore& endpoints, const Policy& p) {
  for (int64_t id : {p.src_registry_id, p.dest_registry_id})
    if (id != 0 && !endpoints.get_without_secret(id))
      throw not_found("registry " + std::to_string(id) + " not found");
}

[[noreturn]] void duplicate_name(const std::string& name) {
  throw conflict("replication policy " + name + " already exists");
}

// The service learns of the change after it is stored; a failure there is logged, the
// change stands (Harbor keeps a stored policy whose schedule failed too).
void tell_service(Services& s, int64_t id, bool removed) {
  if (!s.replication) return;
  try {
    if (removed) {
      s.replication->policy_removed(id);
    } else if (auto p = s.replication_policies.get(id)) {
      s.replication->policy_changed(*p);
    }
  } catch (const std::exception& e) {
    spdlog::error("replication policy {}: the replication service failed to take the change: {}",
                  id, e.what());
  }
}

Awaitable create_policy(Services& s, ApiRequest& r) {
  require_sysadmin(api_principal(r));
  Policy p = co_await read_policy(s, r);
  p.creator_id = r.principal.is_user() ? r.principal.id : 0;
  int64_t id = co_await http::run_blocking([&] {
    require_registries(s.endpoints, p);
    replication::PolicyQuery same;
    same.exact_name = p.name;
    same.limit = 1;
    if (!s.replication_policies.list(same, nullptr).empty()) duplicate_name(p.name);
    int64_t new_id = 0;
    try {
      new_id = s.replication_policies.create(p);
    } catch (const replication::DuplicatePolicyName&) {
      duplicate_name(p.name);
    }
    audit_policy(s, r, "create", p.name);
    tell_service(s, new_id, false);
    return new_id;
  });
  spdlog::info("replication policy {} '{}' created by {}", id, p.name, r.principal.name);
  co_return created(std::string(kBase) + "/" + std::to_string(id));
}

replication::PolicyQuery policy_query(const http::Request& req, const Paging& page) {
  replication::PolicyQuery q;
  q.offset = page.offset();
  q.limit = page.page_size;
  q.sort = req.query_param("sort").value_or("");
  if (q.sort.size() > 256) throw bad_request("sort is too long");
  // The deprecated `name` parameter is a fuzzy match, as in Harbor.
  if (auto v = req.query_param("name"); v && !v->empty()) q.name = *v;
  for (auto& [key, term] : parse_q(req.query_param("q").value_or(""))) {
    if (key == "name" && term.kind == QueryTerm::Kind::kFuzzy)
      q.name = term.value;
    else if (key == "name" && term.kind == QueryTerm::Kind::kExact)
      q.exact_name = term.value;
    else
      throw bad_request("unsupported query term '" + key + "' (name=x, name=~x)");
  }
  return q;
}

Awaitable list_policies(Services& s, ApiRequest& r) {
  require_sysadmin(api_principal(r));
  Paging page = paging(r.http);
  replication::PolicyQuery q = policy_query(r.http, page);
  PolicyRenderer render(s.endpoints, external_url(s, r.http));
  co_return co_await paged_answer(r.http, page, [&](json& out) {
    int64_t count = 0;
    for (const auto& p : s.replication_policies.list(q, &count)) out.push_back(render.render(p));
    return count;
  });
}

Awaitable get_policy(Services& s, ApiRequest& r) {
  require_sysadmin(api_principal(r));
  int64_t id = policy_id(r);
  PolicyRenderer render(s.endpoints, external_url(s, r.http));
  json j = co_await http::run_blocking([&] {
    auto p = s.replication_policies.get(id);
    if (!p) policy_not_found(id);
    return render.render(*p);
  });
  co_return json_response(200, j);
}

// PUT replaces the whole policy, as Harbor's handler does; creator and creation time stay.
Awaitable update_policy(Services& s, ApiRequest& r) {
  require_sysadmin(api_principal(r));
  int64_t id = policy_id(r);
  Policy p = co_await read_policy(s, r);
  co_await http::run_blocking([&] {
    auto& store = s.replication_policies;
    auto old = store.get(id);
    if (!old) policy_not_found(id);
    require_registries(s.endpoints, p);
    replication::PolicyQuery same;
    same.exact_name = p.name;
    same.limit = 1;
    auto clash = store.list(same, nullptr);
    if (!clash.empty() && clash.front().id != id) duplicate_name(p.name);
    p.id = id;
    p.creator_id = old->creator_id;
    try {
      store.update(p);
    } catch (const replication::DuplicatePolicyName&) {
      duplicate_name(p.name);
    }
    audit_policy(s, r, "update", p.name);
    tell_service(s, id, false);
  });
  spdlog::info("replication policy {} '{}' updated by {}", id, p.name, r.principal.name);
  co_return http::Response::empty(200);
}

// Refused while an execution runs (Harbor's execution manager: 412); otherwise the policy's
// executions and tasks go with it.
Awaitable delete_policy(Services& s, ApiRequest& r) {
  require_sysadmin(api_principal(r));
  int64_t id = policy_id(r);
  std::string name = co_await http::run_blocking([&] {
    auto p = s.replication_policies.get(id);
    if (!p) policy_not_found(id);
    if (!s.replication_executions.running_executions(id).empty())
      throw ApiError(412, "PRECONDITION",
                     "contains executions that aren't in final status, stop the execution first");
    s.replication_executions.remove_for_policy(id);
    s.replication_policies.remove(id);
    audit_policy(s, r, "delete", p->name);
    tell_service(s, id, true);
    return p->name;
  });
  spdlog::info("replication policy {} '{}' deleted by {}", id, name, r.principal.name);
  co_return http::Response::empty(200);
}
}  // namespace

void register_replication_policy_routes(ApiRouter& router) {
  // clang-format off
  router.add({
      {"POST", "/api/v2.0/replication/policies", create_policy},
      {"GET", "/api/v2.0/replication/policies", list_policies},
      {"GET", "/api/v2.0/replication/policies/{id}", get_policy},
      {"PUT", "/api/v2.0/replication/policies/{id}", update_policy},
      {"DELETE", "/api/v2.0/replication/policies/{id}", delete_policy},
  });
  // clang-format on
}

}  // namespace berth::api
