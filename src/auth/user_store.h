// Local users (Harbor's db_auth mode): the domain types and the store interface. Password hashes
// travel only between this interface, the authenticator and UserService (all in auth/) and the
// implementation in db/: User never carries one. Blocking: call from the blocking pool.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

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

// A row to insert: the fields already checked, the password already hashed.
struct NewUser {
  std::string username, email, realname, comment;
  std::string password_hash;
  bool sysadmin = false;
};

// What a password check needs; stays inside auth/.
struct UserCredentials {
  int64_t id = 0;
  std::string username;
  std::string password_hash;
  bool sysadmin = false;
};

// Filters and order of a user listing.
struct UserQuery {
  std::optional<std::string> username;       // exact
  std::optional<std::string> username_like;  // substring
  std::optional<std::string> email;
  std::optional<std::string> email_like;
  enum class Order { kId, kUsername, kEmail, kCreationTime, kUpdateTime };
  Order order_by = Order::kId;
  bool descending = false;
  int64_t offset = 0, limit = 10;
};

// The username or the email is already taken (also when a concurrent create won the race).
struct DuplicateUser : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class UserStore {
 public:
  virtual ~UserStore() = default;

  virtual std::optional<User> find(int64_t id) = 0;
  virtual std::optional<User> find_by_name(const std::string& username) = 0;
  virtual std::optional<UserCredentials> credentials(const std::string& username) = 0;
  virtual std::optional<UserCredentials> credentials(int64_t id) = 0;
  virtual bool username_taken(const std::string& username) = 0;
  // Another user (not `except_id`) already has this non-empty email.
  virtual bool email_taken(const std::string& email, int64_t except_id = 0) = 0;
  // One page and the total count of matching users.
  virtual std::vector<User> list(const UserQuery& q, int64_t* total) = 0;

  // The new id; throws DuplicateUser.
  virtual int64_t create(const NewUser& u) = 0;
  // Throws DuplicateUser when the email is taken.
  virtual void update_profile(int64_t id, const std::string& email, const std::string& realname,
                              const std::string& comment) = 0;
  // Sets the hash; with end_sessions the user's portal sessions end in the same transaction.
  virtual void set_password_hash(int64_t id, const std::string& hash, bool end_sessions) = 0;
  virtual void set_sysadmin(int64_t id, bool sysadmin) = 0;
  // Removes the user with their sessions and project memberships.
  virtual void remove(int64_t id) = 0;
};

}  // namespace berth::auth
