// Who may do what on /v2/ (Harbor's v2auth middleware): authenticates the caller, finds the
// project a repository belongs to and decides with auth::allowed or the Bearer token's claims.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <optional>
#include <string>

#include "auth/principal.h"
#include "config/config.h"
#include "http/request.h"
#include "http/response.h"
#include "registry/registry_api.h"

namespace berth::auth {
class Authenticator;
}
namespace berth::core {
class ProjectStore;
}

namespace berth::registry {

// What a request needs: "login" (GET /v2/), "catalog", or pull/push/delete on `repository`.
struct NeededAccess {
  std::string action;
  std::string repository;  // empty for login/catalog
};
NeededAccess needed_access(const std::string& method, const Route& route);

struct AccessDecision {
  std::optional<http::Response> denial;  // set: answer this instead of dispatching
  auth::Principal principal;
  int64_t project_id = 0;
};

class AccessControl {
 public:
  // token_service: whether /service/token is served; without it the challenge is Basic, so
  // clients fall back to sending credentials directly.
  AccessControl(core::ProjectStore& projects, auth::Authenticator& authenticator,
                const config::Config& config, bool token_service);

  // Runs on the blocking pool once per request. May drop `mount`/`from` from the query when
  // the caller may not pull from the source repository (the upload then starts normally).
  boost::asio::awaitable<AccessDecision> check(http::Request& req, const Route& route);

 private:
  bool subject_is_sysadmin(const std::string& name);
  // A pull with a Bearer token that grants it: decided without the blocking pool.
  std::optional<AccessDecision> bearer_pull(const http::Request& req, const Route& route);
  AccessDecision decide(http::Request& req, const Route& route);
  std::string challenge(const http::Request& req, const std::string& scope) const;
  http::Response unauthorized(const http::Request& req, const std::string& scope,
                              const std::string& message) const;

  core::ProjectStore& projects_;
  auth::Authenticator& authenticator_;
  const config::Config& config_;
  bool token_service_;
};

}  // namespace berth::registry
