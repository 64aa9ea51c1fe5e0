// The one place that creates local users and sets their passwords, for the API (POST /users,
// PUT /users/{id}/password), the CLI (`berth user add`, `user reset-password`) and the
// first-start bootstrap (the admin user) alike: every field passes auth/user_rules and the
// password Harbor's rule (auth/password.h) before anything is hashed or stored.
// Blocking (PBKDF2, the store): call from the blocking pool.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "auth/user_store.h"

namespace berth::auth {

struct UserError : std::runtime_error {
  enum class Kind { kInvalid, kDuplicate, kNotFound, kWrongPassword };
  UserError(Kind k, const std::string& message) : std::runtime_error(message), kind(k) {}
  Kind kind;
};

// A user as asked for: the password in clear (hashed by UserService, never stored so).
struct UserRequest {
  std::string username, email, realname, comment, password;
  bool sysadmin = false;
};

struct PasswordChange {
  int64_t user_id = 0;
  std::string new_password;
  // Set when the user changes their own password: it must match the stored one.
  std::optional<std::string> old_password;
  bool end_sessions = false;  // an administrator's reset ends the user's portal sessions
};

class UserService {
 public:
  explicit UserService(UserStore& users) : users_(users) {}

  // The first rule a user request breaks (username, email, realname, comment, password), or ""
  // when it breaks none. Needs no store: the API answers 400 before any work.
  static std::string problem(const UserRequest& u);

  // Checks the rules, then that the name and email are free; returns the new id.
  // Throws UserError (kInvalid, kDuplicate).
  int64_t create(const UserRequest& u);

  // Returns the user's name. Throws UserError: kNotFound, kWrongPassword (old password given and
  // wrong), kInvalid (the rule, or the same password as before).
  std::string change_password(const PasswordChange& change);
  // `berth user reset-password`: by name, ending the user's sessions.
  void reset_password(const std::string& username, const std::string& new_password);

 private:
  UserStore& users_;
};

}  // namespace berth::auth
