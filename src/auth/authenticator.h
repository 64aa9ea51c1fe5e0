// Resolves who a request comes from: HTTP Basic (users and robot$ accounts), a Bearer registry
// token (/v2/), or the portal's `sid` session cookie. Blocking (database, password hashing):
// call it on the blocking pool. It knows nothing of HTTP: callers hand it an AuthRequest.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "auth/login_limiter.h"
#include "auth/principal.h"
#include "auth/token_service.h"

namespace berth::core {
class AuditLogStore;
}

namespace berth::auth {

class UserStore;
class SessionStore;
class RobotStore;

// What the authenticator looks at in a request.
struct AuthRequest {
  std::string_view authorization;   // the Authorization header's value; empty when absent
  std::string session_cookie;       // the value of the portal's `sid` cookie; empty when absent
  std::string_view client_address;  // for the failed-login limiter and the audit trail
  // > 0: a request of the user's own, so a live session now lasts this long from now (the
  // session timeout is an idle timeout). 0: the portal's background polling, which must not keep
  // an unattended session alive.
  int64_t session_idle_seconds = 0;
};

struct AuthOutcome {
  std::optional<Principal> principal;  // anonymous when no credentials were given
  std::string error;                   // set (and principal empty) when credentials were wrong
  std::string session_csrf;            // the session's CSRF token when authenticated by cookie
  int64_t locked_seconds = 0;          // > 0: too many failed logins; retry after this long
};

// The answer to a login attempt (Basic, /service/token, /c/login).
struct LoginResult {
  std::optional<Principal> principal;  // set when the password was right
  int64_t locked_seconds = 0;          // > 0: refused without looking at the password
};

// The stores the authenticator reads, and where it audits failed logins.
struct IdentityStores {
  UserStore& users;
  SessionStore& sessions;
  RobotStore& robots;
  core::AuditLogStore& audit;
};

class Authenticator {
 public:
  Authenticator(IdentityStores stores, const TokenService& tokens);

  AuthOutcome authenticate(const AuthRequest& req);

  // Checks a username (or robot$ name) and password/secret; nullopt when wrong, disabled or
  // expired. Used by Basic auth, /service/token and /c/login.
  std::optional<Principal> check_password(const std::string& name, const std::string& password);
  // check_password behind the failed-login limiter: refuses locked names and addresses, counts
  // and audits failures (operation login_failed; never the password).
  LoginResult login(const std::string& name, const std::string& password,
                    const std::string& client_ip);
  LoginLimiter& limiter() { return limiter_; }
  // The principal a portal session cookie belongs to; renews the session for `idle_seconds`
  // from now when > 0 (see AuthRequest::session_idle_seconds).
  std::optional<Principal> check_session(const std::string& sid, std::string* csrf,
                                         int64_t idle_seconds = 0);
  // Whether a user of that name is a system administrator now (registry tokens carry only a name).
  bool is_sysadmin(const std::string& username);
  // Forgets cached password checks (after a password change or user deletion).
  void forget(const std::string& name);

  static std::string session_hash(const std::string& sid);

 private:
  std::optional<Principal> check_user(const std::string& name, const std::string& password);
  std::optional<Principal> check_robot(const std::string& name, const std::string& secret);

  IdentityStores stores_;
  const TokenService& tokens_;
  // PBKDF2 is deliberately slow; clients using Basic on every /v2/ request would pay it each
  // time. A successful check is remembered for a short while, keyed by a keyed hash of the
  // password and the stored hash (so a password change invalidates it).
  struct CacheEntry {
    std::string fingerprint;
    std::chrono::steady_clock::time_point until;
  };
  std::mutex mu_;
  std::unordered_map<std::string, CacheEntry> verified_;
  std::string cache_key_;
  LoginLimiter limiter_;
};

// Robot secrets are long random strings: a fast keyed hash is enough ("sha256$<hex>").
std::string hash_robot_secret(const std::string& secret);
bool verify_robot_secret(const std::string& secret, const std::string& stored);

// The value of cookie `name` in a Cookie header's value; "" when absent.
std::string cookie_value(std::string_view cookie_header, std::string_view name);

}  // namespace berth::auth
