// /api/v2.0/users: local user accounts (Harbor's db_auth mode). Logic that is not HTTP lives in
// auth/user_service (creation and passwords), auth/user_store (data) and auth/user_rules.
#include <boost/asio/awaitable.hpp>

#include "api/api_util.h"
#include "api/harbor_api.h"
#include "api/users_common.h"
#include "auth/authenticator.h"
#include "auth/user_rules.h"
#include "auth/user_service.h"
#include "auth/user_store.h"
#include "core/audit_log.h"
#include "http/blocking.h"

namespace berth::api {

namespace {
// (Field sets passed to read_json_object are named statics: GCC 12 fails to compile a braced
// list of string literals inside a co_await expression.)
using Awaitable = boost::asio::awaitable<http::Response>;
}  // namespace
using namespace users;

void register_user_routes(ApiRouter& router) {
  // Writes: create, update, delete, sysadmin flag.
  auto create_user = [](Services& s, ApiRequest& r) -> Awaitable {
    require_sysadmin(r);
    static const std::set<std::string> fields = {"username", "email", "realname", "comment",
                                                 "password"};
    json body = co_await read_json_object(r.http, kUserBodyLimit, fields);
    auth::UserRequest u;
    u.username = opt_string(body, "username").value_or("");
    u.email = opt_string(body, "email").value_or("");
    u.realname = opt_string(body, "realname").value_or("");
    u.comment = opt_string(body, "comment").value_or("");
    u.password = opt_string(body, "password").value_or("");
    check(auth::UserService::problem(u));
    int64_t id = co_await http::run_blocking([&] {
      int64_t new_id = 0;
      try {
        new_id = s.user_service.create(u);
      } catch (const auth::UserError& e) {
        throw user_error(e);
      }
      core::audit(s.audit, audit_entry(r, "create", u.username));
      return new_id;
    });
    co_return created("/api/v2.0/users/" + std::to_string(id));
  };

  auto update_user = [](Services& s, ApiRequest& r) -> Awaitable {
    int64_t id = user_id_param(r);
    require_self_or_sysadmin(r, id);
    static const std::set<std::string> fields = {"email", "realname", "comment"};
    json body = co_await read_json_object(r.http, kUserBodyLimit, fields);
    auto email = opt_string(body, "email");
    auto realname = opt_string(body, "realname");
    auto comment = opt_string(body, "comment");
    if (email) check(auth::email_problem(*email));
    if (realname) check(auth::realname_problem(*realname));
    if (comment) check(auth::comment_problem(*comment));
    co_await http::run_blocking([&] {
      auth::User u = load_user(s.users, id);
      // Fields left out keep their value.
      if (email && s.users.email_taken(*email, id))
        throw conflict("email " + *email + " already exists");
      try {
        s.users.update_profile(id, email.value_or(u.email), realname.value_or(u.realname),
                               comment.value_or(u.comment));
      } catch (const auth::DuplicateUser&) {
        throw conflict("email already exists");
      }
      core::audit(s.audit, audit_entry(r, "update", u.username));
    });
    co_return http::Response::empty(200);
  };

  auto delete_user = [](Services& s, ApiRequest& r) -> Awaitable {
    int64_t id = user_id_param(r);
    require_sysadmin(r);
    if (id == kAdminUserId || is_self(r, id))
      throw forbidden("can not delete the admin user or the current user");
    std::string name = co_await http::run_blocking([&] {
      auth::User u = load_user(s.users, id);
      s.users.remove(id);
      core::audit(s.audit, audit_entry(r, "delete", u.username));
      return u.username;
    });
    s.authenticator.forget(name);
    co_return http::Response::empty(200);
  };

  auto set_sysadmin = [](Services& s, ApiRequest& r) -> Awaitable {
    int64_t id = user_id_param(r);
    require_sysadmin(r);
    static const std::set<std::string> fields = {"sysadmin_flag"};
    json body = co_await read_json_object(r.http, kUserBodyLimit, fields);
    auto flag = opt_bool(body, "sysadmin_flag");
    if (!flag) throw bad_request("field 'sysadmin_flag' is required");
    // Demoting the admin account could leave the instance without any administrator.
    if (id == kAdminUserId && !*flag)
      throw forbidden("the admin user is always a system administrator");
    co_await http::run_blocking([&] {
      auth::User u = load_user(s.users, id);
      s.users.set_sysadmin(id, *flag);
      core::audit(s.audit, audit_entry(r, "update", u.username));
    });
    co_return http::Response::empty(200);
  };

  // Reads: list, one user, current, search.
  auto list_users = [](Services& s, ApiRequest& r) -> Awaitable {
    require_sysadmin(r);
    Paging p = paging(r.http);
    auth::UserQuery q;
    q.offset = p.offset();
    q.limit = p.page_size;
    if (auto qs = r.http.query_param("q")) {
      if (qs->size() > 1024) throw bad_request("query parameter 'q' is too long");
      for (auto& [key, term] : parse_q(*qs)) {
        bool fuzzy = term.kind == QueryTerm::Kind::kFuzzy;
        if (term.kind != QueryTerm::Kind::kExact && !fuzzy)
          throw bad_request("only k=v and k=~v filters are supported on '" + key + "'");
        if (key == "username")
          (fuzzy ? q.username_like : q.username) = term.value;
        else if (key == "email")
          (fuzzy ? q.email_like : q.email) = term.value;
        else
          throw bad_request("unsupported query key '" + key + "'");
      }
    }
    if (auto sort = r.http.query_param("sort"); sort && !sort->empty()) {
      std::string field = *sort;
      q.descending = field.starts_with("-");
      if (q.descending) field.erase(0, 1);
      using Order = auth::UserQuery::Order;
      static const std::map<std::string, Order> orders = {{"id", Order::kId},
                                                          {"user_id", Order::kId},
                                                          {"username", Order::kUsername},
                                                          {"email", Order::kEmail},
                                                          {"creation_time", Order::kCreationTime},
                                                          {"update_time", Order::kUpdateTime}};
      auto it = orders.find(field);
      if (it == orders.end()) throw bad_request("unsupported sort field '" + field + "'");
      q.order_by = it->second;
    }
    int64_t total = 0;
    auto users = co_await http::run_blocking([&] { return s.users.list(q, &total); });
    json out = json::array();
    for (const auto& u : users) out.push_back(user_json(u));
    http::Response res = json_response(200, out);
    add_paging_headers(res, r.http, p, total);
    co_return res;
  };

  auto current_user = [](Services& s, ApiRequest& r) -> Awaitable {
    require_login(r);
    // Robots and registry tokens are not local users (Harbor: 412 for non-local contexts).
    if (!r.principal.is_user() || r.principal.id <= 0)
      throw ApiError(412, "PRECONDITION", "get current user not available for security context");
    auto u = co_await http::run_blocking([&] { return load_user(s.users, r.principal.id); });
    co_return json_response(200, user_json(u));
  };

  auto search_users = [](Services& s, ApiRequest& r) -> Awaitable {
    require_login(r);
    Paging p = paging(r.http);
    std::string name = r.http.query_param("username").value_or("");
    if (name.empty()) throw bad_request("query parameter 'username' is required");
    if (name.size() > 255) throw bad_request("query parameter 'username' is too long");
    auth::UserQuery q;
    q.username_like = name;
    q.order_by = auth::UserQuery::Order::kUsername;
    q.offset = p.offset();
    q.limit = p.page_size;
    int64_t total = 0;
    auto users = co_await http::run_blocking([&] { return s.users.list(q, &total); });
    json out = json::array();
    for (const auto& u : users) out.push_back({{"user_id", u.id}, {"username", u.username}});
    http::Response res = json_response(200, out);
    add_paging_headers(res, r.http, p, total);
    co_return res;
  };

  auto get_user = [](Services& s, ApiRequest& r) -> Awaitable {
    int64_t id = user_id_param(r);
    require_self_or_sysadmin(r, id);
    auto u = co_await http::run_blocking([&] { return load_user(s.users, id); });
    co_return json_response(200, user_json(u));
  };

  // clang-format off
  router.add({
      {"GET", "/api/v2.0/users", list_users},
      {"POST", "/api/v2.0/users", create_user},
      {"GET", "/api/v2.0/users/current", current_user},
      {"GET", "/api/v2.0/users/search", search_users},
      {"GET", "/api/v2.0/users/{user_id}", get_user},
      {"PUT", "/api/v2.0/users/{user_id}", update_user},
      {"DELETE", "/api/v2.0/users/{user_id}", delete_user},
      {"PUT", "/api/v2.0/users/{user_id}/sysadmin", set_sysadmin},
  });
  // clang-format on
}

}  // namespace berth::api
