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
  // True for the paths this object serves.
  static bool owns(const std::string& path);

 private:
  boost::asio::awaitable<http::Response> dispatch(http::Request& req, std::string& session_csrf);

  Services services_;
  ApiRouter router_;
  CsrfTokens csrf_;
};

// Each resource file registers its routes (api/routes.cpp lists them all).
void register_routes(ApiRouter& router, Services& services);
void register_system_routes(ApiRouter& router, Services& services);
void register_user_routes(ApiRouter& router, Services& services);
void register_user_password_routes(ApiRouter& router, Services& services);
void register_token_routes(ApiRouter& router, Services& services);
void register_session_routes(ApiRouter& router, Services& services);
void register_robot_routes(ApiRouter& router, Services& services);
void register_repository_routes(ApiRouter& router, Services& services);
void register_artifact_routes(ApiRouter& router, Services& services);
void register_tag_routes(ApiRouter& router, Services& services);
void register_statistics_routes(ApiRouter& router, Services& services);

}  // namespace berth::api
