// Routes /api/v2.0/... requests to handlers by method and path pattern. A pattern segment
// "{name}" matches one raw path segment and is percent-decoded once (Harbor's double-encoded
// repository names therefore arrive as "a%2Fb"; see repository_param()).
#pragma once

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.h"
#include "http/request.h"
#include "http/response.h"

namespace berth::api {

struct ApiRequest {
  http::Request& http;
  std::map<std::string, std::string> params;
  auth::Principal principal;
  std::string session_csrf;  // set when authenticated by the sid cookie

  const std::string& param(const std::string& name) const { return params.at(name); }
};

using ApiHandler = std::function<boost::asio::awaitable<http::Response>(ApiRequest&)>;

class ApiRouter {
 public:
  // pattern: "/api/v2.0/projects/{project_name_or_id}/members/{mid}"
  void add(const std::string& method, const std::string& pattern, ApiHandler handler);

  struct Match {
    const ApiHandler* handler = nullptr;
    std::map<std::string, std::string> params;
    bool method_mismatch = false;  // the path exists but not for this method (405)
  };
  Match match(const std::string& method, const std::string& raw_path) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;  // literal or "{name}"
    ApiHandler handler;
  };
  std::vector<Route> routes_;
};

// Harbor's repository_name parameter: "a%2Fb" (already decoded once by the router) → "a/b".
std::string repository_param(const std::string& value);

}  // namespace berth::api
