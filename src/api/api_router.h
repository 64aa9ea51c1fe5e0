// Routes /api/v2.0/... requests to handlers by method and path pattern. Each resource file hands
// the router one table of its routes, each path written exactly as Harbor's swagger writes it
// (basePath included), so grepping a swagger path finds its handler. A pattern segment "{name}"
// matches one raw path segment and is percent-decoded once (Harbor's double-encoded repository
// names therefore arrive as "a%2Fb"; see repository_param()).
#pragma once

#include <boost/asio/awaitable.hpp>

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

struct Services;

// A handler gets the services it may use with each call, so route tables are plain data that
// can be listed without building the services (`berth routes`, the docs/API.md test).
using ApiHandler = boost::asio::awaitable<http::Response> (*)(Services&, ApiRequest&);

// One row of a resource's route table.
struct Route {
  const char* method;
  const char* path;  // "/api/v2.0/projects/{project_name_or_id}/members/{mid}"
  ApiHandler handler;
};

class ApiRouter {
 public:
  void add(const std::vector<Route>& table);

  // Method and path pattern of every route, in the order they were added.
  std::vector<std::pair<std::string, std::string>> routes() const;

  struct Match {
    ApiHandler handler = nullptr;
    std::map<std::string, std::string> params;
    bool method_mismatch = false;  // the path exists but not for this method (405)
  };
  Match match(const std::string& method, const std::string& raw_path) const;

 private:
  struct Entry {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;  // literal or "{name}"
    ApiHandler handler;
  };
  std::vector<Entry> routes_;
};

// Harbor's repository_name parameter: "a%2Fb" (already decoded once by the router) → "a/b".
std::string repository_param(const std::string& value);

}  // namespace berth::api
