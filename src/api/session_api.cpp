// The portal's session routes: POST /c/login (form principal/password → cookie sid) and
// GET /c/log_out. Only the SHA-256 of the cookie value is stored (sessions.id_hash).
#include <boost/asio/awaitable.hpp>

#include "api/api_util.h"
#include "api/csrf.h"
#include "api/harbor_api.h"
#include "auth/authenticator.h"
#include "auth/password.h"
#include "auth/session_store.h"
#include "base/clock.h"
#include "http/blocking.h"
#include "http/errors.h"
#include "http/url.h"

namespace berth::api {

namespace {

using Awaitable = boost::asio::awaitable<http::Response>;
constexpr uint64_t kLoginBodyLimit = 8 * 1024;

// Secure whenever the portal is reached over HTTPS (Harbor: unless the external URL is http).
std::string cookie_attributes(const Services& s, const http::Request& req) {
  bool secure = s.config.external_url.starts_with("https://") || req.secure;
  return std::string("; Path=/; HttpOnly; SameSite=Strict") + (secure ? "; Secure" : "");
}

struct Credentials {
  std::string principal, password;
};

boost::asio::awaitable<Credentials> read_login_form(const http::Request& req) {
  std::string body;
  try {
    body = co_await req.read_body(kLoginBodyLimit);
  } catch (const http::BodyTooLarge&) {
    throw ApiError(413, "BAD_REQUEST", "request body too large");
  }
  auto fields = http::parse_query(body);
  if (!fields) throw bad_request("malformed form body");
  Credentials c;
  for (const auto& [k, v] : *fields) {
    if (k == "principal")
      c.principal = v;
    else if (k == "password")
      c.password = v;
  }
  co_return c;
}

// Creates the session; returns (cookie value, CSRF token).
std::pair<std::string, std::string> start_session(auth::SessionStore& sessions, int64_t user_id,
                                                  int timeout_minutes) {
  std::string sid = auth::random_token(32), csrf = auth::random_token(32);
  int64_t now = base::now_seconds();
  sessions.create({auth::Authenticator::session_hash(sid), user_id, csrf, now,
                   now + int64_t(timeout_minutes) * 60});
  return {sid, csrf};
}

}  // namespace

void register_session_routes(ApiRouter& router) {
  // CSRF for /c/login is checked by HarborApi before this runs.
  auto login = [](Services& s, ApiRequest& r) -> Awaitable {
    Credentials cred = co_await read_login_form(r.http);
    // The portal is for people: robot accounts cannot open sessions.
    if (cred.principal.empty() || cred.principal.starts_with("robot$"))
      co_return http::Response::empty(401);
    auto result = co_await http::run_blocking([&] {
      return s.authenticator.login(cred.principal, cred.password, r.http.remote_address);
    });
    if (result.locked_seconds > 0) {
      http::Response res = http::harbor_error(429, "TOO_MANY_REQUEST", "too many failed logins");
      res.header("Retry-After", std::to_string(result.locked_seconds));
      co_return res;
    }
    if (!result.principal || !result.principal->is_user()) co_return http::Response::empty(401);
    auto [sid, csrf] = co_await http::run_blocking([&] {
      return start_session(s.sessions, result.principal->id, s.config.session_timeout_minutes);
    });
    http::Response res = http::Response::empty(200);
    res.header("Set-Cookie", "sid=" + sid + cookie_attributes(s, r.http));
    res.header(CsrfTokens::kHeader, csrf);
    co_return res;
  };

  // A GET as in Harbor; anyone may call it (without a session it only clears the cookie).
  auto log_out = [](Services& s, ApiRequest& r) -> Awaitable {
    std::string sid = auth::cookie_value(r.http.header("Cookie"), "sid");
    if (!sid.empty() && sid.size() <= 256) {
      co_await http::run_blocking(
          [&] { s.sessions.remove(auth::Authenticator::session_hash(sid)); });
    }
    http::Response res = http::Response::empty(200);
    res.header("Set-Cookie", "sid=; Max-Age=0" + cookie_attributes(s, r.http));
    co_return res;
  };

  // clang-format off
  router.add({
      {"POST", "/c/login", login},
      {"GET", "/c/log_out", log_out},
  });
  // clang-format on
}

}  // namespace berth::api
