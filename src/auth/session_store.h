// Portal sessions (the `sid` cookie): the store interface. Only a hash of the cookie value is
// ever stored. A session is an idle timeout: expires_at moves forward with the user's own
// requests (renew), never with the portal's background polling. Blocking: call from the
// blocking pool.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace berth::auth {

struct NewSession {
  std::string id_hash;  // Authenticator::session_hash of the cookie value
  int64_t user_id = 0;
  std::string csrf_token;
  int64_t created_at = 0;  // unix seconds
  int64_t expires_at = 0;
};

// A live session and the user it belongs to.
struct SessionUser {
  int64_t user_id = 0;
  std::string username;
  bool sysadmin = false;
  std::string csrf_token;
  int64_t expires_at = 0;  // unix seconds
};

class SessionStore {
 public:
  virtual ~SessionStore() = default;
  // Adds the session and removes every session expired at `created_at` (the one place that adds
  // rows also keeps the table bounded).
  virtual void create(const NewSession& s) = 0;
  // The session with this hash when it has not expired at `now` (unix seconds).
  virtual std::optional<SessionUser> find(const std::string& id_hash, int64_t now) = 0;
  // Moves the session's expiry to `expires_at` (never backwards).
  virtual void renew(const std::string& id_hash, int64_t expires_at) = 0;
  virtual void remove(const std::string& id_hash) = 0;
  virtual void remove_expired(int64_t now) = 0;
};

}  // namespace berth::auth
