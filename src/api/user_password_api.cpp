// PUT /api/v2.0/users/{user_id}/password: users change their own password (the old one is
// required); system administrators reset anyone else's without it.
#include <boost/asio/awaitable.hpp>

#include "api/harbor_api.h"
#include "api/users_common.h"
#include "auth/authenticator.h"
#include "auth/user_service.h"
#include "http/blocking.h"

namespace berth::api {

using namespace users;

namespace {
ApiError too_many(int64_t seconds) {
  return ApiError(
      429, "TOO_MANY_REQUEST",
      "too many failed password checks; try again in " + std::to_string(seconds) + " s");
}

// Blocking. Returns the user name. Wrong old passwords count like failed logins.
std::string change_password(Services& s, const ApiRequest& r, const auth::PasswordChange& pc) {
  try {
    std::string name = s.user_service.change_password(pc);
    core::audit(s.audit, audit_entry(r, "change_password", name));
    return name;
  } catch (const auth::UserError& e) {
    if (e.kind == auth::UserError::Kind::kWrongPassword)
      s.authenticator.limiter().record_failure(r.principal.name, r.http.remote_address);
    throw user_error(e);
  }
}
}  // namespace

void register_user_password_routes(ApiRouter& router) {
  auto change = [](Services& s, ApiRequest& r) -> boost::asio::awaitable<http::Response> {
    auth::PasswordChange pc;
    pc.user_id = user_id_param(r);
    require_self_or_sysadmin(r, pc.user_id);
    static const std::set<std::string> fields = {"old_password", "new_password"};
    json body = co_await read_json_object(r.http, kUserBodyLimit, fields);
    pc.new_password = opt_string(body, "new_password").value_or("");
    // Knowing the old password is what stops a hijacked session from taking over the account,
    // so guesses at it count like failed logins. An administrator's reset of someone else's
    // password needs none and ends that user's sessions.
    bool self = is_self(r, pc.user_id);
    if (self) pc.old_password = opt_string(body, "old_password").value_or("");
    pc.end_sessions = !self;
    if (self)
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
