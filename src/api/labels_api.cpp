// /api/v2.0/labels[/{label_id}]: Harbor's labels. A global label (scope "g") is a system
// resource: any authenticated caller reads it, system administrators write it. A project label
// (scope "p") belongs to its project: reading needs the project's `label` read/list, writing its
// `label` create/update/delete (maintainers and project admins). Writes are audited.
#include <spdlog/spdlog.h>

#include "api/api_util.h"
#include "api/harbor_api.h"
#include "api/label_json.h"
#include "api/paged_answer.h"
#include "api/project_access.h"
#include "core/audit_log.h"
#include "core/label_rules.h"
#include "core/label_store.h"
#include "http/blocking.h"

namespace berth::api {

namespace {
using Awaitable = boost::asio::awaitable<http::Response>;
using core::Label;

bool is_global(const Label& l) {
  return l.scope == core::kGlobalLabelScope;
}

int64_t label_id(const ApiRequest& r) {
  auto id = parse_id(r.param("label_id"));
  if (!id || *id == 0) throw bad_request("the label id must be a positive integer");
  return *id;
}

core::Project project_by_id(core::ProjectStore& projects, int64_t id) {
  auto p = projects.find(id);
  if (!p) throw not_found("project " + std::to_string(id) + " not found");
  return *p;
}

// Harbor's requireAccess: the system's `label` permission for global labels (reads: any
// authenticated caller), the project's for project labels.
void require_label_access(Services& s, const ApiRequest& r, const Label& l,
                          std::string_view action) {
  auth::Principal who = api_principal(r);
  if (is_global(l)) {
    if (action == "read" || action == "list")
      require_authenticated(who);
    else
      require_sysadmin(who);
    return;
  }
  core::Project p = project_by_id(s.projects, l.project_id);
  ProjectScope scope{p, access_of(s.projects, who, p), who};
  require(scope, "label", action);
}

Label load_label(Services& s, int64_t id) {
  auto l = s.labels.get(id);
  if (!l) throw not_found("label " + std::to_string(id) + " not found");
  return *l;
}

void audit_label(Services& s, const ApiRequest& r, const Label& l, const char* op) {
  core::audit(s.audit,
              {l.project_id, op, "label", l.name, r.principal.name, r.http.remote_address});
}

Label label_from_body(const json& body) {
  Label l;
  l.name = opt_string(body, "name").value_or("");
  l.description = opt_string(body, "description").value_or("");
  l.color = opt_string(body, "color").value_or("");
  l.scope = opt_string(body, "scope").value_or("");
  l.project_id = opt_int(body, "project_id").value_or(0);
  if (is_global(l)) l.project_id = 0;  // as Harbor: a global label belongs to no project
  return l;
}

Awaitable create_label(Services& s, ApiRequest& r) {
  require_authenticated(api_principal(r));
  json body = co_await read_json_object(r.http, s.config.limits.max_json_body_bytes, kLabelFields);
  Label l = label_from_body(body);
  // The scope decides whose permission applies, so it is checked before the permission.
  if (auto p = core::label_scope_problem(l.scope, l.project_id)) throw bad_request(*p);
  int64_t id = co_await http::run_blocking([&] {
    require_label_access(s, r, l, "create");
    if (auto p = core::label_problem(l)) throw bad_request(*p);
    try {
      l.id = s.labels.create(l);
    } catch (const core::DuplicateLabelName& e) {
      throw conflict(e.what());
    }
    audit_label(s, r, l, "create");
    return l.id;
  });
  spdlog::info("label {} '{}' (scope {}, project {}) created by {}", id, l.name, l.scope,
               l.project_id, r.principal.name);
  co_return created("/api/v2.0/labels/" + std::to_string(id));
}

int64_t project_id_param(const http::Request& req) {
  auto v = req.query_param("project_id");
  if (!v || v->empty()) return 0;
  if (auto id = parse_id(*v)) return *id;
  throw bad_request("project_id must be a non-negative integer");
}

// scope (required, as in Harbor), project_id (required with scope p), name (fuzzy), q with
// name=x / name=~x, sort, paging.
core::LabelQuery label_query(const http::Request& req, const Paging& page) {
  core::LabelQuery q;
  q.scope = req.query_param("scope").value_or("");
  if (q.scope != core::kGlobalLabelScope && q.scope != core::kProjectLabelScope)
    throw bad_request("invalid scope: " + q.scope +
                      " (scope g lists global labels, scope p with project_id a project's)");
  q.project_id = project_id_param(req);
  if (q.scope == core::kProjectLabelScope && q.project_id == 0)
    throw bad_request("project_id is required to list project labels (scope p)");
  if (q.scope == core::kGlobalLabelScope) q.project_id = 0;
  if (auto v = req.query_param("name"); v && !v->empty()) q.name = *v;
  for (auto& [key, term] : parse_q(req.query_param("q").value_or(""))) {
    if (key == "name" && term.kind == QueryTerm::Kind::kFuzzy)
      q.name = term.value;
    else if (key == "name" && term.kind == QueryTerm::Kind::kExact)
      q.exact_name = term.value;
    else
      throw bad_request("unsupported query term '" + key + "' (name=x or name=~x)");
  }
  q.sort = req.query_param("sort").value_or("");
  if (q.sort.size() > 256) throw bad_request("sort is too long");
  q.offset = page.offset();
  q.limit = page.page_size;
  return q;
}

Awaitable list_labels(Services& s, ApiRequest& r) {
  Paging page = paging(r.http);
  core::LabelQuery q = label_query(r.http, page);
  co_return co_await paged_answer(r.http, page, [&](json& out) {
    Label scope_of_list;
    scope_of_list.scope = q.scope;
    scope_of_list.project_id = q.project_id;
    require_label_access(s, r, scope_of_list, "list");
    int64_t count = 0;
    for (const auto& l : s.labels.list(q, &count)) out.push_back(label_json(l));
    return count;
  });
}

Awaitable get_label(Services& s, ApiRequest& r) {
  int64_t id = label_id(r);
  json j = co_await http::run_blocking([&] {
    Label l = load_label(s, id);
    require_label_access(s, r, l, "read");
    return label_json(l);
  });
  co_return json_response(200, j);
}

// Name, description and color; fields left out keep their value. Scope and project never
// change (Harbor ignores them in the body, and so may a client sending back what it read).
Awaitable update_label(Services& s, ApiRequest& r) {
  int64_t id = label_id(r);
  require_authenticated(api_principal(r));
  json body = co_await read_json_object(r.http, s.config.limits.max_json_body_bytes, kLabelFields);
  auto name = opt_string(body, "name");
  auto description = opt_string(body, "description");
  auto color = opt_string(body, "color");
  co_await http::run_blocking([&] {
    Label l = load_label(s, id);
    require_label_access(s, r, l, "update");
    if (name) l.name = *name;
    if (description) l.description = *description;
    if (color) l.color = *color;
    if (auto p = core::label_problem(l)) throw bad_request(*p);
    try {
      if (!s.labels.update(l)) throw not_found("label " + std::to_string(id) + " not found");
    } catch (const core::DuplicateLabelName& e) {
      throw conflict(e.what());
    }
    audit_label(s, r, l, "update");
  });
  co_return http::Response::empty(200);
}

// Detaches the label from every artifact too (artifact_labels cascades).
Awaitable delete_label(Services& s, ApiRequest& r) {
  int64_t id = label_id(r);
  co_await http::run_blocking([&] {
    Label l = load_label(s, id);
    require_label_access(s, r, l, "delete");
    if (!s.labels.remove(id)) throw not_found("label " + std::to_string(id) + " not found");
    audit_label(s, r, l, "delete");
  });
  co_return http::Response::empty(200);
}
}  // namespace

void register_label_routes(ApiRouter& router) {
  // clang-format off
  router.add({
      {"GET", "/api/v2.0/labels", list_labels},
      {"POST", "/api/v2.0/labels", create_label},
      {"GET", "/api/v2.0/labels/{label_id}", get_label},
      {"PUT", "/api/v2.0/labels/{label_id}", update_label},
      {"DELETE", "/api/v2.0/labels/{label_id}", delete_label},
  });
  // clang-format on
}

}  // namespace berth::api
