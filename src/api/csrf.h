// CSRF protection for the portal (harbor-compat.md §2.7). Requests authenticated by the `sid`
// cookie must echo their session's token in X-Harbor-CSRF-Token on unsafe methods. /c/login has
// no session yet, so it takes a signed token instead: random bytes, an expiry and an HMAC over
// both, verified without server state (any instance sharing the signing key accepts it).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "http/request.h"
#include "http/response.h"

namespace berth::api {

class CsrfTokens {
 public:
  static constexpr const char* kHeader = "X-Harbor-CSRF-Token";
  static constexpr int64_t kLifetimeSeconds = 12 * 3600;

  // `key`: secret bytes; the HMAC key is derived from it for this purpose only.
  explicit CsrfTokens(std::string_view key);

  std::string issue(int64_t now_seconds) const;
  bool valid(std::string_view token, int64_t now_seconds) const;

 private:
  std::string key_;
};

// Whether the request must carry a CSRF token: unsafe methods on a cookie session, and /c/login.
bool csrf_required(const http::Request& req, bool session);
// The token accepted: the session's own token, or (for /c/login) a valid signed one.
bool csrf_accepted(const CsrfTokens& tokens, const http::Request& req,
                   const std::string& session_csrf, int64_t now_seconds);

}  // namespace berth::api
