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
}  // namespace

void register_user_password_routes(ApiRouter& router, Services& s) {
  router.add("PUT", "/api/v2.0/users/{user_id}/password",
             [&s](ApiRequest& r) -> boost::asio::awaitable<http::Response> {
               int64_t id = user_id_param(r);
               require_self_or_sysadmin(r, id);
               static const std::set<std::string> fields = {"old_password", "new_password"};
               json body = co_await read_json_object(r.http, kUserBodyLimit, fields);
               auto old_password = opt_string(body, "old_password");
               std::string new_password = opt_string(body, "new_password").value_or("");
               // Knowing the old password is what stops a hijacked session from taking over the
               // account, so guesses at it count like failed logins.
               bool self = is_self(r, id);
               auto& limiter = s.authenticator.limiter();
               const std::string& addr = r.http.remote_address;
               if (self)
                 if (int64_t wait = limiter.locked_for(r.principal.name, addr))
                   throw too_many(wait);
               std::string name = co_await http::run_blocking([&] {
                 auto c = s.db.acquire();
                 auth::User u = load_user(*c, id);
                 std::string stored = auth::password_hash_of(*c, id);
                 if (self && (!old_password || !auth::verify_password(*old_password, stored))) {
                   limiter.record_failure(u.username, addr);
                   throw forbidden("Current password is incorrect");
                 }
                 check(auth::password_problem(new_password));
                 if (auth::verify_password(new_password, stored))
                   throw bad_request("New password is identical to old password");
                 auth::set_password_hash(*c, id, auth::hash_password(new_password));
                 // An administrator's reset also ends the user's portal sessions.
                 if (!self) auth::delete_sessions_of(*c, id);
                 core::audit(*c, audit_entry(r, "change_password", u.username));
                 return u.username;
               });
               s.authenticator.forget(name);
               co_return http::Response::empty(200);
             });
}

}  // namespace berth::api
