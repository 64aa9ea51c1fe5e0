// GET /service/token: the Docker registry token service (harbor-compat.md §2.8). Grants, for
// each requested scope, the actions the caller holds on the repository's project, as Harbor
// does (all held actions, whatever was asked), in an HS256 JWT that /v2/ verifies.
#include <boost/asio/awaitable.hpp>

#include <ctime>

#include "api/api_util.h"
#include "api/harbor_api.h"
#include "auth/authenticator.h"
#include "auth/project_access_lookup.h"
#include "auth/token_service.h"
#include "base/clock.h"
#include "http/blocking.h"

namespace berth::api {

namespace {

constexpr size_t kMaxScopes = 64;
constexpr size_t kMaxScopeLength = 1024;

struct Scope {
  std::string type, name;
};

// "repository:library/alpine:pull,push" → {repository, library/alpine}. The requested actions
// are not needed: Harbor replaces them with what the caller holds. The name sits between the
// first and the last colon; a resource class ("repository(plugin)") is dropped.
std::optional<Scope> parse_scope(const std::string& s) {
  auto first = s.find(':'), last = s.rfind(':');
  if (first == std::string::npos || first == last) return std::nullopt;
  Scope sc{s.substr(0, first), s.substr(first + 1, last - first - 1)};
  if (auto paren = sc.type.find('('); paren != std::string::npos) sc.type.erase(paren);
  if (sc.name.empty()) return std::nullopt;
  return sc;
}

// Every scope parameter; one parameter may also hold several scopes separated by spaces.
std::vector<Scope> requested_scopes(const http::Request& req) {
  std::vector<Scope> out;
  for (const auto& [k, v] : req.query) {
    if (k != "scope") continue;
    size_t i = 0;
    while (i < v.size()) {
      size_t sp = v.find(' ', i);
      std::string one = v.substr(i, sp == std::string::npos ? std::string::npos : sp - i);
      i = sp == std::string::npos ? v.size() : sp + 1;
      if (one.empty()) continue;
      if (one.size() > kMaxScopeLength) throw bad_request("scope too long");
      auto sc = parse_scope(one);
      if (!sc) throw bad_request("invalid scope '" + one + "'");
      out.push_back(std::move(*sc));
      if (out.size() > kMaxScopes) throw bad_request("too many scopes");
    }
  }
  return out;
}

std::vector<std::string> repository_actions(core::ProjectStore& projects,
                                            const std::string& repository,
                                            const auth::Principal& who) {
  auto slash = repository.find('/');
  if (slash == std::string::npos) return {};  // no project component: Harbor grants nothing
  auto pa = auth::lookup_project_access(projects, repository.substr(0, slash), who);
  if (pa.project_id == 0) return {};
  std::vector<std::string> actions;
  if (auth::allowed(who, pa, "repository", "pull")) actions.push_back("pull");
  if (auth::allowed(who, pa, "repository", "push")) actions.push_back("push");
  // Robots receive deletion as Harbor's {"resource":"artifact","action":"delete"} grant.
  if (auth::allowed(who, pa, "repository", "delete") ||
      auth::allowed(who, pa, "artifact", "delete"))
    actions.push_back("delete");
  return actions;
}

std::vector<auth::TokenAccess> grant(core::ProjectStore& projects, const std::vector<Scope>& scopes,
                                     const auth::Principal& who) {
  std::vector<auth::TokenAccess> out;
  for (const auto& sc : scopes) {
    auth::TokenAccess a{sc.type, sc.name, {}};
    if (sc.type == "repository") a.actions = repository_actions(projects, sc.name, who);
    // The catalog lists every repository: system administrators only.
    else if (sc.type == "registry" && sc.name == "catalog" && who.sysadmin)
      a.actions = {"*"};
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace

void register_token_routes(ApiRouter& router) {
  // Only GET: POST then answers 405 (router), so containerd falls back to GET as with Harbor.
  auto token = [](Services& s, ApiRequest& r) -> boost::asio::awaitable<http::Response> {
    auto service = r.http.query_param("service").value_or("");
    if (service != "harbor-registry")
      throw bad_request("Unable to handle service: " + service.substr(0, 100));
    auto scopes = requested_scopes(r.http);
    // docker login probes with credentials and no scope; without credentials that is a 401.
    if (r.principal.anonymous() && scopes.empty()) throw unauthorized("authentication required");
    auto access =
        co_await http::run_blocking([&] { return grant(s.projects, scopes, r.principal); });
    int64_t now = base::now_seconds();
    std::string token = s.tokens.issue(r.principal.name, access, now);
    co_return json_response(200, {{"token", token},
                                  {"access_token", token},
                                  {"expires_in", s.tokens.ttl_seconds()},
                                  {"issued_at", base::rfc3339(now)}});
  };

  // clang-format off
  router.add({
      {"GET", "/service/token", token},
  });
  // clang-format on
}

}  // namespace berth::api
