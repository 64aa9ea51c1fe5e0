// Harbor's management API (/api/v2.0/...), the portal's /c/ routes and /service/token: one
// entry point that authenticates the caller, then dispatches through the ApiRouter.
#pragma once

#include <boost/asio/awaitable.hpp>

#include "api/api_router.h"
#include "api/csrf.h"
#include "api/services.h"

namespace berth::api {

class HarborApi {
 public:
  explicit HarborApi(Services services);
  boost::asio::awaitable<http::Response> handle(http::Request& req);
  // Whether a route for this method and path is registered (e.g. /service/token).
  bool serves(const std::string& method, const std::string& raw_path) const {
    return router_.match(method, raw_path).handler != nullptr;
  }

 private:
  boost::asio::awaitable<http::Response> dispatch(http::Request& req, std::string& session_csrf);

  Services services_;
  ApiRouter router_;
  CsrfTokens csrf_;
};

// Each resource file adds the table of its routes (api/routes.cpp lists them all).
void register_routes(ApiRouter& router);
void register_system_routes(ApiRouter& router);
void register_user_routes(ApiRouter& router);
void register_user_password_routes(ApiRouter& router);
void register_token_routes(ApiRouter& router);
void register_session_routes(ApiRouter& router);
void register_robot_routes(ApiRouter& router);
void register_repository_routes(ApiRouter& router);
void register_artifact_routes(ApiRouter& router);
void register_artifact_addition_routes(ApiRouter& router);
void register_accessory_routes(ApiRouter& router);
void register_tag_routes(ApiRouter& router);
void register_artifact_label_routes(ApiRouter& router);
void register_label_routes(ApiRouter& router);
void register_statistics_routes(ApiRouter& router);
void register_search_routes(ApiRouter& router);
void register_project_routes(ApiRouter& router);
void register_project_metadata_routes(ApiRouter& router);
void register_member_routes(ApiRouter& router);
void register_audit_log_routes(ApiRouter& router);
void register_permission_routes(ApiRouter& router);
void register_registry_routes(ApiRouter& router);
void register_replication_policy_routes(ApiRouter& router);
void register_scanner_routes(ApiRouter& router);
void register_scan_routes(ApiRouter& router);
void register_replication_execution_routes(ApiRouter& router);

}  // namespace berth::api
