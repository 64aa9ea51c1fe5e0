#include "auth/user_service.h"

#include "auth/password.h"
#include "auth/user_rules.h"

namespace berth::auth {

namespace {
void check(const std::string& problem) {
  if (!problem.empty()) throw UserError(UserError::Kind::kInvalid, problem);
}
}  // namespace

std::string UserService::problem(const UserRequest& u) {
  for (const std::string& p :
       {username_problem(u.username), email_problem(u.email), realname_problem(u.realname),
        comment_problem(u.comment), password_problem(u.password)})
    if (!p.empty()) return p;
  return "";
}

int64_t UserService::create(const UserRequest& u) {
  check(problem(u));
  if (users_.username_taken(u.username))
    throw UserError(UserError::Kind::kDuplicate, "username " + u.username + " already exists");
  if (users_.email_taken(u.email))
    throw UserError(UserError::Kind::kDuplicate, "email " + u.email + " already exists");
  NewUser row{u.username, u.email, u.realname, u.comment, hash_password(u.password), u.sysadmin};
  try {
    return users_.create(row);
  } catch (const DuplicateUser&) {  // a concurrent create won the race
    throw UserError(UserError::Kind::kDuplicate, "username or email already exists");
  }
}

std::string UserService::change_password(const PasswordChange& pc) {
  auto cred = users_.credentials(pc.user_id);
  if (!cred)
    throw UserError(UserError::Kind::kNotFound,
                    "user " + std::to_string(pc.user_id) + " not found");
  if (pc.old_password && !verify_password(*pc.old_password, cred->password_hash))
    throw UserError(UserError::Kind::kWrongPassword, "Current password is incorrect");
  check(password_problem(pc.new_password));
  if (verify_password(pc.new_password, cred->password_hash))
    throw UserError(UserError::Kind::kInvalid, "New password is identical to old password");
  users_.set_password_hash(pc.user_id, hash_password(pc.new_password), pc.end_sessions);
  return cred->username;
}

void UserService::reset_password(const std::string& username, const std::string& new_password) {
  check(password_problem(new_password));
  auto cred = users_.credentials(username);
  if (!cred) throw UserError(UserError::Kind::kNotFound, "no user named '" + username + "'");
  users_.set_password_hash(cred->id, hash_password(new_password), true);
}

}  // namespace berth::auth
