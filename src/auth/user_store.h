// Data access for local users (table users). Password hashes stay inside this file and the
// authenticator: User never carries one. Blocking: call from the blocking pool.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace berth::db {
class Connection;
}

namespace berth::auth {

struct User {
  int64_t id = 0;
  std::string username;
  std::string email;
  std::string realname;
  std::string comment;
  bool sysadmin = false;
  int64_t creation_time = 0;  // unix milliseconds
  int64_t update_time = 0;
};

struct NewUser {
  std::string username, email, realname, comment;
  std::string password_hash;
};

// Filters and order of a user listing.
struct UserQuery {
  std::optional<std::string> username;       // exact
  std::optional<std::string> username_like;  // substring
  std::optional<std::string> email;
  std::optional<std::string> email_like;
  std::string order_by = "id";  // a column name; validated by the caller's whitelist
  bool descending = false;
  int64_t offset = 0, limit = 10;
};

std::optional<User> find_user(db::Connection& c, int64_t id);
std::optional<User> find_user_by_name(db::Connection& c, const std::string& username);
bool username_taken(db::Connection& c, const std::string& username);
// Another user (not `except_id`) already has this non-empty email.
bool email_taken(db::Connection& c, const std::string& email, int64_t except_id = 0);

std::vector<User> list_users(db::Connection& c, const UserQuery& q, int64_t* total);

int64_t create_user(db::Connection& c, const NewUser& u);  // the new id
void update_profile(db::Connection& c, int64_t id, const std::string& email,
                    const std::string& realname, const std::string& comment);
std::string password_hash_of(db::Connection& c, int64_t id);  // "" when no such user
void set_password_hash(db::Connection& c, int64_t id, const std::string& hash);
void set_sysadmin(db::Connection& c, int64_t id, bool sysadmin);
// Removes the user with their sessions and project memberships.
void delete_user(db::Connection& c, int64_t id);
// Ends every portal session of a user (after an administrator resets the password).
void delete_sessions_of(db::Connection& c, int64_t user_id);

}  // namespace berth::auth
