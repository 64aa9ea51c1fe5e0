// Helpers shared by the users API files: the UserResp body, permission checks and parameters.
#pragma once

#include <cstdint>
#include <string>

#include "api/api_router.h"
#include "api/api_util.h"
#include "auth/user_service.h"
#include "auth/user_store.h"
#include "core/audit_log.h"

namespace berth::api::users {

constexpr uint64_t kUserBodyLimit = 64 * 1024;
constexpr int64_t kAdminUserId = 1;  // Harbor's admin: never deleted nor demoted

json user_json(const auth::User& u);  // Harbor's UserResp; never a password hash

// 401 for anonymous callers.
void require_login(const ApiRequest& r);
// 401 anonymous, 403 anyone but a system administrator.
void require_sysadmin(const ApiRequest& r);
bool is_self(const ApiRequest& r, int64_t id);
// Harbor's db_auth rule for reading and changing a user: the user themself or a sysadmin.
void require_self_or_sysadmin(const ApiRequest& r, int64_t id);

int64_t user_id_param(const ApiRequest& r);  // 400 unless a positive integer
void check(const std::string& problem);      // 400 with the problem, when there is one
core::AuditEntry audit_entry(const ApiRequest& r, const char* operation, const std::string& user);
auth::User load_user(auth::UserStore& users, int64_t id);  // 404 when absent
// The API's answer to a refused user operation: 400, 409, 404 or 403.
ApiError user_error(const auth::UserError& e);

}  // namespace berth::api::users
