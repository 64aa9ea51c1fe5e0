#include "api/users_common.h"

namespace berth::api::users {

json user_json(const auth::User& u) {
  return {{"user_id", u.id},
          {"username", u.username},
          {"email", u.email},
          {"realname", u.realname},
          {"comment", u.comment},
          {"sysadmin_flag", u.sysadmin},
          {"admin_role_in_auth", false},
          {"creation_time", iso_time(u.creation_time)},
          {"update_time", iso_time(u.update_time)}};
}

void require_login(const ApiRequest& r) {
  if (r.principal.anonymous()) throw unauthorized("authentication required");
}

void require_sysadmin(const ApiRequest& r) {
  require_login(r);
  if (!r.principal.sysadmin) throw forbidden("only system administrators may do this");
}

bool is_self(const ApiRequest& r, int64_t id) {
  return r.principal.is_user() && r.principal.id == id;
}

void require_self_or_sysadmin(const ApiRequest& r, int64_t id) {
  require_login(r);
  if (!r.principal.sysadmin && !is_self(r, id)) throw forbidden("not allowed for this user");
}

int64_t user_id_param(const ApiRequest& r) {
  const std::string& v = r.param("user_id");
  auto id = parse_id(v);
  if (!id || *id < 1) throw bad_request("invalid user ID: " + v.substr(0, 40));
  return *id;
}

void check(const std::string& problem) {
  if (!problem.empty()) throw bad_request(problem);
}

core::AuditEntry audit_entry(const ApiRequest& r, const char* operation, const std::string& user) {
  return {0, operation, "user", user, r.principal.name, r.http.remote_address};
}

auth::User load_user(auth::UserStore& users, int64_t id) {
  auto u = users.find(id);
  if (!u) throw not_found("user " + std::to_string(id) + " not found");
  return *u;
}

ApiError user_error(const auth::UserError& e) {
  switch (e.kind) {
    case auth::UserError::Kind::kDuplicate:
      return conflict(e.what());
    case auth::UserError::Kind::kNotFound:
      return not_found(e.what());
    case auth::UserError::Kind::kWrongPassword:
      return forbidden(e.what());
    case auth::UserError::Kind::kInvalid:
      break;
  }
  return bad_request(e.what());
}

}  // namespace berth::api::users
