// PUT /api/v2.0/users/{user_id}/password: users change their own password (the old one is
// required); system administrators reset anyone else's without it.
#include <boost/asio/awaitable.hpp>

#include "api/harbor_api.h"
#include "api/users_common.h"
#include "auth/authenticator.h"
#include "auth/password.h"
#include "db/sqlite.h"
#include "http/blocking.h"

namespace berth::api {

using namespace users;

namespace {
ApiError too_many(int64_t seconds) {
  return ApiError(
      429, "TOO_MANY_REQUEST",
      "too many failed password checks; try again in " + std::to_string(seconds) + " s");
}

struct PasswordChange {
  int64_t user_id = 0;
  bool self = false;  // the caller changes their own password: the old one is required
  std::optional<std::string> old_password;
  std::string new_password;
};

// Blocking. Returns the user name. PBKDF2 runs without holding a database connection.
std::string change_password(Services& s, const ApiRequest& r, const PasswordChange& pc) {
  auth::User u;
  std::string stored;
  {
    auto c = s.db.acquire();
    u = load_user(*c, pc.user_id);
    stored = auth::password_hash_of(*c, pc.user_id);
  }
  if (pc.self && (!pc.old_password || !auth::verify_password(*pc.old_password, stored))) {
    s.authenticator.limiter().record_failure(u.username, r.http.remote_address);
    throw forbidden("Current password is incorrect");
  }
  check(auth::password_problem(pc.new_password));
  if (auth::verify_password(pc.new_password, stored))
    throw bad_request("New password is identical to old password");
  std::string hash = auth::hash_password(pc.new_password);
  auto c = s.db.acquire();
  auth::set_password_hash(*c, pc.user_id, hash);
  // An administrator's reset also ends the user's portal sessions.
  if (!pc.self) auth::delete_sessions_of(*c, pc.user_id);
  core::audit(*c, audit_entry(r, "change_password", u.username));
  return u.username;
}
}  // namespace

void register_user_password_routes(ApiRouter& router) {
  auto change = [](Services& s, ApiRequest& r) -> boost::asio::awaitable<http::Response> {
    PasswordChange pc;
    pc.user_id = user_id_param(r);
    require_self_or_sysadmin(r, pc.user_id);
    static const std::set<std::string> fields = {"old_password", "new_password"};
    json body = co_await read_json_object(r.http, kUserBodyLimit, fields);
    pc.old_password = opt_string(body, "old_password");
    pc.new_password = opt_string(body, "new_password").value_or("");
    // Knowing the old password is what stops a hijacked session from taking over the
    // account, so guesses at it count like failed logins.
    pc.self = is_self(r, pc.user_id);
    if (pc.self)
      if (int64_t wait =
              s.authenticator.limiter().locked_for(r.principal.name, r.http.remote_address))
        throw too_many(wait);
    std::string name = co_await http::run_blocking([&] { return change_password(s, r, pc); });
    s.authenticator.forget(name);
    co_return http::Response::empty(200);
  };

  // clang-format off
  router.add({
      {"PUT", "/api/v2.0/users/{user_id}/password", change},
  });
  // clang-format on
}

}  // namespace berth::api
