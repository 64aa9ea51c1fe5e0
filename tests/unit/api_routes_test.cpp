// The Harbor API's route table against docs/API.md and Harbor's swagger: every registered route
// is documented and every documented route registered; a route outside the swagger is marked as
// a Berth extension. Also the ApiRouter's matching rules.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "api/api_router.h"
#include "api/harbor_api.h"
#include "registry/registry_api.h"

namespace {

namespace fs = std::filesystem;
using berth::api::ApiRouter;
using MethodPath = std::pair<std::string, std::string>;

const fs::path kTestData = BERTH_TEST_DATA_DIR;
const fs::path kRepo = kTestData.parent_path().parent_path();

std::string trim(std::string s) {
  auto not_space = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

// The cells of a markdown table row; "\|" inside a cell is not a separator.
std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  for (size_t i = 1; i < line.size(); ++i) {
    if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == '|') {
      cur += '|';
      ++i;
    } else if (line[i] == '|') {
      out.push_back(trim(cur));
      cur.clear();
    } else {
      cur += line[i];
    }
  }
  return out;
}

bool is_method(const std::string& m) {
  static const std::set<std::string> methods = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"};
  return methods.count(m) > 0;
}

// docs/API.md's route rows: "| GET, PUT | `/api/v2.0/...` | status | notes |", Harbor's or, with
// `oci`, the distribution API's (`/v2/...`). Maps each (method, path) to its status cell.
std::map<MethodPath, std::string> documented_routes(bool oci = false) {
  std::ifstream in(kRepo / "docs/API.md");
  EXPECT_TRUE(in) << "cannot read docs/API.md";
  std::map<MethodPath, std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.starts_with("| ")) continue;
    auto c = cells(line);
    if (c.size() < 3 || c[1].size() < 3 || c[1].front() != '`' || c[1].back() != '`') continue;
    std::string path = c[1].substr(1, c[1].size() - 2);
    if (path.starts_with("/v2/") != oci) continue;
    std::stringstream methods(c[0]);
    std::string m;
    while (std::getline(methods, m, ',')) {
      m = trim(m);
      EXPECT_TRUE(is_method(m)) << "docs/API.md: '" << m << "' is no HTTP method in: " << line;
      EXPECT_TRUE(out.emplace(MethodPath{m, path}, c[2]).second)
          << "docs/API.md lists " << m << " " << path << " twice";
    }
  }
  return out;
}

std::set<MethodPath> registered_routes() {
  ApiRouter router;
  berth::api::register_routes(router);
  std::set<MethodPath> out;
  for (const auto& r : router.routes())
    EXPECT_TRUE(out.insert(r).second) << r.first << " " << r.second << " registered twice";
  return out;
}

// (METHOD, full path) of every operation in Harbor's swagger.
std::set<MethodPath> swagger_routes() {
  YAML::Node doc = YAML::LoadFile((kTestData / "harbor/harbor-api-v2.0-swagger.yaml").string());
  std::string base = doc["basePath"].as<std::string>();
  std::set<MethodPath> out;
  for (const auto& path : doc["paths"]) {
    for (const auto& op : path.second) {
      std::string m = op.first.as<std::string>();
      std::transform(m.begin(), m.end(), m.begin(), ::toupper);
      if (is_method(m)) out.insert({m, base + path.first.as<std::string>()});
    }
  }
  return out;
}

const std::string kExtension = "**Berth**";

TEST(ApiRoutes, DocsTableListsExactlyTheRegisteredRoutes) {
  auto documented = documented_routes();
  auto registered = registered_routes();
  ASSERT_FALSE(registered.empty());
  for (const auto& r : registered)
    EXPECT_TRUE(documented.count(r))
        << r.first << " " << r.second << " is registered but missing from docs/API.md";
  for (const auto& [r, status] : documented)
    EXPECT_TRUE(registered.count(r))
        << r.first << " " << r.second << " is in docs/API.md but no route has it";
}

TEST(ApiRoutes, EveryApiRouteIsHarborsOrMarkedAsBerthExtension) {
  auto documented = documented_routes();
  auto swagger = swagger_routes();
  ASSERT_GT(swagger.size(), 100u);
  for (const auto& r : registered_routes()) {
    if (!r.second.starts_with("/api/v2.0/")) continue;
    auto doc = documented.find(r);
    if (doc == documented.end()) continue;  // reported by the test above
    bool harbor = swagger.count(r) > 0;
    bool extension = doc->second == kExtension;
    EXPECT_TRUE(harbor || extension) << r.first << " " << r.second
                                     << " is not in Harbor's swagger (check the path and its "
                                        "parameter names) nor marked **Berth** in docs/API.md";
    EXPECT_FALSE(harbor && extension)
        << r.first << " " << r.second << " is Harbor's, yet marked **Berth** in docs/API.md";
  }
}

// Route tables of the router tests: the handler is never called, only its address compared.
boost::asio::awaitable<berth::http::Response> handler_a(berth::api::Services&,
                                                        berth::api::ApiRequest&) {
  co_return berth::http::Response::empty(200);
}
boost::asio::awaitable<berth::http::Response> handler_b(berth::api::Services&,
                                                        berth::api::ApiRequest&) {
  co_return berth::http::Response::empty(204);
}

TEST(ApiRouter, LiteralSegmentBeatsParameterInAnyOrder) {
  ApiRouter router;
  router.add({{"GET", "/api/v2.0/users/{user_id}", handler_a},
              {"GET", "/api/v2.0/users/current", handler_b}});
  EXPECT_EQ(router.match("GET", "/api/v2.0/users/current").handler, handler_b);
  auto m = router.match("GET", "/api/v2.0/users/7");
  EXPECT_EQ(m.handler, handler_a);
  EXPECT_EQ(m.params.at("user_id"), "7");
}

TEST(ApiRouter, ParametersAreDecodedOnceAndNamedAsInThePattern) {
  ApiRouter router;
  router.add(
      {{"GET", "/api/v2.0/projects/{project_name}/repositories/{repository_name}", handler_a}});
  auto m = router.match("GET", "/api/v2.0/projects/lib/repositories/a%252Fb");
  ASSERT_EQ(m.handler, handler_a);
  EXPECT_EQ(m.params.at("project_name"), "lib");
  EXPECT_EQ(m.params.at("repository_name"), "a%2Fb");
  EXPECT_EQ(berth::api::repository_param(m.params.at("repository_name")), "a/b");
}

TEST(ApiRouter, TrailingSlashIsOptional) {
  ApiRouter router;
  router.add({{"GET", "/api/v2.0/projects/{project_name_or_id}/metadatas/", handler_a}});
  EXPECT_EQ(router.match("GET", "/api/v2.0/projects/1/metadatas").handler, handler_a);
  EXPECT_EQ(router.match("GET", "/api/v2.0/projects/1/metadatas/").handler, handler_a);
}

TEST(ApiRouter, HeadFallsBackToGetAndExplicitHeadWins) {
  ApiRouter router;
  router.add({{"GET", "/api/v2.0/projects", handler_a}, {"HEAD", "/api/v2.0/projects", handler_b}});
  router.add({{"GET", "/api/v2.0/ping", handler_a}});
  EXPECT_EQ(router.match("HEAD", "/api/v2.0/projects").handler, handler_b);
  EXPECT_EQ(router.match("HEAD", "/api/v2.0/ping").handler, handler_a);
}

TEST(ApiRouter, KnownPathWithOtherMethodIsMethodMismatch) {
  ApiRouter router;
  router.add({{"GET", "/service/token", handler_a}});
  auto m = router.match("POST", "/service/token");
  EXPECT_EQ(m.handler, nullptr);
  EXPECT_TRUE(m.method_mismatch);
  m = router.match("GET", "/service/tokens");
  EXPECT_EQ(m.handler, nullptr);
  EXPECT_FALSE(m.method_mismatch);
}

TEST(ApiRouter, ListsRoutesInTheOrderAdded) {
  ApiRouter router;
  router.add({{"POST", "/c/login", handler_a}, {"GET", "/c/log_out", handler_b}});
  auto routes = router.routes();
  ASSERT_EQ(routes.size(), 2u);
  EXPECT_EQ(routes[0], (MethodPath{"POST", "/c/login"}));
  EXPECT_EQ(routes[1], (MethodPath{"GET", "/c/log_out"}));
}

}  // namespace

// The /v2/ route table against docs/API.md's OCI table, and each row's literal path against the
// parser that picks its kind (names with several components, as the spec allows).
TEST(RegistryRoutes, TableMatchesDocsAndParser) {
  using berth::registry::RegistryApi;
  std::set<MethodPath> table;
  for (const auto& row : RegistryApi::routes()) {
    EXPECT_TRUE(table.insert({std::string(row.method), std::string(row.path)}).second)
        << row.method << " " << row.path << " is in the table twice";
    std::string concrete(row.path);
    auto put = [&](std::string_view from, std::string_view to) {
      if (auto at = concrete.find(from); at != std::string::npos)
        concrete.replace(at, from.size(), to);
    };
    put("<name>", "team/app/blobs");
    put("<reference>", "v1");
    put("<digest>", "sha256:" + std::string(64, 'a'));
    auto parsed = berth::registry::parse_route(concrete);
    EXPECT_EQ(parsed.kind, row.kind) << row.path;
    if (row.path.find("<name>") != std::string_view::npos)
      EXPECT_EQ(parsed.repository, "team/app/blobs") << row.path;
  }
  std::set<MethodPath> documented;
  for (const auto& [route, status] : documented_routes(true)) documented.insert(route);
  for (const auto& r : table)
    EXPECT_TRUE(documented.count(r))
        << r.first << " " << r.second << " is missing from docs/API.md";
  for (const auto& r : documented)
    EXPECT_TRUE(table.count(r)) << r.first << " " << r.second
                                << " is in docs/API.md but not routed";
}
