// /api/v2.0/projects/{p}/members and /members/{mid}: project membership of users.
#include "api/api_util.h"
#include "api/harbor_api.h"
#include "api/paged_answer.h"
#include "api/project_access.h"
#include "core/audit_log.h"
#include "http/blocking.h"

namespace berth::api {

namespace {
using Awaitable = boost::asio::awaitable<http::Response>;
constexpr uint64_t kMemberBodyLimit = 16 * 1024;
const std::set<std::string> kMemberFields = {"role_id", "member_user", "member_group"};
const std::set<std::string> kRoleFields = {"role_id"};

json member_json(const core::Member& m) {
  auto role = auth::role_from_id(m.role_id);
  return {{"id", m.id},
          {"project_id", m.project_id},
          {"entity_name", m.entity_name},
          {"role_name", role ? std::string(auth::role_name(*role)) : ""},
          {"role_id", m.role_id},
          {"entity_id", m.entity_id},
          {"entity_type", m.entity_type}};
}

int role_field(const json& body) {
  auto id = opt_int(body, "role_id");
  if (!id) throw bad_request("field 'role_id' is required");
  if (!auth::role_from_id(int(*id)))
    throw bad_request(
        "role_id must be 1 (projectAdmin), 2 (developer), 3 (guest), 4 (maintainer) "
        "or 5 (limitedGuest)");
  return int(*id);
}

int64_t member_id(const ApiRequest& r) {
  if (auto id = parse_id(r.param("mid"))) return *id;
  throw bad_request("member id must be a positive integer");
}

void audit_member(Services& s, const ApiRequest& r, const core::Project& p, const char* op,
                  const std::string& who) {
  core::audit(s.audit,
              {p.id, op, "member", p.name + ":" + who, r.principal.name, r.http.remote_address});
}

Awaitable list_members(Services& s, ApiRequest& r) {
  Paging page = paging(r.http);
  std::string filter = r.http.query_param("entityname").value_or("");
  if (filter.size() > 255) throw bad_request("entityname is too long");
  co_return co_await paged_answer(r.http, page, [&](json& out) {
    core::ProjectStore& store = s.projects;
    ProjectScope scope = project_scope(store, r);
    require(scope, "member", "list");
    auto [members, count] = store.members(scope.project.id, filter, page.offset(), page.page_size);
    for (const auto& m : members) out.push_back(member_json(m));
    return count;
  });
}

// The user a ProjectMember body names: member_user {user_id | username}.
core::UserRef member_user(core::ProjectStore& store, const json& body) {
  auto it = body.find("member_user");
  if (body.contains("member_group") && !body["member_group"].is_null())
    throw bad_request("group members are not supported; use member_user");
  if (it == body.end() || !it->is_object()) throw bad_request("field 'member_user' is required");
  for (const auto& [k, v] : it->items())
    if (k != "user_id" && k != "username")
      throw bad_request("unknown field 'member_user." + k + "'");
  auto id = opt_int(*it, "user_id");
  auto name = opt_string(*it, "username");
  std::optional<core::UserRef> u;
  if (id && *id > 0)
    u = store.user_by_id(*id);
  else if (name && !name->empty() && name->size() <= 255)
    u = store.user_by_name(*name);
  else
    throw bad_request("member_user needs user_id or username");
  if (!u) throw not_found("user " + (id && *id > 0 ? std::to_string(*id) : *name) + " not found");
  return *u;
}

Awaitable add_member(Services& s, ApiRequest& r) {
  json body = co_await read_json_object(r.http, kMemberBodyLimit, kMemberFields);
  int role = role_field(body);
  auto [pid, mid] = co_await http::run_blocking([&] {
    core::ProjectStore& store = s.projects;
    ProjectScope scope = project_scope(store, r);
    require(scope, "member", "create");
    core::UserRef user = member_user(store, body);
    int64_t id = 0;
    try {
      id = store.add_member(scope.project.id, user.id, role);
    } catch (const core::DuplicateMember&) {
      throw conflict("user " + user.name + " is already a member of project " + scope.project.name);
    }
    audit_member(s, r, scope.project, "create", user.name);
    return std::make_pair(scope.project.id, id);
  });
  co_return created("/api/v2.0/projects/" + std::to_string(pid) + "/members/" +
                    std::to_string(mid));
}

Awaitable get_member(Services& s, ApiRequest& r) {
  int64_t mid = member_id(r);
  json j = co_await http::run_blocking([&] {
    core::ProjectStore& store = s.projects;
    ProjectScope scope = project_scope(store, r);
    require(scope, "member", "read");
    auto m = store.member(scope.project.id, mid);
    if (!m) throw not_found("member " + std::to_string(mid) + " not found");
    return member_json(*m);
  });
  co_return json_response(200, j);
}

Awaitable update_member(Services& s, ApiRequest& r) {
  int64_t mid = member_id(r);
  json body = co_await read_json_object(r.http, kMemberBodyLimit, kRoleFields);
  int role = role_field(body);
  co_await http::run_blocking([&] {
    core::ProjectStore& store = s.projects;
    ProjectScope scope = project_scope(store, r);
    require(scope, "member", "update");
    auto m = store.member(scope.project.id, mid);
    if (!m || !store.set_member_role(scope.project.id, mid, role))
      throw not_found("member " + std::to_string(mid) + " not found");
    audit_member(s, r, scope.project, "update", m->entity_name);
  });
  co_return http::Response::empty(200);
}

Awaitable delete_member(Services& s, ApiRequest& r) {
  int64_t mid = member_id(r);
  co_await http::run_blocking([&] {
    core::ProjectStore& store = s.projects;
    ProjectScope scope = project_scope(store, r);
    require(scope, "member", "delete");
    auto m = store.member(scope.project.id, mid);
    if (!m || !store.remove_member(scope.project.id, mid))
      throw not_found("member " + std::to_string(mid) + " not found");
    audit_member(s, r, scope.project, "delete", m->entity_name);
  });
  co_return http::Response::empty(200);
}
}  // namespace

void register_member_routes(ApiRouter& router) {
  // clang-format off
  router.add({
      {"GET", "/api/v2.0/projects/{project_name_or_id}/members", list_members},
      {"POST", "/api/v2.0/projects/{project_name_or_id}/members", add_member},
      {"GET", "/api/v2.0/projects/{project_name_or_id}/members/{mid}", get_member},
      {"PUT", "/api/v2.0/projects/{project_name_or_id}/members/{mid}", update_member},
      {"DELETE", "/api/v2.0/projects/{project_name_or_id}/members/{mid}", delete_member},
  });
  // clang-format on
}

}  // namespace berth::api
