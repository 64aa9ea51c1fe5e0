// Who is making a request, as resolved by the authenticator from Basic credentials, a Bearer
// token, or the portal session cookie.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace berth::auth {

// One grant of a robot account: on project `project_id` (0: every project, for system robots
// with namespace "*"), `resource` may do `action` (Harbor's RobotPermission access entries).
struct RobotGrant {
  int64_t project_id = 0;
  std::string resource;  // "repository", "artifact", "tag", ...
  std::string action;    // "pull", "push", "delete", "read", "list", "create", ...
};

// One entry of a registry token's "access" claim: what a Bearer token allows on /v2/.
struct TokenAccess {
  std::string type;  // "repository" or "registry"
  std::string name;  // repository name, or "catalog"
  std::vector<std::string> actions;
};

struct Principal {
  enum class Kind { kAnonymous, kUser, kRobot };
  Kind kind = Kind::kAnonymous;
  int64_t id = 0;  // user id or robot id
  std::string name;
  bool sysadmin = false;
  std::vector<RobotGrant> grants;  // robots only
  // How the caller proved who it is: "basic", "bearer", "session", "" (anonymous).
  std::string method;
  // Bearer tokens: the access granted when the token was issued (the only rights it carries).
  std::vector<TokenAccess> token_access;

  bool anonymous() const { return kind == Kind::kAnonymous; }
  bool is_user() const { return kind == Kind::kUser; }
  bool is_robot() const { return kind == Kind::kRobot; }
};

}  // namespace berth::auth
