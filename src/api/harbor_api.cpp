#include "api/harbor_api.h"
#include "base/clock.h"

#include <spdlog/spdlog.h>

#include "api/api_util.h"
#include "auth/authenticator.h"
#include "auth/token_service.h"
#include "http/blocking.h"
#include "http/errors.h"

namespace berth::api {

namespace {
// Sent by the portal on requests its pollers make by themselves (docs/API.md).
constexpr const char* kBackgroundHeader = "X-Berth-Background";
}  // namespace

HarborApi::HarborApi(Services services)
    : services_(std::move(services)),
      // The CSRF key comes from the registry token key, so every instance sharing secretKey (or
      // the data dir's token.key) accepts the others' signed CSRF tokens.
      csrf_(auth::token_signing_key(services_.config.secret_key,
                                    services_.config.data_dir.string())) {
  register_routes(router_);
}

boost::asio::awaitable<http::Response> HarborApi::handle(http::Request& req) {
  std::string session_csrf;
  http::Response res = co_await dispatch(req, session_csrf);
  // Every answer carries a CSRF token for the portal's next unsafe request: the session's own,
  // or a signed one (what /c/login accepts). Handlers that start or end a session set their own.
  bool has_token = false;
  for (const auto& [k, v] : res.headers) has_token |= http::iequals(k, CsrfTokens::kHeader);
  if (!has_token)
    res.header(CsrfTokens::kHeader,
               session_csrf.empty() ? csrf_.issue(base::now_seconds()) : session_csrf);
  if (req.is_head() && std::holds_alternative<std::string>(res.body)) {
    res.head_length = std::get<std::string>(res.body).size();
    res.body = std::string();
  }
  co_return res;
}

boost::asio::awaitable<http::Response> HarborApi::dispatch(http::Request& req,
                                                           std::string& session_csrf) {
  auto m = router_.match(req.method, req.raw_path);
  if (!m.handler) {
    if (m.method_mismatch)
      co_return http::harbor_error(405, "METHOD_NOT_ALLOWED", "method not allowed");
    co_return http::harbor_error(404, "NOT_FOUND", "no such endpoint: " + req.path);
  }
  // The portal marks its background polling (kBackgroundHeader) so that only the user's own
  // requests keep a session alive: the session timeout is an idle timeout (Harbor #22822).
  bool background = !req.header(kBackgroundHeader).empty();
  auth::AuthRequest credentials{req.header("Authorization"),
                                auth::cookie_value(req.header("Cookie"), "sid"), req.remote_address,
                                background ? 0 : services_.config.session_timeout_minutes * 60};
  auto outcome = co_await http::run_blocking(
      [&] { return services_.authenticator.authenticate(credentials); });
  if (outcome.locked_seconds > 0) {
    http::Response r = http::harbor_error(429, "TOO_MANY_REQUEST", outcome.error);
    r.header("Retry-After", std::to_string(outcome.locked_seconds));
    co_return r;
  }
  if (!outcome.principal) co_return http::harbor_error(401, "UNAUTHORIZED", outcome.error);
  // Registry tokens carry /v2/ rights only (Harbor's v2Token security context is /v2/-only).
  if (outcome.principal->method == "bearer")
    co_return http::harbor_error(401, "UNAUTHORIZED", "registry tokens are accepted on /v2/ only");
  session_csrf = outcome.session_csrf;
  bool session = outcome.principal->method == "session";
  if (csrf_required(req, session) && !csrf_accepted(csrf_, req, session_csrf, base::now_seconds()))
    co_return http::harbor_error(403, "FORBIDDEN", "CSRF token invalid");
  ApiRequest api{req, std::move(m.params), std::move(*outcome.principal),
                 std::move(outcome.session_csrf)};
  try {
    co_return co_await m.handler(services_, api);
  } catch (const ApiError& e) {
    co_return error_response(e);
  }
}

}  // namespace berth::api
